"""Read a data file — CSV or Excel, whatever its name claims — into a table of text cells.

Swedish Excel saves CSV as Windows-1252 with semicolons and decimal commas; other tools write
UTF-8 (with or without a byte-order mark), commas or tabs. The format is decided from the bytes,
never from the file name. Every cell comes back as text so that validation can say exactly
which value in which cell is wrong; row labels are the row numbers the user sees in Excel.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from python_calamine import CalamineError, CalamineWorkbook

from isu.i18n import _
from isu.ingest.errors import IngestError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office compound file: .xls or an encrypted .xlsx
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class RawTable:
    """Cells as text. ``data`` has one column per header cell (positional, 0..n-1) and is
    indexed by the Excel row number; ``header`` holds the header cells as written."""

    header: tuple[str, ...]
    data: pd.DataFrame
    format: str  # "csv" or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None


def max_upload_bytes() -> int:
    """The configured size limit: ``ISU_MAX_UPLOAD_MB`` (megabytes), default 100 MB."""
    configured = os.environ.get("ISU_MAX_UPLOAD_MB")
    return int(float(configured) * 1024 * 1024) if configured else DEFAULT_MAX_BYTES


def read_table(
    source: Path | bytes,
    *,
    max_bytes: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> RawTable:
    """Read *source* (a path or the uploaded bytes) as CSV or Excel, decided from its content."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    content = _load(source, limit)
    if progress:
        progress(_("Läser filen"))
    if not content or content.isspace():  # isspace stops at the first visible byte; strip copies
        raise IngestError(_("Filen är tom."))
    if content.startswith(OLE_MAGIC):
        if ENCRYPTED_MARK in content:
            raise IngestError(
                _("Excel-filen är lösenordsskyddad. Spara den utan lösenord och försök igen.")
            )
        return _read_workbook(content)
    if content.startswith(ZIP_MAGIC):
        return _read_workbook(content)
    return _read_csv(content)


def _load(source: Path | bytes, limit: int) -> bytes:
    if isinstance(source, bytes):
        size = len(source)
    else:
        try:
            size = source.stat().st_size
        except OSError:
            raise IngestError(
                _("Filen '{name}' finns inte eller kan inte öppnas.").format(name=source.name)
            ) from None
    if size > limit:
        raise IngestError(
            _("Filen är för stor: {size} MB. Största tillåtna storlek är {limit} MB.").format(
                size=_megabytes(size), limit=_megabytes(limit)
            )
        )
    return source if isinstance(source, bytes) else source.read_bytes()


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


# --- CSV -----------------------------------------------------------------------------------


def _read_csv(content: bytes) -> RawTable:
    if b"\x00" in content[:8192]:
        raise IngestError(
            _("Filen är varken en CSV-fil eller en Excel-arbetsbok (den innehåller binära data).")
        )
    # The head decides the fast path's encoding; pyarrow checks the rest is valid UTF-8 and the
    # exact reader, which any failure falls back to, decides from the whole file.
    encoding = _detect_encoding(content[:65536], complete=len(content) <= 65536)
    head = content[:65536].decode(encoding, errors="replace")
    header_line = next((line for line in head.splitlines() if line.strip()), "")
    delimiter = _detect_delimiter(header_line)
    header_rows = list(csv.reader([header_line], delimiter=delimiter))
    header = tuple(cell.strip() for cell in header_rows[0]) if header_rows else ()
    data = _read_csv_fast(content, encoding, delimiter, len(header))
    if data is None:
        encoding = _detect_encoding(content, complete=True)
        data = _read_csv_exact(content.decode(encoding), delimiter, header, header_line)
    return RawTable(header, _drop_empty_rows(data), "csv", encoding=encoding, delimiter=delimiter)


def _read_csv_fast(
    content: bytes, encoding: str, delimiter: str, width: int
) -> pd.DataFrame | None:
    """pyarrow's multi-threaded reader, for the common case of a file without blank lines
    (which it would skip, shifting row numbers) and without ragged rows (which it only
    reports tersely); None means: use the exact reader instead."""
    if (
        b"\n\n" in content
        or b"\n\r\n" in content
        or content.startswith((b"\n", b"\r\n"))
        or not width
    ):
        return None
    try:
        data = pd.read_csv(
            io.BytesIO(content),
            engine="pyarrow",
            sep=delimiter,
            header=None,
            skiprows=1,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            encoding=encoding,
        )
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError, pd.errors.EmptyDataError):
        return None
    data.index = pd.RangeIndex(2, 2 + len(data))
    return data


