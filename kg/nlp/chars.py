"""Character tokens in linear time.

spaCy's `zh` character tokenizer aligns every character with `text[pos:].index(char)`, which copies
the rest of the text for each one: a 500,000-character file took seconds in the tokenizer alone and
grew with the square of its length. This tokenizer makes exactly the same tokens (each character
a token; a single space after a token is its trailing space; any other whitespace run is a token of
its own) in one pass. Both the rule pipeline and the statistical NER read texts through it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.util import DummyTokenizer, registry
from spacy.vocab import Vocab

WHITESPACE = re.compile(r"\s+")


def char_words(text: str) -> tuple[list[str], list[bool]]:
    """spaCy's (words, spaces) for character segmentation."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for m in WHITESPACE.finditer(text):
        run_start, run_end = m.span()
        if run_start > pos:  # characters, each a token
            words.extend(text[pos:run_start])
            spaces.extend([False] * (run_start - pos))
        if run_start > 0 and text[run_start] == " ":
            spaces[-1] = True  # a single space after a token is its trailing space
            run_start += 1
        if run_end > run_start:
            words.append(text[run_start:run_end])  # any other whitespace is a token of its own
            spaces.append(False)
        pos = run_end
    if pos < len(text):
        words.extend(text[pos:])
        spaces.extend([False] * (len(text) - pos))
    return words, spaces


def char_doc(vocab: Vocab, text: str) -> Doc:
    words, spaces = char_words(text)
    return Doc(vocab, words=words, spaces=spaces)


class CharTokenizer(DummyTokenizer):
    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return char_doc(self.vocab, text)


@registry.tokenizers("kg.CharTokenizer.v1")
def create_char_tokenizer():
    def factory(nlp) -> CharTokenizer:
        return CharTokenizer(nlp.vocab)

    return factory
