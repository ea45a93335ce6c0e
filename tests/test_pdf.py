"""The PDF course pack (issue 22, item 4): each edition printed from its built site.

The full edition is printed from the session's strict build (``site``, tests/conftest.py),
the student edition from the student build (``student_site``); each is printed once per
session by ``scripts/build_pdf.py`` with the suite's Chromium. What is checked is what a
reader of the printed pack relies on: every chapter and figure is there with its number and
caption, the contents give the right pages, fonts travel with the file (Chinese included),
nothing of the live site (panels, fold buttons) is left, and the student edition has no
solution.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import build_pdf  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MAX_BYTES = 15 * 2**20  # issue 22: each PDF <= 15 MB
PAGE_RANGE = (60, 400)
#: Text of the live site that must not reach the print.
SITE_ONLY = ("runs live", "Live control.", "Show code cell source", "Hide code cell source",
             "scroll sideways", "Show all")


@dataclass
class Printed:
    """One printed edition: the file, what the print measured, and its text layer."""

    path: Path
    stats: dict
    pages: list[str]  # text of each page, NFKC (ligatures undone)
    outline: list[tuple[str, int]]

    @property
    def text(self) -> str:
        return squeeze("\n".join(self.pages))


def squeeze(text: str) -> str:
    """Text without whitespace and with ligatures undone, for comparing PDF and HTML text."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def print_edition(edition: str, site: Path, out: Path) -> Printed:
    from pypdf import PdfReader

    pdf = out / build_pdf.EDITIONS[edition]["pdf"]
    stats = build_pdf.build_edition(edition, site, pdf, out / "work")
    reader = PdfReader(pdf)
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]
    return Printed(pdf, stats, pages, build_pdf.outline_pages(pdf))


@pytest.fixture(scope="session")
def full_pdf(site, tmp_path_factory) -> Printed:
    return print_edition("full", site, tmp_path_factory.mktemp("pdf-full"))


@pytest.fixture(scope="session")
def student_pdf(student_site, tmp_path_factory) -> Printed:
    # `student_site` (the student edition's strict build) comes with the student edition
    # (issue 22, item 1) in tests/conftest.py
    return print_edition("student", student_site, tmp_path_factory.mktemp("pdf-student"))


def _soup_text(text: str):
    import bs4

    return bs4.BeautifulSoup(text, "html.parser")


def _soup(path: Path):
    return _soup_text(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def site_pages(site) -> dict[str, object]:
    """The printed pages of the full site (navigation order), parsed."""
    chapters, _ = build_pdf.read_navigation(site)
    return {c.href: _soup(site / c.href).find("article") for c in chapters}


def _chapter_titles(pages) -> list[str]:
    return [" ".join(a.find("h1").get_text(" ").replace("#", "").split())
            for href, a in pages.items() if href != "book/index.html"]


def _headings(pages) -> list[str]:
    return [" ".join(h.get_text(" ").replace("#", "").split())
            for a in pages.values() for h in a.find_all(["h2", "h3", "h4"])]


def _captions(pages) -> list[str]:
    found = []
    for article in pages.values():
        for caption in article.select("figcaption"):
            number = caption.find(class_="caption-number")
            text = caption.find(class_="caption-text")
            if number is not None and text is not None:
                found.append(number.get_text() + text.get_text())
    return found


def _embedded_fonts(path: Path) -> tuple[set[str], set[str]]:
    """(every font's name, the names of those not embedded) in the PDF at ``path``."""
    from pypdf import PdfReader

    fonts, bare, seen = set(), set(), set()

    def visit(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "(Type 3)"))
            fonts.add(name)
            if font.get("/Subtype") == "/Type3":
                continue
            inner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = inner.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor.get_object() for k in
                                             ("/FontFile", "/FontFile2", "/FontFile3")):
                bare.add(name)
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                seen.add(id(xobject))
                visit(xobject.get("/Resources"))

    for page in PdfReader(path).pages:
        visit(page.get("/Resources"))
    return fonts, bare


def _zh_titles(pages) -> list[str]:
    return [" ".join(a.find("h1").get_text(" ").replace("#", "").split())
            for href, a in pages.items() if href != build_pdf.start_page("zh")]


def _exercises(printed: Printed) -> set[str]:
    """Exercise numbers in the text layer (read unsqueezed: a page number may follow)."""
    return {f"练习{n}" for n in re.findall(r"练习\s*(\d+\.\d+)", "\n".join(printed.pages))}


