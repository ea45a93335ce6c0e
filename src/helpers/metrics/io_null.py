r"""Input-output relatedness, continued: other normalisations, domestic flows and null models.

Pure functions (pandas or NumPy in, pandas out; no files, no charts) for testing a claim
such as "IT was among the sectors least related to the region's portfolio" in a way that
could have failed:

* other normalisations of a flows table: output shares (:func:`output_coefficients`), the
  Leontief total requirements (:func:`leontief_inverse`), and relatedness from any of them
  (:func:`coefficient_relatedness`);
* domestic flows by import proportionality (:func:`import_shares`, :func:`domestic_flows`);
* a table aggregated to groups of sectors (:func:`aggregate_table`);
* candidates-only ranks (:func:`candidate_ranks`);
* null portfolios, exhaustive (:func:`division_portfolios`) or random and seeded
  (:func:`random_portfolios`), and the statistics of every null portfolio at once
  (:func:`null_statistics`), vectorised as one matrix product.

Flows tables have supplying sectors as rows and buying sectors as columns, as in
:func:`helpers.metrics.io_relatedness`.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from helpers.metrics._checks import _fmt

__all__ = [
    "output_coefficients",
    "leontief_inverse",
    "coefficient_relatedness",
    "import_shares",
    "domestic_flows",
    "aggregate_table",
    "candidate_ranks",
    "division_portfolios",
    "random_portfolios",
    "null_statistics",
    "null_share",
]


# --------------------------------------------------------------------------- checks
def _square(table: pd.DataFrame, arg: str, *, allow_negative: bool = False) -> np.ndarray:
    """Check ``table`` is a square, labelled, numeric matrix; return it as a float array."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{arg} must be a pandas DataFrame, got {type(table).__name__}")
    n_rows, n_cols = table.shape
    if n_rows != n_cols:
        raise ValueError(f"{arg} must be square (the same sectors as rows and columns); it has "
                         f"{n_rows} rows and {n_cols} columns")
    if n_rows == 0:
        raise ValueError(f"{arg} is empty")
    if not table.index.equals(table.columns):
        raise ValueError(f"{arg} rows and columns must carry the same labels in the same order")
    if table.index.has_duplicates:
        raise ValueError(f"{arg} has duplicated sectors: "
                         f"{_fmt(table.index[table.index.duplicated()])}")
    bad = [c for c, t in zip(table.columns, table.dtypes, strict=True)
           if not pd.api.types.is_numeric_dtype(t) or pd.api.types.is_bool_dtype(t)]
    if bad:
        raise ValueError(f"{arg} has non-numeric columns: {_fmt(bad)}")
    values = table.to_numpy(dtype=float, na_value=np.nan)
    if not np.isfinite(values).all():
        r, c = (int(v[0]) for v in np.nonzero(~np.isfinite(values)))
        raise ValueError(f"{arg} row {table.index[r]!r}, column {table.columns[c]!r} is "
                         f"{values[r, c]:g} (missing or infinite)")
    if not allow_negative:
        neg_r, neg_c = np.nonzero(values < 0)
        if neg_r.size:
            r, c = neg_r[0], neg_c[0]
            raise ValueError(f"{arg} row {table.index[r]!r}, column {table.columns[c]!r}: "
                             f"{values[r, c]:g} is negative; flows cannot be negative")
    return values


def _aligned(series: pd.Series, labels: pd.Index, arg: str, *, positive: bool) -> np.ndarray:
    """Return ``series`` in the order of ``labels``; raise naming ``arg`` on a gap or bad value."""
    if not isinstance(series, pd.Series):
        raise TypeError(f"{arg} must be a pandas Series, got {type(series).__name__}")
    have = set(series.index.tolist())
    missing = [x for x in labels.tolist() if x not in have]
    if missing:
        raise ValueError(f"{arg} has no value for sectors {_fmt(missing)}")
    values = series.reindex(labels).to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values) | ((values <= 0) if positive else (values < 0))
    if bad.any():
        i = int(np.nonzero(bad)[0][0])
        need = "positive" if positive else "non-negative"
        raise ValueError(f"{arg} must be {need} and finite; sector {labels[i]!r} has "
                         f"{values[i]:g}")
    return values


