"""Run pages of the book in a kernel and list the English left in their charts (issue 24).

For work on the Chinese edition without building the site: each page (a MyST notebook,
e.g. ``book/zh/ch04_origins.md``) runs top to bottom in a fresh kernel, as the build
runs it; every chart output (the chart MIME type of :mod:`helpers.chart_contract`) is
read back and its reader-visible texts (:func:`helpers.charts.visible_texts`) are checked
for English words (``tests/zhcheck.py``'s rule).

Usage::

    python scripts/zh_chart_check.py book/zh/ch04_origins.md [more pages]

Prints each chart's English-left texts and exits 1 if any chart has some (or a page
fails to run).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def chart_texts(page: Path) -> list[tuple[int, list[str]]]:
    """Run ``page`` and return ``(cell number, visible texts)`` of each chart it draws."""
    import jupytext
    from nbclient import NotebookClient

    from helpers.chart_contract import CHART_MIME, read_payload
    from helpers.charts import visible_texts
    from helpers.charts.live import STATIC_BUILD_ENV

    notebook = jupytext.read(page)
    os.environ[STATIC_BUILD_ENV] = "1"  # the kernel draws charts as the site's build does
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(page.parent)}}).execute()
    out = []
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            content = output.get("data", {}).get(CHART_MIME)
            if content is not None:
                payload = read_payload(content, where=f"{page.name} cell {number}")
                out.append((number, visible_texts(payload.spec)))
    return out


def main(argv: list[str] | None = None) -> int:
    """Check each page named on the command line; 1 if English is left in a chart."""
    from zhcheck import english_left

    pages = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    if not pages:
        print(__doc__)
        return 2
    bad = 0
    for page in pages:
        charts = chart_texts(page)
        print(f"{page}: {len(charts)} chart(s)")
        for number, texts in charts:
            left = english_left(texts)
            bad += bool(left)
            for text in left:
                print(f"  cell {number}: {text!r}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
