"""Options and error handling shared by the commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..nlp.models import ModelError

no_model_option = click.option(
    "--no-model", is_flag=True,
    help="Rules only: no statistical segmenter or NER (for comparison, or where the models are missing).")


@contextmanager
def model_errors() -> Iterator[None]:
    """A broken or missing model is one clear line, not a traceback."""
    try:
        yield
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
