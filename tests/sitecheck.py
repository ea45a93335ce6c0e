"""Drive a built site in headless Chromium and report what a reader would meet.

Used by the browser tests (on the real build) and by the failure tests (on broken
copies of it), so both run exactly the same checks:

* every request that leaves the site's origin is aborted and recorded;
* every Altair chart must draw marks (``svg.marks .role-mark``) in its interactive view
  (``.vega-embed``), not just show the static drawing made at build time or a menu icon;
* every same-origin file a page loads is recorded, so its weight on a first visit can be
  compared with the budget (:func:`load_weight`);
* uncaught page errors are recorded;
* axe-core reports violations of serious or critical impact;
* every input bound to a chart changes that chart when its value changes;
* at a phone (390 x 844) and a desktop (1280 x 900) viewport, :func:`check_layout`
  opens every solution and other dropdown, then measures what a reader sees: charts wider
  than their column, chart text under 9 px or cut with an ellipsis, page-level sideways
  scrolling, clipped display maths, tables cut by their box with no way or no visible cue
  to scroll, raw Python reprs and raw pandas tables in cell outputs, maintainers' notes or
  raw LaTeX in the bibliography, and a missing favicon.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHART_SELECTOR = 'div[id^="kunshan-chart-"], div[id^="altair-viz-"], div.vega-embed'
# axe-core runs every default rule plus `label-content-name-mismatch`, which it ships as
# experimental (off by default) and which the theme's icon buttons used to fail.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}
REDIRECT_RE = re.compile(
    r'<meta[^>]+http-equiv="refresh"[^>]+content="\d+;\s*url=([^"]+)"', re.IGNORECASE
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    """Return the path of a system Chromium, or None."""
    for candidate in (
        os.environ.get("CHROMIUM"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # a browser that closes a page while a file is still being sent is not an error
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (random free port); yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to its root."""
    skip = {"_static", "_sources", "_images", "jupyter_execute"}
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not skip.intersection(p.relative_to(site).parts)
    )


@dataclass
class InputReport:
    """What happened when one bound input was changed."""

    chart: int
    kind: str
    label: str
    changed: bool


@dataclass
class PageReport:
    """What one page did in the browser."""

    page: str
    external_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    charts: int = 0
    charts_failed: list[int] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    inputs: list[InputReport] = field(default_factory=list)
    first_chart_ms: float | None = None
    redirect_to: str | None = None
    #: same-origin paths (from the site root) the page requested while it loaded
    requests: list[str] = field(default_factory=list)
    #: the layout measured in the same visit (``check_page(..., layout_viewport=...)``)
    layout: LayoutReport | None = None

    @property
    def serious_violations(self) -> list[dict]:
        """Axe violations of serious or critical impact."""
        return [v for v in self.violations if v.get("impact") in {"serious", "critical"}]


_COUNT_MARKS_JS = """
(sel) => Array.from(document.querySelectorAll(sel))
  .filter(el => !el.parentElement.closest(sel))
  .map(el => el.querySelectorAll('.vega-embed svg.marks .role-mark').length)
"""

_CHART_STATE_JS = """
([sel, i]) => {
  const charts = Array.from(document.querySelectorAll(sel))
    .filter(el => !el.parentElement.closest(sel));
  const svg = charts[i].querySelector('.vega-embed svg.marks');
  return svg ? svg.innerHTML : '';
}
"""

_INPUTS_JS = """
(sel) => {
  const charts = Array.from(document.querySelectorAll(sel))
    .filter(el => !el.parentElement.closest(sel));
  const found = [];
  charts.forEach((chart, ci) => {
    chart.querySelectorAll('.vega-bind').forEach((bind, bi) => {
      const input = bind.querySelector('select, input');
      if (!input) return;
      const name = bind.querySelector('.vega-bind-name');
      bind.setAttribute('data-kcheck', ci + '-' + bi);
      found.push({chart: ci, bind: bi, kind: input.tagName.toLowerCase() === 'select'
                   ? 'select' : input.type, label: name ? name.textContent.trim() : ''});
    });
  });
  return found;
}
"""


_CHART_CHANGED_JS = f"([sel, i, before]) => ({_CHART_STATE_JS.strip()})([sel, i]) !== before"
#: How long a chart may take to redraw after one of its inputs changed (ms).
INPUT_REDRAW_MS = 3000


def _bind_locator(page, chart: int, bind: int):
    return page.locator(f'[data-kcheck="{chart}-{bind}"]')


