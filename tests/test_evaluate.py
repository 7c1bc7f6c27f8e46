"""kg.evaluate must give exactly the reference scorer's numbers, and be usable on its own."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

from kg.evaluate import (  # noqa: E402
    ENTITY_TYPES,
    ERROR_TARGETS,
    ORG_TYPES,
    PREDICATES,
    EvalResult,
    cut_around,
    format_errors,
    format_table,
    list_errors,
    load_gold_files,
    load_jsonl,
    merge_predictions,
    normalize,
    role_is_right,
    score,
)

SEEDS = REPO / "data" / "gold" / "seeds.gold.jsonl"
SHARED = REPO.parent / "shared" / "annotation"
REFERENCE_SCORER = REPO / "data" / "gold" / "score.py"  # a copy of SHARED / "score.py", kept current below

Docs = dict[str, dict]


@pytest.fixture(scope="module")
def gold() -> Docs:
    return load_jsonl(SEEDS)


def write_jsonl(path: Path, docs: Docs) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs.values()), encoding="utf-8")
    return path


def reference(gold_path: Path, pred_path: Path, *flags: str) -> dict:
    """The reference scorer's JSON output, run exactly as a user would run it."""
    out = subprocess.run(
        [sys.executable, str(REFERENCE_SCORER), str(gold_path), str(pred_path), "--json", *flags],
        capture_output=True, text=True, check=True, encoding="utf-8",
    )
    return json.loads(out.stdout)


# --- perturbations of the gold, each a function of (docs, rng) -------------------------------


def _entities(docs: Docs):
    for d in docs.values():
        yield from d.get("entities", [])


def _relations(docs: Docs, predicate: str | None = None):
    for d in docs.values():
        yield from (r for r in d.get("relations", []) if predicate in (None, r["predicate"]))


def drop_entities(docs: Docs, rng: random.Random) -> None:
    for d in docs.values():
        d["entities"] = [e for e in d["entities"] if rng.random() > 0.3]


def drop_relations(docs: Docs, rng: random.Random) -> None:
    for d in docs.values():
        d["relations"] = [r for r in d["relations"] if rng.random() > 0.3]


def rename_entities(docs: Docs, rng: random.Random) -> None:
    """Wrong names (and relations still using the old one, or the new one, at random)."""
    for d in docs.values():
        for e in d["entities"]:
            if rng.random() < 0.25:
                old, e["name"] = e["name"], e["name"] + rng.choice(["有限公司", "X", "分会"])
                for r in d["relations"]:
                    for end in ("subject", "object"):
                        if r[end] == old and rng.random() < 0.5:
                            r[end] = e["name"]


def retype_orgs(docs: Docs, rng: random.Random) -> None:
    """Confusions between organisation types: counted wrong per type, right for Organization."""
    for e in _entities(docs):
        if e["type"] in ORG_TYPES and rng.random() < 0.4:
            e["type"] = rng.choice(sorted(ORG_TYPES))
        elif e["type"] == "Person" and rng.random() < 0.05:
            e["type"] = "Company"


def alter_years(docs: Docs, rng: random.Random) -> None:
    for r in _relations(docs, "awarded"):
        choice = rng.random()
        if choice < 0.25:
            r["year"] = (r.get("year") or 2020) + 1
        elif choice < 0.4:
            r.pop("year", None)
        elif choice < 0.5 and r.get("year") is not None:
            r["year"] = str(r["year"])


def alter_roles(docs: Docs, rng: random.Random) -> None:
    for r in _relations(docs, "worksFor"):
        role = r.get("role") or ""
        choice = rng.random()
        if choice < 0.2:
            r["role"] = role.split("、")[0]  # a part of the gold role: still right
        elif choice < 0.35:
            r["role"] = role + "和总经理"
        elif choice < 0.45:
            r["role"] = ""
        elif choice < 0.55:
            r.pop("role", None)
        elif choice < 0.7:
            r["role"] = role.replace("、", " / ")
        elif choice < 0.8:
            r["role"] = "“" + role.replace("、", "及") + "”"


