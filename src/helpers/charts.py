"""Altair chart builders and the book's one theme, palette and stage colours.

Builders take tidy DataFrames (from :mod:`helpers.data` or :mod:`helpers.metrics`) and
return Altair charts; they never read files. Importing this module registers and enables
the book's theme and renderer, so every chart in every chapter looks the same and is
drawn as SVG with no request to a CDN (see ``_ext/kunshan_build.py`` for the bundle).

Conventions
-----------
* One colour-blind-safe palette (Okabe & Ito 2008), :data:`PALETTE`.
* Fixed stage colours and shapes keyed by stage number, :data:`STAGE_COLOURS`,
  :data:`STAGE_SHAPES`; stage names and years come from ``data.stages()``, so one
  definition serves every chart.
* Colour never carries meaning alone: stages also get a shape and a text label or
  tooltip.
* Every chart has a ``description`` (read by screen readers) and a title that states the
  finding.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from helpers import data

#: Okabe & Ito (2008) colour-blind-safe palette, in the order charts use it.
PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
]

#: Fixed colour of each stage (keyed by the stage number in ``data/stages.csv``).
STAGE_COLOURS: dict[int, str] = {1: "#E69F00", 2: "#0072B2", 3: "#009E73"}
#: Fixed point shape of each stage, so colour is never the only cue.
STAGE_SHAPES: dict[int, str] = {1: "circle", 2: "square", 3: "triangle-up"}

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
WIDTH = 560
EMBED_OPTIONS: dict[str, Any] = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}


# ---------------------------------------------------------------------------
# theme and renderer
# ---------------------------------------------------------------------------
@alt.theme.register("kunshan", enable=True)
def kunshan_theme() -> alt.theme.ThemeConfig:
    """Return the book's Altair theme: light background, readable type, the palette."""
    return {
        "config": {
            "background": "white",
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": 300, "stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#444444"},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#222222",
                "titleColor": "#222222",
                "gridColor": "#e6e6e6",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "range": {"category": PALETTE},
            "mark": {"tooltip": True},
        }
    }


_counter = itertools.count()


def _html_bundle(spec: dict, **kwargs: Any) -> dict[str, str]:
    """Mimebundle: Vega-Lite JSON for JupyterLab and self-rendering HTML for the site."""
    from altair.utils.html import spec_to_html

    output_div = f"kunshan-chart-{next(_counter)}"
    html = spec_to_html(
        spec,
        mode="vega-lite",
        vega_version=alt.VEGA_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        vegalite_version=alt.VEGALITE_VERSION,
        template="universal",
        output_div=output_div,
        embed_options=EMBED_OPTIONS,
    )
    mime = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.split('.')[0][1:]}+json"
    return {"text/html": html, mime: spec}


alt.renderers.register("kunshan", _html_bundle)
alt.renderers.enable("kunshan")


def to_html(chart: alt.TopLevelMixin) -> str:
    """Return the HTML that the book embeds for ``chart`` (used by tests)."""
    return _html_bundle(chart.to_dict())["text/html"]


# ---------------------------------------------------------------------------
# shared scales
# ---------------------------------------------------------------------------
def stage_table() -> pd.DataFrame:
    """Return the stages (number, name, years) with their fixed colour and shape."""
    stages = data.stages().copy()
    missing = sorted(set(stages["stage"]) - set(STAGE_COLOURS))
    if missing:
        raise ValueError(f"charts.STAGE_COLOURS has no colour for stage(s) {missing}")
    stages["colour"] = stages["stage"].map(STAGE_COLOURS)
    stages["shape"] = stages["stage"].map(STAGE_SHAPES)
    stages["label"] = [
        f"Stage {s}: {n}" for s, n in zip(stages["stage"], stages["name"], strict=True)
    ]
    return stages


def stage_colour_scale() -> alt.Scale:
    """Colour scale mapping stage labels (``Stage 1: ...``) to the fixed stage colours."""
    stages = stage_table()
    return alt.Scale(domain=list(stages["label"]), range=list(stages["colour"]))


def stage_shape_scale() -> alt.Scale:
    """Shape scale mapping stage labels to the fixed stage shapes."""
    stages = stage_table()
    return alt.Scale(domain=list(stages["label"]), range=list(stages["shape"]))


def stage_labels() -> list[str]:
    """Stage labels in order, as used in legends and select inputs."""
    return list(stage_table()["label"])


def add_stage_label(frame: pd.DataFrame, stage_column: str = "stage") -> pd.DataFrame:
    """Return a copy of ``frame`` with a ``stage_label`` column from its stage numbers."""
    stages = stage_table().set_index("stage")["label"]
    unknown = sorted(set(frame[stage_column]) - set(stages.index))
    if unknown:
        raise ValueError(f"column {stage_column!r} has unknown stage(s) {unknown}")
    out = frame.copy()
    out["stage_label"] = out[stage_column].map(stages)
    return out


# ---------------------------------------------------------------------------
# builders
# ---------------------------------------------------------------------------
def stage_timeline(
    stages: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    *,
    select: bool = True,
    title: str | None = None,
) -> alt.Chart:
    """Timeline of the article's three stages, optionally with dated events as points.

    Parameters
    ----------
    stages
        The stages table (defaults to :func:`stage_table`).
    events
        Optional events with ``year``, ``event`` and ``stage`` columns, drawn as points.
    select
        Bind a stage selection to a drop-down input, so a reader can highlight a stage
        on the static page with no kernel.
    title
        Chart title (state the finding); by default it names the stages' first and
        last years.

    """
    stages = stage_table() if stages is None else stages
    first, last = int(stages["start_year"].min()), int(stages["end_year"].max())
    if title is None:
        title = f"Three stages, three coalitions: Kunshan {first}-{last}"
    bars = stages.assign(end_plus=stages["end_year"] + 1)
    # the y axis already names each stage, so the colour legend would only repeat it
    colour = alt.Color("label:N", scale=stage_colour_scale(), legend=None)
    layers = []
    param = None
    if select:
        param = alt.param(
            name="stage_pick",
            value="All stages",
            bind=alt.binding_select(
                options=["All stages", *stage_labels()], name="Highlight stage: "
            ),
        )
    opacity: Any = alt.value(0.9)
    if param is not None:
        opacity = alt.condition(
            (param == "All stages") | (alt.datum.label == param), alt.value(0.9), alt.value(0.2)
        )
    band = (
        alt.Chart(bars)
        .mark_bar(height=34, cornerRadius=3)
        .encode(
            x=alt.X("start_year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
                    scale=alt.Scale(zero=False)),
            x2="end_plus:Q",
            y=alt.Y("label:N", title=None, sort=list(stages["label"]),
                    axis=alt.Axis(labelLimit=260)),
            color=colour,
            opacity=opacity,
            tooltip=[
                alt.Tooltip("label:N", title="Stage"),
                alt.Tooltip("article_period:N", title="Article's wording"),
                alt.Tooltip("start_year:Q", title="From", format="d"),
                alt.Tooltip("end_year:Q", title="To", format="d"),
            ],
        )
    )
    if param is not None:
        band = band.add_params(param)
    layers.append(band)
    text = (
        alt.Chart(bars)
        .mark_text(align="left", dx=6, color="black", fontWeight="bold")
        .encode(
            x="start_year:Q",
            y=alt.Y("label:N", sort=list(stages["label"])),
            text="name:N",
        )
    )
    layers.append(text)
    if events is not None and len(events):
        ev = add_stage_label(events)
        points = (
            alt.Chart(ev)
            .mark_point(filled=True, size=60, color="black", yOffset=24)
            .encode(
                x="year:Q",
                y=alt.Y("stage_label:N", sort=list(stages["label"])),
                shape=alt.Shape("stage_label:N", scale=stage_shape_scale(), legend=None),
                tooltip=[alt.Tooltip("year:Q", format="d"), "event:N"],
            )
        )
        layers.append(points)
    return (
        alt.layer(*layers)
        .properties(
            title=title,
            width=380,
            height=160,
            description=(
                f"Timeline of the three stages of Kunshan's industrial development, "
                f"{first} to {last}: "
                + "; ".join(
                    f"{lab}, {a} to {b}"
                    for lab, a, b in zip(stages["label"], stages["start_year"],
                                         stages["end_year"], strict=True)
                )
                + "."
            ),
        )
    )


