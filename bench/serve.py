"""How fast `kg serve` answers: requests per second and median/p99 latency of the who-received page and of a
/sparql who-received query, with 1 and 8 concurrent clients on loopback.

    .venv/bin/python bench/serve.py [--stores bundled,10000] [--requests 400] [--seconds 20] [--out FILE.md]

Each store is served by its own `kg serve --port 0` (a whole process, as a user starts it: 2 query workers,
the default). A run sends at most --requests requests or runs at most --seconds, whichever ends first, after
a few warm-up requests; each client keeps one connection open (keep-alive) and waits for each answer before
it sends the next. Stores: `bundled` is the bundled corpus built with the models; a number N is an archive of
N generated articles (bench/corpus_model.py, as bench/scale.py builds them). Only loopback is ever contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_model import records  # noqa: E402

from kg.serve.protocol import EXAMPLE  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))
TARGETS = {
    "who-received page (HTML)": ("/who-received?" + urlencode({"honour": "五一劳动奖章"}), "text/html"),
    "/sparql who-received (JSON)": ("/sparql?" + urlencode({"query": EXAMPLE}), "application/sparql-results+json"),
}


def build_store(name: str, work: Path) -> Path:
    """The store to serve: the bundled corpus (extracted with the models) or N generated articles."""
    store = work / f"store-{name}"
    shutil.rmtree(store, ignore_errors=True)
    if name == "bundled":
        args = ["build", "--store", str(store)]
    else:
        path = work / f"records-{name}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for rec in records(int(name)):
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        args = ["build", "--from-records", str(path), "--store", str(store)]
    subprocess.run([KG, *args], check=True, capture_output=True)
    return store


class Server:
    """`kg serve --port 0` over a store, stopped with Ctrl-C (SIGINT) at the end."""

    def __init__(self, store: Path):
        self.proc = subprocess.Popen([KG, "serve", "--store", str(store), "--port", "0"], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", self.proc.stdout.readline())
        if not found:
            self.proc.kill()
            raise RuntimeError("kg serve did not start")
        self.port = int(found.group(1))

    def stop(self) -> None:
        self.proc.send_signal(2)
        self.proc.wait(timeout=30)


def get(conn: http.client.HTTPConnection, path: str, accept: str) -> tuple[int, int]:
    conn.request("GET", path, headers={"Accept": accept})
    response = conn.getresponse()
    return response.status, len(response.read())


def load(port: int, path: str, accept: str, clients: int, requests: int, seconds: float) -> dict:
    """`clients` threads sending requests one after another until `requests` are done or `seconds` pass."""
    latencies: list[float] = []
    failures: list[int] = []
    sizes: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    left = [requests]

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            while time.monotonic() < deadline:
                with lock:
                    if left[0] == 0:
                        return
                    left[0] -= 1
                start = time.perf_counter()
                status, size = get(conn, path, accept)
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    sizes.append(size)
                    if status != 200:
                        failures.append(status)
        finally:
            conn.close()

    for _ in range(3):  # warm-up: templates compiled, index pages cached, workers started
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        get(warm, path, accept)
        warm.close()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    latencies.sort()
    return {"clients": clients, "requests": len(latencies), "failures": len(failures), "rps": len(latencies) / wall,
            "median ms": 1000 * statistics.median(latencies),
            "p99 ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
            "KB": statistics.median(sizes) / 1000}


def run(stores: list[str], requests: int, seconds: float, work: Path) -> list[dict]:
    rows = []
    for name in stores:
        store = build_store(name, work)
        quads = json.loads((store / "manifest.json").read_text(encoding="utf-8"))["quads"]
        server = Server(store)
        try:
            for what, (path, accept) in TARGETS.items():
                for clients in (1, 8):
                    result = load(server.port, path, accept, clients, requests, seconds)
                    rows.append({"store": name, "quads": quads, "what": what, **result})
                    print(rows[-1], file=sys.stderr)
        finally:
            server.stop()
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| store | answer | clients | requests | req/s | median | p99 | answer size |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        store = "bundled corpus" if r["store"] == "bundled" else f"{int(r['store']):,} articles"
        failed = f" ({r['failures']} failed)" if r["failures"] else ""
        lines.append(f"| {store} ({r['quads']:,} quads) | {r['what']} | {r['clients']} | {r['requests']}{failed} | "
                     f"{r['rps']:.1f} | {r['median ms']:.1f} ms | {r['p99 ms']:.1f} ms | {r['KB']:.0f} KB |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stores", default="bundled,10000", help="bundled and/or numbers of generated articles")
    parser.add_argument("--requests", type=int, default=400, help="at most this many requests per run")
    parser.add_argument("--seconds", type=float, default=20.0, help="at most this long per run")
    parser.add_argument("--work", type=Path, help="folder for the stores (default: a temporary one)")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-serve-"))
    work.mkdir(parents=True, exist_ok=True)
    text = table(run(args.stores.split(","), args.requests, args.seconds, work))
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
