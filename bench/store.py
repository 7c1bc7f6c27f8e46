"""Which store answers SPARQL fast on a large graph: rdflib's memory store, rdflib over Oxigraph, Oxigraph.

    .venv/bin/python bench/store.py [--triples 1000000] [--timeout 120]

Generates a graph of realistic shape (people, organisations, union hierarchy, awards and posts with
evidence and documents) through the project's own GraphBuilder, then for each backend measures the
load time and the latency of `who-received 五一劳动奖章` and of every query in queries/, in one run,
so the ratios between backends are meaningful on a noisy machine. Each query runs in a child process
with a time limit. bench/store.md records the last result.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import tempfile
import time
from pathlib import Path

from rdflib import URIRef

from kg.graph.build import GraphBuilder, content_hash
from kg.graph.honour_scheme import honour_iri
from kg.query.lookups import AWARDS_UNDER
from kg.query.sparql import PROLOGUE, named_queries
from kg.resources import honour_taxonomy, regions, surnames

SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司"]
WORDS = list("华兴恒达宏远鑫泰安盛嘉和永利精工智能电气机械材料科技能源建设交通航运医药食品纺织")
ROLES = ["技术总监", "高级技师", "主席", "副主席", "总经理", "车间主任", "首席技师", "工程师"]


def synthetic_records(n_docs: int, seed: int = 7) -> list[dict]:
    """Documents shaped like the corpus: each names people, companies, union bodies and honours."""
    rnd = random.Random(seed)
    sur = [s for s in surnames() if len(s) == 1][:200]
    cities = [r for r in regions().by_name.values() if r.level == "city"][:120]
    honours = list(honour_taxonomy()["scheme_honours"]) + [f"{c.name}劳动模范" for c in cities[:40]]
    records = []
    for d in range(n_docs):
        city = rnd.choice(cities)
        union = f"{city.name}总工会"
        companies = [f"{city.name}{''.join(rnd.sample(WORDS, 4))}{rnd.choice(SUFFIXES)}" for _ in range(3)]
        people = [rnd.choice(sur) + "".join(rnd.sample(WORDS, 2)) for _ in range(6)]
        entities = [{"name": p, "type": "Person"} for p in people]
        entities += [{"name": c, "type": "Company"} for c in companies] + [{"name": union, "type": "UnionBody"}]
        relations = []
        for i, p in enumerate(people):
            sentence = f"{companies[i % 3]}{rnd.choice(ROLES)}{p}荣获{rnd.choice(honours)}。"
            ev = {"sentence": sentence, "start": 40 * i, "end": 40 * i + len(sentence)}
            relations.append({"subject": p, "predicate": "worksFor", "object": companies[i % 3],
                              "role": rnd.choice(ROLES), "evidence": ev})
            if i % 2 == 0:
                h = rnd.choice(honours)
                entities.append({"name": h, "type": "Honour"})
                relations.append({"subject": p, "predicate": "awarded", "object": h,
                                  "year": rnd.randint(2000, 2025), "evidence": ev})
        records.append({"doc": f"synthetic-{d:06d}", "source": f"synthetic/{d // 100:04d}.txt",
                        "date": f"{rnd.randint(2015, 2025)}", "title": f"第{d}篇",
                        "contentHash": content_hash(str(d)), "entities": entities, "relations": relations})
    return records


def make_graph(target: int, cache: Path) -> Path:
    path = cache / f"synthetic-{target}.nq"
    if path.exists():
        return path
    per_doc = 160  # quads per synthetic document, measured
    ds = GraphBuilder(synthetic_records(max(1, target // per_doc))).dataset()
    path.write_text(ds.serialize(format="nquads"), encoding="utf-8")
    return path


def queries() -> dict[str, tuple[str, dict[str, str]]]:
    """Query text and bound values: the look-up exactly as `kg who-received` runs it, then queries/."""
    out = {"who-received 五一劳动奖章": (PROLOGUE + AWARDS_UNDER, {"target": str(honour_iri("五一劳动奖章"))})}
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
    return lambda q, b: len(list(ds.query(q, initBindings={k: URIRef(v) for k, v in b.items()})))


def rdflib_oxigraph(nq: str):
    from rdflib import Dataset
    ds = Dataset(store="Oxigraph", default_union=True)
    ds.parse(nq, format="nquads")
    return lambda q, b: len(list(ds.query(q, initBindings={k: URIRef(v) for k, v in b.items()})))


def oxigraph(nq: str):
    import pyoxigraph as ox
    store = ox.Store()
    store.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
    return lambda q, b: len(list(store.query(q, use_default_graph_as_union=True,
                                             substitutions={ox.Variable(k): ox.NamedNode(v) for k, v in b.items()}
                                             or None)))


BACKENDS = {"rdflib (memory)": rdflib_memory, "rdflib + oxrdflib": rdflib_oxigraph, "pyoxigraph": oxigraph}


def measure(backend: str, nq: Path, timeout: float) -> dict[str, str]:
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
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / "laomo-kg-bench"
    cache.mkdir(exist_ok=True)
    t = time.perf_counter()
    nq = make_graph(args.triples, cache)
    lines = sum(1 for _ in nq.open(encoding="utf-8"))
    print(f"graph: {lines:,} quads ({nq}), generated in {time.perf_counter() - t:.0f} s")
    table = {backend: measure(backend, nq, args.timeout) for backend in BACKENDS}
    rows = ["load"] + list(queries())
    print("| | " + " | ".join(table) + " |")
    print("|---|" + "---|" * len(table))
    for row in rows:
        print(f"| {row} | " + " | ".join(table[b].get(row, "not run") for b in table) + " |")


if __name__ == "__main__":
    main()
