"""Tests for helpers.io_analysis: candidates-only rankings, null models, the robustness panel.

The default row of the panel is checked against a small computation written here from the
raw NBS CSV (``/work/shared/reference/io-tables``), with its own division list and its own
random draws: nothing in it calls the code under test.
"""

from __future__ import annotations

import csv
import itertools
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import io_analysis as ia

pytestmark = pytest.mark.fast

#: the NBS tables as shipped in the shared reference folder beside the repository (CI lays a
#: copy there); KUNSHAN_IO_REFERENCE points elsewhere
_BESIDE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "io-tables"
RAW = Path(os.environ.get("KUNSHAN_IO_REFERENCE", _BESIDE))


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return ia.robustness_panel()


# ------------------------------------------------------------------ the independent check
def _span(a: int, b: int) -> list[str]:
    return [f"{i:03d}" for i in range(a, b + 1)]


#: GB/T 4754-2002 divisions of the manufacturing sectors of the 2002 table (written out here
#: from the sector names; 019, other food processing and food manufacturing, is in 13 and 14).
DIV_2002 = {
    13: _span(13, 19), 14: ["019"], 15: ["020", "021"], 16: ["022"], 17: _span(23, 27), 18: ["028"],
    19: ["029"], 20: ["030"], 21: ["031"], 22: ["032"], 23: ["033"], 24: ["034", "035"],
    25: ["036", "037"], 26: _span(38, 44), 27: ["045"], 28: ["046"], 29: ["047"], 30: ["048"],
    31: _span(49, 53), 32: _span(54, 57), 33: ["058", "059"], 34: ["060"], 35: _span(61, 63),
    36: ["064", "065"], 37: _span(66, 70), 39: _span(71, 73), 40: _span(74, 79),
    41: ["080", "081"], 42: ["082", "083"], 43: ["084"],
}


