"""kg_words: the segmenter's word boundaries, one piece of text at a time, only where a rule asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.nlp.words import SentenceWords

MODEL = Path(__file__).resolve().parent.parent / "data" / "models" / "pkuseg"
needs_model = pytest.mark.skipif(not (MODEL / "weights.npz").is_file(), reason="no shipped pkuseg model")


def fake_segment(piece: str) -> list[tuple[int, int]]:
    """Two-character words, so the test does not need the model."""
    return [(i, min(i + 2, len(piece))) for i in range(0, len(piece), 2)]


def test_only_the_piece_that_holds_the_offset_is_segmented():
    text = "甲乙丙丁戊己。庚辛壬癸子丑，寅卯辰巳"
    calls = []
    words = SentenceWords(text, lambda piece: calls.append(piece) or fake_segment(piece))
    assert 9 in words and 10 not in words  # 庚辛|壬癸: 9 is a word's end, 10 inside 壬癸
    assert calls == ["庚辛壬癸子丑，"]
    assert words.segmented_chars() == len("庚辛壬癸子丑，")
    assert 7 in words and 14 in words  # after 。 and ，: pieces' edges, known without segmenting
    assert calls == ["庚辛壬癸子丑，"]


def test_only_the_piece_between_dictionary_words_that_holds_the_offset_is_segmented():
    text = "甲乙有限公司丙丁戊己总工会庚辛"
    settled = [(0, 2, True), (2, 6, False), (6, 10, True), (10, 13, False), (13, 15, True)]
    calls = []
    words = SentenceWords(text, lambda piece: calls.append(piece) or fake_segment(piece), lambda s: settled)
    assert 6 in words and 10 in words and 4 not in words  # a dictionary word's edges and inside: no model
    assert calls == []
    assert 8 in words and 7 not in words  # 丙丁|戊己
    assert calls == ["丙丁戊己"]
    assert words.segmented_chars() == 4
    assert 14 not in words and calls == ["丙丁戊己", "庚辛"]


def test_both_sides_of_a_sentence_mark_are_boundaries_without_segmenting():
    calls = []
    words = SentenceWords("甲乙丙丁，戊己", lambda piece: calls.append(piece) or fake_segment(piece))
    assert 4 in words and 5 in words and calls == []


def test_offsets_outside_the_text_are_no_boundaries_but_its_ends_are():
    words = SentenceWords("甲乙丙", fake_segment)
    assert 0 in words and 3 in words and -1 not in words and 4 not in words


@needs_model
def test_pkuseg_pieces_give_the_words_of_the_sentence():
    from kg.nlp.words import WordSegmenter

    seg = WordSegmenter(str(MODEL))
    text = "师傅发放慰问品，广东省总工会主席出席会议。"
    words = SentenceWords(text, seg.spans)
    assert 2 in words and 3 not in words  # 师傅|发放: 发 starts a word, 放 is inside it
    assert text.index("总工会") in words and text.index("主席") in words
    assert words.segmented_chars() == len("师傅发放慰问品，") + len("广东省总工会主席出席会议。")


@needs_model
def test_spans_keep_offsets_across_spaces():
    from kg.nlp.words import WordSegmenter

    seg = WordSegmenter(str(MODEL))
    piece = "记者 张三 报道"
    assert all(piece[s:e].strip() == piece[s:e] and piece[s:e] for s, e in seg.spans(piece))


@needs_model
def test_pieces_answer_as_the_whole_sentence_does_on_the_corpus():
    """The split into dictionary words and the pieces between them is pkuseg's own first step, so asking
    piece by piece must give the boundaries that segmenting each whole sentence gives, at every offset."""
    from kg.nlp.words import WordSegmenter
    from kg.resources import bundled_corpus

    seg = WordSegmenter(str(MODEL))
    for folder in bundled_corpus():
        for path in sorted(Path(folder).glob("*.txt"))[:2]:
            text = path.read_text(encoding="utf-8")
            pieces, whole = SentenceWords(text, seg.spans, seg.split), SentenceWords(text, seg.spans)
            assert [i for i in range(len(text)) if i in pieces] == [i for i in range(len(text)) if i in whole]
            assert pieces.segmented_chars() < whole.segmented_chars()
