"""Who a sentence speaks of: the slots of every sentence (named mentions; definite descriptions
resolved to the one entity of their kind in the document, "the ICB", "the strategy"; a
sentence-initial "It", "This" or "These" as the previous sentence's subject; a first-person "I" as
the last person quoted; "we", "our" and "us" in the document's own voice as its author), and the
co-mention layer. The plural and personal references are in kg/extractors/coref.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extractors.lexicon import HEADS, ROLE_WORDS
from kg.extractors.mentions import ORG_KINDS, PLACE_KINDS, DocModel, normalised
from kg.seeds import Register


@dataclass(frozen=True, slots=True)
class Slot:
    start: int
    end: int
    entity: int
    how: str  # "name", "description", "pronoun", "speaker"


@dataclass(frozen=True, slots=True)
class Found:
    subject: int
    predicate: str
    object: int
    rule: str
    confidence: float
    sentence: tuple[int, int]
    role: str | None = None


_DESC = re.compile(
    # "the/its X", and "a new X" (a document's lede introducing its subject), never a bare "a X"
    r"\b(?:(?i:the|this|its|their|our)\s+|(?i:a|an)\s+(?=(?:new|draft|latest|refreshed|first|joint)\s))"
    r"(?:[\u00a3$\u20ac][\d.,]+(?:m|bn|k|\s+million|\s+billion)?,?\s+)?"  # "the \u00a3450,000, two-year scheme"
    r"((?:new|draft|latest|refreshed|wider|first|joint)\s+)?"
    r"((?:(?!(?:of|the|and|for|to|in|on|with|by|from|at|or)\s)[a-z][a-z-]*\s+){0,3}?)(ICB|ICS|CCG|STP|trust|council|Council|Trust|strategy|plan|academy|programme|partnership|board|Board|Sub-Committee|Sub-committee|sub-committee|Panel|Committee|Partnership|Programme|Alliance|Network|Strategy|Collaborative|"
    r"network|consortium|committee|alliance|initiative|project|institute|collaborative|collaboration|fund|scheme|charity|panel|forum|service|hospital|hospice|federation|company|firm|organisation|enterprise|hub|centre|clinic|borough(?!-)|integrated care board|pilot|study|trial|cohort|campaign|cafe|club|course|PCN|group|outreach|bus|unit|helpline|Group|taskforce|practice|surgery|confederation|Confederation|foundation|Foundation|university|University|college|College|association|Association|society|Society|"
    # the kind written with a capital, as pages write their own service ("The Hub is run by ...")
    r"Hub|Service|Centre|Clinic|Project|Fund|Scheme|Hospital|Forum|Consortium|Federation|Charity|Initiative|Pilot|Study|Unit|Institute|Hospice|"
    r"integrated care system)\b(?!\s+(?:of|between)\b|\s+for\s+(?!(?:the\s+)?(?:municipal|coming|next|current|year\b|20\d\d)))"
)


_DURATION = re.compile(r"\b(?:\w+-)+(?:year|month|week|day)(?:-long)?\s*")
# nouns any organisation other than a public body may be called by
_ANY_BODY_NOUNS = frozenset({"company", "firm", "organisation", "charity", "enterprise"})


class Resolver:
    """Resolves definite descriptions to the one entity of their kind in the document."""

    def __init__(self, doc: DocModel, register: Register) -> None:
        self.doc = doc
        self.register = register
        self.mentioned = sorted({s.entity for s in doc.spans})
        self.parts = {s.entity for s in doc.spans if s.rule == "part-list.v1"}
        self._first: dict[int, int] = {}  # where each entity is first named
        for sp in doc.spans:
            if sp.start < self._first.get(sp.entity, len(doc.text) + 1):
                self._first[sp.entity] = sp.start
        self._names = {
            i: [normalised(n) for n in [doc.entities[i].name, *doc.entities[i].surfaces]]
            for i in self.mentioned
        }
        self._cache: dict[tuple[str, str], int | None] = {}
        self._last: dict[tuple[str, str], int] = {}  # what each description last stood for
        self.icb_of = {
            e.ics: e.key for e in register.entries.values() if e.kind == "ICB" and e.ics and not e.end
        }
        self.ics_of = {e.key: e.ics for e in register.entries.values() if e.kind == "ICB" and e.ics}

    def of_kind(self, kind: str) -> list[int]:
        return [i for i in self.mentioned if self.doc.entities[i].kind == kind]

    def acronym(self, word: str) -> int | None:
        word = word.upper()
        if word in ("ICB", "INTEGRATED CARE BOARD"):
            return self._one_or_counterpart("ICB", "ICS", self.icb_of)
        if word in ("ICS", "INTEGRATED CARE SYSTEM"):
            return self._one_or_counterpart("ICS", "ICB", self.ics_of)
        if word == "CCG":
            found = self.of_kind("CCG")
            return found[0] if len(found) == 1 else None
        return None

    def _one_or_counterpart(self, kind: str, other: str, counterpart: dict) -> int | None:
        """The one board (or system) the document names, or else the counterpart of the one system
        (or board) it names."""
        found = self.of_kind(kind)
        if len(found) == 1:
            return found[0]
        others = self.of_kind(other)
        if not found and len(others) == 1 and self.doc.entities[others[0]].key in counterpart:
            return self.doc.entity_for_key(counterpart[self.doc.entities[others[0]].key], self.register)
        return None

    def description(self, modifiers: str, head: str, at: int | None = None) -> int | None:
        """The one entity "the <modifiers> <head>" can mean: the only candidate in the document, or,
        when several are named, the only one named earlier on the same line or, failing that, in the
        paragraph before, or what the same words last stood for, or else the one in the document's
        opening (given ``at``)."""
        if at is not None and not modifiers.strip() and head in _ITEM_THING_NOUNS:
            own = self._list_item_name(at)
            if own is not None:
                return own  # "- Healthy Hearts Lambeth - free checks. The programme is funded by X"
        key = (modifiers, head)
        if key not in self._cache:
            self._cache[key] = self._description(modifiers, head)
        cands = self._cache[key]
        if (
            at is not None
            and cands
            and not modifiers.strip()
            and head in _ANY_BODY_NOUNS
            and all(self._first.get(c, at) >= at for c in cands)
            # (but "the charity Forget-Me-Not Harrow": the description names the body that follows)
            and not any(
                re.fullmatch(
                    rf"(?i)\w+\s+(?:[\w-]+\s+){{0,3}}?{re.escape(head)}\s+",
                    self.doc.text[at : self._first.get(c, at)],
                )
                for c in cands
            )
        ):
            # "The charity runs X with funding from the Y Charity": "the charity" refers back, not
            # forward to a name the sentence gives later: to the one such body named before
            before = [
                i
                for i in self.mentioned
                if self.doc.entities[i].kind == "Organisation" and self._first[i] < at
            ]
            return before[0] if len(before) == 1 else None
        if (
            at is not None
            and head == "board"
            and not modifiers.strip()
            and cands
            and all(self._first.get(c, at) > at for c in cands)
        ):
            # "The board has three committees" on a trust's papers, a health and wellbeing board
            # named only further down: the board of the body whose papers these are
            home = home_body(self.doc)
            return home if home is not None and self.doc.entities[home].kind != "Partnership" else None
        if len(cands) == 1:
            return cands[0]
        if len(cands) < 2 or at is None:
            return None
        found = self._near(cands, at, self._last.get(key))
        if found is not None:
            self._last[key] = found
        return found

    def _list_item_name(self, at: int) -> int | None:
        """The programme whose name opens the list item (a bulleted line) that ``at`` stands in."""
        line = self.doc.text.rfind("\n", 0, at) + 1
        bullet = _ITEM_OPENING.match(self.doc.text, line)
        if bullet is None:
            return None
        first = next(iter(self.doc.spans_in(bullet.end(), at)), None)
        if first is None or first.start != bullet.end():
            return None
        return first.entity if self.doc.entities[first.entity].kind == "Programme" else None

    def _near(self, cands: list[int], at: int, last: int | None) -> int | None:
        line = self.doc.text.rfind("\n", 0, at) + 1
        near = {sp.entity for sp in self.doc.spans_in(line, at) if sp.entity in cands}
        same_line = bool(near)
        if not near and line > 0:  # the line before: a heading, or the previous paragraph
            end = line  # (past blank lines: paragraphs are often set apart by one)
            while end > 0 and not self.doc.text[self.doc.text.rfind("\n", 0, end - 1) + 1 : end].strip():
                end = self.doc.text.rfind("\n", 0, end - 1) + 1
            above = self.doc.text.rfind("\n", 0, end - 1) + 1 if end > 0 else 0
            near = {sp.entity for sp in self.doc.spans_in(above, end) if sp.entity in cands}
        if not near and last is not None:
            # "The fund, which ... . The fund forms part of ...": what the same words meant last
            return last
        if not near or (len(near) > 1 and not same_line):
            # the one candidate the document opens with (its headline and first sentence)
            opening = self.doc.sentences[min(2, len(self.doc.sentences)) - 1][1] if self.doc.sentences else 0
            near = {sp.entity for sp in self.doc.spans_in(0, min(opening, at)) if sp.entity in cands}
        return near.pop() if len(near) == 1 else None

    def _byline_only(self, i: int) -> bool:
        """Is entity ``i`` named only in a byline ("By Jane Doe, Riverside Reporting Service")?"""
        text = self.doc.text
        for sp in self.doc.spans:
            if sp.entity == i:
                line = text.rfind("\n", 0, sp.start) + 1
                if not text.startswith("By ", line):
                    return False
        return True

    def _description(self, modifiers: str, head: str) -> list[int]:
        if head.upper() in ("ICB", "ICS", "CCG") or head in (
            "integrated care board",
            "integrated care system",
        ):
            one = self.acronym(head)
            return [] if one is None else [one]
        if head == "STP":
            head, modifiers = "plan", "transformation "
        if head == "board" and not modifiers.strip():
            boards = [
                i
                for i in self.mentioned
                if self.doc.entities[i].kind != "ICB" and any(n.endswith("board") for n in self._names[i])
            ]
            if not boards:
                # "the board" with no board named: the board of the body whose papers these are,
                # or else of the one ICB the document is about
                home = home_body(self.doc)
                if home is not None and self.doc.entities[home].kind != "Partnership":
                    return [home]
                one = self.acronym("ICB")
                return [] if one is None else [one]
        words = modifiers.split()
        if head == "trust":
            kinds = {"NHSTrust"}
        elif head == "council":
            kinds = {"LocalAuthority"}
        elif head == "borough":
            kinds = {"Borough"}  # "the borough's partnership": the borough the text is about
        else:
            kinds = {HEADS.get(head, "Organisation")}
        wanted = normalised(" ".join([*words, head]))
        cands = []
        for i in self.mentioned:
            ent = self.doc.entities[i]
            names = self._names[i]
            if ent.kind not in kinds and not (
                ent.kind in ORG_KINDS and not words and any(head in n.split() for n in names)
            ):
                continue
            if words:
                ok = any(n.endswith(wanted) for n in names)
            else:
                ok = (
                    ent.kind in ("NHSTrust", "LocalAuthority", "Borough")
                    or any(n.split()[-1] == head or head in n.split() for n in names)
                    or head in self.doc.described.get(i, ())
                )
            if ok:
                cands.append(i)
        if len(cands) > 1 and not words and any(self.doc.entities[i].kind in kinds for i in cands):
            # "the partnership" when a partnership and a system named "... Health and Care
            # Partnership" are both named: the partnership, not the system
            cands = [
                i
                for i in cands
                if self.doc.entities[i].kind not in ("ICS", "ICB") or self.doc.entities[i].kind in kinds
            ]
        if not cands and not words and head == "council":
            # "the Council" in a document about one borough and no council named: that borough's
            boroughs = [
                i
                for i in self.mentioned
                if self.doc.entities[i].kind == "Borough"
                and (self.doc.entities[i].key or "").startswith("gss:")
            ]
            council = "la:" + (self.doc.entities[boroughs[0]].key or "")[4:] if len(boroughs) == 1 else ""
            if council in self.register.entries:
                cands = [self.doc.entity_for_key(council, self.register)]
        if head == "borough" and not words and not any(self.doc.entities[i].kind == "Borough" for i in cands):
            # "the borough's partnership" in a document about one council ("Tower Hamlets Council",
            # "London Borough of Newham") and no borough named alone: that council's borough
            councils = {
                i
                for i in [*cands, *self.mentioned]
                if self.doc.entities[i].kind == "LocalAuthority"
                and (self.doc.entities[i].key or "").startswith("la:")
            }
            area = (
                "gss:" + (self.doc.entities[next(iter(councils))].key or "")[3:] if len(councils) == 1 else ""
            )
            if area in self.register.entries:
                cands = [self.doc.entity_for_key(area, self.register)]
        if not cands and not words and head in _ANY_BODY_NOUNS:
            # "the company", "the charity", "the firm": the one named organisation that is not a
            # public body, whatever its name (a company by its suffix when there are several)
            cands = [i for i in self.mentioned if self.doc.entities[i].kind == "Organisation"]
            if len(cands) > 1 and head in ("company", "firm"):
                cands = [
                    i
                    for i in cands
                    if self._names[i][0].split()[-1:] in (["ltd"], ["limited"], ["plc"], ["llp"])
                ]
        if not cands and kinds & {"Programme", "Strategy", "Partnership", "Funding"}:
            # "the programme" when the document names one programme, whatever its name; "this
            # system-wide partnership" when it names one partnership, whatever its words
            cands = [
                i for i in self.mentioned if self.doc.entities[i].kind in kinds and not self._byline_only(i)
            ]
            if words and (len(cands) != 1 or not all(w.endswith("wide") or w in _EVALUATIVE for w in words)):
                cands = []  # words that could tell one partnership from another: no guess
        return cands


# the kinds of activity a list item's description calls its own name by ("This service is ...")
_ITEM_THING_NOUNS = frozenset(
    {"service", "programme", "project", "scheme", "initiative", "clinic", "hub", "pilot", "study", "trial"}
)
_ITEM_OPENING = re.compile(r"[ \t]*(?:[-*\u2022\u00b7\u25aa]|\d{1,2}[.)])[ \t]+")


def home_body(doc: DocModel) -> int | None:
    """The organisation whose papers a document is: the first one its heading (first line that
    has a name, within the first 200 characters) names."""
    for span in doc.sorted_spans():
        if span.start > 200:
            return None
        if doc.entities[span.entity].kind in ORG_KINDS - {"ICS"}:
            line_start = doc.text.rfind("\n", 0, span.start) + 1
            opening = doc.text[line_start : span.start].strip(" #*")
            return span.entity if opening in ("", "The", "THE") else None
    return None


# words that describe any partnership or programme without telling which ("this new, local partnership")
_EVALUATIVE = frozenset(
    {
        "new",
        "local",
        "wider",
        "joint",
        "overarching",
        "ambitious",
        "innovative",
        "current",
        "existing",
        "proposed",
        "pioneering",
        "successful",
        "whole",
        "single",
        "shared",
        "formal",
        "informal",
    }
)
_QUOTES = re.compile('["\u201c\u201d]')
# a single quotation mark opening a quotation ("'We run ...") or closing one ("...,' said X"), not an
# apostrophe ("Women's", "governors'")
_SINGLE_OPEN = re.compile("(?:^|(?<=[\\s(]))['\u2018](?=[A-Z0-9])")
_SINGLE_CLOSE = re.compile("(?<=[,.!?])['\u2019](?=\\s|$|[,)])")


def _quote_view(sentence: str) -> str:
    """``sentence`` with single quotation marks written as double ones (the same length, so offsets
    still hold): British pages often quote with single marks."""
    if "'" not in sentence and "\u2018" not in sentence and "\u2019" not in sentence:
        return sentence
    out = _SINGLE_OPEN.sub('"', sentence)
    return _SINGLE_CLOSE.sub('"', out)


_SUBJECT_OF_PAPER = re.compile(
    r"\b(?:evaluation|review|study|inquiry|audit|assessment)\s+(?:of|into)\s+(?:the\s+)?\Z"
)


def _author(doc: DocModel, spans: list, need_we: bool = True) -> int | None:
    """The body a document speaks for when it says "we" (or "this report"): the organisation its
    heading names (the first actor named, within the first 300 characters), if the document says
    "we" (or ``need_we`` is false)."""
    if need_we and not re.search(r"\b(?:[Ww]e|[Oo]ur)\b", doc.text):
        return None
    first_end = doc.text.find("\n")
    first_end = len(doc.text) if first_end < 0 else first_end
    heading = [sp for sp in spans if sp.end <= first_end]
    if (
        len(heading) == 1
        and doc.entities[heading[0].entity].kind == "Programme"
        and not doc.text[: heading[0].start].strip(" #*")
        and (
            not doc.text[heading[0].end : first_end].strip(" #*:")
            # "Kentish Town Community Health Project - Who funds us": the page's own name, a section
            or re.match(r"\s+[-\u2013\u2014|]\s+\S", doc.text[heading[0].end : first_end])
        )
    ):
        return heading[0].entity  # a service's own page ("Thamesreach Memory Service" / "We offer ...")
    opening = next(
        (
            span
            for span in spans
            if span.start <= 300
            and doc.entities[span.entity].kind in ORG_KINDS
            # ("an evaluation of X": the paper is about X, not by X)
            and not _SUBJECT_OF_PAPER.search(doc.folded, doc.text.rfind("\n", 0, span.start) + 1, span.start)
        ),
        None,
    )
    if opening is not None and opening.start < first_end:
        return opening.entity  # the heading names it
    # else the body a footer line names alone ("© 2026 X. All rights reserved."), if any, or the
    # first body named in the opening
    footer = _footer_body(doc, spans)
    if footer is not None or opening is not None:
        return footer if footer is not None else opening.entity
    # else the first body that opens a sentence of the opening paragraphs
    starts = {a for a, _ in doc.sentences}
    for span in spans:
        if span.start > 1000:
            break
        if doc.entities[span.entity].kind in ORG_KINDS - {"ICS"} and span.start in starts:
            return span.entity
    return None


_FOOTER_REST = re.compile(
    r"(?i)[\s\W\d]*(?:(?:copyright|all rights reserved|registered (?:charity|company)(?: in england(?: and wales)?)?"
    r"|(?:charity|company) (?:no|number)|(?:no|number)|is a registered charity|ltd|limited)\b[\s\W\d]*)*"
)


_FOOTER_MARK = re.compile(r"(?i)\u00a9|\(c\)|copyright|rights reserved|registered|charity|company")
_LIST_LINE = re.compile(r"\s*(?:[-*\u2022\u00b7\u25aa]|\d{1,2}[.)])\s")


def _footer_body(doc: DocModel, spans: list) -> int | None:
    """The body the last lines of a page name with nothing else but a copyright sign, a year or a
    charity number: the page's owner."""
    tail = doc.text.rstrip()
    lines_start = len(tail)
    for n in range(3):  # the last three lines
        start = tail.rfind("\n", 0, lines_start) + 1
        line_spans = [sp for sp in spans if start <= sp.start and sp.end <= lines_start]
        if len(line_spans) == 1 and doc.entities[line_spans[0].entity].kind in ORG_KINDS - {"ICS"}:
            sp = line_spans[0]
            rest = doc.text[start : sp.start] + " " + doc.text[sp.end : lines_start]
            before = tail[: max(0, start - 1)].rstrip()
            previous = before[before.rfind("\n") + 1 :]
            if _FOOTER_REST.fullmatch(rest) and (
                _FOOTER_MARK.search(rest)
                # a last line with the name alone, not the end of a list
                or (n == 0 and not rest.strip() and not _LIST_LINE.match(previous))
            ):
                return sp.entity
        if start == 0:
            break
        lines_start = start - 1
    return None


