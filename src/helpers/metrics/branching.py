"""The branching test: entries and exits of specialisations, and entry rates by density.

The regional-branching literature (Hidalgo et al. 2007; Neffke, Henning & Boschma 2011;
Boschma 2017) tests whether regions diversify into industries related to what they already
do. Between a start and an end year, each region x industry cell either *enters* (no RCA
presence at the start, presence at the end), *exits* (the reverse), *stays* present or
stays *absent*. The test asks whether entries are more frequent where the relatedness
density at the start was high, and exits more frequent where it was low.

:func:`branching_table` builds the cell-by-cell table from two amount matrices, and
:func:`branching_probability` gives the plain binned estimate: the share of cells at risk
that entered (or exited), by density bin, with the count behind every rate and a Wilson
95% interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from helpers.metrics._checks import _check_binary, _fmt, _guard
from helpers.metrics.relatedness import relatedness, relatedness_density
from helpers.metrics.specialisation import location_quotient

__all__ = [
    "TRANSITIONS",
    "presence_transitions",
    "branching_table",
    "branching_probability",
]

#: The four states of a region x industry cell between two years, in display order.
TRANSITIONS: tuple[str, ...] = ("entry", "exit", "stay", "absent")

_Z95 = 1.959963984540054  # standard normal quantile for a two-sided 95% interval


def _same_labels(a: pd.DataFrame, b: pd.DataFrame, names: tuple[str, str]) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same row and column labels."""
    for axis, la, lb in (("rows (regions)", a.index, b.index),
                         ("columns (industries)", a.columns, b.columns)):
        only_a = [label for label in la if label not in set(lb)]
        only_b = [label for label in lb if label not in set(la)]
        if only_a or only_b:
            parts = []
            if only_a:
                parts.append(f"only in {names[0]}: {_fmt(only_a)}")
            if only_b:
                parts.append(f"only in {names[1]}: {_fmt(only_b)}")
            raise ValueError(
                f"{names[0]} and {names[1]} must have the same {axis}; " + "; ".join(parts)
            )


def presence_transitions(m_start: pd.DataFrame, m_end: pd.DataFrame) -> pd.DataFrame:
    """Classify each region x industry cell as an entry, exit, stay or absent.

    Parameters
    ----------
    m_start, m_end : DataFrame
        Binary (0/1) presence matrices (e.g. ``location_quotient(x, binary=True)``) of the
        start and end year, regions as rows and industries as columns, with the same
        labels (their order may differ; ``m_end`` is aligned to ``m_start``).

    Returns
    -------
    DataFrame
        One row per cell in the order of ``m_start`` (regions outer, industries inner):
        ``region``, ``industry``, ``present_start``, ``present_end`` (int 0/1) and
        ``transition`` (one of :data:`TRANSITIONS`).

    Examples
    --------
    >>> m0 = pd.DataFrame({"i": [1, 0], "j": [0, 0]}, index=["A", "B"])
    >>> m1 = pd.DataFrame({"i": [0, 0], "j": [1, 0]}, index=["A", "B"])
    >>> presence_transitions(m0, m1)["transition"].tolist()
    ['exit', 'entry', 'absent', 'absent']

    """
    for arg, obj in (("m_start", m_start), ("m_end", m_end)):
        if not isinstance(obj, pd.DataFrame):
            raise TypeError(f"{arg} must be a pandas DataFrame, got {type(obj).__name__}")
    _same_labels(m_start, m_end, ("m_start", "m_end"))
    p0 = _check_binary(m_start, "m_start").astype(int)
    p1 = _check_binary(m_end.loc[m_start.index, m_start.columns], "m_end").astype(int)
    state = np.select(
        [(p0 == 0) & (p1 == 1), (p0 == 1) & (p1 == 0), (p0 == 1) & (p1 == 1)],
        ["entry", "exit", "stay"],
        default="absent",
    )
    n_reg, n_ind = p0.shape
    return pd.DataFrame(
        {
            "region": np.repeat(m_start.index.to_numpy(), n_ind),
            "industry": np.tile(m_start.columns.to_numpy(), n_reg),
            "present_start": p0.ravel(),
            "present_end": p1.ravel(),
            "transition": state.ravel(),
        }
    )


