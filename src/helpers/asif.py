"""Read an ASIF-shaped firm panel and regenerate the article's Figures 2 and 3 and its HHI series.

The article's Figures 2 and 3 are drawn from the Annual Survey of Industrial Firms (ASIF)
of China's National Bureau of Statistics (§3; the figures' source lines). The survey is
licensed, not public, so the book cannot ship it. This module lets a researcher with a
licensed copy rebuild that evidence with one call each:

* :func:`division_shares`: Figure 2, the output shares of the top six two-digit
  manufacturing divisions of one county, for the years the panel holds;
* :func:`it_subsector_shares`: Figure 3, the output of division 40 split into groups
  404, 405, 406 and the others (``data/it_subsectors.csv``);
* :func:`manufacturing_hhi`: the HHI of §5, over the two-digit divisions, by year.

Standard columns
----------------
A panel has one row per firm and year, with these columns (:data:`STANDARD_COLUMNS`):

``firm_id``
    The firm's identifier (in ASIF, the legal-person code); kept as text.
``year``
    The survey year, a whole number.
``county``
    The county code (in ASIF, the six-digit administrative division code); kept as text.
``industry``
    The 4-digit industry class under GB/T 4754-2002. ASIF waves before 2003 use the 1994
    classification: harmonise those codes to the 2002 standard before reading.
``output``
    Gross industrial output (in ASIF, current prices, thousand yuan); >= 0.

Other column names are mapped with ``columns={"name in file": "standard name"}``;
columns not mapped to a standard name are ignored (their names are kept in
``attrs["ignored_columns"]``).

Validation
----------
Nothing is coerced or dropped silently. :func:`read_asif` and :func:`validate_asif` raise
:class:`AsifDataError` (a ``ValueError``) listing every problem with the file, the CSV
line (header = line 1) or the 1-based data row of a Stata or Parquet file, and the column:
missing columns, empty cells, years that are not whole numbers or fall outside
``year_range``, industry codes that are not 4-digit GB/T 4754-2002 manufacturing classes,
non-numeric or negative output, and duplicated firm-years (both rows are named).
Industry codes are checked down to the division (``data/divisions.csv``; division 38 is
unused in the 2002 standard) and, in division 40, down to the group
(``data/it_subsectors.csv``); the book does not ship the full list of 4-digit classes.

Formats: CSV (``.csv``, UTF-8), Stata (``.dta``, through pandas) and Parquet
(``.parquet``/``.pq``, through pandas with the optional package ``pyarrow``).
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import data, metrics
from helpers.byod import RegionalDataError
from helpers.byod._checked import _no_field_limit
from helpers.byod._parse import _codec, _decode_problem

__all__ = [
    "STANDARD_COLUMNS",
    "ARTICLE_YEARS",
    "AsifDataError",
    "read_asif",
    "validate_asif",
    "division_shares",
    "it_subsector_shares",
    "manufacturing_hhi",
]

#: The standard column names and what each holds.
STANDARD_COLUMNS: dict[str, str] = {
    "firm_id": "firm identifier (ASIF legal-person code), text",
    "year": "survey year, whole number",
    "county": "county code (ASIF six-digit administrative division code), text",
    "industry": "4-digit industry class under GB/T 4754-2002",
    "output": "gross industrial output (ASIF: current prices, thousand yuan), >= 0",
}

#: The article's ASIF window (§3: "during 1998-2009"); the default ``year_range``.
ARTICLE_YEARS: tuple[int, int] = (1998, 2009)

_SUFFIXES = {".csv": "csv", ".dta": "stata", ".parquet": "parquet", ".pq": "parquet"}
_PER_CHECK = 10  # rows named per kind of problem before counting the rest
_LAST = 2**62  # sort key that puts whole-column notes after every row
_EXACT_FLOAT = 2**53  # a float at or above this cannot hold every whole number exactly


class AsifDataError(RegionalDataError):
    """An ASIF-shaped firm panel cannot be read or fails validation.

    The message has one line per problem (at most ten, then a count of the rest), each
    naming the file, the line or row, and the column. ``problems`` holds all of them.
    """


# --------------------------------------------------------------------------- reading


def _bad_widths(path: Path, file: str, codec: str) -> list[str]:
    """Name the CSV lines with the wrong number of cells or an unclosed quote (streaming)."""
    found: list[str] = []
    n_bad = 0
    trailing = True  # every bad line has exactly one extra, empty cell
    with path.open(encoding=codec, newline="") as handle, _no_field_limit():
        reader = csv.reader(handle)
        header = next(reader, [])
        end = reader.line_num
        for row in reader:
            start, end = end + 1, reader.line_num
            if end > start and any("\n" in cell or "\r" in cell for cell in row):
                n_bad += 1
                trailing = False
                if len(found) < _PER_CHECK:
                    found.append(f"line {start}: a quoted cell runs over lines {start}-{end}, "
                                 "holding a line break (an unclosed quote?)")
                continue
            if not row or len(row) == len(header):
                continue
            n_bad += 1
            trailing &= len(row) == len(header) + 1 and row[-1].strip() == ""
            if len(found) < _PER_CHECK:
                found.append(f"line {start}: has {len(row)} cells, the header has "
                             f"{len(header)}")
    if n_bad > len(found):
        found.append(f": ... {n_bad - len(found)} more line(s) with the same problems")
    if found and trailing:
        found.append(": every such line ends with an extra empty cell: a trailing comma? "
                     "Remove it (or add a column name for it to the header), else every "
                     "column would be read one place off")
    return found


def _read_csv(path: Path, file: str, codec: str) -> pd.DataFrame:
    """Read an ASIF CSV as text cells; raise naming the lines a parser would misread."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=codec,
                               skip_blank_lines=False, index_col=False)
    except UnicodeDecodeError as exc:
        raise AsifDataError(file, [_decode_problem(path, codec, exc.reason)]) from None
    except pd.errors.EmptyDataError:
        raise AsifDataError(file, ["line 1: the file is empty (a header row is needed)"]) \
            from None
    except (pd.errors.ParserError, pd.errors.ParserWarning, csv.Error) as exc:
        problems = _bad_widths(path, file, codec)
        raise AsifDataError(file, problems or [f": cannot be read as CSV ({exc})"]) from None


