"""Self-checks for the exercises with a numeric or one-word answer.

In a live notebook a student writes their answer into the line under an exercise::

    from helpers.selfcheck import check
    check("ch05-ex-floor", 0.4)

and is told whether it is right, close or wrong, with a hint. The expected answer is never
printed. Each expected answer is computed here from the book's data and metric functions,
the same ones the exercise's solution uses, never typed; ``tests/test_selfcheck.py`` runs
each solution and checks that its result is "right" here, so the two stay in step.

With ``...`` as the answer (as the chapters ship), ``check`` says what to enter; on the
static site (where the cell's input is hidden) that note is all the reader sees.

Examples
--------
>>> from helpers.selfcheck import check, verdict
>>> verdict("ch06-ex-cagr", -50.0)
'wrong'
>>> "ch05-ex-floor" in labels()
True

"""

from __future__ import annotations

import difflib
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from helpers import byod, data, metrics, synthetic
from helpers.i18n import tr, tr_user

# ---------------------------------------------------------------------------
# expected answers, computed from the book's data (one function per exercise)
# ---------------------------------------------------------------------------


def _gdp_per_head() -> float:
    gdp = data.lookup("indicators", indicator="gdp", scope="kunshan")["value"]  # billion yuan
    people = data.lookup("indicators", indicator="permanent_residents", scope="kunshan")["value"]
    return float(gdp * 1e9 / (people * 1e6))


def _far_stage() -> int:
    table = data.load("coalitions").drop_duplicates(["stage", "actor"])
    far = table["scale"].isin(["national", "cross-strait", "global"])
    share = far.groupby(table["stage"]).mean()
    return int(share.idxmax())


def _it_share_2009() -> float:
    return float(data.lookup("concentration", measure="share_of_manufacturing", code=40,
                             year=2009)["value"]) / 100


def _n_divisions() -> int:
    return int(data.lookup("indicators", indicator="manufacturing_divisions_in_hhi")["value"])


def _floor_over_divisions() -> float:
    return float(metrics.hhi_lower_bound([_it_share_2009()], n=_n_divisions()))


def _top_stage1_resource() -> str:
    events = data.load("events")
    stage1 = events[events["stage"] == 1]
    counts = stage1["resource"].dropna().str.split(";").explode().str.strip().value_counts()
    return str(counts.index[0])


def _floor_of_share() -> float:
    return float(metrics.hhi_lower_bound([_it_share_2009()]))


def _emerging_cagr() -> float:
    t2 = data.load("table2")
    m = metrics.to_matrix(t2[t2["measure"] == "output"], region="year", industry="industry",
                          value="value")
    first, last = int(m.index.min()), int(m.index.max())
    return float(100 * ((m.loc[last].sum() / m.loc[first].sum()) ** (1 / (last - first)) - 1))


def _new_partners_stage3() -> float:
    c = data.load("coalitions")
    before, now = set(c.loc[c["stage"] == 2, "actor"]), set(c.loc[c["stage"] == 3, "actor"])
    return 100 * len(now - before) / len(now)


def _largest_share() -> float:
    n = len(data.load("divisions"))
    hhi = float(data.lookup("concentration", measure="hhi", year=2009)["value"])
    return (1 + math.sqrt((n - 1) * (n * hhi - 1))) / n


def _top_related_variety() -> str:
    regions = byod.read_regional_csv(synthetic.SYNTHETIC_DIR / "regions.csv")
    groups = synthetic.synthetic_industry_groups().set_index("industry")["group"]
    table = byod.indicator_table(regions, groups)
    last = table[table["year"] == table["year"].max()]
    rv = last[last["indicator"] == "Related variety (bits)"].set_index("region")["value"]
    return str(rv.idxmax())


def _top_unit() -> str:
    return str(data.load("indicators")["unit"].value_counts().index[0])


