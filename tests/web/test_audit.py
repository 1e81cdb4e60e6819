"""The audit log: session events by signal, the helper, and the administrators' page."""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from isu.web import audit
from isu.web.audit import Action
from isu.web.audit.models import AuditEvent
from isu.web.redact import MASK

from .conftest import PASSWORD


def test_log_in_failed_log_in_and_log_out_are_recorded(client, personas):
    client.post(reverse("login"), {"username": "rut.registrerare", "password": "fel"})
    client.post(reverse("login"), {"username": "rut.registrerare", "password": PASSWORD})
    client.post(reverse("logout"))
    events = list(AuditEvent.objects.order_by("pk").values_list("action", "user", "username"))
    user = personas.registrar.pk
    assert events == [
        (Action.LOGIN_FAILED, user, "rut.registrerare"),
        (Action.LOGIN, user, "rut.registrerare"),
        (Action.LOGOUT, user, "rut.registrerare"),
    ]


def test_a_failed_log_in_with_an_unknown_name_keeps_no_name(client, db):
    client.post(reverse("login"), {"username": "kanske-ett-lösenord", "password": "x"})
    event = AuditEvent.objects.get()
    assert event.action == Action.LOGIN_FAILED
    assert event.user is None and event.username == ""
    assert event.detail == {"known_user": False}


def test_the_helper_fills_in_user_and_organisation(rf, personas):
    request = rf.get("/")
    request.user = personas.registrar
    event = audit.log(
        request,
        Action.EXPORT,
        unit=personas.unit_a,
        object_type="followup",
        object_id=7,
        detail={"format": "xlsx"},
    )
    assert (event.user, event.username) == (personas.registrar, "rut.registrerare")
    assert event.organisation == personas.organisation
    assert event.object_id == "7"


def test_the_helper_never_stores_a_personnummer(rf, personas):
    request = rf.get("/")
    request.user = personas.registrar
    event = audit.log(
        request,
        Action.RECORD_VIEW,
        detail={
            "sökt": "19121212-1212",
            "rader": ["201212121212", "ok"],
            "nested": {"pnr": "1212121212"},
        },
    )
    event.refresh_from_db()
    assert "1212" not in str(event.detail)
    assert event.detail["sökt"] == MASK


def events_page(client, personas, **params):
    url = reverse("audit:event_list", args=[personas.organisation.pk])
    return client.get(url, params)


def make_event(personas, user, action, at):
    return AuditEvent.objects.create(
        user=user,
        username=user.username,
        action=action,
        at=at,
        organisation=personas.organisation,
    )


def test_the_audit_page_lists_the_organisations_events_newest_first(login_as, personas):
    now = timezone.now()
    old = make_event(personas, personas.analyst, Action.EXPORT, now - timedelta(days=2))
    new = make_event(personas, personas.registrar, Action.IMPORT, now - timedelta(days=1))
    AuditEvent.objects.create(
        user=personas.outsider, action=Action.EXPORT, organisation=personas.other_organisation
    )
    client = login_as(personas.admin)
    listed = list(events_page(client, personas).context["page"].object_list)
    assert listed.index(new) < listed.index(old)
    assert all(e.user != personas.outsider for e in listed)


def test_session_events_of_members_are_visible_but_not_those_of_outsiders(login_as, personas):
    login_as(personas.registrar)
    login_as(personas.outsider)
    listed = events_page(login_as(personas.admin), personas).context["page"].object_list
    users = {e.user for e in listed if e.action == Action.LOGIN}
    assert personas.registrar in users
    assert personas.outsider not in users


def test_the_audit_page_filters_by_action(login_as, personas):
    now = timezone.now()
    make_event(personas, personas.analyst, Action.EXPORT, now)
    make_event(personas, personas.analyst, Action.IMPORT, now)
    page = events_page(login_as(personas.admin), personas, action="export").context["page"]
    assert {e.action for e in page.object_list} == {Action.EXPORT}


def test_the_audit_page_filters_by_user(login_as, personas):
    now = timezone.now()
    make_event(personas, personas.analyst, Action.EXPORT, now)
    make_event(personas, personas.registrar, Action.EXPORT, now)
    client = login_as(personas.admin)
    page = events_page(client, personas, user=personas.analyst.pk).context["page"]
    assert {e.user for e in page.object_list} == {personas.analyst}


def test_the_audit_page_filters_by_date_range(login_as, personas):
    tz = timezone.get_current_timezone()
    for day in (1, 5, 9):
        make_event(personas, personas.analyst, Action.EXPORT, datetime(2025, 3, day, 12, tzinfo=tz))
    client = login_as(personas.admin)
    page = events_page(
        client, personas, action="export", date_from="2025-03-02", date_to="2025-03-09"
    ).context["page"]
    assert sorted(e.at.day for e in page.object_list) == [5, 9]


def test_an_invalid_filter_shows_an_error_instead_of_failing(login_as, personas):
    response = events_page(login_as(personas.admin), personas, date_from="igår")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.text


def test_the_audit_page_is_paginated_and_keeps_the_filter(login_as, personas):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user=personas.analyst,
            username="anna.analytiker",
            action=Action.EXPORT,
            organisation=personas.organisation,
        )
        for _ in range(60)
    )
    client = login_as(personas.admin)
    first = events_page(client, personas, action="export")
    assert len(first.context["page"].object_list) == 50
    assert "action=export&amp;sida=2" in first.text
    second = events_page(client, personas, action="export", sida=2)
    assert len(second.context["page"].object_list) == 10


def test_only_administrators_see_the_audit_page(login_as, personas):
    assert events_page(login_as(personas.analyst), personas).status_code == 403
    assert events_page(login_as(personas.outsider), personas).status_code == 404
