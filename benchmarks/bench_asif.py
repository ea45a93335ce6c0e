"""Time helpers.asif on a large SYNTHETIC ASIF-shaped panel: validation, each reader, figures.

Generates ``synthetic_asif_panel(firms_per_county=N, seed=0)`` (about 11.5 firm-years per
firm across three counties), writes it as CSV, Stata .dta and Parquet in a temporary
folder, and prints the median of ``--repeats`` runs of ``validate_asif`` on the frame, of
``read_asif`` on each file, and of the three one-call regenerations for one county. It has
no target; it prints figures so that a change to the reader can be compared.

Usage::

    python benchmarks/bench_asif.py                 # 100,000 firms per county (~1.15M rows)
    python benchmarks/bench_asif.py --firms 10000   # a quick run
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from helpers import asif, synthetic


def _median_seconds(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=100_000, help="firms per county")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    panel = synthetic.synthetic_asif_panel(firms_per_county=args.firms, seed=0)
    print(f"SYNTHETIC panel: {len(panel):,} firm-years, {args.firms:,} firms per county")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        panel.to_csv(folder / "p.csv", index=False)
        panel.to_stata(folder / "p.dta", write_index=False)
        panel.to_parquet(folder / "p.parquet")
        rows = [("validate_asif (DataFrame)",
                 _median_seconds(lambda: asif.validate_asif(panel), args.repeats))]
        for name in ["p.csv", "p.dta", "p.parquet"]:
            rows.append((f"read_asif {name}", _median_seconds(
                lambda name=name: asif.read_asif(folder / name), args.repeats)))
    validated = asif.validate_asif(panel)

    def figures() -> None:
        asif.division_shares(validated, "SYN01")
        asif.it_subsector_shares(validated, "SYN01")
        asif.manufacturing_hhi(validated, "SYN01")

    rows.append(("Figure 2 + Figure 3 + HHI, one county", _median_seconds(figures, args.repeats)))
    for label, seconds in rows:
        print(f"{label:40s} {seconds:8.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
