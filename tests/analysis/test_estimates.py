"""Estimates, intervals and tests checked against published figures and independent computations.

Each test names its source. Published figures are compared at the precision they were printed
(4 decimals unless stated); everything else is compared with scipy/statsmodels directly or with
a computation written out here from first principles.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.weightstats import DescrStatsW

from isu.analysis.estimates import (
    AssociationTest,
    Difference,
    NumericSummary,
    PairedTest,
    RankTest,
    Share,
    association_test,
    benjamini_hochberg,
    difference,
    mcnemar_test,
    numeric_summary,
    paired_ordinal_test,
    rank_test,
    share,
    summary_from_moments,
)
from isu.analysis.estimates._common import FISHER_RXC_RESAMPLES

# --------------------------------------------------------------------------- Wilson


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe_1998_table_i(k, n, low, high):
    """Newcombe R.G. (1998) Two-sided confidence intervals for the single proportion:
    comparison of seven methods. Stat Med 17:857–872, Table I, method 3 (score, no CC)."""
    result = share(k, n)
    assert result.estimate == pytest.approx(k / n)
    assert round(result.low, 4) == low
    assert round(result.high, 4) == high
    assert (result.method, result.confidence, result.k, result.n) == ("wilson", 0.95, k, n)


def test_share_edge_cases():
    assert share(0, 0) == Share(0, 0, None, None, None)
    full = share(7, 7)
    assert (full.estimate, full.high) == (1.0, 1.0)
    assert 0.0 < full.low < 1.0
    empty = share(0, 7)
    assert (empty.estimate, empty.low) == (0.0, 0.0)
    assert 0.0 < empty.high < 1.0


def test_share_rejects_impossible_counts():
    with pytest.raises(ValueError):
        share(3, 2)
    with pytest.raises(ValueError):
        share(-1, 2)
    with pytest.raises(ValueError):
        share(1, 2, confidence=1.0)
    with pytest.raises(TypeError):
        share(1.0, 2)  # type: ignore[arg-type]


def test_wider_interval_at_higher_confidence():
    assert share(5, 20, 0.99).low < share(5, 20, 0.95).low < share(5, 20, 0.80).low


def test_results_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        share(1, 2).k = 2  # type: ignore[misc]


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(1, 1000),
    data=st.data(),
    confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_wilson_interval_contains_estimate_and_lies_in_unit_interval(n, data, confidence):
    k = data.draw(st.integers(0, n))
    result = share(k, n, confidence)
    assert 0.0 <= result.low <= result.estimate <= result.high <= 1.0


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 300), confidence=st.sampled_from([0.9, 0.95, 0.99]))
def test_wilson_bounds_are_non_decreasing_in_k(n, confidence):
    results = [share(k, n, confidence) for k in range(n + 1)]
    lows = np.array([r.low for r in results])
    highs = np.array([r.high for r in results])
    assert np.all(np.diff(lows) >= 0.0)
    assert np.all(np.diff(highs) >= 0.0)


# --------------------------------------------------------------------------- Newcombe


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2", "low", "high"),
    [
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        # The brief quoted 0.0531 to 0.8239 for this example; method 10 as defined in the
        # paper (and statsmodels, and the R package contingencytables) gives 0.0582 to 0.8062,
        # which is also the figure printed in Table II as far as we can tell.
        (6, 7, 2, 7, 0.0582, 0.8062),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
        (10, 10, 0, 20, 0.6791, 1.0000),
    ],
)
def test_newcombe_matches_1998_table_ii_method_10(k1, n1, k2, n2, low, high):
    """Newcombe R.G. (1998) Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Stat Med 17:873–890, Table II, method 10."""
    result = difference(k1, n1, k2, n2)
    assert result.estimate == pytest.approx(k1 / n1 - k2 / n2)
    assert round(result.low, 4) == pytest.approx(low, abs=1e-12)
    assert round(result.high, 4) == pytest.approx(high, abs=1e-12)
    assert result.method == "newcombe_hybrid_score"
    assert result.n == n1 + n2


def _newcombe_by_hand(k1, n1, k2, n2, confidence=0.95):
    """Method 10 written out from the paper: the square-root combination of Wilson limits."""
    z = scipy.stats.norm.ppf(0.5 + confidence / 2)

    def wilson(k, n):
        p = k / n
        centre, spread = 2 * n * p + z * z, z * math.sqrt(z * z + 4 * n * p * (1 - p))
        return p, (centre - spread) / (2 * (n + z * z)), (centre + spread) / (2 * (n + z * z))

    p1, l1, u1 = wilson(k1, n1)
    p2, l2, u2 = wilson(k2, n2)
    d = p1 - p2
    return d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2)


counts = st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@settings(max_examples=300, deadline=None)
@given(first=counts, second=counts, confidence=st.sampled_from([0.9, 0.95, 0.99]))
def test_newcombe_interval_properties(first, second, confidence):
    (k1, n1), (k2, n2) = first, second
    result = difference(k1, n1, k2, n2, confidence)
    assert -1.0 <= result.low <= result.estimate <= result.high <= 1.0
    low, high = _newcombe_by_hand(k1, n1, k2, n2, confidence)
    assert result.low == pytest.approx(max(low, -1.0), abs=1e-9)
    assert result.high == pytest.approx(min(high, 1.0), abs=1e-9)
    swapped = difference(k2, n2, k1, n1, confidence)
    assert swapped.estimate == pytest.approx(-result.estimate, abs=1e-12)
    assert swapped.low == pytest.approx(-result.high, abs=1e-12)
    assert swapped.high == pytest.approx(-result.low, abs=1e-12)
    assert result.spans_zero == (result.low <= 0.0 <= result.high)


def test_difference_with_an_empty_group_is_undefined():
    result = difference(3, 10, 0, 0)
    assert (result.estimate, result.low, result.high) == (None, None, None)
    assert result.spans_zero
    assert result.first == share(3, 10)
    assert result.second == Share(0, 0, None, None, None)


def test_spans_zero():
    assert not difference(56, 70, 48, 80).spans_zero
    assert difference(5, 56, 0, 29).spans_zero
    assert Difference(share(1, 2), share(1, 2), 0.0, 0.0, 0.5).spans_zero


# --------------------------------------------------------------------------- tables


def test_lady_tasting_tea_uses_fisher():
    """Fisher R.A. (1935) The Design of Experiments, ch. II: 8 cups, 4 with milk first, all
    but one pair identified: two-sided p = 0.4857 (one-sided 0.2429 = 17/70)."""
    table = np.array([[3, 1], [1, 3]])
    result = association_test(table)
    assert result.method == "fisher_exact"
    assert result.min_expected == 2.0
    assert round(result.p_value, 4) == 0.4857
    assert (result.statistic, result.df, result.n) == (None, None, 8)
    one_sided = scipy.stats.fisher_exact(table, alternative="greater").pvalue
    assert round(one_sided, 4) == 0.2429
    assert one_sided == pytest.approx(17 / 70)


def test_party_identification_by_gender_chi_square():
    """Agresti A. (2007) An Introduction to Categorical Data Analysis, 2nd ed., Table 2.5
    (GSS 2000, party identification by gender; Democrat/Independent/Republican):
    females 762/327/468, males 484/239/477; X² = 30.1 (and G² = 30.0), df = 2.

    The brief quoted the counts 495/272/590 and 330/265/498 for this table; those give
    X² = 12.57, not 30.1, so the figure cannot belong to them."""
    result = association_test(np.array([[762, 327, 468], [484, 239, 477]]))
    assert result.method == "pearson_chi2"
    assert round(result.statistic, 1) == 30.1
    assert result.df == 2
    assert result.p_value < 0.001
    assert result.n == 2757
    g2 = scipy.stats.chi2_contingency(
        [[762, 327, 468], [484, 239, 477]], correction=False, lambda_="log-likelihood"
    ).statistic
    assert round(g2, 1) == 30.0


def test_chi_square_has_no_continuity_correction():
    table = np.array([[30, 10], [15, 25]])
    result = association_test(table)
    expected = scipy.stats.chi2_contingency(table, correction=False)
    assert result.method == "pearson_chi2"
    assert result.statistic == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.df == 1


@settings(max_examples=200, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda rows: st.lists(
            st.lists(st.integers(5, 100_000), min_size=rows, max_size=rows), min_size=2, max_size=6
        )
    )
)
def test_chi_square_is_scipys_to_the_last_bit(rows):
    """The chi-square is computed without scipy's wrapper; it must be the same float."""
    table = np.array(rows, dtype=np.int64).T
    assume(scipy.stats.contingency.expected_freq(table).min() >= 5)  # X² by Cochran's rule
    result = association_test(table)
    expected = scipy.stats.chi2_contingency(table, correction=False)
    assert result.method == "pearson_chi2"
    assert result.statistic == float(expected.statistic)
    assert result.p_value == float(expected.pvalue)
    assert result.df == int(expected.dof)


