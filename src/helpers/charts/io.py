"""Input-output relatedness ("Beyond the article"): density rankings and their inputs.

Table builders here combine :mod:`helpers.data` (the NBS tables and the book's
concordance) with :mod:`helpers.metrics` (:func:`~helpers.metrics.io_relatedness`,
:func:`~helpers.metrics.portfolio_density`); chart builders take their tidy output.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import altair as alt
import pandas as pd

from helpers import data
from helpers.charts.theme import PALETTE, WIDTH, ensure_columns, wrapped_axis

__all__ = [
    "PRE_1998_DIVISIONS",
    "IT_DIVISION",
    "IO_HOW",
    "short_sector_name",
    "io_sector_table",
    "io_density_ranking",
    "io_density_parts",
    "emerging_io_density",
    "io_density_bars",
    "io_density_explorer",
    "emerging_density_chart",
]

#: The pre-1998 portfolio (§5): textiles, apparel, chemical raw materials and products.
PRE_1998_DIVISIONS: dict[str, str] = {"17": "Textiles", "18": "Apparel", "26": "Chemicals"}
#: GB/T 4754-2002 division of communication equipment, computers and electronics (IT).
IT_DIVISION = "40"
#: The two ways of combining the directions of a link (see metrics.io_relatedness).
IO_HOW: dict[str, str] = {"max": "Stronger direction (max)", "mean": "Both directions (mean)"}

_CATEGORIES = ["IT (division 40)", "In the portfolio", "Other manufacturing"]
_CATEGORY_COLOURS = [PALETTE[5], PALETTE[0], "#b8b8b8"]
_PREFIXES = ("Manufacture of ", "Manufacturing of ", "Manufacture and ")


def short_sector_name(name: str, limit: int = 34) -> str:
    """Return a short label for a sector name (drops "Manufacture of", caps the length).

    Examples
    --------
    >>> short_sector_name("Manufacture of complete computers")
    'Complete computers'

    """
    text = str(name)
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    text = text[:1].upper() + text[1:]
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,") + "…"


@lru_cache(maxsize=8)
def _relatedness(year: int, how: str) -> pd.DataFrame:
    from helpers import metrics

    flows, sectors = data.io_table(year)
    return metrics.io_relatedness(flows, sectors["total_input"], how=how)


def io_sector_table(year: int) -> pd.DataFrame:
    """Return the manufacturing sectors of one table with short names and primary division.

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.

    Returns
    -------
    DataFrame
        Indexed by sector code: ``name_en``, ``name_zh``, ``label`` (code and short name),
        ``division`` (the lowest-coded division the sector maps to; a sector split between
        two divisions counts in the first), ``it`` (maps to division 40) and ``gross_output``.

    """
    _, sectors = data.io_table(year)
    div = data.io_concordance(year, "division")
    primary = div.assign(n=div["target"].astype(int)).sort_values("n").groupby("code")["target"]
    man = sectors[sectors["manufacturing"]].copy()
    man["division"] = primary.first().reindex(man.index)
    man["it"] = man["division"] == IT_DIVISION
    # full names: the chart wraps long labels instead of cutting them
    man["label"] = [f"{c} {short_sector_name(n, limit=200)}"
                    for c, n in zip(man.index, man["name_en"], strict=True)]
    return man[["name_en", "name_zh", "label", "division", "it", "gross_output"]]


def io_density_ranking(
    year: int,
    portfolio: Sequence[str],
    how: str = "max",
    include_own: bool = True,
    by: str = "division",
) -> pd.DataFrame:
    """Rank every manufacturing sector of one table by relatedness density to a portfolio.

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.
    portfolio : sequence of str
        GB/T 4754-2002 division codes (e.g. ``["17", "18", "26"]``); the portfolio is every
        sector whose primary division (see :func:`io_sector_table`) is one of them.
    how : {"max", "mean"}
        Passed to :func:`helpers.metrics.io_relatedness`.
    include_own : bool, default True
        Rank the portfolio's own sectors too; with False they are left out of the ranking.
    by : {"division", "sector"}, default "division"
        Whether ``portfolio`` holds division codes or the table's own sector codes (any
        sector of the table, manufacturing or not).

    Returns
    -------
    DataFrame
        One row per ranked sector, best first: ``code``, ``label``, ``division``, ``it``,
        ``in_portfolio``, ``density`` (0-100), ``rank`` (1 = most related; ties share the
        best rank) and ``n`` (how many sectors were ranked).

    Raises
    ------
    ValueError
        If the portfolio is empty, a division has no sector in that table or a sector code
        is not in it.

    """
    from helpers import metrics

    if how not in IO_HOW:
        raise ValueError(f"how must be one of {list(IO_HOW)}, got {how!r}")
    if by not in ("division", "sector"):
        raise ValueError(f"by must be 'division' or 'sector', got {by!r}")
    sectors = io_sector_table(year)
    chosen = [str(p) for p in portfolio]
    if not chosen:
        raise ValueError(f"portfolio must name at least one {by}")
    related = _relatedness(year, how)
    valid = set(sectors["division"]) if by == "division" else set(related.index)
    unknown = [p for p in chosen if p not in valid]
    if unknown:
        raise ValueError(f"{by} codes {unknown} are not in the {year} table")
    members = (list(sectors.index[sectors["division"].isin(chosen)]) if by == "division"
               else chosen)
    density = metrics.portfolio_density(related, members)
    frame = sectors.assign(density=density.reindex(sectors.index),
                           in_portfolio=sectors.index.isin(members))
    if not include_own:
        frame = frame[~frame["in_portfolio"]]
    frame = frame.rename_axis("code").reset_index()
    frame["rank"] = frame["density"].rank(ascending=False, method="min").astype(int)
    frame["n"] = len(frame)
    cols = ["code", "label", "division", "it", "in_portfolio", "density", "rank", "n"]
    return frame.sort_values(["rank", "code"])[cols].reset_index(drop=True)


def io_density_parts(year: int) -> pd.DataFrame:
    """Return what a static chart needs to recompute density for any portfolio of divisions.

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.

    Returns
    -------
    DataFrame
        One row per manufacturing sector and ``how`` (``"max"``, ``"mean"``): ``code``,
        ``label``, ``division``, ``it``, ``how``, ``total`` (the sector's relatedness to every
        sector of the table) and one column ``d<NN>`` per division: the sector's relatedness
        to that division's sectors, summed (:func:`helpers.metrics.density_contributions`).
        Values are rounded to 6 significant digits to keep the embedded data small.

    """
    from helpers import metrics

    sectors = io_sector_table(year)
    frames = []
    for how in IO_HOW:
        contrib, total = metrics.density_contributions(_relatedness(year, how),
                                                       sectors["division"])
        wide = contrib.pivot(index="sector", columns="group", values="contribution")
        wide = wide.reindex(sectors.index)
        wide.columns = [f"d{c}" for c in wide.columns]
        wide = wide[sorted(wide.columns, key=lambda c: int(c[1:]))]
        frame = sectors[["label", "division", "it"]].assign(how=how,
                                                            total=total.reindex(sectors.index))
        frames.append(pd.concat([frame, wide], axis=1))
    out = pd.concat(frames).rename_axis("code").reset_index()
    numeric = [c for c in out.columns if c == "total" or c.startswith("d") and c[1:].isdigit()]
    out[numeric] = out[numeric].map(lambda v: float(f"{v:.6g}"))
    return out


def emerging_io_density(year: int, how: str = "max") -> pd.DataFrame:
    """Relatedness density of the eight emerging industries to an IT portfolio.

    The portfolio is every sector of division 40 in the table. An industry's density is the
    gross-output-weighted mean of the densities of the table sectors it maps to
    (``io_concordance``, scheme ``emerging_industry``; all such mappings are approximate).

    Parameters
    ----------
    year : int
        2012 or 2017 (the tables mapped to the emerging industries).
    how : {"max", "mean"}
        Passed to :func:`helpers.metrics.io_relatedness`.

    Returns
    -------
    DataFrame
        ``industry``, ``name`` (Table 2 label), ``year``, ``how``, ``density``, ``rank``
        (1-8, 1 = most related to IT), ``sectors`` (the mapped codes) and
        ``median_manufacturing`` (the median density of all manufacturing sectors, for scale).

    """
    from helpers import metrics

    if how not in IO_HOW:
        raise ValueError(f"how must be one of {list(IO_HOW)}, got {how!r}")
    mapping = data.io_concordance(year, "emerging_industry")
    if mapping.empty:
        raise ValueError(f"the {year} table is not mapped to the emerging industries")
    flows, sectors = data.io_table(year)
    table = io_sector_table(year)
    it = list(table.index[table["it"]])
    density = metrics.portfolio_density(_relatedness(year, how), it)
    mean = metrics.group_mean(density, mapping, weights=sectors["gross_output"])
    names = data.load("emerging_industries").set_index("industry")
    out = mean.rename("density").rename_axis("industry").reset_index()
    out["name"] = out["industry"].map(names["name_table2"])
    out["year"], out["how"] = year, how
    out["rank"] = out["density"].rank(ascending=False, method="min").astype(int)
    out["sectors"] = out["industry"].map(
        mapping.groupby("target")["code"].apply(lambda s: ", ".join(sorted(s))))
    out["median_manufacturing"] = float(density.reindex(table.index).median())
    return out.sort_values("rank").reset_index(drop=True)


# ---------------------------------------------------------------------------
# charts
# ---------------------------------------------------------------------------
def _bars(base: alt.Chart) -> alt.Chart:
    """Draw the ranked bars shared by the static explorer and the live panel."""
    colour = alt.Color("category:N", title=None,
                       scale=alt.Scale(domain=_CATEGORIES, range=_CATEGORY_COLOURS))
    return base.mark_bar().encode(
        x=alt.X("density:Q", title="Relatedness density (0-100)"),
        # long sector names wrap onto two lines (never cut short), so each bar gets the
        # height of two 10 px lines
        y=alt.Y("label:N", sort="-x", title=None,
                axis=wrapped_axis(fraction=0.45, font_size=10)),
        color=colour,
        tooltip=[alt.Tooltip("label:N", title="Sector"),
                 alt.Tooltip("density:Q", title="Density", format=".2f"),
                 alt.Tooltip("rank:Q", title="Rank"),
                 alt.Tooltip("category:N", title="Group")],
    ).properties(width=WIDTH - WIDTH // 3 - 40, height=alt.Step(24))


def io_density_bars(
    ranking: pd.DataFrame, *, title: str = "Relatedness density to the portfolio",
    description: str | None = None,
) -> alt.Chart:
    """Bars of a computed ranking (as from :func:`io_density_ranking`), IT highlighted.

    Parameters
    ----------
    ranking
        Columns ``label``, ``density``, ``rank``, ``it``, ``in_portfolio``.
    title
        Chart title (state the finding).
    description
        Text for screen readers; by default it lists the IT sectors' ranks.

    Returns
    -------
    altair.Chart

    """
    ensure_columns(ranking, ["label", "density", "rank", "it", "in_portfolio"], "ranking")
    if ranking.empty:
        raise ValueError("ranking is empty")
    df = ranking[["label", "density", "rank"]].copy()
    df["density"] = df["density"].round(3)
    df["category"] = [
        _CATEGORIES[0] if it else _CATEGORIES[1] if own else _CATEGORIES[2]
        for it, own in zip(ranking["it"], ranking["in_portfolio"], strict=True)
    ]
    if description is None:
        its = ranking[ranking["it"]]
        description = (
            f"Bar chart ranking {len(ranking)} manufacturing sectors by relatedness density. "
            + "; ".join(f"{lab}: rank {r}" for lab, r in zip(its["label"], its["rank"],
                                                              strict=True)) + "."
        )
    return _bars(alt.Chart(df)).properties(title=title, description=description)


def io_density_explorer(
    parts: pd.DataFrame,
    *,
    year: int,
    portfolio: dict[str, str] | None = None,
    title: str = "How related is each sector to Kunshan's pre-1998 mix?",
) -> alt.Chart:
    """Ranked density bars that recompute in the browser when the portfolio inputs change.

    Inputs (Altair parameters bound to HTML inputs, no kernel needed): one checkbox per
    portfolio division (default: all ticked), a drop-down that adds one more division, a
    radio for max or mean relatedness and a checkbox to leave the portfolio's own sectors
    out of the ranking.

    Parameters
    ----------
    parts
        As returned by :func:`io_density_parts`.
    year
        The table's year (for the description).
    portfolio
        Division code -> short label of the divisions that get a checkbox
        (default :data:`PRE_1998_DIVISIONS`).
    title
        Chart title.

    Returns
    -------
    altair.Chart

    """
    ensure_columns(parts, ["code", "label", "division", "it", "how", "total"], "parts")
    portfolio = dict(PRE_1998_DIVISIONS if portfolio is None else portfolio)
    divisions = [c[1:] for c in parts.columns if c.startswith("d") and c[1:].isdigit()]
    missing = [d for d in portfolio if d not in divisions]
    if missing:
        raise ValueError(f"portfolio divisions {missing} have no column d<NN> in parts")
    names = data.load("divisions").assign(code=lambda f: f["code"].astype(str))
    names = names.set_index("code")["name_en"]
    others = [d for d in divisions if d not in portfolio]
    none = "(none)"
    checks = [
        alt.param(name=f"io_div_{d}", value=True,
                  bind=alt.binding_checkbox(name=f"{label} ({d}) "))
        for d, label in portfolio.items()
    ]
    add = alt.param(name="io_add", value=none, bind=alt.binding_select(
        options=[none, *others],
        labels=[none, *(f"{d} {short_sector_name(names.get(d, d), 28)}" for d in others)],
        name="Add division: "))
    how = alt.param(name="io_how", value="max", bind=alt.binding_radio(
        options=list(IO_HOW), labels=list(IO_HOW.values()), name="Relatedness: "))
    own = alt.param(name="io_own", value=True,
                    bind=alt.binding_checkbox(name="Rank the portfolio's own sectors "))
    numerator = " + ".join(
        [f"(io_div_{d} ? datum.d{d} : 0)" for d in portfolio]
        + [f"(io_add != '{none}' ? datum['d' + io_add] : 0)"]
    )
    own_test = " || ".join(
        [f"(datum.division == '{d}' && io_div_{d})" for d in portfolio]
        + ["datum.division == io_add"]
    )
    base = (
        alt.Chart(parts)
        .transform_filter(alt.datum.how == how)
        .transform_calculate(density=f"100 * ({numerator}) / datum.total", own=own_test)
        .transform_filter("io_own || !datum.own")
        .transform_window(rank="rank()", sort=[alt.SortField("density", order="descending")])
        .transform_calculate(category=(
            f"datum.it ? '{_CATEGORIES[0]}' : datum.own ? '{_CATEGORIES[1]}' : "
            f"'{_CATEGORIES[2]}'"))
    )
    one = parts[parts["how"] == parts["how"].iloc[0]]
    its = ", ".join(one.loc[one["it"], "label"])
    description = (
        f"Bar chart ranking the {len(one)} manufacturing sectors of the {year} input-output "
        f"table by relatedness density to a portfolio of divisions "
        f"({', '.join(portfolio.values())} by default), recomputed in the page when the inputs "
        f"change. IT sectors: {its}."
    )
    subtitle = f"Relatedness density to the portfolio chosen below, {year} table"
    return _bars(base).add_params(*checks, add, how, own).properties(
        title=alt.TitleParams(title, subtitle=subtitle), description=description)


def emerging_density_chart(
    frame: pd.DataFrame,
    *,
    title: str = "Which emerging industries sit close to IT?",
    subtitle: str = "Relatedness density to the IT sectors (division 40)",
) -> alt.Chart:
    """Dot plot of the emerging industries' density to IT, by table year; max/mean input.

    Parameters
    ----------
    frame
        Rows of :func:`emerging_io_density` for several years and both ``how`` values
        (columns ``name``, ``year``, ``how``, ``density``, ``rank``, ``sectors``).
    title
        Chart title (state the finding; keep it short enough for a phone).
    subtitle
        Second title line (what is measured).

    Returns
    -------
    altair.LayerChart

    """
    ensure_columns(frame, ["name", "year", "how", "density", "rank", "sectors"], "frame")
    hows = [h for h in IO_HOW if h in set(frame["how"])]
    if not hows:
        raise ValueError(f"frame has no how in {list(IO_HOW)}")
    df = frame[["name", "year", "how", "density", "rank", "sectors"]].copy()
    df["density"] = df["density"].round(3)
    df["year"] = df["year"].astype(str)
    years = sorted(set(df["year"]))
    how = alt.param(name="io_em_how", value=hows[0], bind=alt.binding_radio(
        options=hows, labels=[IO_HOW[h] for h in hows], name="Relatedness: "))
    order = list(df[(df["how"] == hows[0]) & (df["year"] == years[-1])]
                 .sort_values("density", ascending=False)["name"])
    base = alt.Chart(df).transform_filter(alt.datum.how == how)
    enc = {
        "x": alt.X("density:Q", title="Density to the IT portfolio (0-100)"),
        "y": alt.Y("name:N", sort=order, title=None, axis=wrapped_axis(fraction=0.45)),
    }
    rule = base.mark_rule(color="#999999").encode(
        x="min(density):Q", x2="max(density):Q", y=enc["y"])
    dots = base.mark_point(filled=True, size=90).encode(
        **enc,
        color=alt.Color("year:N", title="Table", scale=alt.Scale(domain=years,
                                                                 range=PALETTE[:len(years)])),
        shape=alt.Shape("year:N", title="Table", scale=alt.Scale(
            domain=years, range=["circle", "square", "triangle-up", "diamond"][:len(years)])),
        tooltip=[alt.Tooltip("name:N", title="Industry"), alt.Tooltip("year:N", title="Table"),
                 alt.Tooltip("density:Q", format=".2f", title="Density"),
                 alt.Tooltip("rank:Q", title="Rank of 8"),
                 alt.Tooltip("sectors:N", title="Table sectors")],
    )
    first = df[df["how"] == hows[0]]
    description = (
        "Dot plot of the eight emerging industries' relatedness density to the IT sectors, "
        + "; ".join(f"{y}: " + ", ".join(f"{r['name']} {r['density']:.1f}" for _, r in
                                          g.sort_values("rank").iterrows())
                    for y, g in first.groupby("year")) + "."
    )
    return alt.layer(rule, dots).add_params(how).properties(
        title=alt.TitleParams(title, subtitle=subtitle), width=WIDTH - WIDTH // 2 - 40,
        height=alt.Step(26), description=description)