def _change_input(page, chart: int, bind: int, kind: str) -> None:
    holder = _bind_locator(page, chart, bind)
    if kind == "select":
        select = holder.locator("select")
        values = select.evaluate("s => Array.from(s.options).map(o => o.value)")
        current = select.input_value()
        other = next(v for v in values if v != current)
        select.select_option(other)
    elif kind == "radio":
        radios = holder.locator("input[type=radio]")
        for i in range(radios.count()):
            if not radios.nth(i).is_checked():
                radios.nth(i).check()
                break
    elif kind == "checkbox":
        holder.locator("input[type=checkbox]").click()
    elif kind == "range":
        rng = holder.locator("input[type=range]")
        rng.evaluate(
            "r => { r.value = (+r.value === +r.min) ? r.max : r.min;"
            " r.dispatchEvent(new Event('input', {bubbles: true}));"
            " r.dispatchEvent(new Event('change', {bubbles: true})); }"
        )
    else:
        holder.locator("input").first.fill("1")
        holder.locator("input").first.dispatch_event("input")


def _open(page, base_url: str, page_path: str) -> str | None:
    """Open a page and wait for its charts; return its target instead if it is a redirect.

    A bare redirect (the site root points at book/index.html, checked on its own) is not
    opened. Otherwise wait until every chart's interactive view has drawn marks or the
    chart has reported an error (or 15 s).
    """
    html = page.request.get(f"{base_url}/{page_path}").text()
    redirect = REDIRECT_RE.search(html)
    if redirect:
        return redirect.group(1)
    page.goto(f"{base_url}/{page_path}", wait_until="load")
    if page.locator(CHART_SELECTOR).count():
        with contextlib.suppress(Exception):
            page.wait_for_function(
                """(sel) => Array.from(document.querySelectorAll(sel))
                    .filter(el => !el.parentElement.closest(sel))
                    .every(el => el.querySelector('.vega-embed svg.marks .role-mark, .error')
                               || el.hasAttribute('data-kunshan-error'))""",
                arg=CHART_SELECTOR,
                timeout=15000,
            )
    return None


_READ_THROUGH_JS = """
async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
    window.scrollTo(0, y);
    await frame();
  }
  window.scrollTo(0, 0);
  await frame();
}
"""


class Tab:
    """One browser context and tab at one size, reused for every page a pass visits.

    A fresh context per page cost 2.3 times the CPU for the same measurements (34.4 s
    against 14.8 s for the phone layout of every page, measured). Every request is routed
    (which also turns the browser's cache off, so each page is a first visit): one that
    leaves the site's origin is aborted and recorded in the current :class:`PageReport`,
    a same-origin one is recorded there while ``recording`` is on. Uncaught page errors go
    to the current report too.
    """

    def __init__(self, browser, base_url: str, viewport: str | None = None) -> None:
        origin = urlsplit(base_url)
        if viewport is None:
            self.context = browser.new_context()
        else:
            width, height = VIEWPORTS[viewport]
            self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.report: PageReport | None = None
        self.recording = True

        def route(r) -> None:
            url = urlsplit(r.request.url)
            web = url.scheme in {"http", "https"}
            if web and (url.hostname, url.port) != (origin.hostname, origin.port):
                if self.report is not None:
                    self.report.external_requests.append(r.request.url)
                r.abort()
            else:
                if web and self.recording and self.report is not None:
                    self.report.requests.append(url.path)
                r.continue_()

        self.page.route("**/*", route)
        self.page.on("pageerror", lambda exc: self.report is not None
                     and self.report.page_errors.append(str(exc)))

    def close(self) -> None:
        self.context.close()


def check_page(
    browser, base_url: str, page_path: str, *, axe: bool = True, interact: bool = True,
    layout_viewport: str | None = None, tab: Tab | None = None,
) -> PageReport:
    """Open one page and report requests, errors, charts, axe violations and inputs.

    With ``layout_viewport`` (a name in :data:`VIEWPORTS`) the page is opened at that size
    and, in the same visit, its layout is measured as :func:`check_layout` measures it
    (``report.layout``): after the charts have drawn and axe has run, before any input is
    changed, so the layout is that of the page as it opens (every dropdown then open).
    Requests made while measuring are not counted in the page's first visit. ``tab`` (at
    ``layout_viewport``'s size) is reused instead of a tab of the page's own.
    """
    own = tab is None
    tab = Tab(browser, base_url, layout_viewport) if own else tab
    try:
        return _check_in_tab(tab, base_url, page_path, axe=axe, interact=interact,
                             layout_viewport=layout_viewport)
    finally:
        if own:
            tab.close()


