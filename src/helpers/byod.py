"""Bring your own data: read a regional CSV, validate it, and tabulate the lab's indicators.

:func:`read_regional_csv` accepts two layouts and returns a region x industry matrix that
every function of :mod:`helpers.metrics` takes:

*long*
    one row per region x industry (x year): columns ``region, industry, value`` and
    optionally ``year``. A region x industry pair that does not occur counts as 0.
*wide*
    one row per region (x year): a ``region`` column, optionally a ``year`` column, and one
    column per industry holding the amounts. Every cell must be filled.

Nothing is coerced or dropped silently. Every problem raises :class:`RegionalDataError` (a
``ValueError``) whose message names the file, the CSV line (the header is line 1) and the
column, e.g. ``regions.csv line 7, column 'value': '12,5' is not a number``.

:func:`indicator_table` and :func:`lq_table` turn a matrix into the tidy tables that the
lab's chart builders (:func:`helpers.charts.indicator_bars`, :func:`helpers.charts.rca_heatmap`)
take. This module never draws.

Examples
--------
>>> from helpers import byod
>>> from helpers.synthetic import SYNTHETIC_DIR
>>> m = byod.read_regional_csv(SYNTHETIC_DIR / "regions.csv")
>>> m.index.names, m.shape
(FrozenList(['region', 'year']), (18, 12))

"""

from __future__ import annotations

import csv
import io
import math
import warnings
from collections.abc import Hashable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import metrics

__all__ = [
    "INDICATORS",
    "RegionalDataError",
    "for_year",
    "indicator_table",
    "lq_table",
    "read_regional_csv",
    "years",
]

#: Labels of the per-region indicators of :func:`indicator_table`, in display order.
INDICATORS: dict[str, str] = {
    "hhi": "HHI",
    "cr4": "CR4",
    "entropy": "Entropy (bits)",
    "krugman": "Krugman index",
    "diversity": "Diversity (industries with LQ >= 1)",
    "related_variety": "Related variety (bits)",
    "unrelated_variety": "Unrelated variety (bits)",
}

_MAX_PROBLEMS = 10  # how many problems one error message lists


class RegionalDataError(ValueError):
    """A regional CSV cannot be read as a region x industry table.

    The message has one line per problem (at most ten, then a count of the rest), each
    naming the file, the CSV line and the column.

    Attributes
    ----------
    file : str
        The file name as given.
    problems : list of str
        Every problem found, one line each.

    """

    def __init__(self, file: str, problems: list[str]) -> None:
        self.file = file
        self.problems = list(problems)
        shown = self.problems[:_MAX_PROBLEMS]
        more = len(self.problems) - len(shown)
        lines = [f"{file}{'' if p.startswith(':') else ' '}{p}" for p in shown]
        if more > 0:
            lines.append(f"{file}: ... and {more} more problem(s)")
        super().__init__("\n".join(lines))


def _parse_number(cell: str) -> tuple[float | None, str | None]:
    """Return ``(value, None)`` or ``(None, what is wrong)`` for one amount cell."""
    if cell == "":
        return None, "is empty (write 0 for an absent industry)"
    try:
        value = float(cell)
    except ValueError:
        hint = " (no thousands separators or units, please)" if "," in cell else ""
        return None, f"{cell!r} is not a number{hint}"
    if math.isnan(value) or math.isinf(value):
        return None, f"{cell!r} is not a finite number"
    if value < 0:
        return None, f"{cell} is negative (amounts must be >= 0)"
    return value, None


def _parse_year(cell: str) -> tuple[int | None, str | None]:
    if cell == "":
        return None, "is empty"
    try:
        return int(cell), None
    except ValueError:
        return None, f"{cell!r} is not a whole year"


