"""Relations read from a document's layout and from names, not from its sentences.

- Attendance lines and board lists ("Jo Bloggs - Chief Nurse", "Present: Jo Bloggs, Chair"): each
  person holds the role in the body whose papers the document is (the body its heading names), or
  in the organisation the line itself names after the role.
- The people of an unnamed group, listed with the bodies they come from ("The consortium
  included: Jo Bloggs from X, Sam Smith from Y"): the bodies work together.
- A system's own board named by a possessive ("X ICS ... their integrated care board"): part of it.
- Label lines of a project's page ("Funded by: A and B", "Commissioned by: X"): about the thing
  the page's first line names.
- An "Our services" section of titled entries (a title line, a line describing it): the page's
  author runs each.
- Tables whose header says what each column holds ("Service<tab>Provider", "Name<tab>Post<tab>
  Organisation", "Organisation<tab>Project<tab>Amount" under a fund's heading; cells split by tabs,
  pipes or semicolons, see kg/extractors/tables.py): each row states the relations of its cells.
- Names that carry their owner ("ICB Quality and Performance Committee", "ICS strategy") or a
  regional branch ("ADPH London"): the part belongs to, or the plan is published by, its owner.

The sentence-level relations are the parser rules' (kg/extractors/rules/*.toml, read by
kg/extractors/syntax.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from kg.extractors.lexicon import HONORIFICS, ROLE_WORDS
from kg.extractors.mentions import ORG_KINDS, PAGE_TITLE, DocModel, Span, doc_tables
from kg.extractors.resolve import Found, Resolver, Slot, document_author, home_body

_ROLE = "|".join(sorted((re.escape(w) for w in ROLE_WORDS), key=len, reverse=True))
_HONOURS = "|".join(sorted((re.escape(w.rstrip(".")) for w in HONORIFICS), key=len, reverse=True))
# "<Name> - Chief Nurse", "<Name>, Chair (until May)": the role after a person who opens a line
_ATTENDANCE = re.compile(
    rf"(?:[ \t]*\([a-zA-Z]{{2,4}}\))?(?:[ \t]*[-\u2013\u2014,|][ \t]*|\t[ \t]*)((?:[a-z-]+[ \t]+){{0,3}}?(?:{_ROLE})\b[^\n;(|\t]{{0,60}}?)[ \t]*(?:[;(|\t]|\n|$)"
)
# "Jane Doe (Chair)", "Jane Doe (Chief Executive, Acme Trust)": a post in brackets after a name
_PAREN_ROLE = re.compile(
    rf"[ \t]*\(((?:[a-z-]+[ \t]+){{0,3}}?(?:{_ROLE})\b[^)\n,;]{{0,60}}?)(?:[,;][^)\n]{{0,80}})?\)"
)
# one role of a line that names where it is held: "Director of Public Health, <Council>"
_LINE_ROLE = re.compile(
    rf"[ \t|]*(?:and[ \t]+)?((?:[a-z-]+[ \t]+){{0,3}}?(?:{_ROLE})\b[^,;:()|\t\n]{{0,60}}?)[ ]*(?:,|\||\t)[ \t|]*(?:the[ \t]+)?"
)


_MEETING_HEADS = frozenset(
    {"committee", "sub-committee", "subcommittee", "board", "panel", "forum", "commission"}
)


def _meeting_body(doc: DocModel) -> int | None:
    """The committee or board whose minutes a document is: one named on a line of its own among the
    heading lines, before anyone is named ("ICB / Quality Committee / Minutes of ...")."""
    for span in doc.sorted_spans():
        if span.start > 300:
            return None
        ent = doc.entities[span.entity]
        if ent.kind == "Person":
            return None
        line_start = doc.text.rfind("\n", 0, span.start) + 1
        line_end = doc.text.find("\n", span.end)
        line_end = len(doc.text) if line_end < 0 else line_end
        if (
            ent.kind in ("Organisation", "Partnership")
            and ent.name.split()[-1].lower() in _MEETING_HEADS
            and not re.match(r"(?i)(?:minutes|agenda|notes|report)\b", ent.name)  # a heading read as a name
            and (
                not doc.text[line_start : span.start].strip(" #*")
                # "London Borough of Lewisham - Health and Wellbeing Board - Minutes": a heading's part
                or re.search(r"\s[-\u2013\u2014]\s+$", doc.text[line_start : span.start])
                # "Minutes of the Ealing Health and Wellbeing Board", "Minutes of the meeting of the X"
                # on a council's pages
                or (_MINUTES_OF.fullmatch(doc.text, line_start, span.start) and _council_page(doc))
            )
            and (
                not doc.text[span.end : line_end].strip(" #*:")
                # "X Board – Membership 2024/25", "X Committee - minutes of 3 May"
                or _HEADING_TAIL.match(doc.text, span.end, line_end)
            )
        ):
            return span.entity
    return None


def _council_page(doc: DocModel) -> bool:
    """Does the page's heading name a council ("Ealing Council" / "Home > Meetings > ...")?"""
    home = home_body(doc)
    return home is not None and doc.entities[home].kind == "LocalAuthority"


_POST_HEADING = re.compile(
    rf"[ \t#*]*(?:our[ \t]+|the[ \t]+)?((?:[a-z-]+[ \t]+){{0,2}}(?:{_ROLE})s?(?:[ \t]+of[ \t]+[a-z ]{{1,30}})?)[ \t]*:[ \t]*"
)


def _post_label_above(doc: DocModel, line_start: int) -> tuple[int, str] | None:
    """The post a label line above a list of names gives them ("Trustees:" / "- Jane Doe"): its
    start and the post, read up through the list's other items."""
    end = line_start - 1
    for _ in range(15):
        if end <= 0:
            return None
        start = doc.folded.rfind("\n", 0, end) + 1
        line = doc.folded[start:end]
        if not line.strip():
            return None
        m = _POST_HEADING.fullmatch(line)
        if m:
            return start, m.group(1)
        if not _ITEM.match(line):
            return None
        end = start - 1
    return None


_HONOURS_AFTER_NAME = re.compile(r"^(?:[ \t]+(?:cbe|obe|mbe|dbe|kbe|cb|bem|frcp|frcs|frcgp|frcn))+\b")
_MINUTES_OF = re.compile(
    r"(?i)[ \t#*]*minutes\s+of\s+(?:the\s+)?(?:(?:meeting|meetings)\s+of\s+(?:the\s+)?)?"
)
_HEADING_TAIL = re.compile(
    r"[ \t]*[-\u2013\u2014:][ \t]*(?i:membership|members|minutes|agenda|meeting|terms of reference)\b"
)
# a membership table's heading: its rows name the body's members
_MEMBERSHIP_HEADING = re.compile(r"(?i)[-\u2013\u2014:][ \t]*(?:membership|members)\b")


