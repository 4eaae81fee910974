"""The import contract: kg's modules import only from their own layer of the pipeline or from
the layers before it, and no module imports itself through others (no import cycle).

:data:`PIPELINE` is the one place that says which layer each module belongs to. It lists the
layers in pipeline order, first to last; a module may import from any layer above it in this
list, never from one below. A name ending in ``.*`` is a package and everything in it; any
other name is one module. A new module fails :func:`test_every_module_has_a_layer` until it is
given a layer here. Every import counts: at the top of a module, inside a function, or under
``TYPE_CHECKING``. There are no exceptions.

Run it alone with ``python -m pytest tests/test_layers.py`` (pre-commit does).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import pytest

import kg

PIPELINE: list[tuple[str, tuple[str, ...]]] = [
    # below the pipeline: what every stage reads (paths, namespaces, identifiers, RDF terms,
    # record types, registries, the ontology and the register)
    (
        "base",
        (
            "kg",
            "kg.atomic",
            "kg.paths",
            "kg.namespaces",
            "kg.ids",
            "kg.terms",
            "kg.records",
            "kg.registry",
            "kg.ontology",
            "kg.seeds",
        ),
    ),
    ("readers", ("kg.readers.*", "kg.discover")),  # files -> Text
    ("extractors", ("kg.extractors.*", "kg.extract", "kg.evaluate")),  # Text -> mentions, relations
    ("resolve", ("kg.review",)),  # which actors are the same body
    ("triples", ("kg.triples", "kg.golden")),  # records -> RDF
    ("store", ("kg.store", "kg.worker", "kg.runner", "kg.build")),  # RDF -> the store on disk
    (
        "sparql / network / exporters / viewer",  # reading the store
        ("kg.sparql", "kg.stats", "kg.network.*", "kg.exporters.*", "kg.viewer.*", "kg.push"),
    ),
    ("server", ("kg.server.*",)),
    ("commands", ("kg.commands.*",)),
    ("cli", ("kg.cli", "kg.__main__")),
]

PACKAGE = Path(kg.__file__).resolve().parent


# ---------------------------------------------------------------- reading the imports


def modules(root: Path, package: str = "kg") -> dict[str, Path]:
    """Dotted module name -> source file, for every ``.py`` file of the package at ``root``."""
    out: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = [package, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, known: Iterable[str]) -> list[tuple[str, int]]:
    """The package's modules that module ``name`` imports, with the line of each import.

    ``from a.b import c`` counts as an import of ``a.b.c`` when that is a module, else of
    ``a.b``; relative imports are resolved against the module's package.
    """
    known = set(known)
    root = next(iter(known)).split(".")[0] if known else "kg"
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        for target in targets:
            if target != root and not target.startswith(root + "."):
                continue
            while target and target not in known:  # a name inside a module: the module
                target = target.rpartition(".")[0]
            if target and target != name and (target, node.lineno) not in found:
                found.append((target, node.lineno))
    return found


def layer_of(name: str, pipeline: list[tuple[str, tuple[str, ...]]] = PIPELINE) -> int | None:
    """The index in ``pipeline`` of the layer that lists module ``name`` (None: not listed)."""
    for index, (_, members) in enumerate(pipeline):
        for member in members:
            if name == member.removesuffix(".*") or (
                member.endswith(".*") and name.startswith(member.removesuffix("*"))
            ):
                return index
    return None


def upward_imports(
    found: dict[str, Path], pipeline: list[tuple[str, tuple[str, ...]]] = PIPELINE
) -> list[str]:
    """One line per import of a module from a later layer than the importer's."""
    out = []
    for name, path in found.items():
        mine = layer_of(name, pipeline)
        if mine is None:
            continue
        for target, line in imports(name, path, found):
            theirs = layer_of(target, pipeline)
            if theirs is not None and theirs > mine:
                out.append(
                    f"{path.name}:{line}: {name} ({pipeline[mine][0]}) imports {target} "
                    f"({pipeline[theirs][0]}), a later layer"
                )
    return out


def import_cycles(found: dict[str, Path]) -> list[list[str]]:
    """One cycle (a list of modules, each importing the next, the last the first) per group of
    modules that import each other."""
    graph = nx.DiGraph()
    graph.add_nodes_from(found)
    for name, path in found.items():
        graph.add_edges_from((name, target) for target, _ in imports(name, path, found))
    cycles = []
    for group in sorted(nx.strongly_connected_components(graph), key=min):
        if len(group) > 1:
            cycle = nx.find_cycle(graph.subgraph(group), source=min(group))
            cycles.append([u for u, _ in cycle])
    return cycles


# ---------------------------------------------------------------- the contract on kg


def test_every_module_has_a_layer() -> None:
    found = modules(PACKAGE)
    missing = sorted(name for name in found if layer_of(name) is None)
    assert not missing, f"give these modules a layer in PIPELINE (tests/test_layers.py): {missing}"


def test_every_layer_entry_names_a_module() -> None:
    found = modules(PACKAGE)
    for layer, members in PIPELINE:
        for member in members:
            assert any(layer_of(name, [(layer, (member,))]) == 0 for name in found), (
                f"{member} ({layer}) is no module of kg any more: update PIPELINE"
            )


def test_no_module_imports_from_a_later_layer() -> None:
    bad = upward_imports(modules(PACKAGE))
    assert not bad, "imports that point up the pipeline:\n" + "\n".join(bad)


def test_no_import_cycles() -> None:
    cycles = import_cycles(modules(PACKAGE))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join([*c, c[0]]) for c in cycles)


# ---------------------------------------------------------------- the checks catch what they should


@pytest.fixture()
def toy(tmp_path: Path) -> Path:
    """A small package: ``low`` and ``high`` layers, a subpackage, relative and deferred imports."""
    root = tmp_path / "toy"
    (root / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "base.py": "X = 1\n",
        "sub/__init__.py": "from .inner import Y\n",
        "sub/inner.py": "from toy.base import X\nY = X\n",
        "top.py": "from toy import sub\n",
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


TOY_PIPELINE = [("low", ("toy", "toy.base", "toy.sub.*")), ("high", ("toy.top",))]


def test_the_checks_pass_a_clean_package(toy: Path) -> None:
    found = modules(toy, "toy")
    assert sorted(found) == ["toy", "toy.base", "toy.sub", "toy.sub.inner", "toy.top"]
    assert imports("toy.sub", found["toy.sub"], found) == [("toy.sub.inner", 1)]
    assert imports("toy.top", found["toy.top"], found) == [("toy.sub", 1)]
    assert upward_imports(found, TOY_PIPELINE) == [] and import_cycles(found) == []


def test_a_deferred_upward_import_is_caught(toy: Path) -> None:
    (toy / "sub" / "inner.py").write_text("def f():\n    from toy.top import Z\n    return Z\n")
    bad = upward_imports(modules(toy, "toy"), TOY_PIPELINE)
    assert bad == ["inner.py:2: toy.sub.inner (low) imports toy.top (high), a later layer"]


def test_a_cycle_through_a_relative_import_is_caught(toy: Path) -> None:
    (toy / "base.py").write_text("def f():\n    from .sub import inner\n    return inner\n")
    assert import_cycles(modules(toy, "toy")) == [["toy.base", "toy.sub.inner"]]
