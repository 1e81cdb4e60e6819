"""The records as small integer codes per dimension: what every cube is counted from.

A validated records frame (one row per client and occasion) is turned once into integer codes
(``-1`` = missing) for every categorical variable, every option of a multiple-choice variable,
banded numeric background variables and the period of the occasion date. Counting a cube is then
one ``numpy.bincount`` over combined codes, never a Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import pandas as pd

from isu.analysis.bands import Band, age_bands, band_codes, quantile_bands
from isu.codebook import AGE, OCCASION, Codebook, Role, Variable, VariableType
from isu.codebook.relevance import Expression, parse_relevance
from isu.i18n import _

Codes = npt.NDArray[np.int16]
PSEUDONYM = "pseudonym"  # the column isu.ingest writes; repeated here to keep ingest optional


class DimensionKind(StrEnum):
    CATEGORY = "kategori"
    OPTION = "alternativ"  # one option of a multiple-choice variable: chosen or not
    BAND = "intervall"
    PERIOD = "period"


class Period(StrEnum):
    MONTH = "manad"
    QUARTER = "kvartal"
    YEAR = "ar"


@dataclass(frozen=True)
class Dimension:
    """A categorical axis of a cube: its levels in display order, with Swedish labels."""

    key: str
    label: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]
    variable: str
    kind: DimensionKind = DimensionKind.CATEGORY
    ordered: bool = False
    role: Role = Role.BACKGROUND

    def __len__(self) -> int:
        return len(self.codes)

    def label_of(self, code: str) -> str:
        return self.labels[self.codes.index(code)]


OPTION_CODES = ("ja", "nej")


def option_key(variable: str, code: str) -> str:
    return f"{variable}={code}"


@dataclass(frozen=True)
class AnalysisFrame:
    """Integer codes per dimension for the same rows, plus occasion, client and date."""

    codebook: Codebook
    dimensions: Mapping[str, Dimension]
    codes: Mapping[str, Codes]
    occasion: Codes  # index into codebook.occasions, -1 when unknown
    client: npt.NDArray[np.int64]  # one integer per pseudonym
    dates: npt.NDArray[np.datetime64]
    numeric: Mapping[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    bands: Mapping[str, tuple[Band, ...]] = field(default_factory=dict)
    applicable: Mapping[str, npt.NDArray[np.bool_]] = field(default_factory=dict)  # skip rules

    def __len__(self) -> int:
        return len(self.occasion)

    def dimension(self, key: str) -> Dimension:
        return self.dimensions[key]


def prepare(
    records: pd.DataFrame, codebook: Codebook, *, period: Period | None = None
) -> AnalysisFrame:
    """Codes for every analysable variable of *records* (as :mod:`isu.ingest` returns them).

    Age is taken at each client's first occasion, so a child who turns 13 between decision and
    follow-up stays in the same age band in both (comparisons over time need fixed groups).
    """
    dimensions: dict[str, Dimension] = {}
    codes: dict[str, Codes] = {}
    numeric: dict[str, npt.NDArray[np.float64]] = {}
    bands: dict[str, tuple[Band, ...]] = {}
    client = _client_numbers(records)
    dates = _occasion_dates(records, codebook)
    for variable in codebook.variables:
        if variable.key not in records or variable.role in (Role.IDENTITY, Role.ADMINISTRATIVE):
            continue
        column = records[variable.key]
        if variable.type in (VariableType.SELECT_ONE, VariableType.YES_NO):
            dimensions[variable.key] = _category_dimension(variable)
            codes[variable.key] = _category_codes(column, variable.codes)
        elif variable.type is VariableType.SELECT_MULTIPLE:
            for dimension, option_codes in _option_dimensions(variable, column):
                dimensions[dimension.key] = dimension
                codes[dimension.key] = option_codes
        elif variable.type.is_numeric:
            values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            if variable.role is Role.BACKGROUND:
                if variable.key == AGE:
                    values = _first_occasion_values(values, client, dates)
                variable_bands = (
                    age_bands(values) if variable.key == AGE else quantile_bands(values)
                )
                bands[variable.key] = variable_bands
                dimensions[variable.key] = _band_dimension(variable, variable_bands)
                codes[variable.key] = band_codes(values, variable_bands)
            else:
                numeric[variable.key] = values
    rules = {v.key: parse_relevance(v.relevant) for v in codebook.variables if v.relevant}
    applicable = {
        key: _applicable(records, rule)
        for key, rule in rules.items()
        if key in records and rule.names <= set(records)
    }
    period_dimension = _period_dimension(dates, period)
    if period_dimension is not None:
        dimension, period_codes = period_dimension
        dimensions[dimension.key] = dimension
        codes[dimension.key] = period_codes
    return AnalysisFrame(
        codebook,
        dimensions,
        codes,
        _category_codes(records[OCCASION], tuple(c.code for c in codebook.occasions))
        if OCCASION in records
        else np.zeros(len(records), dtype=np.int16),
        client,
        dates,
        numeric,
        bands,
        applicable,
    )


def _applicable(records: pd.DataFrame, rule: Expression) -> npt.NDArray[np.bool_]:
    """A skip rule for every record, evaluated once per distinct combination of the columns it
    reads (a handful) rather than once per record (a million)."""
    columns = sorted(rule.names)
    combined = np.zeros(len(records), dtype=np.int64)
    for column in columns:
        values = records[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes, size = values.cat.codes.to_numpy(dtype=np.int64), len(values.cat.categories)
        else:
            found, uniques = pd.factorize(values, use_na_sentinel=True)
            codes, size = np.asarray(found, dtype=np.int64), len(uniques)
        combined = combined * (size + 1) + (codes + 1)
    _distinct, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    sample = records.iloc[first][columns].reset_index(drop=True)
    return np.asarray(rule.evaluate(sample).to_numpy(dtype=bool)[inverse.ravel()])


def _category_dimension(variable: Variable) -> Dimension:
    return Dimension(
        variable.key,
        variable.label,
        variable.codes,
        tuple(c.label for c in variable.categories),
        variable.key,
        ordered=variable.ordered,
        role=variable.role,
    )


def _category_codes(column: pd.Series, categories: tuple[str, ...]) -> Codes:
    """Position of each value in *categories*; -1 for missing (validated data has no others)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        recoded = column.cat.set_categories(list(categories))
        return np.asarray(recoded.cat.codes, dtype=np.int16)
    return np.asarray(pd.Categorical(column, categories=list(categories)).codes, dtype=np.int16)


