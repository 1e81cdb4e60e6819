"""Estimates, intervals and tests for comparing groups in small data.

The tool compares groups (girls and boys, age bands, occasions) in data that are often only
20–300 people, so every figure comes with an interval or a test that behaves well in small
samples. The methods are the established ones and are computed by statsmodels or scipy; this
module only chooses between them, handles the edge cases (empty groups, constant data, zero
counts) without warnings, and packs the results into immutable dataclasses that carry ``n``,
the method name and, where there is one, the interval.

Method names are short, stable English identifiers meant for reports and stored results:

``wilson``
    Wilson score interval for one proportion (Newcombe 1998a, method 3).
``newcombe_hybrid_score``
    Newcombe's hybrid score interval for p1 − p2 (Newcombe 1998b, method 10).
``pearson_chi2``
    Pearson's X² test of independence without continuity correction.
``fisher_exact``
    Fisher's exact test (Fisher–Freeman–Halton for tables larger than 2×2).
``fisher_monte_carlo``
    The same test with a seeded Monte Carlo p-value.
``t``
    t interval for a mean.
``binomial_order_statistic``
    Distribution-free order-statistic interval for a median.
``mann_whitney_u``
    Mann–Whitney U (Wilcoxon rank-sum) test, two-sided.
``kruskal_wallis``
    Kruskal–Wallis H test.
``mcnemar_exact``
    McNemar's test as an exact binomial test on the discordant pairs.
``mcnemar_chi2``
    McNemar's X² test with continuity correction.
``wilcoxon_signed_rank``
    Wilcoxon signed-rank test for paired data.
``not_testable``
    Too little data for the test; statistic and p-value are None.

Where a quantity is undefined (no observations, a single value) the field is ``None`` rather
than NaN, so that callers and reports have one thing to check.
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numpy.typing import ArrayLike
from scipy import stats
from scipy.stats import chi2
from scipy.stats.contingency import expected_freq
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

__all__ = [
    "AssociationTest",
    "Difference",
    "NumericSummary",
    "PairedTest",
    "RankTest",
    "Share",
    "association_test",
    "benjamini_hochberg",
    "difference",
    "mcnemar_test",
    "numeric_summary",
    "paired_ordinal_test",
    "rank_test",
    "share",
    "summary_from_moments",
]

NOT_TESTABLE = "not_testable"

# McNemar: below this many discordant pairs the chi-square approximation is poor, so the exact
# binomial version is used (a common rule of thumb).
MCNEMAR_EXACT_BELOW = 25

# R×C Fisher test: scipy's exact p-value enumerates all n! pairings of the observations, which
# is fast (well under 0.2 s) only up to n = 6; larger tables get a seeded Monte Carlo p-value
# from this many random tables (standard error at most 0.005).
FISHER_RXC_EXACT_MAX_PAIRINGS = 720
FISHER_RXC_RESAMPLES = 9999


def _check_confidence(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    return float(confidence)


def _count(value: int, name: str) -> int:
    """An integer count >= 0; numpy integers are accepted, floats and bools are not."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer, got a bool")
    number = operator.index(value)
    if number < 0:
        raise ValueError(f"{name} must be >= 0, got {number}")
    return number


def _optional(value: float) -> float | None:
    """A plain float, or None for NaN (scipy's 'undefined')."""
    value = float(value)
    return None if math.isnan(value) else value


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


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class AssociationTest:
    """A test of independence in a table of counts (rows = groups, columns = categories).

    ``statistic`` and ``df`` are Pearson's X² and its degrees of freedom for
    ``pearson_chi2``; Fisher's test has no comparable statistic, so both are None for it.
    ``min_expected`` is the smallest expected count under independence, the figure the
    choice of test rests on. ``n`` is the table total.
    """

    statistic: float | None
    p_value: float | None
    df: int | None
    method: str
    n: int
    min_expected: float | None


def _chi2_is_adequate(expected: npt.NDArray[np.float64]) -> bool:
    """Cochran's rule for the X² approximation to a test of independence.

    Cochran (1954, Biometrics 10:417–451): no expected count below 1, and at most 20 % of the
    expected counts below 5. For a 2×2 table the 20 % allows no cell, so the rule is then
    "every expected count >= 5".
    """
    return bool(expected.min() >= 1.0 and np.mean(expected < 5.0) <= 0.2)


