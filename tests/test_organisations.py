"""The organisation recogniser alone (rules, no model), on sentences written for these tests."""

from __future__ import annotations

import re

import pytest

from kg.vocabulary import ORG_TYPES


@pytest.fixture
def orgs(rules):
    def run(text: str, upto: str = "kg_organisations") -> dict[str, str]:
        return {m.text: m.type for m in rules(text, upto) if m.type in ORG_TYPES}
    return run


@pytest.mark.parametrize("text, name, typ", [
    # kinds with no company suffix
    ("来源：临江日报 2021年6月24日", "临江日报", "OtherOrganization"),
    ("本报讯（青川晚报记者 王某）昨日", "青川晚报", "OtherOrganization"),
    ("宁远县疾病预防控制中心工作人员", "宁远县疾病预防控制中心", "OtherOrganization"),
    ("汤原县园林绿化站职工", "汤原县园林绿化站", "OtherOrganization"),
    ("铁岭市城管大队队员", "铁岭市城管大队", "GovernmentBody"),
    ("交通运输部救助打捞局的潜水员", "交通运输部救助打捞局", "GovernmentBody"),
    ("国家邮政局发布通知", "国家邮政局", "GovernmentBody"),
    ("宁远县实验幼儿园老师", "宁远县实验幼儿园", "EducationInstitution"),
    # a government service centre, and a window of it as the honoured unit
    ("株洲市天元区政务服务中心工作人员", "株洲市天元区政务服务中心", "GovernmentBody"),
    ("株洲市天元区政务服务中心不动产登记综合窗口获评巾帼文明岗", "株洲市天元区政务服务中心不动产登记综合窗口", "GovernmentBody"),
    # a number inside a name, an ordinal inside a name
    ("航天8359厂的探伤工", "航天8359厂", "Company"),
    ("中建九局第三建设有限公司焊工", "中建九局第三建设有限公司", "Company"),
    # a name may hold 与 where a university names a school by two fields
    ("岭南大学经济与管理学院教授", "岭南大学经济与管理学院", "EducationInstitution"),
])
def test_kinds_of_organisation(orgs, text, name, typ):
    assert orgs(text).get(name) == typ


def test_a_unit_with_its_organisation_is_one_name_that_can_hold_an_honour(orgs):
    found = orgs("授予青川重工有限公司装配车间维修二组等30个集体工人先锋号称号。")
    assert "青川重工有限公司装配车间维修二组" in found


def test_before_a_post_the_organisation_is_the_employer_and_the_unit_goes_into_the_post(orgs):
    found = orgs("中国铁路某局集团有限公司临江车辆段工长周某某等5人获奖。", upto="kg_entities")
    assert "中国铁路某局集团有限公司" in found
    assert not any("车辆段" in n for n in found)


@pytest.mark.parametrize("text, name", [
    ("宁远县实验小学校长王某某出席。", "宁远县实验小学"),  # 小学|校长, not 小学校|长
    ("临江市公安局副局长尹某某介绍。", "临江市公安局"),  # not 公安局副局
])
def test_a_name_stops_before_a_post(orgs, text, name):
    found = orgs(text)
    assert name in found and not any(n.startswith(name) and n != name for n in found)


@pytest.mark.parametrize("text", [
    "要认真落实党中央决策部署。",  # 部署 is no department
    "他多次获得集团公司科技进步奖。",  # the group company: no name
    "推动中国工会事业发展。",
    "某市总工会第十五届委员会第三次全体会议召开。",  # a term of office
])
def test_not_organisations(orgs, text):
    found = orgs(text)
    assert not any(n.endswith(("部", "集团公司", "中国工会")) or "第十五届" in n for n in found)


