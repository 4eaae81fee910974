"""Network exports (kg.exporters.network): GraphML, GEXF, CSV and node-link JSON read back with
their attributes intact, on a hand-built graph and on the seed documents' network."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.exporters.network import (
    EDGE_COLUMNS,
    NETWORK_EXPORTS,
    NODE_COLUMNS,
    csv_paths,
    decode,
    suffix_format,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
HIN = "https://w3id.org/london-health-kg/id/ref/health-innovation-network-south-london"
SWL_ICB = "https://w3id.org/london-health-kg/id/ods/QWE"


def shared_path(*parts: str) -> Path:
    """A path under the shared folder: a missing one fails the test in CI and skips it elsewhere."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = (
            f"{path} is missing: the network export tests on real documents need the shared seed documents"
        )
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build import build

    path = tmp_path_factory.mktemp("network-exports") / "store"
    report = build(path, [shared_path("seeds")], jobs=1)
    assert report.ok, report.failures
    return path


@pytest.fixture(scope="module")
def seed_graph(seed_store: Path) -> nx.Graph:
    from kg.network import collaboration_graph
    from kg.store import open_store

    return collaboration_graph(open_store(seed_store, read_only=True))


def small_graph() -> nx.Graph:
    """Two actors and one tie, with the awkward values: non-ASCII, quotes, a page, a None page."""
    G = nx.Graph(name="test", layers=["asserted"], filters={"kinds": None, "since": "2024-01-01"})
    node = {
        "kind": "NHSTrust",
        "key": "",
        "ods": "",
        "gss": "",
        "ics": "ics/1",
        "ics_label": "South ICS",
        "documents": ["doc/1"],
    }
    G.add_node(
        "id/a",
        label="St George\u2019s \u201cUniversity\u201d Hospitals",
        aliases=["SGUH", "St George's"],
        **node,
    )
    G.add_node(
        "id/b",
        label="K\u00f6nig & Partners <Ltd>",
        aliases=[],
        **node | {"key": "ref:k", "kind": "Organisation"},
    )
    evidence = [
        {
            "subject": "id/a",
            "predicate": "partnerOf",
            "object": "id/b",
            "quote": "A \u201cpartners\u201d with B; <b>",
            "doc": "doc/1",
            "file": "1.pdf",
            "title": "Board paper",
            "date": "2024-03-01",
            "url": "https://x.test/1",
            "rule": "r.v1",
            "confidence": 0.85,
            "page": 3,
            "start": 10,
        },
        {
            "subject": "id/b",
            "predicate": "leads",
            "object": "id/a",
            "quote": "B leads\tA\r\nover  two lines",
            "doc": "doc/2",
            "file": "2.txt",
            "title": "",
            "date": "",
            "url": "",
            "rule": "r.v2",
            "confidence": 0.7,
            "page": None,
            "start": 0,
        },
    ]
    G.add_edge(
        "id/a",
        "id/b",
        weight=2,
        evidence_count=2,
        predicates=["leads", "partnerOf"],
        layer="asserted",
        evidence=evidence,
    )
    return G


def assert_same(G: nx.Graph, H: nx.Graph, *, graph_attributes: bool = True) -> None:
    assert list(H.nodes) == list(G.nodes)
    for n in G:
        assert H.nodes[n] == G.nodes[n], n
    assert {frozenset(e) for e in H.edges} == {frozenset(e) for e in G.edges}
    for u, v in G.edges:
        assert H.edges[u, v] == G.edges[u, v], (u, v)
        assert type(H.edges[u, v]["weight"]) is int
    if graph_attributes:
        assert H.graph == G.graph


@pytest.mark.parametrize(
    "name, reader, keeps_graph", [("graphml", nx.read_graphml, True), ("gexf", nx.read_gexf, False)]
)
def test_xml_formats_round_trip(tmp_path: Path, name: str, reader, keeps_graph: bool) -> None:
    G = small_graph()
    out = tmp_path / f"net.{name}"
    assert NETWORK_EXPORTS[name](G, out) == [out]
    H = reader(out)
    # as written: lists and evidence are JSON strings that any tool can show
    assert json.loads(H.nodes["id/a"]["aliases"]) == ["SGUH", "St George's"]
    assert H.nodes["id/b"]["label"] == "K\u00f6nig & Partners <Ltd>"
    assert_same(G, decode(H), graph_attributes=keeps_graph)
    assert decode(H).edges["id/a", "id/b"]["evidence"][1]["page"] is None


