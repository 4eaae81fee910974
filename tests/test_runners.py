"""Runners: the local process pool and Dask give the same store; a worker that dies costs only
the document that killed it."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.exporters.rdf import RDF_EXPORTS
from kg.store import open_store
from tests.conftest import IN_CI, ROOT, require_shared


def _need_dask() -> None:
    if importlib.util.find_spec("distributed") is None:
        message = "Dask distributed is not installed (pip install -e '.[cluster]')"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _export(store: Path) -> bytes:
    out = io.BytesIO()
    RDF_EXPORTS["nquads"](open_store(store, read_only=True), out)
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("runner-corpus")
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate_corpus.py"), "-n", "240", "-o", str(folder)],
        check=True,
        capture_output=True,
    )
    (folder / "gold.json").unlink()
    return folder


@pytest.mark.cluster
def test_a_local_dask_cluster_builds_the_same_bytes_as_the_pool(tmp_path: Path, corpus: Path) -> None:
    _need_dask()
    seeds = require_shared("seeds")
    for paths, bulk in (([seeds, ROOT / "seeds" / "documents"], False), ([corpus], True)):
        pool, dask = tmp_path / f"pool-{bulk}", tmp_path / f"dask-{bulk}"
        by_pool = build(pool, paths, jobs=2, bulk=bulk)
        by_dask = build(dask, paths, jobs=2, bulk=bulk, cluster="local:2")
        assert by_pool.ok and by_dask.ok, (by_pool.failures, by_dask.failures)
        assert by_dask.extracted == by_pool.extracted > 0
        assert _export(dask) == _export(pool)
        # the cache works the same: nothing to extract again, with either runner
        again = build(dask, paths, jobs=2, cluster="local:2")
        assert (again.extracted, again.cached) == (0, by_pool.documents)
        assert _export(dask) == _export(pool)


@pytest.mark.parametrize("runner", ["pool", pytest.param("dask", marks=pytest.mark.cluster)])
def test_a_document_that_kills_its_worker_is_reported_and_the_rest_is_built(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, runner: str
) -> None:
    if runner == "dask":
        _need_dask()
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in sorted(corpus.glob("*.md"))[:40]:
        shutil.copy(path, docs / path.name)
    reference = build(tmp_path / "reference", [docs], jobs=1)
    assert reference.ok and reference.documents == 40
    crash = docs / "crash-me.md"  # its worker exits hard (os._exit) every time it is processed
    crash.write_text("Barts Health NHS Trust is working with NHS England on this one.\n")
    monkeypatch.setenv("KG_TEST_CRASH_ON", "crash-me")
    cluster = "local:2" if runner == "dask" else None
    report = build(tmp_path / "store", [docs], jobs=2, cluster=cluster)
    assert [f.path for f in report.failures] == [str(crash)]
    message = report.failures[0].message
    assert message.startswith("the worker process died while processing this document (")
    assert message.endswith("again when it was retried alone; left out")
    if runner == "pool":
        assert "(exit code 70)" in message
    assert report.documents == 40 and report.extracted == 40
    assert _export(tmp_path / "store") == _export(tmp_path / "reference")


def test_the_crash_hook_is_inert_outside_tests(tmp_path: Path) -> None:
    doc = tmp_path / "crash-me.txt"
    doc.write_text("Barts Health NHS Trust is working with NHS England.\n")
    code = (
        "import os, sys; os.environ.pop('PYTEST_CURRENT_TEST', None); "
        "from kg.runner import process_one; r = process_one(sys.argv[1]); print(r.error, r.entities)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(doc)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "KG_TEST_CRASH_ON": "crash-me"},
    )
    assert run.returncode == 0 and run.stdout.split() == ["None", "2"], run
