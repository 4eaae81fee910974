"""Pipeline stage 6a: NetworkX -> igraph for the heavy algorithms, with a seeded random source.

NetworkX stays the graph users get; igraph only computes, on a copy that numbers the nodes in
the graph's own order.
"""

from __future__ import annotations

import contextlib
import random
import sys
from collections.abc import Iterator
from types import ModuleType

import networkx as nx

IGRAPH_MIN_NODES = 2000
"""From this many nodes on, centrality and communities run in igraph (C) instead of NetworkX."""
IGRAPH_MIN_WORK = 200_000
"""... and from this many ``nodes x edges`` on (exact betweenness in NetworkX takes about a
second at this size: a few microseconds per step in Python)."""


def use_igraph(G: nx.Graph, backend: str) -> bool:
    """Whether ``backend`` ("auto", "networkx" or "igraph") means igraph for ``G``.

    >>> use_igraph(nx.path_graph(10), "auto"), use_igraph(nx.path_graph(10), "igraph")
    (False, True)
    """
    if backend not in ("auto", "networkx", "igraph"):
        raise ValueError(f"backend must be 'auto', 'networkx' or 'igraph', not {backend!r}")
    if backend != "auto":
        return backend == "igraph"
    return len(G) >= IGRAPH_MIN_NODES or len(G) * G.number_of_edges() >= IGRAPH_MIN_WORK


def igraph_module() -> ModuleType:
    """igraph, imported (the first time) with matplotlib hidden from it.

    igraph imports ``matplotlib.pyplot`` for its plotting when matplotlib is installed: 0.35 s
    on an idle machine, seconds on a busy one, in every process that computes a centrality or a
    layout and never plots. Without it igraph takes 0.03 s to import. Only this process's
    igraph is affected (its matplotlib plotting stays off); matplotlib itself can still be
    imported afterwards. When matplotlib is already imported, igraph is imported as usual.
    """
    if "igraph" not in sys.modules and "matplotlib" not in sys.modules:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]  # makes `import matplotlib` fail
        try:
            import igraph  # noqa: F401
        finally:
            if "matplotlib" in sys.modules and sys.modules["matplotlib"] is None:
                del sys.modules["matplotlib"]
    import igraph as ig  # deferred: only large graphs use it

    return ig


def to_igraph(G: nx.Graph, weight: str | None = "weight"):  # type: ignore[no-untyped-def]
    """An igraph copy of ``G`` (vertex i is the i-th node of ``G``) and the node list.

    >>> g, nodes = to_igraph(nx.path_graph(["a", "b", "c"]))
    >>> g.vcount(), g.ecount(), nodes
    (3, 2, ['a', 'b', 'c'])
    """
    ig = igraph_module()

    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    g = ig.Graph(n=len(nodes), edges=edges, directed=False)
    if weight is not None:
        g.es["weight"] = [float(d.get(weight, 1) or 1) for _, _, d in G.edges(data=True)]
    return g, nodes


@contextlib.contextmanager
def seeded_igraph(seed: int) -> Iterator[random.Random]:
    """Make igraph's random choices come from ``random.Random(seed)`` for the block (so that
    results repeat), then give igraph back its default source."""
    ig = igraph_module()

    rng = random.Random(seed)
    ig.set_random_number_generator(rng)
    try:
        yield rng
    finally:
        ig.set_random_number_generator(random)
