"""Sanity checks on the general-purpose gazetteers in data/gazetteers/: they parse, have no duplicates,
the region tree is consistent and the sizes are plausible."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

GAZ = Path(__file__).resolve().parent.parent / "data" / "gazetteers"
LEVELS = {"country", "province", "city", "district", "county", "county_city"}
COUNTY_LEVELS = {"district", "county", "county_city"}
# Prefecture-level cities without county-level divisions (towns report to the city directly).
NO_COUNTY_LEVEL = {"东莞市", "中山市", "儋州市", "嘉峪关市"}


def rows(name: str) -> list[list[str]]:
    out = []
    for line in (GAZ / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line.split("\t"))
    return out


def header(name: str) -> str:
    return "\n".join(ln for ln in (GAZ / name).read_text(encoding="utf-8").splitlines() if ln.startswith("#"))


@pytest.fixture(scope="module")
def regions() -> list[list[str]]:
    return rows("regions.tsv")


@pytest.mark.parametrize(
    "name,ncols",
    [
        ("regions.tsv", 6),
        ("regions_extra.tsv", 7),
        ("ethnic_groups.txt", 1),
        ("region_nicknames.tsv", 3),
        ("surnames.txt", 2),
        ("roles.txt", 2),
        ("person_cues.tsv", 2),
        ("given_name_chars.tsv", 8),
        ("surname_counts.tsv", 2),
    ],
)
def test_files_parse(name: str, ncols: int) -> None:
    assert "Columns:" in header(name), f"{name} has no header comment describing its columns"
    data = rows(name)
    assert data, f"{name} is empty"
    bad = [r for r in data if len(r) != ncols or not r[0].strip() or r[0] != r[0].strip()]
    assert not bad, f"{name}: malformed rows {bad[:5]}"


def test_regions_levels_and_unique(regions: list[list[str]]) -> None:
    assert {r[1] for r in regions} <= LEVELS
    keys = Counter((r[0], r[2]) for r in regions)
    assert not [k for k, n in keys.items() if n > 1]
    upper = Counter(r[0] for r in regions if r[1] in ("country", "province", "city"))
    assert not [k for k, n in upper.items() if n > 1]


def test_regions_tree(regions: list[list[str]]) -> None:
    level = {r[0]: r[1] for r in regions if r[1] in ("country", "province", "city")}
    for name, lvl, parent, *_ in regions:
        if lvl == "country":
            assert parent == ""
        elif lvl == "province":
            assert level.get(parent) == "country", name
        elif lvl == "city":
            assert level.get(parent) == "province", name
        else:
            assert level.get(parent) in ("city", "province"), name


def test_region_counts(regions: list[list[str]]) -> None:
    by_level = Counter(r[1] for r in regions)
    assert by_level["country"] == 1
    assert by_level["province"] == 34
    assert 330 < by_level["city"] <= 340
    assert sum(by_level[lv] for lv in COUNTY_LEVELS) > 2800
    cities = {r[0] for r in regions if r[1] == "city"}
    assert cities - {r[2] for r in regions if r[1] in COUNTY_LEVELS} == NO_COUNTY_LEVEL
    gd_cities = {r[0] for r in regions if r[1] == "city" and r[2] == "广东省"}
    assert len(gd_cities) == 21
    assert len([r for r in regions if r[1] in COUNTY_LEVELS and r[2] in gd_cities]) >= 120


def test_region_examples(regions: list[list[str]]) -> None:
    by = {(r[0], r[2]): r for r in regions}
    assert by[("广东省", "中华人民共和国")][3] == "广东"
    assert "粤" in by[("广东省", "中华人民共和国")][4]
    assert by[("新疆维吾尔自治区", "中华人民共和国")][3] == "新疆"
    assert by[("内蒙古自治区", "中华人民共和国")][3] == "内蒙古"
    assert by[("河源市", "广东省")][3] == "河源"
    assert by[("菏泽市", "山东省")][3] == "菏泽"
    assert set(by[("延边朝鲜族自治州", "吉林省")][3].split(",")) == {"延边", "延边州"}
    assert set(by[("黔东南苗族侗族自治州", "贵州省")][3].split(",")) == {"黔东南", "黔东南州"}
    assert "长阳" in by[("长阳土家族自治县", "宜昌市")][3].split(",")
    assert "鄂温克旗" in by[("鄂温克族自治旗", "呼伦贝尔市")][3].split(",")
    assert by[("高明区", "佛山市")][3] == "高明"
    assert by[("阳春市", "阳江市")][1] == "county_city"
    assert by[("神农架林区", "湖北省")][1] == "county"
    assert by[("大亚湾区", "惠州市")][1] == "district"
    assert ("朝阳区", "北京市") in by and ("朝阳区", "长春市") in by
    for child in ("源城区", "东源县", "紫金县", "龙川县", "连平县", "和平县"):
        assert (child, "河源市") in by


def test_region_short_forms(regions: list[list[str]]) -> None:
    """Shared forms stay with every unit that has them, except a province's own and a prefecture's
    own shared with its county (吉林 → 吉林省, 南昌 → 南昌市); the common words are among the forms."""
    names = {r[0] for r in regions}
    level = {r[0]: r[1] for r in regions}
    owners: dict[str, list[list[str]]] = {}
    for name, _lvl, _parent, shorts, abbr, common in regions:
        forms = [s for s in shorts.split(",") if s]
        assert all(len(s) >= 2 for s in forms), name
        assert all(len(a) == 1 for a in abbr.split(",") if a), name
        assert set(c for c in common.split(",") if c) <= {*forms, name}, name
        assert not [s for s in forms if s in names], name
        for f in forms:
            owners.setdefault(f, []).append([name, _parent])
    shared = {f: o for f, o in owners.items() if len(o) > 1}
    assert {"白云", "鼓楼", "朝阳"} <= set(shared)
    assert not [f for f, o in shared.items() if any(level[n] == "province" for n, _ in o)]
    assert owners["吉林"] == [["吉林省", "中华人民共和国"]] and owners["南昌"] == [["南昌市", "江西省"]]


def test_region_common_words(regions: list[list[str]]) -> None:
    common = {c for r in regions for c in r[5].split(",") if c}
    assert {"东方", "和平", "新华", "白云", "青山", "红旗", "江南", "安宁", "通道", "长安", "永安", "当阳"} <= common
    assert {"城区", "郊区", "矿区"} <= common  # full names that are ordinary words
    assert not {"广州", "菏泽", "延边", "黔东南", "佛冈", "天津", "西安"} & common


def test_nicknames(regions: list[list[str]]) -> None:
    names = {r[0] for r in regions}
    data = rows("region_nicknames.tsv")
    assert len({r[0] for r in data}) == len(data)
    assert not [r for r in data if r[1] not in names]
    assert not [r for r in data if len(r[0]) == 1 and r[2] != "1char"]
    nick = {r[0]: r[1] for r in data}
    assert nick["南粤"] == "广东省" and nick["羊城"] == "广州市" and nick["鹏城"] == "深圳市"
    assert "禅城" not in nick


def test_surnames() -> None:
    data = rows("surnames.txt")
    names = [r[0] for r in data]
    assert len(names) == len(set(names))
    singles = [n for n in names if len(n) == 1]
    assert len(singles) >= 400
    assert all(1 <= len(n) <= 2 for n in names)
    assert all(r[1].isdigit() for r in data)
    assert names[:5] == ["王", "李", "张", "刘", "陈"]
    assert {"欧阳", "司马", "诸葛", "上官"} <= set(names)


def test_roles_and_cues() -> None:
    roles = rows("roles.txt")
    names = [r[0] for r in roles]
    assert len(names) == len(set(names)) and len(names) >= 200
    assert {r[1] for r in roles} <= {"post", "profession", "honorific"}
    assert not {"师", "员", "长"} & set(names)
    cues = rows("person_cues.tsv")
    assert len({(r[0], r[1]) for r in cues}) == len(cues)
    assert {r[1] for r in cues} == {"before", "after"}


def test_given_name_chars() -> None:
    data = rows("given_name_chars.tsv")
    assert len(data) >= 300
    counts = [int(r[1]) for r in data]
    assert counts == sorted(counts, reverse=True) and min(counts) >= 2
    assert all(int(r[1]) <= int(r[2]) and 0 < float(r[3]) <= 1 for r in data)
    assert len({r[0] for r in data}) == len(data)
    sur = rows("surname_counts.tsv")
    assert len(sur) >= 100 and sur[0][0] in {"王", "李", "张", "刘", "陈"}


# -- the build (kg/build_regions.py) on a small file in the source's format ---------------------------

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "regions"


@pytest.fixture(scope="module")
def built() -> dict[tuple[str, str], list[str]]:
    from kg import build_regions as br

    text = build_fixture_text(br)
    return {(r[0], r[2]): r for r in (ln.split("\t") for ln in text.splitlines() if not ln.startswith("#"))}


def build_fixture_text(br) -> str:
    units = br.build((FIXTURE / "china_location.txt").read_text(encoding="utf-8"),
                     (FIXTURE / "china_location_change.txt").read_text(encoding="utf-8"),
                     br._rows(FIXTURE / "extra.tsv"), br.read_list(GAZ / "ethnic_groups.txt"),
                     FIXTURE / "corpus.jsonl", br.NameStats.load(GAZ))
    return br.render(units, "Source: test fixture.")


def test_build_levels_and_parents(built) -> None:
    level = {k: r[1] for k, r in built.items()}
    assert level[("广东省", "中华人民共和国")] == "province"
    assert level[("广州市", "广东省")] == "city"
    assert level[("天河区", "广州市")] == "district"
    assert level[("和平县", "河源市")] == "county"
    assert level[("凯里市", "黔东南苗族侗族自治州")] == "county_city"
    assert level[("鄂温克族自治旗", "呼伦贝尔市")] == "county"
    assert level[("朝阳区", "北京市")] == "district"  # a municipality's districts hang from it directly
    assert level[("仙桃市", "湖北省")] == "county_city"  # province-administered
    assert level[("神农架林区", "湖北省")] == "county"
    assert level[("香港特别行政区", "中华人民共和国")] == "province"
    names = {k[0] for k in built}
    # towns, functional zones, placeholders and the subdivisions of Hong Kong are no divisions here
    assert not names & {"石牌街道", "广州经济技术开发区", "市直辖行政区划", "省直辖行政区划", "东区", "香港"}


def test_build_applies_changes_and_curated_rows(built) -> None:
    assert ("湟中区", "西宁市") in built and ("湟中县", "西宁市") not in built
    assert ("三江县", "柳州市") not in built  # a change whose old unit the tree does not list adds nothing
    assert built[("广东省", "中华人民共和国")][4] == "粤"
    assert built[("黄埔新区", "广州市")][1:4] == ["district", "广州市", "黄埔"]
    assert ("东源县", "河源市") not in built


def test_build_short_forms(built) -> None:
    def forms(name: str, parent: str) -> set[str]:
        return {f for f in built[(name, parent)][3].split(",") if f}

    assert forms("黔东南苗族侗族自治州", "贵州省") == {"黔东南", "黔东南州"}
    assert forms("延边朝鲜族自治州", "吉林省") == {"延边", "延边州"}
    assert forms("长阳土家族自治县", "宜昌市") == {"长阳", "长阳县"}
    assert forms("鄂温克族自治旗", "呼伦贝尔市") == {"鄂温克", "鄂温克旗"}
    assert forms("内蒙古自治区", "中华人民共和国") == {"内蒙古"}
    assert forms("神农架林区", "湖北省") == {"神农架"}
    assert forms("杭锦后旗", "巴彦淖尔市") == set()  # 杭锦后 is nobody's name for it
    assert forms("吉林省", "中华人民共和国") == {"吉林"} and forms("吉林市", "吉林省") == set()
    assert forms("白云区", "广州市") == forms("白云区", "贵阳市") == {"白云"}  # shared: both keep it
    assert forms("朝阳区", "北京市") == forms("朝阳区", "长春市") == {"朝阳"}


def test_build_common_words_from_the_corpus(built) -> None:
    assert built[("和平县", "河源市")][5] == "和平"  # 维护世界和平: a word more often than the county
    assert built[("天河区", "广州市")][5] == ""  # seen only as the place
    assert built[("彭泽县", "九江市")][5] == "彭泽"  # a common surname and a name-like given name


def test_build_is_deterministic_and_writes_atomically(tmp_path) -> None:
    from kg import build_regions as br

    out = tmp_path / "regions.tsv"
    args = ["--source", str(FIXTURE / "china_location.txt"), "--changes", str(FIXTURE / "china_location_change.txt"),
            "--corpus", str(FIXTURE / "corpus.jsonl"), "--extra", str(FIXTURE / "extra.tsv"), "--out", str(out)]
    assert br.main(args) == 0
    first = out.read_bytes()
    assert br.main(args) == 0
    assert out.read_bytes() == first
    def body(text: str) -> list[str]:
        return [ln for ln in text.splitlines() if not ln.startswith("#")]

    assert body(first.decode("utf-8")) == body(build_fixture_text(br))
    assert [p.name for p in tmp_path.iterdir()] == ["regions.tsv"]


def test_build_bad_source_is_one_line_and_keeps_the_file(tmp_path, capsys) -> None:
    from kg import build_regions as br

    out = tmp_path / "regions.tsv"
    out.write_text("kept\n", encoding="utf-8")
    assert br.main(["--source", str(tmp_path / "missing.txt"), "--corpus", str(FIXTURE / "corpus.jsonl"),
                    "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "missing.txt" in err
    assert out.read_text(encoding="utf-8") == "kept\n"


# -- the loader (kg.resources.regions) and its users -------------------------------------------------

def test_ambiguous_name_keeps_both_parents() -> None:
    from kg.resources import regions as load

    gaz = load()
    chaoyang = gaz.by_name["朝阳区"]
    assert chaoyang.ambiguous and chaoyang.parent is None
    assert {c.parent for c in chaoyang.candidates} == {"北京市", "长春市"}
    assert gaz.city_of(chaoyang) is None and gaz.province_of(chaoyang) is None
    assert gaz.resolve("朝阳区", gaz.by_name["长春市"]).parent == "长春市"
    assert gaz.resolve("鼓楼区", None, gaz.by_name["福建省"]).parent == "福州市"
    assert gaz.get("鼓楼").ambiguous and len(gaz.get("鼓楼").candidates) >= 4
    assert gaz.get("西安").name == "西安市"  # a prefecture outranks the districts named 西安区


def test_leading_regions_read_each_region_inside_the_one_before() -> None:
    from kg.vocabulary import leading_regions

    found, end = leading_regions("长春市朝阳区总工会")
    assert [(r.name, r.parent) for r in found] == [("长春市", "吉林省"), ("朝阳区", "长春市")] and end == 6
    found, end = leading_regions("朝阳区总工会")
    assert found[0].ambiguous and end == 3
    assert leading_regions("佛山高明总工会")[1] == 4  # 高明 is a word, but right after 佛山 it is 高明区
    assert leading_regions("高明总工会") == ([], 0)


def test_short_forms_of_autonomous_units_name_them() -> None:
    from kg.resources import regions as load

    gaz = load()
    assert gaz.get("黔东南州").name == gaz.get("黔东南").name == "黔东南苗族侗族自治州"
    assert gaz.get("延边").name == "延边朝鲜族自治州"
    assert gaz.get("长阳").name == "长阳土家族自治县"
    assert gaz.get("鄂温克旗").name == "鄂温克族自治旗"
    assert gaz.get("新疆").name == "新疆维吾尔自治区" and gaz.get("内蒙古").name == "内蒙古自治区"


@pytest.fixture(scope="module")
def nlp():
    from kg.nlp.pipeline import build_nlp

    return build_nlp(use_models=False)


def story(nlp, text: str):
    from kg.nlp.doc_state import state

    return state(nlp(text))


def test_common_word_short_form_is_no_region(nlp) -> None:
    st = story(nlp, "各国青年共同维护世界和平，东方文化与当地的通道建设都是交流话题，社会安宁。")
    assert st.regions == []
    assert st.home.province is None and st.home.city is None


def test_home_region_from_a_county_outside_guangdong(nlp) -> None:
    text = ("近日，临洮县总工会在县城举办职工技能大赛。临洮县二十多家企业的职工参赛。"
            "县总工会主席邝立新说，临洮将把比赛办成品牌。省总工会有关负责人到场观摩。")
    st = story(nlp, text)
    assert st.home.province.name == "甘肃省"
    assert st.home.city.name == "定西市"
    assert st.home.county.name == "临洮县"
    names = {e.name for e in st.entities}
    assert {"临洮县总工会", "甘肃省总工会"} <= names
    assert "定西市临洮县总工会" not in names  # a county's name stands alone


def test_district_union_completed_in_a_story_about_another_city(nlp) -> None:
    text = ("福州市鼓楼区举行劳模表彰会。鼓楼区总工会主席温秋实出席。会上，区总工会为十名职工颁奖，"
            "福州市总工会副主席谭永川讲话。")
    names = {e.name for e in story(nlp, text).entities}
    assert "福州市鼓楼区总工会" in names
    assert not {"鼓楼区总工会", "区总工会"} & names
    text = "南京市鼓楼区召开职工大会。区总工会主席郜海燕作报告，南京市总工会到会指导。"
    assert "南京市鼓楼区总工会" in {e.name for e in story(nlp, text).entities}


def test_ambiguous_district_alone_votes_for_no_city(nlp) -> None:
    st = story(nlp, "鼓楼区举行运动会。鼓楼区的职工踊跃参加，鼓楼区总工会主席鲍振宇致辞。")
    assert st.home.city is None and st.home.province is None
    assert "鼓楼区总工会" in {e.name for e in st.entities}


def test_a_county_form_that_reads_as_a_name_stays_a_name(nlp) -> None:
    """余庆 is a county of 遵义 and a plausible full name: alone it is the person; 安康工 (安康 and 工,
    as in a byline or 安康工务段) still starts with a place."""
    st = story(nlp, "车间主任余庆介绍，新设备投用后效率提高三成。供图|安康工")
    persons = {e.name for e in st.entities if e.type == "Person"}
    assert "余庆" in persons
    assert "安康工" not in persons


def test_the_headline_breaks_a_tie_between_two_cities(nlp) -> None:
    text = ("乌鲁木齐市总工会慰问劳模困难职工\n本报讯 市总工会拿出398万元慰问了困难职工。"
            "劳模徐松年曾在喀什地区进出口公司工作。市总工会主席黄大江一行来到他家。")
    st = story(nlp, text)
    assert st.home.city.name == "乌鲁木齐市"
    assert "市总工会" not in {e.name for e in st.entities}
    assert story(nlp, text.replace("\n", "。")).home.city is None  # no headline: a tie, no home city
