"""The chart contract: how a chart leaves the kernel and how the site writes it.

One module, imported by both sides, so the format is written down once:

* **Kernel side.** The book's ``kunshan`` Altair renderer (:mod:`helpers.charts.theme`)
  returns :func:`chart_bundle`: the chart as its own MIME type, :data:`CHART_MIME`, whose
  content is a :class:`ChartPayload` (the responsive Vega-Lite spec, the embed options and
  the chart's accessible description), next to a ``text/plain`` fallback that names the
  chart. Nothing in it is HTML.
* **Site side.** myst-nb finds :class:`MystNbChartRenderer` through its public
  MIME-renderer plugin interface (the ``myst_nb.mime_renderers`` entry point in
  ``pyproject.toml``). It reads the payload with :func:`read_payload` and hands it to the
  *site writer* that the book's Sphinx extension registered with
  :func:`register_site_writer` (``_ext/kunshan_site.py``: it draws the build-time SVG
  and flags the page). Without a registered writer (e.g. plain myst-nb on another
  project) it writes the bare holder, which the page script draws in the browser.
* **The holder.** :func:`holder_html` is the only writer of the chart's HTML: a ``div``
  (:data:`HOLDER_CLASS`, with an ``id``) holding the static drawings, and the payload in a
  ``<script type="application/json">`` (:data:`SPEC_CLASS`) that the page script
  (``_ext/kunshan_charts.js``) parses to draw the interactive view.

A live JupyterLab never sees this MIME type: there the book switches to Altair's offline
chart widget (:mod:`helpers.charts.live`).
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CHART_MIME",
    "CONTRACT_VERSION",
    "HOLDER_CLASS",
    "STATIC_CLASS",
    "SPEC_CLASS",
    "ChartPayload",
    "chart_bundle",
    "read_payload",
    "payload_json",
    "holder_html",
    "register_site_writer",
    "MystNbChartRenderer",
]

#: The chart's MIME type in a notebook output (version 1 of the payload below).
CHART_MIME = "application/vnd.kunshan.chart+json"
#: Version of :class:`ChartPayload`'s fields; :func:`read_payload` refuses another.
CONTRACT_VERSION = 1
#: Class of the ``div`` that holds a chart on the site (its ``id`` is the chart's).
HOLDER_CLASS = "kunshan-chart"
#: Class of the ``div`` inside the holder that holds the build-time drawings.
STATIC_CLASS = "kunshan-chart-static"
#: Class of the ``<script type="application/json">`` carrying the payload to the browser.
SPEC_CLASS = "kunshan-chart-spec"
#: Builders that get the chart MIME type before any other (myst-nb ranks lower first; 0
#: puts it before myst-nb's own example plugin type at 1).
SITE_BUILDERS = ("html", "dirhtml", "singlehtml", "readthedocs", "readthedocsdirhtml")


@dataclass(frozen=True)
class ChartPayload:
    """What a chart output carries: the spec to draw, how to embed it, what it shows.

    Attributes
    ----------
    spec
        The Vega-Lite spec, already sized to its container by the renderer.
    embed
        vega-embed options (renderer, actions).
    description
        The chart's accessible description (the spec's ``description``, else its title).

    """

    spec: dict[str, Any]
    embed: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the payload as the JSON-ready dict stored under :data:`CHART_MIME`."""
        return {"version": CONTRACT_VERSION, "spec": self.spec, "embed": self.embed,
                "description": self.description}


def _describe(spec: Mapping[str, Any]) -> str:
    """Return the chart's description: its ``description``, else its title, else a stub."""
    if spec.get("description"):
        return str(spec["description"])
    title = spec.get("title")
    if isinstance(title, Mapping):
        title = title.get("text")
    if isinstance(title, str) and title:
        return title
    if isinstance(title, list) and title:
        return " ".join(str(t) for t in title)
    return "A chart"


def chart_bundle(spec: Mapping[str, Any], embed: Mapping[str, Any] | None = None
                 ) -> dict[str, Any]:
    """Return the mimebundle of a chart: :data:`CHART_MIME` plus a plain-text fallback.

    Parameters
    ----------
    spec
        A Vega-Lite spec (a dict, as from ``chart.to_dict()``), sized as it should be drawn.
    embed
        vega-embed options.

    Returns
    -------
    dict
        ``{CHART_MIME: payload dict, "text/plain": "<description> [chart]"}``.

    Examples
    --------
    >>> bundle = chart_bundle({"mark": "point", "description": "Two points."})
    >>> sorted(bundle)
    ['application/vnd.kunshan.chart+json', 'text/plain']
    >>> bundle["text/plain"]
    'Two points. [chart]'

    """
    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a Vega-Lite spec dict, got {type(spec).__name__}")
    payload = ChartPayload(dict(spec), dict(embed or {}), _describe(spec))
    return {CHART_MIME: payload.to_dict(), "text/plain": f"{payload.description} [chart]"}


