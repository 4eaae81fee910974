"""Pipeline stage 6e: load the graph into another SPARQL store with the Graph Store Protocol.

``push(db, endpoint)`` sends every named graph of the store (one per document, the register and
the ontology) with an HTTP ``PUT`` to ``ENDPOINT?graph=IRI`` (SPARQL 1.1 Graph Store HTTP
Protocol), which replaces what the remote store held in that graph.

Authentication is negotiated from the server's challenge (``auth="auto"``): the first request
goes out without credentials; a ``401`` names the schemes the server takes, and the strongest one
we hold credentials for is answered: Bearer when a token is given, else Digest (RFC 7616: MD5,
SHA-256 and their ``-sess`` forms, as Virtuoso's ``/sparql-graph-crud-auth`` asks), else Basic.
The answer is then sent up front with every later graph (a Digest nonce is reused with a counted
``nc`` until the server calls it stale), so a push costs one extra request, not one per graph.

A push that stops half-way says which graphs were written. With a ``journal`` file, each graph
the server accepted is appended to it with the SHA-256 of its canonical N-Quads; ``resume=True``
then sends only the graphs whose content differs from the journal's (the ones not written yet, or
changed since) and deletes the graphs the journal holds that the store no longer has.

``bulk_push`` hands the graph to Virtuoso's bulk loader instead: it writes the packs of
``kg export --packs`` into a folder the server can read (its ``DirsAllowed``), clears the graphs
of the pack files that changed since the journal's record, and loads those files with
``ld_add`` / ``rdf_loader_run`` through ``isql``. Fewer than ``BULK_THRESHOLD`` changed graphs go
by the Graph Store Protocol instead, as the build writes a few changed documents one by one.
Only the standard library is needed (and Virtuoso's ``isql`` for the bulk path).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

AUTH_SCHEMES = ("auto", "basic", "digest", "bearer", "none")
CONTENT_TYPES = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
}
DIGEST_HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


class PushError(RuntimeError):
    """A graph could not be sent; the message names the graph, the status and the server's words.

    ``report`` holds what was written before the failure (graphs sent stay sent).
    """

    def __init__(self, message: str, report: PushReport | None = None) -> None:
        super().__init__(message)
        self.report = report


@dataclass
class PushReport:
    """What a push sent: graphs and triples, how the server answered each graph, what is left."""

    graphs: int = 0
    triples: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    written: list[str | None] = field(default_factory=list)
    remaining: list[str | None] = field(default_factory=list)
    skipped: int = 0
    deleted: list[str] = field(default_factory=list)
    journal: Path | None = None
    method: str = "gsp"  # or "bulk": Virtuoso's bulk loader
    files: int = 0  # pack files loaded (bulk)


@dataclass(frozen=True)
class Auth:
    """Credentials for the remote store.

    Attributes:
        scheme: ``auto`` (answer the server's challenge: Bearer with a token, else Digest, else
            Basic), ``basic`` (sent up front), ``digest``, ``bearer`` (``token``, sent up front)
            or ``none``.
    """

    scheme: str = "auto"
    user: str | None = None
    password: str | None = None
    token: str | None = None

    def __post_init__(self) -> None:
        if self.scheme not in AUTH_SCHEMES:
            raise ValueError(f"auth scheme {self.scheme!r} is not one of {', '.join(AUTH_SCHEMES)}")
        if self.scheme == "bearer" and not self.token:
            raise ValueError("bearer authentication needs a token")
        if self.scheme in ("basic", "digest") and not self.user:
            raise ValueError(f"{self.scheme} authentication needs a user")


def graph_url(endpoint: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of ``graph`` (None for the default graph).

    >>> graph_url("http://localhost:8890/sparql-graph-crud-auth", "https://w3id.org/x/doc/1")
    'http://localhost:8890/sparql-graph-crud-auth?graph=https%3A%2F%2Fw3id.org%2Fx%2Fdoc%2F1'
    >>> graph_url("http://h/store?x=1", None)
    'http://h/store?x=1&default'
    """
    joiner = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph is None:
        return f"{endpoint}{joiner}default"
    return f"{endpoint}{joiner}graph={urllib.parse.quote(graph, safe='')}"


