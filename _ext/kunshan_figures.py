"""Figure captions that read on both surfaces: the site and a live JupyterLab.

A chapter's figure is the output of its own code cell. The cell names the figure in
myst-nb's cell metadata (``mystnb: figure: name: fig-...``), which makes myst-nb wrap the
cell's output in a figure node; the caption is the paragraph that follows the cell, in the
next markdown cell. In JupyterLab that paragraph is simply the text under the chart. In the
build, :class:`CaptionFromNextParagraph` moves it into the figure as its caption, so Sphinx
numbers the figure and ``{numref}`` resolves to it.

A named figure with no caption of its own and no paragraph after its cell is an error
that names the document and the figure (the strict build turns it into a failure).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _enclosing_cell(node: nodes.Node) -> nodes.Element | None:
    """The code-cell container that holds ``node`` (myst-nb marks it ``nb_element``)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.container) and parent.get("nb_element") == "cell_code":
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


class CaptionFromNextParagraph(SphinxTransform):
    """Give each uncaptioned notebook figure the paragraph after its cell as caption."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(CaptionFromNextParagraph)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
