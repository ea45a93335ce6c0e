"""Table 2 checks of :mod:`helpers.audit`: totals against parts, printed shares, §6 claims."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers import data
from helpers.audit._common import (
    APPROX_TOLERANCE_PP,
    Row,
    approx_verdict,
    claim,
    num,
    one_digit_apart,
    quote,
    round_half_up,
    rounding_verdict,
    row,
    threshold_pct,
    years,
)
from helpers.i18n import tr

__all__ = ["slip_candidates", "table2_sums"]


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
        years_ = sorted(sums.index[sums.isna().any(axis=1)])
        raise ValueError(f"table2: year(s) {years_} lack the parts or the printed total")
    sums["gap"] = sums["parts"] - sums["total"]
    sums["slack"] = 0.5 * (sums["n_parts"] + 1)
    shares = t2[t2["measure"] == "share_of_emerging"].groupby("year")["value"].sum()
    sums["share_sum"] = shares.reindex(sums.index).astype(float)
    sums = sums.rename_axis("year")
    return sums[["parts", "total", "gap", "n_parts", "slack", "share_sum"]]


def table2_checks(t2: pd.DataFrame, claims: pd.DataFrame, names: dict[str, str]) -> Iterable[Row]:
    """Rows for Table 2 (``names``: industry id -> its name in the audit's text)."""
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
        note = tr("difference {diff:+,.0f} million yuan; rounding can explain at most "
                  "±{slack:g}.", diff=diff, slack=slack)
        if verdict == "inconsistent" and one_digit_apart(found, total):
            note += tr(" The two numbers differ in a single digit, which points to a slip in "
                       "the printed total or in one component.")
        if verdict == "inconsistent":
            note += tr(" {sentence}", sentence=_slip_note(slip_candidates(t2, year), names))
        yield row(
            f"table2_sum_{year}",
            tr("{year}: the eight industries add up to the printed gross output value",
               year=year),
            num(total),
            num(found),
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
        yield row(
            f"table2_share_total_{year}",
            tr("{year}: printed shares of the eight industries add up to 100%", year=year),
            "100",
            num(total),
            verdict,
            "Table 2",
            tr("eight integers, each rounded, can miss 100 by up to {slack:g}.", slack=slack),
        )
    for _, p in printed.sort_values(["year", "industry"]).iterrows():
        year, ind = int(p["year"]), p["industry"]
        value = float(out[(out["year"] == year) & (out["industry"] == ind)]["value"].item())
        computed = 100 * value / float(gross[year])
        yield row(
            f"table2_share_{ind}_{year}",
            tr("{year}: printed share of {industry} in all emerging industries", year=year,
               industry=names[ind]),
            num(p["value"]),
            num(computed, 2),
            rounding_verdict(float(p["value"]), computed),
            "Table 2",
            tr("computed as output / printed gross output value."),
        )
    yield from _table2_claims(t2, claims, names)


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
        return all(round_half_up(100 * values[k] / base) == shares[k] for k in shares.index)

    rows = []
    for ind, value in parts.items():
        corrected = parts.copy()
        corrected[ind] = value - gap
        rows.append({
            "figure": ind,
            "printed": value,
            "corrected": value - gap,
            "one_digit": one_digit_apart(value, value - gap),
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
        "one_digit": one_digit_apart(total, total + gap),
        "share_printed": float(shares[worst]),
        "share_implied": float(implied[worst]),
        "fits_shares": fits(parts, total + gap),
    })
    return pd.DataFrame(rows)


def _slip_note(cands: pd.DataFrame, names: dict[str, str]) -> str:
    parts = cands[(cands["figure"] != "gross_output") & cands["one_digit"]]
    ruled_out = parts[~parts["fits_shares"]]
    survive = parts[parts["fits_shares"]]
    total = cands[cands["figure"] == "gross_output"].iloc[0]
    sep = tr(", ")
    return tr(
        "If the printed total is right, {n} components could each carry the slip; the printed "
        "shares rule out {n_out} of them ({ruled_out}) and leave {n_left} ({left}).",
        n=len(parts), n_out=len(ruled_out), n_left=len(survive),
        ruled_out=sep.join(names[f] for f in ruled_out["figure"]),
        left=sep.join(names[f] for f in survive["figure"]),
    ) + (tr(" A misprinted total also fits every printed share.") if total["fits_shares"]
         else tr(" A misprinted total does not fit them."))


def _pooled_shares(t2: pd.DataFrame, span: range) -> pd.Series:
    """Share (%) of each industry in emerging-industry output summed over ``span``."""
    sel = t2[t2["year"].isin(span)]
    out = sel[sel["measure"] == "output"].groupby("industry")["value"].sum()
    gross = sel[sel["measure"] == "gross_output"]["value"].sum()
    return 100 * out / gross


def _annual_shares(t2: pd.DataFrame, span: range) -> pd.DataFrame:
    sel = t2[t2["year"].isin(span)]
    out = sel[sel["measure"] == "output"].pivot(index="year", columns="industry", values="value")
    gross = sel[sel["measure"] == "gross_output"].set_index("year")["value"]
    return 100 * out.div(gross, axis=0)


def _table2_claims(t2: pd.DataFrame, claims: pd.DataFrame,
                   names: dict[str, str]) -> Iterable[Row]:
    c = claim(claims, "emerging_share_of_manufacturing")
    span = years(c)
    sel = t2[t2["year"].isin(span)]
    gross = sel[sel["measure"] == "gross_output"].set_index("year")["value"]
    share = sel[sel["measure"] == "share_of_manufacturing"].set_index("year")["value"]
    manufacturing = gross / (share / 100)
    pooled = 100 * gross.sum() / manufacturing.sum()
    expected = threshold_pct(c)
    yield row(
        "claim_emerging_share_of_manufacturing",
        tr("emerging industries are {wording} of manufacturing output, {start}-{end}",
           wording=quote(c["wording"]), start=span[0], end=span[-1]),
        f"≈ {num(expected, 1)}%",
        f"{num(pooled, 2)}%",
        approx_verdict(pooled, expected),
        f"{c['source']}; Table 2",
        tr("pooled over the years (manufacturing output implied by gross output / printed "
           "share); the mean of the printed annual shares is {mean}% and they range from "
           "{low}% to {high}%.", mean=num(share.mean(), 2), low=num(share.min(), 1),
           high=num(share.max(), 1)),
    )
    for name in (
        "flat_panel_share",
        "high_end_equipment_share",
        "new_materials_share",
        "smart_grid_share",
    ):
        c = claim(claims, name)
        span = years(c)
        ind = c["subject"]
        pooled = float(_pooled_shares(t2, span)[ind])
        annual = _annual_shares(t2, span)[ind]
        expected = threshold_pct(c)
        where = tr("pooled over {start}-{end}; annual shares {low}%-{high}%;", start=span[0],
                   end=span[-1], low=num(annual.min(), 1), high=num(annual.max(), 1))
        if c["relation"] == "gt":
            verdict = "consistent" if pooled > expected else "inconsistent"
            exp_text = f"> {num(expected, 1)}%"
            note = where + (
                tr(" every year is above the threshold.")
                if (annual > expected).all()
                else tr(" not every year is above the threshold.")
            )
        else:
            verdict = approx_verdict(pooled, expected)
            exp_text = f"≈ {num(expected, 1)}%"
            note = where + tr(" tolerance ±{tolerance:g} point.", tolerance=APPROX_TOLERANCE_PP)
        yield row(
            f"claim_{name}",
            tr("{industry} is {wording} of emerging-industry output", industry=names[ind],
               wording=quote(c["wording"])),
            exp_text,
            f"{num(pooled, 2)}%",
            verdict,
            f"{c['source']}; Table 2",
            note,
        )
    c = claim(claims, "biomedicine_weakest")
    span = years(c)
    pooled = _pooled_shares(t2, span)
    annual = _annual_shares(t2, span)
    weakest_each_year = annual.idxmin(axis=1)
    every_year = bool((weakest_each_year == c["subject"]).all())
    verdict = "consistent" if pooled.idxmin() == c["subject"] and every_year else "inconsistent"
    yield row(
        "claim_biomedicine_weakest",
        tr("{industry} is {wording} of the eight industries", industry=names[c["subject"]],
           wording=quote(c["wording"])),
        names[c["subject"]],
        names[str(pooled.idxmin())],
        verdict,
        f"{c['source']}; Table 2",
        tr("smallest pooled share {share}%; smallest in every year: {answer}.",
           share=num(pooled.min(), 2), answer=tr("yes") if every_year else tr("no")),
    )