def _independent_2002() -> dict[str, float]:
    with (RAW / "china_2002_122.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    codes = [r["code"] for r in rows if r["code"].isdigit()]
    z = np.array([[float(r[c]) for c in codes] for r in rows if r["code"].isdigit()])
    ti = np.array([float(next(r for r in rows if r["code"] == "TI")[c]) for c in codes])
    go = {r["code"]: float(r["GO"]) for r in rows if r["code"].isdigit()}
    a = z / ti[np.newaxis, :]
    rel = np.maximum(a, a.T)
    np.fill_diagonal(rel, 0.0)
    col = rel.sum(axis=0)
    idx = {c: i for i, c in enumerate(codes)}
    man = list(dict.fromkeys(s for d in DIV_2002.values() for s in d))
    it = DIV_2002[40]
    w = np.array([go[s] for s in it])

    def density(portfolio: list[str]) -> np.ndarray:
        return 100 * rel[[idx[s] for s in portfolio]].sum(axis=0) / col

    def stats(portfolio: list[str]) -> tuple[float, float, float, int]:
        d = density(portfolio)
        cands = [s for s in man if s not in portfolio]
        dc = np.array([d[idx[s]] for s in cands])

        def rank(s: str) -> int:
            return 1 + int((dc > d[idx[s]]).sum())

        it_density = float((np.array([d[idx[s]] for s in it]) * w).sum() / w.sum())
        best = min(rank(s) for s in it)
        return it_density, best / len(cands), rank("075") / len(cands), len(cands), best

    kunshan = DIV_2002[17] + DIV_2002[18] + DIV_2002[26]
    obs = stats(kunshan)
    others = [d for d in DIV_2002 if d != 40]
    null_a = [stats(list(dict.fromkeys(s for d in trio for s in DIV_2002[d])))
              for trio in itertools.combinations(others, 3)]
    rng = np.random.default_rng(20260501)  # not the panel's seed
    pool = [s for s in man if s not in it]
    null_b = [stats(list(rng.choice(pool, size=len(kunshan), replace=False)))
              for _ in range(2000)]
    return {
        "candidates": obs[3], "best_it_rank": obs[4], "computers_rank": round(obs[2] * obs[3]),
        "n_null_a": len(null_a),
        "p_density": np.mean([n[0] <= obs[0] + 1e-9 for n in null_a]),
        "p_best_rank": np.mean([n[1] >= obs[1] - 1e-9 for n in null_a]),
        "p_computers": np.mean([n[2] >= obs[2] - 1e-9 for n in null_a]),
        "p_density_random": np.mean([n[0] <= obs[0] + 1e-9 for n in null_b]),
    }


@pytest.mark.skipif(not RAW.exists() and os.environ.get("CI") != "true",
                    reason="raw NBS tables not beside the repository (CI always has them)")
def test_default_row_matches_an_independent_computation_from_the_raw_nbs_csv(panel):
    row = panel.iloc[0]
    assert (row["year"], row["form"], row["normalisation"], row["flows"], row["level"]) == (
        2002, "max", "input", "total", "sector")
    ref = _independent_2002()
    assert ref["n_null_a"] == 3654
    assert row["candidates"] == ref["candidates"] == 59
    assert row["computers_rank"] == ref["computers_rank"]
    assert row["best_it_rank"] == ref["best_it_rank"]
    for key in ("p_density", "p_best_rank", "p_computers", "p_density_random"):
        assert abs(row[key] - ref[key]) <= 0.04, (key, row[key], ref[key])


# ------------------------------------------------------------------ the panel
def test_panel_covers_years_forms_normalisations_flows_and_levels(panel):
    assert len(panel) == 48
    assert set(panel["year"]) == {2002, 2007}
    assert set(panel["form"]) == {"max", "mean"}
    assert set(panel["normalisation"]) == {"input", "output", "leontief"}
    assert set(panel["flows"]) == {"total", "domestic"}
    assert set(panel["level"]) == {"sector", "division"}
    for col in ("p_density", "p_best_rank", "p_density_random"):
        assert panel[col].between(0, 1).all()
    division = panel[panel["level"] == "division"]
    assert division["computers_rank"].isna().all() and division["p_computers"].isna().all()


def test_panel_reproduces_the_issue_19_review_values(panel):
    """Regression: the alternatives of issue 19 (output shares, 2007, Leontief, domestic)."""
    def row(**k):
        q = panel
        for key, value in {"form": "max", "flows": "total", "level": "sector", **k}.items():
            q = q[q[key] == value]
        return q.iloc[0]

    r = row(year=2002, normalisation="output")
    assert (r["computers_rank"], r["best_it_rank"]) == (54, 24)
    r = row(year=2007, normalisation="output")
    assert (r["computers_rank"], r["best_it_rank"], r["candidates"]) == (38, 19, 68)
    assert row(year=2002, normalisation="leontief")["computers_rank"] == 40
    assert row(year=2002, normalisation="input", flows="domestic")["best_it_rank"] == 21


def test_panel_is_seeded_and_the_verdict_is_read_from_it(panel):
    again = ia.robustness_panel(n_draws=2000, seed=ia.NULL_SEED)
    pd.testing.assert_frame_equal(panel, again)
    verdict = ia.panel_verdict(panel)
    assert verdict["n"] == 48
    assert verdict["k_below"] == int(panel["best_it_below_median"].sum())
    assert verdict["verdict"] in {"supported", "mixed", "not supported"}
    # a panel in which IT is always last reads as supported
    last = panel.assign(best_it_below_median=True, p_density=0.01)
    assert ia.panel_verdict(last)["verdict"] == "supported"


def test_panel_rejects_unknown_years_and_draws():
    with pytest.raises(ValueError, match="years: no input-output table for 2003"):
        ia.robustness_panel(years=(2003,))
    with pytest.raises(ValueError, match="n_draws must be at least 1"):
        ia.robustness_panel(n_draws=0)


# ------------------------------------------------------------------ rankings
def test_ranking_ranks_candidates_only_and_keeps_the_portfolio_unranked():
    ranking = ia.io_density_ranking(2002, list(ia.PRE_1998_DIVISIONS))
    own = ranking[ranking["in_portfolio"]]
    cands = ranking[~ranking["in_portfolio"]]
    assert len(own) == 13 and own["rank"].isna().all()
    assert len(cands) == 59 and (cands["n"] == 59).all()
    assert cands["rank"].min() == 1 and cands["rank"].max() <= 59
    best = cands.iloc[0]
    assert best["rank"] == 1 and best["density"] == cands["density"].max()
    assert int(cands.loc[cands["code"] == "075", "rank"].iloc[0]) == 59


def test_ranking_by_sector_equals_ranking_by_the_same_divisions():
    by_div = ia.io_density_ranking(2007, ["26"])
    members = list(by_div.loc[by_div["in_portfolio"], "code"])
    by_sector = ia.io_density_ranking(2007, members, by="sector")
    pd.testing.assert_frame_equal(by_div, by_sector)


def test_ranking_rejects_bad_input_naming_the_argument():
    with pytest.raises(ValueError, match="portfolio: division codes \\['38'\\]"):
        ia.io_density_ranking(2002, ["38"])
    with pytest.raises(ValueError, match="portfolio: sector codes \\['999'\\]"):
        ia.io_density_ranking(2002, ["999"], by="sector")
    with pytest.raises(ValueError, match="portfolio must name at least one"):
        ia.io_density_ranking(2002, [])
    with pytest.raises(ValueError, match="form must be one of"):
        ia.io_density_ranking(2002, ["17"], form="min")
    with pytest.raises(ValueError, match="normalisation must be one of"):
        ia.io_density_ranking(2002, ["17"], normalisation="ghosh")
    every = list(ia.io_sector_table(2002).index)
    with pytest.raises(ValueError, match="portfolio holds every candidate"):
        ia.io_density_ranking(2002, every, by="sector")


def test_division_level_makes_it_one_unit_like_every_division():
    units = ia.io_units(2002, "division")
    assert len(units) == 29 and units.loc["40", "it"]
    ranking = ia.io_density_ranking(2002, list(ia.PRE_1998_DIVISIONS), level="division")
    assert ranking["n"].iloc[0] == 26


def test_null_distributions_hold_every_trio_and_the_seeded_draws():
    null, observed = ia.null_distributions(2002, n_draws=500, seed=1)
    assert (null["null"] == "a").sum() == 3654 and (null["null"] == "b").sum() == 500
    kunshan = null[(null["null"] == "a") & (null["portfolio"] == "17+18+26")].iloc[0]
    assert kunshan["it_density"] == pytest.approx(observed["it_density"])
    assert kunshan["best_rank"] == observed["best_rank"] == 33


def test_emerging_split_adds_up_to_the_industry_density():
    split = ia.emerging_density_split(2017)
    total = split.groupby("industry")["contribution"].sum()
    dens = ia.emerging_io_density(2017).set_index("industry")["density"]
    pd.testing.assert_series_equal(total.sort_index(), dens.sort_index(), check_names=False)
    bio = split[split["industry"] == "biomedicine"].set_index("code")
    assert bio.loc["076", "share"] > 0.9  # other special machinery carries biomedicine


def test_mapping_variants_change_only_the_reviewed_industries():
    variants = ia.emerging_mapping_variants(2017)
    assert set(variants.loc[variants["mapping"] != "book", "industry"]) == set(
        ia.MAPPING_VARIANTS)
    bio = variants[(variants["industry"] == "biomedicine")].set_index("mapping")["density"]
    assert bio.iloc[1] < bio.loc["book"]  # medical products alone are less related to IT


def test_it_split_shares_one_denominator_with_the_ranking_and_excludes_own_link():
    split = ia.it_relatedness_split(2002, list(ia.PRE_1998_DIVISIONS))
    ranking = ia.io_density_ranking(2002, list(ia.PRE_1998_DIVISIONS)).set_index("code")
    it = list(ranking.index[ranking["it"]])
    assert sorted(split.index) == sorted(it) and split.index.name == "code"
    # the share held with the portfolio is the IT sector's density in the ranking
    np.testing.assert_allclose(split["with_portfolio"], ranking.loc[split.index, "density"])
    # the share held with IT, written out: the other IT sectors over every sector of the table
    r = ia.relatedness_matrix(2002)
    for code in split.index:
        others = [c for c in it if c != code]
        expected = 100 * r.loc[others, code].sum() / r[code].sum()
        assert split.loc[code, "with_it"] == pytest.approx(expected)
    assert (split[["with_it", "with_portfolio"]].sum(axis=1) < 100).all()
    domestic = ia.it_relatedness_split(2002, list(ia.PRE_1998_DIVISIONS), flows="domestic")
    assert not np.allclose(domestic["with_it"], split["with_it"])


def test_it_split_rejects_bad_input_naming_the_argument():
    with pytest.raises(ValueError, match="portfolio: division codes \\['38'\\]"):
        ia.it_relatedness_split(2002, ["38"])
    with pytest.raises(ValueError, match="by must be one of"):
        ia.it_relatedness_split(2002, ["17"], by="firm")
    with pytest.raises(ValueError, match="flows must be one of"):
        ia.it_relatedness_split(2002, ["17"], flows="net")
