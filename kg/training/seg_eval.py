"""Evaluate word segmenters on SIGHAN 2005 PKU test and on the held-out PKU98 articles.

    python -m kg.training.seg_eval [--model DIR ...] [--user-dict none|default|gazetteer|FILE ...]
                                   [--no-char] [--no-fold] [--json OUT] [--corpora DIR] [--seed 0]

Every model is evaluated once per user-dictionary mode:

* `none`: the model alone (pkuseg(user_dict=None): no pre- or post-processing);
* `default`: what spaCy does by default (pkuseg_user_dict="default"): the model, then spacy_pkuseg's
  dicts/default.pkl merges adjacent words that form a word of that list;
* `gazetteer`: kg.training.segmenter.user_dictionary() as user dictionary (its words are cut out
  first and kept whole), plus default.pkl as for `default` (pkuseg loads it with any user dict);
* `gazetteer-only`: the gazetteer user dictionary without the default.pkl merging
  (pkuseg(...).postprocesser.do_process = False; in spaCy: nlp.tokenizer.pkuseg_seg.postprocesser);
* FILE: any user-dict file (one word a line), plus default.pkl.

The character segmenter (spaCy's "char", the pipeline's fallback) is the baseline.

Scores are word precision / recall / F1 over word span sets (a predicted word counts when its start
and end offsets both match a gold word). Input text is width-folded (U+FF01-FF5E to ASCII) unless
--no-fold, which gives the segmenter the original text (full-width as in the corpus); gold words are
compared by offsets, which folding does not move. Each configuration runs in a fresh
process (one at a time), which reports characters per second (segmentation only), load time, the
resident memory the loaded model adds to the process (RSS after loading minus RSS after importing
spacy_pkuseg) and the peak resident memory (ru_maxrss) of the process right after loading, before the
test data is read. The JSON also has the process peak at the end (test data included).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .segmenter import (
    DEFAULT_CORPORA,
    DEFAULT_OUT,
    DEFAULT_SEED,
    Paragraph,
    read_pku98,
    read_sighan_test,
    split_pku98,
    write_user_dictionary,
)

CHAR = "char"


def word_spans(text: str, words: Iterable[str]) -> set[tuple[int, int]]:
    """Offsets of `words` in `text`, in order; whitespace the segmenter dropped is skipped."""
    spans = set()
    pos = 0
    for word in words:
        start = text.find(word, pos)
        if start < 0 or text[pos:start].strip():
            raise ValueError(f"segmenter output {word!r} does not follow offset {pos} of {text!r}")
        spans.add((start, start + len(word)))
        pos = start + len(word)
    return spans


def score(segment: Callable[[str], Sequence[str]], paragraphs: Sequence[Paragraph], fold: bool = True) -> dict:
    """Word P/R/F1 of `segment` on `paragraphs`, and its speed (segmentation time only)."""
    tp = n_pred = n_gold = n_chars = 0
    elapsed = 0.0
    for p in paragraphs:
        text = p.text if fold else p.raw_text
        t = time.perf_counter()
        words = segment(text)
        elapsed += time.perf_counter() - t
        pred = word_spans(text, words)
        gold = word_spans(p.text, p.words)
        tp += len(pred & gold)
        n_pred += len(pred)
        n_gold += len(gold)
        n_chars += len(text)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold_words": n_gold, "pred_words": n_pred,
            "chars": n_chars, "seconds": elapsed, "chars_per_s": n_chars / elapsed if elapsed else 0.0}


def dir_size(path: Path) -> int:
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def load_segmenter(model: str, user_dict: str, postprocess: bool = True) -> Callable[[str], list[str]]:
    """A function text -> words for the model dir (or "char") and user dictionary ("none", "default" or
    a file); postprocess=False switches off the default.pkl merging a user dictionary brings along."""
    if model == CHAR:
        return list
    import spacy_pkuseg

    if user_dict == "none":
        seg = spacy_pkuseg.pkuseg(model_name=str(model), user_dict=None)
    elif user_dict == "default":
        seg = spacy_pkuseg.pkuseg(model_name=str(model), user_dict="default")
    else:
        seg = spacy_pkuseg.pkuseg(model_name=str(model), user_dict=str(user_dict))
    if not postprocess:
        seg.postprocesser.do_process = False
    return seg.cut


def _rss_mb() -> float:
    """Current resident memory of this process (Linux /proc), MB."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def _worker(job: dict, queue) -> None:
    try:
        import spacy_pkuseg  # noqa: F401  (count the library in the baseline, not in the model)

        base = _rss_mb()
        t = time.perf_counter()
        segment = load_segmenter(job["model"], job["user_dict_path"], job["postprocess"])
        load_s = time.perf_counter() - t
        model_rss = _rss_mb() - base
        load_peak = _maxrss_mb()
        corpora = Path(job["corpora"])
        datasets = {"sighan2005_pku_test": read_sighan_test(corpora),
                    "pku98_heldout": split_pku98(read_pku98(corpora), job["seed"])[1]}
        result = {"load_s": load_s, "model_rss_mb": model_rss, "load_peak_rss_mb": load_peak}
        for name, paragraphs in datasets.items():
            result[name] = score(segment, paragraphs, fold=job["fold"])
        result["peak_rss_mb"] = _maxrss_mb()
        queue.put(result)
    except Exception as exc:  # reported in the table, not lost in a child process
        queue.put({"error": f"{type(exc).__name__}: {exc}"})


