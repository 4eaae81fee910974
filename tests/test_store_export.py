"""Store and exports: every format parses back to the same graph; builds are byte-identical."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.build import build
from kg.exporters.rdf import RDF_EXPORTS
from kg.store import open_store

RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "trig": "trig",
    "nquads": "nquads",
}


def _export(db, name: str) -> bytes:
    out = io.BytesIO()
    RDF_EXPORTS[name](db, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def union(seed_db) -> Graph:
    g = Graph()
    g.parse(data=_export(seed_db, "ntriples").decode(), format="nt")
    return g


@pytest.mark.parametrize("name", sorted(RDF_EXPORTS))
def test_export_parses_back_with_rdflib(seed_db, union, name: str) -> None:
    data = _export(seed_db, name)
    if RDF_EXPORTS[name].dataset:
        ds = Dataset()
        ds.parse(data=data.decode(), format=RDFLIB_FORMATS[name])
        quads = {(s, p, o, c) for s, p, o, c in ds.quads((None, None, None, None)) if c is not None}
        assert len(quads) == len(seed_db)
        g = Graph()
        for s, p, o, _c in quads:
            g.add((s, p, o))
    else:
        g = Graph().parse(data=data.decode(), format=RDFLIB_FORMATS[name])
    assert isomorphic(g, union)


@pytest.mark.parametrize("name", sorted(RDF_EXPORTS))
def test_export_parses_back_with_pyoxigraph(seed_db, name: str) -> None:
    export = RDF_EXPORTS[name]
    parsed = list(ox.parse(_export(seed_db, name), format=export.format))
    if export.dataset:
        assert {(q.subject, q.predicate, q.object, q.graph_name) for q in parsed} == {
            (q.subject, q.predicate, q.object, q.graph_name) for q in seed_db
        }
    else:
        assert {(t.subject, t.predicate, t.object) for t in parsed} == {
            (q.subject, q.predicate, q.object) for q in seed_db
        }


def test_named_graphs_register_and_one_per_document(seed_db) -> None:
    graphs = {g.value for g in seed_db.named_graphs()}
    assert any(g.endswith("/graph/register") for g in graphs)
    assert any(g.endswith("/graph/ontology") for g in graphs)
    assert sum("/doc/" in g for g in graphs) == 5


def test_two_builds_give_identical_bytes(tmp_path: Path, shared_seeds: Path) -> None:
    """... whether or not the build prepares the viewer's first view in the store's cache/
    (``kg build`` does)."""
    outputs = []
    from kg.viewer.api import prepare as prepare_first_view

    for name, prepare in (("a", None), ("b", prepare_first_view)):
        report = build(tmp_path / name, [shared_seeds], jobs=1, prepare=prepare)
        assert (
            (tmp_path / name / "cache").is_dir() == (prepare is not None) == (report.prepared_s is not None)
        )
        db = open_store(tmp_path / name, read_only=True)
        outputs.append((_export(db, "turtle"), _export(db, "trig")))
        del db
    assert outputs[0] == outputs[1]


def test_order_and_cache_do_not_change_the_graph(tmp_path: Path, shared_seeds: Path) -> None:
    files = sorted(shared_seeds.glob("*.txt"))
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in reversed(files):
        shutil.copy(f, docs / f.name)
    build(tmp_path / "one", [docs], jobs=2)
    # a second store built in steps: three documents, then all five (the cache keeps three)
    build(tmp_path / "two", [docs / f.name for f in files[:3]], jobs=1)
    report = build(tmp_path / "two", [docs], jobs=1)
    assert report.cached == 3 and report.extracted == 2
    one = _export(open_store(tmp_path / "one", read_only=True), "nquads")
    two = _export(open_store(tmp_path / "two", read_only=True), "nquads")
    assert one == two


def test_removing_a_document_equals_never_having_it(tmp_path: Path, shared_seeds: Path) -> None:
    files = sorted(shared_seeds.glob("*.txt"))
    build(tmp_path / "all", files, jobs=1)
    report = build(tmp_path / "all", files[1:], jobs=1)
    assert report.removed == 1
    build(tmp_path / "fewer", files[1:], jobs=1)
    assert _export(open_store(tmp_path / "all", read_only=True), "nquads") == _export(
        open_store(tmp_path / "fewer", read_only=True), "nquads"
    )


def test_a_renamed_file_is_read_again(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.md").write_text(
        "Sutton Council is working with <b>Croydon Council</b>.\n", encoding="utf-8"
    )
    assert build(tmp_path / "store", [docs], jobs=1).extracted == 1
    (docs / "note.md").rename(docs / "note.txt")  # same bytes, now plain text: the tags are words
    report = build(tmp_path / "store", [docs], jobs=1)
    assert report.extracted == 1 and report.cached == 0
    turtle = _export(open_store(tmp_path / "store", read_only=True), "ntriples").decode()
    assert "<b>Croydon Council</b>" in turtle and "note.txt" in turtle and "note.md" not in turtle
