"""Chart builders: theme, stage colours, descriptions, bound inputs, offline HTML."""

from __future__ import annotations

import json

import altair as alt
import pytest

from helpers import charts, data, emerging_analysis

pytestmark = pytest.mark.fast

#: the stage table every stage chart is given (data/stages.csv)
STAGES = data.stages()


def spec(chart) -> dict:
    return chart.to_dict()


def test_every_stage_has_a_fixed_colour_and_shape():
    stages = charts.stage_table(STAGES)
    assert list(stages["stage"]) == sorted(data.stages()["stage"])
    assert stages["colour"].notna().all() and stages["shape"].notna().all()
    assert stages["colour"].is_unique and stages["shape"].is_unique
    assert set(charts.STAGE_COLOURS.values()) <= set(charts.PALETTE)


def test_theme_is_enabled_and_uses_the_palette():
    assert alt.theme.active == "kunshan"
    assert charts.kunshan_theme()["config"]["range"]["category"] == charts.PALETTE


def test_chart_output_is_the_chart_mime_type_and_never_html_or_a_cdn():
    from helpers import chart_contract

    bundle = charts._chart_bundle(charts.stage_timeline(STAGES).to_dict())
    assert set(bundle) == {chart_contract.CHART_MIME, "text/plain"}
    payload = chart_contract.read_payload(bundle[chart_contract.CHART_MIME])
    assert payload.embed["renderer"] == "svg"
    assert "Stage 1" in payload.description and bundle["text/plain"].endswith("[chart]")
    html = charts.to_html(charts.stage_timeline(STAGES))
    assert "<script src=" not in html and "cdn." not in html


def test_stage_timeline_binds_a_stage_select_and_describes_itself():
    s = spec(charts.stage_timeline(STAGES))
    params = [p for p in s.get("params", []) if "bind" in p]
    assert len(params) == 1 and params[0]["bind"]["input"] == "select"
    assert params[0]["bind"]["options"][1:] == charts.stage_labels(STAGES)
    assert "Stage 1" in s["description"] and s["title"]


def test_stage_timeline_without_select_has_no_input():
    s = spec(charts.stage_timeline(STAGES, select=False))
    assert not [p for p in s.get("params", []) if "bind" in p]


def test_add_stage_label_rejects_an_unknown_stage():
    import pandas as pd

    with pytest.raises(ValueError, match="unknown stage"):
        charts.add_stage_label(pd.DataFrame({"stage": [1, 9]}), STAGES)


def test_stage_charts_take_their_stages_from_the_frame_they_are_given():
    renamed = STAGES.assign(name=STAGES["name"].where(STAGES["stage"] != 2, "Renamed"))
    label = "Stage 2: Renamed"
    timeline = spec(charts.stage_timeline(renamed))
    assert label in timeline["description"]
    events = spec(charts.event_timeline(data.load("events"), stages=renamed))
    binds = {p["name"]: p["bind"] for p in events["params"] if "bind" in p}
    assert label in binds["ev_stage"]["options"]
    colours = events["layer"][0]["encoding"]["color"]["scale"]
    assert colours["domain"][1] == label and colours["range"][1] == charts.STAGE_COLOURS[2]


def test_stage_table_names_what_is_wrong_with_the_stages_frame():
    import pandas as pd

    with pytest.raises(TypeError, match="stages must be a pandas DataFrame"):
        charts.stage_table(None)
    with pytest.raises(ValueError, match="stages is missing column\\(s\\) \\['name'\\]"):
        charts.stage_table(STAGES.drop(columns="name"))
    with pytest.raises(ValueError, match="stages repeats stage\\(s\\) \\[2\\]"):
        charts.stage_table(pd.concat([STAGES, STAGES[STAGES["stage"] == 2]]))
    with pytest.raises(ValueError, match="no colour for stage\\(s\\) \\[4\\]"):
        charts.stage_table(pd.DataFrame({"stage": [4], "name": ["Later"]}))
    with pytest.raises(ValueError, match="stages has no rows"):
        charts.stage_table(STAGES.iloc[0:0])


def test_chart_specs_are_json_serialisable_and_small():
    assert len(json.dumps(spec(charts.stage_timeline(STAGES)))) < 20_000


