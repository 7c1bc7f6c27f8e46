"""How laomo-kg scales: builds and look-ups on generated archives of 1k, 10k and 100k articles, as whole processes.

    .venv/bin/python bench/scale.py [--sizes 1000,10000,100000] [--work DIR] [--repeat 3]

For each size, `bench/corpus_model.py` generates the extraction records of an archive (what `kg extract
--format jsonl` gives, without running the NLP), then this times, each as its own `kg` process:

- `kg build --from-records` into an empty store (wall time, peak memory);
- the same build again with nothing changed;
- a build after one article changed (the store is updated, not rebuilt);
- `kg who-received 五一劳动奖章`, `kg show` of the most-mentioned person, `kg docs`, every named query, `kg --help`
  (best of --repeat runs): the default output (a table of the first 100 rows, 100 columns wide) and the
  whole answer (JSON for look-ups, CSV for queries, no time limit), with the size of each answer and the
  whole answer's time per row (which must not grow faster than the answer from one size to the next).

A small real-text run calibrates the generated shape: the bundled corpus is extracted and built with the
models. Only ratios within one run mean much on a shared machine; the README records the last run.
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
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_model import records  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))


GNU_TIME = shutil.which("time") if Path("/usr/bin/time").exists() else None


TABLE_ENV = {**os.environ, "COLUMNS": "100"}  # a table as a terminal 100 columns wide shows it


def timed(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """(wall seconds, peak resident memory in MB, stdout) of one whole `kg` process. The peak comes from
    GNU time where it is installed: a child forked from this (large) process would count its pages too."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile() as peak:
        command = ([GNU_TIME, "-f", "%M", "-o", peak.name] if GNU_TIME else []) + [KG, *args]
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise RuntimeError(f"kg {' '.join(args)} failed: {err.read().decode('utf-8')[-400:]}")
        kb = int(Path(peak.name).read_text().split()[-1]) if GNU_TIME else usage.ru_maxrss
        return wall, kb // 1024, out.read().decode("utf-8")


def best(args: list[str], repeat: int, env: dict[str, str] | None = None) -> tuple[float, str]:
    runs = [timed(args, env=env) for _ in range(repeat)]
    return min(r[0] for r in runs), runs[0][2]


def answer_size(out: str, fmt: str) -> int:
    if fmt == "json":
        data = json.loads(out)
        if isinstance(data, dict):
            return sum(len(rows) for rows in data.get("facts", {}).values())
        return len(data)
    return max(0, len(out.splitlines()) - 1)


def generate(n: int, work: Path) -> tuple[Path, str]:
    """The records file of an n-article archive and the most-mentioned person's name."""
    path = work / f"records-{n}.jsonl"
    mentions: Counter[str] = Counter()
    with path.open("w", encoding="utf-8") as out:
        for rec in records(n):
            mentions.update(e["name"] for e in rec["entities"] if e["type"] == "Person")
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path, mentions.most_common(1)[0][0]


