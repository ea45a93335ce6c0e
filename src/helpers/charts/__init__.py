"""Altair chart builders and the book's one theme, palette and stage colours.

A package split by subject; import it as before (``from helpers import charts``, then
``charts.event_timeline(...)``). Importing it registers and enables the book's theme and
renderer (:mod:`helpers.charts.theme`), so every chart looks the same.

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
    Input-output relatedness (Beyond the article): density rankings, the portfolio explorer.
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
from helpers.charts.theme import _html_bundle  # noqa: F401  (used by widgets and tests)
from helpers.charts.timeline import *  # noqa: F403

choose_renderer()  # noqa: F405  (static HTML in the build, offline widget in a live kernel)
