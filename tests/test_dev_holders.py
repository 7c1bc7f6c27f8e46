"""Who received a 五一劳动奖章, on a store built from the 50 real passages of the dev gold (each
passage a file, as a user's corpus would be read): every holder the gold names is listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.graph.store import Store
from kg.ingest import load_articles
from kg.output import to_jsonl_record
from kg.pipeline import extract_articles
from kg.query.lookups import who_received

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "data" / "gold" / "dev.gold.jsonl"


def gold_holders(kind: str) -> set[tuple[str, str]]:
    out = set()
    for line in DEV.read_text(encoding="utf-8").splitlines():
        for r in json.loads(line)["relations"]:
            if r["predicate"] == "awarded" and r["object"].endswith(kind):
                out.add((r["subject"], r["object"]))
    return out


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory) -> Store:
    folder = tmp_path_factory.mktemp("dev")
    for line in DEV.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        (folder / f"{doc['doc']}.txt").write_text(doc["text"], encoding="utf-8")
    store = Store(tmp_path_factory.mktemp("store") / "kg")
    articles, errors = load_articles([str(folder)])
    assert not errors
    store.build(articles, lambda batch: [to_jsonl_record(d) for d in extract_articles(batch, use_models=False)])
    return store


def test_who_received_lists_every_gold_holder_of_a_may_day_medal(dev_store):
    expected = gold_holders("五一劳动奖章")
    assert len(expected) >= 10
    rows = who_received(dev_store.index(), "五一劳动奖章").rows
    assert expected <= {(r["name"], r["honour"]) for r in rows}
