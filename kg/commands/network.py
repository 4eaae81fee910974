"""``kg collaborators``, ``kg path``, ``kg central``, ``kg communities``, ``kg matrix``, ``kg ego``
and ``kg network export``: who collaborates with whom, from the store.

Every command projects the store with the same filter options (``--layer``, ``--kind``,
``--ics``, ``--predicate``, ``--since``, ``--until``, ``--document``; see
:func:`kg.network.collaboration_graph`) and prints a table, CSV or JSON (``--format``).
``kg central`` and ``kg communities`` keep their results in the store's cache folder, keyed by
the state of the store, the filters and every parameter (:mod:`kg.network.cache`), so that
asking again prints the same answer without computing it.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kg.commands.options import open_read_only, store_option

FORMAT_HELP = "Output: an aligned table, CSV or JSON (with all the evidence)."


def filter_options(default_layers: tuple[str, ...] = ("asserted",)) -> Callable[..., Any]:
    """The projection's filters as options (what they mean: :mod:`kg.network.filters`), passed
    on as ``filters``, the keyword arguments of :func:`kg.network.collaboration_graph`."""
    default_help = " and ".join(default_layers)

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @click.option(
            "--layer",
            "layers",
            multiple=True,
            type=click.Choice(["asserted", "comention", "all"]),
            help=f"Network layer(s): stated relations and/or co-mentions (default: {default_help}). Repeatable.",
        )
        @click.option(
            "--kind",
            "kinds",
            multiple=True,
            metavar="TYPE",
            help="Keep actors of this type (ICB, NHSTrust, Organisation...; subclasses included). Repeatable.",
        )
        @click.option(
            "--ics",
            "ics",
            multiple=True,
            metavar="ICS",
            help="Keep ties with an end in this ICS (its name, alias or code, or any name of one of "
            "its actors). Repeatable.",
        )
        @click.option(
            "--predicate",
            "predicates",
            multiple=True,
            metavar="NAME",
            help="Keep only this relation (partnerOf, leads...). Repeatable.",
        )
        @click.option(
            "--since", metavar="DATE", help="Keep evidence dated on or after DATE (YYYY[-MM[-DD]])."
        )
        @click.option("--until", metavar="DATE", help="Keep evidence dated on or before DATE.")
        @click.option(
            "--document",
            "documents",
            multiple=True,
            metavar="DOC",
            help="Keep only the evidence of this document (file name, sha1 or IRI). Repeatable.",
        )
        @click.option(
            "--min-documents",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Keep only ties that at least this many documents support.",
        )
        @click.option(
            "--min-confidence",
            type=click.FloatRange(0.0, 1.0),
            default=None,
            help="Keep only evidence of at least this confidence (0-1).",
        )
        @functools.wraps(func)
        def wrapper(
            layers: tuple[str, ...],
            kinds: tuple[str, ...],
            ics: tuple[str, ...],
            predicates: tuple[str, ...],
            since: str | None,
            until: str | None,
            documents: tuple[str, ...],
            min_documents: int,
            min_confidence: float | None,
            **kwargs: Any,
        ) -> Any:
            from kg.network.filters import Filters

            chosen = ("asserted", "comention") if "all" in layers else layers
            filters = Filters.make(
                layers=chosen or default_layers,
                kinds=kinds,
                ics=ics,
                predicates=predicates,
                since=since,
                until=until,
                documents=documents,
                min_documents=min_documents,
                min_confidence=min_confidence,
            )
            return func(filters=filters.as_dict(), **kwargs)

        return wrapper

    return decorate


def network_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The store and the projection's filters (:func:`filter_options`)."""
    return store_option(filter_options()(func))


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json"]),
        default="table",
        show_default=True,
        help=FORMAT_HELP,
    )(func)


def _project(store_path: Path, filters: dict[str, Any], *actors: str) -> tuple[Any, list[str]]:
    """The filtered graph and the IRIs of ``actors`` (resolved among all the store's actors)."""
    from kg import store
    from kg.network import ActorError
    from kg.network.projection import collaboration_graph, include_actor
    from kg.network.tables import cached_tables

    if not store.exists(store_path):
        open_read_only(store_path)  # raises the store's own "run kg build first" error
    try:
        tables = cached_tables(store_path)
    except store.StoreError as ex:
        raise click.ClickException(str(ex)) from ex
    try:
        G = collaboration_graph(tables, **filters)
        return G, [include_actor(G, tables, a) for a in actors]
    except (ValueError, ActorError) as ex:
        raise click.ClickException(str(ex)) from ex


