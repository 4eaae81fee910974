"""``kg push``: hand the graph to a SPARQL server store (Graph Store Protocol, or its bulk loader)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.commands.options import open_read_only, store_option


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
    "--bulk",
    is_flag=True,
    help="Virtuoso on this machine or sharing a folder: write packs and load them with its bulk loader "
    "through isql (--user/--password: its SQL account); with --resume only the changed ones, and a few "
    "changed graphs go by the Graph Store Protocol.",
)
@click.option(
    "--packs",
    "packs",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="With --bulk: the folder for the packs (default: STORE/packs).",
)
@click.option(
    "--server-packs",
    default=None,
    metavar="PATH",
    help="With --bulk: the packs folder as the server sees it (default: the same path).",
)
@click.option(
    "--isql",
    "isql",
    default=None,
    metavar="CMD",
    help="With --bulk: Virtuoso's isql (default: isql-vt or isql).",
)
@click.option("--isql-host", default=None, help="With --bulk: the SQL host (default: the endpoint's).")
@click.option(
    "--isql-port", type=int, default=1111, show_default=True, help="With --bulk: Virtuoso's SQL port."
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
    bulk: bool,
    packs: Path | None,
    server_packs: str | None,
    isql: str | None,
    isql_host: str | None,
    isql_port: int,
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
        kg push http://localhost:8890/sparql-graph-crud-auth --user dba --bulk --isql-port 1111
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

    if bulk and graphs:
        raise click.UsageError("--bulk sends the whole store; leave out --graph")
    db = open_read_only(store_path)
    journal = push.journal_path(store_path, endpoint)
    try:
        if bulk:
            where = push.Bulk(
                packs or store_path / "packs",
                server_packs=server_packs,
                isql=isql,
                host=isql_host,
                port=isql_port,
            )
            report = push.bulk_push(
                db,
                endpoint,
                where,
                auth=auth,
                journal=journal,
                timeout=timeout,
                progress=progress,
                resume=resume,
            )
        else:
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
    how = (
        f" (Virtuoso's bulk loader, {report.files} pack files)"
        if report.method == "bulk" and report.files
        else " (Graph Store Protocol)"
        if bulk
        else ""
    )
    click.echo(
        f"pushed {report.graphs} graphs, {report.triples} triples to {endpoint}{how}{skipped}{deleted}"
    )


COMMANDS = [push_command]