# "chair: ", "chief executive - ": a line that opens with a post (folded text)
_POST_LABEL = re.compile(
    rf"[ \t]*(?:(?:[-*\u2022\u00b7\u25aa]|\d{{1,2}}[.)])[ \t]+)?((?:[a-z'\u2019-]+[ \t]+){{0,3}}(?:{_ROLE})\b(?:[ \t]+(?:of|for)[ \t]+[a-z ,&'-]{{1,40}})?)"
    r"[ \t]*[:\u2013\u2014-][ \t]*(?:(?:dr|cllr|councillor|professor|prof|sir|dame|mr|mrs|ms|miss)\.?[ \t]+)?"
)
_POST_LABEL_LIST = re.compile(
    _POST_LABEL.pattern.replace(r"(?:(?:dr|cllr", r"(?:[^\n;]+;[ \t]*)+(?:(?:dr|cllr", 1).replace(
        rf"(?:{_ROLE})\b", rf"(?:{_ROLE})s?\b", 1
    )
)
# the next line is a post and nothing else ("jane doe" / "chief executive")
_POST_BELOW = re.compile(
    rf"[ \t]*\n[ \t]*((?:[a-z-]+[ \t]+){{0,3}}(?:{_ROLE})\b[^\n.:;,]{{0,50}})[ \t]*(?=\n|$)"
)


def attendance_roles(doc: DocModel, resolver: Resolver) -> Iterator[Found]:
    """A list of members in minutes, one per line ("Jo Bloggs – Chief Nurse", "Jo Bloggs, Chair",
    "Report of: Jo Bloggs, Director of Public Health"): each person holds that role in the body
    whose papers they are (the organisation the document's heading names, or else the one ICB
    the document is about). A role on such a line that names its organisation ("– Director of
    Public Health, Camden Council") is held there instead, in any document."""
    meeting = _meeting_body(doc)
    board = meeting
    home = home_body(doc)
    if board is None:
        board = home
    if board is not None and re.match(r"(?i)(?:minutes|agenda|notes)\b", doc.entities[board].name):
        board = None  # "MINUTES OF THE HEALTH AND WELLBEING BOARD": a heading read as a name
    own = board  # the body whose page or papers these are (labels and post lines hold there only)
    # a council's board or committee ("Ealing Council" / "Minutes of the Ealing Health and Wellbeing
    # Board"): its officers in attendance hold their posts at the council, not on the board
    council = (
        home
        if meeting is not None and home is not None and doc.entities[home].kind == "LocalAuthority"
        else None
    )
    if board is None:
        board = resolver.acronym("ICB")
    for span in doc.sorted_spans():
        if doc.entities[span.entity].kind != "Person":
            continue
        line_start = doc.text.rfind("\n", 0, span.start) + 1
        opening = doc.folded[line_start : span.start]
        line_end = doc.text.find("\n", span.end)
        line_end = len(doc.text) if line_end < 0 else line_end
        label = _POST_LABEL.fullmatch(opening)
        item_end = line_end
        if label is None:
            # "Non-executive directors: A (Senior Independent Director); Professor B; C": a post's
            # list of holders set apart by semicolons
            label = _POST_LABEL_LIST.fullmatch(opening)
            if label is not None:
                semi = doc.text.find(";", span.end, line_end)
                item_end = semi if semi >= 0 else line_end
        # (nothing after the name but, perhaps, honours or a body in brackets: "Chair: Jane Doe (Acme
        # Council)", "Patron: Dame Jane Doe DBE")
        rest = _HONOURS_AFTER_NAME.sub("", doc.folded[span.end : item_end])
        alone = not re.sub(r"^\s*\([^()\n]{1,80}\)", "", rest).strip(" .,;")
        # ("Clinical Director: Dr Jane Doe, GP partner at Acme Surgery": her other post follows)
        other_post = doc.folded[span.end : span.end + 2].startswith(", ") and any(
            doc.entities[sp.entity].kind in ORG_KINDS and sp.entity != own
            for sp in doc.spans_in(span.end, line_end)
        )
        if label and own is not None and (alone or other_post):
            # "Chair: Jane Doe", "Chief Executive – Jane Doe": the post the line opens with
            yield Found(
                span.entity, "hasRole", own, "role.label.v1", 0.7, (line_start, line_end), role=label.group(1)
            )
            continue
        above = _post_label_above(doc, line_start) if own is not None and _ITEM.fullmatch(opening) else None
        if above is not None and re.fullmatch(r"[ \t]*(?:\([^()\n]{1,40}\))?[ \t.,;]*", rest):
            # "Trustees:" / "- Jane Doe (Chair)" / "- John Roe": each person listed holds the post
            yield Found(
                span.entity, "hasRole", own, "role.label-list.v1", 0.65, (above[0], line_end), role=above[1]
            )
            continue
        below = _POST_BELOW.match(doc.folded, span.end)
        if below and own is not None and alone and not opening.strip(" -\u2022*\t"):
            # "Jane Doe" on a line of its own, "Chief Executive" on the next
            end = below.end(1)
            yield Found(
                span.entity, "hasRole", own, "role.line-below.v1", 0.7, (line_start, end), role=below.group(1)
            )
            continue
        paren = _PAREN_ROLE.match(doc.folded, span.end)
        if (
            opening.strip()
            and not re.fullmatch(  # a label ("Present:"), a bullet, honours
                rf"(?:[a-z][a-z ]{{0,30}}:|\s*[-\u2022\u00b7*\u25aa\u2013|])?\s*(?:(?:{_HONOURS})\.?\s+)*",
                opening,
            )
            # ("Present: A (Chair), B (Chief Executive)": the later names of a label's list too)
            and not (paren and re.match(r"\s*[a-z][a-z ]{0,30}:", opening))
        ):
            continue
        m = _ATTENDANCE.match(doc.folded, span.end)
        line_end = doc.text.find("\n", span.end)
        line_end = len(doc.text) if line_end < 0 else line_end
        if m is None:
            # "Present: Helen Ashdown (Chair), Raj Menon (Chief Executive, Acme Trust)": the post in
            # brackets after the name (a body named there is where it is held)
            m = paren
            if m is None:
                continue
            line_end = m.end()
        # "Name – Role, Org; Role, Org": a role with its organisation named holds at that organisation
        boundary, on_board = m.start(1), True
        for o in doc.spans_in(m.start(1), line_end):
            if doc.entities[o.entity].kind not in ORG_KINDS:
                continue
            between = doc.folded[m.end(1) : o.start]
            if not re.search(r"[;(]", doc.folded[m.start(1) : o.start]) and not (
                m.re is _PAREN_ROLE
                and "," in between
                and (between.strip(" ,") or re.search(r"(?i)\bchair|\bmember|\bgovernor", m.group(1)))
            ):  # ("(Chair, Cabinet Member for Health, Acme Council)": the chair is the meeting's;
                # "(Co-Chair, Acme Council)", "(Partner Member, Acme Council)" too; "(Clinical Director, Acme
                # PCN)": the post is Acme PCN's)
                on_board = False  # the first role's organisation is named: it is held there
            # ("Partner member (Chief Executive, Acme Trust)": the post in brackets is held at Acme)
            piece = re.split(r"[;(]", doc.folded[boundary : o.start])[-1]
            role = _LINE_ROLE.fullmatch(piece)
            if role and re.match(r"[ \t]*(?:[;,()|]|$)", doc.folded[o.end : line_end]):
                yield Found(
                    span.entity,
                    "hasRole",
                    o.entity,
                    "role.line.v1",
                    0.8,
                    (line_start, line_end),
                    role=role.group(1),
                )
            boundary = o.end
        if (
            not on_board
            and own is not None
            and "\t" in doc.text[span.end : line_end]
            and _MEMBERSHIP_HEADING.search(
                doc.text, 0, doc.text.find("\n") if "\n" in doc.text else len(doc.text)
            )
        ):
            # a row of the membership table of the body the page's heading names: "Jane Doe \t
            # Chair \t Acme Council" holds her post on that body too (a plain "Member" is a member)
            plain = m.group(1).strip().lower() == "member"
            yield Found(
                span.entity,
                "memberOf" if plain else "hasRole",
                own,
                "role.membership-table.v1",
                0.7,
                (line_start, line_end),
                role=None if plain else m.group(1),
            )
        block = _block_label(doc, line_start, span.start) if meeting is not None else ""
        if block.startswith("officers") and council is not None and on_board:
            # "Officers in attendance: Jane Doe (Democratic Services Officer)": the council's officer
            yield Found(
                span.entity,
                "hasRole",
                council,
                "role.officer.v1",
                0.7,
                (line_start, line_end),
                role=m.group(1),
            )
            continue
        if on_board and board is not None and not (m.re is _PAREN_ROLE and own is None):
            # (a post in brackets holds on the meeting's own body only, never on a guessed ICB)
            yield Found(
                span.entity,
                "hasRole",
                board,
                "role.attendance.v1",
                0.75,
                (line_start, line_end),
                role=m.group(1),
            )


