"""SPARQL over the store's Oxigraph index, with user values bound, never pasted into the query text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..graph.iris import PREFIX_IRIS
from ..resources import shipped_dir

QUERIES_DIR = shipped_dir("queries")
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIX_IRIS.items())


class QueryError(ValueError):
    """A query that does not parse or run; the message carries the parser's position."""


@dataclass
class Result:
    columns: list[str]
    rows: list[dict[str, object]]


def value(term: object) -> object:
    """An Oxigraph term as a plain Python value (integers for xsd:integer, strings otherwise)."""
    if isinstance(term, ox.Literal):
        if term.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"):
            return int(term.value)
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return None if term is None else str(term)


def term(v: object) -> ox.NamedNode | ox.Literal:
    """A Python value as a term to bind: IRIs for strings that look like IRIs, literals otherwise
    (an Oxigraph term, e.g. a language-tagged literal, as it is)."""
    if isinstance(v, ox.NamedNode | ox.Literal):
        return v
    if isinstance(v, bool):
        return ox.Literal(str(v).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(v, int):
        return ox.Literal(str(v), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if isinstance(v, str) and v.startswith(("http://", "https://", "urn:")):
        return ox.NamedNode(v)
    return ox.Literal(str(v))


RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def solutions(index: ox.Store, text: str, bindings: dict[str, object] | None = None
              ) -> ox.QuerySolutions | ox.QueryBoolean:
    """Oxigraph's answer to a SELECT or ASK query over the union of all graphs. Bound variables must be
    projected."""
    query = text if "PREFIX lm:" in text else PROLOGUE + text
    subs = {ox.Variable(k): term(v) for k, v in (bindings or {}).items()}
    try:
        answer = index.query(query, use_default_graph_as_union=True, substitutions=subs or None)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax {_shift(str(exc), query, text)}") from exc
    except (RuntimeError, ValueError, OSError) as exc:
        raise QueryError(f"SPARQL error: {exc}") from exc
    if not isinstance(answer, ox.QuerySolutions | ox.QueryBoolean):
        raise QueryError("only SELECT and ASK queries are answered here; use `kg export` for graphs")
    return answer


def run(index: ox.Store, text: str, bindings: dict[str, object] | None = None) -> Result:
    """A SELECT (or ASK) query's answer as plain values (see `value`)."""
    answer = solutions(index, text, bindings)
    if isinstance(answer, ox.QueryBoolean):
        return Result(["answer"], [{"answer": bool(answer)}])
    columns = [v.value for v in answer.variables]
    return Result(columns, [{c: value(row[c]) for c in columns} for row in answer])


def results_document(index: ox.Store, text: str, fmt: str) -> bytes:
    """The answer in a SPARQL 1.1 Query Results format (json, xml, csv, tsv), as Oxigraph writes it: IRIs,
    literals with their language tags and datatypes, an ASK answer as a boolean, CSV lines ending CRLF."""
    try:
        return solutions(index, text).serialize(format=RESULT_FORMATS[fmt])
    except (RuntimeError, ValueError, OSError) as exc:
        raise QueryError(f"SPARQL error: {exc}") from exc


def _shift(message: str, query: str, original: str) -> str:
    """Report the error position in the user's text, not in the text with the prefixes added."""
    added = query.count("\n") - original.count("\n")
    if not added or not message.startswith("error at "):
        return message
    head, _, rest = message.partition(": ")
    line, _, col = head.removeprefix("error at ").partition(":")
    try:
        return f"error at line {int(line) - added}, column {col}: {rest}"
    except ValueError:
        return message


def named_queries() -> dict[str, Path]:
    return {p.stem: p for p in sorted(QUERIES_DIR.glob("*.rq"))}


def describe(path: Path) -> str:
    """The first comment line of a query file: what it answers."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def resolve(spec: str) -> str:
    """A query given as a file, a name from queries/, or inline text."""
    named = named_queries()
    if spec in named:
        return named[spec].read_text(encoding="utf-8")
    path = Path(spec)
    if spec.endswith(".rq") or (path.suffix and path.exists()):
        if not path.exists():
            raise QueryError(f"{spec}: no such query file (named queries: {', '.join(named)})")
        return path.read_text(encoding="utf-8")
    if not any(k in spec.upper() for k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        raise QueryError(f"{spec}: not a query file, a named query ({', '.join(named)}) or SPARQL")
    return spec
