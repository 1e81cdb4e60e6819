"""The report as format-neutral blocks: what to say, in which order, decided once.

:mod:`isu.report.document.content` turns a resolved analysis into sections of these blocks; the
PDF, Word, PowerPoint and Excel renderers only lay them out. So the four formats cannot drift
apart, and the disclosure control of the step-1 result carries over: every number in a block is
already a formatted, published figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 is the report's title; 2 a step; 3 a part of a step


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "", "lead", "comment", "meta", "note"
    label: str = ""  # a bold lead-in, e.g. "Kommentar:"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True)
class Grid:
    """A table of formatted cells; the first ``head_columns`` columns head their rows."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    head_columns: int = 1
    sheet: str = ""  # the Excel sheet name; empty: not a sheet of its own
    wide: int | None = None  # the column of long text, given the room on a page


@dataclass(frozen=True)
class Figure:
    spec: dict[str, Any]  # Vega-Lite
    alt: str  # the chart in words: for screen readers, Word's alt text and the PDF
    caption: str = ""
    width: float = 16.0  # cm on a page


@dataclass(frozen=True)
class Verdict:
    outcome: str  # the criteria outcome code, for colour
    label: str
    text: str


Block = Heading | Paragraph | Bullets | Grid | Figure | Verdict


@dataclass(frozen=True)
class Section:
    """A part of the report with its own entry in the contents (and its own slides)."""

    anchor: str
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
