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
