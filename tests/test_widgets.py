"""Live controls: driving each widget factory programmatically re-renders its chart."""

from __future__ import annotations

import pytest

from helpers import charts, data, widgets

pytestmark = pytest.mark.fast


def test_live_panel_static_bundle_is_a_note_not_an_empty_box():
    panel = widgets.stage_timeline_panel()
    bundle = panel._repr_mimebundle_()
    assert "runs in a live" in bundle["text/html"]
    assert "kunshan-live-note" in bundle["text/html"]


def test_stage_timeline_panel_redraws_for_the_chosen_stage():
    panel = widgets.stage_timeline_panel()
    before = next(iter(panel.chart.to_dict()["datasets"].values()))
    assert [r["stage"] for r in before] == [1, 2, 3]
    panel.controls["stage"].value = 2
    after = panel.chart.to_dict()
    rows = next(iter(after["datasets"].values()))
    assert [r["stage"] for r in rows] == [2]
    assert panel.renders == 2


def test_stage_dropdown_offers_all_stages_then_each_stage():
    dd = widgets.stage_dropdown()
    assert dd.options[0] == ("All stages", widgets.ALL)
    # regression: a None value made ipywidgets show an empty box instead of "All stages"
    assert dd.label == "All stages"
    assert [label for label, _ in dd.options[1:]] == charts.stage_labels(data.stages())


def test_sector_multiselect_rejects_unknown_selection():
    with pytest.raises(ValueError, match="not in the list"):
        widgets.sector_multiselect(["a", "b"], selected=["c"])


def test_live_panel_needs_controls():
    with pytest.raises(ValueError, match="at least one widget"):
        widgets.LivePanel({}, lambda: None)


def test_ch02_coalition_panel_redraws_for_stage_and_rows():
    from helpers import widgets as w

    panel = w.coalition_panel()

    def rows_of(chart):
        return next(iter(chart.to_dict()["datasets"].values()))

    before = rows_of(panel.chart)
    assert {r["stage"] for r in before} == {1, 2, 3}
    panel.controls["stage"].value = 3
    after = rows_of(panel.chart)
    assert {r["stage"] for r in after} == {3}
    assert panel.renders == 2
    spec = panel.chart.to_dict()
    assert "geographic scale" not in _ch02_filters(spec)
    panel.controls["rows"].value = "scale"
    assert "geographic scale" in _ch02_filters(panel.chart.to_dict())
    assert panel.renders == 3


def _ch02_filters(spec) -> str:
    """The chart's filter expressions, as text (the rows shown are chosen by a filter)."""
    import json

    return json.dumps([t for t in spec.get("transform", []) if "filter" in t])


# --- ch04/ch05 panels ------------------------------------------------------------------------
def _ch04_rows(chart):
    return next(iter(chart.to_dict()["datasets"].values()))


def test_ch04_event_timeline_panel_redraws_for_stage_scale_and_resource():
    from helpers import data, widgets

    events = data.load("events")
    panel = widgets.event_timeline_panel()
    assert panel.values() == {"stage": 1, "scale": None, "resource": None}
    assert len(_ch04_rows(panel.chart)) == int((events["stage"] == 1).sum())
    assert panel.controls["scale"].label == "All scales"
    assert panel.controls["resource"].label == "All resources"
    panel.controls["stage"].value = widgets.ALL
    assert panel.controls["stage"].label == "All stages"
    assert len(_ch04_rows(panel.chart)) == len(events)
    panel.controls["resource"].value = "land"
    rows = _ch04_rows(panel.chart)
    assert {r["match"] for r in rows} == {True, False}
    panel.controls["scale"].value = "national"
    both = [r for r in _ch04_rows(panel.chart) if r["match"]]
    assert all("national" in r["scales"] and "land" in r["resources"] for r in both)
    assert panel.renders == 4


def test_ch04_event_timeline_panel_rejects_a_stage_without_events():
    import pytest

    from helpers import widgets

    with pytest.raises(ValueError, match="stage"):
        widgets.event_timeline_panel(stage=9)


def test_ch05_synthetic_sector_concentration_is_labelled_synthetic():
    from helpers import widgets

    frame = widgets.synthetic_sector_concentration(n_rows=3_000, seed=1)
    assert frame.attrs["synthetic"] is True
    assert frame["sector"].str.startswith("Synthetic division").all()
    assert ((frame["hhi"] > 0) & (frame["hhi"] <= frame["cr4"] + 1e-12)).all()


def test_ch05_synthetic_concentration_panel_redraws_for_sectors_and_stage():
    from helpers import widgets

    frame = widgets.synthetic_sector_concentration(n_rows=3_000, seed=1)
    panel = widgets.synthetic_concentration_panel(frame, n_sectors=2)
    first = {r["sector_label"] for r in _ch04_rows(panel.chart)}
    assert len(first) == 2
    assert "SYNTHETIC" in panel.chart.to_dict()["title"]
    pick = sorted(frame["sector"].unique())[:1]
    panel.controls["sectors"].value = tuple(pick)
    assert {r["sector_label"] for r in _ch04_rows(panel.chart)} == set(pick)
    panel.controls["stage"].value = 1  # no synthetic year in stage 1: says so
    assert "no year of this stage" in panel.chart.to_dict()["description"]
    panel.controls["stage"].value = 2
    years = {r["year"] for r in _ch04_rows(panel.chart)}
    assert years and min(years) >= 1998 and max(years) <= 2009
    panel.controls["sectors"].value = ()
    assert "at least one sector" in panel.chart.to_dict()["description"]


