"""Benchmark the robustness panel of "How related was IT to what Kunshan made?" (issue 19).

Times, in a fresh process, ``helpers.io_analysis.robustness_panel()``: 48 specifications
(2002 and 2007 tables x max/mean x input/output/Leontief x total/domestic flows x sectors or
divisions), each with null (a), every portfolio of three divisions other than IT (3,654 at
sector level in 2002), and null (b), 2,000 seeded random size-matched portfolios. The
tables are loaded and validated first (untimed, they are shared with the rest of the book);
the caches of the panel are cleared before each timed run.

Reported: wall-clock and CPU seconds (``time.process_time``, all threads of this process)
per run, median of ``--repeats``. The machine is shared, so the wall clock grows with the
load average (printed too); the CPU time is what the panel itself costs. Target: the whole
panel in <= 10 s (issue 19), checked on the wall clock.

Usage::

    python benchmarks/bench_io_null.py              # 3 runs
    python benchmarks/bench_io_null.py --repeats 1  # one run
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchcommon import finish  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "io_null.json"
TARGET_SECONDS = 10.0


def _clear(ia) -> None:
    for fn in (ia._panel, ia._null_distributions, ia._null_portfolios, ia.relatedness_matrix,
               ia._coefficients):
        fn.cache_clear()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    args = parser.parse_args()

    from helpers import io_analysis as ia

    for year in ia.PANEL_YEARS:  # load and validate the tables once (shared with the book)
        ia.io_units(year, "sector")
        ia.io_units(year, "division")
    walls, cpus = [], []
    panel = None
    for _ in range(args.repeats):
        _clear(ia)
        w0, c0 = time.perf_counter(), time.process_time()
        panel = ia.robustness_panel()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    row = panel.iloc[0]
    print(f"robustness_panel ({len(panel)} specifications): wall {wall:.2f} s "
          f"(target <= {TARGET_SECONDS:.0f} s), CPU {cpu:.2f} s; load average {load:.1f} on "
          f"{os.cpu_count()} CPUs")
    print(f"default row: candidates {row['candidates']}, computers {row['computers_rank']}, "
          f"best IT {row['best_it_rank']}, p_density {row['p_density']:.3f}, "
          f"p_best_rank {row['p_best_rank']:.3f}, p_computers {row['p_computers']:.3f}, "
          f"p_density_random {row['p_density_random']:.3f}")
    failed = wall > TARGET_SECONDS
    print("target met" if not failed else "TARGET MISSED (see the load average above)")
    report = {
        "benchmark": "robustness_panel", "specifications": len(panel),
        "wall_seconds": walls, "cpu_seconds": cpus, "median_wall": wall, "median_cpu": cpu,
        "target_seconds": TARGET_SECONDS, "load_average": load,
        "cpus": os.cpu_count(), "python": platform.python_version(),
    }
    return finish(RESULTS, report, not args.no_write, failed)


if __name__ == "__main__":
    raise SystemExit(main())
