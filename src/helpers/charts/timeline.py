"""Timelines: the stage timeline (ch02) and the event timeline with its filters (ch04)."""

from __future__ import annotations

import re
from typing import Any

import altair as alt
import pandas as pd

from helpers.charts.theme import (
    add_stage_label,
    ensure_columns,
    label_column,
    literal,
    stage_colour_scale,
    stage_labels,
    stage_shape_scale,
    stage_table,
    wrap_expr,
    wrapped_axis,
)
from helpers.i18n import tr, tr_user

__all__ = [
    "stage_timeline",
    "EVENT_SCALES",
    "EVENT_RESOURCES",
    "event_filter_options",
    "event_timeline",
    "NO_MATCH",
    "ABBREVIATIONS",
]

# builders
# ---------------------------------------------------------------------------
def stage_timeline(
    stages: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    select: bool = True,
    title: str | None = None,
) -> alt.Chart:
    """Timeline of the article's three stages, optionally with dated events as points.

    Parameters
    ----------
    stages
        The stages table, ``data.stages()`` (``stage``, ``name``, ``article_period``,
        ``start_year``, ``end_year``); one band per row.
    events
        Optional events with ``year``, ``event`` and ``stage`` columns, drawn as points.
    select
        Bind a stage selection to a drop-down input, so a reader can highlight a stage
        on the static page with no kernel.
    title
        Chart title (state the finding); by default it names the stages' first and
        last years.

    """
    ensure_columns(stages, ["stage", "name", "article_period", "start_year", "end_year"],
                   "stages")
    stages = stage_table(stages)
    first, last = int(stages["start_year"].min()), int(stages["end_year"].max())
    if title is None:
        title = tr("Three stages, three coalitions: Kunshan {first}-{last}", first=first,
                   last=last)
    title = tr_user(title)
    bars = stages.assign(end_plus=stages["end_year"] + 1,
                         period=stages[label_column(stages, "article_period")])
    everything = tr("All stages")
    # the y axis already names each stage, so the colour legend would only repeat it
    colour = alt.Color("label:N", scale=stage_colour_scale(stages), legend=None)
    layers = []
    param = None
    if select:
        param = alt.param(
            name="stage_pick",
            value=everything,
            bind=alt.binding_select(
                options=[everything, *stage_labels(stages)], name=tr("Highlight stage: ")
            ),
        )
    opacity: Any = alt.value(0.9)
    if param is not None:
        opacity = alt.condition(
            (param == everything) | (alt.datum.label == param), alt.value(0.9), alt.value(0.2)
        )
    band = (
        alt.Chart(bars)
        .mark_bar(height=34, cornerRadius=3)
        .encode(
            x=alt.X("start_year:Q", title=tr("Year"),
                    axis=alt.Axis(format="d", tickMinStep=1, labelFlush=True,
                                  tickCount={"expr": "ceil(width / 70)"}),
                    scale=alt.Scale(zero=False)),
            x2="end_plus:Q",
            y=alt.Y("label:N", title=None, sort=list(stages["label"]),
                    axis=wrapped_axis(0.4)),
            color=colour,
            opacity=opacity,
            tooltip=[
                alt.Tooltip("label:N", title=tr("Stage")),
                alt.Tooltip("period:N", title=tr("Article's wording")),
                alt.Tooltip("start_year:Q", title=tr("From"), format="d"),
                alt.Tooltip("end_year:Q", title=tr("To"), format="d"),
            ],
        )
    )
    if param is not None:
        band = band.add_params(param)
    # the axis names each stage (a label inside a bar of a few years would not fit a phone)
    layers.append(band)
    if events is not None and len(events):
        ev = add_stage_label(events, stages)
        points = (
            alt.Chart(ev)
            .mark_point(filled=True, size=60, color="black", yOffset=24)
            .encode(
                x="year:Q",
                y=alt.Y("stage_label:N", sort=list(stages["label"])),
                shape=alt.Shape("stage_label:N", scale=stage_shape_scale(stages), legend=None),
                tooltip=[alt.Tooltip("year:Q", title=tr("Year"), format="d"),
                         alt.Tooltip(f"{label_column(ev, 'event')}:N", title=tr("Event"))],
            )
        )
        layers.append(points)
    return (
        alt.layer(*layers)
        .properties(
            title=title,
            height=160,
            description=tr(
                "Timeline of the three stages of Kunshan's industrial development, "
                "{first} to {last}: {stages}.", first=first, last=last,
                stages=tr("; ").join(
                    tr("{label}, {start} to {end}", label=lab, start=a, end=b)
                    for lab, a, b in zip(stages["label"], stages["start_year"],
                                         stages["end_year"], strict=True)
                ),
            ),
        )
    )




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


