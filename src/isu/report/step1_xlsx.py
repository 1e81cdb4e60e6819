"""Step 1 as ``steg1.xlsx``: the workbook an analyst opens, filters and pastes from.

Many units work in Excel, so every table gets its own sheet with Swedish headers, numbers as
numbers (shares as percentages, so they can be charted and re-sorted) and hidden values written
as Kolada's ``..``, never as an empty cell or a zero that could be mistaken for data. The first
sheets explain the analysis, show data quality before any result (as the method asks) and list
the observations; an index links to each table, the tables of counts first, then the numeric
measures (mean and median per sex). Nothing is computed here: the workbook shows the
published numbers of the :class:`~isu.analysis.step1.Step1` result and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from isu.analysis.estimates import Difference
from isu.analysis.formatting import interval_text, number
from isu.analysis.numeric import NumericRow, NumericTable
from isu.analysis.quality import Quality, VariableQuality
from isu.analysis.step1 import Step1
from isu.analysis.tables import Comparison, Row, Table
from isu.i18n import _
from isu.report.criteria_xlsx import write_criteria_sheets
from isu.report.step1_json import (
    NOT_COMPUTABLE,
    SUPPRESSION_MARKER,
    kind_label,
    level_label,
    method_label,
    numeric_interval,
    numeric_test_text,
    observation_label,
    p_phrase,
    paired_test,
)

__all__ = ["FILE_NAME", "sheet_names", "write_xlsx"]

FILE_NAME = "steg1.xlsx"
ABOUT, QUALITY, OBSERVATIONS, CHANGE, INDEX = (
    _("Om analysen"),
    _("Datakvalitet"),
    _("Iakttagelser"),
    _("Förändring"),
    _("Tabeller"),
)
MAX_SHEET_NAME = 31
TABLE_PREFIX, NUMERIC_PREFIX = "T", "N"
FORBIDDEN = re.compile(r"[\[\]:*?/\\']")
MIN_WIDTH, MAX_WIDTH = 6, 48

Formats = dict[str, Any]


def write_xlsx(result: Step1, out_dir: Path) -> Path:
    """Write ``steg1.xlsx`` into *out_dir* and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    names = sheet_names(result.tables)
    numeric_names = sheet_names(result.numeric, NUMERIC_PREFIX)
    workbook = xlsxwriter.Workbook(str(path))
    try:
        formats = _formats(workbook)
        _about(Sheet(workbook, ABOUT, formats), result)
        _quality(Sheet(workbook, QUALITY, formats), result)
        _observations(Sheet(workbook, OBSERVATIONS, formats), result, names)
        _change(Sheet(workbook, CHANGE, formats), result)
        _index(Sheet(workbook, INDEX, formats), result, names, numeric_names)
        for table, name in zip(result.tables, names, strict=True):
            _table(Sheet(workbook, name, formats), table)
        for numeric, name in zip(result.numeric, numeric_names, strict=True):
            _numeric_table(Sheet(workbook, name, formats), numeric, result.settings.threshold)
        if result.criteria:
            write_criteria_sheets(workbook, result.criteria)
    finally:
        workbook.close()
    return path


def sheet_names(tables: Sequence[Table | NumericTable], prefix: str = TABLE_PREFIX) -> list[str]:
    """A unique, valid sheet name per table, in order: «T001 beslut-insats-kon», ≤ 31 chars.

    Numbered rather than named after the id alone: ids are longer than Excel's 31 characters
    and would no longer be unique once cut. Numeric tables are numbered «N001 …».
    """
    return [
        f"{prefix}{number_:03d} {FORBIDDEN.sub('-', table.id)}"[:MAX_SHEET_NAME].rstrip()
        for number_, table in enumerate(tables, start=1)
    ]


def _link(name: str) -> str:
    return f"internal:'{name}'!A1"


