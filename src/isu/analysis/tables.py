"""Published tables: what leaves the library, already disclosure-controlled.

A :class:`Table` is built from a :class:`~isu.analysis.disclosure.ProtectedCube` and only from
its published cells: a count that is hidden is ``None``, and so is every share, interval and
comparison that would need it. Renderers format tables; they never see a hidden number.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from isu.analysis.disclosure import ProtectedCube
from isu.analysis.estimates import AssociationTest, Difference, Share
from isu.analysis.frame import Dimension
from isu.i18n import _

Group = tuple[tuple[str, str | None], ...]  # (dimension key, level code or None = all levels)


@dataclass(frozen=True)
class Cell:
    count: int | None  # None: hidden ("..")
    share: Share | None  # of the row's n; None when the count or the n is hidden


@dataclass(frozen=True)
class Row:
    group: Group
    label: str
    n: int | None
    cells: tuple[Cell, ...]

    @property
    def is_total(self) -> bool:
        return any(code is None for _key, code in self.group)


@dataclass(frozen=True)
class Comparison:
    """A difference in the share of one category between two rows of a table."""

    table: str
    category: str
    first: Group
    second: Group
    first_label: str
    second_label: str
    difference: Difference
    p_value: float | None
    test_method: str
    kind: str  # "kon", "kon_inom_grupp", "grupp_inom_kon", "grupp", "period_inom_kon"
    q_value: float | None = None


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    occasion: str
    occasion_label: str
    variable: Dimension
    breakdown: tuple[Dimension, ...]
    rows: tuple[Row, ...]
    test: AssociationTest | None
    note: str
    hidden_cells: int
    comparisons: tuple[Comparison, ...] = ()

    def row(self, **codes: str | None) -> Row:
        """The row for the given levels, e.g. ``table.row(juridiskt_kon="man")``."""
        wanted = {d.key: codes.get(d.key) for d in self.breakdown}
        for row in self.rows:
            if dict(row.group) == wanted:
                return row
        raise KeyError(codes)


MISSING_LABEL = _("Uppgift saknas")
ALL_LABEL = _("Alla")


def level_codes(dim: Dimension) -> tuple[str, ...]:
    """The dimension's codes plus the code of its missing level, as cubes hold them."""
    return (*dim.codes, "")


def level_label(dim: Dimension, index: int) -> str:
    return dim.labels[index] if index < len(dim) else MISSING_LABEL


Draft = tuple[Group, str, int | None, list[int | None]]  # group, label, n, counts


def row_drafts(
    protected: ProtectedCube, dims: Sequence[Dimension], sizes: Sequence[int]
) -> list[Draft]:
    """The published counts of every row, before any interval is computed (so that a whole
    family of tables can compute its intervals in one call)."""
    breakdown, variable = dims[:-1], dims[-1]
    drafts: list[Draft] = []
    choices = [[*range(size), None] for size in sizes[:-1]]
    for combination in itertools.product(*choices):
        kept = tuple(d.key for d, i in zip(breakdown, combination, strict=True) if i is not None)
        index = tuple(i for i in combination if i is not None)
        cells_margin = protected.margin((*kept, variable.key))
        n_margin = protected.margin(kept)
        n = _published(n_margin.counts[index], n_margin.hidden[index])
        if n == 0 and any(
            i is not None and i == len(d) for d, i in zip(breakdown, combination, strict=True)
        ):
            continue  # an empty "uppgift saknas" group is not worth a row
        counts = [
            _published(cells_margin.counts[(*index, k)], cells_margin.hidden[(*index, k)])
            for k in range(len(variable))
        ]
        group = tuple(
            (d.key, None if i is None else level_codes(d)[i])
            for d, i in zip(breakdown, combination, strict=True)
        )
        drafts.append((group, group_label(breakdown, combination), n, counts))
    return drafts


def share_requests(drafts: Sequence[Draft]) -> list[tuple[int, int]]:
    """(k, n) for every cell whose count and n are both published, in row order."""
    return [(c, n) for _g, _l, n, counts in drafts for c in counts if c is not None and n]


def rows_from_drafts(drafts: Sequence[Draft], estimated: Iterator[Share | None]) -> tuple[Row, ...]:
    """Rows with their shares, taken in order from *estimated* (see :func:`share_requests`)."""
    rows = []
    for group, label, n, counts in drafts:
        cells = tuple(Cell(c, next(estimated) if c is not None and n else None) for c in counts)
        rows.append(Row(group, label, n, cells))
    return tuple(rows)


def _published(count: np.int64, hidden: np.bool_) -> int | None:
    return None if bool(hidden) else int(count)


def group_label(breakdown: Sequence[Dimension], combination: Sequence[int | None]) -> str:
    parts = [
        level_label(d, i) for d, i in zip(breakdown, combination, strict=True) if i is not None
    ]
    return " – ".join(parts) if parts else ALL_LABEL
