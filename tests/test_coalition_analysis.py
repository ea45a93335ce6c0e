"""Counts over the coalitions coding (helpers.coalition_analysis), on small hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import coalition_analysis as ca
from helpers import data

pytestmark = pytest.mark.fast


def table(rows):
    """A coalitions-shaped frame from (stage, actor, actor_type, scale, resource) tuples."""
    return pd.DataFrame(rows, columns=["stage", "actor", "actor_type", "scale", "resource"])


TOY = table([
    (1, "A", "state", "local", "land"),
    (1, "A", "state", "local", "capital"),  # A brings two resources: counts once
    (1, "B", "firms", "global", "capital"),
    (2, "A", "state", "local", "land"),
    (2, "C", "firms", "national", "market"),
    (2, "D", "firms", "cross-strait", "technology"),
    (3, "B", "firms", "global", "technology"),  # B returns after missing stage 2
    (3, "A", "state", "local", "land"),
])


def test_actors_per_stage_counts_distinct_actors_and_keeps_empty_stages():
    assert ca.actors_per_stage(TOY).to_dict() == {1: 2, 2: 3, 3: 2}
    assert ca.actors_per_stage(TOY, actor_type="firms").to_dict() == {1: 1, 2: 2, 3: 1}
    assert ca.actors_per_stage(TOY, resource="market").to_dict() == {1: 0, 2: 1, 3: 0}
    with pytest.raises(ValueError, match="match names column\\(s\\) \\['sector'\\]"):
        ca.actors_per_stage(TOY, sector="IT")


def test_far_scale_shares_rank_stages_and_say_how_fragile_the_lead_is():
    far = ca.far_scale_shares(TOY)
    assert list(far.index) == [2, 1, 3]  # 2/3, then 1/2 and 1/2 tied: stage order
    assert far.loc[2, ["n_far", "n"]].tolist() == [2, 3]
    assert far.loc[2, "share"] == pytest.approx(2 / 3)
    assert far.loc[2, "share_one_more_near"] == pytest.approx(2 / 4)
    assert ca.non_local_share(TOY) == pytest.approx(3 / 4)  # B, C, D of A-D
    with pytest.raises(ValueError, match="scales must name at least one"):
        ca.far_scale_shares(TOY, scales=[])


def test_turnover_follows_members_from_stage_to_stage():
    t = ca.stage_turnover(TOY).set_index(["stage", "status"])
    assert t["count"].loc[1].to_dict() == {"continuing": 0, "entering": 2, "leaving": 0}
    assert t["count"].loc[2].to_dict() == {"continuing": 1, "entering": 2, "leaving": 1}
    assert t.loc[(3, "leaving"), "actors"] == "C; D"
    assert ca.new_share(ca.stage_turnover(TOY)).round(1).to_dict() == {
        1: 100.0, 2: 66.7, 3: 50.0}
    kinds = ca.stage_turnover(TOY, key=["actor_type", "scale"]).set_index(["stage", "status"])
    assert kinds.loc[(1, "entering"), "actors"] == "firms / global; state / local"
    assert ca.returning_actors(3, TOY) == ["B"]
    assert ca.always_present(TOY) == ["A"]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="coalitions is missing column\\(s\\) \\['scale'\\]"):
        ca.far_scale_shares(TOY.drop(columns="scale"))
    with pytest.raises(ValueError, match="coalitions has no rows"):
        ca.stage_turnover(TOY.iloc[0:0])
    with pytest.raises(ValueError, match="key names column\\(s\\) \\['kind'\\]"):
        ca.stage_turnover(TOY, key="kind")
    with pytest.raises(ValueError, match="stage 2 has no stage before its previous one"):
        ca.returning_actors(2, TOY)
    with pytest.raises(ValueError, match="stage 7 is not a stage"):
        ca.returning_actors(7, TOY)
    with pytest.raises(TypeError, match="coalitions must be a pandas DataFrame"):
        ca.actors_per_stage([1, 2])


def test_the_book_table_gives_what_chapters_2_and_7_quote():
    coalitions = data.load("coalitions")
    assert ca.actors_per_stage().equals(ca.actors_per_stage(coalitions))
    turnover = ca.stage_turnover(coalitions)
    # every actor of a stage is either continuing or entering, once
    per_stage = turnover[turnover["status"] != "leaving"].groupby("stage")["count"].sum()
    assert per_stage.to_dict() == ca.actors_per_stage(coalitions).to_dict()
