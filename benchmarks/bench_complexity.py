"""Benchmark helpers.metrics eci + pci + coi + cog against ecomplexity's full run (SYNTHETIC).

One seeded table of 2,000 regions x 400 industries (skewed amounts, a fifth of the cells
zero) is given to both in the long form that ecomplexity takes. Timed, after one untimed
warm-up run each, median of ``--repeats`` runs in this process:

* helpers: ``metrics.to_matrix`` on the long table, then ``eci``, ``pci``, ``coi`` and
  ``cog`` called one after the other (each recomputes presence and the eigenvector);
* ecomplexity 0.5.3: ``ecomplexity(long, cols)`` with its defaults (which include its
  log-supermodularity check), and again with ``check_logsupermodularity=False``.

The script checks that the two agree (ECI, PCI, COI, COG) and writes
``benchmarks/results/complexity.json``. Target: helpers / ecomplexity <= 0.5 (issue 10).

Usage::

    python benchmarks/bench_complexity.py            # 2000 x 400
    python benchmarks/bench_complexity.py --quick    # 300 x 80, for a smoke test
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import statistics
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

RESULTS = Path(__file__).resolve().parent / "results" / "complexity.json"
TARGET_RATIO = 0.5
COLS = {"time": "year", "loc": "region", "prod": "industry", "val": "value"}


def synthetic_long(n_regions: int, n_industries: int, seed: int = 0) -> pd.DataFrame:
    """SYNTHETIC long table: lognormal amounts, about a fifth of the cells zero."""
    rng = np.random.default_rng(seed)
    values = rng.lognormal(mean=0.0, sigma=1.5, size=(n_regions, n_industries))
    values[rng.random(values.shape) < 0.2] = 0.0
    values[:, 0] += 1.0
    values[0, :] += 1.0
    wide = pd.DataFrame(
        values,
        index=pd.Index([f"r{r:04d}" for r in range(n_regions)], name="region"),
        columns=pd.Index([f"i{i:03d}" for i in range(n_industries)], name="industry"),
    )
    long = wide.stack().rename("value").reset_index()
    long.insert(0, "year", 2000)
    return long


def run_helpers(long: pd.DataFrame) -> dict[str, object]:
    from helpers import metrics

    x = metrics.to_matrix(long, region="region", industry="industry", value="value")
    return {
        "eci": metrics.eci(x),
        "pci": metrics.pci(x),
        "coi": metrics.coi(x),
        "cog": metrics.cog(x),
    }


def run_ecomplexity(long: pd.DataFrame, **kwargs: object) -> pd.DataFrame:
    from ecomplexity import ecomplexity

    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ecomplexity(long, COLS, verbose=False, **kwargs)


def timed(fn, repeats: int) -> tuple[list[float], object]:
    """Run ``fn`` once untimed (imports, caches), then ``repeats`` timed runs."""
    times, result = [], fn()
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def agreement(ours: dict[str, object], theirs: pd.DataFrame) -> dict[str, float]:
    by_region = theirs.groupby("region")[["eci", "coi"]].first()
    by_industry = theirs.groupby("industry")["pci"].first()
    cog = theirs.pivot(index="region", columns="industry", values="cog")
    diffs = {
        "eci": ours["eci"] - by_region["eci"].reindex(ours["eci"].index),
        "pci": ours["pci"] - by_industry.reindex(ours["pci"].index),
        "coi": ours["coi"] - by_region["coi"].reindex(ours["coi"].index),
        "cog": ours["cog"] - cog.reindex(index=ours["cog"].index, columns=ours["cog"].columns),
    }
    return {f"max_abs_diff_{k}": float(np.nanmax(np.abs(np.asarray(v)))) for k, v in diffs.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 x 80 instead of 2000 x 400")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per engine")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    args = parser.parse_args(argv)

    from importlib.metadata import version

    import ecomplexity  # noqa: F401  (fail early if the peer is missing)

    shape = (300, 80) if args.quick else (2000, 400)
    long = synthetic_long(*shape, seed=0)
    ours_t, ours = timed(lambda: run_helpers(long), args.repeats)
    full_t, full = timed(lambda: run_ecomplexity(long), args.repeats)
    bare_t, _ = timed(lambda: run_ecomplexity(long, check_logsupermodularity=False), args.repeats)
    check = agreement(ours, full)
    agree = max(check.values()) < 1e-8

    med = {k: statistics.median(v) for k, v in (("helpers", ours_t), ("full", full_t),
                                               ("bare", bare_t))}
    ratio_full = med["helpers"] / med["full"]
    ratio_bare = med["helpers"] / med["bare"]
    passed = ratio_full <= TARGET_RATIO and agree

    print(f"table: {shape[0]} regions x {shape[1]} industries, SYNTHETIC seed 0, "
          f"median of {args.repeats} runs")
    print(f"{'run':<58} {'seconds':>8} {'ratio':>6} {'target':>8}")
    print(f"{'helpers: to_matrix + eci + pci + coi + cog':<58} {med['helpers']:>8.3f}")
    print(f"{'ecomplexity 0.5.3 full run (defaults)':<58} {med['full']:>8.3f} "
          f"{ratio_full:>6.3f} {'<= 0.5':>8} {'PASS' if passed else 'FAIL'}")
    print(f"{'ecomplexity without its log-supermodularity check':<58} {med['bare']:>8.3f} "
          f"{ratio_bare:>6.3f} {'(info)':>8}")
    print("agreement with ecomplexity:", ", ".join(f"{k} {v:.1e}" for k, v in check.items()))

    report = {
        "benchmark": "helpers.metrics to_matrix + eci + pci + coi + cog vs ecomplexity() on "
        f"the same long table, SYNTHETIC seed 0, {shape[0]} x {shape[1]}",
        "target": f"ratio helpers/ecomplexity full run <= {TARGET_RATIO}",
        "repeats": args.repeats,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "pandas": pd.__version__,
            "numpy": np.__version__,
            "ecomplexity": version("ecomplexity"),
            "load_average_1_5_15_min_at_end": list(os.getloadavg()),
        },
        "helpers": {"times_s": ours_t, "median_s": med["helpers"]},
        "ecomplexity_full": {"times_s": full_t, "median_s": med["full"]},
        "ecomplexity_no_logsupermodularity": {"times_s": bare_t, "median_s": med["bare"]},
        "ratio_full": ratio_full,
        "ratio_no_logsupermodularity": ratio_bare,
        "agreement": check,
        "pass": passed,
    }
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
