"""helpers.tables: what readers see instead of pandas' and Python's default reprs."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import tables

pytestmark = pytest.mark.fast


def test_show_table_names_headers_words_booleans_and_drops_a_default_index():
    frame = pd.DataFrame({"what_survives": ["x" * 120, "y"], "added": [True, False]})
    out = tables.show_table(frame)
    assert "<th scope=\"col\">What survives</th>" in out.html
    assert ">yes<" in out.html and ">no<" in out.html and "True" not in out.html
    assert "x" * 120 in out.html  # never cut with "..."
    assert "<th scope=\"col\"></th>" not in out.html and ">0<" not in out.html


def test_show_table_turns_a_named_index_into_a_named_first_column():
    series = pd.Series([0.33, 0.67], index=pd.Index([1, 2], name="stage"), name="share")
    out = tables.show_table(series, headers={"stage": "Stage", "share": "Share of actors"})
    assert out.text.splitlines() == ["Stage | Share of actors", "1 | 0.33", "2 | 0.67"]
    assert "dtype" not in out.html


def test_show_table_rejects_unknown_headers_and_non_frames():
    with pytest.raises(ValueError, match="headers names column"):
        tables.show_table(pd.DataFrame({"a": [1]}), headers={"b": "B"})
    with pytest.raises(TypeError, match="DataFrame or Series"):
        tables.show_table((1, 2))


def test_show_values_replaces_a_printed_tuple():
    out = tables.show_values({"HHI": 0.427, "HHI printed": 0.38})
    assert out.text.splitlines()[1:] == ["HHI | 0.427", "HHI printed | 0.38"]
    assert "(" not in out.text
    with pytest.raises(ValueError, match="non-empty mapping"):
        tables.show_values({})
