"""The viewer stage: draw a collaboration graph (:mod:`kg.network`) as one self-contained HTML page.

pyvis builds the page: its ``Network`` holds the vis-network nodes, edges and options and renders
our template ``kg/static/viewer.html``. Everything the page needs is inlined: vis-network (vendored
from the npm package, see ``kg/static/README.md``), the page's own script and style, and the data
as JSON in a ``<script type="application/json">`` block. The page makes no network request; a
Content-Security-Policy with ``default-src 'none'`` and script hashes makes sure of it and stops
any injected script from running.

Text from documents is never written into the HTML as markup: it travels inside the JSON (with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so a ``</script>`` in a quote cannot end the
block), and the page's script puts it on screen with ``textContent``.

Positions are computed here (:func:`layout_positions`: igraph's Fruchterman-Reingold, fixed seed):
one cluster per ICS, placed around the centre as its name says (north west at the top left), the
actors of no ICS between them. Physics is off and edges are straight, so thousands of actors open
in seconds and every actor stays where it was drawn. That is ``layout="auto"`` (and
``"precomputed"``) at every size: vis-network's physics would pull the ICS clusters together, so
it is a choice (``layout="physics"``, small graphs only). The same graph always gives the same
bytes.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("https://w3id.org/london-health-kg/id/a", label="A </script>", kind="NHSTrust")
>>> html = render_html(G, title="Demo")
>>> "A </script>" in html, "A \\\\u003c/script\\\\u003e" in html
(False, True)
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

STATIC = Path(__file__).with_name("static")
TEMPLATE = "viewer.html"
VIS_VERSION = "9.1.2"
PHYSICS_SLOW_AT = 1000
"""From this many actors up, vis-network's physics takes too long to settle: ``layout="physics"``
is then refused unless forced (``physics=True``)."""
LARGE_AT = 3000
"""From this many actors up, hover effects are off and edges hide while dragging or zooming."""
LAYOUTS = ("auto", "physics", "precomputed")
DEFAULT_SEED = 20240601
DEFAULT_TITLE = "London health system: who works with whom"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, Liberation Sans, sans-serif"
SIZE_BY = "degree centrality"
LABEL_SCALE = (11.0, 30.0)
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


# ---------------------------------------------------------------------------------------------
# Safe embedding


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&``, U+2028 and
    U+2029 become ``\\uXXXX`` escapes (still the same JSON), so no text can close the element.

    >>> script_json({"q": "</script><b>&"})
    '{"q":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    >>> json.loads(script_json(["\\u2028 <x>"])) == ["\\u2028 <x>"]
    True
    """
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _inline_safe(text: str, tag: str) -> str:
    """Refuse an asset that would end its own inline element."""
    if re.search(rf"</{tag}|<!--", text, re.IGNORECASE):
        raise ViewerError(f"an inline {tag} asset contains '</{tag}' or '<!--'")
    return text


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def _assets() -> tuple[str, str, str]:
    """vis-network's script (source-map comment dropped), the page's script and its style."""
    vis = (STATIC / "vis-network.min.js").read_text(encoding="utf-8")
    vis = re.sub(r"\n?//# sourceMappingURL=\S*\s*$", "\n", vis)
    app = (STATIC / "viewer.js").read_text(encoding="utf-8")
    css = (STATIC / "viewer.css").read_text(encoding="utf-8")
    return _inline_safe(vis, "script"), _inline_safe(app, "script"), _inline_safe(css, "style")


def content_security_policy(scripts: Iterable[str]) -> str:
    """The page's policy: nothing may load from anywhere; only the given inline scripts run."""
    hashes = " ".join(_sha256(s) for s in scripts)
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'"
    )


# ---------------------------------------------------------------------------------------------
# Plain values from node and edge attributes


def local_name(iri: object) -> str:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/london-health-kg/ontology#leads"), local_name("leads")
    ('leads', 'leads')
    """
    text = str(iri or "")
    return re.split(r"[#/]", text)[-1] if ("#" in text or "/" in text) else text


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _date(value: object) -> str:
    """An ISO date, possibly partial (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``), or "".

    >>> _date("2023-05-17T10:00:00"), _date("2023"), _date("n.d.")
    ('2023-05-17', '2023', '')
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    match = re.match(r"\d{4}(-\d{2}(-\d{2})?)?", str(value).strip())
    return match.group(0) if match else ""