def test_cochrans_rule():
    """Cochran W.G. (1954) Some methods for strengthening the common χ² tests. Biometrics
    10:417–451: X² when no expected count is below 1 and at most 20 % are below 5."""
    # Every expected count exactly 5: X².
    assert association_test(np.array([[5, 5], [5, 5]])).method == "pearson_chi2"
    # 2×2 with one expected count of 4.6: 25 % of cells, so Fisher.
    small = association_test(np.array([[10, 3], [10, 8]]))
    assert small.method == "fisher_exact"
    assert small.min_expected == pytest.approx(13 * 11 / 31)
    assert small.p_value == pytest.approx(scipy.stats.fisher_exact([[10, 3], [10, 8]]).pvalue)
    # 3×3 with a single expected count of 1.29 (1 of 9 cells = 11 %): X² is adequate.
    table = np.array([[22, 23, 5], [23, 22, 5], [5, 5, 2]])
    result = association_test(table)
    assert result.min_expected == pytest.approx(12 * 12 / 112)
    assert result.method == "pearson_chi2"
    assert result.df == 4
    # 2×3 with two cells of expected count 2 (33 %): Fisher–Freeman–Halton.
    assert association_test(np.array([[10, 10, 2], [10, 10, 2]])).method == "fisher_monte_carlo"
    # An expected count below 1 rules X² out however large the rest of the table is.
    big = np.array([[100, 100, 1], [100, 100, 0], [100, 100, 0], [100, 100, 0], [100, 100, 0]])
    assert association_test(big).method == "fisher_monte_carlo"


