"""Pipeline stage 6a: a name, alias, acronym or code typed by a person -> one actor IRI.

Matching ignores case, typographic quotes and dashes, extra spaces and a leading "the"
(:func:`kg.ids.normalise_name`). The strongest kind of match wins: the IRI itself, then a code
(register key, ODS or GSS code), then the preferred name, then an alias (``skos:altLabel`` or
``skos:hiddenLabel``). Two actors matching equally well raise :class:`AmbiguousActor` with the
list to choose from; nothing matching raises :class:`UnknownActor` with the closest names.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kg.ids import normalise_name
from kg.network.tables import tables_of


@dataclass(frozen=True, slots=True)
class Candidate:
    """An actor a text may mean: enough to tell it apart from the others."""

    iri: str
    label: str
    kind: str
    code: str

    def __str__(self) -> str:
        return f"{self.label} ({self.kind}, {self.code})"


class ActorError(LookupError):
    """A text does not name exactly one actor; ``candidates`` lists what it might mean."""

    def __init__(self, message: str, text: str, candidates: list[Candidate]) -> None:
        super().__init__(message)
        self.text = text
        self.candidates = candidates

    def __str__(self) -> str:
        return str(self.args[0])


class AmbiguousActor(ActorError):
    """Several actors match the text equally well."""


class UnknownActor(ActorError):
    """No actor matches the text; the candidates are the closest names."""


@dataclass(frozen=True, slots=True)
class _Entry:
    iri: str
    label: str
    kind: str
    codes: tuple[str, ...]
    aliases: tuple[str, ...]

    @property
    def candidate(self) -> Candidate:
        return Candidate(self.iri, self.label, self.kind, next((c for c in self.codes if c), self.iri))


def _entries_from_graph(G: nx.Graph) -> list[_Entry]:
    return [
        _Entry(
            str(n),
            d.get("label") or str(n),
            d.get("kind", ""),
            (d.get("key", ""), d.get("ods", ""), d.get("gss", "")),
            tuple(d.get("aliases") or ()),
        )
        for n, d in G.nodes(data=True)
    ]


def _entries_from_actors(actors: Mapping[str, Any]) -> list[_Entry]:
    return [
        _Entry(iri, a.label, a.kind, (a.key, a.ods, a.gss), tuple(sorted(a.aliases)))
        for iri, a in actors.items()
    ]


def _match(entries: Iterable[_Entry], text: str, what: str) -> str:
    entries = list(entries)
    wanted = normalise_name(text)
    tiers: list[list[_Entry]] = [[], [], [], []]
    for e in entries:
        if text.strip() == e.iri:
            tiers[0].append(e)
        elif any(code and normalise_name(code) == wanted for code in e.codes):
            tiers[1].append(e)
        elif normalise_name(e.label) == wanted:
            tiers[2].append(e)
        elif any(normalise_name(a) == wanted for a in e.aliases):
            tiers[3].append(e)
    for tier in tiers:
        if len(tier) == 1:
            return tier[0].iri
        if tier:
            found = sorted({e.candidate for e in tier}, key=lambda c: (c.label, c.kind, c.iri))
            lines = "\n".join(f"  {c}" for c in found)
            raise AmbiguousActor(
                f"{text!r} matches {len(found)} {what}s; give a full name or a code:\n{lines}", text, found
            )
    raise _unknown(entries, text, wanted, what)


def _unknown(entries: list[_Entry], text: str, wanted: str, what: str) -> UnknownActor:
    names: dict[str, set[_Entry]] = {}
    for e in entries:
        for name in (e.label, *e.aliases):
            names.setdefault(normalise_name(name), set()).add(e)
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    close += sorted(n for n in names if wanted and wanted in n and n not in close)[:5]
    found: list[Candidate] = []
    for name in close:
        for e in sorted(names[name], key=lambda e: e.iri):
            if e.candidate not in found:
                found.append(e.candidate)
    found = found[:8]
    hint = ("; did you mean:\n" + "\n".join(f"  {c}" for c in found)) if found else ""
    return UnknownActor(f"no {what} called {text!r}{hint}", text, found)


def resolve_in(actors: Mapping[str, Any], text: str, *, what: str = "actor") -> str:
    """Resolve ``text`` among ``actors`` (IRI -> :class:`kg.network.projection.Actor`)."""
    return _match(_entries_from_actors(actors), text, what)


def resolve_actor(db_or_G: Any, text: str) -> str:
    """The IRI of the one actor that ``text`` names, in a graph or in a store.

    Args:
        db_or_G: a collaboration graph (only its nodes are searched), or an open store or a
            store folder (every actor the store holds).
        text: a name, alias, acronym, register key, ODS or GSS code, or the IRI itself.

    Raises:
        AmbiguousActor: several actors match equally well; ``.candidates`` lists them.
        UnknownActor: nothing matches; ``.candidates`` holds the closest names.

    >>> G = nx.Graph()
    >>> G.add_node("id/ods/QWE", label="NHS South West London Integrated Care Board", kind="ICB",
    ...            key="ods:QWE", ods="QWE", gss="E54000031", aliases=["SWL ICB"])
    >>> G.add_node("id/ics/E54000031", label="South West London Integrated Care System", kind="ICS",
    ...            key="ics:E54000031", ods="", gss="E54000031", aliases=["SWL ICS"])
    >>> resolve_actor(G, "swl icb")
    'id/ods/QWE'
    >>> resolve_actor(G, "E54000031")
    Traceback (most recent call last):
    ...
    kg.network.resolve.AmbiguousActor: 'E54000031' matches 2 actors; give a full name or a code:
      NHS South West London Integrated Care Board (ICB, ods:QWE)
      South West London Integrated Care System (ICS, ics:E54000031)
    >>> resolve_actor(G, "South West London Integrated Care Bord")
    Traceback (most recent call last):
    ...
    kg.network.resolve.UnknownActor: no actor called 'South West London Integrated Care Bord'; did you mean:
      NHS South West London Integrated Care Board (ICB, ods:QWE)
      South West London Integrated Care System (ICS, ics:E54000031)
    """
    if isinstance(db_or_G, nx.Graph):
        return _match(_entries_from_graph(db_or_G), text, "actor")
    return resolve_in(tables_of(db_or_G).actors, text)


def node_ref(G: nx.Graph, actor: str) -> str:
    """The node for ``actor``: the node itself when present, else whatever
    :func:`resolve_actor` makes of the text (name, alias, acronym or code)."""
    if actor in G:
        return actor
    return resolve_actor(G, actor)
