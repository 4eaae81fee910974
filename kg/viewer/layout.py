"""The viewer's layout: where each actor is drawn (igraph Fruchterman-Reingold, one cluster per ICS), node sizes and label boxes.

Positions are computed here with a fixed seed: one cluster per ICS, placed around the centre as
its name says (north west at the top left), the actors of no ICS between them. The same graph
always gives the same positions.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

import networkx as nx

from kg.viewer.values import _number, _text

DEFAULT_SEED = 20240601


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
    from kg.network._igraph import igraph_module

    ig = igraph_module()

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
        text_w = 0.55 * font * min(len(label), 42)  # the page shortens longer labels
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
