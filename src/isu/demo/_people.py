"""Synthetic children: birth dates, personnummer and background, and their records as typed.

Everything here works on whole arrays (one element per child or row) so that a million children
take well under a second; there is no Python loop over children or rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from isu.codebook import Codebook, VariableType

# pandas' "str" dtype on Python storage: wrapping an object array is cheap, while the default
# pyarrow storage costs ~0.1 s per column of a million rows.
STR = pd.StringDtype("python", na_value=np.nan)
IntArray = npt.NDArray[np.int64]
TextArray = npt.NDArray[np.object_]
BoolArray = npt.NDArray[np.bool_]
DayArray = npt.NDArray[np.datetime64]

SAMORDNING_SHARE = 0.02
SAMORDNING_DAY_OFFSET = 60
# Ages 0-17 at the decision; child-welfare investigations are most common among teenagers.
AGE_WEIGHTS = np.array([4, 3, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8, 9, 10, 9, 8], dtype=float)
# fodelseland: sverige, norden, europa, utanfor_europa
BIRTH_GROUP_SHARES = np.array([0.70, 0.03, 0.10, 0.17])
OUTSIDE_EUROPE = 3
# bostadsomrade (centralort, tatort, landsbygd) by birth group
RESIDENCE = np.array(
    [[0.45, 0.30, 0.25], [0.55, 0.30, 0.15], [0.60, 0.28, 0.12], [0.70, 0.24, 0.06]]
)
# inkomstniva (lag, medel, hog, okand) by birth group: low income more common outside Europe
INCOME = np.array(
    [
        [0.22, 0.48, 0.22, 0.08],
        [0.30, 0.45, 0.15, 0.10],
        [0.38, 0.40, 0.10, 0.12],
        [0.52, 0.28, 0.05, 0.15],
    ]
)
# utbildningsniva (forgymnasial, gymnasial, eftergymnasial, okand) by income level
EDUCATION = np.array(
    [
        [0.35, 0.45, 0.12, 0.08],
        [0.15, 0.55, 0.25, 0.05],
        [0.05, 0.35, 0.57, 0.03],
        [0.20, 0.35, 0.15, 0.30],
    ]
)
# konsidentitet: left empty (optional), other than binary, declined; the rest match legal sex
GENDER_IDENTITY_EMPTY, GENDER_IDENTITY_OTHER, GENDER_IDENTITY_DECLINED = 0.30, 0.01, 0.02
# Serials 01x-99x: two free digits (01-99) times five sex digits gives 495 per birth date and sex.
_SERIAL_SLOTS = 99 * 5
_LUHN_DOUBLED = np.array([0, 2, 4, 6, 8, 1, 3, 5, 7, 9])


def choose(rng: np.random.Generator, table: npt.NDArray[np.float64], group: IntArray) -> IntArray:
    """One category per element: row ``group[i]`` of *table* holds the probabilities."""
    rows, width = table.shape
    cumulative = np.cumsum(table, axis=1)
    cumulative /= cumulative[:, -1:]
    # Shift row g by g so that one sorted array serves every group: u + g falls in row g.
    shifted = (cumulative + np.arange(rows)[:, None]).ravel()
    found = np.searchsorted(shifted, rng.random(len(group)) + group, side="right")
    return np.asarray(np.minimum(found - group * width, width - 1), dtype=np.int64)


def split_days(days: DayArray) -> tuple[IntArray, IntArray, IntArray]:
    """Year, month (1-12) and day (1-31) of datetime64[D] values."""
    months = days.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months).astype(np.int64) + 1
    return year, month, day


def make_days(year: IntArray, month: IntArray, day: IntArray) -> DayArray:
    """datetime64[D] from parts; a day past the month's end becomes its last day (29 Feb → 28)."""
    first = ((year - 1970) * 12 + month - 1).astype("datetime64[M]").astype("datetime64[D]")
    length = ((first.astype("datetime64[M]") + 1).astype("datetime64[D]") - first).astype(np.int64)
    return cast(DayArray, first + (np.minimum(day, length) - 1).astype("timedelta64[D]"))


