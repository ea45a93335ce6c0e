"""Benchmark the book as a reader meets it: build time, page weight, render speed.

Figures (each printed beside its target) and where they go:

* clean build time (fresh output folder, every notebook executed) and no-change rebuild
  time (same folder, nothing edited);
* page weight of every page, raw and gzip, split into theme assets, the Vega bundle and
  page-specific bytes (the HTML itself, page-only scripts and images); a chart page may
  weigh at most the theme's own page (``genindex.html``) plus 350 KiB gzip;
* time from navigation to the first rendered chart, and from a bound-input change to the
  updated chart, median of several runs in headless Chromium.

Writes ``benchmarks/results/site.json``. Usage::

    python benchmarks/bench_site.py            # build, weigh, time
    python benchmarks/bench_site.py --site _build/html --skip-build   # reuse a build
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import sitecheck  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "site.json"
TARGETS = {
    "clean_build_s": 60.0,
    "rebuild_s": 10.0,
    "chart_page_extra_gzip_kib": 350.0,
    "first_chart_ms": 600.0,
    "input_update_ms": 100.0,
}
BUILD_FLAGS = ["-W", "-n", "--keep-going", "--builder", "html"]
ASSET_RE = re.compile(r'<(?:script|img)[^>]+src="([^"]+)"|<link[^>]+href="([^"]+\.css[^"]*)"')


def timed_build(output: Path) -> tuple[float, int]:
    exe = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    proc = subprocess.run(
        [str(exe), "build", str(ROOT), "--path-output", str(output), *BUILD_FLAGS],
        capture_output=True, text=True, cwd=ROOT,
    )
    return time.perf_counter() - start, proc.returncode


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def page_weight(site: Path, page: str) -> dict:
    """Raw and gzip bytes of one page, split by where they come from."""
    html_path = site / page
    html = html_path.read_bytes()
    parts = {"theme": [0, 0], "vega": [0, 0], "page": [len(html), gz(html)]}
    base = "http://x/" + page
    seen = set()
    for match in ASSET_RE.finditer(html.decode("utf-8")):
        ref = match.group(1) or match.group(2)
        url = urlsplit(urljoin(base, ref))
        if url.netloc != "x" or url.path in seen:
            continue
        seen.add(url.path)
        path = site / url.path.lstrip("/")
        if not path.is_file():
            continue
        data = path.read_bytes()
        key = "vega" if "vega-bundle" in path.name else (
            "theme" if "_static" in path.parts else "page"
        )
        parts[key][0] += len(data)
        parts[key][1] += gz(data)
    total_raw = sum(v[0] for v in parts.values())
    total_gz = sum(v[1] for v in parts.values())
    return {
        "page": page,
        "raw": total_raw,
        "gzip": total_gz,
        **{f"{k}_raw": v[0] for k, v in parts.items()},
        **{f"{k}_gzip": v[1] for k, v in parts.items()},
        "has_chart": b'<div id="kunshan-chart-' in html,
    }


# installed before any page script runs: records when the first chart mark appears
FIRST_CHART_INIT = """
(() => {
  const obs = new MutationObserver(() => {
    if (document.querySelector('svg.marks .role-mark')) {
      obs.disconnect();
      window.__kunshanFirstChart = performance.now();
    }
  });
  obs.observe(document, {childList: true, subtree: true});
})();
"""

INPUT_CHANGE_JS = """
() => new Promise((resolve) => {
  const bind = document.querySelector('.vega-bind select');
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


def _first_chart_and_change(tab, url: str) -> tuple[float, float | None]:
    tab.goto(url, wait_until="load")
    tab.wait_for_function(
        "() => window.__kunshanFirstChart !== undefined", polling=100, timeout=15000
    )
    first = tab.evaluate("window.__kunshanFirstChart")
    return first, tab.evaluate(INPUT_CHANGE_JS)


def render_times(site: Path, pages: list[str], runs: int) -> list[dict]:
    """Median times per chart page: cold (new browser context, empty cache) and warm
    (same context, so the shared Vega bundle and theme come from the browser cache)."""
    out = []
    with sitecheck.serve(site) as base, sitecheck.chromium() as browser:
        for page in pages:
            url = f"{base}/{page}"
            cold, warm, change = [], [], []
            for _ in range(runs):
                context = browser.new_context()
                context.add_init_script(FIRST_CHART_INIT)
                context.route(
                    "**/*",
                    lambda r: r.abort() if "127.0.0.1" not in r.request.url else r.continue_(),
                )
                tab = context.new_page()
                first, ms = _first_chart_and_change(tab, url)
                cold.append(first)
                first, ms2 = _first_chart_and_change(context.new_page(), url)
                warm.append(first)
                change += [m for m in (ms, ms2) if m is not None]
                context.close()
            out.append({
                "page": page,
                "first_chart_cold_ms": statistics.median(cold),
                "first_chart_ms": statistics.median(warm),
                "input_update_ms": statistics.median(change) if change else None,
                "runs": runs,
            })
    return out


def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "n/a"
    return "PASS" if value <= target else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build to weigh and time")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
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

    pages = sitecheck.site_pages(site)
    weights = [page_weight(site, p) for p in pages]
    baseline = next(w for w in weights if w["page"] == "genindex.html")["gzip"]
    print(f"\npage weight (KiB)  theme baseline genindex.html = {baseline / 1024:.0f} KiB gzip")
    print(f"{'page':42} {'raw':>7} {'gzip':>6} {'theme':>6} {'vega':>6} {'page':>6} "
          f"{'extra':>6}  target")
    for w in weights:
        w["extra_gzip_kib"] = round((w["gzip"] - baseline) / 1024, 1)
        target = TARGETS["chart_page_extra_gzip_kib"]
        flag = verdict(w["extra_gzip_kib"], target) if w["has_chart"] else "-"
        print(f"{w['page']:42} {w['raw'] / 1024:7.0f} {w['gzip'] / 1024:6.0f} "
              f"{w['theme_gzip'] / 1024:6.0f} {w['vega_gzip'] / 1024:6.0f} "
              f"{w['page_gzip'] / 1024:6.0f} {w['extra_gzip_kib']:6.0f}  <= {target:.0f} {flag}")
    report["pages"] = weights

    chart_pages = [w["page"] for w in weights if w["has_chart"]]
    times = render_times(site, chart_pages, args.runs)
    print(f"\nrender, median of {args.runs} runs (cold = empty cache; warm = bundle cached)")
    print(f"{'page':38} {'cold':>8}    {'warm':>8}  target        {'input':>6}  target")
    for t in times:
        print(f"{t['page']:38} {t['first_chart_cold_ms']:5.0f} ms "
              f"{verdict(t['first_chart_cold_ms'], TARGETS['first_chart_ms'])}  "
              f"{t['first_chart_ms']:5.0f} ms  <= {TARGETS['first_chart_ms']:.0f} "
              f"{verdict(t['first_chart_ms'], TARGETS['first_chart_ms'])}   "
              + (f"{t['input_update_ms']:6.0f} ms  <= {TARGETS['input_update_ms']:.0f} "
                 f"{verdict(t['input_update_ms'], TARGETS['input_update_ms'])}"
                 if t["input_update_ms"] is not None else "   (no select input)"))
    report["render"] = times
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
