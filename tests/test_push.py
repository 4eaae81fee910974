"""kg.push and ``kg push``: the Graph Store Protocol, against a small fake store and a real Virtuoso."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import push
from kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REGISTER = "https://w3id.org/london-health-kg/id/graph/register"
# saved queries whose answers Virtuoso 7.2 computes exactly as pyoxigraph does (the others use
# subqueries, aggregates and GRAPH patterns where Virtuoso's SPARQL differs)
PORTABLE = ["funding", "held-on", "lineage", "relation-evidence", "reorganisations"]


def seeds_folder() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        message = f"{path} is missing: these tests build a store from the shared seed documents"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.build import build

    path = tmp_path_factory.mktemp("push") / "store"
    assert build(path, [seeds_folder()], jobs=1).ok
    return path


@pytest.fixture(scope="module")
def db(store_path: Path) -> ox.Store:
    from kg.store import open_store

    return open_store(store_path, read_only=True)


# ---------------------------------------------------------------- a fake Graph Store


class FakeStore(ThreadingHTTPServer):
    """Records the PUTs it is sent; wants ``expected_auth`` in the Authorization header if set."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FakeHandler)
        self.graphs: dict[str, tuple[str, bytes]] = {}
        self.expected_auth: str | None = None
        self.challenge = 'Basic realm="store"'

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/store"


class FakeHandler(BaseHTTPRequestHandler):
    server: FakeStore

    def log_message(self, *args: object) -> None:
        pass

    def do_PUT(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.server.expected_auth and self.headers.get("Authorization") != self.server.expected_auth:
            self.send_response(401)
            self.send_header("WWW-Authenticate", self.server.challenge)
            self.send_header("Content-Length", "12")
            self.end_headers()
            self.wfile.write(b"Unauthorized")
            return
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
        key = query["graph"][0] if "graph" in query else "DEFAULT" if "default" in query else "?"
        self.server.graphs[key] = (self.headers.get("Content-Type", ""), body)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture()
def fake() -> Iterator[FakeStore]:
    store = FakeStore()
    thread = threading.Thread(target=store.serve_forever, daemon=True)
    thread.start()
    yield store
    store.shutdown()
    store.server_close()


def test_push_puts_each_named_graph(db: ox.Store, fake: FakeStore) -> None:
    report = push.push(db, fake.url)
    names = {g.value for g in db.named_graphs()}
    assert set(fake.graphs) == names and report.graphs == len(names) == 7
    assert report.triples == len(db)
    content_type, body = fake.graphs[REGISTER]
    assert content_type.startswith("text/turtle")
    sent = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    local = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in db.quads_for_pattern(None, None, None, ox.NamedNode(REGISTER))
    }
    assert sent == local


def test_push_with_basic_auth_and_bearer(db: ox.Store, fake: FakeStore) -> None:
    fake.expected_auth = "Basic " + base64.b64encode(b"kg:s3cret").decode()
    report = push.push(db, fake.url, auth=push.Auth("auto", user="kg", password="s3cret"), graphs=[REGISTER])
    assert report.graphs == 1 and REGISTER in fake.graphs
    fake.graphs.clear()
    push.push(db, fake.url, auth=push.Auth("basic", user="kg", password="s3cret"), graphs=[REGISTER])
    assert REGISTER in fake.graphs
    fake.expected_auth = "Bearer tok-123"
    push.push(db, fake.url, auth=push.Auth("bearer", token="tok-123"), graphs=[REGISTER], fmt="ntriples")
    assert fake.graphs[REGISTER][0].startswith("application/n-triples")
    with pytest.raises(push.PushError, match=r"401 .*check --user/--password"):
        push.push(db, fake.url, auth=push.Auth("basic", user="kg", password="wrong"), graphs=[REGISTER])


def test_push_default_graph_and_errors(fake: FakeStore) -> None:
    store = ox.Store()
    store.add(
        ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"), ox.DefaultGraph())
    )
    assert push.store_graphs(store) == [None]
    push.push(store, fake.url)
    assert "DEFAULT" in fake.graphs
    with pytest.raises(push.PushError, match="cannot reach"):
        push.push(store, "http://127.0.0.1:9/store", timeout=2)
    with pytest.raises(push.PushError, match="http"):
        push.push(store, "ftp://example.org/store")
    with pytest.raises(ValueError, match="needs a token"):
        push.Auth("bearer")


