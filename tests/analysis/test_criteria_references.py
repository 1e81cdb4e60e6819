"""The criteria statistics against published figures and against statsmodels on microdata."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

from isu.analysis.criteria import adjusted_gap, decompose, mh_risk_difference, stratified
from isu.analysis.criteria.decomposition import parts
from isu.analysis.criteria.levels import merge_levels, publishable


def test_mh_risk_difference_matches_rothman_table_15_1():
    """Rothman, Greenland & Lash, *Modern Epidemiology*, 3rd ed. (2008), Table 15-1: the
    tolbutamide trial by age. Published (reproduced in metafor's test
    ``test_analysis_example_rothman2008.r``): MH risk difference 0.0349, 90 % CI −0.0176 to
    0.0874."""
    tolbutamide = np.array([[8, 106], [22, 98]])
    placebo = np.array([[5, 120], [16, 85]])
    rd = mh_risk_difference(tolbutamide, placebo, confidence=0.90)
    assert rd.estimate == pytest.approx(0.0349, abs=5e-5)
    assert rd.low == pytest.approx(-0.0176, abs=5e-5)
    assert rd.high == pytest.approx(0.0874, abs=5e-5)


def test_mh_odds_ratio_and_test_match_rothman_table_15_1():
    """Same source: MH odds ratio 1.4031 (90 % CI 0.8411–2.3409); CMH test without continuity
    correction 1.1914, p = 0.2750."""
    result = stratified(np.array([[8, 106], [22, 98]]), np.array([[5, 120], [16, 85]]), 0.90)
    assert result.odds_ratio.estimate == pytest.approx(1.4031, abs=5e-5)
    assert result.odds_ratio.low == pytest.approx(0.8411, abs=5e-5)
    assert result.odds_ratio.high == pytest.approx(2.3409, abs=5e-5)
    assert result.test_p_value == pytest.approx(0.2750, abs=5e-5)


def _ucb() -> tuple[np.ndarray, np.ndarray]:
    """R's UCBAdmissions: (admitted, applicants) of men and of women per department A–F."""
    men = np.array([[512, 825], [353, 560], [120, 325], [138, 417], [53, 191], [22, 373]])
    women = np.array([[89, 108], [17, 25], [202, 593], [131, 375], [94, 393], [24, 341]])
    return men, women


def test_mh_odds_ratio_matches_r_mantelhaen_test_on_ucb_admissions():
    """R ``mantelhaen.test(UCBAdmissions)`` (printed in the vcdExtra vignette "Tests of
    Independence"): common odds ratio 0.9046968, 95 % CI 0.7719074–1.0603298."""
    men, women = _ucb()
    result = stratified(men, women)
    assert result.odds_ratio.estimate == pytest.approx(0.9046968, abs=1e-6)
    assert result.odds_ratio.low == pytest.approx(0.7719074, abs=1e-6)
    assert result.odds_ratio.high == pytest.approx(1.0603298, abs=1e-6)


@pytest.mark.parametrize(
    ("first", "second", "statistic", "p_value"),
    [
        # DescTools BreslowDayTest, "teeth" (adult, child): X² = 0.57493, p = 0.4483
        ([[68, 162], [12, 29]], [[4, 10], [30, 55]], 0.57493, 0.4483),
        # "cervical" (two or more partners, zero-one): X² = 4.2069, p = 0.04026
        ([[92, 242], [25, 143]], [[96, 244], [12, 33]], 4.2069, 0.04026),
    ],
)
def test_breslow_day_matches_published_descTools_examples(first, second, statistic, p_value):
    """Breslow–Day homogeneity test, uncorrected, as printed by DescTools ``BreslowDayTest`` in
    the course notes at msph-p8120.github.io/breslow_day.html (exposure × disease tables)."""
    result = stratified(np.array(first), np.array(second))
    assert result.homogeneity.statistic == pytest.approx(statistic, abs=5e-5)
    assert result.homogeneity.p_value == pytest.approx(p_value, abs=5e-5)
    assert result.homogeneity.df == 1


