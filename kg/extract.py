"""Stages 2 to 3 for one document: Text -> entities and relations, with evidence.

>>> from kg.records import Text
>>> from kg.seeds import load_register
>>> text = Text("0" * 40, "note.txt", "Jane Smith, chief executive of NHS England, said so.", "text/plain")
>>> result = extract_document(text, gazetteer_for(load_register()))
>>> [(r.predicate, r.asserted) for r in result.relations]
[('hasRole', True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from kg.extractors import syntax
from kg.extractors.gazetteer import Gazetteer
from kg.extractors.layout import layout_relations, predecessors
from kg.extractors.mentions import DocModel, build_model
from kg.extractors.resolve import Found, Resolver, comentions, sentence_slots
from kg.extractors.text import unwrap_lines
from kg.records import Entity, Relation, Text
from kg.seeds import Register

EXTRACTOR_VERSION = "rules.v1"
_GAZETTEERS: dict[int, Gazetteer] = {}


def gazetteer_for(register: Register) -> Gazetteer:
    """The gazetteer of ``register``, built once per process."""
    key = id(register)
    if key not in _GAZETTEERS:
        _GAZETTEERS[key] = Gazetteer(register)
    return _GAZETTEERS[key]


@dataclass
class Extraction:
    """What one document yields: its entities and relations (asserted and co-mentions)."""

    text: Text
    entities: list[Entity]
    relations: list[Relation]
    model: DocModel
    truncated: tuple[str, ...] = ()  # what was left out to bound the work (empty: nothing)


MAX_CHARS = 2_000_000  # characters of a document read; the rest is left out
MAX_RUN = 2_000  # characters of text with no sentence end (. ! ? or a line break) read at once
MAX_COMENTIONS_PER_SENTENCE = 100  # co-mention pairs kept from one sentence
MAX_RELATIONS = 20_000  # relations (asserted first, then co-mentions) kept from one document

# a run of text with no sentence end, found only from a sentence start (so the search is linear)
_LONG_RUN = re.compile(rf"(?<![^\n.!?])[^\n.!?]{{{MAX_RUN + 1},}}")


def bound_text(text: Text) -> tuple[Text, list[str]]:
    """``text`` with the work it can cause bounded, and what was cut.

    The extractors' cost grows faster than linearly with the length of a stretch of text with
    no sentence end, and the graph grows with the names a document repeats: a 21 MB file
    repeating one name took minutes and gigabytes. A document is read up to
    :data:`MAX_CHARS`; a run longer than :data:`MAX_RUN` characters with no sentence end is
    read up to that length and the rest of it replaced by line breaks, so that every offset
    still points at the same character of the document. Ordinary documents are unchanged.
    """
    notes: list[str] = []
    content = text.content
    if len(content) > MAX_CHARS:
        notes.append(f"only the first {MAX_CHARS:,} of {len(content):,} characters read")
        content = content[:MAX_CHARS]
    pieces: list[str] = []
    last = cut = 0
    for match in _LONG_RUN.finditer(content):
        keep = match.start() + MAX_RUN
        pieces += [content[last:keep], "\n" * (match.end() - keep)]
        last = match.end()
        cut += 1
    if cut:
        content = "".join(pieces) + content[last:]
        notes.append(f"{cut:,} run(s) of text with no sentence end cut to {MAX_RUN:,} characters")
    return (replace(text, content=content) if notes else text), notes


def _bound_relations(found: list[Relation], notes: list[str]) -> list[Relation]:
    """At most :data:`MAX_COMENTIONS_PER_SENTENCE` co-mentions per sentence and
    :data:`MAX_RELATIONS` relations per document, the first in document order kept."""
    per_sentence: dict[tuple[int, int], int] = {}
    kept: list[Relation] = []
    dropped_co = 0
    for rel in found:
        if not rel.asserted:
            n = per_sentence.get((rel.start, rel.end), 0)
            if n >= MAX_COMENTIONS_PER_SENTENCE:
                dropped_co += 1
                continue
            per_sentence[(rel.start, rel.end)] = n + 1
        kept.append(rel)
    if dropped_co:
        notes.append(f"{dropped_co:,} co-mention(s) over {MAX_COMENTIONS_PER_SENTENCE} per sentence left out")
    if len(kept) > MAX_RELATIONS:
        notes.append(
            f"{len(kept) - MAX_RELATIONS:,} relation(s) over {MAX_RELATIONS:,} per document left out"
        )
        kept = kept[:MAX_RELATIONS]
    return kept


_ODD_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u202f\u2002\u2003"})


def extract_document(text: Text, gazetteer: Gazetteer) -> Extraction:
    """Find the actors ``text`` names and the relations it states between them.

    The work is bounded (see :func:`bound_text` and :data:`MAX_RELATIONS`); what was cut is
    listed in ``Extraction.truncated`` and the returned ``Extraction.text`` is what was read.
    """
    text, notes = bound_text(text)
    # hard-wrapped lines are read as one paragraph (same offsets: quotes come from the text itself)
    # (and no-break or thin spaces are read as spaces, one character for one: names keep plain spaces)
    doc = build_model(unwrap_lines(text.content.translate(_ODD_SPACES)), gazetteer)
    register = gazetteer.register
    resolver = Resolver(doc, register)
    slots = sentence_slots(doc, resolver)
    found = layout_relations(doc, resolver, slots) + syntax.relations(doc, slots, notes)
    found += predecessors(doc, slots, found)
    asserted = _dedupe(found)
    co = comentions(doc, asserted)
    used = {s.entity for s in doc.spans} | {f.subject for f in asserted} | {f.object for f in asserted}
    entities: dict[int, Entity] = {}
    for idx in sorted(used):
        ent = doc.entities[idx]
        aliases = list(ent.surfaces)
        if ent.key:
            entry = register.entries[ent.key]
            aliases += [a.text for a in entry.aliases if a.kind != "ambiguous" and a.text in text.content]
        entities[idx] = Entity(
            iri=ent.iri, kind=ent.kind, name=ent.name, aliases=tuple(dict.fromkeys(aliases)), key=ent.key
        )
    out: list[Relation] = []
    for f in asserted + co:
        if f.subject not in entities or f.object not in entities:
            continue
        start, end = f.sentence
        out.append(
            Relation(
                subject=entities[f.subject].iri,
                predicate=f.predicate,
                object=entities[f.object].iri,
                doc_id=text.doc_id,
                quote=text.content[start:end],
                start=start,
                end=end,
                rule=f.rule,
                confidence=f.confidence,
                page=text.page_at(start),
                asserted=f.predicate != "coMentionedWith",
                extra={"role": f.role} if f.role else {},
            )
        )
    if len(out) > MAX_RELATIONS or not all(r.asserted for r in out):
        out = _bound_relations(out, notes)
    return Extraction(text, list(entities.values()), out, doc, tuple(notes))


def _dedupe(found: list[Found]) -> list[Found]:
    """One relation per (subject, predicate, object, sentence); the most confident rule wins; a
    "mentions" (the predicate of last resort) is dropped where the same sentence states a more
    specific relation between the same two actors, and "collaboratesWith" where it states that
    they are partners."""
    specific = {
        (f.sentence, min(f.subject, f.object), max(f.subject, f.object))
        for f in found
        if f.predicate != "mentions"
    }
    # "A and B have worked in partnership": the sentence's own word, partnership, over working together
    partners = {
        (f.sentence, min(f.subject, f.object), max(f.subject, f.object))
        for f in found
        if f.predicate == "partnerOf"
    }
    found = [
        f
        for f in found
        if not (
            f.predicate == "mentions"
            and (f.sentence, min(f.subject, f.object), max(f.subject, f.object)) in specific
        )
        and not (
            f.predicate == "collaboratesWith"
            and (f.sentence, min(f.subject, f.object), max(f.subject, f.object)) in partners
        )
    ]
    best: dict[tuple, Found] = {}
    for f in found:
        key = (f.subject, f.predicate, f.object, f.sentence)
        if f.predicate in ("collaboratesWith", "partnerOf"):
            key = (min(f.subject, f.object), f.predicate, max(f.subject, f.object), f.sentence)
        if key not in best or f.confidence > best[key].confidence:
            best[key] = f
    return sorted(best.values(), key=lambda f: (f.sentence, f.subject, f.predicate, f.object))


# the evaluation format has no CCG type: clinical commissioning groups are organisations there
EVAL_TYPES = {"CCG": "Organisation"}


EVIDENCE_WORDS = 25  # the evaluation format's longest quote


def short_evidence(quote: str, ends: list[tuple[str, ...]], source: str | None = None) -> str:
    """The quote of a relation as the evaluation format wants it: at most
    :data:`EVIDENCE_WORDS` words, the window that names both ends where it can, and written as the
    source file writes it (whitespace as there) when ``source`` is given.

    >>> quote = short_evidence("So " * 30 + "Acme works with Bobco.", [("Acme",), ("Bobco",)])
    >>> len(quote.split()), quote.endswith("Acme works with Bobco.")
    (25, True)
    """
    words = list(re.finditer(r"\S+", quote))
    if len(words) > EVIDENCE_WORDS:
        hits = []
        for names in ends:
            at = [quote.find(n) for n in sorted(names, key=len, reverse=True) if n and n in quote]
            if at:
                hits.append(min(at))
        first = next((k for k, w in enumerate(words) if hits and w.end() > min(hits)), 0)
        last = next((k for k, w in enumerate(words) if hits and w.end() > max(hits)), first)
        last = max(last, first)
        start = max(0, min(first, last - EVIDENCE_WORDS + 1))
        start = min(start, len(words) - EVIDENCE_WORDS)
        quote = quote[words[start].start() : words[start + EVIDENCE_WORDS - 1].end()]
    if source is not None and quote not in source:
        pattern = r"\s+".join(re.escape(w) for w in quote.split())
        m = re.search(pattern, source) if pattern else None
        if m:
            quote = m.group()
    return quote


def eval_record(result: Extraction, source: str | None = None) -> dict:
    """One document in the evaluation format of ``shared/eval/README.md``; ``source`` is the file's
    own text, which evidence is quoted from when given."""
    names = {e.iri: e.name for e in result.entities}
    surfaces = {e.iri: (e.name, *e.aliases) for e in result.entities}
    seen: set[tuple[str, str, str]] = set()
    rels = []
    for r in result.relations:
        if not r.asserted:
            continue
        key = (r.subject, r.predicate, r.object)
        if key in seen:
            continue
        seen.add(key)
        rels.append(
            {
                "subject": names[r.subject],
                "predicate": r.predicate,
                "object": names[r.object],
                "evidence": short_evidence(r.quote, [surfaces[r.subject], surfaces[r.object]], source),
            }
        )
    return {
        "file": PurePath(result.text.source).name,
        "entities": [
            {"name": e.name, "type": EVAL_TYPES.get(e.kind, e.kind), "aliases": list(e.aliases)}
            for e in result.entities
        ],
        "relations": rels,
    }


def extract_paths(paths: list) -> tuple[list[dict], list[str]]:
    """Read and extract every document under ``paths``: evaluation records and failure lines."""
    from kg.discover import discover
    from kg.readers import ReaderError, read_document
    from kg.seeds import load_register

    files, failures = discover(paths)
    errors = [str(f) for f in failures]
    gazetteer = gazetteer_for(load_register())
    records = []
    for path in files:
        try:
            text = read_document(path)
        except ReaderError as ex:
            errors.append(str(ex))
            continue
        try:
            source = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            source = None
        records.append(eval_record(extract_document(text, gazetteer), source))
    return records, errors
