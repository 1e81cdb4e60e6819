"""The regional comparison of one variable: each municipality's share by sex, the pooled share,
a funnel plot per sex and the sex gap per municipality and pooled.

Computed once into a :class:`RegionComparison`; renderers only format it. Shares have Wilson
intervals and gaps Newcombe intervals (:mod:`isu.analysis.estimates`); the pooled gap is the
Mantel–Haenszel risk difference with municipalities as strata, so that a region where girls
are more often found in municipalities that grant more is not mistaken for a gap within
municipalities, and the Breslow–Day test asks whether the gap is the same everywhere
(:func:`isu.analysis.criteria.stratified`).

>>> # comparison = compare(region, "beslut/beslut_insats/kon", "ja")
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from isu.analysis.criteria.stratified import Stratified, stratified
from isu.analysis.estimates import Difference, Share, differences, share, shares
from isu.codebook import LEGAL_SEX
from isu.region import funnel
from isu.region.load import Region
from isu.region.pool import (
    HIDDEN_REASON,
    Counts,
    LeftOut,
    Pooled,
    counts_by_sex,
    pool,
    reference_table,
)

__all__ = [
    "Funnel",
    "FunnelPoint",
    "MunicipalityShares",
    "PooledGap",
    "RegionComparison",
    "compare",
]


@dataclass(frozen=True)
class MunicipalityShares:
    municipality: str
    shares: tuple[Share | None, ...]  # per sex; None where a count or group size is hidden
    gap: Difference | None  # first sex minus second; None unless all four counts are published


@dataclass(frozen=True)
class FunnelPoint:
    municipality: str
    share: Share
    zone: str  # "inom", "over_95", "under_95", "over_998", "under_998"


@dataclass(frozen=True)
class Funnel:
    sex: str
    sex_label: str
    target: Share  # the pooled share the limits are drawn around
    sizes: tuple[float, ...]
    lower95: tuple[float, ...]
    upper95: tuple[float, ...]
    lower998: tuple[float, ...]
    upper998: tuple[float, ...]
    points: tuple[FunnelPoint, ...]


@dataclass(frozen=True)
class PooledGap:
    result: Stratified
    included: tuple[str, ...]
    left_out: tuple[LeftOut, ...]


@dataclass(frozen=True)
class RegionComparison:
    table: str
    occasion_label: str
    variable: str
    variable_label: str
    category: str
    category_label: str
    sexes: tuple[str, ...]
    sex_labels: tuple[str, ...]
    municipalities: tuple[MunicipalityShares, ...]
    pooled: tuple[Pooled, ...]  # per sex
    pooled_shares: tuple[Share, ...]
    funnels: tuple[Funnel, ...]
    gap: PooledGap
    counts: tuple[tuple[Counts, ...], ...]  # per sex, per municipality: what was published

    @property
    def n_municipalities(self) -> int:
        return len(self.municipalities)


def compare(region: Region, table_id: str, category: str) -> RegionComparison:
    """Compare the share answering *category* in table *table_id* (a sex × variable table)."""
    reference = reference_table(region, table_id)
    variable = reference.axis(reference.variable)
    if category not in variable.codes:
        raise KeyError(category)
    sex_axis = reference.axis(LEGAL_SEX)
    counts, absent = counts_by_sex(region, table_id, LEGAL_SEX, category)
    pooled = tuple(pool(by_sex, absent) for by_sex in counts)
    pooled_shares = tuple(share(p.k, p.n) for p in pooled)
    rows = _rows(counts)
    funnels = tuple(
        _funnel(code, label, target, by_sex)
        for code, label, target, by_sex in zip(
            sex_axis.codes, sex_axis.labels, pooled_shares, counts, strict=True
        )
    )
    return RegionComparison(
        table_id,
        reference.occasion_label,
        variable.key,
        variable.label,
        category,
        variable.labels[variable.codes.index(category)],
        sex_axis.codes,
        sex_axis.labels,
        rows,
        pooled,
        pooled_shares,
        funnels,
        _pooled_gap(counts, absent),
        counts,
    )


def _rows(counts: tuple[tuple[Counts, ...], ...]) -> tuple[MunicipalityShares, ...]:
    """Every municipality's shares and gap, each family of intervals in one vectorised call."""
    flat = [c for by_sex in counts for c in by_sex if c.published]
    found = iter(shares([c.k or 0 for c in flat], [c.n or 0 for c in flat]))
    by_sex = [[next(found) if c.published else None for c in row] for row in counts]
    first, second = counts[0], counts[1]
    both = [
        i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a.published and b.published
    ]
    gaps = differences(
        [first[i].k or 0 for i in both],
        [first[i].n or 0 for i in both],
        [second[i].k or 0 for i in both],
        [second[i].n or 0 for i in both],
    )
    gap_of = dict(zip(both, gaps, strict=True))
    return tuple(
        MunicipalityShares(c.municipality, tuple(s[i] for s in by_sex), gap_of.get(i))
        for i, c in enumerate(first)
    )


def _funnel(code: str, label: str, target: Share, counts: tuple[Counts, ...]) -> Funnel:
    published = [c for c in counts if c.published and c.n]
    theta = target.estimate if target.estimate is not None else 0.0
    sizes = funnel.grid(max((c.n or 0 for c in published), default=1))
    lo95, hi95 = funnel.limits(theta, sizes, 0.95)
    lo998, hi998 = funnel.limits(theta, sizes, 0.998)
    found = [s for s in shares([c.k or 0 for c in published], [c.n or 0 for c in published]) if s]
    where = funnel.zones([s.estimate or 0.0 for s in found], [s.n for s in found], theta)
    points = tuple(
        FunnelPoint(c.municipality, s, zone)
        for c, s, zone in zip(published, found, where, strict=True)
    )
    return Funnel(
        code,
        label,
        target,
        tuple(sizes.tolist()),
        tuple(lo95.tolist()),
        tuple(hi95.tolist()),
        tuple(lo998.tolist()),
        tuple(hi998.tolist()),
        points,
    )


def _pooled_gap(counts: tuple[tuple[Counts, ...], ...], absent: tuple[LeftOut, ...]) -> PooledGap:
    """Mantel–Haenszel gap over the municipalities that published all four counts."""
    first, second = counts[0], counts[1]
    keep = [
        i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a.published and b.published
    ]
    left = [
        LeftOut(first[i].municipality, HIDDEN_REASON) for i in range(len(first)) if i not in keep
    ]
    strata_first = np.array([[first[i].k, first[i].n] for i in keep], dtype=np.int64).reshape(-1, 2)
    strata_second = np.array([[second[i].k, second[i].n] for i in keep], dtype=np.int64).reshape(
        -1, 2
    )
    return PooledGap(
        stratified(strata_first, strata_second),
        tuple(first[i].municipality for i in keep),
        (*absent, *left),
    )