def _fisher_freeman_halton_2xc(table):
    """Exact p-value for a 2×c table by listing every table with the same margins."""
    table = np.asarray(table)
    columns, first_row, n = table.sum(axis=0), int(table[0].sum()), int(table.sum())

    def probability(row):
        return math.prod(math.comb(int(c), x) for c, x in zip(columns, row, strict=True)) / (
            math.comb(n, first_row)
        )

    observed = probability(table[0])
    total = 0.0
    for row in itertools.product(*(range(int(c) + 1) for c in columns)):
        if sum(row) == first_row and probability(row) <= observed * (1 + 1e-7):
            total += probability(row)
    return total


@pytest.mark.parametrize("table", [[[2, 1, 0], [0, 1, 2]], [[3, 0, 1], [0, 1, 1]]])
def test_tiny_rxc_table_is_exact(table):
    result = association_test(np.array(table))
    assert result.method == "fisher_exact"
    assert result.p_value == pytest.approx(_fisher_freeman_halton_2xc(table))


@pytest.mark.parametrize(
    "table",
    [[[3, 0, 1], [0, 2, 1]], [[10, 10, 2], [10, 10, 2]], [[8, 2, 0, 1], [2, 6, 3, 0]]],
)
def test_rxc_monte_carlo_is_close_to_the_exact_value(table):
    result = association_test(np.array(table))
    assert result.method == "fisher_monte_carlo"
    # 9999 draws: standard error at most 0.005.
    assert result.p_value == pytest.approx(_fisher_freeman_halton_2xc(table), abs=0.02)


