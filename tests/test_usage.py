"""The `kg` command as its users meet it: where the store is, what `kg info` and `kg docs` say, removing a
file, look-ups in every output format, levels in Chinese, messages in Chinese, several things with one
name, the network export and drawing. Every text is invented."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.query import Result

from kg.cli import main

KG = str(Path(sys.executable).with_name("kg"))
INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
TEXTS = {
    "a.txt": "本报讯 2023年，星河精密机械有限公司高级技师周海涛凭借在精密零件加工领域多年的技术攻关和突出贡献，"
             "荣获全国五一劳动奖章。湖南省总工会主席王建国出席会议。\n",
    "b.txt": "本报讯 2024年，云岭机床厂装配车间被授予全国工人先锋号。同年，青山电力有限公司获全国五一劳动奖状。"
             "江西洪都航空工业集团有限责任公司工程师李振华出席活动。\n",
    "c.txt": "本报讯 湖南恒达机械有限公司技术总监李振华出席会议。2022年，湖南恒达机械有限公司高级技师赵文斌被授予"
             "“湖南省五一劳动奖章”。\n",
}
ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "KG_LANG": "", "KG_STORE": "", "KG_CONFIG": "/nonexistent"}


def invoke(*args: str, **env: str):
    """`kg ARGS` in this process, stdout and stderr apart, in English unless env says otherwise."""
    return CliRunner().invoke(main, list(args), env={**ENGLISH, **env})


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A folder with the corpus in `news/` and a store built from it in `kg-store/`."""
    root = tmp_path_factory.mktemp("usage")
    (root / "news").mkdir()
    for name, text in TEXTS.items():
        (root / "news" / name).write_text(text, encoding="utf-8")
    built = subprocess.run([KG, "build", "news", "--no-model", "-j", "1"], cwd=root, capture_output=True, text=True,
                           env={**os.environ, **ENGLISH})
    assert built.returncode == 0, built.stderr
    return root


@pytest.fixture
def store(folder) -> str:
    return str(folder / "kg-store")


def json_out(result) -> object:
    """The command's stdout, which must be nothing but JSON."""
    return json.loads(result.stdout)


# -- where the store is -------------------------------------------------------------------------------

