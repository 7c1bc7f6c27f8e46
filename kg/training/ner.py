"""Train the statistical NER (PER / ORG / LOC, characters) and ship it to data/models/ner.

    python -m kg.training.ner [--corpora DIR] [--out data/models/ner] [--max-steps N] [--epochs N] [--seed S]

DocBins are built in a work directory (temporary unless --work is given), spaCy's training loop
(``spacy.cli.train.train``, config kg/training/ner.cfg) runs on one CPU thread, and the best
model's pipeline files (config.cfg, meta.json, tokenizer, vocab/, ner/) are copied to --out with
a MANIFEST.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).resolve().parent / "ner.cfg"
SHIPPED = ("config.cfg", "meta.json", "tokenizer", "vocab", "ner")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m kg.training.ner", description=__doc__.splitlines()[0])
    p.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    p.add_argument("--out", type=Path, default=REPO / "data" / "models" / "ner")
    p.add_argument("--config", type=Path, default=CONFIG)
    p.add_argument("--work", type=Path, default=None, help="keep DocBins and checkpoints here (default: temp dir)")
    p.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    p.add_argument("--epochs", type=int, default=None, help="override training.max_epochs")
    p.add_argument("--eval-frequency", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit", type=int, default=0, help="records per corpus (quick runs)")
    return p.parse_args(argv)


def ship(best: Path, out: Path) -> int:
    """Copy the pipeline files of model-best to out (nothing training-only); returns bytes."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in SHIPPED:
        src = best / name
        if src.is_dir():
            shutil.copytree(src, out / name)
        elif src.exists():
            shutil.copy2(src, out / name)
    # the work-dir corpus paths mean nothing once shipped
    from spacy.util import load_config

    config = load_config(out / "config.cfg", interpolate=False)
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config.to_disk(out / "config.cfg")
    meta_path = out / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({
        "name": "laomo_ner_zh_char",
        "version": "0.1.0",
        "description": "PER/ORG/LOC on characters; trained on MSRA + PKU98 + CLUENER (kg/training/ner.py). "
                       "Needs `import kg.nlp.char_ngram` before spacy.load.",
        "license": "research data without stated licence (see /work/shared/corpora/README.md)",
    })
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    try:
        from kg.nlp.models import write_manifest

        write_manifest(out)
    except ImportError:  # pragma: no cover - the lead's manifest helper is optional here
        pass
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # one CPU thread: another training job shares the machine
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from spacy.cli.train import train

    from ..nlp import char_ngram  # noqa: F401  (registers kg.CharNgramEmbed.v1)
    from .ner_data import build_docbins

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-ner-"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    paths = build_docbins(args.corpora, work / "corpus", seed=args.seed, limit=args.limit)
    print(f"DocBins built in {time.time() - t0:.0f}s under {work}", flush=True)

    overrides: dict[str, object] = {
        "paths.train": str(paths["train"]),
        "paths.dev": str(paths["dev"]),
        "system.seed": args.seed,
    }
    if args.max_steps is not None:
        overrides["training.max_steps"] = args.max_steps
    if args.epochs is not None:
        overrides["training.max_epochs"] = args.epochs
    if args.eval_frequency is not None:
        overrides["training.eval_frequency"] = args.eval_frequency

    t1 = time.time()
    train(args.config, work / "output", use_gpu=-1, overrides=overrides)
    print(f"training took {time.time() - t1:.0f}s", flush=True)

    size = ship(work / "output" / "model-best", args.out)
    print(f"shipped {args.out} ({size / 1e6:.1f} MB)", flush=True)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
