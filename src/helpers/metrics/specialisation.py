"""Specialisation: location quotients (RCA) and the Krugman index."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from helpers.metrics._checks import (
    _LQ_TOLERANCE,
    _check_amounts,
    _fmt,
    _row_shares,
)

# --------------------------------------------------------------------------- specialisation


def location_quotient(x: pd.DataFrame, binary: bool = False) -> pd.DataFrame:
    r"""Location quotient (Balassa's revealed comparative advantage) of each region x industry.

    .. math:: LQ_{ri} = \frac{x_{ri} / x_{r\cdot}}{x_{\cdot i} / x_{\cdot\cdot}}

    With ``binary=True`` the result is 1 where :math:`LQ_{ri} \ge 1` and 0 elsewhere (an LQ
    within 1e-12 of 1 counts as 1, so rounding cannot flip an exact 1). The industry-weighted
    mean of each row is 1: :math:`\sum_i (x_{\cdot i}/x_{\cdot\cdot}) LQ_{ri} = 1`.

    Parameters
    ----------
    x : DataFrame
        Non-negative amounts, regions as rows and industries as columns. Every row and every
        column needs a positive total.
    binary : bool, default False
        Return the 0/1 RCA matrix instead of the quotients.

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

    """
    if not isinstance(x, pd.DataFrame):
        raise TypeError(
            f"x must be a pandas DataFrame (regions x industries), got {type(x).__name__}"
        )
    values = _check_amounts(x, "x")
    col_tot = values.sum(axis=0)
    zero = np.nonzero(col_tot == 0)[0]
    if zero.size:
        raise ValueError(
            f"x has all-zero columns (no location quotient can be computed): "
            f"{_fmt(x.columns[zero])}; drop them first"
        )
    lq = _row_shares(values) / (col_tot / col_tot.sum())
    if binary:
        return pd.DataFrame((lq >= 1 - _LQ_TOLERANCE).astype(int), index=x.index, columns=x.columns)
    return pd.DataFrame(lq, index=x.index, columns=x.columns)


rca = location_quotient


def krugman_index(x: pd.DataFrame, against: Literal["all", "rest"] = "all") -> pd.Series:
    r"""Krugman specialisation index: distance of each region's shares from a reference mix.

    .. math:: K_r = \sum_i \lvert s_{ri} - \bar s_i \rvert, \qquad 0 \le K_r < 2

    With ``against="all"`` (default, as EconGeo ``krugman_index``) the reference
    :math:`\bar s_i = x_{\cdot i}/x_{\cdot\cdot}` is the mix of all regions, *including*
    region ``r``. With ``against="rest"`` it is the mix of all the other regions,
    :math:`(x_{\cdot i} - x_{ri}) / (x_{\cdot\cdot} - x_{r\cdot})`, as in Krugman (1991).

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

    """
    if not isinstance(x, pd.DataFrame):
        raise TypeError(
            f"x must be a pandas DataFrame (regions x industries), got {type(x).__name__}"
        )
    if against not in ("all", "rest"):
        raise ValueError(f"against must be 'all' or 'rest', got {against!r}")
    values = _check_amounts(x, "x")
    s = _row_shares(values)
    if against == "all":
        ref = values.sum(axis=0) / values.sum()
    else:
        if values.shape[0] < 2:
            raise ValueError("against='rest' needs at least two regions (rows) in x")
        rest = values.sum(axis=0, keepdims=True) - values
        ref = rest / rest.sum(axis=1, keepdims=True)
    return pd.Series(np.abs(s - ref).sum(axis=1), index=x.index, name="krugman")


