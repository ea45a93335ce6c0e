"""Reshaping: a long table into a region x industry matrix, and shares."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.metrics._checks import (
    _as_frame,
    _check_amounts,
    _check_one_label_type,
    _fmt,
    _guard,
    _row_shares,
)

# --------------------------------------------------------------------------- reshaping


def to_matrix(
    long: pd.DataFrame,
    region: str | Sequence[str] = "region",
    industry: str = "industry",
    value: str = "value",
) -> pd.DataFrame:
    """Pivot a long table (one row per region x industry) into a region x industry matrix.

    Parameters
    ----------
    long : DataFrame
        Long table with a region column (or several, e.g. ``["region", "year"]``), an
        industry column and a non-negative value column.
    region, industry, value : str
        Column names. ``region`` may be a list, giving a MultiIndex on the rows.

    Returns
    -------
    DataFrame
        Regions as rows, industries as columns (both sorted), float values; a combination
        absent from ``long`` is 0.

    Raises
    ------
    ValueError
        If a named column is missing, a value is NaN or negative, or a region x industry
        pair occurs more than once (the duplicated pairs are named: aggregate first, e.g.
        ``long.groupby([...]).sum()``, if summing is what you want).

    Examples
    --------
    >>> long = pd.DataFrame({"region": ["A", "A", "B"], "industry": ["i", "j", "i"],
    ...                      "value": [1.0, 3.0, 2.0]})
    >>> to_matrix(long)  # doctest: +NORMALIZE_WHITESPACE
    industry    i    j
    region
    A         1.0  3.0
    B         2.0  0.0

    """
    if not isinstance(long, pd.DataFrame):
        raise TypeError(f"long must be a pandas DataFrame, got {type(long).__name__}")
    rows = [region] if isinstance(region, str) else list(region)
    needed = [*rows, industry, value]
    missing = [c for c in needed if c not in long.columns]
    if missing:
        raise ValueError(
            f"long table has no column(s) {_fmt(missing)}; it has {_fmt(long.columns)}"
        )
    if len(long) == 0:
        raise ValueError("long table is empty (0 rows)")
    if not pd.api.types.is_numeric_dtype(long[value]):
        raise ValueError(f"long table column {value!r} is not numeric")
    for col in [*rows, industry]:
        if long[col].isna().any():
            pos = int(np.flatnonzero(long[col].isna().to_numpy())[0])
            raise ValueError(f"long table row {long.index[pos]!r}, column {col!r} is missing")
    vals = long[value].to_numpy(dtype=float, na_value=np.nan)
    for test, what in ((np.isnan(vals), "is missing (NaN)"), (vals < 0, "is negative")):
        if test.any():
            pos = int(np.flatnonzero(test)[0])
            raise ValueError(
                f"long table row {long.index[pos]!r}, column {value!r}: {vals[pos]:g} {what}"
            )
    keys = [*rows, industry]
    for col in keys:
        _check_one_label_type(long[col], f"long table column {col!r}")
    dup = long.duplicated(subset=keys, keep=False)
    if dup.any():
        pairs = list(long.loc[dup, keys].drop_duplicates().itertuples(index=False, name=None))
        raise ValueError(f"long table has duplicated {' x '.join(keys)} pairs: {_fmt(pairs)}")
    wide = long.pivot(index=rows if len(rows) > 1 else rows[0], columns=industry, values=value)
    return wide.fillna(0.0).astype(float).sort_index().sort_index(axis=1)


def shares(x: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    r"""Share of each industry in its region's total.

    .. math:: s_{ri} = x_{ri} / \sum_j x_{rj}

    Parameters
    ----------
    x : DataFrame or Series
        Non-negative amounts, regions as rows and industries as columns (or one region).

    Returns
    -------
    DataFrame or Series
        Same shape and labels as ``x``; each row sums to 1.

    Examples
    --------
    >>> shares(pd.Series({"i": 1.0, "j": 3.0})).tolist()
    [0.25, 0.75]

    """
    frame, was_series = _as_frame(x, "x")
    values = _check_amounts(frame, "x")
    out = pd.DataFrame(_row_shares(values), index=frame.index, columns=frame.columns)
    return _guard("shares", out.iloc[0].rename(x.name) if was_series else out)


