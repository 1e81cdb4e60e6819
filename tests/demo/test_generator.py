"""The demo generator: reproducible, valid personnummer, consistent with the codebook, and the
planted effects visible in a large sample."""

from __future__ import annotations

import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook
from stdnum import luhn

from isu.codebook import VariableType, read_xlsform, template
from isu.codebook.relevance import parse_relevance
from isu.demo import EFFECTS, DemoData, generate, write_demo
from isu.identity import parse_personnummer

try:
    from isu.ingest import validate_file

    INGEST_READY = True
except ImportError:  # isu.ingest is written in parallel; the import tests wait for it
    INGEST_READY = False

needs_ingest = pytest.mark.skipif(not INGEST_READY, reason="isu.ingest.validate_file finns inte än")
REFERENCE = datetime.date(2026, 6, 30)
DECISION_LABEL, FOLLOW_UP_LABEL = "Beslut efter utredning", "Uppföljning efter 6 månader"
CONSENT_MISSING = ("Samtycke saknas", "Samtycke ej tillförlitligt")


@pytest.fixture(scope="module")
def small() -> DemoData:
    return generate(children=3_000, seed=11)


@pytest.fixture(scope="module")
def large() -> DemoData:
    """Big enough that shares within risk levels have standard errors around 0.01."""
    return generate(children=100_000, seed=2026)


def decisions(data: DemoData) -> tuple[pd.DataFrame, pd.DataFrame]:
    at_decision = data.truth["occasion"] == "beslut"
    return data.records[at_decision], data.truth[at_decision]


def consent_present(records: pd.DataFrame) -> pd.Series:
    return ~records["samtycke"].str.startswith(CONSENT_MISSING)


def share(flags: pd.Series) -> float:
    return float(flags.mean())


# Reproducibility and shape


def test_the_same_seed_gives_identical_records_and_truth() -> None:
    first, second = generate(children=500, seed=5), generate(children=500, seed=5)
    pd.testing.assert_frame_equal(first.records, second.records)
    pd.testing.assert_frame_equal(first.truth, second.truth)


def test_a_different_seed_gives_different_records() -> None:
    assert not generate(children=500, seed=5).records.equals(generate(children=500, seed=6).records)


def test_records_have_one_text_column_per_codebook_variable(small: DemoData) -> None:
    assert list(small.records.columns) == [v.key for v in template("barn_och_unga")]
    assert all(dtype == "str" for dtype in small.records.dtypes)
    assert not small.records.isna().any().any()


def test_identity_columns_derived_from_the_personnummer_are_left_empty(small: DemoData) -> None:
    for key in ("klientnummer", "juridiskt_kon", "alder"):
        assert (small.records[key] == "").all()
    assert (small.records["personnummer"] != "").all()


def test_truth_shares_the_index_of_the_records(small: DemoData) -> None:
    assert small.truth.index.equals(small.records.index)


def test_max_rows_gives_exactly_that_many_rows() -> None:
    data = generate(children=2_000, seed=1, max_rows=1_234)
    assert len(data.records) == len(data.truth) == 1_234


def test_max_rows_above_what_the_children_produce_adds_no_rows() -> None:
    assert len(generate(children=20, seed=1, max_rows=1_000).records) < 40


def test_no_children_give_an_empty_table_with_every_column() -> None:
    data = generate(children=0)
    assert data.records.empty and list(data.records.columns) == list(generate().records.columns)


def test_negative_sizes_are_refused() -> None:
    with pytest.raises(ValueError):
        generate(children=-1)
    with pytest.raises(ValueError):
        generate(children=10, max_rows=-1)


# Personnummer


def test_every_personnummer_has_a_valid_luhn_check_digit(small: DemoData) -> None:
    numbers = small.records["personnummer"]
    assert numbers.str.fullmatch(r"\d{8}-\d{4}").all()
    assert all(luhn.is_valid(pnr[2:8] + pnr[9:]) for pnr in numbers)


def test_the_sex_digit_is_odd_for_boys_and_even_for_girls(small: DemoData) -> None:
    odd = small.records["personnummer"].str[11].astype(int) % 2 == 1
    assert (odd == (small.truth["legal_sex"] == "man")).all()


