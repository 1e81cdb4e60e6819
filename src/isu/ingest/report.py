"""The error report as an Excel workbook: every issue listed, and the faulty rows with the
faulty cells highlighted. Personnummer are masked here as everywhere else."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from isu.codebook import VariableType
from isu.i18n import _
from isu.identity import mask
from isu.ingest.issues import COLUMNS
from isu.ingest.validate import ValidationResult

MAX_FLAGGED_ROWS = 50_000
MESSAGE_CHARS_PER_LINE = 95  # what fits the 80-wide message column; sets row heights


def write_error_report(result: ValidationResult, target: Path | io.BytesIO) -> None:
    workbook = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_numbers": False})
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    error_cell = workbook.add_format(
        {"bg_color": "#F8CBAD", "border": 1, "border_color": "#C00000"}
    )
    warning_cell = workbook.add_format({"bg_color": "#FFF2CC"})
    summary = workbook.add_worksheet(_("Fel"))
    summary.write_row(0, 0, [_("Rad"), _("Kolumn"), _("Värde"), _("Meddelande"), _("Typ")], header)
    summary.freeze_panes(1, 0)
    for i, (row, *texts) in enumerate(
        result.issues[COLUMNS].itertuples(index=False, name=None), start=1
    ):
        summary.write_number(i, 0, int(row))
        summary.write_row(i, 1, [str(text) for text in texts])
        summary.set_row(i, 15 * (1 + len(str(texts[2])) // MESSAGE_CHARS_PER_LINE))
    summary.set_column(0, 0, 6)
    summary.set_column(1, 2, 24)
    summary.set_column(3, 3, 80, workbook.add_format({"text_wrap": True, "valign": "top"}))
    summary.set_column(4, 4, 9)
    _printable(summary)
    _write_flagged_rows(
        workbook.add_worksheet(_("Rader med fel")), result, header, error_cell, warning_cell
    )
    workbook.close()


def _printable(sheet: Any) -> None:
    """Landscape, one page wide, header repeated: people print these lists to work through."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _write_flagged_rows(
    sheet: Any, result: ValidationResult, header: Any, error_cell: Any, warning_cell: Any
) -> None:
    raw = result.raw
    cell_issues = result.issues[result.issues["row"] > 1]
    rows = sorted(set(cell_issues["row"].astype(int)))[:MAX_FLAGGED_ROWS]
    sheet.write_string(0, 0, _("Rad"), header)
    sheet.write_row(0, 1, list(raw.header), header)
    sheet.freeze_panes(1, 1)
    _printable(sheet)
    match = result.columns
    position_by_name = {position: match.names[key] for key, position in match.by_variable.items()}
    pnr_columns = {
        position
        for key, position in match.by_variable.items()
        if result.codebook[key].type is VariableType.PERSONNUMMER
    }
    flagged = {
        (int(row), column): severity
        for row, column, severity in cell_issues[["row", "column", "severity"]].itertuples(
            index=False, name=None
        )
    }
    data = raw.data.loc[rows] if rows else pd.DataFrame(columns=raw.data.columns)
    for position, name in enumerate(raw.header):
        longest = (
            max([len(name), *(len(str(v)) for v in data[position].head(200))])
            if position in data
            else len(name)
        )
        sheet.set_column(position + 1, position + 1, min(max(longest + 2, 10), 40))
    for out_row, (row_number, *values) in enumerate(data.itertuples(name=None), start=1):
        sheet.write_number(out_row, 0, int(row_number))
        for position, value in enumerate(values):
            text = (
                mask(str(value)) if position in pnr_columns and str(value).strip() else str(value)
            )
            severity = flagged.get((int(row_number), position_by_name.get(position, "")))
            style = error_cell if severity == "fel" else warning_cell if severity else None
            sheet.write_string(out_row, position + 1, text, style)
