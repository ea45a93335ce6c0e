"""Two editions from one source (issue 22): the student edition carries no solution.

The solutions are found in the chapter sources by the same rule the build and the Lab
folding use (``_ext/kunshan_cells.py``). From each one the test takes *probes*: a run of
plain words from its text, the longest line of its code. A probe must be found in the full
edition (so the probe is a fair one) and nowhere in the student edition: not in its pages,
not in its ``.ipynb`` and ``.md`` downloads. The search index holds stemmed words, so it is
checked with the words that occur only in solutions.
"""

from __future__ import annotations

import html
import json
import os
import re
from functools import cache
from pathlib import Path

import kunshan_cells
import pytest
import sitecheck
from conftest import ROOT

from helpers import pages

pytestmark = pytest.mark.slow

CHAPTERS = [p for p in pages.toc_sources(ROOT) if "kernelspec:" in p.read_text(encoding="utf-8")]
_PLAIN = re.compile(r"[A-Za-z][A-Za-z ,;()-]{28,}[A-Za-z]")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@cache
def solution_cells() -> dict[str, list[tuple[str, str]]]:
    """``{page stem: [(cell type, source)]}`` of every solution cell of the book."""
    found = {}
    for path in CHAPTERS:
        nb = kunshan_cells.read(path.read_text(encoding="utf-8"))
        found[path.stem] = [(cell.cell_type, cell.source) for cell, role
                            in kunshan_cells.classify(nb.cells) if role == "solution"]
    return found


def probes(cell_type: str, source: str) -> list[str]:
    """Strings of a solution cell that its rendered page shows as they are written."""
    lines = [ln for ln in source.splitlines()
             if ln not in kunshan_cells.LABELS and not ln.lstrip().startswith(("```", ":"))]
    if cell_type == "code":
        code = [ln.strip() for ln in lines if len(ln.strip()) > 25 and not ln.strip()
                .startswith("#")]
        return sorted(code, key=len)[-1:]
    # markdown: plain words only (no markup, no quotes, which the site may curl)
    runs = [m.group(0) for ln in lines if "{" not in ln and "`" not in ln and "$" not in ln
            for m in _PLAIN.finditer(ln)]
    return sorted(runs, key=len)[-2:]


@cache
def all_probes() -> dict[str, list[str]]:
    """Probes of each page's solutions that no other cell of the page holds."""
    found = {}
    for path in CHAPTERS:
        nb = kunshan_cells.read(path.read_text(encoding="utf-8"))
        rest = _norm(" ".join(c.source for c, role in kunshan_cells.classify(nb.cells)
                              if role != "solution"))
        found[path.stem] = [p for kind, src in solution_cells()[path.stem]
                            for p in probes(kind, src) if _norm(p) not in rest]
    return found


