"""Text normalisation with an offset map back to the original file.

Four things are done, and nothing else, so that every normalised character can be traced back:

1. Lines broken inside a sentence are rejoined. PDF conversions break every printed column line
   ("劳\\n\\n模工匠"), and web copies break a few paragraphs ("工\\n\\n业机器人"). A break is removed only when
   the line before is a full line (PDF: as wide as the column; prose: a real paragraph) that stops
   mid-sentence and the next line carries the sentence on. Headings, captions (■…, …供图), bylines, short
   title lines and list rows (`薛 华 某某公司董事长`, `王某，某某小学校长`, `某某医院:张某、李某`) are never glued
   to what follows, nor is a line that stops right after a name of a list (`…:张某`, `张某、李某`).
   The layout is decided per block (blocks are separated by two blank lines or more), so a list page in
   a PDF file or a PDF page in a web file is read as what it is.
2. Full-width letters, digits and ASCII-like symbols are folded to ASCII; U+3000 and other exotic
   spaces become a plain space. Chinese punctuation (，。：；！？（）“”) is kept, because readers and
   downstream rules expect it.
3. Runs of spaces collapse to one space (a run holding a tab becomes one tab, so table cells stay
   apart), lines are stripped, and three or more line breaks become one blank line.
4. Traditional characters become simplified ones (see `kg.ingest.script`), one for one.

`normalise` returns the text and `offsets`, where `offsets[i]` is the index in the original string of
normalised character `i`, plus one final entry: the end of the region. Every step is linear in the size
of the input: a newspaper year in one file is a normal input.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.ingest.script import to_simplified
from kg.resources import given_name_chars, surname_words, surnames

_KEEP_FULLWIDTH = frozenset("！（），：；？")
_SPACE_CHARS = " \t\u3000\u00a0\u1680\u2000-\u200a\u202f\u205f\x0b\x0c"
_DROPPED_CHARS = "\r\u200b\u200c\u200d\u2060\ufeff"
_GAP = re.compile(f"[{_SPACE_CHARS}{_DROPPED_CHARS}]+")
_SPACE = re.compile(f"[{_SPACE_CHARS}]")
_FOLD = {o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F) if chr(o) not in _KEEP_FULLWIDTH}

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
    r"(?:单位供图|资料图片|资料配图|资料图|供图\s?[|｜]?\s?\S{0,8}|摄影\s?[|｜]\s?\S{1,8}|/摄)$"
)
_AUTHOR_PAREN = re.compile(r"^[（(](?![一二三四五六七八九十\d]+[)）])[^()（）\s]{2,10}[)）]$")
_BYLINE = re.compile(r"^■?\s?(?:本报)?(?:全媒体)?(?:记者|通讯员)\s?\S")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Two CJK characters with a space between: a table or list cell gap (薛 华 某某公司), not running prose.
_CELL_GAP = re.compile(f"[{_CJK}][ \t][{_CJK}“]")
# A list row: a short leading cell (a name, a label) set apart by a space (王某 某某小学校长).
_ROW_START = re.compile(f"^[{_CJK}·]{{1,6}}[ \t][{_CJK}]")
# A short head cell cut off by a comma or colon (王某，某某小学校长): a row when the next line has one too.
_HEAD_CELL = re.compile(f"^[{_CJK}·]{{2,4}}[，,：:](?=[{_CJK}])")
# A list row: a short label (an organisation, a category), a colon, then short items split by 、
# (某某人民医院:沈某某、周某某; 一等奖:某某公司). An item may carry a short note in brackets (女).
_ITEM = f"[{_CJK}·]{{1,12}}(?:[（(][{_CJK}]{{1,4}}[)）])?"
_COLON_ROW = re.compile(rf"^[^，。；！？,;!?:：、\s][^，。；！？,;!?:：、]{{0,29}}[:：][ \t]?({_ITEM}(?:、{_ITEM})*)$")
_ITEM_LIST = re.compile(rf"^({_ITEM}(?:、{_ITEM})+)$")
_ITEM_NOTE = re.compile(r"[（(][^()（）]*[)）]$")
_CLAUSE_PUNCT = re.compile(r"[，。；：,;:！？]")
_SENTENCE_PUNCT = re.compile(r"[，。；！？]")
_PUNCT = re.compile(r"[，、。；：！？,;:!?“”《》]")
_KEY_DROP = re.compile(r"[\W_]+")
_FULLWIDTH = re.compile("[\uff01-\uff5e]")

LIST_ROW_REACH = 3  # lines: colon rows this close share a list (headings may stand between its groups)
MIN_BLOCK_LINES = 8  # fewer lines than this say nothing about the layout of their block
WIDE_GAP_NEWLINES = 3  # two blank lines or more separate blocks
ECHO_WINDOW = 80  # lines: a pull quote is printed close to the paragraph it repeats


def is_cjk(ch: str) -> bool:
    """CJK ideograph (BMP blocks and the supplementary planes)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def fold_char(ch: str) -> str:
    """Full-width ASCII → ASCII except the Chinese punctuation we keep; exotic spaces → space."""
    if _SPACE.match(ch):
        return "\t" if ch == "\t" else " "
    return ch.translate(_FOLD)


