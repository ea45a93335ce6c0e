"""Tests for helpers.metrics: hand-computed examples, invariants and bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import metrics

pytestmark = pytest.mark.fast

# Two regions, three industries, used by several hand-computed examples.
#            i    j    k   | row total
#   A        2    2    4   |  8
#   B        6    0    2   |  8
#   column  8    2    6   | 16
X = pd.DataFrame({"i": [2.0, 6.0], "j": [2.0, 0.0], "k": [4.0, 2.0]}, index=["A", "B"])

# Binary region x industry matrix for the relatedness family.
#        i  j  k
#   A    1  1  0
#   B    1  0  1
#   C    1  1  1
M = pd.DataFrame({"i": [1, 1, 1], "j": [1, 0, 1], "k": [0, 1, 1]}, index=["A", "B", "C"])


# --------------------------------------------------------------------------- examples


def test_to_matrix_pivots_and_fills_missing_pairs_with_zero():
    long = pd.DataFrame(
        {"region": ["A", "A", "B"], "industry": ["i", "j", "i"], "value": [1, 3, 2]}
    )
    wide = metrics.to_matrix(long)
    expected = pd.DataFrame({"i": [1.0, 2.0], "j": [3.0, 0.0]}, index=["A", "B"])
    pd.testing.assert_frame_equal(wide, expected, check_names=False)


def test_to_matrix_accepts_several_row_keys():
    long = pd.DataFrame(
        {"region": ["A", "A"], "year": [2000, 2010], "industry": ["i", "i"], "value": [1, 2]}
    )
    wide = metrics.to_matrix(long, region=["region", "year"])
    assert wide.loc[("A", 2010), "i"] == 2.0


def test_shares_divide_each_row_by_its_total():
    # A: 2/8, 2/8, 4/8; B: 6/8, 0, 2/8
    expected = pd.DataFrame(
        {"i": [0.25, 0.75], "j": [0.25, 0.0], "k": [0.5, 0.25]}, index=["A", "B"]
    )
    pd.testing.assert_frame_equal(metrics.shares(X), expected)
    assert metrics.shares(X.loc["A"]).tolist() == [0.25, 0.25, 0.5]


def test_hhi_hand_computed():
    # A: 0.25² + 0.25² + 0.5² = 0.0625 + 0.0625 + 0.25 = 0.375
    # B: 0.75² + 0² + 0.25²   = 0.5625 + 0.0625        = 0.625
    out = metrics.hhi(X)
    assert out.name == "hhi"
    assert out.tolist() == pytest.approx([0.375, 0.625])
    assert metrics.hhi(X.loc["B"]) == pytest.approx(0.625)
    assert isinstance(metrics.hhi(X.loc["B"]), float)


def test_concentration_ratio_hand_computed():
    # k=1: A max share 0.5, B 0.75; k=2: A 0.5+0.25 = 0.75, B 0.75+0.25 = 1.0
    assert metrics.concentration_ratio(X, k=1).tolist() == pytest.approx([0.5, 0.75])
    out = metrics.concentration_ratio(X, k=2)
    assert out.name == "cr2"
    assert out.tolist() == pytest.approx([0.75, 1.0])


def test_concentration_ratio_with_k_beyond_columns_is_one():
    # k=10 > 3 columns: every share is summed
    assert metrics.concentration_ratio(X, k=10).tolist() == pytest.approx([1.0, 1.0])


def test_entropy_hand_computed_in_bits_and_nats():
    # A: -(0.25 log2 0.25)*2 - 0.5 log2 0.5 = 0.5 + 0.5 + 0.5 = 1.5 bits
    # B: -0.75 log2 0.75 - 0.25 log2 0.25 (0·log 0 = 0) = 0.311278 + 0.5 = 0.811278 bits
    out = metrics.entropy(X)
    assert out.tolist() == pytest.approx([1.5, 0.8112781244591328])
    # nats: 1.5 bits * ln 2
    assert metrics.entropy(X.loc["A"], base=math.e) == pytest.approx(1.5 * math.log(2))


def test_location_quotient_hand_computed():
    # industry shares of the total: i 8/16 = 0.5, j 2/16 = 0.125, k 6/16 = 0.375
    # A: 0.25/0.5 = 0.5, 0.25/0.125 = 2, 0.5/0.375 = 4/3
    # B: 0.75/0.5 = 1.5, 0/0.125 = 0,   0.25/0.375 = 2/3
    lq = metrics.location_quotient(X)
    np.testing.assert_allclose(lq.to_numpy(), [[0.5, 2.0, 4 / 3], [1.5, 0.0, 2 / 3]])
    binary = metrics.rca(X, binary=True)
    assert binary.to_numpy().tolist() == [[0, 1, 1], [1, 0, 0]]
    assert metrics.rca is metrics.location_quotient


def test_location_quotient_binary_counts_an_exact_one():
    # identical rows: every LQ is mathematically 1 (0.1/0.3 etc. are inexact in floats)
    x = pd.DataFrame({"i": [0.1, 0.1], "j": [0.2, 0.2], "k": [0.7, 0.7]}, index=["A", "B"])
    assert metrics.location_quotient(x, binary=True).to_numpy().min() == 1


def test_krugman_index_against_all_and_rest():
    # all: total shares 0.5, 0.125, 0.375
    #   A: |0.25-0.5| + |0.25-0.125| + |0.5-0.375| = 0.25 + 0.125 + 0.125 = 0.5
    #   B: |0.75-0.5| + |0-0.125| + |0.25-0.375|   = 0.25 + 0.125 + 0.125 = 0.5
    assert metrics.krugman_index(X).tolist() == pytest.approx([0.5, 0.5])
    # rest: A against B's shares: |0.25-0.75| + |0.25-0| + |0.5-0.25| = 1.0, same for B
    assert metrics.krugman_index(X, against="rest").tolist() == pytest.approx([1.0, 1.0])


def test_co_occurrence_has_ubiquity_on_the_diagonal():
    # C = MᵀM: i in A,B,C (3); j in A,C (2); k in B,C (2); i&j: A,C (2); i&k: B,C (2); j&k: C
    c = metrics.co_occurrence(M)
    assert c.to_numpy().tolist() == [[3, 2, 2], [2, 2, 1], [2, 1, 2]]
    assert list(c.index) == ["i", "j", "k"]


def test_relatedness_proximity_hand_computed():
    # φ_ij = C_ij / max(C_ii, C_jj): i-j 2/3, i-k 2/3, j-k 1/2; diagonal 1
    phi = metrics.relatedness(M)
    np.testing.assert_allclose(
        phi.to_numpy(), [[1, 2 / 3, 2 / 3], [2 / 3, 1, 0.5], [2 / 3, 0.5, 1]]
    )


def test_relatedness_cosine_hand_computed():
    # cos_ij = C_ij / sqrt(C_ii C_jj): i-j 2/sqrt(6), i-k 2/sqrt(6), j-k 1/2
    cos = metrics.relatedness(M, method="cosine")
    r6 = 2 / math.sqrt(6)
    np.testing.assert_allclose(cos.to_numpy(), [[1, r6, r6], [r6, 1, 0.5], [r6, 0.5, 1]])


def test_relatedness_density_hand_computed():
    # R = proximity above; column sums: i 1+2/3+2/3 = 7/3, j 2/3+1+1/2 = 13/6, k = 13/6
    # Region A has i, j: D_A,k = 100 (2/3 + 1/2) / (13/6) = 100 (7/6)/(13/6) = 700/13
    # D_A,i = 100 (1 + 2/3) / (7/3) = 500/7; D_A,j = 100 (2/3 + 1) / (13/6) = 1000/13
    r = metrics.relatedness(M)
    dens = metrics.relatedness_density(M, r)
    assert dens.loc["A"].tolist() == pytest.approx([500 / 7, 1000 / 13, 700 / 13])
    # region C has everything: 100 everywhere
    assert dens.loc["C"].tolist() == pytest.approx([100.0, 100.0, 100.0])


def test_relatedness_density_aligns_r_to_the_columns_of_m():
    r = metrics.relatedness(M)
    shuffled = r.loc[["k", "i", "j"], ["j", "k", "i"]]
    pd.testing.assert_frame_equal(
        metrics.relatedness_density(M, shuffled), metrics.relatedness_density(M, r)
    )


def test_diversity_and_ubiquity_count_ones():
    # rows of M: A 2, B 2, C 3; columns: i 3, j 2, k 2
    assert metrics.diversity(M).tolist() == [2, 2, 3]
    assert metrics.ubiquity(M).tolist() == [3, 2, 2]
    assert metrics.diversity(M.loc["C"]) == 3


def test_diversity_and_ubiquity_with_rca_use_the_binary_lq():
    # binary RCA of X is [[0,1,1],[1,0,0]]: diversity A 2, B 1; ubiquity i 1, j 1, k 1
    assert metrics.diversity(X, rca=True).tolist() == [2, 1]
    assert metrics.ubiquity(X, rca=True).tolist() == [1, 1, 1]


GROUPS = {"i": "G1", "j": "G1", "k": "G2"}


def test_related_and_unrelated_variety_hand_computed():
    # A shares 0.25, 0.25 | 0.5 -> P = (0.5, 0.5): UV = 1 bit;
    #   RV = 0.5 * H(0.5, 0.5) + 0.5 * H(1) = 0.5 * 1 + 0 = 0.5; total 1.5 = entropy(A)
    # B shares 0.75, 0 | 0.25 -> P = (0.75, 0.25): UV = 0.811278; RV = 0.75 * 0 + 0.25 * 0 = 0
    uv = metrics.unrelated_variety(X, GROUPS)
    rv = metrics.related_variety(X, pd.Series(GROUPS))
    assert uv.tolist() == pytest.approx([1.0, 0.8112781244591328])
    assert rv.tolist() == pytest.approx([0.5, 0.0])
    assert metrics.related_variety(X.loc["A"], GROUPS) == pytest.approx(0.5)


def test_firm_concentration_hand_computed():
    firms = pd.DataFrame(
        {
            "industry": [39, 39, 39, 39, 39, 40, 40],
            "year": [2000, 2000, 2000, 2001, 2001, 2000, 2000],
            "output": [5.0, 3.0, 2.0, 1.0, 1.0, 4.0, 0.0],
        }
    )
    out = metrics.firm_concentration(firms, by=["industry", "year"], value="output", k=2)
    # (39, 2000): shares 0.5, 0.3, 0.2 -> HHI 0.25+0.09+0.04 = 0.38, CR2 0.8
    # (39, 2001): 0.5, 0.5 -> HHI 0.5, CR2 1; (40, 2000): 1, 0 -> HHI 1, CR2 1
    assert list(out.index) == [(39, 2000), (39, 2001), (40, 2000)]
    assert list(out.columns) == ["hhi", "cr2", "n_firms", "total"]
    np.testing.assert_allclose(out["hhi"], [0.38, 0.5, 1.0])
    np.testing.assert_allclose(out["cr2"], [0.8, 1.0, 1.0])
    assert out["n_firms"].tolist() == [3, 2, 2]
    assert out["total"].tolist() == [10.0, 2.0, 4.0]


def test_firm_concentration_exact_on_large_input_with_screening():
    # above 50,000 rows the sampled screen is used; compare with the plain pandas way
    rng = np.random.default_rng(3)
    n = 120_000
    firms = pd.DataFrame(
        {
            "g": rng.integers(0, 40, n),
            "output": np.round(rng.pareto(1.2, n) * 100, 0),  # heavy tail and many ties
        }
    )
    # adversarial ordering: the sample (every 8th row) holds the smallest values
    firms = firms.sort_values("output").reset_index(drop=True)
    out = metrics.firm_concentration(firms, by="g", value="output", k=4)
    top4 = firms.groupby("g")["output"].apply(lambda s: s.nlargest(4).sum())
    total = firms.groupby("g")["output"].sum()
    np.testing.assert_allclose(out["cr4"], top4 / total, rtol=1e-12)


# --------------------------------------------------------------------------- properties

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def amount_matrices(draw, min_rows=1, max_rows=6, max_cols=8):
    """Non-negative matrices with no all-zero row (and none all-zero column)."""
    n_rows = draw(st.integers(min_rows, max_rows))
    n_cols = draw(st.integers(1, max_cols))
    values = draw(
        arrays(np.float64, (n_rows, n_cols), elements=st.floats(0, 1e6, allow_subnormal=False))
    )
    values[:, 0] += 1.0  # no all-zero row or first column
    values[0, :] += 1.0  # no all-zero column
    return pd.DataFrame(
        values, index=[f"R{r}" for r in range(n_rows)], columns=[f"I{c}" for c in range(n_cols)]
    )


@FAST
@given(amount_matrices())
def test_hhi_lies_between_one_over_n_and_one(x):
    h = metrics.hhi(x)
    assert (h >= 1 / x.shape[1] - 1e-12).all() and (h <= 1 + 1e-12).all()


@FAST
@given(amount_matrices())
def test_concentration_ratio_is_non_decreasing_in_k_and_reaches_one(x):
    n = x.shape[1]
    crs = np.column_stack([metrics.concentration_ratio(x, k=k) for k in range(1, n + 2)])
    assert (np.diff(crs, axis=1) >= -1e-12).all()
    np.testing.assert_allclose(crs[:, n - 1], 1.0)


@FAST
@given(amount_matrices(), st.sampled_from([2, math.e, 10, 0.5]))
def test_entropy_lies_between_zero_and_log_n(x, base):
    h = metrics.entropy(x, base=base)
    bound = abs(math.log(x.shape[1]) / math.log(base))
    # for base < 1 the logarithm changes sign, so the bounds swap
    low, high = sorted([0.0, bound * np.sign(math.log(base))])
    assert (h >= low - 1e-9).all() and (h <= high + 1e-9).all()


@FAST
@given(amount_matrices(), st.data())
def test_related_plus_unrelated_variety_is_total_entropy(x, data):
    labels = data.draw(st.lists(st.sampled_from("ABC"), min_size=x.shape[1], max_size=x.shape[1]))
    groups = dict(zip(x.columns, labels, strict=True))
    total = metrics.related_variety(x, groups) + metrics.unrelated_variety(x, groups)
    np.testing.assert_allclose(total, metrics.entropy(x), atol=1e-9)


@FAST
@given(amount_matrices(min_rows=2))
def test_industry_weighted_mean_of_lq_is_one(x):
    # sum_i (x_i / x) LQ_ri = sum_i x_ri / x_r = 1 for every region r
    weights = x.sum(axis=0) / x.to_numpy().sum()
    np.testing.assert_allclose(metrics.location_quotient(x) @ weights, 1.0)


@FAST
@given(amount_matrices(), st.floats(1e-3, 1e3))
def test_scaling_a_row_leaves_share_based_indicators_unchanged(x, factor):
    scaled = x.copy()
    scaled.iloc[0] = scaled.iloc[0] * factor
    for f in (metrics.hhi, metrics.concentration_ratio, metrics.entropy):
        np.testing.assert_allclose(f(scaled), f(x), rtol=1e-9)
    np.testing.assert_allclose(metrics.shares(scaled), metrics.shares(x), rtol=1e-9, atol=1e-15)


@FAST
@given(amount_matrices(min_rows=2))
def test_krugman_index_lies_in_zero_two(x):
    for against in ("all", "rest"):
        k = metrics.krugman_index(x, against=against)
        assert (k >= 0).all() and (k <= 2 + 1e-12).all()


@FAST
@given(amount_matrices(min_rows=2))
def test_relatedness_is_symmetric_with_unit_diagonal(x):
    m = metrics.location_quotient(x, binary=True)
    for method in ("proximity", "cosine"):
        r = metrics.relatedness(m, method=method).to_numpy()
        np.testing.assert_allclose(r, r.T)
        np.testing.assert_allclose(np.diag(r), 1.0)
        assert (r >= 0).all() and (r <= 1 + 1e-12).all()


@st.composite
def firm_tables(draw):
    n = draw(st.integers(1, 60))
    groups = draw(arrays(np.int64, n, elements=st.integers(0, 4)))
    years = draw(arrays(np.int64, n, elements=st.integers(2000, 2001)))
    output = draw(arrays(np.float64, n, elements=st.floats(0, 1e6, allow_subnormal=False)))
    output += 0.5  # no group with a zero total
    return pd.DataFrame({"industry": groups, "year": years, "output": output})


@FAST
@given(firm_tables(), st.integers(1, 6))
def test_firm_concentration_matches_the_slow_path_group_by_group(firms, k):
    fast = metrics.firm_concentration(firms, by=["industry", "year"], value="output", k=k)
    for key, group in firms.groupby(["industry", "year"]):
        values = group["output"].reset_index(drop=True)
        assert fast.loc[key, "hhi"] == pytest.approx(metrics.hhi(values), rel=1e-9)
        assert fast.loc[key, f"cr{k}"] == pytest.approx(
            metrics.concentration_ratio(values, k=k), rel=1e-9
        )
        assert fast.loc[key, "n_firms"] == len(group)
    assert len(fast) == firms.groupby(["industry", "year"]).ngroups


# --------------------------------------------------------------------------- bad input


def test_negative_value_is_named_by_row_and_column():
    bad = X.copy()
    bad.loc["B", "k"] = -3.0
    with pytest.raises(ValueError, match=r"row 'B', column 'k': -3 is negative"):
        metrics.hhi(bad)


def test_nan_is_named_by_row_and_column():
    bad = X.copy()
    bad.loc["A", "j"] = np.nan
    with pytest.raises(ValueError, match=r"NaN.*row 'A', column 'j'"):
        metrics.entropy(bad)


def test_non_numeric_column_is_named():
    bad = X.assign(note=["x", "y"])
    with pytest.raises(ValueError, match=r"non-numeric columns: 'note'"):
        metrics.shares(bad)


def test_all_zero_row_names_the_region():
    bad = X.copy()
    bad.loc["B"] = 0.0
    with pytest.raises(ValueError, match=r"all-zero rows.*'B'"):
        metrics.concentration_ratio(bad)


def test_empty_input_is_rejected():
    with pytest.raises(ValueError, match="empty"):
        metrics.hhi(pd.DataFrame())
    with pytest.raises(ValueError, match="empty"):
        metrics.to_matrix(pd.DataFrame(columns=["region", "industry", "value"]))


@pytest.mark.parametrize("k", [0, -1, 2.5, "4", True])
def test_bad_k_is_rejected_naming_k(k):
    with pytest.raises(ValueError, match=r"k must be a positive integer"):
        metrics.concentration_ratio(X, k=k)
    firms = pd.DataFrame({"g": [1], "v": [1.0]})
    with pytest.raises(ValueError, match=r"k must be a positive integer"):
        metrics.firm_concentration(firms, by="g", value="v", k=k)


@pytest.mark.parametrize("base", [0, -2, 1, 1.0, float("nan")])
def test_bad_base_is_rejected_naming_base(base):
    with pytest.raises(ValueError, match=r"base must be a number > 0 and != 1"):
        metrics.entropy(X, base=base)
    with pytest.raises(ValueError, match=r"base must be"):
        metrics.related_variety(X, GROUPS, base=base)


def test_group_mapping_missing_industries_names_them():
    with pytest.raises(ValueError, match=r"does not map these industries.*'k'"):
        metrics.related_variety(X, {"i": "G1", "j": "G1"})
    with pytest.raises(ValueError, match=r"does not map these industries.*'j', 'k'"):
        metrics.unrelated_variety(X, pd.Series({"i": "G1"}))


def test_non_binary_matrix_is_rejected_where_binary_is_required():
    for f in (metrics.co_occurrence, metrics.relatedness, metrics.diversity, metrics.ubiquity):
        with pytest.raises(ValueError, match=r"binary.*row 'A', column 'i' is 2"):
            f(X)
    with pytest.raises(ValueError, match=r"binary"):
        metrics.relatedness_density(X, metrics.relatedness(M))


def test_unknown_method_is_rejected_naming_it():
    with pytest.raises(ValueError, match=r"unknown method 'jaccard'"):
        metrics.relatedness(M, method="jaccard")
    with pytest.raises(ValueError, match=r"against must be 'all' or 'rest'"):
        metrics.krugman_index(X, against="nation")


def test_to_matrix_duplicates_are_named():
    long = pd.DataFrame(
        {"region": ["A", "A", "B"], "industry": ["i", "i", "i"], "value": [1, 2, 3]}
    )
    with pytest.raises(ValueError, match=r"duplicated region x industry pairs: \('A', 'i'\)"):
        metrics.to_matrix(long)


def test_to_matrix_names_missing_columns_and_bad_rows():
    long = pd.DataFrame({"region": ["A", "B"], "industry": ["i", "i"], "value": [1.0, -3.0]})
    with pytest.raises(ValueError, match=r"no column\(s\) 'amount'"):
        metrics.to_matrix(long, value="amount")
    with pytest.raises(ValueError, match=r"row 1, column 'value': -3 is negative"):
        metrics.to_matrix(long)


def test_undefined_lq_and_relatedness_name_the_empty_industry():
    x = X.assign(z=0.0)
    with pytest.raises(ValueError, match=r"all-zero columns.*'z'"):
        metrics.location_quotient(x)
    m = M.assign(z=0)
    with pytest.raises(ValueError, match=r"present in no region.*'z'"):
        metrics.relatedness(m)


def test_relatedness_density_names_industries_missing_from_r():
    r = metrics.relatedness(M).drop(index="k", columns="k")
    with pytest.raises(ValueError, match=r"lack these industries.*'k'"):
        metrics.relatedness_density(M, r)


def test_firm_concentration_names_bad_rows_columns_and_groups():
    firms = pd.DataFrame({"g": [1, 1, 2], "v": [1.0, -2.0, 0.0]})
    with pytest.raises(ValueError, match=r"row 1, column 'v': -2 is negative"):
        metrics.firm_concentration(firms, by="g", value="v")
    with pytest.raises(ValueError, match=r"total 'v' of 0.*2"):
        metrics.firm_concentration(firms.assign(v=[1.0, 2.0, 0.0]), by="g", value="v")
    with pytest.raises(ValueError, match=r"no column\(s\) 'year'"):
        metrics.firm_concentration(firms, by=["g", "year"], value="v")
    with pytest.raises(ValueError, match=r"row 2, column 'v': nan is missing"):
        metrics.firm_concentration(firms.assign(v=[1.0, 2.0, np.nan]), by="g", value="v")
    with pytest.raises(ValueError, match="empty"):
        metrics.firm_concentration(firms.iloc[:0], by="g", value="v")


def test_series_input_where_a_matrix_is_needed_is_a_type_error():
    with pytest.raises(TypeError, match="DataFrame"):
        metrics.location_quotient(X.loc["A"])


def test_firm_concentration_with_many_sparse_key_combinations():
    # 3,000 x 3,000 possible keys but 6,000 rows: exercises the sorted (np.unique) coding
    rng = np.random.default_rng(5)
    firms = pd.DataFrame(
        {
            "a": rng.integers(0, 3_000, 6_000),
            "b": rng.integers(0, 3_000, 6_000),
            "v": rng.random(6_000) + 0.1,
        }
    )
    out = metrics.firm_concentration(firms, by=["a", "b"], value="v", k=2)
    grouped = firms.groupby(["a", "b"])["v"]
    expected_cr = grouped.apply(lambda s: s.nlargest(2).sum()) / grouped.sum()
    expected_hhi = grouped.apply(lambda s: ((s / s.sum()) ** 2).sum())
    pd.testing.assert_index_equal(out.index, expected_cr.index)
    np.testing.assert_allclose(out["cr2"], expected_cr, rtol=1e-12)
    np.testing.assert_allclose(out["hhi"], expected_hhi, rtol=1e-12)


def test_firm_concentration_with_more_groups_than_16_bit_codes():
    # 70,000 groups of 3 firms: exercises the combined-key sort used beyond 65,535 groups
    rng = np.random.default_rng(6)
    firms = pd.DataFrame({"g": np.repeat(np.arange(70_000), 3), "v": rng.random(210_000)})
    out = metrics.firm_concentration(firms, by="g", value="v", k=2)
    top2 = firms.sort_values("v", ascending=False).groupby("g")["v"].head(2)
    expected = top2.groupby(firms.loc[top2.index, "g"]).sum() / firms.groupby("g")["v"].sum()
    np.testing.assert_allclose(out["cr2"], expected.sort_index(), rtol=1e-12)


# --------------------------------------------------------------------------- hhi_lower_bound


def test_hhi_lower_bound_of_one_share_is_its_square():
    assert metrics.hhi_lower_bound([0.65]) == pytest.approx(0.4225)


def test_hhi_lower_bound_spreads_the_rest_evenly_over_the_other_sectors():
    # 0.65**2 + 0.35**2 / 29 = 0.4225 + 0.004224...
    assert metrics.hhi_lower_bound([0.65], n=30) == pytest.approx(0.4225 + 0.35**2 / 29)
    # and that is exactly the HHI of the evenly spread case
    even = pd.Series([0.65] + [0.35 / 29] * 29)
    assert metrics.hhi(even) == pytest.approx(metrics.hhi_lower_bound([0.65], n=30))


@given(st.lists(st.floats(0, 1), min_size=1, max_size=30), st.integers(1, 40))
@settings(max_examples=60, deadline=None)
def test_hhi_lower_bound_never_exceeds_an_hhi_with_those_shares(raw, extra):
    total = sum(raw)
    if total == 0:
        return
    known = [v / total * 0.9 for v in raw]  # leave 10% for the others
    n = len(known) + extra
    rest = pd.Series(known + [0.1 / extra] * extra)
    assert metrics.hhi_lower_bound(known, n=n) <= metrics.hhi(rest) + 1e-12
    assert metrics.hhi_lower_bound(known) <= metrics.hhi_lower_bound(known, n=n) + 1e-12


@pytest.mark.parametrize(
    ("shares", "n", "match"),
    [([], None, "empty"), ([1.2], None, r"\[0, 1\]"), ([0.7, 0.6], None, "sum to"),
     ([0.5], 0, "n must be"), ([0.5], 1, "no other sector")],
)
def test_hhi_lower_bound_rejects_bad_input(shares, n, match):
    with pytest.raises(ValueError, match=match):
        metrics.hhi_lower_bound(shares, n=n)


# --------------------------------------------------------------------------- issue 10 / 12


def test_krugman_index_against_the_rest_reaches_its_bound_of_two():
    # regression (issue 12 item 16): the docstring said < 2, but two regions with nothing
    # in common are 2 apart when each is compared with the rest.
    apart = pd.DataFrame({"i": [5.0, 0.0], "j": [0.0, 3.0]}, index=["A", "B"])
    assert metrics.krugman_index(apart, against="rest").tolist() == [2.0, 2.0]
    assert metrics.krugman_index(apart).max() < 2  # the region is part of its reference


def test_location_quotient_threshold_and_tolerance_are_parameters():
    # LQ of A: i 0.5, j 1.5
    two = pd.DataFrame({"i": [1.0, 3.0], "j": [3.0, 1.0]}, index=["A", "B"])
    assert metrics.location_quotient(two, binary=True, threshold=1.5).loc["A"].tolist() == [0, 1]
    assert metrics.location_quotient(two, binary=True, threshold=0.5).loc["A"].tolist() == [1, 1]
    # B = 3 A: every LQ is mathematically 1; one comes out as 0.9999999999999999
    exact = pd.DataFrame({"i": [0.1, 0.3], "j": [0.1, 0.3], "k": [0.7, 2.1]}, index=["A", "B"])
    lq = metrics.location_quotient(exact).to_numpy()
    assert lq.min() < 1  # a rounding error below the exact 1 ...
    assert metrics.location_quotient(exact, binary=True, tolerance=0).to_numpy().min() == 0
    assert metrics.location_quotient(exact, binary=True).to_numpy().min() == 1  # ... tolerated


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": 0}, "threshold must be positive"),
        ({"threshold": "1"}, "threshold must be a number"),
        ({"tolerance": -1e-9}, "tolerance must be >= 0"),
        ({"tolerance": 2.0}, "smaller than threshold"),
        ({"tolerance": float("inf")}, "tolerance must be finite"),
    ],
)
def test_bad_cutoff_is_rejected_naming_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message):
        metrics.location_quotient(X, binary=True, **kwargs)


def test_rpop_hand_computed():
    # population A 1, B 3 (total 4); x_.i = 8, x_.j = 2, x_.k = 6
    # A: i (2/1)/(8/4) = 1, j (2/1)/(2/4) = 4, k (4/1)/(6/4) = 8/3
    pop = pd.Series({"B": 3.0, "A": 1.0, "Z": 9.0})  # order and extra regions do not matter
    assert metrics.rpop(X, pop).loc["A"].tolist() == pytest.approx([1.0, 4.0, 8 / 3])
    assert metrics.rpop(X, pop, binary=True).loc["B"].tolist() == [1, 0, 0]


def test_relatedness_conditional_is_one_conditional_probability():
    # P(i | j) = C_ij / C_jj: i|j 2/2, j|i 2/3, j|k 1/2, k|i 2/3
    r = metrics.relatedness(M, method="conditional")
    np.testing.assert_allclose(r.to_numpy(), [[1, 1, 1], [2 / 3, 1, 0.5], [2 / 3, 0.5, 1]])
    # the symmetric proximity is the smaller of the two directions
    np.testing.assert_allclose(np.minimum(r, r.T), metrics.relatedness(M))


def test_relatedness_continuous_hand_computed():
    # columns i = (1, 2, 3), j = (3, 2, 1), k = (1, 2, 4): corr(i, j) = -1 -> 0
    x = pd.DataFrame({"i": [1.0, 2.0, 3.0], "j": [3.0, 2.0, 1.0], "k": [1.0, 2.0, 4.0]})
    r = metrics.relatedness(x, method="continuous")
    rho = np.corrcoef([1, 2, 3], [1, 2, 4])[0, 1]
    up, down = (1 + rho) / 2, (1 - rho) / 2
    np.testing.assert_allclose(
        r.to_numpy(), [[1, 0, up], [0, 1, down], [up, down, 1]], atol=1e-12
    )
    with pytest.raises(ValueError, match=r"same value in every region.*'c'"):
        metrics.relatedness(x.assign(c=2.0), method="continuous")


LAB_M = pd.DataFrame({"i": [1, 1, 0], "j": [1, 0, 1], "k": [0, 1, 1]}, index=["A", "B", "C"])


def econgeo_relatedness_density(mat: np.ndarray, rel: np.ndarray) -> np.ndarray:
    """EconGeo's relatedness_density (R, 2.x) transcribed: round(100 * mat R / colSums(R), 2)."""
    return np.round(100 * (mat @ rel) / rel.sum(axis=0), 2)


