"""kg.push and ``kg push``: the Graph Store Protocol, against a small fake store and a real Virtuoso."""

from __future__ import annotations

import base64
import contextlib
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
from dataclasses import dataclass
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
    """Records the PUTs and DELETEs it is sent; wants ``expected_auth`` in the Authorization header
    if set, or (``digest`` set to ``(user, password)``) an RFC 7616 MD5 Digest answer to one of the
    nonces it handed out, as Virtuoso's ``/sparql-graph-crud-auth`` does."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FakeHandler)
        self.graphs: dict[str, tuple[str, bytes]] = {}
        self.requests: list[tuple[str, str]] = []
        self.expected_auth: str | None = None
        self.challenge = 'Basic realm="store"'
        self.digest: tuple[str, str] | None = None
        self.nonces: dict[str, int] = {}  # nonce -> last nc seen
        self.fail_on: set[str] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/store"

    def digest_ok(self, method: str, header: str) -> bool:
        import hashlib
        import re

        if self.digest is None or not header.startswith("Digest "):
            return False
        fields = {k: a or b for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]*))', header[7:])}
        nonce, nc = fields.get("nonce", ""), int(fields.get("nc", "0"), 16)
        if nonce not in self.nonces or nc <= self.nonces[nonce]:
            return False
        user, password = self.digest

        def md5(text: str) -> str:
            return hashlib.md5(text.encode()).hexdigest()

        ha1 = md5(f"{user}:store:{password}")
        ha2 = md5(f"{method}:{fields.get('uri')}")
        expected = md5(f"{ha1}:{nonce}:{fields.get('nc')}:{fields.get('cnonce')}:auth:{ha2}")
        if fields.get("username") != user or fields.get("response") != expected:
            return False
        self.nonces[nonce] = nc
        return True


class FakeHandler(BaseHTTPRequestHandler):
    server: FakeStore

    def log_message(self, *args: object) -> None:
        pass

    def _refuse(self) -> None:
        import secrets

        self.send_response(401)
        if self.server.digest is not None and (self.headers.get("Authorization") or "").startswith("Basic "):
            pass  # as Virtuoso does: Basic credentials get a bare 401, with no challenge to answer
        elif self.server.digest is not None:
            nonce = secrets.token_hex(8)
            self.server.nonces[nonce] = 0
            self.send_header(
                "WWW-Authenticate", f'Digest realm="store", nonce="{nonce}", qop="auth", algorithm="MD5"'
            )
        else:
            self.send_header("WWW-Authenticate", self.server.challenge)
        self.send_header("Content-Length", "12")
        self.end_headers()
        self.wfile.write(b"Unauthorized")

    def _graph(self) -> str:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
        return query["graph"][0] if "graph" in query else "DEFAULT" if "default" in query else "?"

    def _allowed(self) -> bool:
        header = self.headers.get("Authorization") or ""
        if self.server.digest is not None:
            return self.server.digest_ok(self.command, header)
        return not self.server.expected_auth or header == self.server.expected_auth

    def do_PUT(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not self._allowed():
            self._refuse()
            return
        key = self._graph()
        if key in self.server.fail_on:
            self.send_response(500)
            self.send_header("Content-Length", "10")
            self.end_headers()
            self.wfile.write(b"disk full\n")
            return
        self.server.requests.append(("PUT", key))
        self.server.graphs[key] = (self.headers.get("Content-Type", ""), body)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_DELETE(self) -> None:  # noqa: N802
        if not self._allowed():
            self._refuse()
            return
        key = self._graph()
        self.server.requests.append(("DELETE", key))
        self.server.graphs.pop(key, None)
        self.send_response(204)
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


def error_lines(out) -> list[str]:  # type: ignore[no-untyped-def]
    """The command's stderr lines, after checking it ended with exit 1 and no traceback."""
    assert out.exit_code == 1, out.output
    assert isinstance(out.exception, SystemExit), out.exception
    assert "Traceback" not in out.output
    return [line for line in out.stderr.splitlines() if line.strip()]


