"""Fuzz byod's two CSV readers against each other on generated files (issue 21, item 10).

Generates ``--files`` distinct regional CSV files (default 2,500; the generator is
``tests/hostile_csv.py``, shared with the property test in ``tests/test_hostile_readers.py``,
which runs a few hundred of them in the test suite) and reads each with the public reader
(``read_regional_csv``: Arrow first, the line-by-line reader when a check fails) and with the
line-by-line reader alone. Both must return the same matrix (``assert_frame_equal`` and the
same ``attrs``) or the same error message. Prints the counts and writes
``benchmarks/results/fuzz_byod.json``; exits 1 on any disagreement.

Usage::

    python benchmarks/fuzz_byod.py               # 2,500 files
    python benchmarks/fuzz_byod.py --files 300   # a quick look
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, Phase, given, seed, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchcommon import finish  # noqa: E402
from hostile_csv import NAMES, csv_texts, read_both  # noqa: E402

from helpers import byod  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "fuzz_byod.json"


def compare(path: Path) -> tuple[str, str | None]:
    """Read ``path`` with both readers; return (outcome, disagreement or None)."""
    fast_taken = byod._read_fast(path, *NAMES) is not None
    public, checked = read_both(path)
    if isinstance(public, str) or isinstance(checked, str):
        if isinstance(public, str) and isinstance(checked, str) and public == checked:
            return "error", None
        return "error", f"public: {public!r}\nchecked: {checked!r}"
    try:
        pd.testing.assert_frame_equal(public, checked)
        assert public.attrs == checked.attrs, (public.attrs, checked.attrs)
    except AssertionError as err:
        return "matrix", str(err)
    return ("fast matrix" if fast_taken else "checked matrix"), None


class _EnoughFilesError(Exception):
    """Raised to stop generating once enough distinct files were read."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=0, help="Hypothesis seed (reproducible)")
    parser.add_argument("--no-write", action="store_true", help="do not write the JSON")
    args = parser.parse_args(argv)

    counts: dict[str, int] = {}
    texts: set[str] = set()
    failures: list[dict[str, str]] = []
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"

        @settings(max_examples=20 * args.files, deadline=None, database=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @seed(args.seed)
        @given(text=csv_texts())
        def run(text: str) -> None:
            if text in texts:
                return
            if len(texts) == args.files:
                raise _EnoughFilesError
            texts.add(text)
            path.write_bytes(text.encode("utf-8"))
            outcome, problem = compare(path)
            counts[outcome] = counts.get(outcome, 0) + 1
            if problem is not None:
                failures.append({"file": text, "problem": problem})

        try:
            run()
        except _EnoughFilesError:
            pass
    seconds = time.perf_counter() - start
    total = sum(counts.values())
    print(f"seed {args.seed}: {total:,} distinct generated files in {seconds:.1f} s: "
          + ", ".join(f"{n:,} {k}" for k, n in sorted(counts.items()))
          + f"; disagreements {len(failures)} (target 0): "
          + ("PASS" if not failures else "FAIL"))
    for failure in failures[:5]:
        print(repr(failure["file"]))
        print(failure["problem"])
    report = {
        "benchmark": "byod: read_regional_csv vs the line-by-line reader on generated CSV files",
        "target": "0 disagreements",
        "files": total,
        "seed": args.seed,
        "distinct_files": len(texts),
        "outcomes": counts,
        "disagreements": len(failures),
        "examples": failures[:5],
        "seconds": round(seconds, 1),
    }
    return finish(RESULTS, report, not args.no_write, bool(failures))


if __name__ == "__main__":
    raise SystemExit(main())
