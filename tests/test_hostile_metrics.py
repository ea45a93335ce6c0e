"""Issue 21, hostile inputs to helpers.metrics: each fails clearly or computes right.

Every regression test names the item of issue 21 it pins; the property test covers grouping
keys of any cardinality in ``firm_concentration``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import metrics
from helpers.metrics._checks import _guard

pytestmark = pytest.mark.fast


@pytest.fixture(autouse=True)
def _no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no overflow warning leaks out either
        yield


def _x(seed=1, scale=1.0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.random((4, 4)) + 0.1, index=list("ABCD"), columns=list("ijkl")) \
        * scale


# --------------------------------------------------------------------------- item 1


@pytest.mark.parametrize(("n_keys", "n_values"), [(4, 70_000), (5, 20_000)])
def test_item1_firm_concentration_with_many_high_cardinality_keys_keeps_true_labels(
        n_keys, n_values):
    rng = np.random.default_rng(0)
    firms = pd.DataFrame({f"k{j}": rng.permutation(n_values) for j in range(n_keys)})
    firms["v"] = rng.random(n_values) + 0.1
    keys = [f"k{j}" for j in range(n_keys)]
    out = metrics.firm_concentration(firms, by=keys, value="v")
    expected = firms.groupby(keys)["v"].sum()
    assert out.index.equals(expected.index)  # every label exists in the data, in order
    np.testing.assert_allclose(out["total"].to_numpy(), expected.to_numpy())


@st.composite
def firm_tables(draw):
    n_keys = draw(st.integers(1, 5))
    n_rows = draw(st.integers(1, 60))
    # each key column draws from a small or a huge range of integers (the radix that used
    # to overflow int64), or from strings
    columns = {}
    for j in range(n_keys):
        kind = draw(st.sampled_from(["small", "huge", "text"]))
        if kind == "small":
            col = draw(st.lists(st.integers(0, 3), min_size=n_rows, max_size=n_rows))
        elif kind == "huge":
            col = draw(st.lists(st.integers(-(2**62), 2**62), min_size=n_rows,
                                max_size=n_rows))
        else:
            col = draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n_rows,
                                max_size=n_rows))
        columns[f"k{j}"] = col
    columns["v"] = draw(st.lists(st.floats(0.5, 1e6), min_size=n_rows, max_size=n_rows))
    return pd.DataFrame(columns)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(firms=firm_tables(), k=st.integers(1, 3))
def test_item1_property_grouping_keys_of_any_cardinality_match_groupby(firms, k):
    keys = [c for c in firms.columns if c != "v"]
    out = metrics.firm_concentration(firms, by=keys, value="v", k=k)
    grouped = firms.groupby(keys)["v"]
    assert out.index.equals(grouped.sum().index)
    np.testing.assert_allclose(out["total"].to_numpy(), grouped.sum().to_numpy())
    expected_hhi = grouped.apply(lambda s: float(((s / s.sum()) ** 2).sum()))
    np.testing.assert_allclose(out["hhi"].to_numpy(), expected_hhi.to_numpy())
    expected_cr = grouped.apply(lambda s: float(s.nlargest(k).sum() / s.sum()))
    np.testing.assert_allclose(out[f"cr{k}"].to_numpy(), expected_cr.to_numpy())


# --------------------------------------------------------------------------- item 2


def test_item2_group_mean_refuses_nan_values_instead_of_halving_the_mean():
    mapping = pd.DataFrame({"code": ["a", "b"], "target": ["g", "g"]})
    with pytest.raises(ValueError, match="values of sector 'a': nan is missing"):
        metrics.group_mean(pd.Series({"a": np.nan, "b": 30.0}), mapping)


@pytest.mark.parametrize(
    ("weights", "message"),
    [({"a": -1.0, "b": 1.0}, "weights of sector 'a': -1 is negative"),
     ({"a": 0.0, "b": 0.0}, "weights sum to 0 over every sector of groups 'g'"),
     ({"a": np.nan, "b": 1.0}, "weights of sector 'a': nan is missing")],
)
def test_item2_group_mean_refuses_negative_zero_and_missing_weights(weights, message):
    mapping = pd.DataFrame({"code": ["a", "b"], "target": ["g", "g"]})
    with pytest.raises(ValueError, match=message):
        metrics.group_mean(pd.Series({"a": 10.0, "b": 30.0}), mapping, pd.Series(weights))


def test_item2_group_mean_weighted_result_unchanged_and_stable_at_1e300():
    v = pd.Series({"a": 10.0, "b": 30.0})
    m = pd.DataFrame({"code": ["a", "b", "b"], "target": ["g", "g", "h"]})
    w = pd.Series({"a": 1.0, "b": 3.0})
    assert metrics.group_mean(v, m, weights=w).tolist() == [25.0, 30.0]
    assert metrics.group_mean(v * 1e300, m, weights=w * 1e300).tolist() == [25e300, 30e300]


@pytest.mark.parametrize(
    ("relatedness", "message"),
    [(pd.DataFrame([[0, np.nan], [1, 0]], index=list("ab"), columns=list("ab")),
      "relatedness has missing values"),
     (pd.DataFrame([[0, -1], [1, 0]], index=list("ab"), columns=list("ab")),
      "relatedness row 'a', column 'b': -1 is negative"),
     (pd.DataFrame([[0, 1, 2], [1, 0, 3]], index=list("ab"), columns=list("abc")),
      "relatedness must be square")],
)
def test_item2_density_contributions_checks_its_matrix(relatedness, message):
    with pytest.raises(ValueError, match=message):
        metrics.density_contributions(relatedness, {"a": "g"})


# --------------------------------------------------------------------------- item 3


@pytest.mark.parametrize("method", ["continuous", "cosine"])
@pytest.mark.parametrize("scale", [1e300, 1e-300, 1e-13])
def test_item3_relatedness_of_rescaled_amounts_is_the_same(method, scale):
    expected = metrics.relatedness(_x(), method)
    pd.testing.assert_frame_equal(metrics.relatedness(_x(scale=scale), method), expected,
                                  rtol=1e-12)


def test_item3_firm_concentration_with_huge_and_tiny_values_is_right():
    firms = pd.DataFrame({"g": [1, 1, 2, 2, 3, 3], "v": [1e200, 3e200, 1e-170, 3e-170, 1, 3]})
    out = metrics.firm_concentration(firms, "g", "v", k=1)
    np.testing.assert_allclose(out["hhi"], [0.625, 0.625, 0.625], rtol=1e-14)
    np.testing.assert_allclose(out["cr1"], [0.75, 0.75, 0.75], rtol=1e-14)


def test_item3_a_group_total_beyond_float_range_is_refused_by_the_guard():
    firms = pd.DataFrame({"g": [1, 1], "v": [1.7e308, 1.7e308]})
    with pytest.raises(ValueError, match=r"firm_concentration: the result would hold 1 NaN"):
        metrics.firm_concentration(firms, "g", "v")


def test_item3_cells_of_1e308_give_hhi_one_half_and_lq_one():
    big = pd.DataFrame([[1e308, 1e308], [1e308, 1e308]], index=["A", "B"], columns=["i", "j"])
    assert metrics.hhi(big).tolist() == [0.5, 0.5]
    assert metrics.location_quotient(big).to_numpy().tolist() == [[1.0, 1.0], [1.0, 1.0]]
    assert metrics.entropy(big).tolist() == [1.0, 1.0]
    assert metrics.krugman_index(big).tolist() == [0.0, 0.0]
    assert metrics.shares(big).to_numpy().tolist() == [[0.5, 0.5], [0.5, 0.5]]
    assert metrics.concentration_ratio(big, k=1).tolist() == [0.5, 0.5]


def test_item3_scaling_changes_no_result_on_ordinary_input():
    x = _x(seed=7)
    assert metrics.hhi(x * 2.0**-40).tolist() == metrics.hhi(x).tolist()
    pd.testing.assert_frame_equal(metrics.location_quotient(x * 1e200),
                                  metrics.location_quotient(x), rtol=1e-14)


def test_item3_input_coefficients_with_a_tiny_total_stays_finite_or_is_refused():
    flows = pd.DataFrame([[0.0, 1e-320], [0.0, 0.0]], index=list("ab"), columns=list("ab"))
    a = metrics.input_coefficients(flows, pd.Series({"a": 1.0, "b": 1e-320}))
    assert np.isfinite(a.to_numpy()).all() and a.loc["a", "b"] == 1.0
    with pytest.raises(ValueError, match="is larger than the total input of 'b'"):
        metrics.input_coefficients(flows * 2, pd.Series({"a": 1.0, "b": 1e-320}))


def test_item3_the_output_guard_names_the_function_and_the_cause():
    with pytest.raises(ValueError, match=r"^hhi: the result would hold 2 NaN or infinite"):
        _guard("hhi", pd.Series([np.nan, np.inf, 1.0]))
    assert _guard("hhi", 0.5) == 0.5


# --------------------------------------------------------------------------- item 5


@pytest.mark.parametrize(
    ("present_start", "transition", "message"),
    [(["0", "1"], ["absent", "stay"], "must hold the numbers 0 and 1"),
     ([2, 1], ["absent", "stay"], "row 0, column 'present_start': 2 is not 0 or 1"),
     ([1, 1], ["entry", "stay"], "row 0: transition 'entry' contradicts present_start 1"),
     ([0, 0], ["absent", "exit"], "row 1: transition 'exit' contradicts present_start 0")],
)
def test_item5_branching_probability_validates_present_start(present_start, transition,
                                                            message):
    table = pd.DataFrame({"density": [10.0, 30.0], "present_start": present_start,
                          "transition": transition})
    with pytest.raises(ValueError, match=message):
        metrics.branching_probability(table)


def test_item5_boolean_present_start_still_works():
    table = pd.DataFrame({"density": [10.0, 30.0], "present_start": [False, True],
                          "transition": ["entry", "stay"]})
    assert metrics.branching_probability(table, bins=[0, 100])["events"].tolist() == [1]


# --------------------------------------------------------------------------- item 13


def test_item13_labels_1_and_str_1_get_a_clear_error():
    long = pd.DataFrame({"region": [1, "1"], "industry": ["i", "i"], "value": [1.0, 2.0]})
    with pytest.raises(ValueError, match="column 'region' mixes labels of different types"):
        metrics.to_matrix(long)
    firms = pd.DataFrame({"g": [1, "1"], "v": [1.0, 2.0]})
    with pytest.raises(ValueError, match="firms column 'g' mixes labels"):
        metrics.firm_concentration(firms, "g", "v")


def test_item13_tiny_varying_amounts_are_not_called_constant():
    pd.testing.assert_frame_equal(metrics.relatedness(_x(scale=1e-13), "continuous"),
                                  metrics.relatedness(_x(), "continuous"), rtol=1e-12)
    flat = _x()
    flat["i"] = 1e-13
    with pytest.raises(ValueError, match="same value in every region.*'i'"):
        metrics.relatedness(flat, "continuous")


# --------------------------------------------------------------------------- item 15


def test_item15_complex_amounts_are_refused():
    x = _x().astype(complex)
    x.iloc[0, 0] = 1 + 2j
    with pytest.raises(ValueError, match="complex-number columns"):
        metrics.hhi(x)


def test_item15_input_coefficients_refuses_a_flow_larger_than_total_input():
    flows = pd.DataFrame([[0, 2], [60, 0]], index=list("ab"), columns=list("ab"))
    with pytest.raises(ValueError, match=r"flows row 'b', column 'a': 60 is larger than the "
                                         r"total input of 'a' \(10\)"):
        metrics.input_coefficients(flows, pd.Series({"a": 10, "b": 20}))


@pytest.mark.parametrize("flag", ["no", 0, 1, None, "False"])
def test_item15_yes_no_arguments_must_be_bools(flag):
    with pytest.raises(ValueError, match="binary must be True or False"):
        metrics.location_quotient(_x(), binary=flag)
    with pytest.raises(ValueError, match="rca must be True or False"):
        metrics.diversity(_x(), rca=flag)
    with pytest.raises(ValueError, match="rca must be True or False"):
        metrics.ubiquity(_x(), rca=flag)
