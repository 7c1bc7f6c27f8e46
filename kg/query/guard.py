"""The guard around SPARQL from users (`kg query`, named queries, the server): read-only, offline, bounded.

- `check(query)` refuses SERVICE (federation: Oxigraph would open a socket) and every update keyword,
  found on the query's tokens with strings, IRIs and comments skipped (a literal "SERVICE" is data), and
  names an undeclared prefix instead of the parser's list of character classes.
- `run(store, query, timeout=…, max_rows=…)` evaluates in a worker process that is killed at the deadline.
  A deadline checked between rows is not enough: ORDER BY, GROUP BY and aggregates compute everything
  before the first row, and a join whose FILTER never holds yields no row at all (measured on the bundled
  store: COUNT over a two-way cartesian product is 1.1 s of silence, a three-way one never answers).
  Oxigraph can also abort the whole process (a Rust panic while sorting a cartesian product under ORDER BY
  in pyoxigraph 0.5): in a worker that is one clear error, not a dead command.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..graph.iris import PREFIX_IRIS
from .sparql import QueryError, Result, evaluate

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from ..graph.store import Store

UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")
CHUNK = 1000  # rows per message from the worker
NEWLINE = "\n"
DEFAULT_TIMEOUT = 10.0  # seconds; `kg query --timeout`, KG_QUERY_TIMEOUT


class QueryRefused(QueryError):
    """A query that would leave the local graph (SERVICE) or change it (an update): never run."""


class QueryTimeout(RuntimeError):
    """A query stopped at its deadline."""

    def __init__(self, seconds: float):
        super().__init__(f"the query did not finish within {seconds:g} s and was stopped")
        self.seconds = seconds


# One token at a time; strings, IRIs and comments are whole tokens, so nothing inside them is a keyword.
_TOKEN = re.compile(r'''
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w:%.-]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
''', re.X | re.S)


def tokens(query: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) of every token that is not space or a comment."""
    for m in _TOKEN.finditer(query):
        if m.lastgroup not in ("space", "comment"):
            yield m.lastgroup, m.group(), m.start()


def check(query: str) -> None:
    """Raise QueryRefused for SERVICE or an update, QueryError for a prefix the query does not declare."""
    declared = set(PREFIX_IRIS) | {"_"}  # `_:b` is a blank node
    previous = ""
    for kind, text, at in tokens(query):
        if kind == "word" and text.upper() == "SERVICE":
            raise QueryRefused(f"SERVICE (line {_where(query, at)}) is refused: queries read the local graph "
                               "only, nothing here goes on the network")
        if kind == "word" and text.upper() in UPDATES:
            raise QueryRefused(f"{text.upper()} (line {_where(query, at)}) is refused: queries only read the "
                               "graph (SELECT or ASK); `kg build` and `kg remove` change it")
        if kind == "pname":
            prefix = text.partition(":")[0]
            if previous.upper() == "PREFIX":
                declared.add(prefix)
            elif prefix not in declared:
                raise QueryError(f"unknown prefix {prefix}: (line {_where(query, at)}); declare it with "
                                 f"PREFIX {prefix}: <…> or use one of {', '.join(p + ':' for p in PREFIX_IRIS)}")
        previous = text


def _where(text: str, at: int) -> str:
    """`line L, column C` (from 1) of an offset, as the parser reports places."""
    line_start = text.rfind("\n", 0, at) + 1
    return f"{text.count(NEWLINE, 0, at) + 1}, column {at - line_start + 1}"


