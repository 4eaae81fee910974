"""Pipeline stage 6a: the store -> a NetworkX collaboration graph (the projection).

Nodes are actors, edges are the relations that the ontology marks as network edges
(``kg:networkEdge true ; kg:networkLayer "asserted"``), or, in the optional weaker layer, the
co-mentions (``kg:networkLayer "comention"``). Every edge keeps its evidence: the quote, the
document and its date, the rule and the confidence of each assertion behind it.

Everything is read with a handful of SPARQL queries over the union graph (assertions with
their quotes, documents, actors, aliases, ICS membership, mentions; see
:mod:`kg.network.tables`) and joined in Python, so the cost grows with the size of the store,
not with the number of edges times a query. Given a store *folder* instead of an open store,
the tables come from a cache that the first call writes and any change to the store voids.

Filters and what they mean:

* ``kinds``: node types, ontology class local names; a class includes its subclasses
  (``"Organisation"`` keeps ICBs, trusts, councils...). Both ends of an edge must match.
* ``ics``: one or more ICSs (IRI, register key, name, alias or code). An edge is kept when at
  least one end belongs to one of them, so the graph holds the ICS's actors *and their direct
  collaborators* (a London-wide body an ICS works with stays in view).
* ``predicates``: relation local names or IRIs; they must be edge predicates of the layers.
* ``since`` / ``until``: inclusive bounds on the evidence date (the document's date). Evidence
  without a date is left out when either bound is given; a partial date ("2023", "2023-05")
  counts when its period overlaps the range.
* ``documents``: document IRIs, sha1 digests or file names; only their evidence counts.

Nodes are the actors at either end of a kept edge: an actor with no collaboration that passes
the filters is not in the graph (look it up in the store with :func:`kg.network.resolve_actor`).
A node's ``documents`` lists the documents in scope (after the date and document filters) that
mention it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.network._common import local_name
from kg.network.tables import (
    LAYERS,
    Actor,
    Document,
    Tables,
    actor_classes,
    actor_table,
    cached_tables,
    document_table,
    read_tables,
)

__all__ = [
    "Actor",
    "Document",
    "actor_table",
    "collaboration_graph",
    "document_table",
    "expand_kinds",
    "include_actor",
    "node_attributes",
    "tables_of",
]


# ---------------------------------------------------------------- reading


def expand_kinds(kinds: Iterable[str]) -> frozenset[str]:
    """The class local names matching ``kinds``: each class with all its subclasses.

    >>> sorted(expand_kinds(["Partnership"]))
    ['ICS', 'Partnership']

    Raises:
        ValueError: a name is not an actor class of the ontology.
    """
    classes = actor_classes()
    wanted = {local_name(k) for k in kinds}
    unknown = sorted(wanted - set(classes))
    if unknown:
        raise ValueError(f"unknown actor type(s) {', '.join(unknown)}; known: {', '.join(sorted(classes))}")
    return frozenset(c for c, supers in classes.items() if supers & wanted)


def tables_of(source: Any) -> Tables:
    """The tables of ``source``: an open store (read now), a store folder (cached, see
    :func:`kg.network.tables.cached_tables`) or tables already read."""
    if isinstance(source, Tables):
        return source
    if isinstance(source, (str, os.PathLike)):
        return cached_tables(Path(source))
    return read_tables(source)


# ---------------------------------------------------------------- filters


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def _iso(value: str | dt.date | None, *, end: bool) -> str | None:
    """An ISO date string for a bound; a partial date takes its first (or last) day."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"not a date: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    return _date_bounds(text)[1 if end else 0]


def _date_bounds(text: str) -> tuple[str, str]:
    """The first and last day a (possibly partial) ISO date can mean.

    >>> _date_bounds("2023")
    ('2023-01-01', '2023-12-31')
    >>> _date_bounds("2023-05-17T10:00:00")
    ('2023-05-17', '2023-05-17')
    """
    match = _PARTIAL_DATE.match(text)
    if not match:
        return ("", "")
    text = match.group(0)
    if len(text) == 4:
        return f"{text}-01-01", f"{text}-12-31"
    if len(text) == 7:
        return f"{text}-01", f"{text}-31"
    return text, text


