"""The segmenter's word boundaries, one sentence at a time and only where a rule asks.

The rules read pkuseg's words at a few places (does a surname start a word, does a suffix end one),
and most sentences never raise such a question. Segmenting the whole text cost a fifth of the
pipeline; segmenting only the sentences a rule asks about gives the same answers, since pkuseg
never joins characters across the sentence ends used here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..resources import segmenter_user_words
from .doc_state import state
from .models import RETRAIN, ModelError, models_dir, verify

SENTENCE_END = re.compile(r"[。！？!?；;，,、：:（）()“”「」《》\s]")


class SentenceWords:
    """`i in words`: does a word of the segmenter start or end at offset i. Each sentence is
    segmented on its first question; offsets at sentence edges are always boundaries."""

    def __init__(self, text: str, segment: Callable[[str], list[tuple[int, int]]]):
        self.text = text
        self.segment = segment
        self.starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
        self.bounds: set[int] = set(self.starts) | {len(text)}
        self.done: set[int] = set()

    def __contains__(self, i: int) -> bool:
        if i in self.bounds:
            return True
        if not 0 < i < len(self.text):
            return False
        k = bisect_right(self.starts, i) - 1
        if k not in self.done:
            self.done.add(k)
            a = self.starts[k]
            b = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
            for s, e in self.segment(self.text[a:b]):
                self.bounds.add(a + s)
                self.bounds.add(a + e)
        return i in self.bounds

    def segmented_chars(self) -> int:
        """How much of the text was segmented (for the benchmark)."""
        ends = self.starts[1:] + [len(self.text)]
        return sum(ends[k] - self.starts[k] for k in self.done)


@cache
def pkuseg_segmenter(folder: str) -> Language:
    """A blank zh pipeline whose tokenizer is our pkuseg model, with the gazetteer words kept whole and
    pkuseg's own merging list off (that list follows another standard and costs about 1 F1 point:
    bench/segmentation.md)."""
    path = Path(folder) if Path(folder).is_absolute() else models_dir() / folder
    verify(path)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    try:
        nlp.tokenizer.initialize(pkuseg_model=str(path))
        nlp.tokenizer.pkuseg_seg.postprocesser.do_process = False
        nlp.tokenizer.pkuseg_update_user_dict(list(segmenter_user_words()))
    except Exception as exc:
        raise ModelError(f"{path}: cannot be loaded ({type(exc).__name__}: {exc}); {RETRAIN}") from exc
    return nlp


class WordSegmenter:
    """Pipeline component: gives the doc lazy word boundaries (`DocState.word_bounds`)."""

    def __init__(self, model: str):
        self.pkuseg = pkuseg_segmenter(model).tokenizer.pkuseg_seg

    def spans(self, piece: str) -> list[tuple[int, int]]:
        """The words' offsets in the piece (pkuseg drops the spaces between them)."""
        out, at = [], 0
        for word in self.pkuseg.cut(piece):
            at = piece.find(word, at)
            if at < 0:  # pkuseg changed the characters: no boundaries rather than wrong ones
                return out
            out.append((at, at + len(word)))
            at += len(word)
        return out

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        st.word_bounds = SentenceWords(st.text or doc.text, self.spans)
        return doc


@Language.factory("kg_words", default_config={"model": "pkuseg"})
def make_word_segmenter(nlp: Language, name: str, model: str) -> WordSegmenter:
    return WordSegmenter(model)
