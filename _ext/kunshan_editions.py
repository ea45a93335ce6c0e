"""Two editions of the book from one source: full (solutions folded) and student (none).

The edition is chosen with the environment variable ``KUNSHAN_EDITION`` (``full``, the
default, or ``student``); ``make book EDITION=student`` sets it. The notebooks' kernels
inherit it, so a page can say which edition it is in (:func:`helpers.pages.edition`).

The student edition turns on sphinx-exercise's own switch, ``hide_solutions``. That switch
drops ``{solution}`` blocks but, in sphinx-exercise 1.2, leaves the *content* of a gated
``{solution-start}`` ... ``{solution-end}`` pair in the page (its text, code cells and their
outputs) and the end marker unmerged. This extension finishes the job in the document tree,
before the page is written or indexed: the start directive leaves a marker, and a transform
removes everything from the marker to its end marker. The page's downloads follow: the
``.ipynb`` and the ``.md`` source offered by the theme are written without the solution
cells (:mod:`kunshan_cells`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
EDITIONS = ("full", "student")


def edition_from_env(environ: dict[str, str] | None = None) -> str:
    """The edition named by ``KUNSHAN_EDITION`` (``full`` when unset)."""
    value = (environ if environ is not None else os.environ).get("KUNSHAN_EDITION", "") or "full"
    if value not in EDITIONS:
        raise ConfigError(
            f"KUNSHAN_EDITION must be one of {', '.join(EDITIONS)}, got {value!r}"
        )
    return value


class solution_cut(nodes.Element):  # noqa: N801 (docutils node naming)
    """Where a gated solution began (student edition); removed before writing."""


def _start_directive(base: type) -> type:
    class StudentAwareSolutionStart(base):  # type: ignore[misc, valid-type]
        def run(self):  # noqa: D102
            result = super().run()
            if self.env.app.config.hide_solutions:
                return [solution_cut()]
            return result

    return StudentAwareSolutionStart


class DropGatedSolutions(SphinxTransform):
    """Remove each gated solution's content, from its start marker to its end marker."""

    default_priority = 9  # before sphinx-exercise merges gated solutions (10)

    def apply(self, **kwargs: Any) -> None:
        from sphinx_exercise.nodes import solution_end_node

        for marker in list(self.document.findall(solution_cut)):
            parent = marker.parent
            start = parent.index(marker)
            end = next((k for k in range(start, len(parent.children))
                        if isinstance(parent.children[k], solution_end_node)), None)
            if end is None:
                raise ExtensionError(
                    f"{self.env.docname}: a {{solution-start}} has no {{solution-end}} "
                    "beside it (student edition)"
                )
            for child in parent.children[start:end + 1]:
                parent.remove(child)


class HideFoldLabels(SphinxTransform):
    """Leave the JupyterLab fold label out of a code cell's source on the site.

    A folded cell starts with a comment line that JupyterLab shows on the folded cell
    (:data:`kunshan_cells.LABELS`); the site shows the code as it was before folding.
    """

    default_priority = 9

    def apply(self, **kwargs: Any) -> None:
        import kunshan_cells

        for node in self.document.findall(nodes.literal_block):
            text = node.astext()
            first, _, rest = text.partition("\n")
            if first in kunshan_cells.LABELS:
                node.rawsource = rest
                node.clear()
                node += nodes.Text(rest)


def _choose_edition(app: Sphinx, config: Any) -> None:
    config.kunshan_edition = edition_from_env()
    if config.kunshan_edition == "student":
        config.hide_solutions = True
    LOGGER.info("kunshan: %s edition", config.kunshan_edition)


def _student_sources(app: Sphinx, exception: Exception | None) -> None:
    """Student edition: the ``.md`` and ``.ipynb`` downloads carry no solution either."""
    if exception is not None or app.builder.format != "html":
        return
    if app.config.kunshan_edition != "student":
        return
    import kunshan_cells

    sources = Path(app.outdir) / "_sources"
    for docname in app.env.found_docs:
        src = Path(app.srcdir) / f"{docname}.md"
        if not src.exists():
            continue
        text = src.read_text(encoding="utf-8")
        if "kernelspec" not in text:
            continue
        for target in (sources / f"{docname}.md", sources / f"{docname}.md.txt"):
            if target.exists():
                target.write_text(kunshan_cells.student_text(text), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    import kunshan_upstream  # the versions whose internals tests/test_upstream.py checked

    # SolutionStartDirective, solution_end_node, hide_solutions, MergeGatedSolutions at 10
    kunshan_upstream.require("kunshan_editions", "sphinx", "sphinx-exercise")
    app.setup_extension("sphinx_exercise")
    from sphinx_exercise.directive import SolutionStartDirective

    app.add_config_value("kunshan_edition", "full", "env", types=(str,))
    app.connect("config-inited", _choose_edition)
    app.add_node(solution_cut)
    app.add_directive("solution-start", _start_directive(SolutionStartDirective), override=True)
    app.add_transform(DropGatedSolutions)
    app.add_transform(HideFoldLabels)
    app.connect("build-finished", _student_sources)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
