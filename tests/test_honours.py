"""The honour recogniser alone (rules, no model), on sentences written for these tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def honours(rules):
    return lambda text: {m.name for m in rules(text, "kg_honours") if m.type == "Honour"}


@pytest.mark.parametrize("text, expected", [
    # a conferrer (level word, region, organisation) and a kind
    ("湖南省总工会表彰大会上，省五一劳动奖章颁给了三位一线职工。", {"湖南省五一劳动奖章"}),
    ("他荣获全国和省五一劳动奖章。长沙市的职工很自豪。湖南省", {"全国五一劳动奖章", "湖南省五一劳动奖章"}),
    ("他先后获得中国华电集团有限公司技术能手称号。", {"中国华电集团有限公司技术能手"}),
    ("会议表彰了全国铁路系统先进工作者。", {"全国铁路系统先进工作者"}),
    # an edition belongs to the mention, not to the name
    ("她是湖南省第五届能工巧匠。", {"湖南省能工巧匠"}),
    ("四川省第三届“百名医德之星”揭晓。", {"四川省百名医德之星"}),
    ("授予他2021年度“巴渝工匠”称号。", {"巴渝工匠"}),
    # a qualifier and a kind of person after a conferrer
    ("王老师被评为全国优秀教师。", {"全国优秀教师"}),
    ("他荣获“四川省百名优秀工人”称号。", {"四川省百名优秀工人"}),
    # head words extend a kind; kinds joined by 和/、 share the conferrer
    ("授予她全国三八红旗手标兵称号。", {"全国三八红旗手标兵"}),
    ("全国交通系统先进集体、先进工作者和劳动模范表彰大会举行。",
     {"全国交通系统先进集体", "全国交通系统先进工作者", "全国交通系统劳动模范"}),
    ("全国模范职工之家（职工小家）名单公布。", {"全国模范职工之家", "全国模范职工小家"}),
    ("开展了全国青年岗位能手(标兵)评选活动。", {"全国青年岗位能手", "全国青年岗位能手标兵"}),
    ("他荣获第五届“昆明市名匠”称号。", {"昆明市名匠"}),
    ("荣获“中国农民画创作带头人”“昆明市劳动模范”“石林县拔尖乡土人才”等称号。",
     {"中国农民画创作带头人", "昆明市劳动模范", "石林县拔尖乡土人才"}),
    # named honours stand on their own
    ("他获得中华技能大奖和全国技术能手。", {"中华技能大奖", "全国技术能手"}),
])
def test_honours_by_shape(honours, text, expected):
    assert expected <= honours(text)


@pytest.mark.parametrize("text, expected", [
    ("她荣获“巴渝楷模”称号。", {"巴渝楷模"}),
    ("12名“最美护林员”受到表彰。", {"最美护林员"}),
    ("他先后获得过“全国劳动模范”“全国五一劳动奖章”“中华技能大奖”等30多项荣誉。",
     {"全国劳动模范", "全国五一劳动奖章", "中华技能大奖"}),
    ("3个“最美护林员”团队受到表彰。", {"最美护林员团队"}),
    ("——“大国工匠”人才、某电网公司首席技师。", {"大国工匠人才"}),
    # quoted once, the same name unquoted later is the same honour
    ("授予某公司等20个集体“建设宁夏奖状”。获建设宁夏奖状的集体代表发言。", {"建设宁夏奖状"}),
])
def test_quoted_names_that_a_verb_a_count_or_a_run_vouches_for(honours, text, expected):
    assert expected <= honours(text)


def test_a_verb_before_and_title_after_frame_a_name_with_no_known_conferrer(honours):
    assert honours("他荣获青川金牌工匠称号。") >= {"青川金牌工匠"}
    assert honours("她获得首都大国工匠荣誉称号。") >= {"首都大国工匠"}  # 都 may sit inside a name
    assert not honours("他们都获得了工匠称号。")  # a kind alone, no name


def test_a_quoted_unit_followed_by_its_heads_post_is_no_title(honours):
    assert not honours("株洲市中心医院“暖心之家”护士长、2015年全国先进工作者罗晓峰出席。") & {"株洲市中心医院暖心之家", "暖心之家"}
    assert "株洲市最美之家" in honours("她家荣获株洲市“最美之家”称号。")


def test_a_region_inside_the_name_runs_back_to_the_verb(honours):
    assert "开发建设宁夏奖章" in honours("166名个人获开发建设宁夏奖章。")


@pytest.mark.parametrize("text", [
    "横向贯通“工匠”“劳模”荣誉。",  # a kind alone in quotes
    "宣讲活动的“大国工匠”走进校园，大国工匠们的桂冠。",  # a generic epithet
    "“巴渝工匠”培育对象名单公布。",  # candidates
    "第三届“巴渝工匠杯”技能大赛开幕。",  # a competition
    "我市劳模继续发挥示范作用。",  # our city's model workers
    "带动各州选树市级工匠802人。",  # a grade of people
    "某某重工集团有限公司首席技师王某某。",  # a post, not a company's title
    "高新区举办劳模工匠创新成果交流会。",
])
def test_not_honours(honours, text):
    assert not honours(text)


@pytest.mark.parametrize("text, expected", [
    ("授予临江市第一医院急诊科等20个集体山东省“巾帼文明岗”荣誉称号。", {"山东省巾帼文明岗"}),
    ("授予孔某某等10名同志山东省卫生系统“巾帼建功标兵”荣誉称号。", {"山东省卫生系统巾帼建功标兵"}),
    ("省妇联同时授予省“三八”红旗手荣誉称号。山东省", {"山东省三八红旗手"}),
    ("全国、省、市三级劳动模范齐聚一堂。安徽省合肥市合肥市", {"全国劳动模范", "安徽省劳动模范", "合肥市劳动模范"}),
])
def test_the_conferrer_written_before_the_quotes_and_level_counts(honours, text, expected):
    assert expected <= honours(text)


def test_a_grade_in_brackets_extends_the_title_it_follows(honours):
    found = honours("开展了全国青年岗位能手(标兵)评选活动。")
    assert "全国青年岗位能手标兵" in found and "全国标兵" not in found
