"""What step 1 found, before the tables: the observations and the paired tests of change.

The observations are the differences between the sexes, largest first, each linked to the table
it comes from; the paired tests ask whether more people improve than worsen between the first
occasion and a follow-up. Both only word what the analysis published.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from isu.analysis.step1 import Step1
from isu.i18n import _
from isu.report.step1_html_parts import Html, count_text, href, td, th_cols
from isu.report.step1_json import (
    SUPPRESSION_MARKER,
    method_label,
    observation_label,
    p_text,
    paired_test,
)
from isu.report.step1_xlsx import observation_rule_text

__all__ = ["change_section", "observations_section"]


def observations_section(result: Step1, names: Sequence[str]) -> Html:
    anchor_of = {table.id: anchor for table, anchor in zip(result.tables, names, strict=True)}
    found = [o for o in result.observations if o.kind == "skillnad"]
    others = [o for o in result.observations if o.kind != "skillnad"]
    lines = [
        f'<section id="iakttagelser" aria-labelledby="iakttagelser-h"><h2 id="iakttagelser-h">{escape(_("Iakttagelser"))}</h2>',
        f'<p class="meta">{escape(observation_rule_text(result))}</p>',
    ]
    if not result.observations:
        lines.append(f"<p>{escape(_('Inga iakttagelser.'))}</p>")
    if found:
        lines.append(f'<h3>{escape(_("Skillnader, störst först"))}</h3><ol class="observations">')
        lines += [_observation_item(o.text, anchor_of.get(o.table)) for o in found]
        lines.append("</ol>")
    if others:
        lines.append(
            f'<h3>{escape(_("Jämförelser mellan könen utan säkerställd skillnad"))}</h3><ul class="observations">'
        )
        lines += [
            _observation_item(o.text, anchor_of.get(o.table), observation_label(o.kind))
            for o in others
        ]
        lines.append("</ul>")
    lines.append("</section>")
    return lines


def _observation_item(text: str, anchor: str | None, kind: str = "") -> str:
    label = f'<span class="kind">{escape(kind)}:</span> ' if kind else ""
    link = f' <a href="{href(anchor)}">{escape(_("Visa tabellen"))}</a>' if anchor else ""
    return f"<li>{label}{escape(text)}{link}</li>"


def change_section(result: Step1) -> Html:
    lines = [
        f'<section id="forandring" aria-labelledby="forandring-h"><h2 id="forandring-h">{escape(_("Förändring för samma personer"))}</h2>',
    ]
    if not result.paired_tests:
        lines += [
            f"<p>{escape(_('Inga parade test: data har bara ett tillfälle.'))}</p>",
            "</section>",
        ]
        return lines
    occasions = {c.code: c.label for c in result.codebook.occasions}
    lines += [
        f"<p>{escape(_('Test av om fler förbättras än försämras mellan första tillfället och uppföljningen. Antalen finns i förändringstabellerna.'))}</p>",
        '<div class="scroll"><table>',
        f"<caption>{escape(_('Parade test per uppgift och juridiskt kön'))}</caption>",
        "<thead><tr>",
        th_cols([_("Uppgift"), _("Uppföljning"), _("Grupp")]),
        th_cols([_("Antal par (n)")], "num"),
        th_cols([_("Test")]),
        th_cols([_("p")], "num"),
        "</tr></thead><tbody>",
    ]
    for p in result.paired_tests:
        shown = paired_test(p.test, result.settings.threshold)
        variable = result.codebook.get(p.variable)
        hidden = shown["n"] is None
        lines.append(
            f'<tr><th scope="row">{escape(variable.label if variable else p.variable)}</th>'
            f"<td>{escape(occasions.get(p.follow_up, p.follow_up))}</td><td>{escape(p.label)}</td>"
            f"{td(count_text(shown['n']))}<td>{escape(method_label(p.test.method))}</td>"
            f"{td(SUPPRESSION_MARKER if hidden else p_text(shown['p_value']))}</tr>"
        )
    lines.append("</tbody></table></div></section>")
    return lines
