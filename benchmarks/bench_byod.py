"""Benchmark helpers.byod.read_regional_csv against a plain pandas.read_csv of the same file.

Writes SYNTHETIC regional CSVs of ``--rows`` rows (default 1,000,000) in the long layout, one
without and one with a year column, then times, interleaved and in one process, a plain
``pandas.read_csv(path)`` and ``read_regional_csv(path)`` (validated, into the region x
industry matrix); median of ``--repeats`` runs. Once per file it also times the cell-by-cell
reader that names offending lines (the one used when a check fails) and checks that both
readers return the same matrix.

Then the paths of issue 21: a ``--failing-mb`` (default 50) MB file read clean, with one bad
last cell and with a duplicated last line, each in a fresh process whose peak memory (its VmHWM on
Linux, interpreter and imports included) is set against the target of 10x the file's size + 0.3 GB,
and whose error must name the last line; and a 40,000-column wide file, whose read must take
at most 3 s. Writes ``benchmarks/results/byod.json``.

Usage::

    python benchmarks/bench_byod.py               # 1,000,000 rows
    python benchmarks/bench_byod.py --rows 100000 # a quick look
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
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
MEMORY_FACTOR, MEMORY_EXTRA_GB = 10.0, 0.3  # peak <= 10x the file + 0.3 GB (issue 21)
WIDE_COLUMNS, WIDE_TARGET_S = 40_000, 3.0

# run in a fresh process: read one file, print seconds and the first line of any error
CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from helpers import byod
start = time.perf_counter()
try:
    byod.read_regional_csv(sys.argv[2])
    outcome = "read"
except ValueError as err:
    outcome = str(err).splitlines()[0]
print(f"{time.perf_counter() - start:.3f}")
print(outcome)
try:  # this process's own peak (VmHWM starts afresh at exec; ru_maxrss may not)
    with open("/proc/self/status") as status:
        print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM")))
except OSError:
    print("nan")
"""


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


def run_child(path: Path) -> dict:
    """Read ``path`` in a fresh process; return its seconds, outcome and peak memory (GB)."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(ROOT / "src"), str(path)],
                             stdout=subprocess.PIPE, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds, outcome, hwm_kb = (out.splitlines() + ["nan", "no output", "nan"])[:3]
    # on Linux the child's VmHWM; ru_maxrss can carry the parent's size over from the fork
    peak_kb = float(hwm_kb) if hwm_kb != "nan" else usage.ru_maxrss
    return {"seconds": float(seconds), "outcome": outcome, "peak_gb": peak_kb * 1024 / 1e9,
            "ru_maxrss_gb": usage.ru_maxrss * 1024 / 1e9, "exit": child.returncode}


def write_failing(clean: Path, kind: str) -> Path:
    """A copy of ``clean`` whose last line has a bad amount or repeats an earlier line."""
    lines = clean.read_bytes().splitlines(keepends=True)
    if kind == "bad last cell":
        cells = lines[-1].rstrip(b"\r\n").split(b",")
        lines[-1] = b",".join([*cells[:-1], b"12x5"]) + b"\n"
    else:  # a duplicated last line: the first data line once more
        lines.append(lines[1])
    path = clean.with_name(clean.stem + "_" + kind.replace(" ", "_") + ".csv")
    path.write_bytes(b"".join(lines))
    return path


def failing_paths(tmp: Path, megabytes: float) -> tuple[list[dict], bool]:
    """Peak memory and time of the clean and failing paths on a file of ``megabytes`` MB."""
    clean = tmp / "clean.csv"
    rows = int(megabytes * 1e6 / 25.5)  # about 25.5 bytes a line with a year column
    write_regional_csv(clean, rows, 5, seed=2)
    results, failed = [], False
    n_lines = sum(1 for _ in clean.open("rb"))
    for kind in ("clean", "bad last cell", "duplicated last line"):
        path = clean if kind == "clean" else write_failing(clean, kind)
        size_gb = path.stat().st_size / 1e9
        target = MEMORY_FACTOR * size_gb + MEMORY_EXTRA_GB
        res = run_child(path)
        line = n_lines + (1 if kind == "duplicated last line" else 0)
        named = kind == "clean" and res["outcome"] == "read" or f"line {line}" in res["outcome"]
        passed = res["peak_gb"] <= target and named and res["exit"] == 0
        failed |= not passed
        results.append({"file": kind, "file_mb": round(path.stat().st_size / 1e6, 1),
                        **res, "target_gb": round(target, 3), "line_named": named,
                        "pass": passed})
    return results, failed


def write_wide(path: Path, columns: int, rows: int = 3) -> None:
    """A SYNTHETIC wide-layout CSV: ``rows`` regions x ``columns`` industries of small ints."""
    header = "region," + ",".join(f"C{k}" for k in range(columns)) + "\n"
    body = "".join(f"R{r}," + ",".join(str((r + k) % 97) for k in range(columns)) + "\n"
                   for r in range(rows))
    path.write_text(header + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--failing-mb", type=float, default=50.0,
                        help="size of the file of the failing-path runs (0: skip them)")
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
        if args.failing_mb > 0:
            memory, mem_failed = failing_paths(Path(tmp), args.failing_mb)
            failed |= mem_failed
            report["failing_paths"] = memory
            print(f"\n{'path (fresh process)':<22} {'MB':>5} {'s':>6} {'peak GB':>8} "
                  f"{'target GB':>9} {'pass':>4}  outcome")
            for res in memory:
                print(f"{res['file']:<22} {res['file_mb']:>5.0f} {res['seconds']:>6.2f} "
                      f"{res['peak_gb']:>8.2f} {'<= ' + format(res['target_gb'], '.2f'):>9} "
                      f"{'PASS' if res['pass'] else 'FAIL':>4}  {res['outcome'][:70]}")
        wide = Path(tmp) / "wide.csv"
        write_wide(wide, WIDE_COLUMNS)
        byod.read_regional_csv(wide)  # warm: imports and caches
        wall, cpu = [], []
        for _ in range(3):
            start_cpu = time.process_time()
            wall.append(time_it(byod.read_regional_csv, wide))
            cpu.append(time.process_time() - start_cpu)
        seconds, cpu_s = statistics.median(wall), statistics.median(cpu)
        wide_pass = seconds <= WIDE_TARGET_S
        failed |= not wide_pass
        report["wide_file"] = {"columns": WIDE_COLUMNS, "rows": 3, "seconds": seconds,
                               "cpu_seconds": cpu_s, "target_s": WIDE_TARGET_S,
                               "pass": wide_pass}
        print(f"\n{WIDE_COLUMNS:,}-column wide file: {seconds:.2f} s wall, {cpu_s:.2f} s CPU "
              f"(median of 3), target <= {WIDE_TARGET_S} s: {'PASS' if wide_pass else 'FAIL'}")
    report["load_1min_after"] = os.getloadavg()[0]
    print(f"seconds: median of {args.repeats} interleaved runs; cell-by-cell: one run of the "
          "reader used when a check fails; 1-minute load "
          f"{report['load_1min_before']:.2f} -> {report['load_1min_after']:.2f}")
    return finish(RESULTS, report, not args.no_write, failed)


if __name__ == "__main__":
    raise SystemExit(main())
