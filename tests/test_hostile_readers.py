"""Issue 21, hostile CSV files for byod.read_regional_csv: each fails clearly or reads right.

Every regression test names the item of issue 21 it pins. The property test compares the
public reader with the line-by-line reader on generated files (``tests/hostile_csv.py``);
``benchmarks/fuzz_byod.py`` runs the same comparison on 2,500 distinct files.
"""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest
from hostile_csv import csv_texts, read_both
from hypothesis import HealthCheck, given, settings

from helpers import byod

pytestmark = pytest.mark.fast

NAMES = ("region", "industry", "value", "year")


def write(tmp_path, data, name="my.csv"):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def error_of(path, **kwargs) -> str:
    with pytest.raises(byod.RegionalDataError) as err:
        byod.read_regional_csv(path, **kwargs)
    return str(err.value)


# --------------------------------------------------------------------------- item 10


@pytest.mark.parametrize("spelling", ["2000.0", "2000.", "2e3", "0x7D0", "0X7d0", "２０００",
                                      "2_000"])
def test_item10_year_spellings_are_refused_by_both_readers(tmp_path, spelling):
    path = write(tmp_path, f"region,year,industry,value\nA,{spelling},i,1\nB,2000,i,2\n")
    message = error_of(path)
    assert f"my.csv line 2, column 'year': {spelling!r} is not a whole year" in message
    assert byod._read_fast(path, *NAMES) is None
    with pytest.raises(byod.RegionalDataError, match="is not a whole year"):
        byod._read_checked(path, *NAMES)


def test_item10_plain_and_signed_years_still_read(tmp_path):
    path = write(tmp_path, "region,year,industry,value\nA,2000,i,1\nA,+2010,i,2\nB,-5,i,3\n")
    assert byod.years(byod.read_regional_csv(path)) == [-5, 2000, 2010]


@settings(max_examples=300, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=csv_texts())
def test_item10_property_both_readers_agree_on_every_generated_file(tmp_path, text):
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode("utf-8"))
    public, checked = read_both(path)
    if isinstance(public, str) or isinstance(checked, str):
        assert isinstance(public, str) and public == checked, (public, checked)
    else:
        pd.testing.assert_frame_equal(public, checked)
        assert public.attrs == checked.attrs


# --------------------------------------------------------------------------- item 15


@pytest.mark.parametrize(
    ("cell", "hint"),
    [("1_000", "no '_' digit separators"), ("１２３", "ASCII digits 0-9"),
     ("٢٣", "ASCII digits 0-9"), ("1,000", "no thousands separators")],
)
def test_item15_lenient_numbers_are_refused(tmp_path, cell, hint):
    path = write(tmp_path, f'region,industry,value\nA,i,"{cell}"\n')
    message = error_of(path)
    assert f"line 2, column 'value': {cell!r} is not a number" in message and hint in message


def test_item15_plain_number_spellings_still_read(tmp_path):
    text = "region,industry,value\n" + "".join(
        f"R{k},i,{cell}\n" for k, cell in enumerate(["12", "+1.5", ".5", "5.", "2e3", "1E-3"]))
    m = byod.read_regional_csv(write(tmp_path, text))
    assert m["i"].tolist() == [12.0, 1.5, 0.5, 5.0, 2000.0, 0.001]


# --------------------------------------------------------------------------- item 14


def test_item14_gzip_file_is_named_as_gzip(tmp_path):
    path = write(tmp_path, gzip.compress(b"region,industry,value\nA,i,1\n"))
    assert "my.csv: is gzip-compressed, not text; decompress it first" in error_of(path)


def test_item14_utf16_file_is_named_as_utf16_and_reads_with_encoding(tmp_path):
    path = write(tmp_path, "region,industry,value\nA,i,1\n".encode("utf-16"))
    assert "looks like UTF-16 text; pass encoding='utf-16'" in error_of(path)
    assert byod.read_regional_csv(path, encoding="utf-16").loc["A", "i"] == 1.0


def test_item14_gbk_file_is_named_as_gbk_and_reads_with_encoding(tmp_path):
    text = "region,industry,value\n昆山,电子,1.5\n苏州,电子,2\n"
    path = write(tmp_path, text.encode("gbk"))
    message = error_of(path)
    assert "not UTF-8 text" in message and "line 2" in message
    assert "GBK/GB18030, common for Chinese statistical files: pass encoding='gbk'" in message
    m = byod.read_regional_csv(path, encoding="gbk")
    assert m.loc["昆山", "电子"] == 1.5
    pd.testing.assert_frame_equal(m, byod._read_checked(path, *NAMES, encoding="gbk"))


def test_item14_unknown_encoding_is_a_value_error_naming_the_argument(tmp_path):
    with pytest.raises(ValueError, match="encoding: unknown encoding 'klingon'"):
        byod.read_regional_csv(write(tmp_path, "region,i\nA,1\n"), encoding="klingon")


# --------------------------------------------------------------------------- item 12


def test_item12_half_a_long_header_names_the_missing_column_and_the_near_miss(tmp_path):
    message = error_of(write(tmp_path, "region,industry,values\nA,i,1\nB,j,2\n"))
    assert "line 1: the header has 'industry' but no 'value' column" in message
    assert "'values' looks like it" in message
    message = error_of(write(tmp_path, "region,value\nA,1\n"))
    assert "the header has 'value' but no 'industry' column" in message


def test_item12_wide_layout_errors_say_the_layout_was_assumed_and_why(tmp_path):
    message = error_of(write(tmp_path, "region,industy,values\nA,i,1\n"))
    assert "line 2, column 'industy': 'i' is not a number" in message
    assert ("the header has neither 'industry' nor 'value', so the file was read as the wide "
            "layout") in message
    assert "'industy' looks like 'industry'" in message


