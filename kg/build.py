"""The build: register + documents -> the store, with a per-document cache.

``build(store_path, paths)`` makes the store hold the ontology, the register and exactly the
documents found under ``paths``: a new or changed document is extracted and its named graph
replaced, an unchanged one (same bytes, same extractor and register) is kept, a document no
longer present is removed. A file that cannot be read is reported and skipped; the rest of the
build goes on and what the store already held is kept.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import queue
import stat
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import __version__, store
from kg.discover import Failure, discover
from kg.ids import ONTOLOGY_GRAPH, REGISTER_GRAPH, doc_iri
from kg.ontology import ontology_graph
from kg.paths import sample_documents_dir, seeds_dir
from kg.seeds import Register, load_register
from kg.worker import DocumentResult, _known_iris, die_with_parent, process_document  # noqa: F401 (re-exported)


class BuildRefused(store.StoreError):
    """The build would do harm (a path that does not exist, or emptying a store by accident);
    nothing was changed."""


@dataclass
class BuildReport:
    """What a build did: counts for the summary, and the files that failed."""

    documents: int = 0
    extracted: int = 0
    cached: int = 0
    removed: int = 0
    entities: int = 0
    relations: int = 0
    comentions: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    new_graphs: list[str] = field(default_factory=list)  # graphs written by this build

    @property
    def ok(self) -> bool:
        return not self.failures


def fingerprint(register: Register) -> str:
    """What an extraction depends on besides the document: the code version and the register."""
    digest = hashlib.sha1(__version__.encode())
    for name in ("organisations.csv", "aliases.csv", "changes.csv", "people.csv", "decisions.csv"):
        file = seeds_dir() / name
        if file.exists():
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


MAX_FILE_BYTES = 512 * 1024 * 1024  # a larger file is refused before it is read


def file_digest(path: Path) -> tuple[str | None, str | None]:
    """The sha1 of a document file, read in blocks, and the problem that stops it being read.

    The file's kind and size are checked on the open descriptor before a byte is read: a FIFO
    would block the build and a link to ``/dev/zero`` would never end. Other OS errors give no
    digest and no problem: the reader reports them in its own words.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None, None
    with os.fdopen(fd, "rb", buffering=0) as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return None, None
        if not stat.S_ISREG(info.st_mode):
            return None, "not a regular file (device, pipe or socket)"
        if info.st_size > MAX_FILE_BYTES:
            return (
                None,
                f"too large ({info.st_size / 1e6:,.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:,.0f} MB)",
            )
        digest = hashlib.sha1()
        try:
            while block := handle.read(1 << 20):
                digest.update(block)
        except OSError:
            return None, None
        return digest.hexdigest(), None


class _BulkLoader:
    """Bulk-loads N-Quads in large batches on a background thread (pyoxigraph releases the GIL),
    so that loading overlaps with extraction; batches load in order, one at a time."""

    BATCH = 16_000_000  # bytes: bulk loads are fast in large batches, slow one document at a time

    def __init__(self, target: ox.Store) -> None:
        self.target: ox.Store | None = target
        self.pending: list[bytes] = []
        self.size = 0
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="kg-bulk-load", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            if self.error is not None:
                continue  # a failed load (a full disk) ends the build: the rest is not loaded
            try:
                assert self.target is not None
                self.target.bulk_load(data, format=ox.RdfFormat.N_QUADS)
            except BaseException as ex:  # reported by add() or close()
                self.error = ex

    def add(self, data: bytes) -> None:
        if self.error is not None:
            raise self.error
        self.pending.append(data)
        self.size += len(data)
        if self.size >= self.BATCH:
            self._send()

    def _send(self) -> None:
        if self.pending:
            self.queue.put(b"".join(self.pending))
            self.pending, self.size = [], 0

    def abort(self) -> None:
        """Stop after a failure elsewhere: drop what is queued and end the thread."""
        self.pending = []
        while True:
            try:
                self.queue.get_nowait()
            except queue.Empty:
                break
        self.queue.put(None)
        self.thread.join()
        self.target = None

    def close(self) -> None:
        self._send()
        self.queue.put(None)
        self.thread.join()
        self.target = None  # the database closes with its last reference
        if self.error is not None:
            raise self.error


