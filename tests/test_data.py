"""Tests for helpers.data: the tables load, validate, and fail loudly and precisely."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import data
from helpers.data import DataValidationError

pytestmark = pytest.mark.fast

NAMES = data.table_names()
BIB = Path("/work/shared/reference/article-references.bib")


# ------------------------------------------------------------------------------------------
# helpers


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    dest = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, dest)
    return dest


def _read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(folder: Path, name: str, line: int, column: str, value: str) -> None:
    """Set one cell; ``line`` is the CSV line (header = 1)."""
    path = folder / f"{name}.csv"
    rows = _read(path)
    rows[line - 1][rows[0].index(column)] = value
    _write(path, rows)


# ------------------------------------------------------------------------------------------
# the real data


@pytest.mark.parametrize("name", NAMES)
def test_every_table_loads_and_validates(name: str) -> None:
    df = data.load(name)
    assert len(df) > 0
    assert list(df.columns) == [f["name"] for f in data.describe(name)["fields"]]


def test_descriptor_is_a_valid_frictionless_package() -> None:
    from frictionless import Package

    pkg = Package(str(data.DATA_DIR / "datapackage.json"))
    assert pkg.validate().valid
    desc = data.descriptor()
    assert desc["licenses"][0]["name"] == "CC-BY-4.0"
    assert any("10.1111/grow.12566" in s.get("path", "") for s in desc["sources"])


def test_package_lists_every_csv_in_data_dir() -> None:
    on_disk = {p.stem for p in data.DATA_DIR.glob("*.csv")}
    assert on_disk == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_table_and_field_is_described(name: str) -> None:
    d = data.describe(name)
    assert d["title"] and d["description"]
    assert d["primary_key"]
    for field in d["fields"]:
        assert field["description"], f"{name}.{field['name']} has no description"


@pytest.mark.parametrize("name", [n for n in NAMES if "source" in data.load(n).columns])
def test_every_row_has_a_source_locator(name: str) -> None:
    src = data.load(name)["source"]
    assert src.notna().all() and (src.str.strip() != "").all()


def test_every_table_with_numbers_has_a_source_column() -> None:
    for name in NAMES:
        assert "source" in data.load(name).columns, name


@pytest.mark.parametrize("name", [n for n in NAMES if "kind" in data.load(n).columns])
def test_only_reported_rows_are_stored(name: str) -> None:
    assert set(data.load(name)["kind"]) == {"reported"}


def test_types_follow_the_schema() -> None:
    t2 = data.load("table2")
    assert t2["year"].dtype == "int64"
    assert t2["value"].dtype == "float64"
    assert t2["measure"].dtype == "str"
    assert t2["industry"].isna().sum() == 4 * 4  # four totals a year have no industry
    ind = data.load("indicators")
    assert ind["year"].dtype == "Int64"  # some quantities have no year
    assert data.load("emerging_industries")["added_since_12th_plan"].dtype == bool
    assert data.load("divisions")["code"].dtype == "int64"


def test_stages_tile_the_years_without_gap_or_overlap() -> None:
    st = data.stages()
    assert list(st["stage"]) == [1, 2, 3]
    assert (st["start_year"].iloc[1:].to_numpy() == st["end_year"].iloc[:-1].to_numpy() + 1).all()
    assert (st["start_year"] <= st["end_year"]).all()


@pytest.mark.parametrize(
    ("year", "stage"),
    [(1983, 1), (1997, 1), (1998, 2), (2009, 2), (2010, 3), (2019, 3), (1978, None), (2020, None)],
)
def test_stage_of_year_uses_the_stage_boundaries(year: int, stage: int | None) -> None:
    assert data.stage_of_year(year) == stage


def test_every_event_falls_within_the_stages() -> None:
    ev, st = data.load("events"), data.stages()
    assert ev["year"].between(st["start_year"].min(), st["end_year"].max()).all()
    assert 35 <= len(ev) <= 50


def test_coalitions_give_each_real_actor_one_name_in_every_stage() -> None:
    """Issue 12 item 2: renaming Taiwanese capital per stage inflated the turnover."""
    c = data.load("coalitions")
    per_actor = c.groupby("actor")[["actor_type", "scale"]].nunique()
    assert (per_actor == 1).all().all(), per_actor[(per_actor > 1).any(axis=1)]
    taiwanese = {a for a in c["actor"] if "taiwan" in a.lower() and "beyond" not in a.lower()}
    assert taiwanese == {"Taiwan-invested enterprises"}
    everywhere = set.intersection(*(set(g["actor"]) for _, g in c.groupby("stage")))
    assert {"Kunshan local government", "central government",
            "Taiwan-invested enterprises"} <= everywhere


def test_stage1_firms_bring_technology_as_well_as_capital() -> None:
    """Issue 12 item 12: §4.2 is headed 'for capital and technology'."""
    c = data.load("coalitions")
    firms = c[(c["stage"] == 1) & (c["actor_type"] == "firms")]
    by_actor = firms.groupby("actor")["resource"].apply(set)
    assert all({"capital", "technology"} <= r for r in by_actor), by_actor


def test_events_and_coalitions_share_one_resource_vocabulary() -> None:
    """Issue 12 item 14: no resource code (such as 'market') used by a single row."""
    events = data.load("events")["resource"].dropna().str.split(";").explode()
    coalitions = data.load("coalitions")["resource"]
    assert set(events) <= set(coalitions)
    assert "market" not in set(events) | set(coalitions)


def test_a_market_resource_is_rejected(data_copy: Path) -> None:
    set_cell(data_copy, "events", 5, "resource", "market")
    with pytest.raises(DataValidationError, match="pattern"):
        data.load("events", data_copy)


def test_divisions_are_the_30_gbt_codes_without_38() -> None:
    codes = data.load("divisions")["code"]
    assert len(codes) == 30
    assert 38 not in set(codes)
    assert set(codes) == set(range(13, 44)) - {38}


def test_figure2_top_six_are_flagged_with_article_names() -> None:
    div = data.load("divisions")
    top = div[div["figure2_top_six"]]
    assert sorted(top["code"]) == [26, 35, 36, 37, 39, 40]
    assert top["article_name"].notna().all()
    assert div[~div["figure2_top_six"]]["article_name"].isna().all()


def test_it_subsectors_group_as_in_figure3() -> None:
    it = data.load("it_subsectors")
    assert sorted(it["code"]) == [401, 402, 403, 404, 405, 406, 407, 409]
    shown = it[it["figure3_group"] != "Others"]
    assert sorted(shown["code"]) == [404, 405, 406]


def test_table2_has_eight_industries_by_four_years() -> None:
    t2 = data.load("table2")
    for measure in ("output", "share_of_emerging"):
        sel = t2[t2["measure"] == measure]
        assert len(sel) == 32
        assert sel.groupby("year")["industry"].nunique().to_dict() == {
            y: 8 for y in (2013, 2014, 2015, 2016)
        }
    assert set(t2["industry"].dropna()) == set(data.load("emerging_industries")["industry"])


def test_table2_printed_shares_are_kept_as_printed_integers() -> None:
    shares = data.load("table2").query("measure == 'share_of_emerging'")["value"]
    assert (shares == shares.round()).all()


def test_emerging_industries_flag_the_two_added_since_12th_plan() -> None:
    em = data.load("emerging_industries")
    added = set(em.loc[em["added_since_12th_plan"], "industry"])
    assert added == {"software_ic", "high_end_equipment"}


def test_hhi_1998_is_stored_as_an_upper_bound() -> None:
    row = data.lookup("concentration", measure="hhi", year=1998)
    assert row["bound"] == "upper"
    assert row["value"] == pytest.approx(0.07)
    assert "four years later" in data.lookup("concentration", measure="hhi", year=2002)["note"]


def test_ranges_use_low_and_high_not_a_string() -> None:
    row = data.lookup("indicators", indicator="taiwan_share_of_foreign_enterprises", year=2007)
    assert row["bound"] == "range"
    assert pd.isna(row["value"])
    assert (row["value_low"], row["value_high"]) == (60, 70)


def test_units_are_never_inside_values() -> None:
    for name in ("table2", "concentration", "indicators"):
        df = data.load(name)
        assert df["value"].dtype == "float64", name
        assert df["unit"].notna().all(), name


@pytest.mark.skipif(not BIB.exists(), reason="shared bibliography not available")
def test_cited_keys_exist_in_the_bibliography() -> None:
    text = BIB.read_text(encoding="utf-8")
    for name in NAMES:
        df = data.load(name)
        if "cited" not in df.columns:
            continue
        for keys in df["cited"].dropna():
            for key in keys.split(";"):
                assert "{" + key + "," in text, f"{name}: unknown bib key {key}"


# ------------------------------------------------------------------------------------------
# the API


def test_load_returns_a_copy_the_caller_can_mutate() -> None:
    first = data.load("table2")
    first.loc[0, "value"] = -1.0
    assert data.load("table2").loc[0, "value"] != -1.0


def test_unknown_name_lists_valid_names() -> None:
    with pytest.raises(ValueError, match="valid names are: .*table2"):
        data.load("tabel2")
    with pytest.raises(ValueError, match="stages"):
        data.describe("nope")


def test_data_dir_is_found_from_the_package_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert data.DATA_DIR == Path(data.__file__).resolve().parents[3] / "data"
    assert len(data.load("stages")) == 3


def test_cache_notices_a_changed_file(data_copy: Path) -> None:
    assert len(data.load("stages", data_copy)) == 3
    set_cell(data_copy, "stages", 3, "start_year", "1999")
    with pytest.raises(DataValidationError):
        data.load("stages", data_copy)


def test_lookup_needs_exactly_one_row() -> None:
    assert data.lookup("indicators", indicator="laptop_output", year=2010)["value"] == 120
    with pytest.raises(KeyError, match="3 rows"):
        data.lookup("indicators", indicator="laptop_output")


def test_import_is_light() -> None:
    code = (
        "import sys, helpers.data; "
        "bad = [m for m in ('frictionless', 'helpers.metrics', 'helpers.charts', "
        "'helpers.widgets', 'altair') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------------------------------
# bad input: each error names the file, the line (data row) and the column


def _assert_names(err: DataValidationError, file: str, line: int | None, column: str) -> None:
    msg = str(err)
    assert file in msg, msg
    if line is not None:
        where = "line 1 (header)" if line == 1 else f"line {line} (data row {line - 1})"
        assert where in msg, msg
    assert f"column '{column}'" in msg, msg


@pytest.mark.parametrize(
    ("name", "line", "column", "value", "fragment"),
    [
        ("table2", 7, "value", "abc", "'abc' is not a number"),
        ("table2", 7, "value", "nan", "'nan' is not a number"),
        ("table2", 7, "value", "1e3", "is not a number"),
        ("table2", 2, "value", "-3", "minimum"),
        ("table2", 4, "unit", "yuan", "'yuan'"),
        ("table2", 5, "industry", "", "needs an industry"),
        ("events", 5, "source", "", "empty but required"),
        ("events", 5, "source", "somewhere", "pattern"),
        ("events", 6, "stage", "4", "foreign key"),
        ("events", 6, "actor_scales", "local", "must align"),
        ("events", 6, "year", "19x5", "is not an integer"),
        ("stages", 3, "start_year", "1999", "a gap"),
        ("stages", 3, "start_year", "1997", "an overlap"),
        ("divisions", 5, "figure2_top_six", "yes", "is not a boolean"),
        ("indicators", 2, "value", " 15", "spaces"),
        ("concentration", 2, "bound", "below", "'below'"),
        ("concentration", 6, "code", "999", "maximum"),
    ],
)
def test_bad_cells_raise_with_file_row_and_column(
    data_copy: Path, name: str, line: int, column: str, value: str, fragment: str
) -> None:
    set_cell(data_copy, name, line, column, value)
    with pytest.raises(DataValidationError) as info:
        data.load(name, data_copy)
    _assert_names(info.value, f"{name}.csv", line, column)
    assert fragment in str(info.value)


def test_range_with_a_plain_value_is_rejected(data_copy: Path) -> None:
    df = data.load("indicators")
    line = int(df.index[df["bound"] == "range"][0]) + 2
    set_cell(data_copy, "indicators", line, "value", "65")
    with pytest.raises(DataValidationError) as info:
        data.load("indicators", data_copy)
    _assert_names(info.value, "indicators.csv", line, "value")


def test_duplicate_primary_key_is_rejected(data_copy: Path) -> None:
    path = data_copy / "table2.csv"
    rows = _read(path)
    rows.append(list(rows[3]))
    _write(path, rows)
    with pytest.raises(DataValidationError) as info:
        data.load("table2", data_copy)
    _assert_names(info.value, "table2.csv", len(rows), "year, measure, industry")
    assert "duplicate primary key" in str(info.value)


def test_extra_column_is_rejected(data_copy: Path) -> None:
    path = data_copy / "table2.csv"
    rows = [r + ["x"] for r in _read(path)]
    rows[0][-1] = "extra"
    _write(path, rows)
    with pytest.raises(DataValidationError) as info:
        data.load("table2", data_copy)
    _assert_names(info.value, "table2.csv", 1, "extra")


def test_missing_column_is_rejected(data_copy: Path) -> None:
    path = data_copy / "table2.csv"
    _write(path, [r[:-1] for r in _read(path)])
    with pytest.raises(DataValidationError) as info:
        data.load("table2", data_copy)
    _assert_names(info.value, "table2.csv", 1, "kind")
    assert "missing" in str(info.value)


def test_short_row_is_rejected_not_padded(data_copy: Path) -> None:
    path = data_copy / "table2.csv"
    rows = _read(path)
    rows[4] = rows[4][:-2]
    _write(path, rows)
    with pytest.raises(DataValidationError, match=r"table2.csv line 5 \(data row 4\)"):
        data.load("table2", data_copy)


def test_schema_change_is_picked_up_from_the_copy(data_copy: Path) -> None:
    path = data_copy / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    stages = next(r for r in desc["resources"] if r["name"] == "stages")
    stages["schema"]["fields"][0]["constraints"]["maximum"] = 2
    path.write_text(json.dumps(desc), encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        data.load("stages", data_copy)
    _assert_names(info.value, "stages.csv", 4, "stage")


def test_a_passed_validation_is_remembered_and_a_changed_table_is_checked_again(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frictionless check is skipped only for bytes that passed it before."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("KUNSHAN_CACHE", str(cache))
    data.load("table2", data_copy)
    stamps = list((cache / "kunshan-book-validated").iterdir())
    assert [s.name.split("-")[0] for s in stamps] == ["table2"]
    # the same duplicate key as above, on a table whose earlier bytes were remembered
    path = data_copy / "table2.csv"
    rows = _read(path)
    rows.append(list(rows[3]))
    _write(path, rows)
    with pytest.raises(DataValidationError, match="duplicate primary key"):
        data.load("table2", data_copy)
    assert list((cache / "kunshan-book-validated").iterdir()) == stamps  # no stamp for it


# ------------------------------------------------------------------------------------------
# issue 20: rows that said more than the article


def test_epz_batch_counts_kunshan_among_its_15_regions() -> None:
    """Item 1: 'other 15 regions among which Kunshan was ...' is 15 in all, not 16."""
    n = int(data.lookup("indicators", indicator="epz_regions_approved", year=2000)["value"])
    event = data.lookup("events", id="epz_approved")
    assert f"one of {n} regions" in event["event"]
    assert "other" not in event["event"] and "can also be read" in event["note"]


def test_park_is_dated_by_the_decision_the_article_reports() -> None:
    """Item 4: §4.1 says only that in 1984 the leadership 'determined' to build the park."""
    events = data.load("events")
    assert not events["id"].str.contains("park_founded").any()
    park = data.lookup("events", id="industrial_park_decision")
    assert int(park["year"]) == 1984 and park["event"].startswith("Local leaders decide")
    assert "'determined'" in park["note"]


def test_dku_2018_event_is_degree_programmes_not_teaching() -> None:
    """Item 7: the article says DKU began to launch undergraduate *degree* programmes."""
    assert "degree programmes" in data.lookup("events", id="dku_undergraduate")["event"]


def test_epz_results_keep_the_article_attribution() -> None:
    """Item 5: the firms are Kunshan's, the 18 billion's scope is flagged as unclear."""
    firms = data.lookup("indicators", indicator="epz_taiwan_enterprises")
    trade = data.lookup("indicators", indicator="trade_volume", year=2005)
    assert "'enabled Kunshan to welcome'" in firms["note"] and firms["cited"] == "hu2019b"
    assert "does not say whether it is Kunshan's trade or the zone's" in trade["note"]
