"""Collaboration graphs built by hand for the viewer tests, with exactly the node and edge
attributes of :func:`kg.network.collaboration_graph` (and hostile text where documents could
put it)."""

from __future__ import annotations

import random

import networkx as nx

ID = "https://w3id.org/london-health-kg/id/"
KG = "https://w3id.org/london-health-kg/ontology#"
NCL = ID + "ics/E54000028"
SWL = ID + "ics/E54000031"
RFL = ID + "ods/RAL"
UCLH = ID + "ods/RRV"
EVIL = ID + "org/evil"
CAMDEN = ID + "gss/E09000007"
NHSE = ID + "org/nhse"
SWL_ICB = ID + "ods/QWE"

SCRIPT_QUOTE = (
    'The board noted <script>alert(1)</script> and <img src=x onerror="window.__pwned=1"> in the minutes.'
)
BREAKOUT_TITLE = "</script><script>window.__pwned=2</script> Board papers & more"
EVIL_LABEL = 'Evil <img src=x onerror="window.__pwned=3"> Trust'
EVIL_ALIAS = "<b>Bad</b>\u2028Alias"

DOCS = {
    ID + "doc/a": {
        "file": "a.txt",
        "title": "NCL ICS board papers, March 2023",
        "date": "2023-03-01",
        "url": "https://example.org/ncl/board-2023-03.pdf",
    },
    ID + "doc/b": {
        "file": "b.html",
        "title": BREAKOUT_TITLE,
        "date": "2024-06-15",
        "url": "javascript:window.__pwned=4",
    },
    ID + "doc/c": {
        "file": "c.md",
        "title": "South West London news",
        "date": "2022-11-20",
        "url": "https://example.org/swl/news",
    },
}


def _ev(s: str, p: str, o: str, doc: str, quote: str, *, rule: str, confidence: float, start: int) -> dict:
    info = DOCS[doc]
    return {
        "subject": s,
        "predicate": p,
        "object": o,
        "quote": quote,
        "doc": doc,
        "file": info["file"],
        "title": info["title"],
        "date": info["date"],
        "url": info["url"],
        "rule": rule,
        "confidence": confidence,
        "page": None,
        "start": start,
    }


