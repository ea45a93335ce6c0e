"""The built site in headless Chromium: offline, every chart drawn, inputs live, accessible.

The page checks (offline, errors, inputs, weight, accessibility) and the phone/desktop layout
run over both editions, full and student (``edition_site``); the student edition has the
same stylesheet, scripts and charts, so the lazy-section and no-JavaScript checks run over
the full one only.
"""

from __future__ import annotations

import pytest
import sitecheck

from helpers import pages

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def edition_browser_pass(request, edition_site):
    """Every page of the edition in Chromium: two visits per page, run in the background
    once the edition's build is done (tests/conftest.py, ``sitecheck.check_edition``)."""
    import conftest

    return conftest.edition_browser_pass(request.config, edition_site)


@pytest.fixture(scope="session")
def reports(edition_browser_pass):
    """What each page did in the browser (the page checks, at the desktop size)."""
    return edition_browser_pass[0]


def test_browser_visits_every_page(edition_site, reports):
    assert [r.page for r in reports] == sitecheck.site_pages(edition_site)
    checked = [r for r in reports if r.redirect_to is None]
    assert len(checked) >= 10
    # a redirect (the site root) is not opened itself; its target must be a checked page
    for r in reports:
        if r.redirect_to is not None:
            assert r.redirect_to in {c.page for c in checked}


def test_no_request_leaves_the_origin(reports):
    assert {r.page: r.external_requests for r in reports if r.external_requests} == {}


def test_every_chart_renders_marks(reports):
    assert sum(r.charts for r in reports) >= 1
    assert {r.page: r.charts_failed for r in reports if r.charts_failed} == {}


def test_no_uncaught_page_errors(reports):
    assert {r.page: r.page_errors for r in reports if r.page_errors} == {}


def test_every_bound_input_changes_its_chart(reports):
    inputs = [(r.page, i) for r in reports for i in r.inputs]
    assert inputs, "no chart on the site has a bound input"
    assert [(p, i) for p, i in inputs if not i.changed] == []


def test_every_page_is_within_its_weight_budget(edition_site, reports):
    """First visit, gzip, without the shared Vega bundle (issue 14): everything else the
    page requested while loading (HTML, stylesheets, scripts, fonts, images)."""
    over, weighed = {}, 0
    for r in reports:
        if r.redirect_to is not None:
            continue
        parts = sitecheck.load_weight(edition_site, r.requests)
        assert parts["html"] > 0, f"{r.page}: the page itself is not among its requests"
        kib = (parts["html"] + parts["assets"]) / 1024
        budget = sitecheck.WEIGHT_BUDGET_KIB["chart" if r.charts else "plain"]
        weighed += 1
        if kib > budget:
            over[r.page] = f"{kib:.0f} KiB gzip, budget {budget:.0f} KiB"
    assert weighed >= 10 and over == {}


def test_no_serious_or_critical_accessibility_violations(reports):
    found = {r.page: r.serious_violations for r in reports if r.serious_violations}
    assert found == {}


@pytest.fixture(scope="session")
def full_browser_pass(request, site):
    """The full edition's browser pass (the same one ``edition_browser_pass`` gives)."""
    import conftest

    return conftest.edition_browser_pass(request.config, site)


def test_lazy_sections_leave_every_block_where_it_was(site, full_browser_pass):
    """Sub-sections are laid out only once near the screen (``content-visibility``, so that
    the first paint lays out less; issue 14). Once a reader has scrolled through a page,
    every block sits exactly where it sits without those rules, on a phone and a desktop
    (such a section is a formatting context of its own, which changes how margins merge).

    The lazy positions are the ones the browser pass recorded in its visits (charts drawn,
    read through, no dropdown open yet); the eager ones come from visits of their own."""
    for viewport in sitecheck.VIEWPORTS:
        lazy = {r.page: r.blocks for r in full_browser_pass[1]
                if r.viewport == viewport and r.redirect_to is None}
        eager = sitecheck.block_positions(site, viewport, lazy=False)
        assert sorted(lazy) == sorted(eager), viewport
        assert sum(p["lazy"] for p in lazy.values()) >= 20, viewport
        assert sum(p["lazy"] for p in eager.values()) == 0, viewport
        moved = {}
        for page, found in lazy.items():
            if len(found["blocks"]) != len(eager[page]["blocks"]):
                moved[page] = ("blocks", len(eager[page]["blocks"]), len(found["blocks"]))
                continue
            pairs = zip(eager[page]["blocks"], found["blocks"], strict=True)
            shifts = [b - a for a, b in pairs if b != a]
            if shifts:
                moved[page] = ("shifted by px", shifts[:5])
        assert moved == {}, viewport
        assert sum(len(p["blocks"]) for p in lazy.values()) > 1000


