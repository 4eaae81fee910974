"""Pipeline stage 4: a document's text, entities and relations -> its named graph (as quads).

Each relation becomes a direct triple (``s kg:leads o``) for simple SPARQL, plus a
``kg:Assertion`` node (``rdf:subject``/``rdf:predicate``/``rdf:object``) that carries the
evidence: the document (``prov:wasDerivedFrom``), the rule, the confidence, the document's
date, and a Web Annotation target for the sentence that states it (``oa:hasTarget``), shared
by every relation read from that sentence: a ``oa:TextQuoteSelector`` (the quote, with prefix
and suffix), a ``oa:TextPositionSelector`` (offsets) and the page. Co-mentions use
``kg:coMentionedWith`` and ``kg:CoMention`` nodes. No blank nodes: every node has a stable
IRI, so exports are deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

import pyoxigraph as ox
from rdflib import Graph

from kg import __version__
from kg.ids import assertion_iri, doc_iri
from kg.namespaces import ID, KG, OA, PREFIXES
from kg.records import Entity, Relation, Text
from kg.terms import to_rdflib

AGENT = f"{ID}agent/kg-extractor/{__version__}"
CONTEXT = 32  # characters of prefix and suffix kept around a quote

_NS = {k: v for k, v in PREFIXES.items()}
_N = ox.NamedNode


def _iri(prefix: str, local: str) -> ox.NamedNode:
    return _N(_NS[prefix] + local)


RDF_TYPE = _iri("rdf", "type")
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = (
    _iri("rdf", "subject"),
    _iri("rdf", "predicate"),
    _iri("rdf", "object"),
)
RDFS_LABEL = _iri("rdfs", "label")
SKOS_PREF, SKOS_ALT = _iri("skos", "prefLabel"), _iri("skos", "altLabel")
XSD_DATE, XSD_DECIMAL, XSD_INTEGER = _iri("xsd", "date"), _iri("xsd", "decimal"), _iri("xsd", "integer")
XSD_ANYURI, XSD_DATETIME = _iri("xsd", "anyURI"), _iri("xsd", "dateTime")
T = {
    name: _N(str(KG[name]))
    for name in (
        "Document",
        "Assertion",
        "CoMention",
        "sha1",
        "fileName",
        "rule",
        "confidence",
        "page",
        "roleName",
        "coMentionedWith",
    )
}
OA_T = {
    name: _N(str(OA[name]))
    for name in (
        "hasTarget",
        "SpecificResource",
        "hasSource",
        "hasSelector",
        "TextQuoteSelector",
        "exact",
        "prefix",
        "suffix",
        "TextPositionSelector",
        "start",
        "end",
    )
}
DCT = {name: _iri("dcterms", name) for name in ("format", "title", "issued", "publisher", "date")}
PROV = {name: _iri("prov", name) for name in ("wasAttributedTo", "generatedAtTime", "wasDerivedFrom")}
SDO_MENTIONS, SDO_URL = _iri("schema", "mentions"), _iri("schema", "url")


def _date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=XSD_DATE) if len(value) == 10 else ox.Literal(value)


def document_quads(
    text: Text,
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    *,
    known: frozenset[str] | set[str] = frozenset(),
    now: str | None = None,
) -> list[ox.Quad]:
    """The quads of one document's named graph (the graph is the document's IRI).

    Args:
        text: the document as read.
        entities: the actors it names (resolved).
        relations: asserted relations and co-mentions, with evidence.
        known: IRIs of register actors, whose type and names live in the register graph.
        now: an ISO timestamp to record as ``prov:generatedAtTime``; left out when None,
            so that the same input gives the same bytes.
    """
    doc_value = doc_iri(text.doc_id)
    doc = _N(doc_value)
    out: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Quad(s, p, o, doc))

    add(doc, RDF_TYPE, T["Document"])
    add(doc, T["sha1"], ox.Literal(text.doc_id))
    add(doc, T["fileName"], ox.Literal(PurePath(text.source).name))
    add(doc, DCT["format"], ox.Literal(text.media_type))
    add(doc, PROV["wasAttributedTo"], _N(AGENT))
    if text.title:
        add(doc, DCT["title"], ox.Literal(text.title))
    if text.date:
        add(doc, DCT["issued"], _date(text.date))
    if text.publisher:
        add(doc, DCT["publisher"], ox.Literal(text.publisher))
    if text.url:
        add(doc, SDO_URL, ox.Literal(text.url, datatype=XSD_ANYURI))
    if now:
        add(doc, PROV["generatedAtTime"], ox.Literal(now, datatype=XSD_DATETIME))

    for entity in entities:
        node = _N(entity.iri)
        add(doc, SDO_MENTIONS, node)
        if entity.iri in known:
            continue
        add(node, RDF_TYPE, _N(str(KG[entity.kind])))
        add(node, SKOS_PREF, ox.Literal(entity.name, language="en"))
        add(node, RDFS_LABEL, ox.Literal(entity.name, language="en"))
        for alias in entity.aliases:
            if alias != entity.name:
                add(node, SKOS_ALT, ox.Literal(alias, language="en"))

    content = text.content
    targets: set[tuple[int, int]] = set()  # one target per quoted span
    for rel in relations:
        s, o = _N(rel.subject), _N(rel.object)
        prop = _N(str(KG[rel.predicate])) if rel.asserted else T["coMentionedWith"]
        add(s, prop, o)
        node = _N(assertion_iri(doc_value, rel.subject, prop.value, rel.object, rel.start))
        target = _N(f"{doc_value}#sentence-{rel.start}-{rel.end}")
        add(node, RDF_TYPE, T["Assertion"] if rel.asserted else T["CoMention"])
        add(node, RDF_SUBJECT, s)
        add(node, RDF_PREDICATE, prop)
        add(node, RDF_OBJECT, o)
        add(node, PROV["wasDerivedFrom"], doc)
        add(node, T["rule"], ox.Literal(rel.rule))
        add(node, T["confidence"], ox.Literal(f"{rel.confidence:.2f}", datatype=XSD_DECIMAL))
        if text.date:
            add(node, DCT["date"], _date(text.date))
        add(node, OA_T["hasTarget"], target)
        role = rel.extra.get("role")
        if role:
            add(node, T["roleName"], ox.Literal(role))
        if (rel.start, rel.end) in targets:
            continue
        targets.add((rel.start, rel.end))
        quote = _N(f"{target.value}-quote")
        position = _N(f"{target.value}-position")
        add(target, RDF_TYPE, OA_T["SpecificResource"])
        add(target, OA_T["hasSource"], doc)
        add(target, OA_T["hasSelector"], quote)
        add(target, OA_T["hasSelector"], position)
        if rel.page is not None:
            add(target, T["page"], ox.Literal(str(rel.page), datatype=XSD_INTEGER))
        add(quote, RDF_TYPE, OA_T["TextQuoteSelector"])
        add(quote, OA_T["exact"], ox.Literal(rel.quote))
        add(quote, OA_T["prefix"], ox.Literal(content[max(0, rel.start - CONTEXT) : rel.start]))
        add(quote, OA_T["suffix"], ox.Literal(content[rel.end : rel.end + CONTEXT]))
        add(position, RDF_TYPE, OA_T["TextPositionSelector"])
        add(position, OA_T["start"], ox.Literal(str(rel.start), datatype=XSD_INTEGER))
        add(position, OA_T["end"], ox.Literal(str(rel.end), datatype=XSD_INTEGER))
    return out


def document_graph(text: Text, entities: Iterable[Entity], relations: Iterable[Relation], **kwargs) -> Graph:
    """The same graph as :func:`document_quads`, as an rdflib ``Graph`` (for notebooks and tests)."""
    g = Graph()
    for q in document_quads(text, entities, relations, **kwargs):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g
