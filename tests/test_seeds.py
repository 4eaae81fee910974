"""The register: loads, holds the reference facts, conforms to the shapes."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef

from kg.ids import key_iri
from kg.namespaces import KG
from kg.seeds import RegisterError, load_register
from tests.conftest import require_shared

ICS_BY_NAME = {
    "North Central London": "ics:E54000028",
    "North East London": "ics:E54000029",
    "North West London": "ics:E54000027",
    "South East London": "ics:E54000030",
    "South West London": "ics:E54000031",
}


def _reference_rows(section: str) -> list[list[str]]:
    text = require_shared("reference", "london-health-system.md").read_text(encoding="utf-8")
    body = text.split(section, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in body.splitlines():
        if line.startswith("|") and not line.startswith("| ---"):
            rows.append([c.strip().strip("*") for c in line.strip("|").split("|")])
    return rows[1:]


def test_counts(register) -> None:
    kinds = [e.kind for e in register.entries.values()]
    assert kinds.count("ICS") == 5
    assert kinds.count("Borough") == 33
    assert kinds.count("LocalAuthority") == 33
    assert kinds.count("ICB") >= 5


def test_icb_codes_match_the_reference(register) -> None:
    rows = _reference_rows("## 1. The five London ICSs")
    assert len(rows) == 5
    for row in rows:
        ics_name, ods, gss = row[0].replace(" ICS", ""), row[3], row[4]
        icb = register.entries[f"ods:{ods}"]
        assert icb.kind == "ICB" and icb.gss == gss
        assert icb.ics == ICS_BY_NAME[ics_name]
        assert register.entries[icb.ics].gss == gss


def test_boroughs_councils_and_ics_membership_match_the_reference(register) -> None:
    rows = _reference_rows("## 2. The 33 London local authorities")
    assert len(rows) == 33
    for code, area, _council, ics, _conf in rows:
        borough = register.entries[f"gss:{code}"]
        council = register.entries[f"la:{code}"]
        assert borough.kind == "Borough" and borough.name == area
        assert council.kind == "LocalAuthority" and council.gss == code
        assert borough.ics == council.ics == ICS_BY_NAME[ics]


def test_trust_codes_match_the_reference(register) -> None:
    rows = _reference_rows("## 4. Main NHS trusts in London")
    checked = 0
    for ics, _name, ods, _conf, _note in rows:
        if not re.fullmatch(r"[A-Z0-9]{3}", ods):
            continue  # UNVERIFIED codes stay out of the register
        trust = register.entries[f"ods:{ods}"]
        assert trust.kind == "NHSTrust"
        if ics in ("NCL", "NEL", "NWL", "SEL", "SWL") and trust.ics:
            assert register.entries[trust.ics].name.startswith(
                {
                    "NCL": "North Central",
                    "NEL": "North East",
                    "NWL": "North West",
                    "SEL": "South East",
                    "SWL": "South West",
                }[ics]
            )
        checked += 1
    assert checked >= 30


def test_no_unverified_code_enters_as_fact(register) -> None:
    for entry in register.entries.values():
        for code in (entry.ods, entry.gss):
            assert "UNVERIFIED" not in code.upper()
    north_london = [e for e in register.entries.values() if e.name == "North London NHS Foundation Trust"]
    assert north_london and not north_london[0].ods  # its ODS code was not verified


def test_similar_names_are_different_actors(register) -> None:
    kch = [e for e in register.entries.values() if e.name.startswith("King's College Hospital")]
    assert len(kch) == 1 and kch[0].key == "ods:RJZ"
    names = {a.text for e in register.entries.values() for a in e.aliases if e.key != "ods:RJZ"}
    assert "King's College Hospital" not in names


def test_dated_changes(register) -> None:
    merger = [c for c in register.changes if c.date == "2026-04-01" and c.kind == "merger"]
    assert merger and set(merger[0].original) == {"ods:QMJ", "ods:QRV"}
    replaced = {c.original[0]: c.resulting[0] for c in register.changes if c.date == "2022-07-01"}
    assert replaced["ods:36L"] == "ods:QWE"  # the SWL CCG became the SWL ICB


def test_register_graph_links_icb_to_ics_and_council_to_borough(register) -> None:
    g = register.graph
    assert (URIRef(key_iri("ods:QWE")), KG.partOf, URIRef(key_iri("ics:E54000031"))) in g
    assert (URIRef(key_iri("la:E09000029")), KG.covers, URIRef(key_iri("gss:E09000029"))) in g
    assert (URIRef(key_iri("ods:QWE")), KG.odsCode, Literal("QWE")) in g


def test_register_conforms_to_the_shapes(register) -> None:
    from kg.ontology import validate

    assert validate(register.graph) == []


def test_bad_register_row_names_file_and_line(tmp_path, register) -> None:
    from kg.paths import seeds_dir

    for name in ("organisations.csv", "aliases.csv", "changes.csv", "people.csv"):
        (tmp_path / name).write_bytes((seeds_dir() / name).read_bytes())
    with (tmp_path / "aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write("ods:ZZZ,Nowhere Trust,common\n")
    with pytest.raises(RegisterError, match=r"aliases.csv:\d+: unknown key ods:ZZZ"):
        load_register(tmp_path)
