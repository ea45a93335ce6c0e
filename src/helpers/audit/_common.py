"""Shared pieces of :mod:`helpers.audit`: the row, the verdict rules and the wording helpers.

Every description and note the audit writes goes through :func:`helpers.i18n.tr` (English
templates with ``{placeholders}``, their Chinese in ``src/helpers/i18n/zh/audit.csv``); a
phrase quoted from the article stays in English, with a Chinese gloss in the Chinese
edition (:func:`quote`).
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from helpers import i18n

#: The verdicts :func:`helpers.audit.audit` may return.
VERDICTS: tuple[str, ...] = ("consistent", "rounding", "inconsistent", "undetermined")

#: Columns of the frame returned by :func:`helpers.audit.audit`.
COLUMNS: tuple[str, ...] = (
    "check",
    "description",
    "expected",
    "found",
    "verdict",
    "locator",
    "note",
)

#: Tolerance, in percentage points, for the article's approximate wording ("about 16%",
#: "one-third"): the book's audit rule, not a number from the article.
APPROX_TOLERANCE_PP: float = 1.0

Row = dict[str, Any]

_LATIN = re.compile(r"[A-Za-z]")


def row(
    check: str,
    description: str,
    expected: str,
    found: str,
    verdict: str,
    locator: str,
    note: str = "",
) -> Row:
    """One audit row (``verdict`` must be one of :data:`VERDICTS`)."""
    assert verdict in VERDICTS, verdict
    return {
        "check": check,
        "description": description,
        "expected": expected,
        "found": found,
        "verdict": verdict,
        "locator": locator,
        "note": note,
    }


def num(x: float, digits: int = 0) -> str:
    """``x`` with thousands separators and ``digits`` decimals (the same in every language)."""
    return f"{x:,.{digits}f}"


def quote(phrase: str, gloss: str | None = None) -> str:
    """Quote a phrase of the article, in English in both editions.

    English: ``'phrase'``. Chinese: ``“phrase”（gloss）``, the gloss from the catalogue
    (``tr(phrase)``) unless given; a phrase without letters ("44%") needs no gloss.
    """
    if i18n.language() == "en":
        return f"'{phrase}'"
    if not _LATIN.search(phrase):
        return f"“{phrase}”"
    return f"“{phrase}”（{i18n.tr(phrase) if gloss is None else gloss}）"


def labels(emerging: pd.DataFrame) -> dict[str, str]:
    """Industry id -> how the audit names it: the id in English, Table 2's name in Chinese."""
    if i18n.language() == "en":
        return {ind: ind for ind in emerging["industry"]}
    col = i18n.column(emerging, "name_table2")
    return dict(zip(emerging["industry"], emerging[col], strict=True))


def round_half_up(x: float) -> int:
    """``x`` rounded to the nearest integer, halves up (as printed tables round)."""
    return math.floor(x + 0.5)


def rounding_verdict(printed: float, computed: float) -> str:
    """Verdict for an integer printed from ``computed``."""
    if round_half_up(computed) == printed:
        return "consistent"
    if abs(computed - printed) < 1:
        return "rounding"
    return "inconsistent"


def one_digit_apart(a: float, b: float) -> bool:
    """Whether the integers ``a`` and ``b`` have the same length and differ in one digit."""
    sa, sb = str(int(a)), str(int(b))
    return len(sa) == len(sb) and sum(x != y for x, y in zip(sa, sb, strict=True)) == 1


def claim(claims: pd.DataFrame, name: str) -> pd.Series:
    """Return the single row of ``claims.csv`` for claim ``name``."""
    hit = claims[claims["claim"] == name]
    if len(hit) != 1:
        raise KeyError(f"claims.csv has no single row for claim {name!r}")
    return hit.iloc[0]


def threshold_pct(c: pd.Series) -> float:
    """Return a claim's threshold in percent (``value / denominator``)."""
    return 100 * float(c["value"]) / float(c["denominator"])


def years(c: pd.Series) -> range:
    """Return the years a claim covers."""
    return range(int(c["year_start"]), int(c["year_end"]) + 1)


def approx_verdict(found: float, expected: float) -> str:
    """Verdict for approximate wording, within :data:`APPROX_TOLERANCE_PP`."""
    return "consistent" if abs(found - expected) <= APPROX_TOLERANCE_PP else "inconsistent"
