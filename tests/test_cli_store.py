"""``--store``, defined once (kg/commands/options.py), accepted before the command name too.

Which store a command uses: its own ``--store``, else ``kg --store S`` before the command name,
else ``KG_STORE``, else ``./kg-store``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.commands import options


def _stats(args: list[str], env: dict[str, str] | None = None) -> click.testing.Result:
    return CliRunner().invoke(cli, args, env=env)


def test_store_before_and_after_the_command_are_the_same(seed_store: Path) -> None:
    after = _stats(["stats", "--store", str(seed_store), "--json"])
    before = _stats(["--store", str(seed_store), "stats", "--json"])
    short = _stats(["-s", str(seed_store), "stats", "--json"])
    assert after.exit_code == 0, after.output
    assert before.exit_code == 0, before.output
    assert json.loads(before.output) == json.loads(after.output) == json.loads(short.output)
    assert json.loads(before.output)["documents"] == 5


def test_store_before_the_command_beats_the_environment(seed_store: Path, tmp_path: Path) -> None:
    # conftest points KG_STORE at an empty folder of tmp_path: without --store, no store
    alone = _stats(["stats"])
    assert alone.exit_code == 1 and "no graph store here" in alone.output
    before = _stats(["--store", str(seed_store), "stats", "--json"])
    assert before.exit_code == 0, before.output
    from_env = _stats(["stats", "--json"], env={"KG_STORE": str(seed_store)})
    assert from_env.exit_code == 0 and json.loads(from_env.output) == json.loads(before.output)


def test_store_after_the_command_wins(seed_store: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    result = _stats(["--store", str(seed_store), "stats", "--store", str(missing)])
    assert result.exit_code == 1
    assert f"{missing}: no graph store here" in result.output
    result = _stats(["--store", str(missing), "stats", "--store", str(seed_store), "--json"])
    assert result.exit_code == 0, result.output


def test_store_before_a_network_command(seed_store: Path) -> None:
    before = _stats(["--store", str(seed_store), "collaborators", "SWL ICB", "--format", "json"])
    after = _stats(["collaborators", "SWL ICB", "--format", "json", "--store", str(seed_store)])
    assert before.exit_code == 0, before.output
    assert before.output == after.output and json.loads(before.output)


def _store_commands() -> list[click.Command]:
    return [c for c in cli.commands.values() if any(p.name == "store_path" for p in c.params)]


def test_every_store_option_is_the_shared_one() -> None:
    """A command that declared its own --store would not take the one given before its name."""
    commands = _store_commands()
    assert {"build", "stats", "export", "validate", "query", "central", "view"} <= {c.name for c in commands}
    for command in commands:
        (param,) = [p for p in command.params if p.name == "store_path"]
        assert param.opts == ["-s", "--store"] and param.envvar == options.STORE_ENV, command.name
        assert param.callback is options._choose, f"kg {command.name} defines its own --store"
    (group,) = [p for p in cli.params if "--store" in getattr(p, "opts", ())]
    assert group.callback is options._remember


@pytest.mark.parametrize("where", ["before", "after"])
def test_store_option_in_a_real_process(seed_store: Path, where: str) -> None:
    args = (
        ["--store", str(seed_store), "stats"] if where == "before" else ["stats", "--store", str(seed_store)]
    )
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    run = subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[2].split() == ["documents", "5"]
