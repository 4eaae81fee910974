"""Mentions of one document: register names, acronyms the text defines, names the register
does not know (organisations, programmes, strategies, partnerships, people, places), and
document-level aliases (surnames, short forms).

The result is a :class:`DocModel`: the document's entities and every span that names one,
which the relation rules then read sentence by sentence.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.extractors.gazetteer import Gazetteer
from kg.extractors.lexicon import (
    BRANCH_BRANDS,
    COMPANY_SUFFIXES,
    CONNECTORS,
    GENERIC_MODIFIERS,
    HEADS,
    HONORIFICS,
    LOWER_HEADS,
    NOT_NAME_START,
    PART_GROUPS,
    ROLE_WORDS,
    WEAK_HEADS,
)
from kg.extractors.model import plural_of_common_noun
from kg.extractors.structure import NAMES_LIST_HEADING, units
from kg.extractors.tables import NAME_COLUMN_KINDS, Table, tables
from kg.extractors.text import fold_for_match, sentence_spans
from kg.ids import entity_iri, key_iri, normalise_name
from kg.seeds import Register

ORG_KINDS = {"ICB", "ICS", "CCG", "NHSTrust", "LocalAuthority", "NationalBody", "Organisation", "Partnership"}
ACTOR_KINDS = ORG_KINDS | {"Programme", "Strategy", "Person", "Funding"}
PLACE_KINDS = {"Place", "Borough"}

_TOKEN = re.compile(
    # an item number glued to the next word is a token of its own ("3.2Councillor Jane Doe")
    r"[0-9](?:[0-9.]*[0-9])?(?=[A-Z][a-z])"
    r"|[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'\u2019&.-]*[A-Za-z0-9\u00c0-\u024f]|[A-Za-z0-9]|&|\+(?= )"
)


_CCG_LONG = re.compile(r"(?i)\bclinical commissioning group$")
_SHORT_HEADS = ((re.compile(r" ccg$"), " clinical commissioning group"),)


def _same_name(name: str) -> str:
    """The form under which two names of one document are one actor ("X CCG" = "X Clinical
    Commissioning Group")."""
    text = normalise_name(name)
    for short, long in _SHORT_HEADS:
        text = short.sub(long, text)
    return text


# kg.ids.normalise_name of the names met before (the same names come back in every document)
normalised = functools.lru_cache(maxsize=1 << 16)(normalise_name)


@dataclass
class DocEntity:
    """An actor named in the document."""

    key: str | None  # register key, or None for an actor the register does not know
    kind: str
    name: str
    surfaces: list[str] = field(default_factory=list)
    rule: str = "gazetteer.v1"

    @property
    def iri(self) -> str:
        return key_iri(self.key) if self.key else entity_iri(self.kind, self.name)

    def add_surface(self, surface: str) -> None:
        if surface not in self.surfaces:
            self.surfaces.append(surface)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    entity: int  # index into DocModel.entities
    rule: str


@dataclass
class DocModel:
    text: str
    register: Register | None
    folded: str
    sentences: list[tuple[int, int]]
    entities: list[DocEntity] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    by_norm: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, normalised name) -> entity
    by_key: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, int] = field(default_factory=dict)  # doc-level alias text -> entity
    described: dict[int, set[str]] = field(
        default_factory=dict
    )  # entity -> what the text calls it ("charity")
    branches: dict[int, int] = field(default_factory=dict)  # a body's regional branch -> the body
    _starts: list[int] = field(default_factory=list)
    lower_words: frozenset[str] | None = None  # words the document writes in lower case
    all_lower: frozenset[str] | None = None  # every word written in lower case somewhere
    tables: list[Table] | None = None  # the text's tables (found once, see doc_tables)

    def entity_for_key(self, key: str, register: Register) -> int:
        if key in self.by_key:
            return self.by_key[key]
        entry = register.entries[key]
        self.entities.append(DocEntity(key, entry.kind, entry.name))
        self.by_key[key] = len(self.entities) - 1
        return self.by_key[key]

    def entity_for_name(self, kind: str, name: str, rule: str, register: Register | None = None) -> int:
        register = register or self.register
        target = register.same_as(kind, name) if register is not None else None
        if target is not None:
            if target in register.entries:  # reviewed: this name is a register actor
                ent = self.entity_for_key(target, register)
                self.entities[ent].add_surface(name)
                return ent
            kind, _, name = target.partition(":")
        if kind in ("CCG", "Organisation") and _CCG_LONG.search(name):
            kind = "CCG"  # "... Clinical Commissioning Group" is the long form of "... CCG"
        if name in self.aliases and (name.isupper() or name.split()[0].isupper()):
            # "RGCAN is funded by ...", "ARC North Thames": a short form the text defined
            return self.aliases[name]
        norm = (kind, _same_name(name))
        if norm in self.by_norm:
            return self.by_norm[norm]
        if kind in _ONE_NAME_KINDS:
            # one name, one actor: "Breathe Easy Brent" read as a programme in one place and, with no
            # head noun to go by, as an organisation in another is one entity, of the kind read first
            # unless that was the fallback ("Organisation")
            for other in _ONE_NAME_KINDS - {kind}:
                idx = self.by_norm.get((other, norm[1]))
                if idx is None:
                    continue
                if other == "Organisation" and kind != "Organisation":
                    self.entities[idx].kind = kind
                    self.by_norm[norm] = idx
                return idx
        # a person named once in full and once with a middle initial or title is one person
        self.entities.append(DocEntity(None, kind, name, rule=rule))
        self.by_norm[norm] = len(self.entities) - 1
        return self.by_norm[norm]

    # spans never overlap and are kept sorted by start, so lookups are binary searches

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)
        return i == 0 or self.spans[i - 1].end <= start

    def add_span(self, start: int, end: int, entity: int, rule: str) -> bool:
        if not self.free(start, end):
            return False
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self.spans.insert(i, Span(start, end, entity, rule))
        self.entities[entity].add_surface(self.text[start:end])
        return True

    def remove_span(self, span: Span) -> None:
        i = bisect.bisect_left(self._starts, span.start)
        del self._starts[i]
        del self.spans[i]

    def spans_in(self, start: int, end: int) -> list[Span]:
        """The spans that lie within [start, end)."""
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end)
        return [s for s in self.spans[i:j] if s.end <= end]

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The spans that share a character with [start, end)."""
        i = max(0, bisect.bisect_left(self._starts, start) - 1)
        j = bisect.bisect_left(self._starts, end)
        return [s for s in self.spans[i:j] if s.end > start]

    def relabel(self, old: int, new: int) -> None:
        self.spans = [Span(s.start, s.end, new, s.rule) if s.entity == old else s for s in self.spans]
        self.aliases = {k: (new if v == old else v) for k, v in self.aliases.items()}

    def sorted_spans(self) -> list[Span]:
        return self.spans


_ONE_NAME_KINDS = frozenset({"Organisation", "Programme", "Partnership", "Strategy", "Funding"})


# company suffixes written in lower case that still end a name ("Marlowe Logistics plc")
_LOWER_SUFFIXES = frozenset({"plc", "ltd"})


class Token:
    """A word of a sentence with its offsets; its lower-case form and capitalisation computed once."""

    __slots__ = ("text", "start", "end", "lower", "capitalised", "name_word")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.name_word: int | None = None  # where it can stand in a person's name (_name_tokens)
        self.lower = text.lower().replace("\u2019", "'")
        self.capitalised = (
            text[:1].isupper()
            or text in _LOWER_SUFFIXES
            or (
                not text.islower()
                and not text.isdigit()
                and any(c.isalpha() for c in text)
                and (any(c.isupper() for c in text) or any(c.isdigit() for c in text))
            )
        )

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


def tokens(text: str, start: int, end: int) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


# ---------------------------------------------------------------- 1. register names


def add_register_mentions(doc: DocModel, gazetteer: Gazetteer) -> None:
    register = gazetteer.register
    pending: list[tuple[int, int, tuple]] = []
    for m in gazetteer.matches(doc.text, doc.folded):
        start = m.start
        if doc.folded.startswith("the ", start) and m.end - start > 4:
            start += 4
        if _continues_name(doc.text, start, m.end):
            continue  # "Healthwatch Newham" is not Healthwatch England
        if not any(c.kind in PLACE_KINDS for c in m.candidates) and (
            _name_goes_back(doc.text, start)
            or (
                # a name written with its article ("The Health Foundation") that a line or sentence
                # opens without it, after another capitalised word: "Bankside Health Foundation"
                not doc.folded.startswith("the ", m.start)
                and all(register.entries[c.key].name.startswith("The ") for c in m.candidates)
                and _name_goes_back(doc.text, start, opening=True)
                and not _opening_word_common(doc, start)
            )
        ):
            continue  # "Sutton Mental Health Foundation" is not the Health Foundation
        nxt = _NEXT_WORD.match(doc.text, m.end)
        if (
            nxt
            and nxt.group(1).lower() in OTHER_BODY_HEADS
            and not any(
                register.entries[c.key].name.lower().endswith(nxt.group(1).lower()) for c in m.candidates
            )
        ):
            continue  # "<Trust> Foundation", "<Hospital> Charity": another body, named by open detection
        if (
            nxt
            and all(c.kind == "Place" for c in m.candidates)
            and (nxt.group(1).lower() in HEADS or nxt.group(1).lower() in PLACE_NAMED_BODIES)
        ):
            continue  # "Mile End Hospital", "Tooting Health Centre": a body named after the place
        named = _NAME_THEN_HEAD.match(doc.text, m.end)
        if (
            named
            and all(c.kind in PLACE_KINDS for c in m.candidates)
            and named.group(1).split()[-1].lower() in HEADS
        ):
            continue  # "Sutton Mental Health Foundation": a body named after the place
        joined = _PLACES_JOINED_THEN_HEAD.match(doc.text, m.end)
        if (
            joined
            and all(c.kind in PLACE_KINDS for c in m.candidates)
            and joined.group(1).split()[-1].lower() in HEADS
        ):
            continue  # "Greenwich & Bexley Community Hospice": places joined into a body's name
        if doc.text[start : m.end] == "England" and all(c.kind in PLACE_KINDS for c in m.candidates):
            body = _WORDS_BEFORE.search(doc.text, max(0, start - 40), start)
            if body and not any(
                w.lower() in NOT_NAME_START
                or w.lower() in CONNECTORS
                or _is_place_name(w.lower())
                or w.lower() in _NOT_A_BODY_BEFORE_COUNTRY
                for w in body.group(1).split()
            ):
                # "Sport England", "Arts Council England": a national body the register does not know
                a = body.start(1)
                if doc.free(a, m.end):
                    name = doc.text[a : m.end]
                    doc.add_span(
                        a, m.end, doc.entity_for_name("NationalBody", name, "open-name.v1"), "open-name.v1"
                    )
                continue
        if _COMPASS_BEFORE.search(doc.text, max(0, start - 20), start) and all(
            c.kind == "Place" for c in m.candidates
        ):
            continue  # "East Kent" is a place of its own, found by the compass rule
        if (
            not any(c.kind in PLACE_KINDS for c in m.candidates)
            and _PLACE_PAIR.fullmatch(doc.text, start, m.end)
            and (
                _PLACE_CONTEXT_BEFORE.search(doc.text, max(0, start - 40), start)
                or _PLACE_CONTEXT_AFTER.match(doc.text, m.end)
            )
        ):
            # "residents of Lewisham and Greenwich": the two places, not the body whose short name
            # the pair also is
            places = [
                (w.start() + g.start, w.start() + g.end, c)
                for w in _CAP_WORD.finditer(doc.text, start, m.end)
                for g in gazetteer.matches(w.group())
                for c in [x for x in g.candidates if x.kind in PLACE_KINDS][:1]
            ]
            if len(places) == 2:
                for a, b, c in places:
                    doc.add_span(a, b, doc.entity_for_key(c.key, register), "gazetteer.v1")
                continue
        if len(m.candidates) == 1 and not (
            m.candidates[0].alias_kind == "ambiguous" and m.candidates[0].kind not in PLACE_KINDS
        ):
            ent = doc.entity_for_key(m.candidates[0].key, register)
            doc.add_span(start, m.end, ent, "gazetteer.v1")
        else:
            pending.append((start, m.end, m.candidates))
    for start, end, cands in pending:  # ambiguous short forms: a place, or what the text already names
        named = [c for c in cands if c.key in doc.by_key]
        places = [c for c in cands if c.kind in PLACE_KINDS]
        nxt = doc.text[end : end + 20].split()
        pick = None
        if len(named) == 1:
            pick = named[0]
        elif places and not (nxt and nxt[0].lower() in ("icb", "ics", "ccg", "board")):
            pick = places[0]
        if pick is not None:
            doc.add_span(start, end, doc.entity_for_key(pick.key, register), "gazetteer.ambiguous.v1")


# head nouns that, written after a known name, name a different body ("... Foundation" is a charity,
# not the trust whose name it borrows)
OTHER_BODY_HEADS = frozenset(
    {"foundation", "charity", "charities", "college", "university", "institute", "society", "fund", "appeal"}
)
PLACE_NAMED_BODIES = frozenset(
    {
        "hospital",
        "hospitals",
        "clinic",
        "surgery",
        "road",
        "street",
        "station",
        "health",
        "healthcare",
        "medical",
        "community",
        "primary",
        "practice",
        "library",
        "leisure",
        "town",
        "high",
        "park",
    }
)
_PLACE_PAIR = re.compile(r"[A-Z][a-z]+ (?:and|&) [A-Z][a-z]+")
_CAP_WORD = re.compile(r"[A-Z][a-z]+")
# words after which two places joined by "and" are places ("people in A and B"), not a body's short name
_PLACE_CONTEXT_BEFORE = re.compile(
    r"(?i:\b(?:in|across|throughout|within|between|covering|serving|(?:residents|people|patients|population|"
    r"populations|communities|families|carers|boroughs|areas|parts)\s+(?:of|from)))\s+$"
)
_PLACE_CONTEXT_AFTER = re.compile(r"\s+(?:boroughs|councils|residents|areas|communities)\b")
_WORDS_BEFORE = re.compile(r"(?<![\w'\u2019-])([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}) $")
_NOT_A_BODY_BEFORE_COUNTRY = frozenset(
    {
        "in",
        "across",
        "throughout",
        "for",
        "of",
        "all",
        "rest",
        "whole",
        "outside",
        "inside",
        "within",
        "nhs",
        "southern",
        "northern",
        "eastern",
        "western",
        "midlands",
        "england",
        "london",
        "the",
        "and",
        "around",
        "from",
        "to",
    }
)
_COMPASS_BEFORE = re.compile(r"\b(?:North|South|East|West|Central|Mid)(?:[ -](?:East|West))? $")
_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)\b")


_PREV_WORD = re.compile(r"([A-Z][A-Za-z'\u2019-]*)[ ]$")


def _name_goes_back(text: str, start: int, opening: bool = False) -> bool:
    """Is a name preceded, on its line and not at a sentence start, by a capitalised word that is
    part of it (so the register's name is only the tail of a longer one)? With ``opening``, a
    word that opens a sentence, a line or a list item counts too."""
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    if not m:
        return False
    word = m.group(1).lower()
    before = text[max(0, m.start() - 3) : m.start()]
    if not opening and (not before.strip() or before.rstrip()[-1:] in '.;!?\u2022-\u2013("\u201c'):
        return False  # the word opens a sentence, a line or a list item (not a label's value)
    return (
        word not in ROLE_WORDS
        and word not in NOT_NAME_START
        and word not in CONNECTORS
        and word not in HONORIFICS
        and word not in ("nhs", "new", "our", "their", "its", "former")
        and not m.group(1).isupper()
        and not _is_place_name(word)
    )


def _opening_word_common(doc: DocModel, start: int) -> bool:
    """Is the capitalised word just before ``start`` a common word the document also writes in
    lower case ("Yesterday", "Funding"), not a part of a name?"""
    m = _PREV_WORD.search(doc.text, max(0, start - 40), start)
    return m is None or common_opener(doc, Token(m.group(1), m.start(), m.end()))


def _is_place_name(word: str) -> bool:
    return word in _COMPASS or word in (
        "london",
        "england",
        "greater",
        "inner",
        "outer",
        "central",
        "north",
        "south",
        "east",
        "west",
    )


_NAME_THEN_HEAD = re.compile(r"((?:[ ][A-Z][a-z]+){2,3})\b")
_PLACE_LIST_THEN_HEAD = re.compile(
    r"\b([A-Z][a-z]+(?:,[ ]+[A-Z][a-z]+)+,?[ ]+(?:and|&)[ ]+[A-Z][a-z]+)((?:[ ]+[A-Z][A-Za-z]+){2,5})\b"
)


_PLACE_WORDS: dict[int, frozenset[str]] = {}


def _single_word_places(register: Register) -> frozenset[str]:
    """Words of the register's place and borough names ("havering", "redbridge", "barking")."""
    key = id(register)
    if key not in _PLACE_WORDS:
        words = set()
        for surface, k, _kind in register.names():
            if register.entries[k].kind in PLACE_KINDS:
                words |= {w.lower() for w in re.findall(r"[A-Z][a-z]+", surface)}
        _PLACE_WORDS[key] = frozenset(
            words - {"london", "north", "south", "east", "west", "central", "upon", "city"}
        )
    return _PLACE_WORDS[key]


def place_list_names(doc: DocModel, gazetteer: Gazetteer) -> None:
    """ "Barking, Havering and Redbridge Clinical Commissioning Group": a list of place names
    followed by two or more words ending in a head noun is one body's name, not places."""
    register = gazetteer.register
    places = _single_word_places(register)
    for m in _PLACE_LIST_THEN_HEAD.finditer(doc.text):
        words = re.findall(r"[A-Z][a-z]+", m.group(1))
        if sum(w.lower() in places for w in words) < 2 or m.group(2).split()[-1].lower() not in HEADS:
            continue
        starts = [
            m.start() + w.start()
            for w in re.finditer(r"[A-Z][a-z]+", m.group(1))
            if w.group(0).lower() in places
        ]
        end = m.end()
        # the register's own name may start at a later place ("Healthwatch Redbridge, Barking,
        # Havering and Redbridge University Hospitals NHS Trust": the trust's name starts at Barking)
        start = next(
            (
                a
                for a in starts
                if any(g.start == 0 and g.end == end - a for g in gazetteer.matches(doc.text[a:end]))
            ),
            starts[0],
        )
        name = doc.text[start:end]
        if "," in name and doc.free(start, end):
            keys = [
                c.key
                for g in gazetteer.matches(name)
                if g.start == 0 and g.end == len(name)
                for c in g.candidates
            ]
            if len(keys) == 1:  # the register's own name for it
                ent = doc.entity_for_key(keys[0], register)
            else:
                ent = doc.entity_for_name(head_kind(name) or "Organisation", name, "open-name.places.v1")
            doc.add_span(start, end, ent, "open-name.places.v1")


_PLACES_JOINED_THEN_HEAD = re.compile(r"(?:\s+&\s+[A-Z][a-z]+)+((?:\s+[A-Z][a-z]+){1,3})\b")


def _continues_name(text: str, start: int, end: int) -> bool:
    """Is a one-word name followed by a capitalised word that carries the name on?"""
    if " " in text[start:end]:
        return False
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False
    word = m.group(1).lower()
    if _ROLE_OF_NAME_BEFORE.search(text, max(0, start - 40), end + 1):
        return False  # "Mayor of London Sadiq Khan": the office's place, then the holder's name
    return (
        word not in ROLE_WORDS and word not in NOT_NAME_START and word not in HEADS and word not in CONNECTORS
    )


def ics_board_mentions(doc: DocModel, register: Register) -> None:
    """ "<ICS> board" and "<ICS> integrated care board" name the ICS's statutory board."""
    icb_of = {e.ics: e.key for e in register.entries.values() if e.kind == "ICB" and e.ics and not e.end}
    for span in list(doc.spans):
        ent = doc.entities[span.entity]
        if ent.kind != "ICS" or ent.key not in icb_of:
            continue
        m = re.match(r"\s+(integrated care board|board)\b", doc.text[span.end : span.end + 30], re.I)
        if m:
            doc.remove_span(span)
            icb = doc.entity_for_key(icb_of[ent.key], register)
            doc.add_span(span.start, span.end + m.end(), icb, "ics-board.v1")


# ---------------------------------------------------------------- 2. acronyms defined in the text

_PAREN = re.compile(r"\(([^()]{1,80})\)")


def _acronym_long_form(acr: str, words: list[Token]) -> int | None:
    """Index into ``words`` where the long form of ``acr`` starts: the shortest run of words
    before the parenthesis whose content-word initials spell the acronym."""
    letters = [c.lower() for c in acr if c.isalpha()]
    if len(letters) < 2:
        return None
    for n in range(1, min(len(words), len(letters) * 2 + 2) + 1):
        cand = words[-n:]
        if cand[0].lower in CONNECTORS:
            continue
        if _initials(letters, cand):
            return len(words) - n
    return None


def _initials(letters: list[str], words: list[Token]) -> bool:
    """Do the words spell the letters by their initials (connectors may be skipped; a word may
    give two letters, as in "NeoNatal")?"""
    heads = [w.text for w in words]

    def walk(li: int, wi: int) -> bool:
        if wi == len(heads):
            return li == len(letters)
        word = heads[wi]
        lw = word.lower()
        if li < len(letters) and lw[:1] == letters[li]:
            # this word gives its initial, and maybe an inner capital ("NeoNatal")
            if walk(li + 1, wi + 1):
                return True
            inner = [k for k, c in enumerate(word) if k > 0 and c.isupper()]
            for k in inner:
                if li + 1 < len(letters) and word[k].lower() == letters[li + 1] and walk(li + 2, wi + 1):
                    return True
        if lw in CONNECTORS:
            return walk(li, wi + 1)
        return False

    return walk(0, 0)


def acronym_definitions(doc: DocModel, register: Register) -> None:
    """ "Long Name (LN)" and "LN (Long Name)" make LN an alias of the long form for this document."""
    text = doc.text
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        before = text[max(0, m.start() - 200) : m.start()]
        line_start = max(before.rfind("\n"), before.rfind(". "), before.rfind(": "))
        window_start = m.start() - len(before) + line_start + 1
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9&]{1,11}", inner) and sum(c.isupper() for c in inner) >= 2:
            words = tokens(text, window_start, m.start())
            i = _acronym_long_form(inner, words)
            if i is None:
                continue
            start, end = words[i].start, words[-1].end
            _define(doc, register, inner, m.start() + 1, m.start() + 1 + len(inner), start, end)
        else:
            pre = re.search(r"([A-Z][A-Za-z0-9&]{1,11})\s*$", text[window_start : m.start()])
            if not pre or sum(c.isupper() for c in pre.group(1)) < 2:
                continue
            acr = pre.group(1)
            words = tokens(text, m.start() + 1, m.end() - 1)
            if not words:
                continue
            first = [c.lower() for c in acr if c.isalpha()]
            if not _initials(first, words):
                continue
            acr_start = window_start + pre.start(1)
            _define(doc, register, acr, acr_start, acr_start + len(acr), words[0].start, words[-1].end)


_PERSON_INITIALS = re.compile(
    r"[A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?){1,2}"
)


# the last words of the names of laws, regulations and standards
_RULE_WORDS = frozenset(
    {"regime", "act", "regulations", "regulation", "standard", "standards", "tariff", "guidance", "criteria"}
)
# words of minutes and action logs, where people are written with their initials ("Jane Doe (JD)")
_MINUTES_WORDS = re.compile(r"(?i)\b(?:present|apologies|in attendance|minutes|actions?|attendees)\b")


def _initials_of(acr: str, long: str) -> bool:
    return (
        acr.isupper()
        and len(acr) == len(long.split())
        and all(w[0] == c for w, c in zip(long.split(), acr, strict=False))
    )


_AREA_AFTER_ACRONYM = re.compile(r"\)[ \t]+([A-Z][a-z]+(?:[ \t]+(?:and[ \t]+)?[A-Z][a-z]+){0,3})")
_COMPASS_AREA = re.compile(
    r"(?:North|South|East|West|Central)(?:[ \t]+(?:East|West|Central))?[ \t]+[A-Z][a-z]+\b"
)


def _define(
    doc: DocModel, register: Register, acr: str, a_start: int, a_end: int, start: int, end: int
) -> None:
    head = re.match(r"\)\s+([A-Z][a-z]+)\b(?!\s+(?:for|of|on|in|and)\s)", doc.text[a_end : a_end + 40])
    if head and head.group(1).lower() in HEADS and a_start > end and doc.free(start, a_end + head.end()):
        # "the Riverside Voluntary and Community Sector (VCS) Alliance": the head after the
        # brackets ends the body's name; the short form names what the body is of, not the body
        for span in doc.overlapping(start - 2, start - 1):
            if span.end + 1 == start and doc.entities[span.entity].kind in PLACE_KINDS:
                start = span.start
                doc.remove_span(span)
                break
        else:  # capitals before the long form are the rest of the name ("the Croydon ...")
            before = re.search(r"((?:[A-Z][\w'\u2019&-]*\s+){1,4})$", doc.text[max(0, start - 80) : start])
            if before:
                words = before.group(1).split()
                while words and words[0].lower() in NOT_NAME_START:
                    words = words[1:]
                lead = sum(len(w) + 1 for w in words)
                if words and doc.free(start - lead, start):
                    start -= lead
        name = f"{doc.text[start:end]} {head.group(1)}"
        ent = doc.entity_for_name(HEADS[head.group(1).lower()], name, "acronym.v1")
        doc.add_span(start, a_end + head.end(), ent, "acronym.v1")
        doc.aliases.setdefault(name, ent)
        return
    area = _AREA_AFTER_ACRONYM.match(doc.text, a_end)
    if area and a_start > end and head_kind(doc.text[start:end]) in ("Partnership", "Organisation"):
        # "the NIHR Applied Research Collaboration (ARC) North Thames": the area after the brackets
        # ends the name (and "ARC North Thames" is its short form)
        a_area, b_area = area.start(1), area.end(1)
        places = [sp for sp in doc.overlapping(a_area, b_area) if sp.start == a_area]
        if (
            (places and doc.entities[places[0].entity].kind in PLACE_KINDS)
            or _COMPASS_AREA.fullmatch(area.group(1))
            or f"{acr} {area.group(1)}" in doc.text  # ("ARC Kent Surrey Sussex" again later)
        ):
            for sp in doc.overlapping(start, b_area):
                if sp.start < start or sp.end > b_area or doc.entities[sp.entity].key:
                    break  # (a register name, such as "Health Innovation Network (HIN) South London")
            else:
                for sp in doc.overlapping(start, b_area):
                    doc.remove_span(sp)
                b_area = places[0].end if places else b_area
                name = f"{doc.text[start:end]} {doc.text[a_area:b_area]}"
                ent = doc.entity_for_name(
                    head_kind(doc.text[start:end]) or "Organisation", name, "acronym.v1"
                )
                doc.add_span(start, b_area, ent, "acronym.v1")
                short = f"{acr} {doc.text[a_area:b_area]}"
                doc.entities[ent].add_surface(short)
                doc.aliases.setdefault(short, ent)
                doc.aliases.setdefault(name, ent)
                doc.aliases.setdefault(acr, ent)
                return
    # the long form may already be (part of) a known mention: then the acronym is its alias
    for span in doc.overlapping(start, end):
        if span.start <= start and span.end >= end or (start <= span.start and span.end == end):
            ent = span.entity
            break
    else:
        long = doc.text[start:end]
        if _generic(long) and normalise_name(long) not in _GENERIC_SYSTEMS:
            return  # "National Health Service (NHS)": the acronym of a kind of body, not of one body
        if long.split()[0].lower() in _OFFICE_WORDS:
            return  # "Director of Adult Social Services (DASS)": a post's short form, not a body's
        last = long.split()[-1].lower()
        if last.endswith("s") and last not in HEADS and last[:-1] in HEADS:
            return  # "Sustainability and Transformation Partnerships (STPs)": a kind of body
        if last in _RULE_WORDS:
            return  # "Provider Selection Regime (PSR)", "Health and Care Act (HCA)": a rule, not a body
        if (
            _PERSON_INITIALS.fullmatch(long)
            and not head_kind(long)
            and _initials_of(acr, long)
            and _MINUTES_WORDS.search(doc.text)
        ):
            return  # "Jane Doe (JD)": a person's initials in minutes, not a body's acronym
        content = [w for w in long.split() if w.lower() not in CONNECTORS]
        if sum(w[:1].isupper() for w in content) * 2 < len(content):
            return  # an acronym of a common phrase ("voluntary, community and social enterprise")
        kind = (
            head_kind(long)
            or _following_kind(doc.text, a_end)
            or _preceding_kind(doc.text, start)
            # "Making Every Contact Count (MECC)": a name that opens with a verb is an activity
            or ("Programme" if long.split()[0].endswith("ing") and long.split()[0][:1].isupper() else None)
            or "Organisation"
        )
        # a place written just before the long form belongs to the name ("South West London STP")
        for span in doc.overlapping(start - 1, start):
            if span.end + 1 == start and doc.entities[span.entity].kind in PLACE_KINDS:
                start = span.start
                doc.remove_span(span)
                break
        long = doc.text[start:end]
        ent = doc.entity_for_name(kind, long, "acronym.v1")
        doc.add_span(start, end, ent, "acronym.v1")
        if doc.entities[ent].kind in PLACE_KINDS:
            return
        if len(long.split()) >= 2:
            doc.aliases.setdefault(long, ent)  # named again in full later in the document
        short = doc.text[doc.text.find(" ", start) + 1 : end] if start != doc.text.find(long) else None
        if short and short != long and head_kind(short):
            doc.aliases.setdefault(short, ent)
    doc.aliases.setdefault(acr, ent)
    doc.add_span(a_start, a_end, ent, "acronym.v1")