# --------------------------------------------------------------------------- item 8


def test_item8_a_field_over_128_kib_gets_a_line_not_a_csv_error(tmp_path):
    text = 'region,industry,value\nA,i,1\nB,j,"' + "9" * 200_000 + 'x"\nC,k,3\n'
    message = error_of(write(tmp_path, text))
    assert "my.csv line 3, column 'value':" in message
    assert "(200,001 characters) is not a number" in message  # the cell is cut, not pasted
    assert len(message) < 400


def test_item8_an_unclosed_quote_names_the_line_where_it_opens(tmp_path):
    text = 'region,industry,value\nA,i,1\nB,"j,2\nC,k,3\nD,l,4\n'
    message = error_of(write(tmp_path, text))
    assert message.startswith("my.csv line 3: a quoted cell runs over lines 3-5")
    assert "unclosed quote" in message


def test_item8_an_unclosed_quote_with_a_huge_tail_is_named_too(tmp_path):
    text = 'region,industry,value\nA,i,1\nB,j,"' + "x" * 200_000 + "\nC,k,3\n"
    assert "my.csv line 3: a quoted cell runs over lines 3-4" in error_of(write(tmp_path, text))


def test_item8_the_csv_field_limit_is_restored_after_reading(tmp_path):
    import csv

    before = csv.field_size_limit()
    with pytest.raises(byod.RegionalDataError):
        byod._read_checked(write(tmp_path, 'region,industry,value\nA,"i,1\n'), *NAMES)
    assert csv.field_size_limit() == before


# --------------------------------------------------------------------------- item 9


def test_item9_a_40000_column_wide_file_reads_on_the_fast_path(tmp_path):
    # its time (under 3 s) is measured in benchmarks/bench_byod.py; here: the same matrix
    cols = [f"c{k}" for k in range(40_000)]
    rows = "".join(f"R{r}," + ",".join(str(r + k % 7) for k in range(len(cols))) + "\n"
                   for r in range(3))
    path = write(tmp_path, "region," + ",".join(cols) + "\n" + rows)
    fast = byod._read_fast(path, *NAMES)
    assert fast is not None and fast.shape == (3, 40_000)
    checked = byod._read_checked(path, *NAMES)
    assert fast.index.equals(checked.index) and fast.columns.equals(checked.columns)
    assert np.array_equal(fast.to_numpy(), checked.to_numpy())
    assert fast.loc["R2", "c39999"] == 2 + 39_999 % 7


# --------------------------------------------------------------------------- item 7


def test_item7_a_bad_last_cell_is_named_by_the_streaming_reader(tmp_path):
    # the memory bound (<= 10x the file + 0.3 GB on 50 MB) is measured in bench_byod.py
    body = "".join(f"R{k // 10},I{k % 10},{k}.5\n" for k in range(20_000))
    path = write(tmp_path, "region,industry,value\n" + body + "R9999,I0,abc\n")
    assert error_of(path) == "my.csv line 20002, column 'value': 'abc' is not a number"


def test_item7_a_duplicated_last_line_names_both_lines(tmp_path):
    body = "".join(f"R{k // 10},I{k % 10},{k}\n" for k in range(5_000))
    path = write(tmp_path, "region,industry,value\n" + body + "R0,I3,1\n")
    assert error_of(path) == ("my.csv line 5002: duplicated region x industry (region='R0' x "
                              "industry='I3'), first seen on line 5")


def test_item7_a_file_of_bad_cells_keeps_a_bounded_list_and_counts_the_rest(tmp_path):
    body = "".join(f"R{k},i,-{k + 1}\n" for k in range(3_000))
    with pytest.raises(byod.RegionalDataError) as err:
        byod.read_regional_csv(write(tmp_path, "region,industry,value\n" + body))
    assert len(err.value.problems) == 1_000  # kept as text; the rest are counted
    assert "my.csv: ... and 2990 more problem(s)" in str(err.value)


def test_item7_the_checked_reader_matches_the_fast_one_on_a_clean_file(tmp_path):
    rng = np.random.default_rng(0)
    body = "".join(f"R{k // 40},{2000 + k // 20 % 2},I{k % 20},{v:.17g}\n"
                   for k, v in enumerate(rng.lognormal(3, 2, 4_000)))
    path = write(tmp_path, "region,year,industry,value\n" + body)
    fast = byod._read_fast(path, *NAMES)
    assert fast is not None
    pd.testing.assert_frame_equal(fast, byod._read_checked(path, *NAMES))


# --------------------------------------------------------------------------- item 3


def test_item3_a_csv_of_1e308_cells_gives_hhi_one_half_and_lq_one(tmp_path):
    import warnings

    path = write(tmp_path, "region,industry,value\nA,i,1e308\nA,j,1e308\nB,i,1e308\nB,j,1e308\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        m = byod.read_regional_csv(path)
        table = byod.indicator_table(m)
        lq = byod.lq_table(m)
    assert table.loc[table["indicator"] == "HHI", "value"].tolist() == [0.5, 0.5]
    assert lq["lq"].tolist() == [1.0, 1.0, 1.0, 1.0]


def test_item10_an_unclosed_quote_closed_rows_later_is_refused_by_both_readers(tmp_path):
    # found by benchmarks/fuzz_byod.py: Arrow read the quoted lines 2-7 as one region label
    text = ('region,industry,value\n"unclosed,j,1\nA,l,2\n  \nA,j,3\n\t\n"F",i,4\n01,i,5\n'
            " D,k,6\n")
    path = write(tmp_path, text)
    assert byod._read_fast(path, *NAMES) is None
    assert error_of(path) == ("my.csv line 2: a quoted cell runs over lines 2-7, holding a line "
                              "break (an unclosed quote?)")
