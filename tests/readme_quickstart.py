"""Run the commands of the README's quick start and compare what they print with what the README shows.

    python tests/readme_quickstart.py            # check (make readme-check; tests/test_readme.py)
    python tests/readme_quickstart.py --update   # rewrite the README's outputs from a fresh run

The quick start is the first ```console block after "## Quick start": `$ COMMAND` lines, each followed by
the output it printed. Every `kg` command is run as shown, in the checkout, in English, 100 columns wide,
with a store of its own (shown as ./kg-store); `make …` lines are what `make test` has run already, and the
venv's activation is the PATH given to the commands. A command must succeed and print output of the same
shape: the same lines outside tables (digits aside, as counts move when extraction improves), and each
table with the same header and the same rows (the first cell of each, in order), whatever the wrapping
of the text inside it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BLOCK = re.compile(r"## Quick start\n.*?```console\n(.*?)```", re.S)
RULE = re.compile(r"─{3,}")
COLUMNS = 100


@dataclass
class Step:
    line: str  # as the README writes it, comment included
    command: str
    shown: list[str] = field(default_factory=list)  # the output lines the README shows


def steps(readme: str) -> list[Step]:
    found = BLOCK.search(readme)
    if not found:
        raise SystemExit(f"{README}: no ```console block under '## Quick start'")
    out: list[Step] = []
    for line in found.group(1).splitlines():
        if line.startswith("$ "):
            out.append(Step(line, line[2:].split("  #")[0].strip()))
        elif out:
            out[-1].shown.append(line)
    return out


def run(step: Step, store: Path) -> list[str]:
    """What the command prints (stdout and stderr), as the README would show it; a failure raises."""
    env = {**os.environ, "PATH": f"{REPO / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}", "KG_STORE": str(store),
           "COLUMNS": str(COLUMNS), "LANG": "C.UTF-8", "LC_ALL": "", "KG_LANG": "", "KG_CONFIG": "/nonexistent"}
    done = subprocess.run(["bash", "-c", step.command], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    if done.returncode:
        raise AssertionError(f"`{step.command}` failed ({done.returncode}): {done.stderr.strip()}")
    return (done.stdout + done.stderr).replace(str(store), "kg-store").rstrip("\n").splitlines()


def shape(lines: list[str]) -> list[tuple]:
    """Lines outside tables with digits masked; each table as its header and the first cell of each row."""
    lines = [line.rstrip() for line in lines]
    headers = [i for i in range(len(lines) - 1) if lines[i] and RULE.fullmatch(lines[i + 1].strip())]
    out: list[tuple] = []
    i = 0
    while i < len(lines):
        if i in headers:
            end = next((h - 1 for h in headers if h > i), len(lines))  # the line before the next header: its title
            if end < len(lines) and (not lines[end] or lines[end].startswith(" ")):
                end += 1  # no title there
            rows = tuple(line.split()[0] for line in lines[i + 2:end] if line and not line.startswith(" "))
            out.append(("table", " ".join(lines[i].split()), rows))
            i = end
            continue
        if lines[i].strip():
            out.append(("line", re.sub(r"\d+", "0", " ".join(lines[i].split()))))
        i += 1
    return out


def check(update: bool = False) -> list[str]:
    """Run the quick start; the differences found (none: the README is true), or rewrite it (update)."""
    text = README.read_text(encoding="utf-8")
    problems, outputs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for step in steps(text):
            if step.command.startswith(("make ", ". ", "source ")):
                outputs.append(step.shown)
                continue
            printed = run(step, Path(tmp) / "kg-store")
            outputs.append(printed)
            if shape(printed) != shape(step.shown):
                problems.append(f"`{step.command}` printed:\n" + "\n".join(printed))
    if update:
        block = "".join(f"{s.line}\n" + "".join(f"{line}\n" for line in o) for s, o in zip(steps(text), outputs, strict=True))
        README.write_text(BLOCK.sub(lambda m: m.group(0).replace(m.group(1), block), text, count=1), encoding="utf-8")
    return problems


def main() -> int:
    update = "--update" in sys.argv[1:]
    problems = check(update)
    for p in problems:
        print(p, file=sys.stderr)
    if update:
        print(f"{README}: quick start outputs rewritten" if problems else f"{README}: already true")
        return 0
    print(f"{README}: the quick start is true" if not problems else f"{README}: {len(problems)} command(s) differ")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
