"""Parse a whole column of personnummer at once, for imports of a million rows.

A per-row Python loop costs several seconds per million rows, so the common case is done with
numpy on a code-point matrix: whitespace is stripped with ``np.strings``, values of 10-13
characters become a fixed-width ``U13`` array viewed as integers, and the structure, Luhn check
digit, century, calendar and future checks are array arithmetic.

This fast path only accepts the plain written forms (ASCII digits, one ``-``/``+`` before the
last four digits, ASCII whitespace or no-break space around). Every other non-empty value goes
to the scalar :func:`~isu.identity.personnummer.parse_personnummer`, which either accepts it
(e.g. unusual Unicode whitespace) or supplies the Swedish error message. Invalid rows are few,
and routing them through the scalar parser keeps both parsers in exact agreement by design.
"""

import datetime
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from numpy.dtypes import StringDType

from isu.identity.personnummer import (
    EARLIEST_BIRTH_YEAR,
    SAMORDNING_DAY_OFFSET,
    LegalSex,
    PersonnummerError,
    parse_personnummer,
)

__all__ = ["ParsedColumn", "parse_personnummer_column"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Characters the fast path strips; all of them are also stripped by `str.strip`, so the fast
# path never accepts something the scalar parser would reject. Other whitespace goes the slow way.
_FAST_WHITESPACE = " \t\n\r\x0b\x0c\xa0"
_WIDTH = 13  # longest accepted form: YYYYMMDD-NNNC
_MINUS, _PLUS, _ZERO = ord("-"), ord("+"), ord("0")

# Luhn: digits in even positions (from the left, of 10) are doubled and their digits summed.
_LUHN_DOUBLED = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9])
# Python storage: building it from an object array of str/None is a cheap check, while
# converting to pyarrow storage (the default when pyarrow is installed) costs ~0.1 s per column
# of a million rows.
_STRING = pd.StringDtype("python")
# Code points of "0000".."9999", one row per number, for building strings without a loop.
_FOUR_DIGIT_CODES = (
    np.arange(10_000)[:, None] // np.array([1000, 100, 10, 1]) % 10 + _ZERO
).astype(np.uint32)
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


@dataclass(frozen=True)
class ParsedColumn:
    """Column-wise result of :func:`parse_personnummer_column`, on the input's index.

    Value columns (``is_samordningsnummer`` too) are missing (NA/NaT) for invalid *and* empty
    input. ``error`` and ``error_reason`` are set only for invalid non-empty input, so the
    caller decides whether an empty cell is allowed (see :attr:`is_empty`).
    """

    normalized: pd.Series  # string: 12 digits, day as written
    birth_date: pd.Series  # datetime64[s]
    legal_sex: pd.Series  # string: "kvinna" / "man"
    is_samordningsnummer: pd.Series  # boolean
    age: pd.Series  # Int64: completed years at the row's reference date
    error: pd.Series  # string: Swedish message
    error_reason: pd.Series  # string: PersonnummerError.reason

    @property
    def is_valid(self) -> pd.Series:
        """Boolean mask of rows that hold a valid personnummer."""
        return self.normalized.notna()

    @property
    def is_empty(self) -> pd.Series:
        """Boolean mask of rows that were NA, empty or only whitespace."""
        return self.normalized.isna() & self.error.isna()


@dataclass
class _Columns:
    """Mutable numpy buffers filled by the fast and slow paths."""

    valid: BoolArray
    year: IntArray
    month: IntArray
    day: IntArray
    written_day: IntArray
    tail: IntArray  # NNNC as an integer
    errors: npt.NDArray[np.object_]
    reasons: npt.NDArray[np.object_]

    @classmethod
    def empty(cls, n: int) -> "_Columns":
        return cls(
            valid=np.zeros(n, dtype=bool),
            year=np.zeros(n, dtype=np.int64),
            month=np.ones(n, dtype=np.int64),
            day=np.ones(n, dtype=np.int64),
            written_day=np.ones(n, dtype=np.int64),
            tail=np.zeros(n, dtype=np.int64),
            errors=np.full(n, None, dtype=object),
            reasons=np.full(n, None, dtype=object),
        )


def parse_personnummer_column(
    values: pd.Series,
    reference_dates: pd.Series | datetime.date | None = None,
) -> ParsedColumn:
    """Parse every value in *values*; results agree exactly with the scalar parser.

    *reference_dates* is one date for all rows, or a datetime Series aligned on the index
    (NaT, missing rows and ``None`` mean today). It sets the century of 10-digit numbers,
    rejects future birth dates and is the date for ``age``.
    """
    today = np.datetime64(datetime.date.today(), "D")
    reference = _reference_days(values.index, reference_dates, today)
    ref_year, ref_month, ref_day = _split_days(reference)

    raw = values.to_numpy(dtype=object, na_value="")
    unsafe = _unsafe_for_numpy(raw)
    text = _stripped(np.where(unsafe, "", raw) if unsafe.any() else raw)
    lengths = np.strings.str_len(text)
    out = _Columns.empty(len(values))
    _fast_path(text, lengths, ref_year, ref_month, ref_day, out)
    _slow_path(raw, np.flatnonzero(~out.valid & ((lengths > 0) | unsafe)), reference, out)
    return _assemble(values.index, out, ref_year, ref_month, ref_day)


