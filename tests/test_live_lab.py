"""The live edition: every numbered chapter in a real JupyterLab, as Binder serves it.

One JupyterLab server per test session (private HOME and config, ``postBuild`` applied as
Binder applies it); each numbered chapter is opened with the Jupytext viewer and run with
*Run All* in headless Chromium. See ``tests/livelab.py`` for what is inspected.
Screenshots are kept in ``_build/live-lab/``.
"""

from __future__ import annotations

import os
import re

import livelab
import pytest
import yaml
from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def numbered_chapters(toc_file: str = "_toc.yml") -> list[str]:
    """Chapters in the numbered parts of a table of contents (English: chapters and toolkit)."""
    toc = yaml.safe_load((ROOT / toc_file).read_text(encoding="utf-8"))
    return [c["file"] for part in toc["parts"] if part.get("numbered") for c in part["chapters"]]


def all_chapters() -> list[str]:
    """The English numbered chapters, then the Chinese edition's (issue 24)."""
    return numbered_chapters() + numbered_chapters("_toc_zh.yml")


# KUNSHAN_LAB_CHAPTERS="book/ch04_origins book/ch05_specialisation" narrows a local run.
CHAPTERS = os.environ.get("KUNSHAN_LAB_CHAPTERS", "").split() or all_chapters()


@pytest.fixture(scope="session")
def lab_reports(tmp_path_factory) -> dict[str, livelab.LabChapter]:
    work = tmp_path_factory.mktemp("live-lab")
    served = livelab.copy_book(ROOT, work / "served")
    with livelab.jupyterlab(ROOT, served, work) as base:
        reports = livelab.check_chapters(base, CHAPTERS, ROOT / "_build" / "live-lab")
    return {r.name: r for r in reports}


def test_numbered_chapters_are_found():
    assert len(numbered_chapters()) >= 8
    assert len(numbered_chapters("_toc_zh.yml")) >= 8
    assert all((ROOT / f"{c}.md").exists() for c in CHAPTERS)


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_runs_all_in_jupyterlab_without_errors(lab_reports, name):
    assert lab_reports[name].errors == []


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_shows_its_charts_in_jupyterlab(lab_reports, name):
    assert lab_reports[name].charts >= 1
    assert lab_reports[name].screenshot.exists()


def test_no_request_leaves_the_jupyter_server(lab_reports):
    assert {n: r.external_requests for n, r in lab_reports.items() if r.external_requests} == {}


def test_no_dropdown_opens_blank(lab_reports):
    assert {n: r.blank_dropdowns for n, r in lab_reports.items() if r.blank_dropdowns} == {}


def test_every_dropdown_redraws_its_chart(lab_reports):
    controls = [(n, label, redrew) for n, r in lab_reports.items() for label, redrew in r.controls]
    if CHAPTERS == all_chapters():
        assert len(controls) >= 5, "expected the live panels' drop-downs to be found"
    assert [(n, label) for n, label, redrew in controls if not redrew] == []


MYST_SOURCE = re.compile(r"\{(glue|glue:text|glue:figure|term|cite:[pt]|numref|eval)\}|:::\{|```\{")
# JupyterLab cannot number the site's figures: an unresolved {numref} shows its label
# ("fig-ch05-hhi"), so chapters refer to figures with {ref} and words instead.
FIGURE_LABEL = re.compile(r"\b(?:fig|tbl)-[a-z0-9]+(?:-[a-z0-9]+)+\b")
# Likewise a {doc} link without words shows the page's file name ("ch03_data_methods").
# (file names with an underscore: "index" or "glossary" are also ordinary words)
PAGE_NAMES = sorted(p.stem for p in (ROOT / "book").glob("*_*.md"))
PAGE_NAME = re.compile(rf"(?<![/.\w])(?:{'|'.join(PAGE_NAMES)})(?![.\w])")
GLUE_KEY = re.compile(r"\{glue(?::text)?\}`([A-Za-z0-9_]+)")


def myst_source_shown(name: str, markdown_text: list[str]) -> list[str]:
    """MyST source, or the key of a glued value, that a reader sees as text."""
    shown = {m.group(0) for t in markdown_text for m in MYST_SOURCE.finditer(t)}
    shown |= {f"label {m.group(0)}" for t in markdown_text for m in FIGURE_LABEL.finditer(t)}
    shown |= {f"page name {m.group(0)}" for t in markdown_text for m in PAGE_NAME.finditer(t)}
    keys = set(GLUE_KEY.findall((ROOT / f"{name}.md").read_text(encoding="utf-8")))
    text = "\n".join(markdown_text)
    shown |= {f"glue key {k}" for k in keys if re.search(rf"\b{re.escape(k)}\b", text)}
    return sorted(shown)


