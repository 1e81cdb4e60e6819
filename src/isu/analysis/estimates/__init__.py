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

from isu.analysis.estimates.association import AssociationTest, association_test, two_by_two_tests
from isu.analysis.estimates.multiplicity import benjamini_hochberg
from isu.analysis.estimates.numbers import (
    NumericSummary,
    RankTest,
    numeric_summary,
    rank_test,
    summary_from_moments,
)
from isu.analysis.estimates.paired import PairedTest, mcnemar_test, paired_ordinal_test
from isu.analysis.estimates.proportions import (
    Difference,
    Share,
    difference,
    differences,
    share,
    shares,
)

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
    "differences",
    "mcnemar_test",
    "numeric_summary",
    "paired_ordinal_test",
    "rank_test",
    "share",
    "shares",
    "summary_from_moments",
    "two_by_two_tests",
]