def width(line: str) -> float:
    """Printed width in em: ASCII is half as wide as CJK, which is how PDF column lines fill up."""
    narrow = len(line.encode("ascii", "ignore"))
    return len(line) - 0.5 * narrow


def is_caption(line: str) -> bool:
    """Photo captions and credits: ■… lines, or lines ending in 供图 / 资料图片 / 摄影 | X."""
    return line.startswith(("■", "▲")) or bool(_CAPTION_END.search(line[-24:]))


def is_byline(line: str) -> bool:
    """■全媒体记者X 通讯员Y — the reporter line of a newspaper article."""
    return len(line) <= 40 and bool(_BYLINE.match(line))


def is_author_paren(line: str) -> bool:
    """A whole line like (王小明) or （大亚湾工）: the author signature closing a short news item."""
    return bool(_AUTHOR_PAREN.match(line))


def is_list_marker(line: str) -> bool:
    return bool(_LIST_MARKER.match(line))


def is_list_row(line: str) -> bool:
    """A row of a list or table: a first cell set apart by a space (薛 华 某某公司董事长, 王某 某某小学).

    A line with clause punctuation is running text whose quoted slogan holds a space (“改革 发展”).
    """
    return bool(_ROW_START.match(line)) and not _SENTENCE_PUNCT.search(line)


def _name_shaped(item: str) -> bool:
    """A surname and a one- or two-character given name of name characters (林秀英), or a dotted name."""
    item = _ITEM_NOTE.sub("", item)
    if "·" in item:
        return 3 <= len(item) <= 15 and not item.startswith("·") and not item.endswith("·")
    if not 2 <= len(item) <= 4 or item in surname_words():
        return False
    for k in (2, 1):
        given = item[k:]
        if item[:k] in surnames() and 1 <= len(given) <= 2 and all(c in given_name_chars() for c in given):
            return True
    return False


def is_colon_row(line: str) -> bool:
    """`label:item、item`: a short label without clause punctuation, a colon, short items split by 、."""
    return bool(_COLON_ROW.match(line))


def ends_complete_item(line: str) -> bool:
    """The line closes an item of a list: names after a colon (某某镇卫生院:张某某), or only names split by
    、 (徐某某、朱某某). A PDF column line stops anywhere; a line that stops right after a name is not one.
    """
    m = _COLON_ROW.match(line) or _ITEM_LIST.match(line)
    return bool(m) and all(_name_shaped(item) for item in m.group(1).split("、"))


def find_list_rows(texts: list[str]) -> set[int]:
    """Indices of colon rows with another colon row within `LIST_ROW_REACH` non-empty lines.

    Rows that share the shape are a list, whatever their widths: no break into, inside or out of it is a
    column break, so an organisation name never runs across what was a line break.
    """
    seen = [n for n, t in enumerate(texts) if t]
    colon = [is_colon_row(texts[n]) for n in seen]
    rows = set()
    for k, n in enumerate(seen):
        if colon[k] and any(colon[j] for j in range(max(0, k - LIST_ROW_REACH), k + LIST_ROW_REACH + 1)
                            if j != k and j < len(seen)):
            rows.add(n)
    return rows


def _parallel_rows(a: str, b: str) -> bool:
    """Two lines opening with the same short head cell (王某，…/李某，…) are rows of one list."""
    return bool(_HEAD_CELL.match(a) and _HEAD_CELL.match(b))


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
    return bool(_CELL_GAP.search(line)) and not _PUNCT.search(line)


