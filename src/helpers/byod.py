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

import codecs
import contextlib
import csv
import difflib
import math
import re
from array import array
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
    naming the file, the CSV line and the column, and then an optional note (for example
    which layout the header was read as, and why).

    Attributes
    ----------
    file : str
        The file name as given.
    problems : list of str
        The problems found, one line each (the first 1,000 of a file with more; the
        message counts the rest).
    note : str or None
        A closing remark that applies to every problem, or None.

    """

    def __init__(
        self, file: str, problems: list[str], *, omitted: int = 0, note: str | None = None
    ) -> None:
        self.file = file
        self.problems = list(problems)
        self.note = note
        shown = self.problems[:_MAX_PROBLEMS]
        more = len(self.problems) - len(shown) + omitted
        lines = [f"{file}{'' if p.startswith(':') else ' '}{p}" for p in shown]
        if more > 0:
            lines.append(f"{file}: ... and {more} more problem(s)")
        if note:
            lines.append(f"{file}: {note}")
        super().__init__("\n".join(lines))


# The number spellings both readers accept, after surrounding white space is stripped: ASCII
# digits only, an optional sign, decimal point and exponent ("12", "+1.5", ".5", "5.", "2e3").
# No "_" separators, thousands commas, full-width or other scripts' digits, hex or "inf"/"nan".
# (Unambiguous, so a 200,000-digit cell is refused in linear time, not by backtracking.)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_NOT_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)\Z", re.IGNORECASE)
# A year: an optional sign and ASCII digits ("2000", "-5"); not "2000.0", "2e3" or "0x7D0".
_YEAR = re.compile(r"[+-]?[0-9]+\Z")
_INT64 = 2**63


_SHOWN = 40  # characters of a bad cell quoted in a message


def _show(cell: str) -> str:
    """Quote a cell for a message, cut to ``_SHOWN`` characters with its length."""
    if len(cell) <= _SHOWN:
        return repr(cell)
    return f"{cell[:_SHOWN]!r}... ({len(cell):,} characters)"


def _digits_hint(cell: str) -> str:
    """Say why a number-like cell is refused, if it is one of the usual lookalikes."""
    if "," in cell:
        return " (no thousands separators or units, please)"
    if "_" in cell:
        return " (no '_' digit separators, please)"
    if any(ch.isdigit() and not ch.isascii() for ch in cell):
        return " (write ASCII digits 0-9, not full-width or other scripts' digits)"
    return ""


def _parse_number(cell: str) -> tuple[float | None, str | None]:
    """Return ``(value, None)`` or ``(None, what is wrong)`` for one amount cell."""
    if cell == "":
        return None, "is empty (write 0 for an absent industry)"
    if not _NUMBER.match(cell):
        if _NOT_FINITE.match(cell):
            return None, f"{cell!r} is not a finite number"
        return None, f"{_show(cell)} is not a number{_digits_hint(cell)}"
    value = float(cell)
    if math.isinf(value):
        return None, f"{_show(cell)} is not a finite number"
    if value < 0:
        return None, f"{cell} is negative (amounts must be >= 0)"
    return value, None


def _parse_year(cell: str) -> tuple[int | None, str | None]:
    if cell == "":
        return None, "is empty"
    if _YEAR.match(cell):
        year = int(cell)
        if -_INT64 <= year < _INT64:
            return year, None
    return None, f"{_show(cell)} is not a whole year{_digits_hint(cell)}"


# --------------------------------------------------------------------------- encodings

_SNIFF_BYTES = 1 << 20  # how much of a file is looked at to guess its encoding


def _codec(encoding: object) -> str:
    """Validate ``encoding``; return the codec name to read with (UTF-8 drops a BOM)."""
    if not isinstance(encoding, str):
        raise ValueError(f"encoding must be a codec name such as 'utf-8' or 'gbk', "
                         f"got {encoding!r}")
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"encoding: unknown encoding {encoding!r} (try 'utf-8', 'gbk', "
                         "'gb18030' or 'utf-16')") from None
    return "utf-8-sig" if name in ("utf-8", "utf-8-sig") else name


def _first_bad_line(path: Path, codec: str) -> int | None:
    """Return the line (1-based) holding the first byte that ``codec`` cannot decode."""
    decoder = codecs.getincrementaldecoder(codec)()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 16):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk.count(b"\n", 0, exc.start)
            line += chunk.count(b"\n")
    return None


def _decode_problem(path: Path, codec: str, reason: str) -> str:
    """Describe a file that is not text in ``codec``, naming the likely encoding.

    Looks at the first bytes for gzip and zip signatures, UTF-16 byte-order marks and
    NUL bytes, and tries GBK/GB18030 (common for Chinese statistical files).
    """
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith(b"\x1f\x8b"):
        return ": is gzip-compressed, not text; decompress it first (e.g. gunzip)"
    if head.startswith(b"PK\x03\x04"):
        return (": is a zip archive (an Excel .xlsx workbook?), not CSV text; save it as CSV "
                "(UTF-8) first")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4096].count(b"\x00") * 4 > len(
            head[:4096]):
        return (": looks like UTF-16 text; pass encoding='utf-16' or save it as UTF-8")
    where = _first_bad_line(path, codec)
    at = f" (first undecodable byte on line {where})" if where else ""
    named = codecs.lookup(codec).name
    if named in ("utf-8", "utf-8-sig"):
        try:
            codecs.getincrementaldecoder("gb18030")().decode(head, final=len(head) < _SNIFF_BYTES)
        except UnicodeDecodeError:
            pass
        else:
            return (f": not UTF-8 text ({reason}){at}; it decodes as GBK/GB18030, common for "
                    "Chinese statistical files: pass encoding='gbk' (or 'gb18030')")
        return (f": not UTF-8 text ({reason}){at}; pass encoding='...' naming the file's "
                "encoding (GBK, 'gbk', is common for Chinese statistical files)")
    return f": not {named} text ({reason}){at}; pass the file's encoding as encoding='...'"


def read_regional_csv(
    path: str | Path,
    *,
    region: str = "region",
    industry: str = "industry",
    value: str = "value",
    year: str = "year",
    encoding: str = "utf-8",
) -> pd.DataFrame:
    r"""Read and validate a regional CSV; return its region x industry matrix.

    The layout is detected from the header: *long* when it has the ``industry`` and
    ``value`` columns, *wide* when it has neither (see the module docstring); a header with
    only one of them is an error. Cells are stripped of surrounding spaces. In the long
    layout, columns other than the named ones are ignored (their names are kept in
    ``attrs["ignored_columns"]``).

    Amounts are written with ASCII digits, an optional sign, decimal point and exponent
    (``12``, ``0.5``, ``.5``, ``2e3``); years as whole numbers (``2000``, not ``2000.0``
    or ``2e3``). Digit separators (``1_000``, ``1,000``), full-width or other scripts'
    digits, ``inf`` and ``nan`` are refused, as is a cell holding a line break (an unclosed
    quote).

    A well-formed file is parsed by Arrow's CSV reader and validated column by column
    (measured on 1 M rows: about twice the time of a plain ``pandas.read_csv``); when any
    check fails, the file is read again line by line, streaming, to name every offending
    line and column (at most about 10x the file's size in memory on either path).

    Parameters
    ----------
    path : str or Path
        The CSV file (comma-separated, a header row).
    region, industry, value, year : str
        Column names. ``year`` is optional in the file; when present the result has one row
        per region x year.
    encoding : str, default "utf-8"
        The file's text encoding (a leading UTF-8 byte-order mark is dropped). Chinese
        statistical files are often GBK: pass ``encoding="gbk"``. A file that does not
        decode gets an error naming the likely encoding.

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
        header, a file that is not text in ``encoding``, missing columns, duplicated column
        names, empty cells, non-numeric or negative amounts, non-integer years, a row with
        the wrong number of cells, and duplicated region x industry (x year) pairs (both
        lines are named).
    ValueError
        For an unknown ``encoding``.

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
    codec = _codec(encoding)
    matrix = _read_fast(path, region, industry, value, year, codec)
    if matrix is None:
        matrix = _read_checked(path, region, industry, value, year, encoding=codec)
    return matrix


@contextlib.contextmanager
def _no_field_limit():
    """Lift the csv module's field size limit (131,072 characters) while reading.

    The limit is process-wide and other libraries raise it; lifting it for the read makes
    the result the same whoever ran before. An over-long field is then reported as a cell
    holding a line break (an unclosed quote) or as a bad value, with its line.
    """
    old = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


_KEEP_PROBLEMS = 1000  # problems kept as text; the rest are counted


def _layout_note(header: list[str], region: str, industry: str, value: str) -> str:
    """Say that a header was read as the wide layout, why, and name near misses."""
    near = [
        f"{name!r} looks like {wanted!r}"
        for wanted in (industry, value)
        for name in difflib.get_close_matches(wanted, header, n=1, cutoff=0.75)
    ]
    return (
        f"the header has neither {industry!r} nor {value!r}, so the file was read as the wide "
        f"layout ('{region}' and one column of amounts per industry)"
        + (f"; {'; '.join(near)}: rename it for the long layout" if near else "")
    )


def _read_checked(
    path: Path, region: str, industry: str, value: str, year: str, *, encoding: str = "utf-8"
) -> pd.DataFrame:
    """Read the CSV line by line, collecting every problem with its line and column.

    This is the reference reader: :func:`_read_fast` hands over to it whenever anything
    about a file is unusual, so every error message comes from here. It streams the file
    and keeps each accepted row as numbers (label codes, year, amounts, line), so its
    memory grows with the rows, not with Python objects per cell.
    """
    file = path.name
    codec = _codec(encoding)
    try:
        handle = path.open(encoding=codec, newline="")
    except FileNotFoundError:
        raise RegionalDataError(str(path), [": file not found"]) from None
    except IsADirectoryError:
        raise RegionalDataError(str(path), [": is a folder, not a file"]) from None
    try:
        with handle, _no_field_limit():
            return _read_checked_rows(handle, file, region, industry, value, year)
    except UnicodeDecodeError as exc:
        raise RegionalDataError(file, [_decode_problem(path, codec, exc.reason)]) from None


def _read_checked_rows(
    handle, file: str, region: str, industry: str, value: str, year: str
) -> pd.DataFrame:
    """Read the rows of :func:`_read_checked` from an open text file."""
    # the same lines as str.splitlines(): \r, \n, \r\n and the rarer breaks it knows
    lines = (part for line in handle for part in line.splitlines(keepends=True))
    reader = csv.reader(lines)
    end = 0
    header_line, header = 0, None
    for row in reader:
        start, end = end + 1, reader.line_num
        if any(cell.strip() for cell in row):
            header_line, header = start, [cell.strip() for cell in row]
            break
    if header is None:
        raise RegionalDataError(file, ["line 1: the file is empty (a header row is needed)"])

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

    has_industry, has_value = industry in seen, value in seen
    if has_industry != has_value:
        there, absent = (industry, value) if has_industry else (value, industry)
        near = difflib.get_close_matches(absent, header, n=1, cutoff=0.75)
        raise RegionalDataError(file, [
            f"line {header_line}: the header has {there!r} but no {absent!r} column"
            + (f" ({near[0]!r} looks like it: rename it)" if near else "")
            + f"; a long file needs both ({region!r}, {industry!r}, {value!r}), a wide file "
            "neither (one column of amounts per industry)"
        ])
    long_layout = has_industry and has_value
    needed = [region, industry, value] if long_layout else [region]
    missing = [c for c in needed if c not in seen]
    if missing:
        hint = (
            f"; a long file needs {[region, industry, value]} (+ optional '{year}'), a wide "
            f"file needs '{region}' (+ optional '{year}') and one column per industry"
        )
        raise RegionalDataError(
            file,
            [f"line {header_line}: missing column(s) {missing}; the header has {header}" + hint],
        )
    has_year = year in seen
    key_set = {region, year} if has_year else {region}
    if long_layout:
        ignored = [c for c in header if c not in (*needed, year)]
        value_cols = [value]
    else:
        ignored = []
        value_cols = [c for c in header if c not in key_set]
        if not value_cols:
            raise RegionalDataError(
                file,
                [f"line {header_line}: no industry columns (the header has only {header})"],
            )
    note = None if long_layout else _layout_note(header, region, industry, value)
    value_pos = [seen[c] for c in value_cols]
    region_pos, year_pos = seen[region], seen.get(year)
    industry_pos = seen.get(industry) if long_layout else None

    region_code: dict[str, int] = {}
    industry_code: dict[str, int] = {}
    regions_read, industries_read = array("q"), array("q")
    years_read, amounts, line_of = array("q"), array("d"), array("q")
    found: list[tuple[int, str]] = []  # (line, problem), the first _KEEP_PROBLEMS
    n_problems = 0
    n_body = 0

    def problem(text: str) -> None:
        nonlocal n_problems
        n_problems += 1
        if len(found) < _KEEP_PROBLEMS:
            found.append((start, text))

    width = len(header)
    for row in reader:
        start, end = end + 1, reader.line_num
        if not any(cell.strip() for cell in row):  # skip blank lines
            continue
        n_body += 1
        if end > start or any("\n" in cell or "\r" in cell for cell in row):
            problem(f"line {start}: a quoted cell runs over lines {start}-{end}, holding a "
                    "line break (an unclosed quote?)")
            continue
        if len(row) != width:
            problem(f"line {start}: has {len(row)} cells, the header has {width}")
            continue
        ok = True
        reg = row[region_pos].strip()
        if reg == "":
            problem(f"line {start}, column '{region}': is empty")
            ok = False
        yr = 0
        if year_pos is not None:
            yr, err = _parse_year(row[year_pos].strip())
            if err:
                problem(f"line {start}, column '{year}': {err}")
                ok = False
        ind = ""
        if industry_pos is not None:
            ind = row[industry_pos].strip()
            if ind == "":
                problem(f"line {start}, column '{industry}': is empty")
                ok = False
        row_amounts = []
        for col, pos in zip(value_cols, value_pos, strict=True):
            amount, err = _parse_number(row[pos].strip())
            if err:
                problem(f"line {start}, column '{col}': {err}")
                ok = False
            row_amounts.append(amount)
        if not ok:
            continue
        regions_read.append(region_code.setdefault(reg, len(region_code)))
        if industry_pos is not None:
            industries_read.append(industry_code.setdefault(ind, len(industry_code)))
        years_read.append(yr or 0)
        amounts.extend(row_amounts)
        line_of.append(start)
    if n_body == 0:
        raise RegionalDataError(file, [f"line {header_line}: there are no data rows"])

    reg_labels = np.array(list(region_code), dtype=object)
    ind_labels = np.array(list(industry_code), dtype=object)
    reg_codes = np.frombuffer(regions_read, dtype=np.int64)
    ind_codes = np.frombuffer(industries_read, dtype=np.int64)
    yr_values = np.frombuffer(years_read, dtype=np.int64)
    lines_ok = np.frombuffer(line_of, dtype=np.int64)
    keys = [reg_codes] + ([yr_values] if has_year else []) + ([ind_codes] if long_layout else [])
    dup_rows, first_rows = _duplicates(keys, len(lines_ok))
    if dup_rows.size or n_problems:
        kind = ("region x industry" if long_layout else "region") + (" x year" if has_year
                                                                     else "")
        for dup, first in zip(dup_rows[:_KEEP_PROBLEMS], first_rows[:_KEEP_PROBLEMS],
                              strict=True):
            what = [f"region={reg_labels[reg_codes[dup]]!r}"]
            if has_year:
                what.append(f"year={int(yr_values[dup])!r}")
            if long_layout:
                what.append(f"industry={ind_labels[ind_codes[dup]]!r}")
            found.append((int(lines_ok[dup]), f"line {lines_ok[dup]}: duplicated {kind} "
                          f"({' x '.join(what)}), first seen on line {lines_ok[first]}"))
        found.sort(key=lambda item: item[0])
        kept = [text for _, text in found[:_KEEP_PROBLEMS]]
        total = n_problems + dup_rows.size
        raise RegionalDataError(file, kept, omitted=total - len(kept), note=note)

    n_cols = len(value_cols)
    values = np.frombuffer(amounts, dtype=np.float64)
    if long_layout:
        frame = pd.DataFrame({
            "region": pd.Categorical.from_codes(reg_codes, pd.Index(reg_labels, dtype="str")),
            "industry": pd.Categorical.from_codes(ind_codes,
                                                  pd.Index(ind_labels, dtype="str")),
            value: values,
        })
        if has_year:
            frame["year"] = yr_values
        matrix = _fast_long_matrix(frame, has_year, value)
    else:
        index_cols = {"region": pd.Index(reg_labels, dtype="str").take(reg_codes)}
        if has_year:
            index_cols["year"] = yr_values
        frame = pd.DataFrame(values.reshape(-1, n_cols), columns=value_cols)
        frame = pd.concat([pd.DataFrame(index_cols), frame], axis=1)
        matrix = frame.set_index(list(index_cols))[value_cols].astype(float)
        matrix = matrix.sort_index().sort_index(axis=1)
    matrix.columns.name = "industry"
    matrix.attrs = {
        "file": file,
        "layout": "long" if long_layout else "wide",
        "ignored_columns": ignored,
    }
    return matrix


def _duplicates(keys: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose key repeats an earlier row's, and that earlier (first) row, by row."""
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort([np.arange(n), *reversed(keys)])  # by key, then by row
    same = np.ones(n - 1, dtype=bool)
    for key in keys:
        k = key[order]
        same &= k[1:] == k[:-1]
    repeat = np.concatenate(([False], same))
    group_start = np.maximum.accumulate(np.where(~repeat, np.arange(n), 0))
    dup = order[repeat]
    first = order[group_start[repeat]]
    by_row = np.argsort(dup, kind="stable")
    return dup[by_row], first[by_row]


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


def _fast_years(column: pd.Series) -> np.ndarray | None:
    """Return the years of a text-category column; None if one is not a plain integer.

    Each distinct spelling is checked once with the checked reader's rule, so both readers
    refuse "2000.0", "2e3" or "0x7D0" alike.
    """
    spellings = [str(s).strip() for s in column.cat.categories]
    parsed = [_parse_year(s)[0] for s in spellings]
    if any(p is None for p in parsed):
        return None
    codes = column.cat.codes.to_numpy()
    if (codes < 0).any():
        return None
    return np.asarray(parsed, dtype=np.int64)[codes]


def _parse_arrow(data: bytes, header: list[str], dtypes: dict[int, object]) -> pd.DataFrame | None:
    """Parse with pyarrow's CSV reader into columns named by ``header``; None if it refuses.

    Labels are read straight into categories, in parallel; numbers are trimmed of spaces
    and parsed exactly, as Python's ``float`` does. An empty or "NA"-like amount gives None
    (the checked reader names it).
    """
    try:
        import pyarrow as pa
        from pyarrow import csv as pa_csv
    except ImportError:  # the checked reader needs nothing but the standard library
        return None

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
        if int(years_read.max()) - int(first) <= 10_000:  # short span: code by offset
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
    path: Path, region: str, industry: str, value: str, year: str, codec: str = "utf-8-sig"
) -> pd.DataFrame | None:
    """Parse with Arrow and validate whole columns; None whenever anything is unusual.

    Returns the same matrix as :func:`_read_checked` for every file it accepts. It never
    reports a problem itself: a failed check, a parser error, an odd line break, a quoted
    or blank header line, or an empty cell in an ignored column all hand the file over to
    the line-by-line reader, which names the offending lines.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if codec not in ("utf-8", "utf-8-sig"):
        try:  # another encoding: hand Arrow the same text as UTF-8
            data = data.decode(codec).encode("utf-8")
        except (UnicodeError, ValueError):
            return None
    data = data.removeprefix(b"\xef\xbb\xbf")
    if any(odd in data for odd in _ODD_BREAKS):
        return None
    if not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        odd = any(mark in text for mark in _ODD_BREAKS_UTF8)
        del text
        if odd:
            return None
    header = _fast_header(data)
    if header is None or any(
        canonical in header and canonical != name
        for canonical, name in (("region", region), ("industry", industry), ("year", year))
    ):
        return None  # e.g. a wide file whose industry is called "year"
    names = set(header)
    if (industry in names) != (value in names):
        return None  # half a long header: the checked reader says which column is missing
    long_layout = industry in names and value in names
    has_year = year in names
    key_cols = {region, year} if has_year else {region}
    needed = [region, industry, value] if long_layout else [region]
    if any(c not in names for c in needed):
        return None
    if long_layout:
        value_cols = [value]
        ignored = [c for c in header if c not in (*needed, year)]
    else:
        value_cols = [c for c in header if c not in key_cols]
        ignored = []
        if not value_cols or {"region", "year", "industry"} & set(value_cols):
            return None
    value_set = set(value_cols)  # a set: a list here made 40,000 columns take 8 s
    dtypes: dict[int, object] = {
        pos: "float64" if name in value_set else "category"  # years too: see _fast_years
        for pos, name in enumerate(header)
    }
    frame = _parse_arrow(data, header, dtypes)
    del data
    if frame is None:
        return None
    amounts = frame[value_cols].to_numpy(dtype=np.float64)
    if not (np.isfinite(amounts).all() and (amounts >= 0).all()):
        return None
    del amounts
    if has_year:
        years_read = _fast_years(frame[year])
        if years_read is None:
            return None
        frame[year] = years_read
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
