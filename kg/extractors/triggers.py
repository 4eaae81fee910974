"""Which parse inputs no rule could fire on, decided before they are parsed.

A rule fires only when its trigger word is in the sentence (a word whose lemma is one of the
rule's lemmas), when the sentence names actors of the kinds its two ends take, and when the
prepositions its arguments name ("prep:in") are words of the sentence. All three can be checked
on the input string and the actors standing in it, without the parse: the words are the
tokenizer's (the pipeline's first step, unchanged by the later ones), and the lemma a word may
get is bounded by the model's own lemmatizer tables (every suffix rule and exception of every
part of speech) and the attribute ruler's lemma patterns, so the check is built from the loaded
rules and the loaded model, never from a list of our own. It errs one way only: an input it
passes may still yield nothing, an input it drops cannot yield anything
(tests/test_parse_reuse.py runs the rules on every dropped input of the development set and of a
generated corpus).

>>> from kg.extractors.model import parser
>>> from kg.extractors.rules import load_rules
>>> check = TriggerFilter(parser(), load_rules())
>>> sorted(check.lemmas_of("funded") & {"fund", "funded"})
['fund', 'funded']
>>> check.may_fire("Acme funded Acme.", {"NHSTrust", "ICB"})
True
>>> check.may_fire("Acme met Acme.", {"NHSTrust", "ICB"})
False
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from kg.extractors.rules import Rule

_WORD_KEYS = ("LOWER", "ORTH", "TEXT")  # what a word must be (NORM is not read: any word may match)


def _spec_may_match(spec: dict, word: str) -> bool:
    """True unless ``spec`` (one token of an attribute-ruler pattern) surely fails on ``word``
    (only its string constraints are read; the tag and part-of-speech ones may match any word)."""
    for key in _WORD_KEYS:
        if key not in spec:
            continue
        value = word.lower() if key == "LOWER" else word
        want = spec[key]
        if isinstance(want, str):
            if value != want:
                return False
        elif isinstance(want, dict):
            for op, arg in want.items():
                if op == "IN" and value not in arg:
                    return False
                if op == "NOT_IN" and value in arg:
                    return False
                if op == "REGEX" and not re.search(arg, value):
                    return False
    return True


class TriggerFilter:
    """A conservative test of whether any rule could fire on an input, from its words and the
    kinds of the actors standing in it. Disabled (everything passes) if the pipeline does not
    lemmatize the way this reads it."""

    def __init__(self, nlp, rules: Iterable[Rule]) -> None:
        self.rules = tuple(rules)
        self.tokenizer = nlp.tokenizer
        self.enabled = "lemmatizer" in nlp.pipe_names
        if self.enabled:
            lemmatizer = nlp.get_pipe("lemmatizer")
            # rule mode; a lemma set earlier (by the attribute ruler) is kept
            self.enabled = lemmatizer.mode == "rule" and not getattr(lemmatizer, "overwrite", True)
        self._tables = []
        self._always: set[str] = set()  # lemmas a pattern may give any word
        self._ruled: list[tuple[dict, str]] = []  # (token pattern, lemma it sets)
        if not self.enabled:
            return
        lookups = nlp.get_pipe("lemmatizer").lookups
        rules_t, index_t, exc_t = (
            lookups.get_table(n, {}) for n in ("lemma_rules", "lemma_index", "lemma_exc")
        )
        for key in {*rules_t.keys(), *index_t.keys(), *exc_t.keys()}:
            self._tables.append((rules_t.get(key, []), exc_t.get(key, {})))
        for name in nlp.pipe_names:
            if name == "lemmatizer":
                break
            component = nlp.get_pipe(name)
            if name == "attribute_ruler":
                for pattern in component.patterns:
                    lemma = pattern["attrs"].get("LEMMA")
                    if lemma is None:
                        continue
                    for tokens in pattern["patterns"]:
                        if isinstance(tokens, str):
                            self._always.add(lemma.lower())  # a phrase pattern: any word
                            continue
                        spec = tokens[pattern.get("index", 0)]
                        if any(k in spec for k in _WORD_KEYS):
                            self._ruled.append((spec, lemma.lower()))
                        else:
                            self._always.add(lemma.lower())
            elif name not in ("tok2vec", "tagger", "parser", "senter", "morphologizer"):
                self.enabled = False  # a component we do not know might set lemmas: no filter
        self._lemmas: dict[str, frozenset[str]] = {}

    def lemmas_of(self, word: str) -> frozenset[str]:
        """Every lemma (lower case) the pipeline could give ``word``, whatever its part of speech:
        the word itself, every form of every suffix rule and exception, and the attribute
        ruler's lemmas for it. A superset of the lemma it does give."""
        got = self._lemmas.get(word)
        if got is not None:
            return got
        low = word.lower()
        out = {low} | self._always
        for rules, exceptions in self._tables:
            for old, new in rules:
                if low.endswith(old):
                    out.add(low[: len(low) - len(old)] + new)
            out.update(f.lower() for f in exceptions.get(low, ()))
        out.update(lemma for spec, lemma in self._ruled if _spec_may_match(spec, word))
        got = frozenset(out)
        self._lemmas[word] = got
        return got

    def may_fire(
        self,
        text: str,
        kinds: set[str],
        council_kinds: set[str] = frozenset(),  # type: ignore[assignment]
        context_kind: str | None = None,
    ) -> bool:
        """False only when no rule can fire on ``text``: ``kinds`` are the kinds of the actors
        standing in it, ``council_kinds`` those of the councils its boroughs stand for, and
        ``context_kind`` the kind of the commissioning body named before it (or None)."""
        if not self.enabled:
            return True
        words = [t.text for t in self.tokenizer(text)]
        lowers = {w.lower() for w in words}
        lemmas: set[str] = set()
        for w in set(words):
            lemmas |= self.lemmas_of(w)
        titles = {w.rstrip(".") for w in lowers} | {"", "from"}
        return any(
            self._rule_may_fire(r, lowers, lemmas, titles, kinds, council_kinds, context_kind)
            for r in self.rules
        )

    @staticmethod
    def _rule_may_fire(
        rule: Rule,
        lowers: set[str],
        lemmas: set[str],
        titles: set[str],
        kinds: set[str],
        council_kinds: set[str],
        context_kind: str | None,
    ) -> bool:
        def end_ok(role: str, wanted: frozenset[str], subject: bool) -> bool:
            if role == "commissioner_in_context":
                return context_kind is not None and context_kind in wanted
            if role.startswith("prep:") and role[5:] not in lowers:
                return False
            if kinds & wanted:
                return True
            if subject and rule.plan_means_owner and "Strategy" in kinds:
                return True
            return not subject and rule.borough_means_council and bool(council_kinds & wanted)

        if not end_ok(rule.subject, rule.subject_kinds, True):
            return False
        if not end_ok(rule.object, rule.object_kinds, False):
            return False
        if rule.trigger == "verb" and not rule.lemmas & lemmas:
            return False
        if rule.trigger == "noun" and not rule.lemmas & (lemmas | lowers):
            return False
        if rule.after and not rule.after & lowers:
            return False
        if rule.direct_object and not rule.direct_object & lemmas:
            return False
        return not (rule.head_title and not rule.head_title & titles)


@cache
def trigger_filter() -> TriggerFilter:
    """The filter for the loaded parser and rules, built once per process."""
    from kg.extractors.model import parser
    from kg.extractors.rules import load_rules

    return TriggerFilter(parser(), load_rules())