def _formats(workbook: Any) -> Formats:
    specs: dict[str, dict[str, Any]] = {
        "title": {"bold": True, "font_size": 14},
        "subtitle": {"italic": True, "font_color": "#444444"},
        "bold": {"bold": True},
        "wrap": {"text_wrap": True, "valign": "top"},
        "header": {
            "bold": True,
            "bg_color": "#DCE6F1",
            "bottom": 1,
            "text_wrap": True,
            "valign": "top",
        },
        "group": {"bold": True, "bg_color": "#DCE6F1", "align": "center", "bottom": 1},
        "int": {"num_format": "#,##0"},
        "pct": {"num_format": "0.0 %"},
        "pp": {"num_format": "0.0"},
        "dec": {"num_format": "#,##0.0"},
        "total_dec": {"num_format": "#,##0.0", "bold": True},
        "p": {"num_format": '[<0.001]"<0,001";0.000'},
        "text": {"align": "right"},
        "link": {"font_color": "#1F4E99", "underline": 1},
        "total_int": {"num_format": "#,##0", "bold": True},
        "total_pct": {"num_format": "0.0 %", "bold": True},
        "total_text": {"align": "right", "bold": True},
        "total_label": {"bold": True},
        "note": {"italic": True, "text_wrap": True, "valign": "top"},
    }
    return {name: workbook.add_format(spec) for name, spec in specs.items()}


class Sheet:
    """A worksheet that remembers how wide its columns need to be."""

    def __init__(self, workbook: Any, name: str, formats: Formats) -> None:
        self.ws = workbook.add_worksheet(name)
        self.formats = formats
        self.widths: dict[int, int] = {}
        self.row = 0

    def put(
        self, row: int, col: int, value: Any, fmt: str | None = None, *, fit: bool = True
    ) -> None:
        style = self.formats[fmt] if fmt else None
        if value is None:
            self.ws.write_blank(row, col, None, style)
        elif isinstance(value, str):
            self.ws.write_string(row, col, value, style)
        else:
            self.ws.write_number(row, col, value, style)
        if fit:
            width = len(value) + 2 if isinstance(value, str) else 9
            self.widths[col] = max(self.widths.get(col, MIN_WIDTH), width)

    def count(self, row: int, col: int, value: int | None, total: bool = False) -> None:
        if value is None:
            self.put(row, col, SUPPRESSION_MARKER, "total_text" if total else "text")
        else:
            self.put(row, col, value, "total_int" if total else "int")

    def share(
        self, row: int, col: int, value: float | None, hidden: bool, total: bool = False
    ) -> None:
        if value is None:
            marker = SUPPRESSION_MARKER if hidden else NOT_COMPUTABLE
            self.put(row, col, marker, "total_text" if total else "text")
        else:
            self.put(row, col, value, "total_pct" if total else "pct")

    def headers(self, row: int, labels: Sequence[str]) -> None:
        for col, label in enumerate(labels):
            self.put(row, col, label, "header")

    def line(self, value: str, fmt: str | None = None) -> None:
        """A full-width line of text below the last one, not used for column widths."""
        self.put(self.row, 0, value, fmt, fit=False)
        self.row += 1

    def fit(self, fixed: dict[int, int] | None = None) -> None:
        for col, width in {**self.widths, **(fixed or {})}.items():
            self.ws.set_column(col, col, min(max(width, MIN_WIDTH), MAX_WIDTH))


# --------------------------------------------------------------------------- front sheets


def _about(sheet: Sheet, result: Step1) -> None:
    codebook, settings = result.codebook, result.settings
    sheet.line(_("Steg 1: Vad ser vi?"), "title")
    sheet.line(codebook.title, "subtitle")
    sheet.row += 1
    facts = [
        (_("Kodbok"), f"{codebook.id}, version {codebook.version} ({codebook.fingerprint()})"),
        (_("Frågeställning"), codebook.question),
        (_("Skapad"), f"{result.created:%Y-%m-%d %H:%M} UTC"),
        (_("Antal poster"), number(result.quality.records, 0)),
        (_("Antal personer"), number(result.quality.clients, 0)),
        (_("Antal tabeller"), number(len(result.tables), 0)),
        (_("Antal tabeller med numeriska mått"), number(len(result.numeric), 0)),
        (_("Dolda värden"), number(result.hidden_cells, 0)),
        (_("Sekretess"), secrecy_text(settings.threshold)),
        (_("Förkortningar"), legend_text()),
        (_("Iakttagelser"), observation_rule_text(result)),
    ]
    for label, value in facts:
        if value:
            sheet.put(sheet.row, 0, label, "bold")
            sheet.put(sheet.row, 1, value, "wrap", fit=False)
            sheet.row += 1
    sheet.fit({0: 22, 1: 100})


