"""Step 4's prioritisation as a chart: each action placed by effort (lätt/svår) and effect.

The method asks which actions give the greatest effect for the effort (Analysstöd, s. 21). The
four squares carry a plain advice ("Gör först" for easy actions with a large effect) and the
numbers of the actions in them, so the chart reads without colour and matches the action table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from isu.i18n import _
from isu.report.document.blocks import Figure
from isu.report.document.model import Action, Effect, Effort

__all__ = ["QUADRANTS", "matrix_figure", "matrix_spec"]

# (effort, effect) → advice and colour (Okabe–Ito, light tints so black text stays readable)
QUADRANTS: dict[tuple[Effort, Effect], tuple[str, str]] = {
    (Effort.EASY, Effect.LARGE): (_("Gör först"), "#BFE3C8"),
    (Effort.HARD, Effect.LARGE): (_("Planera"), "#CFE4F4"),
    (Effort.EASY, Effect.SMALL): (_("Gör när det passar"), "#F6E7B8"),
    (Effort.HARD, Effect.SMALL): (_("Ompröva"), "#E6E6E6"),
}


def matrix_spec(actions: Sequence[Action], numbers: Mapping[str, int]) -> dict[str, Any]:
    values = []
    for (effort, effect), (advice, colour) in QUADRANTS.items():
        placed = [numbers[a.id] for a in actions if a.effort is effort and a.effect is effect]
        listed = ", ".join(str(n) for n in placed) if placed else "–"
        values.append(
            {
                "insats": effort.label,
                "effekt": effect.label,
                "rad1": advice,
                "rad2": _("Åtgärd {numbers}").format(numbers=listed) if placed else listed,
                "farg": colour,
            }
        )
    x = {
        "field": "insats",
        "type": "nominal",
        "sort": [Effort.EASY.label, Effort.HARD.label],
        "title": _("Insats"),
        "axis": {"labelAngle": 0, "labelFontSize": 13, "orient": "top"},
    }
    y = {
        "field": "effekt",
        "type": "nominal",
        "sort": [Effect.LARGE.label, Effect.SMALL.label],
        "title": _("Effekt"),
        "axis": {"labelFontSize": 13},
    }
    return {
        "data": {"values": values},
        "width": 420,
        "height": 260,
        "encoding": {"x": x, "y": y},
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "#FFFFFF", "strokeWidth": 4},
                "encoding": {"color": {"field": "farg", "type": "nominal", "scale": None}},
            },
            {
                "mark": {"type": "text", "fontSize": 16, "fontWeight": "bold", "dy": -12},
                "encoding": {"text": {"field": "rad1"}},
            },
            {
                "mark": {"type": "text", "fontSize": 13, "dy": 12},
                "encoding": {"text": {"field": "rad2"}},
            },
        ],
        "config": {
            "font": "DejaVu Sans, Helvetica, Arial, sans-serif",
            "view": {"stroke": None},
            "axis": {"domain": False, "ticks": False, "titleFontSize": 13},
        },
    }


def matrix_text(actions: Sequence[Action], numbers: Mapping[str, int]) -> str:
    """The chart in words, square by square."""
    parts = []
    for (effort, effect), (advice, _colour) in QUADRANTS.items():
        placed = [str(numbers[a.id]) for a in actions if a.effort is effort and a.effect is effect]
        if placed:
            parts.append(
                _("{advice} ({effort}, {effect}): åtgärd {numbers}.").format(
                    advice=advice,
                    effort=effort.label.lower(),
                    effect=effect.label.lower(),
                    numbers=", ".join(placed),
                )
            )
    return _("Åtgärderna efter insats och effekt.") + " " + " ".join(parts)


def matrix_figure(actions: Sequence[Action], numbers: Mapping[str, int]) -> Figure:
    return Figure(
        matrix_spec(actions, numbers),
        matrix_text(actions, numbers),
        _("Insats och effekt: lätta åtgärder med stor effekt först."),
        width=12.0,
    )
