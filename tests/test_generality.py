"""The rules are shapes, not names: no person or company of the development gold is in any data file."""

from __future__ import annotations

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "data" / "gold" / "seeds.gold.jsonl"
# regions.tsv is generated from a published division list (`make regions`): a county's short form may be
# someone's name (余庆县). What is written by hand for it, regions_extra.tsv, is checked like the rest.
GENERATED = {REPO / "data" / "gazetteers" / "regions.tsv"}
CODE_AND_DATA = [p for p in (REPO / "data").rglob("*") if p.is_file() and p.parent.name not in ("corpus", "gold")
                 and p.suffix in (".tsv", ".txt", ".json") and p not in GENERATED] \
    + list((REPO / "kg").rglob("*.py")) + [REPO / "kg" / "pipeline.cfg"]


def gold_names() -> set[str]:
    names: set[str] = set()
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        for e in json.loads(line)["entities"]:
            if e["type"] in ("Person", "Company"):
                names |= {e["name"], *e.get("aliases", [])}
    return names


def entries(path: Path) -> set[str]:
    """Every cell, quoted string and word of a data or code file, comments included."""
    text = path.read_text(encoding="utf-8")
    return set(re.split(r"[\t\n,\"'|()（）、 ]+", text))


def test_no_gold_person_or_company_is_in_a_gazetteer_rule_or_pattern():
    names = gold_names()
    assert len(names) > 100
    leaks = {(p.relative_to(REPO).as_posix(), n) for p in CODE_AND_DATA for n in entries(p) & names}
    assert not leaks
