"""Character tokens in linear time.

spaCy's `zh` character tokenizer aligns every character with `text[pos:].index(char)`, which copies
the rest of the text for each one: a 500,000-character file took seconds in the tokenizer alone and
grew with the square of its length. This tokenizer makes exactly the same tokens (each character
a token; a single space after a token is its trailing space; any other whitespace run is a token of
its own) in one pass. Both the rule pipeline and the statistical NER read texts through it.
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.util import DummyTokenizer, registry
from spacy.vocab import Vocab


def char_words(text: str) -> tuple[list[str], list[bool]]:
    """spaCy's (words, spaces) for character segmentation."""
    words: list[str] = []
    spaces: list[bool] = []
    pos, n = 0, len(text)
    for k, c in enumerate(text):
        if k < pos or c.isspace():
            continue
        if k > pos:
            words.append(text[pos:k])  # whitespace that is no trailing space
            spaces.append(False)
        words.append(c)
        spaces.append(False)
        pos = k + 1
        if pos < n and text[pos] == " ":
            spaces[-1] = True
            pos += 1
    if pos < n:
        words.append(text[pos:])
        spaces.append(False)
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