_BLOCK_LABEL = re.compile(
    r"(?i)[ \t#*]*((?:board\s+|voting\s+)?members\s+present|present|officers(?:\s+in\s+attendance)?|in\s+attendance"
    r"|also\s+present|apologies(?:\s+for\s+absence)?|attendees)\s*:?"
)


def _block_label(doc: DocModel, line_start: int, at: int) -> str:
    """The label of the attendance block a name stands in ("members present", "officers in
    attendance"): on its own line above (up to a blank line) or opening the name's own line."""
    own = _BLOCK_LABEL.match(doc.text, line_start, at)
    if (
        own
        and doc.text[own.end() : at].strip(" \t:") == ""
        or (own and ":" in doc.text[own.start() : own.end()])
    ):
        return re.sub(r"\s+", " ", own.group(1).lower())
    end = line_start - 1
    for _ in range(30):
        if end <= 0:
            return ""
        start = doc.text.rfind("\n", 0, end) + 1
        line = doc.text[start:end]
        if not line.strip():
            return ""
        m = _BLOCK_LABEL.fullmatch(line.rstrip())
        if m:
            return re.sub(r"\s+", " ", m.group(1).lower())
        end = start - 1
    return ""


def _owner_names(doc: DocModel, resolver: Resolver) -> Iterator[tuple[int, str, int, str, float, int]]:
    """A strategy or committee whose name opens with its owner ("ICS strategy", "ICB Quality and
    Performance Committee") belongs to that owner."""
    for span in doc.sorted_spans():
        ent = doc.entities[span.entity]
        if ent.key is not None or ent.kind not in ("Strategy", "Organisation", "Partnership"):
            continue
        if span.entity in doc.branches:  # "ADPH London" is part of the ADPH
            yield span.entity, "partOf", doc.branches[span.entity], "partof.branch-name.v1", 0.7, span.start
            continue
        first = ent.name.split()[0]
        owner = resolver.acronym(first) if first.upper() in ("ICB", "ICS", "CCG") else None
        if owner is None:
            continue
        last = ent.name.split()[-1].lower()
        if ent.kind == "Strategy":
            yield owner, "publishes", span.entity, "publishes.owner-name.v1", 0.7, span.start
        elif last in (
            "committee",
            "sub-committee",
            "subcommittee",
            "board",
            "group",
            "panel",
            "forum",
            "team",
        ):
            yield span.entity, "partOf", owner, "partof.owner-name.v1", 0.75, span.start


_ITS_BOARD = re.compile(r"(?i:its|their)\s+(?:integrated care board|ICB)\Z")


def _own_boards(doc: DocModel, resolver: Resolver, slots: list[list[Slot]]) -> Iterator[Found]:
    """ "X ICS ... its/their integrated care board": the system's own board is part of it (the
    description was resolved to the system's board from the register)."""
    for sent, group in zip(doc.sentences, slots, strict=True):
        for k, slot in enumerate(group):
            if slot.how != "description" or not _ITS_BOARD.match(doc.text[slot.start : slot.end]):
                continue
            systems = [s for s in group[:k] if doc.entities[s.entity].kind == "ICS"]
            if not systems:
                continue
            ics = systems[-1].entity
            if resolver.icb_of.get(doc.entities[ics].key or "") == doc.entities[slot.entity].key:
                yield Found(slot.entity, "partOf", ics, "partof.its-board.v1", 0.8, sent)


# "The steering group included: Jo Bloggs from X, Sam Smith (Y) and ...": a group of people, each
# with the body they come from, introduced by a lead-in
_MEMBERS_LEAD_IN = re.compile(
    r"\b(?:consortium|group|team|panel|partnership|collaboration|collaborative|coalition|board|committee)\b"
    r"[^.:;]{0,60}?\b(?:included|includes|include|comprised|comprises|consisted\s+of|consists\s+of|"
    r"was\s+made\s+up\s+of|is\s+made\s+up\s+of|members\s+(?:are|were))\s*:?"
)
_FROM_BODY = re.compile(r"\s*(?:from|of|at|\(|,)\s*(?:the\s+)?\Z")


