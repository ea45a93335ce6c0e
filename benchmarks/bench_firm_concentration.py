"""Benchmark helpers.metrics.firm_concentration against DuckDB SQL on a SYNTHETIC firm panel.

Two grouping shapes of the same panel, measured in one run:

* ``year x industry``: 360 large groups (10 years x 36 industries);
* ``county x year x industry``: about 1 M groups of about 4 firms (2,800 counties), the
  county-level ASIF case.

For each size and shape, two fresh subprocesses (one per engine) generate the same
SYNTHETIC panel (:func:`county_panel`, seeded), then time HHI + CR4 (median of
``--repeats`` runs) and measure the peak RSS *increase* over the post-generation baseline
(Linux: VmHWM after resetting it through /proc/self/clear_refs; elsewhere a psutil sampler)
and the process's absolute peak. The parent checks that the two results agree (relative
1e-9) and writes ``benchmarks/results/firm_concentration.json``.

Usage::

    python benchmarks/bench_firm_concentration.py             # 4,000,000 rows, both shapes
    python benchmarks/bench_firm_concentration.py --quick     # 200,000 rows, for a smoke test
    python benchmarks/bench_firm_concentration.py --rows 1000000 4000000
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchcommon import finish  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "firm_concentration.json"
TARGET_RATIO = 1.0
TARGET_PEAK_MB = 1024.0
K = 4
SHAPES = {
    "year x industry": ["year", "industry"],
    "county x year x industry": ["county", "year", "industry"],
}


def duckdb_sql(keys: list[str]) -> str:
    """HHI, CRk, firm count and total per group, with a row_number window for the top k."""
    cols = ", ".join(keys)
    return f"""
WITH ranked AS (
    SELECT {cols}, output,
           row_number() OVER (PARTITION BY {cols} ORDER BY output DESC) AS rnk
    FROM firms
)
SELECT {cols},
       sum(output * output) / (sum(output) * sum(output)) AS hhi,
       sum(output) FILTER (WHERE rnk <= {K}) / sum(output) AS cr{K},
       count(*) AS n_firms,
       sum(output) AS total
