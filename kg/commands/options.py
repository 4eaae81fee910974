"""Options the commands share, defined once: the graph store (``--store``, before or after the command name) and opening it.

``kg --store S stats`` and ``kg stats --store S`` mean the same. Which store a command uses:
``--store`` after the command name, else ``--store`` before it, else ``KG_STORE``, else
``./kg-store``. The group takes its ``--store`` with :func:`group_store_option` and each
command that touches the graph with :func:`store_option`: the same names and type, declared
here once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from kg import store

STORE_ENV = "KG_STORE"
DEFAULT_STORE = "kg-store"
STORE_HELP = f"Folder of the graph store (env {STORE_ENV}); also accepted before the command name."
_NAMES = ("-s", "--store", "store_path")
_TYPE = click.Path(file_okay=False, path_type=Path)
_GIVEN_BEFORE = "kg.store"  # key in the click context's meta, shared by the group and its commands


def _remember(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.meta[_GIVEN_BEFORE] = value


def _choose(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """The command's own ``--store`` wins; without it, the one given before the command name
    comes before the environment and the default."""
    before = ctx.meta.get(_GIVEN_BEFORE)
    if before is not None and ctx.get_parameter_source(param.name or "") is not ParameterSource.COMMANDLINE:
        return before
    return value


def group_store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--store`` on the ``kg`` group, for the command that follows (``kg --store S stats``)."""
    return click.option(
        *_NAMES,
        type=_TYPE,
        default=None,
        expose_value=False,
        callback=_remember,
        help=f"Folder of the graph store for the command that follows (else {STORE_ENV}, "
        f"else ./{DEFAULT_STORE}); a --store after the command name wins.",
    )(func)


def store_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``-s/--store`` on a command, passed to it as ``store_path``."""
    return click.option(
        *_NAMES,
        type=_TYPE,
        envvar=STORE_ENV,
        default=DEFAULT_STORE,
        show_default=True,
        callback=_choose,
        help=STORE_HELP,
    )(func)


def open_read_only(store_path: Path) -> Any:
    """The store at ``store_path`` opened for reading; a missing or unreadable store is a
    one-line error (:class:`click.ClickException`), not a traceback."""
    try:
        return store.open_store(store_path, read_only=True)
    except store.StoreError as ex:
        raise click.ClickException(str(ex)) from ex
