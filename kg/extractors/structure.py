"""Document structure: the sentences of a document grouped into units that keep their meaning.

A unit is a sentence, a heading, or a lead-in line ("The partnership brings together:") with the
list items under it, so that every item takes the relation the lead-in states. Lines broken in
the middle of a sentence are joined; page furniture (skip links, share buttons, cookie notices)
is dropped.

>>> text = "Our members:\\n- Acme Ltd\\n- Bobco Ltd\\n\\nSkip to content\\nThe end came\\nlater that day."
>>> from kg.extractors.text import sentence_spans
>>> [(text[u.start:u.end], [text[s:e] for s, e in u.items]) for u in units(text, sentence_spans(text))]
[('Our members:', ['- Acme Ltd', '- Bobco Ltd']), ('The end came\\nlater that day.', [])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BULLET = re.compile(r"[-\u2022\u00b7*\u25aa\u25e6\u2023\u2013\u2014>]\s*|\(?\d{1,2}[.)]\s+|\(?[a-z][.)]\s+")
_FURNITURE = re.compile(
    r"(?i)^(?:skip to (?:main )?content|share (?:this|on)\b.*|print this page|back to top|accept (?:all )?cookies"
    r"|we use cookies\b.*|cookie (?:settings|policy|preferences)|menu|search|close|home|next|previous"
    r"|(?:follow|like) us\b.*|sign up to our newsletter\b.*|read more|find out more|download\b.{0,30}|"
    r"pdf icon pdf\s+\d+\s*kb)$"
)
_END_PUNCT = (".", "!", "?", ":", ";", "\u201d", '"', ")")


@dataclass
class Unit:
    start: int
    end: int
    items: list[tuple[int, int]] = field(default_factory=list)
    heading: bool = False


def is_furniture(line: str) -> bool:
    return bool(_FURNITURE.match(line.strip()))


_BULLET_MARKS = frozenset("\u2022\u00b7\u25aa\u25e6\u2023")  # a bullet however it is followed


def _bulleted(text: str, start: int) -> bool:
    return (
        bool(_BULLET.match(text, start))
        and text[start] not in "("
        or (start < len(text) and text[start] in _BULLET_MARKS)
    )


def _ends_line(text: str, end: int) -> bool:
    after = text.find("\n", end)
    return not text[end : after if after >= 0 else len(text)].strip()


def _own_line(text: str, start: int, end: int) -> bool:
    before = text.rfind("\n", 0, start)
    gap = text[before + 1 : start]
    after = text.find("\n", end)
    tail = text[end : after if after >= 0 else len(text)]
    return not gap.strip() and not tail.strip()


def units(text: str, sentences: list[tuple[int, int]]) -> list[Unit]:
    """The units of ``text`` from its sentence spans (which split at every line break)."""
    merged: list[list[int]] = []
    for start, end in sentences:
        chunk = text[start:end]
        if is_furniture(chunk):
            continue
        if merged:
            p_start, p_end = merged[-1]
            between = text[p_end:start]
            prev = text[p_start:p_end].rstrip()
            if "\n" not in between and _bulleted(text, p_start):
                merged[-1][1] = end  # a list item of several sentences stays one item
                continue
            # a hard-wrapped line: one line break, the line before unfinished, this one lower-case
            if (
                between.count("\n") == 1
                and not between.strip()
                and prev
                and not prev.endswith(_END_PUNCT)
                and chunk[:1].islower()
                and not _bulleted(text, start)
            ):
                merged[-1][1] = end
                continue
        merged.append([start, end])
    out: list[Unit] = []
    i = 0
    while i < len(merged):
        start, end = merged[i]
        body = text[start:end].rstrip()
        unit = Unit(start, end)
        roll = _ROLL_CALL.match(body)
        if roll and ";" in body and "," in body[roll.end() :]:
            # "Present: Jane Doe (Chair), Cabinet Member for X; Tom Lee, Director, Acme; ...": each
            # attendee's part is an item of its own, so no post runs on into the next attendee's body
            unit = Unit(start, start + roll.end())
            unit.items = _semicolon_items(text, start + roll.end(), start + len(body))
            unit.items = [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in unit.items]
            out.append(unit)
            i += 1
            continue
        if body.endswith((":", "\u2013", " -")) and _ends_line(text, end):
            j = i + 1
            bulleted = None
            while j < len(merged):
                s, e = merged[j]
                b = _bulleted(text, s)
                if bulleted is None:
                    bulleted = b
                if not _own_line(text, s, e) or (not b and (bulleted or e - s > 160)):
                    break
                if text[s:e].rstrip().endswith(":") and not b:
                    break
                unit.items.append((s, e))
                j += 1
            if unit.items and NAMES_LIST_HEADING.search(body):
                unit.items = [piece for s, e in unit.items for piece in _semicolon_items(text, s, e)]
            if unit.items:
                out.append(unit)
                i = j
                continue
        elif (
            not body.endswith(_END_PUNCT)
            and _own_line(text, start, end)
            and len(body.split()) <= 14
            and not _bulleted(text, start)
        ):
            unit.heading = True
            # "Our funders" / "Membership" above a list: the heading is the list's lead-in
            listed = _LIST_HEADING.fullmatch(body) is not None
            j = i + 1
            while j < len(merged):
                s, e = merged[j]
                line = text[s:e].rstrip()
                b = _bulleted(text, s)
                if len(body.split()) > 6 and not (b and (listed or NAMES_LIST_HEADING.search(body))):
                    break  # a long heading leads only a bulleted list it names ("Membership of X")
                if not _own_line(text, s, e) or not (
                    b or (listed and len(line.split()) <= 10 and not line.endswith(_END_PUNCT))
                ):
                    break
                if text[start:s].count("\n") > 2 and not unit.items:
                    break  # (a blank line or two may part the heading from its list, no more)
                if unit.items and (
                    text[unit.items[-1][1] : s].count("\n") > 1 or _LIST_HEADING.fullmatch(line)
                ):
                    break  # a blank line or another list's heading ends the list
                unit.items.append((s, e))
                j += 1
            if len(unit.items) >= 2:
                unit.heading = False
                out.append(unit)
                i = j
                continue
            unit.items = []
        out.append(unit)
        i += 1
    return out


# the lead of a meeting's roll call, with the names on the same line
_ROLL_CALL = re.compile(
    r"(?i)(?:present|attendees|attending|in attendance|also (?:present|attending)|members present"
    r"|apologies(?: for absence)?(?: were)?(?: received)?(?: from)?)\s*:\s*"
)


def _semicolon_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "Members:" / "A; B; C": names on one line parted by semicolons are items of their own."""
    pieces, at = [], start
    for m in re.finditer(r";\s+", text[start:end]):
        pieces.append((at, start + m.start()))
        at = start + m.end()
    pieces.append((at, end))
    return pieces if len(pieces) > 1 else [(start, end)]


# longer headings that name what the bullets below list ("Membership of the X Board", "X – members")
NAMES_LIST_HEADING = re.compile(
    r"(?i)\b(?:members?|membership|partners?|funders?|supporters|sponsors|organisations|bodies)\b"
)
# headings whose plain lines below are a list of names ("Membership", "Our funders")
_LIST_HEADING = re.compile(
    r"(?i)(?:our\s+|the\s+|current\s+)?(?:members?|membership|partners?|partner\s+organisations|member\s+organisations"
    r"|funders?|supporters|sponsors|trustees|board\s+members|who\s+we\s+work\s+with|our\s+services)"
)
