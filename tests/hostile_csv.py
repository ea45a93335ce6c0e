"""Generated regional CSV files for comparing byod's two readers (shared by tests and a script).

The files are small and mostly well formed, with the ways of going wrong that issue 21 found:
year spellings ("2000.0", "2e3", "0x7D0"), lenient numbers ("1_000", full-width and
Arabic-Indic digits), odd white space, quotes (also unclosed), trailing commas, short and long
rows, blank lines, BOMs, CR, LF and CRLF line ends, and header typos.
"""

from __future__ import annotations

from hypothesis import strategies as st

from helpers import byod

NAMES = ("region", "industry", "value", "year")

#: Cells dropped now and then into any column.
ODD_CELLS = [
    "A", " B", "C ", "", " ", "0", "7", "1.5", "-1", "-0", "+2", ".5", "5.", "2e3", "1E-3",
    "1e400", "1e-400", "nan", "NaN", "inf", "-inf", "Infinity", "NA", "1,5", '"1,5"', "1_000",
    "１２３", "٢٣", "0x7D0", "2000", "2000.0", "2000.", "+2000", "2010", "\t3", "4\xa0",
    "\u30005", '"A"', '"x,y"', '"q""r"', 'a"b', '"unclosed', "0101", "True", "昆山",
    "=1+1", "3.3000000000000003",
]

YEARS = ["2000", "2010", " 2000", "2000.0", "2000.", "2e3", "0x7D0", "+2000", "-5", "２０００",
         "2_000", "20x0", ""]


@st.composite
def csv_texts(draw) -> str:
    """One CSV file as text: long or wide layout, with or without a year column."""
    long = draw(st.booleans())
    header = ["region", "industry", "value"] if long else ["region", "i", "j"]
    if draw(st.booleans()):
        header.insert(1, "year")
    if long and draw(st.booleans()):
        header.append("note")
    if draw(st.integers(0, 19)) == 0:  # a header typo or a missing column
        pos = draw(st.integers(0, len(header) - 1))
        header[pos] = draw(st.sampled_from(["values", "industy", "Region", "", "i"]))
    lines = [",".join(header)]
    for _ in range(draw(st.integers(0, 6))):
        row = []
        for name in header:
            if draw(st.integers(0, 24)) == 0:  # now and then a bad or odd cell
                row.append(draw(st.sampled_from(ODD_CELLS)))
            elif name == "region":
                row.append(draw(st.sampled_from(["A", "B", "C", " D", "E ", '"F"', "0", "01"])))
            elif name == "industry":
                row.append(draw(st.sampled_from(["i", "j", "k", "l"])))
            elif name == "year":
                year = draw(st.sampled_from(YEARS)) if draw(st.integers(0, 9)) == 0 else \
                    draw(st.sampled_from(["2000", "2010"]))
                row.append(year)
            elif name == "note":
                row.append(draw(st.sampled_from(["x", ""])))
            else:
                row.append(repr(draw(st.floats(0, 1e6, allow_nan=False))))
        shape = draw(st.integers(0, 40))
        if shape == 0:
            row = row[:-1]
        elif shape == 1:
            row = [*row, "9"]
        elif shape == 2:
            row = [*row, ""]  # a trailing comma
        lines.append(",".join(row))
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", ",,", "\t"])))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    bom = draw(st.sampled_from(["", "", "\ufeff"]))
    last = draw(st.sampled_from([end, end, ""]))  # now and then no final line break
    return bom + end.join(lines) + last


def read_both(path) -> tuple[object, object]:
    """The matrix (or error message) of the public reader and of the line-by-line reader."""
    out = []
    for reader in (byod.read_regional_csv, byod._read_checked):
        try:
            out.append(reader(path) if reader is byod.read_regional_csv else reader(path, *NAMES))
        except ValueError as err:
            out.append(str(err))
    return out[0], out[1]