def test_push_auto_answers_a_digest_challenge_for_every_graph(store_path: Path, fake: FakeStore) -> None:
    # issue 22 item 8: the default --auth auto gave up with 401 after the first graph when the
    # server asks for Digest (as Virtuoso does); every graph must arrive, each request answering
    # a nonce the server handed out
    fake.digest = ("kg", "s3cret")
    out = CliRunner().invoke(
        cli, ["push", fake.url, "--store", str(store_path), "--user", "kg", "--password", "s3cret"]
    )
    assert out.exit_code == 0, out.output
    assert "pushed 7 graphs" in out.stdout
    assert sorted(g for _, g in fake.requests) == sorted(g.value for g in open_db(store_path).named_graphs())
    # the nonce is reused with a counted nc, so the whole push cost one extra request, not one per graph
    assert len(fake.nonces) == 1 and max(fake.nonces.values()) == 7
    # a wrong password is refused in one line, after one answered challenge
    out = CliRunner().invoke(
        cli,
        [
            "push",
            fake.url,
            "--store",
            str(store_path),
            "--user",
            "kg",
            "--password",
            "wrong",
            "--graph",
            REGISTER,
        ],
    )
    lines = error_lines(out)
    assert len(lines) == 1 and "401" in lines[0] and "refused the credentials" in lines[0], lines


def open_db(store_path: Path) -> ox.Store:
    from kg.store import open_store

    return open_store(store_path, read_only=True)


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("http://[::1/store", "not a valid URL"),
        ("http://127.0.0.1:99999/store", "not a valid URL"),
        ("http://127.0.0.1:80a/store", "not a valid URL"),
        ("http:///store", "no host"),
        ("localhost:8890/sparql-graph-crud-auth", "http(s) URL"),
        ("http://exa mple.org/store", "not a valid URL"),
    ],
)
def test_push_malformed_url_is_one_line(store_path: Path, endpoint: str, problem: str) -> None:
    # issue 22 item 9: a malformed URL ended in a traceback (ValueError, OverflowError)
    out = CliRunner().invoke(cli, ["push", endpoint, "--store", str(store_path), "--graph", REGISTER])
    lines = error_lines(out)
    assert len(lines) == 1 and problem in lines[0] and endpoint in lines[0], lines


@pytest.fixture()
def not_http() -> Iterator[str]:
    """A TCP server that answers like an SSH daemon, not in HTTP."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    conn.recv(65536)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/store"
    stop.set()
    thread.join(5)
    server.close()


def test_push_non_http_reply_is_one_line(store_path: Path, not_http: str) -> None:
    # issue 22 item 9: http.client.BadStatusLine came out as a traceback
    out = CliRunner().invoke(
        cli, ["push", not_http, "--store", str(store_path), "--graph", REGISTER, "--timeout", "5"]
    )
    lines = error_lines(out)
    assert len(lines) == 1 and "did not answer in HTTP" in lines[0] and "right host and port" in lines[0], (
        lines
    )


def test_push_bearer_challenge(store_path: Path, fake: FakeStore) -> None:
    # issue 22 item 9: a Bearer challenge to a push with a user and password raised ValueError
    # from urllib's Basic handler; it must say that a token is needed, in one line
    fake.expected_auth = "Bearer tok-9"
    fake.challenge = 'Bearer realm="store", error="invalid_token"'
    for extra in (["--user", "u", "--password", "p"], []):
        out = CliRunner().invoke(
            cli, ["push", fake.url, "--store", str(store_path), "--graph", REGISTER, *extra]
        )
        lines = error_lines(out)
        assert len(lines) == 1 and "asks for a Bearer token" in lines[0] and "--token" in lines[0], lines
    assert fake.graphs == {}
    # with the token, auto answers the Bearer challenge
    out = CliRunner().invoke(
        cli, ["push", fake.url, "--store", str(store_path), "--graph", REGISTER, "--token", "tok-9"]
    )
    assert out.exit_code == 0, out.output
    assert list(fake.graphs) == [REGISTER]


def test_push_stopped_half_way_says_what_was_written_and_resumes(store_path: Path, fake: FakeStore) -> None:
    # issue 22 item 8: a push that stops half-way says exactly what was written and how to resume
    names = sorted(g.value for g in open_db(store_path).named_graphs())
    fake.fail_on = {names[3]}
    out = CliRunner().invoke(cli, ["push", fake.url, "--store", str(store_path)])
    lines = error_lines(out)
    assert lines[-2].startswith(f"Error: {names[3]}: {fake.url} answered 500"), lines
    assert "3 of 7 graphs are on the server" in lines[-1] and "--resume" in lines[-1], lines
    assert [g for _, g in fake.requests] == names[:3]
    journal = push.journal_path(store_path, fake.url)
    assert set(push.read_journal(journal)) == set(names[:3]) and str(journal) in lines[-1]

    fake.fail_on = set()
    fake.requests.clear()
    out = CliRunner().invoke(cli, ["push", fake.url, "--store", str(store_path), "--resume"])
    assert out.exit_code == 0, out.output
    assert [g for _, g in fake.requests] == names[3:]
    assert "pushed 4 graphs" in out.stdout and "3 unchanged skipped" in out.stdout
    assert set(fake.graphs) == set(names)

    # nothing changed: nothing is sent; a graph the journal holds but the store no longer has is
    # deleted from the server (a document removed by a rebuild)
    gone = "https://w3id.org/london-health-kg/id/doc/" + "0" * 40
    fake.graphs[gone] = ("text/turtle", b"")
    with journal.open("a", encoding="utf-8") as handle:
        handle.write(f"{'a' * 64}\t{gone}\n")
    fake.requests.clear()
    out = CliRunner().invoke(cli, ["push", fake.url, "--store", str(store_path), "--only-changed"])
    assert out.exit_code == 0, out.output
    assert (
        fake.requests == [("DELETE", gone)] and "pushed 0 graphs" in out.stdout and "1 deleted" in out.stdout
    )
    assert gone not in push.read_journal(journal)


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


@dataclass(frozen=True)
class Virtuoso:
    url: str  # base URL of its HTTP server
    sql_port: int  # isql's port
    folder: Path  # its DirsAllowed


@pytest.fixture(scope="module")
def virtuoso(virtuoso_server: Virtuoso) -> str:
    return virtuoso_server.url


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A Virtuoso started on free loopback ports from a config in a temp folder."""
    exe = shutil.which("virtuoso-t")
    if exe is None:
        message = "virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
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
        yield Virtuoso(url, sql_port, folder)
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


