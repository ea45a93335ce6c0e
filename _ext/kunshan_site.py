"""Light pages, and charts in the first paint (issue 14).

Set up by :mod:`kunshan_build`. What it does to the built site:

* **Icons without the icon script.** pydata-sphinx-theme loads Font Awesome's SVG script
  (1.5 MB) and ships the full icon fonts. ``_templates/layout.html`` links instead a copy
  of the theme stylesheet written here: the icon rules of the icons the book never
  shows are dropped, and its ``@font-face`` rules point at subsets of the theme's own
  fonts holding only the glyphs used (:data:`ICONS` and the glyphs the theme's CSS draws
  itself: admonition, external-link and download marks).
* **Nothing blocks the first paint.** Every page script is deferred (they then run in
  order, after the HTML is parsed); inline snippets that set options of a deferred script
  wait for it, and come before the stylesheets (``_templates/layout.html``): after them,
  the parser would stop at each until every stylesheet had loaded. The Live Code (Thebe)
  script and settings are not loaded: the book has no Live Code
  button (``launch_buttons.thebe: false``); nor are sphinx-design's stylesheet and script
  on a page that uses none of its components. The search tools load on the search page
  only, and the search index once there is a query (``_templates/search.html``).
* **Charts drawn at build time.** A chart leaves the kernel as the book's chart MIME type
  (:mod:`helpers.chart_contract`). myst-nb hands it to the contract's MIME-renderer
  plugin, which calls the site writer registered here, :func:`write_chart`: it writes
  the chart's holder with the chart as static SVG (vl-convert), drawn for a desktop column
  and for a phone column, and flags the page. On a flagged page the first paint waits for
  the first drawing to be parsed (``<link rel="expect" blocking="render">``).
  Readers without JavaScript, and print, see them; after the first paint
  ``kunshan-charts.js`` loads the Vega bundle, draws each interactive view out of sight
  and swaps it in, at the same size, once drawn.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from helpers import chart_contract as contract

LOGGER = logging.getLogger(__name__)
SITE_DIR = "kunshan-site"
#: Font Awesome icons the theme's templates show as ``<i class="fa-...">`` on this book
#: (tests/test_build.py fails if a page shows one that is not here).
ICONS = (
    "angle-left", "angle-right", "arrow-up", "bars", "circle-half-stroke", "code",
    "download", "expand", "file", "file-pdf", "github", "list", "magnifying-glass", "moon",
    "rocket", "sun",
)
#: Glyphs sphinx-book-theme's stylesheet draws itself (the "on this page" chevron).
EXTRA_GLYPHS = ("f107",)
FONTS = ("fa-solid-900", "fa-brands-400")
#: Inner width (px) of a chart's card in the desktop column (1280 px window) and in the
#: phone column (390 px window): the widths of the two static drawings.
CHART_WIDTHS = {"wide": 660, "narrow": 330}
#: Per-document count of charts, on the build environment (``env.kunshan_charts``).
CHARTS_ATTR = "kunshan_charts"


# ---------------------------------------------------------------------------
# icons: the theme stylesheet without unused icon rules, subset icon fonts
# ---------------------------------------------------------------------------
def _theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


_BEFORE_RULE = re.compile(r"(?<=[}\n/{])([^{}@/]+)\{content:\"\\([0-9a-f]+)\"\}")
_ICON_SELECTOR = re.compile(r"\.fa-([a-z0-9-]+):{1,2}before")


def trim_icon_css(css: str, icons: tuple[str, ...] = ICONS) -> tuple[str, set[str]]:
    """Drop the ``.fa-x:before`` rules of icons not in ``icons``; point fonts at subsets.

    Returns the trimmed stylesheet (for ``_static/kunshan-site/``) and the code points
    (hex) its icon rules and CSS variables use.

    Examples
    --------
    >>> css = 'a{}.fa-sun:before{content:"\\\\f185"}.fa-x:before{content:"\\\\f1"}'
    >>> out, used = trim_icon_css(css, ("sun",))
    >>> out, sorted(used)
    ('a{}.fa-sun:before{content:"\\\\f185"}', ['f185'])

    """
    used: set[str] = set()

    def keep(match: re.Match) -> str:
        selectors = [s.strip() for s in match.group(1).split(",")]
        names = [_ICON_SELECTOR.fullmatch(s) for s in selectors]
        if not all(names):
            return match.group(0)
        if any(n.group(1) in icons for n in names):
            used.add(match.group(2))
            return match.group(0)
        return ""

    out = _BEFORE_RULE.sub(keep, css)
    used |= set(re.findall(r'--pst-icon-[a-z-]+:"\\([0-9a-f]+)"', out))
    # fonts: the woff2 subsets written beside the stylesheet; the regular style is unused
    out = re.sub(r"@font-face\{[^}]*fa-regular-400[^}]*\}", "", out)
    for font in FONTS:
        out = re.sub(rf"url\(\.\./vendor/fontawesome/webfonts/{font}\.woff2\) format\(\"woff2\"\),"
                     rf"url\(\.\./vendor/fontawesome/webfonts/{font}\.ttf\) format\(\"truetype\"\)",
                     f'url({font}.woff2) format("woff2")', out)
    if "vendor/fontawesome" in out:
        raise ValueError("kunshan_site: pydata-sphinx-theme.css links Font Awesome fonts "
                         "in a way the trimming does not know (theme upgraded?)")
    return out, used


def subset_font(source: Path, codepoints: set[str]) -> bytes:
    """Return ``source`` (a woff2 font) cut down to ``codepoints`` (hex), as woff2."""
    import io

    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[int(c, 16) for c in sorted(codepoints)])
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def write_theme_assets(target: Path) -> None:
    """Write the trimmed theme stylesheet and the subset icon fonts into ``target``."""
    static = _theme_static()
    css = (static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    trimmed, used = trim_icon_css(css)
    used |= set(EXTRA_GLYPHS)
    target.mkdir(parents=True, exist_ok=True)
    (target / "pydata-sphinx-theme.css").write_text(trimmed, encoding="utf-8")
    for font in FONTS:
        data = subset_font(static / "vendor" / "fontawesome" / "webfonts" / f"{font}.woff2", used)
        (target / f"{font}.woff2").write_bytes(data)


# ---------------------------------------------------------------------------
# scripts: all deferred, no Thebe
# ---------------------------------------------------------------------------
def _defer_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    from sphinx.builders.html._assets import _JavaScript

    # sphinx-design's stylesheet and tab script serve only pages that use its components
    unused = ["sphinx-thebe"] + ([] if uses_sphinx_design(doctree)
                                 else ["sphinx-design", "design-tabs"])
    scripts = []
    for js in context.get("script_files", []):
        name = str(getattr(js, "filename", "") or "")
        attrs = dict(getattr(js, "attributes", {}))
        body = attrs.get("body", "")
        if any(u in name for u in unused) or "THEBE_JS_URL" in body:
            continue
        if name and "async" not in attrs:
            attrs["defer"] = "defer"
        elif "DOCUMENTATION_OPTIONS" in body:
            # runs once the deferred documentation_options.js has defined it
            attrs["body"] = f'document.addEventListener("DOMContentLoaded",function(){{{body}}});'
        scripts.append(_JavaScript(js.filename, priority=js.priority, **attrs))
    context["script_files"] = scripts
    context["css_files"] = [css for css in context.get("css_files", []) if not any(
        u in str(getattr(css, "filename", css)) for u in unused)]


def uses_sphinx_design(doctree: Any) -> bool:
    """Whether a page's doctree has a sphinx-design component (its classes start ``sd-``)."""
    if doctree is None:
        return False
    from docutils import nodes

    return any(cls.startswith("sd-") for node in doctree.findall(nodes.Element)
               for cls in node.get("classes", ()))


