"""The whole regional comparison of one variable in one call, for renderers to format.

>>> # result = analyse_region(load_region(paths), "beslut_insats", "ja")
"""

from __future__ import annotations

from dataclasses import dataclass

from isu.i18n import _
from isu.region.compare import RegionComparison, compare
from isu.region.criteria import PooledCriteria, pooled_criteria
from isu.region.load import Region
from isu.region.local import Local, local_comparisons
from isu.region.measures import PooledMeasure, pooled_measure
from isu.region.reference import Reference, ReferenceRow, matching
from isu.region.texts import comparison_findings, criteria_findings, local_findings

__all__ = ["ComparisonError", "RegionResult", "analyse_region", "default_variable", "table_for"]


class ComparisonError(ValueError):
    """A variable or category the packages cannot compare; the message is Swedish."""


@dataclass(frozen=True)
class RegionResult:
    region: Region
    comparison: RegionComparison
    findings: tuple[str, ...]
    locals: tuple[Local, ...]  # «Är det lika hos oss?» for every municipality
    local_findings: tuple[tuple[str, ...], ...]
    criteria: PooledCriteria | None
    criteria_findings: tuple[str, ...]
    reference: tuple[ReferenceRow, ...]  # reference figures for the same variable, if given
    measures: tuple[PooledMeasure, ...] = ()  # every numeric measure, mean by sex


def table_for(region: Region, variable: str, occasion: str | None = None) -> str:
    """The id of the sex table of *variable* (at *occasion*, default its first occasion)."""
    ids = [t.id for t in region.packages[0].tables if t.id.endswith(f"/{variable}/kon")]
    if occasion is not None:
        ids = [i for i in ids if i.startswith(f"{occasion}/")]
    if not ids:
        known = sorted({t.variable for t in region.packages[0].tables})
        raise ComparisonError(
            _("Variabeln «{variable}» finns inte i paketen. Möjliga: {known}.").format(
                variable=variable, known=", ".join(known)
            )
        )
    return ids[0]


def default_variable(region: Region) -> str:
    """The first outcome with criteria cubes, else the first variable in the packages."""
    tables = region.packages[0].tables
    chosen = next((t for t in tables if t.kind == "kriterium"), tables[0])
    return chosen.variable


def analyse_region(
    region: Region,
    variable: str,
    category: str,
    *,
    occasion: str | None = None,
    reference: Reference | None = None,
) -> RegionResult:
    table_id = table_for(region, variable, occasion)
    try:
        comparison = compare(region, table_id, category)
    except KeyError:
        raise ComparisonError(
            _("«{category}» är inget svarsalternativ för «{variable}».").format(
                category=category, variable=variable
            )
        ) from None
    locals_ = local_comparisons(comparison)
    criteria = None
    if category == "ja" and any("/kriterium/" in t.id for t in region.packages[0].tables):
        found = pooled_criteria(region, table_id.split("/")[0], comparison.variable)
        criteria = found if found.criteria else None
    return RegionResult(
        region,
        comparison,
        tuple(comparison_findings(comparison)),
        locals_,
        tuple(tuple(local_findings(local)) for local in locals_),
        criteria,
        tuple(criteria_findings(criteria)) if criteria else (),
        matching(reference, comparison) if reference else (),
        tuple(pooled_measure(region, i) for i in dict.fromkeys(_measure_ids(region))),
    )


def _measure_ids(region: Region) -> list[str]:
    return [m.id for p in region.packages for m in p.measures]
