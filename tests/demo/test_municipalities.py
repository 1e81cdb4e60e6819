"""Demo municipalities for the regional comparison: sizes, names and planted differences."""

import io

from isu.demo.municipalities import BOYS_MORE, FEWER, DemoMunicipality, municipalities, records_of
from isu.ingest import validate_file


def test_municipalities_have_distinct_names_and_a_spread_of_sizes():
    found = municipalities(60, seed=2)
    assert len({m.name for m in found}) == 60
    assert found[55].name == "Kommun 56"
    sizes = [m.children for m in found]
    assert min(sizes) >= 40 and max(sizes) <= 1500 and max(sizes) > 5 * min(sizes)


def test_every_fifth_and_every_seventh_municipality_has_a_planted_difference():
    found = municipalities(12)
    assert [m.planted for m in found[:4]] == ["", BOYS_MORE, "", FEWER]
    assert found[1].description.startswith("Beviljar pojkar insats oftare")


def test_a_planted_municipality_grants_less_and_its_records_stay_valid():
    plain = records_of(DemoMunicipality("A", 400, 9))
    fewer = records_of(DemoMunicipality("A", 400, 9, FEWER))
    granted = [(d.records["beslut_insats"] == "Ja").mean() for d in (plain, fewer)]
    assert granted[1] < granted[0] * 0.7
    buffer = io.BytesIO()
    fewer.records.to_csv(buffer, sep=";", index=False)
    assert validate_file(buffer.getvalue(), fewer.codebook, key=bytes(32)).ok
