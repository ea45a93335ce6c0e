"""Input-output relatedness ("Beyond the article"): charts of frames computed elsewhere.

Every builder here draws a frame it is given; the frames come from
:mod:`helpers.io_analysis` (rankings, null distributions, the robustness panel), which reads
the tables and computes with :mod:`helpers.metrics`. Nothing here reads a file.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from helpers.charts.theme import PALETTE, WIDTH, ensure_columns, label_column, wrapped_axis
from helpers.i18n import tr, tr_user

__all__ = [
    "IO_HOW",
    "IO_NORMALISATION",
    "IO_FLOWS",
    "io_candidates_strip",
    "io_candidates_explorer",
    "io_null_chart",
    "io_robustness_table",
    "emerging_density_chart",
]

# The English labels below are keys of the catalogue (src/helpers/i18n/zh/io.csv): a chart
# shows tr(label), so the Chinese edition writes them in Chinese.
#: The two ways of combining the directions of a link (see metrics.coefficient_relatedness).
IO_HOW: dict[str, str] = {"max": "Stronger direction (max)", "mean": "Both directions (mean)"}
#: Normalisations of the flows (see helpers.io_analysis).
IO_NORMALISATION: dict[str, str] = {"input": "Input shares", "output": "Output shares",
                                    "leontief": "Leontief total"}
#: Total flows or domestic flows (imports removed by import proportionality).
IO_FLOWS: dict[str, str] = {"total": "Total", "domestic": "Domestic"}

_CATEGORY_COLOURS = [PALETTE[5], "#9a9a9a", PALETTE[0]]
#: Texts of the candidates strip: rank of a candidate, of an IT row, of the portfolio.
_RANK, _ROW, _NOT_RANKED = "{rank} of {n} candidates", "{label}: {rank} of {n}", \
    "not ranked (portfolio)"


def _categories() -> tuple[str, str, str]:
    """Names of the strip's three rows of dots: an IT sector, other candidates, portfolio."""
    return (tr("IT sector (division 40)"), tr("Other candidates"),
            tr("Portfolio (not ranked)"))


def _template_expr(template: str, **fields: str) -> str:
    """Return a Vega expression writing ``template``, each ``{name}`` set to ``fields[name]``.

    ``fields`` are Vega expressions (``"datum.rank"``); the template is a catalogued label
    (:func:`helpers.i18n.tr`), so the page writes the same text as Python in each language.
    """
    parts = []
    for text, name, _, _ in string.Formatter().parse(template):
        if text:
            parts.append(json.dumps(text, ensure_ascii=False))
        if name:
            parts.append(fields[name])
    return " + ".join(parts)


def _strip_layers(base: alt.Chart) -> alt.LayerChart:
    """Dots of every unit on rows (each IT sector, other candidates, the portfolio)."""
    y = alt.Y("row:N", title=None,
              sort=alt.EncodingSortField(field="order", op="min", order="ascending"),
              axis=wrapped_axis(fraction=0.45, font_size=11))
    colour = alt.Color("category:N", title=None,
                       scale=alt.Scale(domain=list(_categories()), range=_CATEGORY_COLOURS),
                       legend=alt.Legend(orient="bottom"))
    x = alt.X("density:Q", title=tr("Relatedness density to the portfolio (0-100)"),
              scale=alt.Scale(zero=True, nice=True))
    tooltip = [alt.Tooltip("label:N", title=tr("Sector")),
               alt.Tooltip("density:Q", title=tr("Density"), format=".2f"),
               alt.Tooltip("rank_text:N", title=tr("Rank"))]
    # each dot's name for screen readers: what its tooltip says, once and rounded (Vega's
    # default lists every field, and the densities the explorer computes with 6 decimals)
    aria = _template_expr(tr("{label}: density {density}, {rank}"), label="datum.label",
                          density="format(datum.density, '.2f')", rank="datum.rank_text")
    dots = base.transform_calculate(aria=aria).mark_circle(
        size=70, opacity=0.75, stroke="white", strokeWidth=0.5).encode(
        x=x, y=y, color=colour, tooltip=tooltip, description="aria:N")
    median = base.transform_filter("!datum.own").mark_rule(
        color="#333333", strokeDash=[4, 3]).encode(x=alt.X("median(density):Q"))
    return alt.layer(median, dots).properties(height=alt.Step(30))


