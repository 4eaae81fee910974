"""Document structure and coreference, on sentences of our own: units (hard wraps, headings,
lists under their lead-in, page furniture) and what they let the parser rules state."""

from __future__ import annotations

import pytest

from kg.extract import extract_document, gazetteer_for
from kg.extractors.structure import is_furniture, units
from kg.extractors.text import sentence_spans
from kg.records import Text
from kg.seeds import load_register


@pytest.fixture(scope="module")
def gazetteer():
    return gazetteer_for(load_register())


def _units(text: str):
    return [
        (text[u.start : u.end], [text[s:e] for s, e in u.items], u.heading)
        for u in units(text, sentence_spans(text))
    ]


def _facts(gazetteer, content: str) -> set[tuple[str, str, str]]:
    result = extract_document(Text("2" * 40, "doc.txt", content, "text/plain"), gazetteer)
    names = {e.iri: e.name for e in result.entities}
    return {(names[r.subject], r.predicate, names[r.object]) for r in result.relations if r.asserted}


def test_hard_wrapped_lines_are_one_sentence_and_headings_stand_apart() -> None:
    text = "Annual report\n\nThe board met in March and\nagreed the budget for the year.\n"
    got = _units(text)
    assert got[0] == ("Annual report", [], True)
    assert got[1] == ("The board met in March and\nagreed the budget for the year.", [], False)


def test_a_list_belongs_to_its_lead_in_and_a_long_item_stays_whole() -> None:
    text = "The alliance brings together:\n\n- Acme Ltd: two seats. One seat rotates.\n- Bobco Ltd\n\nAfter the list."
    got = _units(text)
    assert got[0] == (
        "The alliance brings together:",
        ["- Acme Ltd: two seats. One seat rotates.", "- Bobco Ltd"],
        False,
    )
    assert got[1][0] == "After the list."


@pytest.mark.parametrize(
    "line",
    ["Skip to content", "Share this page", "We use cookies to improve this site", "Accept all cookies"],
)
def test_page_furniture_is_dropped(line: str) -> None:
    assert is_furniture(line)
    assert all(line not in u[0] for u in _units(f"{line}\nThe board met in March."))


def test_every_listed_item_takes_the_lead_ins_relation(gazetteer) -> None:
    facts = _facts(
        gazetteer,
        "The Riverside Provider Alliance comprises three NHS trusts:\n"
        "- Barts Health NHS Trust\n- Homerton Healthcare NHS Foundation Trust\n- East London NHS Foundation Trust\n",
    )
    for trust in (
        "Barts Health NHS Trust",
        "Homerton Healthcare NHS Foundation Trust",
        "East London NHS Foundation Trust",
    ):
        assert (trust, "memberOf", "Riverside Provider Alliance") in facts


def test_a_membership_list_without_its_group_takes_the_group_just_named(gazetteer) -> None:
    facts = _facts(
        gazetteer,
        "The Riverside Partnership Board meets monthly. Its members are nominated as follows:\n"
        "- NHS England: one seat\n- Greater London Authority: one seat\n",
    )
    assert ("NHS England", "memberOf", "Riverside Partnership Board") in facts
    assert ("Greater London Authority", "memberOf", "Riverside Partnership Board") in facts


def test_both_and_the_two_stand_for_the_named_bodies(gazetteer) -> None:
    facts = _facts(
        gazetteer,
        "Barts Health NHS Trust and Homerton Healthcare NHS Foundation Trust serve east London. "
        "Both trusts are part of the North East London Integrated Care System.",
    )
    assert any(
        s == "Homerton Healthcare NHS Foundation Trust" and o == "North East London Integrated Care System"
        for s, _, o in facts
    )
    assert any(
        s == "Barts Health NHS Trust" and o == "North East London Integrated Care System" for s, _, o in facts
    )


def test_he_and_she_carry_the_person_named_before(gazetteer) -> None:
    facts = _facts(
        gazetteer,
        "Dr Jane Doe was appointed last week. She is chief executive of Barts Health NHS Trust.",
    )
    assert ("Jane Doe", "hasRole", "Barts Health NHS Trust") in facts


def test_a_surname_alone_takes_the_full_name_written_elsewhere(gazetteer) -> None:
    result = extract_document(
        Text(
            "3" * 40,
            "doc.txt",
            "Amir Khanbhai will lead the review. Mr Khanbhai is chair of NHS England.",
            "text/plain",
        ),
        gazetteer,
    )
    people = {e.name for e in result.entities if e.kind == "Person"}
    assert people == {"Amir Khanbhai"}


def test_every_quoted_span_of_a_list_gets_its_quote(gazetteer) -> None:
    """Relations read from one lead-in share its start but end at their own item: each span is a
    target with its own quote (the SHACL shape asks every assertion for one)."""
    from kg.triples import document_quads

    text = Text(
        "5" * 40,
        "doc.txt",
        "The Riverside Provider Alliance comprises three NHS trusts:\n"
        "- Barts Health NHS Trust\n- Homerton Healthcare NHS Foundation Trust\n- East London NHS Foundation Trust\n",
        "text/plain",
    )
    result = extract_document(text, gazetteer)
    quads = document_quads(text, result.entities, result.relations)
    targets = {q.object.value for q in quads if q.predicate.value.endswith("#hasTarget")}
    quoted = {q.subject.value.removesuffix("-quote") for q in quads if q.predicate.value.endswith("#exact")}
    assert len(targets) >= 3 and targets <= quoted


def test_parsing_is_bounded_per_document_and_the_cut_is_reported(gazetteer, monkeypatch) -> None:
    from kg.extractors import syntax

    monkeypatch.setattr(syntax, "MAX_PARSED_WORDS", 40)
    line = "Barts Health NHS Trust works closely with Homerton Healthcare NHS Foundation Trust. "
    result = extract_document(Text("6" * 40, "doc.txt", line * 20, "text/plain"), gazetteer)
    assert any("left unparsed" in note for note in result.truncated)
