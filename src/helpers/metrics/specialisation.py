"""Specialisation: location quotients (RCA), population-based presence (RPOP), Krugman index."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from helpers.metrics._checks import (
    _LQ_TOLERANCE,
    _check_amounts,
    _check_flag,
    _fmt,
    _guard,
    _pow2_scale,
    _row_shares,
)

# --------------------------------------------------------------------------- specialisation


def location_quotient(
    x: pd.DataFrame,
    binary: bool = False,
    threshold: float = 1.0,
    tolerance: float = _LQ_TOLERANCE,
) -> pd.DataFrame:
    r"""Location quotient (Balassa's revealed comparative advantage) of each region x industry.

    .. math:: LQ_{ri} = \frac{x_{ri} / x_{r\cdot}}{x_{\cdot i} / x_{\cdot\cdot}}

    With ``binary=True`` the result is 1 where :math:`LQ_{ri} \ge` ``threshold`` and 0
    elsewhere. An LQ within ``tolerance`` (default 1e-12) below the threshold counts as
    reaching it, so floating-point rounding cannot flip an exact 1; ``tolerance=0`` gives
    the exact comparison of ecomplexity (``rca_mcp_threshold``) and EconGeo. The
    industry-weighted mean of each row is 1:
    :math:`\sum_i (x_{\cdot i}/x_{\cdot\cdot}) LQ_{ri} = 1`.

    Parameters
    ----------
    x : DataFrame
        Non-negative amounts, regions as rows and industries as columns. Every row and every
        column needs a positive total.
    binary : bool, default False
        Return the 0/1 RCA matrix instead of the quotients.
    threshold : float, default 1.0
        Cut-off of the binary matrix (used only with ``binary=True``); a positive number.
    tolerance : float, default 1e-12
        How far below ``threshold`` an LQ may fall and still count as reaching it; a
        non-negative number smaller than ``threshold``.

    Returns
    -------
    DataFrame
        Same labels as ``x`` (int 0/1 when ``binary``).

    References
    ----------
    EconGeo ``location_quotient`` / ``rca`` (``binary=TRUE``); Balassa (1965).
    :func:`rca` is the same function.

    Examples
    --------
    >>> x = pd.DataFrame({"i": [1.0, 3.0], "j": [3.0, 1.0]}, index=["A", "B"])
    >>> location_quotient(x).loc["A"].tolist()  # i: (1/4) / (4/8); j: (3/4) / (4/8)
    [0.5, 1.5]
    >>> location_quotient(x, binary=True, threshold=1.5).loc["A"].tolist()
    [0, 1]

    """
    if not isinstance(x, pd.DataFrame):
        raise TypeError(
            f"x must be a pandas DataFrame (regions x industries), got {type(x).__name__}"
        )
    binary = _check_flag(binary, "binary")
    threshold, tolerance = _check_cutoff(threshold, tolerance)
    values = _check_amounts(x, "x")
    # column totals of the matrix scaled by one power of two (exact): no overflow of sums
    col_tot = _positive_column_totals(_pow2_scale(values, axis=None), x)
    lq = _row_shares(values) / (col_tot / col_tot.sum())
    _guard("location_quotient", lq, "an industry's share of all output is below 1e-308 "
           "of the largest")
    return _binary_or_values(lq, x, binary, threshold, tolerance)


rca = location_quotient


def rpop(
    x: pd.DataFrame,
    population: pd.Series,
    binary: bool = False,
    threshold: float = 1.0,
    tolerance: float = _LQ_TOLERANCE,
) -> pd.DataFrame:
    r"""Population-based presence (RPOP): each region's amount per head against the average.

    .. math:: RPOP_{ri} = \frac{x_{ri} / N_r}{x_{\cdot i} / N_{\cdot}}

    where :math:`N_r` is the population of region ``r`` and :math:`N_\cdot` the population
    of all regions in ``x``. An RPOP of 1 or more means the region makes more of ``i`` per
    head than all regions together. This is ecomplexity's ``presence_test="rpop"``; with
    ``binary=True`` it is its presence matrix (``rpop_mcp_threshold``), with the same
    ``threshold`` and ``tolerance`` rules as :func:`location_quotient`.

    Parameters
    ----------
    x : DataFrame
        Non-negative amounts, regions as rows and industries as columns; every column needs a
        positive total.
    population : Series
        Positive population of each region, indexed by the rows of ``x`` (extra regions are
        ignored).
    binary : bool, default False
        Return the 0/1 matrix instead of the ratios.
    threshold, tolerance : float
        As in :func:`location_quotient`.

    Returns
    -------
    DataFrame
        Same labels as ``x`` (int 0/1 when ``binary``).

    References
    ----------
    ecomplexity (Growth Lab) ``presence_test="rpop"``.

    Examples
    --------
    >>> x = pd.DataFrame({"i": [1.0, 3.0], "j": [3.0, 1.0]}, index=["A", "B"])
    >>> pop = pd.Series({"A": 1.0, "B": 3.0})
    >>> rpop(x, pop)["j"].tolist()  # A: (3/1) / (4/4) = 3; B: (1/3) / (4/4)
    [3.0, 0.3333333333333333]

    """
    if not isinstance(x, pd.DataFrame):
        raise TypeError(
            f"x must be a pandas DataFrame (regions x industries), got {type(x).__name__}"
        )
    binary = _check_flag(binary, "binary")
    threshold, tolerance = _check_cutoff(threshold, tolerance)
    values = _pow2_scale(_check_amounts(x, "x", allow_zero_rows=True), axis=0)
    col_tot = _positive_column_totals(values, x)
    pop = _check_population(population, x.index)
    ratio = (values / pop[:, None]) / (col_tot / pop.sum())
    _guard("rpop", ratio)
    return _binary_or_values(ratio, x, binary, threshold, tolerance)


def _check_cutoff(threshold: object, tolerance: object) -> tuple[float, float]:
    """Validate the cut-off of a binary presence matrix and its tolerance."""
    for arg, val in (("threshold", threshold), ("tolerance", tolerance)):
        if isinstance(val, bool) or not isinstance(val, int | float | np.integer | np.floating):
            raise ValueError(f"{arg} must be a number, got {val!r}")
        if not np.isfinite(val):
            raise ValueError(f"{arg} must be finite, got {val!r}")
    if threshold <= 0:
        raise ValueError(f"threshold must be positive, got {threshold!r}")
    if not 0 <= tolerance < threshold:
        raise ValueError(
            f"tolerance must be >= 0 and smaller than threshold ({threshold!r}), got {tolerance!r}"
        )
    return float(threshold), float(tolerance)


def _positive_column_totals(values: np.ndarray, x: pd.DataFrame) -> np.ndarray:
    """Column totals of ``values``, raising naming any all-zero column of ``x``."""
    col_tot = values.sum(axis=0)
    zero = np.nonzero(col_tot == 0)[0]
    if zero.size:
        raise ValueError(
            f"x has all-zero columns (no location quotient can be computed): "
            f"{_fmt(x.columns[zero])}; drop them first"
        )
    return col_tot


def _check_population(population: object, regions: pd.Index) -> np.ndarray:
    """Align a population Series to ``regions``; raise naming missing or bad regions."""
    if not isinstance(population, pd.Series):
        raise TypeError(
            f"population must be a pandas Series indexed by region, got {type(population).__name__}"
        )
    if population.index.has_duplicates:
        dup = population.index[population.index.duplicated()].unique()
        raise ValueError(f"population lists some regions more than once: {_fmt(dup)}")
    missing = [r for r in regions if r not in population.index]
    if missing:
        raise ValueError(f"population lacks these regions (rows of x): {_fmt(missing)}")
    pop = pd.to_numeric(population.reindex(regions), errors="coerce").to_numpy(dtype=float)
    bad = np.nonzero(~np.isfinite(pop) | (pop <= 0))[0]
    if bad.size:
        r = regions[bad[0]]
        raise ValueError(
            f"population of region {r!r} must be a positive number, got {population[r]!r}"
        )
    return pop


def _binary_or_values(
    ratio: np.ndarray, x: pd.DataFrame, binary: bool, threshold: float, tolerance: float
) -> pd.DataFrame:
    """Wrap ratios like ``x``, or their 0/1 presence at ``threshold`` minus ``tolerance``."""
    if binary:
        ratio = (ratio >= threshold - tolerance).astype(int)
    return pd.DataFrame(ratio, index=x.index, columns=x.columns)


def krugman_index(x: pd.DataFrame, against: Literal["all", "rest"] = "all") -> pd.Series:
    r"""Krugman specialisation index: distance of each region's shares from a reference mix.

    .. math:: K_r = \sum_i \lvert s_{ri} - \bar s_i \rvert, \qquad 0 \le K_r \le 2

    With ``against="all"`` (default, as EconGeo ``krugman_index``) the reference
    :math:`\bar s_i = x_{\cdot i}/x_{\cdot\cdot}` is the mix of all regions, *including*
    region ``r``, so the two mixes always overlap and :math:`K_r < 2`. With
    ``against="rest"`` it is the mix of all the other regions,
    :math:`(x_{\cdot i} - x_{ri}) / (x_{\cdot\cdot} - x_{r\cdot})`, as in Krugman (1991);
    then :math:`K_r = 2` when region ``r`` shares no industry with the rest.

    Parameters
    ----------
    x : DataFrame
        Non-negative amounts, regions as rows and industries as columns.
    against : {"all", "rest"}, default "all"
        Reference distribution.

    Returns
    -------
    Series
        One value per region, named ``"krugman"``.

    Examples
    --------
    >>> x = pd.DataFrame({"i": [1.0, 3.0], "j": [3.0, 1.0]}, index=["A", "B"])
    >>> krugman_index(x).tolist()  # |0.25-0.5| + |0.75-0.5|
    [0.5, 0.5]
    >>> krugman_index(x, against="rest").tolist()  # |0.25-0.75| + |0.75-0.25|
    [1.0, 1.0]
    >>> apart = pd.DataFrame({"i": [1.0, 0.0], "j": [0.0, 1.0]}, index=["A", "B"])
    >>> krugman_index(apart, against="rest").tolist()  # nothing in common: the bound 2
    [2.0, 2.0]

    """
    if not isinstance(x, pd.DataFrame):
        raise TypeError(
            f"x must be a pandas DataFrame (regions x industries), got {type(x).__name__}"
        )
    if against not in ("all", "rest"):
        raise ValueError(f"against must be 'all' or 'rest', got {against!r}")
    values = _pow2_scale(_check_amounts(x, "x"), axis=None)  # exact; keeps sums finite
    s = _row_shares(values)
    if against == "all":
        ref = values.sum(axis=0) / values.sum()
    else:
        if values.shape[0] < 2:
            raise ValueError("against='rest' needs at least two regions (rows) in x")
        rest = values.sum(axis=0, keepdims=True) - values
        ref = rest / rest.sum(axis=1, keepdims=True)
    return _guard("krugman_index",
                  pd.Series(np.abs(s - ref).sum(axis=1), index=x.index, name="krugman"))


