"""Criterion levels merged until every count of the analysis may be published.

The criteria analysis shows, per criterion, counts of group × level × outcome. Rather than hide
small counts (and have every estimate depend on hidden numbers), levels are merged until each
count is 0 or at least the threshold: an ordered level with its smaller neighbour, any other
level with the smallest other level. The merged levels are named together ("Inte känt eller låg
risk"), so the reader sees what was combined; the stratified estimates then rest only on counts
that are shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from isu.i18n import _

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Levels:
    """Which merged level each original level (missing last) went to, and the merged labels."""

    mapping: IntArray
    labels: tuple[str, ...]
    merged: bool  # two or more levels with clients were combined

    def __len__(self) -> int:
        return len(self.labels)


def publishable(counts: npt.ArrayLike, threshold: int) -> bool:
    """No count between 1 and threshold − 1."""
    values = np.asarray(counts)
    return not bool(((values >= 1) & (values < threshold)).any())


def merge_levels(
    cube: IntArray, labels: tuple[str, ...], threshold: int, *, ordered: bool
) -> Levels:
    """Merge levels (axis 1 of *cube*, shaped group × level × outcome) until publishable.

    Empty levels are dropped first. *labels* name every level, the last being "uppgift saknas".
    """
    groups: list[list[int]] = [[i] for i in range(cube.shape[1]) if cube[:, i, :].sum() > 0]
    while len(groups) > 1:
        counts = [cube[:, g, :].sum(axis=1) for g in groups]
        bad = [i for i, c in enumerate(counts) if not publishable(c, threshold)]
        if not bad:
            break
        totals = [int(c.sum()) for c in counts]
        worst = min(bad, key=lambda i: totals[i])
        partner = _partner(worst, groups, totals, ordered=ordered, missing=cube.shape[1] - 1)
        low, high = sorted((worst, partner))
        groups[low] = sorted(groups[low] + groups[high])
        del groups[high]
    mapping = np.full(cube.shape[1], -1, dtype=np.int64)
    for new, members in enumerate(groups):
        mapping[members] = new
    names = tuple(_joined([labels[i] for i in members]) for members in groups)
    return Levels(mapping, names, any(len(members) > 1 for members in groups))


def _partner(
    worst: int, groups: list[list[int]], totals: list[int], *, ordered: bool, missing: int
) -> int:
    """Ordered levels merge with a neighbour (missing is nobody's neighbour unless alone)."""
    others = [i for i in range(len(groups)) if i != worst]
    if ordered and missing not in groups[worst]:
        neighbours = [
            i for i in (worst - 1, worst + 1) if 0 <= i < len(groups) and missing not in groups[i]
        ]
        if neighbours:
            return min(neighbours, key=lambda i: totals[i])
    return min(others, key=lambda i: totals[i])


def _joined(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    rest = [n[:1].lower() + n[1:] for n in names[1:]]
    return _("{first} eller {rest}").format(first=", ".join([names[0], *rest[:-1]]), rest=rest[-1])