def _strip_frame(ranking: pd.DataFrame) -> pd.DataFrame:
    df = ranking[["code", "it", "in_portfolio", "density", "rank", "n"]].copy()
    df.insert(1, "label", ranking[label_column(ranking, "label")])
    df["density"] = df["density"].round(3)
    df["own"] = df["in_portfolio"].astype(bool)
    it, other, own = _categories()
    df["category"] = np.where(df["own"], own, np.where(df["it"], it, other))
    rank = df["rank"].astype("Float64")
    df["rank_text"] = [
        tr(_NOT_RANKED) if mine else tr(_RANK, rank=int(r), n=int(n))
        for mine, r, n in zip(df["own"], rank.fillna(0), df["n"], strict=True)]
    df["row"] = [own if mine else tr(_ROW, label=lab, rank=int(r), n=int(n)) if is_it
                 else other for mine, is_it, lab, r, n in
                 zip(df["own"], df["it"], df["label"], rank.fillna(0), df["n"], strict=True)]
    df["order"] = np.where(df["own"], 10_000, np.where(df["it"], rank.fillna(0), 9_999))
    df["order"] = df["order"].astype(float)
    return df.drop(columns=["rank", "in_portfolio"])


def io_candidates_strip(
    ranking: pd.DataFrame, *, title: str | None = None,
    subtitle: str | None = None, description: str | None = None,
) -> alt.LayerChart:
    """Dot strip of a candidates-only ranking: each IT sector on its own row with its rank.

    Other candidates share one row, the portfolio's own sectors another (shown for context,
    not ranked); a dashed rule marks the candidates' median. Readable at 390 px: the only
    labels are the IT rows.

    Parameters
    ----------
    ranking
        As from :func:`helpers.io_analysis.io_density_ranking`: ``code``, ``label``, ``it``,
        ``in_portfolio``, ``density``, ``rank`` (empty for the portfolio) and ``n``; in
        Chinese the sectors are named from ``label_zh`` when the frame has it.
    title, subtitle
        Title (state the finding; default "How related is IT to the portfolio?") and
        second line (a caller's text, translated when catalogued).
    description
        Text for screen readers; by default the IT sectors' ranks.

    Returns
    -------
    altair.LayerChart

    """
    ensure_columns(ranking, ["code", "label", "it", "in_portfolio", "density", "rank", "n"],
                   "ranking")
    if ranking.empty:
        raise ValueError("ranking is empty")
    df = _strip_frame(ranking)
    if description is None:
        its = df[df["it"] & ~df["own"]]
        description = tr(
            "Dot strip of {n} candidate sectors by relatedness density to a portfolio, the "
            "portfolio's own sectors shown but not ranked. {ranks}.", n=int(df["n"].iloc[0]),
            ranks=tr("; ").join(tr("{label}: {rank}", label=lab, rank=r) for lab, r in
                                zip(its["label"], its["rank_text"], strict=True)))
    title = tr("How related is IT to the portfolio?") if title is None else tr_user(title)
    subtitle = tr_user(subtitle)
    title_params = alt.TitleParams(title, subtitle=subtitle) if subtitle else title
    return _strip_layers(alt.Chart(df)).properties(title=title_params,
                                                   description=description)


