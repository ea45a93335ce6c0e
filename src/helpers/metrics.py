"""Regional and industrial indicators: concentration, diversity, specialisation, relatedness.

Every function is pure: pandas in, pandas (or a float) out; no file I/O, no charts.

Conventions
-----------
* An *amount matrix* ``x`` is a DataFrame of non-negative numbers with regions as rows and
  industries as columns (build one from a long table with :func:`to_matrix`).
* Per-region indicators (:func:`hhi`, :func:`concentration_ratio`, :func:`entropy`,
  :func:`related_variety`, :func:`unrelated_variety`, :func:`diversity`) return a Series
  indexed like the rows of ``x`` when given a DataFrame, and a float (an int for
  :func:`diversity`) when given a Series holding one region's amounts by industry.
* Matrix-valued indicators return DataFrames labelled like their input.
* Bad input raises ``ValueError`` naming the row, column or argument at fault; no function
  returns NaN silently.

Definitions follow the R package EconGeo (Balland) where they overlap; each docstring says
where it departs from it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "to_matrix",
    "shares",
    "hhi",
    "hhi_lower_bound",
    "concentration_ratio",
    "entropy",
    "location_quotient",
    "rca",
    "krugman_index",
    "co_occurrence",
    "relatedness",
    "relatedness_density",
    "diversity",
    "ubiquity",
    "related_variety",
    "unrelated_variety",
    "firm_concentration",
]

_MAX_NAMED = 5  # how many offending labels an error message lists
_LQ_TOLERANCE = 1e-12  # LQ within this of 1 counts as >= 1 in the binary RCA


# --------------------------------------------------------------------------- validation


def _fmt(labels: Sequence[object]) -> str:
    """Format up to ``_MAX_NAMED`` labels for an error message."""
    labels = list(labels)
    shown = ", ".join(repr(label) for label in labels[:_MAX_NAMED])
    more = len(labels) - _MAX_NAMED
    return shown + (f" and {more} more" if more > 0 else "")


def _as_frame(x: pd.DataFrame | pd.Series, arg: str) -> tuple[pd.DataFrame, bool]:
    """Return ``x`` as a DataFrame and whether it was a one-region Series."""
    if isinstance(x, pd.Series):
        name = x.name if x.name is not None else "the Series"
        return x.to_frame(name=name).T, True
    if isinstance(x, pd.DataFrame):
        return x, False
    raise TypeError(f"{arg} must be a pandas DataFrame or Series, got {type(x).__name__}")


def _check_numeric(x: pd.DataFrame, arg: str) -> np.ndarray:
    """Check ``x`` is a non-empty numeric table without NaN; return it as float array."""
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"{arg} is empty ({x.shape[0]} rows x {x.shape[1]} columns)")
    if x.columns.has_duplicates:
        dup = x.columns[x.columns.duplicated()].unique()
        raise ValueError(f"{arg} has duplicated columns: {_fmt(dup)}")
    if x.index.has_duplicates:
        dup = x.index[x.index.duplicated()].unique()
        raise ValueError(f"{arg} has duplicated rows: {_fmt(dup)}")
    bad = [c for c in x.columns if not pd.api.types.is_numeric_dtype(x[c])]
    if bad:
        raise ValueError(f"{arg} has non-numeric columns: {_fmt(bad)}")
    values = x.to_numpy(dtype=float, na_value=np.nan)
    nan_r, nan_c = np.nonzero(np.isnan(values))
    if nan_r.size:
        cells = [
            f"row {x.index[r]!r}, column {x.columns[c]!r}"
            for r, c in zip(nan_r, nan_c, strict=True)
        ]
        raise ValueError(f"{arg} has missing values (NaN) at {'; '.join(cells[:_MAX_NAMED])}")
    inf_r, inf_c = np.nonzero(np.isinf(values))
    if inf_r.size:
        r, c = inf_r[0], inf_c[0]
        raise ValueError(f"{arg} row {x.index[r]!r}, column {x.columns[c]!r} is infinite")
    return values


def _check_amounts(x: pd.DataFrame, arg: str, allow_zero_rows: bool = False) -> np.ndarray:
    """Validate a non-negative amount matrix; return it as a float array."""
    values = _check_numeric(x, arg)
    neg_r, neg_c = np.nonzero(values < 0)
    if neg_r.size:
        r, c = neg_r[0], neg_c[0]
        raise ValueError(
            f"{arg} row {x.index[r]!r}, column {x.columns[c]!r}: {values[r, c]:g} is negative"
            + (f" ({neg_r.size} negative cells in all)" if neg_r.size > 1 else "")
        )
    if not allow_zero_rows:
        zero = np.nonzero(values.sum(axis=1) == 0)[0]
        if zero.size:
            raise ValueError(
                f"{arg} has all-zero rows (no shares can be computed): {_fmt(x.index[zero])}"
            )
    return values


def _check_binary(m: pd.DataFrame, arg: str) -> np.ndarray:
    """Validate a 0/1 matrix; return it as a float array."""
    values = _check_numeric(m, arg)
    bad_r, bad_c = np.nonzero((values != 0) & (values != 1))
    if bad_r.size:
        r, c = bad_r[0], bad_c[0]
        raise ValueError(
            f"{arg} must be binary (0/1): row {m.index[r]!r}, column {m.columns[c]!r} "
            f"is {values[r, c]:g}; use location_quotient(x, binary=True) or rca=True"
        )
    return values


def _check_k(k: object) -> int:
    """Validate the ``k`` of a concentration ratio."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise ValueError(f"k must be a positive integer, got {k!r}")
    if k < 1:
        raise ValueError(f"k must be a positive integer (k >= 1), got {k}")
    return int(k)


