"""Counts that describe a store: graphs, documents, actors by type, relations by predicate."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import KG, PREFIXES

_PREFIX = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
ACTOR_CLASSES = (
    "ICS",
    "ICB",
    "CCG",
    "LocalAuthority",
    "Borough",
    "NHSTrust",
    "NationalBody",
    "Organisation",
    "Partnership",
    "Programme",
    "Strategy",
    "Person",
    "Place",
    "Funding",
)


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


def _rows(db: ox.Store, query: str) -> list:
    return list(db.query(_PREFIX + query, use_default_graph_as_union=True))


def store_stats(db: ox.Store) -> Stats:
    """Count what the store holds (a fraction of a second at a few million triples)."""
    s = Stats()
    s.triples = len(db)
    s.graphs = sum(1 for _ in db.named_graphs())
    s.documents = int(_rows(db, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }")[0]["n"].value)
    values = " ".join(f"kg:{c}" for c in ACTOR_CLASSES)
    for row in _rows(
        db, f"SELECT ?t (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?t {{ {values} }} ?x a ?t }} GROUP BY ?t"
    ):
        s.actors_by_type[row["t"].value.rsplit("#", 1)[1]] = int(row["n"].value)
    s.actors_by_type = dict(sorted(s.actors_by_type.items()))
    s.actors = int(
        _rows(db, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ VALUES ?t {{ {values} }} ?x a ?t }}")[0][
            "n"
        ].value
    )
    for row in _rows(db, "SELECT ?p (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a rdf:predicate ?p } GROUP BY ?p"):
        name = row["p"].value.rsplit("#", 1)[1]
        if row["p"].value == str(KG.coMentionedWith):
            s.comentions = int(row["n"].value)
        else:
            s.relations_by_predicate[name] = int(row["n"].value)
    s.relations_by_predicate = dict(sorted(s.relations_by_predicate.items()))
    s.assertions = sum(s.relations_by_predicate.values())
    return s
