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
too narrow, until none is.

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
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from isu.analysis._lp import EqualityLP
from isu.i18n import _

__all__ = [
    "DEFAULT_THRESHOLD",
    "HIDDEN",
    "CellKey",
    "ProtectedCube",
    "ProtectedMargin",
    "Release",
    "feasible_ranges",
    "footnote",
    "protect",
]

HIDDEN = ".."  # Kolada's marker for a value that is not shown
DEFAULT_THRESHOLD = 5
_EPS = 1e-6  # LP tolerance: bounds within this of an integer are that integer

Dims = tuple[str, ...]
# (population, ((dim, level), ...) sorted by dim): the same number in every table it appears in.
CellKey = tuple[str, tuple[tuple[str, int], ...]]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
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
        self._sources: dict[CellKey, tuple[_Ranges, int]] = {}  # where to solve them
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
        base, dim_names, requested = _validated(counts, dims, margins)
        self._check_levels(population, dim_names, base.shape)
        self._check_order(population, requested)
        every = requested + self._earlier(population, dim_names, requested)
        structure = _structure(base.shape, _axes(dim_names, every))
        values = structure.values(base)
        keys = [(population, part) for part in _key_parts(every, structure.shapes)]
        imposed, hidden, recorded = self._imposed(keys, values)
        hidden |= ~imposed & (values >= 1) & (values < self.threshold)
        ranges = None
        if hidden.any():
            hidden, ranges = _suppress(structure, values, hidden, imposed, recorded, self.threshold)
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
        ranges: _Ranges | None,
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


def feasible_ranges(
    counts: npt.ArrayLike,
    dims: Sequence[str],
    margins: Sequence[Sequence[str]],
    hidden: Mapping[Sequence[str], npt.ArrayLike],
    *,
    integer: bool = False,
) -> dict[Dims, tuple[FloatArray, FloatArray]]:
    """What a reader can infer: the min and max of every cell given the published ones.

    The bounds are of the LP relaxation (``integer=True``: of integer tables), rounded inward
    to integers since counts are integers; a published cell gets its own value, an unbounded
    maximum is ``inf``. Exposed so callers and tests can audit a suppression pattern.
    """
    base, dim_names, requested = _validated(counts, dims, margins)
    structure = _structure(base.shape, _axes(dim_names, requested))
    values = structure.values(base)
    mask = np.zeros(len(values), dtype=np.bool_)
    for margin, cells in hidden.items():
        i = _margin_index(requested, tuple(margin))
        mask[structure.cells(i)] = _hidden_cells(cells, structure.shapes[i], margin)
    ranges = _Ranges(structure, values, mask, integer=integer)
    lo, hi = values.astype(np.float64), values.astype(np.float64)
    for cell in np.flatnonzero(mask).tolist():
        lo[cell], hi[cell] = ranges.exact(cell)
    return {
        m: (
            lo[structure.cells(i)].reshape(structure.shapes[i]),
            hi[structure.cells(i)].reshape(structure.shapes[i]),
        )
        for i, m in enumerate(requested)
    }


def _margin_index(margins: tuple[Dims, ...], margin: Dims) -> int:
    if margin not in margins:
        raise ValueError(f"hidden pattern for {margin!r}, which is not among the margins")
    return margins.index(margin)


def _hidden_cells(cells: npt.ArrayLike, shape: tuple[int, ...], margin: Sequence[str]) -> BoolArray:
    array = np.asarray(cells, dtype=np.bool_)
    if array.shape != shape:
        raise ValueError(
            f"hidden pattern for {tuple(margin)!r} has shape {array.shape}, not {shape}"
        )
    return array.ravel()


# --- input ------------------------------------------------------------------------------------


def _validated(
    counts: npt.ArrayLike, dims: Sequence[str], margins: Sequence[Sequence[str]]
) -> tuple[IntArray, Dims, tuple[Dims, ...]]:
    """Fail loudly on programmer errors: a wrong count table would be silently mis-protected."""
    array = np.asarray(counts)
    names = tuple(dims)
    requested = tuple(tuple(m) for m in margins)
    if array.ndim != len(names) or len(set(names)) != len(names):
        raise ValueError(
            f"counts have {array.ndim} dimensions but dims are {names!r} (must be distinct)"
        )
    if array.size == 0:
        raise ValueError(f"counts have an empty dimension: shape {array.shape}")
    if array.dtype.kind not in "iuf" or not np.all(np.isfinite(array) & (array == np.round(array))):
        raise ValueError("counts must be integers")
    if np.any(array < 0):
        raise ValueError("counts must be non-negative")
    if not requested:
        raise ValueError("at least one margin must be requested")
    for margin in requested:
        if len(set(margin)) != len(margin) or not set(margin) <= set(names):
            raise ValueError(f"margin {margin!r} is not a set of distinct dims among {names!r}")
    if len({frozenset(m) for m in requested}) != len(requested):
        raise ValueError(f"margins {requested!r} request the same margin twice")
    return array.astype(np.int64), names, requested