def _check_base(base: object) -> float:
    """Validate a logarithm base."""
    if isinstance(base, bool) or not isinstance(base, int | float | np.integer | np.floating):
        raise ValueError(f"base must be a number > 0 and != 1, got {base!r}")
    if not np.isfinite(base) or base <= 0 or base == 1:
        raise ValueError(f"base must be a number > 0 and != 1, got {base!r}")
    return float(base)


def _row_shares(values: np.ndarray) -> np.ndarray:
    """Divide each row by its total."""
    return values / values.sum(axis=1, keepdims=True)


def _plogp(p: np.ndarray, base: float) -> np.ndarray:
    """Elementwise ``-p log_base p`` with ``0 log 0 = 0``."""
    out = np.zeros_like(p)
    pos = p > 0
    out[pos] = -p[pos] * np.log(p[pos]) / np.log(base)
    return out


def _per_row(values: np.ndarray, x: pd.DataFrame, was_series: bool, name: str) -> pd.Series | float:
    """Wrap a per-row result as a Series named ``name`` or a float for one-region input."""
    if was_series:
        return float(values[0])
    return pd.Series(values, index=x.index, name=name)


def _group_codes(columns: pd.Index, groups: Mapping[Hashable, Hashable] | pd.Series, arg: str):
    """Map each column to the integer code of its group; raise naming unmapped columns."""
    if isinstance(groups, pd.Series):
        mapping = groups
    elif isinstance(groups, Mapping):
        mapping = pd.Series(dict(groups), dtype=object)
    else:
        raise TypeError(f"groups must be a dict or a Series, got {type(groups).__name__}")
    if mapping.index.has_duplicates:
        dup = mapping.index[mapping.index.duplicated()].unique()
        raise ValueError(f"groups maps some industries more than once: {_fmt(dup)}")
    missing = [c for c in columns if c not in mapping.index]
    if missing:
        raise ValueError(
            f"groups does not map these industries (columns of {arg}): {_fmt(missing)}"
        )
    parents = mapping.reindex(columns)
    if parents.isna().any():
        raise ValueError(
            f"groups maps these industries to a missing group: {_fmt(columns[parents.isna()])}"
        )
    codes, _ = pd.factorize(parents, sort=True)
    return codes


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
    return out.iloc[0].rename(x.name) if was_series else out


