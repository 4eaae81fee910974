"""Reliability: bad input, killed builds, concurrent builds, and text nobody planned for."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import cli
from tests.conftest import ROOT
from tests.test_readers import encrypt_pdf, make_pdf

GOOD = "Barts Health NHS Trust is working with the London Borough of Hackney on falls prevention.\n"


def _bad_inputs(folder: Path) -> dict[str, tuple[str | None, bool]]:
    """File name -> (expected error text or None when it must build, whether it is created here)."""
    cases: dict[str, tuple[str | None, bool]] = {}

    def put(name: str, data: bytes, error: str | None) -> None:
        (folder / name).write_bytes(data)
        cases[name] = (error, True)

    put("empty.txt", b"", "empty document")
    put("garbage.txt", os.urandom(4096).replace(b"\n", b"\x00"), "binary file")
    put("truncated.pdf", make_pdf([GOOD])[:200], "not a readable PDF")
    put("locked.pdf", encrypt_pdf(make_pdf([GOOD]), "secret"), "encrypted")
    put(
        "scripts.html",
        b"<html><head><script>var x='NHS England';</script></head><body><iframe src='x'></iframe>"
        b"<article><p>" + GOOD.encode() + b"</p></article><script>alert('Monitor')</script></body></html>",
        None,
    )
    put(
        "cp1252.txt",
        "The King\u2019s Fund \u2013 \u201creport\u201d. ".encode("cp1252") + GOOD.encode("cp1252"),
        None,
    )
    put(
        "latin1.txt",
        "Caf\u00e9 r\u00e9sum\u00e9 na\u00efve. ".encode("latin-1") + GOOD.encode("latin-1"),
        None,
    )
    put("utf16.txt", GOOD.encode("utf-16"), None)
    put("nul.txt", GOOD.replace(" ", " \x00", 3).encode(), None)
    put("one-line.txt", (("word " * 200_000) + GOOD).encode(), None)
    put(
        "welsh.txt",
        "Mae Bwrdd Iechyd yn gweithio gyda\u2019r cyngor. \u0417\u0434\u043e\u0440\u043e\u0432\u044c\u0435. \u5065\u5eb7\u3002\n".encode(),
        None,
    )
    put("n\u00e4me with spaces \u00e9.txt", GOOD.encode(), None)
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    cases["loop-a.txt"] = ("symbolic links", False)
    cases["loop-b.txt"] = ("symbolic links", False)
    locked = folder / "unreadable.txt"
    locked.write_bytes(b"Unreadable: " + GOOD.encode())
    locked.chmod(0)
    cases["unreadable.txt"] = ("permission denied" if os.geteuid() != 0 else None, True)
    big = folder / "big.txt"
    filler = "the committee noted the figures for the quarter and agreed to return to them in the spring. "
    with big.open("wb") as handle:
        block = (filler * 199 + GOOD).encode()
        while handle.tell() < 50_000_000:
            handle.write(block)
    cases["big.txt"] = (None, True)
    return cases


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("bad-input")
    docs = folder / "docs"
    docs.mkdir()
    cases = _bad_inputs(docs)
    result = CliRunner().invoke(cli, ["build", str(docs), "--store", str(folder / "store"), "-q"])
    return cases, result


CASE_NAMES = [
    "empty.txt",
    "garbage.txt",
    "truncated.pdf",
    "locked.pdf",
    "scripts.html",
    "cp1252.txt",
    "latin1.txt",
    "utf16.txt",
    "nul.txt",
    "one-line.txt",
    "welsh.txt",
    "n\u00e4me with spaces \u00e9.txt",
    "loop-a.txt",
    "unreadable.txt",
    "big.txt",
]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_input_gets_a_result_or_one_clear_line(bad_build, name: str) -> None:
    cases, result = bad_build
    expected, _ = cases[name]
    lines = [line for line in result.output.splitlines() if line.startswith("error:") and f"/{name}:" in line]
    if expected is None:
        assert lines == [], lines
    else:
        assert len(lines) == 1, result.output
        assert expected.lower() in lines[0].lower()
        assert lines[0].count(name) == 1  # the file is named once, with its problem


def test_bad_input_build_finishes_lists_failures_and_exits_non_zero(bad_build) -> None:
    cases, result = bad_build
    failing = sum(1 for e, _ in cases.values() if e is not None)
    assert result.exit_code == 1
    assert f"failures: {failing}" in result.output
    assert f"documents: {len(cases) - failing}" in result.output


def test_html_scripts_and_iframes_are_not_text(tmp_path: Path) -> None:
    from kg.readers import read_document

    path = tmp_path / "page.html"
    path.write_bytes(
        b"<html><body><script>var secret='NHS England';</script><iframe>Monitor</iframe>"
        b"<article><p>" + GOOD.encode() + b"</p></article></body></html>"
    )
    text = read_document(path)
    assert "Barts Health NHS Trust" in text.content
    assert "secret" not in text.content and "Monitor" not in text.content


# ---------------------------------------------------------------- nothing lost


def _corpus(folder: Path, n: int) -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate_corpus.py"), "-n", str(n), "-o", str(folder)],
        check=True,
    )
    (folder / "gold.json").unlink()
    return folder


def _export(store: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "kg", "export", "-f", "nquads", "--store", str(store)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return run.stdout


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "transactional"])
def test_killed_build_leaves_the_previous_store_and_the_next_run_completes(
    tmp_path: Path, bulk: bool
) -> None:
    docs = _corpus(tmp_path / "docs", 400)
    store = tmp_path / "store"
    first = sorted(docs.glob("*.md"))[:20]
    subprocess.run(
        [sys.executable, "-m", "kg", "build", *map(str, first), "--store", str(store), "-q"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    before = _export(store)
    env = dict(os.environ, KG_TEST_BULK="1" if bulk else "0")
    code = (
        "import sys, os; from pathlib import Path; from kg.build import build; "
        "build(Path(sys.argv[1]), [Path(sys.argv[2])], jobs=2, bulk=os.environ['KG_TEST_BULK'] == '1')"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(store), str(docs)], cwd=ROOT, env=env, start_new_session=True
    )
    time.sleep(2.5)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode != 0, "the build finished before it could be killed"
    after_kill = _export(store)
    if bulk:
        assert after_kill == before  # the old database was never touched
    # every document graph in the store is complete: the ones the manifest lists, byte for byte
    again = subprocess.run(
        [sys.executable, "-m", "kg", "build", *map(str, first), "--store", str(store), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert _export(store) == before
    full = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(docs), "--store", str(store), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert full.returncode == 0 and "documents: 400" in full.stdout


def test_two_builds_at_once_one_refuses(tmp_path: Path) -> None:
    docs = _corpus(tmp_path / "docs", 300)
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "kg", "build", str(docs), "--store", str(store), "-q"]
    first = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    second = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    out, _ = first.communicate()
    assert first.returncode == 0 and "documents: 300" in out
    assert second.returncode == 1
    assert "another kg build" in second.stderr


# ---------------------------------------------------------------- any input


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_extraction_never_crashes_on_any_text(register, content: str) -> None:
    from kg.extract import extract_document, gazetteer_for
    from kg.readers.normalise import normalise_text
    from kg.records import Text

    text = Text("0" * 40, "x.txt", normalise_text(content), "text/plain")
    result = extract_document(text, gazetteer_for(register))
    for r in result.relations:
        assert text.content[r.start : r.end] == r.quote


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_readers_never_crash_on_any_bytes(tmp_path_factory, data: bytes) -> None:
    from kg.readers import ReaderError, read_document

    folder = tmp_path_factory.mktemp("bytes")
    for suffix in (".txt", ".html", ".pdf", ".docx", ".md"):
        path = folder / f"x{suffix}"
        path.write_bytes(data)
        try:
            read_document(path)
        except ReaderError as ex:
            assert str(ex).startswith(str(path))


@given(
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12), st.text(min_size=1, max_size=12)
)
def test_iri_minting_is_valid_and_never_merges_two_codes(a: str, b: str) -> None:
    import pyoxigraph as ox

    from kg.ids import entity_iri, key_iri

    for name in (a, b):
        ox.NamedNode(entity_iri("Organisation", name))  # raises on an invalid IRI
    codes = [
        c for c in (a, b) if c.isascii() and c[:1].isalnum() and all(ch.isalnum() or ch in "._-" for ch in c)
    ]
    iris = {key_iri(f"ods:{c}") for c in codes}
    assert len(iris) == len(set(codes))


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\"\\<>{}\n'`"),
        min_size=1,
        max_size=40,
    )
)
def test_exports_round_trip_hostile_names(name: str) -> None:
    import io

    import pyoxigraph as ox

    from kg.exporters.rdf import RDF_EXPORTS

    db = ox.Store()
    node = ox.NamedNode("https://w3id.org/london-health-kg/id/organisation/x")
    pred = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    db.add(ox.Quad(node, pred, ox.Literal(name), ox.NamedNode("https://w3id.org/london-health-kg/id/doc/1")))
    for fmt in ("turtle", "jsonld", "trig"):
        out = io.BytesIO()
        RDF_EXPORTS[fmt](db, out)
        back = {t.object.value for t in ox.parse(out.getvalue(), format=RDF_EXPORTS[fmt].format)}
        assert back == {name}


# ---------------------------------------------------------------- a typo must not empty the store


@pytest.fixture
def seed_built(tmp_path: Path) -> tuple[Path, str]:
    store = tmp_path / "store"
    result = CliRunner().invoke(
        cli, ["build", str(ROOT / "seeds" / "documents"), "--store", str(store), "-q"]
    )
    assert result.exit_code == 0, result.output
    return store, _export(store)


def test_a_path_that_does_not_exist_changes_nothing(seed_built, tmp_path: Path) -> None:
    store, before = seed_built
    typo = tmp_path / "seeds" / "documnets"
    result = CliRunner().invoke(cli, ["build", str(typo), "--store", str(store), "-q"])
    assert result.exit_code == 1
    assert f"{typo}: no such file or folder; nothing was changed" in result.output
    assert "Traceback" not in result.output
    assert _export(store) == before
    # one missing path among good ones refuses too: the good ones alone would drop documents
    result = CliRunner().invoke(
        cli, ["build", str(ROOT / "seeds" / "documents"), str(typo), "--store", str(store)]
    )
    assert result.exit_code == 1 and "nothing was changed" in result.output
    assert _export(store) == before


def test_finding_no_documents_refuses_unless_allowed(seed_built, tmp_path: Path) -> None:
    store, before = seed_built
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.csv").write_text("not a document\n")
    result = CliRunner().invoke(cli, ["build", str(empty), "--store", str(store), "-q"])
    assert result.exit_code == 1
    assert "no documents found" in result.output and "--allow-empty" in result.output
    assert _export(store) == before
    result = CliRunner().invoke(cli, ["build", str(empty), "--store", str(store), "-q", "--allow-empty"])
    assert result.exit_code == 0, result.output
    assert "documents: 0 (0 extracted, 0 cached, 8 removed)" in result.output
    # an empty folder on an empty store is no harm: nothing to refuse
    fresh = CliRunner().invoke(cli, ["build", str(empty), "--store", str(tmp_path / "fresh"), "-q"])
    assert fresh.exit_code == 0, fresh.output


# ---------------------------------------------------------------- workers die with their build


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process tables from /proc")
def test_workers_die_with_a_killed_build_and_the_next_build_runs(tmp_path: Path) -> None:
    docs = _corpus(tmp_path / "docs", 400)
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "kg", "build", str(docs), "--store", str(store), "-q", "-j", "2"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            workers = _children(proc.pid)
        assert len(workers) >= 2, "the build never started its workers"
        time.sleep(0.5)
        os.kill(proc.pid, signal.SIGKILL)  # the build only: its workers are not signalled
        proc.wait()
        deadline = time.monotonic() + 10
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(map(_alive, workers)), "worker processes outlived their build"
        again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
        assert "documents: 400" in again.stdout
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


LEFTOVER = """
import fcntl, os, sys, time
handle = open(sys.argv[1], "a+")
fcntl.flock(handle, fcntl.LOCK_EX)
handle.seek(0); handle.truncate(); handle.write(str(os.getpid())); handle.flush()
if os.fork() == 0:  # a worker that outlives its build and keeps the lock open
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    time.sleep(600)
    os._exit(0)
