"""Canaries: one per upstream internal the book's extensions rely on (issue 23, item 2).

Each fails with a message naming the package and its installed version when the internal
it guards has changed, so an upgrade says what broke before a page does. When a canary
fails: read the named part of ``_ext/``, adapt it to the new release (or drop it if the
release made it unnecessary), then widen ``SUPPORTED`` in ``_ext/kunshan_upstream.py``.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import sys
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from conftest import ROOT
from docutils import nodes

sys.path.insert(0, str(ROOT / "_ext"))

import kunshan_build  # noqa: E402
import kunshan_editions  # noqa: E402
import kunshan_figures  # noqa: E402
import kunshan_kernels  # noqa: E402
import kunshan_markup  # noqa: E402
import kunshan_site  # noqa: E402
import kunshan_upstream  # noqa: E402

pytestmark = pytest.mark.fast


def changed(package: str, what: str) -> str:
    """The failure message: which package, which version, what changed, where it is used."""
    return f"{package} {version(package)}: {what}"


def test_installed_upstream_versions_are_the_checked_ones():
    assert kunshan_upstream.unsupported(*kunshan_upstream.SUPPORTED) == []


def test_version_assertion_names_the_package_and_lets_a_trial_build_go_on(monkeypatch):
    monkeypatch.setitem(kunshan_upstream.SUPPORTED, "sphinx", "~=99.0")
    monkeypatch.delenv(kunshan_upstream.SWITCH, raising=False)
    with pytest.raises(kunshan_upstream.UnsupportedUpstreamError,
                       match=rf"kunshan_site .*sphinx {re.escape(version('sphinx'))} is "
                             r"installed; its internals were checked for ~=99\.0"):
        kunshan_upstream.require("kunshan_site", "sphinx")
    monkeypatch.setenv(kunshan_upstream.SWITCH, "warn")
    kunshan_upstream.require("kunshan_site", "sphinx")  # printed, not raised


def test_every_extension_asserts_the_versions_it_was_checked_against():
    for module in (kunshan_build.setup, kunshan_site.setup, kunshan_markup.setup,
                   kunshan_editions.setup, kunshan_figures.setup, kunshan_kernels.install):
        assert "kunshan_upstream.require(" in inspect.getsource(module), module.__module__


# ---------------------------------------------------------------------------
# Sphinx: parallel reading (kunshan_build)
# ---------------------------------------------------------------------------
def test_sphinx_reads_in_parallel_through_the_module_level_make_chunks():
    import sphinx.builders
    from sphinx.builders import Builder

    source = inspect.getsource(Builder._read_parallel)
    assert "make_chunks(docnames, nproc)" in source, changed(
        "sphinx", "Builder._read_parallel no longer calls make_chunks(docnames, nproc); "
        "kunshan_build._one_page_per_reading_task replaces it")
    assert Builder._read_parallel.__globals__ is vars(sphinx.builders), changed(
        "sphinx", "_read_parallel does not look make_chunks up in sphinx.builders")
    params = list(inspect.signature(kunshan_build.SPHINX_MAKE_CHUNKS).parameters)
    assert params == ["arguments", "nproc", "maxbatch"], changed(
        "sphinx", f"make_chunks takes {params}")
    assert "self.app.parallel > 1" in inspect.getsource(Builder.read), changed(
        "sphinx", "Builder.read no longer reads app.parallel (kunshan_build sets it)")
    assert "self.app.parallel > 1 and self.allow_parallel" in inspect.getsource(
        Builder.build), changed("sphinx", "Builder.build no longer reads allow_parallel "
                                "(kunshan_build._serial_writing turns parallel writing off)")


def test_sphinx_app_parallel_and_extension_parallel_read_safe_are_plain_attributes():
    from sphinx.application import Sphinx
    from sphinx.extension import Extension
    from sphinx.util.build_phase import BuildPhase

    assert "self.parallel = parallel" in inspect.getsource(Sphinx.__init__), changed(
        "sphinx", "Sphinx.parallel is no longer a plain attribute (kunshan_build sets it)")
    ext = Extension("x", SimpleNamespace())
    assert ext.parallel_read_safe is None, changed(
        "sphinx", "an extension that declares nothing is no longer parallel_read_safe=None")
    assert "self.phase = BuildPhase.READING" in inspect.getsource(Sphinx), changed(
        "sphinx", "app.phase is no longer set to BuildPhase.READING while pages are read")
    assert hasattr(BuildPhase, "READING")


@pytest.mark.parametrize("name", kunshan_build.UNDECLARED_PARALLEL_SAFE)
def test_extensions_flipped_to_parallel_safe_still_declare_nothing(name):
    module = __import__(name)
    assert "parallel_read_safe" not in inspect.getsource(module.setup), changed(
        name.replace("_", "-"), "now declares parallel_read_safe itself: remove it from "
        "kunshan_build.UNDECLARED_PARALLEL_SAFE")


# ---------------------------------------------------------------------------
# Sphinx: events, assets and page-context priorities (kunshan_site, kunshan_build)
# ---------------------------------------------------------------------------
def test_sphinx_events_keep_listeners_by_name_with_their_handler_and_priority():
    from sphinx.events import EventManager

    events = EventManager(SimpleNamespace())
    ident = events.connect("doctree-resolved", test_upstream_marker, priority=500)
    [listener] = events.listeners["doctree-resolved"]
    assert (listener.id, listener.handler, listener.priority) == (
        ident, test_upstream_marker, 500), changed(
        "sphinx", "app.events.listeners changed shape (kunshan_site._no_thebe_settings)")
    assert "attrgetter('priority')" in inspect.getsource(EventManager.emit), changed(
        "sphinx", "events no longer run in priority order (html-page-context handlers)")


def test_upstream_marker():
    """A handler for the listener canary (and a test that imports resolve)."""


def test_sphinx_thebe_handler_is_found_and_disconnected():
    import sphinx_thebe
    from sphinx.events import EventManager

    app = mock.MagicMock()
    sphinx_thebe.setup(app)
    connected = {(c.args[0], c.args[1]) for c in app.connect.call_args_list}
    assert ("doctree-resolved", sphinx_thebe.update_thebe_context) in connected, changed(
        "sphinx-thebe", "no longer adds its page settings on doctree-resolved "
        "(kunshan_site._no_thebe_settings may go)")
    events = EventManager(SimpleNamespace())
    events.connect("doctree-resolved", sphinx_thebe.update_thebe_context, 500)
    events.connect("doctree-resolved", test_upstream_marker, 500)
    kunshan_site._no_thebe_settings(SimpleNamespace(events=events, disconnect=events.disconnect))
    assert [x.handler for x in events.listeners["doctree-resolved"]] == [test_upstream_marker]


def _page_context_priorities(module) -> dict[str, int]:
    app = mock.MagicMock()
    module.setup(app)
    return {c.args[1].__name__: c.kwargs.get("priority", 500)
            for c in app.connect.call_args_list if c.args[0] == "html-page-context"}


def test_theme_page_context_handlers_run_between_the_books_own():
    """kunshan_site draws charts at 450 (before), kunshan_build offers the .ipynb at 600 and
    tidies scripts at 900 and kunshan_site defers them at 950 (after every theme handler)."""
    import pydata_sphinx_theme
    import sphinx_book_theme

    book = _page_context_priorities(sphinx_book_theme)
    assert book.get("add_launch_buttons") == 501, changed(
        "sphinx-book-theme", "add_launch_buttons (which copies the executed notebook the "
        f"book's .ipynb replaces at 600) is no longer at priority 501: {book}")
    for package, module in (("sphinx-book-theme", sphinx_book_theme),
                            ("pydata-sphinx-theme", pydata_sphinx_theme)):
        outside = {k: v for k, v in _page_context_priorities(module).items()
                   if not 450 < v < 600}
        assert outside == {}, changed(package, f"html-page-context handlers at {outside}")


def test_sphinx_private_javascript_asset_takes_filename_priority_and_attributes():
    from sphinx.builders.html._assets import _JavaScript

    js = _JavaScript("a.js", priority=200, defer="defer")
    assert (js.filename, js.priority, js.attributes) == ("a.js", 200, {"defer": "defer"}), \
        changed("sphinx", "sphinx.builders.html._assets._JavaScript changed "
                "(kunshan_site._defer_scripts rebuilds script_files with it)")


# ---------------------------------------------------------------------------
# myst-nb: the MIME-renderer plugin interface (helpers.chart_contract; public, but the
# whole chart pipeline rests on it)
# ---------------------------------------------------------------------------
def test_myst_nb_loads_mime_renderer_plugins_from_the_entry_point_group_and_ranks_them():
    from myst_nb.core import render

    from helpers import chart_contract

    assert render.MIME_RENDER_ENTRY_GROUP == "myst_nb.mime_renderers", changed(
        "myst-nb", "the MIME-renderer entry point group was renamed")
    assert chart_contract.MystNbChartRenderer in render.load_mime_renders(), changed(
        "myst-nb", "load_mime_renders() does not return the book's chart renderer")
    priority = render.get_mime_priority("html", [])
    assert priority[0] == chart_contract.CHART_MIME, changed(
        "myst-nb", "plugins' mime_priority_overrides no longer rank the chart type first")
    params = list(inspect.signature(render.MimeRenderPlugin.handle_mime).parameters)
    assert params == ["renderer", "data", "inline"], changed(
        "myst-nb", f"MimeRenderPlugin.handle_mime takes {params}")
    source = inspect.getsource(render.NbElementRenderer.render_mime_type)
    assert "handle_mime(self, data, False)" in source, changed(
        "myst-nb", "render_mime_type no longer offers the output to the plugins first")


# ---------------------------------------------------------------------------
# Markup other packages write, made right in the tree and visitors (kunshan_markup)
# ---------------------------------------------------------------------------
def _visited(visit, depart, node) -> str:
    """What an HTML visitor pair writes for ``node`` (no children)."""
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document
    from docutils.writers.html5_polyglot import HTMLTranslator, Writer

    document = new_document("canary", get_default_settings(Writer))
    translator = HTMLTranslator(document)
    translator.body = []
    visit(translator, node)
    depart(translator, node)
    return "".join(translator.body)


def test_myst_nb_hide_input_toggle_is_the_books_but_for_its_generic_label():
    from myst_nb import sphinx_ as myst_nb_sphinx

    node = myst_nb_sphinx.HideCodeCellNode(prompt_show="Show code cell <source>",
                                           prompt_hide="Hide code cell source")
    node["classes"].append("above-input")
    theirs = _visited(myst_nb_sphinx.visit_HideCellInput, myst_nb_sphinx.depart_HideCellInput,
                      node)
    label = ' aria-label="Toggle hidden content"'
    assert label in theirs, changed(
        "myst-nb", "the hide-input toggle is no longer labelled 'Toggle hidden content': "
        "kunshan_markup.visit_hide_cell may go")
    ours = _visited(kunshan_markup.visit_hide_cell, kunshan_markup.depart_hide_cell, node)
    assert ours == theirs.replace(label, ""), changed(
        "myst-nb", "visit_HideCellInput/depart_HideCellInput write other markup: carry the "
        f"change into kunshan_markup.visit_hide_cell\n{theirs}")


# ---------------------------------------------------------------------------
# myst-nb's node tree for a code cell, read by kunshan_figures
# ---------------------------------------------------------------------------
def test_myst_nb_keeps_a_cells_metadata_and_outputs_on_its_container_nodes():
    from myst_nb import sphinx_ as myst_nb_sphinx
    from myst_nb.core import render

    cell = inspect.getsource(render.MditRenderMixin.render_nb_cell_code)
    outputs = inspect.getsource(myst_nb_sphinx.SphinxNbRenderer._render_nb_cell_code_outputs)
    for needle, source in [('nb_element="cell_code"', cell),
                           ('cell_metadata=token.meta["metadata"]', cell),
                           ('nb_element="cell_code_output"', cell),
                           ('nodes.container(nb_element="mime_bundle")', outputs)]:
        assert needle in source, changed(
            "myst-nb", f"a code cell's node tree changed ({needle} is gone): "
            "kunshan_figures reads the `label` cell option from the cell container's "
            "cell_metadata and wraps its one mime_bundle in a figure")


def test_docutils_citation_list_is_the_books_but_for_its_list_role():
    from docutils.writers.html5_polyglot import HTMLTranslator

    group = nodes.section()
    group += [nodes.citation(ids=["a"]), nodes.citation(ids=["b"]), nodes.paragraph()]
    theirs = "".join(_visited(HTMLTranslator.visit_citation, HTMLTranslator.depart_citation, c)
                     for c in group.children[:2])
    assert '<div role="list" class="citation-list">' in theirs, changed(
        "docutils", "a citation group is no longer wrapped in role=list: "
        "kunshan_markup.visit_citation may go")
    ours = "".join(_visited(kunshan_markup.visit_citation, kunshan_markup.depart_citation, c)
                   for c in group.children[:2])
    assert ours == theirs.replace(' role="list"', ""), changed(
        "docutils", "HTMLTranslator.visit_citation/depart_citation write other markup: carry "
        f"the change into kunshan_markup.visit_citation\n{theirs}")


MINI_BOOK = {
    "conf.py": "extensions = ['kunshan_markup']\nnumfig = True\n",
    "index.rst": "Book\n====\n\n.. toctree::\n   :numbered:\n\n   ch1\n\n"
                 ".. toctree::\n\n   appendix\n   notes\n",
    "ch1.rst": "Chapter\n=======\n\n.. exercise::\n   :label: ch-a\n\n   A.\n\n"
               ".. exercise::\n   :label: ch-b\n\n   B.\n",
    "appendix.rst": "Appendix\n========\n\n.. exercise::\n   :label: ap-a\n\n   C.\n\n"
                    ".. exercise::\n   :label: ap-b\n\n   D.\n\n"
                    ".. solution:: ap-b\n\n   E.\n\n"
                    "See [Bair2001]_ and [Shi2017]_.\n\n"
                    ".. [Bair2001] Bair and Gereffi, 2001.\n.. [Shi2017] Shi, 2017.\n",
    "notes.rst": "Notes\n=====\n\n.. exercise::\n   :label: no-a\n\n   F. "
                 "After :numref:`ap-b`.\n",
}


@pytest.fixture(scope="module")
def mini_book(tmp_path_factory):
    """A three-page book built with sphinx-exercise, myst-nb and kunshan_markup."""
    from sphinx.application import Sphinx

    src = tmp_path_factory.mktemp("mini-book")
    for name, text in MINI_BOOK.items():
        (src / name).write_text(text, encoding="utf-8")
    out = src / "_build"
    app = Sphinx(src, src, out / "html", out / "doctrees", "html", status=None,
                 warning=None, freshenv=True)
    app.build()
    return app, {p.stem: p.read_text(encoding="utf-8") for p in (out / "html").glob("*.html")}


def _titles(page: str) -> list[str]:
    return re.findall(r'caption-number">(Exercise [\d.]+) ', page)


def test_sphinx_figure_numbers_are_renumbered_per_unnumbered_page_for_every_reader(mini_book):
    """kunshan_markup renumbers env.toc_fignumbers once Sphinx has filled it (env-get-updated);
    the titles, the solution's link and a numref from another page must all follow."""
    app, pages = mini_book
    assert app.env.toc_fignumbers["appendix"]["exercise"] == {"ap-a": (1,), "ap-b": (2,)}, \
        changed("sphinx", "env.toc_fignumbers is no longer page -> figtype -> id -> number "
                f"after env-get-updated: {app.env.toc_fignumbers}")
    assert _titles(pages["ch1"]) == ["Exercise 1.1", "Exercise 1.2"], changed(
        "sphinx-exercise", "exercises under a numbered toctree are not chapter.number")
    assert _titles(pages["appendix"]) == ["Exercise 1", "Exercise 2"], changed(
        "sphinx", "the HTML writer no longer takes exercise numbers from env.toc_fignumbers "
        "(kunshan_markup.renumber_unnumbered)")
    assert _titles(pages["notes"]) == ["Exercise 1"]
    assert re.search(r"Solution to<a [^>]*> Exercise 2</a>", pages["appendix"]), changed(
        "sphinx-exercise", "a solution's title no longer reads the exercise number from "
        "env.toc_fignumbers")
    assert re.search(r'href="appendix.html#ap-b"><span class="std std-numref">Exercise '
                     r"2</span>", pages["notes"]), changed(
        "sphinx", "a numref to another page's exercise no longer reads env.toc_fignumbers")


