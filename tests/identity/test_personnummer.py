"""Behaviour of the scalar personnummer parser, masking, ages and audience labels."""

import datetime
import doctest
import pickle
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import luhn_digit as conftest_luhn_digit

import isu.identity
from isu.identity import (
    Audience,
    LegalSex,
    Personnummer,
    PersonnummerError,
    age_at,
    default_gender_identity_options,
    legal_sex_label,
    mask,
    parse_personnummer,
)

REFERENCE = datetime.date(2025, 6, 15)


def luhn_digit(nine_digits: str) -> str:
    """Check digit computed independently of the code under test (tests/conftest.py)."""
    return str(conftest_luhn_digit(nine_digits))


def written_forms(birth: datetime.date, serial: int, *, samordning: bool, plus: bool) -> list[str]:
    """Every way people write the number; the 10-digit forms use '+' when *plus*."""
    day = birth.day + 60 if samordning else birth.day
    short = f"{birth:%y%m}{day:02d}{serial:03d}"
    last_four = f"{serial:03d}{luhn_digit(short)}"
    long_date = f"{birth.year:04d}{short[2:6]}"
    forms = [f"{long_date}-{last_four}", f"{long_date}{last_four}", f"{long_date}+{last_four}"]
    if plus:
        forms.append(f"{short[:6]}+{last_four}")
    else:
        forms += [f"{short[:6]}-{last_four}", f"{short[:6]}{last_four}"]
    return [*forms, f"  {forms[0]}\t", f"\n{forms[-1]} "]


# Skatteverket, test personal identity numbers; check digits verified with luhn_digit below.
KNOWN_VALID = [
    ("19121212-1212", datetime.date(1912, 12, 12), LegalSex.MAN),
    ("811218-9876", datetime.date(1981, 12, 18), LegalSex.MAN),
    ("121212+1220", datetime.date(1912, 12, 12), LegalSex.KVINNA),
]


@pytest.mark.parametrize(("text", "birth_date", "sex"), KNOWN_VALID)
def test_it_accepts_published_test_numbers(
    text: str, birth_date: datetime.date, sex: LegalSex
) -> None:
    digits = text.replace("-", "").replace("+", "")[-10:]
    assert luhn_digit(digits[:9]) == digits[9]

    parsed = parse_personnummer(text, reference_date=REFERENCE)

    assert parsed.birth_date == birth_date
    assert parsed.legal_sex is sex
    assert not parsed.is_samordningsnummer
    assert re.fullmatch(r"[0-9]{12}", parsed.normalized)


@pytest.mark.parametrize(
    "text",
    written_forms(datetime.date(1912, 12, 12), 121, samordning=False, plus=True),
)
def test_every_written_form_gives_the_same_facts(text: str) -> None:
    parsed = parse_personnummer(text, reference_date=REFERENCE)

    assert parsed.normalized == "191212121212"
    assert parsed.birth_date == datetime.date(1912, 12, 12)
    assert parsed.legal_sex is LegalSex.MAN


def test_the_second_to_last_digit_decides_legal_sex() -> None:
    birth = datetime.date(1990, 5, 17)
    for serial, sex in [
        (120, LegalSex.KVINNA),
        (131, LegalSex.MAN),
        (997, LegalSex.MAN),
        (998, LegalSex.KVINNA),
    ]:
        text = written_forms(birth, serial, samordning=False, plus=False)[0]
        assert parse_personnummer(text, reference_date=REFERENCE).legal_sex is sex


def test_it_accepts_samordningsnummer_and_flags_them() -> None:
    # The commonly cited example samordningsnummer: day 63 means born 3 October 1970.
    parsed = parse_personnummer("701063-2391", reference_date=REFERENCE)

    assert parsed.is_samordningsnummer
    assert parsed.birth_date == datetime.date(1970, 10, 3)
    assert parsed.normalized == "197010632391"
    assert parsed.legal_sex is LegalSex.MAN


@pytest.mark.parametrize(
    ("text", "birth_date"),
    [
        ("250615-0008", datetime.date(2025, 6, 15)),  # born on the reference date: age 0
        ("250616-0007", datetime.date(1925, 6, 16)),  # tomorrow's date: last century, 99
        ("2506160007", datetime.date(1925, 6, 16)),
        ("250615+0008", datetime.date(1925, 6, 15)),  # exactly 100 today
        ("250616+0007", datetime.date(1825, 6, 16)),  # '+' goes one more century back
    ],
)
def test_ten_digit_numbers_get_the_century_that_fits_the_reference_date(
    text: str, birth_date: datetime.date
) -> None:
    parsed = parse_personnummer(text, reference_date=REFERENCE)

    assert parsed.birth_date == birth_date
    assert parsed.age_at(REFERENCE) == age_at(birth_date, REFERENCE)


