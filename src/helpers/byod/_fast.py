"""The fast reader of :mod:`helpers.byod`: Arrow parses, whole columns are validated."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.byod._parse import _parse_year

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
    """Codes into the sorted, stripped labels of a key column; None if one is empty or odd."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, labels = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, labels = pd.factorize(column)
    labels = pd.Index(labels)
    if labels.str.contains("\n", regex=False).any() or \
            labels.str.contains("\r", regex=False).any():
        return None  # a line break inside quotes: an unclosed quote, for the checked reader
    labels = labels.str.strip()
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
    # Arrow parses years as int64 as the checked reader does, except that it also takes
    # hexadecimal ("0x7D0"): a file that may hold one (any "x" in it: a one-byte search,
    # far faster than looking for "0x" among the digits) reads years as text categories,
    # each spelling checked once (_fast_years), which costs about a quarter more time
    hex_years = has_year and (b"x" in data or b"X" in data)
    dtypes: dict[int, object] = {
        pos: "float64" if name in value_set
        else "int64" if name == year and has_year and not hex_years
        else "category"
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
    if has_year and isinstance(frame[year].dtype, pd.CategoricalDtype):
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
