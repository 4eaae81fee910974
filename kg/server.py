"""Pipeline stage 6d: the graph as a SPARQL 1.1 Protocol endpoint (``kg serve``), read-only.

``/sparql`` takes a query by GET (``?query=``), by POST form (``query=``) or by POST
``application/sparql-query``, with ``default-graph-uri`` and ``named-graph-uri``; answers in SPARQL
JSON, XML, CSV or TSV (``SELECT``/``ASK``) and Turtle, N-Triples, RDF/XML or JSON-LD
(``CONSTRUCT``/``DESCRIBE``) by content negotiation (or ``format=``), and as an HTML page in a
browser. ``/queries`` lists the saved queries and ``/queries/NAME?param=value`` runs one.

Updates are refused (403), as are federated ``SERVICE`` calls. Each query runs in a worker
process that holds the store open read-only: pyoxigraph cannot cancel a running query, so one that
passes the timeout has its worker killed (503) and a new worker started. A result larger than
``max_rows`` is refused (400) rather than cut short silently. Responses carry CORS headers so
browser-based clients can call the endpoint. It listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import queue
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kg import __version__

log = logging.getLogger(__name__)

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
        timeout: seconds a query may run before its worker is killed.
        max_rows: the largest result (solutions or triples) returned.
        workers: queries that can run at once.
        cors_origin: the ``Access-Control-Allow-Origin`` value.
    """

    store_path: Path
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 30.0
    max_rows: int = 10_000
    workers: int = 2
    cors_origin: str = "*"


@dataclass(frozen=True)
class Job:
    """One query for a worker, everything plain so that it pickles."""

    query: str
    fmt: str
    params: dict[str, str] = field(default_factory=dict)
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 10_000


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def text_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


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


# ---------------------------------------------------------------- the query workers


def answer(db: Any, job: Job) -> Reply:
    """Run ``job`` against ``db`` and serialize the result (this runs inside a worker)."""
    from kg import sparql

    try:
        result = sparql.run(
            db,
            job.query,
            params=job.params or None,
            max_rows=job.max_rows,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            allow_service=False,
        )
    except sparql.Refused as ex:
        return text_reply(HTTPStatus.FORBIDDEN, str(ex))
    except sparql.ResultTooLarge as ex:
        return text_reply(
            HTTPStatus.BAD_REQUEST,
            f"{ex} (this endpoint returns at most {job.max_rows} rows; start it with a larger --max-rows "
            "to change that)",
        )
    except (sparql.QuerySyntaxError, sparql.ParamError, sparql.UnknownQuery) as ex:
        return text_reply(HTTPStatus.BAD_REQUEST, str(ex))
    except sparql.SparqlError as ex:
        return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, str(ex))
    if job.fmt == "html":
        return Reply(HTTPStatus.OK, "text/html; charset=utf-8", render_result_html(result).encode("utf-8"))
    try:
        body = sparql.serialize(result, job.fmt)
        media = sparql.FORMATS[job.fmt].media_type
        if result.kind == "graph" and "graph" not in sparql.FORMATS[job.fmt].kinds:
            media = sparql.FORMATS["turtle"].media_type
    except sparql.SparqlError as ex:
        return text_reply(HTTPStatus.NOT_ACCEPTABLE, str(ex))
    return Reply(HTTPStatus.OK, media, body)


