"""The book's languages (helpers.i18n): the label catalogue and how charts use it."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from zhcheck import english_left

from helpers import charts, data, i18n

pytestmark = pytest.mark.fast


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.use_language("en")


def test_english_is_the_default_and_needs_no_catalogue():
    assert i18n.language() == "en"
    assert i18n.tr("Year") == "Year"
    assert i18n.tr("{n} firms", n=3) == "3 firms"


def test_chinese_labels_come_from_the_catalogue_with_their_values():
    with i18n.using("zh"):
        assert i18n.tr("Year") == "年份"
        assert i18n.tr("Stage {stage}: {name}", stage=2, name="台资IT专业化") == \
            "第 2 阶段：台资IT专业化"
    assert i18n.language() == "en"


def test_an_uncatalogued_label_is_refused_in_chinese_naming_it_and_the_catalogue():
    with i18n.using("zh"), pytest.raises(LookupError, match=r"no zh label for 'Zebra crossings'"
                                         r".*i18n/zh"):
        i18n.tr("Zebra crossings")
    # a reader's own label comes back as given; a Chinese one is never looked up
    with i18n.using("zh"):
        assert i18n.tr_user("My own title") == "My own title"
        assert i18n.tr_user("Year") == "年份"
        assert i18n.tr("已经是中文") == "已经是中文"


def test_a_bad_language_is_named():
    with pytest.raises(ValueError, match=r"lang must be one of \('en', 'zh'\), got 'fr'"):
        i18n.use_language("fr")


def test_every_catalogue_row_is_valid_and_keeps_its_placeholders():
    cat = i18n.catalogue("zh")
    assert len(cat) >= 5
    for english, chinese in cat.items():
        assert i18n.placeholders(english) == i18n.placeholders(chinese), english
        # a template may be only placeholders and Chinese punctuation ("{label}：{items}")
        bare = re.sub(r"\{[^{}]*\}", "", chinese)
        assert i18n.has_cjk(bare) or not any(c.isalpha() for c in bare), (english, chinese)


def test_a_broken_catalogue_row_is_named_by_file_and_row(tmp_path, monkeypatch):
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "a.csv").write_text("english,chinese,note\n"
                                           "{n} firms,{count} 家企业,\n", encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"a\.csv: row 2: placeholders differ"):
            i18n.catalogue("zh")
        (tmp_path / "zh" / "a.csv").write_text("english,chinese,note\nYear,年份,\n",
                                               encoding="utf-8")
        (tmp_path / "zh" / "b.csv").write_text("english,chinese,note\nYear,年度,\n",
                                               encoding="utf-8")
        i18n.catalogue.cache_clear()
        with pytest.raises(ValueError, match=r"b\.csv: row 2: 'Year' is translated differently "
                                             r"in a\.csv row 2"):
            i18n.catalogue("zh")
    finally:
        i18n.catalogue.cache_clear()


def test_column_picks_the_chinese_column_only_in_chinese_and_only_when_there():
    frame = pd.DataFrame({"name": ["Origins"], "name_zh": ["起步"]})
    assert i18n.column(frame, "name") == "name"
    with i18n.using("zh"):
        assert i18n.column(frame, "name") == "name_zh"
        assert i18n.column(frame[["name"]], "name") == "name"
        with pytest.raises(ValueError, match=r"frame has no column 'label'"):
            i18n.column(frame, "label")


def test_month_names():
    assert i18n.month_name(5) == "May"
    with i18n.using("zh"):
        assert i18n.month_name(5) == "5月"
    with pytest.raises(ValueError, match="month must be 1-12"):
        i18n.month_name(13)


def test_chinese_titles_wrap_between_characters_and_count_wider_characters():
    english = charts.wrap_expr("datum.label", 0.5, 6.6)
    with i18n.using("zh"):
        chinese = charts.wrap_expr("datum.label", 0.5, 6.6)
    assert "/ 6.6)" in english and "/ 11.88)" in chinese
    assert "(?=[\\\\u3400-\\\\u9fff])" in chinese


def test_stage_labels_are_chinese_from_the_stages_table():
    with i18n.using("zh"):
        labels = charts.stage_labels(data.stages())
    assert all(label.startswith("第 ") for label in labels), labels
    assert not english_left(labels), labels


def test_every_chinese_column_of_the_data_says_whose_translation_it_is():
    for res in data.descriptor()["resources"]:
        names = [f["name"] for f in res["schema"]["fields"]]
        for field in res["schema"]["fields"]:
            if "translation" in field:
                assert field["name"] == field["translation"]["of"] + "_zh"
                assert field["translation"]["of"] in names, (res["name"], field["name"])
                assert field["translation"]["by"] == "book"
                assert "book's own Chinese translation" in field["description"]
    assert "name_zh" in data.stages().columns


def test_a_missing_translation_is_named_by_row_and_column(tmp_path):
    import shutil

    from helpers.data._core import DATA_DIR

    shutil.copytree(DATA_DIR, tmp_path / "data")
    path = tmp_path / "data" / "stages.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",起步,", ",,", 1),
                    encoding="utf-8")
    with pytest.raises(data.DataValidationError, match=r"stages\.csv line 2 .*column "
                                                       r"'name_zh'"):
        data.load("stages", data_dir=tmp_path / "data")
