"""Extraction records → one RDF dataset: a named graph per document, plus shared graphs.

Each document's graph holds what that document states — its document node, the evidence, the award,
post and leadership nodes with their shortcut triples, and the names and types of the things it
mentions — so that a document can be replaced or removed by swapping one graph. Shared graphs hold
what no single document states: the honour scheme, the hierarchy names imply, and possible
duplicates. IRIs are deterministic, so the same records give byte-identical exports.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from .honour_scheme import build_scheme, concept_for
from .identity import OrgIndex, PersonIndex, PersonRecord, is_organisation, parent_of, slug
from .namespaces import DEFAULT_BASE, LM, bind_prefixes

ORG_CLASSES = {t: getattr(LM, t) for t in ("Company", "UnionBody", "GovernmentBody", "EducationInstitution",
                                            "Studio", "OtherOrganization")}
DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


def graph_iri(base: str, name: str) -> URIRef:
    return URIRef(f"{base}graph/{name}")


def doc_iri(base: str, doc_id: str) -> URIRef:
    return URIRef(f"{base}doc/{slug(doc_id)}")


def _hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


class GraphBuilder:
    """Builds the dataset for a set of extraction records (the JSONL records of `kg extract`)."""

    def __init__(self, records: Iterable[dict], base: str = DEFAULT_BASE):
        self.base = base
        self.records = sorted(records, key=lambda r: r["doc"])
        self.orgs = OrgIndex(base)
        self.people = PersonIndex(base)
        self._index()

    # -- identity across documents -------------------------------------------------------------
    def _index(self) -> None:
        for rec in self.records:
            for e in rec["entities"]:
                if is_organisation(e["type"]):
                    self.orgs.add(e["name"], e["type"], set(e.get("aliases", ())))
        persons = []
        for rec in self.records:
            works = {(r["subject"], str(self.orgs.iri(r["object"]))) for r in rec["relations"]
                     if r["predicate"] == "worksFor"}
            for e in rec["entities"]:
                if e["type"] == "Person":
                    persons.append(PersonRecord(rec["doc"], e["name"], {o for s, o in works if s == e["name"]}))
        self.people.resolve(persons)

    def entity_iri(self, doc: str, name: str, typ: str) -> URIRef:
        if typ == "Person":
            return self.people.iri(doc, name)
        if typ == "Honour":
            return concept_for(name, self.base, self.orgs.iri)[0]
        return self.orgs.iri(name)

    # -- the dataset ---------------------------------------------------------------------------
    def dataset(self) -> Dataset:
        ds = Dataset(default_union=True)
        bind_prefixes(ds, self.base)
        for rec in self.records:
            self.document_graph(rec, ds.graph(graph_iri(self.base, "doc/" + slug(rec["doc"]))))
        self.scheme_graph(ds.graph(graph_iri(self.base, "scheme")))
        self.hierarchy_graph(ds.graph(graph_iri(self.base, "hierarchy")))
        self.identity_graph(ds.graph(graph_iri(self.base, "identity")))
        return ds

    def document_graph(self, rec: dict, g: Graph) -> None:
        doc = doc_iri(self.base, rec["doc"])
        g.add((doc, RDF.type, LM.Document))
        g.add((doc, LM.source, Literal(rec["source"])))
        g.add((doc, LM.contentHash, Literal(rec["contentHash"])))
        if rec.get("title"):
            g.add((doc, DCTERMS.title, Literal(rec["title"])))
        if rec.get("date") and len(rec["date"]) in DATE_TYPES:
            g.add((doc, DCTERMS.date, Literal(rec["date"], datatype=DATE_TYPES[len(rec["date"])])))
        types = {}
        for e in rec["entities"]:
            types[e["name"]] = e["type"]
            self._entity(rec["doc"], e, g)
        for r in rec["relations"]:
            self._fact(rec["doc"], doc, r, types, g)

    def _entity(self, doc: str, e: dict, g: Graph) -> None:
        iri = self.entity_iri(doc, e["name"], e["type"])
        aliases = [a for a in e.get("aliases", ()) if a != e["name"]]
        if e["type"] == "Honour":  # the concept itself lives in the scheme graph
            for a in aliases:
                g.add((iri, SKOS.altLabel, Literal(a, lang="zh")))
            return
        cluster = self.orgs.find(e["name"]) if e["type"] != "Person" else None
        name = cluster.name if cluster else e["name"]
        cls = LM.Person if e["type"] == "Person" else ORG_CLASSES[cluster.type if cluster else e["type"]]
        g.add((iri, RDF.type, cls))
        g.add((iri, LM.name, Literal(name)))
        g.add((iri, RDFS.label, Literal(name, lang="zh")))
        for a in sorted({*aliases, e["name"]} - {name}):
            g.add((iri, SKOS.altLabel, Literal(a, lang="zh")))

    def _fact(self, doc_id: str, doc: URIRef, r: dict, types: dict[str, str], g: Graph) -> None:
        subject_type = types.get(r["subject"], "Person")
        subject = self.entity_iri(doc_id, r["subject"], subject_type)
        obj_type = {"awarded": "Honour", "leads": "Studio"}.get(r["predicate"], types.get(r["object"], "Company"))
        obj = self.entity_iri(doc_id, r["object"], obj_type)
        ev = r.get("evidence") or {}
        key = _hash(doc_id, r["subject"], r["predicate"], r["object"], r.get("year"), r.get("role"), ev.get("start"))
        evidence = URIRef(f"{self.base}evidence/{key}")
        g.add((evidence, RDF.type, LM.Evidence))
        g.add((evidence, PROV.wasQuotedFrom, doc))
        g.add((evidence, LM.sentence, Literal(ev.get("sentence", ""), lang="zh")))
        g.add((evidence, LM.start, Literal(int(ev.get("start", 0)))))
        g.add((evidence, LM.end, Literal(int(ev.get("end", 0)))))
        if r["predicate"] == "awarded":
            node = URIRef(f"{self.base}award/{key}")
            g.add((node, RDF.type, LM.Award))
            g.add((node, LM.recipient, subject))
            g.add((node, LM.honour, obj))
            if r.get("year") is not None:
                g.add((node, LM.year, Literal(int(r["year"]))))
            g.add((subject, LM.awarded, obj))
        elif r["predicate"] == "worksFor":
            node = URIRef(f"{self.base}post/{key}")
            g.add((node, RDF.type, LM.Post))
            g.add((node, ORG.member, subject))
            g.add((node, ORG.organization, obj))
            if r.get("role"):
                role = URIRef(f"{self.base}role/{slug(r['role'])}")
                g.add((node, LM.roleLabel, Literal(r["role"], lang="zh")))
                g.add((node, ORG.role, role))
                g.add((role, RDF.type, SKOS.Concept))
                g.add((role, SKOS.prefLabel, Literal(r["role"], lang="zh")))
            g.add((subject, LM.worksFor, obj))
        else:
            node = URIRef(f"{self.base}lead/{key}")
            g.add((node, RDF.type, LM.Leadership))
            g.add((node, LM.leader, subject))
            g.add((node, LM.studio, obj))
            g.add((subject, LM.leads, obj))
        g.add((node, LM.statedIn, doc))
        g.add((node, PROV.wasDerivedFrom, evidence))

    # -- shared graphs -------------------------------------------------------------------------
    def scheme_graph(self, g: Graph) -> None:
        """The shipped scheme plus every honour the documents name (new ones placed under their kind)."""
        seen = sorted({e["name"] for rec in self.records for e in rec["entities"] if e["type"] == "Honour"})
        build_scheme(self.base, self.orgs.iri, extra=seen, graph=g)

    def hierarchy_graph(self, g: Graph) -> None:
        """subOrganizationOf up the chain each name implies; bodies no document names are added."""
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
            if not self.orgs.find(parent_name):
                self.orgs.add(parent_name, parent_type)
                iri = self.orgs.iri(parent_name)
                g.add((iri, RDF.type, ORG_CLASSES[parent_type]))
                g.add((iri, LM.name, Literal(parent_name)))
                g.add((iri, RDFS.label, Literal(parent_name, lang="zh")))
            g.add((self.orgs.iri(name), ORG.subOrganizationOf, self.orgs.iri(parent_name)))
            todo.append(self.orgs.find(parent_name).name)

    def identity_graph(self, g: Graph) -> None:
        for a, b in self.people.possible_duplicates:
            g.add((a, LM.possibleDuplicateOf, b))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


