"""firm_concentration: exact top-k sums (ties, tiny groups, k beyond a group) on every code path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import metrics

pytestmark = pytest.mark.fast


def brute_force(firms: pd.DataFrame, by, k: int) -> pd.DataFrame:
    """The plain pandas way: one group at a time."""
    grouped = firms.groupby(by)["output"]
    total = grouped.sum()
    return pd.DataFrame(
        {
            "hhi": grouped.apply(lambda s: ((s / s.sum()) ** 2).sum()),
            f"cr{k}": grouped.apply(lambda s: s.nlargest(k).sum()) / total,
            "n_firms": grouped.size(),
            "total": total,
        }
    )


def assert_matches_brute_force(firms: pd.DataFrame, by, k: int) -> None:
    got = metrics.firm_concentration(firms, by=by, value="output", k=k)
    want = brute_force(firms, by, k)
    assert list(got.index) == list(want.index)
    np.testing.assert_allclose(got.to_numpy(dtype=float), want.to_numpy(dtype=float), rtol=1e-12)


def test_ties_at_the_kth_place_count_once_per_firm():
    firms = pd.DataFrame({"g": [1] * 5, "output": [5.0, 3.0, 3.0, 3.0, 1.0]})
    out = metrics.firm_concentration(firms, by="g", value="output", k=2)
    assert out.loc[1, "cr2"] == pytest.approx(8 / 15)  # 5 + one of the tied 3s
    out = metrics.firm_concentration(firms, by="g", value="output", k=4)
    assert out.loc[1, "cr4"] == pytest.approx(14 / 15)


def test_all_firms_tied_and_zero_sized_firms():
    firms = pd.DataFrame({"g": [1] * 6 + [2] * 6, "output": [2.0] * 6 + [4.0, 0, 0, 0, 0, 0]})
    out = metrics.firm_concentration(firms, by="g", value="output", k=4)
    assert out["cr4"].tolist() == pytest.approx([4 / 6, 1.0])
    assert out["hhi"].tolist() == pytest.approx([1 / 6, 1.0])


def test_one_firm_groups_and_k_larger_than_every_group():
    firms = pd.DataFrame({"g": ["a", "b", "b", "c"], "output": [7.0, 1.0, 3.0, 2.0]})
    out = metrics.firm_concentration(firms, by="g", value="output", k=10)
    assert out["cr10"].tolist() == [1.0, 1.0, 1.0]
    assert out["hhi"].tolist() == pytest.approx([1.0, 0.625, 1.0])
    assert out["n_firms"].tolist() == [1, 2, 1]


@pytest.mark.parametrize("k", [1, 2, 4, 8, 9, 25])
def test_many_small_groups_match_the_group_by_group_result(k):
    # > 65,536 groups: the radix ordering takes two passes; rounding makes many ties
    rng = np.random.default_rng(k)
    n = 300_000
    firms = pd.DataFrame(
        {
            "county": rng.integers(0, 9_000, n),
            "year": rng.integers(1998, 2008, n),
            "output": np.round(rng.lognormal(2, 1.5, n)),
        }
    )
    firms.loc[firms.index[::7], "output"] = 0.0
    firms = firms[firms.groupby(["county", "year"])["output"].transform("sum") > 0]
    got = metrics.firm_concentration(firms, by=["county", "year"], value="output", k=k)
    assert len(got) > 65_536
    top = firms.sort_values("output", ascending=False).groupby(["county", "year"]).head(k)
    want = top.groupby(["county", "year"])["output"].sum() / got["total"]
    np.testing.assert_allclose(got[f"cr{k}"], want.reindex(got.index), rtol=1e-12)


@pytest.mark.parametrize(
    "keys",
    [
        np.array([2005, 1998, 2005, 2001] * 3),  # integers in a narrow range
        np.array([-5, 10**12, -5, 7] * 3),  # integers too spread out for a dense table
        np.array([3, 1, 3, 2] * 3, dtype=np.uint8),
        np.array(["x", "a", "x", "m"] * 3),
    ],
)
def test_every_kind_of_key_gives_sorted_groups_with_their_own_labels(keys):
    firms = pd.DataFrame({"g": keys, "output": np.arange(1.0, 13.0)})
    assert_matches_brute_force(firms, "g", k=2)
    out = metrics.firm_concentration(firms, by="g", value="output", k=2)
    assert out.index.dtype == firms["g"].dtype


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    groups=st.lists(st.integers(0, 5), min_size=1, max_size=60),
    sizes=st.lists(st.sampled_from([0.0, 1.0, 2.0, 2.0, 3.0, 10.0, 0.5]), min_size=60, max_size=60),
    k=st.integers(1, 12),
)
def test_random_tables_with_ties_match_the_group_by_group_result(groups, sizes, k):
    firms = pd.DataFrame({"g": groups, "output": sizes[: len(groups)]})
    firms = firms[firms.groupby("g")["output"].transform("sum") > 0]
    if firms.empty:
        return
    assert_matches_brute_force(firms, "g", k=k)