_DESCRIPTOR = (
    r"programme|program|scheme|service|project|initiative|pilot|partnership|alliance|network|charity|"
    r"fund|campaign|collaborative|consortium|strategy|plan|social enterprise|company|firm|consultancy|"
    r"movement|coalition|collective|forum|federation|study|evaluation|trial|course|club|helpline|app|"
    r"crisis house|cafe|café|clinic|hub|community centre|workstream|strand|refuge|hostel|centre|drop-in|"
    r"baby bank|food bank|care home|nursing home"
)
# before a name only: "the campaign group Save Our Beds" (after one, "X is a group of ..." says less)
_DESCRIPTOR_BEFORE = _DESCRIPTOR + "|group|association|organisation"
_DESCRIPTOR_KIND = {
    "social enterprise": "Organisation",
    "company": "Organisation",
    "firm": "Organisation",
    "organisation": "Organisation",
    "movement": "Partnership",
    "study": "Programme",
    "evaluation": "Programme",
    "trial": "Programme",
    "collective": "Partnership",
    "course": "Programme",
    "club": "Programme",
    "helpline": "Programme",
    "app": "Programme",
    "classes": "Programme",
    "sessions": "Programme",
    "model": "Programme",
    "crisis house": "Programme",
    "workstream": "Programme",
    "refuge": "Organisation",
    "hostel": "Organisation",
    "strand": "Programme",
    "cafe": "Programme",
    "café": "Programme",
    "clinic": "Programme",
    "hub": "Organisation",
    "community centre": "Organisation",
    "centre": "Organisation",
    "drop-in": "Programme",
    "baby bank": "Organisation",
    "care home": "Organisation",
    "nursing home": "Organisation",
    "food bank": "Organisation",
}
_PLURAL_CAPITALS = re.compile(r"[A-Z]{2,}s")  # "GPs", "PCNs": kinds of body, not one


def _descriptor_kind(word: str) -> str:
    word = word.lower()
    return _DESCRIPTOR_KIND.get(word) or HEADS.get(word, "Organisation")


def _preceding_kind(text: str, start: int) -> str | None:
    """The class named by a descriptor just before a name: "a new programme, Breathe Easy (BE)"."""
    m = re.search(rf"\b({_DESCRIPTOR}),?\s*[\"\u201c\u2018']?$", text[max(0, start - 40) : start], re.I)
    return _descriptor_kind(m.group(1)) if m else None


def _following_kind(text: str, end: int) -> str | None:
    """The class named by a head noun within three words after an acronym: "(EPEC) parenting programme"."""
    words = re.findall(r"[A-Za-z-]+", text[end : end + 60])[:3]
    for word in words:
        if word.lower() in HEADS:
            return HEADS[word.lower()]
        if not word.islower():
            break
    return None


_NHS_TRUST_WORDS = {
    "nhs",
    "foundation",
    "healthcare",
    "hospital",
    "hospitals",
    "ambulance",
    "mental",
    "university",
}


def head_kind(name: str) -> str | None:
    words = name.replace("\u2019", "'").split()
    if not words:
        return None
    last = words[-1].lower().strip(".,;:")
    lowered = {w.lower() for w in words[:-1]}
    if last == "trust" and lowered & _NHS_TRUST_WORDS:
        return "NHSTrust"  # "... NHS Trust", "... Foundation Trust", "... Community Healthcare Trust"
    if last == "ft" and len(words) >= 3:
        return "NHSTrust"
    if len(words) >= 2 and words[-2].lower() in ("in", "at"):
        return None  # "Sexual Health in Pharmacy", "Care at Home": a setting, not the head
    return HEADS.get(last)


# ---------------------------------------------------------------- 3. names the register does not know


def open_names(doc: DocModel, register: Register) -> None:
    """Capitalised names ending in a head noun, people and company names, per sentence."""
    for s_start, s_end in doc.sentences:
        if _PART_HINT.search(doc.folded, s_start, s_end):
            _part_lists(doc, [], s_start, s_end)
        if not _HAS_NAME.search(doc.text, s_start + 1, s_end):
            continue  # no capital after the first letter: no other name to find
        toks = tokens(doc.text, s_start, s_end)
        _branch_names(doc, toks)
        _people(doc, toks)
        _named_runs(doc, toks, s_start)
        if "(" in doc.text[s_start:s_end]:
            _people(doc, toks)  # "Joe Darby (Sutton Community Action Network)": the body is known now
        _compass_places(doc, toks)
        _described_names(doc, s_start, s_end)
        if _POSSESSIVE_MARK.search(doc.text, s_start, s_end):
            _post_owners(doc, s_start, s_end)


_NAME = r"[A-Z][\w\u2019'&-]*(?:\s+(?:(?:and|of|for|&|the|in|on|at|to|\d{1,3})\s+)?[A-Z][\w\u2019'&-]*){0,5}"
# "Bright Start, a charity that ...", "“Home Well”, the hospital discharge service": a name and its kind
_NAME_THEN_DESCRIPTOR = re.compile(
    rf"(?<![\w\u2019'])[\"\u201c]?({_NAME})[\"\u201d]?(?:,|\s+\(|\s+[\u2013\u2014-])\s*"
    r"(?:a|an|the|its|their|our|[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}['\u2019]s"  # "London's"
    # "X, one of eight borough partnerships within Y"
    r"|one\s+of(?:\s+(?:the|its|our|their))?)\s+"
    rf"(?:[\w\u2019'\u2013-]+\s+){{0,5}}?({_DESCRIPTOR})(?:s\b|\b)"
)
# "a new programme, Bright Start", "the charity Bright Start"
# the second half of a title written with a comma, ended by a comma or a clause's next word
_SECOND_HALF = re.compile(
    r",\s+([A-Z][a-z'\u2019-]+\s+[A-Z][a-z'\u2019-]+)(?=,|\s+(?:in|was|is|sets|which|and|has|will|to)\b|\.)"
)
_DESCRIPTOR_THEN_NAME = re.compile(
    rf"(?:\b(?:[Aa]|[Aa]n|[Tt]he|[Oo]ur|[Ii]ts|[Tt]heir)|[A-Za-z]['\u2019]s)\s+(?:[A-Za-z][\w\u2013-]*\s+){{0,3}}?({_DESCRIPTOR_BEFORE}),?\s+[\"\u201c]?"
    r"(" + _NAME + r"(?:\s+(?:19|20)\d\d(?:[-\u2013/](?:19|20)?\d\d)?)?)"  # "Better Together 2030"
)
# "Bright Start is a charity that ...", "Bright Start is the regional network of ...": a copula
# (tried only on sentences with "is" or "was", see _described_names)
_NAME_IS_DESCRIPTOR = re.compile(
    rf"(?:^|(?<=[.:;,]\s)|(?<=\n))({_NAME})(?:\s+\([A-Z][A-Za-z]{{1,9}}\))?\s+(?:is|was)\s+(?:a|an|the|our|its|one\s+of\s+(?:the\s+|our\s+|its\s+)?)"
    rf"\s*(?:[\w\u2019'\u2013-]+\s+){{0,4}}?({_DESCRIPTOR})s?(?=\s*(?:[,.;:]|of\b|for\b|in\b|across\b|that\b|which\b|working\b|to\b|with\b|between\b|within\b|under\b"
    r"|who\b|run\b|set\b|[a-z]+ing\b|[a-z]+ed\b|[a-z]+ly\b|$))"
)
# where a sentence starts: the text's start, after a full stop or a colon, a new line, an item number
_OPENING = r"(?:^|(?<=[.:;]\s)|(?<=\n)|(?<=^\d\.\d\s)|(?<=^\d\.\d\d\s)|(?<=^\d\s))"
# "Bright Trust Together awarded a £5,000 grant to ...": a name that gives money is a body
# (tried only on sentences with a currency sign, see _described_names)
_NAME_GIVES_MONEY = re.compile(
    rf"{_OPENING}({_NAME})\s+(?:has\s+|have\s+|had\s+)?(?:also\s+)?"
    r"(awarded|granted|donated|given|funded|invested)\s+(?:a\s+|an\s+)?(?:£|\$|€)"
)
# "awarded £250,000 to Still Here", "pledged £50,000 towards Brent Young Minds": who or what money
# goes to is a body or an activity (tried only on sentences with a currency sign)
_MONEY_TO_NAME = re.compile(
    r"(?:\u00a3|\$|\u20ac)\d[\d.,]*\s*(?:million|m|k|bn|billion)?(?:\s+(?:[a-z][\w-]*|\(\w+\)))?"
    r"(?:\s+(?:[a-z][\w-]*)){0,3}?\s+(to|towards)\s+(?:the\s+)?[\"\u201c]?"
    rf"({_NAME})(?=[\"\u201d]?(?:[,.;:)]|\s+(?:to|for|in|from|over|this|last|next|which|who|so|and)\b|$))"
)
# "Thanks to a grant from X, Bright Start can now ...", "With £90,000 from X, Bright Start will ...":
# who the fronted money lets act is a body
_FRONTED_MONEY_NAME = re.compile(
    r"(?:^|(?<=\n))(?:Thanks\s+to|With|Backed\s+by|Funded\s+by|Supported\s+by|Helped\s+by)\s+"
    r"[^,\n]{0,90}?(?:grant|grants|funding|award|donation|\u00a3\d[\d.,]*\s*(?:million|m|k)?)[^,\n]{0,60},\s+"
    rf"({_NAME})\s+(?:can|could|will|has|have|is|was|were|are|now|plans|hopes|aims|opened|hired|expanded|launched)\b"
)
# "Greenwich Carers Link will use its £15,000 grant from X": who uses its money is a body
_NAME_USES_MONEY = re.compile(
    rf"{_OPENING}({_NAME})\s+(?:will\s+|has\s+|have\s+)?(?:use|used|uses|spend|spent|spends|put)\s+"
    r"(?:its|their|the)\s+(?:\u00a3|\$|\u20ac)"
)
# "Money Matters, Healthy Minds at Work and Home Safe are the three strands of X": the names listed
_NAMES_ARE_PARTS = re.compile(
    rf"{_OPENING}((?:{_NAME},\s+)*{_NAME},?\s+and\s+{_NAME})\s+are\s+(?:the\s+|its\s+|our\s+)?"
    r"(?:two|three|four|five|six|seven|eight|main|core|key)\s+(?:[a-z]+\s+)?"
    r"(strands|workstreams|projects|programmes|services|parts|elements|schemes|pillars|initiatives)\b"
)
# "Forest Gate Family Kitchens has received £250,000 from X": a name that receives money is a body
_NAME_GETS_MONEY = re.compile(
    rf"{_OPENING}({_NAME})\s+(?:has\s+|have\s+|had\s+)?(?:also\s+|now\s+)?"
    r"(?:received|secured|won|been\s+awarded|been\s+given|been\s+granted)\s+(?:a\s+|an\s+)?(?:£|\$|€)"
)
# "our Bright Start to Life programme": capitals between a determiner and the kind of activity
# (tried only on sentences with one of _ACTIVITY_WORDS, see _described_names)
_DETERMINED_NAME_THEN_KIND = re.compile(
    rf"(?:\b(?:[Tt]he|[Oo]ur|[Ii]ts|[Tt]heir|[Tt]his|a|an)|(?<=[a-z])['\u2019]s)\s+"
    # a word of scope may stand before the name: "the national MUM-SAFE study"
    r"(?:(?:national|new|local|regional|major|large|landmark|pan-London|London-wide|first)\s+)?"
    rf"[\"\u201c\u2018']?({_NAME})[\"\u201d\u2019']?\s+"
    # one word of the field may stand between: "the HOPE-Hackney research project"
    r"(?:(?:research|pilot|outreach|support|prevention|wellbeing|screening|treatment|recovery|training|advice"
    r"|befriending|peer|volunteer|volunteering|mentoring|counselling|exercise|walking)\s+"
    r"|(?=[a-z]+\s+(?:study|trial)\b)[a-z]+\s+)?"  # any one word before a study or trial: "the BRIGHT-Kids asthma trial"
    r"(programme|program|initiative|scheme|project|pilot|campaign|service|course|classes|sessions|helpline|app|study|trial"
    r"|model|charity|social enterprise|consultancy)\b"
)
# "volunteers from Open Doors", "staff from Elm Tree Practice": people at work come from a body
# (tried only on sentences with "from", see _described_names)
_PEOPLE_FROM_NAME = re.compile(
    r"\b(?i:volunteers|staff|colleagues|nurses|doctors|clinicians|representatives|officers|experts|researchers"
    r"|advisers|advisors|workers|practitioners|specialists|coaches|physiotherapists|therapists|midwives)\s+from\s+"
    rf"(?:the\s+)?[\"\u201c]?({_NAME})(?=[\"\u201d]?(?:[,.;:)]|\s+(?:and|in|on|at|to|who|have|has|were|was|will|helped)\b|$))"
)
# "a new service called Safe Steps", "the pilot, known as Home Ready": a kind of activity and its name
_KIND_CALLED_NAME = re.compile(
    rf"\b({_DESCRIPTOR}),?\s+(?:known\s+as|called|named|dubbed|branded)\s+[\"\u201c\u2018]?({_NAME})"
)
# "Bright Start is delivered jointly by X", "Bright Start, run by X,": a name with no head noun
# that something is done to
# (tried only on sentences with "by", see _described_names)
_NAME_DELIVERED_BY = re.compile(
    rf"{_OPENING}({_NAME})(?:(?:,\s+which)?\s+(?:is|was|are|were|has been|have been|will be)|,)\s+(?:\w+ly\s+)?"
    r"(delivered|run|operated|provided|commissioned|hosted|set\s+up|established|founded|launched|created|developed"
    r"|led|managed|coordinated|co-ordinated|organised|overseen"
    r"|funded|grant-funded|part-funded|co-funded|jointly\s+funded|paid\s+for)\s+(?:\w+ly\s+)?(?:(?:across|in|throughout)\s+[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)?\s+)?"
    r"(?:by|in\s+(?:collaboration|partnership)\s+with|jointly\s+with)\b"
)
# "Harbour Lights chief executive Sarah Finch", "Acme Health founder Dr Jo Bell": a name written just
# before a post and a person's name is the body whose post it is (a person has no chief executive)
# (tried only on sentences with one of the post words, see _described_names)
_NAME_POST_PERSON = re.compile(
    rf"(?:{_OPENING}|(?<=,\s)|(?<=\bby\s)|(?<=\band\s))({_NAME})\s+"
    r"(?:(?:interim|acting|deputy|joint|former|new)\s+)?"
    r"(chief executive|chief officer|chief operating officer|chair|chairman|chairwoman|chairperson|founder|co-founder"
    r"|managing director|medical director|director|manager|service manager|coordinator|co-ordinator|CEO|boss)\s+"
    r"(?:(?:Dr|Professor|Prof|Cllr|Councillor|Sir|Dame|Mr|Mrs|Ms)\.?\s+)?[A-Z][a-z'\u2019-]+\s+[A-Z][A-Za-z'\u2019-]+"
)
# "St Oswin's", "St Mungo's": a saint's name with its possessive and no head noun after it is a
# body (a charity, a hospice, a hospital) named after the saint, never a person
_SAINTS_BODY = re.compile(r"\b(?:St\.?|Saint)\s+[A-Z][a-z]+(?:['\u2019]s|s['\u2019])(?!\w)(?!\s+[A-Z])")
_POST_MODIFIERS = frozenset(
    {"former", "new", "outgoing", "incoming", "interim", "acting", "retiring", "then", "current", "previous"}
)
_POST_PERSON_WORDS = (
    "chief",
    "chair",
    "founder",
    "director",
    "manager",
    "coordinator",
    "co-ordinator",
    "CEO",
    "boss",
)
# "Hackney Health Trustees fund the HOPE study", "Open Arms runs the Tuesday Club": a name with no head
# noun that funds, runs or commissions a named thing is a body (the people finder decides names of
# people first; tried only on sentences with one of the verbs)
_NAME_ACTS_ON_NAME = re.compile(
    rf"{_OPENING}({_NAME})\s+(?:also\s+|now\s+|jointly\s+|currently\s+)?"
    r"(?:funds|fund|runs|run|operates|operate|delivers|deliver|manages|manage|commissions|commission|hosts|host"
    r"|co-ordinates|coordinates|coordinate|leads|lead|organises|organise)\s+"
    r"(?:the\s+|a\s+|an\s+|its\s+|their\s+)?[\"\u201c]?[A-Z]"
)


def _one_plural_name(m: re.Match) -> bool:
    """ "Kindred Minds runs the X": a plural-headed name that takes a singular verb is one body's name
    (not "Community Pharmacies run the scheme")."""
    name = m.group(1)
    verb = m.group()[m.end(1) - m.start() :].split()
    verb = [w for w in verb if w not in ("also", "now", "jointly", "currently")]
    words = name.split()
    return (
        bool(verb)
        and verb[0].endswith("s")
        and plural_of_common_noun(words[-1])
        and not _generic(name)
        and not _PLURAL_CAPITALS.fullmatch(name)
        and words[0].lower() not in NOT_NAME_START
        and not all(w.lower() in GENERIC_MODIFIERS or w.lower() in HEADS for w in words)
    )


_ACTS_VERBS = (
    "fund",
    "run",
    "operat",
    "deliver",
    "manag",
    "commission",
    "host",
    "ordinat",
    "lead",
    "organis",
)
# "Docklands Connect is one of twelve members of X", "A and B are among the nine organisations that
# make up X": names said to be members or partners are bodies (tried only on sentences with "member",
# "partner" or "organisations")
_NAMES_ARE_MEMBERS = re.compile(
    rf"{_OPENING}((?:{_NAME},\s+)*{_NAME}(?:,?\s+(?:and|&)\s+{_NAME})?)\s+(?:is|are|was|were|has\s+been|have\s+been|became|become)"
    r"\s+(?:also\s+|now\s+|still\s+)?(?:a|an|the|one\s+of|among|amongst|two\s+of|three\s+of)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:member|members|partner|partners|organisations|charities|groups|founding\s+members)\b"
)
# "has 40 members, including A and B", "partners include A, B and C": the names listed are bodies
_MEMBERS_INCLUDING = re.compile(
    r"\b(?:members|partners|member\s+organisations|partner\s+organisations)(?:,?\s+including|\s+include|\s+includes"
    rf"|\s+are)\s+((?:(?:the\s+)?{_NAME},\s+)*(?:the\s+)?{_NAME}(?:,?\s+(?:and|&)\s+(?:the\s+)?{_NAME})?)"
)
# "Launched in 2022, Pathways Home helps ...", "Founded in 1998, Open Door runs ...": a name after a
# fronted founding date is an activity (launched) or a body (founded)
_FRONTED_START_NAME = re.compile(
    r"(?:^|(?<=\n)|(?<=[.;]\s))(Launched|Started|Set\s+up|Founded|Established|Formed)\s+(?:in|on)\s+[\w ]{3,20}"
    r"(?:\s+by\s+[\w ]{3,30})?,\s+"  # "Founded in 2015 by local parents, X holds ..."
    rf"(?:the\s+)?({_NAME})(?=\s+(?:is|was|has|have|now|began|[a-z]{{3,}}s|[a-z]{{3,}}ed)\b)"
)
# "Haringey Healthy Homes, which is delivered by X": a name that a relative clause says is run
_NAME_WHICH_RUN_BY = re.compile(
    rf"(?<![\w\u2019'])({_NAME}),\s+which\s+(?:is|was|are|were|has\s+been|will\s+be)\s+(?:\w+ly\s+)?"
    r"(?:delivered|run|operated|provided|managed|commissioned|funded)\s+(?:\w+ly\s+)?by\b"
)
# "Docklands Connect was founded in 2015", "Bright Start was set up by parents": a name with no head
# noun that was founded is a body (tried only on sentences with one of those verbs)
_NAME_FOUNDED = re.compile(
    rf"{_OPENING}({_NAME})\s+(?:was|were)\s+(?:first\s+)?(?:founded|established|set\s+up|formed|registered|incorporated)"
    r"\s+(?:in|on|as|by)\b"
)
# "Steady Feet, which launched in 2023, ...", "Home Ready began in April as a pilot": a name with
# no head noun that starts is an activity (tried only on sentences with one of those verbs)
_NAME_STARTED = re.compile(
    rf"{_OPENING}({_NAME})(?:,\s+which)?\s+(?:was\s+|has\s+|had\s+|first\s+)?"
    r"(?:launched|started|began|begun|opened|went\s+live)\s+(?:in|on|last|this|at)\b"
)


# "a café run by Bright Start", "delivered by Bright Start in partnership with X": who does a
# service is a body (a person's name is found before this, by its title or its shape)
# (tried only on sentences with "by", see _described_names)
_BY_NAME = re.compile(
    r"\b(?:(?:run|delivered|operated|provided|hosted|managed|organised|organized|led)\s+(?:jointly\s+)?by"
    r"|(?:delivered|run|provided|developed|designed)\s+in\s+(?:collaboration|partnership)\s+with)\s+"
    rf"(?:the\s+)?[\"\u201c]?({_NAME})(?=[\"\u201d]?(?:[,.;:)]|\s+(?:in|on|with|and|for|from|at|to|since|until)\b|$))"
)


# "has partnered with Arcadia Digital Health", "teamed up with X": who a body partners with is a body
# (tried only on sentences with " with", see _described_names)
_PARTNERED_WITH_NAME = re.compile(
    r"\b(?:partnered|partnering|partners|teamed\s+up|teams\s+up|teaming\s+up|joined\s+forces|joins\s+forces"
    r"|collaborated|collaborates|collaborating)\s+with\s+"
    rf"(?:the\s+)?[\"\u201c]?({_NAME})(?=[\"\u201d]?(?:[,.;:)]|\s+(?:to|in|on|for|since|so|and|from|at)\b|$))"
)


_AREA_WORDS = frozenset(
    {"adult", "adults", "care", "health", "services", "nursing", "hospital", "secondary", "and", "&"}
)


def _service_area(name: str) -> bool:
    """ "the Adult Social Care service": a field of work in capitals, not a named service."""
    return all(w.lower() in GENERIC_MODIFIERS or w.lower() in _AREA_WORDS for w in name.split())


def _plural_head_name(words: list[str]) -> bool:
    """ "Parkway Clinical Partnerships", "Brookfield Community Services": three or more capitalised
    words ending in a body's head noun made plural, opening with a word of its own (not "Primary
    Care Networks", "Community Health Services": kinds of body)."""
    last = words[-1].lower()
    singular = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    return (
        len(words) >= 3
        and (singular in HEADS or singular in ("service", "partnership"))
        and all(w[:1].isupper() for w in words)
        and words[0].lower() not in GENERIC_MODIFIERS
        and words[0].lower() not in NOT_NAME_START
    )


def _body_like(name: str, doc: DocModel | None = None) -> bool:
    """Could ``name`` (after "run by") be a body's: not a kind ("GPs", "Local Authorities"), and not
    shaped like a person's name (two capitalised words; the person finder decides those)."""
    words = name.split()
    if _generic(name) or _PLURAL_CAPITALS.fullmatch(name):
        return False
    if plural_of_common_noun(words[-1]) and not _plural_head_name(words):
        return False
    person_shaped = (
        len(words) == 2
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and not _is_place_word(Token(words[0], 0, 0))  # "Bromley Wellspring" is no one's name
        and not (
            doc is not None
            and doc.register is not None
            and words[0].lower() in _single_word_places(doc.register)
        )
    )
    # "Carers First" is no one's name, nor "Halden Research" (a body's word), nor "Turning Point"
    # (a given name is not a verb's -ing form)
    return (
        not person_shaped
        or plural_of_common_noun(words[0])
        or words[-1].lower() in _BODY_WORDS
        or (len(words[0]) > 5 and words[0].endswith("ing"))
    )


