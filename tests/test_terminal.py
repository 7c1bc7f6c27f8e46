"""What a terminal shows: a look-up table that fits 100 columns with the evidence wrapped and the holder's name
highlighted inside it; per-article progress with rate and time left on stderr, and nothing of it on a pipe."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from kg.cli.progress import Progress

KG = str(Path(sys.executable).with_name("kg"))
LONG = ("本报讯 2023年，星河精密机械有限公司高级技师周海涛凭借在精密零件加工领域多年的技术攻关、工艺革新和"
        "带徒传艺的突出贡献，荣获全国五一劳动奖章。\n")
OTHER = "本报讯 2022年，湖南恒达机械有限公司高级技师赵文斌被授予“湖南省五一劳动奖章”。\n"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ENV = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "KG_LANG": "", "KG_STORE": "", "KG_CONFIG": "/nonexistent",
       "TERM": "xterm-256color"}


def in_terminal(args: list[str], cwd: Path, columns: int = 100, stream: str = "stdout") -> tuple[str, str]:
    """Run `kg ARGS` with `stream` on a pseudo-terminal `columns` wide and the other on a pipe; (what the
    terminal got, what the pipe got)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in ENV.items() if k not in ("COLUMNS", "LINES")}
    streams = {"stdout": slave, "stderr": subprocess.PIPE} if stream == "stdout" else {"stdout": subprocess.PIPE,
                                                                                       "stderr": slave}
    proc = subprocess.Popen([KG, *args], cwd=cwd, env=env, **streams)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        shown += chunk
    piped = (proc.stdout or proc.stderr).read()
    assert proc.wait(timeout=120) == 0, shown.decode("utf-8", "replace")
    os.close(master)
    return shown.decode("utf-8"), piped.decode("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("terminal")
    (root / "news").mkdir()
    (root / "news" / "a.txt").write_text(LONG, encoding="utf-8")
    (root / "news" / "b.txt").write_text(OTHER, encoding="utf-8")
    done = subprocess.run([KG, "build", "news", "--no-model", "-j", "1"], cwd=root, env=ENV, capture_output=True)
    assert done.returncode == 0, done.stderr
    return root


def columns_of(lines: list[str]) -> dict[str, int]:
    """Where each column starts (in cells), read off the header line."""
    header = lines[0]
    return {m.group(): cell_len(header[:m.start()]) for m in re.finditer(r"\S+", header)}


def cut(line: str, start: int) -> str:
    """The part of a line from cell `start` on."""
    used = 0
    for i, ch in enumerate(line):
        if used >= start:
            return line[i:]
        used += cell_len(ch)
    return ""


def test_who_received_fits_100_columns_and_wraps_the_evidence_around_the_name(built):
    shown, _ = in_terminal(["who-received", "五一劳动奖章"], built)
    assert "\x1b[1;4m周海涛" in shown or "\x1b[1m\x1b[4m周海涛" in shown  # highlighted in its sentence
    lines = ANSI.sub("", shown).replace("\r\n", "\n").splitlines()
    assert max(cell_len(line) for line in lines) <= 100 and lines[0].split()[:2] == ["name", "honour"]
    evidence = columns_of(lines)["evidence"]
    row = lines[2:lines.index("", 2)]  # the first holder's row: several lines, a blank line after it
    assert row[0].startswith("周海涛") and len(row) >= 3
    text = "".join(cut(line, evidence).strip() for line in row)
    assert "周海涛" in text and LONG.strip()[10:60] in text  # the whole sentence, wrapped, not cut
    assert text.endswith(f"news/a.txt:0-{len(LONG.strip())}")  # the source under it, path:start-end


def test_narrower_terminals_still_fit(built):
    for columns in (60, 80, 160):
        shown, _ = in_terminal(["who-received", "五一劳动奖章"], built, columns=columns)
        assert max(cell_len(line) for line in ANSI.sub("", shown).splitlines()) <= columns


def test_build_shows_progress_on_a_terminal_and_nothing_on_a_pipe(built):
    (built / "news" / "c.txt").write_text(OTHER.replace("赵文斌", "钱立新"), encoding="utf-8")
    shown, out = in_terminal(["build", "news", "--no-model", "-j", "1", "--store", "progress"], built,
                             stream="stderr")
    assert "extracting" in shown and "3/3" in ANSI.sub("", shown)
    assert "3 documents" in out and "extracting" not in out
    piped = subprocess.run([KG, "build", "news", "--no-model", "-j", "1", "--store", "piped"], cwd=built, env=ENV,
                           capture_output=True, text=True)
    assert piped.returncode == 0 and piped.stderr == ""
    quiet = subprocess.run([KG, "build", "news", "--no-model", "-j", "1", "--store", "quiet", "-q"], cwd=built,
                           env=ENV, capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stdout == quiet.stderr == ""
    verbose = subprocess.run([KG, "extract", "news", "--no-model", "-j", "1", "-v", "-o", str(built / "out.jsonl")],
                             cwd=built, env=ENV, capture_output=True, text=True)
    assert verbose.returncode == 0 and re.search(r"3 articles, [\d.]+ s \([\d.]+/s\)", verbose.stderr)


def test_progress_counts_articles_with_rate_and_time_left():
    now = [0.0]
    screen = Console(file=io.StringIO(), force_terminal=True, width=100)
    progress = Progress(files=10, console=screen, clock=lambda: now[0])
    with progress:
        for _ in range(2):  # two files of three articles read, one article a second
            progress.read("x.txt", 3)
        for _ in progress.count(progress.queue(range(6))):
            now[0] += 1.0
        task = progress.bar.tasks[0]
        assert task.total == 30 and task.completed == 6  # 3 articles a file, 10 files
        line = ANSI.sub("", screen.file.getvalue() + _render(progress))
        assert "6/30" in line and "1.0 articles/s" in line and "0:00:24" in line  # 24 to go at one a second
    assert not Progress(files=3, console=Console(file=io.StringIO(), force_terminal=False)).bar  # a pipe: no bar
    assert not Progress(-1, files=3, console=screen).bar  # -q


def _render(progress: Progress) -> str:
    out = Console(file=io.StringIO(), force_terminal=True, width=100)
    out.print(progress.bar.get_renderable())
    return out.file.getvalue()