def test_book_visitors_replace_the_upstream_ones_in_a_build(mini_book):
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document
    from docutils.writers.html5_polyglot import Writer
    from myst_nb.sphinx_ import HideCodeCellNode

    app, pages = mini_book
    document = new_document("x", get_default_settings(Writer))
    translator = app.builder.create_translator(document, app.builder)
    assert translator.visit_HideCodeCellNode.__func__ is kunshan_markup.visit_hide_cell
    assert translator.visit_citation.__func__ is kunshan_markup.visit_citation
    assert HideCodeCellNode.__module__ == "myst_nb.sphinx_"
    assert '<div class="citation-list">' in pages["appendix"]
    assert 'role="list"' not in pages["appendix"]


GATED = {
    "conf.py": "extensions = ['kunshan_editions']\n",
    "index.rst": "Page\n====\n\n.. exercise::\n   :label: ex-a\n\n   Asked.\n\n"
                 ".. solution-start:: ex-a\n\nGatedwords here.\n\n.. solution-end::\n\n"
                 ".. solution:: ex-a\n\n   Plainwords.\n\nAfterwards.\n",
}


@pytest.mark.parametrize("edition", ["full", "student"])
def test_sphinx_exercise_gated_solutions_are_cut_in_the_tree_for_the_student_edition(
        edition, tmp_path, monkeypatch):
    """kunshan_editions replaces sphinx-exercise's solution-start directive, marks the start
    and cuts up to its solution_end_node before sphinx-exercise merges them (priority 10),
    and turns on its hide_solutions."""
    from sphinx.application import Sphinx

    monkeypatch.setenv("KUNSHAN_EDITION", edition)
    for name, text in GATED.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    app = Sphinx(tmp_path, tmp_path, tmp_path / "html", tmp_path / "doctrees", "html",
                 status=None, warning=None, freshenv=True)
    app.build()
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert "Asked." in page and "Afterwards." in page
    shown = {"Gatedwords" in page, "Plainwords" in page, 'class="solution' in page}
    assert shown == {edition == "full"}, changed(
        "sphinx-exercise", f"{edition} edition: solutions shown {shown} (kunshan_editions "
        "relies on SolutionStartDirective, solution_end_node, hide_solutions and "
        "MergeGatedSolutions at priority 10)")