def test_kitagawa_decomposition_matches_das_gupta_table_5_1():
    """Das Gupta (1993), *Standardization and Decomposition of Rates*, Example 5.1: household
    headship rates per 100 by age, US 1970 and 1985 (data and results as in the R package
    DasGuptR, ``dgeg5_1``): composition effect 1.2269, rate effect 1.7403, crude 2.9672."""
    size70 = np.array([12.9, 10.9, 9.5, 8.0, 7.8, 8.4, 8.6, 7.8, 7.0, 5.9, 4.7, 3.6, 4.9])
    size85 = np.array([10.1, 11.2, 11.6, 10.9, 9.4, 7.7, 6.3, 6.0, 6.3, 5.9, 5.1, 4.0, 5.5])
    rate70 = np.array([1.9, 25.8, 45.7, 49.6, 51.2, 51.6, 51.8, 54.9, 58.7, 60.4, 62.8, 66.6, 66.8])
    rate85 = np.array([2.2, 24.3, 45.8, 52.5, 56.1, 55.6, 56.0, 57.4, 57.2, 61.2, 63.9, 68.6, 72.2])
    composition, rate = parts(rate85 * size85, size85, rate70 * size70, size70)
    assert float(composition) == pytest.approx(1.2269, abs=5e-5)
    assert float(rate) == pytest.approx(1.7403, abs=5e-5)
    assert float(composition + rate) == pytest.approx(2.9672, abs=5e-5)


def test_adjusted_gap_equals_statsmodels_logit_average_marginal_effect_on_microdata():
    """The grouped fit must give what ``Logit(...).get_margeff(at="overall", dummy=True)`` gives
    on one row per client."""
    rng = np.random.default_rng(7)
    n = 3000
    first = rng.random(n) < 0.5
    need = rng.integers(0, 3, n)
    consent = rng.integers(0, 2, n)
    logit = -0.5 + 0.4 * first + 0.8 * need - 1.0 * consent
    outcome = rng.random(n) < 1 / (1 + np.exp(-logit))
    ours = adjusted_gap(first, outcome, [(need, 3), (consent, 2)])
    exog = np.column_stack([np.ones(n), first, need == 1, need == 2, consent == 1]).astype(float)
    margins = (
        sm.Logit(outcome.astype(float), exog).fit(disp=0).get_margeff(at="overall", dummy=True)
    )
    assert ours.fitted
    assert ours.effect.estimate == pytest.approx(margins.margeff[0], abs=1e-8)
    low, high = margins.conf_int()[0]
    assert ours.effect.low == pytest.approx(low, abs=1e-6)
    assert ours.effect.high == pytest.approx(high, abs=1e-6)


def test_adjusted_gap_is_not_fitted_with_too_few_events():
    first = np.array([True] * 20 + [False] * 20)
    outcome = np.zeros(40, dtype=bool)
    outcome[[0, 1, 25]] = True
    result = adjusted_gap(first, outcome, [(np.arange(40) % 4, 4)])
    assert not result.fitted and result.note == "for_fa_handelser"
    assert result.effect.estimate is None


strata = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(0, 40)),
    min_size=1,
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(strata)
def test_composition_and_rate_parts_always_add_up_to_the_gap(cells):
    table = np.array(cells)
    first = np.stack([table[:, 0], table[:, 0] + table[:, 1]], axis=-1)
    second = np.stack([table[:, 2], table[:, 2] + table[:, 3]], axis=-1)
    if first[:, 1].sum() == 0 or second[:, 1].sum() == 0:
        return
    result = decompose(first, second)
    assert result.composition.estimate + result.rate.estimate == pytest.approx(result.total)
    assert result.composition.low <= result.composition.high


@settings(max_examples=200, deadline=None)
@given(strata)
def test_mh_risk_difference_lies_between_the_stratum_differences(cells):
    table = np.array(cells)
    first = np.stack([table[:, 0], table[:, 0] + table[:, 1]], axis=-1)
    second = np.stack([table[:, 2], table[:, 2] + table[:, 3]], axis=-1)
    rd = mh_risk_difference(first, second)
    both = (first[:, 1] > 0) & (second[:, 1] > 0)
    if not both.any():
        assert rd.estimate is None
        return
    each = first[both, 0] / first[both, 1] - second[both, 0] / second[both, 1]
    assert each.min() - 1e-12 <= rd.estimate <= each.max() + 1e-12
    assert -1 <= rd.low <= rd.estimate <= rd.high <= 1


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 12), min_size=8, max_size=24).filter(lambda v: len(v) % 4 == 0),
    st.booleans(),
)
def test_merged_levels_have_only_publishable_counts_or_one_level(values, ordered):
    cube = np.array(values).reshape(2, -1, 2)
    labels = tuple(f"L{i}" for i in range(cube.shape[1]))
    levels = merge_levels(cube, labels, 5, ordered=ordered)
    merged = np.zeros((2, len(levels), 2), dtype=int)
    for old, new in enumerate(levels.mapping):
        if new >= 0:
            merged[:, new, :] += cube[:, old, :]
    assert merged.sum() == cube.sum()
    assert len(levels) == 1 or publishable(merged, 5)
