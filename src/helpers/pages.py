"""The book's own pages, read from the repository (for the pages that describe the book).

The instructors' page counts the exercises of every chapter. It finds the table of contents
and the chapter sources from this file's location, never from the working directory, so it
gives the same answer in the site build, in a test and in a JupyterLab kernel started in any
folder. The table of contents is Jupyter Book 1's ``_toc.yml`` or, failing that, Jupyter
Book 2's ``myst.yml`` (``project: toc:``); either is read as a tree whose ``root`` and
``file`` entries, in document order, are the pages, so nothing here depends on one format.

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

from helpers.i18n import language, tr

#: The repository holding this package (``<repo>/src/helpers/pages.py``).
REPO_DIR: Path = Path(__file__).resolve().parents[2]

_EXERCISE = re.compile(r"^```+\{exercise(?:-start)?\}", flags=re.MULTILINE)


class PageExercises(NamedTuple):
    """The exercises of one page: its file stem, its ``# `` title and how many it holds."""

    stem: str
    title: str
    n_exercises: int


#: Tables of contents tried in turn: Jupyter Book 1's, then Jupyter Book 2's.
TOC_FILES = ("_toc.yml", "myst.yml")


def _page_entries(node: object) -> list[str]:
    """Every ``root`` and ``file`` value of a table-of-contents tree, in document order."""
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            if key in ("root", "file") and isinstance(value, str):
                found.append(value)
            else:
                found += _page_entries(value)
        return found
    if isinstance(node, list):
        return [entry for item in node for entry in _page_entries(item)]
    return []


def toc_sources(repo: Path | str | None = None) -> list[Path]:
    """Return the source of every page in the table of contents, in reading order.

    Parameters
    ----------
    repo : path, optional
        The repository folder; defaults to the one holding this package (from ``__file__``).

    Returns
    -------
    list of Path
        The root page first, then each part's chapters (and their sections) in order; an
        entry without a suffix is a ``.md`` page.

    Raises
    ------
    FileNotFoundError
        If there is no ``_toc.yml`` (nor ``myst.yml``) or a page it lists is missing; the
        message names the file.

    """
    root = Path(repo) if repo is not None else REPO_DIR
    toc_path = next((root / name for name in TOC_FILES if (root / name).exists()), None)
    if toc_path is None:
        raise FileNotFoundError(
            f"{root / TOC_FILES[0]}: no table of contents (nor {TOC_FILES[1]}); helpers.pages "
            "reads the book's pages from a checkout of the repository (pass repo=... to point "
            "at one)"
        )
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8")) or {}
    entries = _page_entries(toc)
    sources = [root / (entry if Path(entry).suffix else f"{entry}.md") for entry in entries]
    missing = [str(p) for p in sources if not p.exists()]
    if missing:
        raise FileNotFoundError(f"{toc_path} lists pages with no source: {', '.join(missing)}")
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


# ---------------------------------------------------------------------------
# editions (issue 22)
# ---------------------------------------------------------------------------
#: The book's editions: ``full`` (exercises with solutions) and ``student`` (without).
EDITIONS = ("full", "student")


def edition(environ: dict[str, str] | None = None) -> str:
    """Return the edition being built, from ``KUNSHAN_EDITION`` (``make book EDITION=...``).

    Unset means ``full``; in a live notebook the chapter's source holds its solutions, so it
    is the full edition.

    Raises
    ------
    ValueError
        If ``KUNSHAN_EDITION`` names another edition.

    Examples
    --------
    >>> edition({"KUNSHAN_EDITION": "student"}), edition({})
    ('student', 'full')

    """
    import os

    value = (os.environ if environ is None else environ).get("KUNSHAN_EDITION", "") or "full"
    if value not in EDITIONS:
        raise ValueError(f"KUNSHAN_EDITION must be one of {', '.join(EDITIONS)}, got {value!r}")
    return value


