"""The network analysis (kg.network): hand-built graphs with known answers, the projection of
the five seed documents, and the CLI commands."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.network import (
    AmbiguousActor,
    UnknownActor,
    centrality,
    collaboration_graph,
    collaborators,
    communities,
    ego_graph,
    ics_matrix,
    resolve_actor,
    shortest_evidenced_path,
)
from kg.network.matrix import LONDON_WIDE, OTHER

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ID = "https://w3id.org/london-health-kg/id/"
SWL_ICB, SWL_ICS = f"{ID}ods/QWE", f"{ID}ics/E54000031"
NWL_ICS, SEL_ICB = f"{ID}ics/E54000027", f"{ID}ods/QKK"
HIN = f"{ID}ref/health-innovation-network-south-london"
WHI, ANDY = f"{ID}organisation/whi-consulting", f"{ID}person/andy-ward"


def shared_path(*parts: str) -> Path:
    """A path under the shared folder: a missing one fails the test in CI and skips it elsewhere."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: the network tests on real documents need the shared seed documents"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def network_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the five seed documents in ../shared/seeds."""
    from kg.build import build

    seeds = shared_path("seeds")
    path = tmp_path_factory.mktemp("network") / "store"
    report = build(path, [seeds], jobs=1)
    assert report.ok, report.failures
    return path


@pytest.fixture(scope="module")
def db(network_store: Path):
    from kg.store import open_store

    return open_store(network_store, read_only=True)


@pytest.fixture(scope="module")
def G(db) -> nx.Graph:
    return collaboration_graph(db)


# ---------------------------------------------------------------- hand-built graphs


def evidenced(edges: list[tuple], **nodes: dict) -> nx.Graph:
    """A graph with the projection's attributes: (u, v[, weight]) edges, each with one quote."""
    G = nx.Graph()
    for edge in edges:
        u, v, weight = (*edge, 1) if len(edge) == 2 else edge
        for n in (u, v):
            if n not in G:
                attrs = {
                    "label": n,
                    "kind": "Organisation",
                    "key": "",
                    "ods": "",
                    "gss": "",
                    "aliases": [],
                    "ics": "",
                    "ics_label": "",
                    "documents": [],
                }
                G.add_node(n, **(attrs | nodes.get(n, {})))
        evidence = [
            {
                "subject": u,
                "predicate": "partnerOf",
                "object": v,
                "quote": f"{u} works with {v}",
                "doc": f"doc/{i}",
                "file": f"{i}.txt",
                "title": "",
                "date": "2024-01-0" + str(1 + i % 9),
                "url": "",
                "rule": "test",
                "confidence": 0.8,
                "page": None,
                "start": 0,
            }
            for i in range(weight)
        ]
        G.add_edge(
            u,
            v,
            weight=weight,
            evidence_count=weight,
            predicates=["partnerOf"],
            layer="asserted",
            evidence=evidence,
        )
    return G


def florentine() -> nx.Graph:
    return evidenced(list(nx.florentine_families_graph().edges()))


def test_centrality_florentine_families_known_values() -> None:
    # Padgett's Florentine families: values from the networkx test suite
    c = centrality(florentine())
    assert c.backend == "networkx" and c.samples is None
    assert round(c["Medici"]["betweenness"], 3) == 0.522
    assert round(c["Guadagni"]["betweenness"], 3) == 0.255
    assert round(c["Albizzi"]["betweenness"], 3) == 0.212
    assert round(c["Medici"]["degree"], 3) == 0.429
    assert [n for n, _ in c.ranked("betweenness")[:3]] == ["Medici", "Guadagni", "Albizzi"]
    assert c.ranked("degree")[0][0] == "Medici"
    assert c.ranked("eigenvector")[0][0] == "Medici"
    assert c["Pazzi"]["betweenness"] == 0.0


def test_centrality_igraph_backend_agrees_with_networkx() -> None:
    G = florentine()
    a, b = centrality(G, backend="networkx"), centrality(G, backend="igraph")
    assert b.backend == "igraph"
    for n in G:
        for m in ("degree", "betweenness", "eigenvector"):
            assert a[n][m] == pytest.approx(b[n][m], abs=1e-6), (n, m)