# --------------------------------------------------------------------------- concentration


def hhi(x: pd.DataFrame | pd.Series) -> pd.Series | float:
    r"""Herfindahl-Hirschman index of each region's industry shares (0-1 scale).

    .. math:: HHI_r = \sum_i s_{ri}^2, \qquad 1/N \le HHI_r \le 1

    where ``N`` is the number of industries (columns). Multiply by 10,000 for the
    antitrust "points" scale.

    Parameters
    ----------
    x : DataFrame or Series
        Non-negative amounts; regions as rows, industries as columns, or one region.

    Returns
    -------
    Series or float
        One value per row (Series named ``"hhi"``), or a float for a Series input.

    References
    ----------
    EconGeo ``herfindahl`` (Balland); Hirschman (1964), Herfindahl (1950).

    Examples
    --------
    >>> hhi(pd.Series({"i": 1.0, "j": 3.0}))  # 0.25**2 + 0.75**2
    0.625

    """
    frame, was_series = _as_frame(x, "x")
    s = _row_shares(_check_amounts(frame, "x"))
    return _per_row((s * s).sum(axis=1), frame, was_series, "hhi")


def hhi_lower_bound(known_shares: Sequence[float], n: int | None = None) -> float:
    r"""Smallest HHI compatible with some sectors' known shares (0-1 scale).

    A published share pins part of the HHI: whatever the other sectors do, their squares
    are non-negative, and they are smallest when the remaining output is spread evenly
    over the remaining :math:`n - k` sectors:

    .. math:: HHI \ge \sum_{j=1}^{k} s_j^2 + \frac{(1 - \sum_j s_j)^2}{n - k}

    With ``n=None`` the second term is dropped (the rest spread over arbitrarily many
    sectors), leaving :math:`\sum_j s_j^2`. Use it to check a reported HHI against a
    reported share, as the book does for Kunshan in 2009.

    Parameters
    ----------
    known_shares : sequence of float
        Shares (0-1) of distinct sectors; each in [0, 1], summing to at most 1.
    n : int, optional
        Total number of sectors, at least the number of known shares (more than it if
        the known shares sum to less than 1).

    Returns
    -------
    float
        The lower bound.

    Examples
    --------
    >>> round(hhi_lower_bound([0.65]), 4)
    0.4225
    >>> round(hhi_lower_bound([0.65], n=30), 4)  # 0.4225 + 0.35**2 / 29
    0.4267

    """
    values = np.asarray(list(known_shares), dtype=float)
    if values.size == 0:
        raise ValueError("known_shares is empty")
    if np.isnan(values).any() or (values < 0).any() or (values > 1).any():
        raise ValueError(f"known_shares must lie in [0, 1], got {values.tolist()}")
    rest = 1.0 - float(values.sum())
    if rest < -1e-12:
        raise ValueError(f"known_shares sum to {values.sum():g} > 1")
    bound = float((values * values).sum())
    if n is None:
        return bound
    if not isinstance(n, int | np.integer) or n < values.size:
        raise ValueError(f"n must be an integer >= the number of known shares, got {n!r}")
    if n == values.size:
        if rest > 1e-12:
            raise ValueError(f"n={n}: the known shares sum to {values.sum():g} < 1 "
                             "but no other sector is left to hold the rest")
        return bound
    return bound + max(rest, 0.0) ** 2 / (n - values.size)