# --------------------------------------------------------------------------- normalisations
def output_coefficients(flows: pd.DataFrame, gross_output: pd.Series) -> pd.DataFrame:
    r"""Output (allocation) coefficients :math:`b_{ij} = z_{ij} / x_i`.

    :math:`b_{ij}` is the share of sector ``i``'s gross output sold to sector ``j`` as an
    intermediate input: the row counterpart of the technical coefficient
    :math:`a_{ij} = z_{ij} / x_j` (:func:`helpers.metrics.input_coefficients`). Ellison,
    Glaeser and Kerr (2010) measure input-output dependence with both shares.

    Parameters
    ----------
    flows : DataFrame
        Square, non-negative intermediate flows (suppliers as rows, buyers as columns, the
        same labels in the same order).
    gross_output : Series
        Positive gross output of every sector.

    Returns
    -------
    DataFrame
        Supplier x buyer, labelled like ``flows``.

    Raises
    ------
    ValueError
        If ``flows`` is not square, has a negative or missing cell, or ``gross_output`` lacks
        a sector or is not positive.

    Examples
    --------
    >>> z = pd.DataFrame([[0, 2], [6, 0]], index=["a", "b"], columns=["a", "b"])
    >>> float(output_coefficients(z, pd.Series({"a": 10, "b": 20})).loc["b", "a"])  # 6 / 20
    0.3

    """
    z = _square(flows, "flows")
    x = _aligned(gross_output, flows.index, "gross_output", positive=True)
    return pd.DataFrame(z / x[:, np.newaxis], index=flows.index.copy(),
                        columns=flows.index.copy())


def leontief_inverse(coefficients: pd.DataFrame) -> pd.DataFrame:
    r"""Leontief total requirements :math:`L = (I - A)^{-1}`.

    :math:`L_{ij}` is the output of sector ``i`` needed, directly and through every round of
    intermediate purchases, for one unit of final demand for sector ``j``; its off-diagonal
    cells extend the direct coefficients :math:`a_{ij}` to indirect links (Leontief 1936;
    Miller and Blair 2009, ch. 2).

    Parameters
    ----------
    coefficients : DataFrame
        Square, non-negative technical coefficients :math:`A` (e.g.
        :func:`helpers.metrics.input_coefficients`), every column summing to less than 1.

    Returns
    -------
    DataFrame
        :math:`L`, labelled like ``coefficients``.

    Raises
    ------
    ValueError
        If ``coefficients`` is not square, has a negative or missing cell, or a column sums
        to 1 or more (then :math:`I - A` need not be invertible with a non-negative inverse).

    Examples
    --------
    >>> a = pd.DataFrame([[0.0, 0.5], [0.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    >>> float(leontief_inverse(a).loc["a", "b"])  # 0.5 directly, nothing indirect
    0.5

    """
    a = _square(coefficients, "coefficients")
    cols = a.sum(axis=0)
    if (cols >= 1).any():
        j = int(np.nonzero(cols >= 1)[0][0])
        raise ValueError(f"coefficients column {coefficients.columns[j]!r} sums to "
                         f"{cols[j]:g}; technical coefficients must sum to less than 1")
    inv = np.linalg.inv(np.eye(len(a)) - a)
    return pd.DataFrame(inv, index=coefficients.index.copy(),
                        columns=coefficients.columns.copy())


def coefficient_relatedness(
    coefficients: pd.DataFrame, how: Literal["max", "mean"] = "max"
) -> pd.DataFrame:
    r"""Symmetric relatedness from any matrix of coefficients (zero diagonal).

    .. math:: R_{ij} = \max(c_{ij}, c_{ji}) \quad (\text{max}), \qquad
              R_{ij} = (c_{ij} + c_{ji}) / 2 \quad (\text{mean}), \qquad R_{ii} = 0.

    With technical coefficients this is :func:`helpers.metrics.io_relatedness`; with output
    coefficients (:func:`output_coefficients`) the output-share form; with the Leontief
    inverse (:func:`leontief_inverse`) the total-requirements form. The mean form is Fan and
    Lang's (2000) vertical relatedness; the max form follows Ellison, Glaeser and Kerr (2010).

    Parameters
    ----------
    coefficients : DataFrame
        Square, non-negative, labelled alike on both axes.
    how : {"max", "mean"}, default "max"
        How the two directions of a link are combined.

    Returns
    -------
    DataFrame
        Symmetric, zero diagonal, labelled like ``coefficients``.

    Raises
    ------
    ValueError
        If ``coefficients`` is not square or has a negative or missing cell, or ``how`` is
        unknown.

    Examples
    --------
    >>> c = pd.DataFrame([[0.5, 0.1], [0.3, 0.0]], index=["a", "b"], columns=["a", "b"])
    >>> coefficient_relatedness(c).to_numpy().tolist()
    [[0.0, 0.3], [0.3, 0.0]]

    """
    if how not in ("max", "mean"):
        raise ValueError(f"how must be 'max' or 'mean', got {how!r}")
    c = _square(coefficients, "coefficients")
    out = np.maximum(c, c.T) if how == "max" else (c + c.T) / 2.0
    np.fill_diagonal(out, 0.0)
    return pd.DataFrame(out, index=coefficients.index.copy(),
                        columns=coefficients.index.copy())