def test_each_child_has_one_personnummer_used_at_both_occasions(large: DemoData) -> None:
    per_child = large.records["personnummer"].groupby(large.truth["child"]).nunique()
    assert (per_child == 1).all()
    children_per_number = large.truth["child"].groupby(large.records["personnummer"]).nunique()
    assert (children_per_number == 1).all()
    assert (large.truth["occasion"] == "uppfoljning_6m").sum() > 10_000


def test_about_two_percent_are_samordningsnummer_with_day_plus_sixty(large: DemoData) -> None:
    records, truth = decisions(large)
    day = records["personnummer"].str[6:8].astype(int)
    assert ((day > 60) == truth["samordningsnummer"]).all()
    assert share(truth["samordningsnummer"]) == pytest.approx(0.02, abs=0.003)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), children=st.integers(1, 300))
def test_any_seed_gives_unique_valid_personnummer_per_child(seed: int, children: int) -> None:
    data = generate(children=children, seed=seed)
    numbers = data.records["personnummer"]
    assert all(luhn.is_valid(pnr[2:8] + pnr[9:]) for pnr in numbers)
    assert numbers.groupby(data.truth["child"]).nunique().eq(1).all()
    assert numbers.nunique() == children


def test_the_personnummer_parser_agrees_on_birth_date_sex_and_age(small: DemoData) -> None:
    for pnr, date, row in zip(
        small.records["personnummer"],
        small.records["datum"],
        small.truth.itertuples(),
        strict=True,
    ):
        parsed = parse_personnummer(pnr, reference_date=datetime.date.fromisoformat(date))
        assert parsed.legal_sex.value == row.legal_sex
        assert parsed.birth_date == row.birth_date.date()
        assert parsed.is_samordningsnummer == row.samordningsnummer
        assert parsed.age_at(datetime.date.fromisoformat(date)) == row.age_at_record


# Dates, ages and follow-up


def test_decisions_fall_in_the_eighteen_months_before_the_reference_date(small: DemoData) -> None:
    records, truth = decisions(small)
    dates = pd.to_datetime(records["datum"])
    assert dates.max() <= pd.Timestamp(REFERENCE)
    assert dates.min() > pd.Timestamp(REFERENCE) - pd.Timedelta(days=549)
    assert (truth["age"] == truth["age_at_record"]).all()
    assert truth["age"].between(0, 17).all()


def test_ages_at_decision_lean_towards_teenagers(large: DemoData) -> None:
    _, truth = decisions(large)
    assert share(truth["age"] >= 13) > 0.4
    assert share(truth["age"] >= 13) > 2 * share(truth["age"] <= 5) - 0.1


def test_follow_ups_come_six_months_later_only_for_granted_children(small: DemoData) -> None:
    truth, records = small.truth, small.records
    follow_up = truth["occasion"] == "uppfoljning_6m"
    assert (records["tillfalle"] == np.where(follow_up, FOLLOW_UP_LABEL, DECISION_LABEL)).all()
    assert truth.loc[follow_up, "granted"].all()
    assert not truth.loc[follow_up, "dropped_out"].any()
    decided = (
        pd.to_datetime(records["datum"][~follow_up]).groupby(truth["child"][~follow_up]).first()
    )
    followed = (
        pd.to_datetime(records["datum"][follow_up]).groupby(truth["child"][follow_up]).first()
    )
    expected = (decided[followed.index] + pd.DateOffset(months=6)).to_numpy()
    assert (followed.to_numpy() == expected).all()
    assert followed.max() <= pd.Timestamp(REFERENCE)


def test_boys_drop_out_before_follow_up_more_often_than_girls(large: DemoData) -> None:
    _, truth = decisions(large)
    granted = truth[truth["granted"]]
    dropout = granted["dropped_out"].groupby(granted["legal_sex"]).mean()
    assert dropout["man"] == pytest.approx(0.25, abs=0.02)
    assert dropout["kvinna"] == pytest.approx(0.15, abs=0.02)


# Consistency with the codebook