def changed_copy(path: Path) -> Path:
    """The same records with one article's facts restated in other words (one document changes)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rec = json.loads(lines[len(lines) // 2])
    for r in rec["relations"]:
        r["evidence"]["sentence"] += "（记者补充）"
    lines[len(lines) // 2] = json.dumps(rec, ensure_ascii=False)
    out = path.with_name(path.stem + "-changed.jsonl")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def most_facts_iri(store: Path, name: str) -> str:
    """Of the people called `name`, the one with the most statements (what `show --id` picks)."""
    from kg.graph.store import Store
    from kg.query.lookups import facts_about, matches

    index = Store(store).index()
    return max((str(m["iri"]) for m in matches(index, name)),
               key=lambda iri: sum(f.count for a in facts_about(index, iri).values() for f in a.facts))


def lookups(store: Path, person: str, repeat: int) -> list[tuple[str, float, float, int]]:
    """(what, best wall seconds of the default table, of the whole answer, the answer's size) for every look-up."""
    from kg.query.sparql import named_queries

    iri = most_facts_iri(store, person)
    asks = {"who-received 五一劳动奖章": (["who-received", "五一劳动奖章"], "json"),
            "show (most-mentioned person)": (["show", person, "--id", iri], "json"),
            "docs": (["docs"], "csv")}
    asks.update({f"query {q}": (["query", q, "--timeout", "0"], "csv") for q in named_queries()})
    out = []
    for what, (args, fmt) in asks.items():
        table, _ = best([*args, "--store", str(store)], repeat, TABLE_ENV)
        whole, text = best([*args, "--store", str(store), "--format", fmt], repeat)
        out.append((what, table, whole, answer_size(text, fmt)))
    seconds, _ = best(["query", "ASK {}", "--store", str(store), "--format", "csv"], repeat)
    out.append(("an empty query (what any answer costs)", seconds, seconds, 0))
    seconds, _ = best(["--help"], repeat)
    out.append(("kg --help", seconds, seconds, 0))
    return out


def scale_run(n: int, work: Path, repeat: int) -> dict:
    path, person = generate(n, work)
    store = work / f"store-{n}"
    shutil.rmtree(store, ignore_errors=True)
    build = timed(["build", "--from-records", str(path), "--store", str(store)])
    again = timed(["build", "--from-records", str(path), "--store", str(store)])
    changed = timed(["build", "--from-records", str(changed_copy(path)), "--store", str(store)])
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    return {"articles": n, "quads": manifest["quads"], "build": build[:2], "no-change": again[:2],
            "one changed": changed[:2], "lookups": lookups(store, person, repeat),
            "store MB": sum(p.stat().st_size for p in store.rglob("*") if p.is_file()) / 1e6}


def real_text(work: Path, repeat: int) -> dict:
    """The bundled corpus, extracted with the models and built: the calibration run."""
    from kg.ingest import load_articles
    from kg.resources import bundled_corpus

    store = work / "store-bundled"
    shutil.rmtree(store, ignore_errors=True)
    articles, _ = load_articles(bundled_corpus())
    build = timed(["build", "--store", str(store)])
    again = timed(["build", "--store", str(store)])
    copies = work / "bundled-x5"  # five copies of the corpus: enough text for two workers to pay off
    shutil.rmtree(copies, ignore_errors=True)
    for k in range(5):
        shutil.copytree(bundled_corpus()[0], copies / f"copy{k}")
    extract1 = timed(["extract", str(copies), "--jobs", "1", "-o", str(work / "bundled-1.jsonl")])
    extract2 = timed(["extract", str(copies), "--jobs", "2", "-o", str(work / "bundled-2.jsonl")])
    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    return {"articles": len(articles), "quads": manifest["quads"], "build": build[:2], "no-change": again[:2],
            "extract --jobs 1": extract1[:2], "extract --jobs 2": extract2[:2],
            "same output": (work / "bundled-1.jsonl").read_bytes() == (work / "bundled-2.jsonl").read_bytes(),
            "lookups": lookups(store, "陈荣发", repeat)}


def report(runs: list[dict], real: dict | None) -> None:
    sizes = [r["articles"] for r in runs]
    print("| | " + " | ".join(f"{n:,} articles" for n in sizes) + (" | bundled corpus (real text)" if real else "")
          + " |")
    print("|---|" + "---|" * (len(runs) + bool(real)))
    every = runs + ([real] if real else [])
    print("| quads | " + " | ".join(f"{r['quads']:,}" for r in every) + " |")
    for step in ("build", "no-change", "one changed"):
        cells = []
        for r in every:
            if step not in r:
                cells.append("")
                continue
            wall, peak = r[step]
            cells.append(f"{wall:.2f} s, {peak} MB ({wall / r['articles'] * 1000:.2f} ms/article)")
        print(f"| kg build: {step} | " + " | ".join(cells) + " |")
    names = [what for what, *_ in runs[0]["lookups"]]
    for i, what in enumerate(names):
        cells = []
        for r in every:
            row = r["lookups"][i] if i < len(r["lookups"]) and r["lookups"][i][0] == what else None
            cells.append(f"{row[1]:.2f} s" if row and i >= len(names) - 2 else _cell(*row[1:]) if row else "")
        print(f"| {what} | " + " | ".join(cells) + " |")
    print()
    print("Whole answers, time per row (µs: the whole process less an empty query's, divided by the rows):")
    for i, what in enumerate(names[:-2]):
        print(f"- {what}: " + ", ".join(f"{r['articles']:,}: {_per_row(r['lookups'][i], r['lookups'][-2][2])}"
                                        for r in runs))
    if real:
        for key in ("extract --jobs 1", "extract --jobs 2"):
            print(f"{key}: {real[key][0]:.1f} s, {real[key][1]} MB (the bundled corpus five times, with models)")
        print(f"same output for --jobs 1 and 2: {real['same output']}")
    for r in runs:
        print(f"{r['articles']:,} articles: store {r['store MB']:.0f} MB on disk")


def _cell(table: float, whole: float, rows: int) -> str:
    """The default table's time, then the whole answer's with its size."""
    return f"{table:.2f} s; whole {whole:.2f} s ({rows:,} row{'s' if rows != 1 else ''})"


def _per_row(row: tuple[str, float, float, int], empty: float) -> str:
    return f"{max(row[2] - empty, 0) / row[3] * 1e6:,.1f}" if row[3] else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "laomo-kg-scale")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-real", action="store_true", help="Skip the real-text calibration run.")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    runs = []
    for n in (int(s) for s in args.sizes.split(",")):
        runs.append(scale_run(n, args.work, args.repeat))
        print(f"{n:,} articles done", file=sys.stderr, flush=True)
    report(runs, None if args.no_real else real_text(args.work, args.repeat))


if __name__ == "__main__":
    main()
