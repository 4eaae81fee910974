"""Pipeline stage 6a: the store -> a NetworkX collaboration graph (the projection).

Nodes are actors, edges are the relations that the ontology marks as network edges
(``kg:networkEdge true ; kg:networkLayer "asserted"``), or, in the optional weaker layer, the
co-mentions (``kg:networkLayer "comention"``). Every edge keeps its evidence: the quote, the
document and its date, the rule and the confidence of each assertion behind it.

Everything is read with a handful of SPARQL queries over the union graph (assertions, quotes,
documents, actors, aliases, ICS membership, mentions) and joined in Python, so the cost grows
with the size of the store, not with the number of edges times a query.

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
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.ids import REGISTER_GRAPH, normalise_name
from kg.namespaces import KG, PREFIXES
from kg.network._common import local_name

_PREFIX = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
_KG = str(KG._NS)
LAYERS = ("asserted", "comention")
_LAYER_TYPE = {"asserted": "kg:Assertion", "comention": "kg:CoMention"}


# ---------------------------------------------------------------- the ontology's classes


@cache
def actor_classes() -> dict[str, frozenset[str]]:
    """Each actor class (local name) with the set of its superclasses and itself.

    >>> sorted(actor_classes()["ICS"])
    ['Actor', 'ICS', 'Partnership']
    """
    from rdflib import RDFS, URIRef

    from kg.ontology import ontology_graph

    g = ontology_graph()
    actor = URIRef(f"{_KG}Actor")
    out: dict[str, frozenset[str]] = {}
    for cls in set(g.subjects(RDFS.subClassOf, None)) | {actor}:
        if not str(cls).startswith(_KG):
            continue
        supers = {str(s) for s in g.transitive_objects(cls, RDFS.subClassOf)}
        if str(actor) in supers:
            out[local_name(str(cls))] = frozenset(local_name(s) for s in supers if s.startswith(_KG))
    return out


def _most_specific(kinds: Iterable[str]) -> str:
    """The deepest of an actor's classes (ties: alphabetical)."""
    classes = actor_classes()
    known = [k for k in kinds if k in classes]
    if not known:
        return min(kinds, default="")
    return min(known, key=lambda k: (-len(classes[k]), k))


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


# ---------------------------------------------------------------- reading the store


def _rows(db: ox.Store, query: str) -> Iterable[ox.QuerySolution]:
    return db.query(_PREFIX + query, use_default_graph_as_union=True)  # type: ignore[return-value]


def _text(term: Any) -> str:
    return "" if term is None else term.value


def _number(term: Any) -> float | None:
    if term is None:
        return None
    try:
        return float(Decimal(term.value))
    except ArithmeticError:
        return None


def _integer(term: Any) -> int | None:
    if term is None:
        return None
    try:
        return int(term.value)
    except ValueError:
        return None


@dataclass
class Actor:
    """What the store says about one actor (the attributes of its node)."""

    iri: str
    labels: set[str] = field(default_factory=set)
    register_labels: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    key: str = ""
    ods: str = ""
    gss: str = ""
    aliases: set[str] = field(default_factory=set)
    ics: str = ""

    @property
    def label(self) -> str:
        labels = self.register_labels or self.labels
        return min(labels) if labels else local_name(self.iri)

    @property
    def kind(self) -> str:
        return _most_specific(self.kinds)