# --- structure: which base cells each published cell sums -------------------------------------


@dataclass(frozen=True, eq=False)
class _Structure:
    """The linear algebra of one cube shape and margin list, shared by every cube that has it."""

    shapes: tuple[tuple[int, ...], ...]
    offsets: tuple[int, ...]  # cells of margin i are offsets[i]:offsets[i + 1]
    design: IntArray  # cells x base cells, 1 where the cell sums the base cell
    lines: BoolArray  # equations x cells: a row/column and the lower-margin cell it sums to
    line_counts: IntArray  # the same as integers, for counting hidden cells per equation
    totals: IntArray  # per equation: the cell its line sums to
    overlap: BoolArray  # cells x cells: the two cells sum at least one common base cell
    contains: BoolArray  # cells x cells: the first sums every base cell the second sums
    order: IntArray  # per cell: how many dims its margin has

    def cells(self, margin: int) -> slice:
        return slice(self.offsets[margin], self.offsets[margin + 1])

    def values(self, base: IntArray) -> IntArray:
        """Every cell's true count."""
        return self.design @ base.ravel()


def _axes(dims: Dims, margins: tuple[Dims, ...]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(dims.index(d) for d in m) for m in margins)


@lru_cache(maxsize=64)
def _structure(shape: tuple[int, ...], axes: tuple[tuple[int, ...], ...]) -> _Structure:
    """Cached by shape and axes, not names: an analysis protects hundreds of cubes of a handful
    of shapes, each breakdown under its own name."""
    coords = np.indices(shape).reshape(len(shape), -1)
    shapes = tuple(tuple(shape[a] for a in m) for m in axes)
    flats = [_flat_index(coords, list(m), s) for m, s in zip(axes, shapes, strict=True)]
    offsets = tuple(np.cumsum([0, *(math.prod(s) for s in shapes)]).tolist())
    # Integer matrices throughout: numpy multiplies them itself, where float products go to a
    # threaded BLAS whose start-up costs more than these small products.
    design = np.zeros((offsets[-1], coords.shape[1]), dtype=np.int64)
    for offset, flat in zip(offsets, flats, strict=False):
        design[offset + flat, np.arange(coords.shape[1])] = 1
    lines, totals = _lines(axes, shapes, flats, offsets)
    shared = design @ design.T
    return _Structure(
        shapes=shapes,
        offsets=offsets,
        design=design,
        lines=lines,
        line_counts=lines.astype(np.int64),
        totals=totals,
        overlap=shared > 0,
        contains=shared >= design.sum(axis=1),
        order=np.repeat([len(m) for m in axes], np.diff(offsets)).astype(np.int64),
    )


def _flat_index(
    coords: npt.NDArray[np.intp], axes: list[int], shape: tuple[int, ...]
) -> npt.NDArray[np.intp]:
    """For every base cell, the index of the margin cell it falls in."""
    if not axes:
        return np.zeros(coords.shape[1], dtype=np.intp)
    return np.asarray(np.ravel_multi_index(tuple(coords[axes]), shape), dtype=np.intp)


@lru_cache(maxsize=256)
def _key_parts(
    margins: tuple[Dims, ...], shapes: tuple[tuple[int, ...], ...]
) -> tuple[tuple[tuple[str, int], ...], ...]:
    """Every cell's ((dim, level), ...), sorted by dim so the same margin of two cubes matches."""
    parts: list[tuple[tuple[str, int], ...]] = []
    for margin, shape in zip(margins, shapes, strict=True):
        if not margin:
            parts.append(())
            continue
        order = sorted(range(len(margin)), key=margin.__getitem__)
        names = [margin[o] for o in order]
        levels = np.indices(shape).reshape(len(shape), -1)[order].T.tolist()
        parts.extend([tuple(zip(names, row, strict=True)) for row in levels])
    return tuple(parts)


