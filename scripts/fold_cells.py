"""Fold the solutions and hidden setup cells of the book's chapters for JupyterLab.

Rewrites each chapter (a MyST text notebook) in its canonical form: every solution in
cells of its own, those cells collapsed with JupyterLab's metadata
(``jupyter: {source_hidden: true, outputs_hidden: true}``), hidden setup cells
(``remove-input`` + ``remove-output``) collapsed too, each collapsed cell labelled on its
first line. Nothing else in the file changes. Idempotent: run it after editing or merging
chapters; ``tests/test_fold_cells.py`` fails while a chapter is not in this form.

Usage::

    python scripts/fold_cells.py            # rewrite every chapter of _toc.yml
    python scripts/fold_cells.py --check    # list chapters that are not folded; exit 1 if any
    python scripts/fold_cells.py book/ch05_specialisation.md
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "src"))

import kunshan_cells  # noqa: E402

from helpers import pages  # noqa: E402


def chapters() -> list[Path]:
    """Every page of ``_toc.yml`` that is a notebook (has a kernelspec)."""
    return [p for p in pages.toc_sources(ROOT) if "kernelspec:" in p.read_text(encoding="utf-8")]


def main(argv: list[str] | None = None) -> int:
    """Fold (or with ``--check`` only list) the chapters; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="chapters (default: all)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if unfolded")
    args = parser.parse_args(argv)
    files = args.files or chapters()
    changed = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            new = kunshan_cells.canonical_text(text)
        except ValueError as err:
            raise SystemExit(f"{path}: {err}") from None
        if new != text:
            changed.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    verb = "not folded" if args.check else "folded"
    for path in changed:
        shown = path.resolve()
        print(f"{verb}: {shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown}")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