def test_the_plus_sign_means_a_hundred_or_older() -> None:
    young = parse_personnummer("121212-1212", reference_date=REFERENCE)
    old = parse_personnummer("121212+1212", reference_date=REFERENCE)

    assert young.age_at(REFERENCE) == 12
    assert old.age_at(REFERENCE) == 112
    assert young.normalized != old.normalized


def test_the_same_ten_digit_number_changes_century_with_the_reference_date() -> None:
    assert parse_personnummer(
        "250616-0007", reference_date=datetime.date(2025, 6, 16)
    ).birth_date == datetime.date(2025, 6, 16)


def test_the_separator_in_a_twelve_digit_number_is_ignored() -> None:
    assert (
        parse_personnummer("19121212+1212", reference_date=REFERENCE)
        == parse_personnummer("19121212-1212", reference_date=REFERENCE)
        == parse_personnummer("191212121212", reference_date=REFERENCE)
    )


def test_the_reference_date_defaults_to_today() -> None:
    parsed = parse_personnummer("19121212-1212")
    assert parsed.age_at(datetime.date.today()) >= 112


def test_it_accepts_29_february_in_a_leap_year() -> None:
    parsed = parse_personnummer("000229-0005", reference_date=REFERENCE)
    assert parsed.birth_date == datetime.date(2000, 2, 29)


@given(
    data=st.data(),
    reference=st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)),
    serial=st.integers(0, 999),
    samordning=st.booleans(),
)
def test_every_written_form_of_any_valid_number_parses_back(
    data: st.DataObject, reference: datetime.date, serial: int, samordning: bool
) -> None:
    # '+' only says "100 or older", so 200-year-olds cannot be written in 10 digits.
    earliest = max(datetime.date(1900, 1, 1), datetime.date(reference.year - 199, 1, 1))
    birth = data.draw(st.dates(earliest, reference), label="birth")
    plus = age_at(birth, reference) >= 100

    for text in written_forms(birth, serial, samordning=samordning, plus=plus):
        parsed = parse_personnummer(text, reference_date=reference)
        assert parsed.birth_date == birth
        assert parsed.legal_sex is (LegalSex.MAN if serial % 2 else LegalSex.KVINNA)
        assert parsed.is_samordningsnummer is samordning


INVALID = [
    ("19121212-1213", "checksum", "kontrollsiffra"),
    ("19121312-1212", "date", "(månad 13)"),
    ("19120012-1212", "date", "(månad 0)"),
    ("19121232-1212", "date", "(dag 32)"),
    ("19120230-1212", "date", "(dag 30 i februari)"),
    ("19120431-1212", "date", "(dag 31 i april)"),
    ("19000229-1212", "date", "(29 februari ett år som inte är skottår)"),
    ("19701092-2391", "date", "(dag 92)"),
    ("19701060-2391", "date", "(dag 60)"),
    ("17991212-1212", "date", "(år 1799)"),
    ("1912121-21212", "characters", "fyra sista"),
    ("191212--1212", "characters", "fyra sista"),
    ("1912121212121", "length", "13 siffror"),
    ("9121212-1212", "length", "11 siffror"),
    ("1", "length", "1 siffra."),
    ("19121212-121X", "characters", "otillåtna tecken"),
    ("1912 1212 1212", "characters", "otillåtna tecken"),
    ("١٩١٢١٢١٢-١٢١٢", "characters", "otillåtna tecken"),  # Arabic-Indic digits
    ("", "empty", "saknas"),
    ("   ", "empty", "saknas"),
    ("20250616-0007", "future", "efter referensdatumet"),
]


@pytest.mark.parametrize(("text", "reason", "fragment"), INVALID)
def test_it_rejects_invalid_numbers_with_a_swedish_reason(
    text: str, reason: str, fragment: str
) -> None:
    with pytest.raises(PersonnummerError) as caught:
        parse_personnummer(text, reference_date=REFERENCE)

    assert caught.value.reason == reason
    message = str(caught.value)
    assert fragment in message
    assert "personnum" in message.lower()


@pytest.mark.parametrize(("text", "reason", "fragment"), INVALID)
def test_error_messages_never_contain_the_number(text: str, reason: str, fragment: str) -> None:
    with pytest.raises(PersonnummerError) as caught:
        parse_personnummer(text, reference_date=REFERENCE)

    assert re.search(r"[0-9]{6,}", str(caught.value)) is None
    assert re.search(r"[0-9]{6,}", repr(caught.value)) is None


def test_it_rejects_samordningsnummer_with_impossible_day() -> None:
    # Day 91 is 31 + 60, so only possible in months with 31 days.
    with pytest.raises(PersonnummerError, match=r"dag 31 i april") as caught:
        parse_personnummer("700491-2391", reference_date=REFERENCE)
    assert caught.value.reason == "date"


