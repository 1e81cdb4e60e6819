"""Settings from the environment, the secret key file, and `check --deploy` for production."""

import os
import stat
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from isu.web import settings as isu_settings
from isu.web.env import env_bool, env_list, load_or_create_secret_key


def run_in_fresh_process(code_or_args, tmp_path, **env):
    """Run Python outside pytest, so the settings read the environment as in production."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("ISU_", "PYTEST"))}
    environment.pop("DATABASE_URL", None)
    environment.update({"ISU_DATA_DIR": str(tmp_path / "data"), **env})
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(
        [sys.executable, *args], env=environment, capture_output=True, text=True, cwd=tmp_path
    )


def test_env_bool_reads_yes_and_no_and_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("ISU_X", "ja")
    with pytest.raises(ImproperlyConfigured):
        env_bool("ISU_X")
    for value, expected in [("1", True), ("TRUE", True), ("0", False), ("off", False)]:
        monkeypatch.setenv("ISU_X", value)
        assert env_bool("ISU_X") is expected
    monkeypatch.delenv("ISU_X")
    assert env_bool("ISU_X", default=True) is True


def test_env_list_splits_on_commas_and_falls_back_when_empty(monkeypatch):
    monkeypatch.setenv("ISU_X", " a.se, b.se ,,")
    assert env_list("ISU_X", ["x"]) == ["a.se", "b.se"]
    monkeypatch.setenv("ISU_X", "")
    assert env_list("ISU_X", ["x"]) == ["x"]


def test_the_secret_key_is_generated_once_and_readable_only_by_the_owner(tmp_path):
    path = tmp_path / "data" / "secret_key"
    first = load_or_create_secret_key(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret_key(path) == first
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]


def test_passwords_are_hashed_with_argon2_first():
    assert isu_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_the_application_speaks_swedish():
    assert isu_settings.LANGUAGE_CODE == "sv"


def test_the_default_installation_uses_sqlite_in_the_data_directory(tmp_path):
    result = run_in_fresh_process(
        "from isu.web import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], s.DEBUG, s.PRODUCTION)",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        str(data / "isu.sqlite3"),
        "False",
        "False",
    ]
    assert (data / "secret_key").exists()


def test_database_url_selects_postgresql(tmp_path):
    result = run_in_fresh_process(
        "from isu.web import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], d['HOST'])",
        tmp_path,
        DATABASE_URL="postgres://isu@db.example.se:5432/isu",
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "isu", "db.example.se"]


def test_check_deploy_passes_in_production(tmp_path):
    result = run_in_fresh_process(
        ["-m", "isu.web", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        ISU_PRODUCTION="1",
        ISU_ALLOWED_HOSTS="isu.kommun.example.se",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_production(tmp_path):
    result = run_in_fresh_process(
        ["-m", "isu.web", "check", "--deploy", "--fail-level", "WARNING"], tmp_path
    )
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr


def test_the_tests_run_on_the_database_named_by_isu_test_database_url(db):
    from django.db import connection

    expected = "postgresql" if os.environ.get("ISU_TEST_DATABASE_URL") else "sqlite"
    assert connection.vendor == expected
