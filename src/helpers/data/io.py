"""China's national input-output tables: accounting identities and accessors.

The NBS tables of 2002, 2007, 2012 and 2017 are stored as three tables (see
``data/README.md``): ``io_sectors`` (one row per sector and year, with the totals),
``io_flows`` (intermediate flows in long form) and ``io_concordance`` (the book's mapping of
each table's sector codes to GB/T 4754-2002 divisions, IT sub-sectors and the eight
emerging industries). :func:`helpers.data.load` validates them like every other table; this
module adds the rules that the schema cannot express and that hold in every NBS table:

* column total input = row gross output, for each sector (``total_input`` vs ``gross_output``);
* total intermediate use + total final use - imports (+ statistical error, where the table
  has one) = gross output, for each sector;
* intermediate flows are non-negative, every supplier-buyer pair of a table is listed once,
  and the flows add up to the stored row and column totals of intermediate use and input.

Tolerance
---------
A total may differ from the sum it should equal by at most ``1e-3 + 1e-8 * |gross output|``
(ten thousand yuan). The absolute part covers the 6-decimal rounding of the stored values
(at most 5e-7 per cell, so about 1e-4 over the 150 or so cells a total adds up); the relative
part is the tolerance the source's README states for ``TI = GO`` and covers the largest gap in
the published totals, 0.44 ten thousand yuan on 6.2 million (7.2e-9 relative; 2007, sector
090). A real error (a mistyped digit) is many orders of magnitude larger.

Examples
--------
>>> from helpers import data
>>> flows, sectors = data.io_table(2002)
>>> flows.shape, bool(sectors.loc["075", "manufacturing"])
((122, 122), True)

"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data._core import _CROSS_CHECKS, Problem, _line, load

__all__ = ["IO_YEARS", "IO_TOLERANCE", "io_tolerance", "io_table", "io_concordance"]

#: The years of the stored tables.
IO_YEARS: tuple[int, ...] = (2002, 2007, 2012, 2017)
#: (absolute in ten thousand yuan, relative to gross output); see the module docstring.
IO_TOLERANCE: tuple[float, float] = (1e-3, 1e-8)


def io_tolerance(gross_output: pd.Series | float) -> pd.Series | float:
    """Return the largest gap allowed between a total and what it should equal.

    Parameters
    ----------
    gross_output : Series or float
        Gross output of the sector(s), in ten thousand yuan.

    Returns
    -------
    Series or float
        ``1e-3 + 1e-8 * |gross_output|`` (ten thousand yuan).

    """
    absolute, relative = IO_TOLERANCE
    return absolute + relative * abs(gross_output)


def _where(row: pd.Series) -> str:
    return f"{row['year']} sector {row['code']} ({row['name_en']})"


def _check_io_sectors(df: pd.DataFrame, data_dir: Path) -> Iterable[Problem]:
    tol = io_tolerance(df["gross_output"])
    err = df["statistical_error"]
    use = (df["total_intermediate_use"] + df["total_final_use"] - df["imports"]
           + err.fillna(0.0))
    checks = [
        ("total_input", df["total_input"], df["gross_output"],
         "column total input {lhs:,.6f} differs from row gross output {rhs:,.6f}"),
        ("gross_output", use, df["gross_output"],
         "total intermediate use + total final use - imports (+ statistical error) = {lhs:,.6f}"
         " but gross output is {rhs:,.6f}"),
        ("total_input", df["total_intermediate_input"] + df["value_added"], df["total_input"],
         "total intermediate input + value added = {lhs:,.6f} but total input is {rhs:,.6f}"),
    ]
    for column, lhs, rhs, template in checks:
        gap = lhs - rhs
        for i in np.nonzero((gap.abs() > tol).to_numpy())[0]:
            message = template.format(lhs=lhs.iloc[i], rhs=rhs.iloc[i])
            yield Problem(_line(i), column, f"{_where(df.iloc[i])}: {message} "
                          f"(gap {gap.iloc[i]:g}, tolerance {tol.iloc[i]:g})")
    for year, group in df.groupby("year"):
        n_err = int(group["statistical_error"].notna().sum())
        if 0 < n_err < len(group):
            i = int(group.index[group["statistical_error"].isna()][0])
            yield Problem(_line(i), "statistical_error",
                          f"{_where(df.iloc[i])}: empty, but other sectors of {year} have a "
                          "statistical error (a table has the column for all sectors or none)")
        expected = [f"{k:03d}" for k in range(1, len(group) + 1)]
        if list(group["code"]) != expected:
            yield Problem(None, "code", f"the {year} codes are not 001..{len(group):03d} in order")


def _check_io_flows(df: pd.DataFrame, data_dir: Path) -> Iterable[Problem]:
    neg = np.nonzero((df["value"] < 0).to_numpy())[0]
    for i in neg[:20]:
        row = df.iloc[i]
        yield Problem(_line(i), "value",
                      f"{row['year']} flow from sector {row['supplier']} to sector {row['buyer']}"
                      f" is {row['value']:g}: intermediate flows must be non-negative")
    if len(neg) > 20:
        yield Problem(None, "value", f"{len(neg) - 20} more negative flows")
    sectors = load("io_sectors", data_dir).set_index(["year", "code"])
    for axis, total in (("supplier", "total_intermediate_use"),
                        ("buyer", "total_intermediate_input")):
        sums = df.groupby(["year", axis])["value"].sum()
        stored = sectors[total].reindex(sums.index)
        go = sectors["gross_output"].reindex(sums.index)
        bad = (sums - stored).abs() > io_tolerance(go)
        for (year, code), flag in bad.items():
            if flag:
                yield Problem(None, "value",
                              f"{year} flows with {axis} {code} add up to {sums[(year, code)]:,.6f}"
                              f" but io_sectors gives {total} {stored[(year, code)]:,.6f}")
    counts = sectors.groupby(level="year").size()
    pairs = df.groupby("year").size()
    for year, n in counts.items():
        if int(pairs.get(year, 0)) != n * n:
            yield Problem(None, "supplier, buyer",
                          f"{year} has {int(pairs.get(year, 0))} flows; {n} sectors need {n * n}"
                          " (every supplier-buyer pair, zeros included)")


def _check_io_concordance(df: pd.DataFrame, data_dir: Path) -> Iterable[Problem]:
    valid = {
        "division": {str(c) for c in load("divisions", data_dir)["code"]},
        "it_subsector": {str(c) for c in load("it_subsectors", data_dir)["code"]},
        "emerging_industry": set(load("emerging_industries", data_dir)["industry"]),
    }
    for i in np.nonzero(~np.array([t in valid[s] for s, t in
                                   zip(df["scheme"], df["target"], strict=True)]))[0]:
        row = df.iloc[i]
        yield Problem(_line(i), "target",
                      f"{row['target']!r} is not a known {row['scheme']} code "
                      f"(valid: {', '.join(sorted(valid[row['scheme']]))})")


_CROSS_CHECKS.update({
    "io_sectors": _check_io_sectors,
    "io_flows": _check_io_flows,
    "io_concordance": _check_io_concordance,
})


def _check_year(year: int) -> int:
    if year not in IO_YEARS:
        raise ValueError(f"no input-output table for {year!r}; the tables are {IO_YEARS}")
    return int(year)


def io_table(year: int, data_dir: Path | str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return one year's intermediate flows as a square matrix, and its sectors.

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.
    data_dir : Path, optional
        Folder holding the data; defaults to :data:`helpers.data.DATA_DIR`.

    Returns
    -------
    flows : DataFrame
        Supplying sectors as rows, buying sectors as columns (the table's codes, in order),
        ten thousand yuan.
    sectors : DataFrame
        ``io_sectors`` rows of that year indexed by code (names, ``manufacturing`` and totals,
        e.g. ``total_input``).

    Raises
    ------
    ValueError
        If there is no table for ``year``.

    """
    year = _check_year(year)
    sectors = load("io_sectors", data_dir)
    sectors = sectors[sectors["year"] == year].set_index("code")
    flows = load("io_flows", data_dir)
    flows = flows[flows["year"] == year]
    matrix = flows.pivot(index="supplier", columns="buyer", values="value")
    matrix = matrix.loc[sectors.index, sectors.index]
    matrix.index.name, matrix.columns.name = "supplier", "buyer"
    return matrix, sectors


def io_concordance(
    year: int, scheme: str, data_dir: Path | str | None = None
) -> pd.DataFrame:
    """Return one year's mappings under one scheme (rows of ``io_concordance``).

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.
    scheme : {"division", "it_subsector", "emerging_industry"}
        What the sectors are mapped to.
    data_dir : Path, optional
        Folder holding the data; defaults to :data:`helpers.data.DATA_DIR`.

    Returns
    -------
    DataFrame
        Columns ``code``, ``target``, ``basis``, ``approximate``; one row per mapping.

    Raises
    ------
    ValueError
        If there is no table for ``year`` or ``scheme`` is unknown.

    """
    year = _check_year(year)
    schemes = ("division", "it_subsector", "emerging_industry")
    if scheme not in schemes:
        raise ValueError(f"unknown scheme {scheme!r}; use one of {schemes}")
    conc = load("io_concordance", data_dir)
    hit = conc[(conc["year"] == year) & (conc["scheme"] == scheme)]
    return hit[["code", "target", "basis", "approximate"]].reset_index(drop=True)
