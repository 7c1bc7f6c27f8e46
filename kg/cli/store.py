"""`kg build` and `kg remove`: keep the knowledge graph store in step with the corpus.

A build with nothing to do reads no file whose size and mtime are unchanged and loads no model: the
NLP stack is imported only when some document has to be extracted.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from itertools import chain

import click

from ..graph.iris import DEFAULT_BASE
from ..graph.lock import DEFAULT_WAIT
from ..graph.store import BuildReport, FileStat, Store, StoreBusy, StoreError, file_stat
from ..query.lookups import shown_path
from ..resources import bundled_corpus
from . import short_help
from .i18n import t
from .options import TEXT, default_jobs, jobs_option, model_errors, no_model_option, open_store, store_option
from .progress import Progress, verbosity, verbosity_options
from .render import bom_option, emit, format_option, limit_option

wait_option = click.option(
    "--wait", type=click.FloatRange(min=0), default=DEFAULT_WAIT, show_default=True, envvar="KG_BUILD_WAIT",
    help="Seconds to wait while another build or removal writes the store, then give up "
         "(environment: KG_BUILD_WAIT).")


@click.command("build", short_help=short_help("build"))
@click.argument("paths", nargs=-1, type=click.Path())
@store_option
@click.option("--base", help=f"IRI prefix of the graph's nodes (default {DEFAULT_BASE}; the store remembers it).")
@click.option("--from-records", "records_file", type=click.Path(dir_okay=False),
              help="Build from the output of `kg extract --format jsonl` instead of text: extract once, build many times.")
@no_model_option
@jobs_option
@verbosity_options
@wait_option
def build_command(paths: tuple[str, ...], store_dir: str, base: str | None, records_file: str | None,
                  no_model: bool, jobs: int | None, wait: float) -> None:
    """Build or update the knowledge graph from PATHS (default: the bundled corpus).

    Files whose size and mtime are unchanged are not read again, documents whose content is unchanged
    are not extracted again, and only the graphs that changed are rewritten. A build that fails leaves
    the previous store as it was.
    """
    if base and (not base.startswith(("http://", "https://", "urn:")) or any(c in base for c in ' <>"{}|^`\\')):
        raise click.BadParameter("an absolute IRI such as https://example.org/laomo/", param_hint="--base")
    if records_file and paths:
        raise click.UsageError("give PATHS or --from-records, not both")
    store = open_store(store_dir, base if base is None or base.endswith(("/", "#")) else base + "/")
    try:
        with store.writing(wait):
            if records_file:
                report, errors = _from_records(store, records_file), []
            else:
                report, errors = _from_text(store, list(paths) or bundled_corpus(), not no_model, jobs or default_jobs())
    except StoreBusy as exc:
        raise click.ClickException(f"{exc}; the store is unchanged (wait longer with --wait SECONDS)") from exc
    except (StoreError, OSError) as exc:
        raise click.ClickException(f"build failed, the store is unchanged: {exc}") from exc
    for err in errors:
        click.echo(f"kg: {err}", err=True)
    total = len(store.documents)
    if verbosity() >= 0:
        click.echo(t("built", store=store_dir, documents=total, quads=report.triples, extracted=len(report.extracted),
                     unchanged=total - len(report.extracted), removed=len(report.removed)))
    if errors:
        sys.exit(1)


def text_files(paths: list[str]) -> tuple[dict[str, FileStat], list[str]]:
    """Every .txt file the paths name (as ingest walks them), with its size and mtime; missing paths."""
    from ..ingest.reader import _files_in

    files: dict[str, FileStat] = {}
    missing = []
    for given in paths:
        for path in _files_in(given) if os.path.isdir(given) else [given]:
            try:
                files[path] = file_stat(path)
            except OSError:
                missing.append(f"{path}: no such file or directory")
    return files, missing


def _from_text(store: Store, paths: list[str], use_models: bool, jobs: int) -> tuple[BuildReport, list[str]]:
    """Read the changed files batch by batch while the changed documents are extracted (memory stays
    bounded by a batch, not the corpus)."""
    files, errors = text_files(paths)
    stale = [path for path, stat in files.items() if not store.unchanged(path, stat)]
    read: dict[str, FileStat] = {}
    progress = Progress(verbosity(), files=len(stale))

    def articles() -> Iterator:
        from ..ingest import load_articles

        for batch in _batches(stale, FILE_BATCH):
            found, failed = load_articles(batch)
            errors.extend(str(e) for e in failed)
            read.update({path: files[path] for path in batch if path not in {e.path for e in failed}})
            for path in batch:
                progress.read(path, sum(a.source == path for a in found))
            yield from found

    def extract(changed: Iterable) -> Iterator[dict]:
        changed = iter(changed)
        first = next(changed, None)
        if first is None:  # nothing to extract: no NLP imported, no model loaded
            return
        from ..output import to_jsonl_record
        from ..parallel import extract_records

        with model_errors(), progress:
            yield from progress.count(extract_records(progress.queue(chain([first], changed)), to_jsonl_record,
                                                      use_models=use_models, jobs=jobs))

    return store.build(articles(), extract, files=read), errors


FILE_BATCH = 64


def _batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _from_records(store: Store, path: str) -> BuildReport:
    try:
        stat = file_stat(path)
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror}") from exc
    if store.unchanged(path, stat):
        return store.add_records((), files={path: stat})
    return store.add_jsonl(path, files={path: stat})


def documents_named(store: Store, given: list[str]) -> tuple[list[str], list[str]]:
    """The documents each argument names: a document ID, a file the store was built from (every article of
    it), or a folder (every file under it); and the arguments that name none. A path matches as it was
    given to the build or as the same file from here."""
    by_path: dict[str, list[str]] = {}
    for doc_id, entry in store.documents.items():
        for path in {entry["source"], os.path.abspath(entry["source"])}:
            by_path.setdefault(path, []).append(doc_id)
    found: dict[str, None] = {}
    unknown = []
    for arg in given:
        named = [arg] if arg in store.documents else by_path.get(arg) or by_path.get(os.path.abspath(arg), [])
        if not named and os.path.isdir(arg):
            folder = os.path.join(os.path.abspath(arg), "")
            named = [d for p, ids in by_path.items() if p.startswith(folder) for d in ids]
        found.update(dict.fromkeys(named))
        if not named:
            unknown.append(arg)
    return list(found), unknown


@click.command("remove", short_help=short_help("remove"))
@click.argument("items", nargs=-1, required=True, type=TEXT)
@store_option
@wait_option
def remove_command(items: tuple[str, ...], store_dir: str, wait: float) -> None:
    """Remove documents from the store: by ID (as `kg docs` lists them), or every document of a FILE or of
    the files under a FOLDER. A later `kg build` of those files reads them again."""
    store = open_store(store_dir)
    try:
        store.require()  # nothing to remove from: no folder is made for it
        with store.writing(wait):
            store.require()
            doc_ids, unknown = documents_named(store, list(items))
            if unknown:
                raise click.ClickException(t("not_in_store", items=", ".join(unknown)))
            report = store.remove(doc_ids)
    except StoreBusy as exc:
        raise click.ClickException(f"{exc}; the store is unchanged (wait longer with --wait SECONDS)") from exc
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"remove failed, the store is unchanged: {exc}") from exc
    click.echo(t("removed", store=store_dir, removed=len(report.removed), documents=len(store.documents),
                 quads=report.triples))


ALL_DOCS = """
SELECT ?doc ?title ?date WHERE { ?doc a lm:Document OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:date ?date } }
"""


def _document_rows(store: Store, doc_ids: list[str]) -> list[dict]:
    """ID, file, title, date and number of facts of each document (catalogue entries are read one by one:
    a page reads only its own)."""
    from ..graph.build import doc_iri

    described = _described(store, doc_ids)
    rows = []
    for doc_id in doc_ids:
        entry = store.documents[doc_id]
        about = described.get(doc_iri(store.base, doc_id), {})
        rows.append({"doc": doc_id, "file": shown_path(entry["source"]), "title": about.get("title"),
                     "date": about.get("date"),
                     "facts": len(json.loads(entry["summary"])[1]) if "summary" in entry else None})
    return rows


def _described(store: Store, doc_ids: list[str]) -> dict[str, dict]:
    """Title and date of these documents by IRI: a page of them asked by name, many in one pass over all."""
    from ..graph.build import doc_iri
    from ..query.lookups import documents
    from ..query.sparql import run

    if len(doc_ids) > PAGE_BY_NAME:
        return {str(r["doc"]): r for r in run(store.index(), ALL_DOCS).rows}
    found = documents(store.index(), [doc_iri(store.base, d) for d in doc_ids])
    return {iri: {"title": d.title, "date": d.date} for iri, d in found.items()}


PAGE_BY_NAME = 1000  # documents asked for by IRI; more are read in one pass over all of them


@click.command("docs", short_help=short_help("docs"))
@click.argument("paths", nargs=-1)
@store_option
@format_option
@limit_option
@bom_option
def docs_command(paths: tuple[str, ...], store_dir: str, fmt: str, limit: int, bom: bool) -> None:
    """List the documents in the store (or those of PATHS: files or folders): ID, file, title, date and
    how many facts each states."""
    store = open_store(store_dir)
    try:
        store.require()
        wanted, unknown = documents_named(store, list(paths)) if paths else (list(store.documents), [])
        if unknown:
            raise click.ClickException(t("not_in_store", items=", ".join(unknown)))
        ids = sorted(wanted)
        listed = ids[:limit] if fmt == "table" and limit else ids  # a table's first page: only its rows are read
        rows = _document_rows(store, listed)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    emit(["doc", "file", "title", "date", "facts"], rows, fmt, bom, limit=limit, total=len(ids), marks=lambda r: ())
