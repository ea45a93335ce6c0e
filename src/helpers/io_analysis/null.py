"""Null portfolios and the robustness panel (see :mod:`helpers.io_analysis`)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import data, metrics
from helpers.io_analysis._core import (
    FLOWS,
    FORMS,
    IT_DIVISION,
    LEVELS,
    NORMALISATIONS,
    NULL_SEED,
    PANEL_YEARS,
    _check,
    _kunshan_members,
    io_units,
    relatedness_matrix,
)


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
