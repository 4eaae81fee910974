"""The parser model: its files are checked against recorded digests before loading (a changed
file is refused), and its parses of sentences of our own are the ones we verified by reading."""

from __future__ import annotations

import shutil

import pytest

from kg.extractors import model


def test_installed_model_matches_every_recorded_digest() -> None:
    path = model.verify()
    assert (path / "parser" / "model").is_file()
    assert set(model.MODEL_DIGESTS) >= {"parser/model", "tagger/model", "tok2vec/model", "vocab/strings.json"}


def test_a_changed_model_file_is_refused(tmp_path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(model.model_path(), copy)
    with open(copy / "parser" / "model", "r+b") as f:
        f.seek(100)
        byte = f.read(1)
        f.seek(100)
        f.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(model.ModelError, match="parser/model: sha256"):
        model.verify(copy)
    (copy / "tagger" / "model").unlink()
    with pytest.raises(model.ModelError, match="tagger/model: cannot read"):
        model.verify(copy)


def test_the_ner_component_is_not_loaded() -> None:
    assert "ner" not in model.parser().pipe_names
    assert "parser" in model.parser().pipe_names


# (sentence, [(word, dependency label, word it depends on)]): parses read and checked by hand
HAND_CHECKED = [
    (
        "Acme includes three boroughs: Paris, Rome and Oslo.",
        [("Acme", "nsubj", "includes"), ("boroughs", "dobj", "includes"), ("Rome", "conj", "Paris")],
    ),
    (
        "Acme is led by Smith.",
        [("Acme", "nsubjpass", "led"), ("by", "agent", "led"), ("Smith", "pobj", "by")],
    ),
    (
        "Smith, chief executive of Acme, said so.",
        [("executive", "appos", "Smith"), ("of", "prep", "executive"), ("Acme", "pobj", "of")],
    ),
    (
        "Smith, who is chair of Acme, said so.",
        [("who", "nsubj", "is"), ("is", "relcl", "Smith"), ("chair", "attr", "is")],
    ),
    (
        "Acme works closely with Bobco.",
        [("Acme", "nsubj", "works"), ("with", "prep", "works"), ("Bobco", "pobj", "with")],
    ),
    (
        "Acme and Bobco are members of Cinco.",
        [("Bobco", "conj", "Acme"), ("members", "attr", "are"), ("Cinco", "pobj", "of")],
    ),
    ("The programme is funded by Acme.", [("programme", "nsubjpass", "funded"), ("Acme", "pobj", "by")]),
    (
        "Acme published its strategy in May.",
        [("Acme", "nsubj", "published"), ("strategy", "dobj", "published"), ("its", "poss", "strategy")],
    ),
    (
        "Acme commissioned Bobco to run the service.",
        [("Bobco", "dobj", "commissioned"), ("run", "xcomp", "commissioned")],
    ),
    ("Acme is part of Bobco.", [("part", "attr", "is"), ("of", "prep", "part"), ("Bobco", "pobj", "of")]),
    ("Acme joined the alliance last year.", [("Acme", "nsubj", "joined"), ("alliance", "dobj", "joined")]),
    (
        "Smith was appointed as chair of Acme.",
        [("Smith", "nsubjpass", "appointed"), ("as", "prep", "appointed"), ("chair", "pobj", "as")],
    ),
]


@pytest.mark.parametrize(("sentence", "arcs"), HAND_CHECKED, ids=[s for s, _ in HAND_CHECKED])
def test_parser_gives_the_hand_checked_parse(sentence, arcs) -> None:
    parsed = model.parser()(sentence)
    got = {(t.text, t.dep_, t.head.text) for t in parsed}
    for arc in arcs:
        assert arc in got, f"{sentence!r}: expected {arc}, parse was {sorted(got)}"