# "a contract for Riverside Community Services", "the tender to run Bright Start": what is bought is a service
_CONTRACTED_NAME = re.compile(
    r"\b(?:contract|contracts|tender|procurement|re-procurement)\s+(?:for|of|to\s+deliver|to\s+run|to\s+provide)"
    rf"\s+(?:the\s+)?[\"\u201c]?({_NAME})(?=[\"\u201d]?(?:[,.;:)]|\s+(?:to|from|in|with|and|for|until)\b|$))"
)
# "extended its contract with Mulberry Advocacy": who holds a contract is a body
_CONTRACT_WITH_NAME = re.compile(
    rf"\b(?:contract|contracts|agreement)\s+with\s+(?:the\s+)?({_NAME})"
    r"(?=(?:[,.;:)]|\s+(?:to|for|until|which|from|and|ends|expires|runs|is|was|will|has)\b|$))"
)
# "Acme runs Kind Minds, Steps Ahead and the Carers Cafe": what a body runs, launches or delivers is
# a programme when the name says nothing else (tried only on sentences with one of _RUN_VERBS)
_RUN_VERBS = (
    "run",
    "operat",
    "deliver",
    "launch",
    "pilot",
    "set up",
    "introduc",
    "offer",
    "out",
    "fund",
    "commission",
    "host",
    "manag",
    "expand",
    "extend",
    "unveil",
)
_RUNS_KIND = (
    r"(?:\s+(?:programme|program|project|scheme|service|campaign|initiative|pilot|course|classes|sessions))?"
)
_RUNS_NAMES = re.compile(
    r"\b(?:runs|ran|running|run|operates|operated|operating|operate|delivers|delivered|delivering|deliver|launched|launches|"
    r"piloted|pilots|piloting|set\s+up|introduced|offers|offered|(?:rolling|rolled|rolls|roll)\s+out|"
    r"funds|funded|funding|fund|commissions|commissioned|commissioning|commission|hosts|hosted|hosting|manages|managed|"
    r"expanded|extended|unveiled)\s+"
    rf"((?:(?:the|its|our|their|a\s+new)\s+)?[\"\u201c\u2018]?{_NAME}[\"\u201d]?{_RUNS_KIND}"
    rf"(?:(?:,\s+|,?\s+and\s+)(?:(?:the|its|our|their)\s+)?[\"\u201c\u2018]?{_NAME}[\"\u201d]?{_RUNS_KIND})*)"
    r"(?=[,.;:)]|\s+(?:in|on|with|for|from|at|to|since|until|across|which|who|that|as)\b|$)"
)
_TO_DELIVER = re.compile(r"\s+to\s+(?:run|deliver|provide|operate|manage|offer|lead|set\s+up|develop)\b")
# one word mixing letters and digits, or capitals inside it: a coined name ("Core20PLUS5")
_CODED_NAME = re.compile(r"[A-Z][A-Za-z]*\d+[A-Za-z0-9]*|[A-Z][a-z]+[A-Z]{2,}[A-Za-z0-9]*")
_WHOLE = re.compile(r"([^\"\u201d]+)")
_RUNS_ITEM = re.compile(rf"[\"\u201c]?({_NAME})[\"\u201d]?")
_NOT_PROGRAMME_WORDS = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    }
)
# "launched Our Vision for London", "published A Healthier Future for Sutton": a titled plan
_PUBLISHED_TITLE = re.compile(
    r"\b(?:launched|launches|launch|published|publishes|publish|unveiled|unveils|adopted|adopts|"
    r"refreshed|produced|released|agreed|approved)\s+(?:its\s+|their\s+)?[\"\u201c]?"
    rf"((?:Our|A|An)\s+{_NAME})"
)
_MONTH_TAIL = re.compile(
    r"\s+(?:in|on|from|by|until)\s+(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Spring|Summer|Autumn|Winter)\b.*\Z"
)
_PLAN_WORDS = frozenset(
    {
        "vision",
        "plan",
        "strategy",
        "framework",
        "charter",
        "promise",
        "ambition",
        "ambitions",
        "commitment",
        "compact",
        "manifesto",
        "roadmap",
        "blueprint",
        "pledge",
        "future",
    }
)


def _retype(doc: DocModel, start: int, end: int, descriptor: str) -> None:
    """A name found from its shape alone ("Riverside Health Partners": an organisation by its last
    word) that the text says is a partnership ("(a partnership between ...)") takes that kind."""
    kind = _descriptor_kind(descriptor)
    for sp in doc.overlapping(start, end):
        ent = doc.entities[sp.entity]
        if (
            sp.start == start
            and sp.end == end
            and sp.rule in ("open-name.v1", "page-title.v1", "title.v1")
            and ent.key is None
            and ent.kind == "Organisation"
            and kind == "Partnership"
        ):
            new = doc.entity_for_name(kind, ent.name, "described-name.v1")
            doc.relabel(sp.entity, new)
            return


# the words without which _DETERMINED_NAME_THEN_KIND cannot match
_ACTIVITY_WORDS = (
    "charity",
    "social enterprise",
    "consultancy",
    "model",
    "program",
    "initiative",
    "scheme",
    "project",
    "pilot",
    "campaign",
    "service",
    "course",
    "classes",
    "sessions",
    "helpline",
    "app",
    "study",
    "trial",
)


def _kind_of_body(name: str) -> bool:
    """ "Primary Care Networks", "Local Authorities": a name ending in the plural of a common noun
    names a kind of body, not one (unless the plural is a body's own word: "Health Partners")."""
    last = name.split()[-1]
    return plural_of_common_noun(last) and last.lower() not in HEADS


_DESCRIBED_BEFORE = re.compile(
    rf"\b(?i:the|our|its|their)\s+(?:[\w-]+\s+){{0,3}}?(?:{_DESCRIPTOR_BEFORE}),?\s+[\"\u201c\u2018']?$"
)


def _opens_with_place(doc: DocModel, name: str) -> bool:
    """Does ``name`` open with a borough's or place's one-word name ("Brent Autism Voices")?"""
    return doc.register is not None and name.split()[0].lower() in _single_word_places(doc.register)


def _names_one_body(name: str) -> bool:
    """Can ``name``, found by a construction alone, be one body's or activity's name: not a kind of
    body ("Local Authorities", "Primary Care Networks"), not opening with a word that opens
    sentences?"""
    return not _generic(name) and not _kind_of_body(name) and name.split()[0].lower() not in NOT_NAME_START


def _comma_title(doc: DocModel, s_start: int, before: str) -> bool:
    """Does ``before`` end with a capitalised word and a comma that may be the first half of a title
    ("Eat Well, Play Well Riverside"), not the end of a name already found ("... Trust, Bright ...")?"""
    m = re.search(r"([A-Z]\w*),\s+$", before)
    return m is not None and doc.free(s_start + m.start(1), s_start + m.end(1))


def _described_names(doc: DocModel, s_start: int, s_end: int) -> None:
    """Names with no head noun whose kind the sentence states: "Bright Start, a charity that ...",
    "a new programme, Bright Start". Each word of the name is capitalised."""
    sentence = doc.text[s_start:s_end]
    # some patterns are tried only on a sentence holding words they cannot match without (keep
    # these checks in step with the patterns: _ACTIVITY_WORDS, "is"/"was", "by", a currency sign)
    found = [(m.start(1), m.end(1), m.group(2)) for m in _NAME_THEN_DESCRIPTOR.finditer(sentence)]
    for m in _DESCRIPTOR_THEN_NAME.finditer(sentence):
        end = m.end(2)
        more = _SECOND_HALF.match(sentence, end)
        if more and m.group(1).lower() in (
            "strategy",
            "plan",
            "programme",
            "campaign",
            "initiative",
            "scheme",
        ):
            end = more.end(
                1
            )  # "its strategy, Healthier Lives, Fairer Futures, in 2023": a title with a comma
        found.append((m.start(2), end, m.group(1)))
    if any(w in sentence for w in _ACTIVITY_WORDS):
        found += [
            (m.start(1), m.end(1), m.group(2))
            for m in _DETERMINED_NAME_THEN_KIND.finditer(sentence)
            if (m.group(2) != "service" or not _service_area(m.group(1)))
            # "the Frailty Futures study" (but "the Lancet study": a journal's, not a named study)
            and (
                m.group(2) not in ("study", "trial")
                or " " in m.group(1)
                or re.fullmatch(r"[A-Z]{2,}[\w+]*-[\w-]+", m.group(1))  # "the TIDE-London study"
            )
        ]
    if "is" in sentence or "was" in sentence:
        found += [(m.start(1), m.end(1), m.group(2)) for m in _NAME_IS_DESCRIPTOR.finditer(sentence)]
    if any(w in sentence for w in ("known as", "called", "named", "dubbed", "branded")):
        found += [(m.start(2), m.end(2), m.group(1)) for m in _KIND_CALLED_NAME.finditer(sentence)]
    if "St" in sentence or "Saint" in sentence:
        found += [(m.start(), m.end(), "organisation") for m in _SAINTS_BODY.finditer(sentence)]
    if any(w in sentence for w in _POST_PERSON_WORDS):
        found += [
            (m.start(1), m.end(1), "organisation")
            for m in _NAME_POST_PERSON.finditer(sentence)
            if not _generic(m.group(1))
            and not _PLURAL_CAPITALS.fullmatch(m.group(1))
            and m.group(1).split()[0].lower() not in NOT_NAME_START
            and m.group(1).split()[0].lower() not in _POST_MODIFIERS
        ]
    if "member" in sentence or "partner" in sentence or "organisations" in sentence:
        for regex in (_NAMES_ARE_MEMBERS, _MEMBERS_INCLUDING):
            for m in regex.finditer(sentence):
                # a body's word in the phrase ("voluntary sector members", "organisations") says the
                # names are bodies even when shaped like a person's
                bodies = re.search(
                    r"organisations|charities|groups|voluntary|sector|community|bodies", m.group()
                )
                at = m.start(1)
                for piece in re.split(r",\s+|,?\s+and\s+", m.group(1)):  # ("Kith & Kin" is one name)
                    at = sentence.find(piece, at)
                    name = re.sub(r"^(?:the|The)\s+", "", piece)
                    start = at + len(piece) - len(name)
                    at += len(piece)
                    if not name or not name[:1].isupper():
                        continue
                    if (
                        _names_one_body(name)
                        and (_body_like(name, doc) or len(name.split()) >= 3 or bodies)
                        # one ordinary word may be a person's surname named before ("Asante is a GP partner")
                        and (" " in name or name.isupper() or _CODED_NAME.fullmatch(name))
                    ):
                        found.append((start, start + len(name), "organisation"))
    if ", which" in sentence:
        found += [
            (m.start(1), m.end(1), "programme")
            for m in _NAME_WHICH_RUN_BY.finditer(sentence)
            if _names_one_body(m.group(1)) and not _service_area(m.group(1))
        ]
    if sentence[:1] in "LSFE":
        found += [
            (
                m.start(2),
                m.end(2),
                "organisation" if m.group(1) in ("Founded", "Established", "Formed") else "programme",
            )
            for m in _FRONTED_START_NAME.finditer(sentence)
            if not _generic(m.group(2))
            # ("Brent Autism Voices": a place's name opens one body's name, not a kind's)
            and not (_kind_of_body(m.group(2)) and not _opens_with_place(doc, m.group(2)))
        ]
    if any(w in sentence for w in _ACTS_VERBS):
        found += [
            (m.start(1), m.end(1), "organisation")
            for m in _NAME_ACTS_ON_NAME.finditer(sentence)
            # (two capitalised words may be a person's name the people finder had no reason to take)
            if (_body_like(m.group(1), doc) or len(m.group(1).split()) >= 3 or _one_plural_name(m))
            and (_names_one_body(m.group(1)) or _one_plural_name(m))
            and not _PLURAL_CAPITALS.fullmatch(m.group(1))
            and not _service_area(m.group(1))
            and not (len(m.group(1).split()) == 1 and not _CODED_NAME.fullmatch(m.group(1)))
        ]
    if any(
        w in sentence for w in ("founded", "established", "set up", "formed", "registered", "incorporated")
    ):
        found += [
            (m.start(1), m.end(1), "organisation")
            for m in _NAME_FOUNDED.finditer(sentence)
            if not _generic(m.group(1)) and m.group(1).split()[0].lower() not in NOT_NAME_START
        ]
    if any(w in sentence for w in ("launched", "started", "began", "begun", "opened", "went live")):
        found += [(m.start(1), m.end(1), "programme") for m in _NAME_STARTED.finditer(sentence)]
    if "by" in sentence or " with" in sentence:
        found += [
            (m.start(1), m.end(1), "programme")
            for m in _NAME_DELIVERED_BY.finditer(sentence)
            # "Checks are delivered by ...", "Health Checks are ..." (but "Bloomsbury Young Minds is ...",
            # and "Fit Futures is commissioned by ...": a singular verb makes a plural-looking name one)
            if not (
                plural_of_common_noun(m.group(1).split()[-1])
                and len(m.group(1).split()) <= 2
                and not re.match(r"\s+(?:is|was|has\s+been)\b", sentence[m.end(1) :])
            )
        ]
    if "\u00a3" in sentence or "$" in sentence or "\u20ac" in sentence:
        found += [(m.start(1), m.end(1), "charity") for m in _NAME_GIVES_MONEY.finditer(sentence)]
        found += [(m.start(1), m.end(1), "organisation") for m in _NAME_GETS_MONEY.finditer(sentence)]
        found += [(m.start(1), m.end(1), "organisation") for m in _NAME_USES_MONEY.finditer(sentence)]
        found += [
            (m.start(2), m.end(2), "organisation" if m.group(1) == "to" else "programme")
            for m in _MONEY_TO_NAME.finditer(sentence)
            if _names_one_body(m.group(2)) and not _service_area(m.group(2))
        ]
    if any(w in sentence for w in ("grant", "funding", "award", "donation", "\u00a3")):
        found += [
            (m.start(1), m.end(1), "organisation")
            for m in _FRONTED_MONEY_NAME.finditer(sentence)
            if not _generic(m.group(1)) and m.group(1).split()[0].lower() not in NOT_NAME_START
        ]
    if " are " in sentence:
        for m in _NAMES_ARE_PARTS.finditer(sentence):
            listed = m.group(1)
            cut = listed.rfind(" and ")  # "A, B and C": the last "and" parts the last two names
            pieces = [x for x in re.split(r",\s+", listed[:cut]) if x] + [listed[cut + 5 :]]
            pos = m.start(1)
            for piece in pieces:
                at = sentence.find(piece.strip(" ,"), pos)
                if at >= 0:
                    found.append((at, at + len(piece.strip(" ,")), "programme"))
                    pos = at + len(piece.strip(" ,"))
    if "by" in sentence or " with" in sentence:
        found += [
            (m.start(1), m.end(1), "organisation")
            for m in _BY_NAME.finditer(sentence)
            if _body_like(m.group(1), doc)
        ]
    if " with" in sentence:
        found += [
            (m.start(1), m.end(1), "organisation")
            for m in _PARTNERED_WITH_NAME.finditer(sentence)
            if _body_like(m.group(1), doc)
            and _names_one_body(m.group(1))
            and not _service_area(m.group(1))
            and not _PLURAL_CAPITALS.fullmatch(m.group(1))
            and m.group(1).split()[0].lower() not in NOT_NAME_START
            and not (len(m.group(1).split()) == 1 and not _CODED_NAME.fullmatch(m.group(1)))
        ]
    if "from" in sentence:
        found += [
            (m.start(1), m.end(1), "organisation")
            for m in _PEOPLE_FROM_NAME.finditer(sentence)
            if not _generic(m.group(1)) and not _PLURAL_CAPITALS.fullmatch(m.group(1))
        ]
    found += [
        (m.start(1), m.end(1), "service")
        for m in _CONTRACTED_NAME.finditer(sentence)
        if not _generic(m.group(1)) and not _service_area(m.group(1))
    ]
    if "contract" in sentence:
        found += [
            (m.start(1), m.end(1), "organisation")
            for m in _CONTRACT_WITH_NAME.finditer(sentence)
            if not _generic(m.group(1)) and not plural_of_common_noun(m.group(1).split()[-1])
        ]
    if any(w in sentence for w in _RUN_VERBS):
        for m in _RUNS_NAMES.finditer(sentence):
            items = list(_RUNS_ITEM.finditer(sentence, m.start(1), m.end(1)))
            if len(items) > 1 and not re.search(r"\s(?:and|&)\s", m.group(1)):
                # "funded Eat Well, Play Well Riverside, contributing ...": a list ends with "and";
                # capitalised parts joined by commas alone are one name
                items = [_WHOLE.match(sentence, items[0].start(1), m.end(1))]
            for item in items:
                end = item.end(1)
                cut = re.search(r"\s+(?:in|on|at|to)\s+", item.group(1))
                if cut and any(
                    doc.entities[sp.entity].kind in PLACE_KINDS
                    for sp in doc.overlapping(s_start + item.start(1) + cut.end(), s_start + end)
                ):  # "runs Warm Homes in Brent": the place is where, not part of the name
                    end = item.start(1) + cut.start()
                words = sentence[item.start(1) : end].split()
                capitals = [w for w in words if w[:1].isupper()]
                if (
                    len(capitals) >= 2
                    or sentence[item.start() : item.start() + 1] in '"\u201c\u2018'
                    or (len(words) == 1 and _CODED_NAME.fullmatch(words[0]))  # "Core20PLUS5"
                ) and not any(w.lower() in _NOT_PROGRAMME_WORDS for w in words):
                    # "commissioned X to run the service", "funded X to deliver ...": X is a provider
                    provider = _TO_DELIVER.match(sentence, end)
                    found.append((item.start(1), end, "organisation" if provider else "programme"))
    for m in _PUBLISHED_TITLE.finditer(sentence):
        title = _MONTH_TAIL.sub("", m.group(1))  # "... in May": when, not part of the title
        if any(w.lower() in _PLAN_WORDS for w in title.split()[1:]):
            found.append((m.start(1), m.start(1) + len(title), "strategy"))
    for a0, b, descriptor in found:
        if a0 > 0 and sentence[a0 - 1] in "\u2018'" and sentence[b - 1] in "\u2019'":
            b -= 1  # "the ‘Walk and Talk’ project": the closing quote is not part of the name
        about = _ABOUT_OPENING.match(sentence, a0, b)
        if about:
            a0 = about.end()  # "Funding for Lea Valley Home First, a scheme": the name after "for"
        _retype(doc, s_start + a0, s_start + b, descriptor)
        exact = [
            sp
            for sp in doc.overlapping(s_start + a0, s_start + b)
            if (sp.start, sp.end) == (s_start + a0, s_start + b)
        ]
        if exact:  # a name found otherwise: still remember what the text calls it ("the federation")
            doc.described.setdefault(exact[0].entity, set()).add(descriptor.lower())
            continue
        inside = doc.spans_in(s_start + a0, s_start + b)
        if (
            inside
            and all(doc.entities[sp.entity].kind in PLACE_KINDS for sp in inside)
            and (
                inside[-1].end == s_start + b
                # "Living Well in Brent 2025-2030", "Better Care in Hillingdon 2024-28": a year after it
                or re.fullmatch(
                    r"\s+(?:19|20)\d\d(?:[-\u2013/](?:19|20)?\d\d)?", doc.text[inside[-1].end : s_start + b]
                )
            )
            and inside[0].start > s_start + a0
            and not re.search(r"(?:,|\band|&)\s+$", doc.text[s_start + a0 : inside[0].start])
            and not _ACRONYM.fullmatch(doc.text[s_start + a0 : inside[0].start].strip())  # "ADPH London"
            and not _comma_title(doc, s_start, sentence[:a0])  # "Eat Well, Play Well Riverside": unsure
        ):  # "Healthy Schools Riverside, run by ...": the place that ends it is part of the name
            for sp in inside:
                doc.remove_span(sp)
        elif (
            inside
            and all(doc.entities[sp.entity].kind in PLACE_KINDS for sp in inside)
            and inside[0].start == s_start + a0
            and inside[-1].end < s_start + b
            and re.fullmatch(r"(?:\s+[A-Z][\w'\u2019&-]*)+", doc.text[inside[-1].end : s_start + b])
            and len(inside) == 1
        ):  # "Haringey Healthy Homes, which is delivered by ...": a place that opens the name
            doc.remove_span(inside[0])
        # the longest free tail of the match: "A Trust and Bright Start, a charity" names Bright Start
        a = next(
            (
                a0 + w.start()
                for w in re.finditer(r"\S+", sentence[a0:b])
                if w.group()[:1].isupper() and doc.free(s_start + a0 + w.start(), s_start + b)
            ),
            None,
        )
        if a is None:
            continue
        place = [
            sp
            for sp in doc.overlapping(s_start + a - 2, s_start + a - 1)
            if sp.end == s_start + a - 1
            and doc.entities[sp.entity].kind in PLACE_KINDS
            and sp.start >= s_start + a0
        ]
        if place:  # "Tower Hamlets Together, the borough's partnership": the place is part of the name
            doc.remove_span(place[0])
            a = place[0].start - s_start
        elif a != a0 and not re.search(r"(?:,|\band|&)\s+$", sentence[a0:a]):
            continue
        name = sentence[a:b]
        words = name.split()
        if len(words) >= 3 and words[0].endswith(("'s", "\u2019s")):
            # "the ICB's Diagnostics Closer to Home programme": the owner is not part of the name
            a += len(name) - len(name[len(words[0]) :].lstrip())
            name = sentence[a:b]
            words = words[1:]
        titled = descriptor == "strategy" and words[0] in ("Our", "A", "An")  # "Our Vision for London"
        # after "the"/"our" no word opens a sentence: "the Click Into Care programme"
        determined = (
            re.search(r"\b(?:the|our|its|their)\s+[\"\u201c\u2018']?$", sentence[:a]) is not None
            or _DESCRIBED_BEFORE.search(sentence[:a]) is not None  # "Our plan, Better Care in X 2024-28"
        )
        if (words[0].lower() in NOT_NAME_START and not titled and not determined) or (
            words[-1].lower() in CONNECTORS
            # (but a capitalised particle may end a name: "Settle In", "Drop In")
            and not (words[-1] in ("In", "On") and len(words) >= 2)
        ):
            continue
        if all(w.lower() in ROLE_WORDS or w.lower() in HEADS for w in words):
            continue
        start, end = s_start + a, s_start + b
        if not doc.free(start, end):
            same = [sp for sp in doc.overlapping(start, end) if sp.start == start and sp.end == end]
            if same:  # a name found otherwise: still remember what the text calls it
                doc.described.setdefault(same[0].entity, set()).add(descriptor.lower())
            continue
        kind = head_kind(name) or _descriptor_kind(descriptor)
        ent = doc.entity_for_name(kind, name, "described-name.v1")
        doc.add_span(start, end, ent, "described-name.v1")
        doc.described.setdefault(ent, set()).add(descriptor.lower())
        if len(words) >= 2:
            doc.aliases.setdefault(name, ent)


_HAS_NAME = re.compile(r"[A-Z0-9]")
_PART_HINT = re.compile(
    r"includ|compris|\bhas\b|\bwith\b|organi[sz]ed|divided|split|grouped|structured|arranged"
)


_COMPASS = {
    "north",
    "south",
    "east",
    "west",
    "central",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "northern",
    "southern",
    "eastern",
    "western",
    "inner",
    "outer",
    "greater",
}


def _compass_places(doc: DocModel, toks: list[Token]) -> None:
    """ "East Kent", "North East Essex": a compass word and a capitalised place name."""
    for i, t in enumerate(toks):
        if t.lower not in _COMPASS or not t.text[:1].isupper():
            continue
        j = i + 1
        if j < len(toks) and toks[j].lower in _COMPASS and toks[j].text[:1].isupper():
            j += 1
        if j >= len(toks) or not toks[j].text[:1].isupper() or not toks[j].text[1:].islower():
            continue
        if toks[j].lower in HEADS or toks[j].lower in ROLE_WORDS or toks[j].start - toks[j - 1].end != 1:
            continue
        if toks[j].lower in _BUILDING_PARTS:
            continue  # "2nd Floor West Wing": a part of a building, not a place
        if re.search(r"(?:ian|ean|can|ese|ish)$", toks[j].lower):
            continue  # "South Asian", "East African": a people or a language, not a place
        if j + 1 < len(toks) and toks[j + 1].capitalised and toks[j + 1].start - toks[j].end == 1:
            continue  # part of a longer name
        start, end = t.start, toks[j].end
        if doc.free(start, end):
            ent = doc.entity_for_name("Place", doc.text[start:end], "place.v1")
            doc.add_span(start, end, ent, "place.v1")


_BUILDING_PARTS = {
    "wing",
    "entrance",
    "block",
    "building",
    "floor",
    "room",
    "gate",
    "lobby",
    "corridor",
    "annexe",
}

_BRAND_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _brand in BRANCH_BRANDS:
    _BRAND_FIRST.setdefault(_brand[0], []).append(_brand)


def _branch_names(doc: DocModel, toks: list[Token]) -> None:
    """A local branch of a federated charity: its brand and the place(s) it serves ("Age UK
    Lewisham and Southwark"). The places become part of the name."""
    for i, t in enumerate(toks):
        if t.lower not in _BRAND_FIRST or not t.text[:1].isupper():
            continue
        for brand in _BRAND_FIRST[t.lower]:
            k = i + len(brand)
            if k >= len(toks) or tuple(x.lower for x in toks[i:k]) != brand:
                continue
            if not all(x.text[:1].isupper() for x in toks[i:k] if x.lower != "in"):
                continue
            places: list[Span] = []
            pos = toks[k - 1].end
            while True:
                gap = (
                    re.match(r" (?:and |& )?", doc.text[pos : pos + 6])
                    if places
                    else re.match(" ", doc.text[pos : pos + 1])
                )
                if not gap:
                    break
                nxt = [
                    sp
                    for sp in doc.overlapping(pos + gap.end(), pos + gap.end() + 1)
                    if sp.start == pos + gap.end() and doc.entities[sp.entity].kind in PLACE_KINDS
                ]
                if not nxt:
                    break
                places.append(nxt[0])
                pos = nxt[0].end
            if not places:
                break
            start, end = t.start, places[-1].end
            if any(sp not in places for sp in doc.overlapping(start, end)):
                break
            for sp in places:
                doc.remove_span(sp)
            ent = doc.entity_for_name("Organisation", doc.text[start:end], "branch-name.v1")
            doc.add_span(start, end, ent, "branch-name.v1")
            break


# common nouns that open a phrase about a name ("Funding for Lea Valley Home First comes from ...")
_ABOUT_NOUNS = frozenset(
    {
        "funding",
        "support",
        "plans",
        "money",
        "grants",
        "investment",
        "thanks",
        "referrals",
        "access",
        "membership",
    }
)


_ABOUT_OPENING = re.compile(
    r"(?i:" + "|".join(sorted(_ABOUT_NOUNS)) + r")\s+(?:for|from|to|of)\s+(?:the\s+)?(?=[A-Z])"
)


def _topic_not_body(run: list[Token]) -> bool:
    """Does a capitalised run name a topic (an action noun with "of/for/on", or a numbered item),
    not a body?"""
    first = run[0]
    if first.text[:1].isdigit():
        return True
    return (
        len(run) > 2
        and first.lower.endswith(("tion", "ment", "sion", "ance", "ence", "ing"))
        and first.lower not in HEADS
        and run[1].lower in ("of", "for", "on", "to")
    )


_LOWER_WORD = re.compile(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]+")
_CAPITAL_INSIDE = re.compile(r"(?<=[a-z,;] )[A-Z][a-z'\u2019-]+")


def _all_lower(doc: DocModel) -> frozenset[str]:
    """Every word ``doc`` writes in lower case somewhere (found once per document)."""
    if doc.all_lower is None:
        doc.all_lower = frozenset(_LOWER_WORD.findall(doc.text))
    return doc.all_lower


def common_opener(doc: DocModel, tok: Token) -> bool:
    """Is a capitalised word at a sentence start a common word: one the document also writes in
    lower case, or a gerund or adverb ("Building on ...", "Finally, ...")?"""
    word = tok.lower
    if doc.lower_words is None:
        # a word also written with a capital inside a sentence is (part of) a name there
        inside = {w.lower() for w in _CAPITAL_INSIDE.findall(doc.text)}
        doc.lower_words = _all_lower(doc) - inside
    return word in doc.lower_words or (len(word) > 5 and word.endswith(("ing", "ly")) and word not in HEADS)


