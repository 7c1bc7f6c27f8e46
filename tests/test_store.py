"""The store at scale's shape: one description per entity, facts grouped across documents, exact removal and
replacement, incremental updates equal to fresh builds, builds from records, and no work when nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.graph.store as store_module
from kg.cli import main
from kg.graph.store import Store
from kg.ingest import load_articles
from kg.output import to_jsonl_record
from kg.pipeline import extract_articles
from kg.query.lookups import every_source, facts_about, matches, who_received
from kg.query.sparql import run

# Invented articles: a medal holder restated by two documents, her colleague, a union official.
A = ("本报讯 2023年，湖南恒达机械有限公司高级技师李秀英被授予“湖南省五一劳动奖章”。"
     "湖南恒达机械有限公司技术总监赵文斌出席会议。")
B = "本报讯 2023年，湖南恒达机械有限公司高级技师李秀英被授予“湖南省五一劳动奖章”。她表示将继续努力。"
C = "本报讯 湖南省总工会主席王建国出席会议并讲话。"


def extract(batch):
    return [to_jsonl_record(d) for d in extract_articles(batch, use_models=False)]


def write(folder: Path, name: str, text: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return str(folder / name)


def build(folder: Path, corpus: Path) -> Store:
    store = Store(folder)
    store.build(load_articles([str(corpus)])[0], extract)
    return store


def corpus(tmp_path: Path, name: str, texts: dict[str, str]) -> Path:
    folder = tmp_path / name
    for file, text in texts.items():
        write(folder, file, text)
    return folder


def test_every_entity_is_described_once_however_many_documents_name_it(tmp_path):
    store = build(tmp_path / "kg", corpus(tmp_path, "c", {"a.txt": A, "b.txt": B}))
    names = run(store.index(), 'SELECT ?p ?g WHERE { GRAPH ?g { ?p lm:name "李秀英" } }', ).rows
    assert len(names) == 1 and "/graph/entities/" in str(names[0]["g"])
    org = run(store.index(), 'SELECT ?o WHERE { ?o lm:name "湖南恒达机械有限公司" }').rows
    assert len(org) == 1


def test_the_store_holds_the_dataset_the_records_describe(tmp_path):
    """A build describes each entity mention and fact node once (later mentions would give the same triples):
    the store holds exactly what the records give when everything is described again (GraphBuilder)."""
    import pyoxigraph as ox

    from kg.graph.build import GraphBuilder

    store = build(tmp_path / "kg", corpus(tmp_path, "c", {"a.txt": A, "b.txt": B, "c.txt": C, "d.txt": A + C}))
    records = [store.record(d) for d in store.documents]

    def quads(text: str) -> set:
        return {q for q in ox.parse(text, format=ox.RdfFormat.N_QUADS) if not q.predicate.value.endswith("contentHash")}

    assert quads(store.nquads()) == quads(GraphBuilder(records, store.base).nquads())


def test_a_fact_stated_by_two_documents_is_one_row_with_two_sources(tmp_path):
    store = build(tmp_path / "kg", corpus(tmp_path, "c", {"a.txt": A, "b.txt": B}))
    index = store.index()
    for table in (None, store.facts()):
        answer = who_received(index, "五一劳动奖章", table=table)
        assert [(r["name"], r["honour"], r["year"], r["organisation"], r["post"], r["sources"]) for r in answer.rows] == [
            ("李秀英", "湖南省五一劳动奖章", 2023, "湖南恒达机械有限公司", "高级技师", 2)]
        assert answer.row_columns[-3:] == ["sources", "evidence", "source"]  # counted, the first shown; all on demand
        assert "李秀英" in answer.rows[0]["evidence"] and answer.rows[0]["source"].endswith(f"a.txt:0-{A.index('。') + 1}")
        every = who_received(index, "五一劳动奖章", all_sources=True, table=table)
        assert [Path(s.ref.split(":")[0]).name for s in every.facts[0].sources] == ["a.txt", "b.txt"]
        assert all("李秀英" in s.sentence for s in every.facts[0].sources)
        page = answer.facts[:1]  # a table's page: the sources of the facts it shows
        every_source(index, page)
        assert page[0].sources == every.facts[0].sources
    person = matches(index, "李秀英")
    assert len(person) == 1
    facts = facts_about(index, str(person[0]["iri"]), all_sources=True)
    assert [(f.values["what"], f.count, len(f.sources)) for f in facts["honours received"].facts] == [
        ("湖南省五一劳动奖章", 2, 2)]
    assert [(f.values["what"], f.values["role"], f.count) for f in facts["posts"].facts] == [
        ("湖南恒达机械有限公司", "高级技师", 2)]
    first = facts_about(index, str(person[0]["iri"]))["posts"].rows[0]
    assert first["sources"] == 2 and Path(first["source"]).name.startswith("a.txt:") and "李秀英" in first["evidence"]


def test_cli_lists_sources_on_demand(tmp_path):
    folder = corpus(tmp_path, "c", {"a.txt": A, "b.txt": B})
    runner = CliRunner()
    kg = str(tmp_path / "kg")
    assert runner.invoke(main, ["build", str(folder), "--store", kg, "--no-model", "-j", "1"]).exit_code == 0
    grouped = json.loads(runner.invoke(main, ["who-received", "五一劳动奖章", "--store", kg, "--format", "json"]).output)
    assert len(grouped) == 1 and grouped[0]["sources"] == 2 and "statements" not in grouped[0]
    listed = json.loads(runner.invoke(main, ["who-received", "五一劳动奖章", "--store", kg, "--format", "json",
                                             "--sources"]).output)
    assert [Path(s["source"].split(":")[0]).name for s in listed[0]["statements"]] == ["a.txt", "b.txt"]
    csv_rows = runner.invoke(main, ["who-received", "五一劳动奖章", "--store", kg, "--format", "csv", "--sources"]).output
    assert len(csv_rows.splitlines()) == 3  # header and one line per source
    shown = json.loads(runner.invoke(main, ["show", "李秀英", "--store", kg, "--format", "json", "--sources"]).output)
    assert len(shown["facts"]["posts"][0]["statements"]) == 2


def _export(store: Store) -> str:
    return store.nquads()


def _table(store: Store) -> list[tuple]:
    return [tuple(r) for r in store.facts().execute("SELECT * FROM facts ORDER BY iri")]


def test_removing_a_document_gives_the_store_a_build_without_it_would_give(tmp_path):
    folder = corpus(tmp_path, "c", {"a.txt": A, "b.txt": B, "c.txt": C})
    both = build(tmp_path / "both", folder)
    both.remove(["b#01"])
    alone = Store(tmp_path / "alone")
    alone.build(load_articles([str(folder / "a.txt"), str(folder / "c.txt")])[0], extract)
    assert _export(both) == _export(alone)
    assert who_received(both.index(), "五一劳动奖章", table=both.facts()).rows[0]["sources"] == 1
    assert _table(both) == _table(alone)


def test_removing_the_document_of_a_facts_first_source_quotes_the_next_one(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "FRESH_SHARE", 1.0)  # update the index: the table quotes b from its record
    folder = corpus(tmp_path, "c", {"a.txt": A, "b.txt": B, "c.txt": C})
    store = build(tmp_path / "kg", folder)
    award = "SELECT first_file, first_sentence, first_start FROM facts WHERE kind = 'award'"
    assert [Path(r[0]).name for r in store.facts().execute(award)] == ["a.txt"]
    store.remove(["a#01"])
    moved = Store(tmp_path / "kg")
    [(file, sentence, start)] = moved.facts().execute(award).fetchall()
    assert Path(file).name == "b.txt" and "李秀英" in sentence and B[start:].startswith(sentence[:10])
    alone = Store(tmp_path / "alone")
    alone.build(load_articles([str(folder / "b.txt"), str(folder / "c.txt")])[0], extract)
    assert _table(moved) == _table(alone)


def test_a_store_whose_facts_table_has_no_first_sources_is_brought_up_to_date_by_a_build(tmp_path):
    import sqlite3

    folder = corpus(tmp_path, "c", {"a.txt": A, "b.txt": B})
    store = build(tmp_path / "kg", folder)
    expected, index = _table(store), store.manifest["index"]
    manifest = tmp_path / "kg" / "manifest.json"
    # the previous layout: the same index, a table without first sources named after it
    old = {**store.manifest, "version": 2, "facts": index.replace("index-", "facts-") + ".sqlite"}
    manifest.write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "kg" / store.manifest["facts"]).rename(tmp_path / "kg" / old["facts"])
    con = sqlite3.connect(tmp_path / "kg" / old["facts"])
    con.executescript("CREATE TABLE v2 AS SELECT kind, iri, subject, subject_name, object, object_name, year, role, "
                      "statements, first FROM facts; DROP TABLE facts; ALTER TABLE v2 RENAME TO facts;")
    con.close()
    looked = CliRunner().invoke(main, ["who-received", "五一劳动奖章", "--store", str(tmp_path / "kg")])
    assert looked.exit_code == 1 and "run `kg build` to update it" in looked.output
    report = Store(tmp_path / "kg").build(load_articles([str(folder)])[0], extract)
    assert report.extracted == [] and report.graphs_written == 0
    updated = Store(tmp_path / "kg")
    assert updated.manifest["index"] == index and updated.manifest["facts"] != old["facts"]
    assert _table(updated) == expected
    assert not (tmp_path / "kg" / old["facts"]).exists()


def test_replacing_a_document_in_place_equals_a_fresh_build(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "FRESH_SHARE", 1.0)  # always update a copy of the index
    folder = corpus(tmp_path, "c", {"a.txt": A, "b.txt": B, "c.txt": C})
    store = build(tmp_path / "kg", folder)
    before = store.manifest["index"]
    write(folder, "b.txt", C.replace("王建国", "王建军"))  # b now names another official, no award
    report = Store(tmp_path / "kg").build(load_articles([str(folder)])[0], extract)
    assert report.extracted == ["b#01"] and not report.fresh_index
    assert 0 < report.graphs_written < len(store.documents) + 10
    updated = Store(tmp_path / "kg")
    assert updated.manifest["index"] != before and not (tmp_path / "kg" / before).exists()
    fresh = build(tmp_path / "fresh", folder)
    assert _export(updated) == _export(fresh) and _table(updated) == _table(fresh)
    assert who_received(updated.index(), "五一劳动奖章").rows[0]["sources"] == 1


def test_queries_without_order_by_answer_in_the_same_order_from_an_updated_and_a_fresh_store(tmp_path, monkeypatch):
    """The named queries that stream rows in the store's order (kg query's table reads a page of them) give
    the same bytes however the store came to hold its graphs: the order is the index's, keyed by content."""
    monkeypatch.setattr(store_module, "FRESH_SHARE", 1.0)  # the second build updates a copy of the index
    folder = corpus(tmp_path, "c", {"a.txt": A, "b.txt": B})
    build(tmp_path / "kg", folder)
    write(folder, "c.txt", C + "湖南恒达机械有限公司工程师孙立新、高级技师钱卫东出席。")
    assert not Store(tmp_path / "kg").build(load_articles([str(folder)])[0], extract).fresh_index
    build(tmp_path / "fresh", folder)
    runner = CliRunner()
    for name in ("evidence-of-awards", "people-by-organisation"):
        answers = [runner.invoke(main, ["query", name, "--format", "csv", "--store", str(tmp_path / s)]).output
                   for s in ("kg", "fresh")]
        assert answers[0] == answers[1] and len(answers[0].splitlines()) >= 3


