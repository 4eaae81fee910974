"""Parsing less without changing what is found: parses reused within a process
(kg/extractors/syntax.py ``ParseCache``) give the same relations as parsing every input afresh."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.extract import extract_paths
from kg.extractors import syntax
from kg.extractors.model import parser
from kg.extractors.triggers import trigger_filter
from tests.conftest import ROOT, require_shared


def _signature(parsed) -> list[tuple]:
    """Every token attribute the rules read."""
    return [
        (t.text, t.idx, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, str(t.morph), t.is_sent_start)
        for t in parsed
    ]


@pytest.fixture(scope="module")
def dev_docs() -> list[Path]:
    return sorted(require_shared("eval", "dev", "docs").glob("*.txt"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate_corpus import generate

    folder = tmp_path_factory.mktemp("generated")
    generate(40, folder, seed=11)
    return sorted(folder.glob("*.md"))


def _recorded_inputs(monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> list[list[str]]:
    """The texts handed to the parser, one list per call (one call per document, and one per
    second reading)."""
    calls: list[list[str]] = []
    real = syntax.parse_texts

    def recording(texts: list[str]) -> list:
        calls.append(list(texts))
        return real(texts)

    monkeypatch.setattr(syntax, "parse_texts", recording)
    extract_paths(paths)
    monkeypatch.undo()
    return calls


def test_a_parse_is_the_same_alone_in_a_batch_and_from_the_cache(
    monkeypatch: pytest.MonkeyPatch, dev_docs: list[Path]
) -> None:
    calls = _recorded_inputs(monkeypatch, dev_docs)
    assert sum(map(len, calls)) > 100
    nlp = parser()
    cache = syntax.ParseCache(size=10_000)
    for texts in calls:
        batch = list(nlp.pipe(texts))
        for text, in_batch, cached in zip(texts, batch, cache.parse(texts), strict=True):
            alone = _signature(nlp(text))
            assert _signature(in_batch) == alone, text
            assert _signature(cached) == alone, text
    assert cache.hits > 0  # the dev set repeats a few inputs ("Acme and Acme ...")


def test_relations_are_the_same_with_no_reuse_and_with_a_warm_cache(
    monkeypatch: pytest.MonkeyPatch, dev_docs: list[Path], generated: list[Path]
) -> None:
    monkeypatch.setattr(syntax, "PARSES", syntax.ParseCache(size=0))
    cold, _ = extract_paths([*dev_docs, *generated])
    warm_cache = syntax.ParseCache(size=100_000)
    monkeypatch.setattr(syntax, "PARSES", warm_cache)
    extract_paths([*reversed(generated), *reversed(dev_docs)])  # every input parsed once, in another order
    misses = warm_cache.misses
    warm, _ = extract_paths([*dev_docs, *generated])
    assert warm_cache.misses == misses  # the second pass parsed nothing
    assert warm == cold
    assert sum(len(r["relations"]) for r in cold) > 300


def test_the_cache_holds_at_most_its_size_and_drops_the_least_recently_used() -> None:
    cache = syntax.ParseCache(size=2)
    a, b = cache.parse(["Acme funds Acme.", "Smith chairs Acme."])
    assert (cache.hits, cache.misses) == (0, 2)
    assert cache.parse(["Acme funds Acme."])[0] is a  # a hit, and now the most recently used
    cache.parse(["Acme runs Acme."])  # drops "Smith chairs Acme."
    assert (cache.hits, cache.misses) == (1, 3)
    assert cache.parse(["Acme funds Acme."])[0] is a
    assert cache.parse(["Smith chairs Acme."])[0] is not b
    assert (cache.hits, cache.misses) == (2, 4)
    twice = cache.parse(["Acme leads Acme.", "Acme leads Acme."])
    assert twice[0] is twice[1] and cache.misses == 5  # parsed once


def test_the_prefilter_drops_no_input_a_rule_fires_on(
    monkeypatch: pytest.MonkeyPatch, dev_docs: list[Path], generated: list[Path]
) -> None:
    """Every input is parsed and matched; the prefilter's answer is taken beside it: an input
    it would drop never yields a relation, and it does drop some inputs of real pages."""
    check = trigger_filter()
    seen = {"inputs": 0, "fired": 0, "dropped": 0}
    wrongly_dropped: list[str] = []
    real = syntax._matches

    def matched(doc, sent, index):
        found = list(real(doc, sent, index))
        seen["inputs"] += 1
        seen["fired"] += bool(found)
        if not check.may_fire(*syntax._filter_args(sent.inp, sent.kinds, sent.council, sent.commissioner)):
            seen["dropped"] += 1
            if found:
                wrongly_dropped.append(sent.inp.text)
        return iter(found)

    monkeypatch.setattr(syntax, "PREFILTER", False)
    monkeypatch.setattr(syntax, "_matches", matched)
    extract_paths([*dev_docs, *generated])
    assert wrongly_dropped == []
    assert seen["fired"] > 100
    assert seen["dropped"] >= 10


def test_relations_are_the_same_with_and_without_the_prefilter(
    monkeypatch: pytest.MonkeyPatch, dev_docs: list[Path], generated: list[Path]
) -> None:
    monkeypatch.setattr(syntax, "PARSES", syntax.ParseCache(size=0))  # every input meets the prefilter
    monkeypatch.setattr(syntax, "PREFILTER", False)
    every, _ = extract_paths([*dev_docs, *generated])
    monkeypatch.setattr(syntax, "PREFILTER", True)
    filtered, _ = extract_paths([*dev_docs, *generated])
    assert filtered == every


def test_a_word_may_have_every_lemma_the_model_could_give_it() -> None:
    check = trigger_filter()
    assert {"commission"} <= check.lemmas_of("commissioned")
    assert {"fund"} <= check.lemmas_of("funds")
    assert {"partnership"} <= check.lemmas_of("Partnerships")
    assert {"get"} <= check.lemmas_of("got")  # an exception of the lemmatizer's tables
    assert {"be"} <= check.lemmas_of("'s")  # set by the attribute ruler, not the lemmatizer
    nlp = parser()
    for parsed in nlp.pipe(["Acme funds Acme.", "The partnerships got money and were funded by Acme."]):
        for token in parsed:
            assert token.lemma_.lower() in check.lemmas_of(token.text), token.text


def test_the_prefilter_reads_trigger_words_kinds_and_prepositions() -> None:
    check = trigger_filter()
    orgs = {"NHSTrust", "ICB"}
    assert check.may_fire("Acme funds Acme.", orgs)
    assert check.may_fire("Acme is funded by Acme.", orgs)
    assert not check.may_fire("Acme met Acme.", orgs)  # no trigger word
    assert not check.may_fire("Paris met Paris.", {"Place"})
    # "covers.name-in-place": a programme "in" a place, no trigger word
    assert check.may_fire("The Acme in Paris met.", {"Programme", "Place"})
    assert not check.may_fire("The Acme near Paris met.", {"Programme", "Place"})
