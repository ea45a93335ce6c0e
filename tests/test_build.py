"""The strict build: zero warnings, every page of the table of contents produced."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT
from test_ext import _site_ext

pytestmark = pytest.mark.slow


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
        if "kunshan-chart-spec" in text:
            bundle = r'data-vega-bundle="[^"]*_static/kunshan-vega/vega-bundle-[^"]+\.js"'
            assert re.search(bundle, text), html.name


def test_vega_bundle_is_shipped_once(site):
    bundles = list((site / "_static").rglob("vega-bundle-*.js"))
    assert len(bundles) == 1
    text = bundles[0].read_text(encoding="utf-8")
    assert text.count("window.VEGA_DEBUG=Object.assign(") == 1 and "window.vegaEmbed" in text
    assert "cdn.jsdelivr" not in text.split("*/", 1)[0]


def test_download_menu_offers_the_chapter_as_a_notebook_that_reads_like_lab(site):
    """Issue 13, item 5: the .ipynb holds the chapter's cells and no static-site outputs."""
    import jupytext
    import nbformat

    index = (site / "book" / "index.html").read_text(encoding="utf-8")
    assert ".ipynb" in index
    for name in ("index", "ch05_specialisation"):
        offered = nbformat.reads(
            (site / "_sources" / "book" / f"{name}.ipynb").read_text(encoding="utf-8"), 4
        )
        source = jupytext.read(ROOT / "book" / f"{name}.md")
        assert [c.source for c in offered.cells] == [c.source for c in source.cells]
        assert all(c.get("outputs") in (None, []) for c in offered.cells)
        # saving it in JupyterLab does not write evaluated numbers into the source
        filters = offered.metadata["jupytext"].get("cell_metadata_filter", "")
        assert "-user_expressions" in filters


# ---------------------------------------------------------------------------
# light pages, charts in the first paint (issue 14)
# ---------------------------------------------------------------------------
def _pages(site):
    import sitecheck

    return [site / page for page in sitecheck.site_pages(site)]


def test_no_page_loads_a_render_blocking_script_or_a_chart_without_its_drawing(site):
    check = _site_ext().page_problems
    problems = {p.relative_to(site).as_posix(): check(p.read_text(encoding="utf-8"))
                for p in _pages(site)}
    assert {k: v for k, v in problems.items() if v} == {}


def test_every_chart_arrives_drawn_for_desktop_and_phone(site):
    drawn = 0
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        ids = re.findall(r'class="kunshan-chart-spec" data-for="([\w-]+)"', text)
        assert "<!--kunshan-static:" not in text, page.name
        if ids:  # the first paint waits for the first drawing
            assert f'<link rel="expect" href="#{ids[0]}" blocking="render" />' in text, page.name
        for ident in ids:
            holder = text[text.index(f'<div id="{ident}" class="kunshan-chart">'):]
            holder = holder[:holder.index("</svg></div>", holder.index("kunshan-svg-narrow"))]
            for size in ("wide", "narrow"):
                svg = holder[holder.index(f'<div class="kunshan-svg-{size}"><svg'):]
                assert 'class="marks"' in svg[:400] and "role-mark" in svg, (page.name, ident)
            drawn += 1
    assert drawn >= 10


def _plain_words(markdown: str) -> str:
    """The first three words of ``markdown`` in a row with no role or markup among them."""
    runs = re.split(r"\{[\w:-]+\}`[^`]*`|[*`$]", markdown)
    return next(" ".join(r.split()[:3]) for r in runs if len(r.split()) >= 3)


def test_every_labelled_figure_cell_is_a_numbered_captioned_figure(site):
    """A code cell's ``label`` option (issue 23, item 6) gives a numbered figure, so the
    chapters' ``{ref}`` links land on it, with the paragraph after the cell as its caption."""
    import jupytext
    from test_figures import CHAPTERS, caption_of

    found = 0
    for path in CHAPTERS:
        cells = jupytext.read(path).cells
        html = (site / path.relative_to(ROOT).with_suffix(".html")).read_text(encoding="utf-8")
        for i, cell in enumerate(cells):
            label = cell.metadata.get("label") if cell.cell_type == "code" else None
            if label is None:
                continue
            m = re.search(rf'<figure class="[^"]*" id="{re.escape(label)}">(.*?)</figure>',
                          html, flags=re.S)
            assert m, (path.name, label)
            figure = m.group(1)
            caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, flags=re.S)
            assert caption, (path.name, label)
            assert re.search(r'<span class="caption-number">Fig\. [\d.]+ </span>',
                             caption.group(1)), (path.name, label)
            # the caption is the paragraph after the cell: a run of its plain words is there
            shown = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", caption.group(1)))
            assert _plain_words(caption_of(cells, i)) in shown.replace("\u2019", "'"), label
            # the cell's output is the figure's content
            assert figure.lstrip().startswith('<div class="output'), (path.name, label)
            found += 1
    assert found >= 28


def test_no_page_carries_live_code_settings(site):
    # sphinx-thebe's per-page settings serve a Live Code button the book does not have
    carrying = [p.name for p in _pages(site) if "x-thebe-config" in (
        text := p.read_text(encoding="utf-8")) or "kernelName" in text]
    assert carrying == []


def test_only_the_search_page_loads_the_search_index(site):
    loading = sorted(p.relative_to(site).as_posix() for p in _pages(site)
                     if "searchindex.js" in p.read_text(encoding="utf-8"))
    assert loading == ["search.html"]


def test_no_page_loads_the_icon_script_and_every_icon_shown_has_a_glyph(site):
    css = (site / "_static" / "kunshan-site" / "pydata-sphinx-theme.css").read_text()
    styles = {"fa-solid", "fa-regular", "fa-brands", "fa-lg", "fa-fw", "fa-2x"}
    shown = set()
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, page.name
        for classes in re.findall(r'<i class="([^"]*)"', text):
            shown |= {c for c in classes.split() if c.startswith("fa-")} - styles
    assert shown, "the theme shows no icons any more: update this test"
    missing = [name for name in sorted(shown) if not re.search(
        rf"\.{name}:{{1,2}}before[,{{]", css)]
    assert missing == []
    for font in ("fa-solid-900", "fa-brands-400"):
        assert (site / "_static" / "kunshan-site" / f"{font}.woff2").stat().st_size < 8000
