"""Pipeline stage 6a: collaboration between the integrated care systems, as a table.

Every actor falls in one group: its ICS (from the register, see the node's ``ics``), else
"London-wide and national bodies" (a national body, or any register organisation, partnership or
place that belongs to no ICS, such as London Councils or the Health Innovation Network), else
"Other" (consultancies, people and others the register does not place).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.network._common import node_label

LONDON_WIDE = "London-wide and national bodies"
OTHER = "Other"


def actor_group(G: nx.Graph, node: str) -> str:
    """The group label of ``node`` for :func:`ics_matrix`.

    >>> G = nx.Graph()
    >>> G.add_node("x", kind="NationalBody", key="ref:nhs-england", ics="")
    >>> G.add_node("y", kind="ICB", ics="ics:1", ics_label="North London ICS")
    >>> actor_group(G, "x"), actor_group(G, "y")
    ('London-wide and national bodies', 'North London ICS')
    """
    data = G.nodes[node]
    if data.get("ics"):
        return data.get("ics_label") or (node_label(G, data["ics"]) if data["ics"] in G else data["ics"])
    if data.get("kind") == "NationalBody" or (data.get("key") and data.get("kind") != "Person"):
        return LONDON_WIDE
    return OTHER


def ics_matrix(G: nx.Graph, *, weight: str | None = None, other: bool = False) -> dict[str, dict[str, Any]]:
    """How many collaboration edges join each pair of groups (the diagonal: edges inside one).

    Args:
        G: a collaboration graph.
        weight: None to count edges, or an edge attribute to add up (``"weight"``: documents,
            ``"evidence_count"``: pieces of evidence).
        other: also show the "Other" group (actors that belong to no ICS and are not in the
            register as London-wide or national bodies).

    Returns:
        ``{row group: {column group: count}}``, symmetric, the ICSs in name order first, then
        the London-wide and national bodies (then "Other"). Every ICS the graph knows of is
        shown (``G.graph["systems"]`` from the projection, else the nodes' ``ics_label``),
        even with no edge.

    >>> G = nx.Graph()
    >>> G.add_node("a", ics="s1", ics_label="North ICS"); G.add_node("b", ics="s2", ics_label="South ICS")
    >>> G.add_node("n", kind="NationalBody", key="ref:nhs-england", ics="")
    >>> G.add_edges_from([("a", "b"), ("a", "n"), ("b", "n")])
    >>> ics_matrix(G)["North ICS"]
    {'North ICS': 0, 'South ICS': 1, 'London-wide and national bodies': 1}
    """
    systems = set((G.graph.get("systems") or {}).values())
    systems |= {d.get("ics_label") or d["ics"] for _, d in G.nodes(data=True) if d.get("ics")}
    groups = sorted(systems) + [LONDON_WIDE] + ([OTHER] if other else [])
    table: dict[str, dict[str, Any]] = {g: dict.fromkeys(groups, 0) for g in groups}
    group_of = {n: actor_group(G, n) for n in G}
    for u, v, d in G.edges(data=True):
        a, b = group_of[u], group_of[v]
        if a not in table or b not in table:
            continue
        amount = 1 if weight is None else d.get(weight, 1)
        table[a][b] += amount
        if a != b:
            table[b][a] += amount
    return table