def spurious_relations(docs: Docs, rng: random.Random) -> None:
    """Invented facts, duplicates of gold facts, and endpoints that name nothing."""
    for d in docs.values():
        names = [e["name"] for e in d["entities"]] or ["无名"]
        extra = []
        for _ in range(rng.randint(0, 4)):
            extra.append({"subject": rng.choice(names), "predicate": rng.choice(PREDICATES),
                          "object": rng.choice(names), "year": rng.choice([None, 2024]), "role": "主席"})
        if d["relations"]:
            extra.append(copy.deepcopy(rng.choice(d["relations"])))
        if rng.random() < 0.2:
            extra.append({"subject": "不存在的人", "predicate": "worksFor", "object": names[0]})
        d["relations"].extend(extra)


def spurious_entities(docs: Docs, rng: random.Random) -> None:
    for d in docs.values():
        for _ in range(rng.randint(0, 3)):
            d["entities"].append({"name": f"虚构{rng.randint(0, 99)}", "type": rng.choice(ENTITY_TYPES)})
        if d["entities"] and rng.random() < 0.3:
            d["entities"].append(copy.deepcopy(rng.choice(d["entities"])))  # a duplicate prediction


def aliases_as_names(docs: Docs, rng: random.Random) -> None:
    """Predicting the alias as the name, or the canonical name only among the aliases."""
    for d in docs.values():
        for e in d["entities"]:
            aliases = e.get("aliases") or []
            if not aliases:
                continue
            choice = rng.random()
            if choice < 0.4:
                e["name"], e["aliases"] = aliases[0], [e["name"]]
            elif choice < 0.6:
                e["name"], e["aliases"] = "另一个名字", [e["name"]]
            elif choice < 0.8:
                e["name"] = aliases[0]
                e.pop("aliases")
            if choice < 0.8 and rng.random() < 0.5:
                for r in d["relations"]:
                    for end in ("subject", "object"):
                        if r[end] in aliases or rng.random() < 0.1:
                            r[end] = aliases[0]


def surface_noise(docs: Docs, rng: random.Random) -> None:
    """Spaces, quote marks and full-width forms that normalisation must see through."""
    for e in _entities(docs):
        choice = rng.random()
        if choice < 0.2:
            e["name"] = " ".join(e["name"])
        elif choice < 0.35:
            e["name"] = "“" + e["name"] + "”"
        elif choice < 0.45:
            e["name"] = "《" + e["name"] + "》\u3000"


def missing_documents(docs: Docs, rng: random.Random) -> None:
    for doc_id in list(docs):
        if rng.random() < 0.2:
            del docs[doc_id]
    docs["not-in-gold-1"] = {"doc": "not-in-gold-1", "entities": [{"name": "陈荣发", "type": "Person"}],
                             "relations": []}
    docs["not-in-gold-0"] = {"doc": "not-in-gold-0"}


def odd_records(docs: Docs, rng: random.Random) -> None:
    """Records an extractor might get wrong: no type, no name, null lists, no predicate."""
    for d in list(docs.values())[::5]:
        d["entities"].append({"name": "无类型"})
        d["entities"].append({"type": "Person"})
        d["relations"].append({"subject": None, "object": None})
    for d in list(docs.values())[1::7]:
        d["relations"] = None


Perturbation = Callable[[Docs, random.Random], None]

PERTURBATIONS: dict[str, list[Perturbation]] = {
    "identity": [],
    "drop-entities": [drop_entities],
    "drop-relations": [drop_relations],
    "rename": [rename_entities],
    "retype-orgs": [retype_orgs],
    "years": [alter_years],
    "roles": [alter_roles],
    "spurious-relations": [spurious_relations],
    "spurious-entities": [spurious_entities],
    "aliases-as-names": [aliases_as_names],
    "surface-noise": [surface_noise],
    "missing-docs": [missing_documents],
    "odd-records": [odd_records],
    "everything": [drop_entities, rename_entities, retype_orgs, alter_years, alter_roles,
                   spurious_relations, spurious_entities, aliases_as_names, surface_noise,
                   drop_relations, missing_documents],
}