def spec_json(chart: alt.TopLevelMixin) -> str:
    """Return a chart's Vega-Lite spec as compact JSON (handy for size checks)."""
    return json.dumps(chart.to_dict(), separators=(",", ":"))


def ensure_columns(frame: pd.DataFrame, columns: Sequence[str], argument: str) -> None:
    """Raise ``ValueError`` naming ``argument`` if ``frame`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{argument} is missing column(s) {missing}")


# ---------------------------------------------------------------------------
# ch01-ch03 builders: headline shares, the coalition matrix, shares and concentration
# ---------------------------------------------------------------------------
def indicator_share_bars(
    indicators: pd.DataFrame,
    names: Sequence[str],
    *,
    labels: dict[str, str] | None = None,
    title: str = "Taiwan-invested enterprises carry a large share of Kunshan's economy",
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
        Optional short label for each indicator id (defaults to the id).
    title
        Chart title (state the finding).

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
                "label": labels.get(name, name),
                "value": float(row["value"]),
                "rest": 100.0,
                "text": f"{row['value']:g}%",
                "year": "not given" if pd.isna(row["year"]) else str(int(row["year"])),
                "bound": row["bound"],
                "note": "" if pd.isna(row["note"]) else row["note"],
                "source": row["source"],
                "cited": "" if pd.isna(row["cited"]) else row["cited"],
            }
        )
    frame = pd.DataFrame(rows)
    sort = list(frame["label"])
    y = alt.Y("label:N", sort=sort, title=None, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("label:N", title="Share of"),
        alt.Tooltip("text:N", title="Value"),
        alt.Tooltip("year:N", title="Year"),
        alt.Tooltip("note:N", title="What is counted"),
        alt.Tooltip("source:N", title="Article locator"),
        alt.Tooltip("cited:N", title="Article cites"),
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
                "value:Q", title="Percent of Kunshan's total",
                scale=alt.Scale(domain=[0, 100]), axis=alt.Axis(values=[0, 25, 50, 75, 100]),
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
    description = (
        "Bar chart of percentage shares, each against a grey bar for the whole (100%): "
        + "; ".join(f"{lab} {t}" for lab, t in zip(frame["label"], frame["text"], strict=True))
        + ". Sources: " + "; ".join(sorted(set(frame["source"]))) + " of the article."
    )
    return alt.layer(whole, bars, text).properties(
        title=title, width=WIDTH - 160, height=36 * len(frame) + 10, description=description
    )


#: Order of the resources on the coalition matrix (Figure 1's list, then the others).
COALITION_RESOURCES: list[str] = [
    "land", "labour", "capital", "technology", "information", "institutions", "market",
]
#: Order of the scales, from global (top) to local, as on Figure 1's vertical axis.
COALITION_SCALES: list[str] = [
    "global", "cross-strait", "national", "regional", "local", "unstated",
]
_ROW_DIMENSIONS = {"actor_type": "actor type", "scale": "geographic scale"}


def coalition_cells(coalitions: pd.DataFrame) -> pd.DataFrame:
    """Aggregate the coalitions table to one row per stage, row dimension, row and resource.

    Parameters
    ----------
    coalitions
        The ``coalitions`` table (columns ``stage``, ``actor``, ``actor_type``, ``scale``,
        ``resource``, ``role``, ``source``).

    Returns
    -------
    pandas.DataFrame
        Columns ``stage``, ``stage_label``, ``dimension`` (``actor type`` or
        ``geographic scale``), ``row``, ``row_order``, ``resource``, ``resource_order``,
        ``n_actors``, ``actors``, ``roles`` and ``sources``.

    Raises
    ------
    ValueError
        Naming ``coalitions`` when a column is missing or it has no rows.

    """
    ensure_columns(
        coalitions, ["stage", "actor", "actor_type", "scale", "resource", "role", "source"],
        "coalitions",
    )
    if coalitions.empty:
        raise ValueError("coalitions has no rows")
    types = list(dict.fromkeys(data.load("coalitions")["actor_type"]))
    types += [t for t in dict.fromkeys(coalitions["actor_type"]) if t not in types]
    resources = COALITION_RESOURCES + [
        r for r in dict.fromkeys(coalitions["resource"]) if r not in COALITION_RESOURCES
    ]
    scales = COALITION_SCALES + [
        s for s in dict.fromkeys(coalitions["scale"]) if s not in COALITION_SCALES
    ]
    orders = {"actor_type": types, "scale": scales}
    parts = []
    for column, dimension in _ROW_DIMENSIONS.items():
        grouped = (
            coalitions.groupby(["stage", column, "resource"], sort=True)
            .agg(
                n_actors=("actor", "nunique"),
                actors=("actor", lambda s: "; ".join(dict.fromkeys(s))),
                roles=("role", lambda s: " | ".join(dict.fromkeys(s))),
                sources=("source", lambda s: "; ".join(dict.fromkeys(s))),
            )
            .reset_index()
            .rename(columns={column: "row"})
        )
        grouped["dimension"] = dimension
        grouped["row_order"] = grouped["row"].map(orders[column].index)
        parts.append(grouped)
    cells = add_stage_label(pd.concat(parts, ignore_index=True))
    cells["resource_order"] = cells["resource"].map(resources.index)
    columns = ["stage", "stage_label", "dimension", "row", "row_order", "resource",
               "resource_order", "n_actors", "actors", "roles", "sources"]
    return cells[columns].sort_values(["dimension", "stage", "row_order", "resource_order"],
                                      ignore_index=True)


def coalition_matrix(
    coalitions: pd.DataFrame,
    *,
    rows: str = "actor_type",
    select: bool = True,
    title: str = "The coalition changes partners from stage to stage",
) -> alt.Chart:
    """Figure 1 made explorable: who brings which resource, stage by stage.

    Columns are resources (land, labour, capital, technology, information, institutions);
    rows are kinds of actor or, with the radio input, the actor's geographic scale
    (global at the top, local at the bottom, as on the vertical axis of the article's
    Figure 1). Each stage has its own colour, shape and position inside a cell; the size of
    a mark is the number of distinct actors; the tooltip names them and their roles, with
    the article's locators.

    Parameters
    ----------
    coalitions
        The ``coalitions`` table (or a subset of its rows, e.g. one stage).
    rows
        ``"actor_type"`` or ``"scale"``: what the rows show first.
    select
        Bind a stage drop-down and a rows radio to the chart (works with no kernel). With
        ``select=False`` the chart shows every stage present and the ``rows`` dimension.
    title
        Chart title (state the finding).

    Raises
    ------
    ValueError
        Naming ``rows`` when it is not one of the two dimensions, or ``coalitions`` when a
        column is missing or it has no rows.

    """
    if rows not in _ROW_DIMENSIONS:
        raise ValueError(f"rows must be one of {list(_ROW_DIMENSIONS)}, got {rows!r}")
    cells = coalition_cells(coalitions)
    dimension = _ROW_DIMENSIONS[rows]
    present = [lab for lab in stage_labels() if lab in set(cells["stage_label"])]
    chart = alt.Chart(cells)
    if select:
        stage_param = alt.param(
            name="coalition_stage",
            value="All stages",
            bind=alt.binding_select(options=["All stages", *present], name="Stage: "),
        )
        rows_param = alt.param(
            name="coalition_rows",
            value=dimension,
            bind=alt.binding_radio(options=list(_ROW_DIMENSIONS.values()), name="Rows show: "),
        )
        chart = chart.add_params(stage_param, rows_param).transform_filter(
            (stage_param == "All stages") | (alt.datum.stage_label == stage_param)
        ).transform_filter(alt.datum.dimension == rows_param)
    else:
        chart = chart.transform_filter(alt.datum.dimension == dimension)
    chart = chart.mark_point(filled=True, opacity=0.9, stroke="black", strokeWidth=0.6).encode(
        x=alt.X(
            "resource:N", title="Resource brought or unlocked",
            sort=alt.EncodingSortField("resource_order", op="min"),
            axis=alt.Axis(labelAngle=0, orient="top"),
            scale=alt.Scale(paddingInner=0.15),
        ),
        xOffset=alt.XOffset("stage_label:N", scale=alt.Scale(domain=stage_labels())),
        y=alt.Y("row:N", title=None, sort=alt.EncodingSortField("row_order", op="min")),
        color=alt.Color("stage_label:N", scale=stage_colour_scale(), title="Stage",
                        legend=alt.Legend(labelLimit=320, columns=1)),
        shape=alt.Shape("stage_label:N", scale=stage_shape_scale(), title="Stage"),
        size=alt.Size(
            "n_actors:Q", title="Distinct actors",
            scale=alt.Scale(domain=[1, 4], range=[70, 400]),
            legend=alt.Legend(values=[1, 2, 3, 4], format="d"),
        ),
        tooltip=[
            alt.Tooltip("stage_label:N", title="Stage"),
            alt.Tooltip("row:N", title="Row"),
            alt.Tooltip("resource:N", title="Resource"),
            alt.Tooltip("n_actors:Q", title="Distinct actors"),
            alt.Tooltip("actors:N", title="Actors"),
            alt.Tooltip("roles:N", title="Roles (our words)"),
            alt.Tooltip("sources:N", title="Article locators"),
        ],
    )
    chosen = cells[cells["dimension"] == dimension]
    by_stage = chosen.groupby("stage_label")["resource"].apply(lambda s: ", ".join(
        dict.fromkeys(s)))
    description = (
        "Matrix of the article's coalition framework rebuilt from its text: columns are "
        "resources, rows are kinds of actor or geographic scales, and marks are coloured "
        "and shaped by stage, sized by the number of actors. Resources by stage: "
        + "; ".join(f"{lab}: {res}" for lab, res in by_stage.items())
        + "."
        + (" A drop-down picks a stage and a radio switches the rows." if select else "")
    )
    return chart.properties(
        title=alt.Title(title, subtitle="Hover a mark for the actors, their roles and the "
                        "article's locators."),
        width=WIDTH - 100, height=alt.Step(34), description=description,
    )


def share_concentration_bars(
    amounts: pd.DataFrame,
    *,
    k: int = 4,
    labels: dict[str, str] | None = None,
    select: bool = True,
    title: str = "A few industries hold most of the output",
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
        Optional display name for each industry id.
    select
        Bind a year drop-down to the chart (works with no kernel); with ``select=False``
        the table must hold a single year.
    title
        Chart title (state the finding).

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
    long = s.stack().rename("share").reset_index()
    long.columns = ["year", "industry", "share"]
    long["year"] = long["year"].astype(int).astype(str)
    long["rank"] = long.groupby("year")["share"].rank(ascending=False, method="first")
    long["top"] = long["rank"] <= k
    long["label"] = long["industry"].map(lambda i: labels.get(i, i))
    long["text"] = [
        f"{sh:.1%}" + (f"  (top {k})" if top else "")
        for sh, top in zip(long["share"], long["top"], strict=True)
    ]
    long["group"] = [f"top {k}" if t else "others" for t in long["top"]]
    summary = pd.DataFrame(
        {
            "year": [str(y) for y in matrix.index.astype(int)],
            "summary": [
                f"HHI = {h:.3f} · CR{k} = {c:.3f} · 1/HHI = {1 / h:.1f}"
                for h, c in zip(hhi, crk, strict=True)
            ],
        }
    )
    year_strings = [str(y) for y in years]
    base = alt.Chart(long)
    top = alt.Chart(summary)
    if select:
        param = alt.param(
            name="concentration_year",
            value=year_strings[0],
            bind=alt.binding_select(options=year_strings, name="Year: "),
        )
        base = base.add_params(param).transform_filter(alt.datum.year == param)
        top = top.transform_filter(alt.datum.year == param)
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("rank", op="min"),
              axis=alt.Axis(labelLimit=320))
    tooltip = [
        alt.Tooltip("year:N", title="Year"),
        alt.Tooltip("label:N", title="Industry"),
        alt.Tooltip("share:Q", title="Share", format=".1%"),
        alt.Tooltip("rank:Q", title="Rank", format="d"),
    ]
    bars = base.mark_bar(height=18).encode(
        x=alt.X("share:Q", title="Share of the total", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=y,
        color=alt.Color("group:N", title=None,
                        scale=alt.Scale(domain=[f"top {k}", "others"],
                                        range=[PALETTE[0], "#a6a6a6"])),
        tooltip=tooltip,
    )
    text = base.mark_text(align="left", dx=4, color="black").encode(
        x="share:Q", y=y, text="text:N", tooltip=tooltip
    )
    width = WIDTH - 160
    height = 24 * int(long.groupby("year")["industry"].size().max())
    note = top.mark_text(
        align="right", baseline="bottom", fontSize=13, fontWeight="bold", color="black"
    ).encode(x=alt.value(width), y=alt.value(height - 4), text="summary:N")
    first = summary.iloc[0]
    description = (
        f"Bar chart of industry shares for {', '.join(year_strings)}, sorted by share, the "
        f"{k} largest labelled 'top {k}'. Indicators computed by the book: "
        + "; ".join(f"{yr}: {sm}" for yr, sm in zip(summary["year"], summary["summary"],
                                                     strict=True))
        + "."
        + (f" A drop-down picks the year (default {first['year']})." if select else "")
    )
    return alt.layer(bars, text, note).properties(
        title=title, width=width, height=height, description=description
    )


# ---------------------------------------------------------------------------
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
              axis=alt.Axis(labelAngle=-40, labelLimit=220))
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
    text = base.mark_text(fontSize=11, color="black").encode(
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
# ch04/ch05: event timeline, HHI path, synthetic firm concentration
# ---------------------------------------------------------------------------
#: Canonical order of actor scales and resources in the events table (others follow).
EVENT_SCALES: list[str] = ["local", "regional", "national", "cross-strait", "global", "unstated"]
EVENT_RESOURCES: list[str] = [
    "land", "labour", "capital", "technology", "information", "institutions", "market",
]
_EVENT_ACRONYMS = {
    "wus": "WUS", "epz": "EPZ", "dku": "DKU", "moe": "MoE", "jv": "JV", "wfoe": "WFOE",
    "yrd": "YRD", "prd": "PRD", "tstp": "TSTP", "most": "MoST", "fyp": "FYP", "it": "IT",
    "sirna": "siRNA", "sme": "SME", "us": "US",
    # proper nouns that appear in the ids of data/events.csv
    **{w: w.capitalize() for w in (
        "suzhou sino taiwan kunshan zhang guohua wuhan zhejiang zu chongzhi duke german "
        "visionox shanghai tsinghua zhongrong university"
    ).split()},
}


def _event_label(event_id: str, year: int) -> str:
    words = [_EVENT_ACRONYMS.get(w, w) for w in str(event_id).split("_")]
    if words and words[0] == words[0].lower():
        words[0] = words[0].capitalize()
    return f"{year}  {' '.join(words)}"


def _split_codes(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return []
    return [v.strip() for v in str(value).split(";") if v.strip()]


def _ordered_options(found: set[str], canonical: list[str]) -> list[str]:
    return [c for c in canonical if c in found] + sorted(found - set(canonical))


def event_filter_options(events: pd.DataFrame) -> dict[str, list]:
    """Return the stages, actor scales and resources that occur in ``events``, in order.

    Used for the select inputs of :func:`event_timeline` and the live widgets.
    """
    ensure_columns(events, ["stage", "actor_scales", "resource"], "events")
    scales = {s for v in events["actor_scales"] for s in _split_codes(v)}
    resources = {r for v in events["resource"] for r in _split_codes(v)}
    present = set(events["stage"])
    return {
        "stages": [int(s) for s in stage_table()["stage"] if s in present],
        "scales": _ordered_options(scales, EVENT_SCALES),
        "resources": _ordered_options(resources, EVENT_RESOURCES),
    }


def message_chart(text: str, title: str = "Nothing to show") -> alt.Chart:
    """Return a small chart that only says ``text`` (e.g. when a live choice leaves no data)."""
    if not str(text).strip():
        raise ValueError("text must not be empty")
    frame = pd.DataFrame({"text": [str(text)]})
    return alt.Chart(frame).mark_text(fontSize=14, align="center").encode(
        text="text:N").properties(title=title, width=WIDTH - 80, height=60,
                                  description=f"{title}: {text}")


def event_timeline(
    events: pd.DataFrame,
    *,
    stage: int | None = None,
    scale: str | None = None,
    resource: str | None = None,
    bind: bool = True,
    title: str = "Who mobilised what, and when: dated events of Kunshan's coalitions",
) -> alt.Chart:
    """Interactive timeline of dated events: one row per event, stage colour and shape.

    Each event is a point at its year on its own row (labelled with the year and a short
    name taken from its ``id``); colour *and* shape give its stage. The tooltip gives the
    event text, actors, actor scales, resources, stage, note and the article locator.

    Parameters
    ----------
    events
        Events with columns ``id, year, event, actors, actor_scales, resource, stage,
        source`` (``note`` optional), e.g. ``data.load("events")``. ``actor_scales`` and
        ``resource`` hold ``;``-separated codes (a resource may be empty).
    stage
        Stage to show (``None`` = all stages). Rows of other stages are filtered out.
    scale, resource
        Actor scale and resource to pick out (``None`` = all): events that involve them
        are drawn full size and opaque, the others small and faded, so context stays.
    bind
        If True, ``stage``, ``scale`` and ``resource`` are only the starting values of
        three select inputs under the chart (labelled "Stage:", "Actor scale:",
        "Resource:", each with an "All" option), which change the chart with no kernel.
        If False, the choices are fixed in the chart (used by the live widgets).
    title
        Chart title (state the finding).

    Raises
    ------
    ValueError
        If ``events`` lacks a column or is empty, or if ``stage``, ``scale`` or
        ``resource`` names a value absent from the data (the argument is named).

    """
    ensure_columns(
        events,
        ["id", "year", "event", "actors", "actor_scales", "resource", "stage", "source"],
        "events",
    )
    if len(events) == 0:
        raise ValueError("events is empty (0 rows)")
    ev = add_stage_label(events).sort_values(["year"], kind="stable").reset_index(drop=True)
    options = event_filter_options(ev)
    scale_options, resource_options = options["scales"], options["resources"]
    stage_options = [lab for s, lab in zip(stage_table()["stage"], stage_labels(), strict=True)
                     if s in set(ev["stage"])]
    stage_of = dict(zip(stage_table()["stage"], stage_labels(), strict=True))
    if stage is not None and stage_of.get(stage) not in stage_options:
        raise ValueError(f"stage {stage!r} has no event; stages with events: "
                         f"{sorted(set(ev['stage']))}")
    if scale is not None and scale not in scale_options:
        raise ValueError(f"scale {scale!r} is not an actor scale of the events: {scale_options}")
    if resource is not None and resource not in resource_options:
        raise ValueError(
            f"resource {resource!r} is not a resource of the events: {resource_options}"
        )

    ev["order"] = range(len(ev))
    ev["label"] = [_event_label(i, y) for i, y in zip(ev["id"], ev["year"], strict=True)]
    ev["scales"] = [", ".join(_split_codes(v)) for v in ev["actor_scales"]]
    ev["resources"] = [", ".join(_split_codes(v)) or "none (marker)" for v in ev["resource"]]
    ev["actors_text"] = [", ".join(_split_codes(v)) for v in ev["actors"]]
    ev["scale_key"] = [";" + ";".join(_split_codes(v)) + ";" for v in ev["actor_scales"]]
    ev["resource_key"] = [";" + ";".join(_split_codes(v)) + ";" for v in ev["resource"]]
    if "note" not in ev.columns:
        ev["note"] = ""
    ev["note"] = ev["note"].fillna("")
    keep = ["order", "label", "year", "event", "actors_text", "scales", "resources",
            "stage_label", "source", "note", "scale_key", "resource_key"]

    all_stages, all_scales, all_resources = "All stages", "All scales", "All resources"
    params = []
    if bind:
        p_stage = alt.param(
            name="ev_stage", value=stage_of[stage] if stage is not None else all_stages,
            bind=alt.binding_select(options=[all_stages, *stage_options], name="Stage: "),
        )
        p_scale = alt.param(
            name="ev_scale", value=scale or all_scales,
            bind=alt.binding_select(options=[all_scales, *scale_options],
                                    name="Actor scale: "),
        )
        p_res = alt.param(
            name="ev_resource", value=resource or all_resources,
            bind=alt.binding_select(options=[all_resources, *resource_options],
                                    name="Resource: "),
        )
        params = [p_stage, p_scale, p_res]
        stage_test = f"ev_stage == '{all_stages}' || datum.stage_label == ev_stage"
        match_test = (
            f"(ev_scale == '{all_scales}' || indexof(datum.scale_key, ';' + ev_scale + ';') >= 0)"
            f" && (ev_resource == '{all_resources}' || "
            "indexof(datum.resource_key, ';' + ev_resource + ';') >= 0)"
        )
        frame = ev[keep]
    else:
        frame = ev if stage is None else ev[ev["stage"] == stage]
        match = pd.Series(True, index=frame.index)
        if scale is not None:
            match &= frame["scale_key"].str.contains(f";{scale};", regex=False)
        if resource is not None:
            match &= frame["resource_key"].str.contains(f";{resource};", regex=False)
        frame = frame.assign(match=match)[[*keep, "match"]]
        stage_test = None
        match_test = "datum.match"

    legend_title = "Stage (colour and shape)"
    base = alt.Chart(frame)
    if stage_test is not None:
        base = base.transform_filter(stage_test)
    chart = base.mark_point(filled=True, stroke="black", strokeWidth=0.6).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
                scale=alt.Scale(zero=False, nice=False, padding=12)),
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("order"),
                axis=alt.Axis(labelLimit=280, labelFontSize=11)),
        color=alt.Color("stage_label:N", scale=stage_colour_scale(), title=legend_title,
                        legend=alt.Legend(labelLimit=320, columns=1)),
        shape=alt.Shape("stage_label:N", scale=stage_shape_scale(), title=legend_title),
        opacity=alt.condition(match_test, alt.value(1.0), alt.value(0.22)),
        size=alt.condition(match_test, alt.value(150), alt.value(45)),
        tooltip=[
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("event:N", title="Event"),
            alt.Tooltip("actors_text:N", title="Actors"),
            alt.Tooltip("scales:N", title="Actor scales"),
            alt.Tooltip("resources:N", title="Resources"),
            alt.Tooltip("stage_label:N", title="Stage"),
            alt.Tooltip("note:N", title="Note"),
            alt.Tooltip("source:N", title="Where in the article"),
        ],
    )
    if params:
        chart = chart.add_params(*params)
    shown = ev if bind or stage is None else ev[ev["stage"] == stage]
    n_shown = len(shown)
    first, last = int(shown["year"].min()), int(shown["year"].max())
    counts = shown.groupby("stage_label", sort=False).size()
    description = (
        f"Timeline of {n_shown} dated events of Kunshan's coalitions, {first} to {last}, one "
        "row per event, coloured and shaped by stage ("
        + "; ".join(f"{lab}: {n} events" for lab, n in counts.items())
        + "). "
        + ("Select inputs under the chart filter by stage and pick out events by actor "
           "scale and resource; the others fade." if bind else
           f"Showing stage {stage if stage is not None else 'all'}, actor scale "
           f"{scale or 'all'}, resource {resource or 'all'}: "
           f"{int(frame['match'].sum()) if 'match' in frame else n_shown} of {n_shown} "
           "events match.")
    )
    return chart.properties(
        title=title, width=WIDTH - 220, height=alt.Step(17), description=description
    )


def hhi_path(
    concentration: pd.DataFrame,
    *,
    floor: float | None = None,
    floor_label: str = "",
    floor_year: int | None = None,
    bind: bool = True,
    title: str = "Kunshan's manufacturing concentrated fast: HHI from under 0.07 to 0.38",
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
        Text written next to the floor rule.
    floor_year
        If given, the floor is drawn as a short segment at that year only (a floor that
        holds for one year), not as a rule across the chart.
    bind
        Bind a checkbox ("Show implied floor:") that shows or hides the floor rule.
    title
        Chart title (state the finding).

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
    df = concentration[["year", "value", "bound", "note", "source"]].copy()
    df["year"] = df["year"].astype(int)
    df["value"] = df["value"].astype(float)
    df["shown"] = [("< " if b == "upper" else "") + f"{v:.2f}"
                   for v, b in zip(df["value"], df["bound"], strict=True)]
    df["kind"] = df["bound"].map({"exact": "reported value", "upper": "article's upper bound"})
    exact = df[df["bound"] == "exact"]
    upper = df[df["bound"] == "upper"].assign(zero=0.0)
    ymax = max(float(df["value"].max()), floor or 0.0) * 1.15
    first_year, last_year = int(df["year"].min()), int(df["year"].max())
    x = alt.X("year:Q", title="Year",
              axis=alt.Axis(format="d", values=list(range(first_year, last_year + 1)),
                            labelAngle=0),
              scale=alt.Scale(domain=[first_year - 1, last_year + 1]))
    y = alt.Y("value:Q", title="HHI over manufacturing sectors (0-1)",
              scale=alt.Scale(domain=[0, round(ymax, 2)]))
    tooltip = [alt.Tooltip("year:Q", format="d", title="Year"),
               alt.Tooltip("shown:N", title="HHI"), alt.Tooltip("kind:N", title="Kind"),
               alt.Tooltip("note:N", title="Note"), alt.Tooltip("source:N", title="Source")]
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
            x=x, y=y, text=alt.value("(bound only)")))
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
                              bind=alt.binding_checkbox(name="Show implied floor: "))
            show = alt.condition(param, alt.value(1), alt.value(0))
            rule = rule.encode(opacity=show).add_params(param)
            text = text.encode(opacity=show)
        layers += [rule, text]
    values = ", ".join(f"{y}: {s}" for y, s in zip(df["year"], df["shown"], strict=True))
    desc = (f"Line chart of the HHI of Kunshan's manufacturing by year ({values}). "
            "Upper bounds are drawn as open circles with a dashed rule and a downward "
            "caret, not as measured points.")
    if floor is not None:
        where = f"a short black segment at {floor_year}" if floor_year else "a dashed rule"
        desc += f" {where[0].upper()}{where[1:]} marks {floor_label or floor}."
    return alt.layer(*layers).properties(title=title, width=WIDTH - 80, height=280,
                                         description=desc)


def firm_concentration_chart(
    frame: pd.DataFrame,
    *,
    sector: str = "sector",
    sectors: Sequence[str] | None = None,
    select: bool = True,
    initial: str | None = None,
    title: str = "SYNTHETIC data: within-sector concentration of firms (HHI and CR4)",
) -> alt.Chart:
    """HHI and CR4 of firms by year for each sector, two panels side by side.

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
        Chart title; keep the word SYNTHETIC when the data are synthetic.

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
    df = frame.assign(sector_label=frame[sector].astype(str))
    df = df[df["sector_label"].isin(chosen)]
    long = df.melt(id_vars=["sector_label", "year"], value_vars=["hhi", "cr4"],
                   var_name="measure", value_name="value")
    long["measure"] = long["measure"].map({"hhi": "HHI", "cr4": "CR4 (share of top 4)"})
    long["year"] = long["year"].astype(int)
    long["value"] = long["value"].astype(float).round(4)
    shapes = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down",
              "wedge", "stroke"]
    colour = alt.Color("sector_label:N", title="Sector", legend=alt.Legend(columns=3),
                       scale=alt.Scale(
        domain=chosen, range=[PALETTE[i % len(PALETTE)] for i in range(len(chosen))]))
    shape = alt.Shape("sector_label:N", title="Sector", scale=alt.Scale(
        domain=chosen, range=[shapes[i % len(shapes)] for i in range(len(chosen))]))
    base = alt.Chart(long)
    param = None
    if select:
        param = alt.param(
            name="sector_pick", value=str(initial) if initial is not None else chosen[0],
            bind=alt.binding_select(options=["All sectors", *chosen], name="Sector: "),
        )
        base = base.add_params(param).transform_filter(
            "sector_pick == 'All sectors' || datum.sector_label == sector_pick")
    enc = {
        "x": alt.X("year:Q", title="Year", axis=alt.Axis(format="d", tickMinStep=1),
                   scale=alt.Scale(zero=False)),
        "y": alt.Y("value:Q", title="Index (0-1)", scale=alt.Scale(domain=[0, 1])),
        "color": colour,
        "detail": "sector_label:N",
    }
    line = base.mark_line(point=False, strokeWidth=1.8).encode(**enc)
    points = base.mark_point(filled=True, size=55).encode(
        **enc, shape=shape,
        tooltip=[alt.Tooltip("sector_label:N", title="Sector"),
                 alt.Tooltip("measure:N", title="Measure"),
                 alt.Tooltip("year:Q", format="d", title="Year"),
                 alt.Tooltip("value:Q", format=".3f", title="Value")])
    years = f"{int(long['year'].min())} to {int(long['year'].max())}"
    desc = (f"Two line charts, HHI and CR4 of firms by year ({years}) for "
            f"{len(chosen)} sector(s): {', '.join(chosen)}. "
            + ("A select input under the chart picks the sector shown. " if select else "")
            + "Sectors differ by colour and point shape.")
    chart = alt.layer(line, points).properties(width=(WIDTH - 120) // 2, height=230)
    return chart.facet(column=alt.Column("measure:N", title=None,
                                         sort=["HHI", "CR4 (share of top 4)"])).properties(
        title=title, description=desc)


# ---------------------------------------------------------------------------
# Chapter 6 (emerging industries) and chapter 7 (conclusion) builders
# ---------------------------------------------------------------------------
#: Measures offered by :func:`emerging_explorer` (key -> label shown in inputs and titles).
EMERGING_MEASURES: dict[str, str] = {
    "output": "Output (million yuan)",
    "share": "Share of emerging output (%, computed)",
}


def emerging_table() -> pd.DataFrame:
    """Return Table 2 by industry and year, with shares computed from the outputs.

    Columns ``year``, ``industry``, ``name`` (the label printed in Table 2), ``output``
    (million yuan), ``share`` (percent of the eight industries' summed output, computed
    with :func:`helpers.metrics.shares`), ``share_printed`` (the rounded percent printed in
    Table 2), ``added`` (True for the two industries added since the 12th Five-Year Plan)
    and ``source``.
    """
    from helpers import metrics

    t2 = data.load("table2")
    names = data.load("emerging_industries").set_index("industry")
    out = t2[t2["measure"] == "output"][["year", "industry", "value", "source"]]
    wide = metrics.to_matrix(out, region="year", industry="industry", value="value")
    share = (100 * metrics.shares(wide)).stack().rename("share").reset_index()
    printed = t2[t2["measure"] == "share_of_emerging"][["year", "industry", "value"]]
    frame = (
        out.rename(columns={"value": "output"})
        .merge(share, on=["year", "industry"])
        .merge(printed.rename(columns={"value": "share_printed"}), on=["year", "industry"])
    )
    frame["name"] = frame["industry"].map(names["name_table2"])
    frame["added"] = frame["industry"].map(names["added_since_12th_plan"]).astype(bool)
    order = names.sort_values("table2_order").index.tolist()
    frame["order"] = frame["industry"].map({k: i for i, k in enumerate(order)})
    frame = frame.sort_values(["order", "year"]).drop(columns="order").reset_index(drop=True)
    return frame[["year", "industry", "name", "output", "share", "share_printed", "added",
                  "source"]]


def emerging_explorer(
    frame: pd.DataFrame,
    *,
    sectors: Sequence[str] | None = None,
    measure: str = "output",
    bind: bool = True,
    title: str = "Flat panels and high-end equipment lead Kunshan's emerging industries",
) -> alt.Chart:
    """Lines of Table 2 by industry (output or share), with inputs to pick industry and measure.

    Parameters
    ----------
    frame
        Tidy table as returned by :func:`emerging_table` (columns ``year``, ``name``,
        ``output``, ``share``, ``share_printed``).
    sectors
        Industry names (``name`` values) to draw; ``None`` draws every industry.
    measure
        ``"output"`` or ``"share"`` (see :data:`EMERGING_MEASURES`): the measure drawn first
        (with ``bind=True``) or only (with ``bind=False``).
    bind
        Add two inputs that work with no kernel: a drop-down of the measure and a drop-down
        that highlights one industry (the others fade).
    title
        Chart title (state the finding).

    Returns
    -------
    altair.LayerChart
        Lines with points (shape and colour by industry, a label at the end of each line).

    Raises
    ------
    ValueError
        If ``frame`` lacks a column, ``measure`` is unknown or ``sectors`` names an
        industry that is not in ``frame``.

    """
    ensure_columns(frame, ["year", "name", "output", "share", "share_printed"], "frame")
    if measure not in EMERGING_MEASURES:
        raise ValueError(f"measure must be one of {list(EMERGING_MEASURES)}, got {measure!r}")
    names = list(dict.fromkeys(frame["name"]))
    if sectors is not None:
        unknown = [s for s in sectors if s not in names]
        if unknown:
            raise ValueError(f"sectors holds names not in frame: {unknown}; valid: {names}")
        if not sectors:
            raise ValueError("sectors must name at least one industry")
        names = [n for n in names if n in set(sectors)]
    df = frame[frame["name"].isin(names)][
        ["year", "name", "output", "share", "share_printed"]
    ].copy()
    # end-of-line labels name the four largest industries; the legend names them all
    df["share"] = df["share"].round(2)
    last_year = df[df["year"] == df["year"].max()]
    top = set(last_year.nlargest(4, "output")["name"])
    df["end_label"] = [n if n in top else "" for n in df["name"]]
    shapes = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down",
              "triangle-left", "triangle-right"]
    all_names = list(dict.fromkeys(frame["name"]))
    colour_scale = alt.Scale(domain=all_names, range=PALETTE)
    colour = alt.Color(
        "name:N", title="Industry", scale=colour_scale,
        legend=alt.Legend(columns=2, symbolLimit=0, labelLimit=300),
    )
    shape = alt.Shape(
        "name:N", title="Industry", scale=alt.Scale(domain=all_names, range=shapes),
    )
    base = alt.Chart(df)
    params = []
    if bind:
        m = alt.param(
            name="emerging_measure", value=EMERGING_MEASURES[measure],
            bind=alt.binding_select(options=list(EMERGING_MEASURES.values()), name="Measure: "),
        )
        pick = alt.param(
            name="emerging_pick", value="All industries",
            bind=alt.binding_select(options=["All industries", *names], name="Highlight: "),
        )
        params = [m, pick]
        base = base.transform_calculate(
            y=f"emerging_measure == '{EMERGING_MEASURES['output']}' ? datum.output : datum.share",
            measure_label="emerging_measure",
        )
        opacity: Any = alt.condition(
            (pick == "All industries") | (alt.datum.name == pick), alt.value(1.0), alt.value(0.12)
        )
    else:
        base = base.transform_calculate(
            y=f"datum.{measure}", measure_label=f"'{EMERGING_MEASURES[measure]}'"
        )
        opacity = alt.value(1.0)
    y = alt.Y("y:Q", title=None, axis=alt.Axis(format=",.0f"))
    x = alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0))
    tooltip = [
        alt.Tooltip("name:N", title="Industry"),
        alt.Tooltip("year:O", title="Year"),
        alt.Tooltip("output:Q", title="Output (million yuan)", format=",.0f"),
        alt.Tooltip("share:Q", title="Share, computed (%)", format=".1f"),
        alt.Tooltip("share_printed:Q", title="Share printed in Table 2 (%)"),
    ]
    lines = base.mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, opacity=opacity,
                                                 detail="name:N")
    points = base.mark_point(filled=True, size=70).encode(
        x=x, y=y, color=colour, shape=shape, opacity=opacity, tooltip=tooltip
    )
    last = int(df["year"].max())
    labels = (
        base.transform_filter(alt.datum.year == last)
        .mark_text(align="left", dx=8, fontSize=11)
        .encode(x=x, y=y, text="end_label:N", color=alt.Color("name:N", scale=colour_scale,
                                                          legend=None), opacity=opacity)
    )
    heading = (
        base.transform_filter(alt.datum.year == int(df["year"].min()))
        .transform_aggregate(measure_label="max(measure_label)")
        .mark_text(align="left", baseline="bottom", fontWeight="bold", dy=-6)
        .encode(text="measure_label:N", x=alt.value(0), y=alt.value(0))
    )
    chart = alt.layer(lines, points, labels, heading)
    if params:
        chart = chart.add_params(*params)
    first = int(df["year"].min())
    return chart.properties(
        title=title,
        width=WIDTH - 160,
        height=320,
        description=(
            f"Line chart of Table 2, {first} to {last}: output (million yuan) or share of the "
            f"emerging industries' output of {len(names)} industries: "
            + "; ".join(
                f"{n} {int(g['output'].iloc[0]):,} to {int(g['output'].iloc[-1]):,} million yuan"
                for n, g in df.sort_values("year").groupby("name", sort=False)
            )
            + "."
        ),
    )


