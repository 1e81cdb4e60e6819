"""Verdicts: is a gap explained by a criterion, by all of them, or not — decided from intervals.

A criterion *explains* part of a gap when the composition part of the decomposition (the groups
are spread differently over the criterion's levels) has an interval on the same side of zero as
the gap. A gap *remains* when the gap within the criterion's levels (Mantel–Haenszel, or the
adjusted gap from the regression for all criteria together) has an interval on that side of zero.
Then:

=================  ===========  ===========================================================
explains           remains      verdict
=================  ===========  ===========================================================
yes                no           ``forklarad`` — motiverad enligt kriteriet
yes                yes          ``delvis_forklarad`` — a part is explained, a part remains
no                 yes          ``ej_forklarad`` — omotiverad enligt kriteriet
no                 no           ``kan_inte_avgoras`` — the intervals are too wide to tell
=================  ===========  ===========================================================

A remaining gap of the opposite sign (the other group is favoured within the same levels) is
``ej_forklarad`` too, and said so. Without an established raw gap there is nothing to explain
(``ingen_skillnad``), unless the interval of the raw gap is too wide to rule out a gap of the
size the analysis looks for (``kan_inte_avgoras``). Where the verdict cannot be reached, the
number of further cases that would make the interval narrow enough is estimated from the fact
that an interval's width shrinks with the square root of the number of cases.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from isu.analysis.criteria.stratified import Estimate
from isu.analysis.estimates import Difference
from isu.i18n import _

MIN_DIFFERENCE = 0.05  # the smallest gap worth acting on (as step 1's observations)
Z80 = 0.8416  # standard normal quantile for 80 % power
Z95 = 1.96


class Outcome(StrEnum):
    EXPLAINED = "forklarad"
    PARTLY = "delvis_forklarad"
    NOT_EXPLAINED = "ej_forklarad"
    UNDETERMINED = "kan_inte_avgoras"
    NO_GAP = "ingen_skillnad"


# From most to least explaining: a criterion takes the verdict of its most explaining variable.
EXPLAINING_ORDER = (
    Outcome.EXPLAINED,
    Outcome.PARTLY,
    Outcome.NOT_EXPLAINED,
    Outcome.UNDETERMINED,
    Outcome.NO_GAP,
)


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    label: str  # short Swedish label for a badge
    maintains_inequality: bool = False  # justified by consent or wishes: lawful, not harmless
    reversed: bool = False  # within the same levels the other group is favoured
    more_cases: int | None = None  # further cases needed before a verdict can be reached


def gap_established(raw: Difference, p_value: float | None, alpha: float = 0.05) -> bool:
    """The raw gap is taken as real when its test rejects and its interval excludes zero."""
    return p_value is not None and p_value <= alpha and not raw.spans_zero


def no_gap_verdict(raw: Difference, n: int, min_difference: float) -> Verdict:
    """For a gap that is not established; with the cases still needed when the interval is too
    wide to rule out a gap of *min_difference* (80 % power at the 5 % level)."""
    label = _("Ingen säkerställd skillnad")
    if raw.low is None or raw.high is None:
        return Verdict(Outcome.NO_GAP, label)
    target = min_difference * Z95 / (Z95 + Z80)
    return Verdict(Outcome.NO_GAP, label, more_cases=_more(n, (raw.high - raw.low) / 2, target))


def not_examinable() -> Verdict:
    """A criterion whose levels all had to be merged: it cannot be examined in these data."""
    return Verdict(Outcome.UNDETERMINED, _("För få för att pröva"))


def nothing_to_explain() -> Verdict:
    return Verdict(Outcome.NO_GAP, _("Ingen skillnad att förklara"))


def decide(
    total: float,
    remaining: Estimate,
    explained: Estimate | None,
    n: int,
    *,
    may_maintain_inequality: bool = False,
    overall: bool = False,
) -> Verdict:
    """The verdict for an established gap *total*.

    *remaining* is the gap once the criterion (or all criteria) is held equal; *explained* the
    part the criterion accounts for. Without *explained* (all criteria together), a part counts
    as explained when the remaining gap's interval excludes the raw gap.
    """
    side = 1.0 if total > 0 else -1.0
    remains = remaining.known and side * _near(remaining, side) > 0
    opposite = remaining.known and side * _far(remaining, side) < 0
    if explained is not None:
        explains = explained.known and side * _near(explained, side) > 0
    else:
        explains = remaining.known and side * _far(remaining, side) < abs(total)
    flagged = may_maintain_inequality
    if opposite:
        outcome = Outcome.NOT_EXPLAINED
    elif explains:
        outcome = Outcome.PARTLY if remains else Outcome.EXPLAINED
    elif remains:
        outcome = Outcome.NOT_EXPLAINED
    else:
        more = None
        if remaining.low is not None and remaining.high is not None:
            more = _more(n, (remaining.high - remaining.low) / 2, abs(total) / 2)
        return Verdict(Outcome.UNDETERMINED, _("Kan inte avgöras"), more_cases=more)
    flagged = flagged and outcome in (Outcome.EXPLAINED, Outcome.PARTLY)
    labels = _OVERALL if overall else _VARIABLE
    label = labels[(outcome, flagged)]
    return Verdict(outcome, label, maintains_inequality=flagged, reversed=opposite)


_CRITERION = {
    (Outcome.EXPLAINED, False): _("Motiverad enligt kriteriet"),
    (Outcome.EXPLAINED, True): _("Motiverad enligt kriteriet, men kan upprätthålla ojämställdhet"),
    (Outcome.PARTLY, False): _("Förklarar en del av skillnaden"),
    (Outcome.PARTLY, True): _("Förklarar en del – motiverad, men kan upprätthålla ojämställdhet"),
    (Outcome.NOT_EXPLAINED, False): _("Omotiverad enligt kriteriet"),
}
# A single variable that does not explain the gap is not itself "omotiverad": the criterion is,
# when none of its variables explains it (see as_criterion).
_VARIABLE = _CRITERION | {(Outcome.NOT_EXPLAINED, False): _("Förklarar inte skillnaden")}
_OVERALL = {
    (Outcome.EXPLAINED, False): _("Motiverad: förklaras av kriterierna"),
    (Outcome.EXPLAINED, True): _("Motiverad, men kan upprätthålla ojämställdhet"),
    (Outcome.PARTLY, False): _("Delvis förklarad – en omotiverad skillnad kvarstår"),
    (Outcome.PARTLY, True): _(
        "Delvis förklarad – en omotiverad skillnad kvarstår, och den förklarade delen kan "
        "upprätthålla ojämställdhet"
    ),
    (Outcome.NOT_EXPLAINED, False): _("Omotiverad skillnad"),
}


def as_criterion(verdict: Verdict) -> Verdict:
    """A variable's verdict as the verdict of its criterion (the method's wording)."""
    label = _CRITERION.get((verdict.outcome, verdict.maintains_inequality), verdict.label)
    return replace(verdict, label=label)


def _near(estimate: Estimate, side: float) -> float:
    """The bound of the interval nearest zero on the gap's side (low for a positive gap)."""
    assert estimate.low is not None and estimate.high is not None
    return estimate.low if side > 0 else estimate.high


def _far(estimate: Estimate, side: float) -> float:
    assert estimate.low is not None and estimate.high is not None
    return estimate.high if side > 0 else estimate.low


def _more(n: int, half_width: float, target: float) -> int | None:
    """Further cases for an interval of half-width *half_width* to shrink to *target*."""
    if target <= 0 or half_width <= target:
        return None
    return math.ceil(n * ((half_width / target) ** 2 - 1))