def _held_documents(store_path: Path, manifest: dict) -> int:
    """How many documents the store holds (by its manifest, else by its graphs)."""
    held = sum(1 for g in manifest if g != REGISTER_GRAPH)
    if not held and store.exists(store_path):
        held = len(store.document_graphs(store.open_store(store_path, read_only=True)))
    return held


def _write_error(store_path: Path, ex: BaseException, bulk: bool) -> store.StoreError:
    """One line for a build that could not write the store (a full disk, most often)."""
    full = (isinstance(ex, OSError) and ex.errno == errno.ENOSPC) or "no space left" in str(ex).lower()
    problem = "the disk is full (no space left on device)" if full else f"{type(ex).__name__}: {ex}"
    if bulk:
        kept = "the partial rebuild was removed and the store is as it was before this build"
    else:
        kept = "documents written before it are kept, the others are as they were; build again"
    if full:
        kept += "; free some space and build again" if bulk else " once there is space"
    first = problem.splitlines()[0][:300]
    return store.StoreError(f"{store_path}: cannot write the store: {first}; {kept}")


BULK_THRESHOLD = 200  # documents to extract at or above which the store is rebuilt in bulk


def build(
    store_path: Path,
    paths: Iterable[Path] | None = None,
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    wait: bool = False,
    bulk: bool | None = None,
    allow_empty: bool = False,
    cluster: str | None = None,
) -> BuildReport:
    """Build or update the store at ``store_path`` from the register and the documents under
    ``paths`` (default: the sample corpus ``seeds/documents``).

    A few changed documents are written one transaction each. Many (``bulk``, by default at
    least ``BULK_THRESHOLD``) are bulk-loaded into a new database beside the old one, which
    replaces it only when complete: a build killed part-way leaves the previous store intact.

    A path that does not exist, or a run that finds no document at all while the store holds
    some, raises :class:`BuildRefused` before anything is changed (a typo must not empty the
    store); ``allow_empty`` permits the deliberate empty rebuild.
    """
    report = BuildReport()
    paths = list(paths) if paths else [sample_documents_dir()]
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:
        raise BuildRefused(
            f"{', '.join(missing)}: no such file or folder; nothing was changed "
            "(the store keeps exactly the documents found under the paths given)"
        )
    register = load_register()
    files, report.failures = discover(paths)
    jobs = jobs or os.cpu_count() or 1
    stamp = fingerprint(register)
    with store.write_lock(store_path, wait=wait, notify=report.warnings.append):
        store.recover(store_path)
        manifest = store.read_manifest(store_path)
        if not files and not allow_empty:
            held = _held_documents(store_path, manifest)
            if held:
                raise BuildRefused(
                    f"{', '.join(map(str, paths))}: no documents found, and building would remove "
                    f"all {held} documents of {store_path}; nothing was changed "
                    "(pass --allow-empty to empty the store deliberately)"
                )
        # the database is only read until it is known whether it will be written in place: a
        # bulk rebuild never writes it, so readers of the last complete store are not disturbed
        db = store.open_store(store_path, read_only=store.exists(store_path))
        wanted: set[str] = set()
        todo: list[str] = []
        failed_paths: set[str] = set()
        for path in files:
            digest, problem = file_digest(path)
            if problem:
                report.failures.append(Failure(str(path), problem))
                failed_paths.add(str(path))
                continue
            graph = doc_iri(digest) if digest else None
            entry = manifest.get(graph or "", {})
            if (
                graph
                and entry.get("fingerprint") == stamp
                and entry.get("file") == path.name  # a renamed file may be read differently (.md, .txt)
                and db.contains_named_graph(ox.NamedNode(graph))
            ):
                wanted.add(graph)
                report.cached += 1
                continue
            todo.append(str(path))
        register_changed = manifest.get(REGISTER_GRAPH, {}).get(
            "fingerprint"
        ) != stamp or not db.contains_named_graph(ox.NamedNode(REGISTER_GRAPH))
        use_bulk = bulk if bulk is not None else len(todo) >= BULK_THRESHOLD
        if not use_bulk:
            del db
            db = store.open_store(store_path)
        target = loader = None
        from kg.runner import make_runner

        runner = make_runner(jobs, len(todo), cluster) if todo else None
        try:
            target = store.open_staging(store_path) if use_bulk else db
            loader = _BulkLoader(target) if use_bulk else None

            def write(data: bytes) -> None:
                if loader is None:
                    target.load(data, format=ox.RdfFormat.N_QUADS)
                else:
                    loader.add(data)

            if use_bulk or register_changed:
                for name, graph in ((ONTOLOGY_GRAPH, ontology_graph()), (REGISTER_GRAPH, register.graph)):
                    data = ox.serialize(store.graph_quads(graph, name), format=ox.RdfFormat.N_QUADS)
                    if not use_bulk:
                        target.remove_graph(ox.NamedNode(name))
                    write(data)
                manifest[REGISTER_GRAPH] = {"fingerprint": stamp, "file": "seeds/"}
                report.new_graphs.append(REGISTER_GRAPH)
            if use_bulk:  # carry the cached documents over to the new database
                for graph in sorted(wanted):
                    target.bulk_extend(db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
            done = 0
            for result in runner.run(todo) if runner is not None else ():
                done += 1
                if progress:
                    progress(done, len(todo))
                if result.error:
                    report.failures.append(Failure(result.path, result.error))
                    failed_paths.add(str(result.path))
                    continue
                if result.warning:
                    report.warnings.append(f"{result.path}: {result.warning}")
                graph = doc_iri(result.doc_id or "")
                if graph in wanted:  # the same bytes under two names: one document
                    continue
                wanted.add(graph)
                if not use_bulk and target.contains_named_graph(ox.NamedNode(graph)):
                    target.remove_graph(ox.NamedNode(graph))
                write(result.nquads)
                manifest[graph] = {
                    "fingerprint": stamp,
                    "file": Path(result.path).name,
                    "path": str(result.path),
                }
                report.new_graphs.append(graph)
                report.extracted += 1
                report.entities += result.entities
                report.relations += result.relations
                report.comentions += result.comentions
            if runner is not None:
                runner.close()
                runner = None
            # a document that failed now keeps what the store already had from it
            for graph, entry in manifest.items():
                if entry.get("path") in failed_paths and db.contains_named_graph(ox.NamedNode(graph)):
                    if use_bulk and graph not in wanted:
                        target.bulk_extend(db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
                    wanted.add(graph)
            if not use_bulk:
                for graph in sorted(store.document_graphs(db) - wanted):
                    db.remove_graph(ox.NamedNode(graph))
                    report.removed += 1
            else:
                report.removed = len(store.document_graphs(db) - wanted)
            for graph in [g for g in manifest if g not in wanted and g != REGISTER_GRAPH]:
                manifest.pop(graph)
            if loader is not None:
                loader.close()
            target.flush()
            if use_bulk:
                # a bulk load leaves many small sorted files; compacting them once costs ~1.6 s per
                # 1M triples and makes every query after it about a fifth faster (benchmarks/)
                target.optimize()
                target = None
                del db
                store.swap_staging(store_path)
            store.write_manifest(store_path, manifest)
        except BaseException as ex:
            if runner is not None:
                runner.close()
                runner = None
            if loader is not None:
                loader.abort()
            del target, loader
            if use_bulk:
                # the frames of the failure may still hold the staged database open: let them go
                # so that it closes before its folder is removed
                traceback.clear_frames(ex.__traceback__)
                gc.collect()
                store.discard_staging(store_path)
            if isinstance(ex, (KeyboardInterrupt, SystemExit)):
                raise
            raise _write_error(store_path, ex, use_bulk) from ex
        report.documents = len(wanted)
    return report


VALIDATE_LIMIT = 60_000  # triples: above this, validation is left to `kg validate`


def validate_new_graphs(store_path: Path, report: BuildReport) -> list[str] | None:
    """SHACL violations in the graphs this build wrote (with the register for context), or None
    when they are too large to check here."""
    from rdflib import Graph

    from kg.ontology import validate

    if not report.new_graphs:
        return []
    db = store.open_store(store_path, read_only=True)
    names = set(report.new_graphs) | {REGISTER_GRAPH}
    size = 0
    for name in sorted(names):  # counted in the store, and only as far as the limit
        (row,) = db.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        size += int(row["n"].value)
        if size > VALIDATE_LIMIT:
            return None
    g = Graph()
    for name in sorted(names):
        for q in db.quads_for_pattern(None, None, None, ox.NamedNode(name)):
            g.add((store.to_rdflib(q.subject), store.to_rdflib(q.predicate), store.to_rdflib(q.object)))
    return [str(v) for v in validate(g)]
