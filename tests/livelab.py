"""Drive a real JupyterLab, as a student on Binder would meet it, in headless Chromium.

The server runs from the test environment with a private HOME and config dir, after the
repository's ``postBuild`` has been applied exactly as Binder applies it (so ``.md``
chapters open with the Jupytext notebook viewer). Each chapter is opened from a temporary
copy of ``book/`` (autosave off, so the sources are never rewritten), run with *Run All*,
and inspected:

* every request that leaves 127.0.0.1 is aborted and recorded;
* error outputs (tracebacks) are collected;
* rendered charts are counted (``svg.marks`` inside output areas);
* every ipywidgets drop-down must show a choice (not an empty box), and changing it must
  redraw the chart of its panel;
* what a student sees before any click (issue 22): which cells are folded, the text of the
  first cell that is not, and the notebook's visible text after *Run All* (folded sources
  and outputs are not in it); then one folded solution is opened with a click, to show that
  its text was there to be hidden;
* a screenshot is kept per chapter.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitecheck import CHROMIUM_ARGS, find_chromium

TOKEN = "kunshan-live-test"
RUN_ALL_TIMEOUT = 180  # seconds for one chapter's Run All
#: The notebook panel on show (hidden tabs stay in the DOM).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"


@dataclass
class LabChapter:
    """What a student meets in one chapter after Run All."""

    name: str
    charts: int = 0
    errors: list[str] = field(default_factory=list)
    blank_dropdowns: list[str] = field(default_factory=list)
    controls: list[tuple[str, bool]] = field(default_factory=list)  # (label, redrew)
    #: (label, ms from the change event to the last SVG mutation of the redraw), measured
    #: in the page with a MutationObserver; printed by benchmarks/bench_live.py
    redraw_ms: list[tuple[str, float]] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    markdown_text: list[str] = field(default_factory=list)
    #: (folded?, visible text) of each cell as the chapter opens, before any click
    cells_on_open: list[tuple[bool, str]] = field(default_factory=list)
    #: the notebook's visible text after Run All, before any click
    visible_text: str = ""
    #: visible text of the first folded solution code cell, once a click opened it
    opened_solution_text: str = ""
    screenshot: Path | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(repo: Path, root: Path, work: Path) -> Iterator[str]:
    """Apply ``repo``'s postBuild, start JupyterLab on 127.0.0.1 serving ``root``; yield its URL."""
    home = work / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"))
    env.pop("KUNSHAN_STATIC_BUILD", None)
    # Binder runs postBuild in the user's home: do exactly that.
    subprocess.run(["bash", str(repo / "postBuild")], check=True, env=env, cwd=root)
    overrides = home / ".jupyter" / "labconfig" / "default_setting_overrides.json"
    settings = json.loads(overrides.read_text())
    settings.setdefault("@jupyterlab/docmanager-extension:plugin", {})["autosave"] = False
    settings["@jupyterlab/apputils-extension:notification"] = {"fetchNews": "false"}
    overrides.write_text(json.dumps(settings))
    port = _free_port()
    jupyter = Path(sys.executable).with_name("jupyter")
    log = (work / "jupyterlab.log").open("w")
    proc = subprocess.Popen(
        [str(jupyter), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"JupyterLab did not start; log:\n{(work / 'jupyterlab.log').read_text()}"
                    ) from None
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def copy_book(repo: Path, dest: Path) -> Path:
    """Copy the chapters to ``dest/book`` (the server's files; the repo stays untouched)."""
    shutil.copytree(repo / "book", dest / "book")
    return dest


def check_chapters(base: str, names: list[str], shots: Path) -> list[LabChapter]:
    """Open each chapter in JupyterLab, Run All and report what a student sees."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("no Chromium found (set CHROMIUM=/path/to/chromium)")
    shots.mkdir(parents=True, exist_ok=True)
    reports = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for name in names:
                reports.append(_check_one(browser, base, name, shots))
        finally:
            browser.close()
    return reports


def _check_one(browser, base: str, name: str, shots: Path) -> LabChapter:
    report = LabChapter(name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def route(r):
        url = r.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            report.external_requests.append(url)
            r.abort()

    page.route("**/*", route)
    try:
        # a workspace of its own per chapter, so no earlier chapter is restored beside it
        ws = Path(name).name.replace("_", "-")
        page.goto(f"{base}/lab/workspaces/{ws}/tree/{name}.md?reset&token={TOKEN}")
        page.wait_for_selector(f"{NOTEBOOK} .jp-Cell", timeout=60_000)
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
        page.wait_for_timeout(1000)  # let the Markdown cells render
        report.cells_on_open = [(bool(c["folded"]), c["text"])
                                for c in page.evaluate(CELLS_ON_OPEN)]
        page.screenshot(path=str(shots / f"{Path(name).name}-on-open.png"))
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        _wait_for_run_all(page)
        page.wait_for_timeout(1500)  # let the last charts draw
        nb = page.locator(NOTEBOOK)
        outputs = nb.locator(".jp-OutputArea-output")
        report.errors = [
            t[:300] for t in outputs.filter(has_text="Traceback").all_inner_texts()
        ]
        report.charts = nb.locator(".jp-OutputArea svg.marks").count()
        # inner text skips the hidden editor, so this is what the rendered cells show
        report.markdown_text = nb.locator(".jp-MarkdownCell").all_inner_texts()
        (shots / f"{Path(name).name}-markdown.json").write_text(
            json.dumps(report.markdown_text, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        first_chart = nb.locator(".jp-Cell", has=page.locator("svg.marks")).first
        if first_chart.count():
            first_chart.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / f"{Path(name).name}-first-chart.png"))
        report.visible_text = nb.inner_text()
        _check_controls(page, report)
        _open_one_solution(page, report)
        report.screenshot = shots / f"{Path(name).name}.png"
        page.screenshot(path=str(report.screenshot))
    finally:
        if report.screenshot is None:  # keep what the page looked like when it failed
            with contextlib.suppress(Exception):
                page.screenshot(path=str(shots / f"{Path(name).name}-failed.png"))
        with contextlib.suppress(Exception):
            page.evaluate(
                "async (t) => { const r = await fetch('/api/kernels?token=' + t);"
                " for (const k of await r.json()) await fetch('/api/kernels/' + k.id"
                " + '?token=' + t, {method: 'DELETE'}); }",
                TOKEN,
            )
        context.close()
    return report


def _wait_for_run_all(page) -> None:
    """Wait until every visible prompt is numbered and the kernel stays idle.

    Cells whose input is hidden (``hide-input``) show no prompt, so the kernel's own state
    (the REST API) decides when the queue is empty.
    """
    prompts = page.locator(f"{NOTEBOOK} .jp-CodeCell .jp-InputPrompt")
    state = (
        "async (t) => { const r = await fetch('/api/kernels?token=' + t);"
        " return (await r.json()).map(k => k.execution_state); }"
    )
    deadline = time.monotonic() + RUN_ALL_TIMEOUT
    idle_polls = 0
    texts: list[str] = []
    states: list[str] = []
    while time.monotonic() < deadline:
        texts = [t.strip() for t in prompts.all_inner_texts() if t.strip()]
        done = texts and all(t not in ("[ ]:", "[*]:") for t in texts)
        states = page.evaluate(state, TOKEN)
        idle = bool(states) and all(s == "idle" for s in states)
        idle_polls = idle_polls + 1 if (done and idle) else 0
        if idle_polls >= 3:
            return
        page.wait_for_timeout(500)
    raise TimeoutError(
        f"Run All did not finish in {RUN_ALL_TIMEOUT} s: prompts {texts}, kernels {states}"
    )


#: Choose option ``i`` of a <select> as a reader does (a ``change`` event) and time, in the
#: page, how long its panel's chart takes to redraw: from the event to the last mutation of
#: the panel's SVG, once the SVG differs from before and has been quiet for 300 ms. Returns
#: null when the chart did not change within 5 s.
TIMED_CHANGE = """(select, i) => new Promise(resolve => {
  const panel = select.closest('.jp-OutputArea-output');
  const svg = () => panel.querySelector('svg.marks');
  const before = svg() ? svg().outerHTML : '';
  let last = null, quiet = null;
  const finish = () => { observer.disconnect(); resolve(last === null ? null : last - t0); };
  const observer = new MutationObserver(() => {
    const now = performance.now();
    if (svg() && svg().outerHTML !== before) {
      last = now;
      clearTimeout(quiet);
      quiet = setTimeout(finish, 300);
    }
  });
  observer.observe(panel, {subtree: true, childList: true, attributes: true,
                           characterData: true});
  const t0 = performance.now();
  select.selectedIndex = i;
  select.dispatchEvent(new Event('change', {bubbles: true}));
  setTimeout(() => { if (last === null) finish(); }, 5000);
})"""


def _check_controls(page, report: LabChapter) -> None:
    """Every drop-down shows a choice; changing it redraws its panel's chart."""
    panels = page.locator(f"{NOTEBOOK} .jp-OutputArea-output:has(.widget-dropdown select)")
    for i in range(panels.count()):
        panel = panels.nth(i)
        for j in range(panel.locator(".widget-dropdown select").count()):
            select = panel.locator(".widget-dropdown select").nth(j)
            label = select.evaluate(
                "s => (s.closest('.widget-dropdown').querySelector('label') || {}).textContent"
                " || 'drop-down'"
            )
            shown = select.evaluate(
                "s => s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text"
            )
            if not shown.strip():
                report.blank_dropdowns.append(label)
            n = select.locator("option").count()
            if n < 2:
                continue
            index = select.evaluate("s => s.selectedIndex")
            redrew = False
            # a choice may legitimately leave the chart as it was (e.g. a filter that every
            # shown event already matches): try up to three other choices
            for k in range(1, min(n, 4)):
                ms = select.evaluate(TIMED_CHANGE, (index + k) % n)
                if ms is not None:
                    redrew = True
                    report.redraw_ms.append((label, ms))
                    break
            report.controls.append((label, redrew))
            select.select_option(index=index)
            page.wait_for_timeout(300)


#: Each cell of the notebook on show: is its input folded (JupyterLab's placeholder, "…"),
#: and the text it shows (innerText leaves out what is hidden).
CELLS_ON_OPEN = """() => Array.from(document.querySelectorAll(
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')).map(c => ({
    folded: !!c.querySelector('.jp-InputPlaceholder'),
    text: c.innerText}))"""

SOLUTION_PLACEHOLDER = "# Solution code (folded). Click to show."


def _open_one_solution(page, report: LabChapter) -> None:
    """Click the first folded solution code cell open, as a student would, and read it."""
    report.opened_solution_text = page.evaluate(OPEN_ONE_SOLUTION,
                                                [NOTEBOOK, SOLUTION_PLACEHOLDER]) or ""


#: Find the first folded cell whose placeholder shows ``label``, click it (the click a
#: student makes) and return the cell's visible text once it has opened.
OPEN_ONE_SOLUTION = """async ([notebook, label]) => {
  const ph = Array.from(document.querySelectorAll(notebook + ' .jp-InputPlaceholder'))
    .find(p => p.innerText.includes(label));
  if (!ph) return null;
  const cell = ph.closest('.jp-Cell');
  ph.scrollIntoView();
  ph.querySelector('.jp-Placeholder-content').click();
  await new Promise(r => setTimeout(r, 800));
  return cell.innerText;
}"""
