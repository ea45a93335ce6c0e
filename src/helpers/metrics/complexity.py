r"""Economic complexity: ECI, PCI, complexity outlook (COI) and outlook gain (COG).

The definitions follow the Growth Lab's Python package ``ecomplexity`` (version 0.5.3,
itself a port of its Stata ``ecomplexity``), step for step, so that the numbers agree with
it to rounding error (the tests check this against the package). Its conventions:

1. **Presence.** :math:`M_{ri} = 1` where the location quotient (RCA) of region ``r`` in
   industry ``i`` is at least ``threshold`` (ecomplexity's ``rca_mcp_threshold``, default
   1), or, with ``population``, where the amount per head is (``presence_test="rpop"``).
   Diversity :math:`d_r = \sum_i M_{ri}`, ubiquity :math:`u_i = \sum_r M_{ri}`.
2. **Eigenvector.** :math:`\tilde M_{ii'} = \sum_r M_{ri} M_{ri'} / (d_r u_i)` is a
   row-stochastic industry x industry matrix; its largest eigenvalue is 1 with a constant
   eigenvector, which carries no information. The raw PCI :math:`k_i` is the eigenvector
   of the **second-largest** eigenvalue, and the raw ECI is the mean raw PCI of the
   industries a region is present in, :math:`k_r = \sum_i M_{ri} k_i / d_r` (an
   eigenvector of the region x region matrix for the same eigenvalue).
3. **Sign.** An eigenvector's sign is arbitrary; it is chosen so that ECI correlates
   positively with diversity.
4. **Standardisation.** With :math:`\mu, \sigma` the mean and the population standard
   deviation (``ddof=0``) of the raw ECI across regions,
   :math:`ECI_r = (k_r - \mu)/\sigma` and :math:`PCI_i = (k_i - \mu)/\sigma`. PCI uses
   ECI's mean and deviation so that a region's ECI stays the mean PCI of its industries.
   These values do not depend on the eigenvector's length.
5. **Outlook.** With the proximity :math:`\phi` of :func:`relatedness` (diagonal 1) and the
   density :math:`\omega_{ri} = \sum_j M_{rj}\phi_{ij} / \sum_j \phi_{ij}` (0-1 scale),
   :math:`COI_r = \sum_i \omega_{ri} (1 - M_{ri}) k_i`, standardised to mean 0 and
   deviation 1 across regions; and
   :math:`COG_{ri} = (1 - M_{ri}) \sum_j (1 - M_{rj}) \phi_{ji} k_j / (\sigma
   \sum_l \phi_{jl})`. Both use the *raw* PCI :math:`k`, scaled by :math:`\sigma` for COG,
   as ecomplexity does.

Where this module departs from ecomplexity: it raises ``ValueError`` (naming the regions
or industries) where ecomplexity warns and returns NaN: a region or industry with no
presence, a second eigenvalue that is not separate from its neighbours (the ranking is
then not unique), or regions that all have the same diversity (the sign is undefined).
Only ecomplexity's default proximity (discrete, symmetric) enters COI and COG.

``method="reflections"`` computes the same eigenvector by the method of reflections of
Hidalgo & Hausmann (2009): start from diversity, average over industries and back over
regions (:math:`k_r \leftarrow \sum_i M_{ri} k_i / d_r` with
:math:`k_i \leftarrow \sum_r M_{ri} k_r / u_i`) and, after each round trip, subtract the
diversity-weighted mean and rescale. Without that re-centring the iterates shrink to a
constant (the first eigenvector); with it the iteration is the power method for the
second eigenvector, and it converges at the rate of the ratio of the third to the second
eigenvalue.

References
----------
Hidalgo & Hausmann (2009); Hausmann, Hidalgo et al. (2013) *The Atlas of Economic
Complexity*; Growth Lab ``ecomplexity`` (Python 0.5.3). EconGeo's ``kci``/``tci`` take the
same eigenvector but scale it to sum to 1 (not standardised) and fix its sign with
``morc`` (its method of reflections, 20 steps).

"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from helpers.metrics._checks import _fmt, _guard
from helpers.metrics.relatedness import _density_values, _proximity_values
from helpers.metrics.specialisation import location_quotient, rpop

Method = Literal["eigen", "reflections"]
_GAP = 1e-9  # eigenvalues closer than this (relative to 1) count as equal
_MAX_ITER = 10_000
_TOL = 1e-12


@dataclass(frozen=True)
class _Raw:
    """Presence matrix and raw (sign-fixed, unstandardised) ECI and PCI of one table."""

    m: np.ndarray
    kc: np.ndarray
    kp: np.ndarray
    regions: pd.Index
    industries: pd.Index


def _presence(x: pd.DataFrame, threshold: float, population: pd.Series | None) -> np.ndarray:
    """Binary presence from RCA (or RPOP with ``population``), checked for empty lines."""
    if not isinstance(x, pd.DataFrame):
        raise TypeError(
            f"x must be a pandas DataFrame (regions x industries), got {type(x).__name__}"
        )
    if population is None:
        m = location_quotient(x, binary=True, threshold=threshold)
    else:
        m = rpop(x, population, binary=True, threshold=threshold)
    values = m.to_numpy(dtype=float)
    ratio = "RCA" if population is None else "RPOP"
    for axis, labels, what in (
        (1, x.index, "regions specialised in no industry"),
        (0, x.columns, "industries in which no region is specialised"),
    ):
        empty = np.nonzero(values.sum(axis=axis) == 0)[0]
        if empty.size:
            raise ValueError(
                f"x has {what} ({ratio} >= threshold {threshold:g}), so complexity is "
                f"undefined: {_fmt(labels[empty])}; lower the threshold or drop them"
            )
    if values.shape[0] < 2 or values.shape[1] < 2:
        raise ValueError(
            f"x needs at least two regions and two industries, got {values.shape[0]} x "
            f"{values.shape[1]}"
        )
    return values


def _second_eigenvector(m: np.ndarray, d: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Raw PCI: eigenvector of the second-largest eigenvalue of the industry matrix.

    Works on the symmetric matrix ``B.T @ B`` (or ``B @ B.T``, whichever is smaller), with
    ``B = D_r^-1/2 M D_i^-1/2``, which has the same eigenvalues as ecomplexity's matrix.
    Only the eigenvalues are computed in full; the one eigenvector needed comes from
    inverse iteration, shifted just above the second eigenvalue.
    """
    b = m / np.sqrt(d)[:, None] / np.sqrt(u)[None, :]
    industries_side = m.shape[1] <= m.shape[0]
    s = b.T @ b if industries_side else b @ b.T
    vals = np.linalg.eigvalsh(s)
    if vals[-1] - vals[-2] < _GAP:
        raise ValueError(
            "x splits into groups of regions and industries that share no presence; ECI is "
            "undefined across groups: compute it within each group"
        )
    gap = vals[-1] - vals[-2]
    if vals.size > 2:
        if vals[-2] - vals[-3] < _GAP:
            raise ValueError(
                "the second-largest eigenvalue of x's presence matrix is repeated, so the ECI "
                "ranking is not unique"
            )
        gap = min(gap, vals[-2] - vals[-3])
    v = _inverse_iteration(s, vals[-2] + 1e-8 * gap)
    if industries_side:
        return v / np.sqrt(u)
    return (m.T @ (v / np.sqrt(d))) / u


