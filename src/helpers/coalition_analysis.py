"""Counts over the book's coding of Kunshan's coalitions (chapters 2 and 7).

An analysis module: it reads the ``coalitions`` table through :mod:`helpers.data` (or takes
a copy of it, e.g. a reader's subset) and returns frames and numbers that the chapters
quote and :mod:`helpers.charts` draws. The table holds one row per stage, actor and
resource, so every count here is of *distinct* actors: an actor that brings three
resources to a stage counts once in that stage.

The coding is the book's, from the text of §4-§7 (Figures 1 and 4 are missing from our
copy of the article); see ``data/README.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from helpers import data

__all__ = [
    "FAR_SCALES",
    "actors_per_stage",
    "non_local_share",
    "far_scale_shares",
    "stage_turnover",
    "new_share",
    "always_present",
    "returning_actors",
]

#: The scales beyond Kunshan and its region (the local and regional scales are "near").
FAR_SCALES: tuple[str, ...] = ("national", "cross-strait", "global")

_COLUMNS = ("stage", "actor", "actor_type", "scale", "resource")


def _table(coalitions: pd.DataFrame | None) -> pd.DataFrame:
    """Return the coalitions table (loaded when ``None``), checked for the columns used here."""
    table = data.load("coalitions") if coalitions is None else coalitions
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"coalitions must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in _COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"coalitions is missing column(s) {missing}")
    if table.empty:
        raise ValueError("coalitions has no rows")
    return table


def actors_per_stage(coalitions: pd.DataFrame | None = None, **match: str) -> pd.Series:
    """Count the distinct actors of each stage, optionally only rows with given values.

    Parameters
    ----------
    coalitions : DataFrame, optional
        The ``coalitions`` table; loaded from ``data/`` when omitted.
    **match : str
        Column values a row must have to count, e.g. ``resource="technology"`` or
        ``actor_type="URIs"``.

    Returns
    -------
    Series
        Distinct actors per stage, indexed by every stage of the table (0 where no row
        matches), named ``"actors"``.

    Raises
    ------
    ValueError
        If a column is missing or ``match`` names a column the table lacks.

    Examples
    --------
    >>> actors_per_stage().tolist()
    [12, 6, 13]
    >>> actors_per_stage(resource="technology", actor_type="firms").tolist()
    [4, 1, 2]

    """
    table = _table(coalitions)
    unknown = [c for c in match if c not in table.columns]
    if unknown:
        raise ValueError(f"match names column(s) {unknown} that coalitions lacks")
    rows = table
    for column, value in match.items():
        rows = rows[rows[column] == value]
    stages = sorted(table["stage"].unique())
    counts = rows.groupby("stage")["actor"].nunique().reindex(stages, fill_value=0)
    return counts.astype(int).rename("actors").rename_axis("stage")


def non_local_share(coalitions: pd.DataFrame | None = None) -> float:
    """Return the share (0-1) of the distinct actors that appear at least once at a scale not local.

    Examples
    --------
    >>> round(non_local_share(), 2)
    0.82

    """
    table = _table(coalitions)
    return table.loc[table["scale"] != "local", "actor"].nunique() / table["actor"].nunique()


def far_scale_shares(
    coalitions: pd.DataFrame | None = None, scales: Sequence[str] = FAR_SCALES
) -> pd.DataFrame:
    """Return each stage's share of actors at the far scales (national, cross-strait, global).

    Parameters
    ----------
    coalitions : DataFrame, optional
        The ``coalitions`` table; loaded from ``data/`` when omitted.
    scales : sequence of str
        The scales that count as far (default :data:`FAR_SCALES`).

    Returns
    -------
    DataFrame
        Indexed by stage, the highest share first (ties by stage): ``n_far`` (distinct
        actors at a far scale), ``n`` (distinct actors), ``share`` (``n_far / n``) and
        ``share_one_more_near`` (the share if one more local or regional actor joined, a
        test of how fragile the order is).

    Raises
    ------
    ValueError
        If a column is missing or ``scales`` is empty.

    Examples
    --------
    >>> far_scale_shares()[["n_far", "n"]].to_dict("index")
    {3: {'n_far': 9, 'n': 13}, 2: {'n_far': 4, 'n': 6}, 1: {'n_far': 4, 'n': 12}}

    """
    table = _table(coalitions)
    if not list(scales):
        raise ValueError("scales must name at least one scale")
    actors = table.drop_duplicates(["stage", "actor"])
    far = actors["scale"].isin(list(scales)).groupby(actors["stage"]).agg(n_far="sum", n="size")
    far = far.astype(int)
    far["share"] = far["n_far"] / far["n"]
    far["share_one_more_near"] = far["n_far"] / (far["n"] + 1)
    far = far.rename_axis("stage").reset_index()
    far = far.sort_values(["share", "stage"], ascending=[False, True], kind="stable")
    return far.set_index("stage")


def _members(table: pd.DataFrame, key: str | Sequence[str]) -> dict[int, set[str]]:
    """Return each stage's members, named by a column or columns joined with " / "."""
    columns = [key] if isinstance(key, str) else list(key)
    if not columns:
        raise ValueError("key must name at least one column")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"key names column(s) {missing} that coalitions lacks")
    names = table[columns].astype(str).agg(" / ".join, axis=1)
    return {int(s): set(g) for s, g in names.groupby(table["stage"])}


