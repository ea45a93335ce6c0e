"""Bring-your-own-data reader: layouts, clear errors naming file, line and column, tables."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import byod, metrics
from helpers.synthetic import SYNTHETIC_DIR

pytestmark = pytest.mark.fast


def write(tmp_path, text, name="my.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


LONG = "region,industry,value\nA,i,1\nA,j,3\nB,i,2\n"
WIDE = "region,i,j\nA,1,3\nB,2,0\n"


def test_long_layout_gives_a_region_by_industry_matrix_with_absent_pairs_as_zero(tmp_path):
    m = byod.read_regional_csv(write(tmp_path, LONG))
    assert m.to_dict() == {"i": {"A": 1.0, "B": 2.0}, "j": {"A": 3.0, "B": 0.0}}
    assert m.attrs["layout"] == "long" and m.attrs["file"] == "my.csv"


def test_wide_layout_gives_the_same_matrix_as_long(tmp_path):
    long = byod.read_regional_csv(write(tmp_path, LONG, "l.csv"))
    wide = byod.read_regional_csv(write(tmp_path, WIDE, "w.csv"))
    pd.testing.assert_frame_equal(long, wide, check_names=False)
    assert wide.attrs["layout"] == "wide"


def test_year_column_gives_region_year_rows_and_for_year_slices(tmp_path):
    text = "region,year,industry,value\nA,2000,i,1\nA,2010,i,2\nB,2000,i,3\nB,2000,j,1\n"
    m = byod.read_regional_csv(write(tmp_path, text))
    assert m.index.names == ["region", "year"] and byod.years(m) == [2000, 2010]
    assert byod.for_year(m, 2000).loc["B", "j"] == 1.0
    with pytest.raises(ValueError, match=r"year: 1999 is not in the data; years are \[2000"):
        byod.for_year(m, 1999)


def test_extra_columns_of_a_long_file_are_ignored_and_reported(tmp_path):
    m = byod.read_regional_csv(write(tmp_path, "region,industry,value,note\nA,i,1,x\n"))
    assert m.attrs["ignored_columns"] == ["note"]


def test_custom_column_names_and_spaces_and_blank_lines_are_accepted(tmp_path):
    text = "county , sector, output\n\nX, a , 1.5\n"
    m = byod.read_regional_csv(
        write(tmp_path, text), region="county", industry="sector", value="output"
    )
    assert m.loc["X", "a"] == 1.5


def test_synthetic_regions_csv_reads_to_18_rows_by_12_industries():
    m = byod.read_regional_csv(SYNTHETIC_DIR / "regions.csv")
    assert m.shape == (18, 12) and byod.years(m) == [2000, 2010, 2020]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("place,industry,value\nA,i,1\n", "my.csv line 1: missing column(s) ['region']"),
        ("region,industry,value\nA,i,abc\n",
         "my.csv line 2, column 'value': 'abc' is not a number"),
        ('region,industry,value\nA,i,"1,5"\n', "no thousands separators"),
        ("region,industry,value\nA,i,-3\n", "my.csv line 2, column 'value': -3 is negative"),
        ("region,industry,value\nA,i,\n", "my.csv line 2, column 'value': is empty"),
        ("region,industry,value\n,i,1\n", "my.csv line 2, column 'region': is empty"),
        ("region,industry,value\nA,i,nan\n", "'nan' is not a finite number"),
        ("region,industry,value\nA,i,1\nA,i,2\n",
         "my.csv line 3: duplicated region x industry (region='A' x industry='i'), "
         "first seen on line 2"),
        ("region,year,industry,value\nA,2000,i,1\nA,2010,i,1\nA,2000,i,2\n",
         "line 4: duplicated region x industry x year"),
        ("region,year,industry,value\nA,20x0,i,1\n", "column 'year': '20x0' is not a whole year"),
        ("region,i,j\nA,1,2\nA,3,4\n", "my.csv line 3: duplicated region (region='A')"),
        ("region,i,j\nA,1\n", "my.csv line 2: has 2 cells, the header has 3"),
        ("region,i,i\nA,1,2\n", "my.csv line 1, column 'i': the column name is repeated"),
        ("region\nA\n", "my.csv line 1: no industry columns"),
        ("region,industry,value\n", "my.csv line 1: there are no data rows"),
        ("", "my.csv line 1: the file is empty"),
    ],
)
def test_bad_files_raise_a_value_error_naming_file_line_and_column(tmp_path, text, message):
    with pytest.raises(ValueError) as err:
        byod.read_regional_csv(write(tmp_path, text))
    assert message in str(err.value)
    assert isinstance(err.value, byod.RegionalDataError)


def test_every_problem_is_listed_up_to_ten(tmp_path):
    rows = "".join(f"R{k},i,-1\n" for k in range(12))
    with pytest.raises(byod.RegionalDataError) as err:
        byod.read_regional_csv(write(tmp_path, "region,industry,value\n" + rows))
    assert len(err.value.problems) == 12
    assert "and 2 more problem(s)" in str(err.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ValueError, match="nothere.csv: file not found"):
        byod.read_regional_csv(tmp_path / "nothere.csv")


def test_indicator_table_matches_metrics_and_variety_adds_up_to_entropy():
    m = byod.read_regional_csv(SYNTHETIC_DIR / "regions.csv")
    groups = pd.read_csv(SYNTHETIC_DIR / "industry_groups.csv").set_index("industry")["group"]
    t = byod.indicator_table(m, groups)
    assert list(t.columns) == ["region", "year", "indicator", "value"]
    assert set(t["indicator"]) == set(byod.INDICATORS.values())
    x2010 = byod.for_year(m, 2010)
    got = t.query("year == 2010 and indicator == 'HHI'").set_index("region")["value"]
    pd.testing.assert_series_equal(got, metrics.hhi(x2010), check_names=False)
    w = t.pivot_table(index=["region", "year"], columns="indicator", values="value")
    total = w["Related variety (bits)"] + w["Unrelated variety (bits)"]
    pd.testing.assert_series_equal(total, w["Entropy (bits)"], check_names=False)


def test_indicator_table_without_groups_or_years_has_no_variety_and_no_year(tmp_path):
    t = byod.indicator_table(byod.read_regional_csv(write(tmp_path, LONG)))
    assert "year" not in t.columns
    assert "Related variety (bits)" not in set(t["indicator"])


def test_lq_table_drops_industries_absent_everywhere_in_a_year(tmp_path):
    text = "region,year,industry,value\nA,1,i,1\nB,1,i,1\nA,2,i,1\nA,2,j,1\nB,2,i,1\n"
    lq = byod.lq_table(byod.read_regional_csv(write(tmp_path, text)))
    assert set(lq.loc[lq["year"] == 1, "industry"]) == {"i"}
    assert set(lq.loc[lq["year"] == 2, "industry"]) == {"i", "j"}


# --------------------------------------------------------------------------- fast path


CELLS = st.sampled_from(
    ["A", "B", " B", "C ", "", "0", "7", "1.5", "2e3", "1_000", "-1", "nan", "inf", "1,5",
     "0.1", "3.3000000000000003", "2000", "2010", '"A"', '"x,y"', "NA", " ", "1e400"]
)


@st.composite
def csv_texts(draw):
    """Small CSV files, mostly well formed, with the usual ways of going wrong."""
    long = draw(st.booleans())
    header = ["region", "industry", "value"] if long else ["region", "i", "j"]
    if draw(st.booleans()):
        header.insert(1, "year")
    if long and draw(st.booleans()):
        header.append("note")
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 6))):
        row = []
        for name in header:
            if draw(st.integers(0, 15)) == 0:  # now and then a bad or odd cell
                row.append(draw(CELLS))
            elif name == "region":
                row.append(draw(st.sampled_from(["A", "B", "C", " D", "E ", '"F"', "0"])))
            elif name == "industry":
                row.append(draw(st.sampled_from(["i", "j", "k", "l"])))
            elif name == "year":
                row.append(draw(st.sampled_from(["2000", "2010"])))
            elif name == "note":
                row.append(draw(st.sampled_from(["x", ""])))
            else:
                row.append(str(draw(st.floats(0, 1e6, allow_nan=False))))
        if draw(st.integers(0, 19)) == 0:
            row = row[:-1] if draw(st.booleans()) else [*row, "9"]
        lines.append(",".join(row))
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", ",,"])))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + end.join(lines) + end


NAMES = ("region", "industry", "value", "year")


def read_both(path):
    """The result (or error message) of the public reader and of the cell-by-cell reader."""
    out = []
    for reader in (byod.read_regional_csv, byod._read_checked):
        try:
            args = () if reader is byod.read_regional_csv else NAMES
            out.append(reader(path, *args))
        except ValueError as err:
            out.append(str(err))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])
@given(text=csv_texts())
def test_fast_reader_agrees_with_the_cell_by_cell_reader(tmp_path, text):
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode("utf-8"))
    fast, checked = read_both(path)
    if isinstance(checked, str):
        assert fast == checked  # the same message, from the same reader
    else:
        pd.testing.assert_frame_equal(fast, checked)
        assert fast.attrs == checked.attrs


def test_fast_reader_takes_well_formed_files_and_parses_numbers_as_python_does(tmp_path):
    rng = np.random.default_rng(1)
    digits = [f"{x:.17g}" for x in rng.lognormal(3, 4, 2000)] + ["1e-320", "0.1", "5.", ".5"]
    text = "region,industry,value\n" + "".join(
        f"R{k},I{k % 7}, {d} \n" for k, d in enumerate(digits)
    )
    path = write(tmp_path, text)
    fast = byod._read_fast(path, *NAMES)
    assert fast is not None  # not handed over: the fast path was taken
    pd.testing.assert_frame_equal(fast, byod._read_checked(path, *NAMES))


def test_arrow_reads_a_well_formed_file_as_pandas_does_and_refuses_what_it_cannot(tmp_path):
    # the parser that makes the reader fast (bench_byod.py) is the one taken for such a file
    text = "region,year,industry,value\r\n" + "".join(
        f" R{k % 50} ,{2000 + k % 3},0{k % 7}, {k * 0.37:.17g} \r\n" for k in range(600))
    data = text.encode()
    header, types = ["region", "year", "industry", "value"], {
        0: "category", 1: "int64", 2: "category", 3: "float64"}
    arrow = byod._parse_arrow(data, header, types)
    assert arrow is not None and list(arrow["industry"].cat.categories)[:2] == ["00", "01"]
    expected = pd.read_csv(io.StringIO(text), dtype={"region": str, "industry": str})
    assert arrow["value"].tolist() == expected["value"].tolist()
    assert arrow["year"].tolist() == expected["year"].tolist()
    assert arrow["region"].astype(str).tolist() == expected["region"].tolist()
    # an empty amount, an "NA" year, a short row: left to the other readers
    for bad in ("A,2000,i,\n", "A,NA,i,1\n", "A,2000,i\n"):
        assert byod._parse_arrow(("region,year,industry,value\n" + bad).encode(),
                                 header, types) is None


def test_a_dropped_trailing_cell_is_not_accepted_silently(tmp_path):
    # pandas would drop the extra cell of the first data row; the checked reader names it
    with pytest.raises(byod.RegionalDataError, match="my.csv line 2: has 4 cells"):
        byod.read_regional_csv(write(tmp_path, "region,industry,value\nA,i,1,\nB,i,2\n"))


@pytest.mark.parametrize(
    "text",
    [
        "region,industry,value\n0101,131,1\n0101,0131,2\n0102,131,3\n",  # codes, not numbers
        "region,year,industry,value\n昆山,2000,电子,1.5\n苏州,2000,电子,2\n昆山,2010,纺织,3\n",
        "region,i,j\r\nTrue,1,2\r\nFalse,3,4\r\n",
    ],
)
def test_fast_reader_keeps_labels_as_written(tmp_path, text):
    path = write(tmp_path, text)
    fast = byod._read_fast(path, *NAMES)
    assert fast is not None
    pd.testing.assert_frame_equal(fast, byod._read_checked(path, *NAMES))
    labels = [*fast.index.get_level_values("region"), *fast.columns]
    assert all(isinstance(label, str) for label in labels)


def test_fast_reader_codes_years_far_apart_too(tmp_path):
    text = "region,year,industry,value\nA,-5,i,1\nA,2000000000,i,2\nB,2000,j,3\n"
    path = write(tmp_path, text)
    fast = byod._read_fast(path, *NAMES)
    assert fast is not None and byod.years(fast) == [-5, 2000, 2000000000]
    pd.testing.assert_frame_equal(fast, byod._read_checked(path, *NAMES))
