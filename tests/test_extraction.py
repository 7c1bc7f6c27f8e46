"""Recognition and fact rules on sentences written for these tests: other names, units, provinces, years.

None of the people or companies here appear in the seeds gold; the rules must work by shape.
"""

from __future__ import annotations

import pytest

from kg.ingest import articles_from_text
from kg.pipeline import extract_articles


def extract(text: str):
    docs = extract_articles(articles_from_text("test.txt", text))
    entities = {(e.name, e.type) for d in docs for e in d.entities}
    facts = {(f.subject, f.predicate, f.object, f.year, f.role) for d in docs for f in d.facts}
    return entities, facts, docs


def test_post_before_name_gives_works_for_with_role():
    ents, facts, _ = extract("湖南省株洲市总工会召开会议。株洲恒达机械有限公司技术总监李振华出席活动并讲话。")
    assert ("李振华", "Person") in ents
    assert ("株洲恒达机械有限公司", "Company") in ents
    assert ("李振华", "worksFor", "株洲恒达机械有限公司", None, "技术总监") in facts


def test_short_form_union_resolves_to_story_province():
    text = "10月12日，浙江省劳动和技能竞赛推进会在杭州举行。省总工会党组书记、常务副主席周建明出席会议。"
    ents, facts, _ = extract(text)
    assert ("浙江省总工会", "UnionBody") in ents
    assert ("周建明", "worksFor", "浙江省总工会", None, "党组书记、常务副主席") in facts


def test_honour_with_year_before_it_is_awarded_to_the_named_person():
    text = "“中央企业劳动模范”吴志刚、郑海波是公司的技术骨干。"
    ents, facts, _ = extract(text)
    assert ("中央企业劳动模范", "Honour") in ents
    assert {f[0] for f in facts if f[1] == "awarded"} >= {"吴志刚", "郑海波"}


def test_granted_title_takes_the_year_of_its_sentence():
    text = "2023年5月，周立新凭借精湛的焊接技艺被授予“四川省技术能手”称号。周立新说，这是对他最大的鼓励。"
    ents, facts, _ = extract(text)
    assert ("四川省技术能手", "Honour") in ents
    assert ("周立新", "awarded", "四川省技术能手", 2023, None) in facts


def test_enumerated_levels_name_one_honour_each():
    text = "山东省济南市总工会五年来选树全国和省五一劳动奖章获得者40名，济南市涌现出一批劳动模范。"
    ents, _, _ = extract(text)
    assert {("全国五一劳动奖章", "Honour"), ("山东省五一劳动奖章", "Honour")} <= ents


@pytest.mark.parametrize("text", [
    "“羊城工匠”培育对象名单公布。",
    "弘扬劳模精神、劳动精神、工匠精神。",
    "第三届“鹏城工匠杯”技能大赛开幕。",
])
def test_campaigns_candidates_and_competitions_are_not_honours(text):
    ents, _, _ = extract(text)
    assert not [e for e in ents if e[1] == "Honour"]


def test_alias_declared_with_yi_xia_jian_cheng_merges_with_the_full_name():
    text = "江西洪都航空工业集团有限责任公司（以下简称“洪都公司”）工会组织技能比武。洪都公司今年新增技术骨干30名。"
    ents, _, docs = extract(text)
    company = next(e for d in docs for e in d.entities if e.name == "江西洪都航空工业集团有限责任公司")
    assert "洪都公司" in company.aliases


def test_studio_named_after_a_person_is_led_by_them():
    text = "记者走进陕西宝鸡石油机械有限责任公司，电焊工赵宏伟介绍说，赵宏伟劳模创新工作室已完成攻关项目12项。"
    ents, facts, _ = extract(text)
    assert ("赵宏伟劳模创新工作室", "Studio") in ents
    assert ("赵宏伟", "leads", "赵宏伟劳模创新工作室", None, None) in facts


def test_every_fact_points_back_to_its_sentence_in_the_original():
    text = "株洲恒达机械有限公司技术总监李振华出席活动。"
    _, _, docs = extract(text)
    fact = next(f for d in docs for f in d.facts)
    ev = fact.evidence
    assert ev is not None and "李振华" in ev.sentence
    assert text[ev.start:ev.end].strip() == ev.sentence


def test_generic_union_words_are_not_organisations():
    ents, _, _ = extract("各级工会要切实维护职工合法权益，推动基层工会规范化建设。")
    assert not [e for e in ents if e[1] == "UnionBody"]