def test_every_value_is_a_label_of_its_variable(small: DemoData) -> None:
    for variable in small.codebook:
        if not variable.type.has_categories:
            continue
        labels = {c.label for c in variable.categories} | {""}
        cells = small.records[variable.key]
        if variable.type is VariableType.SELECT_MULTIPLE:
            cells = cells.str.split("; ").explode()
        assert set(cells) <= labels, variable.key


def test_values_appear_exactly_where_the_codebook_asks_for_them(small: DemoData) -> None:
    codebook, records = small.codebook, small.records
    occasion_codes = {c.label: c.code for c in codebook.occasions}
    occasion = records["tillfalle"].map(occasion_codes)
    codes = pd.DataFrame(index=records.index)
    for variable in codebook:
        to_code = {c.label: c.code for c in variable.categories}
        column = records[variable.key]
        if variable.type is VariableType.SELECT_MULTIPLE:
            column = column.map(
                lambda cell, m=to_code: " ".join(m[p] for p in cell.split("; ") if p)
            )
        elif to_code:
            column = column.map(lambda cell, m=to_code: m.get(cell, ""))
        codes[variable.key] = column.replace("", pd.NA)
    for variable in codebook:
        applies = occasion.isin(variable.occasions) if variable.occasions else occasion.notna()
        if variable.relevant:
            applies &= parse_relevance(variable.relevant).evaluate(codes)
        present = records[variable.key] != ""
        assert not (present & ~applies).any(), variable.key
        if variable.required:
            assert present[applies].all(), variable.key


def test_utsatthet_none_found_is_never_combined_with_other_exposures(small: DemoData) -> None:
    records, _ = decisions(small)
    cells = records["utsatthet"]
    none_found = cells.str.contains("Ingen utsatthet har framkommit", regex=False)
    assert (cells[none_found] == "Ingen utsatthet har framkommit").all()
    assert (cells.str.count("; ") > 0).any()


def test_only_follow_up_rows_hold_goal_attainment_and_satisfaction(small: DemoData) -> None:
    follow_up = small.truth["occasion"] == "uppfoljning_6m"
    answered = small.records[["maluppfyllelse", "nojdhet"]] != ""
    assert answered[follow_up].all().all()
    assert not answered[~follow_up].any().any()


# Background


def test_birth_countries_have_the_planned_shares(large: DemoData) -> None:
    records, _ = decisions(large)
    shares = records["fodelseland"].value_counts(normalize=True)
    assert shares["Sverige"] == pytest.approx(0.70, abs=0.01)
    assert shares["Norden utom Sverige"] == pytest.approx(0.03, abs=0.01)
    assert shares["Europa utom Norden"] == pytest.approx(0.10, abs=0.01)
    assert shares["Utanför Europa"] == pytest.approx(0.17, abs=0.01)


def test_low_income_is_more_common_among_children_born_outside_europe(large: DemoData) -> None:
    records, _ = decisions(large)
    low = (records["inkomstniva"] == "Låg").groupby(records["fodelseland"]).mean()
    assert low["Utanför Europa"] > low["Sverige"] + 0.2


def test_gender_identity_is_mostly_legal_sex_with_a_few_other_declined_and_empty(
    large: DemoData,
) -> None:
    records, truth = decisions(large)
    identity = records["konsidentitet"]
    assert share(identity == "") == pytest.approx(0.30, abs=0.01)
    assert share(identity == "Annat") == pytest.approx(0.01, abs=0.003)
    assert share(identity == "Vill inte svara") == pytest.approx(0.02, abs=0.003)
    binary = identity.isin(["Flicka", "Pojke"])
    as_legal = truth["legal_sex"].map({"kvinna": "Flicka", "man": "Pojke"})
    assert (identity[binary] == as_legal[binary]).all()


# Planted effects


def test_every_effect_names_codebook_variables_and_a_known_verdict(small: DemoData) -> None:
    verdicts = {"motiverad", "motiverad_men_problematisk", "omotiverad", "beskrivande"}
    assert small.effects == EFFECTS
    assert len({e.key for e in EFFECTS}) == len(EFFECTS) == 6
    for effect in EFFECTS:
        assert effect.verdict in verdicts
        assert {effect.outcome, effect.groups, *effect.explained_by} <= {
            v.key for v in small.codebook
        }
        assert effect.parameters and effect.description.endswith(".")


