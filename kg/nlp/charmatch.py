"""Dictionary matching on characters, not tokens.

Word segmenters hide a share of exact dictionary names from token matching (the name straddles a
word boundary), so gazetteers are matched over the raw characters with Aho-Corasick.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

import ahocorasick

V = TypeVar("V")


class CharMatcher(Generic[V]):
    """All occurrences of a set of strings in a text, each with the value it was added with."""

    def __init__(self, entries: Iterable[tuple[str, V]]):
        self._automaton = ahocorasick.Automaton()
        for key, value in entries:
            if key:
                self._automaton.add_word(key, (key, value))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def iter(self, text: str) -> Iterator[tuple[int, int, str, V]]:
        """Every match as (start, end, key, value); overlapping matches included."""
        if self._empty:
            return
        for last, (key, value) in self._automaton.iter(text):
            yield last - len(key) + 1, last + 1, key, value

    def longest(self, text: str) -> list[tuple[int, int, str, V]]:
        """Leftmost-longest, non-overlapping matches."""
        hits = sorted(self.iter(text), key=lambda h: (h[0], -(h[1] - h[0])))
        out, reach = [], 0
        for hit in hits:
            if hit[0] >= reach:
                out.append(hit)
                reach = hit[1]
        return out

    def ending_at(self, text: str) -> dict[int, list[tuple[int, str, V]]]:
        """Matches grouped by end offset, longest first."""
        out: dict[int, list[tuple[int, str, V]]] = {}
        for start, end, key, value in self.iter(text):
            out.setdefault(end, []).append((start, key, value))
        for hits in out.values():
            hits.sort(key=lambda h: h[0])
        return out
