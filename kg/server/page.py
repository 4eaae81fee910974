"""The endpoint's HTML query page: a form for SPARQL and the result rendered as an escaped table.

Everything the page shows that comes from a query or a result goes through ``html.escape``; only
``http(s)`` IRIs become links.
"""

from __future__ import annotations

import html
import urllib.parse
from typing import Any

import pyoxigraph as ox

from kg import __version__, sparql

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


def render_page(*, endpoint: str, query: str, result_html: str = "") -> str:
    """The whole page: the form holding ``query`` (or an example) and ``result_html`` below it."""
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
