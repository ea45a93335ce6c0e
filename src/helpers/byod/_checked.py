"""The line-by-line reader of :mod:`helpers.byod`: the reference that names every problem."""

from __future__ import annotations

import contextlib
import csv
import difflib
from array import array
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.byod._fast import _fast_long_matrix
from helpers.byod._parse import (
    RegionalDataError,
    _codec,
    _decode_problem,
    _parse_number,
    _parse_year,
)


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