def _ch01_shares_names():
    return [
        "taiwan_share_of_gdp",
        "taiwan_share_of_industrial_output",
        "taiwan_share_of_utilised_fdi",
        "taiwan_share_of_trade",
    ]


def test_ch01_indicator_share_bars_draws_the_printed_shares_with_locators():
    from helpers import charts, data

    chart = charts.indicator_share_bars(
        data.load("indicators"), _ch01_shares_names(), labels={"taiwan_share_of_gdp": "GDP"}
    )
    s = chart.to_dict()
    rows = next(iter(s["datasets"].values()))
    assert [r["value"] for r in rows] == [40.0, 50.0, 60.0, 70.0]
    assert rows[0]["label"] == "GDP" and all(r["source"] == "§3" for r in rows)
    assert "GDP 40%" in s["description"] and s["title"]
    tips = {t["field"] for t in s["layer"][1]["encoding"]["tooltip"]}
    assert {"source", "note", "year"} <= tips


def test_ch01_indicator_share_bars_rejects_a_non_percentage_or_unknown_name():
    import pytest

    from helpers import charts, data

    ind = data.load("indicators")
    with pytest.raises(ValueError, match="names: 'gdp' is not a single percentage"):
        charts.indicator_share_bars(ind, ["gdp"])
    with pytest.raises(ValueError, match="names: 'no_such' matches 0 rows"):
        charts.indicator_share_bars(ind, ["no_such"])
    with pytest.raises(ValueError, match="indicators is missing column"):
        charts.indicator_share_bars(ind.drop(columns=["source"]), _ch01_shares_names())


def test_ch02_coalition_cells_count_distinct_actors_per_cell():
    from helpers import charts, data

    table = data.load("coalitions")
    cells = charts.coalition_cells(table, stages=STAGES)
    assert set(cells["dimension"]) == {"actor type", "geographic scale"}
    firms = cells.query(
        "dimension == 'actor type' and stage == 1 and row == 'firms' and resource == 'capital'"
    )
    expected = table.query("stage == 1 and actor_type == 'firms' and resource == 'capital'")
    assert int(firms["n_actors"].iloc[0]) == expected["actor"].nunique()
    # every coalition row is counted once per dimension
    for dim in ("actor type", "geographic scale"):
        assert cells.loc[cells["dimension"] == dim, "n_actors"].sum() == len(
            table.drop_duplicates(["stage", "actor", "resource"])
        )


def test_ch02_coalition_matrix_binds_a_stage_select_and_a_rows_radio():
    from helpers import charts, data

    s = charts.coalition_matrix(data.load("coalitions"), stages=STAGES).to_dict()
    binds = {p["name"]: p["bind"] for p in s["params"] if "bind" in p}
    assert binds["coalition_stage"]["input"] == "select"
    assert binds["coalition_stage"]["options"] == ["All stages", *charts.stage_labels(STAGES)]
    assert binds["coalition_stage"]["name"] and binds["coalition_rows"]["name"]
    assert binds["coalition_rows"]["input"] == "radio"
    assert binds["coalition_rows"]["options"] == ["actor type", "geographic scale"]
    assert "Stage 1" in s["description"] and s["title"]["text"]
    tips = {t["field"] for t in s["encoding"]["tooltip"]}
    assert {"actors", "roles", "sources"} <= tips


def test_ch02_coalition_matrix_static_version_has_no_input_and_rejects_bad_rows():
    import pytest

    from helpers import charts, data

    table = data.load("coalitions")
    s = charts.coalition_matrix(table[table["stage"] == 2], select=False, stages=STAGES).to_dict()
    assert not [p for p in s.get("params", []) if "bind" in p]
    rows = next(iter(s["datasets"].values()))
    assert {r["stage"] for r in rows} == {2}
    with pytest.raises(ValueError, match="rows must be one of"):
        charts.coalition_matrix(table, rows="resource", stages=STAGES)
    with pytest.raises(ValueError, match="coalitions has no rows"):
        charts.coalition_matrix(table.iloc[0:0], stages=STAGES)


def _ch03_amounts():
    import pandas as pd

    return pd.DataFrame(
        {"year": [2000] * 5, "industry": list("abcde"), "value": [40.0, 30.0, 15.0, 10.0, 5.0]}
    )


