"""ipywidgets controls for a live kernel (Binder or local JupyterLab).

Every factory here returns a :class:`LivePanel`: a row of controls plus an output area
that re-renders a chart through :mod:`helpers.charts` whenever a control changes. A panel
keeps the latest chart in :attr:`LivePanel.chart`, so tests can drive it without a
browser (set a control's ``value``, then look at ``panel.chart``).

On the static site there is no kernel, so a widget cannot work. A panel's display
bundle therefore carries, next to the widget view, a short HTML note saying that the
control runs live; the book's configuration renders that note instead of the widget
view, so a static reader never meets an empty or inert box (the static pages have their
own bound inputs in the charts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import altair as alt
import ipywidgets as widgets
from altair.utils import schemapi
from IPython.display import clear_output, display

from helpers import charts
from helpers.i18n import tr, tr_user

_LIVE_NOTE_TEMPLATE = (
    '<div class="kunshan-live-note" role="note">'
    "<strong>{live}</strong> {body}"
    "</div>"
)
_LIVE_NOTE_BODY = (
    "This panel of drop-downs and selectors runs in a live Python kernel: open the page in "
    "Binder (the rocket button) or in a local JupyterLab ({command}), then run the cell. On "
    "this static page, use the inputs under the figures instead."
)


def live_note_html() -> str:
    """Return the note a static page shows instead of a panel, in the current language."""
    return _LIVE_NOTE_TEMPLATE.format(
        live=tr("Live control."), body=tr(_LIVE_NOTE_BODY, command="<code>make lab</code>"))


#: Value of an "All ..." choice in a drop-down. ipywidgets treats a ``None`` value as "nothing
#: selected" and shows an empty box, so the choice carries this sentinel and
#: :meth:`LivePanel.values` hands ``None`` to the render function.
ALL = "all"


class LivePanel:
    """Controls that re-render one chart whenever any of their values changes.

    Parameters
    ----------
    controls
        Mapping from keyword name to an ipywidgets value widget; each widget's
        ``value`` is passed to ``render`` under that keyword.
    render
        Function returning an Altair chart from the controls' values.

    """

    def __init__(
        self, controls: Mapping[str, widgets.ValueWidget], render: Callable[..., alt.TopLevelMixin]
    ) -> None:
        if not controls:
            raise ValueError("controls must hold at least one widget")
        self.controls = dict(controls)
        self.render = render
        self.output = widgets.Output()
        self.chart: alt.TopLevelMixin | None = None
        self.view: Any = None
        self.renders = 0
        self._update()
        if charts.in_live_kernel():
            # one offline chart widget, redrawn in place: the Vega bundle is sent once
            self.view = charts.live_view(self.chart)
            shown = self.view
        else:
            with self.output:
                display(self.chart)
            shown = self.output
        for control in self.controls.values():
            control.observe(self._update, names="value")
        self.box = widgets.VBox(
            [widgets.HBox(list(self.controls.values())), shown],
            layout=widgets.Layout(width="100%"),
        )

    def values(self) -> dict[str, Any]:
        """Return the controls' current values by keyword (an "All ..." choice as ``None``)."""
        return {
            name: (None if control.value == ALL else control.value)
            for name, control in self.controls.items()
        }

    def _update(self, change: Any = None) -> None:
        # Altair validates every schema object as it is built and the whole spec again in
        # ``to_dict``; the builders are tested, so a redraw skips the first pass and keeps
        # the second. Measured on the stage-1 timeline: 361 -> 122 ms a redraw (median of
        # 8, load average 11 on 2 cores).
        with schemapi.debug_mode(False):
            self.chart = self.render(**self.values())
        self.renders += 1
        if change is None:
            return  # first draw: __init__ places the chart
        if self.view is not None:
            # same builder, same parameters: only the spec changes, so the widget's spec
            # is replaced directly (assigning ``chart`` would rebuild and revalidate it;
            # emerging panel, load 2.3: 115 ms for that copy against 15 ms for the spec)
            self.view.spec = charts.live_spec(self.chart)
            return
        with self.output:
            clear_output(wait=True)
            display(self.chart)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.box._repr_mimebundle_(**kwargs) or {}
        bundle = dict(bundle)
        bundle["text/html"] = live_note_html()
        bundle["text/plain"] = tr("Live control: runs in a Jupyter kernel (Binder or local Lab).")
        return bundle


