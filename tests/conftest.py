"""Shared fixtures: one strict build of each edition per test session, and Chromium.

The strict builds the selected tests need (full, student, and the Chinese edition of each:
zh, zh-student) start in the background, side by side, as the session starts; the tests that
need no build (JupyterLab, kernels, the gates' own small builds, the layout rules, the
self-checks) run first, while they work, and a test that needs a build waits for it
(``built_book``, ``built_student_book``, ``built_zh_book``, ``built_zh_student_book``). On two
cores this keeps both busy instead of running the builds and everything else one after
another.

Test tiers: every test module says which tier it is in, ``pytestmark = pytest.mark.fast``
(``make test-fast``: no build, no browser, no kernel) or ``pytestmark = pytest.mark.slow``
(only ``make test``); ``tests/test_tiers.py`` fails, naming the file, when one does not.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # for tests/sitecheck.py
sys.path.insert(0, str(ROOT / "_ext"))  # for kunshan_kernels, as the build uses it

import kunshan_kernels  # noqa: E402
import sitecheck  # noqa: E402

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


#: Each build the tests know: (edition, language). ``zh`` is the Chinese full edition and
#: ``zh-student`` the Chinese student edition (issue 24), as ``make book`` builds them.
EDITIONS = {"full": ("full", "en"), "student": ("student", "en"), "zh": ("full", "zh"),
            "zh-student": ("student", "zh")}


def _build_command(source: Path, output: Path, edition: str = "full") -> list[str]:
    """The strict build of ``edition`` (a key of :data:`EDITIONS`). A Chinese one is built as
    ``make book-zh`` does: ``_config.yml`` with ``_config_zh.yml`` on top and ``_toc_zh.yml``;
    the merged configuration is written into ``output``."""
    if EDITIONS[edition][1] != "zh":
        return [jupyter_book(), "build", str(source), "--path-output", str(output),
                *BUILD_FLAGS]
    config = output / "_config_zh.merged.yml"
    subprocess.run([sys.executable, str(source / "scripts" / "zh_config.py"), str(config)],
                   check=True, capture_output=True, cwd=source)
    return [jupyter_book(), "build", str(source), "--config", str(config),
            "--toc", str(source / "_toc_zh.yml"), "--path-output", str(output), *BUILD_FLAGS]


def build_book(source: Path, output: Path, edition: str = "full") -> Build:
    """Build the book in ``source`` strictly into ``output/_build/html``.

    ``edition`` is ``full`` (every solution, folded), ``student`` (no solution), ``zh`` or
    ``zh-student`` (the Chinese edition of each).
    """
    return BuildJob(source, output, edition).result()


class BuildJob:
    """A strict build running in the background (a subprocess); :meth:`result` waits for it.

    ``edition`` is a key of :data:`EDITIONS`. The log (stdout and stderr, interleaved) goes
    to ``output/build.log``.
    """

    def __init__(self, source: Path, output: Path, edition: str = "full") -> None:
        output.mkdir(parents=True, exist_ok=True)
        self.edition = edition
        self.html = output / "_build" / "html"
        self.log_path = output / "build.log"
        self.started = time.monotonic()
        with self.log_path.open("w", encoding="utf-8") as log:
            self.proc = subprocess.Popen(
                _build_command(source, output, edition), stdout=log,
                stderr=subprocess.STDOUT, cwd=source,
                env=dict(os.environ, KUNSHAN_EDITION=EDITIONS[edition][0]),
            )
        self._result: Build | None = None
        self._lock = threading.Lock()

    def result(self) -> Build:
        """Wait for the build; its exit code, log and HTML folder."""
        with self._lock:  # the browser pass waits for it in a thread of its own
            if self._result is None:
                returncode = self.proc.wait()
                log = self.log_path.read_text(encoding="utf-8", errors="replace")
                self._result = Build(returncode, log, self.html)
                self.seconds = time.monotonic() - self.started
        return self._result

    def stop(self) -> None:
        """End the build if it still runs (the session ended before a test needed it)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


#: the fixtures that stand for each edition's build (a test needs that build when its
#: fixture closure names one; ``edition_site`` names the edition in its parameter)
EDITION_FIXTURES = {"full": frozenset({"built_book", "site"}),
                    "student": frozenset({"built_student_book", "student_site"}),
                    "zh": frozenset({"built_zh_book", "zh_site"}),
                    "zh-student": frozenset({"built_zh_student_book", "zh_student_site"})}
