"""Pipeline stage 6c: the XML that GraphML and GEXF share: escaping, attribute types, streamed element layouts, and JSON attributes written and read back.

GraphML and GEXF hold only numbers, strings and booleans, so the list attributes (``aliases``,
``documents``, ``predicates``) and the edge ``evidence`` (a list of dicts) are written as compact
JSON strings, and so are the graph attributes; :func:`decode` turns a graph read back into the
projection's types. Empty values (``page`` None) are left out; characters XML 1.0 cannot hold
are dropped.
"""

from __future__ import annotations

import itertools
import json
import operator
import re
from collections.abc import Callable
from typing import Any, BinaryIO

import networkx as nx

from kg.exporters.network_shared import encode_json, encode_json_bytes

JSON_ATTRIBUTES = frozenset(
    {"aliases", "documents", "predicates", "evidence", "layers", "filters", "systems"}
)
"""Attributes written as JSON strings in GraphML and GEXF (and read back by :func:`decode`)."""


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return encode_json(value)
    if isinstance(value, (set, frozenset)):
        return encode_json(sorted(value))
    return value


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


def xml_text(value: Any) -> str:
    """XML character data (characters XML 1.0 cannot hold are dropped)."""
    text = str(value)
    if not text.isprintable():
        text = _XML_INVALID.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attr(value: Any) -> str:
    """An XML attribute value, quotes and line breaks escaped so that they survive parsing."""
    text = str(value)
    if not text.isprintable():
        text = _XML_INVALID.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")


def _json_text(value: Any) -> str:
    # JSON already escapes control characters and line breaks: only markup is left to escape
    text = encode_json(sorted(value) if isinstance(value, (set, frozenset)) else value)
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


def value_shapes(items: Any) -> _Shapes:
    """The distinct (names, value types) of the dicts of ``items``, in first-seen order: one
    dict insertion per item, as most items share a shape."""
    shapes: _Shapes = {}
    for data in items:
        shapes[tuple(data), tuple(map(type, data.values()))] = None
    return shapes


def observed_types(shapes: _Shapes) -> dict[str, set[type]]:
    """Attribute name -> the exact types of its values (None included), in first-seen order."""
    by_key: dict[str, set[type]] = {}
    for keys, kinds in shapes:
        for key, kind in zip(keys, kinds, strict=True):
            by_key.setdefault(key, set()).add(kind)
    return by_key


def declared_types(observed: dict[str, set[type]]) -> dict[str, str]:
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


def renderer(kind: str, *, attribute: bool) -> Callable[[Any], str]:
    """How a value of GraphML/GEXF type ``kind`` is written (as an attribute or as text)."""
    if kind == "double":
        return lambda v: repr(float(v))
    if kind in ("long", "boolean"):
        return _scalar
    plain, json_ = (xml_attr, _json_attr) if attribute else (xml_text, _json_text)

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


_NONCHARACTERS = ("\ufffe".encode(), "\uffff".encode())


def _json_text_bytes(value: Any) -> bytes:
    """``_json_text(value)`` as UTF-8."""
    data = encode_json_bytes(sorted(value) if isinstance(value, (set, frozenset)) else value)
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


class Layout:
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
        types = declared_types(observed)
        escaped = _Escaped(xml_attr if attribute else xml_text)
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
                generic = renderer(kind, attribute=attribute)

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


def write_blocks(out: BinaryIO, layout: Layout, fields: list[list[Any]], items: list[dict[str, Any]]) -> None:
    """Write the elements of ``items`` a few thousand at a time."""
    for start in range(0, len(items), 5000):
        stop = start + 5000
        block = layout.render_all([column[start:stop] for column in fields], items[start:stop])
        out.write(b"".join(block))


def end_ids(edges: list[tuple[Any, Any, Any]], node_id: dict[Any, bytes]) -> tuple[list[bytes], list[bytes]]:
    """The escaped ids of the edges' two ends."""
    get = node_id.__getitem__
    return (
        list(map(get, map(operator.itemgetter(0), edges))),
        list(map(get, map(operator.itemgetter(1), edges))),
    )
