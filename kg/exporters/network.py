"""Pipeline stage 6c: the collaboration network as files for the tools analysts use (the formats' entry point).

Four formats, registered in :data:`kg.registry.exporters`, each written by its own module
(``network_graphml``, ``network_gexf``, ``network_csv``, ``network_json``; what they share is in
``network_shared`` and, for the two XML formats, ``network_xml``):

* ``graphml``: GraphML (Gephi, Cytoscape, yEd, igraph, ``networkx.read_graphml``);
* ``gexf``: GEXF 1.2 (Gephi, ``networkx.read_gexf``);
* ``csv``: two CSV files, a node list and an edge list (spreadsheets, Gephi's spreadsheet
  import, pandas). ``-o network.csv`` writes ``network-nodes.csv`` and ``network-edges.csv``;
* ``json``: node-link JSON, one node or edge per line (``networkx.node_link_graph(data,
  edges="edges")``, d3).

GraphML and GEXF hold only numbers, strings and booleans, so the list attributes (``aliases``,
``documents``, ``predicates``) and the edge ``evidence`` (a list of dicts) are written as compact
JSON strings, and so are the graph attributes (GEXF has none: ``G.graph`` is left out of it);
:func:`decode` turns a graph read back into the projection's types. In the CSV files lists are
joined with ``"; "`` and ``evidence`` is a JSON string. Empty values (``page`` None) are left out
of GraphML and GEXF; characters XML 1.0 cannot hold are dropped from them.

The evidence is most of the volume (about 1 KB an edge), so every format takes ``evidence``:
``"all"`` (the default: every piece, attributes intact), ``"best"`` (no list; the strongest
piece's ``quote``, ``doc``, ``file``, ``date`` and ``confidence`` as plain edge attributes, which
is what Gephi's data table shows best) or ``"none"``. The XML and JSON writers stream, and use
orjson for the JSON strings when it is installed (same bytes as the standard library's compact
output). Files are written atomically.

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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.atomic import atomic_write
from kg.exporters.network_csv import (
    CSV_BLOCK,
    EDGE_COLUMNS,
    NODE_COLUMNS,
    csv_paths,
    edge_rows,
    node_rows,
    write_csv_edges,
    write_csv_nodes,
)
from kg.exporters.network_gexf import write_gexf
from kg.exporters.network_graphml import write_graphml
from kg.exporters.network_json import write_json
from kg.exporters.network_shared import BEST_FIELDS, EVIDENCE_MODES, edge_view, gc_paused
from kg.exporters.network_xml import JSON_ATTRIBUTES, decode, flattened
from kg.network import collaboration_graph
from kg.registry import exporters

__all__ = [
    "BEST_FIELDS",
    "EDGE_COLUMNS",
    "EVIDENCE_MODES",
    "JSON_ATTRIBUTES",
    "NETWORK_EXPORTS",
    "NODE_COLUMNS",
    "NetworkExport",
    "csv_paths",
    "decode",
    "edge_rows",
    "edge_view",
    "flattened",
    "node_rows",
    "suffix_format",
    "write_csv_edges",
    "write_csv_nodes",
    "write_gexf",
    "write_graphml",
    "write_json",
]

_CSV_BLOCK = CSV_BLOCK
"""Rows per block of the CSV files, read at each export (a test makes it small)."""


@dataclass(frozen=True, slots=True)
class NetworkExport:
    """A network file format: call it with a graph (or a store, projected with the default
    filters), an output path (or, except for CSV, a binary handle) and the ``evidence`` to keep
    ("all", "best" or "none"); returns the files written."""

    name: str
    suffix: str
    writer: Callable[..., None] | None

    def __call__(self, source: Any, out: str | Path | IO[bytes], *, evidence: str = "all") -> list[Path]:
        if evidence not in EVIDENCE_MODES:
            raise ValueError(f"evidence must be one of {', '.join(EVIDENCE_MODES)}, not {evidence!r}")
        G = source if isinstance(source, nx.Graph) else _project(source)
        with gc_paused():
            return self._write(G, out, evidence)

    def _write(self, G: nx.Graph, out: str | Path | IO[bytes], evidence: str) -> list[Path]:
        if self.writer is None:  # CSV: two files
            if not isinstance(out, (str, Path)):
                raise TypeError("the CSV export writes two files (nodes and edges): give a path")
            nodes, edges = csv_paths(Path(out))
            with atomic_write(nodes, "wb") as handle:
                write_csv_nodes(G, handle, block=_CSV_BLOCK)
            with atomic_write(edges, "wb") as handle:
                write_csv_edges(G, handle, evidence=evidence, block=_CSV_BLOCK)
            return [nodes, edges]
        if isinstance(out, (str, Path)):
            with atomic_write(Path(out), "wb") as handle:
                self.writer(G, handle, evidence=evidence)
            return [Path(out)]
        self.writer(G, out, evidence=evidence)
        return []


def _project(db: Any) -> nx.Graph:
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
