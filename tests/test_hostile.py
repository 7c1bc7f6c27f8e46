"""Issue 11: laomo-kg under hostile input, concurrent use and damage. No hang, no traceback, no lost update,
no network: every case below is one a hostile user tried (fuzzed files, kills during builds, a full disk,
injected SPARQL, two builds at once), run the way a user runs it."""

from __future__ import annotations

import errno
import functools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest import _layouts, maps_to

from kg.cli import main
from kg.graph.lock import LOCK_NAME, LockBusy, StoreLock
from kg.graph.store import Store
from kg.query import guard
from kg.query.sparql import QueryError, named_queries, resolve, run

REPO = Path(__file__).resolve().parents[1]


def kg(*args: str, env: dict[str, str] | None = None):
    """`kg ARGS` in this process (stdout and stderr kept apart)."""
    return CliRunner(env=env).invoke(main, list(args))


def one_clear_line(result, *words: str) -> None:
    """A failure reported as one line on stderr that says what, never a traceback."""
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for word in words:
        assert word in lines[0], lines[0]


# --- the SPARQL guard: read-only, offline, bounded ---------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select ?s where { ?s ?p ?o . service silent <http://x.example/q> { ?s ?q ?r } }",
    "SELECT * WHERE { { ?a ?b ?c } UNION { SeRvIcE ?endpoint { ?a ?b ?c } } }",
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX lm: <https://w3id.org/laomo/ontology#>\nDELETE { ?s lm:name ?n } INSERT { ?s lm:name 'x' } WHERE { ?s lm:name ?n }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL", "DROP GRAPH <urn:g>", "CREATE GRAPH <urn:g>", "COPY DEFAULT TO <urn:g>",
    "MOVE <urn:a> TO <urn:b>", "ADD <urn:a> TO <urn:b>",
])
def test_service_and_updates_are_refused_before_anything_runs(query):
    with pytest.raises(guard.QueryRefused, match="refused") as info:
        guard.check(query)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("query", [
    'SELECT ?s WHERE { ?s ?p "SERVICE" }',  # a literal is data
    "SELECT ?s WHERE { ?s ?p 'INSERT DATA { }' }",
    'SELECT ?s WHERE { ?s ?p """a long\nSERVICE <http://x> literal""" }',
    "SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?o }",  # an IRI
    "# SERVICE <http://x> { } in a comment\nSELECT ?s WHERE { ?s ?p ?o }",
    "SELECT ?service ?insert WHERE { ?service ?insert ?o }",  # variables
    "SELECT ?s WHERE { ?s lm:SERVICE ?o ; lm:drop ?d }",  # local names
    'SELECT ?s WHERE { ?s ?p "x"@zh-Hans . ?s ?q "1"^^xsd:integer . _:b ?p ?s }',
])
def test_the_same_words_inside_strings_iris_comments_and_names_are_fine(query):
    guard.check(query)


def test_an_unknown_prefix_is_named_with_its_place():
    with pytest.raises(QueryError) as info:
        guard.check("SELECT ?s WHERE {\n  ?s foo:bar ?o }")
    assert str(info.value).startswith("unknown prefix foo: (line 2, column 6)") and "lm:" in str(info.value)
    guard.check("PREFIX foo: <http://example.org/>\nSELECT ?s WHERE { ?s foo:bar ?o }")
    result = kg("query", "--store", "nowhere", "SELECT ?s WHERE { ?s ex:name ?o }")
    one_clear_line(result, "unknown prefix ex:")


def test_service_opens_no_socket(bundled_store, monkeypatch):
    """A real endpoint address on this machine: a connection to it would wait in its backlog. Python's
    sockets are blocked too (Oxigraph's own HTTP client would not go through them)."""
    endpoint = socket.create_server(("127.0.0.1", 0))
    attempts: list[object] = []

    def blocked(*args, **kwargs):
        attempts.append(args)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket, "socket", blocked)
    monkeypatch.setattr(socket, "create_connection", blocked)
    query = f"SELECT ?s WHERE {{ SERVICE <http://127.0.0.1:{endpoint.getsockname()[1]}/sparql> {{ ?s ?p ?o }} }}"
    result = kg("query", "--store", str(bundled_store.folder), query)
    monkeypatch.undo()
    one_clear_line(result, "SERVICE", "refused")
    assert attempts == []
    endpoint.setblocking(False)
    with pytest.raises(BlockingIOError):  # nobody knocked
        endpoint.accept()
    endpoint.close()


