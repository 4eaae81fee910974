"""Namespaces used by kg. GENERATED from ontology/kg.ttl by tools/gen_namespaces.py: do not edit."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace


class KG(DefinedNamespace):
    """Terms of the London health-system ontology."""

    _fail = True
    _NS = Namespace("https://w3id.org/london-health-kg/ontology#")

    # classes
    Actor: URIRef
    Assertion: URIRef
    Borough: URIRef
    CCG: URIRef
    CoMention: URIRef
    Document: URIRef
    Funding: URIRef
    ICB: URIRef
    ICS: URIRef
    LocalAuthority: URIRef
    Membership: URIRef
    NHSTrust: URIRef
    NationalBody: URIRef
    Organisation: URIRef
    Partnership: URIRef
    Person: URIRef
    Place: URIRef
    Post: URIRef
    Programme: URIRef
    Reorganisation: URIRef
    Strategy: URIRef

    # properties
    changeKind: URIRef
    coMentionedWith: URIRef
    collaboratesWith: URIRef
    commissions: URIRef
    confidence: URIRef
    covers: URIRef
    dissolved: URIRef
    established: URIRef
    fileName: URIRef
    funds: URIRef
    gssCode: URIRef
    hasRole: URIRef
    leads: URIRef
    memberOf: URIRef
    mentions: URIRef
    mergedInto: URIRef
    networkEdge: URIRef
    networkLayer: URIRef
    odsCode: URIRef
    page: URIRef
    partOf: URIRef
    partnerOf: URIRef
    predecessor: URIRef
    publishes: URIRef
    registerKey: URIRef
    relatedTo: URIRef
    roleName: URIRef
    rule: URIRef
    runs: URIRef
    sha1: URIRef
    successor: URIRef
    symmetric: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
ID = Namespace("https://w3id.org/london-health-kg/id/")

PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "id": str(ID),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": str(OA),
}
