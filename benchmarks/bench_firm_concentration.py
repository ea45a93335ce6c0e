"""Benchmark helpers.metrics.firm_concentration against DuckDB SQL on a SYNTHETIC firm panel.

For each size, two fresh subprocesses (one per engine) generate the same
``synthetic_firm_panel(rows, seed=0)``, then time HHI + CR4 by industry x year (median of
``--repeats`` runs) and measure the peak RSS *increase* over the post-generation baseline
(Linux: VmHWM after resetting it through /proc/self/clear_refs; elsewhere a psutil sampler).
The parent checks that the two results agree and writes
``benchmarks/results/firm_concentration.json``.

Usage::

    python benchmarks/bench_firm_concentration.py             # 1,000,000 and 4,000,000 rows
    python benchmarks/bench_firm_concentration.py --quick     # 200,000 rows, for a smoke test
    python benchmarks/bench_firm_concentration.py --rows 2000000
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

RESULTS = Path(__file__).resolve().parent / "results" / "firm_concentration.json"
TARGET_RATIO = 1.5
K = 4

DUCKDB_SQL = f"""
WITH ranked AS (
    SELECT industry, year, output,
           row_number() OVER (PARTITION BY industry, year ORDER BY output DESC) AS rnk
    FROM firms
)
SELECT industry, year,
       sum(output * output) / (sum(output) * sum(output)) AS hhi,
       sum(output) FILTER (WHERE rnk <= {K}) / sum(output) AS cr{K},
       count(*) AS n_firms,
       sum(output) AS total
