"""Reference figures from a Kolada-style CSV, with «..» and «-» markers."""

import pytest

from isu.region.reference import ReferenceFileError, parse_value, read_reference


def test_values_are_percentages_with_decimal_comma_or_point_and_markers():
    assert parse_value("48,5") == pytest.approx(0.485)
    assert parse_value("7.25 %") == pytest.approx(0.0725)
    assert parse_value("..") is None
    assert parse_value("-") is None


def test_a_reference_file_is_read_with_column_aliases(tmp_path):
    path = tmp_path / "kolada.csv"
    path.write_text(
        "Kommun,År,Kön,Värde\nRiket,2024,K,51.0\nRiket,2024,M,..\nRiket,2024,T,-\n",
        encoding="utf-8",
    )
    found = read_reference(path)
    assert [(v.sex, v.value, v.marker) for v in found.values] == [
        ("kvinna", pytest.approx(0.51), ""),
        ("man", None, ".."),
        ("", None, "-"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Område;Värde\nRiket;50\n", "kolumnen «kön» saknas"),
        ("Område;Kön;Värde\nRiket;Okänt;50\n", "rad 2: okänt kön «Okänt»"),
        ("Område;Kön;Värde\nRiket;Kvinnor;mycket\n", "rad 2: «mycket» är inget tal"),
        ("Område;Kön;Värde\nRiket;Kvinnor;150\n", "rad 2: 150 är ingen andel"),
    ],
)
def test_a_faulty_reference_file_is_refused_with_the_line(tmp_path, text, message):
    path = tmp_path / "ref.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceFileError, match=message):
        read_reference(path)
