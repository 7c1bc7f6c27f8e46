"""The knowledge graph: identity, hierarchy, provenance, store, look-ups and exports on real text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.cli import main
from kg.graph.export import serialise, union_graph, validate
from kg.graph.store import Store
from kg.ingest import load_articles
from kg.output import to_jsonl_record
from kg.pipeline import extract_articles
from kg.query.lookups import UnknownHonour, every_source, facts_about, matches, who_received
from kg.query.sparql import QueryError, resolve, run

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "data" / "gold" / "seeds.gold.jsonl"


def extract(batch):
    return [to_jsonl_record(d) for d in extract_articles(batch, use_models=False)]


def build(folder: Path, paths: list[str]) -> tuple[Store, object]:
    store = Store(folder)
    articles, errors = load_articles(paths)
    assert not errors
    return store, store.build(articles, extract)


@pytest.fixture(scope="module")
def bundled(bundled_store) -> Store:
    return bundled_store


def gold_awards(kind: str) -> set[tuple[str, str]]:
    """(recipient, honour) of every awarded fact in the seeds gold whose honour is of this kind."""
    out = set()
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        for r in json.loads(line)["relations"]:
            if r["predicate"] == "awarded" and r["object"].endswith(kind):
                out.add((r["subject"], r["object"]))
    return out


@pytest.mark.parametrize("kind", ["五一劳动奖章", "劳动模范"])
def test_who_received_finds_every_gold_holder_of_the_kind_and_narrower_honours(bundled, kind):
    expected = gold_awards(kind)
    assert expected
    answer = who_received(bundled.index(), kind, all_sources=True)
    assert expected <= {(r["name"], r["honour"]) for r in answer.rows}
    assert all(f.count == len(f.sources) >= 1 and all(s.sentence and s.ref for s in f.sources) for f in answer.facts)


@pytest.mark.parametrize("honour", ["五一劳动奖章", "劳动模范", "工匠", "技术能手"])
def test_the_facts_table_answers_as_sparql_does(bundled, honour, monkeypatch):
    """Rows and sources agree; the first sources (sentence, file, offsets, document) come from the table alone."""
    import kg.query.lookups as lookups

    index, table = bundled.index(), bundled.facts()
    for options in ({}, {"all_sources": True}, {"level": "Provincial"}):
        by_sparql = who_received(index, honour, **options)
        with monkeypatch.context() as m:
            if not options.get("all_sources"):
                m.setattr(lookups, "evidence", lambda *a: pytest.fail("a first source read through SPARQL"))
            by_table = who_received(index, honour, table=table, **options)
        assert by_sparql.rows == by_table.rows and by_sparql.rows
        assert [f.sources for f in by_sparql.facts] == [f.sources for f in by_table.facts]
        assert all(s.sentence and s.file and s.doc and s.end > s.start for f in by_table.facts for s in f.sources)


def test_a_page_of_facts_given_every_source_has_the_sources_all_sources_gives(bundled):
    index, table = bundled.index(), bundled.facts()
    every = who_received(index, "劳动模范", all_sources=True)
    for read_from in (None, table):
        page = who_received(index, "劳动模范", table=read_from).facts[:3]
        every_source(index, page)
        assert [f.sources for f in page] == [f.sources for f in every.facts[:3]]


def test_an_honours_recipients_from_the_facts_table_are_those_sparql_gives(bundled):
    index, table = bundled.index(), bundled.facts()
    [honour] = [m for m in matches(index, "五一劳动奖章") if m["type"] == "Honour"]
    by_sparql = facts_about(index, str(honour["iri"]))["recipients"]
    by_table = facts_about(index, str(honour["iri"]), table=table)["recipients"]
    assert by_sparql.rows == by_table.rows and len(by_table.rows) >= 3
    assert [f.sources for f in by_sparql.facts] == [f.sources for f in by_table.facts]


def test_who_received_filters_and_suggests(bundled):
    index = bundled.index()
    national = who_received(index, "五一劳动奖章", level="National").rows
    assert national and all(r["level"] == "National" for r in national)
    assert all(r["year"] == 2019 for r in who_received(index, "五一劳动奖章", year=2019).rows)
    with pytest.raises(UnknownHonour, match="全国五一劳动奖章"):
        who_received(index, "全国五一劳动奖杯")


def test_user_names_are_bound_values_not_query_text(bundled):
    index = bundled.index()
    hostile = '陈"} UNION { ?x ?y ?z } #'
    assert matches(index, hostile) == []
    with pytest.raises(UnknownHonour):
        who_received(index, hostile)


def test_malformed_sparql_reports_the_parsers_position(bundled):
    with pytest.raises(QueryError, match=r"line 1, column \d+"):
        run(bundled.index(), "SELECT ?x WHERE { ?x ?y }")


def test_every_named_query_runs(bundled):
    from kg.query.sparql import named_queries
    assert len(named_queries()) >= 8
    for name in named_queries():
        assert run(bundled.index(), resolve(name)).columns


@pytest.mark.parametrize("name", ["people-by-organisation", "evidence-of-awards"])
def test_a_table_page_of_a_query_reads_only_its_rows(bundled, monkeypatch, name):
    """The guard's worker stops reading at the page (and one row more, to know the answer goes on); the page is
    the head of the whole answer, in the same order."""
    from kg.query import guard

    answers = []
    real = guard.run
    monkeypatch.setattr(guard, "run", lambda *args, **kw: answers.append(real(*args, **kw)) or answers[-1])
    runner, store = CliRunner(), str(bundled.folder)
    whole = list(csv.DictReader(io.StringIO(runner.invoke(main, ["query", name, "--store", store, "--format",
                                                                 "csv"]).output)))
    assert len(whole) > 10
    page = runner.invoke(main, ["query", name, "--store", store, "--limit", "5"], env={"COLUMNS": "300"})
    assert page.exit_code == 0 and answers[-1].read == 6 and answers[-1].truncated
    assert [{k: str(v) for k, v in r.items() if v is not None} for r in answers[-1].rows] == [
        {k: v for k, v in r.items() if v} for r in whole[:5]]
    assert page.output.rstrip().endswith("(the first 5 rows shown; there are more: --limit 0, or --format csv or json)")
    everything = runner.invoke(main, ["query", name, "--store", store, "--limit", "0"], env={"COLUMNS": "300"})
    assert answers[-1].read == len(whole) == len(answers[-1].rows) and not answers[-1].truncated
    assert "rows shown" not in everything.output


def test_the_built_graph_conforms_to_the_shapes(bundled):
    conforms, lines = validate(bundled.nquads(), bundled.base)
    assert conforms, lines[:5]


@pytest.mark.parametrize("fmt,parse_as", [("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")])
def test_exports_reimport_to_an_isomorphic_graph(bundled, fmt, parse_as):
    original = union_graph(_dataset(bundled), bundled.base)
    text = serialise(bundled.nquads(), fmt, bundled.base)
    assert isomorphic(Graph().parse(data=text, format=parse_as), original)
    if fmt == "json-ld":
        assert '"name"' in text and '"year"' in text


def test_nquads_export_keeps_the_named_graphs(bundled):
    ds = Dataset()
    ds.parse(data=serialise(bundled.nquads(), "nq", bundled.base), format="nquads")
    assert len({g.identifier for g in ds.graphs()}) >= len(bundled.documents)


def _dataset(store: Store) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(data=store.nquads(), format="nquads")
    return ds


def test_union_bodies_sit_in_the_hierarchy_their_names_imply(bundled):
    chain = run(bundled.index(), """SELECT DISTINCT ?parent WHERE {
        ?b lm:name "佛山市高明区总工会" ; org:subOrganizationOf+ ?p . ?p lm:name ?parent }""").rows
    assert {r["parent"] for r in chain} == {"佛山市总工会", "广东省总工会", "中华全国总工会"}


def write(folder: Path, name: str, text: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder / name)


def test_same_names_merge_unless_their_organisations_contradict(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", "本报讯 湖南恒达机械有限公司技术总监李振华出席会议。")
    write(corpus, "b.txt", "本报讯 湖南恒达机械有限公司高级技师李振华被授予“湖南省技术能手”称号。")
    write(corpus, "c.txt", "本报讯 江西洪都航空工业集团有限责任公司工程师李振华出席活动。")
    store, _ = build(tmp_path / "kg", [str(corpus)])
    people = run(store.index(), 'SELECT DISTINCT ?p WHERE { ?p a lm:Person ; lm:name "李振华" }').rows
    assert len(people) == 2
    dup = run(store.index(), "ASK { ?a lm:possibleDuplicateOf ?b }").rows
    assert dup == [{"answer": True}]


def test_rebuilding_unchanged_extracts_nothing_and_a_change_replaces_only_its_graph(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", "本报讯 湖南恒达机械有限公司技术总监李振华出席会议并讲话。")
    b = write(corpus, "b.txt", "本报讯 湖北省总工会主席王建国出席会议，会上共表彰30名先进个人。")
    store, first = build(tmp_path / "kg", [str(corpus)])
    assert len(first.extracted) == 2
    before = _quads_by_graph(store)
    again = store.build(load_articles([str(corpus)])[0], extract)
    assert again.extracted == [] and len(again.reused) == 2
    Path(b).write_text("本报讯 湖北省总工会主席王建国出席会议，会上共表彰50名先进个人。", encoding="utf-8")
    changed = store.build(load_articles([str(corpus)])[0], extract)
    assert len(changed.extracted) == 1
    after = _quads_by_graph(store)
    differing = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
    assert len(differing) == 1 and "/doc/b" in next(iter(differing))


def _quads_by_graph(store: Store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in store.nquads().splitlines():
        graph = line.rsplit(" ", 2)[-2]
        out.setdefault(graph, set()).add(line)
    return out


def test_a_failed_build_leaves_the_store_as_it_was(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", "本报讯 湖南恒达机械有限公司技术总监李振华出席会议。")
    store, _ = build(tmp_path / "kg", [str(corpus)])
    manifest = (tmp_path / "kg" / "manifest.json").read_text(encoding="utf-8")
    dataset = store.nquads()
    write(corpus, "b.txt", "本报讯 湖北省总工会主席王建国出席会议。")

    def broken(batch):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Store(tmp_path / "kg").build(load_articles([str(corpus)])[0], broken)
    reopened = Store(tmp_path / "kg")
    assert (tmp_path / "kg" / "manifest.json").read_text(encoding="utf-8") == manifest
    assert reopened.nquads() == dataset


def test_the_same_input_gives_byte_identical_exports(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", "本报讯 湖南恒达机械有限公司技术总监李振华出席会议。省总工会主席王建国讲话。")
    one, _ = build(tmp_path / "one", [str(corpus)])
    two, _ = build(tmp_path / "two", [str(corpus)])
    for fmt in ("nq", "nt", "turtle"):
        assert serialise(one.nquads(), fmt, one.base) == serialise(two.nquads(), fmt, two.base)


def test_cli_build_who_received_remove(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", "本报讯 2023年，湖南恒达机械有限公司技术总监李振华被授予“湖南省五一劳动奖章”。")
    runner = CliRunner()
    store = str(tmp_path / "kg")
    assert runner.invoke(main, ["build", str(corpus), "--store", store, "--no-model"]).exit_code == 0
    out = runner.invoke(main, ["who-received", "五一劳动奖章", "--store", store, "--format", "json"])
    rows = json.loads(out.output)
    assert [(r["name"], r["honour"], r["year"]) for r in rows] == [("李振华", "湖南省五一劳动奖章", 2023)]
    assert "湖南恒达机械有限公司" in rows[0]["organisation"]
    csv_out = runner.invoke(main, ["who-received", "五一劳动奖章", "--store", store, "--format", "csv"]).output
    assert csv_out.splitlines()[0].startswith("name,honour,year")
    bad = runner.invoke(main, ["query", "SELECT ?x WHERE {", "--store", store])
    assert bad.exit_code == 1 and "SPARQL syntax" in bad.output and "Traceback" not in bad.output
    removed = runner.invoke(main, ["remove", "a#01", "--store", store])
    assert removed.exit_code == 0, removed.output
    gone = runner.invoke(main, ["who-received", "五一劳动奖章", "--store", store, "--format", "json"])
    assert gone.exit_code == 0 and json.loads(gone.output) == []


def test_lookups_without_a_store_say_what_to_do(tmp_path):
    result = CliRunner().invoke(main, ["who-received", "劳动模范", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "kg build" in result.output


def test_cli_show_stats_graph_validate_export(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", "本报讯 湖南恒达机械有限公司技术总监李振华出席会议。湖南省总工会主席王建国讲话。")
    write(corpus, "b.txt", "本报讯 江西洪都航空工业集团有限责任公司工程师李振华出席活动。")
    runner = CliRunner()
    store = str(tmp_path / "kg")
    assert runner.invoke(main, ["build", str(corpus), "--store", store, "--no-model"]).exit_code == 0
    several = runner.invoke(main, ["show", "李振华", "--store", store])
    assert "2 things are called 李振华" in several.output
    one = runner.invoke(main, ["show", "王建国", "--store", store, "--format", "json"])
    facts = json.loads(one.output)["facts"]
    assert facts["posts"][0]["what"] == "湖南省总工会" and facts["posts"][0]["role"] == "主席"
    assert "王建国" in facts["posts"][0]["evidence"] and facts["posts"][0]["sources"] == 1
    stats = runner.invoke(main, ["stats", "--store", store, "--format", "json"])
    assert {"class": "Person", "count": 3} in json.loads(stats.output)["classes"]
    for suffix in ("svg", "graphml", "gexf"):
        out = tmp_path / f"g.{suffix}"
        drawn = runner.invoke(main, ["graph", "--around", "王建国", "-o", str(out), "--store", store])
        assert drawn.exit_code == 0, drawn.output
        assert "湖南省总工会" in out.read_text(encoding="utf-8")
    assert runner.invoke(main, ["validate", "--store", store]).output.strip().endswith("conforms")
    ttl = tmp_path / "out.ttl"
    assert runner.invoke(main, ["export", "--format", "turtle", "-o", str(ttl), "--store", store]).exit_code == 0
    assert "湖南恒达机械有限公司" in ttl.read_text(encoding="utf-8")


def test_the_base_iri_is_configurable_and_remembered(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", "本报讯 湖南恒达机械有限公司技术总监李振华出席会议。")
    runner = CliRunner()
    store = str(tmp_path / "kg")
    built = runner.invoke(main, ["build", str(corpus), "--store", store, "--no-model", "--base", "https://example.org/lm"])
    assert built.exit_code == 0, built.output
    nt = runner.invoke(main, ["export", "--format", "nt", "--store", store]).output
    assert "<https://example.org/lm/person/" in nt and "w3id.org/laomo/id/" not in nt
    again = runner.invoke(main, ["build", str(corpus), "--store", store, "--no-model"])
    assert "extracted 0" in again.output
    assert "<https://example.org/lm/person/" in runner.invoke(main, ["export", "--format", "nt", "--store", store]).output


def test_png_drawing_with_a_chinese_font(tmp_path):
    from matplotlib import font_manager

    from kg.graph.draw import CJK_FONTS
    if not {f.name for f in font_manager.fontManager.ttflist} & set(CJK_FONTS):
        pytest.skip("no Chinese font installed (make install adds one on Debian)")
    corpus = tmp_path / "corpus"
    write(corpus, "a.txt", "本报讯 湖南省总工会主席王建国讲话。")
    store = str(tmp_path / "kg")
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(corpus), "--store", store, "--no-model"]).exit_code == 0
    out = tmp_path / "g.png"
    result = runner.invoke(main, ["graph", "--around", "王建国", "-o", str(out), "--store", store])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
