"""The viewer served by ``kg serve``: the page at ``/`` over the live store and the JSON endpoints it fetches as the user explores.

:func:`handle` is the one entry point the HTTP server calls for a GET; it answers ``None`` for
anything that is not the viewer's (a SPARQL protocol request to ``/``, a client that does not
ask for HTML...), so the server goes on as before. Routes:

* ``/`` (a browser: ``Accept: text/html`` and no ``query``) and ``/viewer``: the page, with a
  first view inlined: the ``FIRST_VIEW`` most central actors (degree centrality, as ``kg
  central --by degree``) and the relations between them, so the page's size does not grow
  with the store's.
* ``/api/view``: the same first view as JSON.
* ``/api/neighbours?actor=A``: actor A and its collaborators (the best-evidenced first, at most
  ``NEIGHBOURS``) with the relations between them.
* ``/api/path?from=A&to=B``: the shortest evidenced path, exactly ``kg path``'s answer, and
  its actors and relations.
* ``/api/evidence?a=A&b=B``: every piece of evidence behind the relation of A and B.
* ``/api/document?doc=D``: everything document D states, each fact with its quote.
* ``/api/search?q=TEXT``: actors whose name or alias contains TEXT.
* ``/favicon.ico``: the page's icon.

Every ``/api`` route takes the filters of the network commands as query parameters (``layer``,
``kind``, ``ics``, ``predicate``, ``since``, ``until``, ``document``, ``min-documents``,
``min-confidence``; :meth:`kg.network.filters.Filters.from_query`); the page sends its own. The
filtered graph, its centralities and communities are computed once per state of the store and
filters (centralities and communities through the same result cache as ``kg central`` and ``kg
communities``, so they are the same numbers and the same groups). Actors are given by IRI or by
any name :func:`kg.network.resolve_actor` accepts.

The page itself is rendered once per state of the store and filters and kept in memory and in
the store's ``cache/`` folder (:func:`page_bytes`). ``kg build`` ends by writing it there for
the state it leaves (:func:`prepare`), and ``kg serve`` prepares it in the background as soon as
it starts (:func:`warm`) when it is not there, so a visitor does not wait for the store to be
read.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import threading
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from kg.network.filters import Filters, resolve
from kg.viewer.data import timeline
from kg.viewer.values import local_name

FIRST_VIEW = 100
"""Actors in the first view the served page opens with."""
NEIGHBOURS = 200
"""Collaborators sent at most for one actor (the best-evidenced first)."""
SEARCH_LIMIT = 20
JSON_TYPE = "application/json; charset=utf-8"

Answer = tuple[int, str, bytes]
"""HTTP status, content type and body."""


class RequestError(ValueError):
    """A request the viewer API cannot answer (400)."""


class NotFound(LookupError):
    """Nothing of that name (404)."""


# ---------------------------------------------------------------------------------------------
# The state: one filtered graph per store state and filters, with its analyses


@dataclass
class _View:
    """A filtered graph of the store, with what the page needs of the whole of it."""

    G: nx.Graph
    scores: dict[str, dict[str, float]]
    communities: list[dict[str, Any]]
    documents: dict[str, dict[str, str]]
    tables: Any
    timeline: list[list[Any]]


_lock = threading.Lock()
_views: OrderedDict[tuple[str, str, str], _View] = OrderedDict()
_KEEP = 4


def _view(store_path: Path, filters: Filters, *, keep: bool = True) -> _View:
    from kg.network import centrality, collaboration_graph, communities
    from kg.network.cache import cached_analysis
    from kg.network.tables import cached_tables, store_stamp

    try:
        stamp = store_stamp(store_path)
    except OSError:
        stamp = ""
    key = (str(store_path), stamp, json.dumps(filters.as_dict(), sort_keys=True, default=list))
    with _lock:
        if key in _views:
            _views.move_to_end(key)
            return _views[key]
        tables = cached_tables(store_path)
        resolve(filters, tables)  # a bad filter is the user's error: raise it before any work
        G = collaboration_graph(tables, **filters.as_dict())
        cli_filters = filters.as_dict()

        def quiet(message: str) -> None:
            pass

        _, scores = cached_analysis(
            store_path,
            "centrality",
            {"filters": cli_filters, "k": None, "seed": 0, "backend": "auto"},
            lambda: G,
            lambda g: centrality(g),
            warn=quiet,
        )
        _, groups = cached_analysis(
            store_path,
            "communities",
            {"filters": cli_filters, "seed": 0, "resolution": 1.0, "top": 3, "backend": "auto"},
            lambda: G,
            lambda g: communities(g, seed=0, resolution=1.0),
            warn=quiet,
        )
        documents = {
            iri: {"title": d.title, "date": d.date, "url": d.url, "file": d.file}
            for iri, d in tables.documents.items()
        }
        view = _View(
            G, dict(scores), list(groups), documents, tables, timeline(d["date"] for d in documents.values())
        )
        if not keep:
            return view
        _views[key] = view
        while len(_views) > _KEEP:
            _views.popitem(last=False)
        return view


def _actor(view: _View, text: str | None) -> str:
    from kg.network.projection import include_actor

    if not text:
        raise RequestError("name an actor (its IRI, name, alias or code)")
    return include_actor(view.G, view.tables, text)


def _payload(
    view: _View, nodes: list[str], *, title: str, focus: str | None = None, trim: bool = False
) -> dict[str, Any]:
    from kg.viewer.data import build_payload

    sub = view.G.subgraph(nodes).copy()
    sub.graph.update(view.G.graph)
    if trim:
        _lighten(view, sub)
    payload = build_payload(
        sub,
        title=title,
        focus=focus,
        documents=view.documents,
        communities=view.communities,
        scores=view.scores,
    )
    for item in payload["nodes"]:
        item["degree"] = view.G.degree(item["iri"]) if item["iri"] in view.G else 0
        if trim:
            item["nd"] = sub.nodes[item["iri"]]["documents_total"]
    if trim:
        iris = [item["iri"] for item in payload["nodes"]]
        for edge in payload["edges"]:
            edge["ne"] = sub.edges[iris[edge["from"]], iris[edge["to"]]]["evidence_total"]
    payload["total"] = {"actors": view.G.number_of_nodes(), "relations": view.G.number_of_edges()}
    return payload


DOCS_PER_ACTOR = 10
"""Documents listed per actor in a light payload (the latest first)."""


def _lighten(view: _View, sub: nx.Graph) -> None:
    """Make ``sub`` (a copy) light to send: relations keep how they are drawn (main kind,
    arrows) and how many pieces of evidence they have, not the pieces (the page fetches them
    from ``/api/evidence`` when one is opened); actors keep their latest documents only."""
    from collections import Counter

    from kg.viewer.data import comention_predicates, symmetric_names

    weak, symmetric = comention_predicates(), symmetric_names()
    for u, v, d in sub.edges(data=True):
        evidence = d.get("evidence") or []
        first = min(str(u), str(v))
        counts = Counter(e["predicate"] for e in evidence if e["predicate"] not in weak)
        if counts:
            main = min(counts, key=lambda p: (-counts[p], p))
        else:
            main = next((p for p in d.get("predicates") or () if p not in weak), "coMentionedWith")
        stated = [e for e in evidence if e["predicate"] not in weak and e["predicate"] not in symmetric]
        forward = any(e["subject"] == first for e in stated)
        backward = any(e["subject"] != first for e in stated)
        d["style"] = {
            "main": main,
            "dir": "both" if forward and backward else "to" if forward else "from" if backward else "",
        }
        d["evidence_total"] = len(evidence)
        d["evidence"] = []
    for _, d in sub.nodes(data=True):
        docs = list(d.get("documents") or ())
        d["documents_total"] = len(docs)
        latest = sorted(docs, key=lambda i: (view.documents.get(i, {}).get("date", ""), i), reverse=True)
        d["documents"] = sorted(latest[:DOCS_PER_ACTOR])


def first_view(view: _View, *, size: int = FIRST_VIEW, title: str | None = None) -> dict[str, Any]:
    """The most central actors (degree centrality, ties broken by IRI), at most ``size``."""
    ranked = sorted(view.G, key=lambda n: (-float(view.scores.get(n, {}).get("degree", 0.0)), str(n)))
    chosen = ranked[:size]
    total = view.G.number_of_nodes()
    default = (
        f"London health system: the {len(chosen):,} most connected of {total:,} actors"
        if len(chosen) < total
        else "London health system: who works with whom"
    )
    payload = _payload(view, chosen, title=title or default, trim=True)
    payload["timeline"] = view.timeline  # every document of the store, whatever the filters
    return payload


def neighbours(view: _View, actor: str) -> dict[str, Any]:
    iri = _actor(view, actor)
    near = sorted(
        view.G[iri],
        key=lambda n: (-int(view.G.edges[iri, n].get("weight", 1)), str(n)),
    )[:NEIGHBOURS]
    label = view.G.nodes[iri].get("label") or local_name(iri)
    return _payload(view, [iri, *near], title=f"{label} and its collaborators", focus=iri, trim=True)


def path(view: _View, a: str, b: str) -> dict[str, Any]:
    from kg.network import shortest_evidenced_path

    source, target = _actor(view, a), _actor(view, b)
    try:
        hops = shortest_evidenced_path(view.G, source, target)
    except nx.NetworkXNoPath as ex:
        raise NotFound(str(ex)) from ex
    nodes = [source] + [h["target"] for h in hops]
    return {"path": nodes, "hops": hops, "graph": _payload(view, nodes, title="Path")}


def evidence(view: _View, a: str, b: str) -> dict[str, Any]:
    source, target = _actor(view, a), _actor(view, b)
    if not view.G.has_edge(source, target):
        raise NotFound("no relation between them passes the filters")
    data = view.G.edges[source, target]
    return {
        "source": source,
        "target": target,
        "layer": data.get("layer"),
        "predicates": list(data.get("predicates") or []),
        "weight": data.get("weight"),
        "evidence": data.get("evidence") or [],
    }


def document(view: _View, doc: str) -> dict[str, Any]:
    """Everything one document states (all the store's evidence from it, whatever the filters)."""
    from kg.network.filters import resolve_documents

    try:
        (iri,) = sorted(resolve_documents([doc], view.tables.documents))
    except ValueError as ex:
        raise NotFound(str(ex)) from ex
    actors = view.tables.actors
    rows = []
    for item in view.tables.evidence:
        if item["doc"] != iri:
            continue
        row = {k: v for k, v in item.items() if not k.startswith("_")}
        row["layer"] = item["_layer"]
        row["subject_label"] = actors[item["subject"]].label if item["subject"] in actors else ""
        row["object_label"] = actors[item["object"]].label if item["object"] in actors else ""
        rows.append(row)
    rows.sort(key=lambda r: (r["layer"] != "asserted", r.get("start") or 0, r["predicate"], r["quote"]))
    info = view.documents.get(iri, {})
    return {"iri": iri, **info, "facts": rows}


def search(view: _View, text: str) -> list[dict[str, str]]:
    from kg.ids import normalise_name

    wanted = normalise_name(text or "")
    if not wanted:
        return []
    found = []
    for iri, a in view.tables.actors.items():
        names = [a.label, *a.aliases, a.key, a.ods, a.gss]
        normed = [normalise_name(n) for n in names if n]
        if any(wanted == n for n in normed):
            rank = 0
        elif any(n.startswith(wanted) for n in normed):
            rank = 1
        elif any(wanted in n for n in normed):
            rank = 2
        else:
            continue
        found.append((rank, iri not in view.G, a.label.casefold(), iri, a))
    found.sort(key=lambda f: f[:4])
    return [
        {"iri": iri, "label": a.label, "kind": a.kind, "inView": iri in view.G}
        for *_, iri, a in found[:SEARCH_LIMIT]
    ]


# ---------------------------------------------------------------------------------------------
# HTTP


def _json(value: Any, status: int = 200) -> Answer:
    body = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return status, JSON_TYPE, body.encode("utf-8")


def _error(status: int, message: str) -> Answer:
    return _json({"error": message}, status)


def wants_html(accept: str | None) -> bool:
    """Whether a client asks for a web page (a browser) rather than SPARQL results.

    >>> wants_html("text/html,application/xhtml+xml,*/*;q=0.8"), wants_html("application/sparql-results+json")
    (True, False)
    >>> wants_html(None)
    False
    """
    if not accept:
        return False
    for part in accept.split(","):
        media, *opts = [p.strip() for p in part.split(";")]
        q = next((o[2:] for o in opts if o.startswith("q=")), "1")
        try:
            weight = float(q)
        except ValueError:
            weight = 0.0
        if media.lower() in ("text/html", "application/xhtml+xml") and weight > 0:
            return True
    return False


def _one(params: Mapping[str, list[str]], name: str) -> str | None:
    values = [v for v in params.get(name, []) if v.strip()]
    return values[-1] if values else None


def handle(path: str, params: Mapping[str, list[str]], accept: str | None, store_path: Path) -> Answer | None:
    """The viewer's answer to ``GET path?params``, or ``None`` when the request is not the
    viewer's (the server then answers it as a SPARQL request or a 404)."""
    if path == "/favicon.ico":
        return 200, "image/png", favicon()
    page = path in ("/viewer", "/viewer/") or (path == "/" and "query" not in params and wants_html(accept))
    if not page and not path.startswith("/api/"):
        return None
    from kg.network.resolve import ActorError
    from kg.store import StoreError

    try:
        filters = Filters.from_query(params)
        if page and not params.get("layer"):
            filters = Filters.make(**{**filters.as_dict(), "layers": ("asserted", "comention")})
        if page:
            return 200, "text/html; charset=utf-8", page_bytes(Path(store_path), filters)
        view = _view(Path(store_path), filters)
        route = path[len("/api/") :].rstrip("/")
        if route == "view":
            return _json(first_view(view))
        if route == "neighbours":
            return _json(neighbours(view, _one(params, "actor") or ""))
        if route == "path":
            return _json(path_of(view, params))
        if route == "evidence":
            return _json(evidence(view, _one(params, "a") or "", _one(params, "b") or ""))
        if route == "document":
            return _json(document(view, _one(params, "doc") or ""))
        if route == "search":
            return _json(search(view, _one(params, "q") or ""))
        return _error(
            404, f"{path}: no such viewer endpoint (view, neighbours, path, evidence, document, search)"
        )
    except NotFound as ex:
        return _error(404, str(ex))
    except (RequestError, ValueError, ActorError) as ex:
        return _error(400, str(ex))
    except StoreError as ex:
        return _error(503, str(ex))


def path_of(view: _View, params: Mapping[str, list[str]]) -> dict[str, Any]:
    a, b = _one(params, "from"), _one(params, "to")
    if not a or not b:
        raise RequestError("give both ends: ?from=A&to=B")
    return path(view, a, b)


# ---------------------------------------------------------------------------------------------
# The page: rendered once per state of the store and filters, kept in memory and on disk

PAGE_PREFIX = "viewer-page-"
PAGES_KEPT = 16
"""Rendered pages kept on disk per state of the store (distinct filters)."""
_pages: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
_warming: set[tuple[str, str]] = set()
_page_lock = threading.Lock()
"""Guards the pages and the warm-ups (not held while a graph is computed, unlike ``_lock``)."""


@functools.cache
def _code_digest() -> str:
    """A digest of what renders the page: the viewer's code and assets, and the network code
    (:func:`kg.network.cache.code_digest`, which covers the kg version)."""
    from kg.network.cache import code_digest

    digest = hashlib.sha1(code_digest().encode())
    here = Path(__file__).resolve().parent
    for path in [*sorted(here.glob("*.py")), *sorted((here.parent / "static").glob("*"))]:
        with contextlib.suppress(OSError):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _page_file(store_path: Path, stamp: str, filters: Filters) -> Path:
    text = json.dumps([stamp, filters.as_dict(), FIRST_VIEW, _code_digest()], sort_keys=True, default=list)
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]
    return store_path / "cache" / f"{PAGE_PREFIX}{stamp}-{key}.html"


