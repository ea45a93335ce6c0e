"""helpers.data.sources, and the chapters' attributions of Table 1 and the 65% IT share.

Issue 20, item 3: four pages credited Table 1's CR4 or the 65% IT share to the firm survey
(ASIF), although the article names no source for either and ``concentration.csv`` says
``data_source = not stated``. The data hold the attribution once; chapters read it through
:func:`helpers.data.source_phrase`, and the scan below keeps every page's prose in line.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import data, pages

pytestmark = pytest.mark.fast

# ------------------------------------------------------------------------------------------
# the helper


def test_source_phrase_reads_the_data_source_column() -> None:
    assert data.source_phrase("hhi", 2009) == data.SOURCE_PHRASES["yearbook"]
    assert data.source_phrase("rank_in_manufacturing", 1999, 40) == data.SOURCE_PHRASES["asif"]
    assert data.data_source("cr4", 2003, 404) == "not stated"


def test_every_data_source_value_has_wording() -> None:
    table = data.load("concentration")
    assert set(table["data_source"]) <= set(data.SOURCE_PHRASES)


def test_source_phrase_follows_an_edit_of_the_data(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder)
    path = folder / "concentration.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    hit = [i for i, line in enumerate(lines) if line.startswith("cr4,404,2009,")]
    assert len(hit) == 1
    lines[hit[0]] = lines[hit[0]].replace(",not stated,", ",asif,")
    path.write_text("".join(lines), encoding="utf-8")
    assert data.source_phrase("cr4", 2009, 404, data_dir=folder) == data.SOURCE_PHRASES["asif"]
    assert data.source_phrase("cr4", 2009, 404) == data.SOURCE_PHRASES["not stated"]


def test_source_phrase_names_a_missing_row() -> None:
    with pytest.raises(KeyError, match="concentration"):
        data.source_phrase("cr4", 1990, 404)


# ------------------------------------------------------------------------------------------
# the chapters' prose

#: What the article prints without a source: Table 1's CR4 and IT's share of manufacturing.
SUBJECTS = {
    ("cr4", 2009, 404): re.compile(r"Table 1|\bCR4\b|four-firm concentration", re.IGNORECASE),
    ("share_of_manufacturing", 2009, 40): re.compile(r"\{eval\}`\w*it_share\w*`|\b65 ?%"),
}
#: Words that credit a number to the firm survey.
SURVEY = re.compile(r"\bASIF\b|(?i:Annual Survey of Industrial Firms|firm[- ]level survey|"
                    r"firm survey|firm data|survey of firms)")
#: A clause that opens on a pronoun may name its subject's source in the clause before.
_PRONOUN = re.compile(r"^(?:It|Its|They|Their|This|These|That|Such)\b")
#: Words that deny or qualify an attribution (a clause holding one is not a credit).
QUALIFIED = re.compile(r"\bnot\b|\bno\b|\bnone\b|\bnor\b|\bwithout\b|\bif\b|\blost\b|"
                       r"\bunless\b|\bsynthetic\b|\{eval\}`\w*_source`", re.IGNORECASE)
_CODE = re.compile(r"^(```+)\{code-cell\}.*?^\1\s*$", re.MULTILINE | re.DOTALL)
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def clauses(text: str) -> list[str]:
    """The prose of a MyST page as clauses (sentences split at ';' and ':' too), in order.

    Front matter, code cells, directive fences and option lines are left out; each
    paragraph is joined into one line first, so a clause may span source lines.
    """
    text = _CODE.sub("", _FRONT.sub("", text))
    kept = [line for line in text.splitlines()
            if not line.lstrip().startswith(("```", ":::", ":label:", ":class:", ":tags:"))]
    found = []
    for para in re.split(r"\n\s*\n", "\n".join(kept)):
        flat = " ".join(para.split())
        found += [c for c in re.split(r"(?<=[.!?])\s+(?=[A-Z*{(\"])|;\s+|:\s+(?![^(]*\))",
                                      flat) if c.strip()]
    return found


def survey_credits(text: str, subject: re.Pattern[str]) -> list[str]:
    """Clauses that credit ``subject`` to the firm survey without qualifying it.

    A clause counts when it states something (it is not a question), names the subject and
    the survey, and holds no qualifier. A clause that opens on a pronoun ("It lies behind
    ... Table 1") counts when the clause before it names the survey.
    """
    parts = clauses(text)
    return [c for i, c in enumerate(parts)
            if subject.search(c) and not QUALIFIED.search(c) and not c.endswith("?")
            and (SURVEY.search(c)
                 or (i > 0 and _PRONOUN.match(c) and SURVEY.search(parts[i - 1])))]


@pytest.mark.parametrize(
    "sentence",
    [
        # the four attributions issue 20 (item 3) found, as they stood
        "**The {term}`Annual Survey of Industrial Firms`** (ASIF) of the National Bureau of "
        "Statistics, firm by firm, for 1998–2009 in Kunshan. It lies behind the article's "
        "Figures 2 and 3 and its four-firm concentration ratios (§5, Table 1).",
        "The article's Table 1 reports the CR4 of Kunshan's computer sector from the Annual "
        "Survey of Industrial Firms; that table is not in our copy and the survey is not public.",
        "- **Cannot.** The firm-level survey behind the article's Figures 2 and 3 and its "
        "Table 1 is confidential, and several tables and figures are missing from our copy.",
        "They come from different sources: the HHI from the Kunshan Statistical Yearbooks, "
        "the {eval}`it_share_text`% from the firm data behind Figure 2.",
    ],
)
def test_scan_flags_the_attributions_issue_20_found(sentence: str) -> None:
    assert any(survey_credits(sentence, s) for s in SUBJECTS.values())


def test_scan_passes_an_attribution_that_says_the_source_is_not_named() -> None:
    text = ("CR4 is computed from firm-level output; the article does not say which firm data "
            "it used (Table 1, whose source line would say, is lost).")
    assert not any(survey_credits(text, s) for s in SUBJECTS.values())


@pytest.mark.parametrize("key", sorted(SUBJECTS), ids=lambda k: k[0])
def test_no_page_credits_an_unsourced_figure_to_the_firm_survey(key: tuple) -> None:
    """The article names no source for these figures, and no page may name the survey."""
    assert data.data_source(*key) == "not stated"
    found = {path.stem: hits for path in pages.toc_sources()
             if (hits := survey_credits(path.read_text(encoding="utf-8"), SUBJECTS[key]))}
    assert not found, found
