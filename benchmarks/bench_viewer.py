"""Benchmark the viewer: ``kg view -o`` (page generation time and size, and how long a real
headless Chromium takes to open the page and settle, at 5,000 and 20,000 actors) and the viewer
served by ``kg serve`` (time to the first interactive view and bytes transferred for it, over
stores built from 2,000 and 10,000 generated documents).

Usage: python benchmarks/bench_viewer.py [--sizes 5000 20000] [--served 2000 10000]
       [--workdir DIR] [--no-browser] [--out benchmarks/results/viewer.md]

The graphs are synthetic but shaped like :func:`kg.network.collaboration_graph` output (same
node and edge attributes): actors of every type spread over five ICSs, mostly local ties with a
heavy-tailed degree, a third of the edges co-mentions, one to three pieces of evidence per edge
with quotes, titles, dates and links. Seeded, so every run measures the same graphs.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.viewer import render_html  # noqa: E402

ID = "https://w3id.org/london-health-kg/id/"
SYSTEMS = [
    ("E54000027", "North West London Integrated Care System"),
    ("E54000028", "North Central London Integrated Care System"),
    ("E54000029", "North East London Integrated Care System"),
    ("E54000030", "South East London Integrated Care System"),
    ("E54000031", "South West London Integrated Care System"),
]
KINDS = [
    ("NHSTrust", 14),
    ("Organisation", 22),
    ("Person", 20),
    ("Programme", 10),
    ("Partnership", 6),
    ("LocalAuthority", 6),
    ("Borough", 4),
    ("Strategy", 5),
    ("Place", 3),
    ("NationalBody", 3),
    ("Funding", 3),
    ("CCG", 2),
    ("ICB", 2),
]
WORDS = [
    "Northgate",
    "Brightwater",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Oakfield",
    "Pinnacle",
    "Quayside",
    "Riverbank",
    "Silverline",
    "Tidewell",
    "Upland",
    "Vantage",
    "Westbrook",
    "Yarrow",
    "Zenith",
    "Harbour",
    "Elm",
    "Beacon",
    "Cedar",
    "Fairway",
    "Granite",
    "Hollin",
    "Juniper",
]
HEADS = {
    "NHSTrust": "NHS Foundation Trust",
    "Organisation": "Health Partners",
    "Programme": "Programme",
    "Partnership": "Partnership",
    "LocalAuthority": "Council",
    "Borough": "Borough",
    "Strategy": "Strategy",
    "Place": "Place",
    "NationalBody": "Agency",
    "Funding": "Fund",
    "CCG": "CCG",
    "ICB": "ICB",
}
FIRST = [
    "Amara",
    "Ben",
    "Chloe",
    "Daniel",
    "Esther",
    "Farid",
    "Grace",
    "Hamid",
    "Isla",
    "Jonah",
    "Kemi",
    "Liam",
]
LAST = ["Okafor", "Patel", "Nguyen", "Kowalski", "Hughes", "Adeyemi", "Fischer", "Moreau", "Brennan", "Quinn"]
PREDICATES = [
    "partnerOf",
    "collaboratesWith",
    "commissions",
    "funds",
    "leads",
    "memberOf",
    "runs",
    "publishes",
]


def synthetic_graph(n: int, seed: int = 7) -> nx.Graph:
    """A collaboration graph of ``n`` actors with the attributes of ``kg.network``'s projection."""
    rng = random.Random(seed)
    G = nx.Graph(name="synthetic", systems={ID + f"ics/{code}": label for code, label in SYSTEMS})
    docs = [
        {
            "doc": ID + f"doc/{i:06d}",
            "file": f"doc_{i:06d}.md",
            "title": f"Board papers {i}: {rng.choice(WORDS)} update",
            "date": f"20{rng.randint(19, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "url": f"https://example.org/papers/{i}",
        }
        for i in range(max(10, n // 4))
    ]
    nodes: list[str] = []
    by_ics: dict[str, list[str]] = {}
    for code, label in SYSTEMS:
        iri = ID + f"ics/{code}"
        G.add_node(
            iri,
            label=label,
            kind="ICS",
            key=f"ics:{code}",
            ods="",
            gss=code,
            aliases=[label.replace(" Integrated Care System", " ICS")],
            ics=iri,
            ics_label=label,
            documents=[],
        )
        nodes.append(iri)
        by_ics.setdefault(iri, []).append(iri)
    kinds = [k for k, w in KINDS for _ in range(w)]
    for i in range(n - len(SYSTEMS)):
        kind = rng.choice(kinds)
        ics_code, ics_label = rng.choice(SYSTEMS)
        ics = ID + f"ics/{ics_code}" if kind not in ("NationalBody",) and rng.random() < 0.85 else ""
        if kind == "Person":
            label = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        else:
            label = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {HEADS[kind]} {i}"
        aliases = ["".join(w[0] for w in label.split()[:-1]).upper() + str(i)] if rng.random() < 0.3 else []
        iri = ID + f"actor/{i:06d}"
        G.add_node(
            iri,
            label=label,
            kind=kind,
            key=f"ref:{i}",
            ods=f"R{i:04d}" if kind == "NHSTrust" else "",
            gss="",
            aliases=aliases,
            ics=ics,
            ics_label=ics_label if ics else "",
            documents=[],
        )
        nodes.append(iri)
        by_ics.setdefault(ics, []).append(iri)
    degree_pool: list[str] = list(nodes)
    for iri in nodes:
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            ics = G.nodes[iri]["ics"]
            other = rng.choice(by_ics[ics]) if ics and rng.random() < 0.75 else rng.choice(degree_pool)
            if other == iri:
                continue
            degree_pool.append(other)
            comention = rng.random() < 0.35
            evidence = []
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                d = rng.choice(docs)
                pred = "coMentionedWith" if comention else rng.choice(PREDICATES)
                evidence.append(
                    {
                        "subject": iri,
                        "predicate": pred,
                        "object": other,
                        "quote": f"{G.nodes[iri]['label']} will work with {G.nodes[other]['label']} on the "
                        f"{rng.choice(WORDS)} programme to improve care for local people across the area.",
                        "doc": d["doc"],
                        "file": d["file"],
                        "title": d["title"],
                        "date": d["date"],
                        "url": d["url"],
                        "rule": "comention.sentence.v1" if comention else f"{pred}.pattern.v1",
                        "confidence": 0.3 if comention else round(rng.uniform(0.6, 0.95), 2),
                        "page": None,
                        "start": rng.randint(0, 20000),
                    }
                )
            if G.has_edge(iri, other):
                continue
            G.add_edge(
                iri,
                other,
                weight=len({e["doc"] for e in evidence}),
                evidence_count=len(evidence),
                predicates=sorted({e["predicate"] for e in evidence}),
                layer="comention" if comention else "asserted",
                evidence=evidence,
            )
            for node in (iri, other):
                G.nodes[node]["documents"] = sorted(
                    set(G.nodes[node]["documents"]) | {e["doc"] for e in evidence}
                )
    return G


def browser_settle(path: Path, timeout: float = 180.0) -> dict[str, float]:
    """Open the page in headless Chromium; seconds until the page reports it has drawn and
    settled (``window.kgViewer.ready``), measured from navigation start by the page itself."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1600,1000",
    ):
        options.add_argument(arg)
    profile = tempfile.mkdtemp(prefix="kg-bench-chrome-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_page_load_timeout(timeout)
        start = time.perf_counter()
        driver.get(path.resolve().as_uri())
        loaded = time.perf_counter() - start
        while time.perf_counter() - start < timeout:
            if driver.execute_script("return !!(window.kgViewer && window.kgViewer.ready)"):
                break
            time.sleep(0.05)
        else:
            raise TimeoutError(f"{path} did not settle in {timeout} s")
        ready_at = driver.execute_script("return window.kgViewer.readyAt") / 1000.0
        counts = driver.execute_script("return window.kgViewer.counts()")
        t = time.perf_counter()
        driver.execute_script("window.kgViewer.setFilters({layers: ['asserted']})")
        filter_s = time.perf_counter() - t
        driver.execute_script("window.kgViewer.resetFilters()")
        return {
            "settle_s": ready_at,
            "load_s": loaded,
            "filter_s": filter_s,
            "nodes": counts["drawnNodes"],
            "edges": counts["drawnEdges"],
        }
    finally:
        driver.quit()


def _chrome():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1600,1000",
    ):
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='kg-bench-chrome-')}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def served_store(docs: int, workdir: Path) -> tuple[Path, Path, dict[str, float]]:
    """A store built from ``docs`` generated documents (kept in ``workdir`` between runs) as
    ``kg build`` builds it, the copy of the ``cache/`` folder the build left (the first view it
    prepares, :func:`kg.viewer.api.prepare`), and the build's seconds (``build_s``, with
    ``prepare_s`` of them preparing) when it was built now. A store kept from a run of an older
    kg, or a build that did not prepare, gets its first view prepared now, as a build ends
    (``prepare_s``)."""
    import shutil
    import subprocess

    from kg.build import build
    from kg.network.tables import store_stamp
    from kg.viewer.api import prepare

    corpus = workdir / f"corpus-{docs}"
    store = workdir / f"store-{docs}"
    times: dict[str, float] = {}
    if not (store / "oxigraph").exists():
        if not corpus.exists():
            subprocess.run(
                [
                    sys.executable,
                    str(Path(__file__).with_name("generate_corpus.py")),
                    "-n",
                    str(docs),
                    "-o",
                    str(corpus),
                ],
                check=True,
                capture_output=True,
            )
        t = time.perf_counter()
        report = build(store, [corpus], jobs=2, prepare=prepare)  # as `kg build` builds
        assert report.ok and report.prepared_s is not None, report.warnings
        times = {"build_s": time.perf_counter() - t, "prepare_s": report.prepared_s}
    built = workdir / f"store-{docs}.cache-{store_stamp(store)}"
    if not built.exists():
        if "build_s" not in times:
            shutil.rmtree(store / "cache", ignore_errors=True)
            t = time.perf_counter()
            assert prepare(store) is not None
            times["prepare_s"] = time.perf_counter() - t
        shutil.copytree(store / "cache", built)
    return store, built, times


def served_first_view(store: Path, built: Path, timeout: float = 900.0) -> dict[str, float]:
    """``kg serve`` over ``store`` (in this process), the page at ``/`` opened in headless
    Chromium five times: *built* (the store's ``cache/`` as the build left it, copied back from
    ``built``, and the server just started), *cold* (the store's cache emptied, the server just
    started: the visit waits for the tables to be read, the graph projected, centralities and
    communities computed), *restart* (a new server over the same store: the rendered first view
    comes from the store's ``cache/`` folder), *warm* (the next visit: from memory) and *after
    warm-up* (cache emptied again, a new server left to prepare the first view before the
    visit). Seconds from navigation start until the page is drawn and answers clicks, bytes
    received. The store's ``cache/`` is left as the build left it."""
    import shutil
    import threading
    import urllib.parse

    from kg import server
    from kg.network.tables import cached_tables
    from kg.viewer import api

    def forget() -> None:  # a new server process: nothing in memory
        api._views.clear()
        api._pages.clear()

    def start() -> tuple[server.Server, str]:
        endpoint = server.make_server(server.Settings(store_path=store, port=0, timeout=120, workers=1))
        threading.Thread(target=endpoint.serve_forever, daemon=True).start()
        parts = urllib.parse.urlsplit(endpoint.url)
        return endpoint, f"{parts.scheme}://{parts.netloc}/"

    def stop(endpoint: server.Server) -> None:
        endpoint.shutdown()
        endpoint.server_close()

    def visit(driver, root: str, name: str, out: dict[str, float]) -> None:  # type: ignore[no-untyped-def]
        driver.get("about:blank")
        driver.get_log("performance")
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.get(root)
        begun = time.perf_counter()
        while time.perf_counter() - begun < timeout:
            if driver.execute_script("return !!(window.kgViewer && window.kgViewer.ready)"):
                break
            time.sleep(0.05)
        out[f"{name}_s"] = driver.execute_script("return window.kgViewer.readyAt") / 1000.0
        events = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
        out[f"{name}_bytes"] = sum(
            e["params"].get("encodedDataLength", 0)
            for e in events
            if e["method"] == "Network.loadingFinished"
        )

    out: dict[str, float] = {}
    driver = _chrome()
    driver.set_page_load_timeout(timeout)

    def as_built() -> None:
        shutil.rmtree(store / "cache", ignore_errors=True)
        shutil.copytree(built, store / "cache")

    def first_visit(name: str) -> None:  # a new server, one visit
        forget()
        endpoint, root = start()
        try:
            visit(driver, root, name, out)
        finally:
            stop(endpoint)

    try:
        as_built()  # a server started right after `kg build`
        first_visit("built")
        shutil.rmtree(store / "cache", ignore_errors=True)  # cold: nothing computed before
        first_visit("cold")
        out["store_actors"] = len(cached_tables(store).actors)
        forget()
        endpoint, root = start()
        try:
            visit(driver, root, "restart", out)
            visit(driver, root, "warm", out)
            counts = driver.execute_script("return window.kgViewer.counts()")
            out["nodes"], out["edges"] = counts["drawnNodes"], counts["drawnEdges"]
            t = time.perf_counter()
            driver.execute_async_script(
                "const done = arguments[arguments.length - 1]; const k = window.kgViewer;"
                "const id = k.search('NHS England')[0].id; k.expand(id).then(done);"
            )
            out["expand_s"] = time.perf_counter() - t
        finally:
            stop(endpoint)
        # the start-up warm-up: how long the server takes to have the first view ready by itself
        shutil.rmtree(store / "cache", ignore_errors=True)
        forget()
        t = time.perf_counter()
        endpoint, root = start()
        try:
            while (
                not list((store / "cache").glob(f"{api.PAGE_PREFIX}*.html"))
                and time.perf_counter() - t < timeout
            ):
                time.sleep(0.1)
            out["warmup_s"] = time.perf_counter() - t
            visit(driver, root, "after_warmup", out)
        finally:
            stop(endpoint)
    finally:
        driver.quit()
        forget()
        as_built()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[5000, 20000])
    parser.add_argument("--repeat", type=int, default=3, help="Generation runs per size (median reported).")
    parser.add_argument("--no-browser", action="store_true", help="Only time the generation.")
    parser.add_argument(
        "--served", type=int, nargs="*", default=[2000, 10000], help="Generated documents per served store."
    )
    parser.add_argument("--workdir", type=Path, default=None, help="Keep generated corpora and stores here.")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "viewer.md")
    args = parser.parse_args(argv)

    rows = []
    workdir = Path(tempfile.mkdtemp(prefix="kg-bench-viewer-"))
    for n in args.sizes:
        G = synthetic_graph(n)
        times = []
        html = ""
        for _ in range(args.repeat):
            t = time.perf_counter()
            html = render_html(G, title=f"Synthetic network, {n:,} actors")
            times.append(time.perf_counter() - t)
        path = workdir / f"viewer-{n}.html"
        path.write_text(html, encoding="utf-8")
        row = {
            "actors": G.number_of_nodes(),
            "relations": G.number_of_edges(),
            "evidence": sum(len(d["evidence"]) for _, _, d in G.edges(data=True)),
            "generate_s": statistics.median(times),
            "size_mb": len(html.encode("utf-8")) / 1e6,
        }
        if not args.no_browser:
            row.update(browser_settle(path))
        rows.append(row)
        print(json.dumps(row), flush=True)

    lines = [
        "## Viewer (`kg view`)",
        "",
        "`python benchmarks/bench_viewer.py`: synthetic collaboration graphs shaped like "
        "`kg.network.collaboration_graph` output, rendered with `kg.viewer.render_html` (precomputed "
        "igraph layout, physics off) and opened in headless Chromium from a `file://` URL. "
        "*Settle* is the time from navigation start until the page has parsed its data, built the "
        "network and drawn it (`window.kgViewer.readyAt`); *filter* is one round of the in-page "
        "layer filter (hide co-mentions).",
        "",
        "| actors | relations | evidence | generate (s) | page size (MB) | settle in browser (s) | filter (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        settle = f"{r['settle_s']:.2f}" if "settle_s" in r else "-"
        filt = f"{r['filter_s']:.2f}" if "filter_s" in r else "-"
        lines.append(
            f"| {r['actors']:,} | {r['relations']:,} | {r['evidence']:,} | {r['generate_s']:.2f} | "
            f"{r['size_mb']:.1f} | {settle} | {filt} |"
        )
    served = []
    if not args.no_browser:
        home = args.workdir or workdir
        home.mkdir(parents=True, exist_ok=True)
        for docs in args.served:
            store, built, times = served_store(docs, home)
            row = {"documents": docs, **times, **served_first_view(store, built)}
            served.append(row)
            print(json.dumps(row), flush=True)
    if served:
        lines += [
            "",
            "### Served by `kg serve`",
            "",
            "Stores built from `benchmarks/generate_corpus.py -n DOCS` (with the parser layer); `kg serve` "
            "in the benchmark's process, the page at `/` opened in headless Chromium (browser cache off). "
            "Seconds from navigation start until the first view (the 100 most connected actors) is drawn "
            "and answers clicks. *After build*: the server just started on the store as `kg build` left "
            "it: the build prepares the first view (the projection's tables, centralities, communities "
            "and the rendered page, in the store's `cache/` keyed by the state it leaves), which costs "
            "the build the *prepare* seconds. *Cold*: the store's `cache/` emptied and the server just "
            "started (a store changed since its build by other means than `kg build`), so the visit waits "
            "for the projection's tables to be read from the store, the graph projected and its "
            "centralities and communities computed. *Warm-up*: how long a server just started over such "
            "a store takes to prepare the first view by itself (it starts at once, in the background); "
            "*after warm-up*: a visit then. *Restart*: a new server over the same store, the rendered "
            "first view read from the store's `cache/` (kept per state of the store and filters, as `kg "
            "central` keeps its results). *Warm*: the next visit, from memory. Bytes received for the "
            "first view (page with its data inlined, favicon). *Expand*: loading one hub's neighbours.",
            "",
            "| documents | actors in the store | first view (actors / relations) | build (s) | prepare (s) | "
            "after build (s) | cold (s) | warm-up (s) | after warm-up (s) | restart (s) | warm (s) | "
            "transferred (MB) | expand (s) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in served:
            build_s = f"{r['build_s']:.0f}" if "build_s" in r else "-"
            prepare_s = f"{r['prepare_s']:.1f}" if "prepare_s" in r else "-"
            lines.append(
                f"| {r['documents']:,} | {int(r['store_actors']):,} | {int(r['nodes'])} / {int(r['edges']):,} | "
                f"{build_s} | {prepare_s} | {r['built_s']:.2f} | "
                f"{r['cold_s']:.2f} | {r['warmup_s']:.2f} | {r['after_warmup_s']:.2f} | {r['restart_s']:.2f} | "
                f"{r['warm_s']:.2f} | {max(r['built_bytes'], r['restart_bytes']) / 1e6:.2f} | {r['expand_s']:.2f} |"
            )
    lines += ["", f"Machine: {_machine()}.", ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def _machine() -> str:
    import os
    import platform

    return f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


if __name__ == "__main__":
    sys.exit(main())