def _lines(
    axes: tuple[tuple[int, ...], ...],
    shapes: tuple[tuple[int, ...], ...],
    flats: list[npt.NDArray[np.intp]],
    offsets: tuple[int, ...],
) -> tuple[BoolArray, IntArray]:
    """Every row/column whose total is another requested margin's cell, with that total."""
    index = {frozenset(m): j for j, m in enumerate(axes)}
    rows = [np.zeros((0, offsets[-1]), dtype=np.bool_)]
    totals = [np.zeros(0, dtype=np.int64)]
    for i, margin in enumerate(axes):
        for dim in margin:
            j = index.get(frozenset(margin) - {dim})
            if j is None:
                continue
            size_i, size_j = math.prod(shapes[i]), math.prod(shapes[j])
            parent = np.empty(size_i, dtype=np.intp)
            parent[flats[i]] = flats[j]
            block = np.zeros((size_j, offsets[-1]), dtype=np.bool_)
            block[parent, offsets[i] + np.arange(size_i)] = True
            block[np.arange(size_j), offsets[j] + np.arange(size_j)] = True
            rows.append(block)
            totals.append(offsets[j] + np.arange(size_j, dtype=np.int64))
    return np.concatenate(rows), np.concatenate(totals)


# --- ranges: what a reader can infer about a cell ---------------------------------------------


class _Ranges:
    """Feasible ranges of the cells under one publication pattern, solved lazily.

    Each cell has an inner bound (values it takes in integer tables already found: the true one
    and every optimum, all consistent with what is published) and an outer bound (0 and the
    smallest published cell containing it, tightened by the LP relaxation). A programme is
    solved only while the inner bound does not prove the cell safe and the outer bound does
    not prove it unsafe, LPs before integer programmes, which cost ten times more.
    """

    def __init__(
        self,
        structure: _Structure,
        values: IntArray,
        hidden: BoolArray,
        *,
        integer: bool,
        seen: tuple[FloatArray, FloatArray] | None = None,
    ) -> None:
        published = ~hidden
        design = structure.design
        self._design = design
        self._values = values
        self._published = published
        self._covered = design[published].any(axis=0)
        self._integer = integer
        self._system: tuple[sparse.csr_array, sparse.csr_array, FloatArray] | None = None
        self._lp_solver: EqualityLP | None = None
        self.lo = np.where(published, values, np.nan)  # exact bounds, NaN while unknown
        self.hi = self.lo.copy()
        self.hi[hidden & design[:, ~self._covered].any(axis=1)] = np.inf
        self.lo[hidden & ~design[:, self._covered].any(axis=1)] = 0.0
        self._outer_lo = np.where(published, values, 0.0)
        self._outer_hi = np.where(published, values, _caps(structure.contains, published, values))
        start = values.astype(np.float64)
        self.seen = (start, start.copy()) if seen is None else (seen[0].copy(), seen[1].copy())
        self.binding: dict[int, set[int]] = {}
        self._relaxed: set[tuple[int, bool]] = set()  # (cell, maximise) whose LP is solved
        self._settle()

    def bounds(self, cell: int) -> tuple[float, float]:
        """An inner bound of the range, and the range itself once both sides are solved."""
        lo, hi = self.lo[cell], self.hi[cell]
        return (
            float(self.seen[0][cell] if np.isnan(lo) else lo),
            float(self.seen[1][cell] if np.isnan(hi) else hi),
        )

    def safe(self, cell: int, threshold: int, recorded: tuple[float, float] | None) -> bool:
        """Wide enough, and no narrower than the range an earlier table left it."""
        inner = self.bounds
        outer = self._outer
        for solve in (self._relax, self._tighten):
            for maximise in (True, False):
                if _wide(inner(cell), threshold, recorded):
                    return True
                if not _wide(outer(cell), threshold, recorded):
                    return False
                solve(cell, maximise=maximise)
        return _wide(inner(cell), threshold, recorded)

    def exact(self, cell: int) -> tuple[float, float]:
        self._tighten(cell, maximise=True)
        self._tighten(cell, maximise=False)
        return float(self.lo[cell]), float(self.hi[cell])

    def compact(self) -> None:
        """Drop the LP matrices (rebuilt on demand), so a Release can keep hundreds of these."""
        self._system = None
        self._lp_solver = None
        self.binding = {}

    def _outer(self, cell: int) -> tuple[float, float]:
        return float(self._outer_lo[cell]), float(self._outer_hi[cell])

    def _lp(self) -> tuple[sparse.csr_array, sparse.csr_array, FloatArray]:
        """All cells, the published ones and their counts, over the constrained base cells."""
        if self._system is None:
            published = self._design[self._published]
            self._system = (
                sparse.csr_array(self._design[:, self._covered].astype(np.float64)),
                sparse.csr_array(published[:, self._covered].astype(np.float64)),
                self._values[self._published].astype(np.float64),
            )
        return self._system

    def _solver(self) -> EqualityLP:
        """One HiGHS model per system, re-solved with a new objective for every cell."""
        if self._lp_solver is None:
            _cells, a_eq, b_eq = self._lp()
            self._lp_solver = EqualityLP(a_eq, b_eq)
        return self._lp_solver

    def _objective(self, cell: int, *, maximise: bool) -> FloatArray:
        objective = self._design[cell, self._covered].astype(np.float64)
        return -objective if maximise else objective

    def _relax(self, cell: int, *, maximise: bool) -> None:
        """The LP bound of one side: exact when the optimum is an integer table."""
        exact, outer = (self.hi, self._outer_hi) if maximise else (self.lo, self._outer_lo)
        if not np.isnan(exact[cell]) or (cell, maximise) in self._relaxed:
            return
        self._relaxed.add((cell, maximise))
        cells, _a_eq, _b_eq = self._lp()
        c = self._objective(cell, maximise=maximise)
        result = self._solver().minimise(c)
        marginals = np.abs(result.duals) > 1e-9
        self.binding.setdefault(cell, set()).update(
            np.flatnonzero(self._published)[marginals].tolist()
        )
        value = abs(result.value)
        outer[cell] = math.floor(value + _EPS) if maximise else math.ceil(value - _EPS)
        x = result.x
        if not self._integer or _integral(x):
            exact[cell] = outer[cell]
            self._witness(np.asarray(cells @ x, dtype=np.float64))

    def _tighten(self, cell: int, *, maximise: bool) -> None:
        """The integer bound of one side, for when the LP optimum is fractional."""
        self._relax(cell, maximise=maximise)
        exact, outer = (self.hi, self._outer_hi) if maximise else (self.lo, self._outer_lo)
        if not np.isnan(exact[cell]):
            return
        cells, a_eq, b_eq = self._lp()
        c = self._objective(cell, maximise=maximise)
        x = _integer_optimum(c, a_eq, b_eq, -outer[cell] if maximise else outer[cell])
        exact[cell] = outer[cell] = abs(float(c @ x))
        self._witness(np.asarray(cells @ x, dtype=np.float64))

    def _witness(self, cells: FloatArray) -> None:
        """A feasible table: every cell's value in it lies within that cell's range."""
        np.minimum(self.seen[0], cells, out=self.seen[0])
        np.maximum(self.seen[1], cells, out=self.seen[1])
        self._settle()

    def _settle(self) -> None:
        """A side is exact once a feasible table reaches its outer bound."""
        reached_lo = np.isnan(self.lo) & (self.seen[0] <= self._outer_lo + _EPS)
        self.lo[reached_lo] = self._outer_lo[reached_lo]
        reached_hi = np.isnan(self.hi) & (self.seen[1] >= self._outer_hi - _EPS)
        self.hi[reached_hi] = self._outer_hi[reached_hi]


