"""Coalition charts: the actor x resource matrix (ch01), stage matrix and turnover (ch07)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from helpers.charts.theme import (
    PALETTE,
    add_stage_label,
    ensure_columns,
    stage_colour_scale,
    stage_labels,
    stage_shape_scale,
    stage_table,
    wrapped_axis,
)

__all__ = [
    "COALITION_RESOURCES",
    "COALITION_SCALES",
    "coalition_cells",
    "coalition_matrix",
    "coalition_actor_cells",
    "coalition_stage_matrix",
    "coalition_turnover",
]

#: Order of the resources on the coalition matrix (Figure 1's list, then the others).
COALITION_RESOURCES: list[str] = [
    "land", "labour", "capital", "technology", "information", "institutions", "market",
]
#: Order of the scales, from global (top) to local, as on Figure 1's vertical axis.
COALITION_SCALES: list[str] = [
    "global", "cross-strait", "national", "regional", "local", "unstated",
]


_ROW_DIMENSIONS = {"actor_type": "actor type", "scale": "geographic scale"}


def coalition_cells(
    coalitions: pd.DataFrame, *, stages: pd.DataFrame,
    actor_types: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Aggregate the coalitions table to one row per stage, row dimension, row and resource.

    Parameters
    ----------
    coalitions
        The ``coalitions`` table (columns ``stage``, ``actor``, ``actor_type``, ``scale``,
        ``resource``, ``role``, ``source``).
    stages
        The stages table, ``data.stages()``: each stage's label, colour and shape.
    actor_types
        Order of the actor types (rows); types not named follow in order of appearance.
        Default: their order of appearance in ``coalitions``. Pass the whole table's order
        when ``coalitions`` is a subset, so that rows keep their places.

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
    types = list(dict.fromkeys(actor_types or []))
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
    cells = add_stage_label(pd.concat(parts, ignore_index=True), stages)
    cells["resource_order"] = cells["resource"].map(resources.index)
    columns = ["stage", "stage_label", "dimension", "row", "row_order", "resource",
               "resource_order", "n_actors", "actors", "roles", "sources"]
    return cells[columns].sort_values(["dimension", "stage", "row_order", "resource_order"],
                                      ignore_index=True)


def coalition_matrix(
    coalitions: pd.DataFrame,
    *,
    stages: pd.DataFrame,
    rows: str = "actor_type",
    select: bool = True,
    actor_types: Sequence[str] | None = None,
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
    stages
        The stages table, ``data.stages()``: each stage's label, colour and shape.
    rows
        ``"actor_type"`` or ``"scale"``: what the rows show first.
    select
        Bind a stage drop-down and a rows radio to the chart (works with no kernel). With
        ``select=False`` the chart shows every stage present and the ``rows`` dimension.
    actor_types
        Order of the actor-type rows, as in :func:`coalition_cells`.
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
    cells = coalition_cells(coalitions, stages=stages, actor_types=actor_types)
    dimension = _ROW_DIMENSIONS[rows]
    present = [lab for lab in stage_labels(stages) if lab in set(cells["stage_label"])]
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
            axis=alt.Axis(labelAngle=-90, labelAlign="left", orient="top"),
            scale=alt.Scale(paddingInner=0.15),
        ),
        xOffset=alt.XOffset("stage_label:N", scale=alt.Scale(domain=stage_labels(stages))),
        y=alt.Y("row:N", title=None, sort=alt.EncodingSortField("row_order", op="min"),
                axis=wrapped_axis(0.3)),
        color=alt.Color("stage_label:N", scale=stage_colour_scale(stages), title="Stage"),
        shape=alt.Shape("stage_label:N", scale=stage_shape_scale(stages), title="Stage"),
        size=alt.Size(
            "n_actors:Q", title="Distinct actors",
            scale=alt.Scale(domain=[1, 4], range=[70, 400]),
            legend=None,  # said in the subtitle: two legends side by side overflow a phone
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
        "Matrix of the book's coding of the coalitions in the article's text: columns are "
        "resources, rows are kinds of actor or geographic scales, and marks are coloured "
        "and shaped by stage, sized by the number of actors. Resources by stage: "
        + "; ".join(f"{lab}: {res}" for lab, res in by_stage.items())
        + "."
        + (" A drop-down picks a stage and a radio switches the rows." if select else "")
    )
    return chart.properties(
        title=alt.Title(title, subtitle="Mark size: number of distinct actors (1 to 4). Hover "
                        "a mark for the actors, their roles and the article's locators."),
        height=alt.Step(34), description=description,
    )



def coalition_actor_cells(coalitions: pd.DataFrame, *, stages: pd.DataFrame) -> pd.DataFrame:
    """Collapse the coalitions table to one row per stage and actor.

    Parameters
    ----------
    coalitions
        The ``coalitions`` table (columns ``stage``, ``actor``, ``actor_type``, ``scale``,
        ``resource``, ``role``, ``source``), one row per stage, actor and resource.
    stages
        The stages table, ``data.stages()``: each stage's label, colour and shape.

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
    return add_stage_label(cells, stages)


