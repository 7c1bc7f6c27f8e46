"""Which store answers SPARQL fast on a large graph: rdflib's memory store, rdflib over Oxigraph, Oxigraph.

    .venv/bin/python bench/store.py [--articles 10000] [--timeout 120]

The rdflib + Oxigraph column needs oxrdflib, which the project does not depend on: install it into the
bench's environment (`.venv/bin/pip install oxrdflib`); without it the column says so.

Generates the records of an archive (bench/corpus_model.py: people recurring with Zipf-like frequency,
award lists, restated facts) and the project's own N-Quads for them (GraphBuilder), then for each backend
measures the load time and the latency of a who-received query (the honours under 五一劳动奖章 and their
award facts with holder names and years) and of every query in queries/, in one run, so the ratios between
backends are meaningful on a noisy machine. Each query runs in a child process with a time limit.
bench/store.md records the last result.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_model import records  # noqa: E402

from kg.graph.build import GraphBuilder  # noqa: E402
from kg.graph.honour_scheme import honour_iri  # noqa: E402
from kg.query.sparql import PROLOGUE, named_queries  # noqa: E402

WHO_RECEIVED = """SELECT ?fact ?iri ?name ?year WHERE { VALUES ?target { <%s> } ?honour skos:broader* ?target .
  ?fact lm:honour ?honour ; lm:recipient ?iri . ?iri lm:name ?name OPTIONAL { ?fact lm:year ?year } }"""


def make_graph(articles: int, cache: Path) -> Path:
    path = cache / f"archive-{articles}.nq"
    if not path.exists():
        path.write_text(GraphBuilder(records(articles)).nquads(), encoding="utf-8")
    return path


def queries() -> dict[str, tuple[str, dict[str, str]]]:
    """Query text: who-received as one query, then queries/."""
    out = {"who-received 五一劳动奖章": (PROLOGUE + WHO_RECEIVED % honour_iri("五一劳动奖章"), {})}
    out.update({name: (PROLOGUE + path.read_text(encoding="utf-8"), {}) for name, path in named_queries().items()})
    return out


def _worker(backend: str, nq: str, conn) -> None:
    t = time.perf_counter()
    runner = BACKENDS[backend](nq)
    conn.send(("load", time.perf_counter() - t))
    while True:
        name = conn.recv()
        if name is None:
            return
        t = time.perf_counter()
        n = runner(*queries()[name])
        conn.send((name, time.perf_counter() - t, n))


def rdflib_memory(nq: str):
    from rdflib import Dataset
    ds = Dataset(default_union=True)
    ds.parse(nq, format="nquads")
    return lambda q, b: len(list(ds.query(q)))


def rdflib_oxigraph(nq: str):
    import oxrdflib  # noqa: F401  (registers the "Oxigraph" store with rdflib)
    from rdflib import Dataset
    ds = Dataset(store="Oxigraph", default_union=True)
    ds.parse(nq, format="nquads")
    return lambda q, b: len(list(ds.query(q)))


def oxigraph(nq: str):
    import pyoxigraph as ox
    store = ox.Store()
    store.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
    return lambda q, b: len(list(store.query(q, use_default_graph_as_union=True)))


BACKENDS = {"rdflib (memory)": rdflib_memory, "rdflib + oxrdflib": rdflib_oxigraph, "pyoxigraph": oxigraph}


def measure(backend: str, nq: Path, timeout: float) -> dict[str, str]:
    if backend == "rdflib + oxrdflib":
        try:
            import oxrdflib  # noqa: F401
        except ImportError:
            return {"load": "oxrdflib not installed"}
    parent, child = mp.Pipe()
    proc = mp.get_context("fork").Process(target=_worker, args=(backend, str(nq), child), daemon=True)
    proc.start()
    results: dict[str, str] = {}
    if not parent.poll(timeout * 3):
        proc.kill()
        return {"load": f"> {timeout * 3:.0f} s"}
    results["load"] = f"{parent.recv()[1]:.1f} s"
    for name in queries():
        parent.send(name)
        if not parent.poll(timeout):
            results[name] = f"> {timeout:.0f} s"
            proc.kill()
            proc.join()
            break
        _, seconds, rows = parent.recv()
        results[name] = f"{seconds * 1000:.0f} ms ({rows} rows)"
    else:
        parent.send(None)
        proc.join(5)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / "laomo-kg-bench"
    cache.mkdir(exist_ok=True)
    t = time.perf_counter()
    nq = make_graph(args.articles, cache)
    lines = sum(1 for _ in nq.open(encoding="utf-8"))
    print(f"graph: {args.articles:,} articles, {lines:,} quads ({nq}), generated in {time.perf_counter() - t:.0f} s")
    table = {backend: measure(backend, nq, args.timeout) for backend in BACKENDS}
    rows = ["load"] + list(queries())
    print("| | " + " | ".join(table) + " |")
    print("|---|" + "---|" * len(table))
    for row in rows:
        print(f"| {row} | " + " | ".join(table[b].get(row, "not run") for b in table) + " |")


if __name__ == "__main__":
    main()
