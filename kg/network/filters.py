"""Pipeline stage 6a: the one filter model of the collaboration network, shared by the network commands, ``kg view``, the viewer page and its JSON endpoints.

A :class:`Filters` is what a user asked for, as typed (names, codes, dates); :func:`resolve`
checks it against the store's tables and gives a :class:`Resolved` filter that decides, piece
of evidence by piece of evidence and pair by pair, what stays. Every caller goes through these
two, so a filter means the same wherever it is given:

* ``layers``: ``"asserted"`` (stated relations) and/or ``"comention"`` (named in one sentence).
* ``kinds``: actor types, ontology class local names; a class includes its subclasses
  (``"Organisation"`` keeps ICBs, trusts, councils...). Both ends of a relation must match.
* ``ics``: one or more ICSs, by IRI, register key, code, name or alias, or by any name of an
  actor that belongs to one ("South West London" is the place of the South West London ICS; "SWL
  ICB" is its board). A relation is kept when at least one end belongs to a chosen ICS, so the
  graph holds the ICS's actors *and their direct collaborators*. An actor belongs to the ICS the
  store says it does (the ``ics`` of :class:`kg.network.tables.Actor`).
* ``predicates``: relation local names or IRIs; they must be edge predicates of the layers.
* ``since`` / ``until``: inclusive bounds on the evidence date (the document's date). Evidence
  without a date is left out when either bound is given; a partial date ("2023", "2023-05")
  counts when its period overlaps the range.
* ``documents``: document IRIs, sha1 digests or file names; only their evidence counts.
* ``min_documents``: keep a relation only when this many distinct documents support it.
* ``min_confidence``: keep only evidence of at least this confidence (0 to 1).

>>> Filters.from_query({"layer": ["asserted", "comention"], "ics": ["SWL"], "since": ["2023"]}).since
'2023'
>>> _date_bounds("2023")
('2023-01-01', '2023-12-31')
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kg.network._common import local_name
from kg.network.resolve import UnknownActor, resolve_in
from kg.network.tables import LAYERS, Actor, Document, Tables, actor_classes
from kg.ontology import edge_predicates

DEFAULT_LAYERS = ("asserted",)


@dataclass(frozen=True, slots=True)
class Filters:
    """A filter as the user gave it (see the module's docstring for what each part means)."""

    layers: tuple[str, ...] = DEFAULT_LAYERS
    kinds: tuple[str, ...] | None = None
    ics: tuple[str, ...] | None = None
    predicates: tuple[str, ...] | None = None
    since: str | None = None
    until: str | None = None
    documents: tuple[str, ...] | None = None
    min_documents: int = 1
    min_confidence: float | None = None

    @classmethod
    def make(
        cls,
        *,
        layers: Iterable[str] | None = None,
        kinds: Iterable[str] | None = None,
        ics: str | Iterable[str] | None = None,
        predicates: Iterable[str] | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        documents: Iterable[str] | None = None,
        min_documents: int | None = None,
        min_confidence: float | None = None,
    ) -> Filters:
        """A filter from keyword arguments; empty sequences mean "no filter".

        >>> Filters.make(kinds=[], ics="SWL ICS", since=dt.date(2023, 1, 2))
        Filters(layers=('asserted',), kinds=None, ics=('SWL ICS',), predicates=None, since='2023-01-02', until=None, documents=None, min_documents=1, min_confidence=None)
        """

        def seq(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
            if value is None:
                return None
            items = (value,) if isinstance(value, str) else tuple(str(v) for v in value)
            return items or None

        def day(value: str | dt.date | None) -> str | None:
            if value is None or value == "":
                return None
            return value.isoformat() if isinstance(value, dt.date) else str(value)

        return cls(
            layers=tuple(dict.fromkeys(layers)) if layers else DEFAULT_LAYERS,
            kinds=seq(kinds),
            ics=seq(ics),
            predicates=seq(predicates),
            since=day(since),
            until=day(until),
            documents=seq(documents),
            min_documents=max(1, int(min_documents or 1)),
            min_confidence=float(min_confidence) if min_confidence not in (None, "") else None,
        )

    @classmethod
    def from_query(cls, params: Mapping[str, list[str]]) -> Filters:
        """A filter from URL query parameters, named as the command-line options are (``layer``,
        ``kind``, ``ics``, ``predicate``, ``since``, ``until``, ``document``, ``min-documents``,
        ``min-confidence``; repeat a parameter, or separate values by commas).

        Raises:
            ValueError: a threshold that is not a number.
        """

        def many(name: str) -> list[str]:
            return [
                part.strip() for value in params.get(name, []) for part in value.split(",") if part.strip()
            ]

        def one(name: str) -> str | None:
            values = [v.strip() for v in params.get(name, []) if v.strip()]
            return values[-1] if values else None

        try:
            min_docs = int(one("min-documents") or 1)
            min_conf = float(one("min-confidence")) if one("min-confidence") is not None else None
        except ValueError as ex:
            raise ValueError(
                f"min-documents must be a whole number and min-confidence a number: {ex}"
            ) from ex
        layers = many("layer")
        if "all" in layers:
            layers = list(LAYERS)
        return cls.make(
            layers=layers or None,
            kinds=many("kind"),
            ics=[v.strip() for v in params.get("ics", []) if v.strip()],  # names may hold commas
            predicates=many("predicate"),
            since=one("since"),
            until=one("until"),
            documents=many("document"),
            min_documents=min_docs,
            min_confidence=min_conf,
        )

    def as_dict(self) -> dict[str, Any]:
        """The keyword arguments of :func:`kg.network.collaboration_graph` (also a cache key)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def to_query(self) -> list[tuple[str, str]]:
        """The URL query parameters that :meth:`from_query` reads back to this filter."""
        out: list[tuple[str, str]] = [("layer", layer) for layer in self.layers]
        for name, values in (
            ("kind", self.kinds),
            ("ics", self.ics),
            ("predicate", self.predicates),
            ("document", self.documents),
        ):
            out += [(name, v) for v in values or ()]
        for name, value in (("since", self.since), ("until", self.until)):
            if value:
                out.append((name, value))
        if self.min_documents > 1:
            out.append(("min-documents", str(self.min_documents)))
        if self.min_confidence is not None:
            out.append(("min-confidence", repr(self.min_confidence)))
        return out


@dataclass(frozen=True, slots=True)
class Resolved:
    """A filter checked against a store: IRIs and bounds, ready to test evidence and actors."""

    layers: tuple[str, ...]
    predicates: frozenset[str]  # local names
    kinds: frozenset[str] | None  # class local names, subclasses included
    ics: frozenset[str] | None  # ICS IRIs
    since: str | None  # first day, ISO
    until: str | None  # last day, ISO
    documents: frozenset[str] | None  # document IRIs
    min_documents: int
    min_confidence: float | None

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    def evidence_passes(self, item: Mapping[str, Any]) -> bool:
        """Whether one piece of evidence (a row of :attr:`kg.network.tables.Tables.evidence`) counts."""
        if item["_layer"] not in self.layers or item["predicate"] not in self.predicates:
            return False
        if self.documents is not None and item["doc"] not in self.documents:
            return False
        if self.dated and not in_range(item["date"], self.since, self.until):
            return False
        return self.min_confidence is None or float(item.get("confidence") or 0.0) >= self.min_confidence

    def actor_passes(self, actor: Actor | None) -> bool:
        """Whether an actor may be an end of a kept relation (its type)."""
        return actor is not None and (self.kinds is None or actor.kind in self.kinds)

    def pair_passes(self, a: Actor | None, b: Actor | None) -> bool:
        """Whether a relation between ``a`` and ``b`` is kept: both types allowed, and an end in
        a chosen ICS when ICSs are chosen."""
        if not (self.actor_passes(a) and self.actor_passes(b)):
            return False
        return self.ics is None or a.ics in self.ics or b.ics in self.ics  # type: ignore[union-attr]

    def document_passes(self, doc: Document) -> bool:
        """Whether a document is in scope (the document and date filters)."""
        if self.documents is not None and doc.iri not in self.documents:
            return False
        return not self.dated or in_range(doc.date, self.since, self.until)

    def describe(self) -> dict[str, Any]:
        """What ``G.graph["filters"]`` records."""
        return {
            "kinds": sorted(self.kinds) if self.kinds is not None else None,
            "ics": sorted(self.ics) if self.ics is not None else None,
            "predicates": sorted(self.predicates),
            "since": self.since,
            "until": self.until,
            "documents": sorted(self.documents) if self.documents is not None else None,
            "min_documents": self.min_documents,
            "min_confidence": self.min_confidence,
        }


def resolve(filters: Filters, tables: Tables) -> Resolved:
    """Check ``filters`` against the store's tables.

    Raises:
        ValueError: an unknown layer, actor type, predicate, document or date, or a threshold
            out of range.
        kg.network.UnknownActor, kg.network.AmbiguousActor: an ``ics`` names no single ICS.
    """
    layers = tuple(dict.fromkeys(filters.layers))
    bad = [layer for layer in layers if layer not in LAYERS]
    if bad or not layers:
        raise ValueError(f"unknown layer(s) {bad or '(none)'}; choose from {', '.join(LAYERS)}")
    predicates = frozenset(local_name(p) for p in resolve_predicates(filters.predicates, layers))
    if filters.min_confidence is not None and not 0.0 <= filters.min_confidence <= 1.0:
        raise ValueError(f"min-confidence must be between 0 and 1, not {filters.min_confidence}")
    return Resolved(
        layers=layers,
        predicates=predicates,
        kinds=expand_kinds(filters.kinds) if filters.kinds is not None else None,
        ics=frozenset(resolve_ics(filters.ics, tables.actors)) if filters.ics is not None else None,
        since=iso_bound(filters.since, end=False),
        until=iso_bound(filters.until, end=True),
        documents=(
            frozenset(resolve_documents(filters.documents, tables.documents))
            if filters.documents is not None
            else None
        ),
        min_documents=max(1, filters.min_documents),
        min_confidence=filters.min_confidence,
    )


# ---------------------------------------------------------------- the parts


def expand_kinds(kinds: Iterable[str]) -> frozenset[str]:
    """The class local names matching ``kinds``: each class with all its subclasses.

    >>> sorted(expand_kinds(["Partnership"]))
    ['ICS', 'Partnership']

    Raises:
        ValueError: a name is not an actor class of the ontology.
    """
    classes = actor_classes()
    wanted = {local_name(k) for k in kinds}
    unknown = sorted(wanted - set(classes))
    if unknown:
        raise ValueError(f"unknown actor type(s) {', '.join(unknown)}; known: {', '.join(sorted(classes))}")
    return frozenset(c for c, supers in classes.items() if supers & wanted)


def resolve_ics(wanted: str | Iterable[str], actors: Mapping[str, Actor]) -> set[str]:
    """The ICS IRIs that ``wanted`` names: each item is resolved among the ICSs first (IRI,
    key, code, name, alias); when no ICS matches, among every actor (the names the other
    commands accept), and the actor's own ICS is taken.

    Raises:
        kg.network.UnknownActor: an item names no actor, or an actor that is in no ICS.
        kg.network.AmbiguousActor: an item names several ICSs (or actors) equally well.
    """
    items = [wanted] if isinstance(wanted, str) else list(wanted)
    systems = {iri: a for iri, a in actors.items() if "ICS" in a.kinds}
    out = set()
    for item in items:
        try:
            out.add(resolve_in(systems, str(item), what="ICS"))
            continue
        except UnknownActor as ex:
            first = ex
        try:
            iri = resolve_in(actors, str(item))
        except UnknownActor:
            raise first from None
        system = actors[iri].ics
        if not system:
            raise UnknownActor(
                f"{item!r} names {actors[iri].label}, which belongs to no ICS", str(item), first.candidates
            )
        out.add(system)
    return out


def resolve_predicates(wanted: Iterable[str] | None, layers: tuple[str, ...]) -> dict[str, str]:
    """The edge predicates (IRI -> layer) of ``layers``, narrowed to ``wanted``."""
    available = {p: layer for layer in layers for p in edge_predicates(layer)}
    if wanted is None:
        return available
    by_local = {local_name(p): p for p in available}
    out: dict[str, str] = {}
    for item in wanted:
        iri = item if item in available else by_local.get(local_name(item))
        if iri is None:
            raise ValueError(
                f"{item!r} is not an edge predicate of layer(s) {', '.join(layers)}; "
                f"choose from {', '.join(sorted(by_local))}"
            )
        out[iri] = available[iri]
    return out


def resolve_documents(wanted: Iterable[str], docs: Mapping[str, Document]) -> set[str]:
    """The document IRIs that ``wanted`` names (IRIs, sha1 digests or file names)."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for d in docs.values():
        for name in (d.iri, d.sha1, d.file):
            if name:
                by_name[name].add(d.iri)
    out: set[str] = set()
    for item in wanted:
        found = by_name.get(str(item))
        if not found:
            raise ValueError(f"no document {item!r} in the store (give its IRI, sha1 or file name)")
        out |= found
    return out


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def iso_bound(value: str | dt.date | None, *, end: bool) -> str | None:
    """An ISO date string for a bound; a partial date takes its first (or last) day.

    >>> iso_bound("2023-05", end=True), iso_bound(None, end=False)
    ('2023-05-31', None)
    """
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not _PARTIAL_DATE.match(text):
        raise ValueError(f"not a date: {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    return _date_bounds(text)[1 if end else 0]


def _date_bounds(text: str) -> tuple[str, str]:
    """The first and last day a (possibly partial) ISO date can mean.

    >>> _date_bounds("2023-05-17T10:00:00")
    ('2023-05-17', '2023-05-17')
    """
    match = _PARTIAL_DATE.match(text)
    if not match:
        return ("", "")
    text = match.group(0)
    if len(text) == 4:
        return f"{text}-01-01", f"{text}-12-31"
    if len(text) == 7:
        return f"{text}-01", f"{text}-31"
    return text, text


def in_range(date: str, lo: str | None, hi: str | None) -> bool:
    """Whether a (possibly partial) date overlaps the inclusive range ``lo``..``hi``."""
    first, last = _date_bounds(date)
    if not first:
        return False
    return (lo is None or last >= lo) and (hi is None or first <= hi)