def read_regional_csv(
    path: str | Path,
    *,
    region: str = "region",
    industry: str = "industry",
    value: str = "value",
    year: str = "year",
) -> pd.DataFrame:
    r"""Read and validate a regional CSV; return its region x industry matrix.

    The layout is detected from the header: *long* when it has the ``industry`` and
    ``value`` columns, *wide* otherwise (see the module docstring). Cells are stripped of
    surrounding spaces. In the long layout, columns other than the named ones are ignored
    (their names are kept in ``attrs["ignored_columns"]``).

    A well-formed file is parsed by Arrow's CSV reader (pandas' C parser if Arrow refuses
    it) and validated column by column (measured on 1 M rows: about twice the time of a
    plain ``pandas.read_csv``); when any check fails, the file is read again cell by cell
    to name every offending line and column.

    Parameters
    ----------
    path : str or Path
        The CSV file (UTF-8, comma-separated, a header row).
    region, industry, value, year : str
        Column names. ``year`` is optional in the file; when present the result has one row
        per region x year.

    Returns
    -------
    DataFrame
        Float amounts, industries as columns (sorted, axis named ``"industry"``), rows
        indexed by region (or by a ``(region, year)`` MultiIndex), sorted. ``attrs`` holds
        ``file``, ``layout`` (``"long"`` or ``"wide"``) and ``ignored_columns``.

    Raises
    ------
    RegionalDataError
        (a ``ValueError``) naming the file, CSV line and column, for: a missing file or
        header, missing columns, duplicated column names, empty cells, non-numeric or
        negative amounts, non-integer years, a row with the wrong number of cells, and
        duplicated region x industry (x year) pairs (both lines are named).

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "bad.csv")
    >>> _ = open(f, "w").write("region,industry,value\nA,i,1\nA,j,-2\n")
    >>> try:
    ...     read_regional_csv(f)
    ... except ValueError as err:
    ...     print(err)
    bad.csv line 3, column 'value': -2 is negative (amounts must be >= 0)

    """
    path = Path(path)
    matrix = _read_fast(path, region, industry, value, year)
    if matrix is None:
        matrix = _read_checked(path, region, industry, value, year)
    return matrix


def _read_checked(path: Path, region: str, industry: str, value: str, year: str) -> pd.DataFrame:
    """Read the CSV cell by cell, collecting every problem with its line and column.

    This is the reference reader: :func:`_read_fast` hands over to it whenever anything
    about a file is unusual, so every error message comes from here.
    """
    file = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RegionalDataError(str(path), [": file not found"]) from None
    except UnicodeDecodeError as exc:
        raise RegionalDataError(file, [f": not UTF-8 text ({exc.reason})"]) from None

    reader = csv.reader(text.splitlines(keepends=True))
    records: list[tuple[int, list[str]]] = []
    for row in reader:
        if any(cell.strip() for cell in row):  # skip blank lines
            records.append((reader.line_num, [cell.strip() for cell in row]))
    if not records:
        raise RegionalDataError(file, ["line 1: the file is empty (a header row is needed)"])
    header_line, header = records[0]
    body = records[1:]

    problems: list[str] = []
    seen: dict[str, int] = {}
    for pos, name in enumerate(header):
        if name == "":
            problems.append(f"line {header_line}, column {pos + 1}: the header cell is empty")
        elif name in seen:
            problems.append(f"line {header_line}, column '{name}': the column name is repeated")
        seen.setdefault(name, pos)
    if problems:
        raise RegionalDataError(file, problems)
    if not body:
        raise RegionalDataError(file, [f"line {header_line}: there are no data rows"])

    long_layout = industry in seen and value in seen
    if long_layout:
        needed = [region, industry, value]
    else:
        needed = [region]
    missing = [c for c in needed if c not in seen]
    if missing:
        hint = (
            f"; a long file needs {[region, industry, value]} (+ optional '{year}'), a wide "
            f"file needs '{region}' (+ optional '{year}') and one column per industry"
        )
        raise RegionalDataError(
            file,
            [
                f"line {header_line}: missing column(s) {missing}; the header has {header}"
                + hint
            ],
        )
    has_year = year in seen
    key_cols = [region, year] if has_year else [region]

    if long_layout:
        ignored = [c for c in header if c not in (*needed, year)]
        value_cols = [value]
    else:
        ignored = []
        value_cols = [c for c in header if c not in key_cols]
        if not value_cols:
            raise RegionalDataError(
                file,
                [f"line {header_line}: no industry columns (the header has only {header})"],
            )

    rows: list[dict[str, object]] = []
    first_line: dict[tuple, int] = {}
    for line, cells in body:
        if len(cells) != len(header):
            problems.append(
                f"line {line}: has {len(cells)} cells, the header has {len(header)}"
            )
            continue
        rec: dict[str, object] = {}
        ok = True
        reg = cells[seen[region]]
        if reg == "":
            problems.append(f"line {line}, column '{region}': is empty")
            ok = False
        rec["region"] = reg
        if has_year:
            yr, err = _parse_year(cells[seen[year]])
            if err:
                problems.append(f"line {line}, column '{year}': {err}")
                ok = False
            rec["year"] = yr
        if long_layout:
            ind = cells[seen[industry]]
            if ind == "":
                problems.append(f"line {line}, column '{industry}': is empty")
                ok = False
            rec["industry"] = ind
        for col in value_cols:
            amount, err = _parse_number(cells[seen[col]])
            if err:
                problems.append(f"line {line}, column '{col}': {err}")
                ok = False
            rec[col] = amount
        if not ok:
            continue
        key = (rec["region"], rec.get("year"), rec.get("industry"))
        if key in first_line:
            what = " x ".join(
                f"{k}={v!r}"
                for k, v in zip(("region", "year", "industry"), key, strict=True)
                if v is not None
            )
            kind = "region x industry" if long_layout else "region"
            kind += " x year" if has_year else ""
            problems.append(
                f"line {line}: duplicated {kind} ({what}), first seen on line {first_line[key]}"
            )
            continue
        first_line[key] = line
        rows.append(rec)
    if problems:
        raise RegionalDataError(file, problems)

    frame = pd.DataFrame(rows)
    index_cols = ["region", "year"] if has_year else ["region"]
    if long_layout:
        matrix = metrics.to_matrix(frame, region=index_cols, industry="industry", value=value)
    else:
        matrix = frame.set_index(index_cols)[value_cols].astype(float)
        matrix = matrix.sort_index().sort_index(axis=1)
    matrix.columns.name = "industry"
    matrix.attrs = {
        "file": file,
        "layout": "long" if long_layout else "wide",
        "ignored_columns": ignored,
    }
    return matrix


