"""The small parts every section of ``steg1.html`` is built from.

A number cell that shows a hidden value as ``..`` with an explanation a screen reader reads out,
counts in Swedish format, column headers, and the fragment ids that let the observations and the
list of contents link to their tables. Kept apart so the sections all write them alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from isu.analysis.formatting import number
from isu.analysis.numeric import NumericTable
from isu.analysis.tables import Table
from isu.i18n import _
from isu.report.step1_json import SUPPRESSION_MARKER

__all__ = [
    "NUMERIC_PREFIX",
    "TABLE_PREFIX",
    "Html",
    "anchors",
    "count_text",
    "href",
    "td",
    "th_cols",
]

TABLE_PREFIX, NUMERIC_PREFIX = "t-", "n-"

Html = list[str]


def anchors(tables: Sequence[Table | NumericTable], prefix: str = TABLE_PREFIX) -> list[str]:
    """A fragment id per table, in order: «t-» (numeric tables «n-») and the table id.

    Table ids are unique; whitespace, which a fragment id cannot hold, becomes «_».
    """
    return [prefix + re.sub(r"\s", "_", table.id) for table in tables]


def href(anchor: str) -> str:
    return "#" + escape(anchor)


def td(text: str, css: str = "num") -> str:
    if text == SUPPRESSION_MARKER:
        return f'<td class="{css}"><abbr title="{escape(_("visas inte"))}">..</abbr></td>'
    return f'<td class="{css}">{escape(text)}</td>'


def count_text(value: int | None) -> str:
    return SUPPRESSION_MARKER if value is None else number(value, 0)


def th_cols(labels: Iterable[str], css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return "".join(f'<th scope="col"{attr}>{escape(label)}</th>' for label in labels)