def document_author(doc: DocModel) -> int | None:
    """The body a document is by: the organisation its heading names (see :func:`_author`)."""
    return _author(doc, doc.sorted_spans(), need_we=False)


# "It ...", "This ...", "Last month it ...", "In 2024, it ...": the previous sentence's subject
_PRONOUN_SUBJECT = re.compile(
    r"(?:(?:In|On|During|Since|After|Before|By|From)\s+[^,]{1,40},\s+"
    # "Commissioned by X, it will last a year": a fronted participle phrase
    r"|(?:Commissioned|Funded|Run|Delivered|Led|Provided|Hosted|Designed|Developed)\s+by\s+[^,]{1,60},\s+"
    r"|(?:In|Since|From|By)\s+(?:19|20)\d\d\s+(?=it\b)"  # "Since 2022 it has been funded by X"
    r"|(?:Last|This|Next|Earlier this|Later that|Later this)\s+(?:week|month|year|spring|summer|autumn|winter),?\s+"
    r"|(?:Since then|Then|Now|Later|Today|Meanwhile|Since),?\s+)?"
    r"(It|it|This|These)\b(?!\s+is\s+(?:important|clear|vital|essential|expected|hoped|likely))"
)


_ITS = re.compile(r"\b[Ii]ts\b")
_ITEM_NUMBER_ONLY = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2}){0,2}\.?|\([a-z0-9]{1,3}\))\s+")
# a council's decision-makers, named without the council ("Cabinet agreed", "the Executive noted")
_CABINET = re.compile(
    r"(?<![A-Za-z] )\b(?:Mayor and Cabinet|(?:[Tt]he )?Cabinet|(?:[Tt]he )?Executive)\b(?! [A-Z])"
)
_FRONTED_ITS = re.compile(r"(?:In|Through|With|Under|As part of)\s+its\b[^,]{2,80},")
_ROLES_RE = "|".join(sorted((re.escape(w) for w in ROLE_WORDS), key=len, reverse=True))
# "The clinical lead is Dr Y", "The chair is Jane Doe": a post of the body the sentence before was about
_THE_POST = re.compile(
    rf"The\s+(?:(?:new|interim|acting|current|joint|clinical|medical|programme|project|deputy)\s+)?(?:{_ROLES_RE})"
    r"(?:\s+(?:officer|lead|director))?\s+(?:is|was|will\s+be|has\s+been)\s+(?=[A-Z])()"
)
# "it" as a verb's object: after a verb, before the end of the clause or a preposition
_PRONOUN_OBJECT = re.compile(
    r"\b(?:[a-z]+(?:s|ed)|run|fund|lead|host|manage|deliver|commission|support|set\s+up|took\s+over|"
    r"(?:will|to|and)\s+[a-z]+|pay(?:s|ing)?\s+for|paid\s+for)\s+(it)\b"
    r"(?=\s*(?:[.,;:)]|$)|\s+(?:for|in|with|from|until|since|through|on|at|by|and|as|jointly|together|alongside)\b)"
)
_AND_IT = re.compile(r"(?:,\s+and|;)\s+(it)\s+(?:is|was|has|will|now|also|runs|provides|offers)\b")
_IT_KINDS = frozenset({"Programme", "Partnership", "Organisation", "Funding", "Strategy"})
# "Committee members", "Board papers": the body named by its kind alone, written as a name
_BARE_BODY = re.compile(
    r"\b(Committee|Board)"
    r"(?=\s+(?:members?|meetings?|papers|chair|agreed|noted|approved|resolved)\b)"
)
_ITS_KINDS = ORG_KINDS | {"Programme", "Strategy"}
_I = re.compile(r"\bI\b(?=\s+(?:am|have|will|was|had|\w+ed|\w+s)\b)")
_WE = re.compile(
    r"\b[Ww]e\b(?=\s+(?:are|have|will|were|had|would|can|\w+ed|[a-z]+)\b)|\b[Oo]ur\b(?=\s+[A-Za-z0-9])|\bus\b"
)
# "our chief executive", "our director of nursing": a post in the page's own body
_OUR_POST = re.compile(
    r"\b[Oo]ur(?=\s+(?:[a-z-]+\s+){0,2}(?:"
    + "|".join(sorted(map(re.escape, ROLE_WORDS), key=len, reverse=True))
    + r")\b)"
)
_SAID = re.compile(r"\b(?:said|says|added|explained|commented|told)\b|:\s*$")
_SUBJECT_OPENING = re.compile(
    r"\s*(?:[•·▪●‣*-]\s*|\(?\d{1,2}[.)]\s+|\d{1,2}\.\d{1,2}\.?\s+)?"  # a list item's bullet or number ("3.1")
    r"(?:(?:in|on|at|by|from|during|since|after|before|for)\b[^,]{0,60},\s*)?"
    # "Since 2023 the service has been ...", "In May 2024 the trust ...": a year with no comma
    r"(?:(?:in|since|from|by|until)\s+(?:(?:early|late|mid)\s+)?(?:[a-z]+\s+)?(?:19|20)\d\d\s+)?"
    # "Launched in 2022, X helps ...": a fronted participle phrase
    r"(?:(?:launched|founded|established|set up|started|based|funded|run)\b[^,]{0,60},\s*)?(?:the\s+)?"
    r"(?:(?:mr|mrs|ms|miss|dr|cllr|councillor|professor|prof)\.?\s+)?"  # a person's title before the name
)


