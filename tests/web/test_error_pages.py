"""Error pages are Swedish and reveal nothing about what exists or what went wrong."""

from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

from isu.web.accounts.models import Unit


def test_the_404_page_is_swedish_and_the_same_for_missing_and_hidden_units(login_as, personas):
    client = login_as(personas.registrar)
    missing = Unit.objects.order_by("-pk").first().pk + 1
    hidden = client.get(reverse("accounts:member_list", args=[personas.other_unit.pk]))
    absent = client.get(reverse("accounts:member_list", args=[missing]))
    assert hidden.status_code == absent.status_code == 404
    assert "Sidan finns inte" in hidden.text
    assert '<html lang="sv">' in hidden.text
    assert "Socialtjänst" not in hidden.text


def test_the_403_page_is_swedish(login_as, personas):
    response = login_as(personas.registrar).get(
        reverse("accounts:unit_list", args=[personas.organisation.pk])
    )
    assert response.status_code == 403
    assert "Ingen behörighet" in response.text
    assert "Testkommun" not in response.text


def test_the_500_page_is_swedish_and_needs_no_context(rf):
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_failed_csrf_check_gets_a_swedish_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.text
