"""The chart contract (helpers.chart_contract): kernel side and site side read one format."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from helpers import chart_contract as contract

pytestmark = pytest.mark.fast


def _chart_spec() -> dict:
    from helpers import charts, data

    return charts.stage_timeline(data.stages()).to_dict()


def test_a_chart_round_trips_through_a_saved_notebook_output():
    """Kernel -> notebook JSON on disk -> site: the site reads back exactly what left."""
    from helpers import charts

    bundle = charts._chart_bundle(_chart_spec())
    saved = json.loads(json.dumps(bundle))  # what nbformat writes and reads
    payload = contract.read_payload(saved[contract.CHART_MIME])
    assert payload.spec == bundle[contract.CHART_MIME]["spec"]
    assert payload.embed == charts.EMBED_OPTIONS
    assert payload.to_dict() == bundle[contract.CHART_MIME]
    # and the text form some front ends store
    assert contract.read_payload(json.dumps(saved[contract.CHART_MIME])) == payload


class _Holder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.script, self.payloads = [], False, []

    def handle_starttag(self, tag, attrs):
        att = dict(attrs)
        if tag == "div" and att.get("class") == contract.HOLDER_CLASS:
            self.ids.append(att["id"])
        self.script = tag == "script" and att.get("class") == contract.SPEC_CLASS

    def handle_data(self, data):
        if self.script:
            self.payloads.append(json.loads(data))


def test_the_holder_carries_the_payload_the_browser_parses():
    spec = {"mark": "text", "title": "A </script><b>title", "description": "d < e"}
    payload = contract.read_payload(contract.chart_bundle(spec)[contract.CHART_MIME])
    page = contract.holder_html("kunshan-chart-3", payload, "<svg></svg>")
    # no text in the spec can close the script element early
    assert page.count("</script>") == 1
    reader = _Holder()
    reader.feed(page)
    assert reader.ids == ["kunshan-chart-3"]
    assert reader.payloads == [payload.to_dict()]


@pytest.mark.parametrize("content, field", [
    ("not json", "not JSON"),
    ([1, 2], "must be an object"),
    ({"version": 2, "spec": {}}, "version 2"),
    ({"spec": {}}, "version None"),
    ({"version": 1, "spec": "bar"}, "'spec'"),
    ({"version": 1, "spec": {}, "embed": []}, "'embed'"),
    ({"version": 1, "spec": {}, "description": 3}, "'description'"),
])
def test_a_bad_payload_is_refused_naming_the_output_and_the_field(content, field):
    with pytest.raises(ValueError, match=rf"^ch04 cell 7: .*{field}"):
        contract.read_payload(content, where="ch04 cell 7")


def test_chart_bundle_refuses_what_is_not_a_spec():
    with pytest.raises(TypeError, match="spec must be a Vega-Lite spec dict"):
        contract.chart_bundle("bar")


def test_the_description_falls_back_to_the_title():
    assert contract.chart_bundle({"title": {"text": "T"}})["text/plain"] == "T [chart]"
    assert contract.chart_bundle({})["text/plain"] == "A chart [chart]"


def _mime(content, mime=contract.CHART_MIME):
    return SimpleNamespace(mime_type=mime, content=content, cell_index=2)


def test_the_myst_nb_plugin_takes_only_the_chart_type_and_uses_the_site_writer():
    renderer = SimpleNamespace(source="book/x.md",
                               renderer=SimpleNamespace(document="the document"))
    plugin = contract.MystNbChartRenderer
    assert plugin.handle_mime(renderer, _mime("<p>", "text/html"), False) is None
    assert ("html", contract.CHART_MIME, 0) in plugin.mime_priority_overrides
    content = contract.chart_bundle({"mark": "bar"})[contract.CHART_MIME]
    seen = []
    try:
        contract.register_site_writer(lambda p, d: seen.append((p, d)) or "<div>drawn</div>")
        (node,) = plugin.handle_mime(renderer, _mime(content), False)
        assert node.astext() == "<div>drawn</div>" and node["format"] == "html"
        assert seen == [(contract.read_payload(content), "the document")]
        with pytest.raises(ValueError, match=r"book/x\.md cell 2: chart payload version 9"):
            plugin.handle_mime(renderer, _mime({"version": 9}), False)
    finally:
        contract.register_site_writer(None)
    # no site writer: the bare holder, which the page script can still draw
    (node,) = plugin.handle_mime(renderer, _mime(content), False)
    assert f'class="{contract.HOLDER_CLASS}"' in node.astext()


def test_the_plugin_is_registered_where_myst_nb_looks_for_it():
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group="myst_nb.mime_renderers")
             if ep.value == "helpers.chart_contract:MystNbChartRenderer"]
    assert found, ("the myst_nb.mime_renderers entry point is missing: reinstall the "
                   "package (pip install -e .) after editing pyproject.toml")
    assert found[0].load() is contract.MystNbChartRenderer


def test_register_site_writer_refuses_what_cannot_be_called():
    with pytest.raises(TypeError, match="writer must be callable"):
        contract.register_site_writer("write")


def test_the_build_stops_when_myst_nb_does_not_know_the_chart_renderer(monkeypatch):
    """Without the entry point no chart could be drawn; the build says how to fix it."""
    import sys

    from conftest import ROOT
    from myst_nb.core import render
    from sphinx.errors import ExtensionError

    sys.path.insert(0, str(ROOT / "_ext"))
    import kunshan_site

    monkeypatch.setattr(render, "load_mime_renders", lambda: [])
    with pytest.raises(ExtensionError, match=r"chart renderer .*Run `make install`"):
        kunshan_site._require_chart_renderer()