def concentration_ratio(x: pd.DataFrame | pd.Series, k: int = 4) -> pd.Series | float:
    r"""Concentration ratio CRk: the summed shares of the ``k`` largest industries of each row.

    .. math:: CR_k(r) = \sum_{j=1}^{k} s_{r(j)}, \quad s_{r(1)} \ge s_{r(2)} \ge \dots

    If ``k`` is at least the number of columns, every share is summed and CRk = 1.

    Parameters
    ----------
    x : DataFrame or Series
        Non-negative amounts; regions as rows, industries as columns, or one region.
    k : int, default 4
        How many of the largest shares to add (a positive integer).

    Returns
    -------
    Series or float
        One value per row (Series named ``"cr{k}"``), or a float for a Series input.

    Examples
    --------
    >>> concentration_ratio(pd.Series({"i": 5.0, "j": 3.0, "k": 2.0}), k=2)  # 0.5 + 0.3
    0.8

    """
    k = _check_k(k)
    frame, was_series = _as_frame(x, "x")
    s = _row_shares(_check_amounts(frame, "x"))
    n = s.shape[1]
    if k >= n:
        top = s.sum(axis=1)
    else:
        top = -np.partition(-s, k - 1, axis=1)[:, :k]
        top = top.sum(axis=1)
    return _per_row(top, frame, was_series, f"cr{k}")


def entropy(x: pd.DataFrame | pd.Series, base: float = 2) -> pd.Series | float:
    r"""Shannon entropy of each region's industry shares.

    .. math:: H_r = -\sum_i s_{ri} \log_b s_{ri}, \qquad 0 \log 0 = 0,
              \qquad 0 \le H_r \le \log_b N

    Parameters
    ----------
    x : DataFrame or Series
        Non-negative amounts; regions as rows, industries as columns, or one region.
    base : float, default 2
        Logarithm base (> 0 and != 1); 2 gives bits as in EconGeo, ``np.e`` gives nats
        (a base below 1 flips the sign).

    Returns
    -------
    Series or float
        One value per row (Series named ``"entropy"``), or a float for a Series input.

    References
    ----------
    EconGeo ``entropy`` (which adds 1e-9 inside the log and rounds to 3 digits; here zero
    shares are dropped exactly and nothing is rounded); Shannon (1948).

    Examples
    --------
    >>> entropy(pd.Series({"i": 1.0, "j": 1.0, "k": 2.0}))  # 2*(0.25*2) + 0.5*1
    1.5

    """
    b = _check_base(base)
    frame, was_series = _as_frame(x, "x")
    s = _row_shares(_check_amounts(frame, "x"))
    return _per_row(_plogp(s, b).sum(axis=1), frame, was_series, "entropy")


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


# --------------------------------------------------------------------------- relatedness


def co_occurrence(m: pd.DataFrame) -> pd.DataFrame:
    r"""Count the regions in which each pair of industries co-occurs.

    .. math:: C = M^\top M, \qquad C_{ij} = \sum_r M_{ri} M_{rj}

    Diagonal convention: :math:`C_{ii}` is the ubiquity of industry ``i`` (the number of
    regions where it is present), which :func:`relatedness` needs. EconGeo ``co_occurrence``
    takes industries in rows (``co_occurrence(t(m), diagonal = TRUE)`` matches this) and by
    default sets the diagonal to 0; do ``c.values[np.diag_indices_from(c)] = 0`` for that.

    Parameters
    ----------
    m : DataFrame
        Binary (0/1) matrix, regions as rows and industries as columns, e.g.
        ``location_quotient(x, binary=True)``.

    Returns
    -------
    DataFrame
        Symmetric industry x industry matrix of counts (int).

    Examples
    --------
    >>> m = pd.DataFrame({"i": [1, 1], "j": [1, 0]}, index=["A", "B"])
    >>> co_occurrence(m).to_numpy().tolist()  # i,j together only in A
    [[2, 1], [1, 1]]

    """
    if not isinstance(m, pd.DataFrame):
        raise TypeError(f"m must be a pandas DataFrame, got {type(m).__name__}")
    values = _check_binary(m, "m")
    c = (values.T @ values).round().astype(int)
    return pd.DataFrame(c, index=m.columns, columns=m.columns)


