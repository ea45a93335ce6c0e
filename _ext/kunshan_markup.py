"""Page markup fixed where it is made: in the document tree and the HTML visitors.

Three things the upstream HTML gets wrong for this book are put right before the page is
written, never by editing the written page as text:

* **Exercises per page.** Under a numbered part, sphinx-exercise numbers exercises by
  chapter (Exercise 3.2). On a page outside one (an appendix) Sphinx counts on across
  pages, so the Data appendix would start at Exercise 4. :func:`renumber_unnumbered`
  numbers them from 1 on each such page in Sphinx's own table of figure numbers, after
  Sphinx fills it (``env-get-updated``), so the titles, the solutions' links to them and
  every ``{ref}``/``{numref}`` to them, from any page, agree.
* **The hide-input toggle's name.** myst-nb labels its ``<summary>`` "Toggle hidden
  content" while it shows "Show code cell source"; axe (label-content-name-mismatch) wants
  the visible text to name it. :func:`visit_hide_cell` writes myst-nb's markup without the
  ``aria-label``.
* **The citation list's role.** docutils wraps a group of citations in
  ``<div role="list">`` but marks each entry ``role="doc-biblioentry"``, which is not a list
  item (axe: aria-required-children). :func:`visit_citation` writes the wrapper as a plain
  container.

The two visitors are copies of the upstream ones with that one change;
``tests/test_upstream.py`` renders a node with both and fails, naming the package and
version, when the upstream markup changes.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

#: the figure type sphinx-exercise registers its exercises under
EXERCISE = "exercise"

FigNumbers = dict[str, dict[str, dict[str, tuple[int, ...]]]]


def renumber_unnumbered(fignumbers: FigNumbers, figtype: str = EXERCISE) -> list[str]:
    """Number the ``figtype`` entries of each unnumbered page from 1, in place.

    Parameters
    ----------
    fignumbers : dict
        Sphinx's ``env.toc_fignumbers``: page -> figure type -> node id -> number, where a
        page under a numbered part has numbers like ``(3, 2)`` and a page outside one
        ``(4,)``, counted on from the previous unnumbered page.
    figtype : str
        The figure type to renumber.

    Returns
    -------
    list of str
        The pages whose numbers changed.

    Examples
    --------
    >>> numbers = {"appendix": {"exercise": {"a": (4,), "b": (5,)}},
    ...            "ch3": {"exercise": {"c": (3, 1)}}}
    >>> renumber_unnumbered(numbers)
    ['appendix']
    >>> numbers["appendix"]["exercise"], numbers["ch3"]["exercise"]
    ({'a': (1,), 'b': (2,)}, {'c': (3, 1)})
    """
    changed = []
    for docname, types in fignumbers.items():
        numbers = types.get(figtype)
        if not numbers or any(len(n) != 1 for n in numbers.values()):
            continue  # none here, or under a numbered part (chapter.number)
        order = sorted(numbers, key=numbers.__getitem__)
        new = {ident: (i,) for i, ident in enumerate(order, start=1)}
        if new != numbers:
            types[figtype] = new
            changed.append(docname)
    return changed


def _renumber_exercises(app: Sphinx, env: Any) -> list[str]:
    # after Sphinx's own TocTreeCollector (priority 500) has assigned the numbers
    return renumber_unnumbered(env.toc_fignumbers)


def visit_hide_cell(self: Any, node: nodes.Element) -> None:
    """myst-nb's ``visit_HideCellInput``, with no ``aria-label`` on the summary."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(
        f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n'
    )
    self.body.append(
        f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n'
    )
    self.body.append("</summary>\n")


def depart_hide_cell(self: Any, node: nodes.Element) -> None:
    """myst-nb's ``depart_HideCellInput``."""
    self.body.append("</details>\n")


def visit_citation(self: Any, node: nodes.Element) -> None:
    """docutils' ``HTMLTranslator.visit_citation``, with no ``role="list"`` wrapper."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname],
                                   role="doc-biblioentry"))


def depart_citation(self: Any, node: nodes.Element) -> None:
    """docutils' ``HTMLTranslator.depart_citation``."""
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    import kunshan_upstream  # the versions whose internals tests/test_upstream.py checked

    kunshan_upstream.require("kunshan_markup", "sphinx", "docutils", "myst-nb",
                             "sphinx-exercise")
    # myst-nb first (a no-op when it is loaded already), so that its node is registered
    # before this extension overrides the node's HTML visitor
    app.setup_extension("myst_nb")
    app.setup_extension("sphinx_exercise")
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell, depart_hide_cell))
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    app.connect("env-get-updated", _renumber_exercises, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