# --------------------------------------------------------------------------- fast path

# bytes that Python's str.splitlines() treats as line breaks but the pandas parser does not
_ODD_BREAKS = (b"\x00", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e")
_ODD_BREAKS_UTF8 = ("\x85", "\u2028", "\u2029")


def _fast_header(data: bytes) -> list[str] | None:
    """Return the stripped header cells of the first line, or None if it is unusual."""
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).removesuffix(b"\r")
    if b'"' in first or b"\r" in first:
        return None
    header = [cell.strip() for cell in first.decode("utf-8").split(",")]
    if "" in header or len(set(header)) != len(header):
        return None
    return header


def _fast_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index] | None:
    """Codes into the sorted, stripped labels of a key column; None if a label is empty."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, labels = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, labels = pd.factorize(column)
    labels = pd.Index(labels).str.strip()
    if (codes < 0).any() or (labels == "").any():
        return None
    uniques, inverse = np.unique(labels.to_numpy(dtype=object), return_inverse=True)
    if len(uniques) == len(labels) and (inverse == np.arange(len(labels))).all():
        return codes, pd.Index(uniques, dtype="str")  # already sorted and distinct
    return inverse[codes], pd.Index(uniques, dtype="str")


def _parse_fast(data: bytes, header: list[str], dtypes: dict[int, object]) -> pd.DataFrame | None:
    """Parse into columns named by ``header``; None on any parser error or warning.

    Arrow's CSV reader goes first (it reads labels straight into categories, in parallel;
    numbers are trimmed of spaces and parsed exactly, as Python's ``float`` does); a file
    it refuses goes to pandas' C parser, and a file both refuse to the cell-by-cell reader.
    An empty or "NA"-like amount or year gives None (the checked reader names it).
    """
    frame = _parse_arrow(data, header, dtypes)
    if frame is not None:
        return frame
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. a ParserWarning about dropped cells
            frame = pd.read_csv(
                io.BytesIO(data),
                header=0,
                dtype=dtypes,
                na_filter=False,
                index_col=False,
                encoding="utf-8",
                engine="c",
            )
    except (ValueError, TypeError, OverflowError, Warning):  # ParserError is a ValueError
        return None
    if frame.empty or len(frame.columns) != len(header):
        return None
    frame.columns = header
    return frame


def _parse_arrow(data: bytes, header: list[str], dtypes: dict[int, object]) -> pd.DataFrame | None:
    """:func:`_parse_fast` with pyarrow's CSV reader; None if it refuses the file."""
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    arrow_types = {"float64": pa.float64(), "int64": pa.int64(),
                   "category": pa.dictionary(pa.int32(), pa.string())}
    if any(dtype not in arrow_types for dtype in dtypes.values()):
        return None
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(data),
            # 4 MiB blocks: fewer chunks whose categories pandas must merge (measured on
            # 1 M rows: parse + to_pandas 0.053 s, against 0.080 s with 1 MiB blocks)
            read_options=pa_csv.ReadOptions(column_names=header, skip_rows=1,
                                            block_size=4 << 20),
            parse_options=pa_csv.ParseOptions(newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: arrow_types[dtypes[pos]] for pos, name in enumerate(header)},
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):  # ArrowInvalid is also a ValueError
        return None
    if table.num_rows == 0 or any(column.null_count for column in table.columns):
        return None
    frame = table.to_pandas()
    return frame if list(frame.columns) == header else None


