"""The report's tables as an Excel workbook: one sheet per table, Swedish headers, and sheets for
the team's reflections, conclusions and actions so they can be sorted and followed up.

Cells hold the report's formatted figures ("58 % (52–64 %)", ``..`` for hidden values): the
workbook is a copy of the report's tables, not a new source of numbers.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import xlsxwriter

from isu.i18n import _
from isu.report.document.blocks import Grid
from isu.report.document.content import Numbering, build_sections
from isu.report.document.model import Document
from isu.report.document.resolve import Report

if TYPE_CHECKING:
    from isu.report.document.exports import Progress

__all__ = ["render_xlsx"]

MAX_SHEET_NAME = 31


def render_xlsx(report: Report, progress: Progress | None = None) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "header": workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True}),
        "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "link": workbook.add_format({"font_color": "blue", "underline": 1}),
    }
    index = workbook.add_worksheet(_("Innehåll"))
    index.write(0, 0, report.document.title, formats["title"])
    index.set_column(0, 0, 60)
    sheets: list[tuple[str, str]] = []
    grids = [b for s in build_sections(report) for b in s.blocks if isinstance(b, Grid)]
    for number, grid in enumerate(grids, start=1):
        name = _sheet_name(grid.sheet or _("Tabell {n}").format(n=number), sheets)
        _grid_sheet(workbook.add_worksheet(name), grid, formats)
        sheets.append((name, grid.caption))
    for name, caption, header, rows in _text_tables(report.document):
        if rows:
            name = _sheet_name(name, sheets)
            grid = Grid(caption, header, rows)
            _grid_sheet(workbook.add_worksheet(name), grid, formats)
            sheets.append((name, caption))
    for row, (name, caption) in enumerate(sheets, start=2):
        index.write_url(row, 0, f"internal:'{name}'!A1", formats["link"], f"{name}: {caption}")
    workbook.close()
    if progress is not None:  # a workbook takes milliseconds: one part
        progress(1, 1)
    return buffer.getvalue()


def _grid_sheet(sheet: Any, grid: Grid, formats: dict[str, Any]) -> None:
    sheet.write(0, 0, grid.caption, formats["title"])
    for col, text in enumerate(grid.header):
        sheet.write(2, col, text, formats["header"])
    for r, values in enumerate(grid.rows, start=3):
        for col, text in enumerate(values):
            sheet.write_string(r, col, text, formats["text"])
    for col in range(len(grid.header)):
        longest = max([len(grid.header[col])] + [len(v[col]) for v in grid.rows])
        sheet.set_column(col, col, min(max(10, longest + 2), 60))
    sheet.freeze_panes(3, grid.head_columns)


def _sheet_name(wanted: str, taken: list[tuple[str, str]]) -> str:
    names = {name for name, _caption in taken}
    base = "".join(c for c in wanted if c not in "[]:*?/\\")[:MAX_SHEET_NAME]
    name, k = base, 2
    while name in names:
        suffix = f" ({k})"
        name, k = base[: MAX_SHEET_NAME - len(suffix)] + suffix, k + 1
    return name


def _text_tables(
    d: Document,
) -> list[tuple[str, str, tuple[str, ...], tuple[tuple[str, ...], ...]]]:
    numbers = Numbering(d)
    reflections = tuple(
        (str(numbers.reflections[r.id]), r.source.label, r.text, numbers.pin_names(r.pins))
        for r in d.reflections
    )
    conclusions = tuple(
        (
            str(numbers.conclusions[c.id]),
            c.status.label,
            c.text,
            c.needed,
            c.maintains_inequality.label if c.maintains_inequality else "",
            c.norms,
            "; ".join(n.label for n in c.needs),
            ", ".join(
                x for x in (numbers.pin_names(c.pins), numbers.reflection_names(c.reflections)) if x
            ),
        )
        for c in d.conclusions
    )
    return [
        (
            _("Reflektioner"),
            _("Steg 2 – Vi reflekterar"),
            (_("Nr"), _("Kunskapskälla"), _("Reflektion"), _("Gäller")),
            reflections,
        ),
        (
            _("Slutsatser"),
            _("Steg 3 – Kan vi dra slutsatser?"),
            (
                _("Nr"),
                _("Status"),
                _("Slutsats"),
                _("Detta behöver vi veta"),
                _("Upprätthåller ojämställdhet?"),
                _("Normer"),
                _("För att gå vidare"),
                _("Bygger på"),
            ),
            conclusions,
        ),
    ]