def _read_frame(path: Path, file: str, codec: str = "utf-8-sig") -> tuple[pd.DataFrame, str]:
    """Read ``path`` by its suffix; return the raw frame and the kind of file."""
    kind = _SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise AsifDataError(file, [f": unsupported file type {path.suffix!r}; use one of "
                                   f"{', '.join(sorted(_SUFFIXES))}"])
    if not path.exists():
        raise AsifDataError(str(path), [": file not found"])
    if kind == "csv":
        return _read_csv(path, file, codec), kind
    if kind == "stata":
        return pd.read_stata(path, convert_categoricals=False), kind
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise AsifDataError(file, [": reading Parquet needs the optional package pyarrow "
                                   "(pip install pyarrow==26.0.1), or save the panel as "
                                   "CSV or Stata .dta"]) from None
    return pd.read_parquet(path), kind


def read_asif(
    path: str | Path,
    columns: Mapping[str, str] | None = None,
    *,
    year_range: tuple[int, int] = ARTICLE_YEARS,
    synthetic: bool = False,
    encoding: str = "utf-8",
) -> pd.DataFrame:
    r"""Read and validate an ASIF-shaped firm panel from CSV, Stata ``.dta`` or Parquet.

    Parameters
    ----------
    path : str or Path
        The file; its suffix (``.csv``, ``.dta``, ``.parquet`` or ``.pq``) picks the reader.
    columns : mapping, optional
        ``{"name in the file": "standard name"}`` for columns not already named as in
        :data:`STANDARD_COLUMNS`, e.g. ``{"法人代码": "firm_id", "工业总产值": "output"}``.
    year_range : tuple of two int, default (1998, 2009)
        First and last year accepted (the article's window by default); pass a wider
        range for a copy that holds later waves.
    synthetic : bool, default False
        Mark the result as synthetic (``attrs["synthetic"]``), so that tables and charts
        made from it say so. Use it for the book's synthetic panels only.
    encoding : str, default "utf-8"
        Text encoding of a CSV file (a UTF-8 byte-order mark is dropped); ASIF extracts are
        often GBK: pass ``encoding="gbk"``. A file that does not decode gets an error
        naming the likely encoding.

    Returns
    -------
    DataFrame
        The five standard columns: ``firm_id`` and ``county`` (str), ``year`` and
        ``industry`` (int64), ``output`` (float64), in file order. ``attrs`` holds
        ``file``, ``format``, ``ignored_columns`` and ``synthetic``.

    Raises
    ------
    AsifDataError
        A ``ValueError`` naming the file, the line or row, and the column of every problem
        (see the module docstring).

    Examples
    --------
    >>> import os, tempfile
    >>> f = os.path.join(tempfile.mkdtemp(), "panel.csv")
    >>> _ = open(f, "w").write("id,year,county,industry,output\n1,2001,C1,4041,-5\n")
    >>> try:
    ...     read_asif(f, columns={"id": "firm_id"})
    ... except ValueError as err:
    ...     print(err)
    panel.csv line 2, column 'output': -5 is negative (output must be >= 0)

    """
    path = Path(path)
    codec = _codec(encoding)
    frame, kind = _read_frame(path, path.name, codec)
    panel = validate_asif(frame, columns, year_range=year_range, source=path.name,
                          rows="line" if kind == "csv" else "row")
    panel.attrs.update(file=path.name, format=kind, synthetic=bool(synthetic))
    return panel


