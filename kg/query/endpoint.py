"""The SPARQL 1.1 Protocol's answers without the HTTP: a query over the store's index, serialised in the
format a client accepts, on the dataset it names, within a size cap.

- SELECT and ASK: SPARQL Results JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE: Turtle, N-Triples, JSON-LD or
  RDF/XML. Oxigraph writes every format. A capped SELECT is read row by row (at most `max_rows` are kept)
  and handed to Oxigraph's writer as SPARQL TSV, whose cells are the terms' N-Triples form: lossless.
- The dataset: `default-graph-uri` and `named-graph-uri` replace the query's own FROM / FROM NAMED, as the
  Protocol says; with neither, a query without FROM reads the union of every graph (each document's graph
  and the shared graphs), as the look-ups do.
- Users' names of graphs and media types are checked here; every failure is a `QueryError` with one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..graph.iris import PREFIX_IRIS
from .guard import check, tokens
from .sparql import QueryError

RF, QF = ox.RdfFormat, ox.QueryResultsFormat
# media type → Oxigraph format; the first of each is the default for */*
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": QF.JSON, "application/sparql-results+xml": QF.XML,
    "text/csv": QF.CSV, "text/tab-separated-values": QF.TSV, "application/json": QF.JSON, "application/xml": QF.XML,
    "text/xml": QF.XML}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": RF.TURTLE, "application/n-triples": RF.N_TRIPLES, "application/ld+json": RF.JSON_LD,
    "application/rdf+xml": RF.RDF_XML, "application/x-turtle": RF.TURTLE, "text/plain": RF.N_TRIPLES,
    "application/json": RF.JSON_LD}
# the `format` parameter many endpoints take besides Accept (short name → media type of either kind)
SHORT_NAMES = {"json": ("application/sparql-results+json", "application/ld+json"),
               "xml": ("application/sparql-results+xml", "application/rdf+xml"),
               "csv": ("text/csv", None), "tsv": ("text/tab-separated-values", None),
               "turtle": (None, "text/turtle"), "ttl": (None, "text/turtle"), "nt": (None, "application/n-triples"),
               "json-ld": (None, "application/ld+json"), "jsonld": (None, "application/ld+json"),
               "rdf": (None, "application/rdf+xml")}


class NotAcceptable(QueryError):
    """None of the media types a client accepts can carry this kind of answer."""


class TooLarge(QueryError):
    """An answer over the size cap."""


@dataclass(frozen=True)
class Reply:
    body: bytes
    media_type: str
    kind: str  # "results" (SELECT, ASK) or "graph" (CONSTRUCT, DESCRIBE)


def accepted(header: str | None) -> list[str]:
    """The media types of an Accept header, most wanted first (q-values; equal ones keep their order)."""
    ranked = []
    for k, part in enumerate((header or "*/*").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            name, _, v = p.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, k, media.lower()))
    return [m for _, _, m in sorted(ranked)]


def choose(accept: Iterable[str], offered: Iterable[str]) -> str | None:
    """The first offered media type the client accepts (wildcards included), or None."""
    offered = list(offered)
    for media in accept:
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            found = next((o for o in offered if o.startswith(media[:-1])), None)
        else:
            found = media if media in offered else None
        if found:
            return found
    return None


def short_format(name: str) -> list[str]:
    """The media types a `format=` value names (both kinds), or a QueryError listing the names."""
    if name.lower() not in SHORT_NAMES:
        raise NotAcceptable(f"unknown format {name!r}; use one of {', '.join(SHORT_NAMES)}")
    return [m for m in SHORT_NAMES[name.lower()] if m]


def evaluate(index: ox.Store, query: str, accept: list[str], default_graphs: Iterable[str] = (),
             named_graphs: Iterable[str] = (), max_rows: int | None = None) -> Reply:
    """Check and run a user's query, and write its answer in the first accepted format."""
    check(query)
    answer = _run(index, query, list(default_graphs), list(named_graphs))
    try:
        if isinstance(answer, ox.QueryTriples):
            media = _pick(accept, GRAPH_TYPES, "CONSTRUCT and DESCRIBE")
            body = ox.serialize(_capped(answer, max_rows, "triples"), format=GRAPH_TYPES[media], prefixes=PREFIX_IRIS)
            return Reply(body, media, "graph")
        media = _pick(accept, RESULT_TYPES, "SELECT and ASK")
        if isinstance(answer, ox.QueryBoolean):
            return Reply(answer.serialize(format=RESULT_TYPES[media]), media, "results")
        return Reply(_solutions(answer, max_rows).serialize(format=RESULT_TYPES[media]), media, "results")
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        if isinstance(exc, QueryError):
            raise
        raise QueryError(f"SPARQL error: {' '.join(str(exc).split())}") from exc


