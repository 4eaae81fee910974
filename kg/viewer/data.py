"""The viewer's data preparation: a collaboration graph -> the JSON the page draws (actors, relations, evidence, documents, legends, options)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.viewer.layout import (
    DEFAULT_SEED,
    centrality_scores,
    label_boxes,
    layout_positions,
    node_sizes,
    separate,
)
from kg.viewer.values import _darker, _date, _int, _number, _round, _strings, _text, local_name

PHYSICS_SLOW_AT = 1000
"""From this many actors up, vis-network's physics takes too long to settle: ``layout="physics"``
is then refused unless forced (``physics=True``)."""
LARGE_AT = 3000
"""From this many actors up, hover effects are off and edges hide while dragging or zooming."""
LAYOUTS = ("auto", "physics", "precomputed")
DEFAULT_TITLE = "London health system: who works with whom"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Liberation Sans, sans-serif"
SIZE_BY = "degree centrality"
LABEL_SCALE = (12.0, 15.0)
"""Font sizes of the labels of the least and the most central actors."""


@dataclass(frozen=True, slots=True)
class KindStyle:
    """How one actor type is drawn: its legend label, fill colour and vis-network shape."""

    label: str
    color: str
    shape: str


KIND_STYLES: dict[str, KindStyle] = {
    "ICS": KindStyle("Integrated care system", "#1b3a6b", "hexagon"),
    "ICB": KindStyle("Integrated care board", "#2e86c1", "diamond"),
    "CCG": KindStyle("Clinical commissioning group", "#a9cce3", "diamond"),
    "NHSTrust": KindStyle("NHS trust", "#16a085", "dot"),
    "LocalAuthority": KindStyle("Local authority", "#dc7633", "square"),
    "Borough": KindStyle("Borough", "#f5b041", "triangleDown"),
    "NationalBody": KindStyle("National body", "#7d3c98", "star"),
    "Partnership": KindStyle("Partnership", "#48c9b0", "hexagon"),
    "Place": KindStyle("Place", "#a9dfbf", "triangleDown"),
    "Programme": KindStyle("Programme", "#f4d03f", "triangle"),
    "Strategy": KindStyle("Strategy", "#c39bd3", "triangle"),
    "Funding": KindStyle("Funding", "#58d68d", "diamond"),
    "Organisation": KindStyle("Organisation", "#95a5a6", "dot"),
    "Person": KindStyle("Person", "#e0529c", "dot"),
}
"""Presentation only: which types exist is the ontology's business; an unknown type gets ``OTHER``."""
OTHER = KindStyle("Other", "#bdc3c7", "dot")
ICS_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)
LAYER_LABELS = {"asserted": "Asserted relations", "comention": "Co-mentions"}


class ViewerError(ValueError):
    """A request the viewer cannot honour (unknown layout, ...)."""


def _doc_table(
    G: nx.Graph, documents: Mapping[str, Mapping[str, Any]] | None
) -> tuple[list[dict[str, str]], dict[str, int]]:
    """The documents the page refers to (named by an actor or behind a piece of evidence), with
    title, date, link and file, sorted by IRI."""
    known: dict[str, dict[str, str]] = {}

    def merge(iri: str, info: Mapping[str, Any]) -> None:
        entry = known.setdefault(iri, {"iri": iri, "title": "", "date": "", "url": "", "file": ""})
        for key in ("title", "url", "file"):
            if not entry[key] and info.get(key):
                entry[key] = _text(info.get(key))
        if not entry["date"]:
            entry["date"] = _date(info.get("date"))

    for _, _, attrs in G.edges(data=True):
        for ev in attrs.get("evidence") or ():
            if ev.get("doc"):
                merge(str(ev["doc"]), ev)
    for _, attrs in G.nodes(data=True):
        for doc in _strings(attrs.get("documents")):
            merge(doc, {})
    for source in (documents or {}, G.graph.get("documents") or {}):
        if isinstance(source, Mapping):
            for iri in known:
                info = source.get(iri)
                if isinstance(info, Mapping):
                    merge(iri, info)
    table = [known[iri] for iri in sorted(known)]
    for entry in table:
        if not entry["title"]:
            entry["title"] = entry["file"] or local_name(entry["iri"])
    return table, {entry["iri"]: i for i, entry in enumerate(table)}


