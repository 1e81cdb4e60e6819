"""The start page answers «where are we, and what do I do now?»: each unit with its follow-ups
and the next steps the user's role allows, the actions of step 4 still to carry out, and the
regional comparisons shared with the user's municipality — nothing from units the user is not
a member of, and no analysis text for registrars. Also the navigation every page shares."""

import datetime

import pytest
from django.urls import reverse

from isu.web.accounts.models import Membership, Role
from isu.web.analyses.models import Analysis, Kind
from isu.web.followups.models import Area, FollowUp, Record
from isu.web.region.models import Comparison

from .conftest import make_user


def test_the_start_page_lists_the_users_units_and_role(login_as, personas):
    response = login_as(personas.admin).get(reverse("start"))
    assert "Barn och unga" in response.text
    assert "Vuxen" in response.text
    assert "Administratör" in response.text
    assert "Socialtjänst" not in response.text


def test_a_user_without_units_sees_a_clear_empty_state(login_as, db):
    response = login_as(make_user("ny.utan.roll")).get(reverse("start"))
    assert "Du har ingen verksamhet ännu" in response.text
    assert "<table" not in response.text


def test_the_page_has_landmarks_a_skip_link_and_the_product_name(login_as, personas):
    html = login_as(personas.registrar).get(reverse("start")).text
    assert '<html lang="sv">' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert "ISU – jämställd uppföljning" in html


def test_the_navigation_marks_the_current_page(login_as, personas):
    html = login_as(personas.registrar).get(reverse("start")).text
    assert f'<a href="{reverse("start")}" aria-current="page">Start</a>' in html
    assert f'<a href="{reverse("followups:list")}">Uppföljningar</a>' in html


def test_administration_is_in_the_navigation_only_for_administrators(login_as, personas):
    admin_link = reverse("accounts:administration")
    assert admin_link in login_as(personas.admin).get(reverse("start")).text
    assert admin_link not in login_as(personas.analyst).get(reverse("start")).text


def test_log_out_is_a_button_in_a_form(login_as, personas):
    html = login_as(personas.registrar).get(reverse("start")).text
    assert f'action="{reverse("logout")}"' in html
    assert "Logga ut</button>" in html


@pytest.fixture
def followup(personas):
    return FollowUp.objects.create(
        unit=personas.unit_a,
        title="Insatser 2026",
        question="Får flickor och pojkar samma insatser?",
        area=Area.CHILDREN,
    )


def action(analysis, user, text, **content):
    fields = {"text": text, "insats": "latt", "effekt": "stor", "beslutsniva": "verksamhet"}
    return analysis.add(Kind.ACTION, {**fields, "orsak": "Rutin saknas", **content}, user)


def start_page(client) -> str:
    response = client.get(reverse("start"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_registrar_is_offered_to_register_and_import_only(personas, followup, login_as):
    analysis = Analysis.start(followup, personas.analyst, {"titel": "Analys 2026"})
    action(analysis, personas.analyst, "Samtal med vårdnadshavare")
    page = start_page(login_as(personas.registrar))
    assert "Insatser 2026" in page
    assert reverse("followups:record_new", args=[followup.pk]) in page
    assert reverse("followups:import", args=[followup.pk]) in page
    assert reverse("followups:dashboard", args=[followup.pk]) not in page
    assert reverse("analyses:list", args=[followup.pk]) not in page
    assert "Samtal med vårdnadshavare" not in page  # analyses are for analysts


def test_an_analyst_is_offered_step_1_and_the_analyses_with_counts(
    personas, demo_followup, login_as
):
    Analysis.start(demo_followup, personas.analyst, {"titel": "Analys 2026"})
    records = Record.objects.filter(followup=demo_followup).count()
    page = start_page(login_as(personas.analyst))
    assert f"{records} registrerade poster, senast " in page
    assert "1 analys" in page
    assert reverse("followups:dashboard", args=[demo_followup.pk]) in page
    assert reverse("analyses:list", args=[demo_followup.pk]) in page
    assert reverse("followups:record_new", args=[demo_followup.pk]) not in page


def test_open_actions_are_listed_overdue_first_and_done_ones_left_out(personas, followup, login_as):
    analysis = Analysis.start(followup, personas.analyst, {"titel": "Analys 2026"})
    today = datetime.date.today()
    later = (today + datetime.timedelta(days=30)).isoformat()
    earlier = (today - datetime.timedelta(days=3)).isoformat()
    action(analysis, personas.analyst, "Senare åtgärd", klart=later, ansvarig="Enhetschefen")
    action(analysis, personas.analyst, "Åtgärd utan datum")
    action(analysis, personas.analyst, "Försenad åtgärd", klart=earlier, status="pagar")
    action(analysis, personas.analyst, "Klar åtgärd", status="klar")
    removed = action(analysis, personas.analyst, "Borttagen åtgärd")
    removed.deleted = True
    removed.save()
    page = start_page(login_as(personas.analyst))
    assert "Åtgärder att följa upp" in page
    positions = [page.index(t) for t in ("Försenad åtgärd", "Senare åtgärd", "Åtgärd utan datum")]
    assert positions == sorted(positions)
    assert page.count("(passerat)") == 1
    assert "Pågår" in page and "Enhetschefen" in page
    assert "Klar åtgärd" not in page and "Borttagen åtgärd" not in page
    step4 = reverse("analyses:step", args=[followup.pk, analysis.pk, 4])
    assert f'href="{step4}#' in page


def test_nothing_of_another_organisation_is_shown(personas, followup, login_as):
    analysis = Analysis.start(followup, personas.analyst, {"titel": "Analys 2026"})
    action(analysis, personas.analyst, "Samtal med vårdnadshavare")
    page = start_page(login_as(personas.outsider))
    assert "Insatser 2026" not in page
    assert "Samtal med vårdnadshavare" not in page
    assert "Åtgärder att följa upp" not in page


def test_a_unit_without_follow_ups_says_who_creates_one(personas, login_as):
    admin_page = start_page(login_as(personas.admin))
    assert "Verksamheten har ingen uppföljning ännu." in admin_page
    assert reverse("followups:create") in admin_page
    analyst_page = start_page(login_as(personas.analyst))
    assert "En administratör i verksamheten skapar den." in analyst_page
    assert reverse("followups:create") not in analyst_page


def test_comparisons_shared_with_the_municipality_are_listed(personas, region_personas, login_as):
    comparison = Comparison.objects.create(
        organisation=region_personas["organisation"], title="Regionen 2025"
    )
    comparison.shared_with.add(personas.organisation)
    assert "Regionen 2025" in start_page(login_as(personas.analyst))
    Membership.objects.filter(user=personas.analyst).update(role=Role.REGISTRAR)
    assert "Regionen 2025" not in start_page(login_as(personas.analyst))