def _office(toks: list[Token], k: int) -> bool:
    """Is token ``k`` a post ("Director of ..."), or a job "at" a body ("GP at X", "Staff at X")?"""
    return toks[k].lower in _OFFICE_WORDS or (
        (toks[k].lower in ROLE_WORDS or toks[k].lower in _PEOPLE_AT_WORK) and toks[k + 1].lower == "at"
    )


# the sections of a web site a page title names after a dash ("Acme Trust - News - ...")
_SITE_SECTIONS = frozenset(
    {
        "projects",
        "news",
        "about",
        "home",
        "services",
        "contact",
        "events",
        "publications",
        "research",
        "blog",
        "jobs",
        "careers",
        "latest",
        "updates",
        "press",
        "media",
        "resources",
        "reports",
    }
)


def _named_runs(doc: DocModel, toks: list[Token], s_start: int) -> None:
    i = 0
    n = len(toks)
    while i < n:
        if not toks[i].capitalised or (toks[i].lower in NOT_NAME_START and toks[i].lower not in HEADS):
            i += 1
            continue
        if (
            toks[i].lower in _CALENDAR_WORDS
            and i + 1 < n
            and toks[i + 1].capitalised
            # (but "the Saturday Clinic")
            and (i == 0 or toks[i - 1].lower not in ("the", "a", "our", "its", "their"))
        ):
            i += 1  # "Since April Whittington Health NHS Trust has ...": a month, then the name
            continue
        if toks[i].lower in _ABOUT_NOUNS and i + 1 < n and toks[i + 1].lower in ("for", "from", "to", "of"):
            i += 2  # "Funding for Lea Valley Home First ...": the name starts after the preposition
            continue
        person = next(
            (
                sp
                for sp in doc.overlapping(toks[i].start, toks[i].end)
                if _person_then_body(doc, sp) and sp.start <= toks[i].start
            ),
            None,
        )
        if person is not None:  # "Lena Sorensen of Merton Voluntary Network": the body's name starts after
            while i < n and toks[i].start < person.end:
                i += 1
            continue
        if (
            i == 0
            and n > 1
            and not toks[1].capitalised
            and toks[0].lower not in HEADS
            and common_opener(doc, toks[0])
            # (but "People and Culture Committee": a common word coordinated inside a name)
            and not (toks[1].lower in ("and", "&") and n > 2 and toks[2].capitalised)
        ):
            i += 1  # "Planning for winter ...", "Members agreed ...": a common word opening the sentence
            continue
        j = i
        run_end = i
        while j < n:
            t = toks[j]
            if t.lower == "at" and toks[i].lower in _SUB_UNITS:
                break  # "the Department of Health Sciences at Acme University": two names
            if (
                t.capitalised
                or (t.lower in CONNECTORS and j + 1 < n and toks[j + 1].capitalised and j > i)
                # "Best Start 0-25 Partnership": an age range or number between capitalised words
                or (
                    j > i
                    and j + 1 < n
                    and toks[j + 1].capitalised
                    and re.fullmatch(r"\d+(?:[-\u2013]\d+)?\+?", t.text)
                )
            ):
                if t.capitalised:
                    run_end = j
                j += 1
                if j < n and doc.text[toks[j - 1].end : toks[j].start] not in (
                    " ",
                    "-",
                    " - ",
                    "\u2019 ",
                    "' ",
                ):
                    break
                if (
                    j < n
                    and doc.text[toks[j - 1].end : toks[j].start] == " - "
                    and toks[j].lower in _SITE_SECTIONS
                ):
                    break  # "Acme Institute - Projects - Quiet Streets": a page title's parts, not one name
            else:
                break
        run = toks[i : run_end + 1]
        if run[0].lower in _SUB_UNITS and run_end + 2 < n and toks[run_end + 1].lower == "at":
            # a department of the body named after "at": the body is the actor, and a name inside
            # the department's ("Department of Health Sciences") is none
            for sp in doc.spans_in(run[0].start, run[-1].end):
                doc.remove_span(sp)
            i = run_end + 2
            continue
        lower_head = None
        k = run_end + 1
        if k < n and doc.text[toks[k - 1].end : toks[k].start] == " ":
            # lower-case modifiers and head after a known place or organisation name
            owner_s = 2 if run[-1].text.endswith(("'s", "\u2019s")) else 0  # "Merton's health and care plan"
            prefix_known = any(
                s.start == run[0].start
                and s.end >= run[-1].end - owner_s
                and doc.entities[s.entity].kind != "Person"  # "Jo Bloggs welcomed the plan": no plan's name
                for s in doc.overlapping(run[0].start, run[0].end)
            )
            limit = 4 if prefix_known else 0
            m = k
            while (
                m < n
                and m - k <= limit
                and toks[m].text.islower()
                and (prefix_known or len(run) >= 2 or (run[0].text.isupper() and len(run[0].text) >= 2))
            ):
                if toks[m].lower in LOWER_HEADS and (
                    toks[m - 1].lower == "to"
                    or toks[m - 1].lower.endswith("ly")
                    or (
                        m + 1 < n
                        and toks[m + 1].lower in ("the", "a", "an", "our", "their", "its")
                        and doc.text[toks[m].end : toks[m + 1].start] == " "  # (not a heading's end)
                    )
                ):
                    break  # "to plan ...", "X and Y jointly fund the ...": a verb, not a head noun
                if toks[m].lower in LOWER_HEADS:
                    org_prefix = prefix_known and any(
                        doc.entities[s.entity].kind in ORG_KINDS
                        for s in doc.overlapping(run[0].start, run[0].end)
                    )
                    if not org_prefix:  # ("a Greater London Authority campaign": the body's, not a name)
                        lower_head = m
                    break
                if toks[m].lower in _DETERMINERS:
                    break  # "NCL ICP agreed its strategy": a clause, not a name's lower-case words
                if doc.text[toks[m].end : toks[m + 1].start if m + 1 < n else toks[m].end] != " ":
                    break
                m += 1
        chosen = _choose_name(run, lower_head, toks)
        if chosen and _generic(doc.text[toks[chosen[0]].start : toks[chosen[1]].end]):
            chosen = None  # a heading or a kind of body, not the name of one
        if (
            chosen
            and _PORTFOLIO_BEFORE.search(doc.text, max(0, toks[chosen[0]].start - 40), toks[chosen[0]].start)
            and _BODY_AFTER.match(doc.text, toks[chosen[1]].end)
        ):
            chosen = None  # "Director of Voluntary Sector Collaboration for the ICS": a portfolio, the body follows
        joint = next(
            (
                k
                for k in (range(chosen[0] + 1, chosen[1]) if chosen else ())
                if toks[k].text.endswith(("'s", "\u2019s"))
                and (toks[k].lower[:-2] in HEADS or toks[k].lower[:-2] in _CLOSING_SUFFIXES)
            ),
            None,
        )
        if chosen and joint is not None:
            # "Kestrel Health CIC's Greenway Memory Service": two names joined by a possessive; the
            # owner's name ends with a company's suffix or a body's head noun
            a, b, kind = chosen
            owner_end = toks[joint].end - 2
            owner = doc.text[toks[a].start : owner_end]
            rest = " ".join(t.text for t in toks[joint + 1 : b + 1])
            owner_kind = head_kind(owner) or (
                "Organisation" if toks[joint].lower[:-2] in _CLOSING_SUFFIXES else None
            )
            if owner_kind and doc.free(toks[a].start, owner_end) and not _generic(owner):
                ent = doc.entity_for_name(owner_kind, owner, "open-name.v1")
                doc.add_span(toks[a].start, owner_end, ent, "open-name.v1")
            rest_kind = head_kind(rest)
            chosen = (joint + 1, b, rest_kind) if rest_kind and b > joint + 1 else None
        if chosen and _topic_not_body(toks[chosen[0] : chosen[1] + 1]):
            chosen = (
                None  # "Reconfiguration of ...", "Preparation for ...", "4.3A Committee": an agenda topic
            )

        if chosen and any(_office(toks, k) for k in range(chosen[0], chosen[1])):
            # "CEO at Tower Hamlets Primary Care Trust": the body's name starts after the post;
            # "Director of Adult Social Services": a post, not a body
            a, b, kind = chosen
            last = max(k for k in range(a, b) if _office(toks, k))
            cut = next((k for k in range(last + 1, b) if toks[k].lower in ("at", "of", "for")), None)
            rest = toks[cut + 1 : b + 1] if cut is not None else []
            if rest and rest[0].lower == "the":
                cut += 1
                rest = rest[1:]
            if (
                rest
                and rest[0].capitalised
                and not any(t.lower in _OFFICE_WORDS for t in rest)
                and not (len(rest) == 1 and rest[0].lower in HEADS)  # "Director of Strategy": a portfolio
            ):
                chosen = (cut + 1, b, head_kind(" ".join(t.text for t in rest)) or kind)
            else:
                chosen = None
        if chosen:
            a, b, kind = chosen
            if (
                b > a + 1
                and b != lower_head  # "Merton's health and care plan": without its owner, no name
                and toks[a].text.endswith(("'s", "\u2019s"))
                and (
                    any(sp.start == toks[a].start for sp in doc.overlapping(toks[a].start, toks[a].end - 2))
                    or (
                        toks[a + 1].lower not in CONNECTORS
                        and toks[a + 1].lower not in HEADS
                        and toks[a].lower[:-2] not in _COMMON_POSSESSORS
                    )
                )
            ):
                a += 1  # "Haringey's Health and Wellbeing Strategy": a known owner is not part of the name
            owner_at = None
            for k in range(b - 1, a - 1, -1):
                if toks[k].text.endswith(("'s", "\u2019s")) and any(
                    sp.end == toks[k].end - 2 for sp in doc.overlapping(toks[a].start, toks[k].end - 2)
                ):
                    owner_at = k
                    if b != lower_head and k > a:
                        a = k + 1  # "NHS England's Urgent Care Strategy": a known owner of several words
                    break
            if (
                kind in ("Strategy", "Programme", "Funding")
                and a > 0
                and toks[a - 1].text.isdigit()
                and doc.text[toks[a - 1].end : toks[a].start] == " "
                and doc.free(toks[a - 1].start, toks[a - 1].end)
            ):
                a -= 1  # "the 10 Year Health Plan": a number that opens the name
            start, end = toks[a].start, toks[b].end
            if b != lower_head and toks[b].lower.endswith("'s") and toks[b].lower[:-2] in HEADS:
                end -= 2  # "the Riverside Partnership's members": the name without the possessive
            if kind in ("Strategy", "Programme"):
                # a year or a period ends the name: "Joint Forward Plan 2025/26", "Strategy 2023-2028"
                year = _NAME_YEARS.match(doc.text, end)
                if year:
                    end = year.end()
            dash = max(doc.text.rfind(" - ", start, end), doc.text.rfind(" \u2013 ", start, end))
            if (
                dash > start
                and len(doc.text[dash + 3 : end].split()) >= 2
                and head_kind(doc.text[dash + 3 : end])
            ):
                start = dash + 3  # "the Families Partnership - Best Start Strategy": the name after the dash
            name = doc.text[start:end]
            if b == lower_head and owner_at is not None:
                # "Merton's new health and care plan": the plan is named "Merton health and care plan"
                words = [t.text for t in toks[owner_at + 1 : b + 1]]
                while words and words[0].lower() in (
                    "new",
                    "draft",
                    "latest",
                    "refreshed",
                    "updated",
                    "first",
                ):
                    words = words[1:]
                name = " ".join([doc.text[start : toks[owner_at].end - 2], *words])
                start = toks[owner_at + 1].start  # the owner keeps its own mention
            if b == lower_head and b - a >= 2 and toks[b].lower in _NAMED_ACTIVITY_HEADS:
                # "the Ageing Well Riverside programme": the programme's name is the capitals
                if owner_at is None and toks[a].lower.endswith("'s") and b - a >= 3:
                    start = toks[a + 1].start  # "the ICB's Closer to Home programme": not the owner
                name = doc.text[start : toks[b - 1].end]
            if (
                b == lower_head
                and owner_at is not None
                and kind in ("Partnership", "Organisation")
                and _COPULA_BEFORE.search(doc.text, max(0, toks[a].start - 12), toks[a].start)
            ):
                pass  # "X is Lambeth's health and care partnership": a description of X, not a name
            elif (
                name.split()[:1]
                and name.split()[0].lower() in NOT_NAME_START
                and all(w.islower() for w in name.split()[1:])
            ):
                pass  # "Our board" (a heading's part): a description that opens with a capital
            elif doc.free(start, end):
                ent = doc.entity_for_name(kind, name, "open-name.v1")
                doc.add_span(start, end, ent, "open-name.v1")
            elif not (kind and _extend_known(doc, start, end, kind, name)):
                # "Age UK Croydon and Riverside Mental Health Foundation": a known name, "and", then
                # another name to read on its own
                after_known = next(
                    (
                        k + 1
                        for k in range(a + 1, b)
                        if toks[k].lower in ("and", "&")
                        and any(
                            sp.end == toks[k - 1].end
                            for sp in doc.overlapping(toks[k - 1].start, toks[k - 1].end)
                        )
                    ),
                    None,
                )
                i = after_known if after_known is not None else b + 1
                continue
            # "Brent CCG and Harrow CCG": the run holds a second name (also after a place's name
            # that ends the first: "Carers Hub Lambeth and Riverside Charity")
            k = b + 1
            while k <= run_end and any(
                doc.entities[sp.entity].kind in PLACE_KINDS
                for sp in doc.overlapping(toks[k].start, toks[k].end)
            ):
                k += 1
            second = k + 1 <= run_end and toks[k].lower in ("and", "&")
            # "Kestrel Health CIC's Greenway Memory Service": the owner, then a name of its own
            possessive = b < run_end and toks[b].text.endswith(("'s", "\u2019s"))
            i = k + 1 if second else (b + 1 if possessive else max(b, run_end) + 1)
        else:
            i = run_end + 1


# parts of a body named with it after "at" ("the School of Nursing at Acme University")
_SUB_UNITS = frozenset(
    {"department", "faculty", "school", "division", "directorate", "unit", "institute", "centre"}
)
# lower-case heads that say what kind of thing a name is without being part of it
_NAMED_ACTIVITY_HEADS = frozenset({"programme", "program", "initiative", "scheme", "project", "pilot"})
_BODY_AFTER = re.compile(r"(?:\s+and\s+[A-Za-z ]{1,40}?)?\s+(?:for|at)\s+(?:the\s+)?[A-Z]")
_PORTFOLIO_BEFORE = re.compile(
    r"(?i:\b(?:director|head|officer|manager|minister|secretary|lead))\s+(?:of|for)\s+$"
)
# words of a post that never stand inside the name of a body before its head noun
# people at work, written before the body they work at ("Staff at X", "Researchers at X")
_PEOPLE_AT_WORK = frozenset(
    {"staff", "volunteers", "researchers", "nurses", "doctors", "clinicians", "teams", "team", "colleagues"}
    | {"students", "academics", "experts", "scientists", "analysts", "specialists", "therapists"}
)
_COPULA_BEFORE = re.compile(r"\b(?:is|was|are|as|becomes|became)\s+(?:the\s+|a\s+|an\s+)?$")
_OFFICE_WORDS = {
    "director",
    "chair",
    "chairman",
    "chairwoman",
    "co-chair",
    "vice-chair",
    "officer",
    "ceo",
    "chief",
}

_COMMON_POSSESSORS = {
    "women",
    "children",
    "men",
    "people",
    "patients",
    "carers",
    "nation",
    "world",
    "king",
    "queen",
    "citizens",
}
_NAME_YEARS = re.compile(r"\s(?:to\s)?(?:19|20)\d\d(?:\s?[/\u2013\u2014-]\s?(?:(?:19|20)?\d\d))?(?![\w/])")
GENERIC_NAMES = frozenset(
    normalise_name(n)
    for n in (
        "Integrated Care Board",
        "Integrated Care System",
        "Integrated Care Partnership",
        "Integrated Care Boards",
        "ICB Board",
        "ICS Board",
        "Board",
        "Trust Board",
        "Health and Wellbeing Board",
        "Primary Care Network",
        "Clinical Commissioning Group",
        "Foundation Trust",
        "NHS Trust",
        "Local Authority",
        "Executive Committee",
        "National Health Service",
        "Hospital",
        "University Hospital",
        "Teaching Hospital",
        "General Hospital",
        "Community Hospital",
        "General Practice",
        "GP Practice",
        "GP Surgery",
        "Group Practice",
        "Medical Practice",
        "Community Interest Company",
        "Limited Company",
        "Charitable Company",
        "Housing Association",
        "GP Federation",
        "Case Study",
        "Case Studies",
        "Clinical Trial",
        "Randomised Controlled Trial",
        "Pilot Study",
        "Feasibility Study",
        "Research Study",
        # a council's or trust's departments, written with capitals in posts ("Senior Commissioning
        # Manager, Public Health"), are not bodies of their own
        "Public Health",
        "Adult Social Care",
        "Children's Services",
        "Adult Social Services",
        "Communities",
    )
)
"""Names of kinds of body: written with capitals, they still name no one body."""


def _generic(name: str) -> bool:
    return normalised(name).replace(" & ", " and ") in GENERIC_NAMES


# heads whose name goes on with "of ...": "Royal College of Nursing", "Institute of Health Equity"
OF_HEADS = frozenset(
    {
        "college",
        "society",
        "institute",
        "association",
        "federation",
        "confederation",
        "department",
        "school",
        "faculty",
        "university",
        "office",
        "academy",
        "royal",
    }
)


_HEAD_FIRST = OF_HEADS - {"royal", "faculty", "school"} | {"centre", "center", "foundation"}  # not sub-units


_COMPANY_SUFFIXES = frozenset({"ltd", "limited", "cic", "llp", "plc", "inc"})


def _choose_name(run: list[Token], lower_head: int | None, toks: list[Token]) -> tuple[int, int, str] | None:
    if not run:
        return None
    base = toks.index(run[0])
    if (
        len(run) in (2, 3)
        and run[0].text in ("Project", "Operation")
        and all(t.capitalised and t.lower not in CONNECTORS and t.lower not in HEADS for t in run[1:])
    ):
        return base, base + len(run) - 1, "Programme"  # "Project Lantern": the kind first, then the name
    if len(run) >= 3 and run[0].lower in _HEAD_FIRST and run[1].lower in ("of", "for"):
        # the head first: "Centre for Mental Health", "Institute for Fiscal Studies"; a second
        # name after "and" is not part of it ("Centre for Ageing Better and Camden Council")
        end = len(run) - 1
        for k in range(2, len(run)):
            if run[k].lower in ("and", "&") and any(t.lower in HEADS for t in run[k + 1 :]):
                end = k - 1
                break
        while end > 1 and run[end].lower in CONNECTORS:
            end -= 1
        if end >= 2:
            return base, base + end, HEADS.get(run[0].lower) or "Organisation"
    # the name ends at the first head noun, or a chain of heads ("Partnership Board")
    for idx, t in enumerate(run):
        if idx > 0 and t.lower.endswith("'s") and t.lower[:-2] in HEADS:
            # "the Riverside Partnership's members": the possessive ends the name at its head
            kind = HEADS[t.lower[:-2]]
            if t.lower[:-2] == "trust" and {x.lower for x in run[:idx]} & _NHS_TRUST_WORDS:
                kind = "NHSTrust"
            return base, base + idx, kind
        if t.lower in HEADS and idx > 0 and run[idx - 1].lower not in ("in", "at"):
            # (not "Sexual Health in Pharmacy", "Care at Home": a setting, not the head)
            end = idx
            if (
                t.lower in _SETTING_HEADS
                and len(run) - idx - 1 in (2, 3)
                and HEADS.get(run[-1].lower) == "Programme"
                and all(x.capitalised and x.lower not in CONNECTORS for x in run[idx + 1 :])
            ):
                return base, base + len(run) - 1, "Programme"  # "Islington School Nursing Service"
            while end + 1 < len(run) and run[end + 1].lower in HEADS:
                end += 1
            suffix = [k for k in range(end + 1, min(len(run), end + 4)) if run[k].lower in _COMPANY_SUFFIXES]
            if suffix and all(run[k].lower not in CONNECTORS for k in range(end + 1, suffix[0])):
                end = suffix[0]  # "Westbrook Pharmacy Services Ltd": a company's name goes on to its suffix
            k = end + 1  # "... Hospitals NHS Foundation Trust": the trust's name goes on to "Trust"
            while k < len(run) and run[k].lower in ("nhs", "foundation", "university", "hospitals", "trust"):
                if run[k].lower == "trust":
                    end = k
                k += 1
            if run[end].lower in OF_HEADS and end + 2 < len(run) and run[end + 1].lower in ("of", "for"):
                # "Royal College of Nursing", "Department of Health and Social Care", "National
                # Institute for Health and Care Research"
                end = len(run) - 1
                while end > idx and run[end].lower in CONNECTORS:
                    end -= 1
                later = [k for k in range(idx + 1, end + 1) if run[k].lower in HEADS]
                if later and run[later[-1]].lower not in OF_HEADS:
                    end = later[-1]
                    while end + 1 < len(run) and run[end + 1].lower in HEADS:
                        end += 1
                kind = (
                    HEADS[run[idx].lower]
                    if not later or run[later[-1]].lower in OF_HEADS
                    else HEADS[run[end].lower]
                )
                return base, base + end, kind
            if (
                run[end].lower in ("college", "university", "school")
                and end + 1 < len(run)
                and run[end + 1].lower == "london"
            ):
                return base, base + end + 1, "Organisation"  # "King's College London"
            kind = HEADS[run[end].lower]
            if run[end].lower == "trust" and {t.lower for t in run[:end]} & _NHS_TRUST_WORDS:
                kind = "NHSTrust"
            if run[end].lower == "partners" and end + 2 < len(run) and run[end + 1].lower == "in":
                # "X Partners in Health and Care": the partnership's name runs on after "in"
                last = len(run) - 1
                while last > end + 1 and run[last].lower in CONNECTORS:
                    last -= 1
                if last > end + 1 and all(
                    t.capitalised or t.lower in CONNECTORS for t in run[end + 2 : last + 1]
                ):
                    end = last
            tail = run[end + 1 :]
            if (
                run[end].lower in _MID_NAME_HEADS
                and 1 <= len(tail) <= 2
                and all(
                    t.capitalised
                    and t.lower not in HEADS
                    and t.lower not in ROLE_WORDS
                    and t.lower not in _OFFICE_WORDS
                    and t.lower.rstrip(".") not in HONORIFICS
                    and t.lower not in CONNECTORS
                    and t.lower not in _CALENDAR_WORDS
                    and not _is_place_word(t)
                    for t in tail
                )
            ):
                end = len(run) - 1  # "Newham Mind Matters", "Barnet Outreach Health": the name runs on
            if kind and not (run[end].lower in WEAK_HEADS and end < 1):
                return base, base + end, kind
    if lower_head is not None:
        kind = HEADS[toks[lower_head].lower]
        return base, lower_head, kind
    # two-word company names: "Edge Health", "Acme Digital"
    if (
        len(run) == 2
        and run[1].lower in COMPANY_SUFFIXES
        and run[0].lower not in GENERIC_MODIFIERS
        and not _is_place_word(run[0])
    ):
        return base, base + 1, "Organisation"
    return None


# places where a service is given, which may stand inside the service's name ("School Nursing Service")
_SETTING_HEADS = frozenset({"school", "hospital", "college", "practice", "surgery", "clinic", "centre"})
# heads that often stand inside a name of capitalised words rather than at its end
_MID_NAME_HEADS = frozenset({"mind", "outreach", "bus", "line", "hub", "club", "action", "team", "unit"})
_CALENDAR_WORDS = _NOT_PROGRAMME_WORDS  # the days and the months


def _is_place_word(t: Token) -> bool:
    return t.lower in {
        "london",
        "north",
        "south",
        "east",
        "west",
        "central",
        "england",
        "kent",
        "surrey",
        "essex",
    }


def _person_then_body(doc: DocModel, span: Span) -> bool:
    """Is ``span`` a person's name followed by "of", "from" or "at" and a body's ("Lena Sorensen of
    Merton Voluntary Network"), not the first words of a longer name ("Riverside Estates Trust")?"""
    return doc.entities[span.entity].kind == "Person" and bool(
        re.match(r" (?:of|from|at) (?:the )?[A-Z]", doc.text[span.end : span.end + 10])
    )


def _extend_known(doc: DocModel, start: int, end: int, kind: str, name: str | None = None) -> bool:
    """A known mention followed by more of a name ("ICB Quality and Performance Committee") is a new
    name that contains it; the contained mention's entity stays linked through partOf rules."""
    inside = doc.spans_in(start, end)
    if not inside or any(s.start == start and s.end == end for s in inside):
        return False
    if any(_person_then_body(doc, s) for s in inside):
        return False  # "Lena Sorensen of Merton Voluntary Network": a person and a body, not one name
    if any(re.match(r"\s+[-\u2013\u2014]\s", doc.text[s.end : end]) for s in inside):
        return False  # "North East London ICB - Board meeting": a heading's parts, not one name
    only_places = all(doc.entities[s.entity].kind in PLACE_KINDS for s in inside)
    actors = [s for s in inside if doc.entities[s.entity].kind not in PLACE_KINDS]
    adjacent = all(not doc.text[a.end : b.start].strip() for a, b in itertools.pairwise(inside))
    if (len(actors) > 1 and not adjacent) or any(
        re.match(r"\s*(?:,|and\b|&)", doc.text[s.end : end]) for s in inside
    ):
        return False  # "A and B Trust" is a list of two known names, not a new one
    # (but "NIHR GOSH Clinical Research Facility": known short forms run into one name)
    if not (only_places or any(s.start == start for s in inside)) or any(
        s.start < start < s.end or s.start < end < s.end for s in doc.overlapping(start, end)
    ):
        return False  # "Leader of Sutton Council" is a role, not a new name
    for s in inside:
        doc.remove_span(s)
    ent = doc.entity_for_name(kind, name or doc.text[start:end], "open-name.v1")
    doc.add_span(start, end, ent, "open-name.v1")
    return True


def _name_tokens(toks: list[Token], i: int, limit: int = 3) -> int:
    """How many person-name tokens start at ``toks[i]`` (capitalised words, no heads)."""
    n = 0
    while i + n < len(toks) and n < limit:
        t = toks[i + n]
        if n and t.start - toks[i + n - 1].end != 1:
            break
        ok = t.name_word
        if ok is None:
            ok = t.name_word = _name_word(t)
        if ok == _NEVER or (ok == _AFTER_FIRST and not n):
            break
        if n == 0 and t.lower.endswith(("'s", "\u2019s")):
            break  # "Board's Terms": a possessive opens no one's name
        n += 1
    return n


_SURNAME_HEADS = frozenset({"grant", "hall", "church"})
_NEVER, _AFTER_FIRST, _ANYWHERE = 0, 1, 2  # where a token can stand in a person's name


def _name_word(t: Token) -> int:
    """Where ``t`` can be a word of a person's name: a capitalised word of letters (hyphens and
    apostrophes allowed) that is no head noun, role, common opener, acronym or form field stands
    anywhere; a head noun that is also a surname ("Sharon Grant") only after the first word."""
    if not (
        t.text[:1].isupper() and t.text[1:].replace("-", "").replace("'", "").replace("\u2019", "").isalpha()
    ):
        return _NEVER
    if t.lower in _FIELD_LABELS:
        return _NEVER  # "Contact: Jane Doe Email: ...": a form's next field, not a surname
    if t.lower in HEADS or t.lower in NOT_NAME_START or t.lower in ROLE_WORDS or t.text.isupper():
        return _AFTER_FIRST if t.lower in HEADS and t.lower in _SURNAME_HEADS else _NEVER
    return _ANYWHERE


