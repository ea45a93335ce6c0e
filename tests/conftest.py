"""Shared fixtures: one strict build of the book per test session, and Chromium.

Test tiers: every test module says which tier it is in, ``pytestmark = pytest.mark.fast``
(``make test-fast``: no build, no browser, no kernel) or ``pytestmark = pytest.mark.slow``
(only ``make test``); ``tests/test_tiers.py`` fails, naming the file, when one does not.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # for tests/sitecheck.py
sys.path.insert(0, str(ROOT / "_ext"))  # for kunshan_kernels, as the build uses it

import kunshan_kernels  # noqa: E402

# the tests that run nbclient get the same kernels as the build (IPC, no lost shell replies)
kunshan_kernels.install()

BUILD_FLAGS = ["-W", "-n", "--keep-going", "--builder", "html"]


@dataclass
class Build:
    """Result of a strict build: exit code, log and the HTML folder."""

    returncode: int
    log: str
    html: Path

    @property
    def executed(self) -> Path:
        """Where myst-nb wrote the notebooks the build executed (``_build/jupyter_execute``)."""
        return self.html.parent / "jupyter_execute"


def jupyter_book() -> str:
    exe = Path(sys.executable).with_name("jupyter-book")
    return str(exe) if exe.exists() else "jupyter-book"


def build_book(source: Path, output: Path, edition: str = "full") -> Build:
    """Build the book in ``source`` strictly into ``output/_build/html``.

    ``edition`` is ``full`` (every solution, folded) or ``student`` (no solution).
    """
    proc = subprocess.run(
        [jupyter_book(), "build", str(source), "--path-output", str(output), *BUILD_FLAGS],
        capture_output=True,
        text=True,
        cwd=source,
        env=dict(os.environ, KUNSHAN_EDITION=edition),
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, output / "_build" / "html")


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A fresh strict build of the real book (every notebook executed).

    Set KUNSHAN_SITE=/path/to/_build/html to reuse an existing build while iterating
    locally; CI (CI=true) always builds afresh.
    """
    reuse = os.environ.get("KUNSHAN_SITE")
    if reuse and os.environ.get("CI") != "true":
        return Build(0, "(reused)", Path(reuse))
    out = tmp_path_factory.mktemp("book")
    return build_book(ROOT, out)


@pytest.fixture(scope="session")
def site(built_book: Build) -> Path:
    """The built HTML folder; fails (never skips) when the build failed."""
    if built_book.returncode != 0:
        pytest.fail(f"strict build failed:\n{built_book.log[-4000:]}")
    return built_book.html


#: every test collected in this session, before ``-m`` deselects any (tests/test_tiers.py)
ALL_ITEMS = pytest.StashKey[list]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[ALL_ITEMS] = list(items)


@pytest.fixture(scope="session")
def built_student_book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A fresh strict build of the student edition (issue 22: no solutions).

    Set KUNSHAN_STUDENT_SITE=/path/to/_build/student/html to reuse one locally; CI
    (CI=true) always builds afresh.
    """
    reuse = os.environ.get("KUNSHAN_STUDENT_SITE")
    if reuse and os.environ.get("CI") != "true":
        return Build(0, "(reused)", Path(reuse))
    out = tmp_path_factory.mktemp("student")
    return build_book(ROOT, out, edition="student")


@pytest.fixture(scope="session")
def student_site(built_student_book: Build) -> Path:
    """The student edition's HTML folder; fails (never skips) when its build failed."""
    if built_student_book.returncode != 0:
        pytest.fail(f"strict student build failed:\n{built_student_book.log[-4000:]}")
    return built_student_book.html


def build_zh_book(source: Path, output: Path) -> Build:
    """Build the Chinese edition of the book in ``source`` strictly (issue 24).

    As ``make book-zh``: ``_config.yml`` with ``_config_zh.yml`` on top, ``_toc_zh.yml``.
    """
    output.mkdir(parents=True, exist_ok=True)
    config = output / "_config_zh.merged.yml"
    subprocess.run([sys.executable, str(source / "scripts" / "zh_config.py"), str(config)],
                   check=True, capture_output=True, cwd=source)
    proc = subprocess.run(
        [jupyter_book(), "build", str(source), "--config", str(config),
         "--toc", str(source / "_toc_zh.yml"), "--path-output", str(output), *BUILD_FLAGS],
        capture_output=True, text=True, cwd=source, env=dict(os.environ, KUNSHAN_EDITION="full"),
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, output / "_build" / "html")


@pytest.fixture(scope="session")
def built_zh_book(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A fresh strict build of the Chinese edition (issue 24).

    Set KUNSHAN_ZH_SITE=/path/to/_build/zh/html to reuse one locally; CI (CI=true) always
    builds afresh.
    """
    reuse = os.environ.get("KUNSHAN_ZH_SITE")
    if reuse and os.environ.get("CI") != "true":
        return Build(0, "(reused)", Path(reuse))
    return build_zh_book(ROOT, tmp_path_factory.mktemp("zh"))


@pytest.fixture(scope="session")
def zh_site(built_zh_book: Build) -> Path:
    """The Chinese edition's HTML folder; fails (never skips) when its build failed."""
    if built_zh_book.returncode != 0:
        pytest.fail(f"strict Chinese build failed:\n{built_zh_book.log[-4000:]}")
    return built_zh_book.html


EDITION_SITES = {"full": "site", "student": "student_site", "zh": "zh_site"}


@pytest.fixture(scope="session", params=list(EDITION_SITES))
def edition_site(request: pytest.FixtureRequest) -> Path:
    """Each edition's HTML folder in turn (the browser checks run over all three: the full
    and student editions, issue 22, and the Chinese edition, issue 24)."""
    return request.getfixturevalue(EDITION_SITES[request.param])
