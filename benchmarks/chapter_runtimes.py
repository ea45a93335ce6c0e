"""How long each page takes to run in a live notebook: a fresh kernel, then Run All.

This is what a student waits for after opening a chapter in Binder or ``make lab`` and
choosing *Run -> Run All Cells* (the kernel's start is included; the browser's drawing is
not). Pages run one after another, each in its own kernel, as nbclient runs them in
``tests/test_notebooks.py``. Writes ``benchmarks/results/chapter_runtimes.json``, which the
instructors' page and the README read (``helpers.pages.chapter_runtimes``).

Usage: ``python benchmarks/chapter_runtimes.py [--no-write]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "src"))

from benchcommon import finish  # noqa: E402

from helpers import pages  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "chapter_runtimes.json"


def run_one(path: Path) -> float:
    """Seconds from starting a kernel to the end of Run All for the page at ``path``."""
    import jupytext
    from nbclient import NotebookClient

    notebook = jupytext.read(path)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Run every notebook page once; write the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    import kunshan_kernels

    kunshan_kernels.install()
    seconds = {}
    load = os.getloadavg()[0]
    for path in pages.toc_sources(ROOT):
        if "kernelspec:" not in path.read_text(encoding="utf-8"):
            continue
        seconds[path.stem] = round(run_one(path), 1)
        print(f"{path.stem:28} {seconds[path.stem]:6.1f} s")
    report = {
        "benchmark": "fresh kernel + Run All per page (nbclient), pages one after another",
        "measured": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "load_1min_before": round(load, 2)},
        "seconds": seconds,
    }
    return finish(OUT, report, write=not args.no_write, failed=False)


if __name__ == "__main__":
    raise SystemExit(main())