def _fast_long_matrix(
    frame: pd.DataFrame, has_year: bool, value: str
) -> pd.DataFrame | None:
    """Region (x year) x industry matrix of a parsed long table; None on a duplicated pair."""
    keys = [_fast_codes(frame["region"]), _fast_codes(frame["industry"])]
    if has_year:
        years_read = frame["year"].to_numpy()
        first = years_read.min()
        if years_read.max() - first <= 10_000:  # a short span: code by offset, in linear time
            present = np.bincount(years_read - first) > 0
            year_codes = (np.cumsum(present) - 1)[years_read - first]
            keys.append((year_codes, pd.Index(np.flatnonzero(present) + first)))
        else:
            year_codes, year_uniques = pd.factorize(years_read, sort=True)
            keys.append((year_codes, pd.Index(year_uniques)))
    if any(k is None for k in keys):
        return None
    (region_codes, regions), (industry_codes, industries) = keys[0], keys[1]
    row_key = region_codes.astype(np.int64)
    n_years = 1
    if has_year:
        year_codes, years_found = keys[2]
        n_years = len(years_found)
        row_key = row_key * n_years + year_codes
        present = np.zeros(len(regions) * n_years, dtype=bool)
        present[row_key] = True
        rows = np.flatnonzero(present)
        row = (np.cumsum(present) - 1)[row_key]
    else:  # every region code occurs (they come from the labels read)
        rows, row = np.arange(len(regions)), row_key
    cell = row * len(industries) + industry_codes
    counts = np.bincount(cell, minlength=len(rows) * len(industries))
    if counts.max() > 1:
        return None
    values = np.zeros(len(rows) * len(industries))
    values[cell] = frame[value].to_numpy()
    if has_year:
        index = pd.MultiIndex.from_arrays(
            [regions.take(rows // n_years), years_found.take(rows % n_years)],
            names=["region", "year"],
        )
    else:
        index = pd.Index(regions.take(rows), name="region")
    return pd.DataFrame(
        values.reshape(len(rows), len(industries)),
        index=index,
        columns=pd.Index(industries, name="industry"),
    )


def _read_fast(
    path: Path, region: str, industry: str, value: str, year: str
) -> pd.DataFrame | None:
    """Parse with pandas and validate whole columns; None whenever anything is unusual.

    Returns the same matrix as :func:`_read_checked` for every file it accepts. It never
    reports a problem itself: a failed check, a parser error or warning, an odd line break,
    a quoted or blank header line, or an empty cell in an ignored column all hand the file
    over to the cell-by-cell reader, which names the offending lines.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    data = data.removeprefix(b"\xef\xbb\xbf")
    if any(odd in data for odd in _ODD_BREAKS):
        return None
    if not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if any(odd in text for odd in _ODD_BREAKS_UTF8):
            return None
    header = _fast_header(data)
    if header is None or any(
        canonical in header and canonical != name
        for canonical, name in (("region", region), ("industry", industry), ("year", year))
    ):
        return None  # e.g. a wide file whose industry is called "year"
    long_layout = industry in header and value in header
    has_year = year in header
    key_cols = [region, year] if has_year else [region]
    needed = [region, industry, value] if long_layout else [region]
    if any(c not in header for c in needed):
        return None
    if long_layout:
        value_cols = [value]
        ignored = [c for c in header if c not in (*needed, year)]
    else:
        value_cols = [c for c in header if c not in key_cols]
        ignored = []
        if not value_cols or {"region", "year", "industry"} & set(value_cols):
            return None
    dtypes: dict[int, object] = {}
    for pos, name in enumerate(header):
        if name in value_cols:
            dtypes[pos] = "float64"
        elif name == year and has_year:
            dtypes[pos] = "int64"
        else:
            dtypes[pos] = "category"  # labels are parsed once per distinct value
    frame = _parse_fast(data, header, dtypes)
    if frame is None:
        return None
    # pandas' read_csv turns categories that all look like numbers or booleans into those
    # (so "0101" would lose its zero): read such label columns again as text
    relabel = [
        pos for pos, dtype in dtypes.items() if dtype == "category"
        and not pd.api.types.is_string_dtype(frame[header[pos]].cat.categories.dtype)
    ]
    if relabel:
        frame = _parse_fast(data, header, {**dtypes, **dict.fromkeys(relabel, str)})
        if frame is None:
            return None
    amounts = frame[value_cols].to_numpy(dtype=np.float64)
    if not (np.isfinite(amounts).all() and (amounts >= 0).all()):
        return None
    for name in ignored:
        if _fast_codes(frame[name]) is None:
            return None  # a short row or an empty cell: let the checked reader decide
    frame = frame.rename(columns={region: "region", year: "year", industry: "industry"})
    if long_layout:
        matrix = _fast_long_matrix(frame, has_year, value)
        if matrix is None:
            return None
    else:
        codes = _fast_codes(frame["region"])
        if codes is None:
            return None
        frame["region"] = codes[1].take(codes[0])
        index_cols = ["region", "year"] if has_year else ["region"]
        if frame.duplicated(subset=index_cols).any():
            return None
        matrix = frame.set_index(index_cols)[value_cols].astype(float)
        matrix = matrix.sort_index().sort_index(axis=1)
        matrix.columns.name = "industry"
    matrix.attrs = {
        "file": path.name,
        "layout": "long" if long_layout else "wide",
        "ignored_columns": ignored,
    }
    return matrix


def years(matrix: pd.DataFrame) -> list[int]:
    """Return the sorted years of a matrix from :func:`read_regional_csv` ([] if none)."""
    if "year" not in (matrix.index.names or []):
        return []
    return sorted(int(y) for y in matrix.index.get_level_values("year").unique())


def for_year(matrix: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the region x industry matrix of one year.

    Raises
    ------
    ValueError
        If the matrix has no ``year`` level or the year is not in it (the years are listed).

    """
    available = years(matrix)
    if not available:
        raise ValueError("year: the matrix has no 'year' level (the file had no year column)")
    if year not in available:
        raise ValueError(f"year: {year!r} is not in the data; years are {available}")
    out = matrix.xs(year, level="year")
    return out


def _per_region(x: pd.DataFrame, groups: Mapping[Hashable, Hashable] | pd.Series | None):
    """Compute the per-region indicators of one region x industry matrix (wide frame)."""
    cols = {
        "hhi": metrics.hhi(x),
        "cr4": metrics.concentration_ratio(x, k=4),
        "entropy": metrics.entropy(x),
        "krugman": metrics.krugman_index(x),
        "diversity": metrics.diversity(x, rca=True).astype(float),
    }
    if groups is not None:
        cols["related_variety"] = metrics.related_variety(x, groups)
        cols["unrelated_variety"] = metrics.unrelated_variety(x, groups)
    return pd.DataFrame(cols)


def indicator_table(
    matrix: pd.DataFrame, groups: Mapping[Hashable, Hashable] | pd.Series | None = None
) -> pd.DataFrame:
    """Compute the lab's per-region indicators and return them as a tidy table.

    Parameters
    ----------
    matrix : DataFrame
        From :func:`read_regional_csv` (regions, or regions x years, as rows). Each year is
        treated as its own set of regions (LQ, Krugman and diversity compare a region with
        the other regions of the same year).
    groups : dict or Series, optional
        Industry -> broad group; adds related and unrelated variety.

    Returns
    -------
    DataFrame
        Columns ``region``, ``year`` (only when the matrix has years), ``indicator`` (a
        label of :data:`INDICATORS`) and ``value``.

    """
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(f"matrix must be a DataFrame, got {type(matrix).__name__}")
    yrs = years(matrix)
    parts = []
    for yr in yrs or [None]:
        x = matrix if yr is None else for_year(matrix, yr)
        wide = _per_region(x, groups)
        wide.index.name = "region"
        long = wide.reset_index().melt(id_vars="region", var_name="indicator", value_name="value")
        if yr is not None:
            long.insert(1, "year", yr)
        parts.append(long)
    out = pd.concat(parts, ignore_index=True)
    out["indicator"] = out["indicator"].map(INDICATORS)
    return out


def lq_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """Location quotients of a matrix as a tidy table (columns region, [year,] industry, lq).

    Industries absent from every region of a year are dropped for that year (their LQ is
    undefined).
    """
    yrs = years(matrix)
    parts = []
    for yr in yrs or [None]:
        x = matrix if yr is None else for_year(matrix, yr)
        x = x.loc[:, x.sum(axis=0) > 0]
        lq = metrics.location_quotient(x)
        lq.index.name = "region"
        lq.columns.name = "industry"
        long = lq.stack().rename("lq").reset_index()
        if yr is not None:
            long.insert(1, "year", yr)
        parts.append(long)
    return pd.concat(parts, ignore_index=True)
