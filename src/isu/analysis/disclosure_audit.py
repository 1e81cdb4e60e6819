"""What a reader can infer about a hidden cell: the smallest and largest value it can take in
any table consistent with everything published.

This is the audit of disclosure control, kept apart from the decision of what to hide: the
suppression (:mod:`isu.analysis._suppression`) asks :class:`Ranges` whether each hidden cell is
still wide enough, and :func:`feasible_ranges` lets callers and tests audit any pattern from
outside. Each bound is a linear programme over the base cube (HiGHS, through
:mod:`isu.analysis._lp`), checked with integer programming when the optimum is fractional, and
solved only when cheaper bounds cannot settle the question.

>>> import numpy as np
>>> counts = np.array([[2, 9], [7, 8]])  # sex x outcome
>>> hidden = {("kon", "utfall"): [[True, True], [False, False]]}
>>> ranges = feasible_ranges(counts, ("kon", "utfall"), [("kon", "utfall"), ("kon",)], hidden)
>>> low, high = ranges[("kon", "utfall")]
>>> low[0], high[0]  # only the row's total, 11, is known: each cell can be anything from 0 to 11
(array([0., 0.]), array([11., 11.]))
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from isu.analysis._lp import EqualityLP
from isu.analysis._margins import (
    BoolArray,
    Dims,
    FloatArray,
    IntArray,
    Structure,
    margin_axes,
    structure_for,
    validated,
)

__all__ = ["feasible_ranges"]

_EPS = 1e-6  # LP tolerance: bounds within this of an integer are that integer


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
    base, dim_names, requested = validated(counts, dims, margins)
    structure = structure_for(base.shape, margin_axes(dim_names, requested))
    values = structure.values(base)
    mask = np.zeros(len(values), dtype=np.bool_)
    for margin, cells in hidden.items():
        i = _margin_index(requested, tuple(margin))
        mask[structure.cells(i)] = _hidden_cells(cells, structure.shapes[i], margin)
    ranges = Ranges(structure, values, mask, integer=integer)
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


class Ranges:
    """Feasible ranges of the cells under one publication pattern, solved lazily.

    Each cell has an inner bound (values it takes in integer tables already found: the true one
    and every optimum, all consistent with what is published) and an outer bound (0 and the
    smallest published cell containing it, tightened by the LP relaxation). A programme is
    solved only while the inner bound does not prove the cell safe and the outer bound does
    not prove it unsafe, LPs before integer programmes, which cost ten times more.
    """

    def __init__(
        self,
        structure: Structure,
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
