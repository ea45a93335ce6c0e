"""Growth over time: the compound annual growth rate."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from helpers.metrics._checks import _guard

__all__ = ["cagr"]


def cagr(
    start: pd.Series | float, end: pd.Series | float, periods: int
) -> pd.Series | float:
    r"""Compound annual growth rate between two amounts (a fraction: 0.05 is 5% a year).

    .. math:: g = \left(\frac{x_{\text{end}}}{x_{\text{start}}}\right)^{1/n} - 1

    the constant yearly rate that turns ``start`` into ``end`` in ``n = periods`` steps; it
    uses only the first and last amounts (what happens in between does not count).

    Parameters
    ----------
    start, end : Series or float
        Positive amounts at the first and last period; two Series must share their labels
        (e.g. each industry's output in 2013 and in 2016).
    periods : int
        Number of periods between them (2016 - 2013 = 3), at least 1.

    Returns
    -------
    Series or float
        One rate per label (Series named ``"cagr"``), or a float for two numbers.

    Raises
    ------
    ValueError
        If ``periods`` is not a positive integer, an amount is not positive and finite,
        or the two Series have different labels (the labels are named).

    Examples
    --------
    >>> round(cagr(100.0, 121.0, 2), 4)
    0.1
    >>> cagr(pd.Series({"a": 1.0, "b": 8.0}), pd.Series({"a": 8.0, "b": 1.0}), 3).tolist()
    [1.0, -0.5]

    """
    if isinstance(periods, bool) or not isinstance(periods, numbers.Integral) or periods < 1:
        raise ValueError(f"periods must be a positive integer, got {periods!r}")
    series = isinstance(start, pd.Series) or isinstance(end, pd.Series)
    if series:
        if not (isinstance(start, pd.Series) and isinstance(end, pd.Series)):
            raise ValueError("start and end must both be Series or both be numbers")
        if not start.index.equals(end.index):
            only = sorted(set(map(str, start.index)) ^ set(map(str, end.index)))
            raise ValueError(f"start and end have different labels: {only or 'their order'}")
    for arg, value in (("start", start), ("end", end)):
        values = np.asarray(value, dtype=float)
        bad = ~np.isfinite(values) | (values <= 0)
        if bad.any():
            where = list(value.index[bad]) if series else []
            raise ValueError(f"{arg} must be positive and finite"
                             + (f"; not at {where}" if where else f", got {value!r}"))
    rate = (end / start) ** (1 / periods) - 1
    if series:
        return _guard("cagr", rate.rename("cagr"))
    return float(_guard("cagr", float(rate)))