# ---------------------------------------------------------------------------
# the registry
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SelfCheck:
    """One exercise's self-check.

    Attributes
    ----------
    label : str
        The exercise's label in its chapter (``:label:``).
    chapter : str
        The chapter's file stem (``ch05_specialisation``).
    asks : str
        What to pass, in words (shown when the answer is ``...``).
    expected : callable
        Computes the expected answer (a number or a word) from the book's data.
    hint : str
        Shown with a wrong or close answer; it never contains the answer.
    rel_tol : float
        Relative tolerance of a right numeric answer.
    close_tol : float
        Relative tolerance of a close numeric answer.
    solution : str
        A Python expression that, evaluated after the chapter's cells have run, gives the
        solution's own result (used by the tests to keep the two in step).

    """

    label: str
    chapter: str
    asks: str
    expected: Callable[[], float | str]
    hint: str
    solution: str
    rel_tol: float = 0.01
    close_tol: float = 0.10



CHECKS: dict[str, SelfCheck] = {c.label: c for c in [
    SelfCheck("ch01-ex-gdp-per-head", "ch01_introduction",
              "GDP per permanent resident, in yuan (a number)", _gdp_per_head,
              "GDP is in billion yuan and residents in millions: convert both to units first.",
              solution="float(per_head)"),
    SelfCheck("ch02-ex-scales", "ch02_framework",
              "the stage (1, 2 or 3) that depends most on actors beyond the local and "
              "regional scales", _far_stage,
              "Count distinct actors per stage and scale, then take the share at the national, "
              "cross-strait and global scales.",
              solution="int((far.sum(axis=1) / counts.sum(axis=1)).idxmax())", rel_tol=0,
              close_tol=0),
    SelfCheck("ch03-ex-bound", "ch03_data_methods",
              "the smallest possible HHI (a number between 0 and 1)", _floor_over_divisions,
              "Give IT its share and spread the rest evenly over the other sectors "
              "(metrics.hhi_lower_bound with n=...).",
              solution="float(floor)", rel_tol=0.005, close_tol=0.05),
    SelfCheck("ch04-ex-resources", "ch04_origins",
              "the resource that most stage-1 events mobilise (one word)", _top_stage1_resource,
              "Split the ';'-separated resource codes into one row each before counting.",
              solution="str(resources.index[0])"),
    SelfCheck("ch05-ex-floor", "ch05_specialisation",
              "the smallest HHI you can reach (a number between 0 and 1)", _floor_of_share,
              "Spread the rest over more and more sectors: the HHI falls towards a limit "
              "set by the largest share alone.",
              solution="float(value)", rel_tol=0.01, close_tol=0.05),
    SelfCheck("ch06-ex-cagr", "ch06_emerging",
              "the compound annual growth rate of the eight industries together, "
              "in % a year", _emerging_cagr,
              "Use total output at the two end points and three intervals: "
              "(last / first) ** (1 / 3) - 1, in percent.",
              solution="float(total)", rel_tol=0.01, close_tol=0.10),
    SelfCheck("ch07-ex-turnover", "ch07_conclusion",
              "the share of stage-3 partners that are new by actor name, in %",
              _new_partners_stage3,
              "Compare the set of stage-3 actors with the set of stage-2 actors; divide by the "
              "number of stage-3 actors.",
              solution="float(new_pct_3)", rel_tol=0.02, close_tol=0.15),
    SelfCheck("chk-ex-bound", "checking_the_numbers",
              "the largest share one division can hold, as a fraction between 0 and 1",
              _largest_share,
              "Let the other divisions split the rest equally and solve "
              "s**2 + (1 - s)**2 / (n - 1) = HHI for s.",
              solution="float(largest)", rel_tol=0.005, close_tol=0.05),
    SelfCheck("lab-ex-variety", "metrics_lab",
              "the synthetic region with the highest related variety in the last year "
              "(its name)", _top_related_variety,
              "Pivot the indicator table of the last year and take idxmax of "
              "'Related variety (bits)'.",
              solution="str(w['Related variety (bits)'].idxmax())"),
    SelfCheck("dat-ex-describe", "data_appendix",
              "the most common unit in the indicators table (one word)", _top_unit,
              "Count the values of the 'unit' column with value_counts().",
              solution="str(ind['unit'].value_counts().index[0])"),
]}


def asks(label: str) -> str:
    """Return what exercise ``label`` asks for, in the book's current language."""
    return tr(_get(label).asks)


def labels() -> list[str]:
    """Return the exercise labels that have a self-check."""
    return sorted(CHECKS)


