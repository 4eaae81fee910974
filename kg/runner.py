"""Where documents are processed: the one place of the build that knows about processes.

A runner takes the paths of a build's documents, each with the digests the build's cache holds
for a file of its name, and yields one :class:`~kg.worker.DocumentResult` per path, **in the
order of the paths** (so a build is the same whichever runner ran it). The worker reads and
hashes the file itself: a cached one comes back as its digest alone, without being extracted.
Three runners:

- :class:`SerialRunner`: in this process (one job, or a handful of documents).
- :class:`LocalPoolRunner`: worker processes on this machine (the default; no dependency).
- :class:`DaskRunner`: a Dask distributed cluster, local (``local:N``) or running elsewhere
  (``tcp://HOST:PORT``); needs the optional extra ``kg[cluster]``.

Work is sent in batches of documents; a worker loads the register and the parser once and
keeps them for every batch it runs. **Crash isolation**: a document whose processing kills its
worker process (a parser crash, an out-of-memory kill) is retried once, alone; if it kills a
worker again it comes back as a failed result naming the file and the reason, and every other
document is processed as usual. A dead worker is replaced, so a build never hangs on one.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import signal
import sys
import zlib
from collections.abc import Iterator
from dataclasses import replace
from multiprocessing.connection import Connection, wait
from typing import Protocol

from kg.worker import MAX_FILE_BYTES, DocumentResult, die_with_parent, hash_and_process

Cached = tuple[str, ...]  # the digests the cache holds for a file of this name

DASK_BATCH = 64  # documents per Dask task: 64 ran 2,000 documents within 5% of the pool (issue 25)


class RunnerError(RuntimeError):
    """The runner cannot start (no Dask installed, a scheduler out of reach, a bad address)."""


class Runner(Protocol):
    """Processes documents; ``run`` yields one result per path, in the order of the paths."""

    def run(self, paths: list[str], cached: list[Cached] | None = None) -> Iterator[DocumentResult]: ...

    def close(self) -> None: ...


def crash_hook(path: str) -> None:
    """Test-only: end this process at once, as a crashing parser would, when the file name
    contains ``KG_TEST_CRASH_ON`` (honoured only while pytest runs, which sets
    ``PYTEST_CURRENT_TEST``)."""
    marker = os.environ.get("KG_TEST_CRASH_ON")
    if marker and "PYTEST_CURRENT_TEST" in os.environ and marker in os.path.basename(path):
        os._exit(70)


def process_one(path: str, cached: Cached = (), max_bytes: int = MAX_FILE_BYTES) -> DocumentResult:
    crash_hook(path)
    return hash_and_process(path, cached, max_bytes)


def _items(paths: list[str], cached: list[Cached] | None, batch: list[int]) -> list[tuple[str, Cached]]:
    return [(paths[i], cached[i] if cached is not None else ()) for i in batch]


def process_batch(
    items: list[tuple[str, Cached]], compress: bool = False, max_bytes: int = MAX_FILE_BYTES
) -> list[DocumentResult]:
    """Process a batch of (path, cached digests) in this worker (a Dask task); with ``compress``
    the N-Quads come back zlib-compressed, for the trip over the network."""
    results = []
    for path, cached in items:
        result = process_one(path, cached, max_bytes)
        if compress and result.nquads:
            result = replace(result, nquads=zlib.compress(result.nquads, 1))
        results.append(result)
    return results


def _died(path: str, reason: str) -> DocumentResult:
    return DocumentResult(
        path,
        None,
        error=f"the worker process died while processing this document ({reason}), "
        "again when it was retried alone; left out",
    )


def batch_size(n: int, workers: int, largest: int = 64) -> int:
    """Documents per task: at most ``largest``, and enough tasks to keep every worker busy."""
    return max(1, min(largest, n // (workers * 8) or 1))


class SerialRunner:
    """Every document in this process: no isolation, no start-up cost."""

    def __init__(self, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.max_bytes = max_bytes

    def run(self, paths: list[str], cached: list[Cached] | None = None) -> Iterator[DocumentResult]:
        for i, path in enumerate(paths):
            yield process_one(path, cached[i] if cached is not None else (), self.max_bytes)

    def close(self) -> None:
        pass


# ---------------------------------------------------------------- local worker processes


def _pool_worker(conn: Connection, parent: int, max_bytes: int) -> None:
    """A local worker: receives batches (task id, [(path, cached digests)]), sends a result per
    document as soon as it is done, then (task id, None) when the batch is finished."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        task_id, items = task
        for path, cached in items:
            conn.send((task_id, process_one(path, cached, max_bytes)))
        conn.send((task_id, None))


