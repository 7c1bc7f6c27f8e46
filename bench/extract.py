"""Throughput of extraction on the bundled corpus, with and without the shipped models.

    .venv/bin/python bench/extract.py [--repeat N]

Reports characters per second (pipeline load excluded, best of N runs) and the share of time each
stage takes: the tokenizer (segmenter), every pipeline component, and the fact rules. Not a test:
machines here are noisy, so only ratios within one run are meaningful. The README records the result.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from kg.extract import extract_facts
from kg.ingest import load_articles
from kg.model import Article
from kg.nlp.doc_state import state
from kg.nlp.models import ModelError
from kg.nlp.pipeline import build_nlp
from kg.pipeline import bundled_corpus


def timed_run(articles: list[Article], use_models: bool) -> dict[str, float]:
    """Seconds per stage for one pass over the articles."""
    nlp = build_nlp(use_models=use_models)
    spent: dict[str, float] = defaultdict(float)
    for article in articles:
        t = time.perf_counter()
        doc = nlp.make_doc(article.text)
        spent["tokenizer"] += time.perf_counter() - t
        state(doc).article = article
        for name, component in nlp.pipeline:
            t = time.perf_counter()
            doc = component(doc)
            spent[name] += time.perf_counter() - t
        t = time.perf_counter()
        extract_facts(state(doc))
        spent["fact rules"] += time.perf_counter() - t
    return spent


def report(label: str, articles: list[Article], use_models: bool, repeat: int) -> None:
    t0 = time.perf_counter()
    build_nlp(use_models=use_models)
    load = time.perf_counter() - t0
    runs = [timed_run(articles, use_models) for _ in range(repeat)]
    best = min(runs, key=lambda r: sum(r.values()))
    total = sum(best.values())
    chars = sum(len(a.text) for a in articles)
    print(f"{label}: {chars / total:,.0f} chars/s ({chars} chars in {total:.3f} s, best of {repeat}); "
          f"pipeline load {load:.2f} s")
    for stage, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:22} {seconds / total:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    articles, _ = load_articles(bundled_corpus())
    print(f"bundled corpus: {len(articles)} articles")
    report("rules only (--no-model)", articles, False, args.repeat)
    try:
        report("with models", articles, True, args.repeat)
    except ModelError as exc:
        print(f"with models: not measured ({exc})")


if __name__ == "__main__":
    main()