def io_candidates_explorer(
    parts: pd.DataFrame,
    sectors: pd.DataFrame,
    *,
    year: int,
    portfolio: Mapping[str, str],
    division_names: Mapping[str, str],
    it_division: str = "40",
    title: str | None = None,
) -> alt.LayerChart:
    """Draw the candidates-only dot strip, recomputed in the page when its inputs change.

    Inputs (Altair parameters bound to HTML inputs, no kernel needed): a checkbox per
    portfolio division (all ticked), a drop-down that adds one more division, and radios for
    the form (max or mean), the normalisation (those in ``parts``: input, output, Leontief)
    and the flows (total or domestic). Candidates are ranked in the page as in Python: 1 +
    the number of candidates with a strictly higher density (Vega's ``rank``).

    Parameters
    ----------
    parts, sectors
        As from :func:`helpers.io_analysis.io_density_parts` (in Chinese the sectors are
        named from ``label_zh`` when ``sectors`` has it).
    year
        The table's year (for the description).
    portfolio
        Division code -> short label of the divisions that get a checkbox.
    division_names
        Division code -> name, for the drop-down (in the reader's language: the caller's).
    it_division
        Left out of the drop-down (IT is what is being ranked).
    title
        Chart title (default "How related is IT to the portfolio?").

    Returns
    -------
    altair.LayerChart

    """
    ensure_columns(parts, ["code", "spec"], "parts")
    ensure_columns(sectors, ["code", "label", "division", "it"], "sectors")
    divisions = [c[1:] for c in parts.columns if c.startswith("d") and c[1:].isdigit()]
    missing = [d for d in portfolio if d not in divisions]
    if missing:
        raise ValueError(f"portfolio divisions {missing} have no column d<NN> in parts")
    others = [d for d in divisions if d not in portfolio and d != it_division]
    none = "(none)"
    checks = [alt.param(name=f"io_div_{d}", value=True, bind=alt.binding_checkbox(
        name=tr("{label} ({code}) ", label=tr_user(label), code=d)))
              for d, label in portfolio.items()]
    add = alt.param(name="io_add", value=none, bind=alt.binding_select(
        options=[none, *others],
        labels=[tr(none), *(f"{d} {division_names.get(d, d)}" for d in others)],
        name=tr("Add division: ")))
    form = alt.param(name="io_how", value="max", bind=alt.binding_radio(
        options=list(IO_HOW), labels=[tr("max"), tr("mean")], name=tr("Form: ")))
    offered = {spec.split("|")[1] for spec in parts["spec"]}
    norms = [n for n in IO_NORMALISATION if n in offered]
    if "input" not in norms:
        raise ValueError("parts must hold the input normalisation (the default)")
    norm = alt.param(name="io_norm", value="input", bind=alt.binding_radio(
        options=norms, labels=[tr(IO_NORMALISATION[n]) for n in norms],
        name=tr("Normalisation: ")))
    flows = alt.param(name="io_flows", value="total", bind=alt.binding_radio(
        options=list(IO_FLOWS), labels=[tr(f) for f in IO_FLOWS.values()],
        name=tr("Flows: ")))
    numerator = " + ".join(
        [f"(io_div_{d} ? datum.d{d} : 0)" for d in portfolio]
        + [f"(io_add != '{none}' ? datum['d' + io_add] : 0)"])
    own_test = " || ".join([f"(datum.division == '{d}' && io_div_{d})" for d in portfolio]
                           + ["datum.division == io_add"])
    lookup = sectors[["code", "division", "it"]].copy()
    lookup.insert(1, "label", sectors[label_column(sectors, "label")])
    it, other, own = (json.dumps(c, ensure_ascii=False) for c in _categories())
    rank = {"rank": "datum.rank", "n": "datum.n"}
    base = (
        alt.Chart(parts)
        .transform_filter("datum.spec == io_how + '|' + io_norm + '|' + io_flows")
        .transform_lookup(lookup="code", from_=alt.LookupData(
            lookup, "code", ["label", "division", "it"]))
        .transform_calculate(density=numerator, own=f"({own_test}) ? true : false")
        .transform_window(rank="rank()", groupby=["own"],
                          sort=[alt.SortField("density", order="descending")])
        .transform_joinaggregate(n="count()", groupby=["own"])
        .transform_calculate(
            category=f"datum.own ? {own} : datum.it ? {it} : {other}",
            rank_text=(f"datum.own ? {json.dumps(tr(_NOT_RANKED), ensure_ascii=False)} : "
                       + _template_expr(tr(_RANK), **rank)),
            row=(f"datum.own ? {own} : datum.it ? "
                 + _template_expr(tr(_ROW), label="datum.label", **rank) + f" : {other}"),
            order="datum.own ? 10000 : datum.it ? datum.rank : 9999",
        )
    )
    description = tr(
        "Dot strip of the manufacturing sectors of China's {year} input-output table by "
        "relatedness density to a portfolio of divisions ({portfolio} by default): each IT "
        "sector on its own row with its rank among the candidates, the other candidates on "
        "one row and the portfolio's own sectors on another, not ranked; recomputed in the "
        "page when the inputs change. IT sectors: {its}.", year=year,
        portfolio=tr(", ").join(tr_user(v) for v in portfolio.values()),
        its=tr(", ").join(lookup.loc[lookup["it"], "label"]))
    subtitle = tr("Relatedness density of each candidate sector, {year} table; dashed line: "
                  "the candidates' median", year=year)
    title = tr("How related is IT to the portfolio?") if title is None else tr_user(title)
    return _strip_layers(base).add_params(*checks, add, form, norm, flows).properties(
        title=alt.TitleParams(title, subtitle=subtitle), description=description)


