"""Serialisations of the stored dataset and SHACL validation (the network view: kg/query/network.py)."""

from __future__ import annotations

import json
from urllib.parse import unquote

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SKOS

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
        doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        return json.dumps(_in_one_order(doc), indent=2, sort_keys=True, ensure_ascii=False)
    return graph.serialize(format="turtle")


def _in_one_order(value: object, key: str = "") -> object:
    """JSON-LD with every array sorted: rdflib writes nodes and values in its store's hash order, which
    changes with PYTHONHASHSEED. Outside @list containers (our context has none) a JSON-LD array is a set,
    so its order carries no meaning; the @context is left as written."""
    if key == "@context":
        return value
    if isinstance(value, dict):
        return {k: _in_one_order(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_in_one_order(v) for v in value]
        return sorted(items, key=_order)
    return value


def _order(value: object) -> tuple[str, str]:
    """Nodes by their id, then anything by its JSON text."""
    node_id = value.get("id", value.get("@id", "")) if isinstance(value, dict) else ""
    return str(node_id), json.dumps(value, sort_keys=True, ensure_ascii=False)


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
