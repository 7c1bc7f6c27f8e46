"""Bytes → text for the corpus files.

Files come from scrapers, PDF converters and Windows machines, so the encoding is detected from the bytes
(never guessed from the file name):

* a byte order mark: UTF-8, UTF-32 (checked before UTF-16: its little-endian mark starts with UTF-16's),
  UTF-16;
* UTF-8;
* UTF-16 or UTF-32 without a mark: the reading (little or big endian) that gives ordinary text (ASCII, CJK
  and their punctuation); binary data read that way gives a soup of rare characters and is refused;
* the two legacy Chinese encodings, GB18030 (a superset of GBK and GB2312: the mainland) and Big5
  (Hong Kong and Taiwan, traditional characters; read as Big5-HKSCS, its superset). Most byte strings of
  one are valid in the other too, so when both decode, `charset-normalizer` (a maintained detector that
  judges which reading is real language) chooses; too short to tell, GB18030.

Anything else is refused with a one-line reason instead of being decoded into mojibake that would poison
every later stage. A file that holds nothing visible (spaces, zero-width characters) is "empty".
"""

from __future__ import annotations

import codecs
from pathlib import Path

# Control bytes that do occur in text files: tab, newline, vertical tab, form feed, carriage return, escape.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
_MAX_CONTROL_RATIO = 0.05
_SNIFF_BYTES = 64 * 1024
_UNIT_SHARE = 0.95  # share of ordinary characters a UTF-16/32 reading without a mark must give
# Characters that show nothing: a file of only these (and spaces) is empty.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"))
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BIG5 = "big5hkscs"
_BIG5_NAMES = frozenset({"big5", "big5hkscs", "cp950"})
NOT_TEXT = "not UTF-8, UTF-16, GB18030 or Big5 text"


class IngestError(Exception):
    """A file that cannot be read as text; the caller reports it and goes on with the other files."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes mean an image, archive or office file, not text."""
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    return controls > _MAX_CONTROL_RATIO * max(len(sample), 1)


def _mostly_text(text: str) -> bool:
    """Decoded text with few control characters (a binary file read as UTF-16 is full of them)."""
    sample = text[:_SNIFF_BYTES]
    controls = sum(1 for c in sample if ord(c) < 0x20 and ord(c) not in _TEXT_CONTROLS)
    return controls <= _MAX_CONTROL_RATIO * max(len(sample), 1)


def _plausible_chinese(text: str) -> bool:
    """GB18030 accepts many byte soups; real GB text has mostly CJK among its non-ASCII characters."""
    non_ascii = [c for c in text[:_SNIFF_BYTES] if ord(c) > 0x7F]
    if not non_ascii:
        return True
    cjkish = sum(1 for c in non_ascii if 0x3000 <= ord(c) <= 0x9FFF or 0xFF00 <= ord(c) <= 0xFFEF)
    return cjkish >= 0.6 * len(non_ascii)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _readable_share(text: str) -> float:
    """Share of the characters that ordinary Chinese text is made of: ASCII, CJK, their punctuation."""
    sample = text[:_SNIFF_BYTES // 4]
    readable = sum(
        1 for c in sample
        if 0x20 <= ord(c) < 0x7F or c in "\t\n\r" or 0x3000 <= ord(c) <= 0x9FFF or 0xFF00 <= ord(c) <= 0xFFEF
        or 0x2000 <= ord(c) <= 0x206F
    )
    return readable / max(len(sample), 1)


def _unmarked_wide(data: bytes) -> str | None:
    """UTF-32 or UTF-16 text without a byte order mark: the reading that gives ordinary Chinese text.

    Text in these encodings has NUL bytes (every ASCII character has one) unless it is all CJK; binary
    data read that way gives a soup of rare characters and control codes, which is refused.
    """
    sample = data[:_SNIFF_BYTES - _SNIFF_BYTES % 4]
    candidates = (["utf-32-le", "utf-32-be"] if len(data) % 4 == 0 else []) + (
        ["utf-16-le", "utf-16-be"] if len(data) % 2 == 0 else [])
    best, share = None, 0.0
    for encoding in candidates:
        text = _strict(sample, encoding)
        if text is not None and _readable_share(text) > share:
            best, share = encoding, _readable_share(text)
    return best if share >= _UNIT_SHARE else None


def _sniff_sample(data: bytes) -> bytes:
    """The first part of the file, cut after a line break so that no character is cut in two."""
    if len(data) <= _SNIFF_BYTES:
        return data
    cut = data.rfind(b"\n", 0, _SNIFF_BYTES)
    return data[:cut + 1] if cut > 0 else data[:_SNIFF_BYTES]


def _big5_reads_better(data: bytes) -> bool:
    """Both legacy encodings decode the bytes: does the detector judge Big5 the real language?"""
    from charset_normalizer import from_bytes  # only for legacy files: importing it costs time

    best = from_bytes(_sniff_sample(data), cp_isolation=["gb18030", "big5"]).best()
    return best is not None and best.encoding in _BIG5_NAMES


def _legacy(data: bytes) -> str | None:
    """GB18030 or Big5 text; None when neither reads as Chinese."""
    gb, big5 = _strict(data, "gb18030"), _strict(data, _BIG5)
    gb = gb if gb is not None and _plausible_chinese(gb) else None
    big5 = big5 if big5 is not None and _plausible_chinese(big5) else None
    if gb is not None and big5 is not None:
        return big5 if _big5_reads_better(data) else gb
    return gb if gb is not None else big5


def _decode(data: bytes) -> str | None:
    """Try the encodings in order of strictness; None when none fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], encoding)
    text = _strict(data, "utf-8") if b"\x00" not in data[:_SNIFF_BYTES] else None
    if text is not None:
        return text if _mostly_text(text) else None
    wide = _unmarked_wide(data)
    if wide:
        text = _strict(data, wide)
        return text if text is not None and _mostly_text(text) else None
    return None if looks_binary(data) else _legacy(data)


def _visible(text: str) -> bool:
    return bool(text.translate(_INVISIBLE).strip())


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode a file's bytes, or raise `IngestError` saying why it is not usable text."""
    if not data.strip():
        raise IngestError(path, "empty file")
    text = _decode(data)
    if text is None:
        marked = any(data.startswith(bom) for bom, _ in _BOMS) or _unmarked_wide(data)
        raise IngestError(path, "binary file" if looks_binary(data) and not marked else NOT_TEXT)
    if not _visible(text):
        raise IngestError(path, "empty file")
    return text


def read_text(path: str | Path) -> str:
    """Read and decode one file; every failure (missing, unreadable, binary…) is an `IngestError`."""
    p = Path(path)
    if not p.exists():
        raise IngestError(path, "no such file or directory")
    if not p.is_file():
        raise IngestError(path, "not a regular file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from exc
    return decode_bytes(data, path)
