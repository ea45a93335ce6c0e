"""Chinese edition, part A (issue 24): the event timeline, the coalition charts and the live
panels speak Chinese in a ``zh`` kernel, filter the same events, and read as before in English.
"""

from __future__ import annotations

import csv

import pytest
from zhcheck import english_left, english_words

from helpers import charts, coalition_analysis, data, i18n, widgets
from helpers.charts import visible_texts

pytestmark = pytest.mark.fast

MY_CATALOGUES = ("timeline.csv", "coalitions.csv", "widgets.csv", "chapters_a.csv")


def _texts(chart) -> list[str]:
    return visible_texts(chart.to_dict())


def _charts() -> dict[str, object]:
    """Every chart of part A, built on the book's data in the current language."""
    stages, events, table = data.stages(), data.load("events"), data.load("coalitions")
    cells = charts.coalition_actor_cells(table, stages=stages)
    return {
        "event timeline (inputs)": charts.event_timeline(events, stages=stages, stage=1),
        "event timeline (fixed)": charts.event_timeline(
            events, stages=stages, stage=2, scale="cross-strait", resource="capital",
            bind=False),
        "event timeline (no match)": charts.event_timeline(
            events, stages=stages, stage=1, scale="cross-strait", resource="labour",
            bind=False),
        "coalition matrix": charts.coalition_matrix(table, stages=stages),
        "coalition matrix (scales)": charts.coalition_matrix(table, stages=stages, rows="scale",
                                                             select=False),
        "stage matrix": charts.coalition_stage_matrix(cells, stages=stages),
        "stage matrix (one stage)": charts.coalition_stage_matrix(
            cells[cells["stage"] == 3], stages=stages, bind=False),
        "turnover": charts.coalition_turnover(coalition_analysis.stage_turnover(table),
                                              stages=stages),
    }


def test_every_chart_of_part_a_has_no_english_left_in_chinese():
    with i18n.using("zh"):
        built = _charts()
        left = {name: english_left(_texts(chart)) for name, chart in built.items()}
    assert {name: texts for name, texts in left.items() if texts} == {}


def test_english_charts_read_as_before():
    built = _charts()
    timeline = built["event timeline (inputs)"].to_dict()
    rows = next(iter(timeline["datasets"].values()))
    assert rows[1]["label"] == "1984  Industrial park decision"
    assert rows[2]["abbreviations"] == "JV: joint venture"
    assert timeline["description"].startswith("Timeline of 39 dated events of Kunshan's "
                                              "coalitions, 1983 to 2019, one row per event")
    bound = {p["name"]: p["bind"] for p in timeline["params"] if "bind" in p}
    assert bound["ev_scale"]["name"] == "Actor scale: "
    assert bound["ev_scale"]["options"][:2] == ["All scales", "local"]
    fixed = built["event timeline (fixed)"].to_dict()
    assert fixed["title"] == "Who mobilised what, and when: dated events of Kunshan's coalitions"
    assert fixed["description"].endswith(
        "Showing stage 2, actor scale cross-strait, resource capital: 3 of 6 events match.")
    matrix = built["coalition matrix"].to_dict()
    assert matrix["title"]["text"] == "The coalition changes partners from stage to stage"
    assert "Resources by stage: Stage 1: Origins: land, capital" in matrix["description"]
    stage_rows = next(iter(built["stage matrix"].to_dict()["datasets"].values()))
    assert "Kunshan local government (local state)" in {r["row_label"] for r in stage_rows}
    assert {r["stage_short"] for r in stage_rows} == {"Stage 1", "Stage 2", "Stage 3"}
    turnover = built["turnover"].to_dict()
    assert "Stage 2: Taiwanese IT specialisation: 4 continuing, 2 entering, 8 leaving" in \
        turnover["description"]


def test_chinese_event_timeline_filters_the_same_events_as_the_english():
    stages, events = data.stages(), data.load("events")

    def matches(**choice) -> list[str]:
        chart = charts.event_timeline(events, stages=stages, bind=False, **choice)
        rows = next(iter(chart.to_dict()["datasets"].values()))
        return [r["year"] for r in rows if r["match"]]

    for choice in ({"scale": "local"}, {"resource": "land"}, {"stage": 3, "scale": "global"}):
        english = matches(**choice)
        with i18n.using("zh"):
            assert matches(**choice) == english, choice


def test_chinese_bound_options_are_the_translated_codes_the_filters_compare():
    with i18n.using("zh"):
        spec = charts.event_timeline(data.load("events"), stages=data.stages()).to_dict()
    bound = {p["name"]: p["bind"] for p in spec["params"] if "bind" in p}
    rows = next(iter(spec["datasets"].values()))
    scale_keys = " ".join(r["scale_key"] for r in rows)
    resource_keys = " ".join(r["resource_key"] for r in rows)
    assert bound["ev_scale"]["options"][0] == "全部尺度"
    for option in bound["ev_scale"]["options"][1:]:
        assert f";{option};" in scale_keys, option
    for option in bound["ev_resource"]["options"][1:]:
        assert f";{option};" in resource_keys, option
    assert "两岸" in bound["ev_scale"]["options"]


