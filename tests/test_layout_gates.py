"""The layout check bites: one small page per rule, served locally, each breaking it once.

Each page is checked at the viewport where the fault shows; a clean page passes every rule,
so a rule that fires on the bad page fires because of its fault.
"""

from __future__ import annotations

import pytest
import sitecheck

pytestmark = pytest.mark.slow

HEAD = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{icon}<style>body{{margin:0;font:16px sans-serif}} article{{max-width:700px;margin:0 auto;
padding:0 24px}} div.math{{overflow-x:auto;padding:.6em 0}}
.vega-embed{{max-width:100%;overflow-x:auto}} .wrap{{max-width:100%;overflow-x:auto}}
.cue::before{{content:"Wide table: scroll sideways";display:block}}</style></head><body><main>
<article>"""
TAIL = "</article></main></body></html>"
ICON = '<link rel="icon" href="icon.svg">'
SVG_ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2">'
            '<rect width="2" height="2"/></svg>')


def _chart(width: int, text: str = "Title", font: int = 12, scale: float = 1.0) -> str:
    """A stand-in for a drawn Vega chart: a div.vega-embed holding svg.marks with text.

    Like the site before issue 11, a chart wider than its column scrolls inside its card.
    """
    drawn = int(width * scale)
    return (f'<div id="kunshan-chart-0" class="vega-embed"><svg class="marks" width="{width}" '
            f'height="60" viewBox="0 0 {width} 60" style="width:{drawn}px;height:auto">'
            f'<g class="role-mark"><text x="4" y="30" style="font-size:{font}px">{text}</text>'
            "</g></svg></div>")


def _wide_table(box_class: str) -> str:
    """A 900 px table in a box of the given class (``wrap`` scrolls, ``cue`` says so)."""
    return (f'<div class="{box_class}"><table style="width:900px"><thead><tr><th>Item</th>'
            "<th>Why not available</th></tr></thead><tbody><tr><td>Figure 2</td><td>"
            "Restricted microdata</td></tr></tbody></table></div>")


PAGES = {
    "clean.html": _chart(200) + '<div class="math"><math display="block"><mi>x</mi></math>'
    "</div>" + '<div class="cell_output"><table><thead><tr><th>Year</th><th>Share</th></tr>'
    "</thead><tbody><tr><td>2013</td><td>yes</td></tr></tbody></table></div>"
    + _wide_table("wrap cue") +
    '<div class="citation-list"><div class="citation">Bair and Gereffi, 2001. Local clusters.'
    "</div></div>",
    "chart-overflow.html": _chart(900),
    "chart-text-small.html": _chart(300, font=12, scale=0.5),
    "chart-text-cut.html": _chart(200, text="Kunshan Industrial Technology Researc\u2026"),
    "page-scroll-x.html": '<p style="width:1600px">a line wider than any window</p>',
    "math-clipped.html": '<div class="math" style="height:12px;overflow:hidden">'
    '<math display="block"><mfrac><mi>a</mi><mi>b</mi></mfrac></math></div>',
    "raw-repr.html": '<div class="cell_output"><pre>stage\n1    0.33\n2    0.67\n'
    "dtype: float64</pre></div>",
    "raw-table.html": '<div class="cell_output"><table><thead><tr><th></th><th>0</th><th>1'
    "</th><th>2</th></tr></thead><tbody><tr><th>0</th><td>True</td><td>a</td><td>b</td></tr>"
    "<tr><th>1</th><td>False</td><td>c</td><td>d...</td></tr></tbody></table></div>",
    "table-cut.html": _wide_table("wrap"),
    "bib-notes.html": '<div class="citation-list"><div class="citation">Bair, 2001. Local '
    "clusters. verified: fds.duke.edu, paperzz.com. DOI not displayed, so omitted.</div></div>",
}


def _write_pages(root, pages: dict[str, str]) -> None:
    """Write each page body, with the favicon, as a small site in ``root``."""
    (root / "icon.svg").write_text(SVG_ICON, encoding="utf-8")
    for name, body in pages.items():
        (root / name).write_text(HEAD.format(icon=ICON) + body + TAIL, encoding="utf-8")


@pytest.fixture(scope="module")
def gate_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("layout-gates")
    _write_pages(root, PAGES)
    (root / "favicon.html").write_text(HEAD.format(icon="") + "<p>no icon</p>" + TAIL,
                                       encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def gate_reports(gate_site):
    pages = sorted(p.name for p in gate_site.glob("*.html"))
    reports = sitecheck.check_site_layout(gate_site, pages)
    return {(r.page, r.viewport): r for r in reports}


@pytest.mark.parametrize("viewport", sorted(sitecheck.VIEWPORTS))
def test_a_clean_page_passes_every_layout_rule(gate_reports, viewport):
    assert gate_reports[("clean.html", viewport)].problems == []


@pytest.mark.parametrize("rule", sorted(sitecheck.LAYOUT_RULES))
def test_layout_rule_bites_on_a_page_that_breaks_it(gate_reports, rule):
    report = gate_reports[(f"{rule}.html", "phone")]
    assert rule in report.rules(), report.problems
    # the page breaks this rule, not others (so each rule is shown to bite on its own)
    assert report.rules() == {rule}, report.problems


# ------------------------------------------------------------------------------------------
# issue 20: solutions are measured open, and a filtered frame's row numbers are caught
EXTRA_PAGES = {
    # a closed solution holding a table cut with no cue: found only once the check opens it
    "closed-solution.html": "<details><summary>Solution</summary>" + _wide_table("wrap")
    + "</details>",
    # a filtered DataFrame shown with its surviving row numbers (63, 65, 67, 69)
    "row-numbers.html": '<div class="cell_output"><table><thead><tr><th></th><th>Industry'
    "</th><th>Value</th></tr></thead><tbody>"
    + "".join(f"<tr><th>{n}</th><td>x</td><td>1</td></tr>" for n in (63, 65, 67, 69))
    + "</tbody></table></div>",
}


@pytest.fixture(scope="module")
def extra_reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("layout-gates-20")
    _write_pages(root, EXTRA_PAGES)
    reports = sitecheck.check_site_layout(root, sorted(EXTRA_PAGES), viewports=["phone"])
    return {r.page: r for r in reports}


def test_layout_check_opens_a_closed_solution_before_measuring(extra_reports):
    report = extra_reports["closed-solution.html"]
    assert report.opened == 1 and report.still_closed == 0
    assert report.rules() == {"table-cut"}, report.problems


def test_raw_table_catches_the_row_numbers_of_a_filtered_frame(extra_reports):
    report = extra_reports["row-numbers.html"]
    assert report.rules() == {"raw-table"}, report.problems
    assert "63, 65, 67, 69" in report.problems[0]["detail"]