# --- metrics lab (book/metrics_lab.md) ---------------------------------------------------------
def test_lab_metrics_panel_redraws_for_region_indicator_and_year():
    import pandas as pd

    from helpers import byod
    from helpers.synthetic import SYNTHETIC_DIR

    m = byod.read_regional_csv(SYNTHETIC_DIR / "regions.csv")
    groups = pd.read_csv(SYNTHETIC_DIR / "industry_groups.csv").set_index("industry")["group"]
    panel = widgets.metrics_lab_panel(byod.indicator_table(m, groups), synthetic=True)
    assert set(panel.controls) == {"region", "indicator", "year"}

    def rows():
        return next(iter(panel.chart.to_dict()["datasets"].values()))

    assert {r["indicator"] for r in rows()} == {"HHI"} and {r["year"] for r in rows()} == {2020}
    panel.controls["indicator"].value = "Entropy (bits)"
    panel.controls["year"].value = 2000
    panel.controls["region"].value = "Region C"
    assert {r["indicator"] for r in rows()} == {"Entropy (bits)"}
    assert {r["year"] for r in rows()} == {2000}
    assert [r["region"] for r in rows() if r["chosen"]] == ["Region C"]
    assert panel.chart.to_dict()["title"]["text"].startswith("SYNTHETIC")
    assert panel.renders == 4


def test_lab_metrics_panel_without_years_has_no_year_control():
    import pandas as pd

    table = pd.DataFrame({"region": ["A", "B"], "indicator": ["HHI", "HHI"], "value": [0.2, 0.5]})
    panel = widgets.metrics_lab_panel(table)
    assert set(panel.controls) == {"region", "indicator"}
    panel.controls["region"].value = "B"
    rows = next(iter(panel.chart.to_dict()["datasets"].values()))
    assert [r["region"] for r in rows if r["chosen"]] == ["B"]


def test_lab_metrics_panel_rejects_a_table_without_values():
    import pandas as pd

    with pytest.raises(ValueError, match="table is missing column"):
        widgets.metrics_lab_panel(pd.DataFrame({"region": ["A"], "indicator": ["HHI"]}))


def test_ch06_emerging_panel_redraws_for_chosen_industries_and_measure():
    panel = widgets.emerging_panel()
    rows = next(iter(panel.chart.to_dict()["datasets"].values()))
    assert len({r["name"] for r in rows}) == 8
    panel.controls["sectors"].value = ("New materials", "New energy")
    rows = next(iter(panel.chart.to_dict()["datasets"].values()))
    assert {r["name"] for r in rows} == {"New materials", "New energy"}
    assert "2 of the 8" in panel.chart.to_dict()["title"]
    before = panel.chart.to_dict()
    panel.controls["measure"].value = "share"
    after = panel.chart.to_dict()
    assert "datum.share" in _ch06_json(after) and "datum.share" not in _ch06_json(before)
    assert panel.renders == 3


def test_ch06_emerging_panel_empty_pick_draws_every_industry():
    panel = widgets.emerging_panel()
    panel.controls["sectors"].value = ()
    rows = next(iter(panel.chart.to_dict()["datasets"].values()))
    assert len({r["name"] for r in rows}) == 8


def test_ch06_measure_dropdown_rejects_empty_measures():
    with pytest.raises(ValueError, match="measures"):
        widgets.measure_dropdown({})


def test_ch07_coalition_stage_panel_redraws_for_the_chosen_stage():
    panel = widgets.coalition_stage_panel()
    rows = next(iter(panel.chart.to_dict()["datasets"].values()))
    assert {r["stage"] for r in rows} == {1, 2, 3}
    panel.controls["stage"].value = 3
    rows = next(iter(panel.chart.to_dict()["datasets"].values()))
    assert {r["stage"] for r in rows} == {3}
    assert "stage 3" in panel.chart.to_dict()["title"]["text"]  # a title with a key line


def _ch06_json(spec) -> str:
    import json

    return json.dumps(spec)


def test_beyond_io_density_panel_reranks_candidates_for_portfolio_and_specification():
    from helpers import io_analysis

    panel = widgets.io_density_panel(2002)
    labels = panel.controls["sectors"].value
    assert {label[:3] for label in labels} == {"023", "024", "025", "026", "027", "028",
                                               "038", "039", "040", "041", "042", "043", "044"}
    first = panel.chart.to_dict()
    values = first["datasets"][first["layer"][1].get("data", first.get("data"))["name"]]
    assert len(values) == 72  # every manufacturing sector is drawn, the portfolio unranked
    direct = io_analysis.io_density_ranking(2002, ["17", "18", "26"])
    best_it = int(direct.loc[direct["it"], "rank"].min())
    assert first["title"]["text"] == f"2002: best IT sector ranks {best_it} of 59 candidates"
    # a portfolio of computers alone puts electronic components first among candidates
    computers = [o for o in panel.controls["sectors"].options if o.startswith("075 ")]
    panel.controls["sectors"].value = tuple(computers)
    ranked = panel.chart.to_dict()
    assert ranked["title"]["text"] == "2002: best IT sector ranks 1 of 71 candidates"
    before = panel.renders
    panel.controls["normalisation"].value = "leontief"
    assert panel.renders == before + 1
    assert panel.chart.to_dict()["title"]["subtitle"] == "max, leontief total, total flows"


def test_beyond_io_density_panel_with_no_sector_says_so():
    panel = widgets.io_density_panel(2002)
    panel.controls["sectors"].value = ()
    assert "Pick at least one sector" in str(panel.chart.to_dict())


def test_beyond_io_density_panel_rejects_unknown_codes():
    with pytest.raises(ValueError, match="not manufacturing sectors of 2002"):
        widgets.io_density_panel(2002, portfolio=["001"])
