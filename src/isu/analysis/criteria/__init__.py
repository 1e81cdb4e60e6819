"""Unjustified differences ("omotiverade skillnader"): a gap in a decision or in participation
between two groups, tested against the method's criteria one by one and all together.

>>> from isu.analysis.criteria import Contrast, analyse_criteria
>>> # analyse_criteria(frame, "beslut_insats", Contrast("juridiskt_kon", ("kvinna",), ("man",)))

For each criterion (need; need met otherwise; consent or attitude — for participation: wish to
take part; consent; disability or language despite accommodations) and each of its variables:
(a) does the criterion differ between the groups, (b) does the outcome depend on it, (c) the gap
within its levels (Mantel–Haenszel) and whether it is the same in every level (Breslow–Day),
(d) how much of the gap it accounts for (Kitagawa). Then the gap in the comparable population and
the gap adjusted for every criterion (logistic regression, average marginal effect), and a
verdict in Swedish for each criterion and overall (:mod:`isu.analysis.criteria.verdicts`).
"""

from isu.analysis.criteria.adjusted import Adjusted, adjusted_gap
from isu.analysis.criteria.analysis import analyse_criteria, outcome_profiles
from isu.analysis.criteria.contrast import Contrast, ContrastError, Groups, sex_contrast
from isu.analysis.criteria.decomposition import Decomposition, decompose
from isu.analysis.criteria.results import (
    Comparable,
    CriteriaAnalysis,
    CriterionResult,
    GroupGap,
    Level,
    UnmetAccommodation,
    VariableResult,
)
from isu.analysis.criteria.stratified import (
    Estimate,
    Homogeneity,
    Stratified,
    mh_risk_difference,
    stratified,
)
from isu.analysis.criteria.verdicts import Outcome, Verdict

__all__ = [
    "Adjusted",
    "Comparable",
    "Contrast",
    "ContrastError",
    "CriteriaAnalysis",
    "CriterionResult",
    "Decomposition",
    "Estimate",
    "GroupGap",
    "Groups",
    "Homogeneity",
    "Level",
    "Outcome",
    "Stratified",
    "UnmetAccommodation",
    "VariableResult",
    "Verdict",
    "adjusted_gap",
    "analyse_criteria",
    "decompose",
    "mh_risk_difference",
    "outcome_profiles",
    "sex_contrast",
    "stratified",
]
