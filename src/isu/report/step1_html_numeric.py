"""The numeric measures of ``steg1.html``: mean and median per sex, each with its 95 % interval.

Variables given as numbers (granted hours, days) are often skewed, so both measures are shown,
with a sentence per table saying the same in words (:func:`numeric_summary_text`, also used by
the web app's dashboard). A group with fewer values than the threshold shows nothing.
"""

from __future__ import annotations

from html import escape

from isu.analysis.formatting import number
from isu.analysis.numeric import NumericRow, NumericTable
from isu.analysis.step1 import Step1
from isu.i18n import _
from isu.report.step1_html_parts import NUMERIC_PREFIX, Html, anchors, td, th_cols
from isu.report.step1_json import SUPPRESSION_MARKER, numeric_interval, numeric_value
from isu.report.step1_xlsx import numeric_notes

__all__ = ["numeric_section", "numeric_summary_text"]


def numeric_section(result: Step1) -> Html:
    lines = [
        f'<section id="numeriska-matt" aria-labelledby="numeriska-matt-h"><h2 id="numeriska-matt-h">{escape(_("Numeriska mått"))}</h2>',
    ]
    if not result.numeric:
        return [*lines, f"<p>{escape(_('Inga numeriska mått.'))}</p>", "</section>"]
    intro = _(
        "Medelvärde och median per juridiskt kön för uppgifter som anges som tal, till exempel "
        "beviljade timmar. Sådana mått är ofta sneda: några få höga värden drar upp medelvärdet, "
        "medan medianen visar det typiska värdet. Könen jämförs med Mann–Whitneys U-test, som "
        "inte förutsätter någon viss fördelning."
    )
    lines.append(f"<p>{escape(intro)}</p>")
    threshold = result.settings.threshold
    for table, anchor in zip(result.numeric, anchors(result.numeric, NUMERIC_PREFIX), strict=True):
        lines += _numeric_table(table, anchor, threshold)
    lines.append("</section>")
    return lines


def _numeric_table(table: NumericTable, anchor: str, threshold: int) -> Html:
    caption = _("{title}. {occasion}. Antal värden, medelvärde och median med 95 % KI.").format(
        title=table.title, occasion=table.occasion_label
    )
    lines = [
        f'<article class="result" id="{escape(anchor)}" aria-labelledby="{escape(anchor)}-h">',
        f'<h3 id="{escape(anchor)}-h">{escape(table.title)}</h3>',
        f'<p class="meta">{escape(table.occasion_label)} · <code>{escape(table.id)}</code></p>',
        f"<p>{escape(numeric_summary_text(table, threshold))}</p>",
        '<div class="scroll"><table class="data">',
        f"<caption>{escape(caption)}</caption>",
        "<thead><tr>",
        th_cols([_("Grupp")]),
        th_cols(
            [_("n"), _("Medelvärde"), _("95 % KI medelvärde"), _("Median"), _("95 % KI median")],
            "num",
        ),
        "</tr></thead><tbody>",
        *(_numeric_row(row) for row in table.rows),
        "</tbody></table></div>",
        *(f'<p class="note">{escape(line)}</p>' for line in numeric_notes(table, threshold)),
        "</article>",
    ]
    return lines


def _numeric_row(row: NumericRow) -> str:
    summary = row.summary
    if summary is None:  # fewer values than the threshold: nothing about the group is shown
        cells = [SUPPRESSION_MARKER] * 5
    else:
        cells = [
            number(summary.n, 0),
            numeric_value(summary.mean),
            numeric_interval(summary.mean_low, summary.mean_high),
            numeric_value(summary.median),
            numeric_interval(summary.median_low, summary.median_high),
        ]
    css = ' class="total"' if row.sex is None else ""
    head = f'<th scope="row">{escape(row.label)}</th>'
    return f"<tr{css}>{head}{''.join(td(text) for text in cells)}</tr>"


def numeric_summary_text(table: NumericTable, threshold: int) -> str:
    """The table in words: each group's mean and median, or why it is not shown."""
    parts = []
    for row in table.rows:
        summary = row.summary
        if summary is None:
            parts.append(
                _("{group}: visas inte (färre än {threshold} värden).").format(
                    group=row.label, threshold=threshold
                )
            )
        elif summary.n == 0 or summary.mean is None:
            parts.append(_("{group}: inga värden.").format(group=row.label))
        else:
            parts.append(
                _(
                    "{group}: medelvärde {mean} (95 % KI {mean_ki}), median {median} "
                    "(95 % KI {median_ki}), n = {n}."
                ).format(
                    group=row.label,
                    mean=numeric_value(summary.mean),
                    mean_ki=numeric_interval(summary.mean_low, summary.mean_high),
                    median=numeric_value(summary.median),
                    median_ki=numeric_interval(summary.median_low, summary.median_high),
                    n=number(summary.n, 0),
                )
            )
    return " ".join(parts)
