"""The strict build: zero warnings, every page of the table of contents produced."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files += [s["file"] for s in chapter.get("sections", [])]
    return files


def test_strict_build_succeeds_with_zero_warnings(built_book):
    assert built_book.returncode == 0, built_book.log[-4000:]
    pattern = re.compile(r"(WARNING|ERROR|CRITICAL):")
    warnings = [line for line in built_book.log.splitlines() if pattern.search(line)]
    assert warnings == []


def test_every_toc_entry_becomes_a_page(site):
    missing = [f for f in toc_files() if not (site / f"{f}.html").exists()]
    assert missing == []


def test_chart_pages_link_the_local_vega_bundle_and_no_cdn(site):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r'<script[^>]+src="https?://', text), html.name
        assert not re.search(r'<link[^>]+href="https?://[^"]+\.css', text), html.name
        if "kunshan-chart-spec" in text:
            bundle = r'data-vega-bundle="[^"]*_static/kunshan-vega/vega-bundle-[^"]+\.js"'
            assert re.search(bundle, text), html.name


def test_vega_bundle_is_shipped_once(site):
    bundles = list((site / "_static").rglob("vega-bundle-*.js"))
    assert len(bundles) == 1
    text = bundles[0].read_text(encoding="utf-8")
    assert text.count("window.VEGA_DEBUG=Object.assign(") == 1 and "window.vegaEmbed" in text
    assert "cdn.jsdelivr" not in text.split("*/", 1)[0]


def test_download_menu_offers_the_chapter_as_a_notebook_that_reads_like_lab(site):
    """Issue 13, item 5: the .ipynb holds the chapter's cells and no static-site outputs."""
    import jupytext
    import nbformat

    index = (site / "book" / "index.html").read_text(encoding="utf-8")
    assert ".ipynb" in index
    for name in ("index", "ch05_specialisation"):
        offered = nbformat.reads(
            (site / "_sources" / "book" / f"{name}.ipynb").read_text(encoding="utf-8"), 4
        )
        source = jupytext.read(ROOT / "book" / f"{name}.md")
        assert [c.source for c in offered.cells] == [c.source for c in source.cells]
        assert all(c.get("outputs") in (None, []) for c in offered.cells)
        # saving it in JupyterLab does not write evaluated numbers into the source
        filters = offered.metadata["jupytext"].get("cell_metadata_filter", "")
        assert "-user_expressions" in filters


def _ext():
    import sys

    sys.path.insert(0, str(ROOT / "_ext"))
    import kunshan_build

    return kunshan_build


def test_exercises_of_an_unnumbered_page_are_numbered_from_one():
    """Regression (issue 11): the Data appendix started at Exercise 4."""
    body = ('<span class="caption-number">Exercise 4 </span>'
            '<a href="#a"> Exercise 4</a><span class="caption-number">Exercise 5 </span>')
    out = _ext().renumber_page_exercises(body)
    assert out.count("Exercise 1") == 2 and "Exercise 2 " in out and "Exercise 4" not in out
    numbered = '<span class="caption-number">Exercise 3.2 </span>'
    assert _ext().renumber_page_exercises(numbered) == numbered


def test_reference_list_style_is_author_year_and_prints_no_maintainer_notes():
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    _ext().register_bibliography_style()
    bib = parse_string("""
        @article{a, author = {Bair, Jennifer and Gereffi, Gary}, title = {Local clusters},
          journal = {World Development}, year = {2001},
          verification = {verified: paperzz.com}, note = {DOI not displayed, so omitted}}
        @article{b, author = {Boschma, Ron and Frenken, Koen and Neffke, Frank},
          title = {Relatedness}, journal = {Regional Studies}, year = {2017}}
    """, "bibtex")
    style = find_plugin("pybtex.style.formatting", "kunshan")()
    entries = list(style.format_entries(bib.entries.values()))
    assert [e.label for e in entries] == ["Bair and Gereffi, 2001", "Boschma et al., 2017"]
    text = entries[0].text.render_as("text")
    assert "Local clusters" in text and "verified" not in text and "DOI not" not in text


def test_build_jobs_are_the_usable_cpus_or_a_whole_number_and_nothing_else():
    jobs = _ext().build_jobs
    assert jobs("auto", cpus=2) == 2 and jobs("auto", cpus=None) >= 1 and jobs(1) == 1
    for bad in (0, -1, "two", True, 1.5):
        with pytest.raises(ValueError, match=r"kunshan_build_jobs must be 'auto'.*got"):
            jobs(bad)


# ---------------------------------------------------------------------------
# light pages, charts in the first paint (issue 14)
# ---------------------------------------------------------------------------
def _pages(site):
    import sitecheck

    return [site / page for page in sitecheck.site_pages(site)]


def test_no_page_loads_a_render_blocking_script_or_a_chart_without_its_drawing(site):
    check = _site_ext().page_problems
    problems = {p.relative_to(site).as_posix(): check(p.read_text(encoding="utf-8"))
                for p in _pages(site)}
    assert {k: v for k, v in problems.items() if v} == {}


