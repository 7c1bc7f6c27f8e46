"""The segmenter's word boundaries, one piece of a sentence at a time and only where a rule asks.

The rules read pkuseg's words at a few places (does a surname start a word, does a suffix end one),
and most sentences never raise such a question. Segmenting the whole text cost a fifth of the
pipeline; segmenting only where a rule asks gives the same answers: pkuseg never joins characters
across the sentence ends used here, and within a sentence it first cuts out the words of its user
dictionary (our honour kinds, organisation endings, regions) and runs its model only on the pieces
between them, so an answer needs the model only on the piece that holds the offset.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
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

Piece = tuple[int, int, bool]  # (start, end, whether the model must segment it) within a sentence


def one_piece(sentence: str) -> list[Piece]:
    """No dictionary: the whole sentence is the model's."""
    return [(0, len(sentence), True)]


class SentenceWords:
    """`i in words`: does a word of the segmenter start or end at offset i. A sentence is split into
    pieces on its first question (`split`: the dictionary's words, settled, and the pieces between them),
    and a piece is segmented (`segment`) on the first question inside it; offsets at sentence edges and
    either side of the marks that end them are always boundaries."""

    def __init__(self, text: str, segment: Callable[[str], list[tuple[int, int]]],
                 split: Callable[[str], list[Piece]] = one_piece):
        self.text = text
        self.segment = segment
        self.split = split
        ends = list(SENTENCE_END.finditer(text))
        self.starts = [0] + [m.end() for m in ends]
        # both sides of every sentence-end mark: pkuseg joined one to the characters before it only in
        # clock times (10:45) over the dev, seeds and fresh texts, and a name never ends in a digit
        self.bounds: set[int] = {*self.starts, *(m.start() for m in ends), len(text)}
        self.split_done: set[int] = set()
        self.waiting: dict[int, int] = {}  # pieces not segmented yet: start -> end
        self.waiting_starts: list[int] = []
        self.segmented = 0

    def __contains__(self, i: int) -> bool:
        if i in self.bounds:
            return True
        if not 0 < i < len(self.text):
            return False
        k = bisect_right(self.starts, i) - 1
        if k not in self.split_done:
            self._split(k)
            if i in self.bounds:
                return True
        j = bisect_right(self.waiting_starts, i) - 1
        if j >= 0 and i < self.waiting[self.waiting_starts[j]]:
            a = self.waiting_starts.pop(j)
            b = self.waiting.pop(a)
            for s, e in self.segment(self.text[a:b]):
                self.bounds.add(a + s)
                self.bounds.add(a + e)
            self.segmented += b - a
        return i in self.bounds

    def _split(self, k: int) -> None:
        self.split_done.add(k)
        a = self.starts[k]
        b = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
        for s, e, ask in self.split(self.text[a:b]):
            self.bounds.add(a + s)
            self.bounds.add(a + e)
            if ask and e - s > 1:
                self.waiting[a + s] = a + e
                insort(self.waiting_starts, a + s)

    def segmented_chars(self) -> int:
        """How much of the text the model segmented (for the benchmark)."""
        return self.segmented


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

    def split(self, sentence: str) -> list[Piece]:
        """pkuseg's own first step (`cut`): the text between spaces, cut at the user dictionary's words
        (greedy, longest first); the model then reads each piece between them alone."""
        out: list[Piece] = []
        for part in re.finditer(r"\S+", sentence):
            at = part.start()
            pieces, whole_words, _tags = self.pkuseg.preprocesser.solve(part.group())
            for piece, whole in zip(pieces, whole_words, strict=True):
                out.append((at, at + len(piece), not whole))
                at += len(piece)
        return out

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
        st.word_bounds = SentenceWords(st.text or doc.text, self.spans, self.split)
        return doc


@Language.factory("kg_words", default_config={"model": "pkuseg"})
def make_word_segmenter(nlp: Language, name: str, model: str) -> WordSegmenter:
    return WordSegmenter(model)