_FIELD_LABELS = frozenset(
    {"email", "e-mail", "tel", "telephone", "phone", "mobile", "fax", "web", "website", "venue", "address"}
)


# every role word, longest first, for the patterns below
_ROLE_WORDS_RE = "|".join(sorted((re.escape(w) for w in ROLE_WORDS), key=len, reverse=True))

_POSSESSIVE_MARK = re.compile(r"['\u2019]s\b|s['\u2019]\s")
# "Unison's regional organiser, Dee Grant": a name whose post is given, with the holder after it, is
# a body's ("X's chief executive, Jane Doe"), even a one-word name nothing else shows is a body
_POST_OWNER = re.compile(
    r"(?<![\w\u2019'])([A-Z][A-Za-z&+-]+(?:\s+[A-Z][A-Za-z&+-]+){0,3})(?:['\u2019]s|(?<=s)['\u2019])\s+"
    r"(?:[a-z-]+\s+){0,3}?(?:"
    + _ROLE_WORDS_RE
    + r"),\s+(?:(?:Dr|Prof|Professor|Cllr|Councillor|Sir|Dame)\.?\s+)?[A-Z][a-z]+\s+[A-Z]"
)


def _post_owners(doc: DocModel, s_start: int, s_end: int) -> None:
    for m in _POST_OWNER.finditer(doc.text, s_start, s_end):
        start, end = m.start(1), m.end(1)
        words = m.group(1).split()
        if not doc.free(start, end) or any(
            w.lower() in NOT_NAME_START
            or w.lower() in ROLE_WORDS
            or w.lower().rstrip(".") in HONORIFICS
            or w.lower() in _NOT_PROGRAMME_WORDS
            or _is_place_word(Token(w, 0, 0))
            for w in words
        ):
            continue
        if start == s_start and len(words) == 1 and common_opener(doc, Token(words[0], start, end)):
            continue
        known = next(  # "ELBHP's": a name (or an acronym) the document has already given someone
            (i for i, e in enumerate(doc.entities) if m.group(1) in e.surfaces or m.group(1) == e.name), None
        )
        ent = (
            known
            if known is not None
            else doc.entity_for_name(head_kind(m.group(1)) or "Organisation", m.group(1), "post-owner.v1")
        )
        doc.add_span(start, end, ent, "post-owner.v1")


# a role in apposition after the name: ", the council's director of public health", ", deputy
# chief executive", " – Vice-Chair"
_ROLE_AFTER = re.compile(
    r"(?:,\s+|\s+[\u2013\u2014-]\s+|\s*\(\s*|[ ]*\t[ \t]*|\s+\|\s+)(?:(?:currently|now|formerly|previously|also)\s+)?(?:the\s+|a\s+|an\s+|its\s+|their\s+|our\s+)?"
    r"(?:(?:[A-Z][\w&\u2019'-]*\s+){0,5}[\w\u2019'-]+(?:'s|\u2019s)\s+)?"  # "Jane Doe, Acme Health Ltd's chair"
    r"(?:new\s+|interim\s+|acting\s+|former\s+|joint\s+|senior\s+|(?:[A-Za-z-]+\s+){1,2}(?=(?i:"
    + _ROLE_WORDS_RE
    + r")\b))?([A-Za-z-]+)"
)
# what only a person does: a relative clause of office (", who leads ..."), the set phrases of
# minutes (declaring an interest, presenting a paper)
_PERSON_AFTER = re.compile(
    r",\s+who\s+(?:chairs|chaired|leads|led|heads|headed|joined|joins|has\s+joined|founded|co-founded|set\s+up"
    r"|stepped\s+down|steps\s+down|retired|resigned|left|has\s+left|will\s+leave|served|has\s+served"
    r"|is\s+(?:currently\s+|now\s+|also\s+)?(?:the|a|an|its|their)\b"
    r"|is\s+(?:currently|now|also)\s+(?:interim\s+|acting\s+|deputy\s+)?(?:chief|chair|director|head)\b|was\s+(?:the|a|an)\b|has\s+(?:chaired|led|been)\b"
    r"|(?:was|is|had\s+been)\s+(?:re-?)?(?:appointed|elected)\b)"
    # "X works as a dementia nurse at Y", "X has held senior roles at Y"
    r"|\s+(?:works|worked|has\s+worked|is\s+working)\s+as\s+(?:a|an|the)\s"
    r"|\s+(?:has\s+|had\s+|previously\s+)?held\s+(?:a\s+)?(?:number\s+of\s+|series\s+of\s+)?"
    r"(?:senior\s+|several\s+|various\s+|leadership\s+|executive\s+|board\s+)*(?:roles|posts|positions)\b"
    r"|\s+(?:declared\s+(?:an\s+interest|that)|thanked|presented\s+the|introduced\s+the)\b"
    # "Jane Doe leads the programme", "Jane Doe chairs the board"
    r"|\s+(?:leads|co-leads|chairs|co-chairs|heads)\s+(?:the|a|an|its|our|their)\s"
    r"|\s+(?:has\s+|have\s+|will\s+)?(?:joined|joins|join|returns|returned)\s+(?:[\w&'\u2019-]+\s+){0,6}?as\s+(?:the\s+|its\s+|a\s+|an\s+)?(?:new\s+|interim\s+)?(?:[a-z-]+|(?:[A-Z][a-z-]+\s+){0,2}(?i:"
    + _ROLE_WORDS_RE
    + r")\b)"
    # taking up a post: "took up the post of", "will take over as"
    r"|\s+(?:has\s+|will\s+|is\s+to\s+)?(?:took|takes|take|taken|taking)\s+(?:up\s+(?:the|a|her|his|their)\s+(?:new\s+)?(?:post|role|position)|over\s+as)\b"
    # things only people do: chair a body, step down or retire from a post
    r"|\s+(?:chairs|co-chairs|chaired|co-chaired)\s+(?:the|its|their|our)\b"
    r"|\s+(?:has\s+|will\s+|is\s+to\s+)?(?:stepped|steps|step|stepping)\s+down\b"
    r"|\s+(?:has\s+|will\s+|is\s+to\s+)?(?:retired|retires|retire)\s+(?:as|from|after|in|at)\b"
)
# a role just before the name (", the board's deputy chair, Name", "director of strategy, Name") and
# a byline ("By Name,")
_ROLE_BEFORE = re.compile(
    rf"(?:\b(?i:{'|'.join(sorted((re.escape(w) for w in ROLE_WORDS if w not in ('member', 'partner', 'programme', 'finance', 'clinical', 'medical', 'cabinet', 'executive')), key=len, reverse=True))})"
    r"(?:\s+(?:of|for)\s+[a-z][a-z,' -]{0,40}?)?,\s+$)|(?:^|\n)\s*By\s+$"
)


_FROM_AFTER = re.compile(r"\s+(?:from|of|at)\s+\S|,\s+(?:from|of)\s+(?:the\s+)?[A-Z]")
# "Jane Doe has stepped down", "Jane Doe retired in May": what only a person does
_LEAVES_AFTER = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+|will\s+)?(?:stepped\s+down|steps\s+down|step\s+down|retired|retires|retire"
    r"|resigned|resigns|resign)\b"
)
# honours after a name ("Jane Doe CBE") and being appointed or elected ("Jane Doe has been appointed")
_INITIALS_AFTER = re.compile(r"(?:\s+(?:CBE|OBE|MBE|CB|KBE|DBE))?\s*\([A-Z]{2,4}\)")
_HONOURS_AFTER = re.compile(r"\s+(?:CBE|OBE|MBE|CB|KBE|DBE|BEM|FRCP|FRCS|FRCGP)\b")
_APPOINTED_AFTER = re.compile(
    r"\s+(?:\([A-Z]{2,4}\)\s+)?(?:has\s+been|have\s+been|had\s+been|was|were|is|be|will\s+be)\s+(?:re-?)?(?:appointed|elected|named|confirmed|nominated)\b"
    # "X becomes the new chair", "X will be its next chief executive": a person taking a post
    r"|\s+(?:becomes|became|will\s+become|will\s+be|is\s+to\s+be|has\s+become"
    r"|will\s+act\s+as|acts\s+as|is\s+acting\s+as|will\s+serve\s+as|serves\s+as|will\s+join\s+as)\s+"
    r"(?:(?:the|its|their|our|an?)\s+)?"
    r"(?:new\s+|next\s+|first\s+|interim\s+|permanent\s+)?(?:" + _ROLE_WORDS_RE + r")\b"
)
# "X is group chief executive of ...": a post only a person holds (not "lead" or "partner")
_HOLDS_POST_AFTER = re.compile(
    r"\s+(?:is|was|has\s+been|remains)\s+(?:previously\s+|formerly\s+|also\s+|now\s+|currently\s+)?"
    r"(?:the\s+|its\s+|their\s+|our\s+)?"
    r"(?:(?:[A-Z][\w&\u2019'-]*\s+){0,5}[\w\u2019'-]+(?:'s|\u2019s)\s+)?"  # "X is Acme Health Ltd's chair"
    r"(?i:(?:(?:new|interim|acting|group|joint|deputy|executive|non-executive|clinical|medical|independent)\s+)*"
    r"(?:chief\s+executive|chief\s+officer|chief\s+nurse|chair|chairman|chairwoman|vice-chair|co-chair"
    r"|director|councillor|cabinet\s+member|mayor|(?:[a-z]+\s+)?manager|(?:[a-z]+\s+)?officer|head\s+of|co-?ordinator|secretary"
    r"|treasurer|trustee|co-founder|founder|governor))\b"
    # "X has chaired Y since 2021", "X chairs the Y": bodies do not chair bodies
    r"|\s+(?:has\s+|had\s+|also\s+|now\s+)?(?:chairs|chaired|co-chairs|co-chaired)\s+(?:the\s+)?[A-Z]"
    # "X is a former finance director of Y": a post a body does not hold
    r"|\s+(?:is|was)\s+(?:also\s+)?an?\s+(?:former\s+|retired\s+|past\s+)?(?:[a-z]+\s+)?"
    r"(?:chief\s+executive|chair|director|trustee|governor|councillor|treasurer|secretary|founder)\s+(?:of|at)\s"
    # "X will join us on 1 November as Chief Finance Officer"
    r"|\s+(?:will\s+join|joins|has\s+joined|is\s+joining)\s+(?:us|the\s+[a-z]+|[A-Z][^,.;\n]{0,60}?)"
    r"(?:\s+(?:on|in|from)\s+[^,.;\n]{1,20}?)?\s+as\s+(?:(?:its|our|the|an?)\s+)?(?:new\s+|interim\s+)?"
    r"(?i:" + _ROLE_WORDS_RE + r")\b"
    # "X joined the board of Y as a non-executive director": a person takes a seat on a board
    r"|\s+(?:has\s+|had\s+)?(?:joined|joins|will\s+join)\s+the\s+board\s+of\s"
    # "X is employed by Y": a body is not employed
    r"|\s+(?:is|was|has\s+been|had\s+been)\s+(?:also\s+|now\s+|previously\s+)?employed\s+by\s"
    # "X is a GP at Y", "X was a consultant midwife at Y": a clinician's job at a body
    r"|\s+(?:is|was|has\s+been|works\s+as)\s+(?:also\s+|now\s+|previously\s+)?(?:a|an)\s+(?:[a-z]+\s+)?"
    r"(?:GP|nurse|consultant|midwife|pharmacist|physiotherapist|surgeon|psychiatrist|paediatrician|doctor"
    r"|dentist|health\s+visitor|social\s+worker|psychologist|therapist|dietitian|registrar)\s+(?:at|with|in)\s+[A-Z]"
)
_SAID_AFTER = re.compile(
    r",?\s+(?:said|says|told|added|explained|praised|welcomed|warned|stressed|urged|argued|acknowledged)\b"
    r"|,\s+\d{2},"  # "Jane Doe, 54, has lived ...": an age
)
_AS_ROLE_AFTER = re.compile(
    r"\s+as\s+(?:its\s+|their\s+|the\s+|an?\s+)?(?:new\s+|interim\s+|acting\s+|joint\s+)?"
    r"(?:[A-Z][a-z-]+\s+){0,2}(?:[a-z-]+|(?i:" + _ROLE_WORDS_RE + r")\b)"
)
# the set phrases of minutes that name people: "moved by", "seconded by", "apologies ... from"
_MINUTES_BEFORE = re.compile(
    r"(?:\b(?:(?:moved|seconded|proposed|represented|presented|introduced|nominated|chaired|led|co-led|headed|written"
    r"|authored)\s+by|received\s+from|according\s+to|thanks\s+to"
    r"|apologies\s+from|contact:?|thanked|welcomed)"
    # a minutes' list line: "Apologies: A, Org; B, Org", "Also present: C (Clerk)"
    r"|(?:^|\n)\s*(?:present|apologies|also\s+present|in\s+attendance|attendees|members\s+present)\s*:(?:[^\n]*;)?)"
    r"\s+(?:(?:deputy|alderman|councillor|cllr|dr|mr|mrs|ms|sir|dame|professor)\.?\s+)?$",
    re.I,
)
_OF_PERSON_BEFORE = re.compile(
    r"\b(?:appointment|election|chairmanship|leadership|resignation|retirement)\s+of\s+$"
)
_FOUNDED_AFTER = re.compile(r"\s+(?:co-founded|founded|set\s+up)\s+(?:the\s+)?[A-Z]")
_APPOINTED_BEFORE = re.compile(
    r"\b(?:appointed|named|confirmed|welcomed|announced|chosen|chose|selected|hired|recruited|elected"
    r"|appointment\s+of|election\s+of|chairmanship\s+of)\s+$"
)
_SAID_OR_ROLE_BEFORE = re.compile(
    r"(?:\bsaid|\b(?:chief executive|chair|ceo|director|leader|lead|head|founder|co-founder|minister|mayor|secretary"
    r"|representatives?|volunteers?|trustees?|governors?|members|(?:board|executive|lay|independent) member"
    r"|successor|predecessor|deputy|replaces|replaced|succeeds|succeeded|takes\s+over\s+from"
    r"|chairmanship\s+of|leadership\s+of"
    r"|nurse|midwife|doctor|gp|surgeon|physician|paediatrician|psychiatrist|pharmacist|consultant|manager|officer"
    r"|councillor|governor|trustee|campaigner|researcher|professor|spokeswoman|spokesman|spokesperson)(?:,|\s+(?:is|was|will\s+be|has\s+been))?)\s+$",
    re.I,
)
_ROLE_OF_ORG_BEFORE = re.compile(
    r"\b(?:chief executive|chair|ceo|director|leader|head|minister|mayor|secretary of state)\s+(?:of|for|at)\s+(?:the\s+)?[A-Z][\w'\u2019&-]*(?:\s+(?:and\s+|of\s+)?[A-Z][\w'\u2019&-]*){0,5},\s+$",
    re.I,
)

# "Lead Nurse for Safeguarding Children at Acme Trust, Jane Doe": any post, its field, its body, a comma
_POST_AT_ORG_BEFORE = re.compile(
    rf"(?i:{_ROLE_WORDS_RE})(?:\s+(?:of|for)\s+[A-Za-z'\u2019 -]{{1,50}}?)?\s+(?:of|for|at)\s+(?:the\s+)?"
    r"[A-Z][\w'\u2019&-]*(?:\s+(?:and\s+|of\s+)?[A-Z][\w'\u2019&-]*){0,7}"
    # "Appointed chief operating officer of X in January, Jane Doe ...": when, before the comma
    r"(?:\s+(?:in|from|since|on|last)\s+(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December|year|\d{4})(?:\s+\d{4})?)?,\s+$"
)
# "Chair: Jane Doe", "Chief Executive – Jane Doe": a line that opens with a post and a colon or dash
_POST_LABEL_BEFORE = re.compile(
    rf"(?:^|\n|;[ \t]|:[ \t])[ \t]*(?:(?:[\u2022\u25aa\u00b7*-]|\d{{1,2}}[.)])[ \t]+)?(?:[A-Za-z'\u2019-]+[ \t]+){{0,3}}(?i:{_ROLE_WORDS_RE})(?:[ \t]+(?:of|for)[ \t]+[A-Za-z ,&'-]{{1,40}})?"
    r"[ \t]*[:\u2013\u2014-][ \t]*(?:(?:Dr|Cllr|Councillor|Professor|Prof|Sir|Dame|Mr|Mrs|Ms|Miss)\.?[ \t]+)?$"
)
# a name alone on its line, its post alone on the next ("Jane Doe" / "Chief Executive")
_POST_LINE_AFTER = re.compile(
    rf"[ \t]*\n[ \t]*(?:[A-Za-z-]+[ \t]+){{0,3}}(?i:{_ROLE_WORDS_RE})\b[^\n.]{{0,60}}(?:\n|$)"
)
# "Mayor of London Sadiq Khan said", "Leader of Camden Council Jane Doe": a post of one place or body
_ROLE_OF_NAME_BEFORE = re.compile(
    r"\b(?i:mayor|leader)\s+(?:of|for)\s+(?:the\s+)?"
    r"[A-Z][\w'\u2019&-]*(?:[ ]+[A-Z][\w'\u2019&-]*){0,2}[ ]+$"
)

# "3. Jane Doe, senior health economist, Acme Health Partners": a list line of a name, a post in
# lower case and a body (the name opens the line)
_POST_THEN_BODY_LINE_AFTER = re.compile(
    r",[ \t]+(?:[a-z][a-z-]*[ \t]+){0,4}[a-z][a-z-]*,[ \t]+[A-Z][^\n,;]{2,80}(?:\n|$)"
)
_LINE_OPENING = re.compile(r"(?:^|\n)[ \t]*(?:(?:[\u2022\u25aa\u00b7*-]|\d{1,2}[.)])[ \t]+)?$")

# "Trustees:" / "- Jane Doe (Chair)" / "- John Roe": a list item under a label of posts held by people
_POSTS_LIST_ABOVE = re.compile(
    r"(?im)^[ \t]*(?:our[ \t]+|the[ \t]+)?(?:trustees|board[ \t]+of[ \t]+trustees|directors|non-executive[ \t]+directors"
    r"|governors|patrons|officers|members[ \t]+of[ \t]+the[ \t]+board|board[ \t]+members)[ \t]*:[ \t]*\n"
    r"(?:[ \t]*[-\u2022*\u00b7][^\n]*\n){0,12}[ \t]*[-\u2022*\u00b7][ \t]*(?:(?:Dr|Cllr|Professor|Prof|Mr|Mrs|Ms|Sir|Dame)\.?[ \t]+)?$"
)

# people named by what they are to the story: "Patient Jane Doe" is Jane Doe
_STORY_ROLES = frozenset(
    {"patient", "resident", "carer", "volunteer", "pensioner", "mum", "dad", "grandmother"}
)


def _people(doc: DocModel, toks: list[Token]) -> None:
    for i, t in enumerate(toks):
        if not t.text[:1].isupper():  # a name and an honorific both start with a capital
            continue
        if t.lower in _STORY_ROLES and i + 2 < len(toks) and _name_tokens(toks, i + 1) in (2, 3):
            continue  # the name starts after it
        found = None
        if (
            t.text in ("St", "St.", "Saint")
            and i + 1 < len(toks)
            and toks[i + 1].lower.endswith(("'s", "s'"))
        ):
            continue  # "St Oswin's": a body named after a saint, not a person
        # "Dr Bill Kirkup", "Councillor Ruth Dombey"
        if t.lower.rstrip(".") in HONORIFICS:
            k = _name_tokens(toks, i + 1)
            if k >= 1 and not (k == 1 and t.lower.rstrip(".") in ("professor", "lord", "lady")):
                found = (i + 1, i + k, toks[i].start)
        if (
            found is None
            and (k := _name_tokens(toks, i)) in (2, 3)
            and (
                i == 0
                or not toks[i - 1].capitalised
                or toks[i - 1].lower in NOT_NAME_START
                or doc.text[toks[i - 1].end : t.start].strip() in (",", ":", ";", "),", ");")
                or toks[i - 1].lower in ROLE_WORDS
                or toks[i - 1].lower in _STORY_ROLES
                or _ROLE_OF_NAME_BEFORE.search(doc.text, max(0, t.start - 60), t.start)
                or any(  # "North East London Marie Gabriel CBE": a name after a place's name
                    doc.entities[sp.entity].kind in PLACE_KINDS and sp.end == toks[i - 1].end
                    for sp in doc.overlapping(toks[i - 1].start, toks[i - 1].end)
                )
            )
        ):
            after = doc.text[toks[i + k - 1].end : toks[i + k - 1].end + 60]
            initials = _INITIALS_AFTER.match(after)
            if initials:  # "Jane Doe (JD), Chief Executive": read past the initials
                after = after[initials.end() :]
            before = doc.text[max(0, t.start - 80) : t.start]
            role_after = _ROLE_AFTER.match(after)
            if (
                (
                    (
                        role_after
                        and role_after.group(1).lower() in ROLE_WORDS
                        and _looks_like_name_pair(toks[i : i + k])
                    )
                    or (_looks_like_name_pair(toks[i : i + k]) and _PERSON_AFTER.match(after))
                    or (before.rstrip().endswith((",", "By")) and _ROLE_BEFORE.search(before))
                    or _FROM_AFTER.match(after)
                    and _looks_like_name_pair(toks[i : i + k])
                    or (
                        _SAID_AFTER.match(after)
                        # "the Centre for Civic Health, said": the end of a body's name, not a person
                        and not (i >= 2 and toks[i - 1].lower in CONNECTORS and toks[i - 2].capitalised)
                    )
                    or _HONOURS_AFTER.match(after)
                    or (_APPOINTED_AFTER.match(after) and _looks_like_name_pair(toks[i : i + k]))
                    or (_LEAVES_AFTER.match(after) and _looks_like_name_pair(toks[i : i + k]))
                    # "Olivia Stanhope founded Forget-Me-Not Croydon in 2017"
                    or (_FOUNDED_AFTER.match(after) and _looks_like_name_pair(toks[i : i + k]) and k == 2)
                    or (_HOLDS_POST_AFTER.match(after) and _looks_like_name_pair(toks[i : i + k]))
                    or _AS_ROLE_AFTER.match(after)
                    and _APPOINTED_BEFORE.search(before)
                    or _SAID_OR_ROLE_BEFORE.search(before)
                    or (_MINUTES_BEFORE.search(before) and _looks_like_name_pair(toks[i : i + k]))
                    or (
                        before.endswith(" and ")
                        and _looks_like_name_pair(toks[i : i + k])
                        and any(
                            doc.entities[sp.entity].kind == "Person"
                            for sp in doc.overlapping(t.start - 6, t.start - 5)
                        )
                    )
                    or (before.rstrip().endswith(",") and _ROLE_OF_ORG_BEFORE.search(before))
                    or (
                        before.rstrip().endswith(",")
                        and _looks_like_name_pair(toks[i : i + k])
                        and _POST_AT_ORG_BEFORE.search(doc.text, max(0, t.start - 140), t.start)
                    )
                    or (_ROLE_OF_NAME_BEFORE.search(before) and _looks_like_name_pair(toks[i : i + k]))
                    or (_POST_LABEL_BEFORE.search(before) and _looks_like_name_pair(toks[i : i + k]))
                    or (
                        _POST_THEN_BODY_LINE_AFTER.match(after)
                        and _LINE_OPENING.search(before)
                        and _looks_like_name_pair(toks[i : i + k])
                    )
                    or (
                        _POST_LINE_AFTER.match(after)
                        and _looks_like_name_pair(toks[i : i + k])
                        and not doc.text[doc.text.rfind("\n", 0, t.start) + 1 : t.start].strip()
                    )
                    or (
                        _looks_like_name_pair(toks[i : i + k])
                        and _org_in_brackets_after(doc, toks[i + k - 1].end)
                    )
                    or (
                        _looks_like_name_pair(toks[i : i + k])
                        and _LINE_OPENING.search(before)
                        and _org_after_dash(doc, toks[i + k - 1].end)
                    )
                    or (
                        _looks_like_name_pair(toks[i : i + k])
                        and _POSTS_LIST_ABOVE.search(doc.text, max(0, t.start - 300), t.start)
                    )
                )
                and not _common_words(doc, toks[i : i + k])
                # "the campaign group Save Our Beds said": the name a descriptor gives is a body's
                and not _DESCRIBED_BEFORE.search(before)
                and t.lower not in _NOT_GIVEN_NAMES
                and not (t.lower.endswith("ing") and len(t.lower) > 5)  # "Safeguarding Adults": a field
                and not (
                    i > 0
                    and toks[i - 1].lower in ("for", "of")
                    and not _OF_PERSON_BEFORE.search(before)  # (but "the appointment of Jane Doe")
                )  # "Lead Nurse for Safeguarding Adults"
                and not _starts_with_place(doc, t)
                and not any(x.lower in _BODY_WORDS for x in toks[i : i + k])
            ):
                found = (i, i + k - 1, None)
        if found is None:
            continue
        a, b, honour_start = found
        if all(_is_place_word(x) for x in toks[a : b + 1]):
            continue  # "South East London" after a role: a place, not a person
        start, end = toks[a].start, toks[b].end
        if doc.text[end - 2 : end] in ("'s", "\u2019s"):
            end -= 2  # "Jane Doe's report": the name without the possessive
        if not doc.free(start, end) or "\t" in doc.text[start:end]:
            continue  # (a person's name never crosses a table's cell: "Name<tab>Role" is a header)
        name = doc.text[start:end]
        ent = doc.entity_for_name("Person", name, "person.v1")
        doc.add_span(start, end, ent, "person.v1")
        if honour_start is not None:
            doc.entities[ent].add_surface(doc.text[honour_start:end])
        _affiliation(doc, toks, b + 1)
    _listed_people(doc, toks)


def _affiliation(doc: DocModel, toks: list[Token], i: int) -> None:
    """ "Name from X": X is an organisation even when the register does not know it ("i4H")."""
    if i + 1 >= len(toks) or toks[i].lower != "from":
        return
    j = i + 1
    if toks[j].lower == "the":
        j += 1
    k = j
    while k < len(toks) and k - j < 5 and (toks[k].capitalised or (toks[k].lower in CONNECTORS and k > j)):
        if k > j and doc.text[toks[k - 1].end : toks[k].start] != " ":
            break
        k += 1
        if toks[k - 1].lower in _CLOSING_SUFFIXES:
            break  # "from Acme Ltd and Jo Bloggs": a company's suffix ends its name
    while k > j and toks[k - 1].lower in CONNECTORS:
        k -= 1
    if k == j:
        return
    start, end = toks[j].start, toks[k - 1].end
    if doc.free(start, end):
        kind = head_kind(doc.text[start:end]) or "Organisation"
        ent = doc.entity_for_name(kind, doc.text[start:end], "affiliation.v1")
        doc.add_span(start, end, ent, "affiliation.v1")


def _starts_with_place(doc: DocModel, tok: Token) -> bool:
    """Does a run begin with a borough's or place's name ("Enfield Courier", "Croydon Voice")? No
    person's name does."""
    return doc.register is not None and tok.lower in _single_word_places(doc.register)


