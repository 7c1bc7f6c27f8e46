"""Union news in traditional characters (Hong Kong, Taiwan), as UTF-8 or Big5, end to end: the same facts as
the same story in simplified characters, names in their simplified (canonical) form, every offset pointing
at the traditional characters of the original file. The story is invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

SIMPLIFIED = ("本报讯 2023年，星河精密机械有限公司高级技师周海涛荣获全国五一劳动奖章。"
              "湖南省总工会主席王建国出席表彰会议并讲话。\n"
              "王建国表示，各级工会要大力弘扬劳模精神、劳动精神和工匠精神。\n")
TRADITIONAL = ("本報訊 2023年，星河精密機械有限公司高級技師周海濤榮獲全國五一勞動獎章。"
               "湖南省總工會主席王建國出席表彰會議並講話。\n"
               "王建國表示，各級工會要大力弘揚勞模精神、勞動精神和工匠精神。\n")
ENCODINGS = {"simplified.txt": (SIMPLIFIED, "utf-8"), "traditional.txt": (TRADITIONAL, "utf-8"),
             "big5.txt": (TRADITIONAL, "big5")}


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> dict[str, dict]:
    """`kg extract --format jsonl` of each file, by file name."""
    folder = tmp_path_factory.mktemp("traditional")
    for name, (text, encoding) in ENCODINGS.items():
        (folder / name).write_bytes(text.encode(encoding))
    out = folder / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(folder), "--no-model", "-j", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return {Path(r["source"]).name: r for r in found}


def facts(record: dict) -> list[tuple]:
    return sorted((r["subject"], r["predicate"], r["object"], r.get("year"), r.get("role")) for r in record["relations"])


def test_the_story_in_simplified_characters_gives_the_facts_compared_below(records):
    assert ("周海涛", "awarded", "全国五一劳动奖章", 2023, None) in facts(records["simplified.txt"])
    assert ("王建国", "worksFor", "湖南省总工会", None, "主席") in facts(records["simplified.txt"])


@pytest.mark.parametrize("name", ["traditional.txt", "big5.txt"])
def test_traditional_text_gives_the_same_facts_with_simplified_names(records, name):
    assert facts(records[name]) == facts(records["simplified.txt"])
    names = {e["name"] for e in records[name]["entities"]}
    assert names == {e["name"] for e in records["simplified.txt"]["entities"]}
    assert {"周海涛", "星河精密机械有限公司", "湖南省总工会"} <= names


@pytest.mark.parametrize("name", ["traditional.txt", "big5.txt"])
def test_offsets_point_at_the_traditional_characters_of_the_original(records, name):
    original = TRADITIONAL  # the file's characters, decoded
    mentions = {e["name"]: e["mentions"] for e in records[name]["entities"]}
    assert [m["text"] for m in mentions["周海涛"]] == ["周海濤"]
    for entity in records[name]["entities"]:
        for m in entity["mentions"]:
            assert original[m["start"]:m["end"]] == m["text"]
    for fact in records[name]["relations"]:
        evidence = fact["evidence"]
        assert original[evidence["start"]:evidence["end"]].strip() == evidence["sentence"]
    award = next(r for r in records[name]["relations"] if r["predicate"] == "awarded")
    assert "榮獲全國五一勞動獎章" in award["evidence"]["sentence"]  # the sentence as the file writes it


def test_a_store_built_from_big5_answers_in_simplified_names(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    store = str(tmp_path / "kg")
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(tmp_path / "news"), "--no-model", "-j", "1", "--store", store]).exit_code == 0
    rows = json.loads(runner.invoke(main, ["who-received", "五一劳动奖章", "--store", store, "--format", "json"]).stdout)
    assert [(r["name"], r["honour"], r["organisation"], r["post"]) for r in rows] == [
        ("周海涛", "全国五一劳动奖章", "星河精密机械有限公司", "高级技师")]
    assert "周海濤" in rows[0]["evidence"]  # the evidence is quoted from the file