FROM ranked
GROUP BY industry, year
ORDER BY industry, year
"""


# --------------------------------------------------------------------------- memory


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class PeakRSS:
    """Peak resident memory of this process during a block, in MB."""

    def __init__(self) -> None:
        self.method = "VmHWM (clear_refs)"
        self._stop = threading.Event()
        self._peak = 0

    def __enter__(self) -> PeakRSS:
        gc.collect()
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
                fh.write("5")  # resets VmHWM to the current RSS (Linux >= 4.0)
            self.baseline_kb = _status_kb("VmRSS")
        except OSError:
            import psutil

            self.method = "psutil sampling (5 ms)"
            proc = psutil.Process()
            self.baseline_kb = proc.memory_info().rss // 1024
            self._peak = self.baseline_kb

            def sample() -> None:
                while not self._stop.is_set():
                    self._peak = max(self._peak, proc.memory_info().rss // 1024)
                    time.sleep(0.005)

            self._thread = threading.Thread(target=sample, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.method.startswith("VmHWM"):
            self.peak_kb = _status_kb("VmHWM")
        else:
            self._stop.set()
            self._thread.join()
            self.peak_kb = self._peak

    @property
    def increase_mb(self) -> float:
        return (self.peak_kb - self.baseline_kb) / 1024


# --------------------------------------------------------------------------- workers


def _run_helpers(firms: pd.DataFrame) -> pd.DataFrame:
    from helpers.metrics import firm_concentration

    return firm_concentration(firms, by=["industry", "year"], value="output", k=K)


def _make_duckdb_runner():
    import duckdb

    con = duckdb.connect()

    def run(firms: pd.DataFrame) -> pd.DataFrame:
        con.register("firms", firms)
        try:
            return con.sql(DUCKDB_SQL).df().set_index(["industry", "year"])
        finally:
            con.unregister("firms")

    threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
    return run, int(threads)


def worker(engine: str, rows: int, repeats: int, out: Path) -> None:
    """Generate the panel, time one engine, print a JSON line, pickle the last result."""
    from helpers.synthetic import synthetic_firm_panel

    firms = synthetic_firm_panel(rows, seed=0)
    info: dict[str, object] = {"engine": engine, "rows": rows}
    if engine == "helpers":
        run = _run_helpers
    else:
        run, info["duckdb_threads"] = _make_duckdb_runner()
    times = []
    with PeakRSS() as mem:
        for _ in range(repeats):
            start = time.perf_counter()
            result = run(firms)
            times.append(time.perf_counter() - start)
    info.update(
        times_s=times,
        median_s=statistics.median(times),
        baseline_mb=mem.baseline_kb / 1024,
        peak_increase_mb=mem.increase_mb,
        memory_method=mem.method,
        n_groups=len(result),
    )
    with open(out, "wb") as fh:
        pickle.dump(result, fh)
    print(json.dumps(info))


# --------------------------------------------------------------------------- driver


def _spawn(engine: str, rows: int, repeats: int, out: Path) -> dict:
    cmd = [sys.executable, __file__, "--worker", engine, "--rows", str(rows)]
    cmd += ["--repeats", str(repeats), "--out", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} worker failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _compare(a: pd.DataFrame, b: pd.DataFrame) -> dict:
    b = b.reindex(a.index)
    cols = ["hhi", f"cr{K}", "total"]
    return {
        "same_groups": bool(len(a) == len(b) and b.notna().all().all()),
        "n_firms_equal": bool((a["n_firms"].to_numpy() == b["n_firms"].to_numpy()).all()),
        "allclose": bool(np.allclose(a[cols].to_numpy(), b[cols].to_numpy(), rtol=1e-9)),
        "max_abs_diff_hhi": float(np.abs(a["hhi"] - b["hhi"]).max()),
        "max_abs_diff_cr": float(np.abs(a[f"cr{K}"] - b[f"cr{K}"]).max()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", help="panel sizes (default 1e6 4e6)")
    parser.add_argument("--quick", action="store_true", help="one small size (200,000 rows)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per engine")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    parser.add_argument("--worker", choices=["helpers", "duckdb"], help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        worker(args.worker, args.rows[0], args.repeats, args.out)
        return 0

    sizes = args.rows or ([200_000] if args.quick else [1_000_000, 4_000_000])
    import duckdb

    report: dict[str, object] = {
        "benchmark": "firm_concentration(by=['industry','year'], value='output', k=4) "
        "vs DuckDB SQL (row_number window), SYNTHETIC panel seed 0",
        "target": f"ratio helpers/duckdb <= {TARGET_RATIO}",
        "repeats": args.repeats,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "pandas": pd.__version__,
            "numpy": np.__version__,
            "duckdb": duckdb.__version__,
        },
        "results": [],
    }
    header = (
        f"{'rows':>10} {'helpers s':>10} {'duckdb s':>9} {'ratio':>6} {'target':>12} "
        f"{'pass':>5} {'helpers MB':>10} {'duckdb MB':>9} {'agree':>6}"
    )
    print(header)
    print("-" * len(header))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            res = {}
            frames = {}
            for engine in ("helpers", "duckdb"):
                out = Path(tmp) / f"{engine}_{rows}.pkl"
                res[engine] = _spawn(engine, rows, args.repeats, out)
                with open(out, "rb") as fh:
                    frames[engine] = pickle.load(fh)  # noqa: S301 (our own temp file)
            check = _compare(frames["helpers"], frames["duckdb"])
            ratio = res["helpers"]["median_s"] / res["duckdb"]["median_s"]
            agree = check["allclose"] and check["same_groups"] and check["n_firms_equal"]
            passed = ratio <= TARGET_RATIO and agree
            failed |= not passed
            print(
                f"{rows:>10,} {res['helpers']['median_s']:>10.3f} {res['duckdb']['median_s']:>9.3f}"
                f" {ratio:>6.2f} {'ratio <= 1.5':>12} {'PASS' if passed else 'FAIL':>5}"
                f" {res['helpers']['peak_increase_mb']:>10.0f}"
                f" {res['duckdb']['peak_increase_mb']:>9.0f} {str(agree):>6}"
            )
            report["results"].append(
                {
                    "rows": rows,
                    "helpers": res["helpers"],
                    "duckdb": res["duckdb"],
                    "ratio": ratio,
                    "pass": passed,
                    "agreement": check,
                }
            )
    print(
        "seconds: median of the timed runs; MB: peak RSS increase over the baseline after "
        "generating the panel (one fresh process per engine and size)"
    )
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
