"""`kg who-received`, `kg show`, `kg query`, `kg stats`: answers from the built graph."""

from __future__ import annotations

import json
import sqlite3

import click
import pyoxigraph as ox

from ..graph.store import StoreError
from ..query.lookups import Answer, UnknownHonour, facts_about, matches, stats, who_received
from ..query.sparql import QueryError, describe, named_queries, resolve, run
from . import short_help
from .options import open_store, store_option
from .render import format_option, render


def _open(store_dir: str) -> tuple[ox.Store, sqlite3.Connection | None]:
    """The store's index and facts table, or one clear line saying why not."""
    store = open_store(store_dir)
    try:
        return store.index(), store.facts()
    except (StoreError, OSError, sqlite3.Error) as exc:
        raise click.ClickException(str(exc)) from exc


def _index(store_dir: str) -> ox.Store:
    return _open(store_dir)[0]


sources_option = click.option("--sources", "all_sources", is_flag=True,
                              help="List every source (sentence, file, offsets) of each fact, not only how many.")


def _answer(answer: Answer, fmt: str, all_sources: bool) -> str:
    """One row per fact (with --sources: per source; in JSON, each fact with its statements)."""
    columns = answer.row_columns
    if fmt == "json":
        return json.dumps(answer.nested() if all_sources else [{c: r.get(c) for c in columns} for r in answer.rows],
                          ensure_ascii=False, indent=1)
    return render(columns, answer.source_rows() if all_sources else answer.rows, fmt)


@click.command("who-received", short_help=short_help("who-received"))
@click.argument("honour")
@click.option("--level", help="national, provincial, municipal, district, industry, enterprise, centralsoe")
@click.option("--year", type=int)
@click.option("--region", help="A region named in the honour or in the holder's organisation (广东, 河源市 …).")
@sources_option
@store_option
@format_option
def who_received_command(honour: str, level: str | None, year: int | None, region: str | None, all_sources: bool,
                         store_dir: str, fmt: str) -> None:
    """Everyone who received HONOUR or an honour narrower than it: one row per holder, honour and year,
    with how many sources state it and the first of them (all of them with --sources)."""
    level = {"centralsoe": "CentralSOE"}.get((level or "").lower(), level)
    try:
        index, table = _open(store_dir)
        answer = who_received(index, honour, level, year, region, all_sources, table)
    except UnknownHonour as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(_answer(answer, fmt, all_sources))


@click.command("show", short_help=short_help("show"))
@click.argument("name")
@click.option("--id", "iri", help="Pick one of several matches by its IRI.")
@sources_option
@store_option
@format_option
def show_command(name: str, iri: str | None, all_sources: bool, store_dir: str, fmt: str) -> None:
    """Everything known about a person, organisation or honour called NAME, grouped: each fact once, with
    how many sources state it and the first of them (all of them with --sources)."""
    index = _index(store_dir)
    found = matches(index, name)
    if iri:
        found = [m for m in found if m["iri"] == iri]
    if not found:
        raise click.ClickException(f"nothing called {name!r} in the graph")
    if len(found) > 1:
        click.echo(f"{len(found)} things are called {name}; pick one with --id:")
        click.echo(render(["type", "name", "iri"], found, fmt))
        return
    thing = found[0]
    facts = facts_about(index, str(thing["iri"]), all_sources)
    if fmt == "json":
        groups = {g: json.loads(_answer(a, fmt, all_sources)) for g, a in facts.items()}
        click.echo(json.dumps({**thing, "facts": groups}, ensure_ascii=False, indent=1))
        return
    click.echo(f"{thing['name']}  ({thing['type']}, {thing['iri']})")
    for group, answer in facts.items():
        click.echo(f"\n{group}:")
        click.echo(_answer(answer, fmt, all_sources))


@click.command("query", short_help=short_help("query"))
@click.argument("query", required=False)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries in queries/.")
@store_option
@format_option
def query_command(query: str | None, list_queries: bool, store_dir: str, fmt: str) -> None:
    """Run QUERY: a name from queries/, a .rq file, or inline SPARQL (SELECT or ASK)."""
    if list_queries or not query:
        for name, path in named_queries().items():
            click.echo(f"{name:32} {describe(path)}")
        return
    try:
        result = run(_index(store_dir), resolve(query))
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(render(result.columns, result.rows, fmt))


@click.command("stats", short_help=short_help("stats"))
@store_option
@format_option
def stats_command(store_dir: str, fmt: str) -> None:
    """Counts by class, honours by level and year, organisations by honoured people."""
    results = stats(_index(store_dir))
    if fmt == "json":
        click.echo(json.dumps({t: r.rows for t, r in results.items()}, ensure_ascii=False, indent=1))
        return
    for title, result in results.items():
        click.echo(f"{title}:\n{render(result.columns, result.rows, fmt)}\n")