def actor_table(db: ox.Store) -> dict[str, Actor]:
    """Every actor of the store (anything with a kg type and a ``skos:prefLabel``)."""
    actors: dict[str, Actor] = {}
    classes = actor_classes()
    query = f"""SELECT ?x ?type ?label ?g WHERE {{
      GRAPH ?g {{ ?x skos:prefLabel ?label }}
      ?x a ?type . FILTER(STRSTARTS(STR(?type), "{_KG}"))
    }}"""
    for row in _rows(db, query):
        kind = local_name(row["type"].value)
        if kind not in classes:
            continue
        iri = row["x"].value
        actor = actors.get(iri)
        if actor is None:
            actor = actors[iri] = Actor(iri)
        actor.kinds.add(kind)
        label = row["label"].value
        (actor.register_labels if row["g"].value == REGISTER_GRAPH else actor.labels).add(label)
    query = """SELECT ?x ?key ?ods ?gss WHERE {
      { ?x kg:registerKey ?key } UNION { ?x kg:odsCode ?ods } UNION { ?x kg:gssCode ?gss }
    }"""
    for row in _rows(db, query):
        actor = actors.get(row["x"].value)
        if actor is None:
            continue
        if row["key"] is not None:
            actor.key = actor.key or row["key"].value
        if row["ods"] is not None:
            actor.ods = actor.ods or row["ods"].value
        if row["gss"] is not None:
            actor.gss = actor.gss or row["gss"].value
    for row in _rows(db, "SELECT ?x ?alias WHERE { ?x skos:altLabel|skos:hiddenLabel ?alias }"):
        actor = actors.get(row["x"].value)
        if actor is not None:
            actor.aliases.add(row["alias"].value)
    # the ICS an actor belongs to, from the register: an ICB is part of it, councils, trusts and
    # places are members, boroughs are covered by it, and an ICS belongs to itself
    query = f"""SELECT ?x ?ics WHERE {{
      GRAPH <{REGISTER_GRAPH}> {{
        ?ics a kg:ICS .
        {{ ?x kg:partOf ?ics }} UNION {{ ?x kg:memberOf ?ics }} UNION {{ ?ics kg:covers ?x }}
      }}
    }}"""
    for row in _rows(db, query):
        actor = actors.get(row["x"].value)
        if actor is not None:
            ics = row["ics"].value
            actor.ics = min(actor.ics, ics) if actor.ics else ics
    for actor in actors.values():
        if "ICS" in actor.kinds:
            actor.ics = actor.iri
        same = normalise_name(actor.label)
        actor.aliases = {a for a in actor.aliases if normalise_name(a) != same}
    return actors


@dataclass(frozen=True, slots=True)
class Document:
    iri: str
    file: str
    title: str
    date: str
    url: str
    sha1: str


