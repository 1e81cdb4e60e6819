"""«Är det lika hos oss?»: one municipality against the rest of the region, by sex.

The method warns against the myth «det är så speciellt här hos oss». The answer compares the
municipality's share with the share in all other municipalities pooled, each with its Wilson
interval, and the difference with Newcombe's interval, which carries the uncertainty of both.
The rest of the region is pooled by the same rule as the region (:mod:`isu.region.pool`), so it
is a sum of published cells and cannot reveal a hidden one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from isu.analysis.estimates import Difference, differences
from isu.region.compare import RegionComparison
from isu.region.pool import HIDDEN_REASON, Counts, LeftOut, Pooled

__all__ = ["Local", "LocalRow", "local_comparison", "local_comparisons"]


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


def local_comparisons(comparison: RegionComparison) -> tuple[Local, ...]:
    """Every municipality against the rest; each sex's intervals in one vectorised call."""
    names = [m.municipality for m in comparison.municipalities]
    rows: list[list[LocalRow]] = [[] for _name in names]
    for s, (code, label, counts) in enumerate(
        zip(comparison.sexes, comparison.sex_labels, comparison.counts, strict=True)
    ):
        absent = tuple(o for o in comparison.pooled[s].left_out if o.reason != HIDDEN_REASON)
        rests = _rests(counts, absent)
        ours = [i for i, c in enumerate(counts) if c.published and c.n and rests[i].n]
        found = differences(
            [counts[i].k or 0 for i in ours],
            [counts[i].n or 0 for i in ours],
            [rests[i].k for i in ours],
            [rests[i].n for i in ours],
        )
        by_index = dict(zip(ours, found, strict=True))
        for i, rest in enumerate(rests):
            rows[i].append(LocalRow(code, label, rest, by_index.get(i)))
    return tuple(Local(name, comparison, tuple(r)) for name, r in zip(names, rows, strict=True))


def _rests(counts: Sequence[Counts], absent: tuple[LeftOut, ...]) -> list[Pooled]:
    """For each municipality, the others pooled: the published total minus its own part."""
    k_total = sum(c.k or 0 for c in counts if c.published)
    n_total = sum(c.n or 0 for c in counts if c.published)
    shown = [c.municipality for c in counts if c.published]
    hidden = [LeftOut(c.municipality, HIDDEN_REASON) for c in counts if not c.published]
    left = (*absent, *hidden)
    rests = []
    for c in counts:
        if c.published:
            j = shown.index(c.municipality)
            rest = Pooled(
                k_total - (c.k or 0), n_total - (c.n or 0), (*shown[:j], *shown[j + 1 :]), left
            )
        else:
            others = tuple(o for o in hidden if o.municipality != c.municipality)
            rest = Pooled(k_total, n_total, tuple(shown), (*absent, *others))
        rests.append(rest)
    return rests


def local_comparison(comparison: RegionComparison, municipality: str) -> Local:
    """*municipality* against every other municipality of *comparison*, for each sex."""
    wanted = municipality.strip().casefold()
    for local in local_comparisons(comparison):
        if local.municipality.casefold() == wanted:
            return local
    raise KeyError(municipality)
