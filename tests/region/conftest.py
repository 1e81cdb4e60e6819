"""Municipalities of synthetic records and their packages, built once per test session."""

import functools
import io

import pandas as pd
import pytest

from isu.demo import generate
from isu.ingest import validate_file
from isu.region.export import build_package
from isu.region.package import Package
from isu.region.package_file import write_package

KEY = bytes(range(32))


@functools.cache
def records(children: int, seed: int) -> pd.DataFrame:
    """Validated, pseudonymised records of a synthetic municipality."""
    data = generate(children=children, seed=seed)
    buffer = io.BytesIO()
    data.records.to_csv(buffer, sep=";", index=False)
    return validate_file(buffer.getvalue(), data.codebook, key=KEY).records_to_store()


@functools.cache
def package(name: str, children: int, seed: int, threshold: int = 5) -> Package:
    data = generate(children=0)
    return build_package(
        records(children, seed),
        data.codebook,
        municipality=name,
        period="2025",
        threshold=threshold,
    )


REGION = (("Ale", 300, 11), ("Borås", 700, 12), ("Dals-Ed", 40, 13), ("Essunga", 90, 14))


@pytest.fixture
def package_files(tmp_path):
    """The four municipalities of REGION written as package files."""
    paths = []
    for name, children, seed in REGION:
        path = tmp_path / f"{name}.zip"
        write_package(package(name, children, seed), path)
        paths.append(path)
    return paths


@functools.cache
def demo_package(name: str, children: int, seed: int, planted: str = "") -> Package:
    """A demo municipality's package, with its planted difference (see isu.demo.municipalities)."""
    from isu.demo.municipalities import DemoMunicipality
    from isu.region.demo import demo_package as build

    return build(DemoMunicipality(name, children, seed, planted), period="2025")