def test_push_command(store_path: Path, fake: FakeStore) -> None:
    out = CliRunner().invoke(cli, ["push", fake.url, "--store", str(store_path), "--graph", REGISTER])
    assert out.exit_code == 0, out.output
    assert "pushed 1 graphs" in out.output and list(fake.graphs) == [REGISTER]
    fake.expected_auth = "Basic " + base64.b64encode(b"u:p").decode()
    out = CliRunner().invoke(
        cli, ["push", fake.url, "--store", str(store_path), "--user", "u", "--password", "bad"]
    )
    assert out.exit_code == 1 and "401" in out.output


# ---------------------------------------------------------------- Virtuoso

VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso started on free loopback ports from a config in a temp folder; its base URL."""
    exe = shutil.which("virtuoso-t")
    if exe is None:
        message = "virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql_port=free_port(), http_port=http_port), encoding="utf-8")
    log = (folder / "console.log").open("w")
    process = subprocess.Popen(
        [exe, "+configfile", str(ini), "+foreground"],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=2) as response:
                    response.read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("Virtuoso did not start:\n" + (folder / "console.log").read_text()[-2000:])
                time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


def remote_rows(url: str, query: str, variables: list[str]) -> list[tuple[str | None, ...]]:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        f"{url}/sparql", data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        bindings = json.load(response)["results"]["bindings"]
    return sorted((tuple(b[v]["value"] if v in b else None for v in variables) for b in bindings), key=repr)


def local_rows(store_path: Path, name: str) -> tuple[list[str], list[tuple[str | None, ...]]]:
    out = CliRunner().invoke(cli, ["query", name, "--store", str(store_path), "-f", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    variables = doc["head"]["vars"]
    rows = [tuple(b[v]["value"] if v in b else None for v in variables) for b in doc["results"]["bindings"]]
    return variables, sorted(rows, key=repr)


def test_push_to_virtuoso_then_query_it(virtuoso: str, store_path: Path, db: ox.Store) -> None:
    gsp = f"{virtuoso}/sparql-graph-crud-auth"
    stale = "https://w3id.org/london-health-kg/id/stale/thing"
    request = urllib.request.Request(
        push.graph_url(gsp, REGISTER),
        method="PUT",
        data=f"<{stale}> <{stale}> <{stale}> .".encode(),
        headers={"Content-Type": "text/turtle"},
    )
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, gsp, "dba", "dba")
    urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager)).open(
        request, timeout=30
    ).read()

    out = CliRunner().invoke(
        cli,
        ["push", gsp, "--store", str(store_path), "--user", "dba", "--password", "dba", "--auth", "digest"],
    )
    assert out.exit_code == 0, out.output
    assert f"pushed 7 graphs, {len(db)} triples" in out.output

    # every graph arrived whole, and the PUT replaced what the register graph held before
    counts = remote_rows(
        virtuoso,
        """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
        FILTER(STRSTARTS(STR(?g), "https://w3id.org/london-health-kg/id/")) } GROUP BY ?g""",
        ["g", "n"],
    )
    local = sorted(
        (
            (g.value, str(sum(1 for _ in db.quads_for_pattern(None, None, None, g))))
            for g in db.named_graphs()
        ),
        key=repr,
    )
    assert counts == local
    assert remote_rows(virtuoso, f"ASK {{ <{stale}> ?p ?o }}".replace("ASK", "SELECT ?p WHERE"), ["p"]) == []

    # the saved queries give the same answers on Virtuoso as `kg query` here
    for name in PORTABLE:
        from kg import sparql

        variables, expected = local_rows(store_path, name)
        assert expected, name
        assert remote_rows(virtuoso, sparql.saved_query(name).text, variables) == expected, name

    out = CliRunner().invoke(
        cli,
        [
            "push",
            gsp,
            "--store",
            str(store_path),
            "--user",
            "dba",
            "--password",
            "wrong",
            "--auth",
            "digest",
            "--graph",
            REGISTER,
        ],
    )
    assert out.exit_code == 1 and "401" in out.output
