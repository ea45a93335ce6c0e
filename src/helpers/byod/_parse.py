"""Shared pieces of :mod:`helpers.byod`: its error, the number and year grammar, encodings."""

from __future__ import annotations

import codecs
import math
import re
from pathlib import Path

_MAX_PROBLEMS = 10  # how many problems one error message lists


class RegionalDataError(ValueError):
    """A regional CSV cannot be read as a region x industry table.

    The message has one line per problem (at most ten, then a count of the rest), each
    naming the file, the CSV line and the column, and then an optional note (for example
    which layout the header was read as, and why).

    Attributes
    ----------
    file : str
        The file name as given.
    problems : list of str
        The problems found, one line each (the first 1,000 of a file with more; the
        message counts the rest).
    note : str or None
        A closing remark that applies to every problem, or None.

    """

    def __init__(
        self, file: str, problems: list[str], *, omitted: int = 0, note: str | None = None
    ) -> None:
        self.file = file
        self.problems = list(problems)
        self.note = note
        shown = self.problems[:_MAX_PROBLEMS]
        more = len(self.problems) - len(shown) + omitted
        lines = [f"{file}{'' if p.startswith(':') else ' '}{p}" for p in shown]
        if more > 0:
            lines.append(f"{file}: ... and {more} more problem(s)")
        if note:
            lines.append(f"{file}: {note}")
        super().__init__("\n".join(lines))


# The number spellings both readers accept, after surrounding white space is stripped: ASCII
# digits only, an optional sign, decimal point and exponent ("12", "+1.5", ".5", "5.", "2e3").
# No "_" separators, thousands commas, full-width or other scripts' digits, hex or "inf"/"nan".
# (Unambiguous, so a 200,000-digit cell is refused in linear time, not by backtracking.)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_NOT_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)\Z", re.IGNORECASE)
# A year: an optional sign and ASCII digits ("2000", "-5"); not "2000.0", "2e3" or "0x7D0".
_YEAR = re.compile(r"[+-]?[0-9]+\Z")
_INT64 = 2**63


_SHOWN = 40  # characters of a bad cell quoted in a message


def _show(cell: str) -> str:
    """Quote a cell for a message, cut to ``_SHOWN`` characters with its length."""
    if len(cell) <= _SHOWN:
        return repr(cell)
    return f"{cell[:_SHOWN]!r}... ({len(cell):,} characters)"


def _digits_hint(cell: str) -> str:
    """Say why a number-like cell is refused, if it is one of the usual lookalikes."""
    if "," in cell:
        return " (no thousands separators or units, please)"
    if "_" in cell:
        return " (no '_' digit separators, please)"
    if any(ch.isdigit() and not ch.isascii() for ch in cell):
        return " (write ASCII digits 0-9, not full-width or other scripts' digits)"
    return ""


def _parse_number(cell: str) -> tuple[float | None, str | None]:
    """Return ``(value, None)`` or ``(None, what is wrong)`` for one amount cell."""
    if cell == "":
        return None, "is empty (write 0 for an absent industry)"
    if not _NUMBER.match(cell):
        if _NOT_FINITE.match(cell):
            return None, f"{cell!r} is not a finite number"
        return None, f"{_show(cell)} is not a number{_digits_hint(cell)}"
    value = float(cell)
    if math.isinf(value):
        return None, f"{_show(cell)} is not a finite number"
    if value < 0:
        return None, f"{cell} is negative (amounts must be >= 0)"
    return value, None


def _parse_year(cell: str) -> tuple[int | None, str | None]:
    if cell == "":
        return None, "is empty"
    if _YEAR.match(cell):
        year = int(cell)
        if -_INT64 <= year < _INT64:
            return year, None
    return None, f"{_show(cell)} is not a whole year{_digits_hint(cell)}"


# --------------------------------------------------------------------------- encodings

_SNIFF_BYTES = 1 << 20  # how much of a file is looked at to guess its encoding


def _codec(encoding: object) -> str:
    """Validate ``encoding``; return the codec name to read with (UTF-8 drops a BOM)."""
    if not isinstance(encoding, str):
        raise ValueError(f"encoding must be a codec name such as 'utf-8' or 'gbk', "
                         f"got {encoding!r}")
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"encoding: unknown encoding {encoding!r} (try 'utf-8', 'gbk', "
                         "'gb18030' or 'utf-16')") from None
    return "utf-8-sig" if name in ("utf-8", "utf-8-sig") else name


def _first_bad_line(path: Path, codec: str) -> int | None:
    """Return the line (1-based) holding the first byte that ``codec`` cannot decode."""
    decoder = codecs.getincrementaldecoder(codec)()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 16):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk.count(b"\n", 0, exc.start)
            line += chunk.count(b"\n")
    return None


def _decode_problem(path: Path, codec: str, reason: str) -> str:
    """Describe a file that is not text in ``codec``, naming the likely encoding.

    Looks at the first bytes for gzip and zip signatures, UTF-16 byte-order marks and
    NUL bytes, and tries GBK/GB18030 (common for Chinese statistical files).
    """
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if head.startswith(b"\x1f\x8b"):
        return ": is gzip-compressed, not text; decompress it first (e.g. gunzip)"
    if head.startswith(b"PK\x03\x04"):
        return (": is a zip archive (an Excel .xlsx workbook?), not CSV text; save it as CSV "
                "(UTF-8) first")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:4096].count(b"\x00") * 4 > len(
            head[:4096]):
        return (": looks like UTF-16 text; pass encoding='utf-16' or save it as UTF-8")
    where = _first_bad_line(path, codec)
    at = f" (first undecodable byte on line {where})" if where else ""
    named = codecs.lookup(codec).name
    if named in ("utf-8", "utf-8-sig"):
        try:
            codecs.getincrementaldecoder("gb18030")().decode(head, final=len(head) < _SNIFF_BYTES)
        except UnicodeDecodeError:
            pass
        else:
            return (f": not UTF-8 text ({reason}){at}; it decodes as GBK/GB18030, common for "
                    "Chinese statistical files: pass encoding='gbk' (or 'gb18030')")
        return (f": not UTF-8 text ({reason}){at}; pass encoding='...' naming the file's "
                "encoding (GBK, 'gbk', is common for Chinese statistical files)")
    return f": not {named} text ({reason}){at}; pass the file's encoding as encoding='...'"
