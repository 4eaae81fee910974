"""Records passed between the pipeline stages: small, frozen and typed.

document -> :class:`Text` (readers) -> :class:`Entity` and :class:`Relation` (extractors;
within one document the mentions are ``kg.extractors.mentions.Span`` records of its
``DocModel``) -> RDF (triples).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Page:
    """A page of a paginated source: its number (1-based) and character span in ``Text.content``."""

    number: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Text:
    """A document read into plain text, with whatever metadata the reader found.

    ``doc_id`` is the sha1 of the source bytes, so the same file always gets the same id.
    """

    doc_id: str
    source: str  # path or URL the text was read from
    content: str  # normalised plain text; all offsets point into this string
    media_type: str  # e.g. "text/plain", "text/html", "application/pdf"
    title: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    publisher: str | None = None
    url: str | None = None
    encoding: str | None = None  # detected encoding of a text source
    pages: tuple[Page, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The page number holding character ``offset``, or None for unpaginated text."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return None


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved actor: its IRI, type, preferred name and the surface forms seen."""

    iri: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    key: str | None = None  # register key ("ods:QWE") when resolved against the register


@dataclass(frozen=True, slots=True)
class Relation:
    """An asserted (or co-mention) relation with its evidence."""

    subject: str  # entity IRI
    predicate: str  # ontology property local name, e.g. "leads"
    object: str  # entity IRI
    doc_id: str
    quote: str  # the sentence that states it, exactly as in Text.content
    start: int  # offsets of the quote in Text.content
    end: int
    rule: str  # name of the rule that produced it
    confidence: float
    page: int | None = None
    asserted: bool = True  # False for co-mentions
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
