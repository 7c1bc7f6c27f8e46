"""`kg eval`: extraction scored against a gold file, with the reference scorer's matching rules."""

from __future__ import annotations

import json

import click

from ..evaluate import format_table, load_jsonl, score
from ..output import to_gold
from ..pipeline import extract_gold_texts
from .options import model_errors, no_model_option


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@no_model_option
def eval_command(gold: str, as_json: bool, no_model: bool) -> None:
    """Run extraction on each gold document's text and print precision, recall and F1."""
    try:
        gold_docs = load_jsonl(gold)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    predictions = {}
    with model_errors():
        extracted = extract_gold_texts(gold_docs, use_models=not no_model)
    for doc_id, docs in extracted.items():
        merged = {"doc": doc_id, "entities": [], "relations": []}
        for d in docs:
            g = to_gold(d)
            merged["entities"] += g["entities"]
            merged["relations"] += g["relations"]
        predictions[doc_id] = merged
    result = score(gold_docs, predictions)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_table(result))
