"""Shared fixtures: the rule components run alone, without the trained models (as spaCy tests its own); the
bundled corpus built once (rules only) for the tests that read a store."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.graph.store import Store
from kg.ingest import articles_from_text, load_articles
from kg.model import Mention
from kg.nlp.doc_state import DocState, state
from kg.nlp.pipeline import build_nlp
from kg.output import to_jsonl_record
from kg.pipeline import bundled_corpus, extract_articles


def run_rules_state(text: str, upto: str) -> DocState:
    """The rule pipeline's shared state after component `upto` has run on `text`."""
    nlp = build_nlp(use_models=False)
    article = articles_from_text("test.txt", text)[0]
    doc = nlp.make_doc(article.text)
    state(doc).article = article
    for name, component in nlp.pipeline:
        doc = component(doc)
        if name == upto:
            break
    return state(doc)


def run_rules(text: str, upto: str) -> list[Mention]:
    """The mentions the rule pipeline holds after component `upto` has run on `text`."""
    return run_rules_state(text, upto).mentions


@pytest.fixture
def rules() -> Callable[[str, str], list[Mention]]:
    return run_rules


@pytest.fixture
def rules_state() -> Callable[[str, str], DocState]:
    return run_rules_state


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory) -> Store:
    """The bundled corpus, extracted with the rules and built into a store; tests only read it."""
    articles, errors = load_articles(bundled_corpus())
    assert not errors
    store = Store(tmp_path_factory.mktemp("bundled") / "kg")
    store.build(articles, lambda batch: [to_jsonl_record(d) for d in extract_articles(batch, use_models=False)])
    return store
