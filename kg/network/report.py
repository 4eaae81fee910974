"""Pipeline stage 6a: the network answers as text tables, CSV and JSON (for the CLI).

Each ``*_output`` function turns a result of the library functions into the text a command
prints: ``table`` for people (quotes wrapped under their row), ``csv`` for spreadsheets (one
row per item, lists joined with "; ") and ``json`` with everything (all evidence).
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence
from typing import Any

import networkx as nx

from kg.network._common import node_label

FORMATS = ("table", "csv", "json")
QUOTE_WIDTH = 100


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def csv_text(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """CSV with a header row; list values joined with "; ".

    >>> print(csv_text([{"a": 1, "b": ["x", "y"]}], ["a", "b"]), end="")
    a,b
    1,x; y
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in row.items()}
        )
    return buffer.getvalue()


def table_text(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    headers: Sequence[str] | None = None,
    *,
    max_width: int = 48,
) -> str:
    """Rows as aligned columns; cells longer than ``max_width`` are cut with an ellipsis.

    >>> print(table_text([{"n": 1, "name": "Sutton"}], ["n", "name"]), end="")
    n  name
    1  Sutton
    """
    headers = list(headers or columns)

    def cell(value: Any) -> str:
        if isinstance(value, float):
            text = f"{value:.4f}"
        elif isinstance(value, (list, tuple)):
            text = ", ".join(map(str, value))
        else:
            text = "" if value is None else str(value)
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(r.get(c)) for c in columns] for r in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def _quote_lines(evidence: dict[str, Any] | None, indent: str = "    ") -> list[str]:
    if not evidence or not evidence.get("quote"):
        return []
    lines = textwrap.wrap(
        f"\u201c{evidence['quote']}\u201d", QUOTE_WIDTH, initial_indent=indent, subsequent_indent=indent + " "
    )
    source = evidence.get("title") or evidence.get("file") or evidence.get("doc", "")
    where = ", ".join(
        x
        for x in (
            source,
            evidence.get("date") or "",
            f"p. {evidence['page']}" if evidence.get("page") else "",
        )
        if x
    )
    return lines + [f"{indent} \u2014 {where}"]


def describe(G: nx.Graph, node: str) -> str:
    """``Label (Kind, code)`` for a node."""
    d = G.nodes[node]
    code = d.get("key") or d.get("ods") or d.get("gss") or node
    return f"{node_label(G, node)} ({d.get('kind') or '?'}, {code})"


# ---------------------------------------------------------------- collaborators


def collaborators_output(
    G: nx.Graph, actor: str, result: list[dict[str, Any]], fmt: str, *, quotes: int = 1
) -> str:
    if fmt == "json":
        return json_text({"actor": {"iri": actor, **G.nodes[actor]}, "collaborators": result})
    rows = [
        {
            "rank": i,
            "actor": c["actor"],
            "label": c["label"],
            "kind": c["kind"],
            "ics": c["ics_label"] or "-",
            "documents": c["weight"],
            "evidence": c["evidence_count"],
            "predicates": c["predicates"],
            "layer": c["layer"],
            "quote": (c["best"] or {}).get("quote", ""),
            "file": (c["best"] or {}).get("file", ""),
            "date": (c["best"] or {}).get("date", ""),
            "doc": (c["best"] or {}).get("doc", ""),
        }
        for i, c in enumerate(result, start=1)
    ]
    if fmt == "csv":
        return csv_text(
            rows,
            [
                "rank",
                "actor",
                "label",
                "kind",
                "ics",
                "documents",
                "evidence",
                "predicates",
                "layer",
                "quote",
                "file",
                "date",
                "doc",
            ],
        )
    head = f"{describe(G, actor)}: {len(result)} collaborator{'s' if len(result) != 1 else ''}\n"
    if not result:
        return head
    out = [head]
    columns = ["rank", "label", "kind", "ics", "documents", "evidence", "predicates"]
    headers = ["#", "collaborator", "type", "ICS", "docs", "evidence", "relations"]
    lines = table_text(rows, columns, headers).splitlines()
    out.append(lines[0] + "\n")
    for line, c in zip(lines[1:], result, strict=True):
        out.append(line + "\n")
        shown = [c["best"]] + [e for e in c["evidence"] if e is not c["best"]] if c["best"] else []
        for evidence in shown[:quotes]:
            out.extend(f"{x}\n" for x in _quote_lines(evidence))
    return "".join(out)


# ---------------------------------------------------------------- path


