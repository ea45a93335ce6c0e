"""Input-output relatedness beyond the article: rankings, null models and the robustness panel.

An analysis module (it reads :mod:`helpers.data` and computes with :mod:`helpers.metrics`);
:mod:`helpers.charts` draws the frames it returns. It asks whether IT was among the
industries least related to what Kunshan made before 1998 (§5), in China's national
input-output tables, in a way that could have failed:

* only *candidates* are ranked, the manufacturing sectors outside the portfolio
  (:func:`io_density_ranking`);
* Kunshan's portfolio is compared with null portfolios: every portfolio of three
  GB/T 4754-2002 divisions other than IT, and random size-matched sets of non-IT sectors
  (:func:`null_distributions`);
* the specification varies over table year, form, normalisation, import treatment and
  level of aggregation (:func:`robustness_panel`).

Specifications
--------------
``form``
    ``"max"`` or ``"mean"`` of the two directions of a link
    (:func:`helpers.metrics.coefficient_relatedness`).
``normalisation``
    ``"input"`` (technical coefficients, shares of the buyer's input), ``"output"``
    (shares of the supplier's output) or ``"leontief"`` (total requirements).
``flows``
    ``"total"`` (the competitive-import table as published) or ``"domestic"`` (imports
    removed by import proportionality, :func:`helpers.metrics.domestic_flows`; a product
    whose imports exceed its domestic use counts as wholly imported).
``level``
    ``"sector"`` (the table's sectors) or ``"division"`` (manufacturing merged into its
    GB/T 4754-2002 divisions, so IT is one unit like every other division).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import data, metrics

__all__ = [
    "PRE_1998_DIVISIONS",
    "IT_DIVISION",
    "EQUIPMENT_DIVISIONS",
    "FORMS",
    "NORMALISATIONS",
    "FLOWS",
    "LEVELS",
    "PANEL_YEARS",
    "NULL_SEED",
    "short_sector_name",
    "io_sector_table",
    "io_units",
    "relatedness_matrix",
    "io_density_ranking",
    "io_density_parts",
    "it_relatedness_split",
    "null_distributions",
    "robustness_panel",
    "panel_verdict",
    "emerging_io_density",
    "emerging_density_split",
    "emerging_mapping_variants",
    "MAPPING_VARIANTS",
]

#: The pre-1998 portfolio (§5): textiles, apparel, chemical raw materials and products.
PRE_1998_DIVISIONS: dict[str, str] = {"17": "Textiles", "18": "Apparel", "26": "Chemicals"}
#: GB/T 4754-2002 division of communication equipment, computers and electronics (IT).
IT_DIVISION = "40"
#: The equipment divisions named with IT as Kunshan's two leading industries (§6).
EQUIPMENT_DIVISIONS: dict[str, str] = {"35": "General equipment", "36": "Special equipment"}
FORMS: tuple[str, ...] = ("max", "mean")
NORMALISATIONS: tuple[str, ...] = ("input", "output", "leontief")
FLOWS: tuple[str, ...] = ("total", "domestic")
LEVELS: tuple[str, ...] = ("sector", "division")
#: The tables of the robustness panel (the two closest to Kunshan's IT boom).
PANEL_YEARS: tuple[int, ...] = (2002, 2007)
#: Seed of the random null (b); any seed gives shares within about 0.02 (2,000 draws).
NULL_SEED = 19

_PREFIXES = ("Manufacture of ", "Manufacturing of ", "Manufacture and ")


def _check(arg: str, value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise ValueError(f"{arg} must be one of {list(allowed)}, got {value!r}")
    return value


#: A Chinese sector name's closing "制造业" (manufacture of), dropped in short labels.
_ZH_SUFFIX = r"(?<=..)制造业$"


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
        ``label_zh`` (code and the NBS Chinese name, less a closing "制造业" as ``label``
        drops "Manufacture of"),
        ``division`` (the lowest-coded division the sector maps to; a sector split between
        two divisions counts in the first), ``it`` (maps to division 40), ``computers``
        (the first sector of IT sub-sector 404, e.g. complete computers ``075`` in 2002) and
        ``gross_output``.

    """
    _, sectors = data.io_table(year)
    div = data.io_concordance(year, "division")
    primary = div.assign(n=div["target"].astype(int)).sort_values("n").groupby("code")["target"]
    man = sectors[sectors["manufacturing"]].copy()
    man["division"] = primary.first().reindex(man.index)
    man["it"] = man["division"] == IT_DIVISION
    comp = sorted(data.io_concordance(year, "it_subsector").query("target == '404'")["code"])
    man["computers"] = man.index == comp[0]
    man["label"] = [f"{c} {short_sector_name(n, limit=200)}"
                    for c, n in zip(man.index, man["name_en"], strict=True)]
    man["label_zh"] = man.index + " " + man["name_zh"].str.replace(_ZH_SUFFIX, "", regex=True)
    return man[["name_en", "name_zh", "label", "label_zh", "division", "it", "computers",
                "gross_output"]]


