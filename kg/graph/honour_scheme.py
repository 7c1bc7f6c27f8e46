"""The honour taxonomy as a SKOS concept scheme, built deterministically from `data/honours.json`.

Every kind (劳动模范, 五一劳动奖 …) is a top concept of `lm:HonourScheme`, except a kind the data puts under
another (`broader`: 五一劳动奖章, 五一劳动奖状 and 工人先锋号 under 五一劳动奖), which has that one as its kind
and broader concept; its levelled honours are then under the levelled broader one too (全国五一劳动奖章 under
全国五一劳动奖). A levelled honour
(全国五一劳动奖章, 广东省五一劳动奖章, 南粤工匠) is a concept with `skos:broader` and `lm:kind` pointing to its
kind, its `lm:level` read off its prefix, its `lm:holderType` from the kind, and `lm:conferredBy` where
the data names the conferring body. An honour met in text that the scheme lacks is placed the same way
by `concept_for`, so the scheme and the concepts minted later agree.

IRIs are deterministic: base + "honour/" + the percent-encoded Chinese label.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..resources import honour_taxonomy, org_suffixes, regions
from ..vocabulary import longest_first
from .namespaces import DEFAULT_BASE, LM, bind_prefixes, id_namespace

Triple = tuple[Node, Node, Node]
OrgIri = Callable[[str], URIRef]

QUOTES = "“”\"「」『』‘’《》 \u3000"
HOLDERS = {"individual": LM.Individual, "collective": LM.Collective, "both": LM.AnyHolder}
LEVELS = {
    "national": LM.National,
    "provincial": LM.Provincial,
    "municipal": LM.Municipal,
    "district": LM.District,
    "industry": LM.Industry,
    "enterprise": LM.Enterprise,
    "central_soe": LM.CentralSOE,
}
REGION_LEVELS = {
    "province": LM.Provincial,
    "city": LM.Municipal,
    "district": LM.District,
    "county": LM.District,
    "county_city": LM.District,
}
BARE_LEVEL_WORDS = {"省": LM.Provincial, "市": LM.Municipal, "区": LM.District, "县": LM.District}
INDUSTRY_TAILS = ("行业", "系统", "战线")
ENTERPRISE_SUFFIX_TYPES = ("Company", "EducationInstitution")
ENTERPRISE_WORDS = ("企业", "医院", "厂")
ORG_TYPES = {
    "Company": LM.Company,
    "UnionBody": LM.UnionBody,
    "GovernmentBody": LM.GovernmentBody,
    "EducationInstitution": LM.EducationInstitution,
    "Studio": LM.Studio,
    "OtherOrganization": LM.OtherOrganization,
}


@dataclass(frozen=True)
class KindEntry:
    kind: str
    holder: str
    designation: bool
    aliases: tuple[str, ...]
    broader: str | None = None  # the kind this one is conferred under (五一劳动奖章 → 五一劳动奖)


@dataclass(frozen=True)
class ParsedHonour:
    """An honour name read by its shape: [prefix][kind]."""

    label: str  # canonical label: prefix + canonical kind (an alias kind is replaced by its kind)
    surface: str  # the name as given, without quotes and spaces
    prefix: str
    kind: KindEntry | None  # None: no known kind ends the name
    level: URIRef | None  # None for a kind itself, or when the prefix says nothing certain

    @property
    def is_kind(self) -> bool:
        return self.kind is None or not self.prefix


def honour_iri(label: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of the honour concept labelled `label` (全国五一劳动奖章 → <base>honour/%E5%85%A8…)."""
    return id_namespace(base)["honour/" + quote(label, safe="")]


def default_org_iri(base: str = DEFAULT_BASE) -> OrgIri:
    """Conferring bodies' IRIs when the caller gives none: base + "org/" + the percent-encoded name."""
    ns = id_namespace(base)
    return lambda name: ns["org/" + quote(name, safe="")]


@cache
def _kinds() -> tuple[KindEntry, ...]:
    return tuple(KindEntry(k["kind"], k.get("holder", "both"), bool(k.get("designation", False)),
                           tuple(k.get("aliases", ())), k.get("broader")) for k in honour_taxonomy()["kinds"])