def evaluate(model: str, user_dict: str, corpora: Path, seed: int, fold: bool, user_dict_path: str) -> dict:
    """Run one configuration in a fresh process and return its scores."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    job = {"model": model, "user_dict_path": user_dict_path, "corpora": str(corpora), "seed": seed, "fold": fold,
           "postprocess": not user_dict.endswith("-only")}
    proc = ctx.Process(target=_worker, args=(job, queue))
    proc.start()
    result = queue.get()
    proc.join()
    result.update(model=model, user_dict=user_dict, fold=fold,
                  size_mb=0.0 if model == CHAR else dir_size(Path(model)) / 1e6)
    return result


def format_table(results: list[dict]) -> str:
    head = ("| segmenter | user dict | input | SIGHAN P | R | F1 | PKU98 held-out P | R | F1 | chars/s | load s "
            "| model RSS MB | peak RSS after load MB | size MB |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        name = r["model"] if r["model"] == CHAR else Path(r["model"]).name or r["model"]
        if "error" in r:
            lines.append(f"| {name} | {r['user_dict']} | - | {r['error']} |")
            continue
        s, h = r["sighan2005_pku_test"], r["pku98_heldout"]
        cps = (s["chars"] + h["chars"]) / (s["seconds"] + h["seconds"]) if s["seconds"] + h["seconds"] else 0
        lines.append(
            f"| {name} | {r['user_dict']} | {'folded' if r['fold'] else 'original'} | {s['precision']:.4f} | {s['recall']:.4f} | **{s['f1']:.4f}** "
            f"| {h['precision']:.4f} | {h['recall']:.4f} | **{h['f1']:.4f}** | {cps:,.0f} | {r['load_s']:.2f} "
            f"| {r['model_rss_mb']:.0f} | {r['load_peak_rss_mb']:.0f} | {r['size_mb']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.training.seg_eval", description=__doc__.split("\n")[0])
    parser.add_argument("--model", action="append", default=None,
                        help=f"pkuseg model dir (repeatable; default {DEFAULT_OUT})")
    parser.add_argument("--user-dict", action="append", default=None,
                        help="none | default | gazetteer | gazetteer-only | FILE (repeatable; default: none)")
    parser.add_argument("--no-char", action="store_true", help="leave out the character baseline")
    parser.add_argument("--no-fold", action="store_true", help="segment the original text (full-width kept)")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the PKU98 split (as in training)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)

    models = args.model or [str(DEFAULT_OUT)]
    modes = args.user_dict or ["none"]
    jobs = [] if args.no_char else [(CHAR, "-", "-")]
    gazetteer_file = None
    for model in models:
        for mode in modes:
            path = mode
            if mode in ("gazetteer", "gazetteer-only"):
                if gazetteer_file is None:
                    import tempfile

                    gazetteer_file = Path(tempfile.mkdtemp(prefix="seg-eval-")) / "user_dict.txt"
                    write_user_dictionary(gazetteer_file)
                path = str(gazetteer_file)
            jobs.append((model, mode, path))
    results = []
    for model, mode, path in jobs:
        t = time.perf_counter()
        result = evaluate(model, mode, args.corpora, args.seed, not args.no_fold, path)
        results.append(result)
        if "error" in result:
            print(f"{model} [{mode}]: {result['error']}", file=sys.stderr, flush=True)
        else:
            print(f"{model} [{mode}]: SIGHAN F1 {result['sighan2005_pku_test']['f1']:.4f}, "
                  f"PKU98 held-out F1 {result['pku98_heldout']['f1']:.4f} ({time.perf_counter() - t:.0f} s)",
                  file=sys.stderr, flush=True)
    print(format_table(results))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
