"""Worker processes that evaluate users' SPARQL, each killed and replaced when its query runs past the deadline.

A query cannot be stopped from another thread: Oxigraph computes a sort or an aggregate to the end before it
yields anything, and a cartesian product may never end. So a user's query runs in a process of its own that
is killed at the deadline. The server keeps a few such processes started (a fresh interpreter that imports
Oxigraph takes a few hundred milliseconds: bench/serve.py), each holding the index open and taking one
query at a time; a killed one is replaced at once. Each is a fresh interpreter (`python -m kg.query.workers`)
talking over a socket pair: forking a process that runs threads (a server) is unsafe, and multiprocessing's
`spawn` would import the parent's main module again (a script, a test runner) in every worker.
"""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .guard import QueryTimeout
from .sparql import QueryError, Result


class Busy(QueryTimeout):
    """Every worker stayed busy until the deadline."""

    def __init__(self, seconds: float):
        RuntimeError.__init__(self, f"every query worker was busy for {seconds:g} s; try again later")
        self.seconds = seconds


def _reply(index, **kwargs):
    from .endpoint import evaluate

    return evaluate(index, **kwargs)


def _rows(index, **kwargs) -> Result:
    from .endpoint import rows

    return Result(*rows(index, **kwargs))


TASKS: dict[str, Callable[..., Any]] = {"reply": _reply, "rows": _rows}


def _serve(conn: Connection) -> None:
    """A worker's loop: (task, index path, arguments) in, ("ok", answer) or ("error", message) out."""
    import signal

    import pyoxigraph as ox

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent ends the workers
    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        task, index_path, kwargs = message
        try:
            if opened is None or opened[0] != index_path:  # a new build: the store points to a new index
                opened = None
                opened = (index_path, ox.Store.read_only(index_path))
            conn.send(("ok", TASKS[task](opened[1], **kwargs)))
        except QueryError as exc:
            conn.send(("error", exc))
        except OSError as exc:
            conn.send(("error", QueryError(f"{index_path}: {' '.join(str(exc).split())}")))


class _Worker:
    def __init__(self) -> None:
        mine, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen([sys.executable, "-m", "kg.query.workers", str(theirs.fileno())],
                                            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                            start_new_session=True)  # Ctrl-C in a terminal: the parent ends it
        self.conn = Connection(mine.detach())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.conn.close()


class Workers:
    """`size` worker processes; `call` hands a task to an idle one and waits until the deadline."""

    def __init__(self, size: int = 2):
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self.lock = threading.Lock()
        self.all: set[_Worker] = set()
        self.closed = False
        for _ in range(size):
            self._start()

    def _start(self) -> None:
        with self.lock:
            if self.closed:
                return
            worker = _Worker()
            self.all.add(worker)
        self.idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        with self.lock:
            self.all.discard(worker)
        worker.stop()
        self._start()

    def call(self, task: str, index_path: str, timeout: float | None, **kwargs: Any) -> Any:
        """Run TASKS[task](index, **kwargs) in a worker; QueryTimeout at the deadline (the worker is killed and
        replaced), QueryError for what the task raised or a worker that died."""
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            worker = self.idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy(timeout or 0) from None
        try:
            worker.conn.send((task, index_path, kwargs))
            left = None if deadline is None else max(deadline - time.monotonic(), 0)
            if not worker.conn.poll(left):
                self._retire(worker)
                raise QueryTimeout(timeout or 0)
            status, answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._retire(worker)
            code = worker.process.returncode
            raise QueryError(f"the query engine stopped on this query (exit status {code})") from None
        self.idle.put(worker)
        if status == "error":
            raise answer
        return answer

    def close(self) -> None:
        with self.lock:
            self.closed = True
            workers, self.all = list(self.all), set()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1])))