@lru_cache(maxsize=4)
def _division_names(column: str = "name_en") -> dict[str, str]:
    div = data.load("divisions")
    return {str(c): short_sector_name(n, 200) for c, n in zip(div["code"], div[column],
                                                               strict=True)}


@lru_cache(maxsize=8)
def io_units(year: int, level: str = "sector") -> pd.DataFrame:
    """Return the manufacturing units of one table at one level (sectors or divisions).

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.
    level : {"sector", "division"}
        The table's sectors, or manufacturing merged into GB/T 4754-2002 divisions.

    Returns
    -------
    DataFrame
        Indexed by unit code (sector code, or two-digit division code): ``label``,
        ``label_zh`` (NBS or GB/T 4754-2002 Chinese name, short), ``division``, ``it``,
        ``computers`` (always False for divisions) and ``gross_output``.

    """
    _check("level", level, LEVELS)
    table = io_sector_table(year)
    if level == "sector":
        return table[["label", "label_zh", "division", "it", "computers", "gross_output"]]
    names, names_zh = _division_names(), _division_names("name_zh")
    out = table.groupby("division")["gross_output"].sum().to_frame()
    out = out.loc[sorted(out.index, key=int)]
    out["label"] = [f"{d} {names.get(d, d)}" for d in out.index]
    out["label_zh"] = [f"{d} {re.sub(_ZH_SUFFIX, '', names_zh.get(d, d))}" for d in out.index]
    out["division"] = out.index
    out["it"] = out.index == IT_DIVISION
    out["computers"] = False
    return out[["label", "label_zh", "division", "it", "computers", "gross_output"]]


@lru_cache(maxsize=64)
def relatedness_matrix(
    year: int, form: str = "max", normalisation: str = "input", flows: str = "total",
    level: str = "sector",
) -> pd.DataFrame:
    """Relatedness between every pair of units of one table, under one specification.

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.
    form, normalisation, flows, level : str
        See the module docstring.

    Returns
    -------
    DataFrame
        Symmetric, zero diagonal; every sector of the table (non-manufacturing included, so
        densities share one denominator), manufacturing merged into divisions at division
        level. Cached: do not modify it.

    """
    _check("form", form, FORMS)
    _check("normalisation", normalisation, NORMALISATIONS)
    _check("flows", flows, FLOWS)
    _check("level", level, LEVELS)
    return metrics.coefficient_relatedness(_coefficients(year, normalisation, flows, level),
                                           how=form)


@lru_cache(maxsize=32)
def _coefficients(year: int, normalisation: str, flows: str, level: str) -> pd.DataFrame:
    """Return the coefficients behind :func:`relatedness_matrix` (shared by both forms)."""
    z, sectors = data.io_table(year)
    if flows == "domestic":
        shares = metrics.import_shares(z, sectors["imports"], sectors["total_final_use"],
                                       sectors["exports"])
        z = metrics.domestic_flows(z, shares, cap=True)
    totals = sectors[["total_input", "gross_output"]]
    if level == "division":
        z, totals = metrics.aggregate_table(z, totals, io_sector_table(year)["division"])
    if normalisation == "output":
        return metrics.output_coefficients(z, totals["gross_output"])
    if normalisation == "leontief":
        return metrics.leontief_inverse(_coefficients(year, "input", flows, level))
    return metrics.input_coefficients(z, totals["total_input"])


