"""Print, as Markdown, which packages differ from their pins in requirements*.txt.

Used by the weekly upstream workflow (.github/workflows/upstream.yml) after it upgrades the
stack, so its summary says which releases the build and the fast tier ran against.
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")


def pins(paths: list[Path]) -> dict[str, str]:
    """Return ``{name: pinned version}`` for every ``name==version`` line of ``paths``."""
    found = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = PIN.match(line.strip())
            if match:
                found[match.group(1)] = match.group(2)
    return found


def changes(pinned: dict[str, str]) -> list[tuple[str, str, str]]:
    """Return ``(name, pinned, installed)`` for each package installed at another version."""
    out = []
    for name, pin in sorted(pinned.items(), key=lambda item: item[0].lower()):
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "not installed"
        if installed != pin:
            out.append((name, pin, installed))
    return out


def report(rows: list[tuple[str, str, str]]) -> str:
    """Return the Markdown summary of :func:`changes`."""
    if not rows:
        return "## Upgraded packages\n\nEvery package is at its pinned version.\n"
    lines = ["## Upgraded packages", "", "| package | pinned | installed |", "|---|---|---|"]
    lines += [f"| {name} | {pin} | {now} |" for name, pin, now in rows]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Print the report for this checkout's requirements files."""
    files = [ROOT / "requirements.txt", ROOT / "requirements-test.txt"]
    sys.stdout.write(report(changes(pins(files))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
