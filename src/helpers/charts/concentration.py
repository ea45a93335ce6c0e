"""Shares and concentration: headline shares (ch01-ch03), HHI path and firm concentration (ch05)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from helpers.charts.theme import (
    PALETTE,
    PANEL_WIDTH,
    ensure_columns,
    label_column,
    literal,
    title_expr,
    wrapped_axis,
)
from helpers.i18n import tr, tr_user

__all__ = [
    "indicator_share_bars",
    "share_concentration_bars",
    "hhi_path",
    "firm_concentration_chart",
]

# ---------------------------------------------------------------------------
# ch01-ch03 builders: headline shares, the coalition matrix, shares and concentration
# ---------------------------------------------------------------------------
def indicator_share_bars(
    indicators: pd.DataFrame,
    names: Sequence[str],
    *,
    labels: dict[str, str] | None = None,
    title: str | None = None,
) -> alt.LayerChart:
    """Horizontal bars of percentage indicators, each drawn against its 100% whole.

    Parameters
    ----------
    indicators
        The ``indicators`` table (or rows of it) with columns ``indicator``, ``value``,
        ``unit``, ``bound``, ``note``, ``source``, ``cited`` and ``year``.
    names
        Indicator ids to draw, in this order; each must match exactly one row whose unit
        is ``percent`` and whose value is a single number (not a range).
    labels
        Optional short label for each indicator id (defaults to the id); a catalogued
        label is shown in the book's language (:func:`helpers.i18n.tr_user`).
    title
        Chart title (state the finding); by default "Taiwan-invested enterprises carry a
        large share of Kunshan's economy" in the book's language.

    Raises
    ------
    ValueError
        Naming ``names`` when an id is missing, repeated or not a single percentage, or
        ``indicators`` when a column is missing.

    """
    ensure_columns(
        indicators, ["indicator", "value", "unit", "bound", "note", "source", "cited", "year"],
        "indicators",
    )
    names = list(names)
    if not names:
        raise ValueError("names must list at least one indicator")
    labels = dict(labels or {})
    if title is None:
        title = tr("Taiwan-invested enterprises carry a large share of Kunshan's economy")
    title = tr_user(title)
    note_column = label_column(indicators, "note")
    rows = []
    for order, name in enumerate(names):
        hit = indicators[indicators["indicator"] == name]
        if len(hit) != 1:
            raise ValueError(
                f"names: {name!r} matches {len(hit)} rows of indicators; expected exactly one"
            )
        row = hit.iloc[0]
        if row["unit"] != "percent" or pd.isna(row["value"]):
            raise ValueError(
                f"names: {name!r} is not a single percentage (unit {row['unit']!r}, "
                f"value {row['value']!r})"
            )
        rows.append(
            {
                "order": order,
                "label": tr_user(labels.get(name, name)),
                "value": float(row["value"]),
                "rest": 100.0,
                "text": f"{row['value']:g}%",
                "year": tr("not given") if pd.isna(row["year"]) else str(int(row["year"])),
                "bound": row["bound"],
                "note": "" if pd.isna(row[note_column]) else row[note_column],
                "source": row["source"],
                "cited": "" if pd.isna(row["cited"]) else row["cited"],
            }
        )
    frame = pd.DataFrame(rows)
    sort = list(frame["label"])
    y = alt.Y("label:N", sort=sort, title=None, axis=wrapped_axis(0.4))
    tooltip = [
        alt.Tooltip("label:N", title=tr("Share of")),
        alt.Tooltip("text:N", title=tr("Value")),
        alt.Tooltip("year:N", title=tr("Year")),
        alt.Tooltip("note:N", title=tr("What is counted")),
        alt.Tooltip("source:N", title=tr("Article locator")),
        alt.Tooltip("cited:N", title=tr("Article cites")),
    ]
    whole = (
        alt.Chart(frame)
        .mark_bar(color="#e6e6e6", height=22)
        .encode(x=alt.X("rest:Q"), y=y, tooltip=tooltip)
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(color=PALETTE[0], height=22)
        .encode(
            x=alt.X(
                "value:Q", title=tr("Percent of Kunshan's total"),
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(values=[0, 25, 50, 75, 100], labelFlush=True),
            ),
            y=y,
            tooltip=tooltip,
        )
    )
    text = (
        alt.Chart(frame)
        .mark_text(align="left", dx=6, color="black", fontWeight="bold")
        .encode(x="value:Q", y=y, text="text:N", tooltip=tooltip)
    )
    description = tr(
        "Bar chart of percentage shares, each against a grey bar for the whole (100%): "
        "{shares}. Sources: {sources} of the article.",
        shares=tr("; ").join(f"{lab} {t}" for lab, t in zip(frame["label"], frame["text"],
                                                             strict=True)),
        sources=tr("; ").join(sorted(set(frame["source"]))),
    )
    return alt.layer(whole, bars, text).properties(
        title=title, height=36 * len(frame) + 10, description=description
    )


def share_concentration_bars(
    amounts: pd.DataFrame,
    *,
    k: int = 4,
    labels: dict[str, str] | None = None,
    select: bool = True,
    title: str | None = None,
) -> alt.LayerChart:
    """Shares of each industry, with the HHI and CRk computed by :mod:`helpers.metrics`.

    Shares, the Herfindahl-Hirschman index and the k-industry concentration ratio are
    computed here with :func:`helpers.metrics.shares`, :func:`helpers.metrics.hhi` and
    :func:`helpers.metrics.concentration_ratio`; the chart draws the bars sorted by share,
    marks the ``k`` largest with a label (not only by colour), and writes the indicators
    for the year shown.

    Parameters
    ----------
    amounts
        Long table with columns ``year``, ``industry`` and ``value`` (non-negative
        amounts, e.g. output).
    k
        How many of the largest industries the concentration ratio adds up.
    labels
        Optional display name for each industry id (a catalogued name is shown in the
        book's language).
    select
        Bind a year drop-down to the chart (works with no kernel); with ``select=False``
        the table must hold a single year.
    title
        Chart title (state the finding); by default "A few industries hold most of the
        output" in the book's language.

    Raises
    ------
    ValueError
        Naming ``amounts`` when a column is missing, it is empty, a value is negative or
        (with ``select=False``) it holds several years; naming ``k`` when it is not a
        positive integer.

    """
    from helpers import metrics

    ensure_columns(amounts, ["year", "industry", "value"], "amounts")
    if amounts.empty:
        raise ValueError("amounts has no rows")
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    years = sorted(int(y) for y in amounts["year"].unique())
    if not select and len(years) != 1:
        raise ValueError(f"amounts holds {len(years)} years; select=False needs exactly one")
    try:
        matrix = metrics.to_matrix(amounts, region="year", industry="industry", value="value")
    except ValueError as exc:
        raise ValueError(f"amounts: {exc}") from None
    s = metrics.shares(matrix)
    hhi = metrics.hhi(matrix)
    crk = metrics.concentration_ratio(matrix, k=k)
    labels = dict(labels or {})
    title = tr_user(tr("A few industries hold most of the output") if title is None else title)
    top_k, others = tr("top {k}", k=k), tr("others")
    long = s.stack().rename("share").reset_index()
    long.columns = ["year", "industry", "share"]
    long["year"] = long["year"].astype(int).astype(str)
    long["rank"] = long.groupby("year")["share"].rank(ascending=False, method="first")
    long["top"] = long["rank"] <= k
    long["label"] = long["industry"].map(lambda i: tr_user(labels.get(i, i)))
    # bars are sorted, so the top k are the first k rows as well as coloured
    long["text"] = [f"{sh:.1%}" for sh in long["share"]]
    long["group"] = [top_k if t else others for t in long["top"]]
    summary = pd.DataFrame(
        {
            "year": [str(y) for y in matrix.index.astype(int)],
            "summary": [
                f"HHI = {h:.3f} · CR{k} = {c:.3f} · 1/HHI = {1 / h:.1f}"
                for h, c in zip(hhi, crk, strict=True)
            ],
        }
    )
    by_year = dict(zip(summary["year"], summary["summary"], strict=True))
    year_strings = [str(y) for y in years]
    base = alt.Chart(long)
    if select:
        param = alt.param(
            name="concentration_year",
            value=year_strings[0],
            bind=alt.binding_select(options=year_strings, name=tr("Year: ")),
        )
        base = base.add_params(param).transform_filter(alt.datum.year == param)
        picked = f"{literal(by_year)}[concentration_year]"
    else:
        picked = literal(summary["summary"].iloc[0])
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("rank", op="min"),
              axis=wrapped_axis(0.5))
    tooltip = [
        alt.Tooltip("year:N", title=tr("Year")),
        alt.Tooltip("label:N", title=tr("Industry")),
        alt.Tooltip("share:Q", title=tr("Share"), format=".1%"),
        alt.Tooltip("rank:Q", title=tr("Rank"), format="d"),
    ]
    bars = base.mark_bar(height=18).encode(
        x=alt.X("share:Q", title=tr("Share of the total"),
                axis=alt.Axis(format="%", labelFlush=True), scale=alt.Scale(domain=[0, 1])),
        y=y,
        color=alt.Color("group:N", title=None,
                        scale=alt.Scale(domain=[top_k, others],
                                        range=[PALETTE[0], "#a6a6a6"])),
        tooltip=tooltip,
    )
    text = base.mark_text(align="left", dx=4, color="black").encode(
        x="share:Q", y=y, text="text:N", tooltip=tooltip
    )
    height = 40 * int(long.groupby("year")["industry"].size().max())  # room for wrapped labels
    first = summary.iloc[0]
    description = tr(
        "Bar chart of industry shares for {years}, sorted by share, the {k} largest labelled "
        "'{top}'. Indicators computed by the book: {indicators}.",
        years=tr(", ").join(year_strings), k=k, top=top_k,
        indicators=tr("; ").join(f"{yr}: {sm}" for yr, sm in zip(
            summary["year"], summary["summary"], strict=True)),
    ) + (tr(" A drop-down picks the year (default {year}).", year=first["year"])
         if select else "")
    # the indicators of the year shown head the chart, as a second title line that follows
    # the year input (a title's text may be an expression; its subtitle may not)
    return alt.layer(bars, text).properties(
        title=alt.TitleParams(text=alt.ExprRef(expr=title_expr(literal(title), picked))),
        height=height, description=description,
    )


# ---------------------------------------------------------------------------

def hhi_path(
    concentration: pd.DataFrame,
    *,
    floor: float | None = None,
    floor_label: str = "",
    floor_year: int | None = None,
    bind: bool = True,
    title: str | None = None,
) -> alt.LayerChart:
    """HHI of manufacturing by year, with an upper bound drawn as a bound, not a point.

    Exact values are filled points joined by a line, each labelled with its value. A row
    whose ``bound`` is ``"upper"`` is drawn as an open circle with a dashed rule down to
    zero, a downward caret and a "< value" label, so it never reads as a measured point.
    Optionally a horizontal rule marks a ``floor`` (e.g. the lower bound of HHI implied
    by one sector's share), shown or hidden by a bound checkbox.

    Parameters
    ----------
    concentration
        Rows with ``year``, ``value``, ``bound`` (``exact`` or ``upper``), ``note``,
        ``source``; e.g. ``data.load("concentration").query("measure == 'hhi'")``.
    floor
        Optional level of a reference rule (0-1).
    floor_label
        Text written next to the floor rule (a catalogued text is shown in the book's
        language).
    floor_year
        If given, the floor is drawn as a short segment at that year only (a floor that
        holds for one year), not as a rule across the chart.
    bind
        Bind a checkbox ("Show implied floor:") that shows or hides the floor rule.
    title
        Chart title (state the finding); by default "Kunshan's manufacturing concentrated
        fast: HHI from under 0.07 to 0.38" in the book's language.

    Raises
    ------
    ValueError
        For missing columns, no rows, an unknown ``bound`` or a ``floor`` outside 0-1.

    """
    ensure_columns(concentration, ["year", "value", "bound", "note", "source"],
                   "concentration")
    if len(concentration) == 0:
        raise ValueError("concentration is empty (0 rows)")
    bad = sorted(set(concentration["bound"]) - {"exact", "upper"})
    if bad:
        raise ValueError(f"concentration has bound(s) {bad}; expected 'exact' or 'upper'")
    if floor is not None and not 0 <= floor <= 1:
        raise ValueError(f"floor must lie between 0 and 1, got {floor!r}")
    if title is None:
        title = tr("Kunshan's manufacturing concentrated fast: HHI from under 0.07 to 0.38")
    title, floor_label = tr_user(title), tr_user(floor_label)
    df = concentration[["year", "value", "bound", "source"]].assign(
        note=concentration[label_column(concentration, "note")])
    df["year"] = df["year"].astype(int)
    df["value"] = df["value"].astype(float)
    df["shown"] = [("< " if b == "upper" else "") + f"{v:.2f}"
                   for v, b in zip(df["value"], df["bound"], strict=True)]
    df["kind"] = df["bound"].map({"exact": tr("reported value"),
                                  "upper": tr("article's upper bound")})
    exact = df[df["bound"] == "exact"]
    upper = df[df["bound"] == "upper"].assign(zero=0.0)
    ymax = max(float(df["value"].max()), floor or 0.0) * 1.15
    first_year, last_year = int(df["year"].min()), int(df["year"].max())
    x = alt.X("year:Q", title=tr("Year"),
              axis=alt.Axis(format="d", values=list(range(first_year, last_year + 1)),
                            labelAngle=0),
              scale=alt.Scale(domain=[first_year - 1, last_year + 1]))
    y = alt.Y("value:Q", title=tr("HHI over manufacturing sectors (0-1)"),
              scale=alt.Scale(domain=[0, round(ymax, 2)]))
    tooltip = [alt.Tooltip("year:Q", format="d", title=tr("Year")),
               alt.Tooltip("shown:N", title="HHI"), alt.Tooltip("kind:N", title=tr("Kind")),
               alt.Tooltip("note:N", title=tr("Note")),
               alt.Tooltip("source:N", title=tr("Source"))]
    layers: list[Any] = []
    if len(exact):
        layers.append(alt.Chart(exact).mark_line(color=PALETTE[0]).encode(x=x, y=y))
        layers.append(alt.Chart(exact).mark_point(filled=True, size=90, color=PALETTE[0],
                                                  shape="circle").encode(x=x, y=y,
                                                                         tooltip=tooltip))
        layers.append(alt.Chart(exact).mark_text(dy=-14, fontWeight="bold").encode(
            x=x, y=y, text="shown:N"))
    if len(upper):
        layers.append(alt.Chart(upper).mark_rule(strokeDash=[4, 3], color=PALETTE[5]).encode(
            x=x, y=y, y2="zero:Q"))
        layers.append(alt.Chart(upper).mark_point(filled=False, size=110, strokeWidth=2,
                                                  color=PALETTE[5], shape="circle").encode(
            x=x, y=y, tooltip=tooltip))
        layers.append(alt.Chart(upper).mark_point(filled=True, size=70, color=PALETTE[5],
                                                  shape="triangle-down", yOffset=16).encode(
            x=x, y=y, tooltip=tooltip))
        layers.append(alt.Chart(upper).mark_text(align="left", dx=10, dy=-4,
                                                 color=PALETTE[5]).encode(
            x=x, y=y, text=alt.Text("shown:N")))
        layers.append(alt.Chart(upper).mark_text(align="left", dx=10, dy=10, fontSize=11,
                                                 color="#444444").encode(
            x=x, y=y, text=alt.value(tr("(bound only)"))))
    param = None
    if floor is not None:
        fl = pd.DataFrame({"value": [floor], "label": [floor_label or f"{floor:.2f}"]})
        if floor_year is None:
            rule = alt.Chart(fl).mark_rule(color=PALETTE[7], strokeDash=[8, 4]).encode(
                y=alt.Y("value:Q"))
            text = alt.Chart(fl).mark_text(align="left", dy=-7, x=4, color=PALETTE[7]).encode(
                y=alt.Y("value:Q"), text="label:N")
        else:
            fl = fl.assign(x0=floor_year - 0.6, x1=floor_year + 0.6, year=floor_year)
            rule = alt.Chart(fl).mark_rule(color=PALETTE[7], strokeWidth=2.5).encode(
                x=alt.X("x0:Q"), x2="x1:Q", y=alt.Y("value:Q"))
            text = alt.Chart(fl).mark_text(align="right", dx=-4, dy=-8,
                                           color=PALETTE[7]).encode(
                x=alt.X("x0:Q"), y=alt.Y("value:Q"), text="label:N")
        if bind:
            param = alt.param(name="show_floor", value=True,
                              bind=alt.binding_checkbox(name=tr("Show implied floor: ")))
            show = alt.condition(param, alt.value(1), alt.value(0))
            rule = rule.encode(opacity=show).add_params(param)
            text = text.encode(opacity=show)
        layers += [rule, text]
    values = tr(", ").join(f"{y}: {s}" for y, s in zip(df["year"], df["shown"], strict=True))
    desc = tr("Line chart of the HHI of Kunshan's manufacturing by year ({values}). "
              "Upper bounds are drawn as open circles with a dashed rule and a downward "
              "caret, not as measured points.", values=values)
    if floor is not None:
        if floor_year:
            desc += tr(" A short black segment at {year} marks {what}.", year=floor_year,
                       what=floor_label or floor)
        else:
            desc += tr(" A dashed rule marks {what}.", what=floor_label or floor)
    return alt.layer(*layers).properties(title=title, height=280, description=desc)


def firm_concentration_chart(
    frame: pd.DataFrame,
    *,
    sector: str = "sector",
    sectors: Sequence[str] | None = None,
    select: bool = True,
    initial: str | None = None,
    title: str | None = None,
) -> alt.Chart:
    """HHI and CR4 of firms by year for each sector, two panels, one above the other.

    Meant for the output of :func:`helpers.metrics.firm_concentration` (reset to
    columns). Colour *and* point shape give the sector; panels give the measure.

    Parameters
    ----------
    frame
        Columns ``year``, ``hhi``, ``cr4`` and the sector column.
    sector
        Name of the sector column (values are used as labels).
    sectors
        Sectors to keep, in legend order (default: all, sorted).
    select
        Bind a select input ("Sector:") that shows one sector at a time (or all), with
        no kernel.
    initial
        Sector shown first when ``select`` is on (default: the first sector).
    title
        Chart title; keep the word SYNTHETIC (合成 in Chinese) when the data are
        synthetic. By default "SYNTHETIC data: within-sector concentration of firms (HHI
        and CR4)" in the book's language.

    Raises
    ------
    ValueError
        For missing columns, no rows, an unknown sector in ``sectors`` or ``initial``.

    """
    ensure_columns(frame, ["year", "hhi", "cr4", sector], "frame")
    if len(frame) == 0:
        raise ValueError("frame is empty (0 rows)")
    found = sorted(map(str, frame[sector].unique()))
    chosen = found if sectors is None else [str(s) for s in sectors]
    unknown = sorted(set(chosen) - set(found))
    if unknown:
        raise ValueError(f"sectors holds sector(s) not in frame: {unknown}")
    if not chosen:
        raise ValueError("sectors must not be empty")
    if initial is not None and str(initial) not in chosen:
        raise ValueError(f"initial {initial!r} is not among the sectors {chosen}")
    if title is None:
        title = tr("SYNTHETIC data: within-sector concentration of firms (HHI and CR4)")
    title = tr_user(title)
    cr4_label, everything = tr("CR4 (share of top 4)"), tr("All sectors")
    df = frame.assign(sector_label=frame[sector].astype(str))
    df = df[df["sector_label"].isin(chosen)]
    long = df.melt(id_vars=["sector_label", "year"], value_vars=["hhi", "cr4"],
                   var_name="measure", value_name="value")
    long["measure"] = long["measure"].map({"hhi": "HHI", "cr4": cr4_label})
    long["year"] = long["year"].astype(int)
    long["value"] = long["value"].astype(float).round(4)
    shapes = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down",
              "wedge", "stroke"]
    colour = alt.Color("sector_label:N", title=tr("Sector"), scale=alt.Scale(
        domain=chosen, range=[PALETTE[i % len(PALETTE)] for i in range(len(chosen))]))
    shape = alt.Shape("sector_label:N", title=tr("Sector"), scale=alt.Scale(
        domain=chosen, range=[shapes[i % len(shapes)] for i in range(len(chosen))]))
    base = alt.Chart(long)
    param = None
    if select:
        param = alt.param(
            name="sector_pick", value=str(initial) if initial is not None else chosen[0],
            bind=alt.binding_select(options=[everything, *chosen], name=tr("Sector: ")),
        )
        base = base.add_params(param).transform_filter(
            f"sector_pick == {literal(everything)} || datum.sector_label == sector_pick")
    enc = {
        "x": alt.X("year:Q", title=tr("Year"), axis=alt.Axis(format="d", tickMinStep=1),
                   scale=alt.Scale(zero=False)),
        "y": alt.Y("value:Q", title=tr("Index (0-1)"), scale=alt.Scale(domain=[0, 1])),
        "color": colour,
        "detail": "sector_label:N",
    }
    line = base.mark_line(point=False, strokeWidth=1.8).encode(**enc)
    points = base.mark_point(filled=True, size=55).encode(
        **enc, shape=shape,
        tooltip=[alt.Tooltip("sector_label:N", title=tr("Sector")),
                 alt.Tooltip("measure:N", title=tr("Measure")),
                 alt.Tooltip("year:Q", format="d", title=tr("Year")),
                 alt.Tooltip("value:Q", format=".3f", title=tr("Value"))])
    desc = (tr("Two line charts, HHI and CR4 of firms by year ({first} to {last}) for "
               "{n} sector(s): {sectors}. ", first=int(long["year"].min()),
               last=int(long["year"].max()), n=len(chosen), sectors=tr(", ").join(chosen))
            + (tr("A select input under the chart picks the sector shown. ") if select
               else "")
            + tr("Sectors differ by colour and point shape."))
    # panels stack in one column, so the chart fits a phone (see helpers.charts.theme)
    chart = alt.layer(line, points).properties(width=PANEL_WIDTH, height=170)
    return chart.facet(facet=alt.Facet("measure:N", title=None,
                                       sort=["HHI", cr4_label]),
                       columns=1).properties(title=title, description=desc)


# ---------------------------------------------------------------------------
