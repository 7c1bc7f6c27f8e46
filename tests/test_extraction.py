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


def test_masthead_posts_work_for_the_periodical():
    text = ("《湖北工运》\n2024年第3期\n\n主 办 湖北省总工会\n编 委 会 主 任 李红军\n副 主 编 王 芳\n"
            "编 辑 赵晓东\n美 编 钱 程\n")
    ents, facts, _ = extract(text)
    assert ("湖北工运", "OtherOrganization") in ents
    assert ("李红军", "worksFor", "湖北工运", None, "编委会主任") in facts
    assert ("王芳", "worksFor", "湖北工运", None, "副主编") in facts
    assert ("钱程", "worksFor", "湖北工运", None, "美编") in facts


def test_caption_block_gives_post_and_dated_honour():
    text = "刘建国\n武汉钢铁有限公司首席技师\n2022年全国五一劳动奖章获得者\n\n周海燕\n湖北工业大学教授\n2019年全国劳动模范\n"
    ents, facts, _ = extract(text)
    assert ("刘建国", "awarded", "全国五一劳动奖章", 2022, None) in facts
    assert ("刘建国", "worksFor", "武汉钢铁有限公司", None, "首席技师") in facts
    assert ("周海燕", "awarded", "全国劳动模范", 2019, None) in facts
    assert ("周海燕", "worksFor", "湖北工业大学", None, "教授") in facts


def test_signature_line_and_reference_authors_are_people():
    text = ("本报讯 近日，成都市总工会举办职工技能大赛。\n\n(王小明)\n\n参考文献:\n"
            "[1] 孙立平, 周晓虹. 社会转型与劳动关系[M]. 北京: 人民出版社, 2019.\n")
    ents, _, _ = extract(text)
    assert {("王小明", "Person"), ("孙立平", "Person"), ("周晓虹", "Person")} <= ents


def test_company_reports_its_own_honoured_people():
    text = "江西铜业有限公司先后培育出“全国技术能手”黄志强、“江西省劳动模范”吴海燕等一批技能人才。"
    _, facts, _ = extract(text)
    assert ("黄志强", "worksFor", "江西铜业有限公司", None, None) in facts
    assert ("吴海燕", "worksFor", "江西铜业有限公司", None, None) in facts
    assert ("黄志强", "awarded", "全国技术能手", None, None) in facts
    assert ("吴海燕", "awarded", "江西省劳动模范", None, None) in facts


def test_an_organisation_confers_its_own_title():
    ents, facts, _ = extract("活动邀请湖南省医师协会优秀基层医师刘志远走进社区，讲解急救知识。")
    assert ("湖南省医师协会优秀基层医师", "Honour") in ents
    assert ("刘志远", "awarded", "湖南省医师协会优秀基层医师", None, None) in facts
    assert not [f for f in facts if f[1] == "worksFor"]


def test_coordinated_kinds_share_their_level():
    ents, _, _ = extract("在全国劳动模范和先进工作者表彰大会上的重要讲话精神。")
    assert {("全国劳动模范", "Honour"), ("全国先进工作者", "Honour")} <= ents


def test_regional_unions_fold_into_the_named_federation():
    text = "四川省成都市总工会召开会议。会议指出，成都市工会系统要服务职工。"
    ents, _, docs = extract(text)
    unions = [e for d in docs for e in d.entities if e.type == "UnionBody"]
    assert [u.name for u in unions] == ["四川省成都市总工会"]
    assert "成都市工会" in unions[0].aliases


@pytest.mark.parametrize("text", [
    "发送全国各省、自治区、直辖市总工会，全省各市、县、区总工会。",
    "每半年收集成员单位工作开展情况。",
    "广东省基层工会建设工作会议召开。",
])
def test_generic_phrases_name_no_one(text):
    ents, _, _ = extract(text)
    assert not [e for e in ents if e[1] in ("Person", "UnionBody")]


def test_short_forms_stay_unresolved_when_the_story_does_not_fix_a_province():
    ents, _, _ = extract("省总工会表彰了一批五一劳动奖章获得者。")
    assert ("省总工会", "UnionBody") in ents


def test_this_year_in_an_undated_article_falls_in_the_honours_cycle():
    # no date of its own; the latest year it names is 2019, and national model workers are named every five years
    text = "2019年全市工业产值超千亿元。省人大代表孙国强带领村民致富，今年获评全国劳动模范。"
    _, facts, _ = extract(text)
    assert ("孙国强", "awarded", "全国劳动模范", 2020, None) in facts