def association_test(table: npt.ArrayLike, *, rng_seed: int = 20261122) -> AssociationTest:
    """Test whether the category distribution differs between the groups.

    Rows and columns that are all zero carry no information and are dropped first. Pearson's
    X² (without continuity correction) is used when Cochran's rule says the approximation is
    adequate (see :func:`_chi2_is_adequate`); otherwise Fisher's exact test: scipy's exact
    test for 2×2 tables, and for larger tables the Fisher–Freeman–Halton test, exact by full
    enumeration when the table total is at most 6 and otherwise with a Monte Carlo p-value
    from 9999 tables drawn with a generator seeded by ``rng_seed``, so the result is
    reproducible (scipy has no fast exact R×C algorithm).

    Parameters
    ----------
    table
        Two-dimensional array of non-negative integer counts.
    rng_seed
        Seed for the Monte Carlo p-value.
    """
    counts = np.asarray(table, dtype=np.float64)
    if counts.ndim != 2:
        raise ValueError(f"table must be two-dimensional, got {counts.ndim} dimensions")
    if not np.all(np.isfinite(counts)) or np.any(counts < 0) or np.any(counts % 1 != 0):
        raise ValueError("table must hold non-negative integer counts")
    counts = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]
    cells = counts.astype(np.int64)
    n = int(cells.sum())
    if cells.shape[0] < 2 or cells.shape[1] < 2:
        return AssociationTest(None, None, None, NOT_TESTABLE, n, None)

    expected = np.asarray(expected_freq(cells), dtype=np.float64)
    min_expected = float(expected.min())
    if _chi2_is_adequate(expected):
        result = stats.chi2_contingency(cells, correction=False)
        return AssociationTest(
            float(result.statistic),
            float(result.pvalue),
            int(result.dof),
            "pearson_chi2",
            n,
            min_expected,
        )
    if cells.shape == (2, 2):
        p_value = stats.fisher_exact(cells, alternative="two-sided").pvalue
        return AssociationTest(None, float(p_value), None, "fisher_exact", n, min_expected)
    method: stats.PermutationMethod | stats.MonteCarloMethod
    if math.factorial(n) <= FISHER_RXC_EXACT_MAX_PAIRINGS:
        # permutation_test enumerates every pairing when there are no more than
        # n_resamples of them, which makes the p-value exact.
        method = stats.PermutationMethod(n_resamples=FISHER_RXC_EXACT_MAX_PAIRINGS)
        name = "fisher_exact"
    else:
        method = stats.MonteCarloMethod(
            n_resamples=FISHER_RXC_RESAMPLES, rng=np.random.default_rng(rng_seed)
        )
        name = "fisher_monte_carlo"
    # scipy sometimes returns the R×C p-value as a one-element array rather than a scalar.
    p_value = np.asarray(stats.fisher_exact(cells, method=method).pvalue).reshape(-1)[0]
    return AssociationTest(None, min(float(p_value), 1.0), None, name, n, min_expected)


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


# --------------------------------------------------------------------------- multiplicity


