"""The viewer served by ``kg serve`` over the live store (kg.viewer.api): the page at ``/`` for
browsers, the SPARQL protocol unchanged for clients, JSON endpoints that give the same answers
as the CLI, and the page in headless Chromium fetching nothing but its own server."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_viewer_browser import ARTIFACTS, driver  # noqa: F401 - the browser fixture

from kg import server
from kg.cli import cli
from kg.network import collaboration_graph, shortest_evidenced_path
from kg.viewer.api import FIRST_VIEW


@pytest.fixture(scope="module")
def served(seed_store: Path) -> Iterator[server.Server]:
    endpoint = server.make_server(server.Settings(store_path=seed_store, port=0, timeout=20, workers=1))
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.shutdown()
        endpoint.server_close()
        thread.join(5)


def _root(endpoint: server.Server) -> str:
    parts = urllib.parse.urlsplit(endpoint.url)
    return f"{parts.scheme}://{parts.netloc}"


def get(url: str, accept: str = "application/json") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, reply.headers["Content-Type"], reply.read()
    except urllib.error.HTTPError as ex:
        return ex.code, ex.headers["Content-Type"], ex.read()


def test_root_is_the_viewer_for_browsers_and_sparql_for_clients(served: server.Server) -> None:
    root = _root(served)
    status, kind, body = get(root + "/", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and kind.startswith("text/html")
    page = body.decode("utf-8")
    assert 'id="kg-data"' in page and "connect-src 'self'" in page
    assert len(body) < 2_000_000
    # a SPARQL client at / still gets SPARQL answers, and a browser still has the query page
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    status, kind, body = get(f"{root}/?{query}", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, kind, body = get(f"{root}/sparql", "text/html")
    assert status == 200 and b"<form" in body and b'id="kg-data"' not in body
    status, kind, body = get(f"{root}/favicon.ico", "image/*")
    assert status == 200 and kind == "image/png" and body[:8] == b"\x89PNG\r\n\x1a\n"


def test_json_endpoints_answer_as_the_cli_does(served: server.Server, seed_store: Path) -> None:
    root = _root(served) + "/api"
    G = collaboration_graph(seed_store, layers=("asserted", "comention"))
    a, b = "i4H", "Connect"
    status, _, body = get(f"{root}/path?" + urllib.parse.urlencode({"from": a, "to": b, "layer": "all"}))
    assert status == 200
    answer = json.loads(body)
    result = CliRunner().invoke(
        cli, ["path", "-s", str(seed_store), a, b, "--layer", "all", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    cli_hops = json.loads(result.output)
    cli_hops = cli_hops["hops"] if isinstance(cli_hops, dict) else cli_hops
    assert [h["target"] for h in answer["hops"]] == [h["target"] for h in cli_hops]
    hops = shortest_evidenced_path(G, answer["path"][0], answer["path"][-1])
    assert answer["path"] == [answer["path"][0]] + [h["target"] for h in hops]
    # neighbours: the actor and every collaborator
    swl = "https://w3id.org/london-health-kg/id/ods/QWE"
    status, _, body = get(
        f"{root}/neighbours?" + urllib.parse.urlencode({"actor": "SWL ICB", "layer": "all"})
    )
    assert status == 200
    payload = json.loads(body)
    assert sorted(n["iri"] for n in payload["nodes"]) == sorted([swl, *G[swl]])
    # the filters are the CLI's: ICS by any name
    status, _, body = get(
        f"{root}/view?" + urllib.parse.urlencode({"ics": "South West London", "layer": "all"})
    )
    assert status == 200
    swl_graph = collaboration_graph(seed_store, layers=("asserted", "comention"), ics=["SWL ICS"])
    assert sorted(n["iri"] for n in json.loads(body)["nodes"]) == sorted(swl_graph)
    # evidence of one relation, everything a document states, search
    u, v = max(G.edges, key=lambda e: (G.edges[e]["evidence_count"], e))
    status, _, body = get(f"{root}/evidence?" + urllib.parse.urlencode({"a": u, "b": v, "layer": "all"}))
    assert status == 200 and len(json.loads(body)["evidence"]) == G.edges[u, v]["evidence_count"]
    doc = G.edges[u, v]["evidence"][0]["file"]
    status, _, body = get(f"{root}/document?" + urllib.parse.urlencode({"doc": doc}))
    facts = json.loads(body)["facts"]
    assert status == 200 and G.edges[u, v]["evidence"][0]["quote"] in {f["quote"] for f in facts}
    status, _, body = get(f"{root}/search?q=royal+free")
    assert status == 200 and json.loads(body)[0]["label"] == "Royal Free London NHS Foundation Trust"
    # bad requests are clear JSON errors
    status, kind, body = get(f"{root}/path?" + urllib.parse.urlencode({"from": "Nobody Anywhere", "to": b}))
    assert (
        status == 400
        and kind.startswith("application/json")
        and "Nobody Anywhere" in json.loads(body)["error"]
    )
    status, _, body = get(f"{root}/view?kind=Spaceship")
    assert status == 400 and "Spaceship" in json.loads(body)["error"]
    status, _, _ = get(f"{root}/nothing")
    assert status == 404


def test_served_page_explores_with_no_external_request(
    driver,  # noqa: F811 - the fixture imported above
    served: server.Server,
    seed_store: Path,
) -> None:
    root = _root(served)
    driver.get("about:blank")
    driver.get_log("performance")
    driver.get_log("browser")
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    driver.get(root + "/")
    deadline = time.monotonic() + 60
    while not driver.execute_script("return !!(window.kgViewer && window.kgViewer.ready)"):
        assert time.monotonic() < deadline, "the served page never finished drawing"
        time.sleep(0.05)
    G = collaboration_graph(seed_store, layers=("asserted", "comention"))
    counts = driver.execute_script("return window.kgViewer.counts()")
    assert counts["drawnNodes"] == min(G.number_of_nodes(), FIRST_VIEW)
    # the path, from the server: kg path's answer
    a, b = (
        "https://w3id.org/london-health-kg/id/organisation/i4h",
        "https://w3id.org/london-health-kg/id/programme/connect",
    )
    shown = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const k = window.kgViewer; k.showPath(k.nodeId(arguments[0]), k.nodeId(arguments[1])).then(done);",
        a,
        b,
    )
    assert shown == [a] + [h["target"] for h in shortest_evidenced_path(G, a, b)]
    # expanding an actor loads its neighbours
    grown = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.kgViewer.clearPath(); window.kgViewer.expand(arguments[0]).then(done);",
        "https://w3id.org/london-health-kg/id/ods/QWE",
    )
    assert grown >= 1
    # a relation's evidence and a document's facts come from the server when opened
    u, v = max(G.edges, key=lambda e: (G.edges[e]["evidence_count"], e))
    driver.execute_script(
        "window.kgViewer.selectEdge(window.kgViewer.edgeId(arguments[0], arguments[1]))", u, v
    )
    deadline = time.monotonic() + 30
    while driver.execute_script("return document.querySelectorAll('#kg-panel .kg-evidence').length") == 0:
        assert time.monotonic() < deadline, "the evidence never arrived"
        time.sleep(0.05)
    assert driver.execute_script("return document.querySelectorAll('#kg-panel .kg-evidence').length") == len(
        G.edges[u, v]["evidence"]
    )
    text = driver.execute_script("return document.getElementById('kg-panel').textContent")
    assert " ".join(G.edges[u, v]["evidence"][0]["quote"].split()) in " ".join(text.split())
    driver.execute_script("document.querySelector('#kg-panel .kg-doc').click()")
    deadline = time.monotonic() + 30
    while not driver.execute_script("return !!document.getElementById('kg-document-facts')"):
        assert time.monotonic() < deadline, "the document view never arrived"
        time.sleep(0.05)
    assert "What it states" in driver.execute_script("return document.getElementById('kg-panel').textContent")
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "viewer-served.png"))
    events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    urls = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    assert any("/api/path?" in u for u in urls) and any("/api/neighbours?" in u for u in urls)
    outside = [u for u in urls if not u.startswith(root + "/") and not u.startswith("data:")]
    assert outside == []
    errors = [
        e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]
    ]
    assert errors == []


def test_query_page_inputs_per_parameter_and_actors_open_in_the_viewer(
    driver,  # noqa: F811 - the fixture imported above
    served: server.Server,
) -> None:
    """The query page at /sparql lists every saved query with its description and an input per
    parameter; the values are bound, not pasted; an actor IRI in a result opens the actor in the
    viewer of the same server, and the page asks nothing of any other host."""
    import html

    from selenium.webdriver.common.by import By

    from kg import sparql

    root = _root(served)
    status, _, body = get(root + "/sparql", "text/html")
    page = body.decode("utf-8")
    assert status == 200
    for q in sparql.saved_queries():
        assert html.escape(q.description) in page
        assert f'action="/queries/{q.name}"' in page
        for p in q.params:
            assert f'id="p-{q.name}-{p}" name="{p}"' in page
    # a hostile value comes back escaped in its input, and is bound as a string (no row matches)
    evil = '"><script>window.__pwned=1</script>'
    status, _, body = get(
        f"{root}/queries/actors?" + urllib.parse.urlencode({"text": evil, "format": "html"}), "text/html"
    )
    assert status == 200 and b"<script>window.__pwned" not in body
    assert html.escape(evil, quote=True).encode() in body and b"<p>0 rows</p>" in body
    # an input left empty means "not given"
    _, _, all_rows = get(f"{root}/queries/collaborators?format=json", "application/json")
    _, _, empty = get(f"{root}/queries/collaborators?actor=&layer=&format=json", "application/json")
    assert json.loads(empty)["results"] == json.loads(all_rows)["results"]

    driver.get("about:blank")
    driver.get_log("performance")
    driver.execute_cdp_cmd("Network.enable", {})
    driver.get(root + "/sparql")
    assert driver.find_element(By.ID, "q-collaborators").get_attribute("open") is None
    driver.execute_script("document.getElementById('q-collaborators').open = true")
    box = driver.find_element(By.ID, "p-collaborators-actor")
    box.send_keys("SWL ICB")
    box.submit()
    deadline = time.monotonic() + 60
    while "rows</p>" not in driver.page_source:
        assert time.monotonic() < deadline, "the saved query never answered"
        time.sleep(0.1)
    assert driver.find_element(By.ID, "q-collaborators").get_attribute("open") is not None
    assert driver.find_element(By.ID, "p-collaborators-actor").get_attribute("value") == "SWL ICB"
    links = driver.find_elements(By.CSS_SELECTOR, "table a")
    inside = [a.get_attribute("href") for a in links if "/#actor=" in (a.get_attribute("href") or "")]
    assert inside and all(h.startswith(root + "/#actor=") for h in inside)
    assert not [
        a
        for a in links
        if (a.get_attribute("href") or "").startswith("https://w3id.org/london-health-kg/id/")
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "query-page.png"))
    target = urllib.parse.unquote(inside[0].split("#actor=", 1)[1])
    driver.execute_script(
        "arguments[0].click()", next(a for a in links if a.get_attribute("href") == inside[0])
    )
    deadline = time.monotonic() + 60
    while not driver.execute_script("return !!(window.kgViewer && window.kgViewer.ready)"):
        assert time.monotonic() < deadline, "the viewer never opened"
        time.sleep(0.05)
    label = collaboration_graph(served.settings.store_path, layers=("asserted", "comention")).nodes[target][
        "label"
    ]
    deadline = time.monotonic() + 30
    while (
        driver.execute_script(
            "const t = document.getElementById('kg-panel-title'); return t ? t.textContent : ''"
        )
        != label
    ):
        assert time.monotonic() < deadline, "the actor was not shown"
        time.sleep(0.05)
    events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    urls = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    assert [u for u in urls if not u.startswith(root + "/") and not u.startswith("data:")] == []
    assert root + "/favicon.ico" in urls or any(u.startswith(root + "/favicon.ico") for u in urls)


def test_first_view_is_kept_per_state_of_the_store(
    seed_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The served page is rendered once per state of the store and filters and kept in the
    store's cache/ folder: a new server answers it from there without computing the graph, and
    a change to the store gives a new page (the old one removed)."""
    import os
    import shutil

    from kg.network.filters import Filters
    from kg.viewer import api

    store = tmp_path / "store"
    shutil.copytree(seed_store, store, ignore=shutil.ignore_patterns("cache", "lock"))
    both = Filters.make(layers=("asserted", "comention"))
    api._pages.clear()
    body = api.page_bytes(store, both)
    files = sorted((store / "cache").glob(f"{api.PAGE_PREFIX}*.html"))
    assert len(files) == 1 and files[0].read_bytes() == body and b'id="kg-data"' in body
    # a new server (nothing in memory): the same bytes from disk, no graph computed
    api._pages.clear()

    def no_graph(*args, **kwargs):
        raise AssertionError("the graph was computed for a page kept on disk")

    monkeypatch.setattr(api, "_view", no_graph)
    assert api.page_bytes(store, both) == body
    monkeypatch.undo()
    # other filters: another page beside it
    asserted = Filters.make(layers=("asserted",))
    assert api.page_bytes(store, asserted) != body
    assert len(list((store / "cache").glob(f"{api.PAGE_PREFIX}*.html"))) == 2
    # the store changes: a new page, the old ones gone
    database = next(
        p for p in sorted((store / "oxigraph").iterdir()) if p.is_file() and not p.name.startswith("LOG")
    )
    later = database.stat().st_mtime_ns + 5_000_000_000
    os.utime(database, ns=(later, later))
    api.page_bytes(store, both)
    left = sorted((store / "cache").glob(f"{api.PAGE_PREFIX}*.html"))
    assert len(left) == 1 and left[0] not in files