def concat_sorted(query: str, variables: list[str], rows: list[tuple[str | None, ...]]) -> list[tuple]:
    """``rows`` with each GROUP_CONCAT column split on its separator and its items sorted."""
    import re

    separators = {v: sep for sep, v in re.findall(r'separator="([^"]*)"\)[^?]*?AS \?(\w+)', query)}
    columns = [separators.get(v) for v in variables]
    return sorted(
        (
            tuple(
                "\x00".join(sorted(value.split(sep))) if sep and value is not None else value
                for value, sep in zip(row, columns, strict=True)
            )
            for row in rows
        ),
        key=repr,
    )


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

    # the default --auth auto answers Virtuoso's Digest challenge for every graph (issue 22 item 8:
    # it stopped with 401 after the first graph)
    out = CliRunner().invoke(
        cli, ["push", gsp, "--store", str(store_path), "--user", "dba", "--password", "dba"]
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

    # every saved query gives the same answers on Virtuoso as `kg query` here (issue 25 item 5:
    # 5 of 11 did); a GROUP_CONCAT's items are compared as a sorted list, since SPARQL leaves
    # their order to the engine
    from kg import sparql

    names = [q.name for q in sparql.saved_queries()]
    assert len(names) >= 11
    for name in names:
        text = sparql.saved_query(name).text
        variables, expected = local_rows(store_path, name)
        assert expected, name
        got = remote_rows(virtuoso, text, variables)
        assert concat_sorted(text, variables, got) == concat_sorted(text, variables, expected), name

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


def isql(server: Virtuoso, *statements: str) -> str:
    exe = push.find_isql()
    assert exe, "Virtuoso's isql (isql-vt) is installed with virtuoso-opensource"
    done = subprocess.run(
        [
            exe,
            f"127.0.0.1:{server.sql_port}",
            "dba",
            "dba",
            f"EXEC={' '.join(statements)}",
            "VERBOSE=OFF",
            "BANNER=OFF",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    assert "*** Error" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done.stdout


def remote_counts(url: str) -> list[tuple[str | None, ...]]:
    return remote_rows(
        url,
        """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
        FILTER(STRSTARTS(STR(?g), "https://w3id.org/london-health-kg/id/")) } GROUP BY ?g""",
        ["g", "n"],
    )


def local_counts(db: ox.Store) -> list[tuple[str | None, ...]]:
    return sorted(
        (
            (g.value, str(sum(1 for _ in db.quads_for_pattern(None, None, None, g))))
            for g in db.named_graphs()
        ),
        key=repr,
    )


def test_packs_load_with_virtuoso_bulk_loader(
    virtuoso_server: Virtuoso, store_path: Path, db: ox.Store
) -> None:
    # issue 25 item 3: the packs load completely with Virtuoso's own bulk loader (ld_dir, rdf_loader_run)
    packs = virtuoso_server.folder / "packs-ld-dir"
    out = CliRunner().invoke(cli, ["export", "--store", str(store_path), "--packs", str(packs)])
    assert out.exit_code == 0, out.output
    names = sorted(g.value for g in db.named_graphs())
    isql(virtuoso_server, *(f"SPARQL CLEAR GRAPH <{g}>;" for g in names))
    assert remote_counts(virtuoso_server.url) == []
    isql(
        virtuoso_server,
        f"ld_dir('{packs}', '*.nq.gz', 'urn:x-kg:no-graph');",
        "rdf_loader_run();",
        "checkpoint;",
    )
    loaded = isql(
        virtuoso_server,
        f"SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE '{packs}/%' AND ll_state = 2 AND ll_error IS NULL;",
    )
    manifest = json.loads((packs / "manifest.json").read_text())
    assert str(len(manifest["files"])) in loaded.split()
    assert remote_counts(virtuoso_server.url) == local_counts(db)
    assert sum(int(n) for _, n in remote_counts(virtuoso_server.url)) == manifest["quads"] == len(db)


def test_push_bulk_into_virtuoso(
    virtuoso_server: Virtuoso, store_path: Path, db: ox.Store, tmp_path: Path
) -> None:
    # issue 25 item 4: kg push --bulk loads the packs with the bulk loader, clears what it replaces,
    # and sends a few changed graphs by the Graph Store Protocol instead
    gsp = f"{virtuoso_server.url}/sparql-graph-crud-auth"
    names = sorted(g.value for g in db.named_graphs())
    stale = "https://w3id.org/london-health-kg/id/doc/" + "f" * 40
    isql(virtuoso_server, *(f"SPARQL CLEAR GRAPH <{g}>;" for g in names))
    isql(virtuoso_server, f"SPARQL INSERT DATA {{ GRAPH <{stale}> {{ <{stale}> <{stale}> <{stale}> }} }};")
    journal = tmp_path / "journal.log"
    journal.write_text(f"# kg push journal for {gsp}\n{'b' * 64}\t{stale}\n{'c' * 64}\t{names[0]}\n")
    where = push.Bulk(tmp_path / "packs", port=virtuoso_server.sql_port, threshold=0)
    report = push.bulk_push(
        db, gsp, where, auth=push.Auth(user="dba", password="dba"), journal=journal, resume=True
    )
    assert report.method == "bulk" and report.files == 2 and report.graphs == len(names) == 7
    assert report.triples == len(db) and report.deleted == [stale]
    assert remote_counts(virtuoso_server.url) == local_counts(db)  # the stale graph is gone too
    assert push.read_journal(journal) == {g: push.graph_digest(db, g) for g in names}

    # nothing changed: nothing is loaded
    again = push.bulk_push(
        db, gsp, where, auth=push.Auth(user="dba", password="dba"), journal=journal, resume=True
    )
    # without --resume, everything is loaded again
    full = push.bulk_push(db, gsp, where, auth=push.Auth(user="dba", password="dba"), journal=journal)
    assert (full.method, full.graphs, full.files) == ("bulk", 7, 2)
    assert remote_counts(virtuoso_server.url) == local_counts(db)
    assert (again.graphs, again.skipped, again.files) == (0, 7, 0)

    # the command: the whole store (7 graphs, under the bulk threshold: by the Graph Store
    # Protocol); then one graph changed on the server's side of the journal: --resume sends that one
    command = ["push", gsp, "--store", str(store_path), "--user", "dba", "--password", "dba", "--bulk"]
    command += ["--isql-port", str(virtuoso_server.sql_port), "--packs", str(tmp_path / "cli-packs")]
    out = CliRunner().invoke(cli, command)
    assert out.exit_code == 0, out.output
    assert "pushed 7 graphs" in out.stdout and "(Graph Store Protocol)" in out.stdout
    own = push.journal_path(store_path, gsp)
    with own.open("a") as handle:
        handle.write(f"{'d' * 64}\t{names[-1]}\n")
    isql(virtuoso_server, f"SPARQL CLEAR GRAPH <{names[-1]}>;")
    out = CliRunner().invoke(cli, [*command, "--resume"])
    assert out.exit_code == 0, out.output
    assert "pushed 1 graphs" in out.stdout and "6 unchanged skipped" in out.stdout
    assert remote_counts(virtuoso_server.url) == local_counts(db)

    # a wrong SQL password, a folder the server cannot see: one clear error each
    with pytest.raises(push.PushError, match="Bad login.*check --user/--password"):
        push.bulk_push(db, gsp, where, auth=push.Auth(user="dba", password="bad"), journal=None)
    elsewhere = push.Bulk(
        tmp_path / "packs", server_packs="/nonexistent/kg-packs", port=virtuoso_server.sql_port, threshold=0
    )
    with pytest.raises(push.PushError, match="cannot read this pack.*--server-packs.*Nothing was changed"):
        push.bulk_push(db, gsp, elsewhere, auth=push.Auth(user="dba", password="dba"), journal=None)
    assert remote_counts(virtuoso_server.url) == local_counts(db)  # checked before anything was cleared
