"""Pipeline stage 6a: helpers shared by the network modules (local names, labels, the order of evidence); it imports nothing of kg.network."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

import networkx as nx

from kg.ontology import edge_predicates


def local_name(iri: str) -> str:
    """The local name of an IRI (after ``#`` or the last ``/``).

    >>> local_name("https://w3id.org/london-health-kg/ontology#partnerOf")
    'partnerOf'
    """
    return iri.rsplit("#", 1)[1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def node_label(G: nx.Graph, node: str) -> str:
    """The label of ``node``, falling back to the IRI's local name."""
    return G.nodes[node].get("label") or local_name(node)


def best_evidence(evidence: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The strongest piece of evidence: an asserted relation before a co-mention, then the
    highest confidence, then the most recent date, then document order.

    >>> best_evidence([{"predicate": "coMentionedWith", "confidence": 0.9, "date": "2024"},
    ...                {"predicate": "leads", "confidence": 0.5, "date": "2020"}])["predicate"]
    'leads'
    """
    if not evidence:
        return None
    if len(evidence) == 1:
        return evidence[0]
    weak = _comention_predicates()
    # the first two parts of the order decide most cases: when one piece alone comes first by
    # them (and no confidence is NaN, which would leave the order partial), it is the answer
    heads = [(e.get("predicate") in weak, -float(e.get("confidence") or 0.0)) for e in evidence]
    low = min(heads)
    total = sum(h[1] for h in heads)
    if total == total and heads.count(low) == 1:
        return evidence[heads.index(low)]
    return min(evidence, key=lambda e: _evidence_order(e, weak))


def _evidence_order(e: dict, weak: frozenset[str]) -> tuple:
    """The full order of :func:`best_evidence`: asserted first, then by confidence, latest date,
    file and position."""
    return (
        e.get("predicate") in weak,
        -float(e.get("confidence") or 0.0),
        _neg_date(e.get("date") or ""),
        e.get("file") or "",
        e.get("start") or 0,
    )


@cache
def _comention_predicates() -> frozenset[str]:
    return frozenset(local_name(p) for p in edge_predicates("comention"))


@lru_cache(maxsize=8192)
def _neg_date(date: str) -> tuple[int, ...]:
    digits = [int(part) for part in date.split("-") if part.isdigit()]
    return tuple(-d for d in digits) or (1,)