def document_table(db: ox.Store) -> dict[str, Document]:
    """Every document of the store with its file name, title, date and URL."""
    query = """SELECT ?d ?sha ?file ?title ?date ?url WHERE {
      ?d a kg:Document .
      OPTIONAL { ?d kg:sha1 ?sha } OPTIONAL { ?d kg:fileName ?file } OPTIONAL { ?d dcterms:title ?title }
      OPTIONAL { ?d dcterms:issued ?date } OPTIONAL { ?d schema:url ?url }
    }"""
    docs: dict[str, Document] = {}
    for row in _rows(db, query):
        iri = row["d"].value
        if iri not in docs:
            docs[iri] = Document(iri, _text(row["file"]), _text(row["title"]), _text(row["date"]),
                                 _text(row["url"]), _text(row["sha"]))
    return docs


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
    db: ox.Store,
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
        db: an open store (``kg.store.open_store(path, read_only=True)``).
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
    wanted_predicates = _resolve_predicates(predicates, layers)
    lo, hi = _iso(since, end=False), _iso(until, end=True)
    docs = document_table(db)
    scope = _resolve_documents(documents, docs) if documents is not None else None

    # 1. the evidence: one query per layer, quotes and positions in one more
    evidence: dict[str, dict[str, Any]] = {}
    for layer in layers:
        preds = [p for p, lay in wanted_predicates.items() if lay == layer]
        if not preds:
            continue
        values = " ".join(f"<{p}>" for p in preds)
        query = f"""SELECT ?a ?s ?p ?o ?doc ?rule ?conf ?date WHERE {{
          VALUES ?p {{ {values} }}
          ?a rdf:predicate ?p ; a {_LAYER_TYPE[layer]} ; rdf:subject ?s ; rdf:object ?o ;
             prov:wasDerivedFrom ?doc .
          OPTIONAL {{ ?a kg:rule ?rule }} OPTIONAL {{ ?a kg:confidence ?conf }} OPTIONAL {{ ?a dcterms:date ?date }}
        }}"""
        for row in _rows(db, query):
            s, o = row["s"].value, row["o"].value
            if s == o:
                continue
            doc = row["doc"].value
            if scope is not None and doc not in scope:
                continue
            date = _text(row["date"]) or (docs[doc].date if doc in docs else "")
            if lo is not None or hi is not None:
                first, last = _date_bounds(date)
                if not first or (lo is not None and last < lo) or (hi is not None and first > hi):
                    continue
            info = docs.get(doc)
            evidence[row["a"].value] = {
                "subject": s,
                "predicate": local_name(row["p"].value),
                "object": o,
                "quote": "",
                "doc": doc,
                "file": info.file if info else "",
                "title": info.title if info else "",
                "date": date,
                "url": info.url if info else "",
                "rule": _text(row["rule"]),
                "confidence": _number(row["conf"]) or 0.0,
                "page": None,
                "start": 0,
                "_layer": layer,
            }
    if evidence:
        query = """SELECT ?a ?quote ?start ?page WHERE {
          ?a oa:hasTarget ?t . ?t oa:hasSelector ?sel .
          OPTIONAL { ?sel oa:exact ?quote } OPTIONAL { ?sel oa:start ?start } OPTIONAL { ?t kg:page ?page }
        }"""
        for row in _rows(db, query):
            item = evidence.get(row["a"].value)
            if item is None:
                continue
            if row["quote"] is not None:
                item["quote"] = row["quote"].value
            if row["start"] is not None:
                item["start"] = _integer(row["start"]) or 0
            if row["page"] is not None:
                item["page"] = _integer(row["page"])

    # 2. the actors, and the node filters
    actors = actor_table(db)
    allowed = expand_kinds(kinds) if kinds is not None else None
    systems = _resolve_ics(ics, actors) if ics is not None else None

    def keep_node(iri: str) -> bool:
        actor = actors.get(iri)
        if actor is None:
            return False
        return allowed is None or actor.kind in allowed

    edges: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in evidence.values():
        u, v = sorted((item["subject"], item["object"]))
        edges[(u, v)].append(item)
    edges = {
        pair: items
        for pair, items in edges.items()
        if keep_node(pair[0]) and keep_node(pair[1])
        and (systems is None or actors[pair[0]].ics in systems or actors[pair[1]].ics in systems)
    }

    # 3. the graph, built in sorted order so that every run gives the same graph
    nodes = sorted({n for pair in edges for n in pair})
    mentions: dict[str, set[str]] = defaultdict(set)
    if nodes:
        in_scope = {
            d for d in docs
            if (scope is None or d in scope) and (
                (lo is None and hi is None) or _in_range(docs[d].date, lo, hi)
            )
        }
        for row in _rows(db, "SELECT ?d ?x WHERE { ?d a kg:Document ; schema:mentions ?x }"):
            d = row["d"].value
            if d in in_scope:
                mentions[row["x"].value].add(d)
    G = nx.Graph(
        name="London health-system collaboration network",
        layers=list(layers),
        filters={
            "kinds": sorted(allowed) if allowed is not None else None,
            "ics": sorted(systems) if systems is not None else None,
            "predicates": sorted(local_name(p) for p in wanted_predicates),
            "since": lo,
            "until": hi,
            "documents": sorted(scope) if scope is not None else None,
        },
        systems={iri: a.label for iri, a in sorted(actors.items()) if "ICS" in a.kinds},
    )
    for iri in nodes:
        G.add_node(iri, **node_attributes(actors[iri], actors, mentions.get(iri, ())))
    for (u, v) in sorted(edges):
        items = sorted(edges[(u, v)], key=lambda e: (e["date"], e["file"], e["start"], e["subject"], e["predicate"]))
        layer = "asserted" if any(e["_layer"] == "asserted" for e in items) else "comention"
        for e in items:
            del e["_layer"]
        G.add_edge(
            u,
            v,
            weight=len({e["doc"] for e in items}),
            evidence_count=len(items),
            predicates=sorted({e["predicate"] for e in items}),
            layer=layer,
            evidence=items,
        )
    return G


def node_attributes(actor: Actor, actors: dict[str, Actor], documents: Iterable[str] = ()) -> dict[str, Any]:
    """The node attributes of the projection for ``actor``."""
    system = actors.get(actor.ics)
    return {
        "label": actor.label,
        "kind": actor.kind,
        "key": actor.key,
        "ods": actor.ods,
        "gss": actor.gss,
        "aliases": sorted(actor.aliases),
        "ics": actor.ics,
        "ics_label": system.label if system else "",
        "documents": sorted(documents),
    }


def include_actor(G: nx.Graph, db: ox.Store, text: str) -> str:
    """Resolve ``text`` among all the store's actors and make sure ``G`` has its node (added
    without edges, and with an empty ``documents``, when no kept edge touches it).

    Returns the actor's IRI. Raises what :func:`kg.network.resolve_actor` raises.
    """
    from kg.network.resolve import resolve_in

    if text in G:
        return text
    actors = actor_table(db)
    iri = resolve_in(actors, text)
    if iri not in G:
        G.add_node(iri, **node_attributes(actors[iri], actors))
    return iri


def _in_range(date: str, lo: str | None, hi: str | None) -> bool:
    first, last = _date_bounds(date)
    if not first:
        return False
    return (lo is None or last >= lo) and (hi is None or first <= hi)
