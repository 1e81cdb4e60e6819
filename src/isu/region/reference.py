"""Reference figures from outside: shares by sex for the nation or other regions, to compare with.

Open comparison statistics (Kolada, Socialstyrelsen's Öppna jämförelser) publish shares as
tables of area, period, sex and value in per cent, with «..» where a value is missing or too
uncertain to show and «-» where there is nothing to report. A reference file is such a table as
CSV (semicolon or comma, decimal comma or point) with the columns ``område`` (or ``kommun``,
``region``), ``kön``, ``värde`` and optionally ``period`` (or ``år``). Sex is «kvinnor», «män»
(or «flickor», «pojkar», K, M) and «totalt» (or «alla», T).

A reference value carries no n, so the comparison says only whether it lies within the 95 %
interval of the region's share.

>>> parse_value("48,5"), parse_value(".."), parse_value("-")
(0.485, None, None)
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from isu.analysis.estimates import Share
from isu.analysis.formatting import percent
from isu.i18n import _
from isu.region.compare import RegionComparison
from isu.region.texts import plural, share_text

__all__ = [
    "MARKERS",
    "Reference",
    "ReferenceFileError",
    "ReferenceRow",
    "ReferenceValue",
    "matching",
    "parse_value",
    "read_reference",
    "reference_from_bytes",
]

MARKERS = {
    "..": _("uppgift saknas eller är för osäker för att visas"),
    "-": _("inget att redovisa"),
}
_COLUMNS = {
    "area": ("område", "omrade", "kommun", "region", "län", "lan"),
    "sex": ("kön", "kon"),
    "value": ("värde", "varde", "andel"),
    "period": ("period", "år", "ar"),
}
_SEXES = {
    "kvinnor": "kvinna", "kvinna": "kvinna", "flickor": "kvinna", "k": "kvinna",
    "män": "man", "man": "man", "pojkar": "man", "m": "man",
    "totalt": "", "alla": "", "t": "",
}  # fmt: skip


class ReferenceFileError(ValueError):
    """A reference file that cannot be read; the message is Swedish and names the file."""


@dataclass(frozen=True)
class ReferenceValue:
    area: str
    period: str
    sex: str  # "kvinna", "man" or "" for both
    value: float | None  # a share in [0, 1]; None with a marker
    marker: str  # "", ".." or "-"


@dataclass(frozen=True)
class Reference:
    source: str
    values: tuple[ReferenceValue, ...]


@dataclass(frozen=True)
class ReferenceRow:
    value: ReferenceValue
    regional: Share | None  # the region's share for the same sex
    text: str  # Swedish


def parse_value(text: str) -> float | None:
    """A percentage as a share; ``None`` for «..», «-» and an empty cell."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("%", "")
    if cleaned in MARKERS or not cleaned:
        return None
    return float(cleaned.replace(",", ".")) / 100


def read_reference(path: Path) -> Reference:
    try:
        content = path.read_bytes()
    except OSError:
        raise ReferenceFileError(
            _("{file}: referensfilen kan inte läsas som CSV.").format(file=path.name)
        ) from None
    return reference_from_bytes(content, path.name)


def reference_from_bytes(content: bytes, name: str) -> Reference:
    """A reference table from the bytes of a CSV file called *name* (an upload, say)."""
    try:
        table = pd.read_csv(
            io.BytesIO(content),
            sep=None,
            engine="python",
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
        )
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError):
        raise ReferenceFileError(
            _("{file}: referensfilen kan inte läsas som CSV.").format(file=name)
        ) from None
    columns = _columns(table, name)
    rows = table.to_dict("records")
    values = [
        _value({str(k): str(v) for k, v in row.items()}, columns, name, line)
        for line, row in enumerate(rows, start=2)
    ]
    return Reference(name, tuple(values))


def _columns(table: pd.DataFrame, name: str) -> dict[str, str]:
    by_name = {str(c).strip().casefold(): str(c) for c in table.columns}
    found = {}
    for role, aliases in _COLUMNS.items():
        column = next((by_name[a] for a in aliases if a in by_name), None)
        if column is not None:
            found[role] = column
        elif role != "period":
            raise ReferenceFileError(
                _("{file}: kolumnen «{column}» saknas (möjliga namn: {aliases}).").format(
                    file=name, column=aliases[0], aliases=", ".join(aliases)
                )
            )
    return found


def _value(row: dict[str, str], columns: dict[str, str], name: str, line: int) -> ReferenceValue:
    sex_text = row[columns["sex"]].strip().casefold()
    raw = row[columns["value"]].strip()
    if sex_text not in _SEXES:
        raise ReferenceFileError(
            _("{file}, rad {line}: okänt kön «{sex}» (skriv kvinnor, män eller totalt).").format(
                file=name, line=line, sex=row[columns["sex"]]
            )
        )
    try:
        value = parse_value(raw)
    except ValueError:
        raise ReferenceFileError(
            _("{file}, rad {line}: «{value}» är inget tal, «..» eller «-».").format(
                file=name, line=line, value=raw
            )
        ) from None
    if value is not None and not 0 <= value <= 1:
        raise ReferenceFileError(
            _("{file}, rad {line}: {value} är ingen andel i procent (0–100).").format(
                file=name, line=line, value=raw
            )
        )
    period = row[columns["period"]].strip() if "period" in columns else ""
    marker = raw if raw in MARKERS else ""
    return ReferenceValue(row[columns["area"]].strip(), period, _SEXES[sex_text], value, marker)


def matching(reference: Reference, comparison: RegionComparison) -> tuple[ReferenceRow, ...]:
    """Every reference value of a sex the comparison has, beside the region's share."""
    rows = []
    for value in reference.values:
        if value.sex and value.sex not in comparison.sexes:
            continue
        regional = (
            comparison.pooled_shares[comparison.sexes.index(value.sex)] if value.sex else None
        )
        rows.append(ReferenceRow(value, regional, _text(value, regional, comparison)))
    return tuple(rows)


def _text(value: ReferenceValue, regional: Share | None, comparison: RegionComparison) -> str:
    who = (
        plural(comparison.sex_labels[comparison.sexes.index(value.sex)]) if value.sex else _("alla")
    )
    where = " ".join(part for part in (value.area, value.period) if part)
    if value.value is None:
        return _("{where}, {who}: {marker} ({meaning}).").format(
            where=where,
            who=who,
            marker=value.marker or "..",
            meaning=MARKERS.get(value.marker or ".."),
        )
    if regional is None or regional.low is None or regional.high is None:
        return _("{where}, {who}: {value}.").format(
            where=where, who=who, value=percent(value.value)
        )
    inside = regional.low <= value.value <= regional.high
    return _(
        "{where}, {who}: {value} mot regionens {share}; referensvärdet ligger {position} "
        "regionens konfidensintervall."
    ).format(
        where=where,
        who=who,
        value=percent(value.value),
        share=share_text(regional),
        position=_("inom") if inside else _("utanför"),
    )
