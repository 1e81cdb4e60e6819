"""One criteria analysis: a gap in a decision or in participation between two groups, tested
against the method's criteria step by step (Analysstöd, bilaga, tables 1 and 2).

Every count is taken from the analysis frame's integer codes with ``numpy.bincount`` (one pass
per criterion variable); every estimate is computed from those counts. Levels are merged until
every count may be published (:mod:`isu.analysis.criteria.levels`), so no number in the result
depends on a hidden count — except the adjusted gap, a model estimate over many cells that is
published only when the model has enough events per parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from isu.analysis.criteria.adjusted import Adjusted, adjusted_gap
from isu.analysis.criteria.contrast import (
    Contrast,
    Population,
    check_contrast,
    check_outcome,
    population,
)
from isu.analysis.criteria.decomposition import Decomposition, decompose
from isu.analysis.criteria.levels import Levels, merge_levels, publishable
from isu.analysis.criteria.profiles import Profiles, build, criterion_keys, dimensions_of
from isu.analysis.criteria.results import (
    Comparable,
    CriteriaAnalysis,
    CriterionResult,
    GroupGap,
    Level,
    UnmetAccommodation,
    VariableResult,
)
from isu.analysis.criteria.stratified import stratified
from isu.analysis.criteria.verdicts import (
    EXPLAINING_ORDER,
    MIN_DIFFERENCE,
    Outcome,
    Verdict,
    as_criterion,
    decide,
    gap_established,
    no_gap_verdict,
    nothing_to_explain,
)
from isu.analysis.estimates import (
    Difference,
    association_test,
    difference,
    differences,
    share,
    shares,
)
from isu.analysis.frame import AnalysisFrame, Dimension
from isu.analysis.tables import MISSING_LABEL
from isu.codebook.criteria import (
    ACCOMMODATION_UNMET,
    Criterion,
    CriterionVariables,
    comparable_levels,
    criteria_for,
)
from isu.i18n import _

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
THRESHOLD = 5


@dataclass(frozen=True)
class _Coded:
    """A criterion dimension's merged level per client of the population."""

    dimension: Dimension
    levels: Levels
    codes: IntArray
    cube: IntArray  # group × merged level × outcome


def analyse_criteria(
    frame: AnalysisFrame,
    outcome: str,
    contrast: Contrast,
    *,
    threshold: int = THRESHOLD,
    min_difference: float = MIN_DIFFERENCE,
    profiles: Profiles | None = None,
) -> CriteriaAnalysis:
    """Test the gap in *outcome* between the groups of *contrast* against the criteria.

    *outcome* is a yes/no variable (or one option of a multiple-choice variable) with the role
    of an intervention or decision, or of participation. The share answering "ja" is compared.
    *profiles* (from :func:`outcome_profiles`) lets several contrasts of one outcome share the
    pass over the records.
    """
    keys = check_contrast(frame, contrast)
    if profiles is None or profiles.outcome != outcome or not set(keys) <= set(profiles.codes):
        profiles = outcome_profiles(frame, outcome, [contrast])
    people = population(frame, profiles, contrast)
    raw = _gap(people.first, people.outcome, people.weight, threshold)
    n = int(people.weight.sum())
    if raw is None:
        verdict = Verdict(Outcome.UNDETERMINED, _("För litet underlag"))
        return CriteriaAnalysis(
            people.groups, None, (), None, None, (), verdict, threshold, min_difference
        )
    established = gap_established(raw.difference, raw.test.p_value)
    coded: list[tuple[Criterion, _Coded]] = []
    criteria = []
    applicable = criteria_for(frame.codebook, people.outcome_variable)
    for found in applicable:
        results = []
        for dimension in dimensions_of(frame, [v.key for v in found.variables]):
            item = _coded(frame, dimension, people, threshold)
            coded.append((found.kind, item))
            results.append(_variable_result(found.kind, item, people, raw, established, n))
        criteria.append(CriterionResult(found.kind, tuple(results), _rollup(results, established)))
    comparable = _comparable(frame, people, applicable, threshold)
    adjusted = adjusted_gap(
        people.first,
        people.outcome,
        [(c.codes, len(c.levels)) for _k, c in coded],
        weight=people.weight,
    )
    unmet = tuple(
        _unmet(frame, people, item, threshold)
        for kind, item in coded
        if kind is Criterion.ACCOMMODATION and _has_unmet(item.dimension)
    )
    verdict = _overall(raw, established, adjusted, criteria, n, min_difference)
    return CriteriaAnalysis(
        people.groups,
        raw,
        tuple(criteria),
        comparable,
        adjusted,
        unmet,
        verdict,
        threshold,
        min_difference,
    )


