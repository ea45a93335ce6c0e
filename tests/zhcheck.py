"""Shared check of the Chinese edition's charts: no English left where a reader looks.

``english_left(texts)`` lists the texts (from :func:`helpers.charts.visible_texts`) that
still hold an English word: a run of three or more Latin letters that is not one of the
abbreviations and names the Chinese edition keeps in Latin letters (:data:`KEPT`).
"""

from __future__ import annotations

import re

#: Latin words a Chinese reader meets in Chinese economic geography as they are.
KEPT = {
    "IT", "HHI", "ASIF", "LQ", "RCA", "NBS", "GDP", "FDI", "OEM", "ODM", "IC", "PCB",
    "LCD", "OLED", "TFT", "KETD", "KFTZ", "ECI", "PCI", "URIs", "URI", "EPZ", "USD", "CNY",
    "Kunshan", "Vega", "SVG", "PNG", "CSV", "ID", "GB", "ISIC", "NACE", "TOP",
}
_WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str) -> list[str]:
    """The Latin-letter words of ``text`` that are not kept as they are."""
    return [w for w in _WORD.findall(text) if w not in KEPT and w.upper() not in KEPT]


def english_left(texts: list[str]) -> list[str]:
    """Texts that still hold an English word (see :func:`english_words`)."""
    return [t for t in texts if english_words(t)]
