"""Pipeline stage 6a: the results of the heavy analyses of a store folder (centrality,
communities), cached on disk beside the projection's tables.

``kg central`` on a store of a million triples spends about three seconds loading the tables,
projecting the graph, importing igraph and computing; the answer only changes when one of its
inputs does. :func:`cached_analysis` keeps the result in ``<store>/cache/`` together with what
the reports read from the graph (:class:`GraphSummary`: its size and each node's label, type,
codes and ICS), so that the next command with the same inputs prints the same text from the
file. The file is named for a digest of everything the result depends on:

* the state of the store, as :func:`kg.network.tables.store_stamp` gives it (the database
  files, the ontology and the kg version: what the cached tables are keyed by). The graph is
  a function of the tables and the filters, so this stands for the graph's hash at the cost of
  a few ``stat`` calls instead of a projection;
* the analysis and all its parameters: the projection's filters, ``k``, ``seed``,
  ``resolution``, ``top``, the backend;
* the code that computes it (the sources of ``kg/network/``) and the networkx and igraph
  versions.

Any change to one of them is a miss. Files are written atomically, and only when the store
did not change while the result was computed; writing one removes the results of other
states of the store (and the oldest beyond :data:`MAX_ENTRIES`). A file that cannot be read
back is ignored with a warning and written again; a store folder that cannot be written is
computed every time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from kg import __version__
from kg.atomic import atomic_write
from kg.network.tables import store_stamp

RESULT_CACHE_VERSION = 1
NODE_FIELDS = ("label", "kind", "ics_label", "key", "ods", "gss")
"""The node attributes the reports of the cached analyses read (see :mod:`kg.network.report`)."""
MAX_ENTRIES = 32
"""Results kept per state of the store (distinct filters and parameters)."""
PREFIX = "analysis-"


class CacheWarning(UserWarning):
    """A cached result could not be read back (it is ignored and computed again)."""


@dataclass
class GraphSummary:
    """What the reports of ``kg central`` and ``kg communities`` read from a graph: the
    number of edges, and the nodes (in the graph's order) with the attributes of
    :data:`NODE_FIELDS` they have. ``len()``, ``number_of_edges()``, ``in``, iteration and
    ``.nodes[n].get(...)`` work as on the ``nx.Graph``.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b")]); G.nodes["a"]["label"] = "A"; G.nodes["a"]["evidence"] = []
    >>> S = GraphSummary.of(G)
    >>> len(S), S.number_of_edges(), S.nodes["a"], list(S)
    (2, 1, {'label': 'A'}, ['a', 'b'])
    """

    nodes: dict[Any, dict[str, Any]]
    edges: int

    @classmethod
    def of(cls, G: Any) -> GraphSummary:
        return cls(
            {n: {k: d[k] for k in NODE_FIELDS if k in d} for n, d in G.nodes(data=True)},
            G.number_of_edges(),
        )

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.nodes)

    def __contains__(self, node: object) -> bool:
        return node in self.nodes

    def number_of_edges(self) -> int:
        return self.edges


@functools.cache
def code_digest() -> str:
    """A digest of the network code (``kg/network/*.py``), the kg version and the networkx and
    igraph versions: what computes a result besides its inputs."""
    digest = hashlib.sha1(f"{RESULT_CACHE_VERSION}|{__version__}".encode())
    for name in ("networkx", "igraph"):
        try:
            digest.update(f"|{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"|{name} -".encode())
    folder = Path(__file__).resolve().parent
    try:
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    except OSError:  # sources not readable: the versions alone
        pass
    return digest.hexdigest()


def result_key(stamp: str, analysis: str, params: Mapping[str, Any]) -> str:
    """The digest a result is filed under: the store's stamp, the analysis, its parameters
    (tuples and lists alike; keys in any order) and :func:`code_digest`.

    >>> result_key("s", "centrality", {"k": None, "seed": 0}) == result_key("s", "centrality", {"seed": 0, "k": None})
    True
    >>> result_key("s", "centrality", {"k": 10}) == result_key("s", "centrality", {"k": 11})
    False
    """
    text = json.dumps([stamp, analysis, params, code_digest()], sort_keys=True, default=repr)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]


def _warn(message: str) -> None:
    warnings.warn(message, CacheWarning, stacklevel=3)


def cached_analysis(
    store_path: str | os.PathLike[str],
    analysis: str,
    params: Mapping[str, Any],
    project: Callable[[], Any],
    compute: Callable[[Any], Any],
    *,
    warn: Callable[[str], None] | None = None,
) -> tuple[Any, Any]:
    """``(graph, result)`` of ``compute(project())`` for the store in folder ``store_path``,
    from ``<store>/cache/`` when the same analysis with the same ``params`` was computed on
    the same state of the store by the same code.

    Args:
        store_path: the store folder (the stamp of its database files keys the cache).
        analysis: the analysis' name, e.g. "centrality".
        params: every parameter of the result: the projection's filters and the analysis'
            own (JSON-like values; anything else is keyed by its ``repr``).
        project: returns the graph to analyse (called on a miss only).
        compute: graph -> result (on a miss only); the result must pickle.
        warn: called with a message when a cached file cannot be read (default:
            ``warnings.warn`` with :class:`CacheWarning`).

    Returns:
        On a miss the projected ``nx.Graph`` and the result just computed; on a hit a
        :class:`GraphSummary` of that graph and the result read back.
    """
    warn = warn or _warn
    try:
        stamp = store_stamp(Path(store_path))
    except OSError:  # no database, or a rebuild swapping it in right now: compute, do not cache
        G = project()
        return G, compute(G)
    key = result_key(stamp, analysis, params)
    folder = Path(store_path) / "cache"
    file = folder / f"{PREFIX}{stamp}-{key}.pickle"
    hit = _load(file, key, warn)
    if hit is not None:
        return hit
    G = project()
    result = compute(G)
    # a result that cannot be cached (a folder that cannot be written, a value that does not
    # pickle) is still the answer
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        if store_stamp(Path(store_path)) == stamp:  # else written meanwhile: do not cache a mix
            _save(file, key, analysis, GraphSummary.of(G), result)
            _prune(folder, stamp, file)
    return G, result


def _load(file: Path, key: str, warn: Callable[[str], None]) -> tuple[GraphSummary, Any] | None:
    try:
        with file.open("rb") as handle:
            payload = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as ex:  # noqa: BLE001 - any damage to the file is a miss, not a crash
        warn(f"ignoring the unreadable cached result {file} ({type(ex).__name__}: {ex}); computing it again")
        return None
    if (
        not isinstance(payload, dict)
        or payload.get("key") != key
        or not isinstance(payload.get("graph"), GraphSummary)
        or "result" not in payload
    ):
        warn(f"ignoring the cached result {file}: not a result of this analysis; computing it again")
        return None
    return payload["graph"], payload["result"]


def _save(file: Path, key: str, analysis: str, summary: GraphSummary, result: Any) -> None:
    payload = {"key": key, "analysis": analysis, "graph": summary, "result": result}
    with atomic_write(file, "wb") as handle:
        pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _prune(folder: Path, stamp: str, keep: Path) -> None:
    """Remove the results of other states of the store, and the oldest beyond MAX_ENTRIES."""
    prune_files(folder, PREFIX, ".pickle", stamp, keep, MAX_ENTRIES)


def prune_files(folder: Path, prefix: str, suffix: str, stamp: str, keep: Path, most: int) -> None:
    """In ``folder``, remove the files ``prefix*suffix`` of other states of the store than
    ``stamp``, and the oldest of this state beyond ``most`` (``keep`` counted, never removed)."""
    current = []
    for path in folder.glob(f"{prefix}*{suffix}"):
        if path == keep:
            continue
        if not path.name.startswith(f"{prefix}{stamp}-"):
            path.unlink(missing_ok=True)
        else:
            with contextlib.suppress(OSError):
                current.append((path.stat().st_mtime_ns, path))
    current.sort(reverse=True)
    for _, path in current[most - 1 :]:
        path.unlink(missing_ok=True)
