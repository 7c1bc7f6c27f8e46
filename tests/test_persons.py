"""The person recogniser alone (rules, no model), on sentences written for these tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def persons(rules):
    return lambda text: {m.name for m in rules(text, "kg_persons") if m.type == "Person"}


@pytest.mark.parametrize("text, expected", [
    # ORG NAME、ORG NAME等N人
    ("临江恒达机械有限公司周立新、青川电子股份有限公司韩松等2人获奖。", {"周立新", "韩松"}),
    # a post right before the name, the name never takes the verb's first character
    ("某区交通局副局长尹晓东荣获表彰。", {"尹晓东"}),
    ("车辆段工长陈佳等11人入选。", {"陈佳"}),
    ("市委书记林伟一行调研。", {"林伟"}),
    # list lines: NAME ORG POST, numbered, with a province before them, a spaced two-character name
    ("全国劳动模范\n周立新 临江恒达机械有限公司高级技师\n韩 松 青川电子股份有限公司工程师", {"周立新", "韩松"}),
    ("2.罗晓峰 临江市第一中学教师", {"罗晓峰"}),
    # bylines and signatures
    ("（记者 侯晓燕）近日，临江市举行表彰大会。", {"侯晓燕"}),
    ("会议强调要做好工作。（邵丽娟）", {"邵丽娟"}),
    # a quoted epithet before the name
    ("涌现出“临江绣花针”闫晓茹、“钢铁裁缝”郝冬雪等一批工匠。", {"闫晓茹", "郝冬雪"}),
    # 、-lists and (女)
    ("他们是：冯新华、周琪玮(女)、孟伟、郭汉东。", {"冯新华", "周琪玮", "孟伟", "郭汉东"}),
    # a plain noun for a person in apposition before the name
    ("哈尼族姑娘李秀英来自云南山村。", {"李秀英"}),
    # after 的, an award verb vouches for a name-like name
    ("临江市推荐的罗晓峰喜获“临江工匠”称号。", {"罗晓峰"}),
    # a name alone on a bulleted line above its post line
    ("名单\n★朱桥\n临江电力集团总工程师\n", {"朱桥"}),
    # the doctrine named after its author, whatever stands before the name
    ("总工会深入学习贯彻习近平新时代中国特色社会主义思想。", {"习近平"}),
])
def test_names_by_shape(persons, text, expected):
    assert expected <= persons(text)


def test_names_with_a_middle_dot(persons):
    found = persons("青川某某公司技术员古丽娜尔·阿不都拉、列车长买买提·艾力获奖。")
    assert {"古丽娜尔·阿不都拉", "买买提·艾力"} <= found
    found = persons("市总工会主席古丽其娜·沙吾尔把慰问品送给环卫工人阿依夏木·依明。")
    assert {"古丽其娜·沙吾尔", "阿依夏木·依明"} <= found and not any(n.startswith(("主席", "人")) for n in found)
    assert "古丽娜尔·阿不都拉" in persons("古丽娜尔·阿不都拉荣获全国五一劳动奖章。")  # at the very start of a text


def test_tibetan_names_of_two_words_of_the_name_stock(persons):
    found = persons("青川某某公司机务段指导司机格桑央金、某某矿业公司职工扎西多吉荣获全国五一劳动奖章。")
    assert {"格桑央金", "扎西多吉"} <= found
    assert persons("次仁卓玛说，今年的格桑花开得早。") >= {"次仁卓玛"}
    assert not persons("高原上的格桑花开了，扎西德勒！")  # one word of the stock and another word: no name


@pytest.mark.parametrize("text", [
    "主任何时到？",  # 何时 is a question, not a name
    "要坚持高质量发展，厚植人才成长沃土。",
    "“中国梦·邮政情”活动开幕。",
    "各单位要积极参加。",
    "是广大青年成长成才、建功立业的榜样。",  # 成长 ends like a post (长) but is none
])
def test_not_names(persons, text):
    assert not persons(text)


@pytest.mark.parametrize("text, expected", [
    ("选举陈晓丽为公司工会主席，张贵民为副主席。", {"陈晓丽", "张贵民"}),  # an appointment: NAME为POST
    ("区总工会共同为万正平等“十大金牌工人”颁奖。", {"万正平"}),  # a preposition before, 等 after
])
def test_names_around_prepositions(persons, text, expected):
    assert expected <= persons(text)


def test_a_name_that_took_the_next_word_is_cut_back(persons):
    found = persons("公司董事长庞晓军主持会议。庞晓军就职工代表提出的意见作了答复。")
    assert "庞晓军" in found and "庞晓军就" not in found


def test_a_name_every_mention_writes_longer_is_the_longer_name(persons):
    text = "又来到全国劳动模范孔松年家里。80岁的孔松年早年在喀什工作。孔松年握着他的手。"
    assert "孔松年" in persons(text) and "孔松" not in persons(text)


def test_a_name_never_takes_the_first_character_of_a_verb_after_it(persons):
    found = persons("全国劳模、临江电力有限公司高级技师王强受到了青川公司工会的邀请。公司董事长张伟先后获得多项荣誉。")
    assert not {"王强受", "张伟先"} & found and "张伟" in found


def test_a_line_that_opens_with_a_word_like_a_name_and_a_post_in_the_next_sentence(persons):
    found = persons("  连日来,气温居高不下。近日,临江区人大常委会副主任、区总工会主席罗晓峰带队慰问。")
    assert "连日来" not in found and "罗晓峰" in found


def test_a_verb_is_no_given_name(persons):
    assert "时强调" not in persons("省总工会主席罗晓峰在看望全国劳动模范和先进工作者代表时强调 关心爱护劳模")


def test_a_list_of_names_right_after_de(persons):
    found = persons("临江市代表队的雷强、熊星豪、刘博、杨海涛分别荣获汽车修理、电子商务、中式烹调、数控车工的金奖。")
    assert {"雷强", "熊星豪", "刘博"} <= found


@pytest.mark.parametrize("text, name, not_name", [
    ("范国琼(女),四川省宜宾某某酒业有限公司506车间勾兑师;", "范国琼", "勾兑师"),  # a trade after its unit
    ("护士长罗晓峰常年为患者服务，曾两次获得全国先进工作者称号。", "罗晓峰", "曾两次"),  # 曾 + a count
    ("全国劳动模范罗晓峰被授予共和国勋章和国家荣誉称号。", "罗晓峰", "和国家"),  # a conjunction after an honour
])
def test_no_name_where_the_segmenter_lends_a_weak_context_strength(text, name, not_name):
    """With the segmenter's words a name needs less from its context; a given name ending in 师 or made of
    a count (两次) still is none."""
    from kg.ingest import articles_from_text
    from kg.nlp.models import ModelError
    from kg.nlp.pipeline import build_nlp, recognise

    try:
        nlp = build_nlp(use_models=True)
    except ModelError as exc:
        pytest.skip(str(exc))
    names = {m.name for m in recognise(articles_from_text("t.txt", text)[0], nlp)[1].mentions if m.type == "Person"}
    assert name in names and not_name not in names


def test_a_title_after_a_quote_is_no_list_member(persons):
    found = persons("株洲市推荐的罗晓峰喜获“湖南高原工匠”荣誉称号、邵丽娟喜获湖南省“工人技术明星”荣誉称号。")
    assert {"罗晓峰", "邵丽娟"} <= found and not any("称号" in n or "荣誉" in n for n in found)
