"""What every benchmark script shares: writing its JSON report and its exit status."""

from __future__ import annotations

import json
from pathlib import Path


def finish(path: Path, report: dict, write: bool, failed: bool) -> int:
    """Write ``report`` as JSON to ``path`` (unless ``write`` is false); return the exit code."""
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 1 if failed else 0
