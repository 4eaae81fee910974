"""The ontology: every term documented, aligned with W3C vocabularies, namespaces current."""

from __future__ import annotations

import subprocess
import sys

from rdflib import OWL, RDF, RDFS, URIRef

from kg.namespaces import KG
from kg.ontology import edge_predicates, ontology_graph, relation_names, symmetric_predicates
from tests.conftest import ROOT

KG_NS = str(KG._NS)


def _terms():
    g = ontology_graph()
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for s in g.subjects(RDF.type, kind):
            if str(s).startswith(KG_NS):
                yield s


def test_every_term_has_label_and_comment() -> None:
    g = ontology_graph()
    terms = list(_terms())
    assert len(terms) > 40
    for term in terms:
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, RDFS.comment) is not None, term


def test_required_classes_and_properties() -> None:
    names = {str(t)[len(KG_NS) :] for t in _terms()}
    for name in (
        "ICS",
        "ICB",
        "LocalAuthority",
        "Borough",
        "NHSTrust",
        "NationalBody",
        "Programme",
        "Strategy",
        "Partnership",
        "Organisation",
        "Person",
        "Place",
        "Funding",
        "Document",
        "Assertion",
        "covers",
        "partOf",
        "memberOf",
        "partnerOf",
        "leads",
        "commissions",
        "funds",
        "publishes",
        "runs",
        "hasRole",
        "collaboratesWith",
        "mentions",
        "predecessor",
        "successor",
        "mergedInto",
        "established",
        "dissolved",
    ):
        assert name in names


def test_aligned_with_w3c_vocabularies() -> None:
    g = ontology_graph()
    org = "http://www.w3.org/ns/org#"
    assert (KG.ICS, RDFS.subClassOf, KG.Partnership) in g
    assert (KG.Partnership, RDFS.subClassOf, URIRef(org + "OrganizationalCollaboration")) in g
    assert (KG.Organisation, RDFS.subClassOf, URIRef(org + "FormalOrganization")) in g
    assert (KG.Reorganisation, RDFS.subClassOf, URIRef(org + "ChangeEvent")) in g
    assert (KG.Post, RDFS.subClassOf, URIRef(org + "Post")) in g
    assert (KG.Assertion, RDFS.subClassOf, URIRef("http://www.w3.org/ns/oa#Annotation")) in g
    assert (KG.odsCode, RDFS.subPropertyOf, URIRef(org + "identifier")) in g


def test_collaboration_edges_are_data_in_the_ontology() -> None:
    edges = {p[len(KG_NS) :] for p in edge_predicates()}
    assert {"collaboratesWith", "partnerOf", "commissions", "funds", "leads", "runs"} <= edges
    assert "covers" not in edges and "coMentionedWith" not in edges
    assert {p[len(KG_NS) :] for p in edge_predicates("comention")} == {"coMentionedWith"}
    assert {p[len(KG_NS) :] for p in symmetric_predicates()} == {
        "collaboratesWith",
        "partnerOf",
        "coMentionedWith",
    }
    assert "publishes" in relation_names()


def test_namespaces_module_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "tools/gen_namespaces.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_misspelt_term_raises() -> None:
    import pytest

    with pytest.raises(AttributeError):
        KG.colaboratesWith  # noqa: B018