def test_density_diagonal_zero_matches_econgeo_and_keep_matches_ecomplexity():
    # regression (issue 12 item 16): the lab's 3-region example. Every pair has proximity
    # 0.5; region A lacks k. Diagonal kept: (0.5 + 0.5) / (0.5 + 0.5 + 1) = 50;
    # diagonal zeroed as EconGeo's relatedness() returns it: (0.5 + 0.5) / (0.5 + 0.5) = 100.
    phi = metrics.relatedness(LAB_M)
    assert metrics.relatedness_density(LAB_M, phi).loc["A", "k"] == pytest.approx(50.0)
    assert metrics.relatedness_density(LAB_M, phi, diagonal="zero").loc["A", "k"] == 100.0
    for m in (LAB_M, M):
        phi = metrics.relatedness(m)
        econgeo_phi = phi.to_numpy().copy()
        np.fill_diagonal(econgeo_phi, 0.0)  # EconGeo relatedness() always zeroes it
        ours = metrics.relatedness_density(m, phi, diagonal="zero").round(2)
        np.testing.assert_array_equal(
            ours, econgeo_relatedness_density(m.to_numpy(dtype=float), econgeo_phi)
        )
        # "one" restores ecomplexity's convention even from a zero-diagonal matrix
        zeroed = pd.DataFrame(econgeo_phi, index=phi.index, columns=phi.columns)
        pd.testing.assert_frame_equal(
            metrics.relatedness_density(m, zeroed, diagonal="one"),
            metrics.relatedness_density(m, phi),
        )