def coalition_stage_matrix(
    cells: pd.DataFrame,
    *,
    stages: pd.DataFrame,
    bind: bool = True,
    title: str = "The local state stays; many of its partners change from stage to stage",
) -> alt.LayerChart:
    """Draw the book's coding of the coalitions as an explorable stage x actor matrix.

    The article's Figure 4 is lost; the cells come from the book's ``coalitions`` table, a
    coding of the text. Two inputs highlight a stage and a resource.

    Each filled cell is an actor taking part in a stage (colour and shape of the stage),
    labelled with the resources it brings; the tooltip gives its role, resources, scale,
    type and the article's locator. Rows are grouped by actor type.

    Parameters
    ----------
    cells
        As returned by :func:`coalition_actor_cells`.
    stages
        The stages table, ``data.stages()``: each stage's label, colour and shape.
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
    labels = stage_labels(stages)
    short = [f"Stage {s}" for s in stage_table(stages)["stage"]]
    df["stage_short"] = "Stage " + df["stage"].astype(str)
    x = alt.X("stage_short:N", title=None, sort=short,
              scale=alt.Scale(domain=short),
              axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("row_label:N", title=None, sort=row_order, axis=wrapped_axis(0.45, font_size=10))
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
    marks = base.mark_point(filled=True, size=90, yOffset=-9).encode(
        color=alt.Color("stage_label:N", scale=stage_colour_scale(stages), title="Stage"),
        shape=alt.Shape("stage_label:N", scale=stage_shape_scale(stages), title="Stage"),
        opacity=opacity,
    )
    # the resources go under the mark, one short word per line, so they fit a stage
    # column on a phone (the tooltip and the key in the subtitle give the full words)
    text = base.transform_calculate(
        short=_short_resources_expr()
    ).mark_text(baseline="top", fontSize=10, dy=0, lineHeight=11).encode(
        text="short:N", opacity=opacity
    )
    chart = alt.layer(marks, text)
    if params:
        chart = chart.add_params(*params)
    counts = df.groupby("stage_label")["actor"].nunique()
    return chart.properties(
        title=alt.Title(title, subtitle=RESOURCE_KEY),
        height=alt.Step(48),
        description=(
            f"Matrix of {len(order)} actors (rows, grouped by type) by the three stages "
            "(columns); a mark means the actor is a partner in that stage, labelled with the "
            "resources it brings. Actors per stage: "
            + "; ".join(f"{lab} {int(counts.get(lab, 0))}" for lab in labels)
            + "."
        ),
    )


#: Short names of the resources, written under the marks of the stage matrix.
RESOURCE_SHORT = {"land": "land", "labour": "labour", "capital": "capital",
                  "technology": "tech.", "information": "info.", "institutions": "inst.",
                  "market": "market"}
RESOURCE_KEY = "Under each mark: its resources (tech. technology, info. information, " \
    "inst. institutions)."


def _short_resources_expr() -> str:
    """Vega expression: the ``resources`` of a cell as short words, one per line."""
    expr = "datum.resources"
    for long, short in RESOURCE_SHORT.items():
        if long != short:
            expr = f"replace({expr}, '{long}', '{short}')"
    return f"split({expr}, '; ')"


def coalition_turnover(
    turnover: pd.DataFrame,
    *,
    stages: pd.DataFrame,
    title: str = "Partners entering, continuing and leaving the coalition at each stage",
) -> alt.LayerChart:
    """Bars of the actors that enter, continue or leave the coalition at each stage.

    Three bars per stage (continuing, entering, leaving), each labelled with its count and
    status, so colour is not the only cue; the tooltip names the actors.

    Parameters
    ----------
    turnover
        Columns ``stage``, ``status`` (``"entering"``, ``"continuing"`` or ``"leaving"``),
        ``count`` and ``actors`` (names joined with ``'; '``), one row per stage and status
        (:func:`helpers.coalition_analysis.stage_turnover`).
    stages
        The stages table, ``data.stages()``: each stage's label, colour and shape.
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
    df = add_stage_label(turnover, stages)
    df["label"] = df["count"].astype(int).astype(str) + " " + df["status"]
    df = df[["stage_label", "status", "count", "actors", "label"]]
    labels = stage_labels(stages)
    y = alt.Y("stage_label:N", title=None, sort=labels, axis=wrapped_axis(0.3))
    y_offset = alt.YOffset("status:N", sort=statuses, scale=alt.Scale(domain=statuses))
    tooltip = [alt.Tooltip("stage_label:N", title="Stage"),
               alt.Tooltip("status:N", title="Status"),
               alt.Tooltip("count:Q", title="Actors"),
               alt.Tooltip("actors:N", title="Who")]
    x = alt.X("count:Q", title="Actors", axis=alt.Axis(tickMinStep=1),
              scale=alt.Scale(domain=[0, int(df["count"].max())]))
    bars = alt.Chart(df).mark_bar(height=14).encode(
        x=x, y=y, yOffset=y_offset,
        color=alt.Color("status:N", title="Status", sort=statuses,
                        scale=alt.Scale(domain=statuses,
                                        range=[PALETTE[4], PALETTE[2], PALETTE[1]])),
        tooltip=tooltip,
    )
    # a label sits inside its bar when the bar is long, after it when it is short, so no
    # label runs off the chart on a phone
    longest = int(df["count"].max())
    inside = f"datum.count >= {longest / 2}"
    text_in = alt.Chart(df).transform_filter(inside).mark_text(
        align="right", dx=-4, fontSize=11, color="black").encode(
        x=x, y=y, yOffset=y_offset, text="label:N", tooltip=tooltip)
    text_out = alt.Chart(df).transform_filter(f"!({inside})").mark_text(
        align="left", dx=4, fontSize=11, color="black").encode(
        x=x, y=y, yOffset=y_offset, text="label:N", tooltip=tooltip)
    return alt.layer(bars, text_in, text_out).properties(
        title=title,
        height=alt.Step(18),
        description="Bars per stage of the actors entering, continuing and leaving the "
        "coalition: "
        + "; ".join(
            f"{lab}: "
            + ", ".join(f"{int(c)} {s}" for s, c in zip(g["status"], g["count"], strict=True))
            for lab, g in df.groupby("stage_label", sort=False)
        )
        + ".",
    )
