"""The branching-test chart (book/metrics_lab.md): entry rate by relatedness-density bin."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.charts.lab import _lab_checked, _lab_title, _synthetic_note
from helpers.charts.theme import PALETTE, WIDTH
from helpers.i18n import tr

#: Texts that depend on the event counted (catalogued in src/helpers/i18n/zh/branching.csv).
_KIND = {
    "entry": {
        "title": "Entry rate ranges from {lo} (density {lo_bin}) to {hi} (density {hi_bin})",
        "y": "Share of cells at risk that entered", "events": "Entries",
        "description": "Bar chart of the entry rate by relatedness-density bin, with 95% "
                       "intervals as vertical rules and entries/cells at risk above each "
                       "bar: {listing}.",
        "subtitle": "Labels: entries / cells at risk; rules: 95% Wilson intervals.",
    },
    "exit": {
        "title": "Exit rate ranges from {lo} (density {lo_bin}) to {hi} (density {hi_bin})",
        "y": "Share of cells at risk that exited", "events": "Exits",
        "description": "Bar chart of the exit rate by relatedness-density bin, with 95% "
                       "intervals as vertical rules and exits/cells at risk above each bar: "
                       "{listing}.",
        "subtitle": "Labels: exits / cells at risk; rules: 95% Wilson intervals.",
    },
}

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
    frame["count"] = [f"{k}/{n}" if n else tr("n = 0") for k, n in
                      zip(frame["events"], frame["at_risk"], strict=True)]
    frame["label_y"] = frame["ci_high"].fillna(0.0)
    filled = frame[frame["at_risk"] > 0]
    if filled.empty:
        raise ValueError("probabilities has no bin with cells at risk")
    order = list(frame["bin"])
    texts = _KIND[kind]
    if title is None:
        lo, hi = filled.loc[filled["probability"].idxmin()], filled.loc[
            filled["probability"].idxmax()]
        title = tr(texts["title"], lo=f"{lo['probability']:.0%}", lo_bin=lo["bin"],
                   hi=f"{hi['probability']:.0%}", hi_bin=hi["bin"])
    x = alt.X("bin:N", title=tr("Relatedness density at the start (0-100)"), sort=order,
              axis=alt.Axis(labelAngle=0))
    y_title = tr(texts["y"])
    tooltip = [alt.Tooltip("bin:N", title=tr("Density bin")),
               alt.Tooltip("at_risk:Q", title=tr("Cells at risk")),
               alt.Tooltip("events:Q", title=tr(texts["events"])),
               alt.Tooltip("probability:Q", title=tr("Rate"), format=".1%"),
               alt.Tooltip("ci_low:Q", title=tr("95% low"), format=".1%"),
               alt.Tooltip("ci_high:Q", title=tr("95% high"), format=".1%")]
    bars = alt.Chart(filled).mark_bar(color=PALETTE[0]).encode(
        x=x, y=alt.Y("probability:Q", title=y_title, axis=alt.Axis(format="%"),
                     scale=alt.Scale(domain=[0, 1])),
        tooltip=tooltip)
    ci = alt.Chart(filled).mark_rule(color=PALETTE[7], strokeWidth=1.5).encode(
        x=x, y="ci_low:Q", y2="ci_high:Q")
    labels = alt.Chart(frame).mark_text(dy=-8, fontSize=11, color="black").encode(
        x=x, y=alt.Y("label_y:Q"), text="count:N")
    listing = tr("; ").join(
        tr("density {bin}: {count} = {rate}", bin=b, count=c, rate=f"{p:.1%}") if n else
        tr("density {bin}: {count} (no cell at risk)", bin=b, count=c)
        for b, c, p, n in zip(frame["bin"], frame["count"], frame["probability"],
                              frame["at_risk"], strict=True))
    description = _synthetic_note(synthetic) + tr(texts["description"], listing=listing)
    return alt.layer(bars, ci, labels).properties(
        title=alt.TitleParams(_lab_title(title, synthetic), subtitle=tr(texts["subtitle"])),
        width=WIDTH - 80,
        height=260,
        description=description,
    )
