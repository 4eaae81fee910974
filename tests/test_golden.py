"""Golden files: each document of tests/golden gives exactly the N-Triples of its .nt file."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from kg.golden import document_ntriples

GOLDEN = Path(__file__).parent / "golden"
DOCS = sorted(GOLDEN.glob("*.txt"))


def test_there_are_three_golden_documents() -> None:
    assert len(DOCS) == 3 and all(d.with_suffix(".nt").is_file() for d in DOCS)


@pytest.mark.parametrize("doc", DOCS, ids=[d.stem for d in DOCS])
def test_document_gives_its_golden_ntriples(doc: Path) -> None:
    want = doc.with_suffix(".nt").read_text(encoding="utf-8")
    got = document_ntriples(doc)
    if got != want:
        diff = "".join(
            difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "now", n=0)
        )
        pytest.fail(
            f"{doc.name}: the graph differs from {doc.with_suffix('.nt').name}; if the change is meant, "
            f"run python tools/update_golden.py and review the diff.\n{diff[:6000]}"
        )