def _check_in_tab(tab: Tab, base_url: str, page_path: str, *, axe: bool, interact: bool,
                  layout_viewport: str | None) -> PageReport:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    report = PageReport(page=page_path)
    page = tab.page
    tab.report, tab.recording = report, True
    report.redirect_to = _open(page, base_url, page_path)
    if layout_viewport is not None:
        report.layout = LayoutReport(page=page_path, viewport=layout_viewport,
                                     redirect_to=report.redirect_to)
    if report.redirect_to is not None:
        return report
    report.charts = page.locator(CHART_SELECTOR).count()
    if report.charts:
        report.marks = page.evaluate(_COUNT_MARKS_JS, CHART_SELECTOR)
        report.charts = len(report.marks)
        report.charts_failed = [i for i, n in enumerate(report.marks) if n == 0]
    if axe or report.layout is not None:
        # as a reader does, scroll through the page first: a sub-section is laid out only
        # once it comes near the screen (content-visibility, issue 14), and until then axe
        # would read the stale geometry of what it holds (measured: the exercise box of an
        # unvisited section reaching into the footer, reported as a contrast failure there)
        page.evaluate(_READ_THROUGH_JS)
    if report.layout is not None:
        # where every block sits once read through, with the lazy sections on (issue 14)
        report.layout.blocks = page.evaluate(_BLOCKS_JS)
    if axe:
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(page, options=AXE_OPTIONS)
        report.violations = [
            {
                "id": v["id"],
                "impact": v.get("impact"),
                "nodes": [n.get("target") for n in v.get("nodes", [])][:5],
            }
            for v in results.response.get("violations", [])
        ]
    if report.layout is not None:
        tab.recording = False
        _measure_layout(page, report.layout)
        tab.recording = True
    if interact and report.charts and not report.charts_failed:
        for info in page.evaluate(_INPUTS_JS, CHART_SELECTOR):
            before = page.evaluate(_CHART_STATE_JS, [CHART_SELECTOR, info["chart"]])
            _change_input(page, info["chart"], info["bind"], info["kind"])
            # wait for the redraw (a fixed pause missed slow ones on a busy machine); an
            # input that changes nothing keeps its chart as it was and is reported so
            with contextlib.suppress(PlaywrightTimeoutError):
                page.wait_for_function(_CHART_CHANGED_JS,
                                       arg=[CHART_SELECTOR, info["chart"], before],
                                       timeout=INPUT_REDRAW_MS)
            after = page.evaluate(_CHART_STATE_JS, [CHART_SELECTOR, info["chart"]])
            report.inputs.append(
                InputReport(info["chart"], info["kind"], info["label"], before != after)
            )
    return report


# ---------------------------------------------------------------------------
# weight: what a first visit downloads
# ---------------------------------------------------------------------------
#: Most a page may weigh on a first visit (gzip, KiB), not counting the shared Vega
#: bundle: a page without charts, and any page with its build-time chart drawings.
WEIGHT_BUDGET_KIB = {"plain": 150.0, "chart": 200.0}


def gzip_size(data: bytes) -> int:
    """Bytes of ``data`` once gzipped (level 6, as a web server sends it)."""
    return len(gzip.compress(data, compresslevel=6))


def load_weight(site: Path, paths: list[str]) -> dict[str, int]:
    """Gzip bytes of the files a page requested, split into the HTML page itself, the
    shared Vega bundle and everything else (stylesheets, scripts, fonts, images).

    ``paths`` are URL paths from the site root, as in :attr:`PageReport.requests`; a
    file requested twice counts once.
    """
    parts = {"html": 0, "vega": 0, "assets": 0}
    for path in dict.fromkeys(paths):
        file = site / unquote(path).lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            continue
        key = ("vega" if file.name.startswith("vega-bundle-") else
               "html" if file.suffix == ".html" else "assets")
        parts[key] += gzip_size(file.read_bytes())
    return parts


