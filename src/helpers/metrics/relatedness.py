"""Relatedness: co-occurrence, proximity, relatedness density, diversity and ubiquity."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from helpers.metrics._checks import (
    _as_frame,
    _check_amounts,
    _check_binary,
    _check_flag,
    _fmt,
    _guard,
    _pow2_scale,
)
from helpers.metrics.specialisation import location_quotient

# --------------------------------------------------------------------------- relatedness


def co_occurrence(m: pd.DataFrame) -> pd.DataFrame:
    r"""Count the regions in which each pair of industries co-occurs.

    .. math:: C = M^\top M, \qquad C_{ij} = \sum_r M_{ri} M_{rj}

    Diagonal convention: :math:`C_{ii}` is the ubiquity of industry ``i`` (the number of
    regions where it is present), which :func:`relatedness` needs. EconGeo ``co_occurrence``
    takes industries in rows (``co_occurrence(t(m), diagonal = TRUE)`` matches this) and by
    default sets the diagonal to 0. For that, build a new frame with ``c.mask(np.eye(len(c),
    dtype=bool), 0)`` (last example): writing into ``c.values`` in place fails under pandas
    copy-on-write ("assignment destination is read-only").

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
    >>> c = co_occurrence(m)
    >>> c.to_numpy().tolist()  # i,j together only in A
    [[2, 1], [1, 1]]
    >>> c.mask(np.eye(len(c), dtype=bool), 0).to_numpy().tolist()  # EconGeo's default
    [[0, 1], [1, 0]]

    """
    if not isinstance(m, pd.DataFrame):
        raise TypeError(f"m must be a pandas DataFrame, got {type(m).__name__}")
    values = _check_binary(m, "m")
    c = (values.T @ values).round().astype(int)
    return pd.DataFrame(c, index=m.columns, columns=m.columns)


def relatedness(
    m: pd.DataFrame,
    method: Literal["proximity", "cosine", "conditional", "continuous"] = "proximity",
) -> pd.DataFrame:
    r"""Relatedness between industries from their co-location across regions.

    ``method="proximity"`` (Hidalgo et al. 2007): the smaller of the two conditional
    probabilities of co-occurrence,

    .. math:: \phi_{ij} = \min\{P(i \mid j), P(j \mid i)\}
              = \frac{C_{ij}}{\max(C_{ii}, C_{jj})}

    ``method="cosine"``: cosine similarity of the industry columns of ``m``,

    .. math:: \cos_{ij} = \frac{\sum_r m_{ri} m_{rj}}{\lVert m_{\cdot i} \rVert\,
              \lVert m_{\cdot j} \rVert}

    (for a binary ``m`` this is :math:`C_{ij}/\sqrt{C_{ii} C_{jj}}`).

    ``method="conditional"``: the asymmetric proximity, one conditional probability,

    .. math:: R_{ij} = P(i \mid j) = \frac{C_{ij}}{C_{jj}}

    the share of the regions present in ``j`` that are also present in ``i``. ecomplexity's
    ``asymmetric=True`` proximity lists :math:`P(j \mid i)` for the pair (``i``, ``j``), the
    transpose of this matrix; :func:`relatedness_density` with this matrix equals its
    density (divided by 100).

    ``method="continuous"``: the continuous proximity of ecomplexity
    (``continuous=True``), the Pearson correlation of two industry columns across regions,
    mapped from [-1, 1] to [0, 1]:

    .. math:: R_{ij} = \tfrac{1}{2}\bigl(1 + \operatorname{corr}(m_{\cdot i},
              m_{\cdot j})\bigr)

    ecomplexity computes it on the location quotients, so pass ``location_quotient(x)``
    (not the binary matrix) to match it. EconGeo has no continuous proximity.

    All four give a diagonal of 1, as the formulas do (ecomplexity's diagonal is 1 too).
    EconGeo ``relatedness`` sets the diagonal to 0 whatever the method, and its
    ``method = "cosine"`` is a different measure (a normalisation of the off-diagonal
    co-occurrence matrix); :func:`relatedness_density` has a ``diagonal`` argument for the
    EconGeo convention.

    Parameters
    ----------
    m : DataFrame
        Regions as rows, industries as columns. Binary (0/1) for ``"proximity"`` and
        ``"conditional"``; any non-negative amounts for ``"cosine"`` and ``"continuous"``.
        Every industry must occur somewhere (and, for ``"continuous"``, vary across regions).
    method : {"proximity", "cosine", "conditional", "continuous"}, default "proximity"
        Which of the measures above to compute.

    Returns
    -------
    DataFrame
        Industry x industry matrix with values in [0, 1]; symmetric except for
        ``"conditional"``, whose entry (``i``, ``j``) is :math:`P(i \mid j)`.

    References
    ----------
    Hidalgo et al. (2007); ecomplexity (Growth Lab) ``proximity``; EconGeo ``relatedness``.

    Examples
    --------
    >>> m = pd.DataFrame({"i": [1, 1], "j": [1, 0]}, index=["A", "B"])
    >>> relatedness(m)["j"].tolist()  # phi_ij = C_ij / max(C_ii, C_jj) = 1 / max(2, 1)
    [0.5, 1.0]
    >>> relatedness(m, method="conditional")["j"].tolist()  # P(i | j) = C_ij / C_jj = 1
    [1.0, 1.0]

    """
    if not isinstance(m, pd.DataFrame):
        raise TypeError(f"m must be a pandas DataFrame, got {type(m).__name__}")
    methods = ("proximity", "cosine", "conditional", "continuous")
    if method not in methods:
        raise ValueError(f"unknown method {method!r}: use one of {', '.join(map(repr, methods))}")
    if method in ("proximity", "conditional"):
        values = _check_binary(m, "m")
    else:
        # both measures are unchanged by rescaling a column; scaling each by a power of two
        # (exact) keeps x * 1e300 from overflowing and x * 1e-300 from underflowing
        values = _pow2_scale(_check_amounts(m, "m", allow_zero_rows=True), axis=0)
    if method == "continuous":
        out = _continuous_proximity(values, m)
    else:
        gram = values.T @ values
        diag = np.diag(gram).copy()
        zero = np.nonzero(diag == 0)[0]
        if zero.size:
            raise ValueError(
                f"m has industries present in no region (all-zero columns), whose relatedness "
                f"is undefined: {_fmt(m.columns[zero])}"
            )
        if method == "proximity":
            out = _proximity_values(values, gram)
        elif method == "conditional":
            out = gram / diag[None, :]
        else:
            norm = np.sqrt(diag)
            out = np.clip(gram / np.outer(norm, norm), 0.0, 1.0)
    np.fill_diagonal(out, 1.0)
    return _guard("relatedness", pd.DataFrame(out, index=m.columns, columns=m.columns))


def _proximity_values(m: np.ndarray, gram: np.ndarray | None = None) -> np.ndarray:
    """Proximity ``C_ij / max(C_ii, C_jj)`` with a diagonal of 1, for a checked 0/1 array."""
    gram = m.T @ m if gram is None else gram
    diag = np.diag(gram)
    out = gram / np.maximum.outer(diag, diag)
    np.fill_diagonal(out, 1.0)
    return out


def _density_values(m: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Density ``100 * (M R) / colSums(R)`` for checked arrays."""
    return 100.0 * (m @ r) / r.sum(axis=0)


def _continuous_proximity(values: np.ndarray, m: pd.DataFrame) -> np.ndarray:
    """``(1 + Pearson correlation of the columns) / 2``; raise naming constant columns."""
    if values.shape[0] < 2:
        raise ValueError("method='continuous' needs at least two regions (rows) in m")
    centred = values - values.mean(axis=0)
    norm = np.sqrt((centred**2).sum(axis=0))
    # relative to the column's size (columns are scaled to peak in [0.5, 1)), so a column
    # of tiny amounts that vary is not mistaken for a constant one
    flat = np.nonzero(norm <= 1e-12 * np.abs(values).max(axis=0))[0]
    if flat.size:
        raise ValueError(
            f"m has industries with the same value in every region, whose correlation is "
            f"undefined: {_fmt(m.columns[flat])}"
        )
    corr = (centred.T @ centred) / np.outer(norm, norm)
    return np.clip((1.0 + corr) / 2.0, 0.0, 1.0)


def relatedness_density(
    m: pd.DataFrame,
    r: pd.DataFrame,
    diagonal: Literal["keep", "zero", "one"] = "keep",
) -> pd.DataFrame:
    r"""Relatedness density of each industry in each region (0-100 scale, as EconGeo).

    .. math:: D_{ri} = 100 \cdot \frac{\sum_j M_{rj} R_{ji}}{\sum_j R_{ji}}

    the share of the industries related to ``i`` that region ``r`` already has. Values are
    not rounded (EconGeo rounds to 2 decimals).

    The diagonal of ``R`` decides whether an industry counts towards its own density, and
    the two reference packages differ on it:

    * ``diagonal="keep"`` (default) uses ``R`` as given. With :func:`relatedness` (diagonal
      1) this is ecomplexity's density, which keeps :math:`\phi_{ii} = 1` as in Hidalgo et
      al. (2007): divide by 100 to compare; nothing else is needed for ecomplexity 0.5.3.
    * ``diagonal="zero"`` sets :math:`R_{ii} = 0` first: EconGeo's ``relatedness``
      returns a zero diagonal, so this matches ``relatedness_density(mat,
      relatedness(...))`` in EconGeo (up to its rounding).
    * ``diagonal="one"`` sets :math:`R_{ii} = 1` first, ecomplexity's convention whatever
      the input.

    The default keeps the matrix as given because the proximity formula itself gives
    :math:`\phi_{ii} = 1`, and it is the convention of Hidalgo et al. (2007) and
    ecomplexity. A region that lacks ``i`` scores lower with the diagonal kept: in the
    last example, industry ``k`` scores 50 against 100 with the diagonal zeroed.

    Parameters
    ----------
    m : DataFrame
        Binary (0/1) matrix, regions as rows and industries as columns.
    r : DataFrame
        Non-negative industry x industry relatedness (e.g. :func:`relatedness`) whose
        index and columns cover the columns of ``m``; it is aligned to them.
    diagonal : {"keep", "zero", "one"}, default "keep"
        Use ``r``'s diagonal as given, or set it to 0 (EconGeo) or 1 (ecomplexity).

    Returns
    -------
    DataFrame
        Regions as rows, industries as columns, values in [0, 100] for ``R`` in [0, 1].

    References
    ----------
    EconGeo ``relatedness_density``; ecomplexity ``density``; Hidalgo et al. (2007);
    Boschma, Balland & Kogler (2015).

    Examples
    --------
    >>> m = pd.DataFrame({"i": [1], "j": [0]}, index=["A"])
    >>> r = pd.DataFrame([[1.0, 0.5], [0.5, 1.0]], index=["i", "j"], columns=["i", "j"])
    >>> relatedness_density(m, r).round(2).loc["A"].tolist()  # j: 100 * 0.5 / 1.5
    [66.67, 33.33]
    >>> (relatedness_density(m, r) / 100).round(4).loc["A"].tolist()  # ecomplexity's scale
    [0.6667, 0.3333]

    Three regions, each with two of three industries, all pairs at proximity 0.5:

    >>> m3 = pd.DataFrame({"i": [1, 1, 0], "j": [1, 0, 1], "k": [0, 1, 1]},
    ...                   index=["A", "B", "C"])
    >>> phi = relatedness(m3)
    >>> relatedness_density(m3, phi).loc["A", "k"]  # diagonal kept: 0.5+0.5 over 0.5+0.5+1
    np.float64(50.0)
    >>> relatedness_density(m3, phi, diagonal="zero").loc["A", "k"]  # as EconGeo
    np.float64(100.0)

    """
    for arg, obj in (("m", m), ("r", r)):
        if not isinstance(obj, pd.DataFrame):
            raise TypeError(f"{arg} must be a pandas DataFrame, got {type(obj).__name__}")
    if diagonal not in ("keep", "zero", "one"):
        raise ValueError(f"diagonal must be 'keep', 'zero' or 'one', got {diagonal!r}")
    mv = _check_binary(m, "m")
    for axis, labels in (("rows", r.index), ("columns", r.columns)):
        missing = [c for c in m.columns if c not in labels]
        if missing:
            raise ValueError(f"r {axis} lack these industries (columns of m): {_fmt(missing)}")
    r_aligned = r.loc[m.columns, m.columns]
    rv = _check_amounts(r_aligned, "r", allow_zero_rows=True).copy()
    if diagonal != "keep":
        np.fill_diagonal(rv, 0.0 if diagonal == "zero" else 1.0)
    rv = _pow2_scale(rv, axis=0)  # density is unchanged by rescaling a column of r (exact)
    zero = np.nonzero(rv.sum(axis=0) == 0)[0]
    if zero.size:
        raise ValueError(
            f"r has all-zero columns (industries related to nothing, density undefined): "
            f"{_fmt(m.columns[zero])}"
            + (" once its diagonal is set to 0" if diagonal == "zero" else "")
        )
    return _guard("relatedness_density",
                  pd.DataFrame(_density_values(mv, rv), index=m.index, columns=m.columns))


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
    if _check_flag(rca, "rca"):
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
    if _check_flag(rca, "rca"):
        values = location_quotient(m, binary=True).to_numpy(dtype=float)
    else:
        values = _check_binary(m, "m")
    return pd.Series(values.sum(axis=0).round().astype(int), index=m.columns, name="ubiquity")


