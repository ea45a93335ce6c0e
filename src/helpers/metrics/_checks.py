"""Shared input checks for :mod:`helpers.metrics` (private)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

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


