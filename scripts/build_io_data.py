"""Write the NBS input-output tables as the book's tidy tables (for maintainers, not chapters).

Reads the four wide CSVs of ``../shared/reference/io-tables`` beside the repository (the NBS
tables 2002, 2007, 2012 and 2017 as transcribed in the R package ``ionet`` 0.2.2) and writes,
without changing any value (each number is copied as the text it has in the source file):

- ``data/io_flows.csv``: intermediate flows in long form (year, supplier, buyer, value);
- ``data/io_sectors.csv``: one row per sector and table, with its bilingual name and the row
  and column totals the accounting identities need;
- ``data/io_concordance.csv``: the book's mapping of each table's sector codes to the
  GB/T 4754-2002 manufacturing divisions, the article's IT sub-sectors and the eight
  emerging industries, one row per mapping with its basis and an ``approximate`` flag.

Usage: ``python scripts/build_io_data.py [SOURCE_DIR]``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The shared reference folder beside the repository (``../shared/reference/io-tables``).
SOURCE = ROOT.parent / "shared" / "reference" / "io-tables"
TABLES = {2002: "china_2002_122", 2007: "china_2007_135", 2012: "china_2012_139",
          2017: "china_2017_149"}

#: Row totals copied from the source columns (book column -> source column).
ROW_TOTALS = {"total_intermediate_use": "TIU", "total_final_use": "TFU", "exports": "EX",
              "imports": "IM", "statistical_error": "ERR", "gross_output": "GO"}
#: Column totals copied from the source rows (book column -> source row).
COLUMN_TOTALS = {"total_intermediate_input": "TII", "value_added": "TVA", "total_input": "TI"}


def _span(first: int, last: int) -> list[str]:
    return [f"{i:03d}" for i in range(first, last + 1)]


# ---------------------------------------------------------------------------------------------
# Sector code -> GB/T 4754-2002 division. Each table lists its manufacturing sectors as one
# block in the NBS order (food processing to waste resources); a sector whose name matches a
# division (or a class inside one) maps exactly, one that straddles two divisions maps to both,
# flagged approximate. Repair of metal products and machinery (2012 095, 2017 097) is a
# division of GB/T 4754-2011 with no GB/T 4754-2002 counterpart and is left out.
DIVISIONS: dict[int, dict[int, list[str]]] = {
    2002: {13: _span(13, 19), 14: ["019"], 15: ["020", "021"], 16: ["022"], 17: _span(23, 27),
           18: ["028"], 19: ["029"], 20: ["030"], 21: ["031"], 22: ["032"], 23: ["033"],
           24: ["034", "035"], 25: ["036", "037"], 26: _span(38, 44), 27: ["045"], 28: ["046"],
           29: ["047"], 30: ["048"], 31: _span(49, 53), 32: _span(54, 57), 33: ["058", "059"],
           34: ["060"], 35: _span(61, 63), 36: ["064", "065"], 37: _span(66, 70),
           39: _span(71, 73), 40: _span(74, 79), 41: ["080", "081"], 42: ["082", "083"],
           43: ["084"]},
    2007: {13: _span(11, 17), 14: _span(18, 21), 15: ["022", "023"], 16: ["024"],
           17: _span(25, 29), 18: ["030"], 19: ["031"], 20: ["032"], 21: ["033"], 22: ["034"],
           23: ["035"], 24: ["036"], 25: ["037", "038"], 26: _span(39, 45), 27: ["046"],
           28: ["047"], 29: ["048"], 30: ["049"], 31: _span(50, 56), 32: _span(57, 60),
           33: ["061", "062"], 34: ["063"], 35: _span(64, 68), 36: _span(69, 72),
           37: _span(73, 76), 39: _span(77, 81), 40: _span(82, 87), 41: ["088", "089"],
           42: ["090"], 43: ["091"]},
    2012: {13: _span(12, 18), 14: _span(19, 22), 15: ["023", "024"], 16: ["025"],
           17: _span(26, 30), 18: ["031", "033"], 19: ["032", "033"], 20: ["034"], 21: ["035"],
           22: ["036"], 23: ["037"], 24: ["038"], 25: ["039", "040"], 26: _span(41, 47),
           27: ["048"], 28: ["049"], 29: ["050"], 30: ["051"], 31: _span(52, 58),
           32: _span(59, 61), 33: ["062", "063"], 34: ["064"],
           35: ["065", "066", "067", "068", "070"], 36: _span(71, 74), 37: _span(75, 79),
           39: _span(80, 85), 40: _span(86, 91), 41: ["069", "092"], 42: ["038", "093"],
           43: ["094"]},
    2017: {13: _span(12, 18), 14: _span(19, 22), 15: _span(23, 25), 16: ["026"],
           17: _span(27, 31), 18: ["032", "034"], 19: ["033", "034"], 20: ["035"], 21: ["036"],
           22: ["037"], 23: ["038"], 24: ["040"], 25: ["041", "042"], 26: _span(43, 49),
           27: ["050"], 28: ["051"], 29: ["052"], 30: ["053"], 31: _span(54, 60),
           32: _span(61, 63), 33: ["064", "065"], 34: ["066"],
           35: ["067", "068", "069", "070", "072"], 36: _span(73, 76), 37: _span(77, 81),
           39: _span(82, 87), 40: _span(88, 93), 41: ["071", "094"], 42: ["039", "095"],
           43: ["096"]},
}
#: (year, code) -> why a division mapping is only approximate.
DIVISION_APPROX: dict[tuple[int, str], str] = {
    (2002, "019"): "other food processing and food manufacturing: spans divisions 13 and 14",
    (2012, "033"): "shoes: textile shoes are in division 18, leather shoes in 19",
    (2017, "034"): "shoes: textile shoes are in division 18, leather shoes in 19",
    (2012, "038"): "articles for culture, education, arts and crafts, sport: divisions 24 and 42",
    (2012, "093"): "other manufacturing (GB/T 4754-2011 scope): closest to division 42",
    (2017, "095"): "other manufacturing (GB/T 4754-2017 scope): closest to division 42",
}

#: (year, code) -> (IT sub-sector codes of GB/T 4754-2002 division 40, basis, approximate).
IT_SUBSECTORS: dict[int, dict[str, tuple[list[str], str, bool]]] = {
    2002: {"074": (["401"], "communication equipment", False),
           "075": (["404"], "complete computers are part of class 404", False),
           "076": (["404"], "other computer equipment (peripherals) is part of class 404", False),
           "077": (["405", "406"], "electronic components: devices (405) and components (406) "
                   "in one sector", True),
           "078": (["407"], "household audio-visual equipment", False),
           "079": (["402", "403", "409"], "other communication and electronic equipment", True)},
    2007: {"082": (["401"], "communication equipment", False),
           "083": (["402", "403"], "radar and broadcasting equipment", False),
           "084": (["404"], "computers", False),
           "085": (["405", "406"], "electronic components: devices (405) and components (406) "
                   "in one sector", True),
           "086": (["407"], "household audio-visual equipment", False),
           "087": (["409"], "other electronic equipment", False)},
    2012: {"086": (["404"], "computers", False),
           "087": (["401"], "communication equipment", False),
           "088": (["402", "403"], "radio, television and radar equipment", False),
           "089": (["407"], "audio-visual equipment", False),
           "090": (["405", "406"], "electronic components: devices (405) and components (406) "
                   "in one sector", True),
           "091": (["409"], "other electronic equipment", False)},
    2017: {"088": (["404"], "computers", False),
           "089": (["401"], "communication equipment", False),
           "090": (["402", "403"], "radio, television and radar equipment", False),
           "091": (["407"], "audio-visual equipment", False),
           "092": (["405", "406"], "electronic components: devices (405) and components (406) "
                   "in one sector", True),
           "093": (["409"], "other electronic equipment", False)},
}

#: Emerging industry -> list of (2012 code, 2017 code, basis). All approximate: the eight
#: industries are defined by products and technologies, the tables by sectors.
EMERGING: dict[str, list[tuple[str, str, str]]] = {
    "flat_panel_display": [("090", "092", "display panels are electronic devices, counted in "
                            "electronic components")],
    "high_end_equipment": [
        ("074", "076", "other special-purpose machinery"),
        ("077", "079", "railway and urban rail equipment"),
        ("079", "081", "other transport equipment (includes aircraft)"),
        ("092", "094", "instruments and meters"),
    ],
    "new_materials": [
        ("045", "047", "synthetic materials"),
        ("046", "048", "special chemical products"),
        ("058", "060", "graphite and other non-metallic mineral products"),
        ("063", "065", "processing of non-ferrous metals"),
    ],
    "software_ic": [
        ("090", "092", "integrated circuits are electronic devices, counted in electronic "
         "components"),
        ("115", "124", "software (2012: software and information technology services)"),
    ],
    "smart_grid_iot": [
        ("081", "083", "power transmission, distribution and control equipment"),
        ("082", "084", "wires, cables and optical cables"),
        ("087", "089", "communication equipment"),
    ],
    "biomedicine": [
        ("048", "050", "medical products"),
        ("074", "076", "other special-purpose machinery (includes medical instruments)"),
    ],
    "energy_saving_environment": [
        ("074", "076", "other special-purpose machinery (includes environmental equipment)"),
        ("126", "136", "ecological protection and environmental management"),
    ],
    "new_energy": [
        ("065", "067", "boilers and prime movers (includes wind turbines)"),
        ("083", "085", "batteries"),
        ("085", "087", "other electrical machinery (includes photovoltaic equipment)"),
    ],
}


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """Return the header and rows of one source CSV, as text."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def build(source: Path) -> dict[str, list[list[str]]]:
    """Return the rows (header first) of the three output tables."""
    flows = [["year", "supplier", "buyer", "value", "source"]]
    sectors = [["year", "code", "name_en", "name_zh", "manufacturing",
                *COLUMN_TOTALS, *ROW_TOTALS, "source"]]
    concordance = [["year", "code", "scheme", "target", "basis", "approximate", "source"]]
    for year, name in TABLES.items():
        header, rows = read_table(source / f"{name}.csv")
        by_code = {r[0]: r for r in rows}
        codes = [r[0] for r in rows if r[0].isdigit()]
        col = {h: i for i, h in enumerate(header)}
        names = {c: (by_code[c][1], by_code[c][2]) for c in codes}
        division_of: dict[str, list[int]] = {}
        for div, members in DIVISIONS[year].items():
            for c in members:
                division_of.setdefault(c, []).append(div)
        for s in codes:
            for b in codes:
                flows.append([str(year), s, b, by_code[s][col[b]], name])
        for c in codes:
            row = [str(year), c, *names[c], "true" if c in division_of else "false"]
            row += [by_code[key][col[c]] for key in COLUMN_TOTALS.values()]
            row += [by_code[c][col[key]] if key in col else "" for key in ROW_TOTALS.values()]
            sectors.append(row + [name])
        for c in codes:
            for div in sorted(division_of.get(c, [])):
                why = DIVISION_APPROX.get((year, c))
                basis = why or f"the sector's scope lies within division {div}"
                concordance.append([str(year), c, "division", str(div), basis,
                                    "true" if why else "false", "GB/T 4754-2002"])
            if c in IT_SUBSECTORS[year]:
                targets, basis, approx = IT_SUBSECTORS[year][c]
                for t in targets:
                    concordance.append([str(year), c, "it_subsector", t, basis,
                                        "true" if approx or len(targets) > 1 else "false",
                                        "Figure 3 note"])
        if year in (2012, 2017):
            pick = 0 if year == 2012 else 1
            for industry, links in EMERGING.items():
                for link in links:
                    code, basis = link[pick], link[2]
                    assert code in names, (year, code)
                    concordance.append([str(year), code, "emerging_industry", industry, basis,
                                        "true", "§6; Table 2"])
    key = {"division": 0, "it_subsector": 1, "emerging_industry": 2}
    concordance[1:] = sorted(concordance[1:], key=lambda r: (r[0], key[r[2]], r[3], r[1]))
    return {"io_flows": flows, "io_sectors": sectors, "io_concordance": concordance}


def main(argv: list[str]) -> None:
    """Write the three tables to data/ from SOURCE_DIR (argv[1]) or the shared reference."""
    source = Path(argv[1]) if len(argv) > 1 else SOURCE
    if not (source / f"{TABLES[2002]}.csv").is_file():
        raise SystemExit(f"usage: python scripts/build_io_data.py [SOURCE_DIR]\n"
                         f"no {TABLES[2002]}.csv in {source}")
    for name, rows in build(source).items():
        with (ROOT / "data" / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
        print(f"data/{name}.csv: {len(rows) - 1} rows")


if __name__ == "__main__":
    main(sys.argv)
