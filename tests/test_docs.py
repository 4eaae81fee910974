"""The README stays true: every CLI command is documented, and the quick start is what CI runs."""

from __future__ import annotations

import pytest

from kg.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented(name: str) -> None:
    assert f"`kg {name}" in README
    assert cli.commands[name].help, f"kg {name} has no help text"


def test_ci_runs_the_readme_test_command() -> None:
    command = "pip install -e '.[test]' && python -m pytest"
    assert command in README
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
