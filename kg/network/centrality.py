"""Pipeline stage 6a: who is central, and who brokers between systems.

Three measures per actor: degree (share of the other actors it works with), betweenness (how
often it lies on the shortest chains between others: the brokers) and eigenvector centrality
(connected to the well connected; edges weighted by their number of documents).

NetworkX computes them on small graphs; from 2,000 nodes, or ``nodes x edges`` of 200,000
(see :func:`kg.network._igraph.use_igraph`), igraph does the same work in C behind the same
function. Exact betweenness costs about ``nodes x edges`` steps: above
:data:`BETWEENNESS_BUDGET` it is estimated from ``k`` sampled source nodes, exactly as
``networkx.betweenness_centrality(G, k=k, seed=seed)`` (NetworkX 3.5 and later) does: the same
sources for the same seed, the same unbiased scaling. That keeps a 50,000-actor graph around a
second.
"""

from __future__ import annotations

import math
import random
import warnings

import networkx as nx

from kg.network._igraph import seeded_igraph, to_igraph, use_igraph

BETWEENNESS_BUDGET = 30_000_000
"""Exact betweenness up to this ``nodes x edges``; above, ``k`` sampled sources with
``k x edges`` about this budget, and ``k`` at least :data:`MIN_SAMPLES`."""
MIN_SAMPLES = 200
MEASURES = ("degree", "betweenness", "eigenvector")


class Centrality(dict):
    """``{node: {"degree": .., "betweenness": .., "eigenvector": ..}}`` plus how it was computed:
    ``backend`` ("networkx" or "igraph") and ``samples`` (source nodes used for betweenness, or
    None when exact)."""

    backend: str = "networkx"
    samples: int | None = None

    def ranked(self, by: str = "betweenness") -> list[tuple[str, dict[str, float]]]:
        """(node, measures) pairs, highest ``by`` first (ties: the other measures, then the node)."""
        if by not in MEASURES:
            raise ValueError(f"unknown measure {by!r}; choose from {', '.join(MEASURES)}")
        others = [m for m in MEASURES if m != by]
        return sorted(self.items(), key=lambda kv: (-kv[1][by], *(-kv[1][m] for m in others), str(kv[0])))


def default_samples(G: nx.Graph) -> int | None:
    """The number of sampled sources betweenness uses on ``G`` by default (None: exact).

    >>> default_samples(nx.path_graph(10)) is None
    True
    """
    n, m = len(G), G.number_of_edges()
    if n * max(m, 1) <= BETWEENNESS_BUDGET:
        return None
    return min(n, max(MIN_SAMPLES, BETWEENNESS_BUDGET // max(m, 1)))


def centrality(G: nx.Graph, *, k: int | None = None, seed: int = 0, backend: str = "auto") -> Centrality:
    """Degree, betweenness and eigenvector centrality of every actor.

    Args:
        G: a collaboration graph.
        k: estimate betweenness from ``k`` sampled source nodes (default: exact on graphs
            small enough, see :func:`default_samples`, else sampled).
        seed: the seed of the sample, so that the estimate repeats.
        backend: "auto" (igraph on large graphs, see :func:`kg.network._igraph.use_igraph`),
            "networkx" or "igraph".

    Returns:
        A :class:`Centrality` dict, node -> {"degree", "betweenness", "eigenvector"}; all three
        normalised as NetworkX does (betweenness over the ``(n-1)(n-2)/2`` pairs, eigenvector to
        unit length).

    Florentine families (Padgett): the Medici broker, as in the networkx documentation.

    >>> c = centrality(nx.florentine_families_graph())
    >>> top, measures = c.ranked("betweenness")[0]
    >>> top, round(measures["betweenness"], 3), round(measures["degree"], 3)
    ('Medici', 0.522, 0.429)
    """
    n = len(G)
    out = Centrality()
    if n == 0:
        return out
    if k is None:
        k = default_samples(G)
    if k is not None and k >= n:
        k = None
    degree = {v: (d / (n - 1) if n > 1 else 0.0) for v, d in G.degree()}
    if use_igraph(G, backend):
        betweenness, eigenvector = _igraph_measures(G, k, seed)
        out.backend = "igraph"
    else:
        betweenness = nx.betweenness_centrality(G, k=k, seed=seed, normalized=True)
        eigenvector = _nx_eigenvector(G)
        out.backend = "networkx"
    out.samples = k
    for v in G:
        out[v] = {"degree": degree[v], "betweenness": betweenness[v], "eigenvector": eigenvector[v]}
    return out


def _nx_eigenvector(G: nx.Graph) -> dict[str, float]:
    if G.number_of_edges() == 0:
        return dict.fromkeys(G, 1.0 / math.sqrt(len(G)))
    try:
        return nx.eigenvector_centrality(G, weight="weight", max_iter=1000, tol=1e-8)
    except nx.PowerIterationFailedConvergence:
        return nx.eigenvector_centrality_numpy(G, weight="weight")


def _igraph_measures(G: nx.Graph, k: int | None, seed: int) -> tuple[dict[str, float], dict[str, float]]:
    g, nodes = to_igraph(G)
    n = len(nodes)
    pairs = n - 2  # normalise over the (s, t) pairs a path through v can join
    if k is None:
        raw = g.betweenness(directed=False)
        betweenness = {
            v: 2.0 * b / ((n - 1) * pairs) if pairs > 0 else 0.0 for v, b in zip(nodes, raw, strict=True)
        }
    else:
        sources = random.Random(seed).sample(range(n), k)
        # igraph counts each path from a sampled source once, as networkx (>= 3.5) does;
        # scale as its unbiased estimator: a sampled node cannot lie inside its own paths
        raw = g.betweenness(directed=False, sources=sources)
        sampled = set(sources)
        betweenness = {
            v: (2.0 * b / (((k - 1) if i in sampled else k) * pairs) if pairs > 0 and k > 1 else 0.0)
            for i, (v, b) in enumerate(zip(nodes, raw, strict=True))
        }
    if g.ecount() == 0:
        eigen = [1.0] * n
    else:
        with seeded_igraph(seed), warnings.catch_warnings():  # ARPACK starts from a random vector
            warnings.simplefilter("ignore", RuntimeWarning)  # "not meaningful for disconnected graphs"
            eigen = g.eigenvector_centrality(weights="weight")
    norm = math.sqrt(sum(x * x for x in eigen)) or 1.0
    eigenvector = {v: abs(x) / norm for v, x in zip(nodes, eigen, strict=True)}
    return betweenness, eigenvector
