"""Builds data/gazetteers/given_name_chars.tsv and surname_counts.tsv from the PKU 1998 People's Daily corpus.

The PKU annotation tags a Chinese person name as two consecutive `nr` words, surname then given name
(江/nr 泽民/nr). Every such pair whose first word is a surname from data/gazetteers/surnames.txt and whose
second word is one or two CJK characters counts as a person name. For each character the script writes how
often it occurs in a given name, how often it occurs anywhere in the corpus text, and the ratio of the two,
which tells a rule-based name finder how name-like a character is ("赵建国讲": 生 is, 讲 is not).

Run: python -m kg.build_name_stats [--corpus PATH] [--out DIR] [--min-count N]
"""

from __future__ import annotations

import argparse
import json
import lzma
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "pku98_peoples_daily" / "all.words.jsonl.xz"
DEFAULT_OUT = REPO / "data" / "gazetteers"


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def load_surnames(path: Path) -> set[str]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.add(line.split("\t")[0].strip())
    return out


def nr_runs(text: str, spans: list) -> list[list[str]]:
    """Maximal runs of consecutive `nr` words, as lists of word strings."""
    runs: list[list[str]] = []
    cur: list[str] = []
    for start, end, pos in spans:
        if pos == "nr":
            cur.append(text[start:end])
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def collect(corpus: Path, surnames: set[str]) -> tuple[Counter, ...]:
    """One pass over the corpus: (given, first, second, single, corpus, surname, distinct-name) counters."""
    given, first, second, single, chars, sur, words = (Counter() for _ in range(7))
    names: set[tuple[str, str]] = set()
    opener = lzma.open if corpus.suffix == ".xz" else open
    with opener(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            doc = json.loads(line)
            text = doc["text"]
            chars.update(ch for ch in text if is_cjk(ch))
            words.update(text[s:e] for s, e, pos in doc["spans"]
                         if e - s == 2 and pos != "nr" and text[s] in surnames and all(map(is_cjk, text[s:e])))
            for run in nr_runs(text, doc["spans"]):
                if len(run) != 2:
                    continue
                surname, name = run
                if surname not in surnames or not 1 <= len(name) <= 2 or not all(map(is_cjk, name)):
                    continue
                sur[surname] += 1
                names.add((surname, name))
                given.update(name)
                if len(name) == 1:
                    single[name] += 1
                else:
                    first[name[0]] += 1
                    second[name[1]] += 1
    distinct = Counter(ch for _, name in names for ch in set(name))
    return given, first, second, single, chars, sur, distinct, words


def write_outputs(out: Path, counts: tuple, min_count: int, corpus: Path) -> tuple[int, int]:
    given, first, second, single, chars, sur, distinct, words = counts
    out.mkdir(parents=True, exist_ok=True)
    rows = sorted(((c, n) for c, n in given.items() if n >= min_count), key=lambda x: (-x[1], x[0]))
    with (out / "given_name_chars.tsv").open("w", encoding="utf-8") as f:
        f.write(
            "# Characters of Chinese given names, counted in the PKU 1998 People's Daily corpus "
            f"({corpus.name}) by kg/build_name_stats.py.\n"
            "# Columns: char\tgiven_name_count\tcorpus_count\tratio\tas_first\tas_second\tas_single\tdistinct_names\n"
            "#   given_name_count  occurrences inside the given-name word of a surname+given-name nr pair\n"
            "#   corpus_count      occurrences anywhere in the corpus text\n"
            "#   ratio             given_name_count / corpus_count (how name-like the character is)\n"
            "#   as_first, as_second  occurrences as 1st / 2nd character of a two-character given name\n"
            "#   as_single         occurrences as a one-character given name\n"
            "#   distinct_names    number of distinct full names whose given name has the character (less\n"
            "#                     skewed by much-reported people than the mention counts)\n"
            f"# Only characters seen at least {min_count} times in given names; sorted by given_name_count.\n"
        )
        for ch, n in rows:
            total = chars[ch] or n
            f.write(
                f"{ch}\t{n}\t{total}\t{n / total:.4f}\t{first[ch]}\t{second[ch]}\t{single[ch]}\t{distinct[ch]}\n"
            )
    srows = sorted(sur.items(), key=lambda x: (-x[1], x[0]))
    with (out / "surname_counts.tsv").open("w", encoding="utf-8") as f:
        f.write(
            "# Surnames observed in surname+given-name nr pairs of the PKU 1998 People's Daily corpus "
            "(kg/build_name_stats.py).\n# Columns: surname\tcount\n"
        )
        for s, n in srows:
            f.write(f"{s}\t{n}\n")
    wrows = sorted(((w, n) for w, n in words.items() if n >= 5), key=lambda x: (-x[1], x[0]))
    with (out / "surname_words.tsv").open("w", encoding="utf-8") as f:
        f.write(
            "# Two-character words (not person names) that begin with a surname character, counted in the PKU 1998\n"
            "# People's Daily corpus by kg/build_name_stats.py: 单位, 成立, 关于. A name candidate that begins with\n"
            "# one of these needs stronger evidence. Columns: word\tcount (words seen at least 5 times).\n"
        )
        for w, n in wrows:
            f.write(f"{w}\t{n}\n")
    return len(rows), len(srows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="all.words.jsonl(.xz) of PKU 1998")
    ap.add_argument("--surnames", type=Path, default=DEFAULT_OUT / "surnames.txt")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    ap.add_argument("--min-count", type=int, default=2, help="minimum given-name count to list a character")
    args = ap.parse_args(argv)
    counts = collect(args.corpus, load_surnames(args.surnames))
    n_chars, n_sur = write_outputs(args.out, counts, args.min_count, args.corpus)
    print(f"given_name_chars.tsv: {n_chars} characters; surname_counts.tsv: {n_sur} surnames")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
