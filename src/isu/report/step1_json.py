"""Step 1 as ``results.json``: every published estimate, machine-readable and self-describing.

Other tools (a municipality's own dashboard, a statistician's notebook, a later step of the
method) should not have to scrape the workbook or the web page. The JSON therefore carries every
count, share, interval, test and comparison of the result, and the mean and median of each
numeric variable, with method names and confidence levels, exactly as the analysis published them: a hidden count is ``null``, never a number, and
nothing is recomputed here. The format is documented field by field in ``docs/results-schema.md``
and versioned by ``schema_version``.

This module also holds the small vocabulary the human-readable renderers share (Swedish names of
methods and comparison kinds, group levels), so that the workbook and the web page say the same.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from isu.analysis.change import PairedResult
from isu.analysis.estimates import (
    AssociationTest,
    Difference,
    NumericSummary,
    PairedTest,
    RankTest,
    Share,
)
from isu.analysis.formatting import number
from isu.analysis.frame import Dimension
from isu.analysis.numeric import NumericRow, NumericTable
from isu.analysis.observations import Observation
from isu.analysis.quality import Completeness, Quality, Size, VariableQuality
from isu.analysis.step1 import Step1
from isu.analysis.tables import ALL_LABEL, MISSING_LABEL, Cell, Comparison, Group, Row, Table
from isu.i18n import _
from isu.report.criteria_json import criteria_to_dict

__all__ = [
    "FILE_NAME",
    "NOT_COMPUTABLE",
    "SCHEMA_VERSION",
    "SUPPRESSION_MARKER",
    "kind_label",
    "level_label",
    "method_label",
    "numeric_interval",
    "numeric_test_text",
    "numeric_value",
    "observation_label",
    "p_text",
    "paired_test",
    "to_dict",
    "write_json",
]

SCHEMA_VERSION = 1
FILE_NAME = "results.json"
SUPPRESSION_MARKER = ".."  # Kolada's marker for a value that is not shown
NOT_COMPUTABLE = "–"  # nothing to compute from (an empty group, no test possible)
DECIMALS = 6
NUMERIC_DECIMALS = 1  # means and medians of hours, days and the like in the reports
SIGNIFICANT = 6  # p- and q-values keep significant digits: 1e-44 is not 0

Json = dict[str, Any]


def write_json(result: Step1, out_dir: Path) -> Path:
    """Write ``results.json`` (UTF-8) into *out_dir* and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILE_NAME
    text = json.dumps(to_dict(result), ensure_ascii=False, indent=1, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def to_dict(result: Step1) -> Json:
    """The whole result as plain JSON-ready Python objects."""
    codebook = result.codebook
    settings = result.settings
    return {
        "schema_version": SCHEMA_VERSION,
        "generated": result.created.isoformat(),
        "codebook": {
            "id": codebook.id,
            "title": codebook.title,
            "version": codebook.version,
            "fingerprint": codebook.fingerprint(),
        },
        "settings": {
            "threshold": settings.threshold,
            "min_group": settings.min_group,
            "min_difference": _float(settings.min_difference),
            "fdr": _float(settings.fdr),
            "period": None if settings.period is None else str(settings.period.value),
        },
        "suppression_marker": SUPPRESSION_MARKER,
        "hidden_cells": result.hidden_cells,
        "quality": _quality(result.quality),
        "tables": [_table(table) for table in result.tables],
        "numeric_tables": [_numeric_table(table) for table in result.numeric],
        "paired_tests": [_paired(p, settings.threshold) for p in result.paired_tests],
        "observations": [_observation(o) for o in result.observations],
        "criteria": [criteria_to_dict(a) for a in result.criteria],
    }


# --------------------------------------------------------------------------- numbers


def _float(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), DECIMALS)


