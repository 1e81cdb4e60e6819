"""Funnel-plot control limits for shares (Spiegelhalter 2005).

A funnel plot shows each municipality's share against its number of cases, with control limits
around the regional share that narrow as the number grows: a small municipality far from the
regional share may well be chance, a large one at the same distance hardly. The limits are the
exact binomial ones with Spiegelhalter's interpolation (D. J. Spiegelhalter, "Funnel plots for
comparing institutional performance", Stat Med 2005; 24:1185–1202, appendix A.1.1): for a
probability p, r_p is the smallest r with P(R ≤ r) ≥ p for R ~ Bin(n, θ0),
α = (P(R ≤ r_p) − p) / P(R = r_p), and the limit is (r_p − α) / n. The 95 % limits use
p = 0.025 and 0.975, the 99.8 % limits p = 0.001 and 0.999. scipy's binomial distribution does
the counting.

>>> low, high = limits(0.5, [100], 0.95)
>>> round(float(low[0]), 3), round(float(high[0]), 3)
(0.405, 0.595)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from scipy.stats import binom

__all__ = ["LEVELS", "grid", "limits", "zone", "zones"]

FloatArray = npt.NDArray[np.float64]
LEVELS = (0.95, 0.998)


def limits(
    target: float, sizes: Sequence[int] | npt.ArrayLike, level: float
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper control limits of a share at each group size in *sizes*."""
    n = np.asarray(sizes, dtype=np.float64)
    tail = (1.0 - level) / 2
    return _limit(target, n, tail), _limit(target, n, 1.0 - tail)


def _limit(target: float, n: FloatArray, p: float) -> FloatArray:
    if target <= 0.0 or target >= 1.0:
        return np.full(n.shape, float(np.clip(target, 0.0, 1.0)))
    r = binom.ppf(p, n, target)
    mass = binom.pmf(r, n, target)
    alpha = np.divide(binom.cdf(r, n, target) - p, mass, out=np.zeros_like(n), where=mass > 0)
    return np.asarray(np.clip((r - alpha) / n, 0.0, 1.0), dtype=np.float64)


def grid(largest: int, points: int = 120) -> FloatArray:
    """Group sizes to draw the limits at: every size up to 30, then evenly on a log scale."""
    top = max(largest, 2)
    small = np.arange(1, min(top, 30) + 1)
    large = np.geomspace(30, top, points) if top > 30 else np.zeros(0)
    return np.asarray(np.unique(np.rint(np.r_[small, large])), dtype=np.float64)


def zone(share: float, n: int, target: float) -> str:
    """Where a point lies: «inom», or above/below the 95 % or the 99.8 % limits."""
    return zones([share], [n], target)[0]


def zones(shares: Sequence[float], sizes: Sequence[int], target: float) -> list[str]:
    """:func:`zone` for many points, with the limits of all their sizes computed at once."""
    found = ["inom"] * len(shares)
    values = np.asarray(shares, dtype=np.float64)
    for level, name in ((0.95, "95"), (0.998, "998")):  # the wider limits decide last
        low, high = limits(target, sizes, level)
        for i in np.flatnonzero(values > high).tolist():
            found[i] = f"over_{name}"
        for i in np.flatnonzero(values < low).tolist():
            found[i] = f"under_{name}"
    return found