def _cached(
    store_path: Path,
    filters: dict[str, Any],
    analysis: str,
    params: dict[str, Any],
    compute: Callable[[Any], Any],
) -> tuple[Any, Any]:
    """``compute`` on the filtered graph, from the store's result cache when its inputs have not
    changed (see :mod:`kg.network.cache`): the graph (or, on a hit, its summary) and the result."""
    from kg.network.cache import cached_analysis

    def warn(message: str) -> None:
        click.echo(f"warning: {message}", err=True)

    return cached_analysis(
        store_path, analysis, params, lambda: _project(store_path, filters)[0], compute, warn=warn
    )


def _quiet_igraph(G: Any) -> None:
    """Import igraph, if ``G`` is large enough to need it, with matplotlib hidden from it
    (:func:`kg.network._igraph.igraph_module`)."""
    from kg.network._igraph import igraph_module, use_igraph

    if use_igraph(G, "auto"):
        with contextlib.suppress(ImportError):
            igraph_module()


@click.command(name="collaborators")
@network_options
@click.argument("actor")
@format_option
@click.option(
    "--quotes", type=int, default=1, show_default=True, help="Quotes shown per collaborator (table)."
)
def collaborators_command(
    store_path: Path, filters: dict[str, Any], actor: str, fmt: str, quotes: int
) -> None:
    """Who ACTOR works with, the best-evidenced first, with the quotes that say so.

    ACTOR is a name, alias, acronym, register key, ODS or GSS code.

    \b
    Example:
        kg collaborators "South West London ICB" --quotes 2
    """
    from kg.network import collaborators
    from kg.network.report import collaborators_output

    G, (iri,) = _project(store_path, filters, actor)
    click.echo(collaborators_output(G, iri, collaborators(G, iri), fmt, quotes=quotes), nl=False)


@click.command(name="path")
@network_options
@click.argument("source")
@click.argument("target")
@format_option
def path_command(store_path: Path, filters: dict[str, Any], source: str, target: str, fmt: str) -> None:
    """The shortest evidenced chain from SOURCE to TARGET, each hop with its quote and document.

    \b
    Example:
        kg path "Andy Ward" "NWL ICS"
    """
    import networkx as nx

    from kg.network import shortest_evidenced_path
    from kg.network.report import path_output

    G, (a, b) = _project(store_path, filters, source, target)
    try:
        hops = shortest_evidenced_path(G, a, b)
    except nx.NetworkXNoPath as ex:
        raise click.ClickException(str(ex)) from ex
    click.echo(path_output(G, a, b, hops, fmt), nl=False)


@click.command(name="central")
@network_options
@format_option
@click.option(
    "--by",
    type=click.Choice(["betweenness", "degree", "eigenvector"]),
    default="betweenness",
    show_default=True,
    help="Measure to rank by (betweenness: the brokers).",
)
@click.option("--top", type=int, default=20, show_default=True, help="How many actors (0: all).")
@click.option(
    "-k",
    "--samples",
    type=int,
    default=None,
    help="Estimate betweenness from this many sampled sources (default: exact when affordable).",
)
def central_command(
    store_path: Path, filters: dict[str, Any], fmt: str, by: str, top: int, samples: int | None
) -> None:
    """Actors ranked by degree, betweenness and eigenvector centrality.

    \b
    Example:
        kg central --by betweenness --top 10
    """
    from kg.network.report import centrality_output

    def compute(G: Any) -> Any:
        from kg.network import centrality

        _quiet_igraph(G)
        return centrality(G, k=samples)

    params = {"filters": filters, "k": samples, "seed": 0, "backend": "auto"}
    G, result = _cached(store_path, filters, "centrality", params, compute)
    click.echo(centrality_output(G, result, fmt, by=by, top=top), nl=False)