def _resolve_documents(wanted: Iterable[str], docs: dict[str, Document]) -> set[str]:
    by_name: dict[str, set[str]] = defaultdict(set)
    for d in docs.values():
        for name in (d.iri, d.sha1, d.file):
            if name:
                by_name[name].add(d.iri)
    out: set[str] = set()
    for item in wanted:
        found = by_name.get(str(item))
        if not found:
            raise ValueError(f"no document {item!r} in the store (give its IRI, sha1 or file name)")
        out |= found
    return out


def _resolve_ics(wanted: str | Iterable[str], actors: dict[str, Actor]) -> set[str]:
    from kg.network.resolve import resolve_in

    items = [wanted] if isinstance(wanted, str) else list(wanted)
    systems = {iri: a for iri, a in actors.items() if "ICS" in a.kinds}
    return {resolve_in(systems, str(item), what="ICS") for item in items}


def _resolve_predicates(wanted: Iterable[str] | None, layers: tuple[str, ...]) -> dict[str, str]:
    """The edge predicates (IRI -> layer) of ``layers``, narrowed to ``wanted``."""
    from kg.ontology import edge_predicates

    available = {p: layer for layer in layers for p in edge_predicates(layer)}
    if wanted is None:
        return available
    by_local = {local_name(p): p for p in available}
    out: dict[str, str] = {}
    for item in wanted:
        iri = item if item in available else by_local.get(local_name(item))
        if iri is None:
            raise ValueError(
                f"{item!r} is not an edge predicate of layer(s) {', '.join(layers)}; "
                f"choose from {', '.join(sorted(by_local))}"
            )
        out[iri] = available[iri]
    return out


# ---------------------------------------------------------------- the projection