def io_null_chart(
    null: pd.DataFrame, observed: float, *, bins: int = 30,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
) -> alt.LayerChart:
    """Histograms of IT's density under each null model, Kunshan's value marked.

    The histograms are binned here (the chart embeds about ``bins`` rows per null, not
    thousands of portfolios).

    Parameters
    ----------
    null
        Columns ``null`` (e.g. ``"a"``, ``"b"``) and ``it_density`` (one row per null
        portfolio), as from :func:`helpers.io_analysis.null_distributions`.
    observed
        Kunshan's value (a vertical rule, with the share of each null at or below it).
    bins
        Number of bins, shared by the nulls.
    labels
        Null code -> panel label (a caller's text, translated when catalogued).
    title
        Chart title (state the finding; default "How unusual is Kunshan's portfolio?").

    Returns
    -------
    altair.LayerChart

    """
    ensure_columns(null, ["null", "it_density"], "null")
    if null.empty:
        raise ValueError("null is empty")
    values = null["it_density"].to_numpy(dtype=float)
    if not np.isfinite(values).all() or not np.isfinite(observed):
        raise ValueError("null it_density and observed must be finite")
    labels = dict(labels or {})
    edges = np.histogram_bin_edges(np.append(values, observed), bins=bins)
    rows = []
    for code, group in null.groupby("null", sort=True):
        counts, _ = np.histogram(group["it_density"], bins=edges)
        share = float(np.mean(group["it_density"].to_numpy() <= observed + 1e-9))
        name = tr_user(labels.get(code, str(code)))
        panel = tr("{name}: {share}% at or below Kunshan", name=name,
                   share=f"{100 * share:.0f}")
        rows += [{"panel": panel, "lo": float(lo), "hi": float(hi),
                  "share": float(c) / len(group)}
                 for lo, hi, c in zip(edges[:-1], edges[1:], counts, strict=True)]
    df = pd.DataFrame(rows).round(5)
    panels = list(dict.fromkeys(df["panel"]))
    colour = alt.Color("panel:N", title=None, legend=alt.Legend(orient="bottom", columns=1),
                       scale=alt.Scale(domain=panels, range=[PALETTE[0], PALETTE[2]]))
    bars = alt.Chart(df).mark_bar(opacity=0.55, binSpacing=0).encode(
        x=alt.X("lo:Q", bin="binned",
                title=tr("IT's output-weighted density to the portfolio")),
        x2="hi:Q",
        y=alt.Y("share:Q", title=tr("Share of null portfolios"), stack=None,
                axis=alt.Axis(format="%")),
        color=colour,
        tooltip=[alt.Tooltip("panel:N", title=tr("Null")),
                 alt.Tooltip("lo:Q", format=".2f", title=tr("From")),
                 alt.Tooltip("hi:Q", format=".2f", title=tr("To")),
                 alt.Tooltip("share:Q", format=".1%", title=tr("Share"))])
    mark = pd.DataFrame({"x": [round(float(observed), 4)], "text": [tr("Kunshan")]})
    rule = alt.Chart(mark).mark_rule(color="#111111", strokeWidth=2).encode(x="x:Q")
    text = alt.Chart(mark).mark_text(align="left", dx=4, dy=-4, baseline="bottom",
                                     fontSize=11, fontWeight="bold").encode(
        x="x:Q", y=alt.value(0), text="text:N")
    description = tr(
        "Histograms of IT's output-weighted relatedness density under {n} null models, with "
        "Kunshan's value ({observed}) marked. {panels}.", n=len(panels),
        observed=f"{observed:.2f}", panels=tr("; ").join(panels))
    title = tr("How unusual is Kunshan's portfolio?") if title is None else tr_user(title)
    return alt.layer(bars, rule, text).properties(
        title=title, description=description, height=220)


