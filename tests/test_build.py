"""The strict build: zero warnings, every page of the table of contents produced."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files += [s["file"] for s in chapter.get("sections", [])]
    return files


def test_strict_build_succeeds_with_zero_warnings(built_book):
    assert built_book.returncode == 0, built_book.log[-4000:]
    pattern = re.compile(r"(WARNING|ERROR|CRITICAL):")
    warnings = [line for line in built_book.log.splitlines() if pattern.search(line)]
    assert warnings == []


def test_every_toc_entry_becomes_a_page(site):
    missing = [f for f in toc_files() if not (site / f"{f}.html").exists()]
    assert missing == []


def test_chart_pages_link_the_local_vega_bundle_and_no_cdn(site):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r'<script[^>]+src="https?://', text), html.name
        assert not re.search(r'<link[^>]+href="https?://[^"]+\.css', text), html.name
        if "VEGA_DEBUG" in text:
            bundle = r'src="[^"]*_static/kunshan-vega/vega-bundle-[^"]+\.js'
            assert re.search(bundle, text), html.name


def test_vega_bundle_is_shipped_once(site):
    bundles = list((site / "_static").rglob("vega-bundle-*.js"))
    assert len(bundles) == 1
    text = bundles[0].read_text(encoding="utf-8")
    assert text.count("window.VEGA_DEBUG=Object.assign(") == 1 and "window.vegaEmbed" in text
    assert "cdn.jsdelivr" not in text.split("*/", 1)[0]


def test_download_menu_offers_the_executed_notebook(site):
    index = (site / "book" / "index.html").read_text(encoding="utf-8")
    assert ".ipynb" in index
    assert (site / "_sources" / "book" / "index.ipynb").exists()
