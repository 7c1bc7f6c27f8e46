"""Extraction records → the RDF dataset as N-Quads: a named graph per document, plus shared graphs.

A document's graph holds what only that document says: its document node, the evidence it gives (a
quoted span: sentence and offsets) and which facts it states (`<fact> lm:statedIn <doc> ;
prov:wasDerivedFrom <evidence>`). Everything many documents share is described once, in shared graphs,
so that a look-up meets each thing once and not once per document that mentions it (per-document copies
multiplied in joins: bench/store.md):

- entities/NN: people and organisations (class, name, labels, aliases), honour aliases, post roles, and
  the facts themselves: one lm:Award per holder, honour and year, one lm:Post per person, organisation
  and role, one lm:Leadership per leader and studio, each stated in every document that states it,
  with the shortcut triples (lm:awarded, lm:worksFor, lm:leads). Sharded by subject into `SHARDS`
  graphs, so that a change rewrites a few shards, not all of them;
- scheme: the shipped honour scheme plus every honour the documents name;
- hierarchy: the organisation hierarchy that names imply;
- identity: people who may be the same.

The shared graphs and every IRI come from the documents' `Summary`s (names, types, aliases, facts),
small enough to keep for every document, so a build never needs every record at once. A document's
graph depends only on its record and on the IRIs of what it names; `Identity.fingerprint` hashes
both, so the store rewrites only the graphs whose fingerprint changed. IRIs are deterministic.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple
from urllib.parse import unquote

from ..vocabulary import ENTITY_TYPES
from . import nquads as nq
from .identity import OrgIndex, PersonIndex, PersonRecord, is_organisation, parent_of, slug
from .iris import DEFAULT_BASE, expand, graph_iri

DATE_TYPES = {4: "xsd:gYear", 7: "xsd:gYearMonth", 10: "xsd:date"}
FACT_KINDS = {"awarded": "award", "worksFor": "post", "leads": "lead"}
KIND_PREDICATES = {kind: predicate for predicate, kind in FACT_KINDS.items()}
SHARDS = 64  # entity graphs; a subject's triples all live in one

A, NAME, LABEL, ALT = nq.term("rdf:type"), nq.term("lm:name"), nq.term("rdfs:label"), nq.term("skos:altLabel")
STATED_IN, DERIVED_FROM = nq.term("lm:statedIn"), nq.term("prov:wasDerivedFrom")


def shard_name(k: int) -> str:
    return f"entities/{k:02d}"


def shard_graph(base: str, k: int) -> str:
    return graph_iri(base, shard_name(k))


def shard_of(subject: str) -> int:
    """The entity shard of a triple, by its subject (an N-Quads term)."""
    return zlib.crc32(subject.encode("utf-8")) % SHARDS


def doc_iri(base: str, doc_id: str) -> str:
    return f"{base}doc/{slug(doc_id)}"


def doc_graph(base: str, doc_id: str) -> str:
    return graph_iri(base, "doc/" + slug(doc_id))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def fact_types(subject: str, predicate: str, obj: str, types: dict[str, str]) -> tuple[str, str]:
    """The entity types of a fact's two ends, from the types its document gives the names."""
    return types.get(subject, "Person"), {"awarded": "Honour", "leads": "Studio"}.get(predicate, types.get(obj, "Company"))


PREDICATES = ("awarded", "worksFor", "leads")


def record_problem(record: object) -> str | None:
    """What keeps a record (a line of `kg extract --format jsonl`) from being built, or None."""
    if not isinstance(record, dict):
        return "not an object"
    for key, kind in (("doc", str), ("source", str), ("entities", list), ("relations", list)):
        if not isinstance(record.get(key), kind):
            return f"{key!r} missing or not a {kind.__name__}"
    for e in record["entities"]:
        if not (isinstance(e, dict) and isinstance(e.get("name"), str) and e.get("type") in ENTITY_TYPES):
            return f"an entity without a name or a known type: {str(e)[:80]}"
    for r in record["relations"]:
        if not (isinstance(r, dict) and r.get("predicate") in PREDICATES
                and isinstance(r.get("subject"), str) and isinstance(r.get("object"), str)):
            return f"a relation without subject, predicate ({', '.join(PREDICATES)}) or object: {str(r)[:80]}"
    return None


