"""The endpoint's query workers: child processes that hold the store open read-only and answer jobs.

pyoxigraph cannot cancel a running query, so each query runs in a worker process, and one that
passes its timeout has its worker killed (the evaluation stops with it) and a fresh worker started.
The pool keeps cheap queries flowing while long ones run: ``size`` queries may be in their first
``slow_after`` seconds at once, and a query that runs longer moves to one of ``long_slots`` places
for long queries, freeing its place for the next request (with every long place taken it keeps
its place), and runs on at a lower CPU priority. Requests wait for a place in a queue of bounded length and for a bounded time (503
after that); every query is stopped at the timeout. The pool also watches the store: when a build finishes (the store's manifest or
database folder changes) it starts workers on the new store and retires the old ones, so the
endpoint serves the new graph without a restart.

On Linux each worker first moves into a network namespace of its own with no interface up, so a
federated ``SERVICE`` call that got past the query check could reach nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg import sparql
from kg.server.page import render_result_html
from kg.store import open_store

log = logging.getLogger("kg.server")
LONG_QUERY_NICENESS = 10  # a query past slow_after runs at this Unix priority (lower than cheap ones)


@dataclass(frozen=True)
class Job:
    """One query for a worker, everything plain so that it pickles."""

    query: str
    fmt: str
    params: dict[str, str] = field(default_factory=dict)
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 10_000


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def text_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def answer(db: Any, job: Job) -> Reply:
    """Run ``job`` against ``db`` and serialize the result (this runs inside a worker)."""
    try:
        result = sparql.run(
            db,
            job.query,
            params=job.params or None,
            max_rows=job.max_rows,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            allow_service=False,
            allow_files=False,
        )
    except sparql.Refused as ex:
        return text_reply(HTTPStatus.FORBIDDEN, str(ex))
    except sparql.ResultTooLarge as ex:
        return text_reply(
            HTTPStatus.BAD_REQUEST,
            f"{ex} (this endpoint returns at most {job.max_rows} rows; start it with a larger --max-rows "
            "to change that)",
        )
    except (sparql.QuerySyntaxError, sparql.ParamError, sparql.UnknownQuery, sparql.QueryTooComplex) as ex:
        return text_reply(HTTPStatus.BAD_REQUEST, str(ex))
    except sparql.SparqlError as ex:
        return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, str(ex))
    if job.fmt == "html":
        return Reply(HTTPStatus.OK, "text/html; charset=utf-8", render_result_html(result).encode("utf-8"))
    try:
        body = sparql.serialize(result, job.fmt)
        media = sparql.FORMATS[job.fmt].media_type
        if result.kind == "graph" and "graph" not in sparql.FORMATS[job.fmt].kinds:
            media = sparql.FORMATS["turtle"].media_type
    except sparql.SparqlError as ex:
        return text_reply(HTTPStatus.NOT_ACCEPTABLE, str(ex))
    return Reply(HTTPStatus.OK, media, body)


def _isolate_network() -> str:
    """Move this process into a new, empty network namespace; say what happened.

    Needs Linux and either privilege or unprivileged user namespaces; must run before the process
    starts any thread. Unix sockets made before (the link to the parent) keep working.
    """
    if not sys.platform.startswith("linux"):
        return "shared (network namespaces need Linux)"
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as ex:
        return f"shared ({ex})"
    for flags in (clone_newnet, clone_newuser | clone_newnet):
        if libc.unshare(flags) == 0:
            return "isolated"
    return f"shared (unshare: {os.strerror(ctypes.get_errno())})"


def _worker_main(store_path: str, fd: int, isolate: str = "1") -> None:  # pragma: no cover - child
    """The worker's loop: open the store, then answer jobs from the parent over the socket ``fd``.

    Ctrl-C is the parent's to handle (it closes the workers); a parent that went away ends the
    loop quietly.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _serve_jobs(store_path, Connection(fd), isolate)
    except (EOFError, OSError):
        return