def test_a_build_with_nothing_new_rewrites_nothing(tmp_path):
    folder = corpus(tmp_path, "c", {"a.txt": A, "c.txt": C})
    store = build(tmp_path / "kg", folder)
    files = sorted(p.name for p in (tmp_path / "kg").iterdir())
    again = Store(tmp_path / "kg").build(load_articles([str(folder)])[0], extract)
    assert again.extracted == [] and again.graphs_written == 0
    assert sorted(p.name for p in (tmp_path / "kg").iterdir()) == files
    assert Store(tmp_path / "kg").manifest == store.manifest


def test_unchanged_files_are_not_read_again(tmp_path, monkeypatch):
    folder = corpus(tmp_path, "c", {"a.txt": A, "c.txt": C})
    kg = str(tmp_path / "kg")
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(folder), "--store", kg, "--no-model", "-j", "1"]).exit_code == 0
    read: list = []
    import kg.ingest as ingest

    real = ingest.load_articles
    monkeypatch.setattr(ingest, "load_articles", lambda paths: read.append(list(paths)) or real(paths))
    again = runner.invoke(main, ["build", str(folder), "--store", kg, "--no-model", "-j", "1"])
    assert again.exit_code == 0 and "extracted 0, unchanged 2" in again.output and read == []
    write(folder, "c.txt", C + "会议还表彰了先进集体。")
    changed = runner.invoke(main, ["build", str(folder), "--store", kg, "--no-model", "-j", "1"])
    assert "extracted 1, unchanged 1" in changed.output and read == [[str(folder / "c.txt")]]


