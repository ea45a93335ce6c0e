"""Regional and industrial indicators: concentration, diversity, specialisation, relatedness.

Every function is pure: pandas in, pandas (or a float) out; no file I/O, no charts.

Conventions
-----------
* An *amount matrix* ``x`` is a DataFrame of non-negative numbers with regions as rows and
  industries as columns (build one from a long table with :func:`to_matrix`).
* Per-region indicators (:func:`hhi`, :func:`concentration_ratio`, :func:`entropy`,
  :func:`related_variety`, :func:`unrelated_variety`, :func:`diversity`) return a Series
  indexed like the rows of ``x`` when given a DataFrame, and a float (an int for
  :func:`diversity`) when given a Series holding one region's amounts by industry.
* Matrix-valued indicators return DataFrames labelled like their input.
* Bad input raises ``ValueError`` naming the row, column or argument at fault; no function
  returns NaN silently.

Definitions follow the R package EconGeo (Balland) where they overlap; each docstring says
where it departs from it.

Economic complexity (:func:`eci`, :func:`pci`, :func:`coi`, :func:`cog`) follows the Growth
Lab's ``ecomplexity`` package instead; :func:`by_year` applies any indicator to each year of a
long panel.

The module is a package split by subject (``reshape``, ``concentration``,
``specialisation``, ``relatedness``, ``variety``, ``complexity``, ``panel``, ``growth``,
``branching``,
``io`` for input-output relatedness and ``io_null`` for its
normalisations, domestic flows and null models); import it as before:
``from helpers import metrics`` then ``metrics.hhi(...)``.
"""

from helpers.metrics.branching import branching_probability, branching_table, presence_transitions
from helpers.metrics.complexity import cog, coi, eci, pci
from helpers.metrics.concentration import (
    concentration_ratio,
    entropy,
    firm_concentration,
    hhi,
    hhi_equivalent_number,
    hhi_lower_bound,
    hhi_share_cap,
)
from helpers.metrics.growth import cagr
from helpers.metrics.io import (
    density_contributions,
    group_mean,
    input_coefficients,
    io_relatedness,
    portfolio_density,
)
from helpers.metrics.io_null import (
    aggregate_table,
    candidate_ranks,
    coefficient_relatedness,
    division_portfolios,
    domestic_flows,
    import_shares,
    leontief_inverse,
    null_share,
    null_statistics,
    output_coefficients,
    random_portfolios,
)
from helpers.metrics.panel import by_year
from helpers.metrics.relatedness import (
    co_occurrence,
    diversity,
    relatedness,
    relatedness_density,
    ubiquity,
)
from helpers.metrics.reshape import shares, to_matrix
from helpers.metrics.specialisation import krugman_index, location_quotient, rca, rpop
from helpers.metrics.variety import related_variety, unrelated_variety

__all__ = [
    "to_matrix",
    "shares",
    "hhi",
    "hhi_lower_bound",
    "hhi_equivalent_number",
    "hhi_share_cap",
    "cagr",
    "concentration_ratio",
    "entropy",
    "location_quotient",
    "rca",
    "rpop",
    "krugman_index",
    "co_occurrence",
    "relatedness",
    "relatedness_density",
    "diversity",
    "ubiquity",
    "related_variety",
    "unrelated_variety",
    "firm_concentration",
    "presence_transitions", "branching_table", "branching_probability",
    "eci",
    "pci",
    "coi",
    "cog",
    "by_year",
    "input_coefficients",
    "io_relatedness",
    "portfolio_density",
    "density_contributions",
    "group_mean",
    # io_null: other normalisations, domestic flows, candidates-only ranks, null models
    "output_coefficients",
    "leontief_inverse",
    "coefficient_relatedness",
    "import_shares",
    "domestic_flows",
    "aggregate_table",
    "candidate_ranks",
    "division_portfolios",
    "random_portfolios",
    "null_statistics",
    "null_share",
]

