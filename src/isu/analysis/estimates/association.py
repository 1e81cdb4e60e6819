"""Tests of association in tables of counts: Pearson chi-square or Fisher exact."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special, stats
from scipy.stats import chi2
from scipy.stats.contingency import expected_freq

from isu.analysis.estimates._common import (
    FISHER_RXC_EXACT_MAX_PAIRINGS,
    FISHER_RXC_RESAMPLES,
    NOT_TESTABLE,
)

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
        statistic, p_value, dof = _pearson_chi2(cells, expected)
        return AssociationTest(statistic, p_value, dof, "pearson_chi2", n, min_expected)
    if cells.shape == (2, 2):
        p_value = stats.fisher_exact(cells, alternative="two-sided").pvalue
        return AssociationTest(None, float(p_value), None, "fisher_exact", n, min_expected)
    if math.factorial(n) <= FISHER_RXC_EXACT_MAX_PAIRINGS:
        # permutation_test enumerates every pairing when there are no more than
        # n_resamples of them, which makes the p-value exact.
        method = stats.PermutationMethod(n_resamples=FISHER_RXC_EXACT_MAX_PAIRINGS)
        # scipy sometimes returns the R×C p-value as a one-element array, not a scalar.
        p_value = np.asarray(stats.fisher_exact(cells, method=method).pvalue).reshape(-1)[0]
        return AssociationTest(None, float(p_value), None, "fisher_exact", n, min_expected)
    p_value = _fisher_monte_carlo(cells, np.random.default_rng(rng_seed))
    return AssociationTest(None, min(p_value, 1.0), None, "fisher_monte_carlo", n, min_expected)


def _fisher_monte_carlo(cells: npt.NDArray[np.int64], rng: np.random.Generator) -> float:
    """Fisher's R×C test by Monte Carlo: what ``stats.fisher_exact(cells,
    method=MonteCarloMethod(...))`` computes, through the same ``random_table`` and
    ``monte_carlo_test``.

    scipy (1.17) tells one table from a batch of simulated tables by comparing the array's
    size with the table's total, so a table whose total reaches resamples × cells (60,000 for
    a 3 × 2 table) fails with "cannot reshape". Here the statistic knows which it got by its
    number of dimensions. Same random draws, same p-value where scipy's works (tested).
    """
    shape = cells.shape
    null = stats.random_table(cells.sum(axis=1), cells.sum(axis=0), seed=rng)

    def resample(size: tuple[int, ...]) -> npt.NDArray[np.int64]:
        return np.asarray(null.rvs(size=size[0])).reshape(size)

    def probability(tables: npt.NDArray[np.int64], axis: int) -> npt.NDArray[np.float64]:
        if tables.ndim == 1:  # the observed table
            return np.asarray(null.pmf(tables.reshape(shape)))
        return np.asarray(null.pmf(tables.reshape((-1, *shape))))

    # Tables with a smaller probability under independence are the more extreme ones.
    result = stats.monte_carlo_test(
        cells.ravel(), resample, probability, n_resamples=FISHER_RXC_RESAMPLES, alternative="less"
    )
    return float(np.asarray(result.pvalue).reshape(-1)[0])


def _pearson_chi2(
    cells: npt.NDArray[np.int64], expected: npt.NDArray[np.float64]
) -> tuple[float, float, int]:
    """Pearson's X², its p-value and degrees of freedom: what
    ``scipy.stats.chi2_contingency(cells, correction=False)`` computes, by the same operations
    in the same order (so the same bits, as the tests check), without its argument handling,
    which cost more than the test itself over the hundreds of tables of a step-1 analysis."""
    dof = expected.size - sum(expected.shape) + expected.ndim - 1
    observed = cells.astype(np.float64).ravel()
    statistic = (((observed - expected.ravel()) ** 2) / expected.ravel()).sum()
    return float(statistic), float(special.chdtrc(float(dof), statistic)), int(dof)


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