@click.command(name="communities")
@network_options
@format_option
@click.option("--members", is_flag=True, help="List every member under its community (table).")
@click.option(
    "--resolution",
    type=float,
    default=1.0,
    show_default=True,
    help="Above 1: more, smaller communities; below 1: fewer, larger ones.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same answer).")
def communities_command(
    store_path: Path, filters: dict[str, Any], fmt: str, members: bool, resolution: float, seed: int
) -> None:
    """Communities of actors that work together (Louvain, or Leiden on large graphs), each
    named by its most central members.

    \b
    Example:
        kg communities --members
    """
    from kg.network.report import communities_output

    def compute(G: Any) -> Any:
        from kg.network import communities

        _quiet_igraph(G)
        return communities(G, seed=seed, resolution=resolution)

    params = {"filters": filters, "seed": seed, "resolution": resolution, "top": 3, "backend": "auto"}
    G, result = _cached(store_path, filters, "communities", params, compute)
    click.echo(communities_output(G, result, fmt, members=members), nl=False)


@click.command(name="matrix")
@network_options
@format_option
@click.option(
    "--weight",
    type=click.Choice(["ties", "documents", "evidence"]),
    default="ties",
    show_default=True,
    help="Count ties, or add up their documents or pieces of evidence.",
)
@click.option(
    "--other", is_flag=True, help="Also show actors outside the ICSs and the register's London-wide bodies."
)
def matrix_command(store_path: Path, filters: dict[str, Any], fmt: str, weight: str, other: bool) -> None:
    """Collaboration between the five ICSs and the London-wide and national bodies, as a table.

    \b
    Example:
        kg matrix --weight documents --format csv
    """
    from kg.network import ics_matrix
    from kg.network.report import matrix_output

    G, _ = _project(store_path, filters)
    attribute = {"ties": None, "documents": "weight", "evidence": "evidence_count"}[weight]
    click.echo(matrix_output(ics_matrix(G, weight=attribute, other=other), fmt), nl=False)


@click.command(name="ego")
@network_options
@click.argument("actor")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Hops from ACTOR.")
@format_option
def ego_command(store_path: Path, filters: dict[str, Any], actor: str, depth: int, fmt: str) -> None:
    """The actors within DEPTH hops of ACTOR (JSON: the node-link graph, for viewers).

    \b
    Example:
        kg ego "SEL ICB" --depth 2 --format json > ego.json
    """
    from kg.network import ego_graph
    from kg.network.report import ego_output

    G, (iri,) = _project(store_path, filters, actor)
    click.echo(ego_output(ego_graph(G, iri, depth), fmt), nl=False)


@click.group(name="network")
def network_group() -> None:
    """The collaboration network as files (see also: collaborators, path, central, communities,
    matrix, ego)."""


@network_group.command(name="export")
@network_options
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["graphml", "gexf", "csv", "json"]),
    default=None,
    help="Network format (default: from the file suffix).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Output file; for csv, X.csv writes X-nodes.csv and X-edges.csv.",
)
@click.option(
    "--evidence",
    type=click.Choice(["all", "best", "none"]),
    default="all",
    show_default=True,
    help="Evidence per edge: every piece (as JSON), the best quote only, or none (smaller files).",
)
def network_export_command(
    store_path: Path, filters: dict[str, Any], fmt: str | None, output: Path, evidence: str
) -> None:
    """Export the collaboration network for Gephi, Cytoscape, spreadsheets or d3.

    GraphML and GEXF keep list attributes and the evidence as JSON strings; the CSV files
    join lists with "; ". Files are written atomically.

    \b
    Example:
        kg network export -f gexf -o london.gexf --ics "SWL ICS"
    """
    from kg.exporters.network import NETWORK_EXPORTS, suffix_format

    name = fmt or suffix_format(output)
    if name is None:
        raise click.ClickException(
            f"cannot tell the format from {output.name}; pass -f graphml|gexf|csv|json"
        )
    G, _ = _project(store_path, filters)
    for path in NETWORK_EXPORTS[name](G, output, evidence=evidence):
        click.echo(f"wrote {path} ({name}: {len(G)} actors, {G.number_of_edges()} ties)", err=True)


COMMANDS = [
    collaborators_command,
    path_command,
    central_command,
    communities_command,
    matrix_command,
    ego_command,
    network_group,
]