def _worker_main(store_path: str, fd: int) -> None:  # pragma: no cover - runs in a child process
    """The worker's loop: open the store, then answer jobs from the parent over the socket ``fd``."""
    from multiprocessing.connection import Connection

    from kg.store import open_store

    conn = Connection(fd)
    try:
        db = open_store(Path(store_path), read_only=True)
    except Exception as ex:  # noqa: BLE001 - reported to the parent, which gives up
        conn.send(("error", str(ex)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(("reply", answer(db, job)))
        except Exception as ex:  # noqa: BLE001 - a bug must not kill the worker silently
            conn.send(("reply", text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {ex}")))


class Worker:
    """A child process holding the store open read-only, answering one job at a time.

    It is started with ``python -c`` rather than multiprocessing's spawn, which re-imports the
    parent's main module (and fails from a notebook or ``python -``).
    """

    def __init__(self, store_path: Path) -> None:
        import os
        import socket
        import sys
        from multiprocessing.connection import Connection

        parent, child = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        code = "import sys; from kg.server import _worker_main; _worker_main(sys.argv[1], int(sys.argv[2]))"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(store_path), str(child.fileno())],
            pass_fds=(child.fileno(),),
            env=env,
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        child.close()
        self.conn = Connection(parent.detach())

    def wait_ready(self, timeout: float) -> None:
        try:
            ready = self.conn.poll(timeout)
            status, detail = self.conn.recv() if ready else ("timeout", None)
        except (EOFError, OSError) as ex:
            status, detail = "error", f"the worker exited ({ex or 'no message'})"
        if status != "ready":
            self.kill()
            if status == "timeout":
                raise RuntimeError(f"the query worker did not start within {timeout:.0f} s")
            raise RuntimeError(f"the query worker could not open the store: {detail}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(2)
        self.conn.close()


class QueryPool:
    """Worker processes that run queries with a timeout; a worker past its timeout is killed and replaced."""

    def __init__(self, store_path: Path, *, size: int = 2, start_timeout: float = 60.0) -> None:
        self.store_path = Path(store_path)
        self.start_timeout = start_timeout
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.closed = False
        self.killed = 0  # workers killed after a timeout, for tests and logs
        workers = [Worker(self.store_path) for _ in range(max(1, size))]
        for w in workers:
            w.wait_ready(start_timeout)
            self.idle.put(w)

    def execute(self, job: Job, *, timeout: float) -> Reply:
        deadline = time.monotonic() + timeout
        try:
            worker = self.idle.get(timeout=timeout)
        except queue.Empty:
            return text_reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "the endpoint is busy: every worker is running a query; try again later",
            )
        try:
            worker.conn.send(job)
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                _, reply = worker.conn.recv()
                self.idle.put(worker)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            log.warning("a query worker died; starting another")
            self._replace(worker)
            return text_reply(
                HTTPStatus.INTERNAL_SERVER_ERROR, "the query worker died; the query was not answered"
            )
        log.warning("query timed out after %.1f s; killing its worker", timeout)
        self.killed += 1
        self._replace(worker)
        return text_reply(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query timed out after {timeout:g} s and was stopped; narrow it (a LIMIT, a more "
            "specific pattern) or start the endpoint with a longer --timeout",
        )

    def _replace(self, worker: Worker) -> None:
        worker.kill()

        def start() -> None:
            if self.closed:
                return
            try:
                fresh = Worker(self.store_path)
                fresh.wait_ready(self.start_timeout)
            except RuntimeError as ex:
                log.error("cannot start a query worker: %s", ex)
                return
            if self.closed:
                fresh.close()
            else:
                self.idle.put(fresh)

        threading.Thread(target=start, name="kg-sparql-respawn", daemon=True).start()

    def close(self) -> None:
        self.closed = True
        while True:
            try:
                self.idle.get_nowait().close()
            except queue.Empty:
                break


# ---------------------------------------------------------------- HTML


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }}
textarea {{ width: 100%; height: 14em; font: 13px/1.3 ui-monospace, monospace; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
th, td {{ border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; text-align: left; max-width: 40em; }}
th {{ background: #f2f2f2; }}
.error {{ color: #a00; white-space: pre-wrap; font-family: ui-monospace, monospace; }}
nav a {{ margin-right: 0.8em; }}
</style></head><body>
<h1>London health-system knowledge graph: SPARQL</h1>
<p>The endpoint for tools is <code>{endpoint}</code> (SPARQL 1.1 Protocol, read-only).
Saved queries: <nav>{saved}</nav></p>
<form method="get" action="/sparql">
<textarea name="query" spellcheck="false">{query}</textarea>
<p><button type="submit">Run</button> <label>as <select name="format">
<option value="html">table</option><option value="json">JSON</option><option value="csv">CSV</option>
<option value="tsv">TSV</option><option value="xml">XML</option></select></label></p>
</form>
{result}
<p><small>kg {version}</small></p>
</body></html>
"""

EXAMPLE = """PREFIX kg: <https://w3id.org/london-health-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?ics ?name WHERE {
  ?ics a kg:ICS ; skos:prefLabel ?name .
}
ORDER BY ?name
"""


def _cell_html(term: Any) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        safe = html.escape(term.value, quote=True)
        scheme = term.value.split(":", 1)[0].lower()
        if scheme in ("http", "https"):
            return f'<a href="{safe}">{safe}</a>'
        return safe
    if isinstance(term, ox.Literal):
        return html.escape(term.value)
    return html.escape(str(term))


def render_result_html(result: Any) -> str:
    """An HTML fragment for a result: a table of solutions, yes/no, or Turtle in a ``pre``."""
    from kg import sparql

    if result.kind == "boolean":
        return f"<p><strong>{'yes' if result.boolean else 'no'}</strong></p>"
    if result.kind == "graph":
        return f"<pre>{html.escape(sparql.to_turtle(result).decode('utf-8'))}</pre>"
    head = "".join(f"<th>{html.escape(v)}</th>" for v in result.variables)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell_html(t)}</td>" for t in row) + "</tr>" for row in result.rows
    )
    n = len(result.rows)
    return f"<p>{n} row{'' if n == 1 else 's'}</p><table><tr>{head}</tr>{rows}</table>"


def render_page(*, endpoint: str, query: str, result_html: str = "") -> str:
    from kg import sparql

    saved = "".join(
        f'<a href="/queries/{urllib.parse.quote(q.name)}?format=html" title="{html.escape(q.description, quote=True)}">'
        f"{html.escape(q.name)}</a>"
        for q in sparql.saved_queries()
    )
    return PAGE.format(
        endpoint=html.escape(endpoint),
        saved=saved,
        query=html.escape(query or EXAMPLE),
        result=result_html,
        version=html.escape(__version__),
    )


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
        self.pool = QueryPool(settings.store_path, size=settings.workers)
        try:
            super().__init__((settings.host, settings.port), Handler)
        except OSError:
            self.pool.close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = f"kg/{__version__}"
    protocol_version = "HTTP/1.1"

    # -- plumbing

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

    def _body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            n = int(length)
        except ValueError:
            return None
        if n > MAX_BODY:
            if n <= DRAIN_LIMIT:  # read and drop it, so the client gets the 413 rather than a reset
                while n > 0:
                    chunk = self.rfile.read(min(n, 65536))
                    if not chunk:
                        break
                    n -= len(chunk)
            return None
        return self.rfile.read(n)

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
        from kg.viewer.api import handle as viewer  # the viewer's routes: /, /viewer, /api/*, /favicon.ico

        answer = viewer(path, params, self.headers.get("Accept"), self.server.settings.store_path)
        if answer is not None:
            self._send(Reply(*answer))
        elif path in ("/", "/sparql", "/sparql/"):
            self._sparql(params, None)
        elif path in ("/queries", "/queries/"):
            self._send(self._list_queries())
        elif path.startswith("/queries/"):
            self._saved(urllib.parse.unquote(path[len("/queries/") :]), params)
        else:
            self._send(text_reply(HTTPStatus.NOT_FOUND, f"{path}: not found; the endpoint is /sparql"))

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(text_reply(HTTPStatus.OK, ""), head_only=True)

    def do_POST(self) -> None:  # noqa: N802
        path = urllib.parse.urlsplit(self.path).path
        body = self._body()
        if body is None:
            self.close_connection = True  # the body was not read: this connection cannot be reused
            self._send(
                text_reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {MAX_BODY} bytes")
            )
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
        if self._body() is None:
            self.close_connection = True
        self._refuse_update()

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    # -- the endpoint

    def _sparql(self, params: dict[str, list[str]], query: str | None) -> None:
        from kg import sparql

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
        from kg import sparql

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
        bindings = {k: v[-1] for k, v in params.items() if k not in reserved}
        self._run(saved.name, params, bindings, page_query=saved.text)

    def _run(
        self, query: str, params: dict[str, list[str]], bindings: dict[str, str], *, page_query: str
    ) -> None:
        from kg import sparql

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
                result_html = f'<p class="error">{html.escape(reply.body.decode("utf-8", "replace"))}</p>'
            page = render_page(endpoint=self.server.url, query=page_query, result_html=result_html)
            reply = Reply(reply.status, "text/html; charset=utf-8", page.encode("utf-8"))
        self._send(reply)

    def _list_queries(self) -> Reply:
        from kg import sparql

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