def perturbed(gold: Docs, steps: list[Perturbation], seed: int) -> Docs:
    docs = copy.deepcopy(gold)
    rng = random.Random(seed)
    for d in docs.values():
        d.pop("text", None)
    for step in steps:
        step(docs, rng)
    return docs


# --- tests -----------------------------------------------------------------------------------


def test_gold_against_itself_is_perfect(gold: Docs) -> None:
    result = score(gold, gold)
    data = result.as_dict()
    rows = list(data["entities"].values()) + list(data["relations"].values())
    assert all(row[k] == 1.0 for row in rows for k in ("precision", "recall", "f1"))
    assert all(row["tp"] == row["pred"] == row["gold"] for row in rows)
    assert data["awarded_year_accuracy"] == 1.0
    assert data["worksFor_role_accuracy"] == 1.0
    assert data["documents"] == len(gold)
    assert data["unpaired_predictions"] == []
    assert result.entities["Person"].gold > 0 and result.relations["worksFor"].gold > 0


@pytest.mark.parametrize("name", sorted(PERTURBATIONS))
@pytest.mark.parametrize("seed", [0, 1])
def test_same_numbers_as_reference(gold: Docs, tmp_path: Path, name: str, seed: int) -> None:
    pred = perturbed(gold, PERTURBATIONS[name], seed)
    pred_path = write_jsonl(tmp_path / "pred.jsonl", pred)
    result = score(load_jsonl(SEEDS), load_jsonl(pred_path))
    assert result.as_dict() == reference(SEEDS, pred_path)
    assert result.as_dict(per_doc=True) == reference(SEEDS, pred_path, "--by-doc")


def test_perturbations_actually_perturb(gold: Docs) -> None:
    """Guard against a comparison that passes only because nothing changed."""
    for name, steps in PERTURBATIONS.items():
        data = score(gold, perturbed(gold, steps, 0)).as_dict()
        rows = list(data["entities"].values()) + list(data["relations"].values())
        perfect = all(row["f1"] == 1.0 for row in rows) and not data["unpaired_predictions"]
        if name in ("identity", "surface-noise"):
            assert perfect, name
        elif name not in ("years", "roles"):
            assert not perfect, name
    years = score(gold, perturbed(gold, [alter_years], 0))
    roles = score(gold, perturbed(gold, [alter_roles], 0))
    assert years.year_accuracy is not None and years.year_accuracy < 1.0
    assert roles.role_accuracy is not None and roles.role_accuracy < 1.0


def test_org_type_confusion_counts_only_in_organization_row(tmp_path: Path) -> None:
    gold = {"d": {"doc": "d", "entities": [{"name": "广东省总工会", "type": "UnionBody", "aliases": ["省总工会"]},
                                           {"name": "黄宁生", "type": "Person"}],
                  "relations": [{"subject": "黄宁生", "predicate": "worksFor", "object": "广东省总工会",
                                 "role": "党组书记、主席"}]}}
    pred = {"d": {"doc": "d", "entities": [{"name": "省 总工会", "type": "OtherOrganization"},
                                           {"name": "黄宁生", "type": "Person"}],
                  "relations": [{"subject": "黄宁生", "predicate": "worksFor", "object": "省 总工会",
                                 "role": "主席"}]}}
    result = score(gold, pred)
    assert result.entities["UnionBody"].tp == 0 and result.entities["OtherOrganization"].pred == 1
    assert result.organization.tp == 1
    assert result.relations["worksFor"].tp == 1
    assert result.role_accuracy == 1.0
    assert result.year_accuracy is None


def test_normalize_and_roles() -> None:
    assert normalize(" “ＡＢＣ” 公司\u3000") == "ABC公司"
    assert normalize(None) == ""
    assert role_is_right("主席", "党组书记、主席")
    assert role_is_right("党组书记和主席", "党组书记、主席")
    assert not role_is_right("主席及总经理", "党组书记、主席")
    assert not role_is_right("", "主席")
    assert not role_is_right(None, "主席")