def _listed_members(doc: DocModel, slots: list[list[Slot]]) -> Iterator[Found]:
    """The bodies the listed members of an unnamed group come from work together (each pair, once):
    the group's people were put together from them."""
    for sent, group in zip(doc.sentences, slots, strict=True):
        m = _MEMBERS_LEAD_IN.search(doc.folded, sent[0], sent[1])
        if m is None:
            continue
        people = [s for s in group if s.start >= m.end() and doc.entities[s.entity].kind == "Person"]
        bodies: list[int] = []
        for person in people:
            after = [s for s in group if s.start >= person.end and doc.entities[s.entity].kind in ORG_KINDS]
            if after and _FROM_BODY.match(doc.folded[person.end : after[0].start]):
                bodies.append(after[0].entity)
        bodies = list(dict.fromkeys(bodies))
        if len(bodies) < 2:
            continue
        for i, a in enumerate(bodies):
            for b in bodies[i + 1 :]:
                x, y = min(a, b), max(a, b)
                yield Found(x, "collaboratesWith", y, "collaboratesWith.listed-members.v1", 0.7, sent)


# "X brings together five organisations. These are A, B and C.": the members named in the next sentence
_GROUP_OF_N = re.compile(
    r"\b(?:brings|bring|brought|includes|include|included|comprises|comprise|is made up of|are made up of"
    r"|has|have|unites|unite|is formed of|consists of)\s+(?:together\s+)?(?:\w+\s+){0,2}"
    r"(?:organisations|partners|members|bodies|trusts|councils|charities|providers|boroughs)\b[^.]{0,40}\.?\s*$"
)
_THESE_ARE = re.compile(r"\s*(?:These|They|The members|The partners|Members|Partners)\s+(?:are|include)\b")
_GROUP_KINDS = frozenset({"Partnership", "ICS"})


def _members_named_next(doc: DocModel, slots: list[list[Slot]]) -> Iterator[Found]:
    """ "The alliance brings together five organisations. These are A, B and C.": the group the
    first sentence opens with has each body the second names as a member."""
    for k in range(1, len(doc.sentences)):
        prev, sent = doc.sentences[k - 1], doc.sentences[k]
        if not _THESE_ARE.match(doc.text, sent[0]) or not _GROUP_OF_N.search(doc.folded, prev[0], prev[1]):
            continue
        opening = [x for x in slots[k - 1] if doc.entities[x.entity].kind in _GROUP_KINDS]
        if not opening or opening[0].start - prev[0] > 12:
            continue  # the group must open the sentence ("The alliance ...", "X ...")
        group = opening[0].entity
        for x in slots[k]:
            if doc.entities[x.entity].kind in ORG_KINDS - _GROUP_KINDS and x.entity != group:
                yield Found(
                    x.entity, "memberOf", group, "memberOf.members-named-next.v1", 0.65, (prev[0], sent[1])
                )


# a label line of a project's page: "Funded by: A and B", "Commissioned by: X", "Delivered by: Y"
_LABEL_LINE = re.compile(
    r"(?im)^[ \t#*-]*(?:(funded|supported|sponsored|backed)\s+by|(funders?)|(commissioned)\s+by"
    r"|(delivered|run|provided|operated|managed)\s+by|(?:delivered\s+|working\s+)?(in\s+partnership)\s+with"
    r"|(lead\s+(?:organisation|partner|provider|body)|led\s+by|(?:chief|principal)\s+investigator|(?:project|study)\s+lead)"
    r"|(coverage\s+area|areas?\s+covered|boroughs?\s+covered|where\s+we\s+work|areas?\s+served)"
    r"|(commissioners?|commissioning\s+body)|(providers?|delivery\s+partners?|service\s+provider))"
    r"[ \t]*[:\u2013\u2014-][ \t]*(?=\S)"
)
_LABEL_KINDS = {"Programme", "Funding", "Partnership", "Strategy"}


def _page_subject(doc: DocModel) -> int | None:
    """The programme, fund or partnership a page's first line names, if any; a first line that is
    only a title of capitalised words names the programme the page's label lines are about."""
    first = doc.text.find("\n")
    first = len(doc.text) if first < 0 else first
    for span in doc.spans_in(0, first):
        if doc.entities[span.entity].kind in _LABEL_KINDS:
            return span.entity
    return _title_entity(doc, "Programme")


def _heading_above(doc: DocModel, at: int) -> int | None:
    """The programme or fund a line opens with among the ten lines above ``at`` (not the page's first
    line, which :func:`_page_subject` reads): "CONNECT-60: joining up ..." above "Funded by: X"."""
    first = doc.text.find("\n")
    end = doc.text.rfind("\n", 0, at)
    for _ in range(10):
        if end <= first:
            return None
        start = doc.text.rfind("\n", 0, end) + 1
        line = doc.text[start:end]
        stripped = len(line) - len(line.lstrip(" \t#*"))
        opening = next(iter(doc.spans_in(start, end)), None)
        if (
            opening is not None
            and opening.start == start + stripped
            and doc.entities[opening.entity].kind in ("Programme", "Funding")
            and not _LABEL_LINE.match(line)
            and doc.text[opening.end : opening.end + 1] in (":", "", "\n", " ")
            and len(line) <= 160
        ):
            return opening.entity
        end = start - 1
    return None


def _title_entity(doc: DocModel, kind: str) -> int | None:
    """The entity a page's first line names when it is only a title of capitalised words (made now,
    of ``kind``, when no name was found there)."""
    first = doc.text.find("\n")
    first = len(doc.text) if first < 0 else first
    title = PAGE_TITLE.fullmatch(doc.text, 0, first)  # (a title of one word names nothing here)
    own = [
        sp for sp in doc.spans_in(0, first) if title and (sp.start, sp.end) == (title.start(1), title.end(1))
    ]
    if own:
        return own[0].entity
    inside = doc.overlapping(title.start(1), title.end(1)) if title else []
    if (
        title
        and len(title.group(1).split()) >= 2
        and all(
            doc.entities[sp.entity].kind in ("Place", "Borough")
            and sp.start >= title.start(1)
            and sp.end <= title.end(1)
            for sp in inside
        )
        and not (len(inside) == 1 and inside[0].start == title.start(1) and inside[0].end == title.end(1))
    ):
        for sp in inside:  # "Active Streets Southwark": the place is part of the title's name
            doc.remove_span(sp)
        name = title.group(1)
        ent = doc.entity_for_name(kind, name, "title.v1")
        doc.add_span(title.start(1), title.end(1), ent, "title.v1")
        return ent
    return None