_MEASURES = {  # (level, column) -> header
    ("sector", "computers_rank"): "Computers", ("sector", "best_it_rank"): "Best IT",
    ("sector", "p_density"): "p dens. a", ("sector", "p_best_rank"): "p best a",
    ("sector", "p_computers"): "p comp. a", ("sector", "p_density_random"): "p dens. b",
    ("division", "best_it_rank"): "Div. 40", ("division", "p_density"): "p dens. a (div.)",
    ("division", "p_density_random"): "p dens. b (div.)",
}


def io_robustness_table(
    panel: pd.DataFrame, *, title: str | None = None,
) -> alt.LayerChart:
    """Heat-table of the robustness panel: a row per specification, sectors and divisions.

    Rows are year, form, normalisation and flows ("dom." for domestic); the first six
    columns are the sector-level measures, the last three the division-level ones (IT as
    one unit). Rank columns show the rank r, coloured by 1 - r / N (dark = IT near the
    bottom of the candidates); p columns show the null share coloured by its value (dark =
    few null portfolios leave IT as unrelated as Kunshan's does). No legend (the caption
    says what the shades mean), so the table fits a phone.

    Parameters
    ----------
    panel
        As from :func:`helpers.io_analysis.robustness_panel`.
    title
        Chart title (state the finding; default "The test under every specification").

    Returns
    -------
    altair.LayerChart

    """
    need = ["year", "form", "normalisation", "flows", "level", "candidates", "computers_rank",
            "best_it_rank", "p_density", "p_best_rank", "p_computers", "p_density_random"]
    ensure_columns(panel, need, "panel")
    if panel.empty:
        raise ValueError("panel is empty")
    rows = []
    words = {w: tr(w) for w in ("max", "mean", "input", "output", "Leontief", "total", "dom.")}
    measures = {key: tr(header) for key, header in _MEASURES.items()}
    for i, r in enumerate(panel.itertuples(index=False)):
        norm = {"leontief": "Leontief"}.get(r.normalisation, r.normalisation)
        flows = {"domestic": "dom."}.get(r.flows, r.flows)
        # the same order in both languages: only the words are translated
        spec = " ".join([str(r.year), *(words.get(w, w) for w in (r.form, norm, flows))])
        for (level, col), header in measures.items():
            if r.level != level:
                continue
            v = getattr(r, col)
            ok = not pd.isna(v)
            if col in ("computers_rank", "best_it_rank"):
                text = f"{int(v)}" if ok else "–"
                value = round(1 - float(v) / float(r.candidates), 3) if ok else None
            else:
                text = f"{v:.2f}".lstrip("0") if ok else "–"
                value = round(float(v), 3) if ok else None
            rows.append({"spec": spec, "i": i, "measure": header, "text": text,
                         "value": value})
    df = pd.DataFrame(rows)
    order = list(dict.fromkeys(df.sort_values("i")["spec"]))
    y = alt.Y("spec:N", sort=order, title=None, axis=alt.Axis(labelFontSize=10, labelLimit=0))
    x = alt.X("measure:N", sort=list(measures.values()), title=None,
              axis=alt.Axis(orient="top", labelAngle=-90, labelAlign="left",
                            labelBaseline="middle", labelFontSize=10, labelLimit=0))
    # each cell's name for screen readers, short and in the reader's language (Vega's
    # default lists every field under its field name); the number on it adds nothing more
    aria = _template_expr(tr("{spec}, {measure}: {value}"), spec="datum.spec",
                          measure="datum.measure", value="datum.text")
    cells = alt.Chart(df).transform_calculate(aria=aria).mark_rect().encode(
        x=x, y=y, description="aria:N",
        color=alt.Color("value:Q", legend=None,
                        scale=alt.Scale(scheme="blues", domain=[0, 1], reverse=True)),
        tooltip=[alt.Tooltip("spec:N", title=tr("Specification")),
                 alt.Tooltip("measure:N", title=tr("Measure")),
                 alt.Tooltip("text:N", title=tr("Value"))])
    text = alt.Chart(df).mark_text(fontSize=10, aria=False).encode(
        x=x, y=y, text="text:N",
        color=alt.condition("datum.value !== null && datum.value < 0.35",
                            alt.value("white"), alt.value("#111111")))
    first = {r["measure"]: r["text"] for r in rows if r["i"] == 0}
    description = tr(
        "Heat-table of the robustness panel: {n} specifications (rows) by candidates-only "
        "ranks and null shares p, at sector level (six columns) and division level (three "
        "columns). First row: {first}.", n=len(order),
        first=json.dumps(first, ensure_ascii=False))
    title = tr("The test under every specification") if title is None else tr_user(title)
    return alt.layer(cells, text).properties(title=title, description=description,
                                             height=alt.Step(16))


