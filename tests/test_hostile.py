"""Issue 11: laomo-kg under hostile input, concurrent use and damage. No hang, no traceback, no lost update,
no network: every case below is one a hostile user tried (fuzzed files, kills during builds, a full disk,
injected SPARQL, two builds at once), run the way a user runs it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
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
    result = kg("query", "--store", str(bundled_store.folder), "--timeout", "1", query)
    one_clear_line(result, "did not finish within 1 s", "--timeout")
    with pytest.raises(guard.QueryTimeout):
        guard.run(bundled_store, query, timeout=0.5)


def test_the_timeout_comes_from_the_environment(bundled_store):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result = kg("query", "--store", str(bundled_store.folder), query, env={"KG_QUERY_TIMEOUT": "0.5"})
    one_clear_line(result, "within 0.5 s")
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
            guard.run(bundled_store, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=1)
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