def test_an_explicit_year_is_kept_as_written():
    text = "2019年全市工业产值超千亿元。省人大代表孙国强2019年获评全国五一劳动奖章。"
    _, facts, _ = extract(text)
    assert ("孙国强", "awarded", "全国五一劳动奖章", 2019, None) in facts


def test_names_listed_under_an_honour_heading_hold_it():
    text = ("关于表彰2023年湖南省五一劳动奖章获得者的决定\n\n2023年湖南省五一劳动奖章获得者名单\n"
            "张建军 湖南华菱钢铁集团有限公司高级技师\n李秀英、王德明\n\n其他事项另行通知。\n")
    ents, facts, _ = extract(text)
    for name in ("张建军", "李秀英", "王德明"):
        assert (name, "awarded", "湖南省五一劳动奖章", 2023, None) in facts
    assert ("张建军", "worksFor", "湖南华菱钢铁集团有限公司", None, "高级技师") in facts


def test_a_generic_short_name_stays_unresolved_unless_declared():
    text = "湖南恒达机械有限公司（以下简称“恒达”）成立于1998年。公司今年新增技术骨干30名，恒达工会组织比武。"
    _, _, docs = extract(text)
    company = next(e for d in docs for e in d.entities if e.name == "湖南恒达机械有限公司")
    assert "恒达" in company.aliases and "公司" not in company.aliases
    union = next(e for d in docs for e in d.entities if e.type == "UnionBody")
    assert union.name == "湖南恒达机械有限公司工会"


def test_a_regional_brand_written_with_its_region_is_the_same_honour():
    text = ("近日,第三届“北疆工匠”名单公布,10人入选。\n赵立群被命名为内蒙古“北疆工匠”。"
            "这10名“北疆工匠”年龄最大的60岁。广东省五一劳动奖章和五一劳动奖章是两种奖章。")
    ents, _facts, docs = extract(text)
    honours = {name for name, typ in ents if typ == "Honour"}
    assert "北疆工匠" in honours and "内蒙古北疆工匠" not in honours
    assert {"广东省五一劳动奖章"} <= honours  # a bare kind is no brand: the provincial medal stays its own


def test_a_company_with_its_unit_in_brackets_employs_and_holds_nothing():
    text = ("其中,来自临江煤炭开发总公司(柏树镇青山煤矿)的瓦检员罗晓峰荣获一等奖,被授予“青川工匠”称号;"
            "来自青川能源有限公司(矿山救护大队)的邵丽娟获三等奖,被授予“青川金牌工人”称号。")
    _ents, facts, _ = extract(text)
    assert ("罗晓峰", "worksFor", "临江煤炭开发总公司", None, "瓦检员") in facts
    assert ("邵丽娟", "worksFor", "青川能源有限公司", None, None) in facts
    assert not any(p == "awarded" and s.endswith(("公司", "煤矿")) for s, p, _o, _y, _r in facts)


def works_for(text: str) -> set[tuple[str, str, str | None]]:
    """worksFor facts from the rules alone (no trained model)."""
    docs = extract_articles(articles_from_text("test.txt", text), use_models=False)
    return {(f.subject, f.object, f.role) for d in docs for f in d.facts if f.predicate == "worksFor"}


def test_posts_alone_after_a_colleague_with_the_same_body_take_that_body():
    found = works_for("株洲恒达机械有限公司党委书记、董事长李振华出席会议，党委副书记、总经理赵文斌主持。")
    assert ("赵文斌", "株洲恒达机械有限公司", "党委副书记、总经理") in found
    found = works_for("湘潭市总工会党组书记、副主席罗晓峰，副主席兼经审委主任邵丽娟参加了报告会。")
    assert ("邵丽娟", "湘潭市总工会", "副主席兼经审委主任") in found
    found = works_for("株洲恒达机械有限公司总经理李振华表示，副市长赵文斌出席。")  # another body's post
    assert not any(person == "赵文斌" for person, _org, _role in found)


def test_a_profile_label_before_the_name_does_not_hide_its_posts():
    found = works_for("全国劳动模范罗晓峰讲话。\n【人物档案】罗晓峰，52岁，2010年全国劳动模范，现任湘潭市总工会副调研员。")
    assert ("罗晓峰", "湘潭市总工会", "副调研员") in found