def read_payload(content: Any, where: str = "chart output") -> ChartPayload:
    """Read and check the content of a :data:`CHART_MIME` output.

    Parameters
    ----------
    content
        The output's data for :data:`CHART_MIME`: a dict, or its JSON text.
    where
        Names the output in error messages (e.g. the document and cell).

    Raises
    ------
    ValueError
        If the content is not a version-:data:`CONTRACT_VERSION` payload; the message
        names ``where`` and the field at fault.

    Examples
    --------
    >>> read_payload({"version": 1, "spec": {"mark": "bar"}}).spec
    {'mark': 'bar'}
    >>> read_payload({"version": 2, "spec": {}}, where="ch01 cell 3")
    Traceback (most recent call last):
    ...
    ValueError: ch01 cell 3: chart payload version 2, this book reads version 1

    """
    if isinstance(content, str):
        try:
            content = json.loads(content)
        except json.JSONDecodeError as err:
            raise ValueError(f"{where}: chart payload is not JSON ({err})") from None
    if not isinstance(content, Mapping):
        raise ValueError(f"{where}: chart payload must be an object, got "
                         f"{type(content).__name__}")
    version = content.get("version")
    if version != CONTRACT_VERSION:
        raise ValueError(f"{where}: chart payload version {version}, this book reads "
                         f"version {CONTRACT_VERSION}")
    spec, embed = content.get("spec"), content.get("embed", {})
    if not isinstance(spec, Mapping):
        raise ValueError(f"{where}: chart payload field 'spec' must be an object")
    if not isinstance(embed, Mapping):
        raise ValueError(f"{where}: chart payload field 'embed' must be an object")
    description = content.get("description", "")
    if not isinstance(description, str):
        raise ValueError(f"{where}: chart payload field 'description' must be text")
    return ChartPayload(dict(spec), dict(embed), description or _describe(spec))


def payload_json(payload: ChartPayload) -> str:
    """Return the payload as compact JSON safe inside ``<script>`` (``<`` escaped)."""
    text = json.dumps(payload.to_dict(), separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c")


def holder_html(ident: str, payload: ChartPayload, drawings: str = "") -> str:
    """Return the chart's HTML on the site: the holder with its drawings, and the payload.

    Parameters
    ----------
    ident
        The holder's ``id``, unique on its page.
    payload
        The chart.
    drawings
        HTML of the build-time drawings (static SVG); empty for none.

    Examples
    --------
    >>> page = holder_html("c-0", ChartPayload({"mark": "bar"}))
    >>> page.startswith('<div id="c-0" class="kunshan-chart">')
    True

    """
    safe = html.escape(ident, quote=True)
    return (f'<div id="{safe}" class="{HOLDER_CLASS}"><div class="{STATIC_CLASS}">'
            f'{drawings}</div></div><script type="application/json" class="{SPEC_CLASS}" '
            f'data-for="{safe}">{payload_json(payload)}</script>')


# ---------------------------------------------------------------------------
# the site side: one writer, registered by the book's Sphinx extension
# ---------------------------------------------------------------------------
#: ``writer(payload, document) -> html``; see :func:`register_site_writer`.
SiteWriter = Callable[[ChartPayload, Any], str]
_site_writer: SiteWriter | None = None
_bare_ids = itertools.count()


def register_site_writer(writer: SiteWriter | None) -> None:
    """Make ``writer`` write every chart output of the build (None: the bare holder).

    ``writer(payload, document)`` gets the chart and the docutils document it is in, and
    returns the chart's HTML (normally :func:`holder_html` with drawings).
    """
    global _site_writer
    if writer is not None and not callable(writer):
        raise TypeError("register_site_writer: writer must be callable or None")
    _site_writer = writer


class MystNbChartRenderer:
    """myst-nb MIME-renderer plugin for :data:`CHART_MIME` (entry point, public API)."""

    #: the chart type wins over every other output type on the HTML builders
    mime_priority_overrides = [(builder, CHART_MIME, 0) for builder in SITE_BUILDERS]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list | None:
        """Return the chart's docutils nodes, or None for any other MIME type."""
        if data.mime_type != CHART_MIME:
            return None
        from docutils import nodes

        where = f"{getattr(renderer, 'source', 'notebook')} cell {data.cell_index}"
        payload = read_payload(data.content, where=where)
        writer = _site_writer
        if writer is None:
            text = holder_html(f"kunshan-chart-{next(_bare_ids)}", payload)
        else:
            text = writer(payload, renderer.renderer.document)
        return [nodes.raw("", text, format="html", classes=["output", "text_html"])]