def _option_dimensions(variable: Variable, column: pd.Series) -> list[tuple[Dimension, Codes]]:
    """One yes/no dimension per option: 0 = chosen, 1 = not chosen, -1 = question unanswered."""
    # Few distinct answers among many rows: decide each distinct text once, then spread.
    codes, uniques = pd.factorize(column.astype("string").fillna(""))
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    answered = (distinct.str.strip() != "").to_numpy(dtype=bool)[codes]
    padded = " " + distinct + " "
    result = []
    for category in variable.categories:
        chosen = padded.str.contains(f" {category.code} ", regex=False).to_numpy(dtype=bool)[codes]
        option_codes = np.where(answered, np.where(chosen, 0, 1), -1).astype(np.int16)
        dimension = Dimension(
            option_key(variable.key, category.code),
            f"{variable.label}: {category.label}",
            OPTION_CODES,
            (_("Ja"), _("Nej")),
            variable.key,
            DimensionKind.OPTION,
            role=variable.role,
        )
        result.append((dimension, option_codes))
    return result


def _band_dimension(variable: Variable, variable_bands: tuple[Band, ...]) -> Dimension:
    return Dimension(
        variable.key,
        variable.label,
        tuple(b.code for b in variable_bands),
        tuple(b.label for b in variable_bands),
        variable.key,
        DimensionKind.BAND,
        ordered=True,
    )


def _client_numbers(records: pd.DataFrame) -> npt.NDArray[np.int64]:
    if PSEUDONYM not in records:
        return np.arange(len(records), dtype=np.int64)
    return np.asarray(pd.factorize(records[PSEUDONYM])[0], dtype=np.int64)


def _occasion_dates(records: pd.DataFrame, codebook: Codebook) -> npt.NDArray[np.datetime64]:
    """The date of each record: the codebook's age reference, else its first date variable."""
    key = codebook.age_reference
    if key is None or key not in records:
        key = next(
            (v.key for v in codebook if v.type is VariableType.DATE and v.key in records), None
        )
    if key is None:
        return np.full(len(records), np.datetime64("NaT"), dtype="datetime64[D]")
    return pd.to_datetime(records[key], errors="coerce").to_numpy(dtype="datetime64[D]")


def _first_occasion_values(
    values: npt.NDArray[np.float64],
    client: npt.NDArray[np.int64],
    dates: npt.NDArray[np.datetime64],
) -> npt.NDArray[np.float64]:
    """Each client's value at their earliest dated record, repeated on all their records."""
    order = np.lexsort((np.isnan(values), dates, client))
    first_row = np.zeros(client.max() + 1 if len(client) else 0, dtype=np.int64)
    ordered = client[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else order
    first_row[ordered[starts]] = order[starts]
    return values[first_row[client]]


def _period_dimension(
    dates: npt.NDArray[np.datetime64], period: Period | None
) -> tuple[Dimension, Codes] | None:
    known = dates[~np.isnat(dates)]
    if known.size == 0:
        return None
    months = dates.astype("datetime64[M]").astype(np.int64)  # NaT becomes a huge negative
    first, last = int(months[~np.isnat(dates)].min()), int(months[~np.isnat(dates)].max())
    chosen = period or _default_period(last - first + 1)
    step = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}[chosen]
    start = first - first % step
    codes = np.where(np.isnat(dates), -1, (months - start) // step).astype(np.int16)
    count = (last - start) // step + 1
    labels = tuple(_period_label(start + i * step, chosen) for i in range(count))
    dimension = Dimension(
        "period",
        {Period.MONTH: _("Månad"), Period.QUARTER: _("Kvartal"), Period.YEAR: _("År")}[chosen],
        labels,
        labels,
        "period",
        DimensionKind.PERIOD,
        ordered=True,
    )
    return dimension, codes


def _default_period(months: int) -> Period:
    """Quarters up to three years of data, years beyond: months give cells too small to read."""
    return Period.QUARTER if months <= 36 else Period.YEAR


def _period_label(month_index: int, period: Period) -> str:
    year, month = divmod(month_index, 12)
    year += 1970
    if period is Period.YEAR:
        return str(year)
    if period is Period.QUARTER:
        return f"{year} kv{month // 3 + 1}"
    return f"{year}-{month + 1:02d}"
