"""Rows out: a readable table on a terminal (CJK-aware widths), or JSON, or CSV."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

import click

format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                             show_default=True, help="Output format.")


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def clip(s: str, limit: int) -> str:
    if width(s) <= limit:
        return s
    out, used = "", 0
    for c in s:
        w = width(c)
        if used + w > limit - 1:
            break
        out, used = out + c, used + w
    return out + "…"


def table(columns: list[str], rows: list[dict[str, object]], limit: int = 48) -> str:
    cells = [[clip(" ".join(("" if r.get(c) is None else str(r.get(c))).split()), limit) for c in columns]
             for r in rows]
    widths = [max([width(c)] + [width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    return "\n".join([line(columns), line(["─" * w for w in widths])] + [line(r) for r in cells])


def render(columns: list[str], rows: list[dict[str, object]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    return table(columns, rows) if rows else "(nothing found)"
