"""Bring your own data: read a regional CSV, validate it, and tabulate the lab's indicators.

:func:`read_regional_csv` accepts two layouts and returns a region x industry matrix that
every function of :mod:`helpers.metrics` takes:

*long*
    one row per region x industry (x year): columns ``region, industry, value`` and
    optionally ``year``. A region x industry pair that does not occur counts as 0.
*wide*
    one row per region (x year): a ``region`` column, optionally a ``year`` column, and one
    column per industry holding the amounts. Every cell must be filled.

Nothing is coerced or dropped silently. Every problem raises :class:`RegionalDataError` (a
``ValueError``) whose message names the file, the CSV line (the header is line 1) and the
column, e.g. ``regions.csv line 7, column 'value': '12,5' is not a number``.

:func:`indicator_table` and :func:`lq_table` turn a matrix into the tidy tables that the
lab's chart builders (:func:`helpers.charts.indicator_bars`, :func:`helpers.charts.rca_heatmap`)
take. This module never draws.

Examples
--------
>>> from helpers import byod
>>> from helpers.synthetic import SYNTHETIC_DIR
>>> m = byod.read_regional_csv(SYNTHETIC_DIR / "regions.csv")
>>> m.index.names, m.shape
(FrozenList(['region', 'year']), (18, 12))

"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path

import pandas as pd

from helpers import metrics
from helpers.byod._checked import _no_field_limit as _no_field_limit
from helpers.byod._checked import _read_checked
from helpers.byod._fast import _fast_codes as _fast_codes
from helpers.byod._fast import _fast_long_matrix as _fast_long_matrix
from helpers.byod._fast import _parse_arrow as _parse_arrow
from helpers.byod._fast import _read_fast
from helpers.byod._parse import RegionalDataError, _codec
from helpers.byod._parse import _decode_problem as _decode_problem
from helpers.byod._parse import _parse_number as _parse_number
from helpers.byod._parse import _parse_year as _parse_year

# (the private readers and parsers above stay importable from helpers.byod, as before the
# module became a package, for the tests and benchmarks)
__all__ = [
    "INDICATORS",
    "RegionalDataError",
    "for_year",
    "indicator_table",
    "lq_table",
    "read_regional_csv",
    "years",
]

#: Labels of the per-region indicators of :func:`indicator_table`, in display order.
INDICATORS: dict[str, str] = {
    "hhi": "HHI",
    "cr4": "CR4",
    "entropy": "Entropy (bits)",
    "krugman": "Krugman index",
    "diversity": "Diversity (industries with LQ >= 1)",
    "related_variety": "Related variety (bits)",
    "unrelated_variety": "Unrelated variety (bits)",
}


def read_regional_csv(
    path: str | Path,
    *,
    region: str = "region",
    industry: str = "industry",
    value: str = "value",
    year: str = "year",
    encoding: str = "utf-8",
) -> pd.DataFrame:
    r"""Read and validate a regional CSV; return its region x industry matrix.

    The layout is detected from the header: *long* when it has the ``industry`` and
    ``value`` columns, *wide* when it has neither (see the module docstring); a header with
    only one of them is an error. Cells are stripped of surrounding spaces. In the long
    layout, columns other than the named ones are ignored (their names are kept in
    ``attrs["ignored_columns"]``).

    Amounts are written with ASCII digits, an optional sign, decimal point and exponent
    (``12``, ``0.5``, ``.5``, ``2e3``); years as whole numbers (``2000``, not ``2000.0``
    or ``2e3``). Digit separators (``1_000``, ``1,000``), full-width or other scripts'
    digits, ``inf`` and ``nan`` are refused, as is a cell holding a line break (an unclosed
    quote).

    A well-formed file is parsed by Arrow's CSV reader and validated column by column
    (measured on 1 M rows: about twice the time of a plain ``pandas.read_csv``); when any
    check fails, the file is read again line by line, streaming, to name every offending
    line and column (at most about 10x the file's size in memory on either path).

    Parameters
    ----------
    path : str or Path
        The CSV file (comma-separated, a header row).
    region, industry, value, year : str
        Column names. ``year`` is optional in the file; when present the result has one row
        per region x year.
    encoding : str, default "utf-8"
        The file's text encoding (a leading UTF-8 byte-order mark is dropped). Chinese
        statistical files are often GBK: pass ``encoding="gbk"``. A file that does not
        decode gets an error naming the likely encoding.

    Returns
    -------
    DataFrame
        Float amounts, industries as columns (sorted, axis named ``"industry"``), rows
        indexed by region (or by a ``(region, year)`` MultiIndex), sorted. ``attrs`` holds
        ``file``, ``layout`` (``"long"`` or ``"wide"``) and ``ignored_columns``.

    Raises
    ------
    RegionalDataError
        (a ``ValueError``) naming the file, CSV line and column, for: a missing file or
        header, a file that is not text in ``encoding``, missing columns, duplicated column
        names, empty cells, non-numeric or negative amounts, non-integer years, a row with
        the wrong number of cells, and duplicated region x industry (x year) pairs (both
        lines are named).
    ValueError
        For an unknown ``encoding``.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "bad.csv")
    >>> _ = open(f, "w").write("region,industry,value\nA,i,1\nA,j,-2\n")
    >>> try:
    ...     read_regional_csv(f)
    ... except ValueError as err:
    ...     print(err)
    bad.csv line 3, column 'value': -2 is negative (amounts must be >= 0)

    """
    path = Path(path)
    codec = _codec(encoding)
    matrix = _read_fast(path, region, industry, value, year, codec)
    if matrix is None:
        _release_arrow_memory()  # else the line-by-line reader's memory comes on top of it
        matrix = _read_checked(path, region, industry, value, year, encoding=codec)
    return matrix


def _release_arrow_memory() -> None:
    """Hand the memory Arrow's pool keeps after a failed fast read back to the system."""
    try:
        import pyarrow as pa
    except ImportError:
        return
    pa.default_memory_pool().release_unused()