def test_girls_are_granted_interventions_more_often_than_boys(large: DemoData) -> None:
    records, truth = decisions(large)
    granted = (records["beslut_insats"] == "Ja").groupby(truth["legal_sex"]).mean()
    assert granted["kvinna"] > granted["man"] + 0.05


def test_girls_are_more_often_assessed_at_elevated_or_high_risk(large: DemoData) -> None:
    records, truth = decisions(large)
    elevated = records["risk"].isin(["Förhöjd risk", "Hög risk"]).groupby(truth["legal_sex"]).mean()
    assert elevated["kvinna"] == pytest.approx(0.70, abs=0.01)
    assert elevated["man"] == pytest.approx(0.40, abs=0.01)


def test_within_risk_level_and_consent_girls_and_boys_are_granted_equally(
    large: DemoData,
) -> None:
    records, truth = decisions(large)
    consent = consent_present(records)
    granted = (records["beslut_insats"] == "Ja")[consent]
    by_group = granted.groupby([records["risk"][consent], truth["legal_sex"][consent]]).mean()
    difference = by_group.unstack()["kvinna"] - by_group.unstack()["man"]
    assert len(difference) == 4
    assert (difference.abs() < 0.03).all()


def test_boys_guardians_withhold_consent_more_often_and_that_lowers_grants(
    large: DemoData,
) -> None:
    records, truth = decisions(large)
    missing = ~consent_present(records)
    by_sex = missing.groupby(truth["legal_sex"]).mean()
    assert by_sex["man"] == pytest.approx(0.25, abs=0.01)
    assert by_sex["kvinna"] == pytest.approx(0.12, abs=0.01)
    assert (missing == truth["consent_missing"]).all()
    granted = (records["beslut_insats"] == "Ja").groupby([records["risk"], missing]).mean()
    assert (granted.unstack()[False] > granted.unstack()[True] + 0.1).all()


def test_children_born_outside_europe_are_granted_less_with_the_same_need_and_consent(
    large: DemoData,
) -> None:
    records, _ = decisions(large)
    comparable = (
        (records["behov_av_stod"] == "Ja")
        & (records["tillgodoses_natverk"] == "Nej")
        & (records["tillgodoses_anhorig"] == "Nej")
        & (records["tillgodoses_annan_verksamhet"] == "Nej")
        & consent_present(records)
    )
    sample = records[comparable]
    granted = (sample["beslut_insats"] == "Ja").groupby([sample["risk"], sample["fodelseland"]])
    shares = granted.mean().unstack()
    assert ((shares["Sverige"] - shares["Utanför Europa"]) > 0.08).all()
    overall = (sample["beslut_insats"] == "Ja").groupby(sample["fodelseland"]).mean()
    assert abs(overall["Sverige"] - overall["Europa utom Norden"]) < 0.03


def test_missing_interpreter_is_concentrated_among_children_born_outside_europe(
    large: DemoData,
) -> None:
    records, _ = decisions(large)
    missing = (records["tolk"] == "Nej men skulle ha behövts").groupby(records["fodelseland"])
    shares = missing.mean()
    assert shares["Utanför Europa"] == pytest.approx(0.20, abs=0.015)
    assert shares["Sverige"] == pytest.approx(0.01, abs=0.005)
    others = records["tolk"][records["fodelseland"] != "Utanför Europa"]
    assert others.value_counts().idxmax() == "Nej behövdes ej"


def test_improvement_is_highest_for_young_boys_and_lowest_for_teenage_girls(
    large: DemoData,
) -> None:
    truth, records = large.truth, large.records
    scale = {c.label: i for i, c in enumerate(large.codebook["situation"].categories)}
    level = records["situation"].map(scale)
    before = level[truth["occasion"] == "beslut"].groupby(truth["child"]).first()
    after = level[truth["occasion"] == "uppfoljning_6m"].groupby(truth["child"]).first()
    followed = truth[truth["occasion"] == "uppfoljning_6m"].set_index("child")
    better = after[followed.index] > before[followed.index]
    assert (better == followed["improved"]).all()
    group = [followed["legal_sex"], np.where(followed["age"] >= 13, "13-17", "0-12")]
    improved = better.groupby(group).mean()
    assert improved.idxmax() == ("man", "0-12")
    assert improved.idxmin() == ("kvinna", "13-17")
    assert improved[("man", "13-17")] > improved[("kvinna", "13-17")] + 0.05
    assert improved[("man", "0-12")] > improved[("kvinna", "0-12")] + 0.05


