"""The book's own pages, read from the repository (for the pages that describe the book).

The instructors' page counts the exercises of every chapter. It finds the table of contents
(``_toc.yml``) and the chapter sources from this file's location, never from the working
directory, so it gives the same answer in the site build, in a test and in a JupyterLab
kernel started in any folder.

Examples
--------
>>> from helpers import pages
>>> counts = pages.exercise_counts()
>>> [c.stem for c in counts][:2]
['ch01_introduction', 'ch02_framework']

"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import yaml

#: The repository holding this package (``<repo>/src/helpers/pages.py``).
REPO_DIR: Path = Path(__file__).resolve().parents[2]

_EXERCISE = re.compile(r"^```+\{exercise(?:-start)?\}", flags=re.MULTILINE)


class PageExercises(NamedTuple):
    """The exercises of one page: its file stem, its ``# `` title and how many it holds."""

    stem: str
    title: str
    n_exercises: int


def toc_sources(repo: Path | str | None = None) -> list[Path]:
    """Return the ``.md`` source of every page listed in ``_toc.yml``, in reading order.

    Parameters
    ----------
    repo : path, optional
        The repository folder; defaults to the one holding this package (from ``__file__``).

    Returns
    -------
    list of Path
        The root page first, then each part's chapters (and their sections) in order.

    Raises
    ------
    FileNotFoundError
        If ``_toc.yml`` or a page it lists is missing; the message names the file.

    """
    root = Path(repo) if repo is not None else REPO_DIR
    toc_path = root / "_toc.yml"
    if not toc_path.exists():
        raise FileNotFoundError(
            f"{toc_path}: no table of contents; helpers.pages reads the book's pages from "
            "a checkout of the repository (pass repo=... to point at one)"
        )
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8")) or {}
    entries = [toc.get("root")] if toc.get("root") else []
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            entries.append(chapter["file"])
            entries += [s["file"] for s in chapter.get("sections", [])]
    sources = [root / f"{entry}.md" for entry in entries]
    missing = [str(p) for p in sources if not p.exists()]
    if missing:
        raise FileNotFoundError(f"{toc_path} lists pages with no .md source: {', '.join(missing)}")
    return sources


def exercise_counts(repo: Path | str | None = None) -> list[PageExercises]:
    """List the pages that hold exercises, with how many each holds, in reading order.

    An exercise is a ```` ```{exercise} ```` or ```` ```{exercise-start} ```` fence
    (sphinx-exercise) at the start of a line.

    Parameters
    ----------
    repo : path, optional
        The repository folder, as in :func:`toc_sources`.

    Returns
    -------
    list of PageExercises
        One entry per page with at least one exercise; pages without any are left out.

    """
    counts = []
    for path in toc_sources(repo):
        text = path.read_text(encoding="utf-8")
        n = len(_EXERCISE.findall(text))
        if n:
            title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), "")
            counts.append(PageExercises(path.stem, title, n))
    return counts