def _reference_days(
    index: pd.Index, reference_dates: pd.Series | datetime.date | None, today: np.datetime64
) -> npt.NDArray[np.datetime64]:
    """One reference day per row as ``datetime64[D]``, with today for missing dates."""
    if reference_dates is None:
        return np.full(len(index), today)
    if isinstance(reference_dates, pd.Series):
        aligned = (
            reference_dates
            if reference_dates.index.equals(index)
            else reference_dates.reindex(index)
        )
        timestamps = pd.to_datetime(aligned)
        if timestamps.dt.tz is not None:
            timestamps = timestamps.dt.tz_localize(None)  # the local calendar date counts
        days = timestamps.to_numpy().astype("datetime64[D]")
        return np.where(np.isnat(days), today, days)
    if isinstance(reference_dates, datetime.datetime):
        reference_dates = reference_dates.date()
    return np.full(len(index), np.datetime64(reference_dates, "D"))


def _split_days(days: npt.NDArray[np.datetime64]) -> tuple[IntArray, IntArray, IntArray]:
    """Year, month and day-of-month of a ``datetime64[D]`` array."""
    months = days.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def _unsafe_for_numpy(raw: npt.NDArray[np.object_]) -> BoolArray:
    """Rows that numpy's string functions would misread; they go to the scalar parser.

    numpy treats NUL characters as padding (``"1912121212\\0\\0"`` would look like 10
    digits), cannot encode lone surrogates as UTF-8, and would have to guess at non-strings.
    One join answers "none of those" for a whole column of ordinary strings.
    """
    try:
        joined = "".join(raw)
    except TypeError:  # some value is not a string
        joined = None
    if joined is not None and "\x00" not in joined and _encodable(joined):
        return np.zeros(raw.size, dtype=bool)
    return np.fromiter(
        (not isinstance(value, str) or "\x00" in value or not _encodable(value) for value in raw),
        dtype=bool,
        count=raw.size,
    )


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stripped(raw: npt.NDArray[np.object_]) -> npt.NDArray[Any]:
    """The values as a numpy ``StringDType`` array with fast-path whitespace removed."""
    return np.strings.strip(raw.astype(StringDType()), _FAST_WHITESPACE)


def _fast_path(
    text: npt.NDArray[Any],
    lengths: IntArray,
    ref_year: IntArray,
    ref_month: IntArray,
    ref_day: IntArray,
    out: _Columns,
) -> None:
    """Fill *out* for the rows that are valid in one of the plain written forms.

    Each form (10-13 characters) has a fixed layout, so its rows become an integer matrix of
    code points whose columns are the digits; all checks then run on whole columns.
    """
    for length in range(10, _WIDTH + 1):
        rows = np.flatnonzero(lengths == length)
        if rows.size == 0:
            continue
        codes = text[rows].astype(f"U{length}").view(np.uint32).reshape(-1, length)
        ascii_only = (codes < 128).all(axis=1)
        # One plane per character position; subtracting "0" wraps code points below it around.
        planes = np.ascontiguousarray(codes.astype(np.uint8).T) - np.uint8(_ZERO)
        if length in (11, 13):
            separator = planes[length - 5] + np.uint8(_ZERO)
            plus = separator == _PLUS
            ok = ascii_only & (plus | (separator == _MINUS))
            planes = np.delete(planes, length - 5, axis=0)
        else:
            plus = np.zeros(rows.size, dtype=bool)
            ok = ascii_only
        ok &= (planes <= 9).all(axis=0)
        np.minimum(planes, 9, out=planes)  # rows with non-digits are already rejected
        columns = list(planes.astype(np.int64))
        century = columns[0] * 10 + columns[1] if len(columns) == 12 else None
        _check_digits(rows, ok, century, columns[-10:], plus, (ref_year, ref_month, ref_day), out)