def page_bytes(store_path: Path, filters: Filters, *, keep: bool = True) -> bytes:
    """The viewer page for ``filters`` over the store's current state.

    The first view is what takes time on a large store (the tables read, the graph projected,
    centralities and communities computed: seconds, minutes on a store just built), and it only
    changes with the store: the rendered page is kept in memory and in the store's ``cache/``
    folder (as ``kg central`` keeps its results), keyed by the store's state, the filters and
    the code. A page read back from disk is answered at once while the graph the JSON
    endpoints need is prepared behind it (:func:`warm`). With ``keep`` false (a build preparing
    the page, :func:`prepare`) nothing is kept in memory and nothing is prepared behind it."""
    from kg.atomic import atomic_write
    from kg.network.tables import store_stamp

    try:
        stamp = store_stamp(store_path)
    except OSError:  # no database, or a rebuild swapping it in right now: render, do not keep
        return page_html(_view(store_path, filters, keep=keep), filters).encode("utf-8")
    file = _page_file(store_path, stamp, filters)
    key = (str(store_path), stamp, file.name)
    with _page_lock:
        if key in _pages:
            _pages.move_to_end(key)
            return _pages[key]
    try:
        body = file.read_bytes()
    except OSError:
        body = b""
    if body:
        if keep:
            warm(store_path, filters)
    else:
        body = page_html(_view(store_path, filters, keep=keep), filters).encode("utf-8")
        with contextlib.suppress(OSError):
            if store_stamp(store_path) == stamp:  # else written meanwhile: do not keep a mix
                with atomic_write(file, "wb") as handle:
                    handle.write(body)
                _prune_pages(file.parent, stamp, file)
    if not keep:
        return body
    with _page_lock:
        _pages[key] = body
        while len(_pages) > _KEEP:
            _pages.popitem(last=False)
    return body


