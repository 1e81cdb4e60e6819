"""What the workspace pages show of an analysis: its items by kind, pins resolved against the
step-1 result of the follow-up, readable values, the links a form offers and the 2×2 matrix.

Figures are never stored with a pin: they are looked up in the cached result
(:func:`isu.web.followups.analysis_cache.result_for`), which holds only disclosure-controlled
numbers, so a pin always shows what the data say now.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from isu.analysis import Step1
from isu.analysis.criteria.texts import summary
from isu.report.document import Effect, Effort, Pin, PinKind, guidance, resolve
from isu.report.document.blocks import Figure, Grid
from isu.report.document.content import table_grid
from isu.report.document.gap_chart import gap_figure
from isu.report.document.images import svg
from isu.report.document.model import Document
from isu.report.step1_chart import chart_spec, chart_summary
from isu.web.analyses.document import LINKS
from isu.web.analyses.forms import FORMS
from isu.web.analyses.models import Analysis, Item, Kind
from isu.web.followups import analysis_cache
from isu.web.followups.dashboard_views import BREAKDOWN, OCCASION, VARIABLE


def step1_result(analysis: Analysis) -> Step1 | None:
    """The follow-up's step-1 result, or None while it has no records."""
    followup = analysis.followup
    return analysis_cache.result_for(followup) if followup.records.exists() else None


@dataclass(frozen=True)
class PinView:
    item: Item
    kind_label: str
    title: str
    text: str  # the observation, or the criteria analysis's summary
    found: bool
    url: str  # the table on the dashboard, when there is one
    verdict: Any = None  # a criteria analysis's verdict, shown as a badge
    figure: Figure | None = None  # the table's or the gap's chart, drawn as SVG
    grid: Grid | None = None  # a pinned table's shares with intervals

    @property
    def chart(self) -> str:
        """The chart as inline SVG: drawn on the server, so no script and no inline style."""
        return mark_safe(svg(self.figure.spec)) if self.figure else ""


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    differs: bool = False  # in a conflict: this field's value is not the same in the two versions


@dataclass(frozen=True)
class Entry:
    """An item as a template shows it: its values and a name for screen-reader link texts."""

    item: Item
    fields: list[Field]
    label: str

    @property
    def key(self) -> str:
        return self.item.key


