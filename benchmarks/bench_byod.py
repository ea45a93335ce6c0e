"""Benchmark helpers.byod.read_regional_csv against a plain pandas.read_csv of the same file.

Writes SYNTHETIC regional CSVs of ``--rows`` rows (default 1,000,000) in the long layout, one
without and one with a year column, then times, interleaved and in one process, a plain
``pandas.read_csv(path)`` and ``read_regional_csv(path)`` (validated, into the region x
industry matrix); median of ``--repeats`` runs. Once per file it also times the cell-by-cell
reader that names offending lines (the one used when a check fails) and checks that both
readers return the same matrix. Writes ``benchmarks/results/byod.json``.

Usage::

    python benchmarks/bench_byod.py               # 1,000,000 rows
    python benchmarks/bench_byod.py --rows 100000 # a quick look
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from helpers import byod  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchcommon import finish  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "byod.json"
TARGET_RATIO = 3.0
N_INDUSTRIES = 100


def write_regional_csv(path: Path, rows: int, years: int, seed: int = 0) -> None:
    """A SYNTHETIC long-layout CSV: regions x (years) x 100 industries, lognormal amounts."""
    rng = np.random.default_rng(seed)
    n_regions = max(1, rows // (N_INDUSTRIES * max(years, 1)))
    cells = n_regions * max(years, 1) * N_INDUSTRIES
    frame = pd.DataFrame(
        {
            "region": np.repeat([f"R{r:06d}" for r in range(n_regions)],
                                max(years, 1) * N_INDUSTRIES),
            "industry": np.tile([f"C{i:03d}" for i in range(N_INDUSTRIES)],
                                n_regions * max(years, 1)),
            "value": np.round(rng.lognormal(5.0, 2.0, cells), 3),
        }
    )
    if years:
        frame.insert(1, "year", np.tile(np.repeat(2000 + np.arange(years), N_INDUSTRIES),
                                        n_regions))
    frame.to_csv(path, index=False)


def time_it(func, *args) -> float:
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def measure(path: Path, repeats: int) -> dict:
    plain, ours = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine
        plain.append(time_it(pd.read_csv, path))
        ours.append(time_it(byod.read_regional_csv, path))
    start = time.perf_counter()
    checked = byod._read_checked(path, "region", "industry", "value", "year")
    checked_s = time.perf_counter() - start
    fast = byod.read_regional_csv(path)
    return {
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "shape": list(fast.shape),
        "read_csv_s": statistics.median(plain),
        "read_regional_csv_s": statistics.median(ours),
        "ratio": statistics.median(ours) / statistics.median(plain),
        "cell_by_cell_s": checked_s,
        "cell_by_cell_ratio": checked_s / statistics.median(plain),
        "same_matrix": bool(fast.equals(checked) and fast.index.equals(checked.index)),
        "times_read_csv_s": plain,
        "times_read_regional_csv_s": ours,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    args = parser.parse_args(argv)

    report: dict[str, object] = {
        "benchmark": "byod.read_regional_csv (validated, into the matrix) vs pandas.read_csv "
        "of the same file, SYNTHETIC long-layout CSV seed 0",
        "target": f"ratio <= {TARGET_RATIO}",
        "repeats": args.repeats,
        "load_1min_before": os.getloadavg()[0],
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "pandas": pd.__version__},
        "results": [],
    }
    print(f"{'file':<28} {'MB':>5} {'matrix':>13} {'read_csv s':>10} {'ours s':>7} "
          f"{'ratio':>5} {'target':>6} {'pass':>4} {'cell-by-cell s':>14} {'same':>5}")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for years in (0, 5):
            label = f"{args.rows:,} rows, " + (f"{years} years" if years else "no year")
            path = Path(tmp) / f"regions_{years}.csv"
            write_regional_csv(path, args.rows, years)
            res = measure(path, args.repeats)
            passed = res["ratio"] <= TARGET_RATIO and res["same_matrix"]
            failed |= not passed
            report["results"].append({"file": label, **res, "pass": passed})
            shape = f"{res['shape'][0]} x {res['shape'][1]}"
            print(f"{label:<28} {res['file_mb']:>5.0f} {shape:>13} {res['read_csv_s']:>10.3f}"
                  f" {res['read_regional_csv_s']:>7.3f} {res['ratio']:>5.2f}"
                  f" {'<= ' + str(TARGET_RATIO):>6} {'PASS' if passed else 'FAIL':>4}"
                  f" {res['cell_by_cell_s']:>14.2f} {str(res['same_matrix']):>5}")
    report["load_1min_after"] = os.getloadavg()[0]
    print(f"seconds: median of {args.repeats} interleaved runs; cell-by-cell: one run of the "
          "reader used when a check fails; 1-minute load "
          f"{report['load_1min_before']:.2f} -> {report['load_1min_after']:.2f}")
    return finish(RESULTS, report, not args.no_write, failed)


if __name__ == "__main__":
    raise SystemExit(main())
