"""The `kg` command as a user runs it: bundled corpus, gold format, bad input, eval agreeing with score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED_SCORER = REPO.parent / "shared" / "annotation" / "score.py"
GOLD = REPO / "data" / "gold" / "seeds.gold.jsonl"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_extract_with_no_paths_reads_the_bundled_corpus(tmp_path):
    out = tmp_path / "pred.jsonl"
    result = run("extract", "--format", "gold", "-o", str(out))
    assert result.exit_code == 0, result.output
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len({d["doc"] for d in docs}) == len(docs) >= 30
    assert {Path(d["source"]).name for d in docs} == {p.name for p in (REPO / "data" / "corpus").glob("*.txt")}
    assert any(e["type"] == "Honour" for d in docs for e in d["entities"])


def test_jsonl_evidence_offsets_point_into_the_original_file(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("本报讯 株洲恒达机械有限公司技术总监李振华出席活动并讲话。\n", encoding="utf-8")
    result = run("extract", str(src))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output.splitlines()[0])
    original = src.read_text(encoding="utf-8")
    fact = next(r for r in doc["relations"] if r["predicate"] == "worksFor")
    ev = fact["evidence"]
    assert original[ev["start"]:ev["end"]].strip() == ev["sentence"]
    person = next(e for e in doc["entities"] if e["name"] == "李振华")
    assert all(original[m["start"]:m["end"]] == "李振华" for m in person["mentions"])


def test_a_folder_with_bad_files_reports_them_and_still_extracts_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("省总工会主席王建国出席会议。", encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes("广州市总工会副主席陈志强讲话。".encode("gb18030"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out.jsonl"
    result = run("extract", str(tmp_path), "--format", "gold", "-o", str(out))
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "blob.txt" in result.output
    assert "Traceback" not in result.output
    names = {e["name"] for line in out.read_text(encoding="utf-8").splitlines() for e in json.loads(line)["entities"]}
    assert {"王建国", "陈志强"} <= names


def test_missing_path_is_one_clear_line_and_a_failure(tmp_path):
    result = run("extract", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert "nope.txt" in result.output and "Traceback" not in result.output


def test_a_failed_write_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    result = run("extract", str(tmp_path / "missing-dir" / "x.txt"), "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_eval_agrees_with_the_reference_scorer(tmp_path):
    result = run("eval", str(GOLD), "--json")
    assert result.exit_code == 0, result.output
    ours = json.loads(result.output)
    if not SHARED_SCORER.exists():
        return
    pred = tmp_path / "pred.jsonl"
    extracted = run("extract", "--format", "gold", "-o", str(tmp_path / "raw.jsonl"))
    assert extracted.exit_code == 0
    # the scorer pairs by gold doc id: score our per-gold-text predictions the way kg eval made them
    gold_docs = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    src = tmp_path / "in"
    src.mkdir()
    for d in gold_docs:
        (src / f"{d['doc']}.txt").write_text(d["text"], encoding="utf-8")
    r = run("extract", str(src), "--format", "gold", "-o", str(tmp_path / "by_file.jsonl"))
    assert r.exit_code == 0
    merged: dict[str, dict] = {d["doc"]: {"doc": d["doc"], "entities": [], "relations": []} for d in gold_docs}
    for line in (tmp_path / "by_file.jsonl").read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        stem = Path(p["source"]).stem
        merged[stem]["entities"] += p["entities"]
        merged[stem]["relations"] += p["relations"]
    pred.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in merged.values()), encoding="utf-8")
    ref = subprocess.run([sys.executable, str(SHARED_SCORER), str(GOLD), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    assert json.loads(ref.stdout)["entities"] == ours["entities"]
    assert json.loads(ref.stdout)["relations"] == ours["relations"]
