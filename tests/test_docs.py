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


def quick_start_blocks() -> list[str]:
    """The shell blocks of the README's quick start, as .ci/run reads them."""
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.split("\n", 1)[1].strip() for block in section.split("```")[1::2]]


def test_ci_runs_the_readme_commands() -> None:
    install_and_run, install_and_test = quick_start_blocks()
    assert install_and_run == "pip install . && kg build && kg stats"
    assert install_and_test == "pip install '.[test]' && python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'QUICK_START="$(readme_block 1)"' in ci and 'TEST_COMMAND="$(readme_block 2)"' in ci
    assert 'eval "$(with_wheel "$QUICK_START")"' in ci and 'eval "$(with_wheel "$TEST_COMMAND")"' in ci
