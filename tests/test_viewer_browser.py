"""The viewer page in a real browser: Debian's headless Chromium driven by Selenium, network off.

Skipped outside CI when Chromium or its driver is missing (``apt-get install chromium
chromium-driver``); in CI (``CI=true``) a missing browser fails the tests.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
import time
from pathlib import Path

import networkx as nx
import pytest
from viewer_graphs import (
    BREAKOUT_TITLE,
    EVIL,
    EVIL_ALIAS,
    NCL,
    RFL,
    SCRIPT_QUOTE,
    UCLH,
    clustered_graph,
    sample_graph,
)

from kg import viewer

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1600,1000",
    "--force-device-scale-factor=1",
)


def _require_browser() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        message = f"headless browser tests need Debian's chromium and chromium-driver ({', '.join(missing)} missing)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def driver():
    _require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in ARGS:
        options.add_argument(arg)
    profile = tempfile.mkdtemp(prefix="kg-viewer-chrome-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(120)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


class Page:
    """One page opened offline, with what it asked the network for and what it logged."""

    def __init__(self, driver, path: Path) -> None:
        self.driver = driver
        self.url = path.resolve().as_uri()
        driver.get("about:blank")
        driver.get_log("performance")  # drop whatever the browser did before
        driver.get_log("browser")
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        try:
            driver.get(self.url)
            deadline = time.monotonic() + 90
            while not driver.execute_script("return !!(window.kgViewer && window.kgViewer.ready)"):
                assert time.monotonic() < deadline, "the page never finished drawing"
                time.sleep(0.05)
        finally:
            self.events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
            self.console = driver.get_log("browser")

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"
        ]

    def failures(self) -> list[dict]:
        return [e["params"] for e in self.events if e["method"] == "Network.loadingFailed"]

    def errors(self) -> list[dict]:
        return [e for e in self.console + self.driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]

    def panel(self) -> str:
        return self.js("return document.getElementById('kg-panel').textContent")

    def assert_not_pwned(self) -> None:
        from selenium.common.exceptions import NoAlertPresentException

        with pytest.raises(NoAlertPresentException):
            self.driver.switch_to.alert.text  # noqa: B018
        assert self.js("return typeof window.__pwned") == "undefined"
        assert (
            self.js(
                "return document.querySelectorAll('body img, #kg-panel script, #kg-filters script').length"
            )
            == 0
        )


@pytest.fixture(scope="module")
def sample_page(driver, tmp_path_factory: pytest.TempPathFactory) -> Page:
    path = viewer.write_html(
        sample_graph(), tmp_path_factory.mktemp("viewer") / "sample.html", title="Sample network"
    )
    return Page(driver, path)


def test_page_is_offline_and_clean(sample_page: Page) -> None:
    requests = sample_page.requests()
    # the file itself is the only request; data: URLs (Chromium's own date-picker icon) never leave the page
    assert [u for u in requests if not u.startswith("data:")] == [sample_page.url]
    assert not sample_page.failures()
    assert sample_page.errors() == []


def test_counts_match_the_graph(sample_page: Page) -> None:
    G = sample_graph()
    counts = sample_page.js("return window.kgViewer.counts()")
    assert counts["nodes"] == counts["shownNodes"] == counts["drawnNodes"] == G.number_of_nodes()
    assert counts["edges"] == counts["shownEdges"] == counts["drawnEdges"] == G.number_of_edges()
    header = sample_page.js("return document.getElementById('kg-counts').textContent")
    assert header == f"{G.number_of_nodes()} actors · {G.number_of_edges()} relations"


def test_search_finds_actors_by_alias(sample_page: Page) -> None:
    found = sample_page.js("return window.kgViewer.search('uclh')")
    assert found[0]["label"] == sample_graph().nodes[UCLH]["label"] and found[0]["alias"] == "UCLH"
    # the search box: typing an alias lists the actor, and choosing it opens its panel
    assert sample_page.js("return window.kgViewer.typeSearch('north london partners')") == 1
    listed = sample_page.js("return document.getElementById('kg-search-results').textContent")
    assert "North Central London Integrated Care System" in listed and "North London Partners" in listed
    sample_page.js(
        "document.querySelector('#kg-search-results li').dispatchEvent(new MouseEvent('mousedown'))"
    )
    assert (
        sample_page.js("return document.getElementById('kg-panel-title').textContent")
        == "North Central London Integrated Care System"
    )
    # an alias full of markup is found as text and shown as text
    hit = sample_page.js("return window.kgViewer.search('quokka')")
    assert [h["alias"] for h in hit] == ["Quokka Consulting"]
    assert sample_page.js("return window.kgViewer.typeSearch('<b>bad')") == 1
    assert "<b>Bad</b>" in sample_page.js("return document.getElementById('kg-search-results').textContent")
    sample_page.assert_not_pwned()


def test_clicking_an_edge_shows_every_piece_of_evidence(sample_page: Page) -> None:
    edge = sample_page.js("return window.kgViewer.edgeId(arguments[0], arguments[1])", RFL, UCLH)
    assert edge >= 0
    assert sample_page.js("return window.kgViewer.selectEdge(arguments[0])", edge) is True
    assert sample_page.js("return window.kgViewer.network.getSelectedEdges()") == [edge]
    text = sample_page.panel()
    assert "The Royal Free and UCLH will work as partners on elective care." in text
    assert SCRIPT_QUOTE in text  # the hostile quote, shown literally
    assert BREAKOUT_TITLE in text  # the hostile title too
    for expected in (
        "NCL ICS board papers, March 2023",
        "2023-03-01",
        "2024-06-15",
        "partnerOf.pattern.v1",
        "collaboratesWith.pattern.v1",
        "0.85",
        "0.70",
        "Asserted relation",
    ):
        assert expected in text, expected
    assert sample_page.js("return document.querySelectorAll('#kg-evidence .kg-evidence').length") == 2
    links = sample_page.js("return [...document.querySelectorAll('#kg-panel a')].map(a => a.href)")
    assert links == ["https://example.org/ncl/board-2023-03.pdf"]  # the javascript: URL is not a link
    sample_page.assert_not_pwned()


def test_clicking_a_node_shows_type_codes_aliases_ics_and_documents(sample_page: Page) -> None:
    node = sample_page.js("return window.kgViewer.nodeId(arguments[0])", RFL)
    sample_page.js("window.kgViewer.selectNode(arguments[0])", node)
    text = sample_page.panel()
    for expected in (
        "Royal Free London NHS Foundation Trust",
        "NHS trust",
        "RAL",
        "ods:RAL",
        "Royal Free",
        "RFL",
        "North Central London Integrated Care System",
        "Documents naming it (2)",
        "NCL ICS board papers, March 2023",
        BREAKOUT_TITLE,
        "Relations (3)",
    ):
        assert expected in text, expected
    node = sample_page.js("return window.kgViewer.nodeId(arguments[0])", EVIL)
    sample_page.js("window.kgViewer.selectNode(arguments[0])", node)
    assert (
        sample_page.js("return document.getElementById('kg-panel-title').textContent")
        == sample_graph().nodes[EVIL]["label"]
    )
    assert EVIL_ALIAS.replace("\u2028", "") in sample_page.panel().replace("\u2028", "")
    sample_page.assert_not_pwned()


def test_filters_work_in_the_page(sample_page: Page) -> None:
    G = sample_graph()
    kv = "return window.kgViewer.setFilters(arguments[0])"
    asserted = sum(d["layer"] == "asserted" for _, _, d in G.edges(data=True))
    assert sample_page.js(kv, {"layers": ["asserted"]})["drawnEdges"] == asserted
    sample_page.js("window.kgViewer.resetFilters()")
    # date range: only evidence of 2023 (document a)
    counts = sample_page.js(kv, {"since": "2023-01-01", "until": "2023-12-31", "hideIsolated": True})
    in_2023 = [
        (u, v) for u, v, d in G.edges(data=True) if any(e["date"].startswith("2023") for e in d["evidence"])
    ]
    assert counts["drawnEdges"] == len(in_2023)
    assert counts["drawnNodes"] == len({n for e in in_2023 for n in e})
    sample_page.js("window.kgViewer.resetFilters()")
    # type and ICS, as kg.network.filters defines them: a relation needs both ends of a shown type,
    # and an end in a chosen ICS; an actor shows when one of its relations does
    kinds = ("NHSTrust", "ICS")
    kept = [(u, v) for u, v in G.edges if G.nodes[u]["kind"] in kinds and G.nodes[v]["kind"] in kinds]
    counts = sample_page.js(kv, {"kinds": list(kinds)})
    assert (counts["drawnNodes"], counts["drawnEdges"]) == (len({n for e in kept for n in e}), len(kept))
    sample_page.js("window.kgViewer.resetFilters()")
    kept = [(u, v) for u, v in G.edges if NCL in (G.nodes[u]["ics"], G.nodes[v]["ics"])]
    counts = sample_page.js(kv, {"ics": [NCL]})
    assert (counts["drawnNodes"], counts["drawnEdges"]) == (len({n for e in kept for n in e}), len(kept))
    assert len({n for e in kept for n in e}) > sum(d["ics"] == NCL for _, d in G.nodes(data=True))
    sample_page.js("window.kgViewer.resetFilters()")
    # predicate
    counts = sample_page.js(kv, {"preds": ["memberOf"]})
    assert counts["drawnEdges"] == sum("memberOf" in d["predicates"] for _, _, d in G.edges(data=True))
    sample_page.js("window.kgViewer.resetFilters()")
    assert sample_page.js("return window.kgViewer.counts()")["drawnEdges"] == G.number_of_edges()


def test_focus_on_an_ego_network(sample_page: Page) -> None:
    G = sample_graph()
    node = sample_page.js("return window.kgViewer.nodeId(arguments[0])", RFL)
    for depth in (1, 2):
        sample_page.js("window.kgViewer.focus(arguments[0], arguments[1])", node, depth)
        counts = sample_page.js("return window.kgViewer.counts()")
        ego = nx.ego_graph(G, RFL, radius=depth)
        assert counts["drawnNodes"] == ego.number_of_nodes()
        assert counts["drawnEdges"] == ego.number_of_edges()
        banner = sample_page.js("return document.getElementById('kg-focus-banner').textContent")
        assert "Royal Free London NHS Foundation Trust" in banner
    sample_page.js("window.kgViewer.clearFocus()")
    assert sample_page.js("return window.kgViewer.counts()")["drawnNodes"] == G.number_of_nodes()
    assert sample_page.errors() == []


def test_a_thousand_actors_open_with_fixed_positions(driver, tmp_path: Path) -> None:
    G = clustered_graph(1500)
    page = Page(driver, viewer.write_html(G, tmp_path / "large.html"))
    counts = page.js("return window.kgViewer.counts()")
    assert (counts["drawnNodes"], counts["drawnEdges"]) == (G.number_of_nodes(), G.number_of_edges())
    assert page.js("return window.kgViewer.network.physics.physicsEnabled") is False
    assert page.errors() == []
    assert [u for u in page.requests() if not u.startswith("data:")] == [page.url]


def test_seed_documents_in_the_browser(driver, seed_store: Path, seed_db, tmp_path: Path) -> None:
    """The real seed store, as ``kg view`` writes it; the screenshot is kept for people to look at."""
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.network import collaboration_graph

    out = tmp_path / "seeds.html"
    result = CliRunner().invoke(cli, ["view", "-s", str(seed_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    G = collaboration_graph(seed_db, layers=("asserted", "comention"))
    page = Page(driver, out)
    assert page.errors() == []
    assert [u for u in page.requests() if not u.startswith("data:")] == [page.url]
    counts = page.js("return window.kgViewer.counts()")
    assert (counts["drawnNodes"], counts["drawnEdges"]) == (G.number_of_nodes(), G.number_of_edges())
    # the best-evidenced asserted relation, opened as an analyst would
    u, v, d = max(
        ((u, v, d) for u, v, d in G.edges(data=True) if d["layer"] == "asserted"),
        key=lambda e: (e[2]["evidence_count"], e[0], e[1]),
    )
    edge = page.js("return window.kgViewer.edgeId(arguments[0], arguments[1])", u, v)
    page.js("window.kgViewer.selectEdge(arguments[0])", edge)
    text = page.panel()
    for ev in d["evidence"]:
        assert " ".join(ev["quote"].split()) in " ".join(text.split())
    page.js("window.kgViewer.network.fit({animation: false})")
    time.sleep(0.3)
    ARTIFACTS.mkdir(exist_ok=True)
    assert page.driver.save_screenshot(str(ARTIFACTS / "viewer.png"))
    page.assert_not_pwned()


def test_physics_layout_settles_then_stops(driver, tmp_path: Path) -> None:
    G = sample_graph()
    page = Page(driver, viewer.write_html(G, tmp_path / "physics.html", layout="physics"))
    assert page.js("return window.kgViewer.network.physics.physicsEnabled") is False  # frozen once settled
    counts = page.js("return window.kgViewer.counts()")
    assert (counts["drawnNodes"], counts["drawnEdges"]) == (G.number_of_nodes(), G.number_of_edges())
    assert page.errors() == []


# ---------------------------------------------------------------------------------------------
# Issue 24: readable at any size, analysis in the page, one filter model, share and export


@pytest.fixture(scope="module")
def seed_page_file(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from kg.cli import cli

    out = tmp_path_factory.mktemp("seed-view") / "seeds.html"
    result = CliRunner().invoke(cli, ["view", "-s", str(seed_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def seed_page(driver, seed_page_file: Path) -> Page:
    return Page(driver, seed_page_file)


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def _assert_labels_readable(page: Page, *, at_least: int) -> list[dict]:
    view = page.js("return window.kgViewer.viewport()")
    labels = page.js("return window.kgViewer.labels()")
    actors = [lab for lab in labels if lab["kind"] == "actor"]
    assert len(actors) >= at_least, f"only {len(actors)} labels drawn"
    for lab in labels:
        assert lab["font"] >= 12, lab
        assert lab["x"] >= 0 and lab["x"] + lab["w"] <= view["width"], f"clipped: {lab}"
        assert lab["y"] >= 0 and lab["y"] + lab["h"] <= view["height"], f"clipped: {lab}"
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a, b), (a["text"], b["text"])
    # nor over another actor's shape: no label covers the centre of an actor on screen
    centres = page.js("return window.kgViewer.positions()")
    for lab in labels:
        for p in centres.values():
            inside = (
                lab["x"] + 1 < p["sx"] < lab["x"] + lab["w"] - 1
                and lab["y"] + 1 < p["sy"] < lab["y"] + lab["h"] - 1
            )
            assert not inside, f"{lab['text']!r} covers an actor"
    return labels


def _assert_fitted(page: Page, fill: float = 0.7) -> dict:
    view = page.js("return window.kgViewer.viewport()")
    positions = page.js("return window.kgViewer.positions()")
    xs = [p["sx"] for p in positions.values()]
    ys = [p["sy"] for p in positions.values()]
    assert min(xs) >= 0 and max(xs) <= view["width"] and min(ys) >= 0 and max(ys) <= view["height"]
    # fitted: the drawing fills the canvas in one direction at least
    assert max(max(xs) - min(xs), (max(ys) - min(ys)) * view["width"] / view["height"]) > fill * view["width"]
    return positions


def test_seed_store_first_render_is_fitted_and_every_label_readable(
    seed_page: Page, seed_store: Path
) -> None:
    """Every actor on screen, labels at 12 px or more, none cut by the canvas edge, none over
    another label or an ICS title (the screenshot is linked from the README)."""
    from kg.network import collaboration_graph

    G = collaboration_graph(seed_store, layers=("asserted", "comention"))
    assert seed_page.errors() == []
    _assert_fitted(seed_page)
    labels = _assert_labels_readable(seed_page, at_least=G.number_of_nodes() // 2)
    assert any(lab["kind"] == "region" for lab in labels)  # the ICS titles are drawn too
    ARTIFACTS.mkdir(exist_ok=True)
    assert seed_page.driver.save_screenshot(str(ARTIFACTS / "viewer-seeds.png"))


def test_empty_filter_says_so(seed_page: Page) -> None:
    assert seed_page.js("return document.getElementById('kg-empty').hidden") is True
    counts = seed_page.js("return window.kgViewer.setFilters({kinds: []})")
    assert counts["drawnNodes"] == 0
    assert seed_page.js("return document.getElementById('kg-empty').hidden") is False
    assert "No actor or relation matches these filters" in seed_page.js(
        "return document.getElementById('kg-empty').textContent"
    )
    seed_page.js("document.querySelector('#kg-empty button').click()")
    assert seed_page.js("return document.getElementById('kg-empty').hidden") is True
    assert seed_page.js("return window.kgViewer.counts().drawnNodes") > 0


def test_tooltip_stays_inside_the_canvas_and_goes_on_leave(seed_page: Page) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    positions = seed_page.js("return window.kgViewer.positions()")
    view = seed_page.js("return window.kgViewer.viewport()")
    # the actor nearest the right edge: a tooltip placed naively would run off the canvas
    iri, at = max(positions.items(), key=lambda item: item[1]["sx"])
    canvas = seed_page.driver.find_element(By.ID, "mynetwork")
    ActionChains(seed_page.driver).move_to_element_with_offset(
        canvas, int(at["sx"] - view["width"] / 2), int(at["sy"] - view["height"] / 2)
    ).perform()
    deadline = time.monotonic() + 5
    while seed_page.js("return document.getElementById('kg-tip').hidden"):
        assert time.monotonic() < deadline, "no tooltip on hover"
        time.sleep(0.05)
    box = seed_page.js(
        "const t = document.getElementById('kg-tip').getBoundingClientRect();"
        "const w = document.getElementById('kg-canvas-wrap').getBoundingClientRect();"
        "return [t.left - w.left, t.top - w.top, w.right - t.right, w.bottom - t.bottom]"
    )
    assert min(box) >= 0, box
    ActionChains(seed_page.driver).move_to_element(
        seed_page.driver.find_element(By.ID, "kg-search")
    ).perform()
    deadline = time.monotonic() + 5
    while not seed_page.js("return document.getElementById('kg-tip').hidden"):
        assert time.monotonic() < deadline, "the tooltip stayed after the pointer left"
        time.sleep(0.05)


def test_focused_ego_network_is_laid_out_by_itself(seed_page: Page, seed_store: Path) -> None:
    from kg.network import collaboration_graph

    G = collaboration_graph(seed_store, layers=("asserted", "comention"))
    hub = max(G, key=lambda n: (G.degree(n), n))
    before = seed_page.js("return window.kgViewer.positions()")
    node = seed_page.js("return window.kgViewer.nodeId(arguments[0])", hub)
    seed_page.js("window.kgViewer.focus(arguments[0], 1)", node)
    after = seed_page.js("return window.kgViewer.positions()")
    ego = set(nx.ego_graph(G, hub, radius=1))
    assert set(after) == ego
    # the centre in the middle and its neighbours on one ring around it: a layout of its own
    assert (after[hub]["x"], after[hub]["y"]) == (0, 0)
    radii = {round(math.hypot(p["x"], p["y"])) for iri, p in after.items() if iri != hub}
    assert len(radii) == 1 and radii.pop() >= 200
    assert any((before[i]["x"], before[i]["y"]) != (after[i]["x"], after[i]["y"]) for i in ego)
    _assert_fitted(seed_page, fill=0.6)
    _assert_labels_readable(seed_page, at_least=min(len(ego), 8))
    ARTIFACTS.mkdir(exist_ok=True)
    seed_page.driver.save_screenshot(str(ARTIFACTS / "viewer-seeds-ego.png"))
    seed_page.js("window.kgViewer.clearFocus()")
    back = seed_page.js("return window.kgViewer.positions()")
    assert all((back[i]["x"], back[i]["y"]) == (before[i]["x"], before[i]["y"]) for i in before)


def test_path_is_the_one_kg_path_gives(seed_page: Page, seed_store: Path) -> None:
    from kg.network import collaboration_graph, shortest_evidenced_path

    G = collaboration_graph(seed_store, layers=("asserted", "comention"))
    giant = sorted(max(nx.connected_components(G), key=len))
    pairs = [(a, b) for a in giant[::5] for b in giant[2::7] if a < b]
    assert len(pairs) >= 10
    longest = None
    for a, b in pairs:
        hops = shortest_evidenced_path(G, a, b)
        expected = [a] + [h["target"] for h in hops]
        ids = seed_page.js(
            "return [window.kgViewer.nodeId(arguments[0]), window.kgViewer.nodeId(arguments[1])]", a, b
        )
        assert seed_page.js("return window.kgViewer.path(arguments[0], arguments[1])", *ids) == expected, (
            a,
            b,
        )
        if longest is None or len(expected) > len(longest):
            longest = expected
    ids = seed_page.js("return arguments[0].map(i => window.kgViewer.nodeId(i))", [longest[0], longest[-1]])
    assert seed_page.js("return window.kgViewer.showPath(arguments[0], arguments[1])", *ids) == longest
    counts = seed_page.js("return window.kgViewer.counts()")
    assert (counts["drawnNodes"], counts["drawnEdges"]) == (len(longest), len(longest) - 1)
    text = seed_page.js("return document.getElementById('kg-path').textContent")
    for iri in longest:
        assert G.nodes[iri]["label"] in text
    assert "Path from" in seed_page.js("return document.getElementById('kg-focus-banner').textContent")
    _assert_labels_readable(seed_page, at_least=len(longest))
    ARTIFACTS.mkdir(exist_ok=True)
    seed_page.driver.save_screenshot(str(ARTIFACTS / "viewer-seeds-path.png"))


@pytest.mark.parametrize(
    "page_filters, cli_filters",
    [
        ({"layers": ["asserted"]}, {"layers": ("asserted",)}),
        ({"ics": ["SWL"]}, {"ics": ["South West London"]}),
        ({"kinds": ["Person", "Organisation"]}, {"kinds": ["Person", "Organisation"]}),
        ({"preds": ["partOf", "coMentionedWith"]}, {"predicates": ["partOf", "coMentionedWith"]}),
        ({"minConf": 0.8}, {"min_confidence": 0.8}),
        ({"layers": ["comention"], "ics": ["SEL"]}, {"layers": ("comention",), "ics": ["SEL"]}),
    ],
)
def test_page_filters_keep_what_the_cli_keeps(
    seed_page: Page, seed_store: Path, page_filters, cli_filters
) -> None:
    """One filter model: the page, set as a user would, shows exactly the actors and relations
    that kg.network.collaboration_graph (every network command) keeps with the same filters."""
    from kg.network import collaboration_graph
    from kg.network.filters import Filters, expand_kinds, resolve
    from kg.network.tables import cached_tables

    wanted = {"layers": ("asserted", "comention"), **cli_filters}
    G = collaboration_graph(seed_store, **wanted)
    if "kinds" in page_filters:  # the page lists the types present; a class means its subclasses too
        page_filters = {**page_filters, "kinds": sorted(expand_kinds(cli_filters["kinds"]))}
    if "ics" in page_filters:  # the page's ICS boxes are the ICSs themselves
        page_filters = {
            **page_filters,
            "ics": sorted(resolve(Filters.make(ics=cli_filters["ics"]), cached_tables(seed_store)).ics),
        }
    seed_page.js("window.kgViewer.setFilters(arguments[0])", page_filters)
    shown = seed_page.js("return window.kgViewer.shown()")
    assert shown["edges"] == sorted(sorted(e) for e in G.edges)
    assert shown["nodes"] == sorted(G.nodes)
    assert 0 < G.number_of_edges() < 75


def test_communities_are_those_of_kg_communities(seed_page: Page, seed_store: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(
        cli, ["communities", "-s", str(seed_store), "--layer", "all", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    groups = answer["communities"] if isinstance(answer, dict) else answer
    assert len(groups) > 1
    for group in groups:
        found = {
            seed_page.js("return window.kgViewer.community(arguments[0])", m["iri"]) for m in group["members"]
        }
        assert found == {group["community"]}
    seed_page.js("window.kgViewer.colourBy('community')")
    colours = {
        seed_page.js("return window.kgViewer.nodeColour(arguments[0])", m["iri"])
        for m in groups[0]["members"]
    }
    assert len(colours) == 1
    assert "Communities" in seed_page.js("return document.getElementById('kg-filters').textContent")


def test_url_restores_the_same_view(driver, seed_page: Page, seed_store: Path) -> None:
    from kg.network import collaboration_graph

    G = collaboration_graph(seed_store, layers=("asserted",))
    hub = max(G, key=lambda n: (G.degree(n), n))
    seed_page.js("window.kgViewer.setFilters({layers: ['asserted'], minConf: 0.5})")
    seed_page.js("window.kgViewer.sizeBy('betweenness')")
    seed_page.js("window.kgViewer.colourBy('ics')")
    seed_page.js("window.kgViewer.focus(window.kgViewer.nodeId(arguments[0]), 2)", hub)
    url = seed_page.js("return location.href")
    assert "#" in url and "focus=" in url
    shown = seed_page.js("return window.kgViewer.shown()")
    positions = seed_page.js("return window.kgViewer.positions()")
    driver.get("about:blank")
    driver.get(url)
    deadline = time.monotonic() + 30
    while not driver.execute_script("return !!(window.kgViewer && window.kgViewer.ready)"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert driver.execute_script("return window.kgViewer.shown()") == shown
    restored = driver.execute_script("return window.kgViewer.positions()")
    assert {k: (v["x"], v["y"]) for k, v in restored.items()} == {
        k: (v["x"], v["y"]) for k, v in positions.items()
    }
    assert driver.execute_script("return document.getElementById('kg-size-by').value") == "betweenness"
    assert driver.execute_script("return document.getElementById('kg-colour-by').value") == "ics"
    assert G.nodes[hub]["label"] in driver.execute_script(
        "return document.getElementById('kg-focus-banner').textContent"
    )
    assert driver.execute_script("return location.href") == url


def test_exports_png_svg_graphml_and_csv_of_what_is_shown(seed_page: Page, tmp_path: Path) -> None:
    import base64
    import csv
    import io
    import struct
    import xml.etree.ElementTree as ET

    seed_page.js("window.kgViewer.setFilters({layers: ['asserted']})")
    shown = seed_page.js("return window.kgViewer.shown()")
    png = seed_page.js("return window.kgViewer.exportPNG()")
    assert png.startswith("data:image/png;base64,")
    raw = base64.b64decode(png.split(",", 1)[1])
    assert raw[:8] == b"\x89PNG\r\n\x1a\n" and raw[12:16] == b"IHDR"
    width, height = struct.unpack(">II", raw[16:24])
    view = seed_page.js("return window.kgViewer.viewport()")
    assert (width, height) == (view["width"], view["height"])
    graphml = tmp_path / "view.graphml"
    graphml.write_text(seed_page.js("return window.kgViewer.exportGraphML()"), encoding="utf-8")
    H = nx.read_graphml(graphml)
    assert sorted(H.nodes) == shown["nodes"]
    assert sorted(sorted(e) for e in H.edges) == shown["edges"]
    assert all(d["layer"] == "asserted" and d["documents"] >= 1 for *_, d in H.edges(data=True))
    svg = seed_page.js("return window.kgViewer.exportSVG()")
    root = ET.fromstring(svg.encode("utf-8"))
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{ns}circle")) == len(shown["nodes"])
    assert len(root.findall(f"{ns}line")) == len(shown["edges"])
    tables = seed_page.js("return window.kgViewer.exportCSV()")
    nodes = list(csv.DictReader(io.StringIO(tables["nodes"])))
    edges = list(csv.DictReader(io.StringIO(tables["edges"])))
    assert sorted(r["iri"] for r in nodes) == shown["nodes"]
    assert sorted(sorted((r["source"], r["target"])) for r in edges) == shown["edges"]


def test_co_mentions_are_kept_apart_from_stated_evidence(driver, tmp_path: Path) -> None:
    """A stated relation whose actors are also named together: the panel lists what documents
    state as its evidence, and the co-mentions apart, folded away."""
    G = sample_graph()
    stated = list(G.edges[RFL, UCLH]["evidence"])
    together = dict(
        stated[0], predicate="coMentionedWith", quote="Royal Free and UCLH were both at the event."
    )
    G.edges[RFL, UCLH]["evidence"] = [*stated, together]
    page = Page(driver, viewer.write_html(G, tmp_path / "mixed.html"))
    page.js("window.kgViewer.selectEdge(window.kgViewer.edgeId(arguments[0], arguments[1]))", RFL, UCLH)
    assert page.js("return document.querySelectorAll('#kg-evidence .kg-evidence').length") == len(stated)
    assert together["quote"] not in page.js("return document.getElementById('kg-evidence').textContent")
    assert page.js("return document.querySelectorAll('#kg-comentions .kg-evidence').length") == 1
    assert page.js("return document.querySelector('details.kg-more').open") is False
    assert "Also named together in a passage (1)" in page.panel()


def test_document_view_lists_everything_one_document_states(seed_page: Page, seed_store: Path) -> None:
    from kg.network import collaboration_graph

    G = collaboration_graph(seed_store, layers=("asserted",))
    by_doc: dict[str, list[dict]] = {}
    for *_, d in G.edges(data=True):
        for ev in d["evidence"]:
            by_doc.setdefault(ev["doc"], []).append(ev)
    doc, pieces = max(by_doc.items(), key=lambda item: (len(item[1]), item[0]))
    d = seed_page.js("return window.kgViewer.documentId(arguments[0])", doc)
    assert seed_page.js("return window.kgViewer.showDocument(arguments[0])", d) is True
    cards = seed_page.js("return document.querySelectorAll('#kg-document-facts .kg-evidence').length")
    assert cards == len(pieces)
    text = " ".join(seed_page.panel().split())
    for ev in pieces:
        assert " ".join(ev["quote"].split()) in text


def _wait_laid_out(page: Page, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while page.js("return window.kgViewer.layingOut"):
        assert time.monotonic() < deadline, "the layout never settled"
        time.sleep(0.05)


def test_filtered_subgraph_is_laid_out_by_itself(seed_page: Page, seed_store: Path) -> None:
    """A filter that leaves part of the graph lays that part out again (fitted, readable), the
    same filters give the same picture, and no filter brings the whole graph's layout back."""
    from kg.network import collaboration_graph
    from kg.network.filters import Filters, resolve
    from kg.network.tables import cached_tables

    before = seed_page.js("return window.kgViewer.positions()")
    swl = sorted(resolve(Filters.make(ics="South West London"), cached_tables(seed_store)).ics)
    G = collaboration_graph(seed_store, layers=("asserted", "comention"), ics=swl)
    seed_page.js("window.kgViewer.setFilters({ics: arguments[0]})", swl)
    _wait_laid_out(seed_page)
    after = seed_page.js("return window.kgViewer.positions()")
    assert set(after) == set(G)
    moved = [i for i in after if (after[i]["x"], after[i]["y"]) != (before[i]["x"], before[i]["y"])]
    assert len(moved) > len(after) // 2
    _assert_fitted(seed_page, fill=0.6)
    _assert_labels_readable(seed_page, at_least=min(len(after), 8))
    ARTIFACTS.mkdir(exist_ok=True)
    seed_page.driver.save_screenshot(str(ARTIFACTS / "viewer-seeds-filtered.png"))
    # no filter: the whole graph where it was
    seed_page.js("window.kgViewer.setFilters({ics: null})")
    back = seed_page.js("return window.kgViewer.positions()")
    assert {k: (v["x"], v["y"]) for k, v in back.items()} == {k: (v["x"], v["y"]) for k, v in before.items()}
    # the same filter again: the same layout
    seed_page.js("window.kgViewer.setFilters({ics: arguments[0]})", swl)
    _wait_laid_out(seed_page)
    again = seed_page.js("return window.kgViewer.positions()")
    assert {k: (v["x"], v["y"]) for k, v in again.items()} == {k: (v["x"], v["y"]) for k, v in after.items()}


