"""The gap between two groups within strata: Mantel–Haenszel risk difference and odds ratio,
and whether the gap is the same in every stratum.

Input is a stack of 2×2 tables, one per stratum: events and totals in the first and the second
group. The common odds ratio, its Robins–Breslow–Greenland interval, the Mantel–Haenszel test
and the Breslow–Day homogeneity test come from statsmodels' ``StratifiedTable``; statsmodels has
no common risk difference, so that estimator is written here.

>>> import numpy as np
>>> result = stratified(np.array([[8, 10], [2, 10]]), np.array([[4, 10], [1, 10]]))
>>> round(result.risk_difference.estimate, 3)
0.25
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import norm
from statsmodels.stats.contingency_tables import StratifiedTable

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its interval; all None when it cannot be computed."""

    estimate: float | None
    low: float | None
    high: float | None
    method: str
    confidence: float = 0.95

    @property
    def known(self) -> bool:
        return self.estimate is not None and self.low is not None and self.high is not None

    def excludes(self, value: float) -> bool:
        """True when the interval lies wholly above or below *value*."""
        if self.low is None or self.high is None:
            return False
        return self.low > value or self.high < value


@dataclass(frozen=True)
class Homogeneity:
    """Breslow–Day test that the odds ratio is the same in every informative stratum."""

    statistic: float | None
    df: int | None
    p_value: float | None
    method: str = "breslow_day"


@dataclass(frozen=True)
class Stratified:
    risk_difference: Estimate
    odds_ratio: Estimate
    test_p_value: float | None  # Mantel–Haenszel test of no association, without correction
    homogeneity: Homogeneity
    informative_strata: int  # strata with both groups and both outcomes present


def mh_risk_difference(first: IntArray, second: IntArray, confidence: float = 0.95) -> Estimate:
    """Mantel–Haenszel common risk difference p1 − p2 over strata, with Sato's variance.

    *first* and *second* are arrays of shape (strata, 2): events and totals per stratum.
    The weights are n1·n2/N per stratum (Greenland & Robins 1985, Biometrics 41:55–68); the
    variance is Sato's (1989, Biometrics 45:1323–1324), which stays valid both with a few large
    strata and with many sparse ones. Strata where either group is empty carry no weight.
    """
    a, n1 = first[:, 0].astype(float), first[:, 1].astype(float)
    c, n0 = second[:, 0].astype(float), second[:, 1].astype(float)
    keep = (n1 > 0) & (n0 > 0)
    a, n1, c, n0 = a[keep], n1[keep], c[keep], n0[keep]
    method = "mantel_haenszel_sato"
    if not keep.any():
        return Estimate(None, None, None, method, confidence)
    total = n1 + n0
    weight = (n1 * n0 / total).sum()
    estimate = ((a * n0 - c * n1) / total).sum() / weight
    p = ((n1**2 * c - n0**2 * a + n1 * n0 * (n0 - n1) / 2) / total**2).sum()
    q = ((a * (n0 - c) + c * (n1 - a)) / (2 * total)).sum()
    variance = max((estimate * p + q) / weight**2, 0.0)
    half = norm.ppf(0.5 + confidence / 2) * math.sqrt(variance)
    low, high = max(-1.0, estimate - half), min(1.0, estimate + half)
    return Estimate(float(estimate), float(low), float(high), method, confidence)


def stratified(first: IntArray, second: IntArray, confidence: float = 0.95) -> Stratified:
    """Risk difference, odds ratio, tests and homogeneity over the strata of two groups."""
    rd = mh_risk_difference(first, second, confidence)
    tables = _two_by_two(first, second)
    informative = tables[_informative(tables)]
    no_or = Estimate(None, None, None, "mantel_haenszel_rbg", confidence)
    if len(informative) == 0:
        return Stratified(rd, no_or, None, Homogeneity(None, None, None), 0)
    table = StratifiedTable(np.moveaxis(informative, 0, -1).astype(float))
    odds = table.oddsratio_pooled
    low, high = table.oddsratio_pooled_confint(alpha=1 - confidence)
    odds_ratio = Estimate(
        _finite(odds), _finite(low), _finite(high), "mantel_haenszel_rbg", confidence
    )
    null = table.test_null_odds(correction=False)
    homogeneity = Homogeneity(None, None, None)
    if len(informative) >= 2:
        equal = table.test_equal_odds(adjust=False)
        homogeneity = Homogeneity(
            _finite(equal.statistic), len(informative) - 1, _finite(equal.pvalue)
        )
    return Stratified(rd, odds_ratio, _finite(null.pvalue), homogeneity, len(informative))


def _two_by_two(first: IntArray, second: IntArray) -> IntArray:
    """Tables [[events, non-events] of the first group, [..] of the second] per stratum."""
    return np.stack(
        [
            np.stack([first[:, 0], first[:, 1] - first[:, 0]], axis=-1),
            np.stack([second[:, 0], second[:, 1] - second[:, 0]], axis=-1),
        ],
        axis=1,
    )


def _informative(tables: IntArray) -> npt.NDArray[np.bool_]:
    """Strata with both groups present and both outcomes seen: only they inform an odds ratio."""
    rows = tables.sum(axis=2)
    columns = tables.sum(axis=1)
    return np.asarray((rows > 0).all(axis=1) & (columns > 0).all(axis=1))


def _finite(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None
