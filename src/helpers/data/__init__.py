"""Load and validate the book's tables by name.

Every table lives in ``data/<name>.csv`` next to a Frictionless Data Package descriptor,
``data/datapackage.json``, that gives its Table Schema. :func:`load` reads a table, checks it
against the schema (types, constraints, primary and foreign keys) and against a few cross-row
rules the schema cannot express, and returns a typed :class:`pandas.DataFrame`.

Nothing is coerced or dropped silently: any problem raises :class:`DataValidationError`, whose
message names the file, the line (the CSV line, counting the header as line 1, with the 1-based
data row in brackets) and the column.

The package has three parts: the loader and the article's tables (``_core``), China's
national input-output tables with their accounting identities (:mod:`helpers.data.io`),
and, in :mod:`helpers.data.sources`, the one place that says which data each of the
article's concentration figures rests on.
Import it as ``from helpers import data``.

Examples
--------
>>> from helpers import data
>>> data.load("stages")[["stage", "start_year", "end_year"]].to_dict("list")
{'stage': [1, 2, 3], 'start_year': [1983, 1998, 2010], 'end_year': [1997, 2009, 2019]}
>>> data.stage_of_year(2005)
2

"""

from helpers.data._core import (
    DATA_DIR,
    DataValidationError,
    Problem,
    clear_cache,
    describe,
    descriptor,
    in_language,
    load,
    lookup,
    stage_of_year,
    stages,
    table_names,
)
from helpers.data.io import IO_TOLERANCE, IO_YEARS, io_concordance, io_table, io_tolerance
from helpers.data.sources import SOURCE_PHRASES, data_source, source_phrase

__all__ = [
    "DATA_DIR",
    "DataValidationError",
    "Problem",
    "clear_cache",
    "describe",
    "descriptor",
    "in_language",
    "load",
    "lookup",
    "stage_of_year",
    "stages",
    "table_names",
    "IO_YEARS",
    "IO_TOLERANCE",
    "io_tolerance",
    "io_table",
    "io_concordance",
    "SOURCE_PHRASES",
    "data_source",
    "source_phrase",
]