def secrecy_text(threshold: int) -> str:
    return _(
        "Antal 1–{largest} visas inte (..) och inte heller andra värden som skulle avslöja dem. "
        "Andelar, intervall och test som bygger på ett dolt värde visas inte heller."
    ).format(largest=threshold - 1)


def legend_text() -> str:
    return _(
        "95 % KI = 95 procents konfidensintervall: det spann där det sanna värdet (andel, "
        "medelvärde eller median) troligen ligger. p = p-värde; q = p-värde justerat för att många jämförelser görs "
        "(Benjamini–Hochberg). Skillnader anges i procentenheter. – = kan inte beräknas."
    )


def observation_rule_text(result: Step1) -> str:
    s = result.settings
    return _(
        "En skillnad räknas som iakttagelse när q är under {fdr}, intervallet inte omfattar 0, "
        "båda grupperna har minst {group} personer och skillnaden är minst {points} procentenheter."
    ).format(fdr=number(s.fdr, 2), group=s.min_group, points=number(s.min_difference * 100, 0))


def _quality(sheet: Sheet, result: Step1) -> None:
    quality = result.quality
    sheet.line(_("Datakvalitet"), "title")
    sheet.row += 1
    facts = [(_("Antal poster"), quality.records), (_("Antal personer"), quality.clients)]
    if len(result.codebook.occasions) > 1:
        facts.append((_("Bara registrering vid första tillfället"), quality.without_follow_up))
    for label, value in facts:
        sheet.put(sheet.row, 0, label, "bold")
        sheet.count(sheet.row, 1, value)
        sheet.row += 1
    if len(result.codebook.occasions) > 1:
        sheet.line(first_only_text(quality), "note")
    sheet.row += 1
    _sizes(sheet, quality)
    if quality.notes:
        sheet.row += 1
        sheet.line(_("Att tänka på"), "bold")
        for note in quality.notes:
            sheet.line(note)
    sheet.row += 1
    _completeness(sheet, quality.variables)
    sheet.fit({0: 28, 1: 40})


def first_only_text(quality: Quality) -> str:
    """The clients seen only at the first occasion, without calling them lost to follow-up."""
    return _(
        "{n} personer har bara en registrering vid första tillfället "
        "(en del av dem har ännu inte nått uppföljningen)."
    ).format(n=number(quality.without_follow_up, 0))


def _sizes(sheet: Sheet, quality: Quality) -> None:
    sheet.line(_("Antal poster per tillfälle och juridiskt kön"), "bold")
    labels = list(dict.fromkeys(s.label for s in quality.sizes))
    occasions = list(dict.fromkeys((s.occasion, s.occasion_label) for s in quality.sizes))
    sheet.headers(sheet.row, [_("Tillfälle"), *labels])
    for code, occasion_label in occasions:
        sheet.row += 1
        sheet.put(sheet.row, 0, occasion_label)
        for size in quality.sizes:
            if size.occasion == code:
                sheet.count(sheet.row, 1 + labels.index(size.label), size.records)
    sheet.row += 1