# --------------------------------------------------------------------------- imports
def import_shares(
    flows: pd.DataFrame, imports: pd.Series, final_use: pd.Series, exports: pd.Series
) -> pd.Series:
    r"""Each product's import share of domestic use, :math:`m_i = M_i / (u_i + f_i - e_i)`.

    :math:`u_i = \sum_j z_{ij}` is intermediate use (the row sum of ``flows``), :math:`f_i`
    total final use (exports included, as in the NBS tables), :math:`e_i` exports and
    :math:`M_i` imports. Under import proportionality every domestic use of product ``i``
    (each buying sector and each final use except exports, which are not supplied from
    imports) takes the same share :math:`m_i` of it from imports. A share above 1 means the
    table records more imports than domestic use (re-exports, as in processing trade): the
    assumption cannot hold there.

    Parameters
    ----------
    flows : DataFrame
        Square, non-negative intermediate flows.
    imports, final_use, exports : Series
        By sector; imports and exports non-negative.

    Returns
    -------
    Series
        :math:`m_i` by sector, named ``"import_share"`` (not capped).

    Raises
    ------
    ValueError
        If a table is malformed, a series lacks a sector, imports or exports are negative,
        or a sector with imports has no positive domestic use.

    Examples
    --------
    >>> z = pd.DataFrame([[1.0, 1.0], [0.0, 2.0]], index=["a", "b"], columns=["a", "b"])
    >>> s = pd.Series
    >>> import_shares(z, s({"a": 2.0, "b": 0.0}), s({"a": 9.0, "b": 1.0}),
    ...               s({"a": 3.0, "b": 0.0})).tolist()  # a: 2 / (2 + 9 - 3)
    [0.25, 0.0]

    """
    z = _square(flows, "flows")
    m = _aligned(imports, flows.index, "imports", positive=False)
    e = _aligned(exports, flows.index, "exports", positive=False)
    if not isinstance(final_use, pd.Series):
        raise TypeError(f"final_use must be a pandas Series, got {type(final_use).__name__}")
    have = set(final_use.index.tolist())
    missing = [x for x in flows.index.tolist() if x not in have]
    if missing:
        raise ValueError(f"final_use has no value for sectors {_fmt(missing)}")
    f = final_use.reindex(flows.index).to_numpy(dtype=float, na_value=np.nan)
    if not np.isfinite(f).all():
        raise ValueError("final_use must be finite for every sector")
    use = z.sum(axis=1) + f - e
    bad = (m > 0) & ~(use > 0)
    if bad.any():
        i = int(np.nonzero(bad)[0][0])
        raise ValueError(f"imports of sector {flows.index[i]!r} are {m[i]:g} but its domestic "
                         f"use (intermediate + final - exports) is {use[i]:g}")
    share = np.divide(m, use, out=np.zeros_like(m), where=m > 0)
    return pd.Series(share, index=flows.index.copy(), name="import_share")


