"""The examples in kg's docstrings, run against the kg that is imported.

They ran before through ``--doctest-modules`` on the checkout's ``kg/`` folder, which in CI
would test the sources rather than the installed package; here every module of the imported
``kg`` is found with ``pkgutil`` and its examples run with ``doctest`` (NORMALIZE_WHITESPACE,
as before).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kg

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(kg.__path__, "kg.") if m.name.rsplit(".", 1)[-1] != "__main__"
)


def test_modules_are_found() -> None:
    assert {"kg.cli", "kg.paths", "kg.seeds", "kg.network.centrality"} <= set(MODULES)


@pytest.mark.parametrize("name", ["kg", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module, name):
        if test.examples:
            runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