def test_sampled_betweenness_is_networkx_estimator() -> None:
    # same sampled sources, same scaling: igraph's estimate equals networkx's k-sampled one
    G = nx.relabel_nodes(nx.connected_watts_strogatz_graph(300, 4, 0.2, seed=3), str)
    expected = nx.betweenness_centrality(G, k=40, seed=7)
    got = centrality(G, k=40, seed=7, backend="igraph")
    assert got.samples == 40
    assert max(abs(got[n]["betweenness"] - expected[n]) for n in G) < 1e-12
    assert centrality(G, k=40, seed=7, backend="igraph") == got  # repeatable


def test_centrality_empty_and_edgeless() -> None:
    assert centrality(nx.Graph()) == {}
    G = nx.Graph()
    G.add_nodes_from("ab")
    c = centrality(G)
    assert c["a"]["degree"] == 0.0 and c["a"]["betweenness"] == 0.0
    with pytest.raises(ValueError, match="unknown measure"):
        c.ranked("pagerank")


def test_shortest_evidenced_path_known_route() -> None:
    hops = shortest_evidenced_path(florentine(), "Acciaiuoli", "Strozzi")
    assert [(h["source"], h["target"]) for h in hops] == [
        ("Acciaiuoli", "Medici"),
        ("Medici", "Ridolfi"),
        ("Ridolfi", "Strozzi"),
    ]
    assert hops[0]["quote"] in ("Acciaiuoli works with Medici", "Medici works with Acciaiuoli")
    assert hops[0]["doc"] == "doc/0" and hops[0]["predicate"] == "partnerOf"
    assert shortest_evidenced_path(florentine(), "Medici", "Medici") == []


def test_shortest_evidenced_path_prefers_evidence_among_equal_lengths_but_never_adds_hops() -> None:
    G = evidenced(
        [("a", "b"), ("b", "d"), ("a", "c", 3), ("c", "d", 3), ("a", "x", 9), ("x", "y", 9), ("y", "d", 9)]
    )
    hops = shortest_evidenced_path(G, "a", "d")
    assert [h["target"] for h in hops] == ["c", "d"]
    assert hops[0]["weight"] == 3
    G.add_node("island", label="island")
    with pytest.raises(nx.NetworkXNoPath, match="no evidenced chain joins a and island"):
        shortest_evidenced_path(G, "a", "island")


def test_collaborators_ranked_by_documents_then_evidence() -> None:
    G = evidenced([("hub", "one"), ("hub", "three", 3), ("hub", "two", 2), ("one", "two")])
    result = collaborators(G, "hub")
    assert [c["actor"] for c in result] == ["three", "two", "one"]
    assert [c["weight"] for c in result] == [3, 2, 1]
    assert result[0]["best"]["quote"] == "hub works with three"
    assert len(result[0]["evidence"]) == 3
    assert [c["actor"] for c in collaborators(G, "one")] == ["hub", "two"]  # equal evidence: by name


def test_collaborators_best_quote_is_asserted_before_comention() -> None:
    G = nx.Graph()
    G.add_edge(
        "a",
        "b",
        weight=2,
        evidence_count=2,
        predicates=["coMentionedWith", "leads"],
        layer="asserted",
        evidence=[
            {"predicate": "coMentionedWith", "quote": "a and b", "confidence": 0.95},
            {"predicate": "leads", "quote": "a leads b", "confidence": 0.6},
        ],
    )
    assert collaborators(G, "a")[0]["best"]["quote"] == "a leads b"


