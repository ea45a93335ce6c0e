"""Altair chart builders and the book's one theme, palette and stage colours.

A package split by subject; import it as before (``from helpers import charts``, then
``charts.event_timeline(...)``). Importing it registers and enables the book's theme and
renderer (:mod:`helpers.charts.theme`), so every chart looks the same.

Sizing convention (every builder, whoever writes it)
----------------------------------------------------
Charts must read on a 390 px phone and in a desktop column alike; the browser test
(``tests/test_browser.py``) fails a page whose chart is wider than its column, whose chart
text is under 9 px or cut short, at 390 x 844 and 1280 x 900.

* Give a single or layered chart no width: the renderer (:func:`theme.responsive`) sizes
  it to its container (``width="container"``, autosize ``fit-x``), wraps its title and
  legend labels to that width and keeps legends below the chart. Call
  ``charts.responsive(chart)`` to get the same spec outside the renderer.
* Long category labels: ``axis=charts.wrapped_axis(fraction)`` wraps them instead of
  cutting them (and leave room: a band step of about 14 px per line).
* A title that must follow an input: ``alt.TitleParams(text=alt.ExprRef(
  expr=charts.title_expr(charts.literal(title), "<expression of the param>")))``.
* No side-by-side panels: a facet or concatenation cannot take its container's width,
  so stack its panels (``columns=1``), each ``charts.PANEL_WIDTH`` wide.
* Text marks at the end of a bar must stay inside the chart: put the label inside long
  bars, or leave headroom in the scale.
* No font below ``charts.MIN_FONT`` px.

Modules
-------
theme
    Palette, stage colours and shapes, the Altair theme and renderer, shared helpers.
timeline
    The stage timeline (ch02) and the event timeline with its filters (ch04).
concentration
    Headline shares, share/concentration bars, the HHI path, firm concentration (ch01-ch05).
coalitions
    The coalition matrices and partner turnover (ch01, ch07).
emerging
    Table 2 explorer, growth bars and indicator panels (ch06).
lab
    Metrics-lab builders: indicator bars and the LQ heatmap.
branching
    The branching test: entry (or exit) rate by relatedness-density bin.
asif
    The ASIF reproduction: Figures 2 and 3 and the HHI line from a firm panel.
live
    Renderer choice: static-site HTML in the build, an offline Altair widget in a live kernel.
io
    Input-output relatedness (Beyond the article): the candidates strip and explorer, the
    null chart and the robustness heat-table (frames from helpers.io_analysis).
"""

from helpers.charts.asif import *  # noqa: F403
from helpers.charts.branching import *  # noqa: F403
from helpers.charts.coalitions import *  # noqa: F403
from helpers.charts.concentration import *  # noqa: F403
from helpers.charts.emerging import *  # noqa: F403
from helpers.charts.io import *  # noqa: F403
from helpers.charts.lab import *  # noqa: F403
from helpers.charts.live import *  # noqa: F403
from helpers.charts.theme import *  # noqa: F403
from helpers.charts.theme import _chart_bundle  # noqa: F401  (used by tests)
from helpers.charts.timeline import *  # noqa: F403

choose_renderer()  # noqa: F405  (static HTML in the build, offline widget in a live kernel)
