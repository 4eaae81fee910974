"""Pipeline stage 5: the embedded on-disk store (pyoxigraph), one named graph per source.

The store is a folder: ``oxigraph/`` holds the RocksDB database, ``manifest.sqlite`` records
which documents were extracted with which build fingerprint (the build cache; stores built
before it have ``manifest.json``, which the next build migrates), and ``lock`` keeps two builds
from writing at once.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from kg.terms import to_ox, to_rdflib  # noqa: F401  (to_rdflib: store.to_rdflib, as before)

DEFAULT_STORE = Path("kg-store")


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says why and what to do."""


class StoreBusy(StoreError):
    """Another process is writing the store."""


def _db(path: Path) -> Path:
    return Path(path) / "oxigraph"


def exists(path: Path) -> bool:
    return _db(path).is_dir()


class StoreBeingRebuilt(StoreError):
    """A reader met the store while a build was replacing it."""


READ_PATHS: list[Path] = []  # stores this process opened for reading (named in read errors)
_OPENED_AS: dict[Path, tuple] = {}  # the database's fingerprint when a reader opened it


def _fingerprint(path: Path) -> tuple:
    """What changes when a build swaps or rewrites the database: its folder's inode and the
    names of the files in it."""
    db = _db(path)
    try:
        return (db.stat().st_ino, tuple(sorted(p.name for p in db.iterdir())))
    except OSError:
        return ()


_STORAGE_ERRORS = ("corruption", "io error", "manifest")  # how RocksDB words its failures


def is_storage_error(ex: BaseException) -> bool:
    """Whether ``ex`` is the database failing under a reader (files changed by a writer), as
    opposed to a bad query, an output file that cannot be written, or a bug."""
    if isinstance(ex, OSError) and ex.errno is not None:  # the operating system's, not RocksDB's
        return False
    return isinstance(ex, (OSError, RuntimeError)) and any(w in str(ex).lower() for w in _STORAGE_ERRORS)


def builder(path: Path) -> str | None:
    """The pid of the live build writing the store at ``path``, or None. Read from the lock
    file without taking the lock, so a reader never gets in a build's way."""
    try:
        holder = (Path(path) / "lock").read_text().strip()
    except OSError:
        return None
    if not holder.isdigit() or not _pid_alive(int(holder)):
        return None
    return holder


def read_error(path: Path, ex: BaseException) -> StoreError:
    """The one-line error for a reader that met a storage error at ``path``."""
    pid = builder(path)
    if pid is not None:
        return StoreBeingRebuilt(
            f"{path}: the store is being rebuilt by a kg build (pid {pid}); retry when it has finished"
        )
    opened = _OPENED_AS.get(Path(path))
    if opened is not None and _fingerprint(path) != opened:
        # the build finished between this reader's opening the store and its reading
        return StoreBeingRebuilt(f"{path}: the store was rebuilt by a kg build while it was read; run again")
    first = str(ex).strip().splitlines()[0] if str(ex).strip() else type(ex).__name__
    return StoreError(f"{path}: cannot read the store: {first[:300]}")


def open_store(path: Path, *, read_only: bool = False) -> ox.Store:
    """Open (or, for writing, create) the store in folder ``path``.

    A reader that meets a build swapping the database in (or compacting it) retries for a few
    seconds, then gets :class:`StoreBeingRebuilt`, never a database traceback.
    """
    db = _db(path)
    if read_only:
        deadline = time.monotonic() + 5.0
        while True:
            try:
                if not db.is_dir():
                    if builder(path) is None:
                        raise StoreError(
                            f"{path}: no graph store here; run `kg build` first (or pass --store)"
                        )
                    raise FileNotFoundError(
                        errno.ENOENT, "no such file or directory: the database is being swapped"
                    )
                before = _fingerprint(path)
                opened = ox.Store.read_only(str(db))
                READ_PATHS[:] = [Path(path)]
                _OPENED_AS[Path(path)] = before
                return opened
            except (OSError, RuntimeError) as ex:
                # a build may be swapping the database in, or may just have finished doing so
                if (builder(path) is not None or is_storage_error(ex)) and time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                if builder(path) is not None or is_storage_error(ex):
                    raise read_error(path, ex) from ex
                raise StoreError(f"{path}: cannot open the store read-only: {ex}") from ex
    db.mkdir(parents=True, exist_ok=True)
    try:
        return ox.Store(str(db))
    except OSError as ex:
        if "lock" in str(ex).lower():
            raise StoreBusy(f"{path}: the store is open in another kg process; wait for it to finish") from ex
        raise StoreError(f"{path}: cannot open the store: {ex}") from ex


_HELD_LOCKS: set[int] = set()  # file descriptors of the build locks this process holds


