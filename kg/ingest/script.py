"""Traditional characters → simplified, for matching, one character for one.

Union news from Hong Kong and Taiwan is written in traditional characters (工會, 勞動模範, 獎章), while every
gazetteer and rule here is simplified. A text is converted only when it is traditional: simplified text
has almost no character that OpenCC's t2s table changes (the corpus: under 0.3%, a masthead 廣東工運),
traditional text has about a third (28–40% on the corpora converted with OpenCC's s2t). Conversion is
character for character (OpenCC's t2s table and phrases keep the length; a chunk that would not is
converted character by character), so the offset map built before it stays valid and every mention still
points at the original characters.

The converter is `opencc-python-reimplemented` (pure Python, its own dictionaries, no network): about
0.5 M characters per second here, the speed of the rest of normalisation (bench/ingest.md).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

TRADITIONAL_SHARE = 0.10  # share of CJK characters that t2s changes, above which a text is traditional
CHUNK = 200  # characters handed to the converter at once: its matching is quadratic in a chunk's length
SAMPLE_WINDOWS, SAMPLE_WINDOW = 64, 1000
_BREAK = re.compile(r"[\s，。、；：？！,.;:?!“”「」（）()《》]")


@cache
def _t2s():
    from opencc import OpenCC  # imported on first use: simplified text never loads the dictionaries

    return OpenCC("t2s")


def _chunks(text: str) -> list[str]:
    """`text` cut into pieces of at most `CHUNK` characters, at a space or punctuation where there is one."""
    pieces, pos = [], 0
    while len(text) - pos > CHUNK:
        cut = pos + CHUNK
        for m in _BREAK.finditer(text, pos + CHUNK // 2, pos + CHUNK):
            cut = m.end()
        pieces.append(text[pos:cut])
        pos = cut
    pieces.append(text[pos:])
    return pieces


def _convert(text: str) -> str:
    """OpenCC t2s, fed in bounded chunks so that its cost stays linear in the length of the text."""
    convert = _t2s().convert
    return "".join(convert(piece) for piece in _chunks(text))


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


_CHANGED: dict[str, bool] = {}  # character → whether t2s changes it alone: asked of OpenCC once a process


def traditional_chars(chars: list[str]) -> set[str]:
    """Those of the (distinct) characters `chars` that t2s changes when they stand alone. Each character is
    looked up once: OpenCC was most of the time of reading short files, asked the same characters again."""
    unknown = [ch for ch in chars if ch not in _CHANGED]
    if unknown:
        converted = _convert("\n".join(unknown)).split("\n")
        if len(converted) != len(unknown):  # a character that converts to more or less than one
            converted = [_convert(ch) for ch in unknown]
        _CHANGED.update((a, a != b) for a, b in zip(unknown, converted, strict=True))
    return {ch for ch in chars if _CHANGED[ch]}


def _sample(text: str) -> str:
    """Up to `SAMPLE_WINDOWS` evenly spread windows of the text: enough to tell its script, cheaply."""
    if len(text) <= SAMPLE_WINDOWS * SAMPLE_WINDOW:
        return text
    step = len(text) // SAMPLE_WINDOWS
    return "".join(text[k * step:k * step + SAMPLE_WINDOW] for k in range(SAMPLE_WINDOWS))


def traditional_share(text: str) -> float:
    """Share of the CJK characters of `text` (counted with repeats, in a sample) that are traditional forms."""
    counts = Counter(_sample(text))
    cjk = {ch: n for ch, n in counts.items() if _is_cjk(ch)}
    total = sum(cjk.values())
    if not total:
        return 0.0
    changed = traditional_chars(sorted(cjk))
    return sum(cjk[ch] for ch in changed) / total


def is_traditional(text: str) -> bool:
    return traditional_share(text) >= TRADITIONAL_SHARE


def _same_length(chunk: str) -> str:
    """Convert a chunk; where the result would change its length, go character by character."""
    converted = _convert(chunk)
    if len(converted) == len(chunk):
        return converted
    out = []
    for ch in chunk:
        one = _convert(ch)
        out.append(one if len(one) == 1 else ch)
    return "".join(out)


def to_simplified(text: str) -> str:
    """`text` in simplified characters when it is traditional text, else unchanged; always the same length."""
    if not text or not is_traditional(text):
        return text
    converted = _convert(text)
    if len(converted) == len(text):
        return converted
    return "\n".join(_same_length(line) for line in text.split("\n"))
