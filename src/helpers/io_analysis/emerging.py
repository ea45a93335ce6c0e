"""The emerging industries' input-output density (see :mod:`helpers.io_analysis`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from helpers import data, metrics
from helpers.io_analysis._core import (
    _ZH_SUFFIX,
    FORMS,
    IT_DIVISION,
    _check,
    io_sector_table,
    relatedness_matrix,
    short_sector_name,
)


# ---------------------------------------------------------------------------
# stage 3: the emerging industries
# ---------------------------------------------------------------------------
def _base_members(year: int, base: Sequence[str]) -> list[str]:
    table = io_sector_table(year)
    members = list(table.index[table["division"].isin([str(b) for b in base])])
    if not members:
        raise ValueError(f"base: divisions {list(base)} have no sector in the {year} table")
    return members


def emerging_io_density(
    year: int, how: str = "max", base: Sequence[str] = (IT_DIVISION,),
    mapping: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Relatedness density of the eight emerging industries to a base of divisions.

    An industry's density is the gross-output-weighted mean of the densities of the table
    sectors it maps to (``io_concordance``, scheme ``emerging_industry``; all such mappings
    are approximate).

    Parameters
    ----------
    year : int
        2012 or 2017 (the tables mapped to the emerging industries).
    how : {"max", "mean"}
        Form of relatedness.
    base : sequence of str, default ("40",)
        Divisions whose sectors form the portfolio (IT by default; §6 names IT and
        equipment, 35 and 36).
    mapping : DataFrame, optional
        Columns ``code`` and ``target``: an alternative mapping (default the concordance).

    Returns
    -------
    DataFrame
        ``industry``, ``name`` (Table 2 label), ``name_zh``, ``year``, ``how``, ``density``,
        ``rank`` (1 = most related), ``sectors`` (the mapped codes), ``median_manufacturing``.

    """
    _check("how", how, FORMS)
    if mapping is None:
        mapping = data.io_concordance(year, "emerging_industry")
    if mapping.empty:
        raise ValueError(f"the {year} table is not mapped to the emerging industries")
    _, sectors = data.io_table(year)
    table = io_sector_table(year)
    density = metrics.portfolio_density(relatedness_matrix(year, how), _base_members(year, base))
    mean = metrics.group_mean(density, mapping, weights=sectors["gross_output"])
    names = data.load("emerging_industries").set_index("industry")
    out = mean.rename("density").rename_axis("industry").reset_index()
    out["name"] = out["industry"].map(names["name_table2"])
    out["name_zh"] = out["industry"].map(names["name_table2_zh"])
    out["year"], out["how"] = year, how
    out["rank"] = out["density"].rank(ascending=False, method="min").astype(int)
    out["sectors"] = out["industry"].map(
        mapping.groupby("target")["code"].apply(lambda s: ", ".join(sorted(s))))
    out["median_manufacturing"] = float(density.reindex(table.index).median())
    return out.sort_values("rank").reset_index(drop=True)


def emerging_density_split(
    year: int, how: str = "max", base: Sequence[str] = (IT_DIVISION,)
) -> pd.DataFrame:
    """Split each emerging industry's density by the table sectors it maps to.

    Parameters
    ----------
    year : int
        2012 or 2017.
    how : {"max", "mean"}
        Form of relatedness.
    base : sequence of str, default ("40",)
        Divisions whose sectors form the portfolio.

    Returns
    -------
    DataFrame
        ``industry``, ``code``, ``label``, ``label_zh``, ``weight`` (the sector's share of
        the industry's gross output), ``density`` (the sector's own density to the base),
        ``contribution`` (weight x density; they add up to the industry's density) and
        ``share`` (of the industry's density, 0-1).

    """
    _check("how", how, FORMS)
    mapping = data.io_concordance(year, "emerging_industry")
    _, sectors = data.io_table(year)
    density = metrics.portfolio_density(relatedness_matrix(year, how), _base_members(year, base))
    out = mapping[["target", "code"]].rename(columns={"target": "industry"}).copy()
    out["gross_output"] = out["code"].map(sectors["gross_output"])
    out["weight"] = out["gross_output"] / out.groupby("industry")["gross_output"].transform("sum")
    out["density"] = out["code"].map(density)
    out["contribution"] = out["weight"] * out["density"]
    out["share"] = out["contribution"] / out.groupby("industry")["contribution"].transform("sum")
    out["label"] = [f"{c} {short_sector_name(sectors.loc[c, 'name_en'], 200)}"
                    for c in out["code"]]
    out["label_zh"] = out["code"] + " " + out["code"].map(
        sectors["name_zh"].str.replace(_ZH_SUFFIX, "", regex=True))
    return out[["industry", "code", "label", "label_zh", "weight", "density", "contribution",
                "share"]]


#: Alternative mappings reviewed in the chapter: industry -> (what changes, codes by year).
#: Biomedicine without "other special machinery" (shared with two other industries); smart
#: grid without communication equipment (itself IT); new energy with photovoltaics in
#: power transmission, distribution and control equipment, where GB/T 4754-2011 and
#: GB/T 4754-2017 put photovoltaic equipment and components (class 3825), instead of other
#: electrical machinery; software and integrated circuits as integrated circuits only,
#: since the software sector is "software and IT services" in 2012 but software alone in 2017.
MAPPING_VARIANTS: dict[str, tuple[str, dict[int, list[str]]]] = {
    "biomedicine": ("medical products only", {2012: ["048"], 2017: ["050"]}),
    "smart_grid_iot": ("without communication equipment",
                       {2012: ["081", "082"], 2017: ["083", "084"]}),
    "new_energy": ("photovoltaics in class 3825",
                   {2012: ["065", "081", "083"], 2017: ["067", "083", "085"]}),
    "software_ic": ("integrated circuits only", {2012: ["090"], 2017: ["092"]}),
}


def emerging_mapping_variants(year: int, how: str = "max") -> pd.DataFrame:
    """Return the emerging industries' density to IT under the book's and reviewed mappings.

    Parameters
    ----------
    year : int
        2012 or 2017.
    how : {"max", "mean"}
        Form of relatedness.

    Returns
    -------
    DataFrame
        ``industry``, ``name``, ``name_zh``, ``mapping`` (``"book"`` or the change made),
        ``sectors``, ``density`` and ``rank`` (among the eight, the others keeping the book's
        mapping).

    """
    book = data.io_concordance(year, "emerging_industry")[["code", "target"]]
    base = emerging_io_density(year, how)
    rows = [base.assign(mapping="book")]
    for industry, (change, codes) in MAPPING_VARIANTS.items():
        alt = pd.concat([book[book["target"] != industry],
                         pd.DataFrame({"code": codes[year], "target": industry})],
                        ignore_index=True)
        frame = emerging_io_density(year, how, mapping=alt)
        rows.append(frame[frame["industry"] == industry].assign(mapping=change))
    cols = ["industry", "name", "name_zh", "mapping", "sectors", "density", "rank"]
    return pd.concat(rows, ignore_index=True)[cols]