def outcome_profiles(frame: AnalysisFrame, outcome: str, contrasts: Sequence[Contrast]) -> Profiles:
    """The profiles every contrast of *outcome* in *contrasts* can share."""
    occasion = check_outcome(frame, outcome)
    keys = criterion_keys(frame, outcome)
    for contrast in contrasts:
        keys += check_contrast(frame, contrast)
    return build(frame, outcome, occasion, keys)


def _coded(
    frame: AnalysisFrame, dimension: Dimension, people: Population, threshold: int
) -> _Coded:
    """One pass over the clients: the cube of group × level × outcome, then merged levels."""
    size = len(dimension) + 1
    codes = people.codes[dimension.key].astype(np.int64)
    codes[codes < 0] = size - 1
    # level × (group, outcome): the level is the outer index, so one multiply-add per profile.
    counts = np.bincount(codes * 4 + people.cell, weights=people.weight, minlength=size * 4)
    counts = np.rint(counts).astype(np.int64)
    cube = counts.reshape(size, 2, 2).transpose(1, 0, 2)
    labels = (*dimension.labels, MISSING_LABEL)
    levels = merge_levels(cube, labels, threshold, ordered=dimension.ordered)
    merged = np.zeros((2, len(levels), 2), dtype=np.int64)
    for old, new in enumerate(levels.mapping.tolist()):
        if new >= 0:
            merged[:, new, :] += cube[:, old, :]
    return _Coded(dimension, levels, levels.mapping[codes], merged)


def _gap(first: BoolArray, outcome: BoolArray, weight: IntArray, threshold: int) -> GroupGap | None:
    k1, n1 = int(weight[first & outcome].sum()), int(weight[first].sum())
    k2, n2 = int(weight[~first & outcome].sum()), int(weight[~first].sum())
    cells = [k1, n1 - k1, k2, n2 - k2]
    if n1 == 0 or n2 == 0 or not publishable(cells, threshold):
        return None
    test = association_test(np.array([[k1, n1 - k1], [k2, n2 - k2]]))
    return GroupGap(difference(k1, n1, k2, n2), test)


def _variable_result(
    kind: Criterion, item: _Coded, people: Population, raw: GroupGap, established: bool, n: int
) -> VariableResult:
    cube = item.cube
    by_level = cube.sum(axis=2)  # group × level
    outcome_by_level = cube.sum(axis=0)  # level × outcome
    levels = _levels(item.levels.labels, cube)
    first = np.stack([cube[0, :, 0], by_level[0]], axis=-1)
    second = np.stack([cube[1, :, 0], by_level[1]], axis=-1)
    within = stratified(first, second)
    parts: Decomposition = decompose(first, second)
    if established:
        verdict = decide(
            raw.difference.estimate or 0.0,
            within.risk_difference,
            parts.composition,
            n,
            may_maintain_inequality=kind.may_maintain_inequality,
        )
    else:
        verdict = Verdict(Outcome.NO_GAP, _("Ingen skillnad att förklara"))
    return VariableResult(
        item.dimension.key,
        item.dimension.label,
        levels,
        item.levels.merged,
        association_test(by_level) if len(item.levels) > 1 else None,
        association_test(outcome_by_level) if len(item.levels) > 1 else None,
        within,
        parts,
        verdict,
    )