# ---------------------------------------------------------------------------
# layout: what a reader sees on a phone and on a desktop
# ---------------------------------------------------------------------------
#: The two viewports every page is checked at: a phone and a desktop.
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
#: Smallest chart text (in CSS pixels, after any scaling of the SVG) a reader must meet.
MIN_CHART_TEXT_PX = 9.0
#: Every rule :func:`check_layout` enforces, with what it catches.
LAYOUT_RULES = {
    "chart-overflow": "a chart, its title, legend or inputs is wider than its column",
    "chart-text-small": f"chart text renders smaller than {MIN_CHART_TEXT_PX:g} px",
    "chart-text-cut": "chart text is cut short with an ellipsis or runs off the chart",
    "page-scroll-x": "the page scrolls sideways",
    "math-clipped": "display maths is cut off (above, below, or at a side that cannot scroll)",
    "table-cut": "a table is wider than its box, which cannot scroll or shows no scroll cue",
    "raw-repr": "a cell output shows a raw Python repr (dtype, Name:, tuple, quoted str...)",
    "raw-table": "a table shows raw pandas defaults (0..n headers or index, empty index row, "
                 "snake_case headers, True/False, cells cut with '...')",
    "bib-notes": "the bibliography prints maintainers' notes or raw LaTeX",
    "favicon": "the page has no favicon that loads",
}

_LAYOUT_JS = (Path(__file__).with_name("sitecheck_layout.js")).read_text(encoding="utf-8")


@dataclass
class LayoutReport:
    """What a reader meets on one page at one viewport."""

    page: str
    viewport: str
    problems: list[dict] = field(default_factory=list)
    charts: int = 0
    chart_widths: list[int] = field(default_factory=list)
    column: int = 0
    page_width: int = 0
    window_width: int = 0
    redirect_to: str | None = None
    #: dropdowns (solutions, hidden code, other toggles) opened before measuring
    opened: int = 0
    #: dropdowns still closed when the page was measured (should be none)
    still_closed: int = 0
    #: where the page's blocks sit once a reader has scrolled through it, before any
    #: dropdown is opened (:func:`block_positions`'s entry for the page; ``check_edition``)
    blocks: dict | None = None

    def rules(self) -> set[str]:
        """The rules this page breaks."""
        return {p["rule"] for p in self.problems}


#: Opens every dropdown a reader can open: solutions and other toggled admonitions (by
#: clicking their button, as a reader would) and ``<details>`` blocks (hidden code), but not
#: a chart's own action menu. Returns how many it opened and how many stay closed.
_OPEN_ALL_JS = """
() => {
  let opened = 0;
  document.querySelectorAll('button.toggle-button').forEach(b => {
    if (b.getAttribute('aria-expanded') !== 'true') { b.click(); opened += 1; }
  });
  document.querySelectorAll('details').forEach(d => {
    if (!d.open && !d.closest('.vega-embed')) { d.open = true; opened += 1; }
  });
  const closed = document.querySelectorAll('.toggle-hidden').length
    + Array.from(document.querySelectorAll('details'))
        .filter(d => !d.open && !d.closest('.vega-embed')).length;
  return [opened, closed];
}
"""


def check_layout(browser, base_url: str, page_path: str, viewport: str, *,
                 blocks: bool = False, tab: Tab | None = None) -> LayoutReport:
    """Open one page at a named viewport (:data:`VIEWPORTS`) and measure its layout.

    Every solution and other dropdown is opened first, so what is measured is the page as a
    reader sees it with all of them open. With ``blocks``, the page is first read through
    and where its blocks sit is recorded (``report.blocks``, as :func:`block_positions`).
    ``tab`` (at ``viewport``'s size) is reused instead of a tab of the page's own; off-origin
    requests are aborted either way.
    """
    own = tab is None
    tab = Tab(browser, base_url, viewport) if own else tab
    report = LayoutReport(page=page_path, viewport=viewport)
    tab.report = None  # the layout check records no requests
    try:
        report.redirect_to = _open(tab.page, base_url, page_path)
        if report.redirect_to is not None:
            return report
        if blocks:
            tab.page.evaluate(_READ_THROUGH_JS)
            report.blocks = tab.page.evaluate(_BLOCKS_JS)
        _measure_layout(tab.page, report)
        return report
    finally:
        if own:
            tab.close()


def _measure_layout(page, report: LayoutReport) -> None:
    """Open every dropdown of the open ``page``, then measure its layout into ``report``."""
    report.opened, report.still_closed = page.evaluate(_OPEN_ALL_JS)
    # let container-sized charts settle after their first draw, and boxes shown by the
    # opened dropdowns be measured (and marked as scrolling) by the page's own scripts
    page.wait_for_timeout(300)
    result = page.evaluate(_LAYOUT_JS, [CHART_SELECTOR, MIN_CHART_TEXT_PX])
    for key, value in result.items():
        setattr(report, key, value)


