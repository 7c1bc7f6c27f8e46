"""The graph's namespaces as plain strings, for code that must not import rdflib (look-ups, the store).

`namespaces.py` builds rdflib's namespace objects from these; a look-up only needs the strings to
write its SPARQL prologue, and importing rdflib would cost a third of a look-up's wall time.
"""

from __future__ import annotations

ONTOLOGY_IRI = "https://w3id.org/laomo/ontology"
LM = ONTOLOGY_IRI + "#"
DEFAULT_BASE = "https://w3id.org/laomo/id/"

PREFIX_IRIS: dict[str, str] = {
    "lm": LM,
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def expand(curie: str) -> str:
    """lm:Person → https://w3id.org/laomo/ontology#Person."""
    prefix, _, local = curie.partition(":")
    return PREFIX_IRIS[prefix] + local


def graph_iri(base: str, name: str) -> str:
    """The named graph `name` (doc/<id>, entities, scheme …) under the instance base."""
    return f"{base}graph/{name}"