def branching_table(
    x_start: pd.DataFrame,
    x_end: pd.DataFrame,
    method: Literal["proximity", "cosine"] = "proximity",
) -> pd.DataFrame:
    r"""Entries and exits of specialisations between two years, with start-year density.

    Presence is RCA presence, :math:`M_{ri} = 1` if :math:`LQ_{ri} \ge 1`
    (:func:`location_quotient` with ``binary=True``) in each year. Relatedness
    (:func:`relatedness`) and relatedness density (:func:`relatedness_density`, 0-100) are
    computed from the *start* year only, so the density that predicts a change is known
    before the change happens.

    Parameters
    ----------
    x_start, x_end : DataFrame
        Non-negative amounts (output, employment), regions as rows and industries as
        columns, with the same labels. Every row and column needs a positive total in both
        years (as :func:`location_quotient` requires).
    method : {"proximity", "cosine"}, default "proximity"
        Relatedness measure, passed to :func:`relatedness` (``"cosine"`` is computed on
        the binary start-year matrix).

    Returns
    -------
    DataFrame
        One row per region x industry: ``region``, ``industry``, ``density`` (start year,
        0-100), ``present_start``, ``present_end`` and ``transition`` (``"entry"``,
        ``"exit"``, ``"stay"`` or ``"absent"``).

    References
    ----------
    Hidalgo et al. (2007); Neffke, Henning & Boschma (2011). EconGeo ``entry_mat`` and
    ``exit_mat`` mark the same entries and exits from two binary matrices.

    Examples
    --------
    >>> x0 = pd.DataFrame({"i": [3.0, 1.0], "j": [1.0, 3.0]}, index=["A", "B"])
    >>> x1 = pd.DataFrame({"i": [1.0, 1.0], "j": [1.0, 1.0]}, index=["A", "B"])
    >>> branching_table(x0, x1)["transition"].tolist()  # every LQ is 1 at the end
    ['stay', 'entry', 'entry', 'stay']

    """
    for arg, obj in (("x_start", x_start), ("x_end", x_end)):
        if not isinstance(obj, pd.DataFrame):
            raise TypeError(f"{arg} must be a pandas DataFrame, got {type(obj).__name__}")
    _same_labels(x_start, x_end, ("x_start", "x_end"))
    m0 = location_quotient(x_start, binary=True)
    m1 = location_quotient(x_end.loc[x_start.index, x_start.columns], binary=True)
    density = relatedness_density(m0, relatedness(m0, method=method))
    table = presence_transitions(m0, m1)
    table.insert(2, "density", density.to_numpy().ravel())
    return _guard("branching_table", table)


def _bin_edges(bins: int | Sequence[float]) -> np.ndarray:
    """Validate ``bins``: a count of equal bins over 0-100, or increasing edges."""
    if isinstance(bins, bool):
        raise ValueError(f"bins must be a positive integer or a list of edges, got {bins!r}")
    if isinstance(bins, int | np.integer):
        if bins < 1:
            raise ValueError(f"bins must be a positive integer, got {bins}")
        return np.linspace(0.0, 100.0, int(bins) + 1)
    try:
        edges = np.asarray(list(bins), dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"bins must be a positive integer or a list of edges, got {bins!r}") \
            from None
    if edges.size < 2 or not np.all(np.isfinite(edges)) or np.any(np.diff(edges) <= 0):
        raise ValueError(f"bin edges must be at least two finite, increasing numbers, "
                         f"got {edges.tolist()}")
    return edges


