"""The book in two languages: English at the site's root, Chinese under ``zh/`` (issue 24).

One source tree, two builds. The Chinese one (``make book`` runs it second) reads
``_config.yml`` with ``_config_zh.yml`` on top (``scripts/zh_config.py``) and the table of
contents ``_toc_zh.yml`` (its pages are ``book/zh/*.md``): Sphinx's ``language`` is
``zh_CN`` (``<html lang="zh-CN">``, Sphinx's and sphinx-exercise's own Chinese labels: 图,
练习, 解答 ...) and ``kunshan_lang`` is ``zh``. This extension then:

* gives the Chinese title and lets ``book/zh`` be read;
* indexes Chinese text for search without a dictionary: :class:`SearchChineseBigrams` cuts
  each run of Chinese characters into overlapping pairs (Python, for the index, and the
  same in JavaScript for the reader's query), so a query of two or more characters finds
  the pages that hold it. Sphinx's own Chinese splitter indexes Chinese only with jieba,
  whose last release is from 2020;
* links references to labels on the pages that stay English (the metrics lab, the ASIF
  page) to those pages on the English site;
* stops the build, naming ``make fonts``, when vl-convert (which measures chart text with
  the machine's fonts) finds no Chinese font of the charts' font stack
  (:func:`require_cjk_font`).

Every page of both builds gets ``kunshan_lang_switch`` in its template context: the
link to the same page of the same edition (full or student) in the other language
(``_templates/lang-switch.html`` shows it in the article header), or to the other
language's landing page when the page has no counterpart.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError
from sphinx.search.zh import SearchChinese
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
LANGUAGES = ("en", "zh")
ZH_DIR = "book/zh"
ZH_TITLE = "昆山：不只是技术关联，更是联盟"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"[{_CJK}]+")
_LATIN = re.compile(r"[a-zA-Z0-9_]+")


def cjk_bigrams(text: str) -> list[str]:
    """Overlapping pairs of each run of Chinese characters (a lone character kept).

    Examples
    --------
    >>> cjk_bigrams("技术关联 和 HHI")
    ['技术', '术关', '关联', '和']

    """
    terms: list[str] = []
    for run in _RUN.findall(text):
        terms.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
    return terms


#: The same cut in the reader's browser (Sphinx calls ``splitQuery`` on the query).
JS_SPLITTER = r"""
function splitQuery(query) {
  var terms = [];
  var runs = query.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g) || [];
  runs.forEach(function (run) {
    if (run.length === 1) { terms.push(run); return; }
    for (var i = 0; i + 1 < run.length; i++) terms.push(run.substr(i, 2));
  });
  return terms.concat(query.match(/[a-zA-Z0-9_]+/g) || []);
}
"""


class SearchChineseBigrams(SearchChinese):
    """Sphinx's Chinese search language with a dictionary-free splitter (bigrams)."""

    js_splitter_code = JS_SPLITTER

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's signature
        """Chinese runs as bigrams, Latin words as words."""
        latin = [term.strip() for term in _LATIN.findall(input)]
        self.latin_terms.extend(latin)
        return cjk_bigrams(input) + latin

    def word_filter(self, stemmed_word: str) -> bool:
        """Keep a single Chinese character (a word of its own), as every bigram."""
        return len(stemmed_word) > 1 or bool(_RUN.fullmatch(stemmed_word))


#: What a reader of the error is told to do when vl-convert finds no Chinese font.
FONT_FIX = ("run `make fonts` (scripts/ensure-fonts.sh; Debian/Ubuntu: "
            "sudo apt-get install fonts-noto-cjk), then build again")
_PROBE_TEXT = "技术关联区域分叉"
_NO_SUCH_FONT = "kunshan-no-such-font"


#: Run in a process of its own: vl-convert started in the build's main process would hang
#: the processes Sphinx forks from it to read pages in parallel (seen: a forked reader
#: waited forever in vl_convert.vegalite_to_svg).
_PROBE = r"""
import json, re, sys
import vl_convert

def width(font):
    spec = {"data": {"values": [{"t": sys.argv[1], "v": 1}]}, "mark": "bar", "width": 10,
            "encoding": {"y": {"field": "t", "type": "nominal",
                               "axis": {"labelFont": font, "labelFontSize": 20, "title": None}},
                         "x": {"field": "v", "type": "quantitative", "axis": None}}}
    svg = vl_convert.vegalite_to_svg(spec)
    return float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))

print(json.dumps([width(font) for font in json.loads(sys.argv[2])]))
"""


