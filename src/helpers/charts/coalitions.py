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
    label_column,
    stage_colour_scale,
    stage_labels,
    stage_shape_scale,
    stage_table,
    wrapped_axis,
)
from helpers.i18n import tr, tr_user

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


def _vocab(code: Any) -> Any:
    """Return a code (actor type, scale, resource) in the current language.

    From the catalogue; a reader's own codes stay as given.
    """
    return tr_user(code)


def _tooltips(*fields: tuple[str, str]) -> list[alt.Tooltip]:
    """Return tooltips of ``(field, English title)`` pairs, titles in the current language."""
    return [alt.Tooltip(field, title=tr(title)) for field, title in fields]


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
    # names, roles and locators in the book's current language (``*_zh`` columns)
    actor, role, source = (label_column(coalitions, c) for c in ("actor", "role", "source"))
    sep = tr("; ")
    parts = []
    for column, dimension in _ROW_DIMENSIONS.items():
        grouped = (
            coalitions.groupby(["stage", column, "resource"], sort=True)
            .agg(
                n_actors=("actor", "nunique"),
                actors=(actor, lambda s: sep.join(dict.fromkeys(s))),
                roles=(role, lambda s: " | ".join(dict.fromkeys(s))),
                sources=(source, lambda s: sep.join(dict.fromkeys(s))),
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
    # the codes a reader sees (rows, resources, the radio's dimensions) in the current
    # language; the inputs offer the same texts, so the filters compare them as they are
    cells = cells.assign(dimension=cells["dimension"].map(tr), row=cells["row"].map(_vocab),
                         resource=cells["resource"].map(_vocab))
    dimension = tr(_ROW_DIMENSIONS[rows])
    present = [lab for lab in stage_labels(stages) if lab in set(cells["stage_label"])]
    everything = tr("All stages")
    chart = alt.Chart(cells)
    if select:
        stage_param = alt.param(
            name="coalition_stage",
            value=everything,
            bind=alt.binding_select(options=[everything, *present], name=tr("Stage: ")),
        )
        rows_param = alt.param(
            name="coalition_rows",
            value=dimension,
            bind=alt.binding_radio(options=[tr(d) for d in _ROW_DIMENSIONS.values()],
                                   name=tr("Rows show: ")),
        )
        chart = chart.add_params(stage_param, rows_param).transform_filter(
            (stage_param == everything) | (alt.datum.stage_label == stage_param)
        ).transform_filter(alt.datum.dimension == rows_param)
    else:
        chart = chart.transform_filter(alt.datum.dimension == dimension)
    chart = chart.mark_point(filled=True, opacity=0.9, stroke="black", strokeWidth=0.6).encode(
        x=alt.X(
            "resource:N", title=tr("Resource brought or unlocked"),
            sort=alt.EncodingSortField("resource_order", op="min"),
            axis=alt.Axis(labelAngle=-90, labelAlign="left", orient="top"),
            scale=alt.Scale(paddingInner=0.15),
        ),
        xOffset=alt.XOffset("stage_label:N", scale=alt.Scale(domain=stage_labels(stages))),
        y=alt.Y("row:N", title=None, sort=alt.EncodingSortField("row_order", op="min"),
                axis=wrapped_axis(0.3)),
        color=alt.Color("stage_label:N", scale=stage_colour_scale(stages), title=tr("Stage")),
        shape=alt.Shape("stage_label:N", scale=stage_shape_scale(stages), title=tr("Stage")),
        size=alt.Size(
            "n_actors:Q", title=tr("Distinct actors"),
            scale=alt.Scale(domain=[1, 4], range=[70, 400]),
            legend=None,  # said in the subtitle: two legends side by side overflow a phone
        ),
        tooltip=_tooltips(
            ("stage_label:N", "Stage"), ("row:N", "Row"), ("resource:N", "Resource"),
            ("n_actors:Q", "Distinct actors"), ("actors:N", "Actors"),
            ("roles:N", "Roles (our words)"), ("sources:N", "Article locators"),
        ),
    )
    chosen = cells[cells["dimension"] == dimension]
    comma = tr(", ")
    by_stage = chosen.groupby("stage_label")["resource"].apply(lambda s: comma.join(
        dict.fromkeys(s)))
    description = tr(
        "Matrix of the book's coding of the coalitions in the article's text: columns are "
        "resources, rows are kinds of actor or geographic scales, and marks are coloured "
        "and shaped by stage, sized by the number of actors. Resources by stage: {stages}.",
        stages=tr("; ").join(tr("{label}: {items}", label=lab, items=res)
                             for lab, res in by_stage.items()))
    if select:
        description += tr(" A drop-down picks a stage and a radio switches the rows.")
    return chart.properties(
        title=alt.Title(tr_user(title), subtitle=tr(
            "Mark size: number of distinct actors (1 to 4). Hover a mark for the actors, "
            "their roles and the article's locators.")),
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
        ``source`` (locators joined, duplicates dropped); with the book's table also
        ``actor_zh``, ``roles_zh`` and ``source_zh`` (its Chinese columns, joined with
        ``'；'``), which the stage matrix shows in the Chinese edition.

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

    def join_zh(values: pd.Series) -> str:
        return "；".join(dict.fromkeys(str(v) for v in values if not pd.isna(v)))

    # the book's Chinese columns travel along, so the stage matrix can label in Chinese
    extra: dict[str, tuple[str, Any]] = {}
    for name, out, how in (("actor_zh", "actor_zh", "first"), ("role_zh", "roles_zh", join_zh),
                           ("source_zh", "source_zh", join_zh)):
        if name in coalitions.columns:
            extra[out] = (name, how)
    cells = (
        coalitions.groupby(["stage", "actor"], sort=False)
        .agg(actor_type=("actor_type", "first"), scale=("scale", "first"),
             resources=("resource", join), roles=("role", join), source=("source", join),
             n_resources=("resource", "nunique"), **extra)
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
    # what a reader sees in the book's current language: names, roles and locators from
    # the ``*_zh`` columns, the actor types, scales and resources from the catalogue
    for name in ("actor", "roles", "source"):
        df[f"{name}_text"] = cells[label_column(cells, name)]
    df["actor_type_text"] = df["actor_type"].map(_vocab)
    df["scale"] = df["scale"].map(_vocab)
    df["resources"] = ["; ".join(_vocab(r) for r in v.split("; ")) for v in df["resources"]]
    first_stage = df.groupby("actor")["stage"].min()
    rows = (
        df.assign(first=df["actor"].map(first_stage))
        .sort_values(["actor_type", "first", "actor"])
        .drop_duplicates("actor")
    )
    order = rows["actor"].tolist()
    df["row_label"] = [tr("{actor} ({type})", actor=a, type=t)
                       for a, t in zip(df["actor_text"], df["actor_type_text"], strict=True)]
    row_order = list(dict.fromkeys(
        df.set_index("actor").loc[rows["actor"], "row_label"]))
    resources = [_vocab(r) for r in sorted({r for v in cells["resources"]
                                            for r in v.split("; ")})]
    labels = stage_labels(stages)
    short = [tr("Stage {stage}", stage=s) for s in stage_table(stages)["stage"]]
    df["stage_short"] = [tr("Stage {stage}", stage=s) for s in df["stage"]]
    x = alt.X("stage_short:N", title=None, sort=short,
              scale=alt.Scale(domain=short),
              axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("row_label:N", title=None, sort=row_order, axis=wrapped_axis(0.45, font_size=10))
    tooltip = _tooltips(
        ("actor_text:N", "Actor"), ("stage_label:N", "Stage"), ("actor_type_text:N", "Type"),
        ("scale:N", "Scale"), ("resources:N", "Resources"), ("roles_text:N", "Role"),
        ("source_text:N", "Locator"),
    )
    params = []
    opacity: Any = alt.value(0.9)
    if bind:
        all_stages, all_resources = tr("All stages"), tr("All resources")
        stage_p = alt.param(
            name="fig4_stage", value=all_stages,
            bind=alt.binding_select(options=[all_stages, *labels], name=tr("Stage: ")),
        )
        res_p = alt.param(
            name="fig4_resource", value=all_resources,
            bind=alt.binding_select(options=[all_resources, *resources],
                                    name=tr("Resource: ")),
        )
        params = [stage_p, res_p]
        opacity = alt.condition(
            ((stage_p == all_stages) | (alt.datum.stage_label == stage_p))
            & ((res_p == all_resources)
               | alt.expr.indexof(alt.datum.resources, res_p) >= 0),
            alt.value(0.95), alt.value(0.1),
        )
    keep = ["stage", "stage_label", "actor_text", "actor_type_text", "scale", "resources",
            "roles_text", "source_text", "row_label", "stage_short"]
    base = alt.Chart(df[keep]).encode(x=x, y=y, tooltip=tooltip)
    marks = base.mark_point(filled=True, size=90, yOffset=-9).encode(
        color=alt.Color("stage_label:N", scale=stage_colour_scale(stages), title=tr("Stage")),
        shape=alt.Shape("stage_label:N", scale=stage_shape_scale(stages), title=tr("Stage")),
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
        title=alt.Title(tr_user(title), subtitle=tr(RESOURCE_KEY)),
        height=alt.Step(48),
        description=tr(
            "Matrix of {n} actors (rows, grouped by type) by the three stages (columns); a "
            "mark means the actor is a partner in that stage, labelled with the resources it "
            "brings. Actors per stage: {counts}.", n=len(order),
            counts=tr("; ").join(tr("{label} {n}", label=lab, n=int(counts.get(lab, 0)))
                                 for lab in labels)),
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
    # statuses and names in the book's current language (``actors_zh`` when the frame has
    # it, from :func:`helpers.coalition_analysis.stage_turnover` on the book's table)
    df["actors"] = df[label_column(df, "actors")]
    df["status"] = df["status"].map(tr)
    statuses = [tr(s) for s in statuses]
    df["label"] = [tr("{count} {status}", count=int(c), status=st)
                   for c, st in zip(df["count"], df["status"], strict=True)]
    df = df[["stage_label", "status", "count", "actors", "label"]]
    labels = stage_labels(stages)
    y = alt.Y("stage_label:N", title=None, sort=labels, axis=wrapped_axis(0.3))
    y_offset = alt.YOffset("status:N", sort=statuses, scale=alt.Scale(domain=statuses))
    tooltip = _tooltips(("stage_label:N", "Stage"), ("status:N", "Status"),
                        ("count:Q", "Actors"), ("actors:N", "Who"))
    x = alt.X("count:Q", title=tr("Actors"), axis=alt.Axis(tickMinStep=1),
              scale=alt.Scale(domain=[0, int(df["count"].max())]))
    bars = alt.Chart(df).mark_bar(height=14).encode(
        x=x, y=y, yOffset=y_offset,
        color=alt.Color("status:N", title=tr("Status"), sort=statuses,
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
        title=tr_user(title),
        height=alt.Step(18),
        description=tr(
            "Bars per stage of the actors entering, continuing and leaving the coalition: "
            "{stages}.", stages=tr("; ").join(
                tr("{label}: {items}", label=lab, items=tr(", ").join(g["label"]))
                for lab, g in df.groupby("stage_label", sort=False))),
    )
