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
    """Every value the kernel writes into the prose (``{eval}``) is the English page's."""
    from collections import Counter

    value = re.compile(r'<span class="output text_plain">(.*?)</span>', re.S)
    compared = 0
    for page in _pages(zh_site, "book/zh"):
        if page.stem in ENGLISH_ONLY:
            continue
        english = (site / "book" / page.name).read_text(encoding="utf-8")
        chinese = page.read_text(encoding="utf-8")
        en, zh = Counter(value.findall(english)), Counter(value.findall(chinese))
        assert zh == en, f"{page.name}: missing {dict(en - zh)}, extra {dict(zh - en)}"
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
