"""The researcher notebooks: committed without outputs, and each runs top to bottom.

Each notebook builds its own graph in a temporary folder from the sample corpus and asserts the
facts it shows, so running it is a test of the whole pipeline as a researcher meets it. They
run from a copy in the test's temporary folder: nothing is written into the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_every_notebook_is_listed() -> None:
    assert NOTEBOOKS, "no notebooks in notebooks/"
    readme = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in NOTEBOOKS if p.name not in readme] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_are_stripped(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} have outputs or execution counts; run tools/strip_notebooks.py"
    )


def test_strip_tool_agrees() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "strip_notebooks.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_strip_tool_strips(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(
        "print(1)", execution_count=3, outputs=[nbformat.v4.new_output("stream", text="1\n")]
    )
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb.cells = [cell, nbformat.v4.new_markdown_cell("text")]
    path = tmp_path / "run.ipynb"
    nbformat.write(nb, path)
    script = str(ROOT / "tools" / "strip_notebooks.py")
    assert subprocess.run([sys.executable, script, "--check", str(path)], capture_output=True).returncode == 1
    assert subprocess.run([sys.executable, script, str(path)], capture_output=True).returncode == 0
    stripped = nbformat.read(path, as_version=4)
    assert stripped.cells[0].outputs == [] and stripped.cells[0].execution_count is None
    assert "execution" not in stripped.cells[0].metadata
    assert stripped.cells[0].source == "print(1)" and stripped.cells[1].source == "text"
    assert subprocess.run([sys.executable, script, "--check", str(path)], capture_output=True).returncode == 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, tmp_path: Path) -> None:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    before = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    nb = nbformat.read(copy, as_version=4)
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    try:
        client.execute()
    except CellExecutionError as ex:
        pytest.fail(f"{path.name} failed:\n{ex}", pytrace=False)
    assert not [o for cell in nb.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip())
    # nothing written beside the notebooks
    assert {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()} == before
