"""The criteria analysis on pooled packages: is the sex gap in a decision or in participation
explained by need, need met otherwise, consent, wish or accommodation, region-wide?

A package carries, for each criterion variable, the disclosure-controlled cube sex × criterion
level × outcome. For each variable the strata are (municipality, level): a stratum takes part
when its four counts (girls and boys, ja and nej) are all published, so that the pooled figures
are sums of published cells. Then, as in a municipality's own analysis
(:mod:`isu.analysis.criteria`): the gap within the strata (Mantel–Haenszel risk difference, with
municipality as part of the stratum, so that differences between municipalities are not taken
for an explanation) and whether it is the same in every stratum (Breslow–Day), the part of the
gap the criterion accounts for (Kitagawa), and the verdict of the method.

Criteria are examined one variable at a time. The adjustment for all criteria together
(a logistic regression on each person's combination of answers) needs those combinations, which
a package does not carry, so it is left to each municipality's own analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from isu.analysis.criteria.decomposition import Decomposition, decompose
from isu.analysis.criteria.stratified import Stratified, stratified
from isu.analysis.criteria.verdicts import (
    EXPLAINING_ORDER,
    Verdict,
    as_criterion,
    decide,
    gap_established,
    nothing_to_explain,
)
from isu.analysis.estimates import AssociationTest, Difference, association_test, difference
from isu.codebook import LEGAL_SEX
from isu.codebook.criteria import Criterion
from isu.i18n import _
from isu.region.load import Region
from isu.region.package import PackageTable
from isu.region.pool import reference_table

__all__ = ["PooledCriteria", "PooledCriterion", "PooledVariable", "pooled_criteria"]

IntArray = npt.NDArray[np.int64]
YES, NO = "ja", "nej"


@dataclass(frozen=True)
class PooledVariable:
    key: str
    label: str
    raw: Difference  # the gap in the strata that take part
    within: Stratified  # the gap within the same municipality and level
    decomposition: Decomposition
    verdict: Verdict
    strata: int  # (municipality, level) strata that take part
    left_out: int  # strata left out because a count is hidden
    municipalities: tuple[str, ...]  # with at least one stratum taking part


@dataclass(frozen=True)
class PooledCriterion:
    kind: Criterion
    variables: tuple[PooledVariable, ...]
    verdict: Verdict


@dataclass(frozen=True)
class PooledCriteria:
    outcome: str
    outcome_label: str
    occasion_label: str
    sexes: tuple[str, str]  # labels of the first and the second group
    raw: Difference | None  # girls minus boys in the pooled sex table; None when too little
    test: AssociationTest | None
    established: bool
    criteria: tuple[PooledCriterion, ...]


def pooled_criteria(region: Region, occasion: str, outcome: str) -> PooledCriteria:
    """Every criterion variable of *outcome* (at *occasion*) that the packages carry."""
    prefix = f"{occasion}/{outcome}/kriterium/"
    ids = list(
        dict.fromkeys(t.id for p in region.packages for t in p.tables if t.id.startswith(prefix))
    )
    sex_table = reference_table(region, f"{occasion}/{outcome}/kon")
    sexes = sex_table.axis(LEGAL_SEX).labels
    raw, test = _raw_gap(region, f"{occasion}/{outcome}/kon")
    established = raw is not None and test is not None and gap_established(raw, test.p_value)
    by_kind: dict[Criterion, list[PooledVariable]] = {}
    for table_id in ids:
        reference = reference_table(region, table_id)
        found = _variable(region, reference, established)
        if found is not None:
            by_kind.setdefault(Criterion(reference.criterion), []).append(found)
    criteria = tuple(
        PooledCriterion(kind, tuple(found), _rollup(found, established))
        for kind, found in by_kind.items()
    )
    variable = sex_table.axis(outcome)
    return PooledCriteria(
        outcome,
        variable.label,
        sex_table.occasion_label,
        (sexes[0], sexes[1]),
        raw,
        test,
        established,
        criteria,
    )


def _raw_gap(region: Region, table_id: str) -> tuple[Difference | None, AssociationTest | None]:
    """Girls against boys in ja/nej, over the municipalities that published all four counts."""
    total = np.zeros((2, 2), dtype=np.int64)
    for package in region.packages:
        table = package.table(table_id)
        if table is None:
            continue
        cells = _yes_no(table, table.margin(LEGAL_SEX, table.variable).values)
        if cells is not None:
            total += cells
    if (total.sum(axis=1) == 0).any():
        return None, None
    gap = difference(int(total[0, 0]), int(total[0].sum()), int(total[1, 0]), int(total[1].sum()))
    return gap, association_test(total)


def _yes_no(table: PackageTable, values: npt.NDArray[np.float64]) -> IntArray | None:
    """The sex × (ja, nej) cells of *values* (last axis the outcome), or None if any is hidden."""
    codes = table.axis(table.variable).codes
    cells = values[..., [codes.index(YES), codes.index(NO)]]
    if np.isnan(cells).any():
        return None
    return cells.astype(np.int64)


def _variable(region: Region, reference: PackageTable, established: bool) -> PooledVariable | None:
    key = reference.axes[1].key
    strata: list[IntArray] = []  # each: sex × (ja, nej)
    levels: list[int] = []
    municipalities: list[str] = []
    left_out = 0
    for package in region.packages:
        table = package.table(reference.id)
        if table is None or table.axes != reference.axes:
            continue
        base = table.margin(LEGAL_SEX, key, table.variable).values
        taking_part = False
        for level in range(base.shape[1]):
            cells = _yes_no(table, base[:, level, :])
            if cells is None:
                left_out += 1
            elif cells.sum():
                strata.append(cells)
                levels.append(level)
                taking_part = True
        if taking_part:
            municipalities.append(package.municipality)
    if not strata:
        return None
    stack = np.stack(strata)  # stratum × sex × (ja, nej)
    first = np.stack([stack[:, 0, 0], stack[:, 0].sum(axis=1)], axis=-1)
    second = np.stack([stack[:, 1, 0], stack[:, 1].sum(axis=1)], axis=-1)
    if first[:, 1].sum() == 0 or second[:, 1].sum() == 0:
        return None
    raw = difference(
        int(first[:, 0].sum()),
        int(first[:, 1].sum()),
        int(second[:, 0].sum()),
        int(second[:, 1].sum()),
    )
    within = stratified(first, second)
    parts = decompose(*_by_level(first, second, np.array(levels), reference.axes[1].size))
    kind = Criterion(reference.criterion)
    verdict = (
        decide(
            raw.estimate or 0.0,
            within.risk_difference,
            parts.composition,
            raw.n,
            may_maintain_inequality=kind.may_maintain_inequality,
        )
        if established
        else nothing_to_explain()
    )
    return PooledVariable(
        key,
        reference.axes[1].label,
        raw,
        within,
        parts,
        verdict,
        len(strata),
        left_out,
        tuple(municipalities),
    )


def _by_level(
    first: IntArray, second: IntArray, levels: IntArray, size: int
) -> tuple[IntArray, IntArray]:
    """Events and totals per criterion level, summed over the municipalities taking part."""
    pooled = []
    for group in (first, second):
        events = np.bincount(levels, weights=group[:, 0], minlength=size)
        totals = np.bincount(levels, weights=group[:, 1], minlength=size)
        pooled.append(np.stack([events, totals], axis=-1).astype(np.int64))
    return pooled[0], pooled[1]


def _rollup(found: Sequence[PooledVariable], established: bool) -> Verdict:
    """A criterion explains as much as its most explaining variable (as in the own analysis)."""
    if not established or not found:
        return nothing_to_explain()
    best = min(
        found,
        key=lambda v: (
            EXPLAINING_ORDER.index(v.verdict.outcome),
            -(v.decomposition.explained_share or 0.0),
        ),
    )
    return as_criterion(best.verdict)


NOTE = _(
    "Kriterierna prövas ett i taget på regionens sammanlagda tabeller. En samlad justering för "
    "alla kriterier samtidigt kräver uppgifter per person och görs bara i kommunens egen analys."
)
