"""The whole pipeline in one call: ingest → nlp → extract."""

from __future__ import annotations

from collections.abc import Iterable

from .extract import extract_document
from .ingest import IngestError, articles_from_text, load_articles
from .model import Article, ExtractedDocument
from .nlp.pipeline import build_nlp, recognise_all
from .resources import bundled_corpus

__all__ = ["bundled_corpus", "extract_articles", "extract_gold_texts", "extract_paths"]


def extract_articles(articles: Iterable[Article], use_models: bool = True) -> list[ExtractedDocument]:
    nlp = build_nlp(use_models=use_models)
    return [extract_document(st) for _doc, st in recognise_all(articles, nlp)]


def extract_paths(paths: list[str], use_models: bool = True) -> tuple[list[ExtractedDocument], list[IngestError]]:
    articles, errors = load_articles(paths)
    return extract_articles(articles, use_models), errors


def extract_gold_texts(gold_docs: dict[str, dict], use_models: bool = True) -> dict[str, list[ExtractedDocument]]:
    """Each gold document's text, read as if it were a file of its own (as predict.py does)."""
    out = {}
    for doc_id, g in gold_docs.items():
        out[doc_id] = extract_articles(articles_from_text(f"{doc_id}.txt", g.get("text", "")), use_models)
    return out