def check_site_layout(site: Path, pages: list[str] | None = None,
                      viewports: list[str] | None = None) -> list[LayoutReport]:
    """Serve ``site`` and measure every page (or the given ones) at every viewport."""
    pages = site_pages(site) if pages is None else pages
    reports = []
    with serve(site) as base, chromium() as browser:
        for viewport in viewports or list(VIEWPORTS):
            tab = Tab(browser, base, viewport)
            reports += [check_layout(browser, base, p, viewport, tab=tab) for p in pages]
            tab.close()
    return reports


# ---------------------------------------------------------------------------
# lazy sections: laid out only near the screen, in the same place as without
# ---------------------------------------------------------------------------
#: Where the rules that lay sub-sections out lazily begin in ``_static/kunshan.css``.
LAZY_SECTIONS_MARK = "/* Issue 14: the first paint lays out only what is near the screen."
_BLOCKS_JS = """
() => ({
  lazy: Array.from(document.querySelectorAll('.bd-article section'))
    .filter(s => getComputedStyle(s).contentVisibility === 'auto').length,
  blocks: Array.from(document.querySelectorAll(
    '.bd-article :is(h1, h2, h3, h4, p, li, figure, table, .cell, .admonition), footer'))
    .filter(e => e.getClientRects().length)
    .map(e => Math.round(e.getBoundingClientRect().top + window.scrollY)),
})
"""


def block_positions(site: Path, viewport: str, *, lazy: bool = True,
                    pages: list[str] | None = None) -> dict[str, dict]:
    """Where every heading, paragraph, list item, figure, table, cell and admonition of each
    page sits (px from the top) once a reader has scrolled through it, and how many of
    its sections are laid out lazily; ``lazy=False`` serves the site stylesheet without
    its lazy-section rules (from :data:`LAZY_SECTIONS_MARK` on)."""
    width, height = VIEWPORTS[viewport]
    pages = [p for p in (site_pages(site) if pages is None else pages)
             if not REDIRECT_RE.search((site / p).read_text(encoding="utf-8"))]
    css = (site / "_static" / "kunshan.css").read_text(encoding="utf-8")
    if LAZY_SECTIONS_MARK not in css:
        raise ValueError(f"_static/kunshan.css has no {LAZY_SECTIONS_MARK!r}")
    eager_css = css[:css.index(LAZY_SECTIONS_MARK)]

    def stylesheet(route) -> None:
        route.fulfill(status=200, content_type="text/css", body=eager_css)

    found = {}
    with serve(site) as base, chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": height})
        if not lazy:
            context.route("**/_static/kunshan.css*", stylesheet)
        page = context.new_page()
        for path in pages:
            _open(page, base, path)  # as check_edition measures it: the charts drawn
            page.evaluate(_READ_THROUGH_JS)
            found[path] = page.evaluate(_BLOCKS_JS)
        context.close()
    return found


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """Launch the system Chromium through Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    path = find_chromium()
    if path is None:
        raise RuntimeError(
            "No Chromium found. Run `make test` (installs Debian's chromium as root) "
            "or set CHROMIUM=/path/to/chromium."
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def check_edition(site: Path) -> tuple[list[PageReport], list[LayoutReport]]:
    """What :func:`check_site` and :func:`check_site_layout` report on every page of a site,
    in two visits per page instead of three (the page checks and the desktop layout share one),
    with where each page's blocks sit at both sizes (``LayoutReport.blocks``, lazy sections on).

    The test session runs it in a process of its own for each edition, once that edition's
    build is done (tests/conftest.py, ``browser_pass``).
    """
    pages = site_pages(site)
    with serve(site) as base, chromium() as browser:
        # one visit per page checks it and measures it on a desktop; one more on a phone
        desktop, phone = Tab(browser, base, "desktop"), Tab(browser, base, "phone")
        reports = [check_page(browser, base, p, layout_viewport="desktop", tab=desktop)
                   for p in pages]
        layouts = [r.layout for r in reports] + [
            check_layout(browser, base, p, "phone", blocks=True, tab=phone) for p in pages]
        desktop.close()
        phone.close()
    return reports, layouts


def check_site(site: Path, pages: list[str] | None = None, **kwargs) -> list[PageReport]:
    """Serve ``site`` and check every page (or the given ones)."""
    pages = site_pages(site) if pages is None else pages
    with serve(site) as base, chromium() as browser:
        tab = Tab(browser, base)
        reports = [check_page(browser, base, p, tab=tab, **kwargs) for p in pages]
        tab.close()
    return reports
