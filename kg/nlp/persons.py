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
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Mention
from ..resources import (
    data_rows,
    given_name_chars,
    given_name_counts,
    lexicon,
    person_cues,
    regions,
    roles,
    surname_words,
    surnames,
)
from .charmatch import CharMatcher
from .doc_state import ORG_TYPES, DocState, state
from .lines import honour_list_items, masthead_entries, nonblank_lines

LIST_SEPS = "、 \t"
SEPARATORS = " |｜:：\t"
REFERENCE_MARK = re.compile(r"(?:^|\n)\s*(?:-\s*)?(?:\[\d+\]|\d+[.、．])\s*$")
REFERENCE_LINE = re.compile(r"\[[MJZNDCR]\]|出版社|参考文献|\.\s*\d{4}\s*[,，(（]|,\s*\d{4}\s*[,，(（]")
SIGNATURE = re.compile(r"^[（(]([\u4e00-\u9fff]{2,4})[)）]$")
FUNCTION_AFTER = set("是在说等的和与及也都就还曾已将被把对为从向给带率称认获表介指强告讲出主参作来到笑坦回谈用如")
CJK_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def name_like(given: str, strict: bool, min_ratio: float = 0.03, min_count: int = 3) -> bool:
    """Given-name characters must be common in names; strictly so where little else vouches."""
    counts, ratios = given_name_counts(), given_name_chars()
    ratio = min_ratio * (3 if strict else 1)
    count = min_count * (4 if strict else 1)
    frequent = 50 * (3 if strict else 1)  # common in names even if common elsewhere too (新, 文)
    return all(counts.get(c, 0) >= count and (ratios.get(c, 0.0) >= ratio or counts.get(c, 0) >= frequent)
               for c in given)


@dataclass
class _Scan:
    """What one pass over a document consults at every character, computed once."""

    text: str
    covered: set[int]  # characters inside an earlier mention (a studio's name may hold its leader's)
    mention_ends: dict[int, str]  # end offset → type of the mention ending there
    role_ends: dict[int, str]  # end offset → kind of the post or profession ending there
    byline_ends: dict[int, str]
    cue_ends: set[int]  # where a word that often precedes a name ends

    @classmethod
    def of(cls, text: str, st: DocState) -> _Scan:
        covered = {i for m in st.mentions if m.type != "Studio" for i in range(m.start, m.end)}
        ends: dict[int, str] = {}
        for m in st.mentions:
            if m.type == "Honour" or ends.get(m.end) != "Honour":
                ends[m.end] = m.type
        return cls(text, covered, ends,
                   {e: kind for _s, e, _k, kind in role_matcher().iter(text)},
                   {e: w for _s, e, w, _v in byline_matcher().iter(text)},
                   {e for _s, e, _w, _v in cue_matcher().iter(text)})


@cache
def role_matcher() -> CharMatcher[str]:
    return CharMatcher((w, kind) for w, kind in roles().items() if len(w) >= 2)


@cache
def cue_matcher() -> CharMatcher[str]:
    return CharMatcher((w, w) for w in person_cues()[0])


@cache
def byline_matcher() -> CharMatcher[str]:
    return CharMatcher((w, w) for w in lexicon("byline_cues"))


