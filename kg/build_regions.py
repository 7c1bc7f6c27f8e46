"""Builds data/gazetteers/regions.tsv: every province, prefecture- and county-level unit of China.

The division list is the one the PyPI package jionlp ships (jionlp/dictionary/china_location.zip, a tab-
indented tree of province, prefecture, county, town and village with codes; Apache-2.0), read from its
wheel, which `pip download` fetches into build/ (not a runtime dependency). Its own change list
(china_location_change.txt: 襄樊市 → 襄阳市, 澄江县 → 澄江市) is applied on top, then the curated rows of
data/gazetteers/regions_extra.tsv (functional zones, the one-character abbreviations, corrections the
source lacks). Short forms are made by rule (广东省 → 广东, 黔东南苗族侗族自治州 → 黔东南, 黔东南州,
鄂温克族自治旗 → 鄂温克旗); a short form that is also an ordinary word or a person's name in the PKU 1998
People's Daily corpus (东方, 安宁, 余庆) goes to the common-word column. data/gazetteers/README.md says how.

Same wheel, corpus and extras → the same bytes.

Run: python -m kg.build_regions [--wheel WHL | --source china_location.txt [--changes FILE]]
                                [--corpus PATH] [--extra TSV] [--out TSV]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import lzma
import re
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from .output import write_atomic
from .vocabulary import longest_first

REPO = Path(__file__).resolve().parent.parent
GAZ = REPO / "data" / "gazetteers"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "pku98_peoples_daily" / "all.words.jsonl.xz"
SOURCE = "jionlp"
SOURCE_VERSION = "1.5.31"
SOURCE_SHA256 = "688ba3793c5c0888b166ae1b11aaf6161db661a162019e77ffcf5951427e528f"
LOCATIONS_MEMBER = "jionlp/dictionary/china_location.zip"
CHANGES_MEMBER = "jionlp/dictionary/china_location_change.txt"
SAR_AND_TAIWAN = ("香港特别行政区", "澳门特别行政区", "台湾省")
BANNER_SIDES = "左右前后中"  # 杭锦后旗 has no short form 杭锦后
GENERIC_STEM = re.compile(r"^(?:[城郊矿]|市中|城[东西南北中关厢])$")  # 城区, 市中区, 城东区: no short form
DIRECTIONAL = re.compile(r"^[江河湖山海城][东西南北中]$")  # 江南, 河西: geographic regions, not the district
FUNCTIONAL_ZONE = re.compile(r"开发区|高新技术|产业园")  # zones of the statistics code, not divisions
COUNTRY = "中华人民共和国"


@dataclass
class Unit:
    name: str
    level: str
    parent: str
    code: str = ""
    short_forms: list[str] = field(default_factory=list)
    abbr: list[str] = field(default_factory=list)
    common: set[str] = field(default_factory=set)


# -- the source --------------------------------------------------------------------------------------

def fetch_wheel(dest: Path) -> Path:
    """The pinned source wheel, downloaded with pip once and checked against its recorded digest."""
    wheel = next(dest.glob(f"{SOURCE}-{SOURCE_VERSION}-*.whl"), None)
    if wheel is None:
        dest.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                        "--dest", str(dest), f"{SOURCE}=={SOURCE_VERSION}"], check=True)
        wheel = next(dest.glob(f"{SOURCE}-{SOURCE_VERSION}-*.whl"))
    if sha256(wheel) != SOURCE_SHA256:
        raise ValueError(f"{wheel} is not the {SOURCE} {SOURCE_VERSION} wheel this build was checked against "
                         f"(sha256 {sha256(wheel)}); check it and update SOURCE_SHA256")
    return wheel


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_wheel(wheel: Path) -> tuple[str, str]:
    """(china_location.txt, china_location_change.txt) from the wheel, without installing it."""
    with zipfile.ZipFile(wheel) as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read(LOCATIONS_MEMBER)))
        locations = inner.read("china_location.txt").decode("utf-8")
        changes = whl.read(CHANGES_MEMBER).decode("utf-8")
    return locations, changes


def county_level(name: str, code: str = "") -> str | None:
    """district (市辖区), county (县, 旗, 自治县, 林区, 特区) or county_city (县级市); None for other names.

    碑林区 and 万柏林区 are districts: only a code in the county range (21-80) makes X林区 a 林区.
    """
    if name.endswith(("特区", "县", "旗")) or (name.endswith("林区") and "21" <= code[4:6] <= "80"):
        return "county"
    if name.endswith("区"):
        return "district"
    if name.endswith("市"):
        return "county_city"
    return None


def parse_locations(text: str) -> list[Unit]:
    """Provinces, prefectures and county-level units of the tab-indented tree (towns and villages skipped).

    Municipalities repeat themselves as their own prefecture (北京市 under 北京市) and province-administered
    units sit under a pseudo-prefecture (省直辖行政区划): their children's parent is the province. Codes
    whose 5th and 6th digits are 7x are functional zones of the statistics code, not divisions.
    """
    units: list[Unit] = []
    province = city = ""
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        cols = line.strip("\t").split("\t")
        if depth > 2 or len(cols) < 2 or not cols[0]:
            continue
        name, code = cols[0], cols[1]
        if depth == 0:
            province = city = name
            units.append(Unit(name, "province", COUNTRY, code))
        elif province in SAR_AND_TAIWAN:
            continue
        elif depth == 1:
            city = name if name != province and "直辖" not in name else province
            if city != province:
                units.append(Unit(name, "city", province, code))
        else:
            level = county_level(name, code)
            if level and not ("70" <= code[4:6] <= "79") and not FUNCTIONAL_ZONE.search(name):
                units.append(Unit(name, level, city, code))
    return units


def parse_changes(text: str) -> list[tuple[tuple[str, str], tuple[str, str]]]:
    """((old name, old parent), (new name, new parent)) in date order; parents as in parse_locations."""
    out = []
    for line in sorted(ln for ln in text.splitlines() if "=>" in ln):
        old, new = line.split("=>")
        o, n = old.split("\t")[2:], new.split("\t")
        if len(o) >= 6 and len(n) >= 3:  # a county-level unit: prov, prov short, city, city short, county, short
            out.append(((o[4], _municipal(o[2], o[0])), (n[2], _municipal(n[1], n[0]))))
        elif len(o) >= 4 and len(n) >= 2:  # a prefecture
            out.append(((o[2], o[0]), (n[1], n[0])))
    return out


def _municipal(city: str, province: str) -> str:
    return province if city == province or "直辖" in city else city


def apply_changes(units: list[Unit], changes: list[tuple[tuple[str, str], tuple[str, str]]]) -> list[Unit]:
    """Retire what the change list retires: an old unit still listed beside its successor is dropped, one
    listed alone is renamed (湟中县 → 湟中区). Successors of units the tree no longer lists are not added:
    the change list writes some names short (三江县 for 三江侗族自治县)."""
    index = {(u.name, u.parent): u for u in units}
    for old, new in changes:
        gone = index.pop(old, None) if old != new else None
        if gone is None or new in index:
            continue
        level = gone.level if gone.level == "city" else county_level(new[0], gone.code)
        if level:
            index[new] = Unit(new[0], level, new[1], gone.code)
    return list(index.values())


# -- short forms -------------------------------------------------------------------------------------

def read_list(path: Path) -> list[str]:
    return [ln.split("\t")[0].strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


def autonomous_stem(name: str, suffix: str, ethnic: list[str]) -> str:
    """黔东南苗族侗族自治州 → 黔东南; 伊犁哈萨克自治州 → 伊犁; 鄂温克族自治旗 → 鄂温克; 鄂伦春自治旗 → 鄂伦春.

    Names drop 族 from groups of two or more characters (哈萨克, 蒙古), never from 回族 or 苗族.
    """
    groups = sorted({*ethnic, *(e[:-1] for e in ethnic if len(e) >= 3)}, key=longest_first)
    stem, last = name[: -len(suffix)], ""
    while group := next((g for g in groups if stem.endswith(g)), ""):
        stem, last = stem[: -len(group)], group
    return stem or last.removesuffix("族")


def short_forms(unit: Unit, ethnic: list[str]) -> list[str]:
    """The forms people write for a unit, by the shape of its name (at least two characters)."""
    name, forms = unit.name, []
    auto = next((s for s in ("自治州", "自治县", "自治旗") if name.endswith(s)), "")
    if auto:
        stem = autonomous_stem(name, auto, ethnic)
        forms = [stem, stem + auto[-1]]
    elif unit.level == "city":
        for suffix in ("地区", "盟", "市"):
            if name.endswith(suffix):
                forms = [name[: -len(suffix)]]
                break
    elif unit.level != "province":
        stem = county_stem(unit)
        forms = [] if GENERIC_STEM.match(stem) else [stem]
    return [f for f in dict.fromkeys(forms) if len(f) >= 2 and f != name]


def county_stem(unit: Unit) -> str:
    """清新区 → 清新, 浦东新区 → 浦东, 神农架林区 → 神农架, 六枝特区 → 六枝, 奈曼旗 → 奈曼; 杭锦后旗 → ""."""
    name = unit.name
    suffixes = ["新区", "矿区", "特区", "区", "县", "市", "旗"]
    if unit.level == "county" and name.endswith("林区"):
        suffixes.insert(0, "林区")
    for suffix in suffixes:
        stem = name[: -len(suffix)]
        if name.endswith(suffix) and len(stem) >= 2:
            return "" if suffix == "旗" and stem[-1] in BANNER_SIDES else stem
    return ""


def province_short_form(name: str, source_alias: str) -> list[str]:
    """The source's own short name for a provincial unit (广西壮族自治区 → 广西, 内蒙古自治区 → 内蒙古)."""
    return [source_alias] if source_alias and source_alias != name and len(source_alias) >= 2 else []


