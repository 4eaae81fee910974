"""Pipeline stage 6c: what every network export format shares (evidence modes, compact JSON, the edge list, no garbage collection while writing).

The evidence is most of an export's volume (about 1 KB an edge), so every format takes
``evidence``: ``"all"`` (every piece, attributes intact), ``"best"`` (no list; the strongest
piece's fields as plain edge attributes) or ``"none"``. JSON strings are compact, and come from
orjson when it is installed (the same bytes as the standard library's).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
from collections.abc import Callable, Iterator
from typing import Any

import networkx as nx

from kg.network._common import best_evidence

EVIDENCE_MODES = ("all", "best", "none")
BEST_FIELDS = ("quote", "doc", "file", "date", "confidence")
"""Edge attributes that carry the strongest piece of evidence when ``evidence="best"``."""

try:  # an optional accelerator: the same compact JSON, about twice as fast
    import orjson

    def encode_json(value: Any) -> str:
        return orjson.dumps(value).decode("utf-8")
except ImportError:  # pragma: no cover - depends on the environment
    encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


try:  # the JSON strings as UTF-8 bytes straight away (no decoding and encoding again)
    import orjson as _orjson

    encode_json_bytes: Callable[[Any], bytes] = _orjson.dumps
except ImportError:  # pragma: no cover - depends on the environment

    def encode_json_bytes(value: Any) -> bytes:
        return encode_json(value).encode("utf-8")


def edge_view(data: dict[str, Any], evidence: str = "all") -> dict[str, Any]:
    """An edge's attributes as exported with ``evidence`` "all", "best" or "none".

    >>> d = {"weight": 1, "evidence": [{"quote": "A and B", "doc": "d1", "confidence": 0.8}]}
    >>> edge_view(d, "best")
    {'weight': 1, 'quote': 'A and B', 'doc': 'd1', 'confidence': 0.8}
    >>> edge_view(d, "none")
    {'weight': 1}
    """
    if evidence == "all":
        return data
    if evidence not in EVIDENCE_MODES:
        raise ValueError(f"evidence must be one of {', '.join(EVIDENCE_MODES)}, not {evidence!r}")
    out = {k: v for k, v in data.items() if k != "evidence"}
    if evidence == "best":
        best = best_evidence(data.get("evidence") or []) or {}
        out.update((k, best[k]) for k in BEST_FIELDS if best.get(k) not in (None, ""))
    return out


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a file is written. The writers make millions of
    short-lived tuples, dicts and lists but no cycles, and every few thousand of them Python
    would walk the objects it tracks, the whole graph included (about 0.6 s of a 150,000-edge
    export with ``evidence="best"``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def edge_list(G: nx.Graph) -> list[tuple[Any, Any, dict[str, Any]]]:
    """``list(G.edges(data=True))``, in the same order, from the adjacency directly."""
    if G.is_directed() or G.is_multigraph():
        return list(G.edges(data=True))
    out: list[tuple[Any, Any, dict[str, Any]]] = []
    append = out.append
    seen: set[Any] = set()
    for u, nbrs in G._adj.items():  # what EdgeDataView does, without a call per edge
        for v, d in nbrs.items():
            if v not in seen:
                append((u, v, d))
        seen.add(u)
    return out


def evidence_edges(G: nx.Graph, evidence: str) -> list[tuple[Any, Any, dict[str, Any]]]:
    edges = edge_list(G)
    if evidence == "all":
        return edges
    if evidence != "best":
        return [(u, v, edge_view(d, evidence)) for u, v, d in edges]
    out = []
    for u, v, d in edges:  # edge_view(d, "best"), without a call per edge
        if not _BEST_SET.isdisjoint(d):
            out.append((u, v, edge_view(d, "best")))
            continue
        view = d.copy()
        view.pop("evidence", None)
        best = best_evidence(d.get("evidence") or []) or {}
        for k in BEST_FIELDS:
            if best.get(k) not in (None, ""):
                view[k] = best[k]
        out.append((u, v, view))
    return out


_BEST_SET = frozenset(BEST_FIELDS)


def without_gc(writer: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(writer)
    def paused(*args: Any, **kwargs: Any) -> None:
        with gc_paused():
            writer(*args, **kwargs)

    return paused
