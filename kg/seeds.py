"""The curated reference register: ``seeds/*.csv`` -> :class:`Register` and its RDF graph.

The register anchors identity: every known actor has a key minted from its code (``ods:QWE``,
``gss:E09000029``, ``la:E09000029``, ``ics:E54000031``) or, for bodies without a code, a
``ref:`` slug. Names and aliases feed the gazetteer; the graph goes into the store's register
graph.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, SDO, SKOS

from kg.ids import key_iri, slug
from kg.namespaces import ID, KG
from kg.paths import register_dir

ALIAS_KINDS = ("name", "common", "acronym", "former", "ambiguous")
ORD_URL = "https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/"


class RegisterError(ValueError):
    """A register file is malformed; the message names the file, the line and the problem."""


@dataclass(frozen=True, slots=True)
class Alias:
    text: str
    kind: str  # one of ALIAS_KINDS


@dataclass(slots=True)
class Entry:
    """One actor of the register."""

    key: str
    kind: str  # ontology class local name
    name: str
    ods: str = ""
    gss: str = ""
    ics: str = ""
    start: str = ""
    end: str = ""
    confidence: str = ""
    source: str = ""
    note: str = ""
    aliases: list[Alias] = field(default_factory=list)

    @property
    def iri(self) -> str:
        return key_iri(self.key)


@dataclass(frozen=True, slots=True)
class Change:
    key: str
    date: str
    kind: str
    original: tuple[str, ...]
    resulting: tuple[str, ...]
    description: str
    confidence: str
    source: str


@dataclass(frozen=True, slots=True)
class Post:
    key: str
    name: str
    role: str
    organisation: str
    start: str
    end: str
    confidence: str
    source: str


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewed identity decision: an extracted name is (or is not) the same as a target."""

    kind: str
    name: str
    decision: str  # "same" or "different"
    target: str  # a register key, or "Kind:Name" of another extracted actor
    note: str = ""


@dataclass
class Register:
    """The reference register: actors by key, dated changes, people's posts and review decisions."""

    entries: dict[str, Entry]
    changes: list[Change]
    posts: list[Post]
    decisions: list[Decision] = field(default_factory=list)

    def same_as(self, kind: str, name: str) -> str | None:
        """The target a reviewed "same" decision gives for an extracted (kind, name), if any."""
        from kg.ids import normalise_name

        wanted = (kind, normalise_name(name))
        for d in self.decisions:
            if d.decision == "same" and (d.kind, normalise_name(d.name)) == wanted:
                return d.target
        return None

    def __len__(self) -> int:
        return len(self.entries)

    def names(self) -> Iterator[tuple[str, str, str]]:
        """Every (surface form, key, alias kind) pair, the official name first (kind "official")."""
        for entry in self.entries.values():
            yield entry.name, entry.key, "official"
            for alias in entry.aliases:
                yield alias.text, entry.key, alias.kind

    def by_iri(self) -> dict[str, Entry]:
        return {entry.iri: entry for entry in self.entries.values()}

    @cached_property
    def graph(self) -> Graph:
        return register_graph(self)


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise RegisterError(f"{path}: missing column(s) {', '.join(missing)}")
            for line, row in enumerate(reader, start=2):
                yield line, {k: (v or "").strip() for k, v in row.items() if k}
    except FileNotFoundError as ex:
        raise RegisterError(f"{path}: register file not found") from ex


