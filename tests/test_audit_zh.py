"""The audit's findings in the Chinese edition (issue 24): Chinese words, the same numbers.

``helpers.audit.audit()`` writes its descriptions and notes through ``helpers.i18n.tr``;
under ``i18n.using("zh")`` every reader-visible cell of the "Checking the numbers" tables
must hold no English word (``tests/zhcheck.py``'s rule) apart from the article's own
phrases, which the edition quotes in English inside “…” with a Chinese gloss.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from zhcheck import english_words

from helpers import audit, i18n

pytestmark = pytest.mark.fast

#: A phrase of the article, quoted in English in the Chinese edition.
QUOTED = re.compile(r"“[^”]*”")
#: Runs of digits (with separators, signs and decimals) as the audit prints them.
NUMBER = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?")


@pytest.fixture(scope="module")
def both() -> tuple[pd.DataFrame, pd.DataFrame]:
    english = audit.audit()
    with i18n.using("zh"):
        chinese = audit.audit()
    return english, chinese


def test_every_description_note_and_value_is_chinese_outside_quoted_phrases(both):
    _, zh = both
    left = []
    for r in zh.itertuples():
        for col in ("description", "expected", "found", "note"):
            words = english_words(QUOTED.sub("", getattr(r, col)))
            if words:
                left.append((r.check, col, words))
    assert left == []
    # the verdicts as the page shows them (the chapter maps them through i18n.tr)
    with i18n.using("zh"):
        shown = {i18n.tr(v) for v in zh["verdict"]}
    assert all(i18n.has_cjk(v) and not english_words(v) for v in shown), shown


def test_descriptions_are_written_in_chinese_not_left_as_numbers_only(both):
    _, zh = both
    assert zh["description"].map(i18n.has_cjk).all()
    notes = zh["note"][zh["note"] != ""]
    assert notes.map(i18n.has_cjk).all()


def test_quoted_article_phrases_stay_english_with_a_chinese_gloss(both):
    en, zh = both
    en, zh = en.set_index("check"), zh.set_index("check")
    assert "'one-third'" in en.loc["claim_flat_panel_share", "description"]
    assert "“one-third”（三分之一）" in zh.loc["claim_flat_panel_share", "description"]
    # a phrase without words needs no gloss
    assert "“44%”" in zh.loc["claim_emerging_share_of_manufacturing", "description"]
    note = zh.loc["added_industries_already_in_table2", "note"]
    assert "“since 2010”（自 2010 年以来）" in note
    assert "“Integrated circuit”（集成电路）" in note
    for quoted in QUOTED.findall(" ".join(zh["description"]) + " ".join(zh["note"])):
        assert len(quoted.split()) <= 6, f"quotes stay short: {quoted}"


def figures(text: str, lang: str) -> list[str]:
    """The numbers of ``text`` outside the article's quoted phrases (and their glosses)."""
    if lang == "zh":
        text = re.sub(r"“[^”]*”(（[^）]*）)?", "", text)
    else:
        # quote() writes 'phrase'; an apostrophe after a letter (IT's) opens no quote;
        # "the 13th plan" is 第十三个五年规划 in Chinese, its ordinal written in words
        text = re.sub(r"(?<![A-Za-z])'[^']*'", "", text)
        text = re.sub(r"\b\d+th\b", "", text)
    return sorted(NUMBER.findall(text))


def test_same_checks_verdicts_locators_and_numbers_in_both_languages(both):
    en, zh = both
    for col in ("check", "verdict", "locator"):
        assert en[col].tolist() == zh[col].tolist(), col
    for col in ("description", "expected", "found", "note"):
        for e, z, check in zip(en[col], zh[col], en["check"], strict=True):
            assert figures(z, "zh") == figures(e, "en"), (check, col, e, z)


def test_english_wording_is_unchanged(both):
    en, _ = both
    en = en.set_index("check")
    assert en.loc["table2_sum_2016", "note"].startswith(
        "difference +1,000 million yuan; rounding can explain at most ±4.5. The two numbers "
        "differ in a single digit")
    assert en.loc["table2_share_biomedicine_2013", "description"] == (
        "2013: printed share of biomedicine in all emerging industries")
    assert en.loc["claim_laptops_falling", "found"] == (
        "2010: 120; 2014: 65; 2017: 38 (million units)")
    assert "permanent residents (常住人口) are everyone" in en.loc["population_stock", "note"]


def test_the_audit_catalogue_holds_exactly_the_labels_the_audit_uses():
    """Each ``tr("...")`` template of helpers.audit, each worded article phrase it glosses
    and each indicator it names has a row in zh/audit.csv, and no row is left unused."""
    import ast
    import csv

    from helpers import data

    used: set[str] = set()
    for path in Path(audit.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                used.add(node.args[0].value)
    claims = data.load("claims")
    quoted = {"emerging_share_of_manufacturing", "flat_panel_share", "high_end_equipment_share",
              "new_materials_share", "smart_grid_share", "biomedicine_weakest", "hhi_doubled",
              "hhi_rising", "cr4_climbing", "laptops_falling", "fdi_falling"}
    picked = claims[claims["claim"].isin(quoted)]
    assert len(picked) == len(quoted)
    used |= {w for w in picked["wording"] if re.search("[A-Za-z]", w)}
    used |= set(claims.loc[claims["claim"].isin({"laptops_falling", "fdi_falling"}), "measure"])
    with (Path(i18n.CATALOGUE_DIR) / "zh" / "audit.csv").open(encoding="utf-8") as fh:
        rows = {r["english"] for r in csv.DictReader(fh)}
    assert sorted(used - rows) == [], "labels the audit uses without a row"
    assert sorted(rows - used) == [], "rows of zh/audit.csv nothing uses"
