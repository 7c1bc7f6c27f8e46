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
NO_COUNTY_LEVEL = {"东莞市", "中山市"}


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
    assert 300 <= by_level["city"] <= 340
    gd_cities = {r[0] for r in regions if r[1] == "city" and r[2] == "广东省"}
    assert len(gd_cities) == 21
    gd_county = [r for r in regions if r[1] in COUNTY_LEVELS and r[2] in gd_cities]
    assert len(gd_county) >= 120
    with_children = {r[2] for r in gd_county}
    assert gd_cities - with_children == NO_COUNTY_LEVEL


def test_region_examples(regions: list[list[str]]) -> None:
    by = {(r[0], r[2]): r for r in regions}
    assert by[("广东省", "中华人民共和国")][3] == "广东"
    assert "粤" in by[("广东省", "中华人民共和国")][4]
    assert by[("河源市", "广东省")][3] == "河源"
    assert "延边" in by[("延边朝鲜族自治州", "吉林省")][3].split(",")
    assert by[("高明区", "佛山市")][3] == "高明"
    assert by[("阳春市", "阳江市")][1] == "county_city"
    assert by[("大亚湾区", "惠州市")][1] == "district"
    for child in ("源城区", "东源县", "紫金县", "龙川县", "连平县", "和平县"):
        assert (child, "河源市") in by


def test_region_short_forms(regions: list[list[str]]) -> None:
    names = {r[0] for r in regions}
    owner: Counter[str] = Counter()
    for name, _lvl, _parent, shorts, abbr, common in regions:
        forms = [s for s in shorts.split(",") if s]
        assert all(len(s) >= 2 for s in forms), name
        assert all(len(a) == 1 for a in abbr.split(",") if a), name
        assert set(c for c in common.split(",") if c) <= set(forms), name
        owner.update(forms)
        assert not [s for s in forms if s in names], name
    assert not [s for s, n in owner.items() if n > 1]


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
