"""Pipeline stage 6a: communities of actors that work together, each named by its most
central members.

Louvain (``networkx.community.louvain_communities``) on small graphs; on large ones (see
:func:`kg.network._igraph.use_igraph`) Leiden with the modularity objective (``igraph.Graph.community_leiden``), which finds
communities of at least the same modularity in a fraction of the time. Both are seeded, so
the same graph always gives the same communities.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from kg.network._common import node_label
from kg.network._igraph import seeded_igraph, to_igraph, use_igraph

LEIDEN_ITERATIONS = 5


def communities(
    G: nx.Graph, *, seed: int = 0, resolution: float = 1.0, top: int = 3, backend: str = "auto"
) -> list[dict[str, Any]]:
    """Communities of ``G`` (edges weighted by their number of documents), largest first.

    Args:
        G: a collaboration graph.
        seed: the random seed; the same seed and graph give the same answer.
        resolution: above 1, more and smaller communities; below 1, fewer and larger.
        top: how many central members name a community.
        backend: "auto" (igraph Leiden on large graphs), "networkx" or "igraph".

    Returns:
        One dict per community: ``community`` (0 for the largest), ``label`` (its ``top`` most
        central members' names joined by "; "), ``size``, ``members`` (IRIs, the most central
        first: by the evidence weight of their ties inside the community), ``central`` (the
        labels of the first ``top`` members) and ``modularity`` (of the whole partition).

    Two triangles joined by one edge split into the two triangles:

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")])
    >>> [(c["community"], sorted(c["members"])) for c in communities(G)]
    [(0, ['a', 'b', 'c']), (1, ['d', 'e', 'f'])]
    """
    if len(G) == 0:
        return []
    if use_igraph(G, backend):
        g, nodes = to_igraph(G)
        with seeded_igraph(seed):
            partition = g.community_leiden(
                objective_function="modularity",
                weights="weight",
                resolution=resolution,
                n_iterations=LEIDEN_ITERATIONS,
            )
        groups: dict[int, list[str]] = defaultdict(list)
        for v, c in zip(nodes, partition.membership, strict=True):
            groups[c].append(v)
        parts = list(groups.values())
    else:
        parts = [
            list(c)
            for c in nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
        ]
    modularity = (
        nx.community.modularity(G, parts, weight="weight", resolution=resolution)
        if G.number_of_edges()
        else 0.0
    )
    out = []
    for members in parts:
        inside = set(members)
        strength = {
            v: sum(float(d.get("weight", 1) or 1) for _, u, d in G.edges(v, data=True) if u in inside)
            for v in members
        }
        ranked = sorted(members, key=lambda v: (-strength[v], -G.degree(v), node_label(G, v), str(v)))
        central = [node_label(G, v) for v in ranked[:top]]
        out.append(
            {
                "label": "; ".join(central),
                "size": len(ranked),
                "members": ranked,
                "central": central,
                "modularity": modularity,
            }
        )
    out.sort(key=lambda c: (-c["size"], c["label"], str(c["members"][0])))
    return [{"community": i, **c} for i, c in enumerate(out)]
