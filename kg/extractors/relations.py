"""The regular-expression rules the parser rules (``kg/extractors/rules/*.toml``, read by
``kg/extractors/syntax.py``) do not yet cover: roles in apposition, attendance lines in minutes,
names that carry their owner ("ICB Quality Committee"), groups and their members, commissioning
in context, parts and covered areas. Rules that the parser rules made redundant were removed
(each was measured on the seed, dev and held-out sets first). They read the slots of each
sentence that kg/extractors/resolve.py works out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.extractors.lexicon import HONORIFICS, ROLE_WORDS
from kg.extractors.mentions import ORG_KINDS, PLACE_KINDS, DocModel
from kg.extractors.resolve import Found, Resolver, Slot, sentence_slots
from kg.extractors.text import fold_for_match
from kg.seeds import Register

COMMISSIONERS = {"ICB", "ICS", "CCG", "LocalAuthority", "NationalBody"}
ACTORS = ORG_KINDS | {"Person", "Programme", "Strategy", "Funding"}


def _lower(doc: DocModel, start: int, end: int) -> str:
    return doc.folded[start:end]


def _kind(doc: DocModel, slot: Slot) -> str:
    return doc.entities[slot.entity].kind


# between the items of a list; an item may carry its acronym: "A (AB), C and D"
_LIST_GAP = re.compile(r"(?:\s*\([^()]{1,20}\)|\))?\s*(?:,|,?\s+and|,?\s+&|\s+as well as)\s+(?:the\s+)?")


def _list_after(doc: DocModel, slots: list[Slot], i: int, kinds: set[str]) -> list[Slot]:
    """Slot ``i`` and the slots joined to it by commas and "and"."""
    out = [slots[i]]
    j = i + 1
    while j < len(slots):
        gap = _lower(doc, slots[j - 1].end, slots[j].start)
        if slots[j].entity == slots[j - 1].entity and gap.strip() in ("(", "-", ","):
            j += 1  # the item's acronym: "A (AB), C"
            continue
        if _LIST_GAP.fullmatch(gap) or gap.strip() == ",":
            if _kind(doc, slots[j]) in kinds:
                out.append(slots[j])
            j += 1
        else:
            break
    return out


def _subject_before(doc: DocModel, slots: list[Slot], pos: int, kinds: set[str] = ACTORS) -> Slot | None:
    """The nearest slot before ``pos``, stepping over an apposition ("X, Leader of Y, has ...": X)."""
    before = [s for s in slots if s.end <= pos and _kind(doc, s) in kinds]
    if not before:
        return None
    for s in before[:-1]:
        gap = doc.folded[s.end : pos]
        if s.how == "name" and (re.fullmatch(r"\s*,[^,;:()]{1,80},\s*", gap) or _ASIDE.fullmatch(gap)):
            return s
    return before[-1]


def _close(doc: DocModel, subject: Slot, pos: int, limit: int) -> bool:
    """Is the verb at ``pos`` near enough to ``subject``: a short gap, or an aside."""
    gap = doc.folded[subject.end : pos]
    return len(gap.strip()) <= limit or bool(_ASIDE.fullmatch(gap))


# an aside between a subject and its verb: "X - a partnership of A and B - runs ...",
# "X, formed in 2024 from A, B and C, will ..."
_ASIDE = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?(?:\s-\s[^;:()]{1,250}?\s-\s*"
    r"|,\s+(?:formed|created|established|set up|founded|launched|now|previously|formerly|which|who)\b[^;:()]{1,200},\s*)"
)


def _first_after(doc: DocModel, slots: list[Slot], pos: int, kinds: set[str] = ACTORS) -> int | None:
    for i, s in enumerate(slots):
        if s.start >= pos and _kind(doc, s) in kinds:
            return i
    return None


_ROLE = "|".join(sorted((re.escape(w) for w in ROLE_WORDS), key=len, reverse=True))
_HONOURS = "|".join(sorted((re.escape(w.rstrip(".")) for w in HONORIFICS), key=len, reverse=True))
_ROLE_SEGMENT = re.compile(
    rf"\s*((?:the\s+)?(?:[a-z-]+\s+){{0,3}}?(?:{_ROLE})\b[^,;:()]{{0,60}}),\s*(?:the\s+)?"
)
# "Name, who chairs the committee": a verb that is a role
_WHO_CHAIRS = re.compile(
    r",\s+who\s+(?:has\s+|had\s+|now\s+|also\s+|currently\s+)?"
    r"(chairs|chaired|co-chairs|co-chaired|leads|led|heads|headed)\s+(?:the\s+|its\s+)?"
)
_CHAIR_ROLE = {
    "chairs": "chair",
    "chaired": "chair",
    "co-chairs": "co-chair",
    "co-chaired": "co-chair",
    "leads": "lead",
    "led": "lead",
    "heads": "head",
    "headed": "head",
}


def rule_roles(doc: DocModel, slots: list[Slot], sent: tuple[int, int]) -> Iterator[Found]:
    """ "Name, Role of Org and Org Role", "Org's chief executive Name", "Name from Org"."""
    for i, p in enumerate(slots):
        if _kind(doc, p) != "Person":
            continue
        after = doc.folded[p.end : sent[1]]
        if after.startswith(","):
            stop = re.search(
                r"(?:^|,)\s*(?:said|says|who(?!\s+(?:is|was|has been|became|becomes|joined|joins|was appointed|has been appointed)\s)|told|added|explained|has|is|was|will|becomes|became|joins|joined|takes|took|remains)\b"
                r"|\bsaid\b|[:;()]|\s-\s|\u2013",
                after[1:],
            )
            limit = p.end + 1 + (stop.start() if stop else len(after) - 1)
            segment_start = p.end + 1
            later = slots[i + 1 :]
            for n, o in enumerate(later):
                if o.start >= limit:
                    break
                if _kind(doc, o) not in ORG_KINDS:
                    continue
                if (
                    n + 1 < len(later)
                    and later[n + 1].start < limit
                    and _kind(doc, later[n + 1]) in ORG_KINDS
                    and re.fullmatch(r"'s\s+", _lower(doc, o.end, later[n + 1].start))
                ):
                    continue  # "the board's Audit Committee": the role is on the committee
                pre = doc.folded[segment_start : o.start]
                pre = re.split(r",|\band\b", pre)[-1]
                post = re.split(r",|\band\b", doc.folded[o.end : limit])[0]
                whole = doc.folded[segment_start : o.start]
                role = re.search(rf"\b({_ROLE})\b", pre) or re.search(rf"\b({_ROLE})\b", post)
                if not role and re.search(r"\b(?:of|at|for)\s+(?:the\s+)?$", whole):
                    role = re.search(rf"\b({_ROLE})\b", whole)
                    pre = whole if role else pre
                if not role:
                    # "Name, Director of Partnerships, Org" (and after an earlier role ", and
                    # Executive Member for Health, Org"): the role is the segment before the org
                    segment = doc.folded[segment_start : o.start]
                    if segment_start != p.end + 1:
                        segment = (
                            re.sub(r"^,?\s*and\s+", " ", segment) if re.match(r",?\s*and\s", segment) else ""
                        )
                    m = _ROLE_SEGMENT.fullmatch(segment)
                    if m:
                        role, pre = m, m.group(1)
                if role:
                    words = (pre + " " + post).strip()
                    yield Found(p.entity, "hasRole", o.entity, "role.apposition.v1", 0.9, sent, role=words)
                segment_start = o.end
        if i + 1 < len(slots):
            o = slots[i + 1]
            gap = _lower(doc, p.end, o.start)
            chairs = _WHO_CHAIRS.fullmatch(gap)
            if _kind(doc, o) in ORG_KINDS and chairs:
                role = _CHAIR_ROLE.get(chairs.group(1), chairs.group(1))
                yield Found(p.entity, "hasRole", o.entity, "role.who-chairs.v1", 0.85, sent, role=role)
            paren = re.fullmatch(
                rf"\s*\(\s*((?:the\s+)?(?:[a-z-]+\s+){{0,3}}?(?:{_ROLE})\b[^()]{{0,50}}?)(?:,\s*|\s+(?:of|at|for)\s+)(?:the\s+)?",
                gap,
            )
            if _kind(doc, o) in ORG_KINDS and paren and re.match(r"\s*\)", doc.folded[o.end : o.end + 3]):
                yield Found(
                    p.entity, "hasRole", o.entity, "role.parenthesis.v1", 0.85, sent, role=paren.group(1)
                )
            if _kind(doc, o) in ORG_KINDS and re.fullmatch(r"\s+(?:from|of|at)\s+(?:the\s+)?", gap):
                yield Found(p.entity, "memberOf", o.entity, "affiliation.from.v1", 0.85, sent)
            if _kind(doc, o) in ORG_KINDS and re.fullmatch(
                rf"\s*,?\s+(?:who is|who was|is|was|has been|will be)?\s*(?:the\s+|a\s+|an\s+)?(?:(?:[a-z-]+\s+){{0,3}})?(?:{_ROLE})\s+(?:of|at|for)\s+(?:the\s+)?",
                gap,
            ):
                pass  # handled by the apposition reading above when a comma starts it
        if i > 0:
            o = slots[i - 1]
            gap = _lower(doc, o.end, p.start)
            tail = doc.folded[p.end : min(sent[1], p.end + 60)]
            appointed = re.fullmatch(
                r"\s+(?:has|have|had)?\s*(?:appointed|named|confirmed|welcomed)\s+(?:\w+\s+)?", gap
            )
            as_role = re.match(
                rf"\s+as\s+(?:its|their|the)?\s*(?:new|interim|acting|permanent)?\s*((?:[a-z-]+\s+){{0,3}}?(?:{_ROLE})(?:\s+[a-z-]+){{0,2}})",
                tail,
            )
            if _kind(doc, o) in ORG_KINDS and appointed and as_role:
                yield Found(
                    p.entity,
                    "hasRole",
                    o.entity,
                    "role.appointed.v1",
                    0.85,
                    sent,
                    role=as_role.group(1).strip(),
                )
            m = re.fullmatch(
                rf"(?:'s)?\s+((?:[a-z-]+\s+){{0,3}}?(?:{_ROLE})(?:\s+[a-z-]+){{0,4}}),?\s+(?:(?:{_HONOURS})\.?\s+)?",
                gap,
            )
            if _kind(doc, o) in ORG_KINDS and m:
                yield Found(p.entity, "hasRole", o.entity, "role.possessive.v1", 0.85, sent, role=m.group(1))
            m = re.fullmatch(r",?\s+", gap)
            before = doc.folded[max(sent[0], o.start - 60) : o.start]
            role = re.search(rf"\b((?:{_ROLE})(?:\s+[a-z-]+){{0,3}})\s+(?:of|at)\s+(?:the\s+)?$", before)
            if _kind(doc, o) in ORG_KINDS and m and role:
                yield Found(
                    p.entity, "hasRole", o.entity, "role.of-then-name.v1", 0.8, sent, role=role.group(1)
                )


# "work with the housing teams of X", "colleagues at X", "clinicians from X"
def _list_before(doc: DocModel, slots: list[Slot], last: Slot) -> list[Slot]:
    """``last`` and the slots joined to it before by commas and "and" ("A, B and C have ...")."""
    i = slots.index(last)
    out = [last]
    while i > 0:
        gap = _lower(doc, slots[i - 1].end, slots[i].start)
        if (
            not re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+&)\s+(?:the\s+)?", gap)
            or _kind(doc, slots[i - 1]) in PLACE_KINDS
        ):
            break
        i -= 1
        out.insert(0, slots[i])
    return out if len(out) > 1 and _kind(doc, out[0]) in ORG_KINDS else [last]


_GROUP = r"(?:consortium|partnership|alliance|collaboration|coalition|collaborative|joint venture|team)"


def _named_group_before(doc: DocModel, slots: list[Slot], pos: int) -> Slot | None:
    """The named partnership that a description at ``pos`` stands in apposition to
    ("the X Alliance - a partnership of ...", "X Network, the collaboration of ...")."""
    before = [s for s in slots if s.end <= pos]
    if not before:
        return None
    last = before[-1]
    if _kind(doc, last) not in ("Partnership", "Organisation", "ICS"):
        return None
    if re.fullmatch(r"\s*(?:,|-|\(|:)\s*(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}", doc.folded[last.end : pos]):
        return last
    return None


def rule_groups(doc: DocModel, slots: list[Slot], sent: tuple[int, int], state: dict) -> Iterator[Found]:
    """ "a partnership between A, B and C", "a consortium led by A (with B ...)", "the consortium included ..."."""
    text = doc.folded[sent[0] : sent[1]]
    m = re.search(
        r"\b(?:partnership|collaboration|alliance|coalition|consortium|joint venture|joint (?:initiative|project|programme|service))\s+(?:[a-z-]+\s+){0,2}?(?:between|of|involving|including|comprising)\s+(?:the\s+)?",
        text,
    )
    if m:
        j = _first_after(doc, slots, sent[0] + m.end(), ORG_KINDS)
        if j is not None and slots[j].start - (sent[0] + m.end()) < 6:
            members = _list_after(doc, slots, j, ORG_KINDS)
            named = _named_group_before(doc, slots, sent[0] + m.start())
            if named is not None:  # "The X Collaborative, a partnership of A, B and C": members of X
                for member in members:
                    if member.entity != named.entity:
                        yield Found(
                            member.entity, "memberOf", named.entity, "memberof.apposition.v1", 0.8, sent
                        )
                members = []
            pred = "partnerOf" if "partnership" in m.group(0) else "collaboratesWith"
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    if members[a].entity != members[b].entity:
                        yield Found(members[a].entity, pred, members[b].entity, "group.between.v1", 0.8, sent)
    m = re.search(rf"\b{_GROUP}\W*(?:\w+\W+){{0,3}}?led by\s+(?:the\s+)?", text)
    if m:
        j = _first_after(doc, slots, sent[0] + m.end(), ORG_KINDS | {"Person"})
        if j is not None and slots[j].start - (sent[0] + m.end()) < 4:
            lead = slots[j]
            state["lead"] = lead.entity
            tail = doc.folded[lead.end : sent[1]]
            w = re.match(r"\s*\(?\s*(?:with|and|alongside|together with)\s+", tail)
            if w:
                k = _first_after(doc, slots, lead.end + w.end(), ORG_KINDS)
                if k is not None and slots[k].start - (lead.end + w.end()) < 4:
                    yield Found(
                        lead.entity, "collaboratesWith", slots[k].entity, "group.led-with.v1", 0.8, sent
                    )
    m = re.search(
        rf"\bthe\s+{_GROUP}\b.*?\b(?:includ\w*|compris\w*|members?\s+(?:are|were|include\w*)|made up of|consist\w* of)\b",
        text,
    )
    if m and state.get("lead") is not None:
        lead = state["lead"]
        for s in slots:
            if s.start >= sent[0] + m.end() and _kind(doc, s) in ORG_KINDS and s.entity != lead:
                yield Found(lead, "collaboratesWith", s.entity, "group.members.v1", 0.75, sent)


def rule_commissions(doc: DocModel, slots: list[Slot], sent: tuple[int, int], state: dict) -> Iterator[Found]:
    text = doc.folded[sent[0] : sent[1]]
    for m in re.finditer(r"\bcommission(?:ed|s|ing)?\b", text):
        pos = sent[0] + m.start()
        if any(s.start <= pos < s.end for s in slots if s.how == "name"):
            continue  # a word of a name ("Care Quality Commission")
        before = text[: m.start()]
        passive = re.search(r"\b(?:was|were|been|is|are|being)\s+(?:\w+\s+)?$", before)
        after = text[m.end() :]
        if passive:
            objects = [s for s in slots if s.end <= pos and _kind(doc, s) in ORG_KINDS | {"Programme"}]
            by = re.match(r"\s+(?:\w+ly\s+)?by\s+(?:the\s+)?", after)
            commissioners: list[int] = []
            rule, conf = "commissions.passive.v1", 0.85
            if by:
                j = _first_after(doc, slots, pos + len(m.group(0)) + by.end())
                if j is not None:  # "commissioned jointly by A and B"
                    commissioners = [s.entity for s in _list_after(doc, slots, j, ORG_KINDS)] or [
                        slots[j].entity
                    ]
            elif state.get("commissioner") is not None:
                commissioners = [state["commissioner"]]
                rule, conf = "commissions.passive-context.v1", 0.65
            for commissioner in dict.fromkeys(commissioners):
                targets = [
                    s for s in objects if s.entity != commissioner and _kind(doc, s) not in PLACE_KINDS
                ]
                for o in targets:
                    if o.entity in commissioners:
                        continue
                    if doc.entities[o.entity].kind in COMMISSIONERS and rule.endswith("context.v1"):
                        continue
                    yield Found(commissioner, "commissions", o.entity, rule, conf, sent)
        elif m.group(0) in ("commissioned", "commissions", "commission"):
            subject = _subject_before(doc, slots, pos, COMMISSIONERS | ORG_KINDS)
            j = _first_after(doc, slots, pos + len(m.group(0)))
            if subject is None or j is None or slots[j].start - (pos + len(m.group(0))) > 25:
                continue
            if re.search(r"\b(?:by|for|from)\b", _lower(doc, subject.end, pos)):
                continue
            for o in _list_after(doc, slots, j, ACTORS - {"Person"}):
                if o.entity != subject.entity:
                    yield Found(subject.entity, "commissions", o.entity, "commissions.active.v1", 0.85, sent)
    # "A, the lead commissioner of B and C" / "A, which commissions B"
    for m in re.finditer(
        r",\s+(?:the|its|their)\s+(?:main\s+|lead\s+|principal\s+|joint\s+|co-)?commissioners?\s+(?:of|for)\s+(?:the\s+)?",
        text,
    ):
        pos, end = sent[0] + m.start(), sent[0] + m.end()
        subject = _subject_before(doc, slots, pos, COMMISSIONERS | ORG_KINDS)
        j = _first_after(doc, slots, end)
        if subject is None or j is None or slots[j].start - end > 3 or subject.end != pos:
            continue
        for o in _list_after(doc, slots, j, ACTORS - {"Person"} - PLACE_KINDS):
            if o.entity != subject.entity:
                yield Found(subject.entity, "commissions", o.entity, "commissions.apposition.v1", 0.8, sent)
    # "the board approved the award of a five-year contract to B", "A awarded B a contract"
    for m in re.finditer(
        r"\b(?:award(?:ed|s|ing)?|let|gave|give|grant(?:ed)?)\s+(?:of\s+)?(?:a|an|the)\s+(?:[\w\u00a3$.,-]+\s+){0,6}?contracts?,?\s+(?:[\w\u00a3$.,-]+\s+){0,4}?to\s+(?:the\s+)?",
        text,
    ):
        pos, end = sent[0] + m.start(), sent[0] + m.end()
        subject = _subject_before(doc, slots, pos, COMMISSIONERS)
        j = _first_after(doc, slots, end, ORG_KINDS)
        if (
            subject is None
            or j is None
            or slots[j].start - end > 3
            or len(_lower(doc, subject.end, pos)) > 60
        ):
            continue
        if slots[j].entity != subject.entity:
            yield Found(subject.entity, "commissions", slots[j].entity, "commissions.contract.v1", 0.8, sent)
    _note_commissioner(doc, slots, state)


def rule_part_of(
    doc: DocModel, slots: list[Slot], sent: tuple[int, int], resolver: Resolver
) -> Iterator[Found]:
    text = doc.folded[sent[0] : sent[1]]
    parts = [s for s in slots if s.how == "name" and s.entity in resolver.parts]
    if parts:
        m = re.search(r"\b(?:include|includes|included|including|comprises|comprising|has|with)\b", text)
        if m:
            whole = _subject_before(doc, slots, sent[0] + m.start())
            if whole is not None:
                for p in parts:
                    if p.entity != whole.entity:
                        yield Found(p.entity, "partOf", whole.entity, "partof.includes.v1", 0.8, sent)
    for i in range(1, len(slots)):
        owner, body = slots[i - 1], slots[i]
        name = doc.entities[body.entity].name.lower()
        if (
            _kind(doc, owner) in ORG_KINDS
            and _kind(doc, body) in ("Organisation", "Partnership")
            and body.how == "name"
            and name.split()[-1] in _SUB_BODIES
            and re.fullmatch(r"'s\s+(?:own\s+)?", _lower(doc, owner.end, body.start))
        ):
            yield Found(body.entity, "partOf", owner.entity, "partof.possessive.v1", 0.75, sent)
    for m in re.finditer(
        r"(?:\bis|\bare|\bwas|,|\bforms|\bform|\bformed|\bforming)\s+(?:a\s+|one\s+)?(?:key\s+|core\s+|central\s+)?part of\s+(?:the\s+)?",
        text,
    ):
        part = _subject_before(doc, slots, sent[0] + m.start())
        j = _first_after(doc, slots, sent[0] + m.end())
        if part is not None and j is not None and slots[j].start - (sent[0] + m.end()) < 4:
            yield Found(part.entity, "partOf", slots[j].entity, "partof.phrase.v1", 0.85, sent)
    # "X is a sub-committee of Y" (part of Y); "X, a joint committee of A and B" (A and B are members)
    for m in re.finditer(
        r"(?:\bis|\bare|\bwas|\bwere|,|\s-)\s+(?:a|an|the|one of the)\s+(?:formal\s+|statutory\s+|standing\s+|joint\s+)*"
        r"(?:committee|committees|sub-committee|sub-committees|subcommittee|subgroup|working group|sub-group)\s+of\s+",
        text,
    ):
        part = _subject_before(doc, slots, sent[0] + m.start(), ORG_KINDS)
        j = _first_after(doc, slots, sent[0] + m.end(), ORG_KINDS)
        if part is None or j is None or slots[j].start - (sent[0] + m.end()) > 4:
            continue
        if len(_lower(doc, part.end, sent[0] + m.start()).strip(" ,")) > 40:
            continue
        wholes = _list_after(doc, slots, j, ORG_KINDS)
        if "joint" in m.group(0) or len(wholes) > 1:
            for w in wholes:
                if w.entity != part.entity:
                    yield Found(w.entity, "memberOf", part.entity, "memberof.joint-committee.v1", 0.75, sent)
        elif wholes[0].entity != part.entity:
            yield Found(part.entity, "partOf", wholes[0].entity, "partof.committee-of.v1", 0.8, sent)
    yield from _mergers(doc, slots, sent, text)
    # "<ICS> ... their integrated care board": the ICS's statutory board
    for m in re.finditer(r"\b(?:its|their)\s+(?:integrated care board|icb)\b", text):
        ics = _subject_before(doc, slots, sent[0] + m.start(), {"ICS"})
        if ics is None:
            continue
        key = doc.entities[ics.entity].key
        if key in resolver.icb_of:
            icb = doc.entity_for_key(resolver.icb_of[key], resolver.register)
            yield Found(icb, "partOf", ics.entity, "partof.ics-board.v1", 0.8, sent)


# bodies that merge into one: trusts, boards, councils and other organisations (members joining a
# partnership are memberOf, not parts)
_MERGING = {"NHSTrust", "ICB", "CCG", "LocalAuthority", "NationalBody", "Organisation"}
# "A and B will merge to form C", "A merged with B into C", "A and B are merging, creating C"
_MERGE_VERB = re.compile(r"\b(?:merge|merged|merges|merging)\b")
_MERGE_RESULT = re.compile(
    r"[^;:()]{0,60}?\b(?:to\s+form|to\s+create|to\s+become|into|creating|forming|and\s+(?:form|create|become))\s+"
    r"(?:an?\s+(?:single|new|combined)\s+(?:[a-z]+\s+){0,2}?(?:organisation|trust|body|board|council|authority)"
    r"(?:\s+(?:called|named|known\s+as))?,?\s+)?(?:the\s+)?(?:new\s+)?"
)
# "C, formed in 2024 from A and B", "C was created by the merger of A and B", "the merger of A and B into C"
_FORMED_FROM = re.compile(
    r"\b(?:formed|created|established)\s+(?:(?:in|on)\s+[^,;:()]{1,25}?\s+)?"
    r"(?:from|by|through|following|after)\s+(?:the\s+)?(?:(?:merger|merging|amalgamation|coming together)\s+of\s+)?(?:the\s+)?"
)
_MERGER_OF = re.compile(r"\b(?:merger|amalgamation)\s+(?:of|between)\s+(?:the\s+)?")


def _mergers(doc: DocModel, slots: list[Slot], sent: tuple[int, int], text: str) -> Iterator[Found]:
    """Bodies that merged: each predecessor is partOf the body they formed."""
    if "merg" not in text and "formed" not in text and "created" not in text and "amalgam" not in text:
        return
    out: list[tuple[list[Slot], Slot]] = []
    for m in _MERGE_VERB.finditer(text):
        at = sent[0] + m.start()
        last = _subject_before(doc, slots, at, _MERGING)
        if last is None or not _close(doc, last, at, 30):
            continue
        i = slots.index(last)
        while i > 0 and slots[i - 1].entity == last.entity:  # "A (AB) will merge": the name, not its acronym
            i -= 1
        last = slots[i]
        olds = _list_before(doc, slots, last)
        tail = sent[0] + m.end()
        if re.match(r"\s+with\s+(?:the\s+)?", doc.folded[tail : tail + 10]):
            j = _first_after(doc, slots, tail, _MERGING)
            if j is None or slots[j].start - tail > 10:
                continue
            withs = _list_after(doc, slots, j, _MERGING)
            olds = olds + withs
            tail = withs[-1].end
        r = _MERGE_RESULT.match(doc.folded, tail)
        if r is None:
            continue
        j = _first_after(doc, slots, r.end(), _MERGING)
        if j is not None and slots[j].start - r.end() < 3:
            out.append((olds, slots[j]))
    for pattern in (_FORMED_FROM, _MERGER_OF):
        for m in pattern.finditer(text):
            j = _first_after(doc, slots, sent[0] + m.end(), _MERGING)
            if j is None or slots[j].start - (sent[0] + m.end()) > 3:
                continue
            olds = _list_after(doc, slots, j, _MERGING)
            if pattern is _MERGER_OF:
                r = _MERGE_RESULT.match(doc.folded, olds[-1].end)
                k = _first_after(doc, slots, r.end(), _MERGING) if r else None
                if r is None or k is None or slots[k].start - r.end() >= 3:
                    continue
                new = slots[k]
            else:
                if len(olds) < 2 and "merg" not in m.group(0) and "amalgam" not in m.group(0):
                    continue  # "formed from" one body is not a merger
                new = _subject_before(doc, slots, sent[0] + m.start(), _MERGING)
                if new is None or not _close(doc, new, sent[0] + m.start(), 40):
                    continue
            out.append((olds, new))
    for olds, new in out:
        if _kind(doc, new) not in _MERGING:
            continue
        for old in olds:
            if old.entity != new.entity and _kind(doc, old) in _MERGING:
                yield Found(old.entity, "partOf", new.entity, "partof.merger.v1", 0.8, sent)


_SUB_BODIES = {
    "committee",
    "sub-committee",
    "subcommittee",
    "panel",
    "group",
    "sub-group",
    "subgroup",
    "board",
    "forum",
}
_COVER_SUBJECTS = {"Strategy", "Partnership", "Programme", "ICS", "ICB", "Funding"}


def rule_covers(doc: DocModel, slots: list[Slot], sent: tuple[int, int]) -> Iterator[Found]:
    """ "X covers/serves A and B", "a service provided in A, B and C", "X, the network for A",
    "A is one of the six boroughs in X": the actor covers the places."""
    text = doc.folded[sent[0] : sent[1]]
    for m in _ONE_OF.finditer(text):
        place = _subject_before(doc, slots, sent[0] + m.start(), PLACE_KINDS)
        j = _first_after(doc, slots, sent[0] + m.end())
        if place is None or j is None or slots[j].start - (sent[0] + m.end()) > 4:
            continue
        if (
            len(_lower(doc, place.end, sent[0] + m.start()).strip()) > 20
            or _kind(doc, slots[j]) in PLACE_KINDS
        ):
            continue
        if _kind(doc, slots[j]) in _COVER_SUBJECTS | ORG_KINDS:
            yield Found(slots[j].entity, "covers", place.entity, "covers.one-of.v1", 0.75, sent)
    subjects = [s for s in slots if _kind(doc, s) not in PLACE_KINDS]
    if not subjects:
        return
    i = 0
    while i < len(slots):
        p = slots[i]
        if _kind(doc, p) not in PLACE_KINDS:
            i += 1
            continue
        before = [s for s in subjects if s.end <= p.start]
        if not before:
            i += 1
            continue
        subject = before[-1]
        if (
            _kind(doc, subject) == "Person"
            and len(before) > 1
            and _BY_AGENT.search(doc.folded, max(0, subject.start - 50), subject.start)
        ):
            subject = before[-2]  # "X was founded by Name and now serves A": X, not its founder
        if _kind(doc, subject) not in _COVER_SUBJECTS | ORG_KINDS:
            i += 1
            continue
        words = _COVER_WORDS
        if _kind(doc, subject) in _COVER_SUBJECTS:
            words += r"|across|throughout"
        gap = doc.folded[subject.end : p.start]
        near = doc.folded[max(subject.end, p.start - 40) : p.start]
        rule = None
        if re.search(
            rf"\b(?:{words})\s+(?:the\s+)?(?:whole of\s+|all of\s+)?$", near
        ) and not _CONTROL.search(gap):
            rule = "covers.phrase.v1"
        elif (
            len(gap) < 90
            and re.search(_COVER_SERVICE, gap)
            and re.search(r"\b(?:in|across|throughout)\s+(?:the\s+)?$", near)
        ):
            rule = "covers.service.v1"
        elif len(gap) < 120 and _POPULATION.search(near) and not _CONTROL.search(gap):
            rule = "covers.population.v1"
        elif re.fullmatch(
            r"\s*,\s+(?:the|a|an|its|our)\s+(?:[a-z-]+\s+){0,5}?(?:for|covering|serving)\s+(?:the\s+)?(?:[a-z-]+\s+)?(?:boroughs?\s+of\s+)?",
            gap,
        ):
            rule = "covers.apposition.v1"
        if rule is None:
            i += 1
            continue
        items = _list_after(doc, slots, i, PLACE_KINDS)
        for q in items:
            yield Found(subject.entity, "covers", q.entity, rule, 0.75, sent)
        i = slots.index(items[-1]) + 1


_BY_AGENT = re.compile(r"\bby\s+(?:[a-z-]+\s+){0,4}$")
# "X expected / asked / required Y to cover Z": Y covers Z, not X
_CONTROL = re.compile(
    r"\b(?:expected|expects|expect|asked|asks|required|requires|wanted|wants|told|allowed|encouraged|urged)\b"
)
_COVER_WORDS = r"covering|covers|cover|serving|serves|serve|the boroughs of|boroughs of"
# a service verb between the actor and "in <places>": "X, a service provided in A and B"
_COVER_SERVICE = (
    r"\b(?:provided|delivered|available|offered|operating|operates|operated|running|runs|run|"
    r"rolled out|commissioned|working|works|provide|provides|providing|deliver|delivers|delivering|offer|offers)\b"
)
# "X serves 300,000 people in A and B", "patients from A, B and C"
_POPULATION = re.compile(
    r"\b(?:people|residents|patients|families|children|adults|carers|communities|households|population|pupils)"
    r"\s+(?:who live\s+)?(?:in|across|throughout|from|of)\s+(?:the\s+)?(?:whole of\s+)?$"
)
_ONE_OF = re.compile(
    r"\b(?:is|was|are|were)\s+(?:one|two|three|four|five|six|seven|eight)\s+of\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:boroughs|places|local authorities|councils|areas)\s+(?:in|of|that make up|making up|within|covered by)\s+(?:the\s+)?"
)


_TRIGGERS = {
    "groups": re.compile(
        r"consortium|partnership|alliance|collaborat|coalition|joint venture|\bjoint\b|\bteam\b|\bgroup\b"
    ),
    "part": re.compile(r"part of|\bits\b|\btheir\b|committee|'s|merg|formed|created|amalgam"),
}


def _note_commissioner(doc: DocModel, slots: list[Slot], state: dict) -> None:
    """Remember a commissioning body that opens a sentence, for a later agentless passive."""
    firsts = [s for s in slots if _kind(doc, s) not in PLACE_KINDS]
    if firsts and _kind(doc, firsts[0]) in COMMISSIONERS:
        state["commissioner"] = firsts[0].entity


def relations(doc: DocModel, register: Register) -> list[Found]:
    """Every asserted relation in the document, in text order."""
    resolver = Resolver(doc, register)
    all_slots = sentence_slots(doc, resolver)
    found: list[Found] = []
    state: dict = {}
    for sent, slots in zip(doc.sentences, all_slots, strict=True):
        if slots:
            found.extend(rule_roles(doc, slots, sent))
    for sent, slots in zip(doc.sentences, all_slots, strict=True):
        if not slots:
            continue
        low = doc.folded[sent[0] : sent[1]]
        # cheap word tests first: most sentences state nothing and need no rule
        many = len(slots) > 1
        if _TRIGGERS["groups"].search(low):
            found.extend(rule_groups(doc, slots, sent, state))
        if "commission" in low or "contract" in low:
            found.extend(rule_commissions(doc, slots, sent, state))
        else:
            _note_commissioner(doc, slots, state)
        if _TRIGGERS["part"].search(low) or any(s.entity in resolver.parts for s in slots):
            found.extend(rule_part_of(doc, slots, sent, resolver))
        if many:
            found.extend(rule_covers(doc, slots, sent))
    return [f for f in found if f.subject != f.object]


__all__ = ["Found", "fold_for_match", "relations"]