def _inverse_iteration(s: np.ndarray, shift: float, steps: int = 2) -> np.ndarray:
    """Return the unit eigenvector of symmetric ``s`` for the eigenvalue nearest ``shift``.

    With the shift within 1e-8 of the eigenvalue's gap, each step shrinks the other
    components by a factor of about 1e-8, so two steps reach machine precision.
    """
    shifted = s - shift * np.eye(len(s))
    # a fixed pseudo-random start: a regular start such as 1..2 can be exactly orthogonal to
    # the eigenvector when the presence matrix has a symmetry (regression: a 7 x 4 table whose
    # ECI then depended on the order of its rows)
    v = np.random.default_rng(0).uniform(1.0, 2.0, len(s))
    for _ in range(steps):
        v = np.linalg.solve(shifted, v / np.linalg.norm(v))
    v /= np.linalg.norm(v)
    rayleigh = v @ s @ v
    if np.linalg.norm(s @ v - rayleigh * v) > 1e-9 * max(1.0, np.abs(s).max()):
        # not converged (start nearly orthogonal to the eigenvector): take it from a full
        # symmetric eigendecomposition instead
        vals, vecs = np.linalg.eigh(s)
        v = vecs[:, np.argmin(np.abs(vals - shift))]
    return v


def _reflections(m: np.ndarray, d: np.ndarray, u: np.ndarray, max_iter: int) -> np.ndarray:
    """Raw PCI by the method of reflections, re-centred after each round trip."""
    kc = d.astype(float)
    for _ in range(max_iter):
        new = m @ ((m.T @ kc) / u) / d
        new -= (d @ new) / d.sum()
        norm = np.linalg.norm(new)
        if norm == 0:
            break
        new /= norm
        if np.max(np.abs(new - kc)) < _TOL:
            return (m.T @ new) / u
        kc = new
    raise ValueError(
        f"the method of reflections did not converge in max_iter={max_iter} round trips "
        "(the second and third eigenvalues are too close, or the network splits); use "
        "method='eigen'"
    )