def add_months(days: DayArray, months: int) -> DayArray:
    year, month, day = split_days(days)
    total = year * 12 + month - 1 + months
    return make_days(total // 12, total % 12 + 1, day)


def completed_years(birth: DayArray, at: DayArray) -> IntArray:
    """Age in completed years, as Swedish law counts it (see isu.identity.age_at)."""
    by, bm, bd = split_days(birth)
    ay, am, ad = split_days(at)
    before_birthday = (am < bm) | ((am == bm) & (ad < bd))
    return np.asarray(ay - by - before_birthday, dtype=np.int64)


def birth_dates(rng: np.random.Generator, decided: DayArray, age: IntArray) -> DayArray:
    """A birth date that makes each child exactly *age* at its decision date."""
    year, month, day = split_days(decided)
    birthday = make_days(year - age, month, day)  # the latest birthday on or before the decision
    return cast(DayArray, birthday - rng.integers(0, 365, len(age)).astype("timedelta64[D]"))


@dataclass(frozen=True)
class Personnummer:
    text: npt.NDArray[np.object_]  # "YYYYMMDD-NNNC"
    samordning: BoolArray


def personnummer(rng: np.random.Generator, birth: DayArray, boy: BoolArray) -> Personnummer:
    """Unique, valid, synthetic personnummer (or samordningsnummer) for each child.

    The serial is random, so a number may by chance equal a real person's; that is harmless
    because nothing links it to anyone, and the data are never presented as real. (Skatteverket's
    official test numbers would avoid even that, but they cover too few dates for a million
    children.) Uniqueness: children sharing birth date, number type and sex get distinct serial
    slots, taken in a random order from a random start.
    """
    n = len(birth)
    samordning = rng.random(n) < SAMORDNING_SHARE
    year, month, day = split_days(birth)
    written_day = day + SAMORDNING_DAY_OFFSET * samordning
    group = (birth.astype(np.int64) * 2 + samordning) * 2 + boy
    order = np.lexsort((rng.random(n), group))
    sorted_group = group[order]
    starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]][:n])
    sizes = np.diff(np.r_[starts, n])
    if n and sizes.max() > _SERIAL_SLOTS:
        raise ValueError("För många barn med samma födelsedatum för unika personnummer.")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - np.repeat(starts, sizes)
    start = rng.integers(0, _SERIAL_SLOTS, n)  # one random start per group: use the first's
    first_of_group = np.empty(n, dtype=np.int64)
    first_of_group[order] = np.repeat(order[starts], sizes)
    slot = (start[first_of_group] + rank * 7) % _SERIAL_SLOTS  # 7 is coprime with 495
    sex_digit = 2 * (slot % 5) + boy  # odd for boys, even for girls
    serial = (slot // 5 + 1) * 10 + sex_digit
    digits = np.column_stack(
        [
            year // 1000 % 10,
            year // 100 % 10,
            year // 10 % 10,
            year % 10,
            month // 10,
            month % 10,
            written_day // 10,
            written_day % 10,
            serial // 100,
            serial // 10 % 10,
            serial % 10,
        ]
    ).astype(np.int64)
    check = luhn_check_digit(digits[:, 2:])
    chars = np.empty((n, 13), dtype=np.uint8)
    chars[:, :8] = digits[:, :8] + ord("0")
    chars[:, 8] = ord("-")
    chars[:, 9:12] = digits[:, 8:] + ord("0")
    chars[:, 12] = check + ord("0")
    text = chars.view("S13").ravel().astype("U13").astype(object)
    return Personnummer(text, samordning)


def luhn_check_digit(digits: IntArray) -> IntArray:
    """Luhn check digit for each row of nine digits (YYMMDDNNN): the first digit is doubled."""
    doubled = _LUHN_DOUBLED[digits[:, 0::2]].sum(axis=1)
    total = doubled + digits[:, 1::2].sum(axis=1)
    return np.asarray((10 - total % 10) % 10, dtype=np.int64)


def background(rng: np.random.Generator, n: int) -> dict[str, IntArray]:
    """Category codes (indices into the codebook's categories) of the background variables."""
    birth_group = choose(rng, BIRTH_GROUP_SHARES[None, :], np.zeros(n, dtype=np.int64))
    income = choose(rng, INCOME, birth_group)
    return {
        "fodelseland": birth_group,
        "bostadsomrade": choose(rng, RESIDENCE, birth_group),
        "inkomstniva": income,
        "utbildningsniva": choose(rng, EDUCATION, income),
    }


def gender_identity(rng: np.random.Generator, codebook: Codebook, boy: BoolArray) -> IntArray:
    """Codes of ``konsidentitet``: mostly the legal sex, a few other, some declined, 30% empty."""
    codes = codebook["konsidentitet"].codes
    other, declined = codes.index("annat"), codes.index("vill_inte_svara")
    identity = np.where(boy, codes.index("man"), codes.index("kvinna")).astype(np.int64)
    u = rng.random(len(boy))
    identity[u < GENDER_IDENTITY_EMPTY] = -1
    band = GENDER_IDENTITY_EMPTY
    identity[(u >= band) & (u < band + GENDER_IDENTITY_OTHER)] = other
    band += GENDER_IDENTITY_OTHER
    identity[(u >= band) & (u < band + GENDER_IDENTITY_DECLINED)] = declined
    return identity


def typed_records(
    codebook: Codebook, text: dict[str, TextArray], codes: dict[str, IntArray]
) -> pd.DataFrame:
    """One text column per codebook variable, in codebook order, as a person would type it.

    *text* holds columns already written out; *codes* holds category codes per row (-1 for
    empty; a bit mask over the categories for multiple choice). Other columns are empty.
    """
    rows = len(next(iter(text.values())))
    columns: dict[str, TextArray] = {}
    for variable in codebook.variables:
        if variable.key in text:
            columns[variable.key] = text[variable.key]
        elif variable.key in codes:
            labels = [c.label for c in variable.categories]
            columns[variable.key] = _label_table(variable.type, labels)[codes[variable.key]]
        else:
            columns[variable.key] = np.full(rows, "", dtype=object)
    series = {key: pd.Series(values, dtype=STR, copy=False) for key, values in columns.items()}
    return pd.DataFrame(series, copy=False)


def _label_table(kind: VariableType, labels: list[str]) -> TextArray:
    """Cell text by code: code -1 (the last entry) is empty, and so is bit mask 0.

    Multiple choice is coded as a bit mask over the categories and written "label; label".
    """
    if kind is not VariableType.SELECT_MULTIPLE:
        return np.array([*labels, ""], dtype=object)
    joined = [
        "; ".join(label for bit, label in enumerate(labels) if mask >> bit & 1)
        for mask in range(1 << len(labels))
    ]
    return np.array([*joined, ""], dtype=object)


def truth_table(
    latent: dict[str, npt.NDArray[Any]], child: IntArray, at_follow_up: BoolArray, dates: DayArray
) -> pd.DataFrame:
    """Per record: the child, the occasion and the child's latent values (for tests only)."""
    columns: dict[str, Any] = {key: values[child] for key, values in latent.items()}
    columns["legal_sex"] = pd.Series(columns["legal_sex"], dtype=STR)
    columns["improved"] = columns["improved"] & at_follow_up  # only observed at follow-up
    occasions = np.array(["beslut", "uppfoljning_6m"], dtype=object)
    occasion = pd.Series(occasions[at_follow_up.astype(np.int64)], dtype=STR)
    age_at_record = completed_years(columns["birth_date"], dates)
    return pd.DataFrame(
        {"child": child, "occasion": occasion, **columns, "age_at_record": age_at_record}
    )
