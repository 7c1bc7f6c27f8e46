"""Ingest on the gold files: which line breaks survive normalisation, and how well documents are dated.

    .venv/bin/python bench/ingest.py [--breaks] [--dates] [--scaling] [--record F | --compare F] [GOLD.jsonl ...]

Each gold document's `text` is read as a file of its own (as ../shared/tools/predict.py does).

Line breaks: a break is the run of newlines between two non-empty lines of the original. It is kept
when the normalised text still has a newline between the two lines, removed when they were rejoined.
`--breaks` lists every removed break with the text on both sides, for reading.

Dates: the first article's date against the gold `date`: exact, same year, missed (gold has a date, we
give none), wrong year, and false (gold has none: the text makes no date certain, we give one).
`--dates` lists every document where the two differ.

Before/after: `--record F` writes every document's removed breaks and dates to F (JSON); a later run with
`--compare F` lists every break removed or kept where it was not before, and every date that changed, so a
change to ingest is judged break by break (`git stash`, `--record`, `git stash pop`, `--compare`).

Scaling (`--scaling`): seconds to ingest (normalise, cut, date) the bundled corpus repeated 1, 10 and 100
times in one file, and runs of 10^4 to 10^6 blank lines, with the time per input size relative to the
smallest; and the speed of traditional → simplified conversion. bench/ingest.md records the results.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from pathlib import Path

from kg.ingest import articles_from_text, normalise
from kg.ingest.script import _convert, is_traditional

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "data" / "corpus"
DEFAULT_GOLD = [REPO.parent / "shared" / "annotation" / "dev.gold.jsonl", REPO / "data" / "gold" / "seeds.gold.jsonl"]


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def line_breaks(original: str) -> list[tuple[int, int]]:
    """(end of the line above, start of the line below) for every break between non-empty lines."""
    breaks, last_end, pos = [], None, 0
    for line in original.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        first = start + len(line) - len(line.lstrip())
        if last_end is not None:
            breaks.append((last_end, first))
        last_end = start + len(line.rstrip())
    return breaks


def removed_breaks(original: str) -> tuple[int, list[tuple[int, int]]]:
    """How many breaks the text has, and the ones normalisation rejoined."""
    text, offsets = normalise(original)
    removed = []
    for above, below in line_breaks(original):
        i = next((k for k, o in enumerate(offsets[:-1]) if o >= below), len(text))
        j = i - 1
        while j >= 0 and offsets[j] >= above:
            j -= 1
        if "\n" not in text[j + 1:i]:
            removed.append((above, below))
    return len(line_breaks(original)), removed


@dataclass
class DateScore:
    docs: int = 0
    dated: int = 0
    exact: int = 0
    year: int = 0
    missed: int = 0
    wrong_year: int = 0
    false: int = 0

    def add(self, gold: str | None, pred: str | None) -> None:
        self.docs += 1
        if gold is None:
            self.false += pred is not None
            return
        self.dated += 1
        self.exact += pred == gold
        if pred is None:
            self.missed += 1
        elif pred[:4] == gold[:4]:
            self.year += 1
        else:
            self.wrong_year += 1

    def row(self, name: str) -> str:
        return (f"{name:<22} {self.docs:>4} {self.dated:>6} {self.exact:>6} {self.year:>5} {self.missed:>7}"
                f" {self.wrong_year:>6} {self.false:>6}")


def predicted_date(doc: dict) -> str | None:
    """The date of the document read as a file of its own (the first article's)."""
    arts = articles_from_text(doc["doc"] + ".txt", doc["text"])
    return arts[0].date if arts else None


def date_in_file(doc: dict) -> str | None:
    """The date of the article that covers most of the document, when its whole source file is read."""
    path = CORPUS / str(doc.get("source", ""))
    original = path.read_text(encoding="utf-8")
    arts = articles_from_text(str(path), original)
    start = original.find(doc["text"])
    if start < 0 or not arts:
        return None
    end = start + len(doc["text"])
    best = max(arts, key=lambda a: min(end, a.offsets[-1]) - max(start, a.offsets[0]))
    return best.date


def _seconds(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def scaling() -> None:
    """Ingest time against input size: near-linear means the per-character column stays flat."""
    corpus = "".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    print(f"{'input':<28} {'chars':>10} {'seconds':>8} {'µs/char':>8} {'ratio':>6}")
    for label, texts in (
        ("corpus ×", {k: corpus * k for k in (1, 10, 100)}),
        ("blank lines 10^", {k: "王小明荣获全国劳动模范。" + "\n" * 10**k + "李华" for k in (4, 5, 6)}),
    ):
        base = None
        for k, text in texts.items():
            sec = _seconds(lambda t=text: articles_from_text("big.txt", t), repeat=1 if len(text) > 10**6 else 3)
            per = sec / len(text) * 1e6
            base = base or per
            print(f"{label + str(k):<28} {len(text):>10} {sec:>8.2f} {per:>8.3f} {per / base:>6.2f}")
    from opencc import OpenCC

    traditional = OpenCC("s2t").convert(corpus)
    assert is_traditional(traditional) and not is_traditional(corpus)
    sec = _seconds(lambda: _convert(traditional))
    print(f"\nt2s conversion (opencc-python-reimplemented): {len(traditional) / sec / 1e6:.2f} M chars/s")
    sec = _seconds(lambda: normalise(corpus))
    print(f"normalise, simplified text:                   {len(corpus) / sec / 1e6:.2f} M chars/s")
    sec = _seconds(lambda: normalise(traditional))
    print(f"normalise, traditional text (with t2s):       {len(traditional) / sec / 1e6:.2f} M chars/s")


def snapshot(paths: list[Path]) -> dict[str, dict]:
    """Every document's removed breaks and dates (alone, and in its file when the file is bundled)."""
    out = {}
    for path in paths:
        docs = load(path)
        in_file = all((CORPUS / str(d.get("source", ""))).is_file() for d in docs)
        for doc in docs:
            _, gone = removed_breaks(doc["text"])
            out[doc["doc"]] = {"removed": [list(b) for b in gone], "date": predicted_date(doc),
                               "date_in_file": date_in_file(doc) if in_file else None}
    return out


def compare(before: dict[str, dict], now: dict[str, dict], texts: dict[str, str]) -> None:
    """Print every break and date that differs between two snapshots, then the counts."""
    newly_removed = newly_kept = dates = 0
    for doc, cur in now.items():
        old = before.get(doc, {"removed": [], "date": None, "date_in_file": None})
        was, nowr = {tuple(b) for b in old["removed"]}, {tuple(b) for b in cur["removed"]}
        t = texts[doc]
        for label, diff in (("now removed", nowr - was), ("now kept", was - nowr)):
            for above, below in sorted(diff):
                print(f"  {doc} {label}: …{t[max(0, above - 25):above]}⏎{t[below:below + 25]}…".replace("\n", "|"))
        newly_removed += len(nowr - was)
        newly_kept += len(was - nowr)
        for key in ("date", "date_in_file"):
            if old.get(key) != cur[key]:
                dates += 1
                print(f"  {doc} {key}: {old.get(key)} -> {cur[key]}")
    print(f"breaks newly removed {newly_removed}, newly kept {newly_kept}; dates changed {dates}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=[p for p in DEFAULT_GOLD if p.exists()])
    parser.add_argument("--breaks", action="store_true", help="list every removed line break")
    parser.add_argument("--dates", action="store_true", help="list every date that differs from gold")
    parser.add_argument("--scaling", action="store_true", help="time against input size, conversion speed")
    parser.add_argument("--record", type=Path, help="write every removed break and date to this JSON file")
    parser.add_argument("--compare", type=Path, help="list every break and date that differs from a --record")
    args = parser.parse_args()
    if args.scaling:
        scaling()
        return
    if args.record:
        args.record.write_text(json.dumps(snapshot(args.gold), ensure_ascii=False), encoding="utf-8")
        return
    if args.compare:
        texts = {d["doc"]: d["text"] for path in args.gold for d in load(path)}
        compare(json.loads(args.compare.read_text(encoding="utf-8")), snapshot(args.gold), texts)
        return
    print(f"{'line breaks':<22} {'docs':>4} {'breaks':>6} {'kept':>6} {'removed':>7}")
    for path in args.gold:
        docs = load(path)
        total = removed = 0
        for doc in docs:
            n, gone = removed_breaks(doc["text"])
            total += n
            removed += len(gone)
            for above, below in gone if args.breaks else []:
                t = doc["text"]
                before, after = t[max(0, above - 25):above], t[below:below + 25]
                print(f"  {doc['doc']}: …{before}⏎{after}…".replace("\n", "|"))
        print(f"{path.name:<22} {len(docs):>4} {total:>6} {total - removed:>6} {removed:>7}")
    print()
    print(f"{'dates':<22} {'docs':>4} {'dated':>6} {'exact':>6} {'year':>5} {'missed':>7} {'wrong':>6} {'false':>6}")
    for path in args.gold:
        docs = load(path)
        rows = [(path.name, predicted_date)]
        if all((CORPUS / str(d.get("source", ""))).is_file() for d in docs):
            rows.append((f"{path.name[:12]} in file", date_in_file))
        for name, predict in rows:
            score = DateScore()
            for doc in docs:
                pred = predict(doc)
                score.add(doc.get("date"), pred)
                if args.dates and pred != doc.get("date"):
                    print(f"  {doc['doc']}: gold {doc.get('date')} predicted {pred}")
            print(score.row(name))


if __name__ == "__main__":
    main()
