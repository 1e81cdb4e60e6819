"""The comparison of one variable: shares by sex, funnel, gap per municipality and pooled,
«Är det lika hos oss?» and the pooled criteria analysis, on demo municipalities."""

import functools

import pytest
from tests.region.conftest import demo_package

from isu.analysis.criteria import Outcome
from isu.analysis.estimates import difference
from isu.demo.municipalities import FEWER, FEWER_GRANTED
from isu.region.compare import compare
from isu.region.criteria import pooled_criteria
from isu.region.load import check_region
from isu.region.local import local_comparison
from isu.region.texts import comparison_findings, criteria_findings, local_findings

TABLE = "beslut/beslut_insats/kon"


@functools.cache
def _region():
    normal = [
        demo_package(f"K{i}", size, 500 + i) for i, size in enumerate((300, 500, 800, 400, 600))
    ]
    return check_region([*normal, demo_package("Snål", 1200, 599, FEWER)])


def test_a_large_municipality_that_grants_less_lies_below_the_funnel():
    assert FEWER_GRANTED > 0.3
    result = compare(_region(), TABLE, "ja")
    for funnel in result.funnels:
        zones = {p.municipality: p.zone for p in funnel.points}
        assert zones["Snål"].startswith("under"), funnel.sex
        assert all(
            z == "inom" or not z.startswith("under_998") for m, z in zones.items() if m != "Snål"
        )


def test_each_municipality_has_its_shares_and_gap_with_intervals():
    result = compare(_region(), TABLE, "ja")
    row = result.municipalities[0]
    girls, boys = result.counts[0][0], result.counts[1][0]
    assert row.shares[0].k == girls.k and row.shares[0].n == girls.n
    assert row.gap == difference(girls.k, girls.n, boys.k, boys.n)
    assert row.shares[0].low < row.shares[0].estimate < row.shares[0].high


def test_with_one_municipality_the_pooled_gap_is_its_own_gap():
    region = check_region([demo_package("K0", 300, 500)])
    result = compare(region, TABLE, "ja")
    own = result.municipalities[0].gap
    assert result.gap.result.risk_difference.estimate == pytest.approx(own.estimate)


def test_the_pooled_gap_comes_with_a_heterogeneity_test():
    gap = compare(_region(), TABLE, "ja").gap
    assert gap.result.homogeneity.df == len(gap.included) - 1
    assert gap.result.risk_difference.low < gap.result.risk_difference.estimate


def test_is_it_the_same_with_us_compares_a_municipality_with_the_rest():
    result = compare(_region(), TABLE, "ja")
    local = local_comparison(result, "snål")
    girls = local.rows[0]
    others = [c for c in result.counts[0] if c.municipality != "Snål"]
    assert girls.rest.n == sum(c.n for c in others)
    assert girls.difference.estimate < 0 and not girls.difference.spans_zero
    text = local_findings(local)[0]
    assert text.startswith("Bland flickor i Snål var andelen med «Beviljades insats?: Ja»")
    assert "i övriga regionen (5 kommuner)" in text
    assert "Skillnaden är säkerställd" in text


def test_an_unknown_municipality_or_category_is_a_key_error():
    result = compare(_region(), TABLE, "ja")
    with pytest.raises(KeyError):
        local_comparison(result, "Atlantis")
    with pytest.raises(KeyError):
        compare(_region(), TABLE, "kanske")


def test_findings_state_shares_with_intervals_and_n():
    found = comparison_findings(compare(_region(), TABLE, "ja"))
    assert found[0].startswith("Beslut efter utredning: i regionen (6 kommuner) var andelen med")
    assert "95 % KI" in found[0] and "n=" in found[0]
    assert any("Mantel–Haenszel" in f for f in found)
    assert any("Breslow–Day" in f for f in found)


def test_the_pooled_criteria_find_that_risk_explains_the_girls_higher_grant_rate():
    """The demo plants: girls are granted more because their risk is more often assessed high."""
    result = pooled_criteria(_region(), "beslut", "beslut_insats")
    assert result.established
    need = next(c for c in result.criteria if c.kind.value == "behov")
    risk = next(v for v in need.variables if v.key == "risk")
    assert risk.verdict.outcome in (Outcome.EXPLAINED, Outcome.PARTLY)
    assert abs(risk.within.risk_difference.estimate) < abs(risk.raw.estimate)
    assert risk.decomposition.explained_share > 0.3
    texts = criteria_findings(result)
    assert texts[0].startswith("«Beviljades insats?: Ja»:")
    assert any(t.startswith("Skillnader i behov:") for t in texts)
