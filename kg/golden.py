"""The N-Triples of one document's named graph, sorted: what tests/golden/*.nt hold.

Used by tests/test_golden.py and tools/update_golden.py, so both write and compare the same text.
"""

from __future__ import annotations

from pathlib import Path

from kg.extract import extract_document, gazetteer_for
from kg.readers import read_document
from kg.seeds import load_register
from kg.triples import document_quads


def document_ntriples(path: Path) -> str:
    """The sorted N-Triples of the graph ``kg build`` would write for the document at ``path``."""
    register = load_register()
    text = read_document(path)
    result = extract_document(text, gazetteer_for(register))
    known = {e.iri for e in result.entities if e.key}
    quads = document_quads(text, result.entities, result.relations, known=known)
    lines = sorted({f"{q.subject} {q.predicate} {q.object} ." for q in quads})
    return "\n".join(lines) + "\n"
