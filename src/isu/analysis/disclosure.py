"""Statistical disclosure control for published count tables.

Why: a count of 1-4 people in a published table can point to a person, so such counts are
shown as ``..`` (*primary suppression*). Hiding them is not enough: a hidden cell in a row
whose total is published can be recovered by subtraction, and even when it cannot be pinned
down exactly the published numbers may narrow it to, say, "2 or 3". So more cells are hidden
(*secondary suppression*) until, for every hidden cell, the tables consistent with everything
published allow it to take values at least ``threshold`` apart.

The model: every published table is a *margin* (a sum over some dimensions) of one dense
*base cube* of counts. Each published cell is then a linear equation over the base cells, and
the smallest and largest value a hidden cell can take is a linear programme. The algorithm
hides the small counts, closes rows and columns that would give a hidden cell away by
subtraction, and then audits every hidden cell with a linear programme (checked with integer
programming when the optimum is fractional), hiding one more cell for each cell that is still
too narrow, until none is. The parts live apart: the linear algebra of margins in
:mod:`isu.analysis._margins`, the choice of cells to hide in :mod:`isu.analysis._suppression`,
and the audit of what a reader can infer in :mod:`isu.analysis.disclosure_audit`.

Tables of one analysis share margins (the sex totals appear in every table), so they are
protected through one :class:`Release`, which remembers every decision: a cell hidden in one
table stays hidden in the next, a published cell stays published, and a later table may not
narrow the range of a hidden cell it shares with an earlier one.

>>> import numpy as np
>>> counts = np.array([[2, 9], [7, 8]])  # sex x outcome
>>> cube = protect(counts, ("kon", "utfall"), [("kon", "utfall"), ("kon",), ("utfall",), ()])
>>> cube.margin(("kon", "utfall")).hidden  # the 2 and every cell that would give it away
array([[ True,  True],
       [ True,  True]])
>>> cube.margin(("kon",)).published()  # the totals are still published
array([11., 15.])
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from isu.analysis._margins import (
    BoolArray,
    Dims,
    FloatArray,
    IntArray,
    Structure,
    key_parts,
    margin_axes,
    structure_for,
    validated,
)
from isu.analysis._suppression import suppress
from isu.analysis.disclosure_audit import Ranges
from isu.i18n import _

__all__ = [
    "DEFAULT_THRESHOLD",
    "HIDDEN",
    "CellKey",
    "ProtectedCube",
    "ProtectedMargin",
    "Release",
    "footnote",
    "protect",
]

HIDDEN = ".."  # Kolada's marker for a value that is not shown
DEFAULT_THRESHOLD = 5

# (population, ((dim, level), ...) sorted by dim): the same number in every table it appears in.
CellKey = tuple[str, tuple[tuple[str, int], ...]]
_T = TypeVar("_T", bound=np.generic)


def footnote(threshold: int = DEFAULT_THRESHOLD) -> str:
    """The explanation a rendered table needs next to its ``..`` cells."""
    return _(
        '".." = uppgiften visas inte eftersom den gäller färre än {threshold} personer '
        "eller skulle kunna räknas fram ur andra uppgifter i tabellerna."
    ).format(threshold=threshold)


@dataclass(frozen=True, eq=False)
class ProtectedMargin:
    """One published table (a margin of the cube) and which of its cells must not be shown."""

    dims: Dims
    counts: IntArray  # the true counts: for the library, never for a reader
    hidden: BoolArray  # True: show as ".."
    primary: BoolArray  # True: hidden because 1 <= count < threshold

    def published(self) -> FloatArray:
        """The counts with NaN where hidden, so a renderer cannot leak a hidden count by mistake."""
        out = self.counts.astype(np.float64)
        out[self.hidden] = np.nan
        return out


@dataclass(frozen=True, eq=False)
class ProtectedCube:
    """Every requested margin of one base cube, disclosure-controlled together."""

    dims: Dims
    margins: dict[Dims, ProtectedMargin]
    threshold: int

    def margin(self, dims: Dims) -> ProtectedMargin:
        """The margin over *dims*, spelled exactly as it was requested."""
        try:
            return self.margins[tuple(dims)]
        except KeyError:
            raise KeyError(
                f"margin {dims!r} was not protected; have {list(self.margins)!r}"
            ) from None


class Release:
    """All tables published together (one analysis run).

    Remembers every cell already published or hidden, so tables that share margins are
    suppressed consistently: otherwise a cell hidden in one table could be read off another.
    Protect lower-dimensional tables first (sex x outcome before sex x region x outcome): a
    table may not request a new margin of an earlier table, whose audit never saw it. Margins
    that earlier tables published are counted as published in every later table that contains
    them, requested or not.
    """

    def __init__(self, threshold: int = DEFAULT_THRESHOLD) -> None:
        if isinstance(threshold, bool) or not isinstance(threshold, int | np.integer):
            raise ValueError(f"threshold must be an integer >= 1, got {threshold!r}")
        if threshold < 1:
            raise ValueError(f"threshold must be an integer >= 1, got {threshold!r}")
        self.threshold = int(threshold)
        self._hidden: dict[CellKey, bool] = {}
        self._values: dict[CellKey, int] = {}
        self._ranges: dict[CellKey, tuple[float, float]] = {}  # solved on first need
        self._sources: dict[CellKey, tuple[Ranges, int]] = {}  # where to solve them
        self._levels: dict[tuple[str, str], int] = {}
        self._margins: dict[str, set[frozenset[str]]] = {}  # per population: published margins
        # per population: every subset of an earlier table's dims, and that table's dims
        self._within: dict[str, dict[frozenset[str], Dims]] = {}

    @property
    def hidden_cells(self) -> int:
        """How many distinct cells have been hidden so far, for reporting."""
        return sum(self._hidden.values())

    def protect(
        self,
        counts: npt.ArrayLike,
        dims: Sequence[str],
        margins: Sequence[Sequence[str]],
        *,
        population: str = "",
    ) -> ProtectedCube:
        """Decide which cells of the requested *margins* of *counts* to hide.

        *population* names the records the counts come from: margins of different populations
        are different numbers even when their dimensions agree.
        """
        base, dim_names, requested = validated(counts, dims, margins)
        self._check_levels(population, dim_names, base.shape)
        self._check_order(population, requested)
        every = requested + self._earlier(population, dim_names, requested)
        structure = structure_for(base.shape, margin_axes(dim_names, every))
        values = structure.values(base)
        keys = [(population, part) for part in key_parts(every, structure.shapes)]
        imposed, hidden, recorded = self._imposed(keys, values)
        hidden |= ~imposed & (values >= 1) & (values < self.threshold)
        ranges = None
        if hidden.any():
            hidden, ranges = suppress(structure, values, hidden, imposed, recorded, self.threshold)
        self._record(keys, values, hidden, imposed, ranges)
        self._levels.update(
            ((population, d), n) for d, n in zip(dim_names, base.shape, strict=True)
        )
        self._margins.setdefault(population, set()).update(frozenset(m) for m in requested)
        within = self._within.setdefault(population, {})
        for subset in _subsets(dim_names):
            within.setdefault(subset, dim_names)
        return _cube(structure, dim_names, requested, values, hidden, self.threshold)

    def _earlier(
        self, population: str, dims: Dims, requested: tuple[Dims, ...]
    ) -> tuple[Dims, ...]:
        """Margins of this cube that earlier tables published and this one does not request.

        They are published all the same, so the audit must count them as known.
        """
        known = self._margins.get(population, set())
        asked = {frozenset(m) for m in requested}
        return tuple(
            tuple(d for d in dims if d in margin)
            for margin in _subsets(dims)
            if margin in known and margin not in asked
        )

    def _check_order(self, population: str, requested: tuple[Dims, ...]) -> None:
        """A new margin of an earlier table would add equations that table's audit never saw."""
        known = self._margins.get(population, set())
        within = self._within.get(population, {})
        for margin in requested:
            earlier = within.get(frozenset(margin))
            if earlier is not None and frozenset(margin) not in known:
                raise ValueError(
                    f"margin {margin!r} is new but is a margin of an earlier table over "
                    f"{earlier!r}: protect lower-dimensional tables first"
                )

    def _check_levels(self, population: str, dims: Dims, shape: tuple[int, ...]) -> None:
        """Cell keys use level indices, so a dimension must have the same levels everywhere."""
        for dim, size in zip(dims, shape, strict=True):
            known = self._levels.get((population, dim), size)
            if known != size:
                raise ValueError(
                    f"dimension {dim!r} of population {population!r} has {size} levels here "
                    f"but {known} in an earlier table"
                )

    def _imposed(
        self, keys: list[CellKey], values: IntArray
    ) -> tuple[BoolArray, BoolArray, dict[int, tuple[float, float]]]:
        """Earlier decisions about cells of this cube, and the ranges its hidden cells must keep."""
        decided = [self._hidden.get(key) for key in keys]
        imposed = np.array([d is not None for d in decided], dtype=np.bool_)
        hidden = np.array([bool(d) for d in decided], dtype=np.bool_)
        recorded: dict[int, tuple[float, float]] = {}
        for i in np.flatnonzero(imposed).tolist():
            if self._values[keys[i]] != values[i]:  # no counts in the message: it may be logged
                raise ValueError(
                    f"cell {keys[i]!r} has a different count than in an earlier table; "
                    "tables of one population must come from the same records"
                )
            if hidden[i]:
                recorded[i] = self._recorded(keys[i])
        return imposed, hidden, recorded

    def _recorded(self, key: CellKey) -> tuple[float, float]:
        """The range of a hidden cell in the table that first hid it.

        Solved only when a later table shares the cell: most hidden cells never are.
        """
        if key not in self._ranges:
            source, cell = self._sources[key]
            self._ranges[key] = source.exact(cell)
        return self._ranges[key]

    def _record(
        self,
        keys: list[CellKey],
        values: IntArray,
        hidden: BoolArray,
        imposed: BoolArray,
        ranges: Ranges | None,
    ) -> None:
        """Remember the new decisions, and where to find each newly hidden cell's range."""
        if ranges is not None:
            ranges.compact()
        new = np.flatnonzero(~imposed).tolist()
        hidden_list, value_list = hidden.tolist(), values.tolist()
        self._hidden.update((keys[i], hidden_list[i]) for i in new)
        self._values.update((keys[i], value_list[i]) for i in new)
        if ranges is not None:
            self._sources.update((keys[i], (ranges, i)) for i in new if hidden_list[i])


