"""Shipped statistical models: where they live, and loading them with errors a user can act on.

Each model folder carries a MANIFEST.json (file → size and sha256) written when the model is built,
so a missing, truncated or corrupted file is named before spaCy or pkuseg trip over it.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from ..resources import data_dir

MANIFEST = "MANIFEST.json"
RETRAIN = "run `make models` to rebuild the models, or use --no-model for rules only"


class ModelError(RuntimeError):
    """A shipped model cannot be used; the message names the file and the way out."""


def models_dir() -> Path:
    return data_dir() / "models"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_manifest(folder: Path) -> Path:
    """Record every file of a model folder (relative path → size, sha256)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    entries = {p.relative_to(folder).as_posix(): {"size": p.stat().st_size, "sha256": _sha256(p)} for p in files}
    target = folder / MANIFEST
    target.write_text(json.dumps(entries, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return target


def verify(folder: Path) -> None:
    """Raise ModelError naming the first file that is missing, truncated or altered."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise ModelError(f"{manifest}: missing; {RETRAIN}")
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ModelError(f"{manifest}: unreadable ({exc}); {RETRAIN}") from exc
    for rel, expected in entries.items():
        path = folder / rel
        if not path.is_file():
            raise ModelError(f"{path}: missing; {RETRAIN}")
        size = path.stat().st_size
        if size != expected["size"]:
            raise ModelError(f"{path}: {size} bytes, expected {expected['size']} (truncated?); {RETRAIN}")
        if _sha256(path) != expected["sha256"]:
            raise ModelError(f"{path}: contents do not match the manifest; {RETRAIN}")


def main(argv: list[str] | None = None) -> int:
    """`python -m kg.nlp.models manifest DIR...` writes manifests; `verify DIR...` checks them."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or args[0] not in ("manifest", "verify"):
        print("usage: python -m kg.nlp.models manifest|verify DIR...", file=sys.stderr)
        return 2
    for folder in map(Path, args[1:]):
        if args[0] == "manifest":
            print(write_manifest(folder))
        else:
            verify(folder)
            print(f"{folder}: ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
