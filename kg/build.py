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
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import __version__, store, worker
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
    prepared_s: float | None = None  # seconds spent in ``prepare`` (see build)

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


MAX_FILE_BYTES = worker.MAX_FILE_BYTES  # a larger file is refused before it is read


def file_digest(path: Path) -> tuple[str | None, str | None]:
    """The sha1 of a document file and the problem that stops it being read (see
    :func:`kg.worker.digest_file`, which the build's workers run)."""
    found = worker.digest_file(path, MAX_FILE_BYTES)
    return found.digest, found.problem


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


def _entry(stamp: str, result: DocumentResult) -> dict:
    entry: dict = {"fingerprint": stamp, "file": Path(result.path).name, "path": str(result.path)}
    if result.size is not None:
        entry.update(size=result.size, mtime_ns=result.mtime_ns)
    return entry


class _Cache:
    """The build cache as the manifest records it: a document is cached when its graph is in
    the store, extracted with this build's fingerprint from a file of the same name (a renamed
    file may be read differently: .md, .txt)."""

    HINT_LIMIT = 64  # digests sent with one file; more (a name shared by many files) are checked here

    def __init__(self, manifest: dict, stamp: str, db: ox.Store) -> None:
        self.manifest, self.stamp, self.db = manifest, stamp, db
        self.by_name: dict[str, list[str]] = {}
        self.by_path: dict[str, str] = {}
        for graph, entry in manifest.items():
            if graph != REGISTER_GRAPH and entry.get("fingerprint") == stamp:
                self.by_name.setdefault(entry.get("file", ""), []).append(graph)
                if entry.get("path"):
                    self.by_path[entry["path"]] = graph
        self.present: dict[str, bool] = {}

    def _present(self, graph: str) -> bool:
        if graph not in self.present:
            self.present[graph] = self.db.contains_named_graph(ox.NamedNode(graph))
        return self.present[graph]

    def hint(self, path: Path) -> tuple[str, ...]:
        """The digests the cache holds for a file named like ``path``, for its worker."""
        graphs = self.by_name.get(path.name, ())
        if len(graphs) > self.HINT_LIMIT:
            own = self.by_path.get(str(path))
            graphs = [own] if own and own in graphs else []
        prefix = len(doc_iri(""))
        return tuple(sorted(g[prefix:] for g in graphs if self._present(g)))

    def likely_changed(self, path: Path, hint: tuple[str, ...]) -> bool:
        """Whether ``path`` will probably be extracted (only to choose a bulk rebuild or not):
        nothing cached under its name, or its size or time differ from what the cache recorded."""
        if not hint:
            return True
        entry = self.manifest.get(self.by_path.get(str(path), ""), {})
        if entry.get("size") is None:
            return False
        try:
            info = os.stat(path)
        except OSError:
            return True
        return (info.st_size, info.st_mtime_ns) != (entry["size"], entry.get("mtime_ns"))

    def holds(self, graph: str, name: str) -> bool:
        entry = self.manifest.get(graph, {})
        return entry.get("fingerprint") == self.stamp and entry.get("file") == name and self._present(graph)

    def holds_digest(self, graph: str) -> bool:
        entry = self.manifest.get(graph, {})
        return entry.get("fingerprint") == self.stamp and self._present(graph)

    def touch(self, graph: str, result: DocumentResult) -> None:
        """Record the size and time of a cached file hashed at its recorded path."""
        entry = self.manifest.get(graph)
        if (
            entry is not None
            and entry.get("path") == str(result.path)
            and result.size is not None
            and (entry.get("size"), entry.get("mtime_ns")) != (result.size, result.mtime_ns)
        ):
            self.manifest[graph] = {**entry, "size": result.size, "mtime_ns": result.mtime_ns}


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
    prepare: Callable[[Path], object] | None = None,
) -> BuildReport:
    """Build or update the store at ``store_path`` from the register and the documents under
    ``paths`` (default: the sample corpus ``seeds/documents``).

    A few changed documents are written one transaction each. Many (``bulk``, by default at
    least ``BULK_THRESHOLD``) are bulk-loaded into a new database beside the old one, which
    replaces it only when complete: a build killed part-way leaves the previous store intact.

    A path that does not exist, or a run that finds no document at all while the store holds
    some, raises :class:`BuildRefused` before anything is changed (a typo must not empty the
    store); ``allow_empty`` permits the deliberate empty rebuild.

    ``prepare``, when given, is called with ``store_path`` once the store is written and its
    database closed, still under the build's lock: ``kg build`` passes
    :func:`kg.viewer.api.prepare`, which writes into the store's ``cache/`` folder what reading
    the new store first needs (the projection's tables, the viewer's first view and its
    analyses), so that ``kg serve`` and the network commands started after the build answer
    from them instead of reading the store. Its seconds are ``report.prepared_s``; a failure is
    a warning of the report (the store is built; the cache is only a shortcut).
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
        cache = _Cache(manifest, stamp, db)
        # the workers read and hash the files; here each file only gets the digests the cache
        # holds for its name, and the number to extract is estimated from sizes and times
        hints = [cache.hint(path) for path in files]
        estimate = sum(1 for path, hint in zip(files, hints, strict=True) if cache.likely_changed(path, hint))
        wanted: set[str] = set()
        failed_paths: set[str] = set()
        register_changed = manifest.get(REGISTER_GRAPH, {}).get(
            "fingerprint"
        ) != stamp or not db.contains_named_graph(ox.NamedNode(REGISTER_GRAPH))
        use_bulk = bulk if bulk is not None else estimate >= BULK_THRESHOLD
        if not use_bulk:
            cache.db = None  # type: ignore[assignment]
            del db
            db = cache.db = store.open_store(store_path)
        target = loader = None
        from kg.runner import make_runner

        runner = make_runner(jobs, estimate, cluster, MAX_FILE_BYTES) if files else None
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

            def keep(result: DocumentResult) -> None:
                graph = doc_iri(result.doc_id or "")
                if graph in wanted:  # the same bytes under two names: one document
                    return
                wanted.add(graph)
                if not use_bulk and target.contains_named_graph(ox.NamedNode(graph)):
                    target.remove_graph(ox.NamedNode(graph))
                write(result.nquads)
                manifest[graph] = _entry(stamp, result)
                report.new_graphs.append(graph)
                report.extracted += 1
                report.entities += result.entities
                report.relations += result.relations
                report.comentions += result.comentions

            carried: list[str] = []  # cached documents, for a bulk rebuild to carry over
            later: list[DocumentResult] = []  # extracted, but the cache holds them under another name
            done = 0
            for result in runner.run([str(f) for f in files], hints) if runner is not None else ():
                done += 1
                if progress:
                    progress(done, len(files))
                if result.error:
                    report.failures.append(Failure(result.path, result.error))
                    failed_paths.add(str(result.path))
                    continue
                if result.warning:
                    report.warnings.append(f"{result.path}: {result.warning}")
                graph = doc_iri(result.doc_id or "")
                if result.cached or cache.holds(graph, Path(result.path).name):
                    report.cached += 1
                    if graph not in wanted:
                        wanted.add(graph)
                        carried.append(graph)
                    cache.touch(graph, result)
                    continue
                if cache.holds_digest(graph):
                    # as when files were hashed before extraction: a file the cache holds under
                    # its own name wins over a copy under another name, wherever they sort
                    later.append(result)
                    continue
                keep(result)
            if runner is not None:
                runner.close()
                runner = None
            for result in later:
                keep(result)
            if loader is not None:
                loader.close()
                loader = None
            if use_bulk:  # carry the cached documents over to the new database
                for graph in sorted(carried):
                    target.bulk_extend(db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
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
            target.flush()
            if use_bulk:
                # a bulk load leaves many small sorted files; compacting them once costs ~1.6 s per
                # 1M triples and makes every query after it about a fifth faster (benchmarks/)
                target.optimize()
                target = cache.db = None  # type: ignore[assignment]
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
            cache.db = None  # type: ignore[assignment]
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
        if prepare is not None:
            # the database must be closed first: closing a database opened for writing changes
            # its files, and with them the state a cache of the store is keyed by
            target = loader = db = cache.db = None  # type: ignore[assignment]
            gc.collect()
            report.prepared_s = _prepare(store_path, prepare, report.warnings.append)
    return report


def _prepare(
    store_path: Path, prepare: Callable[[Path], object], warn: Callable[[str], None]
) -> float | None:
    """Run ``prepare(store_path)``; its seconds, or None (and a warning) when it failed."""
    import time

    began = time.perf_counter()
    try:
        prepare(store_path)
    except Exception as ex:  # noqa: BLE001 - the store is built; what is prepared is only a shortcut
        warn(f"{store_path}: the viewer's first view was not prepared ({type(ex).__name__}: {ex})")
        return None
    return time.perf_counter() - began


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