def relatedness(
    m: pd.DataFrame, method: Literal["proximity", "cosine"] = "proximity"
) -> pd.DataFrame:
    r"""Relatedness between industries from their co-location across regions.

    ``method="proximity"`` (Hidalgo et al. 2007): the smaller of the two conditional
    probabilities of co-occurrence,

    .. math:: \phi_{ij} = \min\{P(i \mid j), P(j \mid i)\}
              = \frac{C_{ij}}{\max(C_{ii}, C_{jj})}

    ``method="cosine"``: cosine similarity of the industry columns of ``m``,

    .. math:: \cos_{ij} = \frac{\sum_r m_{ri} m_{rj}}{\lVert m_{\cdot i} \rVert\,
              \lVert m_{\cdot j} \rVert}

    (for a binary ``m`` this is :math:`C_{ij}/\sqrt{C_{ii} C_{jj}}`). Both give a diagonal of
    1, as the formulas do. Note that EconGeo ``relatedness(method = "cosine")`` is a different
    measure: it normalises an off-diagonal co-occurrence matrix and sets the diagonal to 0.

    Parameters
    ----------
    m : DataFrame
        Regions as rows, industries as columns. Binary (0/1) for ``"proximity"``; any
        non-negative amounts for ``"cosine"``. Every industry must occur somewhere.
    method : {"proximity", "cosine"}, default "proximity"
        Which of the two measures above to compute.

    Returns
    -------
    DataFrame
        Symmetric industry x industry matrix with values in [0, 1].

    Examples
    --------
    >>> m = pd.DataFrame({"i": [1, 1], "j": [1, 0]}, index=["A", "B"])
    >>> relatedness(m)["j"].tolist()  # phi_ij = C_ij / max(C_ii, C_jj) = 1 / max(2, 1)
    [0.5, 1.0]

    """
    if not isinstance(m, pd.DataFrame):
        raise TypeError(f"m must be a pandas DataFrame, got {type(m).__name__}")
    if method not in ("proximity", "cosine"):
        raise ValueError(f"unknown method {method!r}: use 'proximity' or 'cosine'")
    if method == "proximity":
        values = _check_binary(m, "m")
    else:
        values = _check_amounts(m, "m", allow_zero_rows=True)
    gram = values.T @ values
    diag = np.diag(gram).copy()
    zero = np.nonzero(diag == 0)[0]
    if zero.size:
        raise ValueError(
            f"m has industries present in no region (all-zero columns), whose relatedness is "
            f"undefined: {_fmt(m.columns[zero])}"
        )
    if method == "proximity":
        out = gram / np.maximum.outer(diag, diag)
    else:
        norm = np.sqrt(diag)
        out = np.clip(gram / np.outer(norm, norm), 0.0, 1.0)
    np.fill_diagonal(out, 1.0)
    return pd.DataFrame(out, index=m.columns, columns=m.columns)