def test_rxc_fisher_monte_carlo_matches_published_and_is_reproducible():
    """Agresti A. (2002) Categorical Data Analysis, 2nd ed., p. 57, job satisfaction by
    income (the example of R's ``fisher.test``): Fisher–Freeman–Halton p = 0.7827."""
    job = np.array([[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]]).T
    result = association_test(job)
    assert result.method == "fisher_monte_carlo"
    # 9999 draws: Monte Carlo standard error about 0.004.
    assert result.p_value == pytest.approx(0.7827, abs=0.02)
    assert association_test(job) == result
    assert association_test(job, rng_seed=1).p_value != result.p_value


def test_all_zero_rows_and_columns_are_dropped():
    with_zeros = np.array([[30, 0, 10], [0, 0, 0], [15, 0, 25]])
    assert association_test(with_zeros) == association_test(np.array([[30, 10], [15, 25]]))


@pytest.mark.parametrize(
    "table",
    [
        [[0, 0], [0, 0]],
        [[5, 7]],
        [[5, 0], [7, 0]],
        [[5, 0, 0], [0, 0, 0]],
        np.zeros((0, 3)),
    ],
)
def test_untestable_tables(table):
    result = association_test(np.array(table))
    assert result == AssociationTest(None, None, None, "not_testable", int(np.sum(table)), None)


def test_table_validation():
    with pytest.raises(ValueError):
        association_test(np.array([1, 2, 3]))
    with pytest.raises(ValueError):
        association_test(np.array([[1, -2], [3, 4]]))
    with pytest.raises(ValueError):
        association_test(np.array([[1.5, 2], [3, 4]]))


# --------------------------------------------------------------------------- numbers


def test_mean_interval_agrees_with_statsmodels():
    values = [3.0, 7.5, 1.0, 12.0, 4.0, 4.0, 9.0, np.nan]
    result = numeric_summary(values)
    low, high = DescrStatsW(np.array(values[:-1])).tconfint_mean(alpha=0.05)
    assert result.n == 7
    assert result.mean == pytest.approx(np.mean(values[:-1]))
    assert result.std == pytest.approx(np.std(values[:-1], ddof=1))
    assert (result.mean_low, result.mean_high) == pytest.approx((low, high))
    assert (result.mean_method, result.median_method) == ("t", "binomial_order_statistic")


def _median_ranks(n, confidence=0.95):
    """1-based ranks (r, n + 1 − r) of the order-statistic interval for the median.

    r is the largest rank with P(Bin(n, 1/2) <= r − 1) <= (1 − confidence)/2, so each tail
    holds at most half the error rate; None when even r = 1 fails (n too small)."""
    alpha = 1 - confidence
    r = 0
    while r + 1 <= n and scipy.stats.binom.cdf(r, n, 0.5) <= alpha / 2:
        r += 1
    return None if r == 0 else (r, n + 1 - r)


def test_median_interval_for_twenty_is_sixth_to_fifteenth_value():
    """Campbell M.J., Gardner M.J. (1988) Calculating confidence intervals for some
    non-parametric analyses. BMJ 296:1454–1456: for n = 20 the 95 % interval for the median
    runs from the 6th to the 15th smallest value (ranks n/2 − 1.96·√n/2 and
    1 + n/2 + 1.96·√n/2, rounded; the exact binomial ranks agree)."""
    values = np.random.default_rng(5).permutation(np.arange(1.0, 21.0) ** 2)
    result = numeric_summary(values)
    assert (result.median_low, result.median_high) == (6.0**2, 15.0**2)
    assert result.median == (10.0**2 + 11.0**2) / 2
    assert _median_ranks(20) == (6, 15)


