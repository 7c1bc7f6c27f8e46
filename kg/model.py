"""The records that flow between pipeline stages.

ingest produces `Article`s; nlp turns them into `Mention`s grouped as `Entity`s; extract adds `Fact`s.
Everything points back into the original file through character offsets, so an answer can always
show the sentence it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Article:
    """One article: a slice of a source file, normalised for NLP, with the way back to the file.

    `offsets[i]` is the offset in the *original file text* of `text[i]`; it has one extra entry,
    the end of the slice, so a span `[s, e)` of `text` maps to `[offsets[s], offsets[e])`.
    """

    doc_id: str
    source: str
    text: str
    offsets: list[int]
    original: str
    title: str | None = None
    date: str | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original file of the normalised span [start, end)."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass
class Mention:
    """A typed stretch of an article's normalised text."""

    start: int
    end: int
    text: str
    type: str
    canonical: str | None = None
    source: str = "rule"
    head_end: int | None = None  # an organisation with a unit after it (某公司|某车间): where the employer ends

    @property
    def name(self) -> str:
        return self.canonical or self.text


@dataclass
class Evidence:
    doc_id: str
    source: str
    sentence: str
    start: int  # offsets into the original file
    end: int

    def as_dict(self) -> dict:
        return {"doc": self.doc_id, "source": self.source, "sentence": self.sentence,
                "start": self.start, "end": self.end}


@dataclass
class Entity:
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Fact:
    subject: str
    predicate: str
    object: str
    year: int | None = None
    role: str | None = None
    evidence: Evidence | None = None

    @property
    def key(self) -> tuple:
        return (self.subject, self.predicate, self.object)


@dataclass
class ExtractedDocument:
    article: Article
    entities: list[Entity]
    facts: list[Fact]
