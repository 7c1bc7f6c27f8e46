"""Text normalisation with an offset map back to the original file.

Three things are done, and nothing else, so that every normalised character can be traced back:

1. Lines broken inside a sentence are rejoined. PDF conversions break every printed column line
   ("劳\\n\\n模工匠"), and web copies break a few paragraphs ("工\\n\\n业机器人"). A break is removed only when
   the line before is a full line (PDF: as long as a typical column line; prose: a real paragraph) that
   stops mid-sentence and the next line carries the sentence on. Headings, captions (■…, …供图), bylines
   and short title lines are never glued to what follows.
2. Full-width letters, digits and ASCII-like symbols are folded to ASCII; U+3000 and other exotic
   spaces become a plain space. Chinese punctuation (，。：；！？（）“”) is kept, because readers and
   downstream rules expect it.
3. Runs of spaces collapse to one space (a run holding a tab becomes one tab, so table cells stay
   apart), lines are stripped, and three or more line breaks become one blank line.

`normalise` returns the text and `offsets`, where `offsets[i]` is the index in the original string of
normalised character `i`, plus one final entry: the end of the region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

_KEEP_FULLWIDTH = frozenset("！（），：；？")
_SPACES = frozenset(" \t\u3000\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                    "\u2009\u200a\u202f\u205f\x0b\x0c")
_DROPPED = frozenset("\r\u200b\u200c\u200d\u2060\ufeff")

# A line ending in one of these has finished its sentence (or introduces a list), so a break after it stays.
SENTENCE_END = frozenset("。！？；：…!?;:")
_CLOSERS = frozenset("”’」』）)》〉】")
# Characters that leave a sentence open at the end of a line.
_OPEN_END = frozenset("，、,“‘《（(〈「『【—-·/+&")
# Characters a continuation line may start with besides CJK, digits and letters.
_CONT_START = frozenset("，、。；：！？”’》）),.;:!?%“‘《（(「『【")
# Ends that close a short last line of a paragraph.
_LINE_CLOSE = frozenset("。！？；…!?;.") | _CLOSERS

_BULLET = re.compile(r"^[■□●○◆◇★☆▲△▶►•·※#>|*\-—–]")
_LIST_MARKER = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．]\s?|"
    r"[①-⑳]|第[一二三四五六七八九十\d]+[章节部分条])"
)
_CAPTION_END = re.compile(
    r"(?:单位供图|资料图片|资料配图|资料图|供图\s*[|｜]?\s*\S{0,8}|摄影\s*[|｜]\s*\S{1,8}|/摄)$"
)
_AUTHOR_PAREN = re.compile(r"^[（(](?![一二三四五六七八九十\d]+[)）])[^()（）\s]{2,10}[)）]$")
_BYLINE = re.compile(r"^■?\s*(?:本报)?(?:全媒体)?(?:记者|通讯员)\s*\S")


def is_cjk(ch: str) -> bool:
    """CJK ideograph (BMP blocks and the supplementary planes)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def fold_char(ch: str) -> str:
    """Full-width ASCII → ASCII except the Chinese punctuation we keep; exotic spaces → space."""
    if ch in _SPACES:
        return "\t" if ch == "\t" else " "
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E and ch not in _KEEP_FULLWIDTH:
        return chr(o - 0xFEE0)
    return ch


def width(line: str) -> float:
    """Printed width in em: ASCII is half as wide as CJK, which is how PDF column lines fill up."""
    return sum(0.5 if ord(c) < 0x80 else 1.0 for c in line)


def is_caption(line: str) -> bool:
    """Photo captions and credits: ■… lines, or lines ending in 供图 / 资料图片 / 摄影 | X."""
    return line.startswith(("■", "▲")) or bool(_CAPTION_END.search(line))


def is_byline(line: str) -> bool:
    """■全媒体记者X 通讯员Y — the reporter line of a newspaper article."""
    return len(line) <= 40 and bool(_BYLINE.match(line))


def is_author_paren(line: str) -> bool:
    """A whole line like (王小明) or （大亚湾工）: the author signature closing a short news item."""
    return bool(_AUTHOR_PAREN.match(line))


def is_list_marker(line: str) -> bool:
    return bool(_LIST_MARKER.match(line))


def _ends_open(line: str) -> bool:
    """True when the line stops mid-sentence (so the next line may carry it on)."""
    last = line[-1]
    if last in _CLOSERS:
        return len(line) > 1 and line[-2] not in SENTENCE_END and (is_cjk(line[-2]) or line[-2].isalnum())
    return is_cjk(last) or last.isalnum() or last in _OPEN_END


def _starts_continuing(line: str) -> bool:
    """True when the line can be the rest of a sentence: not a bullet, list item, caption or byline."""
    first = line[0]
    if _BULLET.match(line) or is_list_marker(line) or is_caption(line) or is_byline(line):
        return False
    if is_author_paren(line):
        return False
    return is_cjk(first) or first.isalnum() or first in _CONT_START


def _heading_like(line: str) -> bool:
    """Words separated by spaces and no punctuation at all: 「突出党建引领 推进精准施策」."""
    return bool(re.search(r"[\u4e00-\u9fff] +[\u4e00-\u9fff“]", line)) and not re.search(
        r"[，、。；：！？,;:!?“”《》]", line
    )


def _clause_rich(line: str) -> bool:
    """A paragraph rather than a title: several clauses, or a full stop inside."""
    if re.search(r"[。！？；;]", line[:-1]):
        return True
    commas = len(re.findall(r"[，,、]", line))
    return commas >= 2 or (commas >= 1 and len(line) >= 60)