FROM ranked
GROUP BY {cols}
ORDER BY {cols}
"""


def county_panel(rows: int, seed: int = 0) -> pd.DataFrame:
    """A SYNTHETIC firm-year table: county (2,800), year (10), industry (36), output.

    Keys are drawn uniformly, so county x year x industry cells hold about ``rows / 1e6``
    firms each (Poisson: many of one firm, a few of ten); output is lognormal with a heavy
    tail (sigma 1.6), rounded to 0.1 so that ties occur. NOT real data.
    """
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "county": rng.integers(0, 2_800, rows),
            "year": 1998 + rng.integers(0, 10, rows),
            "industry": 13 + rng.integers(0, 36, rows),
            "output": np.round(np.exp(rng.normal(9.0, 1.6, rows)), 1),
        }
    )


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


def _make_helpers_runner(keys: list[str]):
    from helpers.metrics import firm_concentration

    def run(firms: pd.DataFrame) -> pd.DataFrame:
        return firm_concentration(firms, by=keys, value="output", k=K)

    return run


def _make_duckdb_runner(keys: list[str]):
    import duckdb

    con = duckdb.connect()
    sql = duckdb_sql(keys)

    def run(firms: pd.DataFrame) -> pd.DataFrame:
        con.register("firms", firms)
        try:
            return con.sql(sql).df().set_index(keys)
        finally:
            con.unregister("firms")

    threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
    return run, int(threads)


def worker(engine: str, shape: str, rows: int, repeats: int, out: Path) -> None:
    """Generate the panel, time one engine, print a JSON line, pickle the last result."""
    firms = county_panel(rows, seed=0)
    keys = SHAPES[shape]
    info: dict[str, object] = {"engine": engine, "shape": shape, "rows": rows}
    if engine == "helpers":
        run = _make_helpers_runner(keys)
    else:
        run, info["duckdb_threads"] = _make_duckdb_runner(keys)
    times, cpu = [], []
    with PeakRSS() as mem:
        for _ in range(repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = run(firms)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)  # all threads of the process
    info.update(
        times_s=times,
        median_s=statistics.median(times),
        median_cpu_s=statistics.median(cpu),
        baseline_mb=mem.baseline_kb / 1024,
        peak_increase_mb=mem.increase_mb,
        peak_mb=mem.peak_kb / 1024,
        memory_method=mem.method,
        n_groups=len(result),
    )
    with open(out, "wb") as fh:
        pickle.dump(result, fh)
    print(json.dumps(info))


# --------------------------------------------------------------------------- driver


def _spawn(engine: str, shape: str, rows: int, repeats: int, out: Path) -> dict:
    cmd = [sys.executable, __file__, "--worker", engine, "--shape", shape, "--rows", str(rows)]
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
        "allclose": bool(np.allclose(a[cols].to_numpy(), b[cols].to_numpy(), rtol=1e-9, atol=0)),
        "max_abs_diff_hhi": float(np.abs(a["hhi"] - b["hhi"]).max()),
        "max_abs_diff_cr": float(np.abs(a[f"cr{K}"] - b[f"cr{K}"]).max()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", help="panel sizes (default 4e6)")
    parser.add_argument("--quick", action="store_true", help="one small size (200,000 rows)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per engine")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    parser.add_argument("--worker", choices=["helpers", "duckdb"], help=argparse.SUPPRESS)
    parser.add_argument("--shape", choices=list(SHAPES), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        worker(args.worker, args.shape, args.rows[0], args.repeats, args.out)
        return 0

    sizes = args.rows or ([200_000] if args.quick else [4_000_000])
    import duckdb

    report: dict[str, object] = {
        "benchmark": f"firm_concentration(by=<shape>, value='output', k={K}) vs DuckDB SQL "
        "(row_number window), SYNTHETIC county panel seed 0",
        "target": f"ratio helpers/duckdb <= {TARGET_RATIO}, same results to 1e-9, "
        f"helpers peak RSS < {TARGET_PEAK_MB:.0f} MB",
        "repeats": args.repeats,
        "load_1min_before": os.getloadavg()[0],
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
        f"{'rows':>10} {'shape':>24} {'groups':>8} {'helpers s':>9} {'duckdb s':>8} "
        f"{'ratio':>5} {'target':>6} {'cpu s h/d':>11} {'helpers MB':>10} {'duckdb MB':>9} "
        f"{'agree':>5} {'pass':>4}"
    )
    print(header)
    print("-" * len(header))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            for shape in SHAPES:
                res = {}
                frames = {}
                for engine in ("helpers", "duckdb"):
                    out = Path(tmp) / f"{engine}_{rows}.pkl"
                    res[engine] = _spawn(engine, shape, rows, args.repeats, out)
                    with open(out, "rb") as fh:
                        frames[engine] = pickle.load(fh)  # noqa: S301 (our own temp file)
                check = _compare(frames["helpers"], frames["duckdb"])
                ratio = res["helpers"]["median_s"] / res["duckdb"]["median_s"]
                agree = check["allclose"] and check["same_groups"] and check["n_firms_equal"]
                peak = res["helpers"]["peak_mb"]
                passed = ratio <= TARGET_RATIO and agree and peak < TARGET_PEAK_MB
                failed |= not passed
                print(
                    f"{rows:>10,} {shape:>24} {res['helpers']['n_groups']:>8,}"
                    f" {res['helpers']['median_s']:>9.3f} {res['duckdb']['median_s']:>8.3f}"
                    f" {ratio:>5.2f} {'<= ' + str(TARGET_RATIO):>6}"
                    f" {res['helpers']['median_cpu_s']:>5.2f}/{res['duckdb']['median_cpu_s']:<5.2f}"
                    f" {peak:>10.0f} {res['duckdb']['peak_mb']:>9.0f} {str(agree):>5}"
                    f" {'PASS' if passed else 'FAIL':>4}"
                )
                report["results"].append(
                    {
                        "rows": rows,
                        "shape": shape,
                        "helpers": res["helpers"],
                        "duckdb": res["duckdb"],
                        "ratio": ratio,
                        "pass": passed,
                        "agreement": check,
                    }
                )
    report["load_1min_after"] = os.getloadavg()[0]
    print(
        "seconds: median of the timed runs (cpu s: CPU time of all threads, helpers/duckdb); "
        "MB: peak RSS of the process (panel included; "
        f"target < {TARGET_PEAK_MB:.0f} MB for helpers); one fresh process per engine, shape "
        f"and size; DuckDB threads: {res['duckdb'].get('duckdb_threads')}; 1-minute load "
        f"{report['load_1min_before']:.2f} -> {report['load_1min_after']:.2f}"
    )
    return finish(RESULTS, report, not args.no_write, failed)


if __name__ == "__main__":
    raise SystemExit(main())
