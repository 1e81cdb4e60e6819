"""Paired before/after tests: McNemar for yes/no, Wilcoxon signed-rank for scales."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numpy.typing import ArrayLike
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar

from isu.analysis.estimates._common import MCNEMAR_EXACT_BELOW, NOT_TESTABLE, _count

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
    # Only the discordant (off-diagonal) cells enter the test, so the diagonal may be zero.
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
