"""Pipeline stage 6c: the collaboration network as GEXF 1.2 (Gephi, ``networkx.read_gexf``), streamed."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from kg import __version__
from kg.exporters.network_shared import evidence_edges, without_gc
from kg.exporters.network_xml import (
    Layout,
    declared_types,
    end_ids,
    observed_types,
    value_shapes,
    write_blocks,
    xml_attr,
)


@without_gc
def write_gexf(G: nx.Graph, out: BinaryIO, *, evidence: str = "all") -> None:
    """Write ``G`` as GEXF 1.2 to a binary handle (streamed). The node ``label`` is the GEXF
    label and the edge ``weight`` the GEXF weight, as Gephi expects; GEXF has no graph
    attributes, so ``G.graph`` is left out."""
    edges = evidence_edges(G, evidence)
    node_seen = observed_types(value_shapes(G._node.values()))
    edge_seen = observed_types(value_shapes(d for *_, d in edges))
    node_types = declared_types(node_seen)
    node_types.pop("label", None)
    edge_types = declared_types(edge_seen)
    edge_types.pop("weight", None)

    def declarations(scope: str, types: dict[str, str]) -> str:
        lines = "".join(
            f'      <attribute id="{i}" title="{xml_attr(k)}" type="{t}" />\n'
            for i, (k, t) in enumerate(types.items())
        )
        return f'    <attributes mode="static" class="{scope}">\n{lines}    </attributes>\n'

    parts = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n',
        f"  <meta>\n    <creator>kg {xml_attr(__version__)}</creator>\n  </meta>\n",
        f'  <graph defaultedgetype="undirected" mode="static" name="{xml_attr(G.graph.get("name", ""))}">\n',
        declarations("node", node_types),
        declarations("edge", edge_types),
        "    <nodes>\n",
    ]
    out.write("".join(parts).encode("utf-8"))
    line = '          <attvalue for="{id}" value="{value}" />\n'
    wrap = ("        <attvalues>\n", "        </attvalues>\n")
    nodes = Layout(
        node_seen,
        {k: str(i) for i, k in enumerate(node_types)},
        attribute=True,
        head='      <node id="%b" label="%b">\n',
        tail="      </node>\n",
        line=line,
        wrap=wrap,
    )
    links = Layout(
        edge_seen,
        {k: str(i) for i, k in enumerate(edge_types)},
        attribute=True,
        head='      <edge source="%b" target="%b" id="%d"%b>\n',
        tail="      </edge>\n",
        line=line,
        wrap=wrap,
    )
    node_id = {n: xml_attr(n).encode("utf-8") for n in G._node}
    labels = [xml_attr(d.get("label", n)).encode("utf-8") for n, d in G._node.items()]
    write_blocks(out, nodes, [list(node_id.values()), labels], list(G._node.values()))
    out.write(b"    </nodes>\n    <edges>\n")
    sources, targets = end_ids(edges, node_id)
    items = [d for *_, d in edges]
    weights = [b"" if d.get("weight") is None else b' weight="%a"' % float(d["weight"]) for d in items]
    write_blocks(out, links, [sources, targets, list(range(len(items))), weights], items)
    out.write(b"    </edges>\n  </graph>\n</gexf>\n")