def _label_lines(doc: DocModel) -> Iterator[Found]:
    """ "Funded by: A and B" on a project's page: A and B fund the thing the page's first line names
    (likewise "Commissioned by:", "Delivered by:", "In partnership with:" for a programme)."""
    if not _LABEL_LINE.search(doc.text):
        return
    page = _page_subject(doc)
    commissioners: list[tuple[int, tuple[int, int]]] = []
    providers: list[tuple[int, tuple[int, int]]] = []
    for m in _LABEL_LINE.finditer(doc.text):
        end = doc.text.find("\n", m.end())
        end = len(doc.text) if end < 0 else end
        if end - m.start() > 240:
            continue
        # (a site's name on the first line, a project's below it: the lines are the project's)
        subject = _heading_above(doc, m.start())
        subject = page if subject is None else subject
        if subject is None:
            continue
        kind = doc.entities[subject].kind
        if m.group(1) or m.group(2):
            pred, rule = "funds", "funds.label-line.v1"
        elif m.group(3):
            pred, rule = "commissions", "commissions.label-line.v1"
        elif m.group(4) or (m.group(5) and kind in ("Programme", "Funding")):
            pred, rule = "runs", "runs.label-line.v1"
        elif m.group(6):
            pred, rule = "leads", "leads.label-line.v1"
        elif m.group(8):
            pred, rule = "commissions", "commissions.label-line.v1"
        elif m.group(9) and kind in ("Programme", "Funding"):
            pred, rule = "runs", "runs.label-line.v1"
        elif m.group(7):  # "Coverage area: A, B and C": the places the page's subject covers
            for span in doc.spans_in(m.end(), end):
                if doc.entities[span.entity].kind in ("Place", "Borough"):
                    yield Found(subject, "covers", span.entity, "covers.label-line.v1", 0.6, (m.start(), end))
            continue
        else:
            continue
        for span in doc.spans_in(m.end(), end):
            takes = ORG_KINDS | {"Funding"} | ({"Person"} if pred == "leads" else set())
            if span.entity != subject and doc.entities[span.entity].kind in takes:
                yield Found(span.entity, pred, subject, rule, 0.65, (m.start(), end))
                if doc.entities[span.entity].kind == "Person":
                    break  # "Chief investigator: Dr X, Senior Lecturer, Y": the person leads, not Y
                if pred == "commissions":
                    commissioners.append((span.entity, (m.start(), end)))
                elif pred == "runs" and doc.entities[span.entity].kind in ORG_KINDS:
                    providers.append((span.entity, (m.start(), end)))
    # "Commissioner: A" and "Provider: B" on one service's page: A commissions B to provide it
    for commissioner, (a1, b1) in commissioners:
        for provider, (a2, b2) in providers:
            if commissioner != provider:
                span = (min(a1, a2), max(b1, b2))
                yield Found(commissioner, "commissions", provider, "commissions.label-lines.v1", 0.6, span)


# a page's section of the things its author runs: "Our services", "What we do", "Our projects"
_OWN_SECTION = re.compile(
    r"(?im)^[ \t#*]*(?:our|what we (?:do|offer)|how we help)(?:[ \t]+(?:services|programmes|projects|work|activities"
    r"|support|groups|clubs))?[ \t]*:?[ \t]*$"
)


_NEXT_SECTION = re.compile(r"(?im)^[ \t#*]*(?:our|who we are|contact|get involved|about|news)\b")


def _own_services(doc: DocModel) -> Iterator[Found]:
    """An "Our services" section whose entries are titles on lines of their own, each described on
    the line below ("Steady Feet" / "A weekly class ..."): the page's author runs each of them."""
    author = document_author(doc)
    if author is None:
        return
    for m in _OWN_SECTION.finditer(doc.text):
        if not m.group().strip(" \t#*:").lower().startswith(("our ", "what we", "how we")):
            continue
        stop = _NEXT_SECTION.search(doc.text, m.end())
        end = stop.start() if stop else len(doc.text)
        for span in doc.spans_in(m.end(), end):
            if span.entity == author:
                continue
            if span.rule != "titled-entry.v1" and not (
                # "- Healthy Hearts Lambeth - free checks ...": a list item's name, with its description
                span.rule == "listed-name.v1"
                and _ITEM.fullmatch(doc.text, doc.text.rfind("\n", 0, span.start) + 1, span.start)
            ):
                continue
            k = bisect.bisect_right([a for a, _ in doc.sentences], span.start) - 1
            sent = doc.sentences[k] if k >= 0 else (span.start, span.end)
            yield Found(author, "runs", span.entity, "runs.own-services-section.v1", 0.6, sent)


_FUNDERS_HEADING = re.compile(
    r"(?im)^[ \t#*]*(?:(?:[^\n:]{0,60}\b(?:our|the\s+following|these)\s+)?(?:funders|supporters|sponsors)\b[^\n:]{0,40}"
    r"|who\s+funds\s+us|our\s+funding)[ \t]*:?[ \t]*$"
)
_ITEM = re.compile(r"[ \t]*(?:[-\u2022\u00b7*\u25aa]|\d{1,2}[.)])[ \t]*")


def _item_body(doc: DocModel, start: int, line: str, bullet: re.Match, kinds) -> Span | None:
    """The name that opens a list item (after its bullet and perhaps "the"), if it is of ``kinds``."""
    first = next(iter(doc.spans_in(start, start + len(line))), None)
    if (
        first is not None
        and not doc.text[start + bullet.end() : first.start].strip(" \t").lower().removeprefix("the").strip()
        and doc.entities[first.entity].kind in kinds
    ):
        return first
    return None


def _funders_section(doc: DocModel) -> Iterator[Found]:
    """ "Our funders", then perhaps a line of thanks ending in a colon, then a list: each body that
    opens an item funds the page's author."""
    if (
        "unders" not in doc.text
        and "upporters" not in doc.text
        and "ponsors" not in doc.text
        and "unds us" not in doc.text
        and "unding" not in doc.text
    ):
        return
    if not _FUNDERS_HEADING.search(doc.text):
        return
    author = _title_entity(doc, "Organisation")  # the page's own name, on its first line
    if author is None or doc.entities[author].kind not in ORG_KINDS | {"Programme"}:
        return
    for m in _FUNDERS_HEADING.finditer(doc.text):
        pos = m.end() + 1
        lines = doc.text[pos:].split("\n")
        at = pos
        lead = True
        for line in lines[:12]:
            start, at = at, at + len(line) + 1
            if not line.strip():
                if lead:
                    continue
                break
            bullet = _ITEM.match(line)
            if lead and not bullet and line.rstrip().endswith(":"):
                lead = False  # "We are grateful to the following for their support:"
                continue
            lead = False
            if not bullet:
                break
            first = _item_body(doc, start, line, bullet, ORG_KINDS | {"Funding"})
            if first is not None and first.entity != author:
                yield Found(
                    first.entity,
                    "funds",
                    author,
                    "funds.funders-section.v1",
                    0.6,
                    (m.start(), start + len(line)),
                )


# a network's or federation's own section of its members: "Our practices", "Member practices"
_MEMBERS_HEADING = re.compile(
    r"(?im)^[ \t#*]*(?:our[ \t]+(?:member[ \t]+|gp[ \t]+)?(?:practices|surgeries|members|member[ \t]+organisations)"
    r"|member[ \t]+(?:practices|surgeries|organisations))[ \t]*:?[ \t]*$"
)
_MEMBER_GROUP_KINDS = frozenset({"Partnership", "Organisation"})
# a partnership's own section of its partners: "Our partners" (then perhaps a lead-in ending in a
# colon) and a list; on a partnership's page its partners are its members
_PARTNERS_SECTION = re.compile(r"(?im)^[ \t#*]*our[ \t]+partners[ \t]*:?[ \t]*$")