def domestic_flows(
    flows: pd.DataFrame, shares: pd.Series, cap: bool = False
) -> pd.DataFrame:
    r"""Domestic intermediate flows by import proportionality: :math:`(1 - m_i) z_{ij}`.

    Identity: with :math:`z^m_{ij} = m_i z_{ij}` the imported part, :math:`z_{ij} = z^d_{ij} +
    z^m_{ij}`, and over all domestic uses of product ``i`` the imported parts add up to the
    table's imports, :math:`\sum_j z^m_{ij} + m_i (f_i - e_i) = m_i (u_i + f_i - e_i) = M_i`
    (see :func:`import_shares`). Competitive-import tables such as China's record
    :math:`z_{ij}`; this splits out the domestic part.

    Parameters
    ----------
    flows : DataFrame
        Square, non-negative intermediate flows.
    shares : Series
        Import shares :math:`m_i` by supplying sector (:func:`import_shares`), non-negative.
    cap : bool, default False
        A share above 1 (more imports than domestic use) raises unless ``cap`` is True; then
        it counts as 1 (all of that product's intermediate use imported) and the identity
        holds as an inequality for that sector only.

    Returns
    -------
    DataFrame
        Domestic flows, labelled like ``flows``.

    Raises
    ------
    ValueError
        If ``flows`` is malformed, ``shares`` lacks a sector or is negative, or a share is
        above 1 and ``cap`` is False.

    Examples
    --------
    >>> z = pd.DataFrame([[4.0, 8.0], [2.0, 0.0]], index=["a", "b"], columns=["a", "b"])
    >>> domestic_flows(z, pd.Series({"a": 0.25, "b": 0.0})).loc["a"].tolist()
    [3.0, 6.0]

    """
    z = _square(flows, "flows")
    m = _aligned(shares, flows.index, "shares", positive=False)
    if (m > 1).any() and not cap:
        over = [f"{flows.index[i]!r}: {m[i]:.3g}" for i in np.nonzero(m > 1)[0]]
        raise ValueError(f"shares above 1 (imports exceed domestic use) at {', '.join(over[:5])};"
                         " pass cap=True to treat them as 1")
    keep = 1.0 - np.minimum(m, 1.0)
    return pd.DataFrame(z * keep[:, np.newaxis], index=flows.index.copy(),
                        columns=flows.index.copy())


def aggregate_table(
    flows: pd.DataFrame, totals: pd.DataFrame | pd.Series,
    groups: Mapping[Hashable, Hashable] | pd.Series,
) -> tuple[pd.DataFrame, pd.DataFrame | pd.Series]:
    """Merge sectors into groups: flows summed over rows and columns, totals summed.

    Sectors not named in ``groups`` keep their own label. Used to ask whether a result
    depends on one group (IT) being split into many sectors while others are one.

    Parameters
    ----------
    flows : DataFrame
        Square, non-negative intermediate flows.
    totals : DataFrame or Series
        Additive totals by sector (e.g. total input, gross output).
    groups : dict or Series
        Sector -> group label; every key must be a sector of ``flows``.

    Returns
    -------
    flows, totals
        Aggregated, labelled by group (or sector), in order of first appearance.

    Raises
    ------
    ValueError
        If ``groups`` names a sector ``flows`` lacks or ``flows`` is malformed.

    Examples
    --------
    >>> z = pd.DataFrame(np.ones((3, 3)), index=list("abc"), columns=list("abc"))
    >>> f, t = aggregate_table(z, pd.Series(1.0, index=list("abc")), {"a": "g", "b": "g"})
    >>> float(f.loc["g", "g"]), t.tolist()
    (4.0, [2.0, 1.0])

    """
    _square(flows, "flows")
    mapping = pd.Series(groups, dtype=object) if not isinstance(groups, pd.Series) else groups
    known = set(flows.index.tolist())
    unknown = [s for s in mapping.index.tolist() if s not in known]
    if unknown:
        raise ValueError(f"groups names sectors not in flows: {_fmt(unknown)}")
    lookup = dict(zip(mapping.index.tolist(), mapping.tolist(), strict=True))
    label = pd.Series([lookup.get(s, s) for s in flows.index.tolist()], index=flows.index)
    order = list(dict.fromkeys(label))
    out = flows.groupby(label.to_numpy()).sum().T.groupby(label.to_numpy()).sum().T
    out = out.loc[order, order]
    tot = totals.reindex(flows.index).groupby(label.to_numpy()).sum().loc[order]
    return out, tot


# --------------------------------------------------------------------------- ranks and nulls
def _membership(
    portfolios: pd.DataFrame, sectors: pd.Index, arg: str = "portfolios"
) -> np.ndarray:
    if not isinstance(portfolios, pd.DataFrame):
        raise TypeError(f"{arg} must be a DataFrame of booleans (portfolio x sector)")
    known = set(sectors.tolist())
    unknown = [c for c in portfolios.columns.tolist() if c not in known]
    if unknown:
        raise ValueError(f"{arg} names sectors not in relatedness: {_fmt(unknown)}")
    if portfolios.shape[0] == 0:
        raise ValueError(f"{arg} holds no portfolio")
    values = portfolios.reindex(columns=sectors, fill_value=False).to_numpy(dtype=bool)
    empty = ~values.any(axis=1)
    if empty.any():
        raise ValueError(f"{arg} has an empty portfolio: {portfolios.index[empty][0]!r}")
    return values


