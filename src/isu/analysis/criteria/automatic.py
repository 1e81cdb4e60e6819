"""Which criteria analyses step 1 runs by itself.

The method asks for the criteria wherever a decision or participation differs: always girls
against boys (women against men) for every yes/no decision and participation variable that has
criteria in the codebook, and every group that step 1's observations found to differ from the
rest in such a variable (after the false-discovery-rate control of the observations, so the
scan of many background groups does not multiply false alarms).
"""

from __future__ import annotations

from collections.abc import Sequence

from isu.analysis.criteria.contrast import Contrast, sex_contrast
from isu.analysis.frame import AnalysisFrame, DimensionKind
from isu.analysis.observations import Observation
from isu.codebook import LEGAL_SEX, Role
from isu.codebook.criteria import criteria_for

OUTCOME_ROLES = (Role.INTERVENTION, Role.PARTICIPATION)
MAX_ANALYSES = 12


def outcomes(frame: AnalysisFrame) -> list[str]:
    """Yes/no decision and participation variables that have criteria in the codebook."""
    found = []
    for key, dimension in frame.dimensions.items():
        variable = frame.codebook.get(dimension.variable)
        if variable is None or variable.role not in OUTCOME_ROLES:
            continue
        if dimension.kind is not DimensionKind.CATEGORY or dimension.codes[:2] != ("ja", "nej"):
            continue
        answered = (frame.codes[key] == 0) | (frame.codes[key] == 1)
        if answered.any() and criteria_for(frame.codebook, key):
            found.append(key)
    return found


def automatic_contrasts(
    frame: AnalysisFrame, observations: Sequence[Observation]
) -> list[tuple[str, Contrast]]:
    """Girls against boys for every outcome, then, for each outcome and background variable
    (within a sex or for everyone), the observed group that differs most from the rest: the
    groups at the other end are largely its mirror image, and each analysis costs time."""
    wanted = outcomes(frame)
    chosen: list[tuple[str, Contrast]] = []
    if LEGAL_SEX in frame.dimensions:
        chosen += [(outcome, sex_contrast()) for outcome in wanted]
    largest: dict[tuple[str, str, tuple[tuple[str, str], ...]], tuple[float, Contrast]] = {}
    for observation in observations:
        c = observation.comparison
        if observation.kind != "skillnad" or c is None or c.kind not in ("grupp", "grupp_inom_kon"):
            continue
        outcome = c.table.split("/")[1]
        if outcome not in wanted or c.category != "ja" or len(c.first) != 2:
            continue
        (sex_key, sex_code), (key, code) = c.first
        if code is None or key not in frame.dimensions:
            continue
        if frame.dimensions[key].kind is DimensionKind.PERIOD:
            continue
        within = ((sex_key, sex_code),) if sex_code is not None else ()
        size = abs(c.difference.estimate or 0.0)
        slot = (outcome, key, within)
        if slot not in largest or size > largest[slot][0]:
            largest[slot] = (size, Contrast(key, (code,), (), within))
    chosen += [(outcome, contrast) for (outcome, _k, _w), (_s, contrast) in largest.items()]
    return chosen[:MAX_ANALYSES]
