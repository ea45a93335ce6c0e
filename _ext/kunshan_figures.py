"""Numbered figures from a code cell's ``label`` option, captioned by the paragraph after it.

A chapter's figure (or code-drawn table) is the output of its own code cell. The cell
carries the top-level cell option ``label: fig-...`` (``tbl-...`` for a table), the one
label both engines read:

* Jupyter Book 2 (mystmd) makes a labelled code cell a cross-reference target;
* here, in Jupyter Book 1, :class:`LabelledCellFigures` wraps the cell's one rich output
  in a figure node named by the label (what myst-nb's own ``mystnb: figure: name:`` option
  did, which mystmd ignores), so Sphinx numbers it and ``{ref}``/``{numref}`` resolve.

The caption is the paragraph that follows the cell, in the next markdown cell. In
JupyterLab that paragraph is simply the text under the chart (JupyterLab shows no cell
metadata). In the build, the transform moves it into the figure as its caption.

myst-nb keeps a code cell's metadata on the cell's container node (``nb_element:
"cell_code"``, attribute ``cell_metadata``) and its outputs in a ``cell_code_output``
container of ``mime_bundle`` containers; these node attributes are not a documented API,
so ``tests/test_upstream.py`` has a canary for them and :func:`setup` asserts the checked
myst-nb version.

Each of these is an error naming the document and the label (the strict build fails): a
label that is not a string, a labelled cell without exactly one rich output, and a figure
with no caption of its own and no paragraph after its cell.
"""

from __future__ import annotations

from typing import Any

import kunshan_upstream
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: The top-level cell option both engines read as the figure's label.
LABEL_KEY = "label"


def _is(node: nodes.Node, element: str) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == element


def _enclosing_cell(node: nodes.Node) -> nodes.Element | None:
    """The code-cell container that holds ``node`` (myst-nb marks it ``nb_element``)."""
    parent = node.parent
    while parent is not None:
        if _is(parent, "cell_code"):
            return parent
        parent = parent.parent
    return None


def _next_paragraph(cell: nodes.Element) -> nodes.paragraph | None:
    """The paragraph right after ``cell``, skipping label targets; None if something else."""
    parent = cell.parent
    index = parent.index(cell) + 1
    while index < len(parent.children):
        sibling = parent.children[index]
        if isinstance(sibling, nodes.target):
            index += 1
            continue
        return sibling if isinstance(sibling, nodes.paragraph) else None
    return None


def cell_label(cell: nodes.Element) -> Any:
    """The ``label`` cell option of a myst-nb code-cell container (None when it has none)."""
    metadata = cell.get("cell_metadata") or {}
    return metadata.get(LABEL_KEY) if isinstance(metadata, dict) else None


class LabelledCellFigures(SphinxTransform):
    """Make each labelled code cell's output a named figure, captioned by the next paragraph.

    A figure that myst-nb made itself (``mystnb: figure:``) is captioned the same way.
    """

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for cell in list(self.document.findall(lambda n: _is(n, "cell_code"))):
            label = cell_label(cell)
            if label is not None:
                self._wrap(cell, label)
        for figure in list(self.document.findall(nodes.figure)):
            if not figure["names"] or any(isinstance(c, nodes.caption) for c in figure.children):
                continue
            cell = _enclosing_cell(figure)
            if cell is None:
                continue
            paragraph = _next_paragraph(cell)
            if paragraph is None:
                logger.warning(
                    "figure %r has no caption: put the caption in the paragraph right "
                    "after its code cell",
                    figure["names"][0],
                    location=figure,
                )
                continue
            caption = nodes.caption(paragraph.rawsource, "", *paragraph.children)
            caption.source, caption.line = paragraph.source, paragraph.line
            figure += caption
            paragraph.parent.remove(paragraph)

    def _wrap(self, cell: nodes.Element, label: Any) -> None:
        """Wrap the cell's one rich output in a figure named ``label``."""
        if not isinstance(label, str) or not label.strip():
            logger.warning("code cell option %s=%r is not a label: write `:%s: fig-...`",
                           LABEL_KEY, label, LABEL_KEY, location=cell)
            return
        if any(True for _ in cell.findall(nodes.figure)):
            logger.warning("code cell %r is labelled twice: drop its `mystnb: figure:` "
                           "option and keep `:%s:`", label, LABEL_KEY, location=cell)
            return
        outputs = [c for c in cell.children if _is(c, "cell_code_output")]
        bundles = [b for out in outputs for b in out.children if _is(b, "mime_bundle")]
        if len(bundles) != 1:
            logger.warning("code cell %r shows %d rich outputs: a labelled cell must display "
                           "exactly one (its figure or table)", label, len(bundles),
                           location=cell)
            return
        bundle = bundles[0]
        figure = nodes.figure()
        figure.source, figure.line = cell.source, cell.line
        figure["names"].append(nodes.fully_normalize_name(label))
        bundle.parent.replace(bundle, figure)
        figure += bundle
        self.document.note_explicit_target(figure, figure)


def setup(app: Sphinx) -> dict[str, Any]:
    kunshan_upstream.require("kunshan_figures", "sphinx", "docutils", "myst-nb")
    app.add_transform(LabelledCellFigures)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