def test_expand_neighbours_in_the_offline_page(seed_page: Page, seed_store: Path) -> None:
    """In a `kg view -o` file (all data inlined, nothing fetched), "Add its neighbours" on an
    actor of a focused network adds that actor's collaborators to it, laid out again, and the
    address keeps it."""
    from kg.network import collaboration_graph

    G = collaboration_graph(seed_store, layers=("asserted", "comention"))
    hub = max(G, key=lambda n: (G.degree(n), n))
    ego = set(G[hub]) | {hub}
    # the neighbour that brings in the most actors from outside the hub's network
    other = max(G[hub], key=lambda n: (len(set(G[n]) - ego), n))
    assert set(G[other]) - ego
    k = "window.kgViewer"
    seed_page.js(f"{k}.focus({k}.nodeId(arguments[0]), 1)", hub)
    assert set(seed_page.js(f"return {k}.shown().nodes")) == ego
    seed_page.js(f"{k}.selectNode({k}.nodeId(arguments[0]))", other)
    button = seed_page.js("return document.getElementById('kg-expand')")
    assert button is not None and "neighbours" in button.text
    button.click()
    shown = set(seed_page.js(f"return {k}.shown().nodes"))
    assert shown == ego | set(G[other])
    positions = seed_page.js(f"return {k}.positions()")
    ring = max(math.hypot(positions[n]["x"], positions[n]["y"]) for n in G[hub])
    for n in set(G[other]) - ego:  # the newcomers on a ring further out
        assert math.hypot(positions[n]["x"], positions[n]["y"]) > ring
    assert "expand=" in seed_page.js("return location.hash")
    _assert_labels_readable(seed_page, at_least=8)
    assert seed_page.errors() == []
    assert [u for u in seed_page.requests() if not u.startswith("data:")] == [seed_page.url]


