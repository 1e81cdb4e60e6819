"""The data-quality section of ``steg1.html``: how many records, and what is missing for whom.

It comes first because every later number rests on it: records per occasion and sex, the notes
on answers missing more often for one sex, and the variables with missing answers (the complete
ones listed after them). :func:`answered_text` and :func:`points_text` also word the same cells
on the web app's dashboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from isu.analysis.estimates import Difference
from isu.analysis.formatting import interval_text, number, percent
from isu.analysis.quality import Completeness, Quality, VariableQuality
from isu.analysis.step1 import Step1
from isu.i18n import _
from isu.report.step1_html_parts import Html, count_text, td, th_cols
from isu.report.step1_json import NOT_COMPUTABLE, SUPPRESSION_MARKER
from isu.report.step1_xlsx import first_only_text

__all__ = ["answered_text", "points_text", "quality_section"]


def quality_section(result: Step1) -> Html:
    quality = result.quality
    summary = _("{records} poster om {clients} personer.").format(
        records=number(quality.records, 0), clients=number(quality.clients, 0)
    )
    if len(result.codebook.occasions) > 1:
        summary += " " + first_only_text(quality)
    lines = [
        f'<section id="datakvalitet" aria-labelledby="datakvalitet-h"><h2 id="datakvalitet-h">{escape(_("Datakvalitet"))}</h2>',
        f"<p>{escape(summary)}</p>",
        *_sizes(quality),
        *_notes(quality.notes),
        *_completeness(quality.variables),
        "</section>",
    ]
    return lines


def _sizes(quality: Quality) -> Html:
    labels = list(dict.fromkeys(s.label for s in quality.sizes))
    occasions = list(dict.fromkeys((s.occasion, s.occasion_label) for s in quality.sizes))
    lines = [
        '<div class="scroll"><table>',
        f"<caption>{escape(_('Antal poster per tillfälle och juridiskt kön'))}</caption>",
        f'<thead><tr><th scope="col">{escape(_("Tillfälle"))}</th>{th_cols(labels, "num")}</tr></thead><tbody>',
    ]
    for code, label in occasions:
        by_label = {s.label: s.records for s in quality.sizes if s.occasion == code}
        cells = "".join(td(count_text(by_label.get(group))) for group in labels)
        lines.append(f'<tr><th scope="row">{escape(label)}</th>{cells}</tr>')
    lines.append("</tbody></table></div>")
    return lines


def _notes(notes: Sequence[str]) -> Html:
    if not notes:
        return [
            f"<p>{escape(_('Inga uppgifter saknas tydligt oftare för det ena könet än för det andra.'))}</p>"
        ]
    items = "".join(f"<li>{escape(note)}</li>" for note in notes)
    return [
        f'<div class="notes" role="note"><h3>{escape(_("Att tänka på"))}</h3><ul>{items}</ul></div>'
    ]


def _completeness(variables: Sequence[VariableQuality]) -> Html:
    """Variables with missing answers in a table; the complete ones listed after it."""
    gaps = [v for v in variables if v.missing or any(r.applicable is None for r in v.rows)]
    complete = [v for v in variables if v not in gaps]
    lines = _completeness_table(gaps) if gaps else []
    if complete:
        summary = _("Uppgifter där inget saknas ({n})").format(n=len(complete))
        items = "".join(f"<li>{escape(v.occasion_label)}: {escape(v.label)}</li>" for v in complete)
        lines.append(f"<details><summary>{escape(summary)}</summary><ul>{items}</ul></details>")
    return lines


def _completeness_table(variables: Sequence[VariableQuality]) -> Html:
    labels = list(dict.fromkeys(r.label for v in variables for r in v.rows))
    pair = " − ".join(labels[:2])
    headers = [
        *(_("Besvarade, {group}").format(group=label) for label in labels),
        _("Skillnad {pair}, procentenheter (95 % KI)").format(pair=pair),
    ]
    lines = [
        '<div class="scroll"><table>',
        f"<caption>{escape(_('Besvarade uppgifter bland dem som frågan gäller'))}</caption>",
        "<thead><tr>",
        th_cols([_("Tillfälle"), _("Uppgift")]),
        th_cols(headers, "num"),
        "</tr></thead><tbody>",
    ]
    for v in variables:
        by_label = {r.label: r for r in v.rows}
        cells = "".join(td(answered_text(by_label.get(label))) for label in labels)
        lines.append(
            f'<tr><td>{escape(v.occasion_label)}</td><th scope="row">{escape(v.label)}</th>'
            f"{cells}{td(points_text(v.sex_difference))}</tr>"
        )
    lines.append("</tbody></table></div>")
    return lines


def answered_text(row: Completeness | None) -> str:
    if row is None:
        return NOT_COMPUTABLE
    if row.applicable is None:
        return SUPPRESSION_MARKER
    share = percent(row.share.estimate) if row.share else NOT_COMPUTABLE
    return _("{k} av {n} ({share})").format(
        k=number(row.answered, 0), n=number(row.applicable, 0), share=share
    )


def points_text(diff: Difference | None) -> str:
    if diff is None or diff.estimate is None:
        return NOT_COMPUTABLE
    interval = interval_text(diff.low, diff.high, unit="")
    return f"{number(diff.estimate * 100, 0)} ({interval})"
