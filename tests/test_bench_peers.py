"""bench/peers.py reads the peers' POS tags as entities the documented way (no peer needed for this)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_peers", REPO / "bench" / "peers.py")
peers = importlib.util.module_from_spec(_spec)
sys.modules["bench_peers"] = peers  # dataclasses look their module up
_spec.loader.exec_module(peers)

JIEBA = next(p for p in peers.PEERS if p.name == "jieba")
# invented words, tagged the way jieba tags them
LINES = [[("滨江区总工会", "nt"), ("主席", "n"), ("郑", "nr"), ("丽君", "nr"), ("、", "x"), ("孙晓东", "nr")],
         [("孙晓东", "nr"), ("和", "c"), ("星河", "nz"), ("有限公司", "n")]]


def test_adjacent_words_of_one_class_are_one_name_and_each_name_counts_once() -> None:
    assert peers.entities_from_tags(LINES, JIEBA) == [
        {"name": "滨江区总工会", "type": "OtherOrganization"}, {"name": "郑丽君", "type": "Person"},
        {"name": "孙晓东", "type": "Person"}]


def test_the_other_readings_change_what_is_read() -> None:
    apart = peers.entities_from_tags(LINES, JIEBA, join=False)
    assert {"name": "郑", "type": "Person"} in apart and {"name": "丽君", "type": "Person"} in apart
    with_nz = peers.variants(JIEBA)["+ nz (其它专名) as organisation"]
    assert {"name": "星河", "type": "OtherOrganization"} in peers.entities_from_tags(LINES, with_nz)

