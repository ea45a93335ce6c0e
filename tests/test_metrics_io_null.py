"""Tests for helpers.metrics.io_null: normalisations, domestic flows, ranks and null models.

The 3 x 3 table below is worked by hand. Sector c buys from b, b buys from a (a chain):

    z (rows supply, columns buy)      x (gross output = total input)
         a    b    c
    a    0   25    0                   a  40
    b    0    0   40                   b  50
    c    0    0    0                   c 100

    A = z / x_j:  a_ab = 25/50 = 0.5, a_bc = 40/100 = 0.4, all else 0.
    L = (I - A)^-1 = I + A + A^2 (A^3 = 0): A^2 has one cell, a_ab * a_bc = 0.2 at (a, c).
    B = z / x_i:  b_ab = 25/40 = 0.625, b_bc = 40/50 = 0.8.
    Imports M = (10, 0, 5), final use f = (20, 10, 100), exports e = (5, 0, 0):
    m_a = 10 / (25 + 20 - 5) = 0.25, m_b = 0, m_c = 5 / (0 + 100 - 0) = 0.05.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from helpers import metrics

pytestmark = pytest.mark.fast

L3 = ["a", "b", "c"]


def _z() -> pd.DataFrame:
    return pd.DataFrame([[0.0, 25.0, 0.0], [0.0, 0.0, 40.0], [0.0, 0.0, 0.0]],
                        index=L3, columns=L3)


def _x() -> pd.Series:
    return pd.Series({"a": 40.0, "b": 50.0, "c": 100.0})


def test_output_coefficients_are_shares_of_the_suppliers_output_worked_by_hand():
    b = metrics.output_coefficients(_z(), _x())
    expected = np.array([[0, 0.625, 0], [0, 0, 0.8], [0, 0, 0]])
    np.testing.assert_allclose(b.to_numpy(), expected)


def test_leontief_inverse_adds_the_indirect_link_a_to_c_worked_by_hand():
    a = metrics.input_coefficients(_z(), _x())
    np.testing.assert_allclose(a.to_numpy(), [[0, 0.5, 0], [0, 0, 0.4], [0, 0, 0]])
    leontief = metrics.leontief_inverse(a)
    np.testing.assert_allclose(leontief.to_numpy(),
                               [[1, 0.5, 0.2], [0, 1, 0.4], [0, 0, 1]], atol=1e-12)
    r = metrics.coefficient_relatedness(leontief, how="max")
    assert r.loc["a", "c"] == pytest.approx(0.2)  # no direct flow, related through b
    assert r.loc["a", "a"] == 0.0


def test_coefficient_relatedness_with_input_shares_equals_io_relatedness():
    a = metrics.input_coefficients(_z(), _x())
    for how in ("max", "mean"):
        pd.testing.assert_frame_equal(metrics.coefficient_relatedness(a, how),
                                      metrics.io_relatedness(_z(), _x(), how=how),
                                      check_names=False)


def test_import_shares_and_domestic_flows_worked_by_hand_and_the_identity_holds():
    imports = pd.Series({"a": 10.0, "b": 0.0, "c": 5.0})
    final = pd.Series({"a": 20.0, "b": 10.0, "c": 100.0})
    exports = pd.Series({"a": 5.0, "b": 0.0, "c": 0.0})
    m = metrics.import_shares(_z(), imports, final, exports)
    assert m.tolist() == pytest.approx([0.25, 0.0, 0.05])
    zd = metrics.domestic_flows(_z(), m)
    assert zd.loc["a", "b"] == pytest.approx(18.75)  # 25 * (1 - 0.25)
    assert zd.loc["b", "c"] == pytest.approx(40.0)  # b is not imported
    # identity: imported intermediate use + imported domestic final use = imports
    imported = (_z() - zd).sum(axis=1) + m * (final - exports)
    np.testing.assert_allclose(imported.to_numpy(), imports.to_numpy())


def test_domestic_flows_refuse_a_share_above_one_unless_capped():
    shares = pd.Series({"a": 1.5, "b": 0.0, "c": 0.0})
    with pytest.raises(ValueError, match="shares above 1.*'a'"):
        metrics.domestic_flows(_z(), shares)
    capped = metrics.domestic_flows(_z(), shares, cap=True)
    assert capped.loc["a", "b"] == 0.0


def test_aggregate_table_sums_rows_and_columns_of_a_group():
    flows, totals = metrics.aggregate_table(_z(), _x(), {"a": "g", "b": "g"})
    assert list(flows.index) == ["g", "c"]
    assert flows.loc["g", "g"] == 25.0 and flows.loc["g", "c"] == 40.0
    assert totals.tolist() == [90.0, 100.0]


def test_candidate_ranks_leave_the_portfolio_out_and_share_ties():
    d = pd.Series({"p": 99.0, "a": 5.0, "b": 7.0, "c": 5.0, "d": 1.0})
    ranks = metrics.candidate_ranks(d, ["p"], list(d.index))
    assert ranks.to_dict() == {"a": 2, "b": 1, "c": 2, "d": 4}
    assert "p" not in ranks.index


def _r4() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    v = rng.random((6, 6))
    v = (v + v.T) / 2
    np.fill_diagonal(v, 0)
    return pd.DataFrame(v, index=list("abcdef"), columns=list("abcdef"))


def test_null_statistics_agree_with_one_portfolio_at_a_time():
    r = _r4()
    groups = pd.Series({"a": "1", "b": "1", "c": "2", "d": "3", "e": "9", "f": "9"})
    ports = metrics.division_portfolios(groups, size=2, exclude=["9"])
    assert list(ports.index) == ["1+2", "1+3", "2+3"]
    weights = pd.Series({"e": 1.0, "f": 3.0})
    out = metrics.null_statistics(r, ports, list("abcdef"), ["e", "f"], weights, computers="f")
    for label, row in ports.iterrows():
        members = list(row.index[row])
        d = metrics.portfolio_density(r, members)
        ranks = metrics.candidate_ranks(d, members, list("abcdef"))
        assert out.loc[label, "best_rank"] == ranks[["e", "f"]].min()
        assert out.loc[label, "computers_rank"] == ranks["f"]
        assert out.loc[label, "candidates"] == len(ranks)
        assert out.loc[label, "target_density"] == pytest.approx((d["e"] + 3 * d["f"]) / 4)


def test_division_portfolios_are_every_three_of_29_divisions():
    groups = pd.Series({f"s{d}": str(d) for d in [*range(13, 38), *range(39, 44)]})
    ports = metrics.division_portfolios(groups, 3, exclude=["40"])
    assert len(ports) == len(list(itertools.combinations(range(29), 3))) == 3654
    assert (ports.sum(axis=1) == 3).all() and not ports["s40"].any()


def test_random_portfolios_are_seeded_size_matched_and_without_replacement():
    pool = [f"s{i}" for i in range(30)]
    one = metrics.random_portfolios(pool, 13, n_draws=2000, seed=7)
    two = metrics.random_portfolios(pool, 13, n_draws=2000, seed=7)
    pd.testing.assert_frame_equal(one, two)
    assert (one.sum(axis=1) == 13).all()
    assert not one.equals(metrics.random_portfolios(pool, 13, n_draws=2000, seed=8))
    assert one.drop_duplicates().shape[0] > 1990  # draws differ from each other


def test_null_share_counts_ties_as_at_least_as_extreme():
    assert metrics.null_share(np.array([1.0, 2.0, 3.0]), 2.0, "le") == pytest.approx(2 / 3)
    assert metrics.null_share(np.array([1.0, 2.0, 3.0]), 2.0, "ge") == pytest.approx(2 / 3)


# ------------------------------------------------------------------------------ bad input
def test_unknown_sector_is_named_with_its_argument():
    d = pd.Series({"a": 1.0, "b": 2.0})
    with pytest.raises(ValueError, match="portfolio names sectors not in relatedness: 'zz'"):
        metrics.candidate_ranks(d, ["zz"], ["a", "b"])
    ports = pd.DataFrame([[True]], columns=["zz"])
    with pytest.raises(ValueError, match="portfolios names sectors not in relatedness"):
        metrics.null_statistics(_r4(), ports, list("abcdef"), ["e"], pd.Series({"e": 1.0}))


def test_empty_portfolio_is_refused():
    d = pd.Series({"a": 1.0, "b": 2.0})
    with pytest.raises(ValueError, match="portfolio must name at least one sector"):
        metrics.candidate_ranks(d, [], ["a", "b"])
    ports = pd.DataFrame([[False] * 6], columns=list("abcdef"), index=["none"])
    with pytest.raises(ValueError, match="portfolios has an empty portfolio: 'none'"):
        metrics.null_statistics(_r4(), ports, list("abcdef"), ["e"], pd.Series({"e": 1.0}))


def test_portfolio_of_all_sectors_is_refused():
    d = pd.Series({"a": 1.0, "b": 2.0})
    with pytest.raises(ValueError, match="portfolio holds every candidate"):
        metrics.candidate_ranks(d, ["a", "b"], ["a", "b"])
    ports = pd.DataFrame([[True, True, True, True, False, False]], columns=list("abcdef"))
    with pytest.raises(ValueError, match="portfolios row 0 holds every candidate"):
        metrics.null_statistics(_r4(), ports, list("abcd"), ["a"], pd.Series({"a": 1.0}))
    with pytest.raises(ValueError, match="size must be between 1 and 2"):
        metrics.random_portfolios(["a", "b", "c"], 3)


def test_non_square_table_is_refused_naming_the_argument():
    with pytest.raises(ValueError, match="flows must be square"):
        metrics.output_coefficients(_z().iloc[:2], _x())
    with pytest.raises(ValueError, match="coefficients must be square"):
        metrics.leontief_inverse(_z().iloc[:, :2])
    with pytest.raises(ValueError, match="relatedness must be square"):
        metrics.null_statistics(_r4().iloc[:5], pd.DataFrame([[True]], columns=["a"]),
                                ["a", "b"], ["b"], pd.Series({"b": 1.0}))


def test_negative_flows_are_refused_naming_the_cell():
    z = _z()
    z.loc["b", "a"] = -1.0
    with pytest.raises(ValueError, match="flows row 'b', column 'a': -1 is negative"):
        metrics.output_coefficients(z, _x())
    with pytest.raises(ValueError, match="flows row 'b', column 'a'"):
        metrics.domestic_flows(z, pd.Series(0.0, index=L3))
    with pytest.raises(ValueError, match="imports must be non-negative"):
        metrics.import_shares(_z(), pd.Series({"a": -1.0, "b": 0.0, "c": 0.0}),
                              _x(), pd.Series(0.0, index=L3))


def test_leontief_refuses_columns_that_sum_to_one_or_more():
    a = pd.DataFrame([[0.6, 0.0], [0.5, 0.0]], index=["a", "b"], columns=["a", "b"])
    with pytest.raises(ValueError, match="column 'a' sums to 1.1"):
        metrics.leontief_inverse(a)
