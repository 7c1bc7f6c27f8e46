"""The guard around users' SPARQL (kg/query/guard.py): updates and SERVICE refused on the query's tokens, a
deadline enforced by killing the worker, a row cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph.store import STORE_VERSION, Store
from kg.query import guard

# 300^5 solutions to count, whatever the store holds: never ends
SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { "
        + " ".join(f"VALUES ?v{k} {{ {' '.join(map(str, range(300)))} }}" for k in range(5)) + " }")


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    """A store of a few invented triples, written straight into an index (no extraction needed)."""
    import pyoxigraph as ox

    folder = tmp_path_factory.mktemp("guard")
    index = ox.Store(str(folder / "index-0"))
    lm = "https://w3id.org/laomo/ontology#"
    for k, name in enumerate(["李某", "王某", "赵某"]):
        person = ox.NamedNode(f"https://w3id.org/laomo/id/person/{k}")
        graph = ox.NamedNode(f"https://w3id.org/laomo/id/graph/doc/{k}")
        index.add(ox.Quad(person, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode(lm + "Person"), graph))
        index.add(ox.Quad(person, ox.NamedNode(lm + "name"), ox.Literal(name), graph))
    del index
    (folder / "manifest.json").write_text(f'{{"version": {STORE_VERSION}, "index": "index-0", "catalogue": null, '
                                          '"documents": 3, "quads": 6}', encoding="utf-8")
    return Store(Path(folder))


@pytest.mark.parametrize("query", ["DELETE WHERE { ?s ?p ?o }", "insert data { <urn:a> <urn:b> <urn:c> }",
                                   "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }",
                                   "PREFIX x: <urn:x>\nSELECT * WHERE {\n  ?s ?p ?o .\n  service <urn:s> { ?a ?b ?c } }"])
def test_the_guard_refuses_updates_and_service(query):
    with pytest.raises(guard.QueryRefused, match="refused") as refused:
        guard.check(query)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("query", ['SELECT ?x WHERE { BIND("DELETE SERVICE" AS ?x) }', "ASK { <urn:service:drop> ?p ?o }",
                                   "# DROP ALL\nASK {}", "SELECT ?insert WHERE { ?insert ?p ?o }"])
def test_keywords_in_strings_iris_comments_and_names_are_not_refused(query):
    guard.check(query)


def test_guard_run_answers_bounds_rows_and_stops_at_the_deadline(store):
    result = guard.run(store, "SELECT ?name WHERE { ?p a lm:Person ; lm:name ?name } ORDER BY ?name", timeout=30)
    assert [r["name"] for r in result.rows] == ["李某", "王某", "赵某"]
    capped = guard.run(store, "SELECT ?p WHERE { ?p a lm:Person }", timeout=30, max_rows=2)
    assert len(capped.rows) == 2 and capped.truncated
    with pytest.raises(guard.QueryTimeout, match="within 0.3 s"):
        guard.run(store, SLOW, timeout=0.3)
    with pytest.raises(guard.QueryRefused):
        guard.run(store, "CLEAR ALL", timeout=30)
