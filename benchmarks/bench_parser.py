"""Parser benchmark: what the dependency parse costs in extraction, on one core.

Extracts the same documents several times in one process: without the parser layer
(kg/extractors/syntax.py), then with it in three ways: every input parsed (the layer as it was
first written), inputs no rule could fire on left unparsed (kg/extractors/triggers.py), and
that plus the parses reused within the process (``syntax.ParseCache``: inputs with every actor
as one stand-in word repeat, across documents too). Reports documents per second, the words of
the parse inputs, the words actually parsed, the parser's own speed (words per second of the
time spent inside spaCy) and the relations found (the same in every way, or the run fails).
Runs on the generated corpus (benchmarks/generate_corpus.py) and, when ../shared is beside the
checkout, on the shared development set (real pages): the generated corpus repeats a few
sentence shapes, so reuse gains far more there than on real text.

Usage: python benchmarks/bench_parser.py [--docs 500]
Writes benchmarks/results/parser.md and prints it.
"""

from __future__ import annotations

import argparse
import os
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

# (label, parser layer on, prefilter on, parses reused)
WAYS = [
    ("no parser layer", False, False, False),
    ("every input parsed", True, False, False),
    ("prefilter", True, True, False),
    ("prefilter + reuse", True, True, True),
]


def _measure(texts, gazetteer, layer: bool, prefilter: bool, reuse: bool) -> dict:
    counted = {"inputs": 0, "words": 0, "parsed": 0, "parsed_words": 0, "parse_s": 0.0}
    real = syntax.parser

    class Counting:
        def pipe(self, texts_in):
            texts_in = list(texts_in)
            counted["parsed"] += len(texts_in)
            counted["parsed_words"] += sum(len(t.split()) for t in texts_in)
            t = time.perf_counter()
            out = list(real().pipe(texts_in))
            counted["parse_s"] += time.perf_counter() - t
            return out

    real_parse = syntax.parse_texts

    def counting_parse(texts_in):
        counted["inputs"] += len(texts_in)
        counted["words"] += sum(len(t.split()) for t in texts_in)
        if not reuse:  # every input handed to the parser, as the layer was first written
            return list(syntax.parser().pipe(texts_in))
        return real_parse(texts_in)

    saved = syntax.relations, syntax.PREFILTER, syntax.PARSES
    syntax.PREFILTER = prefilter
    syntax.PARSES = syntax.ParseCache()
    if layer:
        syntax.parser = lambda: Counting()
        syntax.parse_texts = counting_parse
    else:
        syntax.relations = lambda doc, slots=None, notes=None: []
    try:
        t = time.perf_counter()
        found = [
            (f.subject, f.predicate, f.object, f.rule)
            for text in texts
            for f in extract_document(text, gazetteer).relations
        ]
        wall = time.perf_counter() - t
    finally:
        syntax.parser = real
        syntax.parse_texts = real_parse
        syntax.relations, syntax.PREFILTER, syntax.PARSES = saved
    return {"wall": wall, "found": found, **counted}


def run(name: str, files: list[Path], gazetteer) -> list[str]:
    texts = [read_document(f) for f in files]
    words = sum(len(t.content.split()) for t in texts)
    n = len(texts)
    rows = []
    off = None
    with_layer = None
    for label, layer, prefilter, reuse in WAYS:
        got = _measure(texts, gazetteer, layer, prefilter, reuse)
        if not layer:
            off = got
            rows.append(
                f"| {name} | {n} | {words:,} | {label} | {n / got['wall']:.1f} | - | - | - | - | - | "
                f"{len(got['found']):,} |"
            )
            continue
        if with_layer is None:
            with_layer = got["found"]
        elif got["found"] != with_layer:
            raise SystemExit(f"{name}: {label} found other relations than every input parsed")
        layer_s = max(got["wall"] - off["wall"], 1e-9)
        rows.append(
            f"| {name} | {n} | {words:,} | {label} | {n / got['wall']:.1f} | {layer_s:.2f} | "
            f"{got['words']:,} ({got['words'] / words:.0%}) | {got['parsed_words']:,} | "
            f"{got['words'] / layer_s:,.0f} | {got['parsed_words'] / max(got['parse_s'], 1e-9):,.0f} | "
            f"{len(got['found']):,} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=500)
    args = parser.parse_args()
    gazetteer = gazetteer_for(load_register())
    t = time.perf_counter()
    model.parser()
    model_load = time.perf_counter() - t
    rows = [
        "| corpus | documents | words | parser layer | docs/s | parser layer s | words in parse inputs (share of the text) | words parsed | input words per second of parser-layer time | words parsed per second inside spaCy | relations |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    load = os.getloadavg()
    gen = sorted((corpus(args.docs) / "docs").glob("*.md"))[: args.docs]
    rows += run(f"generated ({args.docs} documents)", gen, gazetteer)
    dev = ROOT.parent / "shared" / "eval" / "dev" / "docs"
    if dev.is_dir():
        rows += run("shared dev set (real pages)", sorted(dev.glob("*.txt")), gazetteer)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    after = os.getloadavg()
    text = "\n".join(
        [
            "## Parser",
            "",
            f"One process, one core. Loading the checked model (digests of 19 files, then spaCy): {model_load:.2f} s. "
            f"Peak RSS of the run: {peak:.0f} MB. Load average {load[0]:.2f} at the start and {after[0]:.2f} "
            f"at the end on {os.cpu_count()} cores (figures under load are upper bounds on time). "
            "Parser layer s: the run's time less the time without the layer. Each way starts with an "
            "empty parse cache; the relations are the same in every way (checked by the run).",
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