def _wide(
    bounds: tuple[float, float], threshold: int, recorded: tuple[float, float] | None
) -> bool:
    lo, hi = bounds
    if hi - lo < threshold - _EPS:
        return False
    return recorded is None or (lo <= recorded[0] + _EPS and hi >= recorded[1] - _EPS)


def _integer_optimum(
    c: FloatArray, a_eq: sparse.csr_array, b_eq: FloatArray, target: float
) -> FloatArray:
    """An integer table minimising ``c @ x``.

    The LP optimum rounded inward (*target*) is almost always reached, and finding any integer
    table that reaches it is about twice as fast as a full branch and bound.
    """
    equal = LinearConstraint(a_eq, b_eq, b_eq)
    for objective, limit in ((np.zeros_like(c), target), (c, np.inf)):
        result = milp(
            objective,
            integrality=np.ones_like(c),
            bounds=Bounds(0, np.inf),
            constraints=[equal, LinearConstraint(c[None, :], -np.inf, limit)],
        )
        if result.status == 0 and result.x is not None:
            return np.rint(np.asarray(result.x, dtype=np.float64))
    raise RuntimeError(f"disclosure audit MILP failed: {result.message}")


def _caps(contains: BoolArray, published: BoolArray, values: IntArray) -> FloatArray:
    """Per cell, the smallest published cell that contains it: an upper bound of its range."""
    caps = np.where(contains[published], values[published, None].astype(np.float64), np.inf)
    return np.asarray(np.min(caps, axis=0, initial=np.inf), dtype=np.float64)


