"""Shares with Wilson intervals and differences with Newcombe intervals, one or many at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from isu.analysis.estimates._common import _check_confidence, _count

# --------------------------------------------------------------------------- proportions


@dataclass(frozen=True)
class Share:
    """The share ``k / n`` with its Wilson score interval.

    ``estimate``, ``low`` and ``high`` are None when ``n == 0``.
    """

    k: int
    n: int
    estimate: float | None
    low: float | None
    high: float | None
    method: str = "wilson"
    confidence: float = 0.95


def share(k: int, n: int, confidence: float = 0.95) -> Share:
    """The share ``k`` of ``n`` with a Wilson score interval.

    The Wilson interval keeps close to its nominal coverage for small ``n`` and for shares
    near 0 or 1, where the textbook Wald interval fails (Newcombe 1998, Stat Med 17:857–872,
    method 3). Computed by statsmodels ``proportion_confint(method="wilson")``.

    Parameters
    ----------
    k, n
        Number with the property and number in the group, ``0 <= k <= n``.
    confidence
        Two-sided confidence level.
    """
    k, n = _count(k, "k"), _count(n, "n")
    if k > n:
        raise ValueError(f"k must not exceed n, got k={k}, n={n}")
    confidence = _check_confidence(confidence)
    if n == 0:
        return Share(k, n, None, None, None, confidence=confidence)
    estimate = k / n
    low, high = proportion_confint(k, n, alpha=1.0 - confidence, method="wilson")
    # Guard against rounding pushing a bound past the estimate or out of [0, 1].
    low = max(0.0, min(float(low), estimate))
    high = min(1.0, max(float(high), estimate))
    return Share(k, n, estimate, low, high, confidence=confidence)


@dataclass(frozen=True)
class Difference:
    """The difference ``first.estimate - second.estimate`` with Newcombe's interval.

    ``estimate``, ``low`` and ``high`` are None when either group is empty.
    """

    first: Share
    second: Share
    estimate: float | None
    low: float | None
    high: float | None
    method: str = "newcombe_hybrid_score"
    confidence: float = 0.95

    @property
    def spans_zero(self) -> bool:
        """True when the interval includes 0 or cannot be computed (no evidence of a gap)."""
        if self.low is None or self.high is None:
            return True
        return self.low <= 0.0 <= self.high

    @property
    def n(self) -> int:
        """Number of people in both groups."""
        return self.first.n + self.second.n


def difference(k1: int, n1: int, k2: int, n2: int, confidence: float = 0.95) -> Difference:
    """The difference between two independent shares, ``k1/n1 - k2/n2``, with an interval.

    Newcombe's hybrid score interval combines the two Wilson intervals; it has near-nominal
    coverage in small samples and never leaves [−1, 1] (Newcombe 1998, Stat Med 17:873–890,
    method 10). Computed by statsmodels ``confint_proportions_2indep(method="newcomb")``,
    which is that method (checked against the paper's Table II in the tests).
    """
    confidence = _check_confidence(confidence)
    first, second = share(k1, n1, confidence), share(k2, n2, confidence)
    if first.estimate is None or second.estimate is None:
        return Difference(first, second, None, None, None, confidence=confidence)
    estimate = first.estimate - second.estimate
    low, high = confint_proportions_2indep(
        first.k,
        first.n,
        second.k,
        second.n,
        method="newcomb",
        compare="diff",
        alpha=1.0 - confidence,
    )
    low = max(-1.0, min(float(low), estimate))
    high = min(1.0, max(float(high), estimate))
    return Difference(first, second, estimate, low, high, confidence=confidence)


# --------------------------------------------------------------------------- many at once
# A step-1 analysis needs tens of thousands of intervals; one scalar statsmodels call costs
# ~0.2 ms, so tables compute theirs in one array call each. Same methods, same numbers (the
# tests check these against the scalar functions above).


def shares(k: npt.ArrayLike, n: npt.ArrayLike, confidence: float = 0.95) -> list[Share | None]:
    """:func:`share` for many (k, n) pairs at once; None where ``n`` is 0."""
    k_arr, n_arr = np.asarray(k, dtype=np.int64), np.asarray(n, dtype=np.int64)
    found = _share_list(k_arr, n_arr, *_wilson_arrays(k_arr, n_arr, confidence), confidence)
    return [share if ni > 0 else None for share, ni in zip(found, n_arr, strict=True)]


def _share_list(
    k: npt.NDArray[np.int64],
    n: npt.NDArray[np.int64],
    estimate: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64],
    high: npt.NDArray[np.float64],
    confidence: float,
) -> list[Share]:
    """Share objects for intervals already computed as arrays."""
    return [
        Share(int(ki), int(ni), float(e), float(lo), float(hi), confidence=confidence)
        for ki, ni, e, lo, hi in zip(k, n, estimate, low, high, strict=True)
    ]


def _wilson_arrays(
    k: npt.NDArray[np.int64], n: npt.NDArray[np.int64], confidence: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    safe_n = np.maximum(n, 1)
    estimate = k / safe_n
    if k.size == 0:
        return estimate, estimate.copy(), estimate.copy()
    low, high = proportion_confint(k, safe_n, alpha=1.0 - confidence, method="wilson")
    low = np.clip(np.minimum(np.asarray(low, dtype=float), estimate), 0.0, 1.0)
    high = np.clip(np.maximum(np.asarray(high, dtype=float), estimate), 0.0, 1.0)
    return estimate, low, high


def differences(
    k1: npt.ArrayLike,
    n1: npt.ArrayLike,
    k2: npt.ArrayLike,
    n2: npt.ArrayLike,
    confidence: float = 0.95,
) -> list[Difference]:
    """:func:`difference` for many pairs: Newcombe's method 10 from the two Wilson intervals,
    ``d − √((p1−l1)² + (u2−p2)²)`` to ``d + √((u1−p1)² + (p2−l2)²)``."""
    a = [np.asarray(x, dtype=np.int64) for x in (k1, n1, k2, n2)]
    p1, l1, u1 = _wilson_arrays(a[0], a[1], confidence)
    p2, l2, u2 = _wilson_arrays(a[2], a[3], confidence)
    firsts = _share_list(a[0], a[1], p1, l1, u1, confidence)
    seconds = _share_list(a[2], a[3], p2, l2, u2, confidence)
    d = p1 - p2
    low = np.clip(np.minimum(d - np.hypot(p1 - l1, u2 - p2), d), -1.0, 1.0)
    high = np.clip(np.maximum(d + np.hypot(u1 - p1, p2 - l2), d), -1.0, 1.0)
    return [
        Difference(first, second, float(di), float(lo), float(hi), confidence=confidence)
        if first.n and second.n
        else difference(first.k, first.n, second.k, second.n, confidence)  # None fields
        for first, second, di, lo, hi in zip(firsts, seconds, d, low, high, strict=True)
    ]
