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
the server accepted is appended to it with the SHA-256 of the bytes sent; ``resume=True`` then
sends only the graphs whose bytes differ from the journal's (the ones not written yet, or changed
since) and deletes the graphs the journal holds that the store no longer has. Only the standard
library is needed.
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
            body, count = graph_bytes(db, graph, fmt=fmt)
            digest = hashlib.sha256(body).hexdigest()
            if resume and log.sent.get(key) == digest:
                report.skipped += 1
                report.remaining.pop(0)
                continue
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


def _first_line(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    return "; ".join(lines[:3])[:300] or "(no message)"