def _serve_jobs(store_path: str, conn: Any, isolate: str) -> None:  # pragma: no cover - child
    network = _isolate_network() if isolate == "1" else "shared (not asked to isolate)"
    sparql._rdflib_parser()  # the SERVICE check's grammar, built now rather than during a query

    try:
        db = open_store(Path(store_path), read_only=True)
    except Exception as ex:  # noqa: BLE001 - reported to the parent, which gives up
        conn.send(("error", str(ex)))
        return
    conn.send(("ready", network))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(("reply", answer(db, job)))
        except Exception as ex:  # noqa: BLE001 - a bug must not kill the worker silently
            conn.send(("reply", text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {ex}")))


def store_generation(store_path: Path) -> tuple[int, ...]:
    """A stamp that changes whenever a build finishes: the manifest a build writes last (the
    SQLite manifest, rewritten by every build, or an older store's manifest.json) and the
    database folder (a bulk rebuild swaps in a new one)."""
    stamp: list[int] = []
    for name in ("manifest.sqlite", "manifest.json", "oxigraph"):
        try:
            st = os.stat(Path(store_path) / name)
        except OSError:
            stamp.extend((0, 0, 0))
        else:
            if name.startswith("manifest."):
                stamp.extend((st.st_ino, st.st_mtime_ns, st.st_size))
            else:  # only a swap counts: a build writing in place changes the folder before it is done
                stamp.extend((st.st_ino, 0, 0))
    return tuple(stamp)


class Worker:
    """A child process holding the store open read-only, answering one job at a time.

    It is started with ``python -c`` rather than multiprocessing's spawn, which re-imports the
    parent's main module (and fails from a notebook or ``python -``).
    """

    def __init__(self, store_path: Path, *, generation: tuple[int, ...] = (), isolate: bool = True) -> None:
        self.generation = generation
        self.network = "unknown"
        self.niceness = 0
        parent, child = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        code = (
            "import sys; from kg.server.workers import _worker_main; "
            "_worker_main(sys.argv[1], int(sys.argv[2]), sys.argv[3])"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(store_path), str(child.fileno()), "1" if isolate else "0"],
            pass_fds=(child.fileno(),),
            env=env,
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        child.close()
        self.conn = Connection(parent.detach())

    def wait_ready(self, timeout: float) -> None:
        try:
            ready = self.conn.poll(timeout)
            status, detail = self.conn.recv() if ready else ("timeout", None)
        except (EOFError, OSError) as ex:
            status, detail = "error", f"the worker exited ({ex or 'no message'})"
        if status != "ready":
            self.kill()
            if status == "timeout":
                raise RuntimeError(f"the query worker did not start within {timeout:.0f} s")
            raise RuntimeError(f"the query worker could not open the store: {detail}")
        self.network = str(detail)

    @property
    def pid(self) -> int:
        return self.process.pid

    def set_niceness(self, value: int) -> bool:
        """Set the worker's CPU priority (Unix niceness); False when the system refuses."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.pid, value)
        except (OSError, AttributeError):
            return False
        self.niceness = value
        return True

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(2)
        self.conn.close()


def _start(
    store_path: Path, count: int, generation: tuple[int, ...], isolate: bool, timeout: float
) -> list[Worker]:
    """``count`` ready workers (started together), or RuntimeError with none left running."""
    started = [Worker(store_path, generation=generation, isolate=isolate) for _ in range(count)]
    try:
        for w in started:
            w.wait_ready(timeout)
    except RuntimeError:
        for w in started:
            w.kill()
        raise
    return started


class QueryPool:
    """Worker processes that run queries with a timeout, a bounded queue and room for long queries.

    Args:
        store_path: the store the workers open read-only.
        size: queries that may be in their first ``slow_after`` seconds at once.
        long_slots: queries that may run past ``slow_after`` at once (each on a worker of its own).
        slow_after: seconds after which a running query counts as long.
        queue_limit: requests that may wait for a worker; more are turned away at once (503).
        watch_interval: seconds between checks for a new store generation (0: no watching).
        isolate_network: start workers without network access (Linux).
    """

    def __init__(
        self,
        store_path: Path,
        *,
        size: int = 2,
        long_slots: int = 2,
        slow_after: float = 0.5,
        queue_limit: int = 64,
        start_timeout: float = 60.0,
        watch_interval: float = 1.0,
        isolate_network: bool = True,
    ) -> None:
        self.store_path = Path(store_path)
        self.size = max(1, size)
        self.long_slots = max(0, long_slots)
        self.slow_after = slow_after
        self.queue_limit = queue_limit
        self.start_timeout = start_timeout
        self.isolate = isolate_network
        # worker processes kept running: one per place, and a spare that covers for a worker
        # being restarted after a timeout
        self.target = self.size + self.long_slots + 1
        self.cond = threading.Condition()
        self.idle: list[Worker] = []
        self.fast = 0  # queries in their first slow_after seconds
        self.slow = 0  # queries past it
        self.waiting = 0
        self.closed = False
        self.killed = 0  # workers killed after a timeout, for tests and logs
        self.killed_pids: list[int] = []  # the last few of them
        self.refreshed = 0  # times the workers moved to a new store generation
        self.generation = store_generation(self.store_path)
        self.live: set[Worker] = set()  # every worker process started and not yet ended
        self.idle = self._spawn(self.target, self.generation)
        self.network = self.idle[0].network
        self._refreshing = False
        self._stop = threading.Event()
        if watch_interval > 0:
            threading.Thread(
                target=self._watch, args=(watch_interval,), name="kg-store-watch", daemon=True
            ).start()

    # -- running a query

    def execute(self, job: Job, *, timeout: float) -> Reply:
        """Run ``job``: wait up to ``timeout`` for a place, then up to ``timeout`` for the answer."""
        worker = self._acquire(timeout)
        if isinstance(worker, Reply):
            return worker
        lane = "fast"
        try:
            worker.conn.send(job)
            started = time.monotonic()
            if worker.conn.poll(min(self.slow_after, timeout)):
                return self._finish(worker)
            if timeout > self.slow_after:
                with self.cond:
                    if self.slow < self.long_slots:  # move to a long place, freeing this one
                        self.fast -= 1
                        self.slow += 1
                        lane = "slow"
                        self.cond.notify_all()
                worker.set_niceness(LONG_QUERY_NICENESS)  # cheap queries get the CPU first
                if worker.conn.poll(max(0.0, timeout - (time.monotonic() - started))):
                    return self._finish(worker)
        except (EOFError, OSError):
            log.warning("a query worker died; starting another")
            self._replace(worker)
            return text_reply(
                HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker died; the query was not answered"
            )
        finally:
            with self.cond:
                if lane == "fast":
                    self.fast -= 1
                elif lane == "slow":
                    self.slow -= 1
                self.cond.notify_all()
        log.warning("query timed out after %.1f s; killing its worker", timeout)
        self.killed += 1
        self._replace(worker)
        return text_reply(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query timed out after {timeout:g} s and was stopped; narrow it (a LIMIT, a more "
            "specific pattern) or start the endpoint with a longer --timeout",
        )

    def _acquire(self, timeout: float) -> Worker | Reply:
        busy = text_reply(
            HTTPStatus.SERVICE_UNAVAILABLE,
            "the endpoint is busy: every worker is running a query; try again later",
        )
        deadline = time.monotonic() + timeout
        with self.cond:
            if self.waiting >= self.queue_limit:
                return busy
            self.waiting += 1
            try:
                while not (self.idle and self.fast < self.size) and not self.closed:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return busy
                    self.cond.wait(remaining)
                if self.closed:
                    return text_reply(HTTPStatus.SERVICE_UNAVAILABLE, "the endpoint is shutting down")
                self.fast += 1
                return self.idle.pop()
            finally:
                self.waiting -= 1

    def _finish(self, worker: Worker) -> Reply:
        _, reply = worker.conn.recv()
        stale = False
        reniced = worker.niceness and not worker.set_niceness(0)  # lowering it back needs privilege
        with self.cond:
            if worker.generation == self.generation and not self.closed and not reniced:
                self.idle.append(worker)
                self.cond.notify_all()
            else:
                stale = True
        if stale:
            self._end(worker)
        elif reniced:  # a worker left at low priority is swapped for a fresh one
            self._replace(worker, count=False)
        return reply

    def _spawn(self, count: int, generation: tuple[int, ...]) -> list[Worker]:
        fresh = _start(self.store_path, count, generation, self.isolate, self.start_timeout)
        with self.cond:
            self.live.update(fresh)
        return fresh

    def _end(self, worker: Worker, *, kill: bool = False) -> None:
        worker.kill() if kill else worker.close()
        with self.cond:
            self.live.discard(worker)

    def _replace(self, worker: Worker, *, count: bool = True) -> None:
        self._end(worker, kill=True)
        if count:
            self.killed_pids = [*self.killed_pids[-15:], worker.pid]

        def start() -> None:
            generation = self.generation
            try:
                (fresh,) = self._spawn(1, generation)
            except RuntimeError as ex:
                log.error("cannot start a query worker: %s", ex)
                return
            with self.cond:
                keep = not self.closed and fresh.generation == self.generation
                keep = keep and len(self.idle) + self.fast + self.slow < self.target
                if keep:
                    self.idle.append(fresh)
                    self.cond.notify_all()
            if not keep:
                self._end(fresh)

        threading.Thread(target=start, name="kg-sparql-respawn", daemon=True).start()

    # -- following the store

    def _watch(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.refresh_if_stale()

    def refresh_if_stale(self) -> bool:
        """Start workers on the store a build left, if it changed; True when the pool moved to it."""
        generation = store_generation(self.store_path)
        with self.cond:
            if generation == self.generation or self._refreshing or self.closed:
                return False
            self._refreshing = True
        try:
            fresh = self._spawn(self.target, generation)
        except RuntimeError as ex:  # a build may be writing again: keep the old workers, retry later
            log.warning("the store changed but cannot be opened yet (%s); still serving the previous one", ex)
            with self.cond:
                self._refreshing = False
            return False
        with self.cond:
            old, self.idle = self.idle, fresh
            self.generation = generation
            self.refreshed += 1
            self._refreshing = False
            self.cond.notify_all()
        for w in old:  # the busy ones are closed as they finish (their generation is old)
            self._end(w)
        log.info("the store was rebuilt; now serving it")
        return True

    def close(self) -> None:
        self._stop.set()
        with self.cond:
            self.closed = True
            idle, self.idle = self.idle, []
            self.cond.notify_all()
        for w in idle:
            self._end(w)
        for w in list(self.live):  # still running a query: stopped, not left behind
            self._end(w, kill=True)
