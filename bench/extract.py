"""Throughput of extraction, with and without the shipped models, and over worker processes.

    .venv/bin/python bench/extract.py [--repeat N] [--jobs-copies K]

Two corpora: the bundled corpus (data/corpus, read from its files) and the dev texts (each passage
of data/gold/dev.gold.jsonl read as a file of its own, as predict.py does). For each: characters per
second from the raw text to the facts (pipeline load excluded, best of N runs) and the share of time
each stage takes: ingest (decode, normalise, dates), every pipeline component, and the fact rules.
Then `kg extract --jobs 1` against `--jobs 2` as whole processes on K copies of the bundled corpus.
Not a test: machines here are noisy, so only ratios within one run are meaningful. The README
records the result.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from kg.extract import extract_facts
from kg.ingest import articles_from_text, load_articles
from kg.nlp.doc_state import state
from kg.nlp.models import ModelError
from kg.nlp.pipeline import build_nlp
from kg.resources import bundled_corpus

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "data" / "gold" / "dev.gold.jsonl"
KG = Path(sys.executable).with_name("kg")


def bundled_texts() -> list[tuple[str, str]]:
    return [(str(p), "") for folder in bundled_corpus() for p in sorted(Path(folder).glob("*.txt"))]


def dev_texts() -> list[tuple[str, str]]:
    return [(f"{d['doc']}.txt", d["text"]) for d in map(json.loads, DEV.read_text(encoding="utf-8").splitlines())]


def timed_run(sources: list[tuple[str, str]], use_models: bool, batch_size: int = 32) -> tuple[dict[str, float], int]:
    """Seconds per stage for one pass over the sources (a path to read, or a name and its text), run as
    `kg.nlp.pipeline.recognise_all` runs them: a batch of articles through each component in turn (the
    NER reads a batch in one call)."""
    nlp = build_nlp(use_models=use_models)
    spent: dict[str, float] = defaultdict(float)
    articles = []
    for name, text in sources:
        t = time.perf_counter()
        articles += articles_from_text(name, text) if text else load_articles([name])[0]
        spent["ingest"] += time.perf_counter() - t
    for k in range(0, len(articles), batch_size):
        t = time.perf_counter()
        docs = [nlp.make_doc(a.text) for a in articles[k:k + batch_size]]
        spent["tokenizer"] += time.perf_counter() - t
        for doc, article in zip(docs, articles[k:k + batch_size], strict=True):
            state(doc).article = article
        for stage, component in nlp.pipeline:
            t = time.perf_counter()
            docs = list(component.pipe(docs)) if hasattr(component, "pipe") else [component(d) for d in docs]
            spent[stage] += time.perf_counter() - t
        t = time.perf_counter()
        for doc in docs:
            extract_facts(state(doc))
        spent["fact rules"] += time.perf_counter() - t
    return spent, sum(len(a.text) for a in articles)


def report(label: str, sources: list[tuple[str, str]], use_models: bool, repeat: int) -> None:
    t0 = time.perf_counter()
    build_nlp(use_models=use_models)
    load = time.perf_counter() - t0
    wall, cpu = time.perf_counter(), time.process_time()
    runs = [timed_run(sources, use_models) for _ in range(repeat)]
    threads = (time.process_time() - cpu) / (time.perf_counter() - wall)  # CPU time of all threads per wall second
    best, chars = min(runs, key=lambda r: sum(r[0].values()))
    total = sum(best.values())
    alone = total - best["ingest"]
    print(f"{label}: {chars / total:,.0f} chars/s ({chars} chars in {total:.3f} s, best of {repeat}); "
          f"without ingest {chars / alone:,.0f} chars/s (as measured before issue 10); pipeline load {load:.2f} s; "
          f"CPU/wall {threads:.2f}")
    for stage, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:22} {seconds / total:6.1%}")


def jobs_ratio(copies: int) -> None:
    """`kg extract --jobs 1` and `--jobs 2` as whole processes on `copies` copies of the corpus."""
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(copies):
            shutil.copytree(REPO / "data" / "corpus", Path(tmp) / f"copy{k}")
        walls = {}
        for jobs in (1, 2, 1, 2):
            t = time.perf_counter()
            subprocess.run([str(KG), "extract", tmp, "--jobs", str(jobs), "-o", os.devnull], check=True,
                           stderr=subprocess.DEVNULL)
            walls.setdefault(jobs, []).append(time.perf_counter() - t)
        one, two = min(walls[1]), min(walls[2])
        print(f"kg extract, {copies} copies of the bundled corpus: --jobs 1 {one:.1f} s, --jobs 2 {two:.1f} s "
              f"({one / two:.2f}x; best of 2 each, whole processes with model load)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--jobs-copies", type=int, default=48,
                        help="copies of the corpus for --jobs (0: skip); each run pays ~2 s of start-up whatever N, "
                             "so a small input measures the start-up more than the workers")
    args = parser.parse_args()
    for title, sources in (("bundled corpus", bundled_texts()), ("dev texts", dev_texts())):
        print(f"== {title}: {len(sources)} files")
        report("rules only (--no-model)", sources, False, args.repeat)
        try:
            report("with models", sources, True, args.repeat)
        except ModelError as exc:
            print(f"with models: not measured ({exc})")
    if args.jobs_copies:
        jobs_ratio(args.jobs_copies)


if __name__ == "__main__":
    main()
