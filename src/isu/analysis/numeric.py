"""Numeric measures (granted hours, days to decision): mean and median per sex, with intervals,
and a rank test of women against men.

Means come with a t interval, medians with a distribution-free interval; the two sexes are
compared with the Mann–Whitney test because such measures are skewed. A group smaller than the
threshold shows nothing but "..": its mean and median would describe a handful of people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from isu.analysis.estimates import NumericSummary, RankTest, numeric_summary, rank_test
from isu.analysis.frame import AnalysisFrame
from isu.codebook import LEGAL_SEX
from isu.i18n import _


@dataclass(frozen=True)
class NumericRow:
    sex: str | None
    label: str
    summary: NumericSummary | None  # None: hidden, fewer than the threshold


@dataclass(frozen=True)
class NumericTable:
    id: str
    title: str
    occasion: str
    occasion_label: str
    variable: str
    label: str
    rows: tuple[NumericRow, ...]
    test: RankTest | None


def numeric_tables(frame: AnalysisFrame, threshold: int) -> tuple[NumericTable, ...]:
    sex = frame.dimension(LEGAL_SEX)
    sexes = frame.codes[LEGAL_SEX]
    tables = []
    for index, occasion in enumerate(frame.codebook.occasions):
        at = frame.occasion == index
        for key, values in frame.numeric.items():
            variable = frame.codebook[key]
            if not variable.measured_at(occasion.code) or np.isnan(values[at]).all():
                continue
            groups: list[tuple[str | None, str, np.ndarray]] = [
                (code, sex.labels[i], values[at & (sexes == i)]) for i, code in enumerate(sex.codes)
            ]
            groups.append((None, _("Alla"), values[at]))
            rows = _protected_rows(groups, threshold)
            shown = [group[~np.isnan(group)] for _c, _l, group in groups[:-1]]
            test = rank_test(shown) if all(len(g) >= threshold for g in shown) else None
            tables.append(
                NumericTable(
                    f"{occasion.code}/{key}/kon",
                    _("{label} efter kön").format(label=variable.label),
                    occasion.code,
                    occasion.label,
                    key,
                    variable.label,
                    rows,
                    test,
                )
            )
    return tuple(tables)


def _protected_rows(
    groups: list[tuple[str | None, str, np.ndarray]], threshold: int
) -> tuple[NumericRow, ...]:
    """The "Alla" row is hidden with any hidden sex row, and when records without a recorded
    sex are 1..threshold-1: otherwise subtraction would reveal the hidden group's n and mean."""
    rows = [NumericRow(code, label, _summary(group, threshold)) for code, label, group in groups]
    counts = [int((~np.isnan(group)).sum()) for _c, _l, group in groups]
    remainder = counts[-1] - sum(counts[:-1])
    if any(row.summary is None for row in rows[:-1]) or 0 < remainder < threshold:
        rows[-1] = NumericRow(rows[-1].sex, rows[-1].label, None)
    return tuple(rows)


def _summary(values: np.ndarray, threshold: int) -> NumericSummary | None:
    present = values[~np.isnan(values)]
    if 0 < len(present) < threshold:
        return None
    return numeric_summary(present)
