"""Cross-check the article's numbers against each other.

:func:`audit` returns one row per check. Every ``expected`` and ``found`` value is computed from
the tables in ``data/`` (the thresholds of prose claims come from ``claims.csv``); none is typed
here. The arithmetic is deliberately plain pandas so the audit depends on nothing but
:mod:`helpers.data`.

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

Examples
--------
>>> from helpers.audit import audit
>>> a = audit()
>>> a.loc[a["check"] == "hhi_2009_vs_it_share", "verdict"].item()
'inconsistent'

"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import data, metrics

__all__ = ["APPROX_TOLERANCE_PP", "COLUMNS", "VERDICTS", "audit", "slip_candidates", "table2_sums"]

#: The verdicts :func:`audit` may return.
VERDICTS: tuple[str, ...] = ("consistent", "rounding", "inconsistent", "undetermined")

#: Columns of the frame returned by :func:`audit`.
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


def _row(
    check: str,
    description: str,
    expected: str,
    found: str,
    verdict: str,
    locator: str,
    note: str = "",
) -> Row:
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


def _num(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}"


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def _rounding_verdict(printed: float, computed: float) -> str:
    """Verdict for an integer printed from ``computed``."""
    if _round_half_up(computed) == printed:
        return "consistent"
    if abs(computed - printed) < 1:
        return "rounding"
    return "inconsistent"


def _one_digit_apart(a: float, b: float) -> bool:
    sa, sb = str(int(a)), str(int(b))
    return len(sa) == len(sb) and sum(x != y for x, y in zip(sa, sb, strict=True)) == 1


def _claim(claims: pd.DataFrame, claim: str) -> pd.Series:
    hit = claims[claims["claim"] == claim]
    if len(hit) != 1:
        raise KeyError(f"claims.csv has no single row for claim {claim!r}")
    return hit.iloc[0]


def _threshold_pct(c: pd.Series) -> float:
    return 100 * float(c["value"]) / float(c["denominator"])


def _years(c: pd.Series) -> range:
    return range(int(c["year_start"]), int(c["year_end"]) + 1)


# --------------------------------------------------------------------------------------------
# Table 2


def table2_sums(t2: pd.DataFrame | None = None) -> pd.DataFrame:
    """Table 2's printed totals against the sums of their parts, year by year.

    Parameters
    ----------
    t2 : DataFrame, optional
        The ``table2`` table; loaded from ``data/`` when omitted.

    Returns
    -------
    DataFrame
        Indexed by year: ``parts`` (the eight industries' outputs added up), ``total`` (the
        printed gross output value), ``gap`` (``parts - total``), ``n_parts``, ``slack``
        (the most that rounding the parts and the total can explain, half a unit each)
        and ``share_sum`` (the printed shares of the industries added up, ideally 100).

    Examples
    --------
    >>> sums = table2_sums()
    >>> int(sums.loc[2013, "n_parts"]), float(sums.loc[2013, "slack"])
    (8, 4.5)

    """
    t2 = data.load("table2") if t2 is None else t2
    out = t2[t2["measure"] == "output"]
    sums = pd.DataFrame({
        "parts": out.groupby("year")["value"].sum().astype(float),
        "total": t2[t2["measure"] == "gross_output"].set_index("year")["value"].astype(float),
        "n_parts": out.groupby("year")["value"].size(),
    })
    if sums.isna().any().any():
        years = sorted(sums.index[sums.isna().any(axis=1)])
        raise ValueError(f"table2: year(s) {years} lack the parts or the printed total")
    sums["gap"] = sums["parts"] - sums["total"]
    sums["slack"] = 0.5 * (sums["n_parts"] + 1)
    shares = t2[t2["measure"] == "share_of_emerging"].groupby("year")["value"].sum()
    sums["share_sum"] = shares.reindex(sums.index).astype(float)
    sums = sums.rename_axis("year")
    return sums[["parts", "total", "gap", "n_parts", "slack", "share_sum"]]


def _table2_checks(t2: pd.DataFrame, claims: pd.DataFrame) -> Iterable[Row]:
    out = t2[t2["measure"] == "output"]
    gross = t2[t2["measure"] == "gross_output"].set_index("year")["value"]
    printed = t2[t2["measure"] == "share_of_emerging"]
    sums = table2_sums(t2)
    for year in sorted(gross.index):
        total, found = float(sums.loc[year, "total"]), float(sums.loc[year, "parts"])
        diff = float(sums.loc[year, "gap"])
        slack = float(sums.loc[year, "slack"])
        verdict = (
            "consistent" if diff == 0 else "rounding" if abs(diff) <= slack else "inconsistent"
        )
        note = f"difference {diff:+,.0f} million yuan; rounding can explain at most ±{slack:g}."
        if verdict == "inconsistent" and _one_digit_apart(found, total):
            note += (
                " The two numbers differ in a single digit, which points to a slip in the"
                " printed total or in one component."
            )
        if verdict == "inconsistent":
            note += " " + _slip_note(slip_candidates(t2, year))
        yield _row(
            f"table2_sum_{year}",
            f"{year}: the eight industries add up to the printed gross output value",
            _num(total),
            _num(found),
            verdict,
            "Table 2",
            note,
        )
    for year in sorted(gross.index):
        shares = printed[printed["year"] == year]
        total = float(shares["value"].sum())
        slack = 0.5 * len(shares)
        verdict = (
            "consistent"
            if total == 100
            else "rounding"
            if abs(total - 100) <= slack
            else "inconsistent"
        )
        yield _row(
            f"table2_share_total_{year}",
            f"{year}: printed shares of the eight industries add up to 100%",
            "100",
            _num(total),
            verdict,
            "Table 2",
            f"eight integers, each rounded, can miss 100 by up to {slack:g}.",
        )
    for _, p in printed.sort_values(["year", "industry"]).iterrows():
        year, ind = int(p["year"]), p["industry"]
        value = float(out[(out["year"] == year) & (out["industry"] == ind)]["value"].item())
        computed = 100 * value / float(gross[year])
        yield _row(
            f"table2_share_{ind}_{year}",
            f"{year}: printed share of {ind} in all emerging industries",
            _num(p["value"]),
            _num(computed, 2),
            _rounding_verdict(float(p["value"]), computed),
            "Table 2",
            "computed as output / printed gross output value.",
        )
    yield from _table2_claims(t2, claims)


def slip_candidates(t2: pd.DataFrame, year: int) -> pd.DataFrame:
    """Single-figure corrections that would make a Table 2 year add up, tested on the shares.

    If the printed gross output is right, one component must be off by the whole gap; if a
    component is right, the printed total is. Each candidate is checked against the shares
    Table 2 prints: a correction survives only if every printed share is the nearest integer
    to the share it implies.

    Parameters
    ----------
    t2 : pandas.DataFrame
        The ``table2`` table (:func:`helpers.data.load`).
    year : int
        Year to examine.

    Returns
    -------
    pandas.DataFrame
        One row per candidate: ``figure`` (an industry id, or ``"gross_output"``),
        ``printed`` and ``corrected`` values, ``one_digit`` (the two differ in a single
        digit), ``share_printed`` and ``share_implied`` (for a component; the worst-fitting
        share for the total) and ``fits_shares``.

    Examples
    --------
    >>> from helpers import data
    >>> c = slip_candidates(data.load("table2"), 2016)
    >>> int(c["fits_shares"].sum())
    5

    """
    sel = t2[t2["year"] == year]
    parts = sel[sel["measure"] == "output"].set_index("industry")["value"].astype(float)
    shares = sel[sel["measure"] == "share_of_emerging"].set_index("industry")["value"]
    total = float(sel.loc[sel["measure"] == "gross_output", "value"].item())
    gap = float(parts.sum()) - total

    def fits(values: pd.Series, base: float) -> bool:
        return all(_round_half_up(100 * values[k] / base) == shares[k] for k in shares.index)

    rows = []
    for ind, value in parts.items():
        corrected = parts.copy()
        corrected[ind] = value - gap
        rows.append({
            "figure": ind,
            "printed": value,
            "corrected": value - gap,
            "one_digit": _one_digit_apart(value, value - gap),
            "share_printed": float(shares[ind]),
            "share_implied": 100 * (value - gap) / total,
            "fits_shares": fits(corrected, total),
        })
    implied = 100 * parts / (total + gap)
    worst = (implied - shares).abs().idxmax()
    rows.append({
        "figure": "gross_output",
        "printed": total,
        "corrected": total + gap,
        "one_digit": _one_digit_apart(total, total + gap),
        "share_printed": float(shares[worst]),
        "share_implied": float(implied[worst]),
        "fits_shares": fits(parts, total + gap),
    })
    return pd.DataFrame(rows)


def _slip_note(cands: pd.DataFrame) -> str:
    parts = cands[(cands["figure"] != "gross_output") & cands["one_digit"]]
    ruled_out = parts[~parts["fits_shares"]]
    survive = parts[parts["fits_shares"]]
    total = cands[cands["figure"] == "gross_output"].iloc[0]
    return (
        f"If the printed total is right, {len(parts)} components could each carry the slip;"
        f" the printed shares rule out {len(ruled_out)} of them"
        f" ({', '.join(ruled_out['figure'])}) and leave {len(survive)}"
        f" ({', '.join(survive['figure'])}). A misprinted total"
        + (" also fits every printed share." if total["fits_shares"] else " does not fit them.")
    )


def _pooled_shares(t2: pd.DataFrame, years: range) -> pd.Series:
    """Share (%) of each industry in emerging-industry output summed over ``years``."""
    sel = t2[t2["year"].isin(years)]
    out = sel[sel["measure"] == "output"].groupby("industry")["value"].sum()
    gross = sel[sel["measure"] == "gross_output"]["value"].sum()
    return 100 * out / gross


def _annual_shares(t2: pd.DataFrame, years: range) -> pd.DataFrame:
    sel = t2[t2["year"].isin(years)]
    out = sel[sel["measure"] == "output"].pivot(index="year", columns="industry", values="value")
    gross = sel[sel["measure"] == "gross_output"].set_index("year")["value"]
    return 100 * out.div(gross, axis=0)


def _approx_verdict(found: float, expected: float) -> str:
    return "consistent" if abs(found - expected) <= APPROX_TOLERANCE_PP else "inconsistent"


def _table2_claims(t2: pd.DataFrame, claims: pd.DataFrame) -> Iterable[Row]:
    c = _claim(claims, "emerging_share_of_manufacturing")
    years = _years(c)
    sel = t2[t2["year"].isin(years)]
    gross = sel[sel["measure"] == "gross_output"].set_index("year")["value"]
    share = sel[sel["measure"] == "share_of_manufacturing"].set_index("year")["value"]
    manufacturing = gross / (share / 100)
    pooled = 100 * gross.sum() / manufacturing.sum()
    expected = _threshold_pct(c)
    yield _row(
        "claim_emerging_share_of_manufacturing",
        f"emerging industries are '{c['wording']}' of manufacturing output, {years[0]}-{years[-1]}",
        f"≈ {_num(expected, 1)}%",
        f"{_num(pooled, 2)}%",
        _approx_verdict(pooled, expected),
        f"{c['source']}; Table 2",
        f"pooled over the years (manufacturing output implied by gross output / printed "
        f"share); the mean of the printed annual shares is {_num(share.mean(), 2)}% and "
        f"they range from {_num(share.min(), 1)}% to {_num(share.max(), 1)}%.",
    )
    for name in (
        "flat_panel_share",
        "high_end_equipment_share",
        "new_materials_share",
        "smart_grid_share",
    ):
        c = _claim(claims, name)
        years = _years(c)
        ind = c["subject"]
        pooled = float(_pooled_shares(t2, years)[ind])
        annual = _annual_shares(t2, years)[ind]
        expected = _threshold_pct(c)
        span = f"annual shares {_num(annual.min(), 1)}%-{_num(annual.max(), 1)}%"
        if c["relation"] == "gt":
            verdict = "consistent" if pooled > expected else "inconsistent"
            exp_text = f"> {_num(expected, 1)}%"
            note = f"pooled over {years[0]}-{years[-1]}; {span}; " + (
                "every year is above the threshold."
                if (annual > expected).all()
                else "not every year is above the threshold."
            )
        else:
            verdict = _approx_verdict(pooled, expected)
            exp_text = f"≈ {_num(expected, 1)}%"
            note = (
                f"pooled over {years[0]}-{years[-1]}; {span}; tolerance "
                f"±{APPROX_TOLERANCE_PP:g} point."
            )
        yield _row(
            f"claim_{name}",
            f"{ind} is '{c['wording']}' of emerging-industry output",
            exp_text,
            f"{_num(pooled, 2)}%",
            verdict,
            f"{c['source']}; Table 2",
            note,
        )
    c = _claim(claims, "biomedicine_weakest")
    years = _years(c)
    pooled = _pooled_shares(t2, years)
    annual = _annual_shares(t2, years)
    weakest_each_year = annual.idxmin(axis=1)
    every_year = bool((weakest_each_year == c["subject"]).all())
    verdict = "consistent" if pooled.idxmin() == c["subject"] and every_year else "inconsistent"
    yield _row(
        "claim_biomedicine_weakest",
        f"{c['subject']} is '{c['wording']}' of the eight industries",
        c["subject"],
        str(pooled.idxmin()),
        verdict,
        f"{c['source']}; Table 2",
        f"smallest pooled share {_num(pooled.min(), 2)}%; smallest in every year: "
        f"{'yes' if every_year else 'no'}.",
    )


# --------------------------------------------------------------------------------------------
# Concentration


def _interval(row: pd.Series) -> tuple[float, float]:
    """Range the true value can take given the printed value and its bound."""
    v = float(row["value"])
    if row["bound"] == "upper":
        return (-math.inf, v)
    if row["bound"] == "lower":
        return (v, math.inf)
    return (v, v)


def _bounded(row: pd.Series) -> str:
    """Return the printed value with the sign of its bound, e.g. '< 0.07'."""
    sign = {"upper": "< ", "lower": "> "}.get(row["bound"], "")
    return f"{sign}{row['value']:g}"


def _trend(rows: pd.DataFrame, increasing: bool) -> tuple[str, str]:
    """Verdict and description of a printed sequence against a claimed direction."""
    rows = rows.sort_values("year")
    ok = True
    for (_, a), (_, b) in zip(rows.iloc[:-1].iterrows(), rows.iloc[1:].iterrows(), strict=True):
        lo_a, hi_a = _interval(a)
        lo_b, hi_b = _interval(b)
        ok &= hi_a < lo_b if increasing else lo_a > hi_b
    return ("consistent" if ok else "inconsistent"), "; ".join(
        f"{int(r['year'])}: {_bounded(r)}" for _, r in rows.iterrows()
    )


def _concentration_checks(
    conc: pd.DataFrame,
    ind: pd.DataFrame,
    divisions: pd.DataFrame,
    subsectors: pd.DataFrame,
    claims: pd.DataFrame,
) -> Iterable[Row]:
    hhi = conc[conc["measure"] == "hhi"].set_index("year")
    n_article = float(ind.loc[ind["indicator"] == "manufacturing_divisions_in_hhi", "value"].item())
    yield _row(
        "division_count",
        "the HHI is over the 30 GB/T 4754-2002 manufacturing divisions",
        _num(n_article),
        _num(len(divisions)),
        "consistent" if n_article == len(divisions) else "inconsistent",
        "§5; GB/T 4754-2002",
    )
    n_sub = float(ind.loc[ind["indicator"] == "it_subsectors_in_division_40", "value"].item())
    yield _row(
        "it_subsector_count",
        "the IT sector has the eight sub-sectors listed in Figure 3",
        _num(n_sub),
        _num(len(subsectors)),
        "consistent" if n_sub == len(subsectors) else "inconsistent",
        "§5; Figure 3 note",
    )

    floor = 1 / len(divisions)
    for year, r in hhi.sort_index().iterrows():
        lo, hi = _interval(r)
        verdict = "consistent" if hi >= floor else "inconsistent"
        yield _row(
            f"hhi_floor_{year}",
            f"{year}: the HHI is at least 1/N for N = {len(divisions)}",
            f"≥ {floor:.4f}",
            _bounded(r),
            verdict,
            r["source"],
            "an HHI over N sectors cannot fall below 1/N (all sectors equal)."
            + (" The printed upper bound leaves room for it." if r["bound"] == "upper" else ""),
        )

    c = _claim(claims, "hhi_doubled")
    a, b = hhi.loc[int(c["year_start"])], hhi.loc[int(c["year_end"])]
    ratio = float(b["value"]) / float(a["value"])
    expected = float(c["value"]) / float(c["denominator"])
    lo = (float(b["value"]) - 0.005) / (float(a["value"]) + 0.005)
    hi = (float(b["value"]) + 0.005) / (float(a["value"]) - 0.005)
    verdict = (
        "consistent"
        if ratio == expected
        else "rounding"
        if lo <= expected <= hi
        else "inconsistent"
    )
    yield _row(
        "claim_hhi_doubled",
        f"the HHI '{c['wording']}' ({c['year_start']} to {c['year_end']})",
        f"ratio {expected:g}",
        f"ratio {ratio:.2f}",
        verdict,
        c["source"],
        f"with two-decimal rounding the ratio could be {lo:.2f}-{hi:.2f}.",
    )

    for name, measure in (("hhi_rising", "hhi"), ("cr4_climbing", "cr4")):
        c = _claim(claims, name)
        rows = conc[
            (conc["measure"] == measure) & conc["year"].between(c["year_start"], c["year_end"])
        ]
        verdict, seq = _trend(rows, increasing=True)
        yield _row(
            f"claim_{name}",
            f"{measure.upper()}: '{c['wording']}'",
            "increasing",
            seq,
            verdict,
            c["source"],
            f"only {len(rows)} values are printed; the path between them is not reported.",
        )

    cr4 = conc[conc["measure"] == "cr4"]
    inside = bool(((cr4["value"] >= 0) & (cr4["value"] <= 100)).all())
    yield _row(
        "cr4_range",
        "CR4 lies between 0% and 100%",
        "0-100%",
        ", ".join(f"{v:g}%" for v in cr4["value"]),
        "consistent" if inside else "inconsistent",
        "§5; Table 1",
    )

    shares = conc[(conc["measure"] == "share_of_manufacturing") & (conc["year"] == 2009)]
    it = shares[(shares["code"] == 40) & (shares["bound"] == "exact")].iloc[0]
    others = shares[shares["code"] != 40]
    h = hhi.loc[2009]
    s = float(it["value"]) / 100
    floor_it = metrics.hhi_lower_bound([s])
    floor_six = metrics.hhi_lower_bound([s, *(others["value"].astype(float) / 100)])
    max_share = 100 * math.sqrt(float(h["value"]))
    why = (
        "Possible reasons: the HHI uses yearbook output of 30 divisions (§5) while the IT "
        "share is given with Figure 2, whose source is the ASIF firm survey, with its own "
        "coverage and output concept; or a misprint."
    )
    yield _row(
        "hhi_2009_vs_it_share",
        f"2009: the HHI is at least the square of the IT sector's share "
        f"({float(it['value']):g}%)",
        f"≥ {floor_it:.4f}",
        f"{float(h['value']):.2f}",
        "consistent" if float(h["value"]) >= floor_it else "inconsistent",
        "; ".join(dict.fromkeys([h["source"], it["source"]])),
        f"an HHI of {float(h['value']):.2f} allows no sector above {max_share:.1f}% of "
        f"output, yet IT is put at {float(it['value']):g}%. {why}",
    )
    yield _row(
        "hhi_2009_vs_top_six",
        "2009: the HHI exceeds the squares of IT's share plus five more sectors above 3%",
        f"> {floor_six:.4f}",
        f"{float(h['value']):.2f}",
        "consistent" if float(h["value"]) > floor_six else "inconsistent",
        f"{h['source']}; Figure 2 note",
        f"adds sectors {', '.join(str(int(x)) for x in others['code'])}, each above "
        f"{others['value'].min():g}% in 2009 (Figure 2 note). {why}",
    )
    total = float(it["value"]) + float(others["value"].sum())
    yield _row(
        "top_six_share_feasible",
        "2009: IT's share plus five sectors above 3% fits within 100%",
        "≤ 100%",
        f"> {total:g}%",
        "consistent" if total <= 100 else "inconsistent",
        "§5; Figure 2 note",
        "the six sectors of Figure 2 hold more than this share.",
    )


# --------------------------------------------------------------------------------------------
# Other indicators


def _value(ind: pd.DataFrame, indicator: str, year: int | None = None) -> pd.Series:
    sel = ind[ind["indicator"] == indicator]
    if year is not None:
        sel = sel[sel["year"] == year]
    if len(sel) != 1:
        raise KeyError(f"indicators.csv has {len(sel)} rows for {indicator!r} {year or ''}")
    return sel.iloc[0]


_PERSONS = {"persons": 1, "million persons": 1_000_000}


def _persons(row: pd.Series) -> float:
    return float(row["value"]) * _PERSONS[row["unit"]]


def _indicator_checks(
    ind: pd.DataFrame, events: pd.DataFrame, claims: pd.DataFrame, emerging: pd.DataFrame
) -> Iterable[Row]:
    for name in ("laptops_falling", "fdi_falling"):
        c = _claim(claims, name)
        rows = ind[
            (ind["indicator"] == c["measure"]) & ind["year"].between(c["year_start"], c["year_end"])
        ].sort_values("year")
        verdict, seq = _trend(rows, increasing=False)
        first, last = float(rows["value"].iloc[0]), float(rows["value"].iloc[-1])
        steps = [
            100 * (b / a - 1)
            for a, b in zip(rows["value"].iloc[:-1], rows["value"].iloc[1:], strict=True)
        ]
        yield _row(
            f"claim_{name}",
            f"{c['measure']}: '{c['wording']}'",
            "decreasing",
            f"{seq} ({rows['unit'].iloc[0]})",
            verdict,
            c["source"],
            "change "
            + ", then ".join(f"{x:+.1f}%" for x in steps)
            + f"; {100 * (last / first - 1):+.1f}% overall.",
        )

    reg = _value(ind, "registered_population", 2000)
    tmp = _value(ind, "temporary_residents", 2000)
    mig = _value(ind, "migrants", 2014)
    res = _value(ind, "permanent_residents", 2017)
    c = _claim(claims, "migrants_exceed_registered")
    yield _row(
        "migrants_below_registered_2000",
        "2000: temporary residents are still fewer than registered residents "
        f"(the crossing is dated {c['year_start']})",
        f"< {_num(_persons(reg))}",
        _num(_persons(tmp)),
        "consistent" if _persons(tmp) < _persons(reg) else "inconsistent",
        "§5",
    )
    yield _row(
        "migrants_exceed_registered_2014",
        "2014: migrants outnumber the registered population",
        f"> registered population in 2014 (not printed; {_num(_persons(reg))} in 2000)",
        _num(_persons(mig)),
        "undetermined",
        "§5",
        f"holds unless the registered population grew by more than "
        f"{_persons(mig) / _persons(reg):.2f} times between 2000 and 2014.",
    )
    stock = _persons(reg) + _persons(mig)
    yield _row(
        "population_stock",
        "registered residents (2000) plus migrants (2014) against permanent residents "
        "(end 2017), who include resident migrants",
        f"≈ {_num(_persons(res))} if all three were for one year",
        _num(stock),
        "undetermined",
        "§3; §5",
        "permanent residents (常住人口) are everyone living in Kunshan six months or more, "
        "whatever their household registration, so most migrants are inside that count, not "
        "on top of it; registered residents (户籍人口) are those registered in Kunshan. For "
        "one year, registered residents living there plus resident migrants would be close "
        "to the permanent residents. Here the three counts are for different years and the "
        "article does not define its migrant count (short stays included or not), so no "
        "verdict is possible.",
    )

    closed = _value(ind, "crisis_closures", 2008)
    taiwan = _value(ind, "crisis_closures_taiwan_sme", 2008)
    yield _row(
        "crisis_closures_subset",
        "2008: Taiwan-invested SMEs closed are part of all closures",
        f"≤ {closed['value']:g}",
        f"{taiwan['value']:g}",
        "consistent" if taiwan["value"] <= closed["value"] else "inconsistent",
        "§6",
    )

    jv = events[events["id"] == "first_sino_foreign_jv"].iloc[0]
    operated = _value(ind, "jv_years_in_operation", 1987)
    yield _row(
        "jv_timeline",
        "the first joint venture (1985) had run two years by the 1987 proposal",
        str(int(operated["year"])),
        str(int(jv["year"]) + int(operated["value"])),
        "consistent"
        if int(jv["year"]) + int(operated["value"]) == int(operated["year"])
        else "inconsistent",
        "§4.2; §4.3",
    )

    laptops = ind[ind["indicator"] == "laptop_output"]
    peak_year = int(laptops.loc[laptops["value"].idxmax(), "year"])
    it_peak = int(events.loc[events["id"] == "it_output_peak", "year"].item())
    yield _row(
        "it_peak_matches_laptop_peak",
        "the IT industry's peak year is the year of peak laptop output",
        str(it_peak),
        str(peak_year),
        "consistent" if it_peak == peak_year else "inconsistent",
        "§5; §6",
    )

    yrd = _value(ind, "yrd_share_of_taiwan_investment", 2004)
    overtake = int(events.loc[events["id"] == "yrd_overtakes_prd", "year"].item())
    yield _row(
        "yrd_ahead_of_prd_2004",
        f"2004: the Yangtze River Delta, ahead of the Pearl River Delta since {overtake}, "
        "holds the larger share",
        "> 50%",
        f"{yrd['value']:g}%",
        "consistent" if yrd["value"] > 50 else "undetermined",
        "§5",
        "a majority share guarantees the lead; the PRD share is not printed.",
    )

    planned = _value(ind, "emerging_industries_planned", 2016)
    yield _row(
        "emerging_industry_count",
        "the 13th Five-Year Plan names eight emerging industries",
        f"{planned['value']:g}",
        str(len(emerging)),
        "consistent" if planned["value"] == len(emerging) else "inconsistent",
        "§6",
    )
    added = _value(ind, "emerging_industries_added", 2016)
    flagged = int(emerging["added_since_12th_plan"].sum())
    yield _row(
        "emerging_industries_added",
        "two of them are new since the 12th plan",
        f"{added['value']:g}",
        str(flagged),
        "consistent" if added["value"] == flagged else "inconsistent",
        "§6",
    )


def _plan_checks(ind: pd.DataFrame, emerging: pd.DataFrame, t2: pd.DataFrame) -> Iterable[Row]:
    added_row = _value(ind, "emerging_industries_added", 2016)
    plan_start, plan_end = int(added_row["year"]), int(added_row["year_end"])
    planned = ind[ind["indicator"] == "emerging_industries_planned"]
    strategy_year = int(planned["year"].min())
    added = list(emerging.loc[emerging["added_since_12th_plan"], "industry"])
    before = t2[t2["industry"].isin(added) & (t2["year"] < plan_start)]
    shares = before[before["measure"] == "share_of_emerging"]
    names = emerging.set_index("industry").loc[added]
    differ = names[names["name_plan"].str.lower() != names["name_table2"].str.lower()]
    renamed = "".join(
        f" (Table 2 has '{r['name_table2']}', the plan '{r['name_plan']}')"
        for _, r in differ.iterrows()
    )
    found = []
    for ind_id in added:
        rows = before[(before["industry"] == ind_id) & (before["measure"] == "output")]
        if rows.empty:
            continue
        s = shares[shares["industry"] == ind_id]["value"]
        found.append(
            f"{ind_id} in {int(rows['year'].min())}-{int(rows['year'].max())} "
            f"({_num(s.min())}-{_num(s.max())}% of emerging output)"
        )
    yield _row(
        "added_industries_already_in_table2",
        f"the {len(added)} industries new in the 13th plan ({plan_start}-{plan_end}) are absent "
        "from the emerging industries before it",
        f"none before {plan_start}",
        "; ".join(found) if found else "none",
        "inconsistent" if found else "consistent",
        "§6; Table 2",
        f"§6 says these industries were added to the list in the 13th Five-Year Plan "
        f"compared with the 12th, yet Table 2 (from the yearbooks) already counts them among "
        f"the emerging industries, and §6 dates the eight-industry strategy 'since "
        f"{strategy_year}'. Possible readings: the yearbooks' category of emerging industries "
        "was wider than the 12th plan's list, or the plan renamed or regrouped industries"
        f"{renamed}; the article does not say which. Table 2's own sums and shares are not "
        "affected.",
    )


# --------------------------------------------------------------------------------------------


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
        ``locator`` (where in the article) and ``note``.

    """
    t2 = data.load("table2", data_dir)
    claims = data.load("claims", data_dir)
    conc = data.load("concentration", data_dir)
    ind = data.load("indicators", data_dir)
    rows: list[Row] = []
    rows += _table2_checks(t2, claims)
    rows += _concentration_checks(
        conc, ind, data.load("divisions", data_dir), data.load("it_subsectors", data_dir), claims
    )
    emerging = data.load("emerging_industries", data_dir)
    rows += _indicator_checks(ind, data.load("events", data_dir), claims, emerging)
    rows += _plan_checks(ind, emerging, t2)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    if frame["check"].duplicated().any():
        raise RuntimeError("duplicate audit check ids")
    return frame
