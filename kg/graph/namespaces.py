"""Namespaces of the 劳模图谱 graph, in the style of `rdflib.namespace`.

`LM` is the project ontology (ontology/laomo.ttl) as a closed `DefinedNamespace`: a misspelt term
(`LM.Persn`) raises instead of minting a new IRI. Instance data lives under a configurable base,
`DEFAULT_BASE` unless told otherwise (`id_namespace(base)`).
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD, DefinedNamespace

from ..resources import shipped_dir
from .iris import DEFAULT_BASE, ONTOLOGY_IRI, PREFIX_IRIS

ONTOLOGY_DIR = shipped_dir("ontology")
ONTOLOGY_FILE = ONTOLOGY_DIR / "laomo.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"

SCHEMA = SDO  # https://schema.org/


class LM(DefinedNamespace):
    """劳模图谱 ontology terms (https://w3id.org/laomo/ontology#)."""

    _fail = True
    _NS = Namespace(PREFIX_IRIS["lm"])

    # classes
    Person: URIRef
    Organization: URIRef
    Company: URIRef
    UnionBody: URIRef
    GovernmentBody: URIRef
    EducationInstitution: URIRef
    Studio: URIRef
    OtherOrganization: URIRef
    Honour: URIRef
    Level: URIRef
    HolderType: URIRef
    Award: URIRef
    Post: URIRef
    Leadership: URIRef
    Evidence: URIRef
    Document: URIRef

    # object properties
    awarded: URIRef
    recipient: URIRef
    honour: URIRef
    statedIn: URIRef
    worksFor: URIRef
    leads: URIRef
    leader: URIRef
    studio: URIRef
    possibleDuplicateOf: URIRef
    level: URIRef
    kind: URIRef
    holderType: URIRef
    conferredBy: URIRef

    # datatype properties
    name: URIRef
    region: URIRef
    isDesignation: URIRef
    year: URIRef
    roleLabel: URIRef
    sentence: URIRef
    start: URIRef
    end: URIRef
    source: URIRef
    contentHash: URIRef

    # individuals: concept schemes, levels, holder types
    HonourScheme: URIRef
    LevelScheme: URIRef
    National: URIRef
    Provincial: URIRef
    Municipal: URIRef
    District: URIRef
    Industry: URIRef
    Enterprise: URIRef
    CentralSOE: URIRef
    Individual: URIRef
    Collective: URIRef
    AnyHolder: URIRef


PREFIXES: dict[str, Namespace] = {prefix: Namespace(iri) for prefix, iri in PREFIX_IRIS.items()}


def id_namespace(base: str = DEFAULT_BASE) -> Namespace:
    """The namespace of instance data (persons, organisations, honours, awards …) under `base`."""
    return Namespace(base if base.endswith(("/", "#")) else base + "/")


def bind_prefixes(graph: Graph, base: str = DEFAULT_BASE) -> Graph:
    """Bind every project prefix on `graph` (plus `id:` for the instance base); returns the graph."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    graph.bind("id", id_namespace(base), override=True, replace=True)
    return graph


__all__ = [
    "CONTEXT_FILE", "DCTERMS", "DEFAULT_BASE", "FOAF", "LM", "ONTOLOGY_FILE", "ONTOLOGY_IRI", "ORG", "OWL",
    "PREFIXES", "PROV", "RDF", "RDFS", "SCHEMA", "SDO", "SH", "SHAPES_FILE", "SKOS", "XSD", "bind_prefixes",
    "id_namespace",
]
