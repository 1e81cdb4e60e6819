"""Published tables as margins of one base cube: the linear algebra both halves of disclosure
control work on.

Every published cell sums some cells of one dense base cube of counts, so a cube and its list
of margins become a 0/1 design matrix (published cells x base cells), the rows and columns whose
total is another published cell, and which cells overlap or contain each other. The suppression
(:mod:`isu.analysis._suppression`) and the audit of what a reader can infer
(:mod:`isu.analysis.disclosure_audit`) both read this structure, and it is cached by shape: an
analysis protects hundreds of cubes of a handful of shapes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Dims = tuple[str, ...]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


def validated(
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


@dataclass(frozen=True, eq=False)
class Structure:
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


def margin_axes(dims: Dims, margins: tuple[Dims, ...]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(dims.index(d) for d in m) for m in margins)


@lru_cache(maxsize=64)
def structure_for(shape: tuple[int, ...], axes: tuple[tuple[int, ...], ...]) -> Structure:
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
    return Structure(
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
def key_parts(
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