class _Worker:
    def __init__(self, context, parent: int, max_bytes: int) -> None:  # type: ignore[no-untyped-def]
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_pool_worker, args=(child, parent, max_bytes), daemon=True)
        self.process.start()
        child.close()
        self.task: int | None = None
        self.pending: collections.deque[int] = collections.deque()  # indices sent, not yet back


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "it stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"killed by {name}" + (", perhaps for lack of memory" if -code == signal.SIGKILL else "")
    return f"exit code {code}"


class LocalPoolRunner:
    """Worker processes on this machine, each fed batches through its own pipe, so that the
    parent always knows which document a worker was processing when it died."""

    def __init__(self, jobs: int, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.jobs = max(1, jobs)
        self.max_bytes = max_bytes
        method = "fork" if sys.platform.startswith("linux") else None
        self.context = multiprocessing.get_context(method)
        self.workers: list[_Worker] = []

    def _spawn(self) -> _Worker:
        return _Worker(self.context, os.getpid(), self.max_bytes)

    def run(self, paths: list[str], cached: list[Cached] | None = None) -> Iterator[DocumentResult]:
        n = len(paths)
        if n == 0:
            return
        size = batch_size(n, self.jobs)
        tasks: collections.deque[list[int]] = collections.deque(
            list(range(i, min(i + size, n))) for i in range(0, n, size)
        )
        alone_tries: dict[int, int] = {}  # document index -> deaths while it was processed
        results: dict[int, DocumentResult] = {}
        window = max(4 * self.jobs * size, 64)  # results held back for order, at most
        next_out = 0
        task_ids = 0
        while len(self.workers) < min(self.jobs, len(tasks)):
            self.workers.append(self._spawn())
        while next_out < n:
            for slot, worker in enumerate(self.workers):
                if worker.task is None and tasks and tasks[0][0] - next_out < window:
                    if not worker.process.is_alive():  # died between tasks
                        worker.conn.close()
                        worker = self.workers[slot] = self._spawn()
                    batch = tasks.popleft()
                    task_ids += 1
                    worker.task = task_ids
                    worker.pending = collections.deque(batch)
                    # if it died as the batch was sent, it counts as dying on the batch's first
                    with contextlib.suppress(OSError):
                        worker.conn.send((task_ids, _items(paths, cached, batch)))
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
            if next_out >= n:
                break
            busy = [w for w in self.workers if w.task is not None]
            if not busy:  # nothing running and the next result not here: cannot happen
                raise RuntimeError("the local runner lost track of its tasks")
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                woke = worker.conn in ready or worker.process.sentinel in ready
                if woke and not self._receive(worker, results):
                    self._bury(worker, paths, tasks, alone_tries, results)

    def _receive(self, worker: _Worker, results: dict[int, DocumentResult]) -> bool:
        """Take what ``worker`` has sent; False when it is dead."""
        try:
            while worker.conn.poll():
                task_id, result = worker.conn.recv()
                if task_id != worker.task:
                    continue
                if result is None:
                    worker.task = None
                    worker.pending.clear()
                    return True
                results[worker.pending.popleft()] = result
        except (EOFError, OSError):
            return False
        return worker.process.is_alive() or worker.task is None

    def _bury(
        self,
        worker: _Worker,
        paths: list[str],
        tasks: collections.deque[list[int]],
        alone_tries: dict[int, int],
        results: dict[int, DocumentResult],
    ) -> None:
        """A worker died: the document it was on is retried alone once (then reported), the
        rest of its batch goes back to the queue, and a new worker takes its place."""
        worker.process.join(timeout=5)
        reason = _exit_reason(worker.process.exitcode)
        if worker.pending:
            suspect, *rest = worker.pending
            if rest:
                tasks.appendleft(rest)
            alone_tries[suspect] = alone_tries.get(suspect, 0) + 1
            if alone_tries[suspect] >= 2:
                results[suspect] = _died(paths[suspect], reason)
            else:
                tasks.appendleft([suspect])
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._spawn()

    def close(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []


# ---------------------------------------------------------------- Dask distributed


class DaskRunner:
    """Batches of documents as Dask tasks on a local cluster (``local:N``: N single-threaded
    worker processes, started and stopped with the build) or a running scheduler
    (``tcp://HOST:PORT``, whose workers need ``kg`` installed and the documents at the same
    paths)."""

    def __init__(self, address: str, max_bytes: int = MAX_FILE_BYTES) -> None:
        self.max_bytes = max_bytes
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as ex:
            raise RunnerError(
                "--cluster needs Dask distributed, an optional extra: pip install 'london-health-kg[cluster]'"
            ) from ex
        self.cluster = None
        if address.startswith("local:"):
            count = address.split(":", 1)[1]
            if not count.isdigit() or int(count) < 1:
                raise RunnerError(f"--cluster {address}: expected local:N with N workers, e.g. local:2")
            # a task whose worker dies is not rerun as is: the runner retries its documents
            # alone; one task at a time per worker, so a death is charged to one task only
            with dask.config.set(
                {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
            ):
                try:
                    self.cluster = LocalCluster(
                        n_workers=int(count),
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=50,
                    )
                except (OSError, RuntimeError, TimeoutError) as ex:
                    raise RunnerError(f"--cluster {address}: cannot start a local Dask cluster: {ex}") from ex
                self.client = Client(self.cluster)
        elif address.startswith(("tcp://", "tls://")):
            try:
                self.client = Client(address, timeout="20s")
            except (OSError, TimeoutError) as ex:
                raise RunnerError(f"--cluster {address}: cannot reach the Dask scheduler: {ex}") from ex
        else:
            raise RunnerError(f"--cluster {address}: expected local:N or tcp://HOST:PORT")

    def _workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def run(self, paths: list[str], cached: list[Cached] | None = None) -> Iterator[DocumentResult]:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        n = len(paths)
        if n == 0:
            return
        workers = self._workers()
        size = batch_size(n, workers, DASK_BATCH)
        pending: collections.deque[tuple[list[int], bool]] = collections.deque(
            (list(range(i, min(i + size, n))), False) for i in range(0, n, size)
        )
        limit = 4 * workers  # tasks in flight, so that results wait in memory only briefly
        results: dict[int, DocumentResult] = {}
        running = as_completed()
        batches: dict[str, tuple[list[int], bool]] = {}
        next_out = 0

        def submit() -> None:
            while pending and running.count() < limit:
                batch, alone = pending.popleft()
                items = _items(paths, cached, batch)
                future = self.client.submit(process_batch, items, True, self.max_bytes, pure=False)
                batches[future.key] = (batch, alone)
                running.add(future)

        submit()
        while next_out < n:
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
            if next_out >= n:
                break
            future = next(running)
            batch, alone = batches.pop(future.key)
            try:
                for i, result in zip(batch, future.result(), strict=True):
                    if result.nquads:
                        result = replace(result, nquads=zlib.decompress(result.nquads))
                    results[i] = result
            except KilledWorker:  # the worker died under this task
                if alone:
                    results[batch[0]] = _died(paths[batch[0]], "the cluster reported its worker killed")
                else:  # which document killed it is not known: each is retried alone
                    pending.extendleft(([i], True) for i in reversed(batch))
            except Exception as ex:  # the task itself failed on the cluster (not a document's fault)
                for i in batch:
                    results[i] = DocumentResult(
                        paths[i], None, error=f"the task failed on the cluster: {type(ex).__name__}: {ex}"
                    )
            finally:
                future.release()
            submit()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_runner(jobs: int, count: int, cluster: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> Runner:
    """The runner for a build of ``count`` documents: Dask when ``cluster`` is given, else the
    local pool, or this process for one job or a handful of documents. A file over
    ``max_bytes`` is refused before it is read."""
    if cluster:
        return DaskRunner(cluster, max_bytes)
    if jobs <= 1 or count < 8:
        return SerialRunner(max_bytes)
    return LocalPoolRunner(jobs, max_bytes)
