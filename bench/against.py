"""Extraction speed against an older checkout, on the same machine at the same time (issue 10).

    .venv/bin/python bench/against.py OLD_CHECKOUT [--rounds 3]

This machine's speed drifts by a quarter from one minute to the next, so absolute figures taken at
different times say little. Here the old code (a worktree of an older commit, e.g. `git worktree add
../old 8ac4335`) and this one extract the bundled corpus and the dev texts with the models, one process
each, alternating, `--rounds` times; the ratio of the best of each is the figure. Extraction alone
(articles already read), pipeline load excluded, as this benchmark measured before issue 10.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
from kg.ingest import articles_from_text, load_articles
from kg.pipeline import extract_articles
which, repo = sys.argv[1], sys.argv[2]
if which == "dev":
    arts = []
    for line in open(f"{repo}/data/gold/dev.gold.jsonl", encoding="utf-8"):
        g = json.loads(line)
        arts += articles_from_text(g["doc"] + ".txt", g["text"])
else:
    arts, _ = load_articles([f"{repo}/data/corpus"])
extract_articles(arts[:3])
times = []
for _ in range(3):
    t = time.perf_counter()
    extract_articles(arts)
    times.append(time.perf_counter() - t)
print(sum(len(a.text) for a in arts) / min(times))
"""


def rate(checkout: Path, which: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run([sys.executable, "-c", CHILD, which, str(REPO)], env=env, capture_output=True,
                         text=True, check=True, cwd=checkout)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path, help="a checkout of the older commit")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for which in ("bundled", "dev"):
        old, new = [], []
        for _ in range(args.rounds):
            old.append(rate(args.old.resolve(), which))
            new.append(rate(REPO, which))
        print(f"{which}: old {max(old):,.0f} chars/s, this {max(new):,.0f} chars/s "
              f"({max(new) / max(old):.1f}x; best of {args.rounds} alternating processes, with the models)")


if __name__ == "__main__":
    main()