print("locked", flush=True)
os._exit(0)  # the build dies without unlocking
"""


def test_a_lock_left_by_a_dead_build_is_taken_over(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    leftover = subprocess.run(
        [sys.executable, "-c", LEFTOVER, str(store / "lock")], capture_output=True, text=True, timeout=30
    )
    assert leftover.stdout.strip() == "locked"
    dead = int((store / "lock").read_text())
    orphans = [p for p in Path("/proc").glob("[0-9]*") if p.name.isdigit() and _holds(p, store / "lock")]
    assert orphans, "the leftover worker should hold the lock"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kg", "build", "--store", str(store), "-q", "--wait"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert f"took over the lock of a build (pid {dead}) that is no longer running" in result.stderr
        assert "documents: 8" in result.stdout
        assert not any(_alive(int(p.name)) for p in orphans)
    finally:
        for p in orphans:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(p.name), signal.SIGKILL)


def _holds(proc: Path, file: Path) -> bool:
    try:
        return any(os.path.realpath(fd) == str(file.resolve()) for fd in (proc / "fd").iterdir())
    except OSError:
        return False


# ---------------------------------------------------------------- special files


def test_fifo_and_device_links_are_skipped_with_one_line_each(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(GOOD)
    os.mkfifo(docs / "pipe.txt")  # nobody ever writes to it: reading it would block for ever
    os.symlink("/dev/zero", docs / "x.txt")  # reading it would never end
    os.symlink("/dev/urandom", docs / "noise.md")
    store = tmp_path / "store"
    run = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(docs), "--store", str(store), "-q", "-j", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert sorted(errors) == sorted(
        f"error: {docs / name}: not a regular file (device, pipe or socket)"
        for name in ("pipe.txt", "x.txt", "noise.md")
    )
    assert "Traceback" not in run.stderr
    assert "documents: 1 (1 extracted" in run.stdout and "failures: 3" in run.stdout


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    from kg import build as build_module

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(GOOD)
    with (docs / "huge.txt").open("wb") as handle:  # sparse: large on paper, nothing on disk
        handle.truncate(3_000_000)
    monkeypatch.setattr(build_module, "MAX_FILE_BYTES", 2_000_000)
    monkeypatch.setattr(Path, "read_bytes", _no_whole_reads(Path.read_bytes, docs / "huge.txt"))
    report = build_module.build(tmp_path / "store", [docs], jobs=1)
    assert [str(f) for f in report.failures] == [f"{docs / 'huge.txt'}: too large (3 MB; the limit is 2 MB)"]
    assert report.documents == 1


def _no_whole_reads(original, forbidden: Path):  # type: ignore[no-untyped-def]
    def read_bytes(self: Path) -> bytes:
        assert self != forbidden, f"{self} was read whole"
        return original(self)

    return read_bytes


# ---------------------------------------------------------------- reading during a build

READER_LOOP = """
import sys, time, collections
from click.testing import CliRunner
from kg.cli import cli
outcomes = collections.Counter()
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    for args in (["stats"], ["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"]):
        result = CliRunner().invoke(cli, [*args, "--store", sys.argv[1]])
        if result.exit_code == 0:
            outcomes["ok"] += 1
        elif result.exception is None or isinstance(result.exception, SystemExit):
            outcomes["error: " + result.output.strip().splitlines()[-1]] += 1
        else:
            outcomes["traceback: " + repr(result.exception)[:200]] += 1
