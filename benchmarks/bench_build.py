"""Benchmark the strict build: consecutive clean builds, the slowest notebook, a no-change rebuild.

Each clean build runs ``jupyter-book build`` into a fresh output folder (every notebook
executed); the rebuild then runs again into the last folder with nothing edited. For every
build it records wall time, CPU time of the build and its kernels (user + system, from the
children's resource usage), the 1-minute load average before and after (the machine may be
shared), and each notebook's execution time as myst-nb logs it ("Executed notebook in N
seconds"). Figures are printed beside their targets; ``benchmarks/results/build.json``
keeps them.

Usage::

    python benchmarks/bench_build.py              # 5 clean builds + 1 rebuild
    python benchmarks/bench_build.py --builds 1   # a quick look
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchcommon import finish  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "build.json"
BUILD_FLAGS = ["-W", "-n", "--keep-going", "--builder", "html"]
TARGETS = {"clean_build_s": 60.0, "slowest_notebook_s": 20.0, "rebuild_s": 10.0}
EXECUTED = re.compile(r"book/(\S+?)\.\w+: Executed notebook in ([0-9.]+) seconds")


def run_build(output: Path) -> dict:
    """Build the book into ``output``; return wall and CPU seconds, load and notebook times."""
    exe = Path(sys.executable).with_name("jupyter-book")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.run(
        [str(exe), "build", str(ROOT), "--path-output", str(output), *BUILD_FLAGS],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    log = proc.stdout + proc.stderr
    notebooks = {name: float(sec) for name, sec in EXECUTED.findall(log)}
    return {
        "ok": proc.returncode == 0,
        "wall_s": round(wall, 1),
        "cpu_s": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 1),
        "load_1min_before": round(load_before, 2),
        "load_1min_after": round(os.getloadavg()[0], 2),
        "notebooks_s": notebooks,
        "slowest_notebook": max(notebooks.items(), key=lambda kv: kv[1], default=("-", 0.0)),
        "tcp_warnings": log.count("Kernel is running over TCP"),
    }


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=5, help="consecutive clean builds")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)

    report: dict[str, object] = {
        "benchmark": "jupyter-book build -W -n --keep-going (every notebook executed)",
        "targets": TARGETS,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "clean": [],
    }
    print(f"{'build':<10} {'wall s':>7} {'cpu s':>6} {'load':>11} {'slowest notebook':>34}"
          f"  {'targets: wall <= 60, notebook <= 20':>36}")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for i in range(args.builds):
            out = Path(tmp) / f"clean{i}"
            res = run_build(out)
            report["clean"].append(res)
            name, slowest = res["slowest_notebook"]
            ok = res["ok"] and res["wall_s"] <= TARGETS["clean_build_s"]
            ok &= slowest <= TARGETS["slowest_notebook_s"]
            failed |= not ok
            print(f"clean {i + 1:<4} {res['wall_s']:7.1f} {res['cpu_s']:6.1f} "
                  f"{res['load_1min_before']:5.2f}->{res['load_1min_after']:<5.2f}"
                  f" {name[-26:]:>26} {slowest:6.1f} s  "
                  f"{'PASS' if ok else 'FAIL':>36}"
                  + ("" if res["ok"] else "  (build failed)"))
        res = run_build(out)
        report["rebuild"] = res
        ok = res["ok"] and res["wall_s"] <= TARGETS["rebuild_s"]
        failed |= not ok
        print(f"{'rebuild':<10} {res['wall_s']:7.1f} {res['cpu_s']:6.1f} "
              f"{res['load_1min_before']:5.2f}->{res['load_1min_after']:<5.2f}"
              f"{'':>35}  {'wall <= 10: ' + verdict(res['wall_s'], TARGETS['rebuild_s']):>36}")
    warnings = sum(r["tcp_warnings"] for r in report["clean"])
    print(f"kernel TCP warnings in the clean build logs: {warnings} (target 0)")
    failed |= warnings > 0
    print("cpu s: user + system time of the build and its kernels; load: 1-minute load average "
          "before -> after (2 cores; other work on the machine shows here)")
    return finish(args.json, report, not args.no_write, failed)


if __name__ == "__main__":
    raise SystemExit(main())
