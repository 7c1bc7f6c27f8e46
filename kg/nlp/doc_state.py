"""What the pipeline components share on a spaCy `Doc`.

Components add `Mention`s (character offsets into the normalised article text) rather than writing
`doc.ents` directly: honours, organisations and people overlap in Chinese (李振华创新工作室 holds a
person), and the entity resolver decides at the end which mentions survive as `doc.ents`.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..model import Article, Entity, Mention
from ..resources import Region
from ..vocabulary import ORG_TYPES  # noqa: F401  (re-exported)


@dataclass
class Home:
    """The region a story is about: what 省, 自治区, 市, 区 and 县 in short forms refer to."""

    province: Region | None = None
    city: Region | None = None
    district: Region | None = None  # the story's 市辖区 (区)
    county: Region | None = None  # the story's 县 (县, 旗, 自治县)

    def expand(self, level: str, district_with_city: bool = False) -> str | None:
        """The region a bare level word stands for here: 省 → 广东省, 自治区 → 广西壮族自治区, 市 → 河源市,
        区 → 高明区, 县 → 紫金县. A district's name may need its city (鼓楼区 is in four); a county's
        stands alone."""
        if level == "省" and self.province:
            return self.province.name
        if level == "自治区" and self.province and self.province.name.endswith("自治区"):
            return self.province.name
        if level == "市" and self.city:
            return self.city.name
        if level == "区" and self.district:
            if district_with_city:
                return self.city.name + self.district.name if self.city else None
            return self.district.name
        if level == "县" and self.county:
            return self.county.name
        return None


@dataclass
class DocState:
    article: Article | None = None
    home: Home = field(default_factory=Home)
    regions: list[tuple[int, int, Region]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # alias surface -> full name (以下简称)
    alias_of: dict[str, set[str]] = field(default_factory=dict)  # canonical -> longer written forms (某公司某某工作室)
    entities: list[Entity] = field(default_factory=list)
    questions: list[tuple[int, int, int]] = field(default_factory=list)  # (from, at, to): left open, for the model
    word_bounds: Container[int] | None = None  # where the segmenter's words start and end (kg.nlp.words)

    @property
    def text(self) -> str | None:
        """The article's text, which the doc was made from (doc.text rebuilds it from tokens each time)."""
        return self.article.text if self.article else None

    def of_type(self, *types: str) -> list[Mention]:
        return [m for m in self.mentions if m.type in types]

    def covered(self, start: int, end: int, *types: str) -> bool:
        """Whether [start, end) overlaps a mention (of the given types, or any)."""
        return any(m.start < end and start < m.end and (not types or m.type in types) for m in self.mentions)


if not Doc.has_extension("kg"):
    Doc.set_extension("kg", default=None)


def word_boundaries(doc: Doc) -> Container[int] | None:
    """Where the segmenter's words start and end (`i in bounds`); None without a segmenter
    (--no-model): then it says nothing about names."""
    return state(doc).word_bounds


def state(doc: Doc) -> DocState:
    """The doc's shared state, created on first use."""
    if doc._.kg is None:
        doc._.kg = DocState()
    return doc._.kg

