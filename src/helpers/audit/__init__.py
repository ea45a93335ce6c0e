"""Cross-check the article's numbers against each other.

:func:`audit` returns one row per check. Every ``expected`` and ``found`` value is computed from
the tables in ``data/`` (the thresholds of prose claims come from ``claims.csv``); none is typed
here. The arithmetic is deliberately plain pandas so the audit depends on nothing but
:mod:`helpers.data` (and :mod:`helpers.i18n` for its wording: descriptions and notes are
written in the current language, :func:`helpers.i18n.tr`; verdicts, check ids and locators
stay as they are, for code to compare).

Verdicts (a small fixed vocabulary, :data:`VERDICTS`):

``consistent``
    The relation holds as printed (for approximate wording such as "about 16%" or "one-third":
    within :data:`APPROX_TOLERANCE_PP` percentage points).
``rounding``
    The relation holds only once the rounding of the printed figures is allowed for (a total that
    differs from the sum of its parts by less than their combined rounding; a printed integer
    share that is the floor or ceiling, not the nearest integer, of the computed share).
``inconsistent``
    The printed figures cannot all be true under the stated definitions.
``undetermined``
    The article's own numbers cannot settle it (different years, bases or definitions); the note
    says what would be needed.

The checks live in submodules by subject (:mod:`helpers.audit.table2`,
:mod:`helpers.audit.concentration`, :mod:`helpers.audit.indicators`).

Examples
--------
>>> from helpers.audit import audit
>>> a = audit()
>>> a.loc[a["check"] == "hhi_2009_vs_it_share", "verdict"].item()
'inconsistent'

"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers import data
from helpers.audit._common import APPROX_TOLERANCE_PP, COLUMNS, VERDICTS, Row, labels
from helpers.audit.concentration import concentration_checks
from helpers.audit.indicators import indicator_checks, plan_checks
from helpers.audit.table2 import slip_candidates, table2_checks, table2_sums

__all__ = ["APPROX_TOLERANCE_PP", "COLUMNS", "VERDICTS", "audit", "slip_candidates", "table2_sums"]


def audit(data_dir: Path | str | None = None) -> pd.DataFrame:
    """Cross-check the article's numbers and return one row per check.

    Parameters
    ----------
    data_dir : Path, optional
        Folder holding the data; defaults to :data:`helpers.data.DATA_DIR`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`: ``check`` (stable id), ``description``, ``expected`` and
        ``found`` (text, computed from the tables), ``verdict`` (one of :data:`VERDICTS`),
        ``locator`` (where in the article) and ``note``. Descriptions, notes and the words
        in ``expected``/``found`` are in the current language (:func:`helpers.i18n.language`);
        the numbers are the same in every language.

    """
    t2 = data.load("table2", data_dir)
    claims = data.load("claims", data_dir)
    conc = data.load("concentration", data_dir)
    ind = data.load("indicators", data_dir)
    emerging = data.load("emerging_industries", data_dir)
    names = labels(emerging)
    rows: list[Row] = []
    rows += table2_checks(t2, claims, names)
    rows += concentration_checks(
        conc, ind, data.load("divisions", data_dir), data.load("it_subsectors", data_dir), claims
    )
    rows += indicator_checks(ind, data.load("events", data_dir), claims, emerging)
    rows += plan_checks(ind, emerging, t2, names)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    if frame["check"].duplicated().any():
        raise RuntimeError("duplicate audit check ids")
    return frame
