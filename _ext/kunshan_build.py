"""Local Sphinx extension for the Kunshan companion book.

It keeps the built site offline and the build honest:

* **Vega offline.** Writes the Vega, Vega-Lite and Vega-Embed bundle shipped in the
  ``vl-convert-python`` wheel (for the Vega-Lite version Altair uses) into the output
  ``_static/`` as one cacheable file, wrapped in an IIFE so its minified top-level names
  cannot clash with Sphinx's globals, and presets ``window.VEGA_DEBUG`` with Altair's
  version strings so Altair's HTML template uses the globals instead of fetching from a
  CDN. Only pages that contain a chart load it: their script that makes the build-time
  drawings interactive (see :mod:`kunshan_site`) fetches it once the page is painted.
* **Math without a CDN.** Renders ``$...$`` and ``$$...$$`` as MathML at build time
  (``latex2mathml``), which browsers display natively; no MathJax is loaded.
* **No stale outputs.** Chapters are executed afresh (``execute_notebooks: force``), but
  Sphinx only re-reads changed pages. When any file in ``src/helpers/`` or ``data/``
  changes, every notebook page is marked out of date so it is executed again.
* **Kernels.** Installs :mod:`kunshan_kernels` (IPC transport, no lost shell replies,
  kernels stopped at once when their notebook is done).
* **Parallel reading.** ``jupyter-book build`` has no ``-j`` option, so the build sets
  Sphinx's job count itself (``kunshan_build_jobs``: ``"auto"`` is the number of usable
  CPUs, ``1`` reads serially). Notebooks are executed while their page is read, so with two
  jobs two chapters run in two kernels at once; each page is read by a task of its own, so
  a process that is free takes the next page.
* **Notebook download.** Copies each executed notebook next to the page sources so the
  theme's download menu offers the ``.ipynb``.
* **Page markup.** :mod:`kunshan_markup` numbers the exercises of an unnumbered page (an
  appendix) from 1, and writes myst-nb's hide-input toggle and docutils' citation list
  with the accessible names and roles axe asks for, in the document tree and the HTML
  visitors (the written page is never edited as text).
* **Editions.** :mod:`kunshan_editions` builds the full or the student edition (no
  solutions in the pages, the search index or the downloads), from ``KUNSHAN_EDITION``.
* **Author-year references.** Registers the pybtex style ``kunshan``: entries labelled
  and sorted by author and year (matching the author-year citations in the text), and
  printing only bibliographic fields, never the maintainers' ``verification`` notes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import sphinx.builders
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase

LOGGER = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
WATCHED = [ROOT / "src" / "helpers", ROOT / "data"]
VEGA_DIR = "kunshan-vega"


# ---------------------------------------------------------------------------
# Vega bundle
# ---------------------------------------------------------------------------
def _vega_versions() -> dict[str, str]:
    import altair as alt

    return {
        "vega_version": alt.VEGA_VERSION,
        "vegalite_version": alt.VEGALITE_VERSION,
        "vegaembed_version": alt.VEGAEMBED_VERSION,
    }


def vega_bundle_name() -> str:
    """File name (inside ``_static/``) of the bundle for the Altair in use.

    Named by the installed versions of Altair (which fixes the Vega-Lite version) and
    vl-convert, read from package metadata: importing Altair would cost the build's
    serial start about 0.5 s of CPU.
    """
    from importlib.metadata import version

    return f"{VEGA_DIR}/vega-bundle-altair{version('altair')}-vlc{version('vl-convert-python')}.js"


def build_vega_bundle() -> str:
    """Return the offline JavaScript bundle (Vega, Vega-Lite, Vega-Embed) as text."""
    import vl_convert

    versions = _vega_versions()
    major_minor = ".".join(versions["vegalite_version"].split(".")[:2])
    bundle = vl_convert.javascript_bundle(vl_version=major_minor)
    preset = json.dumps(versions)
    amd = (
        "(function(){if(typeof define==='function'&&define.amd){"
        "define('vega',[],function(){return window.vega;});"
        "define('vega-lite',[],function(){return window.vegaLite;});"
        "define('vega-embed',[],function(){return window.vegaEmbed;});}})();"
    )
    return (
        f"/* Vega, Vega-Lite and Vega-Embed for offline use, bundled by vl-convert-python "
        f"{vl_convert.__version__} for Vega-Lite {versions['vegalite_version']}. */\n"
        f"window.VEGA_DEBUG=Object.assign(window.VEGA_DEBUG||{{}},{preset});\n"
        f"(function(){{\n{bundle}\n}})();\n{amd}\n"
    )


def _start_vega_bundle(app: Sphinx) -> None:
    """Start writing the bundle (once per output folder) while the pages are read.

    Bundling takes vl-convert about 2.6 s of CPU, so it runs in a separate process beside
    the notebooks instead of before them; :func:`_finish_vega_bundle` waits for it before
    the static files are copied. The folder is added to ``html_static_path``.
    """
    if app.builder.format != "html":
        return
    cache = Path(app.outdir).parent / ".kunshan_static"
    target = cache / vega_bundle_name()
    if not target.exists():
        # drop bundles of other versions so the site ships exactly one
        shutil.rmtree(cache / VEGA_DIR, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        app.kunshan_vega_job = subprocess.Popen(
            [sys.executable, __file__, str(target)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
    if str(cache) not in app.config.html_static_path:
        app.config.html_static_path.append(str(cache))


def _finish_vega_bundle(app: Sphinx, env: Any) -> None:
    job = getattr(app, "kunshan_vega_job", None)
    if job is None:
        return
    app.kunshan_vega_job = None
    _, err = job.communicate()
    if job.returncode != 0:
        raise ExtensionError(f"kunshan: writing the Vega bundle failed ({job.args}):\n{err}")


def write_vega_bundle(target: Path) -> None:
    """Write :func:`build_vega_bundle` to ``target`` (whole or not at all)."""
    part = target.with_name(f".{target.name}.part")  # Sphinx never copies dot files
    part.write_text(build_vega_bundle(), encoding="utf-8")
    part.replace(target)


def _prepare_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    import kunshan_site

    if kunshan_site.charts_on_page(app, pagename):
        # deferred (kunshan_site); it loads the bundle once the page is painted
        bundle = context["pathto"](f"_static/{vega_bundle_name()}", 1)
        app.add_js_file("kunshan-site/kunshan-charts.js", priority=200,
                        **{"data-vega-bundle": bundle})


# ---------------------------------------------------------------------------
# MathML rendering
# ---------------------------------------------------------------------------
def _to_mathml(latex: str, display: str) -> str:
    from latex2mathml.converter import convert

    return convert(latex.strip(), display=display)


def _visit_math(self: Any, node: nodes.Element) -> None:
    self.body.append(f'<span class="math notranslate">{_to_mathml(node.astext(), "inline")}</span>')
    raise nodes.SkipNode


def _visit_displaymath(self: Any, node: nodes.Element) -> None:
    number = ""
    if node.get("number"):
        number = f'<span class="eqno">({node["number"]})</span>'
    ident = f' id="{node["ids"][0]}"' if node.get("ids") else ""
    self.body.append(
        f'<div class="math notranslate nohighlight"{ident}>{number}'
        f'{_to_mathml(node.astext(), "block")}</div>'
    )
    raise nodes.SkipNode


# ---------------------------------------------------------------------------
# Stale-output guard
# ---------------------------------------------------------------------------
def inputs_fingerprint(paths: list[Path] | None = None) -> str:
    """Hash the content of every file under the watched folders."""
    digest = hashlib.sha256()
    for base in paths or WATCHED:
        if not base.exists():
            continue
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _outdated_when_inputs_change(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    fingerprint = inputs_fingerprint()
    previous = getattr(env, "kunshan_inputs_fingerprint", None)
    env.kunshan_inputs_fingerprint = fingerprint
    if previous is not None and previous != fingerprint:
        stale = sorted(set(env.found_docs) - added - changed - removed)
        LOGGER.info("kunshan: helpers or data changed; re-executing %d pages", len(stale))
        return stale
    return []


# ---------------------------------------------------------------------------
# Parallel reading
# ---------------------------------------------------------------------------
#: Extensions Jupyter Book loads that do not say whether they are safe for parallel reading
#: (Sphinx then warns, which fails a strict build, and reads serially). Neither keeps
#: per-page data in the environment: sphinx_jupyterbook_latex adds nodes and transforms
#: that change only the page's own tree (and act for LaTeX builders), and
#: sphinx_multitoc_numbering replaces the section numbering that runs once after reading.
UNDECLARED_PARALLEL_SAFE = ("sphinx_jupyterbook_latex", "sphinx_multitoc_numbering")
SPHINX_MAKE_CHUNKS = sphinx.builders.make_chunks


def build_jobs(setting: int | str, cpus: int | None = None) -> int:
    """Number of Sphinx processes for ``kunshan_build_jobs`` (``"auto"``: usable CPUs)."""
    if setting == "auto":
        if cpus is None:
            affinity = getattr(os, "sched_getaffinity", None)
            cpus = len(affinity(0)) if affinity else os.cpu_count()
        return max(1, cpus or 1)
    if isinstance(setting, bool) or not isinstance(setting, int) or setting < 1:
        raise ValueError(
            f"kunshan_build_jobs must be 'auto' or a whole number >= 1, got {setting!r}"
        )
    return setting


def _set_parallel_jobs(app: Sphinx, config: Any) -> None:
    jobs = build_jobs(config.kunshan_build_jobs)
    if jobs > 1 and app.parallel <= 1:  # unless sphinx-build -j already chose
        for name in UNDECLARED_PARALLEL_SAFE:
            ext = app.extensions.get(name)
            if ext is not None and ext.parallel_read_safe is None:
                ext.parallel_read_safe = True
        app.parallel = jobs
    # (a module-level name: set for this build either way, as one process may run several)
    sphinx.builders.make_chunks = (
        _one_page_per_reading_task(app) if app.parallel > 1 else SPHINX_MAKE_CHUNKS
    )
    LOGGER.info("kunshan: %d build processes", max(1, app.parallel))


def _serial_writing(app: Sphinx) -> None:
    """Write pages in one process; pages are still read in parallel.

    When charts were drawn while pages were written, Sphinx wrote the first page in the
    main process, which started vl-convert's worker thread; a forked writer inherited
    vl-convert without that thread and waited for it forever (py-spy on a clean build that
    stalled 10 min with the CPU idle: the writer idle in a futex syscall inside
    ``vl_convert.abi3.so``). Charts are now drawn while each page is read (the chart
    contract's site writer, :func:`kunshan_site.write_chart`), in the reading process,
    which is forked from a main process that never calls vl-convert (the Vega bundle is
    written by a subprocess). Writing stays in one process: with two jobs Sphinx gave
    parallel writing one writer process anyway (``parallel - 1``), so nothing is lost.
    """
    app.builder.allow_parallel = False


def _one_page_per_reading_task(app: Sphinx) -> Any:
    """Sphinx's chunking, except that each page is read by a task of its own.

    Sphinx splits the pages into one fixed chunk per process (two chunks of eight on two
    CPUs), and a chunk reads its pages one after another, so when one chunk's notebooks
    take longer the other process sits idle at the end. With a task per page, a process
    takes the next page as soon as it is free.
    """

    def make_chunks(arguments: Any, nproc: int, maxbatch: int = 10) -> list[Any]:
        if app.phase == BuildPhase.READING:
            return [[name] for name in arguments]
        return SPHINX_MAKE_CHUNKS(arguments, nproc, maxbatch)

    return make_chunks


# ---------------------------------------------------------------------------
# .ipynb download
# ---------------------------------------------------------------------------
def downloadable_notebook(source: Path, student: bool = False) -> str:
    """The ``.ipynb`` a reader downloads: the chapter's own cells, with no stored outputs.

    In the student edition (``student=True``) the solution cells are left out
    (:func:`kunshan_cells.without_solutions`); solutions and setup cells are folded in
    JupyterLab either way (the chapter sources carry the metadata).

    Opened in JupyterLab it reads exactly like the ``.md`` chapter (jupyterlab-myst renders
    the prose, and *Run All* fills in the ``{eval}`` numbers and draws the charts offline).
    The build's executed copy is not offered: its chart outputs are the static site's HTML,
    which needs the site's own Vega bundle and shows nothing in JupyterLab.
    """
    import jupytext

    notebook = jupytext.read(source)
    if student:
        import kunshan_cells

        notebook = kunshan_cells.without_solutions(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return jupytext.writes(notebook, fmt="ipynb")


def _offer_ipynb(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    source = Path(app.srcdir) / f"{pagename}.md"
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not (executed.exists() and source.exists()):
        return  # not a notebook page
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    student = app.config.kunshan_edition == "student"
    target.write_text(downloadable_notebook(source, student=student), encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _tidy_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Drop the stored ipywidgets state and keep one copy of each inline script.

    Widgets are not rendered on the static site (a note stands in for them), so the
    widget state myst-nb embeds would only add weight; sphinx-thebe adds its inline
    configuration twice, which makes the browser throw on the second ``const``.
    """
    seen: set[str] = set()
    kept = []
    for js in context.get("script_files", []):
        if getattr(js, "attributes", {}).get("type") == WIDGET_STATE:
            continue
        key = str(getattr(js, "filename", None) or getattr(js, "attributes", {}).get("body", js))
        if key in seen:
            continue
        seen.add(key)
        kept.append(js)
    context["script_files"] = kept


# ---------------------------------------------------------------------------
# Author-year bibliography
# ---------------------------------------------------------------------------
#: Fields a reference list may print; anything else (``verification``, ``note``,
#: ``abstract``...) is for maintainers.
BIBLIOGRAPHIC_FIELDS = {
    "author", "editor", "title", "journal", "booktitle", "year", "month", "volume",
    "number", "pages", "publisher", "address", "edition", "chapter", "series", "school",
    "institution", "organization", "howpublished", "type", "doi", "url", "isbn",
}


def _author_year_label(entry: Any) -> str:
    """``Bair and Gereffi, 2001``, ``Boschma et al., 2017``, as cited in the text."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.prelast_names + p.last_names) for p in people]
    names = [_plain(n) for n in names]
    if not names:
        names = [_plain(entry.fields.get("organization") or entry.fields.get("title", "Anon."))]
    who = (names[0] if len(names) == 1 else f"{names[0]} and {names[1]}" if len(names) == 2
           else f"{names[0]} et al.")
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


def _plain(text: str) -> str:
    return re.sub(r"[{}]", "", str(text))


def register_bibliography_style() -> None:
    """Register the pybtex ``kunshan`` formatting style and ``kunshan`` label style."""
    from pybtex.database import Entry
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.unsrt import Style as UnsrtStyle
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):  # noqa: D102
            seen: dict[str, int] = {}
            labels = [_author_year_label(e) for e in sorted_entries]
            for label in labels:
                seen[label] = seen.get(label, 0) + 1
            suffix: dict[str, int] = {}
            for label in labels:
                if seen[label] == 1:
                    yield label
                else:  # Shi, 2017a and Shi, 2017b
                    suffix[label] = suffix.get(label, 0) + 1
                    yield label + "abcdefghij"[suffix[label] - 1]

    class KunshanStyle(UnsrtStyle):
        default_label_style = "kunshan"
        default_sorting_style = "author_year_title"

        def format_entry(self, label, entry, bib_data=None):  # noqa: D102
            kept = Entry(entry.type, fields={k: v for k, v in entry.fields.items()
                                             if k.lower() in BIBLIOGRAPHIC_FIELDS},
                         persons=entry.persons)
            kept.key = entry.key
            return super().format_entry(label, kept, bib_data=bib_data)

    # force: a second build in the same process registers them again
    register_plugin("pybtex.style.labels", "kunshan", AuthorYearLabels, force=True)
    register_plugin("pybtex.style.formatting", "kunshan", KunshanStyle, force=True)


def setup(app: Sphinx) -> dict[str, Any]:
    import kunshan_upstream  # the versions whose internals tests/test_upstream.py checked

    kunshan_upstream.require("kunshan_build", "sphinx", "docutils", "myst-nb",
                             "sphinx-exercise", "sphinx-book-theme")
    # Kernels started by the build inherit this; helpers.charts then draws charts as the
    # static site's HTML instead of the live kernel's offline widget (charts/live.py).
    os.environ["KUNSHAN_STATIC_BUILD"] = "1"
    register_bibliography_style()
    # notebooks run in kernels over IPC, and a widget's shell send no longer stalls a
    # cell until execute.timeout (see _ext/kunshan_kernels.py)
    import kunshan_kernels

    kunshan_kernels.install()
    # light pages, deferred scripts, charts drawn at build time (issue 14)
    app.setup_extension("kunshan_site")
    # full and student editions (issue 22): KUNSHAN_EDITION, sphinx-exercise's hide_solutions
    app.setup_extension("kunshan_editions")
    # exercise numbers per appendix page, the toggle's name, the citation list's role
    app.setup_extension("kunshan_markup")
    app.add_html_math_renderer(
        "mathml", (_visit_math, None), (_visit_displaymath, None)
    )
    app.config.html_math_renderer = "mathml"
    app.add_config_value("kunshan_build_jobs", "auto", "", types=(str, int))
    app.connect("config-inited", _set_parallel_jobs)
    app.connect("builder-inited", _start_vega_bundle)
    app.connect("builder-inited", _serial_writing)
    app.connect("env-updated", _finish_vega_bundle)
    app.connect("env-get-outdated", _outdated_when_inputs_change)
    app.connect("html-page-context", _prepare_page)
    # after sphinx-book-theme (501), which copies the executed notebook to the same path
    app.connect("html-page-context", _offer_ipynb, priority=600)
    app.connect("html-page-context", _tidy_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":  # the bundle job started by _start_vega_bundle
    write_vega_bundle(Path(sys.argv[1]))
