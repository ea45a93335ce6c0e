"""The book's languages: one catalogue of labels, and the language a kernel writes in.

The English edition needs nothing from this module: every label is written in English
where it is used. The Chinese edition (``book/zh/``) runs the same code cells with one
line more, ``i18n.use_language("zh")``, in its first cell; from then on

* :func:`tr` turns an English label (a chart title, an axis or legend title, a tooltip,
  an input's label, an accessible description, a generated table header, a text value
  the prose shows) into its Chinese form from the catalogue ``src/helpers/i18n/zh/*.csv``
  (columns ``english``, ``chinese``, ``note``), filling ``{placeholders}`` with the
  values given;
* :func:`column` picks the Chinese column of a data table (``name_zh`` for ``name``),
  the book's own translation kept beside the English in ``data/``.

A label is catalogued once, under its English wording (as gettext does): the English
code reads as English, and a change of the English wording shows as a missing Chinese
label (:func:`tr` raises, naming the label and the catalogue).

Examples
--------
>>> from helpers import i18n
>>> i18n.tr("Year")
'Year'
>>> with i18n.using("zh"):
...     i18n.tr("Year")
'年份'

"""

from __future__ import annotations

import csv
import re
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "LANGUAGES",
    "CATALOGUE_DIR",
    "use_language",
    "language",
    "using",
    "tr",
    "tr_user",
    "column",
    "catalogue",
    "has_cjk",
    "month_name",
    "placeholders",
]

#: The languages the book is written in: English (the source) and Simplified Chinese.
LANGUAGES: tuple[str, ...] = ("en", "zh")
#: Where the catalogue of each language other than English lives (one CSV per subject).
CATALOGUE_DIR = Path(__file__).resolve().parent

_state = {"language": "en"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_COLUMNS = ("english", "chinese", "note")


def use_language(lang: str) -> None:
    """Write every later label in ``lang`` (``"en"`` or ``"zh"``) in this kernel.

    Raises
    ------
    ValueError
        Naming ``lang`` if it is not one of :data:`LANGUAGES`.

    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    _state["language"] = lang


def language() -> str:
    """Return the language labels are written in now (``"en"`` unless changed)."""
    return _state["language"]


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Write labels in ``lang`` inside a ``with`` block, then go back (for tests)."""
    before = language()
    use_language(lang)
    try:
        yield
    finally:
        use_language(before)


def has_cjk(text: Any) -> bool:
    """Whether ``text`` holds a Chinese character (it is already in Chinese)."""
    return isinstance(text, str) and bool(_CJK.search(text))


def placeholders(template: str) -> set[str]:
    """Return the ``{names}`` a label template fills (``{year:d}`` counts as ``year``)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@cache
def catalogue(lang: str = "zh") -> Mapping[str, str]:
    """Return the catalogue of ``lang``: English label -> label in ``lang``.

    Read from every ``src/helpers/i18n/<lang>/*.csv`` (columns ``english``,
    ``chinese``, ``note``).

    Raises
    ------
    ValueError
        Naming the file and row of a row without a translation, of a translation whose
        ``{placeholders}`` differ from the English, or of an English label given two
        different translations.

    """
    if lang not in LANGUAGES or lang == "en":
        raise ValueError(f"lang must be one of {LANGUAGES[1:]}, got {lang!r}")
    out: dict[str, str] = {}
    where: dict[str, str] = {}
    for path in sorted((CATALOGUE_DIR / lang).glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if list(reader.fieldnames or []) != list(_COLUMNS):
                raise ValueError(f"{path}: columns must be {list(_COLUMNS)}, "
                                 f"got {reader.fieldnames}")
            for row_number, row in enumerate(reader, start=2):
                english, chinese = row["english"] or "", row["chinese"] or ""
                here = f"{path.name} row {row_number}"
                if not english.strip() or not chinese.strip():
                    raise ValueError(f"{path}: row {row_number} needs both 'english' and "
                                     f"'chinese'")
                if placeholders(english) != placeholders(chinese):
                    raise ValueError(
                        f"{path}: row {row_number}: placeholders differ: english "
                        f"{sorted(placeholders(english))}, chinese "
                        f"{sorted(placeholders(chinese))}")
                if english in out and out[english] != chinese:
                    raise ValueError(f"{path}: row {row_number}: {english!r} is translated "
                                     f"differently in {where[english]}")
                out[english] = chinese
                where[english] = here
    return out


def tr(text: str, /, **values: Any) -> str:
    """Return the label ``text`` in the current language, its placeholders filled.

    Parameters
    ----------
    text
        The label in English, with ``{name}`` placeholders for values (Python's
        ``str.format`` syntax, e.g. ``"{share:.0f}% of output"``).
    **values
        The values of the placeholders (numbers are formatted alike in both languages).

    Raises
    ------
    LookupError
        When writing Chinese and the catalogue has no row for ``text`` (naming it and
        the catalogue's folder).
    KeyError
        If a placeholder has no value.

    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    lang = language()
    template = text
    if lang != "en" and not has_cjk(text):
        found = catalogue(lang).get(text)
        if found is None:
            raise LookupError(
                f"no {lang} label for {text!r}: add a row (english, chinese, note) to a "
                f"CSV in {CATALOGUE_DIR / lang}")
        template = found
    return template.format(**values) if values else template


def tr_user(text: Any) -> Any:
    """Return a caller's label in the current language when the catalogue has it.

    For labels a reader passes in (their own chart title, their own data): a catalogued
    label is translated, anything else comes back as given (it is the reader's own
    wording), as do values that are not strings.
    """
    if not isinstance(text, str) or language() == "en" or has_cjk(text):
        return text
    return catalogue(language()).get(text, text)


def column(frame: Any, name: str) -> str:
    """Return which column of ``frame`` holds the label ``name`` in the current language.

    In Chinese a table's ``<name>_zh`` column (the book's own translation, kept beside
    the English in ``data/``) when ``frame`` has one, else ``name`` itself (e.g. a
    reader's own data).

    Raises
    ------
    ValueError
        If ``frame`` has no column ``name``.

    """
    columns = list(getattr(frame, "columns", []))
    if name not in columns:
        raise ValueError(f"frame has no column {name!r} (has {columns})")
    if language() != "en" and f"{name}_{language()}" in columns:
        return f"{name}_{language()}"
    return name


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def month_name(month: int) -> str:
    """Name of ``month`` (1-12) in the current language (``"May"``, ``"5月"``)."""
    if not 1 <= int(month) <= 12:
        raise ValueError(f"month must be 1-12, got {month!r}")
    return _MONTHS[int(month) - 1] if language() == "en" else f"{int(month)}月"
