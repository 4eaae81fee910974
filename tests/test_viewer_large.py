"""The viewer on a 2,000-document generated store (benchmarks/generate_corpus.py): the offline page
and the served page stay readable, and their screenshots are written for people to look at.

Building the store takes a minute or more, so these tests run only when asked:
``KG_LARGE_TESTS=1`` builds the corpus and store in a temporary folder, or
``KG_LARGE_STORE=PATH`` uses a store already built from ``generate_corpus.py -n 2000``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_viewer_browser import ARTIFACTS, Page, _assert_fitted, _assert_labels_readable, driver  # noqa: F401

from kg import server
from kg.viewer.api import FIRST_VIEW

ROOT = Path(__file__).resolve().parent.parent
DOCS = 2000


@pytest.fixture(scope="module")
def large_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("KG_LARGE_STORE")
    if given:
        return Path(given)
    if os.environ.get("KG_LARGE_TESTS", "") not in ("1", "true", "yes"):
        pytest.skip("set KG_LARGE_TESTS=1 (or KG_LARGE_STORE=PATH) to build and view a 2,000-document store")
    from kg.build import build

    folder = tmp_path_factory.mktemp("large")
    corpus = folder / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate_corpus.py"), "-n", str(DOCS), "-o", str(corpus)],
        check=True,
        capture_output=True,
    )
    store = folder / "store"
    assert build(store, [corpus], jobs=2).ok
    return store


def test_large_store_offline_page_is_readable(driver, large_store: Path, tmp_path: Path) -> None:  # noqa: F811
    from click.testing import CliRunner

    from kg.cli import cli

    out = tmp_path / "large.html"
    result = CliRunner().invoke(cli, ["view", "-s", str(large_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = Page(driver, out)
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
    import urllib.parse

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
