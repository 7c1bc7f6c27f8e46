"""Recognise organisations by their endings and by a gazetteer of well-known institutions.

A suffix (有限公司, 总工会, 人大常委会, 大学, 创新工作室 …) fixes the end and the type; the start is the
hard part in unsegmented Chinese. The name runs left over name-like characters and stops at
punctuation, digits, an earlier mention, or the last verb/preposition that typically governs an
organisation (与, 推动, 联合 …, from `data/lexicons/org_left_stops.txt`). Short forms made of a bare
level word (省总工会, 市委) are resolved later against the story's home region.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Mention
from ..resources import (
    OrgSuffix,
    generic_org_words,
    given_name_counts,
    institutions,
    lexicon,
    long_posts,
    long_roles,
    org_shapes,
    org_suffixes,
    roles,
    surnames,
)
from ..spans import ByEnd, Covered, Placed, Spans
from ..vocabulary import longest_first
from .charmatch import CharMatcher
from .doc_state import ORG_TYPES, DocState, state, word_boundaries
from .honours import kind_matcher
from .regions import is_region_chain, leading_regions

NAME_PUNCT = "()（）·"
MEASURE_AFTER_DIGITS = frozenset("年月日号届名个家人位项次批期岁天元万亿%支")
NATIONAL = ("中国", "国家", "中央", "全国")
STATE_PREFIXES = ("中华人民共和国", "国家")
LEADER_AFTER = re.compile(r"(?:领衔人|带头人|负责人|领办人)")
LEADER_BEFORE = re.compile(r"(?:由|以)[\u4e00-\u9fff]{2,4}(?:领衔|牵头|带头|领办|负责)的?[\u4e00-\u9fff]*$")
TOWN_LEVELS = ("镇", "乡", "街道")
EDITION = re.compile(r"第[一二三四五六七八九十百零〇\d]+[届次批期轮]|首[届批]|(?:19|20)\d{2}\s*年度?")
UNIT_MAX = 16
END_FUNCTION_CHARS = frozenset("的和与及等在")  # after an organisation's name, never part of it


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
def continuation_matcher() -> CharMatcher[str]:
    return CharMatcher((w, w) for w in lexicon("suffix_continuations"))


@cache
def zone_matcher() -> CharMatcher[str]:
    """经开区, 高新区, 保税区: development zones, named like districts; a stop word inside one (经) stops nothing."""
    return CharMatcher((w, w) for w in lexicon("development_zones"))


@cache
def left_stop_matcher() -> CharMatcher[str]:
    return CharMatcher((w, w) for w in lexicon("org_left_stops"))


def is_name_char(c: str) -> bool:
    return ("\u4e00" <= c <= "\u9fff") or c.isascii() and c.isalpha() or c in NAME_PUNCT


class OrgRecognizer:
    """Pipeline component: organisation mentions typed by suffix."""

    def __init__(self, max_chars: int = 28):
        self.max_chars = max_chars
        self._words: Container[int] | None = None
        self._regions_for: DocState | None = None
        self._regions: Spans[Placed] = Spans()
        self.generic = generic_org_words()
        self.levels = lexicon("level_chars")
        self.generic_and_levels = tuple(sorted(self.generic | self.levels, key=longest_first))
        self.generic_words = tuple(sorted(self.generic, key=longest_first))
        self.not_org_words = lexicon("not_org_words")
        self._not_org_by_length: dict[int, tuple[str, ...]] = {}
        self.weak_stops = lexicon("org_weak_stops")

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        text = st.text or doc.text
        found: ByEnd[Mention] = ByEnd()
        for s, e, key, (typ, canonical) in institution_matcher().longest(text):
            if text[e:e + 1] == "门":  # 人社部门: a kind of office, not the ministry
                continue
            if _department_of_another(text, s, key):
                continue
            state_prefix = next((p for p in STATE_PREFIXES if typ == "GovernmentBody" and text.endswith(p, 0, s)), "")
            s -= len(state_prefix)  # 国家人力资源和社会保障部, 中华人民共和国教育部: the ministry, written in full
            found.append(Mention(s, e, text[s:e], typ, canonical if canonical != text[s:e] else None, source="gazetteer"))
        found += _publications(text)
        found += _media(text, found)
        found += _shaped(text, found)
        by_end = suffix_matcher().ending_at(text)
        words = self._words = word_boundaries(doc)
        studios: list[tuple[int, int, OrgSuffix]] = []
        open_ends: list[tuple[int, int]] = []  # suffixes that may end a name: questions unless one is found
        for end in sorted(by_end):
            for start_sfx, _key, sfx in by_end[end]:  # longest suffix ending here first
                if sfx.type == "Studio":
                    if words is None or _plainly_ends(text, end) or end in words:
                        studios.append((start_sfx, end, sfx))
                    break
                if words is None and (_breaks_a_word(text, start_sfx, end) or self._continued(text, end)):
                    continue  # 实验小学校|长, 副局|长, 决策部|署: the suffix's last characters begin a word
                m = self._name_ending_at(text, start_sfx, end, sfx, st, found)
                if m and (words is None or _plainly_ends(text, end) or end in words):  # the segmenter may read a word across
                    found.append(m)  # this end (决策部|署, 科|技); asked only once a name stands before it
                if _open_question(text, start_sfx, sfx):
                    open_ends.append((start_sfx, end))
                break
        studio_mentions = self._studios(text, studios, found, st)
        found += [m for m in studio_mentions if m.type == "Studio"]
        found = [_league_committee(text, m) for m in found if not _names_an_allowance(text, m) and balanced(m.text)]
        found += _committee_departments(text, found)
        st.mentions += [m for m in _outermost(found) if m.source == "publication" or not _inside_book_title(text, m)]
        st.mentions += [m for m in studio_mentions if m.type == "Person"]  # a studio's leader
        covered = {i for m in st.mentions if m.type in ORG_TYPES for i in range(m.start, m.end)}
        st.questions += [(s - QUESTION_NAME_CHARS, s, e + 2) for s, e in open_ends if e - 1 not in covered]
        return doc

    def _studio_start(self, text: str, k_start: int, found: ByEnd[Mention]) -> int | None:
        """Where a studio not named after a person begins: after the verb or 的 before it, at least
        two characters of name (临江电力|技能大师工作室)."""
        edge = self._left_edge(text, k_start, found)
        de = text.rfind("的", edge, k_start)
        start = de + 1 if de >= 0 else edge
        stops = [edge + e for _s, e, _w, _v in left_stop_matcher().iter(text[edge:k_start])]
        start = max([start] + stops)
        name = text[start:k_start]
        if k_start - start < 2 or is_region_chain(name) or re.fullmatch(r"(?:国家|全国|中央|[省市区县])级?|.{0,4}级", name):
            return None  # 国家技能大师工作室带头人: a designation held, not a studio's name
        return start

    def _studios(self, text: str, kinds: list[tuple[int, int, OrgSuffix]], found: ByEnd[Mention],
                 st) -> list[Mention]:
        """陈某某劳模创新工作室: a studio is named after the person who leads it. 邓某、张某技能大师工作室
        names one studio each; a company written before the name (某公司陈某某创新工作室) is its own
        organisation and the longer form an alias; with no person's name there is no studio
        (学习交流劳模工作室, 省级劳模工作室 is a designation)."""
        out: list[Mention] = []
        inside_org = {i for m in found for i in range(m.start, m.end)}
        org_ends = {m.end for m in found}
        for k_start, end, _sfx in kinds:
            kind = text[k_start:end]
            names = []
            pos = k_start
            while True:
                name = _person_before(text, pos, inside_org)
                if name is None or not _starts_a_word(text, name[0], org_ends, self._words):
                    break
                names.append(name)
                if name[0] == 0 or text[name[0] - 1] != "、":
                    break
                pos = name[0] - 1
            if not names and (LEADER_AFTER.match(text, end) or LEADER_BEFORE.search(text[max(0, k_start - 24):k_start])):
                start = self._studio_start(text, k_start, found)
                if start is not None:  # 某某班组创新工作室负责人韩某, 由邵某领衔的某某技能大师工作室
                    out.append(Mention(start, end, text[start:end], "Studio"))
                continue
            for n, (s, e) in enumerate(names):
                canonical = text[s:e] + kind
                out.append(Mention(s, end if n == 0 else e, text[s:end] if n == 0 else text[s:e], "Studio",
                                   canonical if n else None))
                out.append(Mention(s, e, text[s:e], "Person", source="studio"))
                owner = next((m for m in found.ending_at(s) if m.type != "Studio"), None)
                if owner is not None and n == 0:
                    st.alias_of.setdefault(canonical, set()).add(owner.text + canonical)
        return out

    def _not_org_words_over(self, length: int) -> tuple[str, ...]:
        """The not-organisation words longer than a suffix (决策部署 ends in 部 but is no 部)."""
        if length not in self._not_org_by_length:
            self._not_org_by_length[length] = tuple(w for w in self.not_org_words if len(w) > length)
        return self._not_org_by_length[length]

    def _name_ending_at(self, text: str, sfx_start: int, end: int, sfx: OrgSuffix, st,
                        found: ByEnd[Mention]) -> Mention | None:
        if text.endswith(self._not_org_words_over(len(sfx.suffix)), 0, end):
            return None
        if sfx.suffix[:-1] in lexicon("province_departments") and sfx.suffix.endswith("厅") \
                and (sfx_start == 0 or not is_name_char(text[sfx_start - 1])):
            return Mention(sfx_start, end, sfx.suffix, "GovernmentBody")  # 、工信厅、: the province's (kg_entities)
        parent = None if sfx.type == "Studio" else _parent(text, sfx_start, found)
        if parent is not None and (sfx.unit not in ("dept", "part") or parent.end < sfx_start):
            return self._chained(text, parent, end, sfx)
        edge = _after_honour(text, _after_editions(text, self._left_edge(text, sfx_start, found), sfx_start), sfx_start)
        start = self._anchor(text, edge, sfx_start, sfx, st)
        if start is not None and text[start:start + 1] in MEASURE_AFTER_DIGITS and text[start - 1:start].isdigit():
            return None  # 12支劳模工匠服务队: a count of teams, not one named body
        if start is None or sfx.unit == "part":
            return None  # 研发中心, 动车检修车间: a department names nothing without its organisation
        name_part = text[start:sfx_start]
        if not self._is_name(name_part, sfx):
            return None
        if sfx.suffix in lexicon("region_only_places") and is_region_chain(name_part):
            return None  # 铁力市中心: the city's centre, a place
        if sfx.type == "Studio" and is_region_chain(name_part):
            return None  # 河源市劳模和工匠人才工作室: a designation conferred by a region, not a studio
        return Mention(start, end, text[start:end], self._type(text[start:end], sfx))

    def _chained(self, text: str, parent: Mention, end: int, sfx: OrgSuffix) -> Mention:
        """某公司 + 某车间, 国务院 + 国有资产监督管理委员会, 某集团 + 第四建筑工程有限公司: one name.

        A department takes its organisation's type and remembers where the employer ends (the unit
        goes into a post: 某局集团有限公司|某机务段司机); a branch or an organisation of its own is the
        employer itself."""
        name = text[parent.start:end]
        if sfx.unit in ("dept", "part"):
            typ, head = parent.type, parent.head_end or parent.end
        elif sfx.unit == "branch":
            typ, head = parent.type if parent.type != "UnionBody" else sfx.type, None
        else:
            typ, head = self._type(name, sfx), None
        return Mention(parent.start, end, name, typ, head_end=head)

    def _left_edge(self, text: str, sfx_start: int, found: ByEnd[Mention]) -> int:
        """Leftmost start over name characters, not crossing punctuation or an earlier name."""
        i, depth = sfx_start, 0
        lo = max(0, sfx_start - self.max_chars)
        for m in found.ending_in(lo + 1, sfx_start):  # a name never runs over an earlier one (a unit after
            lo = max(lo, m.end)  # it is a chain: _parent)
        while i > lo:
            c = text[i - 1]
            if c in ")）":
                depth += 1
            elif c in "(（":
                if depth == 0:
                    break
                depth -= 1
            elif c.isdigit():
                k = i - 1
                while k > lo and text[k - 1].isdigit():
                    k -= 1
                if k == lo or not is_name_char(text[k - 1]) or text[i] in MEASURE_AFTER_DIGITS:
                    break  # 2019年, 30名: a number before the name, not inside it (航天8359厂)
                i = k
                continue
            elif c in "-－" and i - 2 >= lo and is_name_char(text[i - 2]) and is_name_char(text[i]):
                pass  # 一汽-大众: a hyphen between two names' characters joins one name
            elif not is_name_char(c):
                break
            i -= 1
        return sfx_start if depth else i

    def _regions_of(self, st: DocState) -> Spans[Placed]:
        """The story's region mentions by position, made once per document."""
        if self._regions_for is not st:
            self._regions_for, self._regions = st, Spans(Placed(s, e) for s, e, _r in st.regions)
        return self._regions

    def _anchor(self, text: str, edge: int, sfx_start: int, sfx: OrgSuffix, st) -> int | None:
        """Where the name starts: after the last governing word, or at a region for region-anchored kinds."""
        regions = self._regions_of(st)
        in_region = [(r.start, r.end) for r in regions.within(edge, sfx_start)]
        if sfx.min_name == 0:  # 韶关市委: the region may end inside the suffix (韶关市 + 市委)
            in_region += [(r.start, r.end) for r in regions.ending_in(sfx_start + 1, sfx_start + 1) if edge <= r.start]
        region_led = sfx.type == "Company" and any(rs == edge for rs, _re in in_region)
        zones = [(edge + s, edge + e) for s, e, _w, _v in zone_matcher().iter(text[edge:sfx_start])]
        stops = [edge + e for s, e, w, _v in left_stop_matcher().iter(text[edge:sfx_start])
                 if not any(rs <= edge + s < re_ for rs, re_ in in_region + zones)
                 and not (region_led and (len(w) == 1 or w in self.weak_stops))]
        start = self._after_last_stop(text, edge, sfx_start, sfx, stops)
        if sfx.min_name == 0:
            return self._region_chain_start(sfx_start, in_region)
        if sfx.anchor == "-":
            return start
        part = text[start:sfx_start]
        if part.startswith(NATIONAL) and len(part) > 2:
            return start  # 中国铁路某局, 国家邮政局: a national body, whatever region follows (中国工会 is none)
        regions_after = [s for s, _e in in_region if s >= start]
        if regions_after:
            return min(regions_after)
        if any(zs >= start and ze == sfx_start for zs, ze in zones):
            return start  # 经开区总工会, 某某高新区管委会: a development zone's body
        if (part in self.levels or (part and part[-1] in self.levels and len(part) == 1)) \
                and not _plural_level(text, start):
            return start
        if part[:1] in self.levels and (start == 0 or not is_name_char(text[start - 1])) \
                and not _plural_level(text, start):
            return start  # 市公安局, 省经信厅: a short form that begins with the level word
        national = next((start + i for i in range(len(part) - 2) if part.startswith(NATIONAL, i)), None)
        if national is not None:
            return national  # 国家邮政局, 中国地质调查局: a national body
        level_at = next((sfx_start - len(lv) for lv in self.levels if text[:sfx_start].endswith(lv)), None)
        if level_at is not None and sfx.min_name <= 1 and not _plural_level(text, level_at):
            town = re.search(r"[\u4e00-\u9fff]{2}$", text[start:level_at])
            if town and text[level_at:sfx_start] in TOWN_LEVELS:
                return town.start() + start  # 乐平镇总工会: a town the gazetteer does not list
            return level_at
        if sfx.anchor == "name" and part and (part[0] in surnames() or re.search(r"\d{2,}", part)) and len(part) >= 2:
            return start  # a surname or a number opens it: 航天8359厂
        return None

    def _continued(self, text: str, end: int) -> bool:
        window = text[max(0, end - 4):end + 4]
        lo = max(0, end - 4)
        return any(lo + s < end < lo + e for s, e, _w, _v in continuation_matcher().iter(window))

    def _after_last_stop(self, text: str, edge: int, sfx_start: int, sfx: OrgSuffix, stops: list[int]) -> int:
        """After the last governing word before the name; where what follows it is no name on its
        own and the word is one that names hold (金|都|公司, 第五|建设|有限公司), the name runs over it."""
        ends = sorted(stops)
        weak = {edge + e: w for s, e, w, _v in left_stop_matcher().iter(text[edge:sfx_start]) if w in self.weak_stops}
        while ends and not self._is_name(text[ends[-1]:sfx_start], sfx) and ends[-1] in weak:
            before = ends[-1] - len(weak[ends[-1]])
            if suffix_matcher().ending_at(text[max(0, before - 8):before]).get(min(8, before)):
                break  # 企业工会|和|公司: two names joined, not one
            ends.pop()
        return ends[-1] if ends else edge

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
        if re.fullmatch(r"第?[一二三四五六七八九十百\d]+", core):
            return False  # 第四分公司: which one, not a name
        if len(core) < sfx.min_name and core not in self.levels:
            return False
        rest = core
        for word in self.generic_and_levels:
            rest = rest.replace(word, "")
        if not rest:
            # only generic words: 基层工会, 该公司. A bare level word (省总工会) is a short form.
            return core in self.levels and sfx.min_name <= 1
        without_generic = core
        for word in self.generic_words:
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


