"""Benchmark the strict build: consecutive clean builds, the slowest notebook, a no-change rebuild.

Each clean build runs ``jupyter-book build`` into a fresh output folder (every notebook
executed); the rebuild then runs again into the last folder with nothing edited. For every
build it records wall time, CPU time of the build and its kernels (user + system, from the
children's resource usage), the 1-minute load average before and after (the machine may be
shared), each notebook's execution time as myst-nb logs it ("Executed notebook in N
seconds"), how many notebooks were executed and how many build processes read the pages.
Before the builds it times the import a chapter kernel does first (``helpers.charts`` and
friends), which is paid once per notebook. Figures are printed beside their targets;
``benchmarks/results/build.json`` keeps them.

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

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchcommon import finish  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "build.json"
BUILD_FLAGS = ["-W", "-n", "--keep-going", "--builder", "html"]
TARGETS = {"clean_build_s": 60.0, "slowest_notebook_s": 20.0, "rebuild_s": 10.0}
EXECUTED = re.compile(r"book/(\S+?)\.\w+: Executed notebook in ([0-9.]+) seconds")
PROCESSES = re.compile(r"kunshan: (\d+) build processes")
KERNEL_IMPORT = (
    "import time; t = time.process_time(); "
    "from myst_nb import glue; from helpers import charts, data, metrics, tables, widgets; "
    "print(time.process_time() - t)"
)


def execution_mode(config: Path = ROOT / "_config.yml") -> str:
    """The notebook execution mode the book's configuration asks for."""
    cfg = yaml.safe_load(config.read_text(encoding="utf-8"))
    mode = (cfg.get("sphinx", {}).get("config", {}) or {}).get("nb_execution_mode")
    return str(mode or cfg.get("execute", {}).get("execute_notebooks", "auto"))


def kernel_import_cpu(repeat: int = 3) -> float:
    """Least CPU seconds, over ``repeat`` fresh interpreters, of a chapter's first imports."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "KUNSHAN_STATIC_BUILD": "1"}
    runs = [
        float(subprocess.run([sys.executable, "-c", KERNEL_IMPORT], capture_output=True,
                             text=True, check=True, env=env).stdout)
        for _ in range(repeat)
    ]
    return round(min(runs), 2)


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
    processes = PROCESSES.search(log)
    return {
        "ok": proc.returncode == 0,
        "wall_s": round(wall, 1),
        "cpu_s": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 1),
        "load_1min_before": round(load_before, 2),
        "load_1min_after": round(os.getloadavg()[0], 2),
        "build_processes": int(processes.group(1)) if processes else None,
        "notebooks_executed": len(notebooks),
        "notebooks_s": notebooks,
        "slowest_notebook": max(notebooks.items(), key=lambda kv: kv[1], default=("-", 0.0)),
        "tcp_warnings": log.count("Kernel is running over TCP"),
        "log_tail": "" if proc.returncode == 0 else log[-3000:],
    }


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def row(label: str, res: dict, note: str) -> str:
    load = f"{res['load_1min_before']:5.2f}->{res['load_1min_after']:<5.2f}"
    failed = "" if res["ok"] else "  (build failed)"
    return f"{label:<10} {res['wall_s']:7.1f} {res['cpu_s']:6.1f} {load} {note}{failed}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=5, help="consecutive clean builds (5)")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    parser.add_argument("--json", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    if args.builds < 1:
        parser.error(f"--builds must be at least 1, got {args.builds}")

    report: dict[str, object] = {
        "benchmark": "jupyter-book build -W -n --keep-going (every notebook executed)",
        "targets": TARGETS,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "execution_mode": execution_mode(),
        "kernel_import_cpu_s": kernel_import_cpu(),
        "clean": [],
    }
    print(f"notebook execution mode: {report['execution_mode']}; {os.cpu_count()} CPUs; "
          f"a chapter kernel's first imports: {report['kernel_import_cpu_s']:.2f} s CPU "
          "(least of 3, paid once per notebook)")
    print(f"{'build':<10} {'wall s':>7} {'cpu s':>6} {'load':>11} {'slowest notebook'}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for i in range(args.builds):
            out = Path(tmp) / f"clean{i}"
            res = run_build(out)
            report["clean"].append(res)
            name, slowest = res["slowest_notebook"]
            print(row(f"clean {i + 1}", res, f"{name} {slowest:.1f} s "
                      f"({res['notebooks_executed']} notebooks, {res['build_processes']} "
                      "build processes)"), flush=True)
        rebuild = run_build(out)
        report["rebuild"] = rebuild
        print(row("rebuild", rebuild, f"{rebuild['notebooks_executed']} notebooks executed"))

    clean = report["clean"]
    worst_wall = max(r["wall_s"] for r in clean)
    name, slowest = max((r["slowest_notebook"] for r in clean), key=lambda kv: kv[1])
    warnings = sum(r["tcp_warnings"] for r in clean)
    all_ok = all(r["ok"] for r in clean)
    checks = [
        ("clean_build", f"clean build, worst of {len(clean)}: {worst_wall:.1f} s wall",
         "<= 60 s", all_ok and worst_wall <= TARGETS["clean_build_s"]),
        ("slowest_notebook", f"slowest notebook in them: {name} {slowest:.1f} s",
         "<= 20 s", all_ok and slowest <= TARGETS["slowest_notebook_s"]),
        ("rebuild", f"no-change rebuild: {rebuild['wall_s']:.1f} s wall, "
         f"{rebuild['notebooks_executed']} notebooks executed",
         "<= 10 s", rebuild["ok"] and rebuild["wall_s"] <= TARGETS["rebuild_s"]),
        ("tcp_warnings", f"kernel TCP warnings in the clean builds: {warnings}", "0",
         warnings == 0),
    ]
    for _, figure, target, ok in checks:
        print(f"  {figure:<62} target {target:<8} {verdict(ok)}")
    report["pass"] = {key: ok for key, *_, ok in checks}
    print("cpu s: user + system time of the build and its kernels; load: 1-minute load average "
          "before -> after (2 cores: above 2, the build did not have the machine to itself)")
    return finish(args.json, report, not args.no_write, not all(ok for *_, ok in checks))


if __name__ == "__main__":
    raise SystemExit(main())
