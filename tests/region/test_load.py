"""A region refuses what cannot be compared, and says which file and why, in Swedish."""

import dataclasses

import numpy as np
import pytest
from tests.region.conftest import package

from isu.region.load import RegionError, check_region, load_region
from isu.region.package import Margin, Margins
from isu.region.package_file import write_package


def test_packages_of_one_template_load_into_a_region(package_files):
    region = load_region(package_files)
    assert region.municipalities == ("Ale", "Borås", "Dals-Ed", "Essunga")
    assert region.template == "barn_och_unga"
    assert region.notes == ()


def test_a_duplicate_municipality_period_and_template_is_rejected(tmp_path):
    first, second = tmp_path / "ale.zip", tmp_path / "ale-igen.zip"
    write_package(package("Ale", 300, 11), first)
    write_package(dataclasses.replace(package("Borås", 700, 12), municipality="ale"), second)
    with pytest.raises(RegionError) as error:
        load_region([first, second])
    assert error.value.problems == (
        "ale-igen.zip: ale 2025 finns redan i ale.zip (samma kommun, period och mall). "
        "Ta bort en av filerna.",
    )


def test_the_same_municipality_for_another_period_is_not_a_duplicate():
    later = dataclasses.replace(package("Ale", 300, 11), period="2026")
    assert len(check_region([package("Ale", 300, 11), later]).packages) == 2


def test_packages_of_different_templates_are_rejected_naming_both():
    other = dataclasses.replace(
        package("Borås", 700, 12), template="vuxna_missbruk", template_title="Vuxna"
    )
    with pytest.raises(RegionError, match=r"Borås bygger på mallen «Vuxna» \(vuxna_missbruk\)"):
        check_region([package("Ale", 300, 11), other])


def test_differing_template_versions_are_noted_not_refused():
    other = dataclasses.replace(package("Borås", 700, 12), template_version="2")
    region = check_region([package("Ale", 300, 11), other])
    assert "olika versioner" in region.notes[0]


def test_a_package_publishing_a_small_count_is_rejected():
    found = package("Ale", 300, 11)
    table = found.tables[0]
    total = table.margins[()]
    small = Margins.of({**table.margins, (): Margin((), np.array(3.0))})
    forged = dataclasses.replace(
        found, tables=(dataclasses.replace(table, margins=small), *found.tables[1:])
    )
    assert total.values != 3
    with pytest.raises(RegionError, match="visar antal under 5 som skulle ha dolts"):
        check_region([forged])


def test_every_problem_is_reported_at_once(tmp_path, package_files):
    broken = tmp_path / "trasig.zip"
    broken.write_bytes(b"not a zip")
    with pytest.raises(RegionError) as error:
        load_region([*package_files, broken, tmp_path / "saknas.zip"])
    assert len(error.value.problems) == 2
