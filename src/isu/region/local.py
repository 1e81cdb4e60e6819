"""«Är det lika hos oss?»: one municipality against the rest of the region, by sex.

The method warns against the myth «det är så speciellt här hos oss». The answer compares the
municipality's share with the share in all other municipalities pooled, each with its Wilson
interval, and the difference with Newcombe's interval, which carries the uncertainty of both.
The rest of the region is pooled by the same rule as the region (:mod:`isu.region.pool`), so it
is a sum of published cells and cannot reveal a hidden one.
"""

from __future__ import annotations

from dataclasses import dataclass

from isu.analysis.estimates import Difference, difference
from isu.region.compare import RegionComparison
from isu.region.pool import Pooled, pool

__all__ = ["Local", "LocalRow", "local_comparison"]


@dataclass(frozen=True)
class LocalRow:
    sex: str
    sex_label: str
    rest: Pooled
    difference: Difference | None  # ours minus the rest; None when our counts are hidden


@dataclass(frozen=True)
class Local:
    municipality: str
    comparison: RegionComparison
    rows: tuple[LocalRow, ...]


def local_comparison(comparison: RegionComparison, municipality: str) -> Local:
    """*municipality* against every other municipality of *comparison*, for each sex."""
    wanted = municipality.strip().casefold()
    names = [m.municipality.casefold() for m in comparison.municipalities]
    if wanted not in names:
        raise KeyError(municipality)
    i = names.index(wanted)
    rows = []
    for code, label, counts in zip(
        comparison.sexes, comparison.sex_labels, comparison.counts, strict=True
    ):
        ours = counts[i]
        rest = pool([c for j, c in enumerate(counts) if j != i])
        found = None
        if ours.k is not None and ours.n is not None and ours.n and rest.n:
            found = difference(ours.k, ours.n, rest.k, rest.n)
        rows.append(LocalRow(code, label, rest, found))
    return Local(comparison.municipalities[i].municipality, comparison, tuple(rows))