def _members_section(doc: DocModel) -> Iterator[Found]:
    """ "Our practices" (or "Member practices"), then a list: each body that opens an item is a
    member of the page's author, a network, federation or partnership."""
    if (
        "ractices" not in doc.text
        and "embers" not in doc.text
        and "urgeries" not in doc.text
        and "artners" not in doc.text
    ):
        return
    if not _MEMBERS_HEADING.search(doc.text) and not _PARTNERS_SECTION.search(doc.text):
        return
    author = document_author(doc)
    if author is None or doc.entities[author].kind not in _MEMBER_GROUP_KINDS:
        return
    headings = list(_MEMBERS_HEADING.finditer(doc.text))
    if doc.entities[author].kind == "Partnership":
        headings += list(_PARTNERS_SECTION.finditer(doc.text))
    for m in headings:
        pos = m.end() + 1
        at = pos
        seen = False
        lead = True
        for line in doc.text[pos:].split("\n")[:20]:
            start, at = at, at + len(line) + 1
            if not line.strip():
                if not seen:
                    continue
                break
            bullet = _ITEM.match(line)
            if not bullet and lead and not seen and line.rstrip().endswith(":"):
                lead = False  # "Senior leaders from each of these organisations sit on our board:"
                continue
            if not bullet:
                break
            seen = True
            first = _item_body(doc, start, line, bullet, ORG_KINDS)
            if first is not None and first.entity != author:
                span = (
                    (m.start(), start + len(line))
                    if start + len(line) - m.start() <= 400
                    else (start, start + len(line))
                )
                yield Found(first.entity, "memberOf", author, "memberOf.members-section.v1", 0.6, span)


_LEAD_MARK = re.compile(r"\((?:the\s+)?lead(?:\s+(?:partner|organisation|body|provider|applicant))?\)", re.I)


def _lead_partner_items(doc: DocModel) -> Iterator[Found]:
    """A list of partners where one item is marked "(lead partner)": that body leads the programme the
    page's title names, and works with each other listed body (the lead-to-member convention)."""
    if "lead" not in doc.text or "(" not in doc.text:
        return
    marks = list(_LEAD_MARK.finditer(doc.text))
    if not marks:
        return
    subject = _page_subject(doc)
    for m in marks:
        line_start = doc.text.rfind("\n", 0, m.start()) + 1
        if not _ITEM.match(doc.text, line_start):
            continue
        lead = next(
            (
                sp.entity
                for sp in doc.spans_in(line_start, m.start())
                if doc.entities[sp.entity].kind in ORG_KINDS
            ),
            None,
        )
        if lead is None:
            continue
        if subject is not None and subject != lead:
            yield Found(lead, "leads", subject, "leads.lead-partner-item.v1", 0.6, (line_start, m.end()))
        # the other items of the same list: lines with a bullet next to this one, up to a blank line
        a = doc.text.rfind("\n\n", 0, line_start)
        a = 0 if a < 0 else a + 2
        b = doc.text.find("\n\n", m.end())
        b = len(doc.text) if b < 0 else b
        at = a
        for line in doc.text[a:b].split("\n"):
            start, at = at, at + len(line) + 1
            if start == line_start or not _ITEM.match(line):
                continue
            other = next(
                (
                    sp.entity
                    for sp in doc.spans_in(start, start + len(line))
                    if doc.entities[sp.entity].kind in ORG_KINDS
                ),
                None,
            )
            if other is not None and other != lead:
                x, y = min(lead, other), max(lead, other)
                yield Found(
                    x,
                    "collaboratesWith",
                    y,
                    "collaboratesWith.lead-partner-item.v1",
                    0.55,
                    (line_start, start + len(line)),
                )


_THING_KINDS = {"Programme", "Organisation", "Partnership", "Funding"}
TABLE_RULES = {
    "runs": "runs.table.v1",
    "leads": "leads.table.v1",
    "commissions": "commissions.table.v1",
    "funds": "funds.table.v1",
    "hasRole": "role.table.v1",
    "memberOf": "memberOf.table.v1",
    "covers": "covers.table.v1",
}


def _cell_entity(doc: DocModel, start: int, end: int, kinds: set[str] | None = None) -> int | None:
    """The first actor named in a table cell (of one of ``kinds``), if the cell opens with it."""
    for span in doc.spans_in(start, end):
        if kinds is None or doc.entities[span.entity].kind in kinds:
            if doc.text[start : span.start].strip(" \t*-").lower() in (
                "",
                "the",
                "dr",
                "cllr",
                "councillor",
                "professor",
                "prof",
            ):
                return span.entity
            return None
    return None


_COMMITTEE_HEADS = ("committee", "sub-committee", "subcommittee", "panel")


def _heading_committee(doc: DocModel) -> Iterator[Found]:
    """A heading "London Borough of X - Adult Social Care Committee": the committee its second part
    names is part of the body its first part names."""
    end = doc.text.find("\n")
    end = len(doc.text) if end < 0 else end
    parts = [m for m in re.finditer(r"[^\u2013\u2014|]+?(?=\s+[-\u2013\u2014|]\s+|$)", doc.text[:end])]
    if len(parts) < 2:
        return
    first, second = parts[0], parts[1]
    owners = doc.spans_in(first.start(), first.end())
    parts_of = doc.spans_in(second.start(), second.end())
    if (
        len(owners) == 1
        and doc.entities[owners[0].entity].kind in ("LocalAuthority", "ICB", "NHSTrust", "CCG")
        and not doc.text[first.start() : owners[0].start].strip(" #*")
        and parts_of
        and doc.entities[parts_of[0].entity].name.lower().split()[-1] in _COMMITTEE_HEADS
        and doc.entities[parts_of[0].entity].kind in ("Organisation", "Partnership")
    ):
        yield Found(
            parts_of[0].entity, "partOf", owners[0].entity, "partOf.heading-committee.v1", 0.6, (0, end)
        )


def _cell_entities(doc: DocModel, cell: tuple[int, int] | None, kinds: set[str]) -> list[int]:
    """Every actor of one of ``kinds`` a table cell names ("Barnet, Camden, Enfield")."""
    if cell is None:
        return []
    return list(
        dict.fromkeys(sp.entity for sp in doc.spans_in(*cell) if doc.entities[sp.entity].kind in kinds)
    )


def _first(*entities: int | None) -> int | None:
    """The first of ``entities`` that is one (entity 0 included)."""
    return next((e for e in entities if e is not None), None)


_AREAS_WORD = re.compile(r"\bwhere we (?:work|are)\b|\bareas?\b|\bboroughs?\b|\bcoverage\b|\bwe cover\b")
_MEMBERS_WORD = re.compile(r"\b(?:partners|members|membership|member organisations)\b")