# ---------------------------------------------------------------------------
# the full edition
# ---------------------------------------------------------------------------
def test_pdf_opens_within_its_size_and_page_bounds(full_pdf):
    from pypdf import PdfReader

    reader = PdfReader(full_pdf.path)
    assert PAGE_RANGE[0] <= len(reader.pages) <= PAGE_RANGE[1]
    assert full_pdf.path.stat().st_size <= MAX_BYTES
    box = reader.pages[0].mediabox  # A4
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_cover_carries_the_citations_the_edition_and_the_licences(full_pdf):
    cover = squeeze(full_pdf.pages[0])
    for part in ("Full edition (with solutions)",
                 "Wang, C. C., Gereffi, G., & Liu, Z. (2021). Beyond technological relatedness",
                 "https://doi.org/10.1111/grow.12566", "Cite this book as", "version 0.1.0",
                 "CC BY 4.0", "Code: MIT", build_pdf.site_url("full")):
        assert squeeze(part).lower() in cover.lower(), part


def test_text_layer_has_every_chapter_title_and_figure_caption(full_pdf, site_pages):
    titles, captions = _chapter_titles(site_pages), _captions(site_pages)
    assert len(titles) >= 12 and len(captions) >= 20
    text = full_pdf.text
    assert [t for t in titles if squeeze(t) not in text] == []
    # "Fig. 5.2" and the caption that follows it, in one piece
    assert [c[:80] for c in captions if squeeze(c) not in text] == []


def test_every_chapter_and_section_has_a_bookmark_on_its_page(full_pdf, site_pages):
    titles = {squeeze(t): t for t, _ in full_pdf.outline}
    for href, article in site_pages.items():
        for heading in article.find_all(["h1", "h2"]):
            label = " ".join(heading.get_text(" ").replace("#", "").split())
            if href == "book/index.html" and heading.name == "h1":
                label = "About this book"
            assert squeeze(label) in titles, f"{href}: no bookmark for {label!r}"
    # a bookmark's title is the heading as printed, not run together where it wrapped
    headings = {squeeze(h): h for h in _headings(site_pages)}
    wrong = [(t, headings[squeeze(t)]) for t, _ in full_pdf.outline
             if squeeze(t) in headings and t != headings[squeeze(t)]]
    assert wrong == []
    for title, page in full_pdf.outline:
        assert squeeze(title) in squeeze(full_pdf.pages[page - 1]), (title, page)


def test_contents_give_each_chapter_its_page(full_pdf, site_pages):
    chapters = [(t, p) for t, p in full_pdf.outline
                if squeeze(t) in {squeeze(c) for c in _chapter_titles(site_pages)}]
    assert len(chapters) == len(_chapter_titles(site_pages))
    contents = "".join(squeeze(p) for p in full_pdf.pages[1:6])
    for title, page in chapters:
        # the contents line: the title, then the page (leaders are drawn, not text)
        assert f"{squeeze(title)}{page}" in contents, (title, page)


def test_pages_carry_numbers_and_running_heads(full_pdf, site_pages):
    numbered = [i + 1 for i, text in enumerate(full_pdf.pages)
                if str(i + 1) in text.split("\n")]
    assert numbered == list(range(2, len(full_pdf.pages) + 1))  # every page but the cover
    titles = {squeeze(t) for t in _chapter_titles(site_pages)}
    starts = [(t, p) for t, p in full_pdf.outline if squeeze(t) in titles]
    assert len(starts) == len(titles)
    ends = [p for _, p in starts[1:]] + [len(full_pdf.pages) + 1]
    for (title, first), end in zip(starts, ends, strict=True):
        # every page of a chapter after its first opens on the chapter's title
        for page in range(first + 1, end):
            head = full_pdf.pages[page - 1].split("\n")[0]
            assert squeeze(title) in squeeze(head), (title, page, head)


def test_fonts_are_embedded_chinese_included(full_pdf, site):
    fonts, bare = _embedded_fonts(full_pdf.path)
    assert bare == set()
    assert any("NotoSerifCJK" in f or "NotoSansCJK" in f for f in fonts), sorted(fonts)
    assert any("DejaVuMathTeXGyre" in f for f in fonts), sorted(fonts)  # the MathML maths
    # the glossary's Chinese terms are in the text layer as the characters themselves
    glossary = _soup(site / "book" / "glossary.html").find("article").get_text()
    terms = set(re.findall(r"[\u4e00-\u9fff]{2,}", glossary))
    assert len(terms) >= 10
    assert sorted(t for t in terms if t not in full_pdf.text) == []


def test_no_live_panel_or_site_control_text(full_pdf, site_pages):
    text = squeeze("\n".join(full_pdf.pages)).lower()
    assert [s for s in SITE_ONLY if squeeze(s).lower() in text] == []
    # each live panel of the site is one line naming its online page
    panels = sum(len(a.select(".kunshan-live-note")) for a in site_pages.values())
    online = sum(p.count("Live controls for this section (online edition):")
                 for p in full_pdf.pages)
    assert panels >= 5 and online == panels
    assert squeeze(build_pdf.site_url("full")) in full_pdf.text