def _completeness(sheet: Sheet, variables: Sequence[VariableQuality]) -> None:
    sheet.line(_("Saknade uppgifter bland dem som frågan gäller"), "bold")
    labels = list(dict.fromkeys(r.label for v in variables for r in v.rows))
    pair = " − ".join(labels[:2])
    headers = [_("Tillfälle"), _("Uppgift")]
    for label in labels:
        headers += [
            _("Saknas – {group}").format(group=label),
            _("Andel besvarade – {group}").format(group=label),
        ]
    headers += [
        _("Skillnad i andel besvarade, {pair} (procentenheter)").format(pair=pair),
        _("95 % KI"),
    ]
    sheet.headers(sheet.row, headers)
    first = sheet.row
    for v in variables:
        sheet.row += 1
        sheet.put(sheet.row, 0, v.occasion_label)
        sheet.put(sheet.row, 1, v.label)
        for r in v.rows:
            col = 2 + 2 * labels.index(r.label)
            sheet.count(sheet.row, col, r.missing)
            sheet.share(
                sheet.row, col + 1, r.share.estimate if r.share else None, r.applicable is None
            )
        _difference(sheet, sheet.row, 2 + 2 * len(labels), v.sex_difference)
    sheet.ws.autofilter(first, 0, max(sheet.row, first), len(headers) - 1)
    sheet.ws.freeze_panes(first + 1, 2)
    sheet.row += 1


def _difference(sheet: Sheet, row: int, col: int, diff: Difference | None) -> None:
    if diff is None or diff.estimate is None:
        sheet.put(row, col, NOT_COMPUTABLE, "text")
        sheet.put(row, col + 1, NOT_COMPUTABLE, "text")
        return
    sheet.put(row, col, diff.estimate * 100, "pp")
    sheet.put(row, col + 1, interval_text(diff.low, diff.high, unit=""), "text")


def _observations(sheet: Sheet, result: Step1, names: Sequence[str]) -> None:
    sheet.line(_("Iakttagelser"), "title")
    sheet.line(observation_rule_text(result), "subtitle")
    sheet.row += 1
    sheet.headers(sheet.row, [_("Rang"), _("Typ"), _("Iakttagelse"), _("Tabell")])
    sheet.ws.freeze_panes(sheet.row + 1, 0)
    by_id: dict[str, str] = {}
    for table, name in zip(result.tables, names, strict=True):
        by_id.setdefault(table.id, name)
    for o in result.observations:
        sheet.row += 1
        sheet.put(sheet.row, 0, o.rank or None, "int")
        sheet.put(sheet.row, 1, observation_label(o.kind))
        sheet.put(sheet.row, 2, o.text, "wrap", fit=False)
        if o.table in by_id:
            sheet.ws.write_url(
                sheet.row, 3, _link(by_id[o.table]), sheet.formats["link"], by_id[o.table]
            )
    if not result.observations:
        sheet.line(_("Inga iakttagelser."))
    sheet.fit({0: 7, 1: 26, 2: 110, 3: 34})


def _change(sheet: Sheet, result: Step1) -> None:
    sheet.line(_("Förändring för samma personer (parade test)"), "title")
    sheet.line(
        _(
            "Test av om fler förbättras än försämras mellan första tillfället och uppföljningen. "
            "Antalen som förbättrats, är oförändrade och försämrats finns i förändringstabellerna."
        ),
        "subtitle",
    )
    sheet.row += 1
    sheet.headers(
        sheet.row,
        [_("Uppgift"), _("Uppföljning"), _("Grupp"), _("Antal par (n)"), _("Test"), _("p")],
    )
    occasions = {c.code: c.label for c in result.codebook.occasions}
    for p in result.paired_tests:
        shown = paired_test(p.test, result.settings.threshold)
        variable = result.codebook.get(p.variable)
        sheet.row += 1
        sheet.put(sheet.row, 0, variable.label if variable else p.variable)
        sheet.put(sheet.row, 1, occasions.get(p.follow_up, p.follow_up))
        sheet.put(sheet.row, 2, p.label)
        sheet.count(sheet.row, 3, shown["n"])
        sheet.put(sheet.row, 4, method_label(p.test.method))
        _p(sheet, sheet.row, 5, shown["p_value"], hidden=shown["n"] is None)
    sheet.fit({0: 48})


def _p(sheet: Sheet, row: int, col: int, p: float | None, hidden: bool = False) -> None:
    if p is None:
        sheet.put(row, col, SUPPRESSION_MARKER if hidden else NOT_COMPUTABLE, "text")
    else:
        sheet.put(row, col, p, "p")


