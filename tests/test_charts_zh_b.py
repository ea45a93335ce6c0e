"""Concentration and emerging-industry charts in Chinese (issue 24, chapters 1, 3, 5 and 6).

Each builder of ``helpers.charts.concentration`` and ``helpers.charts.emerging`` is drawn on
the book's data as its chapter draws it, once in Chinese (no English word left where a
reader looks: :func:`zhcheck.english_left`) and once in English (the wording the English
edition has always had). The chapters' own labels are checked against the catalogue
without running the pages.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from zhcheck import english_left

from helpers import charts, data, emerging_analysis, i18n, metrics, synthetic
from helpers.charts import visible_texts

pytestmark = pytest.mark.fast

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ["ch01_introduction", "ch03_data_methods", "ch05_specialisation", "ch06_emerging"]
TAIWAN_SHARES = ["taiwan_share_of_gdp", "taiwan_share_of_industrial_output",
                 "taiwan_share_of_utilised_fdi", "taiwan_share_of_trade"]


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.use_language("en")


def texts(chart) -> list[str]:
    if isinstance(chart, alt.FacetChart):  # facets are drawn as they are
        return visible_texts(chart.to_dict())
    return visible_texts(charts.responsive(chart).to_dict())


def _output() -> pd.DataFrame:
    t2 = data.load("table2")
    return t2[t2["measure"] == "output"][["year", "industry", "value"]]


def _names() -> dict[str, str]:
    emerging = data.load("emerging_industries").set_index("industry")
    return emerging[i18n.column(emerging, "name_table2")].to_dict()


def _firm_panel() -> pd.DataFrame:
    panel = synthetic.synthetic_firm_panel(2_000, seed=2021)
    division = panel["industry"] // 10
    panel["sector"] = division.map({d: i18n.tr("Synthetic division {code}", code=d)
                                    for d in division.unique()})
    return metrics.firm_concentration(panel, by=["sector", "year"], value="output",
                                      k=4).reset_index()


def _growth() -> pd.DataFrame:
    out = _output()
    matrix = metrics.to_matrix(out, region="year", industry="industry", value="value")
    cagr = 100 * metrics.cagr(matrix.loc[2013], matrix.loc[2016], 3)
    growth = cagr.rename("cagr").rename_axis("industry").reset_index()
    growth["name"] = growth["industry"].map(_names())
    return growth[["name", "cagr"]]


def _hhi() -> pd.DataFrame:
    return data.load("concentration").query("measure == 'hhi'").sort_values("year")


BUILDERS = {
    "indicator_share_bars": lambda: charts.indicator_share_bars(
        data.load("indicators"), TAIWAN_SHARES,
        labels={"taiwan_share_of_gdp": i18n.tr("GDP"),
                "taiwan_share_of_industrial_output": i18n.tr("Gross industrial output"),
                "taiwan_share_of_utilised_fdi": i18n.tr("Foreign investment used"),
                "taiwan_share_of_trade": i18n.tr("Imports and exports")}),
    "share_concentration_bars": lambda: charts.share_concentration_bars(
        _output(), labels=_names()),
    "share_concentration_bars_one_year": lambda: charts.share_concentration_bars(
        _output().query("year == 2016"), labels=_names(), select=False),
    "hhi_path": lambda: charts.hhi_path(
        _hhi(), floor=0.4225, floor_year=2009,
        floor_label=i18n.tr("{share:.2f}² = {floor:.2f}: floor implied by IT's share",
                            share=0.65, floor=0.4225)),
    "hhi_path_rule": lambda: charts.hhi_path(_hhi(), floor=0.1),
    "firm_concentration_chart": lambda: charts.firm_concentration_chart(_firm_panel()),
    "emerging_explorer": lambda: charts.emerging_explorer(emerging_analysis.emerging_table()),
    "emerging_explorer_share": lambda: charts.emerging_explorer(
        emerging_analysis.emerging_table(), measure="share", bind=False),
    "growth_bars": lambda: charts.growth_bars(_growth()),
    "indicator_panels": lambda: charts.indicator_panels(pd.DataFrame({
        "year": [2013, 2014], "value": [1.0, 2.0],
        "indicator": i18n.tr("Entropy, bits (computed)"), "note": i18n.tr("printed in Table 2")})),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_chart_has_no_english_left_in_chinese(name):
    with i18n.using("zh"):
        shown = texts(BUILDERS[name]())
    assert shown
    assert english_left(shown) == []


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_the_english_chart_stays_english(name):
    shown = texts(BUILDERS[name]())
    assert not any(i18n.has_cjk(t) for t in shown), [t for t in shown if i18n.has_cjk(t)]


def test_english_wording_is_unchanged():
    bars = charts.indicator_share_bars(data.load("indicators"), TAIWAN_SHARES).to_dict()
    assert bars["title"] == "Taiwan-invested enterprises carry a large share of Kunshan's economy"
    assert bars["description"].startswith(
        "Bar chart of percentage shares, each against a grey bar for the whole (100%): "
        "taiwan_share_of_gdp 40%")
    assert bars["description"].endswith(". Sources: §3 of the article.")
    path = charts.hhi_path(_hhi(), floor=0.42, floor_year=2009, floor_label="f").to_dict()
    assert path["description"] == (
        "Line chart of the HHI of Kunshan's manufacturing by year (1998: < 0.07, 2002: 0.13, "
        "2005: 0.26, 2009: 0.38). Upper bounds are drawn as open circles with a dashed rule "
        "and a downward caret, not as measured points. A short black segment at 2009 marks f.")
    share = charts.share_concentration_bars(_output(), labels=_names()).to_dict()
    assert share["description"].startswith(
        "Bar chart of industry shares for 2013, 2014, 2015, 2016, sorted by share, the 4 "
        "largest labelled 'top 4'. Indicators computed by the book: 2013: HHI = 0.247")
    assert share["description"].endswith(" A drop-down picks the year (default 2013).")
    growth = charts.growth_bars(_growth()).to_dict()
    assert growth["description"].startswith(
        "Bar chart of compound annual growth (%) by industry: ")


def test_chinese_chart_labels_are_the_catalogued_ones():
    with i18n.using("zh"):
        shown = texts(charts.share_concentration_bars(_output(), labels=_names()))
        assert "前 4 位" in shown and "新型平板显示" in shown
        explorer = charts.emerging_explorer(emerging_analysis.emerging_table()).to_dict()
    measure = next(p for p in explorer["params"] if p["name"] == "emerging_measure")
    assert measure["bind"]["options"] == ["产值（百万元）", "占新兴产业产值的份额（%，计算值）"]
    calc = [t["calculate"] for layer in explorer["layer"] for t in layer.get("transform", [])
            if "calculate" in t]
    # the measure input's Chinese value picks the output column, and the heading is Chinese
    assert any("emerging_measure == '产值（百万元）'" in c for c in calc)
    assert any("（对数刻度）" in c for c in calc) and not any("log scale" in c for c in calc)


def test_emerging_explorer_in_chinese_still_takes_english_sector_names():
    table = emerging_analysis.emerging_table()
    with i18n.using("zh"):
        for sectors in (["New energy"], ["新能源"]):
            s = charts.emerging_explorer(table, sectors=sectors, bind=False).to_dict()
            rows = next(iter(s["datasets"].values()))
            assert {r["name"] for r in rows} == {"新能源"}


def test_firm_chart_filter_names_the_chinese_all_option():
    with i18n.using("zh"):
        s = charts.firm_concentration_chart(_firm_panel()).to_dict()
    param = next(p for p in s["params"] if p["name"] == "sector_pick")
    assert param["bind"]["options"][0] == "全部行业"
    filters = [t["filter"] for layer in s["spec"]["layer"] for t in layer.get("transform", [])]
    assert filters and all('sector_pick == "全部行业"' in f for f in filters)


def test_chinese_data_columns_are_filled_and_distinct():
    emerging = data.load("emerging_industries")
    for column in ("name_plan_zh", "name_table2_zh"):
        assert emerging[column].map(i18n.has_cjk).all(), column
        assert emerging[column].is_unique, column
    for table in ("concentration", "indicators"):
        frame = data.load(table)
        filled = frame["note"].notna()
        assert frame.loc[filled, "note_zh"].map(i18n.has_cjk).all(), table
    table = emerging_analysis.emerging_table()
    assert table["name_zh"].map(i18n.has_cjk).all()


def _tr_templates(stem: str) -> list[str]:
    """The literal labels a chapter passes to ``i18n.tr`` in its code cells."""
    text = (ROOT / "book" / f"{stem}.md").read_text(encoding="utf-8")
    found = []
    for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)\n```", text, flags=re.S):
        code = re.sub(r"\A---\n.*?\n---\n", "", cell, flags=re.S)
        code = "\n".join(line for line in code.splitlines() if not line.startswith(":"))
        for node in ast.walk(ast.parse(code)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "tr" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "i18n" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.append(node.args[0].value)
    return found


@pytest.mark.parametrize("stem", CHAPTERS)
def test_every_label_a_chapter_writes_is_catalogued(stem):
    templates = _tr_templates(stem)
    assert templates, stem
    missing = [t for t in templates if t not in i18n.catalogue("zh")]
    assert missing == []


def test_source_phrases_and_dates_read_as_chinese():
    with i18n.using("zh"):
        assert i18n.tr(data.source_phrase("hhi", 2009)) == "《昆山统计年鉴》"
        assert i18n.tr("{day} {month} {year}", day=2, month=i18n.month_name(8),
                       year=2014) == "2014年8月2日"
    assert i18n.tr("{day} {month} {year}", day=2, month=i18n.month_name(8),
                   year=2014) == "2 August 2014"
