"""Pipeline stage 6c: the collaboration network as files for the tools analysts use.

Four formats, registered in :data:`kg.registry.exporters`:

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

import contextlib
import csv
import functools
import gc
import itertools
import json
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

import networkx as nx

from kg.atomic import atomic_write
from kg.registry import exporters

JSON_ATTRIBUTES = frozenset(
    {"aliases", "documents", "predicates", "evidence", "layers", "filters", "systems"}
)
"""Attributes written as JSON strings in GraphML and GEXF (and read back by :func:`decode`)."""
NODE_COLUMNS = ("id", "label", "kind", "key", "ods", "gss", "ics", "ics_label", "aliases", "documents")
EDGE_COLUMNS = (
    "source",
    "target",
    "source_label",
    "target_label",
    "weight",
    "evidence_count",
    "predicates",
    "layer",
    "quote",
    "file",
    "date",
    "doc",
    "evidence",
)


EVIDENCE_MODES = ("all", "best", "none")
BEST_FIELDS = ("quote", "doc", "file", "date", "confidence")
"""Edge attributes that carry the strongest piece of evidence when ``evidence="best"``."""

try:  # an optional accelerator: the same compact JSON, about twice as fast
    import orjson

    def _encode(value: Any) -> str:
        return orjson.dumps(value).decode("utf-8")
except ImportError:  # pragma: no cover - depends on the environment
    _encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return _encode(value)
    if isinstance(value, (set, frozenset)):
        return _encode(sorted(value))
    return value


def edge_view(data: dict[str, Any], evidence: str = "all") -> dict[str, Any]:
    """An edge's attributes as exported with ``evidence`` "all", "best" or "none".

    >>> d = {"weight": 1, "evidence": [{"quote": "A and B", "doc": "d1", "confidence": 0.8}]}
    >>> edge_view(d, "best")
    {'weight': 1, 'quote': 'A and B', 'doc': 'd1', 'confidence': 0.8}
    >>> edge_view(d, "none")
    {'weight': 1}
    """
    if evidence == "all":
        return data
    if evidence not in EVIDENCE_MODES:
        raise ValueError(f"evidence must be one of {', '.join(EVIDENCE_MODES)}, not {evidence!r}")
    out = {k: v for k, v in data.items() if k != "evidence"}
    if evidence == "best":
        from kg.network._common import best_evidence

        best = best_evidence(data.get("evidence") or []) or {}
        out.update((k, best[k]) for k in BEST_FIELDS if best.get(k) not in (None, ""))
    return out


def flattened(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` holding only strings, numbers and booleans: lists and dicts as JSON
    strings, None values left out."""
    H = nx.Graph()
    H.graph.update({k: _flat(v) for k, v in G.graph.items() if v is not None})
    H.add_nodes_from((n, {k: _flat(v) for k, v in d.items() if v is not None}) for n, d in G.nodes(data=True))
    H.add_edges_from(
        (u, v, {k: _flat(x) for k, x in d.items() if x is not None}) for u, v, d in G.edges(data=True)
    )
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


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    """XML character data (characters XML 1.0 cannot hold are dropped)."""
    text = str(value)
    if not text.isprintable():
        text = _XML_INVALID.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: Any) -> str:
    """An XML attribute value, quotes and line breaks escaped so that they survive parsing."""
    text = str(value)
    if not text.isprintable():
        text = _XML_INVALID.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")


def _json_text(value: Any) -> str:
    # JSON already escapes control characters and line breaks: only markup is left to escape
    text = _encode(sorted(value) if isinstance(value, (set, frozenset)) else value)
    if "\ufffe" in text or "\uffff" in text:
        text = _XML_INVALID.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _json_attr(value: Any) -> str:
    return _json_text(value).replace('"', "&quot;")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


_CONTAINERS = (list, tuple, dict, set, frozenset)


_Shapes = dict[tuple[tuple[str, ...], tuple[type, ...]], None]