def _read_csv_exact(
    text: str, delimiter: str, header: tuple[str, ...], header_line: str
) -> pd.DataFrame:
    """pandas' C reader: slower, but keeps blank lines in the row count and names bad rows."""
    skip = text[: text.index(header_line)].count("\n") + 1  # blank lines above the header
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            data = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                header=None,
                skiprows=skip,
                names=range(len(header)),
                index_col=False,
                dtype=str,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
                quotechar='"',
            )
    except pd.errors.EmptyDataError:  # nothing after the header line
        data = pd.DataFrame({i: pd.Series(dtype="str") for i in range(len(header))})
    except pd.errors.ParserWarning:  # every data row is longer than the header
        raise IngestError(_long_row_message(text, delimiter, len(header), skip)) from None
    except pd.errors.ParserError as error:
        raise IngestError(_csv_parser_message(error)) from None
    data.index = pd.RangeIndex(skip + 1, skip + 1 + len(data))
    return data.fillna("")


def _detect_encoding(content: bytes, *, complete: bool) -> str:
    """UTF-8 (with or without BOM) if the bytes are valid UTF-8, else Windows-1252, as Swedish
    Excel saves "CSV (semikolonavgränsad)"; latin-1 if even that fails, since it takes any byte.
    An incomplete sample may end inside a multi-byte character, which is not held against it."""
    if content.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(content, final=complete)
    except UnicodeDecodeError:
        try:
            content.decode("cp1252")
        except UnicodeDecodeError:
            return "latin-1"
        return "cp1252"
    return "utf-8"


def _detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _long_row_message(text: str, delimiter: str, width: int, skip: int) -> str:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(rows, start=1):
            if number > skip and len(row) > width:
                return _too_many_fields(number, len(row), width)
    except csv.Error:
        pass
    return _("Filen kunde inte läsas som CSV: kontrollera avgränsare och citattecken.")


def _too_many_fields(row: int, saw: int, expected: int) -> str:
    return _(
        "Rad {row} har {saw} kolumner men rubrikraden har {expected}. Kontrollera "
        "avgränsare och citattecken på den raden."
    ).format(row=row, saw=saw, expected=expected)


def _csv_parser_message(error: Exception) -> str:
    text = str(error)
    # pandas: "Error tokenizing data. C error: Expected 3 fields in line 5, saw 4"
    if "Expected" in text and "line" in text:
        words = text.replace(",", "").split()
        try:
            expected = int(words[words.index("Expected") + 1])
            line = int(words[words.index("line") + 1])
            saw = int(words[words.index("saw") + 1])
        except (ValueError, IndexError):
            pass
        else:
            return _too_many_fields(line, saw, expected)
    return _("Filen kunde inte läsas som CSV: kontrollera avgränsare och citattecken.")


# --- Excel ---------------------------------------------------------------------------------


def _read_workbook(content: bytes) -> RawTable:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = workbook.sheet_names
        sheet_name = next(
            (n for n in names if n.strip().casefold() == "data"), names[0] if names else None
        )
        if sheet_name is None:
            raise IngestError(_("Excel-arbetsboken innehåller inga blad."))
        rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    except IngestError:
        raise
    except (CalamineError, OSError, ValueError, IndexError, TypeError) as error:
        raise IngestError(
            _(
                "Filen kunde inte läsas som en Excel-arbetsbok: den är skadad eller inte en "
                "Excel-fil ({error})."
            ).format(error=type(error).__name__)
        ) from None
    first = next((i for i, row in enumerate(rows) if any(_cell_text(c) for c in row)), None)
    if first is None:
        raise IngestError(_("Filen är tom."))
    header = tuple(_cell_text(c) for c in rows[first])
    while header and not header[-1]:
        header = header[:-1]
    width = len(header)
    body = rows[first + 1 :]
    # calamine gives every row the sheet's full width, so rows can be transposed as they are.
    columns = list(zip(*body, strict=True))[:width] if body else []
    data = pd.DataFrame({i: _column_text(columns[i] if columns else ()) for i in range(width)})
    data.index = pd.RangeIndex(first + 2, first + 2 + len(body))
    return RawTable(header, _drop_empty_rows(data), "xlsx")


def _column_text(cells: tuple[Any, ...]) -> pd.Series:
    """Cells to text: whole floats lose their '.0', dates become ISO dates. A column of text only
    (the common case) is converted by pyarrow in one call, which refuses any other type."""
    try:
        text = pa.array(cells, type=pa.large_string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return pd.Series([_cell_text(cell) for cell in cells], dtype="str")
    return pd.Series(pd.array(text, dtype=pd.StringDtype("pyarrow", na_value=np.nan))).str.strip()


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ja" if cell else "nej"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, datetime.datetime):
        return (
            cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat(sep=" ")
        )
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).strip()


def _drop_empty_rows(data: pd.DataFrame) -> pd.DataFrame:
    if data.empty:
        return data
    filled = np.zeros(len(data), dtype=bool)
    for column in data.columns:
        filled |= data[column].str.len().to_numpy(dtype="int64", na_value=0) > 0
    return data if filled.all() else data.loc[filled]
