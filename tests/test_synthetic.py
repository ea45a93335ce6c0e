"""Tests for helpers.synthetic: determinism, shape, labelling and the committed CSVs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import metrics, synthetic

pytestmark = pytest.mark.fast


def test_regenerated_csvs_are_byte_identical_to_the_committed_ones(tmp_path):
    written = synthetic.write_synthetic_csvs(tmp_path)
    assert [p.name for p in written] == ["regions.csv", "industry_groups.csv"]
    for path in written:
        committed = synthetic.SYNTHETIC_DIR / path.name
        assert committed.exists(), f"{committed} is missing: run python -m helpers.synthetic"
        assert path.read_bytes() == committed.read_bytes(), (
            f"{committed} differs from what helpers.synthetic generates; regenerate it"
        )


def test_synthetic_readme_says_synthetic():
    text = (synthetic.SYNTHETIC_DIR / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in text and "python -m helpers.synthetic" in text


def test_firm_panel_is_deterministic_for_a_seed_and_varies_across_seeds():
    a = synthetic.synthetic_firm_panel(5_000, seed=7)
    b = synthetic.synthetic_firm_panel(5_000, seed=7)
    c = synthetic.synthetic_firm_panel(5_000, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a["output"].equals(c["output"])


def test_firm_panel_shape_types_and_label():
    panel = synthetic.synthetic_firm_panel(10_001, seed=0)
    assert panel.shape == (10_001, 4)
    assert list(panel.columns) == ["firm_id", "year", "industry", "output"]
    assert panel.attrs["synthetic"] is True
    assert "SYNTHETIC" in panel.attrs["description"]
    assert (panel["output"] >= 0).all() and panel["output"].notna().all()
    assert panel["year"].between(synthetic.FIRST_YEAR, synthetic.LAST_YEAR).all()
    assert panel["industry"].between(131, 439).all()
    # one row per firm-year, and each firm stays in one industry
    assert not panel.duplicated(["firm_id", "year"]).any()
    assert (panel.groupby("firm_id")["industry"].nunique() == 1).all()


def test_firm_panel_has_heavy_tailed_sizes():
    output = synthetic.synthetic_firm_panel(50_000, seed=0)["output"]
    # lognormal with sigma ~1.6: the top 1% of rows hold far more than 1% of output
    top = output.nlargest(len(output) // 100).sum() / output.sum()
    assert top > 0.1


def test_firm_panel_works_with_firm_concentration():
    panel = synthetic.synthetic_firm_panel(20_000, seed=2)
    out = metrics.firm_concentration(panel, by=["industry", "year"], value="output")
    assert out["n_firms"].sum() == len(panel)
    assert ((out["hhi"] > 0) & (out["hhi"] <= 1)).all()


@pytest.mark.parametrize("n_rows", [0, -5, 2.5, True])
def test_firm_panel_rejects_bad_n_rows(n_rows):
    with pytest.raises(ValueError, match="n_rows must be a positive integer"):
        synthetic.synthetic_firm_panel(n_rows)


def test_single_row_panel():
    assert len(synthetic.synthetic_firm_panel(1)) == 1


def test_regions_shape_labels_and_values():
    long = synthetic.synthetic_regions()
    assert list(long.columns) == ["region", "industry", "year", "value"]
    assert long.shape == (6 * 12 * 3, 4)
    assert long.attrs["synthetic"] is True
    assert set(long["region"]) == {f"Region {c}" for c in "ABCDEF"}
    assert sorted(long["year"].unique()) == [2000, 2010, 2020]
    assert (long["value"] >= 0).all() and long["value"].notna().all()
    assert (long["value"] == 0).any()  # some absent industries, for 0 log 0
    pd.testing.assert_frame_equal(long, synthetic.synthetic_regions(seed=0))
    assert not long["value"].equals(synthetic.synthetic_regions(seed=1)["value"])


def test_industry_groups_cover_every_region_industry():
    groups = synthetic.synthetic_industry_groups()
    assert groups.attrs["synthetic"] is True
    assert groups["industry"].is_unique and groups["group"].nunique() == 4
    assert set(groups["industry"]) == set(synthetic.synthetic_regions()["industry"])


def test_regions_feed_every_metric_without_error():
    long = synthetic.synthetic_regions()
    x = metrics.to_matrix(long[long["year"] == 2020])
    groups = synthetic.synthetic_industry_groups().set_index("industry")["group"]
    rv = metrics.related_variety(x, groups)
    uv = metrics.unrelated_variety(x, groups)
    np.testing.assert_allclose(rv + uv, metrics.entropy(x))
    m = metrics.location_quotient(x, binary=True)
    dens = metrics.relatedness_density(m, metrics.relatedness(m))
    assert dens.notna().all().all()
