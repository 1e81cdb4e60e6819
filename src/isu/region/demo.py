"""Packages of demo municipalities (:mod:`isu.demo.municipalities`), as each municipality would
export them: records checked and pseudonymised by :mod:`isu.ingest`, then aggregated.

>>> from isu.demo.municipalities import municipalities
>>> # package = demo_package(municipalities(1)[0], period="2025")
"""

from __future__ import annotations

import io
import secrets

from isu.demo.municipalities import DemoMunicipality, records_of
from isu.ingest import validate_file
from isu.region.export import build_package
from isu.region.package import Package

__all__ = ["demo_package"]


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
