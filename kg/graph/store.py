"""The store: a folder that keeps each document's extraction and the graph built from all of them.

    kg-store/
      manifest.json            what a look-up reads: version, base, counts, the catalogue and index in use
      catalogue-<hash>.jsonl   the files read (path → size and mtime) and the shared graphs' hashes, then a
                               line per document: source, content hash, summary, graph fingerprint, quads
      records/<hash>.json      one document's extraction with evidence, named by the document's content
      index-<hash>/            the dataset in Oxigraph: a named graph per document plus the shared graphs
      facts-<hash>.sqlite      the facts table (kg/graph/facts.py): every fact, its count and first statement

A build reads only the files whose size or mtime changed, extracts only documents whose content
changed, and rewrites only the graphs whose fingerprint or content changed (a new name can move the
IRIs of other documents): it copies the index (a RocksDB checkpoint: hard links) and replaces those
graphs in the copy, or loads everything afresh when much changed. Memory stays bounded by what one
document, one entity shard and one bulk-load part need, not by the corpus (bench/store.md). Writes
never touch what the manifest points to: new files get new names, the manifest is replaced atomically
last, and only then are old files removed. A build that fails or is interrupted leaves the previous
store as it was. One writer at a time (kg/graph/lock.py): builds and removals hold the store's lock, and
the holder removes what interrupted builds left behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..output import write_atomic
from .facts import FactTable, Quotes, open_table
from .iris import DEFAULT_BASE
from .lock import DEFAULT_WAIT, LockBusy, StoreLock

if TYPE_CHECKING:
    from ..model import Article
    from .build import Identity
    from .nquads import GraphWriter

STORE_VERSION = 3  # 3: the facts table quotes each fact's first statement (2 did not: rebuilt on build)
DEFAULT_STORE = "kg-store"
FRESH_SHARE = 0.2  # load a new index when more than this share of the documents' graphs changed
LOAD_PART = 250_000  # quads per bulk load: Oxigraph's loader holds a part in memory (about 1 KB a quad)

FileStat = tuple[int, int]  # size, mtime in ns
REBUILD = "remove the store folder and run `kg build` again"
MANIFEST_FIELDS: dict[str, type | tuple[type, ...]] = {
    "base": (str, type(None)), "catalogue": (str, type(None)), "index": (str, type(None)),
    "facts": (str, type(None)), "documents": int, "quads": int}
# what a build writes into the store folder: only names of these shapes are ever removed from it
OWN_NAMES = re.compile(r"(?:catalogue-[0-9a-f]{16}\.jsonl|index-[0-9a-f]{16}|facts-[0-9a-f]{16}\.sqlite|dataset-.*\.nq"
                       r"|\.index\..+|\.catalogue\.\d+\.tmp|\.manifest\.json\..+)")



class StoreError(RuntimeError):
    """The store cannot be read or written; the message says which file and why."""


class StoreBusy(StoreError):
    """Another build or removal is writing the store (the message names its pid)."""


@dataclass
class BuildReport:
    extracted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    triples: int = 0
    graphs_written: int = 0  # named graphs (re)written into the index
    fresh_index: bool = False  # the index was loaded afresh rather than updated


def file_stat(path: str) -> FileStat:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


class CatalogueEntries(Mapping[str, dict]):
    """The catalogue's document entries, each parsed when first read: `kg docs` shows 100 of 100,000
    documents, and parsing every entry (about 1.3 kB each, with its summary) took 1.3 s of that."""

    def __init__(self, path: Path):
        self.path = path
        self.lines: dict[str, bytes] = {}
        self.parsed: dict[str, dict] = {}

    def add(self, line: bytes) -> None:
        """A line `["<doc id>",{entry}]` (UTF-8): only the ID is read now. `",{"` closes the ID: inside a
        JSON string every quote is escaped."""
        end = line.find(b'",{"')
        if not line.startswith(b'["') or end < 0:
            raise ValueError(f"a catalogue line that is not [ID, entry]: {line[:40]!r}")
        doc_id = line[2:end].decode("utf-8") if b"\\" not in line[2:end] else json.loads(line[1:end + 1])
        self.lines[doc_id] = line

    def __getitem__(self, doc_id: str) -> dict:
        entry = self.parsed.get(doc_id)
        if entry is None:
            try:
                _id, entry = json.loads(self.lines[doc_id])
            except ValueError as exc:
                raise StoreError(f"{self.path}: unreadable store catalogue ({exc}); {REBUILD}") from exc
            self.parsed[doc_id] = entry
        return entry

    def __iter__(self) -> Iterator[str]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.lines




class Store:
    def __init__(self, folder: str | Path = DEFAULT_STORE, base: str | None = None):
        """`base` (the IRI prefix of instance data) is remembered by the store; giving another one
        rebuilds every graph under it at the next build."""
        self.folder = Path(folder)
        self._legacy: dict = {}
        self._given_base = base
        self.manifest = self._read_manifest()
        self.base = base or self.manifest.get("base") or DEFAULT_BASE
        self._catalogue: dict | None = None
        self._lock: StoreLock | None = None  # held while this object writes
        self._missing: set[str] | None = None

    # -- one writer at a time ------------------------------------------------------------------
    @contextmanager
    def writing(self, wait: float = DEFAULT_WAIT) -> Iterator[Store]:
        """Hold the store's lock (waiting up to `wait` seconds for another writer, then StoreBusy), read the
        manifest afresh (the previous writer changed it) and remove what killed builds left behind.
        Reentrant: the build and remove methods take it themselves; a caller that must read the catalogue
        before building (which files changed) takes it around both."""
        if self._lock is not None:
            yield self
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = StoreLock(self.folder)
        try:
            lock.acquire(wait)
        except LockBusy as exc:
            raise StoreBusy(f"{self.folder}: {exc}") from exc
        self._lock = lock
        try:
            self._legacy = {}
            self.manifest, self._catalogue, self._missing = self._read_manifest(), None, None
            self.base = self._given_base or self.manifest.get("base") or DEFAULT_BASE
            self._collect()
            yield self
        finally:
            self._lock = None
            lock.release()

    # -- manifest and catalogue ----------------------------------------------------------------
    def _read_manifest(self) -> dict:
        path = self.folder / "manifest.json"
        if not path.exists():
            return {"version": STORE_VERSION, "catalogue": None, "index": None, "documents": 0, "quads": 0}
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path}: not a laomo-kg store manifest ({exc}); {REBUILD}") from exc
        if not isinstance(manifest, dict):
            raise StoreError(f"{path}: not a laomo-kg store manifest (a JSON {type(manifest).__name__}, not an object); "
                             f"{REBUILD}")
        if manifest.get("version") == 1:  # an older layout: the next build reuses its records
            documents = manifest.get("documents", {})
            if not isinstance(documents, dict) or not all(
                    isinstance(e, dict) and {"source", "hash", "record"} <= e.keys() for e in documents.values()):
                raise StoreError(f"{path}: a damaged store manifest (its documents are not a map of records); {REBUILD}")
            self._legacy = manifest
            return {"version": 1, "base": manifest.get("base"), "catalogue": None, "index": None,
                    "documents": len(documents), "quads": 0}
        if manifest.get("version") not in (2, STORE_VERSION):  # 2: the index holds; the facts table is made again
            raise StoreError(f"{path}: store version {manifest.get('version')}, expected {STORE_VERSION}")
        wrong = [k for k, kinds in MANIFEST_FIELDS.items() if not isinstance(manifest.get(k), kinds)]
        if wrong:
            raise StoreError(f"{path}: a damaged store manifest (missing or wrong: {', '.join(wrong)}); {REBUILD}")
        return manifest

    @property
    def catalogue(self) -> dict:
        """Files read, shared-graph hashes and documents; read only by builds (it grows with the corpus)."""
        if self._catalogue is None:
            self._catalogue = self._read_catalogue()
        return self._catalogue

    def _read_catalogue(self) -> dict:
        name = self.manifest.get("catalogue")
        if not name:
            return {"files": {}, "shared": {}, "documents": dict(self._legacy.get("documents", {}))}
        path = self.folder / name
        try:
            head, *lines = path.read_bytes().split(b"\n")
            catalogue = {**json.loads(head), "documents": CatalogueEntries(path)}
            for line in lines:
                if line:
                    catalogue["documents"].add(line)
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path}: unreadable store catalogue ({exc}); {REBUILD}") from exc
        return catalogue

    @property
    def exists(self) -> bool:
        return bool(self.manifest.get("index"))

    @property
    def documents(self) -> Mapping[str, dict]:
        return self.catalogue["documents"]

    def record(self, doc_id: str) -> dict:
        return self._read_record(self.documents[doc_id]["record"])

    def _read_record(self, name: str) -> dict:
        return json.loads((self.folder / "records" / name).read_text(encoding="utf-8"))

    def unchanged(self, path: str, stat: FileStat) -> bool:
        """Whether a file was read by an earlier build, has the same size and mtime now, and its documents'
        records are all there (a damaged store has the file read again)."""
        return (self.catalogue["files"].get(path) == list(stat) and self.manifest.get("base") == self.base
                and path not in self._sources_missing_records())

    def _sources_missing_records(self) -> set[str]:
        """The files whose documents' records are gone from records/ (one listing, not a stat a document)."""
        if self._missing is None:
            try:
                present = set(os.listdir(self.folder / "records"))
            except OSError:
                present = set()
            self._missing = {e["source"] for e in self.documents.values() if e["record"] not in present}
        return self._missing

    # -- build ---------------------------------------------------------------------------------
    def build(self, articles: Iterable[Article], extract: Callable[[Iterable[Article]], Iterable[dict]],
              files: dict[str, FileStat] | None = None) -> BuildReport:
        """Extract what changed, reuse what did not, update the graph, then switch atomically.

        `articles` may be a lazy stream (files read batch by batch); `extract` gets the changed ones as a
        stream and yields their records in the same order. `files` maps the files read to their size and
        mtime before reading, so the next build can skip them; it is read once the articles are exhausted.
        """
        from .build import content_hash

        items = ((a.doc_id, a.source, content_hash(a.source + "\n" + a.text), a) for a in articles)
        with self.writing():
            return self._update(items, extract, files)

    def add_records(self, records: Iterable[dict], files: dict[str, FileStat] | None = None) -> BuildReport:
        """Import extraction records (`kg extract --format jsonl`) as they are: extract once, build many times."""
        def items() -> Iterator[tuple[str, str, str, tuple[dict, str]]]:
            for r in records:
                text = json.dumps(r, ensure_ascii=False, sort_keys=True)
                yield r["doc"], r["source"], hashlib.sha256(text.encode("utf-8")).hexdigest(), (r, text)

        with self.writing():
            return self._update(items(), lambda changed: changed, files)

    def add_jsonl(self, path: str, files: dict[str, FileStat] | None = None) -> BuildReport:
        """Import the records of a `kg extract --format jsonl` file. A line the store has imported before
        (the same bytes) is not parsed again; a line that is not a record stops the import, naming it."""
        with self.writing():
            return self._import_jsonl(path, files)

    def _import_jsonl(self, path: str, files: dict[str, FileStat] | None) -> BuildReport:
        from .build import record_problem

        known = {e["hash"]: (doc_id, e["source"]) for doc_id, e in self.documents.items()}

        def items() -> Iterator[tuple[str, str, str, tuple[dict, str] | None]]:
            with open(path, "rb") as f:
                for n, raw in enumerate(f, 1):
                    try:
                        line = raw.decode("utf-8").strip()
                    except UnicodeDecodeError as exc:
                        raise StoreError(f"{path}:{n}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
                    if not line:
                        continue
                    digest = hashlib.sha256(line.encode("utf-8")).hexdigest()
                    if digest in known and (self.folder / "records" / f"{digest}.json").exists():
                        yield *known[digest], digest, None
                        continue
                    try:
                        record = json.loads(line)
                    except ValueError as exc:
                        raise StoreError(f"{path}:{n}: not JSON ({exc})") from exc
                    problem = record_problem(record)
                    if problem:
                        raise StoreError(f"{path}:{n}: not a `kg extract --format jsonl` record ({problem})")
                    yield record["doc"], record["source"], digest, (record, line)

        return self._update(items(), lambda changed: changed, files)

    def _update(self, items: Iterable[tuple[str, str, str, object]], produce: Callable[[Iterable], Iterable],
                files: dict[str, FileStat] | None) -> BuildReport:
        """Reuse the unchanged documents, let `produce` make the records of the others (in their order),
        drop the documents a file read again no longer holds, then publish."""
        report = BuildReport()
        documents = dict(self.documents)
        seen: dict[str, str] = {}  # doc id → source
        todo: deque[tuple[str, str, str]] = deque()

        def changed() -> Iterator[object]:
            for doc_id, source, digest, payload in items:
                seen[doc_id] = source
                entry = documents.get(doc_id)
                if entry and entry["hash"] == digest and (self.folder / "records" / entry["record"]).exists():
                    report.reused.append(doc_id)
                else:
                    todo.append((doc_id, source, digest))
                    yield payload

        (self.folder / "records").mkdir(parents=True, exist_ok=True)
        for made in produce(changed()):
            doc_id, source, digest = todo.popleft()
            record, text = made if isinstance(made, tuple) else (made, None)
            documents[doc_id] = self._put_record(source, digest, record, text)
            report.extracted.append(doc_id)
        if todo:
            raise StoreError(f"no extraction came back for {todo[0][0]}")
        sources = set(seen.values())
        for doc_id, entry in list(documents.items()):
            if entry["source"] in sources and doc_id not in seen:  # the file no longer holds it
                del documents[doc_id]
                report.removed.append(doc_id)
        return self._publish(documents, report, files or {})

    def _put_record(self, source: str, digest: str, record: dict, text: str | None = None) -> dict:
        """Write a record (`text`: its JSON, if made already) under its content's name, through a
        temporary name: never a half record."""
        from .build import Summary

        name = f"{digest}.json"
        path = self.folder / "records" / name
        tmp = path.with_name(f".{name}.{os.getpid()}.tmp")
        tmp.write_text(text or json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
        summary = json.dumps(Summary.of(record).to_json(), ensure_ascii=False, separators=(",", ":"))
        return {"source": source, "hash": digest, "record": name, "summary": summary}

    def remove(self, doc_ids: list[str]) -> BuildReport:
        self.require()
        with self.writing():
            unknown = [d for d in doc_ids if d not in self.documents]
            if unknown:
                raise StoreError(f"not in the store: {', '.join(unknown)}")
            documents = {k: v for k, v in self.documents.items() if k not in doc_ids}
            # their files are forgotten, so that a later build of them reads them again
            forget = {self.documents[d]["source"] for d in doc_ids}
            self.catalogue["files"] = {p: s for p, s in self.catalogue["files"].items() if p not in forget}
            return self._publish(documents, BuildReport(removed=list(doc_ids)), {})

    # -- publishing ----------------------------------------------------------------------------
    def _publish(self, documents: dict[str, dict], report: BuildReport, files: dict[str, FileStat]) -> BuildReport:
        """Bring the index in step with `documents`, then switch the manifest to it."""
        intact = self._intact()
        current = intact and self.manifest.get("version") == STORE_VERSION
        if current and self.manifest.get("base") == self.base and not (report.extracted or report.removed):
            return self._unchanged(report, files)  # the graph is a function of the records and the base
        from .build import Identity, doc_iri

        documents = {doc_id: dict(entry) for doc_id, entry in sorted(documents.items())}
        for entry in documents.values():
            if "summary" not in entry:  # a document kept from an older store layout
                entry.update(self._put_record(entry["source"], entry["hash"], self._read_record(entry["record"])))
        identity = Identity({d: e["summary"] for d, e in documents.items()}, self.base)
        old = self.documents if self.manifest.get("base") == self.base and intact else {}
        staging = Path(tempfile.mkdtemp(prefix=".index.", dir=self.folder))
        try:
            shards = _Shards(staging / "shards", self.base)
            table = FactTable()
            changed = self._describe(identity, documents, old, shards, table)
            gone = [d for d in old if d not in documents]
            fixed = identity.fixed_graphs()
            hashes = shards.finish(fixed)
            old_hashes = self.catalogue.get("shared", {}) if old else {}
            rewrite = [name for name in hashes if hashes[name] != old_hashes.get(name)]
            stats = {**{p: s for p, s in self.catalogue["files"].items() if p not in files},
                     **{p: list(s) for p, s in files.items()}}
            catalogue = {"files": dict(sorted(stats.items())), "shared": hashes, "documents": documents}
            quotes = Quotes(table.wanted(), lambda doc: doc_iri(self.base, doc))
            if old:
                quotes.keep(self._facts_path(), {d for d, e in documents.items() if old.get(d, {}).get("hash") == e["hash"]})
            if not (changed or gone or rewrite) and intact:
                report.triples = self.manifest["quads"]
                facts_name = self.manifest.get("facts") if current else self._write_facts(
                    table, quotes, identity, documents, staging, self.manifest["index"])
                self._switch(catalogue, self.manifest["index"], report.triples, facts_name)
                return report
            index_name = "index-" + _digest([e["graph"] for e in documents.values()] + sorted(hashes.values()))
            fresh = not old or len(changed) + len(gone) > FRESH_SHARE * max(len(documents), 1)
            lines = chain(self._document_lines(identity, documents if fresh else changed, documents, quotes),
                          shards.lines(hashes if fresh else rewrite, fixed))
            if fresh:
                index = ox.Store(str(staging / "index"))
            else:
                index = self._copy_index(staging / "index", [*changed, *gone], [shards.graph(n, fixed) for n in rewrite])
            _load(index, lines, staging / "part.nq", compact=fresh)
            del index
            self._install(staging / "index", index_name)
            facts_name = self._write_facts(table, quotes, identity, documents, staging, index_name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        report.triples = sum(e["quads"] for e in documents.values()) + shards.quads
        self._switch(catalogue, index_name, report.triples, facts_name)
        report.graphs_written = len(documents) + len(hashes) if fresh else len(changed) + len(rewrite)
        report.fresh_index = fresh
        return report

    def _describe(self, identity: Identity, documents: dict[str, dict], old: dict[str, dict],
                  shards: _Shards, table: FactTable) -> list[str]:
        """One pass over the documents: each one's entity triples into the shards (a mention or fact node
        described already is not described again: the same triples) and its facts into the table, its
        fingerprint into its entry; returns the documents whose graph must be (re)written."""
        changed = []
        described: set[tuple] = set()  # entity mentions described already: their triples are in the shards
        for doc_id, entry in documents.items():
            summary = identity.summary(doc_id)
            facts = list(identity.facts(doc_id, summary))
            identity.describe_entities(doc_id, summary, shards.add, described)
            identity.describe_facts([f for f in facts if f.iri not in table.rows], shards.add)  # new fact nodes
            table.add_document(facts)
            entry["graph"] = identity.fingerprint(doc_id, entry["hash"], summary)
            previous = old.get(doc_id, {})
            if previous.get("graph") != entry["graph"] or "quads" not in entry:
                changed.append(doc_id)
                entry["quads"] = 0  # counted when written
        return changed

    def _facts_path(self) -> Path | None:
        return self.folder / self.manifest["facts"] if self.manifest.get("facts") else None

    def _write_facts(self, table: FactTable, quotes: Quotes, identity: Identity, documents: dict[str, dict],
                     staging: Path, index_name: str) -> str:
        """Write the facts table for the index `index_name` under its name; first statements that neither the
        records read for the graph nor the previous table quoted are read from their records."""
        found = quotes.complete(lambda doc: self._read_record(documents[doc]["record"]), identity.evidence_iri)
        table.write(staging / "facts.sqlite", found)
        facts_name = f"facts-{_digest([index_name, str(STORE_VERSION)])}.sqlite"  # not the name of an older layout's
        os.replace(staging / "facts.sqlite", self.folder / facts_name)
        return facts_name

    def _unchanged(self, report: BuildReport, files: dict[str, FileStat]) -> BuildReport:
        """Nothing to rebuild: at most remember the files that were read again (touched, same content)."""
        report.triples = self.manifest["quads"]
        stats = {**self.catalogue["files"], **{p: list(s) for p, s in files.items()}}
        if stats != self.catalogue["files"]:
            self._switch({**self.catalogue, "files": dict(sorted(stats.items()))}, self.manifest["index"],
                         self.manifest["quads"], self.manifest.get("facts"))
        return report

    def _document_lines(self, identity: Identity, doc_ids: Iterable[str], documents: dict[str, dict],
                        quotes: Quotes) -> Iterator[str]:
        """The N-Quads of these documents' graphs, one record read at a time; notes each graph's size and
        the sentences of the facts table's first statements."""
        for doc_id in doc_ids:
            entry = documents[doc_id]
            record = self._read_record(entry["record"])
            lines = identity.document(record, entry["hash"]).lines()
            quotes.note(doc_id, record, identity.evidence_iri)
            entry["quads"] = len(lines)
            yield from lines

    def _copy_index(self, target: Path, documents: list[str], graphs: list[str]) -> ox.Store:
        """A checkpoint of the current index (hard links) without these documents' and shared graphs."""
        from .build import doc_graph

        ox.Store.read_only(str(self.folder / self.manifest["index"])).backup(str(target))
        index = ox.Store(str(target))
        for name in [doc_graph(self.base, d) for d in documents] + graphs:
            index.remove_graph(ox.NamedNode(name))
        return index

    def _install(self, staging: Path, index_name: str) -> None:
        os.chmod(staging, 0o755)
        target = self.folder / index_name
        if index_name != self.manifest.get("index") or not target.is_dir():  # the same name holds the same graphs
            shutil.rmtree(target, ignore_errors=True)  # left by a build interrupted after its copy
            os.replace(staging, target)

    def _switch(self, catalogue: dict, index_name: str, quads: int, facts: str | None = None) -> None:
        """Write the catalogue under a new name, replace the manifest, then remove what is no longer named."""
        tmp = self.folder / f".catalogue.{os.getpid()}.tmp"
        h = hashlib.sha256()
        with tmp.open("w", encoding="utf-8") as out:
            for line in _catalogue_lines(catalogue):
                out.write(line)
                h.update(line.encode("utf-8"))
        name = f"catalogue-{h.hexdigest()[:16]}.jsonl"
        os.replace(tmp, self.folder / name)
        if self._lock is not None and not self._lock.holds():
            raise StoreError(f"{self.folder}: another process took the store's lock during this build; "
                             "nothing of this build was published")
        manifest = {"version": STORE_VERSION, "base": self.base, "documents": len(catalogue["documents"]),
                    "quads": quads, "catalogue": name, "index": index_name, "facts": facts}
        write_atomic(self.folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        self.manifest, self._catalogue, self._legacy = manifest, catalogue, {}
        self._collect()

    def _collect(self) -> None:
        """Remove what the manifest no longer names: records, catalogues, indexes, facts tables, datasets of
        older layouts, and what an interrupted build left (staging folders, temporary files). Only ever
        called by the lock's holder, so nothing here belongs to a build in progress."""
        named = {self.manifest.get("catalogue"), self.manifest.get("index"), self.manifest.get("facts")}
        if (self.folder / "manifest.json").exists():
            keep = {e["record"] for e in self.documents.values()}
            for path in (self.folder / "records").glob("*.json"):
                if path.name not in keep:
                    path.unlink(missing_ok=True)
        for path in [*self.folder.iterdir(), *(self.folder / "records").glob(".*.tmp")]:
            if path.name not in named and (path.parent != self.folder or OWN_NAMES.fullmatch(path.name)):
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)

    # -- reading -------------------------------------------------------------------------------
    def require(self) -> None:
        if self.manifest.get("version") != STORE_VERSION:
            raise StoreError(f"{self.folder}: made by an older laomo-kg; run `kg build` to update it")
        if not self.exists:
            raise StoreError(f"{self.folder}: no knowledge graph here yet; run `kg build` first")

    def _intact(self) -> bool:
        """Whether the index and facts table the manifest names are there (else the next build makes them)."""
        facts = self.manifest.get("facts")
        return self.exists and self._index_path().is_dir() and (not facts or (self.folder / facts).is_file())

    def _index_path(self) -> Path:
        return self.folder / str(self.manifest.get("index"))

    def index_path(self) -> Path:
        """The folder of the index look-ups read; a StoreError if there is none."""
        self.require()
        path = self._index_path()
        self._present(path, "index")
        return path

    def index(self) -> ox.Store:
        path = self.index_path()
        try:
            return ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"{path}: the store's index cannot be read ({' '.join(str(exc).split())}); "
                             "run `kg build` to rebuild it") from exc

    def facts(self) -> sqlite3.Connection | None:
        """The facts table (kg/graph/facts.py), or None for a store built before it existed."""
        self.require()
        if not self.manifest.get("facts"):
            return None
        path = self.folder / self.manifest["facts"]
        self._present(path, "facts table")
        return open_table(path)

    def _present(self, path: Path, what: str) -> None:
        if not path.exists():
            raise StoreError(f"{self.folder}: the {what} the manifest names ({path.name}) is missing; "
                             "run `kg build` to rebuild it")

    def nquads(self) -> str:
        """The whole dataset as N-Quads, graph by graph, each graph's lines sorted (byte-stable)."""
        dump = self.index().dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
        by_graph: dict[str, list[str]] = {}
        for line in dump.splitlines():
            by_graph.setdefault(line.rsplit(" ", 2)[-2], []).append(line)
        return "".join(line + "\n" for g in sorted(by_graph) for line in sorted(by_graph[g]))


class _Shards:
    """The entity graphs, written to a file per shard as they are made (a line per mention), then read
    back one shard at a time, deduplicated and sorted: memory holds one shard, not all of them."""

    def __init__(self, folder: Path, base: str):
        from .build import SHARDS, shard_graph, shard_name, shard_of

        self.shard_of = shard_of
        folder.mkdir(parents=True)
        self.folder, self.base = folder, base
        self.names = [shard_name(k) for k in range(SHARDS)]
        self.suffixes = [f" <{shard_graph(base, k)}> .\n" for k in range(SHARDS)]
        self.files = [(folder / f"{k:02d}.nq").open("w", encoding="utf-8") for k in range(SHARDS)]
        self.quads = 0

    def add(self, s: str, p: str, o: str) -> None:
        k = self.shard_of(s)
        self.files[k].write(f"{s} {p} {o}{self.suffixes[k]}")

    def finish(self, fixed: dict[str, GraphWriter]) -> dict[str, str]:
        """Deduplicate and sort each shard (dropping triples a fixed graph states); the hash of every
        shared graph, fixed ones first."""
        seen: set[str] = set()
        hashes = {}
        for name, g in fixed.items():
            g.discard_seen(seen)
            hashes[name] = _digest(g.lines())
            self.quads += len(g)
        for k, f in enumerate(self.files):
            f.close()
            path = self.folder / f"{k:02d}.nq"
            cut = len(self.suffixes[k])
            with path.open(encoding="utf-8") as src:
                lines = sorted({line for line in src if line[:-cut] not in seen})
            path.write_text("".join(lines), encoding="utf-8")
            hashes[self.names[k]] = _digest(lines)
            self.quads += len(lines)
        return hashes

    def graph(self, name: str, fixed: dict[str, GraphWriter]) -> str:
        """The IRI of a shared graph."""
        from .iris import graph_iri

        return fixed[name].name if name in fixed else graph_iri(self.base, name)

    def lines(self, names: Iterable[str], fixed: dict[str, GraphWriter]) -> Iterator[str]:
        for name in names:
            if name in fixed:
                yield from fixed[name].lines()
            else:
                with (self.folder / f"{self.names.index(name):02d}.nq").open(encoding="utf-8") as src:
                    yield from src


def _load(index: ox.Store, lines: Iterator[str], part: Path, compact: bool) -> None:
    """Bulk-load N-Quads lines a part at a time; compact a new index (a copy compacts in the background)."""
    while True:
        with part.open("w", encoding="utf-8") as out:
            out.writelines(islice(lines, LOAD_PART))
        if not part.stat().st_size:
            break
        index.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
    part.unlink()
    if compact:
        index.optimize()


def _catalogue_lines(catalogue: dict) -> Iterator[str]:
    yield json.dumps({"files": catalogue["files"], "shared": catalogue["shared"]}, ensure_ascii=False) + "\n"
    for doc_id, entry in catalogue["documents"].items():
        yield json.dumps([doc_id, entry], ensure_ascii=False, separators=(",", ":")) + "\n"


def _digest(parts: Iterable[str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:16]
