"""Charts of the ASIF reproduction (book/asif_reproduction.md): Figures 2 and 3, the HHI.

The builders take the tables of :mod:`helpers.asif` (:func:`helpers.asif.division_shares`,
:func:`helpers.asif.it_subsector_shares`, :func:`helpers.asif.manufacturing_hhi`). When a
table is synthetic (``synthetic=True`` or, by default, ``table.attrs["synthetic"]``),
the title starts with "SYNTHETIC data:" and the description says so.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts.lab import _lab_checked, _lab_title
from helpers.charts.theme import PALETTE, WIDTH, label_column
from helpers.i18n import tr, tr_user

__all__ = ["division_share_lines", "it_subsector_bars", "county_hhi_line"]


def _synthetic(table: pd.DataFrame, synthetic: bool | None) -> bool:
    """Return the explicit flag, else the table's ``attrs["synthetic"]``."""
    return bool(table.attrs.get("synthetic", False)) if synthetic is None else bool(synthetic)


def _synthetic_note(syn: bool) -> str:
    """Return the sentence opening the description of a chart of a synthetic county."""
    return tr("Synthetic data (not a real county). ") if syn else ""


def _county(table: pd.DataFrame) -> str:
    """Return the county's name from ``table.attrs`` (a caller's), else "the county"."""
    return tr_user(table.attrs.get("county", tr("the county")))


def _year_title(missing: list[int]) -> str:
    """Title of a year axis, naming the years with no data."""
    if not missing:
        return tr("Year")
    return tr("Year (no data for {years})", years=tr(", ").join(map(str, missing)))


def _year_axis(years: list[int], missing: list[int]) -> alt.X:
    """Return a year axis ticking only the years held; its title names the missing ones."""
    return alt.X("year:Q", title=_year_title(missing),
                 axis=alt.Axis(format="d", values=years, labelAngle=-40),
                 scale=alt.Scale(domain=[min(years), max(years)], nice=False))


def _runs(years: pd.Series) -> pd.Series:
    """Give each run of consecutive years its own id, so lines break across missing years."""
    ordered = sorted(set(int(y) for y in years))
    run, runs = 0, {}
    for prev, year in zip([None, *ordered[:-1]], ordered, strict=True):
        if prev is not None and year != prev + 1:
            run += 1
        runs[year] = run
    return years.astype(int).map(runs)


