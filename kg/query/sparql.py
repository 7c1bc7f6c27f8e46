"""SPARQL over the store's Oxigraph index, with user values bound, never pasted into the query text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..graph.iris import PREFIX_IRIS
from ..resources import shipped_dir

QUERIES_DIR = shipped_dir("queries")
# a word only SPARQL text holds (an update too: the guard refuses it with its own message)
SPARQL_WORD = re.compile(r"\b(?:SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b", re.I)


class QueryError(ValueError):
    """A query that does not parse or run; the message carries the parser's position."""


@dataclass
class Result:
    columns: list[str]
    rows: list[dict[str, object]]
    truncated: bool = False  # more rows than were asked for
    read: int | None = field(default=None, compare=False)  # rows read from the engine, where counted (a capped
    # answer: the cap and one more)


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
    query = _prologue(text) + text
    try:
        subs = {ox.Variable(k): term(v) for k, v in (bindings or {}).items()}
        answer = index.query(query, use_default_graph_as_union=True, substitutions=subs or None)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax {_shift(str(exc), query, text)}") from exc
    except (RuntimeError, ValueError, OSError) as exc:
        raise QueryError(f"SPARQL error: {_one_line(exc)}") from exc
    if not isinstance(answer, ox.QuerySolutions | ox.QueryBoolean):
        raise QueryError("only SELECT and ASK queries are answered here; use `kg export` for graphs")
    return answer


def results_document(index: ox.Store, text: str, fmt: str) -> bytes:
    """The answer in a SPARQL 1.1 Query Results format (json, xml, csv, tsv), as Oxigraph writes it: IRIs,
    literals with their language tags and datatypes, an ASK answer as a boolean, CSV lines ending CRLF."""
    try:
        return solutions(index, text).serialize(format=RESULT_FORMATS[fmt])
    except (RuntimeError, ValueError, OSError) as exc:
        raise QueryError(f"SPARQL error: {_one_line(exc)}") from exc


def run(index: ox.Store, text: str, bindings: dict[str, object] | None = None) -> Result:
    """Run a SELECT (or ASK) query over the union of all graphs. Bound variables must be projected."""
    columns, rows = evaluate(index, text, bindings)
    return Result(columns, list(rows))


def evaluate(index: ox.Store, text: str, bindings: dict[str, object] | None = None
             ) -> tuple[list[str], Iterator[dict[str, object]]]:
    """Parse and start a SELECT or ASK query: its columns and its rows as a lazy stream (Oxigraph evaluates
    as rows are read). Every error, also one met while reading rows, is a QueryError on one line."""
    answer = solutions(index, text, bindings)
    if isinstance(answer, ox.QueryBoolean):
        return ["answer"], iter([{"answer": bool(answer)}])
    columns = [v.value for v in answer.variables]
    return columns, _rows(answer, columns)


def _rows(solutions: ox.QuerySolutions, columns: list[str]) -> Iterator[dict[str, object]]:
    try:
        for row in solutions:
            yield {c: value(row[c]) for c in columns}
    except (RuntimeError, ValueError, OSError) as exc:  # a SERVICE reply, a store read, an evaluation error
        raise QueryError(f"SPARQL error while reading the results: {_one_line(exc)}") from exc


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _prologue(text: str) -> str:
    """PREFIX lines for the project's prefixes the query does not declare itself."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIX_IRIS.items()
                   if not re.search(rf"PREFIX\s+{p}\s*:", text, re.I))


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
        return read_query(named[spec])
    path = Path(spec)
    if spec.endswith(".rq") or (path.suffix and path.exists()):
        if not path.exists():
            raise QueryError(f"{spec}: no such query file (named queries: {', '.join(named)})")
        return read_query(path)
    if not SPARQL_WORD.search(spec):
        raise QueryError(f"{spec}: not a query file, a named query ({', '.join(named)}) or SPARQL")
    return spec


def read_query(path: Path) -> str:
    """A query file's text, or a QueryError saying why it cannot be read (a folder, not UTF-8, …)."""
    if path.is_dir():
        raise QueryError(f"{path}: a folder, not a query file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at {exc.start})") from exc
    except OSError as exc:
        raise QueryError(f"{path}: {exc.strerror or exc}") from exc
