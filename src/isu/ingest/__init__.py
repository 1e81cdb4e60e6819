"""Read CSV and Excel files, validate them against a codebook, and explain every error.

>>> from isu.codebook import template
>>> from isu.ingest import validate_file
>>> result = validate_file(b"personnummer;tillfalle\\n", template("barn_beslut"), key=b"k" * 32)
>>> result.ok
False

The personnummer is turned into a keyed pseudonym, legal sex and age on the way in and is
never part of the result. :func:`write_template` makes the Excel template to fill in, and
:func:`write_error_report` an Excel copy of the faulty rows with the faulty cells marked.
"""

from isu.ingest.errors import IngestError
from isu.ingest.reading import DEFAULT_MAX_BYTES, RawTable, max_upload_bytes, read_table
from isu.ingest.report import write_error_report
from isu.ingest.template import write_template
from isu.ingest.validate import (
    PSEUDONYM,
    ROW,
    ImportBlocked,
    ValidationResult,
    validate_file,
    validate_table,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "PSEUDONYM",
    "ROW",
    "ImportBlocked",
    "IngestError",
    "RawTable",
    "ValidationResult",
    "max_upload_bytes",
    "read_table",
    "validate_file",
    "validate_table",
    "write_error_report",
    "write_template",
]
