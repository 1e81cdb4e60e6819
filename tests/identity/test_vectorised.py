"""The column parser must give exactly what the scalar parser gives, row by row."""

import datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import luhn_digit as conftest_luhn_digit

import isu.identity.vectorised as vectorised
from isu.identity import (
    ParsedColumn,
    PersonnummerError,
    parse_personnummer,
    parse_personnummer_column,
)

REFERENCE = datetime.date(2025, 6, 15)


def luhn_digit(nine_digits: str) -> str:
    """Check digit computed independently of the code under test (tests/conftest.py)."""
    return str(conftest_luhn_digit(nine_digits))


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    """A valid number in any written form, for a birth date up to 2025-06-15."""
    birth = draw(st.dates(datetime.date(1900, 1, 1), REFERENCE))
    serial = draw(st.integers(0, 999))
    day = birth.day + 60 if draw(st.booleans()) else birth.day
    short = f"{birth:%y%m}{day:02d}{serial:03d}"
    check = luhn_digit(short)
    separator = draw(st.sampled_from(["", "-", "+"]))
    date_part = f"{birth.year:04d}{short[2:6]}" if draw(st.booleans()) else short[:6]
    padding = draw(st.sampled_from(["", " ", "\t", "\xa0", "\u2003"]))
    return f"{padding}{date_part}{separator}{short[6:]}{check}{padding}"


@st.composite
def mutated_numbers(draw: st.DrawFn) -> str:
    """A valid number with one character replaced: mostly checksum or date errors."""
    text = draw(valid_numbers())
    position = draw(st.integers(0, len(text) - 1))
    replacement = draw(st.sampled_from("0123456789-+ x"))
    return text[:position] + replacement + text[position + 1 :]


cells = st.one_of(
    valid_numbers(),
    mutated_numbers(),
    st.text(alphabet="0123456789-+ \t\xa0\x00Åx٣", max_size=16),
    valid_numbers().map(lambda text: text + "\x00"),
    st.sampled_from(["", "   ", None, pd.NA, np.nan, "\x00", " \x00 ", "\ud800", "\ud800 x"]),
)
reference_dates = st.one_of(
    st.none(), st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31))
)


def expected_row(value: Any, reference: datetime.date) -> dict[str, Any]:
    """What the column parser should say for one cell, according to the scalar parser."""
    missing = {
        "normalized": None,
        "birth_date": None,
        "legal_sex": None,
        "is_samordningsnummer": None,
        "age": None,
        "error": None,
        "error_reason": None,
    }
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return missing
    try:
        parsed = parse_personnummer(value, reference_date=reference)
    except PersonnummerError as err:
        if err.reason == "empty":
            return missing
        return missing | {"error": str(err), "error_reason": err.reason}
    return missing | {
        "normalized": parsed.normalized,
        "birth_date": parsed.birth_date,
        "legal_sex": parsed.legal_sex.value,
        "is_samordningsnummer": parsed.is_samordningsnummer,
        "age": parsed.age_at(reference),
    }


def actual_row(result: ParsedColumn, label: Any) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in expected_row(None, REFERENCE):
        value = getattr(result, name).loc[label]
        if pd.isna(value):
            row[name] = None
        elif name == "birth_date":
            row[name] = value.date()
        elif name == "age":
            row[name] = int(value)
        elif name == "is_samordningsnummer":
            row[name] = bool(value)
        else:
            row[name] = value
    return row


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(cells, reference_dates), max_size=40))
def test_it_agrees_with_the_scalar_parser_row_by_row(
    rows: list[tuple[Any, datetime.date | None]],
) -> None:
    values = pd.Series([value for value, _ in rows], dtype=object)
    references = pd.to_datetime(pd.Series([ref for _, ref in rows], dtype=object))
    today = datetime.date.today()

    result = parse_personnummer_column(values, references)

    for label, (value, reference) in zip(values.index, rows, strict=True):
        assert actual_row(result, label) == expected_row(value, reference or today)


@settings(max_examples=50, deadline=None)
@given(st.lists(cells.filter(lambda v: not isinstance(v, str) or "\ud800" not in v), max_size=40))
def test_it_agrees_with_the_scalar_parser_for_one_reference_date(values: list[Any]) -> None:
    series = pd.Series(values, dtype=object).astype("string")

    result = parse_personnummer_column(series, REFERENCE)

    for label, value in zip(series.index, series, strict=True):
        assert actual_row(result, label) == expected_row(value, REFERENCE)


def test_it_parses_every_plain_form_without_calling_the_scalar_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("valid plain forms must stay on the vectorised path")

    monkeypatch.setattr(vectorised, "parse_personnummer", fail)
    values = pd.Series(
        ["19121212-1212", "191212121212", "121212-1212", "1212121212", " 121212+1212\xa0"]
    )

    result = parse_personnummer_column(values, REFERENCE)

    assert result.is_valid.all()
    assert result.normalized.tolist() == ["191212121212"] * 2 + ["201212121212"] * 2 + [
        "191212121212"
    ]


