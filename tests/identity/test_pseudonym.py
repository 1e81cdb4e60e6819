"""Keyed pseudonyms and the key file; every test uses tmp_path, never the real home."""

import hashlib
import hmac
import os
import re
import stat
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from isu.identity import (
    PseudonymKeyError,
    default_key_path,
    load_or_create_key,
    pseudonym,
    pseudonym_for_client_id,
    pseudonymise_column,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
NUMBER = "191212121212"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every key location at tmp_path so no test can touch the real home directory."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("ISU_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("ISU_PSEUDONYM_KEY_FILE", raising=False)
    return home


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_same_key_gives_the_same_pseudonym() -> None:
    assert pseudonym(KEY, NUMBER) == pseudonym(bytes(KEY), NUMBER)


def test_another_key_gives_another_pseudonym() -> None:
    assert pseudonym(KEY, NUMBER) != pseudonym(OTHER_KEY, NUMBER)


def test_a_pseudonym_is_twenty_hex_characters() -> None:
    assert re.fullmatch(r"[0-9a-f]{20}", pseudonym(KEY, NUMBER))


def test_a_pseudonym_is_a_truncated_hmac_sha256() -> None:
    # Computed with the standard library, so the scheme cannot drift silently.
    expected = hmac.new(KEY, NUMBER.encode(), hashlib.sha256).hexdigest()[:20]
    assert pseudonym(KEY, NUMBER) == expected


@pytest.mark.parametrize("text", ["19121212-1212", "1212121212", " 191212121212", ""])
def test_it_refuses_numbers_that_are_not_normalised(text: str) -> None:
    with pytest.raises(ValueError, match="normalised"):
        pseudonym(KEY, text)


def test_it_refuses_a_short_key() -> None:
    with pytest.raises(ValueError, match="at least"):
        pseudonym(b"short", NUMBER)


def test_client_id_pseudonyms_differ_from_personnummer_pseudonyms() -> None:
    assert pseudonym_for_client_id(KEY, NUMBER) != pseudonym(KEY, NUMBER)
    assert re.fullmatch(r"[0-9a-f]{20}", pseudonym_for_client_id(KEY, "Ärende 2024/17"))


def test_client_id_pseudonyms_ignore_surrounding_whitespace() -> None:
    assert pseudonym_for_client_id(KEY, " A-17 ") == pseudonym_for_client_id(KEY, "A-17")


def test_an_empty_client_id_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        pseudonym_for_client_id(KEY, "  ")


@given(st.lists(st.one_of(st.none(), st.from_regex(r"[0-9]{12}", fullmatch=True)), max_size=30))
def test_a_column_gets_the_scalar_pseudonyms_and_keeps_missing_values(
    numbers: list[str | None],
) -> None:
    column = pd.Series(numbers, index=[f"r{i}" for i in range(len(numbers))], dtype="string")

    result = pseudonymise_column(KEY, column)

    assert result.index.equals(column.index)
    assert result.dtype == "string"
    expected = [None if n is None else pseudonym(KEY, n) for n in numbers]
    assert [None if pd.isna(p) else p for p in result] == expected


def test_a_column_gives_each_number_its_scalar_pseudonym_and_keeps_missing() -> None:
    column = pseudonymise_column(KEY, pd.Series([NUMBER, NUMBER, None, "198112189876", NUMBER]))

    assert list(column[[0, 1, 3, 4]]) == [
        pseudonym(KEY, n) for n in (NUMBER, NUMBER, "198112189876", NUMBER)
    ]
    assert column.isna().tolist() == [False, False, True, False, False]


def test_a_new_key_file_is_created_owner_only_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "pseudonym.key"

    first = load_or_create_key(path)
    second = load_or_create_key(path)

    assert len(first) == 32
    assert first == second
    assert mode_of(path) == 0o600
    assert mode_of(path.parent) & 0o077 == 0
    assert re.fullmatch(r"[0-9a-f]{64}\n", path.read_text())


def test_two_installations_get_different_keys(tmp_path: Path) -> None:
    assert load_or_create_key(tmp_path / "a.key") != load_or_create_key(tmp_path / "b.key")


def test_the_default_location_follows_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))

    key = load_or_create_key()

    assert default_key_path() == tmp_path / "config" / "isu" / "pseudonym.key"
    assert load_or_create_key(default_key_path()) == key


def test_without_xdg_config_home_the_key_lives_in_dot_config(isolated_environment: Path) -> None:
    load_or_create_key()

    assert default_key_path() == isolated_environment / ".config" / "isu" / "pseudonym.key"
    assert default_key_path().exists()


def test_the_key_file_environment_variable_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env.key"
    monkeypatch.setenv("ISU_PSEUDONYM_KEY_FILE", str(path))

    key = load_or_create_key()

    assert path.exists()
    assert load_or_create_key(path) == key
    assert not default_key_path().exists()


def test_an_explicit_path_wins_over_the_key_file_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISU_PSEUDONYM_KEY_FILE", str(tmp_path / "ignored.key"))

    load_or_create_key(tmp_path / "explicit.key")

    assert (tmp_path / "explicit.key").exists()
    assert not (tmp_path / "ignored.key").exists()


def test_the_key_environment_variable_wins_and_creates_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISU_PSEUDONYM_KEY", KEY.hex().upper() + "\n")

    assert load_or_create_key(tmp_path / "unused.key") == KEY
    assert not (tmp_path / "unused.key").exists()


@pytest.mark.parametrize("value", ["", "abc", KEY.hex()[:-1], KEY.hex() + "00", "g" * 64])
def test_a_malformed_key_environment_variable_is_refused(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ISU_PSEUDONYM_KEY", value)

    with pytest.raises(PseudonymKeyError, match=r"ISU_PSEUDONYM_KEY.*64 hexadecimala tecken"):
        load_or_create_key()


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644])
def test_a_key_file_readable_by_others_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "pseudonym.key"
    load_or_create_key(path)
    path.chmod(mode)

    with pytest.raises(PseudonymKeyError, match=r"bara vara läsbar för ägaren \(chmod 600\)"):
        load_or_create_key(path)


def test_a_corrupt_key_file_is_refused_rather_than_replaced(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(descriptor, b"not a key\n")
    os.close(descriptor)

    with pytest.raises(PseudonymKeyError, match="skadad"):
        load_or_create_key(path)
    assert path.read_text() == "not a key\n"


def test_a_key_file_written_by_an_administrator_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym.key"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o400)
    os.write(descriptor, f"  {KEY.hex()}  \n".encode())
    os.close(descriptor)

    assert load_or_create_key(path) == KEY
