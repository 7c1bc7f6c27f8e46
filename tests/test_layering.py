"""What a command imports and how it spreads work: look-ups, help and a build with nothing to extract never
import spaCy; extraction on several processes gives the same bytes as on one."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import COMMANDS, main

REPO = Path(__file__).resolve().parents[1]
CORPUS = "本报讯 2023年，湖南恒达机械有限公司高级技师李秀英被授予“湖南省五一劳动奖章”。"


def imported_after(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run `kg ARGS` in a fresh interpreter; (exit status, the names of the heavy modules it imported)."""
    code = ("import sys\nfrom kg.cli import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit as e:\n    status = e.code or 0\n"
            "print('\\n' + ' '.join(sorted(m for m in ('spacy', 'thinc', 'rdflib', 'kg.nlp', 'kg.nlp.models') "
            "if m in sys.modules)) + '|' + str(status))")
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True).stdout
    modules, _, status = out.rstrip("\n").rpartition("\n")[2].rpartition("|")
    return int(status), modules


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("layering")
    (folder / "corpus").mkdir()
    (folder / "corpus" / "a.txt").write_text(CORPUS, encoding="utf-8")
    status, modules = imported_after(["build", "corpus", "--store", "kg", "--no-model", "-j", "1"], folder)
    assert status == 0 and "spacy" in modules  # extracting loads the pipeline; the checks below mean something
    return folder


@pytest.mark.parametrize("args", [["--help"], ["who-received", "五一劳动奖章", "--store", "kg"],
                                  ["show", "李秀英", "--store", "kg"], ["query", "union-hierarchy", "--store", "kg"],
                                  ["stats", "--store", "kg"], ["docs", "--store", "kg"], ["build", "corpus", "--store", "kg"]])
def test_look_ups_help_and_a_build_with_nothing_to_extract_import_no_nlp(built, args):
    status, modules = imported_after(args, built)
    assert status == 0
    assert "spacy" not in modules and "kg.nlp" not in modules and "thinc" not in modules
    if args[0] != "build":
        assert "rdflib" not in modules  # a third of a look-up's time: kept out of look-ups


def test_graph_and_query_layers_never_import_the_nlp_layer():
    for package in ("graph", "query"):
        for path in (REPO / "kg" / package).glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom):
                    target = "." * node.level + (node.module or "")
                    assert "nlp" not in target.split(".") and "spacy" not in target, f"{path.name}: {target}"
                elif isinstance(node, ast.Import):
                    assert not any(a.name.startswith(("spacy", "kg.nlp")) for a in node.names), path.name


def test_help_lists_every_command_without_loading_it_and_each_command_loads():
    group = main
    ctx = click.Context(group)
    assert set(group.list_commands(ctx)) == set(COMMANDS)
    listed = CliRunner().invoke(main, ["--help"]).output
    for name, (_, help_text) in COMMANDS.items():
        assert f"{name}" in listed and help_text in listed
        command = group.get_command(ctx, name)
        assert command.name == name and command.get_short_help_str(200) == help_text
        assert CliRunner().invoke(main, [name, "--help"]).exit_code == 0


def test_extraction_on_two_processes_gives_the_same_bytes_as_on_one(tmp_path):
    runner = CliRunner()
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(main, ["extract", "--no-model", "--jobs", "1", "-o", str(one)]).exit_code == 0
    result = runner.invoke(main, ["extract", "--no-model", "--jobs", "2", "-o", str(two)])
    assert result.exit_code == 0, result.output
    assert one.read_bytes() == two.read_bytes() and one.stat().st_size > 10_000


def test_the_chunks_sent_to_workers_keep_every_article_in_order():
    from kg.ingest import load_articles
    from kg.parallel import chunks
    from kg.resources import bundled_corpus

    articles, _ = load_articles(bundled_corpus())
    parts = list(chunks(articles, size=5_000))
    assert len(parts) > 2 and [a.doc_id for part in parts for a in part] == [a.doc_id for a in articles]


def test_workers_read_their_own_files_and_give_what_one_process_gives(tmp_path):
    """kg extract hands files, not articles, to its workers (reading is done on every core too): the
    records, the unreadable files and the articles per file are those of reading everything here."""
    from kg.ingest import load_articles
    from kg.output import to_jsonl_record
    from kg.parallel import extract_files, file_chunks
    from kg.pipeline import extract_articles
    from kg.resources import bundled_corpus

    files = sorted(str(p) for folder in bundled_corpus() for p in Path(folder).glob("*.txt"))
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    files.insert(2, str(tmp_path / "broken.txt"))
    assert [f for chunk in file_chunks(files, size=20_000) for f in chunk] == files
    batches = list(extract_files(files, to_jsonl_record, use_models=False, jobs=2))
    articles, errors = load_articles(files)
    assert [r for b in batches for r in b.records] == [to_jsonl_record(d) for d in extract_articles(articles, False)]
    assert [e for b in batches for e in b.errors] == [str(e) for e in errors] and errors
    assert sum(n for b in batches for n in b.articles.values()) == len(articles)