def _labels(arg: str, values: Iterable[Hashable], sectors: pd.Index) -> list[Hashable]:
    chosen = list(dict.fromkeys(values))
    known = set(sectors.tolist())
    unknown = [s for s in chosen if s not in known]
    if unknown:
        raise ValueError(f"{arg} names sectors not in relatedness: {_fmt(unknown)}")
    return chosen


def candidate_ranks(
    density: pd.Series, portfolio: Iterable[Hashable], candidates: Iterable[Hashable]
) -> pd.Series:
    """Rank the candidates, the sectors a region could enter, by density (1 = most related).

    A candidate's rank is 1 + the number of candidates with a strictly higher density, so
    ties share the best rank; sectors of the portfolio are never ranked, because a region
    cannot branch into what it already has.

    Parameters
    ----------
    density : Series
        Density of every sector (e.g. :func:`helpers.metrics.portfolio_density`).
    portfolio : iterable of labels
        The region's sectors (at least one; labels of ``density``).
    candidates : iterable of labels
        The sectors that could be ranked (e.g. all manufacturing); the portfolio is removed.

    Returns
    -------
    Series
        Integer ranks of the candidates outside the portfolio, named ``"rank"``.

    Raises
    ------
    ValueError
        If the portfolio is empty, names an unknown sector, or leaves no candidate.

    Examples
    --------
    >>> d = pd.Series({"a": 9.0, "b": 5.0, "c": 7.0, "d": 5.0})
    >>> candidate_ranks(d, ["a"], ["a", "b", "c", "d"]).to_dict()
    {'b': 2, 'c': 1, 'd': 2}

    """
    chosen = _labels("portfolio", portfolio, density.index)
    if not chosen:
        raise ValueError("portfolio must name at least one sector")
    pool = _labels("candidates", candidates, density.index)
    taken = set(chosen)
    rest = [c for c in pool if c not in taken]
    if not rest:
        raise ValueError("portfolio holds every candidate sector, so none is left to rank")
    d = density.reindex(rest).to_numpy(dtype=float)
    ranks = 1 + (d[np.newaxis, :] > d[:, np.newaxis]).sum(axis=1)
    return pd.Series(ranks, index=pd.Index(rest, name=density.index.name), name="rank")


def division_portfolios(
    groups: Mapping[Hashable, Hashable] | pd.Series, size: int = 3,
    exclude: Sequence[Hashable] = (),
) -> pd.DataFrame:
    """Every portfolio of ``size`` whole groups (e.g. divisions), as a membership matrix.

    Parameters
    ----------
    groups : dict or Series
        Sector -> group (a sector's division). A Series may list a sector more than once
        (a sector on two divisions); it then joins every portfolio holding either.
    size : int, default 3
        Groups per portfolio.
    exclude : sequence, optional
        Groups that never enter a portfolio (e.g. the IT division).

    Returns
    -------
    DataFrame
        Boolean, one row per combination of groups (labelled ``"17+18+26"``) and one column
        per sector of ``groups``; ``C(g, size)`` rows for ``g`` eligible groups.

    Raises
    ------
    ValueError
        If ``size`` is below 1 or above the number of eligible groups.

    Examples
    --------
    >>> division_portfolios({"s1": "17", "s2": "17", "s3": "18", "s4": "40"}, size=1,
    ...                     exclude=["40"]).astype(int).to_numpy().tolist()
    [[1, 1, 0, 0], [0, 0, 1, 0]]

    """
    mapping = pd.Series(groups, dtype=object) if not isinstance(groups, pd.Series) else groups
    excluded = set(exclude)
    eligible = sorted({g for g in mapping.tolist() if g not in excluded}, key=str)
    if not 1 <= size <= len(eligible):
        raise ValueError(f"size must be between 1 and {len(eligible)} (the eligible groups), "
                         f"got {size}")
    sectors = list(dict.fromkeys(mapping.index.tolist()))
    g_pos = {g: i for i, g in enumerate(eligible)}
    s_pos = {x: i for i, x in enumerate(sectors)}
    onehot = np.zeros((len(eligible), len(sectors)), dtype=bool)  # group x sector
    for sector, group in zip(mapping.index.tolist(), mapping.tolist(), strict=True):
        if group in g_pos:
            onehot[g_pos[group], s_pos[sector]] = True
    combos = list(itertools.combinations(range(len(eligible)), size))
    members = onehot[np.array(combos)].any(axis=1)
    labels = ["+".join(str(eligible[i]) for i in c) for c in combos]
    return pd.DataFrame(members, index=pd.Index(labels, name="portfolio"),
                        columns=pd.Index(sectors, name=mapping.index.name))


