"""The ``kg`` command line: thin commands over the library functions."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
from dataclasses import asdict
from pathlib import Path

import click
from rdflib import Graph
from tqdm import tqdm

import kg.commands
from kg import __version__, store
from kg.atomic import atomic_write
from kg.build import build, validate_new_graphs
from kg.commands.options import group_store_option, open_read_only, store_option
from kg.exporters.rdf import RDF_EXPORTS, suffix_format, write_packs
from kg.ontology import validate
from kg.paths import REGISTER_ENV
from kg.runner import RunnerError
from kg.seeds import RegisterError, load_register
from kg.stats import store_stats
from kg.store import to_rdflib


class _Group(click.Group):
    """The command group; a reader whose store changes under it (a build swapping or compacting
    the database) gets one clear line instead of a database traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (OSError, RuntimeError) as ex:
            if not store.READ_PATHS or not store.is_storage_error(ex):
                raise
            raise click.ClickException(str(store.read_error(store.READ_PATHS[-1], ex))) from ex


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@group_store_option
@click.option(
    "--register",
    envvar=REGISTER_ENV,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=f"Folder of register CSV files to use instead of the one shipped with kg (env {REGISTER_ENV}).",
)
def cli(register: Path | None) -> None:
    """Build, query and view the London health-system knowledge graph."""
    if register is not None:  # through the environment, so worker processes read the same register
        os.environ[REGISTER_ENV] = str(register.resolve())


@cli.command(name="build")
@store_option
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-j", "--jobs", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--wait", is_flag=True, help="Wait for another build on the same store instead of refusing.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option(
    "--cluster",
    metavar="local:N|tcp://HOST:PORT",
    default=None,
    help="Process the documents on Dask: a local cluster of N workers, or a running scheduler "
    "(needs the extra kg[cluster]). Default: local worker processes (--jobs).",
)
@click.option(
    "--allow-empty",
    is_flag=True,
    help="Let a build that finds no documents remove every document from the store "
    "(refused otherwise, so that a mistyped path cannot empty it).",
)
def build_command(
    store_path: Path,
    paths: tuple[Path, ...],
    jobs: int | None,
    wait: bool,
    quiet: bool,
    cluster: str | None,
    allow_empty: bool,
) -> None:
    """Build or update the store from the register and documents (default: the sample corpus).

    The store then holds exactly the documents found under PATHS: changed ones are extracted
    again, unchanged ones come from the cache, missing ones are removed.

    \b
    Example:
        kg build seeds/documents ../reports --store kg-store
    """
    # the build ends by writing the viewer's first view and the network's tables into the
    # store's cache/, so that `kg serve` and the network commands after it do not read the store
    from kg.viewer.api import prepare as prepare_first_view

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or total < 20:
            return
        if bar is None:
            bar = tqdm(total=total, unit="doc", file=sys.stderr)
        bar.update(1)

    try:
        report = build(
            store_path,
            paths,
            jobs=jobs,
            progress=progress,
            wait=wait,
            allow_empty=allow_empty,
            cluster=cluster,
            prepare=prepare_first_view,
        )
    except (store.StoreError, RegisterError, RunnerError) as ex:
        raise click.ClickException(str(ex)) from ex
    if bar is not None:
        bar.close()
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for failure in report.failures:
        click.echo(f"error: {failure}", err=True)

    violations = validate_new_graphs(store_path, report)
    for violation in violations or []:
        click.echo(f"warning: SHACL {violation}", err=True)
    stats = store_stats(store.open_store(store_path, read_only=True))
    click.echo(
        f"documents: {report.documents} ({report.extracted} extracted, {report.cached} cached, "
        f"{report.removed} removed)\n"
        f"actors: {stats.actors}\n"
        f"relations: {stats.assertions} asserted, {stats.comentions} co-mentions\n"
        f"triples: {stats.triples}\n"
        f"shapes: {_shapes_line(violations)}\n"
        f"failures: {len(report.failures)}"
    )
    if report.failures:
        sys.exit(1)


