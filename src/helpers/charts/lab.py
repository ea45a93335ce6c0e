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
from helpers.i18n import tr, tr_user

__all__ = [
    "SYNTHETIC_PREFIX",
    "indicator_bars",
    "rca_heatmap",
]

# metrics lab (book/metrics_lab.md): indicator bars and an LQ heatmap
# ---------------------------------------------------------------------------
SYNTHETIC_PREFIX = "SYNTHETIC data: "


def _lab_title(title: str, synthetic: bool) -> str:
    """Prefix a title with the synthetic label when the data are synthetic.

    The title is a caller's (translated when catalogued, :func:`helpers.i18n.tr_user`);
    the label is :data:`SYNTHETIC_PREFIX` in the current language.
    """
    title, prefix = tr_user(title), tr(SYNTHETIC_PREFIX)
    marked = title.startswith("SYNTHETIC") or title.startswith(prefix)
    return prefix + title if synthetic and not marked else title


def _synthetic_note(synthetic: bool) -> str:
    """Return the sentence opening the description of a chart of synthetic data."""
    return tr("Synthetic data (not real places). ") if synthetic else ""


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
    title: str | None = None,
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
        Title stating the finding (default "Regions differ in how concentrated and
        diverse their industries are").

    """
    if title is None:
        title = tr("Regions differ in how concentrated and diverse their industries are")
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
        tr("{region} (chosen)", region=r) if r == highlight else str(r)
        for r in frame["region"]
    ]
    frame["chosen"] = frame["region"] == highlight
    regions = list(pd.unique(frame["region_label"]))
    base = alt.Chart(frame)
    params = []
    if select:
        options = list(pd.unique(table["indicator"]))
        p_ind = alt.param(
            name="lab_indicator",
            value=indicator,
            bind=alt.binding_select(
                options=options, name=tr("Indicator: "),
                **({"labels": [tr_user(o) for o in options]} if any(
                    tr_user(o) != o for o in options) else {}),
            ),
        )
        params.append(p_ind)
        base = base.transform_filter(alt.datum.indicator == p_ind)
        if has_year:
            p_year = alt.param(
                name="lab_year",
                value=year,
                bind=alt.binding_select(options=yrs, name=tr("Year: ")),
            )
            params.append(p_year)
            base = base.transform_filter(alt.datum.year == p_year)
    y = alt.Y("region_label:N", title=None, sort=regions)
    # Vega-Lite's default tooltip titles are the field names: written out, so they translate
    tooltip = [alt.Tooltip("region:N", title=tr("Region")),
               alt.Tooltip("indicator:N", title=tr("indicator"))]
    if has_year:
        tooltip.append(alt.Tooltip("year:Q", title=tr("year"), format="d"))
    tooltip.append(alt.Tooltip("value:Q", title=tr("value"), format=".3f"))
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=tr("Indicator value"), scale=alt.Scale(zero=True)),
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
    listing = tr("; ").join(f"{r} {v:.2f}" for r, v in pairs)
    name = tr_user(indicator)
    inputs = ""
    if select:
        inputs = (tr(" Drop-down inputs under the chart switch the indicator and the year.")
                  if has_year else tr(" Drop-down inputs under the chart switch the indicator."))
    description = _synthetic_note(synthetic) + (
        tr("Horizontal bar chart of {indicator} by region in {year}: {listing}.",
           indicator=name, year=year, listing=listing) if has_year else
        tr("Horizontal bar chart of {indicator} by region: {listing}.", indicator=name,
           listing=listing)) + inputs
    if select:
        subtitle = (tr("Pick an indicator and a year in the inputs below.") if has_year
                    else tr("Pick an indicator in the inputs below."))
    else:
        subtitle = tr("{indicator}, {year}", indicator=name, year=year) if has_year else name
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
    title: str | None = None,
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
        Title stating the finding (default "Each region is specialised in a few
        industries").

    """
    if title is None:
        title = tr("Each region is specialised in a few industries")
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
            bind=alt.binding_select(options=yrs, name=tr("Year: ")),
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
            title=tr("Location quotient"),
            scale=alt.Scale(
                domain=[0, 1, top], range=["#56B4E9", "#ffffff", "#E69F00"], interpolate="rgb"
            ),
        ),
        tooltip=[alt.Tooltip("region:N", title=tr("region")),
                 alt.Tooltip("industry:N", title=tr("industry"))]
        + ([alt.Tooltip("year:Q", title=tr("year"))] if has_year else [])
        + [alt.Tooltip("lq:Q", title="LQ", format=".2f")],
    )
    if param is not None:
        cells = cells.add_params(param)
    text = base.mark_text(fontSize=10, color="black").encode(
        x=x, y=y, text=alt.Text("lq:Q", format=".1f")
    )
    shown = frame if not has_year else frame[frame["year"] == year]
    spec = shown[shown["lq"] >= 1].groupby("region")["industry"].apply(
        lambda s: tr(", ").join(s))
    what = (tr("Heatmap of location quotients by region (rows) and industry (columns) in "
               "{year}.", year=year) if has_year else
            tr("Heatmap of location quotients by region (rows) and industry (columns)."))
    description = _synthetic_note(synthetic) + what + tr(
        " Each cell prints its LQ; 1 or more means the region is specialised. "
        "Specialisations: {listing}.", listing=tr("; ").join(
            tr("{region}: {industries}", region=r, industries=inds) for r, inds in spec.items()))
    if param is not None:
        description += tr(" A drop-down input under the chart switches the year.")
    return alt.layer(cells, text).properties(
        title=alt.TitleParams(
            _lab_title(title, synthetic),
            subtitle=tr("Numbers are LQs: white = 1, orange above 1, blue below 1."),
        ),
        width=WIDTH - 100,
        height=alt.Step(26),
        description=description,
    )


# ---------------------------------------------------------------------------
