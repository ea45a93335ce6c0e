"""Input-output relatedness: how strongly two sectors are linked by what they buy and sell.

Pure functions on a flows matrix (supplying sectors as rows, buying sectors as columns) and
the buyers' total input, as in an input-output table. The relatedness density of a portfolio
reuses :func:`helpers.metrics.relatedness_density`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from helpers.metrics._checks import (
    _check_amounts,
    _check_numeric,
    _fmt,
    _groups_series,
    _guard,
)
from helpers.metrics.relatedness import relatedness_density

__all__ = [
    "input_coefficients",
    "io_relatedness",
    "portfolio_density",
    "density_contributions",
    "group_mean",
]

_HOW = ("max", "mean")


def _check_square(flows: pd.DataFrame, arg: str = "flows") -> pd.DataFrame:
    """Return ``flows`` with its columns in the order of its rows, or raise naming the problem."""
    if not isinstance(flows, pd.DataFrame):
        raise TypeError(f"{arg} must be a pandas DataFrame, got {type(flows).__name__}")
    n_rows, n_cols = flows.shape
    if n_rows != n_cols:
        raise ValueError(
            f"{arg} must be square (the same sectors as rows and as columns); "
            f"it has {n_rows} rows and {n_cols} columns"
        )
    for axis, labels in (("rows", flows.index), ("columns", flows.columns)):
        if labels.has_duplicates:
            raise ValueError(f"{arg} has duplicated {axis}: {_fmt(labels[labels.duplicated()])}")
    column_set, row_set = set(flows.columns), set(flows.index)
    only_rows = [x for x in flows.index if x not in column_set]
    only_cols = [x for x in flows.columns if x not in row_set]
    if only_rows or only_cols:
        raise ValueError(
            f"{arg} rows and columns must carry the same sector labels; "
            f"only in rows: {_fmt(only_rows) or 'none'}; only in columns: "
            f"{_fmt(only_cols) or 'none'}"
        )
    return flows.loc[:, list(flows.index)]


def input_coefficients(flows: pd.DataFrame, total_input: pd.Series) -> pd.DataFrame:
    r"""Technical coefficients :math:`a_{ij} = z_{ij} / x_j` of an input-output table.

    :math:`a_{ij}` is the share of sector ``j``'s total input bought from sector ``i``.

    Parameters
    ----------
    flows : DataFrame
        Intermediate flows, non-negative, no missing cell: supplying sectors as rows, buying
        sectors as columns, with the same labels (in any order; columns are aligned to rows).
    total_input : Series
        Total input of each sector (the column total of an input-output table), positive, with
        the same labels as ``flows``.

    Returns
    -------
    DataFrame
        Supplier x buyer, labelled in the order of ``flows``' rows.

    Raises
    ------
    ValueError
        If ``flows`` is not square or its row and column labels differ; if a flow is negative,
        missing or not a number, or larger than its buyer's total input (a coefficient above
        1); if a total is zero, negative or missing, or ``total_input`` does not cover the
        same labels.

    Examples
    --------
    >>> flows = pd.DataFrame([[0, 2], [6, 0]], index=["a", "b"], columns=["a", "b"])
    >>> float(input_coefficients(flows, pd.Series({"a": 10, "b": 20})).loc["b", "a"])  # 6/10
    0.6

    """
    flows = _check_square(flows)
    values = _check_numeric(flows, "flows")
    neg_r, neg_c = np.nonzero(values < 0)
    if neg_r.size:
        r, c = neg_r[0], neg_c[0]
        raise ValueError(
            f"flows row {flows.index[r]!r}, column {flows.columns[c]!r}: {values[r, c]:g} is "
            "negative; intermediate flows cannot be negative"
        )
    if not isinstance(total_input, pd.Series):
        raise TypeError(f"total_input must be a pandas Series, got {type(total_input).__name__}")
    if total_input.index.has_duplicates:
        dup = total_input.index[total_input.index.duplicated()].unique()
        raise ValueError(f"total_input has duplicated labels: {_fmt(dup)}")
    missing = [x for x in flows.index if x not in total_input.index]
    extra = [x for x in total_input.index if x not in set(flows.index)]
    if missing or extra:
        raise ValueError(
            "total_input must have the same labels as flows; "
            f"missing: {_fmt(missing) or 'none'}; not in flows: {_fmt(extra) or 'none'}"
        )
    totals = total_input.reindex(flows.index)
    if not pd.api.types.is_numeric_dtype(totals):
        raise ValueError(f"total_input must be numeric, got dtype {totals.dtype}")
    tv = totals.to_numpy(dtype=float, na_value=np.nan)
    bad = np.nonzero(~(tv > 0) | ~np.isfinite(tv))[0]
    if bad.size:
        shown = ", ".join(f"{flows.index[i]!r}: {tv[i]:g}" for i in bad[:5])
        raise ValueError(
            f"total_input must be positive and finite for every sector (it divides the flows); "
            f"zero, negative or missing at {shown}"
        )
    over_r, over_c = np.nonzero(values > tv[np.newaxis, :])
    if over_r.size:
        r, c = over_r[0], over_c[0]
        raise ValueError(
            f"flows row {flows.index[r]!r}, column {flows.columns[c]!r}: {values[r, c]:g} is "
            f"larger than the total input of {flows.columns[c]!r} ({tv[c]:g}); a sector cannot "
            "buy more from one supplier than its whole input"
            + (f" ({over_r.size} such cells in all)" if over_r.size > 1 else "")
        )
    a = values / tv[np.newaxis, :]
    return _guard("input_coefficients",
                  pd.DataFrame(a, index=flows.index.copy(), columns=flows.index.copy()))


def io_relatedness(
    flows: pd.DataFrame, total_input: pd.Series, how: Literal["max", "mean"] = "max"
) -> pd.DataFrame:
    r"""Input-output relatedness between sectors (symmetric, zero diagonal).

    With :math:`a_{ij} = z_{ij} / x_j` (:func:`input_coefficients`), the share of sector
    ``j``'s total input bought from sector ``i`` (a technical coefficient),

    .. math:: R_{ij} = \max(a_{ij}, a_{ji}) \quad (\text{how="max"}), \qquad
              R_{ij} = (a_{ij} + a_{ji}) / 2 \quad (\text{how="mean"}),

    and :math:`R_{ii} = 0`: a sector is not counted as related to itself. The ``max`` form
    keeps the stronger direction of the link, whichever sector buys; the ``mean`` form
    rewards links that run both ways. Essletzbichler (2015) measures relatedness from
    input-output links in the same spirit (his exact normalisation differs); Neffke, Henning
    and Boschma (2011) and Hidalgo et al. (2007) measure it from co-occurrence instead (see
    :func:`helpers.metrics.relatedness`).

    Parameters
    ----------
    flows : DataFrame
        Intermediate flows, non-negative, no missing cell: supplying sectors as rows, buying
        sectors as columns, with the same labels (in any order; columns are aligned to rows).
    total_input : Series
        Total input of each sector (the column total of an input-output table), positive, with
        the same labels as ``flows``.
    how : {"max", "mean"}, default "max"
        How the two directions of a link are combined.

    Returns
    -------
    DataFrame
        Sector x sector, labelled in the order of ``flows``' rows; symmetric, zero diagonal,
        values in [0, 1] when flows do not exceed total inputs.

    Raises
    ------
    ValueError
        If ``flows`` is not square or its row and column labels differ; if a flow is negative,
        missing or not a number; if a total is zero, negative or missing, or ``total_input``
        does not cover the same labels; if ``how`` is unknown.

    References
    ----------
    Essletzbichler, J. (2015). Relatedness, industrial branching and technological cohesion
    in US metropolitan areas. *Regional Studies* 49(5), 752-766.

    Examples
    --------
    >>> flows = pd.DataFrame([[0, 2], [6, 0]], index=["a", "b"], columns=["a", "b"])
    >>> total = pd.Series({"a": 10, "b": 20})
    >>> float(io_relatedness(flows, total).loc["a", "b"])  # max(2/20, 6/10)
    0.6
    >>> float(io_relatedness(flows, total, how="mean").loc["a", "b"])  # (0.1 + 0.6) / 2
    0.35

    """
    if how not in _HOW:
        raise ValueError(f"how must be 'max' or 'mean', got {how!r}")
    a = input_coefficients(flows, total_input).to_numpy()
    out = np.maximum(a, a.T) if how == "max" else (a + a.T) / 2.0
    np.fill_diagonal(out, 0.0)
    return pd.DataFrame(out, index=flows.index.copy(), columns=flows.index.copy())


def portfolio_density(
    relatedness: pd.DataFrame, portfolio: Iterable[Hashable]
) -> pd.Series:
    r"""Relatedness density of every sector to one portfolio of sectors (0-100).

    A one-region wrapper of :func:`helpers.metrics.relatedness_density`:

    .. math:: D_i = 100 \cdot \frac{\sum_{j \in P} R_{ji}}{\sum_j R_{ji}}

    the share of sector ``i``'s relatedness (summed over all sectors) that falls on the
    portfolio ``P``. With the zero diagonal of :func:`io_relatedness`, a sector in the
    portfolio is not counted towards its own density.

    Parameters
    ----------
    relatedness : DataFrame
        Square, non-negative sector x sector relatedness.
    portfolio : iterable of labels
        Sectors the region has (labels of ``relatedness``); at least one.

    Returns
    -------
    Series
        Density of every sector (labelled like ``relatedness``), named ``"density"``.

    Raises
    ------
    ValueError
        If the portfolio is empty or names a sector that ``relatedness`` lacks.

    Examples
    --------
    >>> r = pd.DataFrame([[0, .5, .1], [.5, 0, .2], [.1, .2, 0]],
    ...                  index=list("abc"), columns=list("abc"))
    >>> portfolio_density(r, ["a"]).round(1).tolist()  # c: 100 * 0.1 / (0.1 + 0.2)
    [0.0, 71.4, 33.3]

    """
    if not isinstance(relatedness, pd.DataFrame):
        raise TypeError(
            f"relatedness must be a pandas DataFrame, got {type(relatedness).__name__}"
        )
    chosen = list(dict.fromkeys(portfolio))
    if not chosen:
        raise ValueError("portfolio must name at least one sector")
    unknown = [p for p in chosen if p not in set(relatedness.columns)]
    if unknown:
        raise ValueError(f"portfolio names sectors not in relatedness: {_fmt(unknown)}")
    m = pd.DataFrame(
        [[1 if c in set(chosen) else 0 for c in relatedness.columns]],
        index=["portfolio"], columns=relatedness.columns,
    )
    return relatedness_density(m, relatedness).loc["portfolio"].rename("density")


def density_contributions(
    relatedness: pd.DataFrame, groups: Mapping[Hashable, Hashable] | pd.Series
) -> tuple[pd.DataFrame, pd.Series]:
    r"""Split each sector's relatedness density into the parts each group of sectors adds.

    For a portfolio made of whole groups :math:`G`, the density of sector ``i`` is
    :math:`100 \sum_{g \in G} C_{gi} / T_i` with :math:`C_{gi} = \sum_{j \in g} R_{ji}` and
    :math:`T_i = \sum_j R_{ji}`; this function returns :math:`C` and :math:`T`, so a chart can
    recompute the density for any choice of groups without a kernel.

    Parameters
    ----------
    relatedness : DataFrame
        Square, non-negative sector x sector relatedness.
    groups : dict or Series
        Sector -> group, for the sectors that may enter a portfolio (others are ignored).

    Returns
    -------
    contributions : DataFrame
        Long form: ``sector``, ``group``, ``contribution`` (:math:`C_{gi}`), for every
        sector of ``relatedness`` and every group.
    totals : Series
        :math:`T_i` by sector, named ``"total"``.

    Raises
    ------
    ValueError
        If ``relatedness`` is not square with the same labels on both axes, holds a missing,
        negative or infinite cell; if ``groups`` names a sector that ``relatedness`` lacks,
        maps a sector twice or to a missing group.

    """
    _check_square(relatedness, "relatedness")
    _check_amounts(relatedness, "relatedness", allow_zero_rows=True)
    mapping = _groups_series(groups, "sectors")
    if mapping.isna().any():
        raise ValueError(f"groups maps these sectors to a missing group: "
                         f"{_fmt(mapping.index[mapping.isna().to_numpy()])}")
    unknown = [s for s in mapping.index if s not in set(relatedness.index)]
    if unknown:
        raise ValueError(f"groups names sectors not in relatedness: {_fmt(unknown)}")
    parts = relatedness.loc[mapping.index].groupby(mapping.to_numpy()).sum()
    contrib = (parts.rename_axis("group").rename_axis("sector", axis=1)
               .stack().rename("contribution").reset_index())
    contrib = contrib[["sector", "group", "contribution"]]
    return _guard("density_contributions", (contrib, relatedness.sum(axis=0).rename("total")))


def group_mean(
    values: pd.Series, mapping: pd.DataFrame, weights: pd.Series | None = None
) -> pd.Series:
    """Average a per-sector value over the sectors each group maps to (optionally weighted).

    Parameters
    ----------
    values : Series
        A value per sector (e.g. :func:`portfolio_density`).
    mapping : DataFrame
        Columns ``code`` (sector) and ``target`` (group); one row per mapping.
    weights : Series, optional
        A positive weight per sector (e.g. gross output); equal weights when omitted.

    Returns
    -------
    Series
        The (weighted) mean by group, named after ``values``.

    Raises
    ------
    ValueError
        If ``mapping`` lacks a column or names a sector missing from ``values`` or ``weights``.

    Examples
    --------
    >>> v = pd.Series({"a": 10.0, "b": 30.0})
    >>> m = pd.DataFrame({"code": ["a", "b", "b"], "target": ["g", "g", "h"]})
    >>> group_mean(v, m, weights=pd.Series({"a": 1.0, "b": 3.0})).tolist()
    [25.0, 30.0]

    """
    if not isinstance(mapping, pd.DataFrame):
        raise ValueError(f"mapping must be a DataFrame with columns 'code' and 'target', "
                         f"got {type(mapping).__name__}")
    for col in ("code", "target"):
        if col not in mapping.columns:
            raise ValueError(f"mapping lacks column {col!r}")
    if mapping["target"].isna().any():
        pos = int(np.flatnonzero(mapping["target"].isna().to_numpy())[0])
        raise ValueError(f"mapping row {mapping.index[pos]!r}, column 'target' is missing")
    checked = {}
    for arg, series in (("values", values), ("weights", weights)):
        if series is None:
            continue
        if not isinstance(series, pd.Series):
            raise ValueError(f"{arg} must be a pandas Series, got {type(series).__name__}")
        if series.index.has_duplicates:
            dup = series.index[series.index.duplicated()].unique()
            raise ValueError(f"{arg} has several entries for sectors {_fmt(dup)}")
        missing = [c for c in mapping["code"] if c not in series.index]
        if missing:
            raise ValueError(f"{arg} has no entry for sectors {_fmt(missing)}")
        used = series.reindex(pd.unique(mapping["code"]))
        if pd.api.types.is_bool_dtype(used) or not pd.api.types.is_numeric_dtype(used) or \
                pd.api.types.is_complex_dtype(used):
            raise ValueError(f"{arg} must be real numbers, got dtype {series.dtype}")
        nums = used.to_numpy(dtype=float, na_value=np.nan)
        for bad, what in ((np.isnan(nums), "is missing (NaN)"), (np.isinf(nums), "is infinite"),
                          ((nums < 0) if arg == "weights" else np.zeros_like(nums, bool),
                           "is negative (weights must be >= 0)")):
            if bad.any():
                pos = int(np.flatnonzero(bad)[0])
                raise ValueError(f"{arg} of sector {used.index[pos]!r}: {nums[pos]:g} {what}")
        checked[arg] = pd.Series(nums, index=used.index)
    w = checked.get("weights", pd.Series(1.0, index=checked["values"].index))
    v = checked["values"]
    if weights is not None:  # scaling the weights by a power of two changes no mean
        w = pd.Series(np.ldexp(w.to_numpy(), -np.frexp(max(float(w.max()), 1e-300))[1]),
                      index=w.index)
    frame = mapping.assign(v=mapping["code"].map(v), w=mapping["code"].map(w))
    weight = frame.groupby("target")["w"].sum()
    zero = weight.index[weight.to_numpy() == 0]
    if len(zero):
        raise ValueError(f"weights sum to 0 over every sector of groups {_fmt(zero)}, whose mean "
                         "is undefined")
    # each group's weighted mean, computed on values scaled by a power of two (exact)
    peak = float(np.abs(v.to_numpy()).max()) if len(v) else 0.0
    exp = np.frexp(peak)[1] if peak > 0 else 0
    out = (np.ldexp(frame["v"], -exp) * frame["w"]).groupby(frame["target"]).sum() / weight
    out = np.ldexp(out, exp)
    return _guard("group_mean", out.rename(values.name))
