"""`kg build` and `kg remove`: keep the knowledge graph store in step with the corpus."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import click

from ..graph.namespaces import DEFAULT_BASE
from ..graph.store import DEFAULT_STORE, Store, StoreError
from ..ingest import load_articles
from ..model import Article
from ..output import to_jsonl_record
from ..pipeline import bundled_corpus, extract_articles
from .options import model_errors, no_model_option

store_option = click.option("--store", "store_dir", default=DEFAULT_STORE, show_default=True,
                            type=click.Path(file_okay=False), help="The store folder.")


def open_store(store_dir: str, base: str | None = None) -> Store:
    try:
        return Store(store_dir, base)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path())
@store_option
@click.option("--base", help=f"IRI prefix of the graph's nodes (default {DEFAULT_BASE}; the store remembers it).")
@no_model_option
def build_command(paths: tuple[str, ...], store_dir: str, base: str | None, no_model: bool) -> None:
    """Build or update the knowledge graph from PATHS (default: the bundled corpus).

    Documents whose content is unchanged are not extracted again; a changed one replaces its named
    graph. A build that fails leaves the previous store as it was.
    """
    if base and not base.startswith(("http://", "https://", "urn:")):
        raise click.BadParameter("an absolute IRI such as https://example.org/laomo/", param_hint="--base")
    store = open_store(store_dir, base if base is None or base.endswith(("/", "#")) else base + "/")
    articles, errors = load_articles(list(paths) or bundled_corpus())
    for err in errors:
        click.echo(f"kg: {err}", err=True)

    def extract(batch: list[Article]) -> list[dict]:
        with model_errors():
            return [to_jsonl_record(d) for d in extract_articles(batch, use_models=not no_model)]

    def progress(items: list[Article]) -> Iterable[Article]:
        if not sys.stderr.isatty() or not items:
            return items
        with click.progressbar(items, label="extracting", file=sys.stderr) as bar:
            return list(bar)

    try:
        report = store.build(articles, extract, progress)
    except (StoreError, OSError) as exc:
        raise click.ClickException(f"build failed, the store is unchanged: {exc}") from exc
    click.echo(f"{store_dir}: {len(store.documents)} documents, {report.triples} quads "
               f"(extracted {len(report.extracted)}, unchanged {len(report.reused)}, removed {len(report.removed)})")
    if errors:
        sys.exit(1)


@click.command("remove")
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
