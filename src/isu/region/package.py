"""The aggregate package: what a municipality sends to the region, and how it is sealed.

A package holds only published tables: counts that passed disclosure control, with ``None``
where a cell is hidden. It never holds records, pseudonyms or a hidden count, so nothing the
region does with it can reveal more than the municipality's own published tables would.

On disk a package is a zip file with two members: ``paket.json``, the content serialised
canonically (sorted keys, no whitespace, UTF-8), and ``sha256.txt``, the SHA-256 of exactly those
bytes. The checksum lets the receiver detect a file that was altered or damaged after export; it
is not a signature, so it cannot prove who made the file (anyone who alters the content can
compute a new checksum).

>>> axis = Axis("juridiskt_kon", "Juridiskt kön", ("kvinna", "man"), ("Flicka", "Pojke"))
>>> axis.size
2
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from isu.i18n import _

__all__ = [
    "CONTENT",
    "FORMAT",
    "FORMAT_VERSION",
    "Axis",
    "Margin",
    "Measure",
    "Package",
    "PackageError",
    "PackageTable",
    "canonical",
    "read_package",
    "write_package",
]

FORMAT = "isu-regionpaket"
FORMAT_VERSION = 1
CONTENT = "paket.json"
CHECKSUM = "sha256.txt"
FloatArray = npt.NDArray[np.float64]


class PackageError(ValueError):
    """A package that cannot be used; the message is Swedish and names the file."""


@dataclass(frozen=True)
class Axis:
    """One dimension of a table: its level codes in order ("" is «Uppgift saknas»)."""

    key: str
    label: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.codes)


@dataclass(frozen=True, eq=False)
class Margin:
    """One published margin of a table: counts with NaN where the cell is hidden."""

    dims: tuple[str, ...]
    values: FloatArray

    @property
    def hidden(self) -> npt.NDArray[np.bool_]:
        return np.isnan(self.values)


@dataclass(frozen=True)
class PackageTable:
    """A disclosure-controlled cube: sex × variable, sex × background × variable, or for the
    criteria sex × criterion variable × outcome. ``margins`` are every published margin."""

    id: str
    kind: str  # "tabell" or "kriterium"
    occasion: str
    occasion_label: str
    variable: str  # key of the last axis: the variable (for a criterion cube: the outcome)
    axes: tuple[Axis, ...]
    margins: Mapping[tuple[str, ...], Margin]
    criterion: str = ""  # for a criterion cube: which criterion (isu.codebook.Criterion value)

    def axis(self, key: str) -> Axis:
        return next(a for a in self.axes if a.key == key)

    def margin(self, *dims: str) -> Margin:
        return self.margins[tuple(dims)]


@dataclass(frozen=True)
class Measure:
    """A numeric measure by sex: count, sum and sum of squares, ``None`` where hidden."""

    id: str
    occasion: str
    variable: str
    label: str
    sexes: tuple[str, ...]
    moments: tuple[tuple[int, float, float] | None, ...]


@dataclass(frozen=True)
class Package:
    municipality: str
    period: str
    template: str
    template_version: str
    template_title: str
    threshold: int
    created: str
    tables: tuple[PackageTable, ...]
    measures: tuple[Measure, ...] = ()
    source: str = ""  # the file it was read from, for messages; not part of the content

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes a package unique in a region: municipality, period and template."""
        return (self.municipality.casefold(), self.period, self.template)

    def table(self, table_id: str) -> PackageTable | None:
        return next((t for t in self.tables if t.id == table_id), None)


# --- serialisation ------------------------------------------------------------------------------


def canonical(package: Package) -> bytes:
    """The content as canonical JSON bytes: the same package always gives the same bytes."""
    return json.dumps(
        _content(package),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    ).encode("utf-8")


def write_package(package: Package, path: Path) -> None:
    """Write *package* as a zip of its canonical content and that content's SHA-256."""
    data = canonical(package)
    digest = hashlib.sha256(data).hexdigest()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CONTENT, data)
        archive.writestr(CHECKSUM, f"{digest}  {CONTENT}\n")