def _drop_locks_in_child() -> None:
    """In a forked child (a worker), let go of the parent's build locks: a flock belongs to the
    open file, which fork shares, so a worker left over after its parent was killed would keep
    the store locked. The descriptor is pointed at /dev/null rather than closed, so that the
    child's copy of the file object stays harmless."""
    if not _HELD_LOCKS:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        for fd in _HELD_LOCKS:
            with contextlib.suppress(OSError):
                os.dup2(null, fd)
    finally:
        os.close(null)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_locks_in_child)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lock_holders(lock_path: Path) -> list[int]:
    """The processes (other than this one) that have ``lock_path`` open, found through /proc."""
    try:
        target = os.stat(lock_path)
    except OSError:
        return []
    holders = []
    for entry in Path("/proc").glob("[0-9]*"):
        pid = int(entry.name)
        if pid == os.getpid():
            continue
        with contextlib.suppress(OSError):
            for fd in (entry / "fd").iterdir():
                with contextlib.suppress(OSError):
                    info = os.stat(fd)
                    if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
                        holders.append(pid)
                        break
    return sorted(holders)


def _take_over(handle, lock_path: Path, holder: str) -> list[int] | None:  # type: ignore[no-untyped-def]
    """If the build recorded in the lock file is dead, the processes still holding the lock are
    workers it left behind (a build killed by an older kg): stop them and take the lock. Returns
    the pids stopped, or None when the holder is alive (or unknown)."""
    if not holder.isdigit() or _pid_alive(int(holder)):
        return None
    leftovers = _lock_holders(lock_path)
    for pid in leftovers:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for _ in range(100):
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return leftovers
        except OSError:
            time.sleep(0.05)
    return None


