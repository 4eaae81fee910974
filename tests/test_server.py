"""kg.server and ``kg serve``: the SPARQL 1.1 Protocol endpoint, tested with SPARQLWrapper and curl."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import server

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ICS_QUERY = (
    "PREFIX kg: <https://w3id.org/london-health-kg/ontology#>\n"
    "SELECT ?ics WHERE { ?ics a kg:ICS } ORDER BY ?ics"
)
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def seeds_folder() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        message = f"{path} is missing: these tests build a store from the shared seed documents"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def need_curl() -> str:
    curl = shutil.which("curl")
    if curl is None:
        if IN_CI:
            pytest.fail("curl is missing: install it in CI")
        pytest.skip("curl is not installed")
    return curl


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build import build

    path = tmp_path_factory.mktemp("serve") / "store"
    assert build(path, [seeds_folder()], jobs=1).ok
    return path


def running(settings: server.Settings) -> Iterator[server.Server]:
    endpoint = server.make_server(settings)
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.shutdown()
        endpoint.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def endpoint(store_path: Path) -> Iterator[server.Server]:
    yield from running(server.Settings(store_path=store_path, port=0, timeout=10, max_rows=50))


@pytest.fixture(scope="module")
def strict(store_path: Path) -> Iterator[server.Server]:
    """An endpoint with a one-second timeout and a single worker."""
    yield from running(server.Settings(store_path=store_path, port=0, timeout=1, workers=1))


def curl(*args: str) -> tuple[int, dict[str, str], str]:
    """Run curl; return the status, the headers (lower-case names) and the body."""
    out = subprocess.run(
        [need_curl(), "-s", "-i", "--max-time", "30", *args], capture_output=True, text=True, check=True
    ).stdout
    head, _, body = out.replace("\r\n", "\n").partition("\n\n")
    lines = head.split("\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body


# ---------------------------------------------------------------- SPARQLWrapper


def test_sparqlwrapper_select_ask_construct(endpoint: server.Server) -> None:
    from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint.url)
    client.setQuery(ICS_QUERY)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert len(bindings) == 5
    assert bindings[-1]["ics"] == {
        "type": "uri",
        "value": "https://w3id.org/london-health-kg/id/ics/E54000031",
    }
    client.setMethod(POST)
    assert len(client.query().convert()["results"]["bindings"]) == 5
    client.setReturnFormat(XML)
    assert len(client.query().convert().getElementsByTagName("result")) == 5
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[0] == "ics"
    client.setReturnFormat(JSON)
    client.setQuery("PREFIX kg: <https://w3id.org/london-health-kg/ontology#> ASK { ?x a kg:ICB }")
    assert client.query().convert()["boolean"] is True
    client.setQuery(
        "PREFIX kg: <https://w3id.org/london-health-kg/ontology#> CONSTRUCT { ?x a kg:ICS } WHERE { ?x a kg:ICS }"
    )
    client.setReturnFormat(TURTLE)
    from rdflib import Graph

    assert len(Graph().parse(data=client.query().convert(), format="turtle")) == 5


def test_sparqlwrapper_runs_a_saved_query_text(endpoint: server.Server) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    from kg import sparql

    client = SPARQLWrapper(endpoint.url)
    client.setQuery(sparql.saved_query("reorganisations").text)
    client.setReturnFormat(JSON)
    kinds = {b["kind"]["value"] for b in client.query().convert()["results"]["bindings"]}
    assert {"merger", "replacement", "establishment"} <= kinds


# ---------------------------------------------------------------- curl


def test_curl_get_post_and_content_negotiation(endpoint: server.Server) -> None:
    status, headers, body = curl(
        "-G", "-H", "Accept: text/csv", "--data-urlencode", f"query={ICS_QUERY}", endpoint.url
    )
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.splitlines()[0] == "ics" and len(body.splitlines()) == 6
    assert headers["access-control-allow-origin"] == "*"
    status, headers, body = curl(
        "-H", "Accept: text/tab-separated-values", "--data-urlencode", f"query={ICS_QUERY}", endpoint.url
    )
    assert status == 200 and body.splitlines()[0] == "?ics" and body.splitlines()[1].startswith("<https://")
    status, headers, body = curl(
        "-H",
        "Content-Type: application/sparql-query",
        "-H",
        "Accept: application/sparql-results+xml",
        "--data-binary",
        ICS_QUERY,
        endpoint.url,
    )
    assert status == 200 and headers["content-type"] == "application/sparql-results+xml"
    assert body.count("<result>") == 5
    status, headers, body = curl("--data-urlencode", f"query={ICS_QUERY}", endpoint.url)  # Accept: */*
    assert status == 200 and headers["content-type"] == "application/sparql-results+json"
    assert len(json.loads(body)["results"]["bindings"]) == 5
    status, headers, body = curl(
        "-G", "--data-urlencode", f"query={ICS_QUERY}", "--data-urlencode", "format=tsv", endpoint.url
    )
    assert headers["content-type"].startswith("text/tab-separated-values")
    construct = "PREFIX kg: <https://w3id.org/london-health-kg/ontology#> CONSTRUCT { ?x a kg:ICS } WHERE { ?x a kg:ICS }"
    status, headers, body = curl(
        "-H", "Accept: application/n-triples", "--data-urlencode", f"query={construct}", endpoint.url
    )
    assert (
        status == 200 and headers["content-type"] == "application/n-triples" and len(body.splitlines()) == 5
    )
    status, _, body = curl("-H", "Accept: image/png", "--data-urlencode", f"query={ICS_QUERY}", endpoint.url)
    assert status == 406 and "text/csv" in body


def test_dataset_parameters_pick_the_graphs(endpoint: server.Server) -> None:
    register = "https://w3id.org/london-health-kg/id/graph/register"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/london-health-kg/ontology#Document> }"
    _, _, body = curl("-G", "--data-urlencode", f"query={count}", endpoint.url)
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "5"
    _, _, body = curl(
        "-G",
        "--data-urlencode",
        f"query={count}",
        "--data-urlencode",
        f"default-graph-uri={register}",
        endpoint.url,
    )
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"


def test_cors_preflight(endpoint: server.Server) -> None:
    status, headers, _ = curl(
        "-X",
        "OPTIONS",
        "-H",
        "Origin: https://yasgui.example",
        "-H",
        "Access-Control-Request-Method: POST",
        endpoint.url,
    )
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]
    assert "Content-Type" in headers["access-control-allow-headers"]


def test_updates_are_refused(endpoint: server.Server, store_path: Path) -> None:
    update = "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }"
    status, headers, body = curl(
        "-H", "Content-Type: application/sparql-update", "--data-binary", update, endpoint.url
    )
    assert status == 403 and "read-only" in body and headers["access-control-allow-origin"] == "*"
    status, _, body = curl("--data-urlencode", f"update={update}", endpoint.url)
    assert status == 403 and "read-only" in body
    status, _, body = curl("--data-urlencode", f"query={update}", endpoint.url)
    assert status == 403 and "read-only" in body
    status, _, _ = curl("-X", "PUT", "--data-binary", "<a:b> <a:c> <a:d> .", endpoint.url)
    assert status == 403
    status, _, body = curl(
        "-G", "--data-urlencode", "query=ASK { ?s ?p <http://example.org/c> }", endpoint.url
    )
    assert json.loads(body)["boolean"] is False
    status, _, body = curl(
        "--data-urlencode",
        "query=SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
        endpoint.url,
    )
    assert status == 403 and "SERVICE" in body


def test_errors_are_clear(endpoint: server.Server) -> None:
    status, _, body = curl("--data-urlencode", "query=SELECT * WHERE { ?s ?p ?o", endpoint.url)
    assert status == 400 and "line 1, column" in body
    status, _, body = curl(endpoint.url)  # no query, not a browser
    assert status == 400 and "no query" in body
    status, _, body = curl("--data-urlencode", "query=SELECT ?s WHERE { ?s ?p ?o }", endpoint.url)
    assert status == 400 and "more than 50 rows" in body
    status, _, _ = curl(endpoint.url.replace("/sparql", "/elsewhere"))
    assert status == 404


def test_timeout_stops_the_query_and_the_endpoint_recovers(strict: server.Server) -> None:
    started = time.monotonic()
    status, headers, body = curl("--data-urlencode", f"query={SLOW_QUERY}", strict.url)
    elapsed = time.monotonic() - started
    assert status == 503 and "timed out after 1 s" in body
    assert headers["access-control-allow-origin"] == "*"
    assert elapsed < 10
    assert strict.pool.killed == 1
    for _ in range(100):  # a fresh worker takes over
        status, _, body = curl("-H", "Accept: text/csv", "--data-urlencode", f"query={ICS_QUERY}", strict.url)
        if status == 200:
            break
        time.sleep(0.1)
    assert status == 200 and len(body.splitlines()) == 6


def test_saved_queries_over_the_endpoint(endpoint: server.Server) -> None:
    base = endpoint.url.replace("/sparql", "/queries")
    status, headers, body = curl(base)
    listed = {q["name"]: q for q in json.loads(body)}
    assert "collaborators" in listed and listed["collaborators"]["params"] == ["actor", "layer"]
    query = urllib.parse.urlencode({"actor": "South West London ICB"})
    status, headers, body = curl(
        "-H", "Accept: application/sparql-results+json", f"{base}/collaborators?{query}"
    )
    assert status == 200
    found = json.loads(body)["results"]["bindings"]
    hin = [
        b for b in found if b["collaborator"]["value"].endswith("/ref/health-innovation-network-south-london")
    ]
    assert hin and "work with the Health Innovation Network" in hin[0]["quotes"]["value"]
    status, headers, body = curl(f"{base}/collaborators.rq")
    assert status == 200 and body.startswith("# name: collaborators")
    status, _, body = curl(f"{base}/collaborators?person=x")
    assert status == 400 and "takes ?actor ?layer" in body
    status, _, _ = curl(f"{base}/nope")
    assert status == 404


def test_html_page_escapes_everything(endpoint: server.Server) -> None:
    status, headers, body = curl("-H", "Accept: text/html", endpoint.url)
    assert status == 200 and headers["content-type"].startswith("text/html") and "<form" in body
    evil = 'SELECT ("<script>alert(1)</script>" AS ?x) (<javascript:alert(2)> AS ?y) WHERE {}'
    status, _, body = curl("-G", "-H", "Accept: text/html", "--data-urlencode", f"query={evil}", endpoint.url)
    assert status == 200
    assert "<script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert 'href="javascript' not in body
    status, _, body = curl(
        "-G", "-H", "Accept: text/html", "--data-urlencode", "query=SELECT </script> {", endpoint.url
    )
    assert status == 400 and "</script>" not in body and "&lt;/script&gt;" in body


def test_bound_to_loopback_by_default(endpoint: server.Server) -> None:
    assert server.Settings(store_path=Path("x")).host == "127.0.0.1"
    assert endpoint.server_address[0] == "127.0.0.1"


def test_kg_serve_command(store_path: Path) -> None:
    need_curl()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store_path), "--port", "0", "--workers", "1"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        line = process.stderr.readline()
        assert "SPARQL endpoint at http://127.0.0.1:" in line, line
        url = line.split(" at ", 1)[1].split()[0]
        status, _, body = curl("-H", "Accept: text/csv", "--data-urlencode", f"query={ICS_QUERY}", url)
        assert status == 200 and len(body.splitlines()) == 6
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


# ---------------------------------------------------------------- hostile clients (issue 22)


def raw_request(endpoint: server.Server, data: bytes, *, timeout: float = 10) -> tuple[int, str]:
    """Send bytes as they are; return the status and body of the answer."""
    import http.client
    import socket

    host, port = endpoint.server_address[:2]
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(data)
        answer = http.client.HTTPResponse(sock)
        answer.begin()
        return answer.status, answer.read().decode("utf-8", "replace")


def post_query(query: str) -> bytes:
    body = query.encode("utf-8")
    return (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )


def test_service_calls_in_every_escape_form_are_refused(endpoint: server.Server) -> None:
    from tests.test_sparql import Listener, service_escapes

    listener = Listener()
    try:
        for name, query in service_escapes(listener.port).items():
            status, body = raw_request(endpoint, post_query(query))
            assert (status, "SERVICE" in body) == (403, True), (name, status, body)
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


def test_query_workers_have_no_network(store_path: Path) -> None:
    """A second wall behind the SERVICE check: on Linux the workers run in an empty network namespace."""
    from tests.test_sparql import Listener

    listener = Listener()
    code = (
        "import socket, sys; from kg.server.workers import _isolate_network; state = _isolate_network(); "
        "print(state); s = socket.socket(); s.settimeout(2); "
        "print('reached' if s.connect_ex(('127.0.0.1', int(sys.argv[1]))) == 0 else 'unreachable')"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(listener.port)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=30,
        )
        state, reach = done.stdout.split("\n")[:2]
        if state != "isolated":  # a second wall only: the SERVICE check above is the contract
            pytest.skip(f"network namespaces are unavailable here (no privilege or user namespaces): {state}")
        assert reach == "unreachable" and listener.connections == 0
    finally:
        listener.close()


def test_a_query_cannot_read_files_of_the_server(endpoint: server.Server, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-LINE-4242 not for the network\n", encoding="utf-8")
    status, _, body = curl("-G", "--data-urlencode", f"query={secret}", endpoint.url)
    assert status == 400 and "SECRET-LINE" not in body
    # saved queries are still run by name
    status, _, body = curl("-G", "-H", "Accept: text/csv", "--data-urlencode", "query=ics-list", endpoint.url)
    assert status in (200, 400) and "SECRET" not in body


def test_deep_queries_get_400_and_leave_the_workers_alive(endpoint: server.Server) -> None:
    deep = "SELECT * WHERE " + "{" * 10_000 + " ?s ?p ?o " + "}" * 10_000
    status, body = raw_request(endpoint, post_query(deep))
    assert status == 400 and "nests brackets 10,000 deep; at most 100" in body
    status, body = raw_request(endpoint, post_query("SELECT (" + "!" * 50_000 + "true AS ?x) {}"))
    assert status == 200 and '"true"' in body
    status, body = raw_request(endpoint, post_query("ASK {" + " " * 100_001 + "}"))
    assert status == 400 and "characters long" in body
    # no worker died on the way: all of them are idle and running
    assert len(endpoint.pool.idle) == endpoint.pool.target
    assert all(w.process.poll() is None for w in endpoint.pool.idle)


def test_request_bodies_are_bounded(endpoint: server.Server) -> None:
    head = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    for length in (b"-1", b"abc", b"1e3", b"+10", b" "):
        status, body = raw_request(
            endpoint, head + b"Content-Length: " + length + b"\r\n\r\nASK {}", timeout=5
        )
        assert status == 400 and "Content-Length" in body, length
    status, _ = raw_request(
        endpoint, head + b"Content-Length: 6\r\nContent-Length: 7\r\n\r\nASK {}", timeout=5
    )
    assert status == 400
    status, body = raw_request(endpoint, head + b"Content-Length: 99999999999\r\n\r\nASK {}", timeout=5)
    assert status == 413
    # chunked: a small body is read, a large one refused once it passes the limit
    chunked = head + b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    query = ICS_QUERY.encode()
    status, body = raw_request(endpoint, chunked + b"%x\r\n%s\r\n0\r\n\r\n" % (len(query), query))
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
    piece = b"#" * 60_000
    flood = chunked + (b"%x\r\n%s\r\n" % (len(piece), piece)) * 20 + b"0\r\n\r\n"
    status, body = raw_request(endpoint, flood, timeout=10)
    assert status == 413
    status, _ = raw_request(endpoint, chunked + b"zz\r\nASK {}\r\n0\r\n\r\n")
    assert status == 400
    status, _ = raw_request(endpoint, head + b"Transfer-Encoding: gzip\r\n\r\n")
    assert status == 400


def test_invalid_default_graph_uri_is_a_400(endpoint: server.Server) -> None:
    status, _, body = curl(
        "-G",
        "--data-urlencode",
        "query=ASK { ?s ?p ?o }",
        "--data-urlencode",
        "default-graph-uri=not an iri",
        endpoint.url,
    )
    assert status == 400 and "default-graph-uri 'not an iri' is not a valid IRI" in body
    status, _, body = curl(
        "-G",
        "--data-urlencode",
        "query=ASK { ?s ?p ?o }",
        "--data-urlencode",
        "named-graph-uri=a b",
        endpoint.url,
    )
    assert status == 400 and "named-graph-uri" in body


def test_idle_connections_are_bounded(store_path: Path) -> None:
    import socket

    settings = server.Settings(store_path=store_path, port=0, idle_timeout=1, max_connections=4, workers=1)
    for endpoint in running(settings):
        host, port = endpoint.server_address[:2]
        idle = [socket.create_connection((host, port), timeout=5) for _ in range(4)]
        time.sleep(0.3)
        status, body = raw_request(endpoint, post_query(ICS_QUERY))  # a fifth connection: turned away
        assert status == 503 and "too many open connections" in body
        for sock in idle:  # the server closes each silent connection after idle_timeout
            assert sock.recv(1) == b""
            sock.close()
        time.sleep(0.3)
        status, _ = raw_request(endpoint, post_query(ICS_QUERY))
        assert status == 200 and endpoint.connections <= 1


def test_a_client_that_goes_away_leaves_no_traceback(store_path: Path) -> None:
    import socket
    import struct

    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store_path), "--port", "0", "--timeout", "2"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        line = process.stderr.readline()
        url = line.split(" at ", 1)[1].split()[0]
        host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
        for query in (SLOW_QUERY, ICS_QUERY):
            for _ in range(3):
                sock = socket.create_connection((host, port))
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.sendall(post_query(query))
                sock.close()  # a reset, before the answer
        time.sleep(3)
        status, _, body = curl("-H", "Accept: text/csv", "--data-urlencode", f"query={ICS_QUERY}", url)
        assert status == 200 and len(body.splitlines()) == 6
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate(timeout=5)
    assert "Traceback" not in err, err[-2000:]


def test_a_rebuilt_store_is_served_without_a_restart(tmp_path: Path) -> None:
    """`kg build` while `kg serve` runs: the endpoint answers from the new store within seconds."""
    from kg.build import build

    docs = tmp_path / "docs"
    docs.mkdir()
    sentences = [
        "South West London ICB works with King's College Hospital NHS Foundation Trust.",
        "North East London ICB funds the Tower Hamlets Together partnership.",
        "NHS England commissions services from Guy's and St Thomas' NHS Foundation Trust.",
    ]
    (docs / "one.txt").write_text(sentences[0] + "\n", encoding="utf-8")
    store = tmp_path / "store"
    assert build(store, [docs], jobs=1).ok
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/london-health-kg/ontology#Document> }"

    def documents(endpoint: server.Server) -> int:
        _, _, body = curl("-G", "-H", "Accept: text/csv", "--data-urlencode", f"query={count}", endpoint.url)
        return int(body.splitlines()[1])

    def wait_for(endpoint: server.Server, n: int) -> int:
        deadline = time.monotonic() + 30
        while (seen := documents(endpoint)) != n and time.monotonic() < deadline:
            time.sleep(0.2)
        return seen

    for endpoint in running(server.Settings(store_path=store, port=0, workers=1)):
        assert documents(endpoint) == 1
        (docs / "two.txt").write_text(sentences[1] + "\n", encoding="utf-8")
        assert build(store, [docs], jobs=1, bulk=False).ok  # written in place, one transaction
        assert wait_for(endpoint, 2) == 2
        (docs / "three.txt").write_text(sentences[2] + "\n", encoding="utf-8")
        assert build(store, [docs], jobs=1, bulk=True).ok  # a new database swapped in
        assert wait_for(endpoint, 3) == 3
        assert endpoint.pool.refreshed >= 2