@cache
def shape_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), t) for p, t in org_shapes())


def _shaped(text: str, found: list[Mention]) -> list[Mention]:
    """中铁九局, 中交五航局: names known by their whole shape (data/org_shapes.tsv)."""
    taken = Covered(len(text), found)
    out = []
    for pattern, typ in shape_patterns():
        for m in pattern.finditer(text):
            if not taken.any(m.start(), m.end()):
                out.append(Mention(m.start(), m.end(), m.group(0), typ, source="shape"))
    return out


MEDIA_TAIL = r"(?:日报|晚报|早报|晨报|商报|周报|周末|时报|报|网|台|社|在线|客户端|杂志|周刊|新闻)"
MEDIA = re.compile(
    r"(?:(?:稿件)?来源|转自|原载|摘自|出处)\s*[:：|｜]\s*《?([\u4e00-\u9fffA-Za-z]{1,10}?" + MEDIA_TAIL + r")》?"
    r"(?=$|[\s,，。;；)）|｜\-—]|记者|作者|\d)"
    r"|[（(]([\u4e00-\u9fff]{1,8}" + MEDIA_TAIL + r")[)）]\s*$"
    r"|(?:^|[\s，,。；;|｜:：·(（])([\u4e00-\u9fff]{1,8}" + MEDIA_TAIL + r")"
    r"(?=(?:全媒体)?(?:记者|\d{0,2}月?\d{0,2}日?讯|报道|消息|·))",
    re.M,
)


