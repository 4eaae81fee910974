"""Register names in text: one Aho-Corasick automaton over every name, alias and acronym.

Matching runs on a same-length folded copy of the text (lower case, ASCII quotes and
dashes), so offsets point into the original. Possessives and plurals after a name ("King's
Funds", "NHS England's") and names written without their apostrophe ("Kings Fund") match.
One-word names and acronyms must be written with a capital ("Monitor", not "monitor"), and
organisation names of several words must be written as names (content words capitalised).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick

from kg.extractors.text import fold_for_match
from kg.seeds import Register

EXTRACTOR = "gazetteer.v1"
_CONNECTORS = {"and", "of", "for", "the", "in", "on", "upon", "&", "-", "at", "to", "de", "la"}
# names of these types may be written in lower case ("south west London")
_LOWER_OK = {"Place", "Borough"}


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str
    kind: str  # ontology class of the register entry
    alias_kind: str  # "official", "name", "common", "acronym", "former" or "ambiguous"


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    candidates: tuple[Candidate, ...]


def _variants(name: str) -> set[str]:
    base = fold_for_match(name).strip()
    out = {base}
    if base.startswith("the "):
        out.add(base[4:])
    for v in list(out):
        if "'" in v:
            out.add(v.replace("'", ""))
        if " & " in v:
            out.add(v.replace(" & ", " and "))
        if " and " in v:
            out.add(v.replace(" and ", " & "))
        if "st " in v:
            out.add(v.replace("st ", "st. "))
        if v.endswith(" nhs trust"):  # "West London Trust" for West London NHS Trust
            out.add(v[: -len(" nhs trust")] + " trust")
        if v.endswith(" nhs foundation trust"):  # "Royal Free London FT", "... NHS FT"
            out.add(v[: -len(" nhs foundation trust")] + " ft")
            out.add(v[: -len(" foundation trust")] + " ft")
        for long, short in _COMPASS_SHORT:
            if v.startswith(long):  # "NW London ICS", "SEL ICB" are written forms of the area's name
                out.add(short + v[len(long) :])
        for compass in ("north west", "north east", "south west", "south east"):
            if v.startswith(compass + " london"):  # "Southeast London", written as one word
                out.add(compass.replace(" ", "") + v[len(compass) :])
        if v.startswith("london borough of "):  # the usual short form in minutes: "LB of Lewisham"
            out.add("lb of " + v[len("london borough of ") :])
            out.add("borough of " + v[len("london borough of ") :])  # "the Borough of Bromley"
        if v.startswith("royal borough of "):
            out.add("rb of " + v[len("royal borough of ") :])
    return {v for v in out if len(v) >= 2}


_COMPASS_SHORT = (
    ("north west london ", "nw london "),
    ("north east london ", "ne london "),
    ("south west london ", "sw london "),
    ("south east london ", "se london "),
    ("north central london ", "nc london "),
)


class Gazetteer:
    """Finds the register's names in text."""

    CASE_CHECKS = 100_000  # case checks remembered, at most (then forgotten all at once)

    def __init__(self, register: Register) -> None:
        self.register = register
        table: dict[str, dict[str, Candidate]] = {}
        # names written exactly as registered pass the case check ("Medicines and Healthcare
        # products Regulatory Agency" has a lower-case word of its own)
        self._exact: frozenset[str] = frozenset(s for s, _, _ in register.names() if " " in s)
        for surface, key, alias_kind in register.names():
            kind = register.entries[key].kind
            for variant in _variants(surface):
                table.setdefault(variant, {})
                if key not in table[variant] or alias_kind == "official":
                    table[variant][key] = Candidate(key, kind, alias_kind)
        self.automaton = ahocorasick.Automaton()
        for pattern, cands in table.items():
            self.automaton.add_word(
                pattern, (len(pattern), tuple(sorted(cands.values(), key=lambda c: c.key)))
            )
        self.automaton.make_automaton()
        # the candidates whose case a written form fits, by (form, candidates): the same names
        # come back in every document
        self._case_checked: dict[tuple[str, tuple[Candidate, ...]], tuple[Candidate, ...]] = {}

    def matches(self, text: str, folded: str | None = None) -> Iterator[Match]:
        """Leftmost-longest register matches in ``text`` that pass the boundary and case checks."""
        folded = folded if folded is not None else fold_for_match(text)
        found: list[Match] = []
        n = len(text)
        for end_index, (length, cands) in self.automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if start > 0 and (
                folded[start - 1].isalnum()
                or folded[start - 1] == "'"
                and start > 1
                and folded[start - 2].isalnum()
                # a coded name's part: "TIDE-London", "HEAL-Croydon" (not "north-east London")
                or folded[start - 1] == "-"
                and start > 1
                and (text[start - 2].isupper() or text[start - 2].isdigit())
            ):
                continue
            multi = " " in folded[start:end]
            # a plural or possessive s may follow a name of several words ("King's Funds")
            plural = (
                multi and folded[end : end + 1] == "s" and (end + 1 == n or not folded[end + 1].isalnum())
            )
            if end < n and folded[end].isalnum() and not plural:
                continue
            if (
                not multi
                and folded[end : end + 1] == "-"
                and text[end + 1 : end + 2].isupper()
                and text[end + 2 : end + 3].islower()
            ):
                continue  # the first half of a double-barrelled name: "Harrow-Patel", "Barnet-Jones"
            surface = text[start:end]
            key = (surface, cands)
            kept = self._case_checked.get(key)
            if kept is None:
                if len(self._case_checked) >= self.CASE_CHECKS:
                    self._case_checked.clear()
                exact = surface in self._exact
                kept = self._case_checked[key] = tuple(c for c in cands if exact or _case_ok(surface, c))
            cands = kept
            if cands:
                found.append(Match(start, end, cands))

        # a leading "the" is not part of the name: "the Royal Free" must not hide "Royal Free London FT"
        def head(m: Match) -> int:
            return m.start + 4 if folded.startswith("the ", m.start) else m.start

        found.sort(key=lambda m: (head(m), -(m.end - head(m))))
        last = -1
        for m in found:
            if head(m) >= last:
                yield m
                last = m.end


def _case_ok(surface: str, cand: Candidate) -> bool:
    words = surface.split()
    if len(words) == 1:
        if cand.alias_kind in ("acronym", "ambiguous") or len(surface) <= 5:
            # acronyms: at least two capitals ("CQC", "DoH", "NHSE") or exactly as written
            return sum(c.isupper() for c in surface) >= 2 or (surface[:1].isupper() and len(surface) > 3)
        return surface[:1].isupper()
    if cand.kind in _LOWER_OK:
        return any(c.isupper() for c in surface) or cand.alias_kind != "ambiguous"
    content = [w for w in words if w.lower() not in _CONNECTORS]
    return all(w[:1].isupper() or w[:1].isdigit() or any(c.isupper() for c in w) for w in content)