def _check_digits(
    rows: IntArray,
    ok: BoolArray,
    century: IntArray | None,
    columns: list[IntArray],
    plus: BoolArray,
    reference: tuple[IntArray, IntArray, IntArray],
    out: _Columns,
) -> None:
    """Validate rows given as columns of the digits YYMMDDNNNC; store the valid ones in *out*."""
    ok &= _luhn_ok(columns)
    month = columns[2] * 10 + columns[3]
    written_day = columns[4] * 10 + columns[5]
    is_samordning = written_day > SAMORDNING_DAY_OFFSET
    day = written_day - SAMORDNING_DAY_OFFSET * is_samordning
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)

    r_year, r_month, r_day = (part[rows] for part in reference)
    reference_key = r_year * 10_000 + r_month * 100 + r_day
    two_digit_year = columns[0] * 10 + columns[1]
    if century is None:
        year = r_year // 100 * 100 + two_digit_year
        year -= 100 * (year * 10_000 + month * 100 + day > reference_key)
        year -= 100 * plus
    else:
        year = century * 100 + two_digit_year
    ok &= year >= EARLIEST_BIRTH_YEAR
    ok &= day <= _days_in_month(year, np.clip(month, 1, 12))
    ok &= year * 10_000 + month * 100 + day <= reference_key

    good = rows[ok]
    out.valid[good] = True
    out.year[good] = year[ok]
    out.month[good] = month[ok]
    out.day[good] = day[ok]
    out.written_day[good] = written_day[ok]
    out.tail[good] = (
        columns[6][ok] * 1000 + columns[7][ok] * 100 + columns[8][ok] * 10 + columns[9][ok]
    )


def _luhn_ok(columns: list[IntArray]) -> BoolArray:
    """Luhn check over columns of the 10 digits YYMMDDNNNC."""
    total = np.zeros(columns[0].shape, dtype=np.int64)
    for position, column in enumerate(columns):
        total += _LUHN_DOUBLED[column] if position % 2 == 0 else column
    result: BoolArray = total % 10 == 0
    return result


def _days_in_month(year: IntArray, month: IntArray) -> IntArray:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    result: IntArray = _DAYS_IN_MONTH[month - 1] + (leap & (month == 2))
    return result


def _slow_path(
    raw: npt.NDArray[np.object_],
    rows: IntArray,
    reference: npt.NDArray[np.datetime64],
    out: _Columns,
) -> None:
    """Let the scalar parser decide the rows the fast path did not accept, from the raw value."""
    for row in rows:
        reference_date: datetime.date = reference[row].item()
        try:
            parsed = parse_personnummer(str(raw[row]), reference_date=reference_date)
        except PersonnummerError as err:
            if err.reason != "empty":
                out.errors[row] = str(err)
                out.reasons[row] = err.reason
            continue
        out.valid[row] = True
        out.year[row] = parsed.birth_date.year
        out.month[row] = parsed.birth_date.month
        out.day[row] = parsed.birth_date.day
        out.written_day[row] = int(parsed.normalized[6:8])
        out.tail[row] = int(parsed.normalized[8:])


def _assemble(
    index: pd.Index,
    out: _Columns,
    ref_year: IntArray,
    ref_month: IntArray,
    ref_day: IntArray,
) -> ParsedColumn:
    invalid = ~out.valid
    birth = (
        ((out.year - 1970) * 12 + out.month - 1).astype("datetime64[M]").astype("datetime64[D]")
        + (out.day - 1)
    ).astype("datetime64[s]")
    birth[invalid] = np.datetime64("NaT")

    before_birthday = ref_month * 100 + ref_day < out.month * 100 + out.day
    age = ref_year - out.year - before_birthday
    is_man = (out.tail // 10) % 2 == 1
    sex = np.array([LegalSex.KVINNA.value, LegalSex.MAN.value], dtype=object)[is_man.astype(int)]
    sex[invalid] = None

    def strings(array: npt.NDArray[np.object_]) -> pd.Series:
        return pd.Series(pd.array(array, dtype=_STRING), index=index, copy=False)

    return ParsedColumn(
        normalized=strings(_normalized(out)),
        birth_date=pd.Series(birth, index=index, copy=False),
        legal_sex=strings(sex),
        is_samordningsnummer=pd.Series(
            pd.arrays.BooleanArray(out.written_day > SAMORDNING_DAY_OFFSET, invalid),
            index=index,
            copy=False,
        ),
        age=pd.Series(pd.arrays.IntegerArray(age, invalid), index=index, copy=False),
        error=strings(out.errors),
        error_reason=strings(out.reasons),
    )


def _normalized(out: _Columns) -> npt.NDArray[np.object_]:
    """12-digit strings assembled from 4-digit code-point blocks; None where invalid."""
    blocks = (out.year, out.month * 100 + out.written_day, out.tail)
    codes = np.concatenate([_FOUR_DIGIT_CODES[block % 10_000] for block in blocks], axis=1)
    text = np.array(codes.view("<U12").ravel().tolist(), dtype=object)
    text[~out.valid] = None
    return text
