"""``kg query`` and ``kg serve``: SPARQL over the store, as a command and an endpoint (``kg push`` is in push.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.commands.options import open_read_only, store_option


@click.command(name="query")
@store_option
@click.argument("query", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help='Bind ?NAME to a value: <iri> or http(s)://... is an IRI, "x"^^xsd:date a typed '
    "literal, anything else a string. Repeatable.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml"]),
    default="table",
    show_default=True,
    help="Result format (CONSTRUCT and DESCRIBE always give Turtle).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to a file (atomically) instead of stdout.",
)
@click.option("--list", "list_queries", is_flag=True, help="List the saved queries and exit.")
def query_command(
    store_path: Path,
    query: str | None,
    params: tuple[str, ...],
    fmt: str,
    output: Path | None,
    list_queries: bool,
) -> None:
    """Run SPARQL on the graph: inline text, a .rq file, or a saved query's name.

    \b
    Examples:
        kg query --list
        kg query collaborators -p actor="South West London ICB"
        kg query reorganisations -p actor=QMJ -f csv -o changes.csv
        kg query 'SELECT ?ics WHERE { ?ics a kg:ICS }'
    """
    from kg import sparql

    if list_queries:
        for saved in sparql.saved_queries():
            params_text = " ".join(f"?{p}" for p in saved.params)
            click.echo(
                f"{saved.name:<20} {saved.description}" + (f"  [{params_text}]" if params_text else "")
            )
        return
    if not query:
        raise click.UsageError("give a query, a .rq file or a saved query name (kg query --list shows them)")
    try:
        result = sparql.run(open_read_only(store_path), query, params=list(params))
        data = sparql.serialize(result, fmt)
    except sparql.SparqlError as ex:
        raise click.ClickException(str(ex)) from ex
    if output:
        from kg.atomic import atomic_write

        with atomic_write(output) as handle:
            handle.write(data)
        click.echo(
            f"wrote {output} ({len(result)} {'triples' if result.kind == 'graph' else 'rows'})", err=True
        )
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


@click.command(name="serve")
@store_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on (0.0.0.0 opens it to the network).",
)
@click.option("--port", type=int, default=8000, show_default=True, help="TCP port (0 picks a free one).")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds a query may run.")
@click.option("--max-rows", type=int, default=10_000, show_default=True, help="Largest result returned.")
@click.option(
    "--workers",
    type=int,
    default=2,
    show_default=True,
    help="Queries that can be in their first 0.5 s at once.",
)
@click.option(
    "--long-queries",
    type=int,
    default=2,
    show_default=True,
    help="Queries that can run past 0.5 s at once, beside those (each on a worker of its own).",
)
@click.option("--max-connections", type=int, default=64, show_default=True, help="Open connections allowed.")
@click.option("--cors-origin", default="*", show_default=True, help="Access-Control-Allow-Origin value.")
def serve_command(
    store_path: Path,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    long_queries: int,
    max_connections: int,
    cors_origin: str,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint at /sparql.

    GET or POST, answers in SPARQL JSON/XML/CSV/TSV or Turtle by content negotiation, an HTML
    query page in a browser, saved queries at /queries/NAME?param=value. Updates and SERVICE
    calls are refused. After a `kg build` the endpoint serves the new graph within a few seconds.
    In a browser, / is the viewer of the collaboration network (the page of kg view, served
    over the live store, with JSON endpoints under /api/).

    \b
    Example:
        kg serve --port 8000 &
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 3' http://127.0.0.1:8000/sparql
    """
    from kg import server

    open_read_only(store_path)  # a clear error now rather than in a worker
    settings = server.Settings(
        store_path=store_path,
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        long_queries=long_queries,
        max_connections=max_connections,
        cors_origin=cors_origin,
    )
    try:
        endpoint = server.make_server(settings)
    except (OSError, RuntimeError) as ex:
        raise click.ClickException(f"cannot start the endpoint on {host}:{port}: {ex}") from ex
    click.echo(f"SPARQL endpoint at {endpoint.url} (Ctrl-C to stop)", err=True)
    try:
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.server_close()


COMMANDS = [query_command, serve_command]
