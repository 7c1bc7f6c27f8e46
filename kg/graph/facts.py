"""The facts table: every fact node of the graph with the names of its two ends, how many statements back
it and the first of them (its sentence, file, offsets and document), in SQLite (Python's own), beside the
Oxigraph index.

It is derived in the same build pass that writes the entity graphs, from the same rows, so it holds
nothing the graph does not. It exists for speed: on the 100k-article store, Oxigraph needs about 10 µs
per index look-up, and `who-received 五一劳动奖章` (8,186 facts from 60,990 statements) took 1.5 s
through SPARQL, the first source of each fact five more look-ups; read from this table it takes a few tens
of milliseconds (bench/store.md). SPARQL stays the reference: a test checks that both give the same answer,
first sources included.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from .build import FactRow, evidence_sentences

SCHEMA = """
CREATE TABLE facts (
  kind TEXT NOT NULL,            -- award, post, lead
  iri TEXT PRIMARY KEY,          -- the fact node
  subject TEXT NOT NULL, subject_name TEXT NOT NULL,
  object TEXT NOT NULL, object_name TEXT NOT NULL,
  year INTEGER, role TEXT NOT NULL,
  statements INTEGER NOT NULL,   -- evidence nodes (a sentence of a document) that state it
  first TEXT NOT NULL,           -- the first of them (smallest IRI: the first document by id), and of it:
  first_doc TEXT NOT NULL,       --   its document node,
  first_file TEXT NOT NULL,      --   the file that document was read from (as the build was given it),
  first_start INTEGER NOT NULL,  --   its offsets in that file
  first_end INTEGER NOT NULL,
  first_sentence TEXT NOT NULL   --   and its sentence
) WITHOUT ROWID;
CREATE INDEX facts_by_object ON facts (object, kind);
CREATE INDEX facts_by_subject ON facts (subject, kind);
"""
COLUMNS = ("kind", "iri", "subject", "subject_name", "object", "object_name", "year", "role", "statements", "first",
           "first_doc", "first_file", "first_start", "first_end", "first_sentence")
FIRST = 9  # where a row's first statement begins: its evidence IRI, then (while building) its document id

Quote = tuple[str, str, str]  # a statement's document node, file and sentence


class FactTable:
    """Fact rows gathered document by document; a statement repeated within a document counts once."""

    def __init__(self) -> None:
        self.rows: dict[str, list] = {}  # fact IRI → columns up to `statements`, first IRI, document id, start, end

    def add_document(self, rows: list[FactRow]) -> None:
        for row in {(r.iri, r.evidence): r for r in rows}.values():
            entry = self.rows.get(row.iri)
            if entry is None:
                self.rows[row.iri] = [*row[:8], 1, row.evidence, row.doc, row.start, row.end]
            else:
                entry[8] += 1
                if row.evidence < entry[FIRST]:
                    entry[FIRST:] = [row.evidence, row.doc, row.start, row.end]

    def wanted(self) -> dict[str, str]:
        """The first statements, whose sentences the table keeps: evidence IRI → document id."""
        return {row[FIRST]: row[FIRST + 1] for row in self.rows.values()}

    def write(self, path: Path, quotes: dict[str, Quote]) -> None:
        """Write the table; `quotes` gives each first statement's document node, file and sentence."""
        con = sqlite3.connect(path)
        try:
            con.executescript(SCHEMA)
            con.executemany(f"INSERT INTO facts VALUES ({', '.join('?' * len(COLUMNS))})",
                            (_row(self.rows[k], quotes[self.rows[k][FIRST]]) for k in sorted(self.rows)))
            con.commit()
        finally:
            con.close()


def _row(entry: list, quote: Quote) -> list:
    doc, file, sentence = quote
    start, end = entry[FIRST + 2:]
    return [*entry[:FIRST + 1], doc, file, start, end, sentence]


class Quotes:
    """The document, file and sentence of each fact's first statement, gathered at the least cost: noted from
    the records a build reads anyway (`note`), kept from the previous table for documents whose record did
    not change (`keep`), and only then read from the remaining documents' records (`complete`)."""

    def __init__(self, wanted: dict[str, str], doc_iri: Callable[[str], str]):
        self.wanted, self.doc_iri = wanted, doc_iri
        self.by_doc: dict[str, list[str]] = {}
        for evidence, doc in wanted.items():
            self.by_doc.setdefault(doc, []).append(evidence)
        self.found: dict[str, Quote] = {}

    def note(self, doc: str, record: dict, evidence_iri: Callable[[str, int, int], str]) -> None:
        """A document's record, read for its graph: the first statements it holds."""
        if doc not in self.by_doc:
            return
        wanted = set(self.by_doc[doc])
        doc_node = self.doc_iri(doc)
        for (start, end), sentence in evidence_sentences(record).items():
            iri = evidence_iri(doc, start, end)
            if iri in wanted:
                self.found[iri] = (doc_node, record["source"], sentence)

    def keep(self, previous: Path | None, unchanged: set[str]) -> None:
        """What the previous table (None: there is none) says of first statements of unchanged documents; a
        table of an older layout, without first sources, gives nothing."""
        if previous is None or not previous.is_file():
            return
        con = open_table(previous)
        try:
            rows = con.execute("SELECT first, first_doc, first_file, first_sentence FROM facts")
            for first, doc, file, sentence in rows:
                if first not in self.found and self.wanted.get(first) in unchanged:
                    self.found[first] = (doc, file, sentence)
        except sqlite3.OperationalError:  # no such column: an older layout
            pass
        finally:
            con.close()

    def missing(self) -> list[str]:
        """The documents still to read: they hold a first statement found neither way."""
        return sorted({doc for evidence, doc in self.wanted.items() if evidence not in self.found})

    def complete(self, read: Callable[[str], dict], evidence_iri: Callable[[str, int, int], str]) -> dict[str, Quote]:
        """Read the missing documents' records (`read(doc id)`); then every first statement is quoted."""
        for doc in self.missing():
            self.note(doc, read(doc), evidence_iri)
        return self.found


def open_table(path: Path) -> sqlite3.Connection:
    """The table, read-only."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    return con