def _run(index: ox.Store, query: str, default_graphs: list[str], named_graphs: list[str]) -> object:
    own_dataset = any(kind == "word" and text.upper() == "FROM" for kind, text, _ in tokens(query))
    options: dict[str, object] = {"use_default_graph_as_union": not (default_graphs or own_dataset)}
    if default_graphs:
        options["default_graph"] = [_graph(g) for g in default_graphs]
    if named_graphs:
        options["named_graphs"] = [_graph(g) for g in named_graphs]
    try:
        return index.query(query, prefixes=PREFIX_IRIS, **options)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax {' '.join(str(exc).split())}") from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"SPARQL error: {' '.join(str(exc).split())}") from exc


def _graph(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"not a graph IRI: {iri!r}") from exc


def _pick(accept: list[str], offered: dict, kind: str) -> str:
    media = choose(accept, offered)
    if media is None:
        raise NotAcceptable(f"{kind} answers come as {', '.join(offered)}; none of {', '.join(accept)} is one")
    return media


def _capped(items: Iterable, limit: int | None, what: str) -> Iterator:
    for k, item in enumerate(items):
        if limit is not None and k == limit:
            raise TooLarge(f"the answer has more than {limit:,} {what}, the limit here; add a LIMIT or narrow "
                           "the query")
        yield item


def _solutions(solutions: ox.QuerySolutions, max_rows: int | None) -> ox.QuerySolutions:
    """The solutions, at most `max_rows` of them, as a result set Oxigraph can write in any format."""
    names = [v.value for v in solutions.variables]
    lines = ["\t".join(f"?{n}" for n in names)]
    for row in _capped(solutions, max_rows, "rows"):
        lines.append("\t".join("" if row[n] is None else str(row[n]) for n in names))
    return ox.parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), QF.TSV)


def rows(index: ox.Store, query: str, max_rows: int | None = None) -> tuple[list[str], list[dict[str, object]]]:
    """A checked SELECT or ASK as plain values (`sparql.value`), at most `max_rows` rows (else TooLarge)."""
    from .sparql import value

    check(query)
    answer = _run(index, query, [], [])
    if isinstance(answer, ox.QueryBoolean):
        return ["answer"], [{"answer": bool(answer)}]
    if not isinstance(answer, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries give rows; CONSTRUCT and DESCRIBE give graphs")
    names = [v.value for v in answer.variables]
    try:
        return names, [{n: value(row[n]) for n in names} for row in _capped(answer, max_rows, "rows")]
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"SPARQL error: {' '.join(str(exc).split())}") from exc


DESCRIBE = "CONSTRUCT { ?thing ?p ?o . ?s ?q ?thing } WHERE { { ?thing ?p ?o } UNION { ?s ?q ?thing } }"


def describe(index: ox.Store, iri: str, media: str) -> bytes:
    """What the graph says of a node (its triples either way, from every graph) as Linked Data in `media`."""
    triples = index.query(DESCRIBE, use_default_graph_as_union=True,
                          substitutions={ox.Variable("thing"): ox.NamedNode(iri)})
    return ox.serialize(sorted(set(triples), key=str), format=GRAPH_TYPES[media], prefixes=PREFIX_IRIS)