def check_endpoint(endpoint: str) -> None:
    """Raise :class:`PushError` unless ``endpoint`` is an http(s) URL with a host and a valid port.

    >>> check_endpoint("http://localhost:8890/sparql-graph-crud-auth")
    >>> try:
    ...     check_endpoint("http://localhost:88x0/store")
    ... except PushError as ex:
    ...     print(ex)
    http://localhost:88x0/store: not a valid URL: Port could not be cast to integer value as '88x0'
    """
    try:
        parts = urllib.parse.urlsplit(endpoint)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
        host = parts.hostname
    except ValueError as ex:
        raise PushError(f"{endpoint}: not a valid URL: {ex}") from None
    if parts.scheme not in ("http", "https"):
        raise PushError(f"{endpoint}: the endpoint must be an http(s) URL")
    if not host or any(c.isspace() for c in endpoint):
        raise PushError(f"{endpoint}: not a valid URL: " + ("no host" if not host else "it contains spaces"))


# ---------------------------------------------------------------- authentication


def parse_challenges(values: Iterable[str]) -> list[tuple[str, dict[str, str]]]:
    """The challenges of ``WWW-Authenticate`` header values: ``[(scheme, {param: value})]``.

    >>> parse_challenges(['Digest realm="SPARQL", nonce="ab,c", qop="auth", Basic realm="x"'])
    [('digest', {'realm': 'SPARQL', 'nonce': 'ab,c', 'qop': 'auth'}), ('basic', {'realm': 'x'})]
    >>> parse_challenges(['Bearer', 'Negotiate abc=='])
    [('bearer', {}), ('negotiate', {})]
    """
    token = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
    item = re.compile(rf'\s*(,?)\s*({token})(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s=][^,\s]*))?(=*)')
    challenges: list[tuple[str, dict[str, str]]] = []
    for value in values:
        pos = 0
        while pos < len(value):
            match = item.match(value, pos)
            if match is None or match.end() == pos:
                break
            comma, name, raw, pad = match.groups()
            first = pos == 0
            pos = match.end()
            if raw is None and not pad:
                if first or comma:  # a scheme; a bare token after a scheme is a token68: ignored
                    challenges.append((name.lower(), {}))
            elif raw is not None and challenges:
                if raw.startswith('"'):
                    raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
                challenges[-1][1][name.lower()] = raw
    return challenges


