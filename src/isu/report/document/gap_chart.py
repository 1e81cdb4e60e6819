"""A criteria analysis as a chart: the gap as it is, among comparable clients, and with every
criterion held equal — each with its 95 % interval and a zero line.

A board reads the verdict from this at a glance: a gap that shrinks towards zero once the
criteria are taken into account is explained by them; one that stays is not.
"""

from __future__ import annotations

from typing import Any

from isu.analysis.criteria import CriteriaAnalysis
from isu.analysis.formatting import interval_text, number
from isu.i18n import _
from isu.report.document.blocks import Figure

__all__ = ["gap_figure"]


def gap_figure(analysis: CriteriaAnalysis) -> Figure | None:
    values = _values(analysis)
    if not values:
        return None
    spec: dict[str, Any] = {
        "data": {"values": values},
        "width": 460,
        "height": {"step": 34},
        "encoding": {
            "y": {
                "field": "jamforelse",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 260, "labelFontSize": 12},
            },
        },
        "layer": [
            {
                "mark": {"type": "rule", "color": "#1A1A1A"},
                "encoding": {"x": {"datum": 0}, "y": {}},
            },
            {
                "mark": {"type": "errorbar", "ticks": True, "color": "#0072B2", "thickness": 2},
                "encoding": {
                    "x": {
                        "field": "low",
                        "type": "quantitative",
                        "title": _("Skillnad i procentenheter (95 % KI)"),
                    },
                    "x2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 90, "color": "#0072B2"},
                "encoding": {"x": {"field": "skillnad", "type": "quantitative"}},
            },
        ],
        "config": {"view": {"stroke": None}, "axis": {"titleFontSize": 12}},
    }
    g = analysis.groups
    alt = _("Skillnaden mellan {first} och {second} i «{outcome}»: {parts}.").format(
        first=g.first,
        second=g.second,
        outcome=g.outcome_label,
        parts="; ".join(f"{v['jamforelse']} {v['text']}" for v in values),
    )
    caption = _("Positiva värden: högre för {first}.").format(first=g.first)
    return Figure(spec, alt, caption, width=13.0)


def _values(analysis: CriteriaAnalysis) -> list[dict[str, Any]]:
    rows = []
    if analysis.raw is not None:
        d = analysis.raw.difference
        rows.append((_("Skillnad totalt"), d.estimate, d.low, d.high))
    comparable = analysis.comparable
    if comparable is not None and comparable.gap is not None:
        d = comparable.gap.difference
        rows.append((_("Bland jämförbara ärenden"), d.estimate, d.low, d.high))
    adjusted = analysis.adjusted
    if adjusted is not None and adjusted.fitted:
        e = adjusted.effect
        rows.append((_("När alla kriterier hålls lika"), e.estimate, e.low, e.high))
    values = []
    for label, estimate, low, high in rows:
        if estimate is None or low is None or high is None:
            continue
        text = f"{number(estimate * 100, 0)} ({interval_text(low, high, unit='')})"
        values.append(
            {
                "jamforelse": label,
                "skillnad": estimate * 100,
                "low": low * 100,
                "high": high * 100,
                "text": text,
            }
        )
    return values