class Workspace:
    """The live items of one analysis, loaded once, and what the templates need of them."""

    def __init__(self, analysis: Analysis, result: Step1 | None) -> None:
        self.analysis, self.result = analysis, result
        self.items = list(analysis.live_items())

    def of(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def single(self, kind: str) -> Item:
        return next(i for i in self.items if i.kind == kind)

    @cached_property
    def pins(self) -> list[PinView]:
        items = self.of(Kind.PIN)
        if self.result is None:
            return [PinView(i, _kind_label(i), _("Steg 1 saknas"), "", False, "") for i in items]
        pins = tuple(Pin(i.key, PinKind(i.content["typ"]), i.content["ref"]) for i in items)
        report = resolve(Document(title="", pins=pins), self.result)
        return [
            _pin_view(item, resolved, self.analysis)
            for item, resolved in zip(items, report.pins, strict=True)
        ]

    @cached_property
    def titles(self) -> dict[str, str]:
        """A short, readable name for every item that others can link to."""
        names = {
            p.item.key: f"{p.title}: {_short(p.text or p.item.content.get('kommentar', ''))}"
            for p in self.pins
        }
        for kind in (Kind.REFLECTION, Kind.CONCLUSION):
            for item in self.of(kind):
                names[item.key] = _short(item.content.get("text", ""))
        return names

    def link_choices(self, excluding: str = "") -> dict[str, list[tuple[str, str]]]:
        return {
            field: [(i.key, self.titles[i.key]) for i in self.of(kind) if i.key != excluding]
            for field, kind in LINKS.items()
        }

    def compare(self, theirs: list[Field], yours: list[Field]) -> tuple[list[Field], list[Field]]:
        """Both versions of a conflict with the fields that differ marked, each side showing
        also a field the other side left empty."""
        mine = {f.label: f.value for f in yours}
        other = {f.label: f.value for f in theirs}

        def marked(fields: list[Field], against: dict[str, str]) -> list[Field]:
            return [Field(f.label, f.value, against.get(f.label) != f.value) for f in fields]

        return marked(theirs, mine), marked(yours, other)

    def describe(self, item: Item | Any, kind: str | None = None) -> list[Field]:
        """The item's (or an old version's) values, labelled as in its form."""
        form = FORMS[kind or item.kind](analysis=self.analysis, links=self.link_choices())
        content = item.content
        described = []
        for name, field in form.fields.items():
            value = content.get(name)
            if value in (None, "", []) or isinstance(field.widget, forms.HiddenInput):
                continue
            described.append(Field(str(field.label), _readable(field, value, self.titles)))
        return described

    def entry(self, item: Item) -> Entry:
        return Entry(item, self.describe(item), self.titles.get(item.key) or Kind(item.kind).label)

    def entries(self, kind: str) -> list[Entry]:
        return [self.entry(i) for i in self.of(kind)]

    @property
    def header(self) -> Entry:
        return self.entry(self.single(Kind.HEADER))

    @property
    def bias(self) -> Entry:
        return self.entry(self.single(Kind.BIAS))

    @property
    def myth(self) -> Entry:
        return self.entry(self.single(Kind.MYTH))

    @property
    def reflections(self) -> list[tuple[str, Any, list[Entry]]]:
        """Per source of knowledge: its code, its guidance and its reflections."""
        by_source = self.entries(Kind.REFLECTION)
        return [
            (
                source.value,
                guide,
                [e for e in by_source if e.item.content.get("kalla") == source.value],
            )
            for source, guide in guidance.STEP2.items()
        ]

    @property
    def conclusions(self) -> list[Entry]:
        return self.entries(Kind.CONCLUSION)

    @property
    def actions(self) -> list[Entry]:
        return self.entries(Kind.ACTION)

    @property
    def stakeholders(self) -> list[Entry]:
        return self.entries(Kind.STAKEHOLDER)

    def matrix(self) -> list[dict[str, Any]]:
        """Effect (large first) × effort (easy first): the actions in each cell."""
        actions = self.of(Kind.ACTION)
        return [
            {
                "effect": effect.label,
                "cells": [
                    {
                        "effort": effort.label,
                        "actions": [
                            a
                            for a in actions
                            if a.content.get("effekt") == effect.value
                            and a.content.get("insats") == effort.value
                        ],
                    }
                    for effort in (Effort.EASY, Effort.HARD)
                ],
            }
            for effect in (Effect.LARGE, Effect.SMALL)
        ]


def _kind_label(item: Item) -> str:
    return PinKind(item.content["typ"]).label


def _pin_view(item: Item, resolved: Any, analysis: Analysis) -> PinView:
    text, url, verdict, figure, grid = "", "", None, None, None
    if resolved.observation is not None:
        text = resolved.observation.text
    elif resolved.criteria is not None:
        text, verdict = summary(resolved.criteria), resolved.criteria.verdict
        figure = gap_figure(resolved.criteria)
    if resolved.table is not None:
        grid = table_grid(resolved.table)
        spec = chart_spec(resolved.table)
        if spec is not None and resolved.observation is None:
            figure = Figure(spec, chart_summary(resolved.table, spec["data"]["values"]))
        occasion, variable, breakdown = (
            resolved.table.occasion,
            resolved.table.variable.key,
            resolved.table.id.rsplit("/", 1)[1],
        )
        query = urlencode({OCCASION: occasion, VARIABLE: variable, BREAKDOWN: breakdown})
        base = reverse("followups:dashboard", args=[analysis.followup_id])
        url = f"{base}?{query}#tabell"
    return PinView(
        item, _kind_label(item), resolved.title, text, resolved.found, url, verdict, figure, grid
    )


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(90)


def _readable(field: forms.Field, value: Any, titles: dict[str, str]) -> str:
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list):
        return "; ".join(str(choices.get(v) or titles.get(v, _("(borttagen)"))) for v in value)
    return str(choices.get(value, value)) if choices else str(value)


def pinned_refs(items: Sequence[Item]) -> set[str]:
    return {i.content.get("ref", "") for i in items if i.kind == Kind.PIN}
