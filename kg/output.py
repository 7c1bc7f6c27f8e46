"""Serialise extracted documents: the guideline's gold format, or JSONL with evidence; atomic writes."""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .model import ExtractedDocument


def to_gold(doc: ExtractedDocument) -> dict:
    """The shape of ../shared/annotation/GUIDELINES.md: a set of entities and a set of facts."""
    art = doc.article
    out: dict = {"doc": art.doc_id, "source": art.source}
    if art.date:
        out["date"] = art.date
    if art.title:
        out["title"] = art.title
    out["text"] = art.text
    out["entities"] = [_entity(e) for e in _in_text_order(doc.entities)]
    out["relations"] = [_fact(f) for f in doc.facts]
    return out


def to_jsonl_record(doc: ExtractedDocument) -> dict:
    """Gold shape plus evidence: every mention's and fact's offsets into the original file."""
    out = to_gold(doc)
    art = doc.article
    out.pop("text")
    out["start"], out["end"] = art.original_span(0, len(art.text)) if art.text else (0, 0)
    for rec, ent in zip(out["entities"], _in_text_order(doc.entities), strict=True):
        rec["mentions"] = [_mention(art, m) for m in sorted(ent.mentions, key=lambda m: (m.start, m.end))]
    for rec, fact in zip(out["relations"], doc.facts, strict=True):
        if fact.evidence:
            rec["evidence"] = fact.evidence.as_dict()
    return out


def _in_text_order(entities: list) -> list:
    """Entities by first mention (then type, name): the same output whatever order the recognisers
    produced them in (same-length person names come out of a set, in an order that changes per process)."""
    return sorted(entities, key=lambda e: (min((m.start for m in e.mentions), default=1 << 62), e.type, e.name))


def _entity(e) -> dict:
    rec = {"name": e.name, "type": e.type}
    aliases = sorted(a for a in e.aliases if a != e.name)
    if aliases:
        rec["aliases"] = aliases
    return rec


def _fact(f) -> dict:
    rec = {"subject": f.subject, "predicate": f.predicate, "object": f.object}
    if f.year is not None:
        rec["year"] = f.year
    if f.role:
        rec["role"] = f.role
    return rec


def _mention(art, m) -> dict:
    start, end = art.original_span(m.start, m.end)
    return {"text": art.original[start:end], "start": start, "end": end}


def write_jsonl(records: Iterable[dict], path: str | Path | None) -> None:
    """Write JSON lines to a file atomically (a crash leaves the old file), or to stdout."""
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if path is None or str(path) == "-":
        import sys
        sys.stdout.write(lines)
        return
    write_atomic(Path(path), lines)


def _is_stream(path: Path) -> bool:
    """A device, pipe or socket (/dev/stdout, a FIFO), or a name for one: written to, never replaced."""
    if str(path).startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(path).st_mode  # follows symbolic links
    except FileNotFoundError:
        return False  # not there yet (or a dangling link): an ordinary file will be made
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
    return not stat.S_ISREG(mode)


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8, or bytes) to `path` so that a crash or a full disk leaves the old file
    whole: a temporary file, then a rename; the temporary file never outlives a failure.

    A symbolic link is written through: its target is replaced and the link stays a link. A device or
    pipe (`-o /dev/stdout`) cannot be replaced and is written directly.
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if _is_stream(path):
        with open(path, "wb") as f:
            f.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    mode = stat.S_IMODE(os.stat(target).st_mode) if target.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)  # mkstemp makes it private; the result keeps the old file's mode, else 644
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
