"""Every test is in exactly one tier, and the fast tier holds nothing slow.

``make test-fast`` runs ``pytest -m fast`` (unit, property, doctest, data, chart-spec and
widget tests: no build, no browser, no kernel, no JupyterLab); ``make test`` runs both tiers.
A test module joins a tier with one line after its imports::

    pytestmark = pytest.mark.fast   # or pytest.mark.slow

A module that needs the strict build (the ``built_book`` or ``site`` fixture), Chromium,
a kernel or JupyterLab is slow; the check below fails, naming the file, when such a module
says ``fast`` or when any test says neither or both.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ALL_ITEMS, ROOT

pytestmark = pytest.mark.fast

TIERS = ("fast", "slow")
#: fixtures that need the strict build of the book
SLOW_FIXTURES = frozenset({"built_book", "site"})
#: what in a module's code starts a build, a browser, a kernel or JupyterLab
SLOW_CODE = ("client.execute()", "sync_playwright", "async_playwright", "sitecheck.check_site",
             "livelab.", "start_kernel", "jupyter_book()", "build_book(")
HOW = ("add `pytestmark = pytest.mark.fast` (no build, browser, kernel or JupyterLab) or "
       "`pytestmark = pytest.mark.slow` after its imports")


@dataclass(frozen=True)
class Collected:
    """What the check needs of one collected test."""

    file: str
    nodeid: str
    tiers: tuple[str, ...]
    fixtures: tuple[str, ...]


def tier_problems(tests: list[Collected], sources: dict[str, str]) -> list[str]:
    """Return one message per test file that breaks the tier rules (``sources``: file -> code)."""
    problems = []
    by_file: dict[str, list[Collected]] = {}
    for test in tests:
        by_file.setdefault(test.file, []).append(test)
    for file, found in sorted(by_file.items()):
        untiered = [t.nodeid for t in found if not t.tiers]
        both = [t.nodeid for t in found if len(set(t.tiers)) > 1]
        if untiered:
            problems.append(f"{file}: {len(untiered)} test(s) in no tier, e.g. {untiered[0]}; "
                            f"{HOW}")
        if both:
            problems.append(f"{file}: {len(both)} test(s) marked both fast and slow, e.g. "
                            f"{both[0]}; keep one")
        fast = [t for t in found if set(t.tiers) == {"fast"}]
        heavy = sorted({f for t in fast for f in t.fixtures if f in SLOW_FIXTURES})
        if heavy:
            problems.append(f"{file}: fast test(s) use the build ({', '.join(heavy)}); "
                            "mark them slow (`pytestmark = pytest.mark.slow`)")
        code = [c for c in SLOW_CODE if fast and c in sources.get(file, "")]
        if code:
            problems.append(f"{file}: marked fast but runs {', '.join(code)}; mark it slow "
                            "(`pytestmark = pytest.mark.slow`)")
    return problems


def _record(item: pytest.Item) -> Collected:
    return Collected(
        file=Path(str(item.path)).relative_to(ROOT).as_posix(),
        nodeid=item.nodeid,
        tiers=tuple(m.name for m in item.iter_markers() if m.name in TIERS),
        fixtures=tuple(getattr(item, "fixturenames", ())),
    )


_SUITE = pytest.StashKey[list]()
_DUMP_PLUGIN = textwrap.dedent('''
    import json
    def pytest_collection_finish(session):
        rows = [[str(i.path), i.nodeid,
                 [m.name for m in i.iter_markers() if m.name in ("fast", "slow")],
                 list(getattr(i, "fixturenames", ()))] for i in session.items]
        with open(DUMP, "w") as f:
            json.dump(rows, f)
''')


def collected_suite(config: pytest.Config, tmp_path: Path) -> list[Collected]:
    """Every test of ``tests/``: this session's, or a fresh ``--collect-only`` of all of them."""
    files = {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").glob("test_*.py")}
    mine = [_record(i) for i in config.stash.get(ALL_ITEMS, [])]
    if files <= {t.file for t in mine}:
        return mine
    if _SUITE in config.stash:  # collected once per session
        return config.stash[_SUITE]
    dump = tmp_path / "tiers.json"
    plugin = f"DUMP = {str(dump)!r}\n{_DUMP_PLUGIN}"
    (tmp_path / "kunshan_tier_dump.py").write_text(plugin, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}:{ROOT / 'src'}"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "kunshan_tier_dump",
         "-p", "no:cacheprovider", str(ROOT / "tests")],
        cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    config.stash[_SUITE] = [Collected(Path(f).relative_to(ROOT).as_posix(), n, tuple(t), tuple(x))
                            for f, n, t, x in json.loads(dump.read_text(encoding="utf-8"))]
    return config.stash[_SUITE]


def test_every_test_is_in_exactly_one_tier_and_fast_means_fast(request, tmp_path):
    tests = collected_suite(request.config, tmp_path)
    sources = {t.file: (ROOT / t.file).read_text(encoding="utf-8") for t in tests}
    sources.pop(Path(__file__).relative_to(ROOT).as_posix())  # it names them to find them
    problems = tier_problems(tests, sources)
    assert not problems, "\n".join(problems)
    assert {t for c in tests for t in c.tiers} == set(TIERS)


def test_tier_check_names_the_file_of_an_untiered_or_misplaced_test():
    def test(file, tiers=(), fixtures=()):
        return Collected(file, f"{file}::t", tuple(tiers), tuple(fixtures))

    sources = {"tests/test_b.py": "NotebookClient(notebook).client.execute()\n"}
    problems = tier_problems([
        test("tests/test_a.py"), test("tests/test_b.py", ["fast"]),
        test("tests/test_c.py", ["fast"], ["site"]), test("tests/test_d.py", ["fast", "slow"]),
        test("tests/test_e.py", ["slow"], ["built_book"]), test("tests/test_f.py", ["fast"]),
    ], sources)
    assert [p.split(":")[0] for p in problems] == [
        "tests/test_a.py", "tests/test_b.py", "tests/test_c.py", "tests/test_d.py"]
    assert "pytestmark = pytest.mark.fast" in problems[0]
    assert "client.execute()" in problems[1] and "site" in problems[2]
