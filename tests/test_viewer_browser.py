"""The viewer page in a real browser: Debian's headless Chromium driven by Selenium, network off.

Skipped outside CI when Chromium or its driver is missing (``apt-get install chromium
chromium-driver``); in CI (``CI=true``) a missing browser fails the tests.
"""

from __future__ import annotations

import json
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
