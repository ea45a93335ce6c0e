"""The Chinese edition's sources stay in step with the English ones (issue 24).

``scripts/translations.py`` holds the rules; these tests apply them to every page in
``book/zh/`` (README: "Translations").
"""

from __future__ import annotations

import sys

import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import translations  # noqa: E402

pytestmark = pytest.mark.fast

ZH = translations.zh_pages()


def test_there_are_translated_pages_and_each_names_its_english_source():
    assert ZH, "book/zh/ holds no translated page"
    for path in ZH:
        meta = translations.translation_meta(path.read_text(encoding="utf-8"), path.name)
        assert meta["language"] == "zh-CN"
        assert translations.english_source(path) == ROOT / "book" / path.name
        assert len(meta["source_commit"]) == 40


@pytest.mark.parametrize("path", ZH, ids=lambda p: p.stem)
def test_code_cells_eval_variables_labels_and_exercises_match_the_english_page(path):
    assert translations.parity_problems(path) == []


@pytest.mark.parametrize("path", ZH, ids=lambda p: p.stem)
def test_listed_terms_are_used_in_their_chinese_form(path):
    assert translations.term_problems(path) == []


def test_no_translated_page_lags_its_english_prose():
    """Lists the zh pages whose English prose changed since the commit they record.

    To fix: ``python scripts/translations.py stale --diff``, translate the change, then set
    ``source_commit`` to the English file's latest commit.
    """
    stale = {p.name: len(translations.english_prose_change(p)) for p in ZH}
    assert {name: n for name, n in stale.items() if n} == {}


def test_the_term_list_is_one_entry_per_english_term():
    rows = translations.read_terms()
    english = [r["english"].lower() for r in rows]
    assert len(english) == len(set(english))
    assert len(rows) >= 40


def test_the_english_build_leaves_the_chinese_pages_out():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "book/zh" in config["exclude_patterns"]


# ---------------------------------------------------------------------------
# the rules themselves, on small pages
# ---------------------------------------------------------------------------
EN = """---
kernelspec:
  name: python3
---
# Title

Kunshan grew {eval}`growth` per cent, see {numref}`fig-a`.

```{code-cell} ipython3
from helpers import i18n
x = 1
```

(sec-a)=
## Regional branching

```{code-cell} ipython3
y = 2
```
"""

ZH_PAGE = """---
kernelspec:
  name: python3
kunshan_translation:
  source: book/page.md
  source_commit: "abcdef0000000000000000000000000000000000"
  language: zh-CN
---
# 标题

昆山增长了 {eval}`growth`%，见{numref}`图 <fig-a>`。

```{code-cell} ipython3
x = 1  # edited
```

(sec-a)=
## 区域分叉

```{code-cell} ipython3
y = 2
```
"""


def _book(tmp_path, en=EN, zh=ZH_PAGE, terms="english,chinese,avoid,note\n"
          "regional branching,区域分叉,区域分支,\n"):
    (tmp_path / "book" / "zh").mkdir(parents=True)
    (tmp_path / "book" / "page.md").write_text(en, encoding="utf-8")
    (tmp_path / "book" / "zh" / "page.md").write_text(zh, encoding="utf-8")
    (tmp_path / "book" / "zh" / "terms.csv").write_text(terms, encoding="utf-8")
    return tmp_path / "book" / "zh" / "page.md"


def test_sync_copies_the_english_code_cells_and_keeps_the_chinese_prose(tmp_path):
    path = _book(tmp_path)
    assert translations.parity_problems(path, tmp_path)[0].startswith(
        "code cells differ from page.md")
    synced = translations.sync_code_cells(path.read_text(encoding="utf-8"), EN, "page.md")
    assert "x = 1\n```" in synced and "# edited" not in synced and "昆山增长了" in synced
    assert f"from helpers import i18n\n{translations.LANGUAGE_LINE}\nx = 1" in synced
    path.write_text(synced, encoding="utf-8")
    assert translations.parity_problems(path, tmp_path) == []
    # the language line is the one difference allowed: without it the cells differ
    path.write_text(synced.replace(translations.LANGUAGE_LINE + "\n", ""), encoding="utf-8")
    assert translations.parity_problems(path, tmp_path)[0].startswith(
        "code cells differ from page.md")


def test_sync_needs_the_english_page_to_import_i18n():
    with pytest.raises(ValueError, match=r"^page\.md: its first helpers import .* must import "
                                         r"i18n"):
        translations.with_language_line(["```{code-cell}\nfrom helpers import data\n```"],
                                        "page.md")
    with pytest.raises(ValueError, match=r"^page\.md: no code cell imports from helpers"):
        translations.with_language_line(["```{code-cell}\nx = 1\n```"], "page.md")
    assert translations.with_language_line([], "page.md") == []


def test_a_dropped_eval_variable_or_label_is_reported(tmp_path):
    path = _book(tmp_path, zh=ZH_PAGE.replace("{eval}`growth`", "12").replace("(sec-a)=\n", ""))
    problems = " ".join(translations.parity_problems(path, tmp_path))
    assert "eval variables: missing {'growth': 1}" in problems
    assert "labels: missing {'sec-a': 1}" in problems


def test_a_page_with_another_number_of_cells_is_refused_by_sync(tmp_path):
    with pytest.raises(ValueError, match=r"^page\.md: 1 code cells, its English source has 2"):
        translations.sync_code_cells(EN.split("(sec-a)")[0], EN, "page.md")


def test_an_unclosed_cell_and_missing_metadata_are_named(tmp_path):
    with pytest.raises(ValueError, match=r"^x\.md: code cell opened at line 1 never closes"):
        translations.split_page("```{code-cell} ipython3\nx = 1\n", "x.md")
    with pytest.raises(ValueError, match=r"^x\.md: front matter has no 'kunshan_translation'"):
        translations.translation_meta(EN, "x.md")


def test_terms_missing_or_avoided_variants_are_reported(tmp_path):
    path = _book(tmp_path, zh=ZH_PAGE.replace("区域分叉", "区域分支"))
    assert translations.term_problems(path, tmp_path) == [
        "'regional branching' is in the English page; its term 区域分叉 is not used",
        "'区域分支' used: the book's term for 'regional branching' is 区域分叉"]


def test_a_term_list_row_without_its_chinese_is_refused(tmp_path):
    _book(tmp_path, terms="english,chinese,avoid,note\nlock-in,,,\n")
    with pytest.raises(ValueError, match=r"terms\.csv row 2: 'english' and 'chinese'"):
        translations.read_terms(tmp_path / "book" / "zh" / "terms.csv")


def test_a_change_to_the_english_prose_is_listed_and_a_code_change_is_not(tmp_path):
    import subprocess

    path = _book(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "book/page.md"], check=True)
    subprocess.run([*git, "commit", "-qm", "en"], check=True)
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True,
                            check=True).stdout.strip()
    path.write_text(ZH_PAGE.replace("abcdef" + "0" * 34, commit), encoding="utf-8")
    assert translations.english_prose_change(path, tmp_path) == []
    en = tmp_path / "book" / "page.md"
    en.write_text(EN.replace("y = 2", "y = 3"), encoding="utf-8")
    assert translations.english_prose_change(path, tmp_path) == []
    en.write_text(EN.replace("Kunshan grew", "Kunshan's output grew"), encoding="utf-8")
    diff = translations.english_prose_change(path, tmp_path)
    assert "+Kunshan's output grew {eval}`growth` per cent, see {numref}`fig-a`." in diff
