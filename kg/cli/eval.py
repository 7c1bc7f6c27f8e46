"""`kg eval`: extraction scored against gold files, with the reference scorer's matching rules."""

from __future__ import annotations

import json

import click

from ..evaluate import (
    ERROR_TARGETS,
    Document,
    format_errors,
    format_table,
    list_errors,
    load_gold_files,
    merge_predictions,
    score,
)
from ..output import to_jsonl_record
from ..pipeline import extract_gold_texts
from . import short_help
from .options import model_errors, no_model_option


@click.command("eval", short_help=short_help("eval"))
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output: one object per gold file.")
@click.option("--errors", "targets", multiple=True, metavar="TYPE",
              type=click.Choice(ERROR_TARGETS, case_sensitive=False),
              help=f"List misses, false hits and wrong years/roles of an entity type or predicate "
                   f"({', '.join(ERROR_TARGETS)}); may be given more than once.")
@no_model_option
def eval_command(gold: tuple[str, ...], as_json: bool, targets: tuple[str, ...], no_model: bool) -> None:
    """Run extraction on each gold document's text and print precision, recall and F1 per gold file."""
    try:
        files = load_gold_files(gold)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    predictions = _predict({doc_id: d for docs in files.values() for doc_id, d in docs.items()}, no_model)
    reports = {}
    for path, docs in files.items():
        result = score(docs, {doc_id: predictions[doc_id] for doc_id in docs})
        errors = list_errors(docs, predictions, targets)
        if as_json:
            reports[path] = result.as_dict() | ({"errors": [e.as_dict() for e in errors]} if targets else {})
        else:
            reports[path] = "\n".join([f"== {path}", format_table(result)]
                                      + ([format_errors(errors, targets)] if targets else []))
    if as_json:
        click.echo(json.dumps(reports, ensure_ascii=False, indent=1))
    else:
        click.echo("\n\n".join(reports.values()))


def _predict(gold_docs: dict[str, Document], no_model: bool) -> dict[str, Document]:
    """Each gold text extracted once, as a file of its own; its articles merged back into one prediction."""
    with model_errors():
        extracted = extract_gold_texts(gold_docs, use_models=not no_model)
    return {doc_id: merge_predictions(doc_id, (to_jsonl_record(d) for d in docs)) for doc_id, docs in extracted.items()}
