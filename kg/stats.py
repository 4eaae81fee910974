"""Counts that describe a store: graphs, documents, actors by type, relations by predicate."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import PREFIXES

_PREFIX = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


@dataclass
class Stats:
    triples: int = 0
    graphs: int = 0
    documents: int = 0
    actors: int = 0
    assertions: int = 0
    comentions: int = 0
    actors_by_type: dict[str, int] = field(default_factory=dict)
    relations_by_predicate: dict[str, int] = field(default_factory=dict)


def _count(db: ox.Store, where: str) -> int:
    rows = list(db.query(f"{_PREFIX}SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", use_default_graph_as_union=True))
    return int(rows[0]["n"].value) if rows else 0


def store_stats(db: ox.Store) -> Stats:
    """Count what the store holds."""
    s = Stats()
    s.triples = len(db)
    s.graphs = sum(1 for _ in db.named_graphs())
    s.documents = _count(db, "SELECT DISTINCT ?d WHERE { ?d a kg:Document }")
    s.assertions = _count(db, "?a a kg:Assertion FILTER NOT EXISTS { ?a a kg:CoMention }")
    s.comentions = _count(db, "?a a kg:CoMention")
    query = f"""{_PREFIX}
    SELECT ?type (COUNT(DISTINCT ?x) AS ?n) WHERE {{
      ?x a ?type . ?x skos:prefLabel ?label .
      FILTER(STRSTARTS(STR(?type), STR(kg:)))
    }} GROUP BY ?type ORDER BY ?type"""
    for row in db.query(query, use_default_graph_as_union=True):
        s.actors_by_type[row["type"].value.rsplit("#", 1)[1]] = int(row["n"].value)
    s.actors = _count(db, "SELECT DISTINCT ?x WHERE { ?x a ?t ; skos:prefLabel ?l . FILTER(STRSTARTS(STR(?t), STR(kg:))) }")
    query = f"""{_PREFIX}
    SELECT ?p (COUNT(?a) AS ?n) WHERE {{ ?a a kg:Assertion ; rdf:predicate ?p . }} GROUP BY ?p ORDER BY ?p"""
    for row in db.query(query, use_default_graph_as_union=True):
        s.relations_by_predicate[row["p"].value.rsplit("#", 1)[1]] = int(row["n"].value)
    return s
