"""`kg who-received`, `kg show`, `kg query`, `kg stats`: answers from the built graph."""

from __future__ import annotations

import sqlite3
import sys

import click
import pyoxigraph as ox

from ..graph.store import StoreError
from ..query import guard
from ..query.lookups import (
    Answer,
    LevelNotFound,
    UnknownName,
    closest_names,
    every_source,
    facts_about,
    matches,
    organisation_and_post,
    posts_of,
    stats,
    who_received,
)
from ..query.sparql import RESULT_FORMATS, QueryError, describe, named_queries, resolve
from . import short_help
from .i18n import level_choices, level_name, level_term, t, type_name
from .options import TEXT, open_store, store_option
from .render import (
    Row,
    bom_option,
    console,
    emit,
    format_option,
    limit_option,
    one_line,
    print_table,
    table,
    to_csv,
    to_json,
)


def _open(store_dir: str) -> tuple[ox.Store, sqlite3.Connection | None]:
    """The store's index and facts table, or one clear line saying why not."""
    store = open_store(store_dir)
    try:
        return store.index(), store.facts()
    except (StoreError, OSError, sqlite3.Error) as exc:
        raise click.ClickException(str(exc)) from exc


def open_index(store_dir: str) -> ox.Store:
    return _open(store_dir)[0]


sources_option = click.option("--sources", "all_sources", is_flag=True,
                              help="List every source (sentence, file:start-end) of each fact, not only how many.")


def unknown_name(exc: UnknownName) -> click.ClickException:
    """'No such name', with the closest names the graph holds."""
    message = t("no_honour" if exc.what == "no honour" else "nothing_called", name=exc.name)
    if exc.suggestions:
        message += "; " + t("closest", names=t("list_sep").join(exc.suggestions))
    return click.ClickException(message)


def _with_sources(answer: Answer) -> list[Row]:
    """One row per fact whose evidence cell lists every statement, each followed by its `path:start-end`."""
    return [{**row, "evidence": "\n".join(f"{one_line(s.sentence)}\n{s.ref}" for s in fact.sources), "source": None}
            for fact, row in zip(answer.facts, answer.rows, strict=True)]


def _answer(answer: Answer, fmt: str, all_sources: bool, bom: bool = False, untabled: tuple[str, ...] = (),
            limit: int = 0, **table_options) -> None:
    """One row per fact (grouped: how many sources, the first one); with --sources, every source: in a
    table inside the fact's row, in CSV one row per source, in JSON a list under the fact. A table leaves
    out the `untabled` columns (JSON and CSV keep them) and shows `limit` facts (0: all)."""
    columns = answer.row_columns
    if fmt == "json":
        click.echo(to_json(answer.nested() if all_sources else [{c: r.get(c) for c in columns} for r in answer.rows]))
    elif fmt == "csv":
        emit(columns, answer.source_rows() if all_sources else answer.rows, fmt, bom)
    elif all_sources and answer.evidenced:
        emit([c for c in columns if c not in ("source", *untabled)], _with_sources(answer), fmt, full=True,
             limit=limit, **table_options)
    else:
        emit([c for c in columns if c not in untabled], answer.rows, fmt, limit=limit, **table_options)


@click.command("who-received", short_help=short_help("who-received"))
@click.argument("honour", type=TEXT)
@click.option("--level", type=click.Choice(level_choices(), case_sensitive=False),
              help="Only honours of this level (全国 national, 省 provincial, 市 municipal, 区 district, "
                   "行业 industry, 企业 enterprise, 央企 centralsoe).")
@click.option("--year", type=int)
@click.option("--region", type=TEXT, help="A region named in the honour or in the holder's organisation (广东, 河源市 …).")
@sources_option
@store_option
@format_option
@limit_option
@bom_option
def who_received_command(honour: str, level: str | None, year: int | None, region: str | None, all_sources: bool,
                         store_dir: str, fmt: str, limit: int, bom: bool) -> None:
    """Everyone who received HONOUR or an honour narrower than it (五一劳动奖 lists the holders of its medals,
    certificates and 工人先锋号): one row per holder, honour and year, with organisation and post, how many
    sources state it and the first of them (all of them with --sources)."""
    try:
        index, facts = _open(store_dir)
        page_only = all_sources and fmt == "table"  # a table reads the sources of the facts it shows
        answer = who_received(index, honour, level and level_term(level), year, region, all_sources and not page_only,
                              facts)
        if page_only:
            every_source(index, answer.facts[:limit] if limit else answer.facts)
    except UnknownName as exc:
        raise unknown_name(exc) from exc
    except LevelNotFound as exc:
        levels = t("list_sep").join(level_name(v) for v in exc.available) or t("no_levels")
        raise click.ClickException(t("no_level", level=level_name(exc.level), honour=honour, levels=levels)) from exc
    _answer(answer, fmt, all_sources, bom, untabled=("level",), limit=limit)  # a table has the honour's name, which says it


def _several(index: ox.Store, name: str, found: list[dict[str, object]], fmt: str) -> None:
    """Several things share the name: list them with their full IDs (one per line, to copy into --id) and
    the organisations of the people among them, then exit 1."""
    posts = posts_of(index, {str(m["iri"]) for m in found if m["type"] == "Person"})
    rows = [{**m, "organisation": organisation_and_post(posts.get(str(m["iri"]), ()))[0]} for m in found]
    if fmt == "json":
        click.echo(to_json(rows))
    else:
        click.echo(t("several", count=len(found), name=name), err=True)
        for m in rows:
            about = t("sep").join(filter(None, [type_name(m["type"]), str(m["organisation"])]))
            click.echo(f"{m['iri']}  {m['name']} ({about})")
    sys.exit(1)


