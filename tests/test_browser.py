"""The built site in headless Chromium: offline, every chart drawn, inputs live, accessible."""

from __future__ import annotations

import pytest
import sitecheck


@pytest.fixture(scope="session")
def reports(site):
    return sitecheck.check_site(site)


def test_browser_visits_every_page(site, reports):
    assert [r.page for r in reports] == sitecheck.site_pages(site)
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


def test_no_serious_or_critical_accessibility_violations(reports):
    found = {r.page: r.serious_violations for r in reports if r.serious_violations}
    assert found == {}