def benjamini_hochberg(
    p_values: Sequence[float | None], alpha: float = 0.05
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Benjamini–Hochberg adjusted p-values (q-values) and which hypotheses are rejected.

    Controls the false discovery rate at ``alpha`` across the many comparisons a report
    makes (Benjamini & Hochberg 1995, JRSS B 57:289–300), via statsmodels
    ``multipletests(method="fdr_bh")``. None (or NaN) entries, tests that could not be done,
    are left out of the adjustment and come back as NaN / not rejected.

    Returns
    -------
    q_values, rejected
        Arrays in the order of ``p_values``.
    """
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must lie strictly between 0 and 1, got {alpha!r}")
    raw = np.array([np.nan if p is None else float(p) for p in p_values], dtype=np.float64)
    present = ~np.isnan(raw)
    if np.any((raw[present] < 0.0) | (raw[present] > 1.0)):
        raise ValueError("p-values must lie in [0, 1]")
    q_values = np.full(raw.shape, np.nan, dtype=np.float64)
    rejected = np.zeros(raw.shape, dtype=np.bool_)
    if np.any(present):
        reject, adjusted, _, _ = multipletests(raw[present], alpha=alpha, method="fdr_bh")
        q_values[present] = adjusted
        rejected[present] = reject
    return q_values, rejected


# --------------------------------------------------------------------------- paired data


@dataclass(frozen=True)
class PairedTest:
    """A before/after test on the same people.

    ``improved``, ``unchanged`` and ``worse`` count the pairs; ``n`` is their sum. The
    statistic is min(b, c) for ``mcnemar_exact``, X² for ``mcnemar_chi2`` and the smaller
    of the two signed-rank sums for ``wilcoxon_signed_rank``.
    """

    statistic: float | None
    p_value: float | None
    method: str
    n: int
    improved: int
    unchanged: int
    worse: int


def mcnemar_test(improved: int, worse: int, unchanged: int = 0) -> PairedTest:
    """McNemar's test for a yes/no outcome measured before and after.

    Only the discordant pairs carry information: ``improved`` (b, 0 → 1) and ``worse``
    (c, 1 → 0). With fewer than 25 of them the exact binomial test of b against
    Bin(b + c, 1/2) is used, otherwise the X² statistic ``(|b − c| − 1)² / (b + c)`` with
    continuity correction (statsmodels ``mcnemar``). No discordant pairs gives p = 1.0.
    """
    b, c = _count(improved, "improved"), _count(worse, "worse")
    unchanged = _count(unchanged, "unchanged")
    n = b + c + unchanged
    if b + c == 0:
        return PairedTest(0.0, 1.0, "mcnemar_exact", n, b, unchanged, c)
    # Only the off-diagonal cells enter the test; the diagonal is a placeholder.
    table = np.array([[0, b], [c, 0]])
    exact = b + c < MCNEMAR_EXACT_BELOW
    result = mcnemar(table, exact=exact, correction=True)
    method = "mcnemar_exact" if exact else "mcnemar_chi2"
    return PairedTest(
        float(result.statistic), min(float(result.pvalue), 1.0), method, n, b, unchanged, c
    )


# scipy.stats.wilcoxon(method="auto") switches from the full permutation distribution to the
# normal approximation above this many differences when there are ties.
WILCOXON_PERMUTATION_MAX = 13


def _signed_rank(nonzero: npt.NDArray[np.float64]) -> tuple[float, float]:
    """``scipy.stats.wilcoxon(nonzero)``, two-sided, with its slow path made fast.

    With ties and at most 13 differences scipy computes the exact sign-flip permutation
    p-value but re-ranks for each of the 2ⁿ sign patterns, one at a time (over a second for
    n = 13). The ranks of ``|d|`` do not change when signs flip, so the same
    ``permutation_test`` is run here with a vectorised statistic; the result is identical.
    """
    ranks = stats.rankdata(np.abs(nonzero))
    tied = np.unique(ranks).size < ranks.size
    if not tied or nonzero.size > WILCOXON_PERMUTATION_MAX:
        result = stats.wilcoxon(nonzero, zero_method="wilcox", method="auto")
        return float(result.statistic), min(float(result.pvalue), 1.0)

    def positive_rank_sum(
        signed: npt.NDArray[np.float64], axis: int = -1
    ) -> npt.NDArray[np.float64]:
        return np.asarray(np.sum(ranks * (signed > 0), axis=axis), dtype=np.float64)

    permuted = stats.permutation_test(
        (nonzero,),
        positive_rank_sum,
        permutation_type="samples",
        vectorized=True,
        # At least 2ⁿ resamples: every sign pattern is enumerated, so the p-value is exact.
        n_resamples=2**WILCOXON_PERMUTATION_MAX,
        alternative="two-sided",
        axis=-1,
    )
    positive = float(np.sum(ranks[nonzero > 0]))
    statistic = min(positive, float(np.sum(ranks)) - positive)
    return statistic, min(float(permuted.pvalue), 1.0)


def paired_ordinal_test(before: ArrayLike, after: ArrayLike) -> PairedTest:
    """Wilcoxon signed-rank test for an ordinal scale measured before and after.

    Pairs with a missing value are dropped; ``after > before`` counts as improved. Zero
    differences (unchanged pairs) are removed before ranking (``zero_method="wilcox"``:
    Wilcoxon's own procedure, also R's ``wilcox.test`` and the textbook version, so the
    statistic is the familiar one; Pratt's alternative ranks the zeros too and is rarely
    reported). They are still counted in ``unchanged``. The p-value is that of
    ``scipy.stats.wilcoxon`` on the non-zero differences with ``method="auto"``: exact for up
    to 50 untied differences, the exact permutation (sign-flip) p-value for up to 13
    differences with ties (the usual case on an ordinal scale; R would use the normal
    approximation here), and the tie-corrected normal approximation beyond that. When no
    pair changed, p is 1.0.
    """
    first = np.asarray(before, dtype=np.float64).ravel()
    second = np.asarray(after, dtype=np.float64).ravel()
    if first.shape != second.shape:
        raise ValueError(f"before and after differ in length: {first.size} != {second.size}")
    keep = ~(np.isnan(first) | np.isnan(second))
    change = second[keep] - first[keep]
    if np.any(np.isinf(change)):
        raise ValueError("values must be finite or NaN")
    improved = int(np.sum(change > 0))
    worse = int(np.sum(change < 0))
    unchanged = int(np.sum(change == 0))
    n = improved + unchanged + worse
    if n == 0:
        return PairedTest(None, None, NOT_TESTABLE, 0, 0, 0, 0)
    if improved + worse == 0:
        return PairedTest(0.0, 1.0, "wilcoxon_signed_rank", n, improved, unchanged, worse)
    nonzero = change[change != 0]
    statistic, p_value = _signed_rank(nonzero)
    return PairedTest(
        statistic,
        p_value,
        "wilcoxon_signed_rank",
        n,
        improved,
        unchanged,
        worse,
    )


# --------------------------------------------------------------------------- many at once
# A step-1 analysis needs tens of thousands of intervals; one scalar statsmodels call costs
# ~0.2 ms, so tables compute theirs in one array call each. Same methods, same numbers (the
# tests check these against the scalar functions above).


def shares(k: npt.ArrayLike, n: npt.ArrayLike, confidence: float = 0.95) -> list[Share | None]:
    """:func:`share` for many (k, n) pairs at once; None where ``n`` is 0."""
    k_arr, n_arr = np.asarray(k, dtype=np.int64), np.asarray(n, dtype=np.int64)
    estimate, low, high = _wilson_arrays(k_arr, n_arr, confidence)
    return [
        Share(int(ki), int(ni), float(e), float(lo), float(hi), confidence=confidence)
        if ni > 0
        else None
        for ki, ni, e, lo, hi in zip(k_arr, n_arr, estimate, low, high, strict=True)
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
    d = p1 - p2
    low = np.clip(np.minimum(d - np.hypot(p1 - l1, u2 - p2), d), -1.0, 1.0)
    high = np.clip(np.maximum(d + np.hypot(u1 - p1, p2 - l2), d), -1.0, 1.0)
    result = []
    for i in range(len(d)):
        first = Share(
            int(a[0][i]),
            int(a[1][i]),
            float(p1[i]),
            float(l1[i]),
            float(u1[i]),
            confidence=confidence,
        )
        second = Share(
            int(a[2][i]),
            int(a[3][i]),
            float(p2[i]),
            float(l2[i]),
            float(u2[i]),
            confidence=confidence,
        )
        if a[1][i] == 0 or a[3][i] == 0:
            result.append(
                difference(int(a[0][i]), int(a[1][i]), int(a[2][i]), int(a[3][i]), confidence)
            )
        else:
            result.append(
                Difference(
                    first, second, float(d[i]), float(low[i]), float(high[i]), confidence=confidence
                )
            )
    return result


def two_by_two_tests(
    k1: npt.ArrayLike, n1: npt.ArrayLike, k2: npt.ArrayLike, n2: npt.ArrayLike
) -> list[AssociationTest]:
    """:func:`association_test` for many 2×2 tables ``[[k1, n1−k1], [k2, n2−k2]]``: Pearson's
    X² in closed form where every expected count is at least 5, Fisher's exact test elsewhere."""
    k1a, n1a, k2a, n2a = (np.asarray(x, dtype=np.float64) for x in (k1, n1, k2, n2))
    n = n1a + n2a
    cols = k1a + k2a
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.stack(
            [n1a * cols / n, n1a * (n - cols) / n, n2a * cols / n, n2a * (n - cols) / n]
        )
        min_expected = expected.min(axis=0)
        statistic = (
            n * (k1a * (n2a - k2a) - k2a * (n1a - k1a)) ** 2 / (n1a * n2a * cols * (n - cols))
        )
    p_values = chi2.sf(statistic, 1)
    results = []
    for i in range(len(n)):
        if min_expected[i] >= 5.0:
            results.append(
                AssociationTest(
                    float(statistic[i]),
                    float(p_values[i]),
                    1,
                    "pearson_chi2",
                    int(n[i]),
                    float(min_expected[i]),
                )
            )
        else:
            table = np.array([[k1a[i], n1a[i] - k1a[i]], [k2a[i], n2a[i] - k2a[i]]], dtype=np.int64)
            results.append(association_test(table))
    return results
