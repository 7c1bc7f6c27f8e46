"""Character n-gram embedding for the character-level NER: registered as "kg.CharNgramEmbed.v1".

Tokens are single characters, so spaCy's PREFIX/SUFFIX features say nothing new. Chinese NER
gains most from character *bigrams* (the word-like units around each character): this embed layer
hashes, for every character token, its ORTH, the left bigram (previous + this character), the
right bigram (this + next character) and its SHAPE, and embeds each with a HashEmbed table.

Import this module before ``spacy.load`` of a model whose config names it (kg.training.ner does,
and the shipped data/models/ner needs it).
"""

from __future__ import annotations

import numpy
from spacy.attrs import ORTH, SHAPE
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

BOS = numpy.uint64(0x9E3779B97F4A7C15)  # stands for the character before the first / after the last
MUL = numpy.uint64(0x100000001B3)


def _features(doc) -> Ints2d:
    arr = doc.to_array([ORTH, SHAPE]).astype("uint64").reshape((-1, 2))
    orth = arr[:, 0]
    prev = numpy.concatenate([[BOS], orth[:-1]]) if len(orth) else orth
    nxt = numpy.concatenate([orth[1:], [BOS]]) if len(orth) else orth
    with numpy.errstate(over="ignore"):
        left = (prev * MUL) ^ orth
        right = (orth * MUL) ^ nxt ^ numpy.uint64(1)
    return numpy.ascontiguousarray(numpy.stack([orth, left, right, arr[:, 1]], axis=1))


def ngram_features() -> Model:
    def forward(model, docs, is_train):
        feats = [model.ops.asarray2i(_features(doc), dtype="uint64") for doc in docs]

        def backprop(d):
            return []

        return feats, backprop

    return Model("char_ngram_features", forward)


@registry.architectures("kg.CharNgramEmbed.v1")
def char_ngram_embed(width: int, unigram_rows: int, bigram_rows: int, shape_rows: int = 100) -> Model:
    """Embed ORTH, left bigram, right bigram and SHAPE of each character; Maxout to `width`."""
    tables = [
        HashEmbed(width, unigram_rows, column=0, seed=11, dropout=0.0),
        HashEmbed(width, bigram_rows, column=1, seed=12, dropout=0.0),
        HashEmbed(width, bigram_rows, column=2, seed=13, dropout=0.0),
        HashEmbed(width, shape_rows, column=3, seed=14, dropout=0.0),
    ]
    mix = Maxout(width, width * len(tables), nP=3, dropout=0.0, normalize=True)
    model: Model[list, list[Floats2d]] = chain(
        ngram_features(),
        list2ragged(),
        with_array(chain(concatenate(*tables), mix)),
        ragged2list(),
    )
    return model