def _members(year: int, portfolio: Sequence[str], by: str, level: str) -> list[str]:
    units = io_units(year, level)
    chosen = [str(p) for p in portfolio]
    if not chosen:
        raise ValueError(f"portfolio must name at least one {by}")
    if by == "division":
        unknown = [p for p in chosen if p not in set(units["division"])]
        if unknown:
            raise ValueError(f"portfolio: division codes {unknown} are not in the {year} table")
        return list(units.index[units["division"].isin(chosen)])
    valid = set(relatedness_matrix(year, level=level).index)
    unknown = [p for p in chosen if p not in valid]
    if unknown:
        raise ValueError(f"portfolio: sector codes {unknown} are not in the {year} table")
    return chosen


def io_density_ranking(
    year: int,
    portfolio: Sequence[str],
    form: str = "max",
    normalisation: str = "input",
    flows: str = "total",
    by: str = "division",
    level: str = "sector",
) -> pd.DataFrame:
    """Rank the candidate sectors of one table by relatedness density to a portfolio.

    Candidates are the manufacturing units outside the portfolio; a candidate's ``rank`` is
    1 + the number of candidates with a strictly higher density
    (:func:`helpers.metrics.candidate_ranks`), out of ``n`` candidates. The portfolio's own
    sectors are kept, for context, with no rank.

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.
    portfolio : sequence of str
        GB/T 4754-2002 division codes (``by="division"``, e.g. ``["17", "18", "26"]``: every
        sector whose primary division is one of them) or the table's own sector codes
        (``by="sector"``; any sector of the table, manufacturing or not).
    form, normalisation, flows, level : str
        The specification (module docstring).
    by : {"division", "sector"}, default "division"
        Whether ``portfolio`` holds division codes or sector codes.

    Returns
    -------
    DataFrame
        One row per manufacturing unit, candidates best first then the portfolio: ``code``,
        ``label``, ``division``, ``it``, ``computers``, ``in_portfolio``, ``density``
        (0-100), ``rank`` (nullable integer, empty for the portfolio) and ``n`` (the number
        of candidates).

    Raises
    ------
    ValueError
        If the portfolio is empty, names an unknown division or sector, or holds every
        candidate; if a specification value is unknown.

    """
    _check("by", by, ("division", "sector"))
    related = relatedness_matrix(year, form, normalisation, flows, level)
    members = _members(year, portfolio, by, level)
    units = io_units(year, level)
    density = metrics.portfolio_density(related, members)
    ranks = metrics.candidate_ranks(density, members, list(units.index))
    frame = units.assign(density=density.reindex(units.index),
                         in_portfolio=units.index.isin(members))
    frame["rank"] = ranks.reindex(units.index).astype("Int64")
    frame["n"] = len(ranks)
    frame = frame.rename_axis("code").reset_index()
    frame = frame.sort_values(["in_portfolio", "density", "code"],
                              ascending=[True, False, True])
    cols = ["code", "label", "label_zh", "division", "it", "computers", "in_portfolio",
            "density", "rank", "n"]
    return frame[cols].reset_index(drop=True)


