"""Administrators manage their organisation's units and users; nobody else can."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from isu.web.accounts.models import Membership, Role, Unit
from isu.web.audit import Action
from isu.web.audit.models import AuditEvent


def admin_urls(personas):
    membership = Membership.objects.get(user=personas.registrar)
    return [
        reverse("accounts:unit_list", args=[personas.organisation.pk]),
        reverse("accounts:unit_create", args=[personas.organisation.pk]),
        reverse("accounts:member_list", args=[personas.unit_a.pk]),
        reverse("accounts:member_add", args=[personas.unit_a.pk]),
        reverse("accounts:member_remove", args=[membership.pk]),
        reverse("audit:event_list", args=[personas.organisation.pk]),
    ]


def test_administrators_reach_every_administration_page(login_as, personas):
    client = login_as(personas.admin)
    for url in admin_urls(personas):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["registrar", "analyst"])
def test_members_without_the_administrator_role_are_forbidden(login_as, personas, who):
    client = login_as(getattr(personas, who))
    for url in admin_urls(personas):
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("accounts:administration")).status_code == 403


def test_another_municipality_gets_not_found_for_every_administration_page(login_as, personas):
    client = login_as(personas.outsider)
    for url in admin_urls(personas):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_log_in(client, personas):
    for url in admin_urls(personas):
        assert client.get(url)["Location"].startswith(reverse("login")), url


def test_the_administration_entry_goes_straight_to_the_only_organisation(login_as, personas):
    response = login_as(personas.admin).get(reverse("accounts:administration"))
    assert response["Location"] == reverse("accounts:unit_list", args=[personas.organisation.pk])


def test_the_unit_list_shows_the_units_and_their_member_counts(login_as, personas):
    response = login_as(personas.admin).get(
        reverse("accounts:unit_list", args=[personas.organisation.pk])
    )
    assert "Barn och unga" in response.text
    assert "Vuxen" in response.text
    assert "Socialtjänst" not in response.text
    assert [u.member_count for u in response.context["units"]] == [3, 1]


def test_an_administrator_creates_a_unit_and_administers_it(login_as, personas):
    client = login_as(personas.admin)
    response = client.post(
        reverse("accounts:unit_create", args=[personas.organisation.pk]), {"name": "Familjehem"}
    )
    unit = Unit.objects.get(name="Familjehem")
    assert response["Location"] == reverse("accounts:member_list", args=[unit.pk])
    assert Membership.objects.get(unit=unit).role == Role.ADMINISTRATOR
    assert AuditEvent.objects.filter(action=Action.USER_CHANGE, unit=unit).exists()


def test_a_unit_name_must_be_unique_within_the_organisation(login_as, personas):
    response = login_as(personas.admin).post(
        reverse("accounts:unit_create", args=[personas.organisation.pk]), {"name": "vuxen"}
    )
    assert "Det finns redan en verksamhet med det namnet" in response.text
    assert 'aria-describedby="id_name_error"' in response.text


def test_adding_a_new_user_shows_a_generated_password_once(login_as, personas):
    client = login_as(personas.admin)
    response = client.post(
        reverse("accounts:member_add", args=[personas.unit_b.pk]),
        {"username": "ny.person", "first_name": "Ny", "last_name": "Person", "role": Role.ANALYST},
    )
    password = response.context["password"]
    assert password and password in response.text
    assert "visas bara den här gången" in response.text
    assert "no-store" in response["Cache-Control"]
    user = get_user_model().objects.get(username="ny.person")
    assert user.check_password(password)
    assert Membership.objects.get(user=user).role == Role.ANALYST
    event = AuditEvent.objects.get(action=Action.USER_CHANGE, object_type="membership")
    assert event.detail["user_created"] is True
    assert password not in str(event.detail)


def test_adding_an_existing_member_of_the_organisation_gives_a_role_without_a_password(
    login_as, personas
):
    response = login_as(personas.admin).post(
        reverse("accounts:member_add", args=[personas.unit_b.pk]),
        {"username": "rut.registrerare", "role": Role.REGISTRAR},
    )
    assert response.context["password"] is None
    assert Membership.objects.filter(user=personas.registrar, unit=personas.unit_b).exists()


def test_a_user_of_another_municipality_cannot_be_added(login_as, personas):
    response = login_as(personas.admin).post(
        reverse("accounts:member_add", args=[personas.unit_a.pk]),
        {"username": "olle.utomstaende", "role": Role.ADMINISTRATOR},
    )
    assert "Användarnamnet är upptaget" in response.text
    assert not Membership.objects.filter(user=personas.outsider, unit=personas.unit_a).exists()


def test_a_user_already_in_the_unit_cannot_be_added_twice(login_as, personas):
    response = login_as(personas.admin).post(
        reverse("accounts:member_add", args=[personas.unit_a.pk]),
        {"username": "anna.analytiker", "role": Role.REGISTRAR},
    )
    assert "redan en roll" in response.text


def test_an_administrator_changes_a_role(login_as, personas):
    membership = Membership.objects.get(user=personas.analyst)
    response = login_as(personas.admin).post(
        reverse("accounts:member_role", args=[membership.pk]), {"role": Role.REGISTRAR}
    )
    assert response["Location"] == reverse("accounts:member_list", args=[personas.unit_a.pk])
    membership.refresh_from_db()
    assert membership.role == Role.REGISTRAR
    event = AuditEvent.objects.get(action=Action.USER_CHANGE)
    assert event.detail == {
        "change": "role",
        "member": "anna.analytiker",
        "role": "registrerare",
        "previous_role": "analytiker",
    }
    assert event.organisation == personas.organisation
    assert (event.user, event.unit) == (personas.admin, personas.unit_a)


def test_an_administrator_removes_a_member_after_confirming(login_as, personas):
    membership = Membership.objects.get(user=personas.analyst)
    client = login_as(personas.admin)
    url = reverse("accounts:member_remove", args=[membership.pk])
    assert "förlorar rollen" in client.get(url).text
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert get_user_model().objects.filter(pk=personas.analyst.pk).exists()
    assert AuditEvent.objects.filter(detail__change="member_removed").count() == 1


def test_administrators_cannot_change_or_remove_their_own_membership(login_as, personas):
    own = Membership.objects.get(user=personas.admin, unit=personas.unit_a)
    client = login_as(personas.admin)
    role_url = reverse("accounts:member_role", args=[own.pk])
    assert client.post(role_url, {"role": Role.ANALYST}).status_code == 403
    remove_url = reverse("accounts:member_remove", args=[own.pk])
    assert client.post(remove_url).status_code == 403
    own.refresh_from_db()
    assert own.role == Role.ADMINISTRATOR


def test_the_member_list_labels_every_role_selector(login_as, personas):
    response = login_as(personas.admin).get(
        reverse("accounts:member_list", args=[personas.unit_a.pk])
    )
    for membership in Membership.objects.filter(unit=personas.unit_a).exclude(user=personas.admin):
        assert f'for="roll-{membership.pk}-role"' in response.text
        assert f'id="roll-{membership.pk}-role"' in response.text