def stage_turnover(
    coalitions: pd.DataFrame | None = None, key: str | Sequence[str] = "actor"
) -> pd.DataFrame:
    """Count the actors (or kinds of actor) entering, continuing and leaving each stage.

    A member of stage *s* is *continuing* if it was in stage *s - 1*, *entering* if not;
    a member of stage *s - 1* absent from stage *s* is *leaving* at *s*. The first stage
    has no previous one, so every member enters.

    Parameters
    ----------
    coalitions : DataFrame, optional
        The ``coalitions`` table; loaded from ``data/`` when omitted.
    key : str or sequence of str, default "actor"
        The column that names a member, or several columns joined with ``" / "``
        (``["actor_type", "scale"]`` counts kinds of partner, such as
        ``"firms / cross-strait"``, rather than partners).

    Returns
    -------
    DataFrame
        Columns ``stage``, ``status`` (``continuing``, ``entering``, ``leaving``),
        ``count`` and ``actors`` (members joined with ``'; '``, sorted), three rows per
        stage: the frame :func:`helpers.charts.coalition_turnover` draws. With the key
        ``"actor"`` and a table that has the book's ``actor_zh``, also ``actors_zh`` (the
        same members' Chinese names, joined with ``'；'``).

    Raises
    ------
    ValueError
        If a column is missing or ``key`` names none or a missing one.

    Examples
    --------
    >>> t = stage_turnover().set_index(["stage", "status"])["count"]
    >>> t.loc[2].to_dict()
    {'continuing': 4, 'entering': 2, 'leaving': 8}

    """
    table = _table(coalitions)
    members = _members(table, key)
    # the book's Chinese names (``actor_zh``) of the same members, for the Chinese edition
    chinese = (dict(zip(table["actor"], table["actor_zh"], strict=True))
               if key == "actor" and "actor_zh" in table.columns else None)
    rows = []
    previous: set[str] = set()
    for stage in sorted(members):
        now = members[stage]
        for status, who in (("continuing", now & previous), ("entering", now - previous),
                            ("leaving", previous - now)):
            row = {"stage": stage, "status": status, "count": len(who),
                   "actors": "; ".join(sorted(who))}
            if chinese is not None:
                row["actors_zh"] = "；".join(chinese[a] for a in sorted(who))
            rows.append(row)
        previous = now
    columns = ["stage", "status", "count", "actors"] + (["actors_zh"] if chinese else [])
    return pd.DataFrame(rows, columns=columns)


def new_share(turnover: pd.DataFrame) -> pd.Series:
    """Return the percentage of new members per stage (entering over entering + continuing).

    Parameters
    ----------
    turnover : DataFrame
        A frame from :func:`stage_turnover`.

    Returns
    -------
    Series
        Indexed by stage, 0-100, named ``"new_pct"`` (100 for the first stage).

    Examples
    --------
    >>> new_share(stage_turnover()).round(0).tolist()
    [100.0, 33.0, 77.0]

    """
    missing = [c for c in ("stage", "status", "count") if c not in turnover.columns]
    if missing:
        raise ValueError(f"turnover is missing column(s) {missing}")
    counts = turnover.pivot_table(index="stage", columns="status", values="count",
                                  aggfunc="sum", fill_value=0)
    for status in ("entering", "continuing"):
        if status not in counts.columns:
            counts[status] = 0
    members = counts["entering"] + counts["continuing"]
    return (100 * counts["entering"] / members).rename("new_pct")


def always_present(coalitions: pd.DataFrame | None = None) -> list[str]:
    """Return the actors named in every stage, sorted case-insensitively.

    Examples
    --------
    >>> always_present()
    ['central government', 'Kunshan local government', 'Taiwan-invested enterprises']

    """
    members = _members(_table(coalitions), "actor")
    return sorted(set.intersection(*members.values()), key=str.lower)


def returning_actors(stage: int, coalitions: pd.DataFrame | None = None) -> list[str]:
    """Return the actors of ``stage`` absent from the stage before but named earlier.

    Raises
    ------
    ValueError
        If ``stage`` is not a stage of the table or has no earlier stage to return from.

    Examples
    --------
    >>> returning_actors(3)
    ['foreign investors beyond Taiwan', 'Jiangsu provincial government']

    """
    members = _members(_table(coalitions), "actor")
    if stage not in members:
        raise ValueError(f"stage {stage!r} is not a stage of coalitions ({sorted(members)})")
    earlier = [s for s in sorted(members) if s < stage]
    if len(earlier) < 2:
        raise ValueError(f"stage {stage} has no stage before its previous one to return from")
    before = set().union(*(members[s] for s in earlier[:-1]))
    return sorted((members[stage] - members[earlier[-1]]) & before, key=str.lower)