@cache
def _suffixes() -> tuple[tuple[str, KindEntry], ...]:
    """Every kind and kind alias, longest first (ties: a kind before an alias, then data order)."""
    entries = [(k.kind, 0, i, k) for i, k in enumerate(_kinds())]
    entries += [(a, 1, i, k) for i, k in enumerate(_kinds()) for a in k.aliases]
    entries.sort(key=lambda e: (-len(e[0]), e[1], e[2]))
    return tuple((s, k) for s, _, _, k in entries)


@cache
def _level_prefixes() -> tuple[tuple[str, URIRef, frozenset[str]], ...]:
    """Level words of the taxonomy (全国, 中央企业, 大国 …), longest first, with the kinds they are limited to."""
    rows = [(lv["prefix"], LEVELS[lv["level"]], frozenset(lv.get("kinds", ())))
            for lv in honour_taxonomy()["levels"] if lv["level"] in LEVELS]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def _enterprise_suffixes() -> tuple[str, ...]:
    words = {s.suffix for s in org_suffixes() if s.type in ENTERPRISE_SUFFIX_TYPES} | set(ENTERPRISE_WORDS)
    return tuple(sorted(words, key=longest_first))


@cache
def _region_surfaces() -> tuple[str, ...]:
    """Region surface forms (full names, short forms, nicknames such as 南粤), longest first."""
    return tuple(sorted(regions().surface, key=longest_first))


def _peel_regions(prefix: str):
    """Consume region names from the start of `prefix` (佛山市高明区 → 高明区, ""): (innermost region, rest)."""
    reg, rest = None, prefix
    while rest:
        surface = next((s for s in _region_surfaces() if rest.startswith(s)), None)
        if surface is None:
            break
        reg, rest = regions().read(surface, reg, common=True), rest[len(surface):]
    return reg, rest


def _is_industry(words: str) -> bool:
    industries = set(honour_taxonomy()["industries"])
    for tail in ("", *INDUSTRY_TAILS):
        if words.endswith(tail) and words[: len(words) - len(tail)] in industries:
            return True
    return False


def level_of(prefix: str, kind: str = "") -> URIRef | None:
    """The level a prefix gives an honour of `kind`: 全国 → National, 全国交通 → Industry, 中央企业 → CentralSOE,
    广东省/南粤 → Provincial, 河源市 → Municipal, 高明区 → District, a company-like prefix → Enterprise."""
    if not prefix:
        return None
    if prefix.startswith("全国") and _is_industry(prefix[2:]):
        return LM.Industry
    for word, level, kinds in _level_prefixes():
        if prefix.startswith(word) and (not kinds or kind in kinds):
            return level
    if prefix in BARE_LEVEL_WORDS:
        return BARE_LEVEL_WORDS[prefix]
    region, rest = _peel_regions(prefix)
    if rest.endswith(_enterprise_suffixes()):
        return LM.Enterprise
    if region is not None:
        return REGION_LEVELS.get(region.level)
    return None


def parse_honour(name: str) -> ParsedHonour:
    """Read an honour name by its shape: the longest kind (or kind alias) it ends with, then its prefix."""
    surface = "".join(c for c in name if c not in QUOTES)
    for suffix, kind in _suffixes():
        if surface.endswith(suffix):
            prefix = surface[: len(surface) - len(suffix)]
            return ParsedHonour(prefix + kind.kind, surface, prefix, kind, level_of(prefix, kind.kind))
    return ParsedHonour(surface, surface, "", None, None)


def _kind_triples(kind: KindEntry, base: str) -> list[Triple]:
    """A kind: a top concept, or, under a broader kind, a concept whose kind and broader concept that is."""
    iri = honour_iri(kind.kind, base)
    out: list[Triple] = [
        (iri, RDF.type, LM.Honour),
        (iri, RDF.type, SKOS.Concept),
        (iri, SKOS.prefLabel, Literal(kind.kind, lang="zh")),
        (iri, SKOS.inScheme, LM.HonourScheme),
        (iri, LM.holderType, HOLDERS.get(kind.holder, LM.AnyHolder)),
    ]
    if kind.broader:
        broader = honour_iri(kind.broader, base)
        out += [(iri, SKOS.broader, broader), (iri, LM.kind, broader)]
    else:
        out += [(iri, SKOS.topConceptOf, LM.HonourScheme), (LM.HonourScheme, SKOS.hasTopConcept, iri)]
    out += [(iri, SKOS.altLabel, Literal(a, lang="zh")) for a in kind.aliases]
    if kind.designation:
        out.append((iri, LM.isDesignation, Literal(True)))
    return out


