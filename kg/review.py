"""Near-duplicate actors for a person to review: never merged silently.

``near_duplicates(db, register)`` lists pairs of actors that may be the same body: an
extracted actor against the register, or two extracted actors, with similar names and
compatible types. A reviewer records ``same`` or ``different`` in ``seeds/decisions.csv``;
the next build applies it.

>>> similarity("Edge Health Ltd", "Edge Health")
1.0
>>> similarity("King's College Hospital", "King's College London") < 0.8
True
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pyoxigraph as ox

from kg.ids import normalise_name
from kg.namespaces import PREFIXES
from kg.seeds import Register

_NOISE = {"the", "and", "of", "nhs", "ltd", "limited", "llp", "plc", "&", "for"}
ORG_FAMILY = {
    "ICB",
    "CCG",
    "NHSTrust",
    "LocalAuthority",
    "NationalBody",
    "Organisation",
    "Partnership",
    "ICS",
}


def _tokens(name: str) -> list[str]:
    return [t for t in normalise_name(name).replace("'", "").replace("-", " ").split() if t not in _NOISE]


def similarity(a: str, b: str) -> float:
    """How alike two names are (0 to 1): token overlap, or character similarity when close."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    sa, sb = set(ta), set(tb)
    jaccard = len(sa & sb) / len(sa | sb)
    ratio = difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio()
    return round(max(jaccard, ratio if ratio >= 0.9 else 0.0), 3)


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two actors that may be one."""

    a_iri: str
    a_kind: str
    a_name: str
    b_iri: str
    b_kind: str
    b_name: str
    b_key: str
    score: float

    def decision_row(self) -> str:
        """A line for ``seeds/decisions.csv`` saying the extracted actor is the other one."""
        target = self.b_key or f"{self.b_kind}:{self.b_name}"
        return f"{self.a_kind},{_csv(self.a_name)},same,{_csv(target)},"


def _csv(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ',"') else value


def near_duplicates(db: ox.Store, register: Register, *, threshold: float = 0.75) -> list[Candidate]:
    """Pairs of actors whose names are alike and whose types are compatible, most alike first."""
    prefix = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    rows = db.query(
        prefix
        + """SELECT ?x ?type ?label ?key WHERE {
          ?x a ?type ; skos:prefLabel ?label .
          FILTER(STRSTARTS(STR(?type), STR(kg:)))
          OPTIONAL { ?x kg:registerKey ?key }
        }""",
        use_default_graph_as_union=True,
    )
    actors: dict[str, tuple[str, list[str], str]] = {}
    for r in rows:
        iri = r["x"].value
        kind = r["type"].value.rsplit("#", 1)[1]
        names = actors.get(iri, (kind, [], ""))[1]
        names.append(r["label"].value)
        actors[iri] = (kind, names, r["key"].value if r["key"] else "")
    decided = {(d.kind, normalise_name(d.name)) for d in register.decisions}
    extracted = sorted((iri, v) for iri, v in actors.items() if not v[2])
    others = sorted(actors.items())
    out: list[Candidate] = []
    for iri, (kind, names, _key) in extracted:
        if kind in ("Place", "Borough"):
            continue
        if any((kind, normalise_name(n)) in decided for n in names):
            continue
        for other, (okind, onames, okey) in others:
            if other == iri or (okind != kind and not (kind in ORG_FAMILY and okind in ORG_FAMILY)):
                continue
            if not okey and other < iri:
                continue  # each unordered pair of extracted actors once
            best = max(similarity(a, b) for a in names for b in onames)
            if best >= threshold:
                out.append(Candidate(iri, kind, names[0], other, okind, onames[0], okey, best))
    return sorted(out, key=lambda c: (-c.score, c.a_name, c.b_name))