@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
@pytest.mark.parametrize("n", [*range(1, 41), 57, 100, 301])
def test_median_interval_matches_binomial_order_statistics(n, confidence):
    values = np.random.default_rng(n).normal(size=n)
    result = numeric_summary(values, confidence)
    ranks = _median_ranks(n, confidence)
    ordered = np.sort(values)
    if ranks is None:
        assert (result.median_low, result.median_high) == (None, None)
    else:
        assert (result.median_low, result.median_high) == (
            ordered[ranks[0] - 1],
            ordered[ranks[1] - 1],
        )


def test_numeric_summary_edge_cases():
    empty = NumericSummary(0, None, None, None, None, None, None, None)
    assert numeric_summary([]) == empty
    assert numeric_summary([np.nan, np.nan]) == empty
    single = numeric_summary([4.0])
    assert (single.n, single.mean, single.median, single.std) == (1, 4.0, 4.0, None)
    assert (single.mean_low, single.mean_high, single.median_low) == (None, None, None)
    constant = numeric_summary([2.0] * 12)
    assert (constant.mean, constant.mean_low, constant.mean_high, constant.std) == (2, 2, 2, 0)
    assert (constant.median_low, constant.median_high) == (2.0, 2.0)
    with pytest.raises(ValueError):
        numeric_summary([1.0, np.inf])


def test_summary_from_moments_edge_cases():
    assert summary_from_moments(0, 0.0, 0.0) == NumericSummary(
        0, None, None, None, None, None, None, None
    )
    single = summary_from_moments(1, 5.0, 25.0)
    assert (single.mean, single.std, single.mean_low, single.mean_high) == (5.0, None, None, None)
    constant = summary_from_moments(3, 0.3, 0.03)  # 0.1 three times; rounding may go negative
    assert constant.std == 0.0
    assert constant.mean_low == constant.mean == constant.mean_high
    assert constant.median is None
    # A constant 133.58 leaves a rounding residue in Σx² − (Σx)²/n; it must not become spread.
    values = np.full(3, 133.58)
    residue = summary_from_moments(3, float(values.sum()), float((values * values).sum()))
    assert residue.std == 0.0
    with pytest.raises(ValueError):
        summary_from_moments(2, 1.0, -1.0)
    with pytest.raises(ValueError):
        summary_from_moments(2, np.nan, 1.0)


amounts = st.lists(st.integers(-100_000, 100_000).map(lambda v: v / 100), min_size=0, max_size=60)


@settings(max_examples=300, deadline=None)
@given(values=amounts, confidence=st.sampled_from([0.9, 0.95, 0.99]))
def test_summary_from_moments_agrees_with_numeric_summary(values, confidence):
    data = np.array(values, dtype=np.float64)
    direct = numeric_summary(data, confidence)
    pooled = summary_from_moments(
        len(values), float(np.sum(data)), float(np.sum(data * data)), confidence
    )
    assert pooled.n == direct.n
    for name in ("mean", "mean_low", "mean_high", "std"):
        expected, got = getattr(direct, name), getattr(pooled, name)
        if expected is None:
            assert got is None
        else:
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-5)
    if direct.mean is not None and direct.mean_low is not None:
        assert direct.mean_low <= direct.mean <= direct.mean_high


# --------------------------------------------------------------------------- rank tests


def test_mann_whitney_hollander_wolfe():
    """Hollander M., Wolfe D.A. (1973) Nonparametric Statistical Methods, p. 69
    (permeability constants; the example of R's ``wilcox.test``): W = 35, exact two-sided
    p = 0.2544 (one-sided 0.1272)."""
    x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]
    y = [1.15, 0.88, 0.90, 0.74, 1.21]
    result = rank_test([x, y])
    assert result == RankTest(35.0, pytest.approx(0.2544, abs=5e-5), "mann_whitney_u", 15, 2)
    direct = scipy.stats.mannwhitneyu(x, y, alternative="two-sided")
    assert result.p_value == pytest.approx(direct.pvalue)


