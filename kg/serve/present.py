"""What a page shows of the look-ups' answers: local links for the graph's IRIs, Chinese labels from the
ontology, evidence sentences with the names in them marked, facts grouped as `kg show` groups them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote, unquote

from markupsafe import Markup, escape

from ..graph.iris import LM
from ..ingest.normalise import fold_char
from ..ingest.script import to_simplified
from ..query.lookups import Answer, Document, Fact, Source

# The groups of `facts_about`, as a page titles them (the ontology labels classes and properties, not these).
GROUPS = {"honours received": "所获荣誉", "posts": "任职", "leads": "领衔的工作室", "people": "人员",
          "led by": "领衔人", "part of": "上级组织", "units": "下属单位", "broader": "上位荣誉",
          "recipients": "获得者（含下位荣誉）", "possible duplicates": "可能是同一人（同名）"}
SHOWN_SOURCES = 3  # evidence sentences shown open under a fact; the others fold away (<details>)
MIN_MARK = 3  # the shortest tail of a name marked where the whole name is not written (…总工会 → 佛冈县总工会)


@cache
def ontology_labels() -> dict[str, str]:
    """The Chinese label of every ontology term (rdfs:label, else skos:prefLabel), by local name."""
    import pyoxigraph as ox

    from ..graph.namespaces import ONTOLOGY_FILE

    found: dict[tuple[str, str], str] = {}
    for t in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE):
        obj, prop = t.object, t.predicate.value.rsplit("#", 1)[-1]
        if (isinstance(obj, ox.Literal) and obj.language == "zh" and prop in ("label", "prefLabel")
                and t.subject.value.startswith(LM)):
            found.setdefault((t.subject.value.removeprefix(LM), prop), obj.value)
    labels: dict[str, str] = {}
    for (term, _prop), text in sorted(found.items(), key=lambda kv: kv[0][1] != "label"):
        labels.setdefault(term, text)
    return labels


def label(term: str | None) -> str:
    """An ontology term's Chinese label (Person → 人物), or the term itself."""
    return "" if term is None else ontology_labels().get(str(term).removeprefix(LM), str(term))


class Links:
    """Page addresses for the graph's IRIs: everything under the store's base is served at /id/…, whatever
    host and path the base names (the server may run elsewhere than the IRIs' home)."""

    def __init__(self, base: str):
        self.base = base

    def page(self, iri: object) -> str | None:
        text = str(iri or "")
        return "/id/" + text[len(self.base):] if text.startswith(self.base) and len(text) > len(self.base) else None

    def iri(self, rest: str) -> str:
        """The IRI a request path after /id/ names; each segment re-quoted as the build writes names (a browser
        may send 陈某 raw or %e9 in lower case), a quoted slash kept inside its segment."""
        return self.base + "/".join(quote(unquote(seg), safe="") for seg in rest.split("/"))


def search_link(name: str) -> str:
    return "/search?q=" + quote(name, safe="")


def highlight(sentence: str, names: list[str]) -> Markup:
    """The sentence, escaped, with each name in it marked (<mark>): compared in simplified characters with
    widths folded (the sentence is the file's own text), across line breaks, the longest names first; a name
    the sentence does not write whole is marked by its longest tail it does write (at least MIN_MARK)."""
    names = sorted({n for n in names if n}, key=lambda n: (-len(n), n))
    view = sentence
    if not all(_pattern(n).search(sentence) for n in names):  # converted only when needed: OpenCC is slow
        view = to_simplified("".join(fold_char(c) for c in sentence))
        view = view if len(view) == len(sentence) else sentence
    spans: list[tuple[int, int]] = []
    for name in names:
        for k in range(0, max(len(name) - MIN_MARK, 0) + 1):
            found = [m.span() for m in _pattern(name[k:]).finditer(view)]
            found = [s for s in found if not any(s[0] < e and b < s[1] for b, e in spans)]
            if found:
                spans += found
                break
    out, at = Markup(), 0
    for start, end in sorted(spans):
        out += escape(sentence[at:start]) + Markup("<mark>") + escape(sentence[start:end]) + Markup("</mark>")
        at = end
    return out + escape(sentence[at:])


@cache
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"\s*".join(re.escape(c) for c in name))


@dataclass
class Cited:
    """One evidence sentence of a fact as a page shows it."""

    sentence: Markup
    ref: str
    page: str | None
    title: str | None
    date: str | None


@dataclass
class Row:
    """One fact: the thing at its other end (name and page), what else it says, its evidence."""

    name: str
    page: str | None
    details: list[str]
    count: int
    cited: list[Cited] = field(default_factory=list)

    @property
    def shown(self) -> list[Cited]:
        return self.cited[:SHOWN_SOURCES]

    @property
    def folded(self) -> list[Cited]:
        return self.cited[SHOWN_SOURCES:]


@dataclass
class Group:
    key: str
    title: str
    rows: list[Row]
    evidenced: bool


def cite(source: Source, names: list[str], links: Links, docs: dict[str, Document]) -> Cited:
    doc = docs.get(source.doc)
    return Cited(highlight(source.sentence, names), source.ref, links.page(source.doc),
                 doc.title if doc else None, doc.date if doc else None)


def details(values: dict[str, object], columns: list[str], skip: tuple[str, ...]) -> list[str]:
    """A fact's other columns as short texts (2021年, 高级技师, the honour of a holder)."""
    out = []
    for c in columns:
        v = values.get(c)
        if c in skip or v in (None, ""):
            continue
        out.append(f"{v}年" if c == "year" else label(str(v)) if c == "level" else str(v))
    return out


def grouped(facts: dict[str, Answer], own_names: list[str], links: Links, docs: dict[str, Document]) -> list[Group]:
    """`facts_about`'s groups as a page lists them; the thing's own names and each fact's other end marked in
    its sentences."""
    out = []
    for key, answer in facts.items():
        rows = [_row(f, answer.columns, own_names, links, docs) for f in answer.facts]
        out.append(Group(key, GROUPS.get(key, key), rows, answer.evidenced))
    return out


def _row(fact: Fact, columns: list[str], own_names: list[str], links: Links, docs: dict[str, Document]) -> Row:
    what = str(fact.values.get("what") or "")
    names = [*own_names, what, str(fact.values.get("honour") or "")]
    return Row(what, links.page(fact.values.get("iri")), details(fact.values, columns, ("what",)), fact.count,
               [cite(s, names, links, docs) for s in fact.sources])


def doc_iris(answers: list[Answer]) -> set[str]:
    """The documents the answers' sources quote (to read their titles and dates at once)."""
    return {s.doc for a in answers for f in a.facts for s in f.sources if s.doc}