for outcome, n in sorted(outcomes.items()):
    print(n, outcome)
"""


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "transactional"])
def test_readers_during_a_build_see_a_store_or_a_clear_line(tmp_path: Path, bulk: bool) -> None:
    docs = _corpus(tmp_path / "docs", 600 if bulk else 190)
    store = tmp_path / "store"
    seeds = [
        sys.executable,
        "-m",
        "kg",
        "build",
        str(ROOT / "seeds" / "documents"),
        "--store",
        str(store),
        "-q",
    ]
    subprocess.run(seeds, cwd=ROOT, check=True, capture_output=True)
    code = (
        "import sys; from pathlib import Path; from kg.build import build; "
        "r = build(Path(sys.argv[1]), [Path(sys.argv[2])], jobs=1, bulk=sys.argv[3] == '1'); "
        "print('built', r.documents)"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", code, str(store), str(docs), "1" if bulk else "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        readers = subprocess.run(
            [sys.executable, "-c", READER_LOOP, str(store), "25"], cwd=ROOT, capture_output=True, text=True
        )
        assert writer.wait(timeout=300) == 0
    finally:
        writer.kill()
    assert (writer.stdout.read() if writer.stdout else "").strip() == f"built {600 if bulk else 190}"
    lines = readers.stdout.splitlines()
    assert readers.returncode == 0, readers.stderr
    assert any(line.endswith(" ok") for line in lines), lines
    for line in lines:  # every read either worked or said plainly that a build is under way
        outcome = line.split(" ", 1)[1]
        assert (
            outcome == "ok"
            or "the store is being rebuilt by a kg build" in outcome
            or "the store was rebuilt by a kg build while it was read" in outcome
        ), lines


# ---------------------------------------------------------------- a full disk


def _can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount") is not None


@pytest.mark.skipif(not _can_mount(), reason="mounts a small tmpfs, which needs root on Linux")
def test_a_full_disk_gives_one_line_and_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    docs = _corpus(tmp_path / "docs", 600)
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        store = disk / "store"
        seeds = ["build", str(ROOT / "seeds" / "documents"), "--store", str(store), "-q"]
        assert CliRunner().invoke(cli, seeds).exit_code == 0
        before = _export(store)
        for bulk, some in ((True, [docs]), (False, sorted(docs.glob("*.md"))[:190])):
            run = subprocess.run(
                [sys.executable, "-m", "kg", "build", *map(str, some), "--store", str(store), "-q"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert run.returncode == 1
            assert "Traceback" not in run.stderr
            lines = run.stderr.strip().splitlines()
            assert len(lines) == 1, lines
            assert lines[0].startswith(f"Error: {store}: cannot write the store: the disk is full"), lines
            assert not (store / "oxigraph.building").exists()
            if bulk:
                assert "the store is as it was before this build" in lines[0]
                assert _export(store) == before
            else:  # each document is its own transaction: the store holds whole documents only
                assert "documents written before it are kept" in lines[0]
                check = subprocess.run(
                    [sys.executable, "-m", "kg", "validate", "--store", str(store)],
                    cwd=ROOT,
                    capture_output=True,
                )
                assert check.returncode == 0, check.stdout
    finally:
        subprocess.run(["umount", str(disk)], check=True)


class _FillsUp:
    """A staging database whose disk fills after the first bulk load."""

    def __init__(self, real) -> None:  # type: ignore[no-untyped-def]
        self.real, self.loads = real, 0

    def bulk_load(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.loads += 1
        if self.loads > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.real.bulk_load(*args, **kwargs)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.real, name)


def test_a_disk_filling_during_a_bulk_build_removes_the_partial_database(tmp_path: Path, monkeypatch) -> None:
    from kg import build as build_module
    from kg import store as store_module

    store = tmp_path / "store"
    assert build_module.build(store, [ROOT / "seeds" / "documents"], jobs=1).ok
    before = _export(store)
    real = store_module.open_staging
    monkeypatch.setattr(store_module, "open_staging", lambda path: _FillsUp(real(path)))
    monkeypatch.setattr(build_module._BulkLoader, "BATCH", 10_000)
    with pytest.raises(store_module.StoreError) as raised:
        build_module.build(store, [ROOT / "seeds" / "documents"], jobs=1, bulk=True)
    assert str(raised.value) == (
        f"{store}: cannot write the store: the disk is full (no space left on device); the partial rebuild "
        "was removed and the store is as it was before this build; free some space and build again"
    )
    assert not (store / "oxigraph.building").exists()
    assert _export(store) == before


# ---------------------------------------------------------------- pathological documents

BOUNDED_BUILD = """
import json, resource, sys
from pathlib import Path
from kg.build import build
report = build(Path(sys.argv[1]), [Path(sys.argv[2])], jobs=1)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"warnings": report.warnings, "failures": [str(f) for f in report.failures],
                  "documents": report.documents, "relations": report.relations,
                  "comentions": report.comentions, "peak_mb": peak / 1024}))
