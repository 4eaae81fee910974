"""The viewer on a 2,000-document generated store (benchmarks/generate_corpus.py): the offline page
and the served page stay readable, the date slider keeps what ``--since``/``--until`` keep, and the
screenshots are written for people to look at (linked from the README).

Building 2,000 documents with the parser takes two minutes or more of one core, so the build
starts in a background process as soon as this module is collected (one worker, at a lower
priority), while the rest of the suite runs; the fixture waits for it. ``KG_LARGE_STORE=PATH``
uses a store already built from ``generate_corpus.py -n 2000`` instead, and ``KG_LARGE_TESTS=0``
skips these tests.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_viewer_browser import ARTIFACTS, Page, _assert_fitted, _assert_labels_readable, driver  # noqa: F401

from kg import server
from kg.viewer.api import FIRST_VIEW

ROOT = Path(__file__).resolve().parent.parent
DOCS = 2000
BUILD = """
import os, subprocess, sys
from pathlib import Path
os.nice(10)
folder, generator, docs = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
subprocess.run([sys.executable, generator, "-n", docs, "-o", str(folder / "corpus")], check=True)
from kg.build import build
report = build(folder / "store", [folder / "corpus"], jobs=1)
sys.exit(0 if report.ok else 1)
"""


def _start_build() -> tuple[subprocess.Popen, Path] | None:
    """The background build of the 2,000-document store, started at collection."""
    if os.environ.get("KG_LARGE_STORE") or os.environ.get("KG_LARGE_TESTS", "1").lower() in (
        "0",
        "false",
        "no",
    ):
        return None
    folder = Path(tempfile.mkdtemp(prefix="kg-large-store-"))
    log = (folder / "build.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            BUILD,
            str(folder),
            str(ROOT / "benchmarks" / "generate_corpus.py"),
            str(DOCS),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def cleanup() -> None:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(cleanup)
    return process, folder


_BUILD = _start_build()


@pytest.fixture(scope="module")
def large_store() -> Path:
    given = os.environ.get("KG_LARGE_STORE")
    if given:
        return Path(given)
    if _BUILD is None:
        pytest.skip("KG_LARGE_TESTS=0: the 2,000-document store is not built")
    process, folder = _BUILD
    code = process.wait(timeout=3600)
    assert code == 0, (folder / "build.log").read_text(errors="replace")[-4000:]
    return folder / "store"


@pytest.fixture(scope="module")
def large_page_file(large_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from kg.cli import cli

    out = tmp_path_factory.mktemp("large-view") / "large.html"
    result = CliRunner().invoke(cli, ["view", "-s", str(large_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_large_store_offline_page_is_readable(driver, large_page_file: Path) -> None:  # noqa: F811
    page = Page(driver, large_page_file)
    assert page.errors() == []
    _assert_fitted(page)
    _assert_labels_readable(page, at_least=20)
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "viewer-2000-docs.png"))
    # an ego network of the best-connected actor, laid out by itself
    hub = page.js(
        "const k = window.kgViewer; const p = k.positions(); let best = null, deg = -1;"
        "for (const iri of Object.keys(p)) { const n = k.network.getConnectedEdges(k.nodeId(iri)).length;"
        " if (n > deg) { deg = n; best = iri; } } return best;"
    )
    page.js("window.kgViewer.focus(window.kgViewer.nodeId(arguments[0]), 1)", hub)
    _assert_labels_readable(page, at_least=10)
    driver.save_screenshot(str(ARTIFACTS / "viewer-2000-docs-ego.png"))


@pytest.fixture(scope="module")
def large_server(large_store: Path) -> Iterator[server.Server]:
    endpoint = server.make_server(server.Settings(store_path=large_store, port=0, timeout=60, workers=1))
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.shutdown()
        endpoint.server_close()
        thread.join(5)


def test_large_store_served_first_view_is_small_and_readable(driver, large_server: server.Server) -> None:  # noqa: F811
    parts = urllib.parse.urlsplit(large_server.url)
    root = f"{parts.scheme}://{parts.netloc}/"
    driver.get("about:blank")
    driver.get_log("performance")
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    driver.get(root)
    deadline = time.monotonic() + 300
    while not driver.execute_script("return !!(window.kgViewer && window.kgViewer.ready)"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    received = sum(
        e["params"].get("encodedDataLength", 0) for e in events if e["method"] == "Network.loadingFinished"
    )
    assert 0 < received < 2_000_000
    counts = driver.execute_script("return window.kgViewer.counts()")
    assert counts["drawnNodes"] == FIRST_VIEW
    page = Page.__new__(Page)
    page.driver = driver
    _assert_fitted(page)
    _assert_labels_readable(page, at_least=20)
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "viewer-2000-docs-served.png"))


SLIDE = (
    "const s = document.getElementById(arguments[0]); s.value = String(arguments[1]);"
    "s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));"
)


def test_large_store_date_slider_keeps_what_since_and_until_keep(
    driver,  # noqa: F811
    large_page_file: Path,
    large_store: Path,
) -> None:
    """One filter model: the offline page's date slider, moved as a user would, shows exactly
    what kg.network.collaboration_graph keeps with the --since / --until it sets."""
    from kg.network import collaboration_graph

    page = Page(driver, large_page_file)
    n = int(page.js("return document.getElementById('kg-date-from').max")) + 1
    assert n >= 12
    page.js(SLIDE, "kg-date-from", n // 3)
    page.js(SLIDE, "kg-date-to", n // 2)
    since, until = page.js(
        "return [document.getElementById('kg-since').value, document.getElementById('kg-until').value]"
    )
    assert since and until and since < until
    G = collaboration_graph(large_store, layers=("asserted", "comention"), since=since, until=until)
    whole = collaboration_graph(large_store, layers=("asserted", "comention"))
    assert 0 < G.number_of_edges() < whole.number_of_edges()
    shown = page.js("return window.kgViewer.shown()")
    assert shown["nodes"] == sorted(G.nodes)
    assert shown["edges"] == sorted(sorted(e) for e in G.edges)


def test_large_store_served_date_slider_asks_the_server(driver, large_server: server.Server) -> None:  # noqa: F811
    """Served, the slider reloads the view with since/until in its query: the server applies
    the filter over the whole store, and the first view is that of the same filter as JSON."""
    parts = urllib.parse.urlsplit(large_server.url)
    root = f"{parts.scheme}://{parts.netloc}"
    driver.get("about:blank")
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    driver.get(root + "/")
    deadline = time.monotonic() + 300
    while not driver.execute_script("return !!(window.kgViewer && window.kgViewer.ready)"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    n = int(driver.execute_script("return document.getElementById('kg-date-from').max")) + 1
    assert n >= 12
    driver.execute_script(SLIDE, "kg-date-to", n // 2)
    deadline = time.monotonic() + 300
    while "until=" not in driver.current_url or not driver.execute_script(
        "return !!(window.kgViewer && window.kgViewer.ready)"
    ):
        assert time.monotonic() < deadline, "the page did not reload with the date filter"
        time.sleep(0.1)
    query = urllib.parse.urlsplit(driver.current_url).query
    until = urllib.parse.parse_qs(query)["until"][0]
    assert driver.execute_script("return document.getElementById('kg-until').value") == until
    with urllib.request.urlopen(f"{root}/api/view?{query}", timeout=300) as reply:
        expected = json.loads(reply.read())
    iris = [node["iri"] for node in expected["nodes"]]
    shown = driver.execute_script("return window.kgViewer.shown()")
    assert shown["edges"] == sorted(sorted([iris[e["from"]], iris[e["to"]]]) for e in expected["edges"])
    assert len(shown["edges"]) > 0
    assert "All dates" not in driver.execute_script(
        "return document.getElementById('kg-date-range').textContent"
    )
    driver.execute_script("document.getElementById('kg-date-range').scrollIntoView({block: 'center'})")
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "viewer-2000-docs-dates.png"))