def test_kruskal_wallis_hollander_wolfe():
    """Hollander M., Wolfe D.A. (1973) Nonparametric Statistical Methods, p. 116
    (mucociliary efficiency; the example of R's ``kruskal.test``): H = 0.7714, df 2, p = 0.68."""
    groups = [[2.9, 3.0, 2.5, 2.6, 3.2], [3.8, 2.7, 4.0, 2.4], [2.8, 3.4, 3.7, 2.2, 2.0]]
    result = rank_test(groups)
    assert (result.method, result.n, result.groups) == ("kruskal_wallis", 14, 3)
    assert round(result.statistic, 4) == 0.7714
    assert round(result.p_value, 2) == 0.68


def test_rank_test_with_ties_agrees_with_scipy():
    girls = [1, 2, 2, 3, 3, 3, 4, 4, 5, np.nan]
    boys = [2, 3, 4, 4, 4, 5, 5, 5]
    result = rank_test([girls, boys, []])
    direct = scipy.stats.mannwhitneyu(girls[:-1], boys, alternative="two-sided")
    assert (result.method, result.n, result.groups) == ("mann_whitney_u", 17, 2)
    assert result.statistic == pytest.approx(direct.statistic)
    assert result.p_value == pytest.approx(direct.pvalue)
    three = rank_test([girls, boys, [1, 1, 2]])
    assert three.p_value == pytest.approx(scipy.stats.kruskal(girls[:-1], boys, [1, 1, 2]).pvalue)


def test_rank_test_edge_cases():
    assert rank_test([]) == RankTest(None, None, "not_testable", 0, 0)
    assert rank_test([[1.0, 2.0], [], [np.nan]]) == RankTest(None, None, "not_testable", 2, 1)
    assert rank_test([[3, 3], [3, 3, 3]]) == RankTest(3.0, 1.0, "mann_whitney_u", 5, 2)
    assert rank_test([[3], [3, 3], [3]]) == RankTest(0.0, 1.0, "kruskal_wallis", 4, 3)
    assert rank_test([[1], [2]]).p_value == 1.0


# --------------------------------------------------------------------------- BH


BH_1995 = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
    0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000,
]  # fmt: skip


def test_benjamini_hochberg_1995_example():
    """Benjamini Y., Hochberg Y. (1995) Controlling the false discovery rate. JRSS B
    57:289–300, section 4: of these 15 p-values, the four smallest are rejected at q = 0.05."""
    q_values, rejected = benjamini_hochberg(BH_1995, alpha=0.05)
    assert rejected.tolist() == [True] * 4 + [False] * 11
    assert q_values[3] == pytest.approx(0.0095 * 15 / 4)
    # With a missing test in the middle the others are unchanged.
    q_gap, rejected_gap = benjamini_hochberg([*BH_1995[:5], None, *BH_1995[5:]])
    assert np.isnan(q_gap[5]) and not rejected_gap[5]
    assert np.delete(q_gap, 5) == pytest.approx(q_values)


def test_benjamini_hochberg_edge_cases():
    q_values, rejected = benjamini_hochberg([])
    assert q_values.shape == rejected.shape == (0,)
    q_values, rejected = benjamini_hochberg([None, None])
    assert np.all(np.isnan(q_values)) and not rejected.any()
    with pytest.raises(ValueError):
        benjamini_hochberg([0.5, 1.5])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.floats(0.0, 1.0, allow_nan=False)), min_size=1, max_size=40)
)
def test_benjamini_hochberg_properties(p_values):
    q_values, rejected = benjamini_hochberg(p_values)
    present = np.array([p is not None for p in p_values])
    assert np.all(np.isnan(q_values[~present])) and not rejected[~present].any()
    p = np.array([v for v in p_values if v is not None])
    q = q_values[present]
    assert np.all(q >= p) and np.all(q <= 1.0)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(q[order]) >= 0.0)
    assert np.array_equal(rejected[present], q <= 0.05)


