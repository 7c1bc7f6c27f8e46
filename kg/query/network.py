"""The graph as a network for Gephi and drawings: people, organisations and honours as nodes, each fact as
an edge that carries what the n-ary node says (the year of an award, the post held, how many sources).

Read from the Oxigraph index with one query per kind of edge, so the whole graph of a large store is a
few queries, not a parse of its N-Quads.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from ..graph.iris import LM
from .sparql import run

# edge label → query giving ?s ?o and optionally ?year ?role ?n (statements)
EDGES = {
    "awarded": """SELECT ?s ?o ?year (COUNT(?ev) AS ?n) WHERE { ?f a lm:Award ; lm:recipient ?s ; lm:honour ?o
      OPTIONAL { ?f prov:wasDerivedFrom ?ev } OPTIONAL { ?f lm:year ?year } } GROUP BY ?f ?s ?o ?year""",
    "worksFor": """SELECT ?s ?o ?role (COUNT(?ev) AS ?n) WHERE { ?f a lm:Post ; org:member ?s ; org:organization ?o
      OPTIONAL { ?f prov:wasDerivedFrom ?ev } OPTIONAL { ?f lm:roleLabel ?role } } GROUP BY ?f ?s ?o ?role""",
    "leads": """SELECT ?s ?o (COUNT(?ev) AS ?n) WHERE { ?f a lm:Leadership ; lm:leader ?s ; lm:studio ?o
      OPTIONAL { ?f prov:wasDerivedFrom ?ev } } GROUP BY ?f ?s ?o""",
    "subOrganizationOf": "SELECT DISTINCT ?s ?o WHERE { ?s org:subOrganizationOf ?o }",
    "broader": "SELECT DISTINCT ?s ?o WHERE { ?s a lm:Honour ; skos:broader ?o }",
    "possibleDuplicateOf": "SELECT DISTINCT ?s ?o WHERE { ?s lm:possibleDuplicateOf ?o }",
}
NODES = """
SELECT ?x ?type ?name ?label WHERE { VALUES ?type { lm:Person lm:Honour lm:Company lm:UnionBody lm:GovernmentBody
  lm:EducationInstitution lm:Studio lm:OtherOrganization } ?x a ?type
  OPTIONAL { ?x lm:name ?name } OPTIONAL { ?x skos:prefLabel ?label } }
"""


def network(index: ox.Store) -> nx.MultiDiGraph:
    """Every person, organisation and honour that takes part in a link, and every link, with its data: label
    (the predicate), year, role and sources where the fact has them."""
    return _network(_edges(index), _described(index))


def neighbourhood(index: ox.Store, centres: Iterable[str], radius: int = 1) -> nx.MultiDiGraph:
    """`around(network(index), centres, radius)`, read with the same queries bound to the nodes reached (a page
    of the server draws one thing's links; the whole network of a large store takes seconds to read)."""
    keep: set[str] = set()
    frontier = set(centres)
    for _ in range(radius):
        touching = _edges(index, "?s", frontier) + _edges(index, "?o", frontier)
        reached = {n for s, o, _ in touching for n in (s, o)}
        keep |= frontier & reached  # a centre without any link is not in the network
        frontier = reached - keep
        keep |= frontier
    edges = [e for e in _edges(index, "?s", keep) if e[1] in keep]
    return _network(edges, _described(index, keep))


PART = 5000  # IRIs written into one VALUES block


def _bound(query: str, variable: str | None, iris: Iterable[str]) -> list[str]:
    """The query as it is (no variable), or once per part of `iris` with `variable` bound to them."""
    if variable is None:
        return [query]
    from .lookups import iri_values

    iris = sorted(iris)
    return [query.replace("WHERE {", f"WHERE {{ VALUES {variable} {{ {iri_values(iris[k:k + PART])} }}", 1)
            for k in range(0, len(iris), PART)]


def _edges(index: ox.Store, variable: str | None = None, iris: Iterable[str] = ()) -> list[tuple[str, str, dict]]:
    """Every link, or those whose `variable` (?s or ?o) is one of `iris`."""
    edges = []
    iris = list(iris)
    for label, query in EDGES.items():
        for text in _bound(query, variable, iris):
            for r in run(index, text).rows:
                data = {"label": label, **{k: r[k] for k in ("year", "role") if r.get(k) not in (None, "")}}
                if r.get("n"):
                    data["sources"] = int(r["n"])
                edges.append((str(r["s"]), str(r["o"]), data))
    return edges


def _described(index: ox.Store, iris: Iterable[str] | None = None) -> dict[str, dict[str, str]]:
    """Each node's type and label (of every node, or of `iris`)."""
    described: dict[str, dict[str, str]] = {}
    rows = [r for text in _bound(NODES, None if iris is None else "?x", iris or ()) for r in run(index, text).rows]
    for r in sorted(rows, key=lambda r: (str(r["x"]), str(r["type"]))):
        node = described.setdefault(str(r["x"]), {"type": str(r["type"]).removeprefix(LM)})
        node.setdefault("label", str(r["name"] or r["label"] or r["x"]))
    return described


def _network(edges: list[tuple[str, str, dict]], described: dict[str, dict[str, str]]) -> nx.MultiDiGraph:
    net = nx.MultiDiGraph()  # nodes and edges in a fixed order: the same store gives the same file and drawing
    for node in sorted({n for s, o, _ in edges for n in (s, o)}):
        net.add_node(node, **({"label": node, "type": "Thing"} | described.get(node, {})), iri=node)
    for s, o, data in sorted(edges, key=lambda e: (e[0], e[1], sorted(e[2].items(), key=str))):
        net.add_edge(s, o, **data)
    return net


def around(net: nx.MultiDiGraph, centres: Iterable[str], radius: int = 1) -> nx.MultiDiGraph:
    """The part of the network within `radius` links (either way) of the centre nodes."""
    keep = {c for c in centres if c in net}
    frontier = set(keep)
    undirected = net.to_undirected(as_view=True)
    for _ in range(radius):
        frontier = {m for n in frontier for m in undirected.neighbors(n)} - keep
        keep |= frontier
    part = nx.MultiDiGraph()
    part.add_nodes_from((n, net.nodes[n]) for n in net if n in keep)
    part.add_edges_from((s, o, d) for s, o, d in net.edges(data=True) if s in keep and o in keep)
    return part
