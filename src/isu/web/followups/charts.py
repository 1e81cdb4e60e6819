"""What the step-1 dashboard shows of a result, formatted: the chosen table, its chart and the
sections around it.

Everything here only formats numbers the analysis published: a hidden count is ``..``, and
nothing is computed from records. The chart is the Vega-Lite specification and the text
alternative of :mod:`isu.report.step1_chart`, so the dashboard and the exported page agree; the
words (method names, comparison kinds, notes) are those of the exported reports too.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from isu.analysis.change import PairedResult
from isu.analysis.formatting import interval_text, number, percent
from isu.analysis.numeric import NumericTable
from isu.analysis.quality import Quality, VariableQuality
from isu.analysis.step1 import Step1
from isu.analysis.tables import Comparison, Row, Table
from isu.report.step1_chart import FORMAT_LOCALE, chart_spec, chart_summary
from isu.report.step1_html_numeric import numeric_summary_text
from isu.report.step1_html_quality import answered_text, points_text
from isu.report.step1_html_tables import table_notes_text
from isu.report.step1_json import (
    NOT_COMPUTABLE,
    SUPPRESSION_MARKER,
    kind_label,
    level_label,
    method_label,
    numeric_interval,
    numeric_test_text,
    numeric_value,
    p_text,
    paired_test,
)
from isu.report.step1_xlsx import numeric_notes

HIDDEN = SUPPRESSION_MARKER


def count_text(value: int | None) -> str:
    return HIDDEN if value is None else number(value, 0)


# --------------------------------------------------------------------------- the chosen table


@dataclass(frozen=True)
class GridRow:
    heads: tuple[str, ...]
    n: str
    cells: tuple[tuple[str, str, str], ...]  # per category: count, share, 95 % interval
    total: bool


@dataclass(frozen=True)
class ComparisonRow:
    category: str
    first: str
    first_share: str
    second: str
    second_share: str
    points: str
    interval: str
    p: str
    q: str
    kind: str


@dataclass(frozen=True)
class Grid:
    caption: str
    dims: tuple[str, ...]
    categories: tuple[str, ...]
    rows: tuple[GridRow, ...]
    notes: tuple[str, ...]  # the test line and the table's own note
    comparisons: tuple[ComparisonRow, ...]


def grid(table: Table) -> Grid:
    return Grid(
        caption=_("{title}. {occasion}. Antal, andel och 95 % KI per grupp.").format(
            title=table.title, occasion=table.occasion_label
        ),
        dims=tuple(d.label for d in table.breakdown) or (_("Grupp"),),
        categories=table.variable.labels,
        rows=tuple(_grid_row(table, row) for row in table.rows),
        notes=tuple(table_notes_text(table)),
        comparisons=tuple(_comparison_row(table, c) for c in table.comparisons),
    )


def _grid_row(table: Table, row: Row) -> GridRow:
    group = dict(row.group)
    heads = tuple(level_label(d, group.get(d.key)) for d in table.breakdown) or (row.label,)
    cells = []
    for cell in row.cells:
        share = cell.share
        if share is None or share.estimate is None:
            empty = HIDDEN if cell.count is None or row.n is None else NOT_COMPUTABLE
            cells.append((count_text(cell.count), empty, empty))
        else:
            cells.append(
                (
                    count_text(cell.count),
                    percent(share.estimate),
                    interval_text(share.low, share.high),
                )
            )
    return GridRow(heads, count_text(row.n), tuple(cells), row.is_total)


def _comparison_row(table: Table, c: Comparison) -> ComparisonRow:
    d = c.difference
    variable = table.variable
    if d.estimate is None:
        points = interval = NOT_COMPUTABLE
    else:
        points = number(d.estimate * 100, 0)
        interval = interval_text(d.low, d.high, unit="")
    return ComparisonRow(
        category=variable.label_of(c.category) if c.category in variable.codes else c.category,
        first=c.first_label,
        first_share=percent(d.first.estimate),
        second=c.second_label,
        second_share=percent(d.second.estimate),
        points=points,
        interval=interval,
        p=p_text(c.p_value),
        q=p_text(c.q_value),
        kind=kind_label(c.kind),
    )


@dataclass(frozen=True)
class Chart:
    spec: dict[str, Any]  # Vega-Lite, data inline: the page fetches nothing
    label: str  # what the chart is, for screen readers
    summary: str  # the text alternative: highest and lowest group with intervals


def chart(table: Table) -> Chart | None:
    """The bar chart of the table's compared shares, or None when it has nothing to draw."""
    spec = chart_spec(table) if table.comparisons else None
    if spec is None:
        return None
    categories = dict.fromkeys(v["kategori"] for v in spec["data"]["values"])
    label = _(
        "Stapeldiagram: andel per grupp med 95 % konfidensintervall för {categories}. "
        "Samma siffror finns i tabellen."
    ).format(categories=", ".join(f"«{c}»" for c in categories))
    return Chart(spec, label, chart_summary(table, spec["data"]["values"]))


