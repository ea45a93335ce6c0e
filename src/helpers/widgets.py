"""ipywidgets controls for a live kernel (Binder, Thebe or local Jupyter).

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
from IPython.display import clear_output, display

from helpers import charts

LIVE_NOTE_HTML = (
    '<div class="kunshan-live-note" role="note">'
    "<strong>Live control.</strong> This panel of drop-downs and selectors runs in a live "
    "Python kernel: open the page in Binder or local Jupyter, or press the "
    "<em>Live Code</em> (Thebe) button, then run the cell. On this static page, use the "
    "inputs under the figures instead."
    "</div>"
)


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
        self.renders = 0
        for control in self.controls.values():
            control.observe(self._update, names="value")
        self.box = widgets.VBox(
            [widgets.HBox(list(self.controls.values())), self.output],
            layout=widgets.Layout(width="100%"),
        )
        self._update()

    def values(self) -> dict[str, Any]:
        """Return the controls' current values by keyword."""
        return {name: control.value for name, control in self.controls.items()}

    def _update(self, change: Any = None) -> None:
        self.chart = self.render(**self.values())
        self.renders += 1
        with self.output:
            clear_output(wait=True)
            display(self.chart)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = self.box._repr_mimebundle_(**kwargs) or {}
        bundle = dict(bundle)
        bundle["text/html"] = LIVE_NOTE_HTML
        bundle["text/plain"] = "Live control: runs in a Jupyter kernel (Binder, Thebe, local)."
        return bundle


# ---------------------------------------------------------------------------
# controls
# ---------------------------------------------------------------------------
def stage_dropdown(include_all: bool = True, description: str = "Stage") -> widgets.Dropdown:
    """Drop-down of the article's stages (values: ``None`` for all, else stage number)."""
    stages = charts.stage_table()
    options: list[tuple[str, int | None]] = [("All stages", None)] if include_all else []
    options += [(label, int(s)) for label, s in zip(stages["label"], stages["stage"])]
    return widgets.Dropdown(options=options, value=options[0][1], description=description)


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
        options=list(sectors), value=tuple(chosen), description=description,
        rows=min(len(sectors), 8),
    )


# ---------------------------------------------------------------------------
# panels
# ---------------------------------------------------------------------------
def stage_timeline_panel() -> LivePanel:
    """Stage drop-down that redraws the stage timeline with only the chosen stage."""

    def render(stage: int | None) -> alt.TopLevelMixin:
        stages = charts.stage_table()
        if stage is not None:
            stages = stages[stages["stage"] == stage]
        return charts.stage_timeline(stages, select=False)

    return LivePanel({"stage": stage_dropdown()}, render)
