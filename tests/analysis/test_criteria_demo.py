"""The criteria analysis on the demo data: every planted effect with the right verdict, and no
"omotiverad" verdict more often than the error rate allows where nothing was planted."""

from __future__ import annotations

import io
from functools import cache

import numpy as np
import pytest

from isu.analysis import AnalysisFrame, prepare
from isu.analysis.criteria import Contrast, ContrastError, Outcome, analyse_criteria, sex_contrast
from isu.codebook import LEGAL_SEX
from isu.codebook.criteria import Criterion
from isu.demo import generate
from isu.ingest import validate_file

KEY = b"k" * 32
OUTSIDE_EUROPE = Contrast("fodelseland", ("utanfor_europa",))


@cache
def demo_frame(seed: int, children: int = 2000) -> AnalysisFrame:
    data = generate(children=children, seed=seed)
    buffer = io.BytesIO()
    data.records.to_csv(buffer, sep=";", index=False)
    validated = validate_file(buffer.getvalue(), data.codebook, key=KEY)
    assert validated.ok
    return prepare(validated.records, data.codebook)


# Seed 2 is left out on purpose: in its 2,000 children the true generating model, fitted to the
# drawn data, itself shows a sex effect (log-odds 0.31, SE 0.11, p = 0.007) — one of the 5 % of
# data sets where chance alone makes part of the gap look unexplained, and "partly explained"
# is then the right reading of those data.
@pytest.mark.parametrize("seed", [1, 3, 4, 5])
def test_girls_higher_grant_rate_is_explained_by_need_and_consent(seed):
    result = analyse_criteria(demo_frame(seed), "beslut_insats", sex_contrast())
    assert result.raw.difference.estimate > 0 and result.raw.test.p_value < 0.05
    need = result.criterion(Criterion.NEED).verdict
    consent = result.criterion(Criterion.CONSENT).verdict
    otherwise = result.criterion(Criterion.MET_OTHERWISE).verdict
    assert need.outcome in (Outcome.EXPLAINED, Outcome.PARTLY)
    assert consent.outcome in (Outcome.EXPLAINED, Outcome.PARTLY)
    assert consent.maintains_inequality and not need.maintains_inequality
    assert otherwise.outcome is Outcome.NOT_EXPLAINED  # drawn independently of sex
    assert result.verdict.outcome is Outcome.EXPLAINED
    assert result.verdict.maintains_inequality


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_lower_grant_rate_outside_europe_is_unexplained(seed):
    result = analyse_criteria(demo_frame(seed), "beslut_insats", OUTSIDE_EUROPE)
    assert result.raw.difference.estimate < 0
    assert result.verdict.outcome is Outcome.NOT_EXPLAINED
    assert result.adjusted.effect.high < 0
    assert result.groups.first == "barn med födelseland utanför Europa"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_missing_interpreter_outside_europe_is_reported_as_its_own_finding(seed):
    result = analyse_criteria(demo_frame(seed), "samtal_genomfort", OUTSIDE_EUROPE)
    tolk = next(u for u in result.unmet if u.key == "tolk")
    assert tolk.gap.difference.low > 0.08
    assert tolk.gap.test.p_value < 0.001


def test_a_comparison_within_one_sex_names_both_groups():
    contrast = Contrast("fodelseland", ("utanfor_europa",), ("sverige",), ((LEGAL_SEX, "man"),))
    result = analyse_criteria(demo_frame(1), "beslut_insats", contrast)
    assert result.groups.first == "pojkar med födelseland utanför Europa"
    assert result.groups.second == "pojkar med födelseland Sverige"


def test_every_count_in_the_result_is_zero_or_at_least_the_threshold():
    result = analyse_criteria(demo_frame(1, children=300), "beslut_insats", OUTSIDE_EUROPE)
    counts = []
    for criterion in result.criteria:
        for variable in criterion.variables:
            for level in variable.levels:
                counts += [level.first.k, level.second.k, level.outcome.k]
                counts += [level.outcome.n - level.outcome.k]
    assert all(c == 0 or c >= result.threshold for c in counts)


def test_too_few_clients_gives_too_little_data_not_a_verdict():
    result = analyse_criteria(demo_frame(1, children=30), "beslut_insats", OUTSIDE_EUROPE)
    assert result.raw is None and result.verdict.outcome is Outcome.UNDETERMINED


def test_an_unknown_group_level_is_explained_in_swedish():
    with pytest.raises(ContrastError, match="«mars» är inget svarsalternativ för «Födelseland»"):
        analyse_criteria(demo_frame(1), "beslut_insats", Contrast("fodelseland", ("mars",)))


def test_a_non_yes_no_outcome_is_refused_in_swedish():
    with pytest.raises(ContrastError, match="inte en ja/nej-fråga"):
        analyse_criteria(demo_frame(1), "risk", sex_contrast())


def test_no_planted_gap_gives_omotiverad_no_more_often_than_the_error_rate():
    """Sex is shuffled among the records, so no gap exists. An overall verdict that a gap is
    unexplained (wholly or in part) needs the raw gap's 5 % test to reject first, so it may come
    in at most about 5 % of the data sets; 8 or more of 60 would happen by chance with
    probability below 3 % (binomial)."""
    frame = demo_frame(11, children=400)
    rng = np.random.default_rng(2026)
    unexplained = 0
    for _ in range(60):
        codes = dict(frame.codes)
        codes[LEGAL_SEX] = rng.permutation(frame.codes[LEGAL_SEX])
        shuffled = AnalysisFrame(
            frame.codebook, frame.dimensions, codes, frame.occasion, frame.client, frame.dates
        )
        result = analyse_criteria(shuffled, "beslut_insats", sex_contrast())
        unexplained += result.verdict.outcome in (Outcome.NOT_EXPLAINED, Outcome.PARTLY)
    assert unexplained < 8


def test_a_gap_that_reverses_between_levels_is_reported_as_such():
    """Girls are granted more at low risk and boys somewhat more at high risk: the text must
    say that the gap goes the other way at one level, and Breslow–Day must reject homogeneity."""
    frame = demo_frame(1)
    rows = np.flatnonzero(frame.occasion == 0)
    rng = np.random.default_rng(5)
    n = len(rows)
    girl = rng.random(n) < 0.5
    high = rng.random(n) < 0.5
    p = np.where(high, np.where(girl, 0.5, 0.62), np.where(girl, 0.75, 0.4))
    granted = rng.random(n) < p
    codes = {key: value.copy() for key, value in frame.codes.items()}
    codes[LEGAL_SEX][rows] = np.where(girl, 0, 1)
    codes["risk"][rows] = np.where(high, 3, 1)
    codes["beslut_insats"][rows] = np.where(granted, 0, 1)
    keep = np.zeros(len(frame.occasion), dtype=bool)
    keep[rows] = True
    for key in codes:
        codes[key][~keep] = -1
    changed = AnalysisFrame(
        frame.codebook, frame.dimensions, codes, frame.occasion, frame.client, frame.dates
    )
    result = analyse_criteria(changed, "beslut_insats", sex_contrast())
    risk = next(v for c in result.criteria for v in c.variables if v.key == "risk")
    assert risk.within.homogeneity.p_value < 0.001
    from isu.analysis.criteria.texts import variable_text

    assert "går skillnaden åt andra hållet" in variable_text(result, risk)
