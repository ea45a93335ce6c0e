"""Run every benchmark and print each figure beside its target (``make bench``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    status = 0
    for script in [
        "bench_site.py",
        "bench_build.py",
        "bench_firm_concentration.py",
        "bench_byod.py",
        "bench_complexity.py",
        "bench_asif.py",
        "bench_live.py",
        "bench_io_null.py",
    ]:
        print(f"\n=== {script} ===", flush=True)
        status |= subprocess.call([sys.executable, str(HERE / script)])
    return status


if __name__ == "__main__":
    raise SystemExit(main())