def test_ch03_share_concentration_bars_computes_hhi_and_cr4_with_metrics():
    from helpers import charts, metrics

    amounts = _ch03_amounts()
    chart = charts.share_concentration_bars(amounts, select=False)
    s = chart.to_dict()
    datasets = list(s["datasets"].values())
    bars = next(d for d in datasets if d and "share" in d[0])
    assert [r["share"] for r in bars] == [0.4, 0.3, 0.15, 0.1, 0.05]
    assert [r["top"] for r in bars] == [True, True, True, True, False]
    # the indicators head the chart, as a second line of its title
    heading = s["title"]["text"]["expr"]
    hhi = metrics.hhi(amounts.set_index("industry")["value"])
    assert f"HHI = {hhi:.3f}" in heading
    assert "CR4 = 0.950" in heading
    assert "HHI = 0.285" in s["description"]
    assert not [p for p in s.get("params", []) if "bind" in p]


def test_ch03_share_concentration_bars_binds_a_year_select():
    import pandas as pd

    from helpers import charts

    two = pd.concat([_ch03_amounts(), _ch03_amounts().assign(year=2001, value=[1, 1, 1, 1, 1])])
    s = charts.share_concentration_bars(two, k=2).to_dict()
    binds = [p for p in s["params"] if "bind" in p]
    assert binds[0]["bind"]["input"] == "select" and binds[0]["bind"]["name"] == "Year: "
    assert binds[0]["bind"]["options"] == ["2000", "2001"]
    assert "2001: HHI = 0.200" in s["description"]
    # the title's indicator line follows the year input (Fig. 3.2 showed a fixed year)
    assert "[concentration_year]" in s["title"]["text"]["expr"]
    assert '"2001": "HHI = 0.200' in s["title"]["text"]["expr"]


def test_ch03_share_concentration_bars_rejects_bad_input_naming_the_argument():
    import pandas as pd
    import pytest

    from helpers import charts

    amounts = _ch03_amounts()
    with pytest.raises(ValueError, match="amounts is missing column"):
        charts.share_concentration_bars(amounts.drop(columns=["year"]))
    with pytest.raises(ValueError, match="amounts: .*negative"):
        charts.share_concentration_bars(amounts.assign(value=[-1.0, 1, 1, 1, 1]))
    with pytest.raises(ValueError, match="k must be a positive integer"):
        charts.share_concentration_bars(amounts, k=0)
    with pytest.raises(ValueError, match="select=False needs exactly one"):
        charts.share_concentration_bars(
            pd.concat([amounts, amounts.assign(year=2001)]),
            select=False,
        )


# --- ch04/ch05: event timeline, HHI path, synthetic firm concentration ---------------------
def _ch04_bound_params(chart):
    return {p["name"]: p for p in chart.to_dict().get("params", []) if "bind" in p}


def test_ch04_event_timeline_binds_three_labelled_selects_with_all_options():
    from helpers import charts, data

    chart = charts.event_timeline(data.load("events"), stages=STAGES, stage=1)
    params = _ch04_bound_params(chart)
    assert set(params) == {"ev_stage", "ev_scale", "ev_resource"}
    for p in params.values():
        assert p["bind"]["input"] == "select" and p["bind"]["name"].strip()
        assert p["bind"]["options"][0].startswith("All")
    assert params["ev_stage"]["value"] == charts.stage_labels(STAGES)[0]
    assert params["ev_stage"]["bind"]["options"][1:] == charts.stage_labels(STAGES)
    assert "land" in params["ev_resource"]["bind"]["options"]
    assert "cross-strait" in params["ev_scale"]["bind"]["options"]
    s = chart.to_dict()
    assert s["description"].startswith("Timeline of") and s["title"]
    rows = next(iter(s["datasets"].values()))
    assert len(rows) == len(data.load("events"))  # all stages embedded, filtered in the view
    assert {"event", "actors_text", "source"} <= set(rows[0])


def test_ch04_event_timeline_fixed_choices_filter_stage_and_mark_matches():
    from helpers import charts, data

    events = data.load("events")
    chart = charts.event_timeline(events, stages=STAGES, stage=1, resource="land", bind=False)
    assert not _ch04_bound_params(chart)
    rows = next(iter(chart.to_dict()["datasets"].values()))
    assert len(rows) == int((events["stage"] == 1).sum())
    matched = {r["label"] for r in rows if r["match"]}
    assert matched and all("land" in r["resources"] for r in rows if r["match"])
    assert any(not r["match"] for r in rows)