def _raw(
    x: pd.DataFrame,
    threshold: float,
    population: pd.Series | None,
    method: Method,
    max_iter: int = _MAX_ITER,
) -> _Raw:
    """Compute presence and the raw, sign-fixed ECI and PCI."""
    if method not in ("eigen", "reflections"):
        raise ValueError(f"method must be 'eigen' or 'reflections', got {method!r}")
    m = _presence(x, threshold, population)
    d, u = m.sum(axis=1), m.sum(axis=0)
    if np.all(d == d[0]):
        raise ValueError(
            "every region of x has the same diversity, so the sign of ECI (positive with "
            "diversity) is undefined"
        )
    if method == "eigen":
        kp = _second_eigenvector(m, d, u)
    else:
        kp = _reflections(m, d, u, max_iter)
    kc = (m @ kp) / d
    corr = np.corrcoef(d, kc)[0, 1]
    if not np.isfinite(corr) or abs(corr) < _GAP:
        raise ValueError("ECI is uncorrelated with diversity, so its sign is undefined")
    sign = np.sign(corr)
    return _Raw(m, sign * kc, sign * kp, x.index, x.columns)


def eci(
    x: pd.DataFrame,
    threshold: float = 1.0,
    method: Method = "eigen",
    population: pd.Series | None = None,
) -> pd.Series:
    r"""Economic complexity index of each region (ecomplexity's ``eci``).

    :math:`ECI_r = (k_r - \mu)/\sigma`: the raw ECI (the mean raw PCI of the industries
    present in ``r``, from the eigenvector of the second-largest eigenvalue) standardised to
    mean 0 and population standard deviation 1, with its sign chosen so that it correlates
    positively with diversity. See the module docstring for every convention.

    Parameters
    ----------
    x : DataFrame
        Non-negative amounts, regions as rows and industries as columns.
    threshold : float, default 1.0
        Presence is RCA (or RPOP) at or above this value.
    method : {"eigen", "reflections"}, default "eigen"
        Solve the eigenproblem directly, or iterate the method of reflections (same
        result to about 1e-10).
    population : Series, optional
        Population by region; if given, presence comes from :func:`rpop` instead of RCA.

    Returns
    -------
    Series
        One value per region, named ``"eci"``.

    Raises
    ------
    ValueError
        Bad amounts (as :func:`location_quotient`), a region or industry with no presence,
        fewer than two of either, or a ranking that is not unique (see the module notes).

    Examples
    --------
    >>> x = pd.DataFrame([[5, 5, 5, 5], [6, 4, 0, 0], [0, 6, 4, 0], [9, 0, 0, 0]],
    ...                  index=list("ABCD"), columns=list("ijkl"), dtype=float)
    >>> location_quotient(x, binary=True).sum(axis=1).tolist()  # diversity
    [2, 2, 2, 1]
    >>> eci(x).round(3).tolist()  # A holds the two rarest industries, k and l
    [1.387, -0.674, 0.47, -1.183]

    """
    raw = _raw(x, threshold, population, method)
    mu, sigma = raw.kc.mean(), raw.kc.std()
    return _guard("eci", pd.Series((raw.kc - mu) / sigma, index=raw.regions, name="eci"))


def pci(
    x: pd.DataFrame,
    threshold: float = 1.0,
    method: Method = "eigen",
    population: pd.Series | None = None,
) -> pd.Series:
    r"""Product (industry) complexity index of each industry (ecomplexity's ``pci``).

    :math:`PCI_i = (k_i - \mu)/\sigma`, standardised with the mean and deviation of the raw
    **ECI**, as ecomplexity does, so that each region's ECI is the mean PCI of the
    industries present in it. Arguments as :func:`eci`.

    Returns
    -------
    Series
        One value per industry, named ``"pci"``.

    Examples
    --------
    >>> x = pd.DataFrame([[5, 5, 5, 5], [6, 4, 0, 0], [0, 6, 4, 0], [9, 0, 0, 0]],
    ...                  index=list("ABCD"), columns=list("ijkl"), dtype=float)
    >>> p = pci(x)
    >>> m = location_quotient(x, binary=True)
    >>> bool(np.allclose((m @ p) / m.sum(axis=1), eci(x)))  # ECI = mean PCI present
    True

    """
    raw = _raw(x, threshold, population, method)
    mu, sigma = raw.kc.mean(), raw.kc.std()
    return _guard("pci", pd.Series((raw.kp - mu) / sigma, index=raw.industries, name="pci"))


