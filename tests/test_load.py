"""The endpoint under load and abuse: concurrent clients on loopback, with refused requests mixed in.

A bounded load test: ``LOAD_CLIENTS`` clients (20) send queries for ``LOAD_SECONDS`` (30 s, or
the ``KG_LOAD_SECONDS`` environment variable) while another client sends updates, oversized
requests and runaway queries. Every ordinary request must succeed, every abusive one must be
refused with its own status, and the figures (throughput, p50 and p99 latency) are written to
``tests/artifacts/load.json`` and printed. A second test keeps two clients sending runaway
queries back to back and checks that cheap queries are all answered meanwhile. Both are marked
``load`` and run in the normal test run; the figures for the README come from
``benchmarks/bench_endpoint.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg import server
from tests.test_server import ICS_QUERY, SLOW_QUERY, running, seeds_folder

LOAD_CLIENTS = 20
LOAD_SECONDS = float(os.environ.get("KG_LOAD_SECONDS", "30"))
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ORDINARY = [
    ("GET", {"query": ICS_QUERY}, "application/sparql-results+json"),
    ("POST", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}, "text/csv"),
    ("SAVED", {"actor": "South West London ICB"}, "application/sparql-results+json"),
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[server.Server]:
    from kg.build import build

    path = tmp_path_factory.mktemp("load") / "store"
    assert build(path, [seeds_folder()], jobs=1).ok
    yield from running(server.Settings(store_path=path, port=0, timeout=3, workers=2, max_rows=1000))


def request(url: str, method: str, params: dict[str, str], accept: str, body: bytes | None = None) -> int:
    """Send one request; return the HTTP status (errors included) after reading the whole answer."""
    data = None
    headers = {"Accept": accept}
    if method == "GET":
        url = f"{url}?{urllib.parse.urlencode(params)}"
    elif method == "SAVED":
        base = url.replace("/sparql", "/queries/collaborators")
        url = f"{base}?{urllib.parse.urlencode(params)}"
    else:
        data = body if body is not None else urllib.parse.urlencode(params).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, data=data, headers=headers, method="GET" if data is None else "POST")
    try:
        with urllib.request.urlopen(req, timeout=60) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as ex:
        ex.read()
        return ex.code


@pytest.mark.load
def test_concurrent_clients_with_abuse_mixed_in(loaded: server.Server) -> None:
    stop = time.monotonic() + LOAD_SECONDS
    latencies: list[float] = []
    failures: list[tuple[str, int | str]] = []
    refused: dict[str, list[int]] = {"update": [], "oversized": [], "runaway": [], "long-url": []}
    lock = threading.Lock()

    def client(n: int) -> None:
        i = n
        while time.monotonic() < stop:
            method, params, accept = ORDINARY[i % len(ORDINARY)]
            i += 1
            started = time.perf_counter()
            try:
                status: int | str = request(loaded.url, method, params, accept)
            except OSError as ex:  # a refused or reset connection is a failure, not a dead thread
                status = f"{type(ex).__name__}: {ex}"
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                if status != 200:
                    failures.append((method, status))

    def abuser() -> None:
        update = "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }"
        while time.monotonic() < stop:
            refused["update"].append(request(loaded.url, "POST", {"update": update}, "text/plain"))
            big = urllib.parse.urlencode({"query": "ASK {}" + " " * (server.MAX_BODY + 10)}).encode()
            refused["oversized"].append(request(loaded.url, "POST", {}, "text/plain", body=big))
            refused["long-url"].append(request(loaded.url, "GET", {"query": "#" * 100_000}, "text/plain"))
            refused["runaway"].append(request(loaded.url, "POST", {"query": SLOW_QUERY}, "text/plain"))
            time.sleep(1)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(LOAD_CLIENTS)]
    threads.append(threading.Thread(target=abuser))
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(LOAD_SECONDS + 120)
    elapsed = time.monotonic() - started
    assert not any(t.is_alive() for t in threads), "a client never finished"

    assert failures == [], f"{len(failures)} ordinary requests failed, e.g. {failures[:5]}"
    assert len(latencies) > LOAD_CLIENTS * 5, "too few requests to measure anything"
    assert set(refused["update"]) == {403}
    assert set(refused["oversized"]) == {413}
    assert set(refused["long-url"]) == {414}
    assert set(refused["runaway"]) == {503}
    assert loaded.pool.killed >= len(refused["runaway"])

    # the endpoint answers as before once the load is over
    assert request(loaded.url, "GET", {"query": ICS_QUERY}, "text/csv") == 200

    cuts = statistics.quantiles(latencies, n=100)
    figures = {
        "clients": LOAD_CLIENTS,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "failed": len(failures),
        "throughput_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "refused": {k: len(v) for k, v in refused.items()},
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"\nload test: {figures}")


@pytest.mark.load
def test_cheap_queries_are_answered_while_two_slow_ones_run(loaded: server.Server) -> None:
    """Two clients sending runaway queries back to back must not starve the others (issue 22, item 7)."""
    import os

    seconds = min(LOAD_SECONDS, 12.0)
    stop = time.monotonic() + seconds
    cheap: list[int | str] = []
    slow: list[tuple[int, str]] = []
    killed_before = loaded.pool.killed

    def slow_client() -> None:
        while time.monotonic() < stop:
            req = urllib.request.Request(
                loaded.url, data=urllib.parse.urlencode({"query": SLOW_QUERY}).encode(), method="POST"
            )
            try:
                with urllib.request.urlopen(req, timeout=60) as answer:
                    slow.append((answer.status, answer.read().decode()))
            except urllib.error.HTTPError as ex:
                slow.append((ex.code, ex.read().decode()))

    def cheap_client() -> None:
        url = f"{loaded.url}?{urllib.parse.urlencode({'query': ICS_QUERY})}"
        while time.monotonic() < stop:
            try:
                with urllib.request.urlopen(url, timeout=60) as answer:
                    answer.read()
                    cheap.append(answer.status)
            except urllib.error.HTTPError as ex:
                cheap.append(f"{ex.code} {ex.read().decode().strip()}")
            except OSError as ex:
                cheap.append(f"{type(ex).__name__}: {ex}")

    threads = [threading.Thread(target=slow_client) for _ in range(2)]
    threads += [threading.Thread(target=cheap_client) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    refused = [s for s in cheap if s != 200]
    assert refused == [], (
        f"{len(refused)} of {len(cheap)} cheap queries were not answered: {sorted(set(refused))}"
    )
    assert len(cheap) >= 20
    assert slow and all(status == 503 and "timed out after 3 s" in body for status, body in slow), slow[:3]
    # the evaluation was stopped, not only the reply: each runaway query's worker process is gone
    assert loaded.pool.killed - killed_before >= len(slow)
    for pid in loaded.pool.killed_pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