def random_portfolios(
    pool: Sequence[Hashable], size: int, n_draws: int = 2000, seed: int = 0
) -> pd.DataFrame:
    """Random portfolios of ``size`` sectors drawn without replacement from ``pool`` (seeded).

    Parameters
    ----------
    pool : sequence of labels
        Sectors that may be drawn (e.g. the non-IT manufacturing sectors).
    size : int
        Sectors per portfolio (match the observed portfolio's size).
    n_draws : int, default 2000
        Number of portfolios.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`: the same seed gives the same draws.

    Returns
    -------
    DataFrame
        Boolean, ``n_draws`` rows x ``len(pool)`` columns.

    Raises
    ------
    ValueError
        If ``size`` is not between 1 and ``len(pool) - 1`` (a portfolio equal to the pool
        leaves nothing to compare) or ``n_draws`` is below 1.

    Examples
    --------
    >>> random_portfolios(["a", "b", "c"], 1, n_draws=4, seed=1).sum(axis=1).tolist()
    [1, 1, 1, 1]

    """
    labels = list(dict.fromkeys(pool))
    if not 1 <= size < len(labels):
        raise ValueError(f"size must be between 1 and {len(labels) - 1} (pool has "
                         f"{len(labels)} sectors), got {size}")
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    rng = np.random.default_rng(seed)
    keys = rng.random((n_draws, len(labels)))
    picked = np.argsort(keys, axis=1)[:, :size]
    members = np.zeros((n_draws, len(labels)), dtype=bool)
    np.put_along_axis(members, picked, True, axis=1)
    return pd.DataFrame(members, index=pd.RangeIndex(n_draws, name="draw"), columns=labels)


