"""Shared reading helpers for fact rules: what lies between two mentions, years, roles."""

from __future__ import annotations

import re
from functools import cache

from ..model import Mention
from ..nlp.doc_state import ORG_TYPES, DocState
from ..resources import honour_taxonomy, lexicon, roles
from ..vocabulary import longest_first

YEAR_BEFORE = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?[“\"「]?\s*$")
YEAR_ANY = re.compile(r"((?:19|20)\d{2})\s*年")
THIS_YEAR = "今年"
ROLE_TAIL = re.compile(r"(?:员|师|长|经理|主任|总监|书记|主席|委员|专家|院士|教授|代表|记者|编辑|厂长|技师|导师|总裁|董事|理事|巡视员|主编|美编|校对|负责人|"
                       r"工|工人|职工|督导|顾问|骑手|骑士|参事|调研员|干事|主管|助理)$")


@cache
def role_words() -> tuple[str, ...]:
    return tuple(sorted(roles(), key=longest_first))


@cache
def negative_words() -> tuple[str, ...]:
    """Candidates are not holders: 拟表彰, 入围, 提名, 候选, 培育对象."""
    return tuple(lexicon("candidate_words"))


def looks_like_role(s: str) -> bool:
    """A post as written: role words joined by 、 (党组副书记、副主任), nothing sentence-like."""
    s = s.strip()
    if not s or len(s) > 30 or re.search(r"[，,。；;：:！？\n“”\"()（）·]", s):
        return False
    if any(w in s for w in _award_verbs()):
        return False  # 就授予某某蓝骑士: a conferral, not a post
    return all(_one_role(p) for p in re.split(r"[、]", s) if p) and not s.endswith("、")


@cache
def _award_verbs() -> tuple[str, ...]:
    """Award verbs of two or more characters (授予, 荣获, 评为, 命名): never inside a post."""
    return tuple(w for w in lexicon("award_triggers") | lexicon("recipient_triggers") if len(w) >= 2)


def _one_role(part: str) -> bool:
    part = part.strip().removeprefix("的")
    return bool(part) and (part in roles() or bool(ROLE_TAIL.search(part)) or part.endswith(role_words()))


def clean_role(s: str) -> str:
    return s.strip().strip("的、 ")


def year_before(text: str, start: int, doc_year: int | None) -> int | None:
    """The year written right before an honour (2019年全国五一劳动奖章), or 今年."""
    window = text[max(0, start - 8):start]
    m = YEAR_BEFORE.search(window)
    if m:
        return int(m.group(1))
    if window.rstrip("“\"").endswith(THIS_YEAR):
        return doc_year
    return None


def year_in(text: str, start: int, end: int, doc_year: int | None) -> int | None:
    """The last year stated in a stretch of text (2024年1月,李振华…被授予), or 今年."""
    chunk = text[start:end]
    found = [(m.start(), int(m.group(1))) for m in YEAR_ANY.finditer(chunk)]
    this_year = chunk.rfind(THIS_YEAR)
    if this_year >= 0 and doc_year:
        found.append((this_year, doc_year))
    return max(found)[1] if found else None


def is_cyclic(honour: str) -> bool:
    """A national honour conferred in fixed cycles (全国劳动模范 every five years)."""
    return any(k.get("national_cycle") and honour.startswith("全国") and honour.endswith(k["kind"])
               for k in honour_taxonomy()["kinds"])


def next_conferral_year(honour: str, year: int) -> int:
    """The first year at or after `year` in which a cyclic national honour is conferred (全国劳动模范: 2025)."""
    for kind in honour_taxonomy()["kinds"]:
        cycle = kind.get("national_cycle")
        if cycle and honour.startswith("全国") and honour.endswith(kind["kind"]) and year >= cycle["since"]:
            return year + (-(year - cycle["since"])) % cycle["every"]
    return year


def orgs(st: DocState) -> list[Mention]:
    return sorted((m for m in st.mentions if m.type in ORG_TYPES), key=lambda m: m.start)