# "<person> explained that the ...": a report whose subject is the clause's
_REPORTS_THAT = re.compile(
    r"\s+(?:also\s+)?(?:explained|said|confirmed|reported|noted|stated|advised|informed\s+\w+|told\s+(?:the\s+)?\w+)"
    r"\s+that\s+(?:the\s+)?"
)


def _may_say_we(sentence: str) -> bool:
    """Whether :data:`_WE` can match (each of its words is in the sentence): most sentences are
    answered without the pattern."""
    return "we" in sentence or "We" in sentence or "ur" in sentence or "us" in sentence


def _may_say(sentence: str) -> bool:
    """Whether :data:`_SAID` can match: a word of speech or a colon is in the sentence."""
    return ":" in sentence or any(
        w in sentence for w in ("said", "says", "added", "explained", "commented", "told")
    )


# the document itself, in its own words: written by its author
_THIS_PAPER = re.compile(r"\b[Tt]his\s+(?:report|evaluation|review|study|paper|briefing|analysis)\b")


_SAID_AFTER_QUOTE = re.compile(
    r"[,.!?]?[\"\u201d]\s*,?\s*(?:said|says|added|explained|commented|according to)\b"
)


def _speakers_body(doc: DocModel, sentence: str, s_start: int, slots: list[Slot]) -> int | None:
    """The body of the person a quotation is attributed to after it ('"...," said Jane Doe, chief
    executive of X'): the first body named after the speaker, with a post before it."""
    m = _SAID_AFTER_QUOTE.search(sentence)
    if m is None:
        return None
    after = s_start + m.end()
    people = [x for x in slots if x.start >= after and doc.entities[x.entity].kind == "Person"]
    if not people:
        return None
    person = people[0]
    bodies = [
        x
        for x in slots
        if x.start > person.end and x.start - person.end < 90 and doc.entities[x.entity].kind in ORG_KINDS
    ]
    if not bodies:
        return None
    between = doc.text[person.end : bodies[0].start]
    if re.search(
        rf"(?i)\b(?:{_ROLES_RE})\b[^.;\"]*\b(?:of|at|for)\s+(?:the\s+)?(?:[a-z-]+\s+){{0,2}}$", between
    ):
        return bodies[0].entity
    if re.fullmatch(r",\s+(?:the\s+)?", between) and re.match(
        rf"(?i)['\u2019]s\s+(?:[a-z-]+\s+){{0,3}}(?:{_ROLES_RE})\b",
        doc.text[bodies[0].end : bodies[0].end + 80],
    ):  # '"...," said Jane Doe, the trust's director of nursing'
        return bodies[0].entity
    return None


