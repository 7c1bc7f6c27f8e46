"""Gazetteers and patterns shipped in `data/`: loaded once, cached, shared by every component.

Data lives in files so that a new honour kind, organisation suffix or region is a data change,
not a code change.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

SHIPPED = ("data", "ontology", "queries")  # folders at the repository's root, inside the package in a wheel


@cache
def shipped_dir(name: str) -> Path:
    """A folder the package reads (data, ontology, queries): the copy inside the installed package (a
    wheel: kg/data …, see setup.py), else the checkout's folder beside the package (an editable install).
    The models are opened by path (spaCy, pkuseg), so the package must sit on a file system, not in a zip."""
    if name not in SHIPPED:
        raise ValueError(f"not a shipped folder: {name}")
    inside = files("kg") / name
    if isinstance(inside, Path) and inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / name


def data_dir() -> Path:
    """The data folder: $KG_DATA, else the one shipped with the package."""
    env = os.environ.get("KG_DATA")
    return Path(env) if env else shipped_dir("data")


def bundled_corpus() -> list[str]:
    """The corpus shipped in data/corpus, read when a command is given no paths."""
    return [str(data_dir() / "corpus")]


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
    """An admin region; with `candidates` it stands for a name several regions share (朝阳区 of 北京 and of
    长春, 鼓楼 of four cities) while nothing has said which one: its parent is then unknown (None)."""

    name: str
    level: str
    parent: str | None
    short_forms: tuple[str, ...] = ()
    candidates: tuple[Region, ...] = ()

    @property
    def is_province(self) -> bool:
        return self.level == "province"

    @property
    def is_city(self) -> bool:
        return self.level == "city"

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)


RANK = {"province": 3, "city": 2}  # county-level units rank 1


@dataclass
class Regions:
    """Every surface form of a region with every region it can name.

    `by_name` maps a full name to its region, or to an ambiguous one when several share it; `readings`
    maps every surface form (full name, short form, nickname) to all the regions it can name; `surface`
    keeps the full name each form writes (a form of several differently named units maps to itself).
    """

    by_name: dict[str, Region] = field(default_factory=dict)
    surface: dict[str, str] = field(default_factory=dict)  # surface form -> canonical region name
    common_words: set[str] = field(default_factory=set)  # names and short forms that are also ordinary words
    readings: dict[str, tuple[Region, ...]] = field(default_factory=dict)
    _default: dict[str, Region] = field(default_factory=dict)

    def get(self, surface: str, common: bool = False) -> Region | None:
        """The region a form names out of context: its only reading, or the one that outranks all others
        (西安 → 西安市, not the districts named 西安区), else an ambiguous region. Forms that are also
        ordinary words (东方, 安宁) only when `common` says the context makes them names."""
        if not common and surface in self.common_words:
            return None
        return self._default.get(surface)

    def inside(self, surface: str, place: Region | None) -> Region | None:
        """The one reading of a form that lies in place (not place itself), if exactly one does."""
        if place is None or place.ambiguous:
            return None
        found = [r for r in self.readings.get(surface, ()) if r != place and self.lies_in(r, place)]
        return found[0] if len(found) == 1 else None

    def read(self, surface: str, before: Region | None, common: bool = False) -> Region | None:
        """A form written right after a region names a region inside it (长春市朝阳区 is 长春's 朝阳区; 佛山高明
        is 高明区 although 高明 is also a word) or none (宝安区西乡街道: 西乡 is a street there, not the
        county of 汉中); with nothing before it, the form out of context."""
        if before is not None and not before.ambiguous:
            return self.inside(surface, before)
        return self.get(surface, common)

    def resolve(self, surface: str, *within: Region | None, common: bool = False) -> Region | None:
        """The reading of a form that lies in the first of `within` (a city, then a province) that holds
        exactly one, else its reading out of context: 鼓楼区 in a story about 福州 is 福州市鼓楼区."""
        found = self.get(surface, common)
        if found is None:
            return None
        return next((r for p in within if (r := self.inside(surface, p))), found)

    def lies_in(self, region: Region, place: Region) -> bool:
        """Whether region is place or lies inside it (高明区 in 佛山市 and in 广东省)."""
        seen = 0
        while region is not None and seen < 5:
            if region == place:
                return True
            region = self.by_name.get(region.parent or "")
            seen += 1
        return False

    def province_of(self, region: Region) -> Region | None:
        if region.ambiguous:
            return _same(self.province_of(c) for c in region.candidates)
        seen = 0
        while region and not region.is_province and seen < 5:
            region = self.by_name.get(region.parent or "")
            seen += 1
        return region if region and region.is_province else None

    def city_of(self, region: Region) -> Region | None:
        if region.ambiguous:
            return _same(self.city_of(c) for c in region.candidates)
        if region.is_city:
            return region
        parent = self.by_name.get(region.parent or "")
        return parent if parent and parent.is_city else None


def _same(regions: Iterable[Region | None]) -> Region | None:
    """The one region all of them are, else None."""
    found = set(regions)
    return found.pop() if len(found) == 1 else None


def _ambiguous(form: str, found: tuple[Region, ...]) -> Region:
    """A stand-in for a form several regions share: their name and level where they agree, no parent."""
    name = found[0].name if len({r.name for r in found}) == 1 else form
    level = found[0].level if len({r.level for r in found}) == 1 else ""
    return Region(name, level, None, (), found)


def _default_reading(form: str, found: tuple[Region, ...]) -> Region:
    if len(found) == 1:
        return found[0]
    ranked = sorted(found, key=lambda r: -RANK.get(r.level, 1))
    if RANK.get(ranked[0].level, 1) > RANK.get(ranked[1].level, 1):
        return ranked[0]  # 西安 is 西安市 unless the story puts a 西安区 in view
    return _ambiguous(form, found)


@cache
def regions() -> Regions:
    """Admin regions with every surface form that names them (full names, short forms, nicknames)."""
    out = Regions()
    all_named: dict[str, list[Region]] = defaultdict(list)
    forms: dict[str, list[Region]] = defaultdict(list)
    for row in data_rows("gazetteers/regions.tsv"):
        if len(row) < 2 or row[1] == "country":
            continue
        name, level = row[0], row[1]
        parent = row[2] if len(row) > 2 and row[2] else None
        shorts = tuple(s.strip() for s in (row[3].split(",") if len(row) > 3 else []) if len(s.strip()) >= 2)
        reg = Region(name, level, parent, shorts)
        all_named[name].append(reg)
        if len(row) > 5 and row[5]:
            out.common_words |= {w.strip() for w in row[5].split(",") if w.strip()}
        for form in (name, *shorts):
            forms[form].append(reg)
    for name, regs in all_named.items():
        out.by_name[name] = regs[0] if len(regs) == 1 else _ambiguous(name, tuple(regs))
    for row in data_rows("gazetteers/region_nicknames.tsv"):
        if len(row) >= 2 and len(row[0]) >= 2 and row[0] not in forms and row[1] in out.by_name:
            forms[row[0]].append(out.by_name[row[1]])
    for form, regs in forms.items():
        out.readings[form] = tuple(dict.fromkeys(regs))
        out._default[form] = default = _default_reading(form, out.readings[form])
        out.surface[form] = default.name
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
def long_roles() -> tuple[str, ...]:
    """The posts and professions of two or more characters, as a tuple for str.startswith/endswith."""
    return tuple(r for r in roles() if len(r) >= 2)


@cache
def long_posts() -> tuple[str, ...]:
    """The posts (not professions) of two or more characters, longest first."""
    return tuple(sorted((w for w, kind in roles().items() if kind == "post" and len(w) >= 2), key=lambda w: -len(w)))


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