def _shapes(items: Any) -> _Shapes:
    """The distinct (names, value types) of the dicts of ``items``, in first-seen order: one
    dict insertion per item, as most items share a shape."""
    shapes: _Shapes = {}
    for data in items:
        shapes[tuple(data), tuple(map(type, data.values()))] = None
    return shapes


def _observed(shapes: _Shapes) -> dict[str, set[type]]:
    """Attribute name -> the exact types of its values (None included), in first-seen order."""
    by_key: dict[str, set[type]] = {}
    for keys, kinds in shapes:
        for key, kind in zip(keys, kinds, strict=True):
            by_key.setdefault(key, set()).add(kind)
    return by_key


def _types(items: Any) -> dict[str, str]:
    """Attribute name -> GraphML/GEXF type over all the dicts of ``items`` (None values skipped;
    lists and dicts are JSON strings), in the order the names first appear: the same input
    declares the same keys in the same order in every process (a set's order would follow the
    per-process string hashing)."""
    return _declared(_observed(items if isinstance(items, dict) else _shapes(items)))


def _declared(observed: dict[str, set[type]]) -> dict[str, str]:
    out = {}
    for key, seen in observed.items():
        kinds = {str if issubclass(k, _CONTAINERS) else k for k in seen if k is not type(None)}
        if not kinds:
            continue
        if kinds <= {bool}:
            out[key] = "boolean"
        elif kinds <= {int}:
            out[key] = "long"
        elif kinds <= {int, float}:
            out[key] = "double"
        else:
            out[key] = "string"
    return out


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a file is written. The writers make millions of
    short-lived tuples, dicts and lists but no cycles, and every few thousand of them Python
    would walk the objects it tracks, the whole graph included (about 0.6 s of a 150,000-edge
    export with ``evidence="best"``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _edge_list(G: nx.Graph) -> list[tuple[Any, Any, dict[str, Any]]]:
    """``list(G.edges(data=True))``, in the same order, from the adjacency directly."""
    if G.is_directed() or G.is_multigraph():
        return list(G.edges(data=True))
    out: list[tuple[Any, Any, dict[str, Any]]] = []
    append = out.append
    seen: set[Any] = set()
    for u, nbrs in G._adj.items():  # what EdgeDataView does, without a call per edge
        for v, d in nbrs.items():
            if v not in seen:
                append((u, v, d))
        seen.add(u)
    return out


def _edges(G: nx.Graph, evidence: str) -> list[tuple[Any, Any, dict[str, Any]]]:
    edges = _edge_list(G)
    if evidence == "all":
        return edges
    if evidence != "best":
        return [(u, v, edge_view(d, evidence)) for u, v, d in edges]
    from kg.network._common import best_evidence

    out = []
    for u, v, d in edges:  # edge_view(d, "best"), without a call and an import per edge
        if not _BEST_SET.isdisjoint(d):
            out.append((u, v, edge_view(d, "best")))
            continue
        view = d.copy()
        view.pop("evidence", None)
        best = best_evidence(d.get("evidence") or []) or {}
        for k in BEST_FIELDS:
            if best.get(k) not in (None, ""):
                view[k] = best[k]
        out.append((u, v, view))
    return out


_BEST_SET = frozenset(BEST_FIELDS)


def _renderer(kind: str, *, attribute: bool) -> Callable[[Any], str]:
    """How a value of GraphML/GEXF type ``kind`` is written (as an attribute or as text)."""
    if kind == "double":
        return lambda v: repr(float(v))
    if kind in ("long", "boolean"):
        return _scalar
    plain, json_ = (_attr, _json_attr) if attribute else (_text, _json_text)

    memo: dict[str, str] = {}  # short values (documents, dates, layers) repeat on many edges

    def string(v: Any) -> str:
        if type(v) is str:
            out = memo.get(v)
            if out is None:
                out = plain(v)
                if len(v) < 120:
                    memo[v] = out
            return out
        return json_(v) if isinstance(v, _CONTAINERS) else plain(v)

    return string


try:  # the JSON strings as UTF-8 bytes straight away (no decoding and encoding again)
    import orjson as _orjson

    _encode_bytes: Callable[[Any], bytes] = _orjson.dumps
except ImportError:  # pragma: no cover - depends on the environment

    def _encode_bytes(value: Any) -> bytes:
        return _encode(value).encode("utf-8")


_NONCHARACTERS = ("\ufffe".encode(), "\uffff".encode())


def _json_text_bytes(value: Any) -> bytes:
    """``_json_text(value)`` as UTF-8."""
    data = _encode_bytes(sorted(value) if isinstance(value, (set, frozenset)) else value)
    if b"\xef" in data and (_NONCHARACTERS[0] in data or _NONCHARACTERS[1] in data):  # one byte: memchr
        return _json_text(value).encode("utf-8")
    return data.replace(b"&", b"&amp;").replace(b"<", b"&lt;")


def _json_attr_bytes(value: Any) -> bytes:
    """``_json_attr(value)`` as UTF-8."""
    return _json_text_bytes(value).replace(b'"', b"&quot;")


class _Escaped(dict):
    """str -> its escaped form as UTF-8, remembered for short strings (kinds, systems, dates,
    layers and document IRIs repeat on many nodes and edges); a hit costs no Python call."""

    __slots__ = ("escape",)

    def __init__(self, escape: Callable[[Any], str]) -> None:
        super().__init__()
        self.escape = escape

    def __missing__(self, value: str) -> bytes:
        out = self.escape(value).encode("utf-8")
        if len(value) < 120:
            self[value] = out
        return out


_BOOLEANS = {True: b"true", False: b"false"}


class _Layout:
    """How the elements of one scope (the nodes or the edges) are written, as UTF-8: for each
    tuple of attribute names, one %-format (the element's markup with its own fields first,
    then a line per attribute) and the converter of each value. Every value goes through a
    converter that escapes it (numbers through ``float`` or ``operator.index`` into %a or %d);
    the formats hold only markup built here from ids and indents.

    ``head`` is the element's own markup (%b fields, escaped by the caller); ``line`` is one
    attribute's markup with ``{id}`` for its key and ``{value}`` for its value; ``wrap`` the
    markup around the attribute lines (GEXF's attvalues), left out when there are none."""

    def __init__(
        self,
        observed: dict[str, set[type]],
        ids: dict[str, str],
        *,
        attribute: bool,
        head: str,
        tail: str,
        line: str,
        wrap: tuple[str, str] = ("", ""),
    ) -> None:
        types = _declared(observed)
        escaped = _Escaped(_attr if attribute else _text)
        json_ = _json_attr_bytes if attribute else _json_text_bytes
        self.head, self.tail, self.wrap = head, tail, wrap
        self.lines: dict[str, str] = {}
        self.convert: dict[str, Callable[[Any], Any]] = {}
        self.nullable = {k for k, seen in observed.items() if type(None) in seen}
        for key, key_id in ids.items():
            seen, kind = observed[key] - {type(None)}, types[key]
            spec = "%b"
            if kind == "string" and seen == {str}:
                convert: Callable[[Any], Any] = escaped.__getitem__
            elif kind == "string" and all(issubclass(k, _CONTAINERS) for k in seen):
                convert = json_
            elif kind == "long" and seen == {int}:
                convert, spec = operator.index, "%d"  # str(int)
            elif kind == "double" and seen <= {int, float}:
                convert, spec = float, "%a"  # repr(float(v))
            elif kind == "boolean" and seen == {bool}:
                convert = _BOOLEANS.__getitem__
            else:
                generic = _renderer(kind, attribute=attribute)

                def convert(v: Any, generic: Callable[[Any], str] = generic) -> bytes:
                    return generic(v).encode("utf-8")

            self.lines[key] = line.format(id=key_id, value=spec)
            self.convert[key] = convert
        self.plans: dict[tuple[str, ...], tuple[bytes, list[Callable[[Any], Any]]]] = {}
        self.shapes: dict[tuple[str, ...], _Shape | None] = {}

    def plan(self, keys: tuple[str, ...]) -> tuple[bytes, list[Callable[[Any], Any]]]:
        """The format and converters for values of ``keys`` (all declared, none None)."""
        plan = self.plans.get(keys)
        if plan is None:
            body = "".join(self.lines[k] for k in keys)
            if body:
                body = f"{self.wrap[0]}{body}{self.wrap[1]}"
            fmt = (self.head + body + self.tail).encode("utf-8")
            plan = self.plans[keys] = (fmt, [self.convert[k] for k in keys])
        return plan

    def shape(self, keys: tuple[str, ...]) -> _Shape | None:
        """For a dict with these names: its format, converters, the names written and which of
        its values they are (None: all), or None when a value may be None (then each such dict
        is filtered)."""
        if keys in self.shapes:
            return self.shapes[keys]
        entry = None
        if self.nullable.isdisjoint(keys):
            mask = tuple(k in self.lines for k in keys)
            written = tuple(k for k in keys if k in self.lines)
            fmt, convs = self.plan(written)
            entry = (fmt, convs, written, None if all(mask) else mask)
        self.shapes[keys] = entry
        return entry

    def render(self, fields: tuple[Any, ...], attrs: dict[str, Any]) -> bytes:
        """One element: ``fields`` (already escaped, as bytes) for ``head``, then the attributes."""
        entry = self.shape(tuple(attrs))
        if entry is None:
            kept = [(k, v) for k, v in attrs.items() if v is not None and k in self.lines]
            fmt, convs = self.plan(tuple(k for k, _ in kept))
            values: Any = [v for _, v in kept]
        else:
            fmt, convs, _, mask = entry
            values = attrs.values() if mask is None else itertools.compress(attrs.values(), mask)
        return fmt % (*fields, *[f(x) for f, x in zip(convs, values, strict=False)])

    def render_all(self, fields: list[list[Any]], items: list[dict[str, Any]]) -> list[bytes]:
        """The elements of ``items`` (``fields``: one list per %b field of ``head``, one entry
        per item), column by column: items of one shape share a format, and each attribute's
        values are converted with one ``map`` (no Python code per value unless its converter
        is), then formatted with another."""
        shapes = list(map(tuple, items))
        groups: dict[tuple[str, ...], list[int] | None] = {}
        if len(set(shapes)) == 1:
            groups[shapes[0]] = None  # every item: no selection needed
        else:
            for i, keys in enumerate(shapes):
                groups.setdefault(keys, []).append(i)  # type: ignore[union-attr]
        out: list[bytes] = [b""] * len(items)
        for keys, chosen in groups.items():
            entry = self.shape(keys)
            if entry is None:  # a value may be None: item by item
                for i in range(len(items)) if chosen is None else chosen:
                    out[i] = self.render(tuple(column[i] for column in fields), items[i])
                continue
            fmt, convs, written, _ = entry
            if chosen is None:
                group, columns = items, fields
            else:
                group, columns = [items[i] for i in chosen], [[c[i] for i in chosen] for c in fields]
            values = [map(f, map(operator.itemgetter(k), group)) for f, k in zip(convs, written, strict=True)]
            rendered = list(map(fmt.__mod__, zip(*columns, *values, strict=True)))
            if chosen is None:
                return rendered
            for i, element in zip(chosen, rendered, strict=True):
                out[i] = element
        return out


_Shape = tuple[bytes, list[Callable[[Any], Any]], tuple[str, ...], tuple[bool, ...] | None]


def _write_blocks(
    out: BinaryIO, layout: _Layout, fields: list[list[Any]], items: list[dict[str, Any]]
) -> None:
    """Write the elements of ``items`` a few thousand at a time."""
    for start in range(0, len(items), 5000):
        stop = start + 5000
        block = layout.render_all([column[start:stop] for column in fields], items[start:stop])
        out.write(b"".join(block))


def _without_gc(writer: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(writer)
    def paused(*args: Any, **kwargs: Any) -> None:
        with _gc_paused():
            writer(*args, **kwargs)

    return paused


def _write_chunks(out: BinaryIO, parts: Any) -> None:
    """Write the bytes of ``parts`` in chunks of a few thousand elements."""
    chunk: list[bytes] = []
    append = chunk.append
    for part in parts:
        append(part)
        if len(chunk) >= 5000:
            out.write(b"".join(chunk))
            chunk.clear()
    out.write(b"".join(chunk))


@_without_gc
def write_graphml(G: nx.Graph, out: BinaryIO, *, evidence: str = "all") -> None:
    """Write ``G`` as GraphML to a binary handle (streamed: no XML tree in memory)."""
    edges = _edges(G, evidence)
    keys: list[tuple[str, str, str, str]] = []  # (id, for, name, type)
    observed = {
        "graph": _observed(_shapes([G.graph])),
        "node": _observed(_shapes(G._node.values())),
        "edge": _observed(_shapes(d for *_, d in edges)),
    }
    for scope, seen in observed.items():
        for name, kind in _declared(seen).items():
            keys.append((f"d{len(keys)}", scope, name, kind))
    ids = {scope: {name: key for key, sc, name, _ in keys if sc == scope} for scope in observed}
    graph_data = {
        name: (f'    <data key="{key}">', _renderer(kind, attribute=False))
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
        f'  <key id="{key}" for="{scope}" attr.name="{_attr(name)}" attr.type="{kind}" />\n'
        for key, scope, name, kind in keys
    ]
    parts.append('  <graph edgedefault="undirected">\n')
    parts += [
        f"{graph_data[k][0]}{graph_data[k][1](v)}</data>\n" for k, v in G.graph.items() if v is not None
    ]
    out.write("".join(parts).encode("utf-8"))
    line = '      <data key="{id}">{value}</data>\n'
    nodes = _Layout(
        observed["node"],
        ids["node"],
        attribute=False,
        head='    <node id="%b">\n',
        tail="    </node>\n",
        line=line,
    )
    links = _Layout(
        observed["edge"],
        ids["edge"],
        attribute=False,
        head='    <edge source="%b" target="%b">\n',
        tail="    </edge>\n",
        line=line,
    )
    node_id = {n: _attr(n).encode("utf-8") for n in G._node}  # each node's id is written once per tie too
    _write_blocks(out, nodes, [list(node_id.values())], list(G._node.values()))
    sources, targets = _ends(edges, node_id)
    _write_blocks(out, links, [sources, targets], [d for *_, d in edges])
    out.write(b"  </graph>\n</graphml>\n")


@_without_gc
def write_gexf(G: nx.Graph, out: BinaryIO, *, evidence: str = "all") -> None:
    """Write ``G`` as GEXF 1.2 to a binary handle (streamed). The node ``label`` is the GEXF
    label and the edge ``weight`` the GEXF weight, as Gephi expects; GEXF has no graph
    attributes, so ``G.graph`` is left out."""
    from kg import __version__

    edges = _edges(G, evidence)
    node_seen = _observed(_shapes(G._node.values()))
    edge_seen = _observed(_shapes(d for *_, d in edges))
    node_types = _declared(node_seen)
    node_types.pop("label", None)
    edge_types = _declared(edge_seen)
    edge_types.pop("weight", None)

    def declarations(scope: str, types: dict[str, str]) -> str:
        lines = "".join(
            f'      <attribute id="{i}" title="{_attr(k)}" type="{t}" />\n'
            for i, (k, t) in enumerate(types.items())
        )
        return f'    <attributes mode="static" class="{scope}">\n{lines}    </attributes>\n'

    parts = [
        "<?xml version='1.0' encoding='utf-8'?>\n",
        '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n',
        f"  <meta>\n    <creator>kg {_attr(__version__)}</creator>\n  </meta>\n",
        f'  <graph defaultedgetype="undirected" mode="static" name="{_attr(G.graph.get("name", ""))}">\n',
        declarations("node", node_types),
        declarations("edge", edge_types),
        "    <nodes>\n",
    ]
    out.write("".join(parts).encode("utf-8"))
    line = '          <attvalue for="{id}" value="{value}" />\n'
    wrap = ("        <attvalues>\n", "        </attvalues>\n")
    nodes = _Layout(
        node_seen,
        {k: str(i) for i, k in enumerate(node_types)},
        attribute=True,
        head='      <node id="%b" label="%b">\n',
        tail="      </node>\n",
        line=line,
        wrap=wrap,
    )
    links = _Layout(
        edge_seen,
        {k: str(i) for i, k in enumerate(edge_types)},
        attribute=True,
        head='      <edge source="%b" target="%b" id="%d"%b>\n',
        tail="      </edge>\n",
        line=line,
        wrap=wrap,
    )
    node_id = {n: _attr(n).encode("utf-8") for n in G._node}
    labels = [_attr(d.get("label", n)).encode("utf-8") for n, d in G._node.items()]
    _write_blocks(out, nodes, [list(node_id.values()), labels], list(G._node.values()))
    out.write(b"    </nodes>\n    <edges>\n")
    sources, targets = _ends(edges, node_id)
    items = [d for *_, d in edges]
    weights = [b"" if d.get("weight") is None else b' weight="%a"' % float(d["weight"]) for d in items]
    _write_blocks(out, links, [sources, targets, list(range(len(items))), weights], items)
    out.write(b"    </edges>\n  </graph>\n</gexf>\n")


def _ends(edges: list[tuple[Any, Any, Any]], node_id: dict[Any, bytes]) -> tuple[list[bytes], list[bytes]]:
    """The escaped ids of the edges' two ends."""
    get = node_id.__getitem__
    return (
        list(map(get, map(operator.itemgetter(0), edges))),
        list(map(get, map(operator.itemgetter(1), edges))),
    )


@_without_gc
def write_json(G: nx.Graph, out: BinaryIO, *, evidence: str = "all") -> None:
    """Write ``G`` as node-link JSON, one node or edge per line (read it back with
    ``nx.node_link_graph(json.load(f), edges="edges")``)."""
    out.write(f'{{"directed":false,"multigraph":false,"graph":{_encode(G.graph)},\n"nodes":[\n'.encode())
    out.write(",\n".join(_encode({"id": n, **d}) for n, d in G.nodes(data=True)).encode("utf-8"))
    out.write(b'\n],\n"edges":[\n')
    chunk: list[str] = []
    first = True
    for u, v, d in _edge_list(G):
        chunk.append(_encode({"source": u, "target": v, **edge_view(d, evidence)}))
        if len(chunk) >= 5000:
            out.write(((",\n" if not first else "") + ",\n".join(chunk)).encode("utf-8"))
            chunk, first = [], False
    if chunk:
        out.write(((",\n" if not first else "") + ",\n".join(chunk)).encode("utf-8"))
    out.write(b"\n]}\n")


def _joined(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def _joined_column(values: list[Any]) -> list[str]:
    """``[_joined(v) for v in values]``, in C when every value is a list of strings."""
    if set(map(type, values)) <= {list, tuple}:
        with contextlib.suppress(TypeError):  # an item that is not a string
            return list(map("; ".join, values))
    return list(map(_joined, values))


def node_rows(G: nx.Graph) -> list[list[Any]]:
    """One CSV row per node, in :data:`NODE_COLUMNS` order (lists joined with "; ")."""
    return [[n, *(_joined(d.get(c)) for c in NODE_COLUMNS[1:])] for n, d in G.nodes(data=True)]


def edge_rows(G: nx.Graph, evidence: str = "all") -> list[list[Any]]:
    """One CSV row per edge, in :data:`EDGE_COLUMNS` order: its best quote, file, date and
    document, and (``evidence="all"``) every piece of evidence as JSON."""
    from kg.network._common import best_evidence, local_name

    if evidence not in EVIDENCE_MODES:
        raise ValueError(f"evidence must be one of {', '.join(EVIDENCE_MODES)}, not {evidence!r}")
    labels = {n: d.get("label") or local_name(n) for n, d in G.nodes(data=True)}
    rows = []
    for u, v, d in _edge_list(G):
        pieces = d.get("evidence") or []
        best = (best_evidence(pieces) or {}) if evidence != "none" else {}
        rows.append(
            [
                u,
                v,
                labels[u],
                labels[v],
                d.get("weight", ""),
                d.get("evidence_count", len(pieces)),
                _joined(d.get("predicates")),
                d.get("layer", ""),
                best.get("quote", ""),
                best.get("file", ""),
                best.get("date", ""),
                best.get("doc", ""),
                _encode(pieces) if evidence == "all" else "",
            ]
        )
    return rows


@functools.cache
def _csv_specials() -> str:
    """The characters that make the csv module quote a field (minimal quoting, "\\n" line
    ends), found by asking it rather than listed here, so that they follow the Python version
    (Python 3.11's writer leaves a "\\r" unquoted, for one)."""
    import io

    out = []
    for c in map(chr, range(128)):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow([f"a{c}b"])
        if buffer.getvalue().startswith('"'):
            out.append(c)
    return "".join(out)


@functools.cache
def _csv_special_re() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(_csv_specials())}]")


def _csv_cell(value: Any) -> str:
    """A value as the csv module writes it before quoting: None empty, others ``str``."""
    return "" if value is None else value if type(value) is str else str(value)


def _csv_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_column(values: list[Any]) -> list[str]:
    """The cells of one column as the csv module writes them, each quoted when it holds a
    delimiter, a quote or a line break. The work is done in C: the whole column is searched
    for those characters at once and, only when some are there, cell by cell."""
    types = set(map(type, values))
    if types <= {str}:
        texts = values
    elif type(None) in types:
        texts = list(map(_csv_cell, values))
    else:  # str() of a str is itself, of a float its repr, as the csv module writes them
        texts = list(map(str, values))
    specials = _csv_specials()
    whole = "\x00".join(texts) if "\x00" not in specials else None
    if whole is not None and not any(c in whole for c in specials):
        return texts
    hits = list(map(_csv_special_re().search, texts))
    texts = list(texts)
    for i in itertools.compress(range(len(texts)), hits):
        texts[i] = _csv_quote(texts[i])
    return texts


def _csv_columns(items: list[dict[str, Any]], names: tuple[str, ...], default: Any = "") -> list[list[Any]]:
    """``[[d.get(name, default) for d in items] for name in names]``, by one ``itemgetter``
    when every dict has every name."""
    if not items:
        return [[] for _ in names]
    try:
        rows = list(map(operator.itemgetter(*names), items))
    except KeyError:
        return [[d.get(name, default) for d in items] for name in names]
    return [list(column) for column in zip(*rows, strict=True)] if len(names) > 1 else [rows]


_CSV_BLOCK = 10_000


def _csv_lines(columns: list[list[str]]) -> bytes:
    """Rows of converted cells (one list per column) as UTF-8 CSV lines."""
    return "".join(map("%s\n".__mod__, map(",".join, zip(*columns, strict=True)))).encode("utf-8")


def write_csv_nodes(G: nx.Graph, out: BinaryIO) -> None:
    """The node list (:data:`NODE_COLUMNS`; lists joined with "; ") as UTF-8 CSV: the bytes the
    csv module writes for :func:`node_rows`, built column by column."""
    out.write(_csv_lines([[c] for c in _csv_column(list(NODE_COLUMNS))]))
    items = list(G._node.items())
    for start in range(0, len(items), _CSV_BLOCK):
        block = items[start : start + _CSV_BLOCK]
        columns = [_csv_column([n for n, _ in block])]
        for column in _csv_columns([d for _, d in block], NODE_COLUMNS[1:], None):
            columns.append(_csv_column(_joined_column(column)))
        out.write(_csv_lines(columns))


_OPEN_QUOTE = {True: '"', False: ""}
_CLOSE_LINE = {True: b'"\n', False: b"\n"}


def write_csv_edges(G: nx.Graph, out: BinaryIO, *, evidence: str = "all") -> None:
    """The edge list (:data:`EDGE_COLUMNS`) as UTF-8 CSV: the bytes the csv module writes for
    :func:`edge_rows`, built column by column. Each node's id and label is escaped once, and
    the evidence JSON (most of the volume) stays bytes from the encoder to the file: its quotes
    doubled by ``bytes.replace``, the quotes around it written by the fields beside it."""
    from kg.network._common import best_evidence, local_name

    if evidence not in EVIDENCE_MODES:
        raise ValueError(f"evidence must be one of {', '.join(EVIDENCE_MODES)}, not {evidence!r}")
    out.write(_csv_lines([[c] for c in _csv_column(list(EDGE_COLUMNS))]))
    nodes = list(G._node)
    ids = dict(zip(nodes, _csv_column(nodes), strict=True))
    labels = [d.get("label") or local_name(n) for n, d in G._node.items()]
    label_of = dict(zip(nodes, _csv_column(labels), strict=True))
    edges = _edge_list(G)
    special = re.compile(_csv_special_re().pattern.encode()).search  # the same, in UTF-8
    for start in range(0, len(edges), _CSV_BLOCK):
        block = edges[start : start + _CSV_BLOCK]
        data = [d for *_, d in block]
        pieces = [d.get("evidence") or [] for d in data]
        sources = [u for u, _, _ in block]
        targets = [v for _, v, _ in block]
        weight, predicates, layer = _csv_columns(data, ("weight", "predicates", "layer"))
        counts = [d.get("evidence_count", len(p)) for d, p in zip(data, pieces, strict=True)]
        columns = [
            list(map(ids.__getitem__, sources)),
            list(map(ids.__getitem__, targets)),
            list(map(label_of.__getitem__, sources)),
            list(map(label_of.__getitem__, targets)),
            _csv_column(weight),
            _csv_column(counts),
            _csv_column(_joined_column(predicates)),
            _csv_column(layer),
        ]
        if evidence == "none":
            columns += [[""] * len(block)] * 4
        else:
            best = [best_evidence(p) or {} for p in pieces]
            columns += map(_csv_column, _csv_columns(best, ("quote", "file", "date", "doc")))
        if evidence != "all":
            columns.append([""] * len(block))
            out.write(_csv_lines(columns))
            continue
        encoded = list(map(_encode_bytes, pieces))
        quoted = list(map(bool, map(special, encoded)))
        columns.append(list(map(_OPEN_QUOTE.__getitem__, quoted)))
        heads = list(map(str.encode, map(",".join, zip(*columns, strict=True))))
        cells = [e.replace(b'"', b'""') for e in encoded]
        ends = list(map(_CLOSE_LINE.__getitem__, quoted))
        out.write(b"".join(itertools.chain.from_iterable(zip(heads, cells, ends, strict=True))))


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
    filters), an output path (or, except for CSV, a binary handle) and the ``evidence`` to keep
    ("all", "best" or "none"); returns the files written."""

    name: str
    suffix: str
    writer: Callable[..., None] | None

    def __call__(self, source: Any, out: str | Path | IO[bytes], *, evidence: str = "all") -> list[Path]:
        if evidence not in EVIDENCE_MODES:
            raise ValueError(f"evidence must be one of {', '.join(EVIDENCE_MODES)}, not {evidence!r}")
        G = source if isinstance(source, nx.Graph) else _project(source)
        with _gc_paused():
            return self._write(G, out, evidence)

    def _write(self, G: nx.Graph, out: str | Path | IO[bytes], evidence: str) -> list[Path]:
        if self.writer is None:  # CSV: two files
            if not isinstance(out, (str, Path)):
                raise TypeError("the CSV export writes two files (nodes and edges): give a path")
            nodes, edges = csv_paths(Path(out))
            with atomic_write(nodes, "wb") as handle:
                write_csv_nodes(G, handle)
            with atomic_write(edges, "wb") as handle:
                write_csv_edges(G, handle, evidence=evidence)
            return [nodes, edges]
        if isinstance(out, (str, Path)):
            with atomic_write(Path(out), "wb") as handle:
                self.writer(G, handle, evidence=evidence)
            return [Path(out)]
        self.writer(G, out, evidence=evidence)
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
