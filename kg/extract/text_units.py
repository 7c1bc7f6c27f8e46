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


def sentences(text: str) -> list[Unit]:
    """Sentence spans; a line break ends a sentence (captions and lists are line-based)."""
    out, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > pos and text[pos:m.end()].strip():
            out.append(Unit(pos, m.end()))
        pos = m.end()
    if pos < len(text) and text[pos:].strip():
        out.append(Unit(pos, len(text)))
    return out


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
    """The comma-delimited clause around an offset."""
    start = offset
    while start > 0 and not CLAUSE_END.match(text[start - 1]):
        start -= 1
    end = offset
    while end < len(text) and not CLAUSE_END.match(text[end]):
        end += 1
    return start, end
