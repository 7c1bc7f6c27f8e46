"""The holder resolver alone (rule pipeline, no model) on sentences written for these tests, one test
per shape family of kg/extract/holders.py, with other names, units, provinces and years."""

from __future__ import annotations

import pytest

from kg.extract import extract_document
from kg.ingest import articles_from_text
from kg.nlp.pipeline import build_nlp, recognise


def awards(text: str) -> set[tuple[str, str, int | None]]:
    nlp = build_nlp(use_models=False)
    out = set()
    for article in articles_from_text("t.txt", text):
        facts = extract_document(recognise(article, nlp)[1]).facts
        out |= {(f.subject, f.object, f.year) for f in facts if f.predicate == "awarded"}
    return out


def holders(text: str) -> set[tuple[str, str]]:
    return {(s, o) for s, o, _y in awards(text)}


def test_heading_and_one_holder_a_line_in_any_order():
    text = ("2022年湖南省五一劳动奖章获得者名单\n"
            "罗晓峰 株洲恒达机械有限公司高级技师\n"
            "湘潭青川食品股份有限公司\n"
            "长沙市：邵丽娟 长沙市第一中学教师\n"
            "株洲飞鹰电子有限公司设备部 孟伟\n")
    found = awards(text)
    assert {("罗晓峰", "湖南省五一劳动奖章", 2022), ("湘潭青川食品股份有限公司", "湖南省五一劳动奖章", 2022),
            ("邵丽娟", "湖南省五一劳动奖章", 2022), ("孟伟", "湖南省五一劳动奖章", 2022)} <= found


def test_count_honour_and_enumeration_after_it():
    text = "3人入选2023年“巴渝工匠”，他们是：重庆恒达机械有限公司技师罗晓峰和重庆青川研究院总工程师邵丽娟、孟伟。"
    assert {("罗晓峰", "巴渝工匠"), ("邵丽娟", "巴渝工匠"), ("孟伟", "巴渝工匠")} <= holders(text)


def test_every_subject_before_the_verb_people_and_collectives():
    text = "临江市第一医院主任医师罗晓峰，临江实验小学校长邵丽娟，青川重工有限公司装配车间被授予临江市五一劳动奖章。"
    found = holders(text)
    assert {("罗晓峰", "临江市五一劳动奖章"), ("邵丽娟", "临江市五一劳动奖章"),
            ("青川重工有限公司装配车间", "临江市五一劳动奖章")} <= found
    assert not any(h in ("临江市第一医院", "临江实验小学") for h, _o in found)  # employers hold nothing


def test_each_award_its_own_subjects_in_one_sentence():
    text = "其中，罗晓峰获评全国三八红旗手，临江市妇联获评全国三八红旗集体，青川学院创新中心获评全国巾帼文明岗。"
    found = holders(text)
    assert ("罗晓峰", "全国三八红旗手") in found and ("罗晓峰", "全国三八红旗集体") not in found


def test_recipients_after_the_granting_verb_each_clause_its_own():
    text = ("省总工会决定，授予青川电子有限公司等120个单位湖南省五一劳动奖状；"
            "授予罗晓峰等300名职工湖南省五一劳动奖章。")
    found = holders(text)
    assert {("青川电子有限公司", "湖南省五一劳动奖状"), ("罗晓峰", "湖南省五一劳动奖章")} <= found
    assert ("罗晓峰", "湖南省五一劳动奖状") not in found


def test_the_presenter_holds_nothing():
    text = "会上，市总工会主席韩松代表市委向罗晓峰授予“临江工匠”称号。"
    found = holders(text)
    assert ("罗晓峰", "临江工匠") in found and ("韩松", "临江工匠") not in found


def test_the_person_a_profile_is_about_each_honour_its_own_year():
    text = "罗晓峰是临江恒达机电有限公司数控车工。她2015年获全国五一劳动奖章，2020年被评为全国劳动模范。"
    found = awards(text)
    assert {("罗晓峰", "全国五一劳动奖章", 2015), ("罗晓峰", "全国劳动模范", 2020)} <= found


