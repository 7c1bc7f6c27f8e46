"""Serialisations of the stored dataset, SHACL validation, and an entity's neighbourhood as a network."""

from __future__ import annotations

import json
from urllib.parse import unquote

import networkx as nx
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import ORG, RDF, SKOS

from .namespaces import CONTEXT_FILE, LM, ONTOLOGY_FILE, SHAPES_FILE, bind_prefixes

FORMATS = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt", "nq": "nquads"}


def load_dataset(nquads: str, base: str) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(data=nquads, format="nquads")
    bind_prefixes(ds, base)
    return ds


def union_graph(ds: Dataset, base: str) -> Graph:
    """All named graphs as one graph (a triple stated by several documents appears once)."""
    g = bind_prefixes(Graph(), base)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def serialise(nquads: str, fmt: str, base: str) -> str:
    """Deterministic text: N-Quads as given (the store sorts them), N-Triples sorted, Turtle and JSON-LD from rdflib."""
    if fmt == "nq":
        return nquads
    graph = union_graph(load_dataset(nquads, base), base)
    if fmt == "nt":
        return "".join(sorted(line + "\n" for line in graph.serialize(format="nt").splitlines() if line))
    if fmt == "json-ld":
        context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
        return graph.serialize(format="json-ld", context=context, auto_compact=True, sort_keys=True)
    return graph.serialize(format="turtle")


def validate(nquads: str, base: str) -> tuple[bool, list[str]]:
    """pyshacl over the union graph with the ontology: (conforms, one readable line per violation)."""
    import pyshacl

    data = union_graph(load_dataset(nquads, base), base)
    shapes = Graph().parse(SHAPES_FILE)
    ontology = Graph().parse(ONTOLOGY_FILE)
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    sh = "http://www.w3.org/ns/shacl#"
    lines = []
    for result in report.subjects(RDF.type, URIRef(sh + "ValidationResult")):
        focus = report.value(result, URIRef(sh + "focusNode"))
        path = report.value(result, URIRef(sh + "resultPath"))
        messages = [str(m) for m in report.objects(result, URIRef(sh + "resultMessage"))]
        name = data.value(focus, LM.name) or data.value(focus, SKOS.prefLabel) or unquote(str(focus))
        where = f" {data.namespace_manager.normalizeUri(path)}" if path is not None else ""
        lines.append(f"{name}{where}: {' / '.join(sorted(messages))}")
    return conforms, sorted(lines)


EDGES = {LM.awarded: "awarded", LM.worksFor: "worksFor", LM.leads: "leads",
         ORG.subOrganizationOf: "subOrganizationOf", LM.possibleDuplicateOf: "possibleDuplicateOf"}


def neighbourhood(nquads: str, base: str, names: list[str], radius: int = 1) -> nx.MultiDiGraph:
    """The entities within `radius` links of the named ones, linked by awarded/worksFor/leads/hierarchy."""
    g = union_graph(load_dataset(nquads, base), base)
    full = nx.MultiDiGraph()
    for pred, label in EDGES.items():
        for s, o in g.subject_objects(pred):
            for node in (s, o):
                full.add_node(str(node), label=str(g.value(node, LM.name) or g.value(node, SKOS.prefLabel) or node),
                              type=_type(g, node))
            full.add_edge(str(s), str(o), label=label)
    centre = [n for n, d in full.nodes(data=True) if d["label"] in names]
    keep = set(centre)
    frontier = set(centre)
    undirected = full.to_undirected(as_view=True)
    for _ in range(radius):
        frontier = {m for n in frontier for m in undirected.neighbors(n)} - keep
        keep |= frontier
    return full.subgraph(keep).copy()


def _type(g: Graph, node) -> str:
    types = sorted(str(t).rsplit("#", 1)[-1] for t in g.objects(node, RDF.type) if str(t).startswith(str(LM)))
    return types[0] if types else "Thing"


COLOURS = {"Person": "#e8743b", "Honour": "#d4a017", "Studio": "#8e6bbf", "UnionBody": "#2f7ed8",
           "GovernmentBody": "#5b8c5a", "Company": "#4a9fb5", "EducationInstitution": "#a0522d"}


def to_svg(net: nx.MultiDiGraph, size: int = 900) -> str:
    """A plain SVG drawing: force-directed layout, coloured by type, Chinese labels as text."""
    if not net:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}"></svg>\n'
    pos = nx.spring_layout(nx.Graph(net), seed=7)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0

    def at(n: str) -> tuple[float, float]:
        x, y = pos[n]
        return 40 + (x - min(xs)) / span * (size - 260), 40 + (y - min(ys)) / span * (size - 80)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" font-family="sans-serif">',
             '<rect width="100%" height="100%" fill="white"/>']
    for s, o, d in sorted(net.edges(data=True)):
        (x1, y1), (x2, y2) = at(s), at(o)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#999"/>')
        parts.append(f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2:.1f}" font-size="10" fill="#777">'
                     f'{_esc(d["label"])}</text>')
    for n, d in sorted(net.nodes(data=True)):
        x, y = at(n)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{COLOURS.get(d["type"], "#888")}"/>')
        parts.append(f'<text x="{x + 12:.1f}" y="{y + 4:.1f}" font-size="13">{_esc(d["label"])}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