def _media(text: str, found: list[Mention]) -> list[Mention]:
    """来源：某某日报, （某某晚报）at the end of a paragraph, 某某网记者, 某某日报讯: a news outlet named
    where the text credits its source."""
    taken = Covered(len(text), found)
    out = []
    for m in MEDIA.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i))
        s, e = m.span(g)
        name = m.group(g)
        if name.startswith(("本", "该", "据")) or taken.any(s, e):
            continue
        out.append(Mention(s, e, name, "OtherOrganization", source="media"))
        taken.take(s, e)
    return out


def _plural_level(text: str, level_at: int) -> bool:
    """九市总工会, 各市, 市、县、区总工会, 直辖市总工会: no one body of the story's region."""
    if any(text.startswith(w, level_at + 1 - len(w)) for w in lexicon("not_level_words")):
        return True
    before = text[max(0, level_at - 2):level_at]
    return bool(before) and (before[-1] in "一二两三四五六七八九十百各全多诸" or
                             (before[-1] == "、" and len(before) == 2 and before[0] in "省市区县镇乡"))


def _person_before(text: str, end: int, taken: set[int]) -> tuple[int, int] | None:
    """The person's name that ends at `end` (a studio's leader): a surname and one or two given
    characters, outside any organisation's name, preferring three characters when all are name-like."""
    from .persons import FUNCTION_AFTER, name_like  # the name statistics live with the person recogniser

    for size in (3, 2, 4):
        s = end - size
        if s < 0 or any(i in taken for i in range(s, end)):
            continue
        name = text[s:end]
        if not all("\u4e00" <= c <= "\u9fff" for c in name):
            continue
        sur = name[:2] if len(name) > 2 and name[:2] in surnames() else name[:1]
        if sur not in surnames() or not 1 <= len(name) - len(sur) <= 2 or leading_regions(name)[0]:
            continue
        given = name[len(sur):]
        rare = surnames().get(sur, 9999) > 300
        if len(given) == 1 or rare:
            if name_like(given, strict=False):
                return s, end
        elif any(given_name_counts().get(c, 0) >= 3 for c in given) and not any(c in FUNCTION_AFTER for c in given):
            return s, end  # the studio vouches for the name: one name-like character is enough
    return None


