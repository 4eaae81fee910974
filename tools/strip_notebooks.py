"""Strip outputs and execution counts from Jupyter notebooks, in place.

Notebooks are committed without outputs (tests/test_notebooks.py checks it): run this before
committing a notebook you have executed.

    python tools/strip_notebooks.py                 # every notebook under notebooks/
    python tools/strip_notebooks.py a.ipynb b.ipynb # just these
    python tools/strip_notebooks.py --check         # list the notebooks that need stripping, exit 1 if any

Besides outputs and execution counts, it drops the per-cell metadata that running a notebook
records (``execution`` timings, ``collapsed``, ``scrolled``) and notebook metadata other than
the kernel spec and the language name, so that a run leaves no trace in git. A notebook is
only rewritten when something changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CELL_METADATA_DROPPED = ("execution", "collapsed", "scrolled")


def strip(nb: nbformat.NotebookNode) -> bool:
    """Strip ``nb`` in place; return whether anything changed."""
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code":
            if cell.get("outputs"):
                cell.outputs = []
                changed = True
            if cell.get("execution_count") is not None:
                cell.execution_count = None
                changed = True
        for key in CELL_METADATA_DROPPED:
            if key in cell.get("metadata", {}):
                del cell.metadata[key]
                changed = True
    kept = {}
    if "kernelspec" in nb.metadata:
        kept["kernelspec"] = nb.metadata["kernelspec"]
    kept["language_info"] = {"name": nb.metadata.get("language_info", {}).get("name", "python")}
    if nb.metadata != kept:
        nb.metadata = nbformat.from_dict(kept)
        changed = True
    return changed


def notebooks(paths: list[str]) -> list[Path]:
    """The notebooks named in ``paths`` (folders searched), or every one under notebooks/."""
    found: list[Path] = []
    for path in [Path(p) for p in paths] or [NOTEBOOKS]:
        found.extend(sorted(path.rglob("*.ipynb")) if path.is_dir() else [path])
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="notebooks or folders (default: notebooks/)")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a notebook needs stripping"
    )
    args = parser.parse_args(argv)
    dirty = []
    for path in notebooks(args.paths):
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        if strip(nb):
            dirty.append(path)
            if not args.check:
                nbformat.write(nb, path)
    for path in dirty:
        print(f"{'needs stripping' if args.check else 'stripped'}: {path}")
    return 1 if args.check and dirty else 0


if __name__ == "__main__":
    sys.exit(main())
