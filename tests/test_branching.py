"""The branching test: helpers.metrics.branching and its chart (charts.branching_rates)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import charts, metrics, synthetic

pytestmark = pytest.mark.fast

# x_start gives the presence matrix M0 (A: i, j; B: i; C: j, k). By hand:
# ubiquities i 2, j 2, k 1; co-occurrences ij 1 (A), jk 1 (C), ik 0, so
# phi = [[1, .5, 0], [.5, 1, .5], [0, .5, 1]] with column sums 1.5, 2, 1.5, and the
# densities of the absent cells are A,k 0.5/1.5; B,j 0.5/2; B,k 0; C,i 0.5/1.5 (x 100).
X_START = pd.DataFrame({"i": [4.0, 6.0, 1.0], "j": [4.0, 1.0, 4.0], "k": [1.0, 1.0, 6.0]},
                       index=["A", "B", "C"])
X_EVEN = pd.DataFrame(1.0, index=["A", "B", "C"], columns=["i", "j", "k"])  # every LQ = 1


def test_presence_transitions_classifies_each_cell_by_hand():
    m0 = pd.DataFrame({"i": [1, 1], "j": [0, 1]}, index=["A", "B"])
    m1 = pd.DataFrame({"j": [1, 0], "i": [1, 0]}, index=["A", "B"])  # column order differs
    out = metrics.presence_transitions(m0, m1)
    assert out[["region", "industry", "transition"]].to_numpy().tolist() == [
        ["A", "i", "stay"], ["A", "j", "entry"], ["B", "i", "exit"], ["B", "j", "exit"]]
    assert out["present_end"].tolist() == [1, 1, 0, 0]


def test_branching_table_density_and_entries_match_hand_computation():
    t = metrics.branching_table(X_START, X_EVEN).set_index(["region", "industry"])
    assert t["present_start"].tolist() == [1, 1, 0, 1, 0, 0, 0, 1, 1]
    entries = sorted(t.index[t["transition"] == "entry"].tolist())
    assert entries == [("A", "k"), ("B", "j"), ("B", "k"), ("C", "i")]
    assert (t["transition"] == "exit").sum() == 0
    assert t.loc[("A", "k"), "density"] == pytest.approx(100 * 0.5 / 1.5)
    assert t.loc[("B", "j"), "density"] == pytest.approx(25.0)
    assert t.loc[("B", "k"), "density"] == pytest.approx(0.0)
    assert t.loc[("C", "i"), "density"] == pytest.approx(100 * 0.5 / 1.5)


def test_branching_table_counts_exits_when_a_specialisation_is_lost():
    t = metrics.branching_table(X_EVEN, X_START)  # everything present at the start
    assert (t["transition"] == "exit").sum() == 4
    assert set(t["transition"]) == {"exit", "stay"}


def test_branching_probability_bins_rates_and_counts_by_hand():
    t = pd.DataFrame({
        "density": [0.0, 10.0, 49.9, 50.0, 80.0, 100.0, 60.0, 20.0],
        "present_start": [0, 0, 0, 0, 0, 0, 1, 1],
        "transition": ["absent", "entry", "absent", "entry", "entry", "absent", "exit",
                       "stay"],
    })
    entry = metrics.branching_probability(t, bins=[0, 50, 100])
    assert entry["bin"].tolist() == ["0-50", "50-100"]
    assert entry["at_risk"].tolist() == [3, 3]  # 50 and 100 fall in the last bin
    assert entry["events"].tolist() == [1, 2]
    assert entry["probability"].tolist() == pytest.approx([1 / 3, 2 / 3])
    exit_ = metrics.branching_probability(t, bins=2, kind="exit")
    assert exit_["at_risk"].tolist() == [1, 1]
    assert exit_["events"].tolist() == [0, 1]


def test_branching_probability_wilson_interval_and_empty_bin():
    t = pd.DataFrame({"density": [5.0] * 10, "present_start": [0] * 10,
                      "transition": ["absent"] * 10})
    out = metrics.branching_probability(t, bins=[0, 10, 20])
    first, empty = out.iloc[0], out.iloc[1]
    # Wilson upper bound for 0 of 10: z^2 / (n + z^2) with z = 1.96
    z2 = 1.959963984540054**2
    assert first["ci_low"] == 0.0
    assert first["ci_high"] == pytest.approx(z2 / (10 + z2))
    assert empty["at_risk"] == 0 and math.isnan(empty["probability"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bins": 0}, "positive integer"),
        ({"bins": [0, 50, 40]}, "increasing"),
        ({"bins": [10, 100]}, "row 0, column 'density'"),
        ({"kind": "growth"}, "kind must be"),
    ],
)
def test_branching_probability_rejects_bad_arguments(kwargs, message):
    t = pd.DataFrame({"density": [5.0], "present_start": [0], "transition": ["entry"]})
    with pytest.raises(ValueError, match=message):
        metrics.branching_probability(t, **kwargs)


def test_branching_probability_names_missing_columns_and_unknown_transitions():
    with pytest.raises(ValueError, match="no column"):
        metrics.branching_probability(pd.DataFrame({"density": [1.0]}))
    bad = pd.DataFrame({"density": [1.0], "present_start": [0], "transition": ["born"]})
    with pytest.raises(ValueError, match="'born'"):
        metrics.branching_probability(bad)


def test_branching_inputs_with_different_labels_are_named():
    other = X_EVEN.rename(index={"C": "D"})
    with pytest.raises(ValueError, match="only in x_start: 'C'; only in x_end: 'D'"):
        metrics.branching_table(X_START, other)
    m = pd.DataFrame({"i": [1, 2]}, index=["A", "B"])
    with pytest.raises(ValueError, match="binary"):
        metrics.presence_transitions(m, m)
    with pytest.raises(TypeError):
        metrics.branching_table(X_START.to_numpy(), X_EVEN)


def test_synthetic_branching_panel_is_seeded_and_shows_branching():
    a = synthetic.synthetic_branching_panel(seed=3)
    b = synthetic.synthetic_branching_panel(seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["synthetic"] is True
    x0 = metrics.to_matrix(a[a["year"] == 2000])
    x1 = metrics.to_matrix(a[a["year"] == 2010])
    rates = metrics.branching_probability(metrics.branching_table(x0, x1))
    solid = rates[rates["at_risk"] >= 50]  # bins with enough cells to compare
    assert len(solid) >= 3
    assert solid["probability"].iloc[-1] > 5 * solid["probability"].iloc[0]


def test_branching_chart_is_labelled_synthetic_and_prints_counts():
    t = pd.DataFrame({"density": [10.0, 10.0, 70.0], "present_start": [0, 0, 0],
                      "transition": ["entry", "absent", "entry"]})
    rates = metrics.branching_probability(t, bins=[0, 50, 90, 100])
    spec = charts.branching_rates(rates, synthetic=True).to_dict()
    assert spec["title"]["text"].startswith("SYNTHETIC")
    assert spec["description"].startswith("Synthetic data")
    assert "1/2 = 50.0%" in spec["description"] and "no cell at risk" in spec["description"]
    plain = charts.branching_rates(rates).to_dict()
    assert "SYNTHETIC" not in plain["title"]["text"]
    with pytest.raises(ValueError, match="kind"):
        charts.branching_rates(rates, kind="growth")
