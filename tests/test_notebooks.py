"""Every chapter executes top to bottom in a fresh kernel, once per test session.

The strict build executes each chapter (myst-nb's inline mode: a fresh kernel per page, and
``nb_execution_raise_on_error`` fails the build on a cell error) and writes the executed
notebook to ``_build/jupyter_execute/``. These tests read those notebooks instead of
executing every chapter a second time.
"""

from __future__ import annotations

import jupytext
import nbformat
import pytest
from conftest import ROOT
from nbclient import NotebookClient
from test_build import toc_files

from helpers import selfcheck

pytestmark = pytest.mark.slow

NOTEBOOKS = [
    f for f in toc_files() if "kernelspec" in (ROOT / f"{f}.md").read_text(encoding="utf-8")
]


def test_every_chapter_is_a_myst_notebook():
    assert len(NOTEBOOKS) == len(toc_files())


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_chapter_executes_top_to_bottom(built_book, name):
    assert built_book.returncode == 0, built_book.log[-4000:]
    path = built_book.executed / f"{name}.ipynb"
    assert path.exists(), f"the build wrote no executed notebook {path}"
    notebook = nbformat.read(path, as_version=4)
    source = jupytext.read(ROOT / f"{name}.md")
    # the executed notebook is this chapter as it is now (a reused build may be older)
    assert [c.source for c in notebook.cells] == [c.source for c in source.cells], (
        f"{path} is not the current {name}.md: rebuild (or unset KUNSHAN_SITE)")
    code = [c for c in notebook.cells if c.cell_type == "code"]
    counts = [c.get("execution_count") for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{name}: not every cell ran, in order"
    errors = [
        out for cell in code for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert errors == []


CHECKED = sorted({c.chapter for c in selfcheck.CHECKS.values()})


@pytest.mark.parametrize("chapter", CHECKED)
def test_self_checks_judge_the_chapters_own_solutions_right(chapter):
    """The expected answers (helpers.selfcheck) and the solutions stay in step (issue 22).

    Only the chapters that have self-checks run again here, with one cell per check appended
    that judges the solution's own value.
    """
    [name] = [n for n in NOTEBOOKS if n.split("/")[-1] == chapter]
    path = ROOT / f"{name}.md"
    notebook = jupytext.read(path)
    checks = [c for c in selfcheck.CHECKS.values() if c.chapter == chapter]
    for item in checks:
        notebook.cells.append(nbformat.v4.new_code_cell(
            "from helpers.selfcheck import verdict as _verdict\n"
            f"print({item.label!r}, _verdict({item.label!r}, {item.solution}))"
        ))
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [
        out for cell in notebook.cells for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert errors == []
    judged = [out.get("text", "").strip() for cell in notebook.cells[-len(checks):]
              for out in cell.get("outputs", [])]
    assert judged == [f"{item.label} right" for item in checks]
