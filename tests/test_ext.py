"""Unit tests of the local Sphinx extensions in ``_ext/`` (no build: the fast tier)."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.fast


def _ext():
    sys.path.insert(0, str(ROOT / "_ext"))
    import kunshan_build

    return kunshan_build


def _site_ext():
    _ext()
    import kunshan_site

    return kunshan_site


def test_exercises_of_an_unnumbered_page_are_numbered_from_one():
    """Regression (issue 11): the Data appendix started at Exercise 4."""
    sys.path.insert(0, str(ROOT / "_ext"))
    import kunshan_markup

    numbers = {
        "ch03": {"exercise": {"a": (3, 1), "b": (3, 2)}, "figure": {"f": (3, 1)}},
        "checks": {"exercise": {"c": (3,)}},
        "appendix": {"exercise": {"e": (5,), "d": (4,)}, "figure": {"g": (7,)}},
        "glossary": {"figure": {"h": (8,)}},
    }
    assert kunshan_markup.renumber_unnumbered(numbers) == ["checks", "appendix"]
    assert numbers["appendix"] == {"exercise": {"d": (1,), "e": (2,)}, "figure": {"g": (7,)}}
    assert numbers["checks"]["exercise"] == {"c": (1,)}
    assert numbers["ch03"]["exercise"] == {"a": (3, 1), "b": (3, 2)}  # chapter.number kept
    assert kunshan_markup.renumber_unnumbered(numbers) == []  # a second pass changes nothing


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
             '</div></div><script type="application/json" '
             'class="kunshan-chart-spec" data-for="kunshan-chart-0">{}</script>')
    assert check(chart) == ["chart kunshan-chart-0 has no static drawing"]
    # one drawing of the two is not enough
    half = chart.replace('"kunshan-chart-static">', '"kunshan-chart-static"><div class='
                         '"kunshan-svg-wide"><svg class="marks"></svg></div>')
    assert check(half) == ["chart kunshan-chart-0 has no static drawing"]
    # two holders with one id: the one without drawings is still found
    drawn = chart.replace('"kunshan-chart-static">', '"kunshan-chart-static"><div class='
                          '"kunshan-svg-wide"><svg class="marks"></svg></div><div class='
                          '"kunshan-svg-narrow"><svg class="marks"></svg></div>')
    assert check(drawn) == []
    assert check(drawn + chart) == ["chart id kunshan-chart-0 is used by 2 charts",
                                    "chart kunshan-chart-0 has no static drawing"]


def test_build_draws_each_chart_for_both_columns_with_ids_of_its_own():
    import altair as alt
    import pandas as pd

    from helpers import charts

    pick = alt.param(name="pick", value="a", bind=alt.binding_select(
        options=["a", "b"], name="Series: "))
    chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_line(clip=True).encode(
        x="x:Q", y=alt.Y("y:Q", scale=alt.Scale(domain=[3, 3.5]))).add_params(pick)
    from helpers import chart_contract

    site = _site_ext()
    payload = chart_contract.read_payload(
        charts._chart_bundle(chart.to_dict())[chart_contract.CHART_MIME])
    page = "".join(chart_contract.holder_html(i, payload, site.static_drawings(payload.spec, i))
                   for i in ("kunshan-chart-0", "kunshan-chart-1"))
    assert site.page_problems(page) == []
    widths = re.findall(r'<div class="kunshan-svg-(\w+)"><svg[^>]* width="(\d+)"', page)
    assert widths == [("wide", "660"), ("narrow", "330")] * 2
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) and any("clip" in i for i in ids)
    for ref in re.findall(r'url\(#([^)]+)\)', page):
        assert ref in ids
    # an inert copy of the input sits where Vega will draw it
    assert page.count('<span class="vega-bind-name">Series: </span><select disabled>') == 2


def test_no_extension_reads_or_edits_a_page_body_as_text():
    """Issue 23: pages are made in the doctree, the HTML visitors and the chart contract's
    renderer; no html-page-context handler searches or rewrites the rendered body."""
    for path in sorted((ROOT / "_ext").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"""context(?:\.get\(|\[)\s*["']body["']""", source), path.name
