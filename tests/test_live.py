"""Renderer choice: static-site HTML in the build and in plain Python, offline widget live."""

from __future__ import annotations

import altair as alt
import pytest

from helpers import charts, data, widgets

pytestmark = pytest.mark.fast


def test_plain_python_keeps_the_static_site_renderer(monkeypatch):
    monkeypatch.delenv(charts.STATIC_BUILD_ENV, raising=False)
    assert not charts.in_live_kernel()  # pytest is no kernel
    assert charts.choose_renderer() == "kunshan"
    assert alt.renderers.active == "kunshan"


def test_the_build_never_uses_the_live_widget(monkeypatch):
    monkeypatch.setenv(charts.STATIC_BUILD_ENV, "1")
    assert charts.in_static_build()
    assert not charts.in_live_kernel()


def test_live_view_is_an_offline_chart_widget_that_redraws_in_place():
    table = charts.stage_table(data.stages())
    view = charts.live_view(charts.stage_timeline(table))
    assert isinstance(view, alt.JupyterChart)
    assert alt.JupyterChart._is_offline  # JavaScript inlined from vl-convert, no CDN
    assert "cdn.jsdelivr" not in alt.JupyterChart._esm
    view.chart = charts.stage_timeline(table[table["stage"] == 2])
    rows = next(iter(view.spec["datasets"].values()))
    assert [r["stage"] for r in rows] == [2]


@pytest.fixture
def live_kernel(monkeypatch):
    """Pretend to be a live kernel: LivePanel then shows one JupyterChart and updates it."""
    monkeypatch.setattr(widgets.charts, "in_live_kernel", lambda: True)


def test_live_panel_redraws_one_widget_in_place(live_kernel):
    panel = widgets.stage_timeline_panel()
    assert isinstance(panel.view, alt.JupyterChart)
    assert panel.box.children[1] is panel.view
    panel.controls["stage"].value = 3
    rows = next(iter(panel.view.spec["datasets"].values()))
    assert [r["stage"] for r in rows] == [3]
    assert panel.renders == 2


def test_live_charts_fill_the_output_area_like_the_site(live_kernel):
    """Regression: in JupyterLab the Figure 4 matrix kept its default 20 px bands."""
    panel = widgets.stage_timeline_panel()
    assert panel.view.spec["width"] == "container"
    panel.controls["stage"].value = 2
    assert panel.view.spec["width"] == "container"  # a redraw keeps the sizing


def test_live_renderer_draws_the_responsive_spec_offline(monkeypatch):
    monkeypatch.setattr(charts.live, "in_live_kernel", lambda: True)
    try:
        assert charts.choose_renderer() == "kunshan-live"
        for chart in (charts.stage_timeline(charts.stage_table(data.stages())), charts.hhi_path(
                data.load("concentration").query("measure == 'hhi'"))):
            mimebundle, _ = alt.renderers.get()(chart.to_dict())
            assert "application/vnd.jupyter.widget-view+json" in mimebundle
        assert alt.JupyterChart._is_offline
    finally:
        monkeypatch.undo()
        charts.choose_renderer()
    assert alt.renderers.active == "kunshan"
