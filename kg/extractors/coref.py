"""Coreference the name rules leave open: plural descriptions that stand for several named actors.

"Both collaboratives", "the two trusts", "the three councils" stand for the actors of that kind
named earlier in the document (the most recent ones, as many as the number says). The singular
cases ("the trust", "it", "we") are resolved in kg/extractors/resolve.py.
"""

from __future__ import annotations

import bisect
import re

from kg.extractors.mentions import DocModel
from kg.extractors.resolve import Slot
from kg.ids import normalise_name

_NUMBERS = {
    "both": 2,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_PLURAL = re.compile(
    r"\b(?i:(both)(?:\s+the)?|(?:the|all(?:\s+the)?)\s+(two|three|four|five|six|seven|eight|nine|ten)|(both)\s+of\s+the)\s+"
    r"((?:[A-Za-z-]+\s+){0,2}?)([A-Za-z]+s)\b"
)
# "the trusts", "The councils": no number; they stand for the bodies of that kind the sentences
# just before name together
_UNCOUNTED = re.compile(
    r"\b(?:[Tt]he|[Tt]hese)\s+(trusts|councils|ICBs|CCGs|organisations)\b"
    r"(?!\s+(?:that|which|who|whose|we|listed|named|below)\b)"  # ("the organisations that funded us:": new ones)
)
# "the two organisations", "both partners": bodies of any kind
_BODY_KINDS = {"Organisation", "NHSTrust", "LocalAuthority", "ICB", "NationalBody", "Partnership", "CCG"}
_RUNS_ONLY = frozenset({"partner", "body", "charity"})
_KIND_OF_HEAD = {
    "trust": {"NHSTrust"},
    "council": {"LocalAuthority"},
    "borough": {"Borough", "LocalAuthority"},
    "icb": {"ICB"},
    "ics": {"ICS"},
    "ccg": {"CCG"},
    "organisation": {"Organisation", "NHSTrust", "LocalAuthority", "NationalBody"},
    "partner": _BODY_KINDS,
    "body": _BODY_KINDS,
    "charity": {"Organisation"},
}


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1]


def plural_slots(doc: DocModel, slots: list[Slot]) -> list[Slot]:
    """Extra slots, one per actor, for each plural description that counts named actors."""
    out: list[Slot] = []
    starts = [a for a, _ in doc.sentences]
    for m in _PLURAL.finditer(doc.text):
        start, end = m.start(), m.end()
        if any(s.start < end and start < s.end for s in slots):
            continue
        n = _NUMBERS[(m.group(1) or m.group(2) or m.group(3)).lower()]
        head = _singular(m.group(5))
        kinds = _KIND_OF_HEAD.get(head)
        earlier: list[int] = []
        by_sentence: dict[int, list[int]] = {}
        for s in slots:
            if s.start >= start:
                break
            ent = doc.entities[s.entity]
            words = normalise_name(ent.name).split()
            if (kinds and ent.kind in kinds) or (words and words[-1] == head):
                if s.entity in earlier:
                    earlier.remove(s.entity)
                earlier.append(s.entity)
                group = by_sentence.setdefault(bisect.bisect_right(starts, s.start), [])
                if s.entity not in group:
                    group.append(s.entity)
        # the last sentence that names just that many of them together ("A and B ..."), one of
        # them the last named; else the most recently named ones
        together = [g for _, g in sorted(by_sentence.items()) if len(g) == n and earlier and earlier[-1] in g]
        runs = _coordinated_runs(doc, slots, start, n, kinds, head)
        chosen: list[int] = []
        if head in _RUNS_ONLY:
            # "the two partners": only names written together in a sentence before ("A, B and C
            # are the three partners in X" names them in its own sentence, as the subject)
            chosen = runs[-1] if runs else []
        elif together:
            chosen = together[-1]
        elif runs:  # "A and B have renewed the agreement behind C. ... run by the two partners": A and B
            chosen = runs[-1]
        elif len(earlier) >= n:
            chosen = earlier[-n:]
        if head == "borough":
            chosen = _areas_of_councils(doc, chosen)
        out += [Slot(start, end, e, "plural") for e in sorted(chosen)]
    for m in _UNCOUNTED.finditer(doc.text):
        start, end = m.start(), m.end()
        if any(s.start < end and start < s.end for s in slots):
            continue
        kinds = _KIND_OF_HEAD.get(_singular(m.group(1)))
        here = bisect.bisect_right(starts, start)
        groups: dict[int, list[int]] = {}
        for s in slots:
            if s.start >= start:
                break
            k = bisect.bisect_right(starts, s.start)
            if here - k <= 3 and kinds and doc.entities[s.entity].kind in kinds:
                group = groups.setdefault(k, [])
                if s.entity not in group:
                    group.append(s.entity)
        named = [g for _, g in sorted(groups.items()) if len(g) >= 2]
        if named:  # the last sentence (of the three before) that names two or more of them
            out += [Slot(start, end, e, "plural") for e in sorted(named[-1])]
    return out + _they(doc, slots + out, starts)