def test_a_life_of_honours_after_a_pronoun_takes_no_story_year():
    text = "2024年5月1日，临江市召开表彰大会。罗晓峰从业22年，他先后荣获“全国劳动模范”“全国五一劳动奖章”等荣誉。"
    found = awards(text)
    assert ("罗晓峰", "全国劳动模范", None) in found and ("罗晓峰", "全国五一劳动奖章", None) in found


def test_appositive_honour_before_a_name():
    text = "全国五一劳动奖章获得者、青川重工有限公司装配车间钳工罗晓峰作了发言。"
    assert ("罗晓峰", "全国五一劳动奖章") in holders(text)


def test_a_caption_block():
    text = "罗晓峰\n临江恒达机械有限公司焊工\n2019年全国五一劳动奖章获得者\n\n邵丽娟\n临江市第一中学教师\n"
    assert ("罗晓峰", "全国五一劳动奖章", 2019) in awards(text)
    assert not any(h == "邵丽娟" for h, _o, _y in awards(text))


def test_a_studio_given_a_designation_holds_it():
    text = "近日，罗晓峰创新工作室被命名为“湖南省劳模和工匠人才创新工作室”。湖南省长沙市"
    assert ("罗晓峰创新工作室", "湖南省劳模和工匠人才创新工作室") in holders(text)


def test_the_verb_that_refers_back_and_counted_lists():
    assert ("罗晓峰", "临江工匠") in holders("首批“临江工匠”日前揭晓，临江研究院高级技师罗晓峰等39人获此殊荣。")
    assert {("罗晓峰", "最美护林员"), ("邵丽娟", "最美护林员")} <= holders(
        "罗晓峰、邵丽娟等10名“最美护林员”受到表彰。")


@pytest.mark.parametrize("text", [
    "关于拟表彰2024年临江工匠的公示：罗晓峰 临江恒达机械有限公司高级技师",
    "罗晓峰被列为2024年“大国工匠”培育对象。",
    "罗晓峰、邵丽娟为临江市五一劳动奖章推荐对象。",
    "3个单位获“全国模范职工之家”称号。",  # a count, no names
    "（通讯员 罗晓峰 邵丽娟）4月19日，临江市总工会召开座谈会，邀请获得全国劳动模范称号的劳模代表参加。",
])
def test_candidates_counts_and_reporters_hold_nothing(text):
    assert not holders(text)


def test_years_written_with_the_honour_then_the_story_then_nothing():
    assert ("罗晓峰", "安徽工匠", 2021) in awards("罗晓峰获评2021年度“安徽工匠”。")
    dated = "临江日报2023年5月4日讯 今年，罗晓峰荣获全国五一劳动奖章。去年，邵丽娟获评全国劳动模范。"
    found = awards(dated)
    assert ("罗晓峰", "全国五一劳动奖章", 2023) in found and ("邵丽娟", "全国劳动模范", 2022) in found
    assert ("罗晓峰", "全国五一劳动奖章", None) in awards("罗晓峰荣获全国五一劳动奖章。")


def test_facts_take_only_registered_predicates_and_their_types():
    from kg.predicates import PREDICATES, UnknownPredicate, predicate

    assert set(PREDICATES) == {"awarded", "worksFor", "leads"}
    with pytest.raises(UnknownPredicate, match="holds"):
        predicate("holds")
    assert "Studio" not in predicate("worksFor").subject_types and "Studio" in predicate("awarded").subject_types


def test_a_group_of_mixed_levels_gives_no_one_a_level():
    text = "宣讲团由6名全国、湖南劳动模范组成，分别是：罗晓峰、邵丽娟、孟伟。"
    assert not holders(text)


