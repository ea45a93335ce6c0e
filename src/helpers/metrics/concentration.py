"""Concentration: HHI and its floor, concentration ratios, entropy, firm-level concentration."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.metrics._checks import (
    _as_frame,
    _check_amounts,
    _check_base,
    _check_k,
    _check_one_label_type,
    _fmt,
    _guard,
    _per_row,
    _plogp,
    _row_shares,
)

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
    return _guard("hhi", _per_row((s * s).sum(axis=1), frame, was_series, "hhi"))


def hhi_equivalent_number(hhi_value: pd.Series | float) -> pd.Series | float:
    r"""Numbers equivalent of an HHI: how many equal-sized industries give the same HHI.

    .. math:: N^{*} = 1 / HHI

    An HHI of 0.25 is what four industries of equal size give. Read backwards, ``1 / N``
    is the smallest HHI that ``N`` industries can have (all of equal size), so
    ``hhi_equivalent_number`` also turns that floor back into ``N``.

    Parameters
    ----------
    hhi_value : Series or float
        HHI values on the 0-1 scale (:func:`hhi`), each in (0, 1].

    Returns
    -------
    Series or float
        One number per value (Series named ``"equivalent_number"``), or a float.

    Raises
    ------
    ValueError
        If a value is not in (0, 1] (the label is named for a Series).

    Examples
    --------
    >>> hhi_equivalent_number(0.25)
    4.0
    >>> round(hhi_equivalent_number(hhi(pd.Series({"i": 1.0, "j": 3.0}))), 2)  # 1 / 0.625
    1.6

    """
    values = np.asarray(hhi_value, dtype=float)
    bad = ~np.isfinite(values) | (values <= 0) | (values > 1 + 1e-12)
    if bad.any():
        where = (f" at {_fmt(list(hhi_value.index[bad]))}"
                 if isinstance(hhi_value, pd.Series) else f", got {hhi_value!r}")
        raise ValueError(f"hhi_value must lie in (0, 1]{where}")
    if isinstance(hhi_value, pd.Series):
        return (1 / hhi_value).rename("equivalent_number")
    return 1 / float(hhi_value)


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


def hhi_share_cap(hhi_value: float, n: int | None = None) -> float:
    r"""Largest share one sector can hold under a given HHI (0-1 scale).

    A share :math:`s` alone contributes :math:`s^2`, so :math:`s \le \sqrt{HHI}` whatever
    the other sectors do. With ``n`` sectors in all, the other :math:`n - 1` hold at least
    :math:`(1 - s)^2 / (n - 1)` (spread evenly), which tightens the cap to

    .. math:: s \le \frac{1 + \sqrt{(n - 1)(n \cdot HHI - 1)}}{n}

    (the inverse of :func:`hhi_lower_bound` for one known share).

    Parameters
    ----------
    hhi_value : float
        An HHI on the 0-1 scale, at least ``1 / n`` when ``n`` is given.
    n : int, optional
        Total number of sectors (at least 2); ``None`` for arbitrarily many.

    Returns
    -------
    float
        The cap, in [0, 1].

    Raises
    ------
    ValueError
        If ``hhi_value`` is not in (0, 1], or below ``1 / n``, or ``n`` is not an integer
        of at least 2.

    Examples
    --------
    >>> round(hhi_share_cap(0.25), 2)
    0.5
    >>> round(hhi_share_cap(0.25, n=4), 2)  # four equal sectors: none can hold more
    0.25
    >>> round(hhi_lower_bound([hhi_share_cap(0.3, n=10)], n=10), 6)
    0.3

    """
    value = float(hhi_value)
    if not np.isfinite(value) or value <= 0 or value > 1 + 1e-12:
        raise ValueError(f"hhi_value must lie in (0, 1], got {hhi_value!r}")
    if n is None:
        return float(np.sqrt(value))
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
        raise ValueError(f"n must be an integer >= 2, got {n!r}")
    if value < 1 / n - 1e-12:
        raise ValueError(f"hhi_value {value:g} is below 1/n = {1 / n:g}, the least HHI of "
                         f"{n} sectors")
    return float((1 + np.sqrt(max((n - 1) * (n * value - 1), 0.0))) / n)


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
    return _guard("concentration_ratio", _per_row(top, frame, was_series, f"cr{k}"))


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
    return _guard("entropy", _per_row(_plogp(s, b).sum(axis=1), frame, was_series, "entropy"))



# --------------------------------------------------------------------------- firms


def _factorize_column(col: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (in sorted key order) and the sorted unique keys of one column.

    Integer keys spanning a range not much wider than the table (years, industry or county
    codes) are coded by offset and ``np.bincount``, in linear time; other keys by
    ``pd.factorize``. A missing key gets code -1.
    """
    values = col.to_numpy()
    if values.dtype.kind in "iu" and values.size:
        low, high = int(values.min()), int(values.max())
        span = high - low + 1
        if span <= 2 * values.size + 1024:
            offset = values - values.dtype.type(low)
            present = np.bincount(offset, minlength=span) > 0
            dense = np.cumsum(present) - 1
            uniques = pd.Index((np.flatnonzero(present) + low).astype(values.dtype))
            return dense[offset], uniques
    _check_one_label_type(col, f"firms column {col.name!r}")
    codes, uniques = pd.factorize(col, sort=True, use_na_sentinel=True)
    return codes, pd.Index(uniques)