def _number(value: object) -> float | None:
    """A finite number (ints, floats, Decimals, numeric strings) rounded to 4 places, or None."""
    number = _number_raw(value)
    return round(number, 4) if number is not None else None


def _round(value: object) -> float:
    """Four significant figures: enough for sizes and the panel, and fewer bytes.

    >>> _round(0.000123456), _round(0.5)
    (0.0001235, 0.5)
    """
    number = _number_raw(value)
    return float(f"{number:.4g}") if number is not None else 0.0


def _number_raw(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _int(value: object) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _strings(value: object) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None and str(v) != ""]


def _darker(colour: str, factor: float = 0.7) -> str:
    """A darker shade of a ``#rrggbb`` colour, for borders.

    >>> _darker("#ffffff")
    '#b2b2b2'
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * factor):02x}" for c in (r, g, b))


# ---------------------------------------------------------------------------------------------
# Layout and sizes


def centrality_scores(G: nx.Graph, *, seed: int = 0) -> dict[Any, dict[str, float]]:
    """Degree, betweenness and eigenvector centrality per actor (:func:`kg.network.centrality`:
    igraph on large graphs, betweenness sampled with a fixed seed when exact would be slow)."""
    from kg.network import centrality

    return dict(centrality(G, seed=seed))


GRID_AT = 500
"""From this many vertices up, igraph's faster grid-based Fruchterman-Reingold is used."""
SPACING = 0.6
"""Layout units between neighbouring actors in a cluster (igraph's layouts put tied vertices
about one unit apart)."""
PIXELS = 110.0
"""vis-network pixels per layout unit."""
COMPASS = (
    ("north west", 135.0),
    ("north-west", 135.0),
    ("northwest", 135.0),
    ("north east", 45.0),
    ("north-east", 45.0),
    ("northeast", 45.0),
    ("south east", -45.0),
    ("south-east", -45.0),
    ("southeast", -45.0),
    ("south west", -135.0),
    ("south-west", -135.0),
    ("southwest", -135.0),
    ("north central", 90.0),
    ("south central", -90.0),
    ("north", 90.0),
    ("south", -90.0),
    ("east", 0.0),
    ("west", 180.0),
)
"""Where an ICS sits around the centre when its name says (London's five read like a map)."""


def ics_angles(labels: list[str]) -> list[float]:
    """An angle (degrees, anticlockwise from east) for each ICS: from the compass words in its
    name when every name has distinct ones, else evenly spaced in the given order.

    >>> ics_angles(["North Central London ICS", "South West London ICS"])
    [90.0, -135.0]
    >>> ics_angles(["Kent ICS", "Surrey ICS", "Sussex ICS", "Essex ICS"])
    [90.0, 0.0, -90.0, -180.0]
    """
    found = []
    for label in labels:
        text = f" {label.casefold()} "
        found.append(next((angle for words, angle in COMPASS if f" {words} " in text), None))
    if all(a is not None for a in found) and len(set(found)) == len(found):
        return [float(a) for a in found]  # type: ignore[arg-type]
    return [90.0 - 360.0 * i / len(labels) for i in range(len(labels))]


def _fruchterman_reingold(
    count: int,
    pairs: list[tuple[int, int]],
    weights: list[float],
    start: list[list[float]],
    rng: random.Random,
    pinned: Mapping[int, tuple[float, float]] | None = None,
    *,
    niter: int = 500,
    start_temp: float | None = None,
) -> list[list[float]]:
    """igraph's Fruchterman-Reingold layout from ``start``, with ``pinned`` vertices held still;
    igraph draws its random numbers from ``rng``, so the result repeats."""
    import igraph as ig

    graph = ig.Graph(n=count, edges=pairs)
    bounds: dict[str, Any] = {}
    if pinned:
        far = 1e9
        minx, maxx, miny, maxy = [-far] * count, [far] * count, [-far] * count, [far] * count
        for v, (x, y) in pinned.items():
            minx[v] = maxx[v] = x
            miny[v] = maxy[v] = y
        bounds = {"minx": minx, "maxx": maxx, "miny": miny, "maxy": maxy}
    ig.set_random_number_generator(rng)
    try:
        if start_temp is not None:
            bounds["start_temp"] = start_temp
        layout = graph.layout_fruchterman_reingold(
            weights=weights or None, seed=start, niter=niter, grid=count >= GRID_AT, **bounds
        )
    finally:
        ig.set_random_number_generator(random)
    return [list(c) for c in layout.coords]


