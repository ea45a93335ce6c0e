"""Keep the Chinese edition's pages in step with the English ones (issue 24).

A translated page ``book/zh/<stem>.md`` is a copy of ``book/<stem>.md`` whose prose is in
Chinese. Its code cells are the English page's code cells, byte for byte, and its front
matter records what it was translated from::

    kunshan_translation:
      source: book/<stem>.md
      source_commit: <commit of the English file the prose was translated from>
      language: zh-CN

Usage::

    python scripts/translations.py sync             # copy the English code cells into every zh page
    python scripts/translations.py sync --check     # exit 1 if a zh page's code cells differ
    python scripts/translations.py stale            # zh pages whose English prose changed since
    python scripts/translations.py stale --diff     # ... with the English prose diff to translate

After translating the changes ``stale --diff`` shows, set ``source_commit`` to the English
file's latest commit (``git log -1 --format=%H -- book/<stem>.md``).
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ZH_DIR = ROOT / "book" / "zh"
TERMS = ZH_DIR / "terms.csv"
FENCE = re.compile(r"^(`{3,}|:{3,})\s*\{([a-z-]+)\}")
META_KEY = "kunshan_translation"


@dataclass(frozen=True)
class Page:
    """A page split into its front matter, code cells (verbatim) and prose."""

    front: str
    cells: list[str]
    prose: str


def split_page(text: str, name: str = "page") -> Page:
    r"""Split a MyST notebook into front matter, its ``{code-cell}`` blocks and the rest.

    Raises
    ------
    ValueError
        If a code cell is never closed (naming ``name`` and the line).

    Examples
    --------
    >>> page = split_page("---\na: 1\n---\ntext\n```{code-cell} ipython3\nx = 1\n```\nmore")
    >>> page.cells, page.prose
    (['```{code-cell} ipython3\nx = 1\n```'], 'text\n\x00\nmore')

    """
    front = ""
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4) + 5
        front, text = text[:end], text[end:]
    lines = text.split("\n")
    cells, prose, i = [], [], 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if match and match.group(2) == "code-cell":
            fence, start = match.group(1), i
            i += 1
            while i < len(lines) and lines[i].rstrip() != fence:
                i += 1
            if i == len(lines):
                raise ValueError(f"{name}: code cell opened at line {start + 1} never closes")
            cells.append("\n".join(lines[start:i + 1]))
            prose.append("\0")  # where the cell was
        else:
            prose.append(lines[i])
        i += 1
    return Page(front, cells, "\n".join(prose))


def join_page(page: Page) -> str:
    """Inverse of :func:`split_page`."""
    cells = iter(page.cells)
    body = "\n".join(next(cells) if line == "\0" else line for line in page.prose.split("\n"))
    return page.front + body


def translation_meta(text: str, name: str = "page") -> dict:
    """Return the ``kunshan_translation`` block of a zh page's front matter (checked)."""
    page = split_page(text, name)
    meta = (yaml.safe_load(page.front.strip("-\n")) or {}).get(META_KEY) if page.front else None
    if not isinstance(meta, dict):
        raise ValueError(f"{name}: front matter has no '{META_KEY}' block")
    for key in ("source", "source_commit", "language"):
        if meta.get(key) in (None, ""):
            raise ValueError(f"{name}: '{META_KEY}' lacks '{key}'")
    if not re.fullmatch(r"[0-9a-f]{40}", str(meta["source_commit"])):
        raise ValueError(f"{name}: source_commit must be a full commit hash in quotes, got "
                         f"{meta['source_commit']!r}")
    return meta


def zh_pages(root: Path = ROOT) -> list[Path]:
    """Every translated page of ``book/zh/``.

    Pages that only point at an English one (the metrics lab's and the ASIF page's) carry
    ``kunshan_zh_page`` instead and are not translations.
    """
    return sorted(p for p in (root / "book" / "zh").glob("*.md")
                  if f"\n{META_KEY}:" in p.read_text(encoding="utf-8").split("\n---\n", 1)[0])


def english_source(zh_path: Path, root: Path = ROOT) -> Path:
    """Return the English page a zh page translates (from its front matter)."""
    meta = translation_meta(zh_path.read_text(encoding="utf-8"), zh_path.name)
    source = root / meta["source"]
    if not source.exists():
        raise ValueError(f"{zh_path.name}: source {meta['source']} does not exist")
    return source


