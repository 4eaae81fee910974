"""Pipeline stage 6a: an actor's collaborators, ranked by the evidence behind each tie."""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.network._common import best_evidence, node_label
from kg.network.resolve import node_ref


def collaborators(G: nx.Graph, actor: str) -> list[dict[str, Any]]:
    """The actors ``actor`` is connected to, the best-evidenced first.

    Ranked by the number of distinct documents (``weight``), then the number of pieces of
    evidence, then the confidence of the best one, then the name.

    Args:
        G: a collaboration graph (:func:`kg.network.collaboration_graph`).
        actor: a node, or a name, alias or code that :func:`kg.network.resolve_actor` resolves.

    Returns:
        One dict per collaborator: ``actor`` (IRI), ``label``, ``kind``, ``ics``, ``ics_label``,
        ``weight``, ``evidence_count``, ``predicates``, ``layer``, ``best`` (the strongest
        evidence dict) and ``evidence`` (all of it, as on the edge).

    >>> G = nx.Graph()
    >>> G.add_edge("a", "b", weight=1, evidence_count=1, predicates=["leads"], layer="asserted",
    ...            evidence=[{"quote": "A leads B", "confidence": 0.8, "predicate": "leads"}])
    >>> G.add_edge("a", "c", weight=2, evidence_count=3, predicates=["partnerOf"], layer="asserted",
    ...            evidence=[{"quote": "A and C are partners", "confidence": 0.9, "predicate": "partnerOf"}])
    >>> [(c["actor"], c["weight"], c["best"]["quote"]) for c in collaborators(G, "a")]
    [('c', 2, 'A and C are partners'), ('b', 1, 'A leads B')]
    """
    node = node_ref(G, actor)
    out = []
    for other in G[node]:
        data = G.edges[node, other]
        attrs = G.nodes[other]
        evidence = list(data.get("evidence") or [])
        out.append(
            {
                "actor": other,
                "label": node_label(G, other),
                "kind": attrs.get("kind", ""),
                "ics": attrs.get("ics", ""),
                "ics_label": attrs.get("ics_label", ""),
                "weight": int(data.get("weight", 1)),
                "evidence_count": int(data.get("evidence_count", len(evidence))),
                "predicates": list(data.get("predicates") or []),
                "layer": data.get("layer", "asserted"),
                "best": best_evidence(evidence),
                "evidence": evidence,
            }
        )
    out.sort(
        key=lambda c: (
            -c["weight"],
            -c["evidence_count"],
            -float((c["best"] or {}).get("confidence") or 0.0),
            c["label"],
            c["actor"],
        )
    )
    return out
