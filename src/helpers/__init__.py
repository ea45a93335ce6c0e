"""Helpers for the Kunshan companion book.

Modules
-------
data
    Load and validate the book's tables by name (``data.load("table2")``).
metrics
    Pure pandas/numpy regional indicators (HHI, CRk, entropy, LQ, relatedness...).
charts
    Altair chart builders plus the book's one theme, palette and stage colours.
widgets
    ipywidgets controls for a live kernel that re-render through ``charts``.
chart_contract
    How a chart leaves the kernel (its own MIME type) and how the site writes it; read by
    the charts' renderer and by the site's build (standard library only).
io_analysis
    Input-output relatedness beyond the article: candidates-only rankings, null models and
    the robustness panel (reads ``data``, computes with ``metrics``).
coalition_analysis
    Counts over the coalitions coding: actors per stage, far-scale shares, turnover.
"""

__all__ = ["data", "metrics", "charts", "widgets"]
