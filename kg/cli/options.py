"""Options and error handling shared by the commands; nothing here imports the NLP stack."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..config import ConfigError, store_setting
from ..graph.store import Store, StoreError

no_model_option = click.option(
    "--no-model", is_flag=True,
    help="Rules only: no statistical segmenter or NER (for comparison, or where the models are missing).")


def default_store() -> str:
    """KG_STORE, else the config file's store, else ./kg-store (kg/config.py)."""
    try:
        return store_setting()[0]
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


store_option = click.option("--store", "store_dir", default=default_store, type=click.Path(file_okay=False),
                            show_default="$KG_STORE, the config's store, else ./kg-store", help="The store folder.")


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


jobs_option = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                           help="Worker processes for extraction, each loading the pipeline once "
                                "[default: all cores]. The output is the same for any number.")


class Text(click.ParamType):
    """A name or query from the command line. Bytes that are not UTF-8 reach Python as lone surrogates and
    would fail deep inside a query: refused here, naming the first such byte."""

    name = "text"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> object:
        if isinstance(value, str):
            raw = value.encode("utf-8", "surrogateescape")
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                self.fail(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at {exc.start})", param, ctx)
        return value


TEXT = Text()


def open_store(store_dir: str, base: str | None = None) -> Store:
    try:
        return Store(store_dir, base)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


@contextmanager
def output_errors(path: str | None) -> Iterator[None]:
    """An output file that cannot be written (no such folder, read-only, full disk, /proc/x) is one line;
    kg.output.write_atomic has kept the old file whole."""
    try:
        yield
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from exc


@contextmanager
def model_errors() -> Iterator[None]:
    """A broken or missing model is one clear line, not a traceback."""
    from ..nlp.models import ModelError  # only commands that extract get here

    try:
        yield
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
