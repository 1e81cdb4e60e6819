"""Between validated record frames (what :mod:`isu.ingest` returns and :mod:`isu.analysis`
reads) and stored :class:`Record` rows.

A frame's row becomes a JSON object of its non-missing values; reading them back gives the same
column types as validation does (categories with the codebook's codes, nullable integers,
floats, dates, strings), so the analysis cannot tell an import from a web form.
"""

import datetime
import math
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from pyarrow import json as pa_json

from isu.codebook import OCCASION, PERSONNUMMER, Codebook, Variable, VariableType
from isu.ingest import PSEUDONYM, ROW
from isu.web.followups.models import CodebookVersion, FollowUp, Record, RecordChange

PARSE_BATCH = 20_000  # records per JSON batch handed to the parsing thread
SKIPPED = {PSEUDONYM, ROW, OCCASION, PERSONNUMMER}


def json_value(value: Any) -> Any:
    """A frame cell as JSON: None for missing, ISO text for dates, plain numbers and text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp | datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value if isinstance(value, int | float | str) else str(value)


def values_of(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: v
        for key, value in row.items()
        if key not in SKIPPED and (v := json_value(value)) is not None
    }


def frame_values(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Every row's stored values, converted a column at a time (the same JSON as
    :func:`values_of` gives row by row, several times faster on a large import)."""
    columns: dict[str, list[Any]] = {}
    for key in frame.columns:
        if key in SKIPPED:
            continue
        column = frame[key]
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            text = column.dt.strftime("%Y-%m-%d")
            columns[key] = text.astype(object).where(column.notna(), None).tolist()
        elif isinstance(column.dtype, pd.CategoricalDtype | pd.StringDtype):
            columns[key] = [
                None if v is None else str(v)
                for v in column.astype(object).where(column.notna(), None).tolist()
            ]
        elif pd.api.types.is_float_dtype(column.dtype):
            columns[key] = column.astype(object).where(column.notna(), None).tolist()
        elif pd.api.types.is_integer_dtype(column.dtype):
            columns[key] = [None if v is pd.NA else int(v) for v in column.astype(object)]
        else:
            columns[key] = [json_value(v) for v in column.astype(object).tolist()]
    keys = list(columns)
    return (
        [
            {k: v for k, v in zip(keys, row, strict=True) if v is not None}
            for row in zip(*columns.values(), strict=True)
        ]
        if keys
        else [{} for _ in range(len(frame))]
    )


@transaction.atomic
def store_frame(
    followup: FollowUp, version: CodebookVersion, frame: pd.DataFrame, user: Any
) -> list[Record]:
    """Insert validated records in one transaction: all of them or, on any error, none."""
    records = [
        Record(
            followup=followup,
            version=version,
            pseudonym=str(pseudonym),
            occasion=str(occasion),
            values=values,
            updated_by=user,
        )
        for pseudonym, occasion, values in zip(
            frame[PSEUDONYM].tolist(), frame[OCCASION].tolist(), frame_values(frame), strict=True
        )
    ]
    created = Record.objects.bulk_create(records, batch_size=2000)
    if created and created[0].pk is not None:  # PostgreSQL and SQLite return keys
        RecordChange.objects.bulk_create(
            [RecordChange(record=r, user=user, kind=RecordChange.Kind.IMPORTED) for r in created],
            batch_size=2000,
        )
    followup.touch()
    return created


def records_frame(followup: FollowUp, codebook: Codebook | None = None) -> pd.DataFrame:
    """All records of *followup* as a validated frame for *codebook* (default: the current one).

    Variables missing from older records are missing values; values no longer in the codebook
    are left out. Rows come in the order they were stored (by key): the analysis does not
    depend on the order, and the model's default order (by pseudonym) would make the database
    visit the table in index order, which costs more than the rest of the read on SQLite.

    The JSON is parsed in batches by a helper thread while the database delivers the next
    rows (Arrow's parser does not hold the GIL), so the two overlap where a core is free.
    """
    codebook = codebook or followup.codebook()
    schema = _schema(codebook)
    rows = (
        Record.objects.filter(followup=followup)
        .order_by("pk")
        .annotate(text=Cast("values", TextField()))
        .values_list("pseudonym", "occasion", "text")
    )
    pseudonyms, occasions, batch, parsed = [], [], [], []
    with ThreadPoolExecutor(1, thread_name_prefix="isu-json") as parser:
        for pseudonym, occasion, text in rows.iterator(chunk_size=5000):
            pseudonyms.append(pseudonym)
            occasions.append(occasion)
            batch.append(text)
            if len(batch) == PARSE_BATCH:
                parsed.append(parser.submit(_parse, batch, schema))
                batch = []
        parsed.append(parser.submit(_parse, batch, schema))
        table = pa.concat_tables([future.result() for future in parsed])
    return _frame(pseudonyms, occasions, table, codebook)


def frame_from_json(
    pseudonyms: list[str], occasions: list[str], texts: list[str], codebook: Codebook
) -> pd.DataFrame:
    """Records from their stored JSON texts, as :func:`records_frame` reads them."""
    return _frame(pseudonyms, occasions, _parse(texts, _schema(codebook)), codebook)