def load_register(folder: Path | None = None) -> Register:
    """Read the register CSV files of ``folder`` (default: :func:`kg.paths.register_dir`).

    Raises:
        RegisterError: a file is missing or a row refers to an unknown key or type.
    """
    folder = folder or register_dir()
    entries: dict[str, Entry] = {}
    org_cols = ("key", "type", "name", "ods", "gss", "ics", "start", "end", "confidence", "source")
    classes = set(KG.__annotations__)
    for line, row in _rows(folder / "organisations.csv", org_cols):
        where = f"{folder / 'organisations.csv'}:{line}"
        if row["key"] in entries:
            raise RegisterError(f"{where}: duplicate key {row['key']}")
        if row["type"] not in classes:
            raise RegisterError(f"{where}: unknown type {row['type']!r}")
        try:
            key_iri(row["key"])
        except ValueError as ex:
            raise RegisterError(f"{where}: {ex}") from ex
        entries[row["key"]] = Entry(
            key=row["key"],
            kind=row["type"],
            name=row["name"],
            ods=row["ods"],
            gss=row["gss"],
            ics=row["ics"],
            start=row["start"],
            end=row["end"],
            confidence=row["confidence"],
            source=row["source"],
            note=row.get("note", ""),
        )
    for line, row in _rows(folder / "aliases.csv", ("key", "alias", "kind")):
        where = f"{folder / 'aliases.csv'}:{line}"
        if row["key"] not in entries:
            raise RegisterError(f"{where}: unknown key {row['key']}")
        if row["kind"] not in ALIAS_KINDS:
            raise RegisterError(f"{where}: alias kind {row['kind']!r} is not one of {', '.join(ALIAS_KINDS)}")
        entries[row["key"]].aliases.append(Alias(row["alias"], row["kind"]))
    for entry in entries.values():
        if entry.ics and entry.ics not in entries:
            raise RegisterError(f"{folder / 'organisations.csv'}: {entry.key} names unknown ICS {entry.ics}")
    changes = []
    change_cols = ("key", "date", "kind", "original", "resulting", "description", "confidence", "source")
    for line, row in _rows(folder / "changes.csv", change_cols):
        orig = tuple(k for k in row["original"].split(";") if k)
        result = tuple(k for k in row["resulting"].split(";") if k)
        for k in orig + result:
            if k not in entries:
                raise RegisterError(f"{folder / 'changes.csv'}:{line}: unknown key {k}")
        changes.append(
            Change(
                row["key"],
                row["date"],
                row["kind"],
                orig,
                result,
                row["description"],
                row["confidence"],
                row["source"],
            )
        )
    posts = []
    post_cols = ("key", "name", "role", "organisation", "start", "end", "confidence", "source")
    for line, row in _rows(folder / "people.csv", post_cols):
        if row["organisation"] not in entries:
            raise RegisterError(f"{folder / 'people.csv'}:{line}: unknown organisation {row['organisation']}")
        posts.append(Post(**{c: row[c] for c in post_cols}))
    decisions = []
    if (folder / "decisions.csv").exists():
        for line, row in _rows(folder / "decisions.csv", ("kind", "name", "decision", "target")):
            where = f"{folder / 'decisions.csv'}:{line}"
            if row["decision"] not in ("same", "different"):
                raise RegisterError(
                    f"{where}: decision must be 'same' or 'different', not {row['decision']!r}"
                )
            if ":" not in row["target"]:
                raise RegisterError(f"{where}: target must be a register key or Kind:Name")
            scheme = row["target"].split(":", 1)[0]
            if scheme in ("ods", "gss", "la", "ics", "ref", "person") and row["target"] not in entries:
                raise RegisterError(f"{where}: unknown register key {row['target']}")
            decisions.append(
                Decision(row["kind"], row["name"], row["decision"], row["target"], row.get("note", ""))
            )
    return Register(entries, changes, posts, decisions)


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def _source(g: Graph, node: URIRef, source: str) -> None:
    for url in source.split():
        if url.startswith("http"):
            g.add((node, DCTERMS.source, URIRef(url)))