#: The one line a zh page's code adds to its English source's: it follows the first
#: ``from helpers import ...`` line (which must import ``i18n``), so that charts, tables
#: and the text values the code writes come out in Chinese.
LANGUAGE_LINE = 'i18n.use_language("zh")  # 中文版：图表、表格和代码写出的文字用中文'


def with_language_line(cells: list[str], name: str = "page") -> list[str]:
    """Return the English page's ``cells`` as the zh page has them: with :data:`LANGUAGE_LINE`.

    Raises
    ------
    ValueError
        If a page with code cells has none that imports from ``helpers``, or its import
        does not include ``i18n`` (naming ``name``).

    """
    for index, cell in enumerate(cells):
        lines = cell.split("\n")
        for at, line in enumerate(lines):
            if line.startswith("from helpers import"):
                imported = {n.strip() for n in line.split("import", 1)[1].split(",")}
                if "i18n" not in imported:
                    raise ValueError(f"{name}: its first helpers import ({line!r}) must "
                                     f"import i18n, for the zh page's language line")
                lines.insert(at + 1, LANGUAGE_LINE)
                return [*cells[:index], "\n".join(lines), *cells[index + 1:]]
    if cells:
        raise ValueError(f"{name}: no code cell imports from helpers (the zh page's language "
                         f"line follows that import)")
    return cells  # a page without code (the glossary) has no language line


def sync_code_cells(zh_text: str, en_text: str, name: str = "page") -> str:
    """Return ``zh_text`` with each code cell replaced by the English page's cell.

    Raises
    ------
    ValueError
        If the two pages have different numbers of code cells (naming ``name``).

    """
    zh, en = split_page(zh_text, name), split_page(en_text, name)
    if len(zh.cells) != len(en.cells):
        raise ValueError(f"{name}: {len(zh.cells)} code cells, its English source has "
                         f"{len(en.cells)}: add or remove cells in the zh page first")
    return join_page(Page(zh.front, with_language_line(en.cells, name), zh.prose))


_ROLE = r"\{%s\}`([^`]+)`"


