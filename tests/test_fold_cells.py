"""Chapters open in JupyterLab on their story: solutions and setup cells folded (issue 22).

``scripts/fold_cells.py`` rewrites the chapters in a canonical form (``_ext/kunshan_cells.py``);
these tests fail while any chapter differs from it, so a chapter edited or merged without
re-running the script is caught. Run ``python scripts/fold_cells.py`` to fix.
"""

from __future__ import annotations

import subprocess
import sys

import jupytext
import kunshan_cells
import pytest
from conftest import ROOT

from helpers import pages

pytestmark = pytest.mark.fast

CHAPTERS = [p for p in pages.toc_sources(ROOT) if "kernelspec:" in p.read_text(encoding="utf-8")]

SAMPLE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A title

```{code-cell} ipython3
:tags: [remove-input, remove-output]
x = 2
```

Story.

```{exercise}
:label: s-ex-1

Compute x.
```

```{solution-start} s-ex-1
:class: dropdown
```

```{code-cell} ipython3
print(x * 21)
```

It is forty-two.

```{solution-end}
```

```{exercise}
:label: s-ex-2

Discuss.
```

```{solution} s-ex-2
:class: dropdown

A discussion.
```
"""


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_is_folded_run_scripts_fold_cells(path):
    text = path.read_text(encoding="utf-8")
    assert kunshan_cells.canonical_text(text) == text, (
        f"{path.name} is not in folded form: run `python scripts/fold_cells.py`")


def test_folding_puts_each_solution_in_collapsed_cells_and_leaves_the_story_open():
    nb = jupytext.reads(kunshan_cells.canonical_text(SAMPLE), fmt="md:myst")
    seen = [(c.cell_type, c.metadata.get("jupyter", {}), c.source.splitlines()[0])
            for c in nb.cells]
    folded = {"source_hidden": True}
    both = {"source_hidden": True, "outputs_hidden": True}
    assert seen == [
        ("markdown", {}, "# A title"),
        ("code", folded, kunshan_cells.SETUP_LABEL),
        ("markdown", {}, "Story."),
        ("markdown", folded, kunshan_cells.SOLUTION_TEXT_LABEL),  # the solution-start
        ("code", both, kunshan_cells.SOLUTION_CODE_LABEL),
        ("markdown", folded, kunshan_cells.SOLUTION_TEXT_LABEL),  # text + solution-end
        ("markdown", {}, "```{exercise}"),
        ("markdown", folded, kunshan_cells.SOLUTION_TEXT_LABEL),  # the {solution} block
    ]
    # the exercise above the first solution stays in the visible "Story." cell
    assert "Compute x." in nb.cells[2].source and "{solution" not in nb.cells[2].source


def test_folding_is_idempotent_and_changes_nothing_else():
    once = kunshan_cells.canonical_text(SAMPLE)
    assert once != SAMPLE
    assert kunshan_cells.canonical_text(once) == once
    before = jupytext.reads(SAMPLE, fmt="md:myst")
    after = jupytext.reads(once, fmt="md:myst")
    strip = lambda s: "\n".join(ln for ln in s.splitlines()  # noqa: E731
                                if ln not in kunshan_cells.LABELS and ln.strip())
    assert strip("\n".join(c.source for c in before.cells)) == strip(
        "\n".join(c.source for c in after.cells))
    assert once.startswith(SAMPLE.split("# A title")[0])  # the header as written


def test_unfolded_writer_reproduces_every_chapter_byte_for_byte():
    """The canonical writer changes only what folding changes (no reformatting)."""
    for path in CHAPTERS:
        text = path.read_text(encoding="utf-8")
        assert kunshan_cells.write_myst(kunshan_cells.read(text),
                                        kunshan_cells.split_header(text)) == text, path.name


@pytest.mark.parametrize("path", CHAPTERS[:3] + CHAPTERS[-4:], ids=lambda p: p.stem)
def test_a_jupyterlab_save_keeps_the_fold_metadata(path):
    """JupyterLab saves through Jupytext: the collapsed metadata survives a round trip."""
    nb = jupytext.read(path)
    again = jupytext.reads(jupytext.writes(nb, fmt="md:myst"), fmt="md:myst")
    assert [(c.cell_type, c.metadata, c.source) for c in again.cells] == [
        (c.cell_type, c.metadata, c.source) for c in nb.cells]
    # and the folded form of that saved file is the chapter again, cell for cell
    refolded = kunshan_cells.read(kunshan_cells.canonical_text(jupytext.writes(nb, fmt="md:myst")))
    assert [c.source for c in refolded.cells] == [c.source for c in nb.cells]


def test_every_chapter_has_its_setup_and_solutions_folded():
    folded_solutions = 0
    for path in CHAPTERS:
        nb = jupytext.read(path)
        for cell, role in kunshan_cells.classify(nb.cells):
            hidden = cell.metadata.get("jupyter", {})
            if role in ("setup", "solution"):
                assert hidden.get("source_hidden") is True, (path.name, cell.source[:60])
            if role == "solution" and cell.cell_type == "code":
                assert hidden.get("outputs_hidden") is True, (path.name, cell.source[:60])
            folded_solutions += role == "solution"
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert folded_solutions >= 60


def test_fold_script_check_mode_reports_an_unfolded_chapter(tmp_path):
    chapter = tmp_path / "ch.md"
    chapter.write_text(SAMPLE, encoding="utf-8")
    script = [sys.executable, str(ROOT / "scripts" / "fold_cells.py")]
    proc = subprocess.run([*script, "--check", str(chapter)], capture_output=True, text=True)
    assert proc.returncode == 1 and "not folded" in proc.stdout
    assert chapter.read_text(encoding="utf-8") == SAMPLE
    subprocess.run([*script, str(chapter)], check=True, capture_output=True)
    proc = subprocess.run([*script, "--check", str(chapter)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
