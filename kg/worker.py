"""What a build's worker does with one document: read it, extract it, and turn it into N-Quads;
and how a worker process ends with the build that started it. Used by kg.build (in-process) and
kg.runner (worker processes, Dask), so neither has to import the other for it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.extract import extract_document, gazetteer_for
from kg.readers import ReaderError, read_document
from kg.seeds import Register, load_register
from kg.triples import document_quads


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
        quads = document_quads(result.text, result.entities, result.relations, known=_known_iris(register))
    except Exception as ex:  # a bug must not stop the other documents
        return DocumentResult(path, text.doc_id, error=f"extraction failed: {type(ex).__name__}: {ex}")
    asserted = sum(1 for r in result.relations if r.asserted)
    return DocumentResult(
        path,
        text.doc_id,
        nquads=ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
        entities=len(result.entities),
        relations=asserted,
        comentions=len(result.relations) - asserted,
        warning=f"truncated: {'; '.join(result.truncated)}" if result.truncated else None,
    )


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
