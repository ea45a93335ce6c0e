"""helpers.pages: the book's pages and their exercises, found wherever the kernel starts."""

from __future__ import annotations

import pytest
from conftest import ROOT

from helpers import pages

pytestmark = pytest.mark.fast

TOC = """format: jb-book
root: book/index
parts:
  - caption: Chapters
    chapters:
      - file: book/b_second
      - file: book/a_first
        sections:
          - file: book/a_part
"""


def write_book(repo, toc=TOC):
    (repo / "book").mkdir()
    (repo / "_toc.yml").write_text(toc, encoding="utf-8")
    (repo / "book" / "index.md").write_text("# Home\n\nNo exercises.\n", encoding="utf-8")
    (repo / "book" / "b_second.md").write_text(
        "# Second\n\n```{exercise}\n:label: x\n```\n\n````{exercise-start}\n:label: y\n````\n"
        "Not an exercise: ```{exercise}\n", encoding="utf-8")
    (repo / "book" / "a_first.md").write_text("# First\n\n```{exercise}\n```\n", encoding="utf-8")
    (repo / "book" / "a_part.md").write_text("# Part\n", encoding="utf-8")


def test_exercise_counts_follow_the_toc_order_and_count_both_exercise_fences(tmp_path):
    write_book(tmp_path)
    assert pages.exercise_counts(tmp_path) == [
        ("b_second", "Second", 2), ("a_first", "First", 1),
    ]
    assert [p.name for p in pages.toc_sources(tmp_path)] == [
        "index.md", "b_second.md", "a_first.md", "a_part.md",
    ]


def test_a_missing_toc_or_page_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"_toc\.yml"):
        pages.toc_sources(tmp_path)
    write_book(tmp_path, TOC.replace("b_second", "c_gone"))
    with pytest.raises(FileNotFoundError, match=r"c_gone\.md"):
        pages.exercise_counts(tmp_path)


def test_the_book_is_found_from_the_package_not_the_working_directory(tmp_path, monkeypatch):
    """Regression: the instructors' page read ../_toc.yml, which failed outside book/."""
    monkeypatch.chdir(tmp_path)
    assert pages.REPO_DIR == ROOT
    stems = [c.stem for c in pages.exercise_counts()]
    assert "metrics_lab" in stems and "index" not in stems


MYST_YML = """version: 1
project:
  title: A book
  toc:
    - file: book/index.md
    - title: Chapters
      children:
        - file: book/b_second.md
        - file: book/a_first.md
          children:
            - file: book/a_part.md
    - url: https://example.org
"""


def test_jupyter_book_2_toc_gives_the_same_pages(tmp_path):
    """Issue 23, item 6: helpers.pages does not depend on _toc.yml's format."""
    write_book(tmp_path)
    jb1 = [p.relative_to(tmp_path) for p in pages.toc_sources(tmp_path)]
    (tmp_path / "_toc.yml").unlink()
    (tmp_path / "myst.yml").write_text(MYST_YML, encoding="utf-8")
    assert [p.relative_to(tmp_path) for p in pages.toc_sources(tmp_path)] == jb1
    assert pages.exercise_counts(tmp_path) == [("b_second", "Second", 2), ("a_first", "First", 1)]
