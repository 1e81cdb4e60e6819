"""The report as a printed document: HTML laid out for A4 and turned into PDF by WeasyPrint.

A cover with the question and who wrote it, contents with page numbers, the four steps with
their tables and SVG charts, the action matrix, and the appendix. Page numbers and the title run
in the margins. WeasyPrint is imported only here, when a PDF is asked for.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from isu.i18n import _
from isu.report.document.blocks import (
    Block,
    Bullets,
    Figure,
    Grid,
    Heading,
    Paragraph,
    Section,
)
from isu.report.document.content import build_sections
from isu.report.document.images import svg
from isu.report.document.resolve import Report

if TYPE_CHECKING:
    from isu.report.document.exports import Progress

__all__ = ["render_html", "render_pdf"]

CSS = """
@page { size: A4; margin: 22mm 20mm 22mm 20mm;
  font-family: "DejaVu Sans", sans-serif;
  @top-right { content: string(title); font-size: 8pt; color: #555; }
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); font-size: 8pt; color: #555; } }
@page :first { @top-right { content: none; } @bottom-right { content: none; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.45; color: #1a1a1a; }
h1 { string-set: title content(); font-size: 24pt; line-height: 1.2; margin: 0 0 6mm; color: #12365a; }
h2 { font-size: 16pt; color: #12365a; border-bottom: 2px solid #12365a; padding-bottom: 1mm;
  margin-top: 0; page-break-before: always; }
h3 { font-size: 12pt; color: #12365a; margin: 7mm 0 2mm; page-break-after: avoid; }
p { margin: 0 0 2.5mm; orphans: 3; widows: 3; }
.cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; }
.cover .kicker { text-transform: uppercase; letter-spacing: .08em; color: #555; font-size: 9pt; }
.cover dl { margin-top: 10mm; display: grid; grid-template-columns: 40mm 1fr; row-gap: 2mm; }
.cover dt { font-weight: bold; } .cover dd { margin: 0; }
.lead { font-size: 11pt; }
.comment { border-left: 3px solid #0072B2; padding-left: 3mm; background: #f1f6fb; }
.meta { color: #555; font-size: 9pt; }
.note { color: #555; font-size: 9pt; font-style: italic; }
.label { font-weight: bold; }
ul { margin: 0 0 3mm; padding-left: 5mm; } li { margin-bottom: 1mm; }
.bullets-title { font-weight: bold; margin-bottom: 1mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 8.5pt;
  page-break-inside: auto; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 9pt; margin-bottom: 1mm; }
th, td { border-bottom: 1px solid #c9ced4; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
thead th { border-bottom: 1.5px solid #1a1a1a; }
td.num { text-align: right; white-space: nowrap; }
th.wide { width: 35%; min-width: 40mm; }

table { table-layout: auto; }
tr { page-break-inside: avoid; }
figure { margin: 3mm 0 5mm; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #333; margin-top: 1mm; }
.verdict { margin: 2mm 0 3mm; padding: 2mm 3mm; border-left: 4px solid #3d4a57; background: #f4f5f7; }
.verdict strong { display: block; }
.verdict.forklarad { border-color: #1d5e20; } .verdict.delvis_forklarad { border-color: #7a4b00; }
.verdict.ej_forklarad { border-color: #a11d1d; }
nav.toc h2 { page-break-before: always; }
nav.toc ol { list-style: none; padding: 0; }
nav.toc li { margin: 2mm 0; }
nav.toc a { color: inherit; text-decoration: none; }
nav.toc a::after { content: leader('.') target-counter(attr(href), page); }
"""


def render_html(report: Report, progress: Progress | None = None) -> str:
    sections = build_sections(report)
    total = len(sections) + 1  # the sections, then the page layout
    d = report.document
    parts = [
        "<!doctype html>",
        f'<html lang="sv"><head><meta charset="utf-8"><title>{escape(d.title)}</title>',
        f"<style>{CSS}</style></head><body>",
        *_cover(report),
        *_contents(sections),
    ]
    for done, section in enumerate(sections, start=1):
        parts.append(f'<section id="{section.anchor}"><h2>{escape(section.title)}</h2>')
        parts += [_block(block) for block in section.blocks]  # charts are drawn here
        parts.append("</section>")
        if progress is not None:
            progress(done, total)
    parts.append("</body></html>")
    return "\n".join(parts)


def render_pdf(report: Report, progress: Progress | None = None) -> bytes:
    from weasyprint import HTML

    html = render_html(report, progress)
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None  # write_pdf without a target returns the bytes
    if progress is not None:
        progress(1, 1)  # laid out: done
    return bytes(pdf)


def _cover(report: Report) -> list[str]:
    d = report.document
    facts = [
        (_("Frågeställning"), d.question),
        (_("Verksamhet"), d.unit),
        (_("Period"), d.period),
        (_("Framtagen av"), ", ".join(d.authors)),
        (_("Datum"), d.date.isoformat() if d.date else ""),
    ]
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts if v)
    kicker = _("Jämställdhetsintegrerad analys av individbaserad systematisk uppföljning")
    return [
        '<div class="cover">',
        f'<p class="kicker">{escape(kicker)}</p>',
        f"<h1>{escape(d.title)}</h1>",
        f"<dl>{rows}</dl>",
        "</div>",
    ]


def _contents(sections: list[Section]) -> list[str]:
    items = "".join(f'<li><a href="#{s.anchor}">{escape(s.title)}</a></li>' for s in sections)
    return [f'<nav class="toc"><h2>{escape(_("Innehåll"))}</h2><ol>{items}</ol></nav>']


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 3), 4)
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        label = f'<span class="label">{escape(block.label)}</span> ' if block.label else ""
        css = f' class="{block.style}"' if block.style else ""
        return f"<p{css}>{label}{escape(block.text)}</p>"
    if isinstance(block, Bullets):
        title = f'<p class="bullets-title">{escape(block.title)}</p>' if block.title else ""
        items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
        return f"{title}<ul>{items}</ul>"
    if isinstance(block, Grid):
        return _grid(block)
    if isinstance(block, Figure):
        caption = " ".join(x for x in (block.caption, block.alt) if x)
        return (
            f'<figure role="img" aria-label="{escape(block.alt)}">{svg(block.spec)}'
            f"<figcaption>{escape(caption)}</figcaption></figure>"
        )
    return (
        f'<div class="verdict {escape(block.outcome)}"><strong>{escape(block.label)}</strong>'
        f"{escape(block.text)}</div>"
    )


def _grid(grid: Grid) -> str:
    head = "".join(
        f'<th scope="col"{_width(grid, k)}>{escape(h)}</th>' for k, h in enumerate(grid.header)
    )
    rows = []
    for row in grid.rows:
        heads = "".join(f'<th scope="row">{escape(c)}</th>' for c in row[: grid.head_columns])
        cells = "".join(f'<td class="{_css(c)}">{escape(c)}</td>' for c in row[grid.head_columns :])
        rows.append(f"<tr>{heads}{cells}</tr>")
    return (
        f"<table><caption>{escape(grid.caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _width(grid: Grid, column: int) -> str:
    return ' class="wide"' if column == grid.wide else ""


def _css(cell: str) -> str:
    """Figures align right; text left."""
    return "num" if cell[:1].isdigit() or cell in ("..", "–") else ""
