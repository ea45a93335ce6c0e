"""Emerging industries (ch06): Table 2 explorer, growth bars and indicator panels.

The builders take frames; :func:`helpers.emerging_analysis.emerging_table` makes Table 2's.
"""

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
    wrapped_axis,
)
from helpers.i18n import tr, tr_user

__all__ = [
    "EMERGING_MEASURES",
    "emerging_explorer",
    "growth_bars",
    "indicator_panels",
]

# Chapter 6 (emerging industries) and chapter 7 (conclusion) builders
# ---------------------------------------------------------------------------
#: Measures offered by :func:`emerging_explorer` (key -> label shown in inputs and titles;
#: the chart shows each label in the book's language through :func:`helpers.i18n.tr`).
EMERGING_MEASURES: dict[str, str] = {
    "output": "Output (million yuan)",
    "share": "Share of emerging output (%, computed)",
}


def emerging_explorer(
    frame: pd.DataFrame,
    *,
    sectors: Sequence[str] | None = None,
    measure: str = "output",
    bind: bool = True,
    title: str | None = None,
) -> alt.Chart:
    """Lines of Table 2 by industry (output or share), with inputs to pick industry and measure.

    Parameters
    ----------
    frame
        Tidy table as returned by :func:`helpers.emerging_analysis.emerging_table`
        (columns ``year``, ``name``, ``output``, ``share``, ``share_printed``; an optional
        ``name_zh`` names the industries in the Chinese edition).
    sectors
        Industry names (``name`` values, or ``name_zh`` values) to draw; ``None`` draws
        every industry.
    measure
        ``"output"`` or ``"share"`` (see :data:`EMERGING_MEASURES`): the measure drawn first
        (with ``bind=True``) or only (with ``bind=False``).
    bind
        Add two inputs that work with no kernel: a drop-down of the measure and a drop-down
        that highlights one industry (the others fade).
    title
        Chart title (state the finding); by default "Flat panels and high-end equipment
        lead Kunshan's emerging industries" in the book's language.

    Returns
    -------
    altair.LayerChart
        Lines with points (shape and colour by industry, named in the legend below) on a
        logarithmic scale, so the small industries do not crowd together near zero.

    Raises
    ------
    ValueError
        If ``frame`` lacks a column, ``measure`` is unknown or ``sectors`` names an
        industry that is not in ``frame``.

    """
    ensure_columns(frame, ["year", "name", "output", "share", "share_printed"], "frame")
    if measure not in EMERGING_MEASURES:
        raise ValueError(f"measure must be one of {list(EMERGING_MEASURES)}, got {measure!r}")
    if title is None:
        title = tr("Flat panels and high-end equipment lead Kunshan's emerging industries")
    title = tr_user(title)
    measures = {key: tr(label) for key, label in EMERGING_MEASURES.items()}
    everything = tr("All industries")
    # the industries are picked by their English name (or the shown one) and shown by the
    # name in the book's language
    shown_name = dict(zip(frame["name"], frame[label_column(frame, "name")], strict=True))
    names = list(dict.fromkeys(frame["name"]))
    if sectors is not None:
        wanted = {s: s for s in names} | {shown_name[s]: s for s in names}
        unknown = [s for s in sectors if s not in wanted]
        if unknown:
            raise ValueError(f"sectors holds names not in frame: {unknown}; valid: {names}")
        if not sectors:
            raise ValueError("sectors must name at least one industry")
        picked = {wanted[s] for s in sectors}
        names = [n for n in names if n in picked]
    df = frame[frame["name"].isin(names)][
        ["year", "name", "output", "share", "share_printed"]
    ].copy()
    df["name"] = df["name"].map(shown_name)
    df["share"] = df["share"].round(2)
    shapes = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down",
              "triangle-left", "triangle-right"]
    all_names = list(dict.fromkeys(frame["name"].map(shown_name)))
    names = [shown_name[n] for n in names]
    colour_scale = alt.Scale(domain=all_names, range=PALETTE)
    colour = alt.Color("name:N", title=tr("Industry"), scale=colour_scale,
                       legend=alt.Legend(symbolLimit=0))
    shape = alt.Shape(
        "name:N", title=tr("Industry"), scale=alt.Scale(domain=all_names, range=shapes),
    )
    base = alt.Chart(df)
    params = []
    if bind:
        m = alt.param(
            name="emerging_measure", value=measures[measure],
            bind=alt.binding_select(options=list(measures.values()), name=tr("Measure: ")),
        )
        pick = alt.param(
            name="emerging_pick", value=everything,
            bind=alt.binding_select(options=[everything, *names], name=tr("Highlight: ")),
        )
        params = [m, pick]
        base = base.transform_calculate(
            y=f"emerging_measure == '{measures['output']}' ? datum.output : datum.share",
            measure_label="emerging_measure",
        )
        opacity: Any = alt.condition(
            (pick == everything) | (alt.datum.name == pick), alt.value(1.0), alt.value(0.12)
        )
    else:
        base = base.transform_calculate(
            y=f"datum.{measure}", measure_label=f"'{measures[measure]}'"
        )
        opacity = alt.value(1.0)
    # a log scale: outputs span two orders of magnitude, and on a linear scale the four
    # smallest industries tangle near zero
    ticks = [m * 10 ** e for e in range(-1, 8) for m in (1, 3)]
    y = alt.Y("y:Q", title=None, scale=alt.Scale(type="log", nice=False, padding=8),
              axis=alt.Axis(format=",~r", values=ticks))
    x = alt.X("year:O", title=tr("Year"), axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("name:N", title=tr("Industry")),
        alt.Tooltip("year:O", title=tr("Year")),
        alt.Tooltip("output:Q", title=tr("Output (million yuan)"), format=",.0f"),
        alt.Tooltip("share:Q", title=tr("Share, computed (%)"), format=".1f"),
        alt.Tooltip("share_printed:Q", title=tr("Share printed in Table 2 (%)")),
    ]
    lines = base.mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, opacity=opacity,
                                                 detail="name:N")
    points = base.mark_point(filled=True, size=70).encode(
        x=x, y=y, color=colour, shape=shape, opacity=opacity, tooltip=tooltip
    )
    last = int(df["year"].max())
    # "{measure} (log scale)" in the book's language, around the measure picked in the input
    before, after = tr("{measure} (log scale)", measure="\0").split("\0")
    heading = (
        base.transform_filter(alt.datum.year == int(df["year"].min()))
        .transform_aggregate(measure_label="max(measure_label)")
        .transform_calculate(measure_label=" + ".join(
            [*([literal(before)] if before else []), "datum.measure_label",
             *([literal(after)] if after else [])]))
        .mark_text(align="left", baseline="bottom", fontWeight="bold", dy=-6)
        .encode(text="measure_label:N", x=alt.value(0), y=alt.value(0))
    )
    chart = alt.layer(lines, points, heading)
    if params:
        chart = chart.add_params(*params)
    first = int(df["year"].min())
    return chart.properties(
        title=title,
        height=320,
        description=tr(
            "Line chart of Table 2, {first} to {last}: output (million yuan) or share of the "
            "emerging industries' output of {n} industries: {industries}.",
            first=first, last=last, n=len(names),
            industries=tr("; ").join(
                tr("{name} {first:,} to {last:,} million yuan", name=n,
                   first=int(g["output"].iloc[0]), last=int(g["output"].iloc[-1]))
                for n, g in df.sort_values("year").groupby("name", sort=False)
            ),
        ),
    )


