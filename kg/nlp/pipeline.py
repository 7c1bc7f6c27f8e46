"""Build the recognition pipeline from `kg/pipeline.cfg` and run it over articles."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from ..model import Article
from . import chars, entities, honours, organisations, persons, regions, statistical, words  # noqa: F401  (factories)
from .doc_state import DocState, state
from .models import models_dir

CONFIG_PATH = Path(__file__).resolve().parent.parent / "pipeline.cfg"


STATISTICAL = ("kg_statistical_ner",)


def pkuseg_model() -> Path | None:
    """A pkuseg model the segmenter can load, if one is shipped or named; None means char segmentation."""
    env = os.environ.get("KG_PKUSEG_MODEL")
    candidate = Path(env) if env else models_dir() / "pkuseg"
    return candidate if candidate.exists() else None


@cache
def build_nlp(config_path: Path = CONFIG_PATH, use_models: bool = True) -> Language:
    """The pipeline of `kg/pipeline.cfg`; without models (--no-model): rules on characters only.
    The tokenizer always cuts characters; the segmenter's words come from kg_words, on demand."""
    config = Config().from_disk(config_path)
    segmenter = pkuseg_model() if use_models else None
    if segmenter:
        config["components"]["kg_words"]["model"] = str(segmenter)
    exclude = [] if use_models else [c for c in STATISTICAL if c in config["nlp"]["pipeline"]]
    if not segmenter:
        exclude.append("kg_words")
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True, exclude=exclude)


def recognise_all(articles: Iterable[Article], nlp: Language | None = None, batch_size: int = 32
                  ) -> Iterator[tuple[Doc, DocState]]:
    """Run the pipeline over articles a batch at a time, as spaCy's `nlp.pipe` does: a component with a
    `pipe` method (the NER) reads a whole batch in one call, which saves its per-call cost; the output is
    the same as `recognise` one article at a time."""
    nlp = nlp or build_nlp()
    stream = iter(articles)
    while batch := list(islice(stream, batch_size)):
        docs = []
        for article in batch:
            doc = nlp.make_doc(article.text)
            state(doc).article = article
            docs.append(doc)
        for _name, component in nlp.pipeline:
            docs = list(component.pipe(docs)) if hasattr(component, "pipe") else [component(d) for d in docs]
        for doc in docs:
            yield doc, state(doc)


def recognise(article: Article, nlp: Language | None = None) -> tuple[Doc, DocState]:
    """Run the pipeline on one article; the doc carries its article in the shared state."""
    nlp = nlp or build_nlp()
    doc = nlp.make_doc(article.text)
    state(doc).article = article
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc, state(doc)
