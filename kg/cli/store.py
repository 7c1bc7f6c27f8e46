"""`kg build` and `kg remove`: keep the knowledge graph store in step with the corpus.

A build with nothing to do reads no file whose size and mtime are unchanged and loads no model: the
NLP stack is imported only when some document has to be extracted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from itertools import chain

import click

from ..graph.iris import DEFAULT_BASE
from ..graph.store import BuildReport, FileStat, Store, StoreError, file_stat
from ..resources import bundled_corpus
from . import short_help
from .options import default_jobs, jobs_option, model_errors, no_model_option, open_store, store_option


@click.command("build", short_help=short_help("build"))
@click.argument("paths", nargs=-1, type=click.Path())
@store_option
@click.option("--base", help=f"IRI prefix of the graph's nodes (default {DEFAULT_BASE}; the store remembers it).")
@click.option("--from-records", "records_file", type=click.Path(dir_okay=False),
              help="Build from the output of `kg extract --format jsonl` instead of text: extract once, build many times.")
@no_model_option
@jobs_option
def build_command(paths: tuple[str, ...], store_dir: str, base: str | None, records_file: str | None,
                  no_model: bool, jobs: int | None) -> None:
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
        if records_file:
            report, errors = _from_records(store, records_file), []
        else:
            report, errors = _from_text(store, list(paths) or bundled_corpus(), not no_model, jobs or default_jobs())
    except (StoreError, OSError) as exc:
        raise click.ClickException(f"build failed, the store is unchanged: {exc}") from exc
    for err in errors:
        click.echo(f"kg: {err}", err=True)
    total = len(store.documents)
    click.echo(f"{store_dir}: {total} documents, {report.triples} quads (extracted {len(report.extracted)}, "
               f"unchanged {total - len(report.extracted)}, removed {len(report.removed)})")
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

    def articles() -> Iterator:
        from ..ingest import load_articles

        for batch in _batches(_progress(stale), FILE_BATCH):
            found, failed = load_articles(batch)
            errors.extend(str(e) for e in failed)
            read.update({path: files[path] for path in batch if path not in {e.path for e in failed}})
            yield from found

    def extract(changed: Iterable) -> Iterator[dict]:
        changed = iter(changed)
        first = next(changed, None)
        if first is None:  # nothing to extract: no NLP imported, no model loaded
            return
        from ..output import to_jsonl_record
        from ..parallel import extract_records

        with model_errors():
            yield from extract_records(chain([first], changed), to_jsonl_record, use_models=use_models, jobs=jobs)

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


def _progress(paths: list[str]) -> Iterable[str]:
    if not sys.stderr.isatty() or not paths:
        yield from paths
        return
    with click.progressbar(paths, label="reading and extracting", file=sys.stderr) as bar:
        yield from bar


def _from_records(store: Store, path: str) -> BuildReport:
    try:
        stat = file_stat(path)
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror}") from exc
    if store.unchanged(path, stat):
        return store.add_records((), files={path: stat})
    return store.add_jsonl(path, files={path: stat})


@click.command("remove", short_help=short_help("remove"))
@click.argument("doc_ids", nargs=-1, required=True)
@store_option
def remove_command(doc_ids: tuple[str, ...], store_dir: str) -> None:
    """Remove documents (by id, as `kg build` lists them) and their named graphs from the store."""
    store = open_store(store_dir)
    try:
        report = store.remove(list(doc_ids))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{store_dir}: removed {len(report.removed)}; {len(store.documents)} documents, {report.triples} quads")
