"""Pipeline stage 6c: the collaboration network as node-link JSON, one node or edge per line (``networkx.node_link_graph``, d3)."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from kg.exporters.network_shared import edge_list, edge_view, encode_json, without_gc


@without_gc
def write_json(G: nx.Graph, out: BinaryIO, *, evidence: str = "all") -> None:
    """Write ``G`` as node-link JSON, one node or edge per line (read it back with
    ``nx.node_link_graph(json.load(f), edges="edges")``)."""
    out.write(f'{{"directed":false,"multigraph":false,"graph":{encode_json(G.graph)},\n"nodes":[\n'.encode())
    out.write(",\n".join(encode_json({"id": n, **d}) for n, d in G.nodes(data=True)).encode("utf-8"))
    out.write(b'\n],\n"edges":[\n')
    chunk: list[str] = []
    first = True
    for u, v, d in edge_list(G):
        chunk.append(encode_json({"source": u, "target": v, **edge_view(d, evidence)}))
        if len(chunk) >= 5000:
            out.write(((",\n" if not first else "") + ",\n".join(chunk)).encode("utf-8"))
            chunk, first = [], False
    if chunk:
        out.write(((",\n" if not first else "") + ",\n".join(chunk)).encode("utf-8"))
    out.write(b"\n]}\n")
