"""Pipeline stage 6c: the collaboration network as files for the tools analysts use.

Four formats, registered in :data:`kg.registry.exporters`:

* ``graphml``: GraphML (Gephi, Cytoscape, yEd, igraph, ``networkx.read_graphml``);
* ``gexf``: GEXF 1.2 (Gephi, ``networkx.read_gexf``);
* ``csv``: two CSV files, a node list and an edge list (spreadsheets, Gephi's spreadsheet
  import, pandas). ``-o network.csv`` writes ``network-nodes.csv`` and ``network-edges.csv``;
* ``json``: node-link JSON (``networkx.node_link_graph(data, edges="edges")``, d3).

GraphML and GEXF hold only numbers, strings and booleans, so the list attributes (``aliases``,
``documents``, ``predicates``) and the edge ``evidence`` (a list of dicts) are written as JSON
strings, and so are the graph attributes; :func:`decode` turns a graph read back into the
projection's types. In the CSV files lists are joined with ``"; "`` and ``evidence`` is a JSON
string; each edge row also carries its best quote, document file and date. Empty values
(``page`` None) are left out of GraphML and GEXF. Files are written atomically.

>>> import io, networkx as nx
>>> G = nx.Graph()
>>> G.add_node("a", label="A", aliases=["Alpha"]); G.add_node("b", label="B", aliases=[])
>>> G.add_edge("a", "b", weight=2, predicates=["partnerOf"], evidence=[{"quote": "A and B", "page": None}])
>>> out = io.BytesIO(); write_graphml(G, out)
>>> H = decode(nx.read_graphml(io.BytesIO(out.getvalue())))
>>> H.nodes["a"]["aliases"], H.edges["a", "b"]["weight"], H.edges["a", "b"]["evidence"]
(['Alpha'], 2, [{'quote': 'A and B', 'page': None}])
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

import networkx as nx

from kg.atomic import atomic_write
from kg.registry import exporters

JSON_ATTRIBUTES = frozenset({"aliases", "documents", "predicates", "evidence", "layers", "filters", "systems"})
"""Attributes written as JSON strings in GraphML and GEXF (and read back by :func:`decode`)."""
NODE_COLUMNS = ("id", "label", "kind", "key", "ods", "gss", "ics", "ics_label", "aliases", "documents")
EDGE_COLUMNS = ("source", "target", "source_label", "target_label", "weight", "evidence_count", "predicates",
                "layer", "quote", "file", "date", "doc", "evidence")


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict, set)):
        return json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False)
    return value


def flattened(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` holding only strings, numbers and booleans: lists and dicts as JSON
    strings, None values left out."""
    H = nx.Graph()
    H.graph.update({k: _flat(v) for k, v in G.graph.items() if v is not None})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _flat(v) for k, v in d.items() if v is not None})
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, **{k: _flat(x) for k, x in d.items() if x is not None})
    return H


def decode(G: nx.Graph) -> nx.Graph:
    """Undo :func:`flattened` in place on a graph read back from GraphML or GEXF: the JSON
    attributes become lists and dicts again, ``weight`` and ``evidence_count`` integers, and
    what the readers add is taken away again (GEXF renames a ``key`` attribute ``networkx_key``
    and gives edges an ``id``; GraphML adds empty ``node_default`` and ``edge_default``).
    Returns ``G``. GEXF has no graph attributes, so ``G.graph`` does not survive it."""

    def fix(d: dict[str, Any]) -> None:
        if "networkx_key" in d and "key" not in d:
            d["key"] = d.pop("networkx_key")
        for key in JSON_ATTRIBUTES & set(d):
            if isinstance(d[key], str):
                d[key] = json.loads(d[key])
        for key in ("weight", "evidence_count"):
            if isinstance(d.get(key), float) and d[key].is_integer():
                d[key] = int(d[key])

    fix(G.graph)
    for extra in ("node_default", "edge_default"):
        if G.graph.get(extra) == {}:
            del G.graph[extra]
    for _, d in G.nodes(data=True):
        fix(d)
    for _, _, d in G.edges(data=True):
        fix(d)
        d.pop("id", None)
    return G


def write_graphml(G: nx.Graph, out: BinaryIO) -> None:
    """Write ``G`` as GraphML to a binary handle."""
    nx.write_graphml(flattened(G), out, encoding="utf-8", prettyprint=True)