Fact = tuple[str, str, str, str, int | None, int, int]  # subject, predicate, object, role, year, evidence start, end


class FactRow(NamedTuple):
    """A fact node as the look-up table keeps it: its kind, IRI, ends (IRI and name), year, role."""

    kind: str
    iri: str
    subject: str
    subject_name: str
    object: str
    object_name: str
    year: int | None
    role: str
    evidence: str  # the statement's evidence node
    doc: str  # the document stating it (its id) and the statement's offsets there: where its sentence is
    start: int
    end: int


@dataclass(frozen=True)
class Summary:
    """What the shared graphs need from one document: its entities and its facts (without evidence)."""

    entities: tuple[tuple[str, str, tuple[str, ...]], ...]  # name, type, aliases
    facts: tuple[Fact, ...]

    @classmethod
    def of(cls, record: dict) -> Summary:
        return cls.from_json([[[e["name"], e["type"], sorted(e.get("aliases", ()))] for e in record["entities"]],
                              [[r["subject"], r["predicate"], r["object"], r.get("role") or "", r.get("year"),
                                *_span(r.get("evidence"))] for r in record["relations"]]])

    def to_json(self) -> list:
        return [[[n, t, list(a)] for n, t, a in self.entities], [list(f) for f in self.facts]]

    @classmethod
    def from_json(cls, data: list) -> Summary:
        """Names are interned: a name met in ten thousand documents is kept once in memory."""
        i = sys.intern
        return cls(tuple((i(n), i(t), tuple(i(x) for x in a)) for n, t, a in data[0]),
                   tuple((i(f[0]), i(f[1]), i(f[2]), i(f[3]), f[4], f[5], f[6]) for f in data[1]))

    @property
    def types(self) -> dict[str, str]:
        return {n: t for n, t, _ in self.entities}


def evidence_sentences(record: dict) -> dict[tuple[int, int], str]:
    """A record's evidence sentences by their offsets (what a document's graph quotes; the first one of
    each span, as two facts of one sentence share it)."""
    out: dict[tuple[int, int], str] = {}
    for r in record["relations"]:
        out.setdefault(_span(r.get("evidence")), (r.get("evidence") or {}).get("sentence", ""))
    return out


def _span(evidence: dict | None) -> tuple[int, int]:
    """A fact's evidence offsets in its file (0, 0 when it has none)."""
    return int((evidence or {}).get("start", 0)), int((evidence or {}).get("end", 0))


@cache
def _honour_iri(name: str, base: str) -> str:
    from .honour_scheme import concept_for  # rdflib: only a build needs it

    return str(concept_for(name, base)[0])


@cache
def _honour_label(name: str, base: str) -> str:
    """An honour concept's label, read from its IRI (once per name: a build asks for it once per fact)."""
    return unquote(_honour_iri(name, base).rsplit("/", 1)[1])


