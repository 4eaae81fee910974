"""Pipeline stage 5: the embedded on-disk store (pyoxigraph), one named graph per source.

The store is a folder: ``oxigraph/`` holds the RocksDB database, ``manifest.json`` records
which documents were extracted with which build fingerprint (the build cache), and ``lock``
keeps two builds from writing at once.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.atomic import atomic_write

DEFAULT_STORE = Path("kg-store")


class StoreError(RuntimeError):
    """The store cannot be opened or written; the message says why and what to do."""


class StoreBusy(StoreError):
    """Another process is writing the store."""


def _db(path: Path) -> Path:
    return Path(path) / "oxigraph"


def exists(path: Path) -> bool:
    return _db(path).is_dir()


def open_store(path: Path, *, read_only: bool = False) -> ox.Store:
    """Open (or, for writing, create) the store in folder ``path``."""
    db = _db(path)
    if read_only:
        if not db.is_dir():
            raise StoreError(f"{path}: no graph store here; run `kg build` first (or pass --store)")
        try:
            return ox.Store.read_only(str(db))
        except OSError as ex:
            raise StoreError(f"{path}: cannot open the store read-only: {ex}") from ex
    db.mkdir(parents=True, exist_ok=True)
    try:
        return ox.Store(str(db))
    except OSError as ex:
        if "lock" in str(ex).lower():
            raise StoreBusy(f"{path}: the store is open in another kg process; wait for it to finish") from ex
        raise StoreError(f"{path}: cannot open the store: {ex}") from ex


@contextlib.contextmanager
def write_lock(path: Path, *, wait: bool = False) -> Iterator[None]:
    """Hold the store's exclusive build lock; refuse (or wait) if another build holds it."""
    Path(path).mkdir(parents=True, exist_ok=True)
    lock_path = Path(path) / "lock"
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as ex:
            if ex.errno in (errno.EAGAIN, errno.EACCES):
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                raise StoreBusy(
                    f"{path}: another kg build (pid {holder}) is writing this store; "
                    "wait for it to finish or use another --store"
                ) from ex
            raise
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_staging(path: Path) -> ox.Store:
    """A new, empty database beside the store's, for a bulk rebuild (see :func:`swap_staging`)."""
    staging = Path(path) / "oxigraph.building"
    if staging.exists():
        shutil.rmtree(staging)
    return ox.Store(str(staging))


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


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    """The build cache: document graph IRI -> {"fingerprint", "file"}."""
    file = Path(path) / "manifest.json"
    try:
        return json.loads(file.read_text(encoding="utf-8")).get("documents", {})
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def write_manifest(path: Path, documents: dict[str, dict[str, str]]) -> None:
    with atomic_write(Path(path) / "manifest.json", "w") as handle:
        json.dump({"documents": documents}, handle, indent=1, sort_keys=True)


# ---------------------------------------------------------------- rdflib <-> oxigraph terms


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {term!r}")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """Convert a pyoxigraph term to an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


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