def _shapes_line(violations: list[str] | None) -> str:
    if violations is None:
        return "not checked here (large build); run `kg validate`"
    return f"{len(violations)} violation(s)" if violations else "conforms"


@cli.command(name="export")
@store_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml"]),
    default=None,
    help="RDF format (default: from the file suffix, else turtle).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("-"),
    show_default=True,
    help="Output file, or - for stdout.",
)
@click.option(
    "--packs",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write gzip N-Quads packs for server stores' bulk loaders into this folder instead.",
)
@click.option(
    "--pack-size", type=int, default=64, show_default=True, help="Largest pack file, in MB (with --packs)."
)
def export_command(
    store_path: Path, fmt: str | None, output: Path, packs: Path | None, pack_size: int
) -> None:
    """Export the graph: Turtle, N-Triples, JSON-LD and RDF/XML as the union of all graphs;
    TriG and N-Quads keep the named graphs. Files are written atomically.

    With --packs DIR: gzip N-Quads files of at most --pack-size MB, one gzip member per document
    graph plus base.nq.gz (ontology and register), and DIR/manifest.json (files, members, quad
    counts, SHA-256), for Virtuoso's, QLever's or pyoxigraph's bulk loaders.

    \b
    Example:
        kg export -f turtle -o london.ttl
        kg export --packs packs/
    """
    db = open_read_only(store_path)
    if packs is not None:
        if pack_size < 1:
            raise click.UsageError("--pack-size must be at least 1 (MB)")
        try:
            manifest = write_packs(db, packs, max_bytes=pack_size * 1024 * 1024)
        except (OSError, ValueError) as ex:
            raise click.ClickException(f"{packs}: {getattr(ex, 'strerror', None) or ex}") from ex
        click.echo(
            f"wrote {len(manifest['files'])} pack files to {packs} "
            f"({manifest['graphs']} graphs, {manifest['quads']} quads)",
            err=True,
        )
        return
    name = fmt or (suffix_format(output) if str(output) != "-" else None) or "turtle"
    export = RDF_EXPORTS[name]
    if str(output) == "-":
        export(db, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with atomic_write(output) as handle:
            export(db, handle)
        click.echo(f"wrote {output} ({name})", err=True)


@cli.command(name="stats")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats_command(store_path: Path, as_json: bool) -> None:
    """Counts of what the store holds: documents, actors by type, relations by predicate."""
    stats = store_stats(open_read_only(store_path))
    if as_json:
        click.echo(json.dumps(asdict(stats), indent=2, sort_keys=True))
        return
    click.echo(f"triples      {stats.triples}\ngraphs       {stats.graphs}\ndocuments    {stats.documents}")
    click.echo(f"actors       {stats.actors}")
    for kind, n in stats.actors_by_type.items():
        click.echo(f"  {kind:<18}{n}")
    click.echo(f"relations    {stats.assertions} asserted, {stats.comentions} co-mentions")
    for pred, n in stats.relations_by_predicate.items():
        click.echo(f"  {pred:<18}{n}")


@cli.command(name="validate")
@store_option
@click.option(
    "--register-only", is_flag=True, help="Validate only the register (see kg --register), no store needed."
)
def validate_command(store_path: Path, register_only: bool) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl; exit 1 on violations."""
    if register_only:
        try:
            data = load_register().graph
        except RegisterError as ex:
            raise click.ClickException(str(ex)) from ex
    else:
        db = open_read_only(store_path)
        data = Graph()
        for q in db:
            data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    violations = validate(data)
    for v in violations:
        click.echo(str(v))
    if violations:
        click.echo(f"{len(violations)} violation(s)", err=True)
        sys.exit(1)
    click.echo(f"conforms ({len(data)} triples checked)")


def _register_optional_commands() -> None:
    """Commands that live in their own modules (kg/commands/*.py), added when present."""
    for info in sorted(pkgutil.iter_modules(kg.commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"kg.commands.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_register_optional_commands()
