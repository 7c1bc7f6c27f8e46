"""The ASGI application of `kg serve`: the routes, the store they read, the workers that run users' SPARQL.

Pages and the Protocol answer from kg/query (the look-ups `kg show` and `kg who-received` use, the named
queries of `kg query`); nothing here writes a query of its own. Users' SPARQL runs in worker processes with
a deadline (kg/query/workers.py); the look-ups behind the pages are the CLI's bounded queries and run here.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..graph.store import Store, StoreError
from ..query.workers import Workers
from .present import Links, label

DEFAULT_TIMEOUT = 10.0  # seconds a user's query may run
DEFAULT_MAX_ROWS = 100_000  # rows (or triples) an answer may hold
# Pages fetch nothing from elsewhere and run no script: the policy says so to the browser too.
POLICY = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
          "frame-ancestors 'none'")


@dataclass(frozen=True)
class Snapshot:
    """The store as one manifest describes it: what every request reads."""

    store: Store
    index: ox.Store
    index_path: str
    links: Links

    @contextmanager
    def table(self) -> Iterator[sqlite3.Connection | None]:
        """The facts table, opened for this request (a connection serves only the thread that opened it)."""
        table = self.store.facts()
        try:
            yield table
        finally:
            if table is not None:
                table.close()


class Graph:
    """The store a server answers from. A build that finishes while the server runs switches the manifest to a
    new index; the next request sees it (the old one stays readable to requests already under way)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._snapshot: Snapshot | None = None
        self.current()

    def _manifest_stamp(self) -> tuple[int, int]:
        try:
            st = os.stat(self.folder / "manifest.json")
        except OSError:
            return (0, 0)
        return st.st_mtime_ns, st.st_ino

    def current(self) -> Snapshot:
        stamp = self._manifest_stamp()
        if stamp != self._stamp or self._snapshot is None:
            with self._lock:
                if stamp != self._stamp or self._snapshot is None:
                    store = Store(self.folder)
                    store.require()
                    path = str(store.folder / store.manifest["index"])
                    self._snapshot = Snapshot(store, ox.Store.read_only(path), path, Links(store.base))
                    self._stamp = stamp
        return self._snapshot


class SecurityHeaders:
    """No sniffing of types, and the content policy above for every answer."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] += [(b"x-content-type-options", b"nosniff"),
                                       (b"content-security-policy", POLICY.encode()),
                                       (b"referrer-policy", b"same-origin")]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("kg.serve", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["zh"] = label
    return Jinja2Templates(env=env)


def create_app(store_dir: str | Path, *, timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
               cors: bool = False, workers: int = 2) -> Starlette:
    """The application over the store in `store_dir` (StoreError when there is none). `timeout` and `max_rows`
    bound every user's query; `cors` lets pages of any origin (YASGUI) query /sparql; `workers` is the
    number of processes that run users' queries at once."""
    from . import pages, protocol

    graph = Graph(store_dir)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        try:
            yield
        finally:
            app.state.workers.close()

    middleware = [Middleware(SecurityHeaders)]
    if cors:
        middleware.append(Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                                     allow_headers=["Accept", "Content-Type"], max_age=3600))
    routes = [
        Route("/", pages.home),
        Route("/search", pages.search),
        Route("/who-received", pages.who_received_page),
        Route("/id/{rest:path}", pages.entity),
        Route("/svg/{rest:path}", pages.neighbourhood),
        Route("/queries", pages.queries),
        Route("/queries/{name}", pages.named_query),
        Route("/sparql", protocol.sparql, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(packages=[("kg.serve", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={StoreError: pages.store_error})
    app.state.graph = graph
    app.state.templates = templates()
    app.state.workers = Workers(workers)
    app.state.timeout = timeout
    app.state.max_rows = max_rows
    return app
