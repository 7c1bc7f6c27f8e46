"""Evaluate a NER model directory on held-out news test sets: per-label P / R / F1 and characters/s.

    python -m kg.training.ner_eval [MODEL] [--corpora DIR] [--sets msra:test,zjy:test,...] [--json FILE]

Sets: msra:test, zjy:test / zjy:dev (People's Daily, zjy-ucas; NB 64% of its sentences occur
verbatim in MSRA train, so zjy_unseen:test / zjy_unseen:dev drop those and are the held-out
figures), cluener_name:dev (CLUENER dev: only `name`
is scored, against the model's PER; other model labels are ignored there), pku98:test (the
held-out articles of the seeded split; predictions overlapping `nz` / `j` spans are ignored, as
spaCy's scorer does for missing annotation), msra:dev (last 10% of MSRA train: used for model
selection, not for updates).
Scoring is exact match on (start, end, label) character spans.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from .ner_data import LABELS, Record, load

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SETS = "msra:test,zjy:test,zjy_unseen:test,zjy:dev,zjy_unseen:dev,cluener_name:dev,pku98:test,msra:dev"
# labels scored per corpus (CLUENER only has `name` comparable with our labels)
SCORED = {"cluener_name": ("PER",)}


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "fp": fp, "fn": fn}


def score(records: list[Record], predicted: list[list[tuple[int, int, str]]], labels: tuple[str, ...]) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    for rec, pred in zip(records, predicted, strict=True):
        gold = {(s, e, lab) for s, e, lab in rec.ents if lab in labels}
        pred_set = set()
        for s, e, lab in pred:
            if lab not in labels or any(ms < e and s < me for ms, me in rec.missing):
                continue  # unknown gold annotation there: neither right nor wrong
            pred_set.add((s, e, lab))
        for s, e, lab in pred_set:
            (tp if (s, e, lab) in gold else fp)[lab] += 1
        for _s, _e, lab in gold - pred_set:
            fn[lab] += 1
    out = {lab: prf(tp[lab], fp[lab], fn[lab]) for lab in labels}
    out["ALL"] = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out


def evaluate(model: Path, corpora: Path, sets: list[str], seed: int = 0) -> dict:
    import spacy

    from ..nlp import char_ngram  # noqa: F401  (the model's embed layer)
    from ..nlp.statistical import predict_spans

    nlp = spacy.load(model)
    results = {}
    for spec in sets:
        corpus, split = spec.split(":")
        records = load(corpora, corpus, split, seed)
        t = time.perf_counter()
        predicted = list(predict_spans(nlp, (r.text for r in records)))
        elapsed = time.perf_counter() - t
        chars = sum(len(r.text) for r in records)
        res = score(records, predicted, SCORED.get(corpus, LABELS))
        res["_meta"] = {"docs": len(records), "chars": chars, "seconds": elapsed, "chars_per_s": chars / elapsed}
        results[spec] = res
    return results


def table(results: dict) -> str:
    lines = ["| set | label | P | R | F1 | gold | chars/s |", "|---|---|---|---|---|---|---|"]
    for spec, res in results.items():
        meta = res["_meta"]
        for lab, m in res.items():
            if lab == "_meta":
                continue
            lines.append(f"| {spec} | {lab} | {m['p']:.3f} | {m['r']:.3f} | {m['f']:.3f} | {m['tp'] + m['fn']} | "
                         f"{meta['chars_per_s']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m kg.training.ner_eval", description=__doc__.splitlines()[0])
    p.add_argument("model", type=Path, nargs="?", default=REPO / "data" / "models" / "ner")
    p.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    p.add_argument("--sets", default=DEFAULT_SETS, help="comma-separated corpus:split")
    p.add_argument("--seed", type=int, default=0, help="PKU98 split seed (must match training)")
    p.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    args = p.parse_args(argv)
    results = evaluate(args.model, args.corpora, args.sets.split(","), args.seed)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
