"""The shipped statistical NER (data/models/ner) and its training-data label mapping. Never trains."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.training import Example

from kg.training.ner_data import (
    LABEL_MAPS,
    MISSING,
    Record,
    blank_nlp,
    make_doc,
    map_record,
    pku98_split,
    split_sentences,
)

MODEL = Path(__file__).resolve().parents[1] / "data" / "models" / "ner"


@pytest.fixture(scope="module")
def ner():
    if not (MODEL / "config.cfg").exists():
        pytest.skip("data/models/ner is not built (python -m kg.training.ner)")
    import spacy

    import kg.nlp.char_ngram  # noqa: F401  (registers the model's embed layer)

    return spacy.load(MODEL)


def ents(nlp, text):
    """Through predict_spans, which reads the text in the model's direction."""
    from kg.nlp.statistical import predict_spans

    return {(text[s:e], label) for s, e, label in next(predict_spans(nlp, [text]))}


def test_model_runs_on_characters_with_our_labels(ner):
    assert ner.pipe_names == ["ner"]
    assert ner.tokenizer.segmenter == "char"
    assert set(ner.get_pipe("ner").labels) == {"PER", "ORG", "LOC"}


def test_union_chair_and_place(ner):
    found = ents(ner, "湖南省总工会主席张建国在长沙调研。")
    assert ("张建国", "PER") in found
    assert ("湖南省总工会", "ORG") in found or ("长沙", "LOC") in found


def test_state_organ_country_and_minister(ner):
    found = ents(ner, "国务院副总理会见了来访的法国外长，外交部长王立新陪同。")
    assert {("国务院", "ORG"), ("法国", "LOC"), ("王立新", "PER")} <= found


def test_long_company_name_is_one_organisation_not_a_place(ner):
    # read right to left, the model meets 有限公司 before it has to type 深圳市南山区
    found = ents(ner, "深圳市南山区某某精密机械有限公司高级技师陈卫东获评南粤工匠。")
    assert ("深圳市南山区某某精密机械有限公司", "ORG") in found
    assert ("陈卫东", "PER") in found


def test_model_worker_sentence(ner):
    found = ents(ner, "全国劳动模范李明在北京人民大会堂受到表彰。")
    assert ("李明", "PER") in found
    assert not any(label == "PER" and "劳动" in text for text, label in found)


def test_numpy_blas_reads_the_corpus_as_blis_does(ner):
    """load_ner swaps blis for numpy's BLAS (twice as fast on these small matrices, bench/extract.py):
    the proposals on real articles must not move."""
    from kg.nlp.statistical import load_ner, predict_spans
    from kg.resources import bundled_corpus

    texts = [p.read_text(encoding="utf-8") for folder in bundled_corpus() for p in sorted(Path(folder).glob("*.txt"))]
    ours = load_ner(str(MODEL))
    assert all(not node.ops.use_blis for node in ours.get_pipe("ner").model.walk())
    assert any(node.ops.use_blis for node in ner.get_pipe("ner").model.walk())
    assert list(predict_spans(ours, texts)) == list(predict_spans(ner, texts))


# ---------------------------------------------------------------- label mapping, no model needed


def test_char_ngram_features_see_both_neighbours():
    from kg.nlp.char_ngram import _features

    nlp = blank_nlp()
    a, b = _features(nlp.make_doc("总工会")), _features(nlp.make_doc("工会"))
    assert a.shape == (3, 4)
    assert a[1, 0] == b[0, 0]  # same character, same unigram
    assert a[1, 1] != b[0, 1]  # 工 after 总 vs at the start: different left bigram
    assert a[2, 2] == b[1, 2] and a[1, 2] == b[0, 2]  # same right neighbours, same right bigram


def test_cluener_mapping_keeps_unknown_types_missing_not_outside():
    row = {"text": "上海市浦东新区张江路88号的华为公司总经理王伟",
           "spans": [[0, 13, "address"], [14, 18, "company"], [18, 21, "position"], [21, 23, "name"]]}
    rec = map_record(row, LABEL_MAPS["cluener"])
    assert rec.ents == [(14, 18, "ORG"), (21, 23, "PER")]
    assert rec.missing == [(0, 13)]  # address: unknown, not O
    nlp = blank_nlp()
    doc = make_doc(nlp, rec)
    tags = Example(nlp.make_doc(rec.text), doc).get_aligned_ner()  # the gold tags training sees
    assert tags[:13] == [None] * 13  # the address characters carry no gold tag ("-" for the parser)
    assert tags[13] == "O"  # 的
    assert tags[14:18] == ["B-ORG", "I-ORG", "I-ORG", "L-ORG"]
    assert tags[18:21] == ["O", "O", "O"]  # position → O, as in MSRA / PKU98
    assert tags[21:23] == ["B-PER", "L-PER"]
    assert [t.ent_iob for t in doc[:13]] == [0] * 13  # spaCy: 0 = missing


