"""The viewer's page rendering: the data from :mod:`kg.viewer.data` inlined into one self-contained, offline HTML page (and ``kg view``'s store-to-file entry point)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from kg.viewer.data import (
    DEFAULT_TITLE,
    LAYOUTS,
    ViewerError,
    build_payload,
    document_metadata,
)
from kg.viewer.layout import DEFAULT_SEED

STATIC = Path(__file__).resolve().parent.parent / "static"
TEMPLATE = "viewer.html"
VIS_VERSION = "9.1.2"


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


def content_security_policy(scripts: Iterable[str], *, connect: bool = False) -> str:
    """The page's policy: nothing may load from anywhere; only the given inline scripts run.
    A page served by ``kg serve`` (``connect``) may also fetch JSON from its own server."""
    hashes = " ".join(_sha256(s) for s in scripts)
    fetches = "connect-src 'self'; " if connect else ""
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; {fetches}"
        "base-uri 'none'; form-action 'none'"
    )


def build_network(G: nx.Graph, **kwargs: Any):  # type: ignore[no-untyped-def]
    """The pyvis ``Network`` for ``G`` (nodes, edges and options filled in directly) and the
    page's data (:func:`kg.viewer.data.build_payload`, same keyword arguments)."""
    from pyvis.network import Network

    payload = build_payload(G, **kwargs)
    net = Network(height="100%", width="100%", heading=payload["title"], cdn_resources="in_line")
    net.set_template_dir(str(STATIC) + os.sep, TEMPLATE)
    net.nodes = payload["nodes"]
    net.edges = payload["edges"]
    net.node_ids = [item["id"] for item in payload["nodes"]]
    net.node_map = {item["id"]: item for item in payload["nodes"]}
    net.options = payload["options"]
    return net, payload


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
    api: str | None = None,
    communities: list[dict[str, Any]] | None = None,
    scores: Mapping[Any, Mapping[str, float]] | None = None,
    total: Mapping[str, int] | None = None,
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
        api: served by ``kg serve``: the path of the JSON endpoints the page fetches more
            from (:mod:`kg.viewer.api`); the page may then connect to its own server.
        communities, scores: the communities and centralities to show, when ``G`` is part of
            a larger graph (see :func:`kg.viewer.data.build_payload`).
        total: the size of that larger graph (``actors``, ``relations``), for the counts.

    Returns:
        The page; identical for identical input.
    """
    payload = build_payload(
        G,
        layout=layout,
        title=title,
        physics=physics,
        focus=focus,
        focus_depth=focus_depth,
        documents=documents,
        seed=seed,
        communities=communities,
        scores=scores,
    )
    if api is not None:
        payload["api"] = api
        payload["total"] = dict(total or {})
    return render_payload(payload)


def render_payload(payload: Mapping[str, Any]) -> str:
    """The page for data already prepared by :func:`kg.viewer.data.build_payload` (a page
    served by ``kg serve`` carries ``api``: it may then fetch from its own server)."""
    import pyvis
    from pyvis.network import Network

    vis_js, app_js, css = _assets()
    net = Network(height="100%", width="100%", heading=payload["title"], cdn_resources="in_line")
    net.set_template_dir(str(STATIC) + os.sep, TEMPLATE)
    net.nodes = payload["nodes"]
    net.edges = payload["edges"]
    net.node_ids = [item["id"] for item in payload["nodes"]]
    net.node_map = {item["id"]: item for item in payload["nodes"]}
    net.options = payload["options"]
    net.templateEnv.globals.update(
        kg_payload=script_json(payload),
        kg_vis_js=vis_js,
        kg_app_js=app_js,
        kg_css=css,
        kg_csp=content_security_policy([vis_js, app_js], connect=payload.get("api") is not None),
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
    documents: Iterable[str] | None = None,
    min_documents: int = 1,
    min_confidence: float | None = None,
    actor: str | None = None,
    depth: int = 1,
    layout: str = "auto",
    title: str | None = None,
) -> ViewReport:
    """Project the store (:func:`kg.network.collaboration_graph` with these filters, defined in
    :mod:`kg.network.filters`), optionally
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
        documents=list(documents) if documents else None,
        min_documents=min_documents,
        min_confidence=min_confidence,
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