def _areas_of_councils(doc: DocModel, chosen: list[int]) -> list[int]:
    """ "Camden Council and Islington Council ... the two boroughs": the boroughs are the councils'
    areas, where the document names them too (a council's key ``la:X`` is its borough's ``gss:X``)."""
    by_key = {e.key: i for i, e in enumerate(doc.entities) if e.key}
    out = []
    for e in chosen:
        key = doc.entities[e].key or ""
        area = by_key.get("gss:" + key[3:]) if key.startswith("la:") else None
        out.append(area if area is not None else e)
    return out


def _coordinated_runs(
    doc: DocModel, slots: list[Slot], before: int, n: int, kinds: set[str] | None, head: str
) -> list[list[int]]:
    """Runs of exactly ``n`` actors of the plural's kind written together ("A and B", "A, B and C")
    in the two sentences before offset ``before``, in order."""
    starts = [a for a, _ in doc.sentences]
    here = bisect.bisect_right(starts, before)
    first = starts[max(0, here - 3)] if starts else 0
    own = starts[here - 1] if here else 0  # the plural's own sentence starts here
    ordered = sorted((s for s in slots if first <= s.start < own), key=lambda s: (s.start, s.end))
    runs: list[list[int]] = []
    run: list[Slot] = []

    def close() -> None:
        ents = list(dict.fromkeys(x.entity for x in run))
        if len(ents) == n:
            runs.append(ents)

    for s in ordered:
        ent = doc.entities[s.entity]
        ok = (kinds and ent.kind in kinds) or normalise_name(ent.name).split()[-1:] == [head]
        if not ok:
            close()
            run = []
            continue
        if run and doc.folded[run[-1].end : s.start].strip() not in (
            ",",
            "and",
            ", and",
            "&",
            "and the",
            ", and the",
        ):
            close()
            run = []
        run.append(s)
    close()
    return runs


_THEY = re.compile(r"They\b")


def _they(doc: DocModel, slots: list[Slot], starts: list[int]) -> list[Slot]:
    """ "A and B ... . They serve ...": a sentence opening with "They" speaks of the actors the
    sentence before opens with, when it opens with two or more ("A and B", "The trusts")."""
    out: list[Slot] = []
    ordered = sorted(slots, key=lambda s: (s.start, s.end))
    for k, (s_start, _) in enumerate(doc.sentences):
        if k == 0 or not _THEY.match(doc.text, s_start):
            continue
        p_start, p_end = doc.sentences[k - 1]
        opening: list[int] = []
        pos = p_start
        for s in ordered:
            if s.start < p_start or s.start >= p_end:
                continue
            gap = doc.folded[pos : s.start].strip()
            if gap not in ("", "the", "and", ",", "both", "both the") and not (
                pos == p_start and gap == "the"
            ):
                break
            if s.entity not in opening:
                opening.append(s.entity)
            pos = max(pos, s.end)
        if len(opening) >= 2:
            out += [Slot(s_start, s_start + 4, e, "plural") for e in opening]
    return out


_PERSONAL = re.compile(r"\b(?:He|She|he|she|His|Her|his|her)\b")


def personal_slots(doc: DocModel, slots: list[Slot]) -> list[Slot]:
    """ "he", "she", "his", "her": the person named last before it, within the two sentences
    before (no earlier name, or a name too far back, leaves the pronoun unresolved)."""
    people = [s for s in slots if doc.entities[s.entity].kind == "Person"]
    out: list[Slot] = []
    starts = [a for a, _ in doc.sentences]
    genders: dict[int, str] = {}
    for m in _PERSONAL.finditer(doc.text):
        start, end = m.start(), m.end()
        if any(s.start < end and start < s.end for s in slots):
            continue
        k = bisect.bisect_right(starts, start) - 1
        horizon = starts[max(0, k - 2)] if k >= 0 else 0
        before = [p for p in people if horizon <= p.start and p.end <= start]
        said = _GENDER_OF_PRONOUN.get(m.group().lower())
        # the last person named whose title (Sir, Ms ...) or earlier pronoun does not say otherwise
        fits = [p for p in before if genders.get(p.entity, _title_gender(doc, p.entity)) in (None, said)]
        if fits:
            who = fits[-1].entity
            if said and who not in genders:
                genders[who] = said
            slot = Slot(start, end, who, "pronoun.person")
            out.append(slot)
            people.append(slot)  # a chain of "he ... he ..." stays with the same person
            people.sort(key=lambda x: x.start)
    return out


_GENDER_OF_PRONOUN = {"he": "m", "him": "m", "his": "m", "himself": "m"} | {
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
_TITLE_GENDER = {
    "sir": "m",
    "mr": "m",
    "lord": "m",
    "dame": "f",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "lady": "f",
}


def _title_gender(doc: DocModel, entity: int) -> str | None:
    """What a title written before a person's name says ("Sir John Smith": m), if any."""
    for surface in doc.entities[entity].surfaces:
        said = _TITLE_GENDER.get(surface.split()[0].lower().rstrip("."))
        if said:
            return said
    return None