def structure(prose: str) -> dict[str, Counter]:
    """Return what must match between a page and its translation, read from its prose.

    ``{eval}`` variables, labels, directives, exercise/solution labels, cross-reference
    targets, citations, glossary terms referenced and maths.
    """
    def targets(role: str) -> Counter:
        return Counter(" ".join(re.sub(r"^.*<([^>]+)>$", r"\1", t, flags=re.S).split())
                       for t in re.findall(_ROLE % role, prose))

    return {
        "eval variables": Counter(re.findall(_ROLE % "eval", prose)),
        "labels": Counter(re.findall(r"^\(([^)\s]+)\)=\s*$", prose, re.M)),
        "directives": Counter(m.group(2) for m in map(FENCE.match, prose.split("\n")) if m),
        "directive labels": Counter(re.findall(r"^:label:\s*(\S+)", prose, re.M)),
        "numbered references": targets("numref"),
        "references": targets("ref"),
        "documents": targets("doc"),
        "citations": Counter(re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", prose)),
        "glossary terms": Counter(t.lower() for t in targets("term").elements()),
        "maths": Counter(re.findall(r"\{math\}`([^`]+)`|\$\$([^$]+)\$\$", prose)),
    }


def parity_problems(zh_path: Path, root: Path = ROOT) -> list[str]:
    """How a zh page differs from its English source where it must not."""
    en_path = english_source(zh_path, root)
    zh = split_page(zh_path.read_text(encoding="utf-8"), zh_path.name)
    en = split_page(en_path.read_text(encoding="utf-8"), en_path.name)
    problems = []
    try:
        expected = with_language_line(en.cells, en_path.name)
    except ValueError as err:
        return [str(err)]
    if zh.cells != expected:
        differ = [i + 1 for i, (a, b) in enumerate(zip(zh.cells, expected, strict=False))
                  if a != b]
        problems.append(f"code cells differ from {en_path.name} (plus the language line): "
                        f"{len(zh.cells)} vs {len(expected)} cells, differing {differ[:5]} "
                        "(run: python scripts/translations.py sync)")
    zs, es = structure(zh.prose), structure(en.prose)
    # a translation may link more glossary terms than its source, never fewer
    zs["glossary terms"] &= es["glossary terms"]
    for key in es:
        if zs[key] != es[key]:
            problems.append(f"{key}: missing {dict(es[key] - zs[key])}, "
                            f"extra {dict(zs[key] - es[key])}")
    return problems


def read_terms(path: Path = TERMS) -> list[dict[str, str]]:
    """Read the term list: english, chinese, avoid (``;``-separated variants), note."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for n, row in enumerate(rows, start=2):
        if not row.get("english") or not row.get("chinese"):
            raise ValueError(f"{path.name} row {n}: 'english' and 'chinese' are required")
    return rows


def _plain(prose: str) -> str:
    """Prose as read: a role's display text kept, targets, links and inline code dropped."""
    prose = re.sub(r"\{term\}`([^`<]*?)\s*<[^>]*>`", r"\1", prose)
    prose = re.sub(r"\{(?:term|abbr)\}`([^`]*)`", r"\1", prose)
    prose = re.sub(r"\{[a-z:]+\}`[^`]*`", " ", prose)
    prose = re.sub(r"\]\([^)]*\)", "]", prose)
    return re.sub(r"`[^`]*`", " ", prose)


def term_problems(zh_path: Path, root: Path = ROOT,
                  terms: list[dict[str, str]] | None = None) -> list[str]:
    """Where a zh page uses a listed term inconsistently.

    A listed English term in the English page's prose must appear in its Chinese form in
    the translation, and a variant the list says to avoid must not appear (the glossary
    may name variants, to say that usage varies).
    """
    terms = read_terms(root / "book" / "zh" / "terms.csv") if terms is None else terms
    en = _plain(split_page(english_source(zh_path, root).read_text(encoding="utf-8")).prose)
    zh = _plain(split_page(zh_path.read_text(encoding="utf-8")).prose)
    problems = []
    for row in terms:
        english, chinese = row["english"], row["chinese"]
        if re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", en, re.I) and chinese not in zh:
            problems.append(f"'{english}' is in the English page; its term {chinese} is not used")
        if zh_path.stem != "glossary":
            for variant in filter(None, (v.strip() for v in (row.get("avoid") or "").split(";"))):
                if variant in zh:
                    problems.append(f"'{variant}' used: the book's term for '{english}' is "
                                    f"{chinese}")
    return problems


def _git(*args: str, root: Path = ROOT) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def english_prose_change(zh_path: Path, root: Path = ROOT) -> list[str]:
    """Diff of the English page's prose since the commit the zh page was translated from.

    Empty when the prose is unchanged (code cells may change: ``sync`` copies them).
    """
    meta = translation_meta(zh_path.read_text(encoding="utf-8"), zh_path.name)
    try:
        then = _git("show", f"{meta['source_commit']}:{meta['source']}", root=root)
    except RuntimeError as err:
        raise RuntimeError(f"{zh_path.name}: cannot read its source_commit "
                           f"{meta['source_commit']} ({err})") from None
    now = (root / meta["source"]).read_text(encoding="utf-8")
    before, after = split_page(then).prose, split_page(now).prose
    if before == after:
        return []
    return list(difflib.unified_diff(before.split("\n"), after.split("\n"),
                                     f"{meta['source']}@{meta['source_commit'][:8]}",
                                     meta["source"], lineterm="", n=1))


def main(argv: list[str] | None = None) -> int:
    """Command line: ``sync`` or ``stale``; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["sync", "stale"])
    parser.add_argument("files", nargs="*", type=Path, help="zh pages (default: all)")
    parser.add_argument("--check", action="store_true", help="sync: change nothing, exit 1")
    parser.add_argument("--diff", action="store_true", help="stale: print the English diff")
    args = parser.parse_args(argv)
    files = args.files or zh_pages()
    status = 0
    for path in files:
        if args.command == "sync":
            text = path.read_text(encoding="utf-8")
            new = sync_code_cells(text, english_source(path).read_text(encoding="utf-8"),
                                  path.name)
            if new != text:
                status = 1
                print(f"{path}: code cells {'differ' if args.check else 'synced'}")
                if not args.check:
                    path.write_text(new, encoding="utf-8")
        else:
            diff = english_prose_change(path)
            if diff:
                status = 1
                print(f"{path}: English prose changed since its source_commit "
                      f"({sum(line[:1] in '+-' for line in diff[2:])} lines)")
                if args.diff:
                    print("\n".join(diff))
    if args.command == "sync" and not args.check:
        return 0
    return status


if __name__ == "__main__":
    sys.exit(main())
