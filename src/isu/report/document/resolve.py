"""Link an analysis to a step-1 result: each pin gets the table, observation or verdict it names.

Pins hold references, not numbers, so the report always shows what the result published (after
disclosure control) for the data it is built from. A pin whose reference the result no longer
holds — the data changed, a variable was removed — stays in the report with a note instead of
failing the whole export.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from isu.analysis.criteria import CriteriaAnalysis
from isu.analysis.observations import Observation
from isu.analysis.step1 import Step1
from isu.analysis.tables import Group, Table
from isu.i18n import _
from isu.report.document.model import Document, Pin, PinKind

__all__ = ["Report", "ResolvedPin", "criteria_key", "observation_key", "resolve"]


def observation_key(observation: Observation) -> str:
    """A key that names the same comparison in every revision of the data."""
    c = observation.comparison
    if c is None:
        return f"{observation.table}#{observation.kind}"
    return f"{observation.table}#{c.category}#{_group(c.first)}#{_group(c.second)}"


def criteria_key(analysis: CriteriaAnalysis) -> str:
    g = analysis.groups
    return f"{g.occasion}/{g.outcome}/{g.contrast}"


def _group(group: Group) -> str:
    return ",".join(f"{key}={code or '*'}" for key, code in group)


@dataclass(frozen=True)
class ResolvedPin:
    pin: Pin
    title: str
    table: Table | None = None  # the table itself, or the table an observation comes from
    observation: Observation | None = None
    criteria: CriteriaAnalysis | None = None

    @property
    def found(self) -> bool:
        return any(x is not None for x in (self.table, self.observation, self.criteria))


@dataclass(frozen=True)
class Report:
    """What every renderer reads: the team's document and the result its pins point into."""

    document: Document
    result: Step1
    pins: tuple[ResolvedPin, ...]

    def pins_by_id(self) -> dict[str, ResolvedPin]:
        return {p.pin.id: p for p in self.pins}

    def tables(self) -> list[Table]:
        """The tables the pins show, each once, in pin order."""
        seen: dict[str, Table] = {}
        for p in self.pins:
            if p.table is not None:
                seen.setdefault(p.table.id, p.table)
        return list(seen.values())

    def criteria(self) -> list[CriteriaAnalysis]:
        return _unique(p.criteria for p in self.pins)


def _unique(items: Iterable[CriteriaAnalysis | None]) -> list[CriteriaAnalysis]:
    found: dict[int, CriteriaAnalysis] = {}
    for item in items:
        if item is not None:
            found.setdefault(id(item), item)
    return list(found.values())


def resolve(document: Document, result: Step1) -> Report:
    tables = {t.id: t for t in result.tables}
    observations = {observation_key(o): o for o in result.observations}
    criteria = {criteria_key(a): a for a in result.criteria}
    pins = []
    for pin in document.pins:
        if pin.kind is PinKind.TABLE and pin.ref in tables:
            table = tables[pin.ref]
            pins.append(ResolvedPin(pin, table.title, table=table))
        elif pin.kind is PinKind.OBSERVATION and pin.ref in observations:
            observation = observations[pin.ref]
            table = tables[observation.table]
            pins.append(ResolvedPin(pin, table.title, table=table, observation=observation))
        elif pin.kind is PinKind.CRITERIA and pin.ref in criteria:
            analysis = criteria[pin.ref]
            title = _("{outcome} – {first} jämfört med {second}").format(
                outcome=analysis.groups.outcome_label,
                first=analysis.groups.first,
                second=analysis.groups.second,
            )
            pins.append(ResolvedPin(pin, title, criteria=analysis))
        else:
            pins.append(ResolvedPin(pin, _("Finns inte längre i resultatet")))
    return Report(document, result, tuple(pins))
