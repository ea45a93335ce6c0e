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
    complex_cols = [c for c in x.columns if pd.api.types.is_complex_dtype(x[c])]
    if complex_cols:
        raise ValueError(
            f"{arg} has complex-number columns (their imaginary part would be dropped): "
            f"{_fmt(complex_cols)}"
        )
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
        zero = np.nonzero(values.max(axis=1) == 0)[0]
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


def _pow2_scale(values: np.ndarray, axis: int | None) -> np.ndarray:
    """Scale ``values`` by powers of two so that each row/column (or all) peaks in [0.5, 1).

    Multiplying by a power of two is exact (barring underflow of cells far below the
    peak), so any ratio of sums computed from the scaled values equals the one computed
    from the originals; only the overflow of 1e308-sized sums and the precision lost in
    subnormal numbers go away. All-zero rows/columns are left as they are.
    """
    peak = np.abs(values).max(axis=axis, keepdims=axis is not None)
    _, exponent = np.frexp(np.where(peak > 0, peak, 1.0))
    return np.ldexp(values, -exponent)


def _row_shares(values: np.ndarray) -> np.ndarray:
    """Divide each row by its total (rows scaled first, so 1e308-sized cells do not overflow)."""
    scaled = _pow2_scale(values, axis=1)
    return scaled / scaled.sum(axis=1, keepdims=True)


def _check_flag(value: object, arg: str) -> bool:
    """Validate a yes/no argument: a bool (or numpy bool), nothing that merely looks true."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise ValueError(f"{arg} must be True or False, got {value!r}")


def _nonfinite_count(obj: object) -> int:
    """Count the NaN or infinite numbers in a float, array, Series or DataFrame."""
    if isinstance(obj, pd.DataFrame):
        numeric = obj.select_dtypes(include=[np.floating])
        return int((~np.isfinite(numeric.to_numpy(dtype=float))).sum()) if numeric.size else 0
    if isinstance(obj, pd.Series):
        if not pd.api.types.is_float_dtype(obj.dtype):
            return 0
        return int((~np.isfinite(obj.to_numpy(dtype=float, na_value=np.nan))).sum())
    if isinstance(obj, np.ndarray):
        return int((~np.isfinite(obj)).sum()) if obj.dtype.kind == "f" else 0
    if isinstance(obj, float | np.floating):
        return 0 if np.isfinite(obj) else 1
    return 0


def _guard(function: str, result, cause: str = "an overflow or underflow of float64"):
    """Return ``result``, or raise naming ``function`` if it holds NaN or infinity.

    The shared output guard of :mod:`helpers.metrics`: inputs are checked to be finite
    before any metric runs, so a NaN or infinity in a result can only come from the
    arithmetic (say, a sum beyond 1.8e308); it is refused rather than returned. ``result``
    may be a float, array, Series, DataFrame or a tuple of them.
    """
    parts = result if isinstance(result, tuple) else (result,)
    bad = sum(_nonfinite_count(part) for part in parts)
    if bad:
        raise ValueError(
            f"{function}: the result would hold {bad} NaN or infinite value(s) although the "
            f"input is finite ({cause}); rescale the input (e.g. to thousands or millions)"
        )
    return result


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


def _groups_series(groups: Mapping[Hashable, Hashable] | pd.Series, what: str) -> pd.Series:
    """Return ``groups`` (label -> group) as a Series; raise if a ``what`` is mapped twice."""
    if isinstance(groups, pd.Series):
        mapping = groups
    elif isinstance(groups, Mapping):
        mapping = pd.Series(dict(groups), dtype=object)
    else:
        raise TypeError(f"groups must be a dict or a Series, got {type(groups).__name__}")
    if mapping.index.has_duplicates:
        dup = mapping.index[mapping.index.duplicated()].unique()
        raise ValueError(f"groups maps some {what} more than once: {_fmt(dup)}")
    return mapping


def _group_codes(columns: pd.Index, groups: Mapping[Hashable, Hashable] | pd.Series, arg: str):
    """Map each column to the integer code of its group; raise naming unmapped columns."""
    mapping = _groups_series(groups, "industries")
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
    _check_one_label_type(parents.astype(object), "groups")
    codes, _ = pd.factorize(parents, sort=True)
    return codes




def _check_one_label_type(col: pd.Series, what: str) -> None:
    """Raise naming ``what`` if an object column mixes label types (1 and "1")."""
    if col.dtype != object:
        return
    kind = pd.api.types.infer_dtype(col, skipna=True)
    if kind in ("mixed", "mixed-integer"):  # e.g. str with int; ints with floats sort fine
        kinds = sorted({type(v).__name__ for v in col.dropna().tolist()})
        raise ValueError(
            f"{what} mixes labels of different types ({', '.join(kinds)}), e.g. 1 and '1', "
            "which look alike but are different labels and cannot be sorted together; "
            "convert it to one type first (e.g. .astype(str))"
        )
