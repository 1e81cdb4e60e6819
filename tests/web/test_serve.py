"""`isu serve`: migrate, the demo organisation, then the server."""

import pytest
from django.contrib.auth import get_user_model
from rich.console import Console

from isu.web import serve as serve_module
from isu.web.accounts.models import Membership, Organisation, Role, Unit
from isu.web.demo import create_demo_organisation


@pytest.fixture(autouse=True)
def _restore_environment(monkeypatch):
    """serve() sets environment variables for Django; undo them after each test."""
    monkeypatch.setenv("DJANGO_RUNSERVER_HIDE_WARNING", "true")


def test_the_demo_organisation_has_two_units_and_a_user_per_role(db):
    demo = create_demo_organisation()
    assert demo["organisation"].name == "Demo kommun"
    assert sorted(u.name for u in demo["units"].values()) == ["Barn och unga", "Vuxen"]
    roles = dict(
        Membership.objects.filter(unit=demo["units"]["barn"]).values_list("user__username", "role")
    )
    assert roles == {
        "registrerare": Role.REGISTRAR,
        "analytiker": Role.ANALYST,
        "admin": Role.ADMINISTRATOR,
    }
    for username, password in demo["passwords"].items():
        assert demo["users"][username].check_password(password)


def test_creating_the_demo_twice_changes_only_the_passwords(db):
    first = create_demo_organisation()
    second = create_demo_organisation()
    assert Organisation.objects.count() == 1
    assert Unit.objects.count() == 2
    assert get_user_model().objects.count() == 3
    assert Membership.objects.count() == 6
    assert first["passwords"]["admin"] != second["passwords"]["admin"]
    assert second["users"]["admin"].check_password(second["passwords"]["admin"])


def test_serve_migrates_prints_the_demo_passwords_and_runs_the_server(db, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(
        "django.core.management.call_command", lambda *a, **kw: calls.append((a, kw))
    )
    serve_module.serve(port=8123, demo=True)
    assert calls[0] == (("migrate",), {"interactive": False, "verbosity": 0})
    assert calls[1] == (("runserver", "127.0.0.1:8123"), {"use_reloader": False, "use_ipv6": False})
    out = capsys.readouterr().out
    assert "Öppna http://127.0.0.1:8123/ i webbläsaren" in out
    assert "Demokonton" in out
    assert "region" in out and "Demo region" in out
    admin = get_user_model().objects.get(username="admin")
    password = next(line for line in out.splitlines() if " admin " in line).split()[-2]
    assert admin.check_password(password)


def test_serve_without_demo_creates_no_users(db, monkeypatch, capsys):
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **kw: None)
    serve_module.serve()
    assert get_user_model().objects.count() == 0
    assert "Demokonton" not in capsys.readouterr().out


def test_the_credentials_box_names_role_user_and_password():
    console = Console(record=True, width=100)
    console.print(serve_module.credentials_panel({"admin": "abcd-efgh"}))
    text = console.export_text()
    assert "Administratör" in text and "admin" in text and "abcd-efgh" in text
    assert "visas bara nu" in text
