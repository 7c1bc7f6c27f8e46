"""Shared fixtures: the rule components run alone, without the trained models (as spaCy tests its own)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.ingest import articles_from_text
from kg.model import Mention
from kg.nlp.doc_state import DocState, state
from kg.nlp.pipeline import build_nlp


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
