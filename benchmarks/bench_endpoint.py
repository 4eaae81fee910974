"""The SPARQL endpoint under load: 20 clients for 30 s while 2 clients send runaway queries.

Usage: python benchmarks/bench_endpoint.py [--clients 20] [--seconds 30] [--slow-clients 2] [--out FILE]

Builds a store from the sample corpus (``seeds/documents``), starts the endpoint in this process
(2 workers, a 3 s query timeout) and runs the clients over loopback. Ordinary clients cycle through
three requests (a SELECT by GET, a COUNT by POST as CSV, the saved ``collaborators`` query); slow
clients send a query that cannot finish in time, back to back, so the two long-query places are
always taken. Writes throughput, latency percentiles and errors, with the machine's load before
and after, to ``benchmarks/results/endpoint.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import server  # noqa: E402
from kg.build import build  # noqa: E402

ICS_QUERY = (
    "PREFIX kg: <https://w3id.org/london-health-kg/ontology#>\n"
    "SELECT ?ics WHERE { ?ics a kg:ICS } ORDER BY ?ics"
)
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ORDINARY = [
    ("GET", {"query": ICS_QUERY}, "application/sparql-results+json"),
    ("POST", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}, "text/csv"),
    ("SAVED", {"actor": "South West London ICB"}, "application/sparql-results+json"),
]


def request(url: str, method: str, params: dict[str, str], accept: str) -> int | str:
    """The status of the answer; for an error, the status and the first words of the message."""
    data = None
    if method == "GET":
        url = f"{url}?{urllib.parse.urlencode(params)}"
    elif method == "SAVED":
        url = f"{url.replace('/sparql', '/queries/collaborators')}?{urllib.parse.urlencode(params)}"
    else:
        data = urllib.parse.urlencode(params).encode()
    req = urllib.request.Request(url, data=data, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=60) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as ex:
        words = ex.read().decode("utf-8", "replace").split(":")[0].split()[:5]
        return f"{ex.code} {' '.join(words)}"


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--slow-clients", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "endpoint.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        assert build(store, [ROOT / "seeds" / "documents"], jobs=1).ok
        endpoint = server.make_server(server.Settings(store_path=store, port=0, timeout=3, workers=2))
        thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
        thread.start()
        load_before = load()
        latencies: list[float] = []
        errors: dict[str, int] = {}
        slow: dict[str, int] = {}
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(n: int) -> None:
            i = n
            while time.monotonic() < stop:
                method, params, accept = ORDINARY[i % len(ORDINARY)]
                i += 1
                started = time.perf_counter()
                try:
                    status: int | str = request(endpoint.url, method, params, accept)
                except OSError as ex:
                    status = type(ex).__name__
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    if status != 200:
                        errors[str(status)] = errors.get(str(status), 0) + 1

        def slow_client() -> None:
            while time.monotonic() < stop:
                status = request(endpoint.url, "POST", {"query": SLOW_QUERY}, "text/plain")
                with lock:
                    slow[str(status)] = slow.get(str(status), 0) + 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        threads += [threading.Thread(target=slow_client) for _ in range(args.slow_clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        load_after = load()
        endpoint.shutdown()
        endpoint.server_close()

    cuts = statistics.quantiles(latencies, n=100)
    failed = sum(errors.values())
    rows = [
        ("requests (ordinary clients)", f"{len(latencies):,}"),
        ("throughput", f"{len(latencies) / elapsed:.1f} requests/s"),
        (
            "latency p50 / p90 / p99 / max",
            f"{cuts[49] * 1000:.1f} / {cuts[89] * 1000:.1f} / "
            f"{cuts[98] * 1000:.1f} / {max(latencies) * 1000:.0f} ms",
        ),
        (
            "errors (ordinary clients)",
            f"{failed} ({', '.join(f'{k}: {v}' for k, v in sorted(errors.items())) or 'none'})",
        ),
        ("slow-query answers", ", ".join(f"{k}: {v}" for k, v in sorted(slow.items())) or "none"),
        ("workers killed at the timeout", str(endpoint.pool.killed)),
        ("machine load (1/5/15 min) before / after", f"{load_before} / {load_after}"),
    ]
    text = "\n".join(
        [
            f"## Endpoint: {args.clients} clients for {args.seconds:g} s, {args.slow_clients} slow-query clients",
            "",
            f"`python benchmarks/bench_endpoint.py` on {os.cpu_count()} cores: `kg serve` defaults except a "
            "3 s timeout (2 workers, 2 long-query places), seed sample store, loopback. Ordinary clients "
            "cycle through a SELECT by GET, a COUNT by POST (CSV) and the saved `collaborators` query; "
            "slow clients send a query that cannot finish in 3 s, back to back.",
            "",
            "| what | figure |",
            "| --- | --- |",
            *[f"| {k} | {v} |" for k, v in rows],
            "",
        ]
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
