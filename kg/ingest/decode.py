"""Bytes → text for the corpus files.

Files come from scrapers, PDF converters and Windows machines, so the encoding is detected from the bytes
(never guessed from the file name): UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030 (a
superset of GBK and GB2312). Anything else is refused with a one-line reason instead of being decoded into
mojibake that would poison every later stage.
"""

from __future__ import annotations

import codecs
from pathlib import Path

# Control bytes that do occur in text files: tab, newline, vertical tab, form feed, carriage return, escape.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
_MAX_CONTROL_RATIO = 0.05
_SNIFF_BYTES = 64 * 1024


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


def _plausible_chinese(text: str) -> bool:
    """GB18030 accepts many byte soups; real GB text has mostly CJK among its non-ASCII characters."""
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return True
    cjkish = sum(1 for c in non_ascii if 0x3000 <= ord(c) <= 0x9FFF or 0xFF00 <= ord(c) <= 0xFFEF)
    return cjkish >= 0.6 * len(non_ascii)


def _decode(data: bytes) -> str | None:
    """Try the encodings in order of strictness; None when none fits."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _plausible_chinese(text) else None


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode a file's bytes, or raise `IngestError` saying why it is not usable text."""
    if not data.strip():
        raise IngestError(path, "empty file")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and looks_binary(data):
        raise IngestError(path, "binary file")
    text = _decode(data)
    if text is None:
        raise IngestError(path, "not UTF-8 or GB18030 text")
    if not text.strip():
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
