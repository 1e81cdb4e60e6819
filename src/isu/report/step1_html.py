"""Step 1 as ``steg1.html``: one self-contained page a unit can read, mail and archive.

The page opens offline from a file share or a USB stick: the CSS is inline and Vega, Vega-Lite
and vega-embed are bundled inline once (from :func:`vl_convert.javascript_bundle`), so the page
never fetches anything; the stylesheet and the chart script are :mod:`isu.report.html_assets`.
The order follows the method: data quality first, then the observations (each linked to its
table), the paired tests, the numeric measures (mean and median per sex), then every table as a
real ``<table>`` that a screen reader can walk.
Tables whose variable is compared between the sexes also get a bar chart of shares with their
95 % intervals; the table above it is the chart's full text alternative, and a short summary says
what the chart shows (the chart itself is :mod:`isu.report.step1_chart`). Hidden values are
``..`` everywhere; nothing is computed here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import Any

import vl_convert

from isu.analysis.estimates import Difference
from isu.analysis.formatting import interval_text, number, percent
from isu.analysis.numeric import NumericRow, NumericTable
from isu.analysis.quality import Completeness, Quality, VariableQuality
from isu.analysis.step1 import Step1
from isu.analysis.tables import Comparison, Row, Table
from isu.i18n import _
from isu.report.criteria_html import CSS as CRITERIA_CSS
from isu.report.criteria_html import criteria_section
from isu.report.html_assets import CHARTS_JS, PAGE_CSS
from isu.report.step1_chart import FORMAT_LOCALE, chart_spec, chart_summary, compared_categories
from isu.report.step1_json import (
    NOT_COMPUTABLE,
    SUPPRESSION_MARKER,
    kind_label,
    level_label,
    method_label,
    numeric_interval,
    numeric_value,
    observation_label,
    p_phrase,
    p_text,
    paired_test,
)
from isu.report.step1_xlsx import (
    first_only_text,
    numeric_notes,
    observation_rule_text,
    secrecy_text,
)

__all__ = ["FILE_NAME", "NUMERIC_PREFIX", "anchors", "write_html"]

FILE_NAME = "steg1.html"
TABLE_PREFIX, NUMERIC_PREFIX = "t-", "n-"

Html = list[str]


def write_html(result: Step1, out_dir: Path) -> Path:
    """Write ``steg1.html`` into *out_dir* and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    path.write_text(render(result), encoding="utf-8")
    return path


def render(result: Step1) -> str:
    names = anchors(result.tables)
    charts: dict[str, Any] = {}
    body = [
        *_header(result),
        "<main>",
        *_legend(result),
        *_quality(result),
        *_observations(result, names),
        *criteria_section(result.criteria),
        *_change(result),
        *_numeric(result),
        *_tables(result, names, charts),
        "</main>",
    ]
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="sv">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(_('Steg 1: Vad ser vi?'))} – {escape(result.codebook.title)}</title>",
            f"<style>{PAGE_CSS}{CRITERIA_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            *_scripts(charts),
            "</body>",
            "</html>",
            "",
        ]
    )


def anchors(tables: Sequence[Table | NumericTable], prefix: str = TABLE_PREFIX) -> list[str]:
    """A fragment id per table, in order: «t-» (numeric tables «n-») and the table id.

    Table ids are unique; whitespace, which a fragment id cannot hold, becomes «_».
    """
    return [prefix + re.sub(r"\s", "_", table.id) for table in tables]


def _href(anchor: str) -> str:
    return "#" + escape(anchor)


# --------------------------------------------------------------------------- cells


def _td(text: str, css: str = "num") -> str:
    if text == SUPPRESSION_MARKER:
        return f'<td class="{css}"><abbr title="{escape(_("visas inte"))}">..</abbr></td>'
    return f'<td class="{css}">{escape(text)}</td>'


def _count(value: int | None) -> str:
    return SUPPRESSION_MARKER if value is None else number(value, 0)


def _th_cols(labels: Iterable[str], css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return "".join(f'<th scope="col"{attr}>{escape(label)}</th>' for label in labels)


# --------------------------------------------------------------------------- front matter


def _header(result: Step1) -> Html:
    codebook = result.codebook
    meta = _(
        "Kodbok {id}, version {version} (fingeravtryck {fingerprint}). Skapad {created} UTC."
    ).format(
        id=codebook.id,
        version=codebook.version,
        fingerprint=codebook.fingerprint(),
        created=f"{result.created:%Y-%m-%d %H:%M}",
    )
    lines = [
        "<header>",
        f"<h1>{escape(_('Steg 1: Vad ser vi?'))}</h1>",
        f'<p class="lead">{escape(codebook.title)}</p>',
    ]
    if codebook.question:
        lines.append(f"<p>{escape(codebook.question)}</p>")
    lines += [f'<p class="meta">{escape(meta)}</p>', "</header>", *_nav()]
    return lines


def _nav() -> Html:
    links = [
        ("datakvalitet", _("Datakvalitet")),
        ("iakttagelser", _("Iakttagelser")),
        ("kriterier", _("Omotiverade skillnader")),
        ("forandring", _("Förändring")),
        ("numeriska-matt", _("Numeriska mått")),
        ("tabeller", _("Tabeller")),
    ]
    items = "".join(f'<li><a href="#{key}">{escape(label)}</a></li>' for key, label in links)
    return [f'<nav aria-label="{escape(_("Innehåll"))}"><ul>{items}</ul></nav>']


def _legend(result: Step1) -> Html:
    entries = [
        ("..", secrecy_text(result.settings.threshold)),
        (
            "95 % KI",
            _(
                "95 procents konfidensintervall: det spann där det sanna värdet (andel, "
                "medelvärde eller median) troligen ligger."
            ),
        ),
        (NOT_COMPUTABLE, _("Kan inte beräknas, till exempel i en grupp utan personer.")),
        (
            "p, q",
            _(
                "p-värde, och q: p-värdet justerat för att många jämförelser görs (Benjamini–Hochberg)."
            ),
        ),
    ]
    items = "".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in entries)
    return [
        f'<aside class="legend" aria-labelledby="legend-h"><h2 id="legend-h">{escape(_("Så läser du siffrorna"))}</h2>',
        f"<dl>{items}</dl>",
        f"<p>{escape(_('Skillnader mellan andelar anges i procentenheter.'))}</p></aside>",
    ]