def _schema(codebook: Codebook) -> pa.Schema:
    return pa.schema(
        [
            pa.field(v.key, pa.float64() if v.type.is_numeric else pa.string())
            for v in _stored_variables(codebook)
        ]
    )


def _stored_variables(codebook: Codebook) -> list[Variable]:
    return [
        v
        for v in codebook.variables
        if v.key not in (OCCASION, PSEUDONYM) and v.type is not VariableType.PERSONNUMMER
    ]


def _parse(texts: list[str], schema: pa.Schema) -> pa.Table:
    """Many records' JSON, parsed at once by Arrow's JSON reader (one C++ pass instead of a
    Python decode per record)."""
    if not texts:
        return schema.empty_table()
    return pa_json.read_json(
        pa.BufferReader("\n".join(texts).encode("utf-8")),
        parse_options=pa_json.ParseOptions(
            explicit_schema=schema, unexpected_field_behavior="ignore"
        ),
    )


def _frame(
    pseudonyms: list[str], occasions: list[str], table: pa.Table, codebook: Codebook
) -> pd.DataFrame:
    """The validated frame from parsed values; the columns are typed in Arrow
    (:func:`_typed_arrow`), so no parsed value becomes a Python object on the way."""
    occasion_codes = tuple(c.code for c in codebook.occasions)
    occasion_kind = VariableType.SELECT_ONE if occasion_codes else VariableType.TEXT
    columns = {
        PSEUDONYM: _typed_arrow(_arrow_strings(pseudonyms), VariableType.TEXT, ()),
        OCCASION: _typed_arrow(_arrow_strings(occasions), occasion_kind, occasion_codes),
    }
    for variable in _stored_variables(codebook):
        columns[variable.key] = _typed_arrow(
            table.column(variable.key), variable.type, variable.codes
        )
    return pd.DataFrame(columns)


def frame_from_rows(
    rows: Iterable[tuple[str, str, dict[str, Any]]], codebook: Codebook
) -> pd.DataFrame:
    """A few records (already decoded) as a validated frame."""
    pseudonyms, occasions, stored_values = [], [], []
    for pseudonym, occasion, stored in rows:
        pseudonyms.append(pseudonym)
        occasions.append(occasion)
        stored_values.append(stored)
    table = pd.DataFrame.from_records(stored_values) if stored_values else pd.DataFrame()
    return _assemble(pseudonyms, occasions, table, codebook)


def _assemble(
    pseudonyms: list[str], occasions: list[str], table: pd.DataFrame, codebook: Codebook
) -> pd.DataFrame:
    columns: dict[str, Any] = {
        PSEUDONYM: pd.Series(pseudonyms, dtype="string"),
        OCCASION: _occasions(occasions, codebook),
    }
    n = len(pseudonyms)
    for variable in codebook.variables:
        if variable.key in columns or variable.type is VariableType.PERSONNUMMER:
            continue
        column = table[variable.key] if variable.key in table else pd.Series([None] * n)
        columns[variable.key] = _typed(column.reset_index(drop=True), variable.type, variable.codes)
    return pd.DataFrame(columns)


def _occasions(occasions: list[str], codebook: Codebook) -> Any:
    if not codebook.occasions:
        return pd.Series(occasions, dtype="string")
    return pd.Categorical(occasions, categories=[c.code for c in codebook.occasions])


def _typed(column: pd.Series, kind: VariableType, codes: tuple[str, ...]) -> Any:
    if kind in (VariableType.SELECT_ONE, VariableType.YES_NO):
        return pd.Categorical(column.where(column.notna(), None), categories=list(codes))
    if kind is VariableType.INTEGER:
        return pd.to_numeric(column, errors="coerce").astype("Int64")
    if kind is VariableType.DECIMAL:
        return pd.to_numeric(column, errors="coerce").astype(float)
    if kind is VariableType.DATE:
        return pd.to_datetime(column, errors="coerce", format="ISO8601").astype("datetime64[s]")
    return column.astype("string")


def _typed_arrow(column: pa.ChunkedArray, kind: VariableType, codes: tuple[str, ...]) -> Any:
    """:func:`_typed` for a column in Arrow: the same types and values, without turning every
    value into a Python object on the way (category codes are looked up by ``index_in``)."""
    if kind in (VariableType.SELECT_ONE, VariableType.YES_NO):
        positions = pc.index_in(column, value_set=pa.array(codes, type=pa.string()))
        filled = pc.fill_null(positions, -1).to_numpy()
        return pd.Categorical.from_codes(filled, categories=list(codes))
    if kind in (VariableType.INTEGER, VariableType.DECIMAL):
        return _typed(pd.Series(column.to_numpy(), dtype=float), kind, codes)
    if kind is VariableType.DATE:
        return _typed(column.to_pandas(), kind, codes)
    return pd.Series(pd.array(column.cast(pa.large_string()), dtype="string"))


def _arrow_strings(values: list[str]) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(values, type=pa.string())])
