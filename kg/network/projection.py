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

The filters (types, ICS, relation kinds, dates, documents, thresholds) are defined once, in
:mod:`kg.network.filters`, and mean the same in every command and in the viewer.

Nodes are the actors at either end of a kept edge: an actor with no collaboration that passes
the filters is not in the graph (look it up in the store with :func:`kg.network.resolve_actor`).
A node's ``documents`` lists the documents in scope (after the date and document filters) that
mention it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.network.filters import Filters, expand_kinds, resolve
from kg.network.resolve import resolve_in
from kg.network.tables import Actor, Document, actor_table, document_table, tables_of

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
    min_documents: int = 1,
    min_confidence: float | None = None,
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
        min_documents: keep only relations that this many distinct documents support.
        min_confidence: keep only evidence of at least this confidence.

    What each filter means is defined once, in :mod:`kg.network.filters`.

    Returns:
        A graph whose nodes are actor IRIs with ``label``, ``kind``, ``key``, ``ods``, ``gss``,
        ``aliases``, ``ics``, ``ics_label`` and ``documents``, and whose edges carry ``weight``
        (distinct documents), ``evidence_count``, ``predicates``, ``layer`` and ``evidence``
        (dicts sorted by date, file and position). ``G.graph`` records the filters.

    Raises:
        ValueError: an unknown layer, actor type, predicate, document or date.
        kg.network.UnknownActor, kg.network.AmbiguousActor: ``ics`` names no single ICS.
    """
    wanted = Filters.make(
        layers=layers,
        kinds=kinds,
        ics=ics,
        predicates=predicates,
        since=since,
        until=until,
        documents=documents,
        min_documents=min_documents,
        min_confidence=min_confidence,
    )
    tables = tables_of(db)
    f = resolve(wanted, tables)
    docs, actors = tables.documents, tables.actors

    # 1. the evidence that passes the filters, grouped by pair of actors
    edges: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    asserted: set[tuple[str, str]] = set()
    for item in tables.evidence:
        if not f.evidence_passes(item):
            continue
        s, o = item["subject"], item["object"]
        pair = (s, o) if s < o else (o, s)
        edges[pair].append(item)
        if item["_layer"] == "asserted":
            asserted.add(pair)
    # 2. the pair filters: types, ICS, documents behind the relation
    edges = {
        pair: items
        for pair, items in edges.items()
        if f.pair_passes(actors.get(pair[0]), actors.get(pair[1]))
        and (f.min_documents <= 1 or len({e["doc"] for e in items}) >= f.min_documents)
    }

    # 3. the graph, built in sorted order so that every run gives the same graph
    in_scope = None
    if f.documents is not None or f.dated:
        in_scope = {d for d in docs if f.document_passes(docs[d])}
    G = nx.Graph(
        name="London health-system collaboration network",
        layers=list(f.layers),
        filters=f.describe(),
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
    if text in G:
        return text
    actors = tables_of(db).actors
    iri = resolve_in(actors, text)
    if iri not in G:
        G.add_node(iri, **node_attributes(actors[iri], actors))
    return iri