def growth_bars(
    frame: pd.DataFrame,
    *,
    value: str = "cagr",
    value_title: str = "Compound annual growth (%)",
    title: str = "Growth of each emerging industry",
) -> alt.LayerChart:
    """Horizontal bars of one value per industry, sorted, with the value printed on each bar.

    Parameters
    ----------
    frame
        Columns ``name`` and ``value`` (the name of the value column); one row per industry.
    value
        Column holding the value (e.g. a growth rate in percent).
    value_title
        Axis and tooltip title of the value.
    title
        Chart title (state the finding).

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
    df = frame[["name", value]].copy()
    df[value] = df[value].astype(float).round(2)
    order = df.sort_values(value, ascending=False)["name"].tolist()
    base = alt.Chart(df).encode(
        y=alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X(f"{value}:Q", title=value_title),
        tooltip=[alt.Tooltip("name:N", title="Industry"),
                 alt.Tooltip(f"{value}:Q", title=value_title, format=".1f")],
    )
    bars = base.mark_bar(color=PALETTE[0]).encode(
        color=alt.condition(alt.datum[value] < 0, alt.value(PALETTE[5]), alt.value(PALETTE[0]))
    )
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text(f"{value}:Q", format=".1f"))
    return alt.layer(bars, text).properties(
        title=title,
        width=WIDTH - 200,
        height=28 * len(df),
        description=f"Bar chart of {value_title.lower()} by industry: "
        + "; ".join(f"{n} {v:.1f}" for n, v in zip(df["name"], df[value], strict=True))
        + ".",
    )


def indicator_panels(
    frame: pd.DataFrame,
    *,
    columns: int = 2,
    connect: bool = True,
    title: str = "Indicators by year",
) -> alt.FacetChart:
    """Small multiples: one panel per indicator, each with its own y scale.

    Parameters
    ----------
    frame
        Columns ``year``, ``indicator`` (panel label, units included) and ``value``;
        optional ``note`` (shown in the tooltip).
    columns
        Panels per row.
    connect
        Join the points with a dashed line (only for annual series: with gaps between the
        years, leave it False so the chart does not suggest values in between).
    title
        Chart title (state the finding).

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
    df = frame.copy()
    if "note" not in df.columns:
        df["note"] = ""
    df["value"] = df["value"].astype(float).round(4)
    tooltip = [alt.Tooltip("indicator:N", title="Indicator"), alt.Tooltip("year:O", title="Year"),
               alt.Tooltip("value:Q", title="Value", format=",.3~f"),
               alt.Tooltip("note:N", title="Note")]
    base = alt.Chart().encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
        tooltip=tooltip,
    )
    marks = [
        base.mark_point(filled=True, size=70, color=PALETTE[0]),
        base.mark_text(dy=-10, fontSize=11).encode(text=alt.Text("value:Q", format=",.3~f")),
    ]
    if connect:
        marks.insert(0, base.mark_line(color=PALETTE[0], strokeDash=[4, 3]))
    layer = alt.layer(*marks, data=df).properties(width=(WIDTH - 60) // columns, height=150)
    order = list(dict.fromkeys(df["indicator"]))
    return (
        layer.facet(facet=alt.Facet("indicator:N", sort=order, title=None), columns=columns)
        .resolve_scale(y="independent", x="independent")
        .properties(
            title=title,
            description=f"{len(order)} small panels, one per indicator: "
            + "; ".join(
                f"{ind}: "
                + ", ".join(
                    f"{int(y)} {v:,.3g}" for y, v in zip(g["year"], g["value"], strict=True)
                )
                for ind, g in df.groupby("indicator", sort=False)
            )
            + ".",
        )
    )


def coalition_actor_cells(coalitions: pd.DataFrame) -> pd.DataFrame:
    """Collapse the coalitions table to one row per stage and actor.

    Parameters
    ----------
    coalitions
        The ``coalitions`` table (columns ``stage``, ``actor``, ``actor_type``, ``scale``,
        ``resource``, ``role``, ``source``), one row per stage, actor and resource.

    Returns
    -------
    pandas.DataFrame
        Columns ``stage``, ``stage_label``, ``actor``, ``actor_type``, ``scale``,
        ``resources`` and ``roles`` (joined with ``'; '`` in table order), ``n_resources`` and
        ``source`` (locators joined, duplicates dropped).

    Raises
    ------
    ValueError
        If a column is missing.

    """
    ensure_columns(
        coalitions, ["stage", "actor", "actor_type", "scale", "resource", "role", "source"],
        "coalitions",
    )

    def join(values: pd.Series) -> str:
        return "; ".join(dict.fromkeys(str(v) for v in values if not pd.isna(v)))

    cells = (
        coalitions.groupby(["stage", "actor"], sort=False)
        .agg(actor_type=("actor_type", "first"), scale=("scale", "first"),
             resources=("resource", join), roles=("role", join), source=("source", join),
             n_resources=("resource", "nunique"))
        .reset_index()
    )
    return add_stage_label(cells)


def coalition_stage_matrix(
    cells: pd.DataFrame,
    *,
    bind: bool = True,
    title: str = "The local state stays; its partners change from stage to stage",
) -> alt.LayerChart:
    """Draw the article's Figure 4 as an explorable stage x actor matrix with two inputs.

    Each filled cell is an actor taking part in a stage (colour and shape of the stage),
    labelled with the resources it brings; the tooltip gives its role, resources, scale,
    type and the article's locator. Rows are grouped by actor type.

    Parameters
    ----------
    cells
        As returned by :func:`coalition_actor_cells`.
    bind
        Add two drop-downs that work with no kernel: one highlights a stage, the other the
        cells that mobilise one resource (the rest fade).
    title
        Chart title (state the finding).

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    ValueError
        If ``cells`` lacks a column or is empty.

    """
    need = ["stage", "stage_label", "actor", "actor_type", "scale", "resources", "roles",
            "source"]
    ensure_columns(cells, need, "cells")
    if cells.empty:
        raise ValueError("cells is empty")
    df = cells[need].copy()
    first_stage = df.groupby("actor")["stage"].min()
    rows = (
        df.assign(first=df["actor"].map(first_stage))
        .sort_values(["actor_type", "first", "actor"])
        .drop_duplicates("actor")
    )
    order = rows["actor"].tolist()
    df["row_label"] = df["actor"] + " (" + df["actor_type"] + ")"
    row_order = [f"{a} ({t})" for a, t in zip(rows["actor"], rows["actor_type"], strict=True)]
    resources = sorted({r for v in df["resources"] for r in v.split("; ")})
    labels = stage_labels()
    short = [f"Stage {s}" for s in stage_table()["stage"]]
    df["stage_short"] = "Stage " + df["stage"].astype(str)
    x = alt.X("stage_short:N", title=None, sort=short,
              scale=alt.Scale(domain=short),
              axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("row_label:N", title=None, sort=row_order, axis=alt.Axis(labelLimit=250))
    tooltip = [
        alt.Tooltip("actor:N", title="Actor"),
        alt.Tooltip("stage_label:N", title="Stage"),
        alt.Tooltip("actor_type:N", title="Type"),
        alt.Tooltip("scale:N", title="Scale"),
        alt.Tooltip("resources:N", title="Resources"),
        alt.Tooltip("roles:N", title="Role"),
        alt.Tooltip("source:N", title="Locator"),
    ]
    params = []
    opacity: Any = alt.value(0.9)
    if bind:
        stage_p = alt.param(
            name="fig4_stage", value="All stages",
            bind=alt.binding_select(options=["All stages", *labels], name="Stage: "),
        )
        res_p = alt.param(
            name="fig4_resource", value="All resources",
            bind=alt.binding_select(options=["All resources", *resources], name="Resource: "),
        )
        params = [stage_p, res_p]
        opacity = alt.condition(
            ((stage_p == "All stages") | (alt.datum.stage_label == stage_p))
            & ((res_p == "All resources")
               | alt.expr.indexof(alt.datum.resources, res_p) >= 0),
            alt.value(0.95), alt.value(0.1),
        )
    base = alt.Chart(df).encode(x=x, y=y, tooltip=tooltip)
    marks = base.mark_point(filled=True, size=90, xOffset=-55).encode(
        color=alt.Color("stage_label:N", scale=stage_colour_scale(), title="Stage",
                        legend=alt.Legend(columns=1, labelLimit=320)),
        shape=alt.Shape("stage_label:N", scale=stage_shape_scale(), title="Stage"),
        opacity=opacity,
    )
    text = base.mark_text(align="left", dx=-46, fontSize=10, limit=96).encode(
        text="resources:N", opacity=opacity
    )
    chart = alt.layer(marks, text)
    if params:
        chart = chart.add_params(*params)
    counts = df.groupby("stage_label")["actor"].nunique()
    return chart.properties(
        title=title,
        width=3 * 125,
        height=18 * len(order),
        description=(
            f"Matrix of {len(order)} actors (rows, grouped by type) by the three stages "
            "(columns); a mark means the actor is a partner in that stage, labelled with the "
            "resources it brings. Actors per stage: "
            + "; ".join(f"{lab} {int(counts.get(lab, 0))}" for lab in labels)
            + "."
        ),
    )


def coalition_turnover(
    turnover: pd.DataFrame,
    *,
    title: str = "Most partners are new at each stage",
) -> alt.LayerChart:
    """Bars of the actors that enter, continue or leave the coalition at each stage.

    Three bars per stage (continuing, entering, leaving), each labelled with its count and
    status, so colour is not the only cue; the tooltip names the actors.

    Parameters
    ----------
    turnover
        Columns ``stage``, ``status`` (``"entering"``, ``"continuing"`` or ``"leaving"``),
        ``count`` and ``actors`` (names joined with ``'; '``), one row per stage and status.
    title
        Chart title (state the finding).

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    ValueError
        If ``turnover`` lacks a column, holds an unknown status or a negative count.

    """
    ensure_columns(turnover, ["stage", "status", "count", "actors"], "turnover")
    statuses = ["continuing", "entering", "leaving"]
    bad = sorted(set(turnover["status"]) - set(statuses))
    if bad:
        raise ValueError(f"turnover has unknown status(es) {bad}; expected {statuses}")
    if (turnover["count"] < 0).any():
        raise ValueError("turnover has a negative count")
    df = add_stage_label(turnover)
    df["label"] = df["count"].astype(int).astype(str) + " " + df["status"]
    df = df[["stage_label", "status", "count", "actors", "label"]]
    labels = stage_labels()
    y = alt.Y("stage_label:N", title=None, sort=labels, axis=alt.Axis(labelLimit=260))
    y_offset = alt.YOffset("status:N", sort=statuses, scale=alt.Scale(domain=statuses))
    tooltip = [alt.Tooltip("stage_label:N", title="Stage"),
               alt.Tooltip("status:N", title="Status"),
               alt.Tooltip("count:Q", title="Actors"),
               alt.Tooltip("actors:N", title="Who")]
    x = alt.X("count:Q", title="Actors", axis=alt.Axis(tickMinStep=1),
              scale=alt.Scale(domain=[0, int(df["count"].max()) + 3]))
    bars = alt.Chart(df).mark_bar(height=14).encode(
        x=x, y=y, yOffset=y_offset,
        color=alt.Color("status:N", title="Status", sort=statuses,
                        scale=alt.Scale(domain=statuses,
                                        range=[PALETTE[4], PALETTE[2], PALETTE[1]])),
        tooltip=tooltip,
    )
    text = alt.Chart(df).mark_text(align="left", dx=4, fontSize=11, color="black").encode(
        x=x, y=y, yOffset=y_offset, text="label:N", tooltip=tooltip
    )
    return alt.layer(bars, text).properties(
        title=title,
        width=WIDTH - 200,
        height=alt.Step(16),
        description="Bars per stage of the actors entering, continuing and leaving the "
        "coalition: "
        + "; ".join(
            f"{lab}: "
            + ", ".join(f"{int(c)} {s}" for s, c in zip(g["status"], g["count"], strict=True))
            for lab, g in df.groupby("stage_label", sort=False)
        )
        + ".",
    )