def test_best_evidence_is_the_minimum_of_its_full_order() -> None:
    """The shortcut on (asserted, confidence) picks what the full order picks, ties and NaN too."""
    import math
    import random

    from kg.network._common import _comention_predicates, _evidence_order, best_evidence

    def reference(evidence: list[dict]) -> dict:
        weak = _comention_predicates()
        return min(evidence, key=lambda e: _evidence_order(e, weak))

    rnd = random.Random(5)
    for _ in range(3000):
        evidence = [
            {
                "predicate": rnd.choice(["leads", "coMentionedWith"]),
                "confidence": rnd.choice([0.5, 0.8, 0.8, None, math.nan, math.inf]),
                "date": rnd.choice(["2024", "2024-02", "", None]),
                "file": rnd.choice(["a", "b"]),
                "start": rnd.choice([0, 5, None]),
            }
            for _ in range(rnd.randint(1, 5))
        ]
        assert best_evidence(evidence) is reference(evidence)
    assert best_evidence([]) is None


def test_communities_two_cliques_deterministic() -> None:
    G = evidenced(list(nx.relabel_nodes(nx.barbell_graph(5, 0), str).edges()))
    result = communities(G)
    assert [sorted(c["members"]) for c in result] == [list("01234"), list("56789")]
    assert result[0]["label"] == "; ".join(result[0]["central"]) and len(result[0]["central"]) == 3
    # the bridge ends (4 and 5) have the same strength inside as the others; ties go by degree
    assert result[0]["members"][0] == "4" and result[1]["members"][0] == "5"
    assert communities(G) == result
    ig = communities(G, backend="igraph")
    assert [sorted(c["members"]) for c in ig] == [list("01234"), list("56789")]


def test_communities_caveman_igraph_and_networkx_agree() -> None:
    G = evidenced(list(nx.relabel_nodes(nx.connected_caveman_graph(6, 5), str).edges()))
    a = {frozenset(c["members"]) for c in communities(G, backend="networkx")}
    b = {frozenset(c["members"]) for c in communities(G, backend="igraph", seed=3)}
    assert a == b and len(a) == 6
    assert communities(G, backend="igraph", seed=3) == communities(G, backend="igraph", seed=3)


def test_ics_matrix_counts() -> None:
    ics = {
        "n": {"ics": "ics/n", "ics_label": "North ICS"},
        "n2": {"ics": "ics/n", "ics_label": "North ICS"},
        "s": {"ics": "ics/s", "ics_label": "South ICS"},
        "nhse": {"kind": "NationalBody", "key": "ref:nhs-england"},
        "firm": {},
    }
    G = evidenced([("n", "n2"), ("n", "s", 2), ("n2", "s"), ("s", "nhse", 4), ("firm", "n")], **ics)
    G.graph["systems"] = {"ics/n": "North ICS", "ics/s": "South ICS", "ics/e": "East ICS"}
    table = ics_matrix(G)
    assert list(table) == ["East ICS", "North ICS", "South ICS", LONDON_WIDE]
    assert table["North ICS"] == {"East ICS": 0, "North ICS": 1, "South ICS": 2, LONDON_WIDE: 0}
    assert table["South ICS"][LONDON_WIDE] == table[LONDON_WIDE]["South ICS"] == 1
    assert ics_matrix(G, weight="weight")["North ICS"]["South ICS"] == 3
    with_other = ics_matrix(G, other=True)
    assert with_other[OTHER]["North ICS"] == 1 and with_other[OTHER][OTHER] == 0


def test_ego_graph_depths() -> None:
    G = evidenced([("a", "b"), ("b", "c"), ("c", "d"), ("x", "y")])
    assert sorted(ego_graph(G, "b", 0)) == ["b"]
    E = ego_graph(G, "b", 1)
    assert sorted(E) == ["a", "b", "c"] and E.number_of_edges() == 2
    assert E.edges["a", "b"]["evidence"] == G.edges["a", "b"]["evidence"]
    E2 = ego_graph(G, "b", 2)
    assert sorted(E2) == ["a", "b", "c", "d"] and E2.nodes["d"]["distance"] == 2
    assert "distance" not in G.nodes["d"]
    with pytest.raises(ValueError):
        ego_graph(G, "b", -1)