@pytest.mark.parametrize("text, expected", [
    ("青川重工有限公司周立新劳模创新工作室成立。", ("周立新", "周立新劳模创新工作室")),  # named after its leader
    ("某某班组创新工作室负责人韩松介绍了经验。", ("韩松", "某某班组创新工作室")),  # 负责人 after the studio
    ("由邵丽娟领衔的临江电力技能大师工作室获评。", ("邵丽娟", "临江电力技能大师工作室")),  # 由…领衔的 before it
])
def test_leads(text, expected):
    nlp = build_nlp(use_models=False)
    facts = {(f.subject, f.object) for a in articles_from_text("t.txt", text)
             for f in extract_document(recognise(a, nlp)[1]).facts if f.predicate == "leads"}
    assert expected in facts


def test_a_bulleted_list_of_name_lines_under_post_lines():
    text = ("第三届“临江工匠”名单\n\n★周立新\n临江恒达机械有限公司高级技师\n\n"
            "★韩松\n青川电子股份有限公司总工程师\n")
    assert {("周立新", "临江工匠"), ("韩松", "临江工匠")} <= holders(text)


def test_a_reporter_is_no_holder_and_a_worker_is_no_reporter():
    assert holders("(原标题:2020年“江北工匠”揭晓 记者:周立新)\n近日,江北区表彰一批工匠。") == set()
    text = "座谈会上,全国劳动模范罗晓峰、全国先进工作者邵丽娟、“巴渝工匠”孟伟作了交流发言。"
    assert {("邵丽娟", "全国先进工作者"), ("孟伟", "巴渝工匠")} <= holders(text)


def test_an_enumeration_of_epithets_over_lines_takes_the_edition_year_the_story_writes():
    text = ("12月23日,由省总工会举办的2020“巴渝工匠”年度人物发布晚会播出。\n\n这3名“巴渝工匠”年度人物分别是:\n\n"
            "测山量海的“筑路人”罗晓峰;\n\n制造导弹零部件“标准”的90后邵丽娟;\n\n焊花飞扬的“钢铁裁缝”孟伟。\n")
    assert {("罗晓峰", "巴渝工匠年度人物", 2020), ("邵丽娟", "巴渝工匠年度人物", 2020),
            ("孟伟", "巴渝工匠年度人物", 2020)} <= awards(text)


def test_a_body_named_as_a_source_or_a_recommender_holds_nothing():
    text = "记者3月21日从临江市总工会获得喜讯:临江市推荐的罗晓峰喜获“青川高原工匠”荣誉称号、邵丽娟喜获青川省“工人技术明星”荣誉称号。"
    found = holders(text)
    assert {("罗晓峰", "青川高原工匠"), ("邵丽娟", "青川省工人技术明星")} <= found
    assert not any(s == "临江市总工会" for s, _o in found)
    text = "临江县总工会积极向县人社局推荐上报,最终金某某成功评选为第五届昆明市名匠。"
    assert not any(s == "临江县总工会" for s, _o in holders(text))


def test_a_body_that_will_present_the_certificates_holds_nothing():
    text = ("记者从省国资委获悉,现已评选出“川西十大国企工匠”。他们中有三十载如一日的勾兑大师;"
            "有视飞行为信仰的飞行员……省国资委将为“川西十大国企工匠”颁发荣誉证书。")
    assert not any(s.endswith("国资委") for s, _o in holders(text))


def test_guests_listed_before_a_count_of_honoured_people_hold_nothing():
    text = ("省总工会副主席、党组成员罗晓峰,临江市总工会主席邵丽娟,30名第一、第二届青川工匠,以及各市代表出席大会。")
    assert not any(o.endswith("青川工匠") for _s, o in holders(text))
    assert ("孟伟", "全国五一劳动奖章") in holders("孟伟是临江电机有限公司技师,全国五一劳动奖章获得者。")


