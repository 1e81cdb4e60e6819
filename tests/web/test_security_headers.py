"""Security headers on every page, whatever its status."""

import pytest
from django.urls import reverse

from isu.web.accounts.models import Membership

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def assert_secure_headers(response):
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/", "/konto/logga-in/", "/finns-inte/", "/static/isu/isu.css"])
def test_anonymous_responses_carry_the_security_headers(client, db, path):
    response = client.get(path)
    response.close()  # static files are streamed from an open file
    assert_secure_headers(response)


def test_every_page_of_a_logged_in_administrator_carries_the_security_headers(login_as, personas):
    client = login_as(personas.admin)
    membership = Membership.objects.get(user=personas.registrar)
    for path in [
        reverse("start"),
        reverse("followups:list"),
        reverse("password_change"),
        reverse("accounts:unit_list", args=[personas.organisation.pk]),
        reverse("accounts:member_list", args=[personas.unit_a.pk]),
        reverse("accounts:member_add", args=[personas.unit_a.pk]),
        reverse("accounts:member_remove", args=[membership.pk]),
        reverse("audit:event_list", args=[personas.organisation.pk]),
        reverse("accounts:member_list", args=[personas.other_unit.pk]),  # 404
    ]:
        assert_secure_headers(client.get(path))


def test_forbidden_responses_carry_the_security_headers(login_as, personas):
    response = login_as(personas.registrar).get(
        reverse("accounts:unit_list", args=[personas.organisation.pk])
    )
    assert response.status_code == 403
    assert_secure_headers(response)


def test_no_page_has_inline_scripts_or_styles(login_as, personas):
    client = login_as(personas.admin)
    for path in [reverse("start"), reverse("accounts:member_list", args=[personas.unit_a.pk])]:
        html = client.get(path).text
        assert "<script>" not in html and "<style" not in html and " style=" not in html
        assert "http://" not in html and "https://" not in html  # nothing from other hosts
