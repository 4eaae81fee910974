"""The viewer page as text: self-contained, escaped, deterministic, and the data it carries."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from viewer_graphs import (
    BREAKOUT_TITLE,
    EVIL,
    EVIL_ALIAS,
    EVIL_LABEL,
    ID,
    NCL,
    RFL,
    SCRIPT_QUOTE,
    UCLH,
    clustered_graph,
    sample_graph,
)

from kg import viewer
from kg.cli import cli

STATIC = viewer.STATIC


class PageParser(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open, self._text = (tag, dict(attrs)), []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            if tag == "script":
                self.scripts.append((self._open[1], "".join(self._text)))
            else:
                self.styles.append("".join(self._text))
            self._open = None


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def payload_of(html: str) -> dict:
    blocks = [text for attrs, text in parse(html).scripts if attrs.get("type") == "application/json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture(scope="module")
def sample_html() -> str:
    return viewer.render_html(sample_graph(), title="Sample <graph> & co")


# ---------------------------------------------------------------- self-contained


def test_page_loads_nothing_from_anywhere(sample_html: str) -> None:
    page = parse(sample_html)
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed", "base", "form"), tag
        for name in ("src", "href", "srcset", "action", "data"):
            assert name not in attrs, (tag, attrs)
    # three scripts: the data (not executed), vis-network and the page's own, all inline
    assert [attrs.get("type") for attrs, _ in page.scripts] == ["application/json", None, None]
    css = "".join(page.styles)
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com", "fonts.googleapis.com"):
        assert host not in sample_html


def test_content_security_policy_allows_only_the_inline_scripts(sample_html: str) -> None:
    page = parse(sample_html)
    csp = next(
        attrs["content"]
        for tag, attrs in page.tags
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"
    )
    assert "default-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    executed = [text for attrs, text in page.scripts if attrs.get("type") is None]
    for text in executed:
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert csp.count("'sha256-") == len(executed) == 2


def test_vendored_vis_network_is_the_npm_release_with_its_licences() -> None:
    readme = (STATIC / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((STATIC / "vis-network.min.js").read_bytes()).hexdigest()
    assert digest in readme
    assert "@version 9.1.2" in (STATIC / "vis-network.min.js").read_text(encoding="utf-8")[:400]
    assert "Apache License" in (STATIC / "vis-network.LICENSE-APACHE-2.0").read_text(encoding="utf-8")
    assert "MIT License" in (STATIC / "vis-network.LICENSE-MIT").read_text(encoding="utf-8")


def test_page_script_never_writes_html() -> None:
    source = (STATIC / "viewer.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        'setTimeout("',
        "srcdoc",
    ):
        assert sink not in code, sink


# ---------------------------------------------------------------- escaping


def test_hostile_text_is_data_not_markup(sample_html: str) -> None:
    # the only '</script' in the page are the three real closing tags
    assert len(re.findall(r"</script", sample_html, re.IGNORECASE)) == 3
    for raw in ("<script>alert(1)", "<img src=x", "window.__pwned=2</script>", "<b>Bad</b>"):
        assert raw not in sample_html
    assert "\u2028" not in sample_html and "\u2029" not in sample_html
    block = next(
        text for attrs, text in parse(sample_html).scripts if attrs.get("type") == "application/json"
    )
    assert not set(block) & set("<>&")
    # ... and the data still says exactly what the documents said
    data = json.loads(block)
    quotes = [ev["q"] for e in data["edges"] for ev in e["evidence"]]
    assert SCRIPT_QUOTE in quotes
    assert BREAKOUT_TITLE in [d["title"] for d in data["docs"]]
    evil = next(n for n in data["nodes"] if n["iri"] == EVIL)
    assert evil["label"] == EVIL_LABEL and EVIL_ALIAS in evil["aliases"]


def test_title_is_escaped_in_the_markup(sample_html: str) -> None:
    assert "<title>Sample &lt;graph&gt; &amp; co</title>" in sample_html
    assert "Sample <graph>" not in sample_html


def test_script_json_escapes_and_round_trips() -> None:
    value = {"q": "</script><!-- & \u2028\u2029 >", "n": [1, 2.5, None]}
    text = viewer.script_json(value)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


# ---------------------------------------------------------------- the data


def test_payload_matches_the_graph(sample_html: str) -> None:
    G = sample_graph()
    data = payload_of(sample_html)
    assert len(data["nodes"]) == G.number_of_nodes()
    assert len(data["edges"]) == G.number_of_edges()
    iris = [n["iri"] for n in data["nodes"]]
    assert iris == sorted(G.nodes)
    by_iri = {n["iri"]: n for n in data["nodes"]}
    for n in data["nodes"]:
        attrs = G.nodes[n["iri"]]
        assert n["label"] == attrs["label"] and n["kind"] == attrs["kind"]
        assert (n["ods"], n["gss"], n["key"]) == (attrs["ods"], attrs["gss"], attrs["key"])
        assert set(n["aliases"]) == set(attrs["aliases"]) - {attrs["label"]}
        assert sorted(data["docs"][d]["iri"] for d in n["docs"]) == attrs["documents"]
        ics = data["ics"][n["ics"]]["iri"] if n["ics"] >= 0 else ""
        assert ics == attrs["ics"]
    for e in data["edges"]:
        u, v = iris[e["from"]], iris[e["to"]]
        attrs = G.edges[u, v]
        assert e["layer"] == attrs["layer"] and e["weight"] == attrs["weight"]
        assert e["predicates"] == attrs["predicates"]
        assert len(e["evidence"]) == len(attrs["evidence"])
        for ev in e["evidence"]:
            doc = data["docs"][ev["d"]]
            original = next(x for x in attrs["evidence"] if x["quote"] == ev["q"])
            assert (doc["iri"], doc["title"], doc["url"]) == (
                original["doc"],
                original["title"],
                original["url"],
            )
            assert (ev["t"], ev["r"], ev["c"], ev["p"]) == (
                original["date"],
                original["rule"],
                original["confidence"],
                original["predicate"],
            )
            assert {iris[ev["s"]], iris[ev["o"]]} == {u, v}
    # degree centrality drives the size
    for iri, n in by_iri.items():
        assert n["value"] == pytest.approx(G.degree(iri) / (len(G) - 1), abs=1e-3)
    assert by_iri[RFL]["value"] > by_iri[UCLH]["value"]
    # the legend lists every type present, with counts
    assert {k["name"]: k["count"] for k in data["kinds"]} == {
        "ICS": 2,
        "ICB": 1,
        "NHSTrust": 2,
        "LocalAuthority": 1,
        "NationalBody": 1,
        "Organisation": 1,
    }
    assert {layer["name"]: layer["count"] for layer in data["layers"]} == {"asserted": 5, "comention": 2}


def test_every_ontology_actor_class_has_a_style() -> None:
    from kg.network.tables import actor_classes

    missing = set(actor_classes()) - {"Actor"} - set(viewer.KIND_STYLES)
    assert not missing
    shapes = {(s.color, s.shape) for s in viewer.KIND_STYLES.values()}
    assert len(shapes) == len(viewer.KIND_STYLES), "two types would look the same"


def test_output_is_deterministic() -> None:
    G = sample_graph()
    shuffled = nx.Graph()
    shuffled.graph.update(G.graph)
    shuffled.add_nodes_from(reversed(list(G.nodes(data=True))))
    shuffled.add_edges_from(reversed([(v, u, d) for u, v, d in G.edges(data=True)]))
    first = viewer.render_html(G)
    assert viewer.render_html(G) == first
    assert viewer.render_html(shuffled) == first


def test_large_graphs_get_fixed_positions_without_physics_or_smoothing() -> None:
    G = clustered_graph(1200)
    data = payload_of(viewer.render_html(G))
    assert data["physics"] is False
    assert data["options"]["physics"] == {"enabled": False}
    assert data["options"]["edges"]["smooth"] is False
    assert data["options"]["layout"]["improvedLayout"] is False
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])
    with pytest.raises(viewer.ViewerError):
        viewer.render_html(G, layout="physics")
    with pytest.raises(viewer.ViewerError):
        viewer.render_html(G, layout="spring")


def test_physics_layout_on_request_for_small_graphs(sample_html: str) -> None:
    assert payload_of(sample_html)["physics"] is False
    data = payload_of(viewer.render_html(sample_graph(), layout="physics"))
    assert data["physics"] is True and data["options"]["physics"]["enabled"] is True


def test_layout_groups_actors_by_ics() -> None:
    G = clustered_graph(300)
    data = payload_of(viewer.render_html(G))
    points: dict[int, list[tuple[int, int]]] = {}
    for n in data["nodes"]:
        if n["ics"] >= 0:
            points.setdefault(n["ics"], []).append((n["x"], n["y"]))
    centres = {k: (sum(p[0] for p in v) / len(v), sum(p[1] for p in v) / len(v)) for k, v in points.items()}
    assert len(centres) == 3
    nearest_own = sum(
        min(centres, key=lambda c: math.dist(p, centres[c])) == k for k, v in points.items() for p in v
    ) / sum(len(v) for v in points.values())
    assert nearest_own > 0.95
    # the systems sit where their names say: north west top left, north east top right, south below
    labels = {i: s["label"] for i, s in enumerate(data["ics"])}
    where = {labels[k].split(" London")[0]: c for k, c in centres.items()}
    assert where["North West"][0] < where["North East"][0]
    assert where["North West"][1] < where["South"][1] and where["North East"][1] < where["South"][1]


def test_labels_do_not_overlap_in_small_graphs(sample_html: str) -> None:
    data = payload_of(sample_html)
    values = [n["value"] for n in data["nodes"]]
    sizes = viewer.node_sizes(values, *(data["options"]["nodes"]["scaling"][k] for k in ("min", "max")))
    fonts = viewer.node_sizes(values, *viewer.LABEL_SCALE)
    boxes = viewer.label_boxes([n["label"] for n in data["nodes"]], sizes, fonts)
    for i, a in enumerate(data["nodes"]):
        for j in range(i + 1, len(data["nodes"])):
            b = data["nodes"][j]
            overlap_x = boxes[i][0] + boxes[j][0] - abs(a["x"] - b["x"])
            overlap_y = boxes[i][1] + boxes[j][1] - abs((a["y"] + boxes[i][2]) - (b["y"] + boxes[j][2]))
            assert overlap_x <= 1 or overlap_y <= 1, (a["label"], b["label"])


def test_focus_selects_the_ego_centre() -> None:
    from kg.network import ego_graph

    E = ego_graph(sample_graph(), RFL, 1)
    data = payload_of(viewer.render_html(E))
    assert data["nodes"][data["focus"]]["iri"] == RFL
    assert {n["iri"] for n in data["nodes"]} == {RFL, UCLH, NCL, EVIL}
    assert {n["iri"]: n.get("dist") for n in data["nodes"]}[RFL] == 0


def test_write_html_is_atomic(tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    viewer.write_html(sample_graph(), out)
    before = out.read_bytes()
    assert before.startswith(b"<!DOCTYPE html>")
    with pytest.raises(viewer.ViewerError):
        viewer.write_html(sample_graph(), out, layout="bogus")
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


def test_empty_graph_renders() -> None:
    data = payload_of(viewer.render_html(nx.Graph()))
    assert data["nodes"] == [] and data["edges"] == []


# ---------------------------------------------------------------- the real seed documents and the command


def test_view_command_on_the_seed_store(seed_store: Path, seed_db, tmp_path: Path) -> None:
    from kg.network import collaboration_graph

    out = tmp_path / "graph.html"
    result = CliRunner().invoke(cli, ["view", "--store", str(seed_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    G = collaboration_graph(seed_db, layers=("asserted", "comention"))
    assert G.number_of_edges() > 0
    assert f"{G.number_of_nodes()} actors, {G.number_of_edges()} relations" in result.output
    data = payload_of(out.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    assert {e["layer"] for e in data["edges"]} == {"asserted", "comention"}
    quotes = {ev["q"] for e in data["edges"] for ev in e["evidence"]}
    assert quotes == {ev["quote"] for _, _, d in G.edges(data=True) for ev in d["evidence"]}
    assert all(ev["d"] >= 0 and ev["r"] for e in data["edges"] for ev in e["evidence"])
    # every document the page names is one the store holds, with its file name
    files = {d["file"] for d in data["docs"]}
    assert files and all(re.match(r"\d{3}_[0-9a-f]+\.txt$", f) for f in files)


def test_view_command_filters_and_ego(seed_store: Path, seed_db, tmp_path: Path) -> None:
    from kg.network import collaboration_graph, ego_graph, resolve_actor

    out = tmp_path / "asserted.html"
    result = CliRunner().invoke(cli, ["view", "-s", str(seed_store), "-o", str(out), "--layer", "asserted"])
    assert result.exit_code == 0, result.output
    data = payload_of(out.read_text(encoding="utf-8"))
    assert data["edges"] and {e["layer"] for e in data["edges"]} == {"asserted"}

    G = collaboration_graph(seed_db, layers=("asserted", "comention"))
    hub = max(G.nodes, key=lambda n: (G.degree(n), n))
    label = G.nodes[hub]["label"]
    out = tmp_path / "ego.html"
    result = CliRunner().invoke(
        cli, ["view", "-s", str(seed_store), "-o", str(out), "--actor", hub, "--depth", "1"]
    )
    assert result.exit_code == 0, result.output
    data = payload_of(out.read_text(encoding="utf-8"))
    assert {n["iri"] for n in data["nodes"]} == set(ego_graph(G, hub, 1))
    assert data["nodes"][data["focus"]]["iri"] == hub
    assert label in data["title"]
    assert resolve_actor(seed_db, label) == hub

    result = CliRunner().invoke(
        cli,
        ["view", "-s", str(seed_store), "-o", str(tmp_path / "x.html"), "--actor", "No Such Body Anywhere"],
    )
    assert result.exit_code != 0 and "No Such Body Anywhere" in result.output
    assert not (tmp_path / "x.html").exists()
    result = CliRunner().invoke(
        cli, ["view", "-s", str(seed_store), "-o", str(tmp_path / "y.html"), "--kind", "Spaceship"]
    )
    assert result.exit_code != 0 and "Spaceship" in result.output


def test_view_command_help_lists_the_options() -> None:
    result = CliRunner().invoke(cli, ["view", "--help"])
    assert result.exit_code == 0
    for option in (
        "--output",
        "--store",
        "--kind",
        "--ics",
        "--predicate",
        "--layer",
        "--since",
        "--until",
        "--actor",
        "--depth",
        "--layout",
    ):
        assert option in result.output


def test_documents_give_titles_and_dates(seed_db) -> None:
    from kg.network import collaboration_graph

    G = collaboration_graph(seed_db, layers=("asserted", "comention"))
    meta = viewer.document_metadata(seed_db)
    data = payload_of(viewer.render_html(G, documents=meta))
    for doc in data["docs"]:
        assert doc["iri"] in meta
        assert doc["title"] == (meta[doc["iri"]]["title"] or meta[doc["iri"]]["file"])
    assert ID in data["docs"][0]["iri"]
