"""Metrics-lab builders (book/metrics_lab.md): indicator bars and an LQ heatmap."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from helpers.charts.theme import (
    PALETTE,
    WIDTH,
    ensure_columns,
)

__all__ = [
    "SYNTHETIC_PREFIX",
    "indicator_bars",
    "rca_heatmap",
]

# metrics lab (book/metrics_lab.md): indicator bars and an LQ heatmap
# ---------------------------------------------------------------------------
SYNTHETIC_PREFIX = "SYNTHETIC data: "


def _lab_title(title: str, synthetic: bool) -> str:
    """Prefix a title with the synthetic label when the data are synthetic."""
    return SYNTHETIC_PREFIX + title if synthetic and not title.startswith("SYNTHETIC") else title


def _lab_checked(table: Any, columns: list[str]) -> None:
    """Raise ``ValueError`` unless ``table`` is a non-empty DataFrame with ``columns``."""
    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a DataFrame, got {type(table).__name__}")
    ensure_columns(table, columns, "table")
    if table.empty:
        raise ValueError("table is empty")


def _lab_year(table: pd.DataFrame, year: int | None) -> tuple[bool, list[int], int | None]:
    """Return (has a year column, its sorted years, the year to show: default the last)."""
    if "year" not in table.columns:
        if year is not None:
            raise ValueError("year: the table has no 'year' column")
        return False, [], None
    yrs = sorted(int(y) for y in pd.unique(table["year"]))
    year = yrs[-1] if year is None else year
    if year not in yrs:
        raise ValueError(f"year: {year!r} is not in the table; options are {yrs}")
    return True, yrs, year


def _lab_pick(frame: pd.DataFrame, column: str, value: Any, argument: str) -> Any:
    """Validate ``value`` against the distinct values of ``frame[column]``; default first."""
    options = list(pd.unique(frame[column]))
    if value is None:
        return options[0]
    if value not in options:
        raise ValueError(f"{argument}: {value!r} is not in the table; options are {options}")
    return value


def indicator_bars(
    table: pd.DataFrame,
    *,
    indicator: str | None = None,
    year: int | None = None,
    highlight: str | None = None,
    select: bool = True,
    synthetic: bool = False,
    title: str = "Regions differ in how concentrated and diverse their industries are",
) -> alt.Chart:
    """Bar chart of one per-region indicator, with inputs to switch indicator and year.

    Parameters
    ----------
    table
        Tidy indicator table with columns ``region``, ``indicator``, ``value`` and
        optionally ``year`` (e.g. :func:`helpers.byod.indicator_table`).
    indicator, year
        The view shown first (defaults: the first indicator and the last year).
    highlight
        A region to mark (its bar in vermillion and its label suffixed ``(chosen)``).
    select
        Bind the indicator (and year) to drop-down inputs under the chart, so a static
        reader can switch them with no kernel. With ``select=False`` the table is filtered
        to ``indicator`` and ``year`` here and no input is drawn (for live panels).
    synthetic
        The data are synthetic: the title and description say so.
    title
        Title stating the finding.

    """
    _lab_checked(table, ["region", "indicator", "value"])
    indicator = _lab_pick(table, "indicator", indicator, "indicator")
    has_year, yrs, year = _lab_year(table, year)
    if highlight is not None:
        _lab_pick(table, "region", highlight, "highlight")
    cols = ["region", "indicator", "value"] + (["year"] if has_year else [])
    frame = table[cols].copy()
    frame["value"] = frame["value"].astype(float).round(4)
    if not select:
        frame = frame[frame["indicator"] == indicator]
        if has_year:
            frame = frame[frame["year"] == year]
    frame["region_label"] = [
        f"{r} (chosen)" if r == highlight else str(r) for r in frame["region"]
    ]
    frame["chosen"] = frame["region"] == highlight
    regions = list(pd.unique(frame["region_label"]))
    base = alt.Chart(frame)
    params = []
    if select:
        p_ind = alt.param(
            name="lab_indicator",
            value=indicator,
            bind=alt.binding_select(
                options=list(pd.unique(table["indicator"])), name="Indicator: "
            ),
        )
        params.append(p_ind)
        base = base.transform_filter(alt.datum.indicator == p_ind)
        if has_year:
            p_year = alt.param(
                name="lab_year",
                value=year,
                bind=alt.binding_select(options=yrs, name="Year: "),
            )
            params.append(p_year)
            base = base.transform_filter(alt.datum.year == p_year)
    y = alt.Y("region_label:N", title=None, sort=regions)
    tooltip = [alt.Tooltip("region:N", title="Region"), alt.Tooltip("indicator:N")]
    if has_year:
        tooltip.append(alt.Tooltip("year:Q", format="d"))
    tooltip.append(alt.Tooltip("value:Q", format=".3f"))
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title="Indicator value", scale=alt.Scale(zero=True)),
        y=y,
        color=alt.condition(
            alt.datum.chosen, alt.value(PALETTE[5]), alt.value(PALETTE[0])
        ),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=4, color="black").encode(
        x="value:Q", y=y, text=alt.Text("value:Q", format=".2f")
    )
    if params:
        bars = bars.add_params(*params)
    shown = table[table["indicator"] == indicator]
    if has_year:
        shown = shown[shown["year"] == year]
    pairs = zip(shown["region"], shown["value"], strict=True)
    listing = "; ".join(f"{r} {v:.2f}" for r, v in pairs)
    inputs = (
        " Drop-down inputs under the chart switch the indicator"
        + (" and the year." if has_year else ".")
        if select
        else ""
    )
    description = (
        ("Synthetic data (not real places). " if synthetic else "")
        + f"Horizontal bar chart of {indicator} by region"
        + (f" in {year}" if has_year else "")
        + f": {listing}.{inputs}"
    )
    subtitle = (
        "Pick an indicator" + (" and a year" if has_year else "") + " in the inputs below."
        if select
        else f"{indicator}" + (f", {year}" if has_year else "")
    )
    return alt.layer(bars, labels).properties(
        title=alt.TitleParams(_lab_title(title, synthetic), subtitle=subtitle),
        width=WIDTH - 80,
        height=alt.Step(26),
        description=description,
    )


def rca_heatmap(
    table: pd.DataFrame,
    *,
    year: int | None = None,
    select: bool = True,
    synthetic: bool = False,
    title: str = "Each region is specialised in a few industries",
) -> alt.Chart:
    """Heatmap of location quotients (RCA) by region and industry, with a year input.

    Cells print their LQ (so colour is never the only cue); LQ 1 is white, below 1 shades
    to sky blue, above 1 to orange.

    Parameters
    ----------
    table
        Tidy table with columns ``region``, ``industry``, ``lq`` and optionally ``year``
        (e.g. :func:`helpers.byod.lq_table`).
    year
        The year shown first (default: the last one).
    select
        Bind the year to a drop-down input (static interactivity); with ``select=False``
        the table is filtered to ``year`` and no input is drawn.
    synthetic
        The data are synthetic: the title and description say so.
    title
        Title stating the finding.

    """
    _lab_checked(table, ["region", "industry", "lq"])
    if (table["lq"] < 0).any():
        raise ValueError("table column 'lq' has negative values; an LQ is never negative")
    has_year, yrs, year = _lab_year(table, year)
    cols = ["region", "industry", "lq"] + (["year"] if has_year else [])
    frame = table[cols].copy()
    frame["lq"] = frame["lq"].astype(float).round(2)
    base = alt.Chart(frame)
    param = None
    if has_year and select:
        param = alt.param(
            name="lab_lq_year",
            value=year,
            bind=alt.binding_select(options=yrs, name="Year: "),
        )
        base = base.transform_filter(alt.datum.year == param)
    elif has_year:
        base = alt.Chart(frame[frame["year"] == year])
    top = max(float(frame["lq"].max()), 1.5)
    x = alt.X("industry:N", title=None, sort=sorted(frame["industry"].unique()),
              axis=alt.Axis(labelAngle=-90, labelAlign="right", labelBaseline="middle",
                            labelLimit=0))
    y = alt.Y("region:N", title=None, sort=sorted(frame["region"].unique()))
    cells = base.mark_rect(stroke="white").encode(
        x=x,
        y=y,
        color=alt.Color(
            "lq:Q",
            title="Location quotient",
            scale=alt.Scale(
                domain=[0, 1, top], range=["#56B4E9", "#ffffff", "#E69F00"], interpolate="rgb"
            ),
        ),
        tooltip=["region:N", "industry:N"]
        + (["year:Q"] if has_year else [])
        + [alt.Tooltip("lq:Q", title="LQ", format=".2f")],
    )
    if param is not None:
        cells = cells.add_params(param)
    text = base.mark_text(fontSize=10, color="black").encode(
        x=x, y=y, text=alt.Text("lq:Q", format=".1f")
    )
    shown = frame if not has_year else frame[frame["year"] == year]
    spec = shown[shown["lq"] >= 1].groupby("region")["industry"].apply(lambda s: ", ".join(s))
    description = (
        ("Synthetic data (not real places). " if synthetic else "")
        + "Heatmap of location quotients by region (rows) and industry (columns)"
        + (f" in {year}" if has_year else "")
        + ". Each cell prints its LQ; 1 or more means the region is specialised. "
        + "Specialisations: "
        + "; ".join(f"{r}: {inds}" for r, inds in spec.items())
        + "."
        + (" A drop-down input under the chart switches the year." if param is not None else "")
    )
    return alt.layer(cells, text).properties(
        title=alt.TitleParams(
            _lab_title(title, synthetic),
            subtitle="Numbers are LQs: white = 1, orange above 1, blue below 1.",
        ),
        width=WIDTH - 100,
        height=alt.Step(26),
        description=description,
    )


# ---------------------------------------------------------------------------