# ---------------------------------------------------------------------------
# stage 3
# ---------------------------------------------------------------------------
def emerging_density_chart(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
) -> alt.Chart:
    """Dot plot of the emerging industries' density to IT, by table year; max/mean input.

    Parameters
    ----------
    frame
        Rows of :func:`emerging_io_density` for several years and both ``how`` values
        (columns ``name``, ``year``, ``how``, ``density``, ``rank``, ``sectors``; in Chinese
        the industries are named from ``name_zh`` when the frame has it).
    title
        Chart title (state the finding; keep it short enough for a phone; default "Which
        emerging industries sit close to IT?").
    subtitle
        Second title line (what is measured; default "Relatedness density to the IT
        sectors (division 40)").

    Returns
    -------
    altair.LayerChart

    """
    ensure_columns(frame, ["name", "year", "how", "density", "rank", "sectors"], "frame")
    hows = [h for h in IO_HOW if h in set(frame["how"])]
    if not hows:
        raise ValueError(f"frame has no how in {list(IO_HOW)}")
    df = frame[["year", "how", "density", "rank", "sectors"]].copy()
    df.insert(0, "name", frame[label_column(frame, "name")])
    df["density"] = df["density"].round(3)
    df["year"] = df["year"].astype(str)
    years = sorted(set(df["year"]))
    how = alt.param(name="io_em_how", value=hows[0], bind=alt.binding_radio(
        options=hows, labels=[tr(IO_HOW[h]) for h in hows], name=tr("Relatedness: ")))
    order = list(df[(df["how"] == hows[0]) & (df["year"] == years[-1])]
                 .sort_values("density", ascending=False)["name"])
    base = alt.Chart(df).transform_filter(alt.datum.how == how)
    enc = {
        "x": alt.X("density:Q", title=tr("Density to the IT portfolio (0-100)")),
        "y": alt.Y("name:N", sort=order, title=None, axis=wrapped_axis(fraction=0.45)),
    }
    rule = base.mark_rule(color="#999999").encode(
        x="min(density):Q", x2="max(density):Q", y=enc["y"])
    dots = base.mark_point(filled=True, size=90).encode(
        **enc,
        color=alt.Color("year:N", title=tr("Table"), scale=alt.Scale(
            domain=years, range=PALETTE[:len(years)])),
        shape=alt.Shape("year:N", title=tr("Table"), scale=alt.Scale(
            domain=years, range=["circle", "square", "triangle-up", "diamond"][:len(years)])),
        tooltip=[alt.Tooltip("name:N", title=tr("Industry")),
                 alt.Tooltip("year:N", title=tr("Table")),
                 alt.Tooltip("density:Q", format=".2f", title=tr("Density")),
                 alt.Tooltip("rank:Q", title=tr("Rank of 8")),
                 alt.Tooltip("sectors:N", title=tr("Table sectors"))],
    )
    first = df[df["how"] == hows[0]]
    description = tr(
        "Dot plot of the eight emerging industries' relatedness density to the IT sectors, "
        "{years}.", years=tr("; ").join(
            tr("{year}: {values}", year=y, values=tr(", ").join(
                f"{r['name']} {r['density']:.1f}" for _, r in g.sort_values("rank").iterrows()))
            for y, g in first.groupby("year")))
    title = (tr("Which emerging industries sit close to IT?") if title is None
             else tr_user(title))
    subtitle = (tr("Relatedness density to the IT sectors (division 40)") if subtitle is None
                else tr_user(subtitle))
    return alt.layer(rule, dots).add_params(how).properties(
        title=alt.TitleParams(title, subtitle=subtitle), width=WIDTH - WIDTH // 2 - 40,
        height=alt.Step(26), description=description)