# a cell that says its row's body is not (or no longer) in what the table lists
_ROW_DENIES = re.compile(
    r"(?i)\bnot\s+(?:an?|the)\s+(?:member|partner|provider)\b|\bno\s+longer\b|\bleft\s+(?:in|on)\b"
    r"|\bwithdrawn\b|\bwithdrew\b|\bobserver\b|\bnot\s+awarded\b|\bresigned\b|\bformer\s+member\b"
)


def _table_rows(doc: DocModel) -> Iterator[Found]:
    """A tab-separated table whose header names what its columns hold ("Service<tab>Provider",
    "Name<tab>Post<tab>Organisation", "Organisation<tab>Project<tab>Award", "Borough<tab>Integrated
    care board"): each row states the relations its cells stand in. The line above the header may
    name who commissions or funds what the rows list ("Services commissioned by X", "X Fund -
    grants awarded", "Funding for Y")."""
    for table in doc_tables(doc):
        above_ents = [sp.entity for sp in doc.spans_in(*table.above)]
        above_text = doc.text[table.above[0] : table.above[1]].lower()
        context_commissioner = (
            next((e for e in above_ents if doc.entities[e].kind in ORG_KINDS), None)
            if "commissioned by" in above_text or "commissions" in above_text
            else None
        )
        context_fund = next((e for e in above_ents if doc.entities[e].kind == "Funding"), None)
        context_thing = next(
            (e for e in above_ents if doc.entities[e].kind in ("Programme", "Partnership")), None
        )
        # "X - our partners" / "X: membership" above the header: the rows are X's members
        context_group = (
            next((e for e in above_ents if doc.entities[e].kind in ("Partnership", "Organisation")), None)
            if _MEMBERS_WORD.search(above_text)
            else None
        )
        if context_group is not None:
            context_thing = None  # (its rows are its members, not what runs it)
        context_area_owner = (
            next((e for e in above_ents if doc.entities[e].kind in ORG_KINDS | _THING_KINDS), None)
            if _AREAS_WORD.search(above_text)
            else None
        )
        for row in table.rows:
            col: dict[str, tuple[int, int]] = {}
            for role, cell in zip(table.roles, row, strict=True):
                if role and role not in col:
                    col[role] = cell
            span = (row[0][0], row[-1][1])

            def ent(role: str, kinds: set[str] | None = None, col=col) -> int | None:
                return _cell_entity(doc, *col[role], kinds) if role in col else None

            # (entity 0 is an entity: the first that is not None, never "or")
            thing = _first(ent("thing", _THING_KINDS), context_thing if "thing" not in col else None)
            recipient = ent("recipient", ORG_KINDS)
            provider = _first(
                ent("provider", ORG_KINDS),
                recipient,
                ent("org", ORG_KINDS) if thing is not None else None,
            )
            commissioner = _first(ent("commissioner", ORG_KINDS), context_commissioner)
            out: list[tuple[int | None, str, int | None]] = [
                (provider, "runs", thing),
                (ent("lead", ORG_KINDS), "leads", thing),
                (commissioner, "commissions", thing),
                (commissioner, "commissions", provider),
                (
                    ent("funder", ORG_KINDS | {"Funding"}),
                    "funds",
                    _first(recipient, thing, provider, ent("org", ORG_KINDS)),
                ),
                (context_fund, "funds", provider if "funder" not in col else None),
            ]
            # "Member<tab>Type<tab>Boroughs served" under "Our members": a column headed by the word
            # "member" may hold bodies, not people; they are members of the page's own body
            member_body = ent("post:member", ORG_KINDS)
            if member_body is not None:
                home = home_body(doc) if context_group is None else context_group
                if home is not None and doc.entities[home].kind in ("Partnership", "Organisation"):
                    out.append((member_body, "memberOf", home))
            body = _first(ent("body", ORG_KINDS), ent("group", ORG_KINDS))
            if body is None and "body" not in col and "group" not in col:
                body = context_area_owner  # "X - where we work" over "Borough<tab>Hub": X covers each
                if body is None and thing is None:
                    body = _first(
                        ent("org", ORG_KINDS), member_body
                    )  # "Borough<tab>Organisation": the row's body serves it
            for place in _cell_entities(doc, col.get("place"), {"Place", "Borough"}):
                out.append(
                    (body, "covers", place)
                )  # "Borough<tab>Integrated care board", "ICS<tab>Boroughs covered"
            group = _first(ent("group", ORG_KINDS), context_group if "group" not in col else None)
            for member in _cell_entities(doc, col.get("members"), ORG_KINDS):
                out.append((member, "memberOf", group))  # "Collaborative<tab>Member trusts"
            person = ent("person", {"Person"})
            org = _first(ent("org", ORG_KINDS), ent("provider", ORG_KINDS))
            if (
                context_group is not None
                and "person" not in table.roles
                and thing is None
                and "members" not in col
            ):
                out.append((org, "memberOf", context_group))  # "Partner<tab>Type" under "X - our partners"
            if context_group is not None and person is not None and "group_role" in col:
                # "Name<tab>Organisation<tab>Role on the network": the post is in the group listed,
                # and the person is one of their organisation's people
                post = doc.text[col["group_role"][0] : col["group_role"][1]].strip().lower()
                out.append(
                    (person, "memberOf" if post in ("member", "members") else "hasRole", context_group)
                )
                out.append((person, "memberOf", org))
            if person is not None and "role" in col and org is not None:
                post = doc.text[col["role"][0] : col["role"][1]].strip().lower()
                out.append((person, "memberOf" if post in ("member", "members") else "hasRole", org))
            for role, (ca, cb) in col.items():
                if role.startswith("post:"):  # "Morden PCN<tab>Dr Jane Doe": she holds the column's post
                    out.append((_cell_entity(doc, ca, cb, {"Person"}), "hasRole", _first(org, thing)))
            if "funder" in col and "thing" in col:
                # "Funder | What the money pays for": each thing the cell names, or else (a cell of
                # plain words, "Wellbeing support for our own staff") the body whose page it is
                funder = ent("funder", ORG_KINDS | {"Funding"})
                things = _cell_entities(doc, col["thing"], _THING_KINDS | ORG_KINDS)
                if not things and not doc.spans_in(*col["thing"]):
                    home = home_body(doc)
                    things = [home] if home is not None and doc.entities[home].kind in ORG_KINDS else []
                out += [(funder, "funds", t) for t in things]
            denied = any(_ROW_DENIES.search(doc.text, a, b) for a, b in row)
            for subject, pred, obj in out:
                if denied and pred != "hasRole":
                    continue  # "Kingston Carers Link<tab>Observer (not a member)", "Left in 2024"
                if subject is not None and obj is not None and subject != obj:
                    yield Found(subject, pred, obj, TABLE_RULES[pred], 0.6, span)


