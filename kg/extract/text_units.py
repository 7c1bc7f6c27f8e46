"""Sentences and clauses: the windows facts are read from, and the evidence they cite."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

SENTENCE_END = re.compile(r"[。！？!?；;]+[”’\"」]?|\n+")
CLAUSE_END = re.compile(r"[，,。！？!?；;：:\n]")


@dataclass(frozen=True)
class Unit:
    start: int
    end: int


MAX_SENTENCE = 2000  # longer "sentences" (a file with no full stop) are read in pieces of this size
MAX_CLAUSE = 200


def sentences(text: str) -> list[Unit]:
    """Sentence spans; a line break ends a sentence (captions and lists are line-based). A run of
    text with no sentence end is cut into pieces at its last comma before MAX_SENTENCE characters:
    every rule reads a window of its sentence, and an unbounded sentence made that quadratic."""
    out, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > pos and text[pos:m.end()].strip():
            out += _pieces(text, pos, m.end())
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        out += _pieces(text, pos, len(text))
    return out


def _pieces(text: str, a: int, b: int) -> list[Unit]:
    out = []
    while b - a > MAX_SENTENCE:
        cut = max(text.rfind(c, a + MAX_SENTENCE // 2, a + MAX_SENTENCE) for c in "，,、")
        cut = cut + 1 if cut > a else a + MAX_SENTENCE
        out.append(Unit(a, cut))
        a = cut
    return out + [Unit(a, b)]


class SentenceIndex:
    def __init__(self, text: str):
        self.units = sentences(text)
        self.starts = [u.start for u in self.units]

    def after(self, offset: int) -> Unit | None:
        """The first sentence that starts at or after offset."""
        i = bisect_left(self.starts, offset)
        return self.units[i] if i < len(self.units) else None

    def at(self, offset: int) -> Unit:
        i = max(0, bisect_right(self.starts, offset) - 1)
        return self.units[i] if self.units else Unit(0, 0)


def clause_bounds(text: str, offset: int) -> tuple[int, int]:
    """The comma-delimited clause around an offset (at most MAX_CLAUSE characters each way)."""
    start, lowest = offset, max(0, offset - MAX_CLAUSE)
    while start > lowest and not CLAUSE_END.match(text[start - 1]):
        start -= 1
    end, highest = offset, min(len(text), offset + MAX_CLAUSE)
    while end < highest and not CLAUSE_END.match(text[end]):
        end += 1
    return start, end