def test_pku98_nz_is_missing_and_nested_spans_are_filtered():
    rec = map_record({"text": "李四荣获全国五一劳动奖章", "spans": [[0, 2, "nr"], [4, 12, "nz"]]}, LABEL_MAPS["pku98"])
    assert rec.ents == [(0, 2, "PER")] and rec.missing == [(4, 12)]
    # nested: an ORG inside a book title (CLUENER train line 1507) → the longer (missing) span wins
    doc = make_doc(blank_nlp(), Record("《招商银行年报》", ents=[(1, 5, "ORG")], missing=[(0, 8)]))
    assert not doc.ents and all(t.ent_iob == 0 for t in doc)
    assert MISSING == "-"


def test_pku98_split_keeps_articles_whole_and_sentences_do_not_cut_spans():
    rows = [{"id": f"19980101-01-{a:03d}-{p:03d}", "text": "x", "spans": []} for a in range(40) for p in range(3)]
    split = pku98_split(rows, seed=0)
    sides = {}
    for side, part in split.items():
        for r in part:
            sides.setdefault(r["id"][:15], set()).add(side)
    assert all(len(s) == 1 for s in sides.values())
    assert split == pku98_split(rows, seed=0)
    rec = Record("他说：“好。”王五来到北京。然后走了。", ents=[(7, 9, "PER"), (11, 13, "LOC")])
    parts = split_sentences(rec)
    assert "".join(p.text for p in parts) == rec.text
    for p in parts:
        assert all(p.text[s:e] in ("王五", "北京") for s, e, _ in p.ents)
    assert sum(len(p.ents) for p in parts) == 2


def test_fine_tuning_stage_sources_the_model_and_parses_corpus_sets(tmp_path):
    from spacy.util import load_config

    from kg.training.ner import CONFIG, sourced_config
    from kg.training.ner_data import parse_sets

    assert parse_sets("msra:train,cluener:train") == (("msra", "train"), ("cluener", "train"))
    cfg = load_config(sourced_config(CONFIG, MODEL, tmp_path), interpolate=False)
    # spaCy resumes a sourced component instead of initialising it: the weights carry over
    assert cfg["components"]["ner"] == {"source": str(MODEL.resolve())}
    assert cfg["training"]["max_steps"] == load_config(CONFIG)["training"]["max_steps"]


def test_per_only_view_keeps_names_and_their_neighbours_and_nothing_else():
    from kg.training.ner_data import per_only

    rec = Record("省委书记王五在两岸交流会上讲话", ents=[(0, 2, "ORG"), (4, 6, "PER")], missing=[])
    view = per_only(rec)
    assert view.ents == [(4, 6, "PER")]
    # 记 (before) and 在 (after) are known O; the ORG and all other characters carry no gold tag
    assert view.missing == [(0, 3), (7, len(rec.text))]
    nlp = blank_nlp()
    tags = Example(nlp.make_doc(rec.text), make_doc(nlp, view)).get_aligned_ner()
    assert tags[3:7] == ["O", "B-PER", "L-PER", "O"]
    assert tags[:3] == [None] * 3 and set(tags[7:]) == {None}


def test_right_to_left_records_and_predictions_mirror_back_to_the_original_offsets():
    import spacy

    from kg.nlp.statistical import predict_spans
    from kg.training.ner_data import reversed_record

    rec = Record("苏州某某电子有限公司的王五", ents=[(0, 10, "ORG"), (11, 13, "PER")], missing=[(2, 4)])
    back = reversed_record(rec)
    assert back.text == rec.text[::-1] and back.text[0:2] == "五王"
    assert back.ents == [(0, 2, "PER"), (3, 13, "ORG")] and back.missing == [(9, 11)]
    assert reversed_record(back) == rec
    # a right-to-left pipeline sees 会工 for 工会; its spans come back in the caller's offsets
    nlp = spacy.blank("zh")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "ORG", "pattern": [{"ORTH": "会"}, {"ORTH": "工"}]}])
    nlp.meta["kg_direction"] = "rtl"
    assert list(predict_spans(nlp, ["在工会上", "工会"])) == [[(1, 3, "ORG")], [(0, 2, "ORG")]]
    nlp.meta["kg_direction"] = "ltr"
    assert list(predict_spans(nlp, ["在会工上"])) == [[(1, 3, "ORG")]]