def _wilson(events: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score 95% interval for ``events`` successes out of ``n`` (NaN where n = 0)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        p = events / n
        z2 = _Z95**2
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = _Z95 * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


# the presence at the start that each transition implies
_START_OF = {"entry": 0, "absent": 0, "exit": 1, "stay": 1}


def _check_present_start(table: pd.DataFrame) -> np.ndarray:
    """Return ``present_start`` as 0/1 integers; raise naming a bad or contradictory row."""
    col = table["present_start"]
    start = None
    pos = 0
    if pd.api.types.is_bool_dtype(col):
        start = col.to_numpy(dtype=int)
    elif pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_complex_dtype(col):
        nums = col.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isin(nums, (0.0, 1.0))
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise ValueError(f"table row {table.index[pos]!r}, column 'present_start': "
                             f"{nums[pos]:g} is not 0 or 1")
        start = nums.astype(int)
    else:
        cells = col.tolist()
        pos = next((i for i, v in enumerate(cells)
                    if isinstance(v, bool) or not isinstance(v, int | np.integer)
                    or v not in (0, 1)), None)
        if pos is None:
            start = np.asarray(cells, dtype=int)
    if start is None:
        raise ValueError(f"table column 'present_start' must hold the numbers 0 and 1 "
                         f"(dtype {col.dtype}); row {table.index[pos]!r} holds "
                         f"{col.iloc[pos]!r}")
    implied = table["transition"].map(_START_OF).to_numpy(dtype=int)
    clash = implied != start
    if clash.any():
        pos = int(np.flatnonzero(clash)[0])
        raise ValueError(
            f"table row {table.index[pos]!r}: transition {table['transition'].iloc[pos]!r} "
            f"contradicts present_start {start[pos]} (that transition starts "
            f"{'present (1)' if implied[pos] else 'absent (0)'})"
            + (f"; {int(clash.sum())} such rows in all" if clash.sum() > 1 else "")
        )
    return start


def branching_probability(
    table: pd.DataFrame,
    bins: int | Sequence[float] = 5,
    kind: Literal["entry", "exit"] = "entry",
) -> pd.DataFrame:
    r"""Probability of entry (or exit) by relatedness-density bin: a plain binned estimate.

    For ``kind="entry"`` the cells *at risk* are those absent at the start; the rate of a
    bin is its entries divided by its cells at risk. For ``kind="exit"`` the cells at risk
    are those present at the start, and the rate is exits over them:

    .. math:: \hat p_b = \frac{\#\{\text{events in bin } b\}}{\#\{\text{cells at risk in bin } b\}}

    Each bin also gets the Wilson score 95% interval, so a rate resting on a handful of
    cells shows as a wide interval. Bins are closed on the left, ``[a, b)``, except the
    last, which also holds its upper edge.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`branching_table` (columns ``density``, ``present_start``,
        ``transition``).
    bins : int or sequence of float, default 5
        Number of equal-width bins over 0-100, or the bin edges (increasing, covering
        every density of the cells at risk).
    kind : {"entry", "exit"}, default "entry"
        Which event to count.

    Returns
    -------
    DataFrame
        One row per bin: ``bin`` (label such as ``"20-40"``), ``lower``, ``upper``,
        ``at_risk`` (int), ``events`` (int), ``probability``, ``ci_low``, ``ci_high``.
        A bin with no cell at risk is kept with ``at_risk`` 0 and NaN rate and interval,
        so that the reader sees it is empty rather than zero.

    Examples
    --------
    >>> t = pd.DataFrame({"density": [10.0, 30.0, 35.0, 90.0],
    ...                   "present_start": [0, 0, 0, 1],
    ...                   "transition": ["absent", "entry", "absent", "stay"]})
    >>> branching_probability(t, bins=[0, 50, 100])[["bin", "at_risk", "events",
    ...                                                "probability"]].to_numpy().tolist()
    [['0-50', 3, 1, 0.3333333333333333], ['50-100', 0, 0, nan]]

    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in ("density", "present_start", "transition") if c not in table.columns]
    if missing:
        raise ValueError(f"table has no column(s) {_fmt(missing)}; use branching_table(...)")
    if kind not in ("entry", "exit"):
        raise ValueError(f"kind must be 'entry' or 'exit', got {kind!r}")
    edges = _bin_edges(bins)
    unknown = sorted(set(table["transition"]) - set(TRANSITIONS), key=repr)
    if unknown:
        raise ValueError(f"table column 'transition' has unknown values {_fmt(unknown)}")
    start = _check_present_start(table)
    at_risk = table[start == (0 if kind == "entry" else 1)]
    dens = pd.to_numeric(at_risk["density"], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(dens) | (dens < edges[0]) | (dens > edges[-1])
    if bad.any():
        row = at_risk.index[int(np.flatnonzero(bad)[0])]
        raise ValueError(
            f"table row {row!r}, column 'density': {at_risk.loc[row, 'density']!r} is missing "
            f"or outside the bins {edges[0]:g}-{edges[-1]:g}"
        )
    pos = np.clip(np.searchsorted(edges, dens, side="right") - 1, 0, edges.size - 2)
    event = (at_risk["transition"] == kind).to_numpy()
    n = np.bincount(pos, minlength=edges.size - 1)
    k = np.bincount(pos, weights=event, minlength=edges.size - 1).round().astype(int)
    low, high = _wilson(k.astype(float), n.astype(float))
    with np.errstate(invalid="ignore", divide="ignore"):
        prob = np.where(n > 0, k / np.maximum(n, 1), np.nan)
    return pd.DataFrame(
        {
            "bin": [f"{a:g}-{b:g}" for a, b in zip(edges[:-1], edges[1:], strict=True)],
            "lower": edges[:-1],
            "upper": edges[1:],
            "at_risk": n.astype(int),
            "events": k,
            "probability": prob,
            "ci_low": low,
            "ci_high": high,
        }
    )