def _prune_pages(folder: Path, stamp: str, keep: Path) -> None:
    """Remove the pages of other states of the store, and the oldest beyond PAGES_KEPT."""
    from kg.network.cache import prune_files

    prune_files(folder, PAGE_PREFIX, ".html", stamp, keep, PAGES_KEPT)


def default_filters() -> Filters:
    """The filters of the page at ``/`` with no query: both layers, nothing else."""
    return Filters.make(layers=("asserted", "comention"))


def prepare(store_path: Path | str) -> Path | None:
    """Render the page ``/`` serves with no query into the store's ``cache/`` folder, with the
    projection's tables and the centralities and communities it needs (each in the file the
    server and the network commands read), unless it is there already. ``kg build`` calls it
    when it has written the store, so a server started on a store just built answers its first
    visit from the cache instead of reading the store. Nothing is kept in memory.

    Returns the page's file, or ``None`` when the store cannot be stamped (no database) or
    changed while the page was rendered (nothing is then kept for the old state)."""
    from kg.network.tables import store_stamp

    store_path = Path(store_path)
    filters = default_filters()
    try:
        stamp = store_stamp(store_path)
    except OSError:
        return None
    file = _page_file(store_path, stamp, filters)
    if file.is_file():
        return file
    page_bytes(store_path, filters, keep=False)
    return file if file.is_file() else None


