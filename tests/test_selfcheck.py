"""Self-checks (issue 22): right, close or wrong with a hint; never the answer.

That every self-check calls its exercise's own solution "right" is checked where the
chapters run anyway, in ``tests/test_notebooks.py``.
"""

from __future__ import annotations

import re

import jupytext
import pytest
from conftest import ROOT

from helpers import selfcheck
from helpers.selfcheck import check, verdict

pytestmark = pytest.mark.fast

LABELS = selfcheck.labels()


def _shown(value: float | str) -> list[str]:
    """Ways the expected answer could be written in a message."""
    if isinstance(value, str):
        return [value.lower()]
    forms = {f"{value:.{d}f}" for d in range(0, 5)} | {f"{value:,.0f}", f"{value:.3g}"}
    return [f for f in forms if len(f.strip("0.,-")) >= 2]


def test_every_self_check_names_a_real_exercise_and_sits_under_it():
    for label in LABELS:
        item = selfcheck.CHECKS[label]
        text = (ROOT / "book" / f"{item.chapter}.md").read_text(encoding="utf-8")
        assert re.search(rf"^:label: {re.escape(label)}$", text, flags=re.M), label
        line = f'check("{label}", ...)'
        assert text.count(line) == 1, label
        # under the exercise, before its solution
        assert text.index(f":label: {label}") < text.index(line) < text.index(
            f"{{solution-start}} {label}"), label


def test_the_check_line_shows_on_the_site_as_a_note_not_as_code():
    for label in LABELS:
        nb = jupytext.read(ROOT / "book" / f"{selfcheck.CHECKS[label].chapter}.md")
        cell = next(c for c in nb.cells if f'check("{label}"' in c.source)
        assert cell.cell_type == "code"
        assert cell.metadata.get("tags") == ["remove-input"], label  # the input is hidden
        assert "jupyter" not in cell.metadata  # and open in JupyterLab


def test_self_checks_cover_every_article_chapter_with_a_short_answer():
    chapters = {selfcheck.CHECKS[label].chapter for label in LABELS}
    assert {f"ch0{i}" for i in range(1, 8)} <= {c[:4] for c in chapters}
    assert len(LABELS) >= 8


@pytest.mark.parametrize("label", LABELS)
def test_right_close_and_wrong_answers_are_told_apart(label):
    expected = selfcheck.answer_of(label)
    assert check(label, expected).status == "right"
    if isinstance(expected, str):
        assert check(label, expected.upper() + " ").status == "right"
        assert check(label, expected[:-1] + "x").status in ("close", "wrong")
        assert check(label, "zzzzzz").status == "wrong"
        return
    item = selfcheck.CHECKS[label]
    if item.close_tol > item.rel_tol:
        between = expected * (1 + (item.rel_tol + item.close_tol) / 2)
        assert check(label, between).status == "close"
    assert check(label, expected * 3 + 7).status == "wrong"


@pytest.mark.parametrize("label", LABELS)
def test_no_message_shows_the_expected_answer(label):
    expected = selfcheck.answer_of(label)
    if isinstance(expected, str):
        answers = [expected, expected[:-1], "zzz", ...]
    else:
        answers = [expected, expected * 1.04, expected * 5 + 1, expected * 100, ...]
    for answer in answers:
        message = repr(check(label, answer)).lower()
        leaked = [f for f in _shown(expected) if f.lower() in message]
        assert leaked == [], (label, answer, message)


def test_a_share_given_as_a_percentage_is_close_with_a_unit_hint():
    share = selfcheck.answer_of("chk-ex-bound")
    result = check("chk-ex-bound", share * 100)
    assert result.status == "close" and "percentage" in result.message


def test_without_an_answer_it_says_what_to_enter(monkeypatch):
    monkeypatch.delenv("KUNSHAN_STATIC_BUILD", raising=False)
    live = check("ch05-ex-floor")
    assert live.status == "todo" and "Replace `...`" in live._repr_markdown_()
    monkeypatch.setenv("KUNSHAN_STATIC_BUILD", "1")
    site = check("ch05-ex-floor", ...)
    assert "live notebook" in site._repr_markdown_() and "Replace" not in site.message


def test_bad_label_and_bad_answer_raise_clear_errors():
    with pytest.raises(ValueError, match=r"no self-check for exercise 'ex-5-2'.*ch05-ex-floor"):
        check("ex-5-2", 1.0)
    with pytest.raises(ValueError, match=r"answer must be a number, got 'high'"):
        verdict("ch05-ex-floor", "high")
    with pytest.raises(ValueError, match=r"answer must be a word \(text\), got 3"):
        verdict("ch04-ex-resources", 3)
    with pytest.raises(ValueError, match="NaN"):
        verdict("ch05-ex-floor", float("nan"))


def test_expected_answers_follow_the_data(tmp_path, monkeypatch):
    """Computed from data/, not typed: a changed table changes the expected answer."""
    from helpers import data

    real = data.load("concentration")
    changed = real.copy()
    row = (changed["measure"] == "share_of_manufacturing") & (changed["code"] == 40) & (
        changed["year"] == 2009)
    changed.loc[row, "value"] = 50.0

    def fake_lookup(name, **criteria):
        frame = changed if name == "concentration" else data.load(name)
        hit = frame
        for key, value in criteria.items():
            hit = hit[hit[key] == value]
        return hit.iloc[0]

    monkeypatch.setattr(selfcheck.data, "lookup", fake_lookup)
    assert selfcheck.CHECKS["ch05-ex-floor"].expected() == pytest.approx(0.25)


def test_the_self_check_speaks_chinese_in_the_chinese_edition_and_takes_a_chinese_word():
    import sys
    from pathlib import Path

    from helpers import i18n

    sys.path.insert(0, str(Path(__file__).parent))
    from zhcheck import english_words

    with i18n.using("zh"):
        for label in selfcheck.labels():
            todo = selfcheck.check(label).message
            assert todo.startswith("**自测。**"), todo
            wrong = selfcheck.check(label, "zzz" if isinstance(selfcheck.answer_of(label), str)
                                    else -12345.0)
            assert wrong.status == "wrong" and wrong.message.startswith("**还不对。**")
        # the resource may be answered with its code or its Chinese name
        assert selfcheck.check("ch04-ex-resources", "资本").status == "right"
        assert selfcheck.check("ch04-ex-resources", "capital").status == "right"
        assert not english_words(selfcheck.asks("ch07-ex-turnover"))
    assert selfcheck.check("ch04-ex-resources").message.startswith("**Self-check.**")
    assert selfcheck.check("ch04-ex-resources", "资本").status == "wrong"
