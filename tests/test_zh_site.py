"""The Chinese edition as built (issue 24): language, switch, labels, parity, search.

The browser checks every edition gets (offline, weight, first paint, accessibility, phone
and desktop layout) run over it too, through ``edition_site`` (tests/test_browser.py).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
import sitecheck

pytestmark = pytest.mark.slow
#: pages that stay English this round; their zh pages only point there
ENGLISH_ONLY = {"metrics_lab", "asif_reproduction"}


def _pages(site: Path, folder: str) -> list[Path]:
    return sorted((site / folder).glob("*.html"))


def test_every_chinese_page_says_it_is_chinese_and_links_the_same_english_page(site, zh_site):
    pages = _pages(zh_site, "book/zh")
    assert len(pages) >= 16
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert re.search(r'<html lang="zh-CN"', text), page.name
        switch = re.search(r'<a class="btn kunshan-lang-switch" href="([^"]+)" hreflang="en"',
                           text)
        assert switch, f"{page.name}: no language switch"
        # the published layout: the Chinese site sits under zh/ in the English one (URL
        # paths: a symlinked zh/ must not change what ../ means)
        target = posixpath.normpath(posixpath.join("zh/book/zh", switch.group(1)))
        assert target == f"book/{page.name}" and (site / target).exists(), page.name


def test_every_english_page_links_its_chinese_page(site, zh_site):
    for page in _pages(site, "book"):
        text = page.read_text(encoding="utf-8")
        switch = re.search(r'<a class="btn kunshan-lang-switch" href="([^"]+)" hreflang="zh-CN"',
                           text)
        assert switch, f"{page.name}: no language switch"
        href = switch.group(1)
        assert href.startswith("../zh/book/zh/"), href
        assert (zh_site / href.removeprefix("../zh/")).exists(), (page.name, href)


def test_figures_and_exercises_are_labelled_in_chinese_as_many_as_in_english(site, zh_site):
    counted = 0
    for page in _pages(zh_site, "book/zh"):
        english = site / "book" / page.name
        zh, en = page.read_text(encoding="utf-8"), english.read_text(encoding="utf-8")
        en_figs = len(re.findall(r'<span class="caption-number">Fig\. ', en))
        en_exs = len(re.findall(r'<span class="caption-number">Exercise ', en))
        zh_figs = len(re.findall(r'<span class="caption-number">图 ', zh))
        zh_exs = len(re.findall(r'<span class="caption-number">练习 ', zh))
        if page.stem in ENGLISH_ONLY:
            continue
        assert (zh_figs, zh_exs) == (en_figs, en_exs), page.name
        counted += zh_figs + zh_exs
    assert counted >= 40


def test_numbers_in_the_prose_are_the_english_editions(site, zh_site):
    """Every number the kernel writes into the prose (``{eval}``) is the English page's.

    Text values (a stage's period, a month, a list of years, a verdict word) are written in
    the reader's language, so they differ; they must hold no English word (an article phrase
    inside quotation marks is kept in English, with its gloss).
    """
    from collections import Counter

    from zhcheck import english_words

    value = re.compile(r'<span class="output text_plain">(.*?)</span>', re.S)
    number = re.compile(r"[-\u2212]?\d[\d,]*(\.\d+)?%?")
    quoted = re.compile(r"\u201c[^\u201d]*\u201d")
    compared = 0
    for page in _pages(zh_site, "book/zh"):
        if page.stem in ENGLISH_ONLY:
            continue
        english = value.findall((site / "book" / page.name).read_text(encoding="utf-8"))
        chinese = value.findall(page.read_text(encoding="utf-8"))
        assert len(chinese) == len(english), page.name
        en = Counter(v for v in english if number.fullmatch(v.strip()))
        zh = Counter(v for v in chinese if number.fullmatch(v.strip()))
        assert zh == en, f"{page.name}: missing {dict(en - zh)}, extra {dict(zh - en)}"
        left = [v for v in chinese if english_words(quoted.sub("", v))]
        assert not left, f"{page.name}: text values still in English: {left[:5]}"
        compared += sum(en.values())
    assert compared >= 500


def test_chinese_search_finds_a_chinese_word(zh_site):
    with sitecheck.serve(zh_site) as base, sitecheck.chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}/search.html?q=%E6%8A%80%E6%9C%AF%E5%85%B3%E8%81%94",  # 技术关联
                  wait_until="load")
        page.wait_for_function(
            "document.querySelectorAll('#search-results ul.search li').length > 0",
            timeout=60_000)
        found = page.eval_on_selector_all("#search-results ul.search li a",
                                          "links => links.map(a => a.getAttribute('href'))")
        page.close()
    assert any("ch02_framework" in href for href in found), found


# ---------------------------------------------------------------------------
# charts in Chinese, as built: what the reader's browser draws (each holder's payload) and
# what the page shows before and without it (the build-time SVG drawings)
# ---------------------------------------------------------------------------
_SPEC = re.compile(r'<script type="application/json" class="kunshan-chart-spec" '
                   r'data-for="([\w-]+)">(.*?)</script>', re.S)
_HOLDER = re.compile(r'<div id="([\w-]+)" class="kunshan-chart">')
_SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)


def chart_pages(zh_site: Path) -> list[Path]:
    """The translated Chinese pages (the English-only pages' zh stubs left out)."""
    return [p for p in _pages(zh_site, "book/zh") if p.stem not in ENGLISH_ONLY]


def _holders(text: str) -> dict[str, str]:
    """Each chart holder's id and the HTML of its build-time drawings (up to its payload)."""
    found, starts = {}, [(m.group(1), m.end()) for m in _HOLDER.finditer(text)]
    for ident, start in starts:
        end = text.find(f'data-for="{ident}"', start)
        found[ident] = text[start:end if end > 0 else len(text)]
    return found


def _report(left: dict[str, list[str]], what: str) -> str:
    """One line per chart: page, holder and its texts with English left (each cut short)."""
    lines = [f"{where}: " + " | ".join(t if len(t) <= 80 else t[:77] + "..." for t in texts)
             for where, texts in left.items()]
    return (f"{sum(map(len, left.values()))} {what} with English left, in {len(left)} "
            "charts (tests/zhcheck.py):\n" + "\n".join(lines))


def test_chart_payloads_on_the_chinese_pages_have_no_english_left(zh_site):
    """Titles, axes, legends, tooltips, input labels and options, descriptions and data
    labels of every chart the reader's browser draws (its holder's payload)."""
    from zhcheck import english_left

    from helpers import chart_contract
    from helpers.charts import visible_texts

    left, charts = {}, 0
    for page in chart_pages(zh_site):
        text = page.read_text(encoding="utf-8")
        holders = set(_HOLDER.findall(text))
        for ident, raw in _SPEC.findall(text):
            assert ident in holders, f"{page.name}: payload for {ident} has no holder"
            payload = chart_contract.read_payload(raw, where=f"{page.name} {ident}")
            charts += 1
            texts = visible_texts(payload.spec) + [payload.description]
            found = list(dict.fromkeys(english_left(texts)))
            if found:
                left[f"{page.name} {ident}"] = found
    assert charts >= 15
    assert left == {}, _report(left, "chart texts")


def test_build_time_drawings_on_the_chinese_pages_have_no_english_left(zh_site):
    """The static SVG drawings (what shows before the chart script runs, and in print)."""
    import html

    from zhcheck import english_left

    left, drawn = {}, 0
    for page in chart_pages(zh_site):
        for ident, drawings in _holders(page.read_text(encoding="utf-8")).items():
            texts = [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in
                     _SVG_TEXT.findall(drawings)]
            drawn += bool(texts)
            found = list(dict.fromkeys(english_left(texts)))
            if found:
                left[f"{page.name} {ident}"] = found
    assert drawn >= 15
    assert left == {}, _report(left, "drawn texts")