#: where each edition's reused build is named (ignored when CI=true)
REUSE_VARIABLE = {"full": "KUNSHAN_SITE", "student": "KUNSHAN_STUDENT_SITE",
                  "zh": "KUNSHAN_ZH_SITE", "zh-student": "KUNSHAN_ZH_STUDENT_SITE"}
BUILD_JOBS = pytest.StashKey[dict]()


def editions_needed(item: pytest.Item) -> set[str]:
    """The editions whose strict build ``item`` needs (empty: none)."""
    names = set(getattr(item, "fixturenames", ()))
    found = {edition for edition, fixtures in EDITION_FIXTURES.items() if names & fixtures}
    if "edition_site" in names:
        callspec = getattr(item, "callspec", None)
        found |= ({callspec.params["edition_site"]} if callspec and "edition_site"
                  in callspec.params else set(EDITION_SITES))
    return found


def reused_site(edition: str) -> Path | None:
    """The build named by KUNSHAN_SITE / KUNSHAN_STUDENT_SITE, unless CI=true."""
    reuse = os.environ.get(REUSE_VARIABLE[edition])
    if reuse and os.environ.get("CI") != "true":
        return Path(reuse)
    return None


def _build_job(config: pytest.Config, factory: pytest.TempPathFactory, edition: str) -> BuildJob:
    """The session's build of ``edition``: started in the background, or now."""
    jobs = config.stash.setdefault(BUILD_JOBS, {})
    if edition not in jobs:
        jobs[edition] = BuildJob(ROOT, factory.mktemp("book" if edition == "full" else edition),
                                 edition)
    return jobs[edition]


class BrowserPasses:
    """Each edition's browser pass (:func:`sitecheck.check_edition`), run in a process of its
    own as soon as that edition's build is done, while the session's tests go on.

    One pass at a time (the session's own tests keep the other core busy).
    """

    def __init__(self) -> None:
        self._processes = ProcessPoolExecutor(max_workers=1,
                                              mp_context=multiprocessing.get_context("spawn"))
        self._waiters = ThreadPoolExecutor(max_workers=len(EDITION_FIXTURES))
        self.sites: dict[str, Path] = {}
        self.passes: dict[str, Future] = {}

    def start(self, edition: str, site: Path, job: BuildJob | None) -> None:
        """Check ``site`` once ``job`` (its build; None: a reused site) is done."""
        def run() -> tuple[list, list] | None:
            if job is not None and job.result().returncode != 0:
                return None  # the `site` fixtures fail the tests with the build's log
            return self._processes.submit(sitecheck.check_edition, site).result()

        self.sites[edition] = site
        self.passes[edition] = self._waiters.submit(run)

    def result(self, site: Path) -> tuple[list, list] | None:
        """The pass over ``site`` if one was started (waits for it), else None."""
        for edition, started in self.sites.items():
            if started == site:
                return self.passes[edition].result()
        return None

    def close(self) -> None:
        self._waiters.shutdown(wait=False, cancel_futures=True)
        self._processes.shutdown(wait=False, cancel_futures=True)


BROWSER_PASSES = pytest.StashKey[BrowserPasses]()
#: the fixtures that stand for an edition's browser pass (tests/test_browser.py)
PASS_FIXTURES = frozenset({"edition_browser_pass", "full_browser_pass"})


def edition_browser_pass(config: pytest.Config, site: Path) -> tuple[list, list]:
    """(page reports, layout reports) of ``site``: the background pass, or one run now."""
    passes = config.stash.get(BROWSER_PASSES, None)
    found = passes.result(site) if passes is not None else None
    return found if found is not None else sitecheck.check_edition(site)