def _outlook_parts(raw: _Raw) -> tuple[np.ndarray, np.ndarray]:
    """Proximity (diagonal 1) and density on the 0-1 scale for a presence matrix.

    The same computations as :func:`relatedness` and :func:`relatedness_density`, on the
    already validated arrays.
    """
    phi = _proximity_values(raw.m)
    return phi, _density_values(raw.m, phi) / 100.0


def coi(
    x: pd.DataFrame,
    threshold: float = 1.0,
    method: Method = "eigen",
    population: pd.Series | None = None,
) -> pd.Series:
    r"""Complexity outlook index of each region (ecomplexity's ``coi``).

    .. math:: COI_r = \operatorname{std}\Bigl(\sum_i \omega_{ri} (1 - M_{ri}) k_i\Bigr)

    the density-weighted raw PCI of the industries the region does *not* have, standardised
    to mean 0 and population standard deviation 1 across regions. :math:`\omega` is the
    0-1 density from the proximity of :func:`relatedness` (diagonal kept, as
    ecomplexity). A high COI means many complex industries sit close to what the region
    already does. Arguments as :func:`eci`.

    Returns
    -------
    Series
        One value per region, named ``"coi"``.

    Examples
    --------
    >>> x = pd.DataFrame([[5, 5, 5, 5], [6, 4, 0, 0], [0, 6, 4, 0], [9, 0, 0, 0]],
    ...                  index=list("ABCD"), columns=list("ijkl"), dtype=float)
    >>> coi(x).round(3).tolist()  # B lacks k and l, the most complex, but sits near them
    [-0.865, 1.574, 0.157, -0.865]

    """
    raw = _raw(x, threshold, population, method)
    _, density = _outlook_parts(raw)
    value = (density * (1.0 - raw.m) * raw.kp[None, :]).sum(axis=1)
    sd = value.std()
    if sd == 0:
        raise ValueError("COI is the same for every region of x, so it cannot be standardised")
    return _guard("coi", pd.Series((value - value.mean()) / sd, index=raw.regions, name="coi"))


def cog(
    x: pd.DataFrame,
    threshold: float = 1.0,
    method: Method = "eigen",
    population: pd.Series | None = None,
) -> pd.DataFrame:
    r"""Complexity outlook gain of each region x industry (ecomplexity's ``cog``).

    .. math:: COG_{ri} = (1 - M_{ri}) \sum_j (1 - M_{rj})
              \frac{\phi_{ji}}{\sum_l \phi_{jl}} \frac{k_j}{\sigma}

    how much region ``r``'s outlook would improve by entering ``i``: the raw PCI
    :math:`k_j` of the industries it still lacks, weighted by their proximity to ``i``,
    divided by :math:`\sigma`, the standard deviation of the raw ECI. It is 0 where the
    region is already present (:math:`M_{ri} = 1`). Not standardised, as in ecomplexity.
    Arguments as :func:`eci`.

    Returns
    -------
    DataFrame
        Regions as rows, industries as columns, labelled like ``x``.

    Examples
    --------
    >>> x = pd.DataFrame([[5, 5, 5, 5], [6, 4, 0, 0], [0, 6, 4, 0], [9, 0, 0, 0]],
    ...                  index=list("ABCD"), columns=list("ijkl"), dtype=float)
    >>> g = cog(x)
    >>> g.round(3).loc["B"].tolist()  # 0 where B is present (i, j)
    [0.0, 0.0, 0.968, 1.235]

    """
    raw = _raw(x, threshold, population, method)
    phi, _ = _outlook_parts(raw)
    absent = 1.0 - raw.m
    weights = phi * (raw.kp / phi.sum(axis=1))[:, None]
    gain = absent * (absent @ weights) / raw.kc.std()
    return _guard("cog", pd.DataFrame(gain, index=raw.regions, columns=raw.industries))
