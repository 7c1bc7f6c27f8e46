"""Rows out: a table that fits the terminal (rich: CJK widths, the evidence wrapped with the name in it
highlighted), or JSON, or one CSV table (RFC 4180: CRLF; optionally with a UTF-8 BOM for Excel and WPS)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from copy import copy

import click
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .i18n import header, level_name, t, type_name

format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                             show_default=True, help="table (fits the terminal), json, or csv (one table).")
bom_option = click.option("--bom", is_flag=True,
                          help="Begin CSV with a UTF-8 byte-order mark, so that Excel and WPS read it as UTF-8.")

Row = dict[str, object]
NUMBERS = {"year", "sources", "count", "facts", "awards", "people", "start", "end"}
WHOLE = {"level", "type", "date", "doc", "class"}  # short values that read badly when cut
# the columns that give way on a narrow terminal, by weight; one whose text is shorter than its share keeps it whole
OTHER_SHARE = 2  # any other column (a named query's): text that may wrap
SHARES = {"evidence": 4, "organisation": 3, "what": 3, "title": 3, "file": 2, "name": 2, "honour": 2, "post": 2,
          "role": 2}
HIGHLIGHT = "bold underline"
MIN_WIDTH = 6
NAMES = {"name", "honour"}  # kept whole while the other wrapping columns can have ROOM cells each
ROOM = 12
SNIPPET = 80  # characters of an evidence sentence a table shows around the name (all: --sources, JSON, CSV)


def console() -> Console:
    """Standard output as rich sees it: the terminal's width (COLUMNS, else 80 on a pipe), colour only on
    a terminal, no markup read from the data."""
    return Console(highlight=False, markup=False, emoji=False)


def one_line(text: str) -> str:
    """A sentence's lines joined by ／ (a list row, a caption), without the spaces a terminal would wrap at."""
    return "／".join(line.strip() for line in text.splitlines() if line.strip())


def snippet(sentence: str, marks: list[str], limit: int = SNIPPET) -> str:
    """The sentence on one line; if longer than `limit` characters, the part centred on the first name
    found in it, with … where it was cut."""
    text = one_line(sentence)
    if len(text) <= limit:
        return text
    at = min((i for i in (text.find(m) for m in marks if m) if i >= 0), default=0)
    start = max(0, min(at - limit // 3, len(text) - limit))
    return ("…" if start else "") + text[start:start + limit] + ("…" if start + limit < len(text) else "")


def _cell(column: str, row: Row, marks: list[str], full: bool) -> Text:
    value = row.get(column)
    if column == "evidence":
        text = Text(str(value or "") if full else snippet(str(value or ""), marks))
        text.highlight_words([m for m in marks if m], style=HIGHLIGHT)
        if row.get("source"):
            text.append(f"\n{row['source']}", style="dim")
        return text
    if column == "level":
        return Text(level_name(value))
    if column in ("type", "class"):
        return Text(type_name(value))
    return Text(one_line(str(value)) if column == "title" and value else "" if value is None else str(value))


def _frame(title: str | None = None, show_header: bool = True) -> Table:
    return Table(box=box.SIMPLE_HEAD, show_lines=True, header_style="bold", title=title, title_justify="left",
                 title_style="bold", show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), show_header=show_header)


def table(columns: list[str], rows: list[Row], headers: dict[str, str] | None = None,
          marks: Callable[[Row], Iterable[str]] | None = None, title: str | None = None,
          width: int | None = None, full: bool = False) -> Table:
    """A table that fits `width` (the console's): short values kept whole, numbers on the right, long text
    (the evidence sentence, organisations, posts) wrapped in the width left over; the source
    (`path:start-end`) under its sentence; a blank line between rows. `marks(row)` gives the names to
    highlight in the row's evidence (default: its `name`); the evidence is a snippet around them unless `full`.
    Every column gets a fixed width here, so rich measures no cell again (a 8,000-row table)."""
    shown = [c for c in columns if not (c == "source" and "evidence" in columns)]
    numbers = {c for c in shown if c in NUMBERS or rows and all(isinstance(r.get(c), int | None) for r in rows)}
    out = _frame(title)
    for c in shown:
        out.add_column((headers or {}).get(c) or header(c), justify="right" if c in numbers else "left",
                       no_wrap=c in numbers or c in WHOLE, overflow="fold")
    natural = {c: cell_len(str(col.header)) for c, col in zip(shown, out.columns, strict=True)}
    for r in rows:
        found = list(marks(r)) if marks else [str(r.get("name") or "")]
        cells = [_cell(c, r, found, full) for c in shown]
        for c, cell in zip(shown, cells, strict=True):
            natural[c] = max([natural[c]] + [cell_len(line) for line in cell.plain.splitlines()])
        out.add_row(*cells)
    widths = _fit(out, [c for c in shown if c not in numbers and c not in WHOLE], natural, width) if width else {}
    for c, col in zip(shown, out.columns, strict=True):
        col.width = widths.get(c, natural[c])
    # a blank line between rows where a row takes several lines
    out.show_lines = any(widths.get(c, natural[c]) < natural[c] for c in shown) or any(
        "\n" in cell.plain for col in out.columns for cell in col.cells if isinstance(cell, Text))
    return out


def _fit(out: Table, flexible: list[str], natural: dict[str, int], width: int) -> dict[str, int]:
    """The widths of the `flexible` (wrapping) columns, given what the others leave. Names and honours stay
    whole while the rest can have `ROOM` cells each; the rest share what is left by weight, each keeping its
    natural width if that is smaller than its share (water-filling). Rich wraps each cell within its column."""
    headers = {c: str(col.header) for c, col in zip(natural, out.columns, strict=True)}
    least = {c: min(natural[c], max([MIN_WIDTH] + [cell_len(w) for w in headers[c].split()])) for c in natural}
    probe = _frame()  # the gaps between the columns: a table of the headers alone, measured
    for col in out.columns:
        probe.add_column(col.header, no_wrap=True)
    overhead = Console(width=10**6).measure(probe).maximum - sum(cell_len(h) for h in headers.values())
    available = width - overhead - sum(n for c, n in natural.items() if c not in flexible)
    if not flexible or sum(natural[c] for c in flexible) <= available:
        return {}
    names = [c for c in flexible if c in NAMES]
    rest = [c for c in flexible if c not in NAMES]
    kept = sum(natural[c] for c in names)
    if rest and available - kept >= sum(min(natural[c], ROOM) for c in rest):
        return {c: natural[c] for c in names} | _share(rest, natural, least, available - kept)
    return _share(flexible, natural, least, available)


def _weight(column: str) -> int:
    return SHARES.get(column, OTHER_SHARE)


def _share(todo: list[str], natural: dict[str, int], least: dict[str, int], available: int) -> dict[str, int]:
    """Widths for `todo` within `available` cells, by weight (`_weight`), none above its natural width."""
    widths: dict[str, int] = {}
    todo = list(todo)
    while todo:
        weight = sum(_weight(c) for c in todo)
        small = [c for c in todo if natural[c] <= available * _weight(c) / weight]
        if not small:
            widths.update({c: max(least[c], int(available * _weight(c) / weight)) for c in todo})
            break
        for c in small:
            widths[c] = natural[c]
            available -= natural[c]
            todo.remove(c)
    return widths


def to_csv(columns: list[str], rows: Iterable[Row], bom: bool = False) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "") + buf.getvalue()


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)


