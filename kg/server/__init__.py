"""Pipeline stage 6d: the graph as a read-only SPARQL 1.1 Protocol endpoint (``kg serve``).

:mod:`kg.server.protocol` speaks HTTP (routes, limits, content negotiation),
:mod:`kg.server.workers` runs the queries in worker processes, and :mod:`kg.server.page` renders
the HTML query page. The names below are the endpoint's public interface.
"""

from kg.server.page import render_page, render_result_html
from kg.server.protocol import (
    ANSWER_TYPES,
    DRAIN_LIMIT,
    GET_ROUTES,
    GRAPH_TYPES,
    MAX_BODY,
    Handler,
    Route,
    Server,
    Settings,
    make_server,
    negotiate,
    serve,
)
from kg.server.workers import Job, QueryPool, Reply, Worker, answer, text_reply

__all__ = [
    "ANSWER_TYPES",
    "DRAIN_LIMIT",
    "GET_ROUTES",
    "GRAPH_TYPES",
    "MAX_BODY",
    "Handler",
    "Job",
    "QueryPool",
    "Reply",
    "Route",
    "Server",
    "Settings",
    "Worker",
    "answer",
    "make_server",
    "negotiate",
    "render_page",
    "render_result_html",
    "serve",
    "text_reply",
]