def _index(sheet: Sheet, result: Step1, names: Sequence[str], numeric_names: Sequence[str]) -> None:
    sheet.line(_("Tabeller"), "title")
    sheet.row += 1
    sheet.headers(sheet.row, [_("Blad"), _("Tillfälle"), _("Tabell"), _("Dolda värden")])
    first = sheet.row
    sheet.ws.freeze_panes(first + 1, 0)
    entries = [
        *((t.occasion_label, t.title, t.hidden_cells) for t in result.tables),
        *((t.occasion_label, t.title, _hidden_rows(t)) for t in result.numeric),
    ]
    for (occasion, title, hidden), name in zip(entries, [*names, *numeric_names], strict=True):
        sheet.row += 1
        sheet.ws.write_url(sheet.row, 0, _link(name), sheet.formats["link"], name)
        sheet.put(sheet.row, 1, occasion)
        sheet.put(sheet.row, 2, title, fit=False)
        sheet.put(sheet.row, 3, hidden, "int")
    if entries:
        sheet.ws.autofilter(first, 0, sheet.row, 3)
    else:
        sheet.line(_("Inga tabeller."))
    sheet.fit({0: 34, 2: 110, 3: 12})


# --------------------------------------------------------------------------- table sheets


def _table(sheet: Sheet, table: Table) -> None:
    sheet.line(table.title, "title")
    sheet.line(_("Tillfälle: {occasion}").format(occasion=table.occasion_label), "subtitle")
    sheet.ws.write_url(sheet.row, 0, _link(INDEX), sheet.formats["link"], _("← Alla tabeller"))
    sheet.row += 2
    dims = len(table.breakdown) or 1
    _table_header(sheet, table, dims)
    sheet.ws.freeze_panes(sheet.row, dims + 1)
    for row in table.rows:
        _table_row(sheet, table, row, dims)
        sheet.row += 1
    sheet.row += 1
    for line in _table_notes(table):
        sheet.line(line, "note")
    if table.comparisons:
        sheet.row += 1
        _comparisons(sheet, table)
    sheet.fit()


def _table_header(sheet: Sheet, table: Table, dims: int) -> None:
    top, sub = sheet.row, sheet.row + 1
    for col in range(dims + 1):
        sheet.put(top, col, "", "header", fit=False)
    labels = [d.label for d in table.breakdown] or [_("Grupp")]
    sheet.headers(sub, [*labels, _("Antal (n)")])
    for k, category in enumerate(table.variable.labels):
        col = dims + 1 + 3 * k
        sheet.ws.merge_range(top, col, top, col + 2, category, sheet.formats["group"])
        for offset, label in enumerate((_("Antal"), _("Andel %"), _("95 % KI"))):
            sheet.put(sub, col + offset, label, "header")
    sheet.row = sub + 1


def _table_row(sheet: Sheet, table: Table, row: Row, dims: int) -> None:
    total = row.is_total
    labels = [level_label(d, dict(row.group).get(d.key)) for d in table.breakdown] or [row.label]
    for col, label in enumerate(labels):
        sheet.put(sheet.row, col, label, "total_label" if total else None)
    sheet.count(sheet.row, dims, row.n, total)
    for k, cell in enumerate(row.cells):
        col = dims + 1 + 3 * k
        hidden = cell.count is None or row.n is None
        sheet.count(sheet.row, col, cell.count, total)
        share = cell.share
        sheet.share(sheet.row, col + 1, share.estimate if share else None, hidden, total)
        interval = interval_text(share.low, share.high) if share else None
        if interval is None or interval == SUPPRESSION_MARKER:
            interval = SUPPRESSION_MARKER if hidden else NOT_COMPUTABLE
        sheet.put(sheet.row, col + 2, interval, "total_text" if total else "text")


def _table_notes(table: Table) -> list[str]:
    lines = []
    test = table.test
    if test is not None:
        lines.append(
            _("Test av samband: {method}, {p}, n = {n}.").format(
                method=method_label(test.method), p=p_phrase(test.p_value), n=number(test.n, 0)
            )
        )
    if table.note:
        lines.append(table.note)
    if table.hidden_cells:
        lines.append(_("Dolda värden i tabellen: {n}.").format(n=table.hidden_cells))
    return lines