def years(matrix: pd.DataFrame) -> list[int]:
    """Return the sorted years of a matrix from :func:`read_regional_csv` ([] if none)."""
    if "year" not in (matrix.index.names or []):
        return []
    return sorted(int(y) for y in matrix.index.get_level_values("year").unique())


def for_year(matrix: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the region x industry matrix of one year.

    Raises
    ------
    ValueError
        If the matrix has no ``year`` level or the year is not in it (the years are listed).

    """
    available = years(matrix)
    if not available:
        raise ValueError("year: the matrix has no 'year' level (the file had no year column)")
    if year not in available:
        raise ValueError(f"year: {year!r} is not in the data; years are {available}")
    out = matrix.xs(year, level="year")
    return out


def _per_region(x: pd.DataFrame, groups: Mapping[Hashable, Hashable] | pd.Series | None):
    """Compute the per-region indicators of one region x industry matrix (wide frame)."""
    cols = {
        "hhi": metrics.hhi(x),
        "cr4": metrics.concentration_ratio(x, k=4),
        "entropy": metrics.entropy(x),
        "krugman": metrics.krugman_index(x),
        "diversity": metrics.diversity(x, rca=True).astype(float),
    }
    if groups is not None:
        cols["related_variety"] = metrics.related_variety(x, groups)
        cols["unrelated_variety"] = metrics.unrelated_variety(x, groups)
    return pd.DataFrame(cols)


def indicator_table(
    matrix: pd.DataFrame, groups: Mapping[Hashable, Hashable] | pd.Series | None = None
) -> pd.DataFrame:
    """Compute the lab's per-region indicators and return them as a tidy table.

    Parameters
    ----------
    matrix : DataFrame
        From :func:`read_regional_csv` (regions, or regions x years, as rows). Each year is
        treated as its own set of regions (LQ, Krugman and diversity compare a region with
        the other regions of the same year).
    groups : dict or Series, optional
        Industry -> broad group; adds related and unrelated variety.

    Returns
    -------
    DataFrame
        Columns ``region``, ``year`` (only when the matrix has years), ``indicator`` (a
        label of :data:`INDICATORS`) and ``value``.

    """
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(f"matrix must be a DataFrame, got {type(matrix).__name__}")
    yrs = years(matrix)
    parts = []
    for yr in yrs or [None]:
        x = matrix if yr is None else for_year(matrix, yr)
        wide = _per_region(x, groups)
        wide.index.name = "region"
        long = wide.reset_index().melt(id_vars="region", var_name="indicator", value_name="value")
        if yr is not None:
            long.insert(1, "year", yr)
        parts.append(long)
    out = pd.concat(parts, ignore_index=True)
    out["indicator"] = out["indicator"].map(INDICATORS)
    return out


def lq_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """Location quotients of a matrix as a tidy table (columns region, [year,] industry, lq).

    Industries absent from every region of a year are dropped for that year (their LQ is
    undefined).
    """
    yrs = years(matrix)
    parts = []
    for yr in yrs or [None]:
        x = matrix if yr is None else for_year(matrix, yr)
        x = x.loc[:, (x > 0).any(axis=0)]  # not sum > 0: a sum of 1e308s overflows
        lq = metrics.location_quotient(x)
        lq.index.name = "region"
        lq.columns.name = "industry"
        long = lq.stack().rename("lq").reset_index()
        if yr is not None:
            long.insert(1, "year", yr)
        parts.append(long)
    return pd.concat(parts, ignore_index=True)
