"""Step 1's tables: every need, intervention, result and participation variable by sex, by sex
combined with each background variable, by sex over time, and by gender identity.

All tables of one analysis go through one :class:`~isu.analysis.disclosure.Release`, lowest
dimension first, so a number hidden in one table cannot be recovered from another that shares
its margins. Records without an answer to the variable are left out of its tables (they are
reported in the data-quality section); records without a background answer form their own
"Uppgift saknas" row, so that the margins add up.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from isu.analysis.comparisons import candidates, comparisons, counts_of
from isu.analysis.cube import Counter
from isu.analysis.disclosure import ProtectedCube, Release
from isu.analysis.estimates import (
    AssociationTest,
    association_test,
    differences,
    shares,
    two_by_two_tests,
)
from isu.analysis.frame import AnalysisFrame, Dimension, DimensionKind
from isu.analysis.tables import Draft, Table, row_drafts, rows_from_drafts, share_requests
from isu.codebook import GENDER_IDENTITY, LEGAL_SEX, Role
from isu.i18n import _

ANALYSED_ROLES = frozenset(Role) - {Role.IDENTITY, Role.ADMINISTRATIVE, Role.BACKGROUND}


@dataclass(frozen=True)
class Family:
    """One variable at one occasion: the records that answered it."""

    occasion: str
    occasion_label: str
    variable: Dimension
    occasion_index: int

    @property
    def population(self) -> str:
        return f"{self.occasion}:{self.variable.key}"


def families(frame: AnalysisFrame) -> Iterator[Family]:
    """Every analysed variable at every occasion where it is measured and answered."""
    answered_at = _answered_by_occasion(frame)
    for index, occasion in enumerate(frame.codebook.occasions or ()):
        for dimension in frame.dimensions.values():
            variable = frame.codebook.get(dimension.variable)
            if variable is None or variable.role not in ANALYSED_ROLES:
                continue
            if dimension.key != variable.key and dimension.kind is not DimensionKind.OPTION:
                continue  # derived dimensions (change) have families of their own
            if not variable.measured_at(occasion.code):
                continue
            if dimension.key in answered_at and answered_at[dimension.key][index]:
                yield Family(occasion.code, occasion.label, dimension, index)


def _answered_by_occasion(frame: AnalysisFrame) -> dict[str, np.ndarray]:
    """How many records answered each dimension at each occasion, one pass per dimension."""
    rows = [frame.occasion == index for index in range(len(frame.codebook.occasions))]
    return {
        key: np.array([np.count_nonzero(codes[at] >= 0) for at in rows])
        for key, codes in frame.codes.items()
        if frame.dimensions[key].role in ANALYSED_ROLES
    }


def breakdowns(frame: AnalysisFrame) -> tuple[Dimension, ...]:
    """Background dimensions crossed with sex: every background variable, then the period."""
    found = [
        d
        for d in frame.dimensions.values()
        if d.role is Role.BACKGROUND
        and d.key not in (LEGAL_SEX, GENDER_IDENTITY)
        and d.kind is not DimensionKind.PERIOD
    ]
    period = frame.dimensions.get("period")
    return (*found, period) if period is not None else tuple(found)


def profile_keys(frame: AnalysisFrame) -> tuple[str, ...]:
    """Every dimension a variable is broken down by: sex, gender identity, the breakdowns."""
    keys = [LEGAL_SEX]
    if GENDER_IDENTITY in frame.dimensions:
        keys.append(GENDER_IDENTITY)
    return (*keys, *(d.key for d in breakdowns(frame)))


@dataclass(frozen=True)
class _Protected:
    """One table of a family after suppression, before its estimates are computed."""

    name: str
    breakdown: tuple[Dimension, ...]
    dims: tuple[Dimension, ...]
    protected: ProtectedCube
    drafts: list[Draft]


def family_tables(counter: Counter, family: Family, release: Release) -> list[Table]:
    """The sex table, the gender-identity table and one table per breakdown, in that order.

    *counter* counts the records of the family's occasion. All tables of the family are
    suppressed first; then every interval, difference and test of the family is computed in
    one vectorised call each (a statsmodels call costs the same for one value as for a thousand).
    """
    frame = counter.frame
    sex = frame.dimension(LEGAL_SEX)
    wanted: list[tuple[Dimension, ...]] = [(sex,)]
    if GENDER_IDENTITY in frame.dimensions:
        wanted.append((frame.dimension(GENDER_IDENTITY),))
    wanted.extend((sex, dimension) for dimension in breakdowns(frame))
    drafts = [_protect(counter, family, release, breakdown) for breakdown in wanted]
    drafts = [d for d in drafts if d.name != GENDER_IDENTITY or _has_identity(d)]
    requests = [r for d in drafts for r in share_requests(d.drafts)]
    estimated = iter(shares([k for k, _n in requests], [n for _k, n in requests]))
    rows = [rows_from_drafts(d.drafts, estimated) for d in drafts]
    found = [candidates(family.variable, d.breakdown, r) for d, r in zip(drafts, rows, strict=True)]
    k1, n1, k2, n2 = counts_of([c for f in found for c in f])
    gaps, tests = iter(differences(k1, n1, k2, n2)), iter(two_by_two_tests(k1, n1, k2, n2))
    tables = []
    for draft, table_rows, table_found in zip(drafts, rows, found, strict=True):
        table_id = f"{family.occasion}/{family.variable.key}/{draft.name}"
        compared = comparisons(
            table_id,
            family.variable,
            table_rows,
            table_found,
            [next(gaps) for _ in table_found],
            [next(tests) for _ in table_found],
        )
        test, note = _test(draft.protected, draft.breakdown[-1], family.variable.key)
        tables.append(
            Table(
                table_id,
                _title(family.variable, draft.breakdown),
                family.occasion,
                family.occasion_label,
                family.variable,
                draft.breakdown,
                table_rows,
                test,
                note,
                _hidden(draft.protected),
                compared,
            )
        )
    return tables


def _has_identity(draft: _Protected) -> bool:
    """Gender identity is shown only where someone answered it."""
    return any(n for group, _label, n, _counts in draft.drafts if group[0][1])


def _protect(
    counter: Counter, family: Family, release: Release, breakdown: tuple[Dimension, ...]
) -> _Protected:
    keys = (*(d.key for d in breakdown), family.variable.key)
    cube = counter.cube(keys, family.population)
    # Legal sex and the variable lose their missing level (not answered: not in the family);
    # other breakdowns keep it as an "Uppgift saknas" row, so that the margins add up.
    keep = tuple(
        slice(0, len(d)) if d.key == LEGAL_SEX or d is family.variable else slice(None)
        for d in cube.dims
    )
    counts = cube.counts[keep]
    margins = tuple(
        combo for r in range(len(keys) + 1) for combo in itertools.combinations(keys, r)
    )
    protected = release.protect(counts, keys, margins, population=family.population)
    name = "kon" if breakdown == (counter.frame.dimension(LEGAL_SEX),) else breakdown[-1].key
    return _Protected(
        name, breakdown, cube.dims, protected, row_drafts(protected, cube.dims, counts.shape)
    )


def _title(variable: Dimension, breakdown: tuple[Dimension, ...]) -> str:
    return _("{variable} efter {breakdown}").format(
        variable=variable.label, breakdown=" och ".join(d.label.lower() for d in breakdown)
    )


def _test(
    protected: ProtectedCube, group: Dimension, variable: str
) -> tuple[AssociationTest | None, str]:
    """Does the variable differ between the levels of the last breakdown (pooled over sex)?

    Run only when every cell it uses is published: a test statistic of a table with hidden
    cells could reveal them. The "uppgift saknas" level is left out of the test.
    """
    margin = protected.margin((group.key, variable))
    counts, hidden = margin.counts[: len(group)], margin.hidden[: len(group)]
    if hidden.any():
        return None, _("Inget test: tabellen har dolda värden, och ett test skulle kunna röja dem.")
    return association_test(np.asarray(counts)), ""


def _hidden(protected: ProtectedCube) -> int:
    return int(sum(int(m.hidden.sum()) for m in protected.margins.values()))