def _integral(x: FloatArray) -> bool:
    return bool(np.all(np.abs(x - np.rint(x)) <= _EPS))


# --- suppression --------------------------------------------------------------------------------


def _suppress(
    structure: _Structure,
    values: IntArray,
    hidden: BoolArray,
    imposed: BoolArray,
    recorded: dict[int, tuple[float, float]],
    threshold: int,
) -> tuple[BoolArray, _Ranges]:
    """Hide more cells until the audit passes or nothing is left to hide.

    Terminates: every round hides at least one more cell or stops. Once everything not decided
    by an earlier table is hidden, this cube publishes nothing new, so the audit passes unless
    the earlier tables themselves give a cell away (only possible with one-level dimensions).
    """
    hidden = _close_lines(structure, values, hidden, imposed, threshold)
    seen = None
    while True:
        ranges = _Ranges(structure, values, hidden, integer=True, seen=seen)
        failing = [
            cell
            for cell in np.flatnonzero(hidden).tolist()
            if not ranges.safe(cell, threshold, recorded.get(cell))
        ]
        extra = [_complement(structure, values, hidden, imposed, ranges, cell) for cell in failing]
        added = [cell for cell in extra if cell is not None]
        if not added:
            return hidden, ranges
        hidden = hidden.copy()
        hidden[added] = True
        hidden = _close_lines(structure, values, hidden, imposed, threshold)
        seen = ranges.seen


def _close_lines(
    structure: _Structure,
    values: IntArray,
    hidden: BoolArray,
    imposed: BoolArray,
    threshold: int,
) -> BoolArray:
    """Hide more cells in lines that give a hidden cell away without any LP.

    A cheap pre-pass that settles most 2-D patterns before the first LP: a line with a known
    total and one hidden cell gives that cell away by subtraction, and a line whose hidden cells
    sum to less than *threshold* narrows each of them below it.
    """
    hidden = hidden.copy()
    changed = True
    while changed:
        changed = False
        useful = _useful(structure, values, hidden, imposed)  # only shrinks within a pass
        for row in np.flatnonzero(structure.line_counts @ hidden > 0).tolist():
            open_ = (
                structure.lines[row]
                & useful
                & ~hidden
                & _leaks(structure, values, hidden, row, threshold)
            )
            if open_.any():
                hidden[_cheapest(values, open_)] = True
                changed = True
    return hidden


def _leaks(
    structure: _Structure, values: IntArray, hidden: BoolArray, row: int, threshold: int
) -> BoolArray | bool:
    """Which cells of the line, hidden, would stop it from giving a cell away: all, some or none."""
    members = structure.lines[row] & hidden
    count = np.count_nonzero(members)
    if count == 1:
        return True
    if hidden[structure.totals[row]] or values[members].sum() >= threshold:
        return False
    return values > 0  # only a positive count widens the hidden sum


def _complement(
    structure: _Structure,
    values: IntArray,
    hidden: BoolArray,
    imposed: BoolArray,
    ranges: _Ranges,
    cell: int,
) -> int | None:
    """The next cell to hide for a cell whose range is too narrow.

    Prefer the published cells that bind its LP bounds (hiding one of them relaxes the bound),
    then cells in its lines or overlapping it, then any cell of the cube.
    """
    open_ = _useful(structure, values, hidden, imposed)
    if not open_.any():
        return None
    binding = np.zeros_like(open_)
    binding[list(ranges.binding.get(cell, ()))] = True
    near = structure.overlap[cell] | structure.lines[structure.lines[:, cell]].any(axis=0)
    for tier in (binding & open_, near & open_):
        if tier.any():
            return _cheapest(values, tier)
    return _cheapest(values, open_, structure.order)


def _useful(
    structure: _Structure, values: IntArray, hidden: BoolArray, imposed: BoolArray
) -> BoolArray:
    """The cells that may still be hidden and whose hiding would hide anything.

    A cell inside another published cell that is 0 is 0 for every reader, hidden or not.
    """
    zeros = ~hidden & (values == 0)
    inside = structure.contains[zeros].sum(axis=0) - zeros  # a zero contains itself
    return np.asarray(~hidden & ~imposed & (inside == 0), dtype=np.bool_)


def _cheapest(values: IntArray, candidates: BoolArray, order: IntArray | None = None) -> int:
    """The smallest positive count loses least information; a zero only as a last resort."""
    ids = np.flatnonzero(candidates)
    keys = [values[ids], values[ids] == 0]
    if order is not None:
        keys.append(-order[ids])
    return int(ids[np.lexsort(keys)[0]])


def _cube(
    structure: _Structure,
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
