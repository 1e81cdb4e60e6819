"""The analysis as slides: one per pinned observation with its chart, the criteria verdicts, the
conclusions and the actions matrix — ready for the presentation to management or the board.

Slides carry little text: the comment and the headline figure, with the chart large. The full
tables are in the PDF and the workbook.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from isu.i18n import _
from isu.report.document import guidance
from isu.report.document.blocks import Figure
from isu.report.document.content import Numbering
from isu.report.document.gap_chart import gap_figure
from isu.report.document.images import png
from isu.report.document.matrix import matrix_figure
from isu.report.document.model import ConclusionStatus
from isu.report.document.resolve import Report, ResolvedPin

if TYPE_CHECKING:
    from isu.report.document.exports import Progress

__all__ = ["render_pptx"]

TITLE_ONLY, TITLE_AND_CONTENT, TITLE_SLIDE = 5, 1, 0
MAX_BULLETS = 6


def render_pptx(report: Report, progress: Progress | None = None) -> bytes:
    from pptx import Presentation
    from pptx.util import Cm

    deck = Presentation()
    deck.slide_width, deck.slide_height = Cm(33.867), Cm(19.05)  # 16:9
    d = report.document
    numbers = Numbering(d)
    title = deck.slides.add_slide(deck.slide_layouts[TITLE_SLIDE])
    title.shapes.title.text = d.title
    heading, subtitle = title.placeholders[0], title.placeholders[1]
    heading.left, heading.top, heading.width, heading.height = (
        Cm(2),
        Cm(5),
        deck.slide_width - Cm(4),
        Cm(5),
    )
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        Cm(2),
        Cm(10.5),
        deck.slide_width - Cm(4),
        Cm(2.5),
    )
    subtitle.text = " · ".join(x for x in (d.unit, d.period) if x)
    if d.question:
        _bullets(deck, _("Frågeställning"), [d.question])
    if d.summary:
        _bullets(deck, _("Sammanfattning"), [d.summary])
    parts = len(report.pins) + 1  # a slide per pin (each a chart to draw), then the rest
    for number, pin in enumerate(report.pins, start=1):
        _pin_slide(deck, number, pin)
        if progress is not None:
            progress(number, parts)
    verdicts = [f"{a.verdict.label}: {_criteria_title(a)}" for a in report.criteria()]
    if verdicts:
        _bullets(deck, _("Prövning mot kriterierna"), verdicts)
    for source in guidance.STEP2:
        texts = [r.text for r in d.reflections if r.source is source]
        if texts:
            _bullets(deck, _("Vi reflekterar: {source}").format(source=source.label), texts)
    conclusions = [
        (_("Kan inte dra slutsats ännu: ") + c.needed)
        if c.status is ConclusionStatus.NOT_YET
        else c.text
        for c in d.conclusions
    ]
    if conclusions:
        _bullets(deck, _("Kan vi dra slutsatser?"), conclusions)
    if d.actions:
        _figure_slide(
            deck, _("Hur kan vi göra annorlunda?"), matrix_figure(d.actions, numbers.actions)
        )
        actions = [
            f"{numbers.actions[a.id]}. {a.text} ({a.level.label.lower()})" for a in d.actions
        ]
        _bullets(deck, _("Åtgärder"), actions)
    buffer = io.BytesIO()
    deck.save(buffer)
    if progress is not None:
        progress(parts, parts)
    return buffer.getvalue()


def _criteria_title(analysis: Any) -> str:
    g = analysis.groups
    return _("{outcome}, {first} jämfört med {second}").format(
        outcome=g.outcome_label, first=g.first, second=g.second
    )


def _pin_slide(deck: Any, number: int, resolved: ResolvedPin) -> None:
    title = _("Iakttagelse {n}: {title}").format(n=number, title=resolved.title)
    lines = [resolved.pin.comment] if resolved.pin.comment else []
    if resolved.criteria is not None:
        lines.append(f"{resolved.criteria.verdict.label}.")
        figure = gap_figure(resolved.criteria)
        if figure is not None:
            _figure_slide(deck, title, figure, lines)
            return
    if resolved.table is not None:
        from isu.report.step1_chart import chart_spec, chart_summary

        spec = chart_spec(resolved.table)
        if spec is not None:
            alt = chart_summary(resolved.table, spec["data"]["values"])
            _figure_slide(deck, title, Figure(spec, alt), lines)
            return
    if resolved.observation is not None:
        lines.append(resolved.observation.text)
    if resolved.criteria is not None:
        from isu.analysis.criteria.texts import summary

        lines.append(summary(resolved.criteria))
    _bullets(deck, title, lines or [_("Finns inte längre i resultatet")])


def _bullets(deck: Any, title: str, items: list[str]) -> None:
    from pptx.util import Cm, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_AND_CONTENT])
    _title(deck, slide, title)
    body = slide.placeholders[1]
    body.left, body.top = Cm(1.2), Cm(3.6)
    body.width, body.height = deck.slide_width - Cm(2.4), deck.slide_height - Cm(4.4)
    frame = body.text_frame
    frame.word_wrap = True
    size = Pt(20 if sum(len(i) for i in items) < 500 else 14)
    for k, item in enumerate(items[:MAX_BULLETS]):
        paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        paragraph.text = item
        paragraph.font.size = size
    if len(items) > MAX_BULLETS:
        paragraph = frame.add_paragraph()
        more = len(items) - MAX_BULLETS
        paragraph.text = _("… och {n} till i rapporten.").format(n=more)
        paragraph.font.size = size


def _figure_slide(deck: Any, title: str, figure: Figure, lines: list[str] | None = None) -> None:
    from pptx.util import Cm, Pt

    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    _title(deck, slide, title)
    top, left = Cm(3.6), Cm(1.2)
    text_width = Cm(9.5) if lines else 0
    picture = slide.shapes.add_picture(io.BytesIO(png(figure.spec)), left + text_width, top)
    room_w = deck.slide_width - left * 2 - text_width
    room_h = deck.slide_height - top - Cm(0.8)
    scale = min(room_w / picture.width, room_h / picture.height)
    picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
    picture._element.nvPicPr.cNvPr.set("descr", figure.alt)
    if lines:
        box = slide.shapes.add_textbox(left, top, text_width - Cm(0.5), room_h)
        box.text_frame.word_wrap = True
        for k, line in enumerate(lines):
            paragraph = box.text_frame.paragraphs[0] if k == 0 else box.text_frame.add_paragraph()
            paragraph.text = line
            paragraph.font.size = Pt(16)


def _title(deck: Any, slide: Any, text: str) -> None:
    from pptx.util import Cm, Pt

    shape = slide.shapes.title
    shape.left, shape.top = Cm(1.2), Cm(0.8)
    shape.width, shape.height = deck.slide_width - Cm(2.4), Cm(2.6)
    shape.text = text
    for paragraph in shape.text_frame.paragraphs:
        paragraph.font.size = Pt(28 if len(text) < 60 else 22)
