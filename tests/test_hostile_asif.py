"""Issue 21, hostile ASIF panels and data folders: each fails clearly or reads right.

Every regression test names the item of issue 21 it pins (ASIF reading, ``data.load`` and
``data.stage_of_year``).
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from helpers import asif, data

pytestmark = pytest.mark.fast

HEADER = "firm_id,year,county,industry,output\n"


def panel(**columns):
    base = {"firm_id": ["f1", "f2"], "year": [2001, 2002], "county": ["320583", "320583"],
            "industry": [4041, 4041], "output": [1.0, 2.0]}
    return pd.DataFrame({**base, **columns})


def write(tmp_path, data_, name="panel.csv"):
    path = tmp_path / name
    path.write_bytes(data_ if isinstance(data_, bytes) else data_.encode("utf-8"))
    return path


# --------------------------------------------------------------------------- item 4


@pytest.mark.parametrize("column", ["firm_id", "county"])
def test_item4_float_codes_of_2_63_or_more_are_refused_not_merged(column):
    frame = panel(**{column: [1e19, 1.5e19]})
    with pytest.raises(asif.AsifDataError) as err:
        asif.validate_asif(frame)
    message = str(err.value)
    assert f"panel row 1, column '{column}': 1e+19 is a floating-point number of 2**53" in message
    assert "row 2" in message and "-9223372036854775808" not in message


def test_item4_object_column_holding_a_huge_float_is_refused_too():
    frame = panel(firm_id=pd.Series(["f1", 2.0**60], dtype=object))
    with pytest.raises(asif.AsifDataError, match="row 2, column 'firm_id'"):
        asif.validate_asif(frame)


def test_item4_whole_float_codes_below_2_53_still_read_as_text():
    out = asif.validate_asif(panel(firm_id=[1.0, 9007199254740991.0]))
    assert out["firm_id"].tolist() == ["1", "9007199254740991"]


# --------------------------------------------------------------------------- item 11


def test_item11_an_extra_field_names_the_file_and_line(tmp_path):
    path = write(tmp_path, HEADER + "1,2001,C,4041,1\n2,2001,C,4041,2,9\n")
    with pytest.raises(asif.AsifDataError, match=r"^panel.csv line 3: has 6 cells, the header "
                                                  r"has 5$"):
        asif.read_asif(path)


def test_item11_a_trailing_comma_is_detected_not_shifted(tmp_path):
    path = write(tmp_path, HEADER + "1,2001,C,4041,1,\n2,2001,C,4041,2,\n")
    with pytest.raises(asif.AsifDataError) as err:
        asif.read_asif(path)
    message = str(err.value)
    assert "panel.csv line 2: has 6 cells, the header has 5" in message
    assert "a trailing comma?" in message
    assert "is not a 4-digit" not in message  # no column blamed one place off


# --------------------------------------------------------------------------- item 13


@pytest.mark.parametrize("year_range", [("1998", "2009"), (1998,), (2009, 1998), (1998.0, 2009)])
def test_item13_year_range_must_be_two_whole_numbers(year_range):
    with pytest.raises(ValueError, match="year_range must be two whole numbers"):
        asif.validate_asif(panel(), year_range=year_range)


def test_item13_columns_must_be_a_mapping():
    with pytest.raises(ValueError, match="columns must be a mapping"):
        asif.validate_asif(panel(), columns="firm_id")


def test_item13_data_dir_naming_a_file_is_a_value_error():
    with pytest.raises(ValueError, match="data_dir .*stages.csv' is a file, not a folder"):
        data.load("stages", data_dir=data.DATA_DIR / "stages.csv")


@pytest.mark.parametrize("year", ["2005", 2005.5, True, None])
def test_item13_stage_of_year_refuses_what_is_not_a_whole_year(year):
    with pytest.raises(ValueError, match="year must be a whole number"):
        data.stage_of_year(year)


def test_item13_stage_of_year_takes_whole_numbers_of_any_integer_type():
    assert data.stage_of_year(2005) == data.stage_of_year(np.int64(2005)) == \
        data.stage_of_year(2005.0) == 2


# --------------------------------------------------------------------------- item 6


def test_item6_a_table_cut_to_its_header_is_an_error(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder)
    stages = folder / "stages.csv"
    stages.write_text(stages.read_text(encoding="utf-8").splitlines()[0] + "\n",
                      encoding="utf-8")
    data.clear_cache()
    with pytest.raises(data.DataValidationError,
                       match="stages.csv line 2 .*header but no data rows"):
        data.load("stages", data_dir=folder)
    data.clear_cache()


# --------------------------------------------------------------------------- items 14 and 15


def test_item15_full_width_industry_codes_and_lenient_outputs_are_refused(tmp_path):
    path = write(tmp_path, HEADER + "1,2001,C,４０４１,1\n2,2001,C,4041,1_000\n"
                 "3,2001,C,4041,１２３\n")
    with pytest.raises(asif.AsifDataError) as err:
        asif.read_asif(path)
    message = str(err.value)
    assert "line 2, column 'industry': '４０４１' is not a 4-digit" in message
    assert "line 3, column 'output': '1_000' is not a number" in message
    assert "line 4, column 'output': '１２３' is not a number" in message


def test_item15_a_complex_output_column_is_refused():
    with pytest.raises(asif.AsifDataError, match="column 'output': '\\(1\\+2j\\)' is not a"):
        asif.validate_asif(panel(output=[1 + 2j, 2 + 0j]))


def test_item14_a_gbk_panel_names_its_encoding_and_reads_with_encoding(tmp_path):
    path = write(tmp_path, (HEADER + "甲,2001,昆山,4041,1\n").encode("gbk"))
    with pytest.raises(asif.AsifDataError, match="pass encoding='gbk'"):
        asif.read_asif(path)
    out = asif.read_asif(path, encoding="gbk")
    assert out["firm_id"].tolist() == ["甲"] and out["county"].tolist() == ["昆山"]


def test_item11_an_unclosed_quote_with_a_huge_tail_names_its_line(tmp_path):
    path = write(tmp_path, HEADER + '1,2001,C,4041,"' + "x" * 200_000 + "\n2,2001,C,4041,2\n")
    with pytest.raises(asif.AsifDataError, match=r"^panel.csv line 2: a quoted cell runs over "
                                                  r"lines 2-3"):
        asif.read_asif(path)
