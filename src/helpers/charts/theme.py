"""The book's one Altair theme, palette, stage colours and shapes, and the renderer.

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

__all__ = [
    "PALETTE",
    "STAGE_COLOURS",
    "STAGE_SHAPES",
    "FONT",
    "WIDTH",
    "EMBED_OPTIONS",
    "kunshan_theme",
    "to_html",
    "stage_table",
    "stage_colour_scale",
    "stage_shape_scale",
    "stage_labels",
    "add_stage_label",
    "spec_json",
    "ensure_columns",
    "message_chart",
]

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

def spec_json(chart: alt.TopLevelMixin) -> str:
    """Return a chart's Vega-Lite spec as compact JSON (handy for size checks)."""
    return json.dumps(chart.to_dict(), separators=(",", ":"))


def ensure_columns(frame: pd.DataFrame, columns: Sequence[str], argument: str) -> None:
    """Raise ``ValueError`` naming ``argument`` if ``frame`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{argument} is missing column(s) {missing}")



def message_chart(text: str, title: str = "Nothing to show") -> alt.Chart:
    """Return a small chart that only says ``text`` (e.g. when a live choice leaves no data)."""
    if not str(text).strip():
        raise ValueError("text must not be empty")
    frame = pd.DataFrame({"text": [str(text)]})
    return alt.Chart(frame).mark_text(fontSize=14, align="center").encode(
        text="text:N").properties(title=title, width=WIDTH - 80, height=60,
                                  description=f"{title}: {text}")