def _levels(labels: Sequence[str], cube: IntArray) -> tuple[Level, ...]:
    """Each level's shares and gap, every interval of the variable in one vectorised call."""
    by_level = cube.sum(axis=2)  # group × level
    outcome_by_level = cube.sum(axis=0)  # level × outcome
    size = len(labels)
    k = np.concatenate([by_level[0], by_level[1], outcome_by_level[:, 0]])
    n = np.concatenate(
        [
            np.full(size, by_level[0].sum()),
            np.full(size, by_level[1].sum()),
            outcome_by_level.sum(axis=1),
        ]
    )
    found = [s if s is not None else share(0, 0) for s in shares(k, n)]
    both = np.flatnonzero((by_level[0] > 0) & (by_level[1] > 0))
    gaps = differences(cube[0, both, 0], by_level[0, both], cube[1, both, 0], by_level[1, both])
    gap_of: dict[int, Difference] = dict(zip(both.tolist(), gaps, strict=True))
    return tuple(
        Level(label, found[j], found[size + j], found[2 * size + j], gap_of.get(j))
        for j, label in enumerate(labels)
    )


def _rollup(results: Sequence[VariableResult], established: bool) -> Verdict:
    """A criterion explains as much as its most explaining variable."""
    if not established or not results:
        return nothing_to_explain()
    best = min(results, key=lambda r: (EXPLAINING_ORDER.index(r.verdict.outcome), -_explained(r)))
    return as_criterion(best.verdict)


def _explained(result: VariableResult) -> float:
    share_ = result.decomposition.explained_share
    return share_ if share_ is not None else 0.0


def _comparable(
    frame: AnalysisFrame,
    people: Population,
    applicable: Sequence[CriterionVariables],
    threshold: int,
) -> Comparable | None:
    """The gap among clients with need assessed, need not met otherwise, consent present …"""
    keep = np.ones(len(people.first), dtype=bool)
    conditions = []
    for found in applicable:
        for variable in found.variables:
            wanted = comparable_levels(variable, found.kind)
            if wanted is None or variable.key not in frame.codes:
                continue
            dimension = frame.dimensions[variable.key]
            # A lookup with one extra slot, so that code -1 (missing) reads the last: False.
            allowed = np.zeros(len(dimension) + 1, dtype=bool)
            allowed[[dimension.codes.index(c) for c in wanted if c in dimension.codes]] = True
            keep &= allowed[people.codes[variable.key]]
            labels = [dimension.label_of(c) for c in wanted if c in dimension.codes]
            conditions.append(
                _("{question}: {answers}").format(
                    question=variable.label, answers=_(" eller ").join(labels)
                )
            )
    if not conditions:
        return None
    gap = _gap(people.first[keep], people.outcome[keep], people.weight[keep], threshold)
    return Comparable(tuple(conditions), gap, int(people.weight[keep].sum()))


def _has_unmet(dimension: Dimension) -> bool:
    return ACCOMMODATION_UNMET in dimension.codes


def _unmet(
    frame: AnalysisFrame, people: Population, item: _Coded, threshold: int
) -> UnmetAccommodation:
    """How often an accommodation was needed but not given, per group."""
    codes, weight = people.codes[item.dimension.key], people.weight
    answered = codes >= 0
    unmet = codes == item.dimension.codes.index(ACCOMMODATION_UNMET)
    first, second = people.first & answered, ~people.first & answered
    k1, n1 = int(weight[first & unmet].sum()), int(weight[first].sum())
    k2, n2 = int(weight[second & unmet].sum()), int(weight[second].sum())
    if not n1 or not n2 or not publishable([k1, n1 - k1, k2, n2 - k2], threshold):
        return UnmetAccommodation(item.dimension.key, item.dimension.label, None)
    test = association_test(np.array([[k1, n1 - k1], [k2, n2 - k2]]))
    return UnmetAccommodation(
        item.dimension.key, item.dimension.label, GroupGap(difference(k1, n1, k2, n2), test)
    )


def _overall(
    raw: GroupGap,
    established: bool,
    adjusted: Adjusted,
    criteria: Sequence[CriterionResult],
    n: int,
    min_difference: float,
) -> Verdict:
    if not established:
        return no_gap_verdict(raw.difference, n, min_difference)
    if not adjusted.fitted:
        return Verdict(Outcome.UNDETERMINED, _("Kan inte avgöras"))
    problematic = any(
        c.kind.may_maintain_inequality and c.verdict.outcome in (Outcome.EXPLAINED, Outcome.PARTLY)
        for c in criteria
    )
    return decide(
        raw.difference.estimate or 0.0,
        adjusted.effect,
        None,
        n,
        may_maintain_inequality=problematic,
        overall=True,
    )