# --------------------------------------------------------------------------- paired


def test_mcnemar_presidential_approval():
    """Agresti A. (2007) An Introduction to Categorical Data Analysis, 2nd ed., Table 8.1:
    approval of the President in two surveys, 794 / 150 / 86 / 570. Agresti gives
    z = −4.17, z² = 17.36 without continuity correction, P < 0.001."""
    result = mcnemar_test(improved=86, worse=150, unchanged=794 + 570)
    direct = mcnemar(np.array([[794, 86], [150, 570]]), exact=False, correction=True)
    assert result.method == "mcnemar_chi2"
    assert result.statistic == pytest.approx(direct.statistic)
    assert result.statistic == pytest.approx(63**2 / 236)  # (|b − c| − 1)² / (b + c)
    assert result.p_value == pytest.approx(direct.pvalue)
    assert result.p_value < 0.001
    assert (result.n, result.improved, result.unchanged, result.worse) == (1600, 86, 1364, 150)
    uncorrected = mcnemar(np.array([[794, 86], [150, 570]]), exact=False, correction=False)
    assert round(uncorrected.statistic, 2) == 17.36
    assert round((86 - 150) / math.sqrt(86 + 150), 2) == -4.17


def test_mcnemar_exact_is_a_binomial_test():
    result = mcnemar_test(improved=2, worse=9, unchanged=30)
    assert result == PairedTest(
        2.0, pytest.approx(scipy.stats.binomtest(2, 11, 0.5).pvalue), "mcnemar_exact", 41, 2, 30, 9
    )
    # 25 discordant pairs switch to the chi-square version.
    assert mcnemar_test(13, 12).method == "mcnemar_chi2"
    assert mcnemar_test(13, 12).p_value == pytest.approx(1.0)  # (|13 − 12| − 1)² = 0
    assert mcnemar_test(12, 12).method == "mcnemar_exact"
    assert mcnemar_test(12, 12).p_value == 1.0


def test_mcnemar_edge_cases():
    assert mcnemar_test(0, 0, 5) == PairedTest(0.0, 1.0, "mcnemar_exact", 5, 0, 5, 0)
    assert mcnemar_test(0, 0) == PairedTest(0.0, 1.0, "mcnemar_exact", 0, 0, 0, 0)
    assert mcnemar_test(1, 0).p_value == 1.0
    assert mcnemar_test(0, 6).p_value == pytest.approx(2 / 64)
    with pytest.raises(ValueError):
        mcnemar_test(-1, 3)


def test_wilcoxon_hollander_wolfe():
    """Hollander M., Wolfe D.A. (1973) Nonparametric Statistical Methods, p. 29f. (Hamilton
    depression scale at the first (x) and second (y) visit after starting a tranquilliser;
    the example of R's ``wilcox.test``): V = 40 for x − y, exact one-sided p = 0.01953, so
    the two-sided p is 0.0391."""
    x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
    y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    result = paired_ordinal_test(before=x, after=y)
    # Seven scores fell (lower is better on this scale, but the function only compares).
    assert (result.method, result.n, result.improved, result.unchanged, result.worse) == (
        "wilcoxon_signed_rank",
        9,
        2,
        0,
        7,
    )
    # scipy reports min(W+, W−) = min(5, 40).
    assert result.statistic == 5.0
    assert round(result.p_value, 4) == round(2 * 0.01953125, 4) == 0.0391