def test_ch04_event_timeline_rejects_bad_arguments_by_name():
    import pandas as pd
    import pytest

    from helpers import charts, data

    events = data.load("events")
    with pytest.raises(ValueError, match="resource"):
        charts.event_timeline(events, stages=STAGES, resource="gold")
    with pytest.raises(ValueError, match="scale"):
        charts.event_timeline(events, stages=STAGES, scale="galactic")
    with pytest.raises(ValueError, match="events"):
        charts.event_timeline(pd.DataFrame({"year": [1990]}), stages=STAGES)


def test_ch05_hhi_path_draws_the_bound_apart_from_points_and_binds_floor_checkbox():
    import pytest

    from helpers import charts, data

    conc = data.load("concentration")
    hhi = conc[conc["measure"] == "hhi"]
    chart = charts.hhi_path(hhi, floor=0.4225, floor_label="floor")
    s = chart.to_dict()
    assert "upper bound" in s["description"].lower() or "bound" in s["description"]
    assert "< 0.07" in s["description"]
    # the bound row is drawn with an open marker and a downward caret, never a filled point
    marks = [layer["mark"] for layer in s["layer"]]
    assert any(m.get("shape") == "triangle-down" for m in marks if isinstance(m, dict))
    assert any(m.get("filled") is False for m in marks if isinstance(m, dict))
    params = [p for layer in s["layer"] for p in layer.get("params", []) if "bind" in p]
    params += [p for p in s.get("params", []) if "bind" in p]
    assert len(params) == 1 and params[0]["bind"]["input"] == "checkbox"
    assert params[0]["bind"]["name"].strip()
    segment = charts.hhi_path(hhi, floor=0.4225, floor_year=2009, bind=False).to_dict()
    assert "short black segment at 2009" in segment["description"]
    assert not [p for la in segment["layer"] for p in la.get("params", [])]
    assert any(la.get("encoding", {}).get("x2", {}).get("field") == "x1"
               for la in segment["layer"])  # the floor spans only 2009 +- 0.6
    with pytest.raises(ValueError, match="floor"):
        charts.hhi_path(hhi, floor=1.5)
    with pytest.raises(ValueError, match="bound"):
        charts.hhi_path(hhi.assign(bound="lower"))


def test_ch05_firm_concentration_chart_binds_sector_select_and_rejects_unknown_sector():
    import pandas as pd
    import pytest

    from helpers import charts

    frame = pd.DataFrame({"sector": ["a", "a", "b", "b"], "year": [2000, 2001, 2000, 2001],
                          "hhi": [0.2, 0.3, 0.5, 0.4], "cr4": [0.6, 0.7, 0.9, 0.8]})
    s = charts.firm_concentration_chart(frame, initial="b").to_dict()
    params = [p for p in s.get("params", []) if "bind" in p]
    params += [p for p in s["spec"].get("params", []) if "bind" in p] if "spec" in s else []
    assert len(params) == 1 and params[0]["value"] == "b"
    assert params[0]["bind"]["options"] == ["All sectors", "a", "b"]
    assert "SYNTHETIC" in s["title"] and s["description"]
    rows = next(iter(s["datasets"].values()))
    assert len(rows) == 8 and {r["measure"] for r in rows} == {"HHI", "CR4 (share of top 4)"}
    with pytest.raises(ValueError, match="sectors"):
        charts.firm_concentration_chart(frame, sectors=["z"])
    with pytest.raises(ValueError, match="frame"):
        charts.firm_concentration_chart(frame.drop(columns="cr4"))


def test_ch05_message_chart_says_its_text_and_rejects_empty_text():
    import pytest

    from helpers import charts

    s = charts.message_chart("Pick a sector.").to_dict()
    assert "Pick a sector." in s["description"]
    with pytest.raises(ValueError, match="text"):
        charts.message_chart("  ")


# --- metrics lab (book/metrics_lab.md) ---------------------------------------------------------
def _lab_table():
    import pandas as pd

    from helpers import byod
    from helpers.synthetic import SYNTHETIC_DIR

    m = byod.read_regional_csv(SYNTHETIC_DIR / "regions.csv")
    groups = pd.read_csv(SYNTHETIC_DIR / "industry_groups.csv").set_index("industry")["group"]
    return byod.indicator_table(m, groups), byod.lq_table(m)


