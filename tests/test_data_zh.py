"""The data package in Chinese: every table's and field's title and description.

The descriptor keeps the book's Chinese beside the English (``title_zh``, ``description_zh``);
:func:`helpers.data.describe` gives them in the Chinese edition and the English otherwise.
"""

from __future__ import annotations

import json
import re

import pytest

from helpers import data, i18n

pytestmark = pytest.mark.fast

NAMES = data.table_names()
TEXTS = ("title", "description")
# a locator or code name written in Latin letters stays as it is in the Chinese text
KEPT = re.compile(r"§\d+|\b(?:19|20)\d\d\b")


def _raw(name: str) -> dict:
    return next(r for r in data.descriptor()["resources"] if r["name"] == name)


def _entries(name: str) -> list[tuple[str, dict]]:
    res = _raw(name)
    return [(name, res)] + [(f"{name}.{f['name']}", f) for f in res["schema"]["fields"]]


@pytest.mark.parametrize("name", NAMES)
def test_every_title_and_description_has_the_books_chinese(name: str) -> None:
    for where, entry in _entries(name):
        for key in TEXTS:
            zh = entry.get(f"{key}_zh")
            assert isinstance(zh, str) and i18n.has_cjk(zh), f"{where}: no Chinese {key}_zh"
            assert zh != entry[key], f"{where}: {key}_zh repeats the English"


@pytest.mark.parametrize("name", NAMES)
def test_chinese_keeps_the_code_names_locators_and_numbers(name: str) -> None:
    """Backticked names, section marks and years in the English recur in the Chinese."""
    for where, entry in _entries(name):
        for key in TEXTS:
            en, zh = entry[key], entry[f"{key}_zh"]
            for token in re.findall(r"`[^`]+`", en) + KEPT.findall(en):
                assert token in zh, f"{where}: {key}_zh lacks {token!r}"


@pytest.mark.parametrize("name", NAMES)
def test_describe_speaks_the_current_language(name: str) -> None:
    english = data.describe(name)
    with i18n.using("zh"):
        chinese = data.describe(name)
    res = _raw(name)
    # English: exactly the descriptor's English, no extra keys
    assert english["title"] == res["title"]
    assert english["description"] == res["description"]
    assert [(f["title"], f["description"]) for f in english["fields"]] == [
        (f["title"], f["description"]) for f in res["schema"]["fields"]
    ]
    # Chinese: the _zh texts, the same structure, code names unchanged
    assert chinese["title"] == res["title_zh"]
    assert chinese["description"] == res["description_zh"]
    assert [(f["title"], f["description"]) for f in chinese["fields"]] == [
        (f["title_zh"], f["description_zh"]) for f in res["schema"]["fields"]
    ]
    assert set(chinese) == set(english)
    for en_f, zh_f in zip(english["fields"], chinese["fields"], strict=True):
        assert set(zh_f) == set(en_f) == {"name", "type", "title", "description", "constraints"}
        assert (zh_f["name"], zh_f["type"], zh_f["constraints"]) == (
            en_f["name"],
            en_f["type"],
            en_f["constraints"],
        )
    assert chinese["primary_key"] == english["primary_key"]
    assert chinese["foreign_keys"] == english["foreign_keys"]


def test_describe_falls_back_to_english_where_no_chinese_is_given(tmp_path) -> None:
    desc = json.loads((data.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == "stages")
    del res["title_zh"]
    del res["schema"]["fields"][0]["description_zh"]
    (tmp_path / "datapackage.json").write_text(
        json.dumps(desc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    with i18n.using("zh"):
        info = data.describe("stages", data_dir=tmp_path)
    assert info["title"] == res["title"]
    assert info["fields"][0]["description"] == res["schema"]["fields"][0]["description"]
    assert info["fields"][0]["title"] == res["schema"]["fields"][0]["title_zh"]


def test_descriptor_is_written_in_the_canonical_layout() -> None:
    """The file is json.dumps(..., ensure_ascii=False, indent=2) plus a newline (diff-friendly)."""
    text = (data.DATA_DIR / "datapackage.json").read_text(encoding="utf-8")
    assert json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n" == text


def test_licence_and_sources_read_in_chinese_but_the_article_reference_stays_as_published() -> None:
    desc = data.descriptor()
    with i18n.using("zh"):
        assert i18n.has_cjk(data.in_language(desc["licenses"][0], "title"))
        for source in desc["sources"]:
            text = data.in_language(source, "title")
            if "10.1111/grow.12566" in source.get("path", ""):
                assert text == source["title"]  # the bibliography stays as published
            else:
                assert i18n.has_cjk(text), source["title"]
    assert data.in_language(desc["licenses"][0], "title") == desc["licenses"][0]["title"]


def test_every_field_type_and_unit_the_appendix_shows_has_a_chinese_name() -> None:
    """The data appendix shows each field's type and each table's units in the reader's language."""
    types = {
        f.get("type", "string")
        for r in data.descriptor()["resources"]
        for f in r["schema"]["fields"]
    }
    with i18n.using("zh"):
        for t in types:
            assert i18n.has_cjk(i18n.tr(t)), t
        for name in NAMES:
            frame = data.load(name)
            if "unit" not in frame.columns:
                continue
            shown = frame[i18n.column(frame, "unit")]
            for english, text in zip(frame["unit"], shown, strict=True):
                assert i18n.tr_user(text) != english, f"{name}: unit {english!r} has no Chinese"
    assert i18n.tr("integer") == "integer"
