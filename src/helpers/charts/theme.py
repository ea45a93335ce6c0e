"""The book's one Altair theme, palette, stage colours and shapes, and the renderer.

Builders take tidy DataFrames (from :mod:`helpers.data` or :mod:`helpers.metrics`) and
return Altair charts; they never read files. Importing this module registers and enables
the book's theme and renderer, so every chart in every chapter looks the same and is
drawn as SVG with no request to a CDN (see ``_ext/kunshan_build.py`` for the bundle).

Conventions
-----------
* One colour-blind-safe palette (Okabe & Ito 2008), :data:`PALETTE`.
* Fixed stage colours and shapes keyed by stage number, :data:`STAGE_COLOURS`,
  :data:`STAGE_SHAPES`; stage names and years come from the stages frame the caller
  passes (``data.stages()``, from ``data/stages.csv``), so one definition serves every
  chart and no chart reads a file.
* Colour never carries meaning alone: stages also get a shape and a text label or
  tooltip.
* Every chart has a ``description`` (read by screen readers) and a title that states the
  finding.
* Charts size themselves to their column (see :func:`responsive`): a single or layered
  view is drawn at the width of its container (``width="container"``, autosize
  ``fit-x``), its title and long axis labels wrap to that width, and legends sit below.
  The renderer applies :func:`responsive` to every single or layered chart it draws, so
  a builder only has to avoid side-by-side panels: a facet or concatenation cannot take
  its container's width, so it stacks its panels in one column of :data:`PANEL_WIDTH`
  pixels, which fits a 390 px phone.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from helpers.chart_contract import CHART_MIME, chart_bundle, holder_html, read_payload
from helpers.i18n import column, language, tr, tr_user

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
    "PANEL_WIDTH",
    "MIN_FONT",
    "wrap_expr",
    "title_expr",
    "literal",
    "wrapped_axis",
    "responsive",
    "label_column",
    "visible_texts",
    "CJK_WIDTH",
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

#: The site's font stack, Chinese fonts included (no web font: the reader's system fonts;
#: ``make fonts`` installs Noto CJK so that vl-convert measures Chinese labels right).
FONT = ("system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
        "'PingFang SC', 'Hiragino Sans GB', 'Noto Sans CJK SC', 'Source Han Sans SC', "
        "'Microsoft YaHei', sans-serif")
#: A Chinese character is about one em wide, a Latin one about 0.55 em: in Chinese the
#: width per character that text wrapping assumes is this many times the Latin one.
CJK_WIDTH = 1.8
#: Width the charts are designed for on a desktop (the renderer draws them at the
#: container's width instead, see :func:`responsive`).
WIDTH = 560
#: Width of one panel of a facet or concatenation (panels stack in one column): with its
#: axes it fits the 342 px column of a 390 px phone.
PANEL_WIDTH = 240
#: Characters per line of a subtitle (12 px), which cannot wrap to its container.
SUBTITLE_CHARS = 50
#: Smallest font size (px) used anywhere in a chart: the browser test fails below 9 px.
MIN_FONT = 10
EMBED_OPTIONS: dict[str, Any] = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}


# ---------------------------------------------------------------------------
# theme and renderer
# ---------------------------------------------------------------------------
def wrap_expr(text: str, fraction: float, char_px: float, minimum: int = 12) -> str:
    """Vega expression that wraps ``text`` into lines that fit the chart's container.

    Parameters
    ----------
    text
        A Vega expression giving the text, e.g. ``"datum.label"`` or a quoted literal.
    fraction
        Share of the container's width the text may take (0-1).
    char_px
        Average width of one character at the font size used (about 0.55 x font size).
    minimum
        Fewest characters per line (also used when the container has no size yet).

    Returns
    -------
    str
        An expression giving an array of lines (Vega draws each on its own line).

    Examples
    --------
    >>> wrap_expr("datum.label", 0.4, 6.6)[:11]
    'split(trim('

    """
    return f"split({_joined_lines(text, fraction, char_px, minimum)}, '\\n')"


def _joined_lines(text: str, fraction: float, char_px: float, minimum: int = 12) -> str:
    """Expression: ``text`` with a newline wherever :func:`wrap_expr` breaks a line."""
    if not 0 < fraction <= 1 or char_px <= 0 or minimum < 1:
        raise ValueError("fraction must lie in (0, 1], char_px and minimum must be positive")
    if language() == "zh":
        char_px = round(char_px * CJK_WIDTH, 2)
    chars = f"max({minimum}, floor({fraction} * containerSize()[0] / {char_px}))"
    # a line ends before a space, at the end, or before a Chinese character (Chinese is
    # written without spaces and may break between any two characters)
    pattern = (f"regexp('(.{{1,' + {chars} + '}})(\\\\s+|$|(?=[\\\\u3400-\\\\u9fff]))', "
               f"'g')")
    return f"trim(replace({text}, {pattern}, '$1\\n'))"


def literal(value: Any) -> str:
    """``value`` (a string, number or dict of them) written as a Vega expression literal."""
    return json.dumps(value, ensure_ascii=False)


def title_expr(*lines: str, fraction: float = 0.95, char_px: float = 9.2) -> str:
    """Expression for a chart title made of several texts, each wrapped to the container.

    Each of ``lines`` is a Vega expression (a quoted literal from ``json.dumps`` or one
    that reads a parameter, e.g. a year picked in an input), so a title can follow the
    chart's inputs. Use it as ``alt.TitleParams(text=alt.ExprRef(expr=title_expr(...)))``.
    """
    if not lines:
        raise ValueError("title_expr needs at least one line")
    joined = " + '\\n' + ".join(_joined_lines(t, fraction, char_px) for t in lines)
    return f"split({joined}, '\\n')"


@alt.theme.register("kunshan", enable=True)
def kunshan_theme() -> alt.theme.ThemeConfig:
    """Return the book's Altair theme: light background, readable type, the palette."""
    return {
        "config": {
            "background": "white",
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": 300, "stroke": None},
            "title": {"fontSize": 15, "anchor": "start", "subtitleColor": "#444444",
                      "subtitleFontSize": 12, "limit": 0},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": "#222222",
                "titleColor": "#222222",
                "gridColor": "#e6e6e6",
            },
            # an x axis title ends at the plot's right edge and may run left over the
            # y labels, so a long title fits a narrow chart
            "axisX": {"titleAnchor": "end", "titleAlign": "right"},
            # legends go below the chart, one entry per line, labels wrapped to the width
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom",
                       "direction": "vertical", "columns": 1, "labelLimit": 0},
            "header": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 0},
            "range": {"category": PALETTE},
            "mark": {"tooltip": True},
        }
    }