def test_lab_indicator_bars_binds_indicator_and_year_selects():
    table, _ = _lab_table()
    s = spec(charts.indicator_bars(table, synthetic=True))
    bound = {p["name"]: p["bind"] for p in s["params"] if "bind" in p}
    assert set(bound) == {"lab_indicator", "lab_year"}
    assert bound["lab_indicator"]["input"] == "select" and bound["lab_indicator"]["name"]
    assert bound["lab_indicator"]["options"] == list(dict.fromkeys(table["indicator"]))
    assert bound["lab_year"]["options"] == [2000, 2010, 2020]
    assert s["title"]["text"].startswith("SYNTHETIC")
    assert s["description"].startswith("Synthetic data") and "HHI" in s["description"]


def test_lab_indicator_bars_without_select_filters_and_marks_the_region():
    table, _ = _lab_table()
    s = spec(charts.indicator_bars(table, indicator="CR4", year=2000, highlight="Region B",
                                   select=False))
    rows = next(iter(s["datasets"].values()))
    assert {r["indicator"] for r in rows} == {"CR4"} and {r["year"] for r in rows} == {2000}
    assert [r["region_label"] for r in rows if r["chosen"]] == ["Region B (chosen)"]
    assert not [p for p in s.get("params", []) if "bind" in p]


def test_lab_indicator_bars_rejects_bad_input_naming_the_argument():
    table, _ = _lab_table()
    with pytest.raises(ValueError, match="indicator: 'GDP'"):
        charts.indicator_bars(table, indicator="GDP")
    with pytest.raises(ValueError, match="year: 1999"):
        charts.indicator_bars(table, year=1999)
    with pytest.raises(ValueError, match="table is missing column"):
        charts.indicator_bars(table.drop(columns="value"))


def test_lab_rca_heatmap_binds_year_prints_values_and_lists_specialisations():
    _, lq = _lab_table()
    chart = charts.rca_heatmap(lq, synthetic=True)
    s = spec(chart)
    bound = [p for p in s["params"] if "bind" in p]
    assert len(bound) == 1 and bound[0]["bind"]["options"] == [2000, 2010, 2020]
    assert any(layer["mark"]["type"] == "text" for layer in s["layer"])
    assert "Specialisations: Region A:" in s["description"]
    assert len(charts.spec_json(chart)) < 40_000


def test_lab_rca_heatmap_rejects_negative_lq_and_unknown_year():
    _, lq = _lab_table()
    with pytest.raises(ValueError, match="'lq' has negative"):
        charts.rca_heatmap(lq.assign(lq=-1.0))
    with pytest.raises(ValueError, match="year: 1990"):
        charts.rca_heatmap(lq, year=1990)


def test_ch06_emerging_explorer_binds_measure_and_industry_selects():
    t = emerging_analysis.emerging_table()
    s = spec(charts.emerging_explorer(t))
    bound = {p["name"]: p["bind"] for p in s["params"] if "bind" in p}
    assert set(bound) == {"emerging_measure", "emerging_pick"}
    assert all(b["input"] == "select" and b["name"] for b in bound.values())
    assert bound["emerging_pick"]["options"][1:] == list(dict.fromkeys(t["name"]))
    assert "Table 2" in s["description"] and s["title"]
    rows = next(iter(s["datasets"].values()))
    assert len(rows) == 32


def test_ch06_emerging_explorer_filters_sectors_and_rejects_bad_arguments():
    t = emerging_analysis.emerging_table()
    s = spec(charts.emerging_explorer(t, sectors=["New energy"], bind=False))
    assert not [p for p in s.get("params", []) if "bind" in p]
    rows = next(iter(s["datasets"].values()))
    assert {r["name"] for r in rows} == {"New energy"}
    with pytest.raises(ValueError, match="sectors"):
        charts.emerging_explorer(t, sectors=["Steel"])
    with pytest.raises(ValueError, match="measure"):
        charts.emerging_explorer(t, measure="volume")
    with pytest.raises(ValueError, match="frame"):
        charts.emerging_explorer(t.drop(columns="share"))


