"""Numeric measures: mean and median with intervals, rank tests between groups."""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from isu.analysis.estimates._common import NOT_TESTABLE, _check_confidence, _count, _optional

# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class NumericSummary:
    """Mean and median of a numeric variable with their intervals.

    Undefined figures are None: everything when ``n == 0``; ``std`` and the mean interval
    when ``n == 1``; the median interval when ``n`` is too small for the confidence level
    (``n <= 5`` at 95 %), and always for :func:`summary_from_moments`.
    """

    n: int
    mean: float | None
    mean_low: float | None
    mean_high: float | None
    median: float | None
    median_low: float | None
    median_high: float | None
    std: float | None
    mean_method: str = "t"
    median_method: str = "binomial_order_statistic"
    confidence: float = 0.95


def _mean_interval(
    n: int, mean: float, std: float | None, confidence: float
) -> tuple[float | None, float | None]:
    """The t interval ``mean ± t(n−1) · std / √n``; None without a standard deviation."""
    if std is None:
        return None, None
    if std == 0.0:
        # Constant data: the interval degenerates to the point (scipy would return NaN).
        return mean, mean
    low, high = stats.t.interval(confidence, n - 1, loc=mean, scale=std / math.sqrt(n))
    return float(low), float(high)


def numeric_summary(values: ArrayLike, confidence: float = 0.95) -> NumericSummary:
    """Mean with a t interval and median with a distribution-free interval.

    NaN values are dropped. The median interval is the pair of order statistics given by
    binomial quantiles (scipy ``quantile_test(...).confidence_interval``); it needs no
    assumption about the distribution, which matters for the skewed variables (hours,
    counts) common here, and its coverage is at least the nominal level.
    """
    confidence = _check_confidence(confidence)
    data = np.asarray(values, dtype=np.float64).ravel()
    data = data[~np.isnan(data)]
    if np.any(np.isinf(data)):
        raise ValueError("values must be finite or NaN")
    n = int(data.size)
    if n == 0:
        return NumericSummary(0, None, None, None, None, None, None, None, confidence=confidence)
    mean = float(np.mean(data))
    std = float(np.std(data, ddof=1)) if n > 1 else None
    mean_low, mean_high = _mean_interval(n, mean, std, confidence)
    median = float(np.median(data))
    interval = stats.quantile_test(data, q=median, p=0.5).confidence_interval(confidence)
    return NumericSummary(
        n,
        mean,
        mean_low,
        mean_high,
        median,
        _optional(interval.low),
        _optional(interval.high),
        std,
        confidence=confidence,
    )


def summary_from_moments(
    n: int, total: float, total_sq: float, confidence: float = 0.95
) -> NumericSummary:
    """Mean with a t interval from the count, sum and sum of squares.

    Used for pooled cubes, where only these three sums are stored; the median cannot be
    recovered from them, so the median fields are None. The variance is
    ``(Σx² − (Σx)²/n) / (n − 1)``, taken as 0 when the numerator is within the rounding
    error of the sums (``n · ε · Σx²``). The one-pass formula loses precision when the mean
    is large relative to the spread; for values recorded to two decimals that is immaterial.
    """
    confidence = _check_confidence(confidence)
    n = _count(n, "n")
    if not (math.isfinite(total) and math.isfinite(total_sq)) or total_sq < 0:
        raise ValueError("total and total_sq must be finite and total_sq >= 0")
    if n == 0:
        return NumericSummary(0, None, None, None, None, None, None, None, confidence=confidence)
    mean = total / n
    std: float | None = None
    if n > 1:
        squares = total_sq - total * total / n
        # A difference within the worst-case rounding error of the sums is noise; without
        # this a constant variable would get a spurious interval (or a negative variance).
        if squares <= n * sys.float_info.epsilon * total_sq:
            squares = 0.0
        std = math.sqrt(squares / (n - 1))
    mean_low, mean_high = _mean_interval(n, mean, std, confidence)
    return NumericSummary(
        n, mean, mean_low, mean_high, None, None, None, std, confidence=confidence
    )


# --------------------------------------------------------------------------- rank tests


@dataclass(frozen=True)
class RankTest:
    """A rank test across independent groups.

    ``statistic`` is U (for the first group) for ``mann_whitney_u`` and H for
    ``kruskal_wallis``. ``n`` and ``groups`` count the values and the non-empty groups used.
    """

    statistic: float | None
    p_value: float | None
    method: str
    n: int
    groups: int


def rank_test(groups: Sequence[ArrayLike]) -> RankTest:
    """Test whether the groups' values tend to differ, without assuming a distribution.

    NaN values are dropped and empty groups ignored. Two groups: two-sided Mann–Whitney U
    (scipy, ``method="auto"``: exact when a group has at most 8 values and there are no ties,
    otherwise the normal approximation with tie and continuity correction, as in R's
    ``wilcox.test``). More groups: Kruskal–Wallis (chi-square approximation, tie-corrected).
    When every value is the same the groups cannot differ: p is 1.0 (H is reported as 0, its
    value before the tie correction, which would divide 0 by 0).
    """
    samples = [np.asarray(group, dtype=np.float64).ravel() for group in groups]
    samples = [sample[~np.isnan(sample)] for sample in samples]
    samples = [sample for sample in samples if sample.size > 0]
    n = sum(int(sample.size) for sample in samples)
    if len(samples) < 2:
        return RankTest(None, None, NOT_TESTABLE, n, len(samples))
    pooled = np.concatenate(samples)
    constant = bool(np.all(pooled == pooled[0]))
    if len(samples) == 2:
        if constant:
            # U is then n1·n2/2, the centre of its null distribution.
            statistic = samples[0].size * samples[1].size / 2
            return RankTest(float(statistic), 1.0, "mann_whitney_u", n, 2)
        result = stats.mannwhitneyu(samples[0], samples[1], alternative="two-sided", method="auto")
        return RankTest(float(result.statistic), float(result.pvalue), "mann_whitney_u", n, 2)
    if constant:
        return RankTest(0.0, 1.0, "kruskal_wallis", n, len(samples))
    result = stats.kruskal(*samples)
    return RankTest(
        float(result.statistic), float(result.pvalue), "kruskal_wallis", n, len(samples)
    )
