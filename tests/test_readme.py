"""The README stays true where a cheap test can hold it (issue 23, item 7; issue 20, item 16).

Its environment switches, file map, test tiers and test counts are compared with the code.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from test_tiers import collected_suite

pytestmark = pytest.mark.fast

README = (ROOT / "README.md").read_text(encoding="utf-8")
#: where the project reads environment variables
CODE = ["src", "_ext", "tests", "benchmarks", "scripts"]
_READS = re.compile(
    r"\bKUNSHAN_[A-Z0-9_]+\b"
    r"|environ(?:\.get)?[(\[]\s*[\"']([A-Z][A-Z0-9_]*)[\"']"
    r"|getenv\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
#: set for a child process, not a switch of this project
NOT_SWITCHES = {"HOME", "JUPYTER_CONFIG_DIR", "PYTHONPATH", "PATH"}


def environment_switches() -> dict[str, str]:
    """Every environment variable the code names or reads, with a file that does."""
    found: dict[str, str] = {}
    files = [p for folder in CODE for p in sorted((ROOT / folder).rglob("*"))
             if p.suffix in {".py", ".sh", ".js"}]
    files += [ROOT / "Makefile", ROOT / "postBuild"]
    for path in files:
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        for match in _READS.finditer(path.read_text(encoding="utf-8")):
            name = match.group(1) or match.group(2) or match.group(0)
            if name not in NOT_SWITCHES:
                found.setdefault(name, path.relative_to(ROOT).as_posix())
    return found


def test_every_environment_switch_the_code_reads_is_in_the_readme():
    switches = environment_switches()
    assert {"KUNSHAN_SITE", "KUNSHAN_LAB_CHAPTERS", "CHROMIUM"} <= set(switches)
    missing = {n: f for n, f in switches.items() if f"`{n}" not in README}
    assert missing == {}, "name these in the README's 'Environment switches' table"


def test_file_map_names_every_top_level_folder_and_extension():
    block = README[README.index("## What is where"):]
    block = block[:block.index("```", block.index("```") + 3)]
    folders = [p.name for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(".")
               and p.name not in {"_build", "__pycache__"}]
    named = {f"{name}/" for name in folders} | {
        f"_ext/{p.name}" for p in (ROOT / "_ext").glob("*.py")}
    assert sorted(n for n in named if n not in block) == []


def test_readme_test_counts_are_within_ten_percent_of_the_suite(request, tmp_path):
    tests = collected_suite(request.config, tmp_path)
    counted = {"all": len(tests)} | {
        tier: sum(t.tiers == (tier,) for t in tests) for tier in ("fast", "slow")}
    written = re.search(r"about (\d+) tests \(`pytest --collect-only -q`\): (\d+) in the fast "
                        r"tier and (\d+) in the\s+slow tier", README)
    assert written, "the README no longer states the test counts in the expected words"
    stated = dict(zip(("all", "fast", "slow"), map(int, written.groups()), strict=True))
    off = {k: (stated[k], counted[k]) for k in stated
           if abs(stated[k] - counted[k]) > 0.10 * counted[k]}
    assert off == {}, "update the test counts in the README (stated, collected)"


def test_make_test_lints_and_make_test_fast_runs_the_fast_tier():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: [^\n]*\blint\b", make, re.M)
    assert re.search(r"^test-fast: [^\n]*\blint\b[^\n]*\n\t[^\n]*pytest -m fast$", make, re.M)
    assert "make test-fast" in README and "`pytest -m fast`" in README
