"""The ontology as data: load ``ontology/*.ttl``, read which predicates are network edges, validate.

>>> sorted(p.rsplit("#", 1)[1] for p in edge_predicates())[:3]
['collaboratesWith', 'commissions', 'funds']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from kg.namespaces import KG
from kg.paths import ontology_dir


@cache
def ontology_graph() -> Graph:
    """The OWL ontology (``kg.ttl``)."""
    return Graph().parse(ontology_dir() / "kg.ttl")


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes (``shapes.ttl``)."""
    return Graph().parse(ontology_dir() / "shapes.ttl")


def edge_predicates(layer: str = "asserted") -> tuple[str, ...]:
    """The predicates the ontology marks as network edges of ``layer`` ("asserted" or "comention")."""
    g = ontology_graph()
    found = {str(p) for p in g.subjects(KG.networkLayer, Literal(layer))}
    if layer == "asserted":
        found &= {str(p) for p in g.subjects(KG.networkEdge, Literal(True))}
    return tuple(sorted(found))


def symmetric_predicates() -> frozenset[str]:
    """The predicates whose direction carries no meaning (partnerOf, collaboratesWith, ...)."""
    g = ontology_graph()
    return frozenset(str(p) for p in g.subjects(KG.symmetric, Literal(True)))


def relation_names() -> tuple[str, ...]:
    """Local names of every relation property between actors (sub-properties of kg:relatedTo)."""
    g = ontology_graph()
    return tuple(
        sorted(
            str(p).rsplit("#", 1)[1]
            for p in g.subjects(URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"), KG.relatedTo)
        )
    )


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL violation, in words a person can read."""

    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} ({self.path}): {self.message}"


def validate(data: Graph) -> list[Violation]:
    """Run the SHACL shapes over ``data`` (with the ontology for class inheritance)."""
    import pyshacl

    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="rdfs", allow_warnings=True
    )
    if conforms:
        return []
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        out.append(
            Violation(
                focus=str(focus),
                path=_path_text(path),
                message=str(message or "violates a shape"),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


def _path_text(path: object) -> str:
    if path is None:
        return "-"
    text = str(path)
    for prefix, ns in (("kg:", str(KG._NS)),):
        text = text.replace(ns, prefix)
    return text