def test_resolve_actor_on_a_graph() -> None:
    G = evidenced(
        [("x", "y"), ("y", "z")],
        x={"label": "The King's Fund", "aliases": ["Kings Fund"], "key": "ref:kf"},
        y={"label": "Guy's and St Thomas' NHS Foundation Trust", "aliases": ["GSTT", "Guy's"], "ods": "RJ1"},
        z={"label": "Guy's Hospital Charity", "aliases": ["Guy's"]},
    )
    assert resolve_actor(G, "king\u2019s fund") == "x"  # typographic apostrophe, case, leading "the"
    assert resolve_actor(G, "gstt") == "y"
    assert resolve_actor(G, "rj1") == "y"
    assert resolve_actor(G, "REF:KF") == "x"
    assert resolve_actor(G, "z") == "z"  # the node key itself
    with pytest.raises(AmbiguousActor) as ambiguous:
        resolve_actor(G, "Guy's")
    assert {c.iri for c in ambiguous.value.candidates} == {"y", "z"}
    assert "Guy's Hospital Charity (Organisation, z)" in str(ambiguous.value)
    with pytest.raises(UnknownActor) as unknown:
        resolve_actor(G, "Kings Fnd")
    assert unknown.value.candidates[0].iri == "x"
    assert "did you mean" in str(unknown.value)


# ---------------------------------------------------------------- the seed documents


def test_projection_contract_attributes(G: nx.Graph) -> None:
    from kg.ontology import edge_predicates

    assert type(G) is nx.Graph and not G.is_directed() and nx.number_of_selfloops(G) == 0
    assert G.number_of_nodes() > 20 and G.number_of_edges() > 20
    allowed = {p.rsplit("#", 1)[1] for p in edge_predicates()}
    for n, d in G.nodes(data=True):
        assert n.startswith(ID)
        assert set(d) == {"label", "kind", "key", "ods", "gss", "aliases", "ics", "ics_label", "documents"}
        assert isinstance(d["label"], str) and d["label"] and d["kind"]
        assert d["aliases"] == sorted(d["aliases"]) and d["documents"] == sorted(d["documents"])
        assert d["documents"], n  # an actor with evidence is mentioned by its document
    for _u, _v, d in G.edges(data=True):
        assert set(d) == {"weight", "evidence_count", "predicates", "layer", "evidence"}
        assert d["layer"] == "asserted" and set(d["predicates"]) <= allowed
        assert d["weight"] == len({e["doc"] for e in d["evidence"]}) and d["evidence_count"] == len(
            d["evidence"]
        )
        keys = [(e["date"], e["file"], e["start"]) for e in d["evidence"]]
        assert keys == sorted(keys)
        for e in d["evidence"]:
            assert set(e) == {
                "subject",
                "predicate",
                "object",
                "quote",
                "doc",
                "file",
                "title",
                "date",
                "url",
                "rule",
                "confidence",
                "page",
                "start",
            }
            assert isinstance(e["confidence"], float) and 0 < e["confidence"] <= 1
            assert isinstance(e["start"], int) and e["quote"] and e["file"].endswith(".txt")
            assert e["page"] is None or isinstance(e["page"], int)


def test_projection_register_attributes(G: nx.Graph) -> None:
    icb = G.nodes[SWL_ICB]
    assert icb["label"] == "NHS South West London Integrated Care Board"
    assert (icb["kind"], icb["key"], icb["ods"], icb["gss"]) == ("ICB", "ods:QWE", "QWE", "E54000031")
    assert icb["ics"] == SWL_ICS and icb["ics_label"] == "South West London Integrated Care System"
    assert "SWL ICB" in icb["aliases"]
    assert G.nodes[NWL_ICS]["ics"] == NWL_ICS  # an ICS belongs to itself
    assert G.nodes[f"{ID}la/E09000029"]["ics"] == SWL_ICS  # Sutton council: member of SWL ICS
    assert G.nodes[WHI]["ics"] == "" and G.nodes[WHI]["key"] == ""
    assert len(G.graph["systems"]) == 5


def test_swl_icb_collaborates_with_the_health_innovation_network(G: nx.Graph) -> None:
    result = collaborators(G, "South West London ICB")
    hin = next(c for c in result if c["actor"] == HIN)
    assert hin["label"] == "Health Innovation Network South London"
    assert "collaboratesWith" in hin["predicates"]
    assert "work with the Health Innovation Network" in hin["best"]["quote"]
    assert hin["best"]["file"] == "000_7e8e3c0890f172d9.txt"
    # both ends see the same tie
    assert SWL_ICB in {c["actor"] for c in collaborators(G, HIN)}


