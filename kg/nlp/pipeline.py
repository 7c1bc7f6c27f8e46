"""Build the recognition pipeline from `kg/pipeline.cfg` and run it over articles."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from ..model import Article
from ..resources import segmenter_user_words
from . import entities, honours, organisations, persons, regions, statistical  # noqa: F401  (factories)
from .doc_state import DocState, state
from .models import RETRAIN, ModelError, models_dir, verify

CONFIG_PATH = Path(__file__).resolve().parent.parent / "pipeline.cfg"


STATISTICAL = ("kg_statistical_ner",)


def pkuseg_model() -> Path | None:
    """A pkuseg model the segmenter can load, if one is shipped or named; None means char segmentation."""
    env = os.environ.get("KG_PKUSEG_MODEL")
    candidate = Path(env) if env else models_dir() / "pkuseg"
    return candidate if candidate.exists() else None


@cache
def build_nlp(config_path: Path = CONFIG_PATH, use_models: bool = True) -> Language:
    """The pipeline of `kg/pipeline.cfg`; without models (--no-model): rules on characters only."""
    config = Config().from_disk(config_path)
    segmenter = pkuseg_model() if use_models else None
    if segmenter:
        verify(segmenter)
        config["nlp"]["tokenizer"]["segmenter"] = "pkuseg"
    exclude = [] if use_models else [c for c in STATISTICAL if c in config["nlp"]["pipeline"]]
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True, exclude=exclude)
    if segmenter:
        _initialise_segmenter(nlp, segmenter)
    return nlp


def _initialise_segmenter(nlp: Language, model: Path) -> None:
    """Our pkuseg model, with the gazetteer words kept whole and pkuseg's own merging list off
    (that list follows another standard and costs about 1 F1 point: bench/segmentation.md)."""
    try:
        nlp.tokenizer.initialize(pkuseg_model=str(model))
        nlp.tokenizer.pkuseg_seg.postprocesser.do_process = False
        nlp.tokenizer.pkuseg_update_user_dict(list(segmenter_user_words()))
    except Exception as exc:
        raise ModelError(f"{model}: cannot be loaded ({type(exc).__name__}: {exc}); {RETRAIN}") from exc


def recognise(article: Article, nlp: Language | None = None) -> tuple[Doc, DocState]:
    """Run the pipeline on one article; the doc carries its article in the shared state."""
    nlp = nlp or build_nlp()
    doc = nlp.make_doc(article.text)
    state(doc).article = article
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc, state(doc)
