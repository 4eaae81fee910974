"""Pipeline stage 6a: the shortest chain of evidenced connections between two actors."""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.network._common import best_evidence, node_label
from kg.network.resolve import node_ref

_EVIDENCE_KEYS = (
    "subject",
    "predicate",
    "object",
    "quote",
    "doc",
    "file",
    "title",
    "date",
    "url",
    "page",
    "confidence",
    "rule",
)


def shortest_evidenced_path(G: nx.Graph, a: str, b: str) -> list[dict[str, Any]]:
    """The fewest hops from ``a`` to ``b``, each hop with the quote and document that support it.

    Among paths of equal length the one with better-evidenced hops wins (each hop costs
    ``1 + epsilon / weight``, with epsilon too small to ever trade a hop for evidence), so the
    answer is deterministic.

    Args:
        G: a collaboration graph.
        a, b: nodes, or names, aliases or codes of actors.

    Returns:
        One dict per hop, in order: ``source``, ``source_label``, ``target``, ``target_label``,
        ``weight``, ``evidence_count``, ``predicates``, ``layer`` and the hop's best evidence
        (``subject``, ``predicate``, ``object``, ``quote``, ``doc``, ``file``, ``title``,
        ``date``, ``url``, ``page``, ``confidence``, ``rule``). Empty when ``a`` is ``b``.

    Raises:
        networkx.NetworkXNoPath: no chain of connections joins them.

    >>> G = nx.Graph()
    >>> ev = lambda q: [{"quote": q, "confidence": 0.9, "predicate": "partnerOf"}]
    >>> G.add_edge("a", "b", weight=1, evidence=ev("a-b")); G.add_edge("b", "d", weight=1, evidence=ev("b-d"))
    >>> G.add_edge("a", "c", weight=5, evidence=ev("a-c")); G.add_edge("c", "d", weight=5, evidence=ev("c-d"))
    >>> [(h["source"], h["target"], h["quote"]) for h in shortest_evidenced_path(G, "a", "d")]
    [('a', 'c', 'a-c'), ('c', 'd', 'c-d')]
    """
    source, target = node_ref(G, a), node_ref(G, b)
    epsilon = 1.0 / (len(G) + 1)

    def cost(u: str, v: str, data: dict[str, Any]) -> float:
        return 1.0 + epsilon / max(1, int(data.get("weight", 1) or 1))

    try:
        _, nodes = nx.bidirectional_dijkstra(G, source, target, weight=cost)
    except nx.NetworkXNoPath as ex:
        raise nx.NetworkXNoPath(
            f"no evidenced chain joins {node_label(G, source)} and {node_label(G, target)}"
        ) from ex
    hops = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        data = G.edges[u, v]
        evidence = list(data.get("evidence") or [])
        best = best_evidence(evidence) or {}
        hops.append(
            {
                "source": u,
                "source_label": node_label(G, u),
                "target": v,
                "target_label": node_label(G, v),
                "weight": int(data.get("weight", 1)),
                "evidence_count": int(data.get("evidence_count", len(evidence))),
                "predicates": list(data.get("predicates") or []),
                "layer": data.get("layer", "asserted"),
                **{k: best.get(k) for k in _EVIDENCE_KEYS},
            }
        )
    return hops
