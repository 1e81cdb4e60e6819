"""The criteria analyses of a step-1 result, prepared for the dashboard template.

The texts come from :mod:`isu.analysis.criteria.texts`, the same as in ``steg1.html``, so the
page and the downloads say the same; this module only arranges them for the template.
"""

from __future__ import annotations

from typing import Any

from isu.analysis import Step1
from isu.analysis.criteria import CriteriaAnalysis
from isu.analysis.criteria.texts import (
    METHODS,
    comparable_texts,
    level_cells,
    level_headers,
    merged_note,
    summary,
    unmet_text,
    variable_text,
)
from isu.i18n import _


def criteria_sections(result: Step1) -> dict[str, Any]:
    threshold = result.settings.threshold
    return {
        "analyses": [_analysis(a) for a in result.criteria],
        "methods": [text.format(threshold=threshold) for text in METHODS.values()],
    }


def _analysis(analysis: CriteriaAnalysis) -> dict[str, Any]:
    g = analysis.groups
    return {
        "heading": _("{outcome}: {first} jämfört med {second}").format(
            outcome=g.outcome_label, first=g.first, second=g.second
        ),
        "verdict": analysis.verdict,
        "summary": summary(analysis),
        "headers": [_("Nivå"), *level_headers(analysis)],
        "criteria": [
            {
                "label": c.kind.label,
                "question": c.kind.question,
                "verdict": c.verdict,
                "variables": [
                    {
                        "label": v.label,
                        "verdict": v.verdict,
                        "text": variable_text(analysis, v),
                        "rows": [(level.label, level_cells(level)) for level in v.levels]
                        if v.examinable
                        else [],
                        "note": merged_note(analysis) if v.merged and v.examinable else "",
                    }
                    for v in c.variables
                ],
            }
            for c in analysis.criteria
        ],
        "comparable": comparable_texts(analysis),
        "unmet": [unmet_text(analysis, u) for u in analysis.unmet],
    }