# ---------------------------------------------------------------------------
# controls
# ---------------------------------------------------------------------------
def stage_dropdown(include_all: bool = True, description: str = "Stage") -> widgets.Dropdown:
    """Drop-down of the article's stages (values: :data:`ALL` for all, else stage number)."""
    from helpers import data

    stages = charts.stage_table(data.stages())
    options: list[tuple[str, int | str]] = [(tr("All stages"), ALL)] if include_all else []
    options += [(label, int(s)) for label, s in zip(stages["label"], stages["stage"], strict=True)]
    return widgets.Dropdown(options=options, value=options[0][1],
                            description=tr_user(description))


def sector_multiselect(
    sectors: list[str], selected: list[str] | None = None, description: str = "Sectors"
) -> widgets.SelectMultiple:
    """Multi-select of sectors (hold Ctrl/Cmd to pick several)."""
    if not sectors:
        raise ValueError("sectors must not be empty")
    chosen = list(sectors) if selected is None else list(selected)
    unknown = sorted(set(chosen) - set(sectors))
    if unknown:
        raise ValueError(f"selected holds sectors not in the list: {unknown}")
    return widgets.SelectMultiple(
        options=list(sectors), value=tuple(chosen), description=tr_user(description),
        rows=min(len(sectors), 8),
    )


# ---------------------------------------------------------------------------
# panels
# ---------------------------------------------------------------------------
def stage_timeline_panel() -> LivePanel:
    """Stage drop-down that redraws the stage timeline with only the chosen stage."""
    from helpers import data

    def render(stage: int | None) -> alt.TopLevelMixin:
        stages = data.stages()
        if stage is not None:
            stages = stages[stages["stage"] == stage]
        return charts.stage_timeline(stages, select=False)

    return LivePanel({"stage": stage_dropdown()}, render)


# ---------------------------------------------------------------------------
# ch02: the coalition matrix, live
# ---------------------------------------------------------------------------
def coalition_panel() -> LivePanel:
    """Stage drop-down and rows toggle that redraw the coalition matrix (article Figure 1).

    The ``stage`` control keeps only that stage's rows of ``data.load("coalitions")``
    (``None`` keeps all); the ``rows`` control switches the rows between kinds of actor and
    geographic scales.
    """
    from helpers import data

    table = data.load("coalitions")
    # one stage's rows keep the places they have in the whole table
    actor_types = list(dict.fromkeys(table["actor_type"]))

    def render(stage: int | None, rows: str) -> alt.TopLevelMixin:
        subset = table if stage is None else table[table["stage"] == stage]
        return charts.coalition_matrix(subset, stages=data.stages(), rows=rows, select=False,
                                       actor_types=actor_types)

    rows = widgets.ToggleButtons(
        options=[(tr("Actor type"), "actor_type"), (tr("Geographic scale"), "scale")],
        value="actor_type",
        description=tr("Rows"),
    )
    return LivePanel({"stage": stage_dropdown(), "rows": rows}, render)


# ---------------------------------------------------------------------------
# ch04/ch05 panels: event timeline, synthetic firm concentration
# ---------------------------------------------------------------------------
def _choice_dropdown(values: list[str], all_label: str, description: str) -> widgets.Dropdown:
    # the codes stay the values; a reader sees them in the book's current language
    options: list[tuple[str, str]] = [(tr(all_label), ALL)] + [(tr_user(v), v) for v in values]
    return widgets.Dropdown(options=options, value=ALL, description=tr(description))