# ---------------------------------------------------------------------------
# what a reader sees on a phone (390 x 844) and on a desktop (1280 x 900)
# ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def layouts(edition_browser_pass):
    """Each page's layout at both sizes (the desktop one measured in the page-check visit)."""
    return edition_browser_pass[1]


def test_every_page_is_measured_at_both_sizes(edition_site, layouts):
    measured = {(r.page, r.viewport) for r in layouts if r.redirect_to is None}
    pages = {r.page for r in layouts if r.redirect_to is None}
    assert len(pages) >= 10
    assert measured == {(p, v) for p in pages for v in sitecheck.VIEWPORTS}
    # every page with charts is measured with them drawn, at their column's width
    assert sum(r.charts for r in layouts) >= 2


def test_every_solution_is_open_when_the_layout_is_measured(layouts):
    """Issue 20: raw outputs and a cut table hid in closed solutions; measure them open."""
    closed = {f"{r.page} @ {r.viewport}": r.still_closed for r in layouts if r.still_closed}
    assert closed == {}
    n_solutions = sum(p.n_exercises for p in pages.exercise_counts())
    for viewport in sitecheck.VIEWPORTS:
        assert sum(r.opened for r in layouts if r.viewport == viewport) >= n_solutions


@pytest.mark.parametrize("rule", sorted(sitecheck.LAYOUT_RULES))
def test_no_page_breaks_the_layout_rule(layouts, rule):
    found = {f"{r.page} @ {r.viewport}": [p["detail"] for p in r.problems if p["rule"] == rule]
             for r in layouts}
    assert {k: v for k, v in found.items() if v} == {}, sitecheck.LAYOUT_RULES[rule]


# ---------------------------------------------------------------------------
# without JavaScript, and in print: the build-time drawings (issue 14)
# ---------------------------------------------------------------------------
_DRAWINGS_JS = """
() => Array.from(document.querySelectorAll('.kunshan-chart')).map(h => {
  const shown = Array.from(h.querySelectorAll('svg.marks'))
    .filter(s => s.getBoundingClientRect().height > 0);
  const box = h.getBoundingClientRect();
  return {shown: shown.length,
          fits: shown.every(s => s.getBoundingClientRect().right <= box.right + 1),
          inputs: Array.from(h.querySelectorAll('.vega-bindings'))
            .filter(f => f.getBoundingClientRect().height > 0).length};
})
"""


@pytest.mark.parametrize("media", ["screen", "print"])
def test_every_chart_shows_its_drawing_without_javascript(site, media):
    pages = [p for p in sitecheck.site_pages(site)
             if "kunshan-chart-spec" in (site / p).read_text(encoding="utf-8")]
    assert pages
    found = {}
    with sitecheck.serve(site) as base, sitecheck.chromium() as browser:
        for viewport, (width, height) in sitecheck.VIEWPORTS.items():
            context = browser.new_context(java_script_enabled=False,
                                          viewport={"width": width, "height": height})
            page = context.new_page()
            page.emulate_media(media=media)
            for path in pages:
                page.goto(f"{base}/{path}", wait_until="load")
                found[(path, viewport)] = page.evaluate(_DRAWINGS_JS)
            context.close()
    # one drawing per chart, inside its card; the inert inputs are for script readers only
    bad = {k: v for k, v in found.items()
           if not v or any(c != {"shown": 1, "fits": True, "inputs": 0} for c in v)}
    assert bad == {}