@cache
def _words_before_names() -> tuple[str, ...]:
    """Titles and honours a studio leader's name follows: 全国劳动模范苏某某劳模工作室."""
    from ..resources import honour_taxonomy

    words = {k["kind"] for k in honour_taxonomy()["kinds"]} | {a for k in honour_taxonomy()["kinds"] for a in k["aliases"]}
    return tuple(words | {w for w in roles() if len(w) >= 2})


def _starts_a_word(text: str, s: int, org_ends: set[int], words: Container[int] | None) -> bool:
    """学习交流劳模工作室 is no 习某某's studio: a name starts after punctuation, an organisation, a
    title, or where the segmenter starts a word."""
    if s == 0 or not "\u4e00" <= text[s - 1] <= "\u9fff" or text[s - 1] in "、和及与" or s in org_ends:
        return True
    if words is not None:
        return s in words
    return text.endswith(_words_before_names(), 0, s)


QUESTION_NAME_CHARS = 16  # how far left of an unexplained suffix the model reads for a name


def _open_question(text: str, start_sfx: int, sfx: OrgSuffix) -> bool:
    """A suffix that may end a name the rules did not find: the statistical model is asked there
    (kg_statistical_ner). Departments, unions and studios are the rules' alone; a name needs two
    name characters before its suffix, unless the suffix is a body's short name itself (人社局, 科技厅)."""
    return sfx.unit not in ("part", "dept") and sfx.type not in ("Studio", "UnionBody") and (
        len(sfx.suffix) >= 3 or start_sfx >= 2 and all(is_name_char(c) for c in text[start_sfx - 2:start_sfx]))