def test_the_story_group_employs_the_posts_after_a_generic_group_word():
    found = works_for("株洲恒达集团专门举行欢迎会。集团公司党委书记、董事长李振华参加欢迎会并讲话，党委副书记、总经理赵文斌主持。")
    assert {("李振华", "株洲恒达集团", "党委书记、董事长"), ("赵文斌", "株洲恒达集团", "党委副书记、总经理")} <= found
    two = works_for("株洲恒达集团和湘潭青川集团举行会议。集团公司总经理李振华讲话。")  # which group: none
    assert not any(person == "李振华" for person, _org, _role in two)


def test_a_committee_department_written_into_its_heads_post():
    found = works_for("湖南省委常委、省委宣传部长罗晓峰，市委组织部副部长邵丽娟出席会议。")
    assert {("罗晓峰", "湖南省委宣传部", "部长"), ("罗晓峰", "湖南省委", "常委"), ("邵丽娟", "市委组织部", "副部长")} <= found


def test_a_past_post_gives_no_employer():
    assert not works_for("株洲恒达机械有限公司原副总经理李振华出席。")
    assert works_for("株洲恒达机械有限公司副总经理李振华出席。") == {("李振华", "株洲恒达机械有限公司", "副总经理")}


def test_honours_between_the_posts_of_one_person_are_passed_over():
    found = works_for("湖南省政协委员、全国劳动模范、2022年湖南省五一劳动奖章获得者、株洲市总工会副主席罗晓峰出席。")
    assert {("罗晓峰", "株洲市总工会", "副主席"), ("罗晓峰", "湖南省政协", "委员")} <= found


def test_the_company_named_last_before_employs_the_posts_after_gai_gongsi():
    found = works_for("株洲恒达机械有限公司和湘潭青川电子股份有限公司获奖。湘潭青川电子股份有限公司是获奖单位之一。"
                      "该公司党委副书记罗晓峰介绍了经验。")
    assert ("罗晓峰", "湘潭青川电子股份有限公司", "党委副书记") in found


def test_an_entitys_mentions_are_listed_in_reading_order():
    from kg.output import to_jsonl_record

    text = ("日前，湖南省总工会命名了一批省示范性劳模工作室和省劳模工作室。株洲市有12个劳模工作室被命名为"
            "省劳模工作室。12个省劳模工作室分别为罗晓峰劳模工作室、邵丽娟劳模工作室。")
    docs = extract_articles(articles_from_text("test.txt", text), use_models=False)
    for entity in to_jsonl_record(docs[0])["entities"]:
        starts = [m["start"] for m in entity["mentions"]]
        assert starts == sorted(starts), entity["name"]


def test_a_bare_provincial_department_is_the_storys_provinces():
    docs = extract_articles(articles_from_text("t.txt", "湖南省总工会携手省人社厅、工信厅、科技厅开展职业技能竞赛。"),
                            use_models=False)
    ents = {(e.name, e.type) for d in docs for e in d.entities}
    assert {("湖南省人社厅", "GovernmentBody"), ("湖南省工信厅", "GovernmentBody"), ("湖南省科技厅", "GovernmentBody")} <= ents


def test_an_alias_never_names_another_entity():
    text = ("新疆50个集体166名个人获开发建设新疆奖状(章)\n授予某某公司等50个集体“开发建设新疆奖状”；"
            "某某公司技术总工罗晓峰等166名个人“开发建设新疆奖章”。")
    docs = extract_articles(articles_from_text("t.txt", text), use_models=False)
    names = {e.name for d in docs for e in d.entities}
    assert {"开发建设新疆奖状", "开发建设新疆奖章"} <= names
    assert not any(e.aliases & (names - {e.name}) for d in docs for e in d.entities)


def test_a_conferral_between_the_body_and_the_name_is_no_post():
    found = works_for("去年“五一”期间，中华全国总工会就授予某某平台骑手罗晓峰“全国五一劳动奖章”。")
    assert not any(org == "中华全国总工会" for _person, org, _role in found)


def test_a_companys_party_branch_goes_into_the_post():
    found = works_for("株洲恒达机械有限公司党支部副书记、工会主席罗晓峰介绍经验。")
    assert ("罗晓峰", "株洲恒达机械有限公司", "党支部副书记、工会主席") in found
