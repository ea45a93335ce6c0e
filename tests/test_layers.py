"""Imports go one way (issue 23, item 3; README "What is where").

* ``helpers.metrics`` imports nothing of the book's but itself (pure indicators);
* ``helpers.data`` imports nothing of the book's but itself;
* ``helpers.charts`` never imports ``helpers.data``: builders take frames, and analysis
  modules (``helpers.emerging_analysis``, ``helpers.io_analysis``, ...) read the data;
* ``helpers.widgets`` is the only module that imports ipywidgets (chapters included).

Imports inside functions count as much as those at the top of a module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.fast

HELPERS = ROOT / "src" / "helpers"
def module_name(path: Path) -> str:
    parts = path.relative_to(HELPERS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports (``from helpers import data`` gives ``helpers.data``)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def book_imports(path: Path, *, outside: str) -> list[str]:
    """The ``helpers`` modules ``path`` imports that are not in the package ``outside``."""
    return sorted(m for m in imported(path) if _is_module(m)
                  and m.split(".")[:2] != outside.split(".")[:2])


def _is_module(name: str) -> bool:
    """Whether ``name`` is one of the book's modules (not a name imported from one)."""
    if not name.startswith("helpers."):
        return False
    path = HELPERS.parent / Path(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def modules(package: str) -> list[Path]:
    return sorted((HELPERS / package).rglob("*.py"))


@pytest.mark.parametrize("path", modules("metrics"), ids=lambda p: p.name)
def test_metrics_import_nothing_of_the_books_but_metrics(path):
    assert book_imports(path, outside="helpers.metrics") == [], (
        f"{module_name(path)} must stay pure: no data, charts, widgets or analysis imports")


@pytest.mark.parametrize("path", modules("data"), ids=lambda p: p.name)
def test_data_imports_nothing_of_the_books_but_data(path):
    # helpers.i18n (the language labels are written in) is a leaf every layer may use
    assert [m for m in book_imports(path, outside="helpers.data")
            if not m.startswith("helpers.i18n")] == []


@pytest.mark.parametrize("path", modules("i18n"), ids=lambda p: p.name)
def test_the_language_module_is_a_leaf(path):
    assert book_imports(path, outside="helpers.i18n") == [], (
        "helpers.i18n is used by data, charts, tables and chapters alike: it imports none "
        "of them")


@pytest.mark.parametrize("path", modules("charts"), ids=lambda p: p.name)
def test_charts_never_import_data(path):
    name = module_name(path)
    reads = sorted(m for m in imported(path) if m == "helpers.data"
                   or m.startswith("helpers.data."))
    assert reads == [], (f"{name} imports {reads}: charts take frames (the stage table "
                         "included: pass data.stages()); load and compute in an analysis "
                         "module (e.g. helpers.emerging_analysis) or the chapter")


def _module_path(name: str) -> Path:
    path = HELPERS.parent / Path(*name.split("."))
    return path / "__init__.py" if (path / "__init__.py").exists() else path.with_suffix(".py")


def test_charts_do_not_reach_data_through_another_module():
    """No exception: nor through an analysis module that reads data, nor through widgets."""
    found = {}
    for path in modules("charts"):
        for other in book_imports(path, outside="helpers.charts"):
            reads = sorted(m for m in imported(_module_path(other))
                           if m.split(".")[:2] == ["helpers", "data"])
            if other.split(".")[:2] == ["helpers", "widgets"] or reads:
                found.setdefault(module_name(path), []).append(other)
    assert found == {}, f"charts import modules that read data or build widgets: {found}"


def test_only_widgets_imports_ipywidgets():
    users = [module_name(p) for p in sorted(HELPERS.rglob("*.py"))
             if any(m.split(".")[0] == "ipywidgets" for m in imported(p))]
    assert users == ["helpers.widgets"]
    code = re.compile(r"^\s*(?:import|from)\s+ipywidgets\b", re.M)
    chapters = [p.name for p in sorted((ROOT / "book").glob("*.md"))
                if code.search(p.read_text(encoding="utf-8"))]
    assert chapters == [], "chapters build live controls through helpers.widgets"


def test_import_finder_sees_function_level_relative_and_from_imports(tmp_path, monkeypatch):
    fake = tmp_path / "helpers"
    (fake / "charts").mkdir(parents=True)
    (fake / "data").mkdir()
    for init in (fake / "__init__.py", fake / "charts" / "__init__.py",
                 fake / "data" / "__init__.py"):
        init.write_text("")
    probe = fake / "charts" / "probe.py"
    probe.write_text("import altair\n\ndef f():\n    from helpers import data\n"
                     "    from ..data import load\n    import ipywidgets as w\n")
    monkeypatch.setattr(__import__(__name__), "HELPERS", fake)
    found = imported(probe)
    assert {"helpers.data", "helpers.data.load", "ipywidgets", "altair"} <= found
    assert book_imports(probe, outside="helpers.charts") == ["helpers.data"]


def test_the_chart_contract_needs_only_the_standard_library():
    """Both the kernel and the site build import it; myst-nb loads it for every notebook."""
    import sys

    path = HELPERS / "chart_contract.py"
    third_party = {m.split(".")[0] for m in imported(path)} - set(sys.stdlib_module_names)
    assert third_party <= {"__future__", "docutils"}, (
        f"helpers.chart_contract imports {sorted(third_party)}: keep it standard library "
        "(docutils only inside the myst-nb plugin)")


def test_reaching_data_through_an_analysis_module_is_caught(tmp_path, monkeypatch):
    fake = tmp_path / "helpers"
    for package in ("", "charts", "data"):
        (fake / package).mkdir(parents=True, exist_ok=True)
        (fake / package / "__init__.py").write_text("")
    (fake / "analysis.py").write_text("from helpers import data\n")
    (fake / "contract.py").write_text("import json\n")
    (fake / "charts" / "probe.py").write_text(
        "from helpers import contract\n\ndef f():\n    from helpers import analysis\n")
    monkeypatch.setattr(__import__(__name__), "HELPERS", fake)
    with pytest.raises(AssertionError, match="'helpers.charts.probe': \\['helpers.analysis'\\]"):
        test_charts_do_not_reach_data_through_another_module()