def test_build_from_records_answers_as_a_build_from_text(tmp_path):
    folder = corpus(tmp_path, "c", {"a.txt": A, "b.txt": B})
    runner = CliRunner()
    records = tmp_path / "records.jsonl"
    assert runner.invoke(main, ["extract", str(folder), "-o", str(records), "--no-model", "-j", "1"]).exit_code == 0
    built = runner.invoke(main, ["build", "--from-records", str(records), "--store", str(tmp_path / "r")])
    assert built.exit_code == 0, built.output
    from_text = build(tmp_path / "t", folder)
    ask = ["who-received", "五一劳动奖章", "--format", "json", "--sources"]
    assert (runner.invoke(main, [*ask, "--store", str(tmp_path / "r")]).output
            == runner.invoke(main, [*ask, "--store", str(tmp_path / "t")]).output)
    del from_text
    again = runner.invoke(main, ["build", "--from-records", str(records), "--store", str(tmp_path / "r")])
    assert "extracted 0, unchanged 2" in again.output


@pytest.mark.parametrize("line,message", [("{not json", "records.jsonl:2: not JSON"),
                                          ('{"doc": "x", "source": "x.txt", "entities": [{"name": "x"}], '
                                           '"relations": []}', "records.jsonl:2: not a `kg extract")])