def source_aliases(text: str) -> dict[str, str]:
    return {c[0]: c[2] for line in text.splitlines() if not line.startswith("\t")
            for c in [line.split("\t")] if len(c) >= 3}


def settle_shared(units: list[Unit]) -> None:
    """A form several units share stays with all of them (the loader marks it ambiguous), except that a
    province keeps its own (吉林 → 吉林省, not 吉林市) and a prefecture one shared with its own county
    (南昌 → 南昌市, not 南昌县); a form that is another unit's full name is no short form."""
    names = {u.name for u in units}
    owners: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        u.short_forms = [f for f in u.short_forms if f not in names]
        for f in u.short_forms:
            owners[f].append(u)
    for form, us in owners.items():
        top = [u for u in us if u.level == "province"]
        if not top:
            top = [u for u in us if u.level == "city" and all(v is u or v.parent == u.name for v in us)]
        if len(top) == 1 and len(us) > 1:
            for u in us:
                if u is not top[0]:
                    u.short_forms.remove(form)


# -- ordinary words and names ------------------------------------------------------------------------

@dataclass
class WordUse:
    place: Counter[str] = field(default_factory=Counter)
    other: Counter[str] = field(default_factory=Counter)


def word_uses(corpus: Path, forms: set[str]) -> WordUse:
    """Where each form occurs in the corpus text as characters (the way the region matcher sees text):
    as a place (inside a word tagged ns, or opening an organisation name, nt) or as anything else: an
    ordinary word (和平, 通道), a person's name (彭/nr 泽/nr) or across words (每当/阳光 holds 当阳)."""
    uses = WordUse()
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, form)
    if not forms:
        return uses
    automaton.make_automaton()
    opener = lzma.open if corpus.suffix == ".xz" else open
    with opener(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                _count(doc["text"], doc["spans"], automaton, uses)
    return uses


def _count(text: str, spans: list, automaton, uses: WordUse) -> None:
    word_at = [-1] * len(text)  # index of the word covering each character
    for k, (s, e, _pos) in enumerate(spans):
        for i in range(s, min(e, len(text))):
            word_at[i] = k
    for last, form in automaton.iter(text):
        start = last - len(form) + 1
        k = word_at[start]
        s, e, pos = spans[k] if k >= 0 else (0, 0, "")
        # a place: inside a place word, or opening one (拉萨/ns 市) or an organisation's name (nt)
        if (pos == "ns" and (last < e or s == start)) or (pos == "nt" and s == start):
            uses.place[form] += 1
        else:
            uses.other[form] += 1


@dataclass(frozen=True)
class NameStats:
    """Surname ranks and how name-like characters are (data/gazetteers, from PKU 1998)."""

    surname_rank: dict[str, int]
    ratio: dict[str, float]  # char -> share of its corpus uses inside a given name
    single: dict[str, int]  # char -> uses as a one-character given name

    @classmethod
    def load(cls, gaz: Path) -> NameStats:
        ranks: dict[str, int] = {}
        for row in _rows(gaz / "surnames.txt"):
            ranks.setdefault(row[0], int(row[1]) if len(row) > 1 and row[1].isdigit() else 9999)
        ratio, single = {}, {}
        for row in _rows(gaz / "given_name_chars.tsv"):
            if len(row) >= 7 and row[6].isdigit():
                ratio[row[0]], single[row[0]] = float(row[3]), int(row[6])
        return cls(ranks, ratio, single)

    def name_like(self, form: str, max_rank: int = 100, min_ratio: float = 0.1) -> bool:
        """Whether a form reads as a common surname plus a name-like given name (余庆, 彭泽, 马尔康)."""
        for n in (2, 1):
            surname, given = form[:n], form[n:]
            if self.surname_rank.get(surname, 9999) > max_rank or not 1 <= len(given) <= 2:
                continue
            if all(self.ratio.get(c, 0.0) >= min_ratio for c in given) and \
                    (len(given) == 2 or self.single.get(given, 0) >= 2):
                return True
        return False


def _rows(path: Path) -> list[list[str]]:
    return [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


def is_common(form: str, level: str, uses: WordUse, names: NameStats | None) -> bool:
    """Whether a form is mostly not the place when matched on characters.

    County-level forms: found otherwise at least 3 times and at least as often as as the place (和平,
    通道), shaped like a common surname with a name-like given name and seldom a place (余庆, 彭泽), or a
    river, lake or hill with a direction (江南, 河西: regions of their own). Prefecture and province forms
    are far more often the place: they need 5 other uses and twice as many as place uses (海东 in 上海东方).
    Full names (`names` None) need the corpus evidence only (城区, 郊区).
    """
    place, other = uses.place[form], uses.other[form]
    if level in ("province", "city"):
        return other >= 5 and other >= 2 * place
    if other >= 3 and other >= place:
        return True
    return names is not None and (DIRECTIONAL.match(form) is not None or (place < 3 and names.name_like(form)))


# -- curated rows --------------------------------------------------------------------------------------

def split_list(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(",") if x.strip()]


def merge_extra(units: list[Unit], rows: Iterable[list[str]]) -> list[Unit]:
    """regions_extra.tsv: a row for a listed unit adds its forms; a new row adds a unit (replacing the one
    named in `replaces`, under the same parent); a row of level `drop` removes a unit the source lists."""
    index = {(u.name, u.parent): u for u in units}
    for row in rows:
        name, level, parent, shorts, abbr, common, replaces = (row + [""] * 7)[:7]
        if level == "drop":
            index.pop((name, parent), None)
            continue
        unit = index.get((name, parent))
        if unit is None:
            old = index.pop((replaces, parent), None) if replaces else None
            unit = index[(name, parent)] = Unit(name, level, parent, old.code if old else "")
        unit.short_forms += [s for s in split_list(shorts) if s not in unit.short_forms]
        unit.abbr += [a for a in split_list(abbr) if a not in unit.abbr]
        unit.common |= set(split_list(common))
    return list(index.values())


# -- output --------------------------------------------------------------------------------------------

def ordered(units: list[Unit]) -> list[Unit]:
    """Provinces in code order, each followed by its prefectures and their children (code, then name)."""
    children: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        children[u.parent].append(u)
    out: list[Unit] = []

    def walk(parent: str) -> None:
        for u in sorted(children.get(parent, []), key=lambda u: (u.level == "city", u.code or "999999", u.name)):
            out.append(u)
            if u.level in ("province", "city"):
                walk(u.name)

    walk(COUNTRY)
    return out


def render(units: list[Unit], provenance: str) -> str:
    counts = Counter(u.level for u in units)
    head = HEADER.format(provenance=provenance, provinces=counts["province"], cities=counts["city"],
                         counties=counts["district"] + counts["county"] + counts["county_city"])
    lines = [head, f"{COUNTRY}\tcountry\t\t中国\t\t"]
    for u in units:
        common = [f for f in (u.name, *u.short_forms) if f in u.common]
        lines.append("\t".join([u.name, u.level, u.parent, ",".join(u.short_forms), ",".join(u.abbr),
                                ",".join(common)]))
    return "\n".join(lines) + "\n"


HEADER = """\
# Chinese administrative divisions (UTF-8, tab-separated, '#' lines are comments). GENERATED by
# `make regions` (kg/build_regions.py): edit data/gazetteers/regions_extra.tsv, not this file.
# Columns: name	level	parent	short_forms	abbr	common_word_forms
#   name        official full name (广东省, 河源市, 延边朝鲜族自治州, 高明区)
#   level       country | province | city | district | county | county_city
#               province = any provincial-level unit (省, 自治区, 直辖市, 特别行政区);
#               city = any prefecture-level unit (地级市, 自治州, 地区, 盟);
#               district = 市辖区; county = 县, 自治县, 旗, 自治旗, 林区, 特区; county_city = 县级市
#   parent      full name of the parent unit (the province for prefecture-level units, for the districts of
#               北京/天津/上海/重庆 and for province-administered county-level units such as 仙桃市)
#   short_forms comma-separated forms of >= 2 characters (河源, 延边, 延边州, 长阳, 长阳县, 鄂温克旗). Several
#               units may share a form (鼓楼, 白云) or a full name (朝阳区): the loader keeps every reading.
#               A province keeps its own form (吉林 -> 吉林省), a prefecture one shared with its county (南昌).
#   abbr        one-character abbreviations of provincial-level units (粤, 京, 沪); never matched alone.
#   common_word_forms  the name or short_forms that are also ordinary words or names (城区, 东方, 安宁, 余庆),
#               found in the PKU 1998 corpus mostly not as the place (as a word, a name, across words),
#               shaped like a common surname plus a given name, or a direction (江南); plus curated ones.
#               See data/gazetteers/README.md for the thresholds.
# {provenance}
# {provinces} provincial-level units, {cities} prefecture-level units, {counties} county-level units.
# Hong Kong, Macao and Taiwan are listed as provincial-level units only."""


def build(locations: str, changes: str, extra_rows: list[list[str]], ethnic: list[str],
          corpus: Path | None, names: NameStats | None) -> list[Unit]:
    """The ordered units with short forms and common words, from the source text and the curated rows."""
    units = apply_changes(parse_locations(locations), parse_changes(changes))
    aliases = source_aliases(locations)
    for u in units:
        u.short_forms = (province_short_form(u.name, aliases.get(u.name, "")) if u.level == "province"
                         else short_forms(u, ethnic))
    units = merge_extra(units, extra_rows)
    settle_shared(units)
    if corpus is not None:
        uses = word_uses(corpus, {f for u in units for f in (u.name, *u.short_forms)})
        common = {f for u in units for f in u.short_forms if is_common(f, u.level, uses, names)}
        common |= {u.name for u in units if is_common(u.name, "county", uses, None)}
        common |= {f for u in units for f in u.common}  # curated ones hold for every unit with the form
        for u in units:
            u.common = common & {u.name, *u.short_forms}
    return ordered(units)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, help=f"a {SOURCE} wheel (default: download {SOURCE}=={SOURCE_VERSION})")
    ap.add_argument("--source", type=Path, help="china_location.txt itself, instead of a wheel")
    ap.add_argument("--changes", type=Path, help="china_location_change.txt to go with --source")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="PKU 1998 all.words.jsonl(.xz)")
    ap.add_argument("--extra", type=Path, default=GAZ / "regions_extra.tsv")
    ap.add_argument("--gazetteers", type=Path, default=GAZ, help="surnames, name statistics, ethnic groups")
    ap.add_argument("--out", type=Path, default=GAZ / "regions.tsv")
    args = ap.parse_args(argv)
    try:
        if args.source:
            locations = args.source.read_text(encoding="utf-8")
            changes = args.changes.read_text(encoding="utf-8") if args.changes else ""
            provenance = f"Source: {args.source.name} in the format of {SOURCE}'s china_location."
        else:
            wheel = args.wheel or fetch_wheel(REPO / "build" / "regions-source")
            locations, changes = read_wheel(wheel)
            provenance = (f"Source: PyPI {SOURCE} {SOURCE_VERSION} ({wheel.name}, sha256 {sha256(wheel)[:16]}…), "
                          "Apache-2.0, china_location.zip and china_location_change.txt.")
        if not args.corpus.exists():
            raise FileNotFoundError(f"corpus not found: {args.corpus} (give --corpus)")
        extra = _rows(args.extra) if args.extra.exists() else []
        units = build(locations, changes, extra, read_list(args.gazetteers / "ethnic_groups.txt"),
                      args.corpus, NameStats.load(args.gazetteers))
    except (OSError, subprocess.CalledProcessError, zipfile.BadZipFile, KeyError, ValueError, lzma.LZMAError) as exc:
        print(f"kg.build_regions: {exc}", file=sys.stderr)
        return 1
    write_atomic(args.out, render(units, provenance))
    counts = Counter(u.level for u in units)
    print(f"{args.out}: " + ", ".join(f"{n} {lvl}" for lvl, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