_SAID_BEFORE_QUOTE = re.compile(r"\b(?:said|says|added|explained|commented)\s*[:,]?\s*[\"\u201c]")


def _speakers_body_before(
    doc: DocModel, sentence: str, s_start: int, slots: list[Slot]
) -> tuple[int, int] | None:
    """The body of the person a quotation is attributed to before it ('Jane Doe, chief executive of
    X, said: "We ..."'), with where the quotation opens: the body a post of the speaker names."""
    m = _SAID_BEFORE_QUOTE.search(sentence)
    if m is None:
        return None
    said = s_start + m.start()
    people = [x for x in slots if x.end <= said and doc.entities[x.entity].kind == "Person"]
    if not people:
        return None
    person = people[-1]
    if doc.text[person.end : said].strip() in (",", ""):
        # 'NHS X chief executive Jane Doe said: "We ..."': the body opens the post before the name
        front = [x for x in slots if x.end <= person.start and doc.entities[x.entity].kind in ORG_KINDS]
        if front and re.fullmatch(
            rf"(?i)(?:'s)?\s+(?:[a-z-]+\s+){{0,3}}(?:{_ROLES_RE})\s+",
            doc.text[front[-1].end : person.start],
        ):
            return front[-1].entity, s_start + m.end()
        return None
    bodies = [
        x
        for x in slots
        if person.end < x.start and x.end <= said and doc.entities[x.entity].kind in ORG_KINDS
    ]
    if not bodies or doc.text[bodies[-1].end : said].strip() not in (",", ""):
        return None  # the body must end the speaker's description, just before "said"
    between = doc.text[person.end : bodies[-1].start]
    if re.fullmatch(
        rf"(?is),\s+(?:the\s+|an?\s+)?[^,;\"\u201c]*\b(?:{_ROLES_RE})\b[^,;\"\u201c]*"
        r"\b(?:of|at|for)\s+(?:the\s+)?",
        between,
    ):
        return bodies[-1].entity, s_start + m.end()
    return None