def test_every_chart_arrives_drawn_for_desktop_and_phone(site):
    drawn = 0
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        ids = re.findall(r'class="kunshan-chart-spec" data-for="([\w-]+)"', text)
        assert "<!--kunshan-static:" not in text, page.name
        if ids:  # the first paint waits for the first drawing
            assert f'<link rel="expect" href="#{ids[0]}" blocking="render" />' in text, page.name
        for ident in ids:
            holder = text[text.index(f'<div id="{ident}" class="kunshan-chart">'):]
            holder = holder[:holder.index("</svg></div>", holder.index("kunshan-svg-narrow"))]
            for size in ("wide", "narrow"):
                svg = holder[holder.index(f'<div class="kunshan-svg-{size}"><svg'):]
                assert 'class="marks"' in svg[:400] and "role-mark" in svg, (page.name, ident)
            drawn += 1
    assert drawn >= 10


def test_no_page_carries_live_code_settings(site):
    # sphinx-thebe's per-page settings serve a Live Code button the book does not have
    carrying = [p.name for p in _pages(site) if "x-thebe-config" in (
        text := p.read_text(encoding="utf-8")) or "kernelName" in text]
    assert carrying == []


def test_only_the_search_page_loads_the_search_index(site):
    loading = sorted(p.relative_to(site).as_posix() for p in _pages(site)
                     if "searchindex.js" in p.read_text(encoding="utf-8"))
    assert loading == ["search.html"]


def test_no_page_loads_the_icon_script_and_every_icon_shown_has_a_glyph(site):
    css = (site / "_static" / "kunshan-site" / "pydata-sphinx-theme.css").read_text()
    styles = {"fa-solid", "fa-regular", "fa-brands", "fa-lg", "fa-fw", "fa-2x"}
    shown = set()
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, page.name
        for classes in re.findall(r'<i class="([^"]*)"', text):
            shown |= {c for c in classes.split() if c.startswith("fa-")} - styles
    assert shown, "the theme shows no icons any more: update this test"
    missing = [name for name in sorted(shown) if not re.search(
        rf"\.{name}:{{1,2}}before[,{{]", css)]
    assert missing == []
    for font in ("fa-solid-900", "fa-brands-400"):
        assert (site / "_static" / "kunshan-site" / f"{font}.woff2").stat().st_size < 8000


def _site_ext():
    _ext()
    import kunshan_site

    return kunshan_site


def test_page_check_catches_a_blocking_script_and_a_chart_without_its_drawing():
    """The check that fails a strict build (kunshan_site._check_pages) bites."""
    check = _site_ext().page_problems
    assert check('<head><script src="x.js"></script></head>') == [
        "render-blocking script x.js"]
    assert check('<script defer src="x.js"></script><script async src="y.js"></script>'
                 '<script type="module" src="z.js"></script><script>var a;</script>') == []
    # a classic inline script after a stylesheet, in the head or before the first chart,
    # makes the parser wait there for every stylesheet; before them, or as a module or
    # data, it does not
    sheet = '<link rel="stylesheet" href="s.css" />'
    chart0 = '<div id="kunshan-chart-0" class="kunshan-chart">'
    assert check(f'<head><script>let a = 1;</script>{sheet}</head>') == []
    assert check(f'<head>{sheet}<script>let hint = 1;</script></head>') == [
        "inline script after the stylesheets: let hint = 1;"]
    assert check(f'<head>{sheet}</head><p>text</p><script type="text/javascript">b()</script>'
                 f'{chart0}') == ["inline script after the stylesheets: b()"]
    assert check(f'<head>{sheet}<script type="module">c()</script></head>'
                 f'<script type="application/json">{{}}</script>{chart0}'
                 f'<script>after_the_chart()</script>') == []
    chart = ('<div id="kunshan-chart-0" class="kunshan-chart"><div class="kunshan-chart-static">'
             '<!--kunshan-static:kunshan-chart-0--></div></div><script type="application/json" '
             'class="kunshan-chart-spec" data-for="kunshan-chart-0">{}</script>')
    assert check(chart) == ["chart kunshan-chart-0 has no static drawing"]


def test_build_draws_each_chart_for_both_columns_with_ids_of_its_own():
    import altair as alt
    import pandas as pd

    from helpers import charts

    pick = alt.param(name="pick", value="a", bind=alt.binding_select(
        options=["a", "b"], name="Series: "))
    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line(clip=True).encode(
        x="x:Q", y=alt.Y("y:Q", scale=alt.Scale(domain=[3, 3.5]))).add_params(pick)
    page = _site_ext().static_charts(charts.to_html(chart) + charts.to_html(chart))
    assert "<!--kunshan-static:" not in page and _site_ext().page_problems(page) == []
    widths = re.findall(r'<div class="kunshan-svg-(\w+)"><svg[^>]* width="(\d+)"', page)
    assert widths == [("wide", "660"), ("narrow", "330")] * 2
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) and any("clip" in i for i in ids)
    for ref in re.findall(r'url\(#([^)]+)\)', page):
        assert ref in ids
    # an inert copy of the input sits where Vega will draw it
    assert page.count('<span class="vega-bind-name">Series: </span><select disabled>') == 2
