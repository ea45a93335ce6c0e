"""The upstream versions whose internals the book's extensions rely on (issue 23, item 2).

The local extensions reach into upstream internals that no release promises to keep:
Sphinx's ``make_chunks``, ``app.parallel``, ``app.events.listeners`` and private
``_JavaScript`` and ``env.toc_fignumbers``; myst-nb's ``HideCodeCellNode`` and the HTML its
visitor and docutils' citation visitor write (copied with one change); the node tree myst-nb
builds for a code cell (its metadata and outputs, read by ``kunshan_figures``); the
stylesheet, Font Awesome fonts, ``layout.html`` blocks and components of pydata-sphinx-theme;
the ``html-page-context`` priorities of sphinx-book-theme; sphinx-thebe's handler; and
jupyter_client's ``AsyncZMQSocketChannel.send``. ``tests/test_upstream.py`` holds a canary
for each, which fails naming the package and version when the internal changes.

Each extension's ``setup()`` (and :func:`kunshan_kernels.install`) calls :func:`require` for
the packages it leans on, so an upgrade past the versions the canaries passed on stops the
build with a message that says what to do, instead of changing the site silently. To try
newer releases (the weekly ``upstream`` workflow does), set ``KUNSHAN_UPSTREAM=warn``: the
mismatch is then printed and the build goes on.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import PackageNotFoundError, version

#: Release series whose internals ``tests/test_upstream.py`` passed on (``~=``: the same
#: minor series, any later patch release).
SUPPORTED: dict[str, str] = {
    "sphinx": "~=7.4.7",
    "docutils": "~=0.21.2",
    "myst-nb": "~=1.4.0",
    "sphinx-exercise": "~=1.2.1",
    "sphinx-thebe": "~=0.3.1",
    "sphinx-book-theme": "~=1.3.0",
    "pydata-sphinx-theme": "~=0.17.1",
    "jupyter-client": "~=8.10.0",
    "pyzmq": "~=27.3.0",
    "nbclient": "~=0.11.0",
}
SWITCH = "KUNSHAN_UPSTREAM"


class UnsupportedUpstreamError(RuntimeError):
    """An upstream package is outside the versions whose internals were checked."""


def unsupported(*packages: str) -> list[str]:
    """Return a sentence for each of ``packages`` installed outside :data:`SUPPORTED`."""
    from packaging.specifiers import SpecifierSet

    problems = []
    for name in packages:
        try:
            found = version(name)
        except PackageNotFoundError:
            problems.append(f"{name} is not installed (checked: {SUPPORTED[name]})")
            continue
        if found not in SpecifierSet(SUPPORTED[name]):
            problems.append(f"{name} {found} is installed; its internals were checked for "
                            f"{SUPPORTED[name]}")
    return problems


def require(user: str, *packages: str) -> None:
    """Stop unless every one of ``packages`` is a version ``user`` was checked against.

    Raises
    ------
    UnsupportedUpstreamError
        Naming each package, its installed version and the checked series, unless
        ``KUNSHAN_UPSTREAM=warn`` (then the message is printed to stderr).

    """
    problems = unsupported(*packages)
    if not problems:
        return
    message = (f"{user} relies on upstream internals: " + "; ".join(problems) + ". Run "
               "`make test-fast` (tests/test_upstream.py checks each internal), then widen "
               "SUPPORTED in _ext/kunshan_upstream.py; KUNSHAN_UPSTREAM=warn builds anyway.")
    if os.environ.get(SWITCH) == "warn":
        print(f"warning: {message}", file=sys.stderr)
        return
    raise UnsupportedUpstreamError(message)