def relatedness_density(m: pd.DataFrame, r: pd.DataFrame) -> pd.DataFrame:
    r"""Relatedness density of each industry in each region (0-100 scale, as EconGeo).

    .. math:: D_{ri} = 100 \cdot \frac{\sum_j M_{rj} R_{ji}}{\sum_j R_{ji}}

    the share of the industries related to ``i`` that region ``r`` already has. ``R`` is
    used as given, diagonal included, so with a diagonal of 1 an industry counts towards its
    own density. Values are not rounded (EconGeo rounds to 2 decimals). The Python package
    ``ecomplexity`` reports density on a 0-1 scale and may exclude the diagonal; divide by
    100 and zero ``R``'s diagonal to compare.

    Parameters
    ----------
    m : DataFrame
        Binary (0/1) matrix, regions as rows and industries as columns.
    r : DataFrame
        Non-negative industry x industry relatedness (e.g. :func:`relatedness`) whose
        index and columns cover the columns of ``m``; it is aligned to them.

    Returns
    -------
    DataFrame
        Regions as rows, industries as columns, values in [0, 100] for ``R`` in [0, 1].

    References
    ----------
    EconGeo ``relatedness_density``; Hidalgo et al. (2007); Boschma, Balland & Kogler (2015).

    Examples
    --------
    >>> m = pd.DataFrame({"i": [1], "j": [0]}, index=["A"])
    >>> r = pd.DataFrame([[1.0, 0.5], [0.5, 1.0]], index=["i", "j"], columns=["i", "j"])
    >>> relatedness_density(m, r).round(2).loc["A"].tolist()  # j: 100 * 0.5 / 1.5
    [66.67, 33.33]

    """
    for arg, obj in (("m", m), ("r", r)):
        if not isinstance(obj, pd.DataFrame):
            raise TypeError(f"{arg} must be a pandas DataFrame, got {type(obj).__name__}")
    mv = _check_binary(m, "m")
    for axis, labels in (("rows", r.index), ("columns", r.columns)):
        missing = [c for c in m.columns if c not in labels]
        if missing:
            raise ValueError(f"r {axis} lack these industries (columns of m): {_fmt(missing)}")
    r_aligned = r.loc[m.columns, m.columns]
    rv = _check_amounts(r_aligned, "r", allow_zero_rows=True)
    col_tot = rv.sum(axis=0)
    zero = np.nonzero(col_tot == 0)[0]
    if zero.size:
        raise ValueError(
            f"r has all-zero columns (industries related to nothing, density undefined): "
            f"{_fmt(m.columns[zero])}"
        )
    return pd.DataFrame(100.0 * (mv @ rv) / col_tot, index=m.index, columns=m.columns)


def diversity(m: pd.DataFrame | pd.Series, rca: bool = False) -> pd.Series | int:
    r"""Diversity: the number of industries present in (or specialised in by) each region.

    .. math:: D_r = \sum_i M_{ri}

    Parameters
    ----------
    m : DataFrame or Series
        Binary (0/1) matrix, regions as rows and industries as columns, or, with
        ``rca=True``, non-negative amounts that are turned into the binary RCA matrix first.
    rca : bool, default False
        Apply ``location_quotient(m, binary=True)`` first (needs a DataFrame).

    Returns
    -------
    Series or int
        One count per region (Series named ``"diversity"``), or an int for a Series input.

    References
    ----------
    EconGeo ``diversity`` (its ``rca`` argument); Hidalgo & Hausmann (2009).

    Examples
    --------
    >>> diversity(pd.Series({"i": 1, "j": 0, "k": 1}))
    2

    """
    if rca:
        if not isinstance(m, pd.DataFrame):
            raise ValueError("rca=True needs a DataFrame of several regions, not a Series")
        frame, was_series = location_quotient(m, binary=True), False
        values = frame.to_numpy(dtype=float)
    else:
        frame, was_series = _as_frame(m, "m")
        values = _check_binary(frame, "m")
    counts = values.sum(axis=1).round().astype(int)
    if was_series:
        return int(counts[0])
    return pd.Series(counts, index=frame.index, name="diversity")


def ubiquity(m: pd.DataFrame, rca: bool = False) -> pd.Series:
    r"""Ubiquity: the number of regions in which each industry is present (or specialised).

    .. math:: U_i = \sum_r M_{ri}

    Parameters
    ----------
    m : DataFrame
        Binary (0/1) matrix, regions as rows and industries as columns, or, with
        ``rca=True``, non-negative amounts that are turned into the binary RCA matrix first.
    rca : bool, default False
        Apply ``location_quotient(m, binary=True)`` first.

    Returns
    -------
    Series
        One count per industry, indexed by the columns of ``m``, named ``"ubiquity"``.

    References
    ----------
    EconGeo ``ubiquity``; Hidalgo & Hausmann (2009).

    Examples
    --------
    >>> m = pd.DataFrame({"i": [1, 1], "j": [1, 0]}, index=["A", "B"])
    >>> ubiquity(m).tolist()
    [2, 1]

    """
    if not isinstance(m, pd.DataFrame):
        raise TypeError(f"m must be a pandas DataFrame, got {type(m).__name__}")
    if rca:
        values = location_quotient(m, binary=True).to_numpy(dtype=float)
    else:
        values = _check_binary(m, "m")
    return pd.Series(values.sum(axis=0).round().astype(int), index=m.columns, name="ubiquity")


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
    return _variety(x, groups, base, "related")


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
    return _variety(x, groups, base, "unrelated")