def test_chinese_event_labels_and_coalition_texts_come_from_the_data_and_catalogue():
    with i18n.using("zh"):
        timeline = charts.event_timeline(data.load("events"), stages=data.stages()).to_dict()
        turnover = charts.coalition_turnover(
            coalition_analysis.stage_turnover(), stages=data.stages()).to_dict()
    rows = next(iter(timeline["datasets"].values()))
    first = rows[1]
    assert first["label"] == "1984  决定建设工业园区"
    assert first["actors_text"] == "昆山地方政府、昆山人民代表大会、持有土地的农民、银行"
    assert first["source"] == "§4.1；§4.3；尾注 2"
    labels = {r["label"] for r in next(iter(turnover["datasets"].values()))}
    assert "加入 12" in labels


def test_turnover_names_in_chinese_follow_the_english_names():
    table = data.load("coalitions")
    turnover = coalition_analysis.stage_turnover(table)
    name_of = dict(zip(table["actor"], table["actor_zh"], strict=True))
    for english, chinese in zip(turnover["actors"], turnover["actors_zh"], strict=True):
        names = [n for n in english.split("; ") if n]
        assert chinese == "；".join(name_of[n] for n in names)
    kinds = coalition_analysis.stage_turnover(table, key=["actor_type", "scale"])
    assert list(kinds.columns) == ["stage", "status", "count", "actors"]


def test_an_actor_has_one_chinese_name_in_both_tables():
    events, table = data.load("events"), data.load("coalitions")
    names: dict[str, set[str]] = {}
    for english, chinese in zip(table["actor"], table["actor_zh"], strict=True):
        names.setdefault(english, set()).add(chinese)
    for english, chinese in zip(events["actors"], events["actors_zh"], strict=True):
        en, zh = english.split(";"), chinese.split(";")
        assert len(en) == len(zh), english
        for a, b in zip(en, zh, strict=True):
            names.setdefault(a, set()).add(b)
    assert {a: z for a, z in names.items() if len(z) > 1} == {}
    for column in ("event_zh", "note_zh", "source_zh"):
        filled = events[column].dropna()
        assert all(i18n.has_cjk(v) or not english_words(v) for v in filled), column


def test_widgets_label_their_controls_in_chinese():
    with i18n.using("zh"):
        panels = {
            "stage timeline": widgets.stage_timeline_panel(),
            "coalition": widgets.coalition_panel(),
            "event timeline": widgets.event_timeline_panel(stage=1),
            "coalition stage": widgets.coalition_stage_panel(),
        }
        note = widgets.live_note_html()
        bundle = panels["coalition"]._repr_mimebundle_()
    for name, panel in panels.items():
        for key, control in panel.controls.items():
            texts = [control.description] + [str(label) for label, _ in control.options]
            assert english_left(texts) == [], (name, key, texts)
        assert english_left(_texts(panel.chart)) == [], name
    assert bundle["text/html"] == note and "实时控件" in note and "<code>make lab</code>" in note
    # the English note is as before
    assert "runs in a live Python kernel" in widgets.live_note_html()


def test_other_panels_label_their_controls_in_chinese():
    with i18n.using("zh"):
        io_panel = widgets.io_density_panel()
        emerging = widgets.emerging_panel()
        io_panel.controls["sectors"].value = ()
        io_title = io_panel.chart.to_dict()["title"]
        synthetic = widgets.synthetic_concentration_panel(
            widgets.synthetic_sector_concentration(2_000), n_sectors=2)
        synthetic.controls["sectors"].value = ()
        synthetic_title = synthetic.chart.to_dict()["title"]
    assert all(s.startswith("合成大类 ") for s in synthetic.controls["sectors"].options)
    assert synthetic_title == "合成数据（SYNTHETIC）"
    for panel in (io_panel, emerging, synthetic):
        for key, control in panel.controls.items():
            assert i18n.has_cjk(control.description), (key, control.description)
    assert io_title == "没有组合"


def test_my_catalogue_rows_have_three_fields():
    # a comma in an unquoted English label splits the row (an error the loader cannot see)
    for name in MY_CATALOGUES:
        path = i18n.CATALOGUE_DIR / "zh" / name
        with path.open(encoding="utf-8", newline="") as fh:
            bad = [n for n, row in enumerate(csv.reader(fh), start=1) if len(row) != 3]
        assert bad == [], (name, bad)


def test_chapter_templates_keep_english_and_read_in_chinese():
    assert i18n.tr("{items} and {last}", items="1990, 1992", last=1994) == "1990, 1992 and 1994"
    with i18n.using("zh"):
        assert i18n.tr("{items} and {last}", items=i18n.tr(", ").join(["1990", "1992"]),
                       last=1994) == "1990、1992 和 1994"
        assert i18n.tr("the {name}", name="中央政府") == "中央政府"