def it_relatedness_split(
    year: int,
    portfolio: Sequence[str],
    form: str = "max",
    normalisation: str = "input",
    flows: str = "total",
    by: str = "division",
    level: str = "sector",
) -> pd.DataFrame:
    """How each IT unit's relatedness divides: with the other IT units, with a portfolio.

    For every IT unit (primary division 40) it returns two relatedness densities
    (:func:`helpers.metrics.portfolio_density`, 0-100): to the IT units themselves (its
    own link is zero, so this is the share held with the *other* IT units) and to the
    portfolio. Both share one denominator, the unit's relatedness summed over every
    sector of the table.

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.
    portfolio : sequence of str
        Division codes (``by="division"``) or sector codes (``by="sector"``), as in
        :func:`io_density_ranking`.
    form, normalisation, flows, level : str
        The specification (module docstring).
    by : {"division", "sector"}, default "division"
        Whether ``portfolio`` holds division codes or sector codes.

    Returns
    -------
    DataFrame
        Indexed by IT unit code (``code``), in table order: ``label``, ``with_it`` and
        ``with_portfolio`` (percent of the unit's total relatedness).

    Raises
    ------
    ValueError
        If the portfolio is empty or names an unknown division or sector, or a
        specification value is unknown.

    Examples
    --------
    >>> split = it_relatedness_split(2002, list(PRE_1998_DIVISIONS))
    >>> list(split.columns), bool((split["with_it"] > split["with_portfolio"]).all())
    (['label', 'label_zh', 'with_it', 'with_portfolio'], True)

    """
    _check("by", by, ("division", "sector"))
    related = relatedness_matrix(year, form, normalisation, flows, level)
    members = _members(year, portfolio, by, level)
    units = io_units(year, level)
    it = list(units.index[units["it"]])
    out = units.loc[it, ["label", "label_zh"]].rename_axis("code")
    out["with_it"] = metrics.portfolio_density(related, it).reindex(it)
    out["with_portfolio"] = metrics.portfolio_density(related, members).reindex(it)
    return out