def _no_thebe_settings(app: Sphinx) -> None:
    """Stop sphinx-thebe from appending its per-page settings to every page.

    Jupyter Book always loads sphinx-thebe, which appends to each page a settings block
    (naming a Binder repository of its own default) and a classic inline script; both
    serve only its Live Code button, which the book does not have.
    """
    for listener in list(app.events.listeners.get("doctree-resolved", [])):
        if getattr(listener.handler, "__module__", "") == "sphinx_thebe":
            app.disconnect(listener.id)


# ---------------------------------------------------------------------------
# charts: static SVG at build time
# ---------------------------------------------------------------------------
def _fixed_width(spec: Any, width: int) -> Any:
    """The spec drawn for a container ``width`` px wide (vl-convert has no container)."""
    if isinstance(spec, dict):
        fixed = {key: _fixed_width(value, width) for key, value in spec.items()}
        if fixed.get("width") == "container":
            fixed["width"] = width
        return fixed
    if isinstance(spec, list):
        return [_fixed_width(value, width) for value in spec]
    if isinstance(spec, str):
        return spec.replace("containerSize()[0]", str(width))
    return spec


def _unique_ids(svg: str, prefix: str) -> str:
    """Prefix the ids inside one SVG, so that two drawings on a page never share one."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    for ident in sorted(ids, key=len, reverse=True):
        svg = re.sub(rf'(\bid="|url\(#|href="#){re.escape(ident)}(?=[")])',
                     rf"\g<1>{prefix}-{ident}", svg)
    return svg


#: Attributes of vl-convert's SVG that hold only coordinates (never text a reader sees).
_GEOMETRY = re.compile(r'(\s(?:d|transform|x|y|x1|x2|y1|y2|width|height|points)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"-?\d+\.\d{2,}")
#: Changes the drawings' cache key when the drawing's post-processing changes.
DRAWING_VERSION = 2


def round_geometry(svg: str) -> str:
    """Coordinates of an SVG drawing to 0.1 px (vl-convert writes up to 13 decimals).

    Shapes move by at most 0.05 px; text and labels are left as they are. It takes about
    a tenth off the drawings' gzip size (measured on the input-output chapter: 35 to 32 KiB).

    Examples
    --------
    >>> round_geometry('<path d="M0.123456,5.98765L2,3"/><text x="-1.26">3.14159</text>')
    '<path d="M0.1,6.0L2,3"/><text x="-1.3">3.14159</text>'

    """
    def short(number: re.Match) -> str:
        return f"{float(number.group(0)):.1f}"

    return _GEOMETRY.sub(lambda m: m.group(1) + _LONG_DECIMAL.sub(short, m.group(2)) + '"', svg)


def chart_svg(spec: dict, width: int, cache: Path | None = None) -> str:
    """Static SVG of a Vega-Lite ``spec`` drawn ``width`` px wide (cached by content)."""
    import altair as alt
    import vl_convert

    fixed = _fixed_width(spec, width)
    version = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    key = hashlib.sha256(json.dumps([fixed, version, vl_convert.__version__, DRAWING_VERSION],
                                    sort_keys=True).encode()).hexdigest()[:32]
    path = cache / f"{key}.svg" if cache else None
    if path is not None and path.exists():
        return path.read_text(encoding="utf-8")
    svg = round_geometry(vl_convert.vegalite_to_svg(fixed, vl_version=version))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(svg, encoding="utf-8")
    return svg


def _text(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _on(flag: bool, attribute: str = "checked") -> str:
    return f" {attribute}" if flag else ""


def _binding_preview(spec: dict) -> str:
    """Inert copy of the inputs Vega will draw under the chart, so nothing moves later."""
    parts = []
    for param in spec.get("params", []):
        bind = param.get("bind")
        if not isinstance(bind, dict) or "input" not in bind:
            continue
        name = f'<span class="vega-bind-name">{_text(bind.get("name", param.get("name")))}</span>'
        value, kind = param.get("value"), bind["input"]
        choices = list(zip(bind.get("options", []),
                           bind.get("labels") or bind.get("options", []), strict=False))
        if kind == "radio":  # Vega's markup: one label per option, no label around all
            radios = "".join(f'<label><input type="radio" disabled{_on(o == value)}>'
                             f"{_text(lab)}</label>" for o, lab in choices)
            parts.append(f'<div class="vega-bind">{name}'
                         f'<span class="vega-bind-radio">{radios}</span></div>')
            continue
        if kind == "select":
            options = "".join(f"<option{_on(o == value, 'selected')}>{_text(lab)}</option>"
                              for o, lab in choices)
            control = f"<select disabled>{options}</select>"
        elif kind == "range":
            control = (f'<input type="range" disabled value="{_text(value)}">'
                       f"<span>{_text(value)}</span>")
        elif kind == "checkbox":
            control = f'<input type="checkbox" disabled{_on(bool(value))}>'
        else:
            control = f'<input type="{_text(kind)}" disabled value="{_text(value)}">'
        parts.append(f'<div class="vega-bind"><label>{name}{control}</label></div>')
    if not parts:
        return ""
    return f'<div class="vega-bindings pst-js-only" aria-hidden="true">{"".join(parts)}</div>'


def static_drawings(spec: dict, ident: str, cache: Path | None = None) -> str:
    """The build-time drawings of one chart: SVG for both columns, and its inputs' preview."""
    drawings = "".join(
        f'<div class="kunshan-svg-{size}">'
        f"{_unique_ids(chart_svg(spec, width, cache), f'{ident}-{size}')}</div>"
        for size, width in CHART_WIDTHS.items())
    return drawings + _binding_preview(spec)


