"""Copy the editable data folders (ontology/, seeds/) into the package (kg/data/).

The top-level ``ontology/`` and ``seeds/`` folders are the sources people edit; ``kg/data/``
holds the copies that ship inside the package and that kg reads (see ``kg/paths.py``).
``python tools/sync_data.py`` brings the copies up to date (files added, changed or removed);
``--check`` only reports the differences and exits 1 if there are any (tests/test_install.py
runs the same comparison).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("ontology", "seeds")  # each ROOT/NAME is copied to kg/data/NAME
DATA = ROOT / "kg" / "data"


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative POSIX path (hidden files and caches left out)."""
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and not any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(folder).parts)
    }


def differences(source: Path, copy: Path) -> list[str]:
    """What differs between ``source`` and ``copy``, one line each (empty when identical)."""
    want, have = files(source), files(copy)
    lines = [
        f"{copy / name}: missing (copy of {source / name})" for name in sorted(want.keys() - have.keys())
    ]
    lines += [f"{copy / name}: not in {source}" for name in sorted(have.keys() - want.keys())]
    lines += [
        f"{copy / name}: differs from {source / name}"
        for name in sorted(want.keys() & have.keys())
        if want[name] != have[name]
    ]
    return lines


def sync(source: Path, copy: Path) -> None:
    """Make ``copy`` hold exactly the files of ``source``."""
    want, have = files(source), files(copy)
    for name in sorted(have.keys() - want.keys()):
        (copy / name).unlink()
    for name, data in want.items():
        target = copy / name
        if have.get(name) != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, target)
    for folder in sorted((p for p in copy.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="report differences, change nothing; exit 1 if any"
    )
    args = parser.parse_args(argv)
    found = [line for name in FOLDERS for line in differences(ROOT / name, DATA / name)]
    if args.check:
        for line in found:
            print(line)
        if found:
            print("run: python tools/sync_data.py", file=sys.stderr)
        return 1 if found else 0
    for name in FOLDERS:
        sync(ROOT / name, DATA / name)
    print(f"kg/data: {len(found)} change(s) copied" if found else "kg/data: already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