def test_format_table(gold: Docs) -> None:
    result = score(gold, perturbed(gold, PERTURBATIONS["everything"], 3))
    table = format_table(result)
    lines = table.splitlines()
    labels = [line.split()[0] for line in lines[2:2 + len(ENTITY_TYPES) + 1 + len(PREDICATES)]]
    assert labels == [*ENTITY_TYPES, "Organization", *PREDICATES]
    assert lines[1].split() == ["P", "R", "F1", "tp", "pred", "gold"]
    assert len({len(line) for line in lines[1:2 + len(labels)]}) == 1  # fixed width
    assert any(line.startswith("awarded year accuracy:") for line in lines)
    assert any(line.startswith("worksFor role accuracy:") for line in lines)
    assert "predicted documents not in gold: 2" in table
    empty = format_table(EvalResult())
    assert "awarded year accuracy: n/a" in empty


@pytest.mark.parametrize("name", ["seeds.gold.jsonl", "dev.gold.jsonl", "score.py"])
def test_repo_gold_equals_shared_gold(name: str) -> None:
    """The repo's copies of the gold files and their scorer stay current with the annotators' ones (only
    where ../shared/ is there: a fresh clone has the copies alone)."""
    shared = SHARED / name
    if not shared.exists():
        pytest.skip(f"shared gold not present at {shared}")
    assert (REPO / "data" / "gold" / name).read_bytes() == shared.read_bytes()


