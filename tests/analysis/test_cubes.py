"""Frames, bands and cubes: counts agree with an independent pandas count, missing values land
on their own level, multiple choice counts each option, and ages are fixed at the first occasion."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from isu.analysis import analyse_records, prepare
from isu.analysis.bands import age_bands, band_codes
from isu.analysis.cube import Counter, count, count_cube
from isu.analysis.disaggregate import profile_keys
from isu.codebook import template


def adults(n: int = 40, seed: int = 0) -> pd.DataFrame:
    """Validated-looking records of the ``vuxna_insats`` codebook."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(["kvinna", "man"], n)
    return pd.DataFrame(
        {
            "pseudonym": [f"p{i}" for i in range(n)],
            "tillfalle": pd.Categorical(["beslut"] * n, categories=["beslut", "uppfoljning_6m"]),
            "datum": pd.to_datetime("2026-01-15") + pd.to_timedelta(rng.integers(0, 200, n), "D"),
            "juridiskt_kon": pd.Categorical(sex, categories=["kvinna", "man"]),
            "alder": rng.integers(18, 95, n),
            "fodelseland": pd.Categorical(rng.choice(["sverige", "europa", None], n)),
            "insatstyp": rng.choice(["hemtjanst", "hemtjanst trygghetslarm", None], n),
            "beviljad_insats": pd.Categorical(rng.choice(["ja", "nej"], n)),
            "beviljade_timmar": np.where(sex == "kvinna", 20.0, 30.0) + rng.normal(0, 3, n),
        }
    )


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-1, 2), st.integers(-1, 3)), min_size=0, max_size=60),
)
def test_count_agrees_with_a_python_count(pairs):
    a = np.array([p[0] for p in pairs], dtype=np.int16)
    b = np.array([p[1] for p in pairs], dtype=np.int16)
    counts = count([a, b], [3, 4])
    assert counts.shape == (4, 5)
    for i in range(-1, 3):
        for j in range(-1, 4):
            expected = sum(1 for p in pairs if p == (i, j))
            assert counts[i if i >= 0 else 3, j if j >= 0 else 4] == expected


def test_the_counter_gives_the_same_cubes_as_a_direct_count():
    records = adults(200, seed=3)
    frame = prepare(records, template("vuxna_insats"))
    counter = Counter(frame, 0, profile_keys(frame))
    for keys in [
        ("juridiskt_kon", "beviljad_insats"),
        ("juridiskt_kon", "fodelseland", "beviljad_insats"),
        ("juridiskt_kon", "alder", "insatstyp=hemtjanst"),
    ]:
        direct = count_cube(frame, keys, frame.occasion == 0)
        assert np.array_equal(counter.cube(keys).counts, direct.counts)


def test_multiple_choice_counts_each_option_and_keeps_unanswered_apart():
    records = adults(30, seed=1)
    frame = prepare(records, template("vuxna_insats"))
    home = frame.codes["insatstyp=hemtjanst"]
    alarm = frame.codes["insatstyp=trygghetslarm"]
    answered = records["insatstyp"].notna().to_numpy()
    assert ((home == 0) == answered).all()  # everyone who answered has hemtjanst
    assert ((alarm == 0) == records["insatstyp"].eq("hemtjanst trygghetslarm").to_numpy()).all()
    assert (home[~answered] == -1).all()


def test_age_bands_for_children_and_adults():
    children = age_bands(np.array([0.0, 6, 7, 12, 13, 17]))
    assert [b.label for b in children] == ["0–6 år", "7–12 år", "13–17 år"]
    grown = age_bands(np.array([18.0, 44, 90]))
    assert [b.label for b in grown][-1] == "80 år eller äldre"
    codes = band_codes(np.array([6.0, 7.0, np.nan]), children)
    assert codes.tolist() == [0, 1, -1]


def test_age_is_taken_at_the_first_occasion():
    records = pd.DataFrame(
        {
            "pseudonym": ["a", "a", "b"],
            "tillfalle": pd.Categorical(["beslut", "uppfoljning_6m", "beslut"]),
            "datum": pd.to_datetime(["2026-01-01", "2026-07-01", "2026-02-01"]),
            "juridiskt_kon": pd.Categorical(["kvinna", "kvinna", "man"]),
            "alder": [12, 13, 15],
        }
    )
    frame = prepare(records, template("barn_och_unga"))
    dimension = frame.dimension("alder")
    assert [dimension.codes[c] for c in frame.codes["alder"]] == ["7-12", "7-12", "13-17"]


