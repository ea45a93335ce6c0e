"""Load and validate the book's tables by name (the core of :mod:`helpers.data`).

Every table lives in ``data/<name>.csv`` next to a Frictionless Data Package descriptor,
``data/datapackage.json``, that gives its Table Schema. :func:`load` reads a table, checks it
against the schema (types, constraints, primary and foreign keys) and against a few cross-row
rules the schema cannot express, and returns a typed :class:`pandas.DataFrame`.

Nothing is coerced or dropped silently: any problem raises :class:`DataValidationError`, whose
message names the file, the line (the CSV line, counting the header as line 1, with the 1-based
data row in brackets) and the column.

Examples
--------
>>> from helpers import data
>>> data.load("stages")[["stage", "start_year", "end_year"]].to_dict("list")
{'stage': [1, 2, 3], 'start_year': [1983, 1998, 2010], 'end_year': [1997, 2009, 2019]}
>>> data.stage_of_year(2005)
2

"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.i18n import language

#: The book's data folder, found from this file (``<repo>/data``), never from the working directory.
DATA_DIR: Path = Path(__file__).resolve().parents[3] / "data"

_DESCRIPTOR = "datapackage.json"
_INTEGER = re.compile(r"^-?(0|[1-9][0-9]*)$")
_NUMBER = re.compile(r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$")
_BOOLEAN = {"true": True, "false": False}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a table.

    Attributes
    ----------
    line : int or None
        CSV line (the header is line 1, the first data row line 2); None for the whole file.
    column : str or None
        Column name (several joined by ``', '`` for key errors); None for a whole row.
    message : str
        What is wrong.

    """

    line: int | None
    column: str | None
    message: str

    def render(self, file: str) -> str:
        """Return the problem as one line of text that names the file, row and column."""
        where = file
        if self.line is not None:
            where += (
                " line 1 (header)"
                if self.line == 1
                else f" line {self.line} (data row {self.line - 1})"
            )
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class DataValidationError(ValueError):
    """A table in ``data/`` does not match its schema or the book's rules.

    The message has one line per problem, each naming the file, the CSV line (header = line 1;
    the 1-based data row is given in brackets) and the column, for example
    ``data/table2.csv line 7 (data row 6), column 'value': 'abc' is not a number``.

    Attributes
    ----------
    file : str
        The file, relative to the repository when it is inside it.
    problems : list of Problem
        Every problem found.

    """

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = list(problems)
        super().__init__("\n".join(p.render(file) for p in self.problems))


# --------------------------------------------------------------------------------------------
# descriptor


def _resolve(data_dir: Path | str | None) -> Path:
    if data_dir is None:
        return DATA_DIR
    if not isinstance(data_dir, str | os.PathLike):
        raise ValueError(f"data_dir must be a folder path, got {type(data_dir).__name__}")
    path = Path(data_dir).resolve()
    if path.exists() and not path.is_dir():
        raise ValueError(f"data_dir {str(data_dir)!r} is a file, not a folder: pass the folder "
                         f"that holds {_DESCRIPTOR}")
    return path


def _display(path: Path) -> str:
    try:
        return path.relative_to(DATA_DIR.parent).as_posix()
    except ValueError:
        return str(path)


_descriptor_cache: dict[tuple[Path, int, int], dict[str, Any]] = {}


def _read_descriptor(data_dir: Path) -> dict[str, Any]:
    path = data_dir / _DESCRIPTOR
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataValidationError(_display(path), [Problem(None, None, "file not found")]) from None
    key = (data_dir, stat.st_mtime_ns, stat.st_size)
    if key not in _descriptor_cache:
        try:
            desc = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataValidationError(
                _display(path), [Problem(None, None, f"not valid JSON: {exc}")]
            ) from None
        _descriptor_cache[key] = desc
    return _descriptor_cache[key]


def _resource(desc: dict[str, Any], name: str) -> dict[str, Any]:
    for res in desc.get("resources", []):
        if res.get("name") == name:
            return res
    names = ", ".join(sorted(r["name"] for r in desc.get("resources", [])))
    raise ValueError(f"unknown table {name!r}; valid names are: {names}")


