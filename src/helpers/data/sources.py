"""Which data the article's concentration figures rest on, read from one place.

The ``data_source`` column of ``data/concentration.csv`` records, for every figure of §5,
the data the article says it rests on: the Kunshan Statistical Yearbooks (stated for the
HHI), the Annual Survey of Industrial Firms (the source line of Figures 2 and 3), or
nothing (``not stated``: Table 1's CR4, whose source line is lost with the table, and the
65% IT share, printed beside Figure 2 with no source of its own). Chapters that say where a
figure comes from call :func:`source_phrase`, so the attribution is written once, in the
data, and every page agrees with it.

Examples
--------
>>> from helpers import data
>>> data.source_phrase("hhi", 2009)
'the Kunshan Statistical Yearbooks'
>>> data.source_phrase("cr4", 2009, code=404)
'data the article does not name'

"""

from __future__ import annotations

from pathlib import Path

from helpers.data._core import lookup
from helpers.i18n import tr

__all__ = ["SOURCE_PHRASES", "data_source", "source_phrase"]

#: Reader's wording of each value of ``concentration.data_source``.
SOURCE_PHRASES: dict[str, str] = {
    "yearbook": "the Kunshan Statistical Yearbooks",
    "asif": "the Annual Survey of Industrial Firms",
    "not stated": "data the article does not name",
}


def data_source(measure: str, year: int, code: int | None = None,
                data_dir: Path | str | None = None) -> str:
    """Return the ``data_source`` code of one row of the ``concentration`` table.

    Parameters
    ----------
    measure : str
        The row's ``measure`` (``hhi``, ``cr4``, ``share_of_manufacturing`` ...).
    year : int
        The row's year.
    code : int, optional
        The row's sector code (``None`` for the HHI, which has none).
    data_dir : Path, optional
        Folder holding the data; defaults to the package's own.

    Returns
    -------
    str
        ``yearbook``, ``asif`` or ``not stated``.

    Raises
    ------
    KeyError
        If no row, or more than one, matches.

    Examples
    --------
    >>> data_source("share_of_manufacturing", 2009, code=40)
    'not stated'

    """
    row = lookup("concentration", data_dir, measure=measure, year=year, code=code)
    return str(row["data_source"])


def source_phrase(measure: str, year: int, code: int | None = None,
                  data_dir: Path | str | None = None) -> str:
    """Return where a concentration figure comes from, in words for a sentence.

    The wording is :data:`SOURCE_PHRASES` of the row's ``data_source``, in the book's
    current language (:mod:`helpers.i18n`); see :func:`data_source` for the parameters.

    Raises
    ------
    KeyError
        If no row, or more than one, matches.
    ValueError
        If the row holds a ``data_source`` with no wording (the schema's enum and
        :data:`SOURCE_PHRASES` have drifted apart).

    Examples
    --------
    >>> source_phrase("rank_in_manufacturing", 1999, code=40)
    'the Annual Survey of Industrial Firms'

    """
    key = data_source(measure, year, code, data_dir)
    if key not in SOURCE_PHRASES:
        raise ValueError(f"concentration.csv: data_source {key!r} of {measure} {year} "
                         f"has no wording in helpers.data.SOURCE_PHRASES")
    return tr(SOURCE_PHRASES[key])

