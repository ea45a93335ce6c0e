"""The branching-test chart (book/metrics_lab.md): entry rate by relatedness-density bin."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts.lab import _lab_checked, _lab_title
from helpers.charts.theme import PALETTE, WIDTH

__all__ = ["branching_rates"]


def branching_rates(
    probabilities: pd.DataFrame,
    *,
    kind: str = "entry",
    synthetic: bool = False,
    title: str | None = None,
) -> alt.LayerChart:
    """Bars of the entry (or exit) rate by density bin, with 95% intervals and counts.

    Each bar is one density bin; a black rule spans its Wilson 95% interval and the label
    above it prints ``events/at risk``, so the reader sees the count behind each rate.
    Bins with no cell at risk are drawn as an empty slot labelled ``n = 0``.

    Parameters
    ----------
    probabilities
        Output of :func:`helpers.metrics.branching_probability` (columns ``bin``,
        ``at_risk``, ``events``, ``probability``, ``ci_low``, ``ci_high``).
    kind
        ``"entry"`` or ``"exit"``: which event the rates count (used in labels).
    synthetic
        The data are synthetic: the title and description say so.
    title
        Title stating the finding; by default it reports the lowest and highest rate.

    """
    _lab_checked(probabilities, ["bin", "at_risk", "events", "probability", "ci_low",
                                 "ci_high"])
    if kind not in ("entry", "exit"):
        raise ValueError(f"kind must be 'entry' or 'exit', got {kind!r}")
    frame = probabilities[["bin", "at_risk", "events", "probability", "ci_low",
                           "ci_high"]].copy()
    frame["at_risk"] = frame["at_risk"].astype(int)
    frame["events"] = frame["events"].astype(int)
    frame["count"] = [f"{k}/{n}" if n else "n = 0" for k, n in
                      zip(frame["events"], frame["at_risk"], strict=True)]
    frame["label_y"] = frame["ci_high"].fillna(0.0)
    filled = frame[frame["at_risk"] > 0]
    if filled.empty:
        raise ValueError("probabilities has no bin with cells at risk")
    order = list(frame["bin"])
    noun = "Entry" if kind == "entry" else "Exit"
    plural = "entries" if kind == "entry" else "exits"
    if title is None:
        lo, hi = filled.loc[filled["probability"].idxmin()], filled.loc[
            filled["probability"].idxmax()]
        title = (f"{noun} rate ranges from {lo['probability']:.0%} (density {lo['bin']}) "
                 f"to {hi['probability']:.0%} (density {hi['bin']})")
    x = alt.X("bin:N", title="Relatedness density at the start (0-100)", sort=order,
              axis=alt.Axis(labelAngle=0))
    y_title = f"Share of cells at risk that {'entered' if kind == 'entry' else 'exited'}"
    tooltip = [alt.Tooltip("bin:N", title="Density bin"),
               alt.Tooltip("at_risk:Q", title="Cells at risk"),
               alt.Tooltip("events:Q", title=plural.capitalize()),
               alt.Tooltip("probability:Q", title="Rate", format=".1%"),
               alt.Tooltip("ci_low:Q", title="95% low", format=".1%"),
               alt.Tooltip("ci_high:Q", title="95% high", format=".1%")]
    bars = alt.Chart(filled).mark_bar(color=PALETTE[0]).encode(
        x=x, y=alt.Y("probability:Q", title=y_title, axis=alt.Axis(format="%"),
                     scale=alt.Scale(domain=[0, 1])),
        tooltip=tooltip)
    ci = alt.Chart(filled).mark_rule(color=PALETTE[7], strokeWidth=1.5).encode(
        x=x, y="ci_low:Q", y2="ci_high:Q")
    labels = alt.Chart(frame).mark_text(dy=-8, fontSize=11, color="black").encode(
        x=x, y=alt.Y("label_y:Q"), text="count:N")
    listing = "; ".join(
        f"density {b}: {c}" + (f" = {p:.1%}" if n else " (no cell at risk)")
        for b, c, p, n in zip(frame["bin"], frame["count"], frame["probability"],
                              frame["at_risk"], strict=True))
    description = (("Synthetic data (not real places). " if synthetic else "")
                   + f"Bar chart of the {kind} rate by relatedness-density bin, with 95% "
                   f"intervals as vertical rules and {plural}/cells at risk above each bar: "
                   f"{listing}.")
    return alt.layer(bars, ci, labels).properties(
        title=alt.TitleParams(
            _lab_title(title, synthetic),
            subtitle=f"Labels: {plural} / cells at risk; rules: 95% Wilson intervals."),
        width=WIDTH - 80,
        height=260,
        description=description,
    )
