"""Recognise organisations by their endings and by a gazetteer of well-known institutions.

A suffix (有限公司, 总工会, 人大常委会, 大学, 创新工作室 …) fixes the end and the type; the start is the
hard part in unsegmented Chinese. The name runs left over name-like characters and stops at
punctuation, digits, an earlier mention, or the last verb/preposition that typically governs an
organisation (与, 推动, 联合 …, from `data/lexicons/org_left_stops.txt`). Short forms made of a bare
level word (省总工会, 市委) are resolved later against the story's home region.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Mention
from ..resources import OrgSuffix, generic_org_words, institutions, lexicon, org_suffixes, surnames
from .charmatch import CharMatcher
from .doc_state import state
from .regions import is_region_chain

NAME_PUNCT = "()（）·"


@cache
def suffix_matcher() -> CharMatcher[OrgSuffix]:
    return CharMatcher((s.suffix, s) for s in org_suffixes())


@cache
def institution_matcher() -> CharMatcher[tuple[str, str]]:
    entries = []
    for inst in institutions():
        canonical = inst.name if inst.type == "UnionBody" else None
        entries.append((inst.name, (inst.type, canonical or inst.name)))
        entries += [(a, (inst.type, canonical or a)) for a in inst.aliases]
    return CharMatcher(entries)


@cache
def left_stop_matcher() -> CharMatcher[str]:
    return CharMatcher((w, w) for w in lexicon("org_left_stops"))


def is_name_char(c: str) -> bool:
    return ("\u4e00" <= c <= "\u9fff") or c.isascii() and c.isalpha() or c in NAME_PUNCT


class OrgRecognizer:
    """Pipeline component: organisation mentions typed by suffix."""

    def __init__(self, max_chars: int = 28):
        self.max_chars = max_chars
        self.generic = generic_org_words()
        self.levels = lexicon("level_chars")
        self.not_org_words = lexicon("not_org_words")

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        text = st.text or doc.text
        found: list[Mention] = []
        for s, e, key, (typ, canonical) in institution_matcher().longest(text):
            if text[e:e + 1] == "门":  # 人社部门: a kind of office, not the ministry
                continue
            found.append(Mention(s, e, key, typ, canonical if canonical != key else None, source="gazetteer"))
        found += _publications(text)
        by_end = suffix_matcher().ending_at(text)
        for end in sorted(by_end):
            start_sfx, _key, sfx = by_end[end][0]  # longest suffix ending here
            m = self._name_ending_at(text, start_sfx, end, sfx, st, found)
            if m:
                found.append(m)
        st.mentions += [m for m in _outermost(found) if m.source == "publication" or not _inside_book_title(text, m)]
        return doc

    def _name_ending_at(self, text: str, sfx_start: int, end: int, sfx: OrgSuffix, st,
                        found: list[Mention]) -> Mention | None:
        if any(text.endswith(w, 0, end) and len(w) > len(sfx.suffix) for w in self.not_org_words):
            return None
        edge = self._left_edge(text, sfx_start, found)
        start = self._anchor(text, edge, sfx_start, sfx, st)
        if start is None:
            return None
        name_part = text[start:sfx_start]
        if not self._is_name(name_part, sfx):
            return None
        if sfx.type == "Studio" and is_region_chain(name_part):
            return None  # 河源市劳模和工匠人才工作室: a designation conferred by a region, not a studio
        return Mention(start, end, text[start:end], self._type(text[start:end], sfx))

    def _left_edge(self, text: str, sfx_start: int, found: list[Mention]) -> int:
        """Leftmost start over name characters, not crossing punctuation or an earlier name."""
        i, depth = sfx_start, 0
        lo = max(0, sfx_start - self.max_chars)
        for m in found:  # an adjacent name may be the head of this one (全国总工会|基层工作部)
            if m.end < sfx_start and m.end > lo and not (m.start <= sfx_start < m.end) \
                    and not _adjacent_chain(text, m.end, sfx_start):
                lo = max(lo, m.end)
        while i > lo:
            c = text[i - 1]
            if c in ")）":
                depth += 1
            elif c in "(（":
                if depth == 0:
                    break
                depth -= 1
            elif not is_name_char(c):
                break
            i -= 1
        return sfx_start if depth else i

    def _anchor(self, text: str, edge: int, sfx_start: int, sfx: OrgSuffix, st) -> int | None:
        """Where the name starts: after the last governing word, or at a region for region-anchored kinds."""
        in_region = [(s, e) for s, e, _r in st.regions if edge <= s and e <= sfx_start]
        if sfx.min_name == 0:  # 韶关市委: the region may end inside the suffix (韶关市 + 市委)
            in_region += [(s, e) for s, e, _r in st.regions if edge <= s and e == sfx_start + 1]
        region_led = sfx.type == "Company" and any(rs == edge for rs, _re in in_region)
        stops = [edge + e for s, e, w, _v in left_stop_matcher().iter(text[edge:sfx_start])
                 if not any(rs <= edge + s < re_ for rs, re_ in in_region)
                 and not (region_led and len(w) == 1)]
        start = max(stops, default=edge)
        if sfx.min_name == 0:
            return self._region_chain_start(sfx_start, in_region)
        if sfx.anchor == "-":
            return start
        regions_after = [s for s, _e in in_region if s >= start]
        if regions_after:
            return min(regions_after)
        part = text[start:sfx_start]
        if (part in self.levels or (part and part[-1] in self.levels and len(part) == 1)) \
                and not _plural_level(text, start):
            return start
        level_at = next((sfx_start - len(lv) for lv in self.levels if text[:sfx_start].endswith(lv)), None)
        if level_at is not None and sfx.min_name <= 1 and not _plural_level(text, level_at):
            return level_at
        if sfx.anchor == "name" and part and part[0] in surnames() and len(part) >= 2:
            return start
        return None

    @staticmethod
    def _region_chain_start(sfx_start: int, in_region: list[tuple[int, int]]) -> int:
        """省委, 河源市委, 佛山市高明区委: only regions may stand before such a suffix."""
        start = sfx_start
        for s, e in sorted(in_region, key=lambda r: -r[1]):
            if e == start or (start == sfx_start and e == sfx_start + 1):  # 韶关市 + 市委
                start = s
        return start

    def _is_name(self, part: str, sfx: OrgSuffix) -> bool:
        core = part.strip(NAME_PUNCT)
        if sfx.min_name == 0:
            return True
        if len(core) < sfx.min_name and core not in self.levels:
            return False
        rest = core
        for word in sorted(self.generic | self.levels, key=len, reverse=True):
            rest = rest.replace(word, "")
        if not rest:
            # only generic words: 基层工会, 该公司. A bare level word (省总工会) is a short form.
            return core in self.levels and sfx.min_name <= 1
        without_generic = core
        for word in sorted(self.generic, key=len, reverse=True):
            without_generic = without_generic.replace(word, "")
        # 广东省基层工会: the grass-roots unions of a province, no one body
        return not (without_generic != core and is_region_chain(without_generic) and sfx.type == "UnionBody")

    @staticmethod
    def _type(name: str, sfx: OrgSuffix) -> str:
        """A department of a union body is a union body (全国总工会基层工作部); else the suffix decides."""
        if sfx.type == "GovernmentBody" and any(u in name[: -len(sfx.suffix)] for u in ("总工会", "工会")):
            return "UnionBody"
        return sfx.type


PUBLICATION = re.compile(r"《([^《》\n]{2,12})》(?=\s*(?:(?:19|20)\d{2}\s*年\s*)?第\s*\d+\s*期|编辑部|杂志社|报社|编委会)")


def _publications(text: str) -> list[Mention]:
    """《广东工运》2025年第11期, 《广东工运》编辑部: a periodical named by its masthead or its office."""
    out = []
    for m in PUBLICATION.finditer(text):
        out.append(Mention(m.start(1), m.end(1), m.group(1), "OtherOrganization", source="publication"))
        office = re.match(r"编辑部|杂志社|报社", text[m.end():m.end() + 3])
        if office:
            end = m.end() + office.end()
            out.append(Mention(m.start(), end, text[m.start():end], "OtherOrganization",
                               m.group(1) + office.group(0), source="publication"))
    return out


def _plural_level(text: str, level_at: int) -> bool:
    """九市总工会, 各市, 市、县、区总工会, 直辖市总工会: no one body of the story's region."""
    if any(text.startswith(w, level_at + 1 - len(w)) for w in lexicon("not_level_words")):
        return True
    before = text[max(0, level_at - 2):level_at]
    return bool(before) and (before[-1] in "一二两三四五六七八九十百各全多诸" or
                             (before[-1] == "、" and len(before) == 2 and before[0] in "省市区县镇乡"))


def _adjacent_chain(text: str, end: int, sfx_start: int) -> bool:
    """Text between an earlier name and this suffix that continues that name (全国总工会|基层|工作部)."""
    between = text[end:sfx_start]
    return (0 < len(between) <= 8 and all(is_name_char(c) for c in between)
            and not any(True for _ in left_stop_matcher().iter(between)))


def _inside_book_title(text: str, m: Mention) -> bool:
    """Organisations inside 《》 titles are part of the title, not named by the text."""
    left = text.rfind("《", max(0, m.start - 40), m.start + 1)
    return left >= 0 and "》" not in text[left:m.start] and "》" in text[m.end:m.end + 60]


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Names are flat: keep a mention unless a longer one contains it."""
    keep = []
    for m in mentions:
        if not any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
                   for o in mentions):
            keep.append(m)
    seen, out = set(), []
    for m in sorted(keep, key=lambda m: (m.start, -m.end)):
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out


@Language.factory("kg_organisations", default_config={"max_chars": 28})
def make_org_recognizer(nlp: Language, name: str, max_chars: int) -> OrgRecognizer:
    return OrgRecognizer(max_chars)
