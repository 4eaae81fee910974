"""Run every benchmark and write benchmarks/RESULTS.md (machine, versions, figures).

Usage: python benchmarks/run.py [--quick] [--only build|parser|battery|sparql|network|viewer|push|endpoint ...]
Each benchmark script writes its own section to benchmarks/results/<name>.md; this script runs
them in turn (or only the ones named) and joins all the sections there under a header that records
the machine and versions.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
ORDER = [
    "bench_build.py",
    "bench_parser.py",
    "bench_battery.py",
    "bench_sparql.py",
    "bench_network.py",
    "bench_viewer.py",
    "bench_push.py",
    "bench_endpoint.py",
]


def versions() -> str:
    names = ["rdflib", "pyoxigraph", "networkx", "igraph", "pyvis", "pyahocorasick", "click", "spacy"]
    out = []
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            out.append(f"{name} {metadata.version(name)}")
    return ", ".join(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="Smaller sizes, for a smoke run.")
    parser.add_argument(
        "--only",
        action="append",
        choices=[script[6:-3] for script in ORDER],
        help="Run only this benchmark (repeatable); the sections of the others are kept as they are.",
    )
    args = parser.parse_args()
    failures = []
    for script in ORDER:
        path = BENCH / script
        if not path.exists() or (args.only and script[6:-3] not in args.only):
            continue
        cmd = [sys.executable, str(path)]
        if args.quick and script == "bench_build.py":
            cmd += ["--sizes", "200", "--repeat", "1"]
        if args.quick and script == "bench_push.py":
            cmd += ["--documents", "100"]
        print(f"== {script}", flush=True)
        if subprocess.run(cmd, cwd=ROOT).returncode != 0:
            failures.append(script)
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    header = [
        "# Benchmark results",
        "",
        f"Run {datetime.date.today().isoformat()} by `python benchmarks/run.py` on {platform.machine()}, "
        f"{os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, {platform.system()}.",
        f"Versions: {versions()}.",
        "",
    ]
    if args.only:
        header[-1:] = [f"This run: {', '.join(args.only)}; the other sections are from the previous run.", ""]
    sections = []
    for script in ORDER:
        part = BENCH / "results" / f"{script[6:-3]}.md"
        if part.exists():
            sections.append(part.read_text(encoding="utf-8").strip())
    (BENCH / "RESULTS.md").write_text("\n".join(header) + "\n\n".join(sections) + "\n", encoding="utf-8")
    print(f"wrote {BENCH / 'RESULTS.md'}")
    if failures:
        print(f"failed: {', '.join(failures)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
