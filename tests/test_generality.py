"""The rules are shapes, not names: no person or company of either gold file is in a data file, rule or docstring.

Both gold files in data/gold/ are read (the seeds and the dev set), so a name learnt while looking at
either cannot be written into a gazetteer, a pattern or a docstring example.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLD_FILES = [REPO / "data" / "gold" / name for name in ("seeds.gold.jsonl", "dev.gold.jsonl")]
# Surname-led ordinary words, derived from PKU98 by `make gazetteers`: a name that is also an ordinary
# word (高峰, a peak) belongs there, and listing it can only stop it being taken as a name.
# regions.tsv is generated from a published division list (`make regions`): a county's short form may be
# someone's name (余庆县). What is written by hand for it, regions_extra.tsv, is checked like the rest.
NOT_NAME_LISTS = {"surname_words.tsv", "regions.tsv"}
DATA = [p for p in (REPO / "data").rglob("*") if p.is_file() and p.parent.name not in ("corpus", "gold")
        and p.suffix in (".tsv", ".txt", ".json") and p.name not in NOT_NAME_LISTS]
CODE = list((REPO / "kg").rglob("*.py")) + [REPO / "kg" / "pipeline.cfg"]
# A name this long standing anywhere (inside a docstring example, a pattern, a comment) is a leak; shorter
# ones are too often ordinary words or part of another name to be searched for inside text.
SUBSTRING_MIN = 3


def _generic() -> re.Pattern[str]:
    """A string made only of organisation endings (集团公司 = 集团 + 公司) names no one: gold gives such
    short forms as aliases, and the suffix list must be free to hold them."""
    rows = (REPO / "data" / "org_suffixes.tsv").read_text(encoding="utf-8").splitlines()
    suffixes = sorted({r.split("\t")[0] for r in rows if r and not r.startswith("#")}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, suffixes)) + ")+")


def gold_names(path: Path) -> set[str]:
    """Every name and alias of the file's Person and Company entities, but for bare organisation endings."""
    generic = _generic()
    names: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        for e in json.loads(line)["entities"] if line.strip() else []:
            if e["type"] in ("Person", "Company"):
                names |= {e["name"], *(a for a in e.get("aliases", []) if not generic.fullmatch(a))}
    return names


def entries(path: Path) -> set[str]:
    """Every cell, quoted string and word of a data or code file, comments included."""
    text = path.read_text(encoding="utf-8")
    return set(re.split(r"[\t\n,\"'|()（）、 ]+", text))


def leaks(names: set[str]) -> set[tuple[str, str]]:
    found = {(p, n) for p in DATA + CODE for n in entries(p) & names}
    long_names = [n for n in names if len(n) >= SUBSTRING_MIN]
    for path in DATA + CODE:
        text = path.read_text(encoding="utf-8")
        found |= {(path, n) for n in long_names if n in text}
    return {(p.relative_to(REPO).as_posix(), n) for p, n in found}


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.name)
def test_no_gold_person_or_company_is_in_a_gazetteer_rule_or_docstring(gold: Path) -> None:
    names = gold_names(gold)
    assert len(names) > 100
    assert not leaks(names)


def test_the_check_finds_what_is_there() -> None:
    """Guard against a check that passes because it reads nothing: a data cell and a word inside
    code text are found, a string that is nowhere is not."""
    cell = next(line.split("\t")[0] for line in (REPO / "data" / "gazetteers" / "institutions.tsv")
                .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#"))
    assert ("data/gazetteers/institutions.tsv", cell) in leaks({cell})
    assert any(path.startswith("kg/") for path, _ in leaks({"有限公司"}))
    assert not leaks({"不会出现的名字甲乙丙"})