def descriptor(data_dir: Path | str | None = None) -> dict[str, Any]:
    """Return the Data Package descriptor (a deep copy of ``datapackage.json``).

    Parameters
    ----------
    data_dir : Path, optional
        Folder holding the descriptor; defaults to :data:`DATA_DIR`.

    Returns
    -------
    dict
        The descriptor, safe to modify.

    """
    return copy.deepcopy(_read_descriptor(_resolve(data_dir)))


def table_names(data_dir: Path | str | None = None) -> list[str]:
    """Return the names of the tables in the order of the descriptor.

    Parameters
    ----------
    data_dir : Path, optional
        Folder holding the data; defaults to :data:`DATA_DIR`.

    Returns
    -------
    list of str
        Names accepted by :func:`load`.

    """
    return [r["name"] for r in _read_descriptor(_resolve(data_dir))["resources"]]


def in_language(entry: dict[str, Any], key: str) -> str:
    """Return a descriptor text in the current language (:func:`helpers.i18n.language`).

    The descriptor keeps the book's Chinese beside an English text under the same key plus
    ``_zh`` (``title_zh`` beside ``title``); in Chinese that text is returned when present,
    otherwise (and in English) the English one, or ``""`` when there is none.

    Parameters
    ----------
    entry : dict
        A part of the descriptor: a resource, a field, a licence or a source.
    key : str
        The English key, e.g. ``"title"`` or ``"description"``.

    Returns
    -------
    str

    Examples
    --------
    >>> from helpers import i18n
    >>> licence = descriptor()["licenses"][0]
    >>> in_language(licence, "title")[:33]
    'Creative Commons Attribution 4.0.'
    >>> with i18n.using("zh"):
    ...     in_language(licence, "title")[:10]
    '知识共享署名 4.0'

    """
    if language() != "en" and entry.get(f"{key}_{language()}"):
        return str(entry[f"{key}_{language()}"])
    return str(entry.get(key, ""))


def describe(name: str, data_dir: Path | str | None = None) -> dict[str, Any]:
    """Return the title, description, fields and keys of one table.

    Titles and descriptions are in the current language (:func:`helpers.i18n.language`): in
    Chinese, the book's translation the descriptor keeps beside the English (``title_zh``,
    ``description_zh``), else the English.

    Parameters
    ----------
    name : str
        Table name (see :func:`table_names`).
    data_dir : Path, optional
        Folder holding the data; defaults to :data:`DATA_DIR`.

    Returns
    -------
    dict
        Keys ``name``, ``title``, ``description``, ``path``, ``fields`` (list of dicts with
        ``name``, ``type``, ``title``, ``description`` and ``constraints``), ``primary_key`` and
        ``foreign_keys``.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the valid names.

    Examples
    --------
    >>> from helpers import i18n
    >>> describe("stages")["title"]
    "Stages of Kunshan's industrial transformation"
    >>> with i18n.using("zh"):
    ...     describe("stages")["title"]
    '昆山产业转型的阶段'

    """
    res = copy.deepcopy(_resource(_read_descriptor(_resolve(data_dir)), name))
    schema = res["schema"]
    return {
        "name": res["name"],
        "title": in_language(res, "title"),
        "description": in_language(res, "description"),
        "path": res["path"],
        "fields": [
            {
                "name": f["name"],
                "type": f.get("type", "string"),
                "title": in_language(f, "title"),
                "description": in_language(f, "description"),
                "constraints": f.get("constraints", {}),
            }
            for f in schema["fields"]
        ],
        "primary_key": schema.get("primaryKey", []),
        "foreign_keys": schema.get("foreignKeys", []),
    }


# --------------------------------------------------------------------------------------------
# loading


_cache: dict[tuple[Path, str], tuple[tuple[Any, ...], pd.DataFrame]] = {}


def clear_cache() -> None:
    """Forget every table loaded so far (the next :func:`load` reads and validates again)."""
    _cache.clear()
    _descriptor_cache.clear()


