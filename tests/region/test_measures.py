"""Numeric measures travel as count, sum and sum of squares by sex, hidden for small groups."""

import numpy as np
import pandas as pd
import pytest

from isu.region.export import build_package
from isu.region.package_file import read_package, write_package


def _records(hours_girls, hours_boys):
    rows = [("kvinna", h) for h in hours_girls] + [("man", h) for h in hours_boys]
    return pd.DataFrame(
        {
            "tillfalle": "beslut",
            "datum": "2025-03-01",
            "juridiskt_kon": [sex for sex, _h in rows],
            "alder": 10,
            "risk": "lag",
            "beslut_insats": "ja",
            "timmar": [h for _sex, h in rows],
        }
    )


def test_moments_are_published_by_sex_and_hidden_below_the_threshold(small_codebook, tmp_path):
    girls = [4.0, 6.5, 8.0, 10.0, 12.0, 3.5]
    package = build_package(
        _records(girls, [5.0, 7.0, np.nan]), small_codebook, municipality="A", period="2025"
    )
    (measure,) = package.measures
    assert measure.id == "beslut/timmar" and measure.sexes == ("kvinna", "man")
    n, total, squares = measure.moments[0]
    assert (n, total, squares) == (
        6,
        pytest.approx(sum(girls)),
        pytest.approx(sum(h * h for h in girls)),
    )
    assert measure.moments[1] is None  # two boys: fewer than five
    write_package(package, tmp_path / "a.zip")
    assert read_package(tmp_path / "a.zip").measures == package.measures


def test_pooled_means_equal_the_mean_of_all_values_and_leave_out_hidden_groups(small_codebook):
    from isu.region.load import check_region
    from isu.region.measures import pooled_measure

    a = [4.0, 6.5, 8.0, 10.0, 12.0]
    b = [3.0, 5.0, 7.0, 9.0, 11.0, 13.0]
    packages = [
        build_package(_records(a, [1.0] * 5), small_codebook, municipality="A", period="2025"),
        build_package(_records(b, [2.0]), small_codebook, municipality="B", period="2025"),
    ]
    pooled = pooled_measure(check_region(packages), "beslut/timmar")
    girls, boys = pooled.summaries
    assert girls.n == 11 and girls.mean == pytest.approx(np.mean(a + b))
    assert girls.std == pytest.approx(np.std(a + b, ddof=1))
    assert boys.n == 5 and [o.municipality for o in pooled.left_out[1]] == ["B"]
