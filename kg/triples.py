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

import re
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


# the rows of a document's graph: (subject IRI, predicate IRI, object kind, object value, its
# datatype IRI or language): an IRI (_IRI), a plain literal (_PLAIN), a literal with a language
# (_LANG) or with a datatype (_TYPED). Plain strings, so that the worker's N-Quads can be written
# without building (and then serialising) a pyoxigraph term per position of every quad.
_IRI, _PLAIN, _LANG, _TYPED = 0, 1, 2, 3
Row = tuple[str, str, int, str, str | None]


def _date(value: str) -> tuple[int, str, str | None]:
    return (_TYPED, value, XSD_DATE.value) if len(value) == 10 else (_PLAIN, value, None)


def _rows(
    text: Text,
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    known: frozenset[str] | set[str],
    now: str | None,
) -> tuple[str, list[Row]]:
    """The document's IRI and the rows of its graph, in the order of its quads."""
    doc = doc_iri(text.doc_id)
    out: list[Row] = []
    add = out.append
    rdf_type = RDF_TYPE.value
    add((doc, rdf_type, _IRI, T["Document"].value, None))
    add((doc, T["sha1"].value, _PLAIN, text.doc_id, None))
    add((doc, T["fileName"].value, _PLAIN, PurePath(text.source).name, None))
    add((doc, DCT["format"].value, _PLAIN, text.media_type, None))
    add((doc, PROV["wasAttributedTo"].value, _IRI, AGENT, None))
    if text.title:
        add((doc, DCT["title"].value, _PLAIN, text.title, None))
    if text.date:
        add((doc, DCT["issued"].value, *_date(text.date)))
    if text.publisher:
        add((doc, DCT["publisher"].value, _PLAIN, text.publisher, None))
    if text.url:
        add((doc, SDO_URL.value, _TYPED, text.url, XSD_ANYURI.value))
    if now:
        add((doc, PROV["generatedAtTime"].value, _TYPED, now, XSD_DATETIME.value))

    mentions, pref, label, alt = SDO_MENTIONS.value, SKOS_PREF.value, RDFS_LABEL.value, SKOS_ALT.value
    for entity in entities:
        node = entity.iri
        add((doc, mentions, _IRI, node, None))
        if node in known:
            continue
        add((node, rdf_type, _IRI, _kg(entity.kind), None))
        add((node, pref, _LANG, entity.name, "en"))
        add((node, label, _LANG, entity.name, "en"))
        for alias in entity.aliases:
            if alias != entity.name:
                add((node, alt, _LANG, alias, "en"))

    content = text.content
    date = _date(text.date) if text.date else None
    targets: set[tuple[int, int]] = set()  # one target per quoted span
    for rel in relations:
        s, o = rel.subject, rel.object
        prop = _kg(rel.predicate) if rel.asserted else _CO_MENTIONED
        add((s, prop, _IRI, o, None))
        node = assertion_iri(doc, s, prop, o, rel.start)
        target = f"{doc}#sentence-{rel.start}-{rel.end}"
        add((node, rdf_type, _IRI, _ASSERTION if rel.asserted else _CO_MENTION, None))
        add((node, _RDF_SUBJECT, _IRI, s, None))
        add((node, _RDF_PREDICATE, _IRI, prop, None))
        add((node, _RDF_OBJECT, _IRI, o, None))
        add((node, _DERIVED, _IRI, doc, None))
        add((node, _RULE, _PLAIN, rel.rule, None))
        add((node, _CONFIDENCE, _TYPED, f"{rel.confidence:.2f}", _DECIMAL))
        if date is not None:
            add((node, _DATE, *date))
        add((node, _HAS_TARGET, _IRI, target, None))
        role = rel.extra.get("role")
        if role:
            add((node, _ROLE, _PLAIN, role, None))
        if (rel.start, rel.end) in targets:
            continue
        targets.add((rel.start, rel.end))
        quote = f"{target}-quote"
        position = f"{target}-position"
        add((target, rdf_type, _IRI, _SPECIFIC, None))
        add((target, _HAS_SOURCE, _IRI, doc, None))
        add((target, _HAS_SELECTOR, _IRI, quote, None))
        add((target, _HAS_SELECTOR, _IRI, position, None))
        if rel.page is not None:
            add((target, _PAGE, _TYPED, str(rel.page), _INTEGER))
        add((quote, rdf_type, _IRI, _QUOTE_SELECTOR, None))
        add((quote, _EXACT, _PLAIN, rel.quote, None))
        add((quote, _PREFIX, _PLAIN, content[max(0, rel.start - CONTEXT) : rel.start], None))
        add((quote, _SUFFIX, _PLAIN, content[rel.end : rel.end + CONTEXT], None))
        add((position, rdf_type, _IRI, _POSITION_SELECTOR, None))
        add((position, _START, _TYPED, str(rel.start), _INTEGER))
        add((position, _END, _TYPED, str(rel.end), _INTEGER))
    return doc, out


