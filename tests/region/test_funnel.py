"""Funnel-plot control limits (Spiegelhalter 2005, Stat Med 24:1185–1202).

The exact binomial limits with Spiegelhalter's interpolation (appendix A.1.1) approach the normal
limits θ0 ± z·√(θ0(1 − θ0)/n) of the paper's table 1 as n grows. The reference figures are
those Public Health England publishes for its funnel plots of proportions, which use the normal
limits: PHEindicatormethods, tests/testthat/testdata_funnel_prop_outputs.csv (target 80.642448 %,
"2s" = 95 %, "3s" = 99.8 %), checked here at the sizes where the two methods must agree.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from isu.region.funnel import grid, limits, zone

TARGET = 0.80642448
# n, lower 95 %, upper 95 %, lower 99.8 %, upper 99.8 % (per cent), from the PHE reference file
PHE = [
    (1008, 78.203374, 83.081521, 76.796814, 84.488082),
    (2093, 78.949785, 82.335111, 77.973663, 83.311233),
    (9998, 79.867989, 81.416907, 79.421375, 81.863521),
    (110000, 80.408963, 80.875933, 80.274317, 81.010578),
]


@pytest.mark.parametrize(("n", "low95", "high95", "low998", "high998"), PHE)
def test_limits_agree_with_the_published_normal_limits_for_large_groups(
    n, low95, high95, low998, high998
):
    # The exact limits lie about 1/n below the normal ones (a count is discrete); at n = 1008
    # that is 0.08–0.14 percentage points.
    tolerance = 150 / n
    lo, hi = limits(TARGET, [n], 0.95)
    assert lo[0] * 100 == pytest.approx(low95, abs=tolerance)
    assert hi[0] * 100 == pytest.approx(high95, abs=tolerance)
    lo, hi = limits(TARGET, [n], 0.998)
    assert lo[0] * 100 == pytest.approx(low998, abs=tolerance)
    assert hi[0] * 100 == pytest.approx(high998, abs=tolerance)


def test_the_interpolated_limit_reaches_the_tail_probability_exactly():
    """Appendix A.1.1: P(R < r_p) + (1 − α)·P(R = r_p) = p at the interpolated limit (r_p − α)/n,
    computed here with a direct sum over the binomial probabilities."""
    from math import comb

    n, theta = 40, 0.3
    pmf = [comb(n, r) * theta**r * (1 - theta) ** (n - r) for r in range(n + 1)]
    for p, level, side in ((0.025, 0.95, 0), (0.975, 0.95, 1), (0.001, 0.998, 0)):
        limit = limits(theta, [n], level)[side][0] * n
        r = int(np.ceil(limit))
        alpha = r - limit
        assert sum(pmf[:r]) + (1 - alpha) * pmf[r] == pytest.approx(p, abs=1e-9)


@given(st.floats(0.02, 0.98), st.integers(2, 5000))
def test_the_99_8_limits_lie_outside_the_95_limits(theta, n):
    lo95, hi95 = limits(theta, [n], 0.95)
    lo998, hi998 = limits(theta, [n], 0.998)
    assert lo998[0] <= lo95[0] <= theta <= hi95[0] <= hi998[0]


def test_limits_are_symmetric_around_one_half():
    lo, hi = limits(0.5, [100, 1000], 0.95)
    assert np.allclose(lo + hi, 1 - 1 / np.array([100, 1000]))  # the interpolation's half step


def test_the_grid_covers_every_size_up_to_the_largest():
    sizes = grid(5000)
    assert sizes[0] == 1 and sizes[-1] == 5000
    assert np.all(np.diff(sizes) > 0)


def test_a_point_is_placed_in_its_zone():
    assert zone(0.5, 100, 0.5) == "inom"
    assert zone(0.62, 100, 0.5) == "over_95"
    assert zone(0.70, 100, 0.5) == "over_998"
    assert zone(0.35, 100, 0.5) == "under_95"
