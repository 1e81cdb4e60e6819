"""Criteria analyses as HTML: the verdict first, then each criterion unfolding into its numbers.

Used as a section of ``steg1.html`` and as the standalone ``kriterier.html`` of ``isu kriterier``.
Every number shown is one the analysis published; the renderer formats and never computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from isu.analysis.criteria import CriteriaAnalysis, Outcome, VariableResult
from isu.analysis.criteria.texts import (
    METHODS,
    comparable_texts,
    level_cells,
    level_headers,
    merged_note,
    summary,
    unmet_text,
    variable_text,
)
from isu.i18n import _
from isu.report.html_assets import PAGE_CSS

__all__ = ["FILE_NAME", "criteria_section", "render_criteria", "write_criteria_html"]

FILE_NAME = "kriterier.html"
Html = list[str]
SECTION_ID = "kriterier"
CSS = """
.verdict { display: inline-block; padding: .1rem .55rem; border-radius: .3rem; font-weight: 700;
  border: 2px solid currentColor; margin-right: .4rem; }
.verdict.forklarad { color: #1d5e20; } .verdict.delvis_forklarad { color: #7a4b00; }
.verdict.ej_forklarad { color: #a11d1d; } .verdict.kan_inte_avgoras, .verdict.ingen_skillnad { color: #3d4a57; }
.criteria-analysis { border-top: 1px solid var(--line, #d4d9df); margin-top: 1.5rem; padding-top: .5rem; }
.criterion > summary { font-size: 1.05rem; }
.question { font-style: italic; }
"""


def criteria_section(analyses: Sequence[CriteriaAnalysis]) -> Html:
    title = _("Omotiverade skillnader – prövning mot kriterierna")
    lines = [
        f'<section id="{SECTION_ID}" aria-labelledby="{SECTION_ID}-h">'
        f'<h2 id="{SECTION_ID}-h">{escape(title)}</h2>',
        "<p>"
        + escape(
            _(
                "Skillnader i beslut och delaktighet prövas steg för steg mot kriterierna i "
                "Analysstödets bilaga: behov, om behovet tillgodoses på annat sätt, samtycke "
                "eller inställning – och för delaktighet önskan att delta och anpassningar. "
                "Öppna ett kriterium för att se siffrorna bakom bedömningen."
            )
        )
        + "</p>",
    ]
    if not analyses:
        lines.append(
            "<p>"
            + escape(
                _("Kodboken har inga ja/nej-frågor om beslut eller delaktighet med kriterier.")
            )
            + "</p>"
        )
    for number, analysis in enumerate(analyses, start=1):
        lines += _analysis(analysis, f"{SECTION_ID}-{number}")
    lines += _methods(analyses[0].threshold if analyses else 5)
    lines.append("</section>")
    return lines


def _analysis(analysis: CriteriaAnalysis, anchor: str) -> Html:
    g = analysis.groups
    heading = _("{outcome}: {first} jämfört med {second}").format(
        outcome=g.outcome_label, first=g.first, second=g.second
    )
    lines = [
        f'<article class="criteria-analysis" id="{anchor}" aria-labelledby="{anchor}-h">',
        f'<h3 id="{anchor}-h">{escape(heading)}</h3>',
        f"<p>{_badge(analysis.verdict.outcome, analysis.verdict.label)}{escape(summary(analysis))}</p>",
    ]
    for criterion in analysis.criteria:
        lines.append(
            f'<details class="criterion"><summary>{escape(criterion.kind.label)}: '
            f"{escape(criterion.verdict.label)}</summary>"
        )
        lines.append(f'<p class="question">{escape(criterion.kind.question)}</p>')
        for variable in criterion.variables:
            lines += _variable(analysis, variable)
        lines.append("</details>")
    lines += _comparable(analysis)
    for unmet in analysis.unmet:
        lines.append(
            f"<p><strong>{escape(_('Anpassning saknades'))}:</strong> "
            f"{escape(unmet_text(analysis, unmet))}</p>"
        )
    lines.append("</article>")
    return lines


def _badge(outcome: Outcome, label: str) -> str:
    return f'<span class="verdict {outcome.value}">{escape(label)}</span>'


def _variable(analysis: CriteriaAnalysis, variable: VariableResult) -> Html:
    headers = [_("Nivå"), *level_headers(analysis)]
    lines = [
        f"<h4>{escape(variable.label)} {_badge(variable.verdict.outcome, variable.verdict.label)}</h4>",
        f"<p>{escape(variable_text(analysis, variable))}</p>",
    ]
    if not variable.examinable:
        return lines
    lines += [
        '<div class="scroll"><table>',
        f"<caption>{escape(variable.label)}</caption>",
        "<thead><tr>"
        + "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
        + "</tr></thead><tbody>",
    ]
    for level in variable.levels:
        lines.append(
            f'<tr><th scope="row">{escape(level.label)}</th>'
            + "".join(f'<td class="num">{escape(c)}</td>' for c in level_cells(level))
            + "</tr>"
        )
    lines.append("</tbody></table></div>")
    if variable.merged:
        lines.append(f'<p class="note">{escape(merged_note(analysis))}</p>')
    return lines


def _comparable(analysis: CriteriaAnalysis) -> Html:
    texts = comparable_texts(analysis)
    if texts is None:
        return []
    who, gap = texts
    return [
        f"<details><summary>{escape(_('Bland jämförbara ärenden'))}</summary>",
        f"<p>{escape(who)}</p><p>{escape(gap)}</p></details>",
    ]


def _methods(threshold: int) -> Html:
    items = "".join(
        f"<li>{escape(text.format(threshold=threshold))}</li>" for text in METHODS.values()
    )
    return [
        f"<details><summary>{escape(_('Så går prövningen till'))}</summary><ul>{items}</ul></details>"
    ]


def render_criteria(analyses: Sequence[CriteriaAnalysis], title: str) -> str:
    body = "\n".join(criteria_section(analyses))
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="sv">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{PAGE_CSS}{CSS}</style></head>",
            f"<body><header><h1>{escape(title)}</h1></header><main>",
            body,
            "</main></body></html>",
            "",
        ]
    )


def write_criteria_html(analyses: Sequence[CriteriaAnalysis], out_dir: Path, title: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    path.write_text(render_criteria(analyses, title), encoding="utf-8")
    return path