def test_an_allowance_a_city_centre_and_the_youth_league(orgs):
    found = orgs("他享受国务院政府特殊津贴，她享受国务院特殊津贴。国务院决定授予他们称号。")
    assert found == {"国务院": "GovernmentBody"}  # only where the State Council itself acts
    assert orgs("家住株洲市中心的老人来到株洲市中心医院。") == {"株洲市中心医院": "OtherOrganization"}
    assert orgs("共青团中央联合发文。") == {"共青团中央": "OtherOrganization"}
    assert not orgs("全市组建12支劳模工匠技术服务队深入企业。")  # a count of teams, no one body
    assert not any(n.endswith("会议室") for n in orgs("会议在株洲恒达大酒店七楼会议室举行。"))  # a room
    found = orgs("共青团湖南省委、湖南省委组织部联合发文。")
    assert found.get("共青团湖南省委") == "OtherOrganization" and "湖南省委" not in found


def test_an_honour_written_before_its_holder_stays_outside_the_name(orgs):
    found = orgs("全国三八红旗集体株洲青川电子股份有限公司工艺设计室")
    assert "株洲青川电子股份有限公司工艺设计室" in found and not any(n.startswith("全国") for n in found)
    assert "株洲市劳动模范协会" in orgs("株洲市劳动模范协会成立。")  # the kind ends the name part: it stays


def test_governing_words_stay_outside_the_name(orgs):
    found = orgs("推动临江恒达机械有限公司和我市青川电子有限公司合作。")
    assert {"临江恒达机械有限公司", "青川电子有限公司"} <= set(found)


def test_a_studio_is_named_after_its_leader(rules):
    mentions = rules("青川重工有限公司周立新劳模创新工作室、邓晓明、韩松技能大师工作室。", "kg_organisations")
    studios = {m.name for m in mentions if m.type == "Studio"}
    people = {m.text for m in mentions if m.type == "Person"}
    assert {"周立新劳模创新工作室", "邓晓明技能大师工作室", "韩松技能大师工作室"} <= studios
    assert {"周立新", "邓晓明", "韩松"} <= people
    assert not rules("学习交流劳模工作室创建经验。", "kg_organisations") or \
        not any(m.type == "Studio" for m in rules("学习交流劳模工作室创建经验。", "kg_organisations"))


def test_ministries_of_earlier_years_and_a_company_department_that_shares_a_name(orgs):
    assert orgs("2005年劳动和社会保障部、人事部联合表彰了一批劳模。") == {
        "劳动和社会保障部": "GovernmentBody", "人事部": "GovernmentBody"}
    assert orgs("国家人事部发布通知。") == {"国家人事部": "GovernmentBody"}
    assert "人事部" not in orgs("该公司人事部经理出席。")
    assert orgs("今年被中宣部表彰。") == {"中宣部": "GovernmentBody"}


def test_a_hyphen_between_names_joins_one_name(orgs):
    assert "一汽-大众汽车有限公司" in orgs("决定授予一汽-大众汽车有限公司维修电工范某等人称号。")
    assert "大众汽车有限公司" in orgs("2019-大众汽车有限公司举行年会。")  # a number, not a name, before it


def test_a_company_that_opens_with_its_city_runs_over_words_names_hold(orgs):
    found = orgs("他们是:临江市运达轨道交通建设运营有限公司黄某、青川电子有限公司唐某。")
    assert "临江市运达轨道交通建设运营有限公司" in found


def test_a_ministry_written_with_the_state_before_it(orgs):
    assert "国家人力资源和社会保障部" in orgs("经国家人力资源和社会保障部评审、批准,某研究所获评。")


def test_a_development_zone_written_like_a_district_is_part_of_the_name(orgs):
    found = orgs("位于临江经开区群团工作部的职工之家站。经开区总工会主席某某讲话。青川高新区管委会参加。")
    assert {"临江经开区群团工作部", "经开区总工会"} <= set(found)


def test_where_a_post_or_a_function_word_follows_the_segmenter_is_not_asked():
    from kg.nlp.organisations import _plainly_ends

    text = "临江电力有限公司总经理罗某、临江电力有限公司的职工、临江电力有限公司长期合作、临江电力集团有限公司荣获奖状"
    ends = [m.end() for m in re.finditer("有限公司|集团", text)]
    assert [_plainly_ends(text, e) for e in ends] == [True, True, False, True, True]
