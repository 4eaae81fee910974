"""One filter model (kg.network.filters): the network commands, ``kg view`` and the viewer's JSON
endpoints read filters the same way and keep the same relations, on the real seed store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.network import collaboration_graph
from kg.network.filters import Filters, resolve
from kg.network.tables import cached_tables

SWL_ICS = "https://w3id.org/london-health-kg/id/ics/E54000031"


def _edges(G):
    return sorted(tuple(sorted(e)) for e in G.edges)


@pytest.mark.parametrize("name", ["South West London", "SWL ICB", "E54000031", "South West London ICS"])
def test_ics_accepts_any_name_the_cli_accepts(seed_store, name):
    """ "South West London" names the place of the SWL ICS (and "SWL ICB" its board): both mean
    that ICS, as the ICS's own code does. Before the shared model, only ICS names were accepted."""
    tables = cached_tables(seed_store)
    assert resolve(Filters.make(ics=[name]), tables).ics == {SWL_ICS}
    by_name = collaboration_graph(seed_store, layers=("asserted", "comention"), ics=[name])
    by_code = collaboration_graph(seed_store, layers=("asserted", "comention"), ics=[SWL_ICS])
    assert by_name.number_of_edges() > 0
    assert _edges(by_name) == _edges(by_code)


def test_ics_of_an_actor_in_no_ics_is_refused(seed_store):
    tables = cached_tables(seed_store)
    outsider = next(a for a in tables.actors.values() if not a.ics and a.kind == "NationalBody")
    with pytest.raises(LookupError, match="belongs to no ICS"):
        resolve(Filters.make(ics=[outsider.label]), tables)


def test_kg_view_and_kg_network_commands_agree_on_ics_by_name(seed_store, tmp_path):
    page = tmp_path / "swl.html"
    result = CliRunner().invoke(
        cli, ["view", "-s", str(seed_store), "-o", str(page), "--ics", "South West London", "--layer", "all"]
    )
    assert result.exit_code == 0, result.output
    export = tmp_path / "swl.json"
    result = CliRunner().invoke(
        cli,
        ["network", "export", "-s", str(seed_store), "-o", str(export), "--ics", "South West London"]
        + ["--layer", "all"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(export.read_text())
    links = data.get("links") or data.get("edges")
    from_export = sorted(tuple(sorted((link["source"], link["target"]))) for link in links)
    expected = collaboration_graph(seed_store, layers=("asserted", "comention"), ics=["SWL ICS"])
    assert from_export == _edges(expected)
    assert f"{expected.number_of_nodes()} actors, {expected.number_of_edges()} relations" in (
        CliRunner().invoke(cli, ["view", "-s", str(seed_store), "-o", str(page), "--ics", "SWL ICS"]).output
    )


def test_thresholds_on_documents_and_confidence(seed_store):
    everything = collaboration_graph(seed_store, layers=("asserted", "comention"))
    confident = collaboration_graph(seed_store, layers=("asserted", "comention"), min_confidence=0.8)
    confidences = [
        float(ev["confidence"] or 0) for *_, d in everything.edges(data=True) for ev in d["evidence"]
    ]
    assert min(confidences) < 0.8 <= max(confidences)  # the threshold cuts the seed store's evidence
    assert 0 < confident.number_of_edges() < everything.number_of_edges()
    for *_, d in confident.edges(data=True):
        assert all(float(ev["confidence"]) >= 0.8 for ev in d["evidence"])
    weights = sorted(d["weight"] for *_, d in everything.edges(data=True))
    two = collaboration_graph(seed_store, layers=("asserted", "comention"), min_documents=2)
    assert two.number_of_edges() == sum(1 for w in weights if w >= 2)
    result = CliRunner().invoke(
        cli, ["central", "-s", str(seed_store), "--min-confidence", "0.8", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.output)["method"]["nodes"]
    assert ranked == collaboration_graph(seed_store, min_confidence=0.8).number_of_nodes() < len(everything)


def test_filters_travel_through_a_url_query():
    f = Filters.make(
        layers=["asserted", "comention"],
        kinds=["NHSTrust"],
        ics=["Barking, Havering and Redbridge"],
        predicates=["partnerOf"],
        since="2022",
        until="2024-06",
        min_documents=2,
        min_confidence=0.75,
    )
    query: dict[str, list[str]] = {}
    for key, value in f.to_query():
        query.setdefault(key, []).append(value)
    assert Filters.from_query(query) == f
    assert Filters.from_query({}) == Filters()
    with pytest.raises(ValueError, match="min-documents"):
        Filters.from_query({"min-documents": ["many"]})