class Identity:
    """One IRI per real-world thing across all documents (organisation clusters, resolved people).

    `summaries` maps document ids, in order, to their `Summary` or its JSON text: a store of a hundred
    thousand documents keeps the text (a fifth of the memory) and parses it on each pass."""

    def __init__(self, summaries: dict[str, Summary | str], base: str = DEFAULT_BASE):
        self.base = base
        self.summaries = summaries
        self.orgs = OrgIndex(base)
        self.people = PersonIndex(base)
        employers = []
        self.honours: set[str] = set()  # every honour name the documents give (the scheme graph's extras)
        for doc in summaries:
            s = self.summary(doc)
            for name, typ, aliases in s.entities:
                if typ == "Honour":
                    self.honours.add(name)
                elif is_organisation(typ):
                    self.orgs.add(name, typ, set(aliases))
            works: dict[str, list[str]] = {}
            for f in s.facts:
                if f[1] == "worksFor":
                    works.setdefault(f[0], []).append(f[2])
            employers += [(doc, name, works.get(name, ())) for name, typ, _ in s.entities if typ == "Person"]
        self.people.resolve([PersonRecord(doc, name, tuple(sorted({self.orgs.iri(o) for o in orgs})))
                             for doc, name, orgs in employers])

    def summary(self, doc: str) -> Summary:
        s = self.summaries[doc]
        return Summary.from_json(json.loads(s)) if isinstance(s, str) else s

    def iri(self, doc: str, name: str, typ: str) -> str:
        if typ == "Person":
            return self.people.iri(doc, name)
        if typ == "Honour":
            return _honour_iri(name, self.base)
        return self.orgs.iri(name)

    def ends(self, doc: str, fact: Fact, types: dict[str, str]) -> tuple[str, str]:
        """The IRIs of a fact's subject and object."""
        st, ot = fact_types(fact[0], fact[1], fact[2], types)
        return self.iri(doc, fact[0], st), self.iri(doc, fact[2], ot)

    def fact_iri(self, subject: str, predicate: str, obj: str, role: str, year: int | None) -> str:
        """One node per fact across documents: holder–honour–year, person–organisation–role, leader–studio."""
        kind = FACT_KINDS.get(predicate, "lead")
        key = (subject, obj, year) if kind == "award" else (subject, obj, role) if kind == "post" else (subject, obj)
        return f"{self.base}{kind}/{_hash(*key)}"

    def evidence_iri(self, doc_id: str, start: int, end: int) -> str:
        """A quoted span of a document (two facts of one sentence share it)."""
        return f"{self.base}evidence/{slug(doc_id)}/{start}-{end}"

    def fingerprint(self, doc: str, record_hash: str, summary: Summary | None = None) -> str:
        """Changes when the document's record or the IRI of anything it names changes."""
        s = summary or self.summary(doc)
        types = s.types
        iris = [self.iri(doc, n, t) for n, t, _ in s.entities]
        for fact in s.facts:
            iris += self.ends(doc, fact, types)
        return _hash(self.base, record_hash, *iris)

    # -- a document's graph --------------------------------------------------------------------
    def document(self, record: dict, content_hash: str) -> nq.GraphWriter:
        """The document node (with the hash of the content it was extracted from), its evidence, and
        which facts it states."""
        doc_id = record["doc"]
        g = nq.GraphWriter(doc_graph(self.base, doc_id))
        doc = nq.iri(doc_iri(self.base, doc_id))
        g.add(doc, A, nq.term("lm:Document"))
        g.add(doc, nq.term("lm:source"), nq.literal(record["source"]))
        g.add(doc, nq.term("lm:contentHash"), nq.literal(content_hash))
        if record.get("title"):
            g.add(doc, nq.term("dcterms:title"), nq.literal(record["title"]))
        date = record.get("date") or ""
        if len(date) in DATE_TYPES:
            g.add(doc, nq.term("dcterms:date"), nq.literal(date, datatype=expand(DATE_TYPES[len(date)])))
        types = {e["name"]: e["type"] for e in record["entities"]}
        for r in record["relations"]:
            subject, obj = self.ends(doc_id, (r["subject"], r["predicate"], r["object"], "", None, 0, 0), types)
            fact = nq.iri(self.fact_iri(subject, r["predicate"], obj, r.get("role") or "", r.get("year")))
            ev = r.get("evidence") or {}
            start, end = _span(ev)
            evidence = nq.iri(self.evidence_iri(doc_id, start, end))
            g.add(evidence, A, nq.term("lm:Evidence"))
            g.add(evidence, nq.term("prov:wasQuotedFrom"), doc)
            g.add(evidence, nq.term("lm:sentence"), nq.literal(ev.get("sentence", ""), lang="zh"))
            g.add(evidence, nq.term("lm:start"), nq.integer(start))
            g.add(evidence, nq.term("lm:end"), nq.integer(end))
            g.add(fact, STATED_IN, doc)
            g.add(fact, DERIVED_FROM, evidence)
        return g

    def role_iri(self, role: str) -> str:
        return f"{self.base}role/{slug(role)}"

    # -- shared graphs -------------------------------------------------------------------------
    def fixed_graphs(self) -> dict[str, nq.GraphWriter]:
        """The scheme, hierarchy and identity graphs (small: they grow with the distinct names)."""
        return {"scheme": self.scheme_graph(), "hierarchy": self.hierarchy_graph(), "identity": self.identity_graph()}

    def shared(self) -> dict[str, nq.GraphWriter]:
        """Every shared graph at once, in memory (a small dataset); a triple is kept in the first graph
        that states it. The store writes the entity shards through files instead."""
        shards = [nq.GraphWriter(shard_graph(self.base, k)) for k in range(SHARDS)]
        for doc in self.summaries:
            self.describe(doc, self.summary(doc), lambda s, p, o: shards[shard_of(s)].add(s, p, o))
        graphs = {**self.fixed_graphs(), **{shard_name(k): g for k, g in enumerate(shards)}}
        seen: set[str] = set()
        for g in graphs.values():
            g.discard_seen(seen)
        return graphs

    def scheme_graph(self) -> nq.GraphWriter:
        """The shipped scheme plus every honour the documents name (new ones placed under their kind)."""
        from rdflib import URIRef

        from .honour_scheme import build_scheme

        seen = sorted(self.honours)
        g = nq.GraphWriter(graph_iri(self.base, "scheme"))
        scheme = build_scheme(self.base, lambda name: URIRef(self.orgs.iri(name)), extra=seen)
        for s, p, o in scheme:
            g.add(nq.rdflib_term(s), nq.rdflib_term(p), nq.rdflib_term(o))
        return g

    def describe(self, doc: str, summary: Summary, add: Callable[[str, str, str], None]) -> None:
        """The entities graph's triples from one document: its people and organisations, honour
        aliases, roles and facts (each added again by every document naming it; the shards keep one)."""
        self.describe_entities(doc, summary, add)
        self.describe_facts(self.facts(doc, summary), add)

    def describe_entities(self, doc: str, summary: Summary, add: Callable[[str, str, str], None],
                          seen: set[tuple] | None = None) -> None:
        """`seen`: the mentions described already (IRI, type, name, aliases), whose triples would be the same
        again; a store's build passes one set for all documents, as a popular name is in thousands."""
        for name, typ, aliases in summary.entities:
            iri = nq.iri(self.iri(doc, name, typ))
            if seen is not None:
                if (iri, typ, name, aliases) in seen:
                    continue
                seen.add((iri, typ, name, aliases))
            if typ == "Honour":  # the concept itself lives in the scheme graph
                for a in aliases:
                    if a != name:
                        add(iri, ALT, nq.literal(a, lang="zh"))
                continue
            cluster = self.orgs.find(name) if typ != "Person" else None
            label = cluster.name if cluster else name
            _describe(add, iri, "lm:Person" if typ == "Person" else f"lm:{cluster.type if cluster else typ}", label)
            for a in {*aliases, name} - {label}:
                add(iri, ALT, nq.literal(a, lang="zh"))

    def facts(self, doc: str, summary: Summary) -> Iterator[FactRow]:
        """The fact nodes a document states, with the IRIs and names of their two ends."""
        types = summary.types
        for fact in summary.facts:
            subject, predicate, obj, role, year, start, end = fact
            subject_iri, obj_iri = self.ends(doc, fact, types)
            st, ot = fact_types(subject, predicate, obj, types)
            kind = FACT_KINDS.get(predicate, "lead")
            yield FactRow(kind, self.fact_iri(subject_iri, predicate, obj_iri, role, year), subject_iri,
                          self.label(subject, st), obj_iri, self.label(obj, ot),
                          year if kind == "award" else None, role if kind == "post" else "",
                          self.evidence_iri(doc, start, end), doc, start, end)

    def label(self, name: str, typ: str) -> str:
        """The name the graph gives a thing: an organisation's fullest name, an honour's concept label."""
        if typ == "Honour":
            return _honour_label(name, self.base)
        cluster = self.orgs.find(name) if typ != "Person" else None
        return cluster.name if cluster else name

    def describe_facts(self, rows: Iterable[FactRow], add: Callable[[str, str, str], None]) -> None:
        for row in rows:
            predicate, role, year = KIND_PREDICATES[row.kind], row.role, row.year
            node, subject, obj = nq.iri(row.iri), nq.iri(row.subject), nq.iri(row.object)
            if predicate == "awarded":
                add(node, A, nq.term("lm:Award"))
                add(node, nq.term("lm:recipient"), subject)
                add(node, nq.term("lm:honour"), obj)
                if year is not None:
                    add(node, nq.term("lm:year"), nq.integer(year))
            elif predicate == "worksFor":
                add(node, A, nq.term("lm:Post"))
                add(node, nq.term("org:member"), subject)
                add(node, nq.term("org:organization"), obj)
                if role:
                    role_node = nq.iri(self.role_iri(role))
                    add(node, nq.term("lm:roleLabel"), nq.literal(role, lang="zh"))
                    add(node, nq.term("org:role"), role_node)
                    add(role_node, A, nq.term("skos:Concept"))
                    add(role_node, nq.term("skos:prefLabel"), nq.literal(role, lang="zh"))
            else:
                add(node, A, nq.term("lm:Leadership"))
                add(node, nq.term("lm:leader"), subject)
                add(node, nq.term("lm:studio"), obj)
            add(subject, nq.term(f"lm:{predicate}"), obj)

    def hierarchy_graph(self) -> nq.GraphWriter:
        """subOrganizationOf up the chain each name implies; bodies no document names are described here."""
        g = nq.GraphWriter(graph_iri(self.base, "hierarchy"))
        added = OrgIndex(self.base)  # parents no document names, kept apart so no document's IRIs move

        def find(name: str):
            return self.orgs.find(name) or added.find(name)

        todo = [c.name for c in self.orgs.clusters]
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            parent = parent_of(name)
            if not parent:
                continue
            parent_name, parent_type = parent
            if not find(parent_name):
                added.add(parent_name, parent_type)
                _describe(g.add, nq.iri(added.iri(parent_name)), f"lm:{parent_type}", parent_name)
            child, up = find(name), find(parent_name)
            g.add(nq.iri(self._org_iri(child.name, added)), nq.term("org:subOrganizationOf"),
                  nq.iri(self._org_iri(up.name, added)))
            todo.append(up.name)
        return g

    def _org_iri(self, name: str, added: OrgIndex) -> str:
        return self.orgs.iri(name) if self.orgs.find(name) else added.iri(name)

    def identity_graph(self) -> nq.GraphWriter:
        g = nq.GraphWriter(graph_iri(self.base, "identity"))
        for a, b in self.people.possible_duplicates:
            g.add(nq.iri(a), nq.term("lm:possibleDuplicateOf"), nq.iri(b))
        return g


def _describe(add, iri: str, cls: str, name: str) -> None:
    add(iri, A, nq.term(cls))
    add(iri, NAME, nq.literal(name))
    add(iri, LABEL, nq.literal(name, lang="zh"))


class GraphBuilder:
    """The whole dataset for a set of extraction records (the JSONL records of `kg extract`) at once."""

    def __init__(self, records: Iterable[dict], base: str = DEFAULT_BASE):
        self.records = sorted(records, key=lambda r: r["doc"])
        self.identity = Identity({r["doc"]: Summary.of(r) for r in self.records}, base)

    def graphs(self) -> Iterator[nq.GraphWriter]:
        for rec in self.records:
            yield self.identity.document(rec, rec.get("contentHash") or content_hash(json.dumps(rec, sort_keys=True)))
        yield from self.identity.shared().values()

    def nquads(self) -> str:
        return "".join(line for g in self.graphs() for line in g.lines())
