"""The build cache: workers hash their own files and skip what the cache holds; the cache lives in
an SQLite manifest (migrated from an older store's manifest.json) that changes at every build."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from kg import store
from kg.build import build
from kg.exporters.rdf import RDF_EXPORTS
from kg.runner import LocalPoolRunner, SerialRunner
from kg.server.workers import store_generation
from kg.worker import hash_and_process
from tests.conftest import ROOT

SEEDS = ROOT / "kg" / "data" / "seeds" / "documents"


def _export(path: Path) -> bytes:
    out = io.BytesIO()
    RDF_EXPORTS["nquads"](store.open_store(path, read_only=True), out)
    return out.getvalue()


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    return folder


def test_a_worker_skips_a_file_whose_digest_the_cache_holds(docs: Path) -> None:
    path = str(sorted(docs.iterdir())[0])
    first = hash_and_process(path)
    assert not first.cached and first.nquads and first.doc_id and first.size == os.path.getsize(path)
    again = hash_and_process(path, (first.doc_id,))
    assert again.cached and again.doc_id == first.doc_id and again.nquads == b"" and again.entities == 0
    other = hash_and_process(path, ("0" * 40,))  # a digest of another content: extracted
    assert not other.cached and other.nquads == first.nquads


@pytest.mark.parametrize("runner", [SerialRunner(), LocalPoolRunner(2)], ids=["serial", "pool"])
def test_runners_hash_in_the_worker_and_keep_the_order(docs: Path, runner) -> None:  # type: ignore[no-untyped-def]
    paths = [str(p) for p in sorted(docs.iterdir())] * 2
    fresh = list(runner.run(paths))
    digests = [r.doc_id for r in fresh]
    hints = [(d,) if i % 2 else () for i, d in enumerate(digests)]
    mixed = list(runner.run(paths, hints))
    runner.close()
    assert [r.path for r in mixed] == paths
    assert [r.cached for r in mixed] == [bool(h) for h in hints]
    assert [r.doc_id for r in mixed] == digests
    assert all((r.nquads == b"") == r.cached for r in mixed)


def test_incremental_builds_extract_only_what_changed(tmp_path: Path, docs: Path) -> None:
    path = tmp_path / "store"
    first = build(path, [docs], jobs=2)
    assert first.ok and first.extracted == first.documents == 8
    reference = _export(path)
    # touched but unchanged: hashed, found in the cache, not extracted
    victim = sorted(docs.iterdir())[3]
    os.utime(victim, ns=(1, 1))
    again = build(path, [docs], jobs=2)
    assert (again.extracted, again.cached, again.removed) == (0, 8, 0)
    assert _export(path) == reference
    # changed: that one only
    victim.write_text(victim.read_text() + "\nBarts Health NHS Trust is working with NHS England.\n")
    changed = build(path, [docs], jobs=2)
    assert (changed.extracted, changed.cached, changed.removed) == (1, 7, 1)
    # bulk and in place give the same store
    bulk = build(tmp_path / "bulk", [docs], jobs=2, bulk=True)
    assert bulk.documents == 8 and _export(tmp_path / "bulk") == _export(path)
    # a copy under another name is one document; the file the cache holds under its own name
    # stays cached wherever the copy sorts
    shutil.copy(sorted(docs.iterdir())[5], docs / "00-copy.md")
    copied = build(path, [docs], jobs=2)
    assert (copied.extracted, copied.cached, copied.documents) == (0, 8, 8)
    assert _export(path) == _export(tmp_path / "bulk")


def test_the_manifest_is_sqlite_and_an_old_json_manifest_is_migrated(tmp_path: Path, docs: Path) -> None:
    path = tmp_path / "store"
    assert build(path, [docs], jobs=1).extracted == 8
    assert not (path / "manifest.json").exists()
    entries = store.read_manifest(path)
    assert len(entries) == 9  # 8 documents and the register
    # a store built before the SQLite manifest: its cache is kept, and migrated
    (path / "manifest.sqlite").unlink()
    old = {
        g: {k: v for k, v in e.items() if k in ("fingerprint", "file", "path")} for g, e in entries.items()
    }
    (path / "manifest.json").write_text(json.dumps({"documents": old}), encoding="utf-8")
    migrated = build(path, [docs], jobs=1)
    assert (migrated.extracted, migrated.cached) == (0, 8)
    assert not (path / "manifest.json").exists()
    assert set(store.read_manifest(path)) == set(entries)
    # a manifest that cannot be read costs a full extraction, not a failed build
    (path / "manifest.sqlite").write_bytes(b"not a database")
    assert store.read_manifest(path) == {}
    assert build(path, [docs], jobs=1).extracted == 8
    rows = sqlite3.connect(path / "manifest.sqlite").execute("SELECT COUNT(*) FROM documents").fetchone()
    assert rows == (9,)


def test_a_build_writes_only_the_changed_rows_and_kg_serve_sees_every_build(
    tmp_path: Path, docs: Path
) -> None:
    path = tmp_path / "store"
    build(path, [docs], jobs=1)
    before = store_generation(path)
    inode = (path / "manifest.sqlite").stat().st_ino
    nothing = build(path, [docs], jobs=1)  # nothing changed: the file still changes (a generation)
    assert nothing.extracted == 0 and store_generation(path) != before
    assert (path / "manifest.sqlite").stat().st_ino == inode  # updated in place, not rewritten
    gone = sorted(docs.iterdir())[0]
    gone.unlink()
    removed = build(path, [docs], jobs=1)
    assert removed.removed == 1
    rows = sqlite3.connect(path / "manifest.sqlite").execute("SELECT path FROM documents").fetchall()
    assert str(gone) not in {r[0] for r in rows} and len(rows) == 8
    generation = (
        sqlite3.connect(path / "manifest.sqlite")
        .execute("SELECT value FROM meta WHERE key = 'generation'")
        .fetchone()
    )
    assert generation == ("3",)
