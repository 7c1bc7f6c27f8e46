"""kg.spans answers window questions exactly as a scan over every span would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.spans import ByEnd, Covered, Lines, Placed, Spans

SPAN = st.tuples(st.integers(0, 60), st.integers(1, 12)).map(lambda t: Placed(t[0], t[0] + t[1]))
WINDOW = st.tuples(st.integers(-5, 75), st.integers(0, 20)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(SPAN, max_size=30), WINDOW)
def test_window_questions_match_a_full_scan(items, window):
    a, b = window
    spans = Spans(items)
    ordered = sorted(items)
    assert spans.starting_in(a, b) == [m for m in ordered if a <= m.start < b]
    assert spans.within(a, b) == [m for m in ordered if a <= m.start and m.end <= b]
    assert spans.overlapping(a, b) == [m for m in ordered if m.start < b and a < m.end]
    assert spans.containing(a, b) == [m for m in ordered if m.start <= a and b <= m.end]
    assert spans.ending_in(a, b) == [m for m in ordered if a <= m.end <= b]
    assert spans.first_from(a) == next((m for m in ordered if m.start >= a), None)
    assert list(spans.backwards_from(a)) == [m for m in reversed(ordered) if m.start < a and m.end <= a]
    by_end = ByEnd(items)
    assert sorted(by_end.ending_in(a, b)) == sorted(m for m in items if a <= m.end <= b)
    covered = Covered(100, items)
    lo = max(a, 0)
    assert covered.any(lo, max(b, 0)) == (b > lo and any(m.start < b and lo < m.end for m in items))


def test_lines_are_found_by_position():
    lines = Lines([(0, 3), (5, 9), (12, 13)])
    assert lines.at(6) == (5, 9) and lines.at(4) is None and lines.at(12) == (12, 13)
    assert lines.index_of((5, 9)) == 1 and lines.first_from(6) == 2 and lines.first_from(20) is None


def test_a_text_without_sentence_ends_is_read_in_bounded_pieces():
    from kg.extract.text_units import MAX_SENTENCE, clause_bounds, sentences

    text = "王小明荣获全国劳动模范，" * 500 + "完"
    pieces = sentences(text)
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    assert all(p.end - p.start <= MAX_SENTENCE for p in pieces)
    assert all(text[p.end - 1] == "，" for p in pieces[:-1])  # cut after a comma, not inside a name
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:], strict=False))
    assert clause_bounds("甲" * 10000, 5000)[1] - clause_bounds("甲" * 10000, 5000)[0] <= 400
