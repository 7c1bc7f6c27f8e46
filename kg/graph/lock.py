"""One writer at a time in a store: a lock file made with O_CREAT|O_EXCL, holding who made it.

Two builds that both read the catalogue, extract and switch the manifest lose one build's documents (and
the second one's clean-up deletes the first one's records). So `kg build` and `kg remove` take the store's
lock; a second writer waits a little, then gives up naming the holder. Look-ups never take it: they read
what the manifest names, which a writer never changes in place.

The file holds the holder's pid, host, process start time and a token. A lock whose process is gone
(same host, no such pid, or that pid now belongs to a process started at another time) is stale: it was
left by a killed build and is taken over, with a note. A lock from another host is never judged.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
import time
from collections.abc import Callable
from pathlib import Path

LOCK_NAME = ".build.lock"
DEFAULT_WAIT = 10.0  # seconds a second writer waits (`kg build --wait`, KG_BUILD_WAIT)
UNWRITTEN_GRACE = 5.0  # seconds an empty or partial lock file may be in the middle of being written
POLL = 0.1


class LockBusy(RuntimeError):
    """Another live process holds the lock."""

    def __init__(self, path: Path, holder: dict):
        pid, host = holder.get("pid", "?"), holder.get("host")
        where = f" on {host}" if host and host != _host() else ""
        hint = f"; if it is not, remove {path}" if where else ""
        super().__init__(f"another build is running (pid {pid}{where}){hint}")
        self.holder = holder


def _host() -> str:
    return os.uname().nodename


def _start_time(pid: int) -> str | None:
    """When the process started (clock ticks since boot, Linux), to tell a reused pid from its first owner."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[19]  # field 22; the name in brackets may hold spaces


def _alive(holder: dict) -> bool:
    """Whether the holder may still be running: always, unless it is on this host and provably gone."""
    if holder.get("host") != _host():
        return True  # another machine's processes cannot be looked at from here
    pid = holder.get("pid")
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        pass
    started = holder.get("started")
    return not started or _start_time(pid) in (None, started)


class StoreLock:
    """The lock of one store folder; `acquire(wait)` then `release()`, or a `with` block (default wait)."""

    def __init__(self, folder: Path, note: Callable[[str], None] | None = None):
        self.path = Path(folder) / LOCK_NAME
        self.token: str | None = None
        self.note = note or (lambda text: print(f"kg: {text}", file=sys.stderr))

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self, wait: float = DEFAULT_WAIT) -> None:
        """Take the lock, waiting up to `wait` seconds for a live holder; raise LockBusy after that."""
        deadline = time.monotonic() + wait
        while True:
            if self._create():
                return
            holder = self._take_over_if_stale()
            if holder is None:
                continue  # it was stale and is gone: try again at once
            if time.monotonic() >= deadline:
                raise LockBusy(self.path, holder)
            time.sleep(POLL)

    def _create(self) -> bool:
        token = secrets.token_hex(8)
        content = {"pid": os.getpid(), "host": _host(), "started": _start_time(os.getpid()), "token": token,
                   "since": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(json.dumps(content))
        except BaseException:  # a full disk: no half-made lock left behind
            self.path.unlink(missing_ok=True)
            raise
        self.token = token
        return True

    def _take_over_if_stale(self) -> dict | None:
        """The live holder's description; None if there was no lock or a stale one that is now removed."""
        try:
            with self.path.open(encoding="utf-8", errors="replace") as f:
                inode = os.fstat(f.fileno()).st_ino
                text = f.read()
                age = time.time() - os.fstat(f.fileno()).st_mtime
        except FileNotFoundError:
            return None
        try:
            holder = json.loads(text)
            if not isinstance(holder, dict):
                raise ValueError("not an object")
        except ValueError:
            if age < UNWRITTEN_GRACE:  # made a moment ago, its content not written yet
                return {"pid": "?"}
            holder = {}
        if holder and _alive(holder):
            return holder
        if self._remove_if_same(inode):
            what = f"pid {holder.get('pid')}, since {holder.get('since')}" if holder else "unreadable"
            self.note(f"{self.path}: a build that is no longer running left its lock ({what}); taking over")
        return None

    def _remove_if_same(self, inode: int) -> bool:
        """Remove the lock file if it is still the one judged stale (another waiter may have replaced it)."""
        aside = self.path.with_name(f"{LOCK_NAME}.stale.{os.getpid()}")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return False
        if os.stat(aside).st_ino == inode:
            aside.unlink()
            return True
        with contextlib.suppress(FileExistsError):  # a live lock made meanwhile: put it back
            os.link(aside, self.path)
        aside.unlink()
        return False

    def holds(self) -> bool:
        """Whether the lock file is still this lock's (checked before the manifest is switched)."""
        if self.token is None:
            return False
        try:
            return json.loads(self.path.read_text(encoding="utf-8")).get("token") == self.token
        except (OSError, ValueError, AttributeError):
            return False

    def release(self) -> None:
        if self.holds():
            self.path.unlink(missing_ok=True)
        self.token = None