def division_share_lines(
    table: pd.DataFrame, *, synthetic: bool | None = None, title: str | None = None,
) -> alt.LayerChart:
    """Figure 2: output share of each top division by year, one line per division.

    Lines join consecutive years only, so a missing year (the article lacks 2004 and
    2008) shows as a gap rather than an interpolated segment; points mark every year held.

    Parameters
    ----------
    table
        :func:`helpers.asif.division_shares` output (``year``, ``division``, ``name``,
        ``share``, ``rank``).
    synthetic
        Label the chart synthetic (default: ``table.attrs["synthetic"]``).
    title
        Title stating the finding; by default it names the largest division's share in
        the ranking year.

    """
    _lab_checked(table, ["year", "division", "name", "share", "rank"])
    syn = _synthetic(table, synthetic)
    frame = table[["year", "division", "share", "rank"]].copy()
    frame.insert(2, "name", table[label_column(table, "name")])
    frame["year"] = frame["year"].astype(int)
    frame["label"] = frame["division"].astype(str) + " " + frame["name"]
    frame["run"] = _runs(frame["year"])
    years = sorted(frame["year"].unique().tolist())
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    rank_year = int(table.attrs.get("rank_year", years[-1]))
    first = frame[(frame["rank"] == 1) & (frame["year"] == rank_year)].iloc[0]
    county = _county(table)
    if title is None:
        title = tr("Division {division} held {share} of {county}'s manufacturing output in "
                   "{year}", division=first["division"], share=f"{first['share']:.0%}",
                   county=county, year=rank_year)
    order = list(frame.sort_values("rank")["label"].unique())
    colour = alt.Color("label:N", title=tr("Division"), sort=order,
                       scale=alt.Scale(range=PALETTE[:len(order)]),
                       legend=alt.Legend(orient="bottom", columns=1, labelLimit=WIDTH))
    x = _year_axis(years, missing)
    y = alt.Y("share:Q", title=tr("Share of the county's manufacturing output"),
              axis=alt.Axis(format="%"))
    tooltip = [alt.Tooltip("year:Q", format="d", title=tr("Year")),
               alt.Tooltip("division:N", title=tr("Division")),
               alt.Tooltip("name:N", title=tr("name")),
               alt.Tooltip("share:Q", format=".1%", title=tr("Share"))]
    base = alt.Chart(frame)
    lines = base.mark_line().encode(x=x, y=y, color=colour, detail="run:N")
    points = base.mark_point(filled=True, size=45).encode(
        x=x, y=y, color=colour, shape=alt.Shape("label:N", sort=order, legend=None),
        tooltip=tooltip)
    last = frame[frame["year"] == rank_year].sort_values("rank")
    listing = tr("; ").join(f"{d} {s:.1%}" for d, s in zip(last["division"], last["share"],
                                                            strict=True))
    held = tr(", ").join(map(str, years))
    if missing:
        held = tr("{years}; no data for {missing}", years=held,
                  missing=tr(", ").join(map(str, missing)))
    description = _synthetic_note(syn) + tr(
        "Line chart of the output shares of the top {n} two-digit manufacturing divisions "
        "of county {county}, years {years}. Shares in {year}: {listing}.", n=len(order),
        county=county, years=held, year=rank_year, listing=listing)
    return alt.layer(lines, points).properties(
        title=alt.TitleParams(
            _lab_title(title, syn),
            subtitle=tr("Top {n} divisions by output in {year}; GB/T 4754-2002 codes.",
                        n=len(order), year=rank_year)),
        width=WIDTH - 80, height=300, description=description)


def it_subsector_bars(
    table: pd.DataFrame, *, synthetic: bool | None = None, title: str | None = None,
) -> alt.Chart:
    """Figure 3: stacked shares of groups 404, 405, 406 and others in division 40, by year.

    Parameters
    ----------
    table
        :func:`helpers.asif.it_subsector_shares` output (``year``, ``group``, ``label``,
        ``output``, ``share``).
    synthetic
        Label the chart synthetic (default: ``table.attrs["synthetic"]``).
    title
        Title stating the finding; by default it names group 404's share in the last year.

    """
    _lab_checked(table, ["year", "group", "label", "share"])
    syn = _synthetic(table, synthetic)
    frame = table[["year", "group", "share"]].copy()
    frame.insert(2, "label", table[label_column(table, "label")])
    frame["year"] = frame["year"].astype(int)
    groups = ["404", "405", "406", "Others"]
    unknown = sorted(set(frame["group"]) - set(groups))
    if unknown:
        raise ValueError(f"table column 'group' has unknown groups {unknown}; expected {groups}")
    frame["order"] = frame["group"].map({g: i for i, g in enumerate(groups)})
    frame["legend"] = frame["group"].where(frame["group"] == "Others",
                                           frame["group"] + " " + frame["label"])
    others = frame["group"] == "Others"  # the one group named in words: in the language
    frame.loc[others, "legend"] = frame.loc[others, "group"] = tr("Others")
    frame.loc[others & (frame["label"] == "Others"), "label"] = tr("Others")
    years = sorted(frame["year"].unique().tolist())
    last = years[-1]
    county = _county(table)
    s404 = float(frame.loc[(frame["year"] == last) & (frame["group"] == "404"), "share"].sum())
    if title is None:
        title = tr("Group 404 (computers) made {share} of {county}'s IT output in {year}",
                   share=f"{s404:.0%}", county=county, year=last)
    legend_order = list(frame.sort_values("order")["legend"].unique())
    missing = list(table.attrs.get("missing_years", []))
    without = list(table.attrs.get("years_without_it", []))
    gap = missing + without
    x_title = _year_title(sorted(gap))
    bars = alt.Chart(frame).mark_bar().encode(
        x=alt.X("year:O", title=x_title, axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("share:Q", title=tr("Share of division 40 output"), stack="normalize",
                axis=alt.Axis(format="%")),
        color=alt.Color("legend:N", title=tr("Sub-sector"), sort=legend_order,
                        scale=alt.Scale(range=[PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[4]]),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=WIDTH)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("year:O", title=tr("Year")),
                 alt.Tooltip("group:N", title=tr("Group")),
                 alt.Tooltip("label:N", title=tr("Sub-sector")),
                 alt.Tooltip("share:Q", format=".1%", title=tr("Share"))],
    )
    shares_last = frame[frame["year"] == last].sort_values("order")
    listing = tr("; ").join(f"{g} {s:.1%}" for g, s in zip(shares_last["group"],
                                                            shares_last["share"], strict=True))
    description = _synthetic_note(syn) + tr(
        "Stacked bar chart of the shares of IT sub-sectors 404, 405, 406 and others in "
        "division 40 output of county {county}, years {years}. Shares in {year}: {listing}.",
        county=county, years=tr(", ").join(map(str, years)), year=last, listing=listing)
    return bars.properties(
        title=alt.TitleParams(_lab_title(title, syn),
                              subtitle=tr("Groups of GB/T 4754-2002 division 40 "
                                          "(data/it_subsectors.csv).")),
        width=WIDTH - 80, height=300, description=description)