class _Authenticator:
    """Answers one server's challenges for one set of credentials, across many requests."""

    def __init__(self, endpoint: str, auth: Auth) -> None:
        self.endpoint = endpoint
        self.auth = auth
        self.scheme: str | None = None  # negotiated: basic, digest or bearer
        self.digest: dict[str, str] = {}
        self.nc = 0
        if auth.scheme == "basic":
            self.scheme = "basic"
        elif auth.scheme == "bearer":
            self.scheme = "bearer"

    def header(self, method: str, url: str) -> str | None:
        """The Authorization header for a request, if a scheme is settled."""
        if self.scheme == "bearer":
            return f"Bearer {self.auth.token}"
        if self.scheme == "basic":
            pair = f"{self.auth.user}:{self.auth.password or ''}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        if self.scheme == "digest":
            return self._digest(method, url)
        return None

    def answer(self, challenges: list[tuple[str, dict[str, str]]]) -> None:
        """Settle the scheme from a 401's challenges, or raise PushError saying what is missing."""
        offered = {name: params for name, params in reversed(challenges)}
        names = ", ".join(sorted({name.capitalize() for name, _ in challenges})) or "no scheme"
        if self.auth.scheme == "none":
            raise PushError(f"{self.endpoint} asks for authentication ({names}), and --auth none sends none")
        want = {"auto": ("bearer", "digest", "basic"), "digest": ("digest",), "basic": ("basic",)}
        order = want.get(self.auth.scheme, (self.auth.scheme,))
        for name in order:
            if name not in offered:
                continue
            if name == "bearer" and not self.auth.token:
                continue
            if name in ("digest", "basic") and not self.auth.user:
                continue
            if name == "digest":
                params = offered[name]
                algorithm = params.get("algorithm", "MD5").upper()
                qops = {q.strip() for q in params.get("qop", "auth").split(",")}
                if algorithm.removesuffix("-SESS") not in DIGEST_HASHES or (
                    "qop" in params and "auth" not in qops
                ):
                    continue
                self.digest = dict(params)
                self.nc = 0
            self.scheme = name
            return
        if "bearer" in offered and not self.auth.token:
            raise PushError(
                f"{self.endpoint} asks for a Bearer token; give it with --token (or KG_PUSH_TOKEN)"
            )
        if ("digest" in offered or "basic" in offered) and not self.auth.user:
            raise PushError(
                f"{self.endpoint} asks for a user name and password ({names}); give --user and --password"
            )
        raise PushError(
            f"{self.endpoint} asks for authentication we cannot answer ({names}) with --auth {self.auth.scheme}"
        )

    def _digest(self, method: str, url: str) -> str:
        params = self.digest
        algorithm = params.get("algorithm", "MD5")
        hash_ = DIGEST_HASHES[algorithm.upper().removesuffix("-SESS")]

        def h(text: str) -> str:
            return hash_(text.encode("utf-8")).hexdigest()

        parts = urllib.parse.urlsplit(url)
        uri = parts.path or "/"
        if parts.query:
            uri += "?" + parts.query
        realm, nonce = params.get("realm", ""), params.get("nonce", "")
        self.nc += 1
        nc = f"{self.nc:08x}"
        cnonce = secrets.token_hex(8)
        ha1 = h(f"{self.auth.user}:{realm}:{self.auth.password or ''}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{nonce}:{cnonce}")
        ha2 = h(f"{method}:{uri}")
        if "qop" in params:
            response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        else:
            response = h(f"{ha1}:{nonce}:{ha2}")

        def quoted(text: str) -> str:
            return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

        fields = [
            f"username={quoted(self.auth.user or '')}",
            f"realm={quoted(realm)}",
            f"nonce={quoted(nonce)}",
            f"uri={quoted(uri)}",
            f"algorithm={algorithm}",
            f"response={quoted(response)}",
        ]
        if "opaque" in params:
            fields.append(f"opaque={quoted(params['opaque'])}")
        if "qop" in params:
            fields += ["qop=auth", f"nc={nc}", f"cnonce={quoted(cnonce)}"]
        return "Digest " + ", ".join(fields)


# ---------------------------------------------------------------- one request


class _Client:
    """Sends requests to one endpoint, answering its authentication challenges."""

    def __init__(self, endpoint: str, auth: Auth, timeout: float) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.auth = _Authenticator(endpoint, auth)
        self.opener = urllib.request.build_opener()  # no auth handlers: we answer challenges here

    def send(self, method: str, url: str, body: bytes | None, headers: dict[str, str], where: str) -> int:
        """The status of a 2xx answer; PushError (one line naming ``where``) on anything else."""
        # True when the request carries credentials the server has not yet taken: a Basic or
        # Bearer header sent up front, or the answer to the challenge just received. A 401 then
        # means the credentials are wrong, unless it only says that a Digest nonce went stale.
        fresh_answer = self.auth.scheme in ("basic", "bearer")
        for _attempt in range(3):
            request = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
            authorization = self.auth.header(method, url)
            if authorization:
                request.add_header("Authorization", authorization)
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    response.read()
                    return response.status
            except urllib.error.HTTPError as ex:
                if ex.code != 401:
                    detail = _first_line(_read(ex))
                    raise PushError(
                        f"{where}: {self.endpoint} answered {ex.code} {ex.reason}: {detail}"
                    ) from None
                challenges = parse_challenges(ex.headers.get_all("WWW-Authenticate") or [])
                _read(ex)
                stale = any(n == "digest" and p.get("stale", "").lower() == "true" for n, p in challenges)
                if authorization is not None and fresh_answer and not stale:
                    raise PushError(
                        f"{where}: 401 Unauthorized: {self.endpoint} refused the credentials "
                        "(check --user/--password, --token and --auth)"
                    ) from None
                try:
                    self.auth.answer(challenges)
                except PushError as refused:
                    raise PushError(f"{where}: 401 Unauthorized: {refused}") from None
                fresh_answer = True
            except (urllib.error.URLError, OSError) as ex:
                reason = getattr(ex, "reason", ex)
                raise PushError(f"{where}: cannot reach {self.endpoint}: {reason}") from None
            except http.client.HTTPException as ex:
                what = type(ex).__name__
                raise PushError(
                    f"{where}: {self.endpoint} did not answer in HTTP ({what}: {_first_line(str(ex)) or 'no reply'}); "
                    "is it the right host and port?"
                ) from None
            except ValueError as ex:
                raise PushError(f"{where}: {self.endpoint}: not a valid URL: {ex}") from None
        raise PushError(
            f"{where}: 401 Unauthorized: {self.endpoint} refused the credentials (check --user/--password and --auth)"
        )


