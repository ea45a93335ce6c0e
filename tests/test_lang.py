"""The Chinese edition's build settings (_ext/kunshan_lang.py, scripts/zh_config.py)."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "scripts"))

import kunshan_lang  # noqa: E402
import zh_config  # noqa: E402

pytestmark = pytest.mark.fast


def test_chinese_text_is_indexed_as_overlapping_pairs_and_latin_as_words():
    search = kunshan_lang.SearchChineseBigrams({})
    assert search.split("昆山的技术关联 HHI 2002") == [
        "昆山", "山的", "的技", "技术", "术关", "关联", "HHI", "2002"]
    # a lone character is a word of its own, and the index keeps it
    assert kunshan_lang.cjk_bigrams("图 表") == ["图", "表"]
    assert search.word_filter("图") and not search.word_filter("a")


def test_the_browser_cuts_a_query_the_way_the_index_was_cut():
    """The JavaScript splitter gives the same terms as the Python one (run in Node if any)."""
    import json
    import shutil
    import subprocess

    node = shutil.which("node")
    query = "技术关联 HHI 图"
    expected = kunshan_lang.cjk_bigrams(query) + ["HHI"]
    if node is None:  # the build still ships the function; check its text at least
        assert "function splitQuery(query)" in kunshan_lang.JS_SPLITTER
        return
    script = kunshan_lang.JS_SPLITTER + f"\nconsole.log(JSON.stringify(splitQuery({query!r})));"
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == expected


def test_the_switch_leads_to_the_same_page_in_the_other_language(tmp_path):
    (tmp_path / "book" / "zh").mkdir(parents=True)
    for path in ("book/ch04.md", "book/zh/ch04.md", "book/metrics_lab.md"):
        (tmp_path / path).write_text("x", encoding="utf-8")
    assert kunshan_lang.counterpart("book/ch04", "en", tmp_path) == "../zh/book/zh/ch04.html"
    assert kunshan_lang.counterpart("book/zh/ch04", "zh", tmp_path) == "../../../book/ch04.html"
    # no counterpart: the other language's landing page
    assert kunshan_lang.counterpart("book/metrics_lab", "en", tmp_path) == (
        "../zh/book/zh/index.html")
    assert kunshan_lang.counterpart("search", "en", tmp_path) == "zh/book/zh/index.html"
    assert kunshan_lang.counterpart("book/zh/extra", "zh", tmp_path) == (
        "../../../book/index.html")


def test_every_chinese_page_has_an_english_page_to_switch_to():
    for path in (ROOT / "book" / "zh").glob("*.md"):
        assert (ROOT / "book" / path.name).exists(), path.name


def test_the_chinese_configuration_is_the_english_one_with_the_overlay_on_top():
    merged = zh_config.merged_config()
    english = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config = merged["sphinx"]["config"]
    assert config["language"] == "zh_CN" and config["kunshan_lang"] == "zh"
    assert merged["title"] != english["title"]
    # everything else comes from _config.yml (e.g. the theme options, the execution mode)
    assert config["html_theme_options"] == english["sphinx"]["config"]["html_theme_options"]
    assert config["nb_execution_mode"] == english["sphinx"]["config"]["nb_execution_mode"]
    assert "book/zh" not in merged["exclude_patterns"]
    for folder in merged["sphinx"]["local_extensions"].values():
        assert (ROOT / "_ext").resolve() == type(ROOT)(folder)


def test_overlay_merges_mappings_and_replaces_the_rest():
    assert zh_config.overlay({"a": {"x": 1, "y": [1]}}, {"a": {"y": [2]}, "b": 3}) == {
        "a": {"x": 1, "y": [2]}, "b": 3}


def test_the_chinese_toc_lists_every_translated_page_and_the_two_english_ones():
    import re

    toc = (ROOT / "_toc_zh.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"(?:file|root): book/zh/(\w+)", toc))
    on_disk = {p.stem for p in (ROOT / "book" / "zh").glob("*.md")}
    assert listed == on_disk


def test_a_reference_to_an_english_only_page_links_there_in_the_chinese_edition(tmp_path):
    from docutils import nodes

    app = SimpleNamespace(config=SimpleNamespace(kunshan_lang="zh"), srcdir=str(ROOT))
    env = SimpleNamespace()
    node = {"refdomain": "std", "reftype": "numref", "reftarget": "lab-ex-variety",
            "refdoc": "book/zh/instructors"}
    link = kunshan_lang._to_english_page(app, env, node, nodes.Text("x"))
    assert link["refuri"] == "../../../book/metrics_lab.html#lab-ex-variety"
    assert link.astext() == "指标实验室中的练习（英文）"
    # any other missing label stays missing (the strict build then fails on it)
    node["reftarget"] = "no-such-label"
    assert kunshan_lang._to_english_page(app, env, node, nodes.Text("x")) is None
    app.config.kunshan_lang = "en"
    node["reftarget"] = "lab-ex-variety"
    assert kunshan_lang._to_english_page(app, env, node, nodes.Text("x")) is None


def test_an_unknown_language_is_refused_naming_the_setting():
    app = SimpleNamespace()
    config = SimpleNamespace(kunshan_lang="fr")
    with pytest.raises(ValueError, match="kunshan_lang must be one of en, zh, got 'fr'"):
        kunshan_lang._choose_language(app, config)


@pytest.mark.parametrize("edition", ["full", "student"])
def test_the_switch_stays_in_the_edition_both_ways(edition):
    """Student edition under student/, its Chinese edition under student/zh/: a student page
    switches to the student page of the other language, and back (issue 24)."""
    import posixpath

    prefix = "student/" if edition == "student" else ""
    config = SimpleNamespace(kunshan_lang="en", kunshan_edition=edition)
    app = SimpleNamespace(config=config, srcdir=str(ROOT))
    context: dict = {}
    kunshan_lang._switch(app, "book/ch04_origins", "page.html", context, None)
    # resolved from the page's place in the published site
    there = posixpath.normpath(posixpath.join(f"{prefix}book",
                                              context["kunshan_lang_switch"]["href"]))
    assert there == f"{prefix}zh/book/zh/ch04_origins.html"
    config.kunshan_lang = "zh"
    kunshan_lang._switch(app, "book/zh/ch04_origins", "page.html", context, None)
    back = posixpath.normpath(posixpath.join(f"{prefix}zh/book/zh",
                                             context["kunshan_lang_switch"]["href"]))
    assert back == f"{prefix}book/ch04_origins.html"
    assert context["kunshan_lang_switch"]["hreflang"] == "en"


@pytest.mark.parametrize("edition", ["full", "student"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_edition_note_links_the_other_edition_in_the_same_language(edition, lang):
    import posixpath

    from helpers import pages

    page = "book/zh/index" if lang == "zh" else "book/index"
    here = pages.site_prefix(edition, lang) + page
    href = pages.other_edition_href("book/index", edition, lang)
    other = "student" if edition == "full" else "full"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), href))
    assert target == f"{pages.site_prefix(other, lang)}{page}.html"
    # the kernel's language is the default
    from helpers import i18n

    with i18n.using(lang):
        assert pages.other_edition_href("book/index", edition) == href


def test_vl_convert_finds_a_chinese_font_of_the_charts_stack():
    """`make fonts` (run by `make book` and `make test`) installs Noto CJK; vl-convert
    measures Chinese chart labels with it (issue 24: not with a stand-in font)."""
    assert "Noto Sans CJK SC" in kunshan_lang.cjk_chart_fonts()


def test_a_missing_chinese_font_stops_the_chinese_build_naming_the_fix(tmp_path, monkeypatch):
    """A machine without Chinese fonts: fontconfig (which vl-convert reads) pointed at an
    empty folder. The Chinese build stops as its configuration is read, naming the fix."""
    from sphinx.errors import ConfigError

    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts.conf").write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "fonts"}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>", encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "fonts.conf"))
    assert kunshan_lang.cjk_chart_fonts() == []
    config = SimpleNamespace(kunshan_lang="zh", exclude_patterns=["book/zh"],
                             language="zh_CN", external_toc_path="_toc_zh.yml")
    with pytest.raises(ConfigError, match=r"needs a Chinese font.*make fonts.*fonts-noto-cjk"):
        kunshan_lang._choose_language(SimpleNamespace(), config)
    kunshan_lang.require_cjk_font(["Noto Sans CJK SC"])  # found: nothing to say
