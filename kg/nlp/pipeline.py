"""Build the recognition pipeline from `kg/pipeline.cfg` and run it over articles."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from ..model import Article
from ..resources import data_dir
from . import entities, honours, organisations, persons, regions  # noqa: F401  (register factories)
from .doc_state import DocState, state

CONFIG_PATH = Path(__file__).resolve().parent.parent / "pipeline.cfg"


def pkuseg_model() -> Path | None:
    """A pkuseg model the segmenter can load, if one is shipped or named; None means char segmentation."""
    env = os.environ.get("KG_PKUSEG_MODEL")
    candidate = Path(env) if env else data_dir() / "models" / "pkuseg"
    return candidate if candidate.exists() else None


@cache
def build_nlp(config_path: Path = CONFIG_PATH) -> Language:
    config = Config().from_disk(config_path)
    model = pkuseg_model()
    if model:
        config["nlp"]["tokenizer"]["segmenter"] = "pkuseg"
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    if model:
        nlp.tokenizer.initialize(pkuseg_model=str(model))
    return nlp


def recognise(article: Article, nlp: Language | None = None) -> tuple[Doc, DocState]:
    """Run the pipeline on one article; the doc carries its article in the shared state."""
    nlp = nlp or build_nlp()
    doc = nlp.make_doc(article.text)
    state(doc).article = article
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc, state(doc)


def recognise_all(articles: Iterable[Article]) -> Iterator[tuple[Doc, DocState]]:
    nlp = build_nlp()
    for article in articles:
        yield recognise(article, nlp)
