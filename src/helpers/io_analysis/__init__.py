"""Input-output relatedness beyond the article: rankings, null models and the robustness panel.

An analysis module (it reads :mod:`helpers.data` and computes with :mod:`helpers.metrics`);
:mod:`helpers.charts` draws the frames it returns. It asks whether IT was among the
industries least related to what Kunshan made before 1998 (§5), in China's national
input-output tables, in a way that could have failed:

* only *candidates* are ranked, the manufacturing sectors outside the portfolio
  (:func:`io_density_ranking`);
* Kunshan's portfolio is compared with null portfolios: every portfolio of three
  GB/T 4754-2002 divisions other than IT, and random size-matched sets of non-IT sectors
  (:func:`null_distributions`);
* the specification varies over table year, form, normalisation, import treatment and
  level of aggregation (:func:`robustness_panel`).

Specifications
--------------
``form``
    ``"max"`` or ``"mean"`` of the two directions of a link
    (:func:`helpers.metrics.coefficient_relatedness`).
``normalisation``
    ``"input"`` (technical coefficients, shares of the buyer's input), ``"output"``
    (shares of the supplier's output) or ``"leontief"`` (total requirements).
``flows``
    ``"total"`` (the competitive-import table as published) or ``"domestic"`` (imports
    removed by import proportionality, :func:`helpers.metrics.domestic_flows`; a product
    whose imports exceed its domestic use counts as wholly imported).
``level``
    ``"sector"`` (the table's sectors) or ``"division"`` (manufacturing merged into its
    GB/T 4754-2002 divisions, so IT is one unit like every other division).

Modules
-------
_core
    Sector tables, units, relatedness matrices, density rankings and the IT split.
null
    Null portfolios, the robustness panel and its verdict.
emerging
    The emerging industries' density to the IT base (stage 3).
"""

from __future__ import annotations

from helpers.io_analysis._core import (
    EQUIPMENT_DIVISIONS,
    FLOWS,
    FORMS,
    IT_DIVISION,
    LEVELS,
    NORMALISATIONS,
    NULL_SEED,
    PANEL_YEARS,
    PRE_1998_DIVISIONS,
    io_density_parts,
    io_density_ranking,
    io_sector_table,
    io_units,
    it_relatedness_split,
    relatedness_matrix,
    short_sector_name,
)
from helpers.io_analysis.emerging import (
    MAPPING_VARIANTS,
    emerging_density_split,
    emerging_io_density,
    emerging_mapping_variants,
)
from helpers.io_analysis.null import (
    null_distributions,
    panel_verdict,
    robustness_panel,
)

__all__ = [
    "PRE_1998_DIVISIONS",
    "IT_DIVISION",
    "EQUIPMENT_DIVISIONS",
    "FORMS",
    "NORMALISATIONS",
    "FLOWS",
    "LEVELS",
    "PANEL_YEARS",
    "NULL_SEED",
    "short_sector_name",
    "io_sector_table",
    "io_units",
    "relatedness_matrix",
    "io_density_ranking",
    "io_density_parts",
    "it_relatedness_split",
    "null_distributions",
    "robustness_panel",
    "panel_verdict",
    "emerging_io_density",
    "emerging_density_split",
    "emerging_mapping_variants",
    "MAPPING_VARIANTS",
]