@dataclass
class _Line:
    items: list[tuple[str, int]] = field(default_factory=list)  # (normalised char, original index)
    newline: int | None = None  # original index of the "\n" that ends this line

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.items)


def _clean_line(original: str, start: int, end: int) -> list[tuple[str, int]]:
    """Fold characters, collapse space runs, strip the line's ends; keep each char's original index."""
    items: list[tuple[str, int]] = []
    run: list[tuple[str, int]] = []
    for i in range(start, end):
        ch = original[i]
        if ch in _DROPPED:
            continue
        folded = fold_char(ch)
        if folded in (" ", "\t"):
            run.append((folded, i))
            continue
        if run and items:
            tab = next(((c, j) for c, j in run if c == "\t"), None)
            items.append(tab or run[0])
        run = []
        items.append((folded, i))
    return items


def _split_lines(original: str, start: int, end: int) -> list[_Line]:
    lines: list[_Line] = []
    pos = start
    while pos <= end:
        nl = original.find("\n", pos, end)
        stop = end if nl == -1 else nl
        lines.append(_Line(_clean_line(original, pos, stop), None if nl == -1 else nl))
        if nl == -1:
            break
        pos = nl + 1
    return lines


@dataclass
class _Layout:
    """How the region is laid out: PDF columns (with their full line width) or prose paragraphs."""

    column: bool
    full_width: float = 0.0


def detect_layout(texts: list[str]) -> _Layout:
    """PDF column text: nearly all lines are short and of similar width, and many stop mid-sentence."""
    lines = [t for t in texts if len(t) >= 4]
    if len(lines) < 8:
        return _Layout(column=False)
    short = [t for t in lines if width(t) <= 26]
    open_short = [width(t) for t in short if _ends_open(t)]
    if len(short) < 0.8 * len(lines) or len(open_short) < 0.3 * len(lines):
        return _Layout(column=False)
    return _Layout(column=True, full_width=median(open_short))


def _join_column(a: str, b: str, layout: _Layout, above: str | None) -> bool:
    """PDF column: join when A fills the column and stops mid-sentence and B carries it on.

    `above` is the line printed directly above A with no blank line between: in PDF columns only the two
    lines of a heading are set like that, so A is then a heading line.
    """
    full = layout.full_width - 3
    if width(a) < full or _heading_like(a) or is_caption(a) or is_byline(a):
        return False
    if above is not None and width(above) < full and above[-1] not in SENTENCE_END:
        return False
    if not (_ends_open(a) and _starts_continuing(b)):
        return False
    return width(b) >= full or b[-1] in _LINE_CLOSE


def _join_prose(a: str, b: str) -> bool:
    """Prose: join only a real paragraph that stops mid-sentence onto a line that finishes it."""
    if is_caption(a) or is_byline(a) or not _clause_rich(a):
        return False
    if is_list_marker(a) and len(a) < 40 and "。" not in a:
        return False
    if not (_ends_open(a) and _starts_continuing(b)):
        return False
    return b[-1] in _LINE_CLOSE or (len(b) >= 40 and _clause_rich(b))


def _key(line: str) -> str:
    """Line content without punctuation or spaces, to spot a sentence printed twice."""
    return "".join(c for c in line if is_cjk(c) or c.isalnum())


def find_echoes(texts: list[str]) -> set[int]:
    """Indices of lines that repeat text found in another line: magazine pull quotes.

    A pull quote is set in the middle of the paragraph it quotes, so without this the paragraph would
    be glued onto the quote ("不仅是技术迭代与" + "每年开展一次技能认定…").
    """
    keys = [_key(t) for t in texts]
    joined = "\n".join(keys)
    echoes = set()
    for i, key in enumerate(keys):
        if len(key) >= 20 and joined.count(key) >= 2:
            echoes.add(i)
    return echoes


def should_join(a: str, b: str, layout: _Layout, above: str | None = None) -> bool:
    """Decide whether the break between line `a` and the next non-empty line `b` is an artefact.

    `above` is the non-empty line directly above `a` when no blank line separates them.
    """
    return _join_column(a, b, layout, above) if layout.column else _join_prose(a, b)


def _glue(a: _Line, b: _Line, between: list[_Line], join: bool) -> list[tuple[str, int]]:
    """The characters that stand for the break between `a` and `b` in the output."""
    if join:
        last, first = a.items[-1][0], b.items[0][0]
        if last.isascii() and last.isalnum() and first.isascii() and first.isalnum():
            return [(" ", a.newline)]  # two Latin words: keep them apart
        return []
    glue = [("\n", a.newline)]
    if between:
        glue.append(("\n", between[0].newline))
    return glue


def normalise(original: str, start: int = 0, end: int | None = None) -> tuple[str, list[int]]:
    """Normalise `original[start:end]`; return the text and the offset map into `original`."""
    end = len(original) if end is None else end
    lines = _split_lines(original, start, end)
    texts = [ln.text for ln in lines]
    layout = detect_layout([t for t in texts if t])
    echoes = set() if layout.column else find_echoes(texts)
    out: list[tuple[str, int]] = []
    prev: _Line | None = None
    prev_echo = False
    above: str | None = None  # the line set directly above `prev`, if nothing separates them
    between: list[_Line] = []
    for n, line in enumerate(lines):
        if not line.items:
            if prev is not None:
                between.append(line)
            continue
        joined = False
        if prev is not None:
            echo = prev_echo or n in echoes
            joined = not echo and should_join(prev.text, line.text, layout, above)
            out.extend(_glue(prev, line, between, joined))
        above = None if (between or joined or prev is None) else prev.text
        out.extend(line.items)
        prev, between, prev_echo = line, [], n in echoes
    text = "".join(c for c, _ in out)
    return text, [i for _, i in out] + [end]
