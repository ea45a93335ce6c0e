"""Tests for helpers.charts.io: the charts draw the frames of helpers.io_analysis faithfully."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers import charts
from helpers import io_analysis as ia

pytestmark = pytest.mark.fast

vlc = pytest.importorskip("vl_convert")


@pytest.fixture(scope="module")
def parts_2002() -> tuple[pd.DataFrame, pd.DataFrame]:
    # as the chapter embeds them: four division columns, input and output shares
    return ia.io_density_parts(2002, divisions=["17", "18", "26", "39"],
                               normalisations=["input", "output"])


def _explorer(parts_2002):
    parts, sectors = parts_2002
    return charts.io_candidates_explorer(
        parts, sectors, year=2002, portfolio=ia.PRE_1998_DIVISIONS,
        division_names={"39": "Electrical machinery"}).to_dict()


def _it_rows(spec: dict) -> dict[str, str]:
    """IT rows of the rendered strip: code -> "r of N"."""
    svg = vlc.vegalite_to_svg(spec)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return {t[:3]: t.rsplit(": ", 1)[1] for t in texts if re.match(r"^\d{3} .*: \d+ of \d+$", t)}


def _python_rows(ranking: pd.DataFrame) -> dict[str, str]:
    its = ranking[ranking["it"] & ~ranking["in_portfolio"]]
    return {c: f"{r} of {n}" for c, r, n in zip(its["code"], its["rank"], its["n"], strict=True)}


def _set(spec: dict, **values) -> dict:
    for param in spec["params"]:
        if param["name"] in values:
            param["value"] = values[param["name"]]
    return spec


def test_explorer_binds_portfolio_form_normalisation_and_flows(parts_2002):
    spec = _explorer(parts_2002)
    bound = {p["name"]: p["bind"]["input"] for p in spec["params"] if "bind" in p}
    assert bound == {"io_div_17": "checkbox", "io_div_18": "checkbox", "io_div_26": "checkbox",
                     "io_add": "select", "io_how": "radio", "io_norm": "radio",
                     "io_flows": "radio"}
    add = next(p for p in spec["params"] if p["name"] == "io_add")
    assert "40" not in add["bind"]["options"]  # IT is what is ranked, never the portfolio
    assert "075 Complete computers" in spec["description"]


def test_explorer_default_ranks_it_among_candidates_as_python_does(parts_2002):
    rows = _it_rows(_explorer(parts_2002))
    expected = _python_rows(ia.io_density_ranking(2002, list(ia.PRE_1998_DIVISIONS)))
    assert rows == expected
    assert rows["075"] == "59 of 59"


def test_explorer_inputs_recompute_the_ranks_in_the_page(parts_2002):
    spec = _set(_explorer(parts_2002), io_div_17=False, io_add="39", io_how="mean",
                io_norm="output", io_flows="domestic")
    expected = _python_rows(ia.io_density_ranking(
        2002, ["18", "26", "39"], form="mean", normalisation="output", flows="domestic"))
    assert _it_rows(spec) == expected
    assert next(iter(expected.values())).endswith(" of 61")  # 72 sectors, 11 in the portfolio


def test_embedded_parts_give_python_ranks_for_every_input_combination(parts_2002):
    """Regression: rounded contributions once tied sectors that Python ranks apart."""
    import itertools

    parts, sectors = parts_2002
    sec = sectors.set_index("code")
    bad = []
    for spec in parts["spec"].unique():
        form, norm, flows = spec.split("|")
        frame = parts[parts["spec"] == spec].set_index("code")
        for on in itertools.product([False, True], repeat=4):
            divs = [d for d, o in zip(["17", "18", "26", "39"], on, strict=True) if o]
            if not divs:
                continue
            dens = frame[[f"d{d}" for d in divs]].sum(axis=1)
            cand = dens[~sec["division"].isin(divs)]
            page = {c: 1 + int((cand > cand[c]).sum()) for c in cand.index if sec.loc[c, "it"]}
            exact = ia.io_density_ranking(2002, divs, form, norm, flows)
            python = dict(zip(exact["code"], exact["rank"], strict=True))
            if any(page[c] != python[c] for c in page):
                bad.append((spec, divs))
    assert bad == []


def test_strip_draws_a_given_ranking_with_the_portfolio_unranked():
    ranking = ia.io_density_ranking(2002, list(ia.PRE_1998_DIVISIONS), normalisation="leontief")
    spec = charts.io_candidates_strip(ranking, title="t").to_dict()
    assert _it_rows(spec) == _python_rows(ranking)
    values = spec["datasets"][next(iter(spec["datasets"]))]
    own = [v for v in values if v["own"]]
    assert len(own) == 13 and {v["rank_text"] for v in own} == {"not ranked (portfolio)"}
    with pytest.raises(ValueError, match="ranking lacks|missing"):
        charts.io_candidates_strip(ranking.drop(columns="rank"))


def test_null_chart_marks_kunshan_and_states_each_null_share():
    null = pd.DataFrame({"null": ["a"] * 4 + ["b"] * 2,
                         "it_density": [1.0, 2.0, 3.0, 4.0, 0.5, 5.0]})
    spec = charts.io_null_chart(null, 2.0, labels={"a": "Every trio", "b": "Random"}).to_dict()
    text = str(spec)
    assert "Every trio: 50% at or below Kunshan" in text
    assert "Random: 50% at or below Kunshan" in text
    rule = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert spec["datasets"][rule[0]["data"]["name"]] == [{"x": 2.0, "text": "Kunshan"}]
    with pytest.raises(ValueError, match="finite"):
        charts.io_null_chart(null, float("nan"))


def test_robustness_table_has_a_row_per_specification_and_both_levels():
    panel = ia.robustness_panel()
    spec = charts.io_robustness_table(panel).to_dict()
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert len(values) == 6 * 24 + 3 * 24  # six sector measures, three division measures
    first = {v["measure"]: v["text"] for v in values if v["spec"] == values[0]["spec"]}
    assert values[0]["spec"] == "2002 max input total"
    assert first["Computers"] == "59" and first["Best IT"] == "33" and first["Div. 40"] == "20"
    row = panel.iloc[0]
    assert first["p best a"] == f"{row['p_best_rank']:.2f}".lstrip("0")  # a share, not a rank
    assert len({v["spec"] for v in values}) == 24


def test_emerging_density_has_eight_ranked_industries_with_a_how_input():
    frame = pd.concat([ia.emerging_io_density(2012, h) for h in ia.FORMS])
    assert sorted(frame.loc[frame["how"] == "max", "rank"]) == list(range(1, 9))
    spec = charts.emerging_density_chart(frame).to_dict()
    assert [p["bind"]["input"] for p in spec["params"] if "bind" in p] == ["radio"]
    with pytest.raises(ValueError, match="not mapped to the emerging"):
        ia.emerging_io_density(2002)


def test_short_names_fit_the_axis():
    assert ia.short_sector_name("Manufacture of complete computers") == "Complete computers"
    long = ia.short_sector_name("Manufacture of other communication and electronic equipment")
    assert len(long) <= 34 and long.endswith("…")


def test_charts_module_reads_no_file():
    import inspect

    source = inspect.getsource(charts.io)
    assert "helpers import data" not in source and "read_csv" not in source
