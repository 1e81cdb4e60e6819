"""An Excel template generated from a codebook: fill it in, then import it back.

One column per variable with dropdowns for answer options, an input message with each
variable's description, a frozen header, and a sheet that explains every variable. The header
row holds the variable keys, which is what the import matches on, so a filled template always
round-trips.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import xlsxwriter

from isu.codebook import Codebook, Variable, VariableType
from isu.i18n import _
from isu.ingest.text import excel_column

LAST_ROW = 1_048_575  # Excel's last row (0-based): validations cover the whole column
TYPE_NAMES = {
    VariableType.SELECT_ONE: _("Ett val"),
    VariableType.SELECT_MULTIPLE: _("Flera val (åtskilda med semikolon)"),
    VariableType.YES_NO: _("Ja / Nej / Vet ej"),
    VariableType.INTEGER: _("Heltal"),
    VariableType.DECIMAL: _("Tal (decimalkomma går bra)"),
    VariableType.DATE: _("Datum (ÅÅÅÅ-MM-DD)"),
    VariableType.TEXT: _("Text"),
    VariableType.PERSONNUMMER: _("Personnummer (ÅÅÅÅMMDD-NNNN)"),
}


def write_template(codebook: Codebook, target: Path | io.BytesIO) -> None:
    """Write an Excel data-entry template for *codebook* to *target*."""
    workbook = xlsxwriter.Workbook(target, {"in_memory": True})
    formats = {
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "text": workbook.add_format({"num_format": "@"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "bold": workbook.add_format({"bold": True, "valign": "top"}),
    }
    data = workbook.add_worksheet("Data")
    lists = workbook.add_worksheet("Listor")
    _write_variables_sheet(workbook.add_worksheet("Variabler"), codebook, formats)
    _write_about_sheet(workbook.add_worksheet("Om mallen"), codebook, formats)
    list_ranges = _write_lists(lists, codebook)
    lists.hide()
    data.freeze_panes(1, 0)
    data.set_row(0, 30)
    for column, variable in enumerate(codebook.variables):
        data.write_string(0, column, variable.key, formats["header"])
        cell_format = formats["date"] if variable.type is VariableType.DATE else formats["text"]
        numeric = variable.type.is_numeric
        data.set_column(
            column,
            column,
            max(14, min(len(variable.key) + 4, 30)),
            None if numeric else cell_format,
        )
        data.data_validation(
            1, column, LAST_ROW, column, _validation(variable, list_ranges.get(variable.key))
        )
    workbook.close()


def _validation(variable: Variable, list_range: str | None) -> dict[str, Any]:
    message = variable.description or variable.label
    rule: dict[str, Any] = {
        "input_title": variable.label[:32],
        "input_message": _shorten(
            f"{variable.label}\n{message}" if message != variable.label else message, 255
        ),
        "error_title": _("Ogiltigt värde"),
        "error_type": "stop",
    }
    if variable.type in (VariableType.SELECT_ONE, VariableType.YES_NO) and list_range:
        rule |= {
            "validate": "list",
            "source": list_range,
            "error_message": _("Välj ett alternativ i listan."),
        }
    elif variable.type is VariableType.INTEGER:
        rule |= {
            "validate": "integer",
            "criteria": "between",
            "minimum": -1_000_000_000,
            "maximum": 1_000_000_000,
            "error_message": _("Ange ett heltal."),
        }
    elif variable.type is VariableType.DECIMAL:
        rule |= {
            "validate": "decimal",
            "criteria": "between",
            "minimum": -1e12,
            "maximum": 1e12,
            "error_message": _("Ange ett tal."),
        }
    else:  # dates and text are checked at import, where the message can say more
        rule |= {"validate": "any"}
    if variable.type is VariableType.SELECT_MULTIPLE:
        options = "; ".join(c.label for c in variable.categories)
        rule["input_message"] = _shorten(_("Flera val, åtskilda med semikolon: ") + options, 255)
    return rule


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _write_lists(sheet: Any, codebook: Codebook) -> dict[str, str]:
    """Answer labels in a hidden sheet, one column per variable; Excel's inline list
    validations are limited to 255 characters, ranges are not."""
    ranges: dict[str, str] = {}
    column = 0
    for variable in codebook.variables:
        if not variable.categories:
            continue
        sheet.write_string(0, column, variable.key)
        for row, category in enumerate(variable.categories, start=1):
            sheet.write_string(row, column, category.label)
        letter = excel_column(column)
        ranges[variable.key] = f"=Listor!${letter}$2:${letter}${len(variable.categories) + 1}"
        column += 1
    return ranges


def _write_variables_sheet(sheet: Any, codebook: Codebook, formats: dict[str, Any]) -> None:
    headers = [
        _("Kolumn"),
        _("Fråga"),
        _("Beskrivning"),
        _("Typ"),
        _("Obligatorisk"),
        _("Tillfälle"),
        _("Besvaras när"),
        _("Svarsalternativ (kod = text)"),
    ]
    sheet.write_row(0, 0, headers, formats["header"])
    sheet.freeze_panes(1, 0)
    occasion_labels = {c.code: c.label for c in codebook.occasions}
    widths = (24, 45, 50, 22, 12, 24, 30, 45)
    for row, v in enumerate(codebook.variables, start=1):
        cells = [
            v.key,
            v.label,
            v.description,
            TYPE_NAMES[v.type],
            _("Ja") if v.required else _("Nej"),
            ", ".join(occasion_labels.get(o, o) for o in v.occasions) or _("Alla"),
            _readable_rule(v.relevant, codebook) if v.relevant else _("Alltid"),
            "\n".join(f"{c.code} = {c.label}" for c in v.categories),
        ]
        sheet.write_row(row, 0, cells, formats["wrap"])
        sheet.set_row(row, _row_height(cells, widths))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _write_about_sheet(sheet: Any, codebook: Codebook, formats: dict[str, Any]) -> None:
    sheet.set_column(0, 0, 28, formats["wrap"])
    sheet.set_column(1, 1, 90, formats["wrap"])
    sheet.write_string(0, 0, codebook.title, formats["title"])
    rows = [
        (_("Frågeställning"), codebook.question),
        (_("Kodbok"), f"{codebook.id}, version {codebook.version} ({codebook.fingerprint()})"),
        (
            _("Så fyller du i"),
            _(
                "En rad per person och tillfälle på bladet Data. Välj svar i listorna. Personnummer "
                "omvandlas vid import till pseudonym, kön och ålder och sparas aldrig. Lämna rubrikraden "
                "som den är. Bladet Variabler förklarar varje kolumn."
            ),
        ),
        (
            _("Sekretess"),
            _(
                "Filen innehåller personuppgifter så länge den är ifylld. Förvara den som en "
                "sekretessbelagd handling och radera den när uppgifterna har importerats."
            ),
        ),
    ]
    for row, (label, text) in enumerate(rows, start=2):
        sheet.write_string(row, 0, label, formats["bold"])
        sheet.write_string(row, 1, text)
        sheet.set_row(row, _row_height(["", text], (28, 90)))
    sheet.fit_to_pages(1, 0)
    sheet.set_paper(9)  # A4


def _readable_rule(rule: str, codebook: Codebook) -> str:
    """The skip rule with each ${key} replaced by the question people recognise."""

    def label(match: re.Match[str]) -> str:
        variable = codebook.get(match.group(1))
        return f"«{variable.label}»" if variable else match.group(0)

    return _("När ") + re.sub(r"\$\{(\w+)\}", label, rule)


def _row_height(cells: list[str], widths: tuple[int, ...]) -> float:
    """Points for a row of wrapped text: xlsxwriter cannot measure text, and neither Excel nor
    LibreOffice grows a row on opening, so estimate the lines of the fullest cell."""
    lines = max(
        sum(1 + len(part) // max(width - 2, 1) for part in str(cell).split("\n"))
        for cell, width in zip(cells, widths, strict=False)
    )
    return 15.0 * max(lines, 1)
