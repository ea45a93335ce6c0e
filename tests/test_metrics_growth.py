"""Compound annual growth, the numbers equivalent of an HHI and its share cap (metrics)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import metrics

pytestmark = pytest.mark.fast


def test_cagr_compounds_back_to_the_end_amount():
    start = pd.Series({"a": 40.0, "b": 250.0, "c": 10.0})
    end = pd.Series({"a": 90.0, "b": 200.0, "c": 10.0})
    rate = metrics.cagr(start, end, 3)
    assert rate.name == "cagr" and list(rate.index) == ["a", "b", "c"]
    pd.testing.assert_series_equal(start * (1 + rate) ** 3, end, check_names=False)
    assert rate["b"] < 0 < rate["a"] and rate["c"] == 0
    assert metrics.cagr(100.0, 150.0, 1) == pytest.approx(0.5)


def test_cagr_names_bad_input():
    with pytest.raises(ValueError, match="periods must be a positive integer"):
        metrics.cagr(1.0, 2.0, 0)
    with pytest.raises(ValueError, match="periods must be a positive integer"):
        metrics.cagr(1.0, 2.0, 1.5)
    with pytest.raises(ValueError, match="start must be positive and finite; not at \\['b'\\]"):
        metrics.cagr(pd.Series({"a": 1.0, "b": 0.0}), pd.Series({"a": 1.0, "b": 1.0}), 2)
    with pytest.raises(ValueError, match="different labels: \\['c'\\]"):
        metrics.cagr(pd.Series({"a": 1.0}), pd.Series({"a": 1.0, "c": 2.0}), 2)
    with pytest.raises(ValueError, match="both be Series or both be numbers"):
        metrics.cagr(pd.Series({"a": 1.0}), 2.0, 2)


def test_equivalent_number_inverts_the_hhi_of_equal_industries():
    for n in (1, 4, 30):
        even = metrics.hhi(pd.Series([5.0] * n))
        assert metrics.hhi_equivalent_number(even) == pytest.approx(n)
    per_year = metrics.hhi(pd.DataFrame({"i": [1.0, 1.0], "j": [1.0, 3.0]}, index=[2013, 2016]))
    equiv = metrics.hhi_equivalent_number(per_year)
    assert equiv.name == "equivalent_number" and equiv.loc[2013] == pytest.approx(2.0)
    with pytest.raises(ValueError, match="hhi_value must lie in \\(0, 1\\] at 2016"):
        metrics.hhi_equivalent_number(pd.Series({2013: 0.5, 2016: 0.0}))
    with pytest.raises(ValueError, match="hhi_value must lie in \\(0, 1\\], got 1.5"):
        metrics.hhi_equivalent_number(1.5)


def test_share_cap_is_the_inverse_of_the_hhi_floor():
    assert metrics.hhi_share_cap(0.36) == pytest.approx(0.6)
    for n, value in ((2, 0.5), (10, 0.3), (30, 0.26)):
        cap = metrics.hhi_share_cap(value, n=n)
        assert cap < metrics.hhi_share_cap(value)  # knowing n tightens the cap
        assert metrics.hhi_lower_bound([cap], n=n) == pytest.approx(value)
    assert metrics.hhi_share_cap(0.1, n=10) == pytest.approx(0.1)  # ten equal sectors
    with pytest.raises(ValueError, match="below 1/n = 0.1"):
        metrics.hhi_share_cap(0.05, n=10)
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        metrics.hhi_share_cap(0.5, n=1)
    with pytest.raises(ValueError, match="hhi_value must lie in \\(0, 1\\]"):
        metrics.hhi_share_cap(0.0)