@pytest.fixture(scope="session", autouse=True)
def _builds_in_background(request: pytest.FixtureRequest,
                          tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Start, side by side, every strict build the selected tests need, as the session starts;
    then each edition's browser pass in the background as soon as its build is done."""
    items = request.session.items
    needed = set().union(*(editions_needed(i) for i in items))
    for edition in sorted(needed):
        if reused_site(edition) is None:
            _build_job(request.config, tmp_path_factory, edition)
    checked = set().union(*(editions_needed(i) for i in items
                            if PASS_FIXTURES & set(getattr(i, "fixturenames", ()))))
    if checked:
        passes = request.config.stash[BROWSER_PASSES] = BrowserPasses()
        jobs = request.config.stash.get(BUILD_JOBS, {})
        for edition in sorted(checked):
            job = jobs.get(edition)
            passes.start(edition, job.html if job else reused_site(edition), job)
    yield
    if BROWSER_PASSES in request.config.stash:
        request.config.stash[BROWSER_PASSES].close()
    for job in request.config.stash.get(BUILD_JOBS, {}).values():
        job.stop()


def _edition_build(request: pytest.FixtureRequest, factory: pytest.TempPathFactory,
                   edition: str) -> Build:
    """The session's strict build of ``edition``, or the one its variable names (not in CI)."""
    reuse = reused_site(edition)
    if reuse is not None:
        return Build(0, "(reused)", reuse)
    return _build_job(request.config, factory, edition).result()


def _built_html(build: Build, what: str) -> Path:
    """A build's HTML folder; fails (never skips) the test when the build failed."""
    if build.returncode != 0:
        pytest.fail(f"strict {what} failed:\n{build.log[-4000:]}")
    return build.html


@pytest.fixture(scope="session")
def built_book(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A fresh strict build of the real book (every notebook executed).

    Set KUNSHAN_SITE=/path/to/_build/html to reuse an existing build while iterating
    locally; CI (CI=true) always builds afresh.
    """
    return _edition_build(request, tmp_path_factory, "full")


@pytest.fixture(scope="session")
def site(built_book: Build) -> Path:
    """The built HTML folder; fails (never skips) when the build failed."""
    return _built_html(built_book, "build")


#: every test collected in this session, before ``-m`` deselects any (tests/test_tiers.py)
ALL_ITEMS = pytest.StashKey[list]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    config.stash[ALL_ITEMS] = list(items)


@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_build_free_first(items: list[pytest.Item]) -> None:
    """Put the tests that need no strict build first (they run while the builds work).

    The sort is stable and runs after pytest has grouped the tests by ``edition_site``, so
    each edition's tests stay together, in their order.
    """
    items.sort(key=lambda item: bool(editions_needed(item)))


@pytest.fixture(scope="session")
def built_student_book(request: pytest.FixtureRequest,
                       tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A fresh strict build of the student edition (issue 22: no solutions).

    Set KUNSHAN_STUDENT_SITE=/path/to/_build/student/html to reuse one locally; CI
    (CI=true) always builds afresh.
    """
    return _edition_build(request, tmp_path_factory, "student")


@pytest.fixture(scope="session")
def student_site(built_student_book: Build) -> Path:
    """The student edition's HTML folder; fails (never skips) when its build failed."""
    return _built_html(built_student_book, "student build")


@pytest.fixture(scope="session")
def built_zh_book(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A fresh strict build of the Chinese edition (issue 24).

    Set KUNSHAN_ZH_SITE=/path/to/_build/zh/html to reuse one locally; CI (CI=true) always
    builds afresh.
    """
    return _edition_build(request, tmp_path_factory, "zh")


@pytest.fixture(scope="session")
def zh_site(built_zh_book: Build) -> Path:
    """The Chinese edition's HTML folder; fails (never skips) when its build failed."""
    return _built_html(built_zh_book, "Chinese build")


@pytest.fixture(scope="session")
def built_zh_student_book(request: pytest.FixtureRequest,
                          tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A fresh strict build of the Chinese student edition (issues 22 and 24).

    Set KUNSHAN_ZH_STUDENT_SITE=/path/to/_build/student-zh/html to reuse one locally; CI
    (CI=true) always builds afresh.
    """
    return _edition_build(request, tmp_path_factory, "zh-student")


@pytest.fixture(scope="session")
def zh_student_site(built_zh_student_book: Build) -> Path:
    """The Chinese student edition's HTML folder; fails (never skips) when its build failed."""
    return _built_html(built_zh_student_book, "Chinese student build")


EDITION_SITES = {"full": "site", "student": "student_site", "zh": "zh_site"}


@pytest.fixture(scope="session", params=list(EDITION_SITES))
def edition_site(request: pytest.FixtureRequest) -> Path:
    """Each edition's HTML folder in turn (the browser checks run over all three: the full
    and student editions, issue 22, and the Chinese edition, issue 24)."""
    return request.getfixturevalue(EDITION_SITES[request.param])
