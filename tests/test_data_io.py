"""Tests for helpers.data.io: the NBS input-output tables, their identities and concordance."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from helpers import data
from helpers.data import DataValidationError

pytestmark = pytest.mark.fast

ROWS_PER_YEAR = {2002: 122, 2007: 135, 2012: 139, 2017: 149}


@pytest.fixture
def io_copy(tmp_path: Path) -> Path:
    """A private copy of data/ whose input-output tables a test may break."""
    dest = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, dest, ignore=shutil.ignore_patterns("synthetic"))
    return dest


def _edit(folder: Path, name: str, match: dict[str, str], column: str, value) -> int:
    """Set ``column`` in the one row matching ``match``; return its CSV line (header = 1)."""
    path = folder / f"{name}.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    hits = [i for i, r in enumerate(rows[1:], start=1)
            if all(r[head.index(k)] == v for k, v in match.items())]
    assert len(hits) == 1, hits
    row = rows[hits[0]]
    row[head.index(column)] = value(row[head.index(column)]) if callable(value) else value
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return hits[0] + 1


# ------------------------------------------------------------------------------------------
# the real tables


def test_each_table_has_its_sectors_and_every_flow() -> None:
    sectors = data.load("io_sectors")
    assert sectors.groupby("year").size().to_dict() == ROWS_PER_YEAR
    for year, n in ROWS_PER_YEAR.items():
        flows, sec = data.io_table(year)
        assert flows.shape == (n, n)
        assert list(flows.index) == list(flows.columns) == list(sec.index)
        # column sums of the flows are the stored total intermediate input
        gap = (flows.sum(axis=0) - sec["total_intermediate_input"]).abs()
        assert (gap <= data.io_tolerance(sec["gross_output"])).all()


def test_only_2017_lacks_a_statistical_error_column() -> None:
    sectors = data.load("io_sectors")
    missing = sectors.groupby("year")["statistical_error"].apply(lambda s: s.isna().all())
    assert missing.to_dict() == {2002: False, 2007: False, 2012: False, 2017: True}


def test_unknown_year_is_refused_with_the_valid_years() -> None:
    with pytest.raises(ValueError, match="2002, 2007, 2012, 2017"):
        data.io_table(2005)
    with pytest.raises(ValueError, match="unknown scheme"):
        data.io_concordance(2002, "isic")


# ------------------------------------------------------------------------------------------
# broken identities on a copy: the error names file, line, sector and column


def test_gross_output_off_by_a_digit_names_sector_and_column(io_copy: Path) -> None:
    line = _edit(io_copy, "io_sectors", {"year": "2002", "code": "075"}, "gross_output",
                 lambda v: f"{float(v) + 10:.6f}")
    with pytest.raises(DataValidationError) as info:
        data.load("io_sectors", io_copy)
    msg = str(info.value)
    assert f"io_sectors.csv line {line} (data row {line - 1})" in msg, msg
    assert "2002 sector 075 (Manufacture of complete computers)" in msg
    assert "column 'total_input'" in msg  # TI no longer equals GO
    assert "column 'gross_output'" in msg  # use - imports no longer equals GO


def test_a_gap_inside_the_rounding_tolerance_passes(io_copy: Path) -> None:
    # 5e-4 ten thousand yuan is below the 1e-3 absolute part of the tolerance
    _edit(io_copy, "io_sectors", {"year": "2002", "code": "001"}, "imports",
          lambda v: f"{float(v) + 0.0005:.6f}")
    assert len(data.load("io_sectors", io_copy)) == sum(ROWS_PER_YEAR.values())


def test_missing_statistical_error_in_one_row_is_not_read_as_zero(io_copy: Path) -> None:
    line = _edit(io_copy, "io_sectors", {"year": "2007", "code": "010"}, "statistical_error", "")
    with pytest.raises(DataValidationError) as info:
        data.load("io_sectors", io_copy)
    msg = str(info.value)
    assert f"line {line}" in msg and "column 'statistical_error'" in msg
    assert "2007 sector 010" in msg


def test_negative_flow_names_supplier_buyer_and_column(io_copy: Path) -> None:
    line = _edit(io_copy, "io_flows", {"year": "2012", "supplier": "041", "buyer": "086"},
                 "value", "-5.000000")
    with pytest.raises(DataValidationError) as info:
        data.load("io_flows", io_copy)
    msg = str(info.value)
    assert f"io_flows.csv line {line} (data row {line - 1})" in msg, msg
    assert "column 'value'" in msg
    assert "from sector 041 to sector 086" in msg and "non-negative" in msg


# ------------------------------------------------------------------------------------------
# the concordance


def _codes(year: int, scheme: str, target: str | None = None) -> set[str]:
    conc = data.io_concordance(year, scheme)
    if target is not None:
        conc = conc[conc["target"] == target]
    return set(conc["code"])


@pytest.mark.parametrize("year", list(ROWS_PER_YEAR))
def test_every_manufacturing_sector_maps_to_a_division(year: int) -> None:
    _, sectors = data.io_table(year)
    manufacturing = set(sectors.index[sectors["manufacturing"]])
    assert manufacturing == _codes(year, "division")
    divisions = {str(c) for c in data.load("divisions")["code"]}
    mapped = set(data.io_concordance(year, "division")["target"])
    assert mapped == divisions  # and every division is reached


@pytest.mark.parametrize("year", list(ROWS_PER_YEAR))
def test_it_subsectors_404_405_406_are_mapped_inside_division_40(year: int) -> None:
    div40 = _codes(year, "division", "40")
    for sub in ("404", "405", "406"):
        codes = _codes(year, "it_subsector", sub)
        assert codes and codes <= div40, (sub, codes)
    # one table sector holds both devices (405) and components (406): approximate
    it = data.io_concordance(year, "it_subsector")
    shared = it[it["target"].isin(["405", "406"])]
    assert shared["approximate"].all()


@pytest.mark.parametrize("year", [2012, 2017])
def test_each_emerging_industry_is_mapped_and_flagged_approximate(year: int) -> None:
    conc = data.io_concordance(year, "emerging_industry")
    industries = set(data.load("emerging_industries")["industry"])
    assert set(conc["target"]) == industries
    assert conc["approximate"].all()
    assert conc["basis"].str.len().min() > 5


def test_a_sector_split_between_divisions_is_flagged_approximate() -> None:
    conc = data.load("io_concordance")
    div = conc[conc["scheme"] == "division"]
    split = div.groupby(["year", "code"])["target"].transform("size") > 1
    assert split.any()
    assert div.loc[split, "approximate"].all()


def test_unknown_concordance_target_is_rejected(io_copy: Path) -> None:
    line = _edit(io_copy, "io_concordance",
                 {"year": "2002", "code": "075", "scheme": "it_subsector"}, "target", "408")
    with pytest.raises(DataValidationError) as info:
        data.load("io_concordance", io_copy)
    msg = str(info.value)
    assert f"line {line}" in msg and "column 'target'" in msg and "'408'" in msg