@contextlib.contextmanager
def write_lock(
    path: Path, *, wait: bool = False, notify: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the store's exclusive build lock; refuse (or wait) if another build holds it.

    The lock dies with its build: forked workers let go of it (see :func:`_drop_locks_in_child`),
    and a lock still held after the build recorded in it has died is taken over (``notify`` is
    told which leftover processes were stopped).
    """
    Path(path).mkdir(parents=True, exist_ok=True)
    lock_path = Path(path) / "lock"
    with open(lock_path, "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as ex:
                if ex.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                stopped = _take_over(handle, lock_path, holder)
                if stopped is not None:
                    if notify is not None:
                        notify(
                            f"{path}: took over the lock of a build (pid {holder}) that is no longer "
                            f"running; stopped the worker processes it left behind: {stopped or 'none'}"
                        )
                    break
                if not wait:
                    raise StoreBusy(
                        f"{path}: another kg build (pid {holder}) is writing this store; "
                        "wait for it to finish or use another --store"
                    ) from ex
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        _HELD_LOCKS.add(handle.fileno())
        try:
            yield
        finally:
            _HELD_LOCKS.discard(handle.fileno())
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_staging(path: Path) -> ox.Store:
    """A new, empty database beside the store's, for a bulk rebuild (see :func:`swap_staging`)."""
    staging = Path(path) / "oxigraph.building"
    if staging.exists():
        shutil.rmtree(staging)
    return ox.Store(str(staging))


def discard_staging(path: Path) -> None:
    """Remove a staged database that will not be used (a failed bulk rebuild)."""
    staging = Path(path) / "oxigraph.building"
    for _ in range(20):  # a database closing in the background may still write a file or two
        shutil.rmtree(staging, ignore_errors=True)
        if not staging.exists():
            return
        time.sleep(0.1)


def swap_staging(path: Path) -> None:
    """Make the staged database the store's: two renames, undone by :func:`recover` if cut short."""
    path = Path(path)
    old = path / "oxigraph.old"
    if old.exists():
        shutil.rmtree(old)
    if _db(path).exists():
        os.rename(_db(path), old)
    os.rename(path / "oxigraph.building", _db(path))
    shutil.rmtree(old, ignore_errors=True)


def recover(path: Path) -> None:
    """Finish or undo a bulk rebuild that was cut short (call with the write lock held)."""
    path = Path(path)
    old, staging = path / "oxigraph.old", path / "oxigraph.building"
    if not _db(path).exists() and old.exists():
        os.rename(old, _db(path))  # killed between the two renames: the old database is complete
    if staging.exists():
        shutil.rmtree(staging)
    if old.exists():
        shutil.rmtree(old)


MANIFEST = "manifest.sqlite"
OLD_MANIFEST = "manifest.json"  # before the SQLite manifest: migrated by the next build
_COLUMNS = ("fingerprint", "file", "path", "size", "mtime_ns")


class Manifest(dict):
    """The build cache: document graph IRI -> {"fingerprint", "file", "path", "size",
    "mtime_ns"}. It remembers which entries were set or removed, so that writing it back
    changes only those rows (a 1M-document manifest is not rewritten for one document)."""

    def __init__(self, entries: dict | None = None, *, whole: bool = True) -> None:
        super().__init__(entries or {})
        self.changed: set[str] = set()
        self.whole = whole  # not read from the SQLite manifest: every entry is written

    def __setitem__(self, graph: str, entry: dict) -> None:
        super().__setitem__(graph, entry)
        self.changed.add(graph)

    def __delitem__(self, graph: str) -> None:
        super().__delitem__(graph)
        self.changed.add(graph)

    def pop(self, graph: str, *default):  # type: ignore[no-untyped-def, override]
        self.changed.add(graph)
        return super().pop(graph, *default)


def _connect(file: Path) -> sqlite3.Connection:
    # the rollback journal (not WAL): a commit rewrites the file itself, whose time `kg serve` watches
    connection = sqlite3.connect(str(file), timeout=30.0, isolation_level=None)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("PRAGMA synchronous=FULL")
    return connection


def _create_schema(connection: sqlite3.Connection) -> None:
    connection.execute(
        "CREATE TABLE IF NOT EXISTS documents (graph TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, "
        "file TEXT NOT NULL, path TEXT, size INTEGER, mtime_ns INTEGER) WITHOUT ROWID"
    )
    connection.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _row(graph: str, entry: dict) -> tuple:
    return (graph, entry.get("fingerprint", ""), entry.get("file", ""), *(entry.get(c) for c in _COLUMNS[2:]))


def read_manifest(path: Path) -> Manifest:
    """The build cache of the store at ``path`` (empty if there is none, or if it cannot be read:
    the build then extracts every document again)."""
    file = Path(path) / MANIFEST
    if file.exists():
        try:
            connection = sqlite3.connect(f"file:{file}?mode=ro", uri=True, timeout=30.0)
            try:
                rows = connection.execute(f"SELECT graph, {', '.join(_COLUMNS)} FROM documents").fetchall()
            finally:
                connection.close()
        except sqlite3.DatabaseError:
            return Manifest()
        entries = {
            graph: {c: v for c, v in zip(_COLUMNS, values, strict=True) if v is not None}
            for graph, *values in rows
        }
        return Manifest(entries, whole=False)
    try:
        old = json.loads((Path(path) / OLD_MANIFEST).read_text(encoding="utf-8")).get("documents", {})
    except (FileNotFoundError, json.JSONDecodeError, AttributeError):
        old = {}
    return Manifest(old if isinstance(old, dict) else {})


def write_manifest(path: Path, documents: dict[str, dict]) -> None:
    """Record the build cache, in one transaction: only the entries changed since
    :func:`read_manifest` when ``documents`` came from the SQLite manifest, else every entry (a
    new SQLite file, created aside and renamed into place, after which ``manifest.json`` of an
    older store is removed). Every write counts a generation, so the file changes at every
    build."""
    file = Path(path) / MANIFEST
    tracked = isinstance(documents, Manifest) and not documents.whole and file.exists()
    if not tracked:
        fresh = file.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
        fresh.unlink(missing_ok=True)
        connection = _connect(fresh)
        try:
            _create_schema(connection)
            connection.execute("BEGIN")
            connection.executemany(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                (_row(g, e) for g, e in sorted(documents.items())),
            )
            generation = 0
            if file.exists():  # the old one's generation goes on, so that a watcher sees a change
                with contextlib.suppress(sqlite3.DatabaseError):
                    old = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
                    try:
                        found = old.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
                        generation = int(found[0]) if found else 0
                    finally:
                        old.close()
            connection.execute("INSERT INTO meta VALUES ('generation', ?)", (str(generation + 1),))
            connection.execute("COMMIT")
        except BaseException:
            connection.close()
            fresh.unlink(missing_ok=True)
            raise
        connection.close()
        os.replace(fresh, file)
        _fsync_folder(Path(path))
        (Path(path) / OLD_MANIFEST).unlink(missing_ok=True)
        if isinstance(documents, Manifest):
            documents.changed.clear()
            documents.whole = False
        return
    assert isinstance(documents, Manifest)
    connection = _connect(file)
    try:
        connection.execute("BEGIN IMMEDIATE")
        for graph in sorted(documents.changed):
            if graph in documents:
                connection.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                    _row(graph, documents[graph]),
                )
            else:
                connection.execute("DELETE FROM documents WHERE graph = ?", (graph,))
        connection.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) "
            "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()
    documents.changed.clear()


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---------------------------------------------------------------- rdflib <-> oxigraph terms (kg.terms)


def graph_quads(g: Graph | Iterable[tuple[Node, Node, Node]], graph_iri: str) -> list[ox.Quad]:
    name = ox.NamedNode(graph_iri)
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in g]


def replace_graph(store: ox.Store, graph_iri: str, quads: list[ox.Quad]) -> None:
    """Replace the named graph ``graph_iri`` by ``quads`` (which must all be in that graph)."""
    name = ox.NamedNode(graph_iri)
    if store.contains_named_graph(name):
        store.remove_graph(name)
    store.extend(quads)


def document_graphs(store: ox.Store) -> set[str]:
    """The IRIs of the named graphs that hold documents."""
    from kg.namespaces import ID

    prefix = f"{ID}doc/"
    return {
        g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(prefix)
    }
