"""Build a municipality's aggregate package from its validated records.

The tables are the ones step 1 publishes and the region can pool: every analysed variable by
sex, and by sex and each background variable with fixed levels, at every occasion; for decision
and participation outcomes with criteria in the codebook also sex × criterion variable ×
outcome. All of them go through one :class:`~isu.analysis.disclosure.Release`, lowest dimension
first, exactly as step 1 does, so a cell hidden in one table cannot be recovered from another.

Left out on purpose: the period (months and quarters differ between municipalities and would
split small counts further), background variables banded by the municipality's own quantiles
(their levels differ between municipalities), gender identity (sensitive, and too rare to pool
safely) and change between occasions.

>>> # package = build_package(records, codebook, municipality="Ale", period="2025")
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from isu.analysis.criteria.automatic import outcomes
from isu.analysis.criteria.profiles import dimensions_of
from isu.analysis.cube import Counter, count_cube
from isu.analysis.disaggregate import Family, breakdowns, families, profile_keys
from isu.analysis.disclosure import DEFAULT_THRESHOLD, ProtectedCube, Release
from isu.analysis.frame import AnalysisFrame, Dimension, DimensionKind, prepare
from isu.analysis.tables import level_codes, level_label
from isu.codebook import AGE, GENDER_IDENTITY, LEGAL_SEX, Codebook
from isu.codebook.criteria import criteria_for
from isu.region.package import Axis, Margin, Margins, Measure, Package, PackageTable

__all__ = ["build_package", "pooled_breakdowns"]

CRITERION = "kriterium"
TABLE = "tabell"


def build_package(
    records: pd.DataFrame,
    codebook: Codebook,
    *,
    municipality: str,
    period: str,
    threshold: int = DEFAULT_THRESHOLD,
) -> Package:
    """The disclosure-controlled package of *records* (validated, as :mod:`isu.ingest` returns
    them) for *municipality* and *period*."""
    frame = prepare(records, codebook)
    release = Release(threshold)
    tables = [table for family in families(frame) for table in _family(frame, family, release)]
    return Package(
        municipality.strip(),
        period.strip(),
        codebook.id,
        codebook.version,
        codebook.title,
        threshold,
        datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
        tuple(tables),
        _measures(frame, threshold),
    )


def pooled_breakdowns(frame: AnalysisFrame) -> tuple[Dimension, ...]:
    """Background dimensions whose levels are the same in every municipality."""
    return tuple(
        d
        for d in breakdowns(frame)
        if d.kind is not DimensionKind.PERIOD and (d.kind is not DimensionKind.BAND or d.key == AGE)
    )


def _family(frame: AnalysisFrame, family: Family, release: Release) -> Iterator[PackageTable]:
    """The family's sex table, its sex × background tables, then its criterion cubes.

    The tables are protected in exactly step 1's order, including those the package leaves out
    (gender identity, the period, quantile bands), so every cell the package shares with the
    municipality's own step-1 report gets the same decision: hidden in both or shown in both.
    """
    counter = Counter(frame, family.occasion_index, profile_keys(frame))
    sex = frame.dimension(LEGAL_SEX)
    wanted: list[tuple[Dimension, ...]] = [(sex,)]
    if GENDER_IDENTITY in frame.dimensions:
        wanted.append((frame.dimension(GENDER_IDENTITY),))
    wanted.extend((sex, d) for d in breakdowns(frame))
    exported = {d.key for d in pooled_breakdowns(frame)} | {LEGAL_SEX}
    for breakdown in wanted:
        keys = (*_keys(breakdown), family.variable.key)
        cube = counter.cube(keys, family.population)
        table = _protected(frame, family, release, breakdown[-1].key, cube.dims, cube.counts, TABLE)
        if breakdown[-1].key in exported and breakdown[0].key == LEGAL_SEX:
            yield table
    for key, criterion in _criterion_keys(frame, family).items():
        dims = (sex, frame.dimension(key), family.variable)
        at = frame.occasion == family.occasion_index
        counts = count_cube(frame, _keys(dims), at).counts
        table = _protected(frame, family, release, key, dims, counts, CRITERION)
        yield dataclasses.replace(table, criterion=criterion)


def _criterion_keys(frame: AnalysisFrame, family: Family) -> dict[str, str]:
    """The criterion dimensions of a yes/no decision or participation outcome, with the
    criterion each measures; none for other variables."""
    variable = family.variable
    if variable.key not in outcomes(frame):
        return {}
    skip = {LEGAL_SEX, variable.key, *_keys(pooled_breakdowns(frame))}
    found: dict[str, str] = {}
    for criterion in criteria_for(frame.codebook, variable.variable):
        for dimension in dimensions_of(frame, [v.key for v in criterion.variables]):
            if dimension.key not in skip:
                found.setdefault(dimension.key, criterion.kind.value)
    return found


def _protected(
    frame: AnalysisFrame,
    family: Family,
    release: Release,
    name: str,
    dims: Sequence[Dimension],
    counts: np.ndarray,
    kind: str,
) -> PackageTable:
    """Protect one cube and keep every published margin of it.

    Sex and the variable lose their missing level (not answered: not in the family); other
    dimensions keep it as «Uppgift saknas», so that the margins add up.
    """
    keep = tuple(_answered(d, family) for d in dims)
    counts = counts[
        tuple(slice(0, len(d)) if k else slice(None) for d, k in zip(dims, keep, strict=True))
    ]
    keys = _keys(dims)
    margins = [c for r in range(len(keys) + 1) for c in itertools.combinations(keys, r)]
    protected = release.protect(counts, keys, margins, population=family.population)
    axes = tuple(_axis(d, answered_only=k) for d, k in zip(dims, keep, strict=True))
    prefix = f"{family.occasion}/{family.variable.key}"
    name = "kon" if name == LEGAL_SEX else name
    return PackageTable(
        f"{prefix}/{name}" if kind == TABLE else f"{prefix}/{CRITERION}/{name}",
        kind,
        family.occasion,
        family.occasion_label,
        family.variable.key,
        axes,
        _published(protected),
    )


def _answered(dimension: Dimension, family: Family) -> bool:
    return dimension.key == LEGAL_SEX or dimension is family.variable


def _axis(dimension: Dimension, *, answered_only: bool) -> Axis:
    size = len(dimension) if answered_only else len(dimension) + 1
    codes = level_codes(dimension)[:size]
    return Axis(
        dimension.key,
        dimension.label,
        codes,
        tuple(level_label(dimension, i) for i in range(size)),
    )


def _published(protected: ProtectedCube) -> Margins:
    return Margins.of({dims: Margin(dims, m.published()) for dims, m in protected.margins.items()})


def _keys(dims: Sequence[Dimension]) -> tuple[str, ...]:
    return tuple(d.key for d in dims)


def _measures(frame: AnalysisFrame, threshold: int) -> tuple[Measure, ...]:
    """Count, sum and sum of squares by sex; a sex with fewer than *threshold* values is
    hidden. No total is published, so a hidden group cannot be found by subtraction."""
    sex = frame.dimension(LEGAL_SEX)
    found = []
    for index, occasion in enumerate(frame.codebook.occasions):
        at = frame.occasion == index
        for key, values in frame.numeric.items():
            if not frame.codebook[key].measured_at(occasion.code) or np.isnan(values[at]).all():
                continue
            moments: list[tuple[int, float, float] | None] = []
            for i in range(len(sex)):
                group = values[at & (frame.codes[LEGAL_SEX] == i)]
                group = group[~np.isnan(group)]
                shown = len(group) == 0 or len(group) >= threshold
                moments.append(
                    (len(group), float(group.sum()), float((group * group).sum()))
                    if shown
                    else None
                )
            label = frame.codebook[key].label
            found.append(
                Measure(
                    f"{occasion.code}/{key}", occasion.code, key, label, sex.codes, tuple(moments)
                )
            )
    return tuple(found)