#: What the short forms in the event labels stand for (shown in each point's tooltip and
#: defined in the glossary).
ABBREVIATIONS: dict[str, str] = {
    "WFOE": "wholly foreign-owned enterprise", "JV": "joint venture",
    "EPZ": "export processing zone", "YRD": "Yangtze River Delta",
    "PRD": "Pearl River Delta", "TSTP": "Tsinghua Science and Technology Park",
    "DKU": "Duke Kunshan University", "MoE": "Ministry of Education",
    "MoST": "Ministry of Science and Technology", "FYP": "Five-Year Plan",
    "IT": "information technology", "SME": "small and medium-sized enterprise",
    "siRNA": "small interfering RNA", "WUS": "WUS Printed Circuit (a Taiwanese firm)",
    "US": "United States",
}


def _abbreviations_in(label: str) -> str:
    """Return the expansions of the short forms in ``label`` ('' when there are none)."""
    words = set(re.findall(r"[A-Za-z]+", label))
    return tr("; ").join(tr("{short}: {long}", short=k, long=tr(v))
                         for k, v in ABBREVIATIONS.items() if k in words)


def _event_label(event_id: str, year: int) -> str:
    """Year and short name of an event, from its ``id`` (in Chinese from the catalogue)."""
    words = [_EVENT_ACRONYMS.get(w, w) for w in str(event_id).split("_")]
    if words and words[0] == words[0].lower():
        words[0] = words[0].capitalize()
    return f"{year}  {tr_user(' '.join(words))}"


def _vocab(code: str) -> str:
    """Return a code of the events (actor scale, resource) in the current language."""
    return tr_user(code)


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
        "stages": sorted(int(s) for s in present),
        "scales": _ordered_options(scales, EVENT_SCALES),
        "resources": _ordered_options(resources, EVENT_RESOURCES),
    }



