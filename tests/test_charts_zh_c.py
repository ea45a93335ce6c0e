"""Input-output charts and frames in Chinese (issue 24, "Beyond the article").

Each builder of ``helpers.charts.io`` is drawn on the book's data as the chapter draws it,
once in Chinese (no English word left where a reader looks: :func:`zhcheck.english_left`)
and once in English (the wording the English edition has always had). The explorer writes
its rows in the page from the same catalogued templates as Python, so its Chinese rows,
drawn by Vega, must read as Python's.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from zhcheck import english_left

from helpers import charts, data, i18n
from helpers import io_analysis as ia
from helpers.charts import visible_texts

pytestmark = pytest.mark.fast

PRE = list(ia.PRE_1998_DIVISIONS)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.use_language("en")


def texts(chart) -> list[str]:
    return visible_texts(charts.responsive(chart).to_dict())


def _explorer(division_names: dict[str, str]):
    parts, sectors = ia.io_density_parts(2002, divisions=[*PRE, "39"],
                                         normalisations=["input", "output"])
    return charts.io_candidates_explorer(parts, sectors, year=2002,
                                         portfolio=ia.PRE_1998_DIVISIONS,
                                         division_names=division_names)


def _null():
    null, observed = ia.null_distributions(2002)
    # the chapter's labels (catalogued templates, chapters_c.csv)
    labels = {"a": i18n.tr("Every 3 divisions (a, {n})", n="3,654"),
              "b": i18n.tr("Random {k} sectors (b, {n})", k=13, n="2,000")}
    return charts.io_null_chart(null, float(observed["it_density"]), labels=labels)


def _emerging():
    frame = pd.concat([ia.emerging_io_density(y, h) for y in (2012, 2017)
                       for h in ("max", "mean")], ignore_index=True)
    return charts.emerging_density_chart(frame)


def _builders(lang: str):
    units = ia.io_units(2002, "division")
    names = units[i18n.column(units, "label")].str.split(" ", n=1).str[1].to_dict()
    return {
        "strip": lambda: charts.io_candidates_strip(ia.io_density_ranking(2002, PRE)),
        "explorer": lambda: _explorer(names),
        "null": _null,
        "robustness": lambda: charts.io_robustness_table(ia.robustness_panel()),
        "emerging": _emerging,
    }


@pytest.mark.parametrize("which", ["strip", "explorer", "null", "robustness", "emerging"])
def test_io_charts_have_no_english_left_in_chinese(which):
    with i18n.using("zh"):
        chart = _builders("zh")[which]()
        shown = texts(chart)
    assert english_left(shown) == []
    assert any(i18n.has_cjk(t) for t in shown)


def test_io_charts_keep_their_english_wording():
    got = {k: texts(b()) for k, b in _builders("en").items()}
    assert "How related is IT to the portfolio?" in got["strip"]
    assert "075 Complete computers" in got["strip"]
    assert "Relatedness density to the portfolio (0-100)" in got["explorer"]
    assert {"Input shares", "Output shares", "Total", "Domestic", "max", "mean",
            "Add division: ", "Textiles (17) "} <= set(got["explorer"])
    assert any(re.fullmatch(r"Every 3 divisions \(a, 3,654\): \d+% at or below Kunshan", t)
               for t in got["null"])
    assert "Kunshan" in got["null"] and "Share of null portfolios" in got["null"]
    assert {"2002 max input total", "2007 mean Leontief dom.", "p dens. a (div.)"} <= set(
        got["robustness"])
    assert "New flat panel displays" in got["emerging"]
    assert "Which emerging industries sit close to IT?" in got["emerging"]
    assert not any(i18n.has_cjk(t) for v in got.values() for t in v)


def test_chinese_charts_name_sectors_and_industries_from_the_official_names():
    with i18n.using("zh"):
        strip = texts(charts.io_candidates_strip(ia.io_density_ranking(2002, PRE)))
        robust = texts(charts.io_robustness_table(ia.robustness_panel()))
        emerging = texts(_emerging())
    assert "075 电子计算机整机" in strip  # NBS name, io_sectors.name_zh
    assert any(re.fullmatch(r"075 电子计算机整机：第 \d+/\d+ 位", t) for t in strip)
    assert {"2002 最大值 投入 总", "2007 平均值 完全需要 国内"} <= set(robust)
    assert "新型平板显示" in emerging  # emerging_industries.name_table2_zh


def test_analysis_frames_carry_chinese_labels_beside_the_english():
    ranking = ia.io_density_ranking(2002, PRE)
    assert list(ranking.columns[1:3]) == ["label", "label_zh"]
    row = ranking.set_index("code").loc["075"]
    assert row["label"] == "075 Complete computers"
    assert row["label_zh"] == "075 电子计算机整机"
    divisions = ia.io_units(2002, "division")
    assert divisions.loc["40", "label_zh"] == "40 通信设备、计算机及其他电子设备"
    parts, sectors = ia.io_density_parts(2002, divisions=PRE, normalisations=["input"])
    assert sectors["label_zh"].map(i18n.has_cjk).all()
    split = ia.it_relatedness_split(2002, PRE)
    assert split["label_zh"].map(i18n.has_cjk).all()
    em = ia.emerging_io_density(2017)
    names = data.load("emerging_industries").set_index("industry")["name_table2_zh"]
    assert (em["name_zh"] == em["industry"].map(names)).all()
    assert ia.emerging_density_split(2017)["label_zh"].map(i18n.has_cjk).all()
    assert ia.emerging_mapping_variants(2017)["name_zh"].map(i18n.has_cjk).all()


def test_explorer_rows_written_in_the_page_read_as_pythons_in_chinese():
    """Vega fills the catalogued templates as Python does (ranks, names, wording)."""
    vlc = pytest.importorskip("vl_convert")
    with i18n.using("zh"):
        spec = _explorer({"39": "电气机械及器材"}).to_dict()
        ranking = ia.io_density_ranking(2002, PRE)
        its = ranking[ranking["it"] & ~ranking["in_portfolio"]]
        expected = {i18n.tr("{label}: {rank} of {n}", label=lab, rank=int(r), n=int(n))
                    for lab, r, n in zip(its["label_zh"], its["rank"], its["n"], strict=True)}
    svg = vlc.vegalite_to_svg(spec)
    drawn = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert expected <= drawn
    assert "产业组合（不排序）" in drawn and "其他候选部门" in drawn


# ---------------------------------------------------------------------------
# metrics lab, branching and ASIF builders (English-only pages this round; the builders
# still take the language through helpers.i18n)
# ---------------------------------------------------------------------------
def _lab_inputs() -> dict[str, object]:
    from helpers import asif, byod, metrics, synthetic
    from helpers.synthetic import SYNTHETIC_DIR

    regions = byod.read_regional_csv(SYNTHETIC_DIR / "regions.csv")
    groups = synthetic.synthetic_industry_groups().set_index("industry")["group"]
    branch = synthetic.synthetic_branching_panel(seed=0)
    start, end = sorted(branch["year"].unique())
    moves = metrics.branching_table(metrics.to_matrix(branch[branch["year"] == start]),
                                    metrics.to_matrix(branch[branch["year"] == end]))
    raw = synthetic.synthetic_asif_panel(seed=0)
    panel = asif.validate_asif(raw)
    panel.attrs["synthetic"] = True  # as read_asif(..., synthetic=True) marks it
    return {"indicators": byod.indicator_table(regions, groups),
            "lq": byod.lq_table(regions),
            "entry": metrics.branching_probability(moves, bins=5),
            "fig2": asif.division_shares(panel, "SYN01"),
            "fig3": asif.it_subsector_shares(panel, "SYN01"),
            "hhi": asif.manufacturing_hhi(panel, "SYN01")}


@pytest.fixture(scope="module")
def lab_inputs():
    return _lab_inputs()


def _lab_charts(inputs) -> dict[str, object]:
    return {
        "indicators": charts.indicator_bars(inputs["indicators"], synthetic=True),
        "indicators_static": charts.indicator_bars(inputs["indicators"], select=False),
        "lq": charts.rca_heatmap(inputs["lq"], synthetic=True),
        "entry": charts.branching_rates(inputs["entry"], synthetic=True),
        "exit": charts.branching_rates(inputs["entry"], kind="exit"),
        "fig2": charts.division_share_lines(inputs["fig2"]),
        "fig3": charts.it_subsector_bars(inputs["fig3"]),
        "hhi": charts.county_hhi_line(inputs["hhi"]),
    }


def _data_words(inputs) -> set[str]:
    """Texts that come from the (synthetic, English-named) data: regions, industries."""
    words: set[str] = set()
    for frame in inputs.values():
        words |= {str(frame.attrs["county"])} if "county" in frame.attrs else set()
        for col in ("region", "indicator", "industry", "name", "label", "region_label"):
            if col in frame.columns:
                words |= {str(v) for v in frame[col]}
    return words


def test_lab_branching_and_asif_charts_write_their_own_texts_in_chinese(lab_inputs):
    with i18n.using("zh"):
        drawn = {k: visible_texts(c.to_dict()) for k, c in _lab_charts(lab_inputs).items()}
    data_words = _data_words(lab_inputs)
    for name, shown in drawn.items():
        own = []
        for text in shown:  # the chart's own words, the data's names taken out
            for word in sorted(data_words, key=len, reverse=True):
                text = text.replace(word, "")
            own.append(text)
        assert english_left(own) == [], name
    assert drawn["lq"][0].startswith("合成数据：") or any(
        t.startswith("合成数据：") for t in drawn["lq"])
    assert any(t.startswith("合成数据（并非真实的县）") for t in drawn["fig2"])


def test_lab_branching_and_asif_charts_keep_their_english_wording(lab_inputs):
    drawn = {k: visible_texts(c.to_dict()) for k, c in _lab_charts(lab_inputs).items()}
    assert any(t.startswith("SYNTHETIC data: Regions differ") for t in drawn["indicators"])
    assert "Location quotient" in drawn["lq"]
    assert any(re.fullmatch(r"SYNTHETIC data: Entry rate ranges from \d+% \(density .+\) to "
                            r"\d+% \(density .+\)", t) for t in drawn["entry"])
    assert "Share of cells at risk that exited" in drawn["exit"]
    assert "Labels: exits / cells at risk; rules: 95% Wilson intervals." in drawn["exit"]
    assert any(t.startswith("Synthetic data (not a real county). Line chart of the output "
                            "shares") for t in drawn["fig2"])
    assert "Others" in drawn["fig3"] and "Share of division 40 output" in drawn["fig3"]
    assert not any(i18n.has_cjk(t) for v in drawn.values() for t in v)
