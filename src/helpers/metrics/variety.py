"""Variety: related and unrelated variety (Frenken, Van Oort and Verburg 2007)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import numpy as np
import pandas as pd

from helpers.metrics._checks import (
    _as_frame,
    _check_amounts,
    _check_base,
    _group_codes,
    _guard,
    _per_row,
    _plogp,
    _row_shares,
)

# --------------------------------------------------------------------------- variety


def _variety(x, groups, base, which: str):
    """Compute the related or unrelated variety of each row of ``x``."""
    b = _check_base(base)
    frame, was_series = _as_frame(x, "x")
    s = _row_shares(_check_amounts(frame, "x"))
    codes = _group_codes(frame.columns, groups, "x")
    indicator = np.zeros((s.shape[1], codes.max() + 1))
    indicator[np.arange(s.shape[1]), codes] = 1.0
    group_shares = s @ indicator  # P_g for each row
    unrelated = _plogp(group_shares, b).sum(axis=1)
    if which == "unrelated":
        return _per_row(unrelated, frame, was_series, "unrelated_variety")
    # sum_g P_g H_g = -sum_i s_i log(s_i / P_g(i)); zero shares contribute 0
    parent = group_shares[:, codes]
    within = np.zeros_like(s)
    pos = s > 0
    within[pos] = -s[pos] * np.log(s[pos] / parent[pos]) / np.log(b)
    return _per_row(within.sum(axis=1), frame, was_series, "related_variety")


def related_variety(
    x: pd.DataFrame | pd.Series,
    groups: Mapping[Hashable, Hashable] | pd.Series,
    base: float = 2,
) -> pd.Series | float:
    r"""Related variety: share-weighted entropy of industries within their broad groups.

    .. math:: RV_r = \sum_g P_{rg} H_{rg}, \qquad
              H_{rg} = -\sum_{i \in g} \frac{s_{ri}}{P_{rg}} \log_b \frac{s_{ri}}{P_{rg}},
              \qquad P_{rg} = \sum_{i \in g} s_{ri}

    so that ``related_variety + unrelated_variety == entropy`` (same base). Groups absent
    from a region (:math:`P_{rg} = 0`) contribute 0.

    Parameters
    ----------
    x : DataFrame or Series
        Non-negative amounts at the fine level; regions as rows, industries as columns.
    groups : dict or Series
        Maps every industry (column of ``x``) to its broad group; extra keys are ignored.
    base : float, default 2
        Logarithm base.

    Returns
    -------
    Series or float
        One value per row (Series named ``"related_variety"``), or a float for a Series.

    References
    ----------
    Frenken, Van Oort & Verburg (2007), Regional Studies 41(5): 685-697.

    Examples
    --------
    >>> x = pd.Series({"a1": 1.0, "a2": 1.0, "b1": 2.0})
    >>> related_variety(x, {"a1": "A", "a2": "A", "b1": "B"})  # 0.5 * 1 bit + 0.5 * 0
    0.5

    """
    return _guard("related_variety", _variety(x, groups, base, "related"))


def unrelated_variety(
    x: pd.DataFrame | pd.Series,
    groups: Mapping[Hashable, Hashable] | pd.Series,
    base: float = 2,
) -> pd.Series | float:
    r"""Unrelated variety: entropy of each region's shares of broad industry groups.

    .. math:: UV_r = -\sum_g P_{rg} \log_b P_{rg}, \qquad P_{rg} = \sum_{i \in g} s_{ri}

    Parameters
    ----------
    x : DataFrame or Series
        Non-negative amounts at the fine level; regions as rows, industries as columns.
    groups : dict or Series
        Maps every industry (column of ``x``) to its broad group; extra keys are ignored.
    base : float, default 2
        Logarithm base.

    Returns
    -------
    Series or float
        One value per row (Series named ``"unrelated_variety"``), or a float for a Series.

    References
    ----------
    Frenken, Van Oort & Verburg (2007), Regional Studies 41(5): 685-697.

    Examples
    --------
    >>> x = pd.Series({"a1": 1.0, "a2": 1.0, "b1": 2.0})
    >>> unrelated_variety(x, {"a1": "A", "a2": "A", "b1": "B"})  # shares 0.5, 0.5
    1.0

    """
    return _guard("unrelated_variety", _variety(x, groups, base, "unrelated"))