def test_ch06_growth_bars_sorts_and_describes_values():
    import pandas as pd

    f = pd.DataFrame({"name": ["a", "b"], "cagr": [1.0, 5.0]})
    s = spec(charts.growth_bars(f))
    assert "a 1.0" in s["description"] and "b 5.0" in s["description"]
    assert s["layer"][0]["encoding"]["y"]["sort"] == ["b", "a"]
    with pytest.raises(ValueError, match="frame"):
        charts.growth_bars(f.rename(columns={"cagr": "g"}))
    with pytest.raises(ValueError, match="duplicated"):
        charts.growth_bars(pd.concat([f, f]))


def test_ch06_indicator_panels_one_panel_per_indicator():
    import pandas as pd

    f = pd.DataFrame({"year": [2013, 2014, 2013, 2014], "indicator": ["HHI", "HHI", "CR4", "CR4"],
                      "value": [0.2, 0.21, 0.8, 0.81]})
    s = spec(charts.indicator_panels(f))
    assert s["resolve"]["scale"]["y"] == "independent"
    assert "HHI: 2013 0.2" in s["description"]
    marks = [m["mark"]["type"] for m in s["spec"]["layer"]]
    assert "line" in marks
    s = spec(charts.indicator_panels(f, connect=False))
    assert "line" not in [m["mark"]["type"] for m in s["spec"]["layer"]]
    with pytest.raises(ValueError, match="frame"):
        charts.indicator_panels(f.drop(columns="indicator"))
    with pytest.raises(ValueError, match="empty"):
        charts.indicator_panels(f.iloc[:0])


def test_ch07_coalition_stage_matrix_has_stage_and_resource_inputs_and_tooltips():
    cells = charts.coalition_actor_cells(data.load("coalitions"), stages=STAGES)
    assert not cells.duplicated(["stage", "actor"]).any()
    s = spec(charts.coalition_stage_matrix(cells, stages=STAGES))
    bound = {p["name"]: p["bind"] for p in s["params"] if "bind" in p}
    assert bound["fig4_stage"]["options"][1:] == charts.stage_labels(STAGES)
    assert "capital" in bound["fig4_resource"]["options"]
    tips = {t["title"] for t in s["layer"][0]["encoding"]["tooltip"]}
    assert {"Role", "Resources", "Scale", "Locator"} <= tips
    assert "Actors per stage" in s["description"]
    with pytest.raises(ValueError, match="cells"):
        charts.coalition_stage_matrix(cells.drop(columns="roles"), stages=STAGES)
    with pytest.raises(ValueError, match="coalitions"):
        charts.coalition_actor_cells(data.load("coalitions").drop(columns="role"), stages=STAGES)


def test_ch07_coalition_turnover_labels_each_bar_with_count_and_status():
    import pandas as pd

    t = pd.DataFrame({"stage": [2, 2, 2], "status": ["continuing", "entering", "leaving"],
                      "count": [2, 3, 4], "actors": ["a", "b", "c"]})
    s = spec(charts.coalition_turnover(t, stages=STAGES))
    rows = next(iter(s["datasets"].values()))
    assert {r["label"] for r in rows} == {"2 continuing", "3 entering", "4 leaving"}
    assert s["layer"][1]["encoding"]["text"]["field"] == "label"
    assert "3 entering" in s["description"]
    with pytest.raises(ValueError, match="status"):
        charts.coalition_turnover(t.assign(status=["x", "entering", "leaving"]), stages=STAGES)


# ---------------------------------------------------------------------------
# sizing for phones and desktops (issue 11)
# ---------------------------------------------------------------------------
def _rendered_spec(chart) -> dict:
    """The spec the book's renderer embeds for ``chart`` (what a reader's browser gets)."""
    from helpers import chart_contract, charts

    bundle = charts._chart_bundle(chart.to_dict())
    return bundle[chart_contract.CHART_MIME]["spec"]


def test_renderer_sizes_every_single_or_layered_chart_to_its_container():
    from helpers import charts, data

    for chart in (charts.stage_timeline(STAGES),
                  charts.event_timeline(data.load("events"), stages=STAGES)):
        spec = _rendered_spec(chart)
        assert spec["width"] == "container"
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
        # the title wraps to the container instead of being cut
        assert "containerSize()" in spec["title"]["text"]["expr"]


