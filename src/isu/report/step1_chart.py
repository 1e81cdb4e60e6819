"""The chart of a step-1 table: a Vega-Lite spec of shares with 95 % intervals, and its words.

One chart for every place a table is drawn, so they all agree: the exported ``steg1.html``, the
analysis workspace and the dashboard of the web app, and the PDF, Word and PowerPoint reports.
Only tables that compare a variable between groups get one, a panel per compared category, with
the sexes in colours safe for colour blindness. :func:`chart_summary` says in words what the
chart shows, for the caption and for readers who cannot see it; the table it is drawn from is
its full text alternative. Hidden shares have no bar, and nothing is computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from isu.analysis.formatting import interval_text, percent
from isu.analysis.tables import ALL_LABEL, Row, Table
from isu.i18n import _
from isu.report.step1_json import level_label

__all__ = [
    "FORMAT_LOCALE",
    "SEX_COLOURS",
    "chart_spec",
    "chart_summary",
    "compared_categories",
]

SEX_COLOURS = ("#D55E00", "#0072B2")  # Okabe–Ito vermillion and blue: safe for colour blindness
TOTAL_COLOUR, MISSING_COLOUR = "#6B6B6B", "#B0B0B0"
# Swedish numbers in every chart, on screen or printed: a d3-format locale for Vega.
FORMAT_LOCALE = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", " kr"],
    "percent": "\u00a0%",
    "minus": "\u2212",
}


def compared_categories(table: Table) -> list[int]:
    """The indices of the categories the table compares between groups: one panel each."""
    wanted = {c.category for c in table.comparisons}
    return [k for k, code in enumerate(table.variable.codes) if code in wanted]


def _chart_data(table: Table) -> list[dict[str, Any]]:
    """One point per published share of a compared category; hidden shares have no bar."""
    sex_key = table.breakdown[0].key if table.breakdown else None
    values = []
    for k in compared_categories(table):
        for row in table.rows:
            share = row.cells[k].share
            if share is None or share.estimate is None or share.low is None or share.high is None:
                continue
            values.append(
                {
                    "grupp": row.label,
                    "kon": _sex_label(table, row, sex_key),
                    "kategori": table.variable.labels[k],
                    "andel": share.estimate,
                    "low": share.low,
                    "high": share.high,
                    "ki": interval_text(share.low, share.high),
                    "n": share.n,
                }
            )
    return values


def _sex_label(table: Table, row: Row, sex_key: str | None) -> str:
    if sex_key is None:
        return ALL_LABEL
    return level_label(table.breakdown[0], dict(row.group).get(sex_key))


def chart_spec(table: Table) -> dict[str, Any] | None:
    """A Vega-Lite spec: shares by group with 95 % intervals, one panel per compared category."""
    values = _chart_data(table)
    if not values:
        return None
    categories = list(dict.fromkeys(v["kategori"] for v in values))
    sexes = list(dict.fromkeys(v["kon"] for v in values))
    columns = min(len(categories), 3)
    y = {
        "field": "grupp",
        "type": "nominal",
        "sort": None,
        "title": None,
        "axis": {"labelLimit": 220},
    }
    x_title = _("Andel (med 95 % KI)")
    bars = {
        "mark": {"type": "bar", "height": {"band": 0.75}},
        "encoding": {
            "y": y,
            "x": {
                "field": "andel",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "axis": {"format": ".0%", "title": x_title, "tickCount": 5},
            },
            "color": {
                "field": "kon",
                "type": "nominal",
                "scale": {"domain": sexes, "range": [_colour(table, s) for s in sexes]},
                "legend": {
                    "title": table.breakdown[0].label if table.breakdown else None,
                    "orient": "top",
                },
            },
            "tooltip": [
                {"field": "grupp", "title": _("Grupp")},
                {"field": "kategori", "title": table.variable.label},
                {"field": "andel", "type": "quantitative", "format": ".1%", "title": _("Andel")},
                {"field": "ki", "title": _("95 % KI")},
                {"field": "n", "type": "quantitative", "title": "n"},
            ],
        },
    }
    whiskers = {
        "mark": {"type": "errorbar", "ticks": True, "color": "#1A1A1A"},
        "encoding": {
            "y": y,
            "x": {"field": "low", "type": "quantitative", "title": x_title},
            "x2": {"field": "high"},
        },
    }
    return {
        "data": {"values": values},
        "facet": {
            "field": "kategori",
            "type": "nominal",
            "sort": categories,
            "title": None,
            "header": {"labelFontSize": 13, "labelFontWeight": "bold", "labelLimit": 340},
        },
        "columns": columns,
        "spec": {
            "width": {1: 560, 2: 320}.get(columns, 200),
            "height": {"step": 16},
            "layer": [bars, whiskers],
        },
        "config": {
            "font": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
            "view": {"stroke": None},
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
        },
    }


def _colour(table: Table, label: str) -> str:
    sex = table.breakdown[0] if table.breakdown else None
    if sex is not None and label in sex.labels[:2]:
        return SEX_COLOURS[sex.labels.index(label)]
    return TOTAL_COLOUR if label == ALL_LABEL else MISSING_COLOUR


def chart_summary(table: Table, values: Sequence[dict[str, Any]]) -> str:
    """The chart in words: per category the groups with the highest and lowest share."""
    parts = []
    for category in dict.fromkeys(v["kategori"] for v in values):
        points = [v for v in values if v["kategori"] == category]
        top = max(points, key=lambda v: v["andel"])
        bottom = min(points, key=lambda v: v["andel"])
        parts.append(
            _(
                "«{category}»: högst för {top} ({top_share}, 95 % KI {top_ki}), lägst för {bottom} ({bottom_share}, 95 % KI {bottom_ki})."
            ).format(
                category=category,
                top=top["grupp"],
                top_share=percent(top["andel"]),
                top_ki=top["ki"],
                bottom=bottom["grupp"],
                bottom_share=percent(bottom["andel"]),
                bottom_ki=bottom["ki"],
            )
        )
    hidden = any(cell.count is None or row.n is None for row in table.rows for cell in row.cells)
    if hidden:
        parts.append(_("Grupper med dolda värden (..) saknar stapel."))
    return _("Diagrammet visar andelen per grupp.") + " " + " ".join(parts)