def test_paired_ordinal_codes_agree_with_scipy():
    before = [1, 2, 2, 3, 1, 2, 3, 4, 2, 1, 2, 3, 2, 2, np.nan, 3]
    after = [2, 3, 2, 4, 1, 3, 3, 4, 3, 2, 1, 4, 3, 4, 2, np.nan]
    result = paired_ordinal_test(before, after)
    assert (result.n, result.improved, result.unchanged, result.worse) == (14, 9, 4, 1)
    change = np.subtract(after[:14], before[:14])
    # The unchanged pairs are removed first, so scipy sees the 10 changed pairs and gives the
    # exact permutation p-value (with all 14 it would fall back to the normal approximation).
    direct = scipy.stats.wilcoxon(change[change != 0], zero_method="wilcox")
    assert result.statistic == pytest.approx(direct.statistic)
    assert result.p_value == pytest.approx(direct.pvalue)


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=16),
)
def test_paired_ordinal_p_value_is_scipys(pairs):
    """The vectorised permutation path must give exactly scipy's ``wilcoxon`` result."""
    before = np.array([b for b, _ in pairs], dtype=float)
    after = np.array([a for _, a in pairs], dtype=float)
    change = after - before
    result = paired_ordinal_test(before, after)
    if np.all(change == 0):
        assert (result.statistic, result.p_value) == (0.0, 1.0)
        return
    direct = scipy.stats.wilcoxon(change[change != 0], zero_method="wilcox")
    assert result.statistic == pytest.approx(direct.statistic)
    assert result.p_value == pytest.approx(direct.pvalue, rel=1e-12)


def test_paired_ordinal_edge_cases():
    unchanged = paired_ordinal_test([1, 2, 3], [1, 2, 3])
    assert unchanged == PairedTest(0.0, 1.0, "wilcoxon_signed_rank", 3, 0, 3, 0)
    assert paired_ordinal_test([], []) == PairedTest(None, None, "not_testable", 0, 0, 0, 0)
    assert paired_ordinal_test([np.nan, 1], [2, np.nan]).method == "not_testable"
    one = paired_ordinal_test([1, 2, 2], [2, 2, 2])
    assert (one.p_value, one.improved, one.unchanged) == (1.0, 1, 2)
    with pytest.raises(ValueError):
        paired_ordinal_test([1, 2], [1])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=0, max_size=80),
)
def test_paired_ordinal_counts_and_valid_p(pairs):
    before = [b for b, _ in pairs]
    after = [a for _, a in pairs]
    result = paired_ordinal_test(before, after)
    assert result.improved + result.unchanged + result.worse == result.n == len(pairs)
    if pairs:
        assert 0.0 < result.p_value <= 1.0


@pytest.mark.parametrize(
    "table",
    [[[5, 5], [5, 5], [5, 69]], [[1, 0, 3], [4, 6, 0], [2, 2, 9]], [[0, 3], [7, 1], [2, 40]]],
)
def test_fisher_monte_carlo_gives_scipys_p_value(table):
    """The R×C Monte Carlo test draws the same tables as scipy.stats.fisher_exact with
    MonteCarloMethod and the same seed, so it gives the same p-value."""
    result = association_test(table)
    method = scipy.stats.MonteCarloMethod(
        n_resamples=FISHER_RXC_RESAMPLES, rng=np.random.default_rng(20261122)
    )
    expected = np.asarray(scipy.stats.fisher_exact(np.array(table), method=method).pvalue)
    assert result.method == "fisher_monte_carlo"
    assert result.p_value == float(expected.reshape(-1)[0])


def test_fisher_monte_carlo_works_for_a_large_table_with_a_tiny_cell():
    """scipy 1.17's own Monte Carlo path fails with «cannot reshape» once the total reaches
    resamples × cells (here 9,999 × 6); a large follow-up with one rare answer gets there."""
    result = association_test([[5, 5], [5, 5], [5, 59_969]])
    assert result.method == "fisher_monte_carlo"
    assert result.p_value is not None and 0 < result.p_value <= 0.001
