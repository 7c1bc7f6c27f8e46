"""Recognise honours by their shape, not only by a list.

An honour name is [conferrer][edition][body]HEAD:

- HEAD is a kind of honour (劳动模范, 五一劳动奖章, 工人先锋号 …) or a word that closes honour names
  (奖章, 标兵, 能手, 大师, 状元, 之星 …), or a qualifier and a kind of person (优秀 + 教师, 最美 + 快递员);
- the conferrer fixes where the name starts: a level word (全国, 省, 全省, 中央企业), a region
  (江苏省, 南粤, 首都), or an organisation (中国华电集团公司技术能手, 某省医师协会优秀基层医师);
- an edition (第十三届, 首届, 2021年度) belongs to the mention but not to the canonical name.

A name with no conferrer is an honour when it is one on its own (五一劳动奖章, 中华技能大奖), or when it
stands in quotes that a verb (荣获, 被评为), a count (10名), 称号 or a run of other honours vouches for.
Short levels take the story's region (省五一劳动奖章 → 广东省五一劳动奖章); enumerations name one honour
per level (全国和省五一劳动奖章). What is not an honour (培育对象, 羊城工匠杯, 劳模精神) is data too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Mention
from ..resources import honour_taxonomy, lexicon, long_posts, region_nicknames, regions, roles
from ..spans import Covered, Spans
from ..vocabulary import longest_first
from .charmatch import CharMatcher
from .doc_state import ORG_TYPES, DocState, Home, state

QUOTES_OPEN = "“\"「『‘"
QUOTES_CLOSE = "”\"」』’"
ENUM_SEP = "、和及与"
BODY_STOPS = frozenset("的了在是为获被把和及与等将对向从由让给并也都还又就我他她其各名位个家这那该此之或共首籍")
# inside a name framed by a verb and 称号, only words that never sit in a name stop it (大都, 首都 may)
FRAMED_STOPS = frozenset("的了在是为获被把和及与等将对向从由让给并我他她其这那该此或")
MAX_BODY = 10
MAX_QUOTED = 24
QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", '"': '"'}
QUOTE_OPEN = re.compile('[“「『"]')
MAX_ORG_CHARS = 64  # no organisation name (with its parent chain) is longer
WHOLE_REGION = ("全省", "全市", "全区", "全县")
LEVEL_COUNT = re.compile(r"^[两二三四五]级")


@dataclass(frozen=True)
class Kind:
    surface: str
    canonical: str
    bare: bool  # an honour on its own, with no conferrer (五一劳动奖章, 中华技能大奖)
    designation: bool  # conferred on studios: needs 命名为/评为 before it
    is_kind: bool  # a kind of the taxonomy (a head word such as 之星 is not)


@cache
def kind_matcher() -> CharMatcher[Kind]:
    tax = honour_taxonomy()
    entries = []
    for k in tax["kinds"]:
        kind = Kind(k["kind"], k["kind"], k.get("bare", False), k.get("designation", False), True)
        entries.append((k["kind"], kind))
        entries += [(a, Kind(a, k["kind"], kind.bare, kind.designation, True)) for a in k.get("aliases", [])]
    entries += [(h, Kind(h, h, False, False, False)) for h in tax["heads"]]
    for n in tax["named"]:
        entries.append((n["name"], Kind(n["name"], n["name"], True, False, True)))
        entries += [(a, Kind(a, n["name"], True, False, True)) for a in n.get("aliases", [])]
    return CharMatcher(_longest_first(entries))


def _longest_first(entries: list[tuple[str, Kind]]) -> list[tuple[str, Kind]]:
    """One value per surface: a named honour or kind wins over a head word of the same spelling."""
    out: dict[str, Kind] = {}
    for surface, kind in entries:
        if surface not in out or (kind.is_kind and not out[surface].is_kind) or kind.bare:
            out[surface] = kind
    return sorted(out.items())


@cache
def edition_pattern() -> str:
    return honour_taxonomy()["edition_pattern"]


@cache
def edition_at_end() -> re.Pattern[str]:
    return re.compile(f"(?:{edition_pattern()})$")


@cache
def editions() -> re.Pattern[str]:
    return re.compile(edition_pattern())


@cache
def conferrer_words() -> tuple[str, ...]:
    """Level words and regions that can open an honour name, longest first."""
    tax = honour_taxonomy()
    words = {lv["prefix"] for lv in tax["levels"] if not lv.get("epithet")} | set(tax["level_words"])
    words |= {"全国" + ind for ind in tax["industries"]}
    words |= {ind + tail for ind in tax["industries"] for tail in ("行业", "系统")}  # 煤炭行业技能大师
    words |= set(regions().surface) | set(region_nicknames())
    return tuple(sorted(words, key=longest_first))


@cache
def conferrer_matcher() -> CharMatcher[str]:
    return CharMatcher((w, w) for w in conferrer_words())


def starts_with_conferrer(name: str) -> bool:
    """全国…, 广东省…, 南粤…: the name carries its own conferrer."""
    hits = conferrer_matcher().longest(name[:12])
    return bool(hits) and hits[0][0] == 0 and hits[0][2] not in regions().common_words


def strip_conferrers_at_end(text: str) -> str:
    """荣获全国和省 → 荣获: what is left before a run of level words and regions."""
    while True:
        ends = [s for s, e, w, _v in conferrer_matcher().iter(text[-12:]) if e == len(text[-12:])]
        if not ends:
            return text
        cut = len(text[-12:]) - min(ends)
        text = text[:-cut]
        text = text[:-1] if text and text[-1] in ENUM_SEP else text


@cache
def qualified_noun_pattern() -> re.Pattern[str]:
    """优秀教师, 最美快递员, 百名优秀工人: a qualifier, a few characters, a kind of person."""
    tax = honour_taxonomy()
    quals = "|".join(sorted(tax["qualifiers"], key=longest_first))
    nouns = "|".join(sorted(tax["qualified_nouns"] + tax["qualified_noun_endings"], key=longest_first))
    middle = "[^" + "".join(sorted(BODY_STOPS)) + "\\W\\d]"
    after = "(?=$|[^\\u4e00-\\u9fff]|称号|荣誉|称谓|获得者|等|和|及|与)"
    return re.compile(f"(?:{quals}){middle}{{0,6}}?(?:{nouns}){after}")


@cache
def extending_heads() -> frozenset[str]:
    return frozenset(honour_taxonomy()["extending_heads"])


@cache
def body_stop_words() -> re.Pattern[str]:
    """Words no name body holds, as one pattern (searched in every candidate body)."""
    return re.compile("|".join(map(re.escape, sorted(honour_taxonomy()["body_stop_words"], key=longest_first))))


@cache
def quoted_heads() -> tuple[str, ...]:
    return tuple(honour_taxonomy()["quoted_heads"])


def _kind_of(canonical: str) -> str:
    """The kind a canonical honour name ends with (全国劳动模范 → 劳动模范)."""
    kinds = sorted((k["kind"] for k in honour_taxonomy()["kinds"]), key=longest_first)
    return next((k for k in kinds if canonical.endswith(k)), "")


def strip_editions(name: str) -> str:
    """河北省第七届能工巧匠 → 河北省能工巧匠: an edition is when, not what."""
    return editions().sub("", name)


class HonourRecognizer:
    """Pipeline component: Honour mentions with canonical, level-complete names."""

    def __init__(self, max_level_chars: int = 24):
        self.max_level_chars = max_level_chars
        tax = honour_taxonomy()
        self.not_after = tuple(sorted(tax["not_after"], key=longest_first))
        self.not_before = tuple(tax["not_before"])
        self.not_inside = tuple(tax.get("not_inside", ()))
        self.title_words = tuple(tax["honour_words_after_quote"])
        self.categories = {lv["prefix"] for lv in tax["levels"] if lv.get("category")}
        self.level_words: dict[str, str] = tax["level_words"]
        self.level_words_first = tuple(sorted(self.level_words, key=longest_first))
        self.triggers = tuple(sorted(lexicon("award_triggers"), key=longest_first))

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        text = st.text or doc.text
        self._anchors_for = None
        found = self._quoted(text, st)
        found += self._propagated(text, found)
        taken = [(m.start, m.end) for m in found]
        found += [m for m in self._headed(text, st) if not any(s < m.end and m.start < e for s, e in taken)]
        found = _outermost(found)
        found += self._propagated(text, found)
        st.mentions += found
        return doc

    # -- unquoted names: conferrer + body + head -----------------------------------------------
    def _headed(self, text: str, st: DocState) -> list[Mention]:
        orgs = {m.end: m for m in st.mentions if m.type in ORG_TYPES and m.type != "Studio"}
        matches = kind_matcher().longest(text)
        out: list[Mention] = []
        k = 0
        while k < len(matches):
            start, end, _key, kind = matches[k]
            # adjacent heads extend the name: 青年岗位能手 + 标兵, 三八红旗手 + 标兵
            while k + 1 < len(matches) and matches[k + 1][0] == end and matches[k + 1][2] in extending_heads():
                end, kind = matches[k + 1][1], _extended(kind, text[start:matches[k + 1][1]], matches[k + 1][3])
                k += 1
            found, prefixes = self._honours_with_prefixes(text, start, end, kind, st.home, orgs)
            coordinated = self._coordinated_kinds(text, end, prefixes, matches[k + 1:k + 4])
            out += found + coordinated
            k += 1 + len({(m.start, m.end) for m in coordinated})
        out += self._qualified(text, st, orgs)
        return out

    def honours_at(self, text: str, start: int, end: int, kind: Kind, home: Home,
                   orgs: dict[int, Mention] | None = None) -> list[Mention]:
        return self._honours_with_prefixes(text, start, end, kind, home, orgs or {})[0]

    def _honours_with_prefixes(self, text: str, start: int, end: int, kind: Kind, home: Home,
                               orgs: dict[int, Mention]) -> tuple[list[Mention], list[str]]:
        """The honours named by the kind at [start, end), with the canonical prefixes they share."""
        if self._negated(text, start, end):
            return [], []
        prefix = self._conferrer(text, start, home, orgs, kind)
        if prefix is None:
            framed = self._framed(text, start, end)
            if framed is not None and kind.is_kind and not kind.designation:
                name = self._expand(strip_editions(text[framed:start]), home) + kind.canonical
                return [Mention(framed, end, text[framed:end], "Honour", name)], []
            if (kind.designation and not self._designated(text, start, end)) or not kind.bare:
                return [], []
            return [Mention(start, end, text[start:end], "Honour", kind.canonical)], []
        p_start, names, graded = prefix
        if kind.designation and not self._designated(text, p_start, end):
            return [], []
        if graded and not (self._designated(text, p_start, end) or self._vouched_after(text, end - 1)):
            return [], []  # 市级工匠802人, 省部级工匠: a grade of people, not a title conferred
        kinds = [kind.canonical] + self._parenthesised_kinds(text, end, kind)
        # an enumeration has no contiguous surface form per honour: each gets the whole span
        return [Mention(p_start, end, text[p_start:end], "Honour", name + k) for k in kinds for name in names], names

    def _conferrer(self, text: str, start: int, home: Home, orgs: dict[int, Mention],
                   kind: Kind | None = None) -> tuple[int, list[str], bool] | None:
        """Where the name starts, the canonical prefix(es) before its kind, and whether a grade word
        (省级, 市级) is among them; None without a conferrer: 全国 + 卫生计生系统 → (s, [全国卫生计生系统]);
        全国和省 → (s, [全国, 广东省])."""
        anchors = self._anchor_ends(text)
        reach = start - MAX_BODY - 8  # the orgs a name here could run over end after reach
        org_spans = [(orgs[e].start, e) for e in range(max(reach, 0), start + MAX_ORG_CHARS) if e in orgs]
        for j in range(start, max(0, start - MAX_BODY - 8) - 1, -1):
            body = text[j:start]
            if not self._valid_body(body) or any(a < start and j < b and b != j for a, b in org_spans):
                return None  # no name runs over another organisation's name
            if j in anchors:
                s, words = self._level_chain(text, j, anchors)
                if any(w in self.categories for w in words) or self._negated_before(text, s):
                    return None
                if words[0] in self.level_words and s > 0 and text[s - 1] in "我本该各外":
                    return None  # 我市劳模: the city's model workers, no title
                graded = any(w.endswith("级") for w in words)
                if kind is not None and kind.surface in roles() and any(w.endswith(("行业", "系统")) for w in words):
                    return None  # 某公司化工系统首席技师: a post in a trade, not a title
                s, words = self._trigger_led(text, s, words)
                body = LEVEL_COUNT.sub("", strip_editions(body))  # 全国、省、市三级劳动模范: how many levels
                return s, [self._expand(w, home) + body for w in words], graded
            org = orgs.get(j)
            if org is not None:
                # 某某集团公司技术能手 is a company's title; 某公司首席技师 is a post
                if kind is not None and (kind.surface in roles() or not kind.is_kind) or len(body) > 4:
                    return None
                return org.start, [self._expand(org.canonical or org.text, home) + strip_editions(body)], False
        return None

    def _anchor_ends(self, text: str) -> dict[int, tuple[int, str]]:
        """Level words and regions by where they end (the longest one ending there), for this text."""
        if getattr(self, "_anchors_for", None) != text:  # (doc.text is a new string at every read)
            common = regions().common_words
            ends: dict[int, tuple[int, str]] = {}
            for s, e, w, _v in conferrer_matcher().iter(text):
                if w in common:
                    continue
                if e not in ends or s < ends[e][0]:
                    ends[e] = (s, w)
            self._anchors_for, self._anchors = text, ends
        return self._anchors

    def _trigger_led(self, text: str, s: int, words: list[str]) -> tuple[int, list[str]]:
        """获开发建设新疆奖状: a region inside the name, which runs back to the verb before it."""
        if len(words) != 1 or s == 0 or not "\u4e00" <= text[s - 1] <= "\u9fff" or text[s - 1] in BODY_STOPS \
                or strip_editions(text[max(0, s - 12):s]).endswith(self.triggers):
            return s, words
        for t in range(s - 1, max(0, s - 7), -1):
            lead = text[t:s]
            if text[:t].endswith(self.triggers) and self._valid_body(lead) and len(strip_editions(lead)) >= 2 \
                    and not editions().match(lead):
                return t, [lead + words[0]]
            if text[t - 1:t] in BODY_STOPS or not text[t:s].strip():
                break
        return s, words

    @staticmethod
    def _level_chain(text: str, end: int, anchors: dict[int, tuple[int, str]]) -> tuple[int, list[str]]:
        """全国、省、市 / 全国和省: level words joined by 、/和 before one kind, each its own honour;
        regions written one after another (佛山市高明区) are one conferrer."""
        s, w = anchors[end]
        words = [w]
        while True:
            if s in anchors and anchors[s][0] < s:  # 佛山市 + 高明区
                s2, w2 = anchors[s]
                words[0] = w2 + words[0]
                s = s2
            elif s > 0 and text[s - 1] in ENUM_SEP and (s - 1) in anchors:
                s2, w2 = anchors[s - 1]
                if _industry(words[0]) or _industry(w2):
                    words[0] = w2 + text[s - 1] + words[0]  # 全国石油和化工行业: one conferrer
                else:
                    words.insert(0, w2)  # 全国和省: two levels, two honours
                s = s2
            else:
                return s, words

    def _framed(self, text: str, start: int, end: int) -> int | None:
        """荣获青川金牌工匠称号: an award verb before and 称号 after vouch for a name whose conferrer is no
        known region or level; where the name starts (right after the verb), or None."""
        if not text.startswith(("称号", "荣誉称号", "光荣称号"), end):
            return None
        for j in range(start - 1, max(0, start - MAX_BODY) - 1, -1):
            if text[j] in FRAMED_STOPS or not "\u4e00" <= text[j] <= "\u9fff":
                return None
            if text.endswith(self.triggers, 0, j):
                body = strip_editions(text[j:start])
                no_kind = not any(k.is_kind for _s, _e, _w, k in kind_matcher().iter(body))
                return j if len(body) >= 2 and no_kind and not body_stop_words().search(body) else None
        return None

    @staticmethod
    def _valid_body(body: str) -> bool:
        """What may stand between a conferrer and the kind: 卫生计生系统, 第七届, 建设系统, 企业."""
        rest = strip_editions(body)
        if any(k.is_kind for _s, _e, _w, k in kind_matcher().iter(rest)):
            return False  # 河源|劳模|工匠: a kind is no part of another's name
        return len(rest) <= MAX_BODY and all("\u4e00" <= c <= "\u9fff" and c not in BODY_STOPS for c in rest) \
            and not any(c in "\n，,。；;：:、" for c in body) and not body_stop_words().search(rest)

    def _expand(self, word: str, home: Home) -> str:
        """省 → 广东省, 全市 → 河源市, 自治区 → 新疆维吾尔自治区, 国家级 → 全国; other conferrers stay as written."""
        for synonym, standard in honour_taxonomy()["level_synonyms"].items():
            if word.startswith(synonym):
                return standard + word[len(synonym):]
        for level_word in self.level_words_first:
            if word.startswith(level_word) and (word == level_word or not regions().get(word[:len(level_word) + 1])):
                region = home.expand(self.level_words[level_word])
                if region:
                    return region + word[len(level_word):]
                break
        return word

    def _qualified(self, text: str, st: DocState, orgs: dict[int, Mention]) -> list[Mention]:
        """全国优秀教师, 浙江省百名优秀工人: a conferrer, a qualifier and a kind of person."""
        out = []
        kinds = [(s, e) for s, e, _k, _v in kind_matcher().iter(text)]
        for m in qualified_noun_pattern().finditer(text):
            if any(s < m.start() < e for s, e in kinds):
                continue  # 劳动模范: 模范 ends a kind here, it qualifies nothing
            prefix = self._conferrer(text, m.start(), st.home, orgs)
            if prefix and prefix[0] < m.start() and not self._negated(text, prefix[0], m.end()):
                out += [Mention(prefix[0], m.end(), text[prefix[0]:m.end()], "Honour", name + m.group(0))
                        for name in prefix[1]]
        return out

    @staticmethod
    def _coordinated_kinds(text: str, end: int, prefixes: list[str], following: list) -> list[Mention]:
        """全国工会系统先进集体、先进工作者和劳动模范: kinds joined by 、/和 share the first one's conferrer."""
        out, pos = [], end
        for start2, end2, _key, kind2 in following:
            if not prefixes or start2 != pos + 1 or text[pos] not in ENUM_SEP or not kind2.is_kind:
                break
            out += [Mention(start2, end2, text[start2:end2], "Honour", p + kind2.canonical) for p in prefixes]
            pos = end2
        return out

    @staticmethod
    def _parenthesised_kinds(text: str, end: int, kind: Kind) -> list[str]:
        """全国、省劳动模范（先进工作者）names further kinds at the same levels."""
        return _variants(text, end, kind.canonical, prefix="")

    # -- quoted names ---------------------------------------------------------------------------
    def _quoted(self, text: str, st: DocState) -> list[Mention]:
        """荣获“某某楷模”称号, 10名“最美快递员”, “全国劳动模范”“全国五一劳动奖章”等荣誉, 山东省“巾帼文明岗”,
        省“三八”红旗手: quoted names, with the conferrer written before the quotes where there is one."""
        orgs = {m.end: m for m in st.mentions if m.type in ORG_TYPES and m.type != "Studio"}
        spans = _quote_spans(text)
        out = []
        for k, (q, c) in enumerate(spans):
            inner = text[q + 1:c]
            # 3个“最美快递员”团队, “大国工匠”人才, “三八”红旗手: the name goes on after the quote
            tail = self._tail_after_quote(inner, text[c + 1:c + 5])
            shaped = inner if tail == "团队" else inner + tail
            if not self._honour_shaped(shaped, prefixed=True):
                continue  # no title however it were prefixed: the conferrer need not be looked for
            prefix = self._prefix_before_quote(text, q, st.home, orgs)
            if not self._honour_shaped(shaped, prefixed=prefix is not None) or self._negated_quote(text, q, c):
                continue
            if any(q < m.end and m.start <= c for m in st.mentions if m.type == "Studio"):
                continue  # “陈某某劳模工作室”: a studio's name, not a title
            run = _quote_run(spans, k, text)
            vouched = prefix is not None or any(
                self._vouched_before(text, spans[i][0]) or self._vouched_after(text, spans[i][1] + (len(tail) if i == k else 0))
                or self._strong(text[spans[i][0] + 1:spans[i][1]] + (tail if i == k else "")) for i in run)
            if not vouched:
                continue
            core = self._quoted_name(text, q, inner, st.home) + tail
            start, end = q + 1, c + (1 + len(tail) if tail else 0)
            if prefix is not None and not starts_with_conferrer(core):
                start = prefix[0]
                out += [Mention(start, end, text[start:end], "Honour", p + core) for p in prefix[1]]
            else:
                if prefix is not None and core != self._expand(strip_editions(inner), st.home) + tail:
                    start = prefix[0]  # 青海省“工人技术明星”: the region written before the quotes is in the name
                out.append(Mention(start, end, text[start:end], "Honour", core))
        return out

    def _prefix_before_quote(self, text: str, q: int, home: Home,
                             orgs: dict[int, Mention]) -> tuple[int, list[str]] | None:
        """山东省“巾帼文明岗”, 山东省卫生系统“巾帼建功标兵”, 全国“五一劳动奖章”: a conferrer written right before
        the quotes names the honour with them. 全省首届“某某工匠” (the province's first) does not."""
        if q == 0 or not "\u4e00" <= text[q - 1] <= "\u9fff":
            return None
        found = self._conferrer(text, q, home, {})  # a level or a region: 某医院“某某之家” is a unit's name
        if found is None or found[2]:
            return None
        start, names, _graded = found
        if text[start:start + 2] in WHOLE_REGION:
            return None
        return start, names

    @staticmethod
    def _tail_after_quote(inner: str, after: str) -> str:
        if after.startswith("团队"):
            return "团队"
        ends = {k.canonical for _s, _e, _w, k in kind_matcher().iter(inner + after) if k.bare or k.is_kind}
        ends |= {inner + after[:n] for n in range(1, len(after) + 1) if (inner + after[:n]).endswith(tuple(ends))}
        return next((after[:n] for n in range(len(after), 0, -1)
                     if inner + after[:n] in ends and not (inner + after[:n]).endswith(inner)), "")

    def _honour_shaped(self, inner: str, prefixed: bool = False) -> bool:
        core = strip_editions(inner)
        if not 2 <= len(core) <= MAX_QUOTED or re.search(r"[，,。；;！？!?\n《》]", inner):
            return False
        if any(w in core for w in self.not_inside):
            return False
        ends = [(s, e, k) for s, e, _key, k in kind_matcher().iter(core) if e == len(core)]
        if any(s == 0 and not k.bare for s, _e, k in ends) and not prefixed:
            return False  # “劳模”“工匠”: the kind alone, not a title (山东省“巾帼文明岗” is one)
        return bool(ends) or core.endswith(quoted_heads()) or bool(qualified_noun_pattern().search(core))

    def _strong(self, inner: str) -> bool:
        """A quoted name that is an honour without help: a named honour, or a kind with its conferrer."""
        core = strip_editions(inner)
        hits = [k for s, e, _key, k in kind_matcher().iter(core) if e == len(core) and k.is_kind]
        if any(k.bare and s == 0 for s, _e, _key, k in kind_matcher().iter(core) if _e == len(core)):
            return True
        return bool(hits) and len(core) > len(hits[0].surface) and starts_with_conferrer(core)

    def _vouched_before(self, text: str, q: int) -> bool:
        before = text[max(0, q - 16):q]
        before = re.sub(f"(?:{edition_pattern()}|[“”\"\\s])+$", "", before)
        before = strip_conferrers_at_end(before)
        before = re.sub(f"(?:{edition_pattern()})+$", "", before)
        if before.endswith(self.triggers):
            return True
        return bool(re.search(r"(?:\d+|[一二两三四五六七八九十百千]+)(?:名|位|个|家|人|项|批|支)[\u4e00-\u9fff]{0,3}$", before))

    def _vouched_after(self, text: str, c: int) -> bool:
        after = text[c + 1:c + 8].lstrip("”\" ")
        after = re.sub(r"^(?:团队|集体)", "", after)
        return after.startswith(self.title_words) or bool(re.match(r"等[^，。,；;\n]{0,8}(?:荣誉|称号|奖项)", after))

    def _negated_quote(self, text: str, q: int, c: int) -> bool:
        """Not a title: what follows says so (not_after), a negation before it, or a post right after the
        quote (某医院“红丝带之家”护士长: a unit whose head the person is)."""
        after = text[c + 1:c + 9]
        return after.startswith(self.not_after) or after.startswith(long_posts()) or self._negated_before(text, q)

    def _quoted_name(self, text: str, q: int, inner: str, home: Home) -> str:
        """The quoted name, editions out, short levels expanded; a region written right before the
        quote joins a name that has none (江苏省第二届“百名医德之星” → 江苏省百名医德之星)."""
        core = self._expand(strip_editions(inner), home)
        if starts_with_conferrer(core):
            return core
        before = re.sub(f"(?:{edition_pattern()})+$", "", text[max(0, q - 16):q])
        surface = regions().surface
        region = next((before[-n:] for n in range(len(before), 2, -1)
                       if before[-n:] in surface and before[-1] in "省市区县州盟旗"), None)
        return region + core if region else core

    # -- the same names elsewhere ---------------------------------------------------------------
    @staticmethod
    def _propagated(text: str, found: list[Mention]) -> list[Mention]:
        """A name recognised once (in quotes, say) is the same honour where it is written again."""
        taken = Covered(len(text), found)
        surfaces = {m.text: m.canonical for m in found
                    if len(m.text) >= 4 and not any(c in m.text for c in ENUM_SEP + QUOTES_CLOSE)}
        out = []
        for surface in sorted(surfaces, key=longest_first):
            for hit in re.finditer(re.escape(surface), text):
                s, e = hit.span()
                if not taken.any(s, e):
                    name = surfaces[surface] or surface
                    out.append(Mention(s, e, surface, "Honour", name))
                    out += [Mention(s, e, surface, "Honour", v) for v in _variants(text, e, name)]
                    taken.take(s, e)
        return out

    # -- negation -------------------------------------------------------------------------------
    def _negated(self, text: str, start: int, end: int) -> bool:
        after = text[_skip_quotes_after(text, end):end + 8]
        return after.startswith(self.not_after) or self._negated_before(text, start)

    def _negated_before(self, text: str, start: int) -> bool:
        """培养大国工匠, 争创工人先锋号: an aim, not an honour held."""
        return text[max(0, start - 6):start].rstrip(QUOTES_OPEN).endswith(self.not_before)

    def _designated(self, text: str, start: int, end: int | None = None) -> bool:
        """命名为/评为 … before it, or 名单 (公布了第九批某省劳模和工匠人才创新工作室名单) or an enumeration of
        its holders (省级劳模工作室分别为A、B) after it."""
        before = text[max(0, start - 8):start].rstrip(QUOTES_OPEN)
        before = re.sub(f"(?:{edition_pattern()})+$", "", before)
        if before.endswith(("命名为", "评为", "认定为", "授予", "获评", "被命名", "获得", "荣获", "获", "入选")):
            return True
        if re.search(r"(?:命名|认定|授予|公布)了?(?:一批|首批|第.{1,3}批)?$", before):
            return True
        return end is not None and text[_skip_quotes_after(text, end):end + 6].startswith(("名单", "称号", "荣誉称号", "分别为",
                                                                                          "分别是"))