def event_timeline_panel(events: Any = None, stage: int | None = 1) -> LivePanel:
    """Stage, actor-scale and resource drop-downs that redraw the event timeline.

    Parameters
    ----------
    events
        Events table (default ``data.load("events")``).
    stage
        Stage selected at first (``None`` = all stages).

    """
    from helpers import data

    events = data.load("events") if events is None else events
    options = charts.event_filter_options(events)
    stage_dd = stage_dropdown()
    if stage is not None:
        if stage not in options["stages"]:
            raise ValueError(f"stage {stage!r} has no event; choose from {options['stages']}")
        stage_dd.value = stage
    controls = {
        "stage": stage_dd,
        "scale": _choice_dropdown(options["scales"], "All scales", "Actor scale"),
        "resource": _choice_dropdown(options["resources"], "All resources", "Resource"),
    }

    def render(stage: int | None, scale: str | None, resource: str | None):
        return charts.event_timeline(events, stages=data.stages(), stage=stage, scale=scale,
                                     resource=resource, bind=False)

    return LivePanel(controls, render)


def synthetic_sector_concentration(n_rows: int = 20_000, seed: int = 2021) -> Any:
    """SYNTHETIC: HHI and CR4 of firms by two-digit sector and year from an ASIF-shaped panel.

    Builds :func:`helpers.synthetic.synthetic_firm_panel`, groups its 3-digit industries
    into two-digit sectors (``industry // 10``, labelled "Synthetic division NN") and
    applies :func:`helpers.metrics.firm_concentration`. Not Kunshan data.
    """
    from helpers import metrics, synthetic

    panel = synthetic.synthetic_firm_panel(n_rows, seed=seed)
    panel = panel.assign(sector=[tr("Synthetic division {code}", code=c)
                                 for c in panel["industry"] // 10])
    out = metrics.firm_concentration(panel, by=["sector", "year"], value="output").reset_index()
    out.attrs["synthetic"] = True
    return out


def synthetic_concentration_panel(
    frame: Any = None, sectors: list[str] | None = None, n_sectors: int = 3
) -> LivePanel:
    """SYNTHETIC: sector multi-select and stage drop-down redrawing firm HHI/CR4 by year.

    Parameters
    ----------
    frame
        Output of :func:`synthetic_sector_concentration` (the default) or any table with
        ``sector, year, hhi, cr4``.
    sectors
        Sectors selected at first (default: the ``n_sectors`` with most firm-years).
    n_sectors
        How many sectors to select at first when ``sectors`` is None.

    """
    frame = synthetic_sector_concentration() if frame is None else frame
    charts.ensure_columns(frame, ["sector", "year", "hhi", "cr4"], "frame")
    ranked = list(frame.groupby("sector")["n_firms"].sum().sort_values(ascending=False).index) \
        if "n_firms" in frame.columns else sorted(frame["sector"].unique())
    every = sorted(map(str, frame["sector"].unique()))
    chosen = ranked[:n_sectors] if sectors is None else list(sectors)
    from helpers import data

    stages = data.stages().set_index("stage")
    controls = {
        "sectors": sector_multiselect(every, selected=sorted(chosen)),
        "stage": stage_dropdown(),
    }

    def render(sectors: tuple[str, ...], stage: int | None):
        if not sectors:
            return charts.message_chart(tr("Pick at least one sector."), tr("SYNTHETIC data"))
        shown = frame
        if stage is not None:
            a, b = int(stages.at[stage, "start_year"]), int(stages.at[stage, "end_year"])
            shown = frame[(frame["year"] >= a) & (frame["year"] <= b)]
            if shown.empty:
                lo, hi = int(frame["year"].min()), int(frame["year"].max())
                return charts.message_chart(
                    tr("The synthetic panel covers {lo}-{hi}; stage {stage} is {a}-{b}.",
                       lo=lo, hi=hi, stage=stage, a=a, b=b),
                    tr("SYNTHETIC data: no year of this stage"))
        return charts.firm_concentration_chart(shown, sectors=list(sectors), select=False)

    return LivePanel(controls, render)


# ---------------------------------------------------------------------------
# metrics lab (book/metrics_lab.md)
# ---------------------------------------------------------------------------
def metrics_lab_panel(table: Any, *, synthetic: bool = False) -> LivePanel:
    """Region, indicator and year drop-downs that redraw the lab's indicator bar chart.

    Parameters
    ----------
    table
        Tidy indicator table with columns ``region``, ``indicator``, ``value`` and
        optionally ``year`` (e.g. :func:`helpers.byod.indicator_table`).
    synthetic
        The data are synthetic: the chart's title and description say so.

    Returns
    -------
    LivePanel
        Controls ``region`` (the region to mark), ``indicator`` and, when the table has
        years, ``year`` (defaults: first region, first indicator, last year).

    """
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise ValueError(f"table must be a DataFrame, got {type(table).__name__}")
    charts.ensure_columns(table, ["region", "indicator", "value"], "table")
    if table.empty:
        raise ValueError("table is empty")
    regions = [str(r) for r in pd.unique(table["region"])]
    indicators = [str(i) for i in pd.unique(table["indicator"])]
    controls: dict[str, widgets.ValueWidget] = {
        "region": widgets.Dropdown(options=regions, value=regions[0],
                                   description=tr("Region")),
        "indicator": widgets.Dropdown(
            options=indicators, value=indicators[0], description=tr("Indicator")
        ),
    }
    if "year" in table.columns:
        yrs = sorted(int(y) for y in pd.unique(table["year"]))
        controls["year"] = widgets.Dropdown(options=yrs, value=yrs[-1],
                                            description=tr("Year"))

    def render(region: str, indicator: str, year: int | None = None) -> alt.TopLevelMixin:
        return charts.indicator_bars(
            table,
            indicator=indicator,
            year=year,
            highlight=region,
            select=False,
            synthetic=synthetic,
            title=tr("{region} among the regions: {indicator}", region=region,
                     indicator=tr_user(indicator)),
        )

    return LivePanel(controls, render)


# ---------------------------------------------------------------------------
# Chapter 6 (emerging industries) and chapter 7 (conclusion) panels
# ---------------------------------------------------------------------------
def measure_dropdown(
    measures: Mapping[str, str] | None = None, description: str = "Measure"
) -> widgets.Dropdown:
    """Drop-down of measures (labels shown, keys as values); defaults to Table 2's measures."""
    measures = dict(charts.EMERGING_MEASURES if measures is None else measures)
    if not measures:
        raise ValueError("measures must not be empty")
    options = [(tr_user(label), key) for key, label in measures.items()]
    return widgets.Dropdown(options=options, value=options[0][1],
                            description=tr_user(description))


def emerging_panel(frame: Any = None) -> LivePanel:
    """Industry multi-select and measure drop-down that redraw the Table 2 chart.

    Parameters
    ----------
    frame : pandas.DataFrame, optional
        Table 2 by industry, as from :func:`helpers.emerging_analysis.emerging_table`
        (the default).

    Returns
    -------
    LivePanel
        Controls ``sectors`` (industry names; an empty pick draws every industry) and
        ``measure`` (``"output"`` or ``"share"``).

    """
    from helpers import emerging_analysis

    frame = emerging_analysis.emerging_table() if frame is None else frame
    names = list(dict.fromkeys(frame["name"]))

    def render(sectors: tuple[str, ...], measure: str) -> alt.TopLevelMixin:
        picked = list(sectors) or names
        label = charts.EMERGING_MEASURES[measure].split(" (")[0]
        return charts.emerging_explorer(
            frame, sectors=picked, measure=measure, bind=False,
            title=tr("{label} of {n} of the {total} emerging industries",
                     label=tr_user(label), n=len(picked), total=len(names)),
        )

    return LivePanel(
        {"sectors": sector_multiselect(names, description=tr("Industries")),
         "measure": measure_dropdown()},
        render,
    )


def coalition_stage_panel(cells: Any = None) -> LivePanel:
    """Stage drop-down that redraws the coalition matrix with only the chosen stage.

    Parameters
    ----------
    cells : pandas.DataFrame, optional
        As from :func:`helpers.charts.coalition_actor_cells` (default: built from the
        ``coalitions`` table).

    Returns
    -------
    LivePanel
        One control, ``stage`` (``None`` for all stages, else the stage number).

    """
    from helpers import data

    stages = data.stages()
    cells = (charts.coalition_actor_cells(data.load("coalitions"), stages=stages)
             if cells is None else cells)

    def render(stage: int | None) -> alt.TopLevelMixin:
        shown = cells if stage is None else cells[cells["stage"] == stage]
        n = shown["actor"].nunique()
        return charts.coalition_stage_matrix(
            shown, stages=stages, bind=False,
            title=(tr("{n} partners of the coalition in all stages", n=n) if stage is None
                   else tr("{n} partners of the coalition in stage {stage}", n=n,
                           stage=stage)),
        )

    return LivePanel({"stage": stage_dropdown()}, render)


# ---------------------------------------------------------------------------
# Beyond the article: input-output relatedness, live
# ---------------------------------------------------------------------------
def io_density_panel(year: int = 2002, portfolio: list[str] | None = None) -> LivePanel:
    """Sector multi-select and specification drop-downs that re-rank the candidate sectors.

    Parameters
    ----------
    year : int, default 2002
        Which input-output table (2002, 2007, 2012 or 2017).
    portfolio : list of str, optional
        Table sector codes selected at first (default: the sectors of the pre-1998 portfolio,
        :data:`helpers.io_analysis.PRE_1998_DIVISIONS`).

    Returns
    -------
    LivePanel
        Controls ``sectors`` (labels ``"075 Complete computers"``: any manufacturing sector of
        the table can join the portfolio), ``form`` (``"max"``/``"mean"``),
        ``normalisation`` (``"input"``, ``"output"``, ``"leontief"``) and ``flows``
        (``"total"``/``"domestic"``); the chart ranks candidates only
        (:func:`helpers.io_analysis.io_density_ranking`).

    """
    from helpers import io_analysis

    table = io_analysis.io_sector_table(year)
    by_label = dict(zip(table["label"], table.index, strict=True))
    if portfolio is None:
        portfolio = list(table.index[table["division"].isin(io_analysis.PRE_1998_DIVISIONS)])
    unknown = [c for c in portfolio if c not in table.index]
    if unknown:
        raise ValueError(f"portfolio codes {unknown} are not manufacturing sectors of {year}")
    chosen = [table.at[c, "label"] for c in portfolio]

    def render(sectors: tuple[str, ...], form: str, normalisation: str,
               flows: str) -> alt.TopLevelMixin:
        if not sectors:
            return charts.message_chart(tr("Pick at least one sector for the portfolio."),
                                        tr("No portfolio"))
        if len(sectors) == len(table):
            return charts.message_chart(tr("Leave at least one sector out of the portfolio."),
                                        tr("No candidate left"))
        ranking = io_analysis.io_density_ranking(
            year, [by_label[s] for s in sectors], form=form, normalisation=normalisation,
            flows=flows, by="sector")
        its = ranking[ranking["it"] & ~ranking["in_portfolio"]]
        n = int(ranking["n"].iloc[0])
        head = (tr("{year}: best IT sector ranks {rank} of {n} candidates", year=year,
                   rank=int(its["rank"].min()), n=n)
                if len(its) else tr("{year}: every IT sector is in the portfolio", year=year))
        return charts.io_candidates_strip(
            ranking, title=head,
            subtitle=tr("{form}, {normalisation}, {flows} flows", form=tr_user(form),
                        normalisation=tr_user(charts.IO_NORMALISATION[normalisation].lower()),
                        flows=tr_user(flows)))

    return LivePanel(
        {"sectors": sector_multiselect(list(table["label"]), selected=chosen,
                                       description=tr("Portfolio")),
         "form": measure_dropdown({"max": tr("max"), "mean": tr("mean")},
                                  description=tr("Form")),
         "normalisation": measure_dropdown(charts.IO_NORMALISATION,
                                           description=tr("Normalisation")),
         "flows": measure_dropdown(charts.IO_FLOWS, description=tr("Flows"))},
        render,
    )
