"""Pipeline stage 1: the document files under the paths a build or an extraction is given, and the folders that could not be walked."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SKIP_SUFFIXES = (".meta.json",)


@dataclass
class Failure:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Failure]]:
    """The document files under ``paths`` (files as given, folders walked), sorted, and the
    paths that could not be walked."""
    from kg.readers import SUPPORTED_SUFFIXES  # deferred: the readers take a third of a second to import

    found: set[Path] = set()
    failures: list[Failure] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():

            def walk_error(e: OSError, top: Path = path) -> None:
                failures.append(
                    Failure(str(getattr(e, "filename", top)), f"cannot read folder: {e.strerror}")
                )

            for root, dirs, files in os.walk(path, followlinks=False, onerror=walk_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.startswith(".") or name.endswith(SKIP_SUFFIXES):
                        continue
                    if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                        found.add(Path(root) / name)
        else:
            found.add(path)  # given explicitly: read it (or report why not)
    return sorted(found), failures
