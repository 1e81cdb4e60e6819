"""Secondary suppression of one cube: which more cells to hide so no hidden cell is given away.

The small counts are already hidden (primary suppression) when :func:`suppress` is called. It
first closes the rows and columns that would give a hidden cell away by subtraction, a cheap
pass without any linear programme, then asks the audit
(:class:`~isu.analysis.disclosure_audit.Ranges`) about every hidden cell and hides one more
cell for each that is still too narrow, until none is. What was decided across tables lives in
:class:`~isu.analysis.disclosure.Release`.
"""

from __future__ import annotations

import numpy as np

from isu.analysis._margins import BoolArray, IntArray, Structure
from isu.analysis.disclosure_audit import Ranges


def suppress(
    structure: Structure,
    values: IntArray,
    hidden: BoolArray,
    imposed: BoolArray,
    recorded: dict[int, tuple[float, float]],
    threshold: int,
) -> tuple[BoolArray, Ranges]:
    """Hide more cells until the audit passes or nothing is left to hide.

    Terminates: every round hides at least one more cell or stops. Once everything not decided
    by an earlier table is hidden, this cube publishes nothing new, so the audit passes unless
    the earlier tables themselves give a cell away (only possible with one-level dimensions).
    """
    hidden = _close_lines(structure, values, hidden, imposed, threshold)
    seen = None
    while True:
        ranges = Ranges(structure, values, hidden, integer=True, seen=seen)
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
    structure: Structure,
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
    structure: Structure, values: IntArray, hidden: BoolArray, row: int, threshold: int
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
    structure: Structure,
    values: IntArray,
    hidden: BoolArray,
    imposed: BoolArray,
    ranges: Ranges,
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
    structure: Structure, values: IntArray, hidden: BoolArray, imposed: BoolArray
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
