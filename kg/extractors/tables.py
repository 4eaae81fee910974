"""Tab-separated tables whose header says what each column holds.

A header row such as "Service<tab>Provider<tab>Contract start" or "Name<tab>Post<tab>Organisation"
names the kind of each column; the rows under it (as many cells each, up to the first line without
a tab) hold one item per cell. :func:`tables` finds them; kg/extractors/mentions.py names the
unnamed items of name columns, and kg/extractors/layout.py reads the relations of each row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extractors.lexicon import ROLE_WORDS

# what a table's column holds, read from its header cell (tried in this order)
_COLUMN_PATTERNS = {
    "thing": r"(?:services?|programmes?|projects?|schemes?|studies|study|contracts?|clinics?|hubs?)(?: name)?"
    r"|what (?:the money|it|the grant|the funding|they) (?:pays? for|funds?)|(?:funded|paid for) (?:work|activity)",
    "provider": r"(?:service )?providers?|delivered by|run by|operator|delivery partners?",
    "recipient": r"grant holders?|recipients?|grantees?",
    "members": r"member (?:trusts|organisations|bodies|councils|practices|charities)|members|partners",
    "group": r"collaboratives?|partnerships?|alliances?|ics|integrated care systems?|systems?",
    "lead": r"lead(?: organisation| partner| provider| body)?|led by",
    "commissioner": r"commissioners?|commissioned by",
    "funder": r"funders?|funded by|funding body",
    "org": r"organisations?|organizations?|employer|body|network|pcn|practice|partner|committees?",
    "person": r"names?|member|person",
    "role": r"roles?|posts?|positions?|job titles?|titles?|roles? on the board",
    # a post in the group the table lists ("Role on the network"), not in the person's organisation
    "group_role": r"(?:roles?|posts?|positions?) (?:on|in|within) the (?:network|group|partnership|alliance"
    r"|collaborative|committee|panel|forum|board|steering group)",
    "place": r"(?:boroughs?|areas?|local authorit(?:y|ies))(?: covered| served)?",
    "body": r"integrated care boards?|icbs?|nhs body",
}
_COLUMN_ROLES = tuple((role, re.compile(pattern)) for role, pattern in _COLUMN_PATTERNS.items())
# the kind of an unnamed item in a column of names
NAME_COLUMN_KINDS = {
    "thing": "Programme",
    "provider": "Organisation",
    "org": "Organisation",
    "funder": "Organisation",
    "recipient": "Organisation",
    "members": "Organisation",
}


def column_role(cell: str) -> str | None:
    """What a header cell says its column holds ("post:clinical director" for a column of people
    who hold that post), or None."""
    cell = cell.strip(" *#:").lower()
    if cell in ("partner", "partners"):
        return "members"  # a column of partner bodies, not of people who are partners in a practice
    if cell in ("commissioner", "commissioners", "commissioned by"):
        return "commissioner"  # a column of the bodies that commission, not of people in a post
    if cell in ROLE_WORDS or any(
        cell.endswith(" " + w)
        for w in ("director", "lead", "chair", "manager", "officer", "executive", "coordinator")
    ):
        return "post:" + cell
    for role, pattern in _COLUMN_ROLES:
        if pattern.fullmatch(cell):
            return role
    return None


@dataclass
class Table:
    above: tuple[int, int]  # the line above the header (offsets in the text)
    roles: list[str | None]  # what each column holds
    rows: list[list[tuple[int, int]]]  # each row's cells (offsets in the text)


def _cells(text: str, a: int, b: int, sep: str) -> list[tuple[int, int]]:
    """The cells of the line text[a:b] split at ``sep`` (a pipe table's outer pipes dropped)."""
    line = text[a:b]
    if sep == "|":
        lead = len(line) - len(line.lstrip())
        inner = line.strip()
        if inner.startswith("|"):
            lead += 1
            inner = inner[1:]
        if inner.endswith("|"):
            inner = inner[:-1]
        a, line = a + lead, inner
    out, pos = [], a
    for cell in line.split(sep):
        out.append((pos, pos + len(cell)))
        pos += len(cell) + 1
    return out


_RULE_ROW = re.compile(r"[\s|:+-]*")  # a pipe table's row of dashes under the header


def tables(text: str) -> Iterator[Table]:
    """The tables of ``text`` whose header names at least one kind of column: cells split by tabs,
    by pipes, or by semicolons (a semicolon header must name every column, and two or more)."""
    seps = [sep for sep in ("\t", "|", ";") if sep in text]
    if not seps:
        return
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    k = 0
    while k < len(lines):
        a, b = lines[k]
        found = None
        for sep in seps:
            if sep not in text[a:b]:
                continue
            cells = _cells(text, a, b, sep)
            roles = [column_role(text[x:y]) for x, y in cells]
            known = sum(r is not None for r in roles)
            # (one known column is enough for tabs and pipes: "Funder<tab>Amount<tab>Period" under
            # "Funding for X" names what its rows fund)
            if len(cells) >= 2 and known >= (1 if sep != ";" else len(cells)) and (sep != ";" or known >= 2):
                found = (sep, cells, roles)
                break
        if found is None:
            k += 1
            continue
        sep, cells, roles = found
        rows = []
        r = k + 1
        if sep == "|" and r < len(lines) and _RULE_ROW.fullmatch(text[lines[r][0] : lines[r][1]]):
            r += 1
        while r < len(lines):
            row = _cells(text, *lines[r], sep) if sep in text[lines[r][0] : lines[r][1]] else []
            if len(row) != len(cells):
                break
            rows.append(row)
            r += 1
        if rows:
            yield Table(lines[k - 1] if k else (a, a), roles, rows)
        k = max(r, k + 1)