def test_talks_with_the_child_are_rarer_for_the_youngest_and_when_guardians_hindered(
    large: DemoData,
) -> None:
    records, truth = decisions(large)
    talk = records["samtal_genomfort"] == "Ja"
    young = truth["age"] <= 6
    assert share(talk[young]) < share(talk[~young]) - 0.15
    hindered = records["vh_hindrat"] == "Ja"
    assert share(talk[hindered]) < share(talk[~hindered]) - 0.3
    by_sex = talk.groupby(truth["legal_sex"]).mean()
    assert abs(by_sex["kvinna"] - by_sex["man"]) < 0.03


def test_wish_to_take_part_is_only_recorded_for_children_who_were_asked(small: DemoData) -> None:
    records, _ = decisions(small)
    asked = records["tillfragad_delta"] == "Ja"
    assert (records["velat_delta"][~asked] == "").all()
    assert (records["velat_delta"][asked] != "").all()


# Writing


@pytest.fixture(scope="module")
def written(small: DemoData, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_demo(small, tmp_path_factory.mktemp("demo"))


def test_write_demo_writes_codebook_data_and_effects_but_never_the_truth(
    small: DemoData, written: dict[str, Path]
) -> None:
    assert set(written) == {"kodbok", "data_csv", "data_xlsx", "effekter"}
    folder = written["data_csv"].parent
    assert sorted(p.name for p in folder.iterdir()) == [
        "data.csv",
        "data.xlsx",
        "effekter.md",
        "kodbok.xlsx",
    ]
    header = written["data_csv"].read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    assert header == list(small.records.columns)
    assert not set(small.truth.columns) - {"fodelseland"} & set(header)


def test_the_codebook_is_written_as_an_xlsform_that_reads_back_equal(
    small: DemoData, written: dict[str, Path]
) -> None:
    assert read_xlsform(written["kodbok"]).fingerprint() == small.codebook.fingerprint()


def test_the_csv_is_semicolon_separated_utf8_with_bom_and_reads_back_unchanged(
    small: DemoData, written: dict[str, Path]
) -> None:
    path = written["data_csv"]
    assert path.read_bytes().startswith(b"\xef\xbb\xbfpersonnummer;")
    back = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, small.records, check_dtype=False)


def test_the_excel_file_holds_the_records_as_text_on_a_data_sheet(
    small: DemoData, written: dict[str, Path]
) -> None:
    workbook = CalamineWorkbook.from_path(str(written["data_xlsx"]))
    assert workbook.sheet_names == ["Data"]
    rows = workbook.get_sheet_by_name("Data").to_python()
    assert all(isinstance(cell, str) for row in rows for cell in row)
    back = pd.DataFrame(rows[1:], columns=rows[0])
    pd.testing.assert_frame_equal(back, small.records, check_dtype=False)


def test_effekter_describes_every_planted_effect_in_swedish(
    small: DemoData, written: dict[str, Path]
) -> None:
    text = written["effekter"].read_text(encoding="utf-8")
    for effect in small.effects:
        assert effect.description in text
    assert "omotiverad skillnad" in text and "oddskvot_beviljas_utanfor_europa = 0,3" in text


@needs_ingest
@pytest.mark.parametrize("name", ["data_csv", "data_xlsx"])
def test_the_written_data_import_without_errors_or_warnings(
    small: DemoData, written: dict[str, Path], name: str
) -> None:
    result = validate_file(written[name], small.codebook, key=b"k" * 32)
    assert result.ok, result.errors.head(10).to_string()
    assert result.warnings.empty, result.warnings.head(10).to_string()
    assert len(result.records) == len(small.records)
