"""Pipeline stage 6a: an actor's ego network, for the viewer and the notebooks."""

from __future__ import annotations

import networkx as nx

from kg.network.resolve import node_ref


def ego_graph(G: nx.Graph, actor: str, depth: int = 1) -> nx.Graph:
    """The subgraph of everyone within ``depth`` hops of ``actor``, with every attribute.

    Each node also gets ``distance`` (hops from the actor); ``G.graph["ego"]`` names the actor.
    The result is a copy: changing it leaves ``G`` alone.

    >>> G = nx.path_graph(["a", "b", "c", "d"])
    >>> E = ego_graph(G, "b", depth=1)
    >>> sorted(E), E.nodes["c"]["distance"], E.graph["ego"]
    (['a', 'b', 'c'], 1, 'b')
    """
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    node = node_ref(G, actor)
    distances = nx.single_source_shortest_path_length(G, node, cutoff=depth)
    E = G.subgraph(sorted(distances, key=lambda n: (distances[n], str(n)))).copy()
    E.graph.update(G.graph, ego=node, depth=depth)
    for n, d in distances.items():
        E.nodes[n]["distance"] = d
    return E
