"""RDF exports of the store, sorted so that the same graph always gives the same bytes.

Union formats (Turtle, N-Triples, JSON-LD, RDF/XML) merge every named graph into one graph;
dataset formats (TriG, N-Quads) keep the named graphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.namespaces import PREFIXES
from kg.registry import exporters


@dataclass(frozen=True, slots=True)
class RdfExport:
    """An RDF serialisation: its oxigraph format and whether it keeps named graphs."""

    name: str
    format: ox.RdfFormat
    dataset: bool
    suffix: str

    def __call__(self, store: ox.Store, out: BinaryIO) -> None:
        write_rdf(store, out, self)


def write_rdf(store: ox.Store, out: BinaryIO, export: RdfExport) -> None:
    """Write the whole store to ``out`` in ``export``'s format, in a canonical order."""
    if export.dataset:
        quads = sorted(
            store, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
        )
        data: list = quads
    else:
        triples = {q.triple for q in store}
        data = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = (
        PREFIXES if export.format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML) else None
    )
    if export.format == ox.RdfFormat.JSON_LD:
        prefixes = PREFIXES
    ox.serialize(data, out, export.format, prefixes=prefixes)


RDF_EXPORTS = {
    "turtle": RdfExport("turtle", ox.RdfFormat.TURTLE, False, ".ttl"),
    "ntriples": RdfExport("ntriples", ox.RdfFormat.N_TRIPLES, False, ".nt"),
    "jsonld": RdfExport("jsonld", ox.RdfFormat.JSON_LD, False, ".jsonld"),
    "rdfxml": RdfExport("rdfxml", ox.RdfFormat.RDF_XML, False, ".rdf"),
    "trig": RdfExport("trig", ox.RdfFormat.TRIG, True, ".trig"),
    "nquads": RdfExport("nquads", ox.RdfFormat.N_QUADS, True, ".nq"),
}
for _name, _export in RDF_EXPORTS.items():
    exporters.register(_name)(_export)


def suffix_format(path: Path) -> str | None:
    """The export name for a file suffix, e.g. ``graph.ttl`` -> ``turtle``."""
    for name, export in RDF_EXPORTS.items():
        if path.suffix == export.suffix:
            return name
    return None
