"""Turn a column of typed text into values of a variable's type, flagging what cannot be read.

Each parser works on a whole column: categorical cells are decided once per distinct text (a
column of a million cells rarely holds more than a few dozen distinct texts) and numbers and
dates with pandas' vectorised converters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from isu.codebook import Variable, VariableType
from isu.codebook.model import NO, UNKNOWN, YES
from isu.i18n import _
from isu.ingest.text import fold

EXCEL_EPOCH = pd.Timestamp("1899-12-30")
# Excel serial numbers from 1950-01-01 to 2099-12-31; outside that a number is not a date here.
SERIAL_RANGE = (18264, 73050)
YES_NO_ALIASES = {
    YES: ("j", "yes", "y", "sant", "true", "1", "x"),
    NO: ("n", "no", "falskt", "false", "0"),
    UNKNOWN: ("vet inte", "okant", "ej kant", "vet ej", "?"),
}
_EMPTY, _UNKNOWN = -1, -2
LARGEST_INTEGER = 10**15  # far beyond any count or amount here, and exact as a float
_SEMICOLON = re.compile(r"[;\n]")
_COMMA = re.compile(r",")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Parsed:
    """Values of the variable's type (NA where empty or unreadable), which cells were
    unreadable, and why (one message, or one per cell)."""

    values: pd.Series
    bad: pd.Series
    message: str | pd.Series


def parse_column(raw: pd.Series, variable: Variable) -> Parsed:
    text = raw.astype("str").str.strip()
    parser = {
        VariableType.SELECT_ONE: _select_one,
        VariableType.YES_NO: _select_one,
        VariableType.SELECT_MULTIPLE: _select_multiple,
        VariableType.INTEGER: _integer,
        VariableType.DECIMAL: _decimal,
        VariableType.DATE: _date,
        VariableType.TEXT: _text,
    }[variable.type]
    return parser(text, variable)


def _lookup(variable: Variable) -> dict[str, str]:
    """Folded code or label → code; labels win over codes only where no code has that text."""
    table: dict[str, str] = {}
    if variable.type is VariableType.YES_NO:
        for code, aliases in YES_NO_ALIASES.items():
            table.update((fold(alias), code) for alias in aliases)
    table.update((fold(c.label), c.code) for c in variable.categories)
    table.update((fold(c.code), c.code) for c in variable.categories)
    return table


def _choices_hint(variable: Variable) -> str:
    labels = [c.label for c in variable.categories]
    shown = ", ".join(f"'{label}'" for label in labels[:8])
    return shown + (_(" med flera") if len(labels) > 8 else "")


def _per_distinct(text: pd.Series, decide: Callable[[str], Any], dtype: Any) -> np.ndarray:
    """*decide* applied once per distinct cell text, spread back over the column: a column of a
    million answers rarely holds more than a few dozen distinct texts."""
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    decided = [decide(u) for u in list(uniques)] + [decide("")]  # code -1 (NA) reads as empty
    return np.asarray(decided, dtype=dtype)[codes]


def _select_one(text: pd.Series, variable: Variable) -> Parsed:
    """Codes as a pandas Categorical in codebook order (ordered for scales): compact, and what
    grouping wants."""
    table = _lookup(variable)
    position = {code: i for i, code in enumerate(variable.codes)}

    def decide(cell: str) -> int:
        return position.get(table.get(fold(cell), ""), _UNKNOWN) if cell else _EMPTY

    mapped = _per_distinct(text, decide, np.int64)
    dtype = pd.CategoricalDtype(list(variable.codes), ordered=variable.ordered)
    values = pd.Categorical.from_codes(np.maximum(mapped, -1), dtype=dtype)
    bad = pd.Series(mapped == _UNKNOWN, index=text.index)
    message = _("Okänt svar. Välj något av: {choices}.").format(choices=_choices_hint(variable))
    return Parsed(pd.Series(values, index=text.index), bad, message)


def _select_multiple(text: pd.Series, variable: Variable) -> Parsed:
    """Codes separated by spaces, in codebook order (XLSForm's form of a multiple choice)."""
    table = _lookup(variable)
    order = {c.code: i for i, c in enumerate(variable.categories)}

    def decide(cell: str) -> str | None:
        return _decide_multiple(cell, table, order) if cell else ""

    mapped = pd.Series(_per_distinct(text, decide, object), index=text.index)
    bad = mapped.isna()
    message = _("Okänt svar. Ange ett eller flera av {choices}, åtskilda med semikolon.").format(
        choices=_choices_hint(variable)
    )
    return Parsed(mapped.where(mapped.ne("") & ~bad).astype("str"), bad, message)


def _decide_multiple(cell: str, table: dict[str, str], order: dict[str, int]) -> str | None:
    """Codes for a cell of several answers, or None if any part is not an answer.

    Labels may themselves contain commas ("Utbildning, arbete, sysselsättning och ekonomi"), so
    the separators are tried from the least to the most likely to occur inside a label.
    """
    for separator in (None, _SEMICOLON, _COMMA, _WHITESPACE):
        parts = [cell] if separator is None else [p for p in separator.split(cell) if p.strip()]
        chosen = [table.get(fold(p)) for p in parts]
        if chosen and None not in chosen:
            return " ".join(sorted({c for c in chosen if c}, key=order.__getitem__))
    return None


def _number_text(text: pd.Series) -> pd.Series:
    """Swedish and English number writing to Python's: '1 234,5' and '1,234.5' → '1234.5'."""
    compact = text.str.replace(r"[\s\u00a0']", "", regex=True)
    comma_decimal = compact.str.contains(",", regex=False) & ~compact.str.contains(
        r"\.\d*,", regex=True
    )
    swedish = compact.where(
        ~comma_decimal, compact.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    )
    return swedish.where(comma_decimal, swedish.str.replace(",", "", regex=False))


def _integer(text: pd.Series, variable: Variable) -> Parsed:
    numbers = pd.to_numeric(_number_text(text), errors="coerce").astype("float64")
    in_range = numbers.abs() <= LARGEST_INTEGER
    whole = in_range & (numbers % 1 == 0)
    bad = text.ne("") & ~whole
    message = pd.Series(_("Ange ett heltal, t.ex. 12."), index=text.index[bad])
    message = message.where(numbers[bad].isna(), _("Ange ett heltal utan decimaler."))
    message = message.where(in_range[bad] | numbers[bad].isna(), _("Talet är för stort."))
    return Parsed(numbers.where(whole).astype("Int64"), bad, message)


def _decimal(text: pd.Series, variable: Variable) -> Parsed:
    numbers = pd.to_numeric(_number_text(text), errors="coerce").astype("Float64")
    bad = text.ne("") & numbers.isna()
    return Parsed(numbers, bad, _("Ange ett tal, t.ex. 12,5."))


def _date(text: pd.Series, variable: Variable) -> Parsed:
    """ISO dates in one vectorised pass; only what that misses is tried in the other ways
    people write dates (2026/03/31, 20260331, an Excel serial number)."""
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    retry = dates.isna() & text.ne("")
    if retry.any():
        dates = dates.fillna(_other_date_forms(text[retry]))
    dates = dates.astype("datetime64[s]")
    bad = text.ne("") & dates.isna()
    looks_like_a_date = _other_forms_as_iso(text[bad]).str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}")
    message = pd.Series(
        _("Okänt datum. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2026-03-31."), index=text.index[bad]
    ).where(~looks_like_a_date, _("Datumet finns inte i kalendern. Kontrollera månad och dag."))
    return Parsed(dates, bad, message)


def _other_forms_as_iso(text: pd.Series) -> pd.Series:
    dashed = text.str.slice(0, 10).str.replace(
        r"^(\d{4})[./](\d{1,2})[./](\d{1,2})$", r"\1-\2-\3", regex=True
    )
    return dashed.str.replace(r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3", regex=True)


def _other_date_forms(text: pd.Series) -> pd.Series:
    dates = pd.to_datetime(_other_forms_as_iso(text), format="%Y-%m-%d", errors="coerce")
    serial = pd.to_numeric(text.where(dates.isna()), errors="coerce")
    in_range = serial.between(*SERIAL_RANGE)
    return dates.fillna(EXCEL_EPOCH + pd.to_timedelta(serial.where(in_range).round(), unit="D"))


def _text(text: pd.Series, variable: Variable) -> Parsed:
    return Parsed(text.where(text.ne("")), pd.Series(False, index=text.index), "")
