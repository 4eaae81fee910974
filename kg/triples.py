"""Pipeline stage 4: a document's text, entities and relations -> its named graph.

Each relation becomes a direct triple (``s kg:leads o``) for simple SPARQL, plus a
``kg:Assertion`` node (``rdf:subject``/``rdf:predicate``/``rdf:object``) that carries the
evidence: the document (``prov:wasDerivedFrom``), the quote as a Web Annotation target with a
``oa:TextQuoteSelector`` and a ``oa:TextPositionSelector``, the page, the rule, the confidence
and the document's date. Co-mentions use ``kg:coMentionedWith`` and ``kg:CoMention`` nodes.
No blank nodes: every node has a stable IRI, so exports are deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS

from kg import __version__
from kg.ids import assertion_iri, doc_iri
from kg.namespaces import ID, KG, OA
from kg.records import Entity, Relation, Text

AGENT = ID[f"agent/kg-extractor/{__version__}"]
CONTEXT = 32  # characters of prefix and suffix kept around a quote


def _date_literal(value: str) -> Literal:
    return Literal(value, datatype=XSD.date) if len(value) == 10 else Literal(value)


def document_graph(
    text: Text,
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    *,
    known: frozenset[str] = frozenset(),
    now: str | None = None,
) -> Graph:
    """The named graph of one document.

    Args:
        text: the document as read.
        entities: the actors it names (resolved).
        relations: asserted relations and co-mentions, with evidence.
        known: IRIs of register actors, whose type and names live in the register graph.
        now: an ISO timestamp to record as ``prov:generatedAtTime``; left out when None,
            so that the same input gives the same bytes.
    """
    g = Graph()
    doc = URIRef(doc_iri(text.doc_id))
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, KG.sha1, Literal(text.doc_id)))
    g.add((doc, KG.fileName, Literal(PurePath(text.source).name)))
    g.add((doc, DCTERMS.format, Literal(text.media_type)))
    g.add((doc, PROV.wasAttributedTo, AGENT))
    if text.title:
        g.add((doc, DCTERMS.title, Literal(text.title)))
    if text.date:
        g.add((doc, DCTERMS.issued, _date_literal(text.date)))
    if text.publisher:
        g.add((doc, DCTERMS.publisher, Literal(text.publisher)))
    if text.url:
        g.add((doc, SDO.url, Literal(text.url, datatype=XSD.anyURI)))
    if now:
        g.add((doc, PROV.generatedAtTime, Literal(now, datatype=XSD.dateTime)))

    for entity in entities:
        node = URIRef(entity.iri)
        g.add((doc, SDO.mentions, node))
        if entity.iri in known:
            continue
        g.add((node, RDF.type, KG[entity.kind]))
        g.add((node, SKOS.prefLabel, Literal(entity.name, lang="en")))
        g.add((node, RDFS.label, Literal(entity.name, lang="en")))
        for alias in entity.aliases:
            if alias != entity.name:
                g.add((node, SKOS.altLabel, Literal(alias, lang="en")))

    content = text.content
    for rel in relations:
        s, o = URIRef(rel.subject), URIRef(rel.object)
        prop = KG[rel.predicate] if rel.asserted else KG.coMentionedWith
        g.add((s, prop, o))
        node = URIRef(assertion_iri(str(doc), rel.subject, str(prop), rel.object, rel.start))
        target = URIRef(f"{node}#target")
        quote = URIRef(f"{node}#quote")
        position = URIRef(f"{node}#position")
        g.add((node, RDF.type, KG.Assertion if rel.asserted else KG.CoMention))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, prop))
        g.add((node, RDF.object, o))
        g.add((node, PROV.wasDerivedFrom, doc))
        g.add((node, KG.rule, Literal(rel.rule)))
        g.add((node, KG.confidence, Literal(Decimal(str(round(rel.confidence, 2))), datatype=XSD.decimal)))
        if text.date:
            g.add((node, DCTERMS.date, _date_literal(text.date)))
        g.add((node, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, doc))
        g.add((target, OA.hasSelector, quote))
        g.add((target, OA.hasSelector, position))
        if rel.page is not None:
            g.add((target, KG.page, Literal(rel.page)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(rel.quote)))
        g.add((quote, OA.prefix, Literal(content[max(0, rel.start - CONTEXT) : rel.start])))
        g.add((quote, OA.suffix, Literal(content[rel.end : rel.end + CONTEXT])))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(rel.start)))
        g.add((position, OA.end, Literal(rel.end)))
        role = rel.extra.get("role")
        if role:
            g.add((node, KG.roleName, Literal(role)))
    return g