def _department_of_another(text: str, s: int, name: str) -> bool:
    """公司人事部, 集团商务部: a short ministry's name written onto another name is that body's
    department (国家人事部, 中华人民共和国商务部, 被中宣部 and 人事部、… are the ministry)."""
    if not (len(name) <= 4 and name.endswith("部") and s > 0 and is_name_char(text[s - 1])):
        return False
    if text.endswith(NATIONAL + ("中华人民共和国",), 0, s):
        return False
    before = text[max(0, s - 6):s]
    return not any(e == len(before) for _s, e, _w, _v in left_stop_matcher().iter(before))  # 被中宣部


def _after_editions(text: str, edge: int, sfx_start: int) -> int:
    """第三届中国某某有限公司: an edition before a name is not part of it."""
    ends = [m.end() for m in EDITION.finditer(text, edge, sfx_start)]
    return ends[-1] if ends else edge


def _parent(text: str, sfx_start: int, found: ByEnd[Mention]) -> Mention | None:
    """The organisation a unit hangs from: the nearest one ending before the suffix, with only a
    unit's own name between (某公司|保洁二|组, 某局|西城|分局), no punctuation, verb or post."""
    best = None
    for m in found.ending_in(sfx_start - UNIT_MAX, sfx_start):
        if m.type != "Studio" and m.source != "publication" and (best is None or m.end > best.end or
                                                                 (m.end == best.end and m.start < best.start)):
            best = m
    if best is None:
        return None
    between = text[best.end:sfx_start]
    if between.count("(") + between.count("（") != between.count(")") + between.count("）"):
        return None  # 某学院(另一个学院: a name in brackets is another name, not a unit
    joined = re.fullmatch(r"([\u4e00-\u9fff]{2,6})[与和]([\u4e00-\u9fff]{2,6})", between)
    if joined and not leading_regions(joined.group(2))[0] and best.type in ("EducationInstitution", "GovernmentBody"):
        return best  # 某大学|政治与公共管理|学院: a unit named by two fields
    # a unit's own name may hold a word like 建设 (某集团|路桥华东建设|有限责任公司), never a conjunction
    stops = [w for _s, _e, w, _v in left_stop_matcher().iter(between) if len(w) == 1 or w not in lexicon("org_weak_stops")]
    if not all(is_name_char(c) or c.isdigit() for c in between) or stops or EDITION.search(between):
        return None  # 某总工会第十五届委员会: a term of office, not a unit
    if re.search(r"[一二两三四五六七八九十百\d][家个名位项批所]", between):
        return None  # 某局|四家单位|组: a count, not a unit's name
    if any(True for _ in post_matcher().iter(between)):
        return None
    return best