def test_a_bad_record_stops_the_build_and_keeps_the_store(tmp_path, line, message):
    folder = corpus(tmp_path, "c", {"a.txt": A})
    runner = CliRunner()
    records = tmp_path / "records.jsonl"
    assert runner.invoke(main, ["extract", str(folder), "-o", str(records), "--no-model", "-j", "1"]).exit_code == 0
    kg = str(tmp_path / "kg")
    assert runner.invoke(main, ["build", "--from-records", str(records), "--store", kg]).exit_code == 0
    manifest = (tmp_path / "kg" / "manifest.json").read_text(encoding="utf-8")
    records.write_text(records.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    bad = runner.invoke(main, ["build", "--from-records", str(records), "--store", kg])
    assert bad.exit_code == 1 and message in bad.output and "Traceback" not in bad.output
    assert (tmp_path / "kg" / "manifest.json").read_text(encoding="utf-8") == manifest


def test_a_store_of_the_previous_layout_is_rebuilt_from_its_records(tmp_path):
    store = build(tmp_path / "kg", corpus(tmp_path, "c", {"a.txt": A}))
    old = {"version": 1, "base": store.base, "dataset": "dataset-0.nq", "index": "index-0",
           "documents": {d: {k: e[k] for k in ("source", "hash", "record")} for d, e in store.documents.items()}}
    (tmp_path / "kg" / "manifest.json").write_text(json.dumps(old), encoding="utf-8")
    runner = CliRunner()
    looked = runner.invoke(main, ["who-received", "五一劳动奖章", "--store", str(tmp_path / "kg")])
    assert looked.exit_code == 1 and "run `kg build`" in looked.output
    rebuilt = Store(tmp_path / "kg").build([], extract)
    assert rebuilt.extracted == [] and who_received(Store(tmp_path / "kg").index(), "五一劳动奖章").rows