def _get(label: str) -> SelfCheck:
    if not isinstance(label, str) or label not in CHECKS:
        raise ValueError(
            f"check(): no self-check for exercise {label!r}; "
            f"self-checks exist for: {', '.join(labels())}"
        )
    return CHECKS[label]


@cache
def answer_of(label: str) -> float | str:
    """Return the expected answer (for tests and instructors; ``check`` never shows it)."""
    return _get(label).expected()


# ---------------------------------------------------------------------------
# judging an answer
# ---------------------------------------------------------------------------
def _norm(word: str) -> str:
    return "".join(ch for ch in str(word).lower() if ch.isalnum())


def verdict(label: str, answer: object) -> str:
    """``"right"``, ``"close"`` or ``"wrong"`` for ``answer`` to exercise ``label``.

    Raises
    ------
    ValueError
        If ``label`` has no self-check, or ``answer`` is of the wrong kind (text for a
        number, a number for a word); the message names the argument.

    """
    item = _get(label)
    expected = answer_of(label)
    if isinstance(expected, str):
        if not isinstance(answer, str):
            raise ValueError(f"check({label!r}, answer): answer must be a word (text), "
                             f"got {answer!r}")
        # a word may be given in English or, in the Chinese edition, in Chinese
        given = _norm(answer)
        wants = {_norm(expected), _norm(tr_user(expected))}
        if given in wants:
            return "right"
        if any(difflib.SequenceMatcher(None, given, want).ratio() >= 0.8 for want in wants):
            return "close"
        return "wrong"
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or isinstance(
            answer, complex):
        try:  # numpy and pandas scalars
            answer = float(answer)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(f"check({label!r}, answer): answer must be a number, "
                             f"got {answer!r}") from None
    value = float(answer)
    if math.isnan(value):
        raise ValueError(f"check({label!r}, answer): answer is NaN")
    scale = max(abs(float(expected)), 1e-12)
    if abs(value - expected) <= item.rel_tol * scale:
        return "right"
    if abs(value - expected) <= item.close_tol * scale:
        return "close"
    return "wrong"


def _unit_slip(label: str, answer: object) -> bool:
    """Tell whether ``answer`` is right once multiplied or divided by 100 (share or percent)."""
    expected = answer_of(label)
    if isinstance(expected, str) or not isinstance(answer, (int, float)):
        return False
    return any(verdict(label, answer * f) == "right" for f in (100, 0.01))


@dataclass(frozen=True)
class Verdict:
    """What ``check`` returns: shown as a short note in a notebook (text or Markdown)."""

    label: str
    status: str  # right, close, wrong, or "todo" when no answer was given
    message: str

    def _repr_markdown_(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message


def check(label: str, answer: object = ...) -> Verdict:
    """Check ``answer`` to exercise ``label``: right, close or wrong, with a hint.

    Parameters
    ----------
    label : str
        The exercise's label, as written in the line under the exercise.
    answer : number or str
        Your answer. ``...`` (the default) tells you what to enter.

    Returns
    -------
    Verdict
        Shown in the notebook; ``.status`` is ``"right"``, ``"close"``, ``"wrong"`` or
        ``"todo"``. The expected answer is never shown.

    """
    item = _get(label)
    if answer is ...:
        if os.environ.get("KUNSHAN_STATIC_BUILD"):
            text = tr("**Self-check.** In the live notebook (Binder or `make lab`), the line "
                      '`check("{label}", ...)` under this exercise tells you whether your '
                      "answer, {asks}, is right, close or wrong, without showing it.",
                      label=label, asks=tr(item.asks))
        else:
            text = tr("**Self-check.** Replace `...` with {asks} and run this cell: "
                      "you will be told right, close or wrong.", asks=tr(item.asks))
        return Verdict(label, "todo", text)
    status = verdict(label, answer)
    if status == "right":
        text = tr("**Right.** Now read the solution to compare your reasoning.")
    elif status == "close" or _unit_slip(label, answer):
        slip = _unit_slip(label, answer) and status != "close"
        status = "close"
        hint = (tr("Check the unit: a share (0 to 1) or a percentage?") if slip
                else tr(item.hint))
        text = tr("**Close**, but not quite. Hint: {hint}", hint=hint)
    else:
        text = tr("**Not right yet.** Hint: {hint}", hint=tr(item.hint))
    return Verdict(label, status, text)