def _org_in_brackets_after(doc: DocModel, end: int) -> bool:
    """Is ``end`` followed by a known organisation in brackets ("Dan Fox (Healthwatch Camden)")?"""
    m = re.match(r" \(", doc.text[end : end + 2])
    if not m:
        return False
    inside = [sp for sp in doc.overlapping(end + 2, end + 3) if sp.start == end + 2]
    return bool(
        inside
        and doc.entities[inside[0].entity].kind in ORG_KINDS
        and doc.text[inside[0].end : inside[0].end + 1] == ")"
    )


def _org_after_dash(doc: DocModel, end: int) -> bool:
    """Is ``end`` followed by a dash and a known organisation that ends the line ("Helen Ashdown –
    Healthwatch Croydon" in a minutes' attendance list)?"""
    m = re.match(r"[ \t]+[\u2013\u2014-][ \t]+", doc.text[end : end + 4])
    if not m:
        return False
    at = end + m.end()
    inside = [sp for sp in doc.overlapping(at, at + 1) if sp.start == at]
    if not inside or doc.entities[inside[0].entity].kind not in ORG_KINDS:
        return False
    rest = doc.text[inside[0].end : inside[0].end + 80]
    return not rest.split("\n", 1)[0].strip(" .;")


def _common_words(doc: DocModel, run: list[Token]) -> bool:
    """Does the document write the words of ``run`` in lower case elsewhere (both of two, two of
    three: "Care Devolution Memorandum")? Then the run is a phrase in capitals, not a person's name."""
    written = _all_lower(doc)
    return sum(t.lower in written for t in run) >= max(2, len(run) - 1)


# adjectives that open the names of programmes, never a person's given name ("Healthy Minds at Work")
_NOT_GIVEN_NAMES = frozenset(
    {"healthy", "happy", "better", "safe", "active", "good", "bright", "steady", "open", "free", "young"}
    | {"new", "strong", "kind", "living", "thriving", "growing", "caring", "healthier", "stronger", "fairer"}
)
# words of a body's name, never of a person's ("Kestrel Health said ...", "Riverside Care welcomed ...")
_BODY_WORDS = frozenset(
    {
        "health",
        "healthcare",
        "care",
        "services",
        "partners",
        "partnership",
        "trust",
        "group",
        "network",
        "council",
        "hospital",
        "pharmacy",
        "hospitals",
        "homes",
        "home",
        "carers",
        "housing",
        "action",
        "support",
        "community",
        "foundation",
        "together",
        "alliance",
        "centre",
        "clinic",
        "practice",
        "surgery",
        "nhs",
        "ltd",
        "cic",
        "uk",
        "committee",
        "board",
        "team",
        "research",
        "building",
        "library",
        "analytics",
        "consulting",
        "solutions",
        "associates",
        "institute",
        "university",
        "college",
        "society",
        "forum",
        "project",
        "programme",
        "service",
    }
)


def _looks_like_name_pair(run: list[Token]) -> bool:
    return all(not _is_place_word(t) and t.lower not in GENERIC_MODIFIERS for t in run)


def _listed_people(doc: DocModel, toks: list[Token]) -> None:
    """In a comma list whose items are people, an item of two name words is a person too."""
    if not toks:
        return
    spans = [
        s for s in doc.spans_in(toks[0].start, toks[-1].end + 1) if doc.entities[s.entity].kind == "Person"
    ]
    if spans:
        _coordinated_people(doc, toks, spans)
    if len(spans) < 2:
        return
    for i, _t in enumerate(toks):
        k = _name_tokens(toks, i)
        if k != 2:
            continue
        start, end = toks[i].start, toks[i + 1].end
        before = doc.text[max(0, start - 2) : start]
        after = doc.text[end : end + 2]
        if (
            before.endswith((", ", ": ", "; "))
            and (
                after.startswith(",")
                or after.startswith(" a")
                # "Non-executive directors: A (...); Professor B; C": a list set apart by semicolons
                or (before.endswith("; ") and (after.startswith(";") or after[:1] in ("", "\n")))
            )
            and doc.free(start, end)
        ):
            if toks[i + 1].lower in COMPANY_SUFFIXES:
                continue
            ent = doc.entity_for_name("Person", doc.text[start:end], "person.list.v1")
            doc.add_span(start, end, ent, "person.list.v1")


_JOINS_PEOPLE = re.compile(
    r"(?:,\s+|,?\s+and\s+)(?:(?:Dr|Professor|Prof|Cllr|Councillor|Sir|Dame|Mr|Mrs|Ms|Miss)\.?\s+)?"
)


def _coordinated_people(doc: DocModel, toks: list[Token], people: list[Span]) -> None:
    """ "Amara Bello, Graham Pike and Dr Suki Sandhu joined ...": in a list of three or more names
    joined by commas and "and", one of them a person's, the items of two name words are people."""
    items: list[tuple[int, int, bool]] = [(p.start, p.end, True) for p in people]
    for i in range(len(toks) - 1):
        if _name_tokens(toks, i) != 2 or not _looks_like_name_pair(toks[i : i + 2]):
            continue
        start, end = toks[i].start, toks[i + 1].end
        if (
            not doc.free(start, end)
            or toks[i + 1].lower in COMPANY_SUFFIXES
            or _starts_with_place(doc, toks[i])
        ):
            continue
        if i > 0 and toks[i - 1].capitalised and doc.text[toks[i - 1].end : start] == " ":
            continue  # a longer run of capitals: a body's name, not a person's
        items.append((start, end, False))
    chains: list[list[tuple[int, int, bool]]] = []  # runs of items joined by commas and "and"
    for item in sorted(items):
        if chains and _JOINS_PEOPLE.fullmatch(doc.text[chains[-1][-1][1] : item[0]]):
            chains[-1].append(item)
        else:
            chains.append([item])
    for chain in chains:
        joints = [doc.text[a[1] : b[0]] for a, b in itertools.pairwise(chain)]
        if len(chain) >= 3 and any(x for _, _, x in chain) and any("," in j for j in joints):
            for a, b, is_person in chain:
                if not is_person:
                    ent = doc.entity_for_name("Person", doc.text[a:b], "person.list.v1")
                    doc.add_span(a, b, ent, "person.list.v1")


def _part_lists(doc: DocModel, toks: list[Token], s_start: int, s_end: int) -> None:
    """ "includes three programmes - collaborate, create and connect": the items are named parts."""
    sentence = doc.text[s_start:s_end]
    m = re.search(
        r"\b(?:include|includes|included|including|comprises|comprising|has|with"
        r"|(?:organised|organized|divided|split|grouped|structured|arranged)\s+(?:in|into|around))"
        r"\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?(?:(?:new|main|key|core|separate|distinct)\s+)?("
        + "|".join(PART_GROUPS)
        + r")\s*(?:[:\u2013\u2014-]|,)\s*",
        sentence,
    )
    if not m:
        return
    kind = HEADS.get(m.group(1).rstrip("s"), "Programme")
    rest_start = s_start + m.end()
    rest = doc.text[rest_start:s_end]
    stop = re.search(r"\s[\u2013\u2014-]\s|[;.(]|\s(?:which|that|who|to|for)\s", rest)
    body = rest[: stop.start()] if stop else rest
    items = [x for x in re.split(r",\s*|\s+and\s+|\s+&\s+", body) if x.strip()]
    if not 2 <= len(items) <= 8 or any(len(x.split()) > 4 for x in items):
        return
    pos = rest_start
    for item in items:
        item = item.strip()
        idx = doc.text.find(item, pos, s_end)
        if idx < 0:
            continue
        pos = idx + len(item)
        existing = [s for s in doc.spans_in(idx, pos) if s.start == idx and s.end == pos]
        if existing:
            continue
        ent = doc.entity_for_name(kind, item[:1].upper() + item[1:], "part-list.v1")
        if doc.add_span(idx, pos, ent, "part-list.v1"):
            doc.aliases.setdefault(item[:1].upper() + item[1:], ent)
            doc.aliases.setdefault(item, ent)


# ---------------------------------------------------------------- 4. document-level aliases


_DETERMINERS = frozenset(
    {"the", "a", "an", "its", "their", "our", "his", "her", "this", "that", "these", "those"}
)
_CLOSING_SUFFIXES = frozenset({"ltd", "limited", "llp", "plc", "cic", "inc"})
_FIRM_SUFFIXES = {
    "consulting",
    "advisory",
    "partners",
    "associates",
    "group",
    "ltd",
    "limited",
    "analytics",
    "solutions",
}


def _full_names_of_surnames(doc: DocModel) -> None:
    """ "Mr Ridley" is a person; "Andrew Ridley" written elsewhere in the document, with no cue
    of its own, is the same person's full name."""
    fulls = {e.name.split()[-1] for e in doc.entities if e.kind == "Person" and " " in e.name}
    for idx, ent in enumerate(list(doc.entities)):
        name = ent.name.strip()
        if (
            ent.kind != "Person"
            or ent.key is not None
            or " " in name
            or name in fulls
            or not name[:1].isupper()
        ):
            continue
        pattern = re.compile(rf"(?<![\w'\u2019-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?) {re.escape(name)}(?![\w-])")
        for m in pattern.finditer(doc.text):
            first = m.group(1).lower()
            if (
                first in HONORIFICS
                or first in ROLE_WORDS
                or first in NOT_NAME_START
                or first in CONNECTORS
                or first in HEADS
            ):
                continue
            if not doc.free(m.start(), m.end()):
                continue
            full = doc.entity_for_name("Person", m.group(0), "person.full-name.v1")
            doc.add_span(m.start(), m.end(), full, "person.full-name.v1")
            doc.relabel(idx, full)
            for surface in ent.surfaces:
                doc.entities[full].add_surface(surface)
            ent.surfaces = []
            fulls.add(name)
            break


def document_aliases(doc: DocModel) -> None:
    """Surnames of people, leading words of company names and defined acronyms, found again."""
    _full_names_of_surnames(doc)
    surnames: dict[str, set[int]] = {}
    named = {sp.entity for sp in doc.spans}
    for idx, ent in enumerate(doc.entities):
        if ent.kind == "Person" and " " in ent.name and idx in named:
            surnames.setdefault(ent.name.split()[-1], set()).add(idx)
        if ent.kind == "Organisation" and ent.key is None:
            words = ent.name.split()
            suffix = len(words) == 2 and words[1].lower() in _FIRM_SUFFIXES
            if suffix and (any(c.isupper() for c in words[0][1:]) or words[0].isupper()):
                doc.aliases.setdefault(words[0], idx)
            elif _leading_short_form(doc, idx, words):
                # "Penrose Health CIC ... Penrose already runs X": a coined first word alone
                doc.aliases.setdefault(words[0], idx)
    for idx, ent in enumerate(doc.entities):
        if (
            ent.kind == "Person"
            and ent.key is None
            and " " not in ent.name
            and len(surnames.get(ent.name, ())) == 1
        ):
            full = next(iter(surnames[ent.name]))
            for surface in ent.surfaces:
                doc.entities[full].add_surface(surface)
            doc.relabel(idx, full)
            ent.surfaces = []
    for name, ents in surnames.items():
        if len(ents) == 1:
            doc.aliases.setdefault(name, next(iter(ents)))
    # a name of several words found once (by its head noun, its title, its context) names the
    # same actor wherever else the document writes it
    for idx, ent in enumerate(doc.entities):
        if ent.key is None and ent.kind != "Person" and idx in named:
            for surface in (ent.name, *ent.surfaces):
                if " " in surface.strip() and surface[:1].isupper() and not _generic(surface):
                    doc.aliases.setdefault(surface, idx)
    for start, end, alias in find_aliases(doc.text, doc.aliases):
        inside = doc.overlapping(start, end)
        if (
            inside
            and " " in alias
            and doc.entities[doc.aliases[alias]].kind not in PLACE_KINDS
            and all(
                sp.start >= start and sp.end <= end and doc.entities[sp.entity].kind in PLACE_KINDS
                for sp in inside
            )
        ):  # "Warm Homes Brent" found again: the place in its name is not a mention of its own there
            for sp in inside:
                doc.remove_span(sp)
        doc.add_span(start, end, doc.aliases[alias], "doc-alias.v1")


# words that open many bodies' names and are no short form of one ("Community", "Healthy")
_SHARED_OPENERS = frozenset(
    {"community", "healthy", "central", "greater", "national", "united", "royal", "new", "city", "local"}
    | {"family", "families", "young", "carers", "care", "health", "mental", "children", "age", "people"}
    | {"home", "better", "social", "public", "primary", "general", "voluntary", "citizens", "friends"}
    | {"saint", "st", "university", "hospital", "medical", "clinical", "digital", "green", "black"}
)


def _leading_short_form(doc: DocModel, idx: int, words: list[str]) -> bool:
    """May the first word of an unregistered organisation's name stand alone for it in this
    document: a coined word (written nowhere in lower case, no place, no kind of body, no word
    many names open with), that opens no other actor's name and is no person's name?"""
    if len(words) < 2:
        return False
    first = words[0]
    low = first.lower().strip("'\u2019")
    if (
        len(first) < 4
        or not first[:1].isupper()
        or not first[1:].islower()
        or not first.isalpha()
        or low in _SHARED_OPENERS
        or low in HEADS
        or low in CONNECTORS
        or low in NOT_NAME_START
        or low in _NOT_GIVEN_NAMES
        or low in ROLE_WORDS
        or low in _all_lower(doc)
        or _is_place_word(Token(first, 0, 0))
        or first in doc.aliases
    ):
        return False
    return not any(
        other != idx and (ent.name.split()[:1] == [first] or first in ent.name.split())
        for other, ent in enumerate(doc.entities)
    )


_ALIAS_BEFORE = re.compile(r"[\w'\u2019-]")  # a character no alias may follow
_ALIAS_AFTER = re.compile(r"[\w-]")  # a character no alias may run into


def find_aliases(text: str, aliases: Iterable[str]) -> list[tuple[int, int, str]]:
    """Where ``aliases`` stand in ``text`` as whole words, left to right without overlaps, the
    longest at each place: what one pattern of the aliases (longest first) between
    :data:`_ALIAS_BEFORE` and :data:`_ALIAS_AFTER` guards finds, without compiling a new pattern
    for every document (that was 7% of the extraction time of a generated document).

    >>> find_aliases("Acme Health and Acme met Acme-Two.", ["Acme", "Acme Health"])
    [(0, 11, 'Acme Health'), (16, 20, 'Acme')]
    """
    aliases = list(aliases)
    if not aliases:
        return []
    if "" in aliases:  # an empty alternative: leave it to the pattern itself
        pattern = re.compile(
            r"(?<![\w'\u2019-])("
            + "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
            + r")(?![\w-])"
        )
        return [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)]
    n = len(text)
    best: dict[int, str] = {}  # start -> the longest alias that stands there
    before, after = _ALIAS_BEFORE.match, _ALIAS_AFTER.match
    for alias in aliases:
        size = len(alias)
        at = text.find(alias)
        while at >= 0:
            end = at + size
            if (
                (at == 0 or not before(text, at - 1))
                and (end == n or not after(text, end))
                and size > len(best.get(at, ""))
            ):
                best[at] = alias
            at = text.find(alias, at + 1)
    out: list[tuple[int, int, str]] = []
    last = 0
    for at in sorted(best):
        if at >= last:
            last = at + len(best[at])
            out.append((at, last, best[at]))
    return out


_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,6}")


def acronym_branches(doc: DocModel) -> None:
    """ "ADPH London": a body's short form followed by a place, with no head noun after it, names
    the body's branch for that place (a body of its own, part of the body)."""
    spans = list(doc.spans)
    for sp, nxt in zip(spans, spans[1:], strict=False):
        body = doc.entities[sp.entity]
        text = doc.text[sp.start : sp.end]
        if (
            body.kind not in ORG_KINDS - {"ICS", "ICB", "LocalAuthority"}
            or not _ACRONYM.fullmatch(text)
            or doc.text[sp.end : nxt.start] != " "
            or doc.entities[nxt.entity].kind not in PLACE_KINDS
            or re.match(r" [A-Z]", doc.text[nxt.end : nxt.end + 2])
        ):
            continue
        name = doc.text[sp.start : nxt.end]
        doc.remove_span(sp)
        doc.remove_span(nxt)
        stated = re.search(
            rf"{re.escape(name)}(?:,|\s+is)\s+(?:a|an|the)\s+(?:[\w\u2019'-]+\s+){{0,4}}?({_DESCRIPTOR})\b",
            doc.text,
        )  # "ADPH London is the regional network of ...": what the text says it is
        kind = _descriptor_kind(stated.group(1)) if stated else "Organisation"
        ent = doc.entity_for_name(kind, name, "branch-name.v1")
        doc.add_span(sp.start, nxt.end, ent, "branch-name.v1")
        doc.branches[ent] = sp.entity
        doc.aliases.setdefault(name, ent)


_PLACE_OPENERS = frozenset(
    {"london", "north", "south", "east", "west", "central", "inner", "outer", "greater"}
)


def _shortened(short: str, full: str) -> bool:
    """Is ``short`` ``full`` with one run of its words written as their initials ("Colne Valley PCN"
    for "Colne Valley Primary Care Network", "ARC North Thames" for "Applied Research Collaboration
    North Thames")?"""
    s, f = short.split(), full.split()
    acr = [i for i, w in enumerate(s) if w.isupper() and w.isalpha() and 2 <= len(w) <= 5]
    if len(s) < 2 or len(acr) != 1:
        return False
    i = acr[0]
    head, tail = s[:i], s[i + 1 :]
    if f[: len(head)] != head or (tail and f[len(f) - len(tail) :] != tail):
        return False
    middle = f[len(head) : len(f) - len(tail)]
    return len(middle) >= 2 and "".join(w[0] for w in middle if w.lower() not in CONNECTORS).upper() == s[i]


def merge_short_names(doc: DocModel) -> None:
    """An unknown name that ends another unknown name of the same type ("Leadership Academy",
    "South East London Leadership Academy") is its short form in this document."""
    remap: dict[int, int] = {}
    norms = [normalised(ent.name) for ent in doc.entities]
    for a, short in enumerate(doc.entities):
        if short.key is not None:
            continue
        if short.kind == "Person":
            # "Community Connectors" read as a person, and "the Community Connectors programme"
            # elsewhere: the name is the programme's (or the body's) all through the document
            same = [
                b
                for b, ent in enumerate(doc.entities)
                if b != a
                and ent.key is None
                and ent.kind in ("Programme", "Partnership", "Organisation", "Strategy")
                and norms[b] == norms[a]
            ]
            if len(same) == 1:
                remap[a] = same[0]
                continue
            # "Sir David" after "Sir David Sloman": a first name alone is the one person it starts
            if " " not in short.name.strip():
                first = [
                    b
                    for b, ent in enumerate(doc.entities)
                    if b != a
                    and ent.kind == "Person"
                    and ent.name.split()[0] == short.name
                    and " " in ent.name
                ]
                if len(first) == 1:
                    remap[a] = first[0]
            continue
        # "London Cancer Alliance" is not "North Central London Cancer Alliance": a short form that
        # opens with a place word names a place of its own
        placed = norms[a].split()[:1] in ([w] for w in _PLACE_OPENERS)
        tail = " " + norms[a]
        longer = [
            b
            for b, ent in enumerate(doc.entities)
            if b != a
            and ent.key is None
            and ent.kind == short.kind
            and norms[b].endswith(tail)
            and not placed
        ]
        if len(longer) == 1:
            remap[a] = longer[0]
            continue
        # "NHS North West London ICB Board": the board of a register body is that body here
        if short.name.endswith((" Board", " board")) and doc.register is not None:
            prefix = normalised(short.name[: -len(" Board")])
            owners = [
                b
                for b, ent in enumerate(doc.entities)
                if ent.key is not None
                and ent.kind in ("ICB", "NHSTrust", "LocalAuthority", "NationalBody", "CCG")
                and prefix
                in {
                    normalised(ent.name),
                    *(normalised(x) for x in ent.surfaces),
                    *(normalised(a.text) for a in doc.register.entries[ent.key].aliases),
                }
            ]
            if len(owners) == 1:
                remap[a] = owners[0]
                continue
        # "Colne Valley PCN" after "Colne Valley Primary Care Network", "ARC North Thames" after
        # "Applied Research Collaboration North Thames": the same name with some of its words
        # shortened to their initials
        full = [
            b
            for b, ent in enumerate(doc.entities)
            if b != a
            and ent.key is None
            and ent.kind in ORG_KINDS | {"Programme"}
            and _shortened(short.name, ent.name)
        ]
        if len(full) == 1:
            remap[a] = full[0]
    if not remap:
        return
    for a, b in remap.items():
        while b in remap:
            b = remap[b]
        for surface in doc.entities[a].surfaces:
            doc.entities[b].add_surface(surface)
        doc.relabel(a, b)
        doc.aliases = {k: (b if v == a else v) for k, v in doc.aliases.items()}
        doc.entities[a].surfaces = []


_REGION_SUFFIX = re.compile(
    r"(?:North|South|East|West|Central)(?: (?:East|West|Central))? (?:London|Thames)\Z"
)


def join_place_suffixes(doc: DocModel) -> None:
    """ "<name> <region>" with nothing between ("Applied Research Collaboration South London"): the
    region ends the name, as it does in many a regional body's name; so does a borough before a
    comma, a full stop or "and" ("Carers Hub Lambeth and ...")."""
    spans = list(doc.spans)
    for left, right in zip(spans, spans[1:], strict=False):
        if (
            left.rule == "open-name.v1"
            and doc.entities[left.entity].kind in ORG_KINDS | {"Programme"}
            and doc.entities[right.entity].kind in PLACE_KINDS
            and doc.text[left.end : right.start] == " "
            and (
                (
                    _REGION_SUFFIX.search(doc.text[right.start : right.end])
                    and re.match(r"\s*(?:[(),.;:\n]|[a-z]|$)", doc.text[right.end : right.end + 2])
                )
                or (  # "Carers Hub Lambeth, ...": a borough that ends a body's name
                    doc.entities[right.entity].kind == "Borough"
                    and re.match(r"(?:[),.;:\n]| and | & |$)", doc.text[right.end : right.end + 5])
                )
            )
        ):
            old = doc.entities[left.entity]
            doc.remove_span(left)
            doc.remove_span(right)
            name = doc.text[left.start : right.end]
            ent = doc.entity_for_name(old.kind, name, "open-name.v1")
            doc.add_span(left.start, right.end, ent, "open-name.v1")
            doc.aliases.setdefault(name, ent)


# capitalised words (or "&", "of", "for" between them) written just before a place on its line
_BEFORE_PLACE = re.compile(r"((?:(?:[A-Z0-9][\w'\u2019+-]*|&|of|for)[ ]){1,5})$")
_NOT_IN_PLACE_NAME = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "central",
        "greater",
        "inner",
        "outer",
        "upper",
        "lower",
        "nhs",
        "the",
        "royal",
    }
)


# words of addresses, buildings, dates and times: "10 High Street Croydon", "Thames House Twickenham"
_NOT_BEFORE_PLACE_WORDS = frozenset(
    {
        "street",
        "st",
        "road",
        "rd",
        "lane",
        "avenue",
        "way",
        "square",
        "place",
        "green",
        "hill",
        "park",
        "gardens",
        "terrace",
        "close",
        "court",
        "house",
        "building",
        "buildings",
        "station",
        "parade",
        "row",
        "walk",
        "mews",
        "crescent",
        "drive",
        "grove",
        "wharf",
        "yard",
        "estate",
        "tower",
        "floor",
        "ward",
        "wing",
        "site",
        "campus",
        "office",
        "offices",
        "hall",
        "library",
        "market",
        "high",
    }
    | _NOT_PROGRAMME_WORDS
)


_PLACE_BRAND_WORDS = frozenset({"one", "healthier", "healthy", "better", "thriving", "together", "connected"})


def _registered(doc: DocModel, word: str) -> bool:
    """Is ``word`` one of the register's names or aliases, as written?"""
    return doc.register is not None and any(s == word for s, _, _ in doc.register.names())


def place_ended_names(doc: DocModel) -> None:
    """ "Kith & Kin Croydon", "SEED Haringey", "Women for Wellbeing Brent": capitalised words with
    no head noun written just before a borough or place, nothing between, are one body's name that
    ends with the place (a voluntary group's usual shape), not a place with words before it."""
    for sp in sorted(doc.spans, key=lambda x: x.start):
        if doc.entities[sp.entity].kind not in PLACE_KINDS or sp not in doc.spans:
            continue
        if not re.match(r"(?:[ ]?[),.;:!?\n]|[ ][a-z]|[ ]&[ ]|$)", doc.text[sp.end : sp.end + 3]):
            continue  # a capitalised word after it: a longer name the other finders read
        line_start = doc.text.rfind("\n", 0, sp.start) + 1
        m = _BEFORE_PLACE.search(doc.text, max(line_start, sp.start - 60), sp.start)
        if m is None:
            continue
        words = m.group(1).split()
        offsets = [m.start(1) + w.start() for w in re.finditer(r"\S+", m.group(1))]
        # the name starts after a role, a title, a compass word or a common sentence opener
        k = 0
        for i, w in enumerate(words):
            low = w.lower().replace("\u2019", "'")
            if (
                low in ROLE_WORDS
                or low in HONORIFICS
                or low in NOT_NAME_START
                or low in _NOT_IN_PLACE_NAME
                or (i == k and (low in CONNECTORS or w == "&"))
                or (i == k and common_opener(doc, Token(w, offsets[i], offsets[i] + len(w))))
            ):
                k = i + 1
        words, offsets = words[k:], offsets[k:]
        if not words or words[-1].lower() in CONNECTORS:
            continue
        start = offsets[0]
        if re.search(r"[A-Z][\w'\u2019-]*[ ]$", doc.text[max(line_start, start - 30) : start]):
            continue  # a capitalised word before the five taken: a title-case headline, not a name
        if start == line_start and re.match(r"[ ]+[A-Z]", doc.text[sp.end : sp.end + 2]):
            continue  # a line in title case that goes on after the place: a headline
        title = re.search(r"[A-Z][\w'\u2019]*(?=,[ ]$)", doc.text[max(0, start - 30) : start])
        if title and doc.free(start - 2 - len(title.group()), start - 2):
            continue  # "Eat Well, Play Well Greenwich": a title with a comma (not a list), read elsewhere
        if len(words) == 1 and words[0].isupper() and (words[0] in doc.aliases or _registered(doc, words[0])):
            continue  # "UKHSA London", "ADPH London": a known body's regional branch, read elsewhere
        content = [w for w in words if w.lower() not in CONNECTORS and w != "&"]
        if (
            not content
            or not doc.free(start, sp.start)
            or all(w.lower() in GENERIC_MODIFIERS or w.lower() in HEADS for w in content)
            or any(_is_place_word(Token(w, 0, 0)) for w in content)
            or any(
                w.lower().strip("'\u2019") in _NOT_BEFORE_PLACE_WORDS or w[:1].isdigit() and w.isdigit()
                for w in content
            )
        ):
            continue  # (an address, a building or a date before the place is no body's name)
        end = sp.end
        more = re.match(r" & ", doc.text[end : end + 3])
        if more:  # "Age Forward Bromley & Greenwich": a second place goes on with the name
            nxt = [x for x in doc.spans if x.start == end + 3 and doc.entities[x.entity].kind in PLACE_KINDS]
            if nxt:
                doc.remove_span(nxt[0])
                end = nxt[0].end
        doc.remove_span(sp)
        name = doc.text[start:end]
        # "One Bromley", "Healthier Wandsworth": a place's own partnership brand
        kind = "Partnership" if len(words) == 1 and words[0].lower() in _PLACE_BRAND_WORDS else "Organisation"
        ent = doc.entity_for_name(kind, name, "place-ended-name.v1")
        doc.add_span(start, end, ent, "place-ended-name.v1")
        doc.aliases.setdefault(name, ent)
        acr = re.match(r" \(([A-Z][A-Za-z]{1,7})\)", doc.text[end : end + 12])
        if acr and _initials(
            [c.lower() for c in acr.group(1) if c.isalpha()],
            [t for t in tokens(doc.text, start, end) if t.text != "&"],
        ):
            # "Age Forward Bromley & Greenwich (AFBG)": the acronym is the body's, not the place's
            doc.aliases[acr.group(1)] = ent
            for x in [x for x in doc.spans if doc.text[x.start : x.end] == acr.group(1)]:
                if doc.entities[x.entity].kind in PLACE_KINDS:
                    doc.remove_span(x)
                    doc.add_span(x.start, x.end, ent, x.rule)


