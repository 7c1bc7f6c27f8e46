"""kg_statistical_ner reads only where the rules leave a question, and reads it as the whole text would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.ingest import articles_from_text
from kg.nlp.doc_state import state
from kg.nlp.pipeline import build_nlp
from kg.nlp.statistical import _windows

MODEL = Path(__file__).resolve().parents[1] / "data" / "models" / "ner"
SEEDS = Path(__file__).resolve().parents[1] / "data" / "gold" / "seeds.gold.jsonl"


@pytest.fixture
def questions(rules_state):
    """The four characters at each question the rules leave after kg_persons (no model)."""
    def run(text: str) -> list[str]:
        return [text[at:at + 4] for _from, at, _to in rules_state(text, "kg_persons").questions]
    return run


def test_a_plausible_name_the_rules_leave_open_is_a_question(questions):
    assert "王康健参" in questions("也有新一代的建设者王康健参加了活动。")
    assert "毛雅军等" in questions("餐饮管理有限公司技术督导毛雅军等13人获奖。")


def test_no_question_where_no_name_could_stand(questions):
    assert questions("单位发放物品给职工。") == []


def test_a_suffix_with_no_name_found_is_a_question_and_a_found_one_is_not(questions):
    asked = questions("与河源市教育局、人社局等单位共同推动。")
    assert "人社局等" in asked and not any(q.startswith("教育局") for q in asked)


def test_windows_merge_when_they_touch_and_stay_inside_the_text():
    assert _windows("甲" * 100, [(-5, 2, 10), (8, 12, 20), (50, 55, 60)]) == [(0, 20), (50, 60)]
    assert _windows("甲" * 10, [(5, 8, 30)]) == [(5, 10)]


@pytest.mark.skipif(not (MODEL / "config.cfg").exists(), reason="data/models/ner is not built")
def test_reading_only_the_questions_finds_what_reading_everything_finds():
    nlp = build_nlp()
    ner = nlp.get_pipe("kg_statistical_ner")
    docs = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines()[:12]]

    def mentions(everywhere: bool) -> set[tuple[str, int, str, str, str]]:
        ner.everywhere = everywhere
        out = set()
        for d in docs:
            for article in articles_from_text(d["doc"] + ".txt", d["text"]):
                doc = nlp.make_doc(article.text)
                state(doc).article = article
                for _name, component in nlp.pipeline:
                    doc = component(doc)
                out |= {(d["doc"], m.start, m.text, m.type, m.source) for m in state(doc).mentions}
        return out

    try:
        gated = mentions(everywhere=False)
        assert any(m[-1] == "model" for m in gated)  # the model does add something here
        assert gated == mentions(everywhere=True)
    finally:
        ner.everywhere = False


def test_a_proposed_organisation_with_an_open_bracket_is_dropped():
    """The model's spans pass the rules' checks; a bracket that does not close (企业一区（集团）一市 read as
    一区（集团) is a piece of a phrase, not a name."""
    from kg.nlp.organisations import balanced
    from kg.nlp.statistical import StatisticalNER
    from kg.resources import org_suffixes

    assert balanced("广州某某(集团)有限公司") and not balanced("一区（集团") and not balanced("集团)有限公司")
    ner = StatisticalNER.__new__(StatisticalNER)  # the span check alone, no model loaded
    ner.suffixes = sorted(org_suffixes(), key=lambda sfx: -len(sfx.suffix))
    text = "构建“企业一区（集团）一市”竞赛体系"
    s = text.index("一区")
    assert ner._organisation(text, s, s + len("一区（集团"), set()) is None