def _clause_rich(line: str) -> bool:
    """A paragraph rather than a title: several clauses, or a full stop inside."""
    if re.search(r"[。！？；;]", line[:-1]):
        return True
    commas = len(re.findall(r"[，,、]", line))
    return commas >= 2 or (commas >= 1 and len(line) >= 60)


class _Line:
    """One line of the region after cleaning: its text and where each piece of it came from.

    A run of blank lines is one `_Line` with empty text that counts them (`blanks`): a file of a million
    blank lines costs one object.
    """

    __slots__ = ("text", "pieces", "newline", "blanks")

    def __init__(self, text: str = "", pieces: list[tuple[int, int]] | None = None) -> None:
        self.text = text
        self.pieces = pieces if pieces is not None else []  # (original start, length), in text order
        self.newline: int | None = None  # original index of the "\n" that ends this line (the first of a run)
        self.blanks = 0 if text else 1


def _clean_line(original: str, start: int, end: int) -> _Line:
    """Fold characters, collapse space runs, strip the line's ends; keep where every piece came from."""
    texts: list[str] = []
    pieces: list[tuple[int, int]] = []
    pos = start
    for gap in _GAP.finditer(original, start, end):
        if gap.start() > pos:
            texts.append(original[pos:gap.start()])
            pieces.append((pos, gap.start() - pos))
        pos = gap.end()
        if not texts or gap.end() >= end:
            continue  # spaces at either end of the line are stripped
        spaces = [m.start() for m in _SPACE.finditer(original, gap.start(), gap.end())]
        if spaces:
            tab = original.find("\t", gap.start(), gap.end())
            texts.append("\t" if tab >= 0 else " ")
            pieces.append((tab if tab >= 0 else spaces[0], 1))
    if pos < end:
        texts.append(original[pos:end])
        pieces.append((pos, end - pos))
    text = "".join(texts)
    return _Line(text.translate(_FOLD) if _FULLWIDTH.search(text) else text, pieces)


def _split_lines(original: str, start: int, end: int) -> list[_Line]:
    lines: list[_Line] = []
    pos = start
    while pos <= end:
        nl = original.find("\n", pos, end)
        stop = end if nl == -1 else nl
        line = _clean_line(original, pos, stop) if stop > pos else _Line()
        if not line.text and lines and not lines[-1].text:
            lines[-1].blanks += 1  # one more blank line in the run
        else:
            line.newline = None if nl == -1 else nl
            lines.append(line)
        if nl == -1:
            break
        pos = nl + 1
    return lines


@dataclass
class _Layout:
    """How a block is laid out: PDF columns (with their full line width) or prose paragraphs."""

    column: bool
    full_width: float = 0.0


def _column_width(widths: list[float]) -> tuple[float, int]:
    """The width most lines sit within one em of, and how many do: the printed column."""
    counts = Counter(round(w * 2) for w in widths)  # half-em steps
    best, support = 0.0, 0
    for w in sorted(counts):
        near = sum(counts.get(w + d, 0) for d in range(-2, 3))
        if near > support:
            best, support = w / 2, near
    return best, support


def detect_layout(texts: list[str]) -> _Layout:
    """PDF column text: nearly all lines short, many stopping mid-sentence, one common width, clauses inside.

    A list (names, posts, organisations one per line) is short and open too, but its lines vary in width,
    carry no clause punctuation inside, or are cut into cells by spaces: it is read as prose.
    """
    lines = [t for t in texts if len(t) >= 4]
    if len(lines) < MIN_BLOCK_LINES:
        return _Layout(column=False)
    short = [t for t in lines if width(t) <= 26]
    open_short = [width(t) for t in short if _ends_open(t)]
    if len(short) < 0.8 * len(lines) or len(open_short) < 0.3 * len(lines):
        return _Layout(column=False)
    full, support = _column_width(open_short)
    clauses = sum(1 for t in lines if _CLAUSE_PUNCT.search(t[:-1]))
    rows = sum(1 for t in lines if _CELL_GAP.search(t) or _HEAD_CELL.match(t) or is_colon_row(t))
    if support < 0.3 * len(lines) or clauses < 0.25 * len(lines) or rows > 0.3 * len(lines):
        return _Layout(column=False)
    return _Layout(column=True, full_width=full)


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
    return _KEY_DROP.sub("", line)


