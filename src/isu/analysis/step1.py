"""Step 1, "Vad ser vi?", in one call: quality, tables, change, observations.

>>> from isu.demo import generate
>>> from isu.analysis import analyse_records
>>> data = generate(children=300, seed=3)
>>> # result = analyse_records(validated_records, data.codebook)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from isu.analysis.change import PairedResult, change_families, with_change
from isu.analysis.criteria import CriteriaAnalysis, analyse_criteria, outcome_profiles
from isu.analysis.criteria.automatic import automatic_contrasts
from isu.analysis.cube import Counter
from isu.analysis.disaggregate import families, family_tables, profile_keys
from isu.analysis.disclosure import Release
from isu.analysis.frame import AnalysisFrame, Period, prepare
from isu.analysis.numeric import NumericTable, numeric_tables
from isu.analysis.observations import (
    MIN_DIFFERENCE,
    MIN_GROUP,
    Observation,
    observe,
    with_q_values,
)
from isu.analysis.quality import Quality, assess
from isu.analysis.tables import Table
from isu.codebook import Codebook

THRESHOLD = 5
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Settings:
    threshold: int = THRESHOLD  # counts 1..threshold-1 are hidden
    min_group: int = MIN_GROUP
    min_difference: float = MIN_DIFFERENCE
    fdr: float = 0.05
    period: Period | None = None


@dataclass(frozen=True)
class Step1:
    codebook: Codebook
    settings: Settings
    created: datetime.datetime
    quality: Quality
    tables: tuple[Table, ...]
    numeric: tuple[NumericTable, ...]
    paired_tests: tuple[PairedResult, ...]
    observations: tuple[Observation, ...]
    hidden_cells: int
    criteria: tuple[CriteriaAnalysis, ...] = ()

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)


def analyse_records(
    records: pd.DataFrame,
    codebook: Codebook,
    settings: Settings | None = None,
    *,
    progress: Progress | None = None,
) -> Step1:
    settings = settings or Settings()
    frame = prepare(records, codebook, period=settings.period)
    return analyse_frame(frame, settings, progress=progress)


def analyse_frame(
    frame: AnalysisFrame, settings: Settings, *, progress: Progress | None = None
) -> Step1:
    frame, paired = with_change(frame)
    release = Release(settings.threshold)
    work = [*families(frame), *change_families(frame)]
    profile = profile_keys(frame)
    counter: Counter | None = None
    tables: list[Table] = []
    for done, family in enumerate(work, start=1):
        if counter is None or counter.occasion != family.occasion_index:
            counter = Counter(frame, family.occasion_index, profile)
        tables.extend(family_tables(counter, family, release))
        if progress:
            progress(done, len(work))
    tables = with_q_values(tables, settings.fdr)
    observations = observe(
        tables,
        min_group=settings.min_group,
        min_difference=settings.min_difference,
        fdr=settings.fdr,
    )
    criteria = _criteria(frame, observations, settings)
    return Step1(
        frame.codebook,
        settings,
        datetime.datetime.now(datetime.UTC).replace(microsecond=0),
        assess(frame, settings.threshold, tables),
        tuple(tables),
        numeric_tables(frame, settings.threshold),
        paired,
        observations,
        release.hidden_cells,
        criteria,
    )


def _criteria(
    frame: AnalysisFrame, observations: tuple[Observation, ...], settings: Settings
) -> tuple[CriteriaAnalysis, ...]:
    """The automatic criteria analyses; those of one outcome share one pass over the records."""
    chosen = automatic_contrasts(frame, observations)
    profiles = {
        outcome: outcome_profiles(frame, outcome, [c for o, c in chosen if o == outcome])
        for outcome in dict.fromkeys(o for o, _c in chosen)
    }
    return tuple(
        analyse_criteria(
            frame,
            outcome,
            contrast,
            threshold=settings.threshold,
            min_difference=settings.min_difference,
            profiles=profiles[outcome],
        )
        for outcome, contrast in chosen
    )