def test_path_from_andy_ward_to_north_west_london_ics_goes_through_whi(G: nx.Graph) -> None:
    hops = shortest_evidenced_path(G, "Andy Ward", "North West London ICS")
    assert [h["source"] for h in hops] + [hops[-1]["target"]] == [ANDY, WHI, NWL_ICS]
    assert hops[0]["predicate"] == "memberOf" and "Andy Ward from WHi Consulting" in hops[0]["quote"]
    assert hops[1]["predicate"] == "commissions" and hops[1]["subject"] == NWL_ICS
    assert all(h["doc"].startswith(f"{ID}doc/") for h in hops)


def test_resolve_actor_in_the_store(db, G: nx.Graph) -> None:
    assert resolve_actor(db, "qwe") == SWL_ICB
    assert resolve_actor(db, "SWL ICB") == SWL_ICB
    assert resolve_actor(db, "ods:QWE") == SWL_ICB
    assert resolve_actor(db, "Sutton") == f"{ID}gss/E09000029"  # the borough, not the council
    with pytest.raises(AmbiguousActor) as ex:
        resolve_actor(db, "E54000031")  # the ICS and its ICB share the footprint code
    assert {c.iri for c in ex.value.candidates} == {SWL_ICB, SWL_ICS}
    assert {c.kind for c in ex.value.candidates} == {"ICB", "ICS"}
    with pytest.raises(UnknownActor) as unknown:
        resolve_actor(db, "Helth Innovation Netwrk")
    assert HIN in {c.iri for c in unknown.value.candidates}
    assert resolve_actor(G, "WHi") == WHI


def test_projection_is_deterministic(db, G: nx.Graph) -> None:
    H = collaboration_graph(db)
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert list(H.edges(data=True)) == list(G.edges(data=True))


def test_comention_layer(db, G: nx.Graph) -> None:
    both = collaboration_graph(db, layers=("asserted", "comention"))
    weak = collaboration_graph(db, layers=("comention",))
    assert weak.number_of_edges() > 0
    assert {d["layer"] for *_, d in weak.edges(data=True)} == {"comention"}
    assert {d["predicates"][0] for *_, d in weak.edges(data=True)} == {"coMentionedWith"}
    assert {frozenset(e) for e in both.edges()} == {frozenset(e) for e in [*G.edges(), *weak.edges()]}
    for u, v, d in both.edges(data=True):
        assert d["layer"] == ("asserted" if G.has_edge(u, v) else "comention")


def test_filters(db, G: nx.Graph) -> None:
    only = collaboration_graph(db, predicates=["collaboratesWith"])
    assert only.number_of_edges() > 0
    assert all(d["predicates"] == ["collaboratesWith"] for *_, d in only.edges(data=True))
    assert only.graph["filters"]["predicates"] == ["collaboratesWith"]

    orgs = collaboration_graph(db, kinds=["Organisation"])
    assert {d["kind"] for _, d in orgs.nodes(data=True)} <= {
        "Organisation",
        "ICB",
        "NHSTrust",
        "LocalAuthority",
        "NationalBody",
        "CCG",
    }
    assert orgs.has_edge(SWL_ICB, HIN) and ANDY not in orgs

    swl = collaboration_graph(db, ics="SWL ICS")
    assert swl.number_of_edges() > 0
    assert all(swl.nodes[u]["ics"] == SWL_ICS or swl.nodes[v]["ics"] == SWL_ICS for u, v in swl.edges())
    assert HIN in swl  # a collaborator from outside the ICS stays in view

    doc = collaboration_graph(db, documents=["003_6149b594d305dd82.txt"])
    assert doc.number_of_edges() > 0 and WHI in doc and SWL_ICB not in doc
    assert {e["file"] for *_, d in doc.edges(data=True) for e in d["evidence"]} == {
        "003_6149b594d305dd82.txt"
    }

    # the seed documents carry no date: any date bound leaves nothing
    assert collaboration_graph(db, since="2000").number_of_edges() == 0

    for bad in (
        {"predicates": ["likes"]},
        {"kinds": ["Hospital"]},
        {"layers": ("gossip",)},
        {"documents": ["nope.txt"]},
        {"since": "last year"},
    ):
        with pytest.raises(ValueError):
            collaboration_graph(db, **bad)
    with pytest.raises(UnknownActor):
        collaboration_graph(db, ics="Mid London ICS")