@pytest.mark.parametrize("query", [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # nothing comes before the end
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # rows stream without end
])
def test_a_runaway_query_is_stopped_at_its_deadline(bundled_store, query):
    result = kg("query", "--store", str(bundled_store.folder), "--timeout", "0.5", "--limit", "0", query)
    one_clear_line(result, "did not finish within 0.5 s", "--timeout")


def test_a_page_of_an_endless_stream_of_rows_is_answered(bundled_store):
    """A table reads its page and one row more, so a query whose rows never end still shows a page."""
    result = kg("query", "--store", str(bundled_store.folder), "--timeout", "5", "--limit", "3",
                "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert result.exit_code == 0 and result.stdout.rstrip().endswith("(the first 3 rows shown; there are more: "
                                                                      "--limit 0, or --format csv or json)")


def test_the_timeout_comes_from_the_environment(bundled_store):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result = kg("query", "--store", str(bundled_store.folder), query, env={"KG_QUERY_TIMEOUT": "0.3"})
    one_clear_line(result, "within 0.3 s")
    with pytest.raises(guard.QueryTimeout, match="within 0.2 s"):
        guard.run(bundled_store, query, timeout=0.2)
    bad = kg("query", "--store", str(bundled_store.folder), query, env={"KG_QUERY_TIMEOUT": "soon"})
    assert bad.exit_code == 2 and "'soon' is not a valid float" in bad.stderr


def test_every_named_query_answers_through_the_guard_as_it_does_directly(bundled_store):
    index = bundled_store.index()
    for name in named_queries():
        text = resolve(name)
        assert guard.run(bundled_store, text, timeout=30) == run(index, text), name


def test_a_process_with_threads_gets_a_fresh_worker_that_answers_the_same(bundled_store):
    """A server has threads: forking it is unsafe, so its worker is a new interpreter; same answer, same
    deadline."""
    import threading

    quiet = threading.Event()
    other = threading.Thread(target=quiet.wait)
    other.start()
    try:
        text = resolve("union-hierarchy")
        assert guard.run(bundled_store, text, timeout=30) == run(bundled_store.index(), text)
        with pytest.raises(guard.QueryTimeout):
            guard.run(bundled_store, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.5)
    finally:
        quiet.set()
        other.join()


def test_rows_are_capped_on_request(bundled_store):
    every = guard.run(bundled_store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", timeout=30)
    assert len(every.rows) > 2000 and not every.truncated  # more than one message of rows
    few = guard.run(bundled_store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", timeout=30, max_rows=1500)
    assert few.rows == every.rows[:1500] and few.truncated
    exact = guard.run(bundled_store, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 7", timeout=30, max_rows=7)
    assert len(exact.rows) == 7 and not exact.truncated


def test_bound_values_reach_the_worker(bundled_store):
    query = "SELECT ?thing ?name WHERE { ?thing lm:name ?name }"
    one = run(bundled_store.index(), "SELECT ?name WHERE { ?thing lm:name ?name } LIMIT 1").rows[0]["name"]
    found = guard.run(bundled_store, query, timeout=30, bindings={"name": one})
    assert found.rows and {r["name"] for r in found.rows} == {one}


def test_a_dying_query_engine_is_one_line(bundled_store, monkeypatch):
    """Oxigraph 0.5 aborts the process on some sorts (a panic); the worker's death is reported, the command
    lives. The worker is forked, so the patched evaluation is the one it runs."""
    import os

    def abort(*args, **kwargs):
        os.write(2, b"thread '<unnamed>' panicked at sort.rs:1:1:\nan order that is not total\n")
        os.abort()

    monkeypatch.setattr(guard, "evaluate", abort)
    with pytest.raises(QueryError, match=r"stopped on this query \(signal SIGABRT: an order that is not total\)"):
        guard.run(bundled_store, "SELECT ?s WHERE { ?s ?p ?o }", timeout=30)


def test_an_error_while_reading_rows_is_one_line():
    from kg.query.sparql import _rows

    class Failing:
        def __iter__(self):
            raise ConnectionRefusedError("Connection refused (os error 111)")

    with pytest.raises(QueryError, match="while reading the results: Connection refused"):
        list(_rows(Failing(), ["s"]))


def test_query_files_that_cannot_be_read(tmp_path, bundled_store):
    folder = tmp_path / "q.rq"
    folder.mkdir()
    (tmp_path / "latin.rq").write_bytes("SELECT ?s WHERE { ?s ?p 'café' }".encode("latin-1"))
    store = str(bundled_store.folder)
    one_clear_line(kg("query", "--store", store, str(folder)), "a folder, not a query file")
    one_clear_line(kg("query", "--store", store, str(tmp_path / "latin.rq")), "not UTF-8", "0xe9")
    one_clear_line(kg("query", "--store", store, str(tmp_path / "none.rq")), "no such query file")


# --- one writer at a time: the store's lock ----------------------------------------------------------------

STORY_A = "本报讯 2023年，湖南恒达机械有限公司高级技师李秀英被授予“湖南省五一劳动奖章”。"
STORY_B = "本报讯 2022年，江西明远电力公司班长周立群荣获“江西省五一劳动奖章”。"
KG = Path(sys.executable).with_name("kg")


def corpus(folder: Path, **texts: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return str(folder)


def holders(store: Path) -> set[str]:
    found = kg("who-received", "五一劳动奖章", "--store", str(store), "--format", "json")
    assert found.exit_code == 0, found.output
    return {row["name"] for row in json.loads(found.stdout)}


def test_two_builds_at_once_lose_nothing(tmp_path):
    """Two real `kg build` processes with different inputs on one store: both inputs end up in it, or one
    is refused cleanly and the other's input is complete. Never a lost document."""
    one, two = corpus(tmp_path / "one", a=STORY_A), corpus(tmp_path / "two", b=STORY_B)
    store = tmp_path / "kg"
    args = ["build", "--no-model", "-j", "1", "--store", str(store), "--wait", "120"]
    runs = [subprocess.Popen([str(KG), *args, c], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for c in (one, two)]
    done = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
    for r in runs:
        r.stdout.close()
        r.stderr.close()
    ok = [status == 0 for status, _ in done]
    assert any(ok), done
    for (status, err), name in zip(done, ("李秀英", "周立群"), strict=True):
        if status == 0:
            assert name in holders(store)
        else:
            assert "another build is running (pid " in err and "Traceback" not in err
    assert {Path(e["source"]).parent.name for e in Store(store).documents.values()} == \
        {name for name, good in zip(("one", "two"), ok, strict=True) if good}
    assert not (store / LOCK_NAME).exists()


def test_a_second_writer_waits_then_names_the_holder_while_look_ups_go_on(tmp_path):
    store = tmp_path / "kg"
    assert kg("build", "--no-model", "--store", str(store), corpus(tmp_path / "c", a=STORY_A)).exit_code == 0
    manifest = (store / "manifest.json").read_bytes()
    held = StoreLock(store)
    held.acquire()
    try:
        refused = kg("build", "--no-model", "--store", str(store), "--wait", "0.3", corpus(tmp_path / "d", b=STORY_B))
        one_clear_line(refused, f"another build is running (pid {os.getpid()})", "unchanged")
        one_clear_line(kg("remove", "--store", str(store), "--wait", "0", "a#01"), "another build is running")
        assert holders(store) == {"李秀英"}  # look-ups never wait for the lock
        assert kg("query", "--store", str(store), "union-hierarchy").exit_code == 0
    finally:
        held.release()
    assert (store / "manifest.json").read_bytes() == manifest
    assert kg("build", "--no-model", "--store", str(store), str(tmp_path / "d")).exit_code == 0
    assert holders(store) == {"李秀英", "周立群"}


def _dead_pid() -> int:
    return int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)


@pytest.mark.parametrize("holder", [
    lambda: {"pid": _dead_pid(), "host": os.uname().nodename, "started": None},  # killed
    lambda: {"pid": os.getpid(), "host": os.uname().nodename, "started": "1"},  # its pid now someone else's
    lambda: None,  # an empty file, made long ago (killed between making and writing it)
], ids=["dead-pid", "reused-pid", "empty-and-old"])
def test_a_stale_lock_is_taken_over_with_a_note(tmp_path, holder):
    store = tmp_path / "kg"
    store.mkdir()
    lock = store / LOCK_NAME
    content = holder()
    lock.write_text("" if content is None else json.dumps(content), encoding="utf-8")
    os.utime(lock, (time.time() - 60, time.time() - 60))
    built = kg("build", "--no-model", "--store", str(store), "--wait", "0", corpus(tmp_path / "c", a=STORY_A))
    assert built.exit_code == 0, built.output
    assert "no longer running" in built.stderr and "taking over" in built.stderr
    assert holders(store) == {"李秀英"} and not lock.exists()


def test_a_lock_from_another_machine_is_never_judged(tmp_path):
    store = tmp_path / "kg"
    store.mkdir()
    (store / LOCK_NAME).write_text(json.dumps({"pid": 4242, "host": "elsewhere.example"}), encoding="utf-8")
    refused = kg("build", "--no-model", "--store", str(store), "--wait", "0", corpus(tmp_path / "c", a=STORY_A))
    one_clear_line(refused, "another build is running (pid 4242 on elsewhere.example)", f"remove {store / LOCK_NAME}")


def test_a_lock_being_written_is_not_taken(tmp_path):
    store = tmp_path / "kg"
    store.mkdir()
    (store / LOCK_NAME).write_text("", encoding="utf-8")  # made a moment ago by a starting build
    with pytest.raises(LockBusy):
        StoreLock(store).acquire(wait=0)


# --- what killed builds leave behind is removed by the next one ---------------------------------------------

def _leftovers(store: Path) -> list[Path]:
    """What interrupted builds leave: staging folders, temporary files, unused records, indexes, datasets."""
    made = [store / ".index.k3j2_x", store / "index-0123456789abcdef", store / ".catalogue.4242.tmp",
            store / "dataset-0123456789abcdef.nq", store / ".manifest.json.ab12cd", store / "facts-0123456789abcdef.sqlite",
            store / "records" / f"{'0' * 64}.json", store / "records" / f".{'1' * 64}.json.4242.tmp"]
    for path in made:
        if path.name.startswith((".index", "index-")):
            (path / "shards").mkdir(parents=True)
            (path / "shards" / "00.nq").write_text("<a> <b> <c> .\n", encoding="utf-8")
        else:
            path.write_text("{}", encoding="utf-8")
    return made


def test_leftovers_of_killed_builds_are_removed_by_the_next_build(tmp_path):
    store = tmp_path / "kg"
    source = corpus(tmp_path / "c", a=STORY_A)
    assert kg("build", "--no-model", "--store", str(store), source).exit_code == 0
    before = sorted(p.name for p in store.rglob("*"))
    made = _leftovers(store)
    mine = [store / "notes.txt", store / "index-of-names.txt"]  # not the store's own names: kept
    for path in mine:
        path.write_text("mine", encoding="utf-8")
    again = kg("build", "--no-model", "--store", str(store), source)  # nothing to extract, nothing to write
    assert again.exit_code == 0 and "extracted 0" in again.stdout
    assert not any(p.exists() for p in made) and all(p.exists() for p in mine)
    assert sorted(p.name for p in store.rglob("*") if p not in mine) == before
    assert holders(store) == {"李秀英"}


def test_a_build_killed_midway_leaves_the_store_as_it_was_and_the_next_one_cleans_up(tmp_path):
    store = tmp_path / "kg"
    assert kg("build", "--no-model", "--store", str(store), corpus(tmp_path / "c", a=STORY_A)).exit_code == 0
    manifest = (store / "manifest.json").read_bytes()
    names = {p.name for p in store.rglob("*")}
    many = corpus(tmp_path / "many", **{f"b{n:03d}": STORY_B.replace("2022", str(1900 + n)) for n in range(120)})
    build = subprocess.Popen([str(KG), "build", "--no-model", "-j", "1", "--store", str(store), many],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while build.poll() is None and {p.name for p in store.rglob("*")} - names - {LOCK_NAME} == set():
        time.sleep(0.005)  # until the build has written something of its own
    build.kill()
    build.wait()
    assert (store / "manifest.json").read_bytes() == manifest and holders(store) == {"李秀英"}
    again = kg("build", "--no-model", "--store", str(store), str(tmp_path / "c"))
    assert again.exit_code == 0 and "taking over" in again.stderr  # the killed build's lock
    assert {p.name for p in store.rglob("*")} == names


# --- a damaged store is one clear line, and the next build repairs what it can -------------------------------

@pytest.fixture
def small_store(tmp_path) -> Path:
    store = tmp_path / "kg"
    assert kg("build", "--no-model", "--store", str(store), corpus(tmp_path / "c", a=STORY_A)).exit_code == 0
    return store


@pytest.mark.parametrize(("manifest", "says"), [
    ("[]", "not a laomo-kg store manifest (a JSON list"),
    ('{"version": 2}', "a damaged store manifest (missing or wrong: documents, quads)"),
    ('{"version": 2, "index": 5, "documents": 1, "quads": 3}', "missing or wrong: index"),
    ('{"version": 1, "documents": 5}', "its documents are not a map of records"),
    ("{", "not a laomo-kg store manifest"),
])
def test_a_damaged_manifest_is_one_line_for_every_command(small_store, tmp_path, manifest, says):
    (small_store / "manifest.json").write_text(manifest, encoding="utf-8")
    store = str(small_store)
    for args in (["who-received", "五一劳动奖章"], ["show", "李秀英"], ["query", "union-hierarchy"], ["stats"],
                 ["export"], ["validate"], ["graph", "--around", "李秀英", "-o", str(tmp_path / "g.svg")],
                 ["remove", "a"], ["build", "--no-model", str(tmp_path / "c")]):
        one_clear_line(kg(*args, "--store", store), says, "kg build")


def test_a_store_of_the_older_layout_without_documents_is_rebuilt(small_store, tmp_path):
    (small_store / "manifest.json").write_text('{"version": 1}', encoding="utf-8")
    one_clear_line(kg("export", "--store", str(small_store)), "made by an older laomo-kg", "kg build")
    assert kg("build", "--no-model", "--store", str(small_store), str(tmp_path / "c")).exit_code == 0
    assert holders(small_store) == {"李秀英"}


@pytest.mark.parametrize("part", ["index-*", "facts-*.sqlite"])
def test_a_missing_index_or_facts_table_is_named_and_the_next_build_makes_it_again(small_store, tmp_path, part):
    for path in small_store.glob(part):
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    what = "index" if part.startswith("index") else "facts table"
    for args in (["export"], ["validate"], ["who-received", "五一劳动奖章"]) if what == "index" else (["who-received", "五一劳动奖章"],):
        one_clear_line(kg(*args, "--store", str(small_store)), f"the {what} the manifest names", "is missing")
    rebuilt = kg("build", "--no-model", "--store", str(small_store), str(tmp_path / "c"))
    assert rebuilt.exit_code == 0 and "extracted 0" in rebuilt.stdout  # from the records: nothing re-read
    assert holders(small_store) == {"李秀英"} and kg("validate", "--store", str(small_store)).exit_code == 0


def test_a_missing_record_has_its_file_read_again(small_store, tmp_path):
    for path in (small_store / "records").glob("*.json"):
        path.unlink()
    rebuilt = kg("build", "--no-model", "--store", str(small_store), str(tmp_path / "c"))
    assert rebuilt.exit_code == 0 and "extracted 1" in rebuilt.stdout
    assert len(list((small_store / "records").glob("*.json"))) == 1
    add = kg("build", "--no-model", "--store", str(small_store), corpus(tmp_path / "d", b=STORY_B))
    assert add.exit_code == 0 and holders(small_store) == {"李秀英", "周立群"}


def test_records_that_are_not_utf8_stop_the_build_in_one_line(small_store, tmp_path):
    bad = tmp_path / "records.jsonl"
    bad.write_bytes(b"\n\xff\xfe\n")  # an empty line, then bytes that are no text
    one_clear_line(kg("build", "--store", str(small_store), "--from-records", str(bad)), "records.jsonl:2: not UTF-8")


# --- outputs that cannot be written: one line, the old file whole, no temporary file left --------------------

def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _denied(*args, **kwargs):
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))


OUTPUTS = [["export", "--format", "turtle", "-o", "{}.ttl"], ["export", "--format", "json-ld", "-o", "{}.jsonld"],
           ["graph", "--around", "李秀英", "-o", "{}.svg"], ["graph", "--around", "李秀英", "-o", "{}.graphml"]]


@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: c[-1][3:] + "-" + c[0])
def test_an_output_path_that_cannot_be_written_is_one_line(small_store, tmp_path, command):
    (tmp_path / "file").write_text("a file, not a folder", encoding="utf-8")
    for where, says in (("/proc/x", "No such file or directory"), (str(tmp_path / "file" / "x"), "Not a directory")):
        args = [*command[:-1], command[-1].format(where), "--store", str(small_store)]
        one_clear_line(kg(*args), f"cannot write {where}", says)


@pytest.mark.parametrize("failure", [_no_space, _denied], ids=["disk-full", "read-only"])
@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: c[-1][3:] + "-" + c[0])
def test_a_full_disk_or_a_read_only_folder_keeps_the_old_output(small_store, tmp_path, monkeypatch, command, failure):
    out = tmp_path / "out" / command[-1].format("result")
    out.parent.mkdir()
    out.write_text("the previous output", encoding="utf-8")
    # a full disk fails the last step (the rename); a read-only folder the first (the temporary file)
    monkeypatch.setattr(*((os, "replace") if failure is _no_space else (tempfile, "mkstemp")), failure)
    result = kg(*command[:-1], str(out), "--store", str(small_store))
    monkeypatch.undo()
    one_clear_line(result, f"cannot write {out}", os.strerror(errno.ENOSPC if failure is _no_space else errno.EACCES))
    assert out.read_text(encoding="utf-8") == "the previous output"
    assert [p.name for p in out.parent.iterdir()] == [out.name]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_real_read_only_folder(small_store, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        one_clear_line(kg("export", "-o", str(folder / "g.ttl"), "--store", str(small_store)), "Permission denied")
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("command", [["remove", "a#01"], ["build", "--no-model", "NEW"]])
def test_a_full_disk_during_remove_or_build_keeps_the_store(small_store, tmp_path, monkeypatch, command):
    command = [corpus(tmp_path / "d", b=STORY_B) if arg == "NEW" else arg for arg in command]
    manifest = (small_store / "manifest.json").read_bytes()
    names = {p.name for p in small_store.rglob("*")}
    monkeypatch.setattr(os, "replace", _no_space)
    result = kg(*command, "--store", str(small_store))
    monkeypatch.undo()
    one_clear_line(result, "failed, the store is unchanged", "No space left on device")
    assert (small_store / "manifest.json").read_bytes() == manifest and holders(small_store) == {"李秀英"}
    assert {p.name for p in small_store.rglob("*")} <= names | {p.name for p in (small_store / "records").glob("*")}
    assert not (small_store / LOCK_NAME).exists()


# --- arguments: IRIs that are not, bytes that are not text ----------------------------------------------------

def test_a_base_that_is_not_an_iri_is_refused(tmp_path):
    one_clear_line(kg("build", "--no-model", "--store", str(tmp_path / "kg"), "--base", "http://a b/",
                      corpus(tmp_path / "c", a=STORY_A)), "--base", "absolute IRI")
    assert not (tmp_path / "kg").exists()


@pytest.mark.parametrize("name", ["http://a b", "https://w3id.org/laomo/id/person/李秀英", "urn:x y"])
def test_names_that_look_like_iris_are_names(small_store, name):
    one_clear_line(kg("show", name, "--store", str(small_store)), "nothing called")
    one_clear_line(kg("who-received", name, "--store", str(small_store)), "no honour called")


@pytest.mark.parametrize("args", [["show", "\udcff\udcfe"], ["who-received", "五一\udcff"],
                                  ["query", 'SELECT ?s WHERE { ?s ?p "\udcff" }'], ["remove", "\udcff"],
                                  ["graph", "--around", "李\udce9", "-o", "x.svg"],
                                  ["who-received", "五一劳动奖章", "--region", "\udcc4"]])
def test_bytes_that_are_not_utf8_in_a_name_are_refused(small_store, args):
    """On Linux, argument bytes that are not UTF-8 reach Python as lone surrogates."""
    result = kg(*args, "--store", str(small_store))
    one_clear_line(result, "not UTF-8 text (byte 0x")
    assert result.exit_code == 2


# --- the same input gives the same bytes, whatever the hash seed ---------------------------------------------

_EXTRACT_BUILD_EXPORT = """
import sys
from kg.cli import main
out, paths = sys.argv[1], sys.argv[2:]
for args in (["extract", "--no-model", "-j", "1", "-o", out + "/extract.jsonl", *paths],
             ["build", "--store", out + "/kg", "--from-records", out + "/extract.jsonl"],
             *(["export", "--store", out + "/kg", "--format", fmt, "-o", out + "/export." + fmt]
               for fmt in ("turtle", "nq", "json-ld"))):
    main(args, standalone_mode=False)
"""


def test_extraction_and_exports_are_the_same_bytes_under_two_hash_seeds(tmp_path):
    """Set and dict-of-set order changes with PYTHONHASHSEED: none of it may reach an output."""
    from kg.resources import bundled_corpus

    runs = {}
    for seed in ("1", "2"):  # at once: one core each
        (tmp_path / seed).mkdir()
        runs[seed] = subprocess.Popen([sys.executable, "-c", _EXTRACT_BUILD_EXPORT, str(tmp_path / seed), *bundled_corpus()],
                                      env={**os.environ, "PYTHONHASHSEED": seed}, stdout=subprocess.DEVNULL)
    assert [r.wait(timeout=600) for r in runs.values()] == [0, 0]
    outputs = {seed: {p.name: p.read_bytes() for p in (tmp_path / seed).iterdir() if p.is_file()} for seed in runs}
    assert sorted(outputs["1"]) == ["export.json-ld", "export.nq", "export.turtle", "extract.jsonl"]
    assert all(outputs["1"][name] for name in outputs["1"])
    for name in outputs["1"]:
        assert outputs["1"][name] == outputs["2"][name], name


# --- input files: wide and legacy encodings, nothing but zero-width characters, links, blank-line runs -------

STORY_A_TRADITIONAL = "本報訊 2023年，湖南恆達機械有限公司高級技師李秀英被授予“湖南省五一勞動獎章”。"


def test_every_encoding_a_user_may_have_gives_the_same_extraction(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    files = {"utf8": STORY_A.encode("utf-8"), "utf32-bom": STORY_A.encode("utf-32"),
             "utf16le-no-bom": STORY_A.encode("utf-16-le"), "utf16be-no-bom": STORY_A.encode("utf-16-be"),
             "big5": STORY_A_TRADITIONAL.encode("big5"), "big5hkscs": STORY_A_TRADITIONAL.encode("big5hkscs")}
    for name, data in files.items():
        (folder / f"{name}.txt").write_bytes(data)
    result = kg("extract", "--no-model", "-j", "1", "--format", "gold", str(folder))
    assert result.exit_code == 0 and not result.stderr, result.output
    docs = {Path(d["source"]).stem: d for d in map(json.loads, result.stdout.splitlines())}
    assert sorted(docs) == sorted(files)
    expected = docs["utf8"]
    assert {"subject": "李秀英", "predicate": "awarded", "object": "湖南省五一劳动奖章", "year": 2023} in expected["relations"]
    for name, doc in docs.items():
        assert (doc["entities"], doc["relations"]) == (expected["entities"], expected["relations"]), name


def test_a_file_of_zero_width_characters_is_reported_empty(tmp_path):
    (tmp_path / "zw.txt").write_text("\u200b\u200c\u200d\u2060\ufeff\n\u200b", encoding="utf-8")
    (tmp_path / "zw16.txt").write_bytes("\u200b\u200b\u200b".encode("utf-16"))
    out = tmp_path / "out.jsonl"
    out.write_text("kept\n", encoding="utf-8")
    result = kg("extract", "--no-model", str(tmp_path / "zw.txt"), str(tmp_path / "zw16.txt"), "-o", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert sorted(result.stderr.splitlines()) == [f"kg: {tmp_path / n}: empty file" for n in ("zw.txt", "zw16.txt")]
    assert out.read_text(encoding="utf-8") == "kept\n"  # nothing read: the old output stays


def test_extract_writes_through_a_symbolic_link(tmp_path):
    target = tmp_path / "real" / "out.jsonl"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "out.jsonl"
    link.symlink_to(target)
    result = kg("extract", "--no-model", corpus(tmp_path / "c", a=STORY_A), "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["source"].endswith("a.txt")


def test_a_long_run_of_blank_lines_is_extracted_with_offsets_into_the_file(tmp_path):
    """The run that once took the cover-date pattern 36 s for 10^4 newlines, 10^5 of them, through the whole
    pipeline; the evidence after the run points at the right place in the file."""
    original = STORY_A + "\n" * 100_000 + STORY_B
    (tmp_path / "a.txt").write_text(original, encoding="utf-8")
    result = kg("extract", "--no-model", "-j", "1", str(tmp_path / "a.txt"))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    facts = {(r["subject"], r["object"]): r["evidence"] for d in records for r in d["relations"] if r["predicate"] == "awarded"}
    for (subject, _), evidence in facts.items():
        assert subject in original[evidence["start"]:evidence["end"]]
    assert {s for s, _ in facts} == {"李秀英", "周立群"}


# --- property: whatever the text, extraction answers, and every offset points back at the file ---------------

@functools.lru_cache(maxsize=1)
def _rules():
    from kg.nlp.pipeline import build_nlp

    return build_nlp(use_models=False)


def _check_extraction(original: str) -> None:
    """Ingest, recognition (rules) and facts raise nothing; each mention's normalised characters come from the
    original characters its offsets name; each evidence sentence is the file's text at its offsets."""
    from kg.extract import extract_document
    from kg.ingest import articles_from_text
    from kg.nlp.pipeline import recognise

    for art in articles_from_text("page.txt", original):
        doc = extract_document(recognise(art, _rules())[1])
        for entity in doc.entities:
            for m in entity.mentions:
                assert 0 <= m.start < m.end <= len(art.text) and art.text[m.start:m.end] == m.text
                start, end = art.original_span(m.start, m.end)
                for i in range(m.start, m.end):
                    assert start <= art.offsets[i] < end and maps_to(original[art.offsets[i]], art.text[i])
        for fact in doc.facts:
            ev = fact.evidence
            assert 0 <= ev.start < ev.end <= len(original) and ev.sentence == original[ev.start:ev.end].strip()


_SHAPES = st.sampled_from([
    "深圳市某某科技有限公司总经理李华荣获2023年全国五一劳动奖章。", "全国五一劳动奖章", "（（（“‘王某’”）））",
    "王小明、李某某等10名同志被授予“全国劳动模范”称号。", "某某公司董事长\n张某", "\n" * 500, "2023年5月1日",
])


@st.composite
def _pages(draw) -> str:
    """Pathological pages: the shapes of union news repeated, cut, nested and glued to random text."""
    parts = draw(st.lists(st.one_of(_SHAPES, _layouts(), st.text(max_size=60)), max_size=12))
    depth = draw(st.integers(0, 40))
    return "“（" * depth + "".join(parts) + "）”" * depth


_EXTRACTION = settings(max_examples=int(os.environ.get("KG_HYPOTHESIS_EXAMPLES", "60")), deadline=None,
                       suppress_health_check=[HealthCheck.too_slow])


@_EXTRACTION
@given(st.text(max_size=300))
def test_extraction_of_any_unicode(text):
    _check_extraction(text)


@_EXTRACTION
@given(_pages())
def test_extraction_of_pathological_pages(text):
    _check_extraction(text)


@_EXTRACTION
@given(st.binary(max_size=400))
def test_extraction_of_any_bytes(data):
    from kg.ingest import IngestError
    from kg.ingest.decode import decode_bytes

    try:
        text = decode_bytes(data, "x.txt")
    except IngestError as err:
        assert "\n" not in str(err)
        return
    _check_extraction(text)


def test_extraction_of_big_layouts():
    """Thousands of short lines, one line of a megabyte, deep brackets and quotes: sizes no example reaches."""
    _check_extraction("\n".join(["王某。", "某某公司：", "（一）", "■", "李某某"] * 400))
    _check_extraction(("今天天气很好，我们去公园散步，王某说。" * 20000)[:350_000])  # about 1 MB of UTF-8, no break
    _check_extraction("（" * 5000 + "王小明荣获全国劳动模范" + "）" * 5000 + "“‘" * 3000 + "全国五一劳动奖章" + "’”" * 3000)
