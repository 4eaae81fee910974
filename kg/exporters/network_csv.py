"""Pipeline stage 6c: the collaboration network as two CSV files, a node list and an edge list (spreadsheets, Gephi's spreadsheet import, pandas).

Lists are joined with ``"; "`` and the edge ``evidence`` is a JSON string. The files hold the
bytes the csv module writes (minimal quoting, ``"\\n"`` line ends) for :func:`node_rows` and
:func:`edge_rows`, built column by column, :data:`CSV_BLOCK` rows at a time.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import itertools
import operator
import re
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx

from kg.exporters.network_shared import EVIDENCE_MODES, edge_list, encode_json, encode_json_bytes
from kg.network._common import best_evidence, local_name

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
    if evidence not in EVIDENCE_MODES:
        raise ValueError(f"evidence must be one of {', '.join(EVIDENCE_MODES)}, not {evidence!r}")
    labels = {n: d.get("label") or local_name(n) for n, d in G.nodes(data=True)}
    rows = []
    for u, v, d in edge_list(G):
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
                encode_json(pieces) if evidence == "all" else "",
            ]
        )
    return rows


@functools.cache
def _csv_specials() -> str:
    """The characters that make the csv module quote a field (minimal quoting, "\\n" line
    ends), found by asking it rather than listed here, so that they follow the Python version
    (Python 3.11's writer leaves a "\\r" unquoted, for one)."""
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


CSV_BLOCK = 10_000
"""Rows written at a time by :func:`write_csv_nodes` and :func:`write_csv_edges`."""


def _csv_lines(columns: list[list[str]]) -> bytes:
    """Rows of converted cells (one list per column) as UTF-8 CSV lines."""
    return "".join(map("%s\n".__mod__, map(",".join, zip(*columns, strict=True)))).encode("utf-8")


def write_csv_nodes(G: nx.Graph, out: BinaryIO, *, block: int = CSV_BLOCK) -> None:
    """The node list (:data:`NODE_COLUMNS`; lists joined with "; ") as UTF-8 CSV: the bytes the
    csv module writes for :func:`node_rows`, built column by column."""
    out.write(_csv_lines([[c] for c in _csv_column(list(NODE_COLUMNS))]))
    items = list(G._node.items())
    for start in range(0, len(items), block):
        rows = items[start : start + block]
        columns = [_csv_column([n for n, _ in rows])]
        for column in _csv_columns([d for _, d in rows], NODE_COLUMNS[1:], None):
            columns.append(_csv_column(_joined_column(column)))
        out.write(_csv_lines(columns))


_OPEN_QUOTE = {True: '"', False: ""}
_CLOSE_LINE = {True: b'"\n', False: b"\n"}


def write_csv_edges(G: nx.Graph, out: BinaryIO, *, evidence: str = "all", block: int = CSV_BLOCK) -> None:
    """The edge list (:data:`EDGE_COLUMNS`) as UTF-8 CSV: the bytes the csv module writes for
    :func:`edge_rows`, built column by column. Each node's id and label is escaped once, and
    the evidence JSON (most of the volume) stays bytes from the encoder to the file: its quotes
    doubled by ``bytes.replace``, the quotes around it written by the fields beside it."""
    if evidence not in EVIDENCE_MODES:
        raise ValueError(f"evidence must be one of {', '.join(EVIDENCE_MODES)}, not {evidence!r}")
    out.write(_csv_lines([[c] for c in _csv_column(list(EDGE_COLUMNS))]))
    nodes = list(G._node)
    ids = dict(zip(nodes, _csv_column(nodes), strict=True))
    labels = [d.get("label") or local_name(n) for n, d in G._node.items()]
    label_of = dict(zip(nodes, _csv_column(labels), strict=True))
    edges = edge_list(G)
    special = re.compile(_csv_special_re().pattern.encode()).search  # the same, in UTF-8
    for start in range(0, len(edges), block):
        rows = edges[start : start + block]
        data = [d for *_, d in rows]
        pieces = [d.get("evidence") or [] for d in data]
        sources = [u for u, _, _ in rows]
        targets = [v for _, v, _ in rows]
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
            columns += [[""] * len(rows)] * 4
        else:
            best = [best_evidence(p) or {} for p in pieces]
            columns += map(_csv_column, _csv_columns(best, ("quote", "file", "date", "doc")))
        if evidence != "all":
            columns.append([""] * len(rows))
            out.write(_csv_lines(columns))
            continue
        encoded = list(map(encode_json_bytes, pieces))
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
