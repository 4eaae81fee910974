"""``kg view``: the interactive HTML viewer of the collaboration network."""

from __future__ import annotations

from pathlib import Path

import click

from kg.commands.network import filter_options
from kg.commands.options import open_read_only, store_option


@click.command(name="view")
@store_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("graph.html"),
    show_default=True,
    help="The HTML file to write (atomically).",
)
@filter_options(default_layers=("asserted", "comention"))
@click.option("--actor", metavar="NAME", help="Show only this actor's network (name, alias, code or IRI).")
@click.option(
    "--depth",
    type=click.IntRange(0, 6),
    default=1,
    show_default=True,
    help="With --actor: how many steps out from the actor.",
)
@click.option(
    "--layout",
    type=click.Choice(["auto", "physics", "precomputed"]),
    default="auto",
    show_default=True,
    help="auto: positions computed in Python from 1,000 actors up (physics off), else physics.",
)
@click.option("--title", help="The page's title.")
def view_command(
    store_path: Path,
    output: Path,
    filters: dict,
    actor: str | None,
    depth: int,
    layout: str,
    title: str | None,
) -> None:
    """Write the collaboration network as one self-contained, interactive HTML page.

    The filters are those of the network commands (``kg central``, ``kg path``...) and mean the
    same; here both layers are shown unless --layer says otherwise. The page works with no
    network connection: click an actor for its details and the documents
    naming it, click a relation for every quote behind it; search, filter and focus in the page.

    \b
    Examples:
        kg view -o graph.html
        kg view --ics "North Central London" --layer asserted -o ncl.html
        kg view --actor "Royal Free" --depth 2 -o royal-free.html
    """
    from kg.network import ActorError
    from kg.viewer import view_store

    db = open_read_only(store_path)
    try:
        report = view_store(
            db,
            output,
            **filters,
            actor=actor,
            depth=depth,
            layout=layout,
            title=title,
        )
    except (ValueError, ActorError) as ex:
        raise click.ClickException(str(ex)) from ex
    click.echo(
        f"wrote {report.path}: {report.actors} actors, {report.relations} relations "
        f"({'physics' if report.physics else 'precomputed'} layout)"
    )
    if report.actors == 0:
        click.echo("warning: no relation passes the filters; the page is empty", err=True)


COMMANDS = [view_command]