def null_statistics(
    relatedness: pd.DataFrame,
    portfolios: pd.DataFrame,
    candidates: Sequence[Hashable],
    targets: Sequence[Hashable],
    weights: pd.Series,
    computers: Hashable | None = None,
    medians: bool = False,
) -> pd.DataFrame:
    r"""How related the target sectors (IT) are to each of many portfolios, all at once.

    For every portfolio ``p`` (a row of ``portfolios``) the density of every sector is
    :math:`D_{pi} = 100 \sum_{j \in p} R_{ji} / \sum_j R_{ji}` (one matrix product for all
    portfolios), and:

    * ``target_density``: the ``weights``-weighted mean density of the target sectors;
    * ``best_rank``: the best target's candidates-only rank (:func:`candidate_ranks`);
    * ``candidates``: how many candidates were ranked (candidates outside ``p``);
    * ``median_density``: the median density of those candidates (with ``medians``);
    * ``computers_rank``: the same rank for one target sector (if ``computers`` is given).

    Parameters
    ----------
    relatedness : DataFrame
        Square, non-negative sector x sector relatedness.
    portfolios : DataFrame
        Boolean membership, portfolio x sector (:func:`division_portfolios`,
        :func:`random_portfolios`); no portfolio may be empty.
    candidates : sequence of labels
        Sectors that could be entered (e.g. manufacturing); each portfolio is removed from it.
    targets : sequence of labels
        The sectors whose relatedness is in question (e.g. IT); they must be candidates and
        must not enter any portfolio.
    weights : Series
        Positive weight of each target (e.g. gross output).
    computers : label, optional
        One target whose own rank is also returned.
    medians : bool, default False
        Also return each portfolio's median candidate density (a loop; for a few portfolios).

    Returns
    -------
    DataFrame
        Indexed like ``portfolios``: ``target_density``, ``best_rank``, ``candidates``,
        (with ``medians``) ``median_density`` and (with ``computers``) ``computers_rank``.

    Raises
    ------
    ValueError
        If a portfolio is empty, holds every candidate or a target, or a label is unknown.

    Examples
    --------
    >>> r = pd.DataFrame([[0, .5, .1, .2], [.5, 0, .2, .1], [.1, .2, 0, .3], [.2, .1, .3, 0]],
    ...                  index=list("abcd"), columns=list("abcd"))
    >>> ports = pd.DataFrame([[True, False, False, False]], columns=list("abcd"))
    >>> null_statistics(r, ports, list("abcd"), ["c"], pd.Series({"c": 1.0}))[
    ...     ["best_rank", "candidates"]].to_numpy().tolist()
    [[3, 3]]

    """
    rv = _square(relatedness, "relatedness")
    sectors = relatedness.index
    member = _membership(portfolios, sectors)
    pool = _labels("candidates", candidates, sectors)
    tgt = _labels("targets", targets, sectors)
    if not tgt:
        raise ValueError("targets must name at least one sector")
    pool_set = set(pool)
    not_cand = [t for t in tgt if t not in pool_set]
    if not_cand:
        raise ValueError(f"targets must be candidates; not in candidates: {_fmt(not_cand)}")
    if computers is not None and computers not in set(tgt):
        raise ValueError(f"computers {computers!r} is not one of the targets")
    w = _aligned(weights, pd.Index(tgt), "weights", positive=True)
    pos = {s: i for i, s in enumerate(sectors.tolist())}
    ti = np.array([pos[t] for t in tgt])
    cand = np.zeros(len(sectors), dtype=bool)
    cand[[pos[c] for c in pool]] = True
    free = cand[np.newaxis, :] & ~member  # portfolio x sector: candidates outside p
    n_free = free.sum(axis=1)
    if (n_free == 0).any():
        p = int(np.nonzero(n_free == 0)[0][0])
        raise ValueError(f"portfolios row {portfolios.index[p]!r} holds every candidate, so "
                         "none is left to rank")
    if member[:, ti].any():
        p = int(np.nonzero(member[:, ti].any(axis=1))[0][0])
        raise ValueError(f"portfolios row {portfolios.index[p]!r} holds a target sector")
    total = rv.sum(axis=0)
    cidx = np.nonzero(cand)[0]  # only candidates are ever compared
    if (total[cidx] <= 0).any():
        i = int(cidx[np.nonzero(total[cidx] <= 0)[0][0]])
        raise ValueError(f"relatedness column {sectors[i]!r} sums to 0; its density is "
                         "undefined")
    density = 100.0 * (member.astype(float) @ rv[:, cidx]) / total[np.newaxis, cidx]
    free_c = free[:, cidx]
    tpos = np.searchsorted(cidx, ti)  # targets are candidates
    dt = density[:, tpos]  # portfolio x target
    higher = (density[:, np.newaxis, :] > dt[:, :, np.newaxis]) & free_c[:, np.newaxis, :]
    ranks = 1 + higher.sum(axis=2)  # portfolio x target
    out = pd.DataFrame({
        "target_density": dt @ w / w.sum(),
        "best_rank": ranks.min(axis=1),
        "candidates": n_free,
    }, index=portfolios.index.copy())
    if medians:
        out["median_density"] = [float(np.median(d[f])) for d, f in zip(density, free_c,
                                                                         strict=True)]
    if computers is not None:
        out["computers_rank"] = ranks[:, tgt.index(computers)]
    return out


def null_share(
    null: pd.Series | np.ndarray, observed: float, side: Literal["le", "ge"],
    rtol: float = 1e-9,
) -> float:
    """Share of null values at least as extreme as the observed one.

    Parameters
    ----------
    null : Series or array
        The statistic for each null portfolio (no missing value).
    observed : float
        The statistic for the observed portfolio.
    side : {"le", "ge"}
        ``"le"``: share with value <= observed (e.g. density: as unrelated or more);
        ``"ge"``: share with value >= observed (e.g. rank share).
    rtol : float, default 1e-9
        Relative tolerance, so that the observed portfolio counts itself when it is in the
        null set despite rounding.

    Returns
    -------
    float
        In [0, 1].

    Raises
    ------
    ValueError
        If ``null`` is empty or has missing values, or ``side`` is unknown.

    Examples
    --------
    >>> null_share(np.array([1.0, 2.0, 3.0, 4.0]), 2.0, "le")
    0.5

    """
    values = np.asarray(null, dtype=float)
    if values.size == 0 or np.isnan(values).any():
        raise ValueError("null must hold at least one value and no NaN")
    tol = rtol * max(abs(observed), 1.0)
    if side == "le":
        return float(np.mean(values <= observed + tol))
    if side == "ge":
        return float(np.mean(values >= observed - tol))
    raise ValueError(f"side must be 'le' or 'ge', got {side!r}")
