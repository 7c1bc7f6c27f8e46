"""Recognise people's names without a model: a surname, one or two given-name characters, and context.

A Chinese name is only trusted where the text vouches for it: a post or byline cue before it
(技术总监陈荣发, 记者彭新启, 文 | 黎蔚), an organisation or honour right before it, a verb or title after
it (黄宁生讲话, 习近平总书记), a caption line, a table of names, or a list (张裕山、魏永鹏) one of whose
members is vouched for. Whether 黄宁生讲 is a three-character name is decided by what follows and
by how name-like the third character is (statistics from the People's Daily corpus).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Mention
from ..resources import given_name_chars, given_name_counts, person_cues, roles, surnames
from .charmatch import CharMatcher
from .doc_state import ORG_TYPES, DocState, state

LIST_SEPS = "、 \t"
# a generic post: some characters ending in a post head (维修班班长, 后勤员, 项目经理)
ROLE_TAIL = re.compile(r"(?:员|师|长|经理|主任|总监|书记|主席|委员|专家|院士|教授|代表|记者|编辑|厂长|工人|技师)$")
REFERENCE_MARK = re.compile(r"(?:^|\n)\s*\[\d+\]\s*$")
TITLE_AFTER = ("总书记", "同志", "先生", "女士", "师傅", "新时代")
FUNCTION_AFTER = set("是在说等的和与及也都就还曾已将被把对为从向给带率称认获表介指强告讲出主参作来到说笑坦回谈用")


@dataclass
class Candidate:
    start: int
    end: int
    strong: bool


@cache
def role_matcher() -> CharMatcher[str]:
    return CharMatcher((w, kind) for w, kind in roles().items() if len(w) >= 2)


class PersonRecognizer:
    """Pipeline component: Person mentions."""

    def __init__(self, min_name_ratio: float = 0.02):
        self.min_name_ratio = min_name_ratio
        self.surnames = surnames()
        self.name_ratio = given_name_chars()
        self.name_counts = given_name_counts()
        self.min_name_count = 3
        self.cues_before, self.cues_after = person_cues()
        self.compound = {s for s in self.surnames if len(s) == 2}

    def __call__(self, doc: Doc) -> Doc:
        st = state(doc)
        text = doc.text
        role_ends = {e: kind for _s, e, _k, kind in role_matcher().iter(text)}
        accepted: dict[tuple[int, int], bool] = {}
        for i in range(len(text)):
            cand = self._candidate(text, i, st, role_ends)
            if cand:
                accepted[(cand.start, cand.end)] = cand.strong
        accepted.update({span: True for span in self._table_cells(text)})
        names = self._names_from(text, accepted)
        names |= self._list_members(text, names, st)
        st.mentions += self._all_occurrences(text, names, st)
        return doc

    # -- candidates -------------------------------------------------------------------------
    def _candidate(self, text: str, i: int, st: DocState, role_ends: dict[int, str]) -> Candidate | None:
        sur = self._surname_at(text, i)
        if not sur or self._inside_mention(st, i):
            return None
        left = self._left_context(text, i, st, role_ends)
        best: Candidate | None = None
        for given in (2, 1):
            end = i + len(sur) + given
            if end > len(text) or not all(self._cjk(c) for c in text[i + len(sur):end]):
                continue
            right = self._right_context(text, end)
            if right == "none":
                continue
            strong = left in ("role", "profession", "cue") or right == "title" or (left == "edge" and right == "cue")
            if not strong:
                continue
            if not self._name_like(text[i + len(sur):end], strong_cue=left == "role" or right == "title",
                                   weak_cue=left == "profession" or right == "cue"):
                continue
            cand = Candidate(i, end, True)
            if given == 2 and right in ("edge", "function") and self._tail_unlikely(text[end - 1]):
                continue
            best = best or cand
        return best

    def _surname_at(self, text: str, i: int) -> str | None:
        two = text[i:i + 2]
        if two in self.compound:
            return two
        return text[i] if text[i] in self.surnames and len(text[i]) == 1 else None

    def _left_context(self, text: str, i: int, st: DocState, role_ends: dict[int, str]) -> str:
        """role: a post ends here; cue: a byline cue, organisation or honour; edge: punctuation."""
        if i in role_ends:
            return "role" if role_ends[i] == "post" else "profession"
        before = text[max(0, i - 12):i]
        stripped = before.rstrip(" |｜:：\t“”\"")
        if stripped != before and any(stripped.endswith(c) for c in self.cues_before):
            return "role"
        if any(before.endswith(c) for c in self.cues_before) or REFERENCE_MARK.search(text[max(0, i - 8):i]):
            return "cue"
        for m in st.mentions:
            if (m.end == i or (m.end == i - 1 and text[i - 1] in "”\"")) and (m.type == "Honour" or m.type in ORG_TYPES):
                return "cue"
        if i == 0 or not self._cjk(text[i - 1]):
            return "edge"
        return "inside"

    def _right_context(self, text: str, end: int) -> str:
        rest = text[end:end + 4]
        if not rest or not self._cjk(rest[0]):
            return "edge"
        if rest.startswith(TITLE_AFTER):
            return "title"
        if any(rest.startswith(c) for c in self.cues_after):
            return "cue"
        if rest[0] in FUNCTION_AFTER:
            return "function"
        return "none"

    def _name_like(self, given: str, strong_cue: bool, weak_cue: bool = False) -> bool:
        """Given-name characters must be seen in names; a post or byline cue lowers the bar."""
        if strong_cue:
            return True
        if weak_cue:
            return all(self.name_counts.get(c, 0) >= 1 for c in given)
        floor = self.min_name_count * (4 if len(given) == 1 else 1)
        return all(self.name_counts.get(c, 0) >= floor and self.name_ratio.get(c, 0.0) >= self.min_name_ratio
                   for c in given)

    def _tail_unlikely(self, c: str) -> bool:
        return self.name_ratio.get(c, 0.0) < self.min_name_ratio

    @staticmethod
    def _cjk(c: str) -> bool:
        return "\u4e00" <= c <= "\u9fff"

    @staticmethod
    def _inside_mention(st: DocState, i: int) -> bool:
        return any(m.start <= i < m.end and m.type != "Studio" for m in st.mentions)

    # -- shapes beyond a single cue --------------------------------------------------------
    def _table_cells(self, text: str) -> list[tuple[int, int]]:
        """A line of tab-separated short cells that start with surnames is a table of names."""
        out = []
        pos = 0
        for line in text.split("\n"):
            cells, off = [], pos
            for cell in line.split("\t"):
                cells.append((off, off + len(cell), cell))
                off += len(cell) + 1
            names = [(s, e) for s, e, c in cells if self._looks_like_name(c.replace(" ", ""))]
            if len(cells) >= 3 and len(names) >= max(3, len(cells) // 2):
                out += [(s + (len(text[s:e]) - len(text[s:e].lstrip())), e) for s, e in names]
            pos += len(line) + 1
        return out

    def _looks_like_name(self, s: str) -> bool:
        sur = self._surname_at(s, 0) if s else None
        return bool(sur) and 2 <= len(s) <= 4 and all(self._cjk(c) for c in s)

    @staticmethod
    def _names_from(text: str, accepted: dict[tuple[int, int], bool]) -> set[str]:
        return {text[s:e] for (s, e), strong in accepted.items() if strong}

    def _list_members(self, text: str, names: set[str], st: DocState) -> set[str]:
        """张裕山、魏永鹏: the neighbours of a known name in a list are names too."""
        out: set[str] = set()
        for name in names:
            for m in re.finditer(re.escape(name), text):
                for direction in (1, -1):
                    out |= self._walk_list(text, m.start(), m.end(), direction)
        return {n for n in out if n not in names}

    def _walk_list(self, text: str, start: int, end: int, direction: int) -> set[str]:
        found: set[str] = set()
        for _ in range(8):
            if direction > 0:
                if end >= len(text) or text[end] not in LIST_SEPS:
                    break
                m = re.match(r"[^\s、，,。；;：:（）()“”\"]{2,4}", text[end + 1:end + 5])
                if not m:
                    break
                token = self._trim_right(m.group(0), text, end + 1)
                if not token:
                    break
                found.add(token)
                start, end = end + 1, end + 1 + len(token)
            else:
                if start == 0 or text[start - 1] not in LIST_SEPS:
                    break
                seg = text[max(0, start - 5):start - 1]
                m = re.search(r"[^\s、，,。；;：:（）()“”\"|｜]{2,4}$", seg)
                if not m:
                    break
                token = self._trim_left(m.group(0))
                if not token:
                    break
                found.add(token)
                end, start = start - 1, start - 1 - len(token)
        return found

    def _trim_right(self, token: str, text: str, pos: int) -> str | None:
        for n in (3, 2, 4):
            t = token[:n]
            if len(t) == n and self._looks_like_name(t):
                after = text[pos + n:pos + n + 1]
                if not after or not self._cjk(after) or after in FUNCTION_AFTER or \
                        any(text[pos + n:].startswith(c) for c in self.cues_after):
                    return t
        return None

    def _trim_left(self, token: str) -> str | None:
        for n in (3, 2, 4):
            t = token[-n:]
            if len(t) == n and self._looks_like_name(t):
                return t
        return None

    def _all_occurrences(self, text: str, names: set[str], st: DocState) -> list[Mention]:
        out = []
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                s, e = m.span()
                if any(o.start < e and s < o.end for o in out) or self._inside_mention(st, s):
                    continue
                out.append(Mention(s, e, name, "Person", name.replace(" ", "")))
        return out


@Language.factory("kg_persons", default_config={"min_name_ratio": 0.02})
def make_person_recognizer(nlp: Language, name: str, min_name_ratio: float) -> PersonRecognizer:
    return PersonRecognizer(min_name_ratio)
