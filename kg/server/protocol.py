"""The endpoint's HTTP side: the SPARQL 1.1 Protocol, content negotiation, request limits and the routes.

``/sparql`` takes a query by GET (``?query=``), by POST form (``query=``) or by POST
``application/sparql-query``, with ``default-graph-uri`` and ``named-graph-uri``; answers in SPARQL
JSON, XML, CSV or TSV (``SELECT``/``ASK``) and Turtle, N-Triples, RDF/XML or JSON-LD
(``CONSTRUCT``/``DESCRIBE``) by content negotiation (or ``format=``), and as an HTML page in a
browser. ``/queries`` lists the saved queries and ``/queries/NAME?param=value`` runs one.
Every GET route is listed once, in :data:`GET_ROUTES`.

Updates are refused (403), as are federated ``SERVICE`` calls. Queries run in worker processes
(:mod:`kg.server.workers`). A result larger than ``max_rows`` is refused (400) rather than cut
short silently. Responses carry CORS headers so browser-based clients can call the endpoint. It
listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kg import __version__, sparql
from kg.server.page import render_error_html, render_page
from kg.server.workers import Job, QueryPool, Reply, text_reply

log = logging.getLogger("kg.server")

MAX_BODY = 1_000_000  # bytes of POST body accepted
DRAIN_LIMIT = 16 * MAX_BODY  # larger bodies are not read at all: the connection is closed
ANSWER_TYPES = {  # media type -> result format, for SELECT and ASK
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": "html",
    "text/plain": "table",
}
GRAPH_TYPES = {  # media type -> RDF format, for CONSTRUCT and DESCRIBE
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "application/ld+json": "jsonld",
    "text/html": "html",
    "text/plain": "ntriples",
}
ANSWER_DEFAULT, GRAPH_DEFAULT = "json", "turtle"
# short names accepted in ?format= (and SPARQLWrapper's ?output= / ?results=)
FORMAT_ALIASES = {
    "answers": {
        "json": "json",
        "xml": "xml",
        "csv": "csv",
        "tsv": "tsv",
        "html": "html",
        "table": "table",
        "text": "table",
    },
    "graph": {
        "turtle": "turtle",
        "ttl": "turtle",
        "ntriples": "ntriples",
        "nt": "ntriples",
        "xml": "rdfxml",
        "rdfxml": "rdfxml",
        "rdf+xml": "rdfxml",
        "json": "jsonld",
        "jsonld": "jsonld",
        "json-ld": "jsonld",
        "html": "html",
    },
}


@dataclass(frozen=True)
class Settings:
    """How the endpoint runs.

    Attributes:
        store_path: the store folder (opened read-only by each worker).
        host: the interface to listen on; 127.0.0.1 keeps the endpoint on this machine.
        port: the TCP port (0 picks a free one).
        timeout: seconds a query may run before its worker is killed (and seconds a request
            waits for a worker before a 503).
        max_rows: the largest result (solutions or triples) returned.
        workers: queries that can be in their first ``slow_after`` seconds at once.
        long_queries: queries that can run past ``slow_after`` at once, beside those.
        slow_after: seconds after which a query counts as long.
        queue_limit: requests that may wait for a worker; more get 503 at once.
        max_connections: open connections; more are answered 503 and closed.
        idle_timeout: seconds a connection may stay silent (between or inside requests).
        cors_origin: the ``Access-Control-Allow-Origin`` value.
        watch_interval: seconds between checks for a rebuilt store (0: never).
        isolate_network: run the query workers without network access (Linux).
    """

    store_path: Path
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    max_rows: int = 10_000
    workers: int = 2
    long_queries: int = 2
    slow_after: float = 0.5
    queue_limit: int = 64
    max_connections: int = 64
    idle_timeout: float = 20.0
    cors_origin: str = "*"
    watch_interval: float = 1.0
    isolate_network: bool = True


_BUSY_TEXT = b"too many open connections; close idle ones and try again\n"
_TOO_MANY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(_BUSY_TEXT), _BUSY_TEXT)
)

# ---------------------------------------------------------------- content negotiation


def _accepted(accept: str) -> list[tuple[float, int, str]]:
    """(quality, specificity, media range) for each part of an Accept header."""
    out = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        out.append((q, specificity, media))
    return out


def negotiate(accept: str | None, kind: str, override: str | None = None) -> str | None:
    """The format name to answer with, or None when nothing acceptable is on offer (406).

    ``kind`` is ``"answers"`` (SELECT, ASK) or ``"graph"`` (CONSTRUCT, DESCRIBE). ``override`` is a
    ``format=`` value: a short name or a media type; an unknown one is ignored.

    >>> negotiate("application/sparql-results+xml, */*;q=0.1", "answers")
    'xml'
    >>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", "graph")
    'html'
    >>> negotiate("*/*", "graph"), negotiate(None, "answers"), negotiate("image/png", "answers")
    ('turtle', 'json', None)
    """
    table = ANSWER_TYPES if kind == "answers" else GRAPH_TYPES
    if override:
        value = override.strip().lower()
        short = FORMAT_ALIASES[kind].get(value)
        if short:
            return short
        if value in table:
            return table[value]
    default = ANSWER_DEFAULT if kind == "answers" else GRAPH_DEFAULT
    if not accept or not accept.strip():
        return default
    offers = list(table.items())
    best: tuple[float, int, int] | None = None
    choice = None
    for q, specificity, media in _accepted(accept):
        if q <= 0:
            continue
        if media == "*/*":
            candidates = [default]
        elif media.endswith("/*"):
            top = media[:-1]
            candidates = [fmt for mt, fmt in offers if mt.startswith(top) and fmt != "html"]
        else:
            candidates = [table[media]] if media in table else []
        for rank, fmt in enumerate(candidates):
            key = (q, specificity, -rank)
            if best is None or key > best:
                best, choice = key, fmt
    return choice


# ---------------------------------------------------------------- HTTP


class Server(ThreadingHTTPServer):
    """The HTTP server: settings and the worker pool shared by the request handlers."""

    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default listen backlog is 5: with a few dozen clients connecting at once the
    # kernel then drops or resets connections before a handler thread accepts them
    request_queue_size = 128

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.connections = 0
        self.turned_away = 0  # connections refused at the cap, for tests and logs
        self._count_lock = threading.Lock()
        self.pool = QueryPool(
            settings.store_path,
            size=settings.workers,
            long_slots=settings.long_queries,
            slow_after=settings.slow_after,
            queue_limit=settings.queue_limit,
            watch_interval=settings.watch_interval,
            isolate_network=settings.isolate_network,
        )
        if settings.isolate_network and self.pool.network != "isolated":
            log.warning("query workers keep network access: %s", self.pool.network)
        try:
            super().__init__((settings.host, settings.port), Handler)
        except OSError:
            self.pool.close()
            raise
        # the viewer's first view, prepared before anyone asks for it (kg.viewer.api.warm)
        threading.Thread(
            target=_warm_viewer, args=(settings.store_path,), name="kg-viewer-warm", daemon=True
        ).start()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()

    # -- connections: a cap on how many are open, and no traceback when a client goes away

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._count_lock:
            full = self.connections >= self.settings.max_connections
            if not full:
                self.connections += 1
        if full:
            self.turned_away += 1
            with contextlib.suppress(OSError):
                request.sendall(_TOO_MANY)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            with self._count_lock:
                self.connections -= 1
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._count_lock:
                self.connections -= 1

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            log.info("%s: the client went away (%s)", client_address[0], type(error).__name__)
            return
        log.exception("error while answering %s", client_address[0])


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = f"kg/{__version__}"
    protocol_version = "HTTP/1.1"

    # -- plumbing

    def setup(self) -> None:
        self.timeout = self.server.settings.idle_timeout  # socket timeout: idle connections end
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        log.info("%s - %s", self.address_string(), format % args)

    def _send(self, reply: Reply, *, head_only: bool = False) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Access-Control-Allow-Origin", self.server.settings.cors_origin)
        self.send_header("Access-Control-Expose-Headers", "Content-Type, Content-Length")
        self.send_header("Vary", "Accept")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if not head_only:
            self.wfile.write(reply.body)

    def _params(self) -> dict[str, list[str]]:
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)

    def _body(self) -> bytes | Reply:
        """The request body, or the error to answer with (the connection is then closed).

        ``Content-Length`` must be one non-negative decimal number no larger than ``MAX_BODY``;
        a chunked body is read chunk by chunk and refused once it passes ``MAX_BODY``.
        """
        encoding = (self.headers.get("Transfer-Encoding") or "").strip().lower()
        lengths = self.headers.get_all("Content-Length") or []
        if encoding:
            if encoding != "chunked" or lengths:
                self.close_connection = True
                return text_reply(
                    HTTPStatus.BAD_REQUEST,
                    f"unsupported Transfer-Encoding {encoding!r} (only chunked, without Content-Length)",
                )
            return self._chunked_body()
        if not lengths:
            return b""
        values = {v.strip() for v in lengths}
        if len(values) != 1 or not next(iter(values)).isdigit() or not next(iter(values)).isascii():
            self.close_connection = True
            return text_reply(
                HTTPStatus.BAD_REQUEST,
                f"Content-Length must be one non-negative whole number of bytes, not {', '.join(lengths)!r}",
            )
        n = int(next(iter(values)))
        if n > MAX_BODY:
            self.close_connection = True
            if n <= DRAIN_LIMIT:  # read and drop it, so the client gets the 413 rather than a reset
                while n > 0:
                    chunk = self.rfile.read(min(n, 65536))
                    if not chunk:
                        break
                    n -= len(chunk)
            return text_reply(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {MAX_BODY} bytes"
            )
        body = self.rfile.read(n)
        if len(body) < n:
            self.close_connection = True
            return text_reply(HTTPStatus.BAD_REQUEST, "the request body is shorter than its Content-Length")
        return body

    def _chunked_body(self) -> bytes | Reply:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1026)
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
                if not size_text or size_text.startswith((b"-", b"+", b"0x", b"0X")):
                    raise ValueError
            except ValueError:
                self.close_connection = True
                return text_reply(HTTPStatus.BAD_REQUEST, "malformed chunked request body")
            if size == 0:
                for _ in range(100):  # trailer fields, up to the empty line
                    trailer = self.rfile.readline(8194)
                    if trailer in (b"\r\n", b"\n", b""):
                        break
                return b"".join(parts)
            total += size
            if total > MAX_BODY:
                self.close_connection = True
                return text_reply(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {MAX_BODY} bytes"
                )
            chunk = self.rfile.read(size)
            if len(chunk) < size or self.rfile.readline(3).strip():
                self.close_connection = True
                return text_reply(HTTPStatus.BAD_REQUEST, "malformed chunked request body")
            parts.append(chunk)

    # -- methods

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", self.server.settings.cors_origin)
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        path = urllib.parse.urlsplit(self.path).path
        params = self._params()
        for route in GET_ROUTES:
            rest = route.match(path)
            if rest is not None and route.handle(self, rest, params) is not False:
                return
        self._send(text_reply(HTTPStatus.NOT_FOUND, f"{path}: not found; the endpoint is /sparql"))

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(text_reply(HTTPStatus.OK, ""), head_only=True)

    def do_POST(self) -> None:  # noqa: N802
        path = urllib.parse.urlsplit(self.path).path
        body = self._body()
        if isinstance(body, Reply):
            self._send(body)
            return
        if path not in ("/", "/sparql", "/sparql/"):
            self._send(text_reply(HTTPStatus.NOT_FOUND, f"{path}: not found; the endpoint is /sparql"))
            return
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = self._params()
        if media == "application/sparql-update":
            self._refuse_update()
        elif media == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            self._sparql(params, None)
        elif media == "application/sparql-query":
            self._sparql(params, body.decode("utf-8", "replace"))
        else:
            self._send(
                text_reply(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send the query as application/sparql-query or application/x-www-form-urlencoded",
                )
            )

    def _refuse_update(self) -> None:
        self._send(
            text_reply(
                HTTPStatus.FORBIDDEN,
                "this endpoint is read-only: SPARQL Update is refused (the graph is rebuilt with `kg build`)",
            )
        )

    def do_PUT(self) -> None:  # noqa: N802
        body = self._body()
        if isinstance(body, Reply):
            self._send(body)
            return
        self._refuse_update()

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    # -- the endpoint

    def _sparql(self, params: dict[str, list[str]], query: str | None) -> None:
        if "update" in params:
            self._refuse_update()
            return
        if query is None:
            queries = params.get("query", [])
            if len(queries) > 1:
                self._send(text_reply(HTTPStatus.BAD_REQUEST, "give exactly one query parameter"))
                return
            query = queries[0] if queries else None
        wants_html = negotiate(self.headers.get("Accept"), "answers", _override(params)) == "html"
        if query is None or not query.strip():
            if wants_html:
                page = render_page(endpoint=self.server.url, query="")
                self._send(Reply(HTTPStatus.OK, "text/html; charset=utf-8", page.encode("utf-8")))
            else:
                self._send(
                    text_reply(HTTPStatus.BAD_REQUEST, "no query: pass ?query=... (SPARQL 1.1 Protocol)")
                )
            return
        if sparql.query_form(query) == "UPDATE":
            self._refuse_update()
            return
        self._run(query, params, {}, page_query=query)

    def _saved(self, name: str, params: dict[str, list[str]]) -> None:
        bare = name[:-3] if name.endswith(".rq") else name
        try:
            saved = sparql.saved_query(bare)
        except sparql.UnknownQuery as ex:
            self._send(text_reply(HTTPStatus.NOT_FOUND, str(ex)))
            return
        if name.endswith(".rq"):
            self._send(
                Reply(HTTPStatus.OK, "application/sparql-query; charset=utf-8", saved.text.encode("utf-8"))
            )
            return
        reserved = {"format", "output", "results", "default-graph-uri", "named-graph-uri"}
        # an input left empty on the query page means "not given" (every actor...)
        bindings = {k: v[-1] for k, v in params.items() if k not in reserved and v[-1].strip()}
        self._run(saved.name, params, bindings, page_query=saved.text, saved=saved.name)

    def _run(
        self,
        query: str,
        params: dict[str, list[str]],
        bindings: dict[str, str],
        *,
        page_query: str,
        saved: str | None = None,
    ) -> None:
        form = sparql.query_form(page_query)
        kind = "graph" if form in ("CONSTRUCT", "DESCRIBE") else "answers"
        fmt = negotiate(self.headers.get("Accept"), kind, _override(params))
        if fmt is None:
            offers = sorted(ANSWER_TYPES if kind == "answers" else GRAPH_TYPES)
            self._send(
                text_reply(
                    HTTPStatus.NOT_ACCEPTABLE,
                    f"no acceptable format; this endpoint offers {', '.join(offers)}",
                )
            )
            return
        if form == "ASK" and fmt in ("csv", "tsv"):
            fmt = "json"
        settings = self.server.settings
        job = Job(
            query=query,
            fmt=fmt,
            params=bindings,
            default_graphs=_graphs(params.get("default-graph-uri")),
            named_graphs=_graphs(params.get("named-graph-uri")),
            max_rows=settings.max_rows,
        )
        reply = self.server.pool.execute(job, timeout=settings.timeout)
        if fmt == "html":
            if reply.status == HTTPStatus.OK:
                result_html = reply.body.decode("utf-8")
            else:
                result_html = render_error_html(reply.body.decode("utf-8", "replace"))
            page = render_page(
                endpoint=self.server.url,
                query=page_query,
                result_html=result_html,
                saved=saved,
                values=bindings,
            )
            reply = Reply(reply.status, "text/html; charset=utf-8", page.encode("utf-8"))
        self._send(reply)

    def _list_queries(self) -> Reply:
        items = [
            {
                "name": q.name,
                "description": q.description,
                "params": list(q.params),
                "url": f"/queries/{q.name}",
                "text": f"/queries/{q.name}.rq",
            }
            for q in sparql.saved_queries()
        ]
        return Reply(HTTPStatus.OK, "application/json", (json.dumps(items, indent=1) + "\n").encode("utf-8"))


@dataclass(frozen=True)
class Route:
    """A GET route: the exact paths it answers, a path prefix, or every path (a hook that may decline).

    ``handle(handler, rest, params)`` answers the request; ``rest`` is ``""`` for an exact path,
    the unquoted remainder after the prefix, or the whole path for a hook. A hook returns False
    when the request is not its own, and the next route is tried.
    """

    handle: Callable[[Handler, str, dict[str, list[str]]], bool | None]
    paths: tuple[str, ...] = ()
    prefix: str | None = None
    every_path: bool = False

    def match(self, path: str) -> str | None:
        if self.every_path:
            return path
        if path in self.paths:
            return ""
        if self.prefix is not None and path.startswith(self.prefix) and len(path) > len(self.prefix):
            return urllib.parse.unquote(path[len(self.prefix) :])
        return None


def _warm_viewer(store_path: Path) -> None:
    from kg.viewer.api import warm

    warm(store_path, page=True)


def _viewer(handler: Handler, path: str, params: dict[str, list[str]]) -> bool:
    """The viewer's routes (/ in a browser, /viewer, /api/*, /favicon.ico); False for the rest."""
    # deferred: the viewer's modules are heavy, and every query worker imports this package
    from kg.viewer.api import handle

    answer = handle(path, params, handler.headers.get("Accept"), handler.server.settings.store_path)
    if answer is None:
        return False
    handler._send(Reply(*answer))
    return True


# The one place GET requests are dispatched, first match wins.
GET_ROUTES: list[Route] = [
    Route(_viewer, every_path=True),
    Route(lambda h, _rest, params: h._sparql(params, None), paths=("/", "/sparql", "/sparql/")),
    Route(lambda h, _rest, _params: h._send(h._list_queries()), paths=("/queries", "/queries/")),
    Route(lambda h, rest, params: h._saved(rest, params), prefix="/queries/"),
]


def _override(params: dict[str, list[str]]) -> str | None:
    for key in ("format", "output", "results"):
        if params.get(key):
            return params[key][-1]
    return None


def _graphs(values: Iterable[str] | None) -> tuple[str, ...] | None:
    values = [v for v in (values or []) if v]
    return tuple(values) if values else None


def make_server(settings: Settings) -> Server:
    """A ready server (workers started, socket bound); call ``serve_forever()`` to run it."""
    return Server(settings)


def serve(settings: Settings) -> None:
    """Run the endpoint until interrupted (Ctrl-C)."""
    server = make_server(settings)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
