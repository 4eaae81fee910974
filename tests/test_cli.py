"""The CLI, through click's runner and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import cli
from tests.conftest import ROOT


def test_build_stats_export_validate(tmp_path: Path, shared_seeds: Path) -> None:
    runner = CliRunner()
    store = str(tmp_path / "store")
    result = runner.invoke(cli, ["build", str(shared_seeds), "--store", store, "-q"])
    assert result.exit_code == 0, result.output
    assert "documents: 5 (5 extracted, 0 cached, 0 removed)" in result.output
    assert "failures: 0" in result.output

    result = runner.invoke(cli, ["stats", "--store", store, "--json"])
    stats = json.loads(result.output)
    assert stats["documents"] == 5 and stats["actors_by_type"]["ICS"] == 5
    assert stats["relations_by_predicate"]["hasRole"] >= 3

    out = tmp_path / "graph.ttl"
    result = runner.invoke(cli, ["export", "--store", store, "-o", str(out)])
    assert result.exit_code == 0
    g = Graph().parse(out)
    qwe = URIRef("https://w3id.org/london-health-kg/id/ods/QWE")
    assert (qwe, URIRef("https://w3id.org/london-health-kg/ontology#odsCode"), Literal("QWE")) in g

    result = runner.invoke(cli, ["validate", "--store", store])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms")


def test_store_from_environment(tmp_path: Path, shared_seeds: Path, monkeypatch) -> None:
    monkeypatch.setenv("KG_STORE", str(tmp_path / "from-env"))
    result = CliRunner().invoke(cli, ["build", str(next(shared_seeds.glob("002_*.txt"))), "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "from-env" / "oxigraph").is_dir()


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "no graph store here; run `kg build` first" in result.output


def test_bad_file_is_reported_and_the_rest_is_built(tmp_path: Path, shared_seeds: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "empty.txt").write_bytes(b"")
    (docs / "garbage.txt").write_bytes(bytes(range(256)) * 20)
    (docs / "good.txt").write_bytes(next(shared_seeds.glob("000_*.txt")).read_bytes())
    result = CliRunner().invoke(cli, ["build", str(docs), "--store", str(tmp_path / "s"), "-q"])
    assert result.exit_code == 1
    assert "empty.txt: empty document" in result.output
    assert "garbage.txt: binary file" in result.output
    assert "documents: 1 (1 extracted" in result.output
    assert "failures: 2" in result.output


def test_extract_json_is_the_eval_format(shared_seeds: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(shared_seeds), "--json"])
    assert result.exit_code == 0
    docs = json.loads(result.output)["documents"]
    assert [d["file"] for d in docs] == sorted(p.name for p in shared_seeds.glob("*.txt"))
    for d in docs:
        for e in d["entities"]:
            assert set(e) == {"name", "type", "aliases"}
        for r in d["relations"]:
            assert set(r) == {"subject", "predicate", "object", "evidence"}


def test_eval_command_reports_f1(shared_seeds: Path, gold_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(gold_path), str(shared_seeds)])
    assert result.exit_code == 0
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("entities F1=") and "relations F1=" in last


def test_real_subprocess(tmp_path: Path, shared_seeds: Path) -> None:
    env = dict(os.environ, KG_STORE=str(tmp_path / "sub"))
    run = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(shared_seeds), "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "kg", "export", "-f", "nquads"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0
    assert (
        '<https://w3id.org/london-health-kg/id/ods/QWE> <https://w3id.org/london-health-kg/ontology#odsCode> "QWE"'
        in run.stdout
    )
    run = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True)
    assert run.stdout.startswith("kg, version ")


def test_second_build_on_a_busy_store_refuses(tmp_path: Path, shared_seeds: Path) -> None:
    from kg import store

    path = tmp_path / "busy"
    with store.write_lock(path):
        result = CliRunner().invoke(cli, ["build", str(shared_seeds), "--store", str(path), "-q"])
    assert result.exit_code == 1
    assert "another kg build" in result.output


def test_validate_reports_a_violation_a_person_can_read(tmp_path: Path, shared_seeds: Path) -> None:
    import pyoxigraph as ox

    from kg.store import open_store

    store = tmp_path / "store"
    CliRunner().invoke(cli, ["build", str(next(shared_seeds.glob("000_*.txt"))), "--store", str(store), "-q"])
    db = open_store(store)
    qwe = ox.NamedNode("https://w3id.org/london-health-kg/id/ods/QWE")
    db.add(
        ox.Quad(
            qwe,
            ox.NamedNode("https://w3id.org/london-health-kg/ontology#odsCode"),
            ox.Literal("QKK"),
            ox.NamedNode("https://w3id.org/london-health-kg/id/graph/register"),
        )
    )
    db.flush()
    del db
    result = CliRunner().invoke(cli, ["validate", "--store", str(store)])
    assert result.exit_code == 1
    assert (
        "https://w3id.org/london-health-kg/id/ods/QWE (kg:odsCode): an organisation has exactly one ODS code"
        in result.output
    )
