"""Extraction time against input size: near-linear or not (issue 11).

    .venv/bin/python bench/scaling.py [--cap SECONDS] [--rules-only] [--out bench/scaling.md]

Each case grows one input and times ingest + recognition + fact rules (pipeline load excluded; best of 3
where a run takes under a second):
- an article of the bundled corpus ×1, ×4, ×16, in one file and in as many files;
- 10^3, 10^4, 10^5 blank lines between two sentences (the run that made the cover-date regex backtrack);
- plain text without a name in one line of 21k, 84k, 336k characters (about 1 MB): one long article;
- the issue's repeated line (深圳市某某科技有限公司总经理李华荣获2023年全国五一劳动奖章。) ×250, ×1000, ×4000, one a
  line, and 全国五一劳动奖章 ×1000, ×4000, ×16000 in one line: many mentions in one article.
The verdict compares time per character at the largest size with the smallest: near-linear stays within
1.5×. A case over that is profiled at its largest finished size (the functions with the most own time).
Every case runs in a process of its own, stopped when a size takes longer than --cap seconds. Not a test:
the machine is shared and noisy, so only ratios inside one run mean something.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import json
import pstats
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

LINEAR = 1.5  # time per character may grow this much across a case's range and still count as near-linear
REPEATED_LINE = "深圳市某某科技有限公司总经理李华荣获2023年全国五一劳动奖章。"
HONOUR = "全国五一劳动奖章"
PLAIN = "今天天气很好，我们去公园散步，看见湖边的柳树发了新芽。"  # no name, no honour, no organisation


@functools.cache
def article_text() -> str:
    """The longest article of the first bundled file, as it stands in the file (a real article)."""
    from kg.ingest import load_articles
    from kg.resources import bundled_corpus

    articles, _ = load_articles(bundled_corpus()[:1])
    art = max(articles, key=lambda a: len(a.text))
    return art.original[art.offsets[0]:art.offsets[-1]].strip() + "\n"


# case name → (sizes, how to lay out the input of a size: {file name: text})
CASES: dict[str, tuple[list[int], Callable[[int], dict[str, str]]]] = {
    "article ×k, one file": ([1, 4, 16], lambda k: {"all.txt": "\n\n".join([article_text()] * k)}),
    "article ×k, k files": ([1, 4, 16], lambda k: {f"a{i:02d}.txt": article_text() for i in range(k)}),
    "blank lines": ([1_000, 10_000, 100_000], lambda n: {"a.txt": "王小明荣获全国劳动模范。" + "\n" * n + "李华"}),
    "plain text, one line": ([21_000, 84_000, 336_000], lambda n: {"a.txt": (PLAIN * (n // len(PLAIN) + 1))[:n]}),
    "repeated line ×N": ([250, 1_000, 4_000], lambda n: {"a.txt": "\n".join([REPEATED_LINE] * n)}),
    "全国五一劳动奖章 ×N": ([1_000, 4_000, 16_000], lambda n: {"a.txt": HONOUR * n}),
}


# -- the child: one case, one pipeline ----------------------------------------------------------------------

def _extract(folder: Path, nlp) -> int:
    """Read and extract every file of the folder; the number of articles."""
    from kg.extract import extract_document
    from kg.ingest import load_articles
    from kg.nlp.pipeline import recognise

    articles, errors = load_articles([str(folder)])
    assert not errors, errors
    for article in articles:
        extract_document(recognise(article, nlp)[1])
    return len(articles)


def child(case: str, use_models: bool, cap: float) -> None:
    """Print one JSON line per size; after a size that is not near-linear against the first, the profile
    of a run of it (before the next, larger size, which may not finish)."""
    from kg.nlp.pipeline import build_nlp

    nlp = build_nlp(use_models=use_models)
    sizes, layout = CASES[case]
    first = None
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            files = layout(size)
            for name, text in files.items():
                (folder / name).write_text(text, encoding="utf-8")
            chars = sum(len(t) for t in files.values())
            best, runs = float("inf"), 0
            while runs < 3 and (runs == 0 or best < 1.0):
                t = time.perf_counter()
                articles = _extract(folder, nlp)
                best, runs = min(best, time.perf_counter() - t), runs + 1
            first = first or best / chars
            print(json.dumps({"size": size, "chars": chars, "articles": articles, "seconds": best}), flush=True)
            if best / chars > LINEAR * first and best < cap / 2:
                print(json.dumps({"profile": _profile(folder, nlp)}), flush=True)


def _profile(folder: Path, nlp) -> list[str]:
    """The functions with the most own time in one run (ours and spaCy's, where the time goes)."""
    profile = cProfile.Profile()
    profile.enable()
    _extract(folder, nlp)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = sum(s[2] for s in stats.values())
    own: dict[str, float] = {}  # a comprehension's time goes to the function it is written in
    for (path, line, name), (_, _, seconds, _, _) in stats.items():
        if line:  # builtins have no place: their time shows in their callers' lines below
            key = _function_at(path, line, name)
            own[key] = own.get(key, 0.0) + seconds
    rows = sorted(own.items(), key=lambda kv: -kv[1])[:6]
    return [f"{where} {seconds / total:.0%}" for where, seconds in rows if seconds >= 0.01 * total]


def _function_at(path: str, line: int, name: str) -> str:
    """`file function` for a profile entry, a generator expression or comprehension named by the function
    around it."""
    short = path
    for root in (str(REPO) + "/", "site-packages/"):
        if root in path:
            short = path.split(root, 1)[1]
    if name.startswith("<") and path.endswith(".py"):
        name = _enclosing(path).get(line, name)
    return f"{short} {name}"


@functools.cache
def _enclosing(path: str) -> dict[int, str]:
    """Line → the innermost function defined around it."""
    import ast

    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    spans = sorted(((n.lineno, n.end_lineno or n.lineno, n.name) for n in ast.walk(tree)
                    if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)), key=lambda s: s[1] - s[0], reverse=True)
    out: dict[int, str] = {}
    for start, end, name in spans:  # larger first, so inner functions overwrite
        for line in range(start, end + 1):
            out[line] = name
    return out