def test_responsive_refuses_side_by_side_panels_and_facets_stack_in_one_column():
    import pandas as pd
    import pytest

    from helpers import charts

    frame = pd.DataFrame({"year": [2000, 2001] * 2, "sector": ["a", "a", "b", "b"],
                          "hhi": [0.1, 0.2, 0.3, 0.4], "cr4": [0.5, 0.6, 0.7, 0.8]})
    chart = charts.firm_concentration_chart(frame)
    spec = chart.to_dict()
    assert spec["columns"] == 1 and spec["spec"]["width"] == charts.PANEL_WIDTH
    with pytest.raises(TypeError, match="PANEL_WIDTH"):
        charts.responsive(chart)
    assert "width" not in _rendered_spec(chart)  # a facet cannot take "container"


def test_legend_labels_wrap_instead_of_running_off_a_phone():
    from helpers import charts, data

    spec = _rendered_spec(charts.event_timeline(data.load("events"), stages=STAGES))
    legend = spec["encoding"]["color"]["legend"] if "encoding" in spec else (
        spec["layer"][0]["encoding"]["color"]["legend"])
    assert "containerSize()" in legend["labelExpr"] and legend["labelLimit"] == 0


def test_wrap_expr_rejects_a_bad_fraction():
    import pytest

    from helpers import charts

    with pytest.raises(ValueError, match="fraction"):
        charts.wrap_expr("datum.label", 0, 6)


def test_event_timeline_says_when_no_event_matches_the_filters():
    """Regression (issue 11): Resource land + Actor scale national on stage 1 faded every
    point with no word of why."""
    import vl_convert

    from helpers import charts, data

    events = data.load("events")
    empty = charts.event_timeline(events, stages=STAGES, stage=1, scale="national", resource="land",
                                  bind=False)
    some = charts.event_timeline(events, stages=STAGES, stage=1, resource="land", bind=False)
    assert charts.NO_MATCH in vl_convert.vegalite_to_svg(empty.to_dict())
    assert charts.NO_MATCH not in vl_convert.vegalite_to_svg(some.to_dict())


def test_event_timeline_title_follows_the_stage_input():
    """Regression (issue 11): Fig. 4.1 kept "Stage 1: ..." after "All stages" was chosen."""
    from helpers import charts, data

    spec = charts.event_timeline(data.load("events"), stages=STAGES, stage=1,
                                 title="Stage 1: land").to_dict()
    expr = spec["title"]["text"]["expr"]
    assert "ev_stage ==" in expr and '"Stage 1: land"' in expr
    assert "Dated events of all 3 stages" in expr and '"Dated events of " + ev_stage' in expr


def test_event_tooltips_expand_the_short_forms():
    from helpers import charts, data

    spec = charts.event_timeline(data.load("events"), stages=STAGES).to_dict()
    rows = next(v for v in spec["datasets"].values() if v and "abbreviations" in v[0])
    wfoe = next(r for r in rows if "WFOE" in r["label"])
    assert "WFOE: wholly foreign-owned enterprise" in wfoe["abbreviations"]
    titles = [t["title"] for t in spec["encoding"]["tooltip"]] if "encoding" in spec else [
        t["title"] for t in spec["layer"][0]["encoding"]["tooltip"]]
    assert "Short forms" in titles


def test_indicator_panels_start_at_zero_with_three_significant_figures():
    """Regression (issue 11): Fig. 6.4 mixed 88.467 with 0.247 on zoomed axes."""
    import pandas as pd

    from helpers import charts

    frame = pd.DataFrame({"year": [2013, 2014] * 2, "indicator": ["a", "a", "b", "b"],
                          "value": [88.467, 86.939, 0.247, 0.229]})
    spec = charts.indicator_panels(frame).to_dict()
    layers = spec["spec"]["layer"]
    texts = [lay["encoding"]["text"]["format"] for lay in layers if lay["mark"]["type"] == "text"]
    assert texts and set(texts) == {",.3~r"}
    ys = [lay["encoding"]["y"]["scale"]["zero"] for lay in layers if "encoding" in lay
          and "y" in lay["encoding"]] or [spec["spec"]["encoding"]["y"]["scale"]["zero"]]
    assert set(ys) == {True}
    assert spec["columns"] == 1