def growth_bars(
    frame: pd.DataFrame,
    *,
    value: str = "cagr",
    value_title: str | None = None,
    title: str | None = None,
) -> alt.LayerChart:
    """Horizontal bars of one value per industry, sorted, with the value printed on each bar.

    Parameters
    ----------
    frame
        Columns ``name`` and ``value`` (the name of the value column); one row per industry.
        An optional ``name_zh`` names the industries in the Chinese edition.
    value
        Column holding the value (e.g. a growth rate in percent).
    value_title
        Axis and tooltip title of the value (default "Compound annual growth (%)" in the
        book's language).
    title
        Chart title (state the finding); by default "Growth of each emerging industry" in
        the book's language.

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    ValueError
        If ``frame`` lacks a column or holds a duplicated name.

    """
    ensure_columns(frame, ["name", value], "frame")
    if frame["name"].duplicated().any():
        raise ValueError("frame has duplicated names; give one row per industry")
    value_title = tr_user(tr("Compound annual growth (%)") if value_title is None
                          else value_title)
    title = tr_user(tr("Growth of each emerging industry") if title is None else title)
    df = frame[[label_column(frame, "name"), value]].copy()
    df.columns = ["name", value]
    df["name"] = df["name"].map(tr_user)
    df[value] = df[value].astype(float).round(2)
    order = df.sort_values(value, ascending=False)["name"].tolist()
    base = alt.Chart(df).encode(
        y=alt.Y("name:N", sort=order, title=None, axis=wrapped_axis(0.4)),
        x=alt.X(f"{value}:Q", title=value_title, scale=alt.Scale(nice=True, padding=30),
                axis=alt.Axis(labelFlush=True)),
        tooltip=[alt.Tooltip("name:N", title=tr("Industry")),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=".1f")],
    )
    bars = base.mark_bar(color=PALETTE[0]).encode(
        color=alt.condition(alt.datum[value] < 0, alt.value(PALETTE[5]), alt.value(PALETTE[0]))
    )
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text(f"{value}:Q", format=".1f"))
    return alt.layer(bars, text).properties(
        title=title,
        height=28 * len(df),
        description=tr(
            "Bar chart of {what} by industry: {values}.", what=value_title.lower(),
            values=tr("; ").join(f"{n} {v:.1f}" for n, v in zip(df["name"], df[value],
                                                                 strict=True)),
        ),
    )