def path_output(G: nx.Graph, a: str, b: str, hops: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json_text({"source": a, "target": b, "hops": hops})
    columns = [
        "hop",
        "source_label",
        "predicate",
        "target_label",
        "subject",
        "object",
        "quote",
        "file",
        "date",
        "doc",
        "confidence",
        "weight",
        "source",
        "target",
    ]
    rows = [{"hop": i, **h} for i, h in enumerate(hops, start=1)]
    if fmt == "csv":
        return csv_text(rows, columns)
    out = [f"{node_label(G, a)} \u2192 {node_label(G, b)}: {len(hops)} hop{'s' if len(hops) != 1 else ''}\n"]
    for i, h in enumerate(hops, start=1):
        s, o = h.get("subject") or h["source"], h.get("object") or h["target"]
        stated = f"{node_label(G, s) if s in G else s} {h.get('predicate') or '?'} {node_label(G, o) if o in G else o}"
        out.append(
            f"{i}. {h['source_label']} \u2014 {h['target_label']}   ({stated}; "
            f"{h['weight']} document{'s' if h['weight'] != 1 else ''})\n"
        )
        out.extend(f"{x}\n" for x in _quote_lines(h))
    return "".join(out)


# ---------------------------------------------------------------- centrality


def centrality_output(G: nx.Graph, cent: Any, fmt: str, *, by: str = "betweenness", top: int = 20) -> str:
    ranked = cent.ranked(by)[: top if top > 0 else None]
    rows = [
        {
            "rank": i,
            "actor": n,
            "label": node_label(G, n),
            "kind": G.nodes[n].get("kind", ""),
            "ics": G.nodes[n].get("ics_label") or "-",
            **m,
        }
        for i, (n, m) in enumerate(ranked, start=1)
    ]
    method = {
        "backend": cent.backend,
        "betweenness_samples": cent.samples,
        "by": by,
        "nodes": len(G),
        "edges": G.number_of_edges(),
    }
    if fmt == "json":
        return json_text({"method": method, "actors": rows})
    columns = ["rank", "actor", "label", "kind", "ics", "degree", "betweenness", "eigenvector"]
    if fmt == "csv":
        return csv_text(rows, columns)
    how = "exact" if cent.samples is None else f"estimated from {cent.samples} sampled sources"
    head = (
        f"{len(G)} actors, {G.number_of_edges()} ties; ranked by {by} (betweenness {how}, {cent.backend})\n\n"
    )
    return head + table_text(
        rows, columns[:1] + columns[2:], ["#", "actor", "type", "ICS", "degree", "betweenness", "eigenvector"]
    )


# ---------------------------------------------------------------- communities


def communities_output(G: nx.Graph, comms: list[dict[str, Any]], fmt: str, *, members: bool = False) -> str:
    if fmt == "json":
        return json_text(
            [
                {
                    **c,
                    "members": [
                        {
                            "iri": m,
                            "label": node_label(G, m),
                            "kind": G.nodes[m].get("kind", ""),
                            "ics_label": G.nodes[m].get("ics_label", ""),
                        }
                        for m in c["members"]
                    ],
                }
                for c in comms
            ]
        )
    if fmt == "csv":
        rows = [
            {
                "community": c["community"],
                "community_label": c["label"],
                "size": c["size"],
                "rank": i,
                "actor": m,
                "label": node_label(G, m),
                "kind": G.nodes[m].get("kind", ""),
                "ics": G.nodes[m].get("ics_label", ""),
            }
            for c in comms
            for i, m in enumerate(c["members"], start=1)
        ]
        return csv_text(
            rows, ["community", "community_label", "size", "rank", "actor", "label", "kind", "ics"]
        )
    modularity = comms[0]["modularity"] if comms else 0.0
    out = [f"{len(comms)} communities over {len(G)} actors (modularity {modularity:.3f})\n\n"]
    rows = [{"community": c["community"], "size": c["size"], "label": c["label"]} for c in comms]
    out.append(
        table_text(rows, ["community", "size", "label"], ["#", "size", "most central members"], max_width=100)
    )
    if members:
        for c in comms:
            out.append(f"\n{c['community']}. {c['label']}\n")
            out.extend(f"    {describe(G, m)}\n" for m in c["members"])
    return "".join(out)


# ---------------------------------------------------------------- matrix


def _short(group: str) -> str:
    return group.replace(" Integrated Care System", "").replace(" and national bodies", "/national")


def matrix_output(table: dict[str, dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json_text(table)
    groups = list(table)
    rows = [{"group": g, **table[g]} for g in groups]
    if fmt == "csv":
        return csv_text(rows, ["group", *groups])
    headers = ["", *[_short(g) for g in groups]]
    return table_text(
        [{"group": _short(r["group"]), **{g: r[g] for g in groups}} for r in rows],
        ["group", *groups],
        headers,
    )


# ---------------------------------------------------------------- ego network


def ego_output(E: nx.Graph, fmt: str) -> str:
    if fmt == "json":
        return json_text(nx.node_link_data(E, edges="edges"))
    rows = [
        {
            "distance": d.get("distance", ""),
            "actor": n,
            "label": node_label(E, n),
            "kind": d.get("kind", ""),
            "ics": d.get("ics_label") or "-",
            "ties": E.degree(n),
        }
        for n, d in sorted(
            E.nodes(data=True), key=lambda nd: (nd[1].get("distance", 0), node_label(E, nd[0]))
        )
    ]
    if fmt == "csv":
        return csv_text(rows, ["distance", "actor", "label", "kind", "ics", "ties"])
    ego = E.graph.get("ego")
    head = (
        f"{describe(E, ego) if ego in E else ego}: {len(E) - 1} actors within {E.graph.get('depth')} "
        f"hop{'s' if E.graph.get('depth') != 1 else ''}, {E.number_of_edges()} ties\n\n"
    )
    return head + table_text(
        rows, ["distance", "label", "kind", "ics", "ties"], ["hops", "actor", "type", "ICS", "ties here"]
    )