PAGE = 100  # rows a table shows unless --limit says otherwise
limit_option = click.option("--limit", type=click.IntRange(min=0), default=PAGE, show_default=True,
                            help="Rows a table shows (0: all of them); a footer says how to see the rest. "
                                 "CSV and JSON are never cut.")


def emit(columns: list[str], rows: list[Row], fmt: str, bom: bool = False, limit: int = 0, more: bool = False,
         total: int | None = None, **table_options) -> None:
    """Print rows in the chosen format; a table of no rows says so. A table shows at most `limit` rows (0: all),
    then a footer with how many there are (`more`: the rows were cut already, so how many is not known;
    `total`: they were cut already, and this many there are)."""
    if fmt == "json":
        click.echo(to_json([{c: r.get(c) for c in columns} for r in rows]))
    elif fmt == "csv":
        click.echo(to_csv(columns, rows, bom), nl=False)
    elif not rows:
        click.echo(t("nothing"))
    else:
        shown = rows[:limit] if limit else rows
        print_table(table(columns, shown, width=console().width, **table_options))
        footer(len(shown), None if more else total or len(rows))


def footer(shown: int, total: int | None) -> None:
    """Below a table cut at `shown` rows: how many there are (None: more, how many not known) and how to see all."""
    if total is None or total > shown:
        message = t("more_rows", shown=shown) if total is None else t("rows_of", shown=shown, total=f"{total:,}")
        click.echo(message)


def print_table(shown: Table, part: int = 200) -> None:
    """Print a table `part` rows at a time (the first rows show at once, memory holds a part), without the
    spaces rich pads its lines with. Its columns have fixed widths, so the parts line up."""
    out = console()
    for start in range(0, max(shown.row_count, 1), part):
        piece = _frame(shown.title if start == 0 else None, show_header=start == 0)
        piece.show_lines = shown.show_lines
        for col in shown.columns:
            cut = copy(col)
            cut._cells = col._cells[start:start + part]
            piece.columns.append(cut)
        piece.rows = shown.rows[start:start + part]
        with out.capture() as captured:
            out.print(piece)
        if start and shown.show_lines:
            click.echo()
        click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))