def indicator_panels(
    frame: pd.DataFrame,
    *,
    columns: int = 1,
    connect: bool = True,
    zero: bool = True,
    title: str | None = None,
) -> alt.FacetChart:
    """Small multiples: one panel per indicator, each with its own y scale.

    Each point is labelled with its value to three significant figures (the tooltip gives
    the value in full), over a white halo so a line never runs through a label.

    Parameters
    ----------
    frame
        Columns ``year``, ``indicator`` (panel label, units included) and ``value``;
        optional ``note`` (shown in the tooltip). Catalogued labels and notes are shown in
        the book's language (:func:`helpers.i18n.tr_user`).
    columns
        Panels per row (default one: the panels stack and fit a phone's column).
    connect
        Join the points with a dashed line (only for annual series: with gaps between the
        years, leave it False so the chart does not suggest values in between).
    zero
        Start every y axis at zero, so a small change looks small (set False only when
        the change itself is the point and the axis says where it starts).
    title
        Chart title (state the finding); by default "Indicators by year" in the book's
        language.

    Returns
    -------
    altair.FacetChart

    Raises
    ------
    ValueError
        If ``frame`` lacks a column or is empty.

    """
    ensure_columns(frame, ["year", "indicator", "value"], "frame")
    if frame.empty:
        raise ValueError("frame is empty")
    title = tr_user(tr("Indicators by year") if title is None else title)
    df = frame.copy()
    if "note" not in df.columns:
        df["note"] = ""
    df["indicator"] = df["indicator"].map(tr_user)
    df["note"] = df["note"].map(tr_user)
    df["value"] = df["value"].astype(float).round(4)
    tooltip = [alt.Tooltip("indicator:N", title=tr("Indicator")),
               alt.Tooltip("year:O", title=tr("Year")),
               alt.Tooltip("value:Q", title=tr("Value"), format=",.3~f"),
               alt.Tooltip("note:N", title=tr("Note"))]
    base = alt.Chart().encode(
        x=alt.X("year:O", title=tr("Year"), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=zero, nice=True),
                axis=alt.Axis(format=",.3~r", tickCount=4)),
        tooltip=tooltip,
    )
    label = alt.Text("value:Q", format=",.3~r")
    marks = [
        base.mark_point(filled=True, size=70, color=PALETTE[0]),
        base.mark_text(dy=-12, fontSize=11, stroke="white", strokeWidth=4,
                       strokeJoin="round").encode(text=label),
        base.mark_text(dy=-12, fontSize=11).encode(text=label),
    ]
    if connect:
        marks.insert(0, base.mark_line(color=PALETTE[0], strokeDash=[4, 3]))
    layer = alt.layer(*marks, data=df).properties(width=PANEL_WIDTH, height=130)
    order = list(dict.fromkeys(df["indicator"]))
    return (
        layer.facet(facet=alt.Facet("indicator:N", sort=order, title=None), columns=columns)
        .resolve_scale(y="independent", x="independent")
        .properties(
            title=title,
            description=tr(
                "{n} small panels, one per indicator: {panels}.", n=len(order),
                panels=tr("; ").join(
                    f"{ind}: "
                    + tr(", ").join(
                        f"{int(y)} {v:,.3g}" for y, v in zip(g["year"], g["value"],
                                                              strict=True)
                    )
                    for ind, g in df.groupby("indicator", sort=False)
                ),
            ),
        )
    )


