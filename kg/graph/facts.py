"""The facts table: every fact node of the graph with the names of its two ends and how many statements
back it, in SQLite (Python's own), beside the Oxigraph index.

It is derived in the same build pass that writes the entity graphs, from the same rows, so it holds
nothing the graph does not. It exists for speed: on the 100k-article store, Oxigraph needs about 10 µs
per index look-up, and `who-received 五一劳动奖章` (8,186 facts from 60,990 statements) took 1.5 s
through SPARQL; read from this table it takes a few tens of milliseconds (bench/store.md). SPARQL stays
the reference: a test checks that both give the same answer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .build import FactRow

SCHEMA = """
CREATE TABLE facts (
  kind TEXT NOT NULL,            -- award, post, lead
  iri TEXT PRIMARY KEY,          -- the fact node
  subject TEXT NOT NULL, subject_name TEXT NOT NULL,
  object TEXT NOT NULL, object_name TEXT NOT NULL,
  year INTEGER, role TEXT NOT NULL,
  statements INTEGER NOT NULL,   -- evidence nodes (a sentence of a document) that state it
  first TEXT NOT NULL            -- the first of them (smallest IRI: the first document by id)
) WITHOUT ROWID;
CREATE INDEX facts_by_object ON facts (object, kind);
CREATE INDEX facts_by_subject ON facts (subject, kind);
"""
COLUMNS = ("kind", "iri", "subject", "subject_name", "object", "object_name", "year", "role", "statements", "first")


class FactTable:
    """Fact rows gathered document by document; a statement repeated within a document counts once."""

    def __init__(self) -> None:
        self.rows: dict[str, list] = {}

    def add_document(self, rows: list[FactRow]) -> None:
        for row in {(r.iri, r.evidence): r for r in rows}.values():
            entry = self.rows.get(row.iri)
            if entry is None:
                self.rows[row.iri] = [*row[:-1], 1, row.evidence]
            else:
                entry[-2] += 1
                entry[-1] = min(entry[-1], row.evidence)

    def write(self, path: Path) -> None:
        con = sqlite3.connect(path)
        try:
            con.executescript(SCHEMA)
            con.executemany(f"INSERT INTO facts VALUES ({', '.join('?' * len(COLUMNS))})",
                            (self.rows[k] for k in sorted(self.rows)))
            con.commit()
        finally:
            con.close()


def open_table(path: Path) -> sqlite3.Connection:
    """The table, read-only."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    return con