def test_a_quoted_heading_with_a_bare_year_over_name_lines_each_a_block():
    text = ("这些年度人物都是谁?\n“2021青川工匠年度人物”\n罗晓峰\n临江光电股份有限公司总工程师\n图片\n"
            "罗晓峰深耕光电行业二十七载。\n“2021青川工匠年度人物”\n邵丽娟\n临江特钢技术研究有限公司\n首席工程师\n图片\n")
    assert awards(text) >= {("罗晓峰", "青川工匠年度人物", 2021), ("邵丽娟", "青川工匠年度人物", 2021)}
    assert not any(s.endswith("公司") for s, _o in holders(text))  # the line under a name is where it works


def test_an_enumeration_after_a_post_each_with_huocheng():
    text = ("临江钢铁集团有限公司维修电工高级技师罗晓峰,临江汽车技师学院焊接专业教师邵丽娟"
            "获称“全国技术能手”。")
    assert holders(text) >= {("罗晓峰", "全国技术能手"), ("邵丽娟", "全国技术能手")}


def test_representatives_each_with_their_own_honour_and_fenbie_that_opens_no_list():
    text = ("会上表彰了“江苏大工匠”和“江苏技术能手”。中华技能大奖获得者代表罗晓峰、江苏大工匠代表邵丽娟、江苏技术能手代表孟伟分别介绍了先进事迹;"
            "培养单位代表——临江重工集团介绍了经验做法;青年代表周立新发出倡议。")
    found = holders(text)
    assert {("罗晓峰", "中华技能大奖"), ("邵丽娟", "江苏大工匠"), ("孟伟", "江苏技术能手")} <= found
    assert not any(s in ("临江重工集团", "周立新") for s, _o in found)


def test_heading_lines_with_a_place_in_brackets_and_blank_lines_between_items():
    text = ("近日,省政府印发表彰决定,我市7名优秀高技能人才光荣上榜。\n\n青川工匠(临江)\n\n罗晓峰  临江环境工程职业学院\n\n"
            "青川省能工巧匠(临江)\n\n邵丽娟  临江时装有限公司\n\n蒋  玮  会昌中等专业学校\n\n")
    assert holders(text) >= {("罗晓峰", "青川工匠"), ("邵丽娟", "青川省能工巧匠"), ("蒋玮", "青川省能工巧匠")}


def test_a_post_then_a_name_the_rules_missed_makes_the_organisation_an_employer():
    from kg.nlp.entities import post_follows

    text = "分别是:临江饭店股份有限公司面点师孔繁昱、临江机械有限公司装配钳工罗晓峰。"
    assert post_follows(text, text.index("面点师"), [])
    assert not post_follows("临江饭店股份有限公司荣获奖状、", len("临江饭店股份有限公司"), [])


def test_a_model_workers_demonstration_studio_holds_its_designation():
    text = "福建省总工会命名了一批省示范性劳模工作室。1个省示范性劳模工作室为省级劳动模范罗晓峰示范性劳模工作室。"
    found = holders(text)
    assert any(s == "罗晓峰示范性劳模工作室" for s, _o in found) and not any(s == "罗晓峰" for s, _o in found)


def test_a_life_record_takes_no_year_from_where_the_career_began_and_the_workplace_holds_nothing():
    text = ("高级技师罗晓峰自1996年进入株洲某某材料研究所从事焊接工作以来，刻苦钻研，先后荣获“湖南省技术能手”"
            "“湖南省技能大师工作室领办人”“全国技术能手”等荣誉。")
    assert awards(text) == {("罗晓峰", "湖南省技术能手", None), ("罗晓峰", "湖南省技能大师工作室领办人", None),
                            ("罗晓峰", "全国技术能手", None)}
    assert ("邵丽娟", "全国五一劳动奖章", 2021) in awards("工程师邵丽娟1969年出生，2021年荣获全国五一劳动奖章。")


def test_a_pronoun_opening_the_clause_chain_is_the_subject_of_its_last_clause():
    text = ("全国劳动模范罗晓峰退休前是株洲恒达机械有限公司职工。工作40年来，他主动学习钻研，推动技改创新，"
            "始终战斗在生产第一线，荣获“湖南省百名优秀工人”称号。")
    assert ("罗晓峰", "湖南省百名优秀工人") in holders(text)
    other = ("全国劳动模范罗晓峰出席会议。会上，他介绍了经验，公司去年荣获“湖南省百名优秀工人”称号。")
    assert ("罗晓峰", "湖南省百名优秀工人") not in holders(other)  # the last clause has its own subject


