"""Criteria analyses as worksheets: one overview row per analysis, one row per criterion level."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from isu.analysis.criteria import CriteriaAnalysis
from isu.analysis.criteria.texts import summary, variable_text
from isu.i18n import _

__all__ = ["FILE_NAME", "LEVELS", "OVERVIEW", "write_criteria_sheets", "write_criteria_xlsx"]

FILE_NAME = "kriterier.xlsx"
OVERVIEW, LEVELS = _("Kriterier"), _("Kriterier – nivåer")


def write_criteria_sheets(workbook: Any, analyses: Sequence[CriteriaAnalysis]) -> None:
    bold = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "text_wrap": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    pct = workbook.add_format({"num_format": "0.0 %"})
    overview = workbook.add_worksheet(OVERVIEW)
    headers = [
        _("Utfall"),
        _("Grupp 1"),
        _("Grupp 2"),
        _("Kriterium"),
        _("Variabel"),
        _("Bedömning"),
        _("Förklaring"),
    ]
    overview.write_row(0, 0, headers, bold)
    row = 1
    for a in analyses:
        g = a.groups
        overview.write_row(
            row,
            0,
            [
                g.outcome_label,
                g.first,
                g.second,
                _("Samlad bedömning"),
                "",
                a.verdict.label,
                summary(a),
            ],
            wrap,
        )
        row += 1
        for criterion in a.criteria:
            for variable in criterion.variables:
                overview.write_row(
                    row,
                    0,
                    [
                        g.outcome_label,
                        g.first,
                        g.second,
                        criterion.kind.label,
                        variable.label,
                        variable.verdict.label,
                        variable_text(a, variable),
                    ],
                    wrap,
                )
                row += 1
    overview.set_column(0, 2, 22)
    overview.set_column(3, 5, 28)
    overview.set_column(6, 6, 90)
    levels = workbook.add_worksheet(LEVELS)
    headers = [
        _("Utfall"),
        _("Grupp 1"),
        _("Grupp 2"),
        _("Variabel"),
        _("Nivå"),
        _("Antal grupp 1"),
        _("Andel av grupp 1"),
        _("Antal grupp 2"),
        _("Andel av grupp 2"),
        _("Antal med utfallet"),
        _("Antal på nivån"),
        _("Andel med utfallet"),
        _("Skillnad inom nivån"),
        _("KI låg"),
        _("KI hög"),
    ]
    levels.write_row(0, 0, headers, bold)
    row = 1
    for a in analyses:
        g = a.groups
        for criterion in a.criteria:
            for variable in criterion.variables:
                for level in variable.levels:
                    levels.write_row(
                        row, 0, [g.outcome_label, g.first, g.second, variable.label, level.label]
                    )
                    levels.write_number(row, 5, level.first.k)
                    _share(levels, row, 6, level.first.estimate, pct)
                    levels.write_number(row, 7, level.second.k)
                    _share(levels, row, 8, level.second.estimate, pct)
                    levels.write_number(row, 9, level.outcome.k)
                    levels.write_number(row, 10, level.outcome.n)
                    _share(levels, row, 11, level.outcome.estimate, pct)
                    gap = level.gap
                    bounds = (
                        (None, None, None) if gap is None else (gap.estimate, gap.low, gap.high)
                    )
                    for col, value in zip((12, 13, 14), bounds, strict=True):
                        _share(levels, row, col, value, pct)
                    row += 1
    levels.set_column(0, 4, 24)
    levels.set_column(5, 14, 12)


def _share(sheet: Any, row: int, col: int, value: float | None, fmt: Any) -> None:
    if value is None:
        sheet.write_string(row, col, "–")
    else:
        sheet.write_number(row, col, value, fmt)


def write_criteria_xlsx(analyses: Sequence[CriteriaAnalysis], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    workbook = xlsxwriter.Workbook(str(path))
    try:
        write_criteria_sheets(workbook, analyses)
    finally:
        workbook.close()
    return path
