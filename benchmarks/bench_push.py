"""Benchmark: handing a store to Virtuoso, Graph Store Protocol PUTs against its bulk loader.

Usage: python benchmarks/bench_push.py [--documents 2000]

Builds a store from a generated corpus (``benchmarks/generate_corpus.py``), starts a Virtuoso
(``virtuoso-t`` from Debian's virtuoso-opensource) on free loopback ports in a temporary folder,
then times, into the empty server each time:

- ``kg push`` as the library runs it: one Graph Store Protocol PUT per graph (Turtle, Digest
  authentication negotiated from the server's challenge);
- ``kg push --bulk``: the packs written (``kg export --packs``), the server's view of them
  checked, the graphs cleared, the files loaded by ``rdf_loader_run`` and checkpointed.

Each run is checked: the server holds exactly the store's quads, graph by graph. Writes
``benchmarks/results/push.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402

from kg import push  # noqa: E402
from kg.build import build  # noqa: E402
from kg.store import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "push.md"

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = 85000
MaxDirtyBuffers = 65000
DirsAllowed = {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def counts(url: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/london-health-kg/id/')) } GROUP BY ?g"
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        f"{url}/sparql", data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        rows = json.load(response)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def isql(sql_port: int, statement: str) -> None:
    exe = push.find_isql()
    done = subprocess.run(
        [exe, f"127.0.0.1:{sql_port}", "dba", "dba", f"EXEC={statement}", "VERBOSE=OFF", "BANNER=OFF"],
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    if "*** Error" in done.stdout + done.stderr:
        raise RuntimeError(done.stdout + done.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    exe = shutil.which("virtuoso-t")
    if exe is None or push.find_isql() is None:
        sys.exit("virtuoso-t and isql-vt are needed (Debian: apt-get install virtuoso-opensource)")
    work = Path(tempfile.mkdtemp(prefix="kg-bench-push-"))
    try:
        generate(args.documents, work / "docs", seed=7)
        store = work / "store"
        t = time.perf_counter()
        assert build(store, [work / "docs"]).ok
        print(f"built {args.documents} documents in {time.perf_counter() - t:.1f} s", flush=True)
        db = open_store(store, read_only=True)
        local = {
            g.value: sum(1 for _ in db.quads_for_pattern(None, None, None, g)) for g in db.named_graphs()
        }
        quads = len(db)

        folder = work / "virtuoso"
        folder.mkdir()
        http_port, sql_port = free_port(), free_port()
        (folder / "virtuoso.ini").write_text(INI.format(d=folder, sql_port=sql_port, http_port=http_port))
        log = (folder / "console.log").open("w")
        server = subprocess.Popen(
            [exe, "+configfile", str(folder / "virtuoso.ini"), "+foreground"],
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{http_port}"
        gsp = f"{url}/sparql-graph-crud-auth"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=2).read()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        sys.exit("Virtuoso did not start")
                    time.sleep(0.25)
            auth = push.Auth(user="dba", password="dba")

            t = time.perf_counter()
            report = push.push(db, gsp, auth=auth)
            gsp_s = time.perf_counter() - t
            assert counts(url) == local, "the Graph Store Protocol push lost quads"
            print(f"GSP: {report.graphs} graphs, {report.triples} triples in {gsp_s:.1f} s", flush=True)

            isql(sql_port, "RDF_GLOBAL_RESET();")
            assert counts(url) == {}
            packs = folder / "packs"
            t = time.perf_counter()
            bulk = push.bulk_push(db, gsp, push.Bulk(packs, port=sql_port, threshold=0), auth=auth)
            bulk_s = time.perf_counter() - t
            assert bulk.method == "bulk" and counts(url) == local, "the bulk load lost quads"
            # the packs alone, written again into a fresh folder
            from kg.exporters.rdf import write_packs

            t = time.perf_counter()
            manifest = write_packs(db, work / "packs-again")
            packs_s = time.perf_counter() - t
            pack_mb = sum(f["bytes"] for f in manifest["files"]) / 1e6
            print(
                f"bulk: {bulk.files} files, {bulk.graphs} graphs in {bulk_s:.1f} s (packs {packs_s:.1f} s)",
                flush=True,
            )
        finally:
            server.terminate()
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(10)
            log.close()
        load = os.getloadavg()
        table = "\n".join(
            [
                f"## Push: handing {args.documents:,} documents to Virtuoso",
                "",
                f"A store built from {args.documents:,} generated documents ({len(local):,} graphs, {quads:,} quads) "
                "pushed into an empty Virtuoso 7.2 on the same machine (`python benchmarks/bench_push.py`); "
                "each run checked graph by graph against the store. "
                f"Load average at the end: {load[0]:.1f} on {os.cpu_count()} cores (other work was running).",
                "",
                "| path | what it does | s | quads/s |",
                "| --- | --- | ---: | ---: |",
                f"| `kg push` | one Graph Store Protocol PUT per graph (Turtle, Digest auth) | {gsp_s:.1f} | {quads / gsp_s:,.0f} |",
                f"| `kg push --bulk` | packs written, checked, graphs cleared, `rdf_loader_run`, checkpoint | {bulk_s:.1f} | {quads / bulk_s:,.0f} |",
                f"| of which the packs | `kg export --packs`: {len(manifest['files'])} files, {pack_mb:.1f} MB | {packs_s:.1f} | |",
                "",
                f"Bulk is {gsp_s / bulk_s:.1f}x faster end to end.",
            ]
        )
        print(table)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(table + "\n", encoding="utf-8")
        print(f"wrote {RESULTS}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