def test_numeric_measures_get_means_medians_and_a_rank_test_by_sex():
    records = adults(80, seed=5)
    result = analyse_records(records, template("vuxna_insats"))
    table = next(t for t in result.numeric if t.variable == "beviljade_timmar")
    women, men, everyone = table.rows
    truth = records.groupby("juridiskt_kon", observed=True)["beviljade_timmar"]
    assert women.summary.mean == np.float64(truth.mean()["kvinna"]).item()
    assert women.summary.median is not None and men.summary.median is not None
    assert everyone.summary.n == len(records)
    assert table.test is not None and table.test.p_value < 0.001  # 20 h against 30 h


def test_a_numeric_group_below_the_threshold_is_hidden():
    records = adults(40, seed=2)
    records.loc[records["juridiskt_kon"] == "man", "beviljade_timmar"] = np.nan
    records.loc[records.index[:3], "beviljade_timmar"] = 10.0
    records.loc[records.index[:3], "juridiskt_kon"] = "man"
    result = analyse_records(records, template("vuxna_insats"))
    table = next(t for t in result.numeric if t.variable == "beviljade_timmar")
    assert table.rows[1].summary is None
    assert table.test is None


def test_quality_notes_dates_out_of_range_and_background_that_changes():
    records = pd.DataFrame(
        {
            "pseudonym": ["a", "a", "b", "b", "c"],
            "tillfalle": pd.Categorical(
                ["beslut", "uppfoljning_6m", "beslut", "uppfoljning_6m", "beslut"]
            ),
            "datum": pd.to_datetime(
                ["2026-01-01", "2025-12-01", "2026-02-01", "2026-08-01", "2099-01-01"]
            ),
            "juridiskt_kon": pd.Categorical(["kvinna", "kvinna", "man", "man", "man"]),
            "fodelseland": pd.Categorical(["sverige", "europa", "sverige", "sverige", None]),
        }
    )
    from isu.analysis.quality import consistency_notes

    frame = prepare(records, template("barn_och_unga"))
    notes = " ".join(consistency_notes(frame, today=pd.Timestamp("2026-11-22").date()))
    assert "1 post har ett datum efter dagens datum" in notes
    assert "4 poster är mer än två år äldre" in notes  # all but the 2099 record itself
    assert "1 person har en uppföljning daterad före" in notes
    assert "«Födelseland» skiljer sig mellan tillfällena för 1 person." in notes


def test_everyone_is_hidden_with_a_hidden_sex_so_subtraction_reveals_nothing():
    records = adults(40, seed=2)
    records["juridiskt_kon"] = pd.Categorical(["kvinna"] * 37 + ["man"] * 3)
    result = analyse_records(records, template("vuxna_insats"))
    table = next(t for t in result.numeric if t.variable == "beviljade_timmar")
    assert table.rows[0].summary is not None
    assert table.rows[1].summary is None
    assert table.rows[2].summary is None


def test_sizes_hide_the_total_when_a_sex_is_hidden():
    records = adults(40, seed=2)
    records["juridiskt_kon"] = pd.Categorical(["kvinna"] * 37 + ["man"] * 3)
    result = analyse_records(records, template("vuxna_insats"))
    sizes = [s for s in result.quality.sizes if s.occasion == "beslut"]
    assert [s.records for s in sizes] == [37, None, None]
    hidden = [v for v in result.quality.variables if v.rows[1].applicable is None]
    assert hidden
    for variable in hidden:
        assert variable.rows[-1].applicable is None


def test_numbers_read_as_swedish():
    from isu.analysis.formatting import interval_text, number, percent

    assert percent(0.384) == "38 %"
    assert percent(-0.004) == "0 %"
    assert interval_text(0.29, 0.48) == "29–48 %"
    assert interval_text(-0.03, -0.01, unit="") == "−3 till −1"
    assert number(12345.67) == "12 345,7"
