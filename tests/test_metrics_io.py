"""Tests for helpers.metrics.io: input-output relatedness and portfolio density."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import metrics

pytestmark = pytest.mark.fast

LABELS = ["a", "b", "c"]


def _flows() -> pd.DataFrame:
    # rows supply, columns buy
    return pd.DataFrame(
        [[1.0, 4.0, 0.0],
         [2.0, 0.0, 3.0],
         [5.0, 1.0, 2.0]],
        index=LABELS, columns=LABELS,
    )


def _total() -> pd.Series:
    return pd.Series({"a": 10.0, "b": 20.0, "c": 40.0})


# ------------------------------------------------------------------------------------------
# hand-computed values
#   a = flows / total (by column):
#        a      b      c
#   a  0.1    0.2    0.0
#   b  0.2    0.0    0.075
#   c  0.5    0.05   0.05


def test_max_takes_the_stronger_direction_of_each_link() -> None:
    r = metrics.io_relatedness(_flows(), _total(), how="max")
    assert r.loc["a", "b"] == pytest.approx(0.2)  # max(0.2, 0.2)
    assert r.loc["a", "c"] == pytest.approx(0.5)  # max(0.0, 0.5)
    assert r.loc["b", "c"] == pytest.approx(0.075)  # max(0.075, 0.05)
    assert np.diag(r.to_numpy()).tolist() == [0.0, 0.0, 0.0]


def test_mean_averages_the_two_directions() -> None:
    r = metrics.io_relatedness(_flows(), _total(), how="mean")
    assert r.loc["a", "c"] == pytest.approx(0.25)  # (0.0 + 0.5) / 2
    assert r.loc["b", "c"] == pytest.approx(0.0625)  # (0.075 + 0.05) / 2
    assert r.loc["c", "b"] == pytest.approx(0.0625)


def test_columns_in_another_order_are_aligned_to_the_rows() -> None:
    shuffled = _flows()[["c", "a", "b"]]
    r = metrics.io_relatedness(shuffled, _total())
    assert list(r.index) == list(r.columns) == LABELS
    assert r.loc["a", "c"] == pytest.approx(0.5)


def test_portfolio_density_reuses_relatedness_density() -> None:
    r = metrics.io_relatedness(_flows(), _total())
    d = metrics.portfolio_density(r, ["a"])
    # b: 100 * R_ab / (R_ab + R_cb) = 100 * 0.2 / 0.275
    assert d["b"] == pytest.approx(100 * 0.2 / 0.275)
    # a is in the portfolio but the zero diagonal does not count it towards itself
    assert d["a"] == 0.0
    m = pd.DataFrame([[1, 0, 0]], index=["p"], columns=LABELS)
    pd.testing.assert_series_equal(
        d, metrics.relatedness_density(m, r).loc["p"].rename("density")
    )


def test_contributions_rebuild_the_density_of_a_portfolio_of_groups() -> None:
    r = metrics.io_relatedness(_flows(), _total(), how="mean")
    contrib, totals = metrics.density_contributions(r, {"a": "g1", "b": "g2", "c": "g2"})
    picked = contrib[contrib["group"] == "g2"].set_index("sector")["contribution"]
    rebuilt = 100 * picked / totals
    pd.testing.assert_series_equal(
        rebuilt.rename("density").rename_axis(None),
        metrics.portfolio_density(r, ["b", "c"]), check_names=False,
    )


def test_group_mean_weights_each_mapping() -> None:
    v = pd.Series({"a": 10.0, "b": 30.0, "c": 50.0}, name="density")
    mapping = pd.DataFrame({"code": ["a", "b", "c"], "target": ["x", "x", "y"]})
    out = metrics.group_mean(v, mapping, weights=pd.Series({"a": 3.0, "b": 1.0, "c": 2.0}))
    assert out.to_dict() == {"x": pytest.approx(15.0), "y": pytest.approx(50.0)}
    assert metrics.group_mean(v, mapping)["x"] == pytest.approx(20.0)


# ------------------------------------------------------------------------------------------
# properties


@st.composite
def io_tables(draw) -> tuple[pd.DataFrame, pd.Series]:
    n = draw(st.integers(min_value=2, max_value=7))
    flows = draw(arrays(np.float64, (n, n),
                        elements=st.floats(0, 1e6, allow_nan=False, allow_infinity=False)))
    extra = draw(arrays(np.float64, n,
                        elements=st.floats(1.0, 1e6, allow_nan=False, allow_infinity=False)))
    labels = [f"s{i:02d}" for i in range(n)]
    frame = pd.DataFrame(flows, index=labels, columns=labels)
    total = pd.Series(flows.sum(axis=0) + extra, index=labels)  # input covers the flows
    return frame, total


@settings(max_examples=60, deadline=None)
@given(io_tables(), st.sampled_from(["max", "mean"]))
def test_relatedness_is_symmetric_with_zero_diagonal_in_unit_range(table, how) -> None:
    flows, total = table
    r = metrics.io_relatedness(flows, total, how=how).to_numpy()
    assert np.array_equal(r, r.T)
    assert (np.diag(r) == 0).all()
    assert ((r >= 0) & (r <= 1)).all()


@settings(max_examples=60, deadline=None)
@given(io_tables(), st.sampled_from(["max", "mean"]), st.randoms(use_true_random=False))
def test_reordering_sectors_only_reorders_the_result(table, how, rnd) -> None:
    flows, total = table
    order = list(flows.index)
    rnd.shuffle(order)
    r = metrics.io_relatedness(flows, total, how=how)
    r2 = metrics.io_relatedness(flows.loc[order, order], total[order], how=how)
    pd.testing.assert_frame_equal(r2.loc[r.index, r.columns], r)


@settings(max_examples=60, deadline=None)
@given(io_tables(), st.sampled_from(["max", "mean"]),
       st.floats(1e-3, 1e4, allow_nan=False, allow_infinity=False))
def test_scaling_flows_and_totals_by_one_constant_changes_nothing(table, how, k) -> None:
    flows, total = table
    r = metrics.io_relatedness(flows, total, how=how)
    r2 = metrics.io_relatedness(flows * k, total * k, how=how)
    np.testing.assert_allclose(r2.to_numpy(), r.to_numpy(), rtol=1e-9, atol=1e-15)


@settings(max_examples=40, deadline=None)
@given(io_tables())
def test_max_is_never_below_mean(table) -> None:
    flows, total = table
    hi = metrics.io_relatedness(flows, total, how="max").to_numpy()
    lo = metrics.io_relatedness(flows, total, how="mean").to_numpy()
    assert (hi >= lo - 1e-15).all()


# ------------------------------------------------------------------------------------------
# bad input: a ValueError that names the problem


def test_non_square_flows_are_refused() -> None:
    with pytest.raises(ValueError, match="must be square.*3 rows and 2 columns"):
        metrics.io_relatedness(_flows()[["a", "b"]], _total())


def test_row_and_column_labels_must_match() -> None:
    flows = _flows().rename(columns={"c": "z"})
    with pytest.raises(ValueError, match="same sector labels.*only in rows: 'c'.*'z'"):
        metrics.io_relatedness(flows, _total())


def test_negative_flow_is_named() -> None:
    flows = _flows()
    flows.loc["b", "c"] = -1.0
    with pytest.raises(ValueError, match="row 'b', column 'c': -1 is negative"):
        metrics.io_relatedness(flows, _total())


def test_missing_flow_is_named_not_treated_as_zero() -> None:
    flows = _flows()
    flows.loc["c", "a"] = np.nan
    with pytest.raises(ValueError, match="missing values.*row 'c', column 'a'"):
        metrics.io_relatedness(flows, _total())


@pytest.mark.parametrize("bad", [0.0, -5.0, np.nan])
def test_zero_negative_or_missing_total_is_named(bad: float) -> None:
    total = _total()
    total["b"] = bad
    with pytest.raises(ValueError, match="total_input must be positive.*'b'"):
        metrics.io_relatedness(_flows(), total)


def test_total_with_other_labels_is_refused() -> None:
    total = _total().rename({"c": "q"})
    with pytest.raises(ValueError, match="missing: 'c'; not in flows: 'q'"):
        metrics.io_relatedness(_flows(), total)


def test_unknown_how_is_refused() -> None:
    with pytest.raises(ValueError, match="how must be 'max' or 'mean'"):
        metrics.io_relatedness(_flows(), _total(), how="min")


def test_empty_or_unknown_portfolio_is_refused() -> None:
    r = metrics.io_relatedness(_flows(), _total())
    with pytest.raises(ValueError, match="at least one sector"):
        metrics.portfolio_density(r, [])
    with pytest.raises(ValueError, match="not in relatedness: 'z'"):
        metrics.portfolio_density(r, ["a", "z"])


def test_input_coefficients_are_each_buyers_input_shares_and_feed_io_relatedness():
    flows = pd.DataFrame([[0.0, 2.0], [6.0, 1.0]], index=["a", "b"], columns=["b", "a"])
    total = pd.Series({"a": 10.0, "b": 20.0})
    a = metrics.input_coefficients(flows, total)
    # columns are aligned to the rows: a_ij = z_ij / x_j
    assert a.loc["a", "b"] == pytest.approx(0.0 / 20)
    assert a.loc["b", "a"] == pytest.approx(1.0 / 10)
    assert a.loc["a", "a"] == pytest.approx(2.0 / 10)
    expected = max(a.loc["a", "b"], a.loc["b", "a"])
    assert metrics.io_relatedness(flows, total).loc["a", "b"] == pytest.approx(expected)


def test_input_coefficients_name_a_zero_total():
    flows = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["a", "b"], columns=["a", "b"])
    with pytest.raises(ValueError, match="total_input must be positive.*'b'"):
        metrics.input_coefficients(flows, pd.Series({"a": 5.0, "b": 0.0}))
