"""The relation rules of kg/extractors/rules/*.toml: each rule's own example sentences (ours),
run through mention finding, the parser and the rule engine; and the loader's validation."""

from __future__ import annotations

import re

import pytest

from kg.extract import gazetteer_for
from kg.extractors import syntax
from kg.extractors.mentions import build_model
from kg.extractors.resolve import Resolver, sentence_slots
from kg.extractors.rules import RuleError, load_rules, parse_rules
from kg.seeds import load_register

RULES = load_rules()


@pytest.fixture(scope="module")
def gazetteer():
    return gazetteer_for(load_register())


def _found(gazetteer, sentence: str):
    """What the rules find in ``sentence``, with descriptions ("the strategy") resolved as the
    pipeline resolves them."""
    doc = build_model(sentence, gazetteer)
    slots = sentence_slots(doc, Resolver(doc, gazetteer.register))
    return {
        (doc.entities[f.subject].name, f.predicate, doc.entities[f.object].name, f.rule)
        for f in syntax.relations(doc, slots)
    }


def _names_match(found_name: str, wanted: str) -> bool:
    return found_name.lower().removeprefix("the ") == wanted.lower().removeprefix("the ")


@pytest.mark.parametrize(
    ("rule", "example"),
    [(r, ex) for r in RULES for ex in r.positive],
    ids=lambda v: v.rule_id if hasattr(v, "rule_id") else v[0][:40],
)
def test_rule_finds_its_positive_examples(gazetteer, rule, example) -> None:
    sentence, subject, obj = example
    found = _found(gazetteer, sentence)
    hits = [
        f
        for f in found
        if f[3] == rule.rule_id
        and f[1] == rule.predicate
        and (
            (_names_match(f[0], subject) and _names_match(f[2], obj))
            or (
                rule.predicate in ("collaboratesWith", "partnerOf")
                and _names_match(f[0], obj)
                and _names_match(f[2], subject)
            )
        )
    ]
    assert hits, (
        f"{rule.rule_id} did not find ({subject}, {rule.predicate}, {obj}) in {sentence!r}; found {sorted(found)}"
    )


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [(r, ex) for r in RULES for ex in r.negative],
    ids=lambda v: v.rule_id if hasattr(v, "rule_id") else v[:40],
)
def test_rule_is_silent_on_its_negative_examples(gazetteer, rule, sentence) -> None:
    found = _found(gazetteer, sentence)
    assert not [f for f in found if f[3] == rule.rule_id], (
        f"{rule.rule_id} fired on {sentence!r}: {sorted(found)}"
    )


def test_every_rule_names_its_version_and_predicate() -> None:
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.rule_id == f"{rule.name}.v{rule.version}"
        assert rule.name.split(".")[0] == rule.predicate


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('predicate = "likes"\n', "'predicate' must be one of"),
        (
            'predicate = "funds"\n[[rule]]\nname = "funds.x"\nversion = 1\ntrigger = "verb"\nlemmas = ["fund"]\nsubject = "holder"\nobject = "patient"\npositive = [["a", "b", "c"]]\n',
            "'holder' is not an argument of a verb",
        ),
        (
            'predicate = "funds"\n[[rule]]\nname = "runs.x"\nversion = 1\ntrigger = "verb"\nlemmas = ["fund"]\nsubject = "agent"\nobject = "patient"\npositive = [["a", "b", "c"]]\n',
            "starts with its predicate",
        ),
        (
            'predicate = "funds"\n[[rule]]\nname = "funds.x"\nversion = 1\ntrigger = "verb"\nlemmas = ["fund"]\nsubject = "agent"\nobject = "patient"\n',
            "needs positive examples",
        ),
        (
            'predicate = "funds"\n[[rule]]\nname = "funds.x"\nversion = 1\ntrigger = "verb"\nlemmas = ["fund"]\nsubject = "agent"\nobject = "patient"\nobject_kinds = "@nobody"\npositive = [["a", "b", "c"]]\n',
            "unknown kind set",
        ),
        ("predicate = [", "bad.toml"),
    ],
)
def test_a_faulty_rule_file_is_refused_with_its_name(text, message) -> None:
    with pytest.raises(RuleError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_rules(text, "bad.toml")


def test_relations_carry_rule_name_and_version_in_evidence(gazetteer) -> None:
    from kg.extract import extract_document
    from kg.records import Text

    text = Text("1" * 40, "note.txt", "NHS England funds the Riverside Programme.", "text/plain")
    result = extract_document(text, gazetteer)
    funded = [r for r in result.relations if r.predicate == "funds"]
    assert funded and all(
        re.fullmatch(r"funds\.[a-z-]+\.v[0-9]+", r.rule) and r.quote == text.content for r in funded
    )


def test_eval_misses_names_the_reason_for_each_error() -> None:
    from kg.evaluate import misses

    gold = {
        "documents": [
            {
                "file": "a.txt",
                "entities": [
                    {"name": "Acme Health Ltd", "type": "Organisation", "aliases": []},
                    {"name": "Riverside Alliance", "type": "Partnership", "aliases": []},
                    {"name": "Jane Doe", "type": "Person", "aliases": []},
                    {"name": "Ealing", "type": "Borough", "aliases": []},
                ],
                "relations": [
                    {
                        "subject": "Acme Health Ltd",
                        "predicate": "memberOf",
                        "object": "Riverside Alliance",
                        "evidence": "one",
                    },
                    {
                        "subject": "Jane Doe",
                        "predicate": "hasRole",
                        "object": "Acme Health Ltd",
                        "evidence": "two",
                    },
                    {
                        "subject": "Riverside Alliance",
                        "predicate": "covers",
                        "object": "Ealing",
                        "evidence": "three",
                    },
                    {
                        "subject": "Riverside Alliance",
                        "predicate": "funds",
                        "object": "Acme Health Ltd",
                        "evidence": "four",
                    },
                ],
            }
        ]
    }
    pred = {
        "documents": [
            {
                "file": "a.txt",
                "entities": [
                    {"name": "Acme Health Ltd", "type": "Organisation", "aliases": []},
                    {"name": "Riverside Alliance", "type": "Organisation", "aliases": []},
                    {"name": "Ealing", "type": "Borough", "aliases": []},
                ],
                "relations": [
                    {
                        "subject": "Riverside Alliance",
                        "predicate": "memberOf",
                        "object": "Acme Health Ltd",
                        "evidence": "x",
                    },
                    {
                        "subject": "Riverside Alliance",
                        "predicate": "runs",
                        "object": "Acme Health Ltd",
                        "evidence": "y",
                    },
                ],
            }
        ]
    }
    got = {(m.kind, m.what, m.item): m.reason for m in misses(gold, pred)}
    assert got[("missed", "entity", "Person Jane Doe")] == "entity not found"
    assert (
        got[("missed", "entity", "Partnership Riverside Alliance")] == "wrong type (predicted Organisation)"
    )
    assert got[("missed", "relation", "Acme Health Ltd memberOf Riverside Alliance")] == "wrong direction"
    assert got[("missed", "relation", "Jane Doe hasRole Acme Health Ltd")] == "entity not found: Jane Doe"
    assert (
        got[("missed", "relation", "Riverside Alliance covers Ealing")]
        == "entity of the wrong type: Riverside Alliance"
    )
    assert got[("spurious", "relation", "Riverside Alliance memberOf Acme Health Ltd")] == "wrong direction"
    assert got[("spurious", "relation", "Riverside Alliance runs Acme Health Ltd")] == "not in the gold"