def layout_positions(G: nx.Graph, order: list[Any], *, seed: int = DEFAULT_SEED) -> list[tuple[int, int]]:
    """Positions (vis-network pixels) for the actors in ``order``: one cluster per ICS, placed
    around the centre as its name suggests (north west at the top left...), with the actors
    that belong to no ICS in the middle, between the systems they work with.

    Three igraph Fruchterman-Reingold passes, all seeded so the same graph always gets the same
    positions: each ICS's actors (pulled to their ICS), then the clusters set around a circle
    wide enough that they do not overlap, then the other actors laid out among the clusters,
    which stay put.
    """
    n = len(order)
    if n == 0:
        return []
    rng = random.Random(seed)
    index = {node: i for i, node in enumerate(order)}
    edges: list[tuple[int, int, float]] = []
    for u, v, attrs in G.edges(data=True):
        a, b = sorted((index[u], index[v]))
        if a != b:
            strength = 1.0 + math.log1p(_number(attrs.get("weight")) or 1.0)
            edges.append((a, b, strength if attrs.get("layer", "asserted") == "asserted" else 0.5 * strength))
    edges.sort()
    group_of = [_text(G.nodes[node].get("ics")) for node in order]
    systems = G.graph.get("systems") if isinstance(G.graph.get("systems"), Mapping) else {}
    names = {}
    for i, ics in enumerate(group_of):
        if ics and ics not in names:
            names[ics] = _text(G.nodes[order[i]].get("ics_label")) or _text(systems.get(ics)) or ics
    groups = sorted(names, key=lambda iri: (names[iri].casefold(), iri))
    members = {ics: [i for i in range(n) if group_of[i] == ics] for ics in groups}
    pos: list[list[float] | None] = [None] * n

    # 1. each ICS on its own: its actors, their ties, and a pull to the ICS (its node, or a hub)
    shapes: dict[str, tuple[list[list[float]], float]] = {}
    for ics in groups:
        local = members[ics]
        at = {v: k for k, v in enumerate(local)}
        hub = at.get(index[ics]) if ics in index else None
        size = len(local)
        if hub is None:
            hub = size
            size += 1
        pairs = [(at[a], at[b]) for a, b, _ in edges if a in at and b in at]
        weights = [w for a, b, w in edges if a in at and b in at]
        for k in range(len(local)):
            if k != hub:
                pairs.append((k, hub))
                weights.append(1.0)
        side = math.sqrt(size)
        start = [[rng.uniform(-side, side), rng.uniform(-side, side)] for _ in range(size)]
        coords = _fruchterman_reingold(size, pairs, weights, start, rng, niter=500 if size < 2000 else 300)[
            : len(local)
        ]
        cx = sum(c[0] for c in coords) / len(coords)
        cy = sum(c[1] for c in coords) / len(coords)
        dist = sorted(math.hypot(c[0] - cx, c[1] - cy) for c in coords)
        spread = dist[min(len(dist) - 1, int(0.9 * len(dist)))] or 1.0
        # scale so that actors sit about SPACING apart, whatever the size of the cluster
        radius = SPACING * math.sqrt(len(local))
        factor = radius / spread
        coords = [[(c[0] - cx) * factor, (c[1] - cy) * factor] for c in coords]
        shapes[ics] = (coords, radius * 1.1 + 1.0)

    # 2. the clusters around a circle, leaving the middle for the actors of no ICS
    free = [i for i in range(n) if not group_of[i]]
    if groups:
        angles = [math.radians(a) for a in ics_angles([names[g] for g in groups])]
        radii = [shapes[g][1] for g in groups]
        gap = 2.0
        ring = max(radii) + gap + 1.2 * SPACING * math.sqrt(len(free)) if len(groups) > 1 or free else 0.0
        by_angle = sorted(range(len(groups)), key=lambda k: angles[k])
        for j, k in enumerate(by_angle):
            m = by_angle[(j + 1) % len(by_angle)]
            if m == k:
                continue
            step = (angles[m] - angles[k]) % (2 * math.pi) or 2 * math.pi
            chord = 2 * math.sin(min(step, math.pi) / 2)
            ring = max(ring, (radii[k] + radii[m] + gap) / max(chord, 1e-6))
        for k, ics in enumerate(groups):
            ox, oy = ring * math.cos(angles[k]), -ring * math.sin(angles[k])
            for i, c in zip(members[ics], shapes[ics][0], strict=True):
                pos[i] = [ox + c[0], oy + c[1]]

    # 3. everyone else among the clusters: the free actors and the cluster members they are tied
    #    to (held still), so the cost grows with the free actors, not the whole graph
    if free:
        free_set = set(free)
        pinned_near = sorted(
            {x for a, b, _ in edges if (a in free_set) != (b in free_set) for x in (a, b)} - free_set
        )
        local = free + pinned_near
        at = {v: k for k, v in enumerate(local)}
        pairs = [
            (at[a], at[b]) for a, b, _ in edges if a in at and b in at and (a in free_set or b in free_set)
        ]
        weights = [w for a, b, w in edges if a in at and b in at and (a in free_set or b in free_set)]
        # start each free actor at the middle of the cluster members it is tied to (or near the
        # centre), so a short, cool run is enough
        near: dict[int, list[int]] = {i: [] for i in free}
        for a, b, _ in edges:
            if a in free_set and b not in free_set:
                near[a].append(b)
            elif b in free_set and a not in free_set:
                near[b].append(a)
        side = SPACING * math.sqrt(len(free))
        start = []
        for i in free:
            if near[i]:
                start.append(
                    [
                        sum(pos[v][0] for v in near[i]) / len(near[i]) + rng.uniform(-1, 1),  # type: ignore[index]
                        sum(pos[v][1] for v in near[i]) / len(near[i]) + rng.uniform(-1, 1),
                    ]
                )  # type: ignore[index]
            else:
                start.append([rng.uniform(-side, side), rng.uniform(-side, side)])
        start += [list(pos[v]) for v in pinned_near]  # type: ignore[arg-type]
        pinned = {at[v]: (pos[v][0], pos[v][1]) for v in pinned_near}  # type: ignore[index]
        coords = _fruchterman_reingold(
            len(local), pairs, weights, start, rng, pinned, niter=200, start_temp=2.0
        )
        for k, i in enumerate(free):
            pos[i] = coords[k]

    scale = PIXELS
    return [(round(p[0] * scale), round(p[1] * scale)) for p in pos]  # type: ignore[index]


