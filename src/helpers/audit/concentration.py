"""Concentration checks of :mod:`helpers.audit`: the HHI and CR4 of §5 and Figure 2's shares."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from helpers import metrics
from helpers.audit._common import Row, claim, num, quote, row
from helpers.i18n import tr


def interval(r: pd.Series) -> tuple[float, float]:
    """Range the true value can take given the printed value and its bound."""
    v = float(r["value"])
    if r["bound"] == "upper":
        return (-math.inf, v)
    if r["bound"] == "lower":
        return (v, math.inf)
    return (v, v)


def bounded(r: pd.Series) -> str:
    """Return the printed value with the sign of its bound, e.g. '< 0.07'."""
    sign = {"upper": "< ", "lower": "> "}.get(r["bound"], "")
    return f"{sign}{r['value']:g}"


def trend(rows: pd.DataFrame, increasing: bool) -> tuple[str, str]:
    """Verdict and description of a printed sequence against a claimed direction."""
    rows = rows.sort_values("year")
    ok = True
    for (_, a), (_, b) in zip(rows.iloc[:-1].iterrows(), rows.iloc[1:].iterrows(), strict=True):
        lo_a, hi_a = interval(a)
        lo_b, hi_b = interval(b)
        ok &= hi_a < lo_b if increasing else lo_a > hi_b
    return ("consistent" if ok else "inconsistent"), "; ".join(
        f"{int(r['year'])}: {bounded(r)}" for _, r in rows.iterrows()
    )


def concentration_checks(
    conc: pd.DataFrame,
    ind: pd.DataFrame,
    divisions: pd.DataFrame,
    subsectors: pd.DataFrame,
    claims: pd.DataFrame,
) -> Iterable[Row]:
    """Rows for the concentration figures of §5 and Figure 2."""
    hhi = conc[conc["measure"] == "hhi"].set_index("year")
    for check, indicator, text, n_book, locator in (
        ("division_count", "manufacturing_divisions_in_hhi",
         tr("the HHI is over the 30 GB/T 4754-2002 manufacturing divisions"), len(divisions),
         "§5; GB/T 4754-2002"),
        ("it_subsector_count", "it_subsectors_in_division_40",
         tr("the IT sector has the eight sub-sectors listed in Figure 3"), len(subsectors),
         "§5; Figure 3 note"),
    ):
        n_article = float(ind.loc[ind["indicator"] == indicator, "value"].item())
        yield row(
            check,
            text,
            num(n_article),
            num(n_book),
            "consistent" if n_article == n_book else "inconsistent",
            locator,
        )

    floor = 1 / len(divisions)
    for year, r in hhi.sort_index().iterrows():
        lo, hi = interval(r)
        verdict = "consistent" if hi >= floor else "inconsistent"
        yield row(
            f"hhi_floor_{year}",
            tr("{year}: the HHI is at least 1/N for N = {n}", year=year, n=len(divisions)),
            f"≥ {floor:.4f}",
            bounded(r),
            verdict,
            r["source"],
            tr("an HHI over N sectors cannot fall below 1/N (all sectors equal).")
            + (tr(" The printed upper bound leaves room for it.") if r["bound"] == "upper"
               else ""),
        )

    c = claim(claims, "hhi_doubled")
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
    yield row(
        "claim_hhi_doubled",
        tr("the HHI {wording} ({start} to {end})", wording=quote(c["wording"]),
           start=c["year_start"], end=c["year_end"]),
        tr("ratio {ratio}", ratio=f"{expected:g}"),
        tr("ratio {ratio}", ratio=f"{ratio:.2f}"),
        verdict,
        c["source"],
        tr("with two-decimal rounding the ratio could be {low}-{high}.", low=f"{lo:.2f}",
           high=f"{hi:.2f}"),
    )

    for name, measure in (("hhi_rising", "hhi"), ("cr4_climbing", "cr4")):
        c = claim(claims, name)
        rows = conc[
            (conc["measure"] == measure) & conc["year"].between(c["year_start"], c["year_end"])
        ]
        verdict, seq = trend(rows, increasing=True)
        yield row(
            f"claim_{name}",
            tr("{measure}: {wording}", measure=measure.upper(), wording=quote(c["wording"])),
            tr("increasing"),
            seq,
            verdict,
            c["source"],
            tr("only {n} values are printed; the path between them is not reported.",
               n=len(rows)),
        )

    cr4 = conc[conc["measure"] == "cr4"]
    inside = bool(((cr4["value"] >= 0) & (cr4["value"] <= 100)).all())
    yield row(
        "cr4_range",
        tr("CR4 lies between 0% and 100%"),
        "0-100%",
        tr(", ").join(f"{v:g}%" for v in cr4["value"]),
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
    why = tr(
        "Possible reasons: the HHI uses yearbook output of 30 divisions (§5) while the IT "
        "share is given with Figure 2, whose source is the ASIF firm survey, with its own "
        "coverage and output concept; or a misprint."
    )
    yield row(
        "hhi_2009_vs_it_share",
        tr("2009: the HHI is at least the square of the IT sector's share ({share}%)",
           share=f"{float(it['value']):g}"),
        f"≥ {floor_it:.4f}",
        f"{float(h['value']):.2f}",
        "consistent" if float(h["value"]) >= floor_it else "inconsistent",
        "; ".join(dict.fromkeys([h["source"], it["source"]])),
        tr("an HHI of {hhi} allows no sector above {cap}% of output, yet IT is put at "
           "{share}%. {why}", hhi=f"{float(h['value']):.2f}", cap=f"{max_share:.1f}",
           share=f"{float(it['value']):g}", why=why),
    )
    yield row(
        "hhi_2009_vs_top_six",
        tr("2009: the HHI exceeds the squares of IT's share plus five more sectors above 3%"),
        f"> {floor_six:.4f}",
        f"{float(h['value']):.2f}",
        "consistent" if float(h["value"]) > floor_six else "inconsistent",
        f"{h['source']}; Figure 2 note",
        tr("adds sectors {codes}, each above {low}% in 2009 (Figure 2 note). {why}",
           codes=tr(", ").join(str(int(x)) for x in others["code"]),
           low=f"{others['value'].min():g}", why=why),
    )
    total = float(it["value"]) + float(others["value"].sum())
    yield row(
        "top_six_share_feasible",
        tr("2009: IT's share plus five sectors above 3% fits within 100%"),
        "≤ 100%",
        f"> {total:g}%",
        "consistent" if total <= 100 else "inconsistent",
        "§5; Figure 2 note",
        tr("the six sectors of Figure 2 hold more than this share."),
    )