def _p(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(f"{float(value):.{SIGNIFICANT}g}")


def _share(share: Share | None) -> Json | None:
    if share is None:
        return None
    return {
        "estimate": _float(share.estimate),
        "low": _float(share.low),
        "high": _float(share.high),
        "k": share.k,
        "n": share.n,
        "method": share.method,
        "confidence": _float(share.confidence),
    }


def _difference(diff: Difference | None) -> Json | None:
    if diff is None:
        return None
    return {
        "estimate": _float(diff.estimate),
        "low": _float(diff.low),
        "high": _float(diff.high),
        "method": diff.method,
        "confidence": _float(diff.confidence),
    }


def _test(test: AssociationTest | None) -> Json | None:
    if test is None:
        return None
    return {
        "method": test.method,
        "statistic": _float(test.statistic),
        "p_value": _p(test.p_value),
        "df": test.df,
        "n": test.n,
        "min_expected": _float(test.min_expected),
    }


# --------------------------------------------------------------------------- tables


def _dimension(dim: Dimension) -> Json:
    return {
        "key": dim.key,
        "label": dim.label,
        "kind": str(dim.kind.value),
        "categories": [
            {"code": c, "label": label} for c, label in zip(dim.codes, dim.labels, strict=True)
        ],
    }


def _variable(dim: Dimension) -> Json:
    return {
        **_dimension(dim),
        "variable": dim.variable,
        "role": str(dim.role.value),
        "ordered": dim.ordered,
    }


def _table(table: Table) -> Json:
    return {
        "id": table.id,
        "title": table.title,
        "occasion": table.occasion,
        "occasion_label": table.occasion_label,
        "variable": _variable(table.variable),
        "breakdown": [_dimension(d) for d in table.breakdown],
        "rows": [_row(row, table.variable) for row in table.rows],
        "test": _test(table.test),
        "note": table.note,
        "hidden_cells": table.hidden_cells,
        "comparisons": [_comparison(c) for c in table.comparisons],
    }


def _row(row: Row, variable: Dimension) -> Json:
    return {
        "group": dict(row.group),
        "label": row.label,
        "total": row.is_total,
        "n": row.n,
        "cells": [_cell(code, cell) for code, cell in zip(variable.codes, row.cells, strict=True)],
    }


def _cell(category: str, cell: Cell) -> Json:
    return {"category": category, "count": cell.count, "share": _share(cell.share)}


def _side(label: str, group: Group, share: Share) -> Json:
    return {"label": label, "group": dict(group), "share": _share(share)}


def _comparison(c: Comparison) -> Json:
    return {
        "category": c.category,
        "kind": c.kind,
        "first": _side(c.first_label, c.first, c.difference.first),
        "second": _side(c.second_label, c.second, c.difference.second),
        "difference": _difference(c.difference),
        "p_value": _p(c.p_value),
        "q_value": _p(c.q_value),
        "test_method": c.test_method,
    }


# --------------------------------------------------------------------------- numeric tables


def _numeric_table(table: NumericTable) -> Json:
    return {
        "id": table.id,
        "title": table.title,
        "occasion": table.occasion,
        "occasion_label": table.occasion_label,
        "variable": table.variable,
        "label": table.label,
        "rows": [_numeric_row(row) for row in table.rows],
        "test": _rank_test(table.test),
    }


def _numeric_row(row: NumericRow) -> Json:
    return {"sex": row.sex, "label": row.label, "summary": _summary(row.summary)}


def _summary(summary: NumericSummary | None) -> Json | None:
    if summary is None:
        return None
    return {
        "n": summary.n,
        "mean": _float(summary.mean),
        "mean_low": _float(summary.mean_low),
        "mean_high": _float(summary.mean_high),
        "median": _float(summary.median),
        "median_low": _float(summary.median_low),
        "median_high": _float(summary.median_high),
        "std": _float(summary.std),
        "mean_method": summary.mean_method,
        "median_method": summary.median_method,
        "confidence": _float(summary.confidence),
    }


def _rank_test(test: RankTest | None) -> Json | None:
    if test is None:
        return None
    return {
        "method": test.method,
        "statistic": _float(test.statistic),
        "p_value": _p(test.p_value),
        "n": test.n,
        "groups": test.groups,
    }


# --------------------------------------------------------------------------- the rest


def _quality(quality: Quality) -> Json:
    return {
        "records": quality.records,
        "clients": quality.clients,
        "without_follow_up": quality.without_follow_up,
        "notes": list(quality.notes),
        "sizes": [_size(s) for s in quality.sizes],
        "variables": [_variable_quality(v) for v in quality.variables],
    }


def _size(size: Size) -> Json:
    return {
        "occasion": size.occasion,
        "occasion_label": size.occasion_label,
        "sex": size.sex,
        "label": size.label,
        "records": size.records,
    }


def _variable_quality(v: VariableQuality) -> Json:
    return {
        "occasion": v.occasion,
        "occasion_label": v.occasion_label,
        "variable": v.variable,
        "label": v.label,
        "rows": [_completeness(r) for r in v.rows],
        "sex_difference": _difference(v.sex_difference),
    }


def _completeness(row: Completeness) -> Json:
    return {
        "sex": row.sex,
        "label": row.label,
        "applicable": row.applicable,
        "answered": row.answered,
        "missing": row.missing,
        "share": _share(row.share),
    }


def _paired(p: PairedResult, threshold: int) -> Json:
    return {
        "variable": p.variable,
        "follow_up": p.follow_up,
        "sex": p.sex,
        "label": p.label,
        "test": paired_test(p.test, threshold),
    }


def paired_test(test: PairedTest, threshold: int) -> Json:
    """The paired test without its raw counts of pairs.

    :class:`PairedTest` carries unprotected counts (improved, unchanged, worse, and for the
    exact McNemar test a count as statistic). They are not published: the change tables hold
    the same counts disclosure-controlled. A group smaller than the threshold shows only its
    method.
    """
    shown = test.n == 0 or test.n >= threshold
    count_statistic = test.method == "mcnemar_exact"
    return {
        "method": test.method,
        "statistic": _float(test.statistic) if shown and not count_statistic else None,
        "p_value": _p(test.p_value) if shown else None,
        "n": test.n if shown else None,
    }


def _observation(o: Observation) -> Json:
    return {
        "kind": o.kind,
        "rank": o.rank,
        "text": o.text,
        "table": o.table,
        "comparison": None if o.comparison is None else _comparison(o.comparison),
    }


# --------------------------------------------------------------------------- shared vocabulary

_METHODS = {
    "wilson": _("Wilsons intervall"),
    "newcombe_hybrid_score": _("Newcombes intervall"),
    "pearson_chi2": _("Pearsons χ²-test"),
    "fisher_exact": _("Fishers exakta test"),
    "fisher_monte_carlo": _("Fishers test (Monte Carlo)"),
    "mcnemar_exact": _("McNemars exakta test"),
    "mcnemar_chi2": _("McNemars χ²-test"),
    "wilcoxon_signed_rank": _("Wilcoxons teckenrangtest"),
    "mann_whitney_u": _("Mann–Whitneys U-test"),
    "kruskal_wallis": _("Kruskal–Wallis test"),
    "not_testable": _("kan inte testas"),
}

_KINDS = {
    "kon": _("Kön"),
    "kon_inom_grupp": _("Kön inom grupp"),
    "grupp_inom_kon": _("Grupp inom kön"),
    "grupp": _("Grupp mot övriga"),
    "period": _("Period"),
    "period_inom_kon": _("Period inom kön"),
}

_OBSERVATIONS = {
    "skillnad": _("Skillnad"),
    "ingen_sakerstalld_skillnad": _("Ingen säkerställd skillnad"),
    "for_litet_underlag": _("För litet underlag"),
}


def method_label(method: str) -> str:
    return _METHODS.get(method, method)


def kind_label(kind: str) -> str:
    return _KINDS.get(kind, kind)


def observation_label(kind: str) -> str:
    return _OBSERVATIONS.get(kind, kind)


def level_label(dim: Dimension, code: str | None) -> str:
    """The Swedish label of one level of a breakdown: «Alla» for a total, «Uppgift saknas»."""
    if code is None:
        return ALL_LABEL
    if code == "":
        return MISSING_LABEL
    return dim.label_of(code) if code in dim.codes else code


def p_text(p: float | None) -> str:
    """«0,012», «<0,001», or «–» when there is no p-value (for table cells)."""
    if p is None or not math.isfinite(p):
        return NOT_COMPUTABLE
    return "<0,001" if p < 0.001 else number(p, 3)


def p_phrase(p: float | None) -> str:
    """«p = 0,012», «p < 0,001» or «p –», for sentences."""
    if p is not None and math.isfinite(p) and p < 0.001:
        return "p < 0,001"
    return f"p = {p_text(p)}" if p is not None and math.isfinite(p) else f"p {NOT_COMPUTABLE}"


def numeric_value(value: float | None) -> str:
    """A mean or median of a shown group: «19,2», or «–» when it is undefined."""
    return NOT_COMPUTABLE if value is None else number(value, NUMERIC_DECIMALS)


def numeric_interval(low: float | None, high: float | None) -> str:
    """«18,0–20,3», or «–» when the interval is undefined (too few values)."""
    if low is None or high is None:
        return NOT_COMPUTABLE
    return f"{number(low, NUMERIC_DECIMALS)}–{number(high, NUMERIC_DECIMALS)}"


def numeric_test_text(table: NumericTable, threshold: int) -> str:
    """The rank test of a numeric table as a Swedish sentence, or why there is none."""
    test = table.test
    if test is None:
        return _(
            "Inget test av skillnaden mellan könen: minst en grupp har färre än {threshold} värden."
        ).format(threshold=threshold)
    return _("Test av skillnaden mellan könen: {method}, {p}, n = {n}.").format(
        method=method_label(test.method), p=p_phrase(test.p_value), n=number(test.n, 0)
    )