def test_a_profile_label_opens_a_name_and_consecutive_terms_are_no_subject_of_their_own():
    text = ("2011年全国劳模休养活动群像\n【人物档案】罗起帆，60岁，连续五届获得全国劳模称号，"
            "株洲恒达机械有限公司原副总裁。")
    assert awards(text) == {("罗起帆", "全国劳动模范", None)}  # a life's record: not the headline's year


def test_a_caption_ends_at_the_next_list_heading():
    text = ("株洲获奖者分别是\n湖南省三八红旗手\n罗晓峰\n株洲恒达机械有限公司研发中心主任\n"
            "湖南省三八红旗集体株洲青川电子股份有限公司工艺设计室\n湖南省巾帼文明岗\n株洲飞鹰电子有限公司女子焊工班\n")
    found = holders(text)
    assert ("罗晓峰", "湖南省三八红旗手") in found
    assert not any(person == "罗晓峰" and honour != "湖南省三八红旗手" for person, honour in found)


def test_a_designation_followed_by_its_enumerated_holders():
    text = "湖南省总工会日前发文。其中，省级劳模工作室分别为全国劳动模范罗晓峰劳模工作室、省劳动模范邵丽娟劳模工作室。"
    assert {("罗晓峰劳模工作室", "湖南省劳模工作室"), ("邵丽娟劳模工作室", "湖南省劳模工作室")} <= holders(text)


def test_honours_named_in_an_event_are_held_by_nobody_there():
    text = ("2025年全国劳动模范和先进工作者表彰大会筹委会办公室常务副主任、湖南省总工会副主席罗晓峰介绍了筹备情况。")
    assert not holders(text)
    assert ("罗晓峰", "全国劳动模范") in holders("湖南省总工会副主席罗晓峰荣获全国劳动模范称号。")


def test_a_pronoun_object_opens_no_list():
    text = ("会上表彰了100名“湖南技术能手”。湖南技术能手代表罗晓峰分别介绍了他们爱岗敬业的事迹；"
            "培养单位代表——株洲恒达机械有限公司介绍了经验；青年代表邵丽娟发出倡议。")
    found = holders(text)
    assert ("罗晓峰", "湖南技术能手") in found
    assert not {("邵丽娟", "湖南技术能手"), ("株洲恒达机械有限公司", "湖南技术能手")} & found
    assert ("邵丽娟", "湖南技术能手") in holders("3人入选“湖南技术能手”，他们是：罗晓峰、邵丽娟、孟伟。")


def test_a_group_named_by_its_honour_opens_a_list_only_before_names():
    text = "针对全国劳动模范和先进工作者的人员组成情况，人事部副部长罗晓峰分析说，各类人员的分布大体是：企业职工1400多人。"
    assert not holders(text)
    assert ("邵丽娟", "全国五一劳动奖章") in holders("荣获全国五一劳动奖章的职工罗晓峰、邵丽娟作了发言。")
    assert ("株洲恒达机械有限公司", "全国五一劳动奖章") in holders(
        "荣获全国五一劳动奖章的单位是株洲恒达机械有限公司和湘潭青川电子股份有限公司。")


def test_in_a_life_record_a_year_belongs_to_the_honour_it_is_written_with():
    text = ("高级技师罗晓峰扎根基层。她先后获得2015年湖南省五一劳动奖章、2019年度湖南省劳动模范、"
            "第四届株洲市能工巧匠等荣誉称号。")
    found = awards(text)
    assert {("罗晓峰", "湖南省五一劳动奖章", 2015), ("罗晓峰", "湖南省劳动模范", 2019),
            ("罗晓峰", "株洲市能工巧匠", None)} <= found