def _evidence(
    ev: Mapping[str, Any],
    index: Mapping[Any, int],
    docs: Mapping[str, int],
    weak: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "s": index.get(ev.get("subject"), _text(ev.get("subject"))),
        "p": local_name(ev.get("predicate")),
        "o": index.get(ev.get("object"), _text(ev.get("object"))),
        "q": _text(ev.get("quote")),
        "d": docs.get(_text(ev.get("doc")), -1),
        "t": _date(ev.get("date")),
        "r": _text(ev.get("rule")),
        "c": _number(ev.get("confidence")),
    }
    if item["p"] in weak:
        item["l"] = "c"  # a co-mention: shown apart from what documents state
    page = _int(ev.get("page"))
    if page is not None:
        item["pg"] = page
    start = _int(ev.get("start"))
    if start is not None:
        item["st"] = start
    return item


def _evidence_key(item: dict[str, Any]) -> tuple:
    return (
        item["t"],
        item["d"],
        item.get("st", -1),
        item["p"],
        str(item["s"]),
        str(item["o"]),
        item["q"],
        item["r"],
    )


def build_payload(
    G: nx.Graph,
    *,
    layout: str = "auto",
    title: str = DEFAULT_TITLE,
    physics: bool | None = None,
    focus: Any = None,
    focus_depth: int = 1,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    seed: int = DEFAULT_SEED,
    communities: list[dict[str, Any]] | None = None,
    scores: Mapping[Any, Mapping[str, float]] | None = None,
) -> dict[str, Any]:
    """The page's data for ``G``: nodes (with positions), edges (with their evidence), the
    legends and vis-network's options. See :func:`kg.viewer.render_html` for the arguments;
    ``communities`` (as :func:`kg.network.communities` returns them) and ``scores``
    (centrality by node) default to those of ``G`` itself, and are given when ``G`` is a part
    of a larger graph whose communities and centralities the page should show."""
    if layout not in LAYOUTS:
        raise ViewerError(f"unknown layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    order = sorted(G.nodes, key=str)
    n = len(order)
    index = {node: i for i, node in enumerate(order)}
    if physics is None and layout == "physics" and n >= PHYSICS_SLOW_AT:
        raise ViewerError(
            f"physics cannot settle {n:,} actors in reasonable time (limit {PHYSICS_SLOW_AT:,}); "
            "use the precomputed layout"
        )
    use_physics = layout == "physics" if physics is None else bool(physics)
    large = n >= LARGE_AT
    scale = (7.0, 40.0) if large else (10.0, 44.0)
    positions = layout_positions(G, order, seed=seed)
    if scores is None:
        scores = centrality_scores(G, seed=seed)
    if communities is None:
        communities = community_groups(G)
    community_of = {member: c["community"] for c in communities for member in c["members"]}
    if n < LARGE_AT:
        values = [float(scores.get(node, {}).get("degree", 0.0)) for node in order]
        labels = [_text(G.nodes[node].get("label")) or local_name(node) for node in order]
        boxes = label_boxes(labels, node_sizes(values, *scale), node_sizes(values, *LABEL_SCALE))
        positions = separate(positions, boxes)
    doc_table, doc_index = _doc_table(G, documents)

    systems = G.graph.get("systems") if isinstance(G.graph.get("systems"), Mapping) else {}
    ics_labels: dict[str, str] = {}
    for node in order:
        attrs = G.nodes[node]
        ics = _text(attrs.get("ics"))
        if ics:
            label = (
                _text(attrs.get("ics_label"))
                or _text(systems.get(ics))
                or (_text(G.nodes[ics].get("label")) if ics in G else "")
            )
            ics_labels[ics] = ics_labels.get(ics) or label or local_name(ics)
    ics_order = sorted(ics_labels, key=lambda iri: (ics_labels[iri].casefold(), iri))
    ics_index = {iri: i for i, iri in enumerate(ics_order)}

    nodes: list[dict[str, Any]] = []
    kind_counts: Counter[str] = Counter()
    ics_counts: Counter[int] = Counter()
    for i, node in enumerate(order):
        attrs = G.nodes[node]
        kind = _text(attrs.get("kind")) or "Organisation"
        kind_counts[kind] += 1
        ics = ics_index.get(_text(attrs.get("ics")), -1)
        ics_counts[ics] += 1
        label = _text(attrs.get("label")) or local_name(node)
        aliases = sorted({a for a in _strings(attrs.get("aliases")) if a != label}, key=str.casefold)
        item: dict[str, Any] = {
            "id": i,
            "label": label,
            "group": kind if kind in KIND_STYLES else "Other",
            "value": _round(scores.get(node, {}).get("degree", 0.0)),
            "bc": _round(scores.get(node, {}).get("betweenness", 0.0)),
            "ev": _round(scores.get(node, {}).get("eigenvector", 0.0)),
            "iri": str(node),
            "kind": kind,
            "key": _text(attrs.get("key")),
            "ods": _text(attrs.get("ods")),
            "gss": _text(attrs.get("gss")),
            "aliases": aliases,
            "ics": ics,
            "docs": sorted({doc_index[d] for d in _strings(attrs.get("documents")) if d in doc_index}),
            "cm": community_of.get(node, -1),
        }
        if attrs.get("distance") is not None:
            item["dist"] = _int(attrs.get("distance"))
        item["x"], item["y"] = positions[i]
        nodes.append(item)

    edges: list[dict[str, Any]] = []
    pred_counts: Counter[str] = Counter()
    weak = comention_predicates()
    symmetric = symmetric_names()
    layer_counts: Counter[str] = Counter()
    for u, v, attrs in sorted(G.edges(data=True), key=lambda e: tuple(sorted((index[e[0]], index[e[1]])))):
        a, b = sorted((index[u], index[v]))
        layer = _text(attrs.get("layer")) or "asserted"
        evidence = sorted(
            (_evidence(ev, index, doc_index, weak) for ev in attrs.get("evidence") or ()), key=_evidence_key
        )
        deduped = [ev for k, ev in enumerate(evidence) if k == 0 or ev != evidence[k - 1]]
        predicates = sorted(
            {local_name(p) for p in _strings(attrs.get("predicates"))} | {ev["p"] for ev in deduped}
        )
        weight = _int(attrs.get("weight")) or len({ev["d"] for ev in deduped}) or 1
        width = (
            min(8.0, 1.5 + 1.5 * math.log2(weight))
            if layer == "asserted"
            else min(4.0, 1.0 + 0.75 * math.log2(weight))
        )
        edges.append(
            {
                "id": len(edges),
                "from": a,
                "to": b,
                "width": round(width, 2),
                "layer": layer,
                "predicates": predicates,
                "weight": weight,
                "evidence": deduped,
                **(
                    attrs["style"]
                    if isinstance(attrs.get("style"), Mapping)
                    else edge_style(deduped, a, b, predicates, weak, symmetric)
                ),
            }
        )
        pred_counts.update(predicates)
        layer_counts[layer] += 1

    kinds_present = sorted(
        kind_counts, key=lambda k: (list(KIND_STYLES).index(k) if k in KIND_STYLES else 99, k)
    )
    kinds = []
    for kind in kinds_present:
        style = KIND_STYLES.get(kind, OTHER)
        kinds.append(
            {
                "name": kind,
                "label": style.label if kind in KIND_STYLES else kind,
                "color": style.color,
                "border": _darker(style.color),
                "shape": style.shape,
                "count": kind_counts[kind],
            }
        )
    groups = {}
    for style_name, style in [*KIND_STYLES.items(), ("Other", OTHER)]:
        border = _darker(style.color)
        groups[style_name] = {
            "shape": style.shape,
            "color": {
                "background": style.color,
                "border": border,
                "highlight": {"background": style.color, "border": "#d9480f"},
                "hover": {"background": style.color, "border": "#1f5fa8"},
            },
        }
    layers = [
        {"name": name, "label": label, "count": layer_counts[name]} for name, label in LAYER_LABELS.items()
    ]
    layers += [
        {"name": name, "label": name, "count": layer_counts[name]}
        for name in sorted(set(layer_counts) - set(LAYER_LABELS))
    ]

    options: dict[str, Any] = {
        "autoResize": True,
        "groups": groups,
        "nodes": {
            "borderWidth": 1.5,
            "borderWidthSelected": 3,
            "font": {
                "face": FONT,
                "size": 14,
                "color": "#1d2733",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "scaling": {
                "min": scale[0],
                "max": scale[1],
                # labels are drawn by the page at a readable size (kg/static/viewer.js)
                "label": {"enabled": False},
            },
            "shapeProperties": {"interpolation": False},
        },
        "edges": {
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3} if use_physics else False,
            "selectionWidth": 2.5,
            "hoverWidth": 1,
            "color": {"inherit": False},
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 250,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
            "zoomSpeed": 0.7,
        },
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "physics": (
            {
                "enabled": True,
                "solver": "forceAtlas2Based",
                "forceAtlas2Based": {
                    "gravitationalConstant": -45,
                    "centralGravity": 0.004,
                    "springLength": 110,
                    "springConstant": 0.05,
                    "damping": 0.5,
                    "avoidOverlap": 0.4,
                },
                "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50, "fit": True},
                "minVelocity": 1.0,
            }
            if use_physics
            else {"enabled": False}
        ),
    }

    if focus is None:
        focus = G.graph.get("ego")
    focus_id = index.get(focus) if focus is not None else None
    return {
        "title": title,
        "kinds": kinds,
        "ics": [
            {
                "iri": iri,
                "label": ics_labels[iri],
                "color": ICS_COLOURS[i % len(ICS_COLOURS)],
                "count": ics_counts[i],
            }
            for i, iri in enumerate(ics_order)
        ],
        "noIcsCount": ics_counts[-1],
        "predicates": predicate_legend(pred_counts),
        "communities": [
            {
                "label": c["label"],
                "size": c["size"],
                "color": ICS_COLOURS[c["community"] % len(ICS_COLOURS)] if c["size"] > 1 else OTHER.color,
            }
            for c in communities
        ],
        "layers": layers,
        "docs": doc_table,
        "nodes": nodes,
        "edges": edges,
        "options": options,
        "physics": use_physics,
        "focus": focus_id,
        "focusDepth": max(1, min(3, int(focus_depth or G.graph.get("depth") or 1))),
        "sizeBy": SIZE_BY,
        "scope": describe_scope(G),
        "timeline": timeline(d["date"] for d in doc_table),
    }


def timeline(dates: Iterable[Any]) -> list[list[Any]]:
    """Documents per month, for the page's date slider: ``[["YYYY-MM", count], ...]`` in
    order, months without documents left out (the page fills the gaps). A date of a year
    alone counts in its January; undated documents are not counted.

    >>> timeline(["2023-05-17", "2023-05", "2021", "", None, "2023-01-02T10:00:00"])
    [['2021-01', 1], ['2023-01', 1], ['2023-05', 2]]
    """
    counts: Counter[str] = Counter()
    for value in dates:
        text = _date(value)
        if re.match(r"^\d{4}-\d{2}", text):
            counts[text[:7]] += 1
        elif re.match(r"^\d{4}$", text):
            counts[text + "-01"] += 1
    return [[month, counts[month]] for month in sorted(counts)]


def describe_scope(G: nx.Graph) -> list[str]:
    """What the graph was cut to, in words, from what :func:`kg.network.collaboration_graph` and
    :func:`kg.network.ego_graph` record in ``G.graph``.

    >>> describe_scope(nx.Graph(layers=["asserted"], filters={"since": "2023-01-01", "kinds": None}))
    ['Relations: asserted only', 'Evidence dated from 2023-01-01']
    """
    out = []
    layers = G.graph.get("layers")
    if layers:
        names = {"asserted": "asserted", "comention": "co-mentions"}
        out.append(
            "Relations: "
            + (
                " and ".join(names.get(x, x) for x in layers)
                if len(layers) > 1
                else f"{names.get(layers[0], layers[0])} only"
            )
        )
    filters = G.graph.get("filters") if isinstance(G.graph.get("filters"), Mapping) else {}
    systems = G.graph.get("systems") if isinstance(G.graph.get("systems"), Mapping) else {}
    if filters.get("kinds"):
        out.append("Actor types: " + ", ".join(filters["kinds"]))
    if filters.get("ics"):
        out.append("Touching: " + ", ".join(_text(systems.get(i)) or local_name(i) for i in filters["ics"]))
    if filters.get("predicates") and layers:
        from kg.ontology import edge_predicates

        every = {local_name(p) for layer in layers for p in edge_predicates(layer)}
        chosen = {local_name(p) for p in filters["predicates"]}
        if chosen < every:
            out.append("Relation kinds: " + ", ".join(_words(p) for p in sorted(chosen)))
    since, until = filters.get("since"), filters.get("until")
    if since and until:
        out.append(f"Evidence dated {since} to {until}")
    elif since:
        out.append(f"Evidence dated from {since}")
    elif until:
        out.append(f"Evidence dated up to {until}")
    if filters.get("documents"):
        out.append(f"Evidence from {len(filters['documents'])} chosen document(s)")
    if G.graph.get("ego") is not None and G.graph.get("ego") in G:
        depth = G.graph.get("depth", 1)
        out.append(
            f"The network of {G.nodes[G.graph['ego']].get('label') or G.graph['ego']} within "
            f"{depth} step{'s' if depth != 1 else ''}"
        )
    return out


def _words(name: str) -> str:
    """A predicate's local name in words.

    >>> _words("partOf"), _words("coMentionedWith")
    ('part of', 'co-mentioned with')
    """
    if name == "coMentionedWith":
        return "co-mentioned with"
    return re.sub(r"([a-z])([A-Z])", r"\1 \2", name).lower()


def document_metadata(db: Any) -> dict[str, dict[str, str]]:
    """Title, date, URL and file name of every document in the store, by IRI."""
    from kg.network.projection import document_table

    return {
        iri: {"title": d.title, "date": d.date, "url": d.url, "file": d.file}
        for iri, d in document_table(db).items()
    }


PREDICATE_COLOURS = (
    "#1f5fa8",
    "#c0392b",
    "#1e8449",
    "#7d3c98",
    "#d35400",
    "#117a8b",
    "#b7950b",
    "#a93226",
    "#2e4053",
    "#6c3483",
    "#196f3d",
    "#935116",
)
"""Edge colours, one per relation kind (in name order); co-mentions are grey."""
COMENTION_COLOUR = "#9aa6b2"


def comention_predicates() -> frozenset[str]:
    """Local names of the co-mention layer's predicates."""
    from kg.ontology import edge_predicates

    return frozenset(local_name(p) for p in edge_predicates("comention"))


def predicate_legend(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """Every relation kind of the ontology's network layers with its colour, whether it is
    symmetric (drawn without arrows) and how many relations of the view carry it; the colours
    depend only on the ontology, so the same kind has the same colour in every view.

    >>> [p["name"] for p in predicate_legend({"partnerOf": 2})][:1]
    ['partnerOf']
    """
    from kg.ontology import edge_predicates, symmetric_predicates

    weak = comention_predicates()
    symmetric = {local_name(p) for p in symmetric_predicates()}
    every = sorted({local_name(p) for layer in ("asserted", "comention") for p in edge_predicates(layer)})
    strong = [p for p in every if p not in weak]
    colour = {p: PREDICATE_COLOURS[i % len(PREDICATE_COLOURS)] for i, p in enumerate(strong)}
    names = sorted(set(counts) | set(every), key=lambda p: (p in weak, -int(counts.get(p, 0)), p))
    return [
        {
            "name": p,
            "label": _words(p),
            "count": int(counts.get(p, 0)),
            "color": colour.get(p, COMENTION_COLOUR),
            "symmetric": p in symmetric,
            "comention": p in weak,
        }
        for p in names
        if counts.get(p, 0)
    ]


def community_groups(G: nx.Graph) -> list[dict[str, Any]]:
    """The communities of ``G`` exactly as ``kg communities`` finds them (same seed, resolution
    and backend choice)."""
    from kg.network import communities

    return communities(G, seed=0, resolution=1.0)


def symmetric_names() -> frozenset[str]:
    """Local names of the symmetric predicates (drawn without arrows)."""
    from kg.ontology import symmetric_predicates

    return frozenset(local_name(p) for p in symmetric_predicates())


def edge_style(
    evidence: list[dict[str, Any]],
    a: int,
    b: int,
    predicates: list[str],
    weak: frozenset[str],
    symmetric: frozenset[str],
) -> dict[str, Any]:
    """How a relation is drawn: its main kind (the one stated most often; the first stated kind,
    or the co-mention, when no evidence is at hand) and its arrows (``dir``: "to" from ``a`` to
    ``b``, "from", "both" or ""), from the subjects and objects of what documents state.

    >>> edge_style([{"s": 1, "p": "partOf", "o": 0}], 0, 1, ["partOf"], frozenset(), frozenset())
    {'main': 'partOf', 'dir': 'from'}
    """
    counts = Counter(ev["p"] for ev in evidence if ev["p"] not in weak)
    if counts:
        main = min(counts, key=lambda p: (-counts[p], p))
    else:
        main = next(
            (p for p in predicates if p not in weak), predicates[0] if predicates else "coMentionedWith"
        )
    forward = any(ev["s"] == a for ev in evidence if ev["p"] not in weak and ev["p"] not in symmetric)
    backward = any(ev["s"] == b for ev in evidence if ev["p"] not in weak and ev["p"] not in symmetric)
    return {
        "main": main,
        "dir": "both" if forward and backward else "to" if forward else "from" if backward else "",
    }