def node_sizes(values: list[float], smallest: float, largest: float) -> list[float]:
    """The radius vis-network draws each node at, given its ``value`` and the scaling range
    (vis-network's default linear scaling).

    >>> node_sizes([0.0, 0.5, 1.0], 10, 30)
    [10.0, 20.0, 30.0]
    """
    if not values:
        return []
    lo, hi = min(values), max(values)
    if hi == lo:
        return [smallest + (largest - smallest) * 0.5] * len(values)
    return [smallest + (largest - smallest) * (v - lo) / (hi - lo) for v in values]


def label_boxes(
    labels: list[str], sizes: list[float], fonts: list[float]
) -> list[tuple[float, float, float]]:
    """For each node drawn at radius ``sizes[i]`` with its label (font size ``fonts[i]``)
    underneath: the half-width and half-height of the box around both, and how far below the
    node's centre the box's centre is."""
    out = []
    for label, size, font in zip(labels, sizes, fonts, strict=True):
        text_w = 0.55 * font * min(len(label), 60)
        height = 2 * size + 1.3 * font
        out.append((max(size, text_w / 2), height / 2, height / 2 - size))
    return out


def separate(
    points: list[tuple[int, int]],
    boxes: list[tuple[float, float, float]],
    *,
    pad: float = 8.0,
    rounds: int = 60,
) -> list[tuple[int, int]]:
    """Nudge apart nodes whose boxes (see :func:`label_boxes`) overlap, a little at a time and
    along the axis where they overlap least, so the layout keeps its shape. Deterministic.

    >>> separate([(0, 0), (5, 0)], [(10.0, 10.0, 0.0), (10.0, 10.0, 0.0)], pad=0)
    [(-8, 0), (12, 0)]
    """
    if len(points) < 2:
        return list(points)
    pts = [[float(x), float(y)] for x, y in points]
    cell = 2 * max(max(b[0], b[1]) for b in boxes) + pad
    for _ in range(rounds):
        grid: dict[tuple[int, int], list[int]] = {}
        for i, (x, y) in enumerate(pts):
            grid.setdefault((math.floor(x / cell), math.floor(y / cell)), []).append(i)
        moved = False
        for (gx, gy), items in grid.items():
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    others = grid.get((gx + dx, gy + dy))
                    if not others:
                        continue
                    for i in items:
                        wi, hi, oi = boxes[i]
                        for j in others:
                            if j <= i:
                                continue
                            wj, hj, oj = boxes[j]
                            vx = pts[j][0] - pts[i][0]
                            vy = (pts[j][1] + oj) - (pts[i][1] + oi)
                            over_x = wi + wj + pad - abs(vx)
                            over_y = hi + hj + pad - abs(vy)
                            if over_x <= 0 or over_y <= 0:
                                continue
                            if over_x < over_y:
                                step = over_x / 2 * (1 if vx > 0 or (vx == 0 and i % 2) else -1)
                                pts[i][0] -= step
                                pts[j][0] += step
                            else:
                                step = over_y / 2 * (1 if vy > 0 or (vy == 0 and i % 2) else -1)
                                pts[i][1] -= step
                                pts[j][1] += step
                            moved = True
        if not moved:
            break
    return [(round(x), round(y)) for x, y in pts]