def test_load_jsonl_reads_documents_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "ok.jsonl"
    path.write_text('{"doc": "a", "entities": []}\n\n   \n{"doc": "b"}\n', encoding="utf-8")
    assert list(load_jsonl(path)) == ["a", "b"]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('{"doc": "a"}\n{"doc": "b",\n', 2, "invalid JSON"),
        ('{"doc": "a"}\n\n{"entities": []}\n', 3, "without a 'doc' id"),
        ('["doc", "a"]\n', 1, "expected a JSON object"),
    ],
)
def test_load_jsonl_errors_name_file_and_line(tmp_path: Path, content: str, line: int, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as excinfo:
        load_jsonl(path)
    assert f"{path}:{line}:" in str(excinfo.value)


# --- error listing (--errors) ----------------------------------------------------------------

# An invented story: every name below is made up for these tests.
STORY = ("本报讯 2023年，星河精密机械有限公司高级技师周海涛荣获全国五一劳动奖章。\n"
         "同日，滨江区总工会主席郑丽君出席颁奖会并讲话。\n"
         "蓝湾物流有限公司\n驾驶员 孙 晓 东 获评市级劳动模范。")


def story_gold() -> Docs:
    return {"s1": {"doc": "s1", "text": STORY,
                   "entities": [{"name": "周海涛", "type": "Person"}, {"name": "郑丽君", "type": "Person"},
                                {"name": "孙晓东", "type": "Person"},
                                {"name": "星河精密机械有限公司", "type": "Company"},
                                {"name": "蓝湾物流有限公司", "type": "Company"},
                                {"name": "滨江区总工会", "type": "UnionBody"},
                                {"name": "全国五一劳动奖章", "type": "Honour"}],
                   "relations": [{"subject": "周海涛", "predicate": "awarded", "object": "全国五一劳动奖章",
                                  "year": 2023},
                                 {"subject": "周海涛", "predicate": "worksFor", "object": "星河精密机械有限公司",
                                  "role": "高级技师"},
                                 {"subject": "郑丽君", "predicate": "worksFor", "object": "滨江区总工会",
                                  "role": "主席"},
                                 {"subject": "孙晓东", "predicate": "worksFor", "object": "蓝湾物流有限公司",
                                  "role": "驾驶员"}]}}


def story_prediction() -> Docs:
    """What an extractor with a few faults would say: mentions and evidence as `kg extract` writes them."""
    first = STORY.split("\n")[0]
    second = STORY.split("\n")[1]
    return {"s1": {"doc": "s1",
                   "entities": [{"name": "周海涛", "type": "Person",
                                 "mentions": [{"text": "周海涛", "start": STORY.index("周海涛"), "end": 0}]},
                                {"name": "郑丽", "type": "Person",
                                 "mentions": [{"text": "郑丽", "start": STORY.index("郑丽君"), "end": 0}]},
                                {"name": "星河精密机械有限公司", "type": "OtherOrganization"},
                                {"name": "滨江区总工会", "type": "UnionBody"},
                                {"name": "全国五一劳动奖章", "type": "Honour"}],
                   "relations": [{"subject": "周海涛", "predicate": "awarded", "object": "全国五一劳动奖章",
                                  "year": 2022, "evidence": {"sentence": first}},
                                 {"subject": "周海涛", "predicate": "worksFor", "object": "星河精密机械有限公司",
                                  "role": "总经理", "evidence": {"sentence": first}},
                                 {"subject": "郑丽", "predicate": "worksFor", "object": "滨江区总工会",
                                  "role": "主席", "evidence": {"sentence": second}}]}}


def by_kind(items, kind: str) -> dict[str, object]:
    return {i.name if i.object is None else f"{i.name}→{i.object}": i for i in items if i.kind == kind}


def test_errors_list_misses_and_false_hits_with_their_sentences() -> None:
    items = list_errors(story_gold(), story_prediction(), ["Person"])
    misses, false = by_kind(items, "miss"), by_kind(items, "false")
    assert set(misses) == {"郑丽君", "孙晓东"} and set(false) == {"郑丽"}
    assert misses["郑丽君"].sentence == "同日，滨江区总工会主席郑丽君出席颁奖会并讲话。"
    # spaced in the text, found by the scorer's folding
    assert misses["孙晓东"].sentence == "驾驶员 孙 晓 东 获评市级劳动模范。"
    # a false hit's sentence comes from its first mention's offset
    assert false["郑丽"].sentence == "同日，滨江区总工会主席郑丽君出席颁奖会并讲话。"
    assert all(i.doc == "s1" and i.target == "Person" for i in items)


def test_errors_of_a_type_name_the_type_confusion() -> None:
    items = list_errors(story_gold(), story_prediction(), ["Company", "OtherOrganization", "Organization"])
    company = [i for i in items if i.target == "Company"]
    other = [i for i in items if i.target == "OtherOrganization"]
    orgs = [i for i in items if i.target == "Organization"]
    assert [(i.kind, i.name, i.note) for i in company] == [
        ("miss", "星河精密机械有限公司", "predicted as OtherOrganization"), ("miss", "蓝湾物流有限公司", "")]
    assert [(i.kind, i.name, i.note) for i in other] == [("false", "星河精密机械有限公司", "gold: Company")]
    # all organisation types together forgive the confusion
    assert [(i.kind, i.name) for i in orgs] == [("miss", "蓝湾物流有限公司")]
    assert orgs[0].sentence == "蓝湾物流有限公司"


def test_errors_list_wrong_years_and_roles_of_matched_facts() -> None:
    items = list_errors(story_gold(), story_prediction(), ["awarded", "worksFor"])
    (year,) = [i for i in items if i.kind == "year"]
    assert (year.name, year.object, year.gold, year.predicted) == ("周海涛", "全国五一劳动奖章", 2023, 2022)
    assert year.sentence == STORY.split("\n")[0]
    (role,) = [i for i in items if i.kind == "role"]
    assert (role.name, role.gold, role.predicted) == ("周海涛", "高级技师", "总经理")
    misses, false = by_kind(items, "miss"), by_kind(items, "false")
    assert set(misses) == {"郑丽君→滨江区总工会", "孙晓东→蓝湾物流有限公司"}
    assert misses["孙晓东→蓝湾物流有限公司"].note == "not predicted: 孙晓东, 蓝湾物流有限公司"
    # the company stands on a line of its own: the listing shows it with the line of the person
    assert misses["孙晓东→蓝湾物流有限公司"].sentence == "蓝湾物流有限公司\n驾驶员 孙 晓 东 获评市级劳动模范。"
    assert set(false) == {"郑丽→滨江区总工会"}
    assert false["郑丽→滨江区总工会"].note == "no gold entity: 郑丽"
    assert false["郑丽→滨江区总工会"].predicted == "主席"


def test_error_listing_is_compact_and_counted() -> None:
    items = list_errors(story_gold(), story_prediction(), ["Person", "awarded"])
    text = format_errors(items, ["Person", "awarded"])
    lines = text.splitlines()
    assert lines[0] == "s1"
    assert lines[-1] == "4 errors: Person 2 missed, 1 false hits; awarded 0 missed, 0 false hits, 1 wrong years"
    year_line = next(line for line in lines if line.lstrip().startswith("year"))
    assert "周海涛 → 全国五一劳动奖章: gold 2023, predicted 2022" in year_line
    assert len(lines) == 1 + len(items) + 1  # one line an item
    assert format_errors([], ["leads"]) == "0 errors: leads 0 missed, 0 false hits"


def test_cut_around_keeps_the_names_in_view() -> None:
    sentence = "甲" * 100 + "星河精密机械有限公司" + "乙" * 100 + "周 海 涛" + "丙" * 100
    cut = cut_around(sentence, ["星河精密机械有限公司"], width=40)
    assert cut.startswith("…") and cut.endswith("…") and "星河精密机械有限公司" in cut
    assert len(cut) == 42
    assert "周 海 涛" in cut_around(sentence, ["周海涛"], width=40)  # located through the folding
    both = cut_around(sentence, ["星河精密机械有限公司", "周海涛"], width=40)
    assert "星河精密机械有限公司" in both  # too far apart for one window: the first name wins
    assert cut_around("短句。", ["无"]) == "短句。"
    assert cut_around("一行\n  两行", []) == "一行 两行"


def test_error_counts_agree_with_the_score(gold: Docs) -> None:
    """Misses are gold - tp, false hits pred - tp, wrong years/roles the accuracies' wrong answers."""
    pred = perturbed(gold, PERTURBATIONS["everything"], 5)
    result = score(gold, pred)
    items = list_errors(gold, pred, ERROR_TARGETS)
    rows = result.entities | {"Organization": result.organization} | result.relations
    for target, row in rows.items():
        mine = [i for i in items if i.target == target]
        assert sum(i.kind == "miss" for i in mine) == row.gold - row.tp, target
        assert sum(i.kind == "false" for i in mine) == row.pred - row.tp, target
    assert sum(i.kind == "year" for i in items) == result.year.total - result.year.right > 0
    assert sum(i.kind == "role" for i in items) == result.role.total - result.role.right > 0
    assert sum(bool(i.sentence) for i in items if i.kind == "miss") > 0.9 * sum(i.kind == "miss" for i in items)


def test_unknown_error_target_is_refused(gold: Docs) -> None:
    with pytest.raises(ValueError, match="unknown error target 'person'"):
        list_errors(gold, gold, ["person"])


# --- several gold files ----------------------------------------------------------------------


def test_gold_files_are_read_together_and_an_id_may_stand_in_one_only(tmp_path: Path) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", {"x": {"doc": "x"}, "y": {"doc": "y"}})
    b = write_jsonl(tmp_path / "b.jsonl", {"z": {"doc": "z"}})
    files = load_gold_files([str(a), str(b), str(tmp_path / "." / "a.jsonl")])
    assert {k: list(v) for k, v in files.items()} == {str(a): ["x", "y"], str(b): ["z"]}
    c = write_jsonl(tmp_path / "c.jsonl", {"w": {"doc": "w"}, "y": {"doc": "y"}})
    with pytest.raises(ValueError, match=r"'y' is in both .*a\.jsonl and .*c\.jsonl"):
        load_gold_files([a, b, c])


def test_merge_predictions_keeps_every_article() -> None:
    merged = merge_predictions("d", [{"entities": [{"name": "甲"}], "relations": []},
                                     {"entities": [{"name": "乙"}], "relations": [{"subject": "乙"}]}, {}])
    assert merged == {"doc": "d", "entities": [{"name": "甲"}, {"name": "乙"}], "relations": [{"subject": "乙"}]}


def test_a_target_asked_twice_is_listed_once_and_none_lists_nothing() -> None:
    once = list_errors(story_gold(), story_prediction(), ["Person"])
    assert list_errors(story_gold(), story_prediction(), iter(["Person", "Person"])) == once
    assert list_errors(story_gold(), story_prediction(), []) == []
