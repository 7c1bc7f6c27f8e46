"""The shipped pkuseg segmenter (data/models/pkuseg): loads, segments news text sensibly, fails loudly
on a damaged file; and the user dictionary built from the gazetteers. Nothing here trains."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.training.segmenter import fold_width, prune_model, split_pku98, user_dictionary, write_user_dictionary

MODEL = Path(__file__).resolve().parent.parent / "data" / "models" / "pkuseg"

needs_model = pytest.mark.skipif(not (MODEL / "weights.npz").is_file(), reason="no shipped pkuseg model")


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    pytest.importorskip("spacy_pkuseg")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(MODEL))
    return nlp


@pytest.fixture(scope="module")
def nlp_gazetteer(tmp_path_factory):
    spacy = pytest.importorskip("spacy")
    pytest.importorskip("spacy_pkuseg")
    user_dict = write_user_dictionary(tmp_path_factory.mktemp("dict") / "user_dict.txt")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(MODEL), pkuseg_user_dict=str(user_dict))
    return nlp


def words(nlp, text: str) -> list[str]:
    return [t.text for t in nlp(text)]


@needs_model
@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("广东省总工会主席出席会议", ["总工会", "主席", "出席", "会议"]),
        ("中华全国总工会今天在北京召开表彰大会", ["今天", "北京", "召开", "表彰", "大会"]),
        ("他被评为全国劳动模范，并获得奖章", ["全国", "劳动模范", "获得", "奖章"]),
        ("这家公司的工程师参加了技能比赛", ["公司", "工程师", "参加", "技能", "比赛"]),
    ],
)
def test_shipped_model_segments_news(nlp, text, whole):
    tokens = words(nlp, text)
    assert "".join(tokens) == text
    for word in whole:
        assert word in tokens, (word, tokens)
    assert len(tokens) < len(text)  # words, not characters


@needs_model
def test_user_dictionary_keeps_gazetteer_words_whole(nlp_gazetteer):
    tokens = words(nlp_gazetteer, "广东省总工会授予他五一劳动奖章")
    assert "广东省" in tokens
    assert "总工会" in tokens
    assert "五一劳动奖章" in tokens


@needs_model
def test_shipped_model_fits_budget():
    size = sum((MODEL / name).stat().st_size for name in ("features.msgpack", "weights.npz"))
    assert size <= 25_000_000


@needs_model
def test_truncated_weights_fail_to_load(tmp_path):
    spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
    broken = tmp_path / "pkuseg"
    broken.mkdir()
    shutil.copy(MODEL / "features.msgpack", broken / "features.msgpack")
    data = (MODEL / "weights.npz").read_bytes()
    (broken / "weights.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(Exception):  # noqa: B017  (zipfile.BadZipFile, ValueError or EOFError, by numpy version)
        spacy_pkuseg.pkuseg(model_name=str(broken), user_dict=None)


@needs_model
def test_pruning_at_zero_keeps_decisions(tmp_path):
    spacy_pkuseg = pytest.importorskip("spacy_pkuseg")
    stats = prune_model(MODEL, tmp_path / "copy", 0.0)
    assert stats.features_after == stats.features_before
    texts = ["广东省总工会主席出席会议", "中华全国总工会今天在北京召开表彰大会"]
    a = spacy_pkuseg.pkuseg(model_name=str(MODEL), user_dict=None)
    b = spacy_pkuseg.pkuseg(model_name=str(tmp_path / "copy"), user_dict=None)
    assert [a.cut(t) for t in texts] == [b.cut(t) for t in texts]


def test_user_dictionary_from_gazetteers(tmp_path):
    entries = user_dictionary()
    assert "五一劳动奖章" in entries  # honours.json kinds
    assert "有限公司" in entries  # org_suffixes.tsv
    assert "广东省" in entries  # regions.tsv
    assert "中华全国总工会" in entries  # institutions.tsv
    assert all(len(w) >= 2 for w in entries)  # a one-character entry would force splits everywhere
    assert entries == sorted(set(entries))
    path = write_user_dictionary(tmp_path / "d.txt")
    assert path.read_text(encoding="utf-8").splitlines() == entries


def test_fold_width_keeps_offsets():
    assert fold_width("１２月ＩＭＦ，（附图）") == "12月IMF,(附图)"
    assert len(fold_width("ＡＢＣ")) == 3


def test_split_is_by_article_and_deterministic():
    from kg.training.segmenter import Paragraph

    paragraphs = [Paragraph(f"199801{d:02d}-01-{a:03d}-{p:03d}", "字", ("字",))
                  for d in range(1, 5) for a in range(1, 11) for p in range(1, 4)]
    train, heldout = split_pku98(paragraphs, seed=3)
    assert heldout and train
    assert not {p.article for p in train} & {p.article for p in heldout}
    assert split_pku98(paragraphs, seed=3) == (train, heldout)
