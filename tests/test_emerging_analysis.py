"""Table 2 by industry and year (helpers.emerging_analysis)."""

from __future__ import annotations

import pytest

from helpers import emerging_analysis

pytestmark = pytest.mark.fast


def test_ch06_emerging_table_shares_come_from_outputs_and_match_the_printed_ones():
    t = emerging_analysis.emerging_table()
    assert len(t) == 32 and t["industry"].nunique() == 8
    sums = t.groupby("year")["share"].sum()
    assert (abs(sums - 100) < 1e-9).all()
    # computed shares round to the printed ones within one point (Table 2 rounds)
    assert (abs(t["share"] - t["share_printed"]) <= 1).all()
    assert sorted(t.loc[t["added"], "industry"].unique()) == ["high_end_equipment", "software_ic"]