def test_kg_store_sets_the_store_once(folder, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    built = subprocess.run([KG, "build", str(folder / "news" / "a.txt"), "--no-model", "-j", "1"], cwd=tmp_path,
                           capture_output=True, text=True, env={**os.environ, **ENGLISH, "KG_STORE": str(elsewhere)})
    assert built.returncode == 0, built.stderr
    assert (elsewhere / "manifest.json").is_file() and not (tmp_path / "kg-store").exists()
    rows = json_out(invoke("who-received", "五一劳动奖章", "--format", "json", KG_STORE=str(elsewhere)))
    assert [r["name"] for r in rows] == ["周海涛"]
    assert str(elsewhere) in invoke("info", KG_STORE=str(elsewhere)).stdout


def test_the_config_file_sets_the_store_and_the_language(folder, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'store = "{folder / "kg-store"}"\nlang = "zh"\n', encoding="utf-8")
    result = invoke("who-received", "五一劳动奖章", KG_CONFIG=str(config))
    assert result.exit_code == 0 and "周海涛" in result.stdout and "姓名" in result.stdout
    relative = tmp_path / "relative.toml"
    relative.write_text('store = "kg-store"\n', encoding="utf-8")
    (tmp_path / "kg-store").symlink_to(folder / "kg-store")
    assert "周海涛" in invoke("who-received", "五一劳动奖章", KG_CONFIG=str(relative)).stdout  # beside the config
    bad = tmp_path / "bad.toml"
    bad.write_text("store = [1]\n", encoding="utf-8")
    broken = invoke("who-received", "五一劳动奖章", KG_CONFIG=str(bad))
    assert broken.exit_code == 1 and "bad.toml" in broken.stderr and "Traceback" not in broken.output


def test_info_names_versions_models_and_the_store_with_its_counts(store):
    text = invoke("info", "--store", store)
    assert text.exit_code == 0, text.output
    assert "laomo-kg" in text.stdout and "pkuseg" in text.stdout and "verified" in text.stdout
    found = json_out(invoke("info", "--store", store, "--json"))
    assert found["models"]["ner"]["verified"] and found["store"]["path"] == str(Path(store).resolve())
    counts = found["store"]["counts"]
    assert counts["documents"] == 3 and counts["people"] == 5 and counts["awards"] == 4  # two called 李振华
    assert counts["facts"] == counts["awards"] + counts["posts"] + counts["leads"]


def test_info_on_a_damaged_store_still_shows_everything_else(tmp_path):
    (tmp_path / "manifest.json").write_text("[]", encoding="utf-8")
    text = invoke("info", "--store", str(tmp_path))
    assert text.exit_code == 1 and "Traceback" not in text.output
    assert "verified" in text.stdout and "not a laomo-kg store manifest" in text.stdout
    found = json_out(invoke("info", "--store", str(tmp_path), "--json"))
    assert found["store"]["counts"] is None and "manifest" in found["store"]["problem"]


def test_python_dash_m_kg_is_the_kg_command(store):
    found = subprocess.run([sys.executable, "-m", "kg", "info", "--json", "--store", store], capture_output=True,
                           text=True, env={**os.environ, **ENGLISH})
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["store"]["counts"]["documents"] == 3


# -- documents ----------------------------------------------------------------------------------------

def test_docs_lists_id_file_title_date_and_facts(store, folder, monkeypatch):
    rows = json_out(invoke("docs", "--store", store, "--format", "json"))
    assert [(r["doc"], Path(r["file"]).name, r["facts"]) for r in rows] == [("a#01", "a.txt", 3), ("b#01", "b.txt", 3),
                                                                          ("c#01", "c.txt", 3)]
    assert set(rows[0]) == {"doc", "file", "title", "date", "facts"}
    monkeypatch.chdir(folder)  # where the build ran: the files as it was given them, or as the same files
    for path in ("news/b.txt", str(folder / "news" / "b.txt")):
        assert [r["doc"] for r in json_out(invoke("docs", path, "--store", store, "--format", "json"))] == ["b#01"]


def test_a_docs_page_reads_only_its_own_entries(store, tmp_path):
    """A table shows its first page from the catalogue entries of that page alone (100 of 100,000 in 0.6 s,
    README Scale); an entry damaged further on is reported when it is read, in one line."""
    import shutil

    copy = tmp_path / "kg-store"
    shutil.copytree(store, copy)
    page = invoke("docs", "--store", str(copy), "--limit", "1")
    assert page.exit_code == 0 and "a#01" in page.stdout and "b#01" not in page.stdout
    assert "1 of 3 rows shown" in page.stdout
    catalogue = next(copy.glob("catalogue-*.jsonl"))
    lines = catalogue.read_bytes().split(b"\n")
    lines[-2] = lines[-2][:-9]  # c#01's entry cut short
    catalogue.write_bytes(b"\n".join(lines))
    assert invoke("docs", "--store", str(copy), "--limit", "1").exit_code == 0
    whole = invoke("docs", "--store", str(copy), "--format", "csv")
    assert whole.exit_code == 1 and "unreadable store catalogue" in whole.stderr
    assert len(whole.stderr.strip().splitlines()) == 1 and "Traceback" not in whole.output


def test_remove_takes_a_file_path_and_a_later_build_reads_it_again(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # paths as a user types them, relative to where they stand
    (tmp_path / "news").mkdir()
    for name, text in TEXTS.items():
        (tmp_path / "news" / name).write_text(text, encoding="utf-8")
    assert invoke("build", "news", "--no-model", "-j", "1").exit_code == 0
    removed = invoke("remove", "news/a.txt")
    assert removed.exit_code == 0, removed.output
    assert [r["doc"] for r in json_out(invoke("docs", "--format", "json"))] == ["b#01", "c#01"]
    assert json_out(invoke("who-received", "全国五一劳动奖章", "--format", "json")) == []
    unknown = invoke("remove", "news/nope.txt")
    assert unknown.exit_code == 1 and "news/nope.txt" in unknown.stderr
    again = invoke("build", "news", "--no-model", "-j", "1")
    assert "extracted 1" in again.stdout
    assert invoke("remove", str(tmp_path / "news")).exit_code == 0  # a folder: every file under it
    assert json_out(invoke("docs", "--format", "json")) == []


# -- output formats -----------------------------------------------------------------------------------

AWARDS = """SELECT ?person ?name ?label ?year WHERE { ?a a lm:Award ; lm:recipient ?person ; lm:honour ?h ; lm:year ?year .
  ?person lm:name ?name . ?h skos:prefLabel ?label } ORDER BY ?name"""


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_query_results_are_sparql_results_documents_with_types_and_language_tags(store, fmt):
    result = invoke("query", AWARDS, "--store", store, "--format", fmt)
    assert result.exit_code == 0, result.output
    parsed = Result.parse(io.BytesIO(result.stdout_bytes), format=fmt)
    rows = {str(r["name"]): r for r in parsed}
    row = rows["周海涛"]
    assert isinstance(row["person"], URIRef) and "/person/" in str(row["person"])
    assert row["label"] == Literal("全国五一劳动奖章", lang="zh")
    assert row["year"] == Literal(2023, datatype=INTEGER) and row["year"].datatype == INTEGER
    assert row["name"].language is None and str(row["name"]) == "周海涛"
    assert [str(v) for v in parsed.vars] == ["person", "name", "label", "year"]


def test_query_csv_is_the_sparql_csv_format(store):
    result = invoke("query", AWARDS, "--store", store, "--format", "csv")
    assert result.stdout_bytes.count(b"\r\n") == len(result.stdout_bytes.splitlines()) == 5  # CRLF, a header and 4
    parsed = Result.parse(io.BytesIO(result.stdout_bytes), format="csv")
    assert {(str(r["name"]), str(r["year"])) for r in parsed} >= {("周海涛", "2023"), ("赵文斌", "2022")}
    excel = invoke("query", AWARDS, "--store", store, "--format", "csv", "--bom")
    assert excel.stdout_bytes.startswith(b"\xef\xbb\xbf") and excel.stdout_bytes[3:] == result.stdout_bytes


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_ask_is_a_boolean_result(store, fmt):
    result = invoke("query", "ASK { ?x lm:name '周海涛' }", "--store", store, "--format", fmt)
    assert Result.parse(io.BytesIO(result.stdout_bytes), format=fmt).askAnswer is True


def test_sources_in_a_table_are_listed_inside_the_facts_row(store, folder):
    both = folder / "both"
    (both / "news").mkdir(parents=True)
    (both / "news" / "a.txt").write_text(TEXTS["a.txt"], encoding="utf-8")
    (both / "news" / "again.txt").write_text(TEXTS["a.txt"].replace("本报讯", "又讯"), encoding="utf-8")
    assert invoke("build", str(both / "news"), "--no-model", "-j", "1", "--store", str(both / "kg")).exit_code == 0
    grouped = invoke("who-received", "全国五一劳动奖章", "--store", str(both / "kg"), COLUMNS="200").stdout
    listed = invoke("who-received", "全国五一劳动奖章", "--store", str(both / "kg"), "--sources", COLUMNS="200").stdout
    assert grouped.count("周海涛") == 2 and grouped.count(".txt:") == 1  # the row and its first source
    assert listed.count("周海涛") == 3 and listed.count("a.txt:0-") == listed.count("again.txt:0-") == 1


def test_lookup_csv_is_one_table_and_json_only_json(store):
    table = invoke("who-received", "五一劳动奖章", "--store", store, "--format", "csv", "--bom")
    header = "name,honour,year,level,organisation,post,sources,evidence,source\r\n"
    assert table.stdout_bytes.startswith(("\ufeff" + header).encode())
    assert table.stdout_bytes.count(b"\r\n") == len(table.stdout_bytes.splitlines()) == 3  # RFC 4180: CRLF
    rows = list(csv.DictReader(io.StringIO(table.stdout.lstrip("\ufeff"))))
    zhou = next(r for r in rows if r["name"] == "周海涛")
    assert (zhou["organisation"], zhou["post"], zhou["sources"]) == ("星河精密机械有限公司", "高级技师", "1")
    assert zhou["source"] == f"news/a.txt:0-{TEXTS['a.txt'].index('。') + 1}" and "周海涛" in zhou["evidence"]
    shown = list(csv.DictReader(io.StringIO(invoke("show", "赵文斌", "--store", store, "--format", "csv").stdout)))
    assert {r["group"] for r in shown} == {"honours received", "posts"} and len(shown) == 2
    assert invoke("stats", "--store", store, "--format", "csv").exit_code == 2  # which table?
    classes = list(csv.DictReader(io.StringIO(invoke("stats", "--table", "classes", "--store", store, "--format", "csv").stdout)))
    assert {"class": "Person", "count": "5"} in classes
    for args in (["who-received", "五一劳动奖章"], ["show", "周海涛"], ["show", "李振华"], ["stats"], ["docs"],
                 ["show", "周海涛", "--sources"], ["who-received", "五一劳动奖", "--sources"]):
        assert json_out(invoke(*args, "--store", store, "--format", "json"))


def test_a_table_shows_a_page_and_says_how_many_rows_there_are_and_how_to_see_all(store):
    page = invoke("who-received", "五一劳动奖章", "--store", store, "--limit", "1", COLUMNS="200").stdout
    assert len(re.findall(r"^(?:周海涛|赵文斌) ", page, re.M)) == 1  # rows begin with the holder's name
    assert page.rstrip().endswith("(1 of 2 rows shown; all of them: --limit 0, or --format csv or json)")
    whole = invoke("who-received", "五一劳动奖章", "--store", store, "--limit", "0", COLUMNS="200").stdout
    assert "周海涛" in whole and "赵文斌" in whole and "rows shown" not in whole
    assert "rows shown" not in invoke("who-received", "五一劳动奖章", "--store", store, COLUMNS="200").stdout
    for fmt in ("csv", "json"):  # never cut
        out = invoke("who-received", "五一劳动奖章", "--store", store, "--limit", "1", "--format", fmt).stdout
        assert "周海涛" in out and "赵文斌" in out and "rows shown" not in out
    people = invoke("show", "湖南恒达机械有限公司", "--store", store, "--limit", "1", COLUMNS="200").stdout
    assert len(re.findall(r"^(?:李振华|赵文斌) ", people, re.M)) == 1 and "(1 of 2 rows shown;" in people
    chinese = invoke("who-received", "五一劳动奖章", "--store", store, "--limit", "1", KG_LANG="zh").stdout
    assert "（共 2 行，显示前 1 行；全部：--limit 0" in chinese
    assert invoke("who-received", "五一劳动奖章", "--store", store, "--limit", "-1").exit_code == 2
    assert "(1 of 3 rows shown;" in invoke("docs", "--store", store, "--limit", "1", COLUMNS="200").stdout


# -- levels, narrower honours, Chinese ----------------------------------------------------------------

def test_level_in_chinese_or_english_and_a_level_that_matches_nothing_is_an_error(store):
    national = json_out(invoke("who-received", "五一劳动奖章", "--level", "全国", "--store", store, "--format", "json"))
    assert [(r["name"], r["level"]) for r in national] == [("周海涛", "National")]
    assert json_out(invoke("who-received", "五一劳动奖章", "--level", "national", "--store", store, "--format", "json")) == national
    provincial = json_out(invoke("who-received", "五一劳动奖章", "--level", "省", "--store", store, "--format", "json"))
    assert [r["name"] for r in provincial] == ["赵文斌"]
    none = invoke("who-received", "全国五一劳动奖章", "--level", "省", "--store", store)
    assert none.exit_code == 1 and "national" in none.stderr
    assert "全国" in invoke("who-received", "全国五一劳动奖章", "--level", "省", "--store", store, "--lang", "zh").stderr
    wrong = invoke("who-received", "五一劳动奖章", "--level", "国家", "--store", store)
    assert wrong.exit_code == 2 and "全国" in wrong.stderr and "provincial" in wrong.stderr


def test_wuyi_labour_award_finds_its_medals_certificates_and_pioneer_teams(store):
    rows = json_out(invoke("who-received", "五一劳动奖", "--store", store, "--format", "json"))
    assert {(r["name"], r["honour"]) for r in rows} == {
        ("周海涛", "全国五一劳动奖章"), ("赵文斌", "湖南省五一劳动奖章"), ("青山电力有限公司", "全国五一劳动奖状"),
        ("云岭机床厂装配车间", "全国工人先锋号")}
    national = json_out(invoke("who-received", "全国五一劳动奖", "--store", store, "--format", "json"))
    assert {r["name"] for r in national} == {"周海涛", "青山电力有限公司", "云岭机床厂装配车间"}


def test_messages_headers_and_levels_in_chinese_by_locale_or_option(store):
    by_locale = invoke("who-received", "五一劳动奖章", "--store", store, LANG="zh_CN.UTF-8")
    assert by_locale.stdout.split()[:5] == ["姓名", "荣誉", "年份", "单位", "职务"]
    levels = invoke("stats", "--table", "levels", "--store", store, LANG="zh_CN.UTF-8").stdout
    assert "全国" in levels and "省级" in levels and "Provincial" not in levels
    assert invoke("who-received", "五一劳动奖章", "--store", store, "--lang", "zh").stdout == by_locale.stdout
    english = invoke("who-received", "五一劳动奖章", "--store", store, "--lang", "en", LANG="zh_CN.UTF-8")
    assert english.stdout.split()[:4] == ["name", "honour", "year", "organisation"]
    unknown = invoke("show", "周海", "--store", store, LC_ALL="zh_CN.UTF-8")
    assert unknown.exit_code == 1 and "图谱中没有“周海”" in unknown.stderr and "周海涛" in unknown.stderr
    built = invoke("--lang", "zh", "build", "--store", store, "--from-records", "/nonexistent.jsonl")
    assert built.exit_code == 1 and "Traceback" not in built.output


# -- names --------------------------------------------------------------------------------------------

def test_show_with_several_matches_lists_full_ids_and_fails(store):
    several = invoke("show", "李振华", "--store", store)
    assert several.exit_code == 1 and "2 things are called 李振华" in several.stderr
    lines = several.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith("https://w3id.org/laomo/id/person/") for line in lines)
    assert "湖南恒达机械有限公司" in lines[0] + lines[1] and "江西洪都航空工业集团有限责任公司" in lines[0] + lines[1]
    for line in lines:  # each ID, copied as printed, picks one
        picked = invoke("show", "李振华", "--id", line.split()[0], "--store", store, "--format", "json")
        assert picked.exit_code == 0 and json_out(picked)["iri"] == line.split()[0]


def test_unknown_names_get_the_closest_known_names(store):
    result = invoke("show", "赵文", "--store", store)
    assert result.exit_code == 1 and "nothing called 赵文" in result.stderr and "赵文斌" in result.stderr


# -- the graph as a network ---------------------------------------------------------------------------

def test_graph_around_finds_what_show_finds(store, tmp_path):
    shown = json_out(invoke("show", "五一奖章", "--store", store, "--format", "json"))  # an alias of the kind
    assert shown["name"] == "五一劳动奖章"
    out = tmp_path / "g.graphml"
    assert invoke("graph", "--around", "五一奖章", "-o", str(out), "--store", store).exit_code == 0
    assert shown["iri"] in nx.read_graphml(out)
    both = tmp_path / "both.graphml"
    assert invoke("graph", "--around", "李振华", "-o", str(both), "--store", store).exit_code == 0
    labels = {d["label"] for _, d in nx.read_graphml(both).nodes(data=True)}
    assert {"湖南恒达机械有限公司", "江西洪都航空工业集团有限责任公司"} <= labels
    missing = invoke("graph", "--around", "周海", "-o", str(out), "--store", store)
    assert missing.exit_code == 1 and "周海涛" in missing.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_whole_graph_for_gephi_has_year_and_post_on_its_edges(store, tmp_path, fmt):
    out = tmp_path / f"all.{fmt}"
    assert invoke("export", "--format", fmt, "-o", str(out), "--store", store).exit_code == 0
    net = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    label = {n: d["label"] for n, d in net.nodes(data=True)}
    edges = {(label[s], label[o]): d for s, o, d in net.edges(data=True)}
    assert int(edges["周海涛", "全国五一劳动奖章"]["year"]) == 2023
    assert edges["周海涛", "星河精密机械有限公司"]["role"] == "高级技师"
    assert int(edges["周海涛", "全国五一劳动奖章"]["sources"]) == 1
    again = tmp_path / f"again.{fmt}"
    assert invoke("export", "--format", fmt, "-o", str(again), "--store", store).exit_code == 0
    assert again.read_bytes() == out.read_bytes() and b"lastmodifieddate" not in out.read_bytes()


def test_a_drawing_has_colours_arrows_a_legend_and_its_labels_inside(store, tmp_path):
    out = tmp_path / "g.svg"
    drawn = invoke("graph", "--around", "周海涛", "-o", str(out), "--store", store, "--lang", "zh")
    assert drawn.exit_code == 0, drawn.output
    svg = out.read_text(encoding="utf-8")
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    texts = re.findall(r'<text style="font-size: ([\d.]+)px;[^"]*?(?:text-anchor: (\w+))?[^"]*" x="([\d.-]+)" '
                       r'y="([\d.-]+)"[^>]*>([^<]+)</text>', svg)
    shown = {t[-1] for t in texts}
    assert {"周海涛", "星河精密机械有限公司", "全国五一劳动奖章", "人物", "企业", "荣誉", "高级技师", "2023"} <= shown
    for size, anchor, x, y, text in texts:  # every label inside (a CJK character is at most 1 em wide)
        wide = float(size) * len(text)
        left = float(x) - (wide / 2 if anchor == "middle" else 0)
        assert left >= 0 and left + wide <= width and float(size) <= float(y) <= height, text
    assert svg.count("#e8743b") and svg.count("#4a9fb5")  # a person and a company in their colours
    assert len(re.findall(r"z\n\" [^>]*style=\"fill: #8a8a8a", svg)) == 2  # an arrowhead on each of the two links
    again = tmp_path / "again.svg"
    invoke("graph", "--around", "周海涛", "-o", str(again), "--store", store, "--lang", "zh")
    assert again.read_bytes() == out.read_bytes()