def test_date_filters(tmp_path: Path) -> None:
    from kg.build import build
    from kg.store import open_store

    seeds = shared_path("seeds")
    folder = tmp_path / "dated"
    folder.mkdir()
    for name, date in (
        ("000_7e8e3c0890f172d9.txt", "2023-03-01"),
        ("003_6149b594d305dd82.txt", "2024-06-15"),
    ):
        shutil.copy(seeds / name, folder / name)
        (folder / f"{name}.meta.json").write_text(json.dumps({"date": date}), encoding="utf-8")
    assert build(tmp_path / "store", [folder], jobs=1).ok
    db = open_store(tmp_path / "store", read_only=True)
    everything = collaboration_graph(db)
    assert {e["date"] for *_, d in everything.edges(data=True) for e in d["evidence"]} == {
        "2023-03-01",
        "2024-06-15",
    }
    late = collaboration_graph(db, since="2024")
    assert WHI in late and SWL_ICB not in late
    early = collaboration_graph(db, until="2023-12-31")
    assert SWL_ICB in early and WHI not in early
    assert collaboration_graph(db, since="2023-03", until="2023-03").has_edge(SWL_ICB, HIN)
    assert collaboration_graph(db, since="2023-03-02", until="2024-06-14").number_of_edges() == 0
    assert early.nodes[SWL_ICB]["documents"] == [everything.edges[SWL_ICB, HIN]["evidence"][0]["doc"]]


def test_matrix_and_communities_on_seeds(G: nx.Graph) -> None:
    table = ics_matrix(G)
    assert list(table)[:5] == sorted(G.graph["systems"].values())
    assert table["South West London Integrated Care System"][LONDON_WIDE] == 1  # SWL ICB - HIN
    assert table["South East London Integrated Care System"]["South East London Integrated Care System"] == 1
    comms = communities(G)
    assert sum(c["size"] for c in comms) == len(G)
    whi = next(c for c in comms if WHI in c["members"])
    assert whi["members"][0] == WHI and ANDY in whi["members"]


# ---------------------------------------------------------------- CLI


def run(network_store: Path, *args: str):
    from kg.cli import cli

    result = CliRunner().invoke(cli, [*args, "--store", str(network_store)])
    return result


def test_cli_collaborators(network_store: Path) -> None:
    result = run(network_store, "collaborators", "South West London ICB")
    assert result.exit_code == 0, result.output
    assert "Health Innovation Network South London" in result.output
    assert "work with the Health Innovation Network" in result.output.replace("\n     ", " ")
    data = json.loads(run(network_store, "collaborators", "QWE", "--format", "json").output)
    assert data["actor"]["iri"] == SWL_ICB
    assert HIN in [c["actor"] for c in data["collaborators"]]
    rows = list(
        csv.DictReader(io.StringIO(run(network_store, "collaborators", "SWL ICB", "--format", "csv").output))
    )
    assert any(
        r["label"] == "Health Innovation Network South London" and "Health Innovation Network" in r["quote"]
        for r in rows
    )
    isolated = run(network_store, "collaborators", "Sutton")
    assert isolated.exit_code == 0 and "0 collaborators" in isolated.output


