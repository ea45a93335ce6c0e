"""Relatedness: co-occurrence, proximity, relatedness density, diversity and ubiquity."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from helpers.metrics._checks import (
    _as_frame,
    _check_amounts,
    _check_binary,
    _fmt,
)
from helpers.metrics.specialisation import location_quotient

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


