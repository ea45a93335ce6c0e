"""Benchmark the book as a reader meets it: build time, page weight, render speed.

Figures (each printed beside its target) and where they go:

* clean build time (fresh output folder, every notebook executed) and no-change rebuild
  time (same folder, nothing edited);
* page weight of every page on a first visit: gzip bytes of every same-origin file the
  page requested while loading in headless Chromium (HTML, CSS, scripts, fonts, images),
  without the shared Vega bundle; at most 150 KiB for a page without charts and 200 KiB
  for a page with charts (their build-time drawings included);
* first contentful paint (FCP) of every page; the median FCP of chart pages over that of
  pages without charts (at most 1.15; each chart page's own ratio is printed beside it,
  for information); the animation frame that first holds a chart
  drawing over its page's FCP (at most 1.05); when every chart is interactive; layout
  shift while loading (CLS); from a bound-input change to the updated chart (at most
  100 ms). Medians of several rounds of first visits (new browser context, empty cache)
  over all pages, so plain and chart pages are timed under the same load.

Writes ``benchmarks/results/site.json``. Usage::

    python benchmarks/bench_site.py            # build, weigh, time
    python benchmarks/bench_site.py --site _build/html --skip-build   # reuse a build
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import sitecheck  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "site.json"
TARGETS = {
    "clean_build_s": 60.0,
    "rebuild_s": 10.0,
    # first visit, gzip, not counting the shared Vega bundle (sitecheck.WEIGHT_BUDGET_KIB)
    "plain_page_gzip_kib": sitecheck.WEIGHT_BUDGET_KIB["plain"],
    "chart_page_gzip_kib": sitecheck.WEIGHT_BUDGET_KIB["chart"],
    # first chart on screen / its page's first contentful paint (FCP)
    "first_chart_over_fcp": 1.05,
    # a chart page's FCP / the median FCP of pages without charts
    "chart_fcp_over_plain_fcp": 1.15,
    "input_update_ms": 100.0,
}
BUILD_FLAGS = ["-W", "-n", "--keep-going", "--builder", "html"]


def timed_build(output: Path) -> tuple[float, int]:
    exe = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    proc = subprocess.run(
        [str(exe), "build", str(ROOT), "--path-output", str(output), *BUILD_FLAGS],
        capture_output=True, text=True, cwd=ROOT,
    )
    return time.perf_counter() - start, proc.returncode


# installed before any page script runs: the first contentful paint, the animation frame
# that first holds a chart drawing (static SVG from the build, or a drawn Vega view), the
# moment every chart is interactive, and the layout shifts (CLS) while the page loads
PAINT_INIT = """
(() => {
  const k = window.__kunshan = {cls: 0};
  new PerformanceObserver(list => list.getEntries().forEach(e => {
    if (e.name === 'first-contentful-paint') k.fcp = e.startTime;
  })).observe({type: 'paint', buffered: true});
  new PerformanceObserver(list => list.getEntries().forEach(e => {
    if (!e.hadRecentInput) k.cls += e.value;
  })).observe({type: 'layout-shift', buffered: true});
  // light observers, so that timing does not slow the parser: one watches for the first
  // chart drawing and stops, one watches only the attribute the chart script sets
  const seen = new MutationObserver(() => {
    if (document.querySelector('.kunshan-chart svg.marks .role-mark')) {
      k.chartSeen = performance.now();
      seen.disconnect();
      requestAnimationFrame(() => { k.firstChart = performance.now(); });
    }
  });
  seen.observe(document, {childList: true, subtree: true});
  document.addEventListener('DOMContentLoaded', () => seen.disconnect());
  const live = new MutationObserver(() => {
    const holders = document.querySelectorAll('.kunshan-chart');
    if (Array.from(holders).every(h => h.hasAttribute('data-kunshan-live'))) {
      k.live = performance.now();
      live.disconnect();
    }
  });
  live.observe(document, {subtree: true, attributes: true, attributeFilter: ['data-kunshan-live']});
})();
"""

INPUT_CHANGE_JS = """
() => new Promise((resolve) => {
  const bind = document.querySelector('.vega-embed .vega-bind select');
  if (!bind) return resolve(null);
  const chart = bind.closest('.vega-embed');
  const svg = chart.querySelector('svg.marks');
  const values = Array.from(bind.options).map(o => o.value);
  const next = values.find(v => v !== bind.value);
  const obs = new MutationObserver(() => {
    obs.disconnect();
    requestAnimationFrame(() => resolve(performance.now() - t0));
  });
  obs.observe(svg, {childList: true, subtree: true, attributes: true});
  const t0 = performance.now();
  bind.value = next;
  bind.dispatchEvent(new Event('change', {bubbles: true}));
  bind.dispatchEvent(new Event('input', {bubbles: true}));
})
"""


def _visit(browser, url: str, has_chart: bool) -> dict:
    """One first visit (new browser context, empty cache): paint times, requests, input."""
    context = browser.new_context()
    context.add_init_script(PAINT_INIT)
    requests: list[str] = []

    def route(r) -> None:
        if "127.0.0.1" not in r.request.url:
            r.abort()
            return
        requests.append(urlsplit(r.request.url).path)
        r.continue_()

    context.route("**/*", route)
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    wait = ("() => window.__kunshan.fcp !== undefined && window.__kunshan.live !== undefined"
            if has_chart else "() => window.__kunshan.fcp !== undefined")
    tab.wait_for_function(wait, polling=50, timeout=20000)
    tab.wait_for_timeout(100)
    found = tab.evaluate("() => Object.assign({}, window.__kunshan)")
    found["input_update_ms"] = tab.evaluate(INPUT_CHANGE_JS) if has_chart else None
    found["requests"] = requests
    context.close()
    return found


def measure_pages(site: Path, pages: list[str], runs: int) -> list[dict]:
    """First visits to every page, ``runs`` rounds over all pages (so that plain and chart
    pages share the machine's load); medians per page, with its weight on that visit."""
    chart = {p: b'class="kunshan-chart-spec"' in (site / p).read_bytes() for p in pages}
    visits: dict[str, list[dict]] = {p: [] for p in pages}
    with sitecheck.serve(site) as base, sitecheck.chromium() as browser:
        for _ in range(runs):
            for page in pages:
                visits[page].append(_visit(browser, f"{base}/{page}", chart[page]))
    out = []
    for page in pages:
        v = visits[page]
        weight = sitecheck.load_weight(site, v[0]["requests"])
        row = {
            "page": page,
            "has_chart": chart[page],
            "gzip_kib": round((weight["html"] + weight["assets"]) / 1024, 1),
            "html_gzip_kib": round(weight["html"] / 1024, 1),
            "assets_gzip_kib": round(weight["assets"] / 1024, 1),
            "vega_gzip_kib": round(weight["vega"] / 1024, 1),
            "fcp_ms": statistics.median(x["fcp"] for x in v),
            "cls": max(x["cls"] for x in v),
            "runs": runs,
        }
        if chart[page]:
            row["first_chart_ms"] = statistics.median(x["firstChart"] for x in v)
            row["first_chart_over_fcp"] = statistics.median(x["firstChart"] / x["fcp"] for x in v)
            row["interactive_ms"] = statistics.median(x["live"] for x in v)
            changes = [x["input_update_ms"] for x in v if x["input_update_ms"] is not None]
            row["input_update_ms"] = statistics.median(changes) if changes else None
        out.append(row)
    return out


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "n/a"
    return "PASS" if value <= target else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build to weigh and time")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    report: dict = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "targets": TARGETS,
    }
    tmp = Path(tempfile.mkdtemp(prefix="kunshan-bench-"))
    site = args.site
    if not args.skip_build:
        clean, rc1 = timed_build(tmp)
        rebuild, rc2 = timed_build(tmp)
        report["clean_build_s"] = round(clean, 1)
        report["rebuild_s"] = round(rebuild, 1)
        report["build_ok"] = rc1 == 0 and rc2 == 0
        site = tmp / "_build" / "html"
        print(f"clean build      {clean:7.1f} s   target < {TARGETS['clean_build_s']:.0f} s   "
              f"{verdict(clean, TARGETS['clean_build_s'])}")
        print(f"no-change rebuild{rebuild:7.1f} s   target < {TARGETS['rebuild_s']:.0f} s   "
              f"{verdict(rebuild, TARGETS['rebuild_s'])}")
    if site is None:
        parser.error("--skip-build needs --site")

    # every page but a bare redirect (the site root)
    pages = [p for p in sitecheck.site_pages(site)
             if not sitecheck.REDIRECT_RE.search((site / p).read_text(encoding="utf-8"))]
    load_before = os.getloadavg()[0]
    rows = measure_pages(site, pages, args.runs)
    report["load_average_1min"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    plain_fcp = statistics.median(r["fcp_ms"] for r in rows if not r["has_chart"])
    print(f"\nfirst visits (empty cache), median of {args.runs} rounds over all pages "
          f"(1-min load average {report['load_average_1min'][0]} before, "
          f"{report['load_average_1min'][1]} after); weights gzip KiB without the Vega bundle")
    print(f"{'page':36} {'html':>5} {'other':>6} {'total':>6} {'budget':>7}      "
          f"{'FCP':>6} {'/plain':>6}         {'chart':>6} {'/FCP':>5} <=1.05  "
          f"{'live':>6} {'CLS':>5} {'input':>6} <=100")
    for r in rows:
        budget = TARGETS["chart_page_gzip_kib" if r["has_chart"] else "plain_page_gzip_kib"]
        line = (f"{r['page']:36} {r['html_gzip_kib']:5.0f} {r['assets_gzip_kib']:6.0f} "
                f"{r['gzip_kib']:6.0f} <= {budget:3.0f} {verdict(r['gzip_kib'], budget):4}  "
                f"{r['fcp_ms']:4.0f}ms")
        if r["has_chart"]:
            r["fcp_over_plain"] = r["fcp_ms"] / plain_fcp
            line += (f" {r['fcp_over_plain']:6.2f}       "
                     f"{r['first_chart_ms']:4.0f}ms {r['first_chart_over_fcp']:5.2f} "
                     f"{verdict(r['first_chart_over_fcp'], TARGETS['first_chart_over_fcp']):4}  "
                     f"{r['interactive_ms']:4.0f}ms {r['cls']:5.3f} ")
            line += (f"{r['input_update_ms']:4.0f}ms "
                     f"{verdict(r['input_update_ms'], TARGETS['input_update_ms'])}"
                     if r["input_update_ms"] is not None else "    -")
        print(line)
    charts_rows = [r for r in rows if r["has_chart"]]
    summary = {
        "plain_page_gzip_kib_max": max(r["gzip_kib"] for r in rows if not r["has_chart"]),
        "chart_page_gzip_kib_max": max(r["gzip_kib"] for r in charts_rows),
        "plain_fcp_ms_median": plain_fcp,
        "chart_fcp_ms_median": statistics.median(r["fcp_ms"] for r in charts_rows),
        "chart_fcp_over_plain_fcp_max": max(r["fcp_over_plain"] for r in charts_rows),
        "first_chart_over_fcp_max": max(r["first_chart_over_fcp"] for r in charts_rows),
        "input_update_ms_max": max((r["input_update_ms"] for r in charts_rows
                                    if r["input_update_ms"] is not None), default=None),
        "cls_max": max(r["cls"] for r in charts_rows),
    }
    summary["chart_fcp_over_plain_fcp"] = summary["chart_fcp_ms_median"] / plain_fcp
    print("\nsummary (worst page, except the FCP ratio: median chart page / median plain page)")
    for key, target in [("plain_page_gzip_kib_max", "plain_page_gzip_kib"),
                        ("chart_page_gzip_kib_max", "chart_page_gzip_kib"),
                        ("chart_fcp_over_plain_fcp", "chart_fcp_over_plain_fcp"),
                        ("first_chart_over_fcp_max", "first_chart_over_fcp"),
                        ("input_update_ms_max", "input_update_ms")]:
        print(f"  {key:30} {summary[key]:8.2f}   target <= {TARGETS[target]:g}   "
              f"{verdict(summary[key], TARGETS[target])}")
    print(f"  {'chart_fcp_over_plain_fcp_max':30} {summary['chart_fcp_over_plain_fcp_max']:8.2f}"
          f"   (the slowest chart page; one page's FCP varies widely on a loaded machine)")
    print(f"  {'cls_max':30} {summary['cls_max']:8.3f}   (layout shift while loading; "
          f"no target, 0 = none)")
    report["pages"] = rows
    report["summary"] = summary
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
