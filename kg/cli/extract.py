"""`kg extract`: text files in, entities and facts out."""

from __future__ import annotations

import sys

import click

from . import short_help
from .options import default_jobs, jobs_option, model_errors, no_model_option, output_errors
from .progress import Progress, verbosity, verbosity_options


@click.command("extract", short_help=short_help("extract"))
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["gold", "jsonl"]), default="jsonl", show_default=True,
              help="gold: the annotation guideline's format; jsonl: the same plus evidence offsets.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Output file (default: stdout).")
@no_model_option
@jobs_option
@verbosity_options
def extract_command(paths: tuple[str, ...], fmt: str, output: str | None, no_model: bool, jobs: int | None) -> None:
    """Extract people, organisations, honours and facts from PATHS (files or folders of .txt).

    With no PATHS, the bundled corpus is read.
    """
    from ..ingest.reader import files_of
    from ..output import to_gold, to_jsonl_record, write_jsonl
    from ..parallel import extract_files
    from ..resources import bundled_corpus

    files: list[str] = []
    errors: list[str] = []
    for given in list(paths) or bundled_corpus():
        named = files_of(given)
        if isinstance(named, list):
            files += named
        else:
            errors.append(str(named))
    render = to_gold if fmt == "gold" else to_jsonl_record
    records: list[dict] = []
    with model_errors(), Progress(verbosity(), files=len(files)) as progress:
        for batch in extract_files(files, render, use_models=not no_model, jobs=jobs or default_jobs()):
            for path, articles in batch.articles.items():
                progress.read(path, articles)
            records += progress.count(progress.queue(batch.records))
            errors += batch.errors
    with output_errors(output):
        if records or not errors:  # nothing read at all: leave an existing output file as it was
            write_jsonl(records, output)
    for err in errors:
        click.echo(f"kg: {err}", err=True)
    if errors:
        sys.exit(1)