_KG: dict[str, str] = {}


def _kg(name: str) -> str:
    """The IRI of a term of the kg vocabulary (a class or a predicate)."""
    if name not in _KG:
        _KG[name] = str(KG[name])
    return _KG[name]


_CO_MENTIONED, _ASSERTION, _CO_MENTION = (T[n].value for n in ("coMentionedWith", "Assertion", "CoMention"))
_RDF_SUBJECT, _RDF_PREDICATE, _RDF_OBJECT = RDF_SUBJECT.value, RDF_PREDICATE.value, RDF_OBJECT.value
_DERIVED, _DATE = PROV["wasDerivedFrom"].value, DCT["date"].value
_RULE, _CONFIDENCE, _ROLE, _PAGE = (T[n].value for n in ("rule", "confidence", "roleName", "page"))
_DECIMAL, _INTEGER = XSD_DECIMAL.value, XSD_INTEGER.value
_HAS_TARGET, _SPECIFIC, _HAS_SOURCE, _HAS_SELECTOR = (
    OA_T[n].value for n in ("hasTarget", "SpecificResource", "hasSource", "hasSelector")
)
_QUOTE_SELECTOR, _EXACT, _PREFIX, _SUFFIX = (
    OA_T[n].value for n in ("TextQuoteSelector", "exact", "prefix", "suffix")
)
_POSITION_SELECTOR, _START, _END = (OA_T[n].value for n in ("TextPositionSelector", "start", "end"))


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
    doc, rows = _rows(text, entities, relations, known, now)
    graph = _N(doc)
    nodes: dict[str, ox.NamedNode] = {doc: graph}

    def node(iri: str) -> ox.NamedNode:
        if iri not in nodes:
            nodes[iri] = _N(iri)
        return nodes[iri]

    out: list[ox.Quad] = []
    for s, p, kind, value, extra in rows:
        if kind == _IRI:
            obj: ox.NamedNode | ox.Literal = node(value)
        elif kind == _PLAIN:
            obj = ox.Literal(value)
        elif kind == _LANG:
            obj = ox.Literal(value, language=extra)
        else:
            obj = ox.Literal(value, datatype=node(extra))  # type: ignore[arg-type]
        out.append(ox.Quad(node(s), node(p), obj, graph))
    return out


# how N-Quads writes a character of a literal (as pyoxigraph does): controls and quote escaped
_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F]}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')


def _literal(value: str) -> str:
    return value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value


def document_nquads(
    text: Text,
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    *,
    known: frozenset[str] | set[str] = frozenset(),
    now: str | None = None,
) -> bytes:
    """The N-Quads of :func:`document_quads`, the same bytes as pyoxigraph serialises them,
    written directly (what a build's worker sends; a fifth of its time went to making and
    serialising the terms). Every IRI is still checked by pyoxigraph; a value it would refuse
    (a lone surrogate) is left to :func:`document_quads` to refuse."""
    doc, rows = _rows(text, entities, relations, known, now)
    g = f"<{doc}> .\n"
    checked: set[str] = set()
    lines = []
    for s, p, kind, value, extra in rows:
        checked.add(s)
        if kind == _IRI:
            checked.add(value)
            lines.append(f"<{s}> <{p}> <{value}> {g}")
        elif kind == _PLAIN:
            lines.append(f'<{s}> <{p}> "{_literal(value)}" {g}')
        elif kind == _LANG:
            lines.append(f'<{s}> <{p}> "{_literal(value)}"@{extra} {g}')
        else:
            lines.append(f'<{s}> <{p}> "{_literal(value)}"^^<{extra}> {g}')
    for iri in checked:
        _N(iri)  # a malformed IRI raises here as it would in document_quads
    try:
        return "".join(lines).encode("utf-8")
    except UnicodeEncodeError:
        return ox.serialize(
            document_quads(text, entities, relations, known=known, now=now), format=ox.RdfFormat.N_QUADS
        )


def document_graph(text: Text, entities: Iterable[Entity], relations: Iterable[Relation], **kwargs) -> Graph:
    """The same graph as :func:`document_quads`, as an rdflib ``Graph`` (for notebooks and tests)."""
    g = Graph()
    for q in document_quads(text, entities, relations, **kwargs):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return g
