"""Tests that prove the quality gates bite.

Each runs on a temporary copy (never on the real tree) and removes or breaks one
safeguard, then checks that the gate that should catch it does, for the right reason:

* a corrupted data table fails the strict build with the validator's message;
* a built site with the Vega bundle removed fails the browser check;
* a chapter whose chart requests a CDN script fails the offline check;
* a page with an unlabelled bound input fails the accessibility check;
* a page that loads a render-blocking script, has an inline script after the
  stylesheets, or shows a chart without its build-time drawing, fails the strict build;
* a labelled figure cell with no caption paragraph after it, or with two outputs, fails the
  strict build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sitecheck
from conftest import BUILD_FLAGS, ROOT, jupyter_book

pytestmark = pytest.mark.slow

FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""

CDN_CHAPTER = FRONT_MATTER + """
# A chart that loads Vega from a CDN

```{code-cell} ipython3
import altair as alt
import pandas as pd
from IPython.display import HTML

chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_point().encode(x="x", y="y")
# Altair's universal template: inserts <script src="https://cdn.jsdelivr.net/..."> at run time
HTML(chart.to_html(template="universal"))
```
"""

UNLABELLED_CHAPTER = FRONT_MATTER + """
# A chart with an unlabelled bound input

```{code-cell} ipython3
import altair as alt
import pandas as pd

from helpers import charts

big = alt.param(name="big", value=False, bind=alt.binding_checkbox(name=" "))
alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_point().encode(
    x="x", y="y", size=alt.condition(big, alt.value(300), alt.value(60))
).add_params(big).properties(description="Two points.")
```
"""


SLOW_PAINT_CHAPTER = FRONT_MATTER + """
# A page that holds up its first paint

```{code-cell} ipython3
from IPython.display import HTML

HTML('<script src="slow-paint.js"></script><p>after the script</p>'
     '<script>var waitsForTheStylesheets = true;</script>')
```

```{code-cell} ipython3
import altair as alt
import pandas as pd
from IPython.display import HTML

from helpers import charts

chart = alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_point().encode(x="x", y="y")
# the book's chart HTML written by hand, without the build's drawings
HTML(charts.to_html(chart, ident="kunshan-chart-99"))
```

```{code-cell} ipython3
:label: fig-gate-uncaptioned
chart
```

```{code-cell} ipython3
:label: fig-gate-two-outputs
display(chart)
chart
```

A caption under two charts.
"""


def mini_book(tmp: Path, chapters: dict[str, str]) -> Path:
    """Copy the book's machinery (config, extension, helpers, data) with the given chapters."""
    src = tmp / "book-copy"
    src.mkdir()
    for name in ["_config.yml", "_ext", "_static", "_templates", "references.bib", "src", "data"]:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, src / name)
    (src / "book").mkdir()
    shutil.copy2(ROOT / "book" / "index.md", src / "book" / "index.md")
    toc = ["format: jb-book", "root: book/index", "chapters:"]
    for stem, text in chapters.items():
        (src / "book" / f"{stem}.md").write_text(text, encoding="utf-8")
        toc.append(f"  - file: book/{stem}")
    (src / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    return src


def build_copy(src: Path) -> subprocess.CompletedProcess:
    """Strictly build a copy; its kernels import the copy's helpers (and so its data)."""
    env = dict(os.environ, PYTHONPATH=str(src / "src"))
    return subprocess.run(
        [jupyter_book(), "build", str(src), "--path-output", str(src), *BUILD_FLAGS],
        capture_output=True, text=True, cwd=src, env=env,
    )


def test_corrupted_data_table_fails_the_build_with_the_validator_message(tmp_path):
    chapter = FRONT_MATTER + (
        "\n# Stages\n\n```{code-cell} ipython3\nfrom helpers import data\n\n"
        "data.load('stages')\n```\n"
    )
    src = mini_book(tmp_path, {"gate_data": chapter})
    stages = src / "data" / "stages.csv"
    lines = stages.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    # start_year of stage 1 is no longer an integer (the columns before it hold no comma)
    fields[lines[0].split(",").index("start_year")] = "nineteen-eighty"
    lines[1] = ",".join(fields)
    stages.write_text("\n".join(lines) + "\n", encoding="utf-8")

    proc = build_copy(src)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "DataValidationError" in log
    assert "stages.csv" in log and "start_year" in log and "nineteen-eighty" in log


def test_first_paint_and_caption_problems_fail_the_strict_build(tmp_path):
    src = mini_book(tmp_path, {"gate_paint": SLOW_PAINT_CHAPTER})
    proc = build_copy(src)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "book/gate_paint.html: render-blocking script slow-paint.js" in log
    assert ("book/gate_paint.html: inline script after the stylesheets: "
            "var waitsForTheStylesheets = true;") in log
    assert re.search(r"book/gate_paint\.html: chart kunshan-chart-\d+ has no static drawing", log)
    # a named figure whose cell has no paragraph after it (kunshan_figures)
    assert "figure 'fig-gate-uncaptioned' has no caption" in log
    # a labelled cell that displays two outputs (which one would be the figure?)
    assert "code cell 'fig-gate-two-outputs' shows 2 rich outputs" in log
    # the page of the copy that has neither still passes
    assert "book/index.html:" not in log


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory) -> Path:
    """A strict build of a copy holding the two bad chapters (the build itself succeeds)."""
    tmp = tmp_path_factory.mktemp("gates")
    src = mini_book(tmp, {"gate_cdn": CDN_CHAPTER, "gate_unlabelled": UNLABELLED_CHAPTER})
    proc = build_copy(src)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    return src / "_build" / "html"


def test_chart_requesting_a_cdn_script_fails_the_offline_check(broken_site):
    [report] = sitecheck.check_site(broken_site, ["book/gate_cdn.html"], axe=False)
    assert any("cdn.jsdelivr.net" in url for url in report.external_requests)
    # and the same check passes on the copy's own chart page
    [ok] = sitecheck.check_site(broken_site, ["book/index.html"], axe=False)
    assert ok.external_requests == [] and ok.charts >= 1 and ok.charts_failed == []


def test_unlabelled_bound_input_fails_the_accessibility_check(broken_site):
    [report] = sitecheck.check_site(broken_site, ["book/gate_unlabelled.html"], interact=False)
    assert report.charts == 1 and report.charts_failed == []
    assert "label" in {v["id"] for v in report.serious_violations}


def test_site_without_the_vega_bundle_fails_the_browser_check(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    bundles = list((copy / "_static").rglob("vega-bundle-*.js"))
    assert len(bundles) == 1
    bundles[0].unlink()
    [report] = sitecheck.check_site(copy, ["book/index.html"], axe=False)
    assert report.charts >= 1
    assert report.charts_failed == list(range(report.charts))
    # the reader still sees the build-time drawing, and nothing is fetched from a CDN
    assert report.external_requests == []
