"""``kg push``: hand the graph to a SPARQL server store (Graph Store Protocol, or its bulk loader)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import open_read_only, store_option


@click.command(name="push")
@store_option
@click.argument("endpoint")
@click.option("--user", "-u", envvar="KG_PUSH_USER", default=None, help="User name (env KG_PUSH_USER).")
@click.option(
    "--password",
    envvar="KG_PUSH_PASSWORD",
    default=None,
    help="Password (env KG_PUSH_PASSWORD; asked for when a user is given without one).",
)
@click.option("--token", envvar="KG_PUSH_TOKEN", default=None, help="Bearer token (env KG_PUSH_TOKEN).")
@click.option(
    "--auth",
    "scheme",
    type=click.Choice(["auto", "basic", "digest", "bearer", "none"]),
    default="auto",
    show_default=True,
    help="Authentication: auto answers the server's challenge (Bearer with --token, else Digest, else Basic).",
)
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Send only this graph (repeatable).")
@click.option(
    "--resume",
    "--only-changed",
    "resume",
    is_flag=True,
    help="Send only the graphs this store has not yet sent to ENDPOINT with the same content (after a "
    "failed push, or after a rebuild), and delete the ones it sent whose document is gone.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["turtle", "ntriples"]), default="turtle", show_default=True
)
@click.option("--timeout", type=float, default=120.0, show_default=True, help="Seconds per request.")
def push_command(
    store_path: Path,
    endpoint: str,
    user: str | None,
    password: str | None,
    token: str | None,
    scheme: str,
    graphs: tuple[str, ...],
    resume: bool,
    fmt: str,
    timeout: float,
) -> None:
    """Load the graph into another SPARQL store with the Graph Store Protocol.

    Each named graph (one per document, the register, the ontology) is PUT to
    ENDPOINT?graph=IRI, replacing what the store held in it. Each graph the server accepts is
    recorded in the store's cache/push/ journal; if a push stops half-way, the error says how
    many graphs were written and `--resume` sends the rest.

    \b
    Example:
        kg push http://localhost:8890/sparql-graph-crud-auth --user dba
        kg push http://localhost:8890/sparql-graph-crud-auth --user dba --resume
    """
    from kg import push

    if user and password is None and scheme not in ("bearer", "none"):
        password = click.prompt(f"password for {user}", hide_input=True, default="", show_default=False)
    try:
        auth = push.Auth(scheme, user=user, password=password, token=token)
        push.check_endpoint(endpoint)
    except ValueError as ex:
        raise click.UsageError(str(ex)) from ex
    except push.PushError as ex:
        raise click.ClickException(str(ex)) from ex

    def progress(graph: str | None, done: int, total: int) -> None:
        click.echo(f"[{done}/{total}] {graph or 'default graph'}", err=True)

    db = open_read_only(store_path)
    journal = push.journal_path(store_path, endpoint)
    try:
        report = push.push(
            db,
            endpoint,
            auth=auth,
            graphs=list(graphs) or None,
            fmt=fmt,
            timeout=timeout,
            progress=progress,
            journal=journal,
            resume=resume,
        )
    except push.PushError as ex:
        click.echo(f"Error: {ex}", err=True)
        done = ex.report
        if done is not None and (done.graphs or done.skipped):
            click.echo(
                f"{done.graphs + done.skipped} of {done.graphs + done.skipped + len(done.remaining)} graphs are "
                f"on the server ({done.graphs} written now; the list is in {journal}); "
                f"{len(done.remaining)} were not sent: run the same command with --resume to send only those",
                err=True,
            )
        sys.exit(1)
    if report.journal is None and not graphs:
        click.echo(
            f"warning: could not record what was pushed in {journal}; --resume will resend it", err=True
        )
    skipped = f", {report.skipped} unchanged skipped" if report.skipped else ""
    deleted = f", {len(report.deleted)} deleted" if report.deleted else ""
    click.echo(f"pushed {report.graphs} graphs, {report.triples} triples to {endpoint}{skipped}{deleted}")


COMMANDS = [push_command]
