"""`kg who-received`, `kg show`, `kg query`, `kg stats`: answers from the built graph."""

from __future__ import annotations

import json

import click

from ..graph.store import StoreError
from ..query.lookups import UnknownHonour, facts_about, matches, stats, who_received
from ..query.sparql import QueryError, describe, named_queries, resolve, run
from .render import format_option, render
from .store import open_store, store_option


def _index(store_dir: str):
    try:
        return open_store(store_dir).index()
    except (StoreError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("who-received")
@click.argument("honour")
@click.option("--level", help="national, provincial, municipal, district, industry, enterprise, centralsoe")
@click.option("--year", type=int)
@click.option("--region", help="A region named in the honour or in the holder's organisation (广东, 河源市 …).")
@store_option
@format_option
def who_received_command(honour: str, level: str | None, year: int | None, region: str | None, store_dir: str,
                         fmt: str) -> None:
    """Everyone who received HONOUR or an honour narrower than it, with the sentence that says so."""
    level = {"centralsoe": "CentralSOE"}.get((level or "").lower(), level)
    try:
        result = who_received(_index(store_dir), honour, level, year, region)
    except UnknownHonour as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(render(result.columns, result.rows, fmt))


@click.command("show")
@click.argument("name")
@click.option("--id", "iri", help="Pick one of several matches by its IRI.")
@store_option
@format_option
def show_command(name: str, iri: str | None, store_dir: str, fmt: str) -> None:
    """Everything known about a person, organisation or honour called NAME, grouped, with evidence."""
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
    facts = facts_about(index, str(thing["iri"]))
    if fmt == "json":
        click.echo(json.dumps({**thing, "facts": facts}, ensure_ascii=False, indent=1))
        return
    click.echo(f"{thing['name']}  ({thing['type']}, {thing['iri']})")
    for group, rows in facts.items():
        click.echo(f"\n{group}:")
        click.echo(render(list(rows[0]), rows, fmt))


@click.command("query")
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


@click.command("stats")
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
