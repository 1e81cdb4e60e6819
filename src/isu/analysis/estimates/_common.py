"""Constants and argument checks shared by the estimate modules."""

from __future__ import annotations

import math
import operator

NOT_TESTABLE = "not_testable"

# McNemar: below this many discordant pairs the chi-square approximation is poor, so the exact
# binomial version is used (a common rule of thumb).
MCNEMAR_EXACT_BELOW = 25

# R×C Fisher test: scipy's exact p-value enumerates all n! pairings of the observations, which
# is fast (well under 0.2 s) only up to n = 6; larger tables get a seeded Monte Carlo p-value
# from this many random tables (standard error at most 0.005).
FISHER_RXC_EXACT_MAX_PAIRINGS = 720
FISHER_RXC_RESAMPLES = 9999


def _check_confidence(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    return float(confidence)


def _count(value: int, name: str) -> int:
    """An integer count >= 0; numpy integers are accepted, floats and bools are not."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer, got a bool")
    number = operator.index(value)
    if number < 0:
        raise ValueError(f"{name} must be >= 0, got {number}")
    return number


def _optional(value: float) -> float | None:
    """A plain float, or None for NaN (scipy's 'undefined')."""
    value = float(value)
    return None if math.isnan(value) else value
