"""The store: a folder that keeps each document's extraction and the graph built from all of them.

    kg-store/
      manifest.json            documents (id → source, content hash, record file), dataset and index names
      records/<hash>.json      one document's extraction with evidence, named by the document's content
      dataset-<hash>.nq        the whole dataset as sorted N-Quads (the export source, byte-stable)
      index-<hash>/            an Oxigraph store over the same quads, for fast SPARQL

Writes never touch what the manifest points to: new files get new names, the manifest is replaced
atomically last, and only then are the old files removed. A build that fails or is interrupted
leaves the previous store as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..model import Article
from ..output import write_atomic
from .build import GraphBuilder, content_hash
from .namespaces import DEFAULT_BASE

STORE_VERSION = 1
DEFAULT_STORE = "kg-store"


class StoreError(RuntimeError):
    """The store cannot be read or written; the message says which file and why."""


@dataclass
class BuildReport:
    extracted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    triples: int = 0


class Store:
    def __init__(self, folder: str | Path = DEFAULT_STORE, base: str | None = None):
        """`base` (the IRI prefix of instance data) is remembered by the store; giving another one
        rebuilds every graph under it at the next build."""
        self.folder = Path(folder)
        self.base = base or DEFAULT_BASE
        self.manifest = self._read_manifest()
        self.base = base or self.manifest.get("base") or DEFAULT_BASE

    # -- manifest ------------------------------------------------------------------------------
    def _read_manifest(self) -> dict:
        path = self.folder / "manifest.json"
        if not path.exists():
            return {"version": STORE_VERSION, "base": self.base, "documents": {}, "dataset": None, "index": None}
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise StoreError(f"{path}: not a laomo-kg store manifest ({exc})") from exc
        if manifest.get("version") != STORE_VERSION:
            raise StoreError(f"{path}: store version {manifest.get('version')}, expected {STORE_VERSION}")
        return manifest

    @property
    def exists(self) -> bool:
        return bool(self.manifest.get("dataset"))

    @property
    def documents(self) -> dict[str, dict]:
        return self.manifest["documents"]

    def record(self, doc_id: str) -> dict:
        entry = self.documents[doc_id]
        return json.loads((self.folder / "records" / entry["record"]).read_text(encoding="utf-8"))

    # -- build ---------------------------------------------------------------------------------
    def build(self, articles: list[Article], extract: Callable[[list[Article]], list[dict]],
              progress: Callable[[Iterable], Iterable] = lambda it: it) -> BuildReport:
        """Extract what changed, reuse what did not, rebuild the dataset, then switch atomically."""
        report = BuildReport()
        documents = dict(self.documents)
        sources = {a.source for a in articles}
        current = {a.doc_id for a in articles}
        for doc_id, entry in list(documents.items()):
            if entry["source"] in sources and doc_id not in current:  # the file no longer holds it
                del documents[doc_id]
                report.removed.append(doc_id)
        (self.folder / "records").mkdir(parents=True, exist_ok=True)
        todo = []
        for a in articles:
            digest = content_hash(a.source + "\n" + a.text)
            entry = documents.get(a.doc_id)
            if entry and entry["hash"] == digest and (self.folder / "records" / entry["record"]).exists():
                report.reused.append(a.doc_id)
            else:
                todo.append((a, digest))
        for (a, digest), rec in zip(todo, extract(list(progress([a for a, _ in todo]))), strict=True):
            rec["contentHash"] = digest
            name = f"{digest}.json"
            write_atomic(self.folder / "records" / name, json.dumps(rec, ensure_ascii=False, sort_keys=True))
            documents[a.doc_id] = {"source": a.source, "hash": digest, "record": name}
            report.extracted.append(a.doc_id)
        report.triples = self._publish(documents)
        return report

    def remove(self, doc_ids: list[str]) -> BuildReport:
        unknown = [d for d in doc_ids if d not in self.documents]
        if unknown:
            raise StoreError(f"not in the store: {', '.join(unknown)}")
        documents = {k: v for k, v in self.documents.items() if k not in doc_ids}
        report = BuildReport(removed=list(doc_ids))
        report.triples = self._publish(documents)
        return report

    def _publish(self, documents: dict[str, dict]) -> int:
        """Write a new dataset and index beside the old ones, then switch the manifest to them."""
        records = [json.loads((self.folder / "records" / e["record"]).read_text(encoding="utf-8"))
                   for e in documents.values()]
        dataset = GraphBuilder(records, self.base).dataset()
        nquads = "".join(sorted(line + "\n" for line in dataset.serialize(format="nquads").splitlines() if line))
        digest = content_hash(nquads)[:16]
        dataset_name, index_name = f"dataset-{digest}.nq", f"index-{digest}"
        if not (self.folder / dataset_name).exists():
            write_atomic(self.folder / dataset_name, nquads)
        if not (self.folder / index_name).exists():
            staging = Path(tempfile.mkdtemp(prefix=".index.", dir=self.folder))
            try:
                index = ox.Store(str(staging))
                index.bulk_load(path=str(self.folder / dataset_name), format=ox.RdfFormat.N_QUADS)
                index.flush()
                del index
                os.chmod(staging, 0o755)
                os.replace(staging, self.folder / index_name)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        old = (self.manifest.get("dataset"), self.manifest.get("index"))
        manifest = {"version": STORE_VERSION, "base": self.base, "documents": dict(sorted(documents.items())),
                    "dataset": dataset_name, "index": index_name}
        write_atomic(self.folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        self.manifest = manifest
        self._collect(documents, old)
        return nquads.count("\n")

    def _collect(self, documents: dict[str, dict], old: tuple[str | None, str | None]) -> None:
        """Remove files the manifest no longer names."""
        keep = {e["record"] for e in documents.values()}
        for path in (self.folder / "records").glob("*.json"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
        for name in old:
            if name and name not in (self.manifest["dataset"], self.manifest["index"]):
                target = self.folder / name
                shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)

    # -- reading -------------------------------------------------------------------------------
    def require(self) -> None:
        if not self.exists:
            raise StoreError(f"{self.folder}: no knowledge graph here yet; run `kg build` first")

    def nquads_path(self) -> Path:
        self.require()
        return self.folder / self.manifest["dataset"]

    def index(self) -> ox.Store:
        self.require()
        return ox.Store.read_only(str(self.folder / self.manifest["index"]))
