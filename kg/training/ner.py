"""Train the statistical NER (PER / ORG / LOC, characters) and ship it to data/models/ner.

    python -m kg.training.ner [--corpora DIR] [--out data/models/ner] [--max-steps N] [--epochs N] [--seed S]

DocBins are built in a work directory (temporary unless --work is given), spaCy's training loop
(``spacy.cli.train.train``, config kg/training/ner.cfg) runs on one CPU thread, and the best
model's pipeline files (config.cfg, meta.json, tokenizer, vocab/, ner/) are copied to --out with
a MANIFEST.json.

The shipped model takes two runs (the `make models` recipe):

1. from scratch, right to left, on MSRA + PKU98 names + CLUENER (the defaults; best MSRA-dev
   checkpoint of 7000 steps);
2. ``--init-from`` that model, 1500 steps on MSRA + CLUENER at learn rate 0.0003, ``--ship last``:
   it settles MSRA's ORG/LOC conventions and CLUENER's names without PKU98's extra names.
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
    p.add_argument("--init-from", type=Path, default=None,
                   help="continue training this model's ner (a fine-tuning stage) instead of starting fresh")
    p.add_argument("--train-sets", default=None, help="comma-separated corpus:split (default: ner_data.TRAIN_SETS)")
    p.add_argument("--dev-sets", default=None, help="comma-separated corpus:split (default: ner_data.DEV_SETS)")
    p.add_argument("--direction", choices=("ltr", "rtl"), default="rtl",
                   help="read texts left to right or right to left (recorded in meta.json as kg_direction)")
    p.add_argument("--ship", choices=("best", "last"), default="best",
                   help="ship the checkpoint with the best dev score, or the last one (fixed-length fine-tuning)")
    p.add_argument("--learn-rate", type=float, default=None, help="override training.optimizer.learn_rate")
    return p.parse_args(argv)


def ship(best: Path, out: Path, direction: str = "ltr") -> int:
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
        "description": "PER/ORG/LOC on characters; trained on MSRA + PKU98 (names) + CLUENER (kg/training/ner.py). "
                       "Needs `import kg.nlp.char_ngram` before spacy.load; kg.nlp.statistical.predict_spans "
                       "applies kg_direction.",
        "kg_direction": direction,
        "license": "research data without stated licence (see /work/shared/corpora/README.md)",
    })
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    try:
        from kg.nlp.models import write_manifest

        write_manifest(out)
    except ImportError:  # pragma: no cover - the lead's manifest helper is optional here
        pass
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def sourced_config(config: Path, model: Path, work: Path) -> Path:
    """The training config with its ner component sourced from `model`, so training resumes from
    the model's weights (spaCy resumes sourced components instead of initialising them)."""
    from spacy.util import load_config

    cfg = load_config(config, interpolate=False)
    cfg["components"]["ner"] = {"source": str(model.resolve())}
    out = work / "finetune.cfg"
    cfg.to_disk(out)
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # one CPU thread: another training job shares the machine
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    from spacy.cli.train import train

    from ..nlp import char_ngram  # noqa: F401  (registers kg.CharNgramEmbed.v1)
    from .ner_data import DEV_SETS, TRAIN_SETS, build_docbins, parse_sets

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-ner-"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    train_sets = parse_sets(args.train_sets) if args.train_sets else TRAIN_SETS
    dev_sets = parse_sets(args.dev_sets) if args.dev_sets else DEV_SETS
    paths = build_docbins(args.corpora, work / "corpus", seed=args.seed, limit=args.limit,
                          train_sets=train_sets, dev_sets=dev_sets, direction=args.direction)
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
    if args.learn_rate is not None:
        overrides["training.optimizer.learn_rate"] = args.learn_rate
    config = sourced_config(args.config, args.init_from, work) if args.init_from else args.config

    t1 = time.time()
    train(config, work / "output", use_gpu=-1, overrides=overrides)
    print(f"training took {time.time() - t1:.0f}s", flush=True)

    size = ship(work / "output" / f"model-{args.ship}", args.out, args.direction)
    print(f"shipped {args.out} ({size / 1e6:.1f} MB)", flush=True)
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
