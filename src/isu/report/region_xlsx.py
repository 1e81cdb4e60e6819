"""The regional comparison as a workbook, ``region.xlsx``: one sheet per part, numbers as numbers.

Shares are written as fractions formatted as per cent, so they can be charted and recomputed in
Excel; a hidden value is the text «..», as in step 1's workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from isu.analysis.estimates import Difference, Share
from isu.i18n import _
from isu.region.analysis import RegionResult
from isu.region.texts import plural

__all__ = ["FILE_NAME", "write_region_xlsx"]

FILE_NAME = "region.xlsx"
HIDDEN = ".."


def write_region_xlsx(result: RegionResult, out_dir: Path) -> Path:
    path = out_dir / FILE_NAME
    workbook = xlsxwriter.Workbook(str(path))
    formats = {
        "bold": workbook.add_format({"bold": True}),
        "pct": workbook.add_format({"num_format": "0.0%"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
    }
    _texts(workbook, _("Iakttagelser"), [*result.region.notes, *result.findings], formats)
    _municipalities(workbook, result, formats)
    _funnel(workbook, result, formats)
    local_texts = [t for texts in result.local_findings for t in texts]
    _texts(workbook, _("Lika hos oss"), local_texts, formats)
    if result.criteria_findings:
        _texts(workbook, _("Kriterier"), result.criteria_findings, formats)
    if result.reference:
        _texts(workbook, _("Referens"), [r.text for r in result.reference], formats)
    workbook.close()
    return path


def _texts(workbook: Any, name: str, texts: Sequence[str], formats: dict[str, Any]) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.set_column(0, 0, 120, formats["wrap"])
    sheet.write(0, 0, name, formats["bold"])
    for i, text in enumerate(texts, start=2):
        sheet.write(i, 0, text)


def _municipalities(workbook: Any, result: RegionResult, formats: dict[str, Any]) -> None:
    c = result.comparison
    sheet = workbook.add_worksheet(_("Kommuner"))
    header = [_("Kommun")]
    for label in c.sex_labels:
        group = plural(label)
        header += [
            _("Andel {group}").format(group=group),
            _("KI låg"),
            _("KI hög"),
            _("n {group}").format(group=group),
        ]
    header += [_("Skillnad"), _("KI låg"), _("KI hög")]
    sheet.write_row(0, 0, header, formats["bold"])
    sheet.set_column(0, 0, 18)
    rows = [(m.municipality, m.shares, m.gap) for m in c.municipalities]
    rows.append((_("Regionen"), c.pooled_shares, None))
    for i, (name, shares, gap) in enumerate(rows, start=1):
        sheet.write(i, 0, name)
        col = 1
        for share in shares:
            _share(sheet, i, col, share, formats)
            col += 4
        _gap(sheet, i, col, gap, formats)


def _share(sheet: Any, row: int, col: int, share: Share | None, formats: dict[str, Any]) -> None:
    if share is None:
        sheet.write_row(row, col, [HIDDEN] * 4)
        return
    for offset, value in enumerate((share.estimate, share.low, share.high)):
        sheet.write_number(row, col + offset, value or 0.0, formats["pct"])
    sheet.write_number(row, col + 3, share.n)


def _gap(sheet: Any, row: int, col: int, gap: Difference | None, formats: dict[str, Any]) -> None:
    if gap is None or gap.estimate is None:
        return
    for offset, value in enumerate((gap.estimate, gap.low, gap.high)):
        sheet.write_number(row, col + offset, value or 0.0, formats["pct"])


def _funnel(workbook: Any, result: RegionResult, formats: dict[str, Any]) -> None:
    sheet = workbook.add_worksheet(_("Trattgränser"))
    row = 0
    for f in result.comparison.funnels:
        sheet.write(row, 0, plural(f.sex_label).capitalize(), formats["bold"])
        header = ["n", _("Låg 95 %"), _("Hög 95 %"), _("Låg 99,8 %"), _("Hög 99,8 %")]
        sheet.write_row(row + 1, 0, header, formats["bold"])
        limits = zip(f.sizes, f.lower95, f.upper95, f.lower998, f.upper998, strict=True)
        for i, (n, *values) in enumerate(limits, start=row + 2):
            sheet.write_number(i, 0, n)
            for j, value in enumerate(values, start=1):
                sheet.write_number(i, j, value, formats["pct"])
        row += len(f.sizes) + 3