def run(store: Store, query: str, *, timeout: float | None, max_rows: int | None = None,
        bindings: dict[str, object] | None = None) -> Result:
    """Check the query, then evaluate it over `store` (a kg Store: the worker opens its index itself) in a
    worker process; `timeout` in seconds (None: no limit), at most `max_rows` rows (Result.truncated)."""
    check(query)
    index_path = str(store.index_path())  # opened by the worker only: the parent holds no database open
    with tempfile.NamedTemporaryFile(prefix="kg-query-", suffix=".err") as err:
        # fork is quick; a process with threads (a server) starts a fresh interpreter instead, as forking
        # one whose other threads may hold locks is unsafe (and spawn talks over pipes: no socket at all)
        context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(target=_worker, args=(send, index_path, query, bindings, max_rows, err.name),
                                 daemon=True)
        worker.start()
        send.close()
        try:
            return _collect(receive, None if timeout is None else time.monotonic() + timeout, timeout, worker, err.name)
        finally:
            receive.close()
            if worker.is_alive():
                worker.kill()
            worker.join()


def _collect(receive: Connection, deadline: float | None, timeout: float | None,
             worker: multiprocessing.process.BaseProcess, err_path: str) -> Result:
    """Read the worker's messages until it is done, fails, dies or runs past the deadline."""
    columns: list[str] = []
    rows: list[dict[str, object]] = []
    while True:
        left = None if deadline is None else max(deadline - time.monotonic(), 0)
        if not receive.poll(left):
            raise QueryTimeout(timeout or 0)
        try:
            kind, payload = receive.recv()
        except EOFError:  # the worker died without a word: Oxigraph aborted, or it was killed
            worker.join()
            raise QueryError(_death(worker.exitcode, err_path)) from None
        if kind == "columns":
            columns = payload
        elif kind == "rows":
            rows.extend(payload)
        elif kind == "done":
            truncated, read = payload
            return Result(columns, rows, truncated=truncated, read=read)
        else:
            raise QueryError(payload)


def _death(exitcode: int | None, err_path: str) -> str:
    """What the worker's stderr says about its end (a Rust panic's message), on one line."""
    with open(err_path, encoding="utf-8", errors="replace") as f:
        lines = [line.strip() for line in f]
    said = next((lines[k + 1] for k, line in enumerate(lines[:-1]) if " panicked at " in line), "")
    how = f"signal {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 else f"exit status {exitcode}"
    return f"the query engine stopped on this query ({how}{': ' + said if said else ''})"


def _worker(send: Connection, index_path: str, query: str, bindings: dict[str, object] | None,
            max_rows: int | None, err_path: str) -> None:
    """Open the index read-only, run the query, send its columns and rows in chunks; an error as one line."""
    fd = os.open(err_path, os.O_WRONLY)
    os.dup2(fd, 2)  # a panic's report goes to the file the parent reads, not to the user's terminal
    faulthandler.disable()  # (it writes to a descriptor of its own, the terminal)
    import pyoxigraph as ox

    try:
        columns, rows = evaluate(ox.Store.read_only(index_path), query, bindings)
        send.send(("columns", columns))
        chunk: list[dict[str, object]] = []
        truncated, read = False, 0
        for row in rows:  # Oxigraph evaluates as rows are read: a capped query without a sort stops early
            read += 1
            if max_rows is not None and read > max_rows:  # one row more than asked for: the answer goes on
                truncated = True
                break
            chunk.append(row)
            if len(chunk) == CHUNK:
                send.send(("rows", chunk))
                chunk = []
        send.send(("rows", chunk))
        send.send(("done", (truncated, read)))
    except QueryError as exc:
        send.send(("error", str(exc)))
    except OSError as exc:  # the index could not be opened
        send.send(("error", f"{index_path}: {' '.join(str(exc).split())}"))
    finally:
        send.close()


def document(store: Store, query: str, fmt: str, *, timeout: float | None) -> bytes:
    """The answer as a SPARQL 1.1 Query Results document (json, xml, csv, tsv), written by the same worker
    the server uses (kg/query/workers.py), so the deadline holds for it too."""
    from .endpoint import short_format
    from .workers import Workers

    check(query)
    store.require()
    with Workers(1) as workers:
        reply = workers.call("reply", str(store.index_path()), timeout=timeout,
                             query=query, accept=short_format(fmt))
    return reply.body
