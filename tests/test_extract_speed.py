"""The shortcuts that make extraction cheaper give what the plain ways gave: the worker's N-Quads
written directly are the bytes pyoxigraph serialises, and the aliases found without a pattern per
document are the pattern's matches."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.extract import extract_document, gazetteer_for
from kg.extractors.mentions import find_aliases
from kg.readers import read_document
from kg.records import Entity, Relation, Text
from kg.seeds import load_register
from kg.triples import document_nquads, document_quads

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def gazetteer():
    return gazetteer_for(load_register())


def _serialised(text: Text, entities, relations, **kwargs) -> bytes:
    return ox.serialize(document_quads(text, entities, relations, **kwargs), format=ox.RdfFormat.N_QUADS)


@pytest.mark.parametrize("path", sorted((DATA / "heldout2").glob("*.txt"))[:4], ids=lambda p: p.name)
def test_worker_nquads_are_the_serialised_quads_of_a_real_document(path: Path, gazetteer) -> None:
    text = read_document(path)
    result = extract_document(text, gazetteer)
    known = frozenset(gazetteer.register.by_iri())
    written = document_nquads(result.text, result.entities, result.relations, known=known)
    assert written == _serialised(result.text, result.entities, result.relations, known=known)
    assert written.count(b"\n") == len(
        document_quads(result.text, result.entities, result.relations, known=known)
    )


def test_literals_with_quotes_controls_and_backslashes_are_escaped_as_pyoxigraph_does() -> None:
    odd = 'A "quoted"\tname\\with\x01 controls\r\n\x7f and caf\u00e9 \u2019s \U0001f600'
    text = Text(
        "7" * 40, "odd.txt", f"{odd} works with Acme Trust.", "text/plain", title=odd, date="2024-05-01"
    )
    person = Entity(iri="https://example.org/id/person/odd", kind="Person", name=odd, aliases=(odd, "Odd"))
    trust = Entity(iri="https://example.org/id/nhstrust/acme", kind="NHSTrust", name="Acme Trust")
    relation = Relation(
        subject=person.iri,
        predicate="collaboratesWith",
        object=trust.iri,
        doc_id=text.doc_id,
        quote=text.content,
        start=0,
        end=len(text.content),
        rule="test.v1",
        confidence=0.8,
        page=2,
        extra={"role": 'chair "acting"'},
    )
    written = document_nquads(text, [person, trust], [relation], now="2024-05-02T10:00:00Z")
    assert written == _serialised(text, [person, trust], [relation], now="2024-05-02T10:00:00Z")
    assert b'\\"quoted\\"\\tname\\\\with\\u0001' in written


def test_a_malformed_iri_is_refused_as_before() -> None:
    text = Text("8" * 40, "bad.txt", "Acme met Bobco.", "text/plain")
    bad = Entity(iri="not an iri", kind="Organisation", name="Acme")
    with pytest.raises(ValueError):
        document_quads(text, [bad], [])
    with pytest.raises(ValueError):
        document_nquads(text, [bad], [])


def _pattern(text: str, aliases: list[str]) -> list[tuple[int, int, str]]:
    pattern = re.compile(
        r"(?<![\w'\u2019-])("
        + "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
        + r")(?![\w-])"
    )
    return [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)]


def test_aliases_are_found_where_the_one_pattern_of_them_finds_them() -> None:
    text = "Acme Health met Acme, the Acme-Two board, O'Acme and Acme Health Trust; Acme_x and Acme."
    aliases = ["Acme", "Acme Health", "Acme Health Trust", "Health"]
    assert find_aliases(text, aliases) == _pattern(text, aliases)
    rng = random.Random(5)
    alphabet = ["A", "B", "a", " ", "-", "'", "\u2019", ".", "\u00e9", "_", "1"]
    for _ in range(5000):
        sample = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        names = list(
            dict.fromkeys("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(4))
        )
        assert find_aliases(sample, names) == _pattern(sample, names), (sample, names)
