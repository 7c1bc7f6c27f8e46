"""Progress of extraction, article by article, on a terminal's stderr: how many articles are done, the rate
and the time left. Nothing on a pipe or with -q; -v adds a line per file read and a closing summary.

A build reads its files lazily, batch by batch, so the number of articles to extract is known only at the
end: until then it is estimated from the files read so far (articles per file × files in all).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
from rich.progress import Progress as Bar

from .i18n import t

T = TypeVar("T")



def _verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """-q and -v as one number in ctx.meta (-1 quiet, 0, 1 verbose)."""
    if value:
        ctx.meta["verbosity"] = -1 if param.name == "quiet" else 1
    return value


def verbosity_options(command):
    """-q/--quiet and -v/--verbose; the command reads `verbosity()`."""
    command = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_verbosity,
                           help="Also a line per file read and the time taken.")(command)
    return click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_verbosity,
                        help="Only errors: no progress bar, no summary.")(command)


def verbosity() -> int:
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get("verbosity", 0) if ctx else 0


class Progress:
    """Articles queued for extraction and done, with a bar on a terminal (stderr) unless quiet."""

    def __init__(self, verbosity: int = 0, files: int = 0, articles: int | None = None,
                 console: Console | None = None, clock: Callable[[], float] = time.monotonic):
        """`files`: how many files will be read (a build), or `articles`: how many will be extracted."""
        self.verbosity = verbosity
        self.files_total, self.files_read = files, 0
        self.queued, self.done = 0, 0
        self.exact = articles
        self.clock = clock
        self.started = clock()
        self.bar: Bar | None = None
        console = console or Console(stderr=True)
        if verbosity >= 0 and console.is_terminal:
            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[left]}"), console=console,
                           transient=True, redirect_stdout=False, get_time=clock)
            self.task = self.bar.add_task(t("progress_extract"), total=articles, rate="", left="")
        self.first: float | None = None  # when the first article came out (model loading is not the rate)

    def __enter__(self) -> Progress:
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()
        if self.verbosity > 0 and self.done:
            seconds = self.clock() - self.started
            self.say(f"{self.done} {t('progress_articles')}, {seconds:.1f} s ({self.done / max(seconds, 1e-9):.1f}/s)")

    def say(self, line: str) -> None:
        """A line on stderr (above the bar while it runs)."""
        if self.bar:
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, err=True)

    def read(self, path: str, articles: int) -> None:
        """A file was read (-v: say so)."""
        self.files_read += 1
        if self.verbosity > 0:
            self.say(f"{path}: {articles} {t('progress_articles')}")

    def total(self) -> int | None:
        """The articles to extract: known for `kg extract`; for a build, estimated from the files read so far."""
        if self.exact is not None or not self.files_read:
            return self.exact
        share = self.files_read / max(self.files_total, self.files_read)
        return max(self.queued, round(self.queued / share))

    def rate(self) -> float | None:
        """Articles a second since the first one came out."""
        if self.first is None or self.done < 2 or self.clock() <= self.first:
            return None
        return (self.done - 1) / (self.clock() - self.first)

    def _update(self) -> None:
        if not self.bar:
            return
        total, rate = self.total(), self.rate()
        fields = {"rate": "", "left": ""}
        if rate:
            fields["rate"] = f"{rate:.1f} {t('progress_articles')}/s"
            if total:
                left = round(max(total - self.done, 0) / rate)
                fields["left"] = f"{left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}"
        self.bar.update(self.task, completed=self.done, total=total, **fields)

    def queue(self, items: Iterable[T]) -> Iterator[T]:
        """Count the articles going into extraction."""
        for item in items:
            self.queued += 1
            self._update()
            yield item

    def count(self, records: Iterable[T]) -> Iterator[T]:
        """Count the records coming out of extraction."""
        for record in records:
            self.done += 1
            if self.first is None:
                self.first = self.clock()
            self._update()
            yield record
