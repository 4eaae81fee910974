"""The endpoint's query workers: child processes that hold the store open read-only and answer jobs.

pyoxigraph cannot cancel a running query, so each query runs in a worker process; one that passes
its timeout has its worker killed and a fresh worker started in its place.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

from kg.server.page import render_result_html

log = logging.getLogger("kg.server")


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
    from kg import sparql

    try:
        result = sparql.run(
            db,
            job.query,
            params=job.params or None,
            max_rows=job.max_rows,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            allow_service=False,
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


def _worker_main(store_path: str, fd: int) -> None:  # pragma: no cover - runs in a child process
    """The worker's loop: open the store, then answer jobs from the parent over the socket ``fd``."""
    from multiprocessing.connection import Connection

    from kg.store import open_store

    conn = Connection(fd)
    try:
        db = open_store(Path(store_path), read_only=True)
    except Exception as ex:  # noqa: BLE001 - reported to the parent, which gives up
        conn.send(("error", str(ex)))
        return
    conn.send(("ready", None))
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


class Worker:
    """A child process holding the store open read-only, answering one job at a time.

    It is started with ``python -c`` rather than multiprocessing's spawn, which re-imports the
    parent's main module (and fails from a notebook or ``python -``).
    """

    def __init__(self, store_path: Path) -> None:
        import os
        import socket
        import sys
        from multiprocessing.connection import Connection

        parent, child = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        code = "import sys; from kg.server.workers import _worker_main; _worker_main(sys.argv[1], int(sys.argv[2]))"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(store_path), str(child.fileno())],
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

    @property
    def pid(self) -> int:
        return self.process.pid

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


class QueryPool:
    """Worker processes that run queries with a timeout; a worker past its timeout is killed and replaced."""

    def __init__(self, store_path: Path, *, size: int = 2, start_timeout: float = 60.0) -> None:
        self.store_path = Path(store_path)
        self.start_timeout = start_timeout
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.closed = False
        self.killed = 0  # workers killed after a timeout, for tests and logs
        workers = [Worker(self.store_path) for _ in range(max(1, size))]
        for w in workers:
            w.wait_ready(start_timeout)
            self.idle.put(w)

    def execute(self, job: Job, *, timeout: float) -> Reply:
        deadline = time.monotonic() + timeout
        try:
            worker = self.idle.get(timeout=timeout)
        except queue.Empty:
            return text_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "the endpoint is busy: every worker is running a query; try again later",
            )
        try:
            worker.conn.send(job)
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                _, reply = worker.conn.recv()
                self.idle.put(worker)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            log.warning("a query worker died; starting another")
            self._replace(worker)
            return text_reply(
                HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker died; the query was not answered"
            )
        log.warning("query timed out after %.1f s; killing its worker", timeout)
        self.killed += 1
        self._replace(worker)
        return text_reply(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query timed out after {timeout:g} s and was stopped; narrow it (a LIMIT, a more "
            "specific pattern) or start the endpoint with a longer --timeout",
        )

    def _replace(self, worker: Worker) -> None:
        worker.kill()

        def start() -> None:
            if self.closed:
                return
            try:
                fresh = Worker(self.store_path)
                fresh.wait_ready(self.start_timeout)
            except RuntimeError as ex:
                log.error("cannot start a query worker: %s", ex)
                return
            if self.closed:
                fresh.close()
            else:
                self.idle.put(fresh)

        threading.Thread(target=start, name="kg-sparql-respawn", daemon=True).start()

    def close(self) -> None:
        self.closed = True
        while True:
            try:
                self.idle.get_nowait().close()
            except queue.Empty:
                break