def register_graph(register: Register) -> Graph:
    """The RDF of the register: actors with codes and labels, memberships, posts and changes."""
    g = Graph()
    for entry in register.entries.values():
        node = URIRef(entry.iri)
        g.add((node, RDF.type, KG[entry.kind]))
        g.add((node, SKOS.prefLabel, Literal(entry.name, lang="en")))
        g.add((node, RDFS.label, Literal(entry.name, lang="en")))
        g.add((node, KG.registerKey, Literal(entry.key)))
        if entry.confidence:
            g.add((node, KG.confidence, Literal(entry.confidence)))
        if entry.note:
            g.add((node, RDFS.comment, Literal(entry.note, lang="en")))
        if entry.ods:
            g.add((node, KG.odsCode, Literal(entry.ods)))
            g.add((node, RDFS.seeAlso, URIRef(ORD_URL + entry.ods)))
        if entry.gss:
            g.add((node, KG.gssCode, Literal(entry.gss)))
        if entry.start:
            g.add((node, KG.established, _date(entry.start)))
        if entry.end:
            g.add((node, KG.dissolved, _date(entry.end)))
        _source(g, node, entry.source)
        for alias in entry.aliases:
            prop = SKOS.hiddenLabel if alias.kind in ("acronym", "ambiguous") else SKOS.altLabel
            g.add((node, prop, Literal(alias.text, lang="en")))
        if entry.ics and entry.ics != entry.key:
            ics = URIRef(key_iri(entry.ics))
            if entry.kind == "Borough":
                g.add((ics, KG.covers, node))
            elif entry.kind == "ICB":
                g.add((node, KG.partOf, ics))
            else:
                g.add((node, KG.memberOf, ics))
                membership = ID[f"membership/{slug(entry.key)}-{slug(entry.ics)}"]
                g.add((membership, RDF.type, KG.Membership))
                g.add((membership, ORG.member, node))
                g.add((membership, ORG.organization, ics))
                if entry.start:
                    g.add((membership, SDO.startDate, _date(entry.start)))
                if entry.end:
                    g.add((membership, SDO.endDate, _date(entry.end)))
    # a council covers its borough: the two share the GSS code of the area
    boroughs = {e.gss or e.key.partition(":")[2]: e for e in register.entries.values() if e.kind == "Borough"}
    for entry in register.entries.values():
        if entry.kind == "LocalAuthority":
            area = boroughs.get(entry.gss or entry.key.partition(":")[2])
            if area is not None:
                g.add((URIRef(entry.iri), KG.covers, URIRef(area.iri)))
    for change in register.changes:
        node = URIRef(key_iri(change.key))
        g.add((node, RDF.type, KG.Reorganisation))
        g.add((node, KG.changeKind, Literal(change.kind)))
        if change.date:
            g.add((node, DCTERMS.date, _date(change.date)))
        if change.description:
            g.add((node, RDFS.comment, Literal(change.description, lang="en")))
        if change.confidence:
            g.add((node, KG.confidence, Literal(change.confidence)))
        _source(g, node, change.source)
        for old in change.original:
            g.add((node, ORG.originalOrganization, URIRef(key_iri(old))))
        for new in change.resulting:
            g.add((node, ORG.resultingOrganization, URIRef(key_iri(new))))
        for old in change.original:
            for new in change.resulting:
                if old == new:
                    continue
                g.add(
                    (
                        URIRef(key_iri(old)),
                        KG.mergedInto if change.kind == "merger" else KG.successor,
                        URIRef(key_iri(new)),
                    )
                )
                g.add((URIRef(key_iri(new)), KG.predecessor, URIRef(key_iri(old))))
    for post in register.posts:
        person = URIRef(key_iri(post.key))
        org = URIRef(key_iri(post.organisation))
        g.add((person, RDF.type, KG.Person))
        g.add((person, FOAF.name, Literal(post.name)))
        g.add((person, SKOS.prefLabel, Literal(post.name, lang="en")))
        g.add((person, RDFS.label, Literal(post.name, lang="en")))
        g.add((person, KG.hasRole, org))
        node = ID[f"post/{slug(post.key)}-{slug(post.role)}-{slug(post.organisation)}"]
        g.add((node, RDF.type, KG.Post))
        g.add((node, ORG.heldBy, person))
        g.add((node, ORG.postIn, org))
        g.add((node, KG.roleName, Literal(post.role)))
        if post.start:
            g.add((node, SDO.startDate, _date(post.start)))
        if post.end:
            g.add((node, SDO.endDate, _date(post.end)))
        if post.confidence:
            g.add((node, KG.confidence, Literal(post.confidence)))
        _source(g, node, post.source)
    return g