def _chart_bundle(spec: dict, **kwargs: Any) -> dict[str, Any]:
    """Render a chart as the book's chart MIME type (the ``kunshan`` renderer).

    Every single or layered chart is made :func:`responsive` on the way out; the bundle is
    :func:`helpers.chart_contract.chart_bundle` (the chart's own MIME type and a plain
    fallback). The book's build turns it into the site's chart holder with build-time
    drawings (``_ext/kunshan_site.py``, through myst-nb's MIME-renderer plugins).
    """
    return chart_bundle(responsive_spec(spec), EMBED_OPTIONS)


alt.renderers.register("kunshan", _chart_bundle)
alt.renderers.enable("kunshan")


def to_html(chart: alt.TopLevelMixin, ident: str = "kunshan-chart-0") -> str:
    """Return the site's HTML for ``chart`` with no drawing yet (used by tests and gates)."""
    bundle = _chart_bundle(chart.to_dict())
    return holder_html(ident, read_payload(bundle[CHART_MIME]))


# ---------------------------------------------------------------------------
# responsive sizing
# ---------------------------------------------------------------------------
_AUTOSIZE = {"type": "fit-x", "contains": "padding"}


def wrapped_axis(fraction: float = 0.42, font_size: int = 12, **kwargs: Any) -> alt.Axis:
    """Return an axis whose labels wrap onto several lines instead of being cut short.

    Use it for the category axis of a horizontal bar or dot chart whose labels are long:
    on a phone they take at most ``fraction`` of the chart's width.
    """
    return alt.Axis(labelExpr=wrap_expr("datum.label", fraction, 0.55 * font_size),
                    labelLimit=0, labelFontSize=font_size, **kwargs)


def _wrapped_title(title: Any) -> Any:
    """Title params whose text (and subtitle) wrap to the container width."""
    if isinstance(title, str):
        title = {"text": title}
    if not isinstance(title, dict):
        return title
    out = dict(title)
    if isinstance(title.get("text"), str):
        out["text"] = {"expr": title_expr(literal(title["text"]))}
    if isinstance(title.get("subtitle"), str):
        # a subtitle cannot be an expression: break it once, for the narrowest column
        chars = SUBTITLE_CHARS if language() == "en" else int(SUBTITLE_CHARS / CJK_WIDTH)
        out["subtitle"] = textwrap.wrap(title["subtitle"], chars)
    return out


_LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")
#: Legend labels wrap to this share of the container (a legend below the chart starts
#: where the plot starts, after the y axis labels).
_LEGEND_LABELS = wrap_expr("datum.label", 0.45, 7)


def _with_wrapped_legends(spec: Any) -> Any:
    """Copy of ``spec`` whose legends wrap their labels (Vega's legend config cannot)."""
    if isinstance(spec, list):
        return [_with_wrapped_legends(s) for s in spec]
    if not isinstance(spec, dict):
        return spec
    out = {k: _with_wrapped_legends(v) if k in {"layer", "spec", "concat", "hconcat",
                                                  "vconcat"} else v
           for k, v in spec.items()}
    encoding = out.get("encoding")
    if isinstance(encoding, dict):
        encoding = dict(encoding)
        for channel in _LEGEND_CHANNELS:
            field = encoding.get(channel)
            if isinstance(field, dict) and "field" in field and field.get("legend", {}) is not None:
                legend = dict(field.get("legend") or {})
                legend.setdefault("labelExpr", _LEGEND_LABELS)
                legend.setdefault("labelLimit", 0)
                encoding[channel] = {**field, "legend": legend}
        out["encoding"] = encoding
    return out


def responsive_spec(spec: dict) -> dict:
    """Return a copy of a Vega-Lite ``spec`` sized to its container (see :func:`responsive`).

    A facet or concatenation only gets its title wrapped: Vega-Lite cannot size it to a
    container, so its builder stacks :data:`PANEL_WIDTH`-wide panels in one column.
    """
    out = _with_wrapped_legends(spec)
    if "title" in out:
        out["title"] = _wrapped_title(out["title"])
    if any(key in spec for key in ("mark", "layer")):
        out["width"] = "container"
        out["autosize"] = dict(_AUTOSIZE)
    return out