# ---------------------------------------------------------------------------
# pydata-sphinx-theme: stylesheet, icon fonts, layout blocks and copied components
# ---------------------------------------------------------------------------
def test_theme_stylesheet_and_icon_fonts_are_where_and_how_the_trimming_expects():
    static = kunshan_site._theme_static()
    css = (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    try:
        trimmed, used = kunshan_site.trim_icon_css(css)
    except ValueError as error:
        pytest.fail(changed("pydata-sphinx-theme", str(error)))
    for icon in kunshan_site.ICONS:
        assert re.search(rf"\.fa-{icon}:{{1,2}}before", trimmed), changed(
            "pydata-sphinx-theme", f"no rule for the icon fa-{icon} in its stylesheet")
    assert len(css) - len(trimmed) > 50_000 and len(used) >= len(kunshan_site.ICONS) - 2
    for font in kunshan_site.FONTS:
        assert (static / "vendor" / "fontawesome" / "webfonts" / f"{font}.woff2").exists(), \
            changed("pydata-sphinx-theme", f"no Font Awesome font {font}.woff2")


def _theme_dir() -> Path:
    return kunshan_site._theme_static().parent


def _block(template: str, name: str) -> str:
    match = re.search(rf"{{%-? block {name} %}}(.*?){{%-? endblock(?: {name})? %}}",
                      template, re.S)
    assert match, changed("pydata-sphinx-theme", f"layout has no block {name}")
    return match.group(1)


#: sha256 of the upstream template parts _templates/layout.html rewrites, as they were when
#: it was written (pydata-sphinx-theme 0.17.1, Sphinx 7.4.7). If one changes, compare the
#: new upstream text with _templates/layout.html, carry the change over, update the hash.
LAYOUT_UPSTREAM = {
    ("pydata-sphinx-theme", "layout.html", "css"): "1436267ac153f48c",
    ("pydata-sphinx-theme", "layout.html", "extrahead"): "e607f7742f3bd264",
    ("pydata-sphinx-theme", "static/webpack-macros.html", "head_pre_assets"): "3ad9bd30b67c40ec",
    ("pydata-sphinx-theme", "static/webpack-macros.html", "head_js_preload"): "28f4fa2f434cdc09",
    ("sphinx", "basic/layout.html", "scripts"): "72ae20e95addb942",
}


def _upstream_part(package: str, path: str, name: str) -> str:
    if package == "sphinx":
        import sphinx

        text = (Path(sphinx.__file__).parent / "themes" / path).read_text(encoding="utf-8")
    else:
        text = (_theme_dir() / path).read_text(encoding="utf-8")
    if path.endswith("webpack-macros.html"):
        match = re.search(rf"{{% macro {name}\(\) %}}(.*?){{% endmacro %}}", text, re.S)
        assert match, changed(package, f"{path} has no macro {name}")
        # the digest changes with every release; the tags around it are what matters
        return re.sub(r"\?digest=[0-9a-f]+", "", match.group(1))
    return _block(text, name)


@pytest.mark.parametrize("key", sorted(LAYOUT_UPSTREAM), ids="/".join)
def test_theme_layout_parts_the_book_rewrites_are_unchanged(key):
    package, path, name = key
    digest = hashlib.sha256(_upstream_part(*key).encode()).hexdigest()[:16]
    assert digest == LAYOUT_UPSTREAM[key], changed(
        package, f"{path} {name} changed upstream (now {digest}): carry the change into "
        "_templates/layout.html, then update LAYOUT_UPSTREAM")


#: the book's copies of theme components, and the edits that turn the theme's into them
COMPONENT_EDITS = {
    "search-button-field.html": [
        (r' aria-label="\{\{ _\(\'Search\'\) \}\}"', ""),
        (r'(<i class="fa-solid fa-magnifying-glass")>', r'\1 aria-hidden="true">'),
    ],
    "theme-switcher.html": [
        (r" title=\"\{\{ _\('[^']+'\) \}\}\"></i>", ' aria-hidden="true"></i>'),
    ],
}


def _without_comments(template: str) -> str:
    return re.sub(r"\{#.*?#\}\n?", "", template, flags=re.S).strip()


@pytest.mark.parametrize("name", sorted(COMPONENT_EDITS))
def test_copied_theme_components_differ_from_the_theme_only_by_the_books_edits(name):
    theirs = _without_comments((_theme_dir() / "components" / name).read_text(encoding="utf-8"))
    for pattern, replacement in COMPONENT_EDITS[name]:
        theirs, n = re.subn(pattern, replacement, theirs)
        assert n, changed("pydata-sphinx-theme", f"components/{name}: {pattern} not found")
    ours = _without_comments((ROOT / "_templates" / name).read_text(encoding="utf-8"))
    assert ours == theirs, changed(
        "pydata-sphinx-theme", f"components/{name} changed: carry the change into "
        f"_templates/{name}")


# ---------------------------------------------------------------------------
# jupyter_client, pyzmq and nbclient (kunshan_kernels)
# ---------------------------------------------------------------------------
def test_async_channel_sends_through_the_blocking_channel_and_events_wake_waits():
    from jupyter_client.channels import AsyncZMQSocketChannel, ZMQSocketChannel
    from zmq import _future

    assert "def send" not in inspect.getsource(AsyncZMQSocketChannel), changed(
        "jupyter-client", "AsyncZMQSocketChannel defines its own send: check whether "
        "kunshan_kernels.send_then_recheck is still needed (tests/test_kernels.py)")
    assert "self.session.send(self.socket, msg)" in inspect.getsource(ZMQSocketChannel.send)
    assert "_schedule_remaining_events" in inspect.getsource(_future._AsyncSocket.get), \
        changed("pyzmq", "reading EVENTS no longer schedules pending receives "
                "(kunshan_kernels.send_then_recheck relies on it)")


def test_nbclient_creates_kernel_managers_the_book_can_swap_and_stops_them_at_once():
    from jupyter_client import AsyncKernelManager
    from nbclient import NotebookClient

    client = NotebookClient(SimpleNamespace(metadata={}, cells=[]))
    assert kunshan_kernels._ORIGINAL_CREATE_KERNEL_MANAGER.__name__ == "create_kernel_manager"
    traits = NotebookClient.class_traits()
    assert traits["kernel_manager_class"].default_value is AsyncKernelManager or (
        client.kernel_manager_class is AsyncKernelManager), changed(
        "nbclient", "the default kernel manager is no longer AsyncKernelManager")
    assert "immediate" in traits["shutdown_kernel"].values, changed(
        "nbclient", "shutdown_kernel has no 'immediate' (kunshan_kernels stops kernels so)")
    assert "transport" in AsyncKernelManager.class_traits() and hasattr(
        AsyncKernelManager, "_ip_default"), changed(
        "jupyter-client", "KernelManager has no transport trait / _ip_default")


# ---------------------------------------------------------------------------
# Altair (helpers.charts.live, helpers.widgets)
# ---------------------------------------------------------------------------
def test_altair_debug_mode_switches_validation_off_for_a_block():
    from altair.utils import schemapi

    before = schemapi.DEBUG_MODE
    with schemapi.debug_mode(not before):
        assert schemapi.DEBUG_MODE is (not before), changed(
            "altair", "schemapi.debug_mode no longer sets DEBUG_MODE (helpers.widgets, "
            "helpers.charts.live use it to skip a validation pass)")
    assert schemapi.DEBUG_MODE is before


# ---------------------------------------------------------------------------
# the weekly early warning (.github/workflows/upstream.yml; linted by test_workflow.py)
# ---------------------------------------------------------------------------
def test_upstream_workflow_is_weekly_non_blocking_and_builds_and_runs_the_fast_tier():
    import yaml

    flow = yaml.safe_load((ROOT / ".github/workflows/upstream.yml").read_text("utf-8"))
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as True
    assert set(triggers) == {"schedule", "workflow_dispatch"}  # gates no push or PR
    [cron] = [entry["cron"] for entry in triggers["schedule"]]
    assert cron.split()[2:4] == ["*", "*"] and cron.split()[4] != "*"  # one weekday
    [job] = flow["jobs"].values()
    assert job["env"]["KUNSHAN_UPSTREAM"] == "warn"
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert '"jupyter-book<2"' in runs and "--upgrade" in runs
    assert "make book" in runs and "make test-fast" in runs
    assert {"sphinx", "myst-nb", "pydata-sphinx-theme", "jupyter-client", "pyzmq",
            "nbclient", "altair"} <= set(kunshan_upstream.SUPPORTED) | set(runs.split())


def test_upstream_report_lists_the_packages_off_their_pins(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import upstream_report

    req = tmp_path / "requirements.txt"
    req.write_text(f"# pins\nsphinx=={version('sphinx')}\naltair==0.0.1\nnot-a-package==1.0\n"
                   "-e .\n", encoding="utf-8")
    rows = upstream_report.changes(upstream_report.pins([req]))
    assert rows == [("altair", "0.0.1", version("altair")),
                    ("not-a-package", "1.0", "not installed")]
    assert "| altair | 0.0.1 |" in upstream_report.report(rows)
