"""Change between occasions for the same clients, and who is lost before the follow-up.

A client's first-occasion record is paired with their follow-up record through the pseudonym.
For an ordered scale, a step up the codebook's order counts as *förbättrad* (the templates list
scales from worst to best); for yes/no, a change from "nej" to "ja" is reported as such without
calling it better. Paired tests: Wilcoxon signed-rank for scales, McNemar for yes/no.

Change and attrition become ordinary dimensions of the analysis frame (on the follow-up and the
first-occasion records respectively), so they are tabulated, suppressed and compared by sex
exactly like every other variable.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from isu.analysis.disaggregate import Family
from isu.analysis.estimates import PairedTest, mcnemar_test, paired_ordinal_test
from isu.analysis.frame import AnalysisFrame, Codes, Dimension, DimensionKind
from isu.codebook import LEGAL_SEX, Role, Variable, VariableType
from isu.i18n import _

CHANGE_CODES = ("forbattrad", "oforandrad", "forsamrad")
YES_NO_CHANGE_CODES = ("nej_till_ja", "oforandrad", "ja_till_nej")
ATTRITION_KEY = "uppfoljning_saknas"
CHANGE_ROLES = (Role.OUTCOME, Role.GOAL_ATTAINMENT, Role.SATISFACTION, Role.PARTICIPATION)


@dataclass(frozen=True)
class PairedResult:
    """The paired test of one variable for one sex (code) or everyone (None)."""

    variable: str
    follow_up: str
    sex: str | None
    label: str
    test: PairedTest


def change_key(variable: str, follow_up: str) -> str:
    return f"forandring:{variable}:{follow_up}"


def change_families(frame: AnalysisFrame) -> list[Family]:
    """Change tables at their follow-up occasion, attrition at the first occasion."""
    occasions = frame.codebook.occasions
    found = []
    for key, dimension in frame.dimensions.items():
        if key == ATTRITION_KEY:
            index = 0
        elif key.startswith("forandring:"):
            index = next(i for i, o in enumerate(occasions) if key.endswith(":" + o.code))
        else:
            continue
        if (frame.codes[key][frame.occasion == index] >= 0).any():
            found.append(Family(occasions[index].code, occasions[index].label, dimension, index))
    return found


def with_change(frame: AnalysisFrame) -> tuple[AnalysisFrame, tuple[PairedResult, ...]]:
    """The frame with a change dimension per repeated variable and follow-up occasion, and an
    attrition dimension on the first occasion; plus the paired tests per sex."""
    dimensions, codes = dict(frame.dimensions), dict(frame.codes)
    tests: list[PairedResult] = []
    occasions = frame.codebook.occasions
    for follow_index in range(1, len(occasions)):
        follow_up = occasions[follow_index]
        before_row, after_row = _pairs(frame, follow_index)
        for variable in frame.codebook.variables:
            if (
                not _repeated(variable, occasions[0].code, follow_up.code)
                or variable.key not in codes
            ):
                continue
            key = change_key(variable.key, follow_up.code)
            before = frame.codes[variable.key][before_row].astype(np.int64)
            after = frame.codes[variable.key][after_row].astype(np.int64)
            known = (before >= 0) & (after >= 0)
            yes_no = variable.type is VariableType.YES_NO
            step = _direction(before, after, yes_no)
            column = np.full(len(frame), -1, dtype=np.int16)
            column[after_row[known]] = step[known]
            dimensions[key] = _change_dimension(
                key, variable.label, follow_up.label, variable.key, yes_no
            )
            codes[key] = column
            tests.extend(
                _tests(
                    frame, variable.key, follow_up.code, before_row, before, after, known, yes_no
                )
            )
    if len(occasions) > 1:
        dimensions[ATTRITION_KEY], codes[ATTRITION_KEY] = _attrition(frame)
    return replace(frame, dimensions=dimensions, codes=codes), tuple(tests)


def _repeated(variable: Variable, first: str, follow_up: str) -> bool:
    return (
        variable.role in CHANGE_ROLES
        and variable.measured_at(first)
        and variable.measured_at(follow_up)
        and (variable.ordered or variable.type is VariableType.YES_NO)
    )


def _pairs(frame: AnalysisFrame, follow_index: int) -> tuple[np.ndarray, np.ndarray]:
    """Row numbers of (first-occasion record, follow-up record) for clients with both."""
    first = np.flatnonzero(frame.occasion == 0)
    later = np.flatnonzero(frame.occasion == follow_index)
    row_of_first = np.full(frame.client.max() + 1 if len(frame) else 0, -1, dtype=np.int64)
    row_of_first[frame.client[first]] = first
    partner = row_of_first[frame.client[later]]
    paired = partner >= 0
    return partner[paired], later[paired]


def _direction(before: np.ndarray, after: np.ndarray, yes_no: bool) -> np.ndarray:
    """0 = better (or nej→ja), 1 = unchanged, 2 = worse (or ja→nej)."""
    if yes_no:  # codes: 0 ja, 1 nej, 2 vet ej; only ja/nej pairs count as a change
        return np.where(
            (before == 1) & (after == 0), 0, np.where((before == 0) & (after == 1), 2, 1)
        )
    return np.where(after > before, 0, np.where(after < before, 2, 1))


def _change_dimension(
    key: str, label: str, follow_up: str, variable: str, yes_no: bool
) -> Dimension:
    if yes_no:
        labels = (_("Från nej till ja"), _("Oförändrad"), _("Från ja till nej"))
        codes = YES_NO_CHANGE_CODES
    else:
        labels = (_("Förbättrad"), _("Oförändrad"), _("Försämrad"))
        codes = CHANGE_CODES
    title = _("Förändring i «{label}» till {follow_up}").format(
        label=label, follow_up=follow_up.lower()
    )
    return Dimension(key, title, codes, labels, variable, DimensionKind.CATEGORY, role=Role.OUTCOME)


def _tests(
    frame: AnalysisFrame,
    variable: str,
    follow_up: str,
    before_row: np.ndarray,
    before: np.ndarray,
    after: np.ndarray,
    known: np.ndarray,
    yes_no: bool,
) -> list[PairedResult]:
    sex = frame.dimension(LEGAL_SEX)
    sexes = frame.codes[LEGAL_SEX][before_row]
    groups: list[tuple[str | None, str, np.ndarray]] = [
        (code, sex.labels[i], sexes == i) for i, code in enumerate(sex.codes)
    ]
    groups.append((None, _("Alla"), np.ones(len(before_row), dtype=bool)))
    results = []
    for code, label, mask in groups:
        use = mask & known
        if yes_no:
            pair = (before[use], after[use])
            improved = int(((pair[0] == 1) & (pair[1] == 0)).sum())
            worse = int(((pair[0] == 0) & (pair[1] == 1)).sum())
            test = mcnemar_test(improved, worse, int(use.sum()) - improved - worse)
        else:
            test = paired_ordinal_test(before[use].astype(float), after[use].astype(float))
        results.append(PairedResult(variable, follow_up, code, label, test))
    return results


def _attrition(frame: AnalysisFrame) -> tuple[Dimension, Codes]:
    """On first-occasion records: ja = no later record for the client, nej = followed up.

    When the codebook has a yes/no intervention decided at the first occasion, only clients who
    were granted it are expected at a follow-up, so only they are counted.
    """
    followed = np.zeros(frame.client.max() + 1 if len(frame) else 0, dtype=bool)
    followed[frame.client[frame.occasion > 0]] = True
    expected = (frame.occasion == 0) & _due(frame)
    granted = _granted(frame)
    if granted is not None:
        expected &= granted
    column = np.where(expected, np.where(followed[frame.client], 1, 0), -1).astype(np.int16)
    label = (
        _("Uppföljning saknas (bland dem som beviljats insats)")
        if granted is not None
        else _("Uppföljning saknas")
    )
    dimension = Dimension(
        ATTRITION_KEY,
        label,
        ("ja", "nej"),
        (_("Ja"), _("Nej")),
        ATTRITION_KEY,
        DimensionKind.CATEGORY,
        role=Role.ADMINISTRATIVE,
    )
    return dimension, column


def _due(frame: AnalysisFrame) -> np.ndarray:
    """First-occasion records old enough that a follow-up should exist by the latest date in
    the data: first date + the median time to follow-up among those followed up."""
    before, after = _pairs(frame, 1)
    gaps = (frame.dates[after] - frame.dates[before]).astype("timedelta64[D]").astype(float)
    gaps = gaps[~np.isnan(gaps)] if gaps.size else gaps
    if gaps.size == 0 or np.isnat(frame.dates).all():
        return np.ones(len(frame), dtype=bool)
    latest = frame.dates[~np.isnat(frame.dates)].max()
    due_by = latest - np.timedelta64(int(np.median(gaps)), "D")
    return np.asarray(frame.dates <= due_by)


def _granted(frame: AnalysisFrame) -> np.ndarray | None:
    first = frame.codebook.occasions[0].code
    for variable in frame.codebook.with_role(Role.INTERVENTION):
        if (
            variable.type is VariableType.YES_NO
            and variable.measured_at(first)
            and variable.key in frame.codes
        ):
            return np.asarray(frame.codes[variable.key] == 0)
    return None
