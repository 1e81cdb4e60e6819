"""Criteria analyses as worksheets: one overview row per analysis, one row per criterion level."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from isu.analysis.criteria import CriteriaAnalysis
from isu.analysis.criteria.texts import summary, variable_text
from isu.i18n import _

__all__ = ["FILE_NAME", "LEVELS", "OVERVIEW", "write_criteria_sheets", "write_criteria_xlsx"]

FILE_NAME = "kriterier.xlsx"
OVERVIEW, LEVELS = _("Kriterier"), _("Kriterier – nivåer")


OVERVIEW_HEADERS = (
    _("Utfall"),
    _("Grupp 1"),
    _("Grupp 2"),
    _("Kriterium"),
    _("Variabel"),
    _("Bedömning"),
    _("Förklaring"),
)
LEVEL_HEADERS = (
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
)
LEVEL_SHARES = frozenset({6, 8, 11, 12, 13, 14})  # columns of proportions, shown as percent
Cell = str | int | float | None


def write_criteria_sheets(workbook: Any, analyses: Sequence[CriteriaAnalysis]) -> None:
    """Two sheets: a verdict per analysis and per criterion variable, and every level's counts."""
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "text_wrap": True}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "pct": workbook.add_format({"num_format": "0.0 %"}),
    }
    overview = _sheet(workbook, OVERVIEW, OVERVIEW_HEADERS, _overview_rows(analyses), formats)
    overview.set_column(0, 2, 22)
    overview.set_column(3, 5, 28)
    overview.set_column(6, 6, 90)
    levels = _sheet(workbook, LEVELS, LEVEL_HEADERS, _level_rows(analyses), formats, LEVEL_SHARES)
    levels.set_column(0, 4, 24)
    levels.set_column(5, 14, 12)


def _overview_rows(analyses: Sequence[CriteriaAnalysis]) -> Iterator[list[Cell]]:
    for a in analyses:
        g = a.groups
        head: list[Cell] = [g.outcome_label, g.first, g.second]
        yield [*head, _("Samlad bedömning"), "", a.verdict.label, summary(a)]
        for criterion in a.criteria:
            for v in criterion.variables:
                yield [*head, criterion.kind.label, v.label, v.verdict.label, variable_text(a, v)]


def _level_rows(analyses: Sequence[CriteriaAnalysis]) -> Iterator[list[Cell]]:
    for a in analyses:
        g = a.groups
        for criterion in a.criteria:
            for variable in criterion.variables:
                for level in variable.levels:
                    gap = level.gap
                    yield [
                        g.outcome_label,
                        g.first,
                        g.second,
                        variable.label,
                        level.label,
                        level.first.k,
                        level.first.estimate,
                        level.second.k,
                        level.second.estimate,
                        level.outcome.k,
                        level.outcome.n,
                        level.outcome.estimate,
                        *((None,) * 3 if gap is None else (gap.estimate, gap.low, gap.high)),
                    ]


def _sheet(
    workbook: Any,
    name: str,
    headers: Sequence[str],
    rows: Iterable[list[Cell]],
    formats: dict[str, Any],
    shares: frozenset[int] = frozenset(),
) -> Any:
    """A sheet of *rows* under *headers*: text wrapped, shares as percent, "–" for none."""
    sheet = workbook.add_worksheet(name)
    sheet.write_row(0, 0, headers, formats["header"])
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value is None:
                sheet.write_string(r, c, "–")
            elif isinstance(value, str):
                sheet.write_string(r, c, value, formats["wrap"])
            else:
                sheet.write_number(r, c, value, formats["pct"] if c in shares else None)
    return sheet


def write_criteria_xlsx(analyses: Sequence[CriteriaAnalysis], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    workbook = xlsxwriter.Workbook(str(path))
    try:
        write_criteria_sheets(workbook, analyses)
    finally:
        workbook.close()
    return path