def _subsets(dims: Dims) -> list[frozenset[str]]:
    return [frozenset(c) for r in range(len(dims) + 1) for c in itertools.combinations(dims, r)]


def protect(
    counts: npt.ArrayLike,
    dims: Sequence[str],
    margins: Sequence[Sequence[str]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
) -> ProtectedCube:
    """Protect one cube on its own: for a table that shares nothing with other tables."""
    return Release(threshold).protect(counts, dims, margins)


def _cube(
    structure: Structure,
    dims: Dims,
    requested: tuple[Dims, ...],
    values: IntArray,
    hidden: BoolArray,
    threshold: int,
) -> ProtectedCube:
    """The *requested* margins, the first of the structure: the rest were published earlier."""
    primary = (values >= 1) & (values < threshold)
    margins = {}
    for i, margin in enumerate(requested):
        cells, shape = structure.cells(i), structure.shapes[i]
        margins[margin] = ProtectedMargin(
            margin,
            _frozen(values[cells].reshape(shape)),
            _frozen(hidden[cells].reshape(shape)),
            _frozen(primary[cells].reshape(shape)),
        )
    return ProtectedCube(dims, margins, threshold)


def _frozen(array: npt.NDArray[_T]) -> npt.NDArray[_T]:
    array = array.copy()
    array.flags.writeable = False
    return array