def warm(
    store_path: Path | str, filters: Filters | None = None, *, page: bool = False
) -> threading.Thread | None:
    """Prepare, in a background thread, what the viewer needs for ``filters`` (by default the
    page's: both layers): the filtered graph with its analyses, and with ``page`` the rendered
    page too. ``kg serve`` calls it when it starts, so the first visitor finds the first view
    ready. Returns the thread, or ``None`` when one is already at work on the same filters."""
    store_path = Path(store_path)
    filters = filters or default_filters()
    key = (str(store_path), json.dumps(filters.as_dict(), sort_keys=True, default=list))
    with _page_lock:
        if key in _warming:
            return None
        _warming.add(key)

    def work() -> None:
        try:
            if page:
                page_bytes(store_path, filters)
            else:
                _view(store_path, filters)
        except Exception:  # noqa: BLE001 - a request will meet the same error and report it
            pass
        finally:
            with _page_lock:
                _warming.discard(key)

    thread = threading.Thread(target=work, name="kg-viewer-warm", daemon=True)
    thread.start()
    return thread


def page_html(view: _View, filters: Filters) -> str:
    """The viewer page with the first view inlined, fetching the rest from ``/api``."""
    from kg.viewer.page import render_payload

    payload = first_view(view)
    payload["api"] = "/api"
    return render_payload(payload)


def favicon() -> bytes:
    """A 16x16 PNG: a dark blue square with three linked dots, built here (no file to ship)."""
    size = 16
    dots = {(4, 4), (11, 5), (7, 11)}
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            near = any((x - cx) ** 2 + (y - cy) ** 2 <= 4 for cx, cy in dots)
            on_line = abs((y - 4) * 7 - (x - 4) * 1) <= 4 and 4 <= x <= 11 and 4 <= y <= 5
            row += bytes((255, 255, 255, 255) if near or on_line else (20, 48, 79, 255))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = size.to_bytes(4, "big") * 2 + bytes([8, 6, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )
