"""What a build's worker does with one document: hash it, and unless the build's cache already
holds it, read it, extract it and turn it into N-Quads; and how a worker process ends with the
build that started it. Used by kg.build (in-process) and kg.runner (worker processes, Dask), so
neither has to import the other for it.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import stat
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from kg.extract import extract_document, gazetteer_for
from kg.readers import ReaderError, read_document
from kg.seeds import Register, load_register
from kg.triples import document_nquads


@dataclass(frozen=True, slots=True)
class DocumentResult:
    path: str
    doc_id: str | None
    nquads: bytes = b""
    entities: int = 0
    relations: int = 0
    comentions: int = 0
    error: str | None = None
    warning: str | None = None
    cached: bool = False  # the build's cache holds this document (doc_id): nothing was extracted
    size: int | None = None  # the file's size and modification time when it was hashed
    mtime_ns: int | None = None


_WORKER_REGISTER: Register | None = None


def _worker_register() -> Register:
    global _WORKER_REGISTER
    if _WORKER_REGISTER is None:
        _WORKER_REGISTER = load_register()
    return _WORKER_REGISTER


_KNOWN: dict[int, frozenset[str]] = {}


def _known_iris(register: Register) -> frozenset[str]:
    if id(register) not in _KNOWN:
        _KNOWN[id(register)] = frozenset(register.by_iri())
    return _KNOWN[id(register)]


def process_document(path: str) -> DocumentResult:
    """Read, extract and map one document to N-Quads (runs in a worker process)."""
    register = _worker_register()
    try:
        text = read_document(Path(path))
    except ReaderError as ex:
        return DocumentResult(path, None, error=ex.problem)
    try:
        result = extract_document(text, gazetteer_for(register))
        nquads = document_nquads(result.text, result.entities, result.relations, known=_known_iris(register))
    except Exception as ex:  # a bug must not stop the other documents
        return DocumentResult(path, text.doc_id, error=f"extraction failed: {type(ex).__name__}: {ex}")
    asserted = sum(1 for r in result.relations if r.asserted)
    return DocumentResult(
        path,
        text.doc_id,
        nquads=nquads,
        entities=len(result.entities),
        relations=asserted,
        comentions=len(result.relations) - asserted,
        warning=f"truncated: {'; '.join(result.truncated)}" if result.truncated else None,
    )


MAX_FILE_BYTES = 512 * 1024 * 1024  # a larger file is refused before it is read


@dataclass(frozen=True, slots=True)
class FileDigest:
    """The sha1 of a document file and its size and modification time, or the problem that
    stops it being read (``digest`` and ``problem`` both None: an OS error the reader reports)."""

    digest: str | None = None
    problem: str | None = None
    size: int | None = None
    mtime_ns: int | None = None


def digest_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> FileDigest:
    """Hash a document file, read in blocks.

    The file's kind and size are checked on the open descriptor before a byte is read: a FIFO
    would block the build and a link to ``/dev/zero`` would never end. Other OS errors give no
    digest and no problem: the reader reports them in its own words.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return FileDigest()
    with os.fdopen(fd, "rb", buffering=0) as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return FileDigest()
        if not stat.S_ISREG(info.st_mode):
            return FileDigest(problem="not a regular file (device, pipe or socket)")
        if info.st_size > max_bytes:
            return FileDigest(
                problem=f"too large ({info.st_size / 1e6:,.0f} MB; the limit is {max_bytes / 1e6:,.0f} MB)"
            )
        digest = hashlib.sha1()
        try:
            while block := handle.read(1 << 20):
                digest.update(block)
        except OSError:
            return FileDigest()
        return FileDigest(digest.hexdigest(), None, info.st_size, info.st_mtime_ns)


def hash_and_process(
    path: str, cached: frozenset[str] | tuple[str, ...] = (), max_bytes: int = MAX_FILE_BYTES
) -> DocumentResult:
    """What a worker does with one file of a build: hash it; if its digest is one of ``cached``
    (the digests the build's cache holds for a file of this name) say so and stop there; else
    read, extract and map it (:func:`process_document`). A file over ``max_bytes`` is refused
    before it is read."""
    found = digest_file(Path(path), max_bytes)
    if found.problem:
        return DocumentResult(path, None, error=found.problem)
    if found.digest is not None and found.digest in cached:
        return DocumentResult(path, found.digest, cached=True, size=found.size, mtime_ns=found.mtime_ns)
    result = process_document(path)
    if found.digest is not None and result.doc_id == found.digest:
        return replace(result, size=found.size, mtime_ns=found.mtime_ns)
    return result  # changed while it was read: no size or time to record


def die_with_parent(parent: int) -> None:
    """Make this worker process end when ``parent`` does, even when the parent is killed with
    SIGKILL and can clean nothing up: the kernel's parent-death signal on Linux, else a thread
    that watches the parent pid."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
        watch = False
    except (OSError, AttributeError):  # not Linux
        watch = True
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if watch:

        def watchdog() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watchdog, name="kg-parent-watch", daemon=True).start()


PR_SET_PDEATHSIG = 1
