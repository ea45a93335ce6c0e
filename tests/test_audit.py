"""Tests for helpers.audit: pin the findings, and show they follow the data, not literals."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import data
from helpers.audit import COLUMNS, VERDICTS, audit, slip_candidates

pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def findings() -> pd.DataFrame:
    return audit().set_index("check")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, dest)
    return dest


def set_value(folder: Path, name: str, match: dict[str, str], column: str, value: str) -> None:
    """Set ``column`` in the single row of ``name``.csv whose cells equal ``match``."""
    path = folder / f"{name}.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1, (name, match)
    hits[0][column] = value
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# ------------------------------------------------------------------------------------------
# shape


def test_audit_has_the_documented_columns_and_vocabulary() -> None:
    a = audit()
    assert tuple(a.columns) == COLUMNS
    assert set(a["verdict"]) <= set(VERDICTS)
    assert not a["check"].duplicated().any()
    assert (a["expected"].str.len() > 0).all() and (a["found"].str.len() > 0).all()
    assert (a["locator"].str.len() > 0).all()


# ------------------------------------------------------------------------------------------
# pinned findings


def test_hhi_2009_is_inconsistent_with_the_65_percent_it_share(findings: pd.DataFrame) -> None:
    row = findings.loc["hhi_2009_vs_it_share"]
    assert row["verdict"] == "inconsistent"
    assert row["expected"] == "≥ 0.4225"  # 0.65 squared
    assert row["found"] == "0.38"
    assert "61.6%" in row["note"]  # the largest share an HHI of 0.38 allows


def test_hhi_2009_is_inconsistent_with_figure2_top_six(findings: pd.DataFrame) -> None:
    row = findings.loc["hhi_2009_vs_top_six"]
    assert row["verdict"] == "inconsistent"
    assert row["expected"] == "> 0.4270"  # 0.65^2 + 5 * 0.03^2


@pytest.mark.parametrize(
    ("year", "verdict", "found"),
    [
        (2013, "rounding", "327,070"),
        (2014, "consistent", "343,359"),
        (2015, "rounding", "361,169"),
        (2016, "inconsistent", "379,727"),
    ],
)
def test_table2_components_against_gross_output(
    findings: pd.DataFrame, year: int, verdict: str, found: str
) -> None:
    row = findings.loc[f"table2_sum_{year}"]
    assert (row["verdict"], row["found"]) == (verdict, found)


def test_table2_2016_gap_is_a_single_digit(findings: pd.DataFrame) -> None:
    note = findings.loc["table2_sum_2016", "note"]
    assert "+1,000" in note and "single digit" in note
    assert "±4.5" in note  # eight rounded parts and a rounded total


def test_printed_shares_rule_out_half_of_the_2016_slip_candidates(findings: pd.DataFrame) -> None:
    """Issue 12 item 6: the printed shares do help to locate the 2016 slip."""
    c = slip_candidates(data.load("table2"), 2016).set_index("figure")
    ruled_out = set(c.index[~c["fits_shares"]])
    assert ruled_out == {"flat_panel_display", "smart_grid_iot", "software_ic", "biomedicine"}
    assert c.loc["flat_panel_display", "corrected"] == 126_716
    assert round(c.loc["flat_panel_display", "share_implied"], 1) == 33.5  # printed 34
    assert c.loc["gross_output", "fits_shares"]  # a misprinted total fits every share
    assert c["one_digit"].all()
    note = findings.loc["table2_sum_2016", "note"]
    assert "rule out 4 of them" in note and "leave 4" in note


def test_added_industries_clash_with_table2(findings: pd.DataFrame) -> None:
    """Issue 12 item 7: 'newly added' in 2016, yet in Table 2 from 2013."""
    row = findings.loc["added_industries_already_in_table2"]
    assert row["verdict"] == "inconsistent"
    assert row["found"].startswith("high_end_equipment in 2013-2015 (26-30% of emerging output)")
    assert "software_ic in 2013-2015" in row["found"]
    assert "since 2010" in row["note"] and "Possible readings" in row["note"]


def test_population_check_reads_permanent_residents_as_including_migrants(
    findings: pd.DataFrame,
) -> None:
    """Issue 12 item 4: 常住人口 counts resident migrants; it is not a ceiling on the sum."""
    row = findings.loc["population_stock"]
    assert not row["expected"].startswith("≤")
    assert "常住人口" in row["note"] and "户籍人口" in row["note"]


def test_no_printed_share_in_table2_disagrees_with_its_values(findings: pd.DataFrame) -> None:
    shares = findings[findings.index.str.match(r"table2_share_[a-z_]+_\d{4}$")]
    shares = shares[~shares.index.str.startswith("table2_share_total")]
    assert len(shares) == 32
    assert set(shares["verdict"]) == {"consistent"}


def test_printed_shares_add_to_100_only_within_rounding(findings: pd.DataFrame) -> None:
    found = {y: findings.loc[f"table2_share_total_{y}", "found"] for y in range(2013, 2017)}
    assert found == {2013: "101", 2014: "101", 2015: "99", 2016: "101"}
    assert {findings.loc[f"table2_share_total_{y}", "verdict"] for y in found} == {"rounding"}


@pytest.mark.parametrize(
    ("check", "found"),
    [
        ("claim_emerging_share_of_manufacturing", "43.66%"),
        ("claim_flat_panel_share", "34.23%"),
        ("claim_high_end_equipment_share", "28.30%"),
        ("claim_new_materials_share", "16.32%"),
        ("claim_smart_grid_share", "8.77%"),
        ("claim_biomedicine_weakest", "biomedicine"),
    ],
)
def test_section6_prose_claims_hold_against_table2(
    findings: pd.DataFrame, check: str, found: str
) -> None:
    assert findings.loc[check, "verdict"] == "consistent"
    assert findings.loc[check, "found"] == found


def test_hhi_path_claims(findings: pd.DataFrame) -> None:
    assert findings.loc["claim_hhi_doubled", "found"] == "ratio 2.00"
    assert findings.loc["claim_hhi_doubled", "verdict"] == "consistent"
    assert findings.loc["claim_hhi_rising", "verdict"] == "consistent"
    assert findings.loc["claim_cr4_climbing", "verdict"] == "consistent"
    for year in (1998, 2002, 2005, 2009):
        assert findings.loc[f"hhi_floor_{year}", "verdict"] == "consistent"
        assert findings.loc[f"hhi_floor_{year}", "expected"] == "≥ 0.0333"


def test_other_indicator_checks(findings: pd.DataFrame) -> None:
    assert "-68.3% overall" in findings.loc["claim_laptops_falling", "note"]
    assert "-56.3%" in findings.loc["claim_fdi_falling", "note"]
    assert findings.loc["population_stock", "verdict"] == "undetermined"
    assert findings.loc["population_stock", "found"] == "1,900,000"
    for check in (
        "claim_laptops_falling",
        "claim_fdi_falling",
        "migrants_below_registered_2000",
        "crisis_closures_subset",
        "jv_timeline",
        "it_peak_matches_laptop_peak",
        "division_count",
        "it_subsector_count",
        "emerging_industry_count",
        "emerging_industries_added",
    ):
        assert findings.loc[check, "verdict"] == "consistent", check


def test_verdict_tally(findings: pd.DataFrame) -> None:
    assert findings["verdict"].value_counts().to_dict() == {
        "consistent": 59,
        "rounding": 6,
        "inconsistent": 4,
        "undetermined": 2,
    }


# ------------------------------------------------------------------------------------------
# the verdicts follow the data (no typed expectations)


def test_hhi_finding_follows_the_hhi_value(data_copy: Path) -> None:
    set_value(data_copy, "concentration", {"measure": "hhi", "year": "2009"}, "value", "0.45")
    a = audit(data_copy).set_index("check")
    assert a.loc["hhi_2009_vs_it_share", "verdict"] == "consistent"
    assert a.loc["hhi_2009_vs_it_share", "found"] == "0.45"


def test_hhi_bound_follows_the_it_share(data_copy: Path) -> None:
    set_value(
        data_copy,
        "concentration",
        {"measure": "share_of_manufacturing", "code": "40"},
        "value",
        "60",
    )
    a = audit(data_copy).set_index("check")
    assert a.loc["hhi_2009_vs_it_share", "expected"] == "≥ 0.3600"
    assert a.loc["hhi_2009_vs_it_share", "verdict"] == "consistent"


def test_table2_sum_follows_the_printed_total(data_copy: Path) -> None:
    set_value(data_copy, "table2", {"year": "2016", "measure": "gross_output"}, "value", "379727")
    a = audit(data_copy).set_index("check")
    assert a.loc["table2_sum_2016", "verdict"] == "consistent"


def test_a_misprinted_share_is_flagged(data_copy: Path) -> None:
    match = {"year": "2014", "measure": "share_of_emerging", "industry": "new_materials"}
    set_value(data_copy, "table2", match, "value", "20")
    set_value(data_copy, "table2", {**match, "industry": "smart_grid_iot"}, "value", "9")
    a = audit(data_copy).set_index("check")
    assert a.loc["table2_share_new_materials_2014", "verdict"] == "inconsistent"
    # 8.39% printed as 9 is the ceiling, not the nearest integer
    assert a.loc["table2_share_smart_grid_iot_2014", "verdict"] == "rounding"


def test_plan_clash_follows_the_added_flags(data_copy: Path) -> None:
    for industry in ("high_end_equipment", "software_ic"):
        set_value(data_copy, "emerging_industries", {"industry": industry},
                  "added_since_12th_plan", "false")
    a = audit(data_copy).set_index("check")
    assert a.loc["added_industries_already_in_table2", "verdict"] == "consistent"
    assert a.loc["added_industries_already_in_table2", "found"] == "none"


def test_claim_threshold_comes_from_the_claims_table(data_copy: Path) -> None:
    set_value(data_copy, "claims", {"claim": "flat_panel_share"}, "denominator", "4")
    a = audit(data_copy).set_index("check")
    assert a.loc["claim_flat_panel_share", "expected"] == "≈ 25.0%"
    assert a.loc["claim_flat_panel_share", "verdict"] == "inconsistent"


def test_table2_sums_add_the_parts_and_name_a_year_without_its_total():
    from helpers.audit import table2_sums

    toy = pd.DataFrame({
        "year": [2013, 2013, 2013, 2013, 2013],
        "industry": ["a", "b", None, "a", "b"],
        "measure": ["output", "output", "gross_output", "share_of_emerging",
                    "share_of_emerging"],
        "value": [10.0, 21.0, 30.0, 33.0, 68.0],
    })
    sums = table2_sums(toy)
    assert sums.loc[2013].to_dict() == {"parts": 31.0, "total": 30.0, "gap": 1.0,
                                        "n_parts": 2, "slack": 1.5, "share_sum": 101.0}
    with pytest.raises(ValueError, match="table2: year\\(s\\) \\[2014\\] lack"):
        table2_sums(pd.concat([toy, pd.DataFrame({
            "year": [2014], "industry": ["a"], "measure": ["output"], "value": [1.0]})]))