@cache
def post_matcher() -> CharMatcher[str]:
    return CharMatcher((w, w) for w in long_posts())


def _plainly_ends(text: str, end: int) -> bool:
    """A post, an award verb, another organisation ending or a function word right after the name
    (某公司|总经理, 某局|的, 某集团|有限公司): the segmenter cut there at every such end of the dev, seeds and
    fresh texts, so it need not be asked (segmenting is a fifth of the run with the models)."""
    return text[end:end + 1] in END_FUNCTION_CHARS or text.startswith(_plain_followers(), end)


@cache
def _plain_followers() -> tuple[str, ...]:
    """Posts, award verbs and organisation endings (某集团|有限公司: the longer name is found too)."""
    words = set(long_roles()) | set(lexicon("award_triggers")) | {s.suffix for s in org_suffixes() if len(s.suffix) >= 2}
    return tuple(sorted(words, key=longest_first))


def _breaks_a_word(text: str, sfx_start: int, end: int) -> bool:
    """A post that takes the suffix's last characters: 小学校|长 (校长), 副局|长 (局长), 车间工段|长.
    A post that merely begins with the organisation's own word (总工会|主席 → 工会主席) breaks nothing."""
    lo = max(0, sfx_start - 3)
    for s, e, _w, _v in post_matcher().iter(text[lo:end + 5]):
        s, e = lo + s, lo + e
        after = text[e:e + 1]
        name_or_end = not after or not is_name_char(after) or after in surnames()  # 局长尹某, 公司|长途
        if s < end < e and text[end:e] not in roles() and name_or_end:
            return True
    return False