# -- the parent: one process per case, a cap per size ----------------------------------------------------

def run_case(case: str, use_models: bool, cap: float) -> dict:
    """The sizes a case finished within the cap, and its profile if it is not near-linear."""
    args = [sys.executable, __file__, "--child", case, "--cap", str(cap)] + ([] if use_models else ["--rules-only"])
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=lambda: [*map(lines.put, proc.stdout), lines.put(None)], daemon=True).start()
    out: dict = {"case": case, "sizes": [], "stopped": None, "profile": []}
    load = 60.0  # the pipeline's load and the first input's writing come before the first line
    sizes = CASES[case][0]
    while True:
        try:
            line = lines.get(timeout=cap * 4 + load)  # up to 3 runs of a size under a second, 1 over
        except queue.Empty:
            proc.kill()
            out["stopped"] = sizes[len(out["sizes"])]
            break
        load = 0.0
        if line is None:
            break
        item = json.loads(line)
        if "profile" in item:
            out["profile"] = item["profile"]
        else:
            out["sizes"].append(item)
            if item["seconds"] > cap and len(out["sizes"]) < len(sizes):
                proc.kill()
                out["stopped"] = sizes[len(out["sizes"])]
                break
    proc.wait()
    return out


def verdict(result: dict) -> tuple[str, float | None]:
    sizes = result["sizes"]
    if result["stopped"] is not None:
        return f"stopped at {result['stopped']:,} (over the cap)", None
    first, last = sizes[0], sizes[-1]
    ratio = (last["seconds"] / last["chars"]) / (first["seconds"] / first["chars"])
    return ("near-linear" if ratio <= LINEAR else "super-linear"), ratio


def markdown(results: dict[str, list[dict]], cap: float) -> str:
    out = ["# Extraction time against input size (`python bench/scaling.py`)", "",
           "Ingest + recognition + fact rules, pipeline load excluded, best of 3 where a run is under 1 s; a size",
           f"over {cap:g} s stops its case. *ratio*: time per character at the largest size over the smallest",
           f"(near-linear: ≤ {LINEAR}).", ""]
    for mode, rows in results.items():
        out += [f"## {mode}", "", "| case | size | characters | articles | seconds | µs/char | ratio |",
                "|---|---|---|---|---|---|---|"]
        for r in rows:
            base = r["sizes"][0]["seconds"] / r["sizes"][0]["chars"] if r["sizes"] else None
            for s in r["sizes"]:
                ratio = (s["seconds"] / s["chars"]) / base
                out.append(f"| {r['case']} | {s['size']:,} | {s['chars']:,} | {s['articles']} | {s['seconds']:.3f} | "
                           f"{s['seconds'] / s['chars'] * 1e6:.1f} | {ratio:.2f} |")
            what, _ = verdict(r)
            out.append(f"| {r['case']} | **{what}** | | | | | |")
        out.append("")
        for r in rows:
            if r["profile"]:
                out += [f"{r['case']} ({mode}), own time at its largest size:", "",
                        *[f"- `{p}`" for p in r["profile"]], ""]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=60.0, help="seconds a size may take before its case stops")
    parser.add_argument("--rules-only", action="store_true", help="only the rules (no trained segmenter, NER)")
    parser.add_argument("--out", type=Path, help="write the tables here (markdown)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, not args.rules_only, args.cap)
        return
    modes = {"rules only (--no-model)": False} | ({} if args.rules_only else {"with models": True})
    results: dict[str, list[dict]] = {}
    for mode, use_models in modes.items():
        results[mode] = []
        for case in CASES:
            result = run_case(case, use_models, args.cap)
            results[mode].append(result)
            what, ratio = verdict(result)
            print(f"{mode:24} {case:24} {what}" + (f" ({ratio:.2f})" if ratio else ""), flush=True)
    text = markdown(results, args.cap)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
