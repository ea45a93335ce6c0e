"""Add a Chinese column beside an English one in a table of ``data/`` (issue 24).

The column is the book's own translation: its schema field says so
(``"translation": {"of": <English column>, "by": "book"}``) and the loader checks it is
filled wherever the English is. Values come from a CSV of ``english,chinese`` pairs, so
that each English label is translated once even where it repeats.

Usage::

    python scripts/zh_columns.py TABLE COLUMN PAIRS.csv   # adds COLUMN_zh after COLUMN

Rows are rewritten with Python's csv module (minimal quoting, newline line ends), as the
tables are written; no other cell changes.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def add_column(table: str, column: str, pairs: dict[str, str], root: Path = DATA) -> Path:
    """Insert ``<column>_zh`` after ``column`` in ``table``'s CSV and schema.

    Raises
    ------
    ValueError
        Naming the table, row and value of an English label with no Chinese in ``pairs``,
        or an unknown table or column.

    """
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    res = next((r for r in package["resources"] if r["name"] == table), None)
    if res is None:
        raise ValueError(f"unknown table {table!r}")
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    if column not in names:
        raise ValueError(f"{table} has no column {column!r} (has {names})")
    new = f"{column}_zh"
    path = root / res["path"]
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    at = header.index(column)
    if new in header:
        at_new = header.index(new)
        for row in body:
            del row[at_new]
        header.remove(new)
        fields[:] = [f for f in fields if f["name"] != new]
    out_rows = [header[:at + 1] + [new] + header[at + 1:]]
    for number, row in enumerate(body, start=2):
        english = row[at]
        if english and english not in pairs:
            raise ValueError(f"{path.name} row {number}: no Chinese for {column}={english!r}")
        out_rows.append(row[:at + 1] + [pairs.get(english, "")] + row[at + 1:])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(out_rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    english_field = fields[names.index(column)]
    field = {
        "name": new,
        "type": "string",
        "title": f"{english_field.get('title', column)} (Chinese)",
        "description": (f"The book's own Chinese translation of `{column}`, for the Chinese "
                        "edition; not from the article."),
        "translation": {"of": column, "by": "book"},
    }
    if english_field.get("constraints", {}).get("required"):
        field["constraints"] = {"required": True}
    fields.insert(names.index(column) + 1, field)
    (root / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: ``TABLE COLUMN PAIRS.csv``."""
    table, column, pairs_file = (argv if argv is not None else sys.argv[1:])
    with open(pairs_file, encoding="utf-8", newline="") as fh:
        pairs = {row["english"]: row["chinese"] for row in csv.DictReader(fh)}
    print(add_column(table, column, pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