# "She succeeds Dr X", "replacing X", "takes over from X": X held the post before
_SUCCEEDS = re.compile(
    r"\b(?:succeeds|succeeded|succeeding|replaces|replaced|replacing|takes over from|took over from"
    r"|taking over from|will succeed|will replace|is succeeding|is replacing|successor to)\s+"
    rf"(?:(?i:{_HONOURS})\.?\s+)?$"
)


_FORMER = re.compile(r"(?i)\b(?:former|previously|ex-|formerly|past)\b[^,.;]{0,30}$")


def _former_post(doc: DocModel, post: Found) -> bool:
    """Is ``post`` (a hasRole fact) one the text marks as past ("former X chief executive")?"""
    for sp in doc.spans_in(*post.sentence):
        if sp.entity == post.object:
            return bool(_FORMER.search(doc.text, max(post.sentence[0], sp.start - 40), sp.start))
    return False


def predecessors(doc: DocModel, slots: list[list[Slot]], found: list[Found]) -> list[Found]:
    """ "Jane Doe has been appointed chief executive of X. She succeeds Sam Smith": the person
    succeeded held the post at the body of the successor's post (the first one the sentence or the
    two before give the successor)."""
    out: list[Found] = []
    if "succe" not in doc.text and "replac" not in doc.text and "over from" not in doc.text:
        return out
    home = home_body(doc)
    posts: dict[int, list[Found]] = {}
    for f in found:
        if f.predicate == "hasRole":
            posts.setdefault(f.subject, []).append(f)
    for k, (s0, s1) in enumerate(doc.sentences):
        people = [x for x in slots[k] if doc.entities[x.entity].kind == "Person"] if k < len(slots) else []
        for slot in people:
            m = _SUCCEEDS.search(doc.text, max(s0, slot.start - 45), slot.start)
            if m is None:
                continue
            before = [x for x in people if x.start < m.start() and x.entity != slot.entity]
            lo = doc.sentences[max(0, k - 2)][0]
            if before:
                successor = before[0].entity
            elif re.match(r"\s*(?:He|She|They)\b", doc.text[s0 : m.start()]):
                # "She succeeds X": the person the sentences before gave a post
                recent = [f for f in found if f.predicate == "hasRole" and lo <= f.sentence[0] < s0]
                recent = [
                    f for f in recent if doc.entities[f.subject].kind == "Person" and f.subject != slot.entity
                ]
                if not recent:
                    continue
                successor = max(recent, key=lambda f: f.sentence[0]).subject
            else:
                continue
            # the successor's post: at the body whose papers these are, or else the first the
            # document gives (a story leads with the new post, its past ones follow)
            held = sorted(posts.get(successor, []), key=lambda f: f.sentence[0])
            # (not a post the text calls former: "Former X chief executive Jane Doe has been
            # appointed chair of Y")
            held = [f for f in held if not _former_post(doc, f)] or held
            at_home = [f for f in held if f.object == home]
            if at_home or held:
                body = (at_home or held)[0].object
                out.append(Found(slot.entity, "hasRole", body, "role.predecessor.v2", 0.55, (s0, s1)))
    return out


# a notice's label and value on one line, parted by a tab or a colon ("Buyer<tab>X", "Supplier: Y")
_NOTICE_LINE = re.compile(
    r"(?im)^[ \t]*(buyer|contracting (?:authority|body)|commissioner|purchaser"
    r"|contract(?: title| name)?|service|lot"
    r"|supplier|provider|awarded to|contractor|successful (?:bidder|supplier))[ \t]*(?:\t|:)[ \t]*(\S[^\n]*)$"
)
_BUYER_LABELS = ("buyer", "contracting", "commissioner", "purchaser")
_SUPPLIER_LABELS = ("supplier", "provider", "awarded", "contractor", "successful")


def _contract_notice(doc: DocModel) -> Iterator[Found]:
    """A contract notice's label lines ("Buyer<tab>X", "Contract<tab>Y", "Supplier<tab>Z"), all three
    within a few lines: X commissions Y and Z, and Z runs Y."""
    found: dict[str, tuple[int, tuple[int, int]]] = {}
    last_end = -1
    for m in _NOTICE_LINE.finditer(doc.text):
        if last_end >= 0 and doc.text.count("\n", last_end, m.start()) > 3:
            found = {}  # too far from the lines before: another notice, or none
        last_end = m.end()
        label = m.group(1).lower()
        role = (
            "buyer"
            if label.startswith(_BUYER_LABELS)
            else "supplier"
            if label.startswith(_SUPPLIER_LABELS)
            else "contract"
        )
        names = doc.spans_in(m.start(2), m.end(2))
        if len(names) != 1 or names[0].start != m.start(2) or doc.text[names[0].end : m.end(2)].strip(" ."):
            continue  # the value must be one name
        kind = doc.entities[names[0].entity].kind
        if (role == "contract") != (kind in ("Programme", "Strategy")) or (
            role != "contract" and kind not in ORG_KINDS
        ):
            continue
        found[role] = (names[0].entity, (m.start(), m.end()))
        if len(found) == 3:
            buyer, contract, supplier = (found[r][0] for r in ("buyer", "contract", "supplier"))
            span = (min(v[1][0] for v in found.values()), max(v[1][1] for v in found.values()))
            yield Found(buyer, "commissions", contract, "commissions.contract-notice.v1", 0.65, span)
            yield Found(buyer, "commissions", supplier, "commissions.contract-notice.v1", 0.65, span)
            yield Found(supplier, "runs", contract, "runs.contract-notice.v1", 0.65, span)
            found = {}


def layout_relations(doc: DocModel, resolver: Resolver, slots: list[list[Slot]] | None = None) -> list[Found]:
    """The relations of the attendance lines and of the names of ``doc`` (and, given the
    sentences' slots, of the descriptions that name an owner), in text order."""
    found = list(attendance_roles(doc, resolver))
    found += _own_services(doc)
    found += _label_lines(doc)
    found += _contract_notice(doc)
    found += _funders_section(doc)
    found += _members_section(doc)
    found += _lead_partner_items(doc)
    found += _table_rows(doc)
    found += _heading_committee(doc)
    if slots is not None:
        found += _own_boards(doc, resolver, slots)
        found += _listed_members(doc, slots)
        found += _members_named_next(doc, slots)
    starts = [s[0] for s in doc.sentences]
    for subject, pred, obj, rule, conf, at in _owner_names(doc, resolver):
        k = bisect.bisect_right(starts, at) - 1
        sent = doc.sentences[k] if k >= 0 and at < doc.sentences[k][1] else (at, at)
        found.append(Found(subject, pred, obj, rule, conf, sent))
    return [f for f in found if f.subject != f.object]