# "the latter", "the former", "the first", "the second" standing alone (not "the former chief
# executive", "the first year")
_LATTER = re.compile(
    r"\b[Tt]he\s+(latter|former|first|second|third)(?=\s*[,.;:)]\s*(?![A-Z])|\s+(?:is|was|are|were|has|had|have|will"
    r"|would|also|now|then|still|and|[a-z]+s)\b)"
)
_ORDINAL = {"first": 0, "second": 1, "third": 2}
_LATTER_WORDS = ("atter", "ormer", "first", "second", "third")


def _of_pair(doc: DocModel, before: list[Slot], which: str) -> int | None:
    """The last (``latter``), first (``former``, ``first``) or second or third of the last names
    joined by commas and "and" in ``before``."""
    bodies = [
        x for x in before if doc.entities[x.entity].kind in ORG_KINDS | {"Programme", "Strategy", "Person"}
    ]
    for k in range(len(bodies) - 1, 0, -1):
        a, b = bodies[k - 1], bodies[k]
        if (
            not re.fullmatch(r"\s*(?:,\s*)?(?:and|&)\s+(?:the\s+)?", doc.text[a.end : b.start])
            or a.entity == b.entity
        ):
            continue
        run = [a, b]  # the coordination, back to its first name: "A, B and C"
        j = k - 1
        while j > 0 and re.fullmatch(r",\s+(?:the\s+)?", doc.text[bodies[j - 1].end : bodies[j].start]):
            run.insert(0, bodies[j - 1])
            j -= 1
        kinds = {doc.entities[x.entity].kind for x in run}
        if "Person" in kinds and len(kinds) > 1:
            return None  # a person and a body: not a list of like things
        if which == "latter":
            return b.entity
        if which == "former" and len(run) != 2:
            return None  # "the former" of three is not said
        at = 0 if which == "former" else _ORDINAL[which]
        return run[at].entity if at < len(run) else None
    if which in ("latter", "former"):
        # "A is working with B on X. The latter ...": two bodies one clause joins by "with"
        for k in range(len(bodies) - 1, 0, -1):
            a, b = bodies[k - 1], bodies[k]
            if a.entity != b.entity and _JOINED_WITH.fullmatch(doc.text[a.end : b.start]):
                if "Person" in {doc.entities[a.entity].kind, doc.entities[b.entity].kind}:
                    return None
                return b.entity if which == "latter" else a.entity
    return None


