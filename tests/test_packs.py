"""``kg export --packs``: gzip N-Quads packs for server stores' bulk loaders, and their manifest.

The packs are checked against the store they came from: loaded into a fresh pyoxigraph store they
give the same quads; each member, cut out at the manifest's offset, is one graph; the same store
gives the same bytes. Virtuoso's bulk loader is tested in test_push.py (beside its server), and
Oxigraph's server loader where its binary is installed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.exporters.rdf import PACK_MANIFEST, graph_nquads, read_pack_manifest, write_packs

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the sample corpus and 60 generated documents (so that packs split)."""
    import sys

    from kg.build import build

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate_corpus import generate

    folder = tmp_path_factory.mktemp("packs-docs")
    generate(60, folder / "generated", seed=7)
    path = tmp_path_factory.mktemp("packs") / "store"
    assert build(path, [ROOT / "seeds" / "documents", folder / "generated"], jobs=1).ok
    return path


@pytest.fixture(scope="module")
def db(store_path: Path) -> ox.Store:
    from kg.store import open_store

    return open_store(store_path, read_only=True)


def quads_of_packs(folder: Path) -> list[ox.Quad]:
    quads: list[ox.Quad] = []
    for entry in read_pack_manifest(folder)["files"]:
        with gzip.open(folder / entry["name"]) as handle:  # every member, one stream
            quads.extend(ox.parse(handle, format=ox.RdfFormat.N_QUADS))
    return quads


def test_packs_load_completely_with_pyoxigraph(db: ox.Store, store_path: Path, tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["export", "--store", str(store_path), "--packs", str(tmp_path / "packs")])
    assert out.exit_code == 0, out.output
    manifest = json.loads((tmp_path / "packs" / PACK_MANIFEST).read_text())
    names = {g.value for g in db.named_graphs()}
    assert manifest["graphs"] == len(names) and manifest["quads"] == len(db)
    quads = quads_of_packs(tmp_path / "packs")
    loaded = ox.Store()
    for entry in manifest["files"]:  # pyoxigraph's bulk loader reads each file, every member
        with gzip.open(tmp_path / "packs" / entry["name"]) as handle:
            loaded.bulk_load(handle, format=ox.RdfFormat.N_QUADS)
    assert len(loaded) == len(quads) == len(db)  # nothing lost, nothing twice
    assert set(loaded) == set(db)
    assert f"wrote {len(manifest['files'])} pack files" in out.stderr


def test_pack_members_files_and_manifest(db: ox.Store, tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    manifest = write_packs(db, folder, max_bytes=40_000)
    files = manifest["files"]
    assert files[0]["name"] == "base.nq.gz"
    assert [m["name"] for m in files[0]["members"]] == ["ontology.nq", "register.nq"]
    documents = [m for f in files[1:] for m in f["members"]]
    doc_graphs = sorted(g.value for g in db.named_graphs() if "/id/doc/" in g.value)
    assert [m["graph"] for m in documents] == doc_graphs  # one member per document, by hash
    assert all(m["name"] == m["graph"].rsplit("/", 1)[-1] + ".nq" for m in documents)
    assert len(files) > 3  # bounded: the documents were split over several files
    for entry in files:
        data = (folder / entry["name"]).read_bytes()
        assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["bytes"] <= 40_000 or len(entry["members"]) == 1
        assert entry["quads"] == sum(m["quads"] for m in entry["members"])
        for member in entry["members"]:
            raw = data[member["offset"] : member["offset"] + member["length"]]
            text = gzip.decompress(raw)  # one whole gzip member
            assert hashlib.sha256(text).hexdigest() == member["sha256"]
            graph = ox.NamedNode(member["graph"])
            quads = list(ox.parse(text, format=ox.RdfFormat.N_QUADS))
            assert (
                len(quads) == member["quads"] == sum(1 for _ in db.quads_for_pattern(None, None, None, graph))
            )
            assert {q.graph_name for q in quads} == {graph}
            assert text == graph_nquads(db, member["graph"])[0]
            # the member carries its name in its gzip header
            assert raw[3] & 0x08 and raw[10:].split(b"\0", 1)[0].decode() == member["name"]


def test_packs_are_deterministic_and_replace_old_files(db: ox.Store, tmp_path: Path) -> None:
    first = write_packs(db, tmp_path / "a", max_bytes=40_000)
    write_packs(db, tmp_path / "b", max_bytes=40_000)
    listing = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert listing == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in listing:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    # rewritten with bigger files: the files the old manifest listed and the new one does not go
    second = write_packs(db, tmp_path / "a", max_bytes=10_000_000)
    assert len(second["files"]) == 2 < len(first["files"])
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(
        [PACK_MANIFEST] + [f["name"] for f in second["files"]]
    )
    assert (tmp_path / "a" / "base.nq.gz").stat().st_mode & 0o044  # readable by a server's user


def test_packs_refuse_a_foreign_manifest(db: ox.Store, tmp_path: Path, store_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / PACK_MANIFEST).write_text('{"name": "some other tool"}')
    out = CliRunner().invoke(cli, ["export", "--store", str(store_path), "--packs", str(folder)])
    assert out.exit_code == 1 and "not a kg packs manifest" in out.output
    assert sorted(p.name for p in folder.iterdir()) == [PACK_MANIFEST]


def test_packs_load_with_oxigraph_server(db: ox.Store, tmp_path: Path) -> None:
    """Oxigraph's own server and loader (`oxigraph load`), from the `oxigraph` package on PyPI (a
    test extra); it reads the gzip files, every member, in parallel."""
    exe = shutil.which("oxigraph")
    if exe is None:
        message = (
            "the oxigraph server binary is not installed (pip install 'oxigraph>=0.5,<0.6', a test extra)"
        )
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path / "packs"
    manifest = write_packs(db, folder, max_bytes=40_000)
    location = tmp_path / "oxigraph-server"
    files = [str(folder / entry["name"]) for entry in manifest["files"]]
    subprocess.run(
        [exe, "load", "--location", str(location), "--file", *files], check=True, capture_output=True
    )
    loaded = ox.Store.read_only(str(location))
    assert len(loaded) == len(db) == manifest["quads"]
    assert set(loaded) == set(db)