def collaboration_graph(
    db: Any,
    *,
    layers: Iterable[str] = ("asserted",),
    kinds: Iterable[str] | None = None,
    ics: str | Iterable[str] | None = None,
    predicates: Iterable[str] | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    documents: Iterable[str] | None = None,
) -> nx.Graph:
    """Who collaborates with whom: the store projected to an undirected, simple ``nx.Graph``.

    Args:
        db: an open store (``kg.store.open_store(path, read_only=True)``), or the store's folder
            (then the tables read from it are cached in ``<store>/cache/``).
        layers: ``"asserted"`` (stated relations) and/or ``"comention"`` (named in one sentence).
        kinds: keep only actors of these types (class local names, subclasses included).
        ics: keep edges with an end in this ICS (or these ICSs): its actors and their collaborators.
        predicates: keep only these relations (local names such as ``"partnerOf"``, or IRIs).
        since: keep evidence dated on or after this day (``"2023"``, ``"2023-05-01"`` or a date).
        until: keep evidence dated on or before this day.
        documents: keep only the evidence of these documents (IRIs, sha1 digests or file names).

    Returns:
        A graph whose nodes are actor IRIs with ``label``, ``kind``, ``key``, ``ods``, ``gss``,
        ``aliases``, ``ics``, ``ics_label`` and ``documents``, and whose edges carry ``weight``
        (distinct documents), ``evidence_count``, ``predicates``, ``layer`` and ``evidence``
        (dicts sorted by date, file and position). ``G.graph`` records the filters.

    Raises:
        ValueError: an unknown layer, actor type, predicate, document or date.
        kg.network.UnknownActor, kg.network.AmbiguousActor: ``ics`` names no single ICS.
    """
    layers = tuple(dict.fromkeys(layers))
    bad = [layer for layer in layers if layer not in LAYERS]
    if bad or not layers:
        raise ValueError(f"unknown layer(s) {bad or '(none)'}; choose from {', '.join(LAYERS)}")
    wanted_predicates = {local_name(p) for p in _resolve_predicates(predicates, layers)}
    lo, hi = _iso(since, end=False), _iso(until, end=True)
    tables = tables_of(db)
    docs, actors = tables.documents, tables.actors
    scope = _resolve_documents(documents, docs) if documents is not None else None
    allowed = expand_kinds(kinds) if kinds is not None else None
    systems = _resolve_ics(ics, actors) if ics is not None else None

    def keep_node(iri: str) -> bool:
        actor = actors.get(iri)
        return actor is not None and (allowed is None or actor.kind in allowed)

    # 1. the evidence that passes the filters, grouped by pair of actors
    edges: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    asserted: set[tuple[str, str]] = set()
    dated = lo is not None or hi is not None
    for item in tables.evidence:
        if item["_layer"] not in layers or item["predicate"] not in wanted_predicates:
            continue
        if scope is not None and item["doc"] not in scope:
            continue
        if dated and not _in_range(item["date"], lo, hi):
            continue
        s, o = item["subject"], item["object"]
        pair = (s, o) if s < o else (o, s)
        edges[pair].append(item)
        if item["_layer"] == "asserted":
            asserted.add(pair)
    # 2. the node filters
    edges = {
        pair: items
        for pair, items in edges.items()
        if keep_node(pair[0])
        and keep_node(pair[1])
        and (systems is None or actors[pair[0]].ics in systems or actors[pair[1]].ics in systems)
    }

    # 3. the graph, built in sorted order so that every run gives the same graph
    in_scope = None
    if scope is not None or lo is not None or hi is not None:
        in_scope = {
            d
            for d in docs
            if (scope is None or d in scope)
            and ((lo is None and hi is None) or _in_range(docs[d].date, lo, hi))
        }
    G = nx.Graph(
        name="London health-system collaboration network",
        layers=list(layers),
        filters={
            "kinds": sorted(allowed) if allowed is not None else None,
            "ics": sorted(systems) if systems is not None else None,
            "predicates": sorted(wanted_predicates),
            "since": lo,
            "until": hi,
            "documents": sorted(scope) if scope is not None else None,
        },
        systems={iri: a.label for iri, a in sorted(actors.items()) if "ICS" in a.kinds},
    )
    for iri in sorted({n for pair in edges for n in pair}):
        mentioned = tables.mentions.get(iri, ())
        if in_scope is not None:
            mentioned = [d for d in mentioned if d in in_scope]
        G.add_node(iri, **node_attributes(actors[iri], actors, mentioned))

    def edge(pair: tuple[str, str]) -> tuple[str, str, dict[str, Any]]:
        items = edges[pair]
        if len(items) > 1:
            items.sort(key=_evidence_order)
        evidence = []
        for item in items:
            copy = dict(item)  # the graph's own dicts: the tables stay as read
            del copy["_layer"]
            evidence.append(copy)
        docs_ = {e["doc"] for e in evidence}
        predicates_ = {e["predicate"] for e in evidence}
        return (
            pair[0],
            pair[1],
            {
                "weight": len(docs_),
                "evidence_count": len(evidence),
                "predicates": sorted(predicates_) if len(predicates_) > 1 else list(predicates_),
                "layer": "asserted" if pair in asserted else "comention",
                "evidence": evidence,
            },
        )

    G.add_edges_from(edge(pair) for pair in sorted(edges))
    return G


def _evidence_order(e: dict[str, Any]) -> tuple[Any, ...]:
    return (e["date"], e["file"], e["start"], e["subject"], e["predicate"], e["quote"])


def node_attributes(actor: Actor, actors: dict[str, Actor], documents: Iterable[str] = ()) -> dict[str, Any]:
    """The node attributes of the projection for ``actor`` (``documents`` already sorted)."""
    system = actors.get(actor.ics)
    return {
        "label": actor.label,
        "kind": actor.kind,
        "key": actor.key,
        "ods": actor.ods,
        "gss": actor.gss,
        "aliases": list(actor.aliases),
        "ics": actor.ics,
        "ics_label": system.label if system else "",
        "documents": list(documents),
    }


def include_actor(G: nx.Graph, db: Any, text: str) -> str:
    """Resolve ``text`` among all the store's actors and make sure ``G`` has its node (added
    without edges, and with an empty ``documents``, when no kept edge touches it).

    Returns the actor's IRI. Raises what :func:`kg.network.resolve_actor` raises.
    """
    from kg.network.resolve import resolve_in

    if text in G:
        return text
    actors = tables_of(db).actors
    iri = resolve_in(actors, text)
    if iri not in G:
        G.add_node(iri, **node_attributes(actors[iri], actors))
    return iri


def _in_range(date: str, lo: str | None, hi: str | None) -> bool:
    first, last = _date_bounds(date)
    if not first:
        return False
    return (lo is None or last >= lo) and (hi is None or first <= hi)