def io_density_parts(
    year: int, divisions: Sequence[str] | None = None, digits: int = 5,
    normalisations: Sequence[str] = NORMALISATIONS,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return what a static chart needs to recompute density for any portfolio of divisions.

    For every specification at sector level (form x normalisation x flows) and every
    manufacturing sector: its relatedness to each division's sectors as a share of its
    relatedness to every sector (x 100), so the density for a portfolio of divisions is the
    sum of the portfolio's columns (:func:`helpers.metrics.density_contributions`).

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.
    divisions : sequence of str, optional
        Keep only these divisions' columns (the ones a chart offers; every division of the
        table by default). The shares stay shares of the relatedness to every sector.
    normalisations : sequence of str, default all
        The normalisations to include (fewer keep a page light).
    digits : int, default 5
        Significant digits kept (the embedded data stay small; check that the ranks a chart
        computes from them still equal :func:`io_density_ranking`'s, as the tests do).

    Returns
    -------
    parts : DataFrame
        ``code``, ``spec`` (``"max|input|total"``) and one column ``d<NN>`` per division.
    sectors : DataFrame
        ``code``, ``label``, ``division``, ``it``, ``computers``: one row per sector (joined
        in the chart by ``code``).

    """
    units = io_units(year, "sector")
    frames = []
    for norm in normalisations:
        _check("normalisations", norm, NORMALISATIONS)
    for form, norm, flw in itertools.product(FORMS, normalisations, FLOWS):
        related = relatedness_matrix(year, form, norm, flw, "sector")
        contrib, total = metrics.density_contributions(related, units["division"])
        wide = contrib.pivot(index="sector", columns="group", values="contribution")
        wide = wide.reindex(units.index).div(total.reindex(units.index), axis=0) * 100
        wide.columns = [f"d{c}" for c in wide.columns]
        keep = sorted(wide.columns, key=lambda c: int(c[1:]))
        if divisions is not None:
            unknown = [d for d in divisions if f"d{d}" not in keep]
            if unknown:
                raise ValueError(f"divisions {unknown} have no sector in the {year} table")
            keep = [f"d{d}" for d in sorted(divisions, key=int)]
        wide = wide[keep].map(lambda v: float(f"{v:.{digits}g}"))
        frames.append(wide.assign(spec=f"{form}|{norm}|{flw}"))
    parts = pd.concat(frames).rename_axis("code").reset_index()
    parts = parts[["code", "spec", *[c for c in parts.columns if c.startswith("d")]]]
    sectors = units[["label", "label_zh", "division", "it", "computers"]].rename_axis(
        "code").reset_index()
    return parts, sectors


def _kunshan_members(year: int, level: str) -> list[str]:
    units = io_units(year, level)
    return list(units.index[units["division"].isin(PRE_1998_DIVISIONS)])


def null_distributions(
    year: int = 2002, form: str = "max", normalisation: str = "input", flows: str = "total",
    level: str = "sector", n_draws: int = 2000, seed: int = NULL_SEED,
) -> tuple[pd.DataFrame, pd.Series]:
    """IT's relatedness to every null portfolio, and to Kunshan's, under one specification.

    Null (a): every portfolio of three GB/T 4754-2002 divisions other than IT (division 40),
    exhaustively (at sector level a sector on two divisions joins a portfolio holding
    either, so 2002 has 29 divisions and 3,654 trios; at division level each sector counts
    in its primary division, so division 14 has no unit of its own in 2002).
    Null (b): ``n_draws`` random sets of non-IT manufacturing units, each the
    size of Kunshan's portfolio (seeded).

    Parameters
    ----------
    year : int
        2002, 2007, 2012 or 2017.
    form, normalisation, flows, level : str
        The specification (module docstring).
    n_draws : int, default 2000
        Random portfolios of null (b).
    seed : int, default :data:`NULL_SEED`
        Seed of null (b).

    Returns
    -------
    null : DataFrame
        One row per null portfolio: ``null`` (``"a"`` or ``"b"``), ``portfolio``,
        ``it_density`` (IT's gross-output-weighted mean density), ``best_rank``,
        ``candidates``, ``best_share`` (``best_rank / candidates``) and, at sector level,
        ``computers_rank`` and ``computers_share``.
    observed : Series
        The same statistics for Kunshan's pre-1998 portfolio, with ``median_density`` (the
        candidates' median density).

    """
    for arg, value, allowed in (("form", form, FORMS), ("normalisation", normalisation,
                                NORMALISATIONS), ("flows", flows, FLOWS),
                                ("level", level, LEVELS)):
        _check(arg, value, allowed)
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    null, observed = _null_distributions(int(year), form, normalisation, flows, level,
                                         int(n_draws), int(seed))
    return null.copy(), observed.copy()


@lru_cache(maxsize=8)
def _null_portfolios(year: int, level: str, n_draws: int, seed: int
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Null (a) and null (b) membership matrices (shared by every specification)."""
    units = io_units(year, level)
    if level == "sector":  # every division a sector maps to (2002: 019 is in 13 and 14)
        conc = data.io_concordance(year, "division")
        conc = conc[conc["code"].isin(units.index)]
        groups = pd.Series(conc["target"].to_numpy(), index=conc["code"].to_numpy())
    else:
        groups = units["division"]
    null_a = metrics.division_portfolios(groups, 3, exclude=[IT_DIVISION])
    pool = list(units.index[~units["it"]])
    null_b = metrics.random_portfolios(pool, len(_kunshan_members(year, level)), n_draws, seed)
    return null_a, null_b


@lru_cache(maxsize=64)
def _null_distributions(year: int, form: str, normalisation: str, flows: str, level: str,
                        n_draws: int, seed: int) -> tuple[pd.DataFrame, pd.Series]:
    related = relatedness_matrix(year, form, normalisation, flows, level)
    units = io_units(year, level)
    cands = list(units.index)
    it = list(units.index[units["it"]])
    comp = units.index[units["computers"]]
    computers = comp[0] if len(comp) else None
    weights = units["gross_output"].reindex(it)
    kunshan = _kunshan_members(year, level)

    def stats(ports: pd.DataFrame, medians: bool = False) -> pd.DataFrame:
        out = metrics.null_statistics(related, ports, cands, it, weights, computers, medians)
        out = out.rename(columns={"target_density": "it_density"})
        out["best_share"] = out["best_rank"] / out["candidates"]
        if computers is not None:
            out["computers_share"] = out["computers_rank"] / out["candidates"]
        return out

    ports_a, ports_b = _null_portfolios(year, level, n_draws, seed)
    null_a, null_b = stats(ports_a), stats(ports_b)
    obs_ports = pd.DataFrame([[u in kunshan for u in cands]], columns=cands,
                             index=pd.Index(["Kunshan"], name="portfolio"))
    observed = stats(obs_ports, medians=True).iloc[0]
    null = pd.concat([
        null_a.assign(null="a").rename_axis("portfolio").reset_index(),
        null_b.assign(null="b").rename_axis("portfolio").reset_index()
        .assign(portfolio=lambda f: f["portfolio"].astype(str)),
    ], ignore_index=True)
    return null, observed


def _panel_row(year: int, form: str, norm: str, flw: str, level: str, n_draws: int,
               seed: int) -> dict:
    null, obs = _null_distributions(year, form, norm, flw, level, n_draws, seed)
    a, b = null[null["null"] == "a"], null[null["null"] == "b"]
    n = int(obs["candidates"])
    best = int(obs["best_rank"])
    has_comp = "computers_rank" in obs.index
    return {
        "year": year, "form": form, "normalisation": norm, "flows": flw, "level": level,
        "candidates": n,
        "computers_rank": int(obs["computers_rank"]) if has_comp else pd.NA,
        "best_it_rank": best,
        "it_density": float(obs["it_density"]),
        "median_density": float(obs["median_density"]),
        "best_it_below_median": best > (n + 1) / 2,
        "p_density": metrics.null_share(a["it_density"], obs["it_density"], "le"),
        "p_best_rank": metrics.null_share(a["best_share"], obs["best_share"], "ge"),
        "p_computers": (metrics.null_share(a["computers_share"], obs["computers_share"], "ge")
                        if has_comp else np.nan),
        "p_density_random": metrics.null_share(b["it_density"], obs["it_density"], "le"),
    }


@lru_cache(maxsize=4)
def _panel(years: tuple[int, ...], n_draws: int, seed: int) -> pd.DataFrame:
    rows = [_panel_row(y, f, nm, fl, lv, n_draws, seed)
            for y, f, nm, fl, lv in itertools.product(years, FORMS, NORMALISATIONS, FLOWS,
                                                      LEVELS)]
    out = pd.DataFrame(rows)
    out["computers_rank"] = out["computers_rank"].astype("Int64")
    return out


def robustness_panel(
    years: Sequence[int] = PANEL_YEARS, n_draws: int = 2000, seed: int = NULL_SEED
) -> pd.DataFrame:
    """Test "IT was among the least related industries" under every specification.

    One row per specification (year x form x normalisation x flows x level: 48 rows for the
    default two years), the first being the default ``2002 / max / input / total / sector``.
    Ranks count candidates only (1 + the number of candidates with a strictly higher
    density); each ``p_*`` is the share of null portfolios for which IT looks *at least as
    unrelated* as for Kunshan's portfolio.

    Parameters
    ----------
    years : sequence of int, default (2002, 2007)
        Tables to use.
    n_draws : int, default 2000
        Random portfolios of null (b) per specification.
    seed : int, default :data:`NULL_SEED`
        Seed of null (b).

    Returns
    -------
    DataFrame
        ``year``, ``form``, ``normalisation``, ``flows``, ``level``; ``candidates``,
        ``computers_rank`` (complete computers; empty at division level, where computers
        are inside division 40), ``best_it_rank`` (best IT unit), ``it_density`` (IT's
        gross-output-weighted mean density), ``median_density`` (the candidates' median),
        ``best_it_below_median`` (the best IT unit ranks in the lower half of candidates);
        ``p_density`` (null a: IT's density <= Kunshan's), ``p_best_rank`` (null a: best IT
        rank / candidates >= Kunshan's), ``p_computers`` (null a: the same for computers),
        ``p_density_random`` (null b: IT's density <= Kunshan's).

    Raises
    ------
    ValueError
        If a year has no table or ``n_draws`` is below 1.

    """
    years = tuple(int(y) for y in years)
    for y in years:
        if y not in data.IO_YEARS:
            raise ValueError(f"years: no input-output table for {y}; tables: {data.IO_YEARS}")
    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    return _panel(years, int(n_draws), int(seed)).copy()


def panel_verdict(panel: pd.DataFrame) -> dict[str, object]:
    """Read the verdict from a robustness panel: counts and null percentiles, never typed.

    Parameters
    ----------
    panel : DataFrame
        As from :func:`robustness_panel`.

    Returns
    -------
    dict
        ``n`` (specifications), ``k_below`` (specifications in which the best IT unit ranks
        in the lower half of candidates), ``k_comp_below`` and ``n_comp`` (the same for
        computers, sector level only), ``p_density_range``, ``p_density_random_range`` and
        ``p_computers_range`` (min, max over specifications), ``k_unusual`` (specifications
        with ``p_density`` below 0.05) and ``verdict`` (``"supported"`` if IT's best unit
        is below the median in every specification and Kunshan is unusual under null (a)
        in most; ``"not supported"`` if it is in none; ``"mixed"`` otherwise).

    """
    n = len(panel)
    k_below = int(panel["best_it_below_median"].sum())
    comp = panel.dropna(subset=["computers_rank"])
    k_comp = int((comp["computers_rank"] > (comp["candidates"] + 1) / 2).sum())
    k_unusual = int((panel["p_density"] < 0.05).sum())
    if k_below == n and k_unusual > n / 2:
        verdict = "supported"
    elif k_below == 0:
        verdict = "not supported"
    else:
        verdict = "mixed"

    def span(col: str) -> tuple[float, float]:
        v = panel[col].dropna()
        return float(v.min()), float(v.max())

    return {"n": n, "k_below": k_below, "k_comp_below": k_comp, "n_comp": len(comp),
            "k_unusual": k_unusual, "p_density_range": span("p_density"),
            "p_density_random_range": span("p_density_random"),
            "p_computers_range": span("p_computers"), "verdict": verdict}


# ---------------------------------------------------------------------------
# stage 3: the emerging industries
# ---------------------------------------------------------------------------
def _base_members(year: int, base: Sequence[str]) -> list[str]:
    table = io_sector_table(year)
    members = list(table.index[table["division"].isin([str(b) for b in base])])
    if not members:
        raise ValueError(f"base: divisions {list(base)} have no sector in the {year} table")
    return members


def emerging_io_density(
    year: int, how: str = "max", base: Sequence[str] = (IT_DIVISION,),
    mapping: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Relatedness density of the eight emerging industries to a base of divisions.

    An industry's density is the gross-output-weighted mean of the densities of the table
    sectors it maps to (``io_concordance``, scheme ``emerging_industry``; all such mappings
    are approximate).

    Parameters
    ----------
    year : int
        2012 or 2017 (the tables mapped to the emerging industries).
    how : {"max", "mean"}
        Form of relatedness.
    base : sequence of str, default ("40",)
        Divisions whose sectors form the portfolio (IT by default; §6 names IT and
        equipment, 35 and 36).
    mapping : DataFrame, optional
        Columns ``code`` and ``target``: an alternative mapping (default the concordance).

    Returns
    -------
    DataFrame
        ``industry``, ``name`` (Table 2 label), ``name_zh``, ``year``, ``how``, ``density``,
        ``rank`` (1 = most related), ``sectors`` (the mapped codes), ``median_manufacturing``.

    """
    _check("how", how, FORMS)
    if mapping is None:
        mapping = data.io_concordance(year, "emerging_industry")
    if mapping.empty:
        raise ValueError(f"the {year} table is not mapped to the emerging industries")
    _, sectors = data.io_table(year)
    table = io_sector_table(year)
    density = metrics.portfolio_density(relatedness_matrix(year, how), _base_members(year, base))
    mean = metrics.group_mean(density, mapping, weights=sectors["gross_output"])
    names = data.load("emerging_industries").set_index("industry")
    out = mean.rename("density").rename_axis("industry").reset_index()
    out["name"] = out["industry"].map(names["name_table2"])
    out["name_zh"] = out["industry"].map(names["name_table2_zh"])
    out["year"], out["how"] = year, how
    out["rank"] = out["density"].rank(ascending=False, method="min").astype(int)
    out["sectors"] = out["industry"].map(
        mapping.groupby("target")["code"].apply(lambda s: ", ".join(sorted(s))))
    out["median_manufacturing"] = float(density.reindex(table.index).median())
    return out.sort_values("rank").reset_index(drop=True)


def emerging_density_split(
    year: int, how: str = "max", base: Sequence[str] = (IT_DIVISION,)
) -> pd.DataFrame:
    """Split each emerging industry's density by the table sectors it maps to.

    Parameters
    ----------
    year : int
        2012 or 2017.
    how : {"max", "mean"}
        Form of relatedness.
    base : sequence of str, default ("40",)
        Divisions whose sectors form the portfolio.

    Returns
    -------
    DataFrame
        ``industry``, ``code``, ``label``, ``label_zh``, ``weight`` (the sector's share of
        the industry's gross output), ``density`` (the sector's own density to the base),
        ``contribution`` (weight x density; they add up to the industry's density) and
        ``share`` (of the industry's density, 0-1).

    """
    _check("how", how, FORMS)
    mapping = data.io_concordance(year, "emerging_industry")
    _, sectors = data.io_table(year)
    density = metrics.portfolio_density(relatedness_matrix(year, how), _base_members(year, base))
    out = mapping[["target", "code"]].rename(columns={"target": "industry"}).copy()
    out["gross_output"] = out["code"].map(sectors["gross_output"])
    out["weight"] = out["gross_output"] / out.groupby("industry")["gross_output"].transform("sum")
    out["density"] = out["code"].map(density)
    out["contribution"] = out["weight"] * out["density"]
    out["share"] = out["contribution"] / out.groupby("industry")["contribution"].transform("sum")
    out["label"] = [f"{c} {short_sector_name(sectors.loc[c, 'name_en'], 200)}"
                    for c in out["code"]]
    out["label_zh"] = out["code"] + " " + out["code"].map(
        sectors["name_zh"].str.replace(_ZH_SUFFIX, "", regex=True))
    return out[["industry", "code", "label", "label_zh", "weight", "density", "contribution",
                "share"]]


#: Alternative mappings reviewed in the chapter: industry -> (what changes, codes by year).
#: Biomedicine without "other special machinery" (shared with two other industries); smart
#: grid without communication equipment (itself IT); new energy with photovoltaics in
#: power transmission, distribution and control equipment, where GB/T 4754-2011 and
#: GB/T 4754-2017 put photovoltaic equipment and components (class 3825), instead of other
#: electrical machinery; software and integrated circuits as integrated circuits only,
#: since the software sector is "software and IT services" in 2012 but software alone in 2017.
MAPPING_VARIANTS: dict[str, tuple[str, dict[int, list[str]]]] = {
    "biomedicine": ("medical products only", {2012: ["048"], 2017: ["050"]}),
    "smart_grid_iot": ("without communication equipment",
                       {2012: ["081", "082"], 2017: ["083", "084"]}),
    "new_energy": ("photovoltaics in class 3825",
                   {2012: ["065", "081", "083"], 2017: ["067", "083", "085"]}),
    "software_ic": ("integrated circuits only", {2012: ["090"], 2017: ["092"]}),
}


def emerging_mapping_variants(year: int, how: str = "max") -> pd.DataFrame:
    """Return the emerging industries' density to IT under the book's and reviewed mappings.

    Parameters
    ----------
    year : int
        2012 or 2017.
    how : {"max", "mean"}
        Form of relatedness.

    Returns
    -------
    DataFrame
        ``industry``, ``name``, ``name_zh``, ``mapping`` (``"book"`` or the change made),
        ``sectors``, ``density`` and ``rank`` (among the eight, the others keeping the book's
        mapping).

    """
    book = data.io_concordance(year, "emerging_industry")[["code", "target"]]
    base = emerging_io_density(year, how)
    rows = [base.assign(mapping="book")]
    for industry, (change, codes) in MAPPING_VARIANTS.items():
        alt = pd.concat([book[book["target"] != industry],
                         pd.DataFrame({"code": codes[year], "target": industry})],
                        ignore_index=True)
        frame = emerging_io_density(year, how, mapping=alt)
        rows.append(frame[frame["industry"] == industry].assign(mapping=change))
    cols = ["industry", "name", "name_zh", "mapping", "sectors", "density", "rank"]
    return pd.concat(rows, ignore_index=True)[cols]
