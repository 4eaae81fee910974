"""The cache of analysis results (kg.network.cache) on stores built from the real seed
documents: a hit gives the same results and the same printed text, a changed graph or a
changed parameter is a miss, a damaged file is ignored with a warning."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.network import centrality, communities
from kg.network.cache import CacheWarning, GraphSummary, cached_analysis
from kg.network.report import centrality_output, communities_output
from tests.conftest import require_shared

FILTERS = {"layers": ("asserted",), "kinds": None, "ics": None, "predicates": None, "since": None}


def build_store(path: Path, documents: list[Path]) -> Path:
    from kg.build import build

    report = build(path, documents, jobs=1)
    assert report.ok, report.failures
    return path


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("network-cache") / "store", [require_shared("seeds")])


class Calls:
    """project and compute functions for cached_analysis that count their calls."""

    def __init__(self, store: Path, analysis=None, **filters) -> None:
        self.store, self.filters, self.analysis = store, {**FILTERS, **filters}, analysis or centrality
        self.projected = self.computed = 0

    def project(self):
        from kg.network import collaboration_graph

        self.projected += 1
        return collaboration_graph(self.store, **self.filters)

    def compute(self, G):
        self.computed += 1
        return self.analysis(G)

    def __call__(self, name: str = "centrality", **params):
        return cached_analysis(
            self.store, name, {"filters": self.filters, **params}, self.project, self.compute
        )


def cache_files(store: Path) -> list[Path]:
    return sorted((store / "cache").glob("analysis-*.pickle"))


def clear(store: Path) -> None:
    for path in cache_files(store):
        path.unlink()


def test_a_hit_gives_the_same_results_and_the_same_text(seed_store: Path) -> None:
    clear(seed_store)
    calls = Calls(seed_store)
    G, first = calls(k=None)
    again, second = calls(k=None)
    assert (calls.projected, calls.computed) == (1, 1)  # the second came from the file
    assert isinstance(again, GraphSummary) and len(cache_files(seed_store)) == 1
    assert dict(second) == dict(first) and list(second) == list(first)
    assert (second.backend, second.samples) == (first.backend, first.samples)
    assert (len(again), again.number_of_edges(), list(again)) == (len(G), G.number_of_edges(), list(G))
    for fmt in ("table", "csv", "json"):
        for by in ("betweenness", "degree", "eigenvector"):
            assert centrality_output(again, second, fmt, by=by, top=0) == centrality_output(
                G, first, fmt, by=by, top=0
            )
    fresh = centrality(calls.project())  # and the same as computing it now, without the cache
    assert dict(fresh) == dict(second)


def test_communities_and_igraph_results_hit_with_the_same_text(seed_store: Path) -> None:
    clear(seed_store)
    calls = Calls(seed_store, communities)
    G, first = calls("communities", seed=0)
    summary, second = calls("communities", seed=0)
    assert calls.computed == 1 and second == first
    for fmt in ("table", "csv", "json"):
        for members in (False, True):
            assert communities_output(summary, second, fmt, members=members) == communities_output(
                G, first, fmt, members=members
            )
    on_igraph = Calls(seed_store, lambda G: centrality(G, backend="igraph"))
    G, first = on_igraph(backend="igraph")
    _, second = on_igraph(backend="igraph")
    assert on_igraph.computed == 1 and second.backend == "igraph" and dict(second) == dict(first)


def test_a_changed_parameter_or_filter_is_a_miss(seed_store: Path) -> None:
    clear(seed_store)
    calls = Calls(seed_store)
    calls(k=None, seed=0)
    calls(k=None, seed=0)
    assert calls.computed == 1
    calls(k=5, seed=0)
    calls(k=5, seed=1)
    calls("communities", k=None, seed=0)  # another analysis, same parameters
    assert calls.computed == 4
    kinds = Calls(seed_store, kinds=("Organisation",))
    G, _ = kinds(k=None, seed=0)
    assert kinds.computed == 1 and isinstance(kinds(k=None, seed=0)[0], GraphSummary)
    assert len(cache_files(seed_store)) == 5
    calls(k=None, seed=0)  # the first is still there
    assert calls.computed == 4


def test_a_changed_graph_is_a_miss(tmp_path: Path) -> None:
    seeds = require_shared("seeds")
    documents = tmp_path / "documents"
    documents.mkdir()
    names = sorted(p.name for p in seeds.glob("*.txt"))
    for name in names[:3]:
        shutil.copy(seeds / name, documents / name)
    store = build_store(tmp_path / "store", [documents])
    calls = Calls(store)
    G, before = calls(k=None)
    calls(k=None)
    assert calls.computed == 1 and len(cache_files(store)) == 1
    old = cache_files(store)[0]

    shutil.copy(seeds / names[3], documents / names[3])  # one more document: a larger graph
    build_store(store, [documents])
    H, after = calls(k=None)
    assert calls.computed == 2 and not isinstance(H, GraphSummary)
    assert H.number_of_edges() > G.number_of_edges() and dict(after) != dict(before)
    assert not old.exists() and len(cache_files(store)) == 1  # the old state's result is gone
    assert dict(calls(k=None)[1]) == dict(after) and calls.computed == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # empty
        b"not a pickle at all",
        "truncated",
        pickle.dumps({"key": "another", "graph": None, "result": {}}),  # a pickle, not ours
        pickle.dumps(["a", "list"]),
    ],
    ids=["empty", "garbage", "truncated", "foreign", "list"],
)
def test_a_damaged_file_is_ignored_with_a_warning(seed_store: Path, damage) -> None:
    clear(seed_store)
    calls = Calls(seed_store)
    _, first = calls(k=None)
    (file,) = cache_files(seed_store)
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2] if damage == "truncated" else damage)
    with pytest.warns(CacheWarning, match="computing it again"):
        G, second = calls(k=None)
    assert calls.computed == 2 and not isinstance(G, GraphSummary) and dict(second) == dict(first)
    assert file.read_bytes() == data  # written again
    assert isinstance(calls(k=None)[0], GraphSummary) and calls.computed == 2


def test_no_store_database_means_no_cache(tmp_path: Path) -> None:
    import networkx as nx

    G = nx.path_graph(["a", "b", "c"])
    out = cached_analysis(tmp_path / "nothing", "centrality", {}, lambda: G, centrality)
    assert out[0] is G and out[1]["b"]["betweenness"] == 1.0
    assert not (tmp_path / "nothing").exists()


def run(store: Path, *args: str):
    from kg.cli import cli

    return CliRunner().invoke(cli, [*args, "--store", str(store)])


def test_cli_central_and_communities_print_the_same_from_the_cache(seed_store: Path) -> None:
    clear(seed_store)
    commands = [
        ("central", "--top", "0"),
        ("central", "--format", "json", "--by", "degree"),
        ("central", "--format", "csv", "-k", "5"),
        ("communities", "--members"),
        ("communities", "--format", "json", "--seed", "3"),
    ]
    for args in commands:
        first, second = run(seed_store, *args), run(seed_store, *args)
        assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
        assert second.output == first.output
    assert len(cache_files(seed_store)) == 4  # json/table and --by share one centrality
    data = json.loads(run(seed_store, "central", "--format", "json", "--top", "3").output)
    assert len(data["actors"]) == 3 and data["method"]["backend"] == "networkx"
    bad = run(seed_store, "central", "--predicate", "likes")  # errors are never cached
    assert bad.exit_code == 1 and "not an edge predicate" in bad.output


def test_cli_warns_on_a_damaged_file_and_answers(seed_store: Path) -> None:
    clear(seed_store)
    expected = run(seed_store, "central")
    for file in cache_files(seed_store):
        file.write_bytes(b"\x80\x05broken")
    result = run(seed_store, "central")
    assert result.exit_code == 0, result.output
    assert result.stdout == expected.stdout and "warning" not in expected.stderr
    assert "warning: ignoring the unreadable cached result" in result.stderr


def test_a_result_that_cannot_be_cached_is_still_the_answer(seed_store: Path) -> None:
    clear(seed_store)
    calls = Calls(seed_store, lambda G: {"unpicklable": lambda: None})
    _, result = calls("odd")
    assert "unpicklable" in result and cache_files(seed_store) == []
    assert not list((seed_store / "cache").glob(".analysis-*"))  # no temporary file left behind