def _comparisons(sheet: Sheet, table: Table) -> None:
    sheet.line(_("Jämförelser"), "bold")
    sheet.headers(
        sheet.row,
        [
            _("Kategori"),
            _("Grupp 1"),
            _("Andel grupp 1"),
            _("Grupp 2"),
            _("Andel grupp 2"),
            _("Skillnad (procentenheter)"),
            _("95 % KI"),
            _("p"),
            _("q"),
            _("Jämförelse"),
        ],
    )
    for c in table.comparisons:
        sheet.row += 1
        _comparison(sheet, table, c)
    sheet.row += 1


def _comparison(sheet: Sheet, table: Table, c: Comparison) -> None:
    r = sheet.row
    d = c.difference
    sheet.put(
        r,
        0,
        table.variable.label_of(c.category) if c.category in table.variable.codes else c.category,
    )
    sheet.put(r, 1, c.first_label)
    sheet.share(r, 2, d.first.estimate, hidden=False)
    sheet.put(r, 3, c.second_label)
    sheet.share(r, 4, d.second.estimate, hidden=False)
    _difference(sheet, r, 5, d)
    _p(sheet, r, 7, c.p_value)
    _p(sheet, r, 8, c.q_value)  # null only when there is no p-value
    sheet.put(r, 9, kind_label(c.kind))


# --------------------------------------------------------------------------- numeric sheets


def _hidden_rows(table: NumericTable) -> int:
    return sum(row.summary is None for row in table.rows)


def _numeric_table(sheet: Sheet, table: NumericTable, threshold: int) -> None:
    sheet.line(table.title, "title")
    sheet.line(_("Tillfälle: {occasion}").format(occasion=table.occasion_label), "subtitle")
    sheet.ws.write_url(sheet.row, 0, _link(INDEX), sheet.formats["link"], _("← Alla tabeller"))
    sheet.row += 2
    sheet.headers(
        sheet.row,
        [
            _("Grupp"),
            _("n"),
            _("Medelvärde"),
            _("95 % KI medelvärde"),
            _("Median"),
            _("95 % KI median"),
        ],
    )
    sheet.ws.freeze_panes(sheet.row + 1, 1)
    for row in table.rows:
        sheet.row += 1
        _numeric_row(sheet, row)
    sheet.row += 2
    for line in numeric_notes(table, threshold):
        sheet.line(line, "note")
    sheet.fit({0: 24})


def _numeric_row(sheet: Sheet, row: NumericRow) -> None:
    r, total, summary = sheet.row, row.sex is None, row.summary
    sheet.put(r, 0, row.label, "total_label" if total else None)
    text = "total_text" if total else "text"
    if summary is None:  # fewer values than the threshold: nothing about the group is shown
        for col in range(1, 6):
            sheet.put(r, col, SUPPRESSION_MARKER, text)
        return
    sheet.count(r, 1, summary.n, total)
    for col, value in ((2, summary.mean), (4, summary.median)):
        if value is None:
            sheet.put(r, col, NOT_COMPUTABLE, text)
        else:
            sheet.put(r, col, value, "total_dec" if total else "dec")
    sheet.put(r, 3, numeric_interval(summary.mean_low, summary.mean_high), text)
    sheet.put(r, 5, numeric_interval(summary.median_low, summary.median_high), text)


def numeric_notes(table: NumericTable, threshold: int) -> list[str]:
    """The notes under a numeric table, the same in the workbook and on the web page."""
    lines = [
        numeric_test_text(table, threshold),
        _(
            "Medelvärdet har ett t-intervall och medianen ett intervall från "
            "ordningsstatistikor, som inte förutsätter någon viss fördelning."
        ),
    ]
    if _hidden_rows(table):
        lines.append(
            _("Grupper med färre än {threshold} värden visas inte (..).").format(
                threshold=threshold
            )
        )
    return lines