def _signature(data_dir: Path, desc: dict[str, Any]) -> tuple[Any, ...]:
    """Modification times and sizes of the descriptor and every CSV it names."""
    paths = [data_dir / _DESCRIPTOR] + [data_dir / r["path"] for r in desc["resources"]]
    out: list[Any] = []
    for p in paths:
        try:
            st = p.stat()
            out.append((p.name, st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append((p.name, None, None))
    return tuple(out)


def load(name: str, data_dir: Path | str | None = None) -> pd.DataFrame:
    """Read, validate and return one table.

    The CSV named in the descriptor is checked against its Table Schema with ``frictionless``
    (types, required cells, enums, patterns, ranges, primary key, foreign keys), after a strict
    pass of our own (exact header, no stray spaces, plain decimal numbers: no ``nan``, ``inf``,
    exponents or leading zeros) and before the cross-row rules of the book (for example, the
    stages tile the years; ranges and bounds are coherent; actors and scales align).

    Parameters
    ----------
    name : str
        Table name (see :func:`table_names`), e.g. ``"table2"``.
    data_dir : Path, optional
        Folder holding ``datapackage.json`` and the CSV files; defaults to :data:`DATA_DIR`.

    Returns
    -------
    pandas.DataFrame
        One column per schema field, in schema order: integers as ``int64`` (``Int64`` when the
        column has empty cells), numbers as ``float64`` (empty = NaN), booleans as ``bool``,
        strings as ``str`` (empty = missing). A fresh copy each call.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the valid names.
    DataValidationError
        If the file breaks its schema or a cross-row rule.

    Examples
    --------
    >>> t2 = load("table2")
    >>> int(t2.query("year == 2013 and measure == 'gross_output'")["value"].iloc[0])
    327071

    """
    data_dir = _resolve(data_dir)
    desc = _read_descriptor(data_dir)
    res = _resource(desc, name)
    sig = _signature(data_dir, desc)
    key = (data_dir, name)
    hit = _cache.get(key)
    if hit is None or hit[0] != sig:
        frame = _load_uncached(data_dir, desc, res)
        _cache[key] = (sig, frame)
        hit = _cache[key]
    return hit[1].copy(deep=True)


def _load_uncached(data_dir: Path, desc: dict[str, Any], res: dict[str, Any]) -> pd.DataFrame:
    path = data_dir / res["path"]
    file = _display(path)
    fields = res["schema"]["fields"]
    rows = _read_strict(path, file, fields)
    stamp = _validated_stamp(data_dir, desc, res)
    if stamp is None or not stamp.exists():
        _validate_frictionless(data_dir, desc, res, file)
        _write_stamp(stamp)
    frame = _to_frame(rows, fields)
    problems = list(_check_translations(frame, fields))
    check = _CROSS_CHECKS.get(res["name"])
    if check is not None:
        problems += list(check(frame, data_dir))
    if problems:
        raise DataValidationError(file, problems)
    return frame


def _read_strict(path: Path, file: str, fields: list[dict[str, Any]]) -> list[list[str]]:
    """Read the CSV as text and check header, cell counts and literal syntax."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataValidationError(file, [Problem(None, None, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise DataValidationError(file, [Problem(None, None, f"not UTF-8: {exc}")]) from None
    records = list(csv.reader(text.splitlines(keepends=True)))
    if not records:
        raise DataValidationError(file, [Problem(1, None, "the file is empty (no header)")])
    header, body = records[0], records[1:]
    expected = [f["name"] for f in fields]
    problems: list[Problem] = []
    for col in header:
        if col not in expected:
            problems.append(Problem(1, col, f"not in the schema (expected columns: {expected})"))
    for col in expected:
        if col not in header:
            problems.append(Problem(1, col, "missing from the header"))
    if not problems and header != expected:
        problems.append(Problem(1, None, f"columns out of order: {header}; expected {expected}"))
    if problems:
        raise DataValidationError(file, problems)
    if not any(row for row in body):
        raise DataValidationError(file, [Problem(2, None, "the table has a header but no data "
                                                 "rows (was it cut short?)")])
    for i, row in enumerate(body):
        line = i + 2
        if len(row) != len(expected):
            problems.append(
                Problem(line, None, f"has {len(row)} cells, the header has {len(expected)}")
            )
            continue
        for cell, field in zip(row, fields, strict=True):
            problems.extend(_check_literal(cell, field, line))
    if problems:
        raise DataValidationError(file, problems)
    return body


def _check_literal(cell: str, field: dict[str, Any], line: int) -> Iterable[Problem]:
    name, ftype = field["name"], field.get("type", "string")
    if cell != cell.strip():
        yield Problem(line, name, f"{cell!r} has leading or trailing spaces")
        return
    if "\n" in cell or "\r" in cell:
        yield Problem(line, name, "contains a line break")
        return
    if cell == "":
        return  # required-ness is checked by the schema
    if ftype == "integer" and not _INTEGER.match(cell):
        yield Problem(line, name, f"{cell!r} is not an integer")
    elif ftype == "number" and not _NUMBER.match(cell):
        yield Problem(line, name, f"{cell!r} is not a number (plain decimal notation expected)")
    elif ftype == "boolean" and cell not in _BOOLEAN:
        yield Problem(line, name, f"{cell!r} is not a boolean (use true or false)")


#: Where a passed frictionless validation is remembered (``KUNSHAN_CACHE`` overrides).
VALIDATED_DIR_ENV = "KUNSHAN_CACHE"


def _validated_stamp(
    data_dir: Path, desc: dict[str, Any], res: dict[str, Any]
) -> Path | None:
    """Return the file that records that this exact table passed its frictionless check.

    Its name is a hash of everything the validation reads: the descriptor, the table's
    bytes, the bytes of every table its foreign keys point to, and the frictionless
    version. Any change gives a new name, so the table is validated again. Checking the
    74,631 rows of ``io_flows`` costs about 2.4 s of CPU, once per kernel without this.
    None when a referenced table cannot be read (the validation then runs and says why).
    """
    from importlib.metadata import version

    digest = hashlib.sha256(json.dumps(desc, sort_keys=True).encode())
    digest.update(version("frictionless").encode())
    names = [res["name"]] + sorted(
        {fk["reference"].get("resource") or res["name"]
         for fk in res["schema"].get("foreignKeys", [])}
    )
    try:
        for name in names:
            digest.update((data_dir / _resource(desc, name)["path"]).read_bytes())
    except (OSError, KeyError, ValueError):
        return None
    root = Path(os.environ.get(VALIDATED_DIR_ENV) or tempfile.gettempdir())
    return root / "kunshan-book-validated" / f"{res['name']}-{digest.hexdigest()[:32]}"


def _write_stamp(stamp: Path | None) -> None:
    """Record a passed validation; a folder that cannot be written only costs time."""
    if stamp is None:
        return
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
    except OSError:
        pass


def _validate_frictionless(
    data_dir: Path, desc: dict[str, Any], res: dict[str, Any], file: str
) -> None:
    """Validate one resource in its package context (so foreign keys are checked too)."""
    from frictionless import FrictionlessException, Package  # lazy: keeps `import` fast

    try:
        package = Package(copy.deepcopy(desc), basepath=str(data_dir))
    except FrictionlessException as exc:
        desc_file = _display(data_dir / _DESCRIPTOR)
        raise DataValidationError(desc_file, [Problem(None, None, str(exc))]) from None
    report = package.get_resource(res["name"]).validate()
    if report.valid:
        return
    fk_fields = {}
    for fk in res["schema"].get("foreignKeys", []):
        cols = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        fk_fields[", ".join(cols)] = fk
    problems = []
    for task in report.tasks:
        for err in task.errors:
            problems.append(_problem_from(err, res, fk_fields))
    for err in report.errors:
        problems.append(Problem(None, None, err.message))
    raise DataValidationError(file, problems)


def _problem_from(err: Any, res: dict[str, Any], fk_fields: dict[str, Any]) -> Problem:
    line = getattr(err, "row_number", None)
    column = getattr(err, "field_name", None) or None
    cell = getattr(err, "cell", None)
    note = getattr(err, "note", "") or ""
    etype = getattr(err, "type", "")
    if etype == "primary-key":
        column = ", ".join(res["schema"]["primaryKey"])
        return Problem(line, column, f"duplicate primary key ({note})")
    if etype == "foreign-key":
        for cols in fk_fields:
            if f'"{cols}"' in note or all(f'"{c}"' in note for c in cols.split(", ")):
                column = cols
                break
        else:
            column = ", ".join(fk_fields)
        return Problem(line, column, f"foreign key not found: {note}")
    if etype == "constraint-error" and 'constraint "required"' in note:
        return Problem(line, column, "is empty but required")
    if etype == "constraint-error":
        return Problem(line, column, f"{cell!r} breaks {note}")
    if etype == "type-error":
        return Problem(line, column, f"{cell!r} is not a valid value ({note})")
    return Problem(line, column, err.message)


def _to_frame(rows: list[list[str]], fields: list[dict[str, Any]]) -> pd.DataFrame:
    """Convert checked text cells to typed columns (no coercion: syntax was checked)."""
    columns: dict[str, pd.Series] = {}
    for j, field in enumerate(fields):
        raw = [r[j] for r in rows]
        ftype = field.get("type", "string")
        missing = any(c == "" for c in raw)
        if ftype == "integer":
            values = [None if c == "" else int(c) for c in raw]
            columns[field["name"]] = pd.Series(values, dtype="Int64" if missing else "int64")
        elif ftype == "number":
            columns[field["name"]] = pd.Series(
                [float("nan") if c == "" else float(c) for c in raw], dtype="float64"
            )
        elif ftype == "boolean":
            columns[field["name"]] = pd.Series([_BOOLEAN[c] for c in raw], dtype="bool")
        else:
            columns[field["name"]] = pd.Series([None if c == "" else c for c in raw], dtype="str")
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))


# --------------------------------------------------------------------------------------------
# cross-row rules (the schema cannot express these)


def _line(i: int) -> int:
    """CSV line of the data row at 0-based position ``i``."""
    return int(i) + 2


def _split(value: Any) -> list[str]:
    return [] if pd.isna(value) else str(value).split(";")


def _check_translations(df: pd.DataFrame, fields: list[dict[str, Any]]) -> Iterable[Problem]:
    """Check that a translated column (schema ``translation``) is filled where its English is."""
    for field in fields:
        of = (field.get("translation") or {}).get("of")
        if of is None:
            continue
        for i in df.index[df[of].notna() & df[field["name"]].isna()]:
            yield Problem(_line(i), field["name"],
                          f"no translation of {of}={df.at[i, of]!r} (the Chinese edition "
                          f"shows this column)")


def _check_stages(df: pd.DataFrame, data_dir: Path) -> Iterable[Problem]:
    order = df.sort_values("stage")
    prev = None
    for expected, (i, row) in enumerate(order.iterrows(), start=1):
        if row["stage"] != expected:
            yield Problem(
                _line(i), "stage", f"stages must be numbered 1, 2, ...; found {row['stage']}"
            )
        if row["start_year"] > row["end_year"]:
            yield Problem(
                _line(i),
                "end_year",
                f"end_year {row['end_year']} is before start_year {row['start_year']}",
            )
        if prev is not None and row["start_year"] != prev["end_year"] + 1:
            kind = "a gap" if row["start_year"] > prev["end_year"] + 1 else "an overlap"
            yield Problem(
                _line(i),
                "start_year",
                f"stage {row['stage']} starts in {row['start_year']} but stage {prev['stage']} "
                f"ends in {prev['end_year']}: {kind}; stages must tile the years",
            )
        prev = row


_TABLE2_UNITS = {
    "enterprises": "enterprises",
    "employed_persons": "ten thousand persons",
    "gross_output": "million yuan",
    "output": "million yuan",
    "share_of_emerging": "percent",
    "share_of_manufacturing": "percent",
}
_TABLE2_BY_INDUSTRY = {"output", "share_of_emerging"}


def _check_table2(df: pd.DataFrame, data_dir: Path) -> Iterable[Problem]:
    for i, row in df.iterrows():
        by_industry = row["measure"] in _TABLE2_BY_INDUSTRY
        if by_industry and pd.isna(row["industry"]):
            yield Problem(_line(i), "industry", f"measure {row['measure']!r} needs an industry")
        if not by_industry and not pd.isna(row["industry"]):
            yield Problem(
                _line(i), "industry", f"measure {row['measure']!r} is a total: leave it empty"
            )
        if row["unit"] != _TABLE2_UNITS[row["measure"]]:
            yield Problem(
                _line(i),
                "unit",
                f"{row['unit']!r} does not fit measure {row['measure']!r} "
                f"(expected {_TABLE2_UNITS[row['measure']]!r})",
            )
        if row["unit"] == "percent" and row["value"] > 100:
            yield Problem(_line(i), "value", f"{row['value']} percent is above 100")


def _check_concentration(df: pd.DataFrame, data_dir: Path) -> Iterable[Problem]:
    divisions = set(load("divisions", data_dir)["code"])
    subsectors = set(load("it_subsectors", data_dir)["code"])
    for i, row in df.iterrows():
        code = row["code"]
        if row["measure"] == "hhi":
            if not pd.isna(code):
                yield Problem(
                    _line(i), "code", "the HHI covers all manufacturing: leave code empty"
                )
            if row["unit"] != "index" or row["value"] > 1:
                yield Problem(
                    _line(i), "value", "an HHI is an index between 0 and 1 (unit 'index')"
                )
            continue
        if pd.isna(code):
            yield Problem(_line(i), "code", f"measure {row['measure']!r} needs a sector code")
        elif code not in divisions and code not in subsectors:
            yield Problem(
                _line(i), "code", f"{code} is neither in divisions.csv nor in it_subsectors.csv"
            )
        if row["unit"] == "percent" and row["value"] > 100:
            yield Problem(_line(i), "value", f"{row['value']} percent is above 100")


def _check_bounds(df: pd.DataFrame) -> Iterable[Problem]:
    for i, row in df.iterrows():
        has = {c: not pd.isna(row[c]) for c in ("value", "value_low", "value_high")}
        if row["bound"] == "range":
            for c in ("value_low", "value_high"):
                if not has[c]:
                    yield Problem(_line(i), c, "a range needs value_low and value_high")
            if has["value"]:
                yield Problem(
                    _line(i), "value", "a range keeps value empty (use value_low/value_high)"
                )
            if has["value_low"] and has["value_high"] and row["value_low"] > row["value_high"]:
                yield Problem(_line(i), "value_high", "value_high is below value_low")
        else:
            if not has["value"]:
                yield Problem(_line(i), "value", f"bound {row['bound']!r} needs a value")
            for c in ("value_low", "value_high"):
                if has[c]:
                    yield Problem(_line(i), c, f"only ranges use {c} (bound is {row['bound']!r})")
        if row["unit"] == "percent":
            for c in ("value", "value_low", "value_high"):
                if has[c] and row[c] > 100:
                    yield Problem(_line(i), c, f"{row[c]} percent is above 100")


def _check_period(df: pd.DataFrame, start: str, end: str) -> Iterable[Problem]:
    for i, row in df.iterrows():
        if pd.isna(row[end]):
            continue
        if pd.isna(row[start]):
            yield Problem(_line(i), start, f"{end} is set but {start} is empty")
        elif row[end] < row[start]:
            yield Problem(_line(i), end, f"{row[end]} is before {start} {row[start]}")


def _check_indicators(df: pd.DataFrame, data_dir: Path) -> Iterable[Problem]:
    yield from _check_bounds(df)
    yield from _check_period(df, "year", "year_end")


def _check_events(df: pd.DataFrame, data_dir: Path) -> Iterable[Problem]:
    st = stages(data_dir)
    first, last = int(st["start_year"].min()), int(st["end_year"].max())
    for i, row in df.iterrows():
        actors, scales = _split(row["actors"]), _split(row["actor_scales"])
        if len(actors) != len(scales):
            yield Problem(
                _line(i),
                "actor_scales",
                f"{len(scales)} scales for {len(actors)} actors; they must align one-to-one",
            )
        if any(a.strip() != a or a == "" for a in actors):
            yield Problem(_line(i), "actors", "empty actor or stray spaces around ';'")
        if not pd.isna(row["day"]) and pd.isna(row["month"]):
            yield Problem(_line(i), "month", "a day is given without a month")
        if not pd.isna(row["month"]) and not pd.isna(row["day"]):
            try:
                pd.Timestamp(year=int(row["year"]), month=int(row["month"]), day=int(row["day"]))
            except ValueError:
                yield Problem(
                    _line(i), "day", f"{row['year']}-{row['month']}-{row['day']} is not a date"
                )
        if not first <= row["year"] <= last:
            yield Problem(_line(i), "year", f"{row['year']} is outside the stages ({first}-{last})")


def _check_claims(df: pd.DataFrame, data_dir: Path) -> Iterable[Problem]:
    yield from _check_period(df, "year_start", "year_end")
    for i, row in df.iterrows():
        if pd.isna(row["value"]) != pd.isna(row["denominator"]):
            yield Problem(_line(i), "denominator", "value and denominator go together")
        if row["relation"] in ("approx", "ratio") and pd.isna(row["value"]):
            yield Problem(_line(i), "value", f"relation {row['relation']!r} needs a threshold")


def _check_unavailable(df: pd.DataFrame, data_dir: Path) -> Iterable[Problem]:
    yield from _check_period(df, "year_start", "year_end")


_CROSS_CHECKS: dict[str, Callable[[pd.DataFrame, Path], Iterable[Problem]]] = {
    "stages": _check_stages,
    "table2": _check_table2,
    "concentration": _check_concentration,
    "indicators": _check_indicators,
    "events": _check_events,
    "claims": _check_claims,
    "unavailable": _check_unavailable,
}


# --------------------------------------------------------------------------------------------
# convenience accessors


def stages(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Return the stages table sorted by stage (the year convention every chart uses).

    Parameters
    ----------
    data_dir : Path, optional
        Folder holding the data; defaults to :data:`DATA_DIR`.

    Returns
    -------
    pandas.DataFrame
        Columns ``stage``, ``name``, ``article_period``, ``start_year``, ``end_year``,
        ``basis``, ``source``; years inclusive.

    """
    return load("stages", data_dir).sort_values("stage").reset_index(drop=True)


def stage_of_year(year: int, data_dir: Path | str | None = None) -> int | None:
    """Return the stage a calendar year belongs to under the book's convention.

    Parameters
    ----------
    year : int
        Calendar year.
    data_dir : Path, optional
        Folder holding the data; defaults to :data:`DATA_DIR`.

    Returns
    -------
    int or None
        1, 2 or 3; None for a year outside every stage (e.g. 1978).

    Examples
    --------
    >>> stage_of_year(1998), stage_of_year(2010), stage_of_year(1978)
    (2, 3, None)

    Raises
    ------
    ValueError
        If ``year`` is not a whole number (a string such as ``"2005"``, or ``2005.5``).

    """
    whole = isinstance(year, int | np.integer) or (
        isinstance(year, float | np.floating) and float(year).is_integer())
    if isinstance(year, bool | np.bool_) or not whole:
        raise ValueError(f"year must be a whole number such as 2005, got {year!r} "
                         f"({type(year).__name__})")
    year = int(year)
    st = stages(data_dir)
    hit = st[(st["start_year"] <= year) & (st["end_year"] >= year)]
    return None if hit.empty else int(hit["stage"].iloc[0])


def lookup(name: str, data_dir: Path | str | None = None, **criteria: Any) -> pd.Series:
    """Return the single row of a table that matches every ``column=value`` criterion.

    Handy for gluing one number into prose, e.g.
    ``lookup("indicators", indicator="laptop_output", year=2010)["value"]``.
    A criterion of ``None`` matches an empty cell.

    Parameters
    ----------
    name : str
        Table name.
    data_dir : Path, optional
        Folder holding the data; defaults to :data:`DATA_DIR`.
    **criteria
        Column names and the values they must equal.

    Returns
    -------
    pandas.Series
        The matching row.

    Raises
    ------
    KeyError
        If a criterion names an unknown column, or no row or several rows match.

    """
    df = load(name, data_dir)
    mask = pd.Series(True, index=df.index)
    for col, val in criteria.items():
        if col not in df.columns:
            raise KeyError(f"{name} has no column {col!r}; columns are {list(df.columns)}")
        mask &= df[col].isna() if val is None else (df[col] == val).fillna(False).astype(bool)
    hit = df[mask]
    if len(hit) != 1:
        raise KeyError(f"{len(hit)} rows of {name} match {criteria}; expected exactly one")
    return hit.iloc[0]