def test_date_slider_on_dated_evidence(driver, tmp_path: Path) -> None:
    """The slider spans the months of the dated documents; narrowing it keeps the relations
    with evidence in those months (the --since / --until filter), and widening it again keeps all."""
    G = sample_graph()
    sample_page = Page(driver, viewer.write_html(G, tmp_path / "sample.html", title="Sample network"))
    n = int(sample_page.js("return document.getElementById('kg-date-from').max")) + 1
    assert n == 2 * 12 - 10 + 6  # 2022-11 to 2024-06
    assert sample_page.js("return document.querySelectorAll('.kg-timeline rect').length") == n
    slide = (
        "const s = document.getElementById(arguments[0]); s.value = String(arguments[1]);"
        "s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));"
    )
    sample_page.js(slide, "kg-date-from", 4)  # from 2023-03
    sample_page.js(slide, "kg-date-to", n - 2)  # to 2024-05: the 2024-06 document is out
    assert sample_page.js(
        "return [document.getElementById('kg-since').value, document.getElementById('kg-until').value]"
    ) == [
        "2023-03-01",
        "2024-05-31",
    ]
    assert "2023-03 to 2024-05" in sample_page.js(
        "return document.getElementById('kg-date-range').textContent"
    )
    kept = {
        tuple(sorted((u, v)))
        for u, v, d in G.edges(data=True)
        if any("2023-03-01" <= e["date"] <= "2024-05-31" for e in d["evidence"])
    }
    shown = sample_page.js("return window.kgViewer.shown()")
    assert {tuple(e) for e in shown["edges"]} == kept and 0 < len(kept) < G.number_of_edges()
    assert "since=2023-03-01" in sample_page.js("return location.hash")
    sample_page.js(slide, "kg-date-from", 0)
    sample_page.js(slide, "kg-date-to", n - 1)
    assert sample_page.js("return window.kgViewer.counts().shownEdges") == G.number_of_edges()
    assert sample_page.errors() == []