_MAX_RADIX = 2**62  # combined group codes stay below this (int64 holds 2**63 - 1)


def _factorize_groups(firms: pd.DataFrame, by: list[str]) -> tuple[np.ndarray, pd.Index]:
    """Integer group codes (0..G-1, in sorted key order) and the matching index."""
    codes = np.zeros(len(firms), dtype=np.int64)
    uniques, columns = [], []
    radix = 1
    compressed = False
    for col in by:
        c, u = _factorize_column(firms[col])
        if (c < 0).any():
            pos = int(np.flatnonzero(c < 0)[0])
            raise ValueError(f"firms row {firms.index[pos]!r}, column {col!r} is missing")
        uniques.append(u)
        columns.append(c)
        if radix * len(u) >= _MAX_RADIX:  # the combined code would overflow int64:
            # renumber the combinations seen so far (in sorted order) before going on
            _, codes = np.unique(codes, return_inverse=True)
            radix = int(codes.max()) + 1
            compressed = True
        codes = codes * len(u) + c
        radix *= len(u)
    if compressed:  # keys can no longer be decoded digit by digit: use each group's first row
        keys, codes = np.unique(codes, return_inverse=True)
        first = np.full(len(keys), len(codes), dtype=np.int64)
        np.minimum.at(first, codes, np.arange(len(codes)))
        parts = [u.take(c[first]) for u, c in zip(uniques, columns, strict=True)]
        if len(by) == 1:
            return codes, pd.Index(parts[0], name=by[0])
        return codes, pd.MultiIndex.from_arrays(parts, names=by)
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


