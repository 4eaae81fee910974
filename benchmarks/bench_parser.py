"""Parser benchmark: what the dependency parse costs in extraction, on one core.

Extracts the same documents twice in one process, with the parser layer (kg/extractors/syntax.py)
and without it, and reports documents per second, the words handed to the parser per second and
the share of units that needed a parse. Runs on the generated corpus (benchmarks/generate_corpus.py)
and, when ../shared is beside the checkout, on the shared development set (real pages).

Usage: python benchmarks/bench_parser.py [--docs 500]
Writes benchmarks/results/parser.md and prints it.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

from bench_build import corpus  # noqa: E402

from kg.extract import extract_document, gazetteer_for  # noqa: E402
from kg.extractors import model, syntax  # noqa: E402
from kg.readers import read_document  # noqa: E402
from kg.seeds import load_register  # noqa: E402


def _measure(texts, gazetteer, parse: bool) -> dict:
    counted = {"inputs": 0, "words": 0}
    real = syntax.parser

    class Counting:
        def pipe(self, texts_in):
            texts_in = list(texts_in)
            counted["inputs"] += len(texts_in)
            counted["words"] += sum(len(t.split()) for t in texts_in)
            return real().pipe(texts_in)

        def __call__(self, text):  # a second reading of one sentence (kg/extractors/syntax.py)
            counted["inputs"] += 1
            counted["words"] += len(text.split())
            return real()(text)

    original_relations = syntax.relations
    if parse:
        syntax.parser = lambda: Counting()
    else:
        syntax.relations = lambda doc, slots=None, notes=None: []
    try:
        t = time.perf_counter()
        relations = sum(len(extract_document(text, gazetteer).relations) for text in texts)
        wall = time.perf_counter() - t
    finally:
        syntax.parser = real
        syntax.relations = original_relations
    return {"wall": wall, "relations": relations, **counted}


def run(name: str, files: list[Path], gazetteer) -> list[str]:
    texts = [read_document(f) for f in files]
    words = sum(len(t.content.split()) for t in texts)
    off = _measure(texts, gazetteer, parse=False)
    on = _measure(texts, gazetteer, parse=True)
    n = len(texts)
    return [
        f"| {name} | {n} | {words:,} | {n / off['wall']:.1f} | {n / on['wall']:.1f} | "
        f"{on['words'] / max(on['wall'] - off['wall'], 1e-9):,.0f} | {on['words'] / words:.0%} | "
        f"{off['relations']:,} / {on['relations']:,} |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=500)
    args = parser.parse_args()
    gazetteer = gazetteer_for(load_register())
    t = time.perf_counter()
    model.parser()
    load = time.perf_counter() - t
    rows = [
        "| corpus | documents | words | docs/s without parser | docs/s with parser | words parsed per second of parse time | words handed to the parser | relations without / with |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    gen = sorted((corpus(args.docs) / "docs").glob("*.md"))[: args.docs]
    rows += run(f"generated ({args.docs} documents)", gen, gazetteer)
    dev = ROOT.parent / "shared" / "eval" / "dev" / "docs"
    if dev.is_dir():
        rows += run("shared dev set (real pages)", sorted(dev.glob("*.txt")), gazetteer)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = "\n".join(
        [
            "## Parser",
            "",
            f"One process, one core. Loading the checked model (digests of 19 files, then spaCy): {load:.2f} s. "
            f"Peak RSS of the run: {peak:.0f} MB.",
            "",
            *rows,
            "",
        ]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "parser.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