def embed_options() -> dict[str, Any]:
    """Options for vegaEmbed that work under the app's Content-Security-Policy.

    ``ast`` makes Vega interpret expressions instead of compiling them with ``Function``
    (no ``unsafe-eval``); vega-embed's and vega-tooltip's own ``<style>`` elements would be
    inline styles, so their rules live in dashboard.css instead.
    """
    return {
        "embed": {
            "actions": False,
            "renderer": "svg",
            "ast": True,
            "defaultStyle": False,
            "tooltip": {"disableDefaultStyle": True},
            "formatLocale": FORMAT_LOCALE,
        },
        "failed": _("Diagrammet kunde inte visas. Siffrorna finns i tabellen."),
    }


# --------------------------------------------------------------------------- data quality


@dataclass(frozen=True)
class SizeTable:
    groups: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # occasion label, records per group


@dataclass(frozen=True)
class CompletenessRow:
    label: str
    answered: tuple[str, ...]
    difference: str


@dataclass(frozen=True)
class Completeness:
    groups: tuple[str, ...]
    difference_label: str
    occasions: tuple[tuple[str, tuple[CompletenessRow, ...]], ...]  # rows by occasion
    complete: tuple[str, ...]  # «Tillfälle: uppgift» where nothing is missing


def sizes(quality: Quality) -> SizeTable:
    groups = tuple(dict.fromkeys(s.label for s in quality.sizes))
    occasions = dict.fromkeys((s.occasion, s.occasion_label) for s in quality.sizes)
    rows = []
    for code, label in occasions:
        by_group = {s.label: s.records for s in quality.sizes if s.occasion == code}
        rows.append((label, tuple(count_text(by_group.get(g)) for g in groups)))
    return SizeTable(groups, tuple(rows))


def completeness(variables: Sequence[VariableQuality]) -> Completeness:
    """Variables with missing answers as rows; those without listed by name."""
    gaps = [v for v in variables if v.missing or any(r.applicable is None for r in v.rows)]
    groups = tuple(dict.fromkeys(r.label for v in gaps for r in v.rows))
    occasions: dict[str, list[CompletenessRow]] = {}
    for v in gaps:
        by_group = {r.label: r for r in v.rows}
        answered = tuple(answered_text(by_group.get(g)) for g in groups)
        row = CompletenessRow(v.label, answered, points_text(v.sex_difference))
        occasions.setdefault(v.occasion_label, []).append(row)
    return Completeness(
        groups,
        _("Skillnad {pair}, procentenheter (95 % KI)").format(pair=" − ".join(groups[:2])),
        tuple((occasion, tuple(rows)) for occasion, rows in occasions.items()),
        tuple(f"{v.occasion_label}: {v.label}" for v in variables if v not in gaps),
    )


# --------------------------------------------------------------------------- numeric and change


@dataclass(frozen=True)
class NumericView:
    title: str
    occasion: str
    summary: str
    rows: tuple[tuple[str, tuple[str, ...], bool], ...]  # label, five figures, is total
    notes: tuple[str, ...]


def numeric(table: NumericTable, threshold: int) -> NumericView:
    rows = []
    for row in table.rows:
        s = row.summary
        if s is None:  # fewer values than the threshold: nothing about the group is shown
            figures = (HIDDEN,) * 5
        else:
            figures = (
                number(s.n, 0),
                numeric_value(s.mean),
                numeric_interval(s.mean_low, s.mean_high),
                numeric_value(s.median),
                numeric_interval(s.median_low, s.median_high),
            )
        rows.append((row.label, figures, row.sex is None))
    return NumericView(
        table.title,
        table.occasion_label,
        numeric_summary_text(table, threshold),
        tuple(rows),
        (numeric_test_text(table, threshold), *numeric_notes(table, threshold)),
    )


@dataclass(frozen=True)
class PairedRow:
    variable: str
    follow_up: str
    group: str
    n: str
    method: str
    p: str


def paired(result: Step1) -> tuple[PairedRow, ...]:
    """The paired tests without their raw counts (see :func:`isu.report.paired_test`)."""
    occasions = {c.code: c.label for c in result.codebook.occasions}
    rows = []
    for p in result.paired_tests:
        rows.append(_paired_row(result, p, occasions))
    return tuple(rows)


def _paired_row(result: Step1, p: PairedResult, occasions: dict[str, str]) -> PairedRow:
    shown = paired_test(p.test, result.settings.threshold)
    variable = result.codebook.get(p.variable)
    hidden = shown["n"] is None
    return PairedRow(
        variable.label if variable else p.variable,
        occasions.get(p.follow_up, p.follow_up),
        p.label,
        count_text(shown["n"]),
        method_label(p.test.method),
        HIDDEN if hidden else p_text(shown["p_value"]),
    )