def event_timeline(
    events: pd.DataFrame,
    *,
    stages: pd.DataFrame,
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
    stages
        The stages table, ``data.stages()``: each stage's label, colour and shape.
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
    ev = add_stage_label(events, stages).sort_values(["year"], kind="stable").reset_index(drop=True)
    options = event_filter_options(ev)
    scale_options, resource_options = options["scales"], options["resources"]
    table = stage_table(stages)
    stage_options = [lab for s, lab in zip(table["stage"], table["label"], strict=True)
                     if s in set(ev["stage"])]
    stage_of = dict(zip(table["stage"], table["label"], strict=True))
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
    # texts a reader sees are in the book's current language (``*_zh`` columns of the
    # book's data, the catalogue for the scale and resource codes); the filters compare
    # the same translated codes, so the inputs can offer them as they are
    ev["label"] = [_event_label(i, y) for i, y in zip(ev["id"], ev["year"], strict=True)]
    ev["abbreviations"] = [_abbreviations_in(lab) for lab in ev["label"]]
    comma = tr(", ")
    ev["scales"] = [comma.join(map(_vocab, _split_codes(v))) for v in ev["actor_scales"]]
    ev["resources"] = [comma.join(map(_vocab, _split_codes(v))) or tr("none (marker)")
                       for v in ev["resource"]]
    ev["actors_text"] = [comma.join(_split_codes(v)) for v in ev[label_column(ev, "actors")]]
    ev["event"] = ev[label_column(ev, "event")]
    ev["source"] = ev[label_column(ev, "source")]
    ev["scale_key"] = [";" + ";".join(map(_vocab, _split_codes(v))) + ";"
                       for v in ev["actor_scales"]]
    ev["resource_key"] = [";" + ";".join(map(_vocab, _split_codes(v))) + ";"
                          for v in ev["resource"]]
    if "note" not in ev.columns:
        ev["note"] = ""
    ev["note"] = ev[label_column(ev, "note")].fillna("")
    keep = ["order", "label", "abbreviations", "year", "event", "actors_text", "scales",
            "resources", "stage_label", "source", "note", "scale_key", "resource_key"]

    all_stages, all_scales, all_resources = (tr("All stages"), tr("All scales"),
                                             tr("All resources"))
    params = []
    if bind:
        p_stage = alt.param(
            name="ev_stage", value=stage_of[stage] if stage is not None else all_stages,
            bind=alt.binding_select(options=[all_stages, *stage_options], name=tr("Stage: ")),
        )
        p_scale = alt.param(
            name="ev_scale", value=_vocab(scale) if scale else all_scales,
            bind=alt.binding_select(options=[all_scales, *map(_vocab, scale_options)],
                                    name=tr("Actor scale: ")),
        )
        p_res = alt.param(
            name="ev_resource", value=_vocab(resource) if resource else all_resources,
            bind=alt.binding_select(options=[all_resources, *map(_vocab, resource_options)],
                                    name=tr("Resource: ")),
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
            match &= frame["scale_key"].str.contains(f";{_vocab(scale)};", regex=False)
        if resource is not None:
            match &= frame["resource_key"].str.contains(f";{_vocab(resource)};", regex=False)
        frame = frame.assign(match=match)[[*keep, "match"]]
        stage_test = None
        match_test = "datum.match"

    legend_title = tr("Stage (colour and shape)")
    base = alt.Chart(frame)
    if stage_test is not None:
        base = base.transform_filter(stage_test)
    x = alt.X("year:Q", title=tr("Year"),
              axis=alt.Axis(format="d", tickMinStep=1, labelFlush=True,
                            tickCount={"expr": "ceil(width / 70)"}),
              scale=alt.Scale(zero=False, nice=False, padding=20))
    points = base.mark_point(filled=True, stroke="black", strokeWidth=0.6).encode(
        x=x,
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("order"),
                axis=wrapped_axis(0.45, font_size=11)),
        color=alt.Color("stage_label:N", scale=stage_colour_scale(stages), title=legend_title),
        shape=alt.Shape("stage_label:N", scale=stage_shape_scale(stages), title=legend_title),
        opacity=alt.condition(match_test, alt.value(1.0), alt.value(0.22)),
        size=alt.condition(match_test, alt.value(150), alt.value(45)),
        tooltip=[alt.Tooltip("year:Q", title=tr("Year"), format="d")] + [
            alt.Tooltip(field, title=tr(title)) for field, title in (
                ("event:N", "Event"), ("abbreviations:N", "Short forms"),
                ("actors_text:N", "Actors"), ("scales:N", "Actor scales"),
                ("resources:N", "Resources"), ("stage_label:N", "Stage"), ("note:N", "Note"),
                ("source:N", "Where in the article"))],
    )
    # when the filters leave no event standing out, say so instead of fading everything
    empty = (
        base.transform_calculate(hit=f"({match_test}) ? 1 : 0")
        .transform_aggregate(hits="sum(hit)")
        .transform_filter("datum.hits == 0")
        .transform_calculate(message=literal(tr(NO_MATCH)))
        .mark_text(fontSize=13, fontWeight="bold", color="#8a1c00", baseline="top")
        .encode(text=alt.Text("message:N"),
                x=alt.value({"expr": "width / 2"}), y=alt.value(4))
    )
    chart = alt.layer(points, empty)
    if params:
        chart = chart.add_params(*params)
    shown = ev if bind or stage is None else ev[ev["stage"] == stage]
    n_shown = len(shown)
    first, last = int(shown["year"].min()), int(shown["year"].max())
    counts = shown.groupby("stage_label", sort=False).size()
    description = tr(
        "Timeline of {n} dated events of Kunshan's coalitions, {first} to {last}, one row "
        "per event, coloured and shaped by stage ({counts}). ", n=n_shown, first=first,
        last=last, counts=tr("; ").join(tr("{label}: {n} events", label=lab, n=n)
                                        for lab, n in counts.items()))
    if bind:
        description += tr("Select inputs under the chart filter by stage and pick out "
                          "events by actor scale and resource; the others fade.")
    else:
        everything = tr("all")
        description += tr(
            "Showing stage {stage}, actor scale {scale}, resource {resource}: {hits} of {n} "
            "events match.", stage=stage if stage is not None else everything,
            scale=_vocab(scale) if scale else everything,
            resource=_vocab(resource) if resource else everything,
            hits=int(frame["match"].sum()) if "match" in frame else n_shown, n=n_shown)
    title = tr_user(title)
    if bind:
        title = _event_title(title, stage_of.get(stage), all_stages, len(stage_options))
    return chart.properties(title=title, height=alt.Step(26), description=description)


#: Message drawn on the event timeline when its filters pick out no event.
NO_MATCH = "No event matches these filters"


def _event_title(title: str, first_stage: str | None, all_stages: str,
                 n_stages: int) -> alt.TitleParams:
    """Title that follows the timeline's stage input.

    The given ``title`` is kept while the stage input shows the stage it was written for;
    another stage (or all) gets a title naming it.
    """
    first = first_stage or all_stages
    before, _, after = tr("Dated events of {stage}").partition("{stage}")
    generic = (f"ev_stage == {literal(all_stages)} ? "
               f"{literal(tr('Dated events of all {n} stages', n=n_stages))} : "
               f"{literal(before)} + ev_stage" + (f" + {literal(after)}" if after else ""))
    text = f"ev_stage == {literal(first)} ? {literal(title)} : ({generic})"
    return alt.TitleParams(text=alt.ExprRef(expr=wrap_expr(text, 0.95, 8.4)))