# --------------------------------------------------------------------------- firms


def _factorize_groups(firms: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, pd.Index]:
    """Integer group codes (0..G-1, in sorted key order) and the matching index."""
    codes = np.zeros(len(firms), dtype=np.int64)
    uniques = []
    radix = 1
    for col in by:
        c, u = pd.factorize(firms[col], sort=True, use_na_sentinel=True)
        if (c < 0).any():
            pos = int(np.flatnonzero(c < 0)[0])
            raise ValueError(f"firms row {firms.index[pos]!r}, column {col!r} is missing")
        uniques.append(u)
        codes = codes * len(u) + c
        radix *= len(u)
    if radix <= 4 * len(firms) + 1024:
        present = np.bincount(codes, minlength=radix) > 0
        dense = np.cumsum(present) - 1
        keys = np.flatnonzero(present)
        codes = dense[codes]
    else:  # too many key combinations for a dense table: compress by sorting
        keys, codes = np.unique(codes, return_inverse=True)
    parts = []
    for u in reversed(uniques):
        parts.append(u.take(keys % len(u)))
        keys = keys // len(u)
    parts.reverse()
    if len(by) == 1:
        index = pd.Index(parts[0], name=by[0])
    else:
        index = pd.MultiIndex.from_arrays(parts, names=by)
    return codes, index


