"""Benchmark the live edition: how fast a drop-down redraws its chart in JupyterLab.

Starts the same private JupyterLab as ``tests/test_live_lab.py`` (``postBuild`` applied as
Binder applies it), runs each chapter that has live controls with *Run All* in headless
Chromium, then changes every drop-down and times, inside the page, the span from the
``change`` event to the last mutation of the panel's SVG (see ``TIMED_CHANGE`` in
``tests/livelab.py``). Target (issue 13, item 3): every redraw under 300 ms.

Writes ``benchmarks/results/live.json``. Usage::

    python benchmarks/bench_live.py                       # chapters with live panels
    python benchmarks/bench_live.py book/ch04_origins     # some chapters
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import livelab  # noqa: E402
from benchcommon import finish  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "live.json"
TARGET_MS = 300.0


def chapters_with_panels() -> list[str]:
    """Chapters whose source builds a live panel from ``helpers.widgets``."""
    return sorted(
        f"book/{p.stem}" for p in (ROOT / "book").glob("*.md")
        if "widgets." in p.read_text(encoding="utf-8")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="e.g. book/ch04_origins")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    names = args.chapters or chapters_with_panels()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        served = livelab.copy_book(ROOT, work / "served")
        with livelab.jupyterlab(ROOT, served, work) as base:
            reports = livelab.check_chapters(base, names, ROOT / "_build" / "live-lab")
    rows = [(r.name, label, ms) for r in reports for label, ms in r.redraw_ms]
    print(f"load average before the run: {os.getloadavg()[0]:.2f} "
          f"({os.cpu_count()} cores, {platform.python_version()})")
    print(f"{'chapter':<32} {'control':<22} {'redraw ms':>10}  target < {TARGET_MS:.0f}")
    for name, label, ms in rows:
        flag = "ok" if ms < TARGET_MS else "OVER"
        print(f"{name:<32} {label:<22} {ms:>10.0f}  {flag}")
    not_redrawn = [(r.name, label) for r in reports for label, ok in r.controls if not ok]
    times = [ms for _, _, ms in rows]
    summary = {
        "controls_timed": len(times),
        "median_ms": statistics.median(times) if times else None,
        "max_ms": max(times) if times else None,
        "target_ms": TARGET_MS,
        "not_redrawn": not_redrawn,
    }
    if times:
        print(f"median {summary['median_ms']:.0f} ms, max {summary['max_ms']:.0f} ms over "
              f"{len(times)} controls (target: every redraw < {TARGET_MS:.0f} ms)")
    failed = not times or summary["max_ms"] >= TARGET_MS or bool(not_redrawn)
    report = {"rows": [{"chapter": n, "control": c, "ms": m} for n, c, m in rows], **summary}
    return finish(RESULTS, report, not args.no_write, failed)


if __name__ == "__main__":
    raise SystemExit(main())
