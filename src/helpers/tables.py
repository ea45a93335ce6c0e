"""Tables and small results written for readers, not Python's default reprs.

Chapters show a DataFrame with :func:`show_table` and a few named numbers with
:func:`show_values`, so that no page shows ``dtype: float64``, a tuple, ``0..n`` headers,
an index-name row, cells cut with ``...`` or raw ``True``/``False``. Both return an object
that displays as HTML on the site and in JupyterLab (and as plain text in a terminal).
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Mapping
from typing import Any

import pandas as pd

from helpers.i18n import tr, tr_user

__all__ = ["header_text", "show_table", "show_values", "Table"]


def header_text(name: Any) -> str:
    """Return a column name as a reader's header: ``what_survives`` -> ``What survives``.

    In the Chinese edition a header the catalogue has (``src/helpers/i18n/zh``) is written
    in Chinese; any other comes back in words as in English.

    Examples
    --------
    >>> header_text("share_printed")
    'Share printed'

    """
    text = str(name).replace("_", " ").strip()
    return tr_user(text[:1].upper() + text[1:]) if text else text


class Table:
    """An HTML table (``_repr_html_``) with a plain-text fallback."""

    def __init__(self, html_text: str, text: str) -> None:
        self.html = html_text
        self.text = text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def _cell(value: Any, decimals: int | None) -> str:
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return tr("yes") if value else tr("no")
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):,.{decimals}f}" if decimals is not None else f"{float(value):,.6g}"
    return str(value)


def show_table(
    frame: pd.DataFrame | pd.Series,
    *,
    headers: Mapping[str, str] | None = None,
    index: bool | None = None,
    decimals: int | None = None,
    caption: str | None = None,
) -> Table:
    """Return ``frame`` as a table for readers.

    Headers are named (``headers`` maps a column to its header; other snake_case names
    become words), a meaningful index becomes a named first column, the default 0..n
    index is left out, booleans read "yes"/"no", no cell is cut short, and a wide table
    scrolls inside its own box (``kunshan-table-wrap``) with a visible cue.

    Parameters
    ----------
    frame
        The table (a Series is shown as a two-column table of its index and values).
    headers
        Header text for some or all columns (and for the index, by its name).
    index
        Show the index as the first column (default: unless it is a plain 0..n range).
    decimals
        Fixed number of decimals for non-integer numbers (default: up to 6 significant).
    caption
        Optional caption above the table.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame or Series.
    ValueError
        If ``headers`` names a column that is not in ``frame``.

    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(frame.name if frame.name is not None else "value")
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a DataFrame or Series, got {type(frame).__name__}")
    headers = dict(headers or {})
    if index is None:
        index = not isinstance(frame.index, pd.RangeIndex)
    shown = frame.reset_index() if index else frame.reset_index(drop=True)
    if isinstance(shown.columns, pd.MultiIndex):
        shown.columns = [" ".join(str(p) for p in c if str(p)) for c in shown.columns]
    shown.columns = [("" if str(c) == "index" and not index else c) for c in shown.columns]
    unknown = sorted(set(headers) - {str(c) for c in shown.columns})
    if unknown:
        raise ValueError(f"headers names column(s) not in frame: {unknown}")
    names = [headers.get(str(c), header_text(c)) for c in shown.columns]
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(
        shown[c]) for c in shown.columns]
    align = [' class="num"' if n else "" for n in numeric]
    head = "".join(f'<th scope="col"{a}>{html.escape(h)}</th>'
                   for h, a in zip(names, align, strict=True))
    rows = []
    for values in shown.itertuples(index=False, name=None):
        cells = "".join(f"<td{a}>{html.escape(_cell(v, decimals))}</td>"
                        for v, a in zip(values, align, strict=True))
        rows.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    table = (f'<div class="kunshan-table-wrap"><table class="table kunshan-table">{cap}'
             f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
    text_rows = [" | ".join(names)] + [
        " | ".join(_cell(v, decimals) for v in values)
        for values in shown.itertuples(index=False, name=None)]
    return Table(table, "\n".join(text_rows))


def show_values(values: Mapping[str, Any], *, decimals: int | None = None,
                headers: tuple[str, str] | None = None) -> Table:
    """Return a few named results as a two-column table (instead of printing a tuple).

    Examples
    --------
    >>> show_values({"HHI": 0.25}).text.splitlines()[1]
    'HHI | 0.25'

    """
    if not isinstance(values, Mapping) or not values:
        raise ValueError("values must be a non-empty mapping of names to values")
    if headers is None:
        headers = (tr("Quantity"), tr("Value"))
    frame = pd.DataFrame({headers[0]: list(values), headers[1]: list(values.values())})
    return show_table(frame, index=False, decimals=decimals,
                      headers={headers[0]: headers[0], headers[1]: headers[1]})
