"""``kg build`` prepares what reading the new store first needs (kg.viewer.api.prepare, which
it hands to kg.build.build): the projection's tables, the viewer's first view and its analyses,
in the store's cache/ folder keyed by the store's state. A server started right after a build
answers its first visit from there without reading the store, with the same page and JSON as
when it computes them itself; a change to the store leaves nothing of the old state behind."""

from __future__ import annotations

import shutil
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import server
from kg.build import build
from kg.cli import cli
from kg.network import tables
from kg.network.cache import PREFIX as ANALYSIS_PREFIX
from kg.network.tables import read_tables, store_stamp
from kg.store import open_store
from kg.viewer import api


def _kg_build(store: Path, *paths: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", "--store", str(store), "--jobs", "1", "--quiet", *map(str, paths)]
    )
    assert result.exit_code == 0, result.output


def _cached(store: Path) -> dict[str, list[str]]:
    """The cache files of the store, by kind."""
    names = sorted(p.name for p in (store / "cache").iterdir() if p.is_file())
    return {
        "tables": [n for n in names if n.startswith("network-")],
        "analyses": [n for n in names if n.startswith(ANALYSIS_PREFIX)],
        "pages": [n for n in names if n.startswith(api.PAGE_PREFIX)],
    }


def _forget() -> None:
    """As in a new server process: nothing in memory."""
    api._views.clear()
    api._pages.clear()


def _fresh_copy(store: Path, to: Path) -> Path:
    """The store's database without its cache (same files, same times: the same state)."""
    shutil.copytree(store, to, ignore=shutil.ignore_patterns("cache", "lock"))
    assert store_stamp(to) == store_stamp(store)
    return to


@pytest.fixture
def serve() -> Iterator:
    started = []

    def start(store: Path) -> str:
        endpoint = server.make_server(server.Settings(store_path=store, port=0, timeout=60, workers=1))
        thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
        thread.start()
        started.append((endpoint, thread))
        parts = urllib.parse.urlsplit(endpoint.url)
        return f"{parts.scheme}://{parts.netloc}"

    yield start
    for endpoint, thread in started:
        endpoint.shutdown()
        endpoint.server_close()
        thread.join(5)


def _get(url: str, accept: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=120) as reply:
        return reply.status, reply.read()


def test_a_server_started_after_kg_build_answers_from_the_builds_cache(
    tmp_path: Path, shared_seeds: Path, serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    _kg_build(store, shared_seeds)
    stamp = store_stamp(store)
    cached = _cached(store)
    # one of each, all for the state the build left (the same key the server computes)
    assert cached["tables"] == [f"network-{stamp}.pickle"]
    assert len(cached["analyses"]) == 2 and all(
        n.startswith(f"{ANALYSIS_PREFIX}{stamp}-") for n in cached["analyses"]
    )
    page_file = api._page_file(store, stamp, api.default_filters())
    assert cached["pages"] == [page_file.name]
    # the tables the build wrote are the store's tables
    assert tables.cached_tables(store) == read_tables(open_store(store, read_only=True))

    # what a server computes by itself on the same state of the store, with no cache
    fresh = _fresh_copy(store, tmp_path / "fresh")
    _forget()
    expected_page = api.page_bytes(fresh, api.default_filters())
    both = {"layer": ["asserted", "comention"]}  # the page's own filters, which it sends
    expected_view = api.handle("/api/view", both, "application/json", fresh)
    assert expected_view is not None and expected_view[0] == 200
    assert page_file.read_bytes() == expected_page

    # a new server on the store just built: the first visit and the JSON endpoints never read
    # the store (reading its tables fails here), and give the same bytes
    def no_read(db):  # noqa: ANN001, ANN202
        raise AssertionError("the store was read although the build prepared the first view")

    monkeypatch.setattr(tables, "read_tables", no_read)
    _forget()
    root = serve(store)
    status, body = _get(root + "/", "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and body == expected_page
    status, body = _get(root + "/api/view?" + urllib.parse.urlencode(both, doseq=True), "application/json")
    assert status == 200 and body == expected_view[2]
    assert store_stamp(store) == stamp and _cached(store) == cached  # nothing rewritten


def test_the_cache_follows_incremental_builds(tmp_path: Path, shared_seeds: Path, monkeypatch) -> None:
    """Adding a document, then removing one: each build leaves the cache of the new state
    only, and the same page and tables as when they are computed on that state."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = sorted(shared_seeds.iterdir())
    for file in files[:4]:
        shutil.copy2(file, corpus / file.name)
    store = tmp_path / "store"
    _kg_build(store, corpus)
    before = _cached(store)
    pages = []
    for step, change in enumerate(
        (lambda: shutil.copy2(files[4], corpus / files[4].name), lambda: (corpus / files[0].name).unlink())
    ):
        change()
        _kg_build(store, corpus)
        stamp = store_stamp(store)
        now = _cached(store)
        assert all(stamp in name for names in now.values() for name in names), now
        assert not set(sum(now.values(), [])) & set(sum(before.values(), []))
        assert len(now["tables"]) == len(now["pages"]) == 1 and len(now["analyses"]) == 2
        fresh = _fresh_copy(store, tmp_path / f"fresh-{step}")
        _forget()
        page = api.page_bytes(fresh, api.default_filters())
        assert (store / "cache" / now["pages"][0]).read_bytes() == page
        assert tables.cached_tables(store) == read_tables(open_store(fresh, read_only=True))
        pages.append(page)
        before = now
    assert pages[0] != pages[1]


def test_central_after_a_build_gives_the_same_answer_from_its_tables(
    tmp_path: Path, shared_seeds: Path
) -> None:
    built = tmp_path / "built"
    _kg_build(built, shared_seeds)
    plain = tmp_path / "plain"
    assert build(plain, [shared_seeds], jobs=1).ok  # no preparation: nothing cached
    assert not (plain / "cache").exists()
    runner = CliRunner()
    outputs = []
    for store in (built, plain):
        result = runner.invoke(cli, ["central", "--store", str(store), "--top", "15", "--format", "json"])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1] and '"label"' in outputs[0]