def test_bound_inputs_print_their_default_view(full_pdf, site_pages):
    bound = [a.select(".vega-bindings") for a in site_pages.values()]
    assert sum(len(b) for b in bound) >= 5
    printed = sum(p.count("Printed view:") for p in full_pdf.pages)
    assert printed == sum(len(b) for b in bound)
    # the stage timeline of chapter 5 prints stage 2, its default
    assert squeeze("Printed view: Stage = Stage 2: Taiwanese IT specialisation") in full_pdf.text


def test_figures_are_vector_drawings_and_tables_fit_the_page(full_pdf, site_pages):
    from pypdf import PdfReader

    images = sum(len(a.find_all("img")) for a in site_pages.values())
    reader = PdfReader(full_pdf.path)
    raster = sum(len(p.images) for p in reader.pages)
    assert raster <= images  # no chart became a picture: they are drawn as vectors
    assert full_pdf.stats["overflow"] == []  # nothing wider than the text column


def test_long_tables_repeat_their_header_row_on_each_page(full_pdf, site_pages):
    longest = max((t for a in site_pages.values() for t in a.find_all("table")
                   if t.find("thead") is not None), key=lambda t: len(t.find_all("tr")))
    header = [squeeze(th.get_text()) for th in longest.find("thead").find_all("th")]
    header = [h for h in header if h]
    last = squeeze(longest.find("tbody").find_all("tr")[-1].get_text())
    first = squeeze(longest.find("tbody").find_all("tr")[0].get_text())
    pages = [squeeze(p) for p in full_pdf.pages]
    start = next(i for i, p in enumerate(pages) if first[:40] in p)
    end = next(i for i, p in enumerate(pages) if last[:40] in p)
    assert end > start, "the longest table fits on one page: pick a longer one to test"
    for index in range(start, end + 1):
        assert all(h in pages[index] for h in header), f"page {index + 1} lacks the header"


# ---------------------------------------------------------------------------
# the student edition (needs the student build, issue 22 item 1)
# ---------------------------------------------------------------------------
def test_student_pdf_has_every_exercise_and_no_solution(student_pdf, full_pdf, site_pages):
    assert student_pdf.path.stat().st_size <= MAX_BYTES
    assert PAGE_RANGE[0] <= len(student_pdf.pages) <= PAGE_RANGE[1]
    exercises = set(re.findall(r"Exercise \d+\.\d+", "\n".join(full_pdf.pages)))
    assert len(exercises) >= 10
    assert sorted(e for e in exercises if squeeze(e) not in student_pdf.text) == []
    assert "Solutionto" not in student_pdf.text and "Solutionto" in full_pdf.text
    # no line of any solution of the full edition is in the student edition (a line that
    # the full edition also prints outside its solutions, such as a sector's name, does
    # not count)
    solutions = [s for a in site_pages.values() for s in a.select(".solution")]
    lines = {squeeze(line) for s in solutions for line in s.get_text("\n").split("\n")
             if len(squeeze(line)) >= 40}
    outside = ""
    for article in site_pages.values():
        copy = _soup_text(str(article))
        for solution in copy.select(".solution"):
            solution.decompose()
        outside += squeeze(copy.get_text())
    lines = {line for line in lines if line not in outside}
    assert len(lines) >= 20
    assert sorted(line[:60] for line in lines if line in student_pdf.text) == []
    assert "student edition" in student_pdf.pages[0].lower()


# ---------------------------------------------------------------------------
# the Chinese editions (issue 24): printed from the zh builds, the print's own words in
# Chinese, every Chinese character in an embedded Noto CJK subset whose text layer is the
# characters themselves
# ---------------------------------------------------------------------------
_KANGXI = re.compile("[\u2e80-\u2fdf]")  # radicals: what a CFF font's Type 3 text layer shows
_HAN = re.compile("[\u4e00-\u9fff]")


@pytest.fixture(scope="session")
def zh_pdf(zh_site, tmp_path_factory) -> Printed:
    return print_edition("zh", zh_site, tmp_path_factory.mktemp("pdf-zh"))


@pytest.fixture(scope="session")
def zh_student_pdf(zh_student_site, tmp_path_factory) -> Printed:
    return print_edition("zh-student", zh_student_site, tmp_path_factory.mktemp("pdf-zh-student"))


@pytest.fixture(scope="session")
def zh_pages(zh_site) -> dict[str, object]:
    """The printed pages of the Chinese site (navigation order), parsed."""
    chapters, _ = build_pdf.read_navigation(zh_site)
    assert chapters[0].href == "book/zh/index.html"
    return {c.href: _soup(zh_site / c.href).find("article") for c in chapters}


