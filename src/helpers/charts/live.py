"""Which renderer draws a chart: static HTML in the book's build, an offline widget live.

The static site embeds each chart as HTML that the page's own Vega bundle draws (the
``kunshan`` renderer of :mod:`helpers.charts.theme`). A live JupyterLab (Binder or local)
cannot use that HTML: JupyterLab's built-in Vega renderer stops at Vega-Lite 5, and the
HTML would fetch Vega from a CDN. In a live kernel the book therefore switches to Altair's
own ``jupyter`` renderer (:class:`altair.JupyterChart`, an anywidget) in offline mode, whose
JavaScript comes from the ``vl-convert-python`` wheel, so no request leaves the Jupyter
server.

The build sets the environment variable :data:`STATIC_BUILD_ENV` (see
``_ext/kunshan_build.py``) before it starts any kernel, and the kernels inherit it.
"""

from __future__ import annotations

import os
from typing import Any

import altair as alt
from altair.utils import schemapi

from helpers.charts.theme import EMBED_OPTIONS, responsive_spec

__all__ = [
    "STATIC_BUILD_ENV", "in_static_build", "in_live_kernel", "live_chart", "live_spec",
    "live_view",
    "choose_renderer",
]

#: Set to "1" by the book's build; a kernel that sees it draws charts as static-site HTML.
STATIC_BUILD_ENV = "KUNSHAN_STATIC_BUILD"


def in_static_build() -> bool:
    """Return True when the code runs inside the book's static build."""
    return os.environ.get(STATIC_BUILD_ENV) == "1"


def in_live_kernel() -> bool:
    """Return True inside a Jupyter kernel that is not the book's static build."""
    if in_static_build():
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with ipykernel
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def live_spec(chart: alt.TopLevelMixin) -> dict:
    """Return the Vega-Lite spec of ``chart`` sized as the site sizes it.

    The site's renderer makes every chart fill its column (see
    :func:`helpers.charts.responsive`); in JupyterLab the chart widget gets the same spec,
    so a chart is as wide as the notebook's output area instead of its default size. The
    builders' specs are tested, so this copy is not validated again.
    """
    return responsive_spec(chart.to_dict(validate=False))


def live_chart(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Return ``chart`` as a chart object with the :func:`live_spec` sizing."""
    with schemapi.debug_mode(False):
        return type(chart).from_dict(live_spec(chart), validate=False)


#: The top-level chart class that reads a spec with each of these keys.
_CHART_CLASSES = {
    "layer": alt.LayerChart, "hconcat": alt.HConcatChart, "vconcat": alt.VConcatChart,
    "concat": alt.ConcatChart, "facet": alt.FacetChart, "repeat": alt.RepeatChart,
}


def _live_renderer(spec: dict, **metadata: Any) -> dict[str, Any]:
    """Altair's ``jupyter`` renderer (an offline chart widget) for a responsive spec."""
    alt.JupyterChart.enable_offline(metadata.get("offline", True))
    kind = next((cls for key, cls in _CHART_CLASSES.items() if key in spec), alt.Chart)
    with schemapi.debug_mode(False):
        chart = kind.from_dict(responsive_spec(spec), validate=False)
    return alt.JupyterChart(chart, embed_options=metadata.get("embed_options")
                            )._repr_mimebundle_()


alt.renderers.register("kunshan-live", _live_renderer)


def live_view(chart: alt.TopLevelMixin) -> Any:
    """Return an offline :class:`altair.JupyterChart` widget showing ``chart``.

    The widget's JavaScript is inlined from ``vl-convert-python`` (no CDN). Assigning a
    new chart to its ``chart`` attribute redraws it in place, which is how
    :class:`helpers.widgets.LivePanel` redraws without sending the bundle again.
    """
    alt.JupyterChart.enable_offline(True)
    return alt.JupyterChart(live_chart(chart), embed_options=EMBED_OPTIONS)


def choose_renderer() -> str:
    """Enable the renderer for where the code runs and return its name.

    ``"kunshan-live"`` in a live kernel (Altair's offline ``jupyter`` chart widget, given
    the same responsive spec as the site), ``"kunshan"`` everywhere else (the book's build,
    plain Python, tests).
    """
    if in_live_kernel():
        alt.renderers.enable("kunshan-live", offline=True, embed_options=EMBED_OPTIONS)
        return "kunshan-live"
    alt.renderers.enable("kunshan")
    return "kunshan"
