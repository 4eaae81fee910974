"""Pipeline stage 6c: the collaboration network as GraphML (Gephi, Cytoscape, yEd, igraph, ``networkx.read_graphml``), streamed."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from kg.exporters.network_shared import evidence_edges, without_gc
from kg.exporters.network_xml import (
    Layout,
    declared_types,
    end_ids,
    observed_types,
    renderer,
    value_shapes,
    write_blocks,
    xml_attr,
)


@without_gc
def write_graphml(G: nx.Graph, out: BinaryIO, *, evidence: str = "all") -> None:
    """Write ``G`` as GraphML to a binary handle (streamed: no XML tree in memory)."""
    edges = evidence_edges(G, evidence)
    keys: list[tuple[str, str, str, str]] = []  # (id, for, name, type)
    observed = {
        "graph": observed_types(value_shapes([G.graph])),
        "node": observed_types(value_shapes(G._node.values())),
        "edge": observed_types(value_shapes(d for *_, d in edges)),
    }
    for scope, seen in observed.items():
        for name, kind in declared_types(seen).items():
            keys.append((f"d{len(keys)}", scope, name, kind))
    ids = {scope: {name: key for key, sc, name, _ in keys if sc == scope} for scope in observed}
    graph_data = {
        name: (f'    <data key="{key}">', renderer(kind, attribute=False))
        for key, sc, name, kind in keys
        if sc == "graph"
    }
    parts = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n',
    ]
    parts += [
        f'  <key id="{key}" for="{scope}" attr.name="{xml_attr(name)}" attr.type="{kind}" />\n'
        for key, scope, name, kind in keys
    ]
    parts.append('  <graph edgedefault="undirected">\n')
    parts += [
        f"{graph_data[k][0]}{graph_data[k][1](v)}</data>\n" for k, v in G.graph.items() if v is not None
    ]
    out.write("".join(parts).encode("utf-8"))
    line = '      <data key="{id}">{value}</data>\n'
    nodes = Layout(
        observed["node"],
        ids["node"],
        attribute=False,
        head='    <node id="%b">\n',
        tail="    </node>\n",
        line=line,
    )
    links = Layout(
        observed["edge"],
        ids["edge"],
        attribute=False,
        head='    <edge source="%b" target="%b">\n',
        tail="    </edge>\n",
        line=line,
    )
    node_id = {n: xml_attr(n).encode("utf-8") for n in G._node}  # each node's id is written once per tie too
    write_blocks(out, nodes, [list(node_id.values())], list(G._node.values()))
    sources, targets = end_ids(edges, node_id)
    write_blocks(out, links, [sources, targets], [d for *_, d in edges])
    out.write(b"  </graph>\n</graphml>\n")
