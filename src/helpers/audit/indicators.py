"""Checks of :mod:`helpers.audit` on the article's other indicators and on the 13th plan."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers import i18n
from helpers.audit._common import Row, claim, num, quote, row
from helpers.audit.concentration import trend
from helpers.i18n import tr


def _value(ind: pd.DataFrame, indicator: str, year: int | None = None) -> pd.Series:
    sel = ind[ind["indicator"] == indicator]
    if year is not None:
        sel = sel[sel["year"] == year]
    if len(sel) != 1:
        raise KeyError(f"indicators.csv has {len(sel)} rows for {indicator!r} {year or ''}")
    return sel.iloc[0]


_PERSONS = {"persons": 1, "million persons": 1_000_000}


def _persons(r: pd.Series) -> float:
    return float(r["value"]) * _PERSONS[r["unit"]]


def indicator_checks(
    ind: pd.DataFrame, events: pd.DataFrame, claims: pd.DataFrame, emerging: pd.DataFrame
) -> Iterable[Row]:
    """Rows for the indicators of §3-§6 (falling trends, population, closures, dates)."""
    for name in ("laptops_falling", "fdi_falling"):
        c = claim(claims, name)
        rows = ind[
            (ind["indicator"] == c["measure"]) & ind["year"].between(c["year_start"], c["year_end"])
        ].sort_values("year")
        verdict, seq = trend(rows, increasing=False)
        first, last = float(rows["value"].iloc[0]), float(rows["value"].iloc[-1])
        steps = [
            100 * (b / a - 1)
            for a, b in zip(rows["value"].iloc[:-1], rows["value"].iloc[1:], strict=True)
        ]
        yield row(
            f"claim_{name}",
            tr("{measure}: {wording}", measure=tr(c["measure"]), wording=quote(c["wording"])),
            tr("decreasing"),
            tr("{seq} ({unit})", seq=seq, unit=rows[i18n.column(rows, "unit")].iloc[0]),
            verdict,
            c["source"],
            tr("change {steps}; {overall}% overall.",
               steps=tr(", then ").join(f"{x:+.1f}%" for x in steps),
               overall=f"{100 * (last / first - 1):+.1f}"),
        )

    reg = _value(ind, "registered_population", 2000)
    tmp = _value(ind, "temporary_residents", 2000)
    mig = _value(ind, "migrants", 2014)
    res = _value(ind, "permanent_residents", 2017)
    c = claim(claims, "migrants_exceed_registered")
    yield row(
        "migrants_below_registered_2000",
        tr("2000: temporary residents are still fewer than registered residents (the crossing "
           "is dated {year})", year=c["year_start"]),
        f"< {num(_persons(reg))}",
        num(_persons(tmp)),
        "consistent" if _persons(tmp) < _persons(reg) else "inconsistent",
        "§5",
    )
    yield row(
        "migrants_exceed_registered_2014",
        tr("2014: migrants outnumber the registered population"),
        tr("> registered population in 2014 (not printed; {n} in 2000)", n=num(_persons(reg))),
        num(_persons(mig)),
        "undetermined",
        "§5",
        tr("holds unless the registered population grew by more than {times} times between "
           "2000 and 2014.", times=f"{_persons(mig) / _persons(reg):.2f}"),
    )
    stock = _persons(reg) + _persons(mig)
    yield row(
        "population_stock",
        tr("registered residents (2000) plus migrants (2014) against permanent residents "
           "(end 2017), who include resident migrants"),
        tr("≈ {n} if all three were for one year", n=num(_persons(res))),
        num(stock),
        "undetermined",
        "§3; §5",
        tr("permanent residents ({permanent}) are everyone living in Kunshan six months or "
           "more, whatever their household registration, so most migrants are inside that "
           "count, not on top of it; registered residents ({registered}) are those registered "
           "in Kunshan. "
           "For one year, registered residents living there plus resident migrants would be "
           "close to the permanent residents. Here the three counts are for different years "
           "and the article does not define its migrant count (short stays included or not), "
           "so no verdict is possible.", permanent="常住人口", registered="户籍人口"),
    )

    closed = _value(ind, "crisis_closures", 2008)
    taiwan = _value(ind, "crisis_closures_taiwan_sme", 2008)
    yield row(
        "crisis_closures_subset",
        tr("2008: Taiwan-invested SMEs closed are part of all closures"),
        f"≤ {closed['value']:g}",
        f"{taiwan['value']:g}",
        "consistent" if taiwan["value"] <= closed["value"] else "inconsistent",
        "§6",
    )

    jv = events[events["id"] == "first_sino_foreign_jv"].iloc[0]
    operated = _value(ind, "jv_years_in_operation", 1987)
    yield row(
        "jv_timeline",
        tr("the first joint venture (1985) had run two years by the 1987 proposal"),
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
    yield row(
        "it_peak_matches_laptop_peak",
        tr("the IT industry's peak year is the year of peak laptop output"),
        str(it_peak),
        str(peak_year),
        "consistent" if it_peak == peak_year else "inconsistent",
        "§5; §6",
    )

    yrd = _value(ind, "yrd_share_of_taiwan_investment", 2004)
    overtake = int(events.loc[events["id"] == "yrd_overtakes_prd", "year"].item())
    yield row(
        "yrd_ahead_of_prd_2004",
        tr("2004: the Yangtze River Delta, ahead of the Pearl River Delta since {year}, holds "
           "the larger share", year=overtake),
        "> 50%",
        f"{yrd['value']:g}%",
        "consistent" if yrd["value"] > 50 else "undetermined",
        "§5",
        tr("a majority share guarantees the lead; the PRD share is not printed."),
    )

    planned = _value(ind, "emerging_industries_planned", 2016)
    yield row(
        "emerging_industry_count",
        tr("the 13th Five-Year Plan names eight emerging industries"),
        f"{planned['value']:g}",
        str(len(emerging)),
        "consistent" if planned["value"] == len(emerging) else "inconsistent",
        "§6",
    )
    added = _value(ind, "emerging_industries_added", 2016)
    flagged = int(emerging["added_since_12th_plan"].sum())
    yield row(
        "emerging_industries_added",
        tr("two of them are new since the 12th plan"),
        f"{added['value']:g}",
        str(flagged),
        "consistent" if added["value"] == flagged else "inconsistent",
        "§6",
    )


def plan_checks(ind: pd.DataFrame, emerging: pd.DataFrame, t2: pd.DataFrame,
                names: dict[str, str]) -> Iterable[Row]:
    """Rows on the 13th plan's new industries against Table 2."""
    added_row = _value(ind, "emerging_industries_added", 2016)
    plan_start, plan_end = int(added_row["year"]), int(added_row["year_end"])
    planned = ind[ind["indicator"] == "emerging_industries_planned"]
    strategy_year = int(planned["year"].min())
    added = list(emerging.loc[emerging["added_since_12th_plan"], "industry"])
    before = t2[t2["industry"].isin(added) & (t2["year"] < plan_start)]
    shares = before[before["measure"] == "share_of_emerging"]
    table = emerging.set_index("industry")
    sel = table.loc[added]
    differ = sel[sel["name_plan"].str.lower() != sel["name_table2"].str.lower()]
    renamed = "".join(
        tr(" (Table 2 has {table2}, the plan {plan})",
           table2=quote(r["name_table2"], r[i18n.column(table, "name_table2")]),
           plan=quote(r["name_plan"], r[i18n.column(table, "name_plan")]))
        for _, r in differ.iterrows()
    )
    found = []
    for ind_id in added:
        rows = before[(before["industry"] == ind_id) & (before["measure"] == "output")]
        if rows.empty:
            continue
        s = shares[shares["industry"] == ind_id]["value"]
        found.append(tr("{industry} in {start}-{end} ({low}-{high}% of emerging output)",
                        industry=names[ind_id], start=int(rows["year"].min()),
                        end=int(rows["year"].max()), low=num(s.min()), high=num(s.max())))
    yield row(
        "added_industries_already_in_table2",
        tr("the {n} industries new in the 13th plan ({start}-{end}) are absent from the "
           "emerging industries before it", n=len(added), start=plan_start, end=plan_end),
        tr("none before {year}", year=plan_start),
        tr("; ").join(found) if found else tr("none"),
        "inconsistent" if found else "consistent",
        "§6; Table 2",
        tr("§6 says these industries were added to the list in the 13th Five-Year Plan "
           "compared with the 12th, yet Table 2 (from the yearbooks) already counts them "
           "among the emerging industries, and §6 dates the eight-industry strategy {since}. "
           "Possible readings: the yearbooks' category of emerging industries was wider than "
           "the 12th plan's list, or the plan renamed or regrouped industries{renamed}; the "
           "article does not say which. Table 2's own sums and shares are not affected.",
           since=quote(f"since {strategy_year}", tr("since {year}", year=strategy_year)),
           renamed=renamed),
    )
