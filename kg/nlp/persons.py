"""Recognise people's names without a model: a surname, one to three given-name characters, and context.

A Chinese name is only trusted where the text vouches for it:
- a post, byline or honour right before it (技术总监李振华, 记者周海涛, 文 | 罗琳, “全国交通技术能手”谢天宇);
- a form of address or a studio built on it after it (王志强总书记, 叶长青劳模和工匠人才创新工作室);
- an organisation before it or punctuation, together with a verb after it (赵建国讲话) and
  name-like characters (statistics from the People's Daily corpus);
- a shape: a signature line (王小明), a caption (name alone above a post line), a table of names,
  a reference-list entry, or a list (郑海波、吴志刚) one of whose members is vouched for.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Mention
from ..resources import (
    data_rows,
    given_name_chars,
    given_name_counts,
    honour_taxonomy,
    lexicon,
    long_roles,
    person_cues,
    regions,
    roles,
    surname_words,
    surnames,
)
from ..vocabulary import longest_first
from .charmatch import CharMatcher
from .doc_state import ORG_TYPES, DocState, state, word_boundaries
from .lines import PROFILE_LABEL, bullet_end, honour_list_items, masthead_entries, nonblank_lines

LIST_SEPS = "、 \t"
SEPARATORS = " |｜:：\t"
PROFESSION_ENDS = frozenset("师员")
COUNTED = re.compile(r"[一二两三四五六七八九十几多数][次名位年届个项批]")
REFERENCE_MARK = re.compile(r"(?:^|\n)\s*(?:-\s*)?(?:\[\d+\]|\d+[.、．])\s*$")
PROFILE_LABEL_BEFORE = re.compile(PROFILE_LABEL + r"\s*$")  # 【人物档案】某某，52岁
REFERENCE_LINE = re.compile(r"\[[MJZNDCR]\]|出版社|参考文献|\.\s*\d{4}\s*[,，(（]|,\s*\d{4}\s*[,，(（]")
SIGNATURE = re.compile(r"^[（(]([\u4e00-\u9fff]{2,4})[)）]$")
FUNCTION_AFTER = set("是在说等的和与及也都就还曾已将被把对为从向给带率称认获表介指强告讲出主参作来到笑坦回谈用如")
LIST_OPENERS = "的是为有和及与由"  # function characters a list of names may follow directly
LIST_LEAD = re.compile(r"(?:\d{1,3}[.、．]\s*)?(?:[\u4e00-\u9fff]{2,8}[：:]\s*)?([\u4e00-\u9fff] [\u4e00-\u9fff]|[\u4e00-\u9fff]{2,4})"
                       r"(?:[（(][男女][)）])?(?:[\s,，、]+|[：:]\s*)(?=\S)")
LIST_TAIL = re.compile(r"\s([\u4e00-\u9fff]{2,4})[；;。，,]?\s*$", re.M)
PAREN_NAME = re.compile(r"[（(](?:(?:本报)?(?:全媒体)?记者\s*)?([\u4e00-\u9fff]{2,3})[)）]")
FUNCTION_SURNAMES = frozenset("和由向经于以从对为与及同自被将把让给在都也又而才就还只应但可其如所该每各")
POST_TAIL_CHARS = frozenset("员师长士官")
PREPOSITIONS = frozenset("为向给与和同对由请邀")
NEVER_IN_NAMES = frozenset("的了们这那吗呢吧啊着过被把等个日是在和与及")
CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def name_like(given: str, strict: bool, min_ratio: float = 0.03, min_count: int = 3) -> bool:
    """Given-name characters must be common in names; strictly so where little else vouches."""
    counts, ratios = given_name_counts(), given_name_chars()
    ratio = min_ratio * (3 if strict else 1)
    count = min_count * (4 if strict else 1)
    frequent = 50 * (3 if strict else 1)  # common in names even if common elsewhere too (新, 文)
    return all(counts.get(c, 0) >= count and (ratios.get(c, 0.0) >= ratio or counts.get(c, 0) >= frequent)
               for c in given)


@lru_cache(maxsize=65536)
def plausible_name(name: str) -> bool:
    """What any proposed name must be, whatever its context: a known surname and one or two given
    characters (two and two for compound surnames), not a place or an ordinary word that starts
    like a name (党建, 程马拉), given-name characters common in names (strictly so for a rare
    surname or a one-character given name)."""
    compound = name[:2] in surnames()
    if not 2 <= len(name) <= (4 if compound else 3) or not (compound or name[:1] in surnames()):
        return False  # 程马拉松: one-character surnames take one or two given characters
    if any(regions().get(name[:n]) for n in (2, 3)) or surname_words().get(name[:2], 0) >= 10:
        return False
    surname = name[:2] if compound else name[:1]
    rare = surnames().get(surname, 9999) > 150
    return name_like(name[len(surname):], strict=rare or len(name) - len(surname) == 1)


@dataclass
class _Scan:
    """What one pass over a document consults at every character, computed once."""

    text: str
    covered: set[int]  # characters inside an earlier mention (a studio's name may hold its leader's)
    mention_ends: dict[int, str]  # end offset → type of the mention ending there
    org_starts: set[int]  # where an organisation's name begins
    role_ends: dict[int, str]  # end offset → kind of the post or profession ending there
    byline_ends: dict[int, str]
    cue_ends: set[int]  # where a word that often precedes a name ends
    verb_starts: set[int]  # where a word that often follows a name begins (荣获, 表示, 等, 一行)
    words: Container[int] | None  # the segmenter's word boundaries, None without a segmenter
    role_interior: set[int]  # positions strictly inside a post or profession (高级工|程师)
    role_starts: set[int]
    titles: dict[int, str]  # start → the longest title or studio word after a name beginning there
    role_starts_all: set[int]
    questions: list[tuple[int, int, int]] = field(default_factory=list)  # plausible names the rules left open

    def role_inside(self, i: int) -> bool:
        return i in self.role_interior

    @classmethod
    def of(cls, text: str, st: DocState, words: Container[int] | None = None) -> _Scan:
        covered = {i for m in st.mentions if m.type not in ("Studio", "Person") for i in range(m.start, m.end)}
        ends: dict[int, str] = {}
        for m in st.mentions:
            if m.type == "Honour" or ends.get(m.end) != "Honour":
                ends[m.end] = m.type
        roles_found = [(s, e + 1 if k.endswith("工") and text[e:e + 1] == "人" else e, k, v)  # 环卫工|人: one word
                       for s, e, k, v in role_matcher().iter(text)]  # one pass of the automaton, read four ways
        return cls(text, covered, ends, {m.start for m in st.mentions if m.type in ORG_TYPES},
                   {e: kind for _s, e, _k, kind in roles_found},
                   {e: w for _s, e, w, _v in byline_matcher().iter(text)},
                   {e for _s, e, _w, _v in cue_matcher().iter(text)},
                   {s for s, _e, _w, _v in after_matcher().iter(text)}, words,
                   {k for s, e, _k, _v in roles_found for k in range(s + 1, e)},
                   {s for s, e, _k, _v in roles_found if e - s >= 3},
                   _longest_at(title_matcher().iter(text)),
                   {s for s, _e, _k, _v in roles_found})


@cache
def two_part_names() -> re.Pattern[str]:
    """Two words of the Tibetan name stock in a row, found at every start (a lookahead: they overlap)."""
    part = "|".join(sorted(lexicon("tibetan_name_parts"), key=longest_first))
    return re.compile(f"(?=((?:{part})(?:{part})))")


@cache
def _title_words() -> tuple[str, ...]:
    """What follows a quoted title, not a name: 称号, 荣誉称号, 奖章 (honours.json)."""
    return tuple(sorted(honour_taxonomy()["honour_words_after_quote"], key=longest_first))


@cache
def _not_post_endings() -> tuple[str, ...]:
    return tuple(lexicon("not_post_endings"))


@cache
def role_matcher() -> CharMatcher[str]:
    return CharMatcher((w, kind) for w, kind in roles().items() if len(w) >= 2)


@cache
def title_matcher() -> CharMatcher[str]:
    return CharMatcher((r[0], r[0]) for r in data_rows("lexicons/name_titles_after.txt"))


def _longest_at(hits) -> dict[int, str]:
    out: dict[int, str] = {}
    for s, _e, w, _v in hits:
        if len(w) > len(out.get(s, "")):
            out[s] = w
    return out


@cache
def cue_matcher() -> CharMatcher[str]:
    return CharMatcher((w, w) for w in person_cues()[0])


@cache
def after_matcher() -> CharMatcher[str]:
    """Words that follow a name: the cues of person_cues.tsv, the award verbs, and what closes a list."""
    return CharMatcher((w, w) for w in _after_name() if len(w) >= 1)


def _after_name() -> set[str]:
    return set(person_cues()[1]) | set(lexicon("award_triggers")) | set(lexicon("after_name_words"))


@cache
def long_after_words() -> tuple[str, ...]:
    """Every word of two or more characters that follows names (the after-name matcher's words)."""
    return tuple(sorted((w for w in _after_name() if len(w) >= 2), key=longest_first))


@cache
def byline_matcher() -> CharMatcher[str]:
    return CharMatcher((w, w) for w in lexicon("byline_cues"))


STRONG_RIGHT = ("edge", "verb", "sep", "title", "org")
LENIENT, NORMAL, STRICT = 0, 1, 2
# What the model reads around an open name (its surname at i): [i - 5, i + 9), the name and about
# the model's own reach around it. Narrower windows changed its answers (tests/test_statistical.py).
QUESTION_BEFORE, QUESTION_AFTER = 5, 9


class PersonRecognizer:
    """Pipeline component: Person mentions.

    Each surname in the text opens a candidate of one or two given characters. The context on both
    sides decides: a post, byline, honour, epithet or organisation before it, and punctuation, a list
    separator, a verb (荣获, 表示, 等), a title or an organisation after it. The given name never takes
    the first character of the word after it (林某|荣获, 樊某|等, 林某|一行).
    """

    def __init__(self, min_name_ratio: float = 0.03, min_name_count: int = 3):
        self.min_name_ratio = min_name_ratio
        self.min_name_count = min_name_count
        self.surnames = surnames()
        self.name_ratio = given_name_chars()
        self.name_counts = given_name_counts()
        self.cues_before, self.cues_after = person_cues()
        self.titles_after = {r[0]: (r[1] if len(r) > 1 else "address") for r in data_rows("lexicons/name_titles_after.txt")}
        self.title_words = tuple(sorted(self.titles_after, key=longest_first))
        self.compound = {s for s in self.surnames if len(s) == 2}
        self.surname_start = re.compile("[" + "".join(re.escape(c) for c in sorted({s[0] for s in self.surnames})) + "]")
        self.rare_surname_rank = 150
        self.words = surname_words()
        self.common_word_count = 50

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        text = st.text or doc.text
        scan = _Scan.of(text, st, word_boundaries(doc))
        names: set[str] = {m.text for m in st.mentions if m.type == "Person"}
        for i in self._surname_positions(text):
            span = self._candidate(scan, i)
            if span:
                names.add(text[span[0]:span[1]])
        names |= {text[s:e] for s, e in self._line_shapes(text, st)}
        names |= self._dotted(scan)
        names |= self._two_part(scan)
        names |= self._list_members(text, names)
        names = {n for n in names if not self._overlong(n, names)}
        names = {self._whole(text, n) for n in names}
        st.mentions = [m for m in st.mentions if m.type != "Person"] + self._all_occurrences(scan, names)
        st.questions += scan.questions
        return doc

    @staticmethod
    def _whole(text: str, name: str) -> str:
        return whole_name(text, name)

    @staticmethod
    def _overlong(name: str, names: set[str]) -> bool:
        """庞某就 beside 庞某: a name that took the first character of the next word (就, 到, 代表)."""
        return len(name) == 3 and name[:2] in names and (name[2] in FUNCTION_AFTER or name[2] in "到代")

    def _surname_positions(self, text: str) -> list[int]:
        """Where a name may begin: the characters that are surnames (a compound one starts with one too)."""
        return [m.start() for m in self.surname_start.finditer(text)]

    # -- one candidate ------------------------------------------------------------------------
    def _candidate(self, scan: _Scan, i: int) -> tuple[int, int] | None:
        text = scan.text
        sur = self._surname_at(text, i)
        if not sur or i in scan.covered:
            return None
        if scan.role_inside(i) or i in scan.role_starts:
            return None  # 高级工|程师, 董事长: a post, not a name
        if sur in FUNCTION_SURNAMES and scan.mention_ends.get(i) in ("Honour", *ORG_TYPES):
            return None  # 国家勋章和|国家荣誉称号: a conjunction between two names, no surname
        left = self._left_context(scan, i)
        shapes = []  # (given, end, right): the name lengths the characters allow
        for given in (2, 1):
            end = i + len(sur) + given
            if end > len(text) or not all(self._cjk(c) for c in text[i + len(sur):end]) \
                    or any(k in scan.covered for k in range(i, end)):
                continue
            if given == 2 and (self._opens_verb(text, end - 1) or text[end - 2:end] in long_after_words()):
                continue  # 李某|受到, 张某|先后: no following word's first character; 时|强调: no verb as given name
            shapes.append((given, end, self._right_context(scan, end)))
        if not any(self._accept(left, right, sur, text[i + len(sur):end], segmented_end=True)
                   for _g, end, right in shapes):  # no name here whatever the segmenter says
            if self._question(text, i, shapes):
                scan.questions.append((i - QUESTION_BEFORE, i, i + QUESTION_AFTER))
            return None
        if scan.words is not None and left not in ("post", "org") and i not in scan.words:
            return None  # the segmenter reads the surname as the end of another word (师傅发放)
        options = []
        for given, end, right in shapes:
            if scan.words is not None and self.words.get(text[i:i + 2], 0) >= 3 and i + len(sur) not in scan.words:
                continue  # 党建, 关爱, 文化: the segmenter keeps an ordinary word whole
            given_chars = text[i + len(sur):end]
            # the segmenter's end only makes a name more acceptable: asked only where the name needs it
            if (self._accept(left, right, sur, given_chars, False)
                    or self._accept(left, right, sur, given_chars, self._segmented_end(scan, i, len(sur), end))) \
                    and not self._region_led(text[i:end]):
                options.append((given, end, right))
        if not options:
            if self._question(text, i, shapes):
                scan.questions.append((i - QUESTION_BEFORE, i, i + QUESTION_AFTER))
            return None
        return i, self._choose(scan, options)

    @staticmethod
    def _segmented_end(scan: _Scan, i: int, surname_len: int, end: int) -> bool:
        """The segmenter ends a word at `end` and cuts nothing inside the given name but after the surname."""
        return scan.words is not None and end in scan.words and (
            i + surname_len in scan.words or not any(k in scan.words for k in range(i + 1, end)))

    @staticmethod
    def _opens_verb(text: str, at: int) -> bool:
        """Whether a word of two or more characters that follows names (受到, 先后, 同志) begins at `at`."""
        return text.startswith(long_after_words(), at)

    @staticmethod
    def _question(text: str, i: int, shapes: list[tuple[int, int, str]]) -> bool:
        """A plausible name the rules did not accept (their context was too weak): a question for the
        statistical model. Where no plausible name stands the model's proposals would fail the
        same test, so it need not read there."""
        return any(plausible_name(text[i:end]) for _g, end, _r in shapes)

    def _choose(self, scan: _Scan, options: list[tuple[int, int, str]]) -> int:
        """Two given characters or one: 胡某|荣获 (the third character opens a verb), 张某某、 (a
        separator after two), the segmenter's word end, how name-like the third character is."""
        if len(options) == 1:
            return options[0][1]
        (_g2, end2, right2), (_g1, end1, right1) = options
        text = scan.text
        if end1 in scan.verb_starts and right1 == "verb":
            return end1
        if right2 in STRONG_RIGHT and right1 not in STRONG_RIGHT:
            return end2
        if right1 in STRONG_RIGHT and right2 not in STRONG_RIGHT:
            return end1
        if scan.words is not None and (end1 in scan.words) != (end2 in scan.words):
            return end1 if end1 in scan.words else end2
        tail = text[end2 - 1]
        if right2 != "edge" and tail in FUNCTION_AFTER and self.name_ratio.get(tail, 0.0) < 0.02:
            return end1  # 林浩和副主任: the third character is a function word
        return end2

    def _accept(self, left: str, right: str, surname: str, given: str, segmented_end: bool = False) -> bool:
        """Context strong enough for this name. The context sets how name-like the given name must
        be; a one-character given name or a rare surname asks one level more, the segmenter cutting
        surname and given name as words of their own one level less."""
        if COUNTED.match(given):
            return False  # 曾|两次获得: a count, not a given name
        rare = self.surnames.get(surname, 9999) > self.rare_surname_rank
        if self.words.get(surname + given[0], 0) >= self.common_word_count and left != "post" and right != "title":
            return False  # 单位, 成立, 关于: an ordinary word, not 单 + 位…
        if right == "title":
            return True
        if self.words.get(surname + given[0], 0) >= 5 and not segmented_end:
            return False  # 劳动, 项目, 荣誉 after a post: still an ordinary word unless the segmenter cuts it
        need = self._needed(left, right, len(given))
        if need is None:
            return False
        if rare or len(given) == 1:
            need = min(need + 1, STRICT)
        if segmented_end and surname not in FUNCTION_SURNAMES and left != "of":
            need = max(need - 1, LENIENT)
        elif surname in FUNCTION_SURNAMES:
            need = max(need, NORMAL)  # 和全省, 由工会, 经国家: a function word, not a surname
        if given[-1] in PROFESSION_ENDS:
            need = max(need, NORMAL)  # 某车间勾兑师: a trade's name ends so, a person's seldom does
        if need == LENIENT:
            return self._lenient(given)
        return self._name_like(given, strict=need == STRICT)

    @staticmethod
    def _needed(left: str, right: str, given_len: int) -> int | None:
        """How name-like the given name must be in this context; None: no name here."""
        if right == "name_of":
            return LENIENT if left != "inside" else None  # 临江电力技能大师工作室: no 江某某 inside a word
        if left == "post":
            if right in STRONG_RIGHT or right == "function":
                return LENIENT
            return NORMAL if given_len == 2 else None
        if left == "org":
            return LENIENT if right in STRONG_RIGHT else NORMAL if right == "function" else None
        if left == "cue":
            return LENIENT if right in ("verb", "sep") else NORMAL if right in STRONG_RIGHT + ("function",) else None
        if left == "edge":
            return NORMAL if right in ("verb", "org", "cue", "copula") else None
        if left == "of":
            return STRICT if right in ("edge", "sep", "verb") else None
        if left == "prep":
            return NORMAL if right in ("verb", "sep", "title") else None
        return None

    def _lenient(self, given: str) -> bool:
        """A name the context vouches for: no function word in it and not an ordinary word
        (胡某, 林晓桐; not 单位多, 的人). The corpus statistics are too sparse to ask more."""
        return not any(c in NEVER_IN_NAMES for c in given)

    def _region_led(self, candidate: str) -> bool:
        """花都工, 高明区: pseudonymous bylines and places start with a region name."""
        gaz = regions()
        heads = (candidate[:2], candidate[:3])
        # 余庆 alone (a common surname and a given name) is a name although 余庆县 is a county; 和田 (a rare
        # surname) and 安康工 (longer) still start with a place
        named = candidate in gaz.common_words and self.surnames.get(candidate[0], 9999) <= self.rare_surname_rank
        return any(gaz.get(h) or any(h + sfx in gaz.by_name and not (named and h == candidate) for sfx in "区县市")
                   for h in heads)

    def _surname_at(self, text: str, i: int) -> str | None:
        two = text[i:i + 2]
        if two in self.compound:
            return two
        return text[i] if text[i] in self.surnames else None

    def _left_context(self, scan: _Scan, i: int) -> str:
        """post: a post, honour, byline or a quoted epithet ends here (the name may run into a verb:
        代表孔祥林成立…); org: an organisation; cue: a weaker cue; edge: punctuation or a line start."""
        text, role_ends, byline_ends = scan.text, scan.role_ends, scan.byline_ends
        before_mention = scan.mention_ends.get(i) or (scan.mention_ends.get(i - 1) if text[i - 1:i] in "”\"" else None)
        if i in role_ends or before_mention == "Honour":
            return "post"
        if i in byline_ends and len(byline_ends[i]) >= 2:
            return "post"
        j = i
        while j > 0 and text[j - 1] in SEPARATORS:
            j -= 1
        if j < i and j in byline_ends and (any(c in "|｜:：" for c in text[j:i]) or len(byline_ends[j]) >= 2):
            return "post"  # 记者 张某, 文 | 罗某
        if REFERENCE_MARK.search(text[max(0, i - 8):i]) or PROFILE_LABEL_BEFORE.search(text[max(0, i - 12):i]):
            return "post"
        if text[i - 1:i] in "”\"" and re.search(r"[“\"][^“”\"\n]{1,12}[”\"]$", text[max(0, i - 14):i]) \
                and not text.startswith(_title_words(), i):
            return "post"  # “西城居里夫人”郝某某: a quoted epithet before the name (“某某工匠”荣誉称号: a title)
        if before_mention in ORG_TYPES:
            return "org"
        if i in scan.cue_ends or (j < i and j in scan.cue_ends):
            return "cue"  # 他们是：某某、某某
        if i == 0 or not self._cjk(text[i - 1]):
            return "edge"
        if text[i - 1] in POST_TAIL_CHARS and (scan.words is None or i in scan.words) and i - 1 not in scan.covered \
                and not text.endswith(_not_post_endings(), 0, i):
            return "cue"  # 客运值班员|李某, 工作人员|李某: a word that ends like a post (成长|成才: not one)
        if text[i - 1] == "的":
            return "of"  # 某快递的|檀某某,
        if text[i - 1] in PREPOSITIONS:
            return "prep"  # 为万某某等颁奖, 和李某某一起
        return "inside"

    def _right_context(self, scan: _Scan, end: int) -> str:
        text = scan.text
        rest = text[end:end + 8]
        if not rest:
            return "edge"
        title = scan.titles.get(end)
        if title:
            return "title" if self.titles_after[title] == "address" else "name_of"
        if end in scan.verb_starts:
            return "verb"
        if rest[0] == "、":
            return "sep"
        if rest[0] in " \t":
            stripped = rest.lstrip(" \t")
            if end + len(rest) - len(stripped) in scan.org_starts:
                return "org"
            return "sep" if stripped[:1] and self._cjk(stripped[0]) else "edge"
        if end in scan.org_starts:
            return "org"
        if not self._cjk(rest[0]):
            return "edge"
        if rest[0] == "是" and (end < 4 or text[end - 4:end - 3] in "\n"):
            return "copula"  # 某某是某公司…: a profile opens with its subject
        if rest[0] == "为" and any(k in scan.role_starts_all for k in range(end + 1, end + 10)):
            return "verb"  # 选举某某为副主席: an appointment
        if rest[0] in FUNCTION_AFTER:
            return "function"
        return "none"

    def _name_like(self, given: str, strict: bool) -> bool:
        return name_like(given, strict, self.min_name_ratio, self.min_name_count)

    @staticmethod
    def _cjk(c: str) -> bool:
        return "\u4e00" <= c <= "\u9fff"

    def _dotted(self, scan: _Scan) -> set[str]:
        """古某某努尔·阿某某, 安某列亚斯·吉某格: minority and foreign names written with a middle dot,
        where a post, an organisation or punctuation stands before them and the name ends at a
        boundary; never inside quotes (“中国梦·邮政情” is a campaign)."""
        text, out = scan.text, set()
        for dot in (m.start() for m in re.finditer("·", text)):
            starts = [s for s in range(dot - 2, max(-1, dot - 7), -1)
                      if all(self._cjk(c) for c in text[s:dot]) and (s == 0 or text[s - 1] not in "“\"「")
                      and not any(k in scan.covered for k in range(s, dot))
                      and not (scan.role_inside(s) or s in scan.role_starts)  # 主席|古某, 环卫工|人阿某
                      and self._left_context(scan, s) in ("post", "org", "cue", "edge")]
            ends = [e for e in range(dot + 3, min(len(text), dot + 7) + 1)
                    if all(self._cjk(c) for c in text[dot + 1:e]) and not any(k in scan.covered for k in range(dot, e))
                    and self._right_context(scan, e) in STRONG_RIGHT + ("function",)]
            ends.sort(key=lambda e: (self._right_context(scan, e) == "function", e))  # 阿不|都拉、: not at 都
            if starts and ends:
                rank = {"post": 0, "org": 0, "cue": 1, "edge": 2}
                start = min(starts, key=lambda s: (rank[self._left_context(scan, s)], s))
                name = text[start:ends[0]]
                spelled = all(any(c in lexicon("transliteration_chars") for c in part) for part in name.split("·"))
                if rank[self._left_context(scan, start)] < 2 or spelled:
                    out.add(name)
        return out

    def _two_part(self, scan: _Scan) -> set[str]:
        """扎西多吉, 次仁卓玛: two words of the Tibetan name stock written together (they carry no Han
        surname), before a verb, a separator or an organisation, or before a function word where a post,
        an organisation, a cue or punctuation stands before them."""
        text, out = scan.text, set()
        for m in two_part_names().finditer(text):
            s, e = m.start(), m.start() + len(m.group(1))
            if any(k in scan.covered for k in range(s, e)) or (s > 0 and text[s - 1] in "“\"「"):
                continue
            left, right = self._left_context(scan, s), self._right_context(scan, e)
            if right in STRONG_RIGHT or (right == "function" and left in ("post", "org", "cue", "edge")):
                out.add(text[s:e])  # 职工扎西多吉荣获: two words of the stock need no cue before them
        return out

    # -- line shapes --------------------------------------------------------------------------
    def _line_shapes(self, text: str, st: DocState) -> list[tuple[int, int]]:
        lines = nonblank_lines(text)
        out = self._table_cells(text, lines)
        out += [span for _role, span, _line in masthead_entries(text)]
        out += [item.name for item in honour_list_items(text, st.of_type("Honour"))]
        out += self._list_line_leads(text, lines, st)
        out += [(m.start(1), m.end(1)) for m in PAREN_NAME.finditer(text) if self._looks_like_name(m.group(1))
                and not self._region_led(m.group(1))]
        org_starts = {m.start for m in st.mentions if m.type in ORG_TYPES}
        for k, (s, e) in enumerate(lines):
            line = text[s:e]
            sig = SIGNATURE.match(line)
            if sig and self._looks_like_name(sig.group(1)):
                out.append((s + 1, e - 1))
            elif k + 1 < len(lines) and self._caption_follows(text, lines[k + 1], org_starts):
                name = text[bullet_end(text, s, e):e]  # ★朱某 / 1. 朱某 / 朱某: a name alone on its line
                if self._looks_like_name(name) and len(name) <= 3:
                    out.append((e - len(name), e))
            elif REFERENCE_LINE.search(line):
                out += self._reference_authors(text, s, e)
        return out

    def _list_line_leads(self, text: str, lines: list[tuple[int, int]], st: DocState) -> list[tuple[int, int]]:
        """薛某某 某某公司党委书记 / 申某某,某某集团有限公司飞行员; / 薛 某 某某公司董事长 / 某省：林某 某公司
        技师: a line that opens with a name and goes on with its organisation or post."""
        org_starts = {m.start for m in st.mentions if m.type in ORG_TYPES}
        out = []
        for s, e in lines:
            tail = LIST_TAIL.search(text, s, e)
            if tail and any(s <= o < tail.start() for o in org_starts) and self._looks_like_name(tail.group(1)) \
                    and not self._region_led(tail.group(1)) and tail.group(1)[:2] not in self.words:
                out.append((tail.start(1), tail.end(1)))  # 某公司设备部 孟某: ORG POST NAME, the name last
            m = LIST_LEAD.match(text, s, e)
            if not m:
                continue
            name = m.group(1).replace(" ", "")
            if not self._looks_like_name(name) or self._region_led(name) or name[:2] in self.words:
                continue
            rest = text[m.end():e]
            rest_start = m.end()
            if text[m.end(1):m.end()].strip() in (":", "："):
                if rest_start in org_starts and self._name_like(name[1:], strict=False):
                    out.append((m.start(1), m.end(1)))  # 某某：某公司技师 (a colon opens many other lines)
                continue
            has_post = any(True for _ in post_or_profession().iter(re.split(r"[。！？]", rest[:40])[0]))
            # 连日来,气温…。近日,某某副主任: a post in the next sentence says nothing of the line's lead
            if rest_start in org_starts or has_post or _starts_with_region(rest):
                out.append((m.start(1), m.end(1)))
        return out

    @staticmethod
    def _caption_follows(text: str, line: tuple[int, int], org_starts: set[int]) -> bool:
        """A name alone on its line, then a line that starts with an organisation or a post."""
        s, e = line
        line = text[s:e].rstrip("、，, ")
        starts_org = s in org_starts
        has_role = line.startswith(long_roles()) or line.endswith(long_roles())
        return starts_org or has_role

    def _table_cells(self, text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """A line of tab-separated short cells that start with surnames is a table of names."""
        out = []
        for s, e in lines:
            cells, off = [], s
            for cell in text[s:e].split("\t"):
                cells.append((off, off + len(cell), cell.strip()))
                off += len(cell) + 1
            names = [(cs, ce) for cs, ce, c in cells if self._looks_like_name(c.replace(" ", ""))]
            if len(cells) >= 3 and len(names) >= max(3, len(cells) // 2):
                out += [(cs + len(text[cs:ce]) - len(text[cs:ce].lstrip()), ce) for cs, ce in names]
        return out

    def _reference_authors(self, text: str, s: int, e: int) -> list[tuple[int, int]]:
        """孟庆山、许德平. 党建之根… / [2]邢国栋.推动… / …策略. 梁宇;邹文博. 现代企业文化."""
        out = []
        body = re.sub(r"^\s*(?:-\s*)?(?:\[\d+\]|\d+[.、．])\s*", lambda m: " " * len(m.group(0)), text[s:e])
        pos = 0
        for seg in re.split(r"[.。．]", body):
            parts = [p for p in re.split(r"[,，、;；]", seg)]
            stripped = [p.strip() for p in parts]
            if stripped and all(self._looks_like_name(p) for p in stripped):
                off = s + pos
                for p in parts:
                    lead = len(p) - len(p.lstrip())
                    out.append((off + lead, off + lead + len(p.strip())))
                    off += len(p) + 1
            pos += len(seg) + 1
        return out

    def _looks_like_name(self, s: str) -> bool:
        sur = self._surname_at(s, 0) if s else None
        return bool(sur) and bool(CJK_NAME.match(s)) and len(s) - len(sur) <= 2 + (len(sur) == 1 and len(s) == 4) \
            and not any(w in s for w in _title_words())  # “某某工匠”荣誉称号、李某: a title, not a name

    # -- lists and propagation ----------------------------------------------------------------
    def _list_members(self, text: str, names: set[str]) -> set[str]:
        """郑海波、吴志刚 / 文 | 秦雅丽 欧阳明远: the neighbours of a known name in a list are names too."""
        out: set[str] = set()
        for name in names:
            for m in re.finditer(re.escape(name), text):
                out |= self._walk(text, m.end(), +1) | self._walk(text, m.start(), -1)
        return {n for n in out if n not in names}

    def _walk(self, text: str, pos: int, step: int) -> set[str]:
        found: set[str] = set()
        for _ in range(12):
            if step > 0 and re.match(r"[（(][男女][)）]", text[pos:pos + 3]):
                pos += 3  # 田某某(女)、孟某
            elif step < 0 and re.search(r"[（(][男女][)）]$", text[max(0, pos - 3):pos]):
                pos -= 3
            sep = pos if step > 0 else pos - 1
            if not 0 <= sep < len(text) or text[sep] not in LIST_SEPS:
                break
            spaced = re.match(r"([\u4e00-\u9fff]) ([\u4e00-\u9fff])(?=[ 、\t]|$)", text[sep + 1:sep + 5]) if step > 0 else None
            if spaced and self._looks_like_name(spaced.group(1) + spaced.group(2)):
                found.add(spaced.group(0))  # 程 某: a two-character name printed with a space
                pos = sep + 1 + 3
                continue
            token = self._token_after(text, sep + 1) if step > 0 else self._token_before(text, sep)
            if not token:
                break
            found.add(token)
            pos = sep + 1 + len(token) if step > 0 else sep - len(token)
        return found

    def _token_after(self, text: str, pos: int) -> str | None:
        m = re.match(r"[\u4e00-\u9fff]{2,4}", text[pos:pos + 4])
        if not m:
            return None
        for n in (3, 2, 4):
            t = m.group(0)[:n]
            after = text[pos + n:pos + n + 1]
            closes = not after or not self._cjk(after) or after in FUNCTION_AFTER or \
                any(text.startswith(c, pos + n) for c in self.cues_after)
            if len(t) == n and self._looks_like_name(t) and closes and not self._region_led(t):
                return t
        return None

    def _token_before(self, text: str, pos: int) -> str | None:
        m = re.search(r"[\u4e00-\u9fff]{2,4}$", text[max(0, pos - 4):pos])
        if not m:
            return None
        for n in (3, 2, 4):
            t = m.group(0)[-n:]
            before = text[pos - n - 1:pos - n] if pos - n > 0 else ""
            if len(t) == n and self._looks_like_name(t) and (not before or not self._cjk(before) or before in LIST_OPENERS) \
                    and not self._region_led(t):  # 代表队的|雷某、熊某某: a list opens after 的, 是, 有
                return t
        return None

    @staticmethod
    def _all_occurrences(scan: _Scan, names: set[str]) -> list[Mention]:
        out: list[Mention] = []
        taken = set(scan.covered)
        for name in sorted(names, key=longest_first):
            for m in re.finditer(re.escape(name), scan.text):
                s, e = m.span()
                if any(p in taken for p in range(s, e)):
                    continue
                taken.update(range(s, e))
                out.append(Mention(s, e, name, "Person", name.replace(" ", "")))
        return out


def whole_name(text: str, name: str) -> str:
    """徐某 where every mention reads 徐某年 (徐某年家里, 徐某年早年, 徐某年握着): the name is 徐某年, unless
    the extra character begins a word that follows names (林某荣获, 林某等)."""
    if len(name) != 2 or name[0] not in surnames() or text.count(name) < 2:
        return name
    nexts = {text[m.end():m.end() + 1] for m in re.finditer(re.escape(name), text)}
    if len(nexts) != 1:
        return name
    c = nexts.pop()
    verb_starts = {s for s, _e, _w, _v in after_matcher().iter(text)}
    starts_verb = any(m.end() in verb_starts for m in re.finditer(re.escape(name), text))
    if not "\u4e00" <= c <= "\u9fff" or c in NEVER_IN_NAMES or c in FUNCTION_AFTER or starts_verb:
        return name
    return name + c


@cache
def post_or_profession() -> CharMatcher[str]:
    return CharMatcher((w, w) for w in roles() if len(w) >= 2)


def _starts_with_region(text: str) -> bool:
    return bool(regions().get(text[:2]) or regions().get(text[:3]))


@Language.factory("kg_persons", default_config={"min_name_ratio": 0.03, "min_name_count": 3})
def make_person_recognizer(nlp: Language, name: str, min_name_ratio: float, min_name_count: int) -> PersonRecognizer:
    return PersonRecognizer(min_name_ratio, min_name_count)
