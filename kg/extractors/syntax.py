"""Relations from syntax: each unit that names two or more actors (after coreference) is parsed
with the dependency parser, every actor standing in as one word, and the rules of
``kg/extractors/rules/`` are matched against the arguments of their trigger words.

>>> from kg.extractors.rules import load_rules
>>> from kg.extractors.gazetteer import Gazetteer
>>> from kg.seeds import load_register
>>> from kg.extractors.mentions import build_model
>>> doc = build_model("NHS England funds the Riverside Programme.", Gazetteer(load_register()))
>>> [(doc.entities[f.subject].name, f.predicate, doc.entities[f.object].name) for f in relations(doc)]
[('NHS England', 'funds', 'Riverside Programme')]
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extractors.coref import personal_slots, plural_slots
from kg.extractors.lexicon import ROLE_WORDS
from kg.extractors.mentions import ORG_KINDS, DocModel
from kg.extractors.model import parser
from kg.extractors.resolve import Found, Slot, home_body
from kg.extractors.rules import (
    GROUP_NOUNS,
    MONEY_NOUNS,
    NAMED_BY_MODIFIER,
    PROFESSIONS,
    SYMMETRIC,
    TRANSPARENT_NOUNS,
    Rule,
    load_rules,
    rules_by_trigger,
)
from kg.extractors.structure import Unit, units
from kg.extractors.triggers import trigger_filter

# one word each actor stands in as while the sentence is parsed: a plain proper noun of the
# actor's kind, so that the parser sees "Smith said" rather than a twelve-word trust name
_STAND_IN = {"Person": "Smith", "Place": "Paris", "Borough": "Paris"}
_DEFAULT_STAND_IN = "Acme"
# the same length, for a second reading of a sentence the first left without a verb: the
# parser reads "Acme funds Acme" as one noun phrase but "Ikea funds Ikea" as a clause
_SECOND_STAND_IN = "Ikea"
MAX_PARSE_CHARS = 1200
MAX_PARSED_WORDS = 60_000  # words parsed per document (about 10 s of one core); the rest is not parsed
_AFTER_NAME = re.compile(
    r"(?:\s+(?:CBE|OBE|MBE|CB|KBE|DBE|BEM))*(?:\s*\([A-Z]{2,4}\))?"
)  # a unit longer than this is parsed no further than this


@dataclass
class _Input:
    text: str
    entity_at: dict[int, int]  # char offset of a stand-in in ``text`` -> entity index
    list_start: int  # offset in ``text`` where the appended list items begin (or -1)
    list_entities: list[int]
    spans: tuple[int, int]  # evidence offsets in the document
    item_of: dict[int, tuple[int, int]]  # entity -> its list item's span


# a word in capitals ("The board AGREED to commission X"): minutes write decisions so, and the
# parser reads such a word as a name; it is parsed in lower case (same length, same offsets), and
# an item number glued to the next word is parsed as spaces
_CAPITALS = re.compile(r"\b[A-Z]{4,}\b")


_GLUED_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)*(?=[A-Z][a-z])")  # "3.2Councillor Jane Doe"


# "co-chaired by X", "re-commissioned by X": parsed as "chaired by X", "commissioned by X"
_CO_PREFIX = re.compile(r"\b(?:[Cc]o|[Rr]e)-(?=[a-z]{3})")
# a word after which "co-chair" is a verb ("A and B co-chair X", "X is co-chaired by")
_VERBAL_BEFORE = re.compile(
    r"(?:\b(?:Acme|Ikea|Smith|who|which|that|is|was|are|were|been|be|will|to|jointly|also|now|currently)|[.;] )[ ]$"
)


def _co_prefix(m: re.Match) -> str:
    """ "co-" or "re-" before a verb is parsed as "so " (an adverb: "A and B so chair X"), elsewhere
    as spaces; the same length either way."""
    return "so " if _VERBAL_BEFORE.search(m.string, max(0, m.start() - 12), m.start()) else "   "


# "part-funded by X": parsed as "also funded by X" (the same length)
_PART_PREFIX = re.compile(r"\b[Pp]art-(?=fund|financ|pay)")
# "a sub-group of X": parsed as one word, "subgroup" (the space after it keeps the offsets)
_SUB_PREFIX = re.compile(r"\b([Ss]ub)-([a-z]{3,})\b")


# an item number opening a unit ("1. X is ...", "2.3 X agreed", "(b) X will"): read as spaces
_ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2}){0,2}\.?|\([a-z0-9]{1,3}\))\s+(?=[A-Z])")


# a footnote mark on a word ("a consortium* led by", "the trusts\u2020") or a list item's bullet: read as spaces
_FOOTNOTE_MARK = re.compile(r"(?<=\w)[*\u2020\u2021]+|^\s*[*\u2022\u00b7\u25aa\u25cf\u2023\u25e6-]+(?=\s)")


# quotation marks around a name ("extending \u201cX\u201d, the service ..."): read as spaces
_QUOTED_NAME = re.compile(
    r"[\u201c\u2018\"](?=(?:Acme|Ikea|Smith|Paris)[\u201d\u2019\"])|(?:(?<=Acme)|(?<=Ikea)|(?<=Paris)|(?<=Smith))[\u201d\u2019\"](?!s\b)"
)


# ", worth £38.6m," set off inside a noun phrase ("the award of a contract, worth £38.6m, to X"):
# read as spaces (the parser hangs "to X" on "worth"); the sum stays in the evidence
_WORTH = re.compile(
    r",\s+worth\s+(?:up\s+to\s+|about\s+|around\s+)?[\u00a3$\u20ac][\d.,]+\s*(?:m|bn|k|million|billion)?"
    r"(?:\s+(?:a|per)\s+year|\s+over\s+\w+\s+years)?,"
)


def _normalise_for_parse(text: str) -> str:
    text = _WORTH.sub(lambda m: " " * len(m.group()), text)
    text = _QUOTED_NAME.sub(" ", text)
    text = _FOOTNOTE_MARK.sub(lambda m: " " * len(m.group()), text)
    text = _ITEM_NUMBER.sub(lambda m: " " * len(m.group()), text)
    text = _GLUED_NUMBER.sub(lambda m: " " * len(m.group()), text)
    text = _CO_PREFIX.sub(_co_prefix, text)
    text = _PART_PREFIX.sub("also ", text)
    text = _SUB_PREFIX.sub(lambda m: m.group(1) + m.group(2) + " ", text)
    return _CAPITALS.sub(lambda m: m.group().lower(), text)


# a sentence naming one actor is parsed when it may state a relation with one named before it
# ("X have been awarded contracts": see the commissioner_in_context argument)
_CONTEXT_TRIGGER = re.compile(
    r"\b(?:been|be|being|was|were|is|are) (?:\w+ )?(?:commissioned|awarded|procured|contracted)\b"
    r"|\b(?i:cabinet member|lead member|portfolio holder|deputy leader)\b"  # a council's post (its papers)
    r"|\b(?:[Vv]ice-|[Cc]o-|[Dd]eputy )?[Cc]hair(?:man|woman|person)?\b"  # a post of the body whose papers these are
    r"|,\s+(?:Chief (?:Executive|[A-Z][a-z]+ Officer)|(?:Executive |Medical |Nursing )?Director of [A-Z])"  # (", Chief Finance Officer")
    # "The Chief Executive, Jane Doe, ...": a post of the body whose papers these are, named before its holder
    r"|\b[Tt]he\s+(?:(?:Interim|Acting|Deputy)\s+)?(?:Chief Executive|Chief [A-Z][a-z]+ Officer"
    r"|(?:Executive |Medical |Nursing |Finance )?Director(?: of [A-Z][\w ]+)?),"
)


# a word after "her" that makes it a possessive ("her capacity"), not an object ("appointed her as")
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:as|to|and|or|in|on|at|for|from|with|by|of|the|a|an|that|this|since|after|before|until)\b)[a-z]"
)


def _stand_in(doc: DocModel, entity: int) -> str:
    return _STAND_IN.get(doc.entities[entity].kind, _DEFAULT_STAND_IN)


def _render(
    doc: DocModel, start: int, end: int, slots: list[Slot], out: list[str], entity_at: dict[int, int]
) -> None:
    pos = start
    length = sum(len(p) for p in out)
    for k, slot in enumerate(slots):
        if slot.end > end or slot.start < pos:
            if slot.start == slots[k - 1].start and slot.end == slots[k - 1].end and slot.start < pos:
                # one phrase standing for several actors ("both trusts"): "Acme and Acme"
                out.append(" and ")
                length += 5
                word = _stand_in(doc, slot.entity)
                entity_at[length] = slot.entity
                out.append(word)
                length += len(word)
            continue
        if (
            k
            and slots[k - 1].entity == slot.entity
            and doc.text[pos : slot.start].strip() == "("
            and doc.text[slot.end : slot.end + 1] == ")"
        ):  # "Acme Health (AH)": the short form in brackets is left out of the parse
            pos = slot.end + 1
            continue
        piece = doc.text[pos : slot.start].replace("\n", " ")
        out.append(piece)
        length += len(piece)
        word = _stand_in(doc, slot.entity)
        said = doc.text[slot.start : slot.end]
        if said in ("our", "Our", "its", "Its", "his", "His", "their", "Their") or (
            said in ("her", "Her") and _NOUN_AFTER.match(doc.text, slot.end)
        ):
            word += "'s"  # "our strategy", "its chair", "in her capacity as": a possessive for the parser
        elif slot.how in ("author", "speaker") and doc.text[slot.start : slot.end] in ("we", "We", "us"):
            word = doc.text[slot.start : slot.end]  # a plural pronoun keeps its verbs' agreement
        elif (
            word == "Paris"
            and (
                (
                    _AREA_NOUNS_AFTER.match(doc.text, slot.end)
                    and not _JOINED_BEFORE.search(doc.text, max(0, slot.start - 6), slot.start)
                )
                # "the first London trust to join X": a place that ranks a body among others
                or (
                    _RANKED_BEFORE.search(doc.text, max(0, slot.start - 12), slot.start)
                    and re.match(r" [a-z]", doc.text[slot.end : slot.end + 2])
                )
            )
        ):
            # "all five north central London boroughs: A, B and C": a single place that only
            # classes the areas after it is no argument of the sentence (the parser, seeing a
            # proper noun there, reads "Paris boroughs" as a clause)
            out.append("local")
            length += 5
            pos = slot.end
            continue
        entity_at[length] = slot.entity
        out.append(word)
        length += len(word)
        pos = slot.end
        short = _SHORT_FORM_AFTER.match(doc.text, pos, end)
        if short and not any(x.start < short.end() and x.end > pos for x in slots[k + 1 : k + 2]):
            pos = short.end()  # "the X Service (SEDERS) is run by ...": a short form the text did not define
        if doc.entities[slot.entity].kind == "Person":
            extra = _AFTER_NAME.match(doc.text, pos, end)
            if extra:
                pos = extra.end()  # honours and initials after a name are not words of the sentence
    out.append(doc.text[pos:end].replace("\n", " "))


_SHORT_FORM_AFTER = re.compile(r" \([A-Z][A-Z0-9&-]{1,9}\)")
_AREA_NOUNS_AFTER = re.compile(r" (?:boroughs|areas|wards|neighbourhoods|localities)\b")
_JOINED_BEFORE = re.compile(r"(?:\band|&|,|/)\s*$")
_RANKED_BEFORE = re.compile(r"\b(?:first|only|second|third|last)\s+$")
# a line that only describes the thing titled above it: "A weekly class for ...", "One-to-one support ..."
_DESCRIBING_LINE = re.compile(r"(?:An?|One-to-one|Free|Weekly|Monthly)\s+[a-z]")


def _title_above(
    doc: DocModel, doc_units: list[Unit], k: int, slots: list[Slot], starts: list[int]
) -> int | None:
    """The entity a title line right above unit ``k`` names, when unit ``k`` is a line describing it."""
    if k == 0 or not doc_units[k - 1].heading or not _DESCRIBING_LINE.match(doc.text, doc_units[k].start):
        return None
    head = doc_units[k - 1]
    named = _within(slots, starts, head.start, head.end)
    title = doc.text[head.start : head.end].strip()
    if len(named) == 1 and doc.text[named[0].start : named[0].end] == title:
        return named[0].entity
    return None


def _within(slots: list[Slot], starts: list[int], start: int, end: int) -> list[Slot]:
    """The slots lying in [start, end], in order (``slots`` sorted by start, ``starts`` their starts)."""
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_right(starts, end)
    return [x for x in slots[lo:hi] if x.end <= end]


def _inputs(
    doc: DocModel, unit: Unit, slots: list[Slot], starts: list[int] | None = None, title: int | None = None
) -> Iterator[_Input]:
    """The parser inputs of a unit; ``title`` is the entity a title line just above names when the
    unit only describes it ("Steady Feet" / "A weekly class ..., run with X"): it is parsed as the
    subject the description is in apposition to."""
    if starts is None:
        starts = [x.start for x in slots]
    inside = _within(slots, starts, unit.start, unit.end)
    item_slots = [_within(slots, starts, s, e) for s, e in unit.items]
    distinct = {x.entity for x in inside} | {f[0].entity for f in item_slots if f}
    if title is not None:
        distinct.add(title)
    if len(distinct) >= 2 or (distinct and _CONTEXT_TRIGGER.search(doc.text, unit.start, unit.end)):
        out: list[str] = []
        entity_at: dict[int, int] = {}
        if (
            title is not None
        ):  # ("The Acme, a weekly class ..., run with X": the article keeps "run" a participle)
            entity_at[4] = title
            out.append("The " + _stand_in(doc, title) + ", ")
            first = doc.text[unit.start : unit.start + 1]
            out.append(first.lower())  # "Acme, a weekly class ..."
            _render(doc, unit.start + 1, min(unit.end, unit.start + MAX_PARSE_CHARS), inside, out, entity_at)
        else:
            _render(doc, unit.start, min(unit.end, unit.start + MAX_PARSE_CHARS), inside, out, entity_at)
        list_start, list_entities, item_of = -1, [], {}
        heads = [(f[0].entity, span) for f, span in zip(item_slots, unit.items, strict=True) if f]
        if heads:
            text = "".join(out).rstrip()
            if not text.endswith((":", "\u2013", "-")):
                text += ":"  # a heading above a list is its lead-in ("Our funders" / "- A" / "- B")
            list_start = len(text) + 1
            words = []
            for n, (ent, span) in enumerate(heads):
                if n and n == len(heads) - 1:
                    words.append(" and ")
                elif n:
                    words.append(", ")
                entity_at[list_start + sum(len(w) for w in words)] = ent
                words.append(_stand_in(doc, ent))
                list_entities.append(ent)
                item_of[ent] = span
            out = [text, " ", *words, "."]
        yield _Input(
            _normalise_for_parse("".join(out)),
            entity_at,
            list_start,
            list_entities,
            (unit.start, unit.end),
            item_of,
        )
    for (s, e), first in zip(unit.items, item_slots, strict=True):
        if (
            len({x.entity for x in first}) >= 2
            or (
                first
                and (
                    _CONTEXT_TRIGGER.search(doc.text, s, e)
                    or (  # "Vice-chair – Jane Doe" in a roll call: a post of the body whose papers these are
                        doc.entities[first[0].entity].kind == "Person"
                        and any(w.lower() in ROLE_WORDS for w in re.findall(r"[A-Za-z-]+", doc.text[s:e]))
                    )
                )
            )
        ):
            out, entity_at = [], {}
            _render(doc, s, e, first, out, entity_at)
            yield _Input(_normalise_for_parse("".join(out)), entity_at, -1, [], (s, e), {})


class _Sentence:
    """A parsed input: which token is which actor, and the arguments of trigger words."""

    def __init__(
        self,
        parsed,
        inp: _Input,
        kinds: list[str],
        council: dict[int, int] | None = None,
        commissioner: int | None = None,
        home_council: int | None = None,
        regional: dict[int, int] | None = None,
        author: int | None = None,
    ) -> None:
        self.council = council or {}
        self.home_council = home_council  # the council whose papers these are, if a council's
        self.regional = regional or {}  # London -> the Greater London Authority
        self.author = author  # the body the document speaks for ("we", "our"), if it does
        self.commissioner = commissioner  # the last commissioning body named before this sentence
        self.doc = parsed
        self.inp = inp
        self.kinds = kinds  # the kind of every entity of the document, by index
        self.entity: dict[int, int] = {}  # token index -> entity, in token order
        self.colon = None  # the last colon or dash before the appended list
        at, list_start = inp.entity_at, inp.list_start
        for t in parsed:
            idx = t.idx
            if idx in at:
                self.entity[t.i] = at[idx]
            if list_start >= 0 and idx < list_start and t.text in (":", "\u2013", "-"):
                self.colon = t.i
        self._appositions: list[tuple[int, int, str]] | None = None

    def verb_ents(self, tok) -> list[int]:
        """The actors a verb's argument stands for: as :meth:`ents`, and "A, director for X and B,
        director for Y", where the parser joins B to X inside A's apposition: B is A's conjunct."""
        out = self.ents(tok)
        if tok.i not in self.entity or self.kinds[self.entity[tok.i]] != "Person":
            return out
        for a in tok.children:
            if a.dep_ != "appos":
                continue
            for t in a.subtree:
                if (
                    t.dep_ == "conj"
                    and t.i in self.entity
                    and self.kinds[self.entity[t.i]] == "Person"
                    and t.head.i in self.entity
                    and self.kinds[self.entity[t.head.i]] != "Person"
                ):
                    out.append(self.entity[t.i])
        return out

    def ents(self, tok) -> list[int]:
        """The actors a token stands for: itself and its conjuncts, or the names a plural noun
        introduces (in apposition, after "such as"/"including", or the list under a lead-in)."""
        out: list[int] = []
        if tok.i in self.entity:
            out.append(self.entity[tok.i])
            for c in tok.conjuncts:
                if c.i in self.entity:
                    out.append(self.entity[c.i])
                elif c.lemma_.lower() in TRANSPARENT_NOUNS and c.i > tok.i:
                    # "people in A and the eastern edge of B": what the conjunct is of
                    out += [
                        e
                        for x in c.children
                        if x.dep_ == "prep" and x.lower_ == "of"
                        for g in x.children
                        if g.dep_ == "pobj" and g.i in self.entity
                        for e in self.ents(g)
                    ]
            # "A, the B and C have published ...": a name in apposition that has conjuncts of its
            # own is the list going on, not another name for A
            for c in tok.children:
                if (
                    c.dep_ == "appos"
                    and c.i in self.entity
                    # (or a plural noun that introduces names: "A, the B and three partners: C, D")
                    and any(x.i in self.entity or x.tag_ == "NNS" for x in c.conjuncts)
                    and self.kinds[self.entity[c.i]] != "Person"
                    and self.kinds[self.entity[tok.i]] != "Person"
                ):
                    out += [self.entity[c.i], *(self.entity[x.i] for x in c.conjuncts if x.i in self.entity)]
                    out += [
                        e
                        for x in c.conjuncts
                        if x.i not in self.entity and x.tag_ == "NNS"
                        for e in self.ents(x)
                    ]
                if (
                    c.dep_ == "prep"
                    and c.lower_ == "with"
                    and any(a.dep_ == "advmod" and a.lower_ in ("together", "jointly") for a in c.children)
                    and self.kinds[self.entity[tok.i]] != "Person"
                ):  # "run by A together with B" (the parser may hang "together with B" on A): both
                    out += [e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
            return list(dict.fromkeys(out))
        if tok.pos_ not in ("NOUN", "PRON", "PROPN", "NUM", "ADJ"):
            return out
        for c in tok.conjuncts:
            out += self.ents(c) if c.i in self.entity else []
        if tok.dep_ == "attr" and tok.head.lemma_ in ("be", "become", "remain"):
            # "X is a programme delivered by Y", "X has become the first trust to join Y"
            for c in tok.head.children:
                if c.dep_ == "nsubj" and c.i in self.entity:
                    out += self.ents(c)
        if tok.dep_ == "appos" and tok.head.i in self.entity:  # "X, a service provided in A": X
            out += self.ents(tok.head)
        if tok.lemma_.lower() in GROUP_NOUNS:  # "a consortium led by A was commissioned": A
            out += self.leaders(tok)
        counted = any(
            c.dep_ == "nummod" or c.lower_ in ("both", "two", "three", "four") for c in tok.children
        )
        # names a conjoined noun introduces count too: "leaders of A and senior leaders, including X"
        introducers = [tok, *(c for c in tok.conjuncts if c.i not in self.entity)]
        for child in (child for t in introducers for child in t.children):
            if counted and child.dep_ == "prep" and child.lower_ == "of":  # "our two trusts of A and B"
                out += [
                    e for g in child.children if g.dep_ == "pobj" and g.i in self.entity for e in self.ents(g)
                ]
            if child.dep_ in ("appos", "npadvmod", "dep") or (
                child.dep_ == "prep" and child.lower_ in ("including", "like", "as")
            ):
                targets = [child] if child.dep_ != "prep" else [g for g in child.children if g.dep_ == "pobj"]
                for t in targets:
                    if t.i in self.entity or child.dep_ == "prep":  # also "including Acme's London region"
                        out += self.ents(t)
        if tok.tag_ == "NNS":  # "the A and B integrated care boards": the names modify a plural noun
            for child in tok.children:
                if child.dep_ in ("nmod", "compound") and child.i in self.entity and child.conjuncts:
                    out += self.ents(child)
        if tok.lemma_.lower() in MONEY_NOUNS:  # "backed by £3m from X"
            out += self._from_body(tok)
            # "from X's public health grant": whose grant it is
            out += [
                e
                for c in tok.children
                if c.dep_ in ("poss", "nmod") and c.i in self.entity
                for e in self.ents(c)
            ]
        if tok.lemma_.lower() in NAMED_BY_MODIFIER:  # "the EPEC parenting programme", "the Doe report"
            stack = [c for c in tok.children if c.dep_ in ("compound", "nmod")]
            while stack:
                child = stack.pop()
                if child.i in self.entity:
                    out += self.ents(child)
                else:
                    stack += [c for c in child.children if c.dep_ in ("compound", "nmod")]
        if tok.lemma_.lower() in _WORKER_NOUNS:  # "run with physiotherapists from X": X
            out += self._from_body(tok, ("from", "at", "of"))  # (and "the community nurses of X")
            # "our outreach nurses visit families": the body whose staff they are (not "his partner":
            # a person's own people are not that person)
            out += [
                e
                for c in tok.children
                if c.dep_ == "poss" and c.i in self.entity
                for e in self.ents(c)
                if self.kinds[e] != "Person"
            ]
        if tok.lemma_.lower() in TRANSPARENT_NOUNS:  # "the boroughs of A and B", "X's London region"
            for child in tok.children:
                if (
                    child.dep_ == "compound"
                    and child.i in self.entity
                    and self.kinds[self.entity[child.i]] not in ("Place", "Borough")
                ):  # "the Acme region" (but "eight London boroughs" are not London)
                    out += self.ents(child)
                if child.dep_ == "prep" and (
                    child.lower_ in ("of", "at", "from")
                    # "all 33 local authority areas in London": the areas are London's
                    or (child.lower_ == "in" and tok.lemma_.lower() == "area" and tok.tag_ == "NNS")
                ):  # "the department at X"
                    out += [e for g in child.children if g.dep_ == "pobj" for e in self.ents(g)]
                elif child.dep_ == "poss" and child.i in self.entity:
                    out += self.ents(child)
                elif (
                    child.dep_ == "nmod"
                    and child.i in self.entity
                    and any(g.dep_ == "case" for x in (child, *child.conjuncts) for g in x.children)
                ):  # "A and B's London region": the parser may read the pair as a modifier
                    out += self.ents(child)
        nxt = tok.i + 2
        if nxt < len(self.doc) and self.doc[tok.i + 1].text in (":", "\u2013") and nxt in self.entity:
            out += self.ents(self.doc[nxt])  # "three boroughs: A, B and C"
        if (
            self.colon is not None
            and tok.i < self.colon
            and (
                tok.i == self.colon - 1
                or tok.head.i == self.colon - 1
                or self.colon - 1 in [c.i for c in tok.subtree]
            )
        ) or self._counts_the_list(tok, counted):
            out += self.inp.list_entities
        return list(dict.fromkeys(out))

    def _counts_the_list(self, tok, counted: bool) -> bool:
        """ "We run three services for adults in A:" / "- B" / "- C", "gave grants to the following
        groups this year:": the counted plural object of the lead-in's run/offer/fund verb, or "the
        following" plural in any place but the subject, introduces the list, even when a phrase about
        whom, where or when stands between it and the colon."""
        if self.colon is None or tok.i >= self.colon or tok.tag_ != "NNS" or not self.inp.list_entities:
            return False
        following = any(c.lower_ == "following" for c in tok.children)
        if following:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                return False
            verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        elif counted and tok.dep_ in ("dobj", "attr") and tok.head.lemma_.lower() in _LIST_OBJECT_VERBS:
            verb = tok.head
        elif (
            counted
            and tok.dep_ == "nsubj"
            and tok.head.lemma_ == "be"
            and any(c.dep_ == "attr" and c.lemma_.lower() in ("member", "partner") for c in tok.head.children)
        ):  # "Five primary care networks are members of the federation:" and a list
            verb = tok.head
        else:
            return False
        if verb is None or self.colon - 1 not in [c.i for c in verb.subtree]:
            return False
        # (the first counted plural before the colon: "three services for two groups:" is services)
        return not any(
            t.tag_ == "NNS" and any(c.dep_ == "nummod" or c.lower_ == "following" for c in t.children)
            for t in self.doc[tok.i + 1 : self.colon]
        )

    def members_with(self, n) -> list[int]:
        """The bodies a led group works "with": "a consortium led by A, with B and C" gives B and C."""
        if not self.leaders(n):
            return []
        verbs = [c for c in n.children if c.dep_ == "acl" and c.lemma_.lower() in _LEAD_VERBS]
        by = [g for v in verbs for a in v.children if a.dep_ == "agent" for g in a.children]
        lead = set(self.leaders(n))
        return [
            e
            for c in (x for t in (n, *verbs, *by) for x in t.children)
            if c.dep_ == "prep" and c.lower_ == "with"
            for g in c.children
            if g.dep_ == "pobj"
            for e in self.ents(g)
            if e not in lead
        ]

    def leaders(self, n) -> list[int]:
        """Who leads the group a noun names: "a consortium led by A (with B leading the analysis)"
        gives A and B."""
        out: list[int] = []
        for c in n.children:
            if c.dep_ == "acl" and c.lemma_.lower() in _LEAD_VERBS:
                for a in c.children:
                    if a.dep_ == "agent":
                        out += [e for g in a.children if g.dep_ == "pobj" for e in self.ents(g)]
        if out:
            verbs = [c for c in n.children if c.dep_ == "acl" and c.lemma_.lower() in _LEAD_VERBS]
            by = [g for v in verbs for a in v.children if a.dep_ == "agent" for g in a.children]
            for c in (x for t in (n, *verbs, *by) for x in t.children):  # "(with B leading ...)"
                if c.dep_ == "prep" and c.lower_ in ("with", "alongside"):
                    for g in c.children:
                        if g.dep_ == "pobj" and (
                            c.lower_ == "alongside"
                            or any(
                                x.lemma_.lower() in _LEAD_VERBS
                                for x in g.children
                                if x.dep_ in ("acl", "relcl")
                            )
                        ):  # ("led by A, with B and C": B and C are members, not leaders)
                            out += self.ents(g)
                        elif g.dep_ == "pcomp":
                            out += [e for x in g.children if x.dep_ == "nsubj" for e in self.ents(x)]
            if n.dep_ in ("nsubj", "nsubjpass"):  # "... led by A (with B leading on data) was appointed"
                for c in n.head.children:
                    if c.dep_ == "prep" and c.lower_ == "with":
                        for g in c.children:
                            if g.dep_ == "pcomp" and g.lemma_.lower() in _LEAD_VERBS:
                                out += [e for x in g.children if x.dep_ == "nsubj" for e in self.ents(x)]
        return list(dict.fromkeys(out))

    def _resolve_relative(self, tok):
        if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
            noun = tok.head.head
            rel = tok.head
            singular_verb = rel.tag_ == "VBZ" or any(
                c.dep_ in ("aux", "auxpass") and c.tag_ == "VBZ" for c in rel.children
            )
            if tok.lower_ == "which" and (
                noun.lemma_.lower() in _POPULATION_NOUNS
                or (noun.tag_ == "NNS" and singular_verb and noun.i not in self.entity)
            ):
                # "X, a service for adults who ..., which is run by Y": "which" is not the people;
                # it is the named thing the phrase hangs from ("X, a study of sensors in care homes,
                # which is run by Y": "is" is not what "homes" agrees with)
                t = noun
                while t.head.i != t.i:
                    t = t.head
                    if t.i in self.entity:
                        return t
                    if t.dep_ == "appos" and t.head.i in self.entity:
                        return t.head
            if (
                tok.lower_ == "which"
                and noun.i in self.entity
                and self.kinds[self.entity[noun.i]] == "Person"
                and tok.i >= 2
                and self.doc[tok.i - 1].text == ","
                and tok.i - 2 in self.entity
                and self.kinds[self.entity[tok.i - 2]] != "Person"
            ):  # "said Jane Doe, director of X, which runs Y": "which" is X, not the person
                return self.doc[tok.i - 2]
            if noun.i not in self.entity and noun.dep_ == "appos" and noun.head.i in self.entity:
                return noun.head  # "X, the borough's partnership, which runs Y": X runs Y
            if noun.i not in self.entity and noun.dep_ == "attr" and noun.head.lemma_ == "be":
                # "X is a partnership which brings together A and B": X does
                subj = [c for c in noun.head.children if c.dep_ == "nsubj" and c.i in self.entity]
                if subj:
                    return subj[0]
            return self._one_of(noun)
        return tok

    def _from_body(self, tok, preps: tuple[str, ...] = ("from",)) -> list[int]:
        """The actors a noun's "from" phrase names ("midwives from X": X; with "at", "researchers at X")."""
        heads = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps]
        if not heads and tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            # "delivered with dietitians from X": the parser may hang "from X" on the verb, just
            # after the noun
            heads = [
                c
                for c in tok.head.head.children
                if c.dep_ == "prep" and c.lower_ in preps and c.i == tok.right_edge.i + 1
            ]
        return [e for c in heads for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]

    def _affiliation(self, i: int) -> bool:
        """Is the name at token ``i`` a person's affiliation in brackets ("Cllr Jane Doe (LB of X)")?"""
        return (
            i >= 2
            and self.doc[i - 1].text == "("
            and i - 2 in self.entity
            and self.kinds[self.entity[i - 2]] == "Person"
        )

    def _one_of(self, noun):
        """ "X is one of eight partnerships that make up Y", "X is one of 12 projects funded by Y":
        the noun the clause describes stands for X."""
        one = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
        if (
            one is not None
            and noun.i not in self.entity
            and one.lower_ in ("one", "two", "three", "four", "five", "each")
            and one.dep_ == "attr"
        ):
            subj = [c for c in one.head.children if c.dep_ == "nsubj" and c.i in self.entity]
            if subj:
                return subj[0]
        return noun

    def verb_args(self, v) -> dict[str, list[int]]:
        children = list(v.children)
        # a "by" phrase the parser marks as the agent makes the verb passive ("... and run by X")
        passive = (
            any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in children)
            # "Backed by £2m from X, the project will ...": a fronted participle is passive
            or (v.dep_ == "advcl" and v.tag_ == "VBN" and not any(c.dep_ == "aux" for c in children))
            # "It is delivered by X and paid for through Y": a participle joined to a passive verb
            # shares its passive subject
            or (
                v.dep_ == "conj"
                # (the parser may tag it as a past tense: "... and paid for through Y")
                and (v.tag_ == "VBN" or (v.tag_ == "VBD" and not any(c.dep_ == "dobj" for c in children)))
                and not any(c.dep_ in ("nsubj", "aux") for c in children)
                and any(c.dep_ in ("nsubjpass", "auxpass") for c in v.head.children)
            )
        )
        subj = [self._resolve_relative(c) for c in children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj and v.dep_ == "ROOT":
            # "Acme commissions most of ...": the parser may read the name before the verb as a
            # compound of it
            subj = [c for c in children if c.dep_ == "compound" and c.i < v.i and c.i in self.entity]
        if not subj and v.dep_ == "ROOT" and any(c.dep_ == "auxpass" for c in children):
            # "To do X for Y, a team led by Z were commissioned": the parser may hang the passive's
            # subject on the clause before it, in apposition after its comma
            fronted = [
                t
                for t in self.doc[: v.i]
                if t.dep_ == "appos" and t.left_edge.i > 0 and self.doc[t.left_edge.i - 1].text == ","
            ]
            if fronted and fronted[-1].head.dep_ not in ("nsubj", "nsubjpass"):
                subj = [fronted[-1]]
        if not subj and v.dep_ == "ROOT" and v.tag_ == "VBN" and passive:
            # "Represented on the board are A, B and C": an inverted passive, its subject after "are"
            subj = [
                g
                for c in [v, *children]
                if c is v or c.dep_ == "auxpass"
                for g in c.children
                if g.dep_ in ("attr", "nsubj") and g.i > v.i
            ]
        head_noun = None
        if (
            not subj
            and v.dep_ == "acl"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
            and v.head.lemma_.lower() in ("recommendation", "decision", "proposal")
            and v.head.dep_ == "dobj"
            and v.head.head.lemma_.lower()
            in ("approve", "agree", "accept", "endorse", "ratify", "support", "take")
        ):  # "The Board approved the recommendation to award X to Y": who approves it does it
            subj = [c for c in v.head.head.children if c.dep_ == "nsubj"]
        if not subj:
            if (
                v.dep_ == "acl"
                and v.tag_ == "VBN"
                and v.head.i not in self.entity
                and v.i >= 2
                and self.doc[v.i - 1].text == ","
                and v.i - 2 in self.entity
                and self.kinds[self.entity[v.i - 2]] != "Person"
            ):  # "premises for the X, run by Y": the participle set off after a name describes the name
                head_noun = self.doc[v.i - 2]
            elif (
                v.dep_ == "acl"
                and v.tag_ == "VBN"
                and v.head.lemma_.lower() in _POPULATION_NOUNS | {"parent"}
                and v.head.dep_ == "pobj"
                and v.head.head.lower_ in ("for", "to")
                and v.head.head.head.pos_ in ("NOUN", "PROPN")
                and any(c.dep_ == "agent" for c in children)
            ):  # "a programme for new parents delivered by X": what is delivered is the programme
                head_noun = self._one_of(v.head.head.head)
            elif v.dep_ in ("relcl", "acl") or (
                v.dep_ in ("advcl", "parataxis", "appos") and v.head.i in self.entity
            ):  # ("X, a scheme run by Y, ...": the parser may make the participle the apposition)
                # ("X (run by Y) offers ...": a bracketed participle on the name)
                head_noun = self._one_of(v.head)
            elif (
                v.dep_ == "advcl"
                and v.tag_ == "VBN"
                and v.i >= 2
                and self.doc[v.i - 1].text == ","
                and v.i - 2 in self.entity
            ):  # "data from X, run by Y, ...": the parser may hang the participle on the main verb
                head_noun = self.doc[v.i - 2]
            elif v.dep_ == "conj" and v.head.dep_ in ("relcl", "acl") and v.tag_ == "VBN":
                head_noun = v.head.head  # "a movement supported by X and led by Y": Y leads it
            elif (
                v.dep_ in ("xcomp", "advcl")
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
                and any(c.dep_ == "dobj" and c.i in self.entity for c in v.head.children)
            ):  # "commission X to deliver the service": X delivers it (the object controls)
                subj = [c for c in v.head.children if c.dep_ == "dobj"]
            elif (
                v.dep_ in ("xcomp", "advcl")
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
                and any(c.dep_ == "dative" and c.i in self.entity for c in v.head.children)
            ):  # "has awarded the forum £180,000 to run X": who is given it runs X, not the giver
                subj = [c for c in v.head.children if c.dep_ == "dative" and c.i in self.entity]
            elif (
                v.dep_ in ("xcomp", "advcl")
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
                and any(
                    c.dep_ == "dobj" and c.lemma_.lower() in _AGREEMENT_NOUNS | {"grant", "funding"}
                    for c in v.head.children
                )
            ):  # "awarded a contract to X to run the service": X runs it (who receives it)
                subj = [
                    g
                    for c in v.head.children
                    if c.dep_ in ("dative", "prep") and c.lower_ == "to"
                    for g in c.children
                    if g.dep_ == "pobj" and g.i in self.entity
                ]
                if not subj and v.head.lemma_.lower() in ("win", "secure", "hold", "get", "land", "receive"):
                    # "X won the contract from Y to run the service": who won it runs it
                    subj = [c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            else:
                h = v
                while (
                    not subj
                    and (
                        h.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp", "acomp")
                        or (h.dep_ == "prep" and h is not v)
                    )
                    and h.head.i != h.i
                    # (not out of a reported clause: "X declared that his partner works for Y")
                    and not (
                        h.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in h.children)
                    )
                ):  # "..., committing to continuing to work with X": up to the clause's subject
                    h = h.head
                    if v.dep_ == "advcl" and v.tag_ == "VBG":  # "delivered by X, working with Y": X works
                        subj = [
                            g for c in h.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
                        ]
                        if subj:
                            break
                    subj = [self._resolve_relative(c) for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if any(c.dep_ in ("nsubjpass", "auxpass") for c in h.children) and v.dep_ == "conj":
                        # "X was launched in 2023 and has awarded ...": "has" keeps it active
                        passive = passive or (
                            v.tag_ == "VBN"
                            and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in children)
                        )
        # "A merged with B to form C", "A merged with B into C": B did it too
        for h in {v, v.head} if v.dep_ in ("xcomp", "advcl") else {v}:
            if h.lemma_.lower() in _TOGETHER_VERBS and subj:
                subj = subj + [
                    g
                    for c in h.children
                    if c.dep_ == "prep" and c.lower_ == "with"
                    for g in c.children
                    if g.dep_ == "pobj" and g.i in self.entity
                ]
        by = [
            g
            for c in children
            if c.dep_ == "agent" and not (c.i > 0 and self.doc[c.i - 1].lower_ == "not")  # "..., not by Y"
            # ("funded by X and by Y": the second "by" is a conjunct of the first)
            for b in (c, *(x for x in c.children if x.dep_ == "conj" and x.lower_ == "by"))
            for g in b.children
            if g.dep_ == "pobj"
        ]
        if passive and not by:  # "is backed by £3m": the parser may attach "by" as a plain preposition
            by = [
                g
                for c in children
                for p in (c, *(x for x in c.children if c.dep_ == "dobj"))  # "awarded a contract by X"
                if p.dep_ == "prep" and p.lower_ == "by"
                for g in p.children
                if g.dep_ == "pobj"
            ]
        if (
            passive
            and not by
            and self.colon is not None
            and any(c.dep_ == "agent" and c.i == self.colon - 1 for c in children)
        ):  # "The service is delivered by:" and a list
            by = [
                self.doc[i] for i, e in self.entity.items() if e in self.inp.list_entities and i > self.colon
            ]
        if passive and not by and v.tag_ == "VBN":
            # "is commissioned and funded by X": coordinated participles share the "by" phrase
            by = [
                g
                for c in v.children
                if c.dep_ == "conj" and c.tag_ == "VBN"
                for a in c.children
                if a.dep_ == "agent"
                for g in a.children
                if g.dep_ == "pobj"
            ]
        objs = [
            self._resolve_relative(c)  # "the Framework, which NHS England published": the Framework
            for c in children
            if c.dep_ in ("dobj", "attr", "oprd") or (c.dep_ == "dative" and c.pos_ not in ("ADP", "PART"))
        ]
        if (
            not objs
            and v.dep_ == "relcl"
            and subj
            and not passive
            and not any(c.lower_ in ("who", "whom", "which", "that", "where") for c in v.subtree)
        ):  # "the initiative we run": the gap is the noun the clause describes (or the name that
            # noun describes: "X, the initiative we run")
            gap = v.head
            if gap.i not in self.entity and gap.dep_ == "appos" and gap.head.i in self.entity:
                gap = gap.head
            objs = [gap]
        if not objs and v.dep_ == "relcl":
            # "a charity that the council has commissioned to run the service": the parser may give
            # the relative to the verb after "to", beside that verb's own object
            for x in children:
                if x.dep_ != "xcomp":
                    continue
                pronouns = [
                    g for g in x.children if g.dep_ == "dobj" and g.lower_ in ("that", "which", "whom")
                ]
                if pronouns and any(g.dep_ == "dobj" and g.i != pronouns[0].i for g in x.children):
                    gap = v.head
                    if gap.i not in self.entity and gap.dep_ == "appos" and gap.head.i in self.entity:
                        gap = gap.head
                    objs = [gap]
        if not objs and v.dep_ == "xcomp" and v.head.dep_ == "relcl":
            # "the Strategy, which the ICB expects to publish": the relative is the object
            objs = [
                self._resolve_relative(c)
                for c in v.head.children
                if c.dep_ == "dobj" and c.lower_ in ("which", "that")
            ]
        # a name the parser coordinated with the verb itself belongs to the last argument:
        # "co-chaired by X, the chief executive, and Y"
        stray = [c for c in children if c.dep_ == "conj" and c.i in self.entity]
        if stray and by:
            by = by + stray
        elif stray and objs:
            objs = objs + stray
        if not objs:  # "commissions most of our services": the parser may read the quantity as an adverb
            objs = [
                g
                for c in children
                if c.dep_ == "npadvmod" and c.lemma_.lower() in _QUANTITY_WORDS
                for p in c.children
                if p.dep_ == "prep" and p.lower_ == "of"
                for g in p.children
                if g.dep_ == "pobj"
            ]
        if not objs:  # "producing and delivering the plan": the object the coordinated verb takes
            objs = [
                g
                for c in children
                if c.dep_ == "conj" and c.pos_ == "VERB"
                for g in c.children
                if g.dep_ == "dobj"
            ]
        if not objs:  # "helping X implement ...", "asked X to ...": the object is the subject of the clause
            objs = [
                g
                for c in children
                if c.dep_ in ("ccomp", "xcomp")
                # (not a reported clause: "advised that X had signed off the plan" says nothing of X)
                and not any(m.dep_ == "mark" and m.lower_ in ("that", "whether", "if") for m in c.children)
                for g in c.children
                if g.dep_ == "nsubj" and g.i in self.entity
            ]
        args: dict[str, list[int]] = {}
        if head_noun is not None and head_noun.dep_ == "dobj" and any(c.lower_ == "to" for c in children):
            # "X was awarded a contract to run Y", "X won a grant to deliver Y": who holds it does it
            holder = self._recipient(head_noun.head)
            if holder:
                head_noun, subj, passive = None, holder, False
        if head_noun is not None:
            if (
                v.tag_ == "VBN"
                or any(c.dep_ == "agent" for c in children)
                # "a class run with X": a participle the tagger read as a base form, with no object
                or (
                    v.dep_ == "acl"
                    and v.tag_ != "VBG"
                    and not any(c.dep_ in ("dobj", "xcomp", "advcl") for c in children)
                )
            ):  # "X, run by Y" ("run" read as VB)
                args["patient"] = self.ents(head_noun)
                args["agent"] = [e for t in by for e in self.verb_ents(t)]
            else:
                args["agent"] = self.ents(head_noun)
                args["patient"] = [e for t in objs for e in self.verb_ents(t)]
        elif passive:
            args["agent"] = [e for t in by for e in self.verb_ents(t)]
            args["patient"] = [e for t in subj for e in self.verb_ents(t)]
            if not by and self.commissioner is not None:
                # "X have been awarded contracts", no "by": who does it is the body the text was
                # speaking of (the last commissioning body named before the sentence)
                args["commissioner_in_context"] = [self.commissioner]
        else:
            args["agent"] = [e for t in subj for e in self.verb_ents(t)]
            args["patient"] = [e for t in objs for e in self.verb_ents(t)]
        # "Funding of £200,000 from X will support Y", "Y is supported by a grant from X": X pays for Y
        for t in by if passive or any(c.dep_ == "agent" for c in children) else subj:
            if t.i not in self.entity and _is_money(t):
                args["money_from"] = [
                    e
                    for p in t.subtree
                    if p.dep_ == "prep" and p.lower_ == "from"
                    for g in p.children
                    if g.dep_ == "pobj"
                    for e in self.ents(g)
                ]
        if (
            "money_from" not in args
            and v.dep_ in ("xcomp", "advcl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in children)
            and any(c.dep_ == "dobj" and _is_money(c) for c in v.head.children)
        ):  # "X announced £3m to support Y": X's money supports Y
            args["money_from"] = list(args.get("agent", []))
        if v.dep_ == "acl" and v.tag_ == "VBN" and v.head.lemma_.lower() in _AGREEMENT_NOUNS:
            # "a contract worth £11m for the X Service, awarded to Y": what the contract is for
            owners = [v.head, *(t for t in v.head.children if t.dep_ == "amod")]  # (and "worth ... for")
            for c in (c for t in owners for c in t.children):
                if c.dep_ == "prep" and c.lower_ == "for":
                    self._prep(c, args, depth=1)
        for c in children:
            if c.dep_ == "prep" or (c.dep_ == "dative" and c.pos_ in ("ADP", "PART")):
                self._prep(c, args, depth=0)
                for x in c.children:  # "work alongside X and with Y": a preposition conjoined to this one
                    if x.dep_ == "conj" and x.pos_ == "ADP":
                        self._prep(x, args, depth=0)
            elif c.dep_ == "prt":  # "made up of:" and a list: the parser may hang "of" on "up"
                for g in c.children:
                    if g.dep_ == "prep":
                        self._prep(g, args, depth=0)
        # ("commissioned by A from B": the parser may hang "from B" on the agent's name)
        agents = [
            t for t in by if passive and v.lemma_.lower() in ("commission", "procure", "buy", "purchase")
        ]
        for t in subj + objs + agents:  # "a strategy from X was released": prepositions on a named argument
            if t.i in self.entity:
                for c in t.children:
                    if (
                        c.dep_ == "prep"
                        and (c.lower_ in ("from", "by") or (c.lower_ == "with" and t in objs))
                        and not (t in agents and c.lower_ != "from")
                    ):
                        self._prep(
                            c, args, depth=2
                        )  # "launched the Fund with X": the parser hangs "with" on the name
        for t in objs + [c for o in objs for c in o.conjuncts if c.i not in self.entity]:
            # "provide care across X": prepositions on the object too (and on a coordinated object:
            # "hospital care to people in A, and community services in B")
            if t.i not in self.entity:
                for c in t.children:
                    if c.dep_ == "prep":
                        self._prep(c, args, depth=1)
                    elif c.dep_ == "acl" and c.tag_ in ("VBG", "VBN"):  # "support people living in X"
                        for g in c.children:
                            if g.dep_ == "prep":
                                self._prep(g, args, depth=1)
        # "Y was set up with £200,000 from X", "Y opened with funding from X": X pays for Y (the
        # clause's subject, active or passive)
        money_with = [
            g
            for c in children
            if c.dep_ == "prep" and c.lower_ == "with"
            for g in c.children
            if g.dep_ == "pobj" and g.i not in self.entity and _is_money(g)
        ]
        args["with_money_from"] = [
            e
            for p in [x for g in money_with for x in g.children] + (children if money_with else [])
            if p.dep_ == "prep" and p.lower_ == "from"
            for g in p.children
            if g.dep_ == "pobj"
            for e in self.ents(g)
        ]
        args["clause_subject"] = [e for t in subj for e in self.verb_ents(t)]
        # "X was contracted by Y to deliver Z", "Y commissioned X to run Z": what the purpose is done to
        args["purpose_object"] = [
            e
            for c in children
            if c.dep_ in ("xcomp", "advcl")
            and c.lemma_.lower() in _DELIVERY_VERBS  # (not "commissioned X to evaluate the programme")
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            for g in c.children
            if g.dep_ == "dobj"
            for e in self.verb_ents(self._resolve_relative(g))
        ]
        # "Funding for the project comes from X": what the money the clause is about is for
        money = [t for t in subj + objs if t.i not in self.entity and _is_money(t)]
        money += [  # "announced £2m of funding for Y": the funding the sum is of
            g
            for t in money
            for p in t.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for g in p.children
            if g.dep_ == "pobj" and g.lemma_.lower() in MONEY_NOUNS
        ]
        args["money_for"] = [
            e
            for t in money  # ("X has approved funding for Y")
            for p in t.children
            if p.dep_ == "prep" and p.lower_ == "for"
            for g in p.children
            if g.dep_ == "pobj"
            for e in self.verb_ents(g)
        ] + [
            e  # "Its funding comes from X", "The project's money is from X": whose money it is
            for t in money
            if t in subj
            for c in t.children
            if c.dep_ == "poss" and c.i in self.entity
            for e in self.ents(c)
        ]
        # who receives what the verb gives: "X awarded Y a grant", "Y was awarded £40,000 by X"
        args["recipient"] = [e for t in self._recipient(v) for e in self.verb_ents(t)]
        if v.lemma_.lower() in _LEAD_VERBS and any(
            t.lemma_.lower() in GROUP_NOUNS
            and t.i not in self.entity
            # (but "X, a consortium led by A": the group has a name, and A leads X; not when
            # others come "with" the leader, whom the parse may join to the agent)
            and not (
                t.dep_ == "appos"
                and t.head.i in self.entity
                and not any(
                    g.dep_ == "prep" and g.lower_ == "with" and any(c.i in self.entity for c in g.children)
                    for g in v.subtree
                )
            )
            for t in ((subj if passive else objs) if head_noun is None else [head_noun])
        ):  # "a consortium led by A, with B and C": the unnamed group is led, not B and C
            args["patient"] = []
        # "The consortium, led by A, includes B and C": the leaders of an unnamed group subject
        args["group_leader"] = [
            e
            for t in subj
            if t.i not in self.entity and t.lemma_.lower() in GROUP_NOUNS
            for e in self.leaders(t)
        ]
        args["area"] = self._area(v)
        args["people_area"] = self._area(v, people_only=True)
        # "X paid for our summer family days", "X funds our peer support strand": whose the thing
        # paid for is, when the object is no name
        args["object_owner"] = [
            e
            for o in (
                *(c for c in children if c.dep_ == "dobj"),
                *(
                    g
                    for c in children
                    if c.dep_ == "prep" and c.lower_ == "for"
                    for g in c.children
                    if g.dep_ == "pobj"
                ),
            )
            if o.i not in self.entity
            for c in o.children
            if c.dep_ == "poss" and c.i in self.entity
            for e in self.ents(c)
        ]
        # "Most of our patients live in A": whose patients (or residents) the clause's subject names
        args["people_owner"] = [
            e
            for t in subj
            for n in (
                t,
                *(g for p in t.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children),
            )
            if n.i not in self.entity and n.lemma_.lower() in _POPULATION_NOUNS | {"patient"}
            for c in n.children
            if c.dep_ == "poss" and c.i in self.entity
            for e in self.ents(c)
        ]
        # "Families in A and B can use the service": where the people the clause's subject names live
        args["users_area"] = [
            e
            for t in subj
            if t.i not in self.entity and t.lemma_.lower() in _POPULATION_NOUNS
            for p in t.subtree
            if p.dep_ == "prep" and p.lower_ in ("in", "across", "from", "throughout", "of")
            for g in p.children
            if g.dep_ == "pobj"
            for e in self.ents(g)
            if self.kinds[e] in ("Place", "Borough")
        ]
        if (
            self.colon is not None
            and v.i < self.colon
            and not args["patient"]
            and all(t.dep_ in ("prt", "advmod", "punct") for t in self.doc[v.i + 1 : self.colon])
        ):  # "The alliance brings together:" with the list as its object
            args["patient"] = list(self.inp.list_entities)
        return args

    def _recipient(self, v) -> list:
        """Who receives what ``v`` gives: the passive subject of "was awarded", the subject of
        "won", "secured" or "received", the "to" of "awarded it to"."""
        children = list(v.children)
        if any(c.dep_ == "nsubjpass" for c in children):
            return [c for c in children if c.dep_ == "nsubjpass"]
        if v.lemma_ in ("win", "secure", "receive", "hold", "get", "obtain", "land"):
            return [c for c in children if c.dep_ == "nsubj"]
        if v.lemma_ in ("award", "give", "grant"):
            objects = [c for c in children if c.dep_ == "dobj"]
            return (
                [c for c in children if c.dep_ == "dative" and c.pos_ not in ("ADP", "PART")]
                + [
                    g
                    for c in children
                    if c.lower_ == "to" and c.dep_ in ("prep", "dative")
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
                # "X has awarded Y £120,000": the parser may read both objects as direct objects;
                # the first, before the sum, is who receives it
                + (
                    [objects[0]]
                    if len(objects) == 2 and _is_money(objects[1]) and not _is_money(objects[0])
                    else []
                )
            )
        return []

    def _area(self, v, people_only: bool = False) -> list[int]:
        """The places a verb's predicate works in: "in", "across", "throughout" or "within" a place
        anywhere under the verb ("develop integrated care for residents in X"), not inside a clause
        with a subject of its own; with ``people_only``, only the places of people ("for 1.7 million
        people in A and B")."""
        out: list[int] = []
        stack = [(c, False) for c in v.children if c.dep_ not in ("nsubj", "nsubjpass", "agent")]
        while stack:
            t, of_people = stack.pop()
            if (
                t.pos_ in ("VERB", "AUX")
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
                and not (t.dep_ == "relcl" and t.head.lemma_.lower() in _POPULATION_NOUNS)
                # "listens to what people in X say": a clause whose subject is the people
                and not (
                    people_only
                    and any(c.dep_ == "nsubj" and c.lemma_.lower() in _POPULATION_NOUNS for c in t.children)
                )
                # "brings together leaders that share responsibility for services in X": a relative
                # clause about the verb's own object describes the predicate too
                and not (
                    t.dep_ == "relcl"
                    and t.head.i not in self.entity
                    and t.head.dep_ in ("dobj", "pobj")
                    and any(
                        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("that", "who", "which")
                        for c in t.children
                    )
                )
            ):
                continue  # another clause, with its own subject ("people who live in X" is one's own)
            if t.lemma_.lower() in _SITED_VERBS and not (
                t.dep_ in ("relcl", "acl") and t.head.lemma_.lower() in _POPULATION_NOUNS
            ):  # (but "patients registered with a GP in X" are the people it serves)
                continue  # "a charity based in X": where a body sits is not the area it serves
            # "people who live in X", "residents living in X": the clause says where the people are
            clause_of_people = t.dep_ in ("relcl", "acl") and t.head.lemma_.lower() in _POPULATION_NOUNS
            people = (
                t.head.lemma_.lower() in _POPULATION_NOUNS
                # "people aged over 65 in X": the clause that describes the people goes on past the age
                or (of_people and t.head.pos_ in ("VERB", "NUM"))
                # "treats patients from A and B", "supports people in X": the parser hangs the
                # place on the verb
                or (
                    t.lower_ in ("from", "in", "across", "throughout")
                    and t.head.pos_ == "VERB"
                    and _has_population_object(t.head)
                )
                # "sees 900 young people a year from across X": "across" under the verb's "from"
                or (
                    t.lower_ in _AREA_PREPS
                    and t.head.lower_ == "from"
                    and t.head.head.pos_ == "VERB"
                    and _has_population_object(t.head.head)
                )
            )
            # "health services for X": what care is for names the place it covers
            care_for = t.lower_ == "for" and t.head.lemma_.lower() in _CARE_NOUNS
            if t.lemma_.lower() in _POPULATION_NOUNS and t.pos_ == "NOUN":
                # "for Southwark residents": the place that names the people
                out += [
                    e
                    for c in t.children
                    if c.dep_ in ("compound", "nmod") and c.i in self.entity
                    for e in self.ents(c)
                    if self.kinds[e] in ("Place", "Borough")
                ]
            if (
                t.dep_ == "prep"
                and (t.lower_ in _AREA_PREPS or (t.lower_ in ("from", "of") and people) or care_for)
                and (people or not people_only or care_for)
            ):  # "... for residents in X", "works with patients from A and B", "the population of X"
                out += [
                    e
                    for g in t.children
                    if g.dep_ == "pobj"
                    for e in self.ents(g)
                    if self.kinds[e] in ("Place", "Borough")
                ]
            stack.extend(
                (c, clause_of_people or (of_people and t.pos_ in ("VERB", "CCONJ", "ADP", "NUM")))
                for c in t.children
            )
        return list(dict.fromkeys(out))

    def _prep(self, p, args: dict[str, list[int]], depth: int) -> None:
        key = "prep:" + p.lower_
        objs = [g for g in p.children if g.dep_ in ("pobj", "pcomp")]
        if not objs and self.colon is not None and p.i == self.colon - 1:
            args.setdefault(key, []).extend(self.inp.list_entities)
        for o in objs:
            if p.lower_ == "with" and o.lemma_.lower() in MONEY_NOUNS:
                continue  # "opened a hub with funding from X": X pays, it does not work alongside
            after = o.right_edge.i + 1
            if (
                p.lower_ == "with"
                and p.i > 0
                and self.doc[p.i - 1].lower_ == ","
                and (
                    any(c.dep_ == "prep" and c.lower_ == "as" for c in o.children)
                    or (after < len(self.doc) and self.doc[after].lower_ == "as")
                )
            ):
                continue  # "led by X, with the council as one of its funders": Y's own part, said aside
            if o.lemma_.lower() in ("collaboration", "partnership", "conjunction", "association") and any(
                c.dep_ == "prep" and c.lower_ == "with" for c in o.children
            ):  # "delivered in collaboration with:" and a list: the partners are the "with"'s
                for c in o.children:
                    if c.dep_ == "prep" and c.lower_ == "with":
                        self._prep(c, args, depth + 1)
                continue
            # "worked with X to develop ...": the parser makes X the subject of the clause after "with"
            found = self.ents(o) or [
                e for g in o.children if o.dep_ == "pcomp" and g.dep_ == "nsubj" for e in self.ents(g)
            ]
            if not found and o.lemma_.lower() in _WORKER_NOUNS:  # "run with midwives from X": X
                found = self._from_body(o)
                nxt = self.doc[o.i + 1] if o.i + 1 < len(self.doc) else None
                if not found and nxt is not None and nxt.lower_ == "from" and nxt.head.i == p.head.i:
                    # "worked alongside volunteers from X": the parser may hang "from X" on the verb
                    found = [e for g in nxt.children if g.dep_ == "pobj" for e in self.ents(g)]
            if found:
                # "won £250,000 of funding from X": the money's source is what it is "from"
                of_money = p.lower_ == "of" and o.lemma_.lower() in MONEY_NOUNS and o.i not in self.entity
                args.setdefault("prep:from" if of_money else key, []).extend(found)
                if _is_money(o) and depth < 2:  # "... from its grant towards the X Programme"
                    for c in o.children:
                        if c.dep_ == "prep" and c.lower_ in ("towards", "toward", "for", "to"):
                            self._prep(c, args, depth + 1)
            elif depth < 2 and o.lemma_.lower() not in _AGREEMENT_NOUNS | _HELP_NOUNS:
                # (not through "under a contract with Y": Y is a party to the contract, not to the verb;
                # nor through "with help from Y": Y helped, it did not publish or run it)
                for c in o.children:
                    if c.dep_ == "prep":
                        self._prep(c, args, depth + 1)

    def noun_args(self, n) -> tuple[dict[str, list[int]], str]:
        phrase = [n]
        while (
            n.dep_ in ("compound", "amod")
            and n.head.i not in self.entity
            and n.head.pos_ in ("NOUN", "PROPN")
        ):
            n = n.head
            phrase.append(n)
        holder: list[int] = []
        head = n.head
        # "one of four members of Y", "the post of chief nurse at Y": the phrase the role is of
        # says who holds it
        a = n
        if n.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _ROLE_CARRIERS:
            a = head.head
        ahead = a.head
        if a.dep_ in ("attr", "acomp") and ahead.lemma_ in ("be", "become", "remain"):
            verb = ahead
            while True:
                subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj or verb.dep_ not in ("conj", "xcomp") or verb.head.i == verb.i:
                    break
                verb = verb.head  # "X held roles and is a director of Y": the subject of the first verb
            for c in subj:
                holder += self.ents(self._resolve_relative(c))
        elif (
            a.dep_ == "dobj"
            and a is not n
            and ahead.lemma_.lower()
            in ("take", "hold", "accept", "assume", "fill", "occupy", "start", "begin")
        ):  # "X will take up the post of medical director at Y": who takes it holds it
            holder += [
                e for c in ahead.children if c.dep_ == "nsubj" for e in self.ents(self._resolve_relative(c))
            ]
        elif (
            a.dep_ in ("dobj", "oprd", "attr")
            and ahead.tag_ == "VBN"
            and ahead.dep_ == "advcl"
            and ahead.lemma_.lower() in ("appoint", "name", "elect", "confirm", "install", "make")
        ):  # "Appointed chief operating officer of Y in January, Jane Doe ...": the clause's subject
            holder += [
                e
                for c in ahead.head.children
                if c.dep_ in ("nsubj", "nsubjpass")
                for e in self.ents(self._resolve_relative(c))
            ]
        elif a.dep_ == "appos" and any(c.lower_ == "whose" for c in n.children):
            # "X, whose leader, Cllr Jane Doe, ...": the name in apposition to the post holds it
            holder += [e for c in n.children if c.dep_ == "appos" for e in self.ents(c)]
        elif a.dep_ == "appos":
            # "A, Chair of X, and B, Director of Y": a post in apposition to a name is that name's
            # alone, not its conjuncts' (a plural noun still stands for its names; "A and B, both
            # members of X": "both" and "all" say it is each conjunct's)
            every = any(c.lower_ in ("both", "all", "each") for c in n.children)
            holder += [self.entity[ahead.i]] if ahead.i in self.entity and not every else self.ents(ahead)
        elif a.dep_ == "compound" and ahead.i in self.entity:
            holder.append(self.entity[ahead.i])
        elif a.dep_ == "pobj" and ahead.lower_ == "as":
            verb = ahead.head
            while verb.pos_ in ("NOUN", "PROPN", "NUM") and verb.dep_ == "pobj" and verb.head.dep_ == "prep":
                verb = verb.head.head  # "After eight years as chair of X, Y stepped down": the clause's verb
            owners = [c for c in verb.children if c.dep_ == "poss"] if verb.pos_ == "NOUN" else []
            if verb.pos_ == "NOUN" and verb.dep_ == "dobj" and not owners:
                verb = verb.head  # "X declared an interest as an employee of Y": the clause's subject
            if owners:  # "confirmed Jane Doe's appointment as chair": the possessor
                holder += [e for c in owners for e in self.ents(c)]
            else:
                objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
                subj = [c for c in verb.children if c.dep_ == "nsubj"]
                if verb.lemma_.lower() in _JOIN_VERBS or any(ahead.i < c.i for c in subj):
                    # "Jane Doe joined X as finance director": the one who joins holds it; "As
                    # director at X, Jane Doe leads Y": a fronted "as" describes the subject
                    objs = []
                named = [e for t in objs for e in self.ents(self._resolve_relative(t))]
                # "X declared an interest as chief executive of Y": the object names no one
                holder += named or [e for t in subj for e in self.ents(self._resolve_relative(t))]
        elif any(
            c.dep_ == "prep" and c.lower_ in ("of", "for", "at") and c.i == n.i + 1 for c in n.children
        ) and _fronted_post_holder(self, n):
            # "Chief Executive of X, Jane Doe, welcomed ...": the parser hangs the name on X
            holder += _fronted_post_holder(self, n)
        elif a.dep_ == "nsubj" and ahead.lemma_ in ("include", "be", "comprise", "number"):
            # "Members of Y include A and B", "the partners of Y are A, B and C": the complement
            holder += [e for c in ahead.children if c.dep_ in ("dobj", "attr") for e in self.ents(c)]
            if (
                not holder
                and n.lemma_.lower() in _SERVICE_NOUNS
                and self.colon is not None
                and ahead.i < self.colon
                and not any(t.pos_ in ("NOUN", "PROPN", "VERB") for t in self.doc[ahead.i + 1 : self.colon])
            ):  # "Our services include:" and a list (member lists are read from the layout)
                holder += self.inp.list_entities
        elif (
            a.dep_ == "pobj"
            and ahead.lower_ in ("including", "like")
            and ahead.head.dep_ == "dobj"
            and ahead.head.head.pos_ in ("VERB", "AUX")
        ):  # "she held senior roles including chief executive at Y": who held them
            holder += [e for c in ahead.head.head.children if c.dep_ == "nsubj" for e in self.ents(c)]
        elif a.dep_ == "oprd" and ahead.pos_ in ("VERB", "AUX"):
            # "X has been appointed chair of Y", "the board named X chair of Y": who is made it
            objs = [c for c in ahead.children if c.dep_ in ("nsubjpass", "dobj")]
            holder += [e for t in objs for e in self.ents(self._resolve_relative(t))]
        elif (
            a.dep_ == "dobj"
            and ahead.pos_ in ("VERB", "AUX")
            and n.lemma_.lower() not in _GIVER_NOUNS
            # (nor "X thanked the group's founder, Jane Doe": the post names its holder)
            and not any(c.dep_ == "appos" and c.i in self.entity for c in n.children)
        ):  # "X received a grant from Y" (but "X thanked its funders": not X)
            holder += [e for c in ahead.children if c.dep_ == "nsubj" for e in self.ents(c)]
            if not holder and (
                a is not n or ahead.dep_ == "conj"
            ):  # "left to take up the post of chief nurse at Y"
                # ("X is commissioned by Y and forms part of Z": the first verb's subject)
                holder += self.verb_args(ahead)["agent"]
        elif a.dep_ == "conj" and ahead.dep_ == "appos":
            holder += self.ents(ahead.head)
        elif a.dep_ == "pobj" and ahead.lower_ == "in" and ahead.head.pos_ in ("VERB", "AUX"):
            holder += self.verb_args(ahead.head)["agent"]  # "X runs it in partnership with Y"
        elif a.dep_ == "pobj" and ahead.lower_ in ("among", "amongst") and ahead.head.lemma_ == "be":
            # "X is among the members of Y": X
            holder += [e for c in ahead.head.children if c.dep_ == "nsubj" for e in self.ents(c)]
        elif (
            a.dep_ == "pobj"
            and ahead.lower_ == "under"
            and ahead.head.pos_ in ("VERB", "AUX")
            and n.lemma_.lower() in _AGREEMENT_NOUNS
        ):
            holder += self.verb_args(ahead.head)["agent"]  # "X provides it under a contract with Y": X
        elif (
            a.dep_ == "pobj"
            and (a.lemma_.lower() in _MONEY_WORDS or a.lemma_.lower() in ("support", "help"))
            and (
                (ahead.lower_ == "with" and ahead.head.pos_ in ("VERB", "AUX"))
                or (
                    ahead.lower_ == "to"
                    and ahead.head.lower_ == "thanks"
                    and ahead.head.head.pos_ in ("VERB", "AUX")
                )
            )
        ):  # "With funding from Y, X has opened a hub", "thanks to a grant from Y, X hired ...": X
            verb = ahead.head if ahead.lower_ == "with" else ahead.head.head
            holder += self.verb_args(verb)["agent"]
        elif a.dep_ == "pobj" and ahead.lower_ == "in" and ahead.head.i in self.entity:
            holder += self.ents(ahead.head)  # "X, in partnership with Y"
        elif a.dep_ == "conj" and ahead.i in self.entity:  # a line "Jane Doe, Chief Executive, Acme"
            holder.append(self.entity[ahead.i])
        if not holder:  # "Our Chief Executive, Jane Doe, founded ...": a name set off after the post
            holder += [
                e
                for c in n.children
                if c.dep_ in ("appos", "npadvmod")
                and c.i in self.entity
                and c.i > n.i
                and self.doc[c.i - 1].text == ","
                for e in self.ents(c)
                if self.kinds[e] == "Person"
            ]
        fronted_of: list[int] = []
        if not holder:  # "Mayor of London Sadiq Khan said": the parser may make the place modify the name
            for c in n.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                    for g in c.children:
                        if (
                            g.dep_ == "pobj"
                            and g.i in self.entity
                            and self.kinds[self.entity[g.i]] == "Person"
                        ):
                            named = [x for x in g.children if x.dep_ == "compound" and x.i in self.entity]
                            named = [x for x in named if self.kinds[self.entity[x.i]] != "Person"]
                            if named:
                                holder.append(self.entity[g.i])
                                fronted_of += [e for x in named for e in self.ents(x)]
        if not holder and n.dep_ == "nsubj":
            # "Our chair, Jane Doe, sits on ...": the parser may make the name a second subject
            holder += [
                e
                for c in ahead.children
                if c.dep_ == "nsubj" and c.i > n.i and c.i in self.entity and self.doc[c.i - 1].text == ","
                for e in self.ents(c)
            ]
        if n.i + 1 < len(self.doc):
            # "X's chief executive is A and X's chair is B": the parser may join the second noun to
            # A and leave its "is" without a subject: B holds it
            nxt = self.doc[n.i + 1]
            if nxt.lemma_ == "be" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in nxt.children):
                after = [e for c in nxt.children if c.dep_ == "attr" for e in self.ents(c)]
                holder = after or holder
        if a.dep_ == "attr" or n.dep_ in ("pobj", "attr", "appos"):  # "X is a member of Y, alongside A and B"
            for c in {*ahead.children, *a.children, *n.children}:  # ("one of four members ..., alongside")
                if c.dep_ == "prep" and c.lower_ == "alongside":
                    holder += [e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
        for t in (n, head) if n.dep_ == "conj" else (n,):  # "GP and chair of X, Jane Doe"
            for c in t.children:
                if c.dep_ == "appos" and c.i in self.entity:
                    holder += self.ents(c)
        label_group: list[int] = []
        if (
            n.i + 1 < len(self.doc)
            and self.doc[n.i + 1].text == ":"
            and n.lemma_.lower()
            in ("member", "partner", "funder", "supporter", "sponsor", "commissioner", "membership")
        ):  # "Members: A, B, C", a label line: the names it lists
            if n.dep_ == "appos" and n.head.i in self.entity:
                label_group = [self.entity[n.head.i]]  # "X Board – membership: A, B, C": X's
            holder = [e for e in holder if e not in label_group]
            if self.colon is not None and n.i == self.colon - 1:
                holder += [e for e in self.inp.list_entities if e not in label_group]
            for c in n.children:
                if c.dep_ in ("appos", "npadvmod", "conj") and c.i > n.i:
                    holder += self.ents(c)
                    for x in c.conjuncts:
                        if x.i in self.entity:
                            holder += self.ents(x)
                    for x in c.children:
                        if x.dep_ == "appos" and x.i in self.entity:
                            holder += self.ents(x)
            holder = list(dict.fromkeys(holder))
        if n.lemma_.lower() in _GIVER_NOUNS:
            # "its funders, A and B", "our funders:" and a list: the names the noun stands for
            own = [e for c in n.children if c.dep_ == "appos" for e in self.ents(c)]
            if self.colon is not None and n.i == self.colon - 1:
                own += self.inp.list_entities
            holder = own or holder
        of: list[int] = []
        misread: list[int] = []  # bodies of a post the parser hung on another post
        # "Partners: A, B, C": a label's names are what it lists, not whose they are
        label = n.i + 1 < len(self.doc) and self.doc[n.i + 1].text == ":"
        # "GP and clinical chair of X": coordinated posts share the body named after either
        shared = [n, *([n.head] if n.dep_ == "conj" else []), *(c for c in n.children if c.dep_ == "conj")]
        # a trigger that only modifies another noun ("a partnership agreement with X") is not the
        # thing "with" or "to" X
        modifier = len(phrase) > 1 and n.i not in self.entity
        for c in (c for t in shared for c in t.children):
            if (
                c.dep_ == "prep"
                and c.lower_
                in (
                    "of",
                    "at",
                    "for",
                    "with",
                    "from",
                    "within",
                    "to",
                    "on",
                    "between",
                )
                and not (modifier and c.lower_ in ("with", "to"))
            ):
                # "a member of A and of B": a preposition conjoined to this one names a body too
                preps = [c, *(x for x in c.conjuncts if x.dep_ == "conj" and x.lower_ == c.lower_)]
                for g in (g for p in preps for g in p.children):
                    if g.dep_ == "pobj":
                        of += self.ents(g)
                        if g.i not in self.entity and g.lemma_.lower() in ROLE_WORDS:
                            # "director at A and clinical director of B": the parser may read "A and
                            # clinical director" as one phrase and hang A on the second post
                            misread += [
                                self.entity[x.i]
                                for x in g.children
                                if x.dep_ in ("nmod", "compound")
                                and x.i in self.entity
                                and any(y.dep_ == "cc" for y in x.children)
                            ]
            elif (
                c.dep_ == "prep"
                and c.lower_ == "in"
                and holder
                and all(self.kinds[e] == "Person" for e in holder)
            ):  # a person's post "in X" (a body; not "a GP in Croydon"; a body is a partner "in" X)
                of += [
                    e
                    for g in c.children
                    if g.dep_ == "pobj"
                    for e in self.ents(g)
                    if self.kinds[e] not in ("Place", "Borough")
                ]
            elif (
                c.dep_ in ("poss", "compound", "nmod", "appos", "npadvmod")
                and c.i in self.entity
                and not (c.dep_ in ("appos", "npadvmod") and label)
            ):
                of.append(self.entity[c.i])  # (a person in apposition is the holder: kinds tell them apart)
            elif c.dep_ == "poss" and c.lower_ == "whose":  # "X, whose members include A": X
                clause = c.head
                while clause.dep_ not in ("relcl", "appos") and clause.head.i != clause.i:
                    clause = clause.head
                if clause.dep_ in ("relcl", "appos"):  # (the parser may hang "whose chair, A," on X)
                    of += self.ents(clause.head)
        if (
            n.dep_ == "compound"
            and head.i in self.entity
            and head.dep_ == "pobj"
            and head.head.dep_ == "agent"
            and head.head.head.lemma_ in _LEAD_VERBS
        ):  # "X is led by chief executive Jane Doe": the post is at X
            of += [e for c in head.head.head.children if c.dep_ == "nsubjpass" for e in self.ents(c)]
        if n.dep_ == "compound" and head.i in self.entity:  # "Acme Chief Executive Jane Doe"
            of += [
                self.entity[c.i]
                for c in head.children
                if c.dep_ in ("compound", "nmod", "poss") and c.i in self.entity and c.i < n.i
            ]
        if not of and a is not n:  # "took up the post of chief executive at X": the post's "at X"
            for c in a.children:
                if c.dep_ == "prep" and c.lower_ in ("at", "with", "for", "within"):
                    of += [e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
        if (
            not of
            and a.dep_ == "pobj"
            and ahead.lower_ in ("including", "like")
            and ahead.head.dep_ == "dobj"
            and ahead.head.head.pos_ in ("VERB", "AUX")
        ):  # "held senior roles including CEO at X": the parser may hang "at X" on the verb
            for c in ahead.head.head.children:
                if c.dep_ == "prep" and c.lower_ in ("at", "with", "within"):
                    of += [e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
        if not of and a.dep_ == "oprd" and ahead.pos_ in ("VERB", "AUX"):
            # "X has been appointed director of nursing at Y": the parser may hang "at Y" on the verb
            for c in ahead.children:
                if c.dep_ == "prep" and c.lower_ in ("at", "with", "within") and c.i > a.i:
                    of += [e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
        if (
            not of
            and n.lemma_.lower() in ("member", "partner")
            and n.dep_ == "dobj"
            and head.lemma_ == "have"
            and any(c.lower_ in ("including", "include", "such") for c in n.subtree)
        ):  # "X has 40 members, including A and B": the members are X's, and A and B are some
            of += [e for c in head.children if c.dep_ == "nsubj" for e in self.ents(c)]
            holder += [
                e
                for c in n.children
                if c.dep_ == "prep" and c.lower_ in ("including", "like")
                for g in c.children
                if g.dep_ == "pobj"
                for e in self.ents(g)
            ]
        if (
            not of
            and len(phrase) > 1
            and phrase[0].lemma_.lower() in ("member", "partner")
            and n.dep_ == "dobj"
            and head.lemma_ == "have"
            and n.tag_ == "NNS"
        ):  # "X has four member trusts: A, B and C": the listed names are X's members
            listed = [e for e in self.ents(n) if e not in holder]
            if listed:
                of += holder
                holder = listed
        if (
            n.lemma_.lower() in ROLE_WORDS
            and any(c.dep_ == "prep" and c.lower_ in ("of", "for") for c in n.children)
            and not any(self.kinds[e] in ORG_KINDS for e in of)
        ):  # "Director of Nursing for the PRUH and South Sites at King's College Hospital": the post
            # is held at the body its portfolio's places belong to
            # (the parser may hang "at X" on the name the post is in apposition to)
            scope = [*n.subtree, *(ahead.children if a.dep_ == "appos" else ())]
            of += [
                e
                for t in scope
                if t.dep_ == "prep" and t.lower_ == "at" and t.i > n.i
                for g in t.children
                if g.dep_ == "pobj"
                for e in self.ents(g)
                if self.kinds[e] in ORG_KINDS
            ]
        of += fronted_of
        if label_group:
            of = label_group
        # "Jane Doe, Director of Children's Services, Acme Trust": the body read as a conjunct
        of += [self.entity[c.i] for c in n.conjuncts if c.i in self.entity and c.i > n.i]
        if not of and a.dep_ == "appos":
            # "Dr A, GP and clinical lead for diabetes at X": the parser may hang "at X" on the name
            for c in ahead.children:
                if c.dep_ == "prep" and c.lower_ in ("at", "within") and c.i > n.i:
                    of += [e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
        if not of:  # "Dean of the Faculty of Health at Acme University": the body one phrase further
            for c in (c for t in shared for c in t.children):  # ("clinical lead for diabetes at X")
                if c.dep_ == "prep" and c.lower_ in ("of", "at", "for"):
                    for g in c.children:  # ("head of commissioning at X": a gerund, too)
                        if g.dep_ in ("pobj", "pcomp") and g.i not in self.entity:
                            for gc in g.children:
                                if gc.dep_ == "prep" and gc.lower_ in ("at", "of", "within"):
                                    of += [e for x in gc.children if x.dep_ == "pobj" for e in self.ents(x)]
        if not of and a.dep_ == "attr" and ahead.lemma_ in ("be", "become", "remain"):
            # "X was previously director of nursing at Y": the parser may hang "at Y" on the verb
            for c in ahead.children:
                if c.dep_ == "prep" and c.lower_ in ("at", "within"):
                    of += [e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
        if a.dep_ == "pobj" and ahead.lower_ == "as" and ahead.head.lemma_.lower() in _JOIN_VERBS:
            # "X joins Y as medical director (from Z)": the post is at the body joined
            of += [e for c in ahead.head.children if c.dep_ == "dobj" for e in self.ents(c)]
        if (
            not of
            and a.dep_ in ("attr", "acomp")
            and ahead.dep_ == "relcl"
            and any(c.lower_ == "where" for c in ahead.children)
        ):  # "she joins from X, where she was chief operating officer": where is X
            of += self.ents(ahead.head)
        if (
            not of
            and n.dep_ == "pobj"
            and head.lower_ == "as"
            and head.head.lemma_.lower() in ("appointment", "nomination", "election", "confirmation")
            and head.head.dep_ == "dobj"
        ):  # "X confirmed Jane Doe's appointment as chief operating officer": the post is X's
            verb = head.head.head
            while not any(c.dep_ == "nsubj" for c in verb.children) and verb.dep_ == "conj":
                verb = verb.head
            of += [e for c in verb.children if c.dep_ == "nsubj" for e in self.ents(c)]
        if not of and n.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ in ("VERB", "AUX"):
            # "she worked for X as director of performance": the employer on the verb
            for c in head.head.children:
                if c.dep_ == "prep" and c.lower_ in ("for", "at", "with"):
                    of += [e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
                elif c.dep_ == "dobj" and head.head.lemma_.lower() in _JOIN_VERBS:
                    of += self.ents(c)  # "she joined X as director of performance": X
        if (
            all(self.kinds[e] in ("Place", "Borough") for e in of)  # ("... director for London at Y")
            and n.dep_ == "pobj"
            and head.lower_ == "of"
            and head.head.lower_ in ("post", "role", "position", "job")
            and head.head.dep_ == "dobj"
            and head.head.head.pos_ == "VERB"
        ):  # "X will take up the post of medical director for London at Y": the "at" on the verb
            for c in head.head.head.children:
                if c.dep_ == "prep" and c.lower_ in ("at", "with"):
                    of += [e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)]
        if not of and n.dep_ == "dobj" and head.lemma_.lower() in ("have", "count", "boast"):
            # "The steering group has six members: A, B and C": whose members they are
            of += [
                e for c in head.children if c.dep_ == "nsubj" for e in self.ents(self._resolve_relative(c))
            ]
        bracketed = (
            n.i > 0
            and n.i + 1 < len(self.doc)
            and self.doc[n.i - 1].text == "("
            and self.doc[n.i + 1].text == ")"
        )  # "Jane Doe (Chair), Acme Trust": the post in brackets is the meeting's, not Acme Trust's
        if (
            n.dep_ == "appos" and not bracketed
        ):  # "Jane Doe, Director of Care, Acme Council": the body follows the role
            for sib in head.children:
                if sib.dep_ == "appos" and sib.i > n.i and sib.i in self.entity:
                    of.append(self.entity[sib.i])
        for t in phrase[:-1]:
            for c in t.children:
                if c.dep_ in ("poss", "compound") and c.i in self.entity:
                    of.append(self.entity[c.i])
        stack = [c for c in n.children if c.dep_ == "compound" and c.i not in self.entity]
        while stack:  # "Acme Partnership Health Lead": a name modifying the role's modifier
            c = stack.pop()
            for g in c.children:
                if g.dep_ in ("compound", "poss"):
                    if g.i in self.entity:
                        of.append(self.entity[g.i])
                    else:
                        stack.append(g)
        start = min(t.left_edge.i if t.dep_ == "compound" else t.i for t in phrase)
        role = " ".join(
            t.text for t in self.doc[start : n.i + 1] if t.i not in self.entity and t.dep_ != "det"
        )
        of += [e for e in misread if e not in of]
        if self.regional and _MAYOR.search(role):
            of = [self.regional.get(e, e) for e in of]
        if (
            all(self.kinds[e] == "Person" for e in of)
            and self.home_council is None
            and holder
            and _COUNCIL_POST.search(role)
        ):  # "Cllr Jane Doe, Cabinet Member for Health" in a borough board's minutes: a post of the
            # one council the document names (a cabinet is a council's)
            councils = [e for e, k in enumerate(self.kinds) if k == "LocalAuthority"]
            if len(councils) == 1:
                of.append(councils[0])
        if (
            all(self.kinds[e] == "Person" for e in of)  # no body named ("A, Chief Executive, and B, Chair")
            and self.author is not None
            and holder
            and all(self.kinds[e] == "Person" for e in holder)
            and _OWN_POST.fullmatch(role)
            and not any(
                self.kinds[e] not in ("Person", "Place", "Borough", "Strategy", "Funding", "Programme")
                and e != self.author
                and not self._affiliation(i)
                # (a body inside what the holder reports is not one the post could be at: "The Chief
                # Executive, Jane Doe, reported that the X Committee had met")
                and not any(a.dep_ == "ccomp" for a in self.doc[i].ancestors)
                for i, e in self.entity.items()
            )  # the sentence names no other body the post could be at (but "Cllr A (LB of X)" is A's council)
        ):  # "Jo Bloggs, Chief Executive, and Sam Smith, Chair, ..." on a body's own page ("we", "our")
            of.append(self.author)
        if (
            not of
            and n.lemma_.lower() in ("partner", "member")
            and self.author is not None
            and self.kinds[self.author] == "Partnership"
            and holder
            and self.author not in holder
        ):  # "Partners include A and B" on a partnership's own page: its members
            of.append(self.author)
        if not of and self.home_council is not None and _COUNCIL_POST.search(role):
            of.append(self.home_council)  # "Cllr Jane Doe, Cabinet Member for Health" in a council's papers
        if label and not label_group:
            # "Funders: A; B; C": what the label lists is not whose it is (but "Our funders:" is ours)
            listed = {e for c in n.subtree if c.i > n.i + 1 and c.i in self.entity for e in self.ents(c)}
            holder = holder + [e for e in of if e in listed]
            of = [e for e in of if e not in listed]
        if any(c.dep_ == "poss" and c.i in self.entity for c in n.children):
            # "X's Rapid Response at Home service saw ...": the name before the noun is what it names
            holder += [self.entity[c.i] for c in n.children if c.dep_ == "compound" and c.i in self.entity]
        args = {
            "holder": list(dict.fromkeys(holder)),
            "of": list(dict.fromkeys(of)),
            "leader": self.leaders(n),
            "with_members": self.members_with(n) if n.lemma_.lower() in GROUP_NOUNS else [],
            # "X's services", "an X service", "our programmes": whose the thing the noun names is
            "owner": [
                e
                for t in phrase
                for c in t.children
                if c.dep_ in ("poss", "compound", "nmod") and c.i in self.entity
                for e in self.ents(c)
            ]
            # "services we run include A and B": who runs them (a clause with no object of its own)
            + [
                e
                for c in n.children
                if c.dep_ == "relcl"
                and c.lemma_.lower() in ("run", "provide", "deliver", "offer", "operate", "manage")
                and not any(
                    g.dep_ in ("dobj", "nsubjpass") and g.lower_ not in ("that", "which") for g in c.children
                )
                for g in c.children
                if g.dep_ == "nsubj" and g.i in self.entity
                for e in self.ents(g)
            ],
            # "the service is available to adults in X": the places the word's phrase is for
            # "the main provider of community services in X": the same for a noun
            "area": (self._area(n) if n.pos_ in ("ADJ", "NOUN") else [])
            # ("is available in A, B and C": the parser may hang the places on the copula)
            + (
                [
                    e
                    for c in n.head.children
                    if n.pos_ == "ADJ"
                    and n.dep_ == "acomp"
                    and n.head.lemma_ == "be"
                    and c.dep_ == "prep"
                    and c.i > n.i
                    and c.lower_ in ("in", "across", "throughout")
                    for g in c.children
                    if g.dep_ == "pobj"
                    for e in self.ents(g)
                ]
            ),
            # "Elm Lodge, a crisis house for adults in X": the places of the people it is for
            "people_area": self._area(n, people_only=True) if n.pos_ == "NOUN" else [],
        }
        # "X runs the Y service under a contract with Z": what is provided under the agreement
        args["provided"] = (
            self.verb_args(head.head)["patient"]
            if n.dep_ == "pobj"
            and head.lower_ == "under"
            and n.lemma_.lower() in _AGREEMENT_NOUNS
            and head.head.lemma_.lower() in _DELIVERY_VERBS
            else []
        )
        preps = [c for c in n.children if c.dep_ == "prep"]
        if n.dep_ == "pobj" and head.lower_ == "under" and n.lemma_.lower() in _AGREEMENT_NOUNS:
            # "X delivers it under contract to Y": the parser may hang "to Y" on the verb
            preps += [c for c in head.head.children if c.dep_ == "prep" and c.i > n.i and c.lower_ == "to"]
        if n.dep_ == "dobj" and n.lemma_.lower() in _AGREEMENT_NOUNS:
            # "extended its contract with X for the Y service": the parser may hang "for Y" on the verb
            preps += [c for c in head.children if c.dep_ == "prep" and c.i > n.i and c.lower_ == "for"]
        for c in preps:  # "a partner in X": each preposition on the noun, for rules that ask
            args.setdefault("prep:" + c.lower_, []).extend(
                e for g in c.children if g.dep_ == "pobj" for e in self.ents(g)
            )
        return args, role

    def appositions(self) -> list[tuple[int, int, str]]:
        """(name, name in apposition to it, the title word before the first name); found once."""
        if self._appositions is None:
            self._appositions = list(self._find_appositions())
        return self._appositions

    def _find_appositions(self) -> Iterator[tuple[int, int, str]]:
        verbless = not any(t.pos_ in ("VERB", "AUX") for t in self.doc)
        # a line "Jane Doe, Acme Trust" (no verb) is parsed as apposition or as a loose modifier
        deps = ("appos", "npadvmod", "conj") if verbless else ("appos",)
        for i in self.entity:  # both readings start from a name
            t = self.doc[i]
            if (
                t.dep_ in deps
                and t.head.i in self.entity
                and t.head.i < t.i
                # (not a list after a lead-in's colon: "We work with: A, B and C")
                and not (self.colon is not None and t.head.i < self.colon < t.i)
            ):
                h = t.head
                title = self.doc[h.i - 1].lower_.rstrip(".") if h.i > 0 else ""
                yield self.entity[h.i], self.entity[t.i], title
                if t.i > 0 and self.doc[t.i - 1].text == "(":
                    # "the Riverside Partnership (A, B and C)": each name in the brackets
                    for c in t.conjuncts:
                        if c.i in self.entity and c.i > t.i:
                            yield self.entity[h.i], self.entity[c.i], "("
            # "Jane Doe from Acme Trust", "Jane Doe at Acme Trust"
            if t.dep_ == "pobj" and t.head.lower_ in ("from", "at") and t.head.head.i in self.entity:
                yield self.entity[t.head.head.i], self.entity[t.i], "from"
            elif (
                t.dep_ == "pobj"
                and t.head.lower_ == "from"
                and t.head.i - 1 in self.entity
                and self.kinds[self.entity[t.head.i - 1]] == "Person"
            ):  # "facilitated by Jane Doe from Acme": the parser hangs "from" on the verb
                yield self.entity[t.head.i - 1], self.entity[t.i], "from"
            elif (
                t.dep_ == "pobj"
                and t.head.lower_ == "of"
                and t.head.head.i in self.entity
                and self.kinds[self.entity[t.head.head.i]] == "Person"
            ):  # "Dr Paul Idowu of the Norbury Medical Practice"
                yield self.entity[t.head.head.i], self.entity[t.i], "from"


def _matches(doc: DocModel, sent: _Sentence, index: dict[tuple[str, str], list[Rule]]) -> Iterator[Found]:
    kinds = sent.kinds  # the parse adds no entities: one list per document
    for tok in sent.doc:
        if tok.i in sent.entity:
            continue
        lemma = tok.lemma_.lower()
        word = tok.lower_
        if (
            tok.pos_ in ("VERB", "AUX")
            or tok.tag_.startswith("VB")
            # "X, a scheme run by Y": a participle the parser took for a noun ("scheme run") still
            # has its "by" phrase; "A and B jointly fund C": a verb taken for a noun has a subject
            # and an object
            or (tok.pos_ == "NOUN" and any(c.dep_ in ("agent", "auxpass") for c in tok.children))
            or (
                tok.pos_ == "NOUN"
                and any(c.dep_ == "nsubj" for c in tok.children)
                and any(c.dep_ == "dobj" for c in tok.children)
            )
        ):
            rules = index.get(("verb", lemma), [])
            if not rules:
                continue
            args = sent.verb_args(tok)
            role = None
        elif tok.pos_ in ("NOUN", "PROPN", "ADJ"):
            rules = (
                index.get(("noun", lemma), [])
                or index.get(("noun", word), [])
                # a plural the lemmatizer does not know ("collaboratives"): its singular
                or (index.get(("noun", word[:-1]), []) if lemma == word and word.endswith("s") else [])
            )
            if not rules:
                continue
            if not tok.whitespace_ and tok.i + 1 < len(sent.doc) and sent.doc[tok.i + 1].text == "-":
                continue  # the first half of a word joined by a hyphen: "a part-time post", "member-led"
            args, role = sent.noun_args(tok)
        else:
            continue
        if _negated(tok):
            continue  # "receives no money from X", "did not fund": nothing is stated
        for rule in rules:
            if rule.after and not (tok.dep_ == "pobj" and tok.head.lower_ in rule.after):
                continue
            if rule.not_after and tok.dep_ == "pobj" and tok.head.lower_ in rule.not_after:
                continue
            if rule.appositive and not (tok.dep_ == "appos" and tok.head.i in sent.entity):
                continue
            if (
                rule.direct_object
                and not (
                    tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.lemma_.lower() in rule.direct_object
                )
                and not any(
                    d.dep_ in ("dobj", "pobj", "nsubjpass")
                    and (
                        d.lemma_.lower() in rule.direct_object
                        # "£500,000", "£2m" (the sign under the number under "m")
                        or any(g.text in rule.direct_object for g in d.subtree if g.i < d.i)
                    )
                    for c in tok.children
                    # (or the passive's subject: "its running costs are met by X")
                    if c.dep_ == "dobj" or (c.dep_ == "nsubjpass" and c.i not in sent.entity)
                    # "receives most of its funding from X": the object the quantity is of
                    for d in (
                        c,
                        *(
                            g
                            for p in c.children
                            if c.lemma_.lower() in _QUANTITY_WORDS and p.dep_ == "prep" and p.lower_ == "of"
                            for g in p.children
                        ),
                    )
                )
            ):
                continue
            if rule.not_direct_object and any(
                c.dep_ == "dobj"
                and (
                    c.lemma_.lower() in rule.not_direct_object
                    or any(g.text in rule.not_direct_object for g in c.children)
                )
                for c in tok.children
            ):
                continue
            if rule.particles and not any(
                c.dep_ == "prt" and c.lower_ in rule.particles for c in tok.children
            ):
                continue
            if any(args.get(a) for a in rule.without):
                continue
            if any(kinds[e] in _THING_KINDS for a in rule.without_things for e in args.get(a, ())):
                continue  # "X runs the Y service in Z": the service covers Z (its own rule), not X
            if rule.merger and not _merger_stated(tok):
                continue
            if rule.subject == rule.object and (_each_apart(tok) or _merge_into_one(tok, sent)):
                continue  # "A and B will each receive £2m to set up teams": apart, not together
            if rule.modifiers or rule.not_modifiers:
                before = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i}
                if (rule.modifiers and not rule.modifiers & before) or rule.not_modifiers & before:
                    continue
            yield from _apply(rule, args, kinds, sent, role)
    for rule in index.get(("possessive", ""), []):  # "the ICB's Urgent Care Strategy"
        for i in sent.entity:  # the names, in token order
            tok = sent.doc[i]
            owners = [c for c in tok.children if c.dep_ == "poss" and c.i in sent.entity]
            if owners:
                args = {"owner": [e for c in owners for e in sent.ents(c)], "owned": [sent.entity[tok.i]]}
                yield from _apply(rule, args, kinds, sent, None)
    named_rules = index.get(("name", ""), [])
    if named_rules:  # "the Riverside Cafe in Croydon": a name with its own phrase
        for i in sent.entity:  # the names, in token order
            tok = sent.doc[i]
            args: dict[str, list[int]] = {"named": [sent.entity[tok.i]]}
            for c in tok.children:
                if c.dep_ == "prep":
                    args.setdefault("prep:" + c.lower_, []).extend(
                        e for g in c.children if g.dep_ == "pobj" for e in sent.ents(g)
                    )
            for rule in named_rules:
                yield from _apply(rule, args, kinds, sent, None)
    for rule in index.get(("apposition", ""), []):
        for head, appos, title in sent.appositions():
            if rule.head_title and title not in rule.head_title:
                continue
            args = {"head": [head], "appos": [appos]}
            yield from _apply(rule, args, kinds, sent, title if rule.head_title else None)


_REQUEST_VERBS = frozenset({"ask", "urge", "request"})
_DOUBT_WORDS = frozenset(
    {"claim", "allege", "deny", "rumour", "speculate", "suggestion", "speculation", "rumor"}
)
_HOPING_VERBS = frozenset(
    {
        "shortlist",
        "bid",
        "apply",
        "hope",
        "aim",
        "want",
        "seek",
        "propose",
        "consider",
        "intend",
        "wish",
        "invite",  # "has been invited to join X": not (yet) a member
        "plan",
        "expect",
        "compete",
        "due",  # "the strategy is due to be published by X"
        "likely",
        "scheduled",
    }
)


def _negated(tok) -> bool:
    """Is a trigger verb denied ("did not fund", "has never run", "receives no money from")? A
    noun is when the verb it completes is ("is not a full member of")."""
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        if tok.dep_ in ("amod", "compound") and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i != tok.i:
            return _negated(tok.head)  # "chief" in "has not taken up the post of chief officer": the noun's
        if tok.dep_ == "dobj" and tok.head.pos_ in ("VERB", "AUX"):
            return _negated(tok.head)  # "has never received a grant from X"
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and tok.head.head.lower_ in ("post", "role", "position", "job")
            and tok.head.head.dep_ == "dobj"
        ):
            return _negated(tok.head.head.head)  # "has not taken up the post of chief officer at X"
        return tok.dep_ in ("attr", "acomp") and (
            any(c.dep_ == "neg" for c in tok.head.children)
            or (tok.head.pos_ in ("VERB", "AUX") and _negated(tok.head))  # "would become the provider"
        )
    if tok.dep_ in ("xcomp", "advcl") and tok.head.lemma_.lower() in _HOPING_VERBS:
        return True  # "shortlisted to run X", "hopes to extend X": not (yet) done
    if tok.dep_ in ("ccomp", "acl") and tok.head.lemma_.lower() in _DOUBT_WORDS:
        return True  # "a post claiming that X is funded by Y", "denied that ...": not stated as fact
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _REQUEST_VERBS and tok.head.tag_ != "VBD":
        return True  # "has asked X to take over Y": a request still open (but "in 2024 asked us to ...")
    for v in (tok, tok.head) if tok.dep_ in ("xcomp", "conj") else (tok,):
        if any(c.dep_ == "neg" or c.lower_ in ("never", "neither", "nor") for c in v.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless") for c in v.children):
            return True  # "asked whether the trust would take over X": nothing is stated
        if any(c.dep_ == "aux" and c.lower_ in ("could", "might", "may") for c in v.children):
            return True  # "X could in future take patients from Y": a possibility, not a fact
        if v is tok and any(
            c.dep_ == "advmod" and c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children)
            for c in v.children
        ):
            return True  # "X no longer funds Y": a relation that ended (not "... and is now Z")
        if any(c.dep_ == "aux" and c.lower_ in _HEDGING_MODALS for c in v.children) and any(
            c.dep_ in ("advcl", "prep") and _condition(c) for c in v.children
        ):
            return True  # "If the bid succeeds, X would run Y", "Subject to approval, X would ..."
        if any(  # "Neither A nor B has agreed to fund X"
            c.dep_ in ("nsubj", "nsubjpass") and any(g.lower_ == "neither" for g in c.children)
            for c in v.children
        ):
            return True
    return any(
        c.dep_ in ("dobj", "nsubjpass", "nsubj")
        and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
        for c in tok.children
    )


def _fronted_post_holder(sent: _Sentence, n) -> list[int]:
    """The person a post opening the sentence is held by when the parser reads "Post of X, Jane
    Doe," as Jane Doe in apposition to X."""
    if n.dep_ not in ("nsubj", "ROOT") or any(t.pos_ in ("VERB", "AUX") for t in n.doc[: n.i]):
        return []
    # ("Lead Nurse for X at Acme, Jane Doe, ...": the name may hang on any noun of the post's phrase)
    return [
        sent.entity[g.i]
        for g in n.subtree
        if g.dep_ == "appos"
        and g.head.dep_ == "pobj"
        and g.i in sent.entity
        and sent.kinds[sent.entity[g.i]] == "Person"
    ]


_HEDGING_MODALS = frozenset({"would", "could", "might"})
_PROPOSAL_NOUNS = frozenset({"proposal", "plan", "option", "scenario", "model", "arrangement"})


def _condition(c) -> bool:
    """Is ``c`` a condition on its verb: "if the bid succeeds", "should the bid succeed", "subject
    to approval", "unless ..."?"""
    if c.dep_ == "prep":
        return (
            c.lower_ == "subject"
            or (c.lower_ == "to" and c.head.lower_ == "subject")
            # "Under the proposal, X would run Y": a proposal's terms, not a fact
            or (
                c.lower_ == "under"
                and any(g.dep_ == "pobj" and g.lemma_.lower() in _PROPOSAL_NOUNS for g in c.children)
            )
        )
    return any(
        g.dep_ in ("mark", "aux") and g.lower_ in ("if", "unless", "should", "provided", "were") and g.i < c.i
        for g in c.children
    ) or c.doc[c.left_edge.i].lower_ in ("if", "should", "unless", "subject")


_MERGE_WORDS = frozenset({"merge", "amalgamate", "combine", "merger", "amalgamation", "merging"})


_APART_WORDS = frozenset({"each", "respectively", "separately", "individually", "independently"})


_FORM_VERBS = frozenset({"form", "create", "become"})


def _merge_into_one(v, sent: _Sentence) -> bool:
    """ "A and B have come together to form C" with C a trust, council or other single body (not a
    partnership): a merger, not joint working."""
    for c in v.children:
        if c.dep_ in ("xcomp", "advcl") and c.lemma_.lower() in _FORM_VERBS:
            for g in c.children:
                if g.dep_ in ("dobj", "attr") and g.i in sent.entity:
                    return sent.kinds[sent.entity[g.i]] not in ("Partnership", "Programme")
    return False


def _each_apart(v) -> bool:
    """Does the clause of verb ``v`` (or a clause it hangs from) say its coordinated subjects act
    apart ("each", "respectively"), or become one body ("came together as one organisation")?"""
    h = v
    for _ in range(4):
        for c in h.children:
            if c.lower_ in _APART_WORDS or any(
                g.lower_ in _APART_WORDS for g in c.children if c.dep_ == "nsubj"
            ):
                return True
            if (
                c.dep_ == "prep"
                and c.lower_ == "as"
                and any(
                    g.dep_ == "pobj" and any(m.lower_ in ("one", "single") for m in g.children)
                    for g in c.children
                )
            ):
                return True  # a merger ("as one organisation", "as a single trust"), not joint working
        if h.head.i == h.i or h.dep_ not in ("xcomp", "advcl", "conj", "ccomp", "relcl"):
            break
        h = h.head
    return False


def _merger_stated(v) -> bool:
    """Does the sentence state a merger around verb ``v``: "A and B merged to form C" (``v`` follows
    "merge"), "C was created by the merger of A and B" (the agent is a merger)?"""
    if v.dep_ in ("xcomp", "advcl", "conj") and v.head.lemma_.lower() in _MERGE_WORDS:
        return True
    return any(
        g.lemma_.lower() in _MERGE_WORDS
        for c in v.children
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in ("by", "through", "following", "after"))
        for g in c.children
    )


def _apply(
    rule: Rule, args: dict[str, list[int]], kinds: list[str], sent: _Sentence, role: str | None
) -> Iterator[Found]:
    subjects = [
        e
        for e in args.get(rule.subject, ())
        if kinds[e] in rule.subject_kinds or (rule.plan_means_owner and kinds[e] == "Strategy")
    ]
    objects = list(args.get(rule.object, ()))
    # a borough stands for its council unless a body is named too ("director for Enfield at X")
    if rule.borough_means_council and not any(kinds[e] in rule.object_kinds for e in objects):
        objects = [sent.council.get(e, e) for e in objects]
    objects = [e for e in objects if kinds[e] in rule.object_kinds]
    same = rule.subject == rule.object
    listed = sent.inp.item_of
    both = set(args.get(rule.subject, ())) & set(args.get(rule.object, ())) if not same else set()
    for i, s in enumerate(subjects):
        for o in objects[i + 1 :] if same else objects:
            if s == o or (s in listed and o in listed and not same):
                continue  # two items of one list are not related by being listed together
            if s in both and o in both:
                continue  # names that fill both roles ("in partnership with A, B and C") are not paired
            span = sent.inp.spans
            item = sent.inp.item_of.get(s) or sent.inp.item_of.get(o)
            if item is not None:
                span = (span[0], item[1]) if item[1] - span[0] <= 600 else item
            a, b = (min(s, o), max(s, o)) if rule.predicate in SYMMETRIC else (s, o)
            yield Found(
                a,
                rule.predicate,
                b,
                rule.rule_id,
                rule.confidence,
                span,
                role if rule.predicate == "hasRole" else None,
            )


def _verbless_trigger(parsed, index: dict[tuple[str, str], list[Rule]]) -> bool:
    """True when the parse has no verb at its root but a word that could be a trigger verb
    ("funds", "commissions") was read as a noun between two actors."""
    if any(
        t.dep_ == "compound"
        and t.text == _DEFAULT_STAND_IN
        and t.i + 2 < len(parsed)
        and parsed[t.i + 1].dep_ == "compound"
        and parsed[t.i + 1].lower_.endswith("s")
        and ("verb", parsed[t.i + 1].lemma_.lower()) in index
        and parsed[t.i + 2].text == _DEFAULT_STAND_IN
        for t in parsed
    ):  # "Acme commissions Acme to run Acme": the trigger verb read as a noun between two names
        return True
    if any(
        t.dep_ == "compound"
        and t.text == _DEFAULT_STAND_IN
        and t.i + 2 < len(parsed)
        and parsed[t.i + 1].pos_ == "NOUN"
        and parsed[t.i + 1].i == t.head.i
        and ("verb", parsed[t.i + 1].lemma_.lower()) in index
        and parsed[t.i + 2].lower_ in ("by", "jointly", "together")
        for t in parsed
    ):  # "the Acme run by Acme": a participle read as a noun the name modifies
        return True
    if any(t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") for t in parsed):
        return False
    return any(
        t.pos_ in ("NOUN", "PROPN") and t.lower_.endswith("s") and ("verb", t.lemma_.lower()) in index
        for t in parsed
        if 0 < t.i < len(parsed) - 1
    )


def _drop_vectors(parsed) -> None:
    """Forget the word vectors a parse was computed from (about 10 KB a sentence): no rule reads them."""
    parsed.tensor = parsed.tensor[:0].copy()  # an empty array of the same kind (a slice would keep the rest)


class ParseCache:
    """The parses of the last ``size`` distinct input strings of this process (least recently used
    dropped first). A parse depends on its text alone: spaCy's result for a text is the same
    whether it is parsed alone or in a batch with other texts (checked over every input of the
    development, seed, held-out and generated documents), and the rules only read the parses.
    Inputs repeat because every actor stands in as one word ("Acme funds Acme."); the ``hits`` and
    ``misses`` counters say how much was reused. A parse is kept without its word vectors
    (``Doc.tensor``), so a full cache holds about 4 KB a sentence."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._docs: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def parse(self, texts: list[str]) -> list:
        """The parse of every text, in order; the texts not cached are parsed in one batch."""
        with self._lock:
            out: list = [self._docs.get(t) for t in texts]
            todo = list(dict.fromkeys(t for t, d in zip(texts, out, strict=True) if d is None))
            self.hits += len(texts) - len(todo)
            self.misses += len(todo)
            for t in texts:
                if t in self._docs:
                    self._docs.move_to_end(t)
        parsed = dict(zip(todo, parser().pipe(todo), strict=True)) if todo else {}
        for d in parsed.values():
            _drop_vectors(d)
        with self._lock:
            for t, d in parsed.items():
                self._docs[t] = d
                self._docs.move_to_end(t)
            while len(self._docs) > self.size:
                self._docs.popitem(last=False)
        return [d if d is not None else parsed[t] for t, d in zip(texts, out, strict=True)]

    def __contains__(self, text: str) -> bool:
        return text in self._docs

    def clear(self) -> None:
        with self._lock:
            self._docs.clear()
            self.hits = self.misses = 0


PARSES = ParseCache()


def parse_texts(texts: list[str]) -> list:
    """The dependency parses of ``texts`` (from :data:`PARSES` when seen before)."""
    return PARSES.parse(texts)


PREFILTER = True  # False: parse every input (the prefilter's tests compare both ways)


def _filter_args(
    inp: _Input,
    kinds: list[str],
    council: dict[int, int],
    recent: int | None,
    home: int | None = None,
    author: int | None = None,
) -> tuple[str, set[str], set[str], str | None]:
    """What :meth:`TriggerFilter.may_fire` reads of an input: its text, the kinds of the actors
    standing in it, the kinds of the councils its boroughs stand for, and the kind of the
    commissioning body named before it."""
    ents = {*inp.entity_at.values(), *inp.list_entities}
    return (
        inp.text,
        {kinds[e] for e in ents}
        | ({"LocalAuthority"} if home is not None and _COUNCIL_POST.search(inp.text) else set())
        | ({kinds[author]} if author is not None and "Person" in {kinds[e] for e in ents} else set()),
        {kinds[council[e]] for e in ents if e in council},
        kinds[recent] if recent is not None else None,
    )


def relations(
    doc: DocModel, slots: list[list[Slot]] | None = None, notes: list[str] | None = None
) -> list[Found]:
    """Every relation the rules find in the parsed units of ``doc``; at most
    :data:`MAX_PARSED_WORDS` words are parsed, and ``notes`` gets a line when more were left out."""
    if slots is None:
        slots = [
            [Slot(s.start, s.end, s.entity, "name") for s in doc.spans_in(a, b)] for a, b in doc.sentences
        ]
    doc_units = units(doc.text, doc.sentences)
    flat = sorted((s for group in slots for s in group), key=lambda s: (s.start, s.end))
    flat += _listed_people(doc, doc_units)
    flat = sorted(flat + plural_slots(doc, flat) + personal_slots(doc, flat), key=lambda s: (s.start, s.end))
    flat_starts = [x.start for x in flat]
    inputs = [
        inp
        for k, unit in enumerate(doc_units)
        for inp in _inputs(doc, unit, flat, flat_starts, _title_above(doc, doc_units, k, flat, flat_starts))
    ]
    if not inputs:
        return []
    words, kept = 0, 0
    for inp in inputs:
        words += inp.text.count(" ") + 1
        if words > MAX_PARSED_WORDS:
            break
        kept += 1
    if kept < len(inputs):
        if notes is not None:
            notes.append(
                f"{len(inputs) - kept:,} sentence(s) over {MAX_PARSED_WORDS:,} parsed words left unparsed"
            )
        inputs = inputs[:kept]
    index = rules_by_trigger()
    council = _councils(doc)
    found: list[Found] = []
    kinds = [e.kind for e in doc.entities]
    commissioners = [
        (x.start, x.entity)
        for x in flat
        if doc.entities[x.entity].kind in _COMMISSIONER_KINDS and x.how != "author"
    ]
    starts = [c[0] for c in commissioners]
    recents = []
    for inp in inputs:
        k = bisect.bisect_left(starts, inp.spans[0]) - 1
        recents.append(commissioners[k][1] if k >= 0 else None)
    author = next((x.entity for x in flat if x.how == "author"), None)
    regional = _regional_authorities(doc)
    kinds = [e.kind for e in doc.entities]  # the regional authority may have been added
    home = home_body(doc)
    if (
        author is None
        and home is not None
        and (
            kinds[home] in ("Partnership", "Organisation")
            or (kinds[home] in ("ICB", "NHSTrust", "CCG", "NationalBody") and _papers_heading(doc, home))
        )
    ):
        # a committee's or board's own papers ("The Chair, Councillor Jane Doe, welcomed ..."), or an
        # ICB's or trust's minutes or board page: its posts are its own, as on a page that says "we"
        author = home
    if home is not None and kinds[home] != "LocalAuthority":
        home = None  # only a council's own papers name its posts without naming it
    if PREFILTER:  # an input no rule could fire on is not parsed (kg/extractors/triggers.py)
        check = trigger_filter()
        keep = [
            inp.text in PARSES
            or check.may_fire(*_filter_args(inp, kinds, council | regional, recent, home, author))
            for inp, recent in zip(inputs, recents, strict=True)
        ]  # a parse at hand costs nothing: the rules read it (and find nothing if none could fire)
        inputs = [inp for inp, k in zip(inputs, keep, strict=True) if k]
        recents = [r for r, k in zip(recents, keep, strict=True) if k]
    for parsed, inp, recent in zip(parse_texts([i.text for i in inputs]), inputs, recents, strict=True):
        if inp.text.rstrip().endswith("?"):
            continue  # "Is the X service run by the council?": a question states nothing
        if _verbless_trigger(parsed, index) or any(
            t.idx in inp.entity_at
            and (t.pos_ == "VERB" or any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children))
            for t in parsed
        ):  # (or a stand-in read as a verb: "Acme chairs the Acme", "Acme chief executive Acme
            # thanked", "award the contract for the Acme to Acme")
            parsed = parse_texts([inp.text.replace(_DEFAULT_STAND_IN, _SECOND_STAND_IN)])[0]
        found.extend(
            _matches(doc, _Sentence(parsed, inp, kinds, council, recent, home, regional, author), index)
        )
    found.extend(_member_lists(doc, doc_units, flat))
    found.extend(_partner_lines(doc, doc_units, flat))
    found = _plans_to_owners(doc, found)
    # a person with an office in a body is not also listed as a plain member of it
    roles = {(f.subject, f.object, f.sentence) for f in found if f.predicate == "hasRole"}
    found = [
        f for f in found if not (f.predicate == "memberOf" and (f.subject, f.object, f.sentence) in roles)
    ]
    _councils_named(doc, council, found)
    found = [f for f in found if not (f.predicate == "hasRole" and _in_anothers_brackets(doc, f))]
    # an integrated care board is a part of its system, not a member of it (as the gold reads it);
    # a company or charity "part of" a partnership is one of its members (a committee is a part)
    return [
        Found(f.subject, "partOf", f.object, f.rule, f.confidence, f.sentence, f.role)
        if f.predicate == "memberOf"
        and kinds[f.subject] in ("ICB", "Partnership")
        and kinds[f.object] == "ICS"
        # a service "is a partnership between A and B": A and B run it together
        else Found(f.subject, "runs", f.object, f.rule, f.confidence, f.sentence, f.role)
        if f.predicate in ("memberOf", "partOf")
        and kinds[f.object] == "Programme"
        and kinds[f.subject] in ORG_KINDS
        # ("X is also part of the service": a body taking part in a service helps run it; a
        # committee or unit is part of what it belongs to)
        and (f.predicate == "memberOf" or doc.entities[f.subject].name.split()[-1].lower() not in _PART_HEADS)
        else Found(f.subject, "memberOf", f.object, f.rule, f.confidence, f.sentence, f.role)
        if f.predicate == "partOf"
        and kinds[f.subject] == "Organisation"
        and kinds[f.object] in ("Partnership", "ICS")
        and doc.entities[f.subject].name.split()[-1].lower() not in _PART_HEADS
        else f
        for f in found
    ]


def _in_anothers_brackets(doc: DocModel, f: Found) -> bool:
    """Is every mention of the body in ``f``'s sentence inside brackets that follow another person's
    name ("A (Chair, X) and B (Head of Engagement, Y)": Y is B's, never A's)?"""
    s0, s1 = f.sentence
    spans = [sp for sp in doc.spans_in(s0, s1) if sp.entity == f.object]
    if not spans:
        return False
    for sp in spans:
        opened = doc.text.rfind("(", s0, sp.start)
        if opened < 0 or ")" in doc.text[opened : sp.start]:
            return False
        before = s0 + len(doc.text[s0:opened].rstrip())
        owner = [
            x for x in doc.spans_in(s0, before) if x.end == before and doc.entities[x.entity].kind == "Person"
        ]
        if not owner or owner[0].entity == f.subject:
            return False
    return True


# the last words of names that are a body's parts, not members ("the Riverside Board is part of X")
_PART_HEADS = frozenset(
    {
        "board",
        "committee",
        "subcommittee",
        "sub-committee",
        "group",
        "subgroup",
        "sub-group",
        "panel",
        "forum",
        "team",
        "unit",
        "workstream",
        "programme",
        "service",
        "hub",
        "centre",
        "office",
        "directorate",
        "division",
        "department",
    }
)


def _plans_to_owners(doc: DocModel, found: list[Found]) -> list[Found]:
    """A strategy that "commits to working with X" speaks for the body that publishes it: the
    relation is the publisher's when the document names exactly one, and is dropped otherwise."""
    owners: dict[int, set[int]] = {}
    for f in found:
        if f.predicate == "publishes":
            owners.setdefault(f.object, set()).add(f.subject)
    out = []
    speaking = {r.rule_id for r in load_rules() if r.plan_means_owner}
    for f in found:
        plan, other = f.subject, f.object
        if f.predicate in SYMMETRIC and doc.entities[plan].kind != "Strategy":
            plan, other = other, plan  # a symmetric relation keeps its ends in index order
        if f.rule not in speaking or doc.entities[plan].kind != "Strategy":
            out.append(f)
            continue
        owner = owners.get(plan, set())
        if len(owner) == 1 and (o := next(iter(owner))) != other:
            a, b = (min(o, other), max(o, other)) if f.predicate in SYMMETRIC else (o, other)
            out.append(Found(a, f.predicate, b, f.rule, f.confidence, f.sentence, f.role))
    return out


# words a role or membership noun can be "of" and still say who holds it
_LEAD_VERBS = frozenset({"lead", "head", "run", "chair", "coordinate"})
# verbs whose counted plural object introduces a list below ("We run three services for adults:")
_LIST_OBJECT_VERBS = frozenset(
    {"run", "offer", "provide", "deliver", "operate", "commission", "fund", "manage", "have"}
)
_DELIVERY_VERBS = frozenset({"deliver", "run", "provide", "operate", "offer", "manage", "staff"})
_THING_KINDS = frozenset({"Programme", "Strategy", "Funding", "Organisation", "Partnership"})
_AREA_PREPS = frozenset({"in", "across", "throughout", "within"})
_JOIN_VERBS = frozenset({"join", "rejoin"})
_HELP_NOUNS = frozenset({"help", "support", "input", "advice", "assistance", "feedback", "guidance"})
_AGREEMENT_NOUNS = frozenset({"contract", "agreement", "arrangement", "deal", "subcontract"})
_SITED_VERBS = frozenset({"base", "locate", "headquarter", "situate", "house", "register"})
_CARE_NOUNS = frozenset({"service", "care", "healthcare", "support", "provision", "treatment"})
_SERVICE_NOUNS = frozenset({"service", "programme", "program", "scheme", "project", "initiative"})
_GIVER_NOUNS = frozenset(
    {"funder", "sponsor", "donor", "backer", "co-funder", "provider", "operator", "deliverer", "runner"}
)


def _is_money(tok) -> bool:
    """A sum or a grant: "funding", "£200,000", "£2m"."""
    return (
        tok.lemma_.lower() in MONEY_NOUNS
        or tok.lower_ in MONEY_NOUNS  # "supported by funding from X" ("funding" read as a verb)
        or any(g.text in ("£", "$", "€") for g in tok.subtree)
    )


# people at work who stand for the body they come from ("delivered with midwives from X")
_WORKER_NOUNS = PROFESSIONS | {
    "physiotherapist",
    "visitor",
    "volunteer",
    "worker",
    "practitioner",
    "specialist",
    "coach",
    "adviser",
    "advisor",
    "clinician",
    "expert",
    "officer",
    "representative",
    "councillor",  # "Councillors from A and B sit on X": A and B
    "delegate",
    "researcher",
    "academic",
    "scientist",
    "staff",
    "team",
    "analyst",
    "counsellor",
    "counselor",
    "mentor",
    "navigator",
    "befriender",
}
_QUANTITY_WORDS = frozenset(
    {"most", "some", "all", "much", "part", "half", "share", "bulk", "majority", "rest"}
)
_MONEY_WORDS = frozenset({"funding", "grant", "investment", "money", "donation", "backing"})
_POPULATION_NOUNS = frozenset(
    {
        "anyone",
        "everyone",
        "patient",
        "people",
        "resident",
        "family",
        "child",
        "adult",
        "carer",
        "community",
        "household",
        "person",
        "population",
        "woman",
        "man",
        "mother",
        "baby",
        "pupil",
        "student",
        "worker",
        "londoner",
        "client",
        "tenant",
        "survivor",
        "veteran",
        "teenager",
        "youngster",
        "girl",
        "boy",
    }
)


def _has_population_object(verb) -> bool:
    """Does a verb act on people: "treats patients", "sees around 900 young people"?"""
    for c in verb.children:
        if c.dep_ == "dobj" and c.lemma_.lower() in _POPULATION_NOUNS:
            return True
        if (
            c.dep_ == "prep"
            and c.lower_ in ("around", "about", "over", "some", "nearly", "almost", "with")
            and any(g.dep_ == "pobj" and g.lemma_.lower() in _POPULATION_NOUNS for g in c.children)
        ):
            return True
    return False


_MAYOR = re.compile(r"(?i)\bmayor\b")
# the posts a body's own page names without naming the body
# a heading that says the document is a body's own papers: minutes, a meeting, its board or register
_PAPERS_HEADING = re.compile(
    r"\b(?:Minutes|Meeting|Agenda|Our board|Board of Directors|Trust Board|Register of)\b"
)


def _papers_heading(doc: DocModel, home: int) -> bool:
    """Does the heading line that names the document's home body say these are its own papers?"""
    span = next((x for x in doc.sorted_spans() if x.entity == home), None)
    if span is None:
        return False
    end = doc.text.find("\n", span.end)
    if end != -1 and not doc.text[span.end : end].strip(" #*:-\u2013\u2014"):
        # the name alone on its line: the line below says what the papers are ("Minutes of ...")
        below = doc.text.find("\n", end + 1)
        end = below if below != -1 else len(doc.text)
    return bool(_PAPERS_HEADING.search(doc.text, span.end, end if end != -1 else len(doc.text)))


_OWN_POST = re.compile(
    r"(?i)(?:(?:interim|acting|deputy|joint|executive|non-executive|vice)[ -])?"
    r"(?:chief executive(?: officer)?|chair|chairman|chairwoman|chairperson|vice-chair|co-chair|president"
    r"|treasurer|secretary|(?:\w+ )?director(?: of [\w ,&]+)?|chief [\w ]+ officer|head of [\w ,&]+)"
)
_COUNCIL_POST = re.compile(r"(?i)\b(?:cabinet member|lead member|portfolio holder|deputy leader)\b")
_TOGETHER_VERBS = frozenset({"merge", "amalgamate", "combine"})
_ROLE_CARRIERS = {
    "one",
    "each",
    "post",
    "role",
    "position",
    "job",
    "office",
    "rank",
    "award",
}  # (and "the award of a contract")
_COMMISSIONER_KINDS = {"ICB", "ICS", "CCG", "LocalAuthority", "NationalBody"}
_MEMBER_LEAD = re.compile(
    r"(?i)\b(?:members?|membership|representatives?|made up of|comprises?|consists? of)\b"
)
_GROUP_KINDS = {"Partnership", "ICS", "ICB"}
_MEMBERS_ARE = re.compile(r"(?i)\bmembers\s+(?:are|include|comprise)\s*:\s*$")
MEMBER_LIST_RULE = "memberOf.member-list.v1"
PARTNER_LINES_RULE = "memberOf.partner-lines.v1"


def _member_lists(doc: DocModel, doc_units: list[Unit], flat: list[Slot]) -> list[Found]:
    """A list of bodies under a lead-in about membership ("Members are drawn from:") that names no
    group itself: each listed body is a member of the group the text was just speaking of (the
    last partnership, board or system named in the two units before)."""
    out: list[Found] = []
    for k, unit in enumerate(doc_units):
        if len(unit.items) < 2 or not _MEMBER_LEAD.search(doc.text, unit.start, unit.end):
            continue
        lead = [x for x in flat if unit.start <= x.start and x.end <= unit.end]
        named = [x for x in lead if doc.entities[x.entity].kind in _GROUP_KINDS]
        if named and _MEMBERS_ARE.search(doc.text, unit.start, unit.end):
            group = named[-1].entity  # "Its members are:" / "- A" / "- B": the list completes the lead-in
        elif named:
            continue  # the lead-in names its group: the parse reads it
        else:
            earlier_start = doc_units[max(0, k - 2)].start
            before = [
                x
                for x in flat
                if earlier_start <= x.start
                and x.end <= unit.start
                and doc.entities[x.entity].kind in _GROUP_KINDS
            ]
            if not before:
                continue
            group = before[-1].entity
        for s, e in unit.items:
            first = [x for x in flat if s <= x.start and x.end <= e]
            if (
                not first
                or doc.text[s : first[0].start].strip(" -\u2022\u00b7*\t")
                or doc.entities[first[0].entity].kind not in ORG_KINDS
            ):
                continue  # the item must open with the body's name
            member = first[0].entity
            if member != group:
                span = (unit.start, e) if e - unit.start <= 600 else (s, e)
                out.append(Found(member, "memberOf", group, MEMBER_LIST_RULE, 0.6, span))
    return out


_PARTNERS_HEADING = re.compile(
    r"(?i)\s*(?:our\s+)?(?:partners|members|member\s+organisations|partner\s+organisations)\s*:?\s*\Z"
)
_LABELLED_LINE = re.compile(r"[^:\n]{2,40}:\s")


def _partner_lines(doc: DocModel, doc_units: list[Unit], flat: list[Slot]) -> list[Found]:
    """Under a heading "Our partners" (or "Members"), lines such as "NHS trusts: A; B; C": each body
    listed is a member of the one integrated care system the document names, or else of the
    partnership the text named last before the heading."""
    out: list[Found] = []
    heading_at = None
    group = None
    for k, unit in enumerate(doc_units):
        text = doc.text[unit.start : unit.end]
        if _PARTNERS_HEADING.fullmatch(text):
            heading_at = k
            earlier = doc_units[max(0, k - 4)].start
            before = [
                x
                for x in flat
                if earlier <= x.start
                and x.end <= unit.start
                and doc.entities[x.entity].kind in ("ICS", "Partnership")
            ]
            systems = {x.entity for x in flat if doc.entities[x.entity].kind == "ICS"}
            # an integrated care system's partners are members of that system, the one the document
            # names; else the partnership named last before the heading
            group = systems.pop() if len(systems) == 1 else (before[-1].entity if before else None)
            continue
        if heading_at is None or group is None or k - heading_at > 6:
            continue
        if not _LABELLED_LINE.match(text):
            if unit.heading:
                heading_at = None  # another section
            continue
        for x in flat:
            if (
                unit.start <= x.start
                and x.end <= unit.end
                and doc.entities[x.entity].kind in ORG_KINDS
                and x.entity != group
            ):
                out.append(
                    Found(x.entity, "memberOf", group, PARTNER_LINES_RULE, 0.6, (unit.start, unit.end))
                )
    return out


def _councils_named(doc: DocModel, council: dict[int, int], found: list[Found]) -> None:
    """Where a borough's name stood for its council in a stated relation, the name in that
    sentence names the council (so "Cllr Doe (Lambeth)" yields the council, not the place)."""
    used = {(f.object, f.sentence) for f in found if f.object in council.values()}
    if not used:
        return
    for span in list(doc.spans):
        c = council.get(span.entity)
        if c is None:
            continue
        if any(start <= span.start and span.end <= end for (obj, (start, end)) in used if obj == c):
            doc.remove_span(span)
            doc.add_span(span.start, span.end, c, span.rule)


_ITEM_PERSON = re.compile(
    r"(?:[-\u2022\u00b7*]\s*)?(?:(?:Councillor|Cllr\.?|Dr\.?|Mayor|Deputy|Professor|Prof\.?|Sir|Dame|Mr|Mrs|Ms)\s+)?"
    r"([A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?(?:\s+(?:[A-Z]\.?|Van|van|de|De|Mc[A-Z][a-z]+|[A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?)){1,2}),\s+\S"
)


def _listed_people(doc: DocModel, doc_units: list[Unit]) -> list[Slot]:
    """Items of a list that open with a name and a comma ("Jane Doe, Acme Trust") are people when
    the list's items are lines of that shape and at least one of them is already known as a person."""
    out: list[Slot] = []
    for unit in doc_units:
        if len(unit.items) < 2:
            continue
        shaped = [m for s, e in unit.items if (m := _ITEM_PERSON.match(doc.text, s)) and m.end() <= e]
        if len(shaped) < 2 or len(shaped) * 2 < len(unit.items):
            continue
        known = [
            m
            for m in shaped
            if any(doc.entities[x.entity].kind == "Person" for x in doc.overlapping(m.start(1), m.end(1)))
        ]
        if not known:
            continue
        for m in shaped:
            a, b = m.start(1), m.end(1)
            if not doc.free(a, b):
                continue
            ent = doc.entity_for_name("Person", doc.text[a:b], "person.list-item.v1")
            doc.add_span(a, b, ent, "person.list-item.v1")
            out.append(Slot(a, b, ent, "name"))
    return out


def _councils(doc: DocModel) -> dict[int, int]:
    """Borough entity -> its council's entity (the register keys them by the same GSS code)."""
    register = doc.register
    out: dict[int, int] = {}
    if register is None:
        return out
    for i, ent in enumerate(list(doc.entities)):
        if ent.kind == "Borough" and ent.key and ent.key.startswith("gss:"):
            council = "la:" + ent.key[4:]
            if council in register.entries:
                out[i] = doc.entity_for_key(council, register)
    return out


def _regional_authorities(doc: DocModel) -> dict[int, int]:
    """London (the region) -> the Greater London Authority, for the Mayor's posts."""
    register = doc.register
    out: dict[int, int] = {}
    for i, ent in enumerate(list(doc.entities)):
        if (
            register is not None
            and ent.key in _REGIONAL_AUTHORITY
            and _REGIONAL_AUTHORITY[ent.key] in register.entries
        ):
            out[i] = doc.entity_for_key(_REGIONAL_AUTHORITY[ent.key], register)
    return out


# the Mayor of London's posts are the Greater London Authority's ("the Mayor of London, Jane Doe")
_REGIONAL_AUTHORITY = {"gss:E12000007": "ref:greater-london-authority"}
