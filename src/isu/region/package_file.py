"""A package on disk: written canonically, sealed with SHA-256, verified when read.

A package file is a zip with two members: ``paket.jsonl`` and ``sha256.txt``. ``paket.jsonl``
is the content in a canonical form (UTF-8, keys sorted, no whitespace): the first line holds the
municipality, period, template, threshold, dimensions, measures and an index of the tables; each
further line holds one table's margins, in the index's order. ``sha256.txt`` is the SHA-256 of
exactly those bytes, as ``sha256sum`` writes it. The same package always gives the same bytes.

The checksum lets the receiver detect a file altered or damaged after export. It is not a
signature and cannot prove who made the file: anyone who alters the content can compute a new
checksum. As a second line, a package that publishes a count from 1 to threshold − 1 (which
ISU's export never does) is refused.

A table's line is parsed only when the table is used (a region reads hundreds of packages but
compares a few tables of each); the check for small counts reads every count without parsing.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from isu.analysis.tables import MISSING_LABEL
from isu.i18n import _
from isu.region.package import Axis, Margins, Measure, Package, PackageTable

__all__ = [
    "CHECKSUM",
    "CONTENT",
    "FORMAT",
    "FORMAT_VERSION",
    "PackageError",
    "canonical",
    "package_bytes",
    "package_digest",
    "read_package",
    "read_package_bytes",
    "write_package",
]

FORMAT = "isu-regionpaket"
FORMAT_VERSION = 1
CONTENT = "paket.jsonl"
CHECKSUM = "sha256.txt"
_COUNTS = re.compile(rb'"antal":\[([^\]]*)\]')


class PackageError(ValueError):
    """A package that cannot be used; the message is Swedish and names the file."""


def canonical(package: Package) -> bytes:
    """The content as canonical bytes: a header line, then one line per table."""
    lines = [_header(package), *(_margins(t) for t in package.tables)]
    return b"\n".join(_json(line) for line in lines) + b"\n"


def write_package(package: Package, path: Path) -> None:
    """Write *package* as a zip of its canonical content and that content's SHA-256."""
    path.write_bytes(package_bytes(package)[0])


def package_bytes(package: Package) -> tuple[bytes, str]:
    """The package file's bytes (a zip of the canonical content and its SHA-256), and the
    SHA-256: what :func:`write_package` writes, for a caller that sends or stores the bytes."""
    data = canonical(package)
    digest = hashlib.sha256(data).hexdigest()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(CONTENT, data)
        archive.writestr(CHECKSUM, f"{digest}  {CONTENT}\n")
    return buffer.getvalue(), digest


def read_package(path: Path) -> Package:
    """Read and verify one package, or raise :class:`PackageError` saying what is wrong."""
    try:
        data = path.read_bytes()
    except OSError:
        raise PackageError(_unreadable(path.name)) from None
    return read_package_bytes(data, path.name)


def read_package_bytes(data: bytes, name: str) -> Package:
    """Read and verify a package file's bytes (an upload, a stored copy); *name* is the file
    name the messages use."""
    content, recorded = _sealed(data, name)
    if hashlib.sha256(content).hexdigest() != recorded:
        raise PackageError(
            _(
                "{file}: kontrollsumman stämmer inte. Filen har ändrats eller skadats efter "
                "exporten och kan inte användas; be kommunen exportera paketet igen."
            ).format(file=name)
        )
    try:
        package = _package(content, name)
    except PackageError:
        raise
    except (ValueError, KeyError, TypeError, IndexError):
        raise PackageError(
            _("{file}: paketets innehåll är ofullständigt och kan inte läsas.").format(file=name)
        ) from None
    return package


def package_digest(data: bytes) -> str:
    """The SHA-256 a package file's bytes record for their content (verify with
    :func:`read_package_bytes` first)."""
    return _sealed(data, "")[1]


def _sealed(data: bytes, name: str) -> tuple[bytes, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read(CONTENT)
            recorded = archive.read(CHECKSUM).decode("ascii").split()[0]
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError, IndexError):
        raise PackageError(_unreadable(name)) from None
    return content, recorded


def _unreadable(name: str) -> str:
    return _("{file}: filen är inget regionpaket från ISU (kan inte läsas).").format(file=name)