class PersonRecognizer:
    """Pipeline component: Person mentions."""

    def __init__(self, min_name_ratio: float = 0.03, min_name_count: int = 3):
        self.min_name_ratio = min_name_ratio
        self.min_name_count = min_name_count
        self.surnames = surnames()
        self.name_ratio = given_name_chars()
        self.name_counts = given_name_counts()
        self.cues_before, self.cues_after = person_cues()
        self.titles_after = {r[0]: (r[1] if len(r) > 1 else "address") for r in data_rows("lexicons/name_titles_after.txt")}
        self.title_words = tuple(sorted(self.titles_after, key=len, reverse=True))
        self.compound = {s for s in self.surnames if len(s) == 2}
        self.rare_surname_rank = 150
        self.words = surname_words()
        self.common_word_count = 50

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        scan = _Scan.of(st.text or doc.text, st)
        text = scan.text
        names: set[str] = set()
        for i in range(len(text)):
            span = self._candidate(scan, i)
            if span:
                names.add(text[span[0]:span[1]])
        names |= {text[s:e] for s, e in self._line_shapes(text, st)}
        names |= self._list_members(text, names)
        st.mentions += self._all_occurrences(scan, names)
        return doc

    # -- one candidate ------------------------------------------------------------------------
    def _candidate(self, scan: _Scan, i: int) -> tuple[int, int] | None:
        text = scan.text
        sur = self._surname_at(text, i)
        if not sur or i in scan.covered:
            return None
        left = self._left_context(scan, i)
        options = []
        for given in (2, 1):
            end = i + len(sur) + given
            if end > len(text) or not all(self._cjk(c) for c in text[i + len(sur):end]):
                continue
            right = self._right_context(text, end)
            if self._accept(left, right, sur, text[i + len(sur):end]) and not self._region_led(text[i:end]):
                options.append((given, end, right))
        if not options:
            return None
        given, end, right = options[0]
        tail = text[end - 1]
        if given == 2 and len(options) > 1 and right != "edge" and tail in FUNCTION_AFTER \
                and self.name_ratio.get(tail, 0.0) < 0.02:
            given, end, right = options[1]  # 林浩和副主任: the third character is a function word
        return i, end

    def _accept(self, left: str, right: str, surname: str, given: str) -> bool:
        """Context strong enough for this name; one-character given names and rare surnames need more."""
        rare = self.surnames.get(surname, 9999) > self.rare_surname_rank
        if self.words.get(surname + given[0], 0) >= self.common_word_count and left != "post" and right != "title":
            return False  # 单位, 成立, 关于: an ordinary word, not 单 + 位…
        if right == "title":
            return True
        if right == "name_of":
            if len(given) == 1 or rare:
                return self._name_like(given, strict=True)
            return any(self.name_counts.get(c, 0) >= 1 for c in given) and not any(c in FUNCTION_AFTER for c in given)
        if left in ("post", "vouched"):
            if rare and not self._name_like(given, strict=len(given) == 1):
                return False
            if right != "none":
                if len(given) == 2:  # 黄细妹: one name-like character is enough; 单位多 has none
                    return any(self.name_ratio.get(c, 0.0) >= self.min_name_ratio
                               or self.name_counts.get(c, 0) >= 20 for c in given)
                return self._name_like(given, strict=False)
            return left == "post" and len(given) == 2 and self._name_like(given, strict=False)
        if left == "cue" or (left == "edge" and right == "cue"):
            return self._name_like(given, strict=len(given) == 1 or rare)
        return False

    def _region_led(self, candidate: str) -> bool:
        """花都工, 高明区: pseudonymous bylines and places start with a region name."""
        gaz = regions()
        heads = (candidate[:2], candidate[:3])
        return any(gaz.get(h) or any(h + sfx in gaz.by_name for sfx in "区县市") for h in heads)

    def _surname_at(self, text: str, i: int) -> str | None:
        two = text[i:i + 2]
        if two in self.compound:
            return two
        return text[i] if text[i] in self.surnames else None

    def _left_context(self, scan: _Scan, i: int) -> str:
        """post: a post or honour ends here (the name may run into a verb: 代表孔祥林成立…); vouched: a
        profession or byline; cue: an organisation or weaker cue; edge: punctuation."""
        text, role_ends, byline_ends = scan.text, scan.role_ends, scan.byline_ends
        before_mention = scan.mention_ends.get(i) or (scan.mention_ends.get(i - 1) if text[i - 1:i] in "”\"" else None)
        if i in role_ends and role_ends[i] == "post" or before_mention == "Honour":
            return "post"
        if i in role_ends or (i in byline_ends and len(byline_ends[i]) >= 2):
            return "vouched"
        j = i
        while j > 0 and text[j - 1] in SEPARATORS:
            j -= 1
        if j < i and j in byline_ends and any(c in "|｜:：" for c in text[j:i]):
            return "vouched"
        if REFERENCE_MARK.search(text[max(0, i - 8):i]):
            return "vouched"
        if before_mention in ORG_TYPES:
            return "cue"
        if i in scan.cue_ends:
            return "cue"
        if i == 0 or not self._cjk(text[i - 1]):
            return "edge"
        return "inside"

    def _right_context(self, text: str, end: int) -> str:
        rest = text[end:end + 8]
        if not rest or not self._cjk(rest[0]):
            return "edge"
        title = next((t for t in self.title_words if rest.startswith(t)), None)
        if title:
            return "title" if self.titles_after[title] == "address" else "name_of"
        if any(rest.startswith(c) for c in self.cues_after):
            return "cue"
        if rest[0] in FUNCTION_AFTER:
            return "function"
        return "none"

    def _name_like(self, given: str, strict: bool) -> bool:
        return name_like(given, strict, self.min_name_ratio, self.min_name_count)

    @staticmethod
    def _cjk(c: str) -> bool:
        return "\u4e00" <= c <= "\u9fff"

    # -- line shapes --------------------------------------------------------------------------
    def _line_shapes(self, text: str, st: DocState) -> list[tuple[int, int]]:
        lines = nonblank_lines(text)
        out = self._table_cells(text, lines)
        out += [span for _role, span, _line in masthead_entries(text)]
        out += [item.name for item in honour_list_items(text, st.of_type("Honour"))]
        for k, (s, e) in enumerate(lines):
            line = text[s:e]
            sig = SIGNATURE.match(line)
            if sig and self._looks_like_name(sig.group(1)):
                out.append((s + 1, e - 1))
            elif self._looks_like_name(line) and len(line) <= 3 and k + 1 < len(lines) and self._caption_follows(text, lines[k + 1], st):
                out.append((s, e))
            elif REFERENCE_LINE.search(line):
                out += self._reference_authors(text, s, e)
        return out

    def _caption_follows(self, text: str, line: tuple[int, int], st: DocState) -> bool:
        """A name alone on its line, then a line that starts with an organisation or a post."""
        s, e = line
        line = text[s:e].rstrip("、，, ")
        starts_org = any(m.start == s and m.type in ORG_TYPES for m in st.mentions)
        has_role = any(line.startswith(r) or line.endswith(r) for r in roles() if len(r) >= 2)
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
        return bool(sur) and bool(CJK_NAME.match(s)) and len(s) - len(sur) <= 2 + (len(sur) == 1 and len(s) == 4)

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
        for _ in range(8):
            sep = pos if step > 0 else pos - 1
            if not 0 <= sep < len(text) or text[sep] not in LIST_SEPS:
                break
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
            if len(t) == n and self._looks_like_name(t) and closes:
                return t
        return None

    def _token_before(self, text: str, pos: int) -> str | None:
        m = re.search(r"[\u4e00-\u9fff]{2,4}$", text[max(0, pos - 4):pos])
        if not m:
            return None
        for n in (3, 2, 4):
            t = m.group(0)[-n:]
            before = text[pos - n - 1:pos - n] if pos - n > 0 else ""
            if len(t) == n and self._looks_like_name(t) and (not before or not self._cjk(before)):
                return t
        return None

    @staticmethod
    def _all_occurrences(scan: _Scan, names: set[str]) -> list[Mention]:
        out: list[Mention] = []
        taken = set(scan.covered)
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), scan.text):
                s, e = m.span()
                if any(p in taken for p in range(s, e)):
                    continue
                taken.update(range(s, e))
                out.append(Mention(s, e, name, "Person", name.replace(" ", "")))
        return out


@Language.factory("kg_persons", default_config={"min_name_ratio": 0.03, "min_name_count": 3})
def make_person_recognizer(nlp: Language, name: str, min_name_ratio: float, min_name_count: int) -> PersonRecognizer:
    return PersonRecognizer(min_name_ratio, min_name_count)
