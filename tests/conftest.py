"""Shared fixtures: the shared folder beside the project, seed stores, and a clean environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_shared(*parts: str) -> Path:
    """The path under ../shared; in CI a missing one fails the test, elsewhere it skips it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: the tests that score real documents need the project's shared folder beside the checkout"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the user's store: KG_STORE points into the test's tmp folder."""
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env-store"))
    monkeypatch.setenv("KG_SHARED", str(SHARED))  # notebooks and subprocesses find ../shared too


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    return require_shared("seeds")


@pytest.fixture(scope="session")
def gold_path() -> Path:
    return require_shared("eval", "seeds-gold.json")


@pytest.fixture(scope="session")
def register():
    from kg.seeds import load_register

    return load_register()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory, shared_seeds: Path) -> Path:
    """A store built once from the five real seed documents."""
    from kg.build import build

    path = tmp_path_factory.mktemp("seed-store") / "store"
    report = build(path, [shared_seeds], jobs=1)
    assert report.ok, report.failures
    return path


@pytest.fixture(scope="session")
def seed_db(seed_store: Path):
    from kg.store import open_store

    return open_store(seed_store, read_only=True)
