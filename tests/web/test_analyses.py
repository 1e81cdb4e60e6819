"""Analyses of a follow-up: who reaches them, the list, a new analysis and the four steps."""

import pytest
from django.urls import reverse

from isu.report.document import guidance
from isu.web.analyses.models import Analysis, Item, Kind
from isu.web.audit.models import AuditEvent
from isu.web.followups.models import Area, FollowUp


@pytest.fixture
def followup(personas):
    """A follow-up without records: the pages work before any data are in."""
    return FollowUp.objects.create(
        unit=personas.unit_a,
        title="Insatser 2026",
        question="Får flickor och pojkar samma insatser?",
        area=Area.CHILDREN,
    )


@pytest.fixture
def analysis(followup, personas):
    return Analysis.start(followup, personas.analyst, {"titel": "Analys 2026"})


def urls(analysis):
    f, a = analysis.followup_id, analysis.pk
    return [
        reverse("analyses:list", args=[f]),
        reverse("analyses:create", args=[f]),
        reverse("analyses:workspace", args=[f, a]),
        *[reverse("analyses:step", args=[f, a, n]) for n in (2, 3, 4)],
        reverse("analyses:report", args=[f, a]),
        reverse("analyses:item_add", args=[f, a, "reflektion"]),
        reverse("analyses:item_edit", args=[f, a, "rubrik"]),
        reverse("analyses:item_history", args=[f, a, "rubrik"]),
    ]


def test_analysts_and_administrators_reach_every_page(personas, login_as, analysis):
    for user in (personas.analyst, personas.admin):
        client = login_as(user)
        for url in urls(analysis):
            assert client.get(url).status_code == 200, url


def test_registrars_are_forbidden(personas, login_as, analysis):
    client = login_as(personas.registrar)
    for url in urls(analysis):
        assert client.get(url).status_code == 403, url
    delete = reverse("analyses:item_delete", args=[analysis.followup_id, analysis.pk, "rubrik"])
    assert client.post(delete).status_code == 403


def test_other_units_and_guessed_ids_are_not_found(personas, login_as, analysis):
    client = login_as(personas.outsider)
    for url in urls(analysis):
        assert client.get(url).status_code == 404, url
    analyst = login_as(personas.analyst)
    f, a = analysis.followup_id, analysis.pk
    assert analyst.get(reverse("analyses:workspace", args=[f, a + 999])).status_code == 404
    assert analyst.get(reverse("analyses:step", args=[f, a, 5])).status_code == 404
    assert analyst.get(reverse("analyses:item_edit", args=[f, a, "r99"])).status_code == 404
    assert analyst.get(reverse("analyses:item_add", args=[f, a, "rubrik"])).status_code == 404


def test_an_analysis_of_another_follow_up_is_not_found_through_this_one(
    personas, login_as, analysis
):
    other = FollowUp.objects.create(
        unit=personas.unit_a, title="Annan", question="?", area=Area.CHILDREN
    )
    url = reverse("analyses:workspace", args=[other.pk, analysis.pk])
    assert login_as(personas.analyst).get(url).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, analysis):
    response = client.get(reverse("analyses:workspace", args=[analysis.followup_id, analysis.pk]))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_a_new_analysis_starts_with_the_follow_ups_question(personas, login_as, followup):
    client = login_as(personas.analyst)
    page = client.get(reverse("analyses:create", args=[followup.pk])).content.decode()
    assert followup.question in page
    response = client.post(
        reverse("analyses:create", args=[followup.pk]),
        {"titel": "Analys 2026", "fragestallning": followup.question, "period": "2026"},
    )
    analysis = Analysis.objects.get(followup=followup)
    assert response["Location"] == reverse("analyses:workspace", args=[followup.pk, analysis.pk])
    header = analysis.single(Kind.HEADER)
    assert header.content == {
        "titel": "Analys 2026",
        "fragestallning": followup.question,
        "period": "2026",
    }
    assert header.versions.get().author == personas.analyst
    assert sorted(analysis.items.values_list("key", flat=True)) == ["genusbias", "myt", "rubrik"]
    event = AuditEvent.objects.get(object_type="analysis")
    assert event.user == personas.analyst and event.unit == personas.unit_a


def test_a_new_analysis_needs_a_title(personas, login_as, followup):
    response = login_as(personas.analyst).post(
        reverse("analyses:create", args=[followup.pk]), {"titel": ""}
    )
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert not Analysis.objects.exists()


def test_several_analyses_per_follow_up_are_listed(personas, login_as, followup):
    for year in (2025, 2026):
        Analysis.start(followup, personas.analyst, {"titel": f"Analys {year}"})
    page = login_as(personas.analyst).get(reverse("analyses:list", args=[followup.pk]))
    assert "Analys 2025" in page.content.decode() and "Analys 2026" in page.content.decode()


def test_each_step_shows_the_methods_guiding_questions(personas, login_as, analysis):
    client = login_as(personas.analyst)
    f, a = analysis.followup_id, analysis.pk
    pages = {
        1: client.get(reverse("analyses:workspace", args=[f, a])).content.decode(),
        **{
            n: client.get(reverse("analyses:step", args=[f, a, n])).content.decode()
            for n in (2, 3, 4)
        },
    }
    from html import unescape

    pages = {n: unescape(p) for n, p in pages.items()}
    assert guidance.STEP1.questions[0] in pages[1]
    for guide in guidance.STEP2.values():
        assert guide.heading in pages[2] and guide.questions[0] in pages[2]
    assert guidance.BIAS.questions[3] in pages[2] and guidance.MYTH.questions[1] in pages[2]
    assert guidance.STEP3.questions[0] in pages[3]
    assert guidance.STEP4.questions[0] in pages[4]
    assert 'aria-current="page"' in pages[3]


def test_the_follow_up_page_and_step_1_link_to_the_analyses(personas, login_as, demo_followup):
    client = login_as(personas.analyst)
    link = reverse("analyses:list", args=[demo_followup.pk])
    assert link in client.get(reverse("followups:detail", args=[demo_followup.pk])).content.decode()
    assert (
        link in client.get(reverse("followups:dashboard", args=[demo_followup.pk])).content.decode()
    )


def test_step_1_shows_data_quality_when_the_follow_up_has_records(
    personas, login_as, demo_followup
):
    analysis = Analysis.start(demo_followup, personas.analyst, {"titel": "Demo"})
    page = login_as(personas.analyst).get(
        reverse("analyses:workspace", args=[demo_followup.pk, analysis.pk])
    )
    assert page.status_code == 200
    assert "Datakvalitet" in page.content.decode()


def test_items_keep_unique_keys_per_analysis(personas, analysis):
    keys = {
        analysis.add(Kind.REFLECTION, {"kalla": "individ", "text": "x"}, None).key for _ in range(3)
    }
    assert keys == {"r1", "r2", "r3"}
    other = Analysis.start(analysis.followup, personas.analyst, {"titel": "Annan"})
    assert other.add(Kind.REFLECTION, {"kalla": "individ", "text": "x"}, None).key == "r1"
    assert Item.objects.filter(analysis=analysis, kind=Kind.REFLECTION).count() == 3
