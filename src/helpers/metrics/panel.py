"""Apply any indicator to each year of a long panel and return one tidy table."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd

from helpers.metrics._checks import _check_one_label_type, _fmt
from helpers.metrics.reshape import to_matrix


def by_year(
    panel: pd.DataFrame,
    metric: Callable[..., Any],
    year: str = "year",
    region: str = "region",
    industry: str = "industry",
    value: str = "value",
    **kwargs: Any,
) -> pd.DataFrame:
    """Apply ``metric`` to the region x industry matrix of each year of a long panel.

    Each year's rows become a matrix with :func:`to_matrix` (only the regions and industries
    that appear in that year), ``metric(matrix, **kwargs)`` is called on it, and the results
    are stacked into one long (tidy) table with the year as its first column:

    * a number (e.g. :func:`hhi` of a one-region Series) gives one row per year;
    * a Series (per region or per industry, e.g. :func:`eci`, :func:`pci`) gives one row per
      year and label, the label column named after the Series' index;
    * a DataFrame (e.g. :func:`location_quotient`, :func:`relatedness`) gives one row per
      year and cell, the label columns named after its index and columns (``industry_1``
      and ``industry_2`` when both are named ``industry``).

    The value column is named after the Series (``"eci"``, ``"hhi"``...) or ``value``.

    Parameters
    ----------
    panel : DataFrame
        Long table with year, region, industry and value columns (one row per
        year x region x industry).
    metric : callable
        Any function taking a region x industry DataFrame, e.g. ``metrics.eci``.
    year, region, industry, value : str
        Column names in ``panel``.
    **kwargs
        Passed on to ``metric``.

    Returns
    -------
    DataFrame
        Tidy table: ``year``, the label column(s), then the value column; sorted by year.

    Raises
    ------
    ValueError
        A named column is missing, a year is missing (NaN), the panel is empty, or
        ``metric`` fails for a year (the message names the year and the original error).

    Examples
    --------
    >>> panel = pd.DataFrame({"year": [2000, 2000, 2000, 2000, 2001, 2001, 2001, 2001],
    ...                       "region": ["A", "A", "B", "B"] * 2,
    ...                       "industry": ["i", "j"] * 4,
    ...                       "value": [1.0, 3.0, 3.0, 1.0, 2.0, 2.0, 1.0, 1.0]})
    >>> from helpers.metrics import krugman_index
    >>> by_year(panel, krugman_index)  # doctest: +NORMALIZE_WHITESPACE
       year region  krugman
    0  2000      A      0.5
    1  2000      B      0.5
    2  2001      A      0.0
    3  2001      B      0.0

    """
    if not isinstance(panel, pd.DataFrame):
        raise TypeError(f"panel must be a pandas DataFrame, got {type(panel).__name__}")
    if not callable(metric):
        raise TypeError(f"metric must be a function, got {type(metric).__name__}")
    missing = [c for c in (year, region, industry, value) if c not in panel.columns]
    if missing:
        raise ValueError(f"panel lacks these columns: {_fmt(missing)}")
    if panel.empty:
        raise ValueError("panel is empty")
    no_year = np.nonzero(panel[year].isna().to_numpy())[0]
    if no_year.size:
        raise ValueError(
            f"panel rows {_fmt(panel.index[no_year])} have no {year!r} (NaN); drop or fill them"
        )
    _check_one_label_type(panel[year], f"panel column {year!r}")
    name = getattr(metric, "__name__", "metric")
    pieces = []
    for when, rows in panel.groupby(year, sort=True):
        try:
            x = to_matrix(rows, region=region, industry=industry, value=value)
            result = metric(x, **kwargs)
        except ValueError as err:
            raise ValueError(f"{name} failed for {year} {when!r}: {err}") from err
        pieces.append(_tidy(result, year, when))
    return pd.concat(pieces, ignore_index=True)


def _tidy(result: Any, year: str, when: Hashable) -> pd.DataFrame:
    """One year's result (number, Series or DataFrame) as a long table led by ``year``."""
    if isinstance(result, pd.DataFrame):
        long = result.stack(list(range(result.columns.nlevels))).rename("value")
        long.index = long.index.set_names(_label_names(long.index.names))
        out = long.reset_index()
    elif isinstance(result, pd.Series):
        out = result.rename(result.name if result.name is not None else "value").reset_index()
    elif isinstance(result, int | float | np.number):
        out = pd.DataFrame({"value": [result]})
    else:
        raise TypeError(
            f"metric returned {type(result).__name__}; by_year needs a number, a Series or a "
            "DataFrame"
        )
    out.insert(0, year, when)
    return out


def _label_names(names: list[Hashable | None]) -> list[Hashable]:
    """Fill unnamed levels and tell repeated names apart (``industry_1``, ``industry_2``)."""
    filled = [n if n is not None else f"label_{k + 1}" for k, n in enumerate(names)]
    if len(set(filled)) == len(filled):
        return filled
    return [f"{n}_{k + 1}" if filled.count(n) > 1 else n for k, n in enumerate(filled)]