def find_echoes(texts: list[str]) -> set[int]:
    """Indices of lines that repeat text found in a nearby line: magazine pull quotes.

    A pull quote is set in the middle of the paragraph it quotes, so without this the paragraph would
    be glued onto the quote ("不仅是技术迭代与" + "每年开展一次技能认定…"). Only lines within
    `ECHO_WINDOW` are searched, so the cost stays linear in the length of the file.
    """
    keys = [_key(t) for t in texts]
    joined = "\n".join(keys)
    starts, pos = [], 0
    for key in keys:
        starts.append(pos)
        pos += len(key) + 1
    echoes = set()
    for i, key in enumerate(keys):
        if len(key) < 20:
            continue
        lo = starts[max(0, i - ECHO_WINDOW)]
        hi = starts[min(len(keys) - 1, i + ECHO_WINDOW)] + len(keys[min(len(keys) - 1, i + ECHO_WINDOW)])
        own = starts[i]
        if joined.find(key, lo, own) >= 0 or joined.find(key, own + 1, hi) >= 0:
            echoes.add(i)
    return echoes


def should_join(a: str, b: str, layout: _Layout, above: str | None = None) -> bool:
    """Decide whether the break between line `a` and the next non-empty line `b` is an artefact.

    `above` is the non-empty line directly above `a` when no blank line separates them. Two list rows
    are never joined, whatever the layout: a name or an organisation must not run across their break.
    """
    if is_list_row(b) or (is_list_row(a) and not _clause_rich(a)) or ends_complete_item(a):
        return False
    if layout.column:  # a column block has already shown running text; prose must show it line by line
        return _join_column(a, b, layout, above)
    return not _parallel_rows(a, b) and _join_prose(a, b)


def _blocks(lines: list[_Line]) -> list[range]:
    """Runs of lines separated by two blank lines or more (pages, sections, list blocks)."""
    blocks, first, blank = [], 0, 0
    for n, line in enumerate(lines):
        if not line.text:
            blank += line.blanks
            continue
        if blank + 1 >= WIDE_GAP_NEWLINES and n > first:
            blocks.append(range(first, n))
            first = n
        blank = 0
    blocks.append(range(first, len(lines)))
    return blocks


def _layouts(lines: list[_Line]) -> list[_Layout]:
    """The layout of every line: its block's own when the block is large enough, else the file's."""
    whole = detect_layout([ln.text for ln in lines if ln.text])
    per_line: list[_Layout] = []
    for block in _blocks(lines):
        texts = [lines[n].text for n in block if lines[n].text]
        own = detect_layout(texts) if len(texts) >= MIN_BLOCK_LINES else whole
        per_line.extend(own for _ in block)
    return per_line


def _glue(a: _Line, b: _Line, between: list[_Line], join: bool) -> tuple[str, list[int]]:
    """The characters that stand for the break between `a` and `b` in the output, and their offsets."""
    if join:
        last, first = a.text[-1], b.text[0]
        if last.isascii() and last.isalnum() and first.isascii() and first.isalnum():
            return " ", [a.newline]  # two Latin words: keep them apart
        return "", []
    if between:
        return "\n\n", [a.newline, between[0].newline]
    return "\n", [a.newline]


def normalise(original: str, start: int = 0, end: int | None = None) -> tuple[str, list[int]]:
    """Normalise `original[start:end]`; return the text and the offset map into `original`."""
    end = len(original) if end is None else end
    lines = _split_lines(original, start, end)
    layouts = _layouts(lines)
    echoes = find_echoes([ln.text for ln in lines])
    rows = find_list_rows([ln.text for ln in lines])
    texts: list[str] = []
    offsets: list[int] = []
    prev: _Line | None = None
    prev_n = -1
    prev_echo = False
    above: str | None = None  # the line set directly above `prev`, if nothing separates them
    between: list[_Line] = []
    for n, line in enumerate(lines):
        if not line.text:
            if prev is not None:
                between.append(line)
            continue
        joined = False
        if prev is not None:
            echo = not layouts[n].column and (prev_echo or n in echoes)
            in_list = n in rows or prev_n in rows
            joined = not (echo or in_list) and should_join(prev.text, line.text, layouts[n], above)
            glue, where = _glue(prev, line, between, joined)
            texts.append(glue)
            offsets.extend(where)
        above = None if (between or joined or prev is None) else prev.text
        texts.append(line.text)
        for begin, length in line.pieces:
            offsets.extend(range(begin, begin + length))
        prev, prev_n, between, prev_echo = line, n, [], n in echoes
    text = to_simplified("".join(texts))
    offsets.append(end)
    return text, offsets
