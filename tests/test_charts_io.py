"""Tests for helpers.charts.io: the static density explorer agrees with the Python ranking."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers import charts

pytestmark = pytest.mark.fast

vlc = pytest.importorskip("vl_convert")


@pytest.fixture(scope="module")
def parts_2002() -> pd.DataFrame:
    return charts.io_density_parts(2002)


def _ranked_codes(spec: dict) -> list[str]:
    """Sector codes in the order the rendered bars show them (top first)."""
    svg = vlc.vegalite_to_svg(spec)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return [t[:3] for t in texts if re.match(r"^\d{3} ", t)]


def _set(spec: dict, **values) -> dict:
    for param in spec["params"]:
        if param["name"] in values:
            param["value"] = values[param["name"]]
    return spec


def test_explorer_offers_bound_inputs_for_portfolio_definition_and_own_sectors(parts_2002):
    spec = charts.io_density_explorer(parts_2002, year=2002).to_dict()
    bound = {p["name"]: p["bind"]["input"] for p in spec["params"] if "bind" in p}
    assert bound == {"io_div_17": "checkbox", "io_div_18": "checkbox", "io_div_26": "checkbox",
                     "io_add": "select", "io_how": "radio", "io_own": "checkbox"}
    assert "075 Complete computers" in spec["description"]


def test_explorer_default_matches_the_pre_1998_ranking(parts_2002):
    spec = charts.io_density_explorer(parts_2002, year=2002).to_dict()
    expected = charts.io_density_ranking(2002, ["17", "18", "26"])
    assert _ranked_codes(spec) == list(expected["code"])


def test_explorer_inputs_change_portfolio_definition_and_ranking(parts_2002):
    spec = charts.io_density_explorer(parts_2002, year=2002).to_dict()
    spec = _set(spec, io_div_17=False, io_add="35", io_how="mean", io_own=False)
    expected = charts.io_density_ranking(2002, ["18", "26", "35"], how="mean",
                                         include_own=False)
    codes = _ranked_codes(spec)
    assert codes == list(expected["code"])
    assert len(codes) < 72  # the portfolio's own sectors left the ranking


def test_ranking_by_sector_equals_ranking_by_the_same_divisions():
    by_div = charts.io_density_ranking(2007, ["40"])
    members = list(by_div.loc[by_div["in_portfolio"], "code"])
    by_sector = charts.io_density_ranking(2007, members, by="sector")
    pd.testing.assert_frame_equal(by_div, by_sector)


def test_ranking_rejects_unknown_codes_and_how():
    with pytest.raises(ValueError, match="not in the 2002 table"):
        charts.io_density_ranking(2002, ["38"])
    with pytest.raises(ValueError, match="how must be"):
        charts.io_density_ranking(2002, ["17"], how="min")
    with pytest.raises(ValueError, match="at least one"):
        charts.io_density_ranking(2002, [])


def test_emerging_density_has_eight_ranked_industries_with_a_how_input():
    frame = pd.concat([charts.emerging_io_density(2012, h) for h in charts.IO_HOW])
    assert sorted(frame.loc[frame["how"] == "max", "rank"]) == list(range(1, 9))
    spec = charts.emerging_density_chart(frame).to_dict()
    assert [p["bind"]["input"] for p in spec["params"] if "bind" in p] == ["radio"]
    with pytest.raises(ValueError, match="not mapped to the emerging"):
        charts.emerging_io_density(2002)


def test_short_names_fit_the_axis():
    assert charts.short_sector_name("Manufacture of complete computers") == "Complete computers"
    long = charts.short_sector_name("Manufacture of other communication and electronic equipment")
    assert len(long) <= 34 and long.endswith("…")