def test_density_bad_diagonal_and_zeroed_isolated_industry_are_named():
    with pytest.raises(ValueError, match=r"diagonal must be .*'drop'"):
        metrics.relatedness_density(M, metrics.relatedness(M), diagonal="drop")
    alone = pd.DataFrame(np.eye(3), index=list("ijk"), columns=list("ijk"))
    with pytest.raises(ValueError, match=r"all-zero columns.*'i'.*diagonal is set to 0"):
        metrics.relatedness_density(M, alone, diagonal="zero")


def test_co_occurrence_zero_diagonal_recipe_works_on_read_only_arrays():
    # regression (issue 10): the old recipe wrote into c.values, read-only under pandas 3
    c = metrics.co_occurrence(M)
    zeroed = c.mask(np.eye(len(c), dtype=bool), 0)
    assert np.diag(zeroed).tolist() == [0, 0, 0]
    assert np.diag(c).tolist() == [3, 2, 2]  # the original is untouched


PANEL = pd.DataFrame(
    {
        "year": [2001] * 4 + [2000] * 4,
        "region": ["A", "A", "B", "B"] * 2,
        "industry": ["i", "j"] * 4,
        "value": [2.0, 2.0, 1.0, 1.0, 1.0, 3.0, 3.0, 1.0],
    }
)


