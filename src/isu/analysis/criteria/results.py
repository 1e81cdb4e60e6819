"""The result of a criteria analysis: immutable, and nothing in it needs a hidden count."""

from __future__ import annotations

from dataclasses import dataclass

from isu.analysis.criteria.adjusted import Adjusted
from isu.analysis.criteria.contrast import Groups
from isu.analysis.criteria.decomposition import Decomposition
from isu.analysis.criteria.stratified import Stratified
from isu.analysis.criteria.verdicts import Verdict
from isu.analysis.estimates import AssociationTest, Difference, Share
from isu.codebook.criteria import Criterion


@dataclass(frozen=True)
class GroupGap:
    """The share with the outcome in each group, the difference and its test."""

    difference: Difference  # first − second; .first and .second are the two shares
    test: AssociationTest


@dataclass(frozen=True)
class Level:
    """One (possibly merged) level of a criterion variable."""

    label: str
    first: Share  # share of the first group at this level
    second: Share
    outcome: Share  # share with the outcome at this level, both groups together
    gap: Difference | None  # the gap at this level; None when a group has nobody here


@dataclass(frozen=True)
class VariableResult:
    key: str
    label: str
    levels: tuple[Level, ...]
    merged: bool  # levels were merged so that every count may be shown
    distribution_test: AssociationTest | None  # (a) does the criterion differ between groups?
    dependence_test: AssociationTest | None  # (b) does the outcome depend on the criterion?
    within: Stratified  # (c) the gap within levels
    decomposition: Decomposition  # (d) how much of the gap the criterion accounts for
    verdict: Verdict

    @property
    def examinable(self) -> bool:
        """False when every level had to be merged into one: nothing to compare within."""
        return len(self.levels) > 1


@dataclass(frozen=True)
class CriterionResult:
    kind: Criterion
    variables: tuple[VariableResult, ...]
    verdict: Verdict


@dataclass(frozen=True)
class Comparable:
    """The gap among the clients the criteria call comparable."""

    conditions: tuple[str, ...]
    gap: GroupGap | None  # None when a count would be too small to show
    n: int


@dataclass(frozen=True)
class UnmetAccommodation:
    """ "Nej men skulle ha behövts": an accommodation needed and not given, per group."""

    key: str
    label: str
    gap: GroupGap | None  # share unmet in each group; None when too few to show


@dataclass(frozen=True)
class CriteriaAnalysis:
    groups: Groups
    raw: GroupGap | None  # None: too few to show the gap at all
    criteria: tuple[CriterionResult, ...]
    comparable: Comparable | None
    adjusted: Adjusted | None
    unmet: tuple[UnmetAccommodation, ...]
    verdict: Verdict
    threshold: int
    min_difference: float

    @property
    def n(self) -> int:
        return self.raw.difference.n if self.raw else 0

    def criterion(self, kind: Criterion) -> CriterionResult:
        for result in self.criteria:
            if result.kind is kind:
                return result
        raise KeyError(kind)
