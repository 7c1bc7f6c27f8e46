"""The look-ups a page needs besides `facts_about` (what a document states, its title and date, a node by its IRI,
aliases, levels, close names) and a neighbourhood read around its centre, on invented articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph.store import Store
from kg.ingest import load_articles
from kg.output import to_jsonl_record
from kg.pipeline import extract_articles
from kg.query.lookups import (
    aliases,
    closest_names,
    described,
    document_facts,
    documents,
    facts_about,
    levels,
    matches,
    who_received,
)

A = ("本报讯（记者 周某）2024年5月1日，湖南恒达机械有限公司高级技师李秀英被授予“湖南省五一劳动奖章”。"
     "湖南恒达机械有限公司技术总监赵文斌出席会议。")
B = "本报讯 2022年，株洲天宇电力有限公司电工王建国荣获“全国五一劳动奖章”。"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("lookups")
    for name, text in (("a.txt", A), ("b.txt", B)):
        (folder / name).write_text(text, encoding="utf-8")
    store = Store(folder / "kg")
    store.build(load_articles([str(folder / "a.txt"), str(folder / "b.txt")])[0],
                lambda batch: [to_jsonl_record(d) for d in extract_articles(batch, use_models=False)])
    return store


def doc_of(store: Store, file: str) -> str:
    person = matches(store.index(), "李秀英" if file == "a.txt" else "王建国")[0]["iri"]
    source = facts_about(store.index(), person)["honours received"].facts[0].sources[0]
    assert Path(source.file).name == file
    return source.doc


def test_every_source_names_its_document(store):
    index = store.index()
    person = matches(index, "李秀英")[0]["iri"]
    for all_sources in (False, True):
        sources = [s for a in facts_about(index, person, all_sources).values() for f in a.facts for s in f.sources]
        assert sources and all(s.doc.endswith("/doc/a%2301") for s in sources)
    every = who_received(index, "五一劳动奖章", all_sources=True)
    assert {s.doc.rsplit("/", 1)[1] for f in every.facts for s in f.sources} == {"a%2301", "b%2301"}


def test_a_documents_title_date_and_file(store):
    doc = doc_of(store, "a.txt")
    found = documents(store.index(), [doc])[doc]
    assert Path(found.file).name == "a.txt" and found.date == "2024-05-01"
    assert described(store.index(), doc) is None  # not a person, organisation or honour
    assert described(store.index(), doc, skip=frozenset())["type"] == "Document"


def test_what_a_document_states_with_its_own_sentences(store):
    index = store.index()
    answer = document_facts(index, doc_of(store, "a.txt"))
    facts = {(r["subject"], r["predicate"], r["object"], r["year"], r["role"]) for r in answer.rows}
    assert facts == {("李秀英", "awarded", "湖南省五一劳动奖章", 2024, None),
                     ("李秀英", "worksFor", "湖南恒达机械有限公司", None, "高级技师"),
                     ("赵文斌", "worksFor", "湖南恒达机械有限公司", None, "技术总监")}
    for fact in answer.facts:
        assert fact.count == len(fact.sources) == 1
        assert fact.values["subject"] in fact.sources[0].sentence
        assert described(index, str(fact.values["iri"]))["name"] == fact.values["subject"]
        assert described(index, str(fact.values["object_iri"]))["name"] == fact.values["object"]
    assert [f.values["subject"] for f in answer.facts][-1] == "赵文斌"  # in the order of the text
    assert document_facts(index, "https://w3id.org/laomo/id/doc/none").facts == []


def test_a_node_by_its_iri_its_aliases_and_the_levels_held(store):
    index = store.index()
    person = matches(index, "王建国")[0]["iri"]
    assert described(index, person) == {"iri": person, "type": "Person", "name": "王建国"}
    assert described(index, "https://w3id.org/laomo/id/person/nobody") is None
    honour = matches(index, "全国五一劳动奖章")[0]["iri"]
    assert described(index, honour)["type"] == "Honour"
    assert {"National", "Provincial"} <= set(levels(index))
    assert aliases(index, person) == []


def test_closest_names_for_a_name_the_graph_lacks(store):
    assert closest_names(store.index(), "李秀华")[0] == "李秀英"
    assert closest_names(store.index(), "㐀㐁") == []


@pytest.mark.parametrize("radius", [1, 2])
def test_a_neighbourhood_read_around_its_centre_is_that_part_of_the_whole_network(store, radius):
    from kg.query.network import around, neighbourhood, network

    index = store.index()
    whole = network(index)
    assert len(whole) > 5
    for centre in whole.nodes:
        expected, got = around(whole, [centre], radius), neighbourhood(index, [centre], radius)
        assert list(got.nodes(data=True)) == list(expected.nodes(data=True))
        assert list(got.edges(data=True)) == list(expected.edges(data=True))
    assert not neighbourhood(index, ["https://w3id.org/laomo/id/person/nobody"], radius)
