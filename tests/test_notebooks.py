"""Every chapter executes top to bottom in a fresh kernel (jupytext + nbclient)."""

from __future__ import annotations

import jupytext
import pytest
from conftest import ROOT
from nbclient import NotebookClient
from test_build import toc_files

NOTEBOOKS = [
    f for f in toc_files() if "kernelspec" in (ROOT / f"{f}.md").read_text(encoding="utf-8")
]


def test_every_chapter_is_a_myst_notebook():
    assert len(NOTEBOOKS) == len(toc_files())


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_chapter_executes_top_to_bottom(name):
    path = ROOT / f"{name}.md"
    notebook = jupytext.read(path)
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [
        out for cell in notebook.cells for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert errors == []