# --------------------------------------------------------------------------- data quality


def _quality(result: Step1) -> Html:
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
        f'<thead><tr><th scope="col">{escape(_("Tillfälle"))}</th>{_th_cols(labels, "num")}</tr></thead><tbody>',
    ]
    for code, label in occasions:
        by_label = {s.label: s.records for s in quality.sizes if s.occasion == code}
        cells = "".join(_td(_count(by_label.get(group))) for group in labels)
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
        _th_cols([_("Tillfälle"), _("Uppgift")]),
        _th_cols(headers, "num"),
        "</tr></thead><tbody>",
    ]
    for v in variables:
        by_label = {r.label: r for r in v.rows}
        cells = "".join(_td(answered_text(by_label.get(label))) for label in labels)
        lines.append(
            f'<tr><td>{escape(v.occasion_label)}</td><th scope="row">{escape(v.label)}</th>'
            f"{cells}{_td(points_text(v.sex_difference))}</tr>"
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


# --------------------------------------------------------------------------- observations


def _observations(result: Step1, names: Sequence[str]) -> Html:
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
    link = f' <a href="{_href(anchor)}">{escape(_("Visa tabellen"))}</a>' if anchor else ""
    return f"<li>{label}{escape(text)}{link}</li>"


# --------------------------------------------------------------------------- paired tests


def _change(result: Step1) -> Html:
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
        _th_cols([_("Uppgift"), _("Uppföljning"), _("Grupp")]),
        _th_cols([_("Antal par (n)")], "num"),
        _th_cols([_("Test")]),
        _th_cols([_("p")], "num"),
        "</tr></thead><tbody>",
    ]
    for p in result.paired_tests:
        shown = paired_test(p.test, result.settings.threshold)
        variable = result.codebook.get(p.variable)
        hidden = shown["n"] is None
        lines.append(
            f'<tr><th scope="row">{escape(variable.label if variable else p.variable)}</th>'
            f"<td>{escape(occasions.get(p.follow_up, p.follow_up))}</td><td>{escape(p.label)}</td>"
            f"{_td(_count(shown['n']))}<td>{escape(method_label(p.test.method))}</td>"
            f"{_td(SUPPRESSION_MARKER if hidden else p_text(shown['p_value']))}</tr>"
        )
    lines.append("</tbody></table></div></section>")
    return lines


# --------------------------------------------------------------------------- numeric measures


def _numeric(result: Step1) -> Html:
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
        _th_cols([_("Grupp")]),
        _th_cols(
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
    return f"<tr{css}>{head}{''.join(_td(text) for text in cells)}</tr>"


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


# --------------------------------------------------------------------------- tables


def _tables(result: Step1, names: Sequence[str], charts: dict[str, Any]) -> Html:
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
        f'<li><a href="{_href(anchor)}">{escape(t.title)}</a> <span class="meta">({escape(t.occasion_label)})</span></li>'
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
    sub = _th_cols([_("Antal"), _("Andel"), _("95 % KI")] * len(categories), "num")
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
    cells = [_td(_count(row.n))]
    for cell in row.cells:
        hidden = cell.count is None or row.n is None
        missing = SUPPRESSION_MARKER if hidden else NOT_COMPUTABLE
        share = cell.share
        cells.append(_td(_count(cell.count)))
        if share is None or share.estimate is None:
            cells += [_td(missing), _td(missing)]
        else:
            cells += [_td(percent(share.estimate)), _td(interval_text(share.low, share.high))]
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
        _th_cols([_("Kategori"), _("Grupp 1")]),
        _th_cols([_("Andel")], "num"),
        _th_cols([_("Grupp 2")]),
        _th_cols([_("Andel")], "num"),
        _th_cols(headers, "num"),
        _th_cols([_("Jämförelse")]),
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
        f"{_td(percent(d.first.estimate))}<td>{escape(c.second_label)}</td>{_td(percent(d.second.estimate))}"
        f"{_td(points)}{_td(interval)}{_td(p_text(c.p_value))}{_td(p_text(c.q_value))}"
        f"<td>{escape(kind_label(c.kind))}</td></tr>"
    )


# --------------------------------------------------------------------------- charts


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


# --------------------------------------------------------------------------- scripts


def _script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: no «<» can end or open a tag."""
    return json.dumps(data, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def _scripts(charts: dict[str, Any]) -> Html:
    if not charts:
        return []
    # The bundle (Vega, Vega-Lite, vega-embed and CHARTS_JS) is built once per process.
    bundle = vl_convert.javascript_bundle(CHARTS_JS).replace("</script", "<\\/script")
    options = {"actions": False, "renderer": "svg", "formatLocale": FORMAT_LOCALE}
    failed = _("Diagrammet kunde inte visas. Siffrorna finns i tabellen ovan.")
    return [
        f'<script type="application/json" id="isu-charts">{_script_json(charts)}</script>',
        f'<script type="application/json" id="isu-chart-options">{_script_json({"embed": options, "failed": failed})}</script>',
        f'<script type="module">{bundle}</script>',
    ]