def test_by_year_stacks_series_frames_and_numbers_into_tidy_tables():
    k = metrics.by_year(PANEL, metrics.krugman_index, against="rest")
    assert list(k.columns) == ["year", "region", "krugman"]
    assert k["year"].tolist() == [2000, 2000, 2001, 2001]  # sorted by year
    assert k["krugman"].tolist() == pytest.approx([1.0, 1.0, 0.0, 0.0])
    lq = metrics.by_year(PANEL, metrics.location_quotient)
    assert list(lq.columns) == ["year", "region", "industry", "value"]
    first = lq[lq["year"] == 2000].set_index(["region", "industry"])["value"]
    direct = metrics.location_quotient(metrics.to_matrix(PANEL[PANEL["year"] == 2000])).stack()
    np.testing.assert_allclose(first.to_numpy(), direct.to_numpy())
    phi = metrics.by_year(PANEL, lambda x: metrics.relatedness(x, method="cosine"))
    assert list(phi.columns) == ["year", "industry_1", "industry_2", "value"]
    total = metrics.by_year(PANEL, lambda x: float(x.to_numpy().sum()))
    assert total.to_dict("list") == {"year": [2000, 2001], "value": [8.0, 6.0]}


def test_by_year_names_the_year_that_fails_and_missing_columns():
    bad = PANEL.copy()
    bad.loc[bad["year"] == 2001, "value"] = 0.0
    with pytest.raises(ValueError, match=r"location_quotient failed for year 2001: .*all-zero"):
        metrics.by_year(bad, metrics.location_quotient)
    with pytest.raises(ValueError, match=r"panel lacks these columns: 'yr'"):
        metrics.by_year(PANEL, metrics.hhi, year="yr")
    nan_year = PANEL.astype({"year": float})
    nan_year.loc[3, "year"] = np.nan
    with pytest.raises(ValueError, match=r"panel rows 3 have no 'year'"):
        metrics.by_year(nan_year, metrics.hhi)
    with pytest.raises(TypeError, match="number, a Series or a DataFrame"):
        metrics.by_year(PANEL, lambda x: "text")