"""


def test_a_document_repeating_one_name_is_bounded_and_reported_truncated(tmp_path: Path) -> None:
    import json

    from kg.extract import MAX_CHARS, MAX_RUN

    docs = tmp_path / "docs"
    docs.mkdir()
    name = "Barts Health NHS Trust "
    one_name = name * (21_000_000 // len(name))
    (docs / "one-name.txt").write_text(one_name)  # 21 MB, no sentence end
    (docs / "good.txt").write_text(GOOD)
    run = subprocess.run(
        [sys.executable, "-c", BOUNDED_BUILD, str(tmp_path / "store"), str(docs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,  # before the bounds: many minutes and over 10 GB
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["failures"] == [] and out["documents"] == 2
    assert out["warnings"] == [
        f"{docs / 'one-name.txt'}: truncated: only the first {MAX_CHARS:,} of {len(one_name.strip()):,} characters read; "
        f"1 run(s) of text with no sentence end cut to {MAX_RUN:,} characters",
    ]
    assert out["peak_mb"] < 1500, out


def test_a_document_dense_with_relations_keeps_the_first_ones(register, monkeypatch) -> None:
    from kg import extract
    from kg.records import Text

    monkeypatch.setattr(extract, "MAX_RELATIONS", 40)  # the real cap is 20,000: minutes of parsing
    content = "Barts Health NHS Trust is working with NHS England. " * 120
    result = extract.extract_document(
        Text("0" * 40, "dense.txt", content, "text/plain"), extract.gazetteer_for(register)
    )
    full = len([s for s in content.split(". ") if s])
    assert len(result.relations) == 40
    assert [r.start for r in result.relations] == sorted(r.start for r in result.relations)
    assert result.truncated[0].endswith("relation(s) over 40 per document left out")
    assert int(result.truncated[0].split()[0].replace(",", "")) >= full - 40


def test_ordinary_documents_are_read_whole(register) -> None:
    from kg.extract import extract_document, gazetteer_for
    from kg.readers import read_document

    for path in sorted((ROOT / "seeds" / "documents").glob("*.md")):
        text = read_document(path)
        result = extract_document(text, gazetteer_for(register))
        assert result.truncated == () and result.text == text


def test_relation_caps_keep_the_first_in_document_order() -> None:
    from kg.extract import MAX_COMENTIONS_PER_SENTENCE, MAX_RELATIONS, _bound_relations
    from kg.records import Relation

    def rel(i: int, sentence: int, asserted: bool) -> Relation:
        return Relation(
            subject=f"urn:x:{i}",
            predicate="partnerOf" if asserted else "coMentionedWith",
            object=f"urn:y:{i}",
            doc_id="0" * 40,
            quote="q",
            start=sentence * 10,
            end=sentence * 10 + 5,
            rule="r",
            confidence=0.5,
            asserted=asserted,
        )

    crowded = [rel(i, 0, asserted=i % 50 == 0) for i in range(300)]
    notes: list[str] = []
    kept = _bound_relations(crowded, notes)
    co_seen = 0
    expected = []
    for r in crowded:  # asserted ones all kept, co-mentions up to the cap, document order kept
        if not r.asserted:
            co_seen += 1
            if co_seen > MAX_COMENTIONS_PER_SENTENCE:
                continue
        expected.append(r)
    assert kept == expected
    assert notes == [f"194 co-mention(s) over {MAX_COMENTIONS_PER_SENTENCE} per sentence left out"]
    many = [rel(i, i, asserted=True) for i in range(MAX_RELATIONS + 7)]
    notes = []
    assert _bound_relations(many, notes) == many[:MAX_RELATIONS]
    assert notes == [f"7 relation(s) over {MAX_RELATIONS:,} per document left out"]