def _industry(word: str) -> bool:
    return word.endswith(("行业", "系统")) or any(word == "全国" + ind for ind in honour_taxonomy()["industries"])


def _extended(first: Kind, surface: str, second: Kind) -> Kind:
    """青年岗位能手 + 标兵 → 青年岗位能手标兵: the kind of the whole is the first one's, extended."""
    canonical = first.canonical + surface[len(first.surface):]
    return Kind(surface, canonical, False, first.designation or second.designation, first.is_kind)


def _variants(text: str, end: int, name: str, prefix: str | None = None) -> list[str]:
    """全国模范职工之家（职工小家）→ 全国模范职工小家; 开发建设新疆奖状(章) → 开发建设新疆奖章;
    劳动模范（先进工作者）→ 先进工作者, which the caller prefixes with the levels; 岗位能手(标兵) → 岗位能手标兵."""
    m = re.match(r"[”\"]?[（(]([^）)]{1,8})[）)]", text[end:end + 11])
    if not m:
        return []
    inner = m.group(1)
    tax = honour_taxonomy()
    known = {k["kind"] for k in tax["kinds"]}
    if inner in tax["extending_heads"]:
        return [name + inner]  # 全国青年岗位能手(标兵): the title's higher grade, 全国青年岗位能手标兵
    if inner in known:
        level = name[: len(name) - len(_kind_of(name))] if prefix is None else prefix
        return [level + inner]
    variant = name[: -len(inner)] + inner if len(inner) < len(name) else ""
    return [variant] if variant.endswith(tuple(known) + tuple(tax["heads"])) else []