_ITEM_NAME = re.compile(
    r"[A-Z0-9][\w'\u2019+-]*(?:[ ](?:(?:and|of|for|in|on|at|the|&)[ ])*[A-Z0-9][\w'\u2019+-]*)*"
)
_ITEM_BULLET = re.compile(r"(?:[-\u2022\u00b7*\u25aa\u25e6\u2023\u2013\u2014>]|\d{1,2}[.)])?\s*")


# a lead-in that lists services or groups by name: "We run three services for adults:", "Grants went
# to the following groups:"
_THINGS_LIST_LEAD = re.compile(
    r"(?im)\b(?:services|programmes|projects|schemes|clinics|groups|charities|organisations)\b[^.\n]*[:\u2013-][ \t]*$"
)
# a section heading over a list of the page's own services: "What we do", "Our services"
_THINGS_HEADING = re.compile(
    r"(?i)[ \t#*]*(?:what\s+we\s+(?:do|offer)|our\s+(?:services|projects|programmes|work)"
    r"|services\s+we\s+(?:run|offer|provide|deliver)|(?:projects|programmes)\s+we\s+run)[ \t]*:?[ \t]*"
)
# what ends a listed name when a description follows it: "- Open Door, an evening café"
_ITEM_NAME_END = re.compile(r",\s|\s[\u2013\u2014-]\s|\s\(|:\s")


def _places_within(doc: DocModel, start: int, end: int) -> bool:
    """Are the only names found in [start, end) places inside it, none the whole of it ("Time Out
    Harrow", "Carers Support Merton": a place's name that is part of a longer name)?"""
    inside = doc.overlapping(start, end)
    return bool(inside) and all(
        doc.entities[x.entity].kind in PLACE_KINDS
        and start <= x.start
        and x.end <= end
        and (x.start, x.end) != (start, end)
        for x in inside
    )


def listed_item_names(doc: DocModel) -> None:
    """ "Partners" / "- SEED Haringey" / "- Tottenham Energy Co-op": a list item under a heading or
    lead-in that says it lists members, partners or funders, written wholly as a name (capitalised
    words, nothing else on the line), is a body's name even with no head noun. Under a lead-in that
    lists services or groups ("We run three services:" / "- Open Door, an evening café") the name
    may be followed by a description after a comma, dash, colon or bracket."""
    if (
        not NAMES_LIST_HEADING.search(doc.text)
        and not _THINGS_LIST_LEAD.search(doc.text)
        and "we" not in doc.text
        and "Our" not in doc.text
    ):
        return
    for unit in units(doc.text, doc.sentences):
        if not unit.items:
            continue
        things = None
        if _THINGS_HEADING.fullmatch(doc.text, unit.start, unit.end):
            things = "Programme"  # "What we do" / "- Healthy Hearts Lambeth - free checks ..."
        elif not NAMES_LIST_HEADING.search(doc.text, unit.start, unit.end):
            lead_in = _THINGS_LIST_LEAD.search(doc.text[unit.start : unit.end].rstrip())
            if lead_in is None:
                continue
            things = (
                "Programme"
                if re.search(r"(?i)services|programmes|projects|schemes", lead_in.group())
                else "Organisation"
            )
        for s, e in unit.items:
            line = doc.text[s:e].rstrip(" ,;.")
            lead = _ITEM_BULLET.match(line)
            start = s + (lead.end() if lead else 0)
            stop = s + len(line)
            if things is not None:
                cut = _ITEM_NAME_END.search(doc.text, start, stop)
                stop = cut.start() if cut else stop
            m = _ITEM_NAME.fullmatch(doc.text, start, stop)
            if m is None or len(m.group().split()) > 7:
                continue
            inside = doc.overlapping(start, m.end())
            if things is not None and _places_within(doc, start, m.end()):
                inside = []  # "- Time Out Harrow - short breaks": the place is part of the service's name
            if inside:
                continue
            words = m.group().split()
            if (
                _generic(m.group())
                or (_kind_of_body(m.group()) and (things is None or len(words) < 3))
                or all(w.lower() in GENERIC_MODIFIERS or w.lower() in HEADS for w in words)
            ):
                continue
            if (
                things is None
                and len(words) == 2
                and all(w[:1].isupper() and w[1:].islower() for w in words)
                and not any(w.lower() in HEADS or _is_place_word(Token(w, 0, 0)) for w in words)
            ):
                continue  # "Jane Doe": a person's name the people finder may take
            if things is not None and len(words) == 1 and not any(c.isupper() for c in words[0][1:]):
                continue  # one ordinary word ("- Counselling, for adults") is no name
            kind = head_kind(m.group()) or things or "Organisation"
            for x in doc.overlapping(start, m.end()):
                doc.remove_span(x)
            ent = doc.entity_for_name(kind, m.group(), "listed-name.v1")
            doc.add_span(start, m.end(), ent, "listed-name.v1")
            doc.aliases.setdefault(m.group(), ent)


_TOGETHER = re.compile(
    r"(?<![\w\u2019'-])((?:[A-Z][a-z]+(?:\s+(?:and|&|upon|on))?\s+){1,4})Together(?![\w\u2019'-])"
)


def place_together_names(doc: DocModel, gazetteer: Gazetteer) -> None:
    """ "Lambeth Together", "Tower Hamlets Together": a place's name with "Together" names the
    place's partnership of local bodies, not the place."""
    if " Together" not in doc.text:
        return
    for m in _TOGETHER.finditer(doc.text):
        if re.match(r"\s+(?:for|in|on)\s+[A-Z]", doc.text[m.end() : m.end() + 12]):
            continue  # "Redbridge Together for Health": the name goes on past "Together"
        words = m.group(1).split()
        for k in range(len(words)):  # the longest place name that ends just before "Together"
            place = " ".join(words[k:])
            keys = _whole_name_keys(gazetteer, place)
            if keys and all(doc.register.entries[key].kind in PLACE_KINDS for key in keys):
                start = doc.text.rfind(place, m.start(1), m.end(1))
                end = m.end()
                # "Better Barnet Together", "Healthier Hounslow Together": an adjective opens the name
                opener = re.search(r"([A-Z][a-z]+)\s+$", doc.text[max(0, start - 20) : start])
                if opener and opener.group(1).lower() in _NOT_GIVEN_NAMES:
                    start -= len(opener.group())
                for sp in doc.overlapping(start, end):
                    doc.remove_span(sp)
                ent = doc.entity_for_name("Partnership", doc.text[start:end], "open-name.v1")
                doc.add_span(start, end, ent, "open-name.v1")
                break


def coordinated_place_names(doc: DocModel) -> None:
    """ "Croydon and Kingston Hospitals Group", "Lambeth and Southwark Carers Alliance": places
    joined by "and" before a name that opens with a place are part of that name (not "Lambeth and
    the Southwark Carers Alliance")."""
    spans = doc.sorted_spans()
    for k, sp in enumerate(spans):
        ent = doc.entities[sp.entity]
        if ent.key is not None or ent.kind not in ORG_KINDS | {"Programme"} or k == 0:
            continue
        first = sp
        j = k - 1
        joined = False
        while j >= 0:
            prev = spans[j]
            gap = doc.text[prev.end : first.start]
            if doc.entities[prev.entity].kind not in PLACE_KINDS:
                break
            if gap in (" and ", " & ") and not joined:
                joined = True
            elif not (gap == ", " and joined):
                break
            first = prev
            j -= 1
        if first is sp or not joined:
            continue
        # the name must open with a place too ("Kingston Hospitals Group" opens with Kingston)
        # (or, after one place, with a word the register does not know: "Balham and Earlsfield
        # Primary Care Network", a neighbourhood too small for the register)
        if (
            not any(
                doc.entities[x.entity].kind in PLACE_KINDS for x in doc.overlapping(sp.start, sp.start + 1)
            )
            and not _opens_with_place(doc, ent.name)
            and not (j == k - 2 and _unknown_place_like_word(doc, sp))
        ):
            continue
        surface = doc.text[first.start : sp.end]
        if "\n" in surface:
            continue
        # ("the Camden Smokefree Homes scheme": the name without the kind word its mention adds;
        # "Balham and Earlsfield PCN": a short form of the name the document gave in full)
        name = doc.text[first.start : sp.start] + ent.name
        for x in doc.overlapping(first.start, sp.end):
            doc.remove_span(x)
        new = doc.entity_for_name(ent.kind, name, "open-name.v1")
        doc.add_span(first.start, sp.end, new, "open-name.v1")


def _unknown_place_like_word(doc: DocModel, sp: Span) -> bool:
    """Does the name at ``sp`` open with one capitalised word that could be a small place's name:
    not a head noun, a word the text also writes in lower case, or a word that opens sentences?"""
    m = re.match(r"([A-Z][a-z]{3,})\s+[A-Z]", doc.text[sp.start : sp.end])
    if not m:
        return False
    word = m.group(1).lower()
    return (
        sp.rule in ("open-name.v1", "doc-alias.v1")
        and word not in HEADS
        and word not in NOT_NAME_START
        and word not in GENERIC_MODIFIERS
        and word not in ROLE_WORDS
        and word not in _all_lower(doc)
    )


_COLLEGE_OF_LONDON = re.compile(
    r"(?<![\w\u2019'])((?:[A-Z][\w\u2019'&-]*\s+){0,3}[A-Z][\w\u2019'&-]*),\s+University\s+of\s+London\b"
)


def college_names(doc: DocModel) -> None:
    """ "City St George's, University of London", "Birkbeck, University of London": a college of the
    federal university is named with a comma and the university's name, all one name."""
    if "University of London" not in doc.text:
        return
    for m in _COLLEGE_OF_LONDON.finditer(doc.text):
        start, end = m.start(1), m.end()
        inside = doc.overlapping(start, end)
        if any(doc.entities[x.entity].key is not None and (x.start, x.end) == (start, end) for x in inside):
            continue  # a register name ("Queen Mary, University of London")
        if any(doc.entities[x.entity].kind == "Person" for x in inside):
            continue
        for x in inside:
            doc.remove_span(x)
        ent = doc.entity_for_name("Organisation", doc.text[start:end], "open-name.v1")
        doc.add_span(start, end, ent, "open-name.v1")
        short = m.group(1)
        if len(short.split()) < 2 and len(short) < 6:
            continue
        # "is led by City St George's": the college named again without the university's name
        for k in re.finditer(
            rf"(?<![\w\u2019']){re.escape(short)}(?![\w-])(?!,\s+University\s+of\s+London)", doc.text
        ):
            if any(doc.entities[x.entity].key is not None for x in doc.overlapping(k.start(), k.end())):
                continue
            for x in doc.overlapping(k.start(), k.end()):
                doc.remove_span(x)
            doc.add_span(k.start(), k.end(), ent, "doc-alias.v1")


def funder_prefixes(doc: DocModel) -> None:
    """ "NIHR ARC North Thames", "NIHR CLAHRC South London": a national body's acronym written just
    before the name of a body it funds is part of that name, not a mention of the funder."""
    spans = doc.sorted_spans()
    for left, right in zip(spans, spans[1:], strict=False):
        lent, rent = doc.entities[left.entity], doc.entities[right.entity]
        surface = doc.text[left.start : left.end]
        if (
            lent.kind == "NationalBody"
            and surface.isupper()
            and doc.text[left.end : right.start] == " "
            and rent.key is None
            and rent.kind in ("Partnership", "Organisation", "Programme")
        ):
            doc.remove_span(left)
            doc.remove_span(right)
            doc.add_span(left.start, right.end, right.entity, right.rule)


def join_place_prefixes(doc: DocModel) -> None:
    """ "<place> <short name>" ("South West London STP") is one mention of the short name's entity."""
    spans = list(doc.spans)
    for left, right in zip(spans, spans[1:], strict=False):
        if (
            doc.entities[left.entity].kind in PLACE_KINDS
            and doc.entities[right.entity].kind in ACTOR_KINDS
            and doc.text[left.end : right.start] == " "
            and right.rule in ("doc-alias.v1", "acronym.v1")
        ):
            doc.remove_span(left)
            doc.remove_span(right)
            doc.add_span(left.start, right.end, right.entity, right.rule)


_COMPASS_WORD = r"(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est|[Cc]entral)(?:[ -](?:[Cc]entral|[Ee]ast|[Ww]est))?"
_ELIDED_PLACE = re.compile(
    rf"\b({_COMPASS_WORD})(?:,\s+{_COMPASS_WORD})*,?\s+(?:and|&)\s+{_COMPASS_WORD}\s+London\b"
)
_NEXT_ANY_WORD = re.compile(r"\s+([A-Za-z]+)")
_ELIDED_MORE = re.compile(rf"\b({_COMPASS_WORD})\b")


def elided_places(doc: DocModel, gazetteer: Gazetteer) -> None:
    """ "north central and north east London": each compass part before "and" names a place of
    its own, with "London" left out."""
    register = gazetteer.register
    for m in _ELIDED_PLACE.finditer(doc.text):
        nxt = _NEXT_ANY_WORD.match(doc.text, m.end())
        if nxt and (nxt.group(1)[:1].isupper() or nxt.group(1).lower() in HEADS):
            continue  # "North West and North Central London board": one body's name
        tail = doc.text.rfind(" and ", m.start(), m.end())
        tail = tail if tail >= 0 else doc.text.rfind("&", m.start(), m.end())
        for part in _ELIDED_MORE.finditer(doc.text, m.start(), tail):
            if not doc.free(part.start(), part.end()):
                continue
            keys = [
                c.key
                for g in gazetteer.matches(part.group(1) + " London")
                for c in g.candidates
                if c.kind in PLACE_KINDS
            ]
            if len(keys) == 1:
                doc.add_span(
                    part.start(), part.end(), doc.entity_for_key(keys[0], register), "gazetteer.elided.v1"
                )


_COUNCILS_AFTER = re.compile(r"[ \t]+(?:borough[ \t]+)?(?:[Cc]ouncils|local authorities)\b")


def listed_councils(doc: DocModel) -> None:
    """ "Lambeth, Southwark and Lewisham councils": each borough named in a run before "councils"
    stands for its council (the register's)."""
    register = doc.register
    if register is None or ("ouncils" not in doc.text and "local authorities" not in doc.text):
        return
    spans = doc.sorted_spans()
    for m in _COUNCILS_AFTER.finditer(doc.text):
        run = []
        k = next((i for i in range(len(spans) - 1, -1, -1) if spans[i].end == m.start()), None)
        while k is not None and k >= 0:
            sp = spans[k]
            ent = doc.entities[sp.entity]
            if ent.kind != "Borough" or not (ent.key or "").startswith("gss:"):
                break
            run.append(sp)
            before = spans[k - 1] if k > 0 else None
            if before is None or not re.fullmatch(r",?\s+(?:and|&)\s+|,\s+", doc.text[before.end : sp.start]):
                break
            k -= 1
        if len(run) < 2:
            continue  # "Lambeth councils" (one borough) is no list of councils
        for sp in run:
            key = "la:" + (doc.entities[sp.entity].key or "")[4:]
            if key in register.entries:
                doc.remove_span(sp)
                doc.add_span(sp.start, sp.end, doc.entity_for_key(key, register), "listed-councils.v1")


# "in Harlesden, Church End and Brent": a run of capitalised names joined by commas and "and" after a
# word that introduces places
_PLACE_RUN = re.compile(
    r"(?i:\b(?:in|across|throughout|within|covering|serving|serves|covers|including|such\s+as|from"
    r"|(?:residents|people|patients|families|communities)"
    r"\s+(?:of|from|in)|(?:wards|neighbourhoods|areas|towns|estates)\s+(?:of|such\s+as|including|like)))\s+"
    r"((?:[A-Z][a-z'\u2019-]+(?:\s+[A-Z][a-z'\u2019-]+){0,2})(?:,\s+[A-Z][a-z'\u2019-]+(?:\s+[A-Z][a-z'\u2019-]+){0,2})*"
    r",?\s+(?:and|&)\s+[A-Z][a-z'\u2019-]+(?:\s+[A-Z][a-z'\u2019-]+){0,2})"
)
_RUN_ITEM = re.compile(r"[A-Z][a-z'\u2019-]+(?:\s+[A-Z][a-z'\u2019-]+){0,2}")


def listed_places(doc: DocModel, gazetteer: Gazetteer) -> None:
    """ "patients in Harlesden, Church End and Stonebridge": when a run of names after a word that
    introduces places holds a place the register knows, the other names of the run are places too
    (neighbourhoods and wards the register does not list)."""
    for m in _PLACE_RUN.finditer(doc.text):
        items = list(_RUN_ITEM.finditer(doc.text, m.start(1), m.end(1)))
        nxt = _NEXT_ANY_WORD.match(doc.text, m.end(1))
        if nxt and (nxt.group(1)[:1].isupper() or nxt.group(1).lower() in HEADS):
            continue  # "in Ealing, Brent and Harrow Councils": the names run into a body's
        known = [
            it
            for it in items
            if any(
                doc.entities[sp.entity].kind in PLACE_KINDS and sp.start == it.start() and sp.end == it.end()
                for sp in doc.overlapping(it.start(), it.end())
            )
        ]
        if not known:
            continue
        for it in items:
            if it in known or not doc.free(it.start(), it.end()):
                continue
            words = it.group().split()
            if (
                words[-1].lower() in HEADS
                or any(w.lower() in NOT_NAME_START or w.lower() in ROLE_WORDS for w in words)
                or any(w.lower() in GENERIC_MODIFIERS for w in words)
            ):
                continue
            ent = doc.entity_for_name("Place", it.group(), "listed-place.v1")
            doc.add_span(it.start(), it.end(), ent, "listed-place.v1")


# a title on a line of its own and, on the next line, what it is: "Steady Feet\nA weekly class for ..."
_TITLED_ENTRY = re.compile(
    r"(?m)^[ \t]*([A-Z][\w'\u2019&+-]*(?:[ \t]+(?:[A-Z][\w'\u2019&+-]*|and|of|for|the|in|at|to|on|&)){0,5})[ \t]*\n"
    r"(?:[ \t]*\n)?[ \t]*(?:An?|Our|The|Free|One-to-one)\s+((?:[\w'\u2019-]+\s+){0,6}?)"
    rf"({_DESCRIPTOR}|class|classes|café|cafe|group|support|sessions|club|clinic|hub|centre|line|team|network)\b"
)


def titled_entries(doc: DocModel) -> None:
    """ "Our services" pages: a short title on its own line, and under it a line saying what it is
    ("Steady Feet" / "A weekly strength and balance class ..."): the title is a name of that kind."""
    for m in _TITLED_ENTRY.finditer(doc.text):
        name = m.group(1)
        words = name.split()
        if (
            words[-1].lower() in CONNECTORS
            or words[0].lower() in NOT_NAME_START
            or all(
                w.lower() in ROLE_WORDS or w.lower() in HEADS or w.lower() in GENERIC_MODIFIERS for w in words
            )
            or name.lower() in _SECTION_TITLES
            # "Audiology" over "Our community audiology service, HearWell, ...": a field the text
            # writes in lower case, a section's heading, not a name
            or (len(words) == 1 and re.search(rf"\b{re.escape(name.lower())}\b", doc.text))
        ):
            continue
        start, end = m.start(1), m.end(1)
        if not doc.free(start, end):
            continue
        kind = head_kind(name) or _ENTRY_KIND.get(m.group(3).lower()) or _descriptor_kind(m.group(3))
        ent = doc.entity_for_name(kind, name, "titled-entry.v1")
        doc.add_span(start, end, ent, "titled-entry.v1")
        doc.described.setdefault(ent, set()).add(m.group(3).lower())
        doc.aliases.setdefault(name, ent)


_ENTRY_KIND = {
    "class": "Programme",
    "classes": "Programme",
    "sessions": "Programme",
    "support": "Programme",
    "line": "Programme",
    "group": "Programme",
    "team": "Organisation",
    "network": "Partnership",
}
# headings of a page's sections, never the name of one thing
_SECTION_TITLES = frozenset(
    {
        "about us",
        "our services",
        "what we do",
        "our work",
        "our projects",
        "our programmes",
        "contact us",
        "our funders",
        "our partners",
        "who we are",
        "get involved",
        "news",
        "background",
        "summary",
        "home",
        "our story",
        "our history",
        "our team",
        "our people",
        "our trustees",
        "our impact",
        "where we work",
        "meet the team",
    }
)
# "Home - Northolt Befrienders", "Who we are | Quayside Collective": a section's title, then the site's name
_SECTION_THEN_NAME = re.compile(
    r"[ \t#*]*([A-Z][a-z]+(?: [a-z]+){0,2})[ ]+[\u2013\u2014|-][ ]+"
    r"([A-Z][\w'\u2019&-]*(?:[ ]+(?:and|of|for|in|the|&|[A-Z][\w'\u2019&-]*)){0,6})[ \t]*"
)


# a page's first line that is only its own name ("Kingfisher Bereavement Support – Annual Review 2023")
PAGE_TITLE = re.compile(
    r"[ \t#*]*([A-Z][\w'\u2019&-]*(?:[ ]+(?:and|of|for|in|the|&|[A-Z][\w'\u2019&-]*)){1,6})[ \t]*"
    r"(?:[ ][\u2013\u2014|-][ ][^\n]{1,60}|:[ ](?-i:[a-z])[^\n]{1,60})?[ \t]*"
)
# "Statement from Mosaic Health", "An update from X": a first line saying who the page is from
_FROM_TITLE = re.compile(
    r"[ \t#*]*(?:(?:A|An)\s+)?(?:[Ss]tatement|[Uu]pdate|[Nn]ews|[Mm]essage|[Ll]etter|[Rr]esponse)\s+from\s+(?:the\s+)?"
    r"([A-Z][\w'\u2019&-]*(?:[ ]+(?:and|of|for|in|the|&|[A-Z][\w'\u2019&-]*)){0,6})[ \t]*"
)
_WE_OUR = re.compile(r"\b(?:[Ww]e|[Oo]ur)\b")


_CELL_NAME = re.compile(
    r"[A-Z0-9][\w'\u2019&.+-]*(?:[ ]+(?:and|of|for|in|the|&|on|at|to|with|[A-Z0-9][\w'\u2019&.+-]*)){0,7}"
)


_PERSON_CELL = re.compile(
    r"[ \t]*(?:(?:Dr|Cllr|Councillor|Professor|Prof|Sir|Dame|Mr|Mrs|Ms|Miss)\.?[ ]+)?"
    r"([A-Z][a-z'\u2019-]+(?:[ ]+[A-Z][a-z'\u2019-]+){1,2})[ \t]*"
)


def _person_cell(doc: DocModel, a: int, b: int) -> None:
    """A cell of a column of people that holds a person's name and nothing else."""
    m = _PERSON_CELL.fullmatch(doc.text, a, b)
    if m is None or doc.overlapping(m.start(1), m.end(1)):
        return
    words = m.group(1).split()
    if any(w.lower() in HEADS or w.lower() in ROLE_WORDS or w.lower() in NOT_NAME_START for w in words):
        return
    ent = doc.entity_for_name("Person", m.group(1), "table-cell.v1")
    doc.add_span(m.start(1), m.end(1), ent, "table-cell.v1")


def doc_tables(doc: DocModel) -> list[Table]:
    """The tables of a document's text (kg/extractors/tables.py), found once: the name layer and
    the layout layer both read them."""
    if doc.tables is None:
        doc.tables = list(tables(doc.text))
    return doc.tables


def table_cell_names(doc: DocModel) -> None:
    """An item of a table's column of services, providers or organisations that no other pass
    named ("Lambeth Diabetes Footcare<tab>Guy's and St Thomas' ..."): the cell is one name, of the
    kind its head noun or else its column says."""
    for table in doc_tables(doc):
        # "Contract<tab>X" / "Supplier<tab>Y" / "Value<tab>£4m": two columns whose first holds one word
        # a row is a notice's labels and values, not a column of names
        labels = (
            len(table.roles) == 2
            and len(table.rows) >= 2
            and all(len(doc.text[row[0][0] : row[0][1]].split()) == 1 for row in table.rows)
        )
        for row in table.rows:
            for col, (role, (a, b)) in enumerate(zip(table.roles, row, strict=True)):
                if labels and col == 0:
                    continue
                if role == "person" or (role or "").startswith("post:"):
                    _person_cell(doc, a, b)  # "Dr Jane Doe<tab>Chief Executive"
                    continue
                kind = NAME_COLUMN_KINDS.get(role or "")
                if kind is None:
                    continue
                cell = doc.text[a:b]
                a += len(cell) - len(cell.lstrip())
                b -= len(cell) - len(cell.rstrip())
                name = doc.text[a:b]
                same = [sp for sp in doc.overlapping(a, b) if (sp.start, sp.end) == (a, b)]
                if same and kind == "Organisation" and doc.entities[same[0].entity].kind == "Programme":
                    ent = doc.entities[same[0].entity]
                    if ent.key is None:  # "Tulse Hill Elders Club" in a column of organisations: a body
                        ent.kind = "Organisation"
                    continue
                inside = doc.overlapping(a, b)
                if _places_within(
                    doc, a, b
                ):  # "Carers Support Merton" in a column of organisations: the place is part of the name
                    inside = [] if _CELL_NAME.fullmatch(name) and not _generic(name) else inside
                if (
                    not name
                    or inside
                    or not _CELL_NAME.fullmatch(name)
                    or name[0].isdigit()
                    or _generic(name)
                    or name.split()[0].lower() in NOT_NAME_START
                    or name.lower() in ("none", "n/a", "tbc", "various", "none declared")
                ):
                    continue
                for x in doc.overlapping(a, b):
                    doc.remove_span(x)
                ent = doc.entity_for_name(head_kind(name) or kind, name, "table-cell.v1")
                doc.add_span(a, b, ent, "table-cell.v1")


_IS_A_GROUP = re.compile(
    rf"(?<![\w\u2019'])({_NAME})(?:\s+\([A-Z]{{2,6}}\))?\s+(?:is|was)\s+(?:the|a|an|our)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:partnership|alliance|collaborative|consortium|coalition)\b"
)