def _json(value: Any) -> bytes:
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def _header(package: Package) -> dict[str, Any]:
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
        "tabeller": [
            {
                "id": t.id,
                "typ": t.kind,
                "tillfalle": t.occasion,
                "variabel": t.variable,
                "kriterium": t.criterion,
                "dimensioner": [a.key for a in t.axes],
                "saknas": [bool(a.codes) and a.codes[-1] == "" for a in t.axes],
            }
            for t in package.tables
        ],
        "matt": [_measure_content(m) for m in package.measures],
    }


def _answered(axis: Axis) -> Axis:
    """The axis without its «Uppgift saknas» level: how the package lists its dimensions."""
    if axis.codes and axis.codes[-1] == "":
        return Axis(axis.key, axis.label, axis.codes[:-1], axis.labels[:-1])
    return axis


def _margins(table: PackageTable) -> list[dict[str, Any]]:
    """Each margin with its axes by position in the table and its counts flat, row-major."""
    keys = [a.key for a in table.axes]
    return [
        {
            "axlar": [keys.index(d) for d in m.dims],
            "antal": [None if np.isnan(v) else int(v) for v in m.values.ravel().tolist()],
        }
        for m in table.margins.values()
    ]


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


def _package(data: bytes, source: str) -> Package:
    head, *lines = data.rstrip(b"\n").split(b"\n")
    header = json.loads(head)
    if header.get("format") != FORMAT or header.get("formatversion") != FORMAT_VERSION:
        raise PackageError(
            _("{file}: okänt paketformat; ISU läser {format} version {version}.").format(
                file=source, format=FORMAT, version=FORMAT_VERSION
            )
        )
    threshold = int(header["troskel"])
    axes = _axes(header["dimensioner"])
    index = header["tabeller"]
    if len(index) != len(lines):
        raise ValueError("one line per table")
    tables = tuple(
        _table(entry, line, axes, header["tillfallen"])
        for entry, line in zip(index, lines, strict=True)
    )
    small = None
    if _small(b"\n".join(lines), threshold):  # one scan; then find the table to name
        small = next(t.id for t, line in zip(tables, lines, strict=True) if _small(line, threshold))
    if small is not None:
        raise PackageError(
            _(
                "{file}: tabellen {table} visar antal under {threshold} som skulle ha dolts. "
                "Paketet kan inte användas; exportera det igen med ISU."
            ).format(file=source, table=small, threshold=threshold)
        )
    template = header["mall"]
    return Package(
        str(header["kommun"]),
        str(header["period"]),
        str(template["id"]),
        str(template["version"]),
        str(template["titel"]),
        threshold,
        str(header["skapad"]),
        tables,
        tuple(_measure(m) for m in header["matt"]),
        source,
        checked=True,
    )


def _small(lines: bytes, threshold: int) -> bool:
    """Do the tables' lines publish a count from 1 to threshold − 1? Read without parsing."""
    found = b",".join(_COUNTS.findall(lines)).replace(b"null", b"0").decode("ascii")
    if not found:
        return False
    counts = np.fromstring(found, dtype=np.int64, sep=",")
    return bool(((counts >= 1) & (counts < threshold)).any())


def _axes(content: Mapping[str, Any]) -> dict[tuple[str, bool], Axis]:
    """Every dimension with and without its «Uppgift saknas» level, shared by the tables."""
    found = {}
    for key, axis in content.items():
        codes, labels = tuple(axis["koder"]), tuple(axis["etiketter"])
        found[(key, False)] = Axis(key, axis["etikett"], codes, labels)
        found[(key, True)] = Axis(key, axis["etikett"], (*codes, ""), (*labels, MISSING_LABEL))
    return found


def _table(
    entry: Mapping[str, Any],
    line: bytes,
    axes: Mapping[tuple[str, bool], Axis],
    occasions: Mapping[str, str],
) -> PackageTable:
    found = tuple(
        axes[(key, bool(missing))]
        for key, missing in zip(entry["dimensioner"], entry["saknas"], strict=True)
    )
    return PackageTable(
        entry["id"],
        entry["typ"],
        entry["tillfalle"],
        occasions[entry["tillfalle"]],
        entry["variabel"],
        found,
        Margins(found, line),
        entry["kriterium"],
    )


def _measure(content: Mapping[str, Any]) -> Measure:
    return Measure(
        content["id"],
        content["tillfalle"],
        content["variabel"],
        content["etikett"],
        tuple(content["kon"]),
        tuple(
            None if m is None else (int(m["n"]), float(m["summa"]), float(m["kvadratsumma"]))
            for m in content["moment"]
        ),
    )