def page_text(path: Path) -> str:
    """Visible text of a built page (tags dropped, entities decoded, spaces collapsed)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return _norm(html.unescape(re.sub(r"<[^>]+>", "", text)))


def test_solutions_are_found_in_the_sources():
    cells = solution_cells()
    assert sum(len(c) for c in cells.values()) >= 60
    assert sum(len(p) for p in all_probes().values()) >= 50
    # every exercise page has solutions
    assert {c.stem for c in pages.exercise_counts(ROOT)} <= {s for s, c in cells.items() if c}


def test_probes_are_fair_they_are_on_the_full_sites_pages(site):
    missing = {}
    for stem, found in all_probes().items():
        text = page_text(site / "book" / f"{stem}.html")
        missing.update({f"{stem}: {p}": 1 for p in found if _norm(p) not in text})
    total = sum(len(p) for p in all_probes().values())
    # a few probes may be changed by the renderer (e.g. a word linked mid-run); most are not
    assert len(missing) <= total // 10, list(missing)[:10]


def test_student_pages_show_no_solution(student_site):
    shown = {}
    for stem, found in all_probes().items():
        text = page_text(student_site / "book" / f"{stem}.html")
        hits = [p for p in found if _norm(p) in text]
        if hits:
            shown[stem] = hits
    assert shown == {}


def test_student_pages_have_no_solution_box_and_the_same_exercise_numbers(site, student_site):
    for path in CHAPTERS:
        full = (site / "book" / f"{path.stem}.html").read_text(encoding="utf-8")
        student = (student_site / "book" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert 'class="solution' not in student, path.stem
        assert "Solution to" not in student, path.stem
        numbers = re.compile(r'caption-number">\s*(Exercise [\d.]+)')
        assert numbers.findall(student) == numbers.findall(full), path.stem
    solved = sum("Solution to" in (site / "book" / f"{p.stem}.html").read_text(encoding="utf-8")
                 for p in CHAPTERS)
    assert solved >= 10  # the full edition has them (the check above can fail)


def _index_terms(site: Path) -> set[str]:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1: text.rindex(")")])
    return set(data["terms"]) | set(data.get("titleterms", {}))


def test_search_index_has_no_word_found_only_in_solutions(site, student_site):
    from sphinx.search.en import SearchEnglish

    stem = SearchEnglish({}).stem
    words = re.compile(r"[A-Za-z]{5,}")
    solution = {w.lower() for cells in solution_cells().values() for _, src in cells
                for w in words.findall(src)}
    other = set()
    for path in pages.toc_sources(ROOT):
        nb = kunshan_cells.read(path.read_text(encoding="utf-8"))
        for cell, role in kunshan_cells.classify(nb.cells):
            if role != "solution":
                other |= {w.lower() for w in words.findall(cell.source)}
    only = {stem(w) for w in solution - other} - {stem(w) for w in other}
    full, student = _index_terms(site), _index_terms(student_site)
    assert len(only & full) >= 20  # the full edition indexes them: the check can fail
    # a word may also come from an output the student pages show (a data table, a chart's
    # text): then the student pages show it too (and hold no solution: tested above)
    shown = {stem(w.lower()) for p in sitecheck.site_pages(student_site)
             for w in re.findall(r"[A-Za-z]+", page_text(student_site / p))}
    assert sorted((only & student) - shown) == []


def test_student_notebook_downloads_have_no_solution(student_site, site):
    import nbformat

    for path in CHAPTERS:
        rel = Path("_sources") / "book" / f"{path.stem}.ipynb"
        student = nbformat.reads((student_site / rel).read_text(encoding="utf-8"), 4)
        full = nbformat.reads((site / rel).read_text(encoding="utf-8"), 4)
        text = "\n".join(c.source for c in student.cells)
        assert "{solution" not in text, path.stem
        assert [p for p in all_probes()[path.stem] if p in text] == [], path.stem
        # the exercises are all there, and the full download keeps the solutions
        n = len(re.findall(r"^`{3,}\{exercise(?:-start)?\}", text, flags=re.M))
        assert n == text.count("{exercise") - text.count("{exercise-end}"), path.stem
        full_text = "\n".join(c.source for c in full.cells)
        assert n == len(re.findall(r"^`{3,}\{exercise(?:-start)?\}", full_text, flags=re.M))
        if solution_cells()[path.stem]:
            assert "{solution" in full_text, path.stem


def test_student_source_downloads_have_no_solution(student_site):
    for path in CHAPTERS:
        for name in (f"{path.stem}.md", f"{path.stem}.md.txt"):
            offered = student_site / "_sources" / "book" / name
            if offered.exists():
                text = offered.read_text(encoding="utf-8")
                assert "{solution" not in text, name
                assert [p for p in all_probes()[path.stem] if p in text] == [], name


def test_student_build_is_strict_with_zero_warnings(built_student_book):
    assert built_student_book.returncode == 0, built_student_book.log[-4000:]
    warnings = [ln for ln in built_student_book.log.splitlines()
                if re.search(r"(WARNING|ERROR|CRITICAL):", ln)]
    assert warnings == []


def test_every_toc_entry_becomes_a_student_page(student_site):
    from test_build import toc_files

    assert [f for f in toc_files() if not (student_site / f"{f}.html").exists()] == []


def test_student_site_loads_nothing_from_a_cdn(student_site):
    for page in sitecheck.site_pages(student_site):
        text = (student_site / page).read_text(encoding="utf-8")
        assert not re.search(r'<script[^>]+src="https?://', text), page
        assert not re.search(r'<link[^>]+href="https?://[^"]+\.css', text), page


# ---------------------------------------------------------------------------
# each edition names itself and links to the other
# ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def published(site, student_site, tmp_path_factory) -> Path:
    """The published layout: the full site at the root, the student site in student/."""
    root = tmp_path_factory.mktemp("published")
    for entry in site.iterdir():
        if entry.name != "student":
            (root / entry.name).symlink_to(entry)
    (root / "student").symlink_to(student_site)
    return root


@pytest.mark.parametrize("page", ["book/index", "book/instructors"])
def test_each_edition_names_itself_and_links_to_the_other(published, page):
    for prefix, this, other in (("", "full edition", "student edition"),
                                ("student/", "student edition", "full edition")):
        here = published / f"{prefix}{page}.html"
        text = here.read_text(encoding="utf-8")
        note = re.search(r'<p class="kunshan-edition">(.*?)</p>', text, flags=re.S)
        assert note, here
        assert f"<strong>{this}</strong>" in note.group(1)
        link = re.search(r'<a class="kunshan-edition-link" href="([^"]+)">([^<]+)</a>',
                         note.group(1))
        assert link and link.group(2) == other
        # a browser resolves the link by its path, not through the folders' links
        target = Path(os.path.normpath(here.parent / link.group(1)))
        expected = published / ("student/" if prefix == "" else "") / f"{page}.html"
        assert target == expected and target.exists(), (here, link.group(1))


def test_edition_links_follow_the_published_layout():
    assert pages.other_edition_href("book/index", "full") == "../student/book/index.html"
    assert pages.other_edition_href("book/index", "student") == "../../book/index.html"
    with pytest.raises(ValueError, match="KUNSHAN_EDITION must be one of full, student"):
        pages.edition({"KUNSHAN_EDITION": "teacher"})


def test_student_edition_drops_the_solution_cells_and_keeps_the_rest():
    text = (ROOT / "book" / "ch05_specialisation.md").read_text(encoding="utf-8")
    nb = kunshan_cells.read(text)
    student = kunshan_cells.without_solutions(nb)
    roles = [role for _, role in kunshan_cells.classify(nb.cells)]
    assert len(student.cells) == roles.count("story") + roles.count("setup")
    joined = "\n".join(c.source for c in student.cells)
    assert "{solution" not in joined and "{exercise}" in joined
    assert 'check("ch05-ex-floor", ...)' in joined


def test_fold_labels_never_show_on_the_site(site):
    """The labels JupyterLab shows on folded cells are comments the site does not render."""
    shown = [p.name for p in (site / "book").glob("*.html")
             if "(folded). Click to show" in p.read_text(encoding="utf-8")
             or "(folded): imports" in p.read_text(encoding="utf-8")]
    assert shown == []


# ---------------------------------------------------------------------------
# the Chinese student edition (issue 24): the same rule, in Chinese, published under
# student/zh/, its switch and edition links staying in its edition and language
# ---------------------------------------------------------------------------
ZH_CHAPTERS = [p for p in (ROOT / "book" / "zh").glob("*.md")
               if "kernelspec:" in p.read_text(encoding="utf-8")]
_CJK_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff，、；：]{14,}[\u4e00-\u9fff]")


@cache
def zh_probes() -> dict[str, list[str]]:
    """Strings of each zh page's solutions (code lines, runs of Chinese words) that no
    other cell of the page holds."""
    found = {}
    for path in ZH_CHAPTERS:
        nb = kunshan_cells.read(path.read_text(encoding="utf-8"))
        classified = kunshan_cells.classify(nb.cells)
        rest = _norm(" ".join(c.source for c, role in classified if role != "solution"))
        picked = []
        for cell, role in classified:
            if role != "solution":
                continue
            if cell.cell_type == "code":
                picked += probes("code", cell.source)
            else:
                runs = [m.group(0) for ln in cell.source.splitlines()
                        if "{" not in ln and "`" not in ln and "$" not in ln
                        for m in _CJK_RUN.finditer(ln)]
                picked += sorted(runs, key=len)[-2:]
        found[path.stem] = [p for p in picked if _norm(p) not in rest]
    return found


def test_zh_student_build_is_strict_with_zero_warnings(built_zh_student_book):
    assert built_zh_student_book.returncode == 0, built_zh_student_book.log[-4000:]
    warnings = [ln for ln in built_zh_student_book.log.splitlines()
                if re.search(r"(WARNING|ERROR|CRITICAL):", ln)]
    assert warnings == []


def test_zh_student_pages_have_every_exercise_and_no_solution(zh_site, zh_student_site):
    numbers = re.compile(r'caption-number">\s*(练习 [\d.]+)')
    probed = shown_in_full = 0
    for path in ZH_CHAPTERS:
        name = f"book/zh/{path.stem}.html"
        full = (zh_site / name).read_text(encoding="utf-8")
        student = (zh_student_site / name).read_text(encoding="utf-8")
        assert 'class="solution' not in student, name
        assert numbers.findall(student) == numbers.findall(full), name
        full_text, student_text = page_text(zh_site / name), page_text(zh_student_site / name)
        found = zh_probes()[path.stem]
        probed += len(found)
        shown_in_full += sum(_norm(p) in full_text for p in found)
        assert [p for p in found if _norm(p) in student_text] == [], name
    # the probes are fair: the full Chinese edition shows (nearly) all of them
    assert probed >= 50 and shown_in_full >= probed * 9 // 10
    solved = sum('class="solution' in (zh_site / f"book/zh/{p.stem}.html").read_text(
        encoding="utf-8") for p in ZH_CHAPTERS)
    assert solved >= 10


def test_zh_student_downloads_have_no_solution(zh_student_site):
    import nbformat

    for path in ZH_CHAPTERS:
        folder = zh_student_site / "_sources" / "book" / "zh"
        notebook = nbformat.reads((folder / f"{path.stem}.ipynb").read_text(encoding="utf-8"), 4)
        texts = ["\n".join(c.source for c in notebook.cells)]
        texts += [(folder / n).read_text(encoding="utf-8")
                  for n in (f"{path.stem}.md", f"{path.stem}.md.txt") if (folder / n).exists()]
        for text in texts:
            assert "{solution" not in text, path.stem
            assert [p for p in zh_probes()[path.stem] if p in text] == [], path.stem


@pytest.fixture(scope="session")
def published_all(site, student_site, zh_site, zh_student_site, tmp_path_factory) -> Path:
    """The published layout of all four builds: the English full site at the root, zh/,
    student/ and student/zh/ (helpers.pages.site_prefix)."""
    root = tmp_path_factory.mktemp("published-all")
    for entry in site.iterdir():
        if entry.name not in ("student", "zh"):
            (root / entry.name).symlink_to(entry)
    (root / "zh").symlink_to(zh_site)
    (root / "student").mkdir()
    for entry in student_site.iterdir():
        if entry.name != "zh":
            (root / "student" / entry.name).symlink_to(entry)
    (root / "student" / "zh").symlink_to(zh_student_site)
    return root


def _link(page: Path, root: Path, pattern: str) -> Path:
    """Where a link of ``page`` (matched by ``pattern``) leads, resolved as a browser does."""
    found = re.search(pattern, page.read_text(encoding="utf-8"))
    assert found, f"{page.relative_to(root)}: no link matching {pattern!r}"
    return Path(os.path.normpath(page.parent / found.group(1)))


SWITCH = r'<a class="btn kunshan-lang-switch" href="([^"]+)"'
EDITION_LINK = r'<a class="kunshan-edition-link" href="([^"]+)"'


@pytest.mark.parametrize("prefix", ["", "student/"])
def test_the_language_switch_stays_in_the_edition(published_all, prefix):
    """Every page of both languages of an edition switches to its counterpart of the same
    edition, and the page it leads to exists."""
    checked = 0
    for path in ZH_CHAPTERS:
        chinese = published_all / f"{prefix}zh/book/zh/{path.stem}.html"
        english = published_all / f"{prefix}book/{path.stem}.html"
        assert _link(chinese, published_all, SWITCH) == english
        assert _link(english, published_all, SWITCH) == chinese
        assert english.exists() and chinese.exists()
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("page", ["index", "instructors"])
def test_the_chinese_edition_note_links_the_other_chinese_edition(published_all, page):
    full = published_all / f"zh/book/zh/{page}.html"
    student = published_all / f"student/zh/book/zh/{page}.html"
    assert _link(full, published_all, EDITION_LINK) == student and student.exists()
    assert _link(student, published_all, EDITION_LINK) == full and full.exists()
