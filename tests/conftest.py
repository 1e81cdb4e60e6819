"""Shared fixtures: a small codebook, a pseudonym key, and valid synthetic personnummer."""

import datetime
import os

import pytest
from hypothesis import settings

from isu.codebook import Category, Codebook, Role, Variable, VariableType, validate_codebook

# CI runs the same examples every time, so a red build always reproduces; locally hypothesis
# keeps exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

T = VariableType


def luhn_digit(nine_digits: str) -> int:
    total = 0
    for i, ch in enumerate(nine_digits):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def make_personnummer(born: datetime.date, serial: int = 123, *, samordning: bool = False) -> str:
    """A valid 12-digit personnummer 'YYYYMMDD-NNNC'; odd serial = man, even = woman."""
    day = born.day + (60 if samordning else 0)
    body = f"{born:%y%m}{day:02d}{serial:03d}"
    return f"{born:%Y%m}{day:02d}-{serial:03d}{luhn_digit(body)}"


@pytest.fixture
def pnr():
    return make_personnummer


@pytest.fixture(autouse=True)
def _no_real_key_file(tmp_path, monkeypatch):
    """Never create a key in the developer's home directory."""
    monkeypatch.setenv("ISU_PSEUDONYM_KEY_FILE", str(tmp_path / "keys" / "pseudonym.key"))
    monkeypatch.delenv("ISU_PSEUDONYM_KEY", raising=False)


@pytest.fixture
def key():
    return bytes(range(32))


@pytest.fixture
def small_codebook():
    occasions = (Category("beslut", "Beslut"), Category("uppf", "Uppföljning"))
    return validate_codebook(
        Codebook(
            id="liten",
            title="Liten kodbok",
            version="1",
            age_reference="datum",
            variables=(
                Variable("personnummer", "Personnummer", T.PERSONNUMMER, Role.IDENTITY),
                Variable("klientnummer", "Klientnummer", T.TEXT, Role.IDENTITY),
                Variable(
                    "tillfalle",
                    "Tillfälle",
                    T.SELECT_ONE,
                    Role.ADMINISTRATIVE,
                    categories=occasions,
                    required=True,
                ),
                Variable("datum", "Datum", T.DATE, Role.ADMINISTRATIVE, required=True),
                Variable(
                    "juridiskt_kon",
                    "Juridiskt kön",
                    T.SELECT_ONE,
                    Role.BACKGROUND,
                    categories=(Category("kvinna", "Flicka"), Category("man", "Pojke")),
                ),
                Variable("alder", "Ålder", T.INTEGER, Role.BACKGROUND),
                Variable(
                    "risk",
                    "Hur bedöms risken att barnet far illa?",
                    T.SELECT_ONE,
                    Role.NEED_CRITERION,
                    categories=(
                        Category("lag", "Låg risk"),
                        Category("forhojd", "Förhöjd risk"),
                        Category("hog", "Hög risk"),
                    ),
                    required=True,
                    occasions=("beslut",),
                ),
                Variable(
                    "utsatthet",
                    "Utsatthet",
                    T.SELECT_MULTIPLE,
                    Role.NEED_CRITERION,
                    categories=(
                        Category("vald_mot_barn", "Våld mot barn"),
                        Category("missbruk", "Missbruk"),
                    ),
                ),
                Variable(
                    "beslut_insats",
                    "Beviljades insats?",
                    T.YES_NO,
                    Role.INTERVENTION,
                    required=True,
                    occasions=("beslut",),
                ),
                Variable(
                    "timmar",
                    "Timmar per månad",
                    T.DECIMAL,
                    Role.INTERVENTION,
                    relevant="${beslut_insats} = 'ja'",
                ),
            ),
        )
    )


def csv_bytes(rows, *, sep=";", encoding="utf-8"):
    return "\n".join(sep.join(map(str, row)) for row in rows).encode(encoding)