def group_kinds(doc: DocModel) -> None:
    """ "Redbridge Together for Health (RTH) is the health and care partnership for Redbridge": a
    body found with no head noun of a kind that the sentence says is a partnership is one."""
    if "is " not in doc.text and "was " not in doc.text:
        return
    for m in _IS_A_GROUP.finditer(doc.text):
        for sp in doc.overlapping(m.start(1), m.end(1)):
            ent = doc.entities[sp.entity]
            if (
                (sp.start, sp.end) == (m.start(1), m.end(1))
                and ent.key is None
                and ent.kind in ("Organisation", "Programme")
            ):
                ent.kind = "Partnership"


def page_title_name(doc: DocModel) -> None:
    """A page that speaks as "we" and opens with a line of capitalised words naming nothing the
    other passes found: that line is the name of the body whose page it is."""
    first = doc.text.find("\n")
    if first < 0:
        return
    section = re.search(r"\s[\u2013\u2014|-]\s+([^\n]+?)\s*$", doc.text[:first])
    if not _WE_OUR.search(doc.text, first) and not (
        section and section.group(1).lower() in _SECTION_TITLES
    ):  # (a page that says "we", or whose title is "X - where we work", "X - our partners")
        return
    m = _SECTION_THEN_NAME.fullmatch(doc.text, 0, first)
    if m and m.group(1).lower() in _SECTION_TITLES and not doc.overlapping(m.start(2), m.end(2)):
        name = m.group(2)
        if _names_one_body(name) and not _common_words(doc, tokens(doc.text, m.start(2), m.end(2))):
            ent = doc.entity_for_name(head_kind(name) or "Organisation", name, "page-title.v1")
            doc.add_span(m.start(2), m.end(2), ent, "page-title.v1")
        return
    m = PAGE_TITLE.fullmatch(doc.text, 0, first) or _FROM_TITLE.fullmatch(doc.text, 0, first)
    if not m:
        return
    # ("East London Sickle Cell Circle": a place's name inside the title is part of the body's name)
    inside = doc.overlapping(m.start(1), m.end(1))
    if inside and not _places_within(doc, m.start(1), m.end(1)):
        return
    name = m.group(1)
    words = name.split()
    if (
        name.lower() in _SECTION_TITLES
        or (_kind_of_body(name) and len(words) < 3)
        or words[0].lower() in ("our", "about", "welcome", "home", "news", "how", "what", "why", "who", "the")
        or _generic(name)
        or words[-1].lower() in CONNECTORS
        or any(w.lower() in ROLE_WORDS or w.lower() in ("minutes", "agenda", "report", "news") for w in words)
        or _common_words(doc, tokens(doc.text, m.start(1), m.end(1)))
    ):
        return
    for x in inside:
        doc.remove_span(x)
    ent = doc.entity_for_name(head_kind(name) or "Organisation", name, "page-title.v1")
    doc.add_span(m.start(1), m.end(1), ent, "page-title.v1")


# "We are a women-led charity ...", "We are a social enterprise": what the page's own body is
_WE_ARE_KIND = re.compile(
    r"\bWe\s+are\s+(?:an?|the)\s+(?:[\w-]+\s+){0,4}?"
    r"(charity|social enterprise|community interest company|company|organisation|partnership|network|alliance"
    r"|collaborative|consortium|federation)\b"
)


# "CONNECT-60", "SLEEP-WELL", "HF-HOME": a study's or project's coded name, capitals joined by hyphens
_HYPHEN_CODE = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]{1,11}(?:-[A-Z0-9]{1,11})+)(?![\w-])")
# codes of diseases, classifications and tests, not of anyone's project
_NOT_PROJECT_CODES = frozenset(
    {"COVID-19", "ICD-10", "ICD-11", "HIV-1", "HIV-2", "SARS-COV-2", "MERS-COV", "A-Z", "A-E"}
)


def coded_names(doc: DocModel) -> None:
    """A coded name in capitals with a hyphen that the document writes twice or more (or as its
    heading, "CONNECT-60: joining up ...") is a study's or project's name."""
    if "-" not in doc.text:
        return
    counts: dict[str, list[re.Match]] = {}
    for m in _HYPHEN_CODE.finditer(doc.text):
        code = m.group(1)
        if code in _NOT_PROJECT_CODES or sum(c.isalpha() for c in code) < 4 or code in doc.aliases:
            continue
        counts.setdefault(code, []).append(m)
    for code, found in counts.items():
        heading = any(
            doc.text[doc.text.rfind("\n", 0, m.start()) + 1 : m.start()].strip(" #*") == ""
            and doc.text[m.end() : m.end() + 1] == ":"
            for m in found
        )
        if len(found) < 2 and not heading:
            continue
        ent = None
        for m in found:
            if doc.free(m.start(1), m.end(1)):
                ent = ent if ent is not None else doc.entity_for_name("Programme", code, "coded-name.v1")
                doc.add_span(m.start(1), m.end(1), ent, "coded-name.v1")


_COMPANY_TAIL = re.compile(r"\s+(?:Ltd\.?|Limited|CIC|plc|PLC|LLP)$")


# "a registered charity in England and Wales", "registered in England": where a body is registered
# by law, not where it works
_REGISTERED_IN = re.compile(
    r"\b[Rr]egistered\s+(?:as\s+an?\s+)?(?:charity\s+|company\s+|society\s+)?(?:in|with)\s+"
    r"((?:England|Wales|Scotland)(?:\s+(?:and|&)\s+(?:England|Wales|Scotland))?)\b"
)


def registration_places(doc: DocModel) -> None:
    """The countries a charity or company is "registered in" are no places the text says it works in."""
    if "egistered" not in doc.text:
        return
    for m in _REGISTERED_IN.finditer(doc.text):
        for sp in doc.overlapping(m.start(1), m.end(1)):
            if doc.entities[sp.entity].kind in PLACE_KINDS:
                doc.remove_span(sp)


def company_suffix_names(doc: DocModel) -> None:
    """ "Windmill Health Federation Ltd." in a footer is the "Windmill Health Federation" the page
    names elsewhere: one body, written with and without its company suffix."""
    by_name = {_same_name(e.name): i for i, e in enumerate(doc.entities) if e.kind in ORG_KINDS}
    for i, ent in enumerate(doc.entities):
        if ent.key is not None or ent.kind not in ORG_KINDS:
            continue
        short = _COMPANY_TAIL.sub("", ent.name)
        if short == ent.name:
            continue
        other = by_name.get(_same_name(short))
        if other is not None and other != i and any(sp.entity == other for sp in doc.spans):
            doc.relabel(i, other)


def page_self_description(doc: DocModel) -> None:
    """A page titled with a name whose last word gives it the wrong kind ("Bow Women's Health
    Project": a programme by its head noun) that says what it is ("We are a women-led charity")
    takes the kind it states."""
    first = doc.text.find("\n")
    if first < 0:
        return
    m = _WE_ARE_KIND.search(doc.text, first)
    if not m:
        return
    title = [sp for sp in doc.spans if sp.end <= first]
    if (
        len(title) != 1
        or doc.text[: title[0].start].strip(" #*")
        or doc.text[title[0].end : first].strip(" #*")
    ):
        return  # the title line is the name alone
    ent = doc.entities[title[0].entity]
    kind = _descriptor_kind(m.group(1))
    if (
        ent.key is not None
        or ent.kind == kind
        or ent.kind not in ("Programme", "Organisation", "Partnership")
    ):
        return
    # (one name, one actor: the entity changes its kind, as when a later reading corrects the fallback)
    idx = title[0].entity
    doc.by_norm.pop((ent.kind, _same_name(ent.name)), None)
    ent.kind = kind
    doc.by_norm[(kind, _same_name(ent.name))] = idx


_CAP_RUN = r"[A-Z][\w'\u2019-]*(?:\s+(?:for\s+|of\s+|to\s+|at\s+|on\s+)?[A-Z][\w'\u2019-]*){0,4}"
# "Steady Steps and the Greenway Memory Service": names coordinated with a programme's name
_COORDINATED = re.compile(
    rf"(?:(?:the|our|its)\s+)?({_CAP_RUN})(?:,\s+(?:(?:the|our|its)\s+)?({_CAP_RUN}))?,?\s+(?:and|&)\s+"
    rf"(?:(?:the|our|its)\s+)?({_CAP_RUN})(?=[\s,.;:)]|$)"
)


_MEMBERS_ARE = re.compile(
    r"\b(?:members|partners|member organisations)\s+(?:are|include|includes)\b|\bconsortium\b"
)
_KIND_TAILS = frozenset(
    {"sector", "sectors", "community", "communities", "services", "partners", "organisations", "groups"}
    | {"practices", "providers", "colleagues", "residents", "teams", "bodies", "authorities"}
)
_COORDINATED_KINDS = frozenset({"Programme", "Organisation", "Partnership", "NHSTrust", "LocalAuthority"})


def coordinated_programmes(doc: DocModel) -> None:
    """A name written with no head noun, coordinated with a programme the text has named ("the
    provider of Steady Steps and the Greenway Memory Service"), is a programme too."""
    programmes = [sp for sp in doc.sorted_spans() if doc.entities[sp.entity].kind in _COORDINATED_KINDS]
    if not programmes:
        return
    starts = [sp.start for sp in programmes]
    for s_start, s_end in doc.sentences:
        k = bisect.bisect_left(starts, s_start)
        if k == len(starts) or starts[k] >= s_end:
            continue  # no programme named in the sentence
        sentence = doc.text[s_start:s_end]
        if " and " not in sentence and "&" not in sentence:
            continue
        for m in _COORDINATED.finditer(doc.text, s_start, s_end):
            groups = [(m.start(g), m.end(g)) for g in (1, 2, 3) if m.group(g)]
            known_kinds = {
                (a, b): doc.entities[sp.entity].kind
                for a, b in groups
                for sp in doc.overlapping(a, b)
                if sp.start == a and sp.end == b and doc.entities[sp.entity].kind in _COORDINATED_KINDS
            }
            known = list(known_kinds)
            kinds_known = {"Programme" if k == "Programme" else "Organisation" for k in known_kinds.values()}
            if not known or len(kinds_known) != 1:
                continue
            kind = next(iter(kinds_known))  # a body's name beside bodies' names is an organisation's
            for a, b in groups:
                if (a, b) in known or not doc.free(a, b):
                    continue
                words = doc.text[a:b].split()
                if (
                    len(words) < 2
                    or words[0].lower() in NOT_NAME_START
                    or words[-1].lower() in CONNECTORS
                    or head_kind(" ".join(words)) not in (None, kind)
                    or any(w.lower() in ROLE_WORDS or w.lower() in GENERIC_MODIFIERS for w in words)
                    or (a == m.start(1) and a == s_start)  # the sentence's first word may be any capital
                    or (
                        kind == "Organisation"
                        and not _body_like(doc.text[a:b], doc)
                        and not _MEMBERS_ARE.search(sentence)  # ("its members are A, B and C": bodies)
                    )  # (not "Jane Doe")
                    or words[-1].lower() in _KIND_TAILS  # "the Voluntary Care Sector": a kind of body
                ):
                    continue
                name = doc.text[a:b]
                ent = doc.entity_for_name(kind, name, "coordinated-name.v1")
                doc.add_span(a, b, ent, "coordinated-name.v1")


def build_model(text: str, gazetteer: Gazetteer) -> DocModel:
    """Find every mention of an actor in ``text``."""
    doc = DocModel(
        text=text, register=gazetteer.register, folded=fold_for_match(text), sentences=sentence_spans(text)
    )
    register = gazetteer.register
    place_list_names(doc, gazetteer)
    add_register_mentions(doc, gazetteer)
    elided_places(doc, gazetteer)
    listed_places(doc, gazetteer)
    ics_board_mentions(doc, register)
    area_acronym_systems(doc, gazetteer)
    area_short_bodies(doc, gazetteer)
    listed_systems(doc, gazetteer)
    acronym_definitions(doc, register)
    place_together_names(doc, gazetteer)
    titled_entries(doc)
    open_names(doc, register)
    table_cell_names(doc)
    page_title_name(doc)
    group_kinds(doc)
    coordinated_programmes(doc)
    join_place_suffixes(doc)
    place_ended_names(doc)
    listed_item_names(doc)
    role_line_bodies(doc)
    borough_boards(doc)
    listed_councils(doc)
    lowercase_system_names(doc)
    qualify_generic_systems(doc, gazetteer)
    merge_short_names(doc)
    document_aliases(doc)
    acronym_branches(doc)
    coordinated_place_names(doc)
    college_names(doc)
    funder_prefixes(doc)
    join_place_prefixes(doc)
    _final_surfaces(doc)
    owner_prefixed_names(doc)
    coded_names(doc)
    registration_places(doc)
    company_suffix_names(doc)
    page_self_description(doc)
    return doc


_GENERIC_SYSTEMS = {
    "integrated care system": ("ICS", "Integrated Care System"),
    "integrated care partnership": ("Partnership", "Integrated Care Partnership"),
    "integrated care board": ("ICB", "Integrated Care Board"),
}
_AREA = r"(?:North|South|East|West|Central|North Central|North East|North West|South East|South West) London"
_AREA_BEFORE = re.compile(rf"({_AREA})(?:'s|\u2019s)?\s+(?:[a-z]+\s+)?(?:the\s+)?$")
_AREA_OF_SYSTEM = re.compile(rf"^(?:NHS )?({_AREA}) Integrated Care (?:System|Board)$")


_AREA_ACRONYM_SYSTEM = re.compile(
    rf"\b((?:NHS )?{_AREA}|(?:NHS )?(?:NW|NE|SW|SE|NC) London)\s+\(([A-Z]{{2,6}})\)\s+"
    r"(ICS|ICB|CCG|Integrated Care System|Integrated Care Board|Clinical Commissioning Group)\b"
)


# the five London systems' short forms, and the short forms of bodies each system has
_AREA_SHORT = {
    "SEL": "South East London",
    "SWL": "South West London",
    "NCL": "North Central London",
    "NEL": "North East London",
    "NWL": "North West London",
}
_BODY_SHORT = {
    "JHOSC": ("Organisation", "Joint Health Overview and Scrutiny Committee"),
    "HOSC": ("Organisation", "Health Overview and Scrutiny Committee"),
    "ICP": ("Partnership", "Integrated Care Partnership"),
    "APC": ("Partnership", "Acute Provider Collaborative"),
    "LMNS": ("Partnership", "Local Maternity and Neonatal System"),
    "JFP": ("Strategy", "Joint Forward Plan"),
}
_AREA_SHORT_BODY = re.compile(rf"\b({'|'.join(_AREA_SHORT)})\s+({'|'.join(_BODY_SHORT)})\b")


_SYSTEMS_NOUN = re.compile(
    r"\b(?:(ICSs|[Ii]ntegrated [Cc]are [Ss]ystems)|(ICBs|[Ii]ntegrated [Cc]are [Bb]oards))\b[^.;]{0,25}?(?::|\(|\bare\b|,\s+namely\b)"
)
_FULL_AREA = re.compile(r"(?:North|South)\s+(?:Central|East|West)\s+London\Z")


def listed_systems(doc: DocModel, gazetteer: Gazetteer) -> None:
    """ "London's five ICSs: North Central London, North East London, ...": each area listed after
    the systems (or boards) is that area's system (or board)."""
    for s_start, s_end in doc.sentences:
        m = _SYSTEMS_NOUN.search(doc.text, s_start, s_end)
        if m is None:
            continue
        generic = "Integrated Care System" if m.group(1) else "Integrated Care Board"
        for sp in doc.spans_in(m.end(), s_end):
            if doc.entities[sp.entity].kind != "Place" or not _FULL_AREA.match(doc.text[sp.start : sp.end]):
                continue
            full = f"{doc.text[sp.start : sp.end]} {generic}"
            keys = _whole_name_keys(gazetteer, full)
            if len(keys) == 1:
                doc.remove_span(sp)
                doc.add_span(
                    sp.start, sp.end, doc.entity_for_key(keys.pop(), gazetteer.register), "listed-system.v1"
                )


def _whole_name_keys(gazetteer: Gazetteer, full: str) -> set[str]:
    """The register keys whose names match the whole of ``full``."""
    return {
        c.key for g in gazetteer.matches(full) if g.start == 0 and g.end == len(full) for c in g.candidates
    }


def area_short_bodies(doc: DocModel, gazetteer: Gazetteer) -> None:
    """ "SEL JHOSC", "NCL ICP": an area's short form and a body's short form, both standard, name
    that area's body (the register's, when it knows the full name; else a new name)."""
    for m in _AREA_SHORT_BODY.finditer(doc.text):
        if not doc.free(m.start(), m.end()) and not all(
            sp.start >= m.start() and sp.end <= m.end() for sp in doc.overlapping(m.start(), m.end())
        ):
            continue
        kind, expansion = _BODY_SHORT[m.group(2)]
        full = f"{_AREA_SHORT[m.group(1)]} {expansion}"
        keys = _whole_name_keys(gazetteer, full)
        for sp in doc.overlapping(m.start(), m.end()):
            doc.remove_span(sp)
        if len(keys) == 1:
            ent = doc.entity_for_key(keys.pop(), gazetteer.register)
        else:
            ent = doc.entity_for_name(kind, full, "area-short.v1")
        doc.add_span(m.start(), m.end(), ent, "area-short.v1")
        doc.aliases.setdefault(m.group(0), ent)


def area_acronym_systems(doc: DocModel, gazetteer: Gazetteer) -> None:
    """ "North East London (NEL) ICS": the area's short form in brackets inside the system's name;
    the whole is one mention of the register's system (or board), when the name without the
    brackets is one of its names."""
    if "(" not in doc.text:
        return  # no bracket, no such name (and the text is not scanned for one)
    for m in _AREA_ACRONYM_SYSTEM.finditer(doc.text):
        full = f"{m.group(1)} {m.group(3)}"
        keys = _whole_name_keys(gazetteer, full)
        if len(keys) != 1:
            continue
        inside = doc.overlapping(m.start(), m.end())
        if any(sp.start < m.start() or sp.end > m.end() for sp in inside):
            continue  # part of a longer name
        for sp in inside:
            doc.remove_span(sp)
        doc.add_span(
            m.start(), m.end(), doc.entity_for_key(keys.pop(), gazetteer.register), "area-acronym.v1"
        )


_LOWER_SYSTEM = re.compile(
    r"\b(?:NHS\s+)?((?:[Nn]orth|[Ss]outh)(?:\s+(?:[Cc]entral|[Ee]ast|[Ww]est))?\s+London)\s+"
    r"integrated\s+care\s+(system|board)\b"
)


def lowercase_system_names(doc: DocModel) -> None:
    """ "the North West London integrated care system", "the south east London integrated care
    board": an area's system or board written in lower case is that body, not the area."""
    if "integrated care" not in doc.text:
        return
    for m in _LOWER_SYSTEM.finditer(doc.text):
        inside = doc.overlapping(m.start(), m.end())
        if any(doc.entities[sp.entity].kind in ("ICS", "ICB") for sp in inside):
            continue  # a register name already read there
        area = " ".join(w.capitalize() if w.lower() != "london" else "London" for w in m.group(1).split())
        if m.group(2) == "system":
            kind, name = "ICS", f"{area} Integrated Care System"
        else:
            kind, name = "ICB", f"NHS {area} Integrated Care Board"
        if doc.register is None:
            return
        target = next(
            (
                key
                for surface, key, _ in doc.register.names()
                if surface.lower() == name.lower() and doc.register.entries[key].kind == kind
            ),
            None,
        )
        if target is None:
            continue
        for sp in inside:
            doc.remove_span(sp)
        ent = doc.entity_for_key(target, doc.register)
        doc.add_span(m.start(), m.end(), ent, "lowercase-system.v1")


def qualify_generic_systems(doc: DocModel, gazetteer: Gazetteer) -> None:
    """ "North Central London's new Integrated Care System", or "our Integrated Care
    Partnership" in a document about one system: the generic name is that area's body."""
    register = gazetteer.register
    areas = set()
    for ent in doc.entities:
        if (
            ent.key
            and ent.kind in ("ICS", "ICB")
            and any(s.entity == doc.by_key.get(ent.key) for s in doc.spans)
        ):
            m = _AREA_OF_SYSTEM.match(ent.name)
            if m:
                areas.add(m.group(1))
    for idx, ent in enumerate(list(doc.entities)):
        generic = _GENERIC_SYSTEMS.get(normalise_name(ent.name)) if not ent.key else None
        if generic is None:
            continue
        spans = [sp for sp in doc.spans if sp.entity == idx]
        area = None
        for sp in spans:
            m = _AREA_BEFORE.search(doc.text, max(0, sp.start - 60), sp.start)
            if m:
                area = m.group(1)
                break
        if area is None and len(areas) == 1:
            area = next(iter(areas))
        if area is None:
            for sp in spans:  # "an Integrated Care Board" with no area: a kind of body, no one body
                doc.remove_span(sp)
            doc.aliases = {k: v for k, v in doc.aliases.items() if v != idx}  # nor its short form
            continue
        full = f"{area} {generic[1]}"
        keys = _whole_name_keys(gazetteer, full)
        same = doc.by_norm.get((generic[0], normalise_name(full)))
        if len(keys) == 1:
            doc.relabel(idx, doc.entity_for_key(next(iter(keys)), register))
        elif same is not None and same != idx:  # the full name is written elsewhere: one entity
            doc.relabel(idx, same)
            for surface in ent.surfaces:
                doc.entities[same].add_surface(surface)
            ent.surfaces = []
        else:
            ent.kind, ent.name = generic[0], full
            doc.by_norm[(ent.kind, normalise_name(full))] = idx


_BOROUGH_BOARD = re.compile(r"\b(?i:health\s+(?:and|&)\s+well-?being\s+board)\b")
_BOARD_OWNER_BEFORE = re.compile(r"([A-Z][\w'\u2019-]*(?:\s+(?:and\s+|of\s+)?[A-Z][\w'\u2019-]*){0,3})\s+$")


def _home_borough(doc: DocModel) -> str | None:
    """The code of the borough a document is about: the one its boroughs and councils are named
    for most often, at least twice as often as any other; None when no one borough stands out."""
    counts: dict[str, int] = {}
    for sp in doc.spans:
        key = doc.entities[sp.entity].key or ""
        if key.startswith(("gss:", "la:")) and doc.entities[sp.entity].kind in ("Borough", "LocalAuthority"):
            code = key.partition(":")[2]
            counts[code] = counts.get(code, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    return ranked[0][0]


_ROLE_LINE_BODY = re.compile(
    r"(?m)^[ \t]*(?:By\s+|[A-Za-z ]{1,30}:\s*)?[A-Z][^,\n]{2,60},[ \t]*([^,\n]{2,60}),[ \t]*"
    r"([A-Z][\w'\u2019&-]*(?:[ \t]+(?:(?:and|of|for|the|&)[ \t]+)?[A-Z][\w'\u2019&-]*){1,5})[ \t]*$"
)


def role_line_bodies(doc: DocModel) -> None:
    """ "By Jane Doe, Health Reporter, Riverside Courier": the last part of a line that names a
    person and a role is the body the role is held in, known to the register or not."""
    for m in _ROLE_LINE_BODY.finditer(doc.text):
        role_words = {w.lower() for w in re.findall(r"[A-Za-z-]+", m.group(1))}
        if not role_words & ROLE_WORDS or not doc.free(m.start(2), m.end(2)):
            continue
        people = [
            sp for sp in doc.spans_in(m.start(), m.start(1)) if doc.entities[sp.entity].kind == "Person"
        ]
        name = m.group(2)
        if not people or _generic(name) or head_kind(name) in PLACE_KINDS:
            continue
        ent = doc.entity_for_name(head_kind(name) or "Organisation", name, "role-line-body.v1")
        doc.add_span(m.start(2), m.end(2), ent, "role-line-body.v1")


def borough_boards(doc: DocModel) -> None:
    """A health and wellbeing board is a borough's (every council has one by law): "Greenwich
    Health and Wellbeing Board" is that borough's, and "the Health and Wellbeing Board" in a
    document about one borough is its borough's board."""
    register = doc.register
    if register is None:
        return
    home = _home_borough(doc)
    for m in _BOROUGH_BOARD.finditer(doc.text):
        if not doc.free(m.start(), m.end()):
            taken = doc.overlapping(m.start(), m.end())
            if not (
                len(taken) == 1
                and (taken[0].start, taken[0].end) == (m.start(), m.end())
                and _generic(doc.entities[taken[0].entity].name)
            ):
                continue  # (a name found as the bare "Health and Wellbeing Board" is still the borough's)
        start, code = m.start(), None
        before = [sp for sp in doc.overlapping(max(0, m.start() - 40), m.start()) if sp.end >= m.start() - 3]
        heading_owner = (
            before
            and re.fullmatch(r" [-\u2013\u2014] ", doc.text[before[-1].end : m.start()])
            and doc.entities[before[-1].entity].kind == "LocalAuthority"
        )  # "London Borough of Lewisham - Health and Wellbeing Board - Minutes": the council's board
        if heading_owner:
            code = (doc.entities[before[-1].entity].key or "").partition(":")[2] or None
        elif before and doc.text[before[-1].end : m.start()] == " ":
            owner = doc.entities[before[-1].entity]
            if owner.kind not in ("Borough", "LocalAuthority") or not (owner.key or "").startswith(
                ("gss:", "la:")
            ):
                continue  # the board of some other body
            code, start = owner.key.partition(":")[2], before[-1].start
        elif _BOARD_OWNER_BEFORE.search(doc.text, max(0, m.start() - 60), m.start()) and not re.search(
            r"(?:^|[\n.:;]\s*|\b(?:the|The|THE|of|a|its|our|their|to|at|by)\s+)$",
            doc.text[max(0, m.start() - 12) : m.start()],
        ):
            continue  # a name of its own, which the name layer read or rejected
        else:
            code = home
        borough = register.entries.get(f"gss:{code}") if code else None
        if borough is None:
            continue
        for sp in doc.overlapping(start, m.end()):
            doc.remove_span(sp)
        ent = doc.entity_for_name(
            "Partnership", f"{borough.name} Health and Wellbeing Board", "borough-board.v1"
        )
        doc.add_span(start, m.end(), ent, "borough-board.v1")
        doc.entities[ent].surfaces = [s for s in doc.entities[ent].surfaces if not _generic(s)]


def owner_prefixed_names(doc: DocModel) -> None:
    """ "Riverside Integrated Care Board Joint Forward Plan": a plan or programme named
    right after the body it belongs to is also known by the two names together."""
    for prev, span in zip(doc.spans, doc.spans[1:], strict=False):
        ent = doc.entities[span.entity]
        owner = doc.entities[prev.entity]
        if (
            ent.key is None
            and ent.kind in ("Strategy", "Programme")
            and owner.kind in ORG_KINDS | PLACE_KINDS
            and doc.text[prev.end : span.start] == " "
        ):
            ent.add_surface(doc.text[prev.start : span.end])


def _final_surfaces(doc: DocModel) -> None:
    """Keep the surface forms that a final span still shows (and honorific forms of them)."""
    shown: dict[int, set[str]] = {}
    for span in doc.spans:
        shown.setdefault(span.entity, set()).add(doc.text[span.start : span.end])
    for idx, ent in enumerate(doc.entities):
        texts = shown.get(idx, set())
        ent.surfaces = [s for s in ent.surfaces if s in texts or any(s.endswith(" " + t) for t in texts)]