def county_hhi_line(
    table: pd.DataFrame, *, synthetic: bool | None = None, title: str | None = None,
) -> alt.LayerChart:
    """Draw the HHI of §5 from a firm panel: a line by year, broken across missing years.

    Parameters
    ----------
    table
        :func:`helpers.asif.manufacturing_hhi` output (``year``, ``hhi``).
    synthetic
        Label the chart synthetic (default: ``table.attrs["synthetic"]``).
    title
        Title stating the finding; by default the first and last values.

    """
    _lab_checked(table, ["year", "hhi"])
    syn = _synthetic(table, synthetic)
    frame = table[["year", "hhi"]].copy()
    frame["year"] = frame["year"].astype(int)
    frame["run"] = _runs(frame["year"])
    years = sorted(frame["year"].tolist())
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    first, last = frame.iloc[0], frame.iloc[-1]
    county = _county(table)
    if title is None:
        title = tr("HHI of {county}'s manufacturing: {first} in {first_year}, {last} in "
                   "{last_year}", county=county, first=f"{first['hhi']:.2f}",
                   first_year=int(first["year"]), last=f"{last['hhi']:.2f}",
                   last_year=int(last["year"]))
    x = _year_axis(years, missing)
    y = alt.Y("hhi:Q", title=tr("HHI over two-digit divisions (0-1)"))
    base = alt.Chart(frame)
    layers = alt.layer(
        base.mark_line(color=PALETTE[0]).encode(x=x, y=y, detail="run:N"),
        base.mark_point(filled=True, size=50, color=PALETTE[0]).encode(
            x=x, y=y, tooltip=[alt.Tooltip("year:Q", format="d", title=tr("Year")),
                               alt.Tooltip("hhi:Q", format=".3f", title="HHI")]),
    )
    listing = tr("; ").join(f"{y} {h:.3f}" for y, h in zip(frame["year"], frame["hhi"],
                                                            strict=True))
    description = _synthetic_note(syn) + tr(
        "Line chart of the HHI of county {county}'s manufacturing over two-digit divisions "
        "by year: {listing}.", county=county, listing=listing)
    return layers.properties(title=alt.TitleParams(_lab_title(title, syn)),
                             width=WIDTH - 80, height=260, description=description)
