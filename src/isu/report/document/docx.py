"""The report as an editable Word document: real headings, tables and images with alt text.

Teams often finish a report in Word; so headings use Word's own heading styles (the navigation
pane and a table of contents work), tables are Word tables with a header row that repeats on
each page, and charts are PNG images whose alt text is the chart in words.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from isu.i18n import _
from isu.report.document.blocks import (
    Block,
    Bullets,
    Figure,
    Grid,
    Heading,
    Paragraph,
    Verdict,
)
from isu.report.document.content import build_sections
from isu.report.document.images import png
from isu.report.document.resolve import Report

if TYPE_CHECKING:
    from isu.report.document.exports import Progress

__all__ = ["render_docx"]


def render_docx(report: Report, progress: Progress | None = None) -> bytes:
    from docx import Document as WordDocument
    from docx.shared import Pt

    word: Any = WordDocument()
    style = word.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(10.5)
    _cover(word, report)
    sections = build_sections(report)
    for k, section in enumerate(sections):
        if k:  # each step on a page of its own, as in the PDF
            word.add_page_break()
        word.add_heading(section.title, level=1)
        for block in section.blocks:
            _block(word, block)
        if progress is not None:
            progress(k + 1, len(sections))
    word.core_properties.title = report.document.title
    word.core_properties.language = "sv-SE"
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _cover(word: Any, report: Report) -> None:
    d = report.document
    word.add_heading(d.title, level=0)
    facts = [
        (_("Frågeställning"), d.question),
        (_("Verksamhet"), d.unit),
        (_("Period"), d.period),
        (_("Framtagen av"), ", ".join(d.authors)),
        (_("Datum"), d.date.isoformat() if d.date else ""),
    ]
    for label, value in facts:
        if value:
            paragraph = word.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    word.add_page_break()


def _block(word: Any, block: Block) -> None:
    from docx.shared import Cm

    add_paragraph = word.add_paragraph
    if isinstance(block, Heading):
        word.add_heading(block.text, level=min(block.level, 3))
    elif isinstance(block, Paragraph):
        paragraph = add_paragraph(style="Intense Quote" if block.style == "comment" else None)
        if block.label:
            paragraph.add_run(block.label + " ").bold = True
        run = paragraph.add_run(block.text)
        run.italic = block.style in ("note", "meta")
    elif isinstance(block, Bullets):
        if block.title:
            add_paragraph().add_run(block.title).bold = True
        for item in block.items:
            add_paragraph(item, style="List Bullet")
    elif isinstance(block, Grid):
        _grid(word, block)
    elif isinstance(block, Figure):
        word.add_picture(io.BytesIO(png(block.spec)), width=Cm(min(block.width, 16)))
        picture = word.inline_shapes[-1]
        picture._inline.docPr.set("descr", block.alt)
        caption = add_paragraph(style="Caption")
        caption.add_run(" ".join(x for x in (block.caption, block.alt) if x))
    elif isinstance(block, Verdict):
        paragraph = add_paragraph()
        paragraph.add_run(block.label + ". ").bold = True
        paragraph.add_run(block.text)


def _grid(word: Any, grid: Grid) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    word.add_paragraph(style="Caption").add_run(grid.caption)
    table = word.add_table(rows=1, cols=len(grid.header))
    table.style = "Light Grid Accent 1"
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(header.cells, grid.header, strict=True):
        cell.text = text
    for values in grid.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8.5)
