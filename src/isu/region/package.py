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
import itertools
import json
import math
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from isu.analysis.tables import MISSING_LABEL
from isu.i18n import _

__all__ = [
    "CONTENT",
    "FORMAT",
    "FORMAT_VERSION",
    "Axis",
    "Margin",
    "Margins",
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


class Margins(Mapping[tuple[str, ...], Margin]):
    """The published margins of a table, made arrays on first use.

    A region reads hundreds of packages but looks at a few tables of each, so a package read
    from a file keeps each margin as the flat list of counts it was stored as until asked.
    """

    def __init__(
        self,
        flat: Mapping[tuple[str, ...], Sequence[int | None]],
        shapes: Mapping[tuple[str, ...], tuple[int, ...]],
    ) -> None:
        self._flat = flat
        self._shapes = shapes
        self._arrays: dict[tuple[str, ...], Margin] = {}

    @classmethod
    def of(cls, margins: Mapping[tuple[str, ...], Margin]) -> Margins:
        made = cls({}, {})
        made._arrays = dict(margins)
        return made

    def __getitem__(self, dims: tuple[str, ...]) -> Margin:
        if dims not in self._arrays:
            values = np.array(self._flat[dims], dtype=np.float64)  # None becomes NaN
            self._arrays[dims] = Margin(dims, values.reshape(self._shapes[dims]))
        return self._arrays[dims]

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self._flat or self._arrays)

    def __len__(self) -> int:
        return len(self._flat or self._arrays)

    def flat(self) -> Iterator[float | None]:
        """Every margin's counts in storage order, ``None`` or NaN where hidden."""
        if self._flat:
            return itertools.chain.from_iterable(self._flat.values())
        return itertools.chain.from_iterable(
            m.values.ravel().tolist() for m in self._arrays.values()
        )

    def counts(self) -> FloatArray:
        """Every margin's counts in one flat array (NaN where hidden), for whole-table checks."""
        return np.array(list(self.flat()), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class PackageTable:
    """A disclosure-controlled cube: sex × variable, sex × background × variable, or for the
    criteria sex × criterion variable × outcome. ``margins`` are every published margin."""

    id: str
    kind: str  # "tabell" or "kriterium"
    occasion: str
    occasion_label: str
    variable: str  # key of the last axis: the variable (for a criterion cube: the outcome)
    axes: tuple[Axis, ...]
    margins: Margins
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

    @cached_property
    def _by_id(self) -> dict[str, PackageTable]:
        return {t.id: t for t in self.tables}

    def table(self, table_id: str) -> PackageTable | None:
        return self._by_id.get(table_id)


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
    axes = {a.key: _answered(a) for t in package.tables for a in t.axes}
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
        "tillfallen": {t.occasion: t.occasion_label for t in package.tables},
        "dimensioner": {
            key: {"etikett": a.label, "koder": list(a.codes), "etiketter": list(a.labels)}
            for key, a in axes.items()
        },
        "tabeller": [_table_content(t) for t in package.tables],
        "matt": [_measure_content(m) for m in package.measures],
    }


def _answered(axis: Axis) -> Axis:
    """The axis without its «Uppgift saknas» level: how the package lists its dimensions."""
    if axis.codes and axis.codes[-1] == "":
        return Axis(axis.key, axis.label, axis.codes[:-1], axis.labels[:-1])
    return axis


def _table_content(table: PackageTable) -> dict[str, Any]:
    """A table by reference to the package's dimensions; each margin names its axes by position
    in the table's dimensions, and its counts are a flat list, row-major."""
    keys = [a.key for a in table.axes]
    return {
        "id": table.id,
        "typ": table.kind,
        "tillfalle": table.occasion,
        "variabel": table.variable,
        "kriterium": table.criterion,
        "dimensioner": keys,
        "saknas": [bool(a.codes) and a.codes[-1] == "" for a in table.axes],
        "marginaler": [
            {"axlar": [keys.index(d) for d in m.dims], "antal": _flat(m.values)}
            for m in table.margins.values()
        ],
    }


def _flat(values: FloatArray) -> list[int | None]:
    """Counts as a flat list of integers, ``null`` where hidden."""
    return [None if np.isnan(v) else int(v) for v in values.ravel().tolist()]


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
    axes = _axes(content["dimensioner"])
    occasions = content["tillfallen"]
    return Package(
        str(content["kommun"]),
        str(content["period"]),
        str(template["id"]),
        str(template["version"]),
        str(template["titel"]),
        int(content["troskel"]),
        str(content["skapad"]),
        tuple(_table(t, axes, occasions) for t in content["tabeller"]),
        tuple(_measure(m) for m in content["matt"]),
        source,
    )


def _axes(content: Mapping[str, Any]) -> dict[tuple[str, bool], Axis]:
    """Every dimension with and without its «Uppgift saknas» level, shared by the tables."""
    found = {}
    for key, axis in content.items():
        codes, labels = tuple(axis["koder"]), tuple(axis["etiketter"])
        found[(key, False)] = Axis(key, axis["etikett"], codes, labels)
        found[(key, True)] = Axis(key, axis["etikett"], (*codes, ""), (*labels, MISSING_LABEL))
    return found


def _table(
    content: Mapping[str, Any],
    axes: Mapping[tuple[str, bool], Axis],
    occasions: Mapping[str, str],
) -> PackageTable:
    found = tuple(
        axes[(key, bool(missing))]
        for key, missing in zip(content["dimensioner"], content["saknas"], strict=True)
    )
    sizes = {a.key: a.size for a in found}
    keys = [a.key for a in found]
    flat = {tuple(keys[i] for i in m["axlar"]): m["antal"] for m in content["marginaler"]}
    shapes = {dims: tuple(sizes[d] for d in dims) for dims in flat}
    for dims, values in flat.items():
        if len(values) != math.prod(shapes[dims]):
            raise ValueError("margin size does not match its dimensions")
    return PackageTable(
        content["id"],
        content["typ"],
        content["tillfalle"],
        occasions[content["tillfalle"]],
        content["variabel"],
        found,
        Margins(flat, shapes),
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