def _skip_quotes_after(text: str, i: int) -> int:
    while i < len(text) and text[i] in QUOTES_CLOSE + " ":
        i += 1
    return i


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quoted stretches on one line, paired left to right."""
    out, i = [], 0
    for m in QUOTE_OPEN.finditer(text):
        if m.start() < i:
            continue  # inside the quote just paired
        c = m.group()
        j = text.find(QUOTE_PAIRS[c], m.start() + 1, m.start() + 2 + MAX_QUOTED + 8)
        if j > 0 and "\n" not in text[m.start():j]:
            out.append((m.start(), j))
            i = j + 1
    return out


def _quote_run(spans: list[tuple[int, int]], k: int, text: str) -> list[int]:
    """The quotes next to quote k with only 、/和/及 (and levels, editions) between: “A”“B”、“C”等荣誉
    and 全省首届“A”和全省第五届“B” are vouched for together."""
    def joined(i: int) -> bool:
        between = text[spans[i][1] + 1:spans[i + 1][0]]
        if len(between) > 12:
            return False
        rest = strip_conferrers_at_end(re.sub(f"(?:{edition_pattern()})+$", "", between))
        return rest in ("", "、", "和", "及", "与")
    lo = k
    while lo > 0 and joined(lo - 1):
        lo -= 1
    hi = k
    while hi + 1 < len(spans) and joined(hi):
        hi += 1
    return list(range(lo, hi + 1))


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Honour names are flat: a mention inside a longer one goes; one mention per span and name."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    spans = Spans(ordered)
    out: list[Mention] = []
    seen: set[tuple[int, int, str | None]] = set()
    for m in ordered:
        if any((o.end - o.start) > (m.end - m.start) for o in spans.containing(m.start, m.end)):
            continue
        if (m.start, m.end, m.canonical) in seen:
            continue
        seen.add((m.start, m.end, m.canonical))
        out.append(m)
    return out


def is_role_word(word: str) -> bool:
    return word in roles()


@Language.factory("kg_honours", default_config={"max_level_chars": 24})
def make_honour_recognizer(nlp: Language, name: str, max_level_chars: int) -> HonourRecognizer:
    return HonourRecognizer(max_level_chars)
