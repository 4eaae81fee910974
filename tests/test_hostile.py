"""End to end: a planted document full of hostile text goes through build, SPARQL, viewer and exports.

Its title, names and sentences hold quotes, angle brackets, braces, backslashes and SPARQL
keywords. The viewer must show them as text, a SPARQL parameter must bind them as a value,
and every export must carry them back unchanged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg import sparql
from kg.cli import cli
from kg.store import open_store

TITLE = 'Board "papers" <script>alert(1)</script> } UNION { ?s ?p ?o }'
SCRIPT = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=alert(2)>"
SENTENCE = (
    f'NHS South West London ICB is working with the Health Innovation Network on "digital" {IMG} pilots '
    f"and {{braces}} and a back\\slash."
)
DOCUMENT = f"""Title: {TITLE}
Publisher: Evil "Press" <b>Ltd</b>
Date: 2025-03-01

# Notes

{SENTENCE}

The Royal Borough of Greenwich said {SCRIPT} in a statement, working with Lewisham and Greenwich NHS Trust.
"""
HOSTILE_QUERY = """PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?exact ?needle WHERE { ?sel oa:exact ?exact . FILTER(CONTAINS(?exact, ?needle)) } ORDER BY ?exact"""


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    docs = root / "docs"
    docs.mkdir()
    (docs / 'evil "name" <x>.txt').write_text(DOCUMENT, encoding="utf-8")
    store = root / "store"
    result = CliRunner().invoke(cli, ["build", "--store", str(store), "--quiet", str(docs)])
    assert result.exit_code == 0, result.output
    return store


def test_sparql_parameters_bind_hostile_text(planted: Path) -> None:
    db = open_store(planted, read_only=True)
    # the needle is a value: its braces and keywords cannot add a pattern to the query
    hits = sparql.run(db, HOSTILE_QUERY, params={"needle": IMG}).values()
    assert hits and all(IMG in row["exact"] for row in hits)
    assert sparql.run(db, HOSTILE_QUERY, params={"needle": '" } UNION { ?sel ?p ?exact } #'}).values() == []
    titles = sparql.run(
        db,
        "PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?doc ?t WHERE { ?doc dcterms:title ?t }",
        params={"t": TITLE},
    ).values()
    assert len(titles) == 1
    result = CliRunner().invoke(
        cli, ["query", "--store", str(planted), "-f", "json", "-p", f"needle={SCRIPT}", HOSTILE_QUERY]
    )
    assert result.exit_code == 0, result.output
    values = [b["exact"]["value"] for b in json.loads(result.output)["results"]["bindings"]]
    assert values and all(SCRIPT in v for v in values)


def test_viewer_shows_hostile_text_as_data(planted: Path, tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    result = CliRunner().invoke(cli, ["view", "--store", str(planted), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    for raw in (SCRIPT, IMG, "<script>alert(1)", "<b>Ltd</b>"):
        assert raw not in html
    data = json.loads(
        re.search(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.DOTALL).group(1)
    )
    quotes = [ev["q"] for edge in data["edges"] for ev in edge["evidence"]]
    assert any(IMG in q for q in quotes), "the quote is kept, as text"
    assert TITLE in [d["title"] for d in data["docs"]]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"])
def test_exports_carry_hostile_text_unchanged(planted: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--store", str(planted), "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    parser = {"rdfxml": "xml", "ntriples": "nt", "jsonld": "json-ld"}.get(fmt, fmt)
    ds = rdflib.Dataset()
    ds.parse(out, format=parser)
    literals = {str(o) for _, _, o, _ in ds.quads((None, None, None, None)) if isinstance(o, rdflib.Literal)}
    assert TITLE in literals
    assert any(IMG in v and "back\\slash" in v for v in literals)
    assert any(SCRIPT in v for v in literals)
    if fmt in ("turtle", "ntriples", "nquads", "trig"):
        parsed = {str(q.object.value) for q in ox.parse(out.read_bytes(), format=_ox_format(fmt)) if q.object}
        assert TITLE in parsed


def _ox_format(fmt: str) -> ox.RdfFormat:
    return {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
    }[fmt]