def test_errors_are_value_errors_that_survive_pickling() -> None:
    with pytest.raises(ValueError) as caught:
        parse_personnummer("19121212-1213", reference_date=REFERENCE)

    copy = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(copy, PersonnummerError)
    assert (copy.reason, str(copy)) == ("checksum", str(caught.value))


def test_repr_and_str_hide_the_number() -> None:
    parsed = parse_personnummer("19121212-1212", reference_date=REFERENCE)

    for shown in (repr(parsed), str(parsed), f"{parsed}", repr([parsed])):
        assert "191212**-****" in shown
        assert re.search(r"[0-9]{7,}|-1212", shown) is None


def test_personnummer_is_immutable() -> None:
    parsed = parse_personnummer("19121212-1212", reference_date=REFERENCE)
    with pytest.raises(AttributeError):
        parsed.normalized = "000000000000"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("19121212-1212", "191212**-****"),
        ("191212121212", "191212**-****"),
        (" 19121212+1212 ", "191212**-****"),
        ("121212-1212", "1212**-****"),
        ("1212121212", "1212**-****"),
        ("121212+1212", "1212**+****"),
        ("19121212-121X", "1912*********"),
        ("91212121212", "9121*******"),
        ("abc", "a**"),
        ("", ""),
    ],
)
def test_mask_keeps_at_most_year_and_month(text: str, masked: str) -> None:
    assert mask(text) == masked


@given(st.text(max_size=30))
def test_mask_never_reveals_a_whole_birth_date(text: str) -> None:
    masked = mask(text)
    assert re.search(r"[0-9]{7,}", masked) is None
    assert len(masked) in (len(text.strip()), 11, 13)


@pytest.mark.parametrize(
    ("birth", "reference", "age"),
    [
        (datetime.date(1990, 6, 15), datetime.date(2025, 6, 14), 34),
        (datetime.date(1990, 6, 15), datetime.date(2025, 6, 15), 35),
        (datetime.date(2000, 2, 29), datetime.date(2001, 2, 28), 0),
        (datetime.date(2000, 2, 29), datetime.date(2001, 3, 1), 1),
        (datetime.date(2000, 2, 29), datetime.date(2004, 2, 28), 3),
        (datetime.date(2000, 2, 29), datetime.date(2004, 2, 29), 4),
        (datetime.date(2025, 6, 15), datetime.date(2025, 6, 15), 0),
    ],
)
def test_age_counts_completed_years_and_leap_day_birthdays_on_1_march(
    birth: datetime.date, reference: datetime.date, age: int
) -> None:
    assert age_at(birth, reference) == age


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="before"):
        age_at(datetime.date(2025, 6, 15), datetime.date(2025, 6, 14))


def test_personnummer_age_uses_the_birth_date() -> None:
    parsed = Personnummer(
        normalized="200002290005",
        birth_date=datetime.date(2000, 2, 29),
        legal_sex=LegalSex.KVINNA,
        is_samordningsnummer=False,
    )
    assert parsed.age_at(datetime.date(2025, 2, 28)) == 24
    assert parsed.age_at(datetime.date(2025, 3, 1)) == 25


def test_gender_identity_options_share_codes_across_audiences() -> None:
    adults = default_gender_identity_options(Audience.ADULTS)
    children = default_gender_identity_options(Audience.CHILDREN)

    assert adults == (
        ("kvinna", "Kvinna"),
        ("man", "Man"),
        ("annat", "Annat"),
        ("vill_inte_svara", "Vill inte svara"),
    )
    assert [code for code, _ in children] == [code for code, _ in adults]
    assert dict(children)["kvinna"] == "Flicka"
    assert dict(children)["man"] == "Pojke"


def test_gender_identity_codes_for_women_and_men_match_legal_sex_values() -> None:
    codes = {code for code, _ in default_gender_identity_options(Audience.ADULTS)}
    assert {sex.value for sex in LegalSex} <= codes


@pytest.mark.parametrize(
    ("sex", "audience", "label"),
    [
        (LegalSex.KVINNA, Audience.ADULTS, "Kvinna"),
        (LegalSex.MAN, Audience.ADULTS, "Man"),
        (LegalSex.KVINNA, Audience.CHILDREN, "Flicka"),
        (LegalSex.MAN, Audience.CHILDREN, "Pojke"),
    ],
)
def test_legal_sex_labels_fit_the_audience(sex: LegalSex, audience: Audience, label: str) -> None:
    assert legal_sex_label(sex, audience) == label


def test_the_package_example_runs() -> None:
    result = doctest.testmod(isu.identity)
    assert result.attempted > 0
    assert result.failed == 0