def test_cli_actor_errors(network_store: Path) -> None:
    ambiguous = run(network_store, "collaborators", "E54000031")
    assert ambiguous.exit_code == 1
    assert "South West London Integrated Care System (ICS, ics:E54000031)" in ambiguous.output
    assert "NHS South West London Integrated Care Board (ICB, ods:QWE)" in ambiguous.output
    unknown = run(network_store, "path", "Andy Ward", "Helth Innovation Network")
    assert unknown.exit_code == 1 and "did you mean" in unknown.output
    bad = run(network_store, "central", "--predicate", "likes")
    assert bad.exit_code == 1 and "not an edge predicate" in bad.output
    nopath = run(network_store, "path", "Andy Ward", "South West London ICB")
    assert nopath.exit_code == 1 and "no evidenced chain" in nopath.output


def test_cli_path(network_store: Path) -> None:
    result = run(network_store, "path", "Andy Ward", "NWL ICS")
    assert result.exit_code == 0, result.output
    assert "Andy Ward memberOf WHi Consulting" in result.output
    data = json.loads(run(network_store, "path", "Andy Ward", "NWL ICS", "--format", "json").output)
    assert [h["target"] for h in data["hops"]] == [WHI, NWL_ICS]
    rows = list(
        csv.DictReader(
            io.StringIO(run(network_store, "path", "Andy Ward", "NWL ICS", "--format", "csv").output)
        )
    )
    assert [r["target_label"] for r in rows] == ["WHi Consulting", "North West London Integrated Care System"]


def test_cli_central_communities_matrix_ego(network_store: Path) -> None:
    central = json.loads(run(network_store, "central", "--format", "json", "--top", "3").output)
    assert len(central["actors"]) == 3 and central["method"]["backend"] == "networkx"
    assert central["actors"][0]["betweenness"] >= central["actors"][1]["betweenness"]
    table = run(network_store, "central", "--by", "degree", "--kind", "Organisation")
    assert table.exit_code == 0 and "ranked by degree" in table.output

    comms = json.loads(run(network_store, "communities", "--format", "json").output)
    assert sum(c["size"] for c in comms) == len({m["iri"] for c in comms for m in c["members"]})
    rows = list(csv.DictReader(io.StringIO(run(network_store, "communities", "--format", "csv").output)))
    assert {r["actor"] for r in rows} >= {WHI, ANDY}

    matrix = list(csv.DictReader(io.StringIO(run(network_store, "matrix", "--format", "csv").output)))
    swl = next(r for r in matrix if r["group"] == "South West London Integrated Care System")
    assert swl[LONDON_WIDE] == "1"
    assert "North West London" in run(network_store, "matrix").output

    ego = json.loads(run(network_store, "ego", "SEL ICB", "--depth", "2", "--format", "json").output)
    E = nx.node_link_graph(ego, edges="edges")
    assert E.graph["ego"] == SEL_ICB and E.nodes[SEL_ICB]["distance"] == 0
    assert max(d["distance"] for _, d in E.nodes(data=True)) == 2
    assert "hops" in run(network_store, "ego", "SEL ICB").output


def test_cli_filters_reach_the_projection(network_store: Path) -> None:
    result = run(
        network_store, "collaborators", "WHi Consulting", "--predicate", "memberOf", "--format", "json"
    )
    data = json.loads(result.output)
    assert [c["actor"] for c in data["collaborators"]] == [ANDY]
    more = json.loads(
        run(
            network_store,
            "collaborators",
            "WHi Consulting",
            "--layer",
            "asserted",
            "--layer",
            "comention",
            "--format",
            "json",
        ).output
    )
    assert len(more["collaborators"]) >= len(
        json.loads(run(network_store, "collaborators", "WHi Consulting", "--format", "json").output)[
            "collaborators"
        ]
    )


def test_cli_imports_igraph_without_matplotlib_and_leaves_it_importable() -> None:
    import subprocess
    import sys

    code = """
import sys, networkx as nx
from kg.commands.network import _quiet_igraph
G = nx.barabasi_albert_graph(3000, 2, seed=1)
_quiet_igraph(G)
assert "igraph" in sys.modules and "matplotlib" not in sys.modules, sorted(m for m in sys.modules if "matplotlib" in m)
from kg.network import centrality
assert centrality(G, k=50).backend == "igraph"
try:
    import matplotlib
except ImportError:
    pass  # not installed: nothing to leave importable
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
