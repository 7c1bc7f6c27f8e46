"""Recognise honours by their shape: an optional conferring level, then a kind.

全国五一劳动奖章, 省五一劳动奖章 (→ 广东省… in a Guangdong story), 南粤工匠, 中央企业劳动模范,
全国交通技术能手, and enumerations such as 全国、省、市劳动模范 (three honours). Kinds and levels come
from `data/honours.json`; what is not an honour (羊城工匠杯, 培育对象, 劳模精神) is data there too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Mention
from ..resources import honour_taxonomy, lexicon, region_nicknames, regions
from .charmatch import CharMatcher
from .doc_state import ORG_TYPES, Home, state

QUOTES_OPEN = "“\"「『‘"
QUOTES_CLOSE = "”\"」』’"
ENUM_SEP = "、和及与"


@dataclass(frozen=True)
class Kind:
    kind: str
    canonical: str
    bare: bool
    designation: bool


@cache
def kind_matcher() -> CharMatcher[Kind]:
    entries = []
    for k in honour_taxonomy()["kinds"]:
        kind = Kind(k["kind"], k["kind"], k.get("bare", False), k.get("designation", False))
        entries.append((k["kind"], kind))
        entries += [(a, Kind(a, k["kind"], kind.bare, kind.designation)) for a in k.get("aliases", [])]
    return CharMatcher(entries)


@cache
def level_pattern() -> re.Pattern[str]:
    """A level word, or several joined by 、/和 (全国、省、市), right before a kind."""
    tax = honour_taxonomy()
    words = {lv["prefix"] for lv in tax["levels"]}
    words |= {"全国" + ind for ind in tax["industries"]}
    words |= set(regions().surface) | set(region_nicknames()) | set(lexicon("level_chars"))
    alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    one = f"(?:{alt})"
    return re.compile(f"{one}(?:[{ENUM_SEP}]{one})*$")


def _skip_quotes_after(text: str, i: int) -> int:
    while i < len(text) and text[i] in QUOTES_CLOSE + " ":
        i += 1
    return i


def _kind_of(canonical: str) -> str:
    """The kind a canonical honour name ends with (全国劳动模范 → 劳动模范)."""
    kinds = sorted((k["kind"] for k in honour_taxonomy()["kinds"]), key=len, reverse=True)
    return next((k for k in kinds if canonical.endswith(k)), "")


class HonourRecognizer:
    """Pipeline component: Honour mentions with canonical, level-complete names."""

    def __init__(self, max_level_chars: int = 24):
        self.max_level_chars = max_level_chars
        tax = honour_taxonomy()
        self.not_after = sorted(tax["not_after"], key=len, reverse=True)
        self.not_before = tuple(tax["not_before"])
        self.title_words = tuple(tax["honour_words_after_quote"])
        self.categories = {lv["prefix"] for lv in tax["levels"] if lv.get("category")}

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        text = st.text or doc.text
        org_ends = {m.end: m for m in st.mentions if m.type in ORG_TYPES}
        matches = kind_matcher().longest(text)
        for k, (start, end, _key, kind) in enumerate(matches):
            found = self.honours_at(text, start, end, kind, st.home, org_ends.get(start))
            st.mentions += found
            st.mentions += self._coordinated_kinds(text, end, found, matches[k + 1:k + 2])
        return doc

    @staticmethod
    def _coordinated_kinds(text: str, end: int, found: list[Mention], following: list) -> list[Mention]:
        """全国劳动模范和先进工作者: a second kind joined by 和/、 shares the first one's level."""
        if not found or not following or found[0].canonical is None:
            return []
        start2, end2, _key, kind2 = following[0]
        if start2 != end + 1 or text[end] not in ENUM_SEP:
            return []
        first = found[0]
        level = first.canonical[: len(first.canonical) - len(_kind_of(first.canonical))]
        return [Mention(start2, end2, text[start2:end2], "Honour", level + kind2.canonical)] if level else []

    def honours_at(self, text: str, start: int, end: int, kind: Kind, home: Home,
                   conferrer: Mention | None = None) -> list[Mention]:
        if self._negated(text, start, end):
            return []
        window = text[max(0, start - self.max_level_chars):start]
        m = level_pattern().search(window)
        if m and m.group(0) in self.categories:
            return []  # 省部级劳模 is a category of people, not an honour
        if m and self._negated_before(text, start - len(m.group(0))):
            return []
        if not m and conferrer and not kind.bare and conferrer.type in ("OtherOrganization", "UnionBody"):
            # 广东省医师协会优秀基层医师: an organisation confers its own title
            return [Mention(conferrer.start, end, text[conferrer.start:end], "Honour", conferrer.name + kind.canonical)]
        if not m:
            return self._quoted(text, start, end) or self._bare(text, start, end, kind)
        levels = re.split(f"[{ENUM_SEP}]", m.group(0))
        if kind.designation and not self._designated(text, start - len(m.group(0))):
            return []
        level_start = start - len(m.group(0))
        kinds = [kind.canonical] + self._parenthesised_kinds(text, end, kind)
        # an enumeration has no contiguous surface form per honour: each gets the whole span
        return [Mention(level_start, end, text[level_start:end], "Honour", (home.expand(level) or level) + k)
                for k in kinds for level in levels]

    @staticmethod
    def _parenthesised_kinds(text: str, end: int, kind: Kind) -> list[str]:
        """全国、省劳动模范（先进工作者）and 全国模范职工之家（职工小家）name further kinds at the same levels."""
        m = re.match(r"[（(]([^）)]{2,8})[）)]", text[end:end + 10])
        if not m:
            return []
        inner = m.group(1)
        known = {k["kind"] for k in honour_taxonomy()["kinds"]}
        if inner in known:
            return [inner]
        variant = kind.canonical[: -len(inner)] + inner if len(inner) < len(kind.canonical) else ""
        return [variant] if variant in known else []

    def _quoted(self, text: str, start: int, end: int) -> list[Mention]:
        """“广缆工匠” after 获评/荣获, or “X工匠”称号: a quoted title is an honour as written."""
        q = max(text.rfind(c, max(0, start - 8), start) for c in QUOTES_OPEN)
        if q < 0 or q == start - 1 or any(c in text[q + 1:start] for c in QUOTES_CLOSE + "，,。；\n"):
            return []
        if text[end:end + 1] not in QUOTES_CLOSE:
            return []
        titled = text[end + 1:end + 5].startswith(self.title_words)
        if not (titled or self._designated(text, q + 1) or re.search(r"第[一二三四五六七八九十\d]+届$", text[max(0, q - 5):q])):
            return []
        return [Mention(q + 1, end, text[q + 1:end], "Honour", None)]

    def _bare(self, text: str, start: int, end: int, kind: Kind) -> list[Mention]:
        """A kind with no level is a name only where the kind is one (五一劳动奖章, 工人先锋号)."""
        if kind.designation and not self._designated(text, start):
            return []
        if not kind.bare:
            return []
        return [Mention(start, end, text[start:end], "Honour", kind.canonical if kind.bare else None)]

    def _negated(self, text: str, start: int, end: int) -> bool:
        after = text[_skip_quotes_after(text, end):end + 8]
        return any(after.startswith(w) for w in self.not_after) or self._negated_before(text, start)

    def _negated_before(self, text: str, start: int) -> bool:
        """培养大国工匠, 争创工人先锋号: an aim, not an honour held."""
        return text[max(0, start - 6):start].rstrip(QUOTES_OPEN).endswith(self.not_before)

    @staticmethod
    def _designated(text: str, start: int) -> bool:
        before = text[max(0, start - 8):start].rstrip(QUOTES_OPEN)
        return before.endswith(("命名为", "评为", "认定为", "授予", "获评", "被命名", "获得", "荣获", "获"))


@Language.factory("kg_honours", default_config={"max_level_chars": 24})
def make_honour_recognizer(nlp: Language, name: str, max_level_chars: int) -> HonourRecognizer:
    return HonourRecognizer(max_level_chars)