def write_chart(app: Sphinx, payload: Any, document: Any) -> str:
    """The site writer (:func:`helpers.chart_contract.register_site_writer`).

    Numbers the page's charts (``kunshan-chart-0``, ``-1`` ... in page order), draws the
    chart (:func:`static_drawings`, cached by content beside the output) and counts it on
    the build environment, which flags the page as one with charts.
    """
    env = document.settings.env
    counts = getattr(env, CHARTS_ATTR)
    number = counts.get(env.docname, 0)
    counts[env.docname] = number + 1
    ident = f"kunshan-chart-{number}"
    cache = Path(app.outdir).parent / ".kunshan_static" / "svg-cache"
    return contract.holder_html(ident, payload, static_drawings(payload.spec, ident, cache))


def charts_on_page(app: Sphinx, pagename: str) -> int:
    """How many charts the page ``pagename`` holds (0 for none or a generated page)."""
    return getattr(app.env, CHARTS_ATTR, {}).get(pagename, 0)


def _init_chart_counts(app: Sphinx, env: Any, docnames: Any) -> None:
    if not hasattr(env, CHARTS_ATTR):
        setattr(env, CHARTS_ATTR, {})


def _purge_chart_counts(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, CHARTS_ATTR, {}).pop(docname, None)


def _merge_chart_counts(app: Sphinx, env: Any, docnames: Any, other: Any) -> None:
    mine = getattr(env, CHARTS_ATTR)
    theirs = getattr(other, CHARTS_ATTR, {})
    for docname in docnames:
        if docname in theirs:
            mine[docname] = theirs[docname]


