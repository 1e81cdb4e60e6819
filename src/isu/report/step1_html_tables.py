"""Every table of ``steg1.html`` as a real ``<table>``, with its chart and its comparisons.

Grouped by occasion, after a list of contents: counts, shares and 95 % intervals per group, the
test of association and the table's note, then, where the variable is compared between groups,
the chart (the table above it is its full text alternative) and the comparisons folded away.
:func:`table_notes_text` words the notes for the web app's dashboard too.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from isu.analysis.formatting import interval_text, number, percent
from isu.analysis.step1 import Step1
from isu.analysis.tables import Comparison, Row, Table
from isu.i18n import _
from isu.report.step1_chart import chart_spec, chart_summary, compared_categories
from isu.report.step1_html_parts import Html, count_text, href, td, th_cols
from isu.report.step1_json import (
    NOT_COMPUTABLE,
    SUPPRESSION_MARKER,
    kind_label,
    level_label,
    method_label,
    p_phrase,
    p_text,
)

__all__ = ["table_notes_text", "tables_section"]


def tables_section(result: Step1, names: Sequence[str], charts: dict[str, Any]) -> Html:
    lines = [
        f'<section id="tabeller" aria-labelledby="tabeller-h"><h2 id="tabeller-h">{escape(_("Tabeller"))}</h2>',
    ]
    if not result.tables:
        return [*lines, f"<p>{escape(_('Inga tabeller.'))}</p>", "</section>"]
    lines += _contents(result.tables, names)
    occasion = None
    for table, anchor in zip(result.tables, names, strict=True):
        if table.occasion != occasion:
            occasion = table.occasion
            lines.append(f'<h3 class="occasion">{escape(table.occasion_label)}</h3>')
        lines += _table(table, anchor, charts)
    lines.append("</section>")
    return lines


def _contents(tables: Sequence[Table], names: Sequence[str]) -> Html:
    items = "".join(
        f'<li><a href="{href(anchor)}">{escape(t.title)}</a> <span class="meta">({escape(t.occasion_label)})</span></li>'
        for t, anchor in zip(tables, names, strict=True)
    )
    summary = _("Förteckning över alla {n} tabeller").format(n=len(tables))
    return [f"<details><summary>{escape(summary)}</summary><ol>{items}</ol></details>"]


def _table(table: Table, anchor: str, charts: dict[str, Any]) -> Html:
    lines = [
        f'<article class="result" id="{escape(anchor)}" aria-labelledby="{escape(anchor)}-h">',
        f'<h4 id="{escape(anchor)}-h">{escape(table.title)}</h4>',
        f'<p class="meta">{escape(table.occasion_label)} · <code>{escape(table.id)}</code></p>',
        *_grid(table),
        *(f'<p class="note">{escape(line)}</p>' for line in table_notes_text(table)),
    ]
    if table.comparisons:
        lines += _chart(table, f"c{len(charts)}", charts)
        lines += _comparisons(table)
    lines.append("</article>")
    return lines


def _grid(table: Table) -> Html:
    dims = [d.label for d in table.breakdown] or [_("Grupp")]
    categories = table.variable.labels
    caption = _("{title}. {occasion}. Antal, andel och 95 % KI per grupp.").format(
        title=table.title, occasion=table.occasion_label
    )
    head_cells = "".join(f'<th scope="col" rowspan="2">{escape(label)}</th>' for label in dims)
    groups = "".join(f'<th scope="colgroup" colspan="3">{escape(c)}</th>' for c in categories)
    sub = th_cols([_("Antal"), _("Andel"), _("95 % KI")] * len(categories), "num")
    colgroups = (
        f'<colgroup span="{len(dims) + 1}"></colgroup>'
        + '<colgroup span="3"></colgroup>' * len(categories)
    )
    lines = [
        '<div class="scroll"><table class="data">',
        f"<caption>{escape(caption)}</caption>",
        colgroups,
        f'<thead><tr>{head_cells}<th scope="col" rowspan="2" class="num">{escape(_("Antal (n)"))}</th>{groups}</tr>',
        f"<tr>{sub}</tr></thead><tbody>",
    ]
    lines += [_grid_row(table, row) for row in table.rows]
    lines.append("</tbody></table></div>")
    return lines


def _grid_row(table: Table, row: Row) -> str:
    group = dict(row.group)
    labels = [level_label(d, group.get(d.key)) for d in table.breakdown] or [row.label]
    heads = "".join(f'<th scope="row">{escape(label)}</th>' for label in labels)
    cells = [td(count_text(row.n))]
    for cell in row.cells:
        hidden = cell.count is None or row.n is None
        missing = SUPPRESSION_MARKER if hidden else NOT_COMPUTABLE
        share = cell.share
        cells.append(td(count_text(cell.count)))
        if share is None or share.estimate is None:
            cells += [td(missing), td(missing)]
        else:
            cells += [td(percent(share.estimate)), td(interval_text(share.low, share.high))]
    css = ' class="total"' if row.is_total else ""
    return f"<tr{css}>{heads}{''.join(cells)}</tr>"


def table_notes_text(table: Table) -> list[str]:
    lines = []
    if table.test is not None:
        lines.append(
            _("Test av samband: {method}, {p}, n = {n}.").format(
                method=method_label(table.test.method),
                p=p_phrase(table.test.p_value),
                n=number(table.test.n, 0),
            )
        )
    if table.note:
        lines.append(table.note)
    return lines


def _comparisons(table: Table) -> Html:
    summary = _("Jämförelser ({n})").format(n=len(table.comparisons))
    headers = [_("Skillnad, procentenheter"), _("95 % KI"), _("p"), _("q")]
    lines = [
        f"<details><summary>{escape(summary)}</summary>",
        '<div class="scroll"><table>',
        f"<caption>{escape(_('Jämförelser av andelar i tabellen'))}</caption>",
        "<thead><tr>",
        th_cols([_("Kategori"), _("Grupp 1")]),
        th_cols([_("Andel")], "num"),
        th_cols([_("Grupp 2")]),
        th_cols([_("Andel")], "num"),
        th_cols(headers, "num"),
        th_cols([_("Jämförelse")]),
        "</tr></thead><tbody>",
    ]
    lines += [_comparison_row(table, c) for c in table.comparisons]
    lines.append("</tbody></table></div></details>")
    return lines


def _comparison_row(table: Table, c: Comparison) -> str:
    d = c.difference
    variable = table.variable
    category = variable.label_of(c.category) if c.category in variable.codes else c.category
    if d.estimate is None:
        points, interval = NOT_COMPUTABLE, NOT_COMPUTABLE
    else:
        points = number(d.estimate * 100, 0)
        interval = interval_text(d.low, d.high, unit="")
    return (
        f'<tr><th scope="row">{escape(category)}</th><td>{escape(c.first_label)}</td>'
        f"{td(percent(d.first.estimate))}<td>{escape(c.second_label)}</td>{td(percent(d.second.estimate))}"
        f"{td(points)}{td(interval)}{td(p_text(c.p_value))}{td(p_text(c.q_value))}"
        f"<td>{escape(kind_label(c.kind))}</td></tr>"
    )


def _chart(table: Table, key: str, charts: dict[str, Any]) -> Html:
    spec = chart_spec(table)
    if spec is None:
        return []
    charts[key] = spec
    categories = [table.variable.labels[k] for k in compared_categories(table)]
    label = _(
        "Stapeldiagram: andel per grupp med 95 % konfidensintervall för {categories}. "
        "Samma siffror finns i tabellen ovan."
    ).format(categories=", ".join(f"«{c}»" for c in categories))
    return [
        '<figure class="chart">',
        f'<div class="vega" data-chart="{key}" role="img" aria-label="{escape(label)}"></div>',
        f"<figcaption>{escape(chart_summary(table, spec['data']['values']))}</figcaption>",
        "</figure>",
    ]
