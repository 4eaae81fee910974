"""Pipeline stage 6e: load the graph into another SPARQL store with the Graph Store Protocol.

``push(db, endpoint)`` sends every named graph of the store (one per document, the register and
the ontology) with an HTTP ``PUT`` to ``ENDPOINT?graph=IRI`` (SPARQL 1.1 Graph Store HTTP
Protocol), which replaces what the remote store held in that graph. Authentication: HTTP Basic,
Digest (Virtuoso's ``/sparql-graph-crud-auth``), or a bearer token; with ``auth="auto"`` the
scheme the server asks for is used. Only the standard library is needed.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

AUTH_SCHEMES = ("auto", "basic", "digest", "bearer", "none")
CONTENT_TYPES = {
    "turtle": ("text/turtle", ox.RdfFormat.TURTLE),
    "ntriples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
}


class PushError(RuntimeError):
    """A graph could not be sent; the message names the graph, the status and the server's words."""


@dataclass
class PushReport:
    """What a push sent: graphs and triples, and how the server answered each graph."""

    graphs: int = 0
    triples: int = 0
    statuses: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Auth:
    """Credentials for the remote store.

    Attributes:
        scheme: ``auto`` (answer the server's challenge, Basic or Digest), ``basic`` (sent up
            front), ``digest``, ``bearer`` (``token``) or ``none``.
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


def _opener(endpoint: str, auth: Auth) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if auth.scheme in ("auto", "digest", "basic") and auth.user:
        manager = urllib.request.HTTPPasswordMgrWithPriorAuth()
        manager.add_password(
            None, endpoint, auth.user, auth.password or "", is_authenticated=auth.scheme == "basic"
        )
        if auth.scheme in ("auto", "digest"):
            handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
        if auth.scheme in ("auto", "basic"):
            handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
    return urllib.request.build_opener(*handlers)


def _headers(auth: Auth, content_type: str) -> dict[str, str]:
    headers = {"Content-Type": f"{content_type}; charset=utf-8", "User-Agent": "kg-push"}
    if auth.scheme == "bearer":
        headers["Authorization"] = f"Bearer {auth.token}"
    elif auth.scheme == "basic" and auth.user:
        pair = f"{auth.user}:{auth.password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    return headers


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


def push(
    db: ox.Store,
    endpoint: str,
    *,
    auth: Auth | None = None,
    graphs: Iterable[str] | None = None,
    fmt: str = "turtle",
    timeout: float = 120.0,
    progress: Callable[[str | None, int, int], None] | None = None,
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

    Raises:
        PushError: the server refused a graph or could not be reached; graphs sent before it stay sent.
    """
    auth = auth or Auth("none")
    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise PushError(f"{endpoint}: the endpoint must be an http(s) URL")
    content_type = CONTENT_TYPES[fmt][0]
    opener = _opener(endpoint, auth)
    names = list(graphs) if graphs is not None else store_graphs(db)
    report = PushReport()
    for done, graph in enumerate(names, start=1):
        body, count = graph_bytes(db, graph, fmt=fmt)
        request = urllib.request.Request(
            graph_url(endpoint, graph), data=body, method="PUT", headers=_headers(auth, content_type)
        )
        where = graph or "the default graph"
        try:
            with opener.open(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as ex:
            detail = ex.read(600).decode("utf-8", "replace").strip()
            hint = " (check --user/--password and --auth)" if ex.code in (401, 403) else ""
            raise PushError(
                f"{where}: {endpoint} answered {ex.code} {ex.reason}{hint}: {_first_line(detail)}"
            ) from ex
        except (urllib.error.URLError, OSError) as ex:
            reason = getattr(ex, "reason", ex)
            raise PushError(f"{where}: cannot reach {endpoint}: {reason}") from ex
        report.graphs += 1
        report.triples += count
        report.statuses[where] = status
        if progress:
            progress(graph, done, len(names))
    return report


def _first_line(text: str) -> str:
    import re

    text = re.sub(r"<[^>]+>", " ", text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    return "; ".join(lines[:3])[:300] or "(no message)"
