"""Every example in a helpers docstring runs and prints what it shows (part of `make test`).

The runner collects the modules of the installed-or-on-path ``helpers`` package, so the
examples in the docstrings of ``helpers.metrics`` (and everything else) are tests.
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil

import pytest

import helpers

pytestmark = pytest.mark.fast

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(helpers.__path__, prefix="helpers.")
)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def run_examples(name: str) -> tuple[doctest.TestResults, str]:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = io.StringIO()
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test, out=report.write)
    return runner.summarize(verbose=False), report.getvalue()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_pass(name):
    results, report = run_examples(name)
    assert results.failed == 0, report


@pytest.mark.parametrize(
    "name",
    [
        "helpers.metrics.complexity",
        "helpers.metrics.concentration",
        "helpers.metrics.panel",
        "helpers.metrics.relatedness",
        "helpers.metrics.reshape",
        "helpers.metrics.specialisation",
        "helpers.metrics.variety",
    ],
)
def test_every_metrics_module_has_examples(name):
    # the runner above must find something to run, or it would pass on nothing
    assert name in MODULES
    results, _ = run_examples(name)
    assert results.attempted > 0
