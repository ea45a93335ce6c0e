"""Figure cells: one label both engines read, one caption both surfaces show (issue 23, 6).

A chapter's figure is a code cell with the top-level cell option ``label: fig-...`` (read by
Jupyter Book 2's mystmd as the cell's label, and by ``_ext/kunshan_figures.py`` to make the
output a numbered figure in Jupyter Book 1), followed by the paragraph that is its caption:
JupyterLab shows that paragraph under the chart, the site moves it into the figure. These
tests check the chapters keep that form and the transform does what the chapters rely on.
"""

from __future__ import annotations

import logging
import re

import jupytext
import kunshan_figures
import pytest
from conftest import ROOT
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from helpers import pages

pytestmark = pytest.mark.fast

CHAPTERS = [p for p in pages.toc_sources(ROOT) if "kernelspec:" in p.read_text(encoding="utf-8")]
REFERENCE = re.compile(r"\{(?:ref|numref)\}`(?:[^`<]*<)?((?:fig|tbl)-[^`>]+)>?`")
#: Lines that open a markdown block other than a paragraph (heading, list, fence, table ...).
NOT_A_PARAGRAPH = re.compile(r"^(#|[-*+] |\d+[.)] |`{3,}|:{3,}|\||>|\$\$|\+\+\+|%)")


def labelled_cells() -> list[tuple[str, int, dict, list]]:
    """``(chapter stem, cell index, metadata, cells)`` of every labelled code cell."""
    found = []
    for path in CHAPTERS:
        cells = jupytext.read(path).cells
        for i, cell in enumerate(cells):
            if cell.cell_type == "code" and "label" in cell.metadata:
                found.append((path.stem, i, cell.metadata, cells))
    return found


def caption_of(cells: list, i: int) -> str | None:
    """The paragraph that opens the markdown cell after cell ``i`` (None if there is none)."""
    if i + 1 >= len(cells) or cells[i + 1].cell_type != "markdown":
        return None
    lines = cells[i + 1].source.strip("\n").split("\n")
    while lines and re.fullmatch(r"\(.+\)=", lines[0].strip()):  # a label target
        lines = lines[1:]
    if not lines or not lines[0].strip() or NOT_A_PARAGRAPH.match(lines[0]):
        return None
    paragraph = []
    for line in lines:
        if not line.strip():
            break
        paragraph.append(line)
    return " ".join(paragraph)


def test_chapters_label_their_figures_with_the_label_option_only():
    cells = labelled_cells()
    labels = [meta["label"] for _, _, meta, _ in cells]
    # 27 figures and 1 table at the time of writing; the count only guards against losing them
    assert len(labels) >= 28
    assert all(isinstance(x, str) and re.fullmatch(r"(fig|tbl)-[a-z0-9-]+", x) for x in labels)
    assert len(set(labels)) == len(labels), "a label is used twice"
    for path in CHAPTERS:
        for cell in jupytext.read(path).cells:
            # myst-nb's own figure option: mystmd ignores it, and the cell would be labelled twice
            assert "figure" not in cell.metadata.get("mystnb", {}), path.name
            # the caption lives in the paragraph after the cell (JupyterLab shows no metadata);
            # a `caption` option too would print it twice on a Jupyter Book 2 page
            assert "caption" not in cell.metadata, path.name


def test_every_labelled_cell_is_followed_by_its_caption_paragraph():
    missing = [f"{stem}: {meta['label']}" for stem, i, meta, cells in labelled_cells()
               if not caption_of(cells, i)]
    assert missing == []


def test_every_figure_reference_points_at_a_labelled_cell():
    labels = {meta["label"] for _, _, meta, _ in labelled_cells()}
    refs = {m for p in ROOT.glob("book/*.md")
            for m in REFERENCE.findall(p.read_text(encoding="utf-8"))}
    assert refs, "the chapters refer to their figures"
    assert sorted(refs - labels) == []


# ---------------------------------------------------------------------------
# the transform, on the node tree myst-nb builds for a code cell
# ---------------------------------------------------------------------------
def _document() -> nodes.document:
    return new_document("chapter.md", get_default_settings(Parser))


def _cell(label: object = None, bundles: int = 1, stream: bool = False) -> nodes.container:
    metadata = {"tags": ["hide-input"]}
    if label is not None:
        metadata["label"] = label
    cell = nodes.container(nb_element="cell_code", cell_metadata=metadata, classes=["cell"])
    cell += nodes.container(nb_element="cell_code_source", classes=["cell_input"])
    output = nodes.container(nb_element="cell_code_output", classes=["cell_output"])
    if stream:
        output += nodes.literal_block("printed", "printed")
    for k in range(bundles):
        bundle = nodes.container(nb_element="mime_bundle")
        bundle += nodes.container(mime_type="text/html")
        bundle["ids"] = [f"bundle-{k}"]
        output += bundle
    cell += output
    return cell


def _twice_labelled() -> nodes.container:
    """A labelled cell whose output myst-nb already wrapped (``mystnb: figure: name:``)."""
    cell = _cell("fig-a")
    output = cell.children[-1]
    bundle = output.children[0]
    figure = nodes.figure(names=["fig-a"])
    output.replace(bundle, figure)
    figure += bundle
    return cell


def _apply(*children: nodes.Node) -> nodes.document:
    document = _document()
    section = nodes.section()
    section.extend(children)
    document += section
    kunshan_figures.LabelledCellFigures(document).apply()
    return document


def test_a_labelled_cell_becomes_a_named_figure_captioned_by_the_next_paragraph():
    caption = nodes.paragraph("Output of eight industries.", "Output of eight industries.")
    after = nodes.paragraph("The next paragraph.", "The next paragraph.")
    cell = _cell("fig-ch06-table2", stream=True)
    document = _apply(cell, caption, after)

    [figure] = list(document.findall(nodes.figure))
    assert figure["names"] == ["fig-ch06-table2"] and figure["ids"] == ["fig-ch06-table2"]
    assert document.nameids["fig-ch06-table2"] == "fig-ch06-table2"
    # in place of the output, inside the cell's output container, holding the output
    assert figure.parent.get("nb_element") == "cell_code_output"
    assert figure.parent.children[0].astext() == "printed"  # a printed stream stays outside
    assert figure.children[0]["ids"] == ["bundle-0"]
    assert isinstance(figure.children[-1], nodes.caption)
    assert figure.children[-1].astext() == "Output of eight industries."
    # the paragraph moved; the one after it did not
    section = cell.parent
    assert caption not in section.children and after in section.children


def test_an_unlabelled_cell_is_left_alone():
    cell = _cell()
    document = _apply(cell, nodes.paragraph("Text.", "Text."))
    assert list(document.findall(nodes.figure)) == []
    assert len(cell.parent.children) == 2


@pytest.mark.parametrize(("cell", "after", "message"), [
    (_cell("fig-a", bundles=2), True, "code cell 'fig-a' shows 2 rich outputs"),
    (_cell("fig-a", bundles=0), True, "code cell 'fig-a' shows 0 rich outputs"),
    (_cell(["fig-a"]), True, "code cell option label=['fig-a'] is not a label"),
    (_cell("fig-a"), False, "figure 'fig-a' has no caption"),
    (_twice_labelled(), True, "code cell 'fig-a' is labelled twice"),
])
def test_a_figure_cell_the_transform_cannot_use_is_an_error_naming_it(
        cell, after, message, caplog):
    children = [cell] + ([nodes.paragraph("Caption.", "Caption.")] if after else [])
    with caplog.at_level(logging.WARNING):
        _apply(*children)
    assert message in caplog.text
