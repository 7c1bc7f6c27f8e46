"""Mentions sorted by position, for the window questions the rules ask of every mention.

"Which organisations end within 30 characters before this name?", "is this honour inside a longer
organisation?": asked by scanning every mention for every mention, an article that lists thousands
of people took minutes. `Spans` answers each question by bisection over the starts, reading only
the mentions that can qualify (mentions are short: none is longer than the longest, so only starts
within that distance can reach a position).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple, Protocol, TypeVar


class HasSpan(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=HasSpan)


class Placed(NamedTuple):
    """A bare span of text."""

    start: int
    end: int


class Spans(list[S]):
    """A list of spans in text order (start, then end) that answers window questions."""

    def __init__(self, items: Iterable[S] = ()):
        super().__init__(sorted(items, key=lambda m: (m.start, m.end)))
        self._starts = [m.start for m in self]
        self._longest = max((m.end - m.start for m in self), default=0)

    def _from(self, lowest_start: int) -> int:
        return bisect_left(self._starts, lowest_start)

    def starting_in(self, a: int, b: int) -> list[S]:
        """Spans with a <= start < b."""
        return self[self._from(a):bisect_left(self._starts, b)]

    def within(self, a: int, b: int) -> list[S]:
        """Spans with a <= start and end <= b."""
        return [m for m in self.starting_in(a, b) if m.end <= b]

    def overlapping(self, a: int, b: int) -> list[S]:
        """Spans with start < b and a < end."""
        return [m for m in self.starting_in(a - self._longest, b) if m.end > a]

    def containing(self, a: int, b: int) -> list[S]:
        """Spans with start <= a and b <= end."""
        return [m for m in self[self._from(b - self._longest):bisect_right(self._starts, a)] if m.end >= b]

    def ending_in(self, a: int, b: int) -> list[S]:
        """Spans with a <= end <= b."""
        return [m for m in self.starting_in(a - self._longest, b) if a <= m.end <= b]

    def first_from(self, pos: int) -> S | None:
        """The first span that starts at or after pos."""
        i = self._from(pos)
        return self[i] if i < len(self) else None

    def backwards_from(self, pos: int) -> Iterator[S]:
        """Spans that end by pos, from the last start backwards (for scans that stop early)."""
        for i in range(bisect_left(self._starts, pos) - 1, -1, -1):
            if self[i].end <= pos:
                yield self[i]


class Lines(list[tuple[int, int]]):
    """A text's (start, end) lines in order, found by position in O(log n)."""

    def __init__(self, lines: Iterable[tuple[int, int]]):
        super().__init__(lines)
        self._starts = [s for s, _e in self]

    def at(self, pos: int) -> tuple[int, int] | None:
        """The line that holds pos."""
        k = bisect_right(self._starts, pos) - 1
        return self[k] if k >= 0 and self[k][0] <= pos < self[k][1] else None

    def index_of(self, line: tuple[int, int]) -> int:
        k = bisect_left(self._starts, line[0])
        if k < len(self) and self[k] == line:
            return k
        raise ValueError(f"{line} is not a line")

    def first_from(self, pos: int) -> int | None:
        """The index of the first line that starts at or after pos."""
        k = bisect_left(self._starts, pos)
        return k if k < len(self) else None


class ByEnd(list[S]):
    """A growing list of spans that also finds them by end offset (windows of a few characters)."""

    def __init__(self, items: Iterable[S] = ()):
        super().__init__()
        self._by_end: dict[int, list[S]] = {}
        self.extend(items)

    def append(self, m: S) -> None:
        super().append(m)
        self._by_end.setdefault(m.end, []).append(m)

    def extend(self, items: Iterable[S]) -> None:
        for m in items:
            self.append(m)

    def __iadd__(self, items: Iterable[S]) -> ByEnd[S]:  # type: ignore[override,misc]
        self.extend(items)
        return self

    def ending_at(self, end: int) -> list[S]:
        return self._by_end.get(end, [])

    def ending_in(self, a: int, b: int) -> list[S]:
        """Spans with a <= end <= b, in order of end, then of insertion."""
        return [m for e in range(max(a, 0), b + 1) for m in self._by_end.get(e, ())]


class Covered:
    """Which characters of a text are already taken by a span: O(length) per question."""

    def __init__(self, length: int, spans: Iterable[HasSpan] = ()):
        self._taken = bytearray(length + 1)
        for m in spans:
            self.take(m.start, m.end)

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)

    def any(self, start: int, end: int) -> bool:
        return 1 in self._taken[start:end]
