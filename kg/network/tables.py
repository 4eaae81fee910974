"""Pipeline stage 6a: what the projection reads from the store, as plain Python tables.

Eight SPARQL queries over the union graph read everything the network needs: the evidence of
every edge predicate of the ontology (one query), the actors' types, labels, codes, aliases and
ICS, the documents and which actors they mention. Results come back serialised as SPARQL JSON
by oxigraph and are parsed in one go, which costs far less than a Python object per term.

The evidence query joins its parts as sub-selects: oxigraph then hash-joins whole index scans
instead of seeking the index once per assertion and property, several times faster on a store
of a million triples. Even so, reading a large store takes seconds, so
:func:`cached_tables` keeps the tables of a store folder in ``<store>/cache/`` (a pickle named
for the state of the database files, the ontology and the kg version). ``kg build`` writes it
when it has written the store (:func:`kg.viewer.api.prepare`), so the commands after a
build load the pickle; after any other change to the store the first command reads the store
and the next ones load the pickle.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import RDFS, URIRef

from kg import __version__
from kg.atomic import atomic_write
from kg.ids import REGISTER_GRAPH, normalise_name
from kg.namespaces import KG, PREFIXES
from kg.network._common import local_name
from kg.ontology import edge_predicates, ontology_graph
from kg.paths import ontology_dir
from kg.store import open_store

_PREFIX = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
_KG = str(KG._NS)
CACHE_VERSION = 3
LAYERS = ("asserted", "comention")


# ---------------------------------------------------------------- the ontology's classes


@cache
def actor_classes() -> dict[str, frozenset[str]]:
    """Each actor class (local name) with the set of its superclasses and itself.

    >>> sorted(actor_classes()["ICS"])
    ['Actor', 'ICS', 'Partnership']
    """
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


def most_specific(kinds: set[str] | frozenset[str]) -> str:
    """The deepest of an actor's classes (ties: alphabetical).

    >>> most_specific({"Partnership", "ICS"})
    'ICS'
    """
    classes = actor_classes()
    known = [k for k in kinds if k in classes]
    if not known:
        return min(kinds, default="")
    return min(known, key=lambda k: (-len(classes[k]), k))


@cache
def layer_of_predicate() -> dict[str, str]:
    """Edge predicate IRI -> its network layer, from the ontology."""
    return {p: layer for layer in LAYERS for p in edge_predicates(layer)}


# ---------------------------------------------------------------- queries


def select(db: ox.Store, query: str) -> list[dict[str, str]]:
    """The rows of a SELECT over the union graph: variable -> lexical value (unbound: absent)."""
    results = db.query(_PREFIX + query, use_default_graph_as_union=True)
    data = json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))  # type: ignore[union-attr]
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def _float(value: str | None) -> float:
    try:
        return float(value) if value is not None else 0.0
    except ValueError:
        return 0.0


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@dataclass
class Actor:
    """What the store says about one actor (the attributes of its node). ``label`` (the
    register's name, else the smallest of its names) and ``kind`` (its most specific class) are
    worked out by :func:`actor_table` once everything is read."""

    iri: str
    labels: set[str] = field(default_factory=set)
    register_labels: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    key: str = ""
    ods: str = ""
    gss: str = ""
    aliases: set[str] = field(default_factory=set)  # a sorted list once read
    ics: str = ""
    label: str = ""
    kind: str = ""


def actor_table(db: ox.Store) -> dict[str, Actor]:
    """Every actor of the store: anything typed with an actor class of the ontology."""
    classes = " ".join(f"kg:{c}" for c in sorted(actor_classes()))
    actors: dict[str, Actor] = {}
    for row in select(db, f"SELECT DISTINCT ?x ?type WHERE {{ VALUES ?type {{ {classes} }} ?x a ?type }}"):
        actor = actors.get(row["x"])
        if actor is None:
            actor = actors[row["x"]] = Actor(row["x"])
        actor.kinds.add(local_name(row["type"]))
    for row in select(db, "SELECT DISTINCT ?x ?label WHERE { ?x skos:prefLabel ?label }"):
        if row["x"] in actors:
            actors[row["x"]].labels.add(row["label"])
    for row in select(
        db, f"SELECT ?x ?label WHERE {{ GRAPH <{REGISTER_GRAPH}> {{ ?x skos:prefLabel ?label }} }}"
    ):
        if row["x"] in actors:
            actors[row["x"]].register_labels.add(row["label"])
    query = """SELECT ?x ?key ?ods ?gss WHERE {
      { ?x kg:registerKey ?key } UNION { ?x kg:odsCode ?ods } UNION { ?x kg:gssCode ?gss }
    }"""
    for row in select(db, query):
        actor = actors.get(row["x"])
        if actor is None:
            continue
        for name in ("key", "ods", "gss"):
            if name in row and (not getattr(actor, name) or row[name] < getattr(actor, name)):
                setattr(actor, name, row[name])
    for row in select(db, "SELECT DISTINCT ?x ?alias WHERE { ?x skos:altLabel|skos:hiddenLabel ?alias }"):
        if row["x"] in actors:
            actors[row["x"]].aliases.add(row["alias"])
    # the ICS an actor belongs to, from the register: an ICB is part of it, councils, trusts and
    # places are members, boroughs are covered by it, and an ICS belongs to itself
    query = f"""SELECT ?x ?ics WHERE {{
      GRAPH <{REGISTER_GRAPH}> {{
        ?ics a kg:ICS .
        {{ ?x kg:partOf ?ics }} UNION {{ ?x kg:memberOf ?ics }} UNION {{ ?ics kg:covers ?x }}
      }}
    }}"""
    for row in select(db, query):
        actor = actors.get(row["x"])
        if actor is not None:
            actor.ics = min(actor.ics, row["ics"]) if actor.ics else row["ics"]
    for actor in actors.values():
        names = actor.register_labels or actor.labels
        actor.label = min(names) if names else local_name(actor.iri)
        actor.kind = most_specific(actor.kinds)
        if "ICS" in actor.kinds:
            actor.ics = actor.iri
        same = normalise_name(actor.label)
        actor.aliases = sorted(a for a in actor.aliases if normalise_name(a) != same)  # type: ignore[assignment]
    return actors


@dataclass(frozen=True, slots=True)
class Document:
    """A document's IRI, file name, title, date (ISO, or partial), URL and sha1."""

    iri: str
    file: str
    title: str
    date: str
    url: str
    sha1: str


def document_table(db: ox.Store) -> dict[str, Document]:
    """Every document of the store with its file name, title, date and URL."""
    fields: dict[str, dict[str, str]] = defaultdict(dict)
    query = """SELECT ?d ?sha ?file ?title ?date ?url WHERE {
      ?d a kg:Document .
      { ?d kg:sha1 ?sha } UNION { ?d kg:fileName ?file } UNION { ?d dcterms:title ?title }
      UNION { ?d dcterms:issued ?date } UNION { ?d schema:url ?url }
    }"""
    for row in select(db, query):
        record = fields[row.pop("d")]
        for name, value in row.items():
            if name not in record or value < record[name]:
                record[name] = value
    return {
        iri: Document(
            iri, f.get("file", ""), f.get("title", ""), f.get("date", ""), f.get("url", ""), f.get("sha", "")
        )
        for iri, f in sorted(fields.items())
    }


def _sub(key: str, var: str, pattern: str) -> str:
    return f"{{ SELECT ?{key} ?{var} WHERE {{ {pattern} }} }}"


def evidence_rows(db: ox.Store, docs: dict[str, Document] | None = None) -> list[dict[str, Any]]:
    """Every piece of evidence for an edge predicate of the ontology (either layer), as the
    projection's evidence dicts plus ``_layer``; duplicates (the same assertion read twice)
    are dropped."""
    layers = layer_of_predicate()
    if not layers:
        return []
    docs = document_table(db) if docs is None else docs
    values = " ".join(f"<{p}>" for p in sorted(layers))
    query = f"""SELECT ?s ?p ?o ?doc ?rule ?conf ?date ?quote ?start ?page WHERE {{
      {{ SELECT ?a ?p WHERE {{ VALUES ?p {{ {values} }} ?a rdf:predicate ?p }} }}
      {_sub("a", "s", "?a rdf:subject ?s")}
      {_sub("a", "o", "?a rdf:object ?o")}
      {_sub("a", "doc", "?a prov:wasDerivedFrom ?doc")}
      {_sub("a", "t", "?a oa:hasTarget ?t")}
      {_sub("t", "q", "?t oa:hasSelector ?q")}
      {_sub("q", "quote", "?q oa:exact ?quote")}
      OPTIONAL {_sub("a", "rule", "?a kg:rule ?rule")}
      OPTIONAL {_sub("a", "conf", "?a kg:confidence ?conf")}
      OPTIONAL {_sub("a", "date", "?a dcterms:date ?date")}
      OPTIONAL {{ {_sub("t", "ps", "?t oa:hasSelector ?ps")} {_sub("ps", "start", "?ps oa:start ?start")} }}
      OPTIONAL {_sub("t", "page", "?t kg:page ?page")}
    }}"""
    seen: set[tuple[str, ...]] = set()
    out = []
    for row in select(db, query):
        s, p, o, doc = row["s"], row["p"], row["o"], row["doc"]
        start = _int(row.get("start")) or 0
        identity = (doc, s, p, o, str(start), row["quote"])
        if s == o or identity in seen:
            continue
        seen.add(identity)
        info = docs.get(doc)
        out.append(
            {
                "subject": s,
                "predicate": local_name(p),
                "object": o,
                "quote": row["quote"],
                "doc": doc,
                "file": info.file if info else "",
                "title": info.title if info else "",
                "date": row.get("date") or (info.date if info else ""),
                "url": info.url if info else "",
                "rule": row.get("rule", ""),
                "confidence": _float(row.get("conf")),
                "page": _int(row.get("page")),
                "start": start,
                "_layer": layers[p],
            }
        )
    return out


def mention_table(db: ox.Store) -> dict[str, list[str]]:
    """Actor IRI -> the documents that mention it (``schema:mentions``), sorted."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in select(db, "SELECT DISTINCT ?d ?x WHERE { ?d schema:mentions ?x }"):
        out[row["x"]].add(row["d"])
    return {actor: sorted(docs) for actor, docs in out.items()}


@dataclass
class Tables:
    """Everything the projection needs from one store."""

    documents: dict[str, Document]
    actors: dict[str, Actor]
    evidence: list[dict[str, Any]]
    mentions: dict[str, list[str]]


def read_tables(db: ox.Store) -> Tables:
    """Read the projection's tables from an open store (no cache)."""
    docs = document_table(db)
    return Tables(docs, actor_table(db), evidence_rows(db, docs), mention_table(db))


# ---------------------------------------------------------------- the cache


def store_stamp(store_path: Path) -> str:
    """A digest of the state of the store's database files (names, sizes, modification times,
    RocksDB's logs aside), of the ontology and of the kg version: it changes whenever what
    :func:`read_tables` would read can have changed."""
    digest = hashlib.sha1(f"{CACHE_VERSION}|{__version__}".encode())
    folder = Path(store_path) / "oxigraph"
    for name in sorted(os.listdir(folder)):
        if name.startswith(("LOG", "LOCK")):
            continue
        st = os.stat(folder / name)
        digest.update(f"{name}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    digest.update((ontology_dir() / "kg.ttl").read_bytes())
    return digest.hexdigest()[:20]


def cached_tables(store_path: Path, db: ox.Store | None = None) -> Tables:
    """The projection's tables of the store in folder ``store_path``, from ``<store>/cache/``
    when the store has not changed since they were written, else read (and cached: a store
    folder that cannot be written is read every time)."""
    try:
        stamp = store_stamp(store_path)
    except OSError:  # no database, or a rebuild swapping it in right now: read, do not cache
        return read_tables(db if db is not None else open_store(Path(store_path), read_only=True))
    folder = Path(store_path) / "cache"
    file = folder / f"network-{stamp}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        with file.open("rb") as handle:
            tables = pickle.load(handle)
        if isinstance(tables, Tables):
            return tables
    if db is None:
        db = open_store(Path(store_path), read_only=True)
    tables = read_tables(db)
    with contextlib.suppress(OSError):
        if store_stamp(store_path) != stamp:  # written meanwhile: do not cache a mix
            return tables
    with contextlib.suppress(OSError):
        with atomic_write(file, "wb") as handle:
            pickle.dump(tables, handle, protocol=pickle.HIGHEST_PROTOCOL)
        for old in folder.glob("network-*.pickle"):
            if old != file:
                old.unlink(missing_ok=True)
    return tables


def tables_of(source: Any) -> Tables:
    """The tables of ``source``: an open store (read now), a store folder (cached, see
    :func:`cached_tables`) or tables already read."""
    if isinstance(source, Tables):
        return source
    if isinstance(source, (str, os.PathLike)):
        return cached_tables(Path(source))
    return read_tables(source)
