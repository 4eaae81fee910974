"""The endpoint's HTML query page: a form for SPARQL, the saved queries (each with its
description and an input per parameter) and the result rendered as an escaped table.

Everything the page shows that comes from a query or a result goes through ``html.escape``.
The values typed into a saved query's inputs travel as URL parameters to
``/queries/NAME``, where they are bound as RDF terms (:func:`kg.sparql.bind_params`), never
pasted into the query's text. An IRI of this graph's actors opens the actor in the viewer of
the same server (``/#actor=IRI``), a document IRI opens the document there; other ``http(s)``
IRIs (vocabularies) stay plain links.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from kg import __version__, sparql

ID = "https://w3id.org/london-health-kg/id/"
"""The namespace of the graph's actors and documents (:data:`kg.namespaces.ID`)."""
NOT_ACTORS = ("graph/", "assertion/", "doc/")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.ico" type="image/png">
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; max-width: 80em; }}
textarea {{ width: 100%; height: 14em; font: 13px/1.3 ui-monospace, monospace; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
th, td {{ border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; text-align: left; max-width: 40em; }}
th {{ background: #f2f2f2; }}
.error {{ color: #a00; white-space: pre-wrap; font-family: ui-monospace, monospace; }}
.saved {{ list-style: none; padding: 0; margin: 0; }}
.saved > li {{ border-bottom: 1px solid #e4e4e4; padding: 4px 0; }}
.saved summary {{ cursor: pointer; }}
.saved summary code {{ font-weight: 600; }}
.saved .desc {{ color: #444; }}
.saved details[open] {{ background: #f7f9fb; padding: 4px 8px 8px; border-radius: 6px; }}
.params {{ display: grid; grid-template-columns: max-content minmax(14em, 28em) 1fr; gap: 4px 10px; align-items: baseline; margin: 8px 0; }}
.params input {{ font: inherit; padding: 2px 4px; }}
.params small {{ color: #555; }}
.viewer {{ font-size: 12px; margin-left: 0.4em; }}
</style></head><body>
<h1>London health-system knowledge graph: SPARQL</h1>
<p><a href="/">Open the viewer</a> &middot; the endpoint for tools is <code>{endpoint}</code>
(SPARQL 1.1 Protocol, read-only).</p>
<h2>Saved queries</h2>
<p>Open one, fill in what you know and run it; a parameter left empty is not given (its note says
what that means). Values are bound as RDF terms, never pasted into the query.</p>
<ul class="saved" id="saved-queries">{saved}</ul>
{saved_result}
<h2>Your own query</h2>
<form method="get" action="/sparql">
<textarea name="query" spellcheck="false" aria-label="SPARQL query">{query}</textarea>
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


def viewer_link(iri: str) -> str | None:
    """Where the viewer of this server shows ``iri``: an actor (``/#actor=``) or a document
    (``/#doc=``); ``None`` for any other IRI.

    >>> viewer_link("https://w3id.org/london-health-kg/id/ods/QWE")
    '/#actor=https%3A%2F%2Fw3id.org%2Flondon-health-kg%2Fid%2Fods%2FQWE'
    >>> viewer_link("https://w3id.org/london-health-kg/id/doc/ab12")[:6], viewer_link("http://www.w3.org/ns/org#Post")
    ('/#doc=', None)
    """
    if not iri.startswith(ID) or len(iri) == len(ID):
        return None
    rest = iri[len(ID) :]
    what = "doc" if rest.startswith("doc/") else None if rest.startswith(NOT_ACTORS) else "actor"
    if what is None:
        return None
    return f"/#{what}=" + urllib.parse.quote(iri, safe="")


def _cell_html(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        safe = html.escape(term.value, quote=True)
        inside = viewer_link(term.value)
        if inside is not None:
            what = "the document" if "#doc=" in inside else "the actor"
            return f'<a href="{html.escape(inside, quote=True)}" title="open {what} in the viewer">{safe}</a>'
        scheme = term.value.split(":", 1)[0].lower()
        if scheme in ("http", "https"):
            return f'<a href="{safe}" rel="noopener noreferrer nofollow">{safe}</a>'
        return safe
    if isinstance(term, ox.Literal):
        return html.escape(term.value)
    return html.escape(str(term))


def render_result_html(result: Any) -> str:
    """An HTML fragment for a result: a table of solutions, yes/no, or Turtle in a ``pre``."""
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


def render_error_html(message: str) -> str:
    """An HTML fragment for an error message the endpoint answered with."""
    return f'<p class="error">{html.escape(message)}</p>'


_NOTE = re.compile(r"^\?([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$")


def param_notes(saved: sparql.SavedQuery) -> dict[str, str]:
    """What the header says of each parameter (the indented lines under ``# params:``).

    >>> param_notes(sparql.saved_query("held-on"))["date"][:8]
    'the day,'
    """
    notes: dict[str, list[str]] = {}
    current: str | None = None
    inside = False
    for line in saved.doc.splitlines():
        if line.startswith("params:"):
            inside = True
            continue
        if not inside:
            continue
        if re.match(r"^[a-z]+:", line):  # the next field (columns: ...)
            break
        match = _NOTE.match(line)
        if match and match.group(1) in saved.params:
            current = match.group(1)
            notes[current] = [match.group(2)]
        elif current and line:
            notes[current].append(line)
    return {name: " ".join(parts) for name, parts in notes.items()}


def _saved_item(q: sparql.SavedQuery, values: Mapping[str, str], current: bool) -> str:
    name = html.escape(q.name, quote=True)
    action = "/queries/" + urllib.parse.quote(q.name)
    notes = param_notes(q)
    fields = "".join(
        f'<label for="p-{name}-{html.escape(p, quote=True)}"><code>?{html.escape(p)}</code></label>'
        f'<input id="p-{name}-{html.escape(p, quote=True)}" name="{html.escape(p, quote=True)}" '
        f'value="{html.escape(values.get(p, "") if current else "", quote=True)}" '
        f'placeholder="not given" spellcheck="false">'
        f"<small>{html.escape(notes.get(p, ''))}</small>"
        for p in q.params
    )
    return (
        f'<li><details id="q-{name}"{" open" if current else ""}>'
        f'<summary><code>{html.escape(q.name)}</code> <span class="desc">{html.escape(q.description)}</span></summary>'
        f'<form method="get" action="{html.escape(action, quote=True)}">'
        f'<input type="hidden" name="format" value="html">'
        f"{f'<div class=params>{fields}</div>' if fields else '<p><small>No parameters.</small></p>'}"
        f'<p><button type="submit">Run {html.escape(q.name)}</button> '
        f'<a href="{html.escape(action, quote=True)}.rq">the query&rsquo;s text</a></p>'
        f"</form></details></li>"
    )


def render_page(
    *,
    endpoint: str,
    query: str,
    result_html: str = "",
    saved: str | None = None,
    values: Mapping[str, str] | None = None,
) -> str:
    """The whole page: the saved queries (``saved``, the one just run, open with its
    ``values`` in its inputs), the form holding ``query`` (or an example) and ``result_html``."""
    items = "".join(_saved_item(q, values or {}, q.name == saved) for q in sparql.saved_queries())
    return PAGE.format(
        endpoint=html.escape(endpoint),
        saved=items,
        query=html.escape(query or EXAMPLE),
        saved_result=f'<section id="result"><h2>{html.escape(saved)}</h2>{result_html}</section>'
        if saved and result_html
        else "",
        result="" if saved else result_html,
        version=html.escape(__version__),
    )
