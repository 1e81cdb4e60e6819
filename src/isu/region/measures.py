"""Numeric measures pooled over the region: the mean by sex with its t interval.

Count, sum and sum of squares add up across municipalities, so the pooled mean and standard
deviation are exact (:func:`isu.analysis.estimates.summary_from_moments`); the median cannot be
pooled from them. A municipality whose group is hidden is left out of that sex's figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from isu.analysis.estimates import NumericSummary, summary_from_moments
from isu.region.load import Region
from isu.region.pool import HIDDEN_REASON, MISSING_REASON, LeftOut

__all__ = ["PooledMeasure", "pooled_measure"]


@dataclass(frozen=True)
class PooledMeasure:
    id: str
    label: str
    sexes: tuple[str, ...]
    summaries: tuple[NumericSummary, ...]  # per sex
    left_out: tuple[tuple[LeftOut, ...], ...]  # per sex


def pooled_measure(region: Region, measure_id: str) -> PooledMeasure:
    found = [
        (p, next((m for m in p.measures if m.id == measure_id), None)) for p in region.packages
    ]
    reference = next(m for _p, m in found if m is not None)
    summaries, left_out = [], []
    for s in range(len(reference.sexes)):
        n, total, squares, left = 0, 0.0, 0.0, []
        for package, measure in found:
            moments = measure.moments[s] if measure is not None else None
            if moments is None:
                reason = MISSING_REASON if measure is None else HIDDEN_REASON
                left.append(LeftOut(package.municipality, reason))
                continue
            n, total, squares = n + moments[0], total + moments[1], squares + moments[2]
        summaries.append(summary_from_moments(n, total, squares))
        left_out.append(tuple(left))
    return PooledMeasure(
        measure_id, reference.label, reference.sexes, tuple(summaries), tuple(left_out)
    )
