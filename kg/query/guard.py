"""The guard around SPARQL from users (`kg query`, named queries, the server): read-only, offline, bounded.

- `check(query)` refuses SERVICE (federation: Oxigraph would open a socket) and every update keyword, found
  on the query's tokens with strings, IRIs and comments skipped (a literal "SERVICE" is data);
- `run(store, query, timeout=…, max_rows=…)` evaluates in a worker process that is killed at the deadline
  (kg/query/workers.py): a deadline checked between rows is not enough, as ORDER BY, GROUP BY and aggregates
  compute everything before their first row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .sparql import QueryError, Result

if TYPE_CHECKING:
    from ..graph.store import Store

UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD")
DEFAULT_TIMEOUT = 10.0  # seconds


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
    """Raise QueryRefused, with a one-line reason, for SERVICE or an update."""
    for kind, text, at in tokens(query):
        word = text.upper()
        if kind == "word" and word == "SERVICE":
            raise QueryRefused(f"SERVICE (line {_line(query, at)}) is refused: queries read the local graph only, "
                               "nothing here goes on the network")
        if kind == "word" and word in UPDATES:
            raise QueryRefused(f"{word} (line {_line(query, at)}) is refused: queries only read the graph; "
                               "`kg build` and `kg remove` change it")


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def run(store: Store, query: str, *, timeout: float | None, max_rows: int | None = None) -> Result:
    """Check the query, then evaluate it over `store` in a worker process killed at the deadline (`timeout`
    in seconds, None: none); more than `max_rows` rows is an error (workers.TooLarge)."""
    from .workers import Workers

    check(query)
    store.require()
    with Workers(1) as workers:
        return workers.call("rows", str(store.folder / store.manifest["index"]), timeout=timeout,
                            query=query, max_rows=max_rows)
