"""Print edition: the built site as one PDF course pack per edition (issue 22, item 4).

``make pdf`` runs this after the book is built. For each edition it reads the built HTML
(the full edition from ``_build/html``, the student edition from ``_build/student/html``;
their Chinese editions, issue 24, from ``_build/zh/html`` and ``_build/student-zh/html``),
joins the pages in the order of the site's own navigation into one printable document, and
prints that document with the test suite's Chromium (Playwright's ``page.pdf``):

* a cover with the book's citation, the edition and the licences; a table of contents
  whose page numbers are read from a first print (the PDF's bookmarks give the page of every
  heading) and filled in for the second;
* the chapters as the site numbers them, their figures as the build-time SVG drawings
  (vectors, with their numbered captions), tables that fit the page or break with their
  header row repeated, the MathML maths, the glossary and the reference list;
* page numbers and a running head per chapter (CSS named pages and page-margin boxes);
* PDF bookmarks for chapters and sections (``outline=True``), and a tagged PDF;
* a live panel (ipywidgets) and its introduction give way to one line naming the online
  page; the inputs under a chart print as one line naming the view the drawing shows
  (their defaults), hidden code stays hidden, and folded details print open.

The print stylesheet is ``scripts/kunshan-print.css`` (the site's own stylesheets come
first). Fonts: Noto CJK for Chinese characters (``scripts/ensure-fonts.sh``; the system's
fonts, no web font) and DejaVu; Chromium embeds the subsets it uses. A Chinese edition's
print says what the print itself adds (cover, contents, running heads, the lines that stand
for live panels and chart inputs) in Chinese (:data:`TEXTS`).

Usage::

    python scripts/build_pdf.py                      # every edition into _build/pdf/
    python scripts/build_pdf.py --edition zh         # one edition (full, student, zh, zh-student)
    python scripts/build_pdf.py --html DIR --out FILE --edition student
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import posixpath
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

#: Editions: the built site each is printed from, the PDF it becomes, its label, its place
#: in the published site (helpers.pages.site_prefix), its language and its other edition.
EDITIONS = {
    "full": {"html": ROOT / "_build" / "html", "pdf": "kunshan-book.pdf",
             "label": "Full edition (with solutions)", "path": "", "lang": "en",
             "other": "student", "head": "full edition"},
    "student": {"html": ROOT / "_build" / "student" / "html", "pdf": "kunshan-book-student.pdf",
                "label": "Student edition (without solutions)", "path": "student/",
                "lang": "en", "other": "full", "head": "student edition"},
    "zh": {"html": ROOT / "_build" / "zh" / "html", "pdf": "kunshan-book-zh.pdf",
           "label": "完整版（含解答）", "path": "zh/", "lang": "zh", "other": "zh-student",
           "head": "完整版"},
    "zh-student": {"html": ROOT / "_build" / "student-zh" / "html",
                   "pdf": "kunshan-book-student-zh.pdf", "label": "学生版（不含解答）",
                   "path": "student/zh/", "lang": "zh", "other": "zh",
                   "head": "学生版"},
}
#: What the print adds to the site's pages, in each language.
TEXTS = {
    "en": {
        "landing": "About this book", "contents": "Contents",
        "short": "Kunshan companion book",
        "online": "Live controls for this section (online edition)",
        "printed": "Printed view: {views} (the inputs under the chart on the online page "
                   "choose others).",
        "input": "input", "on": "on", "off": "off", "sep": "; ", "eq": " = ",
        "live_heading": "Live version",
        "kind": "A companion book", "article": "The article", "cite": "Cite this book as",
        "cite_too": "Please cite the article too.", "edition_label": "Edition",
        "printed_on": "{label}, printed {date} from the built site (repository at commit "
                      "{commit}). Online: {url}. The {other} edition: {other_url}.",
        "licences": "Licences",
        "licence_text": "Prose and data: Creative Commons Attribution 4.0 (CC BY 4.0, "
                        "https://creativecommons.org/licenses/by/4.0/); the data are facts "
                        "reported by the cited article, each with its locator. Code: MIT. The "
                        "article itself is cited, not redistributed.",
        "version": "version {version}, {label}",
    },
    "zh": {
        "landing": "关于本书", "contents": "目录", "short": "昆山配套读物",
        "online": "本节的实时控件（在线版）",
        "printed": "印刷视图：{views}（在线页面上图表下方的输入控件可选择其他视图）。",
        "input": "输入", "on": "开", "off": "关", "sep": "；", "eq": " = ",
        "live_heading": "实时版本",
        "kind": "论文配套读物", "article": "原文", "cite": "引用本书",
        "cite_too": "也请引用原文。", "edition_label": "版本",
        "printed_on": "{label}，{date} 由构建好的网站印制（仓库提交 {commit}）。在线版：{url}。"
                      "{other}：{other_url}。",
        "licences": "许可协议",
        "licence_text": "正文与数据：知识共享署名 4.0（CC BY 4.0，"
                        "https://creativecommons.org/licenses/by/4.0/）；数据是所引论文报告的事实，"
                        "每项附有出处。代码：MIT。论文本身只被引用，不被转载。",
        "version": "{version} 版，{label}",
    },
}
PRINT_CSS = ROOT / "scripts" / "kunshan-print.css"
#: Headings the table of contents lists: chapters and their sections.
TOC_LEVELS = ("h1", "h2")
#: Text that must not reach the print (a widget's note, the site's fold buttons).
LIVE_MARK = re.compile(r"\blive\b|实时", re.I)
#: An inline SVG drawing (Vega's drawings hold no nested <svg>).
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


class PdfError(RuntimeError):
    """A problem that stops the print, with what to do about it."""


@dataclass
class Chapter:
    """One page of the site as it goes into the print."""

    href: str  # path of the page inside the site, e.g. "book/ch05_specialisation.html"
    title: str  # as the navigation shows it, e.g. "5. The 2000s: specialisation"
    part: str  # the navigation caption above it ("" for the landing page)
    slug: str = ""
    body: str = ""
    headings: list[tuple[str, str, str]] = field(default_factory=list)  # (level, id, text)


# ---------------------------------------------------------------------------
# reading the site
# ---------------------------------------------------------------------------
def site_url(edition: str) -> str:
    """Address of the online edition, from ``repository.url`` in ``_config.yml``.

    GitHub Pages serves ``https://github.com/OWNER/REPO`` at ``https://OWNER.github.io/REPO/``;
    the student edition lives under ``student/`` there.
    """
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    url = config.get("repository", {}).get("url", "")
    parts = urlsplit(url)
    owner_repo = parts.path.strip("/").split("/")
    if parts.netloc != "github.com" or len(owner_repo) != 2:
        raise PdfError(f"_config.yml repository.url {url!r} is not https://github.com/OWNER/REPO")
    owner, repo = owner_repo
    return f"https://{owner.lower()}.github.io/{repo}/{EDITIONS[edition]['path']}"


def _soup(text: str):
    import bs4

    return bs4.BeautifulSoup(text, "html.parser")


def start_page(lang: str = "en") -> str:
    """Return the landing page of a site in ``lang`` (the Chinese pages are ``book/zh/*``)."""
    return "book/zh/index.html" if lang == "zh" else "book/index.html"


def site_language(site: Path) -> str:
    """``zh`` for a built Chinese site (it has ``book/zh/index.html``), else ``en``."""
    return "zh" if (site / start_page("zh")).exists() else "en"


def read_navigation(site: Path, lang: str | None = None) -> tuple[list[Chapter], list[str]]:
    """Return the pages in the order of the site's navigation, and its stylesheets."""
    lang = site_language(site) if lang is None else lang
    home = start_page(lang)
    start = site / home
    if not start.exists():
        raise PdfError(f"{start} not found: is {site} a built site of this book?")
    soup = _soup(start.read_text(encoding="utf-8"))
    nav = soup.find("nav", class_="bd-links")
    if nav is None:
        raise PdfError(f"{start}: no navigation (nav.bd-links) to take the page order from")
    chapters = [Chapter(home, TEXTS[lang]["landing"], "")]
    folder = home.rsplit("/", 1)[0]
    part = ""
    for node in nav.find_all(["p", "a"]):
        if node.name == "p" and "caption" in (node.get("class") or []):
            part = node.get_text(" ", strip=True)
        elif node.name == "a" and "reference" in (node.get("class") or []):
            href = node.get("href", "")
            if href in ("", "#") or href.startswith(("http:", "https:")):
                continue
            chapters.append(Chapter(posixpath.normpath(f"{folder}/{href.split('#')[0]}"),
                                    " ".join(node.get_text().split()), part))
    sheets = []
    for link in soup.find_all("link", rel="stylesheet"):
        href = link.get("href", "").split("?")[0]
        path = (start.parent / href).resolve()
        if path.exists():
            sheets.append(path.as_uri())
    for chapter in chapters:
        chapter.slug = re.sub(r"\W+", "-", chapter.href.removeprefix("book/").removesuffix(".html"))
    return chapters, sheets


def _online_line(soup, url: str, what: str):
    line = soup.new_tag("p", attrs={"class": "pdf-online"})
    line.append(f"{what}：" if what.endswith("）") else f"{what}: ")
    link = soup.new_tag("a", href=url)
    link.string = url
    line.append(link)
    return line


def _binding_line(soup, bindings, lang: str = "en") -> Any:
    """One line naming the view a chart's drawing shows: each bound input's default."""
    words = TEXTS[lang]
    shown = []
    for bind in bindings.find_all(class_="vega-bind"):
        name = bind.find(class_="vega-bind-name")
        label = name.get_text(strip=True).rstrip(":：") if name else words["input"]
        value = None
        option = bind.find("option", selected=True)
        if option is not None:
            value = option.get_text(strip=True)
        for radio in bind.find_all("input", type="radio"):
            if radio.has_attr("checked"):
                value = radio.parent.get_text(strip=True)
        box = bind.find("input", type="checkbox")
        if box is not None and value is None:
            value = words["on"] if box.has_attr("checked") else words["off"]
        if value is None:
            field_ = bind.find("input")
            value = field_.get("value", "") if field_ is not None else ""
        shown.append(f"{label}{words['eq']}{value}")
    line = soup.new_tag("p", attrs={"class": "pdf-bindings"})
    line.string = words["printed"].format(views=words["sep"].join(shown))
    return line


def _page_url(base: str, chapter: Chapter, anchor: str = "") -> str:
    return base + chapter.href + (f"#{anchor}" if anchor else "")


def prepare_page(chapter: Chapter, site: Path, slugs: dict[str, str], base: str,
                 lang: str = "en") -> None:
    """Turn one built page's article into printable HTML (``chapter.body``)."""
    words = TEXTS[lang]
    page = site / chapter.href
    # the drawings (most of a chart page's bytes) wait outside the parse, as comments
    drawings: list[str] = []

    def stash(match: re.Match) -> str:
        drawings.append(match.group(0))
        return f"<!--pdf-svg-{len(drawings) - 1}-->"

    soup = _soup(_SVG.sub(stash, page.read_text(encoding="utf-8")))
    article = soup.find("article", class_="bd-article")
    if article is None:
        raise PdfError(f"{page}: no <article class='bd-article'>")
    # what only a browser with scripts uses
    for tag in article.find_all(["script", "noscript"]):
        tag.decompose()
    for tag in article.select("a.headerlink, .kunshan-svg-narrow"):
        tag.decompose()
    # hidden code stays hidden (the site folds it behind "Show code cell source")
    for tag in article.select("details.hide.above-input"):
        tag.decompose()
    # live panels: the cell, and the paragraph that introduces it, become one line
    for note in article.select(".kunshan-live-note"):
        cell = note.find_parent("div", class_="cell") or note
        section = cell.find_parent("section")
        anchor = section.get("id", "") if section is not None else ""
        intro = cell.find_previous_sibling()
        if intro is not None and intro.name == "p" and LIVE_MARK.search(intro.get_text()):
            intro.decompose()
        line = _online_line(soup, _page_url(base, chapter, anchor), words["online"])
        cell.replace_with(line)
        heading = section.find(["h2", "h3", "h4"]) if section is not None else None
        rest = [c for c in section.children if getattr(c, "name", None)] if section else []
        if (heading is not None and words["live_heading"] in heading.get_text()
                and len(rest) == 2):
            section.replace_with(line)  # the whole "Live version" section is that line
    for bindings in article.select(".vega-bindings"):
        bindings.replace_with(_binding_line(soup, bindings, lang))
    # folded details print open; "Show all 71 checks" becomes the label "All 71 checks"
    for details in article.find_all("details"):
        details["open"] = ""
        summary = details.find("summary", recursive=False)
        if summary is not None:
            label = re.sub(r"^(Show|Hide)\s+(\w)", lambda m: m.group(2).upper(),
                           summary.get_text(" ", strip=True))
            label = re.sub(r"^(?:显示|隐藏)\s*", "", label)  # 显示全部 71 项 -> 全部 71 项
            caption = soup.new_tag("p", attrs={"class": "pdf-summary"})
            caption.string = label
            summary.replace_with(caption)
    for tag in article.select(".toggle-details__summary, button"):
        tag.decompose()
    # ids unique across the whole print: prefixed with the page's slug
    page_dir = page.parent
    for tag in article.find_all(id=True):
        if tag.find_parent("svg") is None and tag.name != "svg":
            tag["id"] = f"{chapter.slug}--{tag['id']}"
    for tag in article.find_all(href=True):
        if tag.find_parent("svg") is not None:
            continue
        href = tag["href"]
        parts = urlsplit(href)
        if parts.scheme or href.startswith("mailto:"):
            continue
        if not parts.path:
            tag["href"] = f"#{chapter.slug}" + (f"--{parts.fragment}" if parts.fragment else "")
            continue
        target = (page_dir / parts.path).resolve()
        try:
            rel = target.relative_to(site.resolve()).as_posix()
        except ValueError:
            rel = ""
        if rel in slugs:
            slug = slugs[rel]
            tag["href"] = f"#{slug}--{parts.fragment}" if parts.fragment else f"#{slug}"
        else:  # a page or file the print does not hold (downloads, index, a page of
            # the other language's site): the online one
            tag["href"] = urljoin(_page_url(base, chapter), href)
    for tag in article.find_all(src=True):
        if not urlsplit(tag["src"]).scheme:
            tag["src"] = (page_dir / tag["src"]).resolve().as_uri()
    # headings for the table of contents, and the chapter's running head
    top = article.find("h1")
    if top is None:
        raise PdfError(f"{page}: no <h1> chapter title")
    if chapter.href == start_page(lang):  # the landing page opens the print as its preface
        top.string = chapter.title
    for heading in article.find_all(list(TOC_LEVELS)):
        section = heading.find_parent("section")
        if section is None or not section.get("id"):
            continue
        text = " ".join(heading.get_text(" ").split())
        chapter.headings.append((heading.name, section["id"], text))
    body = "".join(str(c) for c in article.children)
    chapter.body = re.sub(r"<!--pdf-svg-(\d+)-->", lambda m: drawings[int(m.group(1))], body)


# ---------------------------------------------------------------------------
# Chinese characters: Noto CJK, cut to the characters the book uses
# ---------------------------------------------------------------------------
#: The CJK fonts (Debian's fonts-noto-cjk, scripts/ensure-fonts.sh) and the family name each
#: subset takes in the print stylesheet.
CJK_FONTS = {"Kunshan CJK Serif": "Noto Serif CJK SC", "Kunshan CJK Sans": "Noto Sans CJK SC"}
_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff"
                  "\uf900-\ufaff\uff00-\uffef]")


def _fontconfig_file(family: str) -> tuple[str, int]:
    """File and face index of an installed ``family``; an error naming the package if absent."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{family}\t%{file}\t%{index}", family],
                               check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise PdfError(f"fontconfig (fc-match) failed: {error}; run scripts/ensure-fonts.sh") \
            from error
    name, path, index = found.split("\t")
    if family.split(":")[0] not in name:
        raise PdfError(f"font {family!r} is not installed (fontconfig offers {name!r}): run "
                       "scripts/ensure-fonts.sh, which installs Debian's fonts-noto-cjk")
    return path, int(index)


def _truetype_outlines(font: Any) -> None:
    """Redraw a CFF-flavoured font's glyphs as TrueType (quadratic) outlines, in place.

    Chromium's PDF writer (Skia) embeds a CFF font (Noto CJK is one) as Type 3 glyph
    procedures whose text layer maps many Han characters to look-alike Kangxi radicals (a
    search for 人口 then fails); a TrueType font cut to the book's characters is embedded as
    a CID TrueType font whose text layer is the characters themselves.
    """
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    font["glyf"], font["loca"] = glyf, newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for key in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
                "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours",
                "maxComponentDepth"):
        setattr(maxp, key, 0)  # the point and contour counts are recomputed on saving
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def cjk_font_css(text: str, work: Path) -> str:
    """``@font-face`` rules for Noto CJK subsets holding the CJK characters of ``text``.

    Regular and bold: without a bold face Chromium thickens the regular one, and Skia then
    embeds it as Type 3 glyphs whose text layer reads some Han characters as Kangxi radicals
    (seen: a bold chart title's 山 as ⼭). A bold face fontconfig does not have (its match
    is the regular file) is left to that synthesis.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = "".join(sorted(set(_CJK.findall(text))))
    if not chars:
        return ""
    rules = []
    for family, source in CJK_FONTS.items():
        regular = _fontconfig_file(source)
        for weight, style in (("normal", ""), ("bold", ":bold")):
            path, index = _fontconfig_file(source + style) if style else regular
            if style and (path, index) == regular:
                continue
            font = TTFont(path, fontNumber=index, lazy=True)
            options = subset.Options()
            options.layout_features, options.name_IDs, options.hinting = [], ["*"], False
            subsetter = subset.Subsetter(options)
            subsetter.populate(text=chars)
            subsetter.subset(font)
            _truetype_outlines(font)
            target = work / f"{family.lower().replace(' ', '-')}-{weight}.ttf"
            font.save(str(target))
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                         f'src: url("{target.as_uri()}") format("truetype"); }}')
    return "\n".join(rules)


# ---------------------------------------------------------------------------
# the printable document
# ---------------------------------------------------------------------------
def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _cff() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cover_html(edition: str, base: str) -> str:
    """Return the cover: title, the article, how to cite, edition and licences."""
    cff = _cff()
    article = cff["references"][0]
    names = [f"{a['family-names']}, " + " ".join(f"{part[0]}." for part in
                                                re.split(r"[\s-]+", a["given-names"]))
             for a in article["authors"]]
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    book_authors = "; ".join(a.get("name", "") for a in cff["authors"])
    if EDITIONS[edition]["lang"] == "zh":
        return _cover_zh(edition, base, cff, authors, book_authors)
    other = "student" if edition == "full" else "full"
    other_url = site_url(other)
    esc = html_lib.escape
    return f"""
<section class="pdf-cover" id="pdf-cover">
  <p class="pdf-cover-kind">A companion book</p>
  <h1 class="pdf-cover-title">{esc(cff['title'].split('. ')[0])}</h1>
  <p class="pdf-cover-subtitle">{esc(cff['title'].split('. ', 1)[1])}</p>
  <p class="pdf-cover-edition">{esc(EDITIONS[edition]['label'])}</p>
  <div class="pdf-cover-block">
    <p class="pdf-cover-label">The article</p>
    <p>{esc(authors)} ({article['year']}). {esc(article['title'])}.
       <em>{esc(article['journal'])}</em>, {article['volume']}({article['issue']}),
       {article['start']}–{article['end']}. https://doi.org/{esc(article['doi'])}</p>
    <p class="pdf-cover-label">Cite this book as</p>
    <p>{esc(book_authors)} ({cff['date-released'][:4]}). <em>{esc(cff['title'])}</em>
       (version {esc(str(cff['version']))}, {esc(EDITIONS[edition]['label'].lower())}).
       {esc(cff['repository-code'])}. Please cite the article too.</p>
    <p class="pdf-cover-label">Edition</p>
    <p>{esc(EDITIONS[edition]['label'])}, printed {time.strftime('%Y-%m-%d')} from the built
       site (repository at commit {esc(_commit())}).
       Online: <a href="{esc(base)}">{esc(base)}</a>.
       The {other} edition: <a href="{esc(other_url)}">{esc(other_url)}</a>.</p>
    <p class="pdf-cover-label">Licences</p>
    <p>Prose and data: Creative Commons Attribution 4.0 (CC BY 4.0,
       https://creativecommons.org/licenses/by/4.0/); the data are facts reported by the
       cited article, each with its locator. Code: MIT. The article itself is cited, not
       redistributed.</p>
  </div>
</section>"""


def zh_title() -> str:
    """Return the Chinese edition's title (``title`` in ``_config_zh.yml``)."""
    import yaml

    config = yaml.safe_load((ROOT / "_config_zh.yml").read_text(encoding="utf-8"))
    return str(config["title"])


def _cover_zh(edition: str, base: str, cff: dict, authors: str, book_authors: str) -> str:
    """Return the cover of a Chinese edition.

    The same facts as the English cover, said in Chinese; the article and the book's
    English title as published.
    """
    words, article = TEXTS["zh"], cff["references"][0]
    other = EDITIONS[edition]["other"]
    label = EDITIONS[edition]["label"]
    esc = html_lib.escape
    link = '<a href="{0}">{0}</a>'
    printed = esc(words["printed_on"]).format(
        label=esc(label), date=time.strftime("%Y-%m-%d"), commit=esc(_commit()),
        url=link.format(esc(base)), other=esc(EDITIONS[other]["label"]),
        other_url=link.format(esc(site_url(other))))
    return f"""
<section class="pdf-cover" id="pdf-cover" lang="zh-CN">
  <p class="pdf-cover-kind">{esc(words['kind'])}</p>
  <h1 class="pdf-cover-title">{esc(zh_title())}</h1>
  <p class="pdf-cover-subtitle" lang="en">{esc(cff['title'])}</p>
  <p class="pdf-cover-edition">{esc(label)}</p>
  <div class="pdf-cover-block">
    <p class="pdf-cover-label">{esc(words['article'])}</p>
    <p lang="en">{esc(authors)} ({article['year']}). {esc(article['title'])}.
       <em>{esc(article['journal'])}</em>, {article['volume']}({article['issue']}),
       {article['start']}–{article['end']}. https://doi.org/{esc(article['doi'])}</p>
    <p class="pdf-cover-label">{esc(words['cite'])}</p>
    <p>{esc(book_authors)} ({cff['date-released'][:4]}). <em lang="en">{esc(cff['title'])}</em>
       （{esc(words['version'].format(version=cff['version'], label=label))}）。
       {esc(cff['repository-code'])}。{esc(words['cite_too'])}</p>
    <p class="pdf-cover-label">{esc(words['edition_label'])}</p>
    <p>{printed}</p>
    <p class="pdf-cover-label">{esc(words['licences'])}</p>
    <p>{esc(words['licence_text'])}</p>
  </div>
</section>"""


def toc_html(chapters: list[Chapter], pages: dict[str, int] | None,
             lang: str = "en") -> str:
    """Return the contents: parts, chapters and sections, with page numbers if known."""
    rows, part = [], None
    for chapter in chapters:
        if chapter.part != part and chapter.part:
            rows.append(f'<li class="pdf-toc-part">{html_lib.escape(chapter.part)}</li>')
        part = chapter.part
        for level, ident, text in chapter.headings:
            anchor = f"{chapter.slug}--{ident}"
            number = str(pages.get(anchor, "")) if pages else ""
            rows.append(f'<li class="pdf-toc-{level}"><a href="#{anchor}">'
                        f'<span class="pdf-toc-text">{html_lib.escape(text)}</span>'
                        f'<span class="pdf-toc-page" data-for="{anchor}">{number}</span></a></li>')
    return ('<section class="pdf-toc" id="pdf-toc"><h1 class="pdf-toc-title">'
            f'{TEXTS[lang]["contents"]}</h1><ul>{"".join(rows)}</ul></section>')


#: A Chinese edition's print sets every Chinese character in the CJK subsets (Chromium would
#: embed the system's Noto CJK, a CFF font, as Type 3 glyphs whose text layer reads many
#: Han characters as Kangxi radicals): the site's Chinese font stack (``html[lang=zh-CN]``,
#: ``:lang(zh)``) and the charts' drawings give way to the print's. A drawing's text is set
#: as the print stylesheet sets it (Arial's metric twin) and its Chinese in the subset of
#: the font it was measured with (Noto Sans CJK SC), not in the generic family, which
#: resolves to the system's Noto CJK (seen: a chart title's 山 read back as the radical ⼭).
#: The contents' running head is in Chinese.
ZH_CSS = """html[lang="zh-CN"] {
  --pst-font-family-base: "DejaVu Serif", "Kunshan CJK Serif", serif;
  --pst-font-family-heading: "DejaVu Sans", "Kunshan CJK Sans", sans-serif;
  --pst-font-family-monospace: "DejaVu Sans Mono", "Kunshan CJK Sans", monospace;
}
:lang(zh), [lang|="zh"], .kunshan-zh { font-family: inherit; }
.pdf-book svg.marks text { font-family: "Liberation Sans", Arial, "Kunshan CJK Sans" !important; }
@page pdf-front { @top-left { content: "目录";
  font: 8.5pt "DejaVu Sans", "Kunshan CJK Sans", sans-serif; } }
"""


def document_html(chapters: list[Chapter], sheets: list[str], edition: str, base: str,
                  fonts: str = "") -> str:
    """Return the whole printable document (one HTML file)."""
    lang = EDITIONS[edition]["lang"]
    short = TEXTS[lang]["short"]
    running = f"{short} · {EDITIONS[edition]['head']}"
    page_rules = []
    parts = []
    for index, chapter in enumerate(chapters):
        name = f"pdf-page-{index}"
        head = chapter.headings[0][2] if chapter.headings else chapter.title
        page_rules.append(
            f"@page {name} {{ @top-left {{ content: {_css_string(head)}; }} "
            f"@top-right {{ content: {_css_string(running)}; }} }}")
        parts.append(f'<div class="pdf-chapter" id="{chapter.slug}" style="page: {name}">'
                     f"{chapter.body}</div>")
    links = "".join(f'<link rel="stylesheet" href="{s}">' for s in sheets)
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang == 'zh' else 'en'}" data-theme="light" data-mode="light">
<head><meta charset="utf-8"><title>{short} — {EDITIONS[edition]['label']}</title>
{links}<link rel="stylesheet" href="{PRINT_CSS.as_uri()}">
<style>{fonts}\n{ZH_CSS if lang == 'zh' else ''}{''.join(page_rules)}</style></head>
<body class="pdf-book">
{cover_html(edition, base)}
{toc_html(chapters, None, lang)}
<main class="bd-article">{''.join(parts)}</main>
</body></html>"""


# ---------------------------------------------------------------------------
# printing
# ---------------------------------------------------------------------------
def outline_pages(pdf: Path) -> list[tuple[str, int]]:
    """Every bookmark of ``pdf`` in order, as (title, 1-based page number)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((" ".join(str(item.title).split()),
                              reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def retitle_outline(pdf: Path, titles: list[str]) -> int:
    """Give the bookmarks of ``pdf`` the headings' own ``titles``; return how many changed.

    Chromium drops the space where a heading wraps ("pro-growthcoalition"). The changed
    bookmarks are appended as an incremental update (a few kB), so the file is not rewritten.
    """
    import io

    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, NameObject, NumberObject, TextStringObject

    wanted = {_squeeze(t): t for t in titles}
    reader = PdfReader(pdf)
    changed = []

    def walk(ref: Any) -> None:
        while ref is not None:
            item = ref.get_object()
            title = str(item.get("/Title", ""))
            better = wanted.get(_squeeze(title))
            if better is not None and better != title:
                item[NameObject("/Title")] = TextStringObject(better)
                changed.append((ref.idnum, ref.generation, item))
            if "/First" in item:
                walk(item.raw_get("/First"))
            ref = item.raw_get("/Next") if "/Next" in item else None

    outlines = reader.trailer["/Root"].get("/Outlines")
    if outlines is None or "/First" not in outlines.get_object():
        raise PdfError(f"{pdf} has no bookmarks (outline)")
    walk(outlines.get_object().raw_get("/First"))
    if not changed:
        return 0
    data = pdf.read_bytes()
    last = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    if last is None:
        raise PdfError(f"{pdf}: no startxref at its end")
    out = io.BytesIO()
    out.write(data if data.endswith(b"\n") else data + b"\n")
    offsets = []
    for number, generation, item in changed:
        offsets.append((number, generation, out.tell()))
        out.write(f"{number} {generation} obj\n".encode())
        item.write_to_stream(out)
        out.write(b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n")
    for number, generation, offset in sorted(offsets):
        out.write(f"{number} 1\n{offset:010d} {generation:05d} n \n".encode())
    trailer = DictionaryObject({NameObject(k): reader.trailer.raw_get(k)
                                for k in ("/Size", "/Root", "/Info", "/ID") if k in reader.trailer})
    trailer[NameObject("/Prev")] = NumberObject(int(last.group(1)))
    out.write(b"trailer\n")
    trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    pdf.write_bytes(out.getvalue())
    return len(changed)


def match_pages(chapters: list[Chapter], outline: list[tuple[str, int]]) -> dict[str, int]:
    """Page of every table-of-contents heading, matched in order against the bookmarks."""
    pages, position = {}, 0
    # Chromium's bookmark titles lose the space where a heading wraps: compare without spaces
    norm = [(_squeeze(t), p) for t, p in outline]
    for chapter in chapters:
        for _level, ident, text in chapter.headings:
            for index in range(position, len(norm)):
                if norm[index][0] == _squeeze(text):
                    pages[f"{chapter.slug}--{ident}"] = norm[index][1]
                    position = index + 1
                    break
            else:
                raise PdfError(f"heading {text!r} ({chapter.href}) has no PDF bookmark: "
                               "the table of contents cannot give its page")
    return pages


_FILL_TOC = """pages => {
  for (const span of document.querySelectorAll('.pdf-toc-page')) {
    span.textContent = pages[span.dataset.for] ?? '';
  }
}"""

_HEADINGS = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
  .map(h => h.textContent.replace(/\\s+/g, ' ').trim())"""

#: Width (CSS px) of the text column: A4 less the page margins of the print stylesheet.
COLUMN_PX = round((210 - 2 * 18) / 25.4 * 96)

_FIT_TABLES = """() => {
  // A table wider than the text column is set smaller, down to 70 %, until it fits; then,
  // if it must, its cells may break long words. Chromium would otherwise shrink every page
  // of the print to fit the widest element.
  const column = document.querySelector('main').getBoundingClientRect().right;
  const squeezed = [];
  for (const table of document.querySelectorAll('main table')) {
    let size = 100;
    while (table.getBoundingClientRect().right > column + 0.5 && size > 70) {
      size -= 5;
      table.style.fontSize = size + '%';
    }
    if (table.getBoundingClientRect().right > column + 0.5) {
      table.classList.add('pdf-squeeze');
    }
    if (size < 100) squeezed.push(`${table.closest('.pdf-chapter').id}: ${size} %`);
  }
  // anything still wider than the column (it would shrink the whole print)
  const over = [];
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > column + 0.5 && !el.closest('svg')) {
      const chapter = el.closest('.pdf-chapter');
      over.push(`${chapter ? chapter.id : '?'}: <${el.tagName.toLowerCase()}`
                + ` class="${el.className}"> ${Math.round(box.right - column)} px too wide`);
    }
  }
  return {squeezed, over: over.slice(0, 20)};
}"""


def print_pdf(document: Path, out: Path, chapters: list[Chapter]) -> dict[str, Any]:
    """Print ``document`` to ``out`` twice: the second print has the TOC's page numbers."""
    import sitecheck
    from playwright.sync_api import sync_playwright

    executable = sitecheck.find_chromium()
    if executable is None:
        raise PdfError("no Chromium found: run scripts/ensure-chromium.sh or set CHROMIUM")
    stats: dict[str, Any] = {}
    options = {"format": "A4", "prefer_css_page_size": True, "print_background": True,
               "outline": True, "tagged": True}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=sitecheck.CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": COLUMN_PX, "height": 1000})
            # a print makes no request off this machine: anything not file:// is refused
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith(("file:", "data:")) else route.abort())
            started = time.perf_counter()
            page.goto(document.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            fitted = page.evaluate(_FIT_TABLES)
            stats["tables_set_smaller"], stats["overflow"] = fitted["squeezed"], fitted["over"]
            stats["load_s"] = time.perf_counter() - started
            started = time.perf_counter()
            page.pdf(path=str(out), **options)
            stats["first_print_s"] = time.perf_counter() - started
            pages = match_pages(chapters, outline_pages(out))
            page.evaluate(_FILL_TOC, pages)
            started = time.perf_counter()
            page.pdf(path=str(out), **options)
            stats["second_print_s"] = time.perf_counter() - started
            check = match_pages(chapters, outline_pages(out))
            if check != pages:
                moved = {k: (pages[k], check.get(k)) for k in pages if check.get(k) != pages[k]}
                raise PdfError(f"page numbers moved between the two prints: {moved}")
            titles = page.evaluate(_HEADINGS)
        finally:
            browser.close()
    started = time.perf_counter()
    stats["bookmarks_retitled"] = retitle_outline(out, titles)
    stats["retitle_s"] = time.perf_counter() - started
    return stats



def build_edition(edition: str, site: Path, out: Path, work: Path) -> dict[str, Any]:
    """Print one edition of the built ``site`` to ``out``; return what was measured."""
    if not (site / start_page(EDITIONS[edition]["lang"])).exists():
        hint = ("`make book` (it builds the Chinese edition too)" if edition in ("full", "zh")
                else "`make book EDITION=student` (the student edition in both languages)")
        raise PdfError(f"the {edition} edition's built site {site} does not exist: "
                       f"build it first with {hint}")
    started = time.perf_counter()
    base = site_url(edition)
    lang = EDITIONS[edition]["lang"]
    if site_language(site) != lang:
        raise PdfError(f"{site} is not a built site of the {edition} edition (its language "
                       f"is {site_language(site)}, the edition's {lang})")
    chapters, sheets = read_navigation(site, lang)
    slugs = {c.href: c.slug for c in chapters}
    for chapter in chapters:
        prepare_page(chapter, site, slugs, base, lang)
    work = work / out.stem  # the editions may print at the same time: a folder each
    work.mkdir(parents=True, exist_ok=True)
    document = work / f"{out.stem}.html"
    # the CJK subsets hold every character the print shows: pages, cover, contents, heads
    fonts = cjk_font_css(document_html(chapters, sheets, edition, base), work)
    document.write_text(document_html(chapters, sheets, edition, base, fonts), encoding="utf-8")
    stats = {"edition": edition, "html": str(site), "pdf": str(out),
             "assemble_s": time.perf_counter() - started}
    out.parent.mkdir(parents=True, exist_ok=True)
    stats.update(print_pdf(document, out, chapters))
    from pypdf import PdfReader

    stats["pages"] = len(PdfReader(out).pages)
    stats["bytes"] = out.stat().st_size
    stats["total_s"] = time.perf_counter() - started
    return stats


def _print_one(job: tuple[str, Path, Path, Path]) -> tuple[str, Path, dict | str]:
    edition, site, out, work = job
    try:
        return edition, out, build_edition(edition, site, out, work)
    except PdfError as error:
        return edition, out, str(error)


def main(argv: list[str] | None = None) -> int:
    """Print the editions asked for; return the exit status (1 if one failed)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edition", choices=[*EDITIONS, "all", "both"], default="all",
                        help="one edition, or all of them (default; 'both' is an older name)")
    parser.add_argument("--html", type=Path, help="built site to print (one edition only)")
    parser.add_argument("--out", type=Path, help="PDF to write (one edition only)")
    parser.add_argument("--outdir", type=Path, default=ROOT / "_build" / "pdf")
    args = parser.parse_args(argv)
    editions = list(EDITIONS) if args.edition in ("all", "both") else [args.edition]
    if (args.html or args.out) and len(editions) != 1:
        parser.error(f"--html and --out need one --edition ({', '.join(EDITIONS)})")
    outdir = args.outdir.resolve()
    jobs = [(edition, (args.html or EDITIONS[edition]["html"]).resolve(),
             (args.out or outdir / EDITIONS[edition]["pdf"]).resolve(), outdir / "work")
            for edition in editions]
    failed = False
    # two editions print side by side (a process each: the machine has two cores)
    with ProcessPoolExecutor(max_workers=min(2, len(jobs))) as pool:
        for edition, out, result in pool.map(_print_one, jobs):
            if isinstance(result, str):
                print(f"ERROR ({edition} edition): {result}", file=sys.stderr)
                failed = True
                continue
            stats = result
            print(f"{edition} edition: {out} ({stats['pages']} pages, "
                  f"{stats['bytes'] / 2**20:.1f} MB) in {stats['total_s']:.1f} s "
                  f"[assemble {stats['assemble_s']:.1f}, load {stats['load_s']:.1f}, "
                  f"prints {stats['first_print_s']:.1f} + {stats['second_print_s']:.1f}]")
            if stats["overflow"]:
                print("  WARNING: wider than the text column (Chromium shrinks every page to "
                      "fit):\n  " + "\n  ".join(stats["overflow"]), file=sys.stderr)
            (outdir / "work" / f"{out.stem}.json").write_text(json.dumps(stats, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