def site_prefix(this: str, lang: str = "en") -> str:
    """Folder of edition ``this`` in language ``lang`` inside the published site.

    The full English edition is the site's root; its Chinese edition is ``zh/``; the student
    edition is ``student/``, with its Chinese edition ``student/zh/`` (issue 24): the student
    site has the full site's layout. ``make book`` links the local builds the same way.

    Examples
    --------
    >>> [site_prefix(e, lang) for e in EDITIONS for lang in ("en", "zh")]
    ['', 'zh/', 'student/', 'student/zh/']

    """
    if this not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)}, got {this!r}")
    if lang not in ("en", "zh"):
        raise ValueError(f"language must be en or zh, got {lang!r}")
    return ("student/" if this == "student" else "") + ("zh/" if lang == "zh" else "")


def other_edition_href(page: str, this: str, lang: str | None = None) -> str:
    """Relative link from ``page`` in edition ``this`` to the same page in the other edition.

    ``page`` is the English page's name (``book/index``): the Chinese pages run the same
    code, and in language ``zh`` (the kernel's language unless given) the page is its
    Chinese one, ``book/zh/index``, in the Chinese site of each edition (:func:`site_prefix`).

    Examples
    --------
    >>> other_edition_href("book/index", "full", "en")
    '../student/book/index.html'
    >>> other_edition_href("book/index", "student", "en")
    '../../book/index.html'
    >>> other_edition_href("book/index", "full", "zh")
    '../../../student/zh/book/zh/index.html'
    >>> other_edition_href("book/index", "student", "zh")
    '../../../../zh/book/zh/index.html'

    """
    if lang is None:
        lang = language()
    other = "student" if this == "full" else "full"
    if lang == "zh" and not page.startswith("book/zh/"):
        page = "book/zh/" + page.removeprefix("book/")
    up = "../" * (site_prefix(this, lang) + page).count("/")
    return f"{up}{site_prefix(other, lang)}{page}.html"


class EditionNote:
    """Which edition the reader is in, with a link to the other (HTML on the site)."""

    def __init__(self, page: str, this: str) -> None:
        self.page, self.this = page, this

    def _sentence(self, link: str) -> str:
        if self.this == "full":
            return tr("You are reading the <strong>full edition</strong>: every exercise has "
                      "its solution, folded under it. The {link} has the same exercises, with "
                      "the same numbers, and no solutions.",
                      link=link.format(text=tr("student edition")))
        return tr("You are reading the <strong>student edition</strong>: the exercises, "
                  "numbered as in the {link}, without their solutions.",
                  link=link.format(text=tr("full edition")))

    def _repr_html_(self) -> str | None:
        import os

        if not os.environ.get("KUNSHAN_STATIC_BUILD"):
            return None  # a live notebook shows the Markdown (no site to link to)
        href = other_edition_href(self.page, self.this)
        link = f'<a class="kunshan-edition-link" href="{href}">{{text}}</a>'
        return f'<p class="kunshan-edition">{self._sentence(link)}</p>'

    def _repr_markdown_(self) -> str:
        # in a live notebook: no site to link to; say where the editions are built
        return (self._sentence("{text}").replace("<strong>", "**").replace("</strong>", "**")
                + tr(" (Both are built with `make book` and `make book EDITION=student`.)"))

    def __repr__(self) -> str:
        return self._repr_markdown_().replace("**", "")


def edition_note(page: str) -> EditionNote:
    """Return the note for ``page`` (``"book/index"``) in the edition being built."""
    return EditionNote(page, edition())


#: Measured run times of the chapters (``benchmarks/chapter_runtimes.py`` writes it).
RUNTIMES_FILE = REPO_DIR / "benchmarks" / "results" / "chapter_runtimes.json"


def chapter_runtimes(path: Path | str | None = None) -> dict:
    """Return the measured time each page's notebook takes to run top to bottom (seconds).

    Read from ``benchmarks/results/chapter_runtimes.json``, which
    ``benchmarks/chapter_runtimes.py`` writes from a build (the build runs every notebook in
    a fresh kernel, as *Run All* does in Binder).

    Returns
    -------
    dict
        ``{"measured": <when and where>, "seconds": {page stem: seconds}}``.

    Raises
    ------
    FileNotFoundError
        If the file is missing; the message names it and the command that writes it.

    """
    import json

    file = Path(path) if path is not None else RUNTIMES_FILE
    if not file.exists():
        raise FileNotFoundError(
            f"{file} is missing: run `python benchmarks/chapter_runtimes.py` after a build"
        )
    return json.loads(file.read_text(encoding="utf-8"))
