"""Line shapes of printed matter: a magazine's masthead (版权页) spaces out its posts.

    编 委 会 主 任 钱立新
    副 主 编 潘 潮

A line whose leading single characters spell a post, followed by names, names people and their posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..model import Mention
from ..resources import roles, surnames

TOKEN = re.compile(r"\S+")
# a profile's label before the name it introduces (【人物档案】某某，52岁，…): persons and facts read it
PROFILE_LABEL = r"[【\[［][^】\]］\n]{0,6}(?:档案|简介|名片|介绍)[】\]］]"


@dataclass(frozen=True)
class SpacedRoleLine:
    role: str
    names: list[tuple[int, int]]  # offsets of each name in the text (a name may hold a space: 潘 潮)


def spaced_role_line(text: str, start: int, end: int) -> SpacedRoleLine | None:
    """Parse one line as POST NAME [NAME …] with the post's characters spaced out."""
    tokens = [(start + m.start(), start + m.end(), m.group(0)) for m in TOKEN.finditer(text[start:end])]
    singles = 0
    while singles < len(tokens) and len(tokens[singles][2]) == 1:
        singles += 1
    if singles < 2:
        return None
    prefix = "".join(t[2] for t in tokens[:singles])
    rest = tokens[singles:]
    for cut in range(len(prefix), 1, -1):
        role = prefix[:cut]
        if not role.endswith(_role_words()):
            continue
        tail = prefix[cut:]
        names = _names(tail, tokens[cut:singles], rest)
        if names is not None:
            return SpacedRoleLine(role, names)
    return None


@cache
def _role_words() -> tuple[str, ...]:
    return tuple(r for r in roles() if len(r) >= 2)


def _names(tail: str, tail_tokens: list, rest: list) -> list[tuple[int, int]] | None:
    """潘 潮 (spaced name) or 冯志远 胡文军 (whole tokens); each must start with a surname."""
    if tail and rest:
        return None
    if tail:
        ok = 2 <= len(tail) <= 3 and tail[0] in surnames()
        return [(tail_tokens[0][0], tail_tokens[-1][1])] if ok else None
    if not rest or not all(2 <= len(t[2]) <= 4 and t[2][0] in surnames() for t in rest):
        return None
    return [(s, e) for s, e, _t in rest]


def name_only_line(text: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """A continuation line of a masthead entry: names only (韩雪梅)."""
    tokens = [(start + m.start(), start + m.end(), m.group(0)) for m in TOKEN.finditer(text[start:end])]
    if tokens and all(2 <= len(t[2]) <= 3 and t[2][0] in surnames() for t in tokens):
        return [(s, e) for s, e, _t in tokens]
    return None


def masthead_entries(text: str) -> list[tuple[str, tuple[int, int], int]]:
    """(post, name span, line start) for every masthead line in blocks of at least three such lines."""
    lines = nonblank_lines(text)
    entries: list[tuple[str, tuple[int, int], int]] = []
    block: list[tuple[str, tuple[int, int], int]] = []
    role_lines, last_role = 0, None
    for s, e in lines + [(len(text), len(text))]:
        parsed = spaced_role_line(text, s, e) if e > s else None
        if parsed:
            block += [(parsed.role, span, s) for span in parsed.names]
            role_lines, last_role = role_lines + 1, parsed.role
            continue
        cont = name_only_line(text, s, e) if block and e > s else None
        if cont and last_role:
            block += [(last_role, span, s) for span in cont]
            continue
        if role_lines >= 3:
            entries += block
        block, role_lines, last_role = [], 0, None
    return entries


@dataclass(frozen=True)
class ListItem:
    honour: Mention
    name: tuple[int, int]
    line: tuple[int, int]


LIST_TAILS = ("名单", "如下", ":", "：")
HEADING_PUNCT = re.compile(r"[，,。；;！？]")
ITEM_SEP = re.compile(r"[、\s]+")


def honour_list_items(text: str, honours: list[Mention]) -> list[ListItem]:
    """Names listed under an honour heading, one or several a line:

        2023年全国五一劳动奖章获得者名单
        张建军 湖南华菱钢铁集团有限公司高级技师
        李秀英、王德明
    """
    lines = nonblank_lines(text)
    items: list[ListItem] = []
    k = 0
    while k < len(lines):
        honour = _heading_honour(text, lines[k], honours)
        k += 1
        if not honour:
            continue
        if k >= 2 and _blank_before(text, lines[k - 1], lines[k - 2]) == 0:
            continue  # a line inside a block (a caption's honour line) is no heading
        heading = text[lines[k - 1][0]:lines[k - 1][1]]
        if k < len(lines) and _blank_before(text, lines[k], lines[k - 1]) > 0 and not heading.endswith(LIST_TAILS):
            continue
        while k < len(lines) and not _heading_honour(text, lines[k], honours) and _blank_before(text, lines[k], lines[k - 1]) < 2:
            names = _item_names(text, *lines[k])
            if not names:
                break
            items += [ListItem(honour, span, lines[k]) for span in names]
            k += 1
    return items


def _heading_honour(text: str, line: tuple[int, int], honours: list[Mention]) -> Mention | None:
    s, e = line
    if e - s > 40 or HEADING_PUNCT.search(text[s:e]):
        return None
    inside = [h for h in honours if s <= h.start and h.end <= e]
    return inside[0] if len(inside) == 1 else None


def _blank_before(text: str, line: tuple[int, int], previous: tuple[int, int]) -> int:
    return text.count("\n", previous[1], line[0]) - 1


def _item_names(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """All tokens if the line is a list of names; else the leading name of a name-plus-post line."""
    tokens = [(s + m.start(), s + m.end()) for m in re.finditer(r"[^、\s]+", text[s:e])]
    names = [(a, b) for a, b in tokens if _name_token(text[a:b])]
    if names and len(names) == len(tokens):
        return names
    return names[:1] if names and names[0] == tokens[0] else []


def _name_token(token: str) -> bool:
    return 2 <= len(token) <= 4 and token[0] in surnames() and all("\u4e00" <= c <= "\u9fff" for c in token)


def nonblank_lines(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end) without surrounding white space."""
    out, pos = [], 0
    for line in text.split("\n"):
        s = pos + len(line) - len(line.lstrip())
        e = pos + len(line.rstrip())
        if e > s:
            out.append((s, e))
        pos += len(line) + 1
    return out


BULLET = re.compile(r"[★☆●○■□◆◇▲△▶►•◎\-*]\s*|(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.、．)）]\s*|[(（]\d{1,3}[)）]\s*")


def bullet_end(text: str, s: int, e: int) -> int:
    """Where a list item's text starts after its bullet or number (★, ●, 1., 一、, (3)); s if none."""
    m = BULLET.match(text, s, e)
    return m.end() if m else s