_JOINED_WITH = re.compile(
    r"\s+(?:(?:is|are|was|were|has|have|had)\s+)?(?:been\s+)?(?:also\s+)?(?:[a-z]+ing|[a-z]+ed|works?|partners?)\s+"
    r"(?:closely\s+|together\s+)?(?:with|alongside)\s+(?:the\s+)?"
)


def sentence_slots(doc: DocModel, resolver: Resolver) -> list[list[Slot]]:
    """The slots of every sentence, in order."""
    spans = doc.sorted_spans()
    out: list[list[Slot]] = []
    k = 0
    speaker: int | None = None
    quoting: int | None = None  # the body whose speaker's quotation is still open
    author = _author(doc, spans)
    publisher: int | None = -1  # found when first needed
    council: int | None = -1  # the council whose papers these are (found when first needed)
    previous_subject: int | None = None
    previous_end = 0
    last_body: int | None = None  # the body the sentence before named last
    paragraph_topic: int | None = None  # the subject of the first sentence of the paragraph before
    topic_here: int | None = None  # the subject of the first sentence of this paragraph
    for s_start, s_end in doc.sentences:
        new_paragraph = "\n\n" in doc.text[previous_end:s_start] or (
            previous_end > 0 and "\n\n" in doc.text[max(0, previous_end - 1) : s_start + 1]
        )
        if new_paragraph:
            paragraph_topic = topic_here
            topic_here = None
        slots: list[Slot] = []
        while k < len(spans) and spans[k].start < s_start:
            k += 1
        j = k
        while j < len(spans) and spans[j].end <= s_end:
            slots.append(Slot(spans[j].start, spans[j].end, spans[j].entity, "name"))
            j += 1
        sentence = doc.text[s_start:s_end]
        for m in _DESC.finditer(sentence):
            start, end = s_start + m.start(), s_start + m.end()
            if any(s.start < end and start < s.end for s in slots):
                continue
            head = m.group(3) if m.group(3) in ("ICB", "ICS", "CCG", "STP") else m.group(3).lower()
            # (a length tells one scheme from no other: "the two-year scheme" is "the scheme")
            modifiers = _DURATION.sub("", m.group(2) or "").strip()
            ent = resolver.description(modifiers, head, at=start)
            if (
                head == "board"
                and not modifiers
                and m.group().lower().startswith("our ")
                and author is not None
                and doc.entities[author].kind in ORG_KINDS
                and not any(n.endswith("board") for n in resolver._names.get(author, []))
            ):
                ent = author  # "Our board is chaired by X": the board of the body whose page it is
            if ent is not None:
                slots.append(Slot(start, end, ent, "description"))
        for m in _BARE_BODY.finditer(sentence) if "Committee" in sentence or "Board" in sentence else ():
            # "Committee members from X": in a committee's papers, the committee
            start, end = s_start + m.start(1), s_start + m.end(1)
            if any(s.start < end and start < s.end for s in slots):
                continue
            before = sentence[: m.start(1)].split()
            if before and before[-1][:1].isupper() and before[-1] not in ("A", "The", "Present:"):
                continue  # "Audit Committee members": another committee's name
            ent = resolver.description("", m.group(1).lower(), at=start)
            if ent is not None:
                slots.append(Slot(start, end, ent, "description"))
        for m in _CABINET.finditer(sentence) if "abinet" in sentence or "xecutive" in sentence else ():
            # "Cabinet agreed to award the contract ...": in a council's papers, the council decides
            start, end = s_start + m.start(), s_start + m.end()
            if council == -1:
                council = home_body(doc)
                if council is not None and doc.entities[council].kind != "LocalAuthority":
                    council = None
            if council is not None and not any(s.start < end and start < s.end for s in slots):
                slots.append(Slot(start, end, council, "description"))
        for m in _ITS.finditer(sentence) if "its" in sentence or "Its" in sentence else ():
            # "X announced that Y will be its next chair": the body named last before it
            start = s_start + m.start()
            before = [x for x in slots if x.end <= start and doc.entities[x.entity].kind in _ITS_KINDS]
            # (an item number may stand before it: "3.2 Its members are:")
            opening = m.start() == 0 or bool(_ITEM_NUMBER_ONLY.fullmatch(sentence, 0, m.start()))
            if opening and new_paragraph and paragraph_topic is not None:
                # "3.1 The X Partnership was set up ... The council leads it ..." / "3.2 Its members
                # are:": a new paragraph's "Its" is what the paragraph before was about
                slots.append(Slot(start, start + 3, paragraph_topic, "pronoun"))
            elif opening and previous_subject is not None:
                slots.append(Slot(start, start + 3, previous_subject, "pronoun"))
            elif opening and last_body is not None:
                # "The move was welcomed by X, the area's board. Its chief executive ...": the body
                # the sentence before named last, when it did not open with one
                slots.append(Slot(start, start + 3, last_body, "pronoun"))
            elif (
                before
                and re.search(r",\s+and\s+$", sentence[: m.start()])
                and doc.text[s_start : before[0].start].strip() in ("", "The", "the")
                and doc.entities[before[0].entity].kind in ORG_KINDS | {"Programme"}
                and not any(x.start <= start < x.end for x in slots)
            ):  # "X is funded by Y, and its director is Z": the clause after "and" is about X
                slots.append(Slot(start, start + 3, before[0].entity, "pronoun"))
            elif before and not any(x.start <= start < x.end for x in slots):
                slots.append(Slot(start, start + 3, max(before, key=lambda x: x.end).entity, "pronoun"))
            elif not before and _FRONTED_ITS.match(sentence):
                # "In its Healthy Ageing Plan, the council commits to ...": the body after the comma
                comma = s_start + sentence.find(",")
                after = [
                    x
                    for x in slots
                    if x.start > comma
                    and doc.entities[x.entity].kind in _ITS_KINDS - {"Programme", "Strategy"}
                ]
                if after:
                    slots.append(Slot(start, start + 3, min(after, key=lambda x: x.start).entity, "pronoun"))
        for m in _LATTER.finditer(sentence) if any(w in sentence for w in _LATTER_WORDS) else ():
            # "A and B both fund X; the latter also commissions Y": the last (or first) of a pair
            start, end = s_start + m.start(), s_start + m.end()
            ent = _of_pair(doc, [x for x in slots if x.end <= start], m.group(1))
            if ent is None and out:  # the pair was named in the sentence before
                ent = _of_pair(doc, out[-1], m.group(1))
            if ent is not None and not any(x.start < end and start < x.end for x in slots):
                slots.append(Slot(start, end, ent, "description"))
        for m in (
            _THIS_PAPER.finditer(sentence) if "his" in sentence else ()
        ):  # "This evaluation was commissioned by X": its author
            start = s_start + m.start()
            if publisher == -1:
                publisher = _author(doc, spans, need_we=False)
            if publisher is not None and not any(
                s.start < start + len(m.group()) and start < s.end for s in slots
            ):
                slots.append(Slot(start, start + len(m.group()), publisher, "author"))
        m = _PRONOUN_SUBJECT.match(sentence)
        if m and previous_subject is not None and not any(s.start == s_start + m.start(1) for s in slots):
            slots.append(Slot(s_start + m.start(1), s_start + m.end(1), previous_subject, "pronoun"))
        m = _THE_POST.match(sentence) if sentence.startswith("The ") else None
        if (
            m
            and previous_subject is not None
            and doc.entities[previous_subject].kind in ORG_KINDS
            and not any(s.start < s_start + m.end(1) for s in slots)
        ):  # "The network is hosted by X. The clinical lead is Dr Y": the post is the network's
            slots.append(Slot(s_start, s_start + 3, previous_subject, "pronoun"))
        for m in _AND_IT.finditer(sentence) if (", and it " in sentence or "; it " in sentence) else ():
            # "The service is open to ..., and it is provided by X": the sentence's subject
            start = s_start + m.start(1)
            first = [x for x in slots if x.start < start and doc.entities[x.entity].kind in _IT_KINDS]
            opening = doc.folded[s_start : first[0].start] if first else ""
            semicolon = sentence[m.start() : m.start(1)].lstrip().startswith(";")
            if (
                first
                and (semicolon or _SUBJECT_OPENING.fullmatch(opening))
                and not any(x.start <= start < x.end for x in slots)
            ):  # ("Until 2023 the X Line was provided by A; it is now run by B": the line)
                slots.append(Slot(start, start + 2, first[0].entity, "pronoun"))
        for m in _PRONOUN_OBJECT.finditer(sentence) if " it" in sentence else ():
            # "X funds it", "X has run it since 2019": the thing the text is about (the subject
            # the sentence opens with, if another actor does the verb, else the one before)
            start = s_start + m.start(1)
            named = sorted((x for x in slots if x.end <= start), key=lambda x: x.start)
            actors = [x for x in named if doc.entities[x.entity].kind not in PLACE_KINDS]
            if not actors or doc.entities[actors[-1].entity].kind == "Person":
                continue
            # the last thing named before the clause's own subject ("X runs the hub, and the council
            # pays for it": the hub), else the subject of the sentence before
            earlier = [x.entity for x in actors[:-1] if doc.entities[x.entity].kind in _IT_KINDS]
            target = earlier[-1] if earlier else previous_subject
            if (
                target is not None
                and target != actors[-1].entity
                and doc.entities[target].kind in _IT_KINDS
                and not any(x.start <= start < x.end for x in slots)
            ):
                slots.append(Slot(start, start + 2, target, "pronoun"))
        if speaker is not None:
            for m in _I.finditer(sentence) if "I" in sentence else ():
                slots.append(Slot(s_start + m.start(), s_start + m.end(), speaker, "speaker"))
        quoted = _quote_view(sentence)  # single quotation marks read as double ones
        if quoting is not None:
            # a quotation that runs on from the sentence before: its "we" is still the speaker's body
            close = min((i for i in (quoted.find('"'), quoted.find("\u201d")) if i >= 0), default=-1)
            for m in _WE.finditer(sentence, 0, close if close >= 0 else len(sentence)):
                start = s_start + m.start()
                if not any(s.start <= start < s.end for s in slots):
                    slots.append(Slot(start, start + len(m.group()), quoting, "speaker"))
            if close >= 0 or "\n\n" in doc.text[s_start:s_end]:
                quoting = None
        elif '"' in quoted or "\u201c" in quoted:
            # '"We are proud to ...," said Jane Doe, chief executive of X': the quote's "we" is X
            org = _speakers_body(doc, quoted, s_start, slots)
            opening, close = 0, max(quoted.rfind('"'), quoted.rfind("\u201d"))
            if org is None:
                before = _speakers_body_before(doc, quoted, s_start, slots)
                if before is not None:  # 'Jane Doe, chief executive of X, said: "We ..."'
                    org, opening = before[0], before[1] - s_start
                    if close < opening:  # the quotation goes on into the next sentence
                        close, quoting = len(sentence), org
            if org is not None:
                for m in _WE.finditer(sentence, opening, close) if close > 0 else ():
                    start = s_start + m.start()
                    if not any(s.start <= start < s.end for s in slots):
                        slots.append(Slot(start, start + len(m.group()), org, "speaker"))
        if author is not None and not _QUOTES.search(quoted):
            # "we" in the document's own voice (not in a quotation) is the body that wrote it
            for m in _WE.finditer(sentence) if _may_say_we(sentence) else ():
                start = s_start + m.start()
                if not any(s.start <= start < s.end for s in slots):
                    slots.append(Slot(start, start + len(m.group()), author, "author"))
        elif author is not None and quoting is None and _may_say_we(sentence):
            # '"...," said Jane Doe, our chief executive.': after the quotation closes, the page's voice
            last = max(quoted.rfind('"'), quoted.rfind("\u201d"))
            for m in _OUR_POST.finditer(sentence, last + 1) if last >= 0 else ():
                start = s_start + m.start()
                if not any(s.start <= start < s.end for s in slots):
                    slots.append(Slot(start, start + len(m.group()), author, "author"))
        slots.sort(key=lambda s: s.start)
        out.append(slots)
        people = [s for s in slots if doc.entities[s.entity].kind == "Person" and s.how == "name"]
        if people and _may_say(sentence) and _SAID.search(sentence):
            speaker = people[0].entity
        actors = [s for s in slots if doc.entities[s.entity].kind not in PLACE_KINDS]
        opening = doc.folded[s_start : actors[0].start] if actors else ""
        if (
            len(actors) > 1
            and doc.entities[actors[0].entity].kind == "Person"
            and _SUBJECT_OPENING.fullmatch(opening)
            and _REPORTS_THAT.fullmatch(doc.text, actors[0].end, actors[1].start)
            and doc.entities[actors[1].entity].kind in ORG_KINDS | {"Programme"}
        ):
            # "Mr X explained that the Y Partnership is ... . Its members are ...": what the report
            # is about, not who gave it
            actors = actors[1:]
            opening = ""
        if actors or "\n\n" in doc.text[s_start:s_end] or "\n\n" in doc.text[previous_end:s_start]:
            previous_subject = actors[0].entity if actors and _SUBJECT_OPENING.fullmatch(opening) else None
            if (
                previous_subject is not None
                and actors[0].how in ("author", "speaker")
                and doc.text[actors[0].start : actors[0].end].lower() in ("we", "us")
            ):
                # "We run Kingston Open Minds. It is commissioned by X": "it" is never "we"; it is
                # the first thing the sentence names after the subject
                things = [a for a in actors[1:] if a.entity != actors[0].entity]
                previous_subject = things[0].entity if things else None
            elif previous_subject is not None and len(actors) > 1:
                # "A and B share a service, C. It is run by ...": "it" is never the pair
                run = 1
                while run < len(actors) and re.fullmatch(
                    r"\s*(?:,\s*(?:and\s+|&\s+)?|and\s+|&\s+)(?:the\s+)?",
                    doc.text[actors[run - 1].end : actors[run].start],
                ):
                    run += 1
                    if re.search(r"\band\b|&", doc.text[actors[run - 2].end : actors[run - 1].start]):
                        break  # ("A and B share a service, C": the pair ends at its "and")
                seps = [doc.text[actors[j - 1].end : actors[j].start] for j in range(1, run)]
                pair = {a.entity for a in actors[:run]}
                if run > 1 and len(pair) > 1 and any(re.search(r"\band\b|&", x) for x in seps):
                    things = [
                        a
                        for a in actors[run:]
                        if a.entity not in pair and doc.entities[a.entity].kind != "Person"
                    ]
                    previous_subject = things[0].entity if things else None
        # (else a sentence that names no actor, "Referrals can come from GPs.", leaves "It" in the
        # next one meaning what the sentence before it was about)
        if new_paragraph or topic_here is None and previous_end == 0:
            topic_here = previous_subject if actors else None
        previous_end = s_end
        bodies = [s for s in slots if doc.entities[s.entity].kind in ORG_KINDS]
        last_body = bodies[-1].entity if bodies else None
    return out


# ---------------------------------------------------------------- rules


def comentions(doc: DocModel, asserted: list[Found], *, limit: int = 10) -> list[Found]:
    """Pairs of actors named in one sentence with no asserted relation between them there."""
    linked = {(f.sentence, min(f.subject, f.object), max(f.subject, f.object)) for f in asserted}
    spans = doc.sorted_spans()
    out: list[Found] = []
    k = 0
    for sent in doc.sentences:
        ents: list[int] = []
        while k < len(spans) and spans[k].start < sent[0]:
            k += 1
        j = k
        while j < len(spans) and spans[j].end <= sent[1]:
            if spans[j].entity not in ents:
                ents.append(spans[j].entity)
            j += 1
        if not 2 <= len(ents) <= limit:
            continue
        for a in range(len(ents)):
            for b in range(a + 1, len(ents)):
                x, y = sorted((ents[a], ents[b]))
                if (sent, x, y) not in linked:
                    out.append(Found(x, "coMentionedWith", y, "comention.sentence.v1", 0.3, sent))
    return out
