"""Packages of demo municipalities (:mod:`isu.demo.municipalities`), as each municipality would
export them: records checked and pseudonymised by :mod:`isu.ingest`, then aggregated.

A small set of them ships with ISU (:func:`shipped_demo_packages`): the web application's demo
fills a regional comparison with it. Building a package runs the disclosure control of about
240 tables, around two seconds whatever the municipality's size, so the set is built once with
:func:`write_demo_set` (``python -m isu.region.demo``) instead of on every demo start.

>>> from isu.demo.municipalities import municipalities
>>> # package = demo_package(municipalities(1)[0], period="2025")
>>> [p.name for p in shipped_demo_packages()][:2]
['ale.zip', 'alingsas.zip']
"""

from __future__ import annotations

import io
import re
import secrets
import sys
from pathlib import Path

from isu.demo.municipalities import DemoMunicipality, municipalities, records_of
from isu.ingest import validate_file
from isu.region.export import build_package
from isu.region.package import Package
from isu.region.package_file import write_package

__all__ = [
    "DEMO_MUNICIPALITY",
    "demo_package",
    "demo_set",
    "shipped_demo_packages",
    "slug",
    "write_demo_set",
]

SHIPPED = Path(__file__).parent / "demo_data"
# The web demo's own municipality: the demo follow-up of `isu serve --demo` is the demo data of
# 600 children with seed 1, so its package here holds the figures its step-1 dashboard shows.
DEMO_MUNICIPALITY = DemoMunicipality("Demo kommun", 600, 1)


def demo_package(municipality: DemoMunicipality, *, period: str, threshold: int = 5) -> Package:
    """The package of one demo municipality. The pseudonym key is thrown away: a package holds
    no pseudonyms, so none is needed after the export."""
    data = records_of(municipality)
    buffer = io.BytesIO()
    data.records.to_csv(buffer, sep=";", index=False)
    result = validate_file(buffer.getvalue(), data.codebook, key=secrets.token_bytes(32))
    return build_package(
        result.records_to_store(),
        data.codebook,
        municipality=municipality.name,
        period=period,
        threshold=threshold,
    )


def demo_set(count: int = 7, seed: int = 1) -> list[DemoMunicipality]:
    """*count* demo municipalities (with their planted differences) and «Demo kommun»."""
    return [*municipalities(count, seed), DEMO_MUNICIPALITY]


def slug(name: str) -> str:
    """A file name from a municipality's name: «Lilla Edet» becomes «lilla-edet»."""
    plain = name.casefold().translate(str.maketrans("åäöé", "aaoe"))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def write_demo_set(out: Path = SHIPPED) -> list[Path]:
    """Build the packages of :func:`demo_set` into *out* (default: the shipped set)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for municipality in demo_set():
        path = out / f"{slug(municipality.name)}.zip"
        write_package(demo_package(municipality, period="2025"), path)
        paths.append(path)
    return paths


def shipped_demo_packages() -> list[Path]:
    """The package files of :func:`demo_set` that ship with ISU, in file-name order."""
    return sorted(SHIPPED.glob("*.zip"))


if __name__ == "__main__":
    for written in write_demo_set(Path(sys.argv[1]) if len(sys.argv) > 1 else SHIPPED):
        print(written)