def responsive(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Return ``chart`` sized to the column it is shown in, on a phone or a desktop.

    A single or layered chart gets ``width="container"`` and autosize ``fit-x`` (the
    whole chart, axes and legend included, takes the container's width), and its title
    wraps to that width, and so do its legend labels. The book's renderer does this to
    every chart it draws; call it yourself to get the same chart outside the renderer
    (e.g. to save it, or in a test).

    Raises
    ------
    TypeError
        If ``chart`` is a facet or concatenation (stack its panels instead, each
        :data:`PANEL_WIDTH` wide).

    """
    if not isinstance(chart, alt.Chart | alt.LayerChart):
        raise TypeError(
            f"responsive() needs a single or layered chart, got {type(chart).__name__}; "
            f"stack the panels of a facet or concatenation, each PANEL_WIDTH={PANEL_WIDTH} wide"
        )
    return type(chart).from_dict(responsive_spec(chart.to_dict()))


# ---------------------------------------------------------------------------
# shared scales
# ---------------------------------------------------------------------------
def stage_table(stages: pd.DataFrame) -> pd.DataFrame:
    """Return the stages with their fixed colour, shape and label, in stage order.

    Parameters
    ----------
    stages : DataFrame
        The stages table, ``data.stages()``: at least ``stage`` (number) and ``name``;
        other columns (years, the article's wording) are kept.

    Returns
    -------
    DataFrame
        A copy sorted by ``stage`` with ``colour``, ``shape`` and ``label``
        (``"Stage 1: Origins"``; in Chinese from ``name_zh``) added.

    Raises
    ------
    ValueError
        Naming ``stages`` when it lacks a column, has no rows or repeats a stage, or a
        stage with no fixed colour in :data:`STAGE_COLOURS`.

    """
    if not isinstance(stages, pd.DataFrame):
        raise TypeError(f"stages must be a pandas DataFrame (data.stages()), "
                        f"got {type(stages).__name__}")
    ensure_columns(stages, ["stage", "name"], "stages")
    if stages.empty:
        raise ValueError("stages has no rows")
    if stages["stage"].duplicated().any():
        raise ValueError(f"stages repeats stage(s) "
                         f"{sorted(set(stages.loc[stages['stage'].duplicated(), 'stage']))}")
    out = stages.sort_values("stage").reset_index(drop=True)
    missing = sorted(set(out["stage"]) - set(STAGE_COLOURS))
    if missing:
        raise ValueError(f"charts.STAGE_COLOURS has no colour for stage(s) {missing}")
    out["colour"] = out["stage"].map(STAGE_COLOURS)
    out["shape"] = out["stage"].map(STAGE_SHAPES)
    names = out[column(out, "name")]
    out["label"] = [tr("Stage {stage}: {name}", stage=s, name=n)
                    for s, n in zip(out["stage"], names, strict=True)]
    return out


def stage_colour_scale(stages: pd.DataFrame) -> alt.Scale:
    """Colour scale mapping stage labels (``Stage 1: ...``) to the fixed stage colours."""
    table = stage_table(stages)
    return alt.Scale(domain=list(table["label"]), range=list(table["colour"]))


def stage_shape_scale(stages: pd.DataFrame) -> alt.Scale:
    """Shape scale mapping stage labels to the fixed stage shapes."""
    table = stage_table(stages)
    return alt.Scale(domain=list(table["label"]), range=list(table["shape"]))


def stage_labels(stages: pd.DataFrame) -> list[str]:
    """Stage labels in order, as used in legends and select inputs."""
    return list(stage_table(stages)["label"])


def add_stage_label(
    frame: pd.DataFrame, stages: pd.DataFrame, stage_column: str = "stage"
) -> pd.DataFrame:
    """Return a copy of ``frame`` with a ``stage_label`` column from its stage numbers."""
    labels = stage_table(stages).set_index("stage")["label"]
    unknown = sorted(set(frame[stage_column]) - set(labels.index))
    if unknown:
        raise ValueError(f"column {stage_column!r} has unknown stage(s) {unknown}")
    out = frame.copy()
    out["stage_label"] = out[stage_column].map(labels)
    return out


# ---------------------------------------------------------------------------

#: Column of a frame that labels a name in the book's current language (``name_zh`` for
#: ``name`` in the Chinese edition when the frame has it): :func:`helpers.i18n.column`.
label_column = column


_TEXT_KEYS = {"title", "subtitle", "text", "description"}
#: A double-quoted literal inside a Vega expression (what :func:`literal` writes).
_EXPR_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def visible_texts(spec: Any) -> list[str]:
    """Every text a reader sees or hears in a Vega-Lite ``spec``, for language checks.

    Titles and subtitles (of the chart, axes, legends, tooltips), accessible
    descriptions, input labels and options, literal texts of title expressions, and the
    values of the data fields a chart shows as text (nominal axes, legends, tooltips and
    text marks), read from the spec's inline datasets.
    """
    texts: list[str] = []
    fields: set[str] = set()

    def walk(node: Any, key: str | None = None) -> None:
        if isinstance(node, dict):
            if key in {"bind"}:
                for k in ("name",):
                    if isinstance(node.get(k), str):
                        texts.append(node[k])
                for option in node.get("labels") or node.get("options") or []:
                    if isinstance(option, str):
                        texts.append(option)
            if isinstance(node.get("expr"), str) and key in _TEXT_KEYS:
                texts.extend(json.loads(m) for m in _EXPR_STRING.findall(node["expr"]))
            if node.get("type") in {"nominal", "ordinal"} and isinstance(node.get("field"), str):
                fields.add(node["field"])
            for k, v in node.items():
                if k == "datasets":
                    continue
                if k in _TEXT_KEYS and isinstance(v, str):
                    texts.append(v)
                elif k in _TEXT_KEYS and isinstance(v, list):
                    texts.extend(x for x in v if isinstance(x, str))
                else:
                    walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(spec)
    for rows in (spec.get("datasets") or {}).values() if isinstance(spec, dict) else []:
        for row in rows:
            texts.extend(str(row[f]) for f in fields
                         if isinstance(row, dict) and isinstance(row.get(f), str))
    return [t for t in dict.fromkeys(texts) if t.strip()]


def spec_json(chart: alt.TopLevelMixin) -> str:
    """Return a chart's Vega-Lite spec as compact JSON (handy for size checks)."""
    return json.dumps(chart.to_dict(), separators=(",", ":"))


def ensure_columns(frame: pd.DataFrame, columns: Sequence[str], argument: str) -> None:
    """Raise ``ValueError`` naming ``argument`` if ``frame`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{argument} is missing column(s) {missing}")



def message_chart(text: str, title: str | None = None) -> alt.Chart:
    """Return a small chart that only says ``text`` (e.g. when a live choice leaves no data)."""
    if not str(text).strip():
        raise ValueError("text must not be empty")
    title = tr("Nothing to show") if title is None else tr_user(title)
    text = tr_user(text)
    frame = pd.DataFrame({"text": [str(text)]})
    return alt.Chart(frame).mark_text(fontSize=14, align="center").encode(
        text=alt.Text("text:N"), x=alt.value({"expr": "width / 2"})).properties(
        title=title, height=60, description=f"{title}: {text}")