def sample_graph() -> nx.Graph:
    """Eight actors in two ICSs (and none), asserted relations and co-mentions over three dated
    documents; one quote, one title, one label and one alias carry HTML and script."""
    G = nx.Graph(
        name="sample",
        systems={
            NCL: "North Central London Integrated Care System",
            SWL: "South West London Integrated Care System",
        },
    )

    def actor(
        iri: str,
        label: str,
        kind: str,
        *,
        ics: str = "",
        key: str = "",
        ods: str = "",
        gss: str = "",
        aliases: tuple[str, ...] = (),
        documents: tuple[str, ...] = (),
    ) -> None:
        G.add_node(
            iri,
            label=label,
            kind=kind,
            key=key,
            ods=ods,
            gss=gss,
            aliases=list(aliases),
            ics=ics,
            ics_label=G.graph["systems"].get(ics, ""),
            documents=sorted(documents),
        )

    actor(
        NCL,
        "North Central London Integrated Care System",
        "ICS",
        ics=NCL,
        key="ics:E54000028",
        gss="E54000028",
        aliases=("NCL ICS", "North London Partners"),
        documents=(ID + "doc/a",),
    )
    actor(
        SWL,
        "South West London Integrated Care System",
        "ICS",
        ics=SWL,
        key="ics:E54000031",
        gss="E54000031",
        aliases=("SWL ICS",),
        documents=(ID + "doc/c",),
    )
    actor(
        RFL,
        "Royal Free London NHS Foundation Trust",
        "NHSTrust",
        ics=NCL,
        key="ods:RAL",
        ods="RAL",
        aliases=("Royal Free", "RFL"),
        documents=(ID + "doc/a", ID + "doc/b"),
    )
    actor(
        UCLH,
        "University College London Hospitals NHS Foundation Trust",
        "NHSTrust",
        ics=NCL,
        key="ods:RRV",
        ods="RRV",
        aliases=("UCLH",),
        documents=(ID + "doc/a",),
    )
    actor(
        CAMDEN,
        "London Borough of Camden",
        "LocalAuthority",
        ics=NCL,
        key="gss:E09000007",
        gss="E09000007",
        aliases=("Camden Council",),
        documents=(ID + "doc/a",),
    )
    actor(
        EVIL,
        EVIL_LABEL,
        "Organisation",
        key="ref:evil",
        aliases=(EVIL_ALIAS, "Quokka Consulting"),
        documents=(ID + "doc/b",),
    )
    actor(
        NHSE,
        "NHS England",
        "NationalBody",
        key="ref:nhse",
        aliases=("NHSE",),
        documents=(ID + "doc/b", ID + "doc/c"),
    )
    actor(
        SWL_ICB,
        "NHS South West London Integrated Care Board",
        "ICB",
        ics=SWL,
        key="ods:QWE",
        ods="QWE",
        aliases=("SWL ICB",),
        documents=(ID + "doc/c",),
    )

    def edge(u: str, v: str, layer: str, evidence: list[dict]) -> None:
        G.add_edge(
            u,
            v,
            weight=len({e["doc"] for e in evidence}),
            evidence_count=len(evidence),
            predicates=sorted({e["predicate"] for e in evidence}),
            layer=layer,
            evidence=evidence,
        )

    edge(
        RFL,
        NCL,
        "asserted",
        [
            _ev(
                RFL,
                "memberOf",
                NCL,
                ID + "doc/a",
                "The Royal Free is a member of the North Central London ICS.",
                rule="memberOf.pattern.v1",
                confidence=0.9,
                start=120,
            ),
        ],
    )
    edge(
        RFL,
        UCLH,
        "asserted",
        [
            _ev(
                RFL,
                "partnerOf",
                UCLH,
                ID + "doc/a",
                "The Royal Free and UCLH will work as partners on elective care.",
                rule="partnerOf.pattern.v1",
                confidence=0.85,
                start=300,
            ),
            _ev(
                UCLH,
                "collaboratesWith",
                RFL,
                ID + "doc/b",
                SCRIPT_QUOTE,
                rule="collaboratesWith.pattern.v1",
                confidence=0.7,
                start=40,
            ),
        ],
    )
    edge(
        CAMDEN,
        NCL,
        "asserted",
        [
            _ev(
                CAMDEN,
                "memberOf",
                NCL,
                ID + "doc/a",
                "Camden Council sits on the NCL ICS partnership board.",
                rule="memberOf.pattern.v1",
                confidence=0.8,
                start=500,
            ),
        ],
    )
    edge(
        EVIL,
        RFL,
        "comention",
        [
            _ev(
                EVIL,
                "coMentionedWith",
                RFL,
                ID + "doc/b",
                "Quokka Consulting advised the Royal Free.",
                rule="comention.sentence.v1",
                confidence=0.3,
                start=10,
            ),
        ],
    )
    edge(
        NHSE,
        SWL_ICB,
        "asserted",
        [
            _ev(
                NHSE,
                "funds",
                SWL_ICB,
                ID + "doc/c",
                "NHS England funds the SWL ICB's winter programme.",
                rule="funds.pattern.v1",
                confidence=0.9,
                start=80,
            ),
        ],
    )
    edge(
        SWL_ICB,
        SWL,
        "asserted",
        [
            _ev(
                SWL_ICB,
                "partOf",
                SWL,
                ID + "doc/c",
                "The ICB is part of the South West London ICS.",
                rule="partOf.pattern.v1",
                confidence=0.95,
                start=20,
            ),
        ],
    )
    edge(
        NHSE,
        NCL,
        "comention",
        [
            _ev(
                NHSE,
                "coMentionedWith",
                NCL,
                ID + "doc/b",
                "NHS England and NCL ICS were both at the event.",
                rule="comention.sentence.v1",
                confidence=0.3,
                start=200,
            ),
        ],
    )
    return G


def clustered_graph(n: int, *, seed: int = 3) -> nx.Graph:
    """``n`` actors spread over three ICSs (a sixth in none), mostly tied within their ICS."""
    rng = random.Random(seed)
    systems = {
        ID + f"ics/{name}": f"{name.title()} London Integrated Care System"
        for name in ("north west", "north east", "south")
    }
    G = nx.Graph(name="clustered", systems=systems)
    members: dict[str, list[str]] = {}
    kinds = ["NHSTrust", "Organisation", "Person", "Programme", "LocalAuthority", "Partnership"]
    for i in range(n):
        iri = ID + f"actor/{i:05d}"
        ics = "" if i % 6 == 5 else list(systems)[i % 3]
        G.add_node(
            iri,
            label=f"Actor {i}",
            kind=kinds[i % len(kinds)],
            key=f"ref:{i}",
            ods="",
            gss="",
            aliases=[f"A{i}"],
            ics=ics,
            ics_label=systems.get(ics, ""),
            documents=[ID + "doc/a"],
        )
        members.setdefault(ics, []).append(iri)
    nodes = list(G.nodes)
    info = DOCS[ID + "doc/a"]
    for iri in nodes:
        ics = G.nodes[iri]["ics"]
        for _ in range(2):
            other = rng.choice(members[ics]) if ics and rng.random() < 0.9 else rng.choice(nodes)
            if other == iri or G.has_edge(iri, other):
                continue
            layer = "comention" if rng.random() < 0.3 else "asserted"
            pred = "coMentionedWith" if layer == "comention" else "partnerOf"
            ev = {
                "subject": iri,
                "predicate": pred,
                "object": other,
                "quote": f"{iri} and {other}.",
                "doc": ID + "doc/a",
                "file": info["file"],
                "title": info["title"],
                "date": info["date"],
                "url": info["url"],
                "rule": "r",
                "confidence": 0.5,
                "page": None,
                "start": 0,
            }
            G.add_edge(iri, other, weight=1, evidence_count=1, predicates=[pred], layer=layer, evidence=[ev])
    return G