SHOW_COLUMNS = ["group", "what", "role", "honour", "year", "sources", "evidence", "source", "iri"]


@click.command("show", short_help=short_help("show"))
@click.argument("name", type=TEXT)
@click.option("--id", "iri", type=TEXT, help="Pick one of several things with the same name by its ID (as listed).")
@sources_option
@store_option
@format_option
@limit_option
@bom_option
def show_command(name: str, iri: str | None, all_sources: bool, store_dir: str, fmt: str, limit: int,
                 bom: bool) -> None:
    """Everything known about a person, organisation or honour called NAME, grouped: each fact once, with
    how many sources state it and the first of them (all of them with --sources). Several things with the
    same name are listed with their IDs (exit status 1); an unknown name gets the closest known names."""
    index, table = _open(store_dir)
    found = [m for m in matches(index, name) if not iri or m["iri"] == iri]
    if not found:
        raise unknown_name(UnknownName(name, [] if iri else closest_names(index, name)))
    if len(found) > 1:
        _several(index, name, found, fmt)
    thing = found[0]
    facts = facts_about(index, str(thing["iri"]), all_sources, table)
    if fmt == "json":
        click.echo(to_json({**thing, "facts": {g: a.nested() if all_sources else a.rows for g, a in facts.items()}}))
        return
    if fmt == "csv":
        rows = [{"group": g, **r} for g, a in facts.items() for r in (a.source_rows() if all_sources else a.rows)]
        click.echo(to_csv(SHOW_COLUMNS, rows, bom), nl=False)
        return
    click.echo(f"{thing['name']}  ({type_name(thing['type'])}, {thing['iri']})")
    for group, answer in facts.items():
        click.echo()
        _answer(answer, fmt, all_sources, limit=limit, headers={"what": t(f"what.{group}")}, title=t(f"group.{group}"),
                marks=lambda r: (str(thing["name"]), str(r.get("what") or "")))


@click.command("query", short_help=short_help("query"))
@click.argument("query", required=False, type=TEXT)
@click.option("--list", "list_queries", is_flag=True, help="List the named queries in queries/.")
@click.option("--timeout", type=click.FloatRange(min=0), default=guard.DEFAULT_TIMEOUT, show_default=True,
              envvar="KG_QUERY_TIMEOUT", help="Stop the query after this many seconds (0: no limit; "
              "environment: KG_QUERY_TIMEOUT).")
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", *RESULT_FORMATS]), default="table", show_default=True,
              help="table, or a SPARQL 1.1 Query Results format: json, xml, csv, tsv.")
@limit_option
@bom_option
def query_command(query: str | None, list_queries: bool, timeout: float, store_dir: str, fmt: str, limit: int,
                  bom: bool) -> None:
    """Run QUERY: a name from queries/, a .rq file, or inline SPARQL (SELECT or ASK). SERVICE and updates
    are refused. A table reads only the rows it shows (and one more, to know there are more): a query without
    ORDER BY or aggregates answers its first page without computing the rest."""
    if list_queries or not query:
        for name, path in named_queries().items():
            click.echo(f"{name:32} {describe(path)}")
        return
    store = open_store(store_dir)
    try:
        text = resolve(query)
        if fmt in RESULT_FORMATS:
            document = guard.document(store, text, fmt, timeout=timeout or None)
            sys.stdout.flush()
            sys.stdout.buffer.write(("\ufeff".encode() if bom and fmt == "csv" else b"") + document)
            sys.stdout.buffer.flush()
            return
        result = guard.run(store, text, timeout=timeout or None, max_rows=limit or None)
    except (QueryError, StoreError) as exc:
        raise click.ClickException(str(exc)) from exc
    except guard.QueryTimeout as exc:
        raise click.ClickException(f"{exc}; narrow it, or give --timeout SECONDS (0: no limit)") from exc
    emit(result.columns, result.rows, fmt, limit=limit, more=result.truncated)


STATS_TABLES = {"classes": "classes", "levels": "honours by level and year",
                "organisations": "organisations with the most honoured people"}


@click.command("stats", short_help=short_help("stats"))
@click.option("--table", "which", type=click.Choice(list(STATS_TABLES)),
              help="Only this table (CSV holds one table, so --format csv needs it).")
@store_option
@format_option
@bom_option
def stats_command(which: str | None, store_dir: str, fmt: str, bom: bool) -> None:
    """Counts by class, honours by level and year, organisations by honoured people."""
    if fmt == "csv" and not which:
        raise click.UsageError(t("csv_one_table", tables=", ".join(STATS_TABLES)))
    results = stats(open_index(store_dir))
    if which:
        results = {STATS_TABLES[which]: results[STATS_TABLES[which]]}
    if fmt == "json":
        click.echo(to_json({title: r.rows for title, r in results.items()}))
        return
    if fmt == "csv":
        result = next(iter(results.values()))
        click.echo(to_csv(result.columns, result.rows, bom), nl=False)
        return
    for title, result in results.items():
        print_table(table(result.columns, result.rows, title=t(f"stats.{title}"), width=console().width))
