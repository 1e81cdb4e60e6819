"""The comparison page's pieces, formatted from the library's :class:`RegionResult`.

Nothing here computes a statistic: the shares, intervals, funnel limits, pooled gap and
«Är det lika hos oss?» all come from :func:`isu.region.analyse_region`; this module only picks
what to show and turns numbers into text. Hidden values stay «..». The funnel plots are the
library's Vega-Lite specs drawn as SVG on the server (no script, so they work under the CSP),
each with the points in words as a text alternative.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from isu.analysis.estimates import Share
from isu.analysis.formatting import interval_text, percent
from isu.region import Region, RegionResult
from isu.region.analysis import default_variable
from isu.region.compare import Funnel, RegionComparison
from isu.region.criteria import NOTE as CRITERIA_NOTE
from isu.region.texts import funnel_finding, gap_findings, left_out_text, plural, points_text
from isu.report.document.images import svg
from isu.report.region_html import ZONES, funnel_spec

OCCASION, VARIABLE, CATEGORY, MUNICIPALITY = "tillfalle", "variabel", "kategori", "kommun"
HIDDEN = ".."


@dataclass(frozen=True)
class Choice:
    """What to compare: occasion, variable, category; and whose «Är det lika hos oss?»."""

    occasion: str
    variable: str
    category: str
    municipality: str  # "" for none


class Picker:
    """The packages' sex tables by occasion and variable, and each variable's categories."""

    def __init__(self, region: Region) -> None:
        self.region = region
        self.tables = [
            t for t in region.packages[0].tables if t.kind == "tabell" and t.id.endswith("/kon")
        ]
        self.occasions = {t.occasion: t.occasion_label for t in self.tables}

    def choose(self, query: Mapping[str, str], own: str) -> tuple[Choice, bool]:
        """The choice asked for, or the default (the first decision with criteria, «ja»);
        False when the query asked for something the packages do not have."""
        wanted = self._table(query.get(OCCASION, ""), query.get(VARIABLE, ""))
        exact = wanted is not None or not (query.get(OCCASION) or query.get(VARIABLE))
        table = wanted or self._table("", default_variable(self.region)) or self.tables[0]
        codes = table.axis(table.variable).codes
        category = query.get(CATEGORY, "")
        if category not in codes:
            exact = exact and not category
            category = "ja" if "ja" in codes else codes[0]
        names = {m.casefold(): m for m in self.region.municipalities}
        municipality = names.get(query.get(MUNICIPALITY, own).strip().casefold(), "")
        if MUNICIPALITY in query and query[MUNICIPALITY] and not municipality:
            exact = False
        return Choice(table.occasion, table.variable, category, municipality), exact

    def _table(self, occasion: str, variable: str) -> Any:
        found = [t for t in self.tables if t.variable == variable]
        return next((t for t in found if t.occasion == occasion), found[0] if found else None)

    def fields(self, choice: Choice) -> list[dict[str, Any]]:
        table = self._table(choice.occasion, choice.variable)
        axis = table.axis(table.variable)
        variables: dict[str, str] = {}
        for t in self.tables:
            variables.setdefault(t.variable, t.axis(t.variable).label)
        none = [("", _("Ingen – visa hela regionen"))]
        return [
            _field(OCCASION, _("Tillfälle"), choice.occasion, list(self.occasions.items())),
            _field(VARIABLE, _("Uppgift"), choice.variable, list(variables.items())),
            _field(
                CATEGORY,
                _("Svarsalternativ"),
                choice.category,
                list(zip(axis.codes, axis.labels, strict=True)),
            ),
            _field(
                MUNICIPALITY,
                _("Är det lika hos oss? Jämför kommunen"),
                choice.municipality,
                none + [(m, m) for m in self.region.municipalities],
            ),
        ]


def _field(name: str, label: str, chosen: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    return {"name": name, "label": label, "chosen": chosen, "options": options}


def share_cells(share: Share | None) -> tuple[str, str, str]:
    if share is None or share.estimate is None:
        return HIDDEN, HIDDEN, HIDDEN
    return percent(share.estimate), interval_text(share.low, share.high), str(share.n)


def overview(result: RegionResult, own: str = "") -> dict[str, Any]:
    """The whole region; *own* is the municipality ringed in the funnel plots."""
    c = result.comparison
    subject = f"«{c.variable_label}: {c.category_label}»"
    return {
        "groups": [plural(label).capitalize() for label in c.sex_labels],
        "rows": [
            {
                "municipality": m.municipality,
                "cells": [share_cells(s) for s in m.shares],
                "gap": points_text(m.gap) if m.gap and m.gap.estimate is not None else HIDDEN,
            }
            for m in c.municipalities
        ],
        "pooled": [share_cells(s) for s in c.pooled_shares],
        "funnels": [_funnel(c, f, subject, own) for f in c.funnels],
        "gap": gap_findings(c),
        "left_out": _left_out(c),
        "findings": [*result.region.notes, *result.findings[:1]],
        "subject": subject,
    }


def _funnel(c: RegionComparison, f: Funnel, subject: str, own: str) -> dict[str, Any]:
    group = plural(f.sex_label)
    drawing: SafeString = mark_safe(svg(funnel_spec(c, f, own)))
    return {
        "title": group.capitalize(),
        "svg": drawing,
        "caption": _(
            "Trattdiagram för {group}: varje kommuns andel mot antalet (n), med regionens andel "
            "{target} och gränserna för 95 % och 99,8 %."
        ).format(group=group, target=percent(f.target.estimate))
        + (" " + _("Ringen visar {name}.").format(name=own) if own else ""),
        "finding": funnel_finding(f, subject),
        "points": [
            _("{name}: {share} (n={n}), {zone}").format(
                name=p.municipality,
                share=percent(p.share.estimate),
                n=p.share.n,
                zone=ZONES[p.zone.split("_")[-1]][0],
            )
            for p in f.points
        ],
    }


def _left_out(c: RegionComparison) -> list[dict[str, str]]:
    found = [
        {
            "figure": _("Andelen bland {group}").format(group=plural(label)),
            "text": left_out_text(p.left_out),
        }
        for p, label in zip(c.pooled, c.sex_labels, strict=True)
        if p.left_out
    ]
    if c.gap.left_out:
        found.append(
            {"figure": _("Skillnaden mellan könen"), "text": left_out_text(c.gap.left_out)}
        )
    return found


def local(result: RegionResult, municipality: str) -> dict[str, Any] | None:
    """«Är det lika hos oss?» for *municipality*: its figures against the rest of the region."""
    if not municipality:
        return None
    index = [m.casefold() for m in result.region.municipalities].index(municipality.casefold())
    found = result.locals[index]
    rows = []
    for row in found.rows:
        d = row.difference
        rows.append(
            {
                "group": plural(row.sex_label).capitalize(),
                "ours": share_cells(d.first if d else None),
                "rest": share_cells(d.second if d else None),
                "others": len(row.rest.included),
                "difference": points_text(d) if d and d.estimate is not None else HIDDEN,
                "verdict": ""
                if d is None or d.estimate is None
                else _("kan vara slump")
                if d.spans_zero
                else _("säkerställd"),
            }
        )
    return {
        "municipality": found.municipality,
        "rows": rows,
        "findings": result.local_findings[index],
    }


def criteria(result: RegionResult) -> dict[str, Any] | None:
    if result.criteria is None:
        return None
    return {
        "findings": result.criteria_findings,
        "verdicts": [
            {"criterion": c.kind.label, "verdict": c.verdict.label}
            for c in result.criteria.criteria
        ],
        "note": CRITERIA_NOTE,
    }
