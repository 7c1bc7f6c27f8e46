"""The `kg` command as a user runs it: bundled corpus, gold format, bad input, eval agreeing with score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED_SCORER = REPO / "data" / "gold" / "score.py"  # ../shared/annotation/score.py, copied
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
    ours = json.loads(result.output)[str(GOLD)]
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


# Two small invented gold files (every name made up), for `kg eval` over several files.
MEETING = "本报讯 省总工会主席王建国出席会议。"
AWARD = "2023年，星河精密机械有限公司高级技师周海涛荣获全国五一劳动奖章。"


def gold_file(path: Path, *docs: dict) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def meeting_doc(doc_id: str) -> dict:
    """A deliberate miss and a false hit: gold says 建国, extraction finds the whole name 王建国."""
    return {"doc": doc_id, "text": MEETING, "entities": [{"name": "建国", "type": "Person"}], "relations": []}


def award_doc(doc_id: str) -> dict:
    return {"doc": doc_id, "text": AWARD,
            "entities": [{"name": "周海涛", "type": "Person"}, {"name": "全国五一劳动奖章", "type": "Honour"}],
            "relations": [{"subject": "周海涛", "predicate": "awarded", "object": "全国五一劳动奖章", "year": 2023}]}


def test_eval_scores_several_gold_files_extracting_each_document_once(tmp_path, monkeypatch):
    import kg.cli.eval as eval_module

    extracted: list[str] = []
    real = eval_module.extract_gold_texts

    def counting(docs, use_models=True):
        extracted.extend(docs)
        return real(docs, use_models)

    monkeypatch.setattr(eval_module, "extract_gold_texts", counting)
    a = gold_file(tmp_path / "a.jsonl", meeting_doc("m1"), award_doc("w1"))
    b = gold_file(tmp_path / "b.jsonl", award_doc("w2"))
    result = run("eval", str(a), str(b), "--json", "--no-model")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report) == [str(a), str(b)]
    assert [report[k]["documents"] for k in report] == [2, 1]
    assert report[str(b)]["entities"]["Person"]["tp"] == 1 and report[str(b)]["entities"]["Person"]["gold"] == 1
    assert report[str(a)]["entities"]["Person"]["gold"] == 2
    assert sorted(extracted) == ["m1", "w1", "w2"]
    table = run("eval", str(a), str(b), "--no-model")
    assert table.exit_code == 0, table.output
    assert table.output.count("documents: ") == 2
    assert f"== {a}" in table.output and f"== {b}" in table.output


def test_eval_refuses_a_document_id_in_two_files(tmp_path):
    a = gold_file(tmp_path / "a.jsonl", meeting_doc("m1"), award_doc("w1"))
    b = gold_file(tmp_path / "b.jsonl", award_doc("w1"))
    result = run("eval", str(a), str(b), "--no-model")
    assert result.exit_code == 1
    assert "'w1'" in result.output and str(a) in result.output and str(b) in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_eval_errors_list_a_miss_and_a_false_hit_with_their_sentences(tmp_path):
    a = gold_file(tmp_path / "a.jsonl", meeting_doc("m1"), award_doc("w1"))
    result = run("eval", str(a), "--errors", "person", "--errors", "awarded")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    body = lines[lines.index("m1"):]
    miss = next(line for line in body if line.split()[:3] == ["miss", "Person", "建国"])
    false = next(line for line in body if line.split()[:3] == ["false", "Person", "王建国"])
    assert miss.endswith("| " + MEETING) and false.endswith("| " + MEETING)
    assert "w1" not in body  # the award story is right: nothing to list
    assert lines[-1] == "2 errors: Person 1 missed, 1 false hits; awarded 0 missed, 0 false hits, 0 wrong years"
    data = json.loads(run("eval", str(a), "--errors", "Person", "--json").output)[str(a)]["errors"]
    assert {(e["kind"], e["name"], e["sentence"]) for e in data} == {("miss", "建国", MEETING),
                                                                     ("false", "王建国", MEETING)}


def test_eval_errors_refuses_an_unknown_target(tmp_path):
    a = gold_file(tmp_path / "a.jsonl", meeting_doc("m1"))
    result = run("eval", str(a), "--errors", "Persons", "--no-model")
    assert result.exit_code == 2 and "Persons" in result.output and "Traceback" not in result.output