def _sorted_top_k(codes: np.ndarray, v: np.ndarray, n_groups: int, k: int):
    """Sort rows by (group, value descending) and keep the first ``k`` of each group."""
    order = np.argsort(-v)  # value descending; tie order is irrelevant to the sums
    if n_groups <= np.iinfo(np.uint16).max:  # stable sort of 16-bit keys is a radix sort
        order = order[np.argsort(codes[order].astype(np.uint16), kind="stable")]
    else:  # one sort on a combined (group, value rank) key beats a stable 64-bit sort
        value_rank = np.empty(len(v), dtype=np.int64)
        value_rank[order] = np.arange(len(v))
        order = np.argsort(codes * len(v) + value_rank)
    sorted_codes = codes[order]
    counts = np.bincount(sorted_codes, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.arange(len(v)) - starts[sorted_codes]
    top = rank < k
    return sorted_codes[top], v[order][top], rank[top]


def _top_k_sums(codes: np.ndarray, v: np.ndarray, n_firms: np.ndarray, k: int) -> np.ndarray:
    """Sum of the ``k`` largest values of each group, exactly, without a loop over groups.

    A full sort of millions of rows dominates the cost, so rows are first screened: the
    k-th largest value of each group within a 1-in-8 sample is a lower bound of the group's
    k-th largest value, and only rows at or above their group's bound can be in its top k.
    The survivors (a few per cent of the rows) are sorted exactly.
    """
    n_groups = n_firms.size
    stride = 8
    # screening pays off when groups are large enough to hold k rows in the sample
    if len(v) >= 50_000 and len(v) >= 4 * stride * k * n_groups:
        sample_codes, sample_v, sample_rank = _sorted_top_k(
            codes[::stride], v[::stride], n_groups, k
        )
        bound = np.full(n_groups, -1.0)  # values are >= 0, so -1 keeps every row
        kth = sample_rank == k - 1
        bound[sample_codes[kth]] = sample_v[kth]
        keep = v >= bound[codes]
        codes, v = codes[keep], v[keep]
    top_codes, top_v, _ = _sorted_top_k(codes, v, n_groups, k)
    return np.bincount(top_codes, weights=top_v, minlength=n_groups)


def firm_concentration(
    firms: pd.DataFrame, by: str | Sequence[str], value: str, k: int = 4
) -> pd.DataFrame:
    r"""HHI and CRk of firms within each group (e.g. industry x year) of a firm table.

    .. math:: HHI_g = \sum_{f \in g} s_f^2, \qquad CR_k(g) = \sum_{j=1}^{k} s_{(j)},
              \qquad s_f = v_f / \sum_{f' \in g} v_{f'}

    Each row is one firm (aggregate duplicated firm rows first if they occur). Computed
    without a Python loop over groups: keys are factorised to integer codes, sums come from
    ``np.bincount``, and the top ``k`` of each group from sorting rows by (group, value
    descending) after screening out rows below a sampled lower bound of each group's k-th
    largest value (exact, see ``_top_k_sums``). ``hhi``/``cr{k}`` equal :func:`hhi` and
    :func:`concentration_ratio` applied to each group's values.

    Parameters
    ----------
    firms : DataFrame
        Firm table, e.g. ASIF-shaped with ``firm_id, year, industry, output``.
    by : str or list of str
        Grouping column(s), e.g. ``["industry", "year"]``; missing keys are an error.
    value : str
        Non-negative size column (output, sales, employment).
    k : int, default 4
        Number of largest firms in the concentration ratio.

    Returns
    -------
    DataFrame
        Indexed by the groups (sorted), columns ``hhi``, ``cr{k}``, ``n_firms`` (rows in
        the group, zero-size firms included) and ``total`` (sum of ``value``).

    Raises
    ------
    ValueError
        For a missing column, a NaN or negative value (row named), or a group whose total
        is 0 (group named).

    Examples
    --------
    >>> firms = pd.DataFrame({"industry": [39, 39, 39, 40], "output": [6.0, 3.0, 1.0, 2.0]})
    >>> out = firm_concentration(firms, by="industry", value="output", k=1)
    >>> out  # doctest: +NORMALIZE_WHITESPACE
               hhi  cr1  n_firms  total
    industry
    39        0.46  0.6        3   10.0
    40        1.00  1.0        1    2.0

    """
    if not isinstance(firms, pd.DataFrame):
        raise TypeError(f"firms must be a pandas DataFrame, got {type(firms).__name__}")
    k = _check_k(k)
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError("by must name at least one grouping column")
    missing = [c for c in [*keys, value] if c not in firms.columns]
    if missing:
        raise ValueError(f"firms has no column(s) {_fmt(missing)}; it has {_fmt(firms.columns)}")
    if len(firms) == 0:
        raise ValueError("firms is empty (0 rows)")
    if not pd.api.types.is_numeric_dtype(firms[value]):
        raise ValueError(f"firms column {value!r} is not numeric")
    v = firms[value].to_numpy(dtype=np.float64, na_value=np.nan)
    for bad, what in (
        (np.isnan(v), "is missing (NaN)"),
        (v < 0, "is negative"),
        (np.isinf(v), "is infinite"),
    ):
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise ValueError(f"firms row {firms.index[pos]!r}, column {value!r}: {v[pos]:g} {what}")

    codes, index = _factorize_groups(firms, keys)
    n_groups = len(index)
    n_firms = np.bincount(codes, minlength=n_groups)
    total = np.bincount(codes, weights=v, minlength=n_groups)
    zero = np.flatnonzero(total == 0)
    if zero.size:
        raise ValueError(
            f"firms groups with total {value!r} of 0 (shares undefined): {_fmt(index[zero])}"
        )
    sum_sq = np.bincount(codes, weights=v * v, minlength=n_groups)

    top_sum = _top_k_sums(codes, v, n_firms, k)

    return pd.DataFrame(
        {
            "hhi": sum_sq / (total * total),
            f"cr{k}": top_sum / total,
            "n_firms": n_firms,
            "total": total,
        },
        index=index,
    )