COMMITTEE_DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{2}部(?=长|(?:常务)?副部长)")


def _committee_departments(text: str, found: list[Mention]) -> list[Mention]:
    """省委宣传部长, 市委组织部副部长: the committee's department, written into its head's post (the post is
    部长: kg.extract.facts gives the shared 部 back to it)."""
    out = []
    for m in found:
        d = COMMITTEE_DEPARTMENT.match(text, m.end) if m.type == "GovernmentBody" and m.text.endswith("委") else None
        if d is not None:
            out.append(Mention(m.start, d.end(), text[m.start:d.end()], "GovernmentBody", source=m.source))
    return out


def _after_honour(text: str, edge: int, sfx_start: int) -> int:
    """全国三八红旗集体某公司工艺设计室 (a list line: the honour, then its holder): a name starts after an
    honour written before it, where a name of two or more characters is left (某市劳动模范协会 keeps its
    kind: nothing follows it)."""
    ends = [edge + e for _s, e, key, kind in kind_matcher().iter(text[edge:sfx_start])
            if kind.is_kind and len(key) >= 4 and sfx_start - (edge + e) >= 2]
    return max(ends, default=edge)


def balanced(name: str) -> bool:
    """Brackets in a name close where they open (某某(集团)有限公司); 一区（集团 is a piece of a phrase."""
    depth = 0
    for c in name:
        depth += c in "(（"
        depth -= c in ")）"
        if depth < 0:
            return False
    return depth == 0


def _names_an_allowance(text: str, m: Mention) -> bool:
    """享受国务院(政府)特殊津贴: the name of an allowance, not the State Council as a party to the story."""
    return text.startswith(("特殊津贴", "政府特殊津贴"), m.end)


@cache
def _league_prefixes() -> tuple[str, ...]:
    return tuple(sorted(lexicon("league_prefixes"), key=longest_first))


def _league_committee(text: str, m: Mention) -> Mention:
    """共青团广东省委: the Youth League's committee of the province, not the Party's (GUIDELINES: 共青团 is
    OtherOrganization)."""
    lead = next((w for w in _league_prefixes() if text.endswith(w, 0, m.start)), None)
    if lead is None or m.type != "GovernmentBody" or not m.text.endswith("委"):
        return m
    start = m.start - len(lead)
    return Mention(start, m.end, text[start:m.end], "OtherOrganization", source=m.source)


def _inside_book_title(text: str, m: Mention) -> bool:
    """Organisations inside 《》 titles are part of the title, not named by the text."""
    left = text.rfind("《", max(0, m.start - 40), m.start + 1)
    return left >= 0 and "》" not in text[left:m.start] and "》" in text[m.end:m.end + 60]


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Names are flat: keep a mention unless a longer one contains it."""
    spans = Spans(mentions)
    keep = [m for m in mentions
            if not any((o.end - o.start) > (m.end - m.start) for o in spans.containing(m.start, m.end))]
    seen, out = set(), []
    for m in sorted(keep, key=lambda m: (m.start, -m.end)):
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out


@Language.factory("kg_organisations", default_config={"max_chars": 28})
def make_org_recognizer(nlp: Language, name: str, max_chars: int) -> OrgRecognizer:
    return OrgRecognizer(max_chars)