# ---------------------------------------------------------------------------------------------
# The page's data


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


def _evidence(ev: Mapping[str, Any], index: Mapping[Any, int], docs: Mapping[str, int]) -> dict[str, Any]:
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


def build_network(
    G: nx.Graph,
    *,
    layout: str = "auto",
    title: str = DEFAULT_TITLE,
    physics: bool | None = None,
    focus: Any = None,
    focus_depth: int = 1,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    seed: int = DEFAULT_SEED,
):  # type: ignore[no-untyped-def]
    """The pyvis ``Network`` for ``G`` (nodes, edges and options filled in directly) and the
    page's data. See :func:`render_html` for the arguments."""
    from pyvis.network import Network

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
    scores = centrality_scores(G, seed=seed)
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
        }
        if attrs.get("distance") is not None:
            item["dist"] = _int(attrs.get("distance"))
        item["x"], item["y"] = positions[i]
        nodes.append(item)

    edges: list[dict[str, Any]] = []
    pred_counts: Counter[str] = Counter()
    layer_counts: Counter[str] = Counter()
    for u, v, attrs in sorted(G.edges(data=True), key=lambda e: tuple(sorted((index[e[0]], index[e[1]])))):
        a, b = sorted((index[u], index[v]))
        layer = _text(attrs.get("layer")) or "asserted"
        evidence = sorted(
            (_evidence(ev, index, doc_index) for ev in attrs.get("evidence") or ()), key=_evidence_key
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
                # crowded graphs: only the labels of the most central actors until one zooms in
                "label": {
                    "enabled": True,
                    "min": LABEL_SCALE[0],
                    "max": LABEL_SCALE[1],
                    "maxVisible": 26,
                    "drawThreshold": 11 if large else (8 if n >= 300 else 3),
                },
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
    payload = {
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
        "predicates": [{"name": p, "label": _words(p), "count": pred_counts[p]} for p in sorted(pred_counts)],
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
    }

    net = Network(height="100%", width="100%", heading=title, cdn_resources="in_line")
    net.set_template_dir(str(STATIC) + os.sep, TEMPLATE)
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [item["id"] for item in nodes]
    net.node_map = {item["id"]: item for item in nodes}
    net.options = options
    return net, payload


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


def render_html(
    G: nx.Graph,
    *,
    layout: str = "auto",
    title: str = DEFAULT_TITLE,
    physics: bool | None = None,
    focus: Any = None,
    focus_depth: int = 1,
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    seed: int = DEFAULT_SEED,
) -> str:
    """The self-contained HTML page for a collaboration graph.

    Args:
        G: a graph from :func:`kg.network.collaboration_graph` (or :func:`kg.network.ego_graph`).
        layout: "auto" or "precomputed" (positions from igraph, grouped by ICS; physics off,
            straight edges), or "physics" (vis-network settles the graph from those positions,
            then stops; refused from ``PHYSICS_SLOW_AT`` actors up unless ``physics=True``).
        title: the page's title and heading.
        physics: force physics on or off, whatever the layout says.
        focus: an actor (node key) to select when the page opens, e.g. an ego network's centre.
        focus_depth: the depth the page offers first for "show its network".
        documents: extra document metadata by IRI (title, date, url, file), e.g. from
            :func:`document_metadata`, for documents that only name actors.
        seed: the layout's random seed.

    Returns:
        The page; identical for identical input.
    """
    vis_js, app_js, css = _assets()
    import pyvis

    net, payload = build_network(
        G,
        layout=layout,
        title=title,
        physics=physics,
        focus=focus,
        focus_depth=focus_depth,
        documents=documents,
        seed=seed,
    )
    net.templateEnv.globals.update(
        kg_payload=script_json(payload),
        kg_vis_js=vis_js,
        kg_app_js=app_js,
        kg_css=css,
        kg_csp=content_security_policy([vis_js, app_js]),
        kg_vis_version=VIS_VERSION,
        kg_pyvis_version=getattr(pyvis, "__version__", ""),
    )
    return net.generate_html(name="kg-view.html")


def write_html(G: nx.Graph, path: Path | str, **kwargs: Any) -> Path:
    """Render ``G`` (see :func:`render_html` for the keyword arguments) and write the page to
    ``path`` atomically. Returns the path."""
    from kg.atomic import atomic_write

    html = render_html(G, **kwargs)
    path = Path(path)
    with atomic_write(path, "w") as handle:
        handle.write(html)
    return path


# ---------------------------------------------------------------------------------------------
# From the store


@dataclass(frozen=True, slots=True)
class ViewReport:
    """What :func:`view_store` wrote."""

    path: Path
    actors: int
    relations: int
    physics: bool
    focus: str | None


def document_metadata(db: Any) -> dict[str, dict[str, str]]:
    """Title, date, URL and file name of every document in the store, by IRI."""
    from kg.network.projection import document_table

    return {
        iri: {"title": d.title, "date": d.date, "url": d.url, "file": d.file}
        for iri, d in document_table(db).items()
    }


def view_store(
    db: Any,
    output: Path | str,
    *,
    layers: Iterable[str] = ("asserted", "comention"),
    kinds: Iterable[str] | None = None,
    ics: Iterable[str] | None = None,
    predicates: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    depth: int = 1,
    layout: str = "auto",
    title: str | None = None,
) -> ViewReport:
    """Project the store (:func:`kg.network.collaboration_graph` with these filters), optionally
    narrow it to ``actor``'s ego network of ``depth`` steps, and write the page to ``output``.

    Raises:
        ValueError: an unknown layer, type, predicate, date or layout.
        kg.network.ActorError: ``actor`` or ``ics`` names no single actor.
    """
    from kg.network import collaboration_graph, ego_graph, resolve_actor

    if layout not in LAYOUTS:
        raise ViewerError(f"unknown layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    G = collaboration_graph(
        db,
        layers=tuple(layers),
        kinds=list(kinds) if kinds else None,
        ics=list(ics) if ics else None,
        predicates=list(predicates) if predicates else None,
        since=since,
        until=until,
    )
    focus = None
    if actor:
        focus = resolve_actor(db, actor)
        if focus not in G:
            raise ViewerError(
                f"{actor!r} has no relation that passes the filters, so it has no network to show"
            )
        G = ego_graph(G, focus, depth)
        if title is None:
            steps = "1 step" if depth == 1 else f"{depth} steps"
            title = f"{G.nodes[focus].get('label') or focus}: its network within {steps}"
    path = write_html(
        G,
        output,
        layout=layout,
        title=title or DEFAULT_TITLE,
        focus=focus,
        focus_depth=max(1, depth),
        documents=document_metadata(db),
    )
    physics = layout == "physics"
    return ViewReport(path, G.number_of_nodes(), G.number_of_edges(), physics, focus)
