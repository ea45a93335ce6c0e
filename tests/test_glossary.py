"""The glossary (book/glossary.md): entries that issue 12 corrected stay correct."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

pytestmark = pytest.mark.fast

GLOSSARY = ROOT / "book" / "glossary.md"


def entries() -> dict[str, str]:
    """Map each glossary term to the text of its definition."""
    text = GLOSSARY.read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    found: dict[str, str] = {}
    term = None
    for line in block.splitlines():
        if line and not line.startswith((" ", ":")):
            term = line.strip()
            found[term] = ""
        elif term is not None:
            found[term] += " " + line.strip()
    return found


@pytest.mark.parametrize(
    ("term", "chinese"),
    [
        ("related variety", "相关多样性"),
        ("unrelated variety", "无关多样性"),
        ("unrelated diversification", "无关多样化"),
        ("path creation", "路径创造"),
        ("technological relatedness", "技术关联"),
        ("strategic coupling", "战略耦合"),
        ("location quotient", "区位商"),
    ],
)
def test_term_has_its_chinese_equivalent(term: str, chinese: str) -> None:
    assert chinese in entries()[term]


def test_location_quotient_is_regional_share_over_reference_share() -> None:
    lq = entries()["location quotient"]
    assert "share of the region's total" in lq and "share of the reference total" in lq


def test_relatedness_density_carries_the_proximity_weights() -> None:
    density = entries()["relatedness density"]
    assert re.search(r"\\sum_j M_\{rj\}\\varphi_\{ij\} / \\sum_j \\varphi_\{ij\}", density)


def test_literature_is_credited_to_its_sources() -> None:
    e = entries()
    assert "coe2004" in e["strategic coupling"]
    assert "isaksen2016" in e["path creation"]
    assert "frenken2007b" in e["regional branching"]


# issue 20, item 14: terms the chapters use, each defined with its Chinese term and a source
@pytest.mark.parametrize(
    ("term", "chinese", "source"),
    [
        ("permanent residents", "常住人口", r"stats\.tj\.gov\.cn"),
        ("registered residents", "户籍人口", r"stats\.tj\.gov\.cn"),
        ("township and village enterprises", "乡镇企业", r"Law of the People's Republic of China"),
        ("Top 100 Counties", "百强县", r"xia2019"),
    ],
)
def test_issue_20_term_has_its_chinese_term_and_a_source(term: str, chinese: str,
                                                        source: str) -> None:
    text = entries()[term]
    assert chinese in text and re.search(source, text)
    assert re.search(r"§\d", text), "the entry says where the article uses the term"


@pytest.mark.parametrize(
    ("term", "page"),
    [
        ("permanent residents", "ch01_introduction"),
        ("registered residents", "ch01_introduction"),
        ("permanent residents", "checking_the_numbers"),
        ("registered residents", "checking_the_numbers"),
        ("Top 100 Counties", "ch01_introduction"),
        ("township and village enterprises", "ch04_origins"),
    ],
)
def test_chapters_link_the_issue_20_terms(term: str, page: str) -> None:
    text = (ROOT / "book" / f"{page}.md").read_text(encoding="utf-8")
    assert re.search(r"\{term\}`(?:[^`<]*<)?" + re.escape(term) + r">?`", text, re.IGNORECASE)