def _read(ex: urllib.error.HTTPError) -> str:
    try:
        return ex.read(600).decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException):
        return ""


# ---------------------------------------------------------------- graphs and the journal


def store_graphs(db: ox.Store) -> list[str | None]:
    """The graphs to send: every named graph (sorted), then the default graph if it holds triples."""
    names: list[str | None] = sorted(g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode))
    if next(iter(db.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        names.append(None)
    return names


def graph_bytes(db: ox.Store, graph: str | None, *, fmt: str = "turtle") -> tuple[bytes, int]:
    """One graph serialized for sending, and its number of triples."""
    name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
    triples = [
        ox.Triple(q.subject, q.predicate, q.object) for q in db.quads_for_pattern(None, None, None, name)
    ]
    return ox.serialize(triples, format=CONTENT_TYPES[fmt][1]) or b"", len(triples)


def graph_digest(db: ox.Store, graph: str | None) -> str:
    """The SHA-256 of a graph's canonical N-Quads: what the journal records, whichever way the
    graph was sent, and what the packs' manifest records for its member."""
    from kg.exporters.rdf import graph_nquads

    return hashlib.sha256(graph_nquads(db, graph)[0]).hexdigest()


DEFAULT_KEY = "(default graph)"
DELETED = "-"


def journal_path(store_path: Path, endpoint: str) -> Path:
    """Where a store records what it pushed to ``endpoint``: ``<store>/cache/push/<hash>.log``."""
    digest = hashlib.sha256(endpoint.encode("utf-8")).hexdigest()[:16]
    return Path(store_path) / "cache" / "push" / f"{digest}.log"


def read_journal(path: Path) -> dict[str, str]:
    """``{graph: sha256 of the bytes the server accepted}`` from a journal (last line wins).

    A journal is a text file of ``SHA256 TAB GRAPH`` lines (``-`` for a deleted graph) after a
    first line naming the endpoint; a torn last line is ignored.
    """
    sent: dict[str, str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return sent
    for line in text.split("\n")[1:]:
        digest, _, graph = line.partition("\t")
        if not graph or not (digest == DELETED or re.fullmatch(r"[0-9a-f]{64}", digest)):
            continue
        if digest == DELETED:
            sent.pop(graph, None)
        else:
            sent[graph] = digest
    return sent


class _Journal:
    """Appends each accepted graph to the journal file as it is sent (compacted when opened)."""

    def __init__(self, path: Path | None, endpoint: str) -> None:
        self.path = path
        self.handle = None
        self.error: str | None = None
        self.sent: dict[str, str] = {}
        if path is None:
            return
        try:
            self.sent = read_journal(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            from kg.atomic import atomic_write

            with atomic_write(path, "w") as out:
                out.write(f"# kg push journal for {endpoint}\n")
                out.writelines(f"{d}\t{g}\n" for g, d in sorted(self.sent.items()))
            self.handle = path.open("a", encoding="utf-8")
        except OSError as ex:
            self.error = f"cannot keep the push journal {path}: {ex.strerror or ex}"

    def record(self, graph: str, digest: str) -> None:
        if self.handle is None:
            return
        self.handle.write(f"{digest}\t{graph}\n")
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


# ---------------------------------------------------------------- push


def push(
    db: ox.Store,
    endpoint: str,
    *,
    auth: Auth | None = None,
    graphs: Iterable[str] | None = None,
    fmt: str = "turtle",
    timeout: float = 120.0,
    progress: Callable[[str | None, int, int], None] | None = None,
    journal: Path | None = None,
    resume: bool = False,
) -> PushReport:
    """PUT each graph of ``db`` to the Graph Store Protocol ``endpoint``, replacing the remote graph.

    Args:
        db: the store.
        endpoint: the Graph Store Protocol URL, e.g. ``http://localhost:8890/sparql-graph-crud-auth``.
        auth: credentials (see :class:`Auth`); none by default.
        graphs: only these graph IRIs (default: every named graph, and the default graph if not empty).
        fmt: ``turtle`` or ``ntriples``.
        timeout: seconds to wait for the server on each request.
        progress: called as ``progress(graph, done, total)`` after each graph.
        journal: a file recording each graph the server accepted (see :func:`journal_path`).
        resume: send only the graphs whose bytes differ from the journal's record, and delete the
            graphs the journal holds that the store no longer has (not with ``graphs``).

    Raises:
        PushError: the server refused a graph or could not be reached; graphs sent before it stay
            sent, and the error's ``report`` lists them and the graphs not sent.
    """
    auth = auth or Auth()
    check_endpoint(endpoint)
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(CONTENT_TYPES)}")
    content_type = CONTENT_TYPES[fmt][0]
    headers = {"Content-Type": f"{content_type}; charset=utf-8", "User-Agent": "kg-push"}
    client = _Client(endpoint, auth, timeout)
    names = list(graphs) if graphs is not None else store_graphs(db)
    log = _Journal(journal, endpoint)
    report = PushReport(journal=journal if log.error is None else None)
    todo = list(names)
    stale: list[str] = []
    if resume and graphs is None:
        present = {DEFAULT_KEY if g is None else g for g in names}
        stale = sorted(g for g in log.sent if g not in present)
    report.remaining = list(todo)
    try:
        for done, graph in enumerate(todo, start=1):
            key = DEFAULT_KEY if graph is None else graph
            digest = graph_digest(db, graph) if (resume or log.handle is not None) else ""
            if resume and log.sent.get(key) == digest:
                report.skipped += 1
                report.remaining.pop(0)
                continue
            body, count = graph_bytes(db, graph, fmt=fmt)
            where = graph or "the default graph"
            status = client.send("PUT", graph_url(endpoint, graph), body, headers, where)
            log.record(key, digest)
            report.graphs += 1
            report.triples += count
            report.statuses[where] = status
            report.written.append(graph)
            report.remaining.pop(0)
            if progress:
                progress(graph, done, len(todo))
        for graph in stale:
            if graph == DEFAULT_KEY:
                continue
            client.send("DELETE", graph_url(endpoint, graph), None, {"User-Agent": "kg-push"}, graph)
            log.record(graph, DELETED)
            report.deleted.append(graph)
    except PushError as ex:
        raise PushError(str(ex), report) from None
    finally:
        log.close()
    return report


# ---------------------------------------------------------------- Virtuoso's bulk loader

SAFE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`']*")
LOADER_DEFAULT_GRAPH = "urn:x-kg:no-graph"  # ld_add's graph for triples without one: none in packs


@dataclass(frozen=True)
class Bulk:
    """Where and how Virtuoso's bulk loader reads the packs.

    Attributes:
        packs: the folder kg writes the packs to (``kg export --packs``).
        server_packs: the same folder as the server sees it (a shared or mounted folder); by
            default ``packs``' absolute path (a server on this machine). It must be in the
            server's ``DirsAllowed``.
        isql: Virtuoso's SQL client (default: ``isql-vt``, else ``isql``, on PATH).
        host, port: its SQL port (default: the endpoint's host, port 1111).
        threshold: fewer changed graphs than this go by the Graph Store Protocol instead.
    """

    packs: Path
    server_packs: str | None = None
    isql: str | None = None
    host: str | None = None
    port: int = 1111
    threshold: int | None = None


def find_isql() -> str | None:
    """Virtuoso's isql on PATH (Debian names it ``isql-vt``)."""
    import shutil

    return shutil.which("isql-vt") or shutil.which("isql")


def _sql_string(text: str) -> str:
    if any(ord(c) < 32 for c in text):
        raise PushError(f"{text!r}: control characters in a path or IRI given to isql")
    return "'" + text.replace("'", "''") + "'"


def bulk_push(
    db: ox.Store,
    endpoint: str,
    bulk: Bulk,
    *,
    auth: Auth,
    journal: Path | None = None,
    timeout: float = 120.0,
    progress: Callable[[str | None, int, int], None] | None = None,
    resume: bool = False,
) -> PushReport:
    """Hand the store to Virtuoso: its bulk loader for many graphs, GSP for a few.

    Writes the packs into ``bulk.packs``. Every graph is to be sent, or with ``resume`` only the
    graphs whose content differs from the journal's record (after a failed push, or after a
    rebuild), and the graphs the journal holds that the store no longer has are deleted. Fewer than
    ``bulk.threshold`` (by default the build's ``BULK_THRESHOLD``) go by :func:`push`, one PUT
    each. Otherwise every graph of the pack files that hold one of them is cleared (and every graph
    gone from the store, with ``resume``), and those files are loaded by ``rdf_loader_run`` through
    isql (``auth``'s user and password: a SQL account such as ``dba``), then checkpointed. The
    journal records what was loaded.

    Raises:
        PushError: isql is missing or refused, the server cannot read the packs, or a file failed.
    """
    import subprocess
    import tempfile

    from kg.build import BULK_THRESHOLD
    from kg.exporters.rdf import write_packs

    check_endpoint(endpoint)
    threshold = BULK_THRESHOLD if bulk.threshold is None else bulk.threshold
    try:
        manifest = write_packs(db, bulk.packs)
    except (OSError, ValueError) as ex:
        raise PushError(
            f"{bulk.packs}: cannot write the packs: {getattr(ex, 'strerror', None) or ex}"
        ) from None
    sent = read_journal(journal) if journal is not None and resume else {}
    members = {
        (DEFAULT_KEY if m["graph"] is None else m["graph"]): (f["name"], m["sha256"])
        for f in manifest["files"]
        for m in f["members"]
    }
    changed = [g for g, (_, digest) in members.items() if sent.get(g) != digest]
    stale = sorted(g for g in sent if g not in members)
    if not changed and not stale:
        return PushReport(journal=journal, method="bulk", skipped=len(members))
    if len(changed) + len(stale) < threshold:
        report = push(
            db, endpoint, auth=auth, timeout=timeout, progress=progress, journal=journal, resume=resume
        )
        report.method = "gsp"
        return report

    if not auth.user:
        raise PushError(
            "--bulk loads through Virtuoso's isql: give its SQL user and password (--user, --password)"
        )
    isql = bulk.isql or find_isql()
    if isql is None:
        raise PushError("--bulk needs Virtuoso's isql (isql-vt) on PATH, or --isql PATH")
    if DEFAULT_KEY in members:
        raise PushError("the store has triples in its default graph: the bulk loader needs named graphs")
    touched = {name for g in changed for name in [members[g][0]]}
    files = [f for f in manifest["files"] if f["name"] in touched]
    clear = sorted({m["graph"] for f in files for m in f["members"]} | set(stale))
    for graph in clear:
        if not SAFE_IRI.fullmatch(graph):
            raise PushError(
                f"{graph}: not an IRI the bulk loader can be given; push it with the Graph Store Protocol"
            )
    server_dir = (bulk.server_packs or str(Path(bulk.packs).resolve())).rstrip("/")
    paths = [f"{server_dir}/{f['name']}" for f in files]
    lines = ["log_enable(3, 1);"]
    lines += [f"SPARQL CLEAR GRAPH <{g}>;" for g in clear]
    for path in paths:
        lines.append(f"DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file = {_sql_string(path)};")
        lines.append(f"ld_add({_sql_string(path)}, {_sql_string(LOADER_DEFAULT_GRAPH)});")
    lines += ["rdf_loader_run();", "checkpoint;"]
    listed = ", ".join(_sql_string(p) for p in paths) or "''"
    lines.append(
        "SELECT concat('KG-LOADED|', cast(ll_state AS VARCHAR), '|', coalesce(ll_error, ''), '|', ll_file) "
        f"FROM DB.DBA.LOAD_LIST WHERE ll_file IN ({listed});"
    )
    host = bulk.host or urllib.parse.urlsplit(endpoint).hostname or "localhost"

    def run_isql(statements: list[str], what: str) -> str:
        with tempfile.NamedTemporaryFile("w", suffix=".sql", encoding="utf-8", delete=False) as script:
            script.write("\n".join(statements) + "\n")
        limit = max(timeout, 3600)
        try:
            command = [isql, f"{host}:{bulk.port}", auth.user or "", auth.password or "", script.name]
            command += ["VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF"]
            done = subprocess.run(command, capture_output=True, text=True, timeout=limit)
        except OSError as ex:
            raise PushError(f"cannot run {isql}: {ex.strerror or ex}") from None
        except subprocess.TimeoutExpired:
            raise PushError(f"{isql} did not finish {what} within {limit:.0f} s") from None
        finally:
            Path(script.name).unlink(missing_ok=True)
        output = done.stdout + done.stderr
        errors = [line.strip() for line in output.splitlines() if line.lstrip().startswith("*** Error")]
        if errors:
            detail = errors[0]
            if "Bad login" in output or "28000" in output:
                detail += " (check --user/--password: Virtuoso's SQL account)"
            raise PushError(f"{host}:{bulk.port}: {what} failed: {detail}")
        return output

    # first make sure the server sees the files as written here, before clearing anything
    sizes = {f"{server_dir}/{f['name']}": f["bytes"] for f in files}
    probe = [f"SELECT 'KG-SEEN', file_stat({_sql_string(path)}, 1), {_sql_string(path)};" for path in paths]
    seen_output = run_isql(probe, "checking the packs") if probe else ""
    seen = {}
    for line in seen_output.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[0] == "KG-SEEN":
            seen[parts[2].strip()] = parts[1]
    for path in paths:
        if seen.get(path) != str(sizes[path]):
            raise PushError(
                f"{path}: the server cannot read this pack (it sees {seen.get(path, 'nothing')} bytes, not "
                f"{sizes[path]}): is --server-packs the packs folder as the server sees it? Nothing was changed"
            )
    output = run_isql(lines, "the bulk load")
    loaded = {}
    for line in output.splitlines():
        if line.lstrip().startswith("KG-LOADED|"):
            _, state, error, path = line.strip().split("|", 3)
            loaded[path] = (state, error)
    if paths and not loaded:
        raise PushError(f"{host}:{bulk.port}: the bulk load did not report its files: {_first_line(output)}")
    for path in paths:
        state, error = loaded.get(path, ("", ""))
        if state == "2" and not error:
            continue
        if state == "2":
            raise PushError(f"{path}: Virtuoso's bulk loader failed: {error}")
        raise PushError(
            f"{path}: Virtuoso did not load this file: the server cannot read it "
            "(is --server-packs the packs folder as the server sees it, and in its DirsAllowed?)"
        )
    report = PushReport(journal=journal, method="bulk", files=len(files))
    log = _Journal(journal, endpoint)
    try:
        for f in files:
            for m in f["members"]:
                log.record(m["graph"], m["sha256"])
                report.graphs += 1
                report.triples += m["quads"]
                report.written.append(m["graph"])
        for graph in stale:
            log.record(graph, DELETED)
            report.deleted.append(graph)
    finally:
        log.close()
    report.skipped = len(members) - report.graphs
    return report


def _first_line(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    return "; ".join(lines[:3])[:300] or "(no message)"
