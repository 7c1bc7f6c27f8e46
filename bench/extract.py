"""Throughput of extraction on the bundled corpus: characters per second, pipeline load excluded.

    .venv/bin/python bench/extract.py [--repeat N]

Prints one line; the README records the last result. Not a test: machines here are noisy.
"""

from __future__ import annotations

import argparse
import time

from kg.ingest import load_articles
from kg.nlp.pipeline import build_nlp
from kg.pipeline import bundled_corpus, extract_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    t0 = time.perf_counter()
    build_nlp()
    load_s = time.perf_counter() - t0
    articles, _ = load_articles(bundled_corpus())
    chars = sum(len(a.text) for a in articles)
    best = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        extract_articles(articles)
        best = min(best, time.perf_counter() - t)
    print(f"bundled corpus: {len(articles)} articles, {chars} characters; "
          f"pipeline load {load_s:.2f} s; extraction best of {args.repeat}: {best:.3f} s = {chars / best:,.0f} chars/s")


if __name__ == "__main__":
    main()