@pytest.mark.parametrize("name, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_xml_formats_round_trip_seed_network(tmp_path: Path, seed_graph: nx.Graph, name: str, reader) -> None:
    out = tmp_path / f"seeds.{name}"
    NETWORK_EXPORTS[name](seed_graph, out)
    H = decode(reader(out))
    assert_same(seed_graph, H, graph_attributes=name == "graphml")
    hin = H.edges[SWL_ICB, HIN]["evidence"][0]
    assert "work with the Health Innovation Network" in hin["quote"]


@pytest.mark.parametrize("name, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_characters_xml_cannot_hold_are_dropped(tmp_path: Path, name: str, reader) -> None:
    G = small_graph()
    G.nodes["id/a"]["label"] = "Form\x0cfeed & <b>"
    out = tmp_path / f"net.{name}"
    NETWORK_EXPORTS[name](G, out)
    assert decode(reader(out)).nodes["id/a"]["label"] == "Formfeed & <b>"


def test_graphml_declares_typed_keys(tmp_path: Path) -> None:
    out = tmp_path / "net.graphml"
    NETWORK_EXPORTS["graphml"](small_graph(), out)
    text = out.read_text(encoding="utf-8")
    assert 'attr.name="weight" attr.type="long"' in text or 'attr.name="weight" attr.type="int"' in text
    assert 'attr.name="confidence"' not in text  # evidence stays inside its JSON string


def test_json_node_link_round_trip(tmp_path: Path, seed_graph: nx.Graph) -> None:
    out = tmp_path / "net.json"
    NETWORK_EXPORTS["json"](seed_graph, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"nodes", "edges", "graph", "directed", "multigraph"} <= set(data) and data["directed"] is False
    H = nx.node_link_graph(data, edges="edges")
    assert_same(seed_graph, H)


def test_csv_node_and_edge_lists(tmp_path: Path, seed_graph: nx.Graph) -> None:
    written = NETWORK_EXPORTS["csv"](seed_graph, tmp_path / "london.csv")
    assert [p.name for p in written] == ["london-nodes.csv", "london-edges.csv"]
    nodes = list(csv.DictReader(written[0].open(encoding="utf-8")))
    edges = list(csv.DictReader(written[1].open(encoding="utf-8")))
    assert tuple(nodes[0]) == NODE_COLUMNS and tuple(edges[0]) == EDGE_COLUMNS
    assert [r["id"] for r in nodes] == list(seed_graph)
    assert len(edges) == seed_graph.number_of_edges()
    icb = next(r for r in nodes if r["id"] == SWL_ICB)
    assert icb["aliases"].split("; ") == seed_graph.nodes[SWL_ICB]["aliases"]
    assert icb["ics_label"] == "South West London Integrated Care System"
    tie = next(r for r in edges if {r["source"], r["target"]} == {SWL_ICB, HIN})
    assert "work with the Health Innovation Network" in tie["quote"]
    assert json.loads(tie["evidence"]) == seed_graph.edges[SWL_ICB, HIN]["evidence"]
    assert int(tie["weight"]) == seed_graph.edges[SWL_ICB, HIN]["weight"]


@pytest.mark.parametrize("name, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_evidence_modes(tmp_path: Path, name: str, reader) -> None:
    G = small_graph()
    sizes = {}
    for mode in ("all", "best", "none"):
        out = tmp_path / f"{mode}.{name}"
        NETWORK_EXPORTS[name](G, out, evidence=mode)
        sizes[mode] = out.stat().st_size
        edge = decode(reader(out)).edges["id/a", "id/b"]
        assert edge["weight"] == 2 and edge["predicates"] == ["leads", "partnerOf"]
        if mode == "all":
            assert edge["evidence"] == G.edges["id/a", "id/b"]["evidence"]
        elif mode == "best":  # the partnerOf quote: higher confidence
            assert "evidence" not in edge and edge["quote"] == "A \u201cpartners\u201d with B; <b>"
            assert edge["doc"] == "doc/1" and edge["confidence"] == 0.85 and edge["date"] == "2024-03-01"
        else:
            assert "evidence" not in edge and "quote" not in edge
    assert sizes["all"] > sizes["best"] > sizes["none"]
    with pytest.raises(ValueError, match="evidence must be one of"):
        NETWORK_EXPORTS[name](G, tmp_path / "x", evidence="some")


def test_csv_and_json_evidence_modes(tmp_path: Path) -> None:
    G = small_graph()
    nodes, edges = NETWORK_EXPORTS["csv"](G, tmp_path / "best.csv", evidence="best")
    row = next(csv.DictReader(edges.open(encoding="utf-8")))
    assert row["quote"] == "A \u201cpartners\u201d with B; <b>" and row["evidence"] == ""
    NETWORK_EXPORTS["json"](G, tmp_path / "none.json", evidence="none")
    H = nx.node_link_graph(json.loads((tmp_path / "none.json").read_text(encoding="utf-8")), edges="edges")
    assert "evidence" not in H.edges["id/a", "id/b"] and H.nodes["id/a"] == G.nodes["id/a"]


def test_csv_needs_a_path_and_paths_follow_the_name() -> None:
    with pytest.raises(TypeError, match="two files"):
        NETWORK_EXPORTS["csv"](small_graph(), io.BytesIO())
    assert [p.name for p in csv_paths(Path("x/net"))] == ["net-nodes.csv", "net-edges.csv"]
    assert suffix_format(Path("a.GEXF")) == "gexf" and suffix_format(Path("a.txt")) is None


def test_exports_write_to_handles_and_are_deterministic() -> None:
    G = small_graph()
    for name in ("graphml", "gexf", "json"):
        one, two = io.BytesIO(), io.BytesIO()
        NETWORK_EXPORTS[name](G, one)
        NETWORK_EXPORTS[name](G, two)
        assert one.getvalue() == two.getvalue() and one.getvalue()


def test_registered_in_the_exporter_registry(seed_store: Path, tmp_path: Path) -> None:
    from kg.registry import exporters
    from kg.store import open_store

    for name in ("graphml", "gexf", "csv", "json"):
        assert exporters.get(name) is NETWORK_EXPORTS[name]
    # given a store instead of a graph, the exporter projects it with the default filters
    out = tmp_path / "store.graphml"
    exporters.get("graphml")(open_store(seed_store, read_only=True), out)
    assert decode(nx.read_graphml(out)).has_edge(SWL_ICB, HIN)


def test_cli_network_export(seed_store: Path, tmp_path: Path, seed_graph: nx.Graph) -> None:
    from kg.cli import cli

    runner = CliRunner()
    for fmt in ("graphml", "gexf", "json"):
        out = tmp_path / f"cli.{fmt}"
        result = runner.invoke(
            cli, ["network", "export", "-f", fmt, "-o", str(out), "--store", str(seed_store)]
        )
        assert result.exit_code == 0, result.output
        assert out.exists() and f"({fmt}: {len(seed_graph)} actors" in result.output
    result = runner.invoke(
        cli,
        [
            "network",
            "export",
            "-o",
            str(tmp_path / "by-suffix.gexf"),
            "--store",
            str(seed_store),
            "--evidence",
            "best",
        ],
    )
    assert result.exit_code == 0 and (tmp_path / "by-suffix.gexf").exists()
    best = decode(nx.read_gexf(tmp_path / "by-suffix.gexf"))
    assert "work with the Health Innovation Network" in best.edges[SWL_ICB, HIN]["quote"]
    result = runner.invoke(
        cli,
        [
            "network",
            "export",
            "-f",
            "csv",
            "-o",
            str(tmp_path / "n.csv"),
            "--store",
            str(seed_store),
            "--ics",
            "SWL ICS",
        ],
    )
    assert result.exit_code == 0, result.output
    ics = {r["id"]: r["ics"] for r in csv.DictReader((tmp_path / "n-nodes.csv").open(encoding="utf-8"))}
    edges = list(csv.DictReader((tmp_path / "n-edges.csv").open(encoding="utf-8")))
    swl = "https://w3id.org/london-health-kg/id/ics/E54000031"
    assert edges and all(swl in (ics[r["source"]], ics[r["target"]]) for r in edges)
    result = runner.invoke(
        cli, ["network", "export", "-o", str(tmp_path / "x.txt"), "--store", str(seed_store)]
    )
    assert result.exit_code != 0 and "cannot tell the format" in result.output


def test_exports_are_the_same_bytes_in_every_process(tmp_path: Path) -> None:
    """The attribute declarations follow the order names first appear, not a set's order
    (which changes with each process's string hashing)."""
    import subprocess
    import sys

    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path; "
        "from test_network_exports import small_graph; from kg.exporters.network import NETWORK_EXPORTS; "
        "[NETWORK_EXPORTS[f](small_graph(), Path(sys.argv[2]) / f'net-{m}.{f}', evidence=m) "
        "for f in ('graphml', 'gexf', 'csv', 'json') for m in ('all', 'best')]"
    )
    outputs = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        folder.mkdir()
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run(
            [sys.executable, "-c", script, str(Path(__file__).parent), str(folder)], env=env, check=True
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(folder.iterdir())})
    assert len(outputs[0]) == 10 and outputs[0] == outputs[1]


def awkward_graph() -> nx.Graph:
    """Every kind of cell the csv module quotes or converts: delimiters, quotes, line breaks
    (\\r too), NUL, non-ASCII, None, numbers, missing attributes, no evidence, int node ids."""
    G = small_graph()
    G.add_node(7, label='Seven, "the" number\r\nline', aliases=["a,b", None, 3], kind=None, documents=("d",))
    G.add_node("id/c", label="", aliases="plain, text", ods=0.5)
    G.add_node("id/\u00e9\x00", label="caf\u00e9 \U0001f3e5\ttab")
    G.add_edge(7, "id/a", weight=1.5, predicates=["partnerOf", 'q"uote'], layer=None, evidence=[])
    G.add_edge("id/c", "id/b")  # no attributes at all
    G.add_edge(
        "id/c",
        "id/\u00e9\x00",
        weight=None,
        evidence_count="3",
        predicates="leads",
        evidence=[{"quote": "line\nbreak, comma", "confidence": None, "date": None, "file": 'f"1', "doc": 9}],
    )
    G.add_edge("id/a", "id/c", weight=True, evidence=[{"quote": "no comma", "doc": "d2", "page": 3}])
    G.add_edge("id/b", "id/\u00e9\x00", evidence=[{"quote": "cr\ronly"}])
    return G


def reference_csv(path: Path, columns: tuple[str, ...], rows: list[list]) -> None:
    """``rows`` as the csv module writes them (minimal quoting, "\\n" line ends): what the
    column-by-column CSV writer must match byte for byte."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


@pytest.mark.parametrize("mode", ["all", "best", "none"])
@pytest.mark.parametrize("make", [small_graph, awkward_graph], ids=["small", "awkward"])
def test_csv_bytes_are_the_csv_modules(tmp_path: Path, mode: str, make) -> None:
    """The column-by-column CSV writer gives the bytes csv.writer gives for the same rows."""
    from kg.exporters.network import edge_rows, node_rows

    G = make()
    nodes, edges = NETWORK_EXPORTS["csv"](G, tmp_path / "fast.csv", evidence=mode)
    reference_csv(tmp_path / "nodes.csv", NODE_COLUMNS, node_rows(G))
    reference_csv(tmp_path / "edges.csv", EDGE_COLUMNS, edge_rows(G, mode))
    assert nodes.read_bytes() == (tmp_path / "nodes.csv").read_bytes()
    assert edges.read_bytes() == (tmp_path / "edges.csv").read_bytes()
    if make is small_graph:  # (an unquoted "\r", as Python 3.11's csv writes it, reads as a line end)
        rows = list(csv.reader(edges.open(encoding="utf-8", newline="")))
        assert len(rows) == 1 + G.number_of_edges() and {len(r) for r in rows} == {len(EDGE_COLUMNS)}


def test_csv_bytes_are_the_csv_modules_in_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Across the writer's blocks too (a block size of 2 rows here)."""
    import kg.exporters.network as exporters_network

    monkeypatch.setattr(exporters_network, "_CSV_BLOCK", 2)
    G = awkward_graph()
    nodes, edges = NETWORK_EXPORTS["csv"](G, tmp_path / "fast.csv")
    reference_csv(tmp_path / "edges.csv", EDGE_COLUMNS, exporters_network.edge_rows(G))
    reference_csv(tmp_path / "nodes.csv", NODE_COLUMNS, exporters_network.node_rows(G))
    assert edges.read_bytes() == (tmp_path / "edges.csv").read_bytes()
    assert nodes.read_bytes() == (tmp_path / "nodes.csv").read_bytes()


def test_csv_seed_network_bytes_are_the_csv_modules(tmp_path: Path, seed_graph: nx.Graph) -> None:
    from kg.exporters.network import edge_rows

    for mode in ("all", "best"):
        _, edges = NETWORK_EXPORTS["csv"](seed_graph, tmp_path / f"{mode}.csv", evidence=mode)
        reference_csv(tmp_path / f"ref-{mode}.csv", EDGE_COLUMNS, edge_rows(seed_graph, mode))
        assert edges.read_bytes() == (tmp_path / f"ref-{mode}.csv").read_bytes()