def _group_order(codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Return a permutation that makes each group's rows contiguous, groups in code order.

    A least-significant-digit radix sort: one stable sort of 16-bit digits per 16 bits of
    the largest code (numpy sorts 16-bit keys stably by counting).
    """
    order = np.argsort((codes & 0xFFFF).astype(np.uint16), kind="stable")
    shift = 16
    while n_groups > 1 << shift:
        digit = ((codes[order] >> shift) & 0xFFFF).astype(np.uint16)
        order = order[np.argsort(digit, kind="stable")]
        shift += 16
    return order


_SAFE_HIGH, _SAFE_LOW = 1e150, 1e-150  # values whose squares (and their sums) fit float64

# k above which the largest values are found by sorting rather than by repeated maxima
_MAX_K_BY_MAXIMA = 8


def _top_k_by_maxima(
    codes: np.ndarray, v: np.ndarray, n_rows: np.ndarray, totals: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Sum of each group's ``k`` largest values, and its ``k``-th largest value.

    ``n_rows`` and ``totals`` are each group's row count and sum of ``v``. Groups with at
    most ``k`` rows sum all their rows and have no ``k``-th largest value (-1 is returned
    for them). The rows of the other groups are made contiguous by group; then, ``k`` times
    at most, each group's largest remaining value is found with ``np.maximum.reduceat``,
    counted with its ties, taken as often as the group still needs values, and removed.
    """
    n_groups = n_rows.size
    top = totals.copy()
    kth = np.full(n_groups, -1.0)
    big = n_rows > k
    if not big.any():
        return top, kth
    groups = np.flatnonzero(big)
    relabel = np.cumsum(big) - 1  # big groups' codes as 0..len(groups)-1
    rows = np.flatnonzero(big[codes])
    big_codes = relabel[codes[rows]]
    x = v[rows[_group_order(big_codes, groups.size)]]
    sizes = n_rows[groups]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    segment = np.repeat(np.arange(groups.size), sizes)
    remaining = np.full(groups.size, k)
    total = np.zeros(groups.size)
    for _ in range(k):
        largest = np.maximum.reduceat(x, starts)
        is_largest = x == largest[segment]
        ties = np.add.reduceat(is_largest, starts, dtype=np.int64)
        take = np.minimum(ties, remaining)
        total += take * np.where(take > 0, largest, 0.0)
        done = (remaining > 0) & (take == remaining)
        kth[groups[done]] = largest[done]
        remaining -= take
        if not remaining.any():
            break
        x[is_largest] = -np.inf
    top[groups] = total
    return top, kth


def _top_k_by_sorting(codes: np.ndarray, v: np.ndarray, n_groups: int, k: int) -> np.ndarray:
    """Sum of each group's ``k`` largest values, by sorting rows by (group, value)."""
    order = np.lexsort((-v, codes))
    sorted_codes = codes[order]
    counts = np.bincount(sorted_codes, minlength=n_groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    in_top = np.arange(len(v)) - starts[sorted_codes] < k
    return np.bincount(sorted_codes[in_top], weights=v[order][in_top], minlength=n_groups)


def _top_k_sums(
    codes: np.ndarray, v: np.ndarray, n_firms: np.ndarray, totals: np.ndarray, k: int
) -> np.ndarray:
    """Sum of the ``k`` largest values of each group, exactly, without a loop over groups.

    Large groups are screened first: the ``k``-th largest value of each group within a
    1-in-8 sample is a lower bound of the group's ``k``-th largest value, so only rows at or
    above their group's bound can be in its top ``k`` (a few per cent of the rows). The
    survivors go to :func:`_top_k_by_maxima` (or, for ``k`` above 8, to a sort).
    """
    n_groups = n_firms.size
    stride = 8
    if k > _MAX_K_BY_MAXIMA:
        return _top_k_by_sorting(codes, v, n_groups, k)
    # screening pays off when groups are large enough to hold k rows in the sample
    if len(v) >= 50_000 and len(v) >= 4 * stride * k * n_groups:
        sample_codes, sample_v = codes[::stride], v[::stride]
        _, bound = _top_k_by_maxima(
            sample_codes,
            sample_v,
            np.bincount(sample_codes, minlength=n_groups),
            np.bincount(sample_codes, weights=sample_v, minlength=n_groups),
            k,
        )
        keep = v >= bound[codes]  # a bound of -1 keeps every row of its group
        codes, v = codes[keep], v[keep]
        n_firms = np.bincount(codes, minlength=n_groups)
        totals = np.bincount(codes, weights=v, minlength=n_groups)
    return _top_k_by_maxima(codes, v, n_firms, totals, k)[0]


def firm_concentration(
    firms: pd.DataFrame, by: str | Sequence[str], value: str, k: int = 4
) -> pd.DataFrame:
    r"""HHI and CRk of firms within each group (e.g. industry x year) of a firm table.

    .. math:: HHI_g = \sum_{f \in g} s_f^2, \qquad CR_k(g) = \sum_{j=1}^{k} s_{(j)},
              \qquad s_f = v_f / \sum_{f' \in g} v_{f'}

    Each row is one firm (aggregate duplicated firm rows first if they occur). Computed
    without a Python loop over groups: keys are factorised to integer codes, sums come from
    ``np.bincount``, and the top ``k`` of each group from repeated group maxima over rows made
    contiguous by group, after screening out rows below a sampled lower bound of each group's
    k-th largest value (exact, ties included; see ``_top_k_sums``). ``hhi``/``cr{k}`` equal
    :func:`hhi` and :func:`concentration_ratio` applied to each group's values.

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
    # squares of values beyond about 1e154 overflow and below 1e-154 underflow: then
    # compute shares from values scaled by a power of two per group (exact, so the
    # same shares), which keeps every square in range
    s, s_total = v, total
    positive_min = np.min(v, where=v > 0, initial=np.inf)
    if total.max() > _SAFE_HIGH or positive_min < _SAFE_LOW:
        peak = np.zeros(n_groups)
        np.maximum.at(peak, codes, v)
        _, exponent = np.frexp(peak)
        s = np.ldexp(v, -exponent[codes])
        s_total = np.bincount(codes, weights=s, minlength=n_groups)
    sum_sq = np.bincount(codes, weights=s * s, minlength=n_groups)

    top_sum = _top_k_sums(codes, s, n_firms, s_total, k)

    out = pd.DataFrame(
        {
            "hhi": sum_sq / (s_total * s_total),
            f"cr{k}": top_sum / s_total,
            "n_firms": n_firms,
            "total": total,
        },
        index=index,
    )
    return _guard("firm_concentration", out, f"column 'total': a group's sum of {value!r} "
                  "exceeds 1.8e308")