def write_gexf(G: nx.Graph, out: BinaryIO) -> None:
    """Write ``G`` as GEXF 1.2 to a binary handle (Gephi shows the ``label`` attribute)."""
    nx.write_gexf(flattened(G), out, encoding="utf-8", prettyprint=True)


def write_json(G: nx.Graph, out: BinaryIO) -> None:
    """Write ``G`` as node-link JSON (read it back with ``nx.node_link_graph(data, edges="edges")``)."""
    data = nx.node_link_data(G, edges="edges")
    out.write(json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))
    out.write(b"\n")


def _joined(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def node_rows(G: nx.Graph) -> list[dict[str, Any]]:
    """One CSV row per node (lists joined with "; ")."""
    return [{"id": n, **{c: _joined(d.get(c)) for c in NODE_COLUMNS[1:]}} for n, d in G.nodes(data=True)]


def edge_rows(G: nx.Graph) -> list[dict[str, Any]]:
    """One CSV row per edge, with its best quote and the full evidence as JSON."""
    from kg.network._common import best_evidence, node_label

    rows = []
    for u, v, d in G.edges(data=True):
        evidence = d.get("evidence") or []
        best = best_evidence(evidence) or {}
        rows.append({
            "source": u,
            "target": v,
            "source_label": node_label(G, u),
            "target_label": node_label(G, v),
            "weight": d.get("weight", ""),
            "evidence_count": d.get("evidence_count", len(evidence)),
            "predicates": _joined(d.get("predicates")),
            "layer": d.get("layer", ""),
            "quote": best.get("quote", ""),
            "file": best.get("file", ""),
            "date": best.get("date", ""),
            "doc": best.get("doc", ""),
            "evidence": json.dumps(evidence, ensure_ascii=False),
        })
    return rows


def _csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def csv_paths(path: Path) -> tuple[Path, Path]:
    """The node and edge files for ``path``: ``x.csv`` -> ``x-nodes.csv``, ``x-edges.csv``.

    >>> [p.name for p in csv_paths(Path("out/network.csv"))]
    ['network-nodes.csv', 'network-edges.csv']
    """
    path = Path(path)
    stem = path.name[: -len(path.suffix)] if path.suffix.lower() == ".csv" else path.name
    return path.with_name(f"{stem}-nodes.csv"), path.with_name(f"{stem}-edges.csv")


@dataclass(frozen=True, slots=True)
class NetworkExport:
    """A network file format: call it with a graph (or a store, projected with the default
    filters) and an output path (or, except for CSV, a binary handle); returns the files written."""

    name: str
    suffix: str
    writer: Callable[[nx.Graph, BinaryIO], None] | None

    def __call__(self, source: Any, out: str | Path | IO[bytes]) -> list[Path]:
        G = source if isinstance(source, nx.Graph) else _project(source)
        if self.writer is None:  # CSV: two files
            if not isinstance(out, (str, Path)):
                raise TypeError("the CSV export writes two files (nodes and edges): give a path")
            nodes, edges = csv_paths(Path(out))
            with atomic_write(nodes, "w") as handle:
                handle.write(_csv_text(node_rows(G), NODE_COLUMNS))
            with atomic_write(edges, "w") as handle:
                handle.write(_csv_text(edge_rows(G), EDGE_COLUMNS))
            return [nodes, edges]
        if isinstance(out, (str, Path)):
            with atomic_write(Path(out), "wb") as handle:
                self.writer(G, handle)
            return [Path(out)]
        self.writer(G, out)  # type: ignore[arg-type]
        return []


def _project(db: Any) -> nx.Graph:
    from kg.network import collaboration_graph

    return collaboration_graph(db)


NETWORK_EXPORTS = {
    "graphml": NetworkExport("graphml", ".graphml", write_graphml),
    "gexf": NetworkExport("gexf", ".gexf", write_gexf),
    "csv": NetworkExport("csv", ".csv", None),
    "json": NetworkExport("json", ".json", write_json),
}
for _name, _export in NETWORK_EXPORTS.items():
    exporters.register(_name)(_export)


def suffix_format(path: Path) -> str | None:
    """The network format for a file suffix, e.g. ``network.gexf`` -> ``gexf``."""
    for name, export in NETWORK_EXPORTS.items():
        if Path(path).suffix.lower() == export.suffix:
            return name
    return None
