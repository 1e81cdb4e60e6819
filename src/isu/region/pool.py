"""Pooling published counts, and only published counts.

The rule: a pooled figure is a sum of cells every one of which its municipality published. A
share needs its count and its group size from the same municipalities, so a municipality whose
count or group size is hidden is left out of that share altogether (and named), not just of
the count. A pooled figure is then a sum of published numbers, so it cannot reveal a hidden
cell, neither alone nor subtracted from another pooled figure: the municipalities in either
sum published every cell they contributed.

A municipality is also left out of a table when it does not have it or when its levels differ
(another version of the template).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from isu.i18n import _
from isu.region.load import Region
from isu.region.package import PackageTable

__all__ = [
    "Counts",
    "LeftOut",
    "Pooled",
    "PooledTable",
    "counts_by_sex",
    "pool",
    "pool_table",
    "reference_table",
]


@dataclass(frozen=True)
class LeftOut:
    municipality: str
    reason: str  # Swedish


@dataclass(frozen=True)
class Counts:
    """One municipality's count and group size for one sex, or why it has none."""

    municipality: str
    k: int | None
    n: int | None

    @property
    def published(self) -> bool:
        return self.k is not None and self.n is not None


@dataclass(frozen=True)
class Pooled:
    k: int
    n: int
    included: tuple[str, ...]
    left_out: tuple[LeftOut, ...]


HIDDEN_REASON = _("dolda värden")
MISSING_REASON = _("tabellen saknas")
DIFFERENT_REASON = _("andra svarsalternativ")


def reference_table(region: Region, table_id: str) -> PackageTable:
    """The table as the first package that has it defines it."""
    for package in region.packages:
        table = package.table(table_id)
        if table is not None:
            return table
    raise KeyError(table_id)


def counts_by_sex(
    region: Region, table_id: str, sex_key: str, category: str
) -> tuple[tuple[tuple[Counts, ...], ...], tuple[LeftOut, ...]]:
    """Per sex level (outer) and municipality (inner): the published count of *category* and
    the published group size; and the municipalities that cannot take part at all."""
    reference = reference_table(region, table_id)
    sexes = reference.axis(sex_key).codes
    rows: list[list[Counts]] = [[] for _sex in sexes]
    absent: list[LeftOut] = []
    for package in region.packages:
        table = package.table(table_id)
        if table is None or table.axes != reference.axes:
            reason = MISSING_REASON if table is None else DIFFERENT_REASON
            absent.append(LeftOut(package.municipality, reason))
            continue
        j = table.axis(table.variable).codes.index(category)
        cells = table.margin(sex_key, table.variable).values[:, j]
        sizes = table.margin(sex_key).values
        for i in range(len(sexes)):
            rows[i].append(Counts(package.municipality, _int(cells[i]), _int(sizes[i])))
    return tuple(tuple(r) for r in rows), tuple(absent)


def pool(counts: Sequence[Counts], absent: Sequence[LeftOut] = ()) -> Pooled:
    """The sum over the municipalities that published both the count and the group size."""
    included = [c for c in counts if c.published]
    hidden = [LeftOut(c.municipality, HIDDEN_REASON) for c in counts if not c.published]
    return Pooled(
        int(sum(c.k or 0 for c in included)),
        int(sum(c.n or 0 for c in included)),
        tuple(c.municipality for c in included),
        (*absent, *hidden),
    )


def _int(value: np.floating) -> int | None:
    return None if np.isnan(value) else int(value)


@dataclass(frozen=True, eq=False)
class PooledTable:
    """Every margin of one table summed over the municipalities that published all of it."""

    table: PackageTable  # the reference: axes, occasion, variable
    margins: dict[tuple[str, ...], npt.NDArray[np.int64]]
    included: tuple[str, ...]
    left_out: tuple[LeftOut, ...]


def pool_table(region: Region, table_id: str) -> PooledTable:
    """The pooled table; a municipality with any hidden cell in it is left out of it whole,
    so that every margin of the pooled table comes from the same municipalities and adds up."""
    reference = reference_table(region, table_id)
    sums = {dims: np.zeros(m.values.shape, dtype=np.int64) for dims, m in reference.margins.items()}
    included, left_out = [], []
    for package in region.packages:
        table = package.table(table_id)
        if table is None or table.axes != reference.axes:
            reason = MISSING_REASON if table is None else DIFFERENT_REASON
            left_out.append(LeftOut(package.municipality, reason))
        elif any(m.hidden.any() for m in table.margins.values()):
            left_out.append(LeftOut(package.municipality, HIDDEN_REASON))
        else:
            included.append(package.municipality)
            for dims, total in sums.items():
                total += table.margins[dims].values.astype(np.int64)
    return PooledTable(reference, sums, tuple(included), tuple(left_out))
