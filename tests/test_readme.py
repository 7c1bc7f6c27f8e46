"""The README's quick start is true: every command in it runs and prints what the README shows (its shape:
tables with the same header and rows, other lines the same but for their numbers)."""

from __future__ import annotations

from readme_quickstart import README, check, shape, steps


def test_the_quick_start_shows_build_who_received_and_show_with_their_output():
    commands = [s.command for s in steps(README.read_text(encoding="utf-8"))]
    assert commands[:2] == ["make install", ". .venv/bin/activate"]
    assert {"kg build", "kg who-received 五一劳动奖章"} <= set(commands) and any(c.startswith("kg show ") for c in commands)
    shown = {s.command: s.shown for s in steps(README.read_text(encoding="utf-8"))}
    assert all(any(kind == "table" for kind, *_ in shape(shown[c])) for c in commands if c.startswith("kg show")
               or c.startswith("kg who-received"))


def test_every_command_of_the_quick_start_prints_what_the_readme_shows():
    problems = check()
    assert not problems, "\n\n".join(problems)


def test_shape_compares_rows_and_lines_not_wrapping_or_counts():
    table = ["kg-store: 38 documents", "name  honour  evidence", "──────────────────────", "王某  全国X  一句很长的",
             "            话。", "", "李某  全国X  另一句"]
    rewrapped = ["kg-store: 40 documents", "name  honour    evidence", "────────────────────────", "王某  全国X    一句很",
                 "              长的话。", "", "李某  全国X    另一句"]
    assert shape(table) == shape(rewrapped)
    assert shape(table) != shape(rewrapped[:-1] + ["赵某  全国X  另一句"])  # another holder
    assert shape(table) != shape(["kg-store: 38 documents, 9 quads"] + table[1:])  # another line
