"""Django's admin is for superusers; staff status alone opens nothing."""

from django.urls import reverse

from .conftest import make_user


def test_a_superuser_reaches_the_django_admin(login_as, db):
    superuser = make_user("root.user", is_staff=True, is_superuser=True)
    assert login_as(superuser).get(reverse("admin:index")).status_code == 200


def test_staff_without_superuser_status_are_refused(login_as, db):
    staff = make_user("staff.user", is_staff=True)
    client = login_as(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(reverse("admin:accounts_organisation_changelist")).status_code == 302


def test_administrators_of_an_organisation_are_refused(login_as, personas):
    response = login_as(personas.admin).get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_admin_log_in_obeys_the_lock_out(client, db):
    make_user("root.user", is_staff=True, is_superuser=True)
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "root.user", "password": "fel"})
    response = client.post(
        reverse("admin:login"), {"username": "root.user", "password": "ett-långt-testlösenord"}
    )
    assert "För många misslyckade inloggningar" in response.text