def _conferrer_triples(label: str, iri: URIRef, org_iri: OrgIri) -> list[Triple]:
    tax = honour_taxonomy()
    out: list[Triple] = []
    for body in tax.get("conferrers", {}).get(label, ()):
        org = org_iri(body)
        out += [
            (iri, LM.conferredBy, org),
            (org, RDF.type, ORG_TYPES[tax.get("conferring_bodies", {}).get(body, "OtherOrganization")]),
            (org, LM.name, Literal(body)),
            (org, RDFS.label, Literal(body, lang="zh")),
        ]
    return out


def concept_for(name: str, base: str = DEFAULT_BASE, org_iri: OrgIri | None = None) -> tuple[URIRef, list[Triple]]:
    """The concept for an honour name, and the triples that describe it (its kind concept included).

    A name the scheme has gives the scheme's own concept and triples; a name it lacks (河源市岗位技术能手,
    湖南省五一劳动奖章) gives a new concept placed under its kind by its shape. A name ending in no known kind
    becomes a new top concept. A kind alias is read as its kind (全国五一奖章 → 全国五一劳动奖章, with the
    surface form as skos:altLabel). `org_iri` names conferring bodies (default: base + "org/" + name).
    """
    org_iri = org_iri or default_org_iri(base)
    parsed = parse_honour(name)
    if parsed.kind is None:  # no known kind: a top concept of its own
        kind = KindEntry(parsed.label, "both", False, ())
        iri = honour_iri(parsed.label, base)
        return iri, _kind_triples(kind, base) + _conferrer_triples(parsed.label, iri, org_iri)
    kind_iri = honour_iri(parsed.kind.kind, base)
    triples = _kind_triples(parsed.kind, base)
    if parsed.is_kind:
        if parsed.surface != parsed.label:
            triples.append((kind_iri, SKOS.altLabel, Literal(parsed.surface, lang="zh")))
        return kind_iri, triples + _conferrer_triples(parsed.label, kind_iri, org_iri)
    iri = honour_iri(parsed.label, base)
    triples += [
        (iri, RDF.type, LM.Honour),
        (iri, RDF.type, SKOS.Concept),
        (iri, SKOS.prefLabel, Literal(parsed.label, lang="zh")),
        (iri, SKOS.inScheme, LM.HonourScheme),
        (iri, SKOS.broader, kind_iri),
        (iri, LM.kind, kind_iri),
        (iri, LM.holderType, HOLDERS.get(parsed.kind.holder, LM.AnyHolder)),
    ]
    if parsed.level is not None:
        triples.append((iri, LM.level, parsed.level))
    if parsed.kind.designation:
        triples.append((iri, LM.isDesignation, Literal(True)))
    if parsed.surface != parsed.label:
        triples.append((iri, SKOS.altLabel, Literal(parsed.surface, lang="zh")))
    if parsed.kind.broader:  # 全国五一劳动奖章 is also under 全国五一劳动奖
        broader, broader_triples = concept_for(parsed.prefix + parsed.kind.broader, base, org_iri)
        triples += [(iri, SKOS.broader, broader), *broader_triples]
    return iri, triples + _conferrer_triples(parsed.label, iri, org_iri)


def scheme_names() -> tuple[str, ...]:
    """The honours the shipped scheme holds: every kind, then the levelled honours of `scheme_honours`."""
    tax = honour_taxonomy()
    return tuple(k["kind"] for k in tax["kinds"]) + tuple(tax.get("scheme_honours", ()))


def build_scheme(base: str = DEFAULT_BASE, org_iri: OrgIri | None = None,
                 extra: Iterable[str] = (), graph: Graph | None = None) -> Graph:
    """The SKOS honour scheme as a graph (into `graph` if given), with any `extra` honour names added."""
    g = graph if graph is not None else bind_prefixes(Graph(bind_namespaces="core"), base)
    g.add((LM.HonourScheme, RDF.type, SKOS.ConceptScheme))
    g.add((LM.HonourScheme, SKOS.prefLabel, Literal("荣誉体系", lang="zh")))
    g.add((LM.HonourScheme, SKOS.prefLabel, Literal("Honour scheme", lang="en")))
    for name in (*scheme_names(), *extra):
        for triple in concept_for(name, base, org_iri)[1]:
            g.add(triple)
    return g


__all__ = [
    "ParsedHonour", "build_scheme", "concept_for", "default_org_iri", "honour_iri", "level_of", "parse_honour",
    "scheme_names",
]