def read_package(path: Path) -> Package:
    """Read and verify one package, or raise :class:`PackageError` saying what is wrong."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            data = archive.read(CONTENT)
            recorded = archive.read(CHECKSUM).decode("ascii").split()[0]
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError, IndexError):
        raise PackageError(
            _("{file}: filen är inget regionpaket från ISU (kan inte läsas).").format(file=name)
        ) from None
    if hashlib.sha256(data).hexdigest() != recorded:
        raise PackageError(
            _(
                "{file}: kontrollsumman stämmer inte. Filen har ändrats eller skadats efter "
                "exporten och kan inte användas; be kommunen exportera paketet igen."
            ).format(file=name)
        )
    try:
        content = json.loads(data)
        if content.get("format") != FORMAT or content.get("formatversion") != FORMAT_VERSION:
            raise PackageError(
                _("{file}: okänt paketformat; ISU läser {format} version {version}.").format(
                    file=name, format=FORMAT, version=FORMAT_VERSION
                )
            )
        package = _package(content, name)
    except (ValueError, KeyError, TypeError) as error:
        if isinstance(error, PackageError):
            raise
        raise PackageError(
            _("{file}: paketets innehåll är ofullständigt och kan inte läsas.").format(file=name)
        ) from None
    return package


def _content(package: Package) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "formatversion": FORMAT_VERSION,
        "kommun": package.municipality,
        "period": package.period,
        "mall": {
            "id": package.template,
            "version": package.template_version,
            "titel": package.template_title,
        },
        "troskel": package.threshold,
        "skapad": package.created,
        "tabeller": [_table_content(t) for t in package.tables],
        "matt": [_measure_content(m) for m in package.measures],
    }


def _table_content(table: PackageTable) -> dict[str, Any]:
    return {
        "id": table.id,
        "typ": table.kind,
        "tillfalle": table.occasion,
        "tillfalle_etikett": table.occasion_label,
        "variabel": table.variable,
        "kriterium": table.criterion,
        "dimensioner": [
            {
                "nyckel": a.key,
                "etikett": a.label,
                "koder": list(a.codes),
                "etiketter": list(a.labels),
            }
            for a in table.axes
        ],
        "marginaler": [
            {"dimensioner": list(m.dims), "antal": _nested(m.values)}
            for m in table.margins.values()
        ],
    }


def _nested(values: FloatArray) -> Any:
    """Counts as nested lists of integers, ``null`` where hidden."""
    if values.ndim == 0:
        return None if np.isnan(values) else int(values)
    return [_nested(v) for v in values]


def _measure_content(measure: Measure) -> dict[str, Any]:
    return {
        "id": measure.id,
        "tillfalle": measure.occasion,
        "variabel": measure.variable,
        "etikett": measure.label,
        "kon": list(measure.sexes),
        "moment": [
            None if m is None else {"n": m[0], "summa": m[1], "kvadratsumma": m[2]}
            for m in measure.moments
        ],
    }


def _package(content: Mapping[str, Any], source: str) -> Package:
    template = content["mall"]
    return Package(
        str(content["kommun"]),
        str(content["period"]),
        str(template["id"]),
        str(template["version"]),
        str(template["titel"]),
        int(content["troskel"]),
        str(content["skapad"]),
        tuple(_table(t) for t in content["tabeller"]),
        tuple(_measure(m) for m in content["matt"]),
        source,
    )


def _table(content: Mapping[str, Any]) -> PackageTable:
    axes = tuple(
        Axis(a["nyckel"], a["etikett"], tuple(a["koder"]), tuple(a["etiketter"]))
        for a in content["dimensioner"]
    )
    sizes = {a.key: a.size for a in axes}
    margins: dict[tuple[str, ...], Margin] = {}
    for margin in content["marginaler"]:
        dims = tuple(margin["dimensioner"])
        values = np.array(margin["antal"], dtype=np.float64)  # null becomes NaN
        if values.shape != tuple(sizes[d] for d in dims):
            raise ValueError("margin shape does not match its dimensions")
        margins[dims] = Margin(dims, values)
    return PackageTable(
        content["id"],
        content["typ"],
        content["tillfalle"],
        content["tillfalle_etikett"],
        content["variabel"],
        axes,
        margins,
        content["kriterium"],
    )


def _measure(content: Mapping[str, Any]) -> Measure:
    moments: Sequence[Mapping[str, Any] | None] = content["moment"]
    return Measure(
        content["id"],
        content["tillfalle"],
        content["variabel"],
        content["etikett"],
        tuple(content["kon"]),
        tuple(
            None if m is None else (int(m["n"]), float(m["summa"]), float(m["kvadratsumma"]))
            for m in moments
        ),
    )