def label_widths(fonts: list[str]) -> list[float]:
    """Width of the SVG vl-convert draws for one Chinese axis label set in each of ``fonts``."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _PROBE, _PROBE_TEXT, json.dumps(fonts)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"kunshan: the chart-font probe (vl-convert) failed:\n{done.stderr}")
    return json.loads(done.stdout)


def cjk_chart_fonts() -> list[str]:
    """The Chinese families of the charts' font stack that vl-convert can measure with.

    vl-convert lays out chart text (axis labels, legends, wrapped titles) with the fonts it
    finds on the machine. A family it does not find is measured like a font that does not
    exist, so the probe compares the two widths of the same Chinese label.
    """
    from helpers.charts.theme import FONT

    families = [f.strip().strip("'\"") for f in FONT.split(",")]
    chinese = [f for f in families if re.search(r"CJK|\bSC\b|\bGB\b|YaHei", f)]
    missing, *widths = label_widths([_NO_SUCH_FONT, *chinese])
    return [f for f, w in zip(chinese, widths, strict=True) if w != missing]


def require_cjk_font(found: list[str] | None = None) -> None:
    """Stop the Chinese build, naming the fix, when vl-convert has no Chinese font.

    Without one, every Chinese chart label would be measured with a stand-in font: axes
    cut too short or too long, wrapped titles that overflow at 390 px, and no warning.
    """
    found = cjk_chart_fonts() if found is None else found
    if not found:
        from helpers.charts.theme import FONT

        raise ConfigError(
            "kunshan: the Chinese edition needs a Chinese font for vl-convert to measure "
            f"chart text, and it finds none of the charts' font stack ({FONT}): {FONT_FIX}")
    LOGGER.info("kunshan: chart text in Chinese is measured with %s", found[0])


def _choose_language(app: Sphinx, config: Any) -> None:
    if config.kunshan_lang not in LANGUAGES:
        raise ValueError(f"kunshan_lang must be one of {', '.join(LANGUAGES)}, "
                         f"got {config.kunshan_lang!r} (_config_zh.yml)")
    if config.kunshan_lang != "zh":
        return
    config.html_title = ZH_TITLE
    config.project = ZH_TITLE
    config.exclude_patterns = [p for p in config.exclude_patterns if p != ZH_DIR]
    require_cjk_font()
    LOGGER.info("kunshan: Chinese edition (%s, %s)", config.language,
                config.external_toc_path)


def counterpart(pagename: str, lang: str, srcdir: Path, edition: str = "full") -> str:
    """The link from page ``pagename`` of the ``lang`` site to the other language's page.

    Relative to the page, in the published layout (:func:`helpers.pages.site_prefix`): the
    English full edition at the root, its Chinese edition under ``zh/``, the student edition
    under ``student/`` and its Chinese edition under ``student/zh/``. The switch stays in the
    edition: a student page leads to the student page in the other language.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "book" / "zh").mkdir(parents=True)
    >>> _ = (root / "book" / "zh" / "ch01.md").write_text("x")
    >>> _ = (root / "book" / "ch01.md").write_text("x")
    >>> counterpart("book/ch01", "en", root)
    '../zh/book/zh/ch01.html'
    >>> counterpart("book/zh/ch01", "zh", root)
    '../../../book/ch01.html'
    >>> counterpart("book/ch09", "en", root)
    '../zh/book/zh/index.html'
    >>> counterpart("book/ch01", "en", root, edition="student")
    '../zh/book/zh/ch01.html'
    >>> counterpart("book/zh/ch01", "zh", root, edition="student")
    '../../../book/ch01.html'

    """
    from helpers.pages import site_prefix

    if lang == "zh":
        stem = pagename.removeprefix(f"{ZH_DIR}/")
        english = srcdir / "book" / f"{stem}.md"
        target = f"book/{stem}" if english.exists() else "book/index"
        other = "en"
    else:
        stem = pagename.removeprefix("book/")
        chinese = srcdir / ZH_DIR / f"{stem}.md"
        target = f"{ZH_DIR}/{stem}" if "/" not in stem and chinese.exists() else (
            f"{ZH_DIR}/index")
        other = "zh"
    here = posixpath.dirname(site_prefix(edition, lang) + pagename) or "."
    return posixpath.relpath(f"{site_prefix(edition, other)}{target}.html", here)


def _switch(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    lang = app.config.kunshan_lang
    href = counterpart(pagename, lang, Path(app.srcdir),
                       getattr(app.config, "kunshan_edition", "full"))
    context["kunshan_lang_switch"] = {
        "href": href,
        "label": "English" if lang == "zh" else "中文",
        "hreflang": "en" if lang == "zh" else "zh-CN",
        "title": "Read this page in English" if lang == "zh" else "阅读本页中文版",
    }


#: English pages the Chinese edition does not translate this round (its zh pages say so).
ENGLISH_ONLY = {"metrics_lab": "指标实验室", "asif_reproduction": "企业数据复现页"}
_LABEL = re.compile(r"^(?::label:\s*(\S+)|\((\S+)\)=)\s*$", re.M)


def english_only_labels(srcdir: Path) -> dict[str, str]:
    """Labels defined on the English-only pages, and the page each is on."""
    found = {}
    for stem in ENGLISH_ONLY:
        text = (srcdir / "book" / f"{stem}.md").read_text(encoding="utf-8")
        for match in _LABEL.finditer(text):
            found[match.group(1) or match.group(2)] = stem
    return found


def _to_english_page(app: Sphinx, env: Any, node: Any, contnode: Any) -> Any:
    """In the Chinese edition, a reference to a label on an English-only page links there.

    Such references come from code the two editions share (e.g. the instructors' table of
    self-checked exercises); the link goes to the English page, marked as English.
    """
    if app.config.kunshan_lang != "zh" or node.get("refdomain") != "std":
        return None
    target = node.get("reftarget", "")
    labels = getattr(env, "kunshan_english_labels", None)
    if labels is None:
        labels = env.kunshan_english_labels = english_only_labels(Path(app.srcdir))
    if target not in labels:
        return None
    from docutils import nodes

    up = "../" * node["refdoc"].count("/")
    page = labels[target]
    text = (contnode.astext() if node.get("reftype") != "numref"
            else f"{ENGLISH_ONLY[page]}中的练习（英文）")
    link = nodes.reference("", "", internal=False, refuri=(
        f"{up}../book/{page}.html#{target}"))
    link += nodes.inline(text, text, classes=["xref", "std"])
    link["hreflang"] = "en"
    return link


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("kunshan_lang", "en", "env", types=(str,))
    app.connect("config-inited", _choose_language)
    app.add_search_language(SearchChineseBigrams)
    app.connect("html-page-context", _switch)
    app.connect("missing-reference", _to_english_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
