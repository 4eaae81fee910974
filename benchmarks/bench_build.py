"""Build benchmarks: full builds of generated corpora, an incremental rebuild, extraction
throughput per core and extraction F1 on the generated corpus (whose truth is known).

Usage: python benchmarks/bench_build.py [--sizes 1000 10000] [--repeat 3]
Writes benchmarks/results/build.md and prints it. With --runners, only the full build with the
process pool against a local Dask cluster (needs kg[cluster]), into benchmarks/results/build-runners.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

BUILD = """
import resource, sys, time
from pathlib import Path
from kg.build import build
t = time.perf_counter()
cluster = sys.argv[4] if len(sys.argv) > 4 else None
report = build(Path(sys.argv[1]), [Path(sys.argv[2])], jobs=int(sys.argv[3]), cluster=cluster)
wall = time.perf_counter() - t
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(wall, peak, report.extracted, report.cached)
"""


def corpus(n: int) -> Path:
    folder = OUT / f"corpus-{n}"
    if not (folder / "gold.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "generate_corpus.py"),
                "-n",
                str(n),
                "-o",
                str(folder),
            ],
            check=True,
        )
        docs = folder / "docs"
        docs.mkdir()
        for f in folder.glob("*.md"):
            f.rename(docs / f.name)
    return folder


def text_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in (folder / "docs").glob("*.md")) / 1e6


def run_build(
    store: Path, docs: Path, jobs: int, cluster: str | None = None
) -> tuple[float, float, int, int]:
    out = subprocess.run(
        [sys.executable, "-c", BUILD, str(store), str(docs), str(jobs), *([cluster] if cluster else [])],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.split()
    return float(out[0]), int(out[1]) / 1024, int(out[2]), int(out[3])


def extraction_throughput(docs: Path) -> tuple[float, float]:
    """MB/s on one core: extraction alone, and read + extract + resolve + RDF quads."""
    from kg.extract import extract_document, gazetteer_for
    from kg.readers import read_document
    from kg.seeds import load_register
    from kg.triples import document_quads

    register = load_register()
    gazetteer = gazetteer_for(register)
    files = sorted(docs.glob("*.md"))
    texts = [read_document(f) for f in files]
    mb = sum(len(t.content.encode()) for t in texts) / 1e6
    t = time.perf_counter()
    for text in texts:
        extract_document(text, gazetteer)
    extract_only = mb / (time.perf_counter() - t)
    known = frozenset(register.by_iri())
    t = time.perf_counter()
    for f in files:
        text = read_document(f)
        result = extract_document(text, gazetteer)
        document_quads(text, result.entities, result.relations, known=known)
    end_to_end = mb / (time.perf_counter() - t)
    return extract_only, end_to_end


DIGEST = """
import hashlib, io, sys
from pathlib import Path
from kg.exporters.rdf import RDF_EXPORTS
from kg.store import open_store
out = io.BytesIO()
db = open_store(Path(sys.argv[1]), read_only=True)
RDF_EXPORTS["nquads"](db, out)
print(hashlib.sha256(out.getvalue()).hexdigest()[:16], len(db))
"""


def export_digest(store: Path) -> tuple[str, int]:
    """sha256 of the store's N-Quads export and its quad count, computed in a child process:
    the export sorts every quad in memory, and a build started by this process after it
    would inherit that peak as its ``ru_maxrss`` (Linux keeps the figure across fork and exec;
    that was the 5.1 GB once reported for the Dask build)."""
    out = subprocess.run(
        [sys.executable, "-c", DIGEST, str(store)], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout.split()
    return out[0], int(out[1])


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc (Linux)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo += [int(child) for child in handle.read().split()]
        except OSError:
            pass
    return found


def _rss_mb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def run_build_sampled(
    store: Path, docs: Path, jobs: int, cluster: str | None = None
) -> tuple[float, dict[str, float], int, int]:
    """A build in a subprocess, with every process's resident memory read from /proc every
    0.5 s: the peaks of the build process, of its largest child and of their sum, and the
    build process's own ``ru_maxrss`` figure (which, for children, counts the memory of the
    process they were forked from)."""
    child = subprocess.Popen(
        [sys.executable, "-c", BUILD, str(store), str(docs), str(jobs), *([cluster] if cluster else [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    peaks = {"build": 0.0, "child": 0.0, "sum": 0.0}
    while child.poll() is None:
        total = 0
        for pid in _tree(child.pid):
            rss = _rss_mb(pid)
            if rss is None:
                continue
            total += rss
            key = "build" if pid == child.pid else "child"
            peaks[key] = max(peaks[key], rss)
        peaks["sum"] = max(peaks["sum"], total)
        time.sleep(0.5)
    out, err = child.communicate()
    if child.returncode:
        raise RuntimeError(f"the build failed: {err[-2000:]}")
    wall, maxrss, extracted, cached = out.split()
    peaks["ru_maxrss"] = int(maxrss) / 1024
    return float(wall), peaks, int(extracted), int(cached)


def runners(sizes: list[int], workers: int) -> str:
    """The same full build with the local process pool and with a local Dask cluster of the
    same number of workers (start-up and shut-down of the cluster included), then a rebuild
    after one document changed (the workers hash every file; one is extracted)."""
    load = os.getloadavg()
    lines = [
        "## Build runners",
        "",
        f"Full build of generated corpora with the local process pool (`--jobs {workers}`) and with a "
        f"local Dask cluster of {workers} single-threaded workers (`--cluster local:{workers}`, its start "
        f"and stop included), then a rebuild after one document changed. Memory: each process's "
        f"VmRSS read from /proc every 0.5 s. Load average before the run: {load[0]:.2f}, {load[1]:.2f}, "
        f"{load[2]:.2f} on {os.cpu_count()} cores.",
        "",
        "| documents | runner | full build s | docs/s | incremental s | peak RSS MB: build process | largest worker | all processes | ru_maxrss MB | quads | export sha256 |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for n in sizes:
        docs = corpus(n) / "docs"
        walls = {}
        for name, cluster in (("process pool", None), ("Dask local", f"local:{workers}")):
            store = OUT / f"store-{n}-runner"
            shutil.rmtree(store, ignore_errors=True)
            wall, peak, extracted, _ = run_build_sampled(store, docs, workers, cluster)
            assert extracted == n, extracted
            digest, quads = export_digest(store)
            victim = sorted(docs.glob("*.md"))[n // 2]
            original = victim.read_bytes()
            try:
                victim.write_bytes(original + b"\nNHS England commissioned Acme Analytics.\n")
                again, _, extracted, cached = run_build_sampled(store, docs, workers, cluster)
                assert (extracted, cached) == (1, n - 1), (extracted, cached)
            finally:
                victim.write_bytes(original)
            walls[name] = wall
            lines.append(
                f"| {n:,} | {name} | {wall:.1f} | {n / wall:.0f} | {again:.1f} | {peak['build']:.0f} | "
                f"{peak['child']:.0f} | {peak['sum']:.0f} | {peak['ru_maxrss']:.0f} | {quads:,} | `{digest}` |"
            )
            shutil.rmtree(store, ignore_errors=True)
        lines.append(
            f"| {n:,} | Dask / pool | {walls['Dask local'] / walls['process pool']:.2f}x | | | | | | | | |"
        )
    after = os.getloadavg()
    lines += ["", f"Load average after the run: {after[0]:.2f}, {after[1]:.2f}, {after[2]:.2f}."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--runners", action="store_true", help="only compare the process pool with a local Dask cluster"
    )
    args = parser.parse_args()
    jobs = os.cpu_count() or 1
    if args.runners:
        text = runners(args.sizes, jobs)
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "build-runners.md").write_text(text, encoding="utf-8")
        print(text)
        return
    lines = [
        "## Build",
        "",
        f"Generated corpora (`benchmarks/generate_corpus.py`), {jobs} worker processes.",
        "",
        "| documents | text MB | triples | full build s (median) | docs/s | MB/s | peak RSS MB | 1 job s | ratio |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    incremental = []
    for n in args.sizes:
        folder = corpus(n)
        docs = folder / "docs"
        mb = text_mb(folder)
        walls, peaks = [], []
        repeat = args.repeat if n <= 2000 else 1
        for _ in range(repeat):
            store = OUT / f"store-{n}"
            shutil.rmtree(store, ignore_errors=True)
            wall, peak, _, _ = run_build(store, docs, jobs)
            walls.append(wall)
            peaks.append(peak)
        one = OUT / f"store-{n}-1job"
        shutil.rmtree(one, ignore_errors=True)
        single = run_build(one, docs, 1)[0] if n <= 2000 else float("nan")
        shutil.rmtree(one, ignore_errors=True)
        from kg.store import open_store

        db = open_store(OUT / f"store-{n}", read_only=True)
        triples = len(db)
        del db
        med = statistics.median(walls)
        ratio = f"{single / med:.2f}x" if single == single else "-"
        single_text = f"{single:.1f}" if single == single else "-"
        lines.append(
            f"| {n:,} | {mb:.1f} | {triples:,} | {med:.1f} | {n / med:.0f} | {mb / med:.2f} | {max(peaks):.0f} | {single_text} | {ratio} |"
        )
        # incremental: change one document, build again
        victim = sorted(docs.glob("*.md"))[n // 2]
        original = victim.read_bytes()
        times = []
        for k in range(3):
            victim.write_bytes(original + f"\nNHS England commissioned Acme Analytics {k}.\n".encode())
            wall, _, extracted, cached = run_build(OUT / f"store-{n}", docs, jobs)
            assert extracted == 1 and cached == n - 1, (extracted, cached)
            times.append(wall)
        victim.write_bytes(original)
        incremental.append((n, statistics.median(times)))
    lines += [
        "",
        "| store size (documents) | incremental rebuild after one changed document, s (median of 3) |",
        "| ---: | ---: |",
    ]
    lines += [f"| {n:,} | {t:.2f} |" for n, t in incremental]

    folder = corpus(min(args.sizes))
    extract_only, end_to_end = extraction_throughput(folder / "docs")
    lines += [
        "",
        f"Extraction throughput on one core ({min(args.sizes):,} generated documents): "
        f"{extract_only:.2f} MB/s extraction alone, {end_to_end:.2f} MB/s read + extract + resolve + RDF.",
    ]

    from kg.evaluate import Score, score
    from kg.extract import extract_paths

    records, _ = extract_paths([folder / "docs"])
    result = score(json.loads((folder / "gold.json").read_text()), {"documents": records})
    lines += [
        "",
        f"Extraction F1 on the generated corpus ({min(args.sizes):,} documents, known truth; a smoke "
        "test, not a measure of quality: the generator writes the constructions the rules read): "
        f"entities {Score.total(result.entities).f1:.3f}, relations {Score.total(result.relations).f1:.3f}.",
    ]
    text = "\n".join(lines) + "\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "build.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