def test_zh_pdf_opens_within_its_bounds(zh_pdf):
    from pypdf import PdfReader

    reader = PdfReader(zh_pdf.path)
    assert zh_pdf.path.stat().st_size <= MAX_BYTES
    assert PAGE_RANGE[0] <= len(reader.pages) <= PAGE_RANGE[1]
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert zh_pdf.stats["overflow"] == []


def test_zh_cover_and_contents_speak_chinese(zh_pdf):
    cover = squeeze(zh_pdf.pages[0])
    for part in (build_pdf.zh_title(), "完整版（含解答）", "原文", "引用本书", "许可协议",
                 "https://doi.org/10.1111/grow.12566", "CC BY 4.0", build_pdf.site_url("zh"),
                 build_pdf.site_url("zh-student")):
        assert squeeze(part) in cover, part
    assert build_pdf.site_url("zh").endswith("/zh/")
    assert "Contents" not in zh_pdf.text and zh_pdf.pages[1].lstrip().startswith("目录")
    # running heads: the book's short name and the edition, in Chinese
    assert squeeze("昆山配套读物 · 完整版") in squeeze(zh_pdf.pages[6])


def test_zh_text_layer_is_chinese_with_every_title_caption_and_bookmark(zh_pdf, zh_pages):
    titles, captions = _zh_titles(zh_pages), _captions(zh_pages)
    assert len(titles) >= 12 and len(captions) >= 20
    assert all(_HAN.search(t) for t in titles)
    assert [t for t in titles if squeeze(t) not in zh_pdf.text] == []
    assert [c[:60] for c in captions if squeeze(c) not in zh_pdf.text] == []
    # the characters themselves, never look-alike radicals
    assert _KANGXI.findall(zh_pdf.text) == []
    assert len(_HAN.findall(zh_pdf.text)) >= 20_000
    # each chapter's first paragraph, as the site shows it
    for href, article in zh_pages.items():
        first = article.find("section").find("p", recursive=False) if article.find(
            "section") else None
        if first is not None and _HAN.search(first.get_text()):
            assert squeeze(first.get_text())[:40] in zh_pdf.text, href
    bookmarks = {squeeze(t) for t, _ in zh_pdf.outline}
    assert [t for t in titles if squeeze(t) not in bookmarks] == []
    contents = "".join(squeeze(p) for p in zh_pdf.pages[1:6])
    for title, page in zh_pdf.outline:
        if squeeze(title) in {squeeze(t) for t in titles}:
            assert f"{squeeze(title)}{page}" in contents, (title, page)


def test_zh_fonts_are_embedded_and_the_chinese_ones_are_noto_cjk(zh_pdf):
    fonts, bare = _embedded_fonts(zh_pdf.path)
    assert bare == set()
    assert any("NotoSerifCJK" in f for f in fonts), sorted(fonts)  # the prose
    assert any("NotoSansCJK" in f for f in fonts), sorted(fonts)  # headings, chart labels


def test_zh_live_panels_and_chart_inputs_print_as_chinese_lines(zh_pdf, zh_pages):
    panels = sum(len(a.select(".kunshan-live-note")) for a in zh_pages.values())
    # the pages' text is NFKC: full-width brackets and colons read as ASCII ones
    online = sum(p.count(unicodedata.normalize("NFKC", "本节的实时控件（在线版）："))
                 for p in zh_pdf.pages)
    assert panels >= 5 and online == panels
    bound = sum(len(a.select(".vega-bindings")) for a in zh_pages.values())
    printed = sum(p.count(unicodedata.normalize("NFKC", "印刷视图：")) for p in zh_pdf.pages)
    assert bound >= 5 and printed == bound
    assert "Printed view" not in zh_pdf.text and "Live controls" not in zh_pdf.text
    text = zh_pdf.text.lower()
    assert [s for s in (*SITE_ONLY, "显示代码", "隐藏代码") if squeeze(s).lower() in text] == []
    assert squeeze(build_pdf.site_url("zh")) in zh_pdf.text


def test_zh_student_pdf_has_every_exercise_and_no_solution(zh_student_pdf, zh_pdf):
    solution = re.compile(r"解答练习\d")
    exercises = _exercises(zh_pdf)
    assert len(exercises) >= 10 and solution.search(zh_pdf.text)
    assert sorted(exercises - _exercises(zh_student_pdf)) == []
    assert solution.findall(zh_student_pdf.text) == []
    assert PAGE_RANGE[0] <= len(zh_student_pdf.pages) < len(zh_pdf.pages)
    assert squeeze("学生版（不含解答）") in squeeze(zh_student_pdf.pages[0])
    assert _KANGXI.findall(zh_student_pdf.text) == []
