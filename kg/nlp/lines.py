"""Line shapes of printed matter: a magazine's masthead (版权页) spaces out its posts.

    编 委 会 主 任 钱立新
    副 主 编 潘 潮

A line whose leading single characters spell a post, followed by names, names people and their posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..resources import roles, surnames

TOKEN = re.compile(r"\S+")


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
        if not any(role.endswith(r) for r in roles() if len(r) >= 2):
            continue
        tail = prefix[cut:]
        names = _names(tail, tokens[cut:singles], rest)
        if names is not None:
            return SpacedRoleLine(role, names)
    return None


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
