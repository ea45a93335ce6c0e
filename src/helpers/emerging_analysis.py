"""Emerging industries (ch06): Table 2 by industry and year, with shares computed.

An analysis module: it reads the data tables (:mod:`helpers.data`) and computes with
:mod:`helpers.metrics`; the chart builders in :mod:`helpers.charts.emerging` take its frame
and read no file.

Examples
--------
>>> from helpers import emerging_analysis
>>> t2 = emerging_analysis.emerging_table()
>>> t2.groupby("year")["share"].sum().round(9).unique().tolist()
[100.0]

"""

from __future__ import annotations

import pandas as pd

from helpers import data, metrics

__all__ = ["emerging_table"]


def emerging_table() -> pd.DataFrame:
    """Return Table 2 by industry and year, with shares computed from the outputs.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``industry``, ``name`` (the label printed in Table 2),
        ``name_zh`` (the book's Chinese translation of that label), ``output``
        (million yuan), ``share`` (percent of the eight industries' summed output, computed
        with :func:`helpers.metrics.shares`), ``share_printed`` (the rounded percent printed
        in Table 2), ``added`` (True for the two industries added since the 12th Five-Year
        Plan) and ``source``; industries in Table 2's order, then years.

    """
    t2 = data.load("table2")
    names = data.load("emerging_industries").set_index("industry")
    out = t2[t2["measure"] == "output"][["year", "industry", "value", "source"]]
    wide = metrics.to_matrix(out, region="year", industry="industry", value="value")
    share = (100 * metrics.shares(wide)).stack().rename("share").reset_index()
    printed = t2[t2["measure"] == "share_of_emerging"][["year", "industry", "value"]]
    frame = (
        out.rename(columns={"value": "output"})
        .merge(share, on=["year", "industry"])
        .merge(printed.rename(columns={"value": "share_printed"}), on=["year", "industry"])
    )
    frame["name"] = frame["industry"].map(names["name_table2"])
    frame["name_zh"] = frame["industry"].map(names["name_table2_zh"])
    frame["added"] = frame["industry"].map(names["added_since_12th_plan"]).astype(bool)
    order = names.sort_values("table2_order").index.tolist()
    frame["order"] = frame["industry"].map({k: i for i, k in enumerate(order)})
    frame = frame.sort_values(["order", "year"]).drop(columns="order").reset_index(drop=True)
    return frame[["year", "industry", "name", "name_zh", "output", "share", "share_printed",
                  "added", "source"]]
