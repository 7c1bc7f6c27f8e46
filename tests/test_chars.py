"""The linear character tokenizer makes spaCy's character tokens exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.util import get_words_and_spaces

from kg.nlp.chars import char_words

TEXT = st.text(alphabet=st.sampled_from(list("王小明劳模a1 \t\n\r\u3000\u00a0\u2028\x1c\u200b。，")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_same_tokens_as_spacy(text):
    assert char_words(text) == get_words_and_spaces(list(text), text)


def test_spaces_and_runs():
    assert char_words("王 小  明\n") == (["王", "小", " ", "明", "\n"], [True, True, False, False, False])
    assert char_words("  王") == (["  ", "王"], [False, False])
