"""The access helpers: 404 without membership (guessed ids included), 403 for a weak role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from isu.web.accounts.access import (
    administered_organisations,
    managed_membership_for,
    managed_unit_for,
    organisation_for,
    role_required,
    unit_for,
)
from isu.web.accounts.models import Membership, Role, Unit

ANY = tuple(Role)


def request_by(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_member_gets_the_unit(personas):
    unit = unit_for(request_by(personas.registrar), personas.unit_a.pk, roles=ANY)
    assert unit == personas.unit_a


def test_a_unit_without_membership_is_not_found(personas):
    with pytest.raises(Http404):
        unit_for(request_by(personas.registrar), personas.unit_b.pk, roles=ANY)


def test_a_unit_of_another_municipality_is_not_found(personas):
    with pytest.raises(Http404):
        unit_for(request_by(personas.outsider), personas.unit_a.pk, roles=ANY)


def test_a_guessed_unit_id_is_not_found_just_like_a_real_one(personas):
    missing = Unit.objects.order_by("-pk").first().pk + 1
    for unit_id in (missing, personas.unit_b.pk, personas.other_unit.pk):
        with pytest.raises(Http404):
            unit_for(request_by(personas.registrar), unit_id, roles=ANY)


def test_an_insufficient_role_is_forbidden_not_hidden(personas):
    with pytest.raises(PermissionDenied):
        unit_for(request_by(personas.analyst), personas.unit_a.pk, roles=[Role.REGISTRAR])


def test_role_required_passes_the_unit_to_the_view(personas):
    @role_required(Role.REGISTRAR)
    def view(request, unit):
        return HttpResponse(unit.name)

    response = view(request_by(personas.registrar), unit_id=personas.unit_a.pk)
    assert response.content.decode() == "Barn och unga"


def test_role_required_forbids_other_roles_and_hides_other_units(personas):
    @role_required(Role.REGISTRAR, Role.ADMINISTRATOR)
    def view(request, unit):
        return HttpResponse("ok")

    with pytest.raises(PermissionDenied):
        view(request_by(personas.analyst), unit_id=personas.unit_a.pk)
    with pytest.raises(Http404):
        view(request_by(personas.outsider), unit_id=personas.unit_a.pk)


def test_role_required_without_roles_accepts_any_member(personas):
    @role_required()
    def view(request, unit):
        return HttpResponse("ok")

    assert view(request_by(personas.analyst), unit_id=personas.unit_a.pk).status_code == 200


def test_role_required_sends_anonymous_visitors_to_log_in(personas):
    @role_required(Role.REGISTRAR)
    def view(request, unit):
        return HttpResponse("ok")

    response = view(request_by(AnonymousUser()), unit_id=personas.unit_a.pk)
    assert response.status_code == 302


def test_an_administrator_administers_the_organisation(personas):
    assert organisation_for(request_by(personas.admin), personas.organisation.pk)
    assert administered_organisations(personas.admin) == [personas.organisation]


def test_a_registrar_may_not_administer_the_organisation(personas):
    with pytest.raises(PermissionDenied):
        organisation_for(request_by(personas.registrar), personas.organisation.pk)
    assert administered_organisations(personas.registrar) == []


def test_another_municipality_cannot_even_see_the_organisation(personas):
    with pytest.raises(Http404):
        organisation_for(request_by(personas.outsider), personas.organisation.pk)
    with pytest.raises(Http404):
        managed_unit_for(request_by(personas.outsider), personas.unit_a.pk)
    membership = Membership.objects.get(user=personas.registrar)
    with pytest.raises(Http404):
        managed_membership_for(request_by(personas.outsider), membership.pk)


def test_an_administrator_of_one_unit_manages_every_unit_of_the_organisation(personas):
    Membership.objects.filter(user=personas.admin, unit=personas.unit_b).delete()
    assert managed_unit_for(request_by(personas.admin), personas.unit_b.pk) == personas.unit_b


def test_anonymous_users_administer_nothing(personas):
    assert administered_organisations(AnonymousUser()) == []


def test_anonymous_users_get_not_found_from_views_that_forgot_login_required(personas):
    with pytest.raises(Http404):
        unit_for(request_by(AnonymousUser()), personas.unit_a.pk, roles=ANY)
    with pytest.raises(Http404):
        organisation_for(request_by(AnonymousUser()), personas.organisation.pk)
