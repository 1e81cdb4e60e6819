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

from isu.analysis.comparisons import compare_rows
from isu.analysis.cube import Counter
from isu.analysis.disclosure import ProtectedCube, Release
from isu.analysis.estimates import AssociationTest, association_test
from isu.analysis.frame import AnalysisFrame, Dimension, DimensionKind
from isu.analysis.tables import Table, build_rows
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
            if answered_at[dimension.key][index]:
                yield Family(occasion.code, occasion.label, dimension, index)


def _answered_by_occasion(frame: AnalysisFrame) -> dict[str, np.ndarray]:
    """How many records answered each dimension at each occasion, one pass per dimension."""
    occasions = np.where(frame.occasion < 0, len(frame.codebook.occasions), frame.occasion)
    size = len(frame.codebook.occasions) + 1
    return {
        key: np.bincount(occasions, weights=codes >= 0, minlength=size)
        for key, codes in frame.codes.items()
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


def family_tables(counter: Counter, family: Family, release: Release) -> list[Table]:
    """The sex table, the gender-identity table and one table per breakdown, in that order.

    *counter* counts the records of the family's occasion."""
    frame = counter.frame
    sex = frame.dimension(LEGAL_SEX)
    tables = [_table(counter, family, release, (sex,), "kon")]
    identity = frame.dimensions.get(GENDER_IDENTITY)
    if identity is not None:
        table = _table(counter, family, release, (identity,), "konsidentitet")
        if any(row.n for row in table.rows if not row.is_total and row.group[0][1]):
            tables.append(table)
    for dimension in breakdowns(frame):
        tables.append(_table(counter, family, release, (sex, dimension), dimension.key))
    return tables


def _table(
    counter: Counter,
    family: Family,
    release: Release,
    breakdown: tuple[Dimension, ...],
    name: str,
) -> Table:
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
    rows = build_rows(protected, cube.dims, counts.shape)
    table_id = f"{family.occasion}/{family.variable.key}/{name}"
    test, note = _test(protected, breakdown[-1], keys[-1])
    return Table(
        table_id,
        _title(family.variable, breakdown),
        family.occasion,
        family.occasion_label,
        family.variable,
        breakdown,
        rows,
        test,
        note,
        _hidden(protected),
        compare_rows(table_id, family.variable, breakdown, rows),
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
