"""Sector tables, relatedness matrices and density rankings (see :mod:`helpers.io_analysis`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from helpers import data, metrics

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
