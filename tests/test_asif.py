"""helpers.asif: reading and validating ASIF-shaped panels, and Figures 2, 3 and the HHI."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from helpers import asif, charts, synthetic

pytestmark = pytest.mark.fast

# A tiny panel whose figures are computed by hand below.
#   2001: 4041 60, 4051 10, 2611 30            -> total 100; div 40 .7, 26 .3
#   2002: 4041 80, 4071 20, 2611 50, 1711 50   -> total 200; 40 .5, 26 .25, 17 .25
#   2004: 2611 10, 1711 30                     -> total 40; 26 .25, 17 .75 (no IT)
# County C2 holds one more firm that must not count for C1.
TINY = pd.DataFrame(
    [
        ("f1", 2001, "C1", 4041, 60.0), ("f2", 2001, "C1", 4051, 10.0),
        ("f3", 2001, "C1", 2611, 30.0), ("f1", 2002, "C1", 4041, 80.0),
        ("f4", 2002, "C1", 4071, 20.0), ("f3", 2002, "C1", 2611, 50.0),
        ("f5", 2002, "C1", 1711, 50.0), ("f3", 2004, "C1", 2611, 10.0),
        ("f5", 2004, "C1", 1711, 30.0), ("g1", 2001, "C2", 4041, 1000.0),
    ],
    columns=["firm_id", "year", "county", "industry", "output"],
)
FILE_NAMES = {"firm_id": "法人代码", "output": "gross_output"}  # standard -> name in a file
MAPPING = {v: k for k, v in FILE_NAMES.items()}  # what read_asif takes: file -> standard


@pytest.fixture
def panel():
    return asif.validate_asif(TINY)


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("suffix", [".csv", ".dta", ".parquet"])
def test_read_asif_reads_each_format_with_a_column_mapping(tmp_path, suffix):
    raw = TINY.rename(columns=FILE_NAMES).assign(extra=1)
    path = tmp_path / f"panel{suffix}"
    if suffix == ".csv":
        raw.to_csv(path, index=False)
    elif suffix == ".dta":
        # Stata names must be ASCII-safe here; map the firm id from 'firm_code'
        raw = raw.rename(columns={"法人代码": "firm_code"})
        raw.to_stata(path, write_index=False)
    else:
        raw.to_parquet(path)
    mapping = dict(MAPPING)
    if suffix == ".dta":
        mapping = {"firm_code": "firm_id", "gross_output": "output"}
    got = asif.read_asif(path, mapping)
    pd.testing.assert_frame_equal(got, asif.validate_asif(TINY), check_dtype=False)
    assert got["year"].dtype == "int64" and got["industry"].dtype == "int64"
    assert got.attrs["ignored_columns"] == ["extra"]
    assert got.attrs["format"] == {".csv": "csv", ".dta": "stata", ".parquet": "parquet"}[suffix]


def test_read_asif_keeps_county_codes_as_text_from_numeric_stata_columns(tmp_path):
    raw = TINY.assign(county=TINY["county"].map({"C1": 320500, "C2": 320600}))
    path = tmp_path / "p.dta"
    raw.to_stata(path, write_index=False)
    got = asif.read_asif(path)
    assert sorted(got["county"].unique()) == ["320500", "320600"]


def test_parquet_without_pyarrow_gives_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "p.parquet"
    TINY.to_parquet(path)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` fail
    with pytest.raises(asif.AsifDataError, match="p.parquet: reading Parquet needs .*pyarrow"):
        asif.read_asif(path)


def test_unknown_suffix_and_missing_file_are_named(tmp_path):
    with pytest.raises(ValueError, match="p.xlsx: unsupported file type '.xlsx'"):
        asif.read_asif(tmp_path / "p.xlsx")
    with pytest.raises(ValueError, match="file not found"):
        asif.read_asif(tmp_path / "absent.csv")


# --------------------------------------------------------------------------- validation


def _csv(tmp_path, text: str):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_validation_names_line_and_column_of_every_problem(tmp_path):
    path = _csv(tmp_path, (
        "firm_id,year,county,industry,output\n"
        "a,2001,C1,4041,10\n"          # line 2: fine
        "b,2001.5,C1,4041,10\n"        # line 3: not a whole year
        "c,1990,C1,4041,10\n"          # line 4: outside 1998-2009
        "d,2001,C1,3811,10\n"          # line 5: division 38 is unused
        "e,2001,C1,4081,10\n"          # line 6: group 408 is not in division 40
        "f,2001,C1,ab12,10\n"          # line 7: not digits
        "g,2001,C1,4041,\"1,200\"\n"   # line 8: thousands separator
        "h,2001,C1,4041,-3\n"          # line 9: negative
        "i,2001,,4041,5\n"             # line 10: empty county
        "a,2001,C1,2611,4\n"           # line 11: firm a again in 2001
    ))
    with pytest.raises(asif.AsifDataError) as info:
        asif.read_asif(path)
    msg = str(info.value)
    for expected in [
        "bad.csv line 3, column 'year': '2001.5' is not a whole year",
        "bad.csv line 4, column 'year': 1990 is outside 1998-2009",
        "bad.csv line 5, column 'industry': '3811' is not a 4-digit GB/T 4754-2002",
        "bad.csv line 6, column 'industry': '4081'",
        "bad.csv line 7, column 'industry': 'ab12'",
        "bad.csv line 8, column 'output': '1,200' is not a number",
        "bad.csv line 9, column 'output': -3 is negative",
        "bad.csv line 10, column 'county': is empty",
        "bad.csv line 2 and line 11, columns 'firm_id', 'year': firm 'a' appears more than "
        "once in 2001",
    ]:
        assert expected in msg, expected
    assert len(info.value.problems) == 9


def test_year_range_widens_the_accepted_years(tmp_path):
    path = _csv(tmp_path, "firm_id,year,county,industry,output\na,2012,C1,4041,10\n")
    with pytest.raises(ValueError, match="outside 1998-2009"):
        asif.read_asif(path)
    assert asif.read_asif(path, year_range=(1998, 2013))["year"].tolist() == [2012]


def test_missing_columns_and_bad_mappings_are_named(tmp_path):
    path = _csv(tmp_path, "id,year,county,industry,value\na,2001,C1,4041,10\n")
    with pytest.raises(ValueError, match=r"bad.csv: missing column\(s\) \['firm_id', 'output'\]"):
        asif.read_asif(path)
    with pytest.raises(ValueError, match=r"names \['ident'\], which the file lacks"):
        asif.read_asif(path, {"ident": "firm_id", "value": "output"})
    with pytest.raises(ValueError, match="unknown standard name"):
        asif.read_asif(path, {"id": "firm", "value": "output"})


def test_stata_problems_are_named_by_row(tmp_path):
    path = tmp_path / "bad.dta"
    TINY.assign(output=[1.0, -2.0] + [1.0] * 8).to_stata(path, write_index=False)
    with pytest.raises(ValueError, match="bad.dta row 2, column 'output': -2 is negative"):
        asif.read_asif(path)


# --------------------------------------------------------------------------- regeneration


def test_figure2_shares_match_hand_computation(panel):
    fig2 = asif.division_shares(panel, "C1", top=2)
    assert fig2.attrs["rank_year"] == 2004 and fig2.attrs["missing_years"] == [2003]
    assert fig2["division"].unique().tolist() == [17, 26]  # .75 and .25 in 2004
    wide = fig2.pivot(index="year", columns="division", values="share")
    assert wide[17].tolist() == pytest.approx([0.0, 0.25, 0.75])
    assert wide[26].tolist() == pytest.approx([0.30, 0.25, 0.25])
    assert fig2.loc[fig2["division"] == 17, "name"].iloc[0] == "Manufacture of textiles"
    by_2001 = asif.division_shares(panel, "C1", top=2, rank_year=2001)
    assert by_2001["division"].unique().tolist() == [40, 26]


def test_figure3_it_subsectors_match_hand_computation(panel):
    fig3 = asif.it_subsector_shares(panel, "C1")
    wide = fig3.pivot(index="year", columns="group", values="share")
    assert wide.index.tolist() == [2001, 2002]
    assert fig3.attrs["years_without_it"] == [2004]
    assert wide.loc[2001].tolist() == pytest.approx([60 / 70, 10 / 70, 0.0, 0.0])
    assert wide.loc[2002].tolist() == pytest.approx([0.8, 0.0, 0.0, 0.2])
    others = fig3.loc[fig3["group"] == "Others", "label"].iloc[0]
    assert others == "Others (401, 402, 403, 407, 409)"


def test_hhi_series_matches_hand_computation(panel):
    hhi = asif.manufacturing_hhi(panel, "C1")
    assert hhi["year"].tolist() == [2001, 2002, 2004]
    assert hhi["hhi"].tolist() == pytest.approx([0.49 + 0.09, 0.25 + 2 * 0.0625, 0.0625 + 0.5625])
    assert hhi["divisions"].tolist() == [2, 3, 2]
    assert hhi["output"].tolist() == pytest.approx([100.0, 200.0, 40.0])


def test_unknown_county_and_bad_rank_year_are_named(panel):
    with pytest.raises(ValueError, match=r"'C9' is not in the panel; it holds \['C1', 'C2'\]"):
        asif.division_shares(panel, "C9")
    with pytest.raises(ValueError, match="rank_year 2003"):
        asif.division_shares(panel, "C1", rank_year=2003)
    with pytest.raises(ValueError, match="no division-40 output"):
        asif.it_subsector_shares(panel[panel["industry"] < 4000], "C1")


def test_charts_on_synthetic_panels_say_synthetic_in_title_and_description(tmp_path):
    raw = synthetic.synthetic_asif_panel(firms_per_county=40, seed=2)
    path = tmp_path / "syn.csv"
    raw.to_csv(path, index=False)
    panel = asif.read_asif(path, synthetic=True)
    built = [
        charts.division_share_lines(asif.division_shares(panel, "SYN01")),
        charts.it_subsector_bars(asif.it_subsector_shares(panel, "SYN01")),
        charts.county_hhi_line(asif.manufacturing_hhi(panel, "SYN01")),
    ]
    for chart in built:
        spec = chart.to_dict()
        assert spec["title"]["text"].startswith("SYNTHETIC data:")
        assert spec["description"].startswith("Synthetic data")
    fig2 = charts.division_share_lines(asif.division_shares(panel, "SYN01")).to_dict()
    assert "no data for 2004, 2008" in fig2["description"]


def test_charts_on_real_shaped_input_are_not_labelled_synthetic(panel):
    spec = charts.division_share_lines(asif.division_shares(panel, "C1", top=2)).to_dict()
    assert "SYNTHETIC" not in spec["title"]["text"]
    assert "no data for 2003" in spec["description"]


def test_synthetic_asif_panel_is_seeded_and_valid():
    a = synthetic.synthetic_asif_panel(firms_per_county=30, seed=5)
    pd.testing.assert_frame_equal(a, synthetic.synthetic_asif_panel(firms_per_county=30, seed=5))
    assert a.attrs["synthetic"] is True
    checked = asif.validate_asif(a)
    assert checked.attrs["synthetic"] is True
    assert sorted(checked["year"].unique()) == list(synthetic.SYNTHETIC_ASIF_YEARS)


def test_validate_asif_accepts_mixed_and_nullable_columns_and_names_missing_cells():
    frame = TINY.head(3).assign(
        industry=pd.Series(["4041", 4051.0, 2611], dtype=object),
        year=pd.array([2001, 2001, 2001], dtype="Int64"),
    )
    assert asif.validate_asif(frame)["industry"].tolist() == [4041, 4051, 2611]
    frame["year"] = pd.array([2001, None, 2001], dtype="Int64")
    with pytest.raises(ValueError, match="panel row 2, column 'year': is empty"):
        asif.validate_asif(frame)