# --------------------------------------------------------------------------- validation


class _Problems:
    """Collect problems, naming at most ``_PER_CHECK`` rows per check."""

    def __init__(self, rows: str) -> None:
        self.rows = rows
        self.found: list[tuple[int, str]] = []  # (first row position, text)

    @property
    def items(self) -> list[str]:
        """The problems in row order (whole-column notes last)."""
        return [text for _, text in sorted(self.found, key=lambda item: item[0])]

    def where(self, pos: int) -> str:
        return f"line {pos + 2}" if self.rows == "line" else f"row {pos + 1}"

    def add_rows(self, mask: np.ndarray, column: str, values: pd.Series, what: str) -> None:
        hits = np.flatnonzero(mask)
        for pos in hits[:_PER_CHECK]:
            text = what.format(value=_cell(values.iloc[pos]))
            self.found.append((int(pos), f"{self.where(int(pos))}, column {column!r}: {text}"))
        if hits.size > _PER_CHECK:
            self.found.append((_LAST, f": column {column!r}: {hits.size - _PER_CHECK} more "
                                      "row(s) with the same problem"))


def _cell(value: object) -> str:
    """One cell as stripped text; a whole float (2611.0) loses its '.0'; missing -> ''."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _as_text(values: pd.Series) -> pd.Series:
    """Return a column as stripped text (pandas ``string`` dtype), vectorised if possible."""
    if values.dtype == object:  # may mix types: look at each cell
        return pd.Series([_cell(v) for v in values.tolist()], index=values.index,
                         dtype="string")
    if pd.api.types.is_float_dtype(values):
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        whole = np.isfinite(numbers) & (np.abs(numbers) < _EXACT_FLOAT)  # int64 holds these
        whole[whole] = numbers[whole] % 1 == 0
        out = values.astype("string")
        out[whole] = values[whole].astype(np.int64).astype("string")
        return out.fillna("")
    return values.astype("string").fillna("").str.strip()


def _numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray, pd.Series]:
    """Parse a column as numbers: (floats, NaN if empty or not a number; empty; its text).

    Numeric columns (Stata, Parquet) are used as they are; text columns (CSV) are cast in
    one vectorised step, falling back to a cell-by-cell parse only when a cell is bad.
    """
    if pd.api.types.is_complex_dtype(values):
        text = _as_text(values.astype(str))
        return np.full(len(values), np.nan), (text == "").to_numpy(dtype=bool), text
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        return numbers, np.isnan(numbers), values
    text = _as_text(values)
    empty = (text == "").to_numpy(dtype=bool)
    # Python's float() also reads "1_000" and full-width or Arabic-Indic digits: not here
    lenient = (text.str.contains("_", regex=False) | ~text.str.isascii()).to_numpy(dtype=bool)
    filled = text.mask(empty | lenient)
    try:
        numbers = filled.astype("float64").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        numbers = pd.to_numeric(filled, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return numbers, empty, text


def _lossy_ids(values: pd.Series) -> np.ndarray:
    """Mark float identifiers of 2**53 or more: a float cannot tell such numbers apart."""
    if pd.api.types.is_float_dtype(values):
        numbers = values.to_numpy(dtype=float, na_value=np.nan)
        return np.isfinite(numbers) & (np.abs(numbers) >= _EXACT_FLOAT)
    if values.dtype == object:
        return np.array([isinstance(v, float | np.floating) and np.isfinite(v)
                         and abs(v) >= _EXACT_FLOAT for v in values.tolist()], dtype=bool)
    return np.zeros(len(values), dtype=bool)


def _rename(frame: pd.DataFrame, columns: Mapping[str, str] | None, source: str) -> pd.DataFrame:
    """Apply the column mapping; raise naming unknown targets or absent source columns."""
    mapping = dict(columns or {})
    bad_target = [t for t in mapping.values() if t not in STANDARD_COLUMNS]
    if bad_target:
        raise ValueError(f"columns maps to unknown standard name(s) {bad_target}; the "
                         f"standard names are {list(STANDARD_COLUMNS)}")
    targets = list(mapping.values())
    doubled = sorted({t for t in targets if targets.count(t) > 1})
    if doubled:
        raise ValueError(f"columns maps several file columns to {doubled}")
    absent = [s for s in mapping if s not in frame.columns]
    if absent:
        raise AsifDataError(source, [f": the columns mapping names {absent}, which the file "
                                     f"lacks; it has {list(frame.columns)}"])
    renamed = frame.rename(columns=mapping)
    missing = [c for c in STANDARD_COLUMNS if c not in renamed.columns]
    if missing:
        raise AsifDataError(source, [f": missing column(s) {missing}; the file has "
                                     f"{list(frame.columns)}; map other names with "
                                     f"columns={{'name in file': 'standard name'}}"])
    if renamed.columns.duplicated().any():
        dup = sorted(set(renamed.columns[renamed.columns.duplicated()]))
        raise AsifDataError(source, [f": column name(s) {dup} occur more than once"])
    return renamed


def _valid_industries() -> tuple[set[int], set[int]]:
    """Manufacturing divisions and the groups of division 40 known to the book."""
    divisions = set(data.load("divisions")["code"].astype(int))
    it_groups = set(data.load("it_subsectors")["code"].astype(int))
    return divisions, it_groups


def _check_firm_years(firm: pd.Series, year: np.ndarray, filled: np.ndarray,
                      problems: _Problems) -> None:
    """Add a problem for each firm-year that occurs more than once (naming every row)."""
    firm_code = pd.factorize(firm)[0].astype(np.int64)
    year_code, year_values = pd.factorize(year)
    key = firm_code * (len(year_values) + 1) + year_code
    dup = pd.Series(key).duplicated(keep=False).to_numpy() & filled
    if not dup.any():
        return
    dup_pos = np.flatnonzero(dup)  # positions in the whole panel
    groups = pd.Series(dup_pos).groupby(key[dup_pos], sort=False).agg(list)
    for n_shown, rows in enumerate(groups):
        if n_shown == _PER_CHECK:
            problems.found.append((_LAST, f": {len(groups) - _PER_CHECK} more duplicated "
                                          "firm-years"))
            break
        where = " and ".join(problems.where(int(p)) for p in rows)
        problems.found.append((int(rows[0]), f"{where}, columns 'firm_id', 'year': firm "
                                             f"{firm.iloc[rows[0]]!r} appears more than once "
                                             f"in {_cell(year[rows[0]])}"))


def validate_asif(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    year_range: tuple[int, int] = ARTICLE_YEARS,
    source: str = "panel",
    rows: str = "row",
) -> pd.DataFrame:
    """Validate an ASIF-shaped firm panel held in a DataFrame; return it typed.

    :func:`read_asif` calls this after reading a file; call it directly on a frame you
    have built or filtered yourself (say, manufacturing rows of one province).

    Parameters
    ----------
    frame : DataFrame
        The raw panel (any dtypes; text cells are parsed here).
    columns : mapping, optional
        ``{"name in frame": "standard name"}``, as in :func:`read_asif`.
    year_range : tuple of two int, default (1998, 2009)
        First and last year accepted.
    source : str, default "panel"
        Name used in error messages (the file name when called by :func:`read_asif`).
    rows : {"row", "line"}, default "row"
        Name problems by 1-based data row, or by CSV line (header = line 1).

    Returns
    -------
    DataFrame
        The standard columns, typed as described in :func:`read_asif`; ``attrs`` holds
        ``ignored_columns`` and ``synthetic`` (copied from ``frame.attrs``, default False).

    Raises
    ------
    AsifDataError
        Listing every problem with its row and column.

    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if (not isinstance(year_range, tuple | list) or len(year_range) != 2
            or not all(isinstance(y, int | np.integer) and not isinstance(y, bool)
                       for y in year_range)
            or not year_range[0] <= year_range[1]):
        raise ValueError(f"year_range must be two whole numbers (first, last) with first <= "
                         f"last, e.g. (1998, 2009); got {year_range!r}")
    if columns is not None and not isinstance(columns, Mapping):
        raise ValueError(f"columns must be a mapping {{'name in file': 'standard name'}}, "
                         f"e.g. {{'id': 'firm_id'}}; got {type(columns).__name__} {columns!r}")
    renamed = _rename(frame, columns, source)
    if len(renamed) == 0:
        raise AsifDataError(source, [": there are no data rows"])
    problems = _Problems(rows)
    firm = _as_text(renamed["firm_id"])
    county = _as_text(renamed["county"])
    year_num, year_empty, year_shown = _numbers(renamed["year"])
    code_num, code_empty, code_shown = _numbers(renamed["industry"])
    out_num, out_empty, out_shown = _numbers(renamed["output"])
    empty = {"firm_id": (firm == "").to_numpy(dtype=bool), "year": year_empty,
             "county": (county == "").to_numpy(dtype=bool), "industry": code_empty,
             "output": out_empty}
    shown = {"firm_id": firm, "year": year_shown, "county": county, "industry": code_shown,
             "output": out_shown}
    for col in STANDARD_COLUMNS:
        problems.add_rows(empty[col], col, shown[col], "is empty")
    for col in ("firm_id", "county"):
        problems.add_rows(_lossy_ids(renamed[col]), col, renamed[col].astype(str),
                          "{value} is a floating-point number of 2**53 or more, which cannot "
                          "hold every code exactly (distinct codes could merge into one): store "
                          f"{col} as text or int64")

    whole = np.isfinite(year_num)
    whole[whole] = year_num[whole] % 1 == 0
    problems.add_rows(~year_empty & ~whole, "year", year_shown, "{value!r} is not a whole year")
    first, last = year_range
    outside = whole & ((year_num < first) | (year_num > last))
    problems.add_rows(outside, "year", year_shown,
                      f"{{value}} is outside {first}-{last} (pass year_range=(first, last) "
                      "to accept other years)")

    divisions, it_groups = _valid_industries()
    shape = np.isfinite(code_num) & (code_num >= 1000) & (code_num <= 9999)
    shape[shape] = code_num[shape] % 1 == 0
    if code_shown.dtype == "string":  # text codes must be exactly four digits
        shape &= ((code_shown.str.len() == 4) & code_shown.str.isdigit()
                  & code_shown.str.isascii()).to_numpy(dtype=bool)
    code = np.where(shape, code_num, 0).astype(np.int64)
    known = np.isin(code // 100, list(divisions)) & (
        (code // 100 != 40) | np.isin(code // 10, list(it_groups)))
    problems.add_rows(~code_empty & ~(shape & known), "industry", code_shown,
                      "{value!r} is not a 4-digit GB/T 4754-2002 manufacturing class "
                      "(division 13-43, data/divisions.csv)")

    finite = np.isfinite(out_num)
    problems.add_rows(~out_empty & ~finite, "output", out_shown,
                      "{value!r} is not a number (plain ASCII digits, please: no thousands "
                      "separators, units, '_', full-width or other scripts' digits)")
    problems.add_rows(finite & (out_num < 0), "output", out_shown,
                      "{value} is negative (output must be >= 0)")

    _check_firm_years(firm, year_num, ~empty["firm_id"], problems)
    if problems.items:
        raise AsifDataError(source, problems.items)

    panel = pd.DataFrame({
        "firm_id": firm.astype(str),
        "year": np.where(whole, year_num, 0).astype(np.int64),
        "county": county.astype(str),
        "industry": code,
        "output": out_num,
    })
    panel.attrs.update(
        ignored_columns=[c for c in renamed.columns if c not in STANDARD_COLUMNS],
        synthetic=bool(frame.attrs.get("synthetic", False)),
    )
    return panel


# --------------------------------------------------------------------------- regeneration


def _county_matrix(panel: pd.DataFrame, county: str, level: int) -> pd.DataFrame:
    """Year x code matrix of output summed over firms, codes cut to ``level`` digits."""
    if not isinstance(panel, pd.DataFrame):
        raise TypeError(f"panel must be a pandas DataFrame, got {type(panel).__name__}")
    missing = [c for c in STANDARD_COLUMNS if c not in panel.columns]
    if missing:
        raise ValueError(f"panel lacks column(s) {missing}; read it with read_asif or "
                         "validate_asif first")
    rows = panel[panel["county"] == str(county)]
    if rows.empty:
        held = sorted(panel["county"].unique().tolist())
        raise ValueError(f"county {county!r} is not in the panel; it holds {held[:10]}"
                         + (f" and {len(held) - 10} more" if len(held) > 10 else ""))
    code = rows["industry"].astype(np.int64) // 10 ** (4 - level)
    long = (rows.assign(code=code).groupby(["year", "code"], as_index=False)["output"].sum())
    return metrics.to_matrix(long, region="year", industry="code", value="output")


def _missing_years(years: list[int]) -> list[int]:
    """Years between the first and last held that the panel lacks."""
    return sorted(set(range(min(years), max(years) + 1)) - set(years))


def _check_totals(matrix: pd.DataFrame, county: str, what: str) -> None:
    """Raise naming the years whose total output is zero (no shares exist)."""
    zero = matrix.index[matrix.sum(axis=1) == 0].tolist()
    if zero:
        raise ValueError(f"county {county!r}: total {what} output is 0 in {zero}; "
                         "shares are undefined")


def division_shares(
    panel: pd.DataFrame, county: str, top: int = 6, rank_year: int | None = None,
) -> pd.DataFrame:
    """Figure 2: output shares of the ``top`` two-digit divisions of one county, by year.

    Each year's share is the division's output over the county's manufacturing output in
    the panel (all divisions). The divisions shown are the ``top`` largest in
    ``rank_year`` (default: the last year held), as the article picks the six sectors with
    "output > 3%" in 2009 (Figure 2 note). Only the years the panel holds appear; the
    article's figure lacks 2004 and 2008 (Figure 2 note), and the years missing between
    the first and last are listed in ``attrs["missing_years"]``.

    Parameters
    ----------
    panel : DataFrame
        A validated panel (:func:`read_asif` or :func:`validate_asif`).
    county : str
        The county code.
    top : int, default 6
        How many divisions to keep (>= 1).
    rank_year : int, optional
        The year whose shares rank the divisions (default: the last year held).

    Returns
    -------
    DataFrame
        ``year``, ``division`` (int), ``name`` (``data/divisions.csv``), ``output``,
        ``share`` (0-1) and ``rank`` (1 = largest in ``rank_year``), sorted by rank and
        year; ``attrs``: ``county``, ``rank_year``, ``years``, ``missing_years``,
        ``synthetic``.

    """
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        raise ValueError(f"top must be a positive integer, got {top!r}")
    matrix = _county_matrix(panel, county, level=2)
    _check_totals(matrix, county, "manufacturing")
    years = [int(y) for y in matrix.index]
    rank_year = years[-1] if rank_year is None else rank_year
    if rank_year not in years:
        raise ValueError(f"rank_year {rank_year!r} is not in the panel for county "
                         f"{county!r}; it holds {years}")
    share = metrics.shares(matrix)
    order = share.loc[rank_year].sort_values(ascending=False, kind="stable")
    chosen = [int(c) for c in order.index[:top]]
    names = data.load("divisions").set_index("code")["name_en"]
    table = pd.DataFrame([
        {"year": y, "division": d, "name": names[d], "output": float(matrix.loc[y, d]),
         "share": float(share.loc[y, d]), "rank": r}
        for r, d in enumerate(chosen, start=1) for y in years
    ])
    table.attrs.update(county=str(county), rank_year=rank_year, years=years,
                       missing_years=_missing_years(years),
                       synthetic=bool(panel.attrs.get("synthetic", False)))
    return table


def it_subsector_shares(panel: pd.DataFrame, county: str) -> pd.DataFrame:
    """Figure 3: output of division 40 split into groups 404, 405, 406 and the others.

    The groups come from ``data/it_subsectors.csv`` (``figure3_group``), as in the
    article's Figure 3 note: "Others" holds 401, 402, 403, 407 and 409. Shares are of the
    county's division-40 output in each year. Years with no division-40 output in the
    panel have no shares and are left out, listed in ``attrs["years_without_it"]``.

    Parameters
    ----------
    panel : DataFrame
        A validated panel.
    county : str
        The county code.

    Returns
    -------
    DataFrame
        ``year``, ``group`` (``"404"``, ``"405"``, ``"406"``, ``"Others"``), ``label``,
        ``output`` and ``share`` (0-1), four rows per year; ``attrs``: ``county``,
        ``years``, ``missing_years``, ``years_without_it``, ``synthetic``.

    """
    matrix = _county_matrix(panel, county, level=3)
    sub = data.load("it_subsectors").set_index("code")
    groups = ["404", "405", "406", "Others"]
    labels = {g: (sub.loc[int(g), "article_name"] if g != "Others" else
                  "Others (" + ", ".join(str(c) for c in sub.index
                                         if sub.loc[c, "figure3_group"] == "Others") + ")")
              for g in groups}
    it_cols = [c for c in matrix.columns if int(c) in sub.index]
    by_group = pd.DataFrame(0.0, index=matrix.index, columns=groups)
    for c in it_cols:
        by_group[str(sub.loc[int(c), "figure3_group"])] += matrix[c]
    total = by_group.sum(axis=1)
    all_years = [int(y) for y in matrix.index]
    without = [int(y) for y in total.index[total == 0]]
    if len(without) == len(all_years):
        raise ValueError(f"county {county!r} has no division-40 output in any year")
    kept = by_group[total > 0]
    share = metrics.shares(kept)
    table = pd.DataFrame([
        {"year": int(y), "group": g, "label": labels[g], "output": float(kept.loc[y, g]),
         "share": float(share.loc[y, g])}
        for y in kept.index for g in groups
    ])
    years = [int(y) for y in kept.index]
    table.attrs.update(county=str(county), years=years,
                       missing_years=_missing_years(all_years), years_without_it=without,
                       synthetic=bool(panel.attrs.get("synthetic", False)))
    return table


def manufacturing_hhi(panel: pd.DataFrame, county: str) -> pd.DataFrame:
    r"""Compute the HHI of §5: a county's manufacturing concentration over divisions, by year.

    .. math:: HHI_t = \sum_d s_{dt}^2, \qquad s_{dt} = x_{dt} / \sum_{d'} x_{d't}

    where :math:`x_{dt}` is the output of division ``d`` in year ``t`` summed over the
    county's firms in the panel (:func:`helpers.metrics.hhi`). Divisions without output add
    nothing to the sum, so the HHI over the divisions present equals the HHI over all 30.
    The article computes its HHI from the Kunshan Statistical Yearbook (§5), not from the
    survey, so a value from ASIF, which covers only the firms it surveys, may differ.

    Parameters
    ----------
    panel : DataFrame
        A validated panel.
    county : str
        The county code.

    Returns
    -------
    DataFrame
        ``year``, ``hhi`` (0-1), ``divisions`` (number with output > 0) and ``output``
        (county total); ``attrs``: ``county``, ``missing_years``, ``synthetic``.

    """
    matrix = _county_matrix(panel, county, level=2)
    _check_totals(matrix, county, "manufacturing")
    table = pd.DataFrame({
        "year": [int(y) for y in matrix.index],
        "hhi": metrics.hhi(matrix).to_numpy(),
        "divisions": (matrix > 0).sum(axis=1).to_numpy(),
        "output": matrix.sum(axis=1).to_numpy(),
    })
    table.attrs.update(county=str(county), missing_years=_missing_years(table["year"].tolist()),
                       synthetic=bool(panel.attrs.get("synthetic", False)))
    return table