def test_it_keeps_the_index_and_uses_nullable_dtypes() -> None:
    values = pd.Series(
        ["19121212-1212", "701063-2391", "19121212-1213", "", None],
        index=["a", "b", "c", "d", "e"],
    )

    result = parse_personnummer_column(values, REFERENCE)

    for column in (
        result.normalized,
        result.birth_date,
        result.legal_sex,
        result.is_samordningsnummer,
        result.age,
        result.error,
        result.error_reason,
    ):
        assert column.index.equals(values.index)
    assert result.normalized.dtype == "string"
    assert result.legal_sex.dtype == "string"
    assert result.error.dtype == "string"
    assert result.error_reason.dtype == "string"
    assert result.is_samordningsnummer.dtype == "boolean"
    assert result.age.dtype == "Int64"
    assert pd.api.types.is_datetime64_dtype(result.birth_date)

    assert result.legal_sex.tolist() == ["man", "man", pd.NA, pd.NA, pd.NA]
    assert result.is_samordningsnummer.tolist() == [False, True, pd.NA, pd.NA, pd.NA]
    assert result.age.tolist() == [112, 54, pd.NA, pd.NA, pd.NA]
    assert result.birth_date.loc["b"] == pd.Timestamp("1970-10-03")
    assert result.error_reason.tolist() == [pd.NA, pd.NA, "checksum", pd.NA, pd.NA]
    assert result.is_valid.tolist() == [True, True, False, False, False]
    assert result.is_empty.tolist() == [False, False, False, True, True]


def test_nul_characters_are_not_mistaken_for_padding() -> None:
    values = pd.Series(["191212121212\x00", "1912121212\x00\x00", "\x00191212121212"])

    result = parse_personnummer_column(values, REFERENCE)

    assert result.error_reason.tolist() == ["characters"] * 3


def test_lone_surrogates_get_an_error_instead_of_crashing() -> None:
    # Only object columns can hold them; pyarrow-backed strings refuse them.
    values = pd.Series(["19121212-1212\ud800", "19121212-1212"], dtype=object)

    result = parse_personnummer_column(values, REFERENCE)

    assert result.error_reason.tolist() == ["characters", pd.NA]


def test_numbers_stored_as_integers_are_read_as_their_digits() -> None:
    values = pd.Series([191212121212, None, "19121212-1212"], dtype=object)

    result = parse_personnummer_column(values, REFERENCE)

    assert result.normalized.tolist() == ["191212121212", pd.NA, "191212121212"]


def test_empty_cells_get_no_error_so_the_caller_decides() -> None:
    result = parse_personnummer_column(pd.Series(["", "  ", None, "\u2003"]), REFERENCE)

    assert result.error.isna().all()
    assert result.normalized.isna().all()
    assert result.is_empty.all()


def test_per_row_reference_dates_align_on_the_index_and_default_to_today() -> None:
    values = pd.Series(["250616-0007", "250616-0007", "250616-0007"], index=[10, 20, 30])
    references = pd.to_datetime(pd.Series(["2025-06-16", "2025-06-15", None], index=[20, 10, 30]))

    result = parse_personnummer_column(values, references)

    assert result.birth_date.loc[10] == pd.Timestamp("1925-06-16")
    assert result.birth_date.loc[20] == pd.Timestamp("2025-06-16")
    expected_today = parse_personnummer("250616-0007").birth_date
    assert result.birth_date.loc[30] == pd.Timestamp(expected_today)


def test_age_uses_each_rows_reference_date() -> None:
    values = pd.Series(["20000229-0005"] * 3)
    references = pd.Series(pd.to_datetime(["2001-02-28", "2001-03-01", "2004-02-29"]))

    assert parse_personnummer_column(values, references).age.tolist() == [0, 1, 4]


def test_it_handles_an_empty_column() -> None:
    result = parse_personnummer_column(pd.Series([], dtype="string"), REFERENCE)

    assert len(result.normalized) == 0
    assert result.age.dtype == "Int64"


def test_the_default_reference_date_is_today() -> None:
    result = parse_personnummer_column(pd.Series(["121212+1212"]))

    assert result.age.iloc[0] == parse_personnummer("121212+1212").age_at(datetime.date.today())


def test_a_large_column_of_valid_numbers_parses_on_the_fast_path() -> None:
    rng = np.random.default_rng(7)
    births = pd.to_datetime(rng.integers(-25_000, 19_000, 5_000), unit="D")
    serials = rng.integers(0, 1000, births.size)
    texts = []
    for birth, serial in zip(births, serials, strict=True):
        short = f"{birth:%y%m%d}{serial:03d}"
        texts.append(f"{birth.year}{short[2:6]}-{short[6:]}{luhn_digit(short)}")

    result = parse_personnummer_column(pd.Series(texts), REFERENCE)

    assert result.is_valid.all()
    assert (result.birth_date.to_numpy() == births.to_numpy()).all()
    assert (result.legal_sex == np.where(serials % 2, "man", "kvinna")).all()