def _first_chart_waits_for_paint(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """On a page with charts, the first paint waits until its first drawing is parsed.

    So a chart deep in a long page is not left to a later frame (``<link rel=expect>``).
    """
    if charts_on_page(app, pagename):
        context["metatags"] = (context.get("metatags", "") + '\n    <link rel="expect" '
                               'href="#kunshan-chart-0" blocking="render" />')


# ---------------------------------------------------------------------------
# the check every strict build runs on its pages
# ---------------------------------------------------------------------------
_CLASSIC_SCRIPT = {"", "text/javascript", "application/javascript"}


class _PageReader(HTMLParser):
    """Reads a built page once, noting what :func:`page_problems` needs (no regex)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.seen_sheet = self.head_closed = self.seen_chart = False
        #: inline classic scripts after a stylesheet: (before </head>, before a chart, text)
        self.late_inline: list[tuple[bool, bool, str]] = []
        self.specs: list[str] = []
        #: each chart holder in page order: its id and the drawings found in it
        self.holders: list[tuple[str, set[str]]] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []
        self._divs: list[tuple[str, str]] = []  # open divs: (holder id or "", drawing size)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        att = {k: (v or "") for k, v in attrs}
        classes = att.get("class", "").split()
        if tag == "link" and att.get("rel") == "stylesheet":
            self.seen_sheet = True
        elif tag == "script":
            self._script, self._script_text = att, []
        elif tag == "div":
            holder = att.get("id", "") if contract.HOLDER_CLASS in classes else ""
            if holder:
                self.seen_chart = True
                self.holders.append((holder, set()))
            size = next((c.removeprefix("kunshan-svg-") for c in classes
                         if c.startswith("kunshan-svg-")), "")
            self._divs.append((holder, size))
        elif tag == "svg" and "marks" in classes:
            holder = next((h for h, _ in reversed(self._divs) if h), "")
            size = next((z for _, z in reversed(self._divs) if z), "")
            if holder and size:
                self.holders[-1][1].add(size)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "div":  # <div/> opens nothing
            self.handle_starttag(tag, attrs)
            if tag == "script":
                self.handle_endtag("script")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.head_closed = True
        elif tag == "div" and self._divs:
            self._divs.pop()
        elif tag == "script" and self._script is not None:
            att, text = self._script, "".join(self._script_text).strip()
            self._script = None
            flags = {k.lower() for k in att}
            kind = att.get("type", "").lower()
            if "src" in att:
                if not ({"defer", "async"} & flags or kind == "module"):
                    self.problems.append(f"render-blocking script {att['src']}")
            elif contract.SPEC_CLASS in att.get("class", "").split():
                self.specs.append(att.get("data-for", ""))
            elif self.seen_sheet and kind in _CLASSIC_SCRIPT:
                self.late_inline.append((not self.head_closed, not self.seen_chart, text))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)


def page_problems(text: str) -> list[str]:
    """What in a built page holds up its first paint or hides a chart from it.

    A script file loaded without ``defer``, ``async`` or ``type="module"`` (the parser
    waits for it); a classic inline script after a stylesheet, in the ``<head>`` or before
    the first chart (the parser waits there until every stylesheet has loaded, so the
    first chart is parsed late); and a chart whose holder lacks either static drawing.
    The page is read with an HTML parser.

    Examples
    --------
    >>> page_problems('<head><script src="a.js"></script><script defer src="b.js"></script>')
    ['render-blocking script a.js']
    >>> page_problems('<head><script>var a;</script><link rel="stylesheet" href="s.css">'
    ...               '<script>var b;</script></head>')
    ['inline script after the stylesheets: var b;']

    """
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    problems = list(reader.problems)
    for in_head, before_chart, body in reader.late_inline:
        if in_head or (reader.seen_chart and before_chart):
            problems.append(f"inline script after the stylesheets: {body[:60]}")
    ids = [ident for ident, _ in reader.holders]
    for ident in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"chart id {ident} is used by {ids.count(ident)} charts")
    for ident in dict.fromkeys(reader.specs):
        found = [sizes for holder, sizes in reader.holders if holder == ident]
        if not found or any(sizes != set(CHART_WIDTHS) for sizes in found):
            problems.append(f"chart {ident} has no static drawing")
    return problems


def _check_pages(app: Sphinx, exception: Exception | None) -> None:
    """Warn (an error under ``-W``) about every page problem :func:`page_problems` finds."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    skip = {"_static", "_sources", "_images", "jupyter_execute"}
    for page in sorted(out.rglob("*.html")):
        if skip.intersection(page.relative_to(out).parts):
            continue
        for problem in page_problems(page.read_text(encoding="utf-8")):
            LOGGER.warning("%s: %s (issue 14: nothing may hold up the first paint)",
                           page.relative_to(out).as_posix(), problem,
                           type="kunshan", subtype="first-paint")


def _write_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    cache = Path(app.outdir).parent / ".kunshan_static"
    write_theme_assets(cache / SITE_DIR)
    script = Path(__file__).with_name("kunshan_charts.js")
    (cache / SITE_DIR / "kunshan-charts.js").write_text(
        script.read_text(encoding="utf-8"), encoding="utf-8")
    if str(cache) not in app.config.html_static_path:
        app.config.html_static_path.append(str(cache))


def _require_chart_renderer() -> None:
    """Stop the build unless myst-nb will hand the book's charts to the chart contract.

    myst-nb finds MIME renderers through an entry point of the installed package; without
    it every chart output has no renderer, and each would only raise myst-nb's
    unknown-MIME warning page by page. This says what to do, once, before any page is read.
    """
    from myst_nb.core.render import load_mime_renders

    if contract.MystNbChartRenderer not in load_mime_renders():
        from sphinx.errors import ExtensionError

        raise ExtensionError(
            "kunshan_site: myst-nb does not know the book's chart renderer "
            f"({contract.CHART_MIME}): the kunshan-helpers package is not installed with its "
            "myst_nb.mime_renderers entry point. Run `make install` (pip install -e .).")


def setup(app: Sphinx) -> dict[str, Any]:
    import kunshan_upstream  # the versions whose internals tests/test_upstream.py checked

    kunshan_upstream.require("kunshan_site", "sphinx", "pydata-sphinx-theme", "sphinx-thebe",
                             "sphinx-book-theme")
    app.connect("builder-inited", _write_assets)
    app.connect("builder-inited", _no_thebe_settings)
    _require_chart_renderer()
    contract.register_site_writer(lambda payload, document: write_chart(app, payload, document))
    app.connect("env-before-read-docs", _init_chart_counts)
    app.connect("env-purge-doc", _purge_chart_counts)
    app.connect("env-merge-info", _merge_chart_counts)
    app.connect("html-page-context", _first_chart_waits_for_paint, priority=450)
    app.connect("html-page-context", _defer_scripts, priority=950)
    app.connect("build-finished", _check_pages)
    # Pages are written by one process (kunshan_build turns the HTML builder's parallel
    # writing off): vl-convert is not safe across fork, see _serial_writing there.
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