def test_unrendered_myst_is_recognised():
    shown = myst_source_shown("book/ch05_specialisation", [
        "as {numref}`x` shows", "see fig-ch05-hhi", "see ch03_data_methods",
        "the Herfindahl-Hirschman index in book/ch03_data_methods.md", "0.38 in 2009",
    ])
    assert shown == ["label fig-ch05-hhi", "page name ch03_data_methods", "{numref}"]


def test_no_myst_source_is_visible_in_rendered_markdown(lab_reports):
    visible = {n: myst_source_shown(n, r.markdown_text) for n, r in lab_reports.items()}
    assert {n: v for n, v in visible.items() if v} == {}


# ---------------------------------------------------------------------------
# issue 22: a chapter opens on its story; solutions and setup code are folded
# ---------------------------------------------------------------------------
def _solution_and_setup_cells(name):
    import jupytext
    import kunshan_cells

    nb = jupytext.read(ROOT / f"{name}.md")
    return [(cell, role) for cell, role in kunshan_cells.classify(nb.cells)]


def _lines_only_in(name, roles):
    """Code lines of cells with one of ``roles`` that no other cell of the chapter holds."""
    import kunshan_cells

    cells = _solution_and_setup_cells(name)
    # a line that a visible cell also holds (even inside a longer line) shows legitimately
    elsewhere = " ".join(" ".join(c.source.split()) for c, r in cells if r not in roles)
    return sorted({ln.strip() for c, r in cells if r in roles and c.cell_type == "code"
                   for ln in c.source.splitlines()
                   if len(ln.strip()) > 20 and ln not in kunshan_cells.LABELS
                   and not ln.strip().startswith("#")
                   and " ".join(ln.split()) not in elsewhere})


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_opens_in_jupyterlab_on_its_title(lab_reports, name):
    cells = lab_reports[name].cells_on_open
    first_open = next(text for folded, text in cells if not folded)
    title = next(ln[2:].strip() for ln in (ROOT / f"{name}.md").read_text(
        encoding="utf-8").splitlines() if ln.startswith("# "))
    assert first_open.strip().startswith(title)
    # the setup cells under the title are folded: the next open cell is not code
    assert sum(folded for folded, _ in cells) >= 1


def _flat(text):
    return " ".join(text.split())


def _solution_probes(name, code_only=False):
    """Probes of the chapter's solutions (tests/test_editions.py) that no other cell holds."""
    from test_editions import probes

    cells = _solution_and_setup_cells(name)
    story = " ".join(_flat(c.source) for c, r in cells if r != "solution")
    return [p for c, r in cells if r == "solution" and (c.cell_type == "code" or not code_only)
            for p in probes(c.cell_type, c.source) if _flat(p) not in story]


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_setup_code_or_solution_is_visible_before_a_click(lab_reports, name):
    text = _flat(" ".join(t for _, t in lab_reports[name].cells_on_open))
    assert [ln for ln in _lines_only_in(name, {"setup"}) if _flat(ln) in text] == []
    assert [p for p in _solution_probes(name) if _flat(p) in text] == []


@pytest.mark.parametrize("name", CHAPTERS)
def test_after_run_all_setup_and_solution_code_stay_folded(lab_reports, name):
    """Run All un-folds Markdown cells (JupyterLab's runCell sets inputHidden = false for
    them), so a solution's text shows after it; its code and output stay folded."""
    text = _flat(lab_reports[name].visible_text)
    assert [ln for ln in _lines_only_in(name, {"setup"}) if _flat(ln) in text] == []
    assert [p for p in _solution_probes(name, code_only=True) if _flat(p) in text] == []


def test_a_click_opens_a_folded_solution(lab_reports):
    """The folded text is really there: one click shows the first solution's code."""
    opened = {n: r.opened_solution_text for n, r in lab_reports.items()
              if any(r == "solution" and c.cell_type == "code"
                     for c, r in _solution_and_setup_cells(n))}
    assert opened
    for name, text in opened.items():
        code = _lines_only_in(name, {"solution"})
        flat = " ".join(text.split())
        assert any(" ".join(ln.split()) in flat for ln in code), (name, text[:200])
