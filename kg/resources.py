"""Gazetteers and patterns shipped in `data/`: loaded once, cached, shared by every component.

Data lives in files so that a new honour kind, organisation suffix or region is a data change,
not a code change.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path


def data_dir() -> Path:
    """The data folder: $KG_DATA, else the repository's `data/` next to the package."""
    env = os.environ.get("KG_DATA")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"


def data_rows(name: str) -> list[list[str]]:
    """Tab-separated rows of a data file, without comments and blank lines."""
    path = data_dir() / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append([c.strip() for c in line.split("\t")])
    return rows


@dataclass(frozen=True)
class Region:
    name: str
    level: str
    parent: str | None
    short_forms: tuple[str, ...] = ()

    @property
    def is_province(self) -> bool:
        return self.level == "province"

    @property
    def is_city(self) -> bool:
        return self.level == "city"


@dataclass
class Regions:
    by_name: dict[str, Region] = field(default_factory=dict)
    surface: dict[str, str] = field(default_factory=dict)  # surface form -> canonical region name
    common_words: set[str] = field(default_factory=set)  # short forms that are also ordinary words (高明)

    def get(self, surface: str) -> Region | None:
        name = self.surface.get(surface)
        return self.by_name.get(name) if name else None

    def province_of(self, region: Region) -> Region | None:
        seen = 0
        while region and not region.is_province and seen < 5:
            region = self.by_name.get(region.parent or "")
            seen += 1
        return region if region and region.is_province else None

    def city_of(self, region: Region) -> Region | None:
        if region.is_city:
            return region
        parent = self.by_name.get(region.parent or "")
        return parent if parent and parent.is_city else None


@cache
def regions() -> Regions:
    """Admin regions with every surface form that names them (full name, short forms, nicknames)."""
    out = Regions()
    for row in data_rows("gazetteers/regions.tsv"):
        if len(row) < 2 or row[1] == "country":
            continue
        name, level = row[0], row[1]
        parent = row[2] if len(row) > 2 and row[2] else None
        shorts = tuple(s for s in (row[3].split(",") if len(row) > 3 else []) if len(s.strip()) >= 2)
        reg = Region(name, level, parent, tuple(s.strip() for s in shorts))
        out.by_name.setdefault(name, reg)
        if len(row) > 5 and row[5]:
            out.common_words |= {w.strip() for w in row[5].split(",") if w.strip()}
        out.surface.setdefault(name, name)
        for s in reg.short_forms:
            out.surface.setdefault(s, name)
    for row in data_rows("gazetteers/region_nicknames.tsv"):
        if len(row) >= 2 and len(row[0]) >= 2 and row[1] in out.by_name:
            out.surface.setdefault(row[0], row[1])
    return out


@cache
def region_nicknames() -> dict[str, str]:
    """Literary region names (南粤, 羊城) used in honour titles, mapped to the region."""
    return {r[0]: r[1] for r in data_rows("gazetteers/region_nicknames.tsv") if len(r) >= 2 and len(r[0]) >= 2}


@cache
def surnames() -> dict[str, int]:
    """Surname -> frequency rank (1 = most common)."""
    out: dict[str, int] = {}
    for row in data_rows("gazetteers/surnames.txt"):
        try:
            out.setdefault(row[0], int(row[1]) if len(row) > 1 and row[1] else 9999)
        except ValueError:
            out.setdefault(row[0], 9999)
    return out


@cache
def given_name_chars() -> dict[str, float]:
    """Character -> how name-like it is (share of its corpus uses that are inside a given name)."""
    out: dict[str, float] = {}
    for row in data_rows("gazetteers/given_name_chars.tsv"):
        if len(row) >= 4 and not row[0].startswith("char"):
            try:
                out[row[0]] = float(row[3])
            except ValueError:
                continue
    return out


@cache
def given_name_counts() -> dict[str, int]:
    out: dict[str, int] = {}
    for row in data_rows("gazetteers/given_name_chars.tsv"):
        if len(row) >= 2 and row[1].isdigit():
            out[row[0]] = int(row[1])
    return out


@cache
def surname_words() -> dict[str, int]:
    """Ordinary two-character words that begin with a surname character (单位, 成立), with corpus counts."""
    return {r[0]: int(r[1]) for r in data_rows("gazetteers/surname_words.tsv") if len(r) > 1 and r[1].isdigit()}


@cache
def roles() -> dict[str, str]:
    """Post or profession -> kind (post, profession, honorific)."""
    return {r[0]: (r[1] if len(r) > 1 else "post") for r in data_rows("gazetteers/roles.txt")}


@cache
def person_cues() -> tuple[frozenset[str], frozenset[str]]:
    """(words that precede a name, words that follow one)."""
    before, after = set(), set()
    for row in data_rows("gazetteers/person_cues.tsv"):
        if len(row) >= 2:
            (before if row[1] == "before" else after).add(row[0])
    return frozenset(before), frozenset(after)


@dataclass(frozen=True)
class OrgSuffix:
    suffix: str
    type: str
    min_name: int
    anchor: str = "-"  # region: the name starts with a region or level word; name: region or surname
    unit: str = "-"  # dept: a department inside an organisation; branch: a registered branch


@cache
def org_suffixes() -> tuple[OrgSuffix, ...]:
    return tuple(OrgSuffix(r[0], r[1], int(r[2]) if len(r) > 2 else 2, r[3] if len(r) > 3 else "-",
                           r[4] if len(r) > 4 else "-")
                 for r in data_rows("org_suffixes.tsv"))


@cache
def org_shapes() -> tuple[tuple[str, str], ...]:
    """(regular expression, type) of organisation names known by their whole shape."""
    return tuple((r[0], r[1]) for r in data_rows("org_shapes.tsv") if len(r) >= 2)


@cache
def generic_org_words() -> frozenset[str]:
    return frozenset(r[0] for r in data_rows("generic_org_words.txt"))


@dataclass(frozen=True)
class Institution:
    name: str
    type: str
    aliases: tuple[str, ...]


@cache
def institutions() -> tuple[Institution, ...]:
    out = []
    for r in data_rows("gazetteers/institutions.tsv"):
        aliases = tuple(a for a in (r[2].split(",") if len(r) > 2 else []) if a)
        out.append(Institution(r[0], r[1], aliases))
    return tuple(out)


@cache
def honour_taxonomy() -> dict:
    return json.loads((data_dir() / "honours.json").read_text(encoding="utf-8"))


@cache
def lexicon(name: str) -> frozenset[str]:
    """A one-word-per-line list from data/lexicons/NAME.txt."""
    return frozenset(r[0] for r in data_rows(f"lexicons/{name}.txt"))


@cache
def segmenter_user_words() -> tuple[str, ...]:
    """Words the segmenter must keep whole: honour kinds, organisation suffixes, regions, institutions."""
    words = {k["kind"] for k in honour_taxonomy()["kinds"]} | {s.suffix for s in org_suffixes()}
    words |= {a for k in honour_taxonomy()["kinds"] for a in k.get("aliases", ())}
    words |= set(regions().by_name) | {i.name for i in institutions()}
    # one-character words would force a split around every match (局 would cut 结局 in two)
    return tuple(sorted(w for w in words if len(w) >= 2 and not any(c.isspace() for c in w)))
