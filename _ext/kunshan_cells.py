"""Solution and setup cells of the chapters: folded for JupyterLab, dropped for students.

A chapter is a MyST text notebook (Jupytext). Its exercises' solutions are either one
``{solution}`` block or a gated pair ``{solution-start}`` ... ``{solution-end}`` with code
cells between. On the site sphinx-exercise folds them into a drop-down; in JupyterLab a
directive cannot fold across cells, so the cells themselves carry JupyterLab's own
collapsed metadata (``jupyter.source_hidden`` / ``outputs_hidden``).

This module gives both views one definition of "a solution cell":

* :func:`fold` puts every solution in cells of its own (a markdown cell is split before a
  ``{solution-start}`` or ``{solution}`` fence and after a ``{solution-end}`` or
  ``{solution}`` fence) and marks them collapsed; hidden setup cells (tags
  ``remove-input`` + ``remove-output``) are collapsed too. JupyterLab shows the first line of
  a collapsed cell, so each one starts with a label line (a MyST ``%`` comment or a Python
  comment, neither shown on the site).
* :func:`without_solutions` drops the solution cells (the student edition's notebooks).
* :func:`canonical_text` writes a chapter back in its canonical form, changing nothing
  else (header, cell options and blank lines as written); ``scripts/fold_cells.py`` applies
  it and a test fails while any chapter differs from it.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import yaml

#: First line of a collapsed cell (JupyterLab shows it in the "…" placeholder).
SETUP_LABEL = "# Setup (folded): imports and the values the text uses. Click to show."
SOLUTION_CODE_LABEL = "# Solution code (folded). Click to show."
SOLUTION_TEXT_LABEL = "% Solution (folded). Click to show."
LABELS = (SETUP_LABEL, SOLUTION_CODE_LABEL, SOLUTION_TEXT_LABEL)

_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\s*\{(?P<name>[a-z-]+)\}")
SOLUTION_NAMES = ("solution", "solution-start", "solution-end")


# ---------------------------------------------------------------------------
# finding the solution fences in a markdown cell
# ---------------------------------------------------------------------------
def _top_level_fences(lines: list[str]) -> list[tuple[int, int, str]]:
    """``(first line, line after the closing fence, directive name)`` of each top-level fence.

    A fence opens with three or more backticks or colons and closes with a line of at least
    as many of the same character; fences inside it are its content.
    """
    found = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i]) or re.match(r"^(?P<fence>`{3,}|:{3,})", lines[i])
        if not m:
            i += 1
            continue
        fence = m.group("fence")
        name = m.groupdict().get("name") or ""
        closing = re.compile(rf"^{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            j += 1
        found.append((i, min(j + 1, len(lines)), name))
        i = j + 1
    return found


def _split_markdown(source: str) -> list[tuple[str, str]]:
    """Split one markdown cell's source at its solution fences.

    Returns ``(kind, text)`` pieces in order, ``kind`` being ``"start"`` (begins with a
    ``{solution-start}`` fence), ``"end"`` (ends with a ``{solution-end}`` fence, perhaps
    after the solution's text), ``"block"`` (a whole ``{solution}`` directive) or ``"text"``.
    """
    lines = source.split("\n")
    cuts = {0, len(lines)}
    kinds: dict[int, str] = {}
    ends: set[int] = set()
    for first, after, name in _top_level_fences(lines):
        if name == "solution-start":
            cuts.add(first)
            kinds[first] = "start"
        elif name == "solution-end":
            cuts.add(after)
            ends.add(after)
        elif name == "solution":
            cuts |= {first, after}
            kinds[first] = "block"
    pieces = []
    bounds = sorted(cuts)
    for a, b in zip(bounds, bounds[1:], strict=False):
        text = "\n".join(lines[a:b]).strip("\n")
        if not text.strip():
            continue
        kind = kinds.get(a, "end" if b in ends else "text")
        if kind == "start" and b in ends:
            kind = "start-end"
        pieces.append((kind, text))
    return pieces


# ---------------------------------------------------------------------------
# folding
# ---------------------------------------------------------------------------
def is_setup(cell: Any) -> bool:
    """A hidden setup cell: a code cell the site hides whole (input and output)."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    return cell["cell_type"] == "code" and {"remove-input", "remove-output"} <= tags


def _label(source: str, label: str) -> str:
    body = source.split("\n", 1)
    if body[0] == label:
        return source
    others = [x for x in LABELS if x != label]
    if body[0] in others:  # relabel a cell whose role changed
        source = body[1] if len(body) > 1 else ""
    return f"{label}\n{source}"


def _unlabel(source: str) -> str:
    first, _, rest = source.partition("\n")
    return rest if first in LABELS else source


def _set_folded(cell: Any, source: bool, outputs: bool) -> None:
    meta = cell.setdefault("metadata", {})
    jup = {k: v for k, v in meta.get("jupyter", {}).items()
           if k not in ("source_hidden", "outputs_hidden")}
    if source:
        jup["source_hidden"] = True
    if outputs:
        jup["outputs_hidden"] = True
    # a fixed key order, so the canonical text does not depend on the previous one
    jup = {k: jup[k] for k in sorted(jup)}
    if jup:
        rest = {k: v for k, v in meta.items() if k != "jupyter"}
        meta.clear()
        meta["jupyter"] = jup
        meta.update(rest)
    else:
        meta.pop("jupyter", None)


def classify(cells: list[Any]) -> list[tuple[Any, str]]:
    """Split the markdown cells at solution fences; tag each cell with its role.

    Roles: ``"solution"``, ``"setup"`` or ``"story"``. Returns new cell objects (the
    input is not changed).
    """
    out: list[tuple[Any, str]] = []
    in_solution = False
    for cell in cells:
        cell = copy.deepcopy(cell)
        if cell["cell_type"] != "markdown":
            role = "solution" if in_solution else "setup" if is_setup(cell) else "story"
            out.append((cell, role))
            continue
        pieces = _split_markdown(_unlabel(cell["source"]))
        for k, (kind, text) in enumerate(pieces):
            piece = copy.deepcopy(cell)
            piece["source"] = text
            if k > 0:  # a new cell: only the jupyter fold state carries over
                piece["metadata"] = {}
            if kind in ("start", "start-end", "block"):
                role = "solution"
                in_solution = kind == "start"
            elif kind == "end":
                role = "solution"
                in_solution = False
            else:
                role = "solution" if in_solution else "story"
            out.append((piece, role))
    return out


def fold(notebook: Any) -> Any:
    """Return ``notebook`` with solutions in cells of their own, solutions and setup folded."""
    nb = copy.deepcopy(notebook)
    cells = []
    for cell, role in classify(nb.cells):
        code = cell["cell_type"] == "code"
        if role == "solution":
            _set_folded(cell, source=True, outputs=code)
            cell["source"] = _label(cell["source"],
                                    SOLUTION_CODE_LABEL if code else SOLUTION_TEXT_LABEL)
        elif role == "setup":
            _set_folded(cell, source=True, outputs=False)
            cell["source"] = _label(cell["source"], SETUP_LABEL)
        else:
            _set_folded(cell, source=False, outputs=False)
            cell["source"] = _unlabel(cell["source"])
        cells.append(cell)
    nb.cells = cells
    return nb


def without_solutions(notebook: Any) -> Any:
    """Return ``notebook`` without its solution cells (the student edition's notebook)."""
    nb = fold(notebook)
    nb.cells = [cell for cell, role in classify(nb.cells) if role != "solution"]
    return nb


# ---------------------------------------------------------------------------
# writing a chapter back (MyST text notebook)
# ---------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """Block mappings, flow lists (``tags: [a, b]``), as the chapters write them."""


def _represent_list(dumper: yaml.SafeDumper, data: list) -> Any:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(list, _represent_list)


def _options(metadata: dict) -> str:
    plain = json.loads(json.dumps(metadata))
    text = yaml.dump(plain, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)
    lines = text.splitlines()
    if all(line[:1].isalpha() for line in lines):
        return "".join(f":{line}\n" for line in lines)
    return f"---\n{text}---\n"


def _fence_for(source: str) -> str:
    longest = max((len(m) for m in re.findall(r"^`{3,}", source, flags=re.M)), default=2)
    return "`" * max(3, longest + 1)


def write_myst(notebook: Any, header: str) -> str:
    """MyST text of ``notebook``; ``header`` is the front matter block, kept as written."""
    parts = [header.rstrip("\n") + "\n"]
    last_markdown = False
    for cell in notebook.cells:
        meta = dict(cell.get("metadata", {}))
        if cell["cell_type"] == "markdown":
            if meta:
                parts.append(f"\n+++ {json.dumps(meta)}\n")
            elif last_markdown:
                parts.append("\n+++\n")
            parts.append("\n" + cell["source"].rstrip("\n") + "\n")
            last_markdown = True
            continue
        fence = _fence_for(cell["source"])
        directive = "{code-cell} ipython3" if cell["cell_type"] == "code" else "{raw-cell}"
        text = f"\n{fence}{directive}\n"
        if meta:
            text += _options(meta)
        elif cell["source"].startswith(("---", ":")):
            text += "\n"
        text += cell["source"].rstrip("\n") + "\n" + fence + "\n"
        parts.append(text)
        last_markdown = False
    return "".join(parts).rstrip("\n") + "\n"


def split_header(text: str) -> str:
    """The front matter block (``---`` ... ``---``) at the top of a chapter."""
    m = re.match(r"---\n.*?\n---\n", text, flags=re.S)
    if not m:
        raise ValueError("a chapter must start with its Jupytext front matter (--- ... ---)")
    return m.group(0)


def read(text: str) -> Any:
    import jupytext

    return jupytext.reads(text, fmt="md:myst")


def canonical_text(text: str) -> str:
    """The chapter ``text`` in canonical form: solutions and setup cells folded."""
    return write_myst(fold(read(text)), split_header(text))


def student_text(text: str) -> str:
    """The chapter ``text`` without its solutions (folded, as in :func:`canonical_text`)."""
    return write_myst(without_solutions(read(text)), split_header(text))
